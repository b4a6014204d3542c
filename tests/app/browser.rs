//! Browser tests: headless Chromium, driven through chromedriver with fantoccini, against the real
//! server on a loopback port. They search and narrow, follow an agreement to its source, do it all
//! again with the keyboard alone, and run axe-core in every page type, failing on any WCAG 2.1 A
//! or AA violation.
//!
//! Without Chromium and chromedriver (Debian packages `chromium` and `chromium-driver`) each test
//! says so in one line and passes; `.ci/run` installs them. Without axe-core the axe test does the
//! same, except under `CI`, where it fails.

use std::future::Future;
use std::io::Write;
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

use mou_archive::web;

use crate::helpers::{serve, TestApp};

const ADMIN_TOKEN: &str = "browser test token";
/// How long to wait for a page, an element or chromedriver before failing.
const PATIENCE: Duration = Duration::from_secs(15);

/// One line on the real stderr, so `cargo test` shows it even though it captures test output.
fn say(line: &str) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

/// A program on PATH, or at one of the usual Debian places.
fn find_program(names: &[&str], fallbacks: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    names
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
        .chain(fallbacks.iter().map(PathBuf::from))
        .find(|p| p.is_file())
}

/// axe-core's browser bundle: `$AXE_CORE_JS`, else where npm installs it in the repo.
fn find_axe() -> Option<PathBuf> {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::env::var_os("AXE_CORE_JS")
        .map(PathBuf::from)
        .into_iter()
        .chain([
            repo.join("node_modules/axe-core/axe.min.js"),
            repo.join(".ci/node_modules/axe-core/axe.min.js"),
        ])
        .find(|p| p.is_file())
}

/// chromedriver as a child process, killed when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Driver {
    fn start(program: &Path) -> Driver {
        // Ask the OS for a free port, then hand it to chromedriver.
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new(program)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("start {}: {e}", program.display()));
        Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The archive served on a loopback port (admin on), and a headless Chromium to drive it.
/// Returns `None`, having said why, when Chromium or chromedriver is not installed.
async fn start() -> Option<(TestApp, String, Driver, Client)> {
    let chromium = find_program(
        &["chromium", "chromium-browser"],
        &["/usr/bin/chromium", "/usr/lib/chromium/chromium"],
    );
    let chromedriver = find_program(&["chromedriver"], &["/usr/bin/chromedriver"]);
    let (Some(chromium), Some(chromedriver)) = (chromium, chromedriver) else {
        say("skipping browser test: chromium/chromedriver not installed (install Debian packages chromium chromium-driver)");
        return None;
    };

    let app = TestApp::seeded().await;
    let router = web::router(app.state.clone().with_admin_token(Some(ADMIN_TOKEN.into())));
    let addr: SocketAddr = serve(router).await;
    let base = format!("http://{addr}");

    let driver = Driver::start(&chromedriver);
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": chromium,
            "args": [
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-extensions",
                "--no-first-run",
                "--window-size=1280,1024",
            ],
        }),
    );
    // chromedriver takes a moment to listen: retry the session until it does.
    let deadline = Instant::now() + PATIENCE;
    let client = loop {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(connector)
            .capabilities(caps.clone())
            .connect(&driver.url)
            .await
        {
            Ok(client) => break client,
            Err(_) if Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            Err(e) => panic!("no WebDriver session from {}: {e}", driver.url),
        }
    };
    Some((app, base, driver, client))
}

/// Runs `checks` in a fresh browser against a fresh server, then always ends the browser session
/// (so no Chromium outlives a failed test) before passing any failure on.
async fn with_browser<F, Fut>(checks: F)
where
    F: FnOnce(Client, String, Arc<TestApp>) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let Some((app, base, driver, client)) = start().await else {
        return;
    };
    // The app (and its temp dir) outlives the checks, whether or not they use it.
    let app = Arc::new(app);
    let outcome = tokio::spawn(checks(client.clone(), base, app.clone())).await;
    let _ = client.close().await;
    drop(driver);
    drop(app);
    if let Err(err) = outcome {
        std::panic::resume_unwind(err.into_panic());
    }
}

