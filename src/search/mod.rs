//! The tantivy full-text index. It is derived from the store (built from its rows after each
//! import, see `documents`) and opened once per generation; each request takes a fresh searcher
//! from the one long-lived reader.
//!
//! One index holds four types of document: articles, agreements, parties and people. Each carries
//! hierarchical facets (`/country/SG`, `/party/<slug>`, `/year/2019`, ...) that filter and are
//! counted, and its date as two numbers (earliest and latest day it can mean), so a date range
//! matches a "June 2019" honestly.

mod cache;
mod documents;
mod facets;
pub mod query;
mod snippets;
mod stemming;

use std::collections::{BTreeSet, HashMap};
use std::ops::Bound;
use std::path::Path;
use std::sync::{Arc, LazyLock, Mutex, OnceLock};

use levenshtein_automata::{Distance, LevenshteinAutomatonBuilder, DFA};

use tantivy::collector::{Collector, Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{
    Facet, FacetOptions, Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value,
    FAST, INDEXED, STORED, STRING,
};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{
    DocAddress, DocId, Index, IndexReader, Order, ReloadPolicy, Score, Searcher, SegmentReader,
    TantivyDocument, Term,
};

use crate::extract::PartialDate;
use cache::ResultCache;
use facets::{FacetOrdCounter, FacetTable};
use query::{Clause, UserQuery};

pub use documents::send_documents;

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error("search index folder: {0}")]
    Io(#[from] std::io::Error),
    #[error("search index folder: {0}")]
    OpenDirectory(#[from] tantivy::directory::error::OpenDirectoryError),
}

pub type Result<T> = std::result::Result<T, SearchError>;

/// The facets every document may carry, in the order pages show them.
pub const FACETS: [&str; 7] = [
    "type", "country", "party", "person", "year", "kind", "topic",
];

/// The schema's field handles, resolved once.
#[derive(Clone, Debug)]
struct Fields {
    kind: Field,
    slug: Field,
    title: Field,
    body: Field,
    date: Field,
    facets: Field,
    date_lo: Field,
    date_hi: Field,
    newest: Field,
    oldest: Field,
}

impl Fields {
    fn schema() -> (Schema, Fields) {
        let mut builder = Schema::builder();
        let text = TextOptions::default()
            .set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer("en_stem")
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            )
            .set_stored();
        let fields = Fields {
            kind: builder.add_text_field("kind", STRING | STORED),
            slug: builder.add_text_field("slug", STRING | STORED),
            title: builder.add_text_field("title", text.clone()),
            body: builder.add_text_field("body", text),
            date: builder.add_text_field("date", STORED),
            // Indexed only: counts and filters read the index, and no page reads them back.
            facets: builder.add_facet_field("facets", FacetOptions::default()),
            date_lo: builder.add_u64_field("date_lo", INDEXED | FAST),
            date_hi: builder.add_u64_field("date_hi", INDEXED | FAST),
            newest: builder.add_u64_field("newest", FAST),
            oldest: builder.add_u64_field("oldest", FAST),
        };
        (builder.build(), fields)
    }

    fn from_schema(schema: &Schema) -> Result<Fields> {
        let get = |name: &str| {
            schema.get_field(name).map_err(|_| {
                SearchError::Tantivy(tantivy::TantivyError::SchemaError(format!(
                    "field {name} missing: the index was built by another version; re-import"
                )))
            })
        };
        Ok(Fields {
            kind: get("kind")?,
            slug: get("slug")?,
            title: get("title")?,
            body: get("body")?,
            date: get("date")?,
            facets: get("facets")?,
            date_lo: get("date_lo")?,
            date_hi: get("date_hi")?,
            newest: get("newest")?,
            oldest: get("oldest")?,
        })
    }
}

