//! A press release → the agreements it reports as signed, and the ones it only mentions.
//!
//! The extractor reads the language press releases use, not any particular source: signing
//! sentences ("X and Y signed a Memorandum of Understanding", "The signing took place on ... at
//! ...", "Representing the agencies to sign the MoU were ..."), appositions that give roles,
//! acronyms defined in parentheses, possessives and demonyms, and the reference data.

use std::collections::{BTreeSet, HashMap};
use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use super::dates::{find_dates, PartialDate, Precision};
use super::people::{find_people, PersonMention};
use super::reference::{reference, Entity};
use super::text::{fold, sentences, words, Sentence, TITLE_PARAGRAPH};
use super::{Agreement, Article, Evidence, Mention, Party, Signatory, Signed};

// ---------------------------------------------------------------------------------------------
// Organisations named in the article

/// An organisation the article names, merged over all its mentions.
#[derive(Debug, Clone)]
struct Org {
    name: String,
    aliases: BTreeSet<String>,
    country: Option<usize>,
    mentions: usize,
    reference: Option<usize>,
}

impl Org {
    fn to_party(&self) -> Party {
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
enum Thing {
    Org(usize),
    Country(usize),
    Demonym(usize),
}

#[derive(Debug, Clone, Copy)]
struct Span {
    start: usize,
    end: usize,
    thing: Thing,
}

/// Words that make a capitalised phrase an organisation.
const ORG_HEADS: &[&str] = &[
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
];

const CONNECTORS: &[&str] = &[
    "of", "and", "for", "the", "on", "&", "de", "des", "du", "la", "in",
];

struct Orgs {
    list: Vec<Org>,
    by_reference: HashMap<usize, usize>,
    by_key: HashMap<String, usize>,
}

impl Orgs {
    fn new() -> Self {
        Orgs {
            list: Vec::new(),
            by_reference: HashMap::new(),
            by_key: HashMap::new(),
        }
    }

    fn from_reference(&mut self, idx: usize, alias_used: &str) -> usize {
        let r = reference();
        let id = *self.by_reference.entry(idx).or_insert_with(|| {
            let o = &r.organisations[idx];
            self.list.push(Org {
                name: o.name.clone(),
                aliases: BTreeSet::new(),
                country: r.countries.iter().position(|c| c.code == o.country),
                mentions: 0,
                reference: Some(idx),
            });
            self.list.len() - 1
        });
        self.by_key.insert(fold(&self.list[id].name), id);
        let org = &mut self.list[id];
        org.mentions += 1;
        if fold(alias_used) != fold(&org.name) {
            org.aliases.insert(alias_used.to_string());
        }
        id
    }

    fn local(&mut self, name: &str, country: Option<usize>) -> usize {
        let key = fold(name);
        if let Some(&id) = self.by_key.get(&key) {
            self.list[id].mentions += 1;
            if self.list[id].country.is_none() {
                self.list[id].country = country;
            }
            return id;
        }
        // An alias defined earlier ("the Authority (XYZ)") may be used alone later.
        if let Some(id) = self
            .list
            .iter()
            .position(|o| o.aliases.iter().any(|a| fold(a) == key))
        {
            self.list[id].mentions += 1;
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

static ACRONYM_DEF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\(\s*(?:the\s+)?([A-Z][A-Za-z&.-]{1,11}(?:\s[A-Z]{2,6})?)\s*\)")
        .expect("acronym pattern")
});

/// Capitalised runs of words: candidate names of organisations, agreements and places.
fn capitalised_runs(s: &str) -> Vec<(usize, usize)> {
    let ws = words(s);
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
            if !gap.trim().is_empty() && !continues_name(s, &ws, j, gap) {
                break;
            }
            if ws[j].is_capitalised() {
                end = j;
                j += 1;
            } else if CONNECTORS.contains(&ws[j].text) && j + 1 < ws.len() {
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

/// Punctuation that stays inside an organisation's name: the commas of a list ("Ministry of
/// Communication, Technology and Innovation") and a dash before a country ("Authority – Uganda").
fn continues_name(s: &str, ws: &[super::text::Word<'_>], j: usize, gap: &str) -> bool {
    let gap = gap.trim();
    if !ws[j].is_capitalised() {
        return false;
    }
    if gap == "," {
        // A list continues only into "X and Y" before any other punctuation.
        let rest = &s[ws[j].start..];
        let clause = rest.split([',', ';', '(', '.']).next().unwrap_or("");
        let w = words(clause);
        return w.len() <= 5
            && w.iter()
                .all(|x| x.is_capitalised() || x.text == "and" || x.text == "of")
            && w.iter().any(|x| x.text == "and")
            && w.first()
                .is_some_and(|x| !ORG_HEADS.contains(&x.text.to_lowercase().as_str()))
            && j >= 2
            && words(&s[..ws[j - 1].end])
                .iter()
                .any(|x| ORG_HEADS.contains(&x.text.to_lowercase().as_str()));
    }
    if matches!(gap, "–" | "-" | "—") {
        return reference().country_named(ws[j].text).is_some();
    }
    false
}

fn strip_leading_the(s: &str, start: usize, end: usize) -> usize {
    if s[start..end].starts_with("The ") {
        start + 4
    } else {
        start
    }
}

fn has_org_head(phrase: &str) -> bool {
    words(phrase)
        .iter()
        .any(|w| ORG_HEADS.contains(&w.text.to_lowercase().as_str()))
}

/// Countries named just before or inside a span: "the UK’s GDS", "Estonian Information System
/// Authority", "GovTech Singapore".
fn country_near(s: &str, spans: &[Span], start: usize, end: usize) -> Option<usize> {
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
            (inside || possessive_before || right_after).then_some(c)
        }
        _ => None,
    })
}

static COUNTRY_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:\([^)]{1,15}\)\s*)?(?:,\s*)?(?:(?:of|in)\s+(?:the\s+)?(?:(?:Republic|Kingdom|State|Sultanate|Commonwealth|Federation|Government)\s+of\s+(?:the\s+)?)?)?$")
        .expect("country-after pattern")
});

