//! Query strings with repeated keys (`country=SG&country=GB`), read leniently: anything a
//! visitor or a bot sends is accepted, and what cannot be used is ignored.

use axum::http::Uri;

/// Longest value kept for any parameter; nobody types more into a search box.
const MAX_VALUE: usize = 1000;
/// Most pairs read from one query string.
const MAX_PAIRS: usize = 200;

#[derive(Debug, Clone, Default)]
pub struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    pub fn from_uri(uri: &Uri) -> Self {
        Self::parse(uri.query().unwrap_or(""))
    }

    pub fn parse(raw: &str) -> Self {
        let clean = |s: &str| -> String {
            s.chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .take(MAX_VALUE)
                .collect()
        };
        Params {
            pairs: form_urlencoded::parse(raw.as_bytes())
                .take(MAX_PAIRS)
                .map(|(k, v)| (clean(&k), clean(&v)))
                .collect(),
        }
    }

    /// The `page` asked for, from 1 (anything else reads as 1).
    pub fn page(&self) -> usize {
        self.page_named("page")
    }

    /// The page asked for in `key`, for a page that shows two paged lists: from 1, and anything
    /// else ("0", "-1", "abc", a number too big to read) reads as 1.
    pub fn page_named(&self, key: &str) -> usize {
        self.first(key).parse::<usize>().unwrap_or(1).max(1)
    }

    /// The first value of `key`, trimmed, or "".
    pub fn first(&self, key: &str) -> &str {
        self.pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.trim())
            .unwrap_or("")
    }

    /// Every non-empty value of `key`, trimmed, without repeats, in the order given.
    pub fn all(&self, key: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for (k, v) in &self.pairs {
            let v = v.trim();
            if k == key && !v.is_empty() && !out.iter().any(|o| o == v) {
                out.push(v.to_string());
            }
        }
        out
    }
}

/// Where a paged list is: its page (from 1), how many there are, where the page starts, and the
/// links either side.
pub struct Pager {
    pub page: usize,
    pub pages: usize,
    /// The position of the page's first item in the whole list, from 1.
    pub first_shown: usize,
    pub prev_href: Option<String>,
    pub next_href: Option<String>,
}

impl Pager {
    /// The page asked for among `items` shown `per_page` at a time; a page past the end is the
    /// last one (a list that shrank since its link was made). `href` makes a page's link.
    pub fn new(
        asked: usize,
        items: usize,
        per_page: usize,
        href: impl Fn(usize) -> String,
    ) -> Self {
        let pages = Self::pages(items, per_page);
        let page = asked.clamp(1, pages);
        Pager {
            page,
            pages,
            first_shown: (page - 1) * per_page + 1,
            prev_href: (page > 1).then(|| href(page - 1)),
            next_href: (page < pages).then(|| href(page + 1)),
        }
    }

    /// How many pages `items` take `per_page` at a time: at least one, for an empty list.
    pub fn pages(items: usize, per_page: usize) -> usize {
        items.div_ceil(per_page.max(1)).max(1)
    }

    /// The page shown when `asked` is asked for: as `new` would show it, for links that keep
    /// another list's place.
    pub fn shown(asked: usize, items: usize, per_page: usize) -> usize {
        asked.clamp(1, Self::pages(items, per_page))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_keys_and_broken_escapes_are_read() {
        let p = Params::parse("country=SG&country=GB&country=SG&q=%FF%22x&page=%00&&=&%%");
        assert_eq!(p.all("country"), vec!["SG", "GB"]);
        assert_eq!(p.first("q"), "\u{fffd}\"x");
        assert_eq!(p.first("page"), "");
        assert_eq!(p.first("missing"), "");
    }

    #[test]
    fn a_page_number_that_cannot_be_used_reads_as_the_first_page() {
        let p = Params::parse("page=0&passed_page=-1&a=abc&b=99999999999999999999999&c=%203%20");
        assert_eq!(p.page(), 1);
        assert_eq!(p.page_named("passed_page"), 1);
        assert_eq!(p.page_named("a"), 1);
        assert_eq!(p.page_named("b"), 1);
        assert_eq!(p.page_named("c"), 3);
        assert_eq!(p.page_named("missing"), 1);
    }
}
