//! Agreements: the filterable list, one agreement with the provenance of each fact, the ones
//! expiring soon, and the list as CSV. Also the views of an agreement other pages share.

use std::collections::HashMap;
use std::io::{self, Write};

use super::slug::Slug;
use askama::Template;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Uri};
use axum::response::{Html, IntoResponse, Response};
use chrono::{Duration, NaiveDate};

use super::catalog::Catalog;
use super::export::Gzipped;
use super::query::{Pager, Params};
use super::{AppState, Error, ASSET_VERSION};
use crate::extract::PartialDate;
use crate::store::agreement::{self, AgreementDetail, EvidenceRow, ListOrder, ListQuery};

type Page = Result<Html<String>, Error>;

pub fn render(page: &impl Template) -> Page {
    Ok(Html(page.render()?))
}

/// "4 July 2022", "June 2019", "2019" (the precision the sources give) or "date not stated".
pub fn human_date_or(stored: Option<&str>, missing: &str) -> String {
    match stored {
        Some(s) => PartialDate::parse(s)
            .map(|d| d.human())
            .unwrap_or_else(|| s.to_string()),
        None => missing.to_string(),
    }
}

/// The first and last day a stored partial date can mean.
fn day_bounds(stored: &str) -> Option<(NaiveDate, NaiveDate)> {
    let d = PartialDate::parse(stored)?;
    let first = NaiveDate::from_ymd_opt(d.year, d.month.unwrap_or(1), d.day.unwrap_or(1))?;
    let last = match (d.month, d.day) {
        (Some(_), Some(_)) => first,
        (Some(m), None) => {
            let next = if m == 12 {
                NaiveDate::from_ymd_opt(d.year + 1, 1, 1)
            } else {
                NaiveDate::from_ymd_opt(d.year, m + 1, 1)
            };
            next.and_then(|n| n.pred_opt()).unwrap_or(first)
        }
        _ => NaiveDate::from_ymd_opt(d.year, 12, 31)?,
    };
    Some((first, last))
}

/// Whether an agreement is in force, worked out from its expiry and today's date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    InEffect,
    Expired,
    Unknown,
}

impl Status {
    pub fn label(&self) -> &'static str {
        match self {
            Status::InEffect => "In effect",
            Status::Expired => "Expired",
            Status::Unknown => "Unknown",
        }
    }

    pub fn class(&self) -> &'static str {
        match self {
            Status::InEffect => "in-effect",
            Status::Expired => "expired",
            Status::Unknown => "unknown",
        }
    }
}

/// In effect when signed and its expiry is after today; expired when the expiry has passed;
/// unknown when no expiry is stated or today falls within an imprecise one ("June 2026").
pub fn status(signed: Option<&str>, expires: Option<&str>, today: NaiveDate) -> Status {
    let Some((first, last)) = expires.and_then(day_bounds) else {
        return Status::Unknown;
    };
    let signed_by_today = signed
        .and_then(day_bounds)
        .is_none_or(|(_, signed_last)| signed_last <= today);
    if last < today {
        Status::Expired
    } else if first > today && signed_by_today {
        Status::InEffect
    } else {
        Status::Unknown
    }
}

/// A sentence on the status for the agreement page.
pub fn status_sentence(status: Status, expires: Option<&str>) -> String {
    let when = human_date_or(expires, "");
    match status {
        Status::InEffect => format!("In effect: it expires {when}."),
        Status::Expired => format!("Expired: it ended {when}."),
        Status::Unknown if expires.is_some() => {
            format!("Unknown: it expires {when}, and the sources do not say more precisely when.")
        }
        Status::Unknown => "Unknown: the sources state no expiry.".to_string(),
    }
}

pub fn today() -> NaiveDate {
    chrono::Utc::now().date_naive()
}

pub struct PartyLink {
    pub slug: String,
    pub name: String,
    pub country: Option<String>,
    pub country_code: Option<String>,
}

/// An agreement as a row of a list.
pub struct AgreementItem {
    pub slug: String,
    pub title: String,
    pub kind: String,
    /// The date signed with its precision, or "date not stated".
    pub date: String,
    pub dated: bool,
    pub place: Option<String>,
    pub parties: Vec<PartyLink>,
    pub sources: usize,
    pub status: Status,
    pub expires: Option<String>,
}

