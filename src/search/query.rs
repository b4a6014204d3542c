//! The search box's little language, read by hand so that nothing a visitor types is an error:
//! words (all required), `"phrases in quotes"`, `-word` and `-"a phrase"` to exclude. Anything
//! else is punctuation, which the field's tokenizer drops.

/// One required or excluded part of a query, before tokenizing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clause {
    Word(String),
    Phrase(String),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserQuery {
    pub must: Vec<Clause>,
    pub must_not: Vec<Clause>,
    /// What was read differently from what was typed, in a sentence for the visitor.
    pub hint: Option<String>,
}

impl UserQuery {
    pub fn is_empty(&self) -> bool {
        self.must.is_empty() && self.must_not.is_empty()
    }
}

/// A query of more parts than this is cut: no one types it, and each part costs a lookup.
pub const MAX_CLAUSES: usize = 32;

pub fn parse(text: &str) -> UserQuery {
    let mut q = UserQuery::default();
    let mut hints: Vec<&str> = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    let mut negate_next = false;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let mut negate = std::mem::take(&mut negate_next);
        if c == '-' || c == '+' {
            negate = c == '-';
            i += 1;
            if i >= chars.len() || chars[i].is_whitespace() {
                continue;
            }
        }
        let clause = if chars.get(i) == Some(&'"') {
            i += 1;
            let start = i;
            while i < chars.len() && chars[i] != '"' {
                i += 1;
            }
            if i >= chars.len() {
                hints.push("A quote had no partner, so the words after it were searched as a phrase. Use quotes in pairs.");
            }
            let phrase: String = chars[start..i.min(chars.len())].iter().collect();
            i += 1;
            Clause::Phrase(phrase)
        } else {
            let start = i;
            while i < chars.len() && !chars[i].is_whitespace() && chars[i] != '"' {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            match word.as_str() {
                "AND" => continue,
                "NOT" => {
                    negate_next = true;
                    continue;
                }
                "OR" => {
                    hints.push("Every word is required, so OR was left out. Search again for each alternative.");
                    continue;
                }
                _ => Clause::Word(word),
            }
        };
        let empty = match &clause {
            Clause::Word(w) | Clause::Phrase(w) => !w.chars().any(char::is_alphanumeric),
        };
        if empty {
            continue;
        }
        if q.must.len() + q.must_not.len() >= MAX_CLAUSES {
            hints.push("The query was long, so only its first words were searched.");
            break;
        }
        if negate {
            q.must_not.push(clause);
        } else {
            q.must.push(clause);
        }
    }
    hints.dedup();
    if !hints.is_empty() {
        q.hint = Some(hints.join(" "));
    }
    q
}

/// Optimal-string-alignment distance (a swap of neighbours counts once), giving up past `max`.
pub fn edit_distance(a: &str, b: &str, max: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let mut prev2: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur: Vec<usize> = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = prev[b.len()];
    (d <= max).then_some(d)
}

/// English endings a stemmer takes off (Porter's, and their plurals), for reading a misspelt
/// word as a beginning plus an ending when its own stem is nowhere near the stem of the word
/// meant: "cooperaton" stems to itself, "cooperation" to "cooper".
const ENDINGS: [&str; 40] = [
    "s", "es", "ed", "ing", "ings", "ly", "al", "als", "ally", "er", "ers", "or", "ors", "ic",
    "ics", "ical", "ion", "ions", "ation", "ations", "ator", "ment", "ments", "ness", "ity",
    "ities", "ility", "ability", "ive", "ives", "ise", "ize", "ised", "ized", "ance", "ence",
    "ant", "ent", "ous", "ful",
];

/// The ways to read `word` as a beginning (five letters at least) and an ending that is one of
/// `ENDINGS`, allowing a typo in an ending of four letters or more: longest beginning first.
pub fn beginnings(word: &str) -> Vec<String> {
    const SHORTEST: usize = 5;
    let chars: Vec<char> = word.chars().collect();
    if chars.iter().any(|c| !c.is_alphabetic()) {
        return Vec::new();
    }
    (SHORTEST..chars.len())
        .rev()
        .filter(|&cut| {
            let ending: String = chars[cut..].iter().collect();
            ENDINGS.iter().any(|e| {
                let typos = usize::from(e.chars().count() >= 4);
                edit_distance(&ending, e, typos).is_some()
            })
        })
        .map(|cut| chars[..cut].iter().collect())
        .collect()
}

/// How many typos a word may hold and still match: none for short words and for anything with a
/// digit (2019 must never find 2018), one from five letters, two from nine.
pub fn typos_allowed(word: &str) -> usize {
    if word.chars().any(|c| c.is_ascii_digit()) {
        return 0;
    }
    match word.chars().count() {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_is_read_as_a_beginning_and_an_english_ending() {
        assert_eq!(
            beginnings("cooperaton"),
            ["cooper"],
            "-ation, a letter missing"
        );
        assert!(beginnings("interoperabilty").contains(&"interoper".to_string()));
        assert!(beginnings("govrnment").contains(&"govrn".to_string()));
        // No ending an English stemmer takes off: "blockchain" is not "block".
        assert!(!beginnings("blockchain").contains(&"block".to_string()));
        // Short beginnings and words with digits are not guessed at.
        assert!(beginnings("tests").is_empty());
        assert!(beginnings("covid19s").is_empty());
    }

    fn w(s: &str) -> Clause {
        Clause::Word(s.into())
    }

    #[test]
    fn words_phrases_and_exclusions_are_read() {
        let q = parse(r#"digital "open standards" -korea -"data sharing""#);
        assert_eq!(
            q.must,
            vec![w("digital"), Clause::Phrase("open standards".into())]
        );
        assert_eq!(
            q.must_not,
            vec![w("korea"), Clause::Phrase("data sharing".into())]
        );
        assert_eq!(q.hint, None);
    }

    #[test]
    fn any_punctuation_is_read_without_error() {
        for text in [
            "\"unbalanced",
            "AND OR (",
            "title:",
            "[]{}^~*",
            "-",
            "\"\"",
            "((",
            "'",
        ] {
            let _ = parse(text);
        }
        assert!(parse("\"unbalanced").hint.is_some());
        assert!(parse("-").is_empty());
        assert!(parse("\"\"").is_empty());
    }

    #[test]
    fn typos_are_allowed_only_in_longer_words_without_digits() {
        assert_eq!(typos_allowed("2019"), 0);
        assert_eq!(typos_allowed("covid19"), 0);
        assert_eq!(typos_allowed("data"), 0);
        assert_eq!(typos_allowed("cloud"), 1);
        assert_eq!(typos_allowed("interoprability"), 2);
    }

    #[test]
    fn edit_distance_counts_a_swap_once() {
        assert_eq!(
            edit_distance("interoprability", "interoperability", 2),
            Some(1)
        );
        assert_eq!(edit_distance("goverment", "government", 1), Some(1));
        assert_eq!(edit_distance("sigend", "signed", 1), Some(1));
        assert_eq!(edit_distance("2019", "2018", 0), None);
        assert_eq!(edit_distance("abc", "xyz", 1), None);
    }
}
