//! The tantivy full-text index. It is derived from the store (built from its rows after each
//! import) and opened once per generation; each request takes a fresh searcher from the one
//! long-lived reader.

use std::path::Path;

use tantivy::collector::{Count, TopDocs};
use tantivy::query::QueryParser;
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, STORED, STRING,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::{doc, Index, IndexReader, ReloadPolicy, TantivyDocument};

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

/// The schema's field handles, resolved once.
#[derive(Clone, Debug)]
struct Fields {
    kind: Field,
    slug: Field,
    title: Field,
    body: Field,
    date: Field,
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
        })
    }
}

/// One searchable thing: an article (later also agreements, parties, people).
#[derive(Debug, Clone)]
pub struct IndexDoc {
    pub kind: &'static str,
    pub slug: String,
    pub title: String,
    pub body: String,
    pub date: Option<String>,
}

/// Builds a new index in `dir` from the given documents, in one commit.
pub fn build(dir: &Path, docs: impl IntoIterator<Item = IndexDoc>) -> Result<()> {
    std::fs::create_dir_all(dir)?;
    let (schema, fields) = Fields::schema();
    let index = Index::create_in_dir(dir, schema)?;
    // One thread and a modest arena: imports run beside a serving site on a small machine.
    let mut writer = index.writer_with_num_threads(1, 50_000_000)?;
    for d in docs {
        let mut document = doc!(
            fields.kind => d.kind,
            fields.slug => d.slug,
            fields.title => d.title,
            fields.body => d.body,
        );
        if let Some(date) = d.date {
            document.add_text(fields.date, date);
        }
        writer.add_document(document)?;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    Ok(())
}

/// A hit, ready to show: the snippet is HTML that tantivy has escaped, with matches in `<b>`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Hit {
    pub kind: String,
    pub slug: String,
    pub title_html: String,
    pub snippet_html: String,
    pub date: Option<String>,
    pub score: f32,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct SearchResults {
    pub total: usize,
    pub hits: Vec<Hit>,
    /// What the parser could not understand, for a gentle hint; never a failure.
    pub hint: Option<String>,
}

/// An opened index with its one long-lived reader.
#[derive(Clone)]
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
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
        })
    }

    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Ranked search with highlighted snippets. Any input is accepted: what the parser cannot
    /// read is dropped and reported in `hint`.
    pub fn search(&self, query: &str, limit: usize, offset: usize) -> Result<SearchResults> {
        let searcher = self.reader.searcher();
        let mut parser =
            QueryParser::for_index(&self.index, vec![self.fields.title, self.fields.body]);
        parser.set_conjunction_by_default();
        parser.set_field_boost(self.fields.title, 2.0);
        let (parsed, errors) = parser.parse_query_lenient(query);
        let hint = (!errors.is_empty()).then(|| {
            "Some of the query could not be understood, so it was searched as plain words. \
             Use quotes in pairs for phrases."
                .to_string()
        });
        let (top, total) = searcher.search(
            &parsed,
            &(TopDocs::with_limit(limit.max(1)).and_offset(offset), Count),
        )?;
        let mut body_snippets = SnippetGenerator::create(&searcher, &*parsed, self.fields.body)?;
        body_snippets.set_max_num_chars(240);
        let title_snippets = SnippetGenerator::create(&searcher, &*parsed, self.fields.title)?;
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            let text = |f: Field| {
                doc.get_first(f)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string()
            };
            let title_snippet = title_snippets.snippet_from_doc(&doc);
            let title_html = if title_snippet.highlighted().is_empty() {
                escape_html(&text(self.fields.title))
            } else {
                title_snippet.to_html()
            };
            let snippet = body_snippets.snippet_from_doc(&doc);
            let snippet_html = if snippet.fragment().is_empty() {
                escape_html(&first_chars(&text(self.fields.body), 240))
            } else {
                snippet.to_html()
            };
            hits.push(Hit {
                kind: text(self.fields.kind),
                slug: text(self.fields.slug),
                title_html,
                snippet_html,
                date: doc
                    .get_first(self.fields.date)
                    .and_then(|v| v.as_str())
                    .map(String::from),
                score,
            });
        }
        Ok(SearchResults { total, hits, hint })
    }
}

fn first_chars(text: &str, n: usize) -> String {
    let mut out: String = text.chars().take(n).collect();
    if out.len() < text.len() {
        out.push('…');
    }
    out
}

/// Escapes text for HTML; used only for fallback snippets (tantivy escapes its own).
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