impl AgreementItem {
    pub fn new(d: &AgreementDetail, today: NaiveDate) -> Self {
        AgreementItem {
            slug: d.row.slug.clone(),
            title: d.row.title.clone(),
            kind: d.row.kind.clone(),
            date: human_date_or(d.row.signed_date.as_deref(), "date not stated"),
            dated: d.row.signed_date.is_some(),
            place: d.row.signed_place.clone(),
            parties: d
                .parties
                .iter()
                .map(|p| PartyLink {
                    slug: p.slug.clone(),
                    name: p.name.clone(),
                    country: p.country.clone(),
                    country_code: p.country_code.clone(),
                })
                .collect(),
            sources: d.sources.len(),
            status: status(
                d.row.signed_date.as_deref(),
                d.row.expires.as_deref(),
                today,
            ),
            expires: d.row.expires.as_deref().map(|e| human_date_or(Some(e), "")),
        }
    }
}

/// Oldest first, undated last: the order of a party's, person's or country's history.
pub fn chronological(details: &mut [AgreementDetail]) {
    details.sort_by(|a, b| {
        (
            a.row.signed_date.is_none(),
            &a.row.signed_date,
            &a.row.title,
        )
            .cmp(&(
                b.row.signed_date.is_none(),
                &b.row.signed_date,
                &b.row.title,
            ))
    });
}

/// The filters of the agreements list, read leniently from the query string.
#[derive(Debug, Clone, Default)]
pub struct ListFilters {
    pub country: String,
    pub party: String,
    pub year: String,
    pub kind: String,
    pub topic: String,
    /// "newest" (default), "oldest" or "title".
    pub sort: String,
}

impl ListFilters {
    pub fn from_params(p: &Params) -> Self {
        let sort = match p.first("sort") {
            "oldest" | "title" => p.first("sort").to_string(),
            _ => "newest".to_string(),
        };
        ListFilters {
            country: p.first("country").to_string(),
            party: p.first("party").to_string(),
            year: p.first("year").to_string(),
            kind: p.first("kind").to_string(),
            topic: p.first("topic").to_string(),
            sort,
        }
    }

    /// Reads each filter's value as one of the archive's: as given, or else ignoring case, by
    /// value or by label ("sg" and "Singapore" are "SG"). Returns a note naming the values that
    /// are none of the archive's: nothing can match them, so the list is empty without asking
    /// the store (which would otherwise walk every agreement looking for one).
    pub fn resolve(&mut self, catalog: &Catalog) -> Option<String> {
        let mut unknown = Vec::new();
        for (name, value, known) in [
            ("country", &mut self.country, &catalog.countries),
            ("organisation", &mut self.party, &catalog.parties),
            ("year", &mut self.year, &catalog.years),
            ("kind", &mut self.kind, &catalog.kinds),
            ("topic", &mut self.topic, &catalog.topics),
        ] {
            if value.is_empty() || known.iter().any(|(v, _)| v == value) {
                continue;
            }
            let folded = value.to_lowercase();
            match known
                .iter()
                .find(|(v, label)| v.to_lowercase() == folded || label.to_lowercase() == folded)
            {
                Some((v, _)) => *value = v.clone(),
                None => unknown.push(format!("no {name} “{value}”")),
            }
        }
        (!unknown.is_empty()).then(|| {
            format!(
                "The archive has {}, so no agreement matches.",
                unknown.join(" and ")
            )
        })
    }

    pub fn is_filtered(&self) -> bool {
        !(self.country.is_empty()
            && self.party.is_empty()
            && self.year.is_empty()
            && self.kind.is_empty()
            && self.topic.is_empty())
    }

    /// The store's query for these filters, all of the matches in their order.
    pub fn query(&self) -> ListQuery<'_> {
        fn given(v: &str) -> Option<&str> {
            (!v.is_empty()).then_some(v)
        }
        ListQuery {
            country: given(&self.country),
            party: given(&self.party),
            year: given(&self.year),
            kind: given(&self.kind),
            topic: given(&self.topic),
            order: match self.sort.as_str() {
                "oldest" => ListOrder::Oldest,
                "title" => ListOrder::Title,
                _ => ListOrder::Newest,
            },
            limit: None,
            offset: 0,
        }
    }

    /// This list's query string with `extra` appended, for the CSV link.
    pub fn query_string(&self) -> String {
        let mut s = form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("country", &self.country),
            ("party", &self.party),
            ("year", &self.year),
            ("kind", &self.kind),
            ("topic", &self.topic),
        ] {
            if !v.is_empty() {
                s.append_pair(k, v);
            }
        }
        if self.sort != "newest" {
            s.append_pair("sort", &self.sort);
        }
        s.finish()
    }
}

