//! Regexes that keep to the fast engine on typical press-release text.
//!
//! A Unicode `\b` stops the regex crate's lazy DFA at the first non-ASCII byte, and the search
//! falls back to the much slower PikeVM or backtracker. Nearly every release has curly quotes or
//! dashes, so nearly every search fell back. Where a text's only non-ASCII characters are not
//! word characters (quotes, dashes, ©), an ASCII `\b` finds exactly the same boundaries, so each
//! pattern is also compiled with ASCII word boundaries and used for such texts.
//!
//! A text with non-ASCII letters ("São Tomé", "Türkiye") is first searched as its *shadow*: the
//! same text with each such letter written `_`, another word character. Where a pattern cannot
//! tell `_` from those letters (see `Shadowable`), the ASCII form finds on the shadow exactly
//! what the Unicode form finds on the text, and the slow engines run only on the match, if any.

use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::OnceLock;

use thread_local::ThreadLocal;

use regex::{Captures, Match, Regex, RegexSet, RegexSetBuilder, Replacer, SetMatches};
use regex_syntax::hir::{Class, ClassUnicode, Hir, HirKind};

/// A compiled regex (or set) with a copy for each thread that searches with it. A regex keeps
/// its search caches in a pool that only the first thread to search takes from cheaply: every
/// search by the import's other extraction thread went through the pool's locked slow path.
/// Copies share the compiled program; each brings its own caches.
struct PerThread<T: Send> {
    compiled: T,
    copies: ThreadLocal<T>,
}

impl<T: Clone + Send> PerThread<T> {
    fn new(compiled: T) -> Self {
        PerThread {
            compiled,
            copies: ThreadLocal::new(),
        }
    }

    fn get(&self) -> &T {
        self.copies.get_or(|| self.compiled.clone())
    }
}

/// A regex whose `\b` means what it means in Unicode mode, whatever the text.
pub(super) struct Pattern {
    /// Compiled on first use when there is an ASCII form: few texts have non-ASCII word
    /// characters, and compiling every pattern twice was most of the extractor's start-up.
    unicode: OnceLock<PerThread<Regex>>,
    source: String,
    /// The same pattern with ASCII word boundaries; `None` when it has no `\b`.
    ascii_boundaries: Option<PerThread<Regex>>,
    /// Whether the ASCII form may search a text's shadow in its place.
    shadowable: bool,
}

impl Pattern {
    pub(super) fn new(pattern: &str) -> Result<Self, regex::Error> {
        let unicode = OnceLock::new();
        let (ascii_boundaries, shadowable) = match with_ascii_word_boundaries(pattern) {
            Some(ascii) => {
                let hir = parse(pattern)?;
                (
                    Some(PerThread::new(Regex::new(&ascii)?)),
                    Shadowable::get().pattern(&hir),
                )
            }
            None => {
                let _ = unicode.set(PerThread::new(Regex::new(pattern)?));
                (None, false)
            }
        };
        Ok(Pattern {
            unicode,
            source: pattern.to_string(),
            ascii_boundaries,
            shadowable,
        })
    }

    fn unicode(&self) -> &Regex {
        self.unicode
            .get_or_init(|| {
                PerThread::new(
                    Regex::new(&self.source)
                        .expect("a pattern that parsed and compiled in ASCII form"),
                )
            })
            .get()
    }

