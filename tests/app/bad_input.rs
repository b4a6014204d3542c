//! Bad files in the seeds folder each get a clear message in the report; the rest import and
//! nothing panics. Text is always escaped. Slugs that must change leave a 301 behind.

use std::path::Path;

use axum::http::StatusCode;
use mou_archive::import::{import_seeds, FileStatus, ImportReport};

use crate::admin::send;
use crate::helpers::{seeds_dir, select_texts, TestApp};

fn copy_seeds(to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(seeds_dir()).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

fn file<'a>(report: &'a ImportReport, name: &str) -> &'a mou_archive::import::FileReport {
    report
        .files
        .iter()
        .find(|f| f.file == name)
        .unwrap_or_else(|| panic!("{name} is in the report"))
}

#[tokio::test]
async fn each_bad_file_gets_a_clear_message_and_the_rest_import() {
    let tmp = tempfile::tempdir().unwrap();
    let seeds = tmp.path().join("seeds");
    copy_seeds(&seeds);
    let w = |name: &str, bytes: &[u8]| std::fs::write(seeds.join(name), bytes).unwrap();
    w("empty.txt", b"");
    w("blank.txt", b"  \n\n\t\n");
    let mut binary = b"\x89PNG\r\n\x1a\n".to_vec();
    binary.extend((0..4000u32).map(|i| (i * 7 % 256) as u8));
    w("binary.txt", &binary);
    w(
        "latin1.txt",
        b"Agencia y ministerio firman un acuerdo de cooperaci\xf3n digital\n\nEl acuerdo se firm\xf3 en la capital.\n",
    );
    let huge = "A very long line of text that goes on. ".repeat(20 * 1024 * 1024 / 39 + 1);
    w("huge.txt", huge.as_bytes());
    w(
        "broken-front-matter.md",
        b"---\ntitle: Office of Examples opens a data lab\ndate: 2021-05-04\n\nThe office opened a data lab.\n",
    );
    w("no-title.md", b"---\ntitle: \"\"\n---\n\n---\n");
    let first_seed = std::fs::read_dir(seeds_dir())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .min()
        .unwrap();
    std::fs::copy(&first_seed, seeds.join("zz-the-same-article-again.txt")).unwrap();
    std::fs::create_dir(seeds.join("folder.txt")).unwrap();
    std::os::unix::fs::symlink(tmp.path().join("gone.txt"), seeds.join("dangling.md")).unwrap();

    let report = import_seeds(&seeds, &tmp.path().join("data"))
        .await
        .expect("the import completes despite the bad files");
    print!("{report}");

    let error = |name: &str| {
        let f = file(&report, name);
        assert_eq!(f.status, FileStatus::Failed, "{name}");
        f.error.clone().unwrap()
    };
    assert!(error("empty.txt").contains("empty"));
    assert!(error("blank.txt").contains("empty"));
    assert!(error("binary.txt").contains("binary"));
    assert!(error("huge.txt").contains("MB"), "{}", error("huge.txt"));
    assert!(
        error("no-title.md").contains("title"),
        "{}",
        error("no-title.md")
    );
    assert!(error("folder.txt").contains("folder"));
    assert!(error("dangling.md").contains("does not exist"));

    let latin1 = file(&report, "latin1.txt");
    assert_eq!(latin1.status, FileStatus::Added);
    assert!(
        latin1.warnings.iter().any(|w| w.contains("UTF-8")),
        "{:?}",
        latin1.warnings
    );
    let broken = file(&report, "broken-front-matter.md");
    assert_eq!(broken.status, FileStatus::Added);
    assert!(
        broken.warnings.iter().any(|w| w.contains("front matter")),
        "{:?}",
        broken.warnings
    );
    let dup = file(&report, "zz-the-same-article-again.txt");
    assert_eq!(dup.status, FileStatus::Skipped);
    assert!(dup.warnings[0].contains("same article"));

    assert_eq!(
        report.articles,
        5 + 2,
        "the five seeds and the two readable files"
    );
    assert!(report.has_errors(), "the CLI exits non-zero");
    let text = report.to_string();
    for name in [
        "empty.txt",
        "binary.txt",
        "huge.txt",
        "dangling.md",
        "latin1.txt",
    ] {
        assert!(text.contains(name), "the printed report names {name}");
    }
}