/// A choice in a filter's drop-down.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// A filter's drop-down: the catalog's values, with the chosen one selected.
fn choices(values: &[(String, String)], selected: &str) -> Vec<Choice> {
    values
        .iter()
        .map(|(value, label)| Choice {
            selected: *value == selected,
            value: value.clone(),
            label: label.clone(),
        })
        .collect()
}

/// The organisation filter's choices: the offered parties, and the one filtered on wherever it
/// ranks, so the form shows what the list is filtered by.
fn party_choices(catalog: &Catalog, selected: &str) -> Vec<Choice> {
    let mut offered = catalog.offered_parties.clone();
    if !selected.is_empty() && !offered.iter().any(|(slug, _)| slug == selected) {
        if let Some(party) = catalog.parties.iter().find(|(slug, _)| slug == selected) {
            let at =
                offered.partition_point(|(_, label)| label.to_lowercase() < party.1.to_lowercase());
            offered.insert(at, party.clone());
        }
    }
    choices(&offered, selected)
}

/// Agreements per page of the list (and of each of the expiring page's two lists): a page stays
/// small and quick at any size of archive. Each row is some 700 bytes of HTML, and 50 made the
/// list 100 KB at 100,000 articles, twice the page budget.
pub const PER_PAGE: usize = 25;

#[derive(Template)]
#[template(path = "agreements/list.html")]
pub struct ListPage {
    asset_version: &'static str,
    filtered: bool,
    /// Why nothing matches, when a filter names a value the archive does not hold.
    unknown: Option<String>,
    total: usize,
    /// How many agreements the filters match, over all pages.
    matching: usize,
    first_shown: usize,
    page: usize,
    pages: usize,
    prev_href: Option<String>,
    next_href: Option<String>,
    agreements: Vec<AgreementItem>,
    countries: Vec<Choice>,
    parties: Vec<Choice>,
    /// How many organisations the filter offers, of how many the archive has.
    offered_parties: usize,
    all_parties: usize,
    years: Vec<Choice>,
    kinds: Vec<Choice>,
    topics: Vec<Choice>,
    sorts: Vec<Choice>,
    csv_href: String,
}

pub async fn list(State(state): State<AppState>, uri: Uri) -> Page {
    let params = Params::from_uri(&uri);
    let mut filters = ListFilters::from_params(&params);
    let archive = state.archive();
    let catalog = Catalog::of(&archive).await?;
    let unknown = filters.resolve(&catalog);
    let total = catalog.agreement_count();
    let sorts = [
        ("newest", "Date signed, newest first"),
        ("oldest", "Date signed, oldest first"),
        ("title", "Title, A to Z"),
    ]
    .into_iter()
    .map(|(value, label)| Choice {
        selected: filters.sort == value,
        value: value.to_string(),
        label: label.to_string(),
    })
    .collect();

    let today = today();
    let pool = archive.store.pool();
    let page_of = |page: usize| ListQuery {
        limit: Some(PER_PAGE),
        offset: (page - 1) * PER_PAGE,
        ..filters.query()
    };
    let asked = params.page().min(usize::MAX / PER_PAGE);
    let (matching, mut on_page) = match unknown {
        Some(_) => (0, Vec::new()),
        None => agreement::list(pool, &page_of(asked)).await?,
    };
    let qs = filters.query_string();
    let pager = Pager::new(asked, matching, PER_PAGE, |n| {
        let mut href = String::from("/agreements?");
        if !qs.is_empty() {
            href.push_str(&qs);
            href.push('&');
        }
        href.push_str(&format!("page={n}"));
        href
    });
    if pager.page != asked && matching > 0 {
        // Counted again, so a last page is found from the list's end like any other.
        on_page = agreement::list(pool, &page_of(pager.page)).await?.1;
    }
    let shown: Vec<AgreementItem> = on_page
        .iter()
        .map(|d| AgreementItem::new(d, today))
        .collect();
    render(&ListPage {
        asset_version: ASSET_VERSION,
        filtered: filters.is_filtered(),
        unknown,
        total,
        matching,
        first_shown: pager.first_shown,
        page: pager.page,
        pages: pager.pages,
        prev_href: pager.prev_href,
        next_href: pager.next_href,
        agreements: shown,
        countries: choices(&catalog.countries, &filters.country),
        parties: party_choices(&catalog, &filters.party),
        offered_parties: catalog.offered_parties.len(),
        all_parties: catalog.parties.len(),
        years: choices(&catalog.years, &filters.year),
        kinds: choices(&catalog.kinds, &filters.kind),
        topics: choices(&catalog.topics, &filters.topic),
        sorts,
        csv_href: if qs.is_empty() {
            "/agreements.csv".to_string()
        } else {
            format!("/agreements.csv?{qs}")
        },
    })
}

