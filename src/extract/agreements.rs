use super::{Agreement, Article, Mention};

pub fn extract_agreements(_article: &Article) -> (Vec<Agreement>, Vec<Mention>) {
    (Vec::new(), Vec::new())
}
