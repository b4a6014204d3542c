//! What an import did: the report the CLI prints, the admin page shows and `data/reports/` keeps.

use std::fmt;
use std::io;
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
    /// Where the report was kept, for the CLI to point at; not part of the report itself.
    #[serde(skip)]
    pub saved_as: Option<PathBuf>,
}

impl ImportReport {
    /// Whether any file failed (the CLI's exit status) or the whole import did.
    pub fn has_errors(&self) -> bool {
        self.failure.is_some() || self.files.iter().any(|f| f.status == FileStatus::Failed)
    }

    pub fn count(&self, status: FileStatus) -> usize {
        self.files.iter().filter(|f| f.status == status).count()
    }

    /// Files with something to say: an error, warnings, or a skip.
    fn notable_files(&self) -> impl Iterator<Item = &FileReport> {
        self.files
            .iter()
            .filter(|f| f.error.is_some() || !f.warnings.is_empty())
    }

    /// The report cut to what a page shows, kept as `name` under `data/reports/`.
    pub fn summary(&self, name: &str) -> ReportSummary {
        let notable: Vec<&FileReport> = self.notable_files().collect();
        ReportSummary {
            name: name.to_string(),
            generation: self.generation.clone(),
            previous: self.previous.clone(),
            started: self.started.clone(),
            finished: self.finished.clone(),
            failure: self.failure.clone(),
            articles: self.articles,
            agreements: self.agreements,
            files_added: self.count(FileStatus::Added),
            files_changed: self.count(FileStatus::Changed),
            files_unchanged: self.count(FileStatus::Unchanged),
            files_failed: self.count(FileStatus::Failed),
            files_skipped: self.count(FileStatus::Skipped),
            notable_files: Listed::first(notable.len(), notable.into_iter().cloned()),
            removed_files: Listed::of(&self.removed),
            agreements_added: Listed::of(&self.changes.added),
            agreements_removed: Listed::of(&self.changes.removed),
            agreements_changed: Listed::of(&self.changes.changed),
            redirects: Listed::of(&self.redirects),
        }
    }
}

/// How many items of each list a summary keeps: a first import of 100,000 articles adds some
/// 57,000 agreements, and its full report is over 30 MB of JSON.
pub const SUMMARY_ITEMS: usize = 100;

/// How many items of each list the CLI prints before pointing at the kept report.
const PRINTED_ITEMS: usize = 20;

/// The first items of a list, and how long the whole list is.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Listed<T> {
    pub items: Vec<T>,
    pub total: usize,
}

impl<T: Clone> Listed<T> {
    fn of(all: &[T]) -> Self {
        Self::first(all.len(), all.iter().cloned())
    }

    fn first(total: usize, items: impl Iterator<Item = T>) -> Self {
        Listed {
            items: items.take(SUMMARY_ITEMS).collect(),
            total,
        }
    }
}

impl<T> Listed<T> {
    /// How many items the summary left out.
    pub fn more(&self) -> usize {
        self.total.saturating_sub(self.items.len())
    }

    pub fn is_empty(&self) -> bool {
        self.total == 0
    }
}

/// A report with its counts whole and each list cut to its first [`SUMMARY_ITEMS`]: what the
/// admin page and `/api/admin/reports` show. Kept beside the full report, so listing reports never
/// reads tens of megabytes.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ReportSummary {
    /// The full report's name under `data/reports/` (without `.json`), for fetching it.
    pub name: String,
    pub generation: String,
    pub previous: Option<String>,
    pub started: String,
    pub finished: String,
    pub failure: Option<String>,
    pub articles: usize,
    pub agreements: usize,
    pub files_added: usize,
    pub files_changed: usize,
    pub files_unchanged: usize,
    pub files_failed: usize,
    pub files_skipped: usize,
    /// Files with an error or warnings.
    pub notable_files: Listed<FileReport>,
    /// Files of the previous generation that are no longer in the seeds folder.
    pub removed_files: Listed<String>,
    pub agreements_added: Listed<AgreementRef>,
    pub agreements_removed: Listed<AgreementRef>,
    pub agreements_changed: Listed<AgreementChange>,
    pub redirects: Listed<Redirect>,
}

impl ReportSummary {
    pub fn has_agreement_changes(&self) -> bool {
        !(self.agreements_added.is_empty()
            && self.agreements_removed.is_empty()
            && self.agreements_changed.is_empty())
    }
}

