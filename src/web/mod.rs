//! The web site: axum handlers with askama templates. Every URL is listed in `router`.

mod admin;
mod agreements;
mod api;
mod browse;
mod catalog;
mod error;
mod export;
mod feeds;
mod markup;
mod pages;
mod query;
mod search;
mod slug;
mod timeline;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use tokio::sync::OwnedMutexGuard;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

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
    /// Human names of facet values, read on the first search and kept with the generation.
    labels: tokio::sync::OnceCell<Arc<search::Labels>>,
    /// What the pages about the whole archive show, read on first use and kept likewise.
    catalog: tokio::sync::OnceCell<Arc<catalog::Catalog>>,
    /// Whole-archive downloads, built on first request and kept likewise.
    exports: export::Exports,
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
            labels: tokio::sync::OnceCell::new(),
            catalog: tokio::sync::OnceCell::new(),
            exports: export::Exports::default(),
        })
    }
}

/// Shared by every handler. The live archive sits behind a lock held only to clone the `Arc`, so
/// a re-import swaps it without readers ever seeing half of one.
#[derive(Clone)]
pub struct AppState {
    live: Arc<RwLock<Arc<Archive>>>,
    /// Held while a newer generation is being opened, so concurrent requests open it once.
    reopening: Arc<tokio::sync::Mutex<()>>,
    pub data: DataDir,
    pub seeds: PathBuf,
    pub admin: Arc<admin::Admin>,
    /// Turns for searches no cache has answered: two per core run, the rest wait in order. Left
    /// to the OS, sixteen at once on two cores share the CPU with each other and with the
    /// runtime threads that write the answers, and the unluckiest wait several times as long as
    /// they need (p99 78 ms against 38 ms with turns, 100,000 articles). One per core left a core
    /// idle while a finished search handed over its turn, and lost a third of the throughput.
    searching: Arc<tokio::sync::Semaphore>,
}

impl Archive {
    /// Reads what the pages need once per generation (the catalog, facet labels, the facet
    /// table): 0.4 s at 100,000 articles with the files cached, seconds without.
    async fn warm(self: &Arc<Self>) {
        let archive = self.clone();
        let facets = tokio::task::spawn_blocking(move || archive.index.prepare());
        let _ = catalog::Catalog::of(self).await;
        let _ = search::Labels::of(self).await;
        let _ = facets.await;
    }
}

/// Warms the archive the server starts with in the background, so its first visitors do not
/// wait for it unless they come in its first second.
fn warm_in_background(archive: &Arc<Archive>) {
    if let Ok(runtime) = tokio::runtime::Handle::try_current() {
        let archive = archive.clone();
        runtime.spawn(async move { archive.warm().await });
    }
}

impl AppState {
    pub fn new(archive: Archive, data: DataDir, seeds: PathBuf) -> Self {
        let archive = Arc::new(archive);
        warm_in_background(&archive);
        Self {
            live: Arc::new(RwLock::new(archive)),
            reopening: Arc::new(tokio::sync::Mutex::new(())),
            data,
            seeds,
            admin: Arc::new(admin::Admin::new(None)),
            searching: Arc::new(tokio::sync::Semaphore::new(
                2 * std::thread::available_parallelism().map_or(2, |n| n.get()),
            )),
        }
    }

    /// Turns the admin area on with this token (`None` or empty leaves it off).
    pub fn with_admin_token(mut self, token: Option<String>) -> Self {
        self.admin = Arc::new(admin::Admin::new(token));
        self
    }

    /// Whether the live link names a generation other than the one served.
    fn live_moved(&self) -> bool {
        self.data
            .live_id()
            .is_some_and(|id| id != self.archive().generation)
    }

    /// Switches to the live generation when another process (a CLI import) swapped it in, and
    /// returns once it is live: whether this call swapped it in. Costs one `readlink` when
    /// nothing changed. The new generation is opened and warmed before it goes live.
    pub async fn follow_live(&self) -> anyhow::Result<bool> {
        if !self.live_moved() {
            return Ok(false);
        }
        let one_at_a_time = self.reopening.clone().lock_owned().await;
        self.open_live(one_at_a_time).await
    }

