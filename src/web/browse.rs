//! Who and where: parties, people and countries, each with all the archive holds about them in
//! date order.

use std::collections::HashMap;

use super::slug::Slug;
use askama::Template;
use axum::extract::State;
use axum::http::Uri;
use axum::response::Html;

use super::agreements::{chronological, human_date_or, render, today, AgreementItem};
use super::catalog::Catalog;
use super::query::{Pager, Params};
use super::{AppState, Error, ASSET_VERSION};
use crate::store::agreement::{AgreementDetail, ListOrder, ListQuery};
use crate::store::party::{CountryCount, PartyCount};
use crate::store::person::PersonCount;
use crate::store::{agreement, article, party, person};

type Page = Result<Html<String>, Error>;

pub struct ArticleLink {
    pub slug: String,
    pub title: String,
    pub date: String,
}

fn article_links(rows: Vec<crate::store::ArticleSummary>) -> Vec<ArticleLink> {
    rows.into_iter()
        .map(|a| ArticleLink {
            date: human_date_or(a.published.as_deref(), "date not stated"),
            slug: a.slug,
            title: a.title,
        })
        .collect()
}

#[derive(Template)]
#[template(path = "browse/parties.html")]
pub struct PartiesPage {
    asset_version: &'static str,
    parties: Vec<PartyCount>,
    total: usize,
    first_shown: usize,
    page: usize,
    pages: usize,
    prev_href: Option<String>,
    next_href: Option<String>,
}

/// Organisations per page of the organisations list: at 100,000 articles there are 700 of them,
/// and the whole list was a 100 KB page.
const PARTIES_PER_PAGE: usize = 150;

pub async fn parties(State(state): State<AppState>, uri: Uri) -> Page {
    let archive = state.archive();
    let all = &Catalog::of(&archive).await?.party_totals;
    let pager = Pager::new(
        Params::from_uri(&uri).page(),
        all.len(),
        PARTIES_PER_PAGE,
        |n| format!("/parties?page={n}"),
    );
    render(&PartiesPage {
        asset_version: ASSET_VERSION,
        parties: all
            .iter()
            .skip(pager.first_shown - 1)
            .take(PARTIES_PER_PAGE)
            .cloned()
            .collect(),
        total: all.len(),
        first_shown: pager.first_shown,
        page: pager.page,
        pages: pager.pages,
        prev_href: pager.prev_href,
        next_href: pager.next_href,
    })
}

pub struct SignerView {
    pub slug: String,
    pub name: String,
    pub role: Option<String>,
    pub agreement_slug: String,
    pub date: String,
}

#[derive(Template)]
#[template(path = "browse/party.html")]
pub struct PartyPage {
    asset_version: &'static str,
    name: String,
    country: Option<String>,
    country_code: Option<String>,
    aliases: Vec<String>,
    agreements: Vec<AgreementItem>,
    /// All of its agreements, of which `agreements` are the latest.
    total: usize,
    all_href: String,
    /// Its press releases in the search, for when the page shows only the latest.
    articles_href: String,
    /// By name: those it shares most agreements with, of which there are `more_partners` more.
    partners: Vec<(String, String)>,
    more_partners: usize,
    signers: Vec<SignerView>,
    articles: Vec<ArticleLink>,
}

pub async fn party(State(state): State<AppState>, Slug(slug): Slug) -> Page {
    let archive = state.archive();
    let pool = archive.store.pool();
    let p = party::by_slug(pool, &slug).await?.ok_or(Error::NotFound)?;
    let aliases = party::aliases(pool)
        .await?
        .remove(&p.id)
        .unwrap_or_default();
    let (total, details) = latest_agreements(
        pool,
        ListQuery {
            party: Some(&p.slug),
            ..ListQuery::default()
        },
    )
    .await?;
    let today = today();
    // Partners are listed by name alone: one sharing its name with another says whose it is.
    let labels = &Catalog::of(&archive).await?.party_labels;
    let all_partners = party::partners(pool, p.id).await?;
    let more_partners = all_partners.len().saturating_sub(PARTNERS_SHOWN);
    let mut partners: Vec<(String, String)> = all_partners
        .into_iter()
        .take(PARTNERS_SHOWN)
        .map(|(slug, name, _)| {
            let label = labels.get(&slug).cloned().unwrap_or(name);
            (slug, label)
        })
        .collect();
    partners.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
    let mut signers = Vec::new();
    for d in &details {
        for s in d
            .signatories
            .iter()
            .filter(|s| s.party_slug.as_deref() == Some(p.slug.as_str()))
        {
            signers.push(SignerView {
                slug: s.slug.clone(),
                name: s.name.clone(),
                role: s.role.clone(),
                agreement_slug: d.row.slug.clone(),
                date: human_date_or(d.row.signed_date.as_deref(), "date not stated"),
            });
        }
    }
    render(&PartyPage {
        asset_version: ASSET_VERSION,
        agreements: details
            .iter()
            .map(|d| AgreementItem::new(d, today))
            .collect(),
        total,
        all_href: format!("/agreements?party={}", p.slug),
        articles_href: format!("/search?type=article&party={}&sort=newest", p.slug),
        articles: article_links(article::reporting_party(pool, p.id, LATEST_SHOWN).await?),
        name: p.name,
        country: p.country,
        country_code: p.country_code,
        aliases,
        partners,
        more_partners,
        signers,
    })
}

/// Partners a party's page names: those it shares most agreements with. The busiest party of a
/// 100,000-article archive has hundreds, a 25 KB list on its own.
const PARTNERS_SHOWN: usize = 40;

