//! One search over articles, agreements, parties and people, as a finder page, JSON and Atom.
//! The query and every filter live in the URL, so any search can be bookmarked and shared, and
//! the same URL with `.json` or `.atom` gives the same results to machines.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use askama::Template;
use axum::extract::State;
use axum::http::{header, HeaderValue, Uri};
use axum::response::{Html, IntoResponse, Response};
use axum::Json;

use super::agreements::{human_date_or, render};
use super::query::Params;
use super::{AppState, Error, ASSET_VERSION};
use crate::extract::PartialDate;
use crate::search::{SearchRequest, SearchResults, Sort, FACETS};
use crate::store::person;

pub const PER_PAGE: usize = 20;
/// Deep pages cost the index more than they help anyone.
const MAX_PAGE: usize = 500;
/// How many values of a facet the page offers (selected ones are always shown too).
const FACET_VALUES_SHOWN: usize = 10;

/// A search as read from the URL: what was asked, what was understood, and what was ignored.
#[derive(Debug, Clone, Default)]
pub struct SearchForm {
    pub q: String,
    pub filters: Vec<(&'static str, Vec<String>)>,
    pub from: String,
    pub to: String,
    pub sort: Sort,
    /// Whether the visitor chose the sort (otherwise it follows the query).
    pub sort_given: bool,
    pub page: usize,
    pub notes: Vec<String>,
}

impl SearchForm {
    pub fn from_params(p: &Params) -> Self {
        let mut notes = Vec::new();
        let filters = FACETS
            .iter()
            .map(|name| (*name, p.all(name)))
            .filter(|(_, v)| !v.is_empty())
            .collect();
        let page = match p.first("page") {
            "" => 1,
            s => s.parse::<usize>().unwrap_or(1).clamp(1, MAX_PAGE),
        };
        let (sort, sort_given) = match p.first("sort") {
            "newest" => (Sort::Newest, true),
            "oldest" => (Sort::Oldest, true),
            "relevance" => (Sort::Relevance, true),
            _ => (Sort::Relevance, false),
        };
        let mut date = |key: &str, label: &str| -> String {
            let v = p.first(key);
            if !v.is_empty() && PartialDate::parse(v).is_none() {
                notes.push(format!(
                    "The {label} date “{v}” was not understood, so it was left out. Write it as 2019, 2019-06 or 2019-06-30."
                ));
                return String::new();
            }
            v.to_string()
        };
        let from = date("from", "from");
        let to = date("to", "to");
        SearchForm {
            q: p.first("q").to_string(),
            filters,
            from,
            to,
            sort,
            sort_given,
            page,
            notes,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.q.trim().is_empty()
            && self.filters.is_empty()
            && self.from.is_empty()
            && self.to.is_empty()
    }

    /// The sort used: relevance for words, newest first when browsing.
    pub fn effective_sort(&self) -> Sort {
        if !self.sort_given && self.q.trim().is_empty() {
            Sort::Newest
        } else {
            self.sort
        }
    }

    pub fn request(&self) -> SearchRequest {
        SearchRequest {
            text: self.q.clone(),
            filters: self.filters.clone(),
            from: PartialDate::parse(&self.from),
            to: PartialDate::parse(&self.to),
            sort: self.effective_sort(),
            limit: PER_PAGE,
            offset: (self.page - 1) * PER_PAGE,
            facet_values: FACET_VALUES_SHOWN,
        }
    }

    fn selected(&self, facet: &str, value: &str) -> bool {
        self.filters
            .iter()
            .any(|(n, vs)| *n == facet && vs.iter().any(|v| v == value))
    }

    /// This search's query string, changed by `edit` (which sees the pairs before encoding).
    pub fn query_string(&self, edit: impl FnOnce(&mut Vec<(String, String)>)) -> String {
        let mut pairs: Vec<(String, String)> = Vec::new();
        if !self.q.is_empty() {
            pairs.push(("q".into(), self.q.clone()));
        }
        for (name, values) in &self.filters {
            for v in values {
                pairs.push((name.to_string(), v.clone()));
            }
        }
        if !self.from.is_empty() {
            pairs.push(("from".into(), self.from.clone()));
        }
        if !self.to.is_empty() {
            pairs.push(("to".into(), self.to.clone()));
        }
        if self.sort_given {
            pairs.push(("sort".into(), sort_name(self.sort).into()));
        }
        if self.page > 1 {
            pairs.push(("page".into(), self.page.to_string()));
        }
        edit(&mut pairs);
        let mut s = form_urlencoded::Serializer::new(String::new());
        for (k, v) in &pairs {
            s.append_pair(k, v);
        }
        s.finish()
    }

    fn href(&self, path: &str, edit: impl FnOnce(&mut Vec<(String, String)>)) -> String {
        let qs = self.query_string(edit);
        if qs.is_empty() {
            path.to_string()
        } else {
            format!("{path}?{qs}")
        }
    }
}

fn sort_name(sort: Sort) -> &'static str {
    match sort {
        Sort::Relevance => "relevance",
        Sort::Newest => "newest",
        Sort::Oldest => "oldest",
    }
}

/// Where a hit's page lives.
pub fn href_of(kind: &str, slug: &str) -> String {
    let section = match kind {
        "agreement" => "agreements",
        "party" => "parties",
        "person" => "people",
        _ => "articles",
    };
    format!("/{section}/{slug}")
}

fn type_label(kind: &str) -> &'static str {
    match kind {
        "article" => "Press release",
        "agreement" => "Agreement",
        "party" => "Organisation",
        "person" => "Person",
        _ => "Other",
    }
}

