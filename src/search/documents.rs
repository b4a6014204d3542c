//! The index's documents, read back from the store: the index holds nothing the store does not.

use std::collections::HashMap;

use sqlx::SqlitePool;
use tokio::sync::mpsc;

use super::IndexDoc;
use crate::extract::PartialDate;
use crate::store::agreement::{AgreementDetail, SignatoryRef};
use crate::store::{article, party, person};

fn year_of(date: Option<&str>) -> Option<String> {
    date.and_then(PartialDate::parse)
        .map(|d| d.year.to_string())
}

/// What an agreement contributes to the facets of itself and of the articles that report it.
fn agreement_facets(a: &AgreementDetail) -> Vec<(&'static str, String)> {
    let mut facets = Vec::new();
    for p in &a.parties {
        facets.push(("party", p.slug.clone()));
        if let Some(code) = &p.country_code {
            facets.push(("country", code.clone()));
        }
    }
    for s in &a.signatories {
        facets.push(("person", s.slug.clone()));
    }
    if let Some(year) = year_of(a.row.signed_date.as_deref()) {
        facets.push(("year", year));
    }
    facets.push(("kind", a.row.kind.clone()));
    for t in &a.topics {
        facets.push(("topic", t.clone()));
    }
    facets
}

/// Articles read from the store at a time while indexing.
const ARTICLES_PER_PAGE: i64 = 512;

/// Sends every article, agreement, party and person of the store, ready to index, to `sink` as
/// it is made: the index builder takes them one by one, so they are never all in memory. Stops
/// early, without error, if the builder has gone (it reports its own error). `agreements` are
/// the store's, in full (`agreement::details`): the importer has just read them.
pub async fn send_documents(
    pool: &SqlitePool,
    agreements: &[AgreementDetail],
    sink: &mpsc::Sender<IndexDoc>,
) -> crate::store::Result<()> {
    let mut by_article: HashMap<&str, Vec<&AgreementDetail>> = HashMap::new();
    for a in agreements {
        for s in &a.sources {
            by_article.entry(s.slug.as_str()).or_default().push(a);
        }
    }
    let mut after = 0;
    loop {
        let page = article::for_index(pool, after, ARTICLES_PER_PAGE).await?;
        let Some(last) = page.last() else { break };
        after = last.id;
        for a in page {
            let mut facets = Vec::new();
            if let Some(year) = year_of(a.published.as_deref()) {
                facets.push(("year", year));
            }
            for ag in by_article.get(a.slug.as_str()).into_iter().flatten() {
                facets.extend(agreement_facets(ag));
            }
            let doc = IndexDoc {
                kind: "article",
                slug: a.slug,
                title: a.title,
                body: a.body,
                date: a.published,
                facets,
            };
            if sink.send(doc).await.is_err() {
                return Ok(());
            }
        }
    }

    for a in agreements {
        // Written as sentences, so a snippet reads like a summary of the agreement.
        let parties: Vec<String> = a
            .parties
            .iter()
            .map(|p| {
                let mut also: Vec<String> = p.aliases.clone();
                also.extend(p.country.iter().cloned());
                if also.is_empty() {
                    p.name.clone()
                } else {
                    format!("{} ({})", p.name, also.join(", "))
                }
            })
            .collect();
        let mut body = vec![format!("{} between {}.", a.row.kind, join_and(&parties))];
        let mut signing = String::from("Signed");
        if let Some(date) = a.row.signed_date.as_deref().and_then(PartialDate::parse) {
            signing.push_str(&format!(" {}", date.human()));
        }
        if let Some(place) = &a.row.signed_place {
            signing.push_str(&format!(" in {place}"));
        }
        let signers: Vec<String> = a
            .signatories
            .iter()
            .map(|s| match &s.role {
                Some(role) => format!("{}, {role}", s.name),
                None => s.name.clone(),
            })
            .collect();
        if !signers.is_empty() {
            signing.push_str(&format!(" by {}", join_and(&signers)));
        }
        if signing != "Signed" {
            body.push(format!("{signing}."));
        }
        if let Some(duration) = &a.row.duration {
            body.push(format!("In effect for {duration}."));
        }
        if !a.topics.is_empty() {
            body.push(format!("Topics: {}.", a.topics.join(", ")));
        }
        let doc = IndexDoc {
            kind: "agreement",
            slug: a.row.slug.clone(),
            title: a.row.title.clone(),
            body: body.join(" "),
            date: a.row.signed_date.clone(),
            facets: agreement_facets(a),
        };
        if sink.send(doc).await.is_err() {
            return Ok(());
        }
    }

    let aliases = party::aliases(pool).await?;
    let mut party_agreements: HashMap<&str, Vec<&AgreementDetail>> = HashMap::new();
    for a in agreements {
        for p in &a.parties {
            party_agreements.entry(p.slug.as_str()).or_default().push(a);
        }
    }
    for p in party::all(pool).await? {
        let mut body: Vec<String> = aliases.get(&p.id).cloned().unwrap_or_default();
        body.extend(p.country.iter().cloned());
        let mut facets = vec![("party", p.slug.clone())];
        if let Some(code) = &p.country_code {
            facets.push(("country", code.clone()));
        }
        for a in party_agreements.get(p.slug.as_str()).into_iter().flatten() {
            body.push(a.row.title.clone());
            facets.push(("kind", a.row.kind.clone()));
        }
        let doc = IndexDoc {
            kind: "party",
            slug: p.slug,
            title: p.name,
            body: body.join(". "),
            date: None,
            facets,
        };
        if sink.send(doc).await.is_err() {
            return Ok(());
        }
    }

    // Each person's signings from the agreements already read, in the order a person's page
    // lists them (by date, undated last, then title): one pass, no query per person.
    let mut signings: HashMap<&str, Vec<(&AgreementDetail, &SignatoryRef)>> = HashMap::new();
    for a in agreements {
        for s in &a.signatories {
            signings.entry(s.slug.as_str()).or_default().push((a, s));
        }
    }
    for list in signings.values_mut() {
        list.sort_by(|(a, _), (b, _)| {
            let key = |d: &AgreementDetail| {
                (
                    d.row.signed_date.is_none(),
                    d.row.signed_date.clone(),
                    d.row.title.clone(),
                )
            };
            key(a).cmp(&key(b))
        });
    }
    for pe in person::all(pool).await? {
        let mut body = Vec::new();
        let mut facets = vec![("person", pe.slug.clone())];
        for (a, s) in signings.get(pe.slug.as_str()).into_iter().flatten() {
            body.extend(s.role.clone());
            if let (Some(name), Some(slug)) = (&s.party, &s.party_slug) {
                body.push(name.clone());
                facets.push(("party", slug.clone()));
            }
            body.push(a.row.title.clone());
            let party = a
                .parties
                .iter()
                .find(|p| Some(&p.slug) == s.party_slug.as_ref());
            if let Some(code) = party.and_then(|p| p.country_code.clone()) {
                facets.push(("country", code));
            }
        }
        let doc = IndexDoc {
            kind: "person",
            slug: pe.slug,
            title: pe.name,
            body: body.join(". "),
            date: None,
            facets,
        };
        if sink.send(doc).await.is_err() {
            return Ok(());
        }
    }
    Ok(())
}

/// "A", "A and B", "A, B and C".
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
