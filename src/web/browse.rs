//! Who and where: parties, people and countries, each with all the archive holds about them in
//! date order.

use super::slug::Slug;
use std::collections::BTreeMap;

use askama::Template;
use axum::extract::State;
use axum::http::Uri;
use axum::response::Html;

use super::agreements::{chronological, human_date_or, render, today, AgreementItem};
use super::catalog::Catalog;
use super::query::Params;
use super::{AppState, Error, ASSET_VERSION};
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
}

pub async fn parties(State(state): State<AppState>) -> Page {
    let archive = state.archive();
    render(&PartiesPage {
        asset_version: ASSET_VERSION,
        parties: party::with_counts(archive.store.pool()).await?,
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
    partners: Vec<(String, String)>,
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
    let mut details = agreement::details_for_party(pool, p.id).await?;
    chronological(&mut details);
    let today = today();
    let mut partners: BTreeMap<String, String> = BTreeMap::new();
    let mut signers = Vec::new();
    for d in &details {
        for other in d.parties.iter().filter(|o| o.slug != p.slug) {
            partners.insert(other.slug.clone(), other.name.clone());
        }
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
    let mut partners: Vec<(String, String)> = partners.into_iter().collect();
    partners.sort_by(|a, b| a.1.cmp(&b.1));
    render(&PartyPage {
        asset_version: ASSET_VERSION,
        agreements: details
            .iter()
            .map(|d| AgreementItem::new(d, today))
            .collect(),
        articles: article_links(article::reporting_party(pool, p.id).await?),
        name: p.name,
        country: p.country,
        country_code: p.country_code,
        aliases,
        partners,
        signers,
    })
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
    let pages = usize::try_from(total)
        .unwrap_or(0)
        .div_ceil(PEOPLE_PER_PAGE)
        .max(1);
    let page = Params::from_uri(&uri)
        .first("page")
        .parse::<usize>()
        .unwrap_or(1)
        .clamp(1, pages);
    let href = |n: usize| format!("/people?page={n}");
    render(&PeoplePage {
        asset_version: ASSET_VERSION,
        people: person::page_with_counts(
            archive.store.pool(),
            PEOPLE_PER_PAGE,
            (page - 1) * PEOPLE_PER_PAGE,
        )
        .await?,
        total,
        first_shown: (page - 1) * PEOPLE_PER_PAGE + 1,
        page,
        pages,
        prev_href: (page > 1).then(|| href(page - 1)),
        next_href: (page < pages).then(|| href(page + 1)),
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
        countries: party::countries(archive.store.pool()).await?,
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
    let mut details = agreement::details_for_country(pool, &code).await?;
    chronological(&mut details);
    let mut partners: BTreeMap<String, (String, usize)> = BTreeMap::new();
    for d in &details {
        let mut seen = std::collections::BTreeSet::new();
        for p in &d.parties {
            if let (Some(c), Some(n)) = (&p.country_code, &p.country) {
                if *c != code && seen.insert(c.clone()) {
                    partners.entry(c.clone()).or_insert((n.clone(), 0)).1 += 1;
                }
            }
        }
    }
    let mut partners: Vec<(String, String, usize)> =
        partners.into_iter().map(|(c, (n, k))| (c, n, k)).collect();
    partners.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.1.cmp(&b.1)));
    let today = today();
    render(&CountryPage {
        asset_version: ASSET_VERSION,
        agreements: details
            .iter()
            .map(|d| AgreementItem::new(d, today))
            .collect(),
        code,
        name,
        parties,
        partners,
    })
}
