use std::collections::HashMap;

use sqlx::{FromRow, Sqlite, SqlitePool, Transaction};

use super::Result;

/// An article as stored.
#[derive(Debug, Clone, FromRow)]
pub struct ArticleRow {
    pub id: i64,
    pub slug: String,
    pub file: String,
    pub title: String,
    pub publisher: Option<String>,
    pub published: Option<String>,
    pub source_url: Option<String>,
    pub body: String,
    pub raw: String,
    pub content_hash: String,
}

/// What lists of articles show.
#[derive(Debug, Clone, FromRow)]
pub struct ArticleSummary {
    pub slug: String,
    pub title: String,
    pub publisher: Option<String>,
    pub published: Option<String>,
}

pub struct NewArticle<'a> {
    pub slug: &'a str,
    pub file: &'a str,
    pub title: &'a str,
    pub publisher: Option<&'a str>,
    pub published: Option<String>,
    pub source_url: Option<&'a str>,
    pub body: &'a str,
    pub raw: &'a str,
    pub content_hash: &'a str,
}

/// Inserts articles with the ids the importer gave them.
pub async fn insert_many(
    tx: &mut Transaction<'_, Sqlite>,
    articles: &[(i64, NewArticle<'_>)],
) -> Result<()> {
    super::insert_rows(
        tx,
        "INSERT INTO articles (id, slug, file, title, publisher, published, source_url, body, raw, content_hash) ",
        10,
        articles,
        |row, (id, a)| {
            row.push_bind(*id)
                .push_bind(a.slug)
                .push_bind(a.file)
                .push_bind(a.title)
                .push_bind(a.publisher)
                .push_bind(a.published.as_deref())
                .push_bind(a.source_url)
                .push_bind(a.body)
                .push_bind(a.raw)
                .push_bind(a.content_hash);
        },
    )
    .await
}

pub async fn by_slug(pool: &SqlitePool, slug: &str) -> Result<Option<ArticleRow>> {
    Ok(sqlx::query_as("SELECT * FROM articles WHERE slug = ?")
        .bind(slug)
        .fetch_optional(pool)
        .await?)
}

/// The newest `limit` articles (undated last).
pub async fn recent(pool: &SqlitePool, limit: i64) -> Result<Vec<ArticleSummary>> {
    Ok(sqlx::query_as(
        "SELECT slug, title, publisher, published FROM articles
         ORDER BY published IS NULL, published DESC, title LIMIT ?",
    )
    .bind(limit)
    .fetch_all(pool)
    .await?)
}

pub async fn count(pool: &SqlitePool) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM articles")
        .fetch_one(pool)
        .await?)
}

/// Every article, for building the search index from the store.
pub async fn all(pool: &SqlitePool) -> Result<Vec<ArticleRow>> {
    Ok(sqlx::query_as("SELECT * FROM articles ORDER BY id")
        .fetch_all(pool)
        .await?)
}

/// What the search index needs of an article.
#[derive(Debug, Clone, FromRow)]
pub struct IndexedArticle {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub body: String,
    pub published: Option<String>,
}

/// Up to `limit` articles' searchable fields, without the raw file (half the bytes), in id order
/// after `after_id`: the index reads the articles a page at a time, never all at once.
pub async fn for_index(
    pool: &SqlitePool,
    after_id: i64,
    limit: i64,
) -> Result<Vec<IndexedArticle>> {
    Ok(sqlx::query_as(
        "SELECT id, slug, title, body, published FROM articles WHERE id > ? ORDER BY id LIMIT ?",
    )
    .bind(after_id)
    .bind(limit)
    .fetch_all(pool)
    .await?)
}

/// What the previous generation knew of each file: its slug and content hash.
pub async fn identities(pool: &SqlitePool) -> Result<HashMap<String, (String, String)>> {
    let rows: Vec<(String, String, String)> =
        sqlx::query_as("SELECT file, slug, content_hash FROM articles")
            .fetch_all(pool)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(file, slug, hash)| (file, (slug, hash)))
        .collect())
}

/// The articles that name a party or a person among the agreements they report, for their pages:
/// the latest `limit` of them, oldest first.
pub async fn reporting_party(
    pool: &SqlitePool,
    party_id: i64,
    limit: usize,
) -> Result<Vec<ArticleSummary>> {
    let mut latest: Vec<ArticleSummary> = sqlx::query_as(
        "SELECT DISTINCT a.slug, a.title, a.publisher, a.published FROM articles a
         JOIN agreement_sources s ON s.article_id = a.id
         JOIN agreement_parties ap ON ap.agreement_id = s.agreement_id
         WHERE ap.party_id = ? ORDER BY a.published IS NULL DESC, a.published DESC, a.title DESC
         LIMIT ?",
    )
    .bind(party_id)
    .bind(i64::try_from(limit).unwrap_or(i64::MAX))
    .fetch_all(pool)
    .await?;
    latest.reverse();
    Ok(latest)
}

pub async fn reporting_person(pool: &SqlitePool, person_id: i64) -> Result<Vec<ArticleSummary>> {
    Ok(sqlx::query_as(
        "SELECT DISTINCT a.slug, a.title, a.publisher, a.published FROM articles a
         JOIN agreement_sources s ON s.article_id = a.id
         JOIN signatories sg ON sg.agreement_id = s.agreement_id
         WHERE sg.person_id = ? ORDER BY a.published IS NULL, a.published, a.title",
    )
    .bind(person_id)
    .fetch_all(pool)
    .await?)
}
