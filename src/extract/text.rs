//! Sentences and words: the units the extractor reasons about.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::{LazyLock, OnceLock};

use memchr::memmem;

use super::pattern::Pattern;

/// A sentence with where it stands in the article.
#[derive(Debug, Clone)]
pub struct Sentence {
    pub text: String,
    /// Index of the paragraph (the title is paragraph `usize::MAX`).
    pub paragraph: usize,
    /// Whether the whole sentence is inside a quotation (what someone said, not what happened).
    pub quoted: bool,
}

pub const TITLE_PARAGRAPH: usize = usize::MAX;

/// A fixed list of lowercase words, looked up by hash: the longer lists are consulted for
/// nearly every word of every sentence, where a linear search showed in profiles.
pub(super) struct WordSet {
    words: &'static [&'static str],
    set: OnceLock<HashSet<&'static str, BuildHasherDefault<Fnv>>>,
}

/// FNV-1a: for short, trusted words it hashes several times faster than the default SipHash.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl WordSet {
    pub(super) const fn new(words: &'static [&'static str]) -> Self {
        WordSet {
            words,
            set: OnceLock::new(),
        }
    }

    pub(super) fn contains(&self, word: &str) -> bool {
        self.set
            .get_or_init(|| self.words.iter().copied().collect())
            .contains(word)
    }

    /// Whether `word.to_lowercase()` is in the list.
    pub(super) fn contains_lower(&self, word: &str) -> bool {
        with_lowercase(word, |lower| self.contains(lower))
    }
}

/// Calls `f` with `word.to_lowercase()`; short ASCII words (nearly all of them) are lowered on
/// the stack rather than in a new String.
pub(super) fn with_lowercase<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut buf = [0u8; 32];
    if !word.is_ascii() || word.len() > buf.len() {
        return f(&word.to_lowercase());
    }
    let lower = &mut buf[..word.len()];
    lower.copy_from_slice(word.as_bytes());
    lower.make_ascii_lowercase();
    f(std::str::from_utf8(lower).expect("ASCII is UTF-8"))
}

/// A literal looked for in many texts, with its searchers built once: `str::find` builds a new
/// searcher on every call, which showed in profiles of the per-sentence loops.
pub(super) struct Literal {
    needle: &'static str,
    forward: OnceLock<memmem::Finder<'static>>,
    reverse: OnceLock<memmem::FinderRev<'static>>,
}

impl Literal {
    pub(super) const fn new(needle: &'static str) -> Self {
        Literal {
            needle,
            forward: OnceLock::new(),
            reverse: OnceLock::new(),
        }
    }

    /// `haystack.find(needle)`.
    pub(super) fn find(&self, haystack: &str) -> Option<usize> {
        self.forward
            .get_or_init(|| memmem::Finder::new(self.needle))
            .find(haystack.as_bytes())
    }

    /// `haystack.rfind(needle)`.
    pub(super) fn rfind(&self, haystack: &str) -> Option<usize> {
        self.reverse
            .get_or_init(|| memmem::FinderRev::new(self.needle))
            .rfind(haystack.as_bytes())
    }

    pub(super) fn len(&self) -> usize {
        self.needle.len()
    }

    /// Whether any of `literals` occurs in `haystack`: a cheap test before a pattern with no
    /// literal of its own to skip ahead to.
    pub(super) fn any_in(literals: &[&Literal], haystack: &str) -> bool {
        literals.iter().any(|l| l.find(haystack).is_some())
    }
}

/// "NEW" → "New": a word with its first letter in upper case and the rest in lower case.
pub(super) fn capitalised(word: &str) -> String {
    let lower = word.to_lowercase();
    let mut chars = lower.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().collect::<String>() + chars.as_str()
    })
}

/// Abbreviations after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "no", "jr", "sr", "inc", "ltd", "co", "vs", "e.g",
    "i.e", "u.s", "u.k", "h.e", "hon", "gen", "lt", "col", "capt", "sen", "rep", "gov", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "dept", "corp",
    "est", "approx", "etc", "rt", "smt", "shri", "dato", "messrs", "mdm", "u.a.e", "fig", "vol",
    "art", "eng", "engr",
    // Latin American titles before a name: "Ing.", "Lic.", "Mgs.", "Dra."
    "sra", "dra", "lic", "lcdo", "lcda", "ing", "mgs", "mgtr", "msc", "abg", "arq", "econ",
    // French-speaking Africa's "Pr." (professeur) before a name.
    "pr",
];

