use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use tower::ServiceExt;

use mou_archive::import::{import_seeds, ImportReport};
use mou_archive::web::{self, AppState};

pub fn seeds_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

/// A fresh archive in a temp dir, imported from a seeds folder, with the app's router.
pub struct TestApp {
    pub dir: tempfile::TempDir,
    pub report: ImportReport,
    pub state: AppState,
    pub router: Router,
}

impl TestApp {
    pub async fn with_seeds(seeds: &Path) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let report = import_seeds(seeds, &dir.path().join("data"))
            .await
            .expect("import succeeds");
        let state = web::open_or_import(&dir.path().join("data"), seeds)
            .await
            .expect("archive opens");
        let router = web::router(state.clone());
        TestApp {
            dir,
            report,
            state,
            router,
        }
    }

    pub async fn seeded() -> TestApp {
        Self::with_seeds(&seeds_dir()).await
    }

    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    pub async fn get(&self, uri: &str) -> (StatusCode, String) {
        let response = self
            .router
            .clone()
            .oneshot(Request::get(uri).body(Body::empty()).expect("request"))
            .await
            .expect("router answers");
        let status = response.status();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        (status, String::from_utf8_lossy(&bytes).into_owned())
    }
}

/// Serves a router on a random loopback port for browser tests, with connection addresses as
/// `serve` gives them; the server lives as long as the test's runtime.
pub async fn serve(router: Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let addr = listener.local_addr().expect("bound address");
    tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .expect("server runs");
    });
    addr
}

pub fn select_texts(html: &str, selector: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse(selector).expect("valid selector");
    doc.select(&sel)
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

pub fn select_html(html: &str, selector: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse(selector).expect("valid selector");
    doc.select(&sel).map(|e| e.inner_html()).collect()
}

/// A router to send requests to, for tests that build their own state.
pub struct Client(pub Router);

impl Client {
    pub async fn get(&self, uri: &str) -> (StatusCode, String) {
        let response = self
            .0
            .clone()
            .oneshot(Request::get(uri).body(Body::empty()).expect("request"))
            .await
            .expect("router answers");
        let status = response.status();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        (status, String::from_utf8_lossy(&bytes).into_owned())
    }
}