    /// How to search `haystack`: with the ASCII form when its word characters are ASCII, on
    /// its shadow when the pattern allows, else with the Unicode form.
    fn route(&self, haystack: &str) -> Route<'_> {
        match &self.ascii_boundaries {
            Some(ascii) if word_characters_are_ascii(haystack) => Route::Direct(ascii.get()),
            Some(ascii) if self.shadowable => Route::Shadow(ascii.get()),
            _ => Route::Direct(self.unicode()),
        }
    }

    /// The compiled form that gives the Unicode answer on `haystack` itself.
    fn direct(&self, haystack: &str) -> &Regex {
        match self.route(haystack) {
            Route::Direct(re) => re,
            Route::Shadow(_) => self.unicode(),
        }
    }

    /// Where the matches start in `haystack`, found on its shadow by `ascii`; `None` when the
    /// shadow cannot stand for it. The Unicode form, started where a match starts, finds that
    /// same match, and its slow engines then read only the match.
    fn starts_in_shadow(
        ascii: &Regex,
        haystack: &str,
        all: bool,
    ) -> Option<std::vec::IntoIter<usize>> {
        with_shadow(haystack, |shadow| {
            let mut starts: Vec<usize> = if all {
                ascii.find_iter(shadow).map(|m| m.start()).collect()
            } else {
                ascii.find(shadow).map(|m| m.start()).into_iter().collect()
            };
            to_original_offsets(haystack, &mut starts);
            Some(starts.into_iter())
        })
    }

    pub(super) fn is_match(&self, haystack: &str) -> bool {
        match self.route(haystack) {
            Route::Direct(re) => re.is_match(haystack),
            Route::Shadow(ascii) => with_shadow(haystack, |shadow| Some(ascii.is_match(shadow)))
                .unwrap_or_else(|| self.unicode().is_match(haystack)),
        }
    }

    pub(super) fn find<'h>(&self, haystack: &'h str) -> Option<Match<'h>> {
        self.first(haystack, Regex::find, Regex::find_at)
    }

    pub(super) fn find_iter<'r, 'h>(
        &'r self,
        haystack: &'h str,
    ) -> impl Iterator<Item = Match<'h>> + use<'r, 'h> {
        self.every(haystack, Regex::find_iter, Regex::find_at)
    }

    pub(super) fn captures<'h>(&self, haystack: &'h str) -> Option<Captures<'h>> {
        self.first(haystack, Regex::captures, Regex::captures_at)
    }

    pub(super) fn captures_iter<'r, 'h>(
        &'r self,
        haystack: &'h str,
    ) -> impl Iterator<Item = Captures<'h>> + use<'r, 'h> {
        self.every(haystack, Regex::captures_iter, Regex::captures_at)
    }

    /// The first match, by `search` on the text itself or, on a shadowed text, by `search_at`
    /// from where the shadow's first match starts.
    fn first<'r, 'h, T>(
        &'r self,
        haystack: &'h str,
        search: fn(&'r Regex, &'h str) -> Option<T>,
        search_at: fn(&'r Regex, &'h str, usize) -> Option<T>,
    ) -> Option<T> {
        match self.route(haystack) {
            Route::Direct(re) => search(re, haystack),
            Route::Shadow(ascii) => match Self::starts_in_shadow(ascii, haystack, false) {
                Some(mut starts) => search_at(self.unicode(), haystack, starts.next()?),
                None => search(self.unicode(), haystack),
            },
        }
    }

    /// Every match, as `first` finds the first.
    fn every<'r, 'h, T, I: Iterator<Item = T>>(
        &'r self,
        haystack: &'h str,
        search: fn(&'r Regex, &'h str) -> I,
        search_at: fn(&'r Regex, &'h str, usize) -> Option<T>,
    ) -> impl Iterator<Item = T> + use<'r, 'h, T, I> {
        let (direct, shadowed) = match self.route(haystack) {
            Route::Direct(re) => (Some(search(re, haystack)), None),
            Route::Shadow(ascii) => match Self::starts_in_shadow(ascii, haystack, true) {
                Some(starts) => (None, Some(starts)),
                None => (Some(search(self.unicode(), haystack)), None),
            },
        };
        let unicode = shadowed.is_some().then(|| self.unicode());
        direct.into_iter().flatten().chain(
            shadowed
                .into_iter()
                .flatten()
                .filter_map(move |start| search_at(unicode?, haystack, start)),
        )
    }

    pub(super) fn replace<'h, R: Replacer>(&self, haystack: &'h str, rep: R) -> Cow<'h, str> {
        self.direct(haystack).replace(haystack, rep)
    }

    pub(super) fn replace_all<'h, R: Replacer>(&self, haystack: &'h str, rep: R) -> Cow<'h, str> {
        self.direct(haystack).replace_all(haystack, rep)
    }
}

