//! Extraction quality: scores `mou_archive::extract` against the hand-labelled
//! corpus in `tests/fixtures/extract/`.
//!
//! Every `*.txt` / `*.md` article there has a sibling `*.json` holding the
//! expected extraction. The test runs the extractor on each article, compares
//! the result field by field, prints a precision/recall table (visible with
//! `cargo test -- --nocapture`) and fails when any field falls below
//! [`TARGET`], listing the per-file mismatches of the failing fields.
//!
//! Counting rules for single values:
//! - expected and actual both null (or absent): not counted;
//! - equal: one true positive;
//! - actual non-null, expected null: one false positive;
//! - actual null, expected non-null: one false negative;
//! - both non-null and unequal: one false positive and one false negative.
//!
//! Lists (agreements, parties, signatories, topics, mentions) are matched one
//! to one; unmatched actual items are false positives and unmatched expected
//! items false negatives. Agreement sub-fields are scored only on matched
//! agreements, and `party.country`, `signatory.role` and `signatory.party`
//! only on matched parties and signatories, so one miss is not counted twice.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// Minimum precision and recall every field must reach.
const TARGET: f64 = 0.9;

/// Scored fields, in the order the table prints them.
const FIELDS: [&str; 16] = [
    "title",
    "published",
    "source_url",
    "agreement",
    "kind",
    "party",
    "party.country",
    "signatory",
    "signatory.role",
    "signatory.party",
    "signed.date",
    "signed.place",
    "duration",
    "expires",
    "topics",
    "mentioned",
];

/// Runs the extractor over the corpus and scores it; prints the table and the mismatches.
fn score_corpus() -> (Scorer, String) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/extract");
    let articles = article_paths(&dir);
    assert!(!articles.is_empty(), "no articles in {}", dir.display());

    let mut scorer = Scorer::default();
    for path in &articles {
        let file_name = path
            .file_name()
            .and_then(|name| name.to_str())
            .expect("fixture file names are UTF-8");
        let bytes = fs::read(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
        let expected = read_json(&path.with_extension("json"));
        let extracted = mou_archive::extract::extract_file(file_name, &bytes);
        let actual = serde_json::to_value(&extracted).expect("ExtractedFile serialises to JSON");

        scorer.file = file_name.to_owned();
        scorer.score_file(&expected, &actual);
    }

    let table = scorer.table(articles.len());
    println!("{table}");
    for mismatch in &scorer.mismatches {
        println!("{mismatch}");
    }
    (scorer, table)
}

#[test]
fn extraction_meets_precision_and_recall_targets_on_the_fixture_corpus() {
    let (scorer, table) = score_corpus();
    let failing: Vec<&str> = FIELDS
        .into_iter()
        .filter(|field| !scorer.counts(field).meets_target())
        .collect();
    assert!(
        failing.is_empty(),
        "{}",
        scorer.failure_report(&table, &failing)
    );
}

/// The articles of the corpus (`*.txt` and `*.md`), sorted by name.
fn article_paths(dir: &Path) -> Vec<PathBuf> {
    let entries = fs::read_dir(dir).unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()));
    let mut paths: Vec<PathBuf> = entries
        .map(|entry| entry.expect("readable directory entry").path())
        .filter(|path| {
            path.is_file()
                && matches!(
                    path.extension().and_then(|ext| ext.to_str()),
                    Some("txt" | "md")
                )
        })
        .collect();
    paths.sort();
    paths
}

fn read_json(path: &Path) -> Value {
    let text = fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("reading expected extraction {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("parsing {}: {e}", path.display()))
}

// ---------------------------------------------------------------------------
// Counting
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, Default)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Counts {
    /// Share of predictions that were right; 1.0 when nothing was predicted.
    fn precision(self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }

    /// Share of expected values that were found; 1.0 when nothing was expected.
    fn recall(self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }

    fn meets_target(self) -> bool {
        self.precision() >= TARGET && self.recall() >= TARGET
    }
}

fn ratio(numerator: usize, denominator: usize) -> f64 {
    if denominator == 0 {
        1.0
    } else {
        numerator as f64 / denominator as f64
    }
}

