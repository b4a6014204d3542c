//! Seeds folder → extract → store → index, into a new generation that is swapped in only when
//! complete. Bad files get a per-file error in the report while the rest import.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::extract::{self, Extraction};
use crate::generation::{DataDir, Generation};
use crate::search::{self, IndexDoc};
use crate::store::{self, article, NewArticle, Store};

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
        Some(live) => {
            article::identities(Store::open_read_only(&live.db_path()).await?.pool()).await?
        }
        None => HashMap::new(),
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

async fn write_generation(
    generation: &Generation,
    extracted: &[Extracted],
    previous: &HashMap<String, (String, String)>,
) -> Result<ImportReport, ImportError> {
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
        article::insert(
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
        articles += 1;
        files.push(FileReport {
            file: e.name.clone(),
            status,
            slug: Some(slug),
            warnings: ex.warnings.clone(),
            error: None,
        });
    }
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
        agreements: 0,
    })
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
