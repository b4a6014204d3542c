//! `en_stem` with a memory of stems, for building the index. Stemming was half of the index
//! builder's time, yet a corpus of press releases repeats a few tens of thousands of words: each
//! indexing thread stems a word once and then looks it up. The tokens are exactly tantivy's own
//! `en_stem` (a test compares them), so queries analysed by the stock analyzer match.

use std::collections::HashMap;

use rust_stemmers::{Algorithm, Stemmer};
use tantivy::tokenizer::{
    LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, Token, TokenFilter, TokenStream,
    Tokenizer,
};

/// Words remembered per indexing thread; past this, new words are stemmed but not kept, so a
/// corpus of unusual vocabulary cannot grow the import's memory without bound (~10 MB at most).
const MAX_REMEMBERED: usize = 200_000;

/// tantivy's `en_stem` (simple words, over-long ones dropped, lower case, English stems), with
/// each thread's stems remembered.
pub fn en_stem_remembering() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(RememberingStemmer)
        .build()
}

#[derive(Clone, Copy)]
struct RememberingStemmer;

impl TokenFilter for RememberingStemmer {
    type Tokenizer<T: Tokenizer> = RememberingStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> RememberingStemmerFilter<T> {
        RememberingStemmerFilter {
            inner: tokenizer,
            stems: HashMap::new(),
        }
    }
}

#[derive(Clone)]
struct RememberingStemmerFilter<T> {
    inner: T,
    /// Lower-case word → its stem. Each clone (one per indexing thread) has its own.
    stems: HashMap<String, String>,
}

impl<T: Tokenizer> Tokenizer for RememberingStemmerFilter<T> {
    type TokenStream<'a> = RememberingStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        RememberingStemmerStream {
            tail: self.inner.token_stream(text),
            stems: &mut self.stems,
            stemmer: Stemmer::create(Algorithm::English),
        }
    }
}

struct RememberingStemmerStream<'a, T> {
    tail: T,
    stems: &'a mut HashMap<String, String>,
    stemmer: Stemmer,
}

impl<T: TokenStream> TokenStream for RememberingStemmerStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if let Some(stem) = self.stems.get(token.text.as_str()) {
            token.text.clear();
            token.text.push_str(stem);
        } else {
            let stem = self.stemmer.stem(&token.text).into_owned();
            if self.stems.len() < MAX_REMEMBERED {
                self.stems
                    .insert(std::mem::take(&mut token.text), stem.clone());
            }
            token.text = stem;
        }
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
