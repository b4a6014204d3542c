//! Snippets without stemming every word. tantivy's `SnippetGenerator` runs the field's whole
//! analyzer (`en_stem`) over each hit's text, and stemming every word of twenty articles was the
//! largest single cost of a search no cache had seen. Only a word that could stem to one of the
//! query's terms needs stemming; the others are left as they are, and since they cannot equal a
//! term the snippet comes out exactly the same.
//!
//! Which words could: the English stemmer rewrites only suffixes, after the first two letters
//! (its regions start after a vowel and a consonant; "dying", "lying" and "tying", which become
//! "die", "lie" and "tie", are the one exception, turning a second-letter y into i). So a word
//! stems to a term only if their first two letters agree, reading y as i, or, for a one-letter
//! term, their first letters.

use std::collections::{BTreeMap, BTreeSet};

use rust_stemmers::Stemmer;
use tantivy::query::Query;
use tantivy::schema::Field;
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Score, Searcher, Term};

use super::stemming::{en_stem_with, StemRule};

/// A snippet generator for `field` that finds the query's terms as `en_stem` would, scoring them
/// as tantivy's own does (rarer terms weigh more).
pub(super) fn generator(
    searcher: &Searcher,
    query: &dyn Query,
    field: Field,
    max_num_chars: usize,
) -> tantivy::Result<SnippetGenerator> {
    let mut terms: BTreeSet<&Term> = BTreeSet::new();
    query.query_terms(&mut |term, _| {
        if term.field() == field {
            terms.insert(term);
        }
    });
    let mut weighted: BTreeMap<String, Score> = BTreeMap::new();
    for term in terms {
        let value = term.value();
        let Some(text) = value.as_str() else {
            continue;
        };
        let doc_freq = searcher.doc_freq(term)?;
        if doc_freq > 0 {
            weighted.insert(text.to_string(), 1.0 / (1.0 + doc_freq as Score));
        }
    }
    let analyzer = analyzer(weighted.keys().map(String::as_str));
    Ok(SnippetGenerator::new(
        weighted,
        analyzer,
        field,
        max_num_chars,
    ))
}

/// `en_stem`, stemming only the words that could become one of `terms`.
fn analyzer<'a>(terms: impl Iterator<Item = &'a str>) -> TextAnalyzer {
    let mut candidates = StemCandidates::default();
    for term in terms {
        match term.as_bytes() {
            [] => {}
            [only] => candidates.firsts.push(*only),
            _ => candidates.prefixes.push(prefix(term)),
        }
    }
    candidates.prefixes.sort_unstable();
    candidates.prefixes.dedup();
    candidates.firsts.sort_unstable();
    candidates.firsts.dedup();
    en_stem_with(candidates)
}

/// A word's first two bytes with y read as i (zero for a missing second one).
fn prefix(word: &str) -> [u8; 2] {
    let fold = |b: Option<&u8>| match b {
        Some(b'y') => b'i',
        Some(&b) => b,
        None => 0,
    };
    let bytes = word.as_bytes();
    [fold(bytes.first()), fold(bytes.get(1))]
}

/// Which words to stem: those that begin like a term of two or more letters (`prefix`), or with
/// a one-letter term.
#[derive(Clone, Default)]
struct StemCandidates {
    prefixes: Vec<[u8; 2]>,
    firsts: Vec<u8>,
}

impl StemCandidates {
    fn wants(&self, word: &str) -> bool {
        self.prefixes.binary_search(&prefix(word)).is_ok()
            || word
                .as_bytes()
                .first()
                .is_some_and(|b| self.firsts.binary_search(b).is_ok())
    }
}

impl StemRule for StemCandidates {
    fn apply(&mut self, stemmer: &Stemmer, word: &mut String) {
        if self.wants(word) {
            *word = stemmer.stem(word).into_owned();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_stemmers::Algorithm;
    use tantivy::tokenizer::{LowerCaser, SimpleTokenizer, TokenizerManager};

    /// The claim the filter rests on, checked over every word of the extraction fixtures,
    /// the seeds and the reference data: a word's stem keeps its first two letters (y read as i).
    #[test]
    fn stems_keep_the_first_two_letters_of_their_words() {
        let stemmer = Stemmer::create(Algorithm::English);
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut words = BTreeSet::new();
        for dir in ["tests/fixtures/extract", "seeds", "src/extract/data"] {
            for entry in std::fs::read_dir(root.join(dir))
                .into_iter()
                .flatten()
                .flatten()
            {
                let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
                let mut analyzer = TextAnalyzer::builder(SimpleTokenizer::default())
                    .filter(LowerCaser)
                    .build();
                let mut stream = analyzer.token_stream(&text);
                while let Some(token) = stream.next() {
                    words.insert(token.text.clone());
                }
            }
        }
        assert!(words.len() > 3_000, "only {} words read", words.len());
        for extra in [
            "dying", "lying", "tying", "skies", "ies", "aed", "y", "a", "cry",
        ] {
            words.insert(extra.to_string());
        }
        for word in &words {
            let stem = stemmer.stem(word);
            let keeps = match stem.len() {
                0 => false,
                1 => stem.as_bytes().first() == word.as_bytes().first(),
                _ => prefix(&stem) == prefix(word),
            };
            assert!(keeps, "{word} → {stem}");
        }
    }

    /// Against tantivy's own analyzer: the same tokens wherever a term could match.
    #[test]
    fn candidates_stem_as_en_stem_does() {
        let text = "Ministries signed agreements; identities verified, the dying registries \
                    were digitised and interoperability pilots ran in the Cities' portals.";
        let terms = [
            "ministri",
            "agreement",
            "ident",
            "die",
            "registri",
            "citi",
            "a",
        ];
        let mut ours = analyzer(terms.iter().copied());
        let mut theirs = TokenizerManager::default()
            .get("en_stem")
            .expect("tantivy registers en_stem");
        let mut a = ours.token_stream(text);
        let mut b = theirs.token_stream(text);
        while let (Some(x), Some(y)) = (a.next().cloned(), b.next().cloned()) {
            assert_eq!(
                terms.contains(&x.text.as_str()),
                terms.contains(&y.text.as_str()),
                "{} vs {}",
                x.text,
                y.text
            );
            assert_eq!((x.offset_from, x.offset_to), (y.offset_from, y.offset_to));
        }
    }
}
