//! Agreements an article names without reporting their signing: named agreements ("the
//! UK-Singapore Digital Economy Agreement") and earlier ones ("the first MoU in 2019").

use std::sync::LazyLock;

use super::pattern::Pattern;
use chrono::NaiveDate;

use super::dates::{find_dates, DateMention, Precision};
use super::language::*;
use super::reference::reference;
use super::text::{fold, words};
use super::Mention;

/// What the caller already knows of a sentence: its `kinds_in`, `named_agreements` and
/// `has_sign_verb`, and whether `EARLIER` and `NOT_YET` match it (found when first asked).
pub(super) struct Known<'a> {
    pub(super) kinds: &'a [(usize, usize, usize)],
    pub(super) named: &'a [NamedMatch],
    pub(super) sign_verb: bool,
    pub(super) earlier: &'a dyn Fn() -> bool,
    pub(super) not_yet: &'a dyn Fn() -> bool,
}

/// `background`: whether the caller judges the sentence a background signing (see
/// agreements.rs), asked only when needed.
/// `dates` are the sentence's `find_dates` (for `published`), only asked for when needed.
pub(super) fn collect_mentions<'a>(
    s: &str,
    published: Option<NaiveDate>,
    background: impl Fn() -> bool,
    known: Known<'_>,
    dates: impl Fn() -> &'a [DateMention],
    out: &mut Vec<Mention>,
) {
    let Known {
        kinds,
        named,
        sign_verb,
        earlier,
        not_yet,
    } = known;
    // Both steps below look only at named agreements and kind phrases; most sentences have none.
    if named.is_empty() && kinds.is_empty() {
        return;
    }
    static YEAR: LazyLock<Pattern> =
        LazyLock::new(|| Pattern::new(r"\b((?:19|20)\d\d)\b").expect("year pattern"));
    let year_of = |dates: &[DateMention], text: &str| {
        dates
            .iter()
            // "ten years ago" only estimates the year an earlier agreement was signed.
            .filter(|d| !(d.relative && d.date.is_some_and(|x| x.precision() == Precision::Year)))
            .filter_map(|d| d.date)
            .map(|d| d.year)
            .next()
            .or_else(|| YEAR.captures(text).and_then(|c| c[1].parse().ok()))
    };
    let year_in = |text: &str| year_of(&find_dates(text, published), text);
    let year_in_sentence = || year_of(dates(), s);
    let past_signing = || published.is_some() && is_past_signing_by(dates(), published);
    // Agreements with proper names: "the UK-Singapore Digital Economy Agreement (UKSDEA)".
    let earlier = earlier() || background();
    let signing_now = sign_verb && !earlier && !not_yet();
    for n in named {
        let (m_start, m_end) = n.name;
        let name = s[m_start..m_end]
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
        let year = year_in(&s[m_start..]).or_else(year_in_sentence);
        // A named agreement signed in an earlier year is a mention even when "signed" is said.
        let past = year.is_some_and(|y| published.is_none_or(|p| y < chrono::Datelike::year(&p)));
        if signing_now && !earlier && !past {
            continue;
        }
        out.push(Mention { name, year });
    }
    // Earlier agreements of the same kind: "since the signing of the first MoU in 2019", or a
    // signing in a year before this release.
    // "renewed their agreement, first concluded in 2015": the first one is mentioned.
    static FIRST_SIGNED: LazyLock<Pattern> = LazyLock::new(|| {
        Pattern::new(r"(?i)\b(?:first|originally|initially)\s+(?:signed|concluded|agreed|inked)\s+(?:in|on)\b")
            .expect("first-signed pattern")
    });
    // "our 2022 cooperation agreement": a year before the kind dates an earlier one.
    let dated_kind = || {
        kinds.iter().any(|&(start, _, _)| {
            let before = s[..start].trim_end();
            before.len() >= 4
                && before.is_char_boundary(before.len() - 4)
                && YEAR.is_match(&before[before.len() - 4..])
        })
    };
    if earlier || FIRST_SIGNED.is_match(s) || (sign_verb && past_signing()) || dated_kind() {
        // "a Memorandum of Cooperation on the X Partnership", "a memorandum with Y's Ministry".
        let complement_of = |end: usize| {
            MENTION_COMPLEMENT
                .captures(&s[end..])
                .map(|c| c[1].trim_end_matches([',', ' ']).to_string())
        };
        // "The memorandum follows on from the General Agreement on Development Cooperation
        // signed in 2018": the kind phrase the earlier signing is told of comes first.
        let mut ordered: Vec<(usize, usize, usize, Option<String>, bool)> = kinds
            .iter()
            .map(|&(start, end, kind)| {
                let complement = complement_of(end);
                let after = end + complement.as_ref().map_or(0, |c| 1 + c.len());
                let told = qualified_as_earlier(s, start, after.min(s.len()));
                (start, end, kind, complement, told)
            })
            .collect();
        ordered.sort_by_key(|&(_, _, _, _, told)| !told);
        for (start, end, kind, complement, told) in ordered {
            if inside_named_agreement(s, named, start, end)
                || !(background() || told || past_signing())
            {
                continue;
            }
            let phrase = &s[start..end];
            // "the General Agreement on Development Cooperation": a capitalised title.
            let title_start = titled_start(s, start);
            // "the China-Serbia free trade agreement, signed in 2023": named by its two sides.
            let paired = if told { paired_start(s, start) } else { None };
            // "agreement" and "deal" alone say too little; "memorandum" is still a memorandum.
            if kind == generic_kind()
                && paired.is_none()
                && !phrase.to_lowercase().starts_with("memorand")
                && !(phrase.starts_with(char::is_uppercase)
                    && (title_start < start || complement.is_some())
                    && start > 0)
            {
                continue;
            }
            let title_start = paired.unwrap_or(title_start);
            // "the Agreement on Cooperation in the Field of ...": a title as the text writes it.
            let titled = paired.is_some()
                || (phrase.contains(' ') && phrase.starts_with(char::is_uppercase) && start > 0);
            let base = if kind == generic_kind() || titled {
                s[title_start..end].to_string()
            } else {
                reference().kinds[kind].name.clone()
            };
            let name = match complement {
                Some(c) => format!("{base} {c}"),
                None => base,
            };
            // The year of this clause: "In 2019 they signed a memorandum on X, and in 2022 they
            // agreed ..." mentions the 2019 memorandum.
            let clause_end = [", and ", "; ", " while ", " whereas "]
                .iter()
                .filter_map(|m| s[end..].find(m).map(|i| end + i))
                .min()
                .unwrap_or(s.len());
            let clause_start = [", and ", "; "]
                .iter()
                .filter_map(|m| s[..start].rfind(m).map(|i| i + m.len()))
                .max()
                .unwrap_or(0);
            let year = year_in(&s[start..clause_end])
                .or_else(|| year_in(&s[clause_start..start]))
                .or_else(year_in_sentence);
            if year.is_some() {
                out.push(Mention { name, year });
            }
            break;
        }
    }
}

