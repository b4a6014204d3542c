//! Regexes that keep to the fast engine on typical press-release text.
//!
//! A Unicode `\b` stops the regex crate's lazy DFA at the first non-ASCII byte, and the search
//! falls back to the much slower PikeVM or backtracker. Nearly every release has curly quotes or
//! dashes, so nearly every search fell back. Where a text's only non-ASCII characters are not
//! word characters (quotes, dashes, ©), an ASCII `\b` finds exactly the same boundaries, so each
//! pattern is also compiled with ASCII word boundaries and used for such texts.

use std::borrow::Cow;
use std::sync::OnceLock;

use thread_local::ThreadLocal;

use regex::{
    CaptureMatches, Captures, Match, Matches, Regex, RegexSet, RegexSetBuilder, Replacer,
    SetMatches,
};

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
}

impl Pattern {
    pub(super) fn new(pattern: &str) -> Result<Self, regex::Error> {
        let unicode = OnceLock::new();
        let ascii_boundaries = match with_ascii_word_boundaries(pattern) {
            Some(ascii) => {
                check_syntax(pattern)?;
                Some(PerThread::new(Regex::new(&ascii)?))
            }
            None => {
                let _ = unicode.set(PerThread::new(Regex::new(pattern)?));
                None
            }
        };
        Ok(Pattern {
            unicode,
            source: pattern.to_string(),
            ascii_boundaries,
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

    /// The compiled form that gives the Unicode answer on `haystack` fastest.
    fn for_text(&self, haystack: &str) -> &Regex {
        match &self.ascii_boundaries {
            Some(ascii) if word_characters_are_ascii(haystack) => ascii.get(),
            _ => self.unicode(),
        }
    }

    pub(super) fn is_match(&self, haystack: &str) -> bool {
        self.for_text(haystack).is_match(haystack)
    }

    pub(super) fn find<'h>(&self, haystack: &'h str) -> Option<Match<'h>> {
        self.for_text(haystack).find(haystack)
    }

    pub(super) fn find_iter<'r, 'h>(&'r self, haystack: &'h str) -> Matches<'r, 'h> {
        self.for_text(haystack).find_iter(haystack)
    }

    pub(super) fn captures<'h>(&self, haystack: &'h str) -> Option<Captures<'h>> {
        self.for_text(haystack).captures(haystack)
    }

    pub(super) fn captures_iter<'r, 'h>(&'r self, haystack: &'h str) -> CaptureMatches<'r, 'h> {
        self.for_text(haystack).captures_iter(haystack)
    }

    pub(super) fn replace<'h, R: Replacer>(&self, haystack: &'h str, rep: R) -> Cow<'h, str> {
        self.for_text(haystack).replace(haystack, rep)
    }

    pub(super) fn replace_all<'h, R: Replacer>(&self, haystack: &'h str, rep: R) -> Cow<'h, str> {
        self.for_text(haystack).replace_all(haystack, rep)
    }
}

/// The lazy DFA cache of a pattern set, per searching thread.
const SET_DFA_SIZE: usize = 16 << 20;

/// Several patterns searched in one pass: which of them match a text.
pub(super) struct PatternSet {
    /// Built on first use, as for `Pattern`.
    unicode: OnceLock<PerThread<RegexSet>>,
    sources: Vec<String>,
    ascii_boundaries: PerThread<RegexSet>,
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
        for p in &sources {
            check_syntax(p)?;
        }
        Ok(PatternSet {
            unicode: OnceLock::new(),
            ascii_boundaries: PerThread::new(build_set(&ascii)?),
            sources,
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

    /// The indices of the patterns that match `haystack`, as `Pattern::is_match` would say.
    pub(super) fn matches(&self, haystack: &str) -> SetMatches {
        if word_characters_are_ascii(haystack) {
            self.ascii_boundaries.get().matches(haystack)
        } else {
            self.unicode().matches(haystack)
        }
    }

    /// `matches` for patterns that cannot match across a line break: a long text with non-ASCII
    /// word characters is searched a line at a time, so only the lines that have them are slow.
    pub(super) fn matches_within_lines(&self, text: &str) -> Vec<usize> {
        if word_characters_are_ascii(text) {
            return self.ascii_boundaries.get().matches(text).iter().collect();
        }
        let mut found = vec![false; self.sources.len()];
        for line in text.split('\n') {
            for i in self.matches(line).iter() {
                found[i] = true;
            }
        }
        (0..found.len()).filter(|&i| found[i]).collect()
    }
}

/// Refuses now a pattern whose Unicode form is compiled only on first use. That form is only
/// parsed here: it differs from the ASCII form (which compiled) only in the kind of its
/// word-boundary assertions, which take the same room.
fn check_syntax(pattern: &str) -> Result<(), regex::Error> {
    regex_syntax::Parser::new()
        .parse(pattern)
        .map(|_| ())
        .map_err(|e| regex::Error::Syntax(e.to_string()))
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
}
