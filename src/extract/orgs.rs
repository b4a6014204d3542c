//! Organisations an article names: reference-data matches, acronyms defined in parentheses
//! ("Government Digital Service (GDS)"), other capitalised names with an organisational head
//! word, and the countries their possessives, demonyms and suffixes give them.

use std::collections::{BTreeSet, HashMap};
use std::sync::LazyLock;

use super::pattern::Pattern;

use super::language::is_agreement_name;
use super::reference::{reference, Entity, Found};
use super::text::{fold, fold_eq, fold_eq_key, with_lowercase, words, Literal, Word, WordSet};
use super::Party;

/// An organisation the article names, merged over all its mentions.
#[derive(Debug, Clone)]
pub(super) struct Org {
    pub(super) name: String,
    pub(super) aliases: BTreeSet<String>,
    pub(super) country: Option<usize>,
    pub(super) mentions: usize,
    pub(super) reference: Option<usize>,
}

impl Org {
    pub(super) fn to_party(&self) -> Party {
        let r = reference();
        let country = self.country.map(|c| &r.countries[c]);
        let mut aliases: Vec<String> = self
            .aliases
            .iter()
            .filter(|a| fold(a) != fold(&self.name))
            .cloned()
            .collect();
        aliases.sort_by_key(|a| (a.len(), a.clone()));
        Party {
            name: self.name.clone(),
            aliases,
            country_code: country.map(|c| c.code.clone()),
            country: country.map(|c| c.name.clone()),
        }
    }
}

/// Where something known stands in a sentence.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Thing {
    Org(usize),
    Country(usize),
    Demonym(usize),
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Span {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) thing: Thing,
}

/// Words that make a capitalised phrase an organisation.
pub(super) static ORG_HEADS: WordSet = WordSet::new(&[
    "agency",
    "authority",
    "ministry",
    "department",
    "office",
    "service",
    "council",
    "commission",
    "corporation",
    "bureau",
    "directorate",
    "administration",
    "institute",
    "centre",
    "center",
    "board",
    "unit",
    "division",
    "secretariat",
    "committee",
    "foundation",
    "organisation",
    "organization",
    "government",
    "cabinet",
    // "Astana Hub", "Digital Hub": innovation agencies name themselves so.
    "hub",
    // Governments sign with universities too.
    "university",
]);

/// The legal forms that close a company's name: "Ltd", "GmbH", "DOOEL", "JSC".
pub(super) static COMPANY_FORMS: WordSet = WordSet::new(&[
    "ltd", "limited", "llc", "inc", "plc", "gmbh", "ag", "sa", "ad", "dooel", "doo", "jsc", "llp",
    "pvt", "bhd", "corp", "bv", "nv", "oy", "asa", "spa", "srl", "kft", "sarl", "sas", "pte",
    "pty", "lda", "ltda", "ojsc", "pjsc", "ooo", "tbk",
]);

/// Last words of a thing a government builds or adopts, not of a body that signs: "the Government
/// Enterprise Service Bus (GovESB)", "the National Data Exchange Platform (NDXP)".
static SYSTEM_WORDS: WordSet = WordSet::new(&[
    "system",
    "systems",
    "bus",
    "platform",
    "platforms",
    "portal",
    "gateway",
    "app",
    "application",
    "database",
    "software",
    "cloud",
    "framework",
    "strategy",
    "act",
    "law",
    "policy",
    "plan",
    "roadmap",
    "card",
    "wallet",
]);

/// "Government Mailing System": a head word inside, a system's name all the same.
fn names_a_system(phrase: &str) -> bool {
    words(phrase)
        .last()
        .is_some_and(|w| SYSTEM_WORDS.contains_lower(w.text))
}

/// Last words of a building a body works in ("the Komdigi Office", "the DICT Headquarters").
static PREMISES: WordSet =
    WordSet::new(&["office", "offices", "headquarters", "building", "campus"]);

pub(super) const CONNECTORS: &[&str] = &[
    "of", "and", "for", "the", "on", "&", "de", "des", "du", "la", "in",
];

pub(super) struct Orgs {
    pub(super) list: Vec<Org>,
    pub(super) by_reference: HashMap<usize, usize>,
    pub(super) by_key: HashMap<String, usize>,
}

impl Orgs {
    pub(super) fn new() -> Self {
        Orgs {
            list: Vec::new(),
            by_reference: HashMap::new(),
            by_key: HashMap::new(),
        }
    }

    fn known(&mut self, idx: usize, alias_used: &str) -> usize {
        let r = reference();
        let id = *self.by_reference.entry(idx).or_insert_with(|| {
            let o = &r.organisations[idx];
            self.list.push(Org {
                name: o.name.clone(),
                aliases: BTreeSet::new(),
                country: r.organisation_country(idx),
                mentions: 0,
                reference: Some(idx),
            });
            self.list.len() - 1
        });
        self.by_key.insert(fold(&self.list[id].name), id);
        let org = &mut self.list[id];
        org.mentions += 1;
        if !fold_eq(alias_used, &org.name) {
            org.aliases.insert(alias_used.to_string());
        }
        id
    }