/// Writes the first [`PRINTED_ITEMS`] of `items`, then how many more the kept report holds.
fn write_some<T>(
    f: &mut fmt::Formatter<'_>,
    items: &[T],
    saved_as: Option<&Path>,
    mut line: impl FnMut(&mut fmt::Formatter<'_>, &T) -> fmt::Result,
) -> fmt::Result {
    for item in items.iter().take(PRINTED_ITEMS) {
        line(f, item)?;
    }
    let more = items.len().saturating_sub(PRINTED_ITEMS);
    if more > 0 {
        match saved_as {
            Some(path) => writeln!(f, "  … and {more} more in {}", path.display()),
            None => writeln!(f, "  … and {more} more"),
        }?;
    }
    Ok(())
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(failure) = &self.failure {
            writeln!(f, "Import failed: {failure}")?;
            return writeln!(f, "  the previous generation stays live");
        }
        let saved_as = self.saved_as.as_deref();
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
        let notable: Vec<&FileReport> = self.notable_files().collect();
        write_some(f, &notable, saved_as, |f, file| {
            if let Some(err) = &file.error {
                writeln!(f, "  error   {}: {err}", file.file)?;
            }
            for w in &file.warnings {
                writeln!(f, "  warning {}: {w}", file.file)?;
            }
            Ok(())
        })?;
        write_some(f, &self.removed, saved_as, |f, file| {
            writeln!(f, "  removed {file}")
        })?;
        let c = &self.changes;
        writeln!(
            f,
            "  agreement changes: {} added, {} removed, {} changed",
            c.added.len(),
            c.removed.len(),
            c.changed.len()
        )?;
        write_some(f, &c.added, saved_as, |f, a| {
            writeln!(f, "  + {}: {}", a.slug, a.title)
        })?;
        write_some(f, &c.removed, saved_as, |f, a| {
            writeln!(f, "  - {}: {}", a.slug, a.title)
        })?;
        write_some(f, &c.changed, saved_as, |f, a| {
            writeln!(f, "  ~ {}: {}", a.slug, a.title)?;
            for field in &a.fields {
                writeln!(f, "      {}: {} → {}", field.field, field.old, field.new)?;
            }
            Ok(())
        })?;
        write_some(f, &self.redirects, saved_as, |f, r| {
            writeln!(f, "  redirect {} /{} → /{}", r.kind, r.old_slug, r.new_slug)
        })
    }
}

/// Keeps a report as `data/reports/<started>-<generation>.json`, and its summary beside it as
/// `….summary.json`; each is written whole then renamed, so the names sort oldest first and a
/// reader never sees half a file. Returns the full report's path.
pub(super) fn save_report(data: &DataDir, report: &ImportReport) -> io::Result<PathBuf> {
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
    let name = format!("{stamp}-{generation}");
    let write = |file: String, json: Vec<u8>| -> io::Result<PathBuf> {
        let tmp = dir.join(format!(".{file}.tmp"));
        std::fs::write(&tmp, json)?;
        let path = dir.join(file);
        std::fs::rename(&tmp, &path)?;
        Ok(path)
    };
    let full = write(format!("{name}.json"), to_json(report)?)?;
    write(
        format!("{name}{SUMMARY_SUFFIX}"),
        to_json(&report.summary(&name))?,
    )?;
    Ok(full)
}

const SUMMARY_SUFFIX: &str = ".summary.json";

fn to_json(value: &impl serde::Serialize) -> io::Result<Vec<u8>> {
    serde_json::to_vec_pretty(value).map_err(io::Error::other)
}

/// Reads a kept JSON file; one that is there but unreadable is logged and skipped.
fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Option<T> {
    let read = match std::fs::read(path) {
        Err(err) if err.kind() == io::ErrorKind::NotFound => return None,
        read => read,
    };
    read.map_err(|err| err.to_string())
        .and_then(|bytes| serde_json::from_slice(&bytes).map_err(|err| err.to_string()))
        .map_err(|err| {
            tracing::warn!(report = %path.display(), error = %err, "unreadable import report");
        })
        .ok()
}

/// The names of the kept full reports (without `.json`), oldest first.
fn report_names(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| !n.starts_with('.') && !n.ends_with(SUMMARY_SUFFIX))
        .filter_map(|n| n.strip_suffix(".json").map(str::to_string))
        .collect();
    names.sort();
    names
}

/// The summaries of the kept import reports, newest first, at most `limit`. A report kept without
/// a summary (by an earlier version) is summarised from the full one; unreadable ones are skipped.
pub fn load_summaries(data: &Path, limit: usize) -> Vec<ReportSummary> {
    let dir = DataDir::new(data).reports_dir();
    report_names(&dir)
        .iter()
        .rev()
        .filter_map(|name| {
            read_json(&dir.join(format!("{name}{SUMMARY_SUFFIX}"))).or_else(|| {
                read_json::<ImportReport>(&dir.join(format!("{name}.json")))
                    .map(|r| r.summary(name))
            })
        })
        .take(limit)
        .collect()
}

