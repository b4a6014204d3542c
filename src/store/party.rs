use std::collections::HashMap;

use sqlx::{FromRow, Sqlite, SqlitePool, Transaction};

use super::Result;

#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct PartyRow {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub country_code: Option<String>,
    pub country: Option<String>,
}

/// A party to insert, with the id the importer gave it.
pub struct NewParty<'a> {
    pub id: i64,
    pub slug: &'a str,
    pub name: &'a str,
    pub country_code: Option<&'a str>,
    pub country: Option<&'a str>,
}

pub async fn insert_many(tx: &mut Transaction<'_, Sqlite>, parties: &[NewParty<'_>]) -> Result<()> {
    super::insert_rows(
        tx,
        "INSERT INTO parties (id, slug, name, country_code, country) ",
        5,
        parties,
        |row, p| {
            row.push_bind(p.id)
                .push_bind(p.slug)
                .push_bind(p.name)
                .push_bind(p.country_code)
                .push_bind(p.country);
        },
    )
    .await
}

/// Adds (party id, alias) pairs; repeats are ignored.
pub async fn add_aliases(tx: &mut Transaction<'_, Sqlite>, aliases: &[(i64, &str)]) -> Result<()> {
    super::insert_rows(
        tx,
        "INSERT OR IGNORE INTO party_aliases (party_id, alias) ",
        2,
        aliases,
        |row, (party, alias)| {
            row.push_bind(*party).push_bind(*alias);
        },
    )
    .await
}

pub async fn all(pool: &SqlitePool) -> Result<Vec<PartyRow>> {
    Ok(
        sqlx::query_as("SELECT id, slug, name, country_code, country FROM parties ORDER BY name")
            .fetch_all(pool)
            .await?,
    )
}

/// Aliases of every party, keyed by party id.
pub async fn aliases(pool: &SqlitePool) -> Result<HashMap<i64, Vec<String>>> {
    let rows: Vec<(i64, String)> =
        sqlx::query_as("SELECT party_id, alias FROM party_aliases ORDER BY length(alias), alias")
            .fetch_all(pool)
            .await?;
    let mut map: HashMap<i64, Vec<String>> = HashMap::new();
    for (id, alias) in rows {
        map.entry(id).or_default().push(alias);
    }
    Ok(map)
}

/// Slugs of the previous generation's parties, keyed by (name, country code).
pub async fn slugs(pool: &SqlitePool) -> Result<HashMap<(String, String), String>> {
    let rows: Vec<(String, Option<String>, String)> =
        sqlx::query_as("SELECT name, country_code, slug FROM parties")
            .fetch_all(pool)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(name, code, slug)| ((name, code.unwrap_or_default()), slug))
        .collect())
}

pub async fn by_slug(pool: &SqlitePool, slug: &str) -> Result<Option<PartyRow>> {
    Ok(
        sqlx::query_as("SELECT id, slug, name, country_code, country FROM parties WHERE slug = ?")
            .bind(slug)
            .fetch_optional(pool)
            .await?,
    )
}

/// A party with the number of agreements it is party to, for lists.
#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct PartyCount {
    pub slug: String,
    pub name: String,
    pub country_code: Option<String>,
    pub country: Option<String>,
    pub agreements: i64,
}

/// Every party with its number of agreements, by name.
pub async fn with_counts(pool: &SqlitePool) -> Result<Vec<PartyCount>> {
    Ok(sqlx::query_as(
        "SELECT p.slug, p.name, p.country_code, p.country, COUNT(ap.agreement_id) AS agreements
         FROM parties p LEFT JOIN agreement_parties ap ON ap.party_id = p.id
         GROUP BY p.id ORDER BY p.name, p.country",
    )
    .fetch_all(pool)
    .await?)
}

/// The other parties of a party's agreements, as (slug, name, agreements shared), those it shares
/// most with first.
pub async fn partners(pool: &SqlitePool, party_id: i64) -> Result<Vec<(String, String, i64)>> {
    Ok(sqlx::query_as(
        "SELECT p.slug, p.name, COUNT(DISTINCT mine.agreement_id) AS shared
         FROM agreement_parties mine
         JOIN agreement_parties theirs ON theirs.agreement_id = mine.agreement_id
         JOIN parties p ON p.id = theirs.party_id
         WHERE mine.party_id = ?1 AND theirs.party_id != ?1
         GROUP BY p.id ORDER BY shared DESC, p.name, p.slug",
    )
    .bind(party_id)
    .fetch_all(pool)
    .await?)
}

/// The parties of one country, with their number of agreements.
pub async fn in_country(pool: &SqlitePool, code: &str) -> Result<Vec<PartyCount>> {
    Ok(sqlx::query_as(
        "SELECT p.slug, p.name, p.country_code, p.country, COUNT(ap.agreement_id) AS agreements
         FROM parties p LEFT JOIN agreement_parties ap ON ap.party_id = p.id
         WHERE p.country_code = ? GROUP BY p.id ORDER BY p.name",
    )
    .bind(code)
    .fetch_all(pool)
    .await?)
}

/// A country as the archive knows it: the parties from it and their agreements.
#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct CountryCount {
    pub code: String,
    pub name: String,
    pub parties: i64,
    pub agreements: i64,
}

/// Every country with a party in the archive, by name.
pub async fn countries(pool: &SqlitePool) -> Result<Vec<CountryCount>> {
    Ok(sqlx::query_as(
        "SELECT p.country_code AS code, COALESCE(MAX(p.country), p.country_code) AS name,
                COUNT(DISTINCT p.id) AS parties, COUNT(DISTINCT ap.agreement_id) AS agreements
         FROM parties p LEFT JOIN agreement_parties ap ON ap.party_id = p.id
         WHERE p.country_code IS NOT NULL GROUP BY p.country_code ORDER BY name",
    )
    .fetch_all(pool)
    .await?)
}

/// Pairs of countries that share an agreement, with how many: the archive's network.
pub async fn country_links(pool: &SqlitePool) -> Result<Vec<(String, String, i64)>> {
    Ok(sqlx::query_as(
        "SELECT a.country_code, b.country_code, COUNT(DISTINCT x.agreement_id)
         FROM agreement_parties x JOIN parties a ON a.id = x.party_id
         JOIN agreement_parties y ON y.agreement_id = x.agreement_id
         JOIN parties b ON b.id = y.party_id
         WHERE a.country_code IS NOT NULL AND b.country_code IS NOT NULL
           AND a.country_code < b.country_code
         GROUP BY a.country_code, b.country_code ORDER BY 3 DESC, 1, 2",
    )
    .fetch_all(pool)
    .await?)
}