/// Finds the organisations, countries and demonyms of one sentence, registering organisations.
fn analyse(s: &str, orgs: &mut Orgs, article_countries: &BTreeSet<usize>) -> Vec<Span> {
    let r = reference();
    let mut spans: Vec<Span> = Vec::new();
    for f in r.find(s) {
        let thing = match f.entity {
            Entity::Country(c) => Thing::Country(c),
            Entity::Demonym(c) => Thing::Demonym(c),
            Entity::Organisation(_) => {
                let candidates = r.organisations_for(s, &f);
                // Shared acronyms: prefer the body of a country the article talks about.
                let idx = candidates
                    .iter()
                    .copied()
                    .find(|&i| {
                        r.countries
                            .iter()
                            .position(|c| c.code == r.organisations[i].country)
                            .is_some_and(|c| article_countries.contains(&c))
                    })
                    .or_else(|| candidates.first().copied());
                match idx {
                    Some(i) => Thing::Org(orgs.from_reference(i, &s[f.start..f.end])),
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
    let runs = capitalised_runs(s);
    let places: Vec<Span> = spans
        .iter()
        .filter(|sp| !matches!(sp.thing, Thing::Org(_)))
        .copied()
        .collect();
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
                    && !ROLE_PREFIX.contains(&w.text.to_lowercase().as_str())
                    && !ORG_HEADS.contains(&w.text.to_lowercase().as_str())
            })
            && extra_before.iter().all(|w| {
                reference().country_named(w.text).is_none()
                    && !w.text.ends_with("’s")
                    && !w.text.ends_with("'s")
            });
        // "State Department for ICT and Digital Economy" is not the US "State Department".
        let suffix = &s[sp.end..re];
        let specific_suffix = extra_before.is_empty()
            && (suffix.starts_with(" for ")
                || suffix.starts_with(" of ")
                || suffix.starts_with(" on "))
            && words(suffix)
                .iter()
                .any(|w| w.is_capitalised() && reference().country_named(w.text).is_none());
        if (specific_prefix || specific_suffix)
            && org_shape_ok(longer)
            && orgs.list[id].reference.is_some()
        {
            orgs.list[id].mentions = orgs.list[id].mentions.saturating_sub(1);
            let country = country_near(s, &places, rs, re);
            let local = orgs.local(longer, country);
            *sp = Span {
                start: rs,
                end: re,
                thing: Thing::Org(local),
            };
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
            let country = country_near(s, &spans, rs, re);
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
    for w in words(s) {
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
    for (rs, re) in capitalised_runs(s) {
        if spans.iter().any(|sp| rs < sp.end && sp.start < re) {
            continue;
        }
        let mut rs = strip_leading_the(s, rs, re);
        // "Director General of the Agency for X" names the Agency for X.
        let first = words(&s[rs..re])
            .first()
            .map(|w| w.text.to_lowercase())
            .unwrap_or_default();
        if ROLE_PREFIX.contains(&first.as_str()) {
            match s[rs..re]
                .find(" of the ")
                .map(|i| i + 8)
                .or_else(|| s[rs..re].find(" of ").map(|i| i + 4))
            {
                Some(i) => rs += i,
                None => continue,
            }
        }
        let phrase = &s[rs..re];
        let n_words = words(phrase).len();
        if n_words < 2 || n_words > 10 || !has_org_head(phrase) || is_agreement_name(phrase) {
            continue;
        }
        // "Government" alone is an organisation only as "Government of X" or "X Government".
        let heads: Vec<String> = words(phrase)
            .iter()
            .map(|w| w.text.to_lowercase())
            .filter(|w| ORG_HEADS.contains(&w.as_str()))
            .collect();
        if heads.iter().all(|h| h == "government") && !phrase.contains("Government of") {
            continue;
        }
        if !org_shape_ok(phrase) {
            continue;
        }
        let country = country_near(s, &spans, rs, re);
        let id = orgs.local(phrase, country);
        spans.push(Span {
            start: rs,
            end: re,
            thing: Thing::Org(id),
        });
    }
    spans.sort_by_key(|sp| sp.start);
    spans
}

/// Words too generic to name an organisation on their own ("Digital Public Service").
const GENERIC_WORDS: &[&str] = &[
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
];

/// Titles that start a role, not an organisation: "Director General of the Agency".
const ROLE_PREFIX: &[&str] = &[
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
];

/// An organisation's name has a head word first ("Ministry of ...") or last after something
/// specific ("Seoul Metropolitan Government", "Canadian Digital Service").
fn org_shape_ok(phrase: &str) -> bool {
    let ws: Vec<String> = words(phrase)
        .iter()
        .map(|w| w.text.to_lowercase())
        .collect();
    let (Some(first), Some(last)) = (ws.first(), ws.last()) else {
        return false;
    };
    // "Ministry of X", "State Department for X": a head word followed by its field.
    let head_first = ws.iter().take(3).enumerate().any(|(i, w)| {
        ORG_HEADS.contains(&w.as_str())
            && ws
                .get(i + 1)
                .is_some_and(|n| matches!(n.as_str(), "of" | "for" | "on"))
    }) && !ROLE_PREFIX.contains(&first.as_str());
    let head_last = ORG_HEADS.contains(&last.as_str())
        && (ws.len() >= 3
            || ws[..ws.len() - 1]
                .iter()
                .any(|w| !GENERIC_WORDS.contains(&w.as_str()) && !ORG_HEADS.contains(&w.as_str())));
    head_first || head_last
}

/// "Government Digital Service" fits "GDS"; "Memorandum of Understanding" fits "MoU".
fn initials_fit(long: &str, acronym: &str) -> bool {
    let initials: String = words(long)
        .iter()
        .filter_map(|w| w.text.chars().next())
        .filter(|c| c.is_uppercase())
        .collect();
    let acr: String = acronym.chars().filter(|c| c.is_uppercase()).collect();
    if acr.is_empty() {
        return false;
    }
    // Loose: the acronym's capitals appear in order among the long form's capitals.
    let mut it = initials.chars();
    let in_order = acr.chars().all(|a| it.any(|i| i == a));
    in_order || initials.starts_with(acr.chars().next().unwrap_or(' '))
}

// ---------------------------------------------------------------------------------------------
// Agreement kinds and signing language

struct KindMatcher {
    patterns: Vec<(Regex, usize)>,
}

static KINDS: LazyLock<KindMatcher> = LazyLock::new(|| {
    let r = reference();
    let mut patterns = Vec::new();
    for (i, k) in r.kinds.iter().enumerate() {
        for p in &k.phrases {
            let escaped = regex::escape(p);
            let case_sensitive = p.chars().filter(|c| c.is_uppercase()).count() >= 2;
            let re = if case_sensitive {
                format!(r"\b{escaped}\b")
            } else {
                format!(r"(?i)\b{escaped}\b")
            };
            if let Ok(re) = Regex::new(&re) {
                patterns.push((re, i));
            }
        }
    }
    KindMatcher { patterns }
});

/// Kinds of agreement named in a sentence, with their spans; the most specific kind first.
fn kinds_in(s: &str) -> Vec<(usize, usize, usize)> {
    let mut out: Vec<(usize, usize, usize)> = Vec::new();
    for (re, kind) in &KINDS.patterns {
        for m in re.find_iter(s) {
            if !out.iter().any(|&(a, b, _)| m.start() < b && a < m.end()) {
                out.push((m.start(), m.end(), *kind));
            }
        }
    }
    out.sort_by_key(|&(start, _, kind)| (kind, start));
    out
}

fn generic_kind() -> usize {
    reference().kinds.len().saturating_sub(1)
}

static SIGN_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:sign(?:s|ed|ing)?|inked|inks?|initial(?:l)?ed|concluded|exchanged|formali[sz]ed|sealed|renewed|penned|put\s+pen\s+to\s+paper|entered\s+into|struck)\b")
        .expect("sign verb pattern")
});

/// Signing that has not happened: plans, expectations, negotiations.
static NOT_YET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:will|would|shall|could|may|might|expected\s+to|expects\s+to|plans?\s+to|planned\s+to|planning\s+to|intends?\s+to|intended\s+to|aims?\s+to|hopes?\s+to|hoping\s+to|set\s+to|poised\s+to|due\s+to|looks?\s+forward\s+to|ready\s+to|agreed\s+to|are\s+to|is\s+to|in\s+order\s+to|ahead\s+of|prior\s+to|towards|negotiat\w*|preparing\s+to|prepared\s+to|discuss(?:ed|ing)?|explor\w+|consider\w*)\s+(?:\w+\s+){0,3}?(?:sign|signing|ink|conclude|formali[sz]e|an?\s+(?:mou|agreement))\b")
        .expect("not-yet pattern")
});

/// A sentence about an earlier or other agreement, not this article's signing.
static EARLIER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:since\s+the\s+signing|follows\s+the\s+signing|following\s+the\s+signing|after\s+the\s+signing\s+of\s+the|builds?\s+on|building\s+on|came\s+into\s+force|entered\s+into\s+force|comes\s+into\s+force|in\s+force\s+since|under\s+the\s+(?:[\w-]+\s+){0,3}(?:mou|agreement|memorandum)|(?:previous|earlier|existing|prior|original|initial|former|last)\s+(?:[\w-]+\s+){0,2}(?:mou|memorandum|agreement|arrangement|declaration|letter)|first\s+(?:[\w-]+\s+){0,2}(?:mou|memorandum|agreement)\b[^.]*?\b(?:19|20)\d\d)\b")
        .expect("earlier pattern")
});