/// The file of the kept full report called `name`. Names come from URLs, so only one that the
/// reports folder lists is accepted: nothing else can be reached through it.
pub fn full_report_path(data: &Path, name: &str) -> Option<PathBuf> {
    let dir = DataDir::new(data).reports_dir();
    report_names(&dir)
        .into_iter()
        .find(|n| n == name)
        .map(|n| dir.join(format!("{n}.json")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agreement(i: usize) -> AgreementRef {
        AgreementRef {
            slug: format!("agreement-{i}"),
            title: format!("Agreement {i}"),
        }
    }

    /// A first import of 300 files, two with warnings and one failed, adding 250 agreements.
    fn big_report() -> ImportReport {
        let files = (0..300)
            .map(|i| FileReport {
                file: format!("{i:03}.txt"),
                status: match i {
                    7 => FileStatus::Failed,
                    _ => FileStatus::Added,
                },
                slug: None,
                warnings: match i {
                    3 | 150 => vec!["no date found".to_string()],
                    _ => Vec::new(),
                },
                error: (i == 7).then(|| "not UTF-8 text".to_string()),
            })
            .collect();
        ImportReport {
            generation: "000002".to_string(),
            started: "2026-12-08T01:00:00Z".to_string(),
            files,
            articles: 299,
            agreements: 250,
            changes: AgreementChanges {
                added: (0..250).map(agreement).collect(),
                ..AgreementChanges::default()
            },
            ..ImportReport::default()
        }
    }

    #[test]
    fn a_summary_keeps_the_counts_whole_and_the_first_items_of_each_list() {
        let summary = big_report().summary("name");
        assert_eq!(summary.files_added, 299);
        assert_eq!(summary.files_failed, 1);
        let notable: Vec<&str> = summary
            .notable_files
            .items
            .iter()
            .map(|f| f.file.as_str())
            .collect();
        assert_eq!(notable, ["003.txt", "007.txt", "150.txt"]);
        assert_eq!(summary.agreements_added.total, 250);
        assert_eq!(summary.agreements_added.items.len(), SUMMARY_ITEMS);
        assert_eq!(summary.agreements_added.items[0], agreement(0));
        assert_eq!(summary.agreements_added.more(), 250 - SUMMARY_ITEMS);
        assert!(summary.has_agreement_changes());
        assert!(summary.redirects.is_empty());
    }

    #[test]
    fn the_printed_report_ends_each_long_list_by_pointing_at_the_kept_one() {
        let mut report = big_report();
        report.saved_as = Some(PathBuf::from("data/reports/x.json"));
        let printed = report.to_string();
        assert_eq!(printed.matches("\n  + agreement-").count(), PRINTED_ITEMS);
        assert!(
            printed.contains(&format!(
                "  … and {} more in data/reports/x.json\n",
                250 - PRINTED_ITEMS
            )),
            "{printed}"
        );
        assert!(printed.contains("  error   007.txt: not UTF-8 text\n"));
        assert_eq!(printed.matches("… and").count(), 1, "{printed}");
    }

    #[test]
    fn reports_are_kept_whole_with_a_summary_and_listed_newest_first() {
        let dir = tempfile::tempdir().expect("temp dir");
        let data = DataDir::new(dir.path());
        let older = ImportReport {
            generation: "000001".to_string(),
            started: "2026-12-07T01:00:00Z".to_string(),
            ..ImportReport::default()
        };
        let kept_older = save_report(&data, &older).expect("saved");
        let kept = save_report(&data, &big_report()).expect("saved");

        let summaries = load_summaries(dir.path(), 10);
        let generations: Vec<&str> = summaries.iter().map(|s| s.generation.as_str()).collect();
        assert_eq!(generations, ["000002", "000001"]);
        let path = full_report_path(dir.path(), &summaries[0].name).expect("listed");
        assert_eq!(path, kept);
        let full: ImportReport =
            serde_json::from_slice(&std::fs::read(&path).expect("read")).expect("JSON");
        assert_eq!(
            full.changes.added.len(),
            250,
            "the full report loses nothing"
        );

        // A report kept without a summary, by an earlier version, is summarised when listed.
        let older_summary = kept_older.with_extension("summary.json");
        std::fs::remove_file(&older_summary).expect("a summary was kept");
        assert_eq!(load_summaries(dir.path(), 10)[1].generation, "000001");

        for name in [
            "../reports",
            "",
            "nothing-here",
            &format!("{}.summary", summaries[0].name),
        ] {
            assert_eq!(full_report_path(dir.path(), name), None, "{name:?}");
        }
    }
}