/// One searchable thing: an article, an agreement, a party or a person.
#[derive(Debug, Clone)]
pub struct IndexDoc {
    /// "article", "agreement", "party" or "person".
    pub kind: &'static str,
    pub slug: String,
    pub title: String,
    pub body: String,
    /// "YYYY-MM-DD", "YYYY-MM" or "YYYY".
    pub date: Option<String>,
    /// (facet, value) pairs, e.g. ("country", "SG").
    pub facets: Vec<(&'static str, String)>,
}

/// The earliest and latest day a partial date can mean, as YYYYMMDD numbers.
fn day_range(date: &PartialDate) -> (u64, u64) {
    let y = date.year.max(0) as u64;
    let lo =
        y * 10_000 + u64::from(date.month.unwrap_or(1)) * 100 + u64::from(date.day.unwrap_or(1));
    let hi =
        y * 10_000 + u64::from(date.month.unwrap_or(12)) * 100 + u64::from(date.day.unwrap_or(31));
    (lo, hi)
}

/// Largest YYYYMMDD number, so `oldest` can sort descending like `newest` with undated last.
const DAY_MAX: u64 = 99_991_231;

/// Low bits of a date sort key that hold the document's place in the build.
const PLACE_BITS: u32 = 24;
const PLACE_MAX: u64 = (1 << PLACE_BITS) - 1;

/// A `newest`/`oldest` sort key: the day, then the document's place in the build, first sent
/// first shown. Documents of one day (or undated ones) would otherwise tie, and tantivy breaks
/// ties by where a document landed, which depends on which of the two writer threads took it:
/// the same search on two imports of the same seeds listed them in different orders.
fn sort_key(day: u64, place: usize) -> u64 {
    (day << PLACE_BITS) | (PLACE_MAX - (place as u64).min(PLACE_MAX))
}

/// Low bits of a score's mantissa that ranking ignores: about one part in 30,000.
const SCORE_NOISE_BITS: u32 = 8;

/// `top` ranked by score, and documents of equal score by their place in the build, first sent
/// first. tantivy breaks ties by where a document landed, which depends on which of the two
/// writer threads took it: two imports of the same seeds listed equally relevant results (and
/// everything when browsing, where every score is equal) in different orders, so a page could
/// repeat or skip results across a re-import. Equal scores are not always bit-equal either: a
/// segment sums a document's term scores in an order of its own, so the last bits differ between
/// imports. Ranking reads a score without them.
fn by_score_then_place(top: TopDocs) -> impl Collector<Fruit = Vec<((u32, u64), DocAddress)>> {
    top.tweak_score(|segment: &SegmentReader| {
        // `newest` ends in the document's place (see `sort_key`); every document has one.
        let newest = segment.fast_fields().u64("newest").ok();
        move |doc: DocId, score: Score| {
            let earlier_first = newest
                .as_ref()
                .and_then(|column| column.first(doc))
                .map_or(0, |key| key & PLACE_MAX);
            // Scores are never negative, and the bits of a non-negative float sort as it does.
            (score.max(0.0).to_bits() >> SCORE_NOISE_BITS, earlier_first)
        }
    })
}

/// `by_score_then_place`'s results with their scores (as far as ranking read them).
fn untie(ranked: Vec<((u32, u64), DocAddress)>) -> Vec<(Score, DocAddress)> {
    ranked
        .into_iter()
        .map(|((score, _), address)| (f32::from_bits(score << SCORE_NOISE_BITS), address))
        .collect()
}

/// Builds a new index in `dir` from the given documents, in one commit.
pub fn build(dir: &Path, docs: impl IntoIterator<Item = IndexDoc>) -> Result<()> {
    std::fs::create_dir_all(dir)?;
    let (schema, fields) = Fields::schema();
    let index = Index::create_in_dir(dir, schema)?;
    // Registered for this build only: readers analyse queries with the stock `en_stem`.
    index
        .tokenizers()
        .register("en_stem", stemming::en_stem_remembering());
    // Two indexing threads, as extraction uses both cores: the index is the import's second
    // longest stage. 50 MB of arena each keeps a 100k-article import under its 1 GB peak.
    let mut writer = index.writer_with_num_threads(2, 100_000_000)?;
    for (place, d) in docs.into_iter().enumerate() {
        let mut document = TantivyDocument::default();
        document.add_text(fields.kind, d.kind);
        document.add_text(fields.slug, &d.slug);
        document.add_text(fields.title, &d.title);
        document.add_text(fields.body, &d.body);
        document.add_facet(fields.facets, Facet::from_path(["type", d.kind]));
        let mut seen = BTreeSet::new();
        for (facet, value) in &d.facets {
            if !value.is_empty() && seen.insert((*facet, value.as_str())) {
                document.add_facet(fields.facets, Facet::from_path([*facet, value.as_str()]));
            }
        }
        match d.date.as_deref().and_then(PartialDate::parse) {
            Some(date) => {
                let (lo, hi) = day_range(&date);
                document.add_u64(fields.date_lo, lo);
                document.add_u64(fields.date_hi, hi);
                document.add_u64(fields.newest, sort_key(lo, place));
                document.add_u64(fields.oldest, sort_key(DAY_MAX - lo, place));
            }
            None => {
                document.add_u64(fields.newest, sort_key(0, place));
                document.add_u64(fields.oldest, sort_key(0, place));
            }
        }
        if let Some(date) = d.date {
            document.add_text(fields.date, date);
        }
        writer.add_document(document)?;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    #[default]
    Relevance,
    Newest,
    Oldest,
}

/// A search as the page, the feeds and the API ask for it.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    pub text: String,
    /// Facet name → values; values of one facet are OR-ed, facets are AND-ed.
    pub filters: Vec<(&'static str, Vec<String>)>,
    pub from: Option<PartialDate>,
    pub to: Option<PartialDate>,
    pub sort: Sort,
    pub limit: usize,
    pub offset: usize,
    /// How many of each facet's values to return, most frequent first (0: all). Selected
    /// values are returned as well, wherever they rank.
    pub facet_values: usize,
}

/// A hit, ready to show: the snippets are HTML that tantivy has escaped, with matches in `<b>`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Hit {
    pub kind: String,
    pub slug: String,
    pub title: String,
    pub title_html: String,
    pub snippet_html: String,
    pub date: Option<String>,
    pub score: f32,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct FacetValue {
    pub value: String,
    pub count: u64,
    /// Its place among all the facet's counted values (0 = most frequent).
    #[serde(skip)]
    pub rank: usize,
}

/// The values of one facet among the matching documents, most frequent first.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FacetCounts {
    pub name: &'static str,
    pub values: Vec<FacetValue>,
    /// How many values have a count, including those not returned.
    pub distinct: usize,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct SearchResults {
    pub total: usize,
    pub hits: Vec<Hit>,
    /// What was read differently from what was typed, for a gentle hint; never a failure.
    pub hint: Option<String>,
    pub facets: Vec<FacetCounts>,
}

/// An opened index with its one long-lived reader.
#[derive(Clone)]
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    /// Close spellings already looked up, by (word, typos allowed): the index never changes.
    near_cache: Arc<Mutex<NearCache>>,
    /// Facet values with archive-wide ids, built on first use.
    facet_table: Arc<OnceLock<Arc<FacetTable>>>,
    /// Held while the facet table is built, so searches that come meanwhile wait for that one
    /// build instead of each starting their own (a second of CPU apiece at 100,000 articles).
    building_facet_table: Arc<Mutex<()>>,
    /// Facet counts over every document, for browsing without text or filters.
    all_counts: Arc<OnceLock<Vec<u32>>>,
    /// Finished searches: asked again, they cost a lookup.
    results: Arc<ResultCache>,
}

/// Close spellings by (word, typos allowed).
type NearCache = HashMap<(String, usize), Vec<String>>;

/// How many words' close spellings are kept before the cache starts afresh.
const NEAR_CACHE_ENTRIES: usize = 4096;

/// Levenshtein automaton builders for 0, 1 and 2 typos, a swap of neighbours counting once.
/// Building one is costly (milliseconds for two typos), so they are built once per process.
static LEVENSHTEIN: LazyLock<Vec<LevenshteinAutomatonBuilder>> = LazyLock::new(|| {
    (0..=2u8)
        .map(|d| LevenshteinAutomatonBuilder::new(d, true))
        .collect()
});

/// A Levenshtein DFA as an automaton over the term dictionary's bytes.
struct Dfa(DFA);

impl tantivy_fst::Automaton for Dfa {
    type State = u32;