/// An earlier agreement named as such: its terms are not this one's.
static EARLIER_QUALIFIED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:(?:previous|earlier|existing|prior|original|initial|former|first)\s+(?:[\w-]+\s+){0,2}(?:mou|memorandum|agreement|arrangement)|came\s+into\s+force|entered\s+into\s+force)\b")
        .expect("earlier-qualified pattern")
});

/// Words that mark this article's agreement as new (so it may renew an earlier one).
static NEW_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:new|renewed|renewal|updated|second|successor|refreshed|another)\s+(?:\w+\s+){0,2}?(?:mou|memorandum|agreement|letter|declaration|arrangement|partnership)").expect("new marker")
});

/// Signatory constructions: "signed by", "Representing ... to sign", "signatories", "on behalf of".
static SIGNATORY_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:sign(?:ed|s)?|inked|initial(?:l)?ed|exchanged)\s+(?:\w+\s+){0,4}?by\b|\brepresent(?:ing|ed)\b[^.]*\bto\s+sign\b|\bsignator(?:y|ies)\b|\bon\s+behalf\s+of\b|\bsigned\s+on\s+behalf\b|\bput\s+pen\s+to\s+paper\b|\bwho\s+signed\b|\bsign(?:ed|s|ing)?\s+(?:the|an?|this)\s+(?:\w+\s+){0,5}?(?:mou|memorandum|agreement|letter|declaration|arrangement|deal)\b|\bsigned\s+for\b|\bexchanged\s+(?:the\s+)?(?:signed\s+)?(?:\w+\s+){0,3}?(?:mou|memorandum|agreement|documents)\b")
        .expect("signatory cue")
});

/// Sentences that name who signed even without a signing verb or agreement noun.
static STRONG_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bsignatories\s+(?:were|are|included)\b|\b(?:was|were)\s+signed\s+(?:\w+\s+){0,3}?by\b|\bsigned\s+on\s+behalf\s+of\b|\brepresent(?:ing|ed)\b[^.]*\bto\s+sign\b|\bsigned\s+for\s+(?:the\s+)?[A-Z]|\bsigning\s+(?:the|this)\s+\w+\s+(?:were|was)\b")
        .expect("strong cue pattern")
});

/// People after these words attend, they do not sign.
static WITNESS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:witnessed\s+by|in\s+the\s+presence\s+of|attended\s+by|presided\s+(?:over\s+)?by|with\s+the\s+participation\s+of|alongside|as\s+witnessed|as\s+well\s+as\s+guests|in\s+attendance|who\s+witnessed)\b")
        .expect("witness pattern")
});

/// Verbs whose subject announces or hosts a signing rather than signing.
static ANNOUNCER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*\)?\s*(?:\(\w+\)\s*)?(?:(?:today|yesterday|recently|also|has|have|had|this\s+week|on\s+\w+)\s+)*(?:announced|announces|said|says|reported|reports|brokered|brokers|facilitated|facilitates|hosted|hosts|welcomed|welcomes|organised|organized|confirmed|noted|stated|revealed|added)\b")
        .expect("announcer pattern")
});

/// "... announced today by the Ministry", "according to the Office": the source, not a party.
static ANNOUNCED_BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:(?:announced|reported|stated|confirmed|hosted|organised|organized|facilitated|brokered|published|released)\s+(?:\w+\s+){0,2}by|according\s+to)\s+(?:the\s+)?$")
        .expect("announced-by pattern")
});

/// Sentences that give the circumstances of the signing.
static DETAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:the\s+)?(?:signing|ceremony|signing\s+ceremony)\b[^.]{0,80}?\b(?:was\s+held|held|took\s+place|hosted)\b")
        .expect("detail pattern")
});

static MEETING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:met|meets|meeting|held\s+talks|bilateral)\b").expect("meeting pattern")
});

fn is_sign_noun_use(s: &str, m: &regex::Match<'_>) -> bool {
    // "a sign of" is not signing.
    let before = s[..m.start()].trim_end().to_lowercase();
    let after = s[m.end()..].trim_start().to_lowercase();
    m.as_str().eq_ignore_ascii_case("sign")
        && (before.ends_with(" a") || before.ends_with(" the"))
        && after.starts_with("of ")
}

fn has_sign_verb(s: &str) -> bool {
    SIGN_VERB.find_iter(s).any(|m| !is_sign_noun_use(s, &m))
}

// ---------------------------------------------------------------------------------------------
// Places and durations

static PLACE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:at|in)\s+((?:the\s+)?(?:\d+[A-Za-z]?\s+)?[A-Z][\w'’.-]*(?:\s+(?:of\s+|de\s+|del\s+|on\s+)?[A-Z][\w'’.-]*)*(?:,\s*[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*)?)")
        .expect("place pattern")
});

const VENUE_WORDS: &[&str] = &[
    "hall",
    "centre",
    "center",
    "house",
    "hotel",
    "palace",
    "building",
    "tower",
    "street",
    "road",
    "avenue",
    "square",
    "embassy",
    "residence",
    "parliament",
    "plaza",
    "complex",
    "office",
    "park",
    "campus",
    "lane",
    "quay",
    "wharf",
    "gardens",
    "court",
    "castle",
    "pavilion",
    "sands",
    "ministry",
    "secretariat",
    "headquarters",
    "hq",
];

static DURATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:(?:for|of|lasting|spanning|valid\s+for|effective\s+for|in\s+(?:effect|force)\s+for|term\s+of|period\s+of|duration\s+of)\s+(?:a\s+(?:period|term)\s+of\s+|an?\s+initial\s+(?:period|term)\s+of\s+)?(?P<n>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|twelve|eighteen|twenty-four|thirty-six)\s*(?:\(\d+\)\s*)?(?P<unit>years?|months?)\b|(?P<n2>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)[-\s](?P<unit2>year|month)\s+(?:\w+\s+){0,3}?(?:mou|memorandum|agreement|partnership|deal|term|period|cooperation|arrangement|programme|plan|letter|declaration)\b)")
        .expect("duration pattern")
});

fn number_word(n: &str) -> Option<u32> {
    let words = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ];
    n.parse().ok().or_else(|| {
        let lower = n.to_lowercase();
        words
            .iter()
            .position(|w| *w == lower)
            .map(|i| i as u32)
            .or(match lower.as_str() {
                "twelve" => Some(12),
                "eighteen" => Some(18),
                "twenty-four" => Some(24),
                "thirty-six" => Some(36),
                _ => None,
            })
    })
}

/// "three years" as the text gives it, and its length in months.
fn duration_in(s: &str) -> Option<(String, u32)> {
    let c = DURATION.captures(s)?;
    let (n, unit) = match (c.name("n"), c.name("unit")) {
        (Some(n), Some(u)) => (n.as_str(), u.as_str()),
        _ => (c.name("n2")?.as_str(), c.name("unit2")?.as_str()),
    };
    let count = number_word(n)?;
    let unit_lower = unit.to_lowercase();
    let singular = unit_lower.trim_end_matches('s');
    let months = if singular == "year" {
        count * 12
    } else {
        count
    };
    let text = format!(
        "{} {}{}",
        n.to_lowercase(),
        singular,
        if count == 1 { "" } else { "s" }
    );
    Some((text, months))
}

// ---------------------------------------------------------------------------------------------
// Topics

static TOPICS: LazyLock<Vec<(Regex, String)>> = LazyLock::new(|| {
    reference()
        .topics
        .iter()
        .filter_map(|t| {
            let alts: Vec<String> = t
                .phrases
                .iter()
                .map(|p| {
                    let e = regex::escape(p);
                    // Acronyms (AI, IoT, eID) keep their case; words do not.
                    if p.chars().filter(|c| c.is_uppercase()).count() >= 1 && p.len() <= 4 {
                        format!(r"\b{e}\b")
                    } else {
                        format!(r"(?i:\b{e}\b)")
                    }
                })
                .collect();
            Regex::new(&alts.join("|"))
                .ok()
                .map(|re| (re, t.name.clone()))
        })
        .collect()
});