    fn local(&mut self, name: &str, country: Option<usize>) -> usize {
        let key = fold(name);
        // "Peru's Presidency of the Council of Ministers" is not Italy's, known by that name;
        // "Microsoft Taiwan" is Microsoft, as a company's country is only where it is based.
        let same_body = |o: &Org| {
            country.is_none()
                || o.country.is_none()
                || o.country == country
                || o.reference.is_some_and(|i| {
                    matches!(
                        reference().organisations[i].kind.as_str(),
                        "company" | "international"
                    )
                })
        };
        if let Some(&id) = self
            .by_key
            .get(&key)
            .filter(|&&id| same_body(&self.list[id]))
        {
            self.list[id].mentions += 1;
            if self.list[id].country.is_none() {
                self.list[id].country = country;
            }
            return id;
        }
        // "... of the Government of Serbia" arrives without its country: the name ends before.
        for dangling in [
            " of the Government",
            " of the Republic",
            " of the Kingdom",
            " of the State",
        ] {
            if let Some(short) = name.strip_suffix(dangling).filter(|n| org_shape_ok(n)) {
                let id = self.local(short, country);
                self.list[id].aliases.insert(name.to_string());
                return id;
            }
        }
        // An alias defined earlier ("the Authority (XYZ)") may be used alone later, unless
        // it belongs to another country's body ("GovTech Agency of Bhutan").
        if let Some(id) = self.list.iter().position(|o| {
            o.aliases.iter().any(|a| fold_eq_key(a, &key))
                && (country.is_none() || o.country.is_none() || o.country == country)
        }) {
            self.list[id].mentions += 1;
            return id;
        }
        // "the High Commission of Digitization", translated once with "of" and once with "for",
        // is one body.
        let of_for = |k: &str| k.replace(" for ", " of ");
        if key.contains(" for ") || key.contains(" of ") {
            let variant = of_for(&key);
            if let Some(id) = self.list.iter().position(|o| {
                let other = fold(&o.name);
                other != key && of_for(&other) == variant && same_body(o)
            }) {
                self.list[id].mentions += 1;
                self.list[id].aliases.insert(name.to_string());
                self.by_key.insert(key, id);
                return id;
            }
        }
        // "Ministry of Digital Technologies of the Republic of Uzbekistan": the body's name is
        // what comes before its country, which is kept as an alias.
        if let Some((short, c)) = without_country_suffix(name) {
            let id = self.local(short, country.or(Some(c)));
            self.list[id].aliases.insert(name.to_string());
            self.by_key.insert(key, id);
            return id;
        }
        self.list.push(Org {
            name: name.to_string(),
            aliases: BTreeSet::new(),
            country,
            mentions: 1,
            reference: None,
        });
        let id = self.list.len() - 1;
        self.by_key.insert(key, id);
        id
    }
}

/// Each way to read `name` as "X of (the Republic of | the Hashemite Kingdom of)? Country":
/// (X, the country), the shortest country part last.
fn country_suffixes(name: &str) -> impl Iterator<Item = (&str, usize)> {
    static STATE_FORM: LazyLock<Pattern> = LazyLock::new(|| {
        Pattern::new(r"^(?:the\s+)?(?:[\p{Lu}][\p{L}-]*\s+)?(?:Republic|Kingdom|State|Sultanate|Emirate|Federation|Commonwealth|Principality|Government)\s+of\s+(?:the\s+)?(.+)$")
            .expect("state form pattern")
    });
    let r = reference();
    name.match_indices(" of ").filter_map(move |(at, _)| {
        let tail = name[at + 4..].trim_start_matches("the ");
        let country = r.country_named(tail).or_else(|| {
            STATE_FORM
                .captures(tail)
                .and_then(|c| r.country_named(c.get(1)?.as_str()))
        })?;
        Some((&name[..at], country))
    })
}

/// "Ministry of X of the Republic of Country" → ("Ministry of X", the country), when what is
/// left still has an organisation's shape.
fn without_country_suffix(name: &str) -> Option<(&str, usize)> {
    country_suffixes(name).find(|&(head, _)| {
        words(head).len() >= 2 && org_shape_ok(head) && !head.ends_with("Government")
    })
}

pub(super) static ACRONYM_DEF: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"\(\s*(?:the\s+)?([a-z]?[A-Z][A-Za-z&.-]{1,11}(?:\s[A-Z]{2,6})?)\s*\)")
        .expect("acronym pattern")
});

/// Capitalised runs of words: candidate names of organisations, agreements and places.
pub(super) fn capitalised_runs(s: &str) -> Vec<(usize, usize)> {
    capitalised_runs_in(s, &words(s))
}

/// `capitalised_runs` given the words of `s`.
fn capitalised_runs_in(s: &str, ws: &[Word<'_>]) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        if !ws[i].is_capitalised() {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i;
        let mut j = i + 1;
        while j < ws.len() {
            let gap = &s[ws[j - 1].end..ws[j].start];
            if !gap.trim().is_empty() && !continues_name(s, ws, j, gap) {
                break;
            }
            if ws[j].is_capitalised() {
                end = j;
                j += 1;
            } else if ws[j].text == "and" && starts_another_body(s, ws, start, j) {
                break;
            } else if CONNECTORS.contains(&ws[j].text)
                && j + 1 < ws.len()
                // "... Affairs on June 7": a date, not more of the name.
                && !(matches!(ws[j].text, "on" | "in")
                    && super::dates::is_month_or_weekday(ws[j + 1].text))
            {
                j += 1;
            } else {
                break;
            }
        }
        // A possessive ends a run: "the UK’s Government Digital Service" is two runs.
        let mut k = start;
        let mut run_start = start;
        while k <= end {
            let t = ws[k].text;
            if (t.ends_with("’s") || t.ends_with("'s")) && k < end {
                // "X and Estonia’s Ministry": X, then the possessor, then what it owns.
                let mut last = k;
                while last > run_start && !ws[last - 1].is_capitalised() {
                    last -= 1;
                }
                if last > run_start {
                    runs.push((ws[run_start].start, ws[last - 1].end));
                }
                runs.push((ws[k].start, ws[k].end));
                run_start = k + 1;
            }
            k += 1;
        }
        runs.push((ws[run_start].start, ws[end].end));
        i = end + 1;
    }
    runs
}

/// The country of a city or region whose possessive stands right before `start`.
fn region_owner(s: &str, start: usize) -> Option<usize> {
    REGION_POSSESSIVE
        .captures(&s[..start])
        .and_then(|c| reference().city_in(&c[1]))
}

static REGION_POSSESSIVE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"(\p{Lu}[\p{L}-]*(?:\s+\p{Lu}[\p{L}-]*){0,2})(?:'s|’s)\s*$")
        .expect("region possessive pattern")
});