enum Route<'p> {
    Direct(&'p Regex),
    Shadow(&'p Regex),
}

/// The lazy DFA cache of a pattern set, per searching thread.
const SET_DFA_SIZE: usize = 16 << 20;

/// Several patterns searched in one pass: which of them match a text.
pub(super) struct PatternSet {
    /// Built on first use, as for `Pattern`.
    unicode: OnceLock<PerThread<RegexSet>>,
    sources: Vec<String>,
    ascii_boundaries: PerThread<RegexSet>,
    /// The patterns that cannot search a shadow ("communiqué" has a letter a shadow writes
    /// `_`), each searched on its own when the set searches a shadow.
    unshadowable: Vec<(usize, Pattern)>,
}

impl PatternSet {
    pub(super) fn new<'p>(
        patterns: impl IntoIterator<Item = &'p str>,
    ) -> Result<Self, regex::Error> {
        let sources: Vec<String> = patterns.into_iter().map(str::to_string).collect();
        let ascii: Vec<String> = sources
            .iter()
            .map(|p| with_ascii_word_boundaries(p).unwrap_or_else(|| p.to_string()))
            .collect();
        let mut unshadowable = Vec::new();
        for (i, p) in sources.iter().enumerate() {
            if !Shadowable::get().pattern(&parse(p)?) {
                unshadowable.push((i, Pattern::new(p)?));
            }
        }
        Ok(PatternSet {
            unicode: OnceLock::new(),
            ascii_boundaries: PerThread::new(build_set(&ascii)?),
            sources,
            unshadowable,
        })
    }

    fn unicode(&self) -> &RegexSet {
        self.unicode
            .get_or_init(|| {
                PerThread::new(
                    build_set(&self.sources).expect("a set that parsed and compiled in ASCII form"),
                )
            })
            .get()
    }

    /// The indices of the patterns that match `haystack`, in ascending order, as
    /// `Pattern::is_match` would say.
    pub(super) fn matches(&self, haystack: &str) -> Vec<usize> {
        if word_characters_are_ascii(haystack) {
            return self
                .ascii_boundaries
                .get()
                .matches(haystack)
                .iter()
                .collect();
        }
        self.matches_in_shadow(haystack)
            .unwrap_or_else(|| self.unicode().matches(haystack).iter().collect())
    }

    /// `matches` for a text with non-ASCII word characters, searched on its shadow; `None`
    /// when the shadow cannot stand for it.
    fn matches_in_shadow(&self, haystack: &str) -> Option<Vec<usize>> {
        let ascii = self.ascii_boundaries.get();
        let found: SetMatches = with_shadow(haystack, |shadow| Some(ascii.matches(shadow)))?;
        let mut found: Vec<usize> = found
            .iter()
            .filter(|i| self.unshadowable.iter().all(|(u, _)| u != i))
            .collect();
        for (i, pattern) in &self.unshadowable {
            if pattern.is_match(haystack) {
                found.push(*i);
            }
        }
        found.sort_unstable();
        Some(found)
    }

    /// `matches` for patterns that cannot match across a line break: a long text that has to
    /// be searched in Unicode form is searched a line at a time, so only the lines with
    /// non-ASCII word characters are slow.
    pub(super) fn matches_within_lines(&self, text: &str) -> Vec<usize> {
        if word_characters_are_ascii(text) {
            return self.matches(text);
        }
        if let Some(found) = self.matches_in_shadow(text) {
            return found;
        }
        let mut found = vec![false; self.sources.len()];
        for line in text.split('\n') {
            for i in self.matches(line) {
                found[i] = true;
            }
        }
        (0..found.len()).filter(|&i| found[i]).collect()
    }
}

