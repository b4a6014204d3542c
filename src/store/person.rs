use std::collections::HashMap;

use sqlx::{FromRow, Sqlite, SqlitePool, Transaction};

use super::Result;

#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct PersonRow {
    pub id: i64,
    pub slug: String,
    pub name: String,
}

/// Inserts people as (id, slug, name), with the ids the importer gave them.
pub async fn insert_many(
    tx: &mut Transaction<'_, Sqlite>,
    people: &[(i64, &str, &str)],
) -> Result<()> {
    super::insert_rows(
        tx,
        "INSERT INTO people (id, slug, name) ",
        3,
        people,
        |row, (id, slug, name)| {
            row.push_bind(*id).push_bind(*slug).push_bind(*name);
        },
    )
    .await
}

pub async fn all(pool: &SqlitePool) -> Result<Vec<PersonRow>> {
    Ok(
        sqlx::query_as("SELECT id, slug, name FROM people ORDER BY name")
            .fetch_all(pool)
            .await?,
    )
}

/// Slugs of the previous generation's people, keyed by name.
pub async fn slugs(pool: &SqlitePool) -> Result<HashMap<String, String>> {
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT name, slug FROM people")
        .fetch_all(pool)
        .await?;
    Ok(rows.into_iter().collect())
}

pub async fn by_slug(pool: &SqlitePool, slug: &str) -> Result<Option<PersonRow>> {
    Ok(
        sqlx::query_as("SELECT id, slug, name FROM people WHERE slug = ?")
            .bind(slug)
            .fetch_optional(pool)
            .await?,
    )
}

/// A person with the number of agreements they signed, for lists.
#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct PersonCount {
    pub slug: String,
    pub name: String,
    pub signings: i64,
}

pub async fn with_counts(pool: &SqlitePool) -> Result<Vec<PersonCount>> {
    Ok(sqlx::query_as(
        "SELECT pe.slug, pe.name, COUNT(s.agreement_id) AS signings
         FROM people pe LEFT JOIN signatories s ON s.person_id = pe.id
         GROUP BY pe.id ORDER BY pe.name",
    )
    .fetch_all(pool)
    .await?)
}

pub async fn count(pool: &SqlitePool) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM people")
        .fetch_one(pool)
        .await?)
}

/// One page of the people, by name, with their number of signings: counted per person shown,
/// so a page costs the same at any size of archive.
pub async fn page_with_counts(
    pool: &SqlitePool,
    limit: usize,
    offset: usize,
) -> Result<Vec<PersonCount>> {
    Ok(sqlx::query_as(
        "SELECT pe.slug, pe.name,
                (SELECT COUNT(*) FROM signatories s WHERE s.person_id = pe.id) AS signings
         FROM people pe ORDER BY pe.name, pe.id LIMIT ? OFFSET ?",
    )
    .bind(i64::try_from(limit).unwrap_or(i64::MAX))
    .bind(i64::try_from(offset).unwrap_or(i64::MAX))
    .fetch_all(pool)
    .await?)
}

/// Every person's slug and name, for labelling facet values (no counts: cheap at any size).
pub async fn names(pool: &SqlitePool) -> Result<Vec<(String, String)>> {
    Ok(sqlx::query_as("SELECT slug, name FROM people")
        .fetch_all(pool)
        .await?)
}

/// One signing by a person: the agreement, and the role and party they signed in.
#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct Signing {
    pub agreement_slug: String,
    pub agreement_title: String,
    pub kind: String,
    pub signed_date: Option<String>,
    pub signed_place: Option<String>,
    pub role: Option<String>,
    pub party: Option<String>,
    pub party_slug: Option<String>,
}

/// A person's signings in date order (undated last).
pub async fn signings(pool: &SqlitePool, person_id: i64) -> Result<Vec<Signing>> {
    Ok(sqlx::query_as(
        "SELECT a.slug AS agreement_slug, a.title AS agreement_title, a.kind, a.signed_date,
                a.signed_place, s.role, pa.name AS party, pa.slug AS party_slug
         FROM signatories s JOIN agreements a ON a.id = s.agreement_id
         LEFT JOIN parties pa ON pa.id = s.party_id
         WHERE s.person_id = ? ORDER BY a.signed_date IS NULL, a.signed_date, a.title",
    )
    .bind(person_id)
    .fetch_all(pool)
    .await?)
}
