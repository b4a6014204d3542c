//! The web layer's one error type and its one mapping to HTTP responses.

use askama::Template;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("not found")]
    NotFound,
    #[error("bad request: {0}")]
    BadRequest(String),
    /// Credentials missing or wrong (admin API).
    #[error("unauthorized")]
    Unauthorized,
    /// A state-changing form without its CSRF token, or with a stale one.
    #[error("forbidden: {0}")]
    Forbidden(String),
    /// Too many failed logins from one address; try again after this many seconds.
    #[error("too many requests")]
    TooManyRequests { retry_after: u64 },
    /// The request clashes with work under way (a re-import already running).
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<crate::store::StoreError> for Error {
    fn from(err: crate::store::StoreError) -> Self {
        Error::Internal(err.to_string())
    }
}

impl From<crate::search::SearchError> for Error {
    fn from(err: crate::search::SearchError) -> Self {
        Error::Internal(err.to_string())
    }
}

impl From<askama::Error> for Error {
    fn from(err: askama::Error) -> Self {
        Error::Internal(format!("template: {err}"))
    }
}

impl From<tokio::task::JoinError> for Error {
    fn from(err: tokio::task::JoinError) -> Self {
        Error::Internal(format!("task: {err}"))
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    asset_version: &'static str,
    title: &'a str,
    message: &'a str,
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let (status, title, message) = match &self {
            Error::NotFound => (
                StatusCode::NOT_FOUND,
                "Page not found",
                "There is nothing at this address. It may have been mistyped, or the item may have been removed from the archive.".to_string(),
            ),
            Error::BadRequest(reason) => (
                StatusCode::BAD_REQUEST,
                "That request could not be understood",
                reason.clone(),
            ),
            Error::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                "Sign-in needed",
                "This needs the admin token.".to_string(),
            ),
            Error::Forbidden(reason) => (
                StatusCode::FORBIDDEN,
                "That action was refused",
                reason.clone(),
            ),
            Error::TooManyRequests { retry_after } => (
                StatusCode::TOO_MANY_REQUESTS,
                "Too many attempts",
                format!("Too many failed sign-ins. Please wait {retry_after} seconds and try again."),
            ),
            Error::Conflict(reason) => (StatusCode::CONFLICT, "Please wait", reason.clone()),
            Error::Internal(cause) => {
                // The cause is logged once, here; the visitor gets a plain sentence.
                tracing::error!(error.cause = %cause, "request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Sorry, something went wrong",
                    "The archive could not answer this request. Please try again in a moment.".to_string(),
                )
            }
        };
        let page = ErrorPage {
            asset_version: super::ASSET_VERSION,
            title,
            message: &message,
        };
        let mut response = match page.render() {
            Ok(html) => (status, Html(html)).into_response(),
            Err(_) => (status, title.to_string()).into_response(),
        };
        match &self {
            Error::TooManyRequests { retry_after } => {
                if let Ok(v) = HeaderValue::from_str(&retry_after.to_string()) {
                    response.headers_mut().insert(header::RETRY_AFTER, v);
                }
            }
            Error::Unauthorized => {
                response.headers_mut().insert(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static("Bearer realm=\"admin\""),
                );
            }
            _ => {}
        }
        response
    }
}
