//! Seeds folder → extract → store → index, into a new generation that is swapped in only when
//! complete. Bad files get a per-file error in the report while the rest import.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::extract::{self, Extraction};
use crate::generation::{DataDir, Generation};
use crate::search::{self, IndexDoc};
use crate::store::{self, agreement, article, party, person, NewArticle, Store};

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

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FileStatus {
    Added,
    Changed,
    Unchanged,
    Failed,
    Skipped,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct FileReport {
    pub file: String,
    pub status: FileStatus,
    pub slug: Option<String>,
    pub warnings: Vec<String>,
    pub error: Option<String>,
}

/// What an import did, for the CLI and the admin page.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ImportReport {
    pub generation: String,
    pub files: Vec<FileReport>,
    /// Files of the previous generation that are no longer in the seeds folder.
    pub removed: Vec<String>,
    pub articles: usize,
    pub agreements: usize,
}

impl ImportReport {
    pub fn has_errors(&self) -> bool {
        self.files.iter().any(|f| f.status == FileStatus::Failed)
    }

    fn count(&self, status: FileStatus) -> usize {
        self.files.iter().filter(|f| f.status == status).count()
    }
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Imported generation {}", self.generation)?;
        writeln!(
            f,
            "  articles: {} ({} added, {} changed, {} unchanged, {} removed)",
            self.articles,
            self.count(FileStatus::Added),
            self.count(FileStatus::Changed),
            self.count(FileStatus::Unchanged),
            self.removed.len()
        )?;
        writeln!(f, "  agreements: {}", self.agreements)?;
        for file in &self.files {
            if let Some(err) = &file.error {
                writeln!(f, "  error   {}: {err}", file.file)?;
            }
            for w in &file.warnings {
                writeln!(f, "  warning {}: {w}", file.file)?;
            }
        }
        for file in &self.removed {
            writeln!(f, "  removed {file}")?;
        }
        Ok(())
    }
}

/// A seed file as read from disk.
struct SeedFile {
    name: String,
    bytes: Result<Vec<u8>, String>,
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
            let bytes = read_seed(&path);
            SeedFile { name, bytes }
        })
        .collect();
    files.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(files)
}

fn read_seed(path: &Path) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read the file: {e}"))?;
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
#[tracing::instrument(skip_all, fields(import.seeds = %seeds.display()))]
pub async fn import_seeds(seeds: &Path, data: &Path) -> Result<ImportReport, ImportError> {
    let data = DataDir::new(data);
    let lock = data.lock_for_import()?;
    let cleaned = data.clean(&lock)?;
    if !cleaned.is_empty() {
        tracing::info!(import.cleaned = ?cleaned, "removed leftover generations");
    }

    let seeds = seeds.to_path_buf();
    let files = tokio::task::spawn_blocking(move || read_seeds(&seeds)).await??;
    let extracted = tokio::task::spawn_blocking(move || extract_all(files)).await?;

    let previous = match data.live() {
        Some(live) => Previous::load(&Store::open_read_only(&live.db_path()).await?).await?,
        None => Previous::default(),
    };

    let building = data.begin(&lock)?;
    let report = write_generation(&building, &extracted, &previous).await?;
    let live = data.promote(building, &lock)?;
    tracing::info!(import.generation = %live.id, import.articles = report.articles, "import complete");
    Ok(ImportReport {
        generation: live.id,
        ..report
    })
}

/// The outcome of reading and extracting one file.
struct Extracted {
    name: String,
    hash: String,
    raw: String,
    result: Result<Extraction, String>,
}

fn extract_all(files: Vec<SeedFile>) -> Vec<Extracted> {
    use rayon::prelude::*;
    files
        .into_par_iter()
        .map(|f| match f.bytes {
            Ok(bytes) => Extracted {
                hash: sha256(&bytes),
                raw: String::from_utf8_lossy(&bytes).into_owned(),
                result: extract::extract(&f.name, &bytes).map_err(|e| e.to_string()),
                name: f.name,
            },
            Err(err) => Extracted {
                name: f.name,
                hash: String::new(),
                raw: String::new(),
                result: Err(err),
            },
        })
        .collect()
}