    fn start(&self) -> u32 {
        self.0.initial_state()
    }

    fn is_match(&self, state: &u32) -> bool {
        matches!(self.0.distance(*state), Distance::Exact(_))
    }

    fn can_match(&self, state: &u32) -> bool {
        *state != levenshtein_automata::SINK_STATE
    }

    fn accept(&self, state: &u32, byte: u8) -> u32 {
        self.0.transition(*state, byte)
    }
}

impl SearchIndex {
    pub fn open(dir: &Path) -> Result<Self> {
        let index = Index::open_in_dir(dir)?;
        let fields = Fields::from_schema(&index.schema())?;
        // A generation's index never changes once live, so it never needs reloading.
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(Self {
            index,
            reader,
            fields,
            near_cache: Arc::default(),
            facet_table: Arc::default(),
            building_facet_table: Arc::default(),
            all_counts: Arc::default(),
            results: Arc::default(),
        })
    }

    /// Builds what every search reads once (the facet table, the counts over all documents), or
    /// waits for the build under way. Blocking: about a second at 100,000 articles, more on a
    /// cold cache; the server runs it when it opens a generation, so no search waits for it.
    pub fn prepare(&self) -> Result<()> {
        let searcher = self.reader.searcher();
        let table = self.facet_table(&searcher)?;
        self.all_counts(&searcher, &table)?;
        Ok(())
    }

    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Ranked search over the text with highlighted snippets (kept for simple callers).
    pub fn search(&self, text: &str, limit: usize, offset: usize) -> Result<Arc<SearchResults>> {
        self.run(&SearchRequest {
            text: text.to_string(),
            limit,
            offset,
            ..SearchRequest::default()
        })
    }

