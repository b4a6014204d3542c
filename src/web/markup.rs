//! An article's text with what the archive extracted from it marked and linked: organisations,
//! people, dates and places, and (when a reader follows a fact's provenance) the sentence that
//! states the fact. The HTML is built here, so everything is escaped and the only tags are ours.

use aho_corasick::{AhoCorasick, MatchKind};

use crate::extract::PartialDate;
use crate::search::escape_html;
use crate::store::agreement::AgreementDetail;

/// Something to mark wherever its text appears.
#[derive(Debug, Clone)]
pub struct Entity {
    pub text: String,
    /// "party", "person", "date" or "place": the CSS class and the visitor's word for it.
    pub kind: &'static str,
    pub href: String,
}

/// How a reader would see a stored date written in a press release.
fn date_forms(stored: &str) -> Vec<String> {
    let Some(d) = PartialDate::parse(stored) else {
        return Vec::new();
    };
    let mut forms = vec![d.human()];
    if let (Some(m), Some(day)) = (d.month, d.day) {
        let month = PartialDate::month(d.year, m).human();
        let month_name = month.split(' ').next().unwrap_or_default().to_string();
        let suffix = match day {
            1 | 21 | 31 => "st",
            2 | 22 => "nd",
            3 | 23 => "rd",
            _ => "th",
        };
        forms.push(format!("{day}{suffix} {month_name} {}", d.year));
        forms.push(format!("{month_name} {day}, {}", d.year));
        forms.push(format!("{month_name} {day} {}", d.year));
        forms.push(stored.to_string());
    }
    forms
}

/// The entities of the agreements an article reports.
pub fn entities(agreements: &[AgreementDetail]) -> Vec<Entity> {
    let mut out = Vec::new();
    for a in agreements {
        for p in &a.parties {
            for text in std::iter::once(&p.name).chain(p.aliases.iter()) {
                out.push(Entity {
                    text: text.clone(),
                    kind: "party",
                    href: format!("/parties/{}", p.slug),
                });
            }
        }
        for s in &a.signatories {
            out.push(Entity {
                text: s.name.clone(),
                kind: "person",
                href: format!("/people/{}", s.slug),
            });
        }
        let agreement_href = format!("/agreements/{}", a.row.slug);
        if let Some(date) = &a.row.signed_date {
            for text in date_forms(date) {
                out.push(Entity {
                    text,
                    kind: "date",
                    href: agreement_href.clone(),
                });
            }
        }
        if let Some(place) = &a.row.signed_place {
            out.push(Entity {
                text: place.clone(),
                kind: "place",
                href: agreement_href.clone(),
            });
        }
    }
    // Short acronyms in lower case would match ordinary words; require at least two characters.
    out.retain(|e| e.text.chars().count() >= 2);
    out
}

fn is_word_char(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric())
}

/// Non-overlapping (start, end, entity index) matches at word boundaries, longest first.
fn find(text: &str, entities: &[Entity]) -> Vec<(usize, usize, usize)> {
    if entities.is_empty() {
        return Vec::new();
    }
    let Ok(ac) = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(entities.iter().map(|e| e.text.as_str()))
    else {
        return Vec::new();
    };
    ac.find_iter(text)
        .filter(|m| {
            !is_word_char(text[..m.start()].chars().next_back())
                && !is_word_char(text[m.end()..].chars().next())
        })
        .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
        .collect()
}