/// One wrong or missing value, kept to explain a failing field.
struct Mismatch {
    field: &'static str,
    file: String,
    detail: String,
}

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "  [{}] {}: {}", self.field, self.file, self.detail)
    }
}

#[derive(Default)]
struct Scorer {
    counts: BTreeMap<&'static str, Counts>,
    mismatches: Vec<Mismatch>,
    /// The article being scored, used to label mismatches.
    file: String,
}

impl Scorer {
    fn counts(&self, field: &str) -> Counts {
        self.counts.get(field).copied().unwrap_or_default()
    }

    fn entry(&mut self, field: &'static str) -> &mut Counts {
        self.counts.entry(field).or_default()
    }

    fn hit(&mut self, field: &'static str) {
        self.entry(field).tp += 1;
    }

    fn false_positive(&mut self, field: &'static str, detail: String) {
        self.entry(field).fp += 1;
        self.note(field, detail);
    }

    fn false_negative(&mut self, field: &'static str, detail: String) {
        self.entry(field).fn_ += 1;
        self.note(field, detail);
    }

    fn note(&mut self, field: &'static str, detail: String) {
        self.mismatches.push(Mismatch {
            field,
            file: self.file.clone(),
            detail,
        });
    }

    /// Scores one optional value under the null rules in the module docs;
    /// `same` decides whether two non-null values are equal.
    fn scalar(
        &mut self,
        field: &'static str,
        context: &str,
        expected: Option<String>,
        actual: Option<String>,
        same: impl Fn(&str, &str) -> bool,
    ) {
        match (expected, actual) {
            (None, None) => {}
            (Some(e), Some(a)) if same(&e, &a) => self.hit(field),
            (Some(e), Some(a)) => {
                self.entry(field).fp += 1;
                self.entry(field).fn_ += 1;
                self.note(field, format!("{context}expected {e:?}, got {a:?}"));
            }
            (Some(e), None) => {
                self.false_negative(field, format!("{context}expected {e:?}, got null"))
            }
            (None, Some(a)) => {
                self.false_positive(field, format!("{context}expected null, got {a:?}"))
            }
        }
    }

    fn score_file(&mut self, expected: &Value, actual: &Value) {
        for field in ["title", "published", "source_url"] {
            self.scalar(
                field,
                "",
                text(&expected[field]),
                text(&actual[field]),
                |e, a| e == a,
            );
        }
        self.score_agreements(items(&expected["agreements"]), items(&actual["agreements"]));
        self.score_mentions(items(&expected["mentioned"]), items(&actual["mentioned"]));
    }

    fn score_agreements(&mut self, expected: &[Value], actual: &[Value]) {
        let partners = align_agreements(expected, actual);
        let mut used = vec![false; actual.len()];
        for (e, partner) in expected.iter().zip(&partners) {
            match *partner {
                Some(j) => {
                    used[j] = true;
                    self.hit("agreement");
                    self.score_agreement(e, &actual[j]);
                }
                None => self.false_negative("agreement", format!("missing {}", describe(e))),
            }
        }
        for (a, used) in actual.iter().zip(used) {
            if !used {
                self.false_positive("agreement", format!("unexpected {}", describe(a)));
            }
        }
    }

