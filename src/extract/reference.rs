//! Reference data: countries (names, demonyms, short forms), government organisations (names,
//! aliases, countries), agreement kinds and topics. The data lives in `src/extract/data/*.tsv`,
//! is compiled into the binary and parsed once, on first use.

use std::collections::HashMap;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

#[derive(Debug, Clone)]
pub struct Country {
    pub code: String,
    pub name: String,
    pub demonyms: Vec<String>,
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Organisation {
    pub country: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub kind: String,
}

#[derive(Debug, Clone)]
pub struct Topic {
    pub name: String,
    pub phrases: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Kind {
    pub name: String,
    pub phrases: Vec<String>,
}

/// What a phrase in the text refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    /// A country by name or short form ("the UK", "Singapore").
    Country(usize),
    /// A country's adjective or demonym ("British", "Singaporean").
    Demonym(usize),
    /// A known organisation (index into `organisations`).
    Organisation(usize),
}

/// A reference phrase found in text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub entity: Entity,
}

pub struct Reference {
    pub countries: Vec<Country>,
    pub organisations: Vec<Organisation>,
    pub topics: Vec<Topic>,
    pub kinds: Vec<Kind>,
    country_by_code: HashMap<String, usize>,
    /// Each organisation's country: the first with its code, asked for per mention.
    organisation_country: Vec<Option<usize>>,
    /// City name → its country, to tell where a city's or a local body's name belongs.
    city_country: HashMap<String, usize>,
    /// Phrases matched with their case exactly (acronyms, short forms).
    exact: Matcher,
    /// Phrases matched ignoring ASCII case (long names).
    folded: Matcher,
}

struct Matcher {
    automaton: AhoCorasick,
    entities: Vec<Vec<Entity>>,
    /// Each phrase's slot in `entities`, by the phrase as matched (lowered when case is folded):
    /// a text that is exactly one phrase is looked up, not searched.
    slots: HashMap<String, usize>,
    fold_case: bool,
}

static REFERENCE: LazyLock<Reference> = LazyLock::new(|| {
    Reference::from_tsv(
        include_str!("data/countries.tsv"),
        include_str!("data/agencies.tsv"),
        include_str!("data/topics.tsv"),
        include_str!("data/kinds.tsv"),
    )
    .with_cities(include_str!("data/cities.tsv"))
    // Regions tell a body's country the same way cities do.
    .with_cities(include_str!("data/regions.tsv"))
});

/// The reference data, parsed on first use.
pub fn reference() -> &'static Reference {
    &REFERENCE
}

fn rows(tsv: &str) -> impl Iterator<Item = Vec<&str>> {
    tsv.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .skip(1) // header
        .map(|l| l.split('\t').map(str::trim).collect())
}

fn list(cell: Option<&&str>) -> Vec<String> {
    cell.map(|c| {
        c.split('|')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect()
    })
    .unwrap_or_default()
}

/// Names match with their case: "IT" is not "it", and "a digital agency" is not Japan's Digital
/// Agency. Only long names written in lower case in the data are matched ignoring case.
fn is_case_sensitive(phrase: &str) -> bool {
    phrase.chars().any(char::is_uppercase) || phrase.len() < 12
}

