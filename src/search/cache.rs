//! Finished searches, kept for the life of a generation. A generation's index never changes, so a
//! search asked again (the popular ones are asked again and again) is answered from here without
//! touching the index: no postings walked, no facets counted, no snippets cut.
//!
//! The cache is bounded by the bytes its answers hold, in two halves: new answers go into the
//! young half; when it is full the old half is dropped and the young one takes its place. An
//! answer found in the old half moves back into the young one, so what is asked often stays and
//! memory never exceeds the budget, whatever the queries.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::{SearchRequest, SearchResults, Sort};
use crate::extract::PartialDate;

/// Bytes of answers kept per generation (both halves together).
const BUDGET_BYTES: usize = 32 * 1024 * 1024;

/// A search request as a key: everything that decides its answer.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    text: String,
    filters: Vec<(&'static str, Vec<String>)>,
    from: Option<PartialDate>,
    to: Option<PartialDate>,
    sort: Sort,
    limit: usize,
    offset: usize,
    facet_values: usize,
}

impl Key {
    fn of(req: &SearchRequest) -> Key {
        Key {
            text: req.text.clone(),
            filters: req.filters.clone(),
            from: req.from,
            to: req.to,
            sort: req.sort,
            limit: req.limit,
            offset: req.offset,
            facet_values: req.facet_values,
        }
    }

    fn bytes(&self) -> usize {
        self.text.len()
            + self
                .filters
                .iter()
                .map(|(_, values)| values.iter().map(|v| v.len() + 24).sum::<usize>() + 40)
                .sum::<usize>()
            + 96
    }
}

#[derive(Default)]
struct Half {
    answers: HashMap<Key, Arc<SearchResults>>,
    bytes: usize,
}

#[derive(Default)]
pub(super) struct ResultCache {
    halves: Mutex<(Half, Half)>,
}

impl ResultCache {
    pub(super) fn get(&self, req: &SearchRequest) -> Option<Arc<SearchResults>> {
        let key = Key::of(req);
        let mut halves = self.halves.lock().ok()?;
        let (young, old) = &mut *halves;
        if let Some(found) = young.answers.get(&key) {
            return Some(found.clone());
        }
        let found = old.answers.remove(&key)?;
        let size = key.bytes() + results_bytes(&found);
        old.bytes = old.bytes.saturating_sub(size);
        Self::insert_young(young, old, key, found.clone(), size);
        Some(found)
    }

    pub(super) fn put(&self, req: &SearchRequest, results: Arc<SearchResults>) {
        let key = Key::of(req);
        let size = key.bytes() + results_bytes(&results);
        if size > BUDGET_BYTES / 2 {
            return;
        }
        if let Ok(mut halves) = self.halves.lock() {
            let (young, old) = &mut *halves;
            Self::insert_young(young, old, key, results, size);
        }
    }

    fn insert_young(
        young: &mut Half,
        old: &mut Half,
        key: Key,
        results: Arc<SearchResults>,
        size: usize,
    ) {
        if young.bytes + size > BUDGET_BYTES / 2 {
            *old = std::mem::take(young);
        }
        let key_bytes = key.bytes();
        if let Some(previous) = young.answers.insert(key, results) {
            young.bytes = young
                .bytes
                .saturating_sub(key_bytes + results_bytes(&previous));
        }
        young.bytes += size;
    }

    /// Answers held now, and their approximate bytes.
    #[cfg(test)]
    pub(super) fn usage(&self) -> (usize, usize) {
        self.halves.lock().map_or((0, 0), |h| {
            (h.0.answers.len() + h.1.answers.len(), h.0.bytes + h.1.bytes)
        })
    }
}

/// Roughly the heap an answer holds: its strings and the containers around them.
fn results_bytes(results: &SearchResults) -> usize {
    let hits: usize = results
        .hits
        .iter()
        .map(|h| {
            h.kind.len()
                + h.slug.len()
                + h.title.len()
                + h.title_html.len()
                + h.snippet_html.len()
                + h.date.as_ref().map_or(0, String::len)
                + 160
        })
        .sum();
    let facets: usize = results
        .facets
        .iter()
        .map(|f| f.values.iter().map(|v| v.value.len() + 48).sum::<usize>() + 48)
        .sum();
    hits + facets + results.hint.as_ref().map_or(0, String::len) + 128
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::Hit;

    fn answer(snippet_bytes: usize) -> Arc<SearchResults> {
        Arc::new(SearchResults {
            total: 1,
            hits: vec![Hit {
                kind: "article".into(),
                slug: "a".into(),
                title: "A".into(),
                title_html: "A".into(),
                snippet_html: "x".repeat(snippet_bytes),
                date: None,
                score: 1.0,
            }],
            hint: None,
            facets: Vec::new(),
        })
    }

    fn request(text: &str) -> SearchRequest {
        SearchRequest {
            text: text.into(),
            limit: 20,
            ..SearchRequest::default()
        }
    }

    #[test]
    fn an_answer_is_found_again_only_for_the_same_request() {
        let cache = ResultCache::default();
        cache.put(&request("cloud"), answer(10));
        assert!(cache.get(&request("cloud")).is_some());
        assert!(cache.get(&request("clouds")).is_none());
        let mut second_page = request("cloud");
        second_page.offset = 20;
        assert!(cache.get(&second_page).is_none());
    }

    #[test]
    fn memory_stays_within_the_budget_and_what_is_asked_often_stays() {
        let cache = ResultCache::default();
        cache.put(&request("popular"), answer(1000));
        for i in 0..20_000 {
            cache.put(&request(&format!("query {i}")), answer(10_000));
            if i % 100 == 0 {
                assert!(cache.get(&request("popular")).is_some(), "lost at {i}");
            }
        }
        let (answers, bytes) = cache.usage();
        assert!(bytes <= BUDGET_BYTES, "{bytes} bytes");
        assert!(answers < 20_000, "{answers} answers kept");
    }
}