async fn wait_for(client: &Client, css: &str) -> Element {
    client
        .wait()
        .at_most(PATIENCE)
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no element {css:?}: {e}"))
}

/// Clicks the element `css` selects on the page as it stands.
async fn click(client: &Client, css: &str) {
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no element {css:?}: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {css:?}: {e}"));
}

/// Waits until the page's path (and query, when given) is this one.
async fn wait_for_path(client: &Client, path_and_query: &str) {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let url = client.current_url().await.expect("current url");
        let here = match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_string(),
        };
        if here == path_and_query || (!path_and_query.contains('?') && url.path() == path_and_query)
        {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "expected to reach {path_and_query}, still at {url}"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// Waits until the path starts with this prefix (and is longer), and returns the path.
async fn wait_for_path_under(client: &Client, prefix: &str) -> String {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let url = client.current_url().await.expect("current url");
        if url.path().starts_with(prefix) && url.path().len() > prefix.len() {
            return url.path().to_string();
        }
        assert!(
            Instant::now() < deadline,
            "expected a page under {prefix}, still at {url}"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// The number the search page's result count starts with ("12 results for …").
async fn result_total(client: &Client) -> u64 {
    let text = wait_for(client, ".result-count")
        .await
        .text()
        .await
        .expect("count text");
    text.split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("the result count starts with a number: {text:?}"))
}

async fn press(client: &Client, key: Key) {
    let c: char = key.into();
    let keys = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: c })
        .then(KeyAction::Up { value: c });
    client.perform_actions(keys).await.expect("key press");
}

/// What has focus, and whether it shows: its tag, id, classes, type, text, and its outline and
/// box shadow.
async fn focused(client: &Client) -> Value {
    client
        .execute(
            r#"const e = document.activeElement;
               const s = getComputedStyle(e);
               return {
                 tag: e.tagName.toLowerCase(), id: e.id, class: e.className,
                 type: e.getAttribute('type') || '', name: e.getAttribute('name') || '',
                 text: (e.innerText || e.value || '').trim().slice(0, 60),
                 outline: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth) || 0,
                 boxShadow: s.boxShadow,
               };"#,
            vec![],
        )
        .await
        .expect("read the focused element")
}

fn assert_focus_visible(f: &Value) {
    let outlined = f["outline"] != "none" && f["outlineWidth"].as_f64().unwrap_or(0.0) > 0.0;
    let shadowed = f["boxShadow"] != "none";
    assert!(
        outlined || shadowed,
        "the focused element shows no focus (no outline, no box shadow): {f}"
    );
}

/// Presses Tab until focus lands on an element `is_target` accepts, checking on the way that
/// every element that takes focus shows it.
async fn tab_to(client: &Client, what: &str, is_target: impl Fn(&Value) -> bool) -> Value {
    for _ in 0..60 {
        press(client, Key::Tab).await;
        let f = focused(client).await;
        if f["tag"] != "body" {
            assert_focus_visible(&f);
        }
        if is_target(&f) {
            return f;
        }
    }
    panic!("60 presses of Tab never reached {what}");
}