/// Parses a pattern whose Unicode form is compiled only on first use, so a bad one is refused
/// now. That form differs from the ASCII form (which compiled) only in the kind of its
/// word-boundary assertions, which take the same room.
fn parse(pattern: &str) -> Result<Hir, regex::Error> {
    regex_syntax::Parser::new()
        .parse(pattern)
        .map_err(|e| regex::Error::Syntax(e.to_string()))
}

/// The non-ASCII word characters a shadow writes as `_`: all but the digits (`\d` tells them
/// from `_`) and the two that fold to ASCII letters (`(?i)k` matches the Kelvin sign).
struct Shadowable {
    letters: ClassUnicode,
}

impl Shadowable {
    fn get() -> &'static Shadowable {
        static SHADOWABLE: OnceLock<Shadowable> = OnceLock::new();
        SHADOWABLE.get_or_init(|| {
            let hir = parse(r"[\w--\x00-\x7F--\d--\x{17F}--\x{212A}]")
                .expect("a valid class of word characters");
            match hir.kind() {
                HirKind::Class(Class::Unicode(letters)) => Shadowable {
                    letters: letters.clone(),
                },
                _ => unreachable!("a bracketed class parses to a class"),
            }
        })
    }

    fn is_written_as_underscore(&self, c: char) -> bool {
        !c.is_ascii()
            && self
                .letters
                .ranges()
                .binary_search_by(|r| {
                    if r.end() < c {
                        std::cmp::Ordering::Less
                    } else if r.start() > c {
                        std::cmp::Ordering::Greater
                    } else {
                        std::cmp::Ordering::Equal
                    }
                })
                .is_ok()
    }

    /// Whether nothing in the pattern tells `_` from the letters it stands for: each class
    /// has all of them and `_`, or none of them and not `_`, and no literal is one of them.
    fn pattern(&self, hir: &Hir) -> bool {
        match hir.kind() {
            HirKind::Empty | HirKind::Look(_) => true,
            HirKind::Literal(literal) => String::from_utf8_lossy(&literal.0)
                .chars()
                .all(|c| c != '_' && !self.is_written_as_underscore(c)),
            HirKind::Class(Class::Unicode(class)) => {
                let mut shared = class.clone();
                shared.intersect(&self.letters);
                let underscore = class
                    .ranges()
                    .iter()
                    .any(|r| r.start() <= '_' && '_' <= r.end());
                if underscore {
                    shared == self.letters
                } else {
                    shared.ranges().is_empty()
                }
            }
            HirKind::Class(Class::Bytes(_)) => false,
            HirKind::Repetition(r) => self.pattern(&r.sub),
            HirKind::Capture(c) => self.pattern(&c.sub),
            HirKind::Concat(subs) | HirKind::Alternation(subs) => {
                subs.iter().all(|sub| self.pattern(sub))
            }
        }
    }
}

/// The last text shadowed on this thread: one sentence is searched by many patterns in turn.
struct LastShadow {
    text: String,
    shadow: Option<String>,
}

thread_local! {
    static LAST_SHADOW: RefCell<LastShadow> = const {
        RefCell::new(LastShadow { text: String::new(), shadow: None })
    };
}

/// Calls `search` with `text`'s shadow: the text with each shadowable letter written `_`. `None`
/// when the text has a non-ASCII word character a shadow cannot stand for.
fn with_shadow<T>(text: &str, search: impl FnOnce(&str) -> Option<T>) -> Option<T> {
    LAST_SHADOW.with(|last| {
        let mut last = last.borrow_mut();
        if last.text != text {
            let shadowable = Shadowable::get();
            let mut shadow = String::with_capacity(text.len());
            let mut ok = true;
            for c in text.chars() {
                if shadowable.is_written_as_underscore(c) {
                    shadow.push('_');
                } else if c.is_ascii() || !regex_syntax::is_word_character(c) {
                    shadow.push(c);
                } else {
                    ok = false;
                    break;
                }
            }
            last.text.clear();
            last.text.push_str(text);
            last.shadow = ok.then_some(shadow);
        }
        last.shadow.as_deref().and_then(search)
    })
}