fn topics_in(text: &str) -> Vec<String> {
    TOPICS
        .iter()
        .filter(|(re, _)| re.is_match(text))
        .map(|(_, name)| name.clone())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Named agreements mentioned in passing

static NAMED_AGREEMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b((?:[A-Z][\w.’'&]*(?:[-–][A-Z][\w.’'&]*)*\s+(?:(?:and|of|on|for)\s+)?){1,7}(?:Partnership\s+Agreement|Agreement|Accord|Treaty|Charter|Declaration|Memorandum\s+of\s+Understanding)|(?:Treaty|Convention|Accord|Agreement)\s+(?:of|on)\s+[A-Z][\w’']*(?:(?:,\s*|\s+and\s+|\s+)[A-Z][\w’']*){0,6})\b(?:\s*\(([A-Z][A-Za-z]{1,10})\))?")
        .expect("named agreement pattern")
});

fn is_agreement_name(phrase: &str) -> bool {
    let lower = phrase.to_lowercase();
    [
        "agreement",
        "accord",
        "treaty",
        "memorandum",
        "declaration",
        "charter",
    ]
    .iter()
    .any(|w| lower.ends_with(w))
}

// ---------------------------------------------------------------------------------------------
// The extractor

/// A sentence that reports a signing, with what it says.
#[derive(Debug, Clone)]
struct Event {
    sentence: usize,
    kind: Option<usize>,
    /// Organisations that sign (announcers and hosts removed).
    orgs: Vec<usize>,
    /// Countries named as signing ("The UK has signed ... with Korea").
    countries: Vec<usize>,
    signatories: Vec<PersonMention>,
}

struct Analysed {
    sentence: Sentence,
    spans: Vec<Span>,
    people: Vec<PersonMention>,
}

pub fn extract_agreements(article: &Article) -> (Vec<Agreement>, Vec<Mention>) {
    let published = article.published.and_then(|d| d.to_naive());
    let all = sentences(&article.title, &article.paragraphs);

    // Countries the article talks about, to disambiguate shared acronyms.
    let r = reference();
    let mut article_countries = BTreeSet::new();
    for s in &all {
        for f in r.find(&s.text) {
            if let Entity::Country(c) | Entity::Demonym(c) = f.entity {
                article_countries.insert(c);
            }
        }
    }

    let mut orgs = Orgs::new();
    let analysed: Vec<Analysed> = all
        .into_iter()
        .map(|sentence| {
            let spans = analyse(&sentence.text, &mut orgs, &article_countries);
            let kind_spans = kinds_in(&sentence.text);
            let is_known = |start: usize, end: usize| {
                spans.iter().any(|sp| start < sp.end && sp.start < end)
                    || kind_spans.iter().any(|&(a, b, _)| start < b && a < end)
            };
            let people = find_people(&sentence.text, &is_known);
            Analysed {
                sentence,
                spans,
                people,
            }
        })
        .collect();

    let mut mentioned = Vec::new();
    let mut events: Vec<Event> = Vec::new();
    for (i, a) in analysed.iter().enumerate() {
        let s = &a.sentence.text;
        collect_mentions(s, published, &mut mentioned);
        if let Some(event) = signing_event(i, a, &orgs.list, published) {
            events.push(event);
        }
    }

    let mut agreements = group_events(&events, &analysed);
    // Specific kinds named anywhere in signing sentences replace a generic "agreement"/"deal".
    let article_kind = events.iter().filter_map(|e| e.kind).min();
    for ag in &mut agreements {
        if ag.kind.is_none_or(|k| k == generic_kind()) {
            ag.kind = article_kind.or(ag.kind);
        }
    }

    let any_signatories = agreements.iter().any(|a| !a.signatories.is_empty());
    if !agreements.is_empty() && !any_signatories {
        // No explicit signatories: officials who met at the signing stand in for them.
        let met: Vec<PersonMention> = analysed
            .iter()
            .filter(|a| !a.sentence.quoted && MEETING.is_match(&a.sentence.text))
            .flat_map(|a| a.people.iter().filter(|p| p.role.is_some()).cloned())
            .collect();
        if let Some(first) = agreements.first_mut() {
            first.signatories = dedupe_people(met);
        }
    }

    let body_text = analysed
        .iter()
        .map(|a| a.sentence.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let topics = topics_in(&body_text);

    // "The signing, held at the Convention Centre, ...": date and place without a signing verb.
    let details: Vec<usize> = analysed
        .iter()
        .enumerate()
        .filter(|(i, a)| {
            !events.iter().any(|e| e.sentence == *i) && DETAIL.is_match(&a.sentence.text)
        })
        .map(|(i, _)| i)
        .collect();
    let mut out = Vec::new();
    for (k, mut draft) in agreements.into_iter().enumerate() {
        if k == 0 {
            draft.details = details.clone();
        }
        if let Some(ag) = finish(draft, &analysed, &orgs, published, &topics) {
            out.push(ag);
        }
    }
    // The agreements this article signs are not "mentioned".
    mentioned.retain(|m: &Mention| {
        !out.iter()
            .any(|a| m.year.is_none() && fold(&m.name) == fold(&a.kind))
    });
    dedupe_mentions(&mut mentioned);
    (out, mentioned)
}

/// "RIA signed an MoU with DVV in 2019" in a release of 2024: background, not news.
fn is_past_signing(s: &str, published: Option<NaiveDate>) -> bool {
    let Some(published) = published else {
        return false;
    };
    let years: Vec<i32> = find_dates(s, Some(published))
        .iter()
        .filter(|d| !d.relative)
        .filter_map(|d| d.date.map(|d| d.year))
        .collect();
    !years.is_empty()
        && years
            .iter()
            .all(|&y| y < chrono::Datelike::year(&published))
}

fn signing_event(
    i: usize,
    a: &Analysed,
    orgs_list: &[Org],
    published: Option<NaiveDate>,
) -> Option<Event> {
    let s = &a.sentence.text;
    let kinds: Vec<(usize, usize, usize)> = kinds_in(s)
        .into_iter()
        .filter(|&(start, end, _)| !inside_named_agreement(s, start, end))
        .collect();
    let signatory_cue = SIGNATORY_CUE.is_match(s);
    let strong_cue = STRONG_CUE.is_match(s);
    let signing = (has_sign_verb(s) && (!kinds.is_empty() || signatory_cue)) || strong_cue;
    if !signing {
        return None;
    }
    let representing = Regex::new(r"(?i)\brepresent(?:ing|ed)\b[^.]*\bto\s+sign\b")
        .map(|re| re.is_match(s))
        .unwrap_or(false);
    if NOT_YET.is_match(s) && !representing {
        return None;
    }
    if EARLIER.is_match(s) && !NEW_MARKER.is_match(s) && !representing {
        return None;
    }
    if a.sentence.quoted && !signatory_cue {
        return None;
    }
    if is_past_signing(s, published) && !NEW_MARKER.is_match(s) {
        return None;
    }
    let kind = kinds.iter().map(|&(_, _, k)| k).min();

    // Organisations inside a signatory's title are their affiliation, settled with the people.
    let in_roles: Vec<(usize, usize)> = a.people.iter().filter_map(|p| p.role_span).collect();
    let (mut orgs, countries) = signing_parties(s, &a.spans, orgs_list);
    orgs.retain(|&o| {
        a.spans
            .iter()
            .filter(|sp| sp.thing == Thing::Org(o))
            .any(|sp| {
                !in_roles
                    .iter()
                    .any(|&(rs, re)| rs <= sp.start && sp.end <= re)
            })
    });
    let signatories = if signatory_cue || a.sentence.paragraph != TITLE_PARAGRAPH {
        signing_people(s, &a.people)
    } else {
        Vec::new()
    };
    Some(Event {
        sentence: i,
        kind,
        orgs,
        countries,
        signatories,
    })
}

/// ", Government of India," or ", Ministry of X," right after another organisation of the same
/// country names its parent, not another party.
fn is_apposition(s: &str, spans: &[Span], sp: &Span, orgs: &[Org]) -> bool {
    let Thing::Org(id) = sp.thing else {
        return false;
    };
    let before = s[..sp.start].trim_end();
    if PARENT_OF.is_match(before) {
        return true;
    }
    let Some(before) = before.strip_suffix(',') else {
        return false;
    };
    let before = before.trim_end();
    let prev = spans.iter().rev().find(|o| {
        matches!(o.thing, Thing::Org(_))
            && o.end <= before.len()
            && before[o.end..]
                .trim_start_matches([' ', ')'])
                .trim()
                .is_empty()
            || matches!(o.thing, Thing::Org(_))
                && before.ends_with(')')
                && o.end <= before.len()
                && {
                    let tail = before[o.end..].trim();
                    tail.starts_with('(') && tail.ends_with(')') && tail.len() < 16
                }
    });
    let Some(Span {
        thing: Thing::Org(prev_id),
        ..
    }) = prev
    else {
        return false;
    };
    let (a, b) = (&orgs[*prev_id], &orgs[id]);
    *prev_id != id
        && (a.country == b.country || b.country.is_none() || b.name.starts_with("Government of"))
}

/// "part of the Ministry of X", "under the Ministry of Y": a parent body, not a party.
static PARENT_OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:part\s+of|under|within|attached\s+to|an?\s+(?:agency|unit|division|department|arm)\s+of|overseen\s+by|reporting\s+to)(?:\s+the)?\s*$")
        .expect("parent pattern")
});

