//! The admin area: the live generation, the kept import reports, and re-import from the web.
//!
//! Off unless `ADMIN_TOKEN` is set (every admin URL then answers 404). With a token, `/admin`
//! asks for it and opens a server-side session (a random id in a Secure, HttpOnly,
//! SameSite=Strict cookie); every state-changing form carries the session's CSRF token; the API
//! takes the token as `Authorization: Bearer`. Tokens are compared in constant time and failed
//! sign-ins are rate-limited per address and overall.

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use askama::Template;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Json;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::{AppState, Error, ASSET_VERSION};
use crate::import::{self, ImportError, ImportReport, ReportSummary};

const COOKIE: &str = "mou_admin";
const SESSION_TTL: Duration = Duration::from_secs(8 * 60 * 60);
/// Failed sign-ins an address gets before it must wait 5 s; each further failure doubles the wait.
const FREE_FAILURES: u32 = 5;
const MAX_BLOCK: Duration = Duration::from_secs(15 * 60);
/// Failed sign-ins from all addresses together, per minute, before everyone must wait.
const GLOBAL_FAILURES_PER_MINUTE: u32 = 60;
/// How long a re-import request waits for the import before answering "still running".
const REIMPORT_WAIT: Duration = Duration::from_secs(20);
/// How many kept reports the admin page shows.
const REPORTS_SHOWN: usize = 10;

struct Session {
    csrf: String,
    expires: Instant,
}

#[derive(Default)]
struct Failures {
    count: u32,
    blocked_until: Option<Instant>,
    last: Option<Instant>,
}

#[derive(Default)]
struct Limiter {
    by_address: HashMap<Option<IpAddr>, Failures>,
    window_start: Option<Instant>,
    window_failures: u32,
}

/// The admin area's state: the token's hash, sessions, the sign-in limiter and the re-import
/// lock (one re-import at a time per server; the data folder's lock covers other processes).
pub struct Admin {
    token_hash: Option<[u8; 32]>,
    sessions: Mutex<HashMap<String, Session>>,
    limiter: Mutex<Limiter>,
    reimport: tokio::sync::Mutex<()>,
}

fn hash(token: &[u8]) -> [u8; 32] {
    Sha256::digest(token).into()
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Admin {
    pub fn new(token: Option<String>) -> Self {
        Self {
            token_hash: token
                .filter(|t| !t.trim().is_empty())
                .map(|t| hash(t.trim().as_bytes())),
            sessions: Mutex::new(HashMap::new()),
            limiter: Mutex::new(Limiter::default()),
            reimport: tokio::sync::Mutex::new(()),
        }
    }

    pub fn enabled(&self) -> bool {
        self.token_hash.is_some()
    }

    fn require_enabled(&self) -> Result<(), Error> {
        if self.enabled() {
            Ok(())
        } else {
            Err(Error::NotFound)
        }
    }

    /// Whether a re-import started by this server is running.
    pub fn reimporting(&self) -> bool {
        self.reimport.try_lock().is_err()
    }

    /// Compares hashes so neither the token's bytes nor its length leak through timing.
    fn token_matches(&self, candidate: &str) -> bool {
        match &self.token_hash {
            Some(expected) => bool::from(expected.ct_eq(&hash(candidate.trim().as_bytes()))),
            None => false,
        }
    }

    /// Refuses early while an address (or everyone) must wait after failed sign-ins.
    fn check_limit(&self, ip: Option<IpAddr>) -> Result<(), Error> {
        let now = Instant::now();
        let limiter = lock(&self.limiter);
        let wait = |until: Instant| Error::TooManyRequests {
            retry_after: until.saturating_duration_since(now).as_secs().max(1),
        };
        if let Some(start) = limiter.window_start {
            if limiter.window_failures >= GLOBAL_FAILURES_PER_MINUTE
                && now < start + Duration::from_secs(60)
            {
                return Err(wait(start + Duration::from_secs(60)));
            }
        }
        match limiter.by_address.get(&ip).and_then(|f| f.blocked_until) {
            Some(until) if until > now => Err(wait(until)),
            _ => Ok(()),
        }
    }

    fn record_failure(&self, ip: Option<IpAddr>) {
        let now = Instant::now();
        let mut limiter = lock(&self.limiter);
        match limiter.window_start {
            Some(start) if now < start + Duration::from_secs(60) => limiter.window_failures += 1,
            _ => {
                limiter.window_start = Some(now);
                limiter.window_failures = 1;
            }
        }
        // Bound the memory an attacker with many addresses can take.
        if limiter.by_address.len() > 10_000 {
            limiter
                .by_address
                .retain(|_, f| f.last.is_some_and(|t| now.duration_since(t) < MAX_BLOCK));
        }
        let f = limiter.by_address.entry(ip).or_default();
        f.count += 1;
        f.last = Some(now);
        if f.count >= FREE_FAILURES {
            let doublings = (f.count - FREE_FAILURES).min(10);
            let wait = Duration::from_secs(5 << doublings).min(MAX_BLOCK);
            f.blocked_until = Some(now + wait);
        }
        tracing::warn!(admin.failures = f.count, "failed admin sign-in");
    }

    fn record_success(&self, ip: Option<IpAddr>) {
        lock(&self.limiter).by_address.remove(&ip);
    }

    fn new_session(&self) -> Result<(String, String), Error> {
        let id = random_token()?;
        let csrf = random_token()?;
        let now = Instant::now();
        let mut sessions = lock(&self.sessions);
        sessions.retain(|_, s| s.expires > now);
        sessions.insert(
            id.clone(),
            Session {
                csrf: csrf.clone(),
                expires: now + SESSION_TTL,
            },
        );
        Ok((id, csrf))
    }

    /// The session named by the request's cookie: its id and CSRF token.
    fn session(&self, headers: &HeaderMap) -> Option<(String, String)> {
        let id = session_cookie(headers)?;
        let sessions = lock(&self.sessions);
        let s = sessions.get(&id)?;
        (s.expires > Instant::now()).then(|| (id, s.csrf.clone()))
    }

    fn end_session(&self, id: &str) {
        lock(&self.sessions).remove(id);
    }
}

/// 32 random bytes as hex: session ids and CSRF tokens.
fn random_token() -> Result<String, Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| Error::Internal(format!("randomness: {e}")))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

