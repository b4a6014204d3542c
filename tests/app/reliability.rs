//! Re-imports without downtime: readers always see one whole generation, a failed or killed
//! import leaves the previous one serving, and a server follows a generation a CLI import
//! swapped in.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use mou_archive::generation::DataDir;
use mou_archive::import::{import_seeds, load_summaries};
use mou_archive::store::article;
use mou_archive::web;

use crate::helpers::{seeds_dir, select_texts, TestApp};

/// Writes `count` made-up press releases numbered from `from`, each containing `marker` and
/// about `paragraphs` paragraphs of text.
pub fn write_articles(dir: &Path, from: usize, count: usize, marker: &str, paragraphs: usize) {
    std::fs::create_dir_all(dir).unwrap();
    for i in from..from + count {
        let mut text = format!(
            "Ministry of Testing {i} and Office of Examples {i} sign {marker} cooperation memorandum\n\n"
        );
        for p in 0..paragraphs {
            text.push_str(&format!(
                "Paragraph {p} of release {i}: the two offices will share practice on {marker} \
                 services, open data, cloud hosting and the training of public servants.\n\n"
            ));
        }
        std::fs::write(dir.join(format!("generated-{i:05}.txt")), text).unwrap();
    }
}

/// The first number in a text ("20 results for …" → 20).
fn first_number(text: &str) -> Option<usize> {
    let digits: String = text
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit())
        .collect();
    digits.parse().ok()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn searches_during_a_reimport_see_no_error_and_always_one_whole_generation() {
    let tmp = tempfile::tempdir().unwrap();
    let seeds = tmp.path().join("seeds");
    write_articles(&seeds, 0, 20, "zebrafinch", 3);
    let app = TestApp::with_seeds(&seeds).await;
    let first = app.state.archive().generation.clone();
    write_articles(&seeds, 20, 20, "zebrafinch", 3);

    let done = Arc::new(AtomicBool::new(false));
    let searches = Arc::new(AtomicUsize::new(0));
    let mut readers = Vec::new();
    for _ in 0..4 {
        let (router, state, done, searches) = (
            app.router.clone(),
            app.state.clone(),
            done.clone(),
            searches.clone(),
        );
        readers.push(tokio::spawn(async move {
            let mut seen = Vec::new();
            while !done.load(Ordering::Relaxed) {
                let app = crate::helpers::Client(router.clone());
                let (status, html) = app.get("/search?q=zebrafinch").await;
                assert_eq!(
                    status,
                    StatusCode::OK,
                    "a search failed during the re-import"
                );
                let shown = select_texts(&html, "[role=status]")
                    .first()
                    .and_then(|s| first_number(s));
                assert!(
                    matches!(shown, Some(20) | Some(40)),
                    "search saw {shown:?} results"
                );
                // One archive, whole: its database and its index hold the same articles.
                let archive = state.archive();
                let in_db = article::count(archive.store.pool()).await.unwrap() as usize;
                let index = archive.clone();
                let in_index = tokio::task::spawn_blocking(move || {
                    index.index.search("zebrafinch", 1, 0).unwrap().total
                })
                .await
                .unwrap();
                assert_eq!(
                    in_db, in_index,
                    "generation {} is not whole",
                    archive.generation
                );
                seen.push(in_db);
                searches.fetch_add(1, Ordering::Relaxed);
            }
            seen
        }));
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    let started = Instant::now();
    let report = app.state.reimport().await.expect("the re-import succeeds");
    let took = started.elapsed();
    // Let the readers see the new generation for a moment too.
    tokio::time::sleep(Duration::from_millis(200)).await;
    done.store(true, Ordering::Relaxed);
    let mut seen = Vec::new();
    for r in readers {
        seen.extend(r.await.expect("no reader saw an error"));
    }
    eprintln!(
        "{} searches during a {:?} re-import, 0 errors",
        searches.load(Ordering::Relaxed),
        took
    );
    assert_eq!(report.count(mou_archive::import::FileStatus::Added), 20);
    assert_ne!(app.state.archive().generation, first);
    assert!(
        seen.contains(&20) && seen.contains(&40),
        "readers saw both generations"
    );
    assert!(seen.iter().all(|&n| n == 20 || n == 40));
    // The old generation's answer to this very search was kept; the new one must not serve it.
    let (_, html) = app.get("/search?q=zebrafinch").await;
    let shown = select_texts(&html, "[role=status]")
        .first()
        .and_then(|s| first_number(s));
    assert_eq!(shown, Some(40), "a kept answer outlived its generation");
}

#[tokio::test]
async fn a_reimport_while_one_runs_is_refused_not_queued_twice() {
    let app = TestApp::seeded().await;
    let (a, b) = tokio::join!(app.state.reimport(), app.state.reimport());
    assert!(
        a.is_ok() != b.is_ok(),
        "exactly one of two simultaneous re-imports runs"
    );
    let err = a.err().or(b.err()).unwrap();
    assert!(matches!(err, web::Error::Conflict(_)), "{err}");
}

#[tokio::test]
async fn a_failed_import_leaves_the_previous_generation_serving_and_is_reported() {
    let app = TestApp::seeded().await;
    let before = app.state.archive().generation.clone();
    let missing = app.dir.path().join("no-such-seeds");
    assert!(import_seeds(&missing, &app.data_dir()).await.is_err());
    assert_eq!(DataDir::new(app.data_dir()).live_id(), Some(before.clone()));
    let (status, health) = app.get("/healthz").await;
    assert_eq!(status, StatusCode::OK);
    assert!(health.contains(&format!("generation={before}")));
    let reports = load_summaries(&app.data_dir(), 10);
    assert!(reports[0]
        .failure
        .as_deref()
        .unwrap()
        .contains("no-such-seeds"));
    assert_eq!(reports[0].previous.as_deref(), Some(before.as_str()));
}

#[tokio::test]
async fn a_server_follows_a_generation_swapped_in_by_another_process() {
    let app = TestApp::seeded().await;
    let before = app.state.archive().generation.clone();
    let status = Command::new(env!("CARGO_BIN_EXE_mou-archive"))
        .args(["import", "--seeds"])
        .arg(seeds_dir())
        .arg("--data")
        .arg(app.data_dir())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    // The request that notices the swap is still served by the old generation while the new
    // one is opened and warmed in the background; later ones get the new one.
    let mut health = String::new();
    for _ in 0..100 {
        health = app.get("/healthz").await.1;
        if !health.contains(&format!("generation={before} ")) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(
        !health.contains(&format!("generation={before} ")),
        "not switched within 5 s: {health}"
    );
    assert_ne!(app.state.archive().generation, before);
}

#[tokio::test]
async fn a_killed_import_leaves_the_old_data_serving_and_the_next_start_cleans_up() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let small = tmp.path().join("small");
    write_articles(&small, 0, 5, "heron", 2);
    let first = import_seeds(&small, &data).await.unwrap();

    let big = tmp.path().join("big");
    write_articles(&big, 0, 1500, "heron", 12);
    let mut child = Command::new(env!("CARGO_BIN_EXE_mou-archive"))
        .args(["import", "--seeds"])
        .arg(&big)
        .arg("--data")
        .arg(&data)
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Plain progress lines (stderr is not a terminal): kill once it writes the new generation.
    let stderr = child.stderr.take().unwrap();
    let mut lines = BufReader::new(stderr).lines();
    let writing = lines.any(|l| l.is_ok_and(|l| l.contains("writing the new generation")));
    assert!(writing, "the import reported its progress");
    child.kill().unwrap(); // SIGKILL
    let status = child.wait().unwrap();
    assert!(
        !status.success(),
        "the import was killed mid-way, not finished"
    );

    let dir = DataDir::new(&data);
    assert_eq!(
        dir.live_id(),
        Some(first.generation.clone()),
        "the old generation is live"
    );
    let leftovers: Vec<String> = std::fs::read_dir(data.join("generations"))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".building"))
        .collect();
    assert_eq!(leftovers.len(), 1, "the killed import left its folder");

    // The next start cleans up and serves the old data.
    let state = web::open_or_import(&data, &small).await.unwrap();
    assert!(!data.join("generations").join(&leftovers[0]).exists());
    assert_eq!(state.archive().generation, first.generation);
    let app = crate::helpers::Client(web::router(state));
    let (status, html) = app.get("/search?q=heron").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        select_texts(&html, "[role=status]")
            .first()
            .and_then(|s| first_number(s)),
        Some(5)
    );
}

