//! Browsing and searching like a serious archive: agreement, party, person and country pages,
//! the faceted search with its JSON and Atom twins, the API, CSV, feed and timeline.

use std::path::Path;

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use chrono::{Datelike, Months, NaiveDate};
use http_body_util::BodyExt;
use tower::ServiceExt;

use crate::helpers::{select_html, select_texts, Client, TestApp};

/// Status, headers and body of a GET, for checks on content types.
async fn fetch(app: &TestApp, uri: &str) -> (StatusCode, HeaderMap, String) {
    let (status, headers, bytes) = fetch_with(app, uri, &[]).await;
    (
        status,
        headers,
        String::from_utf8_lossy(&bytes).into_owned(),
    )
}

fn attrs(html: &str, selector: &str, attr: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse(selector).expect("valid selector");
    doc.select(&sel)
        .filter_map(|e| e.value().attr(attr).map(String::from))
        .collect()
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

/// The slugs of a search's results, from its JSON twin.
async fn result_slugs(app: &TestApp, query: &str) -> Vec<String> {
    let (status, body) = app.get(&format!("/search.json?{query}")).await;
    assert_eq!(status, StatusCode::OK, "{query}");
    json(&body)["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| r["slug"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// Agreements a page of the agreements list (and of each expiring list) shows.
const PER_PAGE: usize = 25;

const THE_2022_MOU: &str = "govtech-gds-mou-2022";
const THE_2019_MOU: &str = "gds-govtech-mou-2019";
const THE_KOREA_MOU: &str = "cabinet-office-mois-mou";

#[tokio::test]
async fn the_agreements_list_shows_parties_with_countries_honest_dates_kinds_and_source_counts() {
    let app = TestApp::seeded().await;
    let (status, html) = app.get("/agreements").await;
    assert_eq!(status, StatusCode::OK);
    let titles = attrs(&html, "ol.agreements h3 a", "href");
    assert_eq!(
        titles,
        vec![
            format!("/agreements/{THE_2022_MOU}"),
            format!("/agreements/{THE_2019_MOU}"),
            format!("/agreements/{THE_KOREA_MOU}"),
        ],
        "newest first, undated last"
    );
    let meta = select_texts(&html, "ol.agreements .meta");
    assert!(meta[0].contains("signed 4 July 2022"), "{meta:?}");
    assert!(meta[1].contains("signed June 2019"), "{meta:?}");
    assert!(
        meta[1].contains(" sources ·"),
        "reported by several articles: {meta:?}"
    );
    assert!(meta[2].contains("· date not stated ·"), "{meta:?}");
    assert!(meta
        .iter()
        .all(|m| m.contains("Memorandum of Understanding")));
    let parties = select_texts(&html, "ol.agreements .parties");
    assert!(
        parties[0].contains("Government Technology Agency (Singapore)"),
        "{parties:?}"
    );
    assert!(parties[2].contains("(South Korea)"), "{parties:?}");
    // Every filter has a label.
    for id in attrs(&html, "form.filters select", "id") {
        assert_eq!(
            select_texts(&html, &format!("label[for={id}]")).len(),
            1,
            "{id}"
        );
    }
}

#[tokio::test]
async fn the_agreements_list_filters_by_country_party_year_kind_and_topic_and_sorts_by_title() {
    let app = TestApp::seeded().await;
    let hrefs = |html: &str| attrs(html, "ol.agreements h3 a", "href");
    let (_, html) = app.get("/agreements?country=KR").await;
    assert_eq!(hrefs(&html), vec![format!("/agreements/{THE_KOREA_MOU}")]);
    let (_, html) = app.get("/agreements?year=2019").await;
    assert_eq!(hrefs(&html), vec![format!("/agreements/{THE_2019_MOU}")]);
    let (_, html) = app
        .get("/agreements?party=government-digital-service-gb&topic=data+security")
        .await;
    assert_eq!(hrefs(&html), vec![format!("/agreements/{THE_2022_MOU}")]);
    let (_, html) = app
        .get("/agreements?kind=Memorandum+of+Understanding&sort=oldest")
        .await;
    assert_eq!(hrefs(&html)[0], format!("/agreements/{THE_2019_MOU}"));
    let (_, html) = app.get("/agreements?sort=title").await;
    let titles = select_texts(&html, "ol.agreements h3 a");
    let mut sorted = titles.clone();
    sorted.sort_by_key(|t| t.to_lowercase());
    assert_eq!(titles, sorted);
    for odd in [
        "/agreements?year=abc&sort=%FF",
        "/agreements?country=&party=%00",
        "/agreements?topic=nothing",
    ] {
        let (status, html) = app.get(odd).await;
        assert_eq!(status, StatusCode::OK, "{odd}");
        assert!(!select_texts(&html, "[role=status]").is_empty());
    }
}

#[tokio::test]
async fn an_agreement_page_shows_every_fact_honestly_with_the_sentence_it_came_from() {
    let app = TestApp::seeded().await;
    let (status, html) = app.get(&format!("/agreements/{THE_2022_MOU}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        select_texts(&html, "h1"),
        vec!["Memorandum of Understanding between Government Technology Agency and Government Digital Service"]
    );
    assert!(select_texts(&html, "title")[0].starts_with("Memorandum of Understanding between"));
    let facts: Vec<String> = select_texts(&html, "dl.facts dd");
    let labels: Vec<String> = select_texts(&html, "dl.facts dt");
    let fact = |label: &str| {
        facts[labels
            .iter()
            .position(|l| l == label)
            .unwrap_or_else(|| panic!("no {label} in {labels:?}"))]
        .clone()
    };
    assert!(fact("Parties").contains("Government Digital Service, United Kingdom"));
    // The body a role names is shown beside it, not repeated in it.
    assert!(fact("Signed by").contains("Chief Executive, for Government Technology Agency"));
    assert_eq!(fact("Date signed"), "4 July 2022");
    assert_eq!(fact("Place signed"), "10 Whitechapel High Street, London");
    assert_eq!(fact("Duration"), "three years");
    assert_eq!(fact("Expires"), "4 July 2025");
    assert!(fact("Status").starts_with("Expired"), "{}", fact("Status"));
    assert!(fact("Renews").contains("Government Digital Service and Government Technology Agency"));
    assert!(attrs(&html, "dl.facts a", "href").contains(&format!("/agreements/{THE_2019_MOU}")));
    assert!(attrs(&html, "dl.facts a", "href").contains(&"/people/kok-ping-soon".to_string()));
    assert!(attrs(&html, "dl.facts a", "href").contains(&"/countries/SG".to_string()));

    // Provenance: the sentence for the date, linking into the article.
    let sections = select_html(&html, "section.fact-source");
    let date = sections
        .iter()
        .find(|s| s.contains("Date signed: 4 July 2022"))
        .expect("the date's provenance");
    assert!(date.contains("The signing of the MoU took place on 4 July 2022"));
    let href = attrs(date, "a", "href")[0].clone();
    assert!(
        href.starts_with("/articles/mou-signing-between-govtech"),
        "{href}"
    );
    assert!(href.ends_with("#fact"), "{href}");

    let (status, article) = app.get(&href).await;
    assert_eq!(status, StatusCode::OK);
    let marked = select_texts(&article, "mark#fact");
    assert_eq!(marked.len(), 1, "one sentence marked");
    assert!(marked[0].starts_with("The signing of the MoU took place on 4 July 2022"));
}

#[tokio::test]
async fn an_end_one_report_states_is_the_merged_agreements_expiry_with_its_sentence() {
    let seeds = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        seeds.path().join("release.txt"),
        "Jordan and Pakistan sign MoU on digital government\n\n\
         AMMAN, 12 February 2024 -- Jordan's Ministry of Digital Economy and Entrepreneurship \
         (MoDEE) and Pakistan's Ministry of Information Technology and Telecommunication (MoITT) \
         today signed a memorandum of understanding on e-government services.\n\n\
         The memorandum is valid until 31 December 2026.\n",
    )
    .expect("write release");
    std::fs::write(
        seeds.path().join("report.txt"),
        "Pakistan, Jordan ink digital cooperation memorandum\n\n\
         ISLAMABAD, 13 February 2024 -- Pakistan's Ministry of Information Technology and \
         Telecommunication and Jordan's Ministry of Digital Economy and Entrepreneurship signed \
         a memorandum of understanding in Amman on 12 February 2024.\n",
    )
    .expect("write report");
    let app = TestApp::with_seeds(seeds.path()).await;
    let added = &app.report.changes.added;
    assert_eq!(added.len(), 1, "two reports of one agreement: {added:?}");
    let (status, html) = app.get(&format!("/agreements/{}", added[0].slug)).await;
    assert_eq!(status, StatusCode::OK);
    let facts: Vec<String> = select_texts(&html, "dl.facts dd");
    let labels: Vec<String> = select_texts(&html, "dl.facts dt");
    let expires = labels
        .iter()
        .position(|l| l == "Expires")
        .expect("an Expires fact");
    assert_eq!(facts[expires], "31 December 2026");
    let sections = select_html(&html, "section.fact-source");
    assert!(
        sections
            .iter()
            .any(|s| s.contains("Expiry: 31 December 2026")
                && s.contains("The memorandum is valid until 31 December 2026.")),
        "{sections:?}"
    );
}

#[tokio::test]
async fn an_undated_agreement_says_so_and_its_status_is_unknown() {
    let app = TestApp::seeded().await;
    let (_, html) = app.get(&format!("/agreements/{THE_KOREA_MOU}")).await;
    let facts = select_texts(&html, "dl.facts dd").join("\n");
    assert!(facts.contains("date not stated"), "{facts}");
    assert!(facts.contains("place not stated"), "{facts}");
    assert!(
        facts.contains("Unknown: the sources state no expiry."),
        "{facts}"
    );
    let (_, html) = app.get(&format!("/agreements/{THE_2019_MOU}")).await;
    let facts = select_texts(&html, "dl.facts dd").join("\n");
    assert!(
        facts.contains("June 2019 (the sources give the month, not the day)"),
        "{facts}"
    );
    assert!(select_texts(&html, "dl.facts")
        .join("")
        .contains("Renewed by"));
    let (status, _) = app.get("/agreements/no-such-agreement").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn party_person_and_country_pages_hold_everything_in_date_order() {
    let app = TestApp::seeded().await;
    let (status, html) = app.get("/parties/government-digital-service-gb").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        select_texts(&html, "h1"),
        vec!["Government Digital Service"]
    );
    assert_eq!(
        attrs(&html, "ol.agreements h3 a", "href"),
        vec![
            format!("/agreements/{THE_2019_MOU}"),
            format!("/agreements/{THE_2022_MOU}")
        ],
        "oldest first"
    );
    assert!(select_texts(&html, "dl.facts dd").join(" ").contains("GDS"));

    let (status, html) = app.get("/people/kok-ping-soon").await;
    assert_eq!(status, StatusCode::OK);
    let rows = select_texts(&html, "table.data tbody tr");
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(rows[0].starts_with("June 2019"), "{rows:?}");
    assert!(rows[0].contains("chief executive"), "{rows:?}");
    assert!(rows[0].contains("Government Technology Agency"), "{rows:?}");
    assert!(rows[1].starts_with("4 July 2022"), "{rows:?}");

    let (status, html) = app.get("/countries/SG").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(select_texts(&html, "h1"), vec!["Singapore"]);
    assert_eq!(attrs(&html, "ol.agreements h3 a", "href").len(), 2);
    let (status, _) = app.get("/countries/kr").await;
    assert_eq!(status, StatusCode::OK, "codes in either case");

    for missing in ["/parties/nobody", "/people/nobody", "/countries/ZZ"] {
        let (status, html) = app.get(missing).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{missing}");
        assert_eq!(select_texts(&html, "h1"), vec!["Page not found"]);
    }
    for list in ["/parties", "/people", "/countries"] {
        let (status, html) = app.get(list).await;
        assert_eq!(status, StatusCode::OK, "{list}");
        assert!(select_texts(&html, "ul.results li").len() >= 3, "{list}");
    }
}

/// Writes a press release reporting a two-year agreement signed `months_ago` months ago.
fn write_release(dir: &Path, name: &str, months_ago: u32, today: NaiveDate) {
    let signed = today
        .checked_sub_months(Months::new(months_ago))
        .expect("a date");
    let months = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let day = format!(
        "{} {} {}",
        signed.day(),
        months[signed.month0() as usize],
        signed.year()
    );
    let text = format!(
        "Estonia and Finland sign digital identity MoU\n\n\
         The Information System Authority of Estonia (RIA) and the Digital and Population Data \
         Services Agency (DVV) signed a Memorandum of Understanding (MoU) on {day} in Tallinn.\n\n\
         The MoU will remain in effect for two years and covers cross-border digital identity.\n"
    );
    std::fs::write(dir.join(name), text).expect("write seed");
}

#[tokio::test]
async fn the_expiring_page_lists_agreements_ending_within_a_year_or_just_ended() {
    let tmp = tempfile::tempdir().unwrap();
    let seeds = tmp.path().join("seeds");
    std::fs::create_dir_all(&seeds).unwrap();
    let today = chrono::Utc::now().date_naive();
    write_release(&seeds, "soon.txt", 20, today); // expires in about four months
    let app = TestApp::with_seeds(&seeds).await;
    let (status, html) = app.get("/agreements/expiring").await;
    assert_eq!(status, StatusCode::OK);
    let lists = select_html(&html, "ol.agreements");
    assert_eq!(lists.len(), 1, "{html}");
    let items = select_texts(&html, "ol.agreements li");
    assert_eq!(items.len(), 1);
    assert!(items[0].contains("In effect"), "{items:?}");

    std::fs::write(seeds.join("soon.txt"), "").unwrap();
    write_release(&seeds, "soon.txt", 25, today); // ended about a month ago
    let app = TestApp::with_seeds(&seeds).await;
    let (_, html) = app.get("/agreements/expiring").await;
    let items = select_texts(&html, "ol.agreements li");
    assert_eq!(items.len(), 1, "{html}");
    assert!(items[0].contains("Expired"), "{items:?}");

    let seeded = TestApp::seeded().await;
    let (_, html) = seeded.get("/agreements/expiring").await;
    assert!(
        select_texts(&html, "ol.agreements li").is_empty(),
        "the seeds' agreements expired in 2025"
    );
}

/// The agencies the made-up signings below pair GovTech with: ten abroad, one in Singapore.
const SIGNING_PARTNERS: [&str; 11] = [
    "the Government Digital Service",
    "the Digital Transformation Agency of Australia",
    "the Canadian Digital Service",
    "the United States Digital Service",
    "the Estonian Information System Authority",
    "the Danish Agency for Digital Government",
    "the Agency for Digital Italy",
    "the Norwegian Digitalisation Agency",
    "the Polish Ministry of Digital Affairs",
    "the Israel National Digital Agency",
    "the Cyber Security Agency of Singapore",
];

/// Writes made-up releases of GovTech signing an MoU for one, two or three years with one of
/// eleven agencies, one release per entry of `ends`: each agreement expires that many days from
/// `today` (negative: ago). Two releases with the same entry make two agreements that expire on
/// the same day. The terms differ so that the order they were signed in is not the order they
/// expire in.
fn write_signings_ending(dir: &Path, ends: &[i64], today: NaiveDate) {
    const TERMS: [(u32, &str); 3] = [(1, "one year"), (2, "two years"), (3, "three years")];
    std::fs::create_dir_all(dir).expect("seeds folder");
    for (i, days) in ends.iter().enumerate() {
        let partner = SIGNING_PARTNERS[i % SIGNING_PARTNERS.len()];
        let (years, term) = TERMS[i % TERMS.len()];
        let signed = (today + chrono::Duration::days(*days))
            .checked_sub_months(Months::new(12 * years))
            .expect("a date")
            .format("%-d %B %Y");
        let text = format!(
            "GovTech signs memorandum with {partner}\n\n\
             SINGAPORE, {signed} — The Government Technology Agency of Singapore (GovTech) and \
             {partner} signed a Memorandum of Understanding (MoU) on {signed} to cooperate on \
             digital identity.\n\n\
             The MoU will remain in effect for {term}.\n"
        );
        std::fs::write(dir.join(format!("ending-{i:04}.txt")), text).expect("write seed");
    }
}

/// Walks one of the expiring page's lists from `start` by its rel=next links: the slugs in the
/// order shown, and each page's count line.
async fn walk_expiring(app: &TestApp, start: &str, list: usize) -> (Vec<String>, Vec<String>) {
    let mut slugs = Vec::new();
    let mut counts = Vec::new();
    let mut next = Some(start.to_string());
    while let Some(url) = next.take() {
        let (status, html) = app.get(&url).await;
        assert_eq!(status, StatusCode::OK, "{url}");
        let doc = scraper::Html::parse_document(&html);
        let pick = |s: &str| scraper::Selector::parse(s).expect("selector");
        let ol = doc
            .select(&pick("ol.agreements"))
            .nth(list)
            .unwrap_or_else(|| panic!("{url} shows list {list}"));
        let on_page: Vec<String> = ol
            .select(&pick("li h3 a"))
            .filter_map(|a| a.value().attr("href"))
            .map(|h| h.trim_start_matches("/agreements/").to_string())
            .collect();
        assert!(!on_page.is_empty() && on_page.len() <= PER_PAGE, "{url}");
        slugs.extend(on_page);
        counts.extend(
            doc.select(&pick("p.result-count"))
                .nth(list)
                .map(|p| p.text().collect::<String>()),
        );
        next = doc
            .select(&pick("nav.pagination"))
            .find(|nav| {
                let label = nav.value().attr("aria-label").unwrap_or_default();
                label.contains(if list == 0 { "soon" } else { "expired" })
            })
            .and_then(|nav| nav.select(&pick("a[rel=next]")).next())
            .and_then(|a| a.value().attr("href"))
            .map(String::from);
    }
    (slugs, counts)
}

#[tokio::test]
async fn the_expiring_page_pages_each_list_showing_every_due_agreement_once_in_expiry_order() {
    let tmp = tempfile::tempdir().unwrap();
    let seeds = tmp.path().join("seeds");
    let today = chrono::Utc::now().date_naive();
    // 120 agreements end in the next year (pairs of them on the same day), 55 ended in the last
    // 90 days, and a few end too late or ended too long ago to be listed.
    let mut ends: Vec<i64> = (0..120).map(|i| 2 + (i / 2) * 5).collect();
    ends.extend((0..55).map(|i| -1 - i));
    ends.extend([400, 500, -120, -200]);
    write_signings_ending(&seeds, &ends, today);
    let app = TestApp::with_seeds(&seeds).await;

    // What the page should list, from the API: each agreement's expiry.
    let (_, body) = app.get("/api/agreements").await;
    let expires: std::collections::HashMap<String, NaiveDate> = json(&body)
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|a| {
            let slug = a["slug"].as_str()?.to_string();
            let day = NaiveDate::parse_from_str(a["expires"].as_str()?, "%Y-%m-%d").ok()?;
            Some((slug, day))
        })
        .collect();
    assert_eq!(
        expires.len(),
        ends.len(),
        "every release made one agreement"
    );
    let within = |from: NaiveDate, to: NaiveDate| -> Vec<String> {
        let mut due: Vec<String> = expires
            .iter()
            .filter(|(_, d)| **d >= from && **d <= to)
            .map(|(s, _)| s.clone())
            .collect();
        due.sort();
        due
    };
    let soon_due = within(today, today + chrono::Duration::days(365));
    let passed_due = within(
        today - chrono::Duration::days(90),
        today - chrono::Duration::days(1),
    );
    assert_eq!((soon_due.len(), passed_due.len()), (120, 55));

    for (list, start, due, ending) in [
        (0, "/agreements/expiring", &soon_due, "soonest first"),
        (
            1,
            "/agreements/expiring?page=2",
            &passed_due,
            "in the order they expired",
        ),
    ] {
        let (walked, counts) = walk_expiring(&app, start, list).await;
        let n = due.len();
        assert_eq!(
            walked.len(),
            n,
            "list {list}: no agreement shown twice or left out"
        );
        let mut once = walked.clone();
        once.sort();
        assert_eq!(&once, due, "list {list}: exactly the due agreements");
        let days: Vec<NaiveDate> = walked.iter().map(|s| expires[s]).collect();
        assert!(
            days.windows(2).all(|w| w[0] <= w[1]),
            "list {list} in expiry order: {days:?}"
        );
        let want: Vec<String> = (0..n.div_ceil(PER_PAGE))
            .map(|p| {
                format!(
                    "{}–{} of {n} agreements, {ending}",
                    p * PER_PAGE + 1,
                    n.min(p * PER_PAGE + PER_PAGE)
                )
            })
            .collect();
        assert_eq!(counts, want, "list {list}");
    }

    // Each pager keeps the other list's page.
    let (_, html) = app.get("/agreements/expiring?page=2").await;
    let passed_next = attrs(&html, "nav.pagination a[rel=next]", "href");
    assert_eq!(
        passed_next,
        vec![
            "/agreements/expiring?page=3".to_string(),
            "/agreements/expiring?page=2&passed_page=2#passed".to_string(),
        ]
    );
    let (_, html) = app.get("/agreements/expiring?passed_page=2").await;
    assert_eq!(
        attrs(&html, "nav.pagination a[rel=next]", "href"),
        vec![
            "/agreements/expiring?page=2&passed_page=2".to_string(),
            "/agreements/expiring?passed_page=3#passed".to_string(),
        ]
    );
    assert_eq!(
        select_texts(&html, "nav.pagination span"),
        vec!["Page 1 of 5", "Page 2 of 3"]
    );

    // A page number that cannot be used shows the first page; one past the end, the last.
    let (_, first) = app.get("/agreements/expiring").await;
    let first_items = select_texts(&first, "ol.agreements li");
    for bad in ["0", "-1", "abc", "99999999999999999999999999", "1.5", ""] {
        for key in ["page", "passed_page"] {
            let url = format!("/agreements/expiring?{key}={bad}");
            let (status, html) = app.get(&url).await;
            assert_eq!(status, StatusCode::OK, "{url}");
            assert_eq!(
                select_texts(&html, "ol.agreements li"),
                first_items,
                "{url}"
            );
        }
    }
    let (status, html) = app
        .get("/agreements/expiring?page=999&passed_page=999")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        select_texts(&html, "nav.pagination span"),
        vec!["Page 5 of 5", "Page 3 of 3"]
    );
    assert_eq!(
        select_texts(&html, "p.result-count"),
        vec![
            "101–120 of 120 agreements, soonest first",
            "51–55 of 55 agreements, in the order they expired",
        ]
    );
    let title = select_texts(&html, "title");
    assert!(
        title[0].starts_with("Agreements expiring soon, page 5, expired page 3"),
        "{title:?}"
    );
}

#[tokio::test]
async fn an_article_marks_and_links_the_organisations_people_dates_and_places_extracted_from_it() {
    let app = TestApp::seeded().await;
    let (_, html) = app
        .get("/articles/singapore-and-uk-sign-govtech-agreement")
        .await;
    let parties = attrs(&html, ".body a.entity.party", "href");
    assert!(parties.contains(&"/parties/government-technology-agency-sg".to_string()));
    assert!(parties.contains(&"/parties/government-digital-service-gb".to_string()));
    let people = select_texts(&html, ".body a.entity.person");
    assert!(
        people.contains(&"Kevin Cunnington".to_string()),
        "{people:?}"
    );
    assert!(attrs(&html, ".body a.entity.person", "href")
        .contains(&"/people/kevin-cunnington".to_string()));

    let (_, html) = app
        .get("/articles/sin-sg-facilitates-new-uk-sg-mou-in-digital-government")
        .await;
    assert_eq!(
        select_texts(&html, ".body a.entity.date"),
        vec!["June 2019"]
    );
    assert_eq!(select_texts(&html, ".body a.entity.place"), vec!["London"]);
    assert_eq!(
        attrs(&html, ".body a.entity.date", "href"),
        vec![format!("/agreements/{THE_2019_MOU}")]
    );
}

#[tokio::test]
async fn marked_up_article_text_is_escaped_and_holds_only_the_archives_own_tags() {
    let tmp = tempfile::tempdir().unwrap();
    let seeds = tmp.path().join("seeds");
    std::fs::create_dir_all(&seeds).unwrap();
    std::fs::write(
        seeds.join("a.txt"),
        "GDS and GovTech sign MoU <script>alert(1)</script>\n\n\
         The UK's Government Digital Service (GDS) and Singapore's Government Technology Agency \
         (GovTech) signed a Memorandum of Understanding (MoU) in June 2019 in London. \
         <img src=x onerror=alert(2)> GDS & \"GovTech\" <b>agreed</b>.\n",
    )
    .unwrap();
    let app = TestApp::with_seeds(&seeds).await;
    let slug = app.report.files[0].slug.clone().expect("imported");
    let (_, html) = app.get(&format!("/articles/{slug}")).await;
    let body = select_html(&html, ".body").join("");
    assert!(!body.contains("<img"), "{body}");
    assert!(!body.contains("<b>"), "{body}");
    assert!(
        body.contains("&lt;img src=x onerror=alert(2)&gt;"),
        "{body}"
    );
    let doc = scraper::Html::parse_fragment(&body);
    let all = scraper::Selector::parse("*").unwrap();
    for el in doc.select(&all) {
        assert!(
            ["html", "p", "a", "mark"].contains(&el.value().name()),
            "unexpected tag {}",
            el.value().name()
        );
    }
    assert!(!select_texts(&html, ".body a.entity.party").is_empty());
}

#[tokio::test]
async fn one_search_box_finds_articles_agreements_parties_and_people() {
    let app = TestApp::seeded().await;
    let (_, body) = app.get("/search.json?q=GovTech").await;
    let v = json(&body);
    let types: Vec<&str> = v["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["type"].as_str().unwrap())
        .collect();
    for t in ["article", "agreement", "party"] {
        assert!(types.contains(&t), "{t} missing from {types:?}");
    }
    assert!(result_slugs(&app, "q=Kok+Ping+Soon")
        .await
        .contains(&"kok-ping-soon".to_string()));
}

#[tokio::test]
async fn search_requires_every_word_understands_phrases_and_excludes_minus_words() {
    let app = TestApp::seeded().await;
    let korea = "the-uk-has-signed-a-new-memorandum-of-understanding-mou-with".to_string();
    let both = result_slugs(&app, "q=digital+Korea&type=article").await;
    assert_eq!(both, vec![korea.clone()]);
    let without = result_slugs(&app, "q=digital+-Korea&type=article").await;
    assert!(
        !without.contains(&korea) && !without.is_empty(),
        "{without:?}"
    );
    let phrase = result_slugs(&app, "q=%22Whitechapel+High+Street%22").await;
    assert!(!phrase.is_empty());
    let scrambled = result_slugs(&app, "q=%22Street+High+Whitechapel%22").await;
    assert!(scrambled.is_empty(), "{scrambled:?}");
    let excluded_phrase =
        result_slugs(&app, "q=MoU+-%22Whitechapel+High+Street%22&type=article").await;
    assert_eq!(excluded_phrase.len(), 4, "{excluded_phrase:?}");
}

#[tokio::test]
async fn search_forgives_typos_in_longer_words_but_never_in_numbers_and_stems_english() {
    let app = TestApp::seeded().await;
    let typo = result_slugs(&app, "q=Cunnigton").await;
    assert!(typo.contains(&"kevin-cunnington".to_string()), "{typo:?}");
    assert!(typo.contains(&"singapore-and-uk-sign-govtech-agreement".to_string()));
    assert!(!result_slugs(&app, "q=2019").await.is_empty());
    assert!(
        result_slugs(&app, "q=2018").await.is_empty(),
        "2018 must not match 2019"
    );
    assert!(
        result_slugs(&app, "q=MOIX").await.is_empty(),
        "short words need exact spelling"
    );
    // "signing" finds the article that only says "signed" (stemming).
    let stemmed = result_slugs(&app, "q=signing&type=article").await;
    assert!(
        stemmed.contains(&"singapore-and-uk-sign-govtech-agreement".to_string()),
        "{stemmed:?}"
    );
}

/// A misspelt word whose stem is far from the stem of the word meant ("govrnment" stays whole,
/// "government" is "govern") is read as a beginning and an English ending; a word with no such
/// ending is not cut short to find something ("digitalchain" is not "digit").
#[tokio::test]
async fn search_forgives_typos_the_stemmer_would_hide() {
    let app = TestApp::seeded().await;
    for (typo, meant) in [("govrnment", "government"), ("cooperaton", "cooperation")] {
        let found = result_slugs(&app, &format!("q={typo}&type=article")).await;
        let wanted = result_slugs(&app, &format!("q={meant}&type=article")).await;
        assert!(!wanted.is_empty(), "{meant}");
        assert_eq!(found, wanted, "{typo} finds what {meant} finds");
    }
    assert!(result_slugs(&app, "q=digitalchain").await.is_empty());
}

/// Many more new searches at once than there are turns for them (two per core): each gets its
/// own answer, the same as when it is asked alone, and none waits forever for a turn.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_new_searches_at_once_each_get_their_own_answer() {
    let words = [
        "digital",
        "government",
        "agreement",
        "memorandum",
        "data",
        "cooperation",
        "services",
        "minister",
        "signed",
        "technology",
        "public",
        "innovation",
    ];
    let variants = ["", "&type=article&sort=newest"];
    // Three searches per turn, on any machine: later pages are new searches too.
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let queries: Vec<String> = (0..(6 * cores).max(24))
        .map(|i| {
            let word = words[i % words.len()];
            let variant = variants[(i / words.len()) % variants.len()];
            let page = i / (words.len() * variants.len()) + 1;
            format!("/search.json?q={word}{variant}&page={page}")
        })
        .collect();
    let alone = TestApp::seeded().await;
    let asked_alone = async {
        let mut answers = Vec::new();
        for q in &queries {
            answers.push(alone.get(q).await);
        }
        answers
    };
    let expected = tokio::time::timeout(std::time::Duration::from_secs(60), asked_alone)
        .await
        .expect("every search asked alone is answered");

    let app = TestApp::seeded().await;
    let mut running = tokio::task::JoinSet::new();
    for (i, q) in queries.iter().enumerate() {
        let client = Client(app.router.clone());
        let q = q.clone();
        running.spawn(async move {
            let (status, body) = client.get(&q).await;
            (i, status, body)
        });
    }
    let answers = tokio::time::timeout(std::time::Duration::from_secs(60), running.join_all())
        .await
        .expect("every search is answered");
    assert_eq!(answers.len(), queries.len());
    // Two imports may order ties (undated articles, say) differently, so results are compared as
    // sets.
    let summary = |body: &str| {
        let v = json(body);
        let mut slugs: Vec<String> = v["results"]
            .as_array()
            .expect("results")
            .iter()
            .map(|r| r["slug"].as_str().unwrap_or_default().to_string())
            .collect();
        slugs.sort();
        (v["total"].clone(), slugs, v["facets"].clone())
    };
    for (i, status, body) in answers {
        assert_eq!(status, StatusCode::OK, "{}", queries[i]);
        assert_eq!(summary(&body), summary(&expected[i].1), "{}", queries[i]);
    }
}

#[tokio::test]
async fn facets_are_counted_sorted_by_count_and_or_combined_within_a_facet() {
    let app = TestApp::seeded().await;
    let (_, body) = app.get("/search.json?q=digital").await;
    let v = json(&body);
    let facets = v["facets"].as_array().unwrap();
    let names: Vec<&str> = facets.iter().map(|f| f["name"].as_str().unwrap()).collect();
    for name in [
        "type", "country", "party", "person", "year", "kind", "topic",
    ] {
        assert!(names.contains(&name), "{name} missing from {names:?}");
    }
    for f in facets {
        let counts: Vec<u64> = f["options"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["count"].as_u64().unwrap())
            .collect();
        let mut sorted = counts.clone();
        sorted.sort_by(|a, b| b.cmp(a));
        assert_eq!(counts, sorted, "facet {} sorted by count", f["name"]);
    }
    let country = |v: &serde_json::Value, code: &str| -> u64 {
        v["facets"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == "country")
            .and_then(|f| {
                f["options"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|o| o["value"] == code)
            })
            .map(|o| o["count"].as_u64().unwrap())
            .unwrap_or(0)
    };
    let kr = result_slugs(&app, "q=digital&country=KR").await;
    let sg = result_slugs(&app, "q=digital&country=SG").await;
    let either = result_slugs(&app, "q=digital&country=KR&country=SG").await;
    assert_eq!(kr.len() as u64, country(&v, "KR"));
    assert_eq!(sg.len() as u64, country(&v, "SG"));
    assert_eq!(
        either.len(),
        kr.len() + sg.len(),
        "OR within a facet: {either:?}"
    );
    // Facets combine with AND: Singapore and 2019.
    let sg_2019 = result_slugs(&app, "q=digital&country=SG&year=2019").await;
    assert!(!sg_2019.is_empty() && sg_2019.len() < sg.len());
    // A chosen facet still counts its other values, so it can be widened.
    let (_, body) = app.get("/search.json?q=digital&country=KR").await;
    assert!(country(&json(&body), "SG") > 0);

    let (_, html) = app.get("/search?q=digital&country=KR").await;
    let checked = attrs(&html, "input[type=checkbox][checked]", "value");
    assert_eq!(checked, vec!["KR"]);
    for id in attrs(&html, "form.finder input, form.finder select", "id") {
        assert_eq!(
            select_texts(&html, &format!("label[for='{id}']")).len(),
            1,
            "{id} has a label"
        );
    }
    let removes = attrs(&html, ".active-filters a", "href");
    assert!(
        removes.contains(&"/search?q=digital".to_string()),
        "{removes:?}"
    );
}

#[tokio::test]
async fn an_empty_query_with_filters_browses_and_dates_and_sorts_narrow_and_order() {
    let app = TestApp::seeded().await;
    let (_, html) = app.get("/search?type=agreement").await;
    assert!(
        select_texts(&html, "[role=status]")[0].starts_with("3 results"),
        "{html}"
    );
    assert_eq!(
        result_slugs(&app, "type=agreement").await,
        vec![THE_2022_MOU, THE_2019_MOU, THE_KOREA_MOU],
        "browsing sorts newest first, undated last"
    );
    assert_eq!(
        result_slugs(&app, "type=agreement&sort=oldest").await,
        vec![THE_2019_MOU, THE_2022_MOU, THE_KOREA_MOU]
    );
    assert_eq!(
        result_slugs(&app, "type=agreement&from=2020").await,
        vec![THE_2022_MOU]
    );
    assert_eq!(
        result_slugs(&app, "type=agreement&to=2019-12").await,
        vec![THE_2019_MOU]
    );
    // "June 2019" overlaps a range that starts mid-June.
    assert_eq!(
        result_slugs(&app, "type=agreement&from=2019-06-15&to=2019-06-20").await,
        vec![THE_2019_MOU]
    );
    let (status, html) = app.get("/search?type=agreement&from=yesterday").await;
    assert_eq!(status, StatusCode::OK);
    assert!(select_texts(&html, ".hint")[0].contains("was not understood"));
    let (_, html) = app.get("/search").await;
    assert!(select_texts(&html, "[role=status]")[0].contains("in the archive"));
}

#[tokio::test]
async fn results_are_paged_with_links_that_keep_the_query_and_filters() {
    let tmp = tempfile::tempdir().unwrap();
    let seeds = tmp.path().join("seeds");
    std::fs::create_dir_all(&seeds).unwrap();
    for i in 0..25 {
        std::fs::write(
            seeds.join(format!("{i:02}.txt")),
            format!("Pangolin report number {i}\n\nA note about pangolins, number {i}.\n"),
        )
        .unwrap();
    }
    let app = TestApp::with_seeds(&seeds).await;
    let (_, html) = app.get("/search?q=pangolin&type=article").await;
    assert!(select_texts(&html, "[role=status]")[0].starts_with("25 results"));
    assert_eq!(select_texts(&html, "ol.results > li").len(), 20);
    let next = attrs(&html, "a[rel=next]", "href");
    assert_eq!(next, vec!["/search?q=pangolin&type=article&page=2"]);
    let (_, html) = app.get(&next[0]).await;
    assert_eq!(select_texts(&html, "ol.results > li").len(), 5);
    assert_eq!(
        attrs(&html, "a[rel=prev]", "href"),
        vec!["/search?q=pangolin&type=article"]
    );
    assert!(select_texts(&html, "title")[0].contains("page 2"));
}

#[tokio::test]
async fn every_search_is_also_json_and_atom_with_the_same_parameters() {
    let app = TestApp::seeded().await;
    let (_, html) = app.get("/search?q=digital&country=SG").await;
    let json_href = attrs(&html, "a[href^='/search.json']", "href");
    let atom_href = attrs(&html, "a[href^='/search.atom']", "href");
    assert_eq!(json_href, vec!["/search.json?q=digital&country=SG"]);
    assert_eq!(atom_href, vec!["/search.atom?q=digital&country=SG"]);
    let (status, headers, body) = fetch(&app, &json_href[0]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
    let v = json(&body);
    assert_eq!(v["query"]["q"], "digital");
    assert_eq!(v["query"]["filters"]["country"][0], "SG");
    let shown = select_texts(&html, "ol.results > li").len();
    assert_eq!(v["results"].as_array().unwrap().len(), shown);
    assert!(v["results"][0]["url"].as_str().unwrap().starts_with('/'));

    let (status, headers, body) = fetch(&app, &atom_href[0]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/atom+xml"));
    assert!(body.starts_with("<?xml"));
    assert_eq!(body.matches("<entry>").count(), shown);

    let (_, api) = app.get("/api/search?q=digital&country=SG").await;
    assert_eq!(json(&api)["total"], v["total"]);
}

#[tokio::test]
async fn the_api_serves_one_agreement_parties_and_people_and_keeps_the_list_shape() {
    let app = TestApp::seeded().await;
    let (_, body) = app.get("/api/agreements").await;
    let list = json(&body);
    let keys: Vec<&String> = list[0].as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        vec![
            "slug",
            "kind",
            "title",
            "parties",
            "signatories",
            "signed",
            "duration",
            "expires",
            "topics",
            "sources",
            "renews"
        ]
    );
    let (status, body) = app.get(&format!("/api/agreements/{THE_2022_MOU}")).await;
    assert_eq!(status, StatusCode::OK);
    let one = json(&body);
    assert_eq!(one["slug"], THE_2022_MOU);
    assert_eq!(one["renews"], THE_2019_MOU);
    assert_eq!(one["status"], "expired");
    assert!(one["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["field"] == "date" && e["value"] == "2022-07-04"));
    let (status, _) = app.get("/api/agreements/nothing").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, body) = app.get("/api/parties").await;
    assert_eq!(json(&body).as_array().unwrap().len(), 4);
    let (_, body) = app.get("/api/people").await;
    let people = json(&body);
    assert!(people
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["slug"] == "kok-ping-soon" && p["signings"] == 2));
}

#[tokio::test]
async fn agreements_download_as_csv_with_the_list_filters() {
    let app = TestApp::seeded().await;
    let (status, headers, body) = fetch(&app, "/agreements.csv").await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let lines: Vec<&str> = body.lines().collect();
    assert_eq!(lines.len(), 4, "header and three agreements");
    assert!(lines[0].starts_with("slug,title,kind,signed_date"));
    assert!(lines[1].starts_with(THE_2022_MOU));
    assert!(lines[1].contains("\"10 Whitechapel High Street, London\""));
    let (_, _, body) = fetch(&app, "/agreements.csv?country=KR").await;
    assert_eq!(body.lines().count(), 2);
    let (_, html) = app.get("/agreements?country=KR").await;
    assert!(attrs(&html, "a", "href").contains(&"/agreements.csv?country=KR".to_string()));
}

#[tokio::test]
async fn the_feed_lists_agreements_newest_first_as_atom() {
    let app = TestApp::seeded().await;
    let (status, headers, body) = fetch(&app, "/feed.atom").await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/atom+xml"));
    assert_eq!(body.matches("<entry>").count(), 3);
    let first = body.find(THE_2022_MOU).unwrap();
    let second = body.find(THE_2019_MOU).unwrap();
    assert!(first < second);
    assert!(body.contains("<updated>2022-07-04T00:00:00Z</updated>"));
}

#[tokio::test]
async fn the_timeline_draws_agreements_by_year_and_the_countries_network_as_svg() {
    let app = TestApp::seeded().await;
    let (status, html) = app.get("/timeline").await;
    assert_eq!(status, StatusCode::OK);
    // 2019 to 2022: four bars, two of them empty.
    assert_eq!(select_html(&html, "svg rect.bar").len(), 4);
    let rows = select_texts(&html, "table.data tbody tr");
    assert!(rows.contains(&"20191".to_string()), "{rows:?}");
    assert!(rows.contains(&"20221".to_string()), "{rows:?}");
    assert_eq!(
        select_html(&html, "svg line.link").len(),
        2,
        "UK–Singapore and UK–Korea"
    );
    assert!(
        rows.iter()
            .any(|r| r.contains("United Kingdom and Singapore")),
        "{rows:?}"
    );
    assert!(!html.contains("<script"), "no script");
}

#[tokio::test]
async fn every_page_type_is_under_50_kb_with_its_stylesheet_and_has_a_meaningful_title() {
    let app = TestApp::seeded().await;
    let (_, css) = app
        .get(&format!(
            "/static/style.css?v={}",
            env!("CARGO_PKG_VERSION")
        ))
        .await;
    assert!(css.len() > 1000, "the stylesheet is served");
    let pages = [
        ("/", "Home"),
        ("/agreements", "Agreements"),
        (
            &format!("/agreements/{THE_2022_MOU}") as &str,
            "Memorandum of Understanding between",
        ),
        ("/agreements/expiring", "Agreements expiring soon"),
        ("/parties", "Organisations"),
        (
            "/parties/government-digital-service-gb",
            "Government Digital Service",
        ),
        ("/people", "People"),
        ("/people/kok-ping-soon", "Kok Ping Soon"),
        ("/countries", "Countries"),
        ("/countries/SG", "Singapore"),
        ("/timeline", "Timeline"),
        ("/search", "Search"),
        ("/search?q=digital", "digital – search"),
        (
            "/articles/singapore-and-uk-sign-govtech-agreement",
            "Singapore and UK sign GovTech agreement",
        ),
    ];
    for (uri, title) in pages {
        let (status, html) = app.get(uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        let kb = (html.len() + css.len()) as f64 / 1024.0;
        assert!(kb < 50.0, "{uri}: {kb:.1} KB");
        let t = select_texts(&html, "title");
        assert!(
            t[0].starts_with(title) && t[0].ends_with("– MoU Archive"),
            "{uri}: {t:?}"
        );
        assert_eq!(select_texts(&html, "h1").len(), 1, "{uri}: one h1");
        assert_eq!(attrs(&html, "a.skip-link", "href"), vec!["#main"], "{uri}");
        for src in attrs(&html, "[src], link[href]", "href")
            .iter()
            .chain(attrs(&html, "[src]", "src").iter())
        {
            assert!(src.starts_with('/'), "{uri}: {src} is from another host");
        }
    }
}

/// The agreements of a list page, by slug.
fn listed(html: &str) -> Vec<String> {
    attrs(html, "ol.agreements > li h3 a", "href")
        .into_iter()
        .map(|h| h.trim_start_matches("/agreements/").to_string())
        .collect()
}

#[tokio::test]
async fn a_large_archive_lists_its_agreements_a_page_at_a_time_each_once_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let seeds = dir.path().join("corpus");
    mou_archive::synth::write(&seeds, 300, 5).unwrap();
    let app = TestApp::with_seeds(&seeds).await;

    // The CSV is not paged: every agreement, in the list's order.
    let (_, csv) = app.get("/agreements.csv?sort=title").await;
    let everything: Vec<String> = csv
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next().map(String::from))
        .collect();
    assert!(everything.len() > 120, "{} agreements", everything.len());

    let mut walked = Vec::new();
    let mut next = Some("/agreements?sort=title".to_string());
    let mut pages = 0;
    while let Some(url) = next.take() {
        let (status, html) = app.get(&url).await;
        assert_eq!(status, StatusCode::OK);
        let on_page = listed(&html);
        assert!(on_page.len() <= PER_PAGE && !on_page.is_empty(), "{url}");
        walked.extend(on_page);
        pages += 1;
        let status_line = select_texts(&html, "[role=status]").join(" ");
        assert!(
            status_line.contains(&format!("of {}", everything.len())),
            "{status_line}"
        );
        next = attrs(&html, "nav.pagination a[rel=next]", "href")
            .first()
            .map(|h| h.replace("&amp;", "&"));
        if let Some(n) = &next {
            assert!(
                n.contains("sort=title"),
                "the next link keeps the order: {n}"
            );
        }
    }
    assert_eq!(pages, everything.len().div_ceil(PER_PAGE));
    assert_eq!(
        walked, everything,
        "the pages hold every agreement once, in order"
    );

    // A page past the end shows the last page; a filter narrows before paging.
    let (_, beyond) = app.get("/agreements?sort=title&page=999").await;
    assert_eq!(
        listed(&beyond),
        everything[(pages - 1) * PER_PAGE..].to_vec()
    );
    let (_, filtered_csv) = app.get("/agreements.csv?country=SG").await;
    let (_, filtered) = app.get("/agreements?country=SG").await;
    let want: Vec<String> = filtered_csv
        .lines()
        .skip(1)
        .take(PER_PAGE)
        .filter_map(|l| l.split(',').next().map(String::from))
        .collect();
    assert!(!want.is_empty());
    assert_eq!(listed(&filtered), want);

    // The people list is paged by name too, and its pages hold everyone the API lists, once.
    let (_, api_people) = app.get("/api/people").await;
    let mut everyone: Vec<String> = json(&api_people)
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|p| p["slug"].as_str().map(String::from))
        .collect();
    let mut paged = Vec::new();
    let mut next = Some("/people".to_string());
    while let Some(url) = next.take() {
        let (_, html) = app.get(&url).await;
        let on_page: Vec<String> = attrs(&html, "ul.results > li > a", "href")
            .into_iter()
            .map(|h| h.trim_start_matches("/people/").to_string())
            .collect();
        assert!(on_page.len() <= 200 && !on_page.is_empty(), "{url}");
        paged.extend(on_page);
        next = attrs(&html, "nav.pagination a[rel=next]", "href")
            .first()
            .cloned();
    }
    assert!(everyone.len() > 200, "{} people", everyone.len());
    assert_eq!(paged.len(), everyone.len());
    paged.sort();
    everyone.sort();
    assert_eq!(paged, everyone);

    // The home page shows the newest press releases, not all 300, and links to the rest.
    let (_, home) = app.get("/").await;
    let articles = select_texts(&home, "ol.articles > li");
    assert_eq!(articles.len(), 20);
    assert!(attrs(&home, "a", "href")
        .iter()
        .any(|h| h.contains("/search?type=article") && h.contains("sort=newest")));
}

