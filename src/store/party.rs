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

pub async fn insert(
    tx: &mut Transaction<'_, Sqlite>,
    slug: &str,
    name: &str,
    country_code: Option<&str>,
    country: Option<&str>,
) -> Result<i64> {
    Ok(
        sqlx::query("INSERT INTO parties (slug, name, country_code, country) VALUES (?, ?, ?, ?)")
            .bind(slug)
            .bind(name)
            .bind(country_code)
            .bind(country)
            .execute(&mut **tx)
            .await?
            .last_insert_rowid(),
    )
}

pub async fn add_alias(tx: &mut Transaction<'_, Sqlite>, party_id: i64, alias: &str) -> Result<()> {
    sqlx::query("INSERT OR IGNORE INTO party_aliases (party_id, alias) VALUES (?, ?)")
        .bind(party_id)
        .bind(alias)
        .execute(&mut **tx)
        .await?;
    Ok(())
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