    /// Like `follow_live`, without waiting: the new generation is opened and warmed in the
    /// background, at most once at a time, and every request meanwhile is served by the one
    /// still live. Warming reads its catalog, labels and facet table: seconds at 100,000
    /// articles while an import still loads the machine.
    fn start_following_live(&self) {
        if !self.live_moved() {
            return;
        }
        let Ok(one_at_a_time) = self.reopening.clone().try_lock_owned() else {
            return;
        };
        let state = self.clone();
        tokio::spawn(async move {
            if let Err(err) = state.open_live(one_at_a_time).await {
                tracing::warn!(error = %format!("{err:#}"), "could not open the new live generation; still serving the previous one");
            }
        });
    }

    /// Opens, warms and swaps in the live generation, unless it is live already.
    async fn open_live(&self, _one_at_a_time: OwnedMutexGuard<()>) -> anyhow::Result<bool> {
        let live = self
            .data
            .live()
            .ok_or_else(|| anyhow::anyhow!("the current link names no complete generation"))?;
        if live.id == self.archive().generation {
            return Ok(false);
        }
        let archive = Arc::new(Archive::open(&live).await?);
        archive.warm().await;
        tracing::info!(generation = %live.id, "switched to the live generation");
        self.swap(archive);
        Ok(true)
    }

    /// Waits for a turn to run a search no cache has answered; the turn ends when it is dropped.
    pub(crate) async fn search_turn(&self) -> Option<tokio::sync::OwnedSemaphorePermit> {
        // The semaphore is never closed, so the `None` of a closed one cannot happen.
        self.searching.clone().acquire_owned().await.ok()
    }