/// Writes `count` made-up releases of GovTech signing with one of ten agencies abroad or a
/// Singapore agency, each on a different day: Singapore is a party to every agreement (twice to
/// an eleventh of them), each other country to an eleventh.
fn write_signings(dir: &Path, count: usize) {
    std::fs::create_dir_all(dir).unwrap();
    for i in 0..count {
        let partner = SIGNING_PARTNERS[i % SIGNING_PARTNERS.len()];
        let date = NaiveDate::from_ymd_opt(
            2015 + (i / 336) as i32,
            1 + ((i / 28) % 12) as u32,
            1 + (i % 28) as u32,
        )
        .expect("a date")
        .format("%-d %B %Y");
        let text = format!(
            "GovTech signs memorandum with {partner}\n\n\
             SINGAPORE, {date} — The Government Technology Agency of Singapore (GovTech) and \
             {partner} signed a Memorandum of Understanding (MoU) on {date} to cooperate on \
             digital identity and cloud services.\n\n\
             The two agencies will share practice and train public servants together.\n"
        );
        std::fs::write(dir.join(format!("signing-{i:04}.txt")), text).unwrap();
    }
}

/// A filter nearly every agreement passes is paged by walking the list's order, a rare one by
/// sorting its matches (`agreement::list` chooses by how many match): either way the pages hold
/// every match once, in the order the CSV lists them, and the count is right.
#[tokio::test]
async fn a_common_filter_and_a_rare_one_page_every_match_once_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let seeds = dir.path().join("signings");
    write_signings(&seeds, 130);
    let app = TestApp::with_seeds(&seeds).await;

    let csv_slugs = |csv: &str| -> Vec<String> {
        csv.lines()
            .skip(1)
            .filter_map(|l| l.split(',').next().map(String::from))
            .collect()
    };
    let (_, all) = app.get("/agreements.csv").await;
    let total = csv_slugs(&all).len();
    assert!(total >= 120, "{total} agreements from 130 signings");

    for filter in [
        "country=SG",
        "country=SG&sort=oldest",
        "country=SG&sort=title",
        "country=SG&topic=digital+identity",
        "country=JP",
        "country=EE",
        "country=EE&sort=oldest",
    ] {
        let (_, csv) = app.get(&format!("/agreements.csv?{filter}")).await;
        let everything = csv_slugs(&csv);
        let mut walked = Vec::new();
        let mut next = Some(format!("/agreements?{filter}"));
        while let Some(url) = next.take() {
            let (status, html) = app.get(&url).await;
            assert_eq!(status, StatusCode::OK, "{url}");
            let status_line = select_texts(&html, "[role=status]").join(" ");
            // "1–25 of 130 matching agreements, …" over several pages, "12 of 130 agreements"
            // on one, and a country the archive lacks (JP) named.
            let n = everything.len();
            assert!(
                status_line.contains(&format!("of {n} matching"))
                    || status_line.starts_with(&format!("{n} of "))
                    || (n == 0 && status_line.ends_with("so no agreement matches.")),
                "{url}: {status_line}"
            );
            walked.extend(listed(&html));
            next = attrs(&html, "nav.pagination a[rel=next]", "href")
                .first()
                .map(|h| h.replace("&amp;", "&"));
        }
        assert_eq!(walked, everything, "{filter}");
    }
    let (_, singapore) = app.get("/agreements.csv?country=SG").await;
    assert_eq!(
        csv_slugs(&singapore).len(),
        total,
        "Singapore signed them all"
    );
    let (_, estonia) = app.get("/agreements.csv?country=EE").await;
    assert!(
        (10..=14).contains(&csv_slugs(&estonia).len()),
        "an eleventh are Estonian: {}",
        csv_slugs(&estonia).len()
    );
}