/// "in Lugano, Switzerland", "a visit to Korea": a country named as a place, not as a party.
fn is_place_position(s: &str, start: usize) -> bool {
    let before = s[..start].trim_end();
    let lower = before.to_lowercase();
    let last_word = lower
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    if matches!(
        last_word,
        "in" | "at"
            | "from"
            | "to"
            | "across"
            | "within"
            | "throughout"
            | "for"
            | "of"
            | "on"
            | "into"
            | "near"
    ) {
        return true;
    }
    // "Lugano, Switzerland": a city before the country.
    before.ends_with(',')
        && before[..before.len() - 1]
            .rsplit(' ')
            .next()
            .is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase))
}

fn inside_named_agreement(s: &str, start: usize, end: usize) -> bool {
    NAMED_AGREEMENT.captures_iter(s).any(|c| {
        let m = c.get(1).expect("group 1");
        let named = m.as_str();
        // A named agreement has a proper name before its kind: "UK-Singapore Digital Economy Agreement".
        let proper = words(named).len() >= 3 || named.contains('-');
        proper && m.start() <= start && end <= m.end() && !named.starts_with("Memorandum")
    })
}

/// The organisations and countries that sign in a signing sentence.
fn signing_parties(s: &str, spans: &[Span], orgs_list: &[Org]) -> (Vec<usize>, Vec<usize>) {
    let (orgs, countries) = parties_in(s, spans, orgs_list, true);
    // "between the two countries" names no one: then the whole sentence counts.
    if orgs.len() + countries.len() < 2 {
        return parties_in(s, spans, orgs_list, false);
    }
    (orgs, countries)
}

fn parties_in(
    s: &str,
    spans: &[Span],
    orgs_list: &[Org],
    use_between: bool,
) -> (Vec<usize>, Vec<usize>) {
    let lower = s.to_lowercase();
    // "between X and Y" names the parties exactly.
    let window = lower.find(" between ").filter(|_| use_between).map(|i| {
        let start = i + 9;
        let rest = &lower[start..];
        let end = rest
            .find(|c: char| matches!(c, ';' | '–' | '—' | ':'))
            .or_else(|| rest.find(" to "))
            .or_else(|| rest.find(" on "))
            .or_else(|| rest.find(" that "))
            .or_else(|| rest.find(" which "))
            .or_else(|| rest.find(" in "))
            .map_or(s.len(), |e| start + e);
        (start, end)
    });
    let witness_at = WITNESS.find(s).map(|m| m.start());
    let mut orgs = Vec::new();
    let mut countries = Vec::new();
    for sp in spans {
        if let Some((ws, we)) = window {
            if sp.start < ws || sp.end > we {
                continue;
            }
        }
        if witness_at.is_some_and(|w| sp.start > w) {
            continue;
        }
        match sp.thing {
            Thing::Org(id) => {
                if ANNOUNCER.is_match(&s[sp.end..]) || ANNOUNCED_BY.is_match(&s[..sp.start]) {
                    continue;
                }
                if is_apposition(s, spans, sp, orgs_list) {
                    continue;
                }
                if !orgs.contains(&id) {
                    orgs.push(id);
                }
            }
            Thing::Country(c) => {
                // "the UK’s GDS" qualifies an organisation; "the UK signed" is the UK acting.
                let after = s[sp.end..].trim_start();
                let qualifies = after.starts_with("’s") || after.starts_with("'s") || {
                    spans.iter().any(|o| {
                        matches!(o.thing, Thing::Org(_))
                            && (o.start >= sp.end && s[sp.end..o.start].trim().is_empty()
                                || o.end <= sp.start && s[o.end..sp.start].trim().is_empty()
                                || (o.start <= sp.start && sp.end <= o.end))
                    })
                };
                let in_named = NAMED_AGREEMENT
                    .find_iter(s)
                    .any(|m| m.start() <= sp.start && sp.end <= m.end());
                if !qualifies
                    && !in_named
                    && !is_place_position(s, sp.start)
                    && !ANNOUNCER.is_match(&s[sp.end..])
                    && !countries.contains(&c)
                {
                    countries.push(c);
                }
            }
            Thing::Demonym(_) => {}
        }
    }
    (orgs, countries)
}

fn signing_people(s: &str, people: &[PersonMention]) -> Vec<PersonMention> {
    let witness_at = WITNESS.find(s).map(|m| m.start());
    people
        .iter()
        .filter(|p| witness_at.is_none_or(|w| p.start < w))
        .filter(|p| {
            // Someone who "said" something in this sentence is quoted, not signing.
            let after = s[p.end..].trim_start().to_lowercase();
            !(after.starts_with("said") || after.starts_with("says"))
        })
        .cloned()
        .collect()
}

fn dedupe_people(people: Vec<PersonMention>) -> Vec<PersonMention> {
    let mut out: Vec<PersonMention> = Vec::new();
    for p in people {
        if let Some(existing) = out.iter_mut().find(|q| same_person(&q.name, &p.name)) {
            if existing.role.is_none() {
                existing.role = p.role;
                existing.role_span = None;
            }
        } else {
            out.push(p);
        }
    }
    out
}

fn same_person(a: &str, b: &str) -> bool {
    let tokens = |s: &str| {
        let mut t: Vec<String> = fold(&s.replace('-', " "))
            .split(' ')
            .map(String::from)
            .collect();
        t.sort();
        t
    };
    tokens(a) == tokens(b)
}

/// An agreement as assembled from its signing sentences, before its facts are finished.
#[derive(Debug, Clone)]
struct Draft {
    kind: Option<usize>,
    orgs: Vec<usize>,
    countries: Vec<usize>,
    signatories: Vec<PersonMention>,
    /// Signatories with the sentence they came from (for roles' organisations).
    signatory_sentences: Vec<usize>,
    sentences: Vec<usize>,
    /// Sentences that describe the signing's date or place without reporting it.
    details: Vec<usize>,
}

