//! The JSON API. Its shapes are read by tools outside this repository: keep them exactly.

use std::future::Future;
use std::io;

use super::slug::Slug;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::Json;
use serde::Serialize;
use sqlx::SqlitePool;

use super::export::Gzipped;
use super::{AppState, Error, ASSET_VERSION};
use crate::store::agreement::{self, AgreementDetail};
use crate::store::party;
use crate::store::person;

#[derive(Serialize)]
pub struct ApiParty {
    name: String,
    aliases: Vec<String>,
    country_code: Option<String>,
    country: Option<String>,
}

#[derive(Serialize)]
pub struct ApiSignatory {
    name: String,
    role: Option<String>,
    party: Option<String>,
}

#[derive(Serialize)]
pub struct ApiSigned {
    date: Option<String>,
    place: Option<String>,
}

/// One merged agreement: the `extract --json` fields plus slug, sources and renews.
#[derive(Serialize)]
pub struct ApiAgreement {
    slug: String,
    kind: String,
    title: String,
    parties: Vec<ApiParty>,
    signatories: Vec<ApiSignatory>,
    signed: ApiSigned,
    duration: Option<String>,
    expires: Option<String>,
    topics: Vec<String>,
    sources: Vec<String>,
    renews: Option<String>,
}

impl From<AgreementDetail> for ApiAgreement {
    fn from(d: AgreementDetail) -> Self {
        ApiAgreement {
            slug: d.row.slug,
            kind: d.row.kind,
            title: d.row.title,
            parties: d
                .parties
                .into_iter()
                .map(|p| ApiParty {
                    name: p.name,
                    aliases: p.aliases,
                    country_code: p.country_code,
                    country: p.country,
                })
                .collect(),
            signatories: d
                .signatories
                .into_iter()
                .map(|s| ApiSignatory {
                    name: s.name,
                    role: s.role,
                    party: s.party,
                })
                .collect(),
            signed: ApiSigned {
                date: d.row.signed_date,
                place: d.row.signed_place,
            },
            duration: d.row.duration,
            expires: d.row.expires,
            topics: d.topics,
            sources: d.sources.into_iter().map(|s| s.slug).collect(),
            renews: d.renews,
        }
    }
}

/// Every agreement, built once per generation (see `export`): 54 MB of JSON at 100,000 articles.
pub async fn agreements(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, Error> {
    json_export(&state, &headers, "agreements", |pool| async move {
        let details = agreement::details(&pool).await?;
        Ok(details.into_iter().map(ApiAgreement::from).collect())
    })
    .await
}

/// A whole-archive list as JSON: read by `read` and gzipped off the async threads by the first
/// request of a generation, then kept with it (see `export`).
async fn json_export<T, F, Fut>(
    state: &AppState,
    headers: &HeaderMap,
    name: &'static str,
    read: F,
) -> Result<Response, Error>
where
    T: Serialize + Send + 'static,
    F: FnOnce(SqlitePool) -> Fut,
    Fut: Future<Output = Result<Vec<T>, Error>>,
{
    let archive = state.archive();
    let export = archive
        .exports
        .get_or_build(name, None, || async {
            let list = read(archive.store.pool().clone()).await?;
            let version = format!("{name}-{}-{ASSET_VERSION}", archive.generation);
            Gzipped::build_off_thread("application/json", version, move |out| {
                serde_json::to_writer(out, &list).map_err(io::Error::from)
            })
            .await
        })
        .await?;
    Ok(export.respond(headers))
}

/// One agreement: the list's shape, plus what only a single agreement needs.
#[derive(Serialize)]
pub struct ApiAgreementDetail {
    #[serde(flatten)]
    agreement: ApiAgreement,
    renewed_by: Vec<String>,
    /// "in_effect", "expired" or "unknown", worked out from `expires` and today's date.
    status: super::agreements::Status,
    evidence: Vec<ApiEvidence>,
}

/// The sentence of a source article that states a fact.
#[derive(Serialize)]
pub struct ApiEvidence {
    field: String,
    value: String,
    sentence: String,
    source: String,
}

pub async fn agreement(
    State(state): State<AppState>,
    Slug(slug): Slug,
) -> Result<Json<ApiAgreementDetail>, Error> {
    let archive = state.archive();
    let pool = archive.store.pool();
    let d = agreement::detail(pool, &slug)
        .await?
        .ok_or(Error::NotFound)?;
    let evidence = agreement::evidence(pool, d.row.id)
        .await?
        .into_iter()
        .map(|e| ApiEvidence {
            field: e.field,
            value: e.value,
            sentence: e.sentence,
            source: e.article_slug,
        })
        .collect();
    let status = super::agreements::status(
        d.row.signed_date.as_deref(),
        d.row.expires.as_deref(),
        super::agreements::today(),
    );
    Ok(Json(ApiAgreementDetail {
        renewed_by: d.renewed_by.clone(),
        status,
        evidence,
        agreement: ApiAgreement::from(d),
    }))
}

/// Every party with its number of agreements, built once per generation.
pub async fn parties(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, Error> {
    json_export(&state, &headers, "parties", |pool| async move {
        Ok(party::with_counts(&pool).await?)
    })
    .await
}

/// Every person with their number of signings (5 MB at 100,000 articles), built once per
/// generation.
pub async fn people(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, Error> {
    json_export(&state, &headers, "people", |pool| async move {
        Ok(person::with_counts(&pool).await?)
    })
    .await
}
