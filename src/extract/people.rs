//! People named in a sentence, with the role an apposition gives them: "Jane Roe, Chief Executive
//! Officer of the Agency", "Parliamentary Secretary for the Office, John Doe"-style
//! constructions, "Minister Jane Roe", honorifics stripped.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

use super::pattern::Pattern;

use super::orgs::COMPANY_FORMS;
use super::reference::reference;
use super::text::{capitalised, with_lowercase, words, Literal, Word, WordSet};

/// Titles written before a name, never part of it.
static HONORIFICS: WordSet = WordSet::new(&[
    "mr",
    "mr.",
    "mrs",
    "mrs.",
    "ms",
    "ms.",
    "miss",
    "mx",
    "dr",
    "dr.",
    "prof",
    "prof.",
    // French and Portuguese "Professeur"/"Professor".
    "pr",
    "pr.",
    "eng",
    "eng.",
    "engr",
    "engr.",
    "professor",
    "sir",
    "dame",
    "lord",
    "lady",
    "baroness",
    "baron",
    "h.e",
    "h.e.",
    "he",
    "excellency",
    "his",
    "her",
    "hon",
    "hon.",
    "honourable",
    "honorable",
    "rt",
    "rt.",
    "right",
    "shri",
    "shri.",
    "smt",
    "smt.",
    "sri",
    "sri.",
    "thiru",
    "thiru.",
    "kumari",
    "kum.",
    "dato",
    "dato'",
    "dato’",
    "datuk",
    "datin",
    "tan",
    "puan",
    "encik",
    "sheikh",
    "sheikha",
    "shaikh",
    "madam",
    "mdm",
    "mdm.",
    "engr",
    "eng",
    "eng.",
    "ir",
    "pehin",
    "haji",
    // Brunei's forms of address before a name.
    "dayang",
    "awang",
    "pengiran",
    "hajah",
    "pak",
    "ibu",
    "bapak",
    "mme",
    "m.",
    "herr",
    "frau",
    "señor",
    "sr.",
    "sra",
    "sra.",
    // Latin American academic titles written before a name: Licenciado, Ingeniero, Magíster,
    // Abogado, Arquitecto, Economista, Doctora.
    "lic.",
    "lcdo.",
    "lcda.",
    "ing.",
    "mgs.",
    "mgtr.",
    "msc.",
    "abg.",
    "arq.",
    "econ.",
    "dra.",
    "doctor",
    "ambassador",
    "minister",
    "senator",
    "president",
    "director",
    "secretary",
    "deputy",
    "chairman",
    "chair",
    "commissioner",
    "governor",
    "mayor",
    "general",
    "col",
    "colonel",
    "major",
    "captain",
    "admiral",
    "prime",
]);

/// Words that make a capitalised phrase a title or an organisation rather than a name.
/// Letters after a name: honours, degrees and seats ("MP", "OBE", "PhD").
const POST_NOMINALS: &[&str] = &[
    "MP", "MLA", "MEP", "MSP", "MS", "TD", "OBE", "CBE", "MBE", "KBE", "DBE", "KC", "QC", "PhD",
    "AM", "AO", "AC", "JP", "FRS", "FREng", "Jr", "Sr",
];

/// The areas a title names ("Under Secretary for Economic Growth Jane Roe"): never a name.
/// Words that qualify a place ("Central Jakarta", "Greater Manchester") and never start or
/// continue a person's name. ("North", "West" and the like are surnames too.)
static PLACE_QUALIFIERS: WordSet = WordSet::new(&[
    "central",
    "northern",
    "southern",
    "eastern",
    "western",
    "greater",
    "metropolitan",
]);

pub(super) static PORTFOLIO_WORDS: WordSet = WordSet::new(&[
    "growth",
    "affairs",
    "development",
    "economy",
    "economic",
    "innovation",
    "technology",
    "technologies",
    "trade",
    "security",
    "communications",
    "communication",
    "transformation",
    "services",
    "education",
    "science",
    "health",
    "finance",
    "industry",
    "infrastructure",
    "digitalisation",
    "digitalization",
    "information",
    "telecommunications",
    "policy",
    "planning",
    "governance",
    "justice",
    "interior",
    "defence",
    "defense",
    "energy",
    "environment",
    "transport",
    "labour",
    "tourism",
    "agriculture",
    "digital",
    "ict",
    "informatics",
    "entrepreneurship",
    "telecommunication",
    "investment",
    "commerce",
    "resources",
    "enterprise",
    "business",
    "consumer",
    "housing",
    "immigration",
    "citizenship",
    "customs",
    "revenue",
    "taxation",
    "budget",
    "sport",
    "sports",
    "youth",
    "broadcasting",
    "posts",
    "telecom",
    "telecoms",
    "modernisation",
    "modernization",
    "administrative",
    "reform",
    "reforms",
    "civil",
    "digitisation",
    "digitization",
    "connectivity",
    "media",
    "culture",
    "research",
    "statistics",
    "regional",
    "cohesion",
    "employment",
    "management",
    "meteorology",
    "climate",
    "disaster",
]);

/// Capitalised words that may stand before a title without qualifying it.
const TITLE_LEAD_INS: &[&str] = &[
    "the",
    "a",
    "an",
    "and",
    "but",
    "by",
    "on",
    "in",
    "at",
    "when",
    "while",
    "yesterday",
    "today",
    "also",
    "both",
    "then",
    "later",
    "earlier",
    "with",
    "as",
    "from",
    "for",
    "to",
    "his",
    "her",
    "their",
    "its",
    "our",
    "said",
    "signed",
];