/// A fact of the agreement with the sentences that state it.
pub struct FactView {
    pub label: &'static str,
    pub value: String,
    pub sources: Vec<EvidenceView>,
}

pub struct EvidenceView {
    pub sentence: String,
    pub href: String,
    pub article_title: String,
}

fn field_label(field: &str) -> &'static str {
    match field {
        "signed" => "Signing reported",
        "signatory" => "Signatory",
        "party" => "Party",
        "date" => "Date signed",
        "place" => "Place signed",
        "duration" => "Duration",
        "expires" => "Expiry",
        "topic" => "Topic",
        "kind" => "Kind",
        "renews" => "Renews",
        _ => "Other fact",
    }
}

fn field_order(field: &str) -> usize {
    [
        "signed",
        "kind",
        "party",
        "signatory",
        "date",
        "place",
        "duration",
        "expires",
        "renews",
        "topic",
    ]
    .iter()
    .position(|f| *f == field)
    .unwrap_or(99)
}

/// Groups evidence rows into facts, in a reader's order; each sentence appears once per fact.
pub fn facts(rows: Vec<EvidenceRow>) -> Vec<FactView> {
    let mut rows = rows;
    rows.sort_by_key(|r| field_order(&r.field));
    let mut out: Vec<(String, FactView)> = Vec::new();
    for r in rows {
        let value = if r.field == "date" || r.field == "expires" {
            human_date_or(Some(&r.value), "")
        } else {
            r.value.clone()
        };
        let key = format!("{}\u{0}{}", r.field, r.value);
        let view = EvidenceView {
            href: format!("/articles/{}?fact={}#fact", r.article_slug, r.id),
            sentence: r.sentence,
            article_title: r.article_title,
        };
        match out.iter_mut().find(|(k, _)| *k == key) {
            Some((_, fact)) => {
                if !fact.sources.iter().any(|s| s.sentence == view.sentence) {
                    fact.sources.push(view);
                }
            }
            None => out.push((
                key,
                FactView {
                    label: field_label(&r.field),
                    value,
                    sources: vec![view],
                },
            )),
        }
    }
    out.into_iter().map(|(_, f)| f).collect()
}

pub struct Link {
    pub href: String,
    pub text: String,
}

pub struct SignatoryView {
    pub slug: String,
    pub name: String,
    pub role: Option<String>,
    pub party: Option<String>,
    pub party_slug: Option<String>,
}

pub struct SourceView {
    pub slug: String,
    pub title: String,
    pub date: String,
}

#[derive(Template)]
#[template(path = "agreements/show.html")]
pub struct ShowPage {
    asset_version: &'static str,
    item: AgreementItem,
    precision_note: Option<&'static str>,
    signatories: Vec<SignatoryView>,
    duration: Option<String>,
    status_sentence: String,
    topics: Vec<Link>,
    renews: Option<Link>,
    renewed_by: Vec<Link>,
    sources: Vec<SourceView>,
    facts: Vec<FactView>,
}

async fn title_link(state: &AppState, slug: &str) -> Result<Link, Error> {
    let archive = state.archive();
    let title = agreement::detail(archive.store.pool(), slug)
        .await?
        .map(|d| d.row.title)
        .unwrap_or_else(|| slug.to_string());
    Ok(Link {
        href: format!("/agreements/{slug}"),
        text: title,
    })
}

