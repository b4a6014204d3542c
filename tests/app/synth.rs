//! The synthetic corpus behind the benchmark: deterministic, and realistic enough that the
//! extractor finds most of what it planted.

use std::collections::BTreeSet;

use mou_archive::generation::DataDir;
use mou_archive::import::import_seeds;
use mou_archive::store::{agreement, Store};
use mou_archive::synth;

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