fn group_events(events: &[Event], analysed: &[Analysed]) -> Vec<Draft> {
    let mut drafts: Vec<Draft> = Vec::new();
    for e in events {
        let specific = |k: Option<usize>| k.filter(|&k| k != generic_kind());
        let target = drafts.iter().position(|d| {
            let kinds_ok = match (specific(d.kind), specific(e.kind)) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            };
            let orgs_ok =
                d.orgs.is_empty() || e.orgs.is_empty() || e.orgs.iter().any(|o| d.orgs.contains(o));
            kinds_ok && orgs_ok
        });
        let d = match target {
            Some(t) => &mut drafts[t],
            None => {
                drafts.push(Draft {
                    kind: None,
                    orgs: Vec::new(),
                    countries: Vec::new(),
                    signatories: Vec::new(),
                    signatory_sentences: Vec::new(),
                    sentences: Vec::new(),
                    details: Vec::new(),
                });
                drafts.last_mut().expect("just pushed")
            }
        };
        d.kind = match (d.kind, e.kind) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        for &o in &e.orgs {
            if !d.orgs.contains(&o) {
                d.orgs.push(o);
            }
        }
        for &c in &e.countries {
            if !d.countries.contains(&c) {
                d.countries.push(c);
            }
        }
        for p in &e.signatories {
            if !d.signatories.iter().any(|q| same_person(&q.name, &p.name)) {
                d.signatories.push(p.clone());
                d.signatory_sentences.push(e.sentence);
            }
        }
        d.sentences.push(e.sentence);
    }
    let _ = analysed;
    drafts
}

/// The organisation named in a person's role, or the country their role names.
fn person_affiliation(p: &PersonMention, a: &Analysed) -> (Option<usize>, Option<usize>) {
    let s = &a.sentence.text;
    // Without an apposition, the words just before the name: "RIA Director General Jane Roe".
    let before_clause = || {
        let head = &s[..p.start];
        let lower = head.to_lowercase();
        let start = [
            ", ", " by ", " with ", " and ", " were ", " was ", ": ", "; ",
        ]
        .iter()
        .filter_map(|m| lower.rfind(m).map(|i| i + m.len()))
        .max()
        .unwrap_or(0);
        (start, p.start)
    };
    // "on behalf of ORG by Jane Roe" and "Jane Roe, on behalf of ORG": the organisation named.
    let first_org_in = |from: usize, to: usize| {
        a.spans.iter().find_map(|sp| match sp.thing {
            Thing::Org(id) if sp.start >= from && sp.end <= to => Some(id),
            _ => None,
        })
    };
    let lower = s.to_lowercase();
    let behalf_before = lower[..p.start].rfind("on behalf of").and_then(|i| {
        let between = &lower[i..p.start];
        // Only when no other signing clause ("and on behalf of", "and by") stands between.
        let another_clause = [" and on behalf", " and by ", "; "]
            .iter()
            .any(|m| between.contains(m));
        (!another_clause)
            .then(|| first_org_in(i, p.start))
            .flatten()
    });
    let signed_for = lower[p.end..].find("signed for ").and_then(|i| {
        let at = p.end + i;
        let gap = &lower[p.end..at];
        (gap.len() < 120 && !gap.contains(" and ") && !gap.contains(" while ")).then(|| {
            let end = lower[at..]
                .find([',', ';', '.'])
                .map_or(s.len(), |e| at + e);
            a.spans
                .iter()
                .find_map(|sp| (sp.start >= at && sp.end <= end).then_some(sp.thing))
        })
    });
    match signed_for.flatten() {
        Some(Thing::Org(id)) => return (Some(id), None),
        Some(Thing::Country(c)) | Some(Thing::Demonym(c)) => return (None, Some(c)),
        None => {}
    }
    let behalf_after = lower[p.end..].find("on behalf of").and_then(|i| {
        let at = p.end + i;
        let gap = &lower[p.end..at];
        (gap.len() < 120 && !gap.contains(" and ")).then(|| {
            let end = lower[at..].find([',', ';']).map_or(s.len(), |e| at + e);
            first_org_in(at, end)
        })
    });
    if let Some(org) = behalf_before.or(behalf_after.flatten()) {
        return (Some(org), None);
    }
    // "Jane Roe of the Agency": the organisation right after the name.
    let after_name = &s[p.end..];
    let lead = after_name.len() - after_name.trim_start().len();
    let rest = after_name.trim_start();
    for prefix in ["of the ", "from the ", "at the ", "of ", "from ", "at "] {
        if let Some(r) = rest.strip_prefix(prefix) {
            let at = p.end + lead + (rest.len() - r.len());
            if let Some(id) = a.spans.iter().find_map(|sp| match sp.thing {
                Thing::Org(id) if sp.start == at => Some(id),
                _ => None,
            }) {
                return (Some(id), None);
            }
        }
    }
    let (rs, re) = p.role_span.unwrap_or_else(before_clause);
    let mut org = None;
    let mut country = None;
    for sp in &a.spans {
        let inside = sp.start >= rs && sp.end <= re.max(rs);
        if !inside {
            continue;
        }
        match sp.thing {
            Thing::Org(id) if org.is_none() => org = Some(id),
            Thing::Country(c) | Thing::Demonym(c) if country.is_none() => country = Some(c),
            _ => {}
        }
    }
    (org, country)
}