    /// A full search: text, facet filters, date range, sort, page, and facet counts. Any text is
    /// accepted; what was read differently is reported in `hint`. The answer is kept for the
    /// next time the same search is asked.
    pub fn run(&self, req: &SearchRequest) -> Result<Arc<SearchResults>> {
        if let Some(found) = self.results.get(req) {
            return Ok(found);
        }
        let results = Arc::new(self.run_uncached(req)?);
        self.results.put(req, results.clone());
        Ok(results)
    }

    /// The answer to a search already asked in this generation, if it is still kept: a lookup,
    /// cheap enough for an async handler to try before handing the search to a blocking thread.
    pub fn cached(&self, req: &SearchRequest) -> Option<Arc<SearchResults>> {
        self.results.get(req)
    }

    fn run_uncached(&self, req: &SearchRequest) -> Result<SearchResults> {
        let searcher = self.reader.searcher();
        let user = query::parse(&req.text);
        let text_query = self.text_query(&searcher, &user)?;

        // Each active facet's clause, kept apart so its own counts can leave it out (selecting
        // one country still shows how many results each other country would give).
        let mut facet_clauses: Vec<(&'static str, Box<dyn Query>)> = Vec::new();
        for (name, values) in &req.filters {
            let terms: Vec<(Occur, Box<dyn Query>)> = values
                .iter()
                .filter(|v| !v.is_empty())
                .map(|v| {
                    let term = Term::from_facet(
                        self.fields.facets,
                        &Facet::from_path([*name, v.as_str()]),
                    );
                    (
                        Occur::Should,
                        Box::new(TermQuery::new(term, IndexRecordOption::Basic)) as Box<dyn Query>,
                    )
                })
                .collect();
            if !terms.is_empty() {
                facet_clauses.push((name, Box::new(BooleanQuery::new(terms))));
            }
        }
        let mut fixed: Vec<Box<dyn Query>> = Vec::new();
        if let Some(q) = &text_query {
            fixed.push(q.box_clone());
        }
        if let Some(from) = &req.from {
            let term = Term::from_field_u64(self.fields.date_hi, day_range(from).0);
            fixed.push(Box::new(RangeQuery::new(
                Bound::Included(term),
                Bound::Unbounded,
            )));
        }
        if let Some(to) = &req.to {
            let term = Term::from_field_u64(self.fields.date_lo, day_range(to).1);
            fixed.push(Box::new(RangeQuery::new(
                Bound::Unbounded,
                Bound::Included(term),
            )));
        }
        let combine = |leave_out: Option<&str>| -> Box<dyn Query> {
            let mut parts: Vec<(Occur, Box<dyn Query>)> =
                fixed.iter().map(|q| (Occur::Must, q.box_clone())).collect();
            for (name, q) in &facet_clauses {
                if Some(*name) != leave_out {
                    // Filters only narrow: they must not change the text's ranking.
                    parts.push((Occur::Must, Box::new(BoostQuery::new(q.box_clone(), 0.0))));
                }
            }
            match parts.len() {
                0 => Box::new(AllQuery),
                _ => {
                    if text_query.is_none() {
                        parts.push((Occur::Must, Box::new(AllQuery)));
                    }
                    Box::new(BooleanQuery::new(parts))
                }
            }
        };
        let main = combine(None);

        let table = self.facet_table(&searcher)?;
        let active: Vec<&str> = facet_clauses.iter().map(|(n, _)| *n).collect();
        // Browsing everything: the counts never change, so they are counted once.
        let browsing_all = text_query.is_none() && fixed.is_empty() && active.is_empty();
        let counter = FacetOrdCounter {
            table: table.clone(),
        };
        let limit = req.limit.max(1);
        let top = TopDocs::with_limit(limit).and_offset(req.offset);
        // The shared facet counts (facets without a filter) come from the same pass.
        let (addresses, total, shared): (Vec<(f32, DocAddress)>, usize, Option<Vec<u32>>) =
            match req.sort {
                Sort::Relevance if browsing_all => {
                    let (a, t) = searcher.search(&*main, &(by_score_then_place(top), Count))?;
                    (untie(a), t, None)
                }
                Sort::Relevance => {
                    let (a, t, c) =
                        searcher.search(&*main, &(by_score_then_place(top), Count, counter))?;
                    (untie(a), t, Some(c))
                }
                Sort::Newest | Sort::Oldest => {
                    let field = if req.sort == Sort::Newest {
                        "newest"
                    } else {
                        "oldest"
                    };
                    let top = top.order_by_fast_field::<u64>(field, Order::Desc);
                    let (docs, total, counts) = if browsing_all {
                        let (d, t) = searcher.search(&*main, &(top, Count))?;
                        (d, t, None)
                    } else {
                        let (d, t, c) = searcher.search(
                            &*main,
                            &(
                                top,
                                Count,
                                FacetOrdCounter {
                                    table: table.clone(),
                                },
                            ),
                        )?;
                        (d, t, Some(c))
                    };
                    (
                        docs.into_iter().map(|(_, a)| (0.0, a)).collect(),
                        total,
                        counts,
                    )
                }
            };
        let hits = self.hits(&searcher, text_query.as_deref(), addresses)?;
        let shared = match shared {
            Some(counts) => counts,
            None => self.all_counts(&searcher, &table)?.clone(),
        };

        // Facet counts: the shared pass for the facets without a filter, one per filtered facet.
        let keep = match req.facet_values {
            0 => usize::MAX,
            n => n,
        };
        let mut facets = Vec::with_capacity(FACETS.len());
        for (i, name) in FACETS.iter().enumerate() {
            let selected: &[String] = req
                .filters
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_slice())
                .unwrap_or_default();
            let counts = if active.contains(name) {
                let own = searcher.search(
                    &*combine(Some(name)),
                    &FacetOrdCounter {
                        table: table.clone(),
                    },
                )?;
                table.top(&own, i, keep, selected)
            } else {
                table.top(&shared, i, keep, selected)
            };
            facets.push(counts);
        }
        Ok(SearchResults {
            total,
            hits,
            hint: user.hint,
            facets,
        })
    }

