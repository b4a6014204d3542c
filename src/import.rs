//! Seeds folder → extract → store → index, into a new generation that is swapped in only when
//! complete. Bad files get a per-file error in the report while the rest import.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use sha2::{Digest, Sha256};

use crate::extract::{self, Extraction, MergedAgreement};
use crate::generation::{DataDir, Generation};
use crate::search;
use crate::store::agreement::AgreementDetail;
use crate::store::redirect::{self, Redirect};
use crate::store::{self, agreement, article, party, person, NewArticle, Store};

mod report;

use report::save_report;
pub use report::{
    full_report_path, load_summaries, AgreementChange, AgreementChanges, AgreementRef, FieldChange,
    FileReport, FileStatus, ImportReport, Listed, ReportSummary, SUMMARY_ITEMS,
};

/// Files larger than this are refused: no press release is 8 MB of text.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read the seeds folder {path}: {source}")]
    SeedsFolder {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("data folder: {0}")]
    DataFolder(#[from] std::io::Error),
    #[error(transparent)]
    Store(#[from] store::StoreError),
    #[error(transparent)]
    Search(#[from] search::SearchError),
    #[error("the import task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
}

/// What an import is doing, for a progress bar or log lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
    /// The seeds folder holds this many article files.
    Found { files: usize },
    /// One more file is extracted.
    Extracted { done: usize, files: usize },
    /// Writing the new generation's database.
    Writing,
    /// Building the new generation's search index.
    Indexing,
    /// Swapping the new generation in.
    Swapping,
}

/// Receives progress from any thread of the import.
pub type ProgressFn = Arc<dyn Fn(Progress) + Send + Sync>;

/// A seed file to read: read only shortly before it is extracted, so the corpus is never all in
/// memory as raw bytes.
struct SeedFile {
    name: String,
    path: PathBuf,
}

/// A seed file and its bytes, or why they could not be read.
struct ReadFile {
    name: String,
    bytes: Result<Vec<u8>, String>,
}

/// Threads that read one chunk's files. Reading is waiting, not computing: on a cold page cache
/// each small file costs a metadata and a data read, and the two extraction threads stalled on
/// them (20,000 files: 5.4–6.2 s to extract from a cold cache against 3.0–3.2 s from a warm one).
/// Two readers were the fastest on a cold cache here (20,000 files in 2.2 s; one: 2.8 s; more:
/// 2.4–2.6 s).
const READ_THREADS: usize = 2;

/// Seed files in chunks, each read on threads of its own while the one before it is extracted.
struct ReadAhead {
    files: std::vec::IntoIter<SeedFile>,
    reading: Option<tokio::task::JoinHandle<Vec<ReadFile>>>,
}

impl ReadAhead {
    fn new(files: Vec<SeedFile>) -> Self {
        let mut chunks = ReadAhead {
            files: files.into_iter(),
            reading: None,
        };
        chunks.reading = chunks.read_next();
        chunks
    }

    fn read_next(&mut self) -> Option<tokio::task::JoinHandle<Vec<ReadFile>>> {
        let chunk: Vec<SeedFile> = self.files.by_ref().take(FILES_PER_CHUNK).collect();
        (!chunk.is_empty()).then(|| tokio::task::spawn_blocking(move || read_chunk(chunk)))
    }

    /// The next chunk, read; reading the one after it starts now.
    async fn next(&mut self) -> Result<Option<Vec<ReadFile>>, tokio::task::JoinError> {
        let Some(reading) = self.reading.take() else {
            return Ok(None);
        };
        let chunk = reading.await?;
        self.reading = self.read_next();
        Ok(Some(chunk))
    }
}

/// Reads `files` in order, `READ_THREADS` at a time.
fn read_chunk(files: Vec<SeedFile>) -> Vec<ReadFile> {
    let mut read: Vec<Option<ReadFile>> = (0..files.len()).map(|_| None).collect();
    std::thread::scope(|scope| {
        let readers: Vec<_> = (0..READ_THREADS)
            .map(|first| {
                let files = &files;
                scope.spawn(move || {
                    files
                        .iter()
                        .enumerate()
                        .skip(first)
                        .step_by(READ_THREADS)
                        .map(|(i, f)| {
                            let file = ReadFile {
                                name: f.name.clone(),
                                bytes: read_seed(&f.path),
                            };
                            (i, file)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for reader in readers {
            // A reader only reads and copies; should one panic all the same, its files are
            // reported as unreadable below rather than taking the import down.
            for (i, file) in reader.join().unwrap_or_default() {
                read[i] = Some(file);
            }
        }
    });
    files
        .into_iter()
        .zip(read)
        .map(|(f, file)| {
            file.unwrap_or_else(|| ReadFile {
                name: f.name,
                bytes: Err("the file could not be read (a bug; please report it)".into()),
            })
        })
        .collect()
}

fn read_seeds(dir: &Path) -> Result<Vec<SeedFile>, ImportError> {
    let entries = std::fs::read_dir(dir).map_err(|source| ImportError::SeedsFolder {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut files: Vec<SeedFile> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|ext| {
                ext.eq_ignore_ascii_case("txt") || ext.eq_ignore_ascii_case("md")
            })
        })
        .map(|path| {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            SeedFile { name, path }
        })
        .collect();
    files.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(files)
}

fn read_seed(path: &Path) -> Result<Vec<u8>, String> {
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(_) if path.is_symlink() => {
            return Err("the file is a link to something that does not exist".into())
        }
        Err(e) => return Err(format!("cannot read the file: {e}")),
    };
    if meta.is_dir() {
        return Err("this is a folder, not an article file".into());
    }
    if !meta.is_file() {
        return Err("not a regular file".into());
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(format!(
            "the file is {:.1} MB; articles over {} MB are refused",
            meta.len() as f64 / 1e6,
            MAX_FILE_BYTES / 1024 / 1024
        ));
    }
    std::fs::read(path).map_err(|e| format!("cannot read the file: {e}"))
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Readable, stable slugs: lower-case words of the title, at most ~60 characters.
pub fn slugify(text: &str) -> String {
    let mut slug = String::new();
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !slug.is_empty() && slug.len() + word.len() > 60 {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.extend(word.chars().flat_map(char::to_lowercase));
    }
    if slug.is_empty() {
        slug.push_str("untitled");
    }
    slug
}

/// Hands out unique slugs, keeping the ones already taken by earlier generations.
#[derive(Default)]
struct Slugs {
    taken: HashSet<String>,
}

impl Slugs {
    fn claim(&mut self, preferred: Option<&str>, title: &str) -> String {
        if let Some(p) = preferred {
            if self.taken.insert(p.to_string()) {
                return p.to_string();
            }
        }
        let base = slugify(title);
        let mut slug = base.clone();
        let mut n = 2;
        while !self.taken.insert(slug.clone()) {
            slug = format!("{base}-{n}");
            n += 1;
        }
        slug
    }
}

/// Imports every article in `seeds` into a new generation under `data` and makes it live.
pub async fn import_seeds(seeds: &Path, data: &Path) -> Result<ImportReport, ImportError> {
    import_seeds_with(seeds, data, None).await
}

/// Like [`import_seeds`], reporting progress as it goes. Every import that gets the lock leaves a
/// report under `data/reports/`, a failed one too.
#[tracing::instrument(skip_all, fields(import.seeds = %seeds.display()))]
pub async fn import_seeds_with(
    seeds: &Path,
    data: &Path,
    progress: Option<ProgressFn>,
) -> Result<ImportReport, ImportError> {
    let data = DataDir::new(data);
    let lock = data.lock_for_import()?;
    let started = now();
    let previous = data.live().map(|g| g.id);
    match run_import(seeds, &data, &lock, progress).await {
        Ok(report) => {
            let mut report = ImportReport {
                previous,
                started,
                finished: now(),
                ..report
            };
            match save_report(&data, &report) {
                Ok(path) => report.saved_as = Some(path),
                Err(err) => tracing::warn!(error = %err, "could not keep the import report"),
            }
            Ok(report)
        }
        Err(err) => {
            let report = ImportReport {
                previous,
                started,
                finished: now(),
                failure: Some(err.to_string()),
                ..ImportReport::default()
            };
            if let Err(err) = save_report(&data, &report) {
                tracing::warn!(error = %err, "could not keep the import report");
            }
            Err(err)
        }
    }
}

async fn run_import(
    seeds: &Path,
    data: &DataDir,
    lock: &crate::generation::ImportLock,
    progress: Option<ProgressFn>,
) -> Result<ImportReport, ImportError> {
    let cleaned = data.clean(lock)?;
    if !cleaned.is_empty() {
        tracing::info!(import.cleaned = ?cleaned, "removed leftover generations");
    }
    let report_progress = |p: Progress| {
        if let Some(f) = &progress {
            f(p);
        }
    };

    let seeds = seeds.to_path_buf();
    let files = tokio::task::spawn_blocking(move || read_seeds(&seeds)).await??;
    report_progress(Progress::Found { files: files.len() });

    let previous = match data.live() {
        Some(live) => Previous::load(&Store::open_read_only(&live.db_path()).await?).await?,
        None => Previous::default(),
    };

    let building = data.begin(lock)?;
    let report = write_generation(&building, files, &previous, &progress).await?;
    report_progress(Progress::Swapping);
    let live = data.promote(building, lock)?;
    tracing::info!(import.generation = %live.id, import.articles = report.articles, "import complete");
    Ok(ImportReport {
        generation: live.id,
        ..report
    })
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// The outcome of reading and extracting one file.
struct Extracted {
    name: String,
    hash: String,
    raw: String,
    result: Result<Extraction, String>,
}

/// Extracts files in parallel, in order; `done` counts files extracted so far, for progress.
fn extract_all(
    files: Vec<ReadFile>,
    progress: Option<ProgressFn>,
    done: Arc<AtomicUsize>,
    total: usize,
) -> Vec<Extracted> {
    use rayon::prelude::*;
    files
        .into_par_iter()
        .map(|f| {
            let e = extract_one(f);
            if let Some(p) = &progress {
                let done = done.fetch_add(1, Ordering::Relaxed) + 1;
                p(Progress::Extracted { done, files: total });
            }
            e
        })
        .collect()
}

fn extract_one(f: ReadFile) -> Extracted {
    match f.bytes {
        Ok(bytes) => {
            // A last line of defence: a bug the extractor trips on in one article must never
            // abort the import of the others.
            let result = std::panic::catch_unwind(|| extract::extract(&f.name, &bytes))
                .map_err(|panic| {
                    let why = panic
                        .downcast_ref::<&str>()
                        .map(|s| s.to_string())
                        .or_else(|| panic.downcast_ref::<String>().cloned())
                        .unwrap_or_default();
                    tracing::error!(import.file = %f.name, panic = %why, "extraction panicked");
                    format!("the extractor failed on this file (a bug; please report it): {why}")
                })
                .and_then(|r| r.map_err(|e| e.to_string()));
            Extracted {
                hash: sha256(&bytes),
                // Valid UTF-8 (nearly every file) becomes the text without a copy.
                raw: String::from_utf8(bytes)
                    .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
                result,
                name: f.name,
            }
        }
        Err(err) => Extracted {
            name: f.name,
            hash: String::new(),
            raw: String::new(),
            result: Err(err),
        },
    }
}

/// What the live generation knew: slugs to keep, content hashes to compare against.
#[derive(Default)]
struct Previous {
    articles: HashMap<String, (String, String)>,
    agreements: HashMap<String, String>,
    parties: HashMap<(String, String), String>,
    people: HashMap<String, String>,
    /// Every agreement in full, to report what the re-import changed.
    details: Vec<AgreementDetail>,
    /// Old slugs that answer 301, carried into the new generation.
    redirects: Vec<Redirect>,
}

impl Previous {
    async fn load(store: &Store) -> Result<Self, ImportError> {
        let pool = store.pool();
        Ok(Previous {
            articles: article::identities(pool).await?,
            agreements: agreement::slugs(pool).await?,
            parties: party::slugs(pool).await?,
            people: person::slugs(pool).await?,
            details: agreement::details(pool).await?,
            redirects: redirect::all(pool).await?,
        })
    }
}

/// Files extracted, and their articles written, at a time: only one chunk's raw files and article
/// texts are ever in memory; what the agreements need of the extractions is kept.
const FILES_PER_CHUNK: usize = 1024;

/// Articles whose bodies are built and written at a time: bounds the copies held during the write.
const ARTICLES_PER_WRITE: usize = 256;

/// An extracted file that becomes an article, until its row is written.
struct NewFile {
    name: String,
    hash: String,
    raw: String,
    slug: String,
    extraction: Extraction,
}

async fn write_generation(
    generation: &Generation,
    seed_files: Vec<SeedFile>,
    previous: &Previous,
    progress: &Option<ProgressFn>,
) -> Result<ImportReport, ImportError> {
    let all_previous = previous;
    let previous = &previous.articles;
    let store = Store::create(&generation.db_path()).await?;
    let mut slugs = Slugs::default();
    // Files keep the slugs they had: claim those first so new titles cannot take them.
    let present: HashSet<String> = seed_files.iter().map(|f| f.name.clone()).collect();
    for (file, (slug, _)) in previous {
        if present.contains(file.as_str()) {
            slugs.taken.insert(slug.clone());
        }
    }
    // A file renamed without changing a byte is the same article: it keeps its slug.
    let renamed: HashMap<&str, &str> = previous
        .iter()
        .filter(|(file, _)| !present.contains(file.as_str()))
        .map(|(_, (slug, hash))| (hash.as_str(), slug.as_str()))
        .collect();

    let mut removed: Vec<String> = previous
        .keys()
        .filter(|f| !present.contains(f.as_str()))
        .cloned()
        .collect();
    removed.sort();

    let total = seed_files.len();
    let done = Arc::new(AtomicUsize::new(0));
    let mut files = Vec::with_capacity(total);
    let mut seen_hashes: HashMap<String, String> = HashMap::new();
    // The extractions that became articles, without their text (it is in the database); article
    // ids are their positions + 1 (the database is new), so nothing is read back from SQLite.
    let mut kept: Vec<Extraction> = Vec::new();
    let mut tx = store.begin().await?;
    let mut chunks = ReadAhead::new(seed_files);
    let extract = |chunk: Vec<ReadFile>| {
        let (p, d) = (progress.clone(), done.clone());
        tokio::task::spawn_blocking(move || extract_all(chunk, p, d, total))
    };
    let mut next = chunks.next().await?.map(extract);
    while let Some(extracting) = next {
        let extracted = extracting.await?;
        // The next chunk is extracted on the pool while this one's articles are written, and
        // the one after it is read.
        next = chunks.next().await?.map(extract);
        let mut new_files: Vec<NewFile> = Vec::with_capacity(extracted.len());
        for e in extracted {
            let ex = match e.result {
                Ok(ex) => ex,
                Err(err) => {
                    files.push(FileReport {
                        file: e.name,
                        status: FileStatus::Failed,
                        slug: None,
                        warnings: Vec::new(),
                        error: Some(err),
                    });
                    continue;
                }
            };
            if let Some(first) = seen_hashes.get(e.hash.as_str()) {
                files.push(FileReport {
                    file: e.name,
                    status: FileStatus::Skipped,
                    slug: None,
                    warnings: vec![format!("the same article as {first}; imported once")],
                    error: None,
                });
                continue;
            }
            seen_hashes.insert(e.hash.clone(), e.name.clone());

            let prior = previous.get(&e.name);
            let slug = match prior {
                Some((slug, _)) => {
                    slugs.taken.remove(slug);
                    slugs.claim(Some(slug), &ex.article.title)
                }
                None => slugs.claim(renamed.get(e.hash.as_str()).copied(), &ex.article.title),
            };
            let status = match prior {
                None => FileStatus::Added,
                Some((_, hash)) if *hash == e.hash => FileStatus::Unchanged,
                Some(_) => FileStatus::Changed,
            };
            files.push(FileReport {
                file: e.name.clone(),
                status,
                slug: Some(slug.clone()),
                warnings: ex.warnings.clone(),
                error: None,
            });
            new_files.push(NewFile {
                name: e.name,
                hash: e.hash,
                raw: e.raw,
                slug,
                extraction: ex,
            });
        }
        let mut new_files = new_files.into_iter();
        loop {
            let part: Vec<NewFile> = new_files.by_ref().take(ARTICLES_PER_WRITE).collect();
            if part.is_empty() {
                break;
            }
            {
                let first_id = kept.len() as i64 + 1;
                let bodies: Vec<String> =
                    part.iter().map(|f| f.extraction.article.body()).collect();
                let rows: Vec<(i64, NewArticle)> = part
                    .iter()
                    .zip(&bodies)
                    .enumerate()
                    .map(|(i, (f, body))| {
                        let a = &f.extraction.article;
                        (
                            first_id + i as i64,
                            NewArticle {
                                slug: &f.slug,
                                file: &f.name,
                                title: &a.title,
                                publisher: a.publisher.as_deref(),
                                published: a.published.map(|d| d.to_string()),
                                source_url: a.source_url.as_deref(),
                                body,
                                raw: &f.raw,
                                content_hash: &f.hash,
                            },
                        )
                    })
                    .collect();
                article::insert_many(&mut tx, &rows).await?;
            }
            // The article is in the database now and its warnings in the report; the merge and
            // the mentions read only the file name, agreements and mentions.
            kept.extend(part.into_iter().map(|f| {
                let mut ex = f.extraction;
                ex.article.paragraphs = Vec::new();
                ex.article.title = String::new();
                ex.article.publisher = None;
                ex.article.source_url = None;
                ex.warnings = Vec::new();
                ex
            }));
        }
        release_free_memory();
    }
    if let Some(f) = progress {
        f(Progress::Writing);
    }
    let articles = kept.len();
    // Merging is seconds of CPU at scale: it runs off the async threads, as extraction does.
    let (kept, merged) = tokio::task::spawn_blocking(move || {
        let merged = extract::merge(&kept.iter().collect::<Vec<_>>());
        (kept, merged)
    })
    .await?;
    let imported: Vec<(&Extraction, i64)> = kept
        .iter()
        .enumerate()
        .map(|(i, ex)| (ex, i as i64 + 1))
        .collect();
    let agreements = write_agreements(&mut tx, &merged, &imported, all_previous).await?;
    tx.commit().await.map_err(store::StoreError::from)?;
    drop(imported);
    // Freeing every extraction and merged agreement takes over half a second at 100,000
    // articles, on a core that is otherwise idle while the agreements are read back.
    std::thread::spawn(move || {
        drop(merged);
        drop(kept);
        release_free_memory();
    });

    // Read once: the report compares them with the old generation's, the index is built from them.
    let details = agreement::details(store.pool()).await?;
    let (changes, redirects) = diff_agreements(&all_previous.details, &details);
    write_redirects(&store, &all_previous.redirects, &redirects).await?;

    if let Some(f) = progress {
        f(Progress::Indexing);
    }
    build_index(&store, details, &generation.index_path()).await?;
    store.close().await;
    // The database was written without syncs: make it durable once, before it can go live.
    std::fs::File::open(generation.db_path())?.sync_all()?;

    Ok(ImportReport {
        generation: generation.id.clone(),
        files,
        removed,
        articles,
        agreements,
        changes,
        redirects,
        ..ImportReport::default()
    })
}

/// Hands freed heap pages back to the system. Each chunk's files and texts are freed once
/// written, but glibc keeps the pages, fragmented between the extractions that stay: the import's
/// resident memory then grows with the corpus far faster than what it holds. (The binary's own
/// allocator returns pages by itself; SQLite's, and a library user's, may still be glibc's.)
fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns unused pages of the allocator's own heaps.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Carries every earlier redirect into the new generation, adds this import's, flattens chains
/// to one hop and drops any whose old slug is a live page again.
async fn write_redirects(
    store: &Store,
    carried: &[Redirect],
    new: &[Redirect],
) -> Result<(), ImportError> {
    let all = redirect::flatten(carried.iter().chain(new).cloned().collect());
    let mut tx = store.begin().await?;
    for r in &all {
        redirect::insert(&mut tx, r).await?;
    }
    redirect::drop_shadowed(&mut tx).await?;
    tx.commit().await.map_err(store::StoreError::from)?;
    Ok(())
}

/// The fields of an agreement a report compares, as text ("—" when unknown).
fn agreement_fields(d: &AgreementDetail) -> Vec<(&'static str, String)> {
    fn opt(v: &Option<String>) -> String {
        v.clone().unwrap_or_else(|| "—".to_string())
    }
    fn list(items: impl Iterator<Item = String>) -> String {
        let v: Vec<String> = items.collect();
        if v.is_empty() {
            "—".to_string()
        } else {
            v.join("; ")
        }
    }
    vec![
        ("slug", d.row.slug.clone()),
        ("kind", d.row.kind.clone()),
        ("title", d.row.title.clone()),
        ("signed date", opt(&d.row.signed_date)),
        ("signed place", opt(&d.row.signed_place)),
        ("duration", opt(&d.row.duration)),
        ("expires", opt(&d.row.expires)),
        ("parties", list(d.parties.iter().map(|p| p.name.clone()))),
        (
            "signatories",
            list(d.signatories.iter().map(|s| match &s.role {
                Some(role) => format!("{} ({role})", s.name),
                None => s.name.clone(),
            })),
        ),
        ("topics", list(d.topics.iter().cloned())),
        ("sources", list(d.sources.iter().map(|s| s.slug.clone()))),
        ("renews", opt(&d.renews)),
    ]
}

fn field_changes(old: &AgreementDetail, new: &AgreementDetail) -> Vec<FieldChange> {
    agreement_fields(old)
        .into_iter()
        .zip(agreement_fields(new))
        .filter(|((_, o), (_, n))| o != n)
        .map(|((field, old), (_, new))| FieldChange {
            field: field.to_string(),
            old,
            new,
        })
        .collect()
}

/// Compares two generations' agreements by identity. An agreement whose identity changed (a date
/// became known, say) but that has the same parties and a source in common is the same agreement
/// under a new slug: it is reported as changed, and its old slug redirects to the new one.
fn diff_agreements(
    old: &[AgreementDetail],
    new: &[AgreementDetail],
) -> (AgreementChanges, Vec<Redirect>) {
    let old_by_identity: HashMap<&str, &AgreementDetail> =
        old.iter().map(|d| (d.row.identity.as_str(), d)).collect();
    let new_identities: HashSet<&str> = new.iter().map(|d| d.row.identity.as_str()).collect();
    let mut changes = AgreementChanges::default();
    let mut redirects = Vec::new();
    let mut unmatched_old: Vec<&AgreementDetail> = old
        .iter()
        .filter(|d| !new_identities.contains(d.row.identity.as_str()))
        .collect();
    let parties_of = |d: &AgreementDetail| {
        let mut names: Vec<String> = d.parties.iter().map(|p| p.name.clone()).collect();
        names.sort();
        names
    };
    for n in new {
        let same = old_by_identity.get(n.row.identity.as_str()).copied();
        let renamed = same.is_none().then(|| {
            unmatched_old.iter().position(|o| {
                parties_of(o) == parties_of(n)
                    && o.sources
                        .iter()
                        .any(|s| n.sources.iter().any(|t| t.slug == s.slug))
            })
        });
        let o = match (same, renamed.flatten()) {
            (Some(o), _) => o,
            (None, Some(i)) => unmatched_old.remove(i),
            (None, None) => {
                changes.added.push(AgreementRef {
                    slug: n.row.slug.clone(),
                    title: n.row.title.clone(),
                });
                continue;
            }
        };
        if o.row.slug != n.row.slug {
            redirects.push(Redirect {
                kind: "agreement".into(),
                old_slug: o.row.slug.clone(),
                new_slug: n.row.slug.clone(),
            });
        }
        let fields = field_changes(o, n);
        if !fields.is_empty() {
            changes.changed.push(AgreementChange {
                slug: n.row.slug.clone(),
                title: n.row.title.clone(),
                fields,
            });
        }
    }
    changes.removed = unmatched_old
        .into_iter()
        .map(|o| AgreementRef {
            slug: o.row.slug.clone(),
            title: o.row.title.clone(),
        })
        .collect();
    changes.added.sort_by(|a, b| a.slug.cmp(&b.slug));
    changes.removed.sort_by(|a, b| a.slug.cmp(&b.slug));
    changes.changed.sort_by(|a, b| a.slug.cmp(&b.slug));
    (changes, redirects)
}

/// Writes the agreements merged from the reports of all imported articles (`imported`, whose
/// positions the merge refers to), with their parties and people.
async fn write_agreements(
    tx: &mut sqlx::Transaction<'static, sqlx::Sqlite>,
    merged: &[MergedAgreement],
    imported: &[(&Extraction, i64)],
    previous: &Previous,
) -> Result<usize, ImportError> {
    let mut slugs = Slugs::default();
    let mut party_ids: HashMap<(String, String), i64> = HashMap::new();
    let mut person_ids: HashMap<&str, i64> = HashMap::new();

    let mut agreement_slugs = Slugs::default();
    agreement_slugs
        .taken
        .extend(previous.agreements.values().cloned());
    let mut person_slugs = Slugs::default();
    person_slugs.taken.extend(previous.people.values().cloned());
    slugs.taken.extend(previous.parties.values().cloned());

    // Every row is gathered first, with ids given here in the order the rows were once inserted
    // one by one (the database is new), then written table by table.
    let mut agreement_rows = Vec::with_capacity(merged.len());
    let mut party_rows: Vec<(String, &extract::Party)> = Vec::new();
    let mut alias_rows: Vec<(i64, &str)> = Vec::new();
    let mut person_rows: Vec<(i64, String, &str)> = Vec::new();
    let mut agreement_party_rows: Vec<(i64, i64, i64)> = Vec::new();
    let mut signatory_rows: Vec<agreement::NewSignatory> = Vec::new();
    let mut source_rows: Vec<(i64, i64)> = Vec::new();
    let mut topic_rows: Vec<(i64, &str)> = Vec::new();
    let mut evidence_rows: Vec<agreement::NewEvidence> = Vec::new();
    for (k, m) in merged.iter().enumerate() {
        let a = &m.agreement;
        let id = k as i64 + 1;
        let slug = match previous.agreements.get(&m.identity) {
            Some(s) => s.clone(),
            None => agreement_slugs.claim(None, &agreement_slug_text(a)),
        };
        agreement_rows.push((slug, m));

        let mut this_parties: Vec<(&str, i64)> = Vec::new();
        for (position, p) in a.parties.iter().enumerate() {
            let key = (p.name.clone(), p.country_code.clone().unwrap_or_default());
            let party_id = match party_ids.get(&key) {
                Some(&pid) => pid,
                None => {
                    let slug = match previous.parties.get(&key) {
                        Some(s) => s.clone(),
                        None => slugs.claim(None, &format!("{} {}", p.name, key.1)),
                    };
                    party_rows.push((slug, p));
                    let pid = party_rows.len() as i64;
                    party_ids.insert(key, pid);
                    pid
                }
            };
            alias_rows.extend(p.aliases.iter().map(|alias| (party_id, alias.as_str())));
            agreement_party_rows.push((id, party_id, position as i64));
            this_parties.push((&p.name, party_id));
        }
        for (position, s) in a.signatories.iter().enumerate() {
            let person_id = match person_ids.get(s.name.as_str()) {
                Some(&pid) => pid,
                None => {
                    let slug = match previous.people.get(&s.name) {
                        Some(slug) => slug.clone(),
                        None => person_slugs.claim(None, &s.name),
                    };
                    let pid = person_rows.len() as i64 + 1;
                    person_rows.push((pid, slug, &s.name));
                    person_ids.insert(&s.name, pid);
                    pid
                }
            };
            let party_id = s.party.as_ref().and_then(|name| {
                this_parties
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, pid)| *pid)
            });
            signatory_rows.push(agreement::NewSignatory {
                agreement: id,
                person: person_id,
                role: s.role.as_deref(),
                party: party_id,
                position: position as i64,
            });
        }
        source_rows.extend(m.sources.iter().map(|&source| (id, imported[source].1)));
        topic_rows.extend(a.topics.iter().map(|topic| (id, topic.as_str())));
        for &(source, n) in &m.reports {
            let (ex, article) = imported[source];
            let evidence = ex.agreements.get(n).map_or(&[][..], |r| &r.evidence[..]);
            evidence_rows.extend(evidence.iter().map(|e| agreement::NewEvidence {
                agreement: id,
                article,
                field: e.field,
                value: &e.value,
                sentence: &e.sentence[..],
            }));
        }
    }
    let party_rows: Vec<party::NewParty> = party_rows
        .iter()
        .enumerate()
        .map(|(k, (slug, p))| party::NewParty {
            id: k as i64 + 1,
            slug,
            name: &p.name,
            country_code: p.country_code.as_deref(),
            country: p.country.as_deref(),
        })
        .collect();
    let agreement_rows: Vec<agreement::NewAgreement> = agreement_rows
        .iter()
        .enumerate()
        .map(|(k, (slug, m))| {
            let a = &m.agreement;
            agreement::NewAgreement {
                id: k as i64 + 1,
                slug,
                identity: &m.identity,
                kind: &a.kind,
                title: &a.title,
                signed_date: a.signed.date.map(|d| d.to_string()),
                signed_place: a.signed.place.as_deref(),
                duration: a.duration.as_deref(),
                expires: a.expires.map(|d| d.to_string()),
            }
        })
        .collect();
    let person_rows: Vec<(i64, &str, &str)> = person_rows
        .iter()
        .map(|(id, slug, name)| (*id, slug.as_str(), *name))
        .collect();
    let mention_rows: Vec<agreement::NewMention> = imported
        .iter()
        .flat_map(|(ex, article_id)| {
            ex.mentioned
                .iter()
                .enumerate()
                .map(|(position, mention)| agreement::NewMention {
                    article: *article_id,
                    name: &mention.name,
                    year: mention.year,
                    position: position as i64,
                })
        })
        .collect();

    agreement::insert_many(tx, &agreement_rows).await?;
    party::insert_many(tx, &party_rows).await?;
    party::add_aliases(tx, &alias_rows).await?;
    person::insert_many(tx, &person_rows).await?;
    agreement::add_parties(tx, &agreement_party_rows).await?;
    agreement::add_signatories(tx, &signatory_rows).await?;
    agreement::add_sources(tx, &source_rows).await?;
    agreement::add_topics(tx, &topic_rows).await?;
    agreement::add_evidence(tx, &evidence_rows).await?;
    for (k, m) in merged.iter().enumerate() {
        if let Some(r) = m.renews {
            agreement::set_renews(tx, k as i64 + 1, r as i64 + 1).await?;
        }
    }
    agreement::add_mentions(tx, &mention_rows).await?;
    Ok(merged.len())
}

/// "govtech gds mou 2019": the parties' short names, the kind's initials and the year.
fn agreement_slug_text(a: &extract::Agreement) -> String {
    let parties: Vec<String> = a
        .parties
        .iter()
        .map(|p| {
            p.aliases
                .iter()
                .filter(|x| !x.contains(' ') && x.len() >= 2)
                .min_by_key(|x| x.len())
                .cloned()
                .unwrap_or_else(|| p.name.clone())
        })
        .collect();
    let kind = if a.kind.contains(" of ") {
        a.kind
            .split_whitespace()
            .filter_map(|w| w.chars().next())
            .collect::<String>()
    } else {
        a.kind.clone()
    };
    let year = a
        .signed
        .date
        .map(|d| d.year.to_string())
        .unwrap_or_default();
    format!("{} {kind} {year}", parties.join(" "))
}

/// Documents in flight between the store and the index writer.
const INDEX_QUEUE: usize = 256;

/// The index is derived from the store: everything searchable is read back from SQLite, and
/// streamed to the index writer's thread as it is read.
async fn build_index(
    store: &Store,
    agreements: Vec<AgreementDetail>,
    dir: &Path,
) -> Result<(), ImportError> {
    let (sink, mut docs) = tokio::sync::mpsc::channel(INDEX_QUEUE);
    let dir = dir.to_path_buf();
    let writer = tokio::task::spawn_blocking(move || {
        search::build(&dir, std::iter::from_fn(|| docs.blocking_recv()))
    });
    let sent = search::send_documents(store.pool(), &agreements, &sink).await;
    // Closing the queue ends the writer's documents; it then commits.
    drop(sink);
    let built = writer.await?;
    sent?;
    built?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chunk_is_read_in_order_with_each_files_error_in_its_place() {
        let dir = tempfile::tempdir().expect("temp dir");
        let names = ["a.txt", "b.txt", "c.txt", "d.txt", "e.md"];
        std::fs::write(dir.path().join("a.txt"), "A").expect("write");
        std::fs::create_dir(dir.path().join("b.txt")).expect("folder");
        std::fs::write(dir.path().join("c.txt"), "C").expect("write");
        std::fs::write(dir.path().join("e.md"), "E").expect("write");
        let files = names
            .iter()
            .map(|name| SeedFile {
                name: name.to_string(),
                path: dir.path().join(name),
            })
            .collect();
        let read = read_chunk(files);
        let got: Vec<(&str, Result<&[u8], &str>)> = read
            .iter()
            .map(|f| (f.name.as_str(), f.bytes.as_deref().map_err(String::as_str)))
            .collect();
        assert_eq!(got[0], ("a.txt", Ok(&b"A"[..])));
        assert!(matches!(got[1], ("b.txt", Err(e)) if e.contains("folder")));
        assert_eq!(got[2], ("c.txt", Ok(&b"C"[..])));
        assert!(matches!(got[3], ("d.txt", Err(e)) if e.contains("cannot read")));
        assert_eq!(got[4], ("e.md", Ok(&b"E"[..])));
    }

    #[test]
    fn slugs_are_readable_and_bounded() {
        assert_eq!(
            slugify("Estonia and Japan sign data MoU: what it means"),
            "estonia-and-japan-sign-data-mou-what-it-means"
        );
        assert!(slugify(&"word ".repeat(40)).len() <= 64);
        assert_eq!(slugify("¿?"), "untitled");
    }
}