/// A GET with these request headers: status, headers and the body's bytes as sent.
async fn fetch_with(
    app: &TestApp,
    uri: &str,
    headers: &[(&str, &str)],
) -> (StatusCode, HeaderMap, Vec<u8>) {
    let mut request = Request::get(uri);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = app
        .router
        .clone()
        .oneshot(request.body(Body::empty()).expect("request"))
        .await
        .expect("router answers");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.expect("body");
    (status, headers, bytes.to_bytes().to_vec())
}

/// The whole-archive exports are built once per generation and kept gzipped: a client that
/// takes gzip gets those bytes, one that does not gets the same content unzipped, one that has
/// it gets 304, and a re-import's generation gets its own.
#[tokio::test]
async fn whole_archive_exports_come_zipped_or_not_and_follow_each_generation() {
    use std::io::Read;

    let dir = tempfile::tempdir().unwrap();
    let seeds = dir.path().join("seeds");
    write_signings(&seeds, 20);
    let app = TestApp::with_seeds(&seeds).await;
    let exports = [
        "/api/agreements",
        "/api/parties",
        "/api/people",
        "/agreements.csv",
        "/agreements.csv?sort=title",
    ];
    let mut first_tags = Vec::new();
    for uri in exports {
        let (status, plain_headers, plain) = fetch_with(&app, uri, &[]).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        assert!(plain_headers.get("content-encoding").is_none(), "{uri}");
        let (_, zipped_headers, zipped) =
            fetch_with(&app, uri, &[("accept-encoding", "gzip, br")]).await;
        assert_eq!(zipped_headers["content-encoding"], "gzip", "{uri}");
        let mut unzipped = Vec::new();
        flate2::read::GzDecoder::new(zipped.as_slice())
            .read_to_end(&mut unzipped)
            .expect("gzip");
        assert_eq!(unzipped, plain, "{uri}");
        assert_eq!(
            plain_headers["content-type"], zipped_headers["content-type"],
            "{uri}"
        );
        assert_eq!(plain_headers["vary"], "accept-encoding", "{uri}");

        let etag = plain_headers["etag"].to_str().unwrap().to_string();
        assert_eq!(zipped_headers["etag"], etag.as_str(), "{uri}");
        let (status, _, body) = fetch_with(&app, uri, &[("if-none-match", &etag)]).await;
        assert_eq!(status, StatusCode::NOT_MODIFIED, "{uri}");
        assert!(body.is_empty(), "{uri}");
        first_tags.push(etag);
    }
    let (_, _, listed) = fetch_with(&app, "/api/agreements", &[]).await;
    let listed: serde_json::Value = serde_json::from_slice(&listed).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 20);
    let (_, _, csv) = fetch_with(&app, "/agreements.csv", &[]).await;
    assert_eq!(String::from_utf8(csv).unwrap().lines().count(), 21);

    // A re-import with five more releases: a new generation, new exports, new tags.
    write_signings(&seeds, 25);
    mou_archive::import::import_seeds(&seeds, &app.data_dir())
        .await
        .expect("re-import");
    assert!(app.state.follow_live().await.expect("switch"));
    for (uri, before) in exports.iter().zip(&first_tags) {
        let (status, headers, _) = fetch_with(&app, uri, &[("if-none-match", before)]).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        assert_ne!(headers["etag"], before.as_str(), "{uri}");
    }
    let (_, _, listed) = fetch_with(&app, "/api/agreements", &[]).await;
    let listed: serde_json::Value = serde_json::from_slice(&listed).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 25);
    let (_, _, csv) = fetch_with(&app, "/agreements.csv", &[]).await;
    assert_eq!(String::from_utf8(csv).unwrap().lines().count(), 26);
}

