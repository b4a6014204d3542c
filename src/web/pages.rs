//! The pages: home, search, article, health.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse};
use serde::Deserialize;

use super::{AppState, Error, ASSET_VERSION};
use crate::extract::PartialDate;
use crate::search::SearchResults;
use crate::store::{article, ArticleSummary};

type Page = Result<Html<String>, Error>;

fn render(page: &impl Template) -> Page {
    Ok(Html(page.render()?))
}

/// A stored date ("2019-06") as a reader expects it ("June 2019").
pub fn human_date(stored: &str) -> String {
    PartialDate::parse(stored)
        .map(|d| d.human())
        .unwrap_or_else(|| stored.to_string())
}

pub struct ArticleItem {
    pub slug: String,
    pub title: String,
    pub publisher: Option<String>,
    pub date: Option<String>,
}

impl From<ArticleSummary> for ArticleItem {
    fn from(a: ArticleSummary) -> Self {
        Self {
            date: a.published.as_deref().map(human_date),
            slug: a.slug,
            title: a.title,
            publisher: a.publisher,
        }
    }
}

#[derive(Template)]
#[template(path = "home.html")]
pub struct HomePage {
    asset_version: &'static str,
    article_count: i64,
    articles: Vec<ArticleItem>,
}

pub async fn home(State(state): State<AppState>) -> Page {
    let archive = state.archive();
    let pool = archive.store.pool();
    let articles = article::list(pool).await?;
    render(&HomePage {
        asset_version: ASSET_VERSION,
        article_count: articles.len() as i64,
        articles: articles.into_iter().map(ArticleItem::from).collect(),
    })
}

#[derive(Debug, Deserialize, Default)]
pub struct SearchParams {
    #[serde(default)]
    q: Option<String>,
    #[serde(default)]
    page: Option<String>,
}

pub struct HitItem {
    pub href: String,
    pub kind: String,
    pub title_html: String,
    pub snippet_html: String,
    pub date: Option<String>,
}

#[derive(Template)]
#[template(path = "search.html")]
pub struct SearchPage {
    asset_version: &'static str,
    query: String,
    total: usize,
    hits: Vec<HitItem>,
    hint: Option<String>,
    page: usize,
    pages: usize,
}

const PER_PAGE: usize = 20;
/// Deep pages cost the index more than they help anyone.
const MAX_PAGE: usize = 500;

pub async fn search(State(state): State<AppState>, Query(params): Query<SearchParams>) -> Page {
    let query: String = params
        .q
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_control())
        .take(1000)
        .collect();
    let page = params
        .page
        .and_then(|p| p.trim().parse::<usize>().ok())
        .unwrap_or(1)
        .clamp(1, MAX_PAGE);
    let archive = state.archive();
    let results = if query.trim().is_empty() {
        SearchResults {
            total: 0,
            hits: Vec::new(),
            hint: None,
        }
    } else {
        let q = query.clone();
        tokio::task::spawn_blocking(move || {
            archive.index.search(&q, PER_PAGE, (page - 1) * PER_PAGE)
        })
        .await??
    };
    let hits = results
        .hits
        .into_iter()
        .map(|h| HitItem {
            href: format!("/{}s/{}", h.kind, h.slug),
            kind: h.kind,
            title_html: h.title_html,
            snippet_html: h.snippet_html,
            date: h.date.as_deref().map(human_date),
        })
        .collect();
    render(&SearchPage {
        asset_version: ASSET_VERSION,
        query,
        total: results.total,
        hits,
        hint: results.hint,
        page,
        pages: results.total.div_ceil(PER_PAGE),
    })
}

#[derive(Template)]
#[template(path = "article.html")]
pub struct ArticlePage {
    asset_version: &'static str,
    title: String,
    publisher: Option<String>,
    date: Option<String>,
    /// An absolute link to the original, when the source gives one.
    source_link: Option<String>,
    /// A site-relative permalink whose host the source does not name.
    permalink: Option<String>,
    paragraphs: Vec<String>,
}

pub async fn article(State(state): State<AppState>, Path(slug): Path<String>) -> Page {
    let archive = state.archive();
    let a = article::by_slug(archive.store.pool(), &slug)
        .await?
        .ok_or(Error::NotFound)?;
    let (source_link, permalink) = match a.source_url {
        Some(url) if url.starts_with("http://") || url.starts_with("https://") => (Some(url), None),
        Some(url) => (None, Some(url)),
        None => (None, None),
    };
    render(&ArticlePage {
        asset_version: ASSET_VERSION,
        date: a.published.as_deref().map(human_date),
        title: a.title,
        publisher: a.publisher,
        source_link,
        permalink,
        paragraphs: a.body.split("\n\n").map(String::from).collect(),
    })
}

pub async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    let archive = state.archive();
    match article::count(archive.store.pool()).await {
        Ok(n) => format!("ok generation={} articles={n}\n", archive.generation).into_response(),
        Err(err) => Error::from(err).into_response(),
    }
}

pub async fn not_found() -> Error {
    Error::NotFound
}
