//! The synthetic corpus behind the benchmark: deterministic, and realistic enough that the
//! extractor finds most of what it planted.

use std::collections::BTreeSet;

use axum::http::StatusCode;
use mou_archive::generation::DataDir;
use mou_archive::import::import_seeds;
use mou_archive::store::{agreement, Store};
use mou_archive::synth;

use crate::helpers::{select_texts, TestApp};

#[test]
fn the_same_seed_writes_the_same_files() {
    let a = tempfile::tempdir().expect("temp dir");
    let b = tempfile::tempdir().expect("temp dir");
    let ma = synth::write(a.path(), 120, 42).expect("synth writes");
    let mb = synth::write(b.path(), 120, 42).expect("synth writes");
    assert_eq!(ma, mb);
    let names = |d: &std::path::Path| -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(d)
            .expect("read dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    assert_eq!(names(a.path()), names(b.path()));
    for name in names(a.path()) {
        assert_eq!(
            std::fs::read(a.path().join(&name)).expect("read"),
            std::fs::read(b.path().join(&name)).expect("read"),
            "{name} differs between two runs with the same seed"
        );
    }
}

#[tokio::test]
async fn importing_a_synthetic_corpus_finds_most_planted_agreements() {
    let dir = tempfile::tempdir().expect("temp dir");
    let seeds = dir.path().join("corpus");
    let manifest = synth::write(&seeds, 200, 7).expect("synth writes");
    let report = import_seeds(&seeds, &dir.path().join("data"))
        .await
        .expect("import succeeds");
    assert!(!report.has_errors(), "{report}");
    assert_eq!(report.articles, 200);

    let live = DataDir::new(dir.path().join("data"))
        .live()
        .expect("a live generation");
    let store = Store::open_read_only(&live.db_path())
        .await
        .expect("store opens");
    // The importer gives every row its ids itself and skips SQLite's per-row foreign key
    // checks: the whole database is checked here instead.
    let broken: Vec<(String, Option<i64>, String)> =
        sqlx::query_as("SELECT \"table\", rowid, parent FROM pragma_foreign_key_check")
            .fetch_all(store.pool())
            .await
            .expect("foreign key check runs");
    assert!(broken.is_empty(), "rows with missing parents: {broken:?}");
    let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(store.pool())
        .await
        .expect("integrity check runs");
    assert_eq!(integrity, "ok");
    let found: Vec<BTreeSet<String>> = agreement::details(store.pool())
        .await
        .expect("agreements")
        .iter()
        .map(|d| d.parties.iter().map(|p| p.name.clone()).collect())
        .collect();
    let planted = &manifest.agreements;
    let hits = planted
        .iter()
        .filter(|a| {
            let want: BTreeSet<String> = a.parties.iter().cloned().collect();
            found.contains(&want)
        })
        .count();
    let share = hits as f64 / planted.len() as f64;
    assert!(
        share >= 0.8,
        "only {hits} of {} planted agreements were found ({share:.2})",
        planted.len()
    );
    // Several reports of one agreement are merged, not counted twice.
    let reports: usize = planted.iter().map(|a| a.files.len()).sum();
    assert!(reports > planted.len());
    assert!(
        report.agreements < reports,
        "{} agreements from {reports} reports",
        report.agreements
    );
}

/// The pages that list without limit in a small archive stay within the page budget in a large
/// one: lists are paged, and the filter, partner and network choices capped.
#[tokio::test]
async fn pages_stay_under_50_kb_as_the_archive_grows() {
    let corpus = tempfile::tempdir().expect("temp dir");
    synth::write(corpus.path(), 400, 3).expect("synth writes");
    let app = TestApp::with_seeds(corpus.path()).await;
    let (_, css) = app
        .get(&format!(
            "/static/style.css?v={}",
            mou_archive::web::ASSET_VERSION
        ))
        .await;
    assert!(css.len() > 1000, "the stylesheet is served");

    let (_, parties) = app.get("/parties").await;
    let rows = select_texts(&parties, "ul.results li");
    assert_eq!(rows.len(), 150, "organisations are listed a page at a time");
    assert_eq!(
        select_texts(&parties, "nav.pagination a[rel=next]").len(),
        1
    );
    // An organisation with one agreement is not among those the agreements filter offers, and
    // filtering on it still shows it chosen.
    let (_, last) = app.get("/parties?page=2").await;
    let rare = scraper::Html::parse_document(&last)
        .select(&scraper::Selector::parse("ul.results li").unwrap())
        .find(|li| li.text().collect::<String>().ends_with("· 1 agreement"))
        .and_then(|li| {
            li.select(&scraper::Selector::parse("a").unwrap())
                .next()?
                .value()
                .attr("href")
                .map(|h| h.trim_start_matches("/parties/").to_string())
        })
        .expect("an organisation with one agreement");
    let (_, list) = app.get("/agreements").await;
    let offered = select_texts(&list, "#f-party option");
    assert_eq!(
        offered.len(),
        1 + 50,
        "'any' and the 50 busiest organisations"
    );
    assert_eq!(select_texts(&list, "#f-party-hint").len(), 1);
    let (_, filtered) = app.get(&format!("/agreements?party={rare}")).await;
    let chosen = scraper::Html::parse_document(&filtered)
        .select(&scraper::Selector::parse("#f-party option[selected]").unwrap())
        .filter_map(|o| o.value().attr("value").map(str::to_string))
        .collect::<Vec<_>>();
    assert_eq!(chosen, vec![rare.clone()]);

    let (_, timeline) = app.get("/timeline").await;
    assert_eq!(select_texts(&timeline, "svg.network line").len(), 60);
    let caption = select_texts(&timeline, "#network ~ table caption");
    assert!(caption[0].starts_with("The 60 pairs"), "{caption:?}");

    let (_, countries) = app.get("/countries").await;
    let busiest_country = scraper::Html::parse_document(&countries)
        .select(&scraper::Selector::parse("main a[href^='/countries/']").unwrap())
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .next()
        .expect("a country");
    for uri in [
        "/",
        "/agreements",
        "/agreements?sort=title&page=3",
        "/agreements/expiring",
        "/parties",
        &format!("/parties/{rare}"),
        "/people",
        "/countries",
        &busiest_country,
        "/timeline",
        "/search?q=digital",
    ] {
        let (status, html) = app.get(uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        let kb = (html.len() + css.len()) as f64 / 1024.0;
        assert!(kb < 50.0, "{uri}: {kb:.1} KB");
    }
}