    /// Scores the sub-fields of an expected agreement and its matched actual one.
    fn score_agreement(&mut self, expected: &Value, actual: &Value) {
        let context = format!("{}: ", describe(expected));

        self.scalar(
            "kind",
            &context,
            text(&expected["kind"]),
            text(&actual["kind"]),
            |e, a| e.to_lowercase() == a.to_lowercase(),
        );

        // Parties, then the country of each matched party.
        let exp_parties = items(&expected["parties"]);
        let act_parties = items(&actual["parties"]);
        let party_partner = max_matching(exp_parties.len(), act_parties.len(), |i, j| {
            parties_match(&exp_parties[i], &act_parties[j])
        });
        // For each actual party, the expected party it was matched to.
        let mut expected_party_of = vec![None; act_parties.len()];
        for (i, partner) in party_partner.iter().enumerate() {
            match *partner {
                Some(j) => {
                    expected_party_of[j] = Some(i);
                    self.hit("party");
                    let name = text(&exp_parties[i]["name"]).unwrap_or_default();
                    self.scalar(
                        "party.country",
                        &format!("{context}party {name:?}: "),
                        text(&exp_parties[i]["country_code"]),
                        text(&act_parties[j]["country_code"]),
                        |e, a| e.eq_ignore_ascii_case(a),
                    );
                }
                None => self.false_negative(
                    "party",
                    format!("{context}missing party {}", exp_parties[i]["name"]),
                ),
            }
        }
        for (j, party) in act_parties.iter().enumerate() {
            if expected_party_of[j].is_none() {
                self.false_positive(
                    "party",
                    format!("{context}unexpected party {}", party["name"]),
                );
            }
        }

        // Signatories, then the role and party of each matched signatory.
        let exp_signatories = items(&expected["signatories"]);
        let act_signatories = items(&actual["signatories"]);
        let signatory_partner =
            max_matching(exp_signatories.len(), act_signatories.len(), |i, j| match (
                text(&exp_signatories[i]["name"]),
                text(&act_signatories[j]["name"]),
            ) {
                (Some(e), Some(a)) => same_person(&e, &a),
                _ => false,
            });
        let mut signatory_used = vec![false; act_signatories.len()];
        for (i, partner) in signatory_partner.iter().enumerate() {
            let exp = &exp_signatories[i];
            let Some(j) = *partner else {
                self.false_negative(
                    "signatory",
                    format!("{context}missing signatory {}", exp["name"]),
                );
                continue;
            };
            signatory_used[j] = true;
            self.hit("signatory");
            let act = &act_signatories[j];
            let signatory_context = format!("{context}signatory {}: ", exp["name"]);
            self.scalar(
                "signatory.role",
                &signatory_context,
                text(&exp["role"]),
                text(&act["role"]),
                same_role,
            );
            // The actual party name may use a form only the expected parties
            // know, or one only the extractor's own parties define.
            let resolve_actual = |name: &str| {
                find_party(name, exp_parties)
                    .or_else(|| find_party(name, act_parties).and_then(|k| expected_party_of[k]))
            };
            self.scalar(
                "signatory.party",
                &signatory_context,
                text(&exp["party"]),
                text(&act["party"]),
                |e, a| match find_party(e, exp_parties) {
                    Some(target) => resolve_actual(a) == Some(target),
                    None => party_key(e) == party_key(a),
                },
            );
        }
        for (j, signatory) in act_signatories.iter().enumerate() {
            if !signatory_used[j] {
                self.false_positive(
                    "signatory",
                    format!("{context}unexpected signatory {}", signatory["name"]),
                );
            }
        }

        self.scalar(
            "signed.date",
            &context,
            text(&expected["signed"]["date"]),
            text(&actual["signed"]["date"]),
            |e, a| e == a,
        );
        self.scalar(
            "signed.place",
            &context,
            text(&expected["signed"]["place"]),
            text(&actual["signed"]["place"]),
            same_place,
        );
        self.scalar(
            "duration",
            &context,
            text(&expected["duration"]),
            text(&actual["duration"]),
            |e, a| duration_key(e) == duration_key(a),
        );
        self.scalar(
            "expires",
            &context,
            text(&expected["expires"]),
            text(&actual["expires"]),
            |e, a| e == a,
        );

        let exp_topics = topics(expected);
        let act_topics = topics(actual);
        for topic in &exp_topics {
            if act_topics.contains(topic) {
                self.hit("topics");
            } else {
                self.false_negative("topics", format!("{context}missing topic {topic:?}"));
            }
        }
        for topic in act_topics.difference(&exp_topics) {
            self.false_positive("topics", format!("{context}unexpected topic {topic:?}"));
        }
    }

    fn score_mentions(&mut self, expected: &[Value], actual: &[Value]) {
        let partners = max_matching(expected.len(), actual.len(), |i, j| {
            same_mention(&expected[i], &actual[j])
        });
        let mut used = vec![false; actual.len()];
        for (mention, partner) in expected.iter().zip(&partners) {
            match *partner {
                Some(j) => {
                    used[j] = true;
                    self.hit("mentioned");
                }
                None => self.false_negative("mentioned", format!("missing mention {mention}")),
            }
        }
        for (mention, used) in actual.iter().zip(used) {
            if !used {
                self.false_positive("mentioned", format!("unexpected mention {mention}"));
            }
        }
    }

