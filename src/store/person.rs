use std::collections::HashMap;

use sqlx::{FromRow, Sqlite, SqlitePool, Transaction};

use super::Result;

#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct PersonRow {
    pub id: i64,
    pub slug: String,
    pub name: String,
}

pub async fn insert(tx: &mut Transaction<'_, Sqlite>, slug: &str, name: &str) -> Result<i64> {
    Ok(sqlx::query("INSERT INTO people (slug, name) VALUES (?, ?)")
        .bind(slug)
        .bind(name)
        .execute(&mut **tx)
        .await?
        .last_insert_rowid())
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