/// Turns offsets in `text`'s shadow, in ascending order, into offsets in `text`.
fn to_original_offsets(text: &str, offsets: &mut [usize]) {
    let shadowable = Shadowable::get();
    let mut next = offsets.iter_mut().peekable();
    let mut in_shadow = 0;
    for (i, c) in text.char_indices() {
        while let Some(offset) = next.next_if(|o| **o <= in_shadow) {
            *offset = i;
        }
        in_shadow += if shadowable.is_written_as_underscore(c) {
            1
        } else {
            c.len_utf8()
        };
    }
    for offset in next {
        *offset = text.len();
    }
}

/// A set of many case-insensitive phrases needs a bigger lazy DFA than the default; with too
/// small a cache the search gives up on long texts and falls back to the PikeVM.
fn build_set(patterns: &[String]) -> Result<RegexSet, regex::Error> {
    RegexSetBuilder::new(patterns)
        .dfa_size_limit(SET_DFA_SIZE)
        .build()
}

/// `pattern` with each `\b` made ASCII-only, or `None` when it has none.
fn with_ascii_word_boundaries(pattern: &str) -> Option<String> {
    let mut out = String::with_capacity(pattern.len() + 32);
    let mut changed = false;
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        // An escape is two characters, so `\\b` (a backslash, then b) is left alone.
        match chars.next() {
            Some('b') => {
                out.push_str(r"(?-u:\b)");
                changed = true;
            }
            Some(escaped) => {
                out.push('\\');
                out.push(escaped);
            }
            None => out.push('\\'),
        }
    }
    changed.then_some(out)
}

