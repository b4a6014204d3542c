//! The language of signing: agreement kinds, signing verbs, plans that are not signings,
//! earlier agreements, witnesses, announcers, places, durations and topics.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind};

use super::pattern::{word_characters_are_ascii, Pattern, PatternSet};
use chrono::NaiveDate;

use super::dates::DateMention;

use super::reference::reference;
use super::text::words;

// ---------------------------------------------------------------------------------------------
// Agreement kinds and signing language

pub(super) struct KindMatcher {
    pub(super) patterns: Vec<(Pattern, usize)>,
    /// The same patterns in one set: a sentence is searched once to learn which of them occur.
    present: PatternSet,
    /// The ASCII phrases, found ignoring ASCII case, each with its pattern's index: in an ASCII
    /// sentence an ASCII phrase matches only where it occurs so, and finding literals is much
    /// faster than the set's overlapping regex search.
    literals: AhoCorasick,
    literal_pattern: Vec<usize>,
    /// Each literal's phrase when its pattern keeps case ("MoU"), else `None`.
    literal_exact: Vec<Option<&'static str>>,
    /// Patterns of phrases that are not plain ASCII: always tried.
    unusual: Vec<usize>,
}

pub(super) static KINDS: LazyLock<KindMatcher> = LazyLock::new(|| {
    let r = reference();
    let mut patterns = Vec::new();
    let mut sources = Vec::new();
    let mut literals = Vec::new();
    let mut literal_pattern = Vec::new();
    let mut literal_exact = Vec::new();
    let mut unusual = Vec::new();
    for (i, k) in r.kinds.iter().enumerate() {
        for p in &k.phrases {
            let escaped = regex::escape(p);
            let case_sensitive = p.chars().filter(|c| c.is_uppercase()).count() >= 2;
            let re = if case_sensitive {
                format!(r"\b{escaped}\b")
            } else {
                format!(r"(?i)\b{escaped}\b")
            };
            if let Ok(pattern) = Pattern::new(&re) {
                if p.is_ascii() && !p.is_empty() {
                    literals.push(p.as_str());
                    literal_pattern.push(patterns.len());
                    literal_exact.push(case_sensitive.then_some(p.as_str()));
                } else {
                    unusual.push(patterns.len());
                }
                patterns.push((pattern, i));
                sources.push(re);
            }
        }
    }
    let present =
        PatternSet::new(sources.iter().map(String::as_str)).expect("kind patterns build a set");
    let literals = AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(&literals)
        .expect("kind phrases build an automaton");
    KindMatcher {
        patterns,
        present,
        literals,
        literal_pattern,
        literal_exact,
        unusual,
    }
});

/// Kinds of agreement named in a sentence, with their spans; the most specific kind first.
pub(super) fn kinds_in(s: &str) -> Vec<(usize, usize, usize)> {
    let mut out: Vec<(usize, usize, usize)> = Vec::new();
    let mut push = |start: usize, end: usize, kind: usize| {
        if !out.iter().any(|&(a, b, _)| start < b && a < end) {
            out.push((start, end, kind));
        }
    };
    if s.is_ascii() {
        // In an ASCII sentence a literal phrase's pattern matches exactly where the phrase occurs
        // (with its case, for patterns that keep it) between ASCII word boundaries, so its
        // matches come from the automaton's occurrences without running the pattern.
        let bytes = s.as_bytes();
        let mut hits: Vec<(usize, usize, usize)> = Vec::new();
        for m in KINDS.literals.find_overlapping_iter(s) {
            let literal = m.pattern().as_usize();
            let (start, end) = (m.start(), m.end());
            if KINDS.literal_exact[literal].is_none_or(|p| &s[start..end] == p)
                && ascii_boundary(bytes, start)
                && ascii_boundary(bytes, end)
            {
                hits.push((KINDS.literal_pattern[literal], start, end));
            }
        }
        hits.sort_unstable();
        let mut candidates: Vec<usize> = hits.iter().map(|&(index, _, _)| index).collect();
        candidates.extend(&KINDS.unusual);
        candidates.sort_unstable();
        candidates.dedup();
        // Patterns in their order of precedence, each matching left to right without overlap,
        // as `find_iter` does.
        for index in candidates {
            let from = hits.partition_point(|&(i, _, _)| i < index);
            let to = hits.partition_point(|&(i, _, _)| i <= index);
            let kind = KINDS.patterns[index].1;
            if from == to {
                for m in KINDS.patterns[index].0.find_iter(s) {
                    push(m.start(), m.end(), kind);
                }
                continue;
            }
            let mut searched_to = 0;
            for &(_, start, end) in &hits[from..to] {
                if start >= searched_to {
                    searched_to = end;
                    push(start, end, kind);
                }
            }
        }
    } else {
        // Patterns in their order of precedence, but only those the sentence may match.
        for index in KINDS.present.matches(s) {
            let (re, kind) = &KINDS.patterns[index];
            for m in re.find_iter(s) {
                push(m.start(), m.end(), *kind);
            }
        }
    }
    // "Memorandum Circular No. 2025-004", "a memorandum order": a government's instruction to
    // its own agencies, not an agreement.
    out.retain(|&(start, end, _)| {
        !s[start..end].eq_ignore_ascii_case("memorandum") || !is_instruction(&s[end..])
    });
    out.sort_by_key(|&(start, _, kind)| (kind, start));
    out
}