/// Agreements (and press releases) a party's or a country's page shows: the latest, oldest first,
/// with a link to the full list. Most have fewer; the busiest have thousands at 100,000 articles,
/// where 50 made their pages 50–80 KB.
const LATEST_SHOWN: usize = 20;

/// The latest `LATEST_SHOWN` agreements of a list, oldest first, and how many there are in all.
async fn latest_agreements(
    pool: &sqlx::SqlitePool,
    query: ListQuery<'_>,
) -> Result<(usize, Vec<AgreementDetail>), Error> {
    let (total, mut details) = agreement::list(
        pool,
        &ListQuery {
            order: ListOrder::Newest,
            limit: Some(LATEST_SHOWN),
            offset: 0,
            ..query
        },
    )
    .await?;
    chronological(&mut details);
    Ok((total, details))
}

#[derive(Template)]
#[template(path = "browse/people.html")]
pub struct PeoplePage {
    asset_version: &'static str,
    people: Vec<PersonCount>,
    total: i64,
    first_shown: usize,
    page: usize,
    pages: usize,
    prev_href: Option<String>,
    next_href: Option<String>,
}

/// People per page of the people list.
const PEOPLE_PER_PAGE: usize = 200;

pub async fn people(State(state): State<AppState>, uri: Uri) -> Page {
    let archive = state.archive();
    let total = Catalog::of(&archive).await?.person_count;
    let pager = Pager::new(
        Params::from_uri(&uri).page(),
        usize::try_from(total).unwrap_or(0),
        PEOPLE_PER_PAGE,
        |n| format!("/people?page={n}"),
    );
    render(&PeoplePage {
        asset_version: ASSET_VERSION,
        people: person::page_with_counts(
            archive.store.pool(),
            PEOPLE_PER_PAGE,
            pager.first_shown - 1,
        )
        .await?,
        total,
        first_shown: pager.first_shown,
        page: pager.page,
        pages: pager.pages,
        prev_href: pager.prev_href,
        next_href: pager.next_href,
    })
}

pub struct SigningView {
    pub date: String,
    pub agreement_slug: String,
    pub agreement_title: String,
    pub place: Option<String>,
    pub role: Option<String>,
    pub party: Option<String>,
    pub party_slug: Option<String>,
}

#[derive(Template)]
#[template(path = "browse/person.html")]
pub struct PersonPage {
    asset_version: &'static str,
    name: String,
    signings: Vec<SigningView>,
    articles: Vec<ArticleLink>,
}

pub async fn person(State(state): State<AppState>, Slug(slug): Slug) -> Page {
    let archive = state.archive();
    let pool = archive.store.pool();
    let p = person::by_slug(pool, &slug).await?.ok_or(Error::NotFound)?;
    let signings = person::signings(pool, p.id)
        .await?
        .into_iter()
        .map(|s| SigningView {
            date: human_date_or(s.signed_date.as_deref(), "date not stated"),
            agreement_slug: s.agreement_slug,
            agreement_title: s.agreement_title,
            place: s.signed_place,
            role: s.role,
            party: s.party,
            party_slug: s.party_slug,
        })
        .collect();
    render(&PersonPage {
        asset_version: ASSET_VERSION,
        articles: article_links(article::reporting_person(pool, p.id).await?),
        name: p.name,
        signings,
    })
}

#[derive(Template)]
#[template(path = "browse/countries.html")]
pub struct CountriesPage {
    asset_version: &'static str,
    countries: Vec<CountryCount>,
}

pub async fn countries(State(state): State<AppState>) -> Page {
    let archive = state.archive();
    render(&CountriesPage {
        asset_version: ASSET_VERSION,
        countries: Catalog::of(&archive).await?.country_totals.clone(),
    })
}

#[derive(Template)]
#[template(path = "browse/country.html")]
pub struct CountryPage {
    asset_version: &'static str,
    code: String,
    name: String,
    parties: Vec<PartyCount>,
    agreements: Vec<AgreementItem>,
    /// All of its agreements, of which `agreements` are the latest.
    total: usize,
    partners: Vec<(String, String, usize)>,
}

pub async fn country(State(state): State<AppState>, Slug(code): Slug) -> Page {
    let archive = state.archive();
    let pool = archive.store.pool();
    let code = code.to_ascii_uppercase();
    let parties = party::in_country(pool, &code).await?;
    let Some(name) = parties.iter().find_map(|p| p.country.clone()) else {
        return Err(Error::NotFound);
    };
    let (total, details) = latest_agreements(
        pool,
        ListQuery {
            country: Some(&code),
            ..ListQuery::default()
        },
    )
    .await?;
    // From the catalog's country pairs: asking SQLite for one country's took 24 ms for
    // Singapore at 100,000 articles, most of the page's time.
    let catalog = Catalog::of(&archive).await?;
    let names: HashMap<&str, &str> = catalog
        .country_totals
        .iter()
        .map(|c| (c.code.as_str(), c.name.as_str()))
        .collect();
    let mut partners: Vec<(String, String, usize)> = catalog
        .country_links
        .iter()
        .filter_map(|(a, b, shared)| {
            let other = match (a == &code, b == &code) {
                (true, _) => b,
                (_, true) => a,
                _ => return None,
            };
            let name = names.get(other.as_str())?;
            Some((
                other.clone(),
                name.to_string(),
                usize::try_from(*shared).unwrap_or(0),
            ))
        })
        .collect();
    partners.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.1.cmp(&b.1)));
    let today = today();
    render(&CountryPage {
        asset_version: ASSET_VERSION,
        agreements: details
            .iter()
            .map(|d| AgreementItem::new(d, today))
            .collect(),
        total,
        code,
        name,
        parties,
        partners,
    })
}
