//! The pages: home, article, health. (Search is in `search`, agreements in `agreements`.)

use super::slug::Slug;
use askama::Template;
use axum::extract::State;
use axum::http::Uri;
use axum::response::{Html, IntoResponse};

use super::agreements::{today, AgreementItem};
use super::catalog::Catalog;
use super::markup;
use super::query::Params;
use super::{AppState, Error, ASSET_VERSION};
use crate::extract::PartialDate;
use crate::store::{agreement, article, ArticleSummary};

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

/// Agreements the home page shows before linking to the full list.
const HOME_AGREEMENTS: usize = 5;

#[derive(Template)]
#[template(path = "home.html")]
pub struct HomePage {
    asset_version: &'static str,
    article_count: i64,
    agreement_count: usize,
    party_count: usize,
    person_count: i64,
    country_count: usize,
    agreements: Vec<AgreementItem>,
    articles: Vec<ArticleItem>,
}

pub async fn home(State(state): State<AppState>) -> Page {
    let archive = state.archive();
    let catalog = Catalog::of(&archive).await?;
    let latest = agreement::newest(archive.store.pool(), HOME_AGREEMENTS).await?;
    let today = today();
    render(&HomePage {
        asset_version: ASSET_VERSION,
        article_count: catalog.article_count,
        agreement_count: catalog.agreement_count(),
        party_count: catalog.party_totals.len(),
        person_count: catalog.person_count,
        country_count: catalog.country_totals.len(),
        agreements: latest
            .iter()
            .map(|d| AgreementItem::new(d, today))
            .collect(),
        articles: catalog
            .latest_articles
            .iter()
            .cloned()
            .map(ArticleItem::from)
            .collect(),
    })
}

pub struct AgreementLink {
    pub slug: String,
    pub title: String,
}

/// The fact a reader came to see the source of.
pub struct FactNote {
    pub label: String,
    pub value: String,
    pub found: bool,
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
    /// Paragraphs as HTML: escaped text with our own links and marks only (see `markup`).
    paragraphs_html: Vec<String>,
    agreements: Vec<AgreementLink>,
    marked: bool,
    fact: Option<FactNote>,
}

pub async fn article(State(state): State<AppState>, Slug(slug): Slug, uri: Uri) -> Page {
    let archive = state.archive();
    let pool = archive.store.pool();
    let a = article::by_slug(pool, &slug)
        .await?
        .ok_or(Error::NotFound)?;
    let (source_link, permalink) = match a.source_url {
        Some(url) if url.starts_with("http://") || url.starts_with("https://") => (Some(url), None),
        Some(url) => (None, Some(url)),
        None => (None, None),
    };
    let agreements = agreement::details_for_article(pool, a.id).await?;
    let entities = markup::entities(&agreements);

    // `?fact=ID` marks the sentence a fact of an agreement came from.
    let params = Params::from_uri(&uri);
    let evidence = match params.first("fact").parse::<i64>() {
        Ok(id) => agreement::evidence_by_id(pool, id)
            .await?
            .filter(|e| e.article_slug == a.slug),
        Err(_) => None,
    };
    let paragraphs: Vec<&str> = a.body.split("\n\n").collect();
    let mut fact_at: Option<(usize, (usize, usize))> = None;
    if let Some(e) = &evidence {
        fact_at = paragraphs
            .iter()
            .enumerate()
            .find_map(|(i, p)| markup::locate(p, &e.sentence).map(|r| (i, r)));
        if fact_at.is_none() {
            // A sentence from the title (the headline states the fact).
            tracing::debug!(
                evidence.id = e.id,
                "evidence sentence not found in the body"
            );
        }
    }
    let paragraphs_html = paragraphs
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let fact = fact_at.filter(|(at, _)| *at == i).map(|(_, r)| r);
            markup::paragraph_html(p, &entities, fact)
        })
        .collect();
    render(&ArticlePage {
        asset_version: ASSET_VERSION,
        date: a.published.as_deref().map(human_date),
        title: a.title,
        publisher: a.publisher,
        source_link,
        permalink,
        paragraphs_html,
        marked: !entities.is_empty(),
        agreements: agreements
            .iter()
            .map(|d| AgreementLink {
                slug: d.row.slug.clone(),
                title: d.row.title.clone(),
            })
            .collect(),
        fact: evidence.map(|e| FactNote {
            label: super::agreements::facts(vec![e.clone()])
                .first()
                .map(|f| f.label.to_string())
                .unwrap_or_default(),
            value: super::agreements::human_date_or(Some(&e.value), &e.value),
            found: fact_at.is_some(),
        }),
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