    fn table(&self, articles: usize) -> String {
        let mut out = format!(
            "Extraction quality over {articles} articles \
             (target: precision and recall >= {TARGET})\n"
        );
        writeln!(
            out,
            "{:<16} {:>5} {:>5} {:>5} {:>9} {:>7}",
            "field", "TP", "FP", "FN", "precision", "recall"
        )
        .unwrap();
        for field in FIELDS {
            let c = self.counts(field);
            let flag = if c.meets_target() {
                ""
            } else {
                "  <- below target"
            };
            writeln!(
                out,
                "{:<16} {:>5} {:>5} {:>5} {:>9.3} {:>7.3}{flag}",
                field,
                c.tp,
                c.fp,
                c.fn_,
                c.precision(),
                c.recall()
            )
            .unwrap();
        }
        out
    }

    fn failure_report(&self, table: &str, failing: &[&str]) -> String {
        let mut out = format!(
            "extraction quality below target for: {}\n\n{table}",
            failing.join(", ")
        );
        for field in failing {
            writeln!(out, "\nMismatches for {field}:").unwrap();
            for mismatch in self.mismatches.iter().filter(|m| m.field == *field) {
                writeln!(out, "{mismatch}").unwrap();
            }
        }
        out
    }
}

// ---------------------------------------------------------------------------
// Alignment
// ---------------------------------------------------------------------------

/// Pairs each expected agreement with at most one actual agreement, greedily
/// taking the pair that shares the most parties (ties broken by same kind,
/// then same signing date, then document order). Agreements that share no
/// party with any remaining partner stay unmatched.
fn align_agreements(expected: &[Value], actual: &[Value]) -> Vec<Option<usize>> {
    let mut candidates = Vec::new();
    for (i, e) in expected.iter().enumerate() {
        for (j, a) in actual.iter().enumerate() {
            let shared = shared_parties(e, a);
            if shared > 0 {
                let same_kind = text(&e["kind"]).map(|k| k.to_lowercase())
                    == text(&a["kind"]).map(|k| k.to_lowercase());
                let same_date = text(&e["signed"]["date"]) == text(&a["signed"]["date"]);
                candidates.push((
                    Reverse(shared),
                    Reverse(same_kind),
                    Reverse(same_date),
                    i,
                    j,
                ));
            }
        }
    }
    candidates.sort();

    let mut partners = vec![None; expected.len()];
    let mut taken = vec![false; actual.len()];
    for (.., i, j) in candidates {
        if partners[i].is_none() && !taken[j] {
            partners[i] = Some(j);
            taken[j] = true;
        }
    }
    partners
}

/// How many parties two agreements have in common (one to one).
fn shared_parties(expected: &Value, actual: &Value) -> usize {
    let exp = items(&expected["parties"]);
    let act = items(&actual["parties"]);
    max_matching(exp.len(), act.len(), |i, j| parties_match(&exp[i], &act[j]))
        .iter()
        .flatten()
        .count()
}

/// Maximum one-to-one matching between `n` expected and `m` actual items,
/// where `compatible(i, j)` says whether expected `i` may pair with actual `j`
/// (Kuhn's augmenting paths; the lists here are tiny). Returns, for each
/// expected item, the index of its actual partner.
fn max_matching(
    n: usize,
    m: usize,
    compatible: impl Fn(usize, usize) -> bool,
) -> Vec<Option<usize>> {
    let options: Vec<Vec<usize>> = (0..n)
        .map(|i| (0..m).filter(|&j| compatible(i, j)).collect())
        .collect();
    // owner[j]: the expected item currently paired with actual item j.
    let mut owner: Vec<Option<usize>> = vec![None; m];
    for i in 0..n {
        let mut visited = vec![false; m];
        augment(i, &options, &mut owner, &mut visited);
    }

    let mut partners = vec![None; n];
    for (j, i) in owner.iter().enumerate() {
        if let Some(i) = *i {
            partners[i] = Some(j);
        }
    }
    partners
}