static TITLE_WORDS: WordSet = WordSet::new(&[
    "chief",
    "executive",
    "officer",
    "director",
    "general",
    "directorate",
    "minister",
    // "Ministers Roe and Doe sign the memorandum": a title before two surnames.
    "ministers",
    "presidents",
    "directors",
    "secretaries",
    "mayors",
    "ministry",
    "secretary",
    "secretariat",
    "president",
    "delegate",
    "envoy",
    "vice",
    "head",
    "chair",
    "chairman",
    "chairwoman",
    "chairperson",
    "commissioner",
    "ambassador",
    "deputy",
    "permanent",
    "parliamentary",
    "under",
    "undersecretary",
    "under-secretary",
    "ceo",
    "cio",
    "cto",
    "cdo",
    "ciso",
    "coo",
    "cfo",
    "governor",
    "mayor",
    // Central Asia's city and regional heads.
    "khokim",
    "hokim",
    "akim",
    "manager",
    "lead",
    "principal",
    "administrator",
    "founder",
    "senior",
    "advisor",
    "adviser",
    "envoy",
    "consul",
    "counsellor",
    "counselor",
    "registrar",
    "controller",
    "coordinator",
    // "the Community of Portuguese Language Countries": plural common nouns name no one.
    "countries",
    "nations",
    "language",
    "languages",
    "chancellor",
    "premier",
    "prime",
    "state",
    "member",
    "representative",
    "spokesperson",
    "spokesman",
    "dean",
    "agency",
    "authority",
    "department",
    "office",
    "service",
    "services",
    "council",
    "commission",
    "corporation",
    "bureau",
    "administration",
    "institute",
    "centre",
    "center",
    "board",
    "unit",
    "division",
    "government",
    "digital",
    "data",
    "technology",
    "technologies",
    "information",
    "communications",
    "communication",
    "affairs",
    "foreign",
    "interior",
    "safety",
    "economy",
    "economic",
    "innovation",
    "science",
    "trade",
    "industry",
    "development",
    "transformation",
    "cabinet",
    "smart",
    "nation",
    "public",
    "sector",
    "national",
    "federal",
    "international",
    "republic",
    "kingdom",
    "ministerial",
    "assistant",
    "associate",
    "acting",
    "group",
    "programme",
    "program",
    "strategy",
    "policy",
    "cyber",
    "security",
    "finance",
    "treasury",
    "justice",
    "home",
    "the",
    "of",
    "and",
    "for",
    "on",
    "in",
    "at",
    "to",
    "with",
    "by",
    "a",
    "an",
    "mou",
    "memorandum",
    "understanding",
    "agreement",
    "cooperation",
    "co-operation",
    "partnership",
    "ict",
    "it",
    "ai",
    "media",
    "infocomm",
    "telecommunications",
    "digitalisation",
    "digitalization",
    "e-government",
    "excellency",
    "honourable",
    "university",
    "embassy",
    "high",
    "commissioner",
    "delegation",
    "team",
    "company",
    "limited",
    "ltd",
    "inc",
    "bank",
    "network",
    "forum",
    "assembly",
    "parliament",
    "congress",
    "session",
    "summit",
    "week",
    "conference",
    "exchange",
    "platform",
    "academy",
    "school",
    "project",
    "initiative",
    "act",
    "bill",
    "law",
    "regulation",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "today",
    "yesterday",
    "under",
    "this",
    "that",
    "these",
    "those",
    "both",
    "each",
    "our",
    "their",
    "its",
    "his",
    "her",
    "as",
    "after",
    "before",
    "since",
    "during",
    "while",
    "when",
    "representing",
    "speaking",
    "according",
    "also",
    "meanwhile",
    "additionally",
    "furthermore",
    "however",
    "yesterday",
    "signed",
    "sign",
    "signing",
    "share",
    "click",
    "photo",
    "image",
    "caption",
    "source",
    "credit",
    "story",
    "news",
    "release",
    "press",
    "statement",
    "media",
    "contact",
    "email",
    "tel",
    "phone",
    "london",
    "city",
    "street",
    "road",
    "hall",
    "house",
    "hotel",
    "palace",
    "building",
    "tower",
    "square",
    "avenue",
]);

/// Words that end an organisation's name: a name right before one is part of that name.
static ORG_WORDS: WordSet = WordSet::new(&[
    "government",
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
    "centre",
    "center",
    "institute",
    "university",
    "group",
    "summit",
    "forum",
    "week",
    "conference",
    "expo",
    "global",
    "hub",
    "lab",
    "labs",
    "foundation",
    "alliance",
    "network",
    "platform",
    "fund",
    "initiative",
    "community",
    "union",
    "association",
    "bank",
    "organisation",
    "organization",
    "secretariat",
    "parliament",
    // The same heads in the languages whose bodies keep their own names.
    "agencia",
    "agence",
    "agência",
    "agenzia",
    "ministerio",
    "ministère",
    "ministério",
    "ministero",
    "ministerium",
    "secretaría",
    "secretaria",
    "dirección",
    "direction",
    "direção",
    "instituto",
    "institut",
    "consejo",
    "conseil",
    "autoridad",
    "autorité",
    "oficina",
    "servicio",
    "société",
    "sociedad",
    "bundesamt",
]);

/// Lower-case joiners inside names: "Mohammed bin Rashid", "Ana da Silva", "Ursula von der Leyen".
static NAME_PARTICLES: WordSet = WordSet::new(&[
    "bin", "binti", "bint", "ibn", "al", "al-", "el", "van", "von", "der", "den", "de", "da",
    "dos", "das", "do", "du", "del", "della", "di", "la", "le", "y", "ben", "abu", "bte", "s/o",
    "d/o", "a/l", "a/p",
]);

/// A person named in a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonMention {
    pub name: String,
    /// Byte span of the name (with honorifics) in the sentence.
    pub start: usize,
    pub end: usize,
    /// The role as the text gives it, organisation included ("Chief Executive of GovTech Singapore").
    pub role: Option<String>,
    /// Byte span of the role text in the sentence, to find the organisation named in it.
    pub role_span: Option<(usize, usize)>,
}

/// "Mr", "H.E.", "Dr.", "Shri": a form of address that opens a person's name.
pub(super) fn is_honorific(w: &str) -> bool {
    HONORIFICS.contains_lower(w)
        || (w.contains('-')
            && w.to_lowercase()
                .split('-')
                .all(|p| HONORIFICS.contains(p) || TITLE_WORDS.contains(p)))
}

/// Words after which a capitalised phrase is a place or an event, not a person.
const PLACE_PREPOSITIONS: &[&str] = &[
    "at",
    "in",
    "on",
    "from",
    "of",
    "the",
    "into",
    "near",
    "during",
    "across",
    "to",
    "via",
    "throughout",
];

fn is_title_word(w: &str) -> bool {
    with_lowercase(w, |lower| {
        let lower = trim_possessives(lower);
        // "Vice-President", "Director-General": a hyphenated title is a title.
        TITLE_WORDS.contains(lower)
            || (lower.contains('-')
                && lower
                    .split('-')
                    .all(|p| TITLE_WORDS.contains(p) || HONORIFICS.contains(p)))
    })
}

/// `w.trim_end_matches("’s").trim_end_matches("'s")`, without the string searchers those
/// build: it runs for most words of every sentence.
fn trim_possessives(mut w: &str) -> &str {
    while let Some(rest) = w.strip_suffix("’s") {
        w = rest;
    }
    while let Some(rest) = w.strip_suffix("'s") {
        w = rest;
    }
    w
}

/// A word that names an office itself ("Minister", "Director", the "General" of
/// "Director General"), as opposed to the words of a portfolio or an organisation.
fn is_role_word(w: &str) -> bool {
    with_lowercase(w, |lower| {
        lower
            .split('-')
            .all(|p| ROLE_WORDS.contains(p) || p == "general" || p == "vice")
    })
}