/// What the live generation knew: slugs to keep, content hashes to compare against.
#[derive(Default)]
struct Previous {
    articles: HashMap<String, (String, String)>,
    agreements: HashMap<String, String>,
    parties: HashMap<(String, String), String>,
    people: HashMap<String, String>,
}

impl Previous {
    async fn load(store: &Store) -> Result<Self, ImportError> {
        let pool = store.pool();
        Ok(Previous {
            articles: article::identities(pool).await?,
            agreements: agreement::slugs(pool).await?,
            parties: party::slugs(pool).await?,
            people: person::slugs(pool).await?,
        })
    }
}

async fn write_generation(
    generation: &Generation,
    extracted: &[Extracted],
    previous: &Previous,
) -> Result<ImportReport, ImportError> {
    let all_previous = previous;
    let previous = &previous.articles;
    let store = Store::create(&generation.db_path()).await?;
    let mut slugs = Slugs::default();
    // Files keep the slugs they had: claim those first so new titles cannot take them.
    let present: HashSet<&str> = extracted.iter().map(|e| e.name.as_str()).collect();
    for (file, (slug, _)) in previous {
        if present.contains(file.as_str()) {
            slugs.taken.insert(slug.clone());
        }
    }

    let mut tx = store.begin().await?;
    let mut files = Vec::with_capacity(extracted.len());
    let mut seen_hashes: BTreeMap<&str, &str> = BTreeMap::new();
    let mut articles = 0;
    // The extractions that became articles, with their article ids, for the agreements below.
    let mut imported: Vec<(&Extraction, i64)> = Vec::new();
    for e in extracted {
        let ex = match &e.result {
            Ok(ex) => ex,
            Err(err) => {
                files.push(FileReport {
                    file: e.name.clone(),
                    status: FileStatus::Failed,
                    slug: None,
                    warnings: Vec::new(),
                    error: Some(err.clone()),
                });
                continue;
            }
        };
        if let Some(first) = seen_hashes.get(e.hash.as_str()) {
            files.push(FileReport {
                file: e.name.clone(),
                status: FileStatus::Skipped,
                slug: None,
                warnings: vec![format!("the same article as {first}; imported once")],
                error: None,
            });
            continue;
        }
        seen_hashes.insert(&e.hash, &e.name);

        let prior = previous.get(&e.name);
        let slug = match prior {
            Some((slug, _)) => {
                slugs.taken.remove(slug);
                slugs.claim(Some(slug), &ex.article.title)
            }
            None => slugs.claim(None, &ex.article.title),
        };
        let status = match prior {
            None => FileStatus::Added,
            Some((_, hash)) if *hash == e.hash => FileStatus::Unchanged,
            Some(_) => FileStatus::Changed,
        };
        let body = ex.article.body();
        let article_id = article::insert(
            &mut tx,
            &NewArticle {
                slug: &slug,
                file: &e.name,
                title: &ex.article.title,
                publisher: ex.article.publisher.as_deref(),
                published: ex.article.published.map(|d| d.to_string()),
                source_url: ex.article.source_url.as_deref(),
                body: &body,
                raw: &e.raw,
                content_hash: &e.hash,
            },
        )
        .await?;
        imported.push((ex, article_id));
        articles += 1;
        files.push(FileReport {
            file: e.name.clone(),
            status,
            slug: Some(slug),
            warnings: ex.warnings.clone(),
            error: None,
        });
    }
    let agreements = write_agreements(&mut tx, &imported, all_previous).await?;
    tx.commit().await.map_err(store::StoreError::from)?;

    build_index(&store, &generation.index_path()).await?;
    store.close().await?;

    let mut removed: Vec<String> = previous
        .keys()
        .filter(|f| !present.contains(f.as_str()))
        .cloned()
        .collect();
    removed.sort();
    Ok(ImportReport {
        generation: generation.id.clone(),
        files,
        removed,
        articles,
        agreements,
    })
}

