//! What an import did: the report the CLI prints, the admin page shows and `data/reports/` keeps.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::generation::DataDir;
use crate::store::redirect::Redirect;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FileStatus {
    Added,
    Changed,
    Unchanged,
    Failed,
    Skipped,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct FileReport {
    pub file: String,
    pub status: FileStatus,
    pub slug: Option<String>,
    pub warnings: Vec<String>,
    pub error: Option<String>,
}

/// An agreement as a report names it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AgreementRef {
    pub slug: String,
    pub title: String,
}

/// One field of an agreement that a re-import changed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub old: String,
    pub new: String,
}

/// An agreement in both generations whose extracted facts differ.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AgreementChange {
    pub slug: String,
    pub title: String,
    pub fields: Vec<FieldChange>,
}

/// What a re-import changed in the archive's agreements, so an admin can review an extraction
/// change before trusting it.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AgreementChanges {
    pub added: Vec<AgreementRef>,
    pub removed: Vec<AgreementRef>,
    pub changed: Vec<AgreementChange>,
}

impl AgreementChanges {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// What an import did, for the CLI and the admin page. Kept as JSON under `data/reports/`.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct ImportReport {
    /// The generation this import made live; empty when the import failed.
    pub generation: String,
    /// The generation that was live before, if any.
    #[serde(default)]
    pub previous: Option<String>,
    /// When the import started and finished (UTC, RFC 3339).
    #[serde(default)]
    pub started: String,
    #[serde(default)]
    pub finished: String,
    /// Why the whole import failed (the previous generation stays live); `None` when it completed.
    #[serde(default)]
    pub failure: Option<String>,
    pub files: Vec<FileReport>,
    /// Files of the previous generation that are no longer in the seeds folder.
    pub removed: Vec<String>,
    pub articles: usize,
    pub agreements: usize,
    /// Agreements added, removed and changed compared with the previous generation.
    #[serde(default)]
    pub changes: AgreementChanges,
    /// Slugs this import had to change: the old ones now answer 301.
    #[serde(default)]
    pub redirects: Vec<Redirect>,
}

impl ImportReport {
    /// Whether any file failed (the CLI's exit status) or the whole import did.
    pub fn has_errors(&self) -> bool {
        self.failure.is_some() || self.files.iter().any(|f| f.status == FileStatus::Failed)
    }

    pub fn warnings(&self) -> usize {
        self.files.iter().map(|f| f.warnings.len()).sum()
    }

    pub fn count(&self, status: FileStatus) -> usize {
        self.files.iter().filter(|f| f.status == status).count()
    }
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(failure) = &self.failure {
            writeln!(f, "Import failed: {failure}")?;
            return writeln!(f, "  the previous generation stays live");
        }
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
        let c = &self.changes;
        writeln!(
            f,
            "  agreement changes: {} added, {} removed, {} changed",
            c.added.len(),
            c.removed.len(),
            c.changed.len()
        )?;
        for a in &c.added {
            writeln!(f, "  + {}: {}", a.slug, a.title)?;
        }
        for a in &c.removed {
            writeln!(f, "  - {}: {}", a.slug, a.title)?;
        }
        for a in &c.changed {
            writeln!(f, "  ~ {}: {}", a.slug, a.title)?;
            for field in &a.fields {
                writeln!(f, "      {}: {} → {}", field.field, field.old, field.new)?;
            }
        }
        for r in &self.redirects {
            writeln!(f, "  redirect {} /{} → /{}", r.kind, r.old_slug, r.new_slug)?;
        }
        Ok(())
    }
}

/// Keeps a report as `data/reports/<started>-<generation>.json`, written whole then renamed, so
/// the names sort oldest first and a reader never sees half a file.
pub(super) fn save_report(data: &DataDir, report: &ImportReport) -> std::io::Result<()> {
    let dir = data.reports_dir();
    std::fs::create_dir_all(&dir)?;
    let stamp: String = report
        .started
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    let generation = if report.generation.is_empty() {
        "failed"
    } else {
        report.generation.as_str()
    };
    let name = format!("{stamp}-{generation}.json");
    let tmp = dir.join(format!(".{name}.tmp"));
    let json = serde_json::to_vec_pretty(report).map_err(std::io::Error::other)?;
    std::fs::write(&tmp, json)?;
    std::fs::rename(&tmp, dir.join(name))
}

/// The kept import reports, newest first, at most `limit`. Unreadable ones are skipped.
pub fn load_reports(data: &Path, limit: usize) -> Vec<ImportReport> {
    let dir = DataDir::new(data).reports_dir();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut names: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "json")
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    names.sort();
    names
        .iter()
        .rev()
        .filter_map(|p| {
            let bytes = std::fs::read(p).ok()?;
            match serde_json::from_slice(&bytes) {
                Ok(r) => Some(r),
                Err(err) => {
                    tracing::warn!(report = %p.display(), error = %err, "unreadable import report");
                    None
                }
            }
        })
        .take(limit)
        .collect()
}
