//! The `{slug}` of a page's path, read so that a malformed one is a friendly 404.

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;

use super::error::Error;

/// A path segment naming a page. Axum's own `Path` answers bytes that are not UTF-8 with a
/// bare-text 400; no slug can hold such bytes, so this answers with the archive's 404 page.
pub struct Slug(pub String);

impl<S: Send + Sync> FromRequestParts<S> for Slug {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Path::<String>::from_request_parts(parts, state).await {
            Ok(Path(slug)) => Ok(Slug(slug)),
            Err(_) => Err(Error::NotFound),
        }
    }
}