/// Splits paragraphs into sentences. The title comes first as a sentence of its own.
pub fn sentences(title: &str, paragraphs: &[String]) -> Vec<Sentence> {
    let mut out = vec![Sentence {
        text: title.to_string(),
        paragraph: TITLE_PARAGRAPH,
        quoted: false,
    }];
    let mut i = 0;
    while i < paragraphs.len() {
        // "Signatories:" over a list of "For X: Name, Role" lines is one statement of who
        // signed, so the list is read as one sentence with its heading.
        if SIGNATORIES_HEADING.is_match(&paragraphs[i]) {
            let items: Vec<&str> = paragraphs[i + 1..]
                .iter()
                .take_while(|p| p.starts_with(['•', '-', '–']) && p.chars().count() < 300)
                .map(|p| {
                    p.trim_start_matches(['•', '-', '–', ' '])
                        .trim_end_matches(['.', ';'])
                })
                .collect();
            if !items.is_empty() {
                out.push(Sentence {
                    text: format!("{} {}.", paragraphs[i], items.join("; ")),
                    paragraph: i,
                    quoted: false,
                });
                i += 1 + items.len();
                continue;
            }
        }
        // A dateline opens the first paragraph of prose, which bullets, a release number or
        // a standfirst may precede.
        let p = if i < 6 {
            super::article::strip_dateline(&paragraphs[i])
        } else {
            paragraphs[i].as_str()
        };
        for s in split(p) {
            let quoted = is_quoted(&s);
            out.push(Sentence {
                text: s,
                paragraph: i,
                quoted,
            });
        }
        i += 1;
    }
    out
}

static SIGNATORIES_HEADING: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"(?i)^(?:the\s+)?(?:signatories|signed\s+by|signing\s+officials|(?:the\s+)?(?:mou|agreement|memorandum)\s+was\s+signed\s+by)\s*:$")
        .expect("signatories heading pattern")
});

fn is_quoted(s: &str) -> bool {
    let t = s.trim_start_matches(['•', '-', ' ', '*']);
    t.starts_with(['“', '"', '‘']) || (t.starts_with('\'') && t.len() > 1)
}

fn split(paragraph: &str) -> Vec<String> {
    // (Looks ahead in the paragraph itself: a vector of its characters cost an allocation
    // and a pass for every paragraph.)
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in paragraph.char_indices() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        // Skip closing quotes and brackets that belong to this sentence.
        let closed = paragraph[i + c.len_utf8()..].trim_start_matches(['"', '”', '’', '\'', ')']);
        if !closed.starts_with(char::is_whitespace) {
            continue;
        }
        let spaced = closed.trim_start();
        let Some(next) = spaced.chars().next() else {
            continue;
        };
        if !(next.is_uppercase() || next.is_ascii_digit() || matches!(next, '“' | '"' | '‘' | '•'))
        {
            continue;
        }
        if c == '.' && is_abbreviation(&paragraph[start..i]) {
            continue;
        }
        let end = paragraph.len() - closed.len();
        let s = paragraph[start..end].trim();
        if !s.is_empty() {
            out.push(s.to_string());
        }
        start = paragraph.len() - spaced.len();
    }
    let rest = paragraph[start..].trim();
    if !rest.is_empty() {
        out.push(rest.to_string());
    }
    out
}

fn is_abbreviation(before: &str) -> bool {
    // The word before the full stop: the letters and full stops that end `before`.
    let start = before
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphabetic() || c == '.')
        .last()
        .map_or(before.len(), |(i, _)| i);
    let word = &before[start..];
    let mut chars = word.chars();
    // A single capital letter is an initial ("S. Roe"), not a sentence end.
    matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase())
        || with_lowercase(word, |lower| ABBREVIATIONS.contains(&lower))
}

/// A word with its byte span in the sentence.
#[derive(Debug, Clone, Copy)]
pub struct Word<'a> {
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
}

impl Word<'_> {
    /// "Agency", and the e-prefixed proper names of e-government ("e-Governance", "e-Estonia").
    pub fn is_capitalised(&self) -> bool {
        let mut chars = self.text.chars();
        match (chars.next(), chars.next(), chars.next()) {
            (Some(c), _, _) if c.is_uppercase() => true,
            (Some('e' | 'i' | 'm'), Some('-'), Some(c)) => c.is_uppercase(),
            // "iGA", "eID", "mGov": a lower-case prefix on a capitalised name.
            (Some('e' | 'i' | 'm'), Some(c), _) => c.is_uppercase(),
            _ => false,
        }
    }
}

