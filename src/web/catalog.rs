//! What the pages about the whole archive show besides their page of agreements (counts, the
//! choices of the list's filters, the newest press releases, agreements by year and country),
//! read from the store once per generation: a generation never changes, and these questions scan
//! whole tables.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use super::Error;
use crate::extract::PartialDate;
use crate::store::agreement::{self, ListChoices};
use crate::store::article::{self, ArticleSummary};
use crate::store::party::{self, CountryCount, PartyCount};
use crate::store::{person, Store};

/// How many organisations the agreements list's filter offers: at 100,000 articles there are 700,
/// and a select of them all was 50 KB, the whole page budget.
pub const OFFERED_PARTIES: usize = 50;

/// Press releases the home page lists before pointing to the search for the rest.
pub const HOME_ARTICLES: i64 = 20;

pub struct Catalog {
    /// The values each filter of the agreements list offers, as (value, label), in label order.
    pub countries: Vec<(String, String)>,
    pub parties: Vec<(String, String)>,
    /// The parties the list's organisation filter offers: the [`OFFERED_PARTIES`] with most
    /// agreements, in label order. Any party can still be filtered on, from its own page.
    pub offered_parties: Vec<(String, String)>,
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
    /// What to call each party (by slug) where no country is shown beside it: its name, and its
    /// country too when other parties share the name.
    pub party_labels: HashMap<String, String>,
    /// The newest press releases.
    pub latest_articles: Vec<ArticleSummary>,
    /// Every agreement with an expiry, as (id, expires): the expiring page picks its lists
    /// from these each day (23,000 at 100,000 articles; reading them took most of its 45 ms).
    pub expiries: Vec<(i64, String)>,
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
        let party_labels = party_labels(&party_totals);
        let parties = by_label(
            parties
                .into_iter()
                .map(|(slug, name)| {
                    let label = party_labels.get(&slug).cloned().unwrap_or(name);
                    (slug, label)
                })
                .collect(),
        );
        let mut busiest: Vec<&PartyCount> = party_totals.iter().collect();
        busiest.sort_by(|a, b| {
            b.agreements
                .cmp(&a.agreements)
                .then_with(|| a.name.cmp(&b.name))
                .then_with(|| a.slug.cmp(&b.slug))
        });
        let busiest: HashSet<&str> = busiest
            .iter()
            .take(OFFERED_PARTIES)
            .map(|p| p.slug.as_str())
            .collect();
        let offered_parties = parties
            .iter()
            .filter(|(slug, _)| busiest.contains(slug.as_str()))
            .cloned()
            .collect();
        Ok(Catalog {
            countries: by_label(countries),
            parties,
            offered_parties,
            years,
            kinds: by_label(same(kinds)),
            topics: by_label(same(topics)),
            article_count: article::count(pool).await?,
            person_count: person::count(pool).await?,
            country_totals: party::countries(pool).await?,
            country_links: party::country_links(pool).await?,
            party_totals,
            party_labels,
            latest_articles: article::recent(pool, HOME_ARTICLES).await?,
            expiries: agreement::expiries(pool).await?,
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

/// Each party's label: its name, with its country when other parties share the name. An
/// archive of many countries holds dozens of "Ministry of Foreign Affairs", and a filter or a
/// facet that listed them by name alone could not be told apart.
fn party_labels(parties: &[PartyCount]) -> HashMap<String, String> {
    let mut named: HashMap<&str, usize> = HashMap::new();
    for p in parties {
        *named.entry(p.name.as_str()).or_default() += 1;
    }
    parties
        .iter()
        .map(|p| {
            let label = match (&p.country, named.get(p.name.as_str())) {
                (Some(country), Some(&n)) if n > 1 => format!("{} ({country})", p.name),
                _ => p.name.clone(),
            };
            (p.slug.clone(), label)
        })
        .collect()
}

/// Distinct (value, label) pairs in label order, ignoring case.
fn by_label(mut values: Vec<(String, String)>) -> Vec<(String, String)> {
    values.sort_by_cached_key(|v| (v.1.to_lowercase(), v.0.clone()));
    values.dedup();
    values
}

#[cfg(test)]
mod tests {
    use super::*;

    fn party(slug: &str, name: &str, country: Option<&str>) -> PartyCount {
        PartyCount {
            slug: slug.to_string(),
            name: name.to_string(),
            country_code: None,
            country: country.map(String::from),
            agreements: 1,
        }
    }

    #[test]
    fn a_name_several_parties_share_is_told_apart_by_country() {
        let labels = party_labels(&[
            party("mfa-jp", "Ministry of Foreign Affairs", Some("Japan")),
            party("mfa-cl", "Ministry of Foreign Affairs", Some("Chile")),
            party("mfa", "Ministry of Foreign Affairs", None),
            party("gds", "Government Digital Service", Some("United Kingdom")),
        ]);
        assert_eq!(labels["mfa-jp"], "Ministry of Foreign Affairs (Japan)");
        assert_eq!(labels["mfa-cl"], "Ministry of Foreign Affairs (Chile)");
        assert_eq!(labels["mfa"], "Ministry of Foreign Affairs");
        assert_eq!(labels["gds"], "Government Digital Service");
    }
}