fn finish(
    draft: Draft,
    analysed: &[Analysed],
    orgs: &Orgs,
    published: Option<NaiveDate>,
    topics: &[String],
) -> Option<Agreement> {
    let r = reference();
    let mut evidence = Vec::new();
    let mut party_ids: Vec<usize> = draft.orgs.clone();

    // Signatories, and the organisation or country each signed for.
    struct Signer {
        name: String,
        role: Option<String>,
        org: Option<usize>,
        country: Option<usize>,
        sentence: usize,
    }
    let mut signers: Vec<Signer> = Vec::new();
    for (k, p) in draft.signatories.iter().enumerate() {
        let sentence = draft
            .signatory_sentences
            .get(k)
            .copied()
            .unwrap_or_else(|| {
                analysed
                    .iter()
                    .position(|a| a.people.iter().any(|q| q.name == p.name))
                    .unwrap_or(0)
            });
        let (org, country) = person_affiliation(p, &analysed[sentence]);
        let country = country.or_else(|| org.and_then(|o| orgs.list[o].country));
        signers.push(Signer {
            name: p.name.clone(),
            role: p.role.clone().map(|r| tidy_role(&r)),
            org,
            country,
            sentence,
        });
    }

    // Countries named as parties are represented by their organisation in the article: the one
    // whose official signed, else the one the article names most.
    for &c in &draft.countries {
        let already = party_ids.iter().any(|&o| orgs.list[o].country == Some(c));
        if already {
            continue;
        }
        let by_signer = signers
            .iter()
            .find(|s| s.country == Some(c) && s.org.is_some())
            .and_then(|s| s.org);
        let most_named = orgs
            .list
            .iter()
            .enumerate()
            .filter(|(_, o)| o.country == Some(c))
            .max_by_key(|(_, o)| o.mentions)
            .map(|(i, _)| i);
        if let Some(id) = by_signer.or(most_named) {
            party_ids.push(id);
        }
    }
    // Signatories' organisations are parties too.
    for s in &signers {
        if let Some(o) = s.org {
            // A signatory's unit or parent ministry does not add a party when a party of their
            // country already signs; they signed for that party.
            let country_taken = orgs.list[o].country.is_some()
                && party_ids
                    .iter()
                    .any(|&p| p != o && orgs.list[p].country == orgs.list[o].country);
            if !party_ids.contains(&o)
                && !country_taken
                && party_ids.len() < 2 + draft.countries.len().saturating_sub(2)
            {
                party_ids.push(o);
            }
        }
    }
    // "Minister of X" signs for the "Ministry of X"; "Secretary of Y" for the "Secretariat of Y".
    for signer in signers.iter_mut() {
        if signer.org.is_some_and(|o| party_ids.contains(&o)) {
            continue;
        }
        let Some(role) = signer.role.as_deref().map(fold) else {
            continue;
        };
        let titled = party_ids.iter().copied().find(|&o| {
            let name = orgs.list[o].name.as_str();
            [
                name.replace("Ministry", "Minister"),
                name.replace("Secretariat", "Secretary"),
                name.to_string(),
            ]
            .iter()
            .map(|v| fold(v.trim_start_matches("the ")))
            .any(|v| v.split(' ').count() >= 2 && role.contains(&v))
        });
        if let Some(o) = titled {
            signer.org = Some(o);
            signer.country = orgs.list[o].country;
        }
    }
    // An informal local name ("Korea's Interior Ministry") beside the known organisation of the
    // same country is the same body: keep the known one.
    let known_countries: Vec<Option<usize>> = party_ids
        .iter()
        .filter(|&&o| orgs.list[o].reference.is_some())
        .map(|&o| orgs.list[o].country)
        .collect();
    party_ids.retain(|&o| {
        let org = &orgs.list[o];
        !(org.reference.is_none()
            && org.aliases.is_empty()
            && org.country.is_some()
            && known_countries.contains(&org.country))
    });
    if party_ids.is_empty() {
        return None;
    }

    let mut parties: Vec<Party> = party_ids.iter().map(|&o| orgs.list[o].to_party()).collect();
    // A country named as a party with no organisation of its own: its government.
    for &c in &draft.countries {
        if !parties
            .iter()
            .any(|p| p.country_code.as_deref() == Some(r.countries[c].code.as_str()))
        {
            let country = &r.countries[c];
            parties.push(Party {
                name: format!("Government of {}", country.name),
                aliases: Vec::new(),
                country_code: Some(country.code.clone()),
                country: Some(country.name.clone()),
            });
        }
    }
    if parties.len() < 2 && signers.is_empty() {
        // One organisation and no one signing: too little to call it an agreement.
        return None;
    }

    let signatories: Vec<Signatory> = signers
        .iter()
        .map(|s| {
            let party = s
                .org
                .filter(|o| party_ids.contains(o))
                .map(|o| orgs.list[o].name.clone())
                .or_else(|| {
                    let code = s.country.map(|c| r.countries[c].code.clone());
                    parties
                        .iter()
                        .find(|p| code.is_some() && p.country_code == code)
                        .map(|p| p.name.clone())
                });
            evidence.push(Evidence {
                field: "signatory",
                value: s.name.clone(),
                sentence: analysed[s.sentence].sentence.text.clone(),
            });
            Signatory {
                name: s.name.clone(),
                role: s.role.clone(),
                party,
            }
        })
        .collect();
    // With two parties and one signatory unplaced, the other party is theirs.
    let signatories = place_remaining(signatories, &parties);

    // Date and place from the signing sentences: the most precise date wins.
    let mut date: Option<PartialDate> = None;
    let mut month_hint = None;
    let mut place: Option<String> = None;
    let mut duration: Option<(String, u32)> = None;
    for &i in draft.sentences.iter().chain(draft.details.iter()) {
        let is_detail = draft.details.contains(&i);
        if is_detail && date.is_some() && place.is_some() {
            break;
        }
        let s = &analysed[i].sentence.text;
        for d in find_dates(s, published) {
            match d.date {
                Some(found) if better(found, date) => {
                    date = Some(found);
                    evidence.push(Evidence {
                        field: "date",
                        value: found.to_string(),
                        sentence: s.clone(),
                    });
                }
                None if d.month_only.is_some() => month_hint = d.month_only,
                _ => {}
            }
        }
        if place.is_none() {
            if let Some(p) = place_in(s, &analysed[i].spans) {
                evidence.push(Evidence {
                    field: "place",
                    value: p.clone(),
                    sentence: s.clone(),
                });
                place = Some(p);
            }
        }
    }
    // The duration is often in a sentence of its own about the agreement.
    for a in analysed {
        let s = &a.sentence.text;
        let about_agreement = !kinds_in(s).is_empty() || s.to_lowercase().contains("partnership");
        if duration.is_none() && about_agreement && !EARLIER_QUALIFIED.is_match(s) {
            if let Some(d) = duration_in(s) {
                evidence.push(Evidence {
                    field: "duration",
                    value: d.0.clone(),
                    sentence: s.clone(),
                });
                duration = Some(d);
            }
        }
    }
    let expires = match (&date, &duration) {
        (Some(d), Some((_, months))) => Some(d.plus_months(*months)),
        _ => None,
    };

    let kind_idx = draft.kind.unwrap_or_else(generic_kind);
    let kind = r
        .kinds
        .get(kind_idx)
        .map_or_else(|| "Agreement".to_string(), |k| k.name.clone());
    let title = agreement_title(&kind, &parties);
    for &i in &draft.sentences {
        evidence.push(Evidence {
            field: "signed",
            value: title.clone(),
            sentence: analysed[i].sentence.text.clone(),
        });
    }
    let is_new = draft
        .sentences
        .iter()
        .any(|&i| NEW_MARKER.is_match(&analysed[i].sentence.text));
    Some(Agreement {
        kind,
        title,
        parties,
        signatories,
        signed: Signed { date, place },
        duration: duration.map(|d| d.0),
        expires,
        topics: topics.to_vec(),
        month_hint: date.is_none().then_some(month_hint).flatten(),
        is_new,
        evidence,
    })
}

fn better(found: PartialDate, current: Option<PartialDate>) -> bool {
    let rank = |d: &PartialDate| match d.precision() {
        Precision::Day => 3,
        Precision::Month => 2,
        Precision::Year => 1,
    };
    current.is_none_or(|c| rank(&found) > rank(&c))
}

fn place_remaining(mut signatories: Vec<Signatory>, parties: &[Party]) -> Vec<Signatory> {
    if parties.len() == 2 && signatories.len() == 2 {
        let placed: Vec<Option<String>> = signatories.iter().map(|s| s.party.clone()).collect();
        if let [Some(a), None] | [None, Some(a)] = placed.as_slice() {
            let other = parties
                .iter()
                .find(|p| &p.name != a)
                .map(|p| p.name.clone());
            if let Some(s) = signatories.iter_mut().find(|s| s.party.is_none()) {
                s.party = other;
            }
        }
    }
    signatories
}

/// A role as a reader wants it: "South Korea's Minister of X (MOX)" → "Minister of X".
fn tidy_role(role: &str) -> String {
    static ACRONYM: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\s*\([A-Za-z&.]{1,12}\)?\s*$").expect("role acronym pattern")
    });
    let mut role = role.trim().trim_end_matches([',', '.', ';']).to_string();
    role = ACRONYM.replace(&role, "").into_owned();
    // A leading country possessive or demonym says whose official, not what role.
    if let Some((first, rest)) = role.split_once(' ') {
        let bare = first.trim_end_matches("’s").trim_end_matches("'s");
        if bare != first || reference().country_named(bare).is_some() {
            if reference().country_named(bare).is_some()
                && rest.chars().next().is_some_and(char::is_uppercase)
            {
                role = rest.to_string();
            }
        }
    }
    // "South Korea's": two-word country names.
    for c in &reference().countries {
        for prefix in [format!("{}'s ", c.name), format!("{}’s ", c.name)] {
            if let Some(rest) = role.strip_prefix(&prefix) {
                role = rest.to_string();
            }
        }
    }
    role.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The place of signing: after the signing verb first ("signed ... in Tallinn"), else before it
