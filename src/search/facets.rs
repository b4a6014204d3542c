//! Facet counts on term ordinals. tantivy's `FacetCollector` turns every matching facet into its
//! text path and a `BTreeMap` entry, per request; at 100,000 articles that is tens of thousands of
//! people and parties each time. Here each segment counts into a plain `Vec<u32>` indexed by the
//! facet column's ordinals, the counts are mapped once to archive-wide ids, and only the values a
//! page shows are ranked and turned into text.
//!
//! The ids come from a table built once per index (a generation's index never changes): every
//! facet value of every segment, sorted by its encoded path, so each facet's values form one
//! contiguous run of ids in value order.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;
use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::index::SegmentId;
use tantivy::schema::Facet;
use tantivy::{DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use super::{FacetCounts, FacetValue, FACETS};

/// Stands for an ordinal that is no value of a known facet.
const NONE: u32 = u32::MAX;

/// Every facet value of the index with an archive-wide id, and each segment's ordinals mapped
/// to those ids.
pub(super) struct FacetTable {
    /// The value (last path step) by id.
    values: Vec<String>,
    /// Each facet's ids, in the order of `FACETS`.
    ranges: Vec<Range<u32>>,
    /// Each segment's documents' facet ids.
    segments: HashMap<SegmentId, Arc<SegmentFacets>>,
}

/// A segment's documents' facet ids, flat: document `d`'s are `ids[starts[d]..starts[d + 1]]`.
/// Reading them from here rather than from the facet column (and mapping each ordinal) is most
/// of what a search with many matches spends on facets.
struct SegmentFacets {
    starts: Vec<u32>,
    ids: Vec<u32>,
}

impl FacetTable {
    pub(super) fn build(searcher: &Searcher, field: &str) -> tantivy::Result<FacetTable> {
        // Each segment's encoded facets, in ordinal order.
        let mut per_segment: Vec<(&SegmentReader, Vec<Vec<u8>>)> = Vec::new();
        let mut all: BTreeSet<Vec<u8>> = BTreeSet::new();
        for segment in searcher.segment_readers() {
            let reader = segment.facet_reader(field)?;
            let mut terms = Vec::with_capacity(reader.num_facets());
            let mut stream = reader.facet_dict().stream()?;
            while stream.advance() {
                terms.push(stream.key().to_vec());
            }
            all.extend(terms.iter().cloned());
            per_segment.push((segment, terms));
        }
        // Only two-step paths of a known facet ("country\0SG") are counted, as before.
        let mut values = Vec::new();
        let mut ranges: Vec<Range<u32>> = vec![0..0; FACETS.len()];
        let mut ids: HashMap<Vec<u8>, u32> = HashMap::new();
        for encoded in all {
            let Ok(facet) = Facet::from_encoded(encoded.clone()) else {
                continue;
            };
            let path = facet.to_path();
            let [name, value] = path.as_slice() else {
                continue;
            };
            let Some(f) = FACETS.iter().position(|n| n == name) else {
                continue;
            };
            let id = values.len() as u32;
            let range = &mut ranges[f];
            if range.start == range.end {
                *range = id..id + 1;
            } else {
                range.end = id + 1;
            }
            values.push((*value).to_string());
            ids.insert(encoded, id);
        }
        let mut segments = HashMap::new();
        for (segment, terms) in per_segment {
            let map: Vec<u32> = terms
                .iter()
                .map(|t| ids.get(t).copied().unwrap_or(NONE))
                .collect();
            let reader = segment.facet_reader(field)?;
            let mut starts = Vec::with_capacity(segment.max_doc() as usize + 1);
            let mut flat = Vec::new();
            starts.push(0);
            for doc in 0..segment.max_doc() {
                // A value listed twice for one document counts once, as with `FacetCollector`.
                let mut previous = u64::MAX;
                for ord in reader.facet_ords(doc) {
                    if ord != previous {
                        previous = ord;
                        match map.get(ord as usize) {
                            Some(&id) if id != NONE => flat.push(id),
                            _ => {}
                        }
                    }
                }
                starts.push(flat.len() as u32);
            }
            let facets = SegmentFacets { starts, ids: flat };
            segments.insert(segment.segment_id(), Arc::new(facets));
        }
        Ok(FacetTable {
            values,
            ranges,
            segments,
        })
    }

    fn len(&self) -> usize {
        self.values.len()
    }

    /// The facet's values among `counts`, most frequent first (then by value): the first `keep`,
    /// plus any of `always` that have a count; and how many values have a count at all.
    pub(super) fn top(
        &self,
        counts: &[u32],
        facet: usize,
        keep: usize,
        always: &[String],
    ) -> FacetCounts {
        let name = FACETS[facet];
        let Some(range) = self.ranges.get(facet) else {
            return FacetCounts {
                name,
                values: Vec::new(),
                distinct: 0,
            };
        };
        let ids = range.start as usize..range.end as usize;
        // Ids run in value order within a facet, so (count desc, id asc) is (count desc, value
        // asc).
        let key = |id: usize| (std::cmp::Reverse(counts.get(id).copied().unwrap_or(0)), id);
        let mut counted: Vec<usize> = ids
            .filter(|&id| counts.get(id).is_some_and(|&c| c > 0))
            .collect();
        let distinct = counted.len();
        if counted.len() > keep && keep > 0 {
            counted.select_nth_unstable_by_key(keep - 1, |&id| key(id));
        }
        let mut shown: Vec<usize> = counted.iter().copied().take(keep).collect();
        shown.sort_unstable_by_key(|&id| key(id));
        let mut values: Vec<FacetValue> = shown
            .iter()
            .enumerate()
            .map(|(rank, &id)| self.value(counts, id, rank))
            .collect();
        // Selected values beyond the first `keep` keep their place in the full ranking.
        for wanted in always {
            if values.iter().any(|v| v.value == *wanted) {
                continue;
            }
            let Some(id) = self.id_of(range, wanted) else {
                continue;
            };
            if counts.get(id).is_none_or(|&c| c == 0) {
                continue;
            }
            let rank = counted.iter().filter(|&&o| key(o) < key(id)).count();
            values.push(self.value(counts, id, rank));
        }
        values.sort_by_key(|v| v.rank);
        FacetCounts {
            name,
            values,
            distinct,
        }
    }

    fn value(&self, counts: &[u32], id: usize, rank: usize) -> FacetValue {
        FacetValue {
            value: self.values.get(id).cloned().unwrap_or_default(),
            count: u64::from(counts.get(id).copied().unwrap_or(0)),
            rank,
        }
    }

    fn id_of(&self, range: &Range<u32>, value: &str) -> Option<usize> {
        let slice = self.values.get(range.start as usize..range.end as usize)?;
        slice
            .binary_search_by(|v| v.as_str().cmp(value))
            .ok()
            .map(|i| range.start as usize + i)
    }
}

/// Counts, per archive-wide facet id, the matching documents that carry each value.
pub(super) struct FacetOrdCounter {
    pub(super) table: Arc<FacetTable>,
}

/// A segment's counts: the matching documents' facet ids as they come while they are few, else a
/// count per id. A search that matches a few hundred documents then never clears and adds up a
/// count for every value of the archive (tens of thousands of people and parties) per segment:
/// the segments' ids are added into one total at the end.
pub(super) enum SegmentCounts {
    Ids(Vec<u32>),
    Dense(Vec<u32>),
}

pub(super) struct SegmentCounter {
    facets: Arc<SegmentFacets>,
    counts: SegmentCounts,
    /// How many ids are kept as they come before counting per id pays.
    dense_from: usize,
    values: usize,
}

impl Collector for FacetOrdCounter {
    type Fruit = Vec<u32>;
    type Child = SegmentCounter;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentCounter> {
        let facets = self
            .table
            .segments
            .get(&segment.segment_id())
            .cloned()
            .ok_or_else(|| {
                tantivy::TantivyError::InternalError("facet table misses a segment".into())
            })?;
        let values = self.table.len();
        Ok(SegmentCounter {
            facets,
            counts: SegmentCounts::Ids(Vec::new()),
            dense_from: values / 8,
            values,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<SegmentCounts>) -> tantivy::Result<Vec<u32>> {
        let mut total = vec![0u32; self.table.len()];
        for fruit in fruits {
            match fruit {
                SegmentCounts::Ids(ids) => {
                    for id in ids {
                        if let Some(c) = total.get_mut(id as usize) {
                            *c += 1;
                        }
                    }
                }
                SegmentCounts::Dense(counts) => {
                    for (t, c) in total.iter_mut().zip(counts) {
                        *t += c;
                    }
                }
            }
        }
        Ok(total)
    }
}

impl SegmentCollector for SegmentCounter {
    type Fruit = SegmentCounts;

    fn collect(&mut self, doc: DocId, _: Score) {
        let facets = &*self.facets;
        let (Some(&start), Some(&end)) = (
            facets.starts.get(doc as usize),
            facets.starts.get(doc as usize + 1),
        ) else {
            return;
        };
        let Some(ids) = facets.ids.get(start as usize..end as usize) else {
            return;
        };
        match &mut self.counts {
            SegmentCounts::Ids(kept) if kept.len() + ids.len() <= self.dense_from => {
                kept.extend_from_slice(ids);
            }
            SegmentCounts::Ids(kept) => {
                let mut counts = vec![0u32; self.values];
                for &id in kept.iter().chain(ids) {
                    if let Some(c) = counts.get_mut(id as usize) {
                        *c += 1;
                    }
                }
                self.counts = SegmentCounts::Dense(counts);
            }
            SegmentCounts::Dense(counts) => {
                for &id in ids {
                    if let Some(c) = counts.get_mut(id as usize) {
                        *c += 1;
                    }
                }
            }
        }
    }

    fn harvest(self) -> SegmentCounts {
        self.counts
    }
}