    /// The facet table, built on first use (a generation's index never changes).
    fn facet_table(&self, searcher: &Searcher) -> Result<Arc<FacetTable>> {
        if let Some(table) = self.facet_table.get() {
            return Ok(table.clone());
        }
        let _one_build = self
            .building_facet_table
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(table) = self.facet_table.get() {
            return Ok(table.clone());
        }
        let table = Arc::new(FacetTable::build(searcher, "facets")?);
        Ok(self.facet_table.get_or_init(|| table).clone())
    }

    /// Facet counts over every document, counted once.
    fn all_counts(&self, searcher: &Searcher, table: &Arc<FacetTable>) -> Result<&Vec<u32>> {
        if let Some(counts) = self.all_counts.get() {
            return Ok(counts);
        }
        let counts = searcher.search(
            &AllQuery,
            &FacetOrdCounter {
                table: table.clone(),
            },
        )?;
        Ok(self.all_counts.get_or_init(|| counts))
    }

    /// The text part of a search as a tantivy query; `None` when there are no words to match.
    fn text_query(&self, searcher: &Searcher, user: &UserQuery) -> Result<Option<Box<dyn Query>>> {
        let mut analyzer = self.index.tokenizers().get("en_stem").ok_or_else(|| {
            tantivy::TantivyError::SchemaError("en_stem tokenizer missing".into())
        })?;
        let mut parts: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for clause in &user.must {
            if let Some(q) = self.clause_query(searcher, &mut analyzer, clause, true)? {
                parts.push((Occur::Must, q));
            }
        }
        let has_must = !parts.is_empty();
        for clause in &user.must_not {
            if let Some(q) = self.clause_query(searcher, &mut analyzer, clause, false)? {
                parts.push((Occur::MustNot, q));
            }
        }
        if parts.is_empty() {
            return Ok(None);
        }
        if !has_must {
            parts.push((Occur::Must, Box::new(AllQuery)));
        }
        Ok(Some(Box::new(BooleanQuery::new(parts))))
    }