fn is_instruction(after: &str) -> bool {
    let next = after
        .trim_start()
        .split(|c: char| !c.is_alphabetic())
        .next();
    next.is_some_and(|w| {
        ["circular", "circulars", "order", "orders"]
            .iter()
            .any(|i| w.eq_ignore_ascii_case(i))
    })
}

pub(super) fn generic_kind() -> usize {
    reference().kinds.len().saturating_sub(1)
}

pub(super) static SIGN_VERB: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"(?i)\b(?:sign(?:s|ed|ing)?|(?:appended|affixed|put)\s+(?:\w+\s+)?signatures?|inked|inks?|concluded|subscribed|exchanged|formali[sz]ed|sealed|renewed|penned|put\s+pen\s+to\s+paper|entered\s+into|struck|proceeded\s+to\s+(?:the\s+)?signature)\b")
        .expect("sign verb pattern")
});

/// Signing that has not happened: plans, expectations, negotiations.
pub(super) static NOT_YET: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"(?i)\b(?:will|would|shall|could|may|might|expected\s+to|expects\s+to|plans?\s+to|planned\s+to|planning\s+to|intends?\s+to|intended\s+to|aims?\s+to|hopes?\s+to|hoping\s+to|set\s+to|poised\s+to|due\s+to|looks?\s+forward\s+to|ready\s+to|agreed\s+to|are\s+to|is\s+to|in\s+order\s+to|ahead\s+of|prior\s+to|towards|negotiat\w*|preparing\s+to|prepared\s+to|discuss(?:ed|ing)?|explor\w+|consider\w*)\s+(?:\w+\s+){0,3}?(?:sign|signing|be\s+signed|ink|conclude|formali[sz]e|an?\s+(?:mou|agreement))\b|\bsigning\s+(?:\w+\s+){0,6}?(?:is|are)\s+(?:now\s+)?(?:planned|scheduled|expected|envisaged|foreseen|slated)\b|\bto\s+be\s+signed\s+(?:within|by|later|next|soon|during|in\s+the\s+coming|at\s+a\s+later)\b")
        .expect("not-yet pattern")
});

/// A sentence about an earlier or other agreement, not this article's signing.
pub(super) static EARLIER: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"(?i)\b(?:since\s+the\s+signing|follows\s+the\s+signing|following\s+the\s+signing|after\s+the\s+signing\s+of\s+the|builds?\s+on|building\s+on|complements?|complementing|supplements?|came\s+into\s+force|entered\s+into\s+force|comes\s+into\s+force|in\s+force\s+since|under\s+the\s+(?:[\w-]+\s+){0,3}(?:mou|agreement|memorandum)|(?:previous|existing|prior|original|initial|former|last)\s+(?:[\w-]+\s+){0,2}(?:mou|memorandum|agreement|arrangement|declaration|letter)|earlier\s+(?:[\w-]+\s+)?(?:mou|memorandum|agreement|arrangement|declaration|letter)|first\s+(?:[\w-]+\s+){0,2}(?:mou|memorandum|agreement)\b[^.]*?\b(?:19|20)\d\d)\b")
        .expect("earlier pattern")
});

/// An earlier agreement named as such: its terms are not this one's.
pub(super) static EARLIER_QUALIFIED: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"(?i)\b(?:(?:previous|earlier|existing|prior|original|initial|former|first)\s+(?:[\w-]+\s+){0,2}(?:mou|memorandum|agreement|arrangement)|came\s+into\s+force|entered\s+into\s+force)\b")
        .expect("earlier-qualified pattern")
});