#[tokio::test(flavor = "multi_thread")]
async fn in_a_browser_a_search_from_the_home_page_narrows_by_a_facet() {
    with_browser(|client, base, _app| async move {
        client.goto(&format!("{base}/")).await.expect("home page");
        let q = wait_for(&client, "main input#q").await;
        q.send_keys("digital").await.expect("type");
        click(&client, "main form[role=search] button[type=submit]").await;
        wait_for_path(&client, "/search?q=digital").await;
        let before = result_total(&client).await;
        let shown = client
            .find_all(Locator::Css("ol.results > li"))
            .await
            .expect("results");
        assert!(
            before > 1 && !shown.is_empty(),
            "a search for digital finds several results"
        );

        // A country that holds some of the results but not all of them.
        let mut choice = None;
        for check in client
            .find_all(Locator::Css("input[type=checkbox][name=country]"))
            .await
            .expect("country facet")
        {
            let id = check.attr("id").await.expect("id").expect("checkbox id");
            let label = client
                .find(Locator::Css(&format!("label[for='{id}'] .count")))
                .await
                .expect("count in label")
                .text()
                .await
                .expect("count text");
            let count: u64 = label
                .trim_matches(|c: char| !c.is_ascii_digit())
                .parse()
                .unwrap_or_else(|_| panic!("a facet count: {label:?}"));
            if count > 0 && count < before {
                choice = Some((check, count));
                break;
            }
        }
        let (check, count) = choice.expect("a country facet option that narrows the results");
        if !check.is_displayed().await.expect("displayed") {
            // Its facet is folded: open it as a reader would.
            client
                .execute(
                    "arguments[0].closest('details').open = true",
                    vec![serde_json::to_value(&check).expect("element as json")],
                )
                .await
                .expect("open the facet");
        }
        check.click().await.expect("tick the country");
        click(&client, ".filters-panel button[type=submit]").await;
        let deadline = Instant::now() + PATIENCE;
        while !client
            .current_url()
            .await
            .expect("url")
            .query()
            .unwrap_or_default()
            .contains("country=")
        {
            assert!(
                Instant::now() < deadline,
                "the filter never reached the URL"
            );
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        let after = result_total(&client).await;
        assert_eq!(after, count, "the results narrow to the facet's count");
        assert!(after < before);
        wait_for(&client, ".active-filters a").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn in_a_browser_an_agreement_leads_to_the_press_release_it_came_from() {
    with_browser(|client, base, _app| async move {
        client
            .goto(&format!("{base}/agreements"))
            .await
            .expect("agreements page");
        let link = wait_for(&client, "main ol.agreements h3 a").await;
        let title = link.text().await.expect("agreement title");
        link.click().await.expect("open the agreement");
        wait_for_path_under(&client, "/agreements/").await;
        let h1 = wait_for(&client, "main h1").await.text().await.expect("h1");
        assert_eq!(h1, title);
        assert!(client.title().await.expect("title").starts_with(&title));

        let source = wait_for(&client, "main ol.results h3 a[href^='/articles/']").await;
        let source_title = source.text().await.expect("source title");
        source.click().await.expect("follow the source");
        wait_for_path_under(&client, "/articles/").await;
        let kicker = wait_for(&client, "main .kicker")
            .await
            .text()
            .await
            .expect("kicker");
        assert!(kicker.eq_ignore_ascii_case("press release"), "{kicker}");
        let h1 = wait_for(&client, "main h1").await.text().await.expect("h1");
        assert_eq!(h1, source_title);
        // The article names the agreement it reports, linking back.
        client
            .find(Locator::Css("main dl.facts a[href^='/agreements/']"))
            .await
            .expect("a link back to the agreement");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn with_the_keyboard_alone_a_reader_skips_to_the_content_searches_and_narrows() {
    with_browser(|client, base, _app| async move {
        client.goto(&format!("{base}/")).await.expect("home page");
        wait_for(&client, "main input#q").await;

        press(&client, Key::Tab).await;
        let first = focused(&client).await;
        assert!(
            first["class"] == "skip-link" && first["tag"] == "a",
            "the first Tab reaches the skip link, not {first}"
        );
        assert_focus_visible(&first);
        press(&client, Key::Enter).await;
        let deadline = Instant::now() + PATIENCE;
        loop {
            let f = focused(&client).await;
            if f["id"] == "main" {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "the skip link moves focus to the main content, not {f}"
            );
            tokio::time::sleep(Duration::from_millis(25)).await;
        }

        // From the main content, the next stop is the page's own search field.
        press(&client, Key::Tab).await;
        let field = focused(&client).await;
        assert!(
            field["id"] == "q" && field["type"] == "search",
            "Tab after the skip link reaches the search field, not {field}"
        );
        assert_focus_visible(&field);
        let keys = KeyActions::new("typing".into());
        let keys = "digital".chars().fold(keys, |k, c| {
            k.then(KeyAction::Down { value: c })
                .then(KeyAction::Up { value: c })
        });
        client.perform_actions(keys).await.expect("type");
        press(&client, Key::Enter).await;
        wait_for_path(&client, "/search?q=digital").await;
        let before = result_total(&client).await;

        // Tick the first filter checkbox with Space, then reach "Apply filters" and press Enter.
        let check = tab_to(&client, "a filter checkbox", |f| f["type"] == "checkbox").await;
        press(&client, Key::Space).await;
        let name = check["name"].as_str().expect("checkbox name").to_string();
        tab_to(&client, "the Apply filters button", |f| {
            f["tag"] == "button" && f["text"] == "Apply filters"
        })
        .await;
        press(&client, Key::Enter).await;
        let deadline = Instant::now() + PATIENCE;
        while !client
            .current_url()
            .await
            .expect("url")
            .query()
            .unwrap_or_default()
            .contains(&format!("{name}="))
        {
            assert!(
                Instant::now() < deadline,
                "the ticked filter {name} never reached the URL"
            );
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        let after = result_total(&client).await;
        assert!(after <= before, "a filter never widens the results");
        wait_for(&client, ".active-filters a").await;
    })
    .await;
}

/// A path of each page type the site has, with real slugs from the seeded archive.
async fn page_of_each_type(app: &TestApp) -> Vec<String> {
    async fn first_link(app: &TestApp, list: &str, prefix: &str) -> String {
        let (_, html) = app.get(list).await;
        let doc = scraper::Html::parse_document(&html);
        let sel = scraper::Selector::parse("main a[href]").expect("selector");
        doc.select(&sel)
            .filter_map(|a| a.value().attr("href"))
            .find(|h| h.starts_with(prefix) && h.len() > prefix.len() && !h.ends_with("/expiring"))
            .unwrap_or_else(|| panic!("{list} links to a page under {prefix}"))
            .to_string()
    }
    let mut pages: Vec<String> = [
        "/",
        "/search?q=digital",
        "/search?q=digital&country=SG",
        "/search",
        "/agreements",
        "/agreements/expiring",
        "/parties",
        "/people",
        "/countries",
        "/timeline",
        "/admin",
        "/no-such-page",
    ]
    .map(String::from)
    .into();
    for (list, prefix) in [
        ("/agreements", "/agreements/"),
        ("/parties", "/parties/"),
        ("/people", "/people/"),
        ("/countries", "/countries/"),
        ("/", "/articles/"),
    ] {
        pages.push(first_link(app, list, prefix).await);
    }
    pages
}

const AXE_RUN: &str = r#"
const done = arguments[arguments.length - 1];
axe.run(document, {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  resultTypes: ['violations'],
}).then(
  (r) => done({ violations: r.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map((n) => n.target.join(' ')),
  })) }),
  (e) => done({ error: String(e) }),
);
"#;

/// Runs axe-core in the page that is open and returns its violations as readable lines.
async fn axe_violations(client: &Client, axe_source: &str, page: &str) -> Vec<String> {
    client
        .execute(axe_source, vec![])
        .await
        .unwrap_or_else(|e| panic!("inject axe-core into {page}: {e}"));
    let result = client
        .execute_async(AXE_RUN, vec![])
        .await
        .unwrap_or_else(|e| panic!("run axe-core in {page}: {e}"));
    if let Some(err) = result.get("error") {
        panic!("axe-core failed in {page}: {err}");
    }
    result["violations"]
        .as_array()
        .expect("violations")
        .iter()
        .map(|v| {
            let targets: Vec<&str> = v["targets"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            format!(
                "{page}: {} ({}): {} — at {}",
                v["id"].as_str().unwrap_or("?"),
                v["impact"].as_str().unwrap_or("?"),
                v["help"].as_str().unwrap_or("?"),
                targets.join(", ")
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn every_page_type_passes_axe_core_wcag_2_1_a_and_aa() {
    let Some(axe) = find_axe() else {
        let line = "axe-core not installed (run `npm install --no-save --prefix .ci axe-core@4`, or set AXE_CORE_JS to axe.min.js)";
        assert!(std::env::var_os("CI").is_none(), "{line}");
        say(&format!("skipping browser test: {line}"));
        return;
    };
    let axe_source =
        std::fs::read_to_string(&axe).unwrap_or_else(|e| panic!("read {}: {e}", axe.display()));
    with_browser(|client, base, app| async move {
        let mut pages = page_of_each_type(&app).await;
        client
            .update_timeouts(fantoccini::wd::TimeoutConfiguration::new(
                Some(Duration::from_secs(30)),
                Some(Duration::from_secs(30)),
                None,
            ))
            .await
            .expect("script timeout");
        let mut violations = Vec::new();
        let mut titles = Vec::new();
        // The seeds hold three agreements: the pagers, and a list the archive can fill but a
        // filter empties, appear only in a larger archive.
        let corpus = tempfile::tempdir().expect("temp dir");
        mou_archive::synth::write(corpus.path(), 300, 5).expect("synthetic corpus");
        let larger = TestApp::with_seeds(corpus.path()).await;
        let larger_base = format!("http://{}", serve(web::router(larger.state.clone())).await);
        for page in [
            "/agreements?page=2",
            "/agreements?sort=title&page=3",
            "/search?q=digital&page=2",
            "/agreements/expiring",
            "/agreements?kind=nothing-of-the-kind",
            "/agreements?country=SG&year=1990",
        ] {
            client
                .goto(&format!("{larger_base}{page}"))
                .await
                .unwrap_or_else(|e| panic!("open {page}: {e}"));
            wait_for(&client, "main h1").await;
            violations.extend(axe_violations(&client, &axe_source, page).await);
        }
        pages.push("/admin (signed in)".into());
        for page in &pages {
            if page == "/admin (signed in)" {
                client.goto(&format!("{base}/admin")).await.expect("admin");
                let token = wait_for(&client, "input#token").await;
                token.send_keys(ADMIN_TOKEN).await.expect("type token");
                click(&client, "form.admin-login button[type=submit]").await;
                wait_for(&client, "#live-generation").await;
            } else {
                client
                    .goto(&format!("{base}{page}"))
                    .await
                    .unwrap_or_else(|e| panic!("open {page}: {e}"));
                wait_for(&client, "main h1").await;
            }
            // No feature needs JavaScript: no page carries a script.
            let scripts = client
                .execute("return document.scripts.length", vec![])
                .await
                .expect("count scripts");
            assert_eq!(scripts, json!(0), "{page} carries a script");
            let title = client.title().await.expect("title");
            titles.push((page.clone(), title));
            violations.extend(axe_violations(&client, &axe_source, page).await);
        }
        assert!(
            violations.is_empty(),
            "axe-core found {} WCAG 2.1 A/AA violation(s):\n{}",
            violations.len(),
            violations.join("\n")
        );
        // Meaningful titles: each names its page before the site, and no two page types share one.
        for (page, title) in &titles {
            assert!(
                title.ends_with(" – MoU Archive") && title.len() > " – MoU Archive".len(),
                "{page} has the title {title:?}"
            );
        }
        let mut distinct: Vec<&str> = titles.iter().map(|(_, t)| t.as_str()).collect();
        distinct.sort();
        distinct.dedup();
        assert_eq!(distinct.len(), titles.len(), "page titles: {titles:?}");
    })
    .await;
}
