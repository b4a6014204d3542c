//! Archive generations on disk. Each import builds a complete generation (database + index) in
//! its own folder; the live one is named by the `current` symlink, which is swapped with an atomic
//! rename only when the new generation is complete. Readers never see half an import, and an
//! import that dies leaves the previous generation serving.
//!
//! ```text
//! data/
//!   current -> generations/000007      (symlink, swapped atomically)
//!   generations/000007/archive.db      (SQLite, read-only once live)
//!   generations/000007/index/          (tantivy)
//!   generations/000008.building/       (an import under way, or a leftover of a killed one)
//!   import.lock                        (held while an import runs)
//!   reports/000007.json                (each import's report, kept across generations)
//! ```

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

const CURRENT: &str = "current";
const GENERATIONS: &str = "generations";
const BUILDING: &str = ".building";
const REPORTS: &str = "reports";

/// The data folder of an archive.
#[derive(Debug, Clone)]
pub struct DataDir {
    root: PathBuf,
}

/// One complete (or being built) generation of the archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generation {
    pub id: String,
    pub dir: PathBuf,
}

impl Generation {
    pub fn db_path(&self) -> PathBuf {
        self.dir.join("archive.db")
    }

    pub fn index_path(&self) -> PathBuf {
        self.dir.join("index")
    }
}

/// Held while an import runs; released on drop (or by the OS when the process dies).
#[derive(Debug)]
pub struct ImportLock {
    _file: fs::File,
}

impl DataDir {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The live generation, if an import has ever completed.
    pub fn live(&self) -> Option<Generation> {
        let link = self.root.join(CURRENT);
        let target = fs::read_link(&link).ok()?;
        let dir = self.root.join(&target);
        let id = dir.file_name()?.to_string_lossy().into_owned();
        dir.join("archive.db")
            .is_file()
            .then_some(Generation { id, dir })
    }

    /// The id of the live generation, from the `current` symlink alone: one cheap system call, so
    /// a server can check per request or on a short poll whether another process swapped it.
    pub fn live_id(&self) -> Option<String> {
        let target = fs::read_link(self.root.join(CURRENT)).ok()?;
        Some(target.file_name()?.to_string_lossy().into_owned())
    }

    /// Where import reports are kept: beside the generations, so none is lost when old
    /// generations are cleaned.
    pub fn reports_dir(&self) -> PathBuf {
        self.root.join(REPORTS)
    }

    /// Cleans leftovers of killed imports when no import is running (at server start). Returns
    /// what was removed; an import holding the lock is left alone and nothing is removed.
    pub fn clean_if_idle(&self) -> io::Result<Vec<String>> {
        if !self.root.is_dir() {
            return Ok(Vec::new());
        }
        match self.lock_for_import() {
            Ok(lock) => self.clean(&lock),
            Err(err) if err.kind() == io::ErrorKind::WouldBlock => Ok(Vec::new()),
            Err(err) => Err(err),
        }
    }

    /// Takes the import lock, or says that another import is running.
    pub fn lock_for_import(&self) -> io::Result<ImportLock> {
        fs::create_dir_all(&self.root)?;
        let file = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(self.root.join("import.lock"))?;
        match file.try_lock() {
            Ok(()) => Ok(ImportLock { _file: file }),
            Err(fs::TryLockError::WouldBlock) => Err(io::Error::new(
                io::ErrorKind::WouldBlock,
                "another import is running on this data folder",
            )),
            Err(fs::TryLockError::Error(err)) => Err(err),
        }
    }