/// Words that mark this article's agreement as new (so it may renew an earlier one).
pub(super) static NEW_MARKER: LazyLock<Pattern> = LazyLock::new(|| {
    // "renewed on Thursday the memorandum first signed in 2019": the renewal is this signing.
    Pattern::new(r"(?i)\b(?:(?:new|renewed|renewal|updated|second|successor|refreshed|another)\s+(?:\w+\s+){0,2}?|renewed\s+(?:on\s+\w+\s+|today\s+|yesterday\s+)(?:the|their|its)\s+)(?:mou|memorandum|agreement|letter|declaration|arrangement|partnership)").expect("new marker")
});

/// Signatory constructions: "signed by", "Representing ... to sign", "signatories", "on behalf of".
pub(super) static SIGNATORY_CUE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"(?i)\b(?:sign(?:ed|s)?|inked|exchanged)\s+(?:\w+\s+){0,4}?by\b|\bsigned\s+(?:it|this|the\s+\w+)\s+with\s+(?:my|our|his|her|their)\s+(?:\w+\s+)?counterparts?\b|\b(?:was|were)\s+signed\s+(?:on|in|at)\b[^.;]{0,120}?,\s+by\b|\bsigning\s+(?:\w+\s+){0,2}?(?:was|were)\s+(?:carried\s+out|done|performed|conducted|undertaken)\s+by\b|\brepresent(?:ing|ed)\b[^.]*\bto\s+sign\b|\bsignator(?:y|ies)\b|\bon\s+behalf\s+of\b|\bsigned\s+on\s+behalf\b|\bput\s+pen\s+to\s+paper\b|\bwho\s+signed\b|\bsign(?:ed|s|ing)?\s+(?:the|an?|this)\s+(?:[\w-]+\s+){0,5}?(?:mou|memorandum|agreement|letter|declaration|arrangement|deal|document|documents|pact|accord|protocol)\b|\bsigned\s+for\b|\bexchanged\s+(?:the\s+)?(?:signed\s+)?(?:\w+\s+){0,3}?(?:mou|memorandum|agreement|documents)\b")
        .expect("signatory cue")
});

/// Sentences that name who signed even without a signing verb or agreement noun.
pub(super) static STRONG_CUE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"(?i)\bsignatories\s*(?:were|are|included|:)|\b(?:was|were)\s+signed\s+(?:\w+\s+){0,3}?by\b|\bsigning\s+(?:\w+\s+){0,2}?(?:was|were)\s+(?:carried\s+out|done|performed|conducted|undertaken)\s+by\b|\bsigned\s+on\s+behalf\s+of\b|\brepresent(?:ing|ed)\b[^.]*\bto\s+sign\b|\bsigned\s+for\s+(?:the\s+)?[A-Z]|\bsigning\s+(?:the|this)\s+\w+\s+(?:were|was)\b|\brepresented\s+(?:their|the\s+two|both)\s+(?:agencies|sides|governments|countries|organi[sz]ations|ministries|parties)\b|^(?:signed\s+)?(?:for|on\s+behalf\s+of)\s+(?:and\s+on\s+behalf\s+of\s+)?(?:the\s+)?[^:]{0,80}\b(?-i:Government|Ministry|Agency|Authority|Department|Office|Republic|Kingdom|Commission|Secretariat|Directorate|Administration)\b[^:]{0,60}:\s+\S")
        .expect("strong cue pattern")
});

/// People after these words attend, they do not sign.
pub(super) static WITNESS: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"(?i)\b(?:witnessed\s+by|in\s+the\s+presence\s+of|attended\s+by|presided\s+(?:over\s+)?by|with\s+the\s+participation\s+of|alongside|as\s+witnessed|as\s+well\s+as\s+guests|in\s+attendance|who\s+witnessed|(?:as|while)\s+[^;]{3,80}?\s+look(?:s|ed)?\s+on)\b")
        .expect("witness pattern")
});

/// Verbs whose subject announces or hosts a signing rather than signing.
pub(super) static ANNOUNCER: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"^\s*\)?\s*(?:\(\w+\)\s*)?(?:(?:today|yesterday|recently|also|has|have|had|this\s+week|on\s+\w+)\s+)*(?:announced|announces|said|says|reported|reports|brokered|brokers|facilitated|facilitates|hosted|hosts|welcomed|welcomes|organised|organized|confirmed|noted|stated|revealed|added)\b")
        .expect("announcer pattern")
});