/// One paragraph as HTML: entities linked, and the byte range `fact` (if any) marked as the
/// sentence a fact came from. Entity matches that straddle the fact's edges are left unlinked.
pub fn paragraph_html(text: &str, entities: &[Entity], fact: Option<(usize, usize)>) -> String {
    let mut matches = find(text, entities);
    if let Some((fs, fe)) = fact {
        matches.retain(|(s, e, _)| *e <= fs || *s >= fe || (*s >= fs && *e <= fe));
    }
    let mut out = String::with_capacity(text.len() * 2);
    let mut pos = 0;
    let mut events: Vec<(usize, u8, Option<usize>)> = Vec::new();
    if let Some((fs, fe)) = fact {
        events.push((fs, 1, None));
        events.push((fe, 0, None));
    }
    for (i, (s, _, _)) in matches.iter().enumerate() {
        events.push((*s, 2, Some(i)));
    }
    events.sort();
    for (at, what, which) in events {
        out.push_str(&escape_html(&text[pos..at.max(pos)]));
        pos = pos.max(at);
        match (what, which) {
            (1, _) => out.push_str("<mark class=\"fact\" id=\"fact\">"),
            (0, _) => out.push_str("</mark>"),
            (_, Some(i)) => {
                let (s, e, k) = matches[i];
                if s < pos {
                    continue;
                }
                let entity = &entities[k];
                out.push_str(&format!(
                    "<a class=\"entity {}\" href=\"{}\">{}</a>",
                    entity.kind,
                    escape_html(&entity.href),
                    escape_html(&text[s..e])
                ));
                pos = e;
            }
            _ => {}
        }
    }
    out.push_str(&escape_html(&text[pos..]));
    out
}

/// Where a sentence sits in a paragraph, tolerating differences in spacing.
pub fn locate(paragraph: &str, sentence: &str) -> Option<(usize, usize)> {
    let sentence = sentence.trim();
    if sentence.is_empty() {
        return None;
    }
    if let Some(start) = paragraph.find(sentence) {
        return Some((start, start + sentence.len()));
    }
    // The extractor may have folded whitespace: match word by word.
    let words: Vec<&str> = sentence.split_whitespace().collect();
    let first = words.first()?;
    let mut from = 0;
    while let Some(rel) = paragraph[from..].find(first) {
        let start = from + rel;
        let mut at = start;
        let mut ok = true;
        for w in &words {
            let rest = &paragraph[at..];
            let trimmed = rest.trim_start();
            at += rest.len() - trimmed.len();
            if trimmed.starts_with(w) {
                at += w.len();
            } else {
                ok = false;
                break;
            }
        }
        if ok {
            return Some((start, at));
        }
        from = start + first.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(text: &str, kind: &'static str, href: &str) -> Entity {
        Entity {
            text: text.into(),
            kind,
            href: href.into(),
        }
    }

    #[test]
    fn entities_are_linked_and_everything_else_escaped() {
        let es = [
            e("Agency", "party", "/parties/a"),
            e("Agency X", "party", "/parties/ax"),
            e("June 2019", "date", "/agreements/a"),
        ];
        let html = paragraph_html(
            "<b>Agency X</b> & Agency signed in June 2019; Agencyness.",
            &es,
            None,
        );
        assert_eq!(
            html,
            "&lt;b&gt;<a class=\"entity party\" href=\"/parties/ax\">Agency X</a>&lt;/b&gt; &amp; \
             <a class=\"entity party\" href=\"/parties/a\">Agency</a> signed in \
             <a class=\"entity date\" href=\"/agreements/a\">June 2019</a>; Agencyness."
        );
    }

    #[test]
    fn the_fact_sentence_is_marked_around_its_entities() {
        let es = [e("Agency", "party", "/parties/a")];
        let text = "Intro. The Agency signed. End.";
        let fact = locate(text, "The Agency signed.");
        let html = paragraph_html(text, &es, fact);
        assert_eq!(
            html,
            "Intro. <mark class=\"fact\" id=\"fact\">The <a class=\"entity party\" href=\"/parties/a\">Agency</a> signed.</mark> End."
        );
    }

    #[test]
    fn a_sentence_is_found_despite_folded_spaces() {
        assert_eq!(locate("a  b\nc d", "b c"), Some((3, 6)));
        assert_eq!(locate("abc", "x"), None);
    }

    #[test]
    fn a_day_date_is_found_in_its_common_forms() {
        let forms = date_forms("2022-07-04");
        assert!(forms.contains(&"4 July 2022".to_string()));
        assert!(forms.contains(&"July 4, 2022".to_string()));
        assert!(forms.contains(&"4th July 2022".to_string()));
    }
}
