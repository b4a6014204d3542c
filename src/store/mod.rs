//! SQLite via sqlx: the archive's system of record. One file per entity holds its row types and
//! queries; the schema lives only in `migrations/`.

pub mod agreement;
pub mod article;
mod bulk;
pub mod party;
pub mod person;
pub mod redirect;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{ConnectOptions, Sqlite, SqlitePool, Transaction};

pub use article::{ArticleRow, ArticleSummary, NewArticle};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Sqlx(#[from] sqlx::Error),
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A list the database assembled as JSON did not read back: a schema and code out of step.
    #[error("unreadable list in the database: {0}")]
    List(#[from] serde_json::Error),
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// Writes `rows` within the transaction: `head` is the statement up to `VALUES`; `bind` binds one
/// row's `columns` values, in order.
async fn insert_rows<T>(
    tx: &mut Transaction<'_, Sqlite>,
    head: &str,
    columns: usize,
    rows: &[T],
    bind: impl FnMut(&mut bulk::RowValues, &T),
) -> Result<()> {
    let sql = format!("{head}VALUES ({})", vec!["?"; columns].join(", "));
    bulk::insert_rows(tx, &sql, rows, bind).await
}

/// A connection pool on one generation's database file.
#[derive(Clone, Debug)]
pub struct Store {
    pool: SqlitePool,
}

impl Store {
    /// Creates (or opens) a database for writing and brings its schema up to date.
    ///
    /// Only a generation being built is written, beside the live one, and it is swapped in only
    /// when complete: a crash mid-import just leaves a `.building` folder to clean. So SQLite
    /// skips its own syncs (`synchronous = OFF`) and the importer syncs the finished file once
    /// before promoting it, which makes the bulk write several times faster. For the same reason
    /// the rollback journal stays in memory: a write-ahead log wrote every page twice (into the
    /// log, then the file), and for a new file the journal holds next to nothing. Foreign keys
    /// are not checked row by row either: the importer numbers every row itself, each check was
    /// a random read of a 100k-article file, and the tests check the whole file instead.
    pub async fn create(path: &Path) -> Result<Self> {
        let options = SqliteConnectOptions::from_str("sqlite:")?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Memory)
            .synchronous(SqliteSynchronous::Off)
            .pragma("cache_size", "-65536")
            .pragma("temp_store", "MEMORY")
            .foreign_keys(false)
            // The importer reads whole tables back by design (all agreements take about 2 s at
            // 100,000 articles): not the slow query sqlx warns about, so it is logged at debug.
            .log_slow_statements(log::LevelFilter::Debug, Duration::from_secs(1));
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await?;
        sqlx::migrate!().run(&pool).await?;
        Ok(Self { pool })
    }

    /// Opens a finished generation for reading: a live generation is never written again.
    pub async fn open_read_only(path: &Path) -> Result<Self> {
        let options = SqliteConnectOptions::from_str("sqlite:")?
            .filename(path)
            .read_only(true)
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await?;
        Ok(Self { pool })
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    pub async fn begin(&self) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>> {
        Ok(self.pool.begin().await?)
    }

    /// Closes the database: with its journal in memory, the file at rest is the whole database.
    pub async fn close(self) {
        self.pool.close().await;
    }
}