    /// The archive generation this request reads, whole.
    pub fn archive(&self) -> Arc<Archive> {
        match self.live.read() {
            Ok(guard) => guard.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    fn swap(&self, new: Arc<Archive>) {
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
        .route("/search", get(search::page))
        .route("/search.json", get(search::json))
        .route("/search.atom", get(search::atom))
        .route("/articles/{slug}", get(pages::article))
        .route("/agreements", get(agreements::list))
        .route("/agreements.csv", get(agreements::csv))
        .route("/agreements/expiring", get(agreements::expiring))
        .route("/agreements/{slug}", get(agreements::show))
        .route("/parties", get(browse::parties))
        .route("/parties/{slug}", get(browse::party))
        .route("/people", get(browse::people))
        .route("/people/{slug}", get(browse::person))
        .route("/countries", get(browse::countries))
        .route("/countries/{code}", get(browse::country))
        .route("/timeline", get(timeline::page))
        .route("/feed.atom", get(feeds::agreements))
        .route("/healthz", get(pages::healthz))
        .route("/api/agreements", get(api::agreements))
        .route("/api/agreements/{slug}", get(api::agreement))
        .route("/api/parties", get(api::parties))
        .route("/api/people", get(api::people))
        .route("/api/search", get(search::json))
        .route("/admin", get(admin::page))
        .route("/admin/login", post(admin::login))
        .route("/admin/logout", post(admin::logout))
        .route("/admin/reimport", post(admin::reimport_form))
        .route("/api/admin/reimport", post(admin::reimport_api))
        .route("/api/admin/reports", get(admin::reports_api))
        .route("/api/admin/reports/{name}", get(admin::report_api))
        .route("/admin/reports/{name}", get(admin::report_page))
        .nest_service("/static", ServeDir::new(static_dir()))
        .fallback(pages::not_found)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            redirect_old_slugs,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            follow_live_generation,
        ))
        .with_state(state)
        .layer(
            // Outermost first: every request gets an id before it is traced, and every response
            // (errors, timeouts and caught panics included) gets the security headers.
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
                .layer(TraceLayer::new_for_http().make_span_with(request_span))
                .layer(PropagateRequestIdLayer::x_request_id())
                .layer(SetResponseHeaderLayer::overriding(
                    header::CONTENT_SECURITY_POLICY,
                    HeaderValue::from_static(CONTENT_SECURITY_POLICY),
                ))
                .layer(SetResponseHeaderLayer::overriding(
                    header::X_CONTENT_TYPE_OPTIONS,
                    HeaderValue::from_static("nosniff"),
                ))
                .layer(SetResponseHeaderLayer::overriding(
                    header::REFERRER_POLICY,
                    HeaderValue::from_static("strict-origin-when-cross-origin"),
                ))
                .layer(SetResponseHeaderLayer::overriding(
                    header::X_FRAME_OPTIONS,
                    HeaderValue::from_static("DENY"),
                ))
                .layer(CompressionLayer::new())
                .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
                .layer(CatchPanicLayer::new())
                .layer(TimeoutLayer::with_status_code(
                    StatusCode::REQUEST_TIMEOUT,
                    REQUEST_TIMEOUT,
                )),
        )
}

/// No inline script or style anywhere: everything comes from the site itself.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
/// Longer than a re-import request waits (20 s) before answering "still running".
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// The site takes only small forms.
const MAX_BODY_BYTES: usize = 64 * 1024;

/// The span every request's logs sit in, named by its request id.
fn request_span(req: &Request) -> tracing::Span {
    let id = req
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-");
    tracing::info_span!("request", request.id = %id, http.method = %req.method(), http.path = %req.uri().path())
}

/// Before each request, notices a generation another process (a CLI import) swapped in, and
/// starts opening it; the request itself is served by the generation live now.
async fn follow_live_generation(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    state.start_following_live();
    next.run(req).await
}

/// The page kinds whose slugs are permanent, by URL prefix and `slug_redirects.kind`.
const REDIRECTED: [(&str, &str); 4] = [
    ("articles", "article"),
    ("agreements", "agreement"),
    ("parties", "party"),
    ("people", "person"),
];

/// A page that is not found under an old slug answers 301 with its new slug.
async fn redirect_old_slugs(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let read = matches!(*req.method(), Method::GET | Method::HEAD);
    let path = req.uri().path().to_string();
    let response = next.run(req).await;
    if !read || response.status() != StatusCode::NOT_FOUND {
        return response;
    }
    let Some((prefix, kind, slug)) = path
        .strip_prefix('/')
        .and_then(|p| p.split_once('/'))
        .and_then(|(prefix, slug)| {
            let (prefix, kind) = REDIRECTED.iter().find(|(p, _)| *p == prefix)?;
            (!slug.is_empty() && !slug.contains('/')).then_some((*prefix, *kind, slug))
        })
    else {
        return response;
    };
    let slug = percent_decode(slug);
    let archive = state.archive();
    match crate::store::redirect::lookup(archive.store.pool(), kind, &slug).await {
        Ok(Some(new)) => {
            let location = format!(
                "/{prefix}/{}",
                form_urlencoded::byte_serialize(new.as_bytes()).collect::<String>()
            );
            match HeaderValue::from_str(&location) {
                Ok(location) => (
                    StatusCode::MOVED_PERMANENTLY,
                    [(header::LOCATION, location)],
                )
                    .into_response(),
                Err(_) => response,
            }
        }
        Ok(None) => response,
        Err(err) => Error::from(err).into_response(),
    }
}

/// A path segment's percent escapes decoded (slugs hold no `+`, so form decoding fits).
fn percent_decode(segment: &str) -> String {
    form_urlencoded::parse(format!("s={segment}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
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
    // What a killed import left is removed now, not only at the next import; an import that is
    // running holds the lock and keeps its folder.
    match data_dir.clean_if_idle() {
        Ok(removed) if !removed.is_empty() => {
            tracing::info!(removed = ?removed, "removed leftovers of earlier imports")
        }
        Ok(_) => {}
        Err(err) => tracing::warn!(error = %err, "could not clean leftovers of earlier imports"),
    }
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

pub async fn serve(
    addr: SocketAddr,
    data: &Path,
    seeds: &Path,
    admin_token: Option<String>,
) -> anyhow::Result<()> {
    let state = open_or_import(data, seeds)
        .await?
        .with_admin_token(admin_token);
    if state.admin.enabled() {
        tracing::info!("admin area on at /admin");
    } else {
        tracing::info!("admin area off: set ADMIN_TOKEN to turn it on");
    }
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!("serving on http://{}", listener.local_addr()?);
    // Responses go out as several writes (headers, then body); without TCP_NODELAY the second
    // waits for the client's delayed ACK, about 40 ms per response.
    let listener = axum::serve::ListenerExt::tap_io(listener, |stream| {
        if let Err(err) = stream.set_nodelay(true) {
            tracing::debug!("could not set TCP_NODELAY: {err}");
        }
    });
    // Connection addresses let the admin sign-in limit failures per client.
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
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