    /// Starts a new generation folder, numbered after every existing one.
    pub fn begin(&self, _lock: &ImportLock) -> io::Result<Generation> {
        let generations = self.root.join(GENERATIONS);
        fs::create_dir_all(&generations)?;
        let next = fs::read_dir(&generations)?
            .filter_map(|e| e.ok())
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                name.trim_end_matches(BUILDING).parse::<u64>().ok()
            })
            .max()
            .unwrap_or(0)
            + 1;
        let id = format!("{next:06}");
        let dir = generations.join(format!("{id}{BUILDING}"));
        fs::create_dir_all(&dir)?;
        Ok(Generation { id, dir })
    }

    /// Makes a finished generation live: renames it out of `.building`, syncs it, and swaps the
    /// `current` symlink with one atomic rename.
    pub fn promote(&self, building: Generation, _lock: &ImportLock) -> io::Result<Generation> {
        let generations = self.root.join(GENERATIONS);
        let dir = generations.join(&building.id);
        fs::rename(&building.dir, &dir)?;
        sync_dir(&generations)?;
        let tmp = self.root.join(format!("{CURRENT}.tmp"));
        let _ = fs::remove_file(&tmp);
        std::os::unix::fs::symlink(Path::new(GENERATIONS).join(&building.id), &tmp)?;
        fs::rename(&tmp, self.root.join(CURRENT))?;
        sync_dir(&self.root)?;
        Ok(Generation {
            id: building.id,
            dir,
        })
    }

    /// Removes leftovers of killed imports and generations older than the previous one (kept so
    /// a server that has not yet switched can finish its requests). Returns what was removed.
    pub fn clean(&self, _lock: &ImportLock) -> io::Result<Vec<String>> {
        let generations = self.root.join(GENERATIONS);
        let Ok(entries) = fs::read_dir(&generations) else {
            return Ok(Vec::new());
        };
        let live = self.live().map(|g| g.id);
        let mut finished: Vec<String> = Vec::new();
        let mut removed = Vec::new();
        for entry in entries.filter_map(|e| e.ok()) {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(BUILDING) {
                fs::remove_dir_all(entry.path())?;
                removed.push(name);
            } else if name.parse::<u64>().is_ok() {
                finished.push(name);
            }
        }
        finished.sort();
        let keep_from = live
            .as_ref()
            .and_then(|l| finished.iter().position(|g| g == l))
            .map_or(finished.len(), |i| i.saturating_sub(1));
        for (i, name) in finished.iter().enumerate() {
            let is_live = live.as_deref() == Some(name.as_str());
            if !is_live && (i < keep_from || live.is_none()) {
                fs::remove_dir_all(generations.join(name))?;
                removed.push(name.clone());
            }
        }
        Ok(removed)
    }
}

fn sync_dir(dir: &Path) -> io::Result<()> {
    fs::File::open(dir)?.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generation_is_live_only_once_promoted_and_leftovers_are_cleaned() {
        let tmp = tempfile::tempdir().unwrap();
        let data = DataDir::new(tmp.path());
        let lock = data.lock_for_import().unwrap();
        assert!(data.live().is_none());

        let first = data.begin(&lock).unwrap();
        fs::write(first.db_path(), b"db").unwrap();
        assert!(data.live().is_none(), "a building generation is never live");
        let first = data.promote(first, &lock).unwrap();
        assert_eq!(data.live(), Some(first.clone()));

        let killed = data.begin(&lock).unwrap();
        fs::write(killed.db_path(), b"half").unwrap();
        assert_eq!(data.live(), Some(first.clone()));
        let removed = data.clean(&lock).unwrap();
        assert_eq!(removed, vec![format!("{}.building", killed.id)]);
        assert_eq!(data.live(), Some(first));
    }

    #[test]
    fn leftovers_are_cleaned_at_start_only_when_no_import_holds_the_lock() {
        let tmp = tempfile::tempdir().unwrap();
        let data = DataDir::new(tmp.path());
        let lock = data.lock_for_import().unwrap();
        let live = data.begin(&lock).unwrap();
        fs::write(live.db_path(), b"db").unwrap();
        let live = data.promote(live, &lock).unwrap();
        let killed = data.begin(&lock).unwrap();
        assert_eq!(data.clean_if_idle().unwrap(), Vec::<String>::new());
        assert!(killed.dir.exists(), "a running import keeps its folder");
        drop(lock);
        assert_eq!(
            data.clean_if_idle().unwrap(),
            vec![format!("{}.building", killed.id)]
        );
        assert_eq!(data.live_id(), Some(live.id));
    }

    #[test]
    fn a_second_import_cannot_take_the_lock() {
        let tmp = tempfile::tempdir().unwrap();
        let data = DataDir::new(tmp.path());
        let _held = data.lock_for_import().unwrap();
        assert!(data.lock_for_import().is_err());
    }
}