/// Tries to pair expected item `i`, re-pairing earlier items if that frees a
/// partner for it.
fn augment(
    i: usize,
    options: &[Vec<usize>],
    owner: &mut [Option<usize>],
    visited: &mut [bool],
) -> bool {
    for &j in &options[i] {
        if visited[j] {
            continue;
        }
        visited[j] = true;
        let free = match owner[j] {
            None => true,
            Some(other) => augment(other, options, owner, visited),
        };
        if free {
            owner[j] = Some(i);
            return true;
        }
    }
    false
}

// ---------------------------------------------------------------------------
// Comparisons
// ---------------------------------------------------------------------------

/// Lower-case alphanumeric words of `s`; every other character separates words.
fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Comparison key for an organisation name: lower-case, "&" read as "and",
/// the word "the" dropped and all punctuation and spacing removed, so
/// "The Information & eGovernment Authority" == "Information and e-Government
/// Authority" and "NITA-U" == "NITA U".
fn party_key(name: &str) -> String {
    words(&name.replace('&', " and "))
        .into_iter()
        .filter(|word| word != "the")
        .collect()
}

/// Keys of a party's name and aliases.
fn party_keys(party: &Value) -> Vec<String> {
    let aliases = items(&party["aliases"]).iter().filter_map(text);
    text(&party["name"])
        .into_iter()
        .chain(aliases)
        .map(|name| party_key(&name))
        .filter(|key| !key.is_empty())
        .collect()
}

/// Two parties match when the name or an alias of one equals the name or an
/// alias of the other.
fn parties_match(a: &Value, b: &Value) -> bool {
    let keys = party_keys(b);
    party_keys(a).iter().any(|key| keys.contains(key))
}

/// The index of the party whose name or alias is `name`.
fn find_party(name: &str, parties: &[Value]) -> Option<usize> {
    let key = party_key(name);
    parties
        .iter()
        .position(|party| party_keys(party).contains(&key))
}

/// Person names match when, lower-cased, they hold the same words in any
/// order, reading hyphens and dots either as separators or as nothing:
/// "Lee Jong-ho" == "Jong-ho Lee" == "Jongho Lee", "S. Krishnan" == "S Krishnan".
fn same_person(a: &str, b: &str) -> bool {
    let b_readings = name_readings(b);
    name_readings(a)
        .iter()
        .any(|reading| !reading.is_empty() && b_readings.contains(reading))
}

/// The sorted words of a name, with hyphens and dots read as separators and
/// as nothing; apostrophes are always dropped.
fn name_readings(name: &str) -> [Vec<String>; 2] {
    let reading = |as_separator: bool| {
        let cleaned: String = name
            .chars()
            .filter_map(|c| match c {
                '-' | '\u{2010}' | '\u{2011}' | '.' => as_separator.then_some(' '),
                '\'' | '\u{2019}' => None,
                c => Some(c),
            })
            .collect();
        let mut tokens = words(&cleaned);
        tokens.sort();
        tokens
    };
    [reading(true), reading(false)]
}

/// Roles match when, as lower-case words with a leading "the" dropped, they
/// are equal or one is a whole-word prefix of the other ("Chief Executive
/// Officer" matches "Chief Executive Officer of the DTA").
fn same_role(a: &str, b: &str) -> bool {
    let role_words = |role: &str| {
        let mut tokens = words(role);
        if tokens.first().is_some_and(|word| word == "the") {
            tokens.remove(0);
        }
        tokens
    };
    let (a, b) = (role_words(a), role_words(b));
    let shorter = a.len().min(b.len());
    shorter > 0 && a[..shorter] == b[..shorter]
}

/// Places match when, as lower-case words, they are equal or one contains the
/// other as whole words ("Tallinn" matches "Kadriorg Palace, Tallinn").
fn same_place(a: &str, b: &str) -> bool {
    let (a, b) = (words(a), words(b));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let (a, b) = (format!(" {} ", a.join(" ")), format!(" {} ", b.join(" ")));
    a.contains(&b) || b.contains(&a)
}

