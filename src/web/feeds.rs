//! The Atom feed of agreements, newest first, so anyone can follow what the archive adds.

use axum::extract::State;
use axum::response::Response;

use super::search::{atom_response, atom_time, AtomEntry, AtomFeed, UNDATED};
use super::{AppState, Error};
use crate::store::agreement;

/// Entries in the feed: enough for any reader that polls now and then.
const FEED_ENTRIES: usize = 50;

pub async fn agreements(State(state): State<AppState>) -> Result<Response, Error> {
    let archive = state.archive();
    let newest = agreement::newest(archive.store.pool(), FEED_ENTRIES).await?;
    let entries: Vec<AtomEntry> = newest
        .iter()
        .map(|d| {
            let parties: Vec<String> = d
                .parties
                .iter()
                .map(|p| match &p.country {
                    Some(c) => format!("{} ({c})", p.name),
                    None => p.name.clone(),
                })
                .collect();
            let signed =
                super::agreements::human_date_or(d.row.signed_date.as_deref(), "date not stated");
            AtomEntry {
                id: format!("tag:mou-archive,2024:agreement/{}", d.row.slug),
                title: d.row.title.clone(),
                href: format!("/agreements/{}", d.row.slug),
                updated: atom_time(d.row.signed_date.as_deref(), UNDATED),
                summary: format!(
                    "{} between {}; signed {signed}. Reported by {} source{}.",
                    d.row.kind,
                    parties.join(" and "),
                    d.sources.len(),
                    if d.sources.len() == 1 { "" } else { "s" }
                ),
            }
        })
        .collect();
    let updated = entries
        .iter()
        .map(|e| e.updated.clone())
        .max()
        .unwrap_or_else(|| UNDATED.to_string());
    atom_response(&AtomFeed {
        id: "tag:mou-archive,2024:agreements".to_string(),
        title: "MoU Archive: agreements".to_string(),
        self_href: "/feed.atom".to_string(),
        alternate_href: "/agreements".to_string(),
        updated,
        entries,
    })
}