/// Every result of a search, page by page, from its JSON twin.
async fn all_result_slugs(app: &TestApp, query: &str) -> Vec<String> {
    let (_, body) = app.get(&format!("/search.json?{query}")).await;
    let pages = json(&body)["pages"].as_u64().expect("pages");
    let mut slugs = Vec::new();
    for page in 1..=pages {
        slugs.extend(result_slugs(app, &format!("{query}&page={page}")).await);
    }
    slugs
}

/// Results of one day, and undated ones, tie on a date sort, and equally relevant results tie on
/// relevance. Tantivy would break the tie by where each document landed, which depends on which
/// writer thread indexed it: two imports of the same seeds listed them in different orders (two
/// of three times at 300 articles).
#[tokio::test]
async fn two_imports_of_the_same_seeds_list_results_in_the_same_order() {
    let dir = tempfile::tempdir().unwrap();
    let seeds = dir.path().join("corpus");
    mou_archive::synth::write(&seeds, 300, 5).unwrap();
    let first = TestApp::with_seeds(&seeds).await;
    let second = TestApp::with_seeds(&seeds).await;
    for query in [
        "q=&sort=newest",
        "q=&sort=oldest",
        "q=digital&sort=newest",
        // By relevance: equal scores, and every result when browsing, where all scores are equal.
        "q=",
        "q=digital",
        "q=digital+government",
        "q=%22memorandum+of+understanding%22",
    ] {
        let listed = all_result_slugs(&first, query).await;
        assert!(listed.len() > 100, "{query}: {} results", listed.len());
        assert_eq!(listed, all_result_slugs(&second, query).await, "{query}");
    }
}