/// Two reports of signings between the same bodies on the same day by different people stay two
/// agreements, and the import still completes: their identities must not collide in the store.
#[tokio::test]
async fn two_signings_by_the_same_bodies_on_one_day_import_as_two_agreements() {
    let tmp = tempfile::tempdir().unwrap();
    let seeds = tmp.path().join("seeds");
    std::fs::create_dir_all(&seeds).unwrap();
    let release = |signers: &str| {
        format!(
            "Agencies sign memorandum of understanding\nPublished 4 May 2023\n\n\
             The Office of Examples of Norway and the Bureau of Samples of Chile signed a \
             memorandum of understanding on 3 May 2023 in Oslo.\n\n\
             The memorandum was signed by {signers}.\n"
        )
    };
    std::fs::write(
        seeds.join("first.txt"),
        release("Kari Nordmann, Director of the Office of Examples, and Ana Soto, Head of the Bureau of Samples"),
    )
    .unwrap();
    std::fs::write(
        seeds.join("second.txt"),
        release("Ola Hansen, Deputy Director of the Office of Examples, and Luis Rojas, Chief Officer of the Bureau of Samples"),
    )
    .unwrap();

    let report = import_seeds(&seeds, &tmp.path().join("data"))
        .await
        .expect("the import completes");
    assert_eq!(report.failure, None);
    assert_eq!(report.agreements, 2, "{report}");
    // Re-importing keeps both, with the same slugs.
    let again = import_seeds(&seeds, &tmp.path().join("data"))
        .await
        .expect("the re-import completes");
    assert_eq!(again.agreements, 2);
    assert!(again.redirects.is_empty(), "{again}");
}
