use std::path::PathBuf;

/// Where the archive keeps its data: generations of SQLite database + tantivy index.
#[derive(Debug, Clone, clap::Args)]
pub struct DataOpts {
    /// Data folder holding the archive's generations (created when missing).
    #[arg(long = "data", env = "MOU_DATA", default_value = "data")]
    pub data: PathBuf,
}

/// Where the press-release articles to import are read from.
#[derive(Debug, Clone, clap::Args)]
pub struct SeedsOpts {
    /// Folder of seed articles (.txt and .md files).
    #[arg(long = "seeds", env = "MOU_SEEDS", default_value = "seeds")]
    pub seeds: PathBuf,
}
