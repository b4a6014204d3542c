//! Pure text → facts. Nothing here reads files or talks to the store: callers hand in bytes and
//! get back an article and the agreements it reports.

pub mod article;
pub mod dates;
pub mod reference;

mod agreements;
mod language;
mod markup;
mod mentions;
mod merge;
mod orgs;
mod pattern;
mod people;
mod text;

use std::sync::Arc;

use serde::Serialize;

pub use article::{Article, ArticleError};
pub use dates::PartialDate;
pub use merge::{merge, MergedAgreement, Report};

/// An organisation that is party to an agreement.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Party {
    /// Canonical name: the reference data's, else the longest form the text gives.
    pub name: String,
    /// Acronyms and short forms, from the reference data and from the text's own definitions.
    pub aliases: Vec<String>,
    pub country_code: Option<String>,
    pub country: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Signatory {
    pub name: String,
    pub role: Option<String>,
    /// The name of the party they signed for.
    pub party: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct Signed {
    pub date: Option<PartialDate>,
    pub place: Option<String>,
}

/// Where a fact came from: the sentence of the article that states it.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    pub field: &'static str,
    pub value: String,
    /// Shared by the facts one sentence states.
    pub sentence: Arc<str>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Agreement {
    pub kind: String,
    pub title: String,
    pub parties: Vec<Party>,
    pub signatories: Vec<Signatory>,
    pub signed: Signed,
    pub duration: Option<String>,
    pub expires: Option<PartialDate>,
    pub topics: Vec<String>,
    /// A month the text names without a year ("signed in June"): tells reports apart when merging.
    #[serde(skip)]
    pub month_hint: Option<u32>,
    /// Whether the article calls it new, a renewal or a successor ("a new MoU").
    #[serde(skip)]
    pub is_new: bool,
    #[serde(skip)]
    pub evidence: Vec<Evidence>,
}

/// An agreement an article names without reporting its signing.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Mention {
    pub name: String,
    pub year: Option<i32>,
}

/// Everything extracted from one file.
#[derive(Debug, Clone)]
pub struct Extraction {
    pub file: String,
    pub article: Article,
    pub agreements: Vec<Agreement>,
    pub mentioned: Vec<Mention>,
    /// Problems worth an admin's attention that did not stop the import (lossy UTF-8, ...).
    pub warnings: Vec<String>,
}

/// Extracts the article and its agreements from a file's bytes.
pub fn extract(file: &str, bytes: &[u8]) -> Result<Extraction, ArticleError> {
    let (text, lossy) = article::decode(bytes)?;
    let mut notes = article::ParseNotes::default();
    if lossy {
        notes
            .warnings
            .push("the file is not valid UTF-8; invalid bytes were replaced with �".into());
    }
    // A feed or page saved as markup is read as the text it shows.
    let text = markup::to_text(&text);
    let article = article::parse(&text, &mut notes)?;
    let (agreements, mentioned) = agreements::extract_agreements(&article);
    Ok(Extraction {
        file: file.to_string(),
        article,
        agreements,
        mentioned,
        warnings: notes.warnings,
    })
}

/// The JSON view of one file that `extract --json` prints (its schema is read by other tools).
#[derive(Debug, Clone, Serialize)]
pub struct ExtractedFile {
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    pub title: Option<String>,
    pub published: Option<PartialDate>,
    pub source_url: Option<String>,
    pub agreements: Vec<Agreement>,
    pub mentioned: Vec<Mention>,
}

impl From<&Extraction> for ExtractedFile {
    fn from(e: &Extraction) -> Self {
        ExtractedFile {
            file: e.file.clone(),
            error: None,
            title: Some(e.article.title.clone()),
            published: e.article.published,
            source_url: e.article.source_url.clone(),
            agreements: e.agreements.clone(),
            mentioned: e.mentioned.clone(),
        }
    }
}

/// Extracts one file into its JSON view; a file that cannot be parsed gets an `error`.
pub fn extract_file(file: &str, bytes: &[u8]) -> ExtractedFile {
    match extract(file, bytes) {
        Ok(e) => ExtractedFile::from(&e),
        Err(err) => ExtractedFile {
            file: file.to_string(),
            error: Some(err.to_string()),
            title: None,
            published: None,
            source_url: None,
            agreements: Vec::new(),
            mentioned: Vec::new(),
        },
    }
}