/// "... announced today by the Ministry", "according to the Office": the source, not a party.
pub(super) static ANNOUNCED_BY: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"(?i)(?:(?:announced|reported|stated|confirmed|hosted|organised|organized|facilitated|brokered|published|released)\s+(?:\w+\s+){0,2}by|according\s+to)\s+(?:the\s+)?$")
        .expect("announced-by pattern")
});

/// Sentences that give the circumstances of the signing.
pub(super) static DETAIL: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"(?i)\b(?:the\s+)?(?:signing|ceremony|signing\s+ceremony)\b[^.]{0,80}?\b(?:was\s+held|held|took\s+place|hosted)\b|^(?:the|this)\s+(?:letter|document|documents|pact|deal|memorandum|accord|arrangement)\s+(?:was|were)\s+signed\s+(?:in|at|on)\b")
        .expect("detail pattern")
});

/// "Several documents were signed following talks in Tashkent on Thursday", "Egypt and Jordan
/// today signed two agreements ... at the Cabinet headquarters": when and where a batch of
/// agreements, each named elsewhere, was signed.
pub(super) static BATCH_SIGNED: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"(?i)^(?:several|two|three|four|five|six|seven|eight|nine|ten|\d{1,2}|a\s+number\s+of|a\s+series\s+of|a\s+package\s+of)\s+(?:\w+\s+)?(?:documents|agreements|memoranda|mous|accords|instruments)\s+(?:were|have\s+been|had\s+been)\s+(?:signed|exchanged|concluded)\b|\b(?:signs|signed|inks|inked|concluded|exchanged)\s+(?:today\s+|yesterday\s+|on\s+\w+\s+)?(?:several|two|three|four|five|six|seven|eight|nine|ten|a\s+number\s+of|a\s+series\s+of|a\s+package\s+of)\s+(?:[\w-]+\s+){0,3}?(?:documents|agreements|memoranda|mous|accords|instruments)\b")
        .expect("batch signed pattern")
});

pub(super) static MEETING: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"(?i)\b(?:met|meets|meeting|held\s+talks|bilateral)\b").expect("meeting pattern")
});

pub(super) fn is_sign_noun_use(s: &str, m: &regex::Match<'_>) -> bool {
    // "a sign of" is not signing.
    let before = s[..m.start()].trim_end().to_lowercase();
    let after = s[m.end()..].trim_start().to_lowercase();
    m.as_str().eq_ignore_ascii_case("sign")
        && (before.ends_with(" a") || before.ends_with(" the"))
        && after.starts_with("of ")
}

pub(super) fn has_sign_verb(s: &str) -> bool {
    SIGN_VERB.find_iter(s).any(|m| !is_sign_noun_use(s, &m))
}

// ---------------------------------------------------------------------------------------------
// Places and durations

pub(super) static PLACE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"\b(?:at|in)\s+((?:the\s+)?(?:\d+[A-Za-z]?\s+)?[A-Z][\w'’.-]*(?:\s+(?:of\s+(?:the\s+)?|de\s+|del\s+|on\s+)?[A-Z][\w'’.-]*)*(?:,\s*[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*)?)")
        .expect("place pattern")
});

pub(super) const VENUE_WORDS: &[&str] = &[
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
    // Palaces and seats of government known by their own names.
    "istana",
    "élysée",
    "elysee",
    "kremlin",
    "chancellery",
    "auditorium",
    "museum",
    "library",
    "villa",
];

pub(super) static DURATION: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"(?i)\b(?:(?:for|of|lasting|spanning|valid\s+for|effective\s+for|in\s+(?:effect|force)\s+for|term\s+of|period\s+of|duration\s+of)\s+(?:a\s+(?:period|term)\s+of\s+|an?\s+initial\s+(?:(?:period|term)\s+of\s+)?|another\s+|a\s+further\s+|an\s+additional\s+)?(?P<n>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|twelve|eighteen|twenty-four|thirty-six)\s*(?:\(\d+\)\s*)?(?P<unit>years?|months?)\b|(?P<n2>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)[-\s](?P<unit2>year|month)\s+(?:\w+\s+){0,3}?(?:mou|memorandum|agreement|partnership|deal|term|period|cooperation|arrangement|programme|plan|letter|declaration)\b)")
        .expect("duration pattern")
});