pub async fn show(State(state): State<AppState>, Slug(slug): Slug) -> Page {
    let archive = state.archive();
    let pool = archive.store.pool();
    let d = agreement::detail(pool, &slug)
        .await?
        .ok_or(Error::NotFound)?;
    let evidence = agreement::evidence(pool, d.row.id).await?;
    let today = today();
    let item = AgreementItem::new(&d, today);
    let precision_note = d
        .row
        .signed_date
        .as_deref()
        .and_then(PartialDate::parse)
        .and_then(|p| match (p.month, p.day) {
            (Some(_), Some(_)) => None,
            (Some(_), None) => Some("the sources give the month, not the day"),
            _ => Some("the sources give the year only"),
        });
    let renews = match &d.renews {
        Some(s) => Some(title_link(&state, s).await?),
        None => None,
    };
    let mut renewed_by = Vec::new();
    for s in &d.renewed_by {
        renewed_by.push(title_link(&state, s).await?);
    }
    render(&ShowPage {
        asset_version: ASSET_VERSION,
        precision_note,
        signatories: d
            .signatories
            .iter()
            .map(|s| SignatoryView {
                slug: s.slug.clone(),
                name: s.name.clone(),
                role: s.role.clone(),
                party: s.party.clone(),
                party_slug: s.party_slug.clone(),
            })
            .collect(),
        duration: d.row.duration.clone(),
        status_sentence: status_sentence(item.status, d.row.expires.as_deref()),
        topics: d
            .topics
            .iter()
            .map(|t| Link {
                href: format!(
                    "/agreements?{}",
                    form_urlencoded::Serializer::new(String::new())
                        .append_pair("topic", t)
                        .finish()
                ),
                text: t.clone(),
            })
            .collect(),
        renews,
        renewed_by,
        sources: d
            .sources
            .iter()
            .map(|s| SourceView {
                slug: s.slug.clone(),
                title: s.title.clone(),
                date: human_date_or(s.published.as_deref(), "date not stated"),
            })
            .collect(),
        facts: facts(evidence),
        item,
    })
}

#[derive(Template)]
#[template(path = "agreements/expiring.html")]
pub struct ExpiringPage {
    asset_version: &'static str,
    today: String,
    soon: ExpiringSection,
    passed: ExpiringSection,
}

/// One of the expiring page's two lists, a page of it at a time.
pub struct ExpiringSection {
    /// How many agreements the list holds over all its pages.
    total: usize,
    pager: Pager,
    agreements: Vec<AgreementItem>,
}

/// How far back an expiry counts as "just passed".
const JUST_PASSED_DAYS: i64 = 90;

/// The agreements the expiring page lists, as ids in the order it lists them: those whose expiry
/// falls in the next 12 months, soonest first, and those whose expiry passed in the last
/// `JUST_PASSED_DAYS`, in the order they expired. Equal expiries keep the order of their ids, so
/// the order is the same on every request and a page never repeats or skips an agreement.
fn due(expiries: &[(i64, String)], today: NaiveDate) -> (Vec<i64>, Vec<i64>) {
    let horizon = today + Duration::days(365);
    let since = today - Duration::days(JUST_PASSED_DAYS);
    let mut soon = Vec::new();
    let mut passed = Vec::new();
    for (id, expires) in expiries {
        let Some((first, last)) = day_bounds(expires) else {
            continue;
        };
        if last < today && last >= since {
            passed.push((expires, *id));
        } else if last >= today && first <= horizon {
            soon.push((expires, *id));
        }
    }
    let in_order = |mut v: Vec<(&String, i64)>| -> Vec<i64> {
        v.sort_unstable();
        v.into_iter().map(|(_, id)| id).collect()
    };
    (in_order(soon), in_order(passed))
}

/// A link to the expiring page showing these pages of its two lists.
fn expiring_href(soon_page: usize, passed_page: usize, fragment: &str) -> String {
    let mut query = Vec::new();
    if soon_page > 1 {
        query.push(format!("page={soon_page}"));
    }
    if passed_page > 1 {
        query.push(format!("passed_page={passed_page}"));
    }
    let mut href = String::from("/agreements/expiring");
    if !query.is_empty() {
        href.push('?');
        href.push_str(&query.join("&"));
    }
    href.push_str(fragment);
    href
}