/// Whether every word character in `text` is ASCII, so ASCII and Unicode `\b` agree on it.
pub(super) fn word_characters_are_ascii(text: &str) -> bool {
    text.is_ascii()
        || text
            .chars()
            .all(|c| c.is_ascii() || !regex_syntax::is_word_character(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_word_boundaries_are_rewritten() {
        assert_eq!(
            with_ascii_word_boundaries(r"(?i)\bsign\w*\b\\b\.").as_deref(),
            Some(r"(?i)(?-u:\b)sign\w*(?-u:\b)\\b\.")
        );
        assert_eq!(with_ascii_word_boundaries(r"^\s+\d"), None);
    }

    #[test]
    fn non_ascii_letters_keep_unicode_boundaries() {
        let p = Pattern::new(r"\bagency\b").expect("valid");
        assert!(p.is_match("the “agency” said"));
        assert!(!p.is_match("the éagency said"));
        assert!(!p.is_match("the agencyü said"));
    }

    #[test]
    fn patterns_tell_the_letters_a_shadow_writes_as_underscore() {
        let safe = |p: &str| Shadowable::get().pattern(&parse(p).expect("valid"));
        assert!(safe(r"(?i)\bsign(?:ed|ing)?\b[^.]{0,60}\bwith\s+(\w+)"));
        assert!(safe(r"\b[A-Z][\w'’.-]*\s+(?:of|for)\b"));
        assert!(safe(r"(?i)\bkey\s+\d{4}\b"));
        assert!(!safe(r"\bjoint communiqué\b"));
        assert!(!safe(r"^\p{Lu}\p{L}+:"));
        assert!(!safe(r"\b[^_]+\b"));
    }

    #[test]
    fn a_shadow_writes_each_letter_as_one_underscore() {
        assert_eq!(
            with_shadow("São Tomé – “Sí”", |s| Some(s.to_string())).as_deref(),
            Some("S_o Tom_ – “S_”")
        );
        // A non-ASCII digit is a word character that `_` cannot stand for.
        assert_eq!(with_shadow("Law ٣", |s| Some(s.len())), None);
        let mut offsets = [0, 1, 2, 7, 8];
        to_original_offsets("São Tomé", &mut offsets);
        assert_eq!(offsets, [0, 1, 3, 8, 10]);
    }

    /// Words mixing the characters that matter: ASCII and non-ASCII letters, `_`, digits of
    /// both kinds, the two letters that fold to ASCII ones, quotes, dashes and spaces.
    fn mixed_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let piece = prop_oneof![
            Just("signed"),
            Just("Signed"),
            Just("with"),
            Just("Ministry"),
            Just("São"),
            Just("Tomé"),
            Just("Türkiye"),
            Just("é"),
            Just("agency"),
            Just("joint communiqué"),
            Just("_"),
            Just("2025"),
            Just("٣"),
            Just("ſ"),
            Just("K"),
            Just("k"),
            Just("’"),
            Just("–"),
            Just("."),
            Just(" "),
            Just(" "),
            Just("\n"),
        ];
        proptest::collection::vec(piece, 0..30).prop_map(|pieces| pieces.concat())
    }

    const PATTERNS: &[&str] = &[
        r"(?i)\bsign(?:ed|ing)?\b[^.]{0,12}\bwith\s+(\w+)",
        r"\b([A-Z]\w*)\s+(?:agency|Ministry)\b",
        r"(?i)\b(?:agency|ministry)\b",
        r"\b\w{3}\b",
        r"(?i)\bk\w*",
        r"\b\d+\b",
        r"\bs\w*\b|\b\w+é\b",
        r"\b",
        // Not shadowable: each tells `_` from a non-ASCII letter.
        r"\b\p{L}+\b",
        r"(?i)\bjoint communiqué\b",
        r"\b[^_\s]+\b",
    ];

    /// Each pattern ours and plain, then the set ours and plain.
    type Compiled = (Vec<(Pattern, Regex)>, PatternSet, RegexSet);

    /// Compiled once for all the cases.
    static COMPILED: std::sync::LazyLock<Compiled> = std::sync::LazyLock::new(|| {
        let each = PATTERNS
            .iter()
            .map(|p| {
                (
                    Pattern::new(p).expect("valid"),
                    Regex::new(p).expect("valid"),
                )
            })
            .collect();
        let set = PatternSet::new(PATTERNS.iter().copied()).expect("valid");
        (each, set, RegexSet::new(PATTERNS).expect("valid"))
    });

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]
        #[test]
        fn searching_the_shadow_finds_what_unicode_finds(text in mixed_text()) {
            let spans = |c: &Captures<'_>| {
                c.iter().map(|g| g.map(|m| m.range())).collect::<Vec<_>>()
            };
            let (each, set, plain_set) = &*COMPILED;
            for (ours, plain) in each {
                proptest::prop_assert_eq!(ours.is_match(&text), plain.is_match(&text));
                proptest::prop_assert_eq!(
                    ours.find(&text).map(|m| m.range()),
                    plain.find(&text).map(|m| m.range())
                );
                proptest::prop_assert_eq!(
                    ours.find_iter(&text).map(|m| m.range()).collect::<Vec<_>>(),
                    plain.find_iter(&text).map(|m| m.range()).collect::<Vec<_>>()
                );
                proptest::prop_assert_eq!(
                    ours.captures(&text).map(|c| spans(&c)),
                    plain.captures(&text).map(|c| spans(&c))
                );
                proptest::prop_assert_eq!(
                    ours.captures_iter(&text).map(|c| spans(&c)).collect::<Vec<_>>(),
                    plain.captures_iter(&text).map(|c| spans(&c)).collect::<Vec<_>>()
                );
            }
            proptest::prop_assert_eq!(
                set.matches(&text),
                plain_set.matches(&text).iter().collect::<Vec<_>>()
            );
        }
    }
}
