//! What the pages about the whole archive show besides their page of agreements (counts, the
//! choices of the list's filters, the newest press releases, agreements by year and country),
//! read from the store once per generation: a generation never changes, and these questions scan
//! whole tables.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::Error;
use crate::extract::PartialDate;
use crate::store::agreement::{self, ListChoices};
use crate::store::article::{self, ArticleSummary};
use crate::store::party::{self, CountryCount, PartyCount};
use crate::store::{person, Store};

/// Press releases the home page lists before pointing to the search for the rest.
pub const HOME_ARTICLES: i64 = 20;

pub struct Catalog {
    /// The values each filter of the agreements list offers, as (value, label), in label order.
    pub countries: Vec<(String, String)>,
    pub parties: Vec<(String, String)>,
    /// Newest first.
    pub years: Vec<(String, String)>,
    pub kinds: Vec<(String, String)>,
    pub topics: Vec<(String, String)>,
    pub article_count: i64,
    pub person_count: i64,
    /// Every country with its parties and agreements, and the pairs of countries that share
    /// agreements (the timeline's network).
    pub country_totals: Vec<CountryCount>,
    pub country_links: Vec<(String, String, i64)>,
    /// Every party with its number of agreements, by name.
    pub party_totals: Vec<PartyCount>,
    /// The newest press releases.
    pub latest_articles: Vec<ArticleSummary>,
    /// Agreements signed each year, and those with no date.
    pub by_year: BTreeMap<i32, usize>,
    pub undated: usize,
}

impl Catalog {
    pub async fn load(store: &Store) -> Result<Catalog, Error> {
        let pool = store.pool();
        let ListChoices {
            countries,
            parties,
            years,
            kinds,
            topics,
        } = agreement::list_choices(pool).await?;
        let same = |v: Vec<String>| v.into_iter().map(|s| (s.clone(), s)).collect();
        let mut years = by_label(same(years));
        years.reverse();
        let mut by_year = BTreeMap::new();
        let mut undated = 0;
        for (year, n) in agreement::count_by_year(pool).await? {
            let n = usize::try_from(n).unwrap_or(0);
            match year.as_deref().and_then(PartialDate::parse) {
                Some(date) => *by_year.entry(date.year).or_default() += n,
                None => undated += n,
            }
        }
        let party_totals = party::with_counts(pool).await?;
        Ok(Catalog {
            countries: by_label(countries),
            parties: by_label(parties),
            years,
            kinds: by_label(same(kinds)),
            topics: by_label(same(topics)),
            article_count: article::count(pool).await?,
            person_count: person::count(pool).await?,
            country_totals: party::countries(pool).await?,
            country_links: party::country_links(pool).await?,
            party_totals,
            latest_articles: article::recent(pool, HOME_ARTICLES).await?,
            by_year,
            undated,
        })
    }

    /// Every agreement is counted in its year or as undated.
    pub fn agreement_count(&self) -> usize {
        self.by_year.values().sum::<usize>() + self.undated
    }

    /// The archive's catalog, read once per generation.
    pub async fn of(archive: &super::Archive) -> Result<Arc<Catalog>, Error> {
        archive
            .catalog
            .get_or_try_init(|| async { Catalog::load(&archive.store).await.map(Arc::new) })
            .await
            .cloned()
    }
}

/// Distinct (value, label) pairs in label order, ignoring case.
fn by_label(mut values: Vec<(String, String)>) -> Vec<(String, String)> {
    values.sort_by_cached_key(|v| (v.1.to_lowercase(), v.0.clone()));
    values.dedup();
    values
}
