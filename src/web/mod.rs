//! The web site: axum handlers with askama templates. Every URL is listed in `router`.

mod api;
mod error;
mod pages;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use axum::routing::get;
use axum::Router;
use tower_http::services::ServeDir;

pub use error::Error;

use crate::generation::{DataDir, Generation};
use crate::search::SearchIndex;
use crate::store::Store;

/// The version in asset URLs, so a new release's stylesheet is never served from a stale cache.
pub const ASSET_VERSION: &str = env!("CARGO_PKG_VERSION");

/// One opened generation: its database and its index.
pub struct Archive {
    pub generation: String,
    pub store: Store,
    pub index: SearchIndex,
}

impl Archive {
    pub async fn open(generation: &Generation) -> anyhow::Result<Self> {
        let store = Store::open_read_only(&generation.db_path()).await?;
        let index_path = generation.index_path();
        let index = tokio::task::spawn_blocking(move || SearchIndex::open(&index_path)).await??;
        Ok(Self {
            generation: generation.id.clone(),
            store,
            index,
        })
    }
}

/// Shared by every handler. The live archive sits behind a lock held only to clone the `Arc`, so
/// a re-import swaps it without readers ever seeing half of one.
#[derive(Clone)]
pub struct AppState {
    live: Arc<RwLock<Arc<Archive>>>,
    pub data: DataDir,
    pub seeds: PathBuf,
}

impl AppState {
    pub fn new(archive: Archive, data: DataDir, seeds: PathBuf) -> Self {
        Self {
            live: Arc::new(RwLock::new(Arc::new(archive))),
            data,
            seeds,
        }
    }

    /// The archive generation this request reads, whole.
    pub fn archive(&self) -> Arc<Archive> {
        match self.live.read() {
            Ok(guard) => guard.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    pub fn swap(&self, archive: Archive) {
        let new = Arc::new(archive);
        match self.live.write() {
            Ok(mut guard) => *guard = new,
            Err(poisoned) => *poisoned.into_inner() = new,
        }
    }
}

/// Every URL of the site, used by `serve` and by the tests.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(pages::home))
        .route("/search", get(pages::search))
        .route("/articles/{slug}", get(pages::article))
        .route("/healthz", get(pages::healthz))
        .route("/api/agreements", get(api::agreements))
        .nest_service("/static", ServeDir::new(static_dir()))
        .fallback(pages::not_found)
        .with_state(state)
}

/// Static files ship beside the crate; `MOU_STATIC` overrides for installs elsewhere.
fn static_dir() -> PathBuf {
    std::env::var_os("MOU_STATIC")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("static"))
}

/// Opens the live archive, importing the seeds first when the data folder holds none.
pub async fn open_or_import(data: &Path, seeds: &Path) -> anyhow::Result<AppState> {
    let data_dir = DataDir::new(data);
    let live = match data_dir.live() {
        Some(live) => live,
        None => {
            tracing::info!(seeds = %seeds.display(), "no archive yet: importing the seeds first");
            let report = crate::import::import_seeds(seeds, data).await?;
            tracing::info!("{}", report.to_string().trim_end());
            data_dir
                .live()
                .ok_or_else(|| anyhow::anyhow!("the import finished but left no live archive"))?
        }
    };
    let archive = Archive::open(&live).await?;
    Ok(AppState::new(archive, data_dir, seeds.to_path_buf()))
}

pub async fn serve(addr: SocketAddr, data: &Path, seeds: &Path) -> anyhow::Result<()> {
    let state = open_or_import(data, seeds).await?;
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!("serving on http://{}", listener.local_addr()?);
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}