#[tokio::test]
async fn the_cli_exits_non_zero_when_a_file_failed_and_prints_the_report() {
    let tmp = tempfile::tempdir().unwrap();
    let seeds = tmp.path().join("seeds");
    copy_seeds(&seeds);
    std::fs::write(seeds.join("empty.txt"), b"").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_mou-archive"))
        .args(["import", "--seeds"])
        .arg(&seeds)
        .arg("--data")
        .arg(tmp.path().join("data"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("5 added"), "{stdout}");
    assert!(
        stdout.contains("error   empty.txt: the file is empty"),
        "{stdout}"
    );
    assert!(stdout.contains("agreement changes:"), "{stdout}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("import: extracted 6/6"),
        "plain progress lines: {stderr}"
    );
}

#[tokio::test]
async fn an_article_containing_markup_shows_it_as_text() {
    let tmp = tempfile::tempdir().unwrap();
    let seeds = tmp.path().join("seeds");
    std::fs::create_dir_all(&seeds).unwrap();
    std::fs::write(
        seeds.join("markup.txt"),
        "Office <script>alert('title')</script> signs memorandum\n\n\
         The text has <script>alert(\"body\")</script> and <b>bold</b> &amp; more.\n",
    )
    .unwrap();
    let app = TestApp::with_seeds(&seeds).await;
    let slug = app.report.files[0].slug.clone().unwrap();
    let (status, html) = app.get(&format!("/articles/{slug}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        select_texts(&html, "main script").is_empty(),
        "no script element"
    );
    assert!(
        select_texts(&html, "main b").is_empty(),
        "no markup from the article"
    );
    assert!(select_texts(&html, "h1")[0].contains("<script>alert('title')</script>"));
    assert!(html.contains("&lt;script&gt;"));

    let (status, html) = app.get("/search?q=alert").await;
    assert_eq!(status, StatusCode::OK);
    assert!(select_texts(&html, "main script").is_empty());
    assert!(html.contains("&lt;script&gt;"));
}

#[tokio::test]
async fn a_slug_that_must_change_answers_301_from_the_old_one_and_the_report_shows_the_change() {
    let tmp = tempfile::tempdir().unwrap();
    let seeds = tmp.path().join("seeds");
    copy_seeds(&seeds);
    let app = TestApp::with_seeds(&seeds).await;
    let undated: Vec<String> = {
        let archive = app.state.archive();
        mou_archive::store::agreement::details(archive.store.pool())
            .await
            .unwrap()
            .into_iter()
            .filter(|d| d.row.signed_date.is_none())
            .map(|d| d.row.slug)
            .collect()
    };
    assert!(
        !undated.is_empty(),
        "a seed reports an agreement without its date"
    );

    // A correction gives the undated agreement's source a signing date.
    let korea = std::fs::read_dir(&seeds)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .find(|p| std::fs::read_to_string(p).unwrap().contains("South Korea"))
        .unwrap();
    let text = std::fs::read_to_string(&korea).unwrap();
    let corrected = text.replacen(
        "The UK has signed a new M",
        "On 21 November 2023 the UK signed a new M",
        1,
    );
    assert_ne!(text, corrected);
    std::fs::write(&korea, corrected).unwrap();

    let report = app.state.reimport().await.unwrap();
    let changed = &report.changes.changed;
    assert_eq!(changed.len(), 1, "{report}");
    let fields: Vec<(&str, &str, &str)> = changed[0]
        .fields
        .iter()
        .map(|f| (f.field.as_str(), f.old.as_str(), f.new.as_str()))
        .collect();
    assert!(
        fields.contains(&("signed date", "—", "2023-11-21")),
        "{fields:?}"
    );
    assert_eq!(report.redirects.len(), 1, "{report}");
    let r = &report.redirects[0];
    assert!(undated.contains(&r.old_slug));

    let reply = send(
        &app.router,
        axum::http::Request::get(format!("/agreements/{}", r.old_slug))
            .body(axum::body::Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(reply.status, StatusCode::MOVED_PERMANENTLY);
    assert_eq!(
        reply.headers["location"],
        format!("/agreements/{}", r.new_slug).as_str()
    );

    // The redirect is carried into later generations.
    let again = app.state.reimport().await.unwrap();
    assert!(again.changes.is_empty(), "{again}");
    let archive = app.state.archive();
    assert_eq!(
        mou_archive::store::redirect::lookup(archive.store.pool(), "agreement", &r.old_slug)
            .await
            .unwrap(),
        Some(r.new_slug.clone())
    );
}

/// Press-release-shaped noise: the words and punctuation the extractor reacts to, in any order,
/// with any Unicode between them. Extraction must return a result or an error, never panic.
fn release_noise() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let token = prop_oneof![
        Just("“".to_string()),
        Just("”".to_string()),
        Just("’s ".to_string()),
        Just(", said ".to_string()),
        Just(" signed ".to_string()),
        Just(" a memorandum of understanding ".to_string()),
        Just(" MoU ".to_string()),
        Just(" between ".to_string()),
        Just(" and the ".to_string()),
        Just(" Ministry of ".to_string()),
        Just(" Government of ".to_string()),
        Just(" Director General ".to_string()),
        Just(" H.E. Dr ".to_string()),
        Just(" represented by ".to_string()),
        Just(" on behalf of ".to_string()),
        Just(" (ABC) ".to_string()),
        Just(" on 4 July 2022 ".to_string()),
        Just(" yesterday ".to_string()),
        Just(" here ".to_string()),
        Just("\n- ".to_string()),
        Just("Signatories:\n".to_string()),
        Just("\n---\n".to_string()),
        Just(" Estonia ".to_string()),
        Just(" Singapore ".to_string()),
        Just(" GovTech ".to_string()),
        Just(". ".to_string()),
        "[A-Z][a-z]{1,8}".prop_map(|s| format!(" {s} ")),
        any::<String>(),
    ];
    proptest::collection::vec(token, 0..60).prop_map(|tokens| tokens.concat())
}

#[test]
fn extraction_never_panics_on_release_shaped_noise() {
    use proptest::prelude::*;
    let config = ProptestConfig {
        cases: 400,
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    proptest!(config, |(title in "[A-Z][a-z ]{0,40}", body in release_noise())| {
        let text = format!("{title}\n\n{body}");
        let outcome = std::panic::catch_unwind(|| {
            mou_archive::extract::extract("noise.txt", text.as_bytes()).map(|_| ())
        });
        prop_assert!(outcome.is_ok(), "extraction panicked on {:?}", text);
    });
}
