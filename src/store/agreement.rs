use std::collections::HashMap;

use sqlx::{FromRow, Sqlite, SqlitePool, Transaction};

use super::Result;

#[derive(Debug, Clone, FromRow)]
pub struct AgreementRow {
    pub id: i64,
    pub slug: String,
    pub identity: String,
    pub kind: String,
    pub title: String,
    pub signed_date: Option<String>,
    pub signed_place: Option<String>,
    pub duration: Option<String>,
    pub expires: Option<String>,
    pub renews_id: Option<i64>,
}

pub struct NewAgreement<'a> {
    pub slug: &'a str,
    pub identity: &'a str,
    pub kind: &'a str,
    pub title: &'a str,
    pub signed_date: Option<String>,
    pub signed_place: Option<&'a str>,
    pub duration: Option<&'a str>,
    pub expires: Option<String>,
}

#[tracing::instrument(skip_all, fields(agreement.slug = %a.slug))]
pub async fn insert(tx: &mut Transaction<'_, Sqlite>, a: &NewAgreement<'_>) -> Result<i64> {
    Ok(sqlx::query(
        "INSERT INTO agreements (slug, identity, kind, title, signed_date, signed_place, duration, expires)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(a.slug)
    .bind(a.identity)
    .bind(a.kind)
    .bind(a.title)
    .bind(&a.signed_date)
    .bind(a.signed_place)
    .bind(a.duration)
    .bind(&a.expires)
    .execute(&mut **tx)
    .await?
    .last_insert_rowid())
}

pub async fn set_renews(tx: &mut Transaction<'_, Sqlite>, id: i64, renews: i64) -> Result<()> {
    sqlx::query("UPDATE agreements SET renews_id = ? WHERE id = ?")
        .bind(renews)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn add_party(
    tx: &mut Transaction<'_, Sqlite>,
    id: i64,
    party: i64,
    position: usize,
) -> Result<()> {
    sqlx::query("INSERT OR IGNORE INTO agreement_parties (agreement_id, party_id, position) VALUES (?, ?, ?)")
        .bind(id)
        .bind(party)
        .bind(position as i64)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn add_signatory(
    tx: &mut Transaction<'_, Sqlite>,
    id: i64,
    person: i64,
    role: Option<&str>,
    party: Option<i64>,
    position: usize,
) -> Result<()> {
    sqlx::query(
        "INSERT OR IGNORE INTO signatories (agreement_id, person_id, role, party_id, position) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(id)
    .bind(person)
    .bind(role)
    .bind(party)
    .bind(position as i64)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn add_source(tx: &mut Transaction<'_, Sqlite>, id: i64, article: i64) -> Result<()> {
    sqlx::query("INSERT OR IGNORE INTO agreement_sources (agreement_id, article_id) VALUES (?, ?)")
        .bind(id)
        .bind(article)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn add_topic(tx: &mut Transaction<'_, Sqlite>, id: i64, topic: &str) -> Result<()> {
    sqlx::query("INSERT OR IGNORE INTO agreement_topics (agreement_id, topic) VALUES (?, ?)")
        .bind(id)
        .bind(topic)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn add_evidence(
    tx: &mut Transaction<'_, Sqlite>,
    id: i64,
    article: i64,
    field: &str,
    value: &str,
    sentence: &str,
) -> Result<()> {
    sqlx::query("INSERT INTO evidence (agreement_id, article_id, field, value, sentence) VALUES (?, ?, ?, ?, ?)")
        .bind(id)
        .bind(article)
        .bind(field)
        .bind(value)
        .bind(sentence)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn add_mention(
    tx: &mut Transaction<'_, Sqlite>,
    article: i64,
    name: &str,
    year: Option<i32>,
    position: usize,
) -> Result<()> {
    sqlx::query("INSERT INTO mentions (article_id, name, year, position) VALUES (?, ?, ?, ?)")
        .bind(article)
        .bind(name)
        .bind(year)
        .bind(position as i64)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn count(pool: &SqlitePool) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM agreements")
        .fetch_one(pool)
        .await?)
}

/// Slugs of the previous generation's agreements, keyed by identity.
pub async fn slugs(pool: &SqlitePool) -> Result<HashMap<String, String>> {
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT identity, slug FROM agreements")
        .fetch_all(pool)
        .await?;
    Ok(rows.into_iter().collect())
}

/// A party of an agreement, as pages and the API show it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PartyRef {
    pub slug: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub country_code: Option<String>,
    pub country: Option<String>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct SignatoryRef {
    pub slug: String,
    pub name: String,
    pub role: Option<String>,
    pub party: Option<String>,
    pub party_slug: Option<String>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct SourceRef {
    pub slug: String,
    pub title: String,
    pub published: Option<String>,
}

/// An agreement with everything about it, assembled from a handful of queries (no N+1).
#[derive(Debug, Clone)]
pub struct AgreementDetail {
    pub row: AgreementRow,
    pub parties: Vec<PartyRef>,
    pub signatories: Vec<SignatoryRef>,
    pub sources: Vec<SourceRef>,
    pub topics: Vec<String>,
    pub renews: Option<String>,
    pub renewed_by: Vec<String>,
}

/// Every agreement in full, newest first (undated last).
pub async fn details(pool: &SqlitePool) -> Result<Vec<AgreementDetail>> {
    let rows: Vec<AgreementRow> = sqlx::query_as(
        "SELECT id, slug, identity, kind, title, signed_date, signed_place, duration, expires, renews_id
         FROM agreements ORDER BY signed_date IS NULL, signed_date DESC, title",
    )
    .fetch_all(pool)
    .await?;
    let aliases = super::party::aliases(pool).await?;

    let mut parties: HashMap<i64, Vec<PartyRef>> = HashMap::new();
    let party_rows: Vec<(i64, i64, String, String, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT ap.agreement_id, p.id, p.slug, p.name, p.country_code, p.country
         FROM agreement_parties ap JOIN parties p ON p.id = ap.party_id ORDER BY ap.agreement_id, ap.position",
    )
    .fetch_all(pool)
    .await?;
    for (agreement, party_id, slug, name, country_code, country) in party_rows {
        parties.entry(agreement).or_default().push(PartyRef {
            slug,
            name,
            aliases: aliases.get(&party_id).cloned().unwrap_or_default(),
            country_code,
            country,
        });
    }

    let mut signatories: HashMap<i64, Vec<SignatoryRef>> = HashMap::new();
    let signatory_rows: Vec<(
        i64,
        String,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
    )> = sqlx::query_as(
        "SELECT s.agreement_id, pe.slug, pe.name, s.role, pa.name, pa.slug
             FROM signatories s JOIN people pe ON pe.id = s.person_id
             LEFT JOIN parties pa ON pa.id = s.party_id ORDER BY s.agreement_id, s.position",
    )
    .fetch_all(pool)
    .await?;
    for (agreement, slug, name, role, party, party_slug) in signatory_rows {
        signatories
            .entry(agreement)
            .or_default()
            .push(SignatoryRef {
                slug,
                name,
                role,
                party,
                party_slug,
            });
    }

    let mut sources: HashMap<i64, Vec<SourceRef>> = HashMap::new();
    let source_rows: Vec<(i64, String, String, Option<String>)> = sqlx::query_as(
        "SELECT s.agreement_id, a.slug, a.title, a.published
         FROM agreement_sources s JOIN articles a ON a.id = s.article_id
         ORDER BY s.agreement_id, a.published IS NULL, a.published, a.id",
    )
    .fetch_all(pool)
    .await?;
    for (agreement, slug, title, published) in source_rows {
        sources.entry(agreement).or_default().push(SourceRef {
            slug,
            title,
            published,
        });
    }

    let mut topics: HashMap<i64, Vec<String>> = HashMap::new();
    let topic_rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT agreement_id, topic FROM agreement_topics ORDER BY agreement_id, topic",
    )
    .fetch_all(pool)
    .await?;
    for (agreement, topic) in topic_rows {
        topics.entry(agreement).or_default().push(topic);
    }

    let slug_of: HashMap<i64, String> = rows.iter().map(|r| (r.id, r.slug.clone())).collect();
    let mut renewed_by: HashMap<i64, Vec<String>> = HashMap::new();
    for r in &rows {
        if let Some(old) = r.renews_id {
            renewed_by.entry(old).or_default().push(r.slug.clone());
        }
    }
    Ok(rows
        .into_iter()
        .map(|row| AgreementDetail {
            parties: parties.remove(&row.id).unwrap_or_default(),
            signatories: signatories.remove(&row.id).unwrap_or_default(),
            sources: sources.remove(&row.id).unwrap_or_default(),
            topics: topics.remove(&row.id).unwrap_or_default(),
            renews: row.renews_id.and_then(|id| slug_of.get(&id).cloned()),
            renewed_by: renewed_by.remove(&row.id).unwrap_or_default(),
            row,
        })
        .collect())
}