fn is_particle(w: &str) -> bool {
    NAME_PARTICLES.contains_lower(w)
}

/// An honorific that never doubles as a name ("Dr", "Prof."), in any case.
fn is_plain_honorific(t: &str) -> bool {
    const PLAIN: &[&str] = &[
        "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "prof", "prof.", "pr.", "h.e.",
        "hon.", "shri", "smt", "smt.",
    ];
    // Names are nearly always ASCII: compare those without lower-casing into a new string.
    if t.is_ascii() {
        PLAIN.iter().any(|h| t.eq_ignore_ascii_case(h))
    } else {
        PLAIN.contains(&t.to_lowercase().as_str())
    }
}

/// "Ts.Baatarkhuu", "B.Bat-Erdene": a patronymic's initial joined to the given name, as
/// Mongolian names are written; one word, but a whole name.
fn is_initialled_name(w: &str) -> bool {
    let Some((initial, name)) = w.split_once('.') else {
        return false;
    };
    let mut initial_chars = initial.chars();
    let initial_ok = initial_chars.next().is_some_and(char::is_uppercase)
        && initial_chars.all(char::is_lowercase)
        && initial.chars().count() <= 2
        && initial != "St";
    initial_ok
        && name.starts_with(char::is_uppercase)
        && name.chars().count() >= 4
        && name
            .chars()
            .zip(name.chars().skip(1))
            .all(|(before, c)| c.is_lowercase() || c == '-' || (before == '-' && c.is_uppercase()))
}

/// A word that can be part of a person's name.
fn is_name_word(w: &Word<'_>, is_known: &dyn Fn(usize, usize) -> bool) -> bool {
    let t = w.text;
    let first = t.chars().next().unwrap_or(' ');
    if !first.is_uppercase() {
        return false;
    }
    let letters = || t.chars().filter(|c| c.is_alphabetic());
    let n_letters = letters().count();
    // All-capital words are acronyms (GDS, MOIS), except surnames written in capitals (KOK).
    let all_caps = n_letters >= 2 && letters().all(|c| c.is_uppercase());
    if all_caps && n_letters <= 2 {
        return false;
    }
    if t.chars().any(|c| c.is_ascii_digit())
        || is_title_word(t)
        // "Telecommunication Dr Umar Saif": an honorific starts a name, never continues one.
        // (Only the unambiguous ones: "Eng" and "Tan" are names too.)
        || is_plain_honorific(t)
        || is_known(w.start, w.end)
        || PORTFOLIO_WORDS.contains_lower(t)
        // "at the Komdigi Office, Central Jakarta": a part of a city, not a person.
        || PLACE_QUALIFIERS.contains_lower(t)
        // "Astana Hub CEO Jane Roe": the words of a body's name are no person's.
        || ORG_WORDS.contains_lower(t)
    {
        return false;
    }
    // CamelCase inside a word is a brand or an agency (GovTech), not a name. ("Ts.Baatarkhuu":
    // a capital after a full stop starts the name after a patronymic's initial.)
    let inner_caps = t
        .chars()
        .zip(t.chars().skip(1))
        .filter(|&(before, c)| c.is_uppercase() && before != '.')
        .count();
    let hyphenated = t.contains('-') || t.contains('\'') || t.contains('’');
    !(inner_caps > 0 && !hyphenated && !all_caps && !t.starts_with("Mc") && !t.starts_with("Mac"))
}

/// Headings that name whose words follow: "Remarks by Hon. Jane Roe (MP), Minister for X, at
/// ...", "Keynote address of the Minister", "Press Conference by Minister for X Roe", and posts:
/// "Jane Roe on LinkedIn: ...".
static SPOKEN_BY: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"(?i)^(?:[\w’'-]+\s+){0,3}?(?:remarks|speech|statement|address|message|briefing|press\s+conference|interview|keynote|op-ed)\s+(?:delivered\s+)?(?:by|of|from|with)\s+(?P<who>.+)$|^(?P<poster>[^:|]+?)\s+on\s+LinkedIn\b")
        .expect("spoken-by pattern")
});

/// The person a speech, a press conference or a post is by, as its heading names them: whom the
/// text's "I" stands for. Their spans point nowhere (the heading is not one of the sentences).
pub(super) fn speaker_in_heading(heading: &str) -> Option<PersonMention> {
    let caps = SPOKEN_BY.captures(heading)?;
    let who = caps.name("who").or_else(|| caps.name("poster"))?.as_str();
    // "(MP)", "(Excerpt)": asides, not part of a name or a role.
    let mut plain = String::with_capacity(who.len());
    let mut depth = 0usize;
    for c in who.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    let plain = plain.split_whitespace().collect::<Vec<_>>().join(" ");
    let plain = plain.replace(" ,", ",");
    // An all-capitals heading is read in the case a sentence would give it.
    let text = if plain.chars().any(char::is_lowercase) {
        plain
    } else {
        sentence_case_words(&plain)
    };
    let ws = words(&text);
    if let Some(p) = find_people(&text, &ws, &|_, _| false).into_iter().next() {
        return Some(PersonMention {
            start: 0,
            end: 0,
            role_span: None,
            ..p
        });
    }
    // "Minister for Digital Transformation Roe": a title, then the family name alone.
    let (role, name) = text.trim().rsplit_once(' ')?;
    let first = role.split_whitespace().next()?;
    let name_like = name.chars().next().is_some_and(char::is_uppercase)
        && name.chars().all(|c| c.is_alphabetic() || c == '-')
        && !is_title_word(name);
    (is_title_word(first) && name_like).then(|| PersonMention {
        name: name.to_string(),
        start: 0,
        end: 0,
        role: Some(role.trim().to_string()),
        role_span: None,
    })
}