impl Reference {
    fn from_tsv(countries: &str, agencies: &str, topics: &str, kinds: &str) -> Self {
        let countries: Vec<Country> = rows(countries)
            .filter(|r| r.len() >= 2)
            .map(|r| Country {
                code: r[0].to_string(),
                name: r[1].to_string(),
                demonyms: list(r.get(2)),
                aliases: list(r.get(3)),
            })
            .collect();
        let organisations: Vec<Organisation> = rows(agencies)
            .filter(|r| r.len() >= 2)
            .map(|r| Organisation {
                country: r[0].to_string(),
                name: r[1].to_string(),
                aliases: list(r.get(2)),
                kind: r.get(3).map(|s| s.to_string()).unwrap_or_default(),
            })
            .collect();
        let topics = rows(topics)
            .filter(|r| r.len() >= 2)
            .map(|r| Topic {
                name: r[0].to_string(),
                phrases: list(r.get(1)),
            })
            .collect();
        let kinds = rows(kinds)
            .filter(|r| r.len() >= 2)
            .map(|r| Kind {
                name: r[0].to_string(),
                phrases: list(r.get(1)),
            })
            .collect();
        let country_by_code = countries
            .iter()
            .enumerate()
            .map(|(i, c)| (c.code.clone(), i))
            .collect();
        let mut first_with_code: HashMap<&str, usize> = HashMap::new();
        for (i, c) in countries.iter().enumerate() {
            first_with_code.entry(c.code.as_str()).or_insert(i);
        }
        let organisation_country = organisations
            .iter()
            .map(|o| first_with_code.get(o.country.as_str()).copied())
            .collect();

        let mut phrases: Vec<(String, Entity)> = Vec::new();
        for (i, c) in countries.iter().enumerate() {
            phrases.push((c.name.clone(), Entity::Country(i)));
            for a in &c.aliases {
                // "the UK" is matched as "UK"; the article is not part of the name.
                let a = a.strip_prefix("the ").unwrap_or(a);
                phrases.push((a.to_string(), Entity::Country(i)));
            }
            for d in &c.demonyms {
                phrases.push((d.clone(), Entity::Demonym(i)));
            }
        }
        for (i, o) in organisations.iter().enumerate() {
            phrases.push((o.name.clone(), Entity::Organisation(i)));
            for a in &o.aliases {
                phrases.push((a.clone(), Entity::Organisation(i)));
            }
        }
        // Press releases write apostrophes both ways: "Prime Minister's Office" and "…Minister’s…".
        let curly: Vec<(String, Entity)> = phrases
            .iter()
            .filter(|(p, _)| p.contains('\''))
            .map(|(p, e)| (p.replace('\'', "’"), *e))
            .collect();
        phrases.extend(curly);
        let (exact, folded): (Vec<_>, Vec<_>) =
            phrases.into_iter().partition(|(p, _)| is_case_sensitive(p));
        Reference {
            countries,
            organisations,
            topics,
            kinds,
            country_by_code,
            organisation_country,
            city_country: HashMap::new(),
            exact: Matcher::new(exact, false),
            folded: Matcher::new(folded, true),
        }
    }

    /// The index of the country of organisation `i`.
    pub fn organisation_country(&self, i: usize) -> Option<usize> {
        self.organisation_country.get(i).copied().flatten()
    }

    pub fn country(&self, code: &str) -> Option<&Country> {
        self.country_by_code.get(code).map(|&i| &self.countries[i])
    }

    /// Every reference phrase in `text`, longest first where they overlap, whole words only.
    pub fn find(&self, text: &str) -> Vec<Found> {
        let mut found = self.exact.find(text);
        found.extend(self.folded.find(text));
        // Prefer the longer of two overlapping matches; on a tie, an organisation over a country.
        found.sort_by_key(|f| (f.start, std::cmp::Reverse(f.end)));
        let mut kept: Vec<Found> = Vec::new();
        for f in found {
            if let Some(last) = kept.last_mut() {
                if f.start < last.end {
                    if f.start == last.start
                        && f.end == last.end
                        && matches!(f.entity, Entity::Organisation(_))
                        && !matches!(last.entity, Entity::Organisation(_))
                    {
                        *last = f;
                    }
                    continue;
                }
            }
            kept.push(f);
        }
        kept
    }

    /// The organisation whose name or alias is exactly `text`.
    pub fn organisation_exact(&self, text: &str) -> Option<&Organisation> {
        let found = self.find(text.trim());
        match found.as_slice() {
            [f] if f.start == 0 && f.end == text.trim().len() => match f.entity {
                Entity::Organisation(i) => Some(&self.organisations[i]),
                _ => None,
            },
            _ => None,
        }
    }

    fn with_cities(mut self, cities: &str) -> Self {
        for r in rows(cities).filter(|r| r.len() >= 2) {
            if let Some(&c) = self.country_by_code.get(r[0]) {
                for city in list(r.get(1)) {
                    self.city_country.insert(city, c);
                }
            }
        }
        self
    }

    /// The country of a city named in `phrase` ("City of Helsinki", "Seoul Metropolitan
    /// Government"), matching whole words of up to three.
    pub fn city_in(&self, phrase: &str) -> Option<usize> {
        let ws: Vec<&str> = phrase
            .split(|c: char| c.is_whitespace() || matches!(c, ',' | '(' | ')' | '’' | '\''))
            .filter(|w| !w.is_empty())
            .collect();
        (0..ws.len()).find_map(|i| {
            (1..=3)
                .rev()
                .filter(|n| i + n <= ws.len())
                .find_map(|n| self.city_country.get(&ws[i..i + n].join(" ")).copied())
        })
    }