/// Agreements expiring in the next 12 months (`page`) and those that just expired
/// (`passed_page`), each list paged like the agreements list; each pager keeps the other list's
/// page. Only the agreements on the two pages shown are read in full.
pub async fn expiring(State(state): State<AppState>, uri: Uri) -> Page {
    let params = Params::from_uri(&uri);
    let archive = state.archive();
    let today = today();
    let pool = archive.store.pool();
    let (soon, passed) = due(&Catalog::of(&archive).await?.expiries, today);

    let soon_asked = params.page();
    let passed_asked = params.page_named("passed_page");
    let soon_page = Pager::shown(soon_asked, soon.len(), PER_PAGE);
    let passed_page = Pager::shown(passed_asked, passed.len(), PER_PAGE);
    let soon_pager = Pager::new(soon_asked, soon.len(), PER_PAGE, |n| {
        expiring_href(n, passed_page, "")
    });
    let passed_pager = Pager::new(passed_asked, passed.len(), PER_PAGE, |n| {
        expiring_href(soon_page, n, "#passed")
    });
    let page_of = |ids: &[i64], pager: &Pager| -> Vec<i64> {
        ids.iter()
            .skip(pager.first_shown - 1)
            .take(PER_PAGE)
            .copied()
            .collect()
    };
    let soon_ids = page_of(&soon, &soon_pager);
    let passed_ids = page_of(&passed, &passed_pager);

    let wanted: Vec<i64> = soon_ids.iter().chain(&passed_ids).copied().collect();
    let details: HashMap<i64, AgreementDetail> = if wanted.is_empty() {
        HashMap::new()
    } else {
        agreement::details_of(pool, &wanted)
            .await?
            .into_iter()
            .map(|d| (d.row.id, d))
            .collect()
    };
    let items = |ids: &[i64]| -> Vec<AgreementItem> {
        ids.iter()
            .filter_map(|id| details.get(id))
            .map(|d| AgreementItem::new(d, today))
            .collect()
    };
    render(&ExpiringPage {
        asset_version: ASSET_VERSION,
        today: PartialDate::day(today).human(),
        soon: ExpiringSection {
            total: soon.len(),
            pager: soon_pager,
            agreements: items(&soon_ids),
        },
        passed: ExpiringSection {
            total: passed.len(),
            pager: passed_pager,
            agreements: items(&passed_ids),
        },
    })
}

/// One CSV field, quoted when it must be (RFC 4180); formula-like text is prefixed so a
/// spreadsheet shows it rather than runs it.
fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// The list as CSV. Unfiltered, it is every agreement (29 MB at 100,000 articles), so it is built
/// once a day per generation (its status column changes with the date) and kept gzipped.
pub async fn csv(
    State(state): State<AppState>,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, Error> {
    const CONTENT_TYPE: &str = "text/csv; charset=utf-8";
    const DISPOSITION: &str = "attachment; filename=\"agreements.csv\"";
    let params = Params::from_uri(&uri);
    let mut filters = ListFilters::from_params(&params);
    let archive = state.archive();
    let today = today();
    let unknown = filters.resolve(&*Catalog::of(&archive).await?);
    if !filters.is_filtered() {
        let name = match filters.sort.as_str() {
            "oldest" => "agreements.csv?sort=oldest",
            "title" => "agreements.csv?sort=title",
            _ => "agreements.csv",
        };
        let export = archive
            .exports
            .get_or_build(name, Some(today), || async {
                let details = agreement::page(archive.store.pool(), &filters.query()).await?;
                let version = format!("{name}-{}-{today}-{ASSET_VERSION}", archive.generation);
                Gzipped::build_off_thread(CONTENT_TYPE, version, move |out| {
                    write_csv(&details, today, out)
                })
                .await
                .map(|export| export.downloaded_as(DISPOSITION))
            })
            .await?;
        return Ok(export.respond(&headers));
    }
    let details = match unknown {
        Some(_) => Vec::new(),
        None => agreement::page(archive.store.pool(), &filters.query()).await?,
    };
    let mut out = Vec::new();
    write_csv(&details, today, &mut out).map_err(|err| Error::Internal(format!("csv: {err}")))?;
    let mut response = out.into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE));
    response.headers_mut().insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static(DISPOSITION),
    );
    Ok(response)
}