/// Normal form of a duration: number words become digits and units plural,
/// so "three years", "3 years", "a period of three years" and "three-year"
/// all read "3 years". Text without a number and unit is kept as words.
fn duration_key(duration: &str) -> String {
    let tokens: Vec<String> = words(duration)
        .into_iter()
        .map(|word| match number_word(&word) {
            Some(n) => n.to_string(),
            None => match word.as_str() {
                "year" | "month" | "week" | "day" => format!("{word}s"),
                _ => word,
            },
        })
        .collect();
    tokens
        .windows(2)
        .find(|pair| {
            pair[0].parse::<u32>().is_ok()
                && matches!(pair[1].as_str(), "years" | "months" | "weeks" | "days")
        })
        .map(|pair| format!("{} {}", pair[0], pair[1]))
        .unwrap_or_else(|| tokens.join(" "))
}

fn number_word(word: &str) -> Option<u32> {
    const NUMBERS: [&str; 10] = [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ];
    NUMBERS
        .iter()
        .position(|number| *number == word)
        .map(|index| index as u32 + 1)
}

/// An agreement's topics, lower-cased.
fn topics(agreement: &Value) -> BTreeSet<String> {
    items(&agreement["topics"])
        .iter()
        .filter_map(text)
        .map(|topic| topic.to_lowercase())
        .collect()
}

/// Mentions match when their years are equal (both unknown counts as equal)
/// and their names share at least half the words of the shorter name, or one
/// name is the acronym of the other ("DEPA" for "Digital Economy Partnership
/// Agreement").
fn same_mention(a: &Value, b: &Value) -> bool {
    if mention_year(a) != mention_year(b) {
        return false;
    }
    let (a, b) = (mention_words(a), mention_words(b));
    let set_a: BTreeSet<&String> = a.iter().collect();
    let set_b: BTreeSet<&String> = b.iter().collect();
    let shorter = set_a.len().min(set_b.len());
    let overlapping = shorter > 0 && 2 * set_a.intersection(&set_b).count() >= shorter;
    overlapping || abbreviates(&a, &b) || abbreviates(&b, &a)
}

/// Whether one of the words of `short` is the initials of the words of `long`.
fn abbreviates(short: &[String], long: &[String]) -> bool {
    let initials: String = long.iter().filter_map(|word| word.chars().next()).collect();
    initials.chars().count() >= 2 && short.contains(&initials)
}

fn mention_year(mention: &Value) -> Option<i64> {
    match &mention["year"] {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// The content words of a mention's name, in order: common short words are
/// dropped and the usual abbreviations spelt out ("MoU" -> "memorandum
/// understanding").
fn mention_words(mention: &Value) -> Vec<String> {
    const STOP_WORDS: [&str; 12] = [
        "the", "a", "an", "of", "and", "on", "in", "for", "with", "between", "to", "s",
    ];
    let name = text(&mention["name"]).unwrap_or_default();
    words(&name)
        .into_iter()
        .flat_map(|word| match word.as_str() {
            "mou" => vec!["memorandum".to_owned(), "understanding".to_owned()],
            "moc" => vec!["memorandum".to_owned(), "cooperation".to_owned()],
            "loi" => vec!["letter".to_owned(), "intent".to_owned()],
            _ => vec![word],
        })
        .filter(|word| !STOP_WORDS.contains(&word.as_str()))
        .collect()
}

// ---------------------------------------------------------------------------
// JSON helpers
// ---------------------------------------------------------------------------

/// A value as text: `None` for null, absent or blank values; strings trimmed;
/// anything else in its JSON form.
fn text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) => Some(s.trim()).filter(|s| !s.is_empty()).map(str::to_owned),
        other => Some(other.to_string()),
    }
}

/// The elements of a JSON array; empty for anything else.
fn items(value: &Value) -> &[Value] {
    value.as_array().map(Vec::as_slice).unwrap_or(&[])
}

/// Short label for an agreement in mismatch messages, e.g.
/// `Memorandum of Understanding [Digital Transformation Agency + GovTech]`.
fn describe(agreement: &Value) -> String {
    let parties: Vec<String> = items(&agreement["parties"])
        .iter()
        .filter_map(|party| text(&party["name"]))
        .collect();
    format!(
        "{} [{}]",
        text(&agreement["kind"]).unwrap_or_else(|| "agreement".to_owned()),
        parties.join(" + ")
    )
}