/// Merges the reports of all imported articles and writes agreements, parties and people.
async fn write_agreements(
    tx: &mut sqlx::Transaction<'static, sqlx::Sqlite>,
    imported: &[(&Extraction, i64)],
    previous: &Previous,
) -> Result<usize, ImportError> {
    let extractions: Vec<&Extraction> = imported.iter().map(|(e, _)| *e).collect();
    let merged = extract::merge(&extractions);

    let mut slugs = Slugs::default();
    let mut party_ids: HashMap<(String, String), i64> = HashMap::new();
    let mut person_ids: HashMap<String, i64> = HashMap::new();
    let mut agreement_ids: Vec<i64> = Vec::with_capacity(merged.len());

    let mut agreement_slugs = Slugs::default();
    agreement_slugs
        .taken
        .extend(previous.agreements.values().cloned());
    let mut person_slugs = Slugs::default();
    person_slugs.taken.extend(previous.people.values().cloned());
    slugs.taken.extend(previous.parties.values().cloned());

    for m in &merged {
        let a = &m.agreement;
        let slug = match previous.agreements.get(&m.identity) {
            Some(s) => s.clone(),
            None => agreement_slugs.claim(None, &agreement_slug_text(a)),
        };
        let id = agreement::insert(
            tx,
            &agreement::NewAgreement {
                slug: &slug,
                identity: &m.identity,
                kind: &a.kind,
                title: &a.title,
                signed_date: a.signed.date.map(|d| d.to_string()),
                signed_place: a.signed.place.as_deref(),
                duration: a.duration.as_deref(),
                expires: a.expires.map(|d| d.to_string()),
            },
        )
        .await?;
        agreement_ids.push(id);

        let mut this_parties: Vec<(String, i64)> = Vec::new();
        for (position, p) in a.parties.iter().enumerate() {
            let key = (p.name.clone(), p.country_code.clone().unwrap_or_default());
            let party_id = match party_ids.get(&key) {
                Some(&pid) => pid,
                None => {
                    let slug = match previous.parties.get(&key) {
                        Some(s) => s.clone(),
                        None => slugs.claim(None, &format!("{} {}", p.name, key.1)),
                    };
                    let pid = party::insert(
                        tx,
                        &slug,
                        &p.name,
                        p.country_code.as_deref(),
                        p.country.as_deref(),
                    )
                    .await?;
                    party_ids.insert(key, pid);
                    pid
                }
            };
            for alias in &p.aliases {
                party::add_alias(tx, party_id, alias).await?;
            }
            agreement::add_party(tx, id, party_id, position).await?;
            this_parties.push((p.name.clone(), party_id));
        }
        for (position, s) in a.signatories.iter().enumerate() {
            let person_id = match person_ids.get(&s.name) {
                Some(&pid) => pid,
                None => {
                    let slug = match previous.people.get(&s.name) {
                        Some(slug) => slug.clone(),
                        None => person_slugs.claim(None, &s.name),
                    };
                    let pid = person::insert(tx, &slug, &s.name).await?;
                    person_ids.insert(s.name.clone(), pid);
                    pid
                }
            };
            let party_id = s.party.as_ref().and_then(|name| {
                this_parties
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, pid)| *pid)
            });
            agreement::add_signatory(tx, id, person_id, s.role.as_deref(), party_id, position)
                .await?;
        }
        for &source in &m.sources {
            agreement::add_source(tx, id, imported[source].1).await?;
        }
        for topic in &a.topics {
            agreement::add_topic(tx, id, topic).await?;
        }
        for (source, e) in &m.evidence {
            agreement::add_evidence(tx, id, imported[*source].1, e.field, &e.value, &e.sentence)
                .await?;
        }
    }
    for (k, m) in merged.iter().enumerate() {
        if let Some(r) = m.renews {
            agreement::set_renews(tx, agreement_ids[k], agreement_ids[r]).await?;
        }
    }
    for (ex, article_id) in imported {
        for (position, mention) in ex.mentioned.iter().enumerate() {
            agreement::add_mention(tx, *article_id, &mention.name, mention.year, position).await?;
        }
    }
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

/// The index is derived from the store: everything searchable is read back from SQLite.
async fn build_index(store: &Store, dir: &Path) -> Result<(), ImportError> {
    let docs: Vec<IndexDoc> = article::all(store.pool())
        .await?
        .into_iter()
        .map(|a| IndexDoc {
            kind: "article",
            slug: a.slug,
            title: a.title,
            body: a.body,
            date: a.published,
        })
        .collect();
    let dir = dir.to_path_buf();
    tokio::task::spawn_blocking(move || search::build(&dir, docs)).await??;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