fn session_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.to_string())
}

fn set_cookie(value: &str, max_age: u64) -> Result<HeaderValue, Error> {
    HeaderValue::from_str(&format!(
        "{COOKIE}={value}; Path=/admin; Max-Age={max_age}; Secure; HttpOnly; SameSite=Strict"
    ))
    .map_err(|e| Error::Internal(format!("cookie: {e}")))
}

/// The client's address when the server knows it (`serve` records it for every connection).
pub struct ClientIp(pub Option<IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientIp(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip()),
        ))
    }
}

/// A form field from an `application/x-www-form-urlencoded` body.
fn form_field(body: &[u8], name: &str) -> Option<String> {
    form_urlencoded::parse(body)
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// Checks the form's CSRF token against the session's, in constant time.
fn check_csrf(expected: &str, body: &[u8]) -> Result<(), Error> {
    let given = form_field(body, "csrf").unwrap_or_default();
    if bool::from(hash(given.as_bytes()).ct_eq(&hash(expected.as_bytes()))) {
        Ok(())
    } else {
        Err(Error::Forbidden(
            "The form was missing its security token or it had expired. Reload the admin page and try again."
                .into(),
        ))
    }
}

impl AppState {
    /// Re-imports the seeds into a new generation and, when it completes, serves it. One at a
    /// time: a second call while one runs is a `Conflict`.
    pub async fn reimport(&self) -> Result<ImportReport, Error> {
        let _one_at_a_time = self.admin.reimport.try_lock().map_err(|_| {
            Error::Conflict(
                "A re-import is already running; its report will appear on the admin page.".into(),
            )
        })?;
        let report = match import::import_seeds(&self.seeds, self.data.root()).await {
            Ok(report) => report,
            Err(ImportError::DataFolder(err)) if err.kind() == std::io::ErrorKind::WouldBlock => {
                return Err(Error::Conflict(
                    "Another import (perhaps from the command line) is running on this data folder."
                        .into(),
                ))
            }
            Err(err) => return Err(Error::Internal(format!("re-import: {err}"))),
        };
        self.follow_live()
            .await
            .map_err(|e| Error::Internal(format!("opening the new generation: {e:#}")))?;
        tracing::info!(import.generation = %report.generation, "re-import from the web complete");
        Ok(report)
    }
}

/// Runs a re-import as its own task, so it finishes even if the request gives up, and waits a
/// while for it. `None`: still running.
async fn start_reimport(state: &AppState) -> Result<Option<ImportReport>, Error> {
    if state.admin.reimporting() {
        return Err(Error::Conflict(
            "A re-import is already running; its report will appear on the admin page.".into(),
        ));
    }
    let task_state = state.clone();
    let task = tokio::spawn(async move { task_state.reimport().await });
    match tokio::time::timeout(REIMPORT_WAIT, task).await {
        Ok(joined) => joined?.map(Some),
        Err(_) => Ok(None),
    }
}

#[derive(Template)]
#[template(path = "admin_login.html")]
struct LoginPage {
    asset_version: &'static str,
    message: Option<&'static str>,
}

#[derive(Template)]
#[template(path = "admin.html")]
struct AdminPage {
    asset_version: &'static str,
    generation: String,
    running: bool,
    csrf: String,
    reports: Vec<ReportSummary>,
}

fn login_page(status: StatusCode, message: Option<&'static str>) -> Result<Response, Error> {
    let html = LoginPage {
        asset_version: ASSET_VERSION,
        message,
    }
    .render()?;
    Ok((status, Html(html)).into_response())
}

/// `GET /admin`: the sign-in form, or the admin page for a signed-in session.
pub async fn page(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, Error> {
    state.admin.require_enabled()?;
    let Some((_, csrf)) = state.admin.session(&headers) else {
        return login_page(StatusCode::OK, None);
    };
    let data = state.data.root().to_path_buf();
    let reports =
        tokio::task::spawn_blocking(move || import::load_summaries(&data, REPORTS_SHOWN)).await?;
    let html = AdminPage {
        asset_version: ASSET_VERSION,
        generation: state.archive().generation.clone(),
        running: state.admin.reimporting(),
        csrf,
        reports,
    }
    .render()?;
    let mut response = Html(html).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// `POST /admin/login`: checks the token, opens a session.
pub async fn login(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    body: Bytes,
) -> Result<Response, Error> {
    state.admin.require_enabled()?;
    state.admin.check_limit(ip)?;
    let token = form_field(&body, "token").unwrap_or_default();
    if !state.admin.token_matches(&token) {
        state.admin.record_failure(ip);
        return login_page(
            StatusCode::UNAUTHORIZED,
            Some("That token is not right. Check it and try again."),
        );
    }
    state.admin.record_success(ip);
    let (id, _) = state.admin.new_session()?;
    tracing::info!("admin signed in");
    let mut response = Redirect::to("/admin").into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, set_cookie(&id, SESSION_TTL.as_secs())?);
    Ok(response)
}

/// `POST /admin/logout`: ends the session.
pub async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Error> {
    state.admin.require_enabled()?;
    if let Some((id, csrf)) = state.admin.session(&headers) {
        check_csrf(&csrf, &body)?;
        state.admin.end_session(&id);
    }
    let mut response = Redirect::to("/admin").into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, set_cookie("", 0)?);
    Ok(response)
}

/// `POST /admin/reimport`: the button on the admin page.
pub async fn reimport_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Error> {
    state.admin.require_enabled()?;
    let (_, csrf) = state.admin.session(&headers).ok_or(Error::Forbidden(
        "Your admin session has ended. Sign in again.".into(),
    ))?;
    check_csrf(&csrf, &body)?;
    start_reimport(&state).await?;
    Ok(Redirect::to("/admin").into_response())
}

/// Checks `Authorization: Bearer <token>`, counting failures like failed sign-ins.
fn require_bearer(state: &AppState, ip: Option<IpAddr>, headers: &HeaderMap) -> Result<(), Error> {
    state.admin.require_enabled()?;
    state.admin.check_limit(ip)?;
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    if state.admin.token_matches(given) {
        state.admin.record_success(ip);
        Ok(())
    } else {
        state.admin.record_failure(ip);
        Err(Error::Unauthorized)
    }
}

/// `POST /api/admin/reimport`: 200 with the report when the import finishes within a short
/// wait, 202 when it is still running (its report is then kept like any other).
pub async fn reimport_api(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
) -> Result<Response, Error> {
    require_bearer(&state, ip, &headers)?;
    Ok(match start_reimport(&state).await? {
        Some(report) => Json(report).into_response(),
        None => (
            StatusCode::ACCEPTED,
            Json(serde_json::json!({ "status": "running" })),
        )
            .into_response(),
    })
}

/// `GET /api/admin/reports`: the summaries of the kept import reports, newest first; each names
/// its full report.
pub async fn reports_api(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
) -> Result<Json<Vec<ReportSummary>>, Error> {
    require_bearer(&state, ip, &headers)?;
    let data = state.data.root().to_path_buf();
    Ok(Json(
        tokio::task::spawn_blocking(move || import::load_summaries(&data, 50)).await?,
    ))
}

/// `GET /api/admin/reports/{name}`: one kept report in full, as it was written.
pub async fn report_api(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Path(name): Path<String>,
) -> Result<Response, Error> {
    require_bearer(&state, ip, &headers)?;
    full_report(&state, &name).await
}

/// `GET /admin/reports/{name}`: the same for a signed-in session, linked from the admin page.
pub async fn report_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(name): Path<String>,
) -> Result<Response, Error> {
    state.admin.require_enabled()?;
    if state.admin.session(&headers).is_none() {
        return Ok(Redirect::to("/admin").into_response());
    }
    full_report(&state, &name).await
}

/// The kept report's file as it is: it is JSON already, and may be tens of megabytes.
async fn full_report(state: &AppState, name: &str) -> Result<Response, Error> {
    let path = {
        let (data, name) = (state.data.root().to_path_buf(), name.to_string());
        tokio::task::spawn_blocking(move || import::full_report_path(&data, &name)).await?
    }
    .ok_or(Error::NotFound)?;
    let json = tokio::fs::read(&path).await.map_err(|_| Error::NotFound)?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        json,
    )
        .into_response())
}
