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
}