/// A search's JSON names its filters in one order, whatever order the URL gave them in.
#[tokio::test]
async fn the_json_of_a_search_lists_its_filters_in_a_fixed_order() {
    let app = TestApp::seeded().await;
    for query in [
        "topic=digital+identity&year=2019&country=SG&kind=Memorandum+of+Understanding",
        "year=2019&kind=Memorandum+of+Understanding&country=SG&topic=digital+identity",
    ] {
        let (status, text) = app.get(&format!("/search.json?{query}")).await;
        assert_eq!(status, 200);
        let at = |key: &str| {
            text.find(&format!("\"{key}\":["))
                .unwrap_or_else(|| panic!("{key} missing in {text}"))
        };
        assert!(
            at("country") < at("kind") && at("kind") < at("topic") && at("topic") < at("year"),
            "{query}: {text}"
        );
    }
}

/// Two ministries of foreign affairs, of Japan and of Chile: where a list names organisations
/// without their country (the list's filter, a party's partners, the search's facet), each says
/// whose it is.
#[tokio::test]
async fn organisations_that_share_a_name_are_told_apart_by_country_in_filters_and_facets() {
    let dir = tempfile::tempdir().unwrap();
    let seeds = dir.path().join("seeds");
    std::fs::create_dir_all(&seeds).unwrap();
    for (file, country, partner, city, date) in [
        (
            "japan.txt",
            "Japan",
            "the Government Technology Agency of Singapore (GovTech)",
            "TOKYO",
            "3 March 2023",
        ),
        (
            "chile.txt",
            "Chile",
            "the Estonian Information System Authority",
            "SANTIAGO",
            "9 May 2023",
        ),
    ] {
        let text = format!(
            "{country} signs digital government MoU\n\n\
             {city}, {date} — The Ministry of Foreign Affairs of {country} and {partner} signed a \
             Memorandum of Understanding (MoU) on digital identity on {date}.\n"
        );
        std::fs::write(seeds.join(file), text).unwrap();
    }
    let app = TestApp::with_seeds(&seeds).await;

    let (_, html) = app.get("/agreements").await;
    let choices = select_texts(&html, "#f-party option");
    for label in [
        "Ministry of Foreign Affairs (Japan)",
        "Ministry of Foreign Affairs (Chile)",
    ] {
        assert!(choices.iter().any(|c| c == label), "{label}: {choices:?}");
    }
    // A name no other organisation has is shown alone.
    assert!(
        choices.iter().any(|c| c == "Government Technology Agency"),
        "{choices:?}"
    );

    let (status, html) = app.get("/parties/government-technology-agency-sg").await;
    assert_eq!(status, StatusCode::OK);
    let partners = select_texts(&html, "dd ul.plain li");
    assert_eq!(partners, ["Ministry of Foreign Affairs (Japan)"]);

    let (_, body) = app.get("/api/search?q=digital+identity").await;
    let facets = json(&body)["facets"].clone();
    let party = facets
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "party")
        .expect("a party facet");
    let mut labels: Vec<&str> = party["options"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|o| o["label"].as_str())
        .filter(|l| l.starts_with("Ministry of Foreign Affairs"))
        .collect();
    labels.sort_unstable();
    assert_eq!(
        labels,
        [
            "Ministry of Foreign Affairs (Chile)",
            "Ministry of Foreign Affairs (Japan)"
        ]
    );
}

