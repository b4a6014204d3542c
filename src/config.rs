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

/// The admin area (`/admin`, `/api/admin/*`). Off unless a token is set.
#[derive(Clone, Default, clap::Args)]
pub struct AdminOpts {
    /// Secret that turns the admin area on; prefer the environment variable so the token stays
    /// out of process listings. It has no default and is never logged.
    #[arg(long = "admin-token", env = "ADMIN_TOKEN", hide_env_values = true)]
    pub admin_token: Option<String>,
}

impl std::fmt::Debug for AdminOpts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AdminOpts")
            .field(
                "admin_token",
                &self.admin_token.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}