/// "HON. JANE ROE, MINISTER FOR DIGITAL AFFAIRS" as "Hon. Jane Roe, Minister for Digital Affairs".
fn sentence_case_words(text: &str) -> String {
    const SMALL: &[&str] = &[
        "of", "for", "and", "the", "at", "on", "in", "to", "by", "de", "du",
    ];
    text.split(' ')
        .enumerate()
        .map(|(k, w)| {
            let lower = w.to_lowercase();
            if k > 0 && SMALL.contains(&lower.as_str()) {
                return lower;
            }
            // Each part of "ROE-DOE" is a name of its own.
            lower
                .split('-')
                .map(capitalised)
                .collect::<Vec<_>>()
                .join("-")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Finds people in a sentence. `is_known(start, end)` says whether a span is a known organisation,
/// country or place, which is never a name.
/// `ws`: the words of `sentence`.
pub fn find_people(
    sentence: &str,
    ws: &[Word<'_>],
    is_known: &dyn Fn(usize, usize) -> bool,
) -> Vec<PersonMention> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        // Honorifics before the name.
        let mut j = i;
        let mut honorific = false;
        // ("Prime Minister, Dr Jane Roe": a comma ends the title before the honorific.)
        // ("Tan" is Malaysia's "Tan Sri" only before "Sri": "Ms Tan Mei Ling" is a Tan.)
        let tan_not_sri = |j: usize| {
            ws[j].text.eq_ignore_ascii_case("tan")
                && ws
                    .get(j + 1)
                    .is_none_or(|next| !next.text.eq_ignore_ascii_case("sri"))
        };
        while j < ws.len()
            && ws[j].is_capitalised()
            && is_honorific(ws[j].text)
            && !tan_not_sri(j)
            && (j == i || adjacent(sentence, ws, j))
        {
            honorific = true;
            j += 1;
        }
        // "His Excellency" / "the Honourable" leave "Excellency"/"Honourable" as honorifics too.
        let name_start = j;
        let mut k = j;
        let mut name_words = 0;
        while k < ws.len() {
            // "Bill Roe", "June Lee": given names that are also words of law or the calendar
            // count first in a name, before a surname.
            let given_name = k == name_start
                && matches!(ws[k].text, "Bill" | "June" | "April")
                && k + 1 < ws.len()
                && adjacent(sentence, ws, k + 1)
                && is_name_word(&ws[k + 1], is_known);
            if (given_name || is_name_word(&ws[k], is_known))
                && (k == name_start || adjacent(sentence, ws, k))
            {
                name_words += 1;
                k += 1;
            } else if name_words > 0
                && is_particle(ws[k].text)
                && k + 1 < ws.len()
                && is_name_word(&ws[k + 1], is_known)
                && adjacent(sentence, ws, k)
            {
                k += 1;
            } else {
                break;
            }
        }
        let enough = name_words >= 2
            || (name_words == 1 && (honorific || is_initialled_name(ws[name_start].text)));
        // The checks that rule a name out run only for a name: most words start none.
        let is_person = enough && name_words <= 5 && {
            // "ABU DHABI", "at Electronics Niketan", "the Seoul Metropolitan Government": not
            // people.
            let all_caps = ws[name_start..k].iter().all(|w| {
                let letters: Vec<char> = w.text.chars().filter(|c| c.is_alphabetic()).collect();
                letters.len() > 1 && letters.iter().all(|c| c.is_uppercase())
            });
            let after_preposition = !honorific
                && i > 0
                && with_lowercase(ws[i - 1].text, |w| PLACE_PREPOSITIONS.contains(&w))
                && sentence[ws[i - 1].end..ws[i].start].trim().is_empty();
            let before_org_word = k > name_start
                && k < ws.len()
                && sentence[ws[k - 1].end..ws[k].start].trim().is_empty()
                && ORG_WORDS.contains_lower(ws[k].text);
            // "signed at X, New Delhi, by ...": a place list.
            let place_before_by = k > name_start && sentence[ws[k - 1].end..].starts_with(", by ");
            // "Rabi Al-Awwal 12": a calendar's month before its day, not a person.
            let before_number = k > name_start
                && k < ws.len()
                && adjacent(sentence, ws, k)
                && ws[k].text.starts_with(|c: char| c.is_ascii_digit());
            // "the European Digital Identity Wallet": two capitalised words at the end of a
            // longer capitalised phrase are the tail of a name of something, not a person.
            let tail_of_phrase = !honorific
                && i > 1
                && adjacent(sentence, ws, i)
                && ws[i - 1].is_capitalised()
                && !is_honorific(ws[i - 1].text)
                && !is_role_word(ws[i - 1].text)
                && !ws[i - 1].text.ends_with("'s")
                && !ws[i - 1].text.ends_with("’s")
                && !is_known(ws[i - 1].start, ws[i - 1].end)
                // "Minister of ICT and Innovation Paula Roe": a title ends before the name.
                && !(1..=8)
                    .take_while(|&back| {
                        back <= i
                            && matches!(
                                sentence[ws[i - back].end..ws[i - back + 1].start].trim(),
                                "" | ","
                            )
                            && (ws[i - back].is_capitalised()
                                || matches!(ws[i - back].text, "of" | "and" | "for" | "the" | "&"))
                    })
                    .any(|back| {
                        is_honorific(ws[i - back].text) || is_role_word(ws[i - back].text)
                    });
            // "at Electronics Niketan, New Delhi": a city; "Vardar Soft DOOEL": a company.
            let city = || {
                !honorific
                    && reference()
                        .city_named(&sentence[ws[name_start].start..ws[k - 1].end])
                        .is_some()
            };
            let company = || COMPANY_FORMS.contains_lower(ws[k - 1].text.trim_end_matches('.'));
            !tail_of_phrase
                && !all_caps
                && !after_preposition
                && !before_org_word
                && !place_before_by
                && !before_number
                && !company()
                && !city()
        };
        if is_person {
            let start = ws[i].start;
            // "Minister Jane Roe": a title used as an honorific is the role.
            let titled: Vec<&str> = ws[i..name_start]
                .iter()
                .map(|w| w.text)
                .filter(|w| is_role_word(w))
                .collect();
            // "Science Minister Jane Roe": a capitalised word or two just before the title
            // qualify it ("Digital", "Foreign"), unless they are an organisation or a lead-in.
            let mut role_from = i;
            if !titled.is_empty() {
                while role_from > 0
                    && i - role_from < 2
                    && adjacent(sentence, ws, role_from)
                    && ws[role_from - 1].is_capitalised()
                    && !is_known(ws[role_from - 1].start, ws[role_from - 1].end)
                    && !is_honorific(ws[role_from - 1].text)
                    && !with_lowercase(ws[role_from - 1].text, |w| TITLE_LEAD_INS.contains(&w))
                {
                    role_from -= 1;
                }
            }
            // "Governor Eng. Jane Roe": honorifics after the title are not part of it.
            let title_end = (i..name_start)
                .rev()
                .find(|&w| is_role_word(ws[w].text))
                .unwrap_or(name_start.saturating_sub(1));
            let title_role = (!titled.is_empty())
                .then(|| sentence[ws[role_from].start..ws[title_end].end].to_string());
            let name = sentence[ws[name_start].start..ws[k - 1].end]
                .trim_end_matches("’s")
                .trim_end_matches("'s")
                .to_string();
            let end = ws[k - 1].end;
            out.push(PersonMention {
                name,
                start,
                end,
                role: title_role,
                role_span: None,
            });
            i = k;
        } else {
            i = if k > i { k } else { i + 1 };
        }
    }
    let mut previous_end = 0;
    let starts: Vec<usize> = out.iter().map(|p| p.start).collect();
    for (n, p) in out.iter_mut().enumerate() {
        // An apposition ends where the next person (with their title) begins.
        let next_start = starts.get(n + 1).copied().unwrap_or(sentence.len());
        let after = role_after(sentence, p.end, is_known).and_then(|(s, e)| {
            // "Jane Roe, Agency Chief Executive John Doe": a title that runs straight into the
            // next name is that person's, not an apposition of this one.
            let lead = &sentence[..next_start];
            if e >= next_start && lead.ends_with(' ') && !lead.trim_end().ends_with([',', ';']) {
                return None;
            }
            let e = e.min(next_start);
            let role = sentence[s..e].trim_end_matches([',', ' ', ';']);
            let role = role
                .strip_suffix(" and")
                .unwrap_or(role)
                .trim_end_matches([',', ' ']);
            (!role.is_empty() && has_title_word(role)).then(|| (s, s + role.len()))
        });
        let floor = previous_end;
        // "the Minister of X, Jane Roe, the Secretary of Y, John Doe": where titles come before
        // the names, a title running up to the next name is that person's.
        let runs_into_next = |e: usize| {
            n + 1 < starts.len()
                && matches!(
                    sentence[e.min(next_start)..next_start].trim_matches([',', ' ']),
                    "" | "and"
                )
        };
        let (after, title_before) = match after {
            Some((_, e)) if runs_into_next(e) => match role_before(sentence, p.start, floor) {
                Some(before) => (None, Some(before)),
                None => (after, None),
            },
            after => (after, None),
        };
        previous_end = after.map_or(p.end, |(_, e)| e.max(p.end));
        if let Some((s, e)) = after
            .or(title_before)
            .or_else(|| role_before(sentence, p.start, floor))
        {
            if p.role.is_some() && after.is_none() {
                // "Minister Jane Roe" keeps "Minister" unless an apposition says more.
                continue;
            }
            p.role = Some(clean_role(&sentence[s..e]));
            p.role_span = Some((s, e));
        }
    }
    out.retain(|p| !p.name.is_empty());
    share_roles_respectively(sentence, &mut out);
    out
}

/// "signed by A and B, Minister of X and Director General of Y respectively": the roles, in
/// order, are theirs.
fn share_roles_respectively(sentence: &str, people: &mut [PersonMention]) {
    for k in 1..people.len() {
        let Some((start, end)) = people[k].role_span else {
            continue;
        };
        let after = sentence[end..].trim_start_matches([',', ' ']);
        if !after.starts_with("respectively") {
            continue;
        }
        // The people before, without roles of their own, joined by "and" or commas.
        let mut first = k;
        while first > 0
            && people[first - 1].role.is_none()
            && matches!(
                sentence[people[first - 1].end..people[first].start].trim(),
                "and" | "," | ", and" | "&"
            )
        {
            first -= 1;
        }
        // Two people, two roles: split at the "and" that a title word follows ("... Science and
        // Technology and Director General of RISA" splits before "Director").
        if k - first != 1 {
            continue;
        }
        let role = &sentence[start..end];
        let Some(at) = role
            .match_indices(" and ")
            .map(|(at, _)| at)
            .filter(|&at| {
                role[at + 5..]
                    .split_whitespace()
                    .next()
                    .is_some_and(|w| w.starts_with(char::is_uppercase) && is_title_word(w))
            })
            .last()
        else {
            continue;
        };
        let parts = [(0, at), (at + 5, role.len())];
        for (p, &(a, b)) in people[first..=k].iter_mut().zip(&parts) {
            let text = role[a..b].trim();
            p.role = Some(text.to_string());
            p.role_span = Some((start + a, start + b));
        }
    }
}

/// Whether word `k` follows word `k-1` with only spaces between (no comma breaks a name).
fn adjacent(sentence: &str, ws: &[Word<'_>], k: usize) -> bool {
    k == 0 || sentence[ws[k - 1].end..ws[k].start].trim().is_empty()
}

fn has_title_word(text: &str) -> bool {
    words(text).iter().any(|w| {
        // "secretary-general", "director-general": any part of a hyphenated title counts.
        with_lowercase(w.text, |lower| {
            lower.split('-').any(|part| ROLE_WORDS.contains(part))
        })
    })
}

/// Words that make a phrase a job title.
static ROLE_WORDS: WordSet = WordSet::new(&[
    "chief",
    "executive",
    "officer",
    "director",
    "director-general",
    "minister",
    "secretary",
    "president",
    "vice-president",
    "head",
    "chair",
    "chairman",
    "chairwoman",
    "chairperson",
    "commissioner",
    "ambassador",
    "deputy",
    "permanent",
    "ceo",
    "cio",
    "cto",
    "cdo",
    "ciso",
    "governor",
    "mayor",
    "manager",
    "lead",
    "principal",
    "administrator",
    "founder",
    "adviser",
    "advisor",
    "envoy",
    "delegate",
    "consul",
    "counsellor",
    "registrar",
    "controller",
    "chancellor",
    "premier",
    "representative",
    "dean",
    "undersecretary",
    "under-secretary",
    "chargé",
    "attaché",
    "leader",
    "officer-in-charge",
    "coordinator",
    // Abbreviated titles: Cabinet and Principal Secretary, Director General, Managing Director.
    "cs",
    "ps",
    "cas",
    "dg",
    "md",
    "gm",
]);

/// ", chief executive of GovTech Singapore," after a name.
fn role_after(
    sentence: &str,
    name_end: usize,
    is_known: &dyn Fn(usize, usize) -> bool,
) -> Option<(usize, usize)> {
    let mut rest = &sentence[name_end..];
    // "Jane Roe MP, Minister for ...": post-nominal letters come before the apposition.
    loop {
        let t = rest.trim_start();
        let word: &str = t.split([' ', ',']).next().unwrap_or("");
        if word.is_empty() || !POST_NOMINALS.contains(&word.trim_end_matches('.')) {
            break;
        }
        rest = &t[word.len()..];
    }
    let name_end = sentence.len() - rest.len();
    let trimmed = rest.trim_start();
    let lead = rest.len() - trimmed.len();
    let (offset, body) = if let Some(b) = trimmed.strip_prefix(',') {
        (lead + 1, b)
    } else if let Some(b) = trimmed.strip_prefix('(') {
        (lead + 1, b)
    } else {
        return None;
    };
    let body_trim = body.trim_start();
    // ", and the Director General ..." introduces the next person, not this one's role.
    if body_trim.starts_with("and ") || body_trim.starts_with("while ") {
        return None;
    }
    // ", witnessed by ...", ", who said ...": the clause goes on about something else.
    let first_word = body_trim.split_whitespace().next().unwrap_or("");
    if matches!(
        first_word,
        "witnessed" | "who" | "which" | "said" | "says" | "signed" | "in" | "at" | "on"
    ) {
        return None;
    }
    let start = name_end + offset + (body.len() - body_trim.len());
    let end_rel = role_end(body_trim, start, is_known);
    let role = &body_trim[..end_rel];
    let mut role_trimmed = role.trim_end_matches([',', ' ', ';']);
    // Drop a closing parenthesis only when it closes the one that opened the apposition.
    while role_trimmed.ends_with(')')
        && role_trimmed.matches(')').count() > role_trimmed.matches('(').count()
    {
        role_trimmed = role_trimmed[..role_trimmed.len() - 1].trim_end_matches([',', ' ', ';']);
    }
    if role_trimmed.is_empty() || !has_title_word(role_trimmed) || role_trimmed.len() > 160 {
        return None;
    }
    Some((start, start + role_trimmed.len()))
}

/// What ends a role apposition (see `role_end`), searched in one pass: the single searches
/// built a string searcher per stop for every apposition.
static ROLE_STOPS: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::new([
        ", and ",
        "; ",
        " and mr",
        " and ms",
        " and mrs",
        " and dr",
        " and prof",
        " and h.e",
        " and his ",
        " and her ",
        " and the ",
        ", who ",
        ", which ",
        " signed",
        " inked",
        " penned",
        " concluded",
        " sealed",
        " initialled",
        " initialed",
        " entered into",
        " said",
        " says",
        " met ",
        " exchanged",
        ") and ",
        "), and ",
        ", said",
        ", on behalf",
        " on behalf",
        " to sign",
        " witnessed",
        " in the presence",
        " during ",
        " will ",
        // ", today", ", on the sidelines of ...": the clause goes on, the role has ended.
        ", today",
        ", yesterday",
        ", on ",
        ", at ",
        ", during",
        ", here",
        ", earlier",
        ", respectively",
        " respectively",
    ])
    .expect("role stops")
});

static COMMA_SPACE: Literal = Literal::new(", ");
static AND: Literal = Literal::new(" and ");

/// Where a role apposition ends: before the next person, a verb, or the end of the clause.
fn role_end(text: &str, base: usize, is_known: &dyn Fn(usize, usize) -> bool) -> usize {
    let lower = text.to_ascii_lowercase();
    let mut best = text.len();
    // The earliest stop of any kind; every occurrence is reported, so each stop's first one is.
    for m in ROLE_STOPS.find_overlapping_iter(&lower) {
        // "(Smart Nation), and ...": the parenthesis belongs to the role.
        let keep = usize::from(lower.as_bytes()[m.start()] == b')');
        best = best.min(m.start() + keep);
    }
    // A comma followed by a capitalised non-title word starts another person.
    let mut search = 0;
    let mut list_end: Option<usize> = None;
    while let Some(i) = COMMA_SPACE.find(&text[search..best.min(text.len())]) {
        let at = search + i;
        let next: String = text[at + 2..]
            .split_whitespace()
            .next()
            .unwrap_or("")
            .trim_end_matches([',', ';', '.', ')'])
            .to_string();
        let next_lower = next.to_lowercase();
        // ", MeitY," or ", Government of India": an organisation continues the role.
        let known = is_known(base + at + 2, base + at + 2 + next.len());
        // "Minister for Innovation, Education, Science and Technology": one word between commas
        // or before "and" is an item of the title's list, not a person.
        let after_next = text[at + 2..]
            .get(next.len()..)
            .unwrap_or("")
            .to_lowercase();
        let list_item = !next.is_empty()
            && (after_next.starts_with(", ") || after_next.starts_with(" and "))
            && !after_next.starts_with(", and ");
        if list_item && next.chars().next().is_some_and(char::is_uppercase) {
            list_end = Some(at + 2 + next.len());
            search = at + 2;
            continue;
        }
        if next.chars().next().is_some_and(char::is_uppercase)
            && !known
            && !is_title_word(&next)
            && !is_honorific(&next)
            && !matches!(next_lower.as_str(), "uk" | "us" | "singapore")
        {
            best = best.min(at);
            break;
        }
        // ", Chief Executive" continues; ", Mr" starts the next person.
        if is_honorific(&next) && !ROLE_WORDS.contains(&next_lower) {
            best = best.min(at);
            break;
        }
        search = at + 2;
    }
    // " and John Doe": "and" followed by a capitalised non-title word.
    let mut search = 0;
    while let Some(i) = AND.find(&lower[search..best]) {
        let at = search + i;
        // The "and" that closes a list of the title's areas ("Education, Science and Technology").
        if list_end == Some(at) {
            search = at + 5;
            continue;
        }
        let next: String = text[at + 5..]
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_string();
        // "Minister of ICT and Innovation, Rwanda": one word closing the title is no person.
        let closes_title = next.ends_with([',', '.', ';', ')'])
            || text[at + 5..].get(next.len()..).is_some_and(str::is_empty);
        // ("Minister of Digital Development and Transport of X": a portfolio goes on.)
        let portfolio = PORTFOLIO_WORDS.contains_lower(&next);
        if next.chars().next().is_some_and(char::is_uppercase)
            && !is_title_word(&next)
            && !closes_title
            && !portfolio
        {
            best = best.min(at);
            break;
        }
        search = at + 5;
    }
    if let Some(i) = text[..best].find(". ") {
        best = best.min(i);
    }
    best.min(text.trim_end_matches(['.', ' ']).len())
}

/// After these a role before a name starts (see `role_before`), searched in one pass.
static ROLE_START_MARKERS: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::new([
        ", ",
        " with ",
        " by ",
        " were ",
        " was ",
        " between ",
        ": ",
        " from ",
        " including ",
        " while ",
        " whereas ",
        // "Jane Roe (left) and Agency Chief Executive John Doe (right)".
        ") ",
        // '"...," said Finland's Minister of X Jane Roe': the role starts after the quote.
        " said ",
        " says ",
        "\" ",
        "” ",
    ])
    .expect("role start markers")
});