/// "the ICT Authority of Kenya and the National Information Technology Authority": after an
/// "and" at word `and_at` comes a second body, not more of the first one's name.
fn starts_another_body(s: &str, ws: &[super::text::Word<'_>], start: usize, and_at: usize) -> bool {
    let is_head = |w: &super::text::Word<'_>| ORG_HEADS.contains_lower(w.text);
    let mut k = and_at + 1;
    let determined = ws.get(k).is_some_and(|w| w.text == "the");
    // "Oman and the Ministry of X" as much as "the Agency of X and the Ministry of Y".
    if !determined && !ws[start..and_at].iter().any(is_head) {
        return false;
    }
    if determined {
        k += 1;
    }
    let next: Vec<_> = ws[k.min(ws.len())..]
        .iter()
        .enumerate()
        // The next name alone: it ends at its own "and" or possessive.
        .take_while(|&(n, w)| {
            (n == 0
                || (s[ws[k + n - 1].end..w.start].trim().is_empty()
                    && !ws[k + n - 1].text.ends_with("'s")
                    && !ws[k + n - 1].text.ends_with("’s")))
                && (w.is_capitalised() || matches!(w.text, "of" | "for" | "on"))
        })
        .map(|(_, w)| w)
        .collect();
    // Without "the", only a name that ends in its head word is complete before the "and":
    // "ICT Authority and Communications Authority", not "Ministry of Public and Business
    // Service Delivery".
    let capitalised = next.iter().filter(|w| w.is_capitalised()).count();
    next.iter().any(|w| is_head(w))
        && (determined || (capitalised >= 2 && and_at > 0 && is_head(&ws[and_at - 1])))
}

/// Punctuation that stays inside an organisation's name: the commas of a list ("Ministry of
/// Communication, Technology and Innovation") and a dash before a country ("Authority – Uganda").
pub(super) fn continues_name(s: &str, ws: &[super::text::Word<'_>], j: usize, gap: &str) -> bool {
    let gap = gap.trim();
    if !ws[j].is_capitalised() {
        return false;
    }
    if gap == "," {
        // A list continues only into "X and Y" before any other punctuation, perhaps after
        // more items of a word or two ("Ministry of Meteorology, Energy, Information, Disaster
        // Management, Environment, Climate Change and Communications").
        let mut rest = &s[ws[j].start..];
        for _ in 0..8 {
            let Some((item, after)) = rest.split_once(", ") else {
                break;
            };
            let item_words = words(item);
            let plain_item = !item.contains([';', '(', '.', ':'])
                && (1..=2).contains(&item_words.len())
                && item_words
                    .iter()
                    .all(|x| x.is_capitalised() && reference().country_named(x.text).is_none())
                // A portfolio ("Energy", "Disaster Management"), not a person or a place.
                && item_words
                    .iter()
                    .any(|x| super::people::PORTFOLIO_WORDS.contains_lower(x.text));
            if !plain_item || item_words.iter().any(|x| x.text == "and") {
                break;
            }
            rest = after;
        }
        // ("Department of Transport, Works & Infrastructure": an ampersand is an "and".)
        let clause = rest
            .split([',', ';', '(', '.'])
            .next()
            .unwrap_or("")
            .replace(" & ", " and ");
        let clause = clause.as_str();
        // Only the capitalised stretch: "Innovations and Aerospace Industry met in ...".
        // It ends at a second "and", which joins the next body: "Ministry of Communication,
        // Telecommunications and Digital Economy of Senegal and the Agency ...".
        let mut ands = 0;
        let mut w: Vec<_> = words(clause)
            .into_iter()
            .take_while(|x| {
                ands += usize::from(x.text == "and");
                ands <= 1 && (x.is_capitalised() || x.text == "and" || x.text == "of")
            })
            .collect();
        // "Innovation and Digital Policy of the Republic of Cyprus": the list ends before "of".
        while w.last().is_some_and(|x| x.text == "of" || x.text == "and") {
            w.pop();
        }
        // The name's head word comes before the list ("Ministry of A, B and C") or ends it
        // ("A, B and C Centre").
        return w.len() <= 6
            && w.last().is_some_and(|x| x.is_capitalised())
            && w.iter().any(|x| x.text == "and")
            && w.first().is_some_and(|x| !ORG_HEADS.contains_lower(x.text))
            && j >= 2
            && (words(&s[..ws[j - 1].end])
                .iter()
                .any(|x| ORG_HEADS.contains_lower(x.text))
                || w.last().is_some_and(|x| ORG_HEADS.contains_lower(x.text)));
    }
    if matches!(gap, "–" | "-" | "—") {
        return reference().country_named(ws[j].text).is_some();
    }
    // "Works & Infrastructure", "Science & Technology".
    gap == "&"
}

pub(super) fn strip_leading_the(s: &str, start: usize, end: usize) -> usize {
    if s[start..end].starts_with("The ") {
        start + 4
    } else {
        start
    }
}

pub(super) fn has_org_head(phrase: &str) -> bool {
    words(phrase)
        .iter()
        .any(|w| ORG_HEADS.contains_lower(w.text))
}

/// Countries named just before or inside a span: "the UK’s GDS", "Estonian Information System
/// Authority", "GovTech Singapore".
pub(super) fn country_near(s: &str, spans: &[Span], start: usize, end: usize) -> Option<usize> {
    let before = s[..start].trim_end();
    spans.iter().find_map(|sp| match sp.thing {
        Thing::Country(c) | Thing::Demonym(c) => {
            let inside = sp.start >= start && sp.end <= end;
            let possessive_before = sp.end <= start && {
                let between = &s[sp.end..start];
                let between = between.trim();
                (between == "’s" || between == "'s" || between.is_empty())
                    && before.len() <= sp.end + "’s".len()
            };
            // "GovTech Singapore", "Ministry X (MX) of the Republic of Y".
            let right_after = sp.start >= end && COUNTRY_AFTER.is_match(&s[end..sp.start]);
            // "the Government of Samoa, through the Ministry of X".
            let acting_through = sp.end <= start && THROUGH.is_match(&s[sp.end..start]);
            (inside || possessive_before || right_after || acting_through).then_some(c)
        }
        _ => None,
    })
}

static THROUGH: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"^,?\s+(?:acting\s+)?(?:through|represented\s+by|via)\s+(?:the|its)\s+$")
        .expect("through pattern")
});