    /// The country of the city named exactly by `text`.
    pub fn city_named(&self, text: &str) -> Option<usize> {
        self.city_country.get(text.trim()).copied()
    }

    /// The country named exactly by `text` (name, short form or demonym).
    pub fn country_named(&self, text: &str) -> Option<usize> {
        let text = text.trim();
        let text = text.strip_prefix("the ").unwrap_or(text);
        let found = self.find(text);
        match found.as_slice() {
            [f] if f.start == 0 && f.end == text.len() => match f.entity {
                Entity::Country(i) | Entity::Demonym(i) => Some(i),
                _ => None,
            },
            _ => None,
        }
    }

    /// All organisations sharing a matched phrase (ambiguous acronyms); the caller disambiguates.
    pub fn organisations_for(&self, text: &str, at: &Found) -> Vec<usize> {
        let phrase = &text[at.start..at.end];
        self.exact
            .entities_for(phrase)
            .iter()
            .chain(self.folded.entities_for(phrase))
            .filter_map(|e| match *e {
                Entity::Organisation(i) => Some(i),
                _ => None,
            })
            .collect()
    }
}

impl Matcher {
    fn new(phrases: Vec<(String, Entity)>, fold_case: bool) -> Self {
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut entities: Vec<Vec<Entity>> = Vec::new();
        for (phrase, entity) in phrases {
            let key = if fold_case {
                phrase.to_ascii_lowercase()
            } else {
                phrase.clone()
            };
            let slot = *index.entry(key).or_insert_with(|| {
                patterns.push(phrase.clone());
                entities.push(Vec::new());
                patterns.len() - 1
            });
            if !entities[slot].contains(&entity) {
                entities[slot].push(entity);
            }
        }
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(fold_case)
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .expect("reference phrases build an automaton");
        Matcher {
            automaton,
            entities,
            slots: index,
            fold_case,
        }
    }

    fn find(&self, text: &str) -> Vec<Found> {
        self.automaton
            .find_iter(text)
            .filter(|m| is_word_boundary(text, m.start(), m.end()))
            .map(|m| Found {
                start: m.start(),
                end: m.end(),
                entity: self.entities[m.pattern().as_usize()][0],
            })
            .collect()
    }

    /// What `phrase`, the whole of it, names.
    fn entities_for(&self, phrase: &str) -> &[Entity] {
        let slot = if self.fold_case {
            self.slots.get(&phrase.to_ascii_lowercase())
        } else {
            self.slots.get(phrase)
        };
        slot.map_or(&[], |&i| &self.entities[i])
    }
}

pub fn is_word_boundary(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    !before.is_some_and(is_word) && !after.is_some_and(is_word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_data_is_broad() {
        let r = reference();
        assert!(r.countries.len() >= 190, "{} countries", r.countries.len());
        assert!(
            r.organisations.len() >= 150,
            "{} organisations",
            r.organisations.len()
        );
        for code in [
            "GB", "SG", "KR", "US", "EE", "AE", "IN", "BR", "UY", "VN", "EU",
        ] {
            assert!(r.country(code).is_some(), "{code} missing");
        }
    }

    #[test]
    fn every_g20_oecd_asean_and_digital_nations_country_has_its_digital_government_bodies() {
        let r = reference();
        let g20 = "AR AU BR CA CN FR DE IN ID IT JP KR MX RU SA ZA TR GB US EU";
        let oecd = "AU AT BE CA CL CO CR CZ DK EE FI FR DE GR HU IS IE IL IT JP KR LV LT LU MX NL NZ NO PL PT SK SI ES SE CH TR GB US";
        let asean = "BN KH ID LA MY MM PH SG TH VN";
        let digital_nations = "GB EE KR IL NZ CA UY PT MX DK BH UA";
        for code in [g20, oecd, asean, digital_nations]
            .join(" ")
            .split_whitespace()
        {
            assert!(r.country(code).is_some(), "country {code} missing");
            let bodies = r.organisations.iter().filter(|o| o.country == code).count();
            assert!(bodies >= 1, "no government body for {code}");
        }
    }

    #[test]
    fn acronyms_match_only_with_their_case() {
        let r = reference();
        let text = "The UK's Government Digital Service (GDS) said it would help.";
        let found = r.find(text);
        let names: Vec<&str> = found.iter().map(|f| &text[f.start..f.end]).collect();
        assert!(names.contains(&"UK"));
        assert!(names.contains(&"Government Digital Service"));
        assert!(names.contains(&"GDS"));
        assert!(!names.contains(&"it"));
    }
}