/// The CSV of these agreements, header first, lines ended with CRLF (RFC 4180).
fn write_csv(details: &[AgreementDetail], today: NaiveDate, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(
        b"slug,title,kind,signed_date,signed_place,parties,countries,signatories,duration,expires,status,topics,sources,renews\r\n",
    )?;
    for d in details {
        let join = |v: Vec<String>| v.join("; ");
        let row = [
            d.row.slug.clone(),
            d.row.title.clone(),
            d.row.kind.clone(),
            d.row.signed_date.clone().unwrap_or_default(),
            d.row.signed_place.clone().unwrap_or_default(),
            join(d.parties.iter().map(|p| p.name.clone()).collect()),
            join(
                d.parties
                    .iter()
                    .filter_map(|p| p.country_code.clone())
                    .collect(),
            ),
            join(
                d.signatories
                    .iter()
                    .map(|s| match &s.role {
                        Some(r) => format!("{} ({r})", s.name),
                        None => s.name.clone(),
                    })
                    .collect(),
            ),
            d.row.duration.clone().unwrap_or_default(),
            d.row.expires.clone().unwrap_or_default(),
            status(
                d.row.signed_date.as_deref(),
                d.row.expires.as_deref(),
                today,
            )
            .label()
            .to_lowercase(),
            join(d.topics.clone()),
            join(d.sources.iter().map(|s| s.slug.clone()).collect()),
            d.renews.clone().unwrap_or_default(),
        ];
        let fields: Vec<String> = row.iter().map(|f| csv_field(f)).collect();
        out.write_all(fields.join(",").as_bytes())?;
        out.write_all(b"\r\n")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn status_follows_the_expiry_and_today() {
        let today = day(2026, 6, 15);
        assert_eq!(
            status(Some("2024-07-04"), Some("2027-07-04"), today),
            Status::InEffect
        );
        assert_eq!(
            status(Some("2022-07-04"), Some("2025-07-04"), today),
            Status::Expired
        );
        assert_eq!(status(Some("2022-07"), None, today), Status::Unknown);
        // Today falls within "June 2026": the sources cannot say which side of it we are.
        assert_eq!(status(None, Some("2026-06"), today), Status::Unknown);
        assert_eq!(status(None, Some("2026-05"), today), Status::Expired);
        assert_eq!(status(None, Some("2027"), today), Status::InEffect);
    }

    #[test]
    fn the_expiring_lists_hold_the_year_ahead_and_the_last_90_days_in_expiry_order() {
        let today = day(2026, 6, 15);
        let expiries = [
            (1, "2026-09-01"),
            (2, "2026-06-15"), // today: still to come
            (3, "2026-06-14"), // yesterday: just passed
            (4, "2026-03-17"), // 90 days ago
            (5, "2026-03-16"), // 91 days ago: too long ago
            (6, "2027-06-15"), // 365 days ahead
            (7, "2027-06-16"), // too far ahead
            (8, "2026-06"),    // this month: a day of it is still to come
            (9, "2026-09-01"), // the same day as 1: after it, by id
            (10, "someday"),   // unreadable: neither
            (11, "2027"),      // a year that begins within the horizon
        ]
        .map(|(id, e)| (id, e.to_string()))
        .to_vec();
        let (soon, passed) = due(&expiries, today);
        assert_eq!(soon, vec![8, 2, 1, 9, 11, 6]);
        assert_eq!(passed, vec![4, 3]);
    }

    #[test]
    fn expiring_links_name_only_the_pages_past_the_first() {
        assert_eq!(expiring_href(1, 1, ""), "/agreements/expiring");
        assert_eq!(expiring_href(2, 1, ""), "/agreements/expiring?page=2");
        assert_eq!(
            expiring_href(3, 2, "#passed"),
            "/agreements/expiring?page=3&passed_page=2#passed"
        );
        assert_eq!(
            expiring_href(1, 2, "#passed"),
            "/agreements/expiring?passed_page=2#passed"
        );
    }

    #[test]
    fn csv_fields_are_quoted_and_defused() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=SUM(A1)"), "'=SUM(A1)");
    }
}