pub(super) fn number_word(n: &str) -> Option<u32> {
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

/// "valid until 31 December 2027", "runs until 2028", "expires at the end of 2026": an end the
/// text gives an agreement, in place of a duration. `date` holds the words after the marker.
static END_DATE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"(?i)\b(?:(?:valid|in\s+(?:effect|force)|runs?|running|lasts?|lasting|remains?\s+(?:valid|in\s+(?:effect|force))|continues?|extends?|extended|extending)\b[^.;]{0,40}?\b(?:until|till|through)|expires?\s+(?:in|on)|expiring\s+(?:in|on))\s+(?:the\s+end\s+of\s+)?(?P<date>(?:[^.;]|\.\d){4,30})")
        .expect("end date pattern")
});

/// The date an agreement runs until, when a sentence about it says so: the date must open the
/// words after "until" ("until 2028", not "until its partners in 2028 ...").
pub(super) fn end_date_in(s: &str) -> Option<super::dates::PartialDate> {
    let c = END_DATE.captures(s)?;
    let after = &c["date"];
    // A bare year ("until 2028"), which the date finder leaves alone as it may be a number.
    let year = after.get(..4).filter(|y| {
        (y.starts_with("19") || y.starts_with("20")) && y.bytes().all(|b| b.is_ascii_digit())
    });
    if let Some(year) = year.filter(|_| !after[4..].starts_with(|c: char| c.is_alphanumeric())) {
        return year.parse().ok().map(super::dates::PartialDate::year);
    }
    super::dates::find_dates(after, None)
        .into_iter()
        .next()
        .filter(|d| after[..d.start].trim().is_empty() && !d.relative)
        .and_then(|d| d.date)
}

/// "three years" as the text gives it, and its length in months.
pub(super) fn duration_in(s: &str) -> Option<(String, u32)> {
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

/// Topic names, and one pattern per topic (any of its phrases) in a set searched in one pass.
pub(super) struct TopicMatcher {
    names: Vec<String>,
    set: PatternSet,
    /// The same phrases as literals, for texts whose word characters are all ASCII: there the
    /// set's `\b` is ASCII's, and an ASCII phrase matches ignoring case only where it occurs
    /// ignoring ASCII case, so finding literals and checking their ends gives the set's answer
    /// at a fraction of the cost of its overlapping regex search. `None` if a phrase is not ASCII.
    literals: Option<TopicLiterals>,
}

struct TopicLiterals {
    /// Acronyms, which keep their case.
    exact: AhoCorasick,
    exact_topic: Vec<usize>,
    /// Words, found ignoring ASCII case.
    folded: AhoCorasick,
    folded_topic: Vec<usize>,
}

pub(super) static TOPICS: LazyLock<TopicMatcher> = LazyLock::new(|| {
    let mut names = Vec::new();
    let mut sources = Vec::new();
    let (mut exact, mut exact_topic, mut folded, mut folded_topic) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for t in &reference().topics {
        let mut alts = Vec::new();
        let (mut t_exact, mut t_folded) = (Vec::new(), Vec::new());
        for p in &t.phrases {
            let e = regex::escape(p);
            // Acronyms (AI, IoT, eID) keep their case; words do not.
            if p.chars().filter(|c| c.is_uppercase()).count() >= 1 && p.len() <= 4 {
                alts.push(format!(r"\b{e}\b"));
                t_exact.push(p.as_str());
            } else {
                alts.push(format!(r"(?i:\b{e}\b)"));
                t_folded.push(p.as_str());
            }
        }
        let source = alts.join("|");
        if Pattern::new(&source).is_err() {
            continue;
        }
        let topic = names.len();
        names.push(t.name.clone());
        sources.push(source);
        exact_topic.extend(t_exact.iter().map(|_| topic));
        exact.extend(t_exact);
        folded_topic.extend(t_folded.iter().map(|_| topic));
        folded.extend(t_folded);
    }
    let set =
        PatternSet::new(sources.iter().map(String::as_str)).expect("topic patterns build a set");
    let plain = |ps: &[&str]| ps.iter().all(|p| p.is_ascii() && !p.is_empty());
    // DFAs, though the automatic choice for this many phrases is an NFA: an overlapping search
    // of the whole body has no prefilter, and the DFA takes one lookup per byte.
    let literals = (plain(&exact) && plain(&folded)).then(|| TopicLiterals {
        exact: AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::DFA))
            .build(&exact)
            .expect("topic acronyms build an automaton"),
        exact_topic,
        folded: AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::DFA))
            .ascii_case_insensitive(true)
            .build(&folded)
            .expect("topic phrases build an automaton"),
        folded_topic,
    });
    TopicMatcher {
        names,
        set,
        literals,
    }
});