/// Where a capitalised title ends that runs up to `start`: "General" in "the General
/// Agreement". Not the sentence's first word, which is capitalised whatever it is.
fn titled_start(s: &str, start: usize) -> usize {
    let mut at = start;
    for _ in 0..3 {
        let Some(before) = s[..at].strip_suffix(' ') else {
            break;
        };
        let word_start = before.rfind(' ').map_or(0, |i| i + 1);
        let word = &before[word_start..];
        let capitalised = word.starts_with(char::is_uppercase)
            && word.chars().all(|c| c.is_alphabetic() || c == '-');
        if !capitalised || word_start == 0 || matches!(word, "The" | "A" | "An") {
            break;
        }
        at = word_start;
    }
    at
}

/// Where "China-Serbia" starts in "the China-Serbia free trade agreement": two capitalised
/// sides joined by a hyphen, then at most three lower-case words up to `start`.
fn paired_start(s: &str, start: usize) -> Option<usize> {
    let mut at = start;
    for _ in 0..4 {
        let before = s[..at].strip_suffix(' ')?;
        let word_start = before.rfind(' ').map_or(0, |i| i + 1);
        let word = &before[word_start..];
        if !word.is_empty() && word.chars().all(char::is_lowercase) {
            at = word_start;
            continue;
        }
        let sides: Vec<&str> = word.split(['-', '–']).collect();
        let is_pair = sides.len() == 2
            && sides.iter().all(|side| {
                side.starts_with(char::is_uppercase) && side.chars().all(char::is_alphabetic)
            });
        return is_pair.then_some(word_start);
    }
    None
}

pub(super) static MENTION_COMPLEMENT: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"^\s+((?:on|with|between|in\s+the\s+(?:[Ff]ield|[Aa]rea|[Ss]phere|[Dd]omain)s?\s+of)\s+(?:the\s+)?(?:[a-z]-)?[A-Z][\w’'-]*(?:\s+(?:of\s+|and\s+|the\s+|for\s+)*(?:[a-z]-)?[A-Z][\w’'-]*)*)")
        .expect("mention complement pattern")
});

/// "the first MoU", "a 2019 MoU", "the MoU signed in 2019": this kind phrase names an earlier one.
pub(super) fn qualified_as_earlier(s: &str, start: usize, end: usize) -> bool {
    static BEFORE: LazyLock<Pattern> = LazyLock::new(|| {
        Pattern::new(r"(?i)\b(?:first|previous|earlier|existing|prior|original|initial|former|last|(?:19|20)\d\d)\s+(?:[\w-]+\s+){0,2}$")
            .expect("earlier-before pattern")
    });
    static AFTER: LazyLock<Pattern> = LazyLock::new(|| {
        Pattern::new(r"(?i)^\s*(?:\([^)]*\)\s*)?,?\s*(?:which\s+was\s+|that\s+was\s+)?(?:first\s+|originally\s+|initially\s+)?(?:signed|concluded|agreed|inked)\s+(?:[\w’'-]+\s+){0,6}?(?:in|on)\s+[^.]{0,20}?(?:19|20)\d\d|^\s+(?:of|from)\s+(?:19|20)\d\d")
            .expect("earlier-after pattern")
    });
    let window_start = s[..start]
        .char_indices()
        .rev()
        .nth(40)
        .map_or(0, |(i, _)| i);
    BEFORE.is_match(&s[window_start..start]) || AFTER.is_match(&s[end..])
}

pub(super) fn dedupe_mentions(mentions: &mut Vec<Mention>) {
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