    /// A word or phrase over title (boosted) and body. A word may match close misspellings; a
    /// word the tokenizer splits ("e-government") is matched as a phrase, as tantivy's parser does.
    fn clause_query(
        &self,
        searcher: &Searcher,
        analyzer: &mut TextAnalyzer,
        clause: &Clause,
        typos: bool,
    ) -> Result<Option<Box<dyn Query>>> {
        let (text, is_word) = match clause {
            Clause::Word(w) => (w.as_str(), true),
            Clause::Phrase(p) => (p.as_str(), false),
        };
        let mut tokens: Vec<(usize, String)> = Vec::new();
        let mut stream = analyzer.token_stream(text);
        while let Some(token) = stream.next() {
            tokens.push((token.position, token.text.clone()));
        }
        let fields = [(self.fields.title, 2.0f32), (self.fields.body, 1.0f32)];
        let mut alternatives: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        match tokens.as_slice() {
            [] => return Ok(None),
            [(_, token)] => {
                let typos = if typos && is_word {
                    query::typos_allowed(text)
                } else {
                    0
                };
                let mut near = if typos > 0 {
                    self.near_terms(searcher, token, typos)?
                } else {
                    Vec::new()
                };
                // The index holds stems, and a misspelt word can stem to something far from the
                // stem of the word meant: "cooperaton" stays whole, "cooperation" is "cooper".
                if typos > 0 && near.is_empty() && !self.indexed(searcher, token)? {
                    near = self.near_beginnings(searcher, &text.to_lowercase())?;
                }
                for (field, boost) in fields {
                    let exact = TermQuery::new(
                        Term::from_field_text(field, token),
                        IndexRecordOption::WithFreqs,
                    );
                    alternatives.push((
                        Occur::Should,
                        Box::new(BoostQuery::new(Box::new(exact), boost)),
                    ));
                    for other in &near {
                        let q = TermQuery::new(
                            Term::from_field_text(field, other),
                            IndexRecordOption::WithFreqs,
                        );
                        alternatives.push((
                            Occur::Should,
                            Box::new(BoostQuery::new(Box::new(q), boost * 0.5)),
                        ));
                    }
                }
            }
            many => {
                for (field, boost) in fields {
                    let terms = many
                        .iter()
                        .map(|(pos, t)| (*pos, Term::from_field_text(field, t)))
                        .collect();
                    let phrase = PhraseQuery::new_with_offset(terms);
                    alternatives.push((
                        Occur::Should,
                        Box::new(BoostQuery::new(Box::new(phrase), boost)),
                    ));
                }
            }
        }
        Ok(Some(Box::new(BooleanQuery::new(alternatives))))
    }

    /// Indexed terms within `typos` edits of `token`, closest first, at most a handful. The term
    /// dictionary is walked with a Levenshtein automaton (only terms it can still match are
    /// visited), and the answer is kept: a generation's index never changes.
    fn near_terms(&self, searcher: &Searcher, token: &str, typos: usize) -> Result<Vec<String>> {
        let key = (token.to_string(), typos);
        if let Some(hit) = self
            .near_cache
            .lock()
            .ok()
            .and_then(|c| c.get(&key).cloned())
        {
            return Ok(hit);
        }
        let Some(builder) = LEVENSHTEIN.get(typos) else {
            return Ok(Vec::new());
        };
        let mut found: Vec<(usize, String)> = Vec::new();
        for segment in searcher.segment_readers() {
            for field in [self.fields.title, self.fields.body] {
                let inverted = segment.inverted_index(field)?;
                let automaton = Dfa(builder.build_dfa(token));
                let mut stream = inverted.terms().search(automaton).into_stream()?;
                while stream.advance() {
                    let Ok(term) = std::str::from_utf8(stream.key()) else {
                        continue;
                    };
                    if term == token || term.chars().any(|c| c.is_ascii_digit()) {
                        continue;
                    }
                    // The same measure as ever decides (a swap of neighbours counts once).
                    if let Some(d) = query::edit_distance(token, term, typos) {
                        found.push((d, term.to_string()));
                    }
                }
            }
        }
        found.sort();
        found.dedup_by(|a, b| a.1 == b.1);
        let near: Vec<String> = found.into_iter().take(8).map(|(_, t)| t).collect();
        if let Ok(mut cache) = self.near_cache.lock() {
            if cache.len() >= NEAR_CACHE_ENTRIES {
                cache.clear();
            }
            cache.insert(key, near.clone());
        }
        Ok(near)
    }