pub(super) fn topics_in(text: &str) -> Vec<String> {
    let topics = &*TOPICS;
    let found: Vec<usize> = match &topics.literals {
        Some(lit) => {
            let mut found = vec![false; topics.names.len()];
            if word_characters_are_ascii(text) {
                lit.mark(text, &mut found);
            } else {
                // No phrase spans a line break, so only the lines with non-ASCII word
                // characters need the set's slow Unicode search; the rest are ASCII texts.
                for line in text.split('\n') {
                    if word_characters_are_ascii(line) {
                        lit.mark(line, &mut found);
                    } else {
                        for i in topics.set.matches(line) {
                            found[i] = true;
                        }
                    }
                }
            }
            (0..found.len()).filter(|&i| found[i]).collect()
        }
        None => topics.set.matches_within_lines(text),
    };
    found.into_iter().map(|i| topics.names[i].clone()).collect()
}

impl TopicLiterals {
    /// Marks in `found` the topics whose phrases `text` has; `text`'s word characters must
    /// all be ASCII.
    fn mark(&self, text: &str, found: &mut [bool]) {
        let bytes = text.as_bytes();
        for (automaton, owner) in [
            (&self.exact, &self.exact_topic),
            (&self.folded, &self.folded_topic),
        ] {
            for m in automaton.find_overlapping_iter(text) {
                if ascii_boundary(bytes, m.start()) && ascii_boundary(bytes, m.end()) {
                    found[owner[m.pattern().as_usize()]] = true;
                }
            }
        }
    }
}

/// Whether an ASCII `\b` holds at byte `at` of `text`: a word byte on one side only.
fn ascii_boundary(text: &[u8], at: usize) -> bool {
    let is_word = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_';
    let before = at
        .checked_sub(1)
        .and_then(|i| text.get(i))
        .is_some_and(is_word);
    let after = text.get(at).is_some_and(is_word);
    before != after
}

// ---------------------------------------------------------------------------------------------
// Named agreements mentioned in passing

pub(super) static NAMED_AGREEMENT: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"\b((?:[A-Z][\w.’'&]*(?:[-–][A-Z][\w.’'&]*)*\s+(?:(?:and|of|on|for)\s+)?){1,7}(?:Partnership\s+Agreement|Agreement|Accord|Treaty|Charter|Declaration|Memorandum\s+of\s+Understanding)|(?:Treaty|Convention|Accord|Agreement)\s+(?:of|on)\s+[A-Z][\w’']*(?:(?:,\s*|\s+and\s+|\s+)[A-Z][\w’']*){0,6})\b(?:\s*\(([A-Z][A-Za-z]{1,10})\))?")
        .expect("named agreement pattern")
});

/// The kind words of `NAMED_AGREEMENT`, one of which every match has in it, as written (the
/// pattern keeps case). A kind added to the pattern is added here too.
static NAMED_AGREEMENT_WORDS: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::new([
        "Agreement",
        "Accord",
        "Treaty",
        "Charter",
        "Declaration",
        "Memorandum",
        "Convention",
    ])
    .expect("named agreement words")
});