/// "Parliamentary Secretary for the Office, John Doe" and "Minister Jane Roe".
fn role_before(sentence: &str, name_start: usize, floor: usize) -> Option<(usize, usize)> {
    let before = &sentence[..name_start];
    let trimmed = before.trim_end();
    let (clause_end, text) = if let Some(t) = trimmed.strip_suffix(',') {
        (t.len(), t)
    } else {
        (trimmed.len(), trimmed)
    };
    // The clause starts after the previous comma, or after a linking word.
    let lower = text.to_ascii_lowercase();
    // Never reach back over the previous person ("... Jane Roe and Deputy Minister X John Doe").
    let mut start = floor.min(clause_end);
    // After the last marker of any kind: every occurrence is reported, so each marker's last.
    for m in ROLE_START_MARKERS.find_overlapping_iter(&lower) {
        start = start.max(m.end());
    }
    // "Cabinet Secretary for Information, Communications and the Digital Economy Jane Roe": a
    // title with a list in it reaches back over its commas to its title word.
    let floor = floor.min(clause_end);
    while start > floor && !has_title_word(&text[start..clause_end]) {
        // (Back over the marker that set `start`, which may be a multi-byte quote mark.)
        let mut before_marker = start.saturating_sub(2);
        while !lower.is_char_boundary(before_marker) {
            before_marker -= 1;
        }
        start = match COMMA_SPACE.rfind(&lower[..before_marker]) {
            Some(i) if i + 2 > floor => i + 2,
            _ => floor,
        };
    }
    let start = earlier_posts(text, &lower, start, floor);
    let role = text[start..clause_end].trim();
    let role = role.strip_prefix("and ").unwrap_or(role);
    let determined = role.starts_with("the ");
    let role = role.strip_prefix("the ").unwrap_or(role);
    if role.is_empty() || !has_title_word(role) || role.len() > 160 {
        return None;
    }
    // Only a title directly before the name counts: "Minister Jane Roe", not "the minister said
    // Jane"; a lower-case one only as an apposition ("the president of the agency, Jane Roe").
    let capitalised = words(role).first().is_some_and(|w| w.is_capitalised());
    let apposition = determined && clause_end < trimmed.len();
    if !capitalised && !apposition {
        return None;
    }
    let s = clause_end - (text[start..clause_end].trim_start().len());
    let offset = text[start..clause_end].trim_start().len() - role.len();
    Some((s + offset, clause_end.min(s + offset + role.len())))
}