pub(super) static COUNTRY_AFTER: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"^\s*(?:\([^)]{1,15}\)\s*)?(?:,\s*)?(?:(?:of|in)\s+(?:the\s+)?(?:(?:Republic|Kingdom|State|Sultanate|Commonwealth|Federation|Government)\s+of\s+(?:the\s+)?)?)?$")
        .expect("country-after pattern")
});

/// Finds the organisations, countries and demonyms of one sentence, registering organisations.
/// What the whole article names, to read one sentence of it.
#[derive(Debug, Default)]
pub(super) struct ArticleHints {
    /// Countries and demonyms anywhere in the article.
    pub countries: BTreeSet<usize>,
    /// Reference bodies named without ambiguity somewhere in the article.
    pub organisations: BTreeSet<usize>,
}

/// `ws`: the words of the sentence; `found`: what `reference().find(s)` finds in it.
pub(super) fn analyse(
    s: &str,
    ws: &[Word<'_>],
    found: Vec<Found>,
    orgs: &mut Orgs,
    hints: &ArticleHints,
) -> Vec<Span> {
    let r = reference();
    let mut spans: Vec<Span> = Vec::new();
    // The countries and demonyms of the sentence: every later step asks them whose a name is.
    let countries_here: Vec<Span> = found
        .iter()
        .filter_map(|f| {
            let thing = match f.entity {
                Entity::Country(c) => Thing::Country(c),
                Entity::Demonym(c) => Thing::Demonym(c),
                Entity::Organisation(_) => return None,
            };
            Some(Span {
                start: f.start,
                end: f.end,
                thing,
            })
        })
        .collect();
    let mut foreign: Vec<(usize, usize)> = Vec::new();
    for f in found {
        let thing = match f.entity {
            Entity::Country(c) => Thing::Country(c),
            Entity::Demonym(c) => Thing::Demonym(c),
            Entity::Organisation(_) => {
                let candidates = r.organisations_for(s, &f);
                // Shared names and acronyms: prefer the body of the country the sentence
                // gives it ("Egypt's Ministry of X"), then the body the article names in full,
                // then the body of a country the article talks about.
                let own = country_near(s, &countries_here, f.start, f.end);
                let own_country = own.map(|c| r.countries[c].code.as_str());
                // "Ministry of Finance of Tanzania" when only other countries' ministries of
                // finance are known: a body of that country, not one of theirs.
                // "UNDP in Viet Nam", "the World Bank in India": a multilateral body's country
                // office is the body itself.
                let international = candidates
                    .iter()
                    .any(|&i| r.organisations[i].kind == "international");
                if let Some(c) = own.filter(|_| {
                    !candidates.is_empty()
                        && !international
                        && !candidates
                            .iter()
                            .any(|&i| own_country == Some(r.organisations[i].country.as_str()))
                }) {
                    // Settled after longer names have had their say ("State Department for
                    // ICT" is neither the known "State Department" nor merely its namesake).
                    foreign.push((spans.len(), c));
                }
                let idx = candidates
                    .iter()
                    .copied()
                    .find(|&i| own_country == Some(r.organisations[i].country.as_str()))
                    .or_else(|| {
                        candidates
                            .iter()
                            .copied()
                            .find(|i| hints.organisations.contains(i))
                    })
                    .or_else(|| {
                        // "Indonesia and Myanmar ... INA Digital ... the Ministry of Foreign
                        // Affairs": of the countries the article names, first one whose body
                        // has not been named yet.
                        let in_article = |i: usize| {
                            r.organisation_country(i)
                                .filter(|c| hints.countries.contains(c))
                        };
                        let named = |c: usize| {
                            orgs.list
                                .iter()
                                .any(|o| o.mentions > 0 && o.country == Some(c))
                        };
                        candidates
                            .iter()
                            .copied()
                            .find(|&i| in_article(i).is_some_and(|c| !named(c)))
                            .or_else(|| {
                                candidates
                                    .iter()
                                    .copied()
                                    .find(|&i| in_article(i).is_some())
                            })
                    })
                    .or_else(|| candidates.first().copied());
                match idx {
                    Some(i) => Thing::Org(orgs.known(i, &s[f.start..f.end])),
                    None => continue,
                }
            }
        };
        spans.push(Span {
            start: f.start,
            end: f.end,
            thing,
        });
    }

    // A known name inside a longer one ("National Information Technology Authority – Uganda"
    // contains another country's "Information Technology Authority"): the longer name wins.
    let runs = capitalised_runs_in(s, ws);
    for sp in spans.iter_mut() {
        let Thing::Org(id) = sp.thing else { continue };
        let Some(&(rs, re)) = runs
            .iter()
            .find(|&&(rs, re)| rs <= sp.start && sp.end <= re)
        else {
            continue;
        };
        let rs = strip_leading_the(s, rs, re);
        let longer = &s[rs..re];
        let extra_before = words(&s[rs..sp.start]);
        let specific_prefix = !extra_before.is_empty()
            && extra_before.len() <= 2
            && extra_before.iter().all(|w| {
                w.is_capitalised()
                    && !ROLE_PREFIX.contains_lower(w.text)
                    && !ORG_HEADS.contains_lower(w.text)
            })
            && extra_before.iter().all(|w| {
                reference().country_named(w.text).is_none()
                    && !w.text.ends_with("’s")
                    && !w.text.ends_with("'s")
            });
        // "State Department for ICT and Digital Economy" is not the US "State Department".
        let suffix = &s[sp.end..re];
        // "Ministry of Digital Technologies" is not the "Ministry of Digital": the name goes on.
        let continues = words(suffix).first().is_some_and(|w| {
            (w.start == 1 || (w.start == 2 && suffix.starts_with(", "))) && w.is_capitalised()
        });
        // "... of the State of Qatar", "... of the Republic of Korea" says whose, not which.
        let only_country = COUNTRY_AFTER.is_match(suffix)
            || words(suffix).iter().all(|w| {
                !w.is_capitalised()
                    || STATE_FORMS.contains(&w.text)
                    || reference().country_named(w.text).is_some()
            });
        // "the Komdigi Office", "the DICT Headquarters": the body's building, not another body.
        let premises = matches!(
            words(suffix).as_slice(),
            [w] if w.start == 1 && PREMISES.contains_lower(w.text)
        );
        let specific_suffix = extra_before.is_empty()
            && !only_country
            && !premises
            && (suffix.starts_with(" for ")
                || suffix.starts_with(" of ")
                || suffix.starts_with(" on ")
                || continues)
            && words(suffix)
                .iter()
                .any(|w| w.is_capitalised() && reference().country_named(w.text).is_none());
        if (specific_prefix || specific_suffix)
            && org_shape_ok(longer)
            && orgs.list[id].reference.is_some()
        {
            orgs.list[id].mentions = orgs.list[id].mentions.saturating_sub(1);
            let country = country_near(s, &countries_here, rs, re);
            let local = orgs.local(longer, country);
            *sp = Span {
                start: rs,
                end: re,
                thing: Thing::Org(local),
            };
        }
    }

    for (at, country) in foreign {
        let sp = spans[at];
        if let Thing::Org(id) = sp.thing {
            if orgs.list[id].reference.is_some() {
                orgs.list[id].mentions = orgs.list[id].mentions.saturating_sub(1);
                let local = orgs.local(&s[sp.start..sp.end], Some(country));
                spans[at].thing = Thing::Org(local);
            }
        }
    }

    // Acronyms defined in parentheses: "Long Name (LN)".
    for c in ACRONYM_DEF.captures_iter(s) {
        let whole = c.get(0).expect("group 0");
        let acronym = c[1].to_string();
        let before = &s[..whole.start()];
        let Some(&(rs, re)) = capitalised_runs(before)
            .iter()
            .rev()
            .find(|&&(_, re)| before[re..].trim().is_empty())
        else {
            continue;
        };
        let rs = strip_leading_the(before, rs, re);
        let long = &before[rs..re];
        // "Ministry of Communication and Informatics (Kominfo)": a known short name in the
        // parenthesis says which body the long name is, whatever its initials.
        let short = c.get(1).expect("group 1");
        let known_short = spans.iter().find_map(|sp| match sp.thing {
            Thing::Org(id)
                if sp.start == short.start()
                    && sp.end == short.end()
                    && orgs.list[id].reference.is_some() =>
            {
                Some(id)
            }
            _ => None,
        });
        // "Tanzania's e-Government Authority (eGA)" is not Estonia's eGA: a long name of
        // another country's body makes the acronym that body's own.
        let other_country = known_short.is_some_and(|id| {
            // Only a possessive before or a country after says whose; a country inside the
            // phrase ("Thailand and the Ministry of X") means the phrase is no name.
            let outside: Vec<Span> = countries_here
                .iter()
                .filter(|sp| sp.end <= rs || sp.start >= re)
                .copied()
                .collect();
            country_near(s, &outside, rs, re).is_some_and(|c| Some(c) != orgs.list[id].country)
        });
        if names_a_system(long) {
            continue;
        }
        if other_country && has_org_head(long) && words(long).len() >= 2 {
            let id = orgs.local(long, country_near(s, &countries_here, rs, re));
            orgs.list[id].aliases.insert(acronym.clone());
            for sp in spans.iter_mut() {
                if sp.start == short.start() && sp.end == short.end() {
                    if let Thing::Org(known) = sp.thing {
                        orgs.list[known].mentions = orgs.list[known].mentions.saturating_sub(1);
                        // The rest of the article means this body by the acronym too.
                        if let Some(idx) = orgs.list[known].reference {
                            orgs.by_reference.insert(idx, id);
                        }
                    }
                    sp.thing = Thing::Org(id);
                }
            }
            spans.push(Span {
                start: rs,
                end: re,
                thing: Thing::Org(id),
            });
            continue;
        }
        if let Some(id) = known_short {
            let unclaimed = !spans.iter().any(|sp| rs < sp.end && sp.start < re);
            if unclaimed && has_org_head(long) && org_shape_ok(long) {
                // "Ministry of Smart Administration and Regional Development (VARAM)", where the
                // reference knows VARAM by the ministry's former name: a renamed body goes by
                // the name the text gives it.
                if let Some(idx) = orgs.list[id].reference {
                    let known = &reference().organisations[idx];
                    let (new, old) = (fold(long), fold(&known.name));
                    // Content words, so "Ministry of X and of the Y" is still "Ministry of X and Y".
                    let content = |name: &str| -> BTreeSet<String> {
                        name.split(' ')
                            .filter(|w| !matches!(*w, "of" | "the" | "and" | "for" | "&"))
                            .map(str::to_string)
                            .collect()
                    };
                    let (new_words, old_words) = (content(&new), content(&old));
                    let renamed = words(long).len() >= 4
                        && fold_eq(&orgs.list[id].name, &known.name)
                        && !new_words.is_subset(&old_words)
                        && !old_words.is_subset(&new_words)
                        && !known.aliases.iter().any(|a| fold_eq(a, long))
                        && without_country_suffix(long).is_none();
                    if renamed {
                        orgs.list[id].name = long.to_string();
                        orgs.list[id].aliases.remove(long);
                        orgs.by_key.insert(new, id);
                    }
                }
                if !fold_eq(&orgs.list[id].name, long) {
                    orgs.list[id].aliases.insert(long.to_string());
                }
                spans.push(Span {
                    start: rs,
                    end: re,
                    thing: Thing::Org(id),
                });
            }
            continue;
        }
        if !initials_fit(long, &acronym) {
            continue;
        }
        // Already a known organisation ending where the parenthesis starts?
        if let Some(sp) = spans
            .iter()
            .find(|sp| sp.end == re && matches!(sp.thing, Thing::Org(_)))
        {
            if let Thing::Org(id) = sp.thing {
                orgs.list[id].aliases.insert(acronym.clone());
            }
        } else if has_org_head(long) {
            let country = country_near(s, &spans, rs, re).or_else(|| region_owner(s, rs));
            let id = orgs.local(long, country);
            orgs.list[id].aliases.insert(acronym.clone());
            spans.push(Span {
                start: rs,
                end: re,
                thing: Thing::Org(id),
            });
        } else {
            continue;
        }
        let (a_start, a_end) = (
            c.get(1).expect("group 1").start(),
            c.get(1).expect("group 1").end(),
        );
        if !spans.iter().any(|sp| sp.start == a_start) {
            if let Some(Thing::Org(id)) = spans.iter().find(|sp| sp.end == re).map(|sp| sp.thing) {
                spans.push(Span {
                    start: a_start,
                    end: a_end,
                    thing: Thing::Org(id),
                });
            }
        }
    }

    // Acronyms defined earlier in the article, used alone here.
    for w in ws {
        if w.text.len() < 2 || spans.iter().any(|sp| w.start < sp.end && sp.start < w.end) {
            continue;
        }
        if let Some(id) = orgs
            .list
            .iter()
            .position(|o| o.reference.is_none() && o.aliases.contains(w.text))
        {
            orgs.list[id].mentions += 1;
            spans.push(Span {
                start: w.start,
                end: w.end,
                thing: Thing::Org(id),
            });
        }
    }

    // Other organisation names: capitalised runs with an organisational head word.
    // (The runs found above: the sentence and its words have not changed.)
    let runs: Vec<(usize, usize)> = runs
        .iter()
        .flat_map(|&(rs, re)| uncovered_pieces(s, rs, re, &spans))
        .collect();
    for (rs, re) in runs {
        let mut rs = strip_leading_the(s, rs, re);
        // "Director General of the Agency for X" names the Agency for X.
        let run_words = words(&s[rs..re]);
        let role_first = run_words
            .first()
            .is_some_and(|w| ROLE_PREFIX.contains_lower(w.text));
        // ("Deputy Ministry of Research, ...": a body whose name starts like a title.)
        let second_is_head = run_words
            .get(1)
            .is_some_and(|w| ORG_HEADS.contains_lower(w.text));
        if role_first && !second_is_head {
            match s[rs..re]
                .find(" of the ")
                .map(|i| i + 8)
                .or_else(|| s[rs..re].find(" of ").map(|i| i + 4))
            {
                Some(i) => rs += i,
                None => continue,
            }
        }
        // "the Agency in Chisinau": a place after "in" is where the body is, not its name.
        let mut re = re;
        if !org_shape_ok(&s[rs..re]) {
            if let Some(i) = s[rs..re].find(" in ") {
                re = rs + i;
            }
        }
        let phrase = &s[rs..re];
        let ws = words(phrase);
        let n_words = ws.len();
        // "City of Helsinki": a city's government signs too ("Ho Chi Minh City" is a place).
        let city = CITY_GOVERNMENT.is_match(phrase);
        if !(2..=10).contains(&n_words)
            || !(has_org_head(phrase) || city)
            || is_agreement_name(phrase)
        {
            continue;
        }
        // "Government" alone is an organisation only as "Government of X" or "X Government"
        // with a proper name before it ("Seoul Metropolitan Government", not "Digital Government").
        let only_government_heads = ws
            .iter()
            .filter(|w| ORG_HEADS.contains_lower(w.text))
            .all(|w| with_lowercase(w.text, |lower| lower == "government"));
        // ("Sign Memorandum of Cooperation on Digital Government" and "Sign MoU to Exchange
        // Expertise in Digital Government" are headlines, not bodies.)
        let proper_government = ws.last().is_some_and(|w| w.text == "Government")
            && !s[..rs].ends_with(" to ")
            && super::language::kinds_in(phrase).is_empty()
            && !ws.iter().any(|w| super::language::has_sign_verb(w.text))
            && ws[..ws.len() - 1]
                .iter()
                .any(|w| !GENERIC_WORDS.contains_lower(w.text));
        if !city && only_government_heads && !phrase.contains("Government of") && !proper_government
        {
            continue;
        }
        // A plain name is a body when the sentence says whose it is ("Tanzania's e-Government
        // Authority", "the Digital Authority of X").
        let own_country = country_near(s, &spans, rs, re);
        let plain_but_owned =
            own_country.is_some() && ws.len() == 2 && ORG_HEADS.contains_lower(ws[1].text);
        if !city && !org_shape_ok(phrase) && !plain_but_owned {
            continue;
        }
        // "City of Helsinki", "Seoul Metropolitan Government": the city says the country, as
        // does a city or region owning the body ("the State of California's Office of X").
        let country = own_country
            .or_else(|| reference().city_in(phrase))
            .or_else(|| region_owner(s, rs));
        let id = orgs.local(phrase, country);
        spans.push(Span {
            start: rs,
            end: re,
            thing: Thing::Org(id),
        });
    }
    // "the Scottish Government", "the Irish Government": a demonym's government is a body.
    let demonyms: Vec<(usize, usize, usize)> = spans
        .iter()
        .filter_map(|sp| match sp.thing {
            Thing::Demonym(c) => Some((sp.start, sp.end, c)),
            _ => None,
        })
        .collect();
    for (start, end, c) in demonyms {
        let Some(rest) = s[end..].strip_prefix(" Government") else {
            continue;
        };
        if rest.starts_with(" of") || rest.starts_with(|ch: char| ch.is_alphanumeric()) {
            continue;
        }
        let name_end = end + " Government".len();
        if spans
            .iter()
            .any(|sp| matches!(sp.thing, Thing::Org(_)) && start < sp.end && sp.start < name_end)
        {
            continue;
        }
        let id = orgs.local(&s[start..name_end], Some(c));
        spans.push(Span {
            start,
            end: name_end,
            thing: Thing::Org(id),
        });
    }
    // "the ministry", "the Agency": the one body of that kind the article has named so far.
    for m in BACK_REFERENCE.captures_iter(s) {
        let word = m.get(1).expect("group 1");
        let head = word.as_str().to_lowercase();
        let (start, end) = (word.start(), word.end());
        // "the Ministry of X" is a name, not a reference back.
        let after = &s[end..];
        if [" of ", " for ", " on "]
            .iter()
            .any(|p| after.starts_with(p))
            || spans.iter().any(|sp| start < sp.end && sp.start < end)
        {
            continue;
        }
        let mut same_kind = orgs.list.iter().enumerate().filter(|(_, o)| {
            // (ASCII words, nearly all, compare without lower-casing into a new string.)
            words(&o.name).iter().any(|w| {
                if w.text.is_ascii() {
                    w.text.eq_ignore_ascii_case(&head)
                } else {
                    w.text.to_lowercase() == head
                }
            })
        });
        if let (Some((id, _)), None) = (same_kind.next(), same_kind.next()) {
            orgs.list[id].mentions += 1;
            spans.push(Span {
                start,
                end,
                thing: Thing::Org(id),
            });
        }
    }
    spans.sort_by_key(|sp| sp.start);
    spans
}

/// Words of a state's formal name ("the Sultanate of Oman", "the State of Qatar").
const STATE_FORMS: &[&str] = &[
    "Republic",
    "Kingdom",
    "State",
    "Sultanate",
    "Commonwealth",
    "Federation",
    "Emirate",
    "Principality",
    "Democratic",
    "Federal",
    "Islamic",
    "Arab",
    "People's",
    "Socialist",
    "United",
    "Government",
];

static CITY_GOVERNMENT: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"^(?:City|Municipality|Metropolitan City|Municipal Government|City Government) of \p{Lu}",
    )
    .expect("city government pattern")
});

