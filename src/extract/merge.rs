use serde::Serialize;

use super::{Agreement, Extraction};

#[derive(Debug, Clone, Serialize)]
pub struct MergedAgreement {
    pub agreement: Agreement,
    pub sources: Vec<String>,
    pub renews: Option<usize>,
}

pub struct Report;

pub fn merge(_extractions: &[Extraction]) -> Vec<MergedAgreement> {
    Vec::new()
}