/// A filter value is read as the archive's own value whatever its case, or by its label; one
/// the archive does not hold says so, and lists nothing without a walk through every agreement.
#[tokio::test]
async fn list_filters_read_values_leniently_and_name_the_ones_the_archive_lacks() {
    let app = TestApp::seeded().await;
    let (_, exact) = app.get("/agreements?country=SG").await;
    let slugs = |html: &str| attrs(html, "h3 a", "href");
    assert_eq!(slugs(&exact).len(), 2);
    for lenient in [
        "/agreements?country=sg",
        "/agreements?country=singapore",
        "/agreements?country=Singapore&kind=memorandum+of+understanding",
    ] {
        let (status, html) = app.get(lenient).await;
        assert_eq!(status, StatusCode::OK, "{lenient}");
        assert_eq!(slugs(&html), slugs(&exact), "{lenient}");
        assert_eq!(
            select_texts(&html, "#f-country option[selected]"),
            ["Singapore"],
            "{lenient}"
        );
        // Its links carry the archive's own value.
        assert!(
            attrs(&html, "a", "href")
                .iter()
                .any(|h| h == "/agreements.csv?country=SG"
                    || h.starts_with("/agreements.csv?country=SG&")),
            "{lenient}"
        );
    }
    let (_, csv_exact) = app.get("/agreements.csv?country=SG").await;
    let (_, csv_lenient) = app.get("/agreements.csv?country=sg").await;
    assert_eq!(csv_lenient, csv_exact);

    let (status, html) = app.get("/agreements?kind=mou&year=1990").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        select_texts(&html, ".result-count"),
        ["The archive has no year “1990” and no kind “mou”, so no agreement matches."]
    );
    assert!(slugs(&html).is_empty());
    assert!(!attrs(&html, "a", "href")
        .iter()
        .any(|h| h.starts_with("/agreements.csv?")));
    let (status, csv) = app.get("/agreements.csv?kind=mou").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(csv.lines().count(), 1, "the header alone: {csv}");

    // Values the archive holds that no agreement has together.
    let (_, html) = app.get("/agreements?country=KR&year=2019").await;
    assert_eq!(
        select_texts(&html, ".result-count"),
        ["No agreement matches these filters, out of 3."]
    );
}