static BACK_REFERENCE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"\b[Tt]he ([Mm]inistry|[Aa]gency|[Aa]uthority|[Dd]epartment|[Oo]ffice|[Cc]ommission)\b",
    )
    .expect("back-reference pattern")
});

/// Lists of parties: "X and the Y", "X, the Y", "X with the Y" are two names.
static PARTY_SEPARATORS: [Literal; 5] = [
    Literal::new(" and the "),
    Literal::new(", the "),
    Literal::new(" with the "),
    Literal::new(" and its "),
    Literal::new(" and their "),
];

/// The parts of a capitalised run that no known name covers, split where one name ends and
/// the next begins: "The Estonian Authority and the State Agency of Latvia" leaves "State Agency".
fn uncovered_pieces(s: &str, rs: usize, re: usize, spans: &[Span]) -> Vec<(usize, usize)> {
    let mut covered: Vec<(usize, usize)> = spans
        .iter()
        .filter(|sp| rs < sp.end && sp.start < re)
        .map(|sp| (sp.start.max(rs), sp.end.min(re)))
        .collect();
    for sep in &PARTY_SEPARATORS {
        let mut from = rs;
        while let Some(i) = sep.find(&s[from..re]) {
            covered.push((from + i, from + i + sep.len()));
            from += i + sep.len();
        }
    }
    covered.sort_unstable();
    let mut pieces = Vec::new();
    let mut at = rs;
    for (cs, ce) in covered.into_iter().chain(std::iter::once((re, re))) {
        if cs > at {
            if let Some(piece) = trim_connectors(s, at, cs) {
                pieces.push(piece);
            }
        }
        at = at.max(ce);
    }
    pieces
}