    /// Whether any document holds `term`.
    fn indexed(&self, searcher: &Searcher, term: &str) -> Result<bool> {
        for field in [self.fields.title, self.fields.body] {
            if searcher.doc_freq(&Term::from_field_text(field, term))? > 0 {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// For a word neither indexed nor near an indexed stem: the indexed stems nearest to one of
    /// its beginnings that an English ending follows (`query::beginnings`). Only the best are
    /// kept (fewest typos, then the longest beginning): the next guesses find noise.
    fn near_beginnings(&self, searcher: &Searcher, word: &str) -> Result<Vec<String>> {
        let mut found: Vec<(usize, usize, String)> = Vec::new();
        for (rank, beginning) in query::beginnings(word).into_iter().enumerate() {
            let typos = query::typos_allowed(&beginning);
            for near in self.near_terms(searcher, &beginning, typos)? {
                let d = query::edit_distance(&beginning, &near, typos).unwrap_or(typos);
                found.push((d, rank, near));
            }
            if self.indexed(searcher, &beginning)? {
                found.push((0, rank, beginning));
            }
        }
        found.sort();
        let Some((typos, rank, _)) = found.first().cloned() else {
            return Ok(Vec::new());
        };
        Ok(found
            .into_iter()
            .take_while(|(d, r, _)| (*d, *r) == (typos, rank))
            .map(|(_, _, term)| term)
            .collect())
    }

    fn hits(
        &self,
        searcher: &Searcher,
        text_query: Option<&dyn Query>,
        addresses: Vec<(f32, DocAddress)>,
    ) -> Result<Vec<Hit>> {
        let generators = match text_query {
            Some(q) => {
                let body = snippets::generator(searcher, q, self.fields.body, 240)?;
                let title = snippets::generator(searcher, q, self.fields.title, 150)?;
                Some((title, body))
            }
            None => None,
        };
        let mut hits = Vec::with_capacity(addresses.len());
        for (score, address) in addresses {
            let doc: TantivyDocument = searcher.doc(address)?;
            let text = |f: Field| {
                doc.get_first(f)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string()
            };
            let title = text(self.fields.title);
            let body = text(self.fields.body);
            let (title_html, snippet_html) = match &generators {
                Some((title_snippets, body_snippets)) => {
                    let t = title_snippets.snippet_from_doc(&doc);
                    let title_html = if t.highlighted().is_empty() {
                        escape_html(&title)
                    } else {
                        t.to_html()
                    };
                    let s = body_snippets.snippet_from_doc(&doc);
                    let snippet_html = if s.fragment().is_empty() {
                        escape_html(&first_chars(&body, 240))
                    } else {
                        s.to_html()
                    };
                    (title_html, snippet_html)
                }
                None => (escape_html(&title), escape_html(&first_chars(&body, 240))),
            };
            hits.push(Hit {
                kind: text(self.fields.kind),
                slug: text(self.fields.slug),
                title,
                title_html,
                snippet_html,
                date: doc
                    .get_first(self.fields.date)
                    .and_then(|v| v.as_str())
                    .map(String::from),
                score,
            });
        }
        Ok(hits)
    }
}

fn first_chars(text: &str, n: usize) -> String {
    let mut out: String = text.chars().take(n).collect();
    if out.len() < text.len() {
        out.push('…');
    }
    out
}

/// Escapes text for HTML; used for fallback snippets (tantivy escapes its own) and marked-up
/// article text.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sort_key_orders_by_day_then_by_place_in_the_build() {
        // A later day comes first (descending sort) whatever the places.
        assert!(sort_key(20_240_102, 5_000_000) > sort_key(20_240_101, 0));
        // The same day: the document sent first comes first.
        assert!(sort_key(20_240_101, 3) > sort_key(20_240_101, 4));
        // Undated documents come last, and in the order they were sent too.
        assert!(sort_key(19_000_101, PLACE_MAX as usize) > sort_key(0, 0));
        assert!(sort_key(0, 0) > sort_key(0, 1));
        // `oldest` keys stay apart from each other and fit the u64 with room to spare.
        assert!(sort_key(DAY_MAX, 0) < u64::MAX >> 8);
    }
}