/// Words: letters, digits and the joiners inside names (hyphen, apostrophe, full stop of initials).
pub fn words(s: &str) -> Vec<Word<'_>> {
    // Room for words of four bytes with their spaces, so the vector seldom grows.
    let mut out = Vec::with_capacity(s.len() / 5 + 1);
    let mut start: Option<usize> = None;
    for (i, c) in s.char_indices() {
        let inside = c.is_alphanumeric() || matches!(c, '-' | '\'' | '’' | '.' | '&');
        match (start, inside) {
            (None, true) if c.is_alphanumeric() || c == '&' => start = Some(i),
            (Some(b), false) => {
                push_word(s, b, i, &mut out);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(b) = start {
        push_word(s, b, s.len(), &mut out);
    }
    out
}

fn push_word<'a>(s: &'a str, start: usize, mut end: usize, out: &mut Vec<Word<'a>>) {
    // Trailing punctuation is not part of the word, except the full stop of an abbreviation.
    while end > start {
        let last = s[..end].chars().next_back().unwrap_or(' ');
        let keep_dot = last == '.' && {
            let w = &s[start..end - 1];
            w.chars().count() == 1
                || with_lowercase(w, |lower| ABBREVIATIONS.contains(&lower))
                || w.contains('.')
        };
        if matches!(last, '-' | '\'' | '’' | '.') && !keep_dot {
            end -= last.len_utf8();
        } else {
            break;
        }
    }
    if end > start {
        out.push(Word {
            text: &s[start..end],
            start,
            end,
        });
    }
}

/// Lower-cases and keeps letters and digits only: for comparing names loosely.
pub fn fold(s: &str) -> String {
    // One pass: other characters vanish without splitting words ("e-Government" →
    // "egovernment"), and each run of whitespace between words becomes one space.
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
        } else if c.is_alphanumeric() {
            if space {
                out.push(' ');
                space = false;
            }
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// The characters of `fold(s)`, without building it. `fold` keeps its own loop rather than
/// collecting these: it is on the merge's hot path, where collecting made the merge ~25% slower;
/// a test keeps the two equal.
fn folded(s: &str) -> impl Iterator<Item = char> + '_ {
    let mut started = false;
    let mut space = false;
    s.chars().flat_map(move |c| {
        let mut lead = None;
        let mut lower = None;
        if c.is_whitespace() {
            space = started;
        } else if c.is_alphanumeric() {
            if space {
                lead = Some(' ');
                space = false;
            }
            started = true;
            lower = Some(c.to_lowercase());
        }
        lead.into_iter().chain(lower.into_iter().flatten())
    })
}

/// `fold(a) == fold(b)`, compared without allocating: lookups compare many names.
pub fn fold_eq(a: &str, b: &str) -> bool {
    folded(a).eq(folded(b))
}

/// `fold(a) == folded`, for a key folded once and compared with many names.
pub fn fold_eq_key(a: &str, folded_key: &str) -> bool {
    folded(a).eq(folded_key.chars())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folded_characters_are_fold() {
        for s in [
            "",
            "  e-Government  Agency ",
            "Ministry of\tDigital\n Affairs",
            "İstanbul ÅSTRÖM – Straße",
            " - ",
            "a  b",
        ] {
            assert_eq!(folded(s).collect::<String>(), fold(s), "{s:?}");
            assert!(fold_eq(s, &s.to_uppercase()) == (fold(s) == fold(&s.to_uppercase())));
            assert!(fold_eq_key(s, &fold(s)));
        }
    }

    #[test]
    fn fold_drops_punctuation_and_collapses_spaces() {
        assert_eq!(
            fold("  The e-Government\tAgency — (ICT) Ltd. "),
            "the egovernment agency ict ltd"
        );
        assert_eq!(fold("—"), "");
    }

    #[test]
    fn sentences_do_not_break_after_honorifics_or_initials() {
        let s = split("It was signed by Mr. J. Smith, CEO. Dr. Tan agreed. The end.");
        assert_eq!(
            s,
            vec![
                "It was signed by Mr. J. Smith, CEO.",
                "Dr. Tan agreed.",
                "The end."
            ]
        );
    }

    #[test]
    fn words_keep_hyphens_and_apostrophes_inside_names() {
        let w: Vec<&str> = words("Mr Min-jun Park, the UK’s minister.")
            .iter()
            .map(|w| w.text)
            .collect();
        assert_eq!(w, vec!["Mr", "Min-jun", "Park", "the", "UK’s", "minister"]);
    }
}