/// A piece without the joining words and possessive marks at its ends.
fn trim_connectors(s: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let ws = words(&s[start..end]);
    let skip = |w: &str| {
        CONNECTORS.contains(&w)
            || with_lowercase(w, |lower| {
                matches!(lower, "the" | "and" | "of" | "for" | "’s" | "'s" | "s")
            })
    };
    let first = ws.iter().position(|w| !skip(w.text))?;
    let last = ws.iter().rposition(|w| !skip(w.text))?;
    let (a, b) = (start + ws[first].start, start + ws[last].end);
    // A piece must start with a capital: "s Digital Agency" after a possessive is not a name.
    s[a..b]
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c == 'e')
        .then_some((a, b))
}

/// Words too generic to name an organisation on their own ("Digital Public Service").
pub(super) static GENERIC_WORDS: WordSet = WordSet::new(&[
    "digital",
    "public",
    "government",
    "data",
    "electronic",
    "national",
    "smart",
    "open",
    "technology",
    "technologies",
    "information",
    "services",
    "service",
    "and",
    "of",
    "the",
    "for",
    "system",
    "systems",
    "transformation",
    "innovation",
    "new",
    "joint",
    "international",
    "global",
    "e-government",
    "online",
    "cyber",
    "security",
    "network",
    "platform",
    "infrastructure",
]);