/// ("At a ceremony in Kyiv, ... signed"), never in a clause about an earlier agreement.
fn place_in(s: &str, spans: &[Span]) -> Option<String> {
    let sign_at = SIGN_VERB.find(s).map_or(0, |m| m.start());
    let earlier_at = EARLIER.find(s).map_or(s.len(), |m| m.start());
    place_between(s, spans, sign_at, earlier_at.max(sign_at))
        .or_else(|| place_between(s, spans, 0, sign_at.min(earlier_at)))
}

fn place_between(s: &str, spans: &[Span], lo: usize, hi: usize) -> Option<String> {
    let r = reference();
    let mut venue: Option<String> = None;
    for c in PLACE.captures_iter(s) {
        let m = c.get(1).expect("group 1");
        if m.start() < lo || m.start() >= hi {
            continue;
        }
        let mut text = m.as_str().trim_end_matches([',', '.']).to_string();
        let first_word = words(&text)
            .first()
            .map(|w| w.text.to_lowercase())
            .unwrap_or_default();
        if first_word.parse::<u32>().is_err()
            && (super::dates::month_number(&first_word).is_some() || is_day_name(&first_word))
        {
            continue;
        }
        // Cut a trailing date or year that the pattern swallowed.
        if let Some(i) = text.find(|c: char| c.is_ascii_digit()).filter(|&i| i > 0) {
            let tail = &text[i..];
            if tail.len() == 4 && tail.parse::<u32>().is_ok() {
                text = text[..i].trim_end_matches([',', ' ']).to_string();
            }
        }
        let is_org = spans.iter().any(|sp| {
            matches!(sp.thing, Thing::Org(_)) && sp.start <= m.start() + 4 && m.start() < sp.end
        });
        let lower = text.to_lowercase();
        let is_venue = words(&lower).iter().any(|w| VENUE_WORDS.contains(&w.text));
        let is_country = r.country_named(&text).is_some();
        if kinds_in(&text).iter().any(|&(a, _, _)| a == 0) || lower.starts_with("the presence") {
            continue;
        }
        if is_org && !is_venue {
            continue;
        }
        let starts_with_the = lower.starts_with("the ");
        if starts_with_the && !is_venue && !is_country {
            continue;
        }
        if text.split_whitespace().count() > 8 {
            continue;
        }
        let text = text.strip_prefix("the ").unwrap_or(&text).to_string();
        match &venue {
            // "at the Istana in Singapore": venue, city.
            Some(v) if is_venue_text(v) && !is_venue => return Some(format!("{v}, {text}")),
            Some(v) => return Some(v.clone()),
            None if is_venue => venue = Some(text),
            None => return Some(text),
        }
    }
    venue
}

fn is_venue_text(text: &str) -> bool {
    words(&text.to_lowercase())
        .iter()
        .any(|w| VENUE_WORDS.contains(&w.text))
        && !text.contains(',')
}

fn is_day_name(w: &str) -> bool {
    matches!(
        w,
        "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday"
    )
}

fn agreement_title(kind: &str, parties: &[Party]) -> String {
    let names: Vec<&str> = parties.iter().map(|p| p.name.as_str()).collect();
    match names.as_slice() {
        [] => kind.to_string(),
        [one] => format!("{kind} signed by {one}"),
        [rest @ .., last] => format!("{kind} between {} and {last}", rest.join(", ")),
    }
}

fn collect_mentions(s: &str, published: Option<NaiveDate>, out: &mut Vec<Mention>) {
    let year_in = |text: &str| {
        find_dates(text, published)
            .into_iter()
            .filter_map(|d| d.date)
            .map(|d| d.year)
            .next()
            .or_else(|| {
                Regex::new(r"\b((?:19|20)\d\d)\b")
                    .ok()
                    .and_then(|re| re.captures(text))
                    .and_then(|c| c[1].parse().ok())
            })
    };
    // Agreements with proper names: "the UK-Singapore Digital Economy Agreement (UKSDEA)".
    let earlier = EARLIER.is_match(s);
    let signing_now = has_sign_verb(s) && !earlier && !NOT_YET.is_match(s);
    for c in NAMED_AGREEMENT.captures_iter(s) {
        let m = c.get(1).expect("group 1");
        let name = m
            .as_str()
            .trim_start_matches("The ")
            .trim_start_matches("the ")
            .to_string();
        let proper = words(&name).len() >= 3 || name.contains('-');
        if !proper
            || name.starts_with("Memorandum")
            || kinds_in(&name)
                .iter()
                .any(|&(a, b, _)| a == 0 && b == name.len())
        {
            continue;
        }
        let year = year_in(&s[m.start()..]).or_else(|| year_in(s));
        // A named agreement signed in an earlier year is a mention even when "signed" is said.
        let past = year.is_some_and(|y| published.is_none_or(|p| y < chrono::Datelike::year(&p)));
        if signing_now && !earlier && !past {
            continue;
        }
        out.push(Mention { name, year });
    }
    // Earlier agreements of the same kind: "since the signing of the first MoU in 2019", or a
    // signing in a year before this release.
    if earlier || (has_sign_verb(s) && is_past_signing(s, published)) {
        for (start, end, kind) in kinds_in(s) {
            if inside_named_agreement(s, start, end)
                || !(qualified_as_earlier(s, start, end) || is_past_signing(s, published))
            {
                continue;
            }
            // "agreement" and "deal" alone say too little; "memorandum" is still a memorandum.
            let phrase = &s[start..end];
            if kind == generic_kind() && !phrase.to_lowercase().starts_with("memorand") {
                continue;
            }
            let base = if kind == generic_kind() {
                phrase.to_string()
            } else {
                reference().kinds[kind].name.clone()
            };
            // "a Memorandum of Cooperation on the X Partnership", "a memorandum with Y's Ministry".
            let name = match MENTION_COMPLEMENT.captures(&s[end..]) {
                Some(c) => format!("{base} {}", c[1].trim_end_matches([',', ' '])),
                None => base,
            };
            let year = year_in(&s[start..]).or_else(|| year_in(s));
            if year.is_some() {
                out.push(Mention { name, year });
            }
            break;
        }
    }
}

static MENTION_COMPLEMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s+((?:on|with|between)\s+(?:the\s+)?[A-Z][\w’'-]*(?:\s+(?:of\s+|and\s+|the\s+|for\s+)*[A-Z][\w’'-]*)*)")
        .expect("mention complement pattern")
});

/// "the first MoU", "a 2019 MoU", "the MoU signed in 2019": this kind phrase names an earlier one.
fn qualified_as_earlier(s: &str, start: usize, end: usize) -> bool {
    static BEFORE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:first|previous|earlier|existing|prior|original|initial|former|last|(?:19|20)\d\d)\s+(?:[\w-]+\s+){0,2}$")
            .expect("earlier-before pattern")
    });
    static AFTER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\s*(?:\([^)]*\)\s*)?(?:which\s+was\s+|that\s+was\s+)?(?:signed|concluded|agreed|inked)\s+(?:\w+\s+){0,4}?(?:in|on)\s+[^.]{0,20}?(?:19|20)\d\d|^\s+(?:of|from)\s+(?:19|20)\d\d")
            .expect("earlier-after pattern")
    });
    let window_start = s[..start]
        .char_indices()
        .rev()
        .nth(40)
        .map_or(0, |(i, _)| i);
    BEFORE.is_match(&s[window_start..start]) || AFTER.is_match(&s[end..])
}

fn dedupe_mentions(mentions: &mut Vec<Mention>) {
    let mut seen = std::collections::HashSet::new();
    mentions.retain(|m| seen.insert((fold(&m.name), m.year)));
    // A name without a year is dropped when the same name also comes with one.
    let with_year: Vec<String> = mentions
        .iter()
        .filter(|m| m.year.is_some())
        .map(|m| fold(&m.name))
        .collect();
    mentions.retain(|m| m.year.is_some() || !with_year.contains(&fold(&m.name)));
}