/// "the Deputy Prime Minister, Minister of Digital Affairs Jane Roe": someone who holds two posts
/// is introduced with both, joined by commas, and a portfolio may itself be a list ("Vice Prime
/// Minister for Innovation, Education, Science and Technology – Minister of X"). From `start`,
/// reaches back over comma-joined segments that read as titles (capitalised words and their
/// connectors) to the earliest one that opens by naming an office; `start` if there is none.
fn earlier_posts(text: &str, lower: &str, start: usize, floor: usize) -> usize {
    let mut earliest = start;
    let mut at = start;
    while at >= floor + 2 && lower[..at].ends_with(", ") {
        let segment_end = at - 2;
        let segment_start = ROLE_START_MARKERS
            .find_overlapping_iter(&lower[..segment_end])
            .map(|m| m.end())
            .max()
            .unwrap_or(0)
            .max(floor);
        let segment = &text[segment_start..segment_end];
        if !reads_as_title(segment) {
            break;
        }
        // ("Deputy Minister", "Prime Minister": the office is named by the first word or two.)
        let names_an_office = words(segment)
            .iter()
            .skip_while(|w| w.text.eq_ignore_ascii_case("the"))
            .take(2)
            .any(|w| is_role_word(w.text));
        if names_an_office {
            earliest = segment_start;
        }
        at = segment_start;
    }
    earliest
}