/// Titles that start a role, not an organisation: "Director General of the Agency".
pub(super) static ROLE_PREFIX: WordSet = WordSet::new(&[
    "director",
    "governor",
    "minister",
    "secretary",
    "president",
    "head",
    "chief",
    "chairman",
    "chair",
    "commissioner",
    "ambassador",
    "deputy",
    "vice",
    "executive",
    "permanent",
    "principal",
    "undersecretary",
    "general",
    "ceo",
    "manager",
    "officer",
    "parliamentary",
    "senior",
]);

/// An organisation's name has a head word first ("Ministry of ...") or last after something
/// specific ("Seoul Metropolitan Government", "Canadian Digital Service").
pub(super) fn org_shape_ok(phrase: &str) -> bool {
    // "National Information Technology Authority – Uganda": the country after a dash says
    // whose body it is; the shape is the name's.
    // "e-Government Authority of Tanzania" likewise: and a body a country is given for may
    // have a name as plain as "Digital Authority".
    // Most phrases have no dash: skip building a searcher for each of the three.
    let has_dash = phrase.contains(['–', '-', '—']);
    let dashed = [" – ", " - ", " — "]
        .iter()
        .filter(|_| has_dash)
        .find_map(|dash| {
            phrase
                .rsplit_once(dash)
                .filter(|(_, country)| reference().country_named(country.trim()).is_some())
                .map(|(name, _)| name)
        });
    let of_country = country_suffixes(phrase).next().map(|(head, _)| head);
    let country_given = dashed.is_some() || of_country.is_some();
    let phrase = dashed.or(of_country).unwrap_or(phrase);
    // (Words are compared lower-cased on the stack: this runs for every candidate name.)
    let ws = words(phrase);
    let (Some(first), Some(last)) = (ws.first(), ws.last()) else {
        return false;
    };
    // "TALLINN, JAPAN'S AGENCY SIGN MOU ON DIGITAL GOVERNMENT": an all-capitals headline is a
    // run of capitalised words, but no body's name has a signing in it.
    let reports_signing = ws.iter().any(|w| {
        with_lowercase(w.text, |lower| {
            matches!(
                lower,
                "sign" | "signs" | "signed" | "inks" | "inked" | "mou" | "mous"
            )
        })
    });
    if reports_signing {
        return false;
    }
    let is_head = |w: &Word<'_>| ORG_HEADS.contains_lower(w.text);
    // "Ministry of X", "State Department for X": a head word followed by its field.
    let head_first = ws.iter().take(3).enumerate().any(|(i, w)| {
        is_head(w)
            && ws.get(i + 1).is_some_and(|n| {
                with_lowercase(n.text, |lower| matches!(lower, "of" | "for" | "on"))
            })
    }) && (!ROLE_PREFIX.contains_lower(first.text)
        || ws.get(1).is_some_and(is_head));
    let head_last = is_head(last)
        && (ws.len() >= 3
            || (country_given && ws.len() == 2)
            || ws[..ws.len() - 1]
                .iter()
                .any(|w| !GENERIC_WORDS.contains_lower(w.text) && !is_head(w)));
    // "Vardar Soft DOOEL", "Balkan GovTech Solutions AD": a company, by its legal form.
    let company = ws.len() >= 2 && COMPANY_FORMS.contains_lower(last.text.trim_end_matches('.'));
    head_first || head_last || company
}

