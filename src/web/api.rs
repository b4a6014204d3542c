//! The JSON API. Its shapes are read by tools outside this repository: keep them exactly.

use axum::extract::State;
use axum::Json;
use serde::Serialize;

use super::{AppState, Error};
use crate::store::agreement::{self, AgreementDetail};

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

pub async fn agreements(State(state): State<AppState>) -> Result<Json<Vec<ApiAgreement>>, Error> {
    let archive = state.archive();
    let details = agreement::details(archive.store.pool()).await?;
    Ok(Json(details.into_iter().map(ApiAgreement::from).collect()))
}