/// A phrase of capitalised words and the small words between them, as a title or a portfolio is
/// written: "Vice Prime Minister for Innovation", "Science and Technology".
fn reads_as_title(segment: &str) -> bool {
    const CONNECTORS: &[&str] = &["of", "for", "and", "the", "in", "on", "&", "–", "-", "—"];
    let ws = words(segment);
    !ws.is_empty()
        && ws.len() <= 10
        && ws.iter().all(|w| {
            w.is_capitalised() && !w.text.chars().any(|c| c.is_ascii_digit())
                || CONNECTORS.contains(&w.text)
        })
}

fn clean_role(role: &str) -> String {
    let mut r = role.trim().trim_matches([',', ';', ' ']).to_string();
    // Stray parentheses from the apposition go; a balanced "(Smart Nation)" stays.
    while r.starts_with('(') && r.matches('(').count() > r.matches(')').count() {
        r = r[1..].trim_start().to_string();
    }
    while r.ends_with(')') && r.matches(')').count() > r.matches('(').count() {
        r = r[..r.len() - 1].trim_end().to_string();
    }
    // Articles, possessives and forms of address lead into a role without being part of it:
    // "our Government CIO", "HE Minister of X", "the Honourable Minister".
    const LEAD_INS: &[&str] = &[
        "the ",
        "a ",
        "an ",
        "its ",
        "their ",
        "our ",
        "as ",
        "his excellency ",
        "her excellency ",
        "h.e. ",
        "h.e ",
        "he ",
        "hon. ",
        "hon ",
        "honourable ",
        "honorable ",
    ];
    while let Some(rest) = LEAD_INS.iter().find_map(|p| {
        r.get(..p.len())
            .filter(|head| head.eq_ignore_ascii_case(p))
            .map(|_| r[p.len()..].trim_start().to_string())
    }) {
        if rest.is_empty() {
            break;
        }
        r = rest;
    }
    // "the agency's director-general", "director general of the authority": the body the
    // words point back to is shown beside the role.
    static GENERIC_BODY: LazyLock<Pattern> = LazyLock::new(|| {
        // (Lower case only: "of the Agency" may be a name the release defined.)
        Pattern::new(r"^(?:agency|authority|ministry|department|office|organisation|organization|body|institute|centre|center|company)(?:'s|’s)\s+|\s+(?:of|at)\s+the\s+(?:agency|authority|ministry|department|office|organisation|organization|body|institute|centre|center|company)$")
            .expect("generic body pattern")
    });
    r = GENERIC_BODY.replace_all(&r, "").into_owned();
    // "President of the Board, the Honourable ...": an apposition cut before the name.
    for tail in [", the", " the", ", a", " a", ","] {
        if let Some(head) = r.strip_suffix(tail) {
            r = head.trim_end().to_string();
        }
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn people(s: &str) -> Vec<(String, Option<String>)> {
        find_people(s, &words(s), &|_, _| false)
            .into_iter()
            .map(|p| (p.name, p.role))
            .collect()
    }

    #[test]
    fn titles_before_names_in_a_list_stay_with_their_names() {
        let got = people("It was signed by the Belgian Minister for Digitalisation, Jane Roe, the Dutch State Secretary for Kingdom Relations, John Doe, and the Luxembourg Minister for Media, Ann Poe.");
        assert_eq!(
            got,
            vec![
                (
                    "Jane Roe".into(),
                    Some("Belgian Minister for Digitalisation".into())
                ),
                (
                    "John Doe".into(),
                    Some("Dutch State Secretary for Kingdom Relations".into())
                ),
                (
                    "Ann Poe".into(),
                    Some("Luxembourg Minister for Media".into())
                ),
            ]
        );
    }

    #[test]
    fn a_heading_names_the_speaker() {
        let got = |h: &str| speaker_in_heading(h).map(|p| (p.name, p.role));
        assert_eq!(
            got("REMARKS BY HON. JANE ROE-DOE (MP), MINISTER FOR DIGITAL AFFAIRS, AT THE SIGNING"),
            Some((
                "Jane Roe-Doe".into(),
                Some("Minister for Digital Affairs".into())
            ))
        );
        assert_eq!(
            got("Press Conference by Minister for Digital Transformation Roe (Excerpt)"),
            Some((
                "Roe".into(),
                Some("Minister for Digital Transformation".into())
            ))
        );
        assert_eq!(
            got("Jane Roe on LinkedIn: Delighted to have signed an MoU with ..."),
            Some(("Jane Roe".into(), None))
        );
        assert_eq!(got("Estonia and Japan sign a memorandum"), None);
    }

    #[test]
    fn appositions_after_a_name_give_the_role() {
        let got = people("The MoU was signed by Jane Roe, Chief Executive of the Agency, and Mr. John Q. Smith, director general of the Office.");
        assert_eq!(
            got,
            vec![
                (
                    "Jane Roe".into(),
                    Some("Chief Executive of the Agency".into())
                ),
                (
                    "John Q. Smith".into(),
                    Some("director general of the Office".into())
                ),
            ]
        );
    }

    #[test]
    fn titles_before_a_name_give_the_role() {
        let got = people("Yesterday, Deputy Minister for Digital Affairs, Aiko Tanaka met with Estonia's Minister of Entrepreneurship, Mr Kalev-Martin Tamm.");
        assert_eq!(
            got[0],
            (
                "Aiko Tanaka".into(),
                Some("Deputy Minister for Digital Affairs".into())
            )
        );
        assert_eq!(
            got[1],
            (
                "Kalev-Martin Tamm".into(),
                Some("Estonia's Minister of Entrepreneurship".into())
            )
        );
    }

    #[test]
    fn a_name_written_with_its_patronymic_initial_is_one_person() {
        let got = people(
            "It was signed by Minister Ts.Baatarkhuu and Director B.Bat-Erdene in St.Petersburg.",
        );
        let names: Vec<&str> = got.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["Ts.Baatarkhuu", "B.Bat-Erdene"]);
    }

    #[test]
    fn a_person_introduced_with_two_posts_keeps_both() {
        let got = people("It was signed by the Deputy Prime Minister, Minister of Digital Affairs Jan Nowak and by the Vice Prime Minister for Innovation, Education, Science and Technology – Minister of Digital Transformation Olena Bondar.");
        assert_eq!(
            got[0].1.as_deref(),
            Some("Deputy Prime Minister, Minister of Digital Affairs")
        );
        assert_eq!(
            got[1].1.as_deref(),
            Some("Vice Prime Minister for Innovation, Education, Science and Technology – Minister of Digital Transformation")
        );
        // A place or a time before the title is no second post.
        let got = people("In Warsaw, Minister of Digital Affairs Jan Nowak spoke; on Friday, Minister Olena Bondar replied.");
        assert_eq!(got[0].1.as_deref(), Some("Minister of Digital Affairs"));
        assert_eq!(got[1].1.as_deref(), Some("Minister"));
    }

    #[test]
    fn role_words_and_honorifics_are_not_part_of_names() {
        let got =
            people("Minister Lee Jong-ho and H.E. Sheikh Mohammed bin Rashid Al Zaabi signed it.");
        assert_eq!(got[0].0, "Lee Jong-ho");
        assert_eq!(got[1].0, "Mohammed bin Rashid Al Zaabi");
        // "Tan Sri" is a form of address; "Tan" alone is a surname.
        let got = people("Tan Sri Jane Roe and Ms Tan Mei Ling signed it.");
        assert_eq!(got[0].0, "Jane Roe");
        assert_eq!(got[1].0, "Tan Mei Ling");
    }

    #[test]
    fn a_role_with_and_inside_is_not_split_into_two_people() {
        let got = people("were Mr. Ola Nordmann, Chief Executive Officer and Director General of the Service and Mr. Per Hansen, Head of the Office.");
        assert_eq!(
            got[0],
            (
                "Ola Nordmann".into(),
                Some("Chief Executive Officer and Director General of the Service".into())
            )
        );
        assert_eq!(
            got[1],
            ("Per Hansen".into(), Some("Head of the Office".into()))
        );
    }

    #[test]
    fn a_title_before_the_next_name_is_not_an_apposition_of_this_one() {
        let got = people("It was signed by Agency Chief Executive Officer Jane Roe, Office Executive Director John Doe and Bureau Director General Ann Lee.");
        assert_eq!(
            got,
            vec![
                (
                    "Jane Roe".into(),
                    Some("Agency Chief Executive Officer".into())
                ),
                ("John Doe".into(), Some("Office Executive Director".into())),
                ("Ann Lee".into(), Some("Bureau Director General".into())),
            ]
        );
    }

    #[test]
    fn a_city_or_a_company_is_no_person() {
        assert!(people("It was signed at Electronics Niketan, New Delhi.").is_empty());
        assert!(people("The bank and Agencia Financiera de Desarrollo signed.").is_empty());
        assert!(people("Two members of the Caribbean Community signed.").is_empty());
        assert!(people("Vardar Soft DOOEL and a partner signed a memorandum.").is_empty());
    }

    #[test]
    fn the_tail_of_a_capitalised_name_is_no_person() {
        assert!(
            people("They signed a letter of intent on the European Digital Identity Wallet.")
                .is_empty()
        );
        assert_eq!(
            people("It was signed by the Minister of ICT and Innovation Paula Roe."),
            vec![(
                "Paula Roe".into(),
                Some("Minister of ICT and Innovation".into())
            )]
        );
    }

    #[test]
    fn forms_of_address_and_possessives_are_not_part_of_a_role() {
        assert_eq!(clean_role("HE Minister of Finance"), "Minister of Finance");
        assert_eq!(clean_role("our Government CIO"), "Government CIO");
        assert_eq!(
            clean_role("President of the Treasury Board, the"),
            "President of the Treasury Board"
        );
    }

    #[test]
    fn a_role_after_a_quote_starts_after_it_and_never_splits_a_quote_mark() {
        // A curly quote is three bytes: stepping back over it once panicked.
        assert_eq!(
            people("“This MoU gives our teams a way to learn from each other,” said Minister of Digital Affairs Jane Roe."),
            vec![(
                "Jane Roe".into(),
                Some("Minister of Digital Affairs".into())
            )]
        );
        let quoted = people("“We signed it today,” said Jane Roe, who signed for the Agency.");
        assert_eq!(quoted.first().map(|p| p.0.as_str()), Some("Jane Roe"));
    }
}