/// "Government Digital Service" fits "GDS"; "Memorandum of Understanding" fits "MoU".
pub(super) fn initials_fit(long: &str, acronym: &str) -> bool {
    let initials: String = words(long)
        .iter()
        .filter_map(|w| w.text.chars().next())
        .filter(|c| c.is_uppercase())
        .collect();
    let acr: String = acronym.chars().filter(|c| c.is_uppercase()).collect();
    if acr.is_empty() {
        return false;
    }
    // ("e-Government Research Centre": a word without a capital initial gives no letter, so a
    // spare letter of the acronym proves nothing.)
    let every_word_counted = words(long)
        .iter()
        .all(|w| w.text.starts_with(char::is_uppercase) || CONNECTORS.contains(&w.text));
    // Loose: the acronym's capitals appear in order among the long form's capitals.
    let mut it = initials.chars();
    let in_order = acr.chars().all(|a| it.any(|i| i == a));
    in_order
        || initials.starts_with(acr.chars().next().unwrap_or(' '))
        || same_letters(&initials, &acr, every_word_counted)
}

/// "Electronic Governance Agency (AGE)": an acronym of the name in its own language, where the
/// head noun comes first, has the English initials in another order. A longer one may have a
/// letter more, from a word the translation dropped ("National Institute of Electronic
/// Government (INAGE)").
fn same_letters(initials: &str, acronym: &str, spare_allowed: bool) -> bool {
    let sorted = |s: &str| {
        let mut letters: Vec<char> = s.chars().collect();
        letters.sort_unstable();
        letters
    };
    let (initials, acronym) = (sorted(initials), sorted(acronym));
    if acronym.len() < 3 {
        return false;
    }
    if initials == acronym {
        return true;
    }
    // One letter of the acronym left over once the initials are taken out of it.
    let mut rest = acronym.clone();
    for c in &initials {
        match rest.iter().position(|r| r == c) {
            Some(i) => {
                rest.remove(i);
            }
            None => return false,
        }
    }
    spare_allowed && acronym.len() >= 5 && rest.len() == 1
}

#[cfg(test)]
mod tests {
    use super::{initials_fit, org_shape_ok};

    #[test]
    fn a_company_is_an_organisation_by_its_legal_form() {
        assert!(org_shape_ok("Balkan GovTech Solutions AD"));
        assert!(org_shape_ok("Vardar Soft DOOEL"));
        assert!(!org_shape_ok("Balkan Solutions"));
    }

    #[test]
    fn an_acronym_of_the_name_in_its_own_language_may_have_a_letter_more() {
        assert!(initials_fit(
            "National Institute of Electronic Government",
            "INAGE"
        ));
        assert!(!initials_fit("National Institute of Statistics", "BAGE"));
    }

    #[test]
    fn an_acronym_fits_its_initials_in_order_or_in_its_own_languages_order() {
        assert!(initials_fit("Government Digital Service", "GDS"));
        assert!(initials_fit("Electronic Governance Agency", "AGE"));
        assert!(initials_fit("Agency for Digital Government", "ADG"));
        assert!(!initials_fit("Electronic Governance Agency", "MDA"));
        assert!(!initials_fit("Digital Governance Agency", "RIA"));
    }
}