pub fn facet_title(name: &str) -> &'static str {
    match name {
        "type" => "Type",
        "country" => "Country",
        "party" => "Organisation",
        "person" => "Person",
        "year" => "Year",
        "kind" => "Kind of agreement",
        "topic" => "Topic",
        _ => "Other",
    }
}

/// Human names for the facet values the index stores as codes and slugs.
pub(super) struct Labels {
    countries: HashMap<String, String>,
    parties: HashMap<String, String>,
    people: HashMap<String, String>,
}

impl Labels {
    async fn load(archive: &super::Archive) -> Result<Self, Error> {
        let pool = archive.store.pool();
        let catalog = super::catalog::Catalog::of(archive).await?;
        Ok(Labels {
            countries: catalog
                .country_totals
                .iter()
                .map(|c| (c.code.clone(), c.name.clone()))
                .collect(),
            parties: catalog.party_labels.clone(),
            people: person::names(pool).await?.into_iter().collect(),
        })
    }

    /// The archive's labels, read once per generation (a generation never changes).
    pub(super) async fn of(archive: &super::Archive) -> Result<Arc<Labels>, Error> {
        archive
            .labels
            .get_or_try_init(|| async { Labels::load(archive).await.map(Arc::new) })
            .await
            .cloned()
    }

    fn label(&self, facet: &str, value: &str) -> String {
        let found = match facet {
            "type" => Some(type_label(value).to_string()),
            "country" => self.countries.get(value).cloned(),
            "party" => self.parties.get(value).cloned(),
            "person" => self.people.get(value).cloned(),
            _ => None,
        };
        found.unwrap_or_else(|| value.to_string())
    }
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct FacetOption {
    pub value: String,
    pub label: String,
    pub count: u64,
    pub selected: bool,
    #[serde(skip)]
    pub id: String,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct FacetView {
    pub name: &'static str,
    pub title: &'static str,
    pub options: Vec<FacetOption>,
    /// Values not shown for want of room.
    pub more: usize,
    #[serde(skip)]
    pub open: bool,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct HitView {
    #[serde(rename = "type")]
    pub kind: String,
    pub slug: String,
    pub url: String,
    pub title: String,
    pub date: Option<String>,
    pub snippet_html: String,
    #[serde(skip)]
    pub title_html: String,
    #[serde(skip)]
    pub type_label: &'static str,
    #[serde(skip)]
    pub human_date: Option<String>,
}

/// A filter in force, with the link that removes it.
pub struct ActiveFilter {
    pub label: String,
    pub remove_href: String,
}

pub struct Outcome {
    pub form: SearchForm,
    pub results: Arc<SearchResults>,
    pub hits: Vec<HitView>,
    pub facets: Vec<FacetView>,
    pub hint: Option<String>,
    pub pages: usize,
}

/// Runs the search in the URL, off the async threads.
async fn run(state: &AppState, uri: &Uri) -> Result<Outcome, Error> {
    let form = SearchForm::from_params(&Params::from_uri(uri));
    let archive = state.archive();
    let labels = Labels::of(&archive).await?;
    let request = form.request();
    let results = match archive.index.cached(&request) {
        Some(found) => found,
        None => {
            let turn = state.search_turn().await;
            let archive = archive.clone();
            tokio::task::spawn_blocking(move || {
                let _turn = turn;
                // `run` looks in the cache again: the same search may have been answered while
                // this one waited.
                archive.index.run(&request)
            })
            .await??
        }
    };
    let hits = results
        .hits
        .iter()
        .map(|h| HitView {
            url: href_of(&h.kind, &h.slug),
            kind: h.kind.clone(),
            slug: h.slug.clone(),
            title: h.title.clone(),
            date: h.date.clone(),
            snippet_html: h.snippet_html.clone(),
            title_html: h.title_html.clone(),
            type_label: type_label(&h.kind),
            human_date: h.date.as_deref().map(|d| human_date_or(Some(d), "")),
        })
        .collect();
    let facets = results
        .facets
        .iter()
        .map(|f| {
            let mut options: Vec<FacetOption> = f
                .values
                .iter()
                .filter(|v| v.rank < FACET_VALUES_SHOWN || form.selected(f.name, &v.value))
                .map(|v| FacetOption {
                    label: labels.label(f.name, &v.value),
                    selected: form.selected(f.name, &v.value),
                    value: v.value.clone(),
                    count: v.count,
                    id: format!("f-{}-{}", f.name, v.rank),
                })
                .collect();
            // A selected value with no results still shows, so it can be unticked.
            for (name, values) in &form.filters {
                if *name == f.name {
                    for v in values {
                        if !options.iter().any(|o| o.value == *v) {
                            options.push(FacetOption {
                                label: labels.label(name, v),
                                value: v.clone(),
                                count: 0,
                                selected: true,
                                id: format!("f-{}-{}", f.name, options.len() + 1000),
                            });
                        }
                    }
                }
            }
            let more = f.distinct.saturating_sub(options.len());
            FacetView {
                name: f.name,
                title: facet_title(f.name),
                open: options.iter().any(|o| o.selected),
                options,
                more,
            }
        })
        .filter(|f| !f.options.is_empty())
        .collect();
    let mut hints: Vec<String> = form.notes.clone();
    hints.extend(results.hint.clone());
    let pages = results.total.div_ceil(PER_PAGE);
    Ok(Outcome {
        hint: (!hints.is_empty()).then(|| hints.join(" ")),
        form,
        hits,
        facets,
        pages,
        results,
    })
}

#[derive(Template)]
#[template(path = "search.html")]
pub struct SearchPage {
    asset_version: &'static str,
    query: String,
    browsing_all: bool,
    total: usize,
    hits: Vec<HitView>,
    hint: Option<String>,
    page: usize,
    pages: usize,
    facets: Vec<FacetView>,
    active: Vec<ActiveFilter>,
    from: String,
    to: String,
    sorts: Vec<(&'static str, &'static str, bool)>,
    prev_href: Option<String>,
    next_href: Option<String>,
    json_href: String,
    atom_href: String,
    clear_href: Option<String>,
}

pub async fn page(State(state): State<AppState>, uri: Uri) -> Result<Html<String>, Error> {
    let o = run(&state, &uri).await?;
    let form = &o.form;
    let archive = state.archive();
    let labels = Labels::of(&archive).await?;
    let mut active = Vec::new();
    for (name, values) in &form.filters {
        for v in values {
            active.push(ActiveFilter {
                label: format!("{}: {}", facet_title(name), labels.label(name, v)),
                remove_href: form.href("/search", |pairs| {
                    pairs.retain(|(k, val)| !(k == name && val == v) && k != "page")
                }),
            });
        }
    }
    for (key, label) in [("from", "From"), ("to", "To")] {
        let v = if key == "from" { &form.from } else { &form.to };
        if !v.is_empty() {
            active.push(ActiveFilter {
                label: format!("{label}: {}", human_date_or(Some(v), v)),
                remove_href: form.href("/search", |pairs| {
                    pairs.retain(|(k, _)| k != key && k != "page")
                }),
            });
        }
    }
    let effective = form.effective_sort();
    let sorts = [
        ("relevance", "Relevance", effective == Sort::Relevance),
        ("newest", "Newest first", effective == Sort::Newest),
        ("oldest", "Oldest first", effective == Sort::Oldest),
    ]
    .to_vec();
    let with_page = |n: usize| {
        form.href("/search", move |pairs| {
            pairs.retain(|(k, _)| k != "page");
            if n > 1 {
                pairs.push(("page".into(), n.to_string()));
            }
        })
    };
    render(&SearchPage {
        asset_version: ASSET_VERSION,
        query: form.q.clone(),
        browsing_all: form.is_empty(),
        total: o.results.total,
        hint: o.hint.clone(),
        page: form.page,
        pages: o.pages,
        prev_href: (form.page > 1).then(|| with_page(form.page - 1)),
        next_href: (form.page < o.pages).then(|| with_page(form.page + 1)),
        json_href: form.href("/search.json", |_| {}),
        atom_href: form.href("/search.atom", |p| p.retain(|(k, _)| k != "page")),
        clear_href: (!active.is_empty()).then(|| {
            form.href("/search", |pairs| {
                pairs.retain(|(k, _)| k == "q" || k == "sort")
            })
        }),
        from: form.from.clone(),
        to: form.to.clone(),
        facets: o.facets,
        hits: o.hits,
        active,
        sorts,
    })
}

#[derive(serde::Serialize)]
pub struct JsonQuery {
    q: String,
    /// Sorted by facet name, so the same search always serialises the same.
    filters: BTreeMap<&'static str, Vec<String>>,
    from: Option<String>,
    to: Option<String>,
    sort: &'static str,
    page: usize,
    per_page: usize,
}

#[derive(serde::Serialize)]
pub struct JsonResults {
    query: JsonQuery,
    total: usize,
    pages: usize,
    hint: Option<String>,
    results: Vec<HitView>,
    facets: Vec<FacetView>,
}

/// `/search.json` and `/api/search`: the page's results and facets for machines.
pub async fn json(State(state): State<AppState>, uri: Uri) -> Result<Json<JsonResults>, Error> {
    let o = run(&state, &uri).await?;
    let f = &o.form;
    Ok(Json(JsonResults {
        query: JsonQuery {
            q: f.q.clone(),
            filters: f.filters.iter().cloned().collect(),
            from: (!f.from.is_empty()).then(|| f.from.clone()),
            to: (!f.to.is_empty()).then(|| f.to.clone()),
            sort: sort_name(f.effective_sort()),
            page: f.page,
            per_page: PER_PAGE,
        },
        total: o.results.total,
        pages: o.pages,
        hint: o.hint,
        results: o.hits,
        facets: o.facets,
    }))
}

/// An entry of an Atom feed.
pub struct AtomEntry {
    pub id: String,
    pub title: String,
    pub href: String,
    pub updated: String,
    pub summary: String,
}

#[derive(Template)]
#[template(path = "feed.xml")]
pub struct AtomFeed {
    pub id: String,
    pub title: String,
    pub self_href: String,
    pub alternate_href: String,
    pub updated: String,
    pub entries: Vec<AtomEntry>,
}

/// An RFC 3339 time for a stored partial date (its first day), or the given fallback.
pub fn atom_time(date: Option<&str>, fallback: &str) -> String {
    date.and_then(PartialDate::parse)
        .map(|d| {
            format!(
                "{:04}-{:02}-{:02}T00:00:00Z",
                d.year,
                d.month.unwrap_or(1),
                d.day.unwrap_or(1)
            )
        })
        .unwrap_or_else(|| fallback.to_string())
}

pub fn atom_response(feed: &AtomFeed) -> Result<Response, Error> {
    let mut response = feed.render()?.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/atom+xml; charset=utf-8"),
    );
    Ok(response)
}

/// Undated items sort as if from the Unix epoch: Atom needs a time for every entry.
pub const UNDATED: &str = "1970-01-01T00:00:00Z";

/// `/search.atom`: the same search as a feed, so a saved search can be followed.
pub async fn atom(State(state): State<AppState>, uri: Uri) -> Result<Response, Error> {
    let o = run(&state, &uri).await?;
    let f = &o.form;
    let entries: Vec<AtomEntry> = o
        .hits
        .iter()
        .map(|h| AtomEntry {
            id: format!("tag:mou-archive,2024:{}/{}", h.kind, h.slug),
            title: format!("{}: {}", h.type_label, h.title),
            href: h.url.clone(),
            updated: atom_time(h.date.as_deref(), UNDATED),
            summary: strip_tags(&h.snippet_html),
        })
        .collect();
    let updated = entries
        .iter()
        .map(|e| e.updated.clone())
        .max()
        .unwrap_or_else(|| UNDATED.to_string());
    let qs = f.query_string(|p| p.retain(|(k, _)| k != "page"));
    atom_response(&AtomFeed {
        id: format!("tag:mou-archive,2024:search?{qs}"),
        title: if f.q.is_empty() {
            "MoU Archive search".to_string()
        } else {
            format!("MoU Archive search: {}", f.q)
        },
        self_href: f.href("/search.atom", |p| p.retain(|(k, _)| k != "page")),
        alternate_href: f.href("/search", |p| p.retain(|(k, _)| k != "page")),
        updated,
        entries,
    })
}

/// The text of snippet HTML (tantivy's `<b>` marks removed, its escapes undone once).
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_round_trips_through_its_url() {
        let p = Params::parse(
            "q=digital+id&country=SG&country=GB&year=2019&from=2019&to=bad&sort=oldest&page=2",
        );
        let f = SearchForm::from_params(&p);
        assert_eq!(f.q, "digital id");
        assert_eq!(
            f.filters,
            vec![
                ("country", vec!["SG".to_string(), "GB".to_string()]),
                ("year", vec!["2019".to_string()])
            ]
        );
        assert_eq!(f.to, "");
        assert_eq!(f.notes.len(), 1);
        assert_eq!(f.sort, Sort::Oldest);
        assert_eq!(f.page, 2);
        assert_eq!(
            f.query_string(|_| {}),
            "q=digital+id&country=SG&country=GB&year=2019&from=2019&sort=oldest&page=2"
        );
    }

    #[test]
    fn snippet_html_becomes_plain_text() {
        assert_eq!(strip_tags("a <b>b</b> &amp; &lt;c&gt;"), "a b & <c>");
    }
}
