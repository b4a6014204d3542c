//! Variants of tantivy's `en_stem` analyzer that give the same tokens for less work: the
//! pipeline is tantivy's (simple words, over-long ones dropped, lower case), and only its last
//! step, English stemming, is replaced by a `StemRule`.
//!
//! `RememberedStems`, for building the index: stemming was half of the index builder's time, yet
//! a corpus of press releases repeats a few tens of thousands of words, so each indexing thread
//! stems a word once and then looks it up. Its tokens are exactly `en_stem`'s (a test compares
//! them), so queries analysed by the stock analyzer match. The snippets' rule is in `snippets`.

use rust_stemmers::{Algorithm, Stemmer};
use tantivy::tokenizer::{
    LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, Token, TokenFilter, TokenStream,
    Tokenizer,
};

/// What the last step of an `en_stem_with` analyzer does to each lower-case word.
pub(super) trait StemRule: Clone + Send + Sync + 'static {
    /// Replaces `word` by its English stem, or leaves it where no one can tell the difference.
    fn apply(&mut self, stemmer: &Stemmer, word: &mut String);
}

/// tantivy's `en_stem` with `rule` as its stemming step.
pub(super) fn en_stem_with(rule: impl StemRule) -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(StemFilter(rule))
        .build()
}

/// `en_stem` remembering each indexing thread's stems.
pub fn en_stem_remembering() -> TextAnalyzer {
    en_stem_with(RememberedStems::default())
}

/// Words remembered per indexing thread; past this, new words are stemmed but not kept, so a
/// corpus of unusual vocabulary cannot grow the import's memory without bound (~10 MB at most).
const MAX_REMEMBERED: usize = 200_000;

/// Lower-case word → its stem. Each clone of the analyzer (one per indexing thread) has its own.
/// Hashed with FxHash rather than SipHash: every word of every document is looked up, the words
/// are short, and they come from the archive's own seeds (no one can choose them to collide).
#[derive(Clone, Default)]
struct RememberedStems(rustc_hash::FxHashMap<String, String>);

impl StemRule for RememberedStems {
    fn apply(&mut self, stemmer: &Stemmer, word: &mut String) {
        if let Some(stem) = self.0.get(word.as_str()) {
            word.clear();
            word.push_str(stem);
        } else {
            let stem = stemmer.stem(word).into_owned();
            if self.0.len() < MAX_REMEMBERED {
                self.0.insert(std::mem::take(word), stem.clone());
            }
            *word = stem;
        }
    }
}

/// The token filter (and tokenizer) that applies a `StemRule`.
#[derive(Clone)]
struct StemFilter<R>(R);

impl<R: StemRule> TokenFilter for StemFilter<R> {
    type Tokenizer<T: Tokenizer> = StemTokenizer<R, T>;

    fn transform<T: Tokenizer>(self, inner: T) -> StemTokenizer<R, T> {
        StemTokenizer {
            rule: self.0,
            inner,
        }
    }
}

#[derive(Clone)]
struct StemTokenizer<R, T> {
    rule: R,
    inner: T,
}

impl<R: StemRule, T: Tokenizer> Tokenizer for StemTokenizer<R, T> {
    type TokenStream<'a> = StemStream<'a, R, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        StemStream {
            rule: &mut self.rule,
            stemmer: Stemmer::create(Algorithm::English),
            tail: self.inner.token_stream(text),
        }
    }
}

struct StemStream<'a, R, T> {
    rule: &'a mut R,
    stemmer: Stemmer,
    tail: T,
}

impl<R: StemRule, T: TokenStream> TokenStream for StemStream<'_, R, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        self.rule
            .apply(&self.stemmer, &mut self.tail.token_mut().text);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::TokenizerManager;

    fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<Token> {
        let mut stream = analyzer.token_stream(text);
        let mut all = Vec::new();
        while let Some(token) = stream.next() {
            all.push(token.clone());
        }
        all
    }

    /// Every token, position and offset as tantivy's `en_stem` gives them, over the extraction
    /// fixtures, the seeds and the reference data, each text analysed twice (the second time
    /// from memory), with words that stem, that don't, that are too long and that are not ASCII.
    #[test]
    fn remembering_stems_changes_no_token() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut texts = vec![
            "Ministries' registries: the DYING skies, naïve Café Société — übereinkommen"
                .to_string(),
            format!("short {} words", "x".repeat(41)),
        ];
        for dir in ["tests/fixtures/extract", "seeds", "src/extract/data"] {
            for entry in std::fs::read_dir(root.join(dir))
                .into_iter()
                .flatten()
                .flatten()
            {
                texts.push(std::fs::read_to_string(entry.path()).unwrap_or_default());
            }
        }
        assert!(texts.len() > 50, "only {} texts read", texts.len());
        let mut stock = TokenizerManager::default()
            .get("en_stem")
            .expect("tantivy registers en_stem");
        let mut ours = en_stem_remembering();
        for _ in 0..2 {
            for text in &texts {
                let (a, b) = (tokens(&mut ours, text), tokens(&mut stock, text));
                assert_eq!(a.len(), b.len());
                for (x, y) in a.iter().zip(&b) {
                    assert_eq!(
                        (&x.text, x.position, x.offset_from, x.offset_to),
                        (&y.text, y.position, y.offset_from, y.offset_to)
                    );
                }
            }
        }
    }
}
