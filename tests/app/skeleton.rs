//! The walking skeleton: seeds → SQLite + tantivy → pages.

use axum::http::StatusCode;
use mou_archive::generation::DataDir;
use mou_archive::import::{import_seeds, FileStatus};
use mou_archive::store::{article, Store};

use crate::helpers::{seeds_dir, select_html, select_texts, TestApp};

#[tokio::test]
async fn importing_the_seeds_gives_five_articles_with_the_titles_and_dates_the_texts_give() {
    let app = TestApp::seeded().await;
    assert_eq!(app.report.articles, 5);
    assert!(!app.report.has_errors());

    let archive = app.state.archive();
    let mut rows = article::all(archive.store.pool()).await.unwrap();
    rows.sort_by(|a, b| a.file.cmp(&b.file));
    let got: Vec<(&str, Option<&str>)> = rows
        .iter()
        .map(|r| (r.title.as_str(), r.published.as_deref()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("Singapore and UK sign GovTech agreement", None),
            ("SIN SG Facilitates new UK-SG MOU in Digital Government Services", None),
            (
                "MoU signing between GovTech and UK Government Digital Service to strengthen collaboration in the design and delivery of digital government public services",
                Some("2022-07-04")
            ),
            (
                "GDS and Singapore GovTech Agency sign agreement to collaborate on digital government services",
                None
            ),
            (
                "The UK has signed a new Memorandum of Understanding (MOU) with South Korea to strengthen government digital services",
                None
            ),
        ]
    );
    assert_eq!(
        rows[2].source_url.as_deref(),
        Some("/media/media-releases/2022-07-04-mou-signing-between-govtech-and-uk-government-digital-service")
    );
    assert_eq!(
        rows[1].publisher.as_deref(),
        Some("Foreign and Commonwealth Office")
    );
}

#[tokio::test]
async fn the_home_page_lists_every_article() {
    let app = TestApp::seeded().await;
    let (status, html) = app.get("/").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(select_texts(&html, "ol.results.articles li h3 a").len(), 5);
    assert!(select_texts(&html, "label[for=q]")[0].contains("Search"));
}

#[tokio::test]
async fn searching_digital_identity_returns_the_articles_containing_it_highlighted() {
    let app = TestApp::seeded().await;
    let (status, html) = app.get("/search?q=digital+identity&type=article").await;
    assert_eq!(status, StatusCode::OK);
    let titles = select_texts(&html, "ol.results li h2 a");
    // Articles 001, 002 ("digital identities", by stemming) and 003 contain both words.
    assert_eq!(titles.len(), 3, "{titles:?}");
    assert!(titles
        .iter()
        .all(|t| !t.starts_with("Singapore and UK sign")));
    assert!(titles.iter().all(|t| !t.starts_with("The UK has signed")));
    let snippets = select_html(&html, "p.snippet");
    assert!(snippets.iter().all(|s| s.contains("<b>")), "{snippets:?}");
    assert!(snippets
        .iter()
        .any(|s| s.to_lowercase().contains("<b>identity</b>")));
    let count = select_texts(&html, "[role=status]");
    assert!(count[0].starts_with("3 results"), "{count:?}");
}

#[tokio::test]
async fn queries_tantivy_cannot_parse_answer_200_with_a_message() {
    let app = TestApp::seeded().await;
    for q in [
        "%22unbalanced",
        "AND+OR+(",
        "title%3A",
        "%5B%5D%7B%7D%5E~*",
        "-",
        "%22%22",
    ] {
        let (status, html) = app.get(&format!("/search?q={q}")).await;
        assert_eq!(status, StatusCode::OK, "query {q}");
        let message = select_texts(&html, "[role=status]");
        assert!(
            !message.is_empty() && !message[0].is_empty(),
            "query {q}: no message"
        );
    }
    let (_, html) = app.get("/search?q=zzzyyyxxx").await;
    assert!(select_texts(&html, "[role=status]")[0].starts_with("No results"));
}

#[tokio::test]
async fn an_article_page_shows_its_text_and_no_boilerplate() {
    let app = TestApp::seeded().await;
    let (status, html) = app
        .get("/articles/singapore-and-uk-sign-govtech-agreement")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        select_texts(&html, "h1"),
        vec!["Singapore and UK sign GovTech agreement"]
    );
    let body = select_texts(&html, ".body p").join("\n");
    assert!(body.contains("Representing the agencies to sign the MoU"));
    for boilerplate in [
        "Share Story",
        "Recent Stories",
        "Bringing Teams to the table",
        "Automating CX",
    ] {
        assert!(
            !body.contains(boilerplate),
            "{boilerplate} leaked into the body"
        );
    }

    let (_, html) = app
        .get("/articles/sin-sg-facilitates-new-uk-sg-mou-in-digital-government")
        .await;
    let body = select_texts(&html, ".body p").join("\n");
    assert!(body.contains("After 3 years of facilitation"));
    for boilerplate in [
        "Printable version",
        "Related content",
        "Channel website",
        "Share this article",
        "Keeping benefit",
    ] {
        assert!(
            !body.contains(boilerplate),
            "{boilerplate} leaked into the body"
        );
    }
}

#[tokio::test]
async fn an_unknown_article_is_a_friendly_404() {
    let app = TestApp::seeded().await;
    let (status, html) = app.get("/articles/no-such-thing").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(select_texts(&html, "h1"), vec!["Page not found"]);
}

#[tokio::test]
async fn a_second_import_of_unchanged_seeds_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let first = import_seeds(&seeds_dir(), &data).await.unwrap();
    let rows_of = |gen: mou_archive::generation::Generation| async move {
        let store = Store::open_read_only(&gen.db_path()).await.unwrap();
        article::all(store.pool())
            .await
            .unwrap()
            .into_iter()
            .map(|r| {
                (
                    r.id,
                    r.slug,
                    r.file,
                    r.title,
                    r.published,
                    r.body,
                    r.content_hash,
                )
            })
            .collect::<Vec<_>>()
    };
    let before = rows_of(DataDir::new(&data).live().unwrap()).await;
    let second = import_seeds(&seeds_dir(), &data).await.unwrap();
    let after = rows_of(DataDir::new(&data).live().unwrap()).await;
    assert_ne!(first.generation, second.generation);
    assert_eq!(before, after);
    assert!(second
        .files
        .iter()
        .all(|f| f.status == FileStatus::Unchanged));
}

#[tokio::test]
async fn health_check_names_the_live_generation() {
    let app = TestApp::seeded().await;
    let (status, body) = app.get("/healthz").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.starts_with("ok generation="), "{body}");
}