pub(super) fn is_agreement_name(phrase: &str) -> bool {
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

/// "RIA signed an MoU with DVV in 2019" in a release of 2024: background, not news.
/// Given the sentence's dates, as `find_dates` resolves them for `published`.
pub(super) fn is_past_signing_by(dates: &[DateMention], published: Option<NaiveDate>) -> bool {
    let Some(published) = published else {
        return false;
    };
    let years: Vec<i32> = dates
        .iter()
        // Relative dates near the new year ("last month") may fall in the year before; only
        // "N years ago" counts back whole years.
        .filter(|d| {
            !d.relative
                || d.date
                    .is_some_and(|x| x.precision() == super::dates::Precision::Year)
        })
        .filter_map(|d| d.date.map(|d| d.year))
        .collect();
    !years.is_empty()
        && years
            .iter()
            .all(|&y| y < chrono::Datelike::year(&published))
}

/// "Last Friday, on the 10th, we signed an amendment to the MoU concluded in 2022": a day counted
/// back from the release, at most a month before it, dates this signing whatever earlier year is
/// named beside it.
pub(super) fn names_a_recent_day(dates: &[DateMention], published: Option<NaiveDate>) -> bool {
    let Some(published) = published else {
        return false;
    };
    dates.iter().any(|d| {
        d.relative
            && d.date
                .and_then(|x| x.to_naive())
                .is_some_and(|day| day <= published && (published - day).num_days() <= 31)
    })
}

/// A match of `NAMED_AGREEMENT`: the whole match (with any acronym) and the name (group 1).
#[derive(Debug, Clone, Copy)]
pub(super) struct NamedMatch {
    pub(super) whole: (usize, usize),
    pub(super) name: (usize, usize),
}

/// The `NAMED_AGREEMENT` matches of a sentence, found once for the steps that ask about them.
pub(super) fn named_agreements(s: &str) -> Vec<NamedMatch> {
    // Most sentences have none of the kind words: finding them is far cheaper than the
    // pattern's capturing search.
    if !NAMED_AGREEMENT_WORDS.is_match(s) {
        return Vec::new();
    }
    NAMED_AGREEMENT
        .captures_iter(s)
        .map(|c| {
            let whole = c.get(0).expect("group 0");
            let name = c.get(1).expect("group 1");
            NamedMatch {
                whole: (whole.start(), whole.end()),
                name: (name.start(), name.end()),
            }
        })
        .collect()
}

/// Whether `start..end` of `s` lies inside a proper named agreement; `named` are
/// `named_agreements(s)`.
pub(super) fn inside_named_agreement(
    s: &str,
    named: &[NamedMatch],
    start: usize,
    end: usize,
) -> bool {
    named.iter().any(|n| {
        let (mut ns, ne) = n.name;
        // "The Framework Agreement was signed on ...": a capital article names nothing.
        for article in ["The ", "This "] {
            if s[ns..ne].starts_with(article) {
                ns += article.len();
            }
        }
        let named = &s[ns..ne];
        // A named agreement has a proper name before its kind: "UK-Singapore Digital Economy Agreement".
        let proper = words(named).len() >= 3 || named.contains('-');
        // A kind phrase alone ("Agreement on Cooperation") names no agreement.
        let more_than_kind = ns < start || end < ne;
        proper && more_than_kind && ns <= start && end <= ne && !named.starts_with("Memorandum")
    })
}

#[cfg(test)]
mod tests {
    use super::{end_date_in, BATCH_SIGNED, NOT_YET};

    fn end(s: &str) -> Option<String> {
        end_date_in(s).map(|d| d.to_string())
    }

    #[test]
    fn a_stated_end_is_read_only_where_the_date_follows_its_marker() {
        assert_eq!(end("The agreement runs until 2028."), Some("2028".into()));
        assert_eq!(
            end("The agreement runs until 31.12.2026."),
            Some("2026-12-31".into())
        );
        assert_eq!(
            end("It is valid until 31 December 2027."),
            Some("2027-12-31".into())
        );
        assert_eq!(
            end("It remains in force until the end of 2026."),
            Some("2026".into())
        );
        assert_eq!(
            end("The MoU expires in March 2029."),
            Some("2029-03".into())
        );
        assert_eq!(end("It runs until its partners agree in 2030."), None);
        assert_eq!(end("It runs until 20 people join."), None);
        assert_eq!(end("The pilot will run next year."), None);
    }

    #[test]
    fn a_batch_of_signings_is_told_actively_or_passively() {
        for batch in [
            "Two agreements were signed following talks in Tashkent.",
            "Egypt and Jordan today signed two agreements at the Cabinet headquarters.",
            "The ministers signed a package of documents on Monday.",
        ] {
            assert!(BATCH_SIGNED.is_match(batch), "{batch}");
        }
        for single in [
            "The two agencies signed a memorandum of understanding.",
            "The ministers witnessed the signing of 14 other agreements.",
        ] {
            assert!(!BATCH_SIGNED.is_match(single), "{single}");
        }
    }

    #[test]
    fn a_signing_still_to_come_is_not_yet_in_the_active_or_the_passive() {
        for later in [
            "The agency expects to sign an MoU with Korea.",
            "A memorandum with the agency is expected to be signed in June.",
            "The agreement is due to be signed next week.",
        ] {
            assert!(NOT_YET.is_match(later), "{later}");
        }
        assert!(!NOT_YET.is_match("The memorandum was signed in June."));
    }
}
