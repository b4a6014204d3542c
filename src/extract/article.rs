//! An article file → its title, publisher, publication date, source URL and clean body.
//! News sites wrap press releases in boilerplate (share widgets, teasers of other stories,
//! "Related content", channel footers); the body keeps only the release itself.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use super::pattern::Pattern;
use serde::Serialize;

use super::dates::{self, PartialDate};
use super::reference;
use super::text::WordSet;

/// The press release as the archive stores and shows it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Article {
    pub title: String,
    pub publisher: Option<String>,
    pub published: Option<PartialDate>,
    pub source_url: Option<String>,
    /// Paragraphs of the release, boilerplate removed, markdown markup removed.
    pub paragraphs: Vec<String>,
}

impl Article {
    pub fn body(&self) -> String {
        self.paragraphs.join("\n\n")
    }
}

/// Why a file could not become an article.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ArticleError {
    #[error("the file is empty")]
    Empty,
    #[error("the file looks binary (it contains NUL or many control bytes), not an article")]
    Binary,
    #[error("the file has no text to use as a title")]
    NoTitle,
}

/// Decodes bytes as UTF-8, replacing invalid sequences; the flag says whether any were replaced.
pub fn decode(bytes: &[u8]) -> Result<(String, bool), ArticleError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ArticleError::Empty);
    }
    let sample = &bytes[..bytes.len().min(8192)];
    let control = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    if sample.contains(&0) || control * 20 > sample.len() {
        return Err(ArticleError::Binary);
    }
    let text = String::from_utf8_lossy(bytes);
    let lossy = matches!(text, std::borrow::Cow::Owned(_));
    let text = text
        .trim_start_matches('\u{feff}')
        .replace("\r\n", "\n")
        .replace('\r', "\n");
    Ok((text, lossy))
}

/// Front matter as a Jekyll post gives it: `key: value` lines between `---` fences.
#[derive(Debug, Default)]
struct FrontMatter {
    title: Option<String>,
    date: Option<String>,
    url: Option<String>,
    publisher: Option<String>,
}

/// Splits off front matter. Returns the rest of the text and a warning when the fences are broken;
/// unclosed front matter is read up to the first blank line so its title is not lost.
fn split_front_matter(text: &str) -> (Option<FrontMatter>, &str, Option<String>) {
    let Some(rest) = text.strip_prefix("---\n") else {
        return match split_mail_headers(text) {
            Some((fm, rest)) => (Some(fm), rest, None),
            None => (None, text, None),
        };
    };
    let closing = rest
        .match_indices("\n---")
        .map(|(i, _)| i)
        .find(|&i| rest[i + 4..].starts_with('\n') || rest[i + 4..].is_empty());
    let (end, body_start, warning) = match closing {
        Some(i) => (i, (i + 4).min(rest.len()), None),
        None => {
            let i = rest.find("\n\n").unwrap_or(rest.len());
            (
                i,
                i,
                Some(
                    "front matter opens with --- but never closes; read up to the first blank line"
                        .to_string(),
                ),
            )
        }
    };
    let mut fm = FrontMatter::default();
    for line in rest[..end].lines() {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let value = unquote(value.trim());
        if value.is_empty() {
            continue;
        }
        match key.trim().to_ascii_lowercase().as_str() {
            "title" => fm.title = Some(value),
            "date" | "published" | "pubdate" => fm.date = Some(value),
            "permalink" | "url" | "link" | "canonical" | "canonical_url" | "source"
            | "source_url" => {
                fm.url.get_or_insert(value);
            }
            "publisher" | "organisation" | "organization" | "author" => {
                fm.publisher.get_or_insert(value);
            }
            _ => {}
        }
    }
    (
        Some(fm),
        rest[body_start..].trim_start_matches('\n'),
        warning,
    )
}

/// A release forwarded as an e-mail: "From:", "Sent:", "To:" and "Subject:" lines head it,
/// and serve as its front matter. The subject, without "PRESS RELEASE:" or "Fwd:", is the title.
fn split_mail_headers(text: &str) -> Option<(FrontMatter, &str)> {
    const HEADERS: &[&str] = &[
        "from",
        "sent",
        "date",
        "to",
        "cc",
        "bcc",
        "subject",
        "attachments",
        "importance",
        "reply-to",
    ];
    static SUBJECT_PREFIX: LazyLock<Pattern> = LazyLock::new(|| {
        Pattern::new(r"(?i)^(?:(?:re|fw|fwd|(?:press|media|news)\s+release|embargoed?[^:]{0,40}|for\s+immediate\s+release)\s*:\s*)+")
            .expect("subject prefix pattern")
    });
    fn header(line: &str) -> Option<(String, &str)> {
        line.split_once(':')
            .map(|(key, value)| (key.trim().to_ascii_lowercase(), value.trim()))
            .filter(|(key, _)| HEADERS.contains(&key.as_str()))
    }
    if text
        .lines()
        .next()
        .and_then(header)
        .is_none_or(|(key, _)| key != "from")
    {
        return None;
    }
    let mut fm = FrontMatter::default();
    let mut end = 0;
    for line in text.split_inclusive('\n') {
        let Some((key, value)) = header(line) else {
            break;
        };
        end += line.len();
        match key.as_str() {
            "subject" => {
                let subject = SUBJECT_PREFIX.replace(value, "");
                fm.title = Some(subject.trim().to_string()).filter(|t| !t.is_empty());
            }
            "sent" | "date" => fm.date = Some(value.to_string()),
            "from" => {
                // "DSIT Press Office <newsdesk@dsit.gov.uk>": the sender's name.
                let name = value.split('<').next().unwrap_or(value).trim();
                fm.publisher = Some(name.trim_matches('"').to_string()).filter(|n| !n.is_empty());
            }
            _ => {}
        }
    }
    fm.title.as_ref()?;
    Some((fm, text[end..].trim_start_matches('\n')))
}

fn unquote(value: &str) -> String {
    let v = value.trim();
    let v = v
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .or_else(|| v.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')))
        .unwrap_or(v);
    v.trim().to_string()
}

/// Lines where the release ends and the site's furniture begins: everything from here is dropped.
static TAIL_MARKER: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"(?i)^(?:recent stories|related (?:content|stories|articles|news|links|posts)|latest news from\b.*|more (?:news|stories)(?: from\b.*)?|you (?:may|might) also like|read next|read more:?|channel website:?.*|original article link:?.*|share this (?:article|page|story|post):?|share story:?|references:?|further reading:?|tags?:.*|topics?:|explore the topic.*|is this page useful\??.*|subscribe to.*|follow us.*|sign up to.*newsletter.*|also read\b.*|comments?\s*\(\d+\)|reader comments.*|leave a comment.*|-*\s*ends\s*-*|notes? (?:to|for) editors:?|(?:…|\.\.\.)\s*see more|load more comments|more from this author|explore (?:more )?topics|related:?|see also:?|(?:press|media) contacts?:?)$",
    )
    .expect("tail marker pattern is valid")
});

/// Single widget lines dropped wherever they stand.
static WIDGET_LINE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"(?i)^(?:printable version|print(?: this page)?|share|tweet|email|e-mail|facebook|twitter|x|linkedin|whatsapp|copy link|summary:?|-|–|—|\*|back to top|skip to (?:main )?content|advertisement|home\s*[>›/].*|©.*|all rights reserved.*|(?:joint\s+)?(?:press|media|news)\s+(?:release|statement)|for immediate release|.*\bpic\.twitter\.com/.*|updated \d+ (?:minutes?|hours?) ago.*|\d+ min(?:ute)? read|search(?: this site| the site| our site)?\s*(?:\.\.\.|…)?|view (?:this|it|this email|the email) (?:in|on) (?:your|a|the) (?:web )?browser\.?|forwarded this (?:email|e-mail|newsletter)\?.*|.*\b(?:uses|use of|we use|accept(?: all)?|allow(?: all)?) cookies\b.*|(?:\[[^\]\n]{1,30}\]\s*){2,}|(?:caution|warning|external(?: email)?)\s*:\s*this (?:email|e-mail|message) (?:originated|came|was sent) from outside\b.*|(?:[\d.,]+[km]?\s+(?:subscribers?|followers?|members?|photos?|videos?|links?|files?|posts?|views?|likes?|comments?|shares?)\s*)+)$",
    )
    .expect("widget pattern is valid")
});

static PUBLISHED_LINE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"(?i)^(?:published|date|posted|released|issued|first published|last updated|(?:press|news|media) release|press statement)(?:\s+on)?\s*:?\s*(.+?)(?:\s+\|.*)?$")
        .expect("published pattern is valid")
});

static FROM_LINE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"(?i)^(?:from|publisher|published by|source|issued by|organisation)\s*:\s*(.+)$")
        .expect("from pattern is valid")
});

static URL_LINE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"(?i)^(?:original article(?: link)?|source|url|link|read the original|canonical|view source version on \S+)\s*:?\s*(https?://\S+)\s*$")
        .expect("url pattern is valid")
});

/// "SINGAPORE, 4 July 2022 –", "APIA, SAMOA – 29 August 2024 –", "ABU DHABI, 3rd October 2023
/// (WAM) --" or "DUSHANBE, 12.02.2025 14:35 /Agency/." at the start of a paragraph.
static DATELINE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"^\p{Lu}[\p{L} .'-]{1,40},\s*(?:\p{Lu}[\p{L} ]+(?:,|\s+[–—-])\s*)?(?P<date>[^–—-]{6,30}?)\s*(?:\([\p{L} ]+\)\s*)?(?:–|—|--|-|:|/[^/]{2,30}/\.?)\s")
        .expect("dateline pattern is valid")
});

static MD_LINK: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"\[([^\]]*)\]\([^)]*\)(?:\{[^}]*\})?").expect("link pattern is valid")
});
static MD_ATTR: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::new(r"\{:[^}]*\}").expect("attr pattern is valid"));

/// Removes markdown markup a reader should not see: headings, emphasis, link targets.
pub fn strip_markdown(line: &str) -> String {
    // Most lines have no link, attribute or emphasis: a byte search rules each out before
    // the regex or string searcher that would find nothing to replace.
    let linked = if line.contains('[') {
        MD_LINK.replace_all(line, "$1")
    } else {
        Cow::Borrowed(line)
    };
    let attributed = if linked.contains('{') {
        MD_ATTR.replace_all(&linked, "")
    } else {
        Cow::Borrowed(&*linked)
    };
    let line = attributed.trim_start_matches('#').trim();
    let mut out = if line.contains('*') {
        line.replace("**", "")
    } else {
        line.to_string()
    };
    if out.contains('_') && out.contains("__") {
        out = out.replace("__", "");
    }
    if out.contains('*') {
        out = strip_asterisks(out);
    }
    if is_tidy(&out) {
        return out;
    }
    let mut tidy = String::with_capacity(out.len());
    for w in out.split_whitespace() {
        if !tidy.is_empty() {
            tidy.push(' ');
        }
        tidy.push_str(w);
    }
    tidy
}

/// Whether `s` is already its words joined by single spaces, as most lines are.
fn is_tidy(s: &str) -> bool {
    // (Starting as if after a space refuses leading whitespace.)
    let mut after_space = true;
    for c in s.chars() {
        if c.is_whitespace() {
            if c != ' ' || after_space {
                return false;
            }
            after_space = true;
        } else {
            after_space = false;
        }
    }
    s.is_empty() || !after_space
}

fn strip_asterisks(mut out: String) -> String {
    // Single-asterisk emphasis around whole quotes: *"..."* → "..."
    if out.starts_with('*') && !out.starts_with("* ") {
        out = out.trim_start_matches('*').to_string();
    }
    out = out
        .replace("”*", "”")
        .replace("\"*", "\"")
        .replace("*“", "“")
        .replace("*\"", "\"");
    if out.ends_with('*') && !out.ends_with(" *") {
        out = out.trim_end_matches('*').to_string();
    }
    if let Some(rest) = out.strip_prefix("* ") {
        out = format!("• {rest}");
    }
    out
}

/// What parsing a file yields besides the article: warnings for the import report.
#[derive(Debug, Default)]
pub struct ParseNotes {
    pub warnings: Vec<String>,
}

pub fn parse(text: &str, notes: &mut ParseNotes) -> Result<Article, ArticleError> {
    let (front, rest, fm_warning) = split_front_matter(text);
    notes.warnings.extend(fm_warning);
    let front = front.unwrap_or_default();

    let mut publisher = front.publisher.clone();
    let mut published = front.date.as_deref().and_then(dates::parse_date);
    if front.date.is_some() && published.is_none() {
        notes
            .warnings
            .push("front matter date could not be read as a date".into());
    }
    let mut source_url = front.url.clone();
    let mut title = front
        .title
        .as_deref()
        .map(strip_markdown)
        .filter(|t| !t.is_empty());

    let facts = fact_box_sentences(rest);
    let lines = text_lines(facts.as_deref().unwrap_or(rest));

    let headline = headline_at(&lines);
    let mut paragraphs: Vec<String> = Vec::new();
    let mut in_tail = false;
    for (i, line) in lines.iter().enumerate() {
        if let Some(c) = URL_LINE.captures(line) {
            source_url.get_or_insert_with(|| c[1].to_string());
            continue;
        }
        if TAIL_MARKER.is_match(line) {
            // A marker before any real paragraph is a header widget, not the end of the release.
            if paragraphs.len() >= 2 {
                in_tail = true;
            }
            continue;
        }
        if in_tail {
            // "Posted on 3rd March, 2025" under the tags and share buttons: the release's own
            // stamp, when it closes the page.
            if published.is_none() && i + 3 >= lines.len() {
                published = PUBLISHED_LINE
                    .captures(line)
                    .and_then(|c| dates::parse_date(&c[1]));
            }
            continue;
        }
        if WIDGET_LINE.is_match(line) {
            continue;
        }
        // The date may stand further down while the paragraphs are all short lines: a joint
        // release's ministers and portfolios come between its headline and its date.
        if published.is_none()
            && (4..12).contains(&paragraphs.len())
            && is_short_line(line)
            && paragraphs.iter().all(|p| is_short_line(p))
        {
            let dated = PUBLISHED_LINE
                .captures(line)
                .and_then(|c| dates::parse_date(&c[1]))
                .or_else(|| is_date_line(line).then(|| date_line_date(line)).flatten());
            if let Some(d) = dated {
                published = Some(d);
                continue;
            }
        }
        if paragraphs.len() < 4 {
            if let Some(c) = FROM_LINE.captures(line) {
                publisher.get_or_insert_with(|| c[1].trim().to_string());
                continue;
            }
            if let Some(c) = PUBLISHED_LINE.captures(line) {
                if let Some(d) = dates::parse_date(&c[1]) {
                    published.get_or_insert(d);
                    continue;
                }
            }
            // "Publié le 12 juin 2025 | Catégorie : ...": a bilingual site's own stamp.
            if published.is_none() {
                if let Some(d) = foreign_published(line) {
                    published = Some(d);
                    continue;
                }
            }
            // A dateline of its own under the title ("June 21, 2023", "Tuesday 4 July 2022").
            if published.is_none() && is_date_line(line) {
                published = date_line_date(line);
                continue;
            }
            // A site's header naming the publishing organisation on a line of its own.
            if publisher.is_none()
                && paragraphs.is_empty()
                && (is_organisation_line(line) || is_masthead(line))
            {
                publisher = Some(line.clone());
                continue;
            }
            // Page furniture above the headline: "Beranda > Berita > Siaran Pers", "Ministry of
            // Digital Affairs - Gov.pl website".
            if paragraphs.is_empty() {
                if is_breadcrumb(line) {
                    continue;
                }
                // "REPUBLIC OF ZAMBIA" / "Office of the President" over the headline: a body's
                // name alone, with more short lines to come, is the site's masthead.
                if is_bare_body_name(line)
                    && lines.get(i + 1).is_some_and(|l| looks_like_heading(l))
                {
                    if publisher.is_none() && super::orgs::has_org_head(line) {
                        publisher = Some(line.clone());
                    }
                    continue;
                }
                if let Some(site) = site_name_line(line) {
                    if publisher.is_none() {
                        publisher = site;
                    }
                    continue;
                }
            }
        }
        // The letterhead, menus and section names above the headline.
        if i < headline {
            continue;
        }
        paragraphs.push(line.clone());
    }

    let mut paragraphs = join_signature_blocks(paragraphs);

    if title.is_none() {
        if paragraphs.first().is_some_and(|p| looks_like_title(p)) {
            title = Some(paragraphs.remove(0));
        } else if let Some(first) = paragraphs.first() {
            notes
                .warnings
                .push("no title line; the title was made from the first sentence".into());
            title = Some(shorten(first, 120));
        }
    } else if let Some(t) = &title {
        // The release often repeats its front-matter title as a heading.
        if paragraphs.first().is_some_and(|p| same_text(p, t)) {
            paragraphs.remove(0);
        }
    }
    let title = title.ok_or(ArticleError::NoTitle)?;

    // Releases that sign off with their date ("SMART NATION OFFICE / 12 JANUARY 2024",
    // "Date: 2023-06-08") give it at the end.
    if published.is_none() {
        let tail_from = paragraphs.len().saturating_sub(5);
        let sign_off = (tail_from..paragraphs.len()).rev().find_map(|i| {
            let line = &paragraphs[i];
            let date = PUBLISHED_LINE
                .captures(line)
                .and_then(|c| dates::parse_date(&c[1]))
                .or_else(|| is_date_line(line).then(|| date_line_date(line)).flatten());
            date.map(|d| (i, d))
        });
        if let Some((i, d)) = sign_off {
            paragraphs.remove(i);
            published = Some(d);
        }
    }
    if published.is_none() {
        published = paragraphs.iter().take(3).find_map(|p| {
            DATELINE
                .captures(p)
                .and_then(|c| dates::parse_date(&c["date"]))
                .or_else(|| long_dateline_date(p))
        });
    }

    Ok(Article {
        title,
        publisher,
        published,
        source_url,
        paragraphs,
    })
}

/// The text's lines as the parser reads them, markdown stripped: one per paragraph, a table's
/// row as its cells, and a hard-wrapped text (a PDF's, an e-mail's) unwrapped, without its page
/// headers, footers and numbers.
fn text_lines(text: &str) -> Vec<String> {
    let raw: Vec<&str> = text.lines().map(str::trim_end).collect();
    let width = wrap_width(&raw);
    // A PDF's running header and footer repeat on every page.
    let mut seen: HashMap<&str, usize> = HashMap::new();
    if width.is_some() {
        for line in &raw {
            if line.split_whitespace().count() >= 3 {
                *seen.entry(line.trim()).or_default() += 1;
            }
        }
    }
    // Rows of a markdown table: lines between pipes, in a run with a |---| rule. A menu between
    // pipes has no rule, and is read as the line it is.
    let is_row = |l: &str| {
        let t = l.trim();
        t.len() > 1 && t.starts_with('|') && t.ends_with('|')
    };
    let mut in_table = vec![false; raw.len()];
    let mut start = 0;
    while start < raw.len() {
        let end = (start..raw.len())
            .find(|&k| !is_row(raw[k]))
            .unwrap_or(raw.len());
        if raw[start..end].iter().any(|l| is_table_rule(l.trim())) {
            in_table[start..end].fill(true);
        }
        start = end + 1;
    }
    let mut out: Vec<String> = Vec::new();
    // Whether the last line kept runs on into the next, and whether a blank line came between.
    let (mut open, mut gap) = (false, false);
    // Whether the last line kept is a row of a box drawn with "|" and "+---+".
    let mut in_box = false;
    for (i, line) in raw.iter().enumerate() {
        let t = line.trim();
        // A box's row is a line of text; a row indented past the box's margin continues the
        // one above ("| 2017   AMA and INFOSI sign the first |" over "|        Memorandum |").
        let box_row = !in_table[i]
            && t.len() > 2
            && t.starts_with('|')
            && t.ends_with('|')
            && !t[1..t.len() - 1].contains('|');
        if box_row {
            let inner = &t[1..t.len() - 1];
            let text = inner.split_whitespace().collect::<Vec<_>>().join(" ");
            let clean = strip_markdown(&text);
            if clean.chars().any(char::is_alphanumeric) {
                match out
                    .last_mut()
                    .filter(|_| in_box && inner.starts_with("   "))
                {
                    Some(last) => join_wrapped(last, &clean),
                    None => out.push(clean),
                }
            }
            in_box = true;
            open = false;
            continue;
        }
        in_box = false;
        if in_table[i] {
            open = false;
            // The header row stands over the |---| rule; the rule itself carries no text.
            let rule_next = raw.get(i + 1).is_some_and(|n| is_table_rule(n.trim()));
            if !rule_next && !is_table_rule(t) {
                let cells: Vec<String> = t[1..t.len() - 1]
                    .split('|')
                    .map(strip_markdown)
                    .filter(|c| !c.is_empty())
                    .collect();
                if !cells.is_empty() {
                    out.push(cells.join(", "));
                }
            }
            continue;
        }
        // "###" and "-30-" end a release as "-ENDS-" does.
        if matches!(t, "###" | "# # #" | "-30-") {
            out.push("ENDS".to_string());
            open = false;
            continue;
        }
        // A page break inside a wrapped paragraph: the paragraph runs on after it.
        if width.is_some() && (seen.get(t).is_some_and(|&n| n >= 2) || PAGE_NUMBER.is_match(t)) {
            gap = true;
            continue;
        }
        // A page's letterhead set in a right-hand column, and lines of two columns ("PRESS
        // RELEASE          Berlin, 3 December 2025", "PT | EN          Search"): each column's
        // text is a line of its own. (Web pages put a paragraph on one line with single spaces.)
        if (width.is_some() || i < HEADER_LINES) && line.contains("      ") {
            let indent = line.len() - line.trim_start().len();
            if width.is_some() && i < HEADER_LINES && indent >= 30 {
                gap = true;
                continue;
            }
            let columns: Vec<&str> = line
                .split("      ")
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .collect();
            if columns.len() >= 2 {
                open = false;
                out.extend(
                    columns
                        .into_iter()
                        .map(strip_markdown)
                        .filter(|c| c.chars().any(char::is_alphanumeric)),
                );
                continue;
            }
        }
        let clean = strip_markdown(line);
        // Rules and separators ("---", "* * *") carry no text.
        if !clean.chars().any(char::is_alphanumeric) {
            gap = true;
            continue;
        }
        let Some(width) = width else {
            out.push(clean);
            continue;
        };
        let runs_on = open
            && (!gap || clean.starts_with(char::is_lowercase))
            && !is_list_item(t)
            && !is_date_line(&clean)
            && !WIDGET_LINE.is_match(&clean);
        // Lines that fill the width and end mid-sentence run on into the next.
        open = t.chars().count() * 10 >= width * 7 && !t.ends_with(SENTENCE_ENDS);
        gap = false;
        match out.last_mut().filter(|_| runs_on) {
            Some(last) => join_wrapped(last, &clean),
            None => out.push(clean),
        }
    }
    out
}

/// A "Key facts" box's rows about the signing ("Signed:      09.10.2025, in Kyiv", "Duration:
/// 3 years"), rewritten as the sentences a release would give, so they are read like any other.
/// `None` when the text has no such row.
fn fact_box_sentences(text: &str) -> Option<String> {
    static ROW: LazyLock<Pattern> = LazyLock::new(|| {
        Pattern::new(r"(?im)^(?P<label>signed|signing\s+date|date\s+signed|date\s+of\s+signing|signed\s+on|duration|term|validity|valid\s+for|place\s+of\s+signing|signed\s+in|venue)\s*:\s{2,}(?P<value>\S[^\n]*)$")
            .expect("fact row pattern")
    });
    // A box's rows align their values after a colon: most texts have no colon followed by two spaces.
    if !text.contains(":  ") || !ROW.is_match(text) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let Some(c) = ROW.captures(line) else {
            out.push_str(line);
            out.push('\n');
            continue;
        };
        let mut value = c["value"].trim().to_string();
        // Rows wrap onto lines indented under their value.
        while let Some(next) = lines
            .peek()
            .filter(|l| l.starts_with("        ") && !l.trim().is_empty())
        {
            value.push(' ');
            value.push_str(next.trim());
            lines.next();
        }
        let value = value.trim_end_matches('.');
        let sentence = match c["label"]
            .to_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()[..]
        {
            ["duration"] | ["term"] | ["validity"] | ["valid", "for"] => {
                format!("The agreement runs for {value}.")
            }
            ["place", ..] | ["signed", "in"] | ["venue"] => {
                format!("The agreement was signed in {value}.")
            }
            _ => format!("The agreement was signed on {value}."),
        };
        out.push_str(&sentence);
        out.push('\n');
    }
    Some(out)
}

/// What a line that ends a sentence ends with.
const SENTENCE_ENDS: &[char] = &['.', '!', '?', ':', ';', '"', '”', ')'];

/// "Page 1 of 2", "- 3 -": a page number.
static PAGE_NUMBER: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"(?i)^(?:(?:page|seite|página|pagina|sida|side|strona)\s+\d+(?:\s+(?:of|von|de|di|av|af|z)\s+\d+)?|[-–]\s*\d+\s*[-–]|\d+\s*/\s*\d+)$")
        .expect("page number pattern")
});

/// The width a text is wrapped at, when it is: most lines of any length fill 50 to 100
/// characters and hardly any run longer. Web pages put a paragraph on one long line.
fn wrap_width(raw: &[&str]) -> Option<usize> {
    let (mut filled, mut long, mut widest) = (0, 0, 0);
    for line in raw {
        // Bytes first: most web pages' paragraphs are too long for any wrapped line.
        let n = match line.len() {
            0..50 => continue,
            401.. => usize::MAX,
            // Two columns side by side are not a wrapped line's width.
            _ if line.trim().contains("      ") => continue,
            _ => line.trim().chars().count(),
        };
        if n > 100 {
            long += 1;
        } else if n >= 50 {
            filled += 1;
            widest = widest.max(n);
        }
    }
    (filled >= 5 && long * 10 <= filled).then_some(widest)
}

fn is_table_rule(line: &str) -> bool {
    line.starts_with('|') && line.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

fn is_list_item(line: &str) -> bool {
    line.starts_with(['-', '*', '•'])
        || line.split_once(['.', ')']).is_some_and(|(n, _)| {
            !n.is_empty() && n.len() <= 2 && n.chars().all(|c| c.is_ascii_digit())
        })
}

/// Joins a wrapped line to the one before, mending a word hyphenated across the break
/// ("Understand-" + "ing"), but not a compound's own hyphen ("e-" + "government").
fn join_wrapped(last: &mut String, next: &str) {
    let fragment = last
        .strip_suffix('-')
        .map(|head| head.rsplit([' ', '-', '(']).next().unwrap_or(head));
    let hyphenated = fragment
        .is_some_and(|f| f.chars().count() >= 2 && f.chars().all(char::is_alphabetic))
        && next.starts_with(char::is_lowercase);
    if hyphenated {
        last.pop();
    } else if fragment.is_none() {
        last.push(' ');
    }
    last.push_str(next);
}

/// "Signed by:" over lines of "Name, Title, Body": one sentence, as prose would put it, so the
/// signatories are read like any others.
fn join_signature_blocks(paragraphs: Vec<String>) -> Vec<String> {
    static BLOCK_HEAD: LazyLock<Pattern> = LazyLock::new(|| {
        Pattern::new(
            r"(?i)^(?:signed\s+by|signatories|signing\s+parties|the\s+signatories\s+were)\s*:?$",
        )
        .expect("signature block pattern")
    });
    let is_item = |line: &str| {
        line.contains(", ")
            && !line.contains(':')
            && line.split_whitespace().count() <= 25
            && line.starts_with(char::is_uppercase)
            && !line.ends_with('.')
    };
    let mut out = Vec::with_capacity(paragraphs.len());
    let mut rest = paragraphs.into_iter().peekable();
    while let Some(p) = rest.next() {
        if !BLOCK_HEAD.is_match(&p) || !rest.peek().is_some_and(|next| is_item(next)) {
            out.push(p);
            continue;
        }
        let mut items = Vec::new();
        while items.len() < 8 && rest.peek().is_some_and(|next| is_item(next)) {
            items.extend(rest.next());
        }
        out.push(format!("Signed by {}.", items.join(", and ")));
    }
    out
}

/// The paragraph without its dateline ("ABU DHABI, 3 October 2023 (WAM) -- "): the dateline's
/// date is when the release was published, not when anything in it happened.
pub fn strip_dateline(paragraph: &str) -> &str {
    match DATELINE.captures(paragraph) {
        Some(c) if dates::parse_date(&c["date"]).is_some() => {
            &paragraph[c.get(0).map_or(0, |m| m.end())..]
        }
        _ => match bare_dateline(paragraph) {
            Some((_, end)) => &paragraph[end..],
            None => paragraph,
        },
    }
}

/// "VALLETTA – ", "AMMAN (Petra) -- ": a dateline without a date, whose city, in capitals, would
/// otherwise read as the start of the name after the dash. Only a city the reference data knows,
/// or one followed by a news agency's tag, is taken: an acronym may open a paragraph too.
fn bare_dateline(paragraph: &str) -> Option<(String, usize)> {
    static BARE_DATELINE: LazyLock<Pattern> = LazyLock::new(|| {
        Pattern::new(r"^(?:(?P<city>\p{Lu}[\p{Lu}.'-]+(?:\s+\p{Lu}[\p{Lu}.'-]+){0,3})\s*(?P<tag>\([\p{L} ]+\)\s*)?|(?P<titled>\p{Lu}[\p{Ll}.'-]+(?:\s+\p{Lu}[\p{Ll}.'-]+){0,2})\s*\(\p{Lu}{2,6}\)\s*)(?:–|—|--|-)\s")
            .expect("bare dateline pattern")
    });
    let c = BARE_DATELINE.captures(paragraph)?;
    let end = c.get(0).map_or(0, |m| m.end());
    // "Siem Reap (VNA) – ": a city in title case, tagged by its agency.
    if let Some(titled) = c.name("titled") {
        return Some((titled.as_str().to_string(), end));
    }
    let city = title_case(&c["city"]);
    let known = reference::reference().city_in(&city).is_some();
    (known || c.name("tag").is_some()).then_some((city, end))
}

/// "NEW DELHI" → "New Delhi".
fn title_case(words: &str) -> String {
    words
        .split_whitespace()
        .map(super::text::capitalised)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The city of the release's dateline ("ISLAMABAD, Jan 10 2024 (APP):", "NEW DELHI: ..."),
/// when it is a city the reference data knows: where "signed here" was signed.
pub fn dateline_city(paragraphs: &[String]) -> Option<String> {
    static COLON_DATELINE: LazyLock<Pattern> = LazyLock::new(|| {
        Pattern::new(r"^(\p{Lu}[\p{Lu} .'-]{1,30}):\s").expect("colon dateline pattern")
    });
    paragraphs.iter().take(3).find_map(|p| {
        let city = match DATELINE.captures(p) {
            Some(c) if dates::parse_date(&c["date"]).is_some() => {
                p.split(',').next().map(title_case)
            }
            _ => COLON_DATELINE
                .captures(p)
                .and_then(|c| c.get(1))
                .map(|m| title_case(m.as_str()))
                .or_else(|| bare_dateline(p).map(|(city, _)| city)),
        }?;
        reference::reference().city_in(&city).map(|_| city)
    })
}

fn same_text(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect::<Vec<char>>()
    };
    // Most pairs differ in length by far more than punctuation could explain.
    a.len().abs_diff(b.len()) <= a.len().max(b.len()) / 4 && norm(a) == norm(b)
}

/// "Riyadh, Rabi Al-Awwal 12, 1445, Sep 27, 2023, SPA -- ...": a dateline with more in it
/// than one date still gives the first full date before its dash.
fn long_dateline_date(paragraph: &str) -> Option<PartialDate> {
    let head = paragraph.get(..paragraph.len().min(120))?;
    let dash = [" -- ", " — ", " – "]
        .iter()
        .filter_map(|d| head.find(d))
        .min()?;
    dates::find_dates(&head[..dash], None)
        .into_iter()
        .filter_map(|d| d.date)
        .find(|d| d.day.is_some())
}

/// "Publié le 12 juin 2025", "Publicado el 3 de marzo de 2025", "Veröffentlicht am 5. Mai
/// 2025": a publication stamp in French, Spanish, Portuguese, German or Italian, as sites that
/// publish in English too keep it.
fn foreign_published(line: &str) -> Option<PartialDate> {
    static STAMP: LazyLock<Pattern> = LazyLock::new(|| {
        Pattern::new(r"(?i)^(?:publié(?:e)?|mis\s+en\s+ligne|publicad[oa]|veröffentlicht|pubblicato|date\s+de\s+publication|fecha\s+de\s+publicación|data\s+de\s+publicação)\s*(?:le|el|em|am|il|:)?\s*(?:\p{L}+,?\s+)?(?P<d>\d{1,2})(?:er|º|°|\.)?\s+(?:de\s+)?(?P<m>\p{L}+)\s+(?:de\s+)?(?P<y>(?:19|20)\d\d)\b")
            .expect("foreign stamp pattern")
    });
    const MONTHS: [&[&str]; 12] = [
        &["janvier", "enero", "janeiro", "januar", "gennaio"],
        &[
            "février",
            "fevrier",
            "febrero",
            "fevereiro",
            "februar",
            "febbraio",
        ],
        &["mars", "marzo", "março", "marco", "märz", "maerz"],
        &["avril", "abril", "april", "aprile"],
        &["mai", "mayo", "maio", "maggio"],
        &["juin", "junio", "junho", "juni", "giugno"],
        &["juillet", "julio", "julho", "juli", "luglio"],
        &["août", "aout", "agosto", "august"],
        &[
            "septembre",
            "septiembre",
            "setiembre",
            "setembro",
            "september",
            "settembre",
        ],
        &["octobre", "octubre", "outubro", "oktober", "ottobre"],
        &["novembre", "noviembre", "novembro", "november"],
        &[
            "décembre",
            "decembre",
            "diciembre",
            "dezembro",
            "dezember",
            "dicembre",
        ],
    ];
    // "Quito, 22 de abril de 2025", "Paris, le 12 juin 2025": a place and its date, alone on
    // a line.
    static PLACE_DATED: LazyLock<Pattern> = LazyLock::new(|| {
        Pattern::new(r"^\p{Lu}[\p{L}'’ .-]{1,30},\s+(?:le\s+|el\s+)?(?:\p{L}+,?\s+)?(?P<d>\d{1,2})(?:er|º|°|\.)?\s+(?:de\s+)?(?P<m>\p{L}+)\s+(?:de\s+)?(?P<y>(?:19|20)\d\d)$")
            .expect("foreign place-date pattern")
    });
    // Most lines open with none of the stamp's words: a first letter rules them out.
    let stamp = line
        .starts_with(['P', 'p', 'M', 'm', 'V', 'v', 'D', 'd', 'F', 'f'])
        .then(|| STAMP.captures(line))
        .flatten();
    let c = stamp.or_else(|| {
        (line.len() <= 60 && line.contains(',') && line.bytes().any(|b| b.is_ascii_digit()))
            .then(|| PLACE_DATED.captures(line.trim()))
            .flatten()
    })?;
    let month_name = c["m"].to_lowercase();
    let month = MONTHS
        .iter()
        .position(|names| names.contains(&month_name.as_str()))? as u32
        + 1;
    let date = chrono::NaiveDate::from_ymd_opt(c["y"].parse().ok()?, month, c["d"].parse().ok()?)?;
    Some(PartialDate::day(date))
}

/// The date of a date line: its dated part's, after a record's number ("Debate No. 9 of 2025 –
/// Sitting of Tuesday 20 May 2025").
fn date_line_date(line: &str) -> Option<PartialDate> {
    [" - ", " – ", " — "]
        .iter()
        .filter_map(|dash| line.split_once(dash))
        .find(|(_, dated)| is_plain_date_line(dated))
        .and_then(|(_, dated)| dates::parse_date(dated))
        .or_else(|| dates::parse_date(line))
        .or_else(|| dated_prefix(line).and_then(dates::parse_date))
}

/// A short line that is nothing but a full date, perhaps with a weekday or a time.
fn is_date_line(line: &str) -> bool {
    // Every full date has a day's number.
    if !line.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    // "By Staff Reporter | Nairobi | 28 September 2023", "March 12, 2024 - Ottawa, Ontario":
    // a byline's or dateline's date part.
    // "TNN / Updated: Aug 26, 2023, 09:12 IST": a slash between a byline and its date too.
    let line = &line.replace(" / ", " | ");
    if let Some(part) = line
        .split(['|', '·', '•'])
        .map(str::trim)
        .find(|p| !p.is_empty() && is_plain_date_line(p))
    {
        return line.split_whitespace().count() <= 16 && !part.is_empty();
    }
    // "By: Jane Roe, February 26, 2025": a byline, then its date.
    if line
        .get(..3)
        .is_some_and(|by| by.eq_ignore_ascii_case("by ") || by.eq_ignore_ascii_case("by:"))
    {
        // "By Jane Roe in Tech on 17 June 2025": after the byline's section.
        let dated = [", ", " on "].iter().any(|separator| {
            line.match_indices(separator).any(|(i, _)| {
                line[..i].split_whitespace().count() <= 8
                    && is_plain_date_line(&line[i + separator.len()..])
            })
        });
        if dated {
            return true;
        }
    }
    // "Tuesday, January 14, 2025, 10:31 to 10:49, Press Conference Room": the date, then when
    // and where.
    if dated_prefix(line).is_some() {
        return true;
    }
    // "San José, 14/05/2025. Press Office MICITT.": the date, then who issued it.
    if let Some((date, rest)) = line.split_once(". ") {
        if rest.split_whitespace().count() <= 6 && is_plain_date_line(date) {
            return true;
        }
    }
    for dash in [" - ", " – ", " — "] {
        if let Some((date, place)) = line.split_once(dash) {
            if place.split_whitespace().count() <= 4 && is_plain_date_line(date) {
                return true;
            }
            // "SACRAMENTO, Calif. — June 6, 2023": the place first; "Debate No. 9 of 2025 –
            // Sitting of Tuesday 20 May 2025": a record's number.
            if date.split_whitespace().count() <= 6 && is_plain_date_line(place) {
                return true;
            }
        }
    }
    is_plain_date_line(line)
}

/// The full date a short line opens with before a comma, when what follows is a few words of
/// time and place: "Tuesday, January 14, 2025, 10:31 to 10:49, Press Conference Room".
fn dated_prefix(line: &str) -> Option<&str> {
    // A date opens with a weekday, a month or a number: most lines are ruled out by their
    // first word, before any date is looked for.
    let first = line.split_whitespace().next()?.trim_end_matches(',');
    let opens_date = first.starts_with(|c: char| c.is_ascii_digit())
        || dates::is_month_or_weekday(first.trim_end_matches('.'));
    if !opens_date || line.trim_end().ends_with('.') || line.split_whitespace().count() > 18 {
        return None;
    }
    line.match_indices(", ")
        .take(3)
        .map(|(i, _)| (&line[..i], &line[i + 2..]))
        .find(|(date, rest)| rest.split_whitespace().count() <= 10 && is_plain_date_line(date))
        .map(|(date, _)| date)
}

fn is_plain_date_line(line: &str) -> bool {
    static STAMP_LEAD: LazyLock<Pattern> = LazyLock::new(|| {
        Pattern::new(r"(?i)^(?:(?:last\s+)?(?:updated|published|posted|dated?)(?:\s+on)?|sitting\s+of)\s*:?\s*")
            .expect("stamp lead pattern")
    });
    let line = &line[STAMP_LEAD.find(line).map_or(0, |m| m.end())..];
    // "Paris, 10 October 2023": a place may lead the date.
    static PLACE_LEAD: LazyLock<Pattern> = LazyLock::new(|| {
        Pattern::new(r"^\p{Lu}[\p{L}'. -]{1,30},\s+").expect("place lead pattern")
    });
    let line = match PLACE_LEAD.find(line) {
        Some(m) if dates::parse_date(&line[m.end()..]).is_some() => &line[m.end()..],
        _ => line,
    };
    // "21 November 2024 (UzA)": a news agency's tag may close it.
    static AGENCY_TAG: LazyLock<Pattern> = LazyLock::new(|| {
        Pattern::new(r"\s*\(\p{L}[\p{L} -]{0,20}\)$").expect("agency tag pattern")
    });
    let line = &line[..AGENCY_TAG.find(line).map_or(line.len(), |m| m.start())];
    // "April 15, 2025 08:00 AM Eastern Daylight Time": a newswire's time zone, spelt out.
    let zone_words = line
        .split_whitespace()
        .filter(|w| is_time_zone_word(w))
        .count();
    line.split_whitespace().count() <= 7 + zone_words
        && !line.ends_with('.')
        && dates::parse_date(line).is_some_and(|d| d.day.is_some())
        && line
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
            .all(|w| {
                dates::is_month_or_weekday(w)
                    || matches!(
                        w.to_lowercase().as_str(),
                        "st" | "nd" | "rd" | "th" | "of" | "am" | "pm" | "utc" | "gmt" | "at"
                    )
                    // Time zones: "IST", "CET", "EST", "AEDT".
                    || (w.len() <= 4 && w.chars().all(|c| c.is_ascii_uppercase()))
                    || is_time_zone_word(w)
            })
}

/// The words of a time zone's name ("Eastern Daylight Time", "Central European Summer Time").
static ZONE_WORDS: WordSet = WordSet::new(&[
    "eastern",
    "western",
    "central",
    "pacific",
    "mountain",
    "atlantic",
    "european",
    "british",
    "greenwich",
    "daylight",
    "standard",
    "summer",
    "mean",
    "time",
]);

fn is_time_zone_word(w: &str) -> bool {
    ZONE_WORDS.contains_lower(w)
}

fn looks_like_title(line: &str) -> bool {
    line.chars().count() <= 250 && !line.ends_with(':')
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    match cut.rfind(' ') {
        Some(i) => format!("{}…", &cut[..i]),
        None => format!("{cut}…"),
    }
}

/// A line's steps between the navigation separator that splits it most (` > `, ` › `, ` » `,
/// ` / ` or ` | `, spaced: a `>` inside a word or a tag is no step), and whether that separator
/// is an arrow, which only trails use. `None` when the line has none of them.
fn nav_steps(line: &str) -> Option<(Vec<&str>, bool)> {
    if !line.contains(['>', '›', '»', '/', '|']) {
        return None;
    }
    [" > ", " › ", " » ", " / ", " | "]
        .into_iter()
        .map(|separator| {
            let arrow = !matches!(separator, " / " | " | ");
            (line.split(separator).collect::<Vec<_>>(), arrow)
        })
        .max_by_key(|(steps, _)| steps.len())
}

/// A navigation trail or menu: three or more short steps between ` > `, ` › `, ` » `, ` / ` or
/// ` | ` (spaced: a `>` inside a word or a tag is no step).
fn is_breadcrumb(line: &str) -> bool {
    let Some((steps, _)) = nav_steps(line) else {
        return false;
    };
    steps.len() >= 3
        && steps.iter().all(|step| {
            let words = step.split_whitespace().count();
            (1..=6).contains(&words) && !step.trim_end().ends_with('.')
        })
        && !reports_a_signing(line)
}

/// Whether a line names a signing or an agreement: a headline, whatever else it looks like
/// ("Singapore / Estonia / Japan sign MoU", "UK and Kenya sign MoU - GOV.UK").
fn reports_a_signing(line: &str) -> bool {
    super::language::has_sign_verb(line) || !super::language::kinds_in(line).is_empty()
}

/// "Ministry of Digital Affairs - Gov.pl website", "GOV.UK": a site's name line. Gives the
/// publisher it names beside the address, if any.
fn site_name_line(line: &str) -> Option<Option<String>> {
    static ADDRESS: LazyLock<Pattern> = LazyLock::new(|| {
        Pattern::new(r"(?i)^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:\s+(?:official\s+)?(?:website|web\s*site|portal))?$")
            .expect("site address pattern is valid")
    });
    static SITE: LazyLock<Pattern> = LazyLock::new(|| {
        Pattern::new(
            r"(?i)^(?:[\w.-]+\s+){0,3}(?:official\s+)?(?:website|web\s*site|web\s*portal)$",
        )
        .expect("site pattern is valid")
    });
    if line.split_whitespace().count() > 12 {
        return None;
    }
    let mut parts: Vec<&str> = vec![line];
    for separator in [" | ", " - ", " – ", " — "] {
        parts = parts.iter().flat_map(|p| p.split(separator)).collect();
    }
    parts.retain(|p| !p.trim().is_empty());
    let parts: Vec<&str> = parts.into_iter().map(str::trim).collect();
    let is_site = |p: &str| ADDRESS.is_match(p) || SITE.is_match(p);
    match parts.as_slice() {
        [only] => ADDRESS.is_match(only).then_some(None),
        _ if parts.iter().any(|p| is_site(p)) => {
            let rest = parts.iter().find(|p| !is_site(p));
            // Only a body's name beside the site's: "Title - GOV.UK" is a headline.
            match rest {
                Some(name) if !super::orgs::has_org_head(name) || reports_a_signing(name) => None,
                _ => Some(rest.map(|p| p.to_string())),
            }
        }
        _ => None,
    }
}

/// "Department of Information and Public Relations, Government of Karnataka": a masthead of two
/// or more bodies, each a head word ("Department", "Government") with capitalised words.
fn is_masthead(line: &str) -> bool {
    let segments: Vec<&str> = line.split(',').map(str::trim).collect();
    line.split_whitespace().count() <= 14
        && segments.len() >= 2
        && segments.iter().all(|segment| {
            let words: Vec<&str> = segment.split_whitespace().collect();
            words.first().is_some_and(|w| {
                w.starts_with(char::is_uppercase) && super::orgs::ORG_HEADS.contains_lower(w)
            }) && words.iter().all(|w| {
                w.starts_with(char::is_uppercase)
                    || matches!(*w, "of" | "for" | "and" | "the" | "&")
            })
        })
}

/// "GOVERNMENT OF SAMOA", "Office of the President", "SMART ZAMBIA INSTITUTE": a body's or a
/// state's name alone on a line, every word capitalised, that names no signing.
fn is_bare_body_name(line: &str) -> bool {
    const STATE_FORMS: &[&str] = &[
        "republic",
        "kingdom",
        "state",
        "sultanate",
        "commonwealth",
        "federation",
        "emirate",
        "principality",
        "government",
    ];
    let ws = super::text::words(line);
    let (Some(first), Some(last)) = (ws.first(), ws.last()) else {
        return false;
    };
    let head = |w: &super::text::Word<'_>| super::orgs::ORG_HEADS.contains_lower(w.text);
    let state = STATE_FORMS
        .iter()
        .any(|f| first.text.eq_ignore_ascii_case(f))
        && ws.get(1).is_some_and(|w| w.text.eq_ignore_ascii_case("of"));
    ws.len() <= 8
        && line
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, ' ' | '\'' | '’' | '-' | '&'))
        && ws
            .iter()
            .all(|w| w.is_capitalised() || matches!(w.text, "of" | "the" | "and" | "for" | "&"))
        && (head(first) || head(last) || state)
        && !reports_a_signing(line)
}

/// Lines read for the headline: a site's header is rarely longer.
const HEADER_LINES: usize = 12;

/// Where the headline stands when page furniture comes first: after the letterhead over "FOR
/// IMMEDIATE RELEASE", or after a run of site names, menus, sections and dates. 0 when no
/// headline-like line ends the run: then the lines are read one by one as before.
fn headline_at(lines: &[String]) -> usize {
    let headline_follows = |at: usize| {
        lines[at..]
            .iter()
            .take(HEADER_LINES)
            .find(|l| !is_header_aside(l))
            .is_some_and(|l| is_headline_like(l))
    };
    if let Some(k) = lines
        .iter()
        .take(HEADER_LINES)
        .position(|l| l.trim().eq_ignore_ascii_case("for immediate release"))
    {
        if k > 0 && headline_follows(k + 1) {
            return k + 1;
        }
    }
    // "Home > News > Estonia and Japan sign MoU" over "Estonia and Japan sign MoU": the trail
    // ends in the headline.
    for (i, line) in lines.iter().enumerate().take(HEADER_LINES) {
        let Some(last) = trail_end(line) else {
            continue;
        };
        if let Some(k) = (i + 1..lines.len().min(i + 5)).find(|&k| same_text(&lines[k], last)) {
            return k;
        }
    }
    // A letterhead, a language switch and menus over the headline: the headline is the first
    // headline-like line after a menu, when nothing above the menu reads as text or as a
    // headline of its own.
    // (Most pages have no menu: the costly question, whether a line names a signing, is asked
    // only of the lines above one.)
    let menus = lines
        .iter()
        .take(HEADER_LINES)
        .take_while(|l| l.split_whitespace().count() <= 16 && !l.trim_end().ends_with('.'))
        .enumerate()
        .filter(|(_, l)| is_menu(l))
        .map(|(i, _)| i)
        .take_while(|&m| {
            !lines[..m]
                .iter()
                .any(|l| is_headline_like(l) && reports_a_signing(l))
        });
    for m in menus {
        let next = (m + 1..lines.len().min(m + 1 + HEADER_LINES)).find(|&k| {
            let l = &lines[k];
            !(is_header_aside(l) || (is_page_furniture(l) && !is_headline_like(l)) || is_menu(l))
        });
        if let Some(k) = next.filter(|&k| is_headline_like(&lines[k])) {
            return k;
        }
    }
    let run = lines
        .iter()
        .take(HEADER_LINES)
        .take_while(|l| is_header_aside(l) || is_page_furniture(l))
        .count();
    if run > 0 && run < lines.len() && is_headline_like(&lines[run]) {
        run
    } else {
        0
    }
}

/// The last step of a navigation trail ("Home / Media releases / <headline>"): the steps before
/// it are a few words each, the last may be a whole headline.
fn trail_end(line: &str) -> Option<&str> {
    let (steps, _) = nav_steps(line)?;
    let (last, before) = steps.split_last()?;
    let short = |step: &&str| (1..=6).contains(&step.split_whitespace().count());
    (!before.is_empty() && before.iter().all(short) && last.split_whitespace().count() >= 4)
        .then(|| last.trim())
}

/// A site's menu, trail or language switch: "Home | About | News | Contact", "Press centre >
/// News", "Français | English". Steps of a few words, no dates, no sentence.
fn is_menu(line: &str) -> bool {
    if line.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    let Some((steps, arrows)) = nav_steps(line) else {
        return false;
    };
    let enough = if arrows { 2 } else { 3 };
    let language_switch = steps.len() >= 2 && steps.iter().all(|s| is_language_name(s.trim()));
    (language_switch || steps.len() >= enough)
        && steps.iter().all(|step| {
            (1..=5).contains(&step.split_whitespace().count()) && !step.trim_end().ends_with('.')
        })
        && !reports_a_signing(line)
}

/// "English", "Français", "Shqip": a language's name as a site's switch gives it.
fn is_language_name(step: &str) -> bool {
    const LANGUAGES: &[&str] = &[
        "english",
        "en",
        "français",
        "francais",
        "fr",
        "español",
        "espanol",
        "es",
        "português",
        "portugues",
        "pt",
        "deutsch",
        "de",
        "italiano",
        "русский",
        "українська",
        "македонски",
        "shqip",
        "عربي",
        "العربية",
        "中文",
        "日本語",
        "japanese",
        "한국어",
        "korean",
        "arabic",
        "french",
        "spanish",
        "portuguese",
        "russian",
        "chinese",
        "bahasa",
        "indonesia",
        "malay",
        "thai",
        "ไทย",
        "tiếng việt",
        "vietnamese",
        "türkçe",
        "turkish",
        "eesti",
        "suomi",
        "svenska",
        "dansk",
        "norsk",
        "nederlands",
        "polski",
        "čeština",
        "română",
        "hrvatski",
        "srpski",
        "српски",
        "български",
        "ελληνικά",
        "қазақша",
        "o'zbekcha",
        "kiswahili",
        "amharic",
        "hindi",
        "हिंदी",
        "हिन्दी",
        "bangla",
        "বাংলা",
        "tamil",
        "தமிழ்",
        "sinhala",
        "සිංහල",
        "nepali",
        "mongolian",
        "монгол",
    ];
    let lower = step.to_lowercase();
    LANGUAGES.contains(&lower.as_str())
        // A script the reference lists cannot all hold: a step in a script other than Latin.
        || (!lower.is_empty() && !lower.chars().any(|c| c.is_ascii_alphabetic()) && lower.chars().any(char::is_alphabetic))
}

/// Lines the parser takes for what they say wherever they stand near the top: dates, bylines,
/// widgets, addresses.
fn is_header_aside(line: &str) -> bool {
    let line_trimmed = line.trim();
    // "[This page was translated automatically ...]": an editor's note in brackets.
    (line_trimmed.starts_with('[') && line_trimmed.ends_with(']'))
        || WIDGET_LINE.is_match(line)
        || PUBLISHED_LINE.is_match(line)
        || FROM_LINE.is_match(line)
        || URL_LINE.is_match(line)
        || is_date_line(line)
}

/// A site's name, a menu, a section or a letterhead: nothing a headline would be.
fn is_page_furniture(line: &str) -> bool {
    let words = line.split_whitespace().count();
    let all_caps = line.chars().any(char::is_alphabetic)
        && !line.chars().any(char::is_lowercase)
        && words <= 10;
    // "Economy", "Island News Agency": a section's or a site's name, every word capitalised.
    let short_name = words <= 3
        && line
            .split_whitespace()
            .all(|w| !w.starts_with(char::is_lowercase));
    // (Whether it names a signing is asked last: that is the costly question.)
    (short_name
        || line.contains(" | ")
        || line.contains(" · ")
        || all_caps
        || is_breadcrumb(line)
        || is_menu(line)
        || is_bare_body_name(line)
        || is_masthead(line)
        || site_name_line(line).is_some())
        && !reports_a_signing(line)
}

/// A headline: a few words and more, with no full stop.
fn is_headline_like(line: &str) -> bool {
    let words = line.split_whitespace().count();
    // (A speech's heading names the speaker, the occasion and the agreement: 40 words and more.)
    (4..=50).contains(&words)
        && !line.trim_end().ends_with(['.', ':'])
        && !is_date_line(line)
        && !is_breadcrumb(line)
}

/// A line of a few words without a full stop: a name, a role, a heading.
fn is_short_line(line: &str) -> bool {
    line.split_whitespace().count() <= 12 && !line.trim_end().ends_with('.')
}

/// A short line without a closing full stop: a heading, another masthead line or a headline.
fn looks_like_heading(line: &str) -> bool {
    line.chars().count() <= 200 && !line.trim_end().ends_with(['.', ':'])
}

/// A line that is only an organisation's name ("Foreign and Commonwealth Office").
fn is_organisation_line(line: &str) -> bool {
    if line.split_whitespace().count() > 8 || line.ends_with('.') {
        return false;
    }
    reference::reference().organisation_exact(line).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Article {
        parse(text, &mut ParseNotes::default()).unwrap()
    }

    fn published(a: &Article) -> Option<String> {
        a.published.map(|d| d.to_string())
    }

    #[test]
    fn a_key_facts_box_s_signing_rows_read_as_sentences() {
        let a = parse_str("A and B sign memorandum\n\nKEY FACTS\nSigned:          09.10.2025, in Kyiv\nDuration:        3 years, with the option of\n                 extension\nContact:         press@example.org\n\nBody.\n");
        assert!(a
            .paragraphs
            .contains(&"The agreement was signed on 09.10.2025, in Kyiv.".to_string()));
        assert!(a.paragraphs.contains(
            &"The agreement runs for 3 years, with the option of extension.".to_string()
        ));
    }

    #[test]
    fn a_forwarded_e_mail_s_headers_give_title_date_and_sender() {
        let a = parse_str("From: Press Office <news@example.gov>\nSent: Friday, 7 November 2025 10:42\nTo: Correspondents <list@example.gov>\nSubject: PRESS RELEASE: A and B sign MoU on digital services\n\nCAUTION: This email originated from outside of the organisation. Do not click links.\n\nA and B sign MoU on digital services\n\nBody.\n");
        assert_eq!(a.title, "A and B sign MoU on digital services");
        assert_eq!(published(&a).as_deref(), Some("2025-11-07"));
        assert_eq!(a.publisher.as_deref(), Some("Press Office"));
        assert_eq!(a.paragraphs, vec!["Body."]);
    }

    #[test]
    fn columns_side_by_side_are_read_apart_and_button_rows_are_furniture() {
        let a = parse_str("[Accept all]  [Only necessary]  [Settings]\n\nPT | EN          Accessibility   Search\n\nHome > News\n\nA and B renew their digital memorandum\n\nBody.\n");
        assert_eq!(a.title, "A and B renew their digital memorandum");
        let wrapped = "This release is wrapped like a PDF's text at sixty-odd columns\n".repeat(6);
        let text = format!("                                        Federal Ministry\n\nPRESS RELEASE                         Berlin, 3 December 2025\n\nA and B agree to deepen their cooperation on the\ndigital administration of both countries\n\n{wrapped}");
        let a = parse_str(&text);
        assert_eq!(
            a.title,
            "A and B agree to deepen their cooperation on the digital administration of both countries"
        );
        assert_eq!(published(&a).as_deref(), Some("2025-12-03"));
    }

    #[test]
    fn a_government_portal_s_masthead_menu_and_cookie_banner_are_not_the_title() {
        let a = parse_str("This website uses cookies. [Accept] [Decline]\n\nREPUBLIC OF ZAMBIA\nSMART ZAMBIA INSTITUTE\nOffice of the President\n\nHome | About Us | Services | Media Centre\n\nSearch this site...\n\nZAMBIA AND NAMIBIA SIGN MoU\n\nPublished: 22 July 2024 | Category: News | Hits: 1,204\n\nBody.\n");
        assert_eq!(a.title, "ZAMBIA AND NAMIBIA SIGN MoU");
        assert_eq!(a.publisher.as_deref(), Some("SMART ZAMBIA INSTITUTE"));
        assert_eq!(published(&a).as_deref(), Some("2024-07-22"));
        let a =
            parse_str("Ministry of Digital Economy | Media Center | News\n\nA headline\n\nBody.\n");
        assert_eq!(a.title, "A headline");
        // A body's name is a headline when body text follows it.
        let a = parse_str("Pathways Office\n\nThe office opened a new portal today.\n");
        assert_eq!(a.title, "Pathways Office");
    }

    #[test]
    fn menus_trails_and_language_switches_over_the_headline_are_not_the_title() {
        // A trail that ends in the headline.
        let a = parse_str("Skip to main content\nAustralian Government\nMinisters of the Portfolio\n\nHome / Media releases / Two agencies partner on digital services\n\nTwo agencies partner on digital services\n\nBody text. More.\n");
        assert_eq!(a.title, "Two agencies partner on digital services");
        // A letterhead, a language switch, a menu and a short trail.
        let a = parse_str("Government of the Republic\nМакедонски | Shqip | English\n\nHome | Government | Ministries | Press centre | Contact\n\nPress centre > News\n\nTwo ministries initial a memorandum on digital government\n\nPrint | A- A+ | Share\n\nBody text. More.\n");
        assert_eq!(
            a.title,
            "Two ministries initial a memorandum on digital government"
        );
        // A body's name with an ampersand is a letterhead too.
        let a = parse_str("Government of India\nMinistry of Electronics & IT\n\nIndia and Ethiopia sign MoU on digital public infrastructure\n\nBody text.\n");
        assert_eq!(
            a.title,
            "India and Ethiopia sign MoU on digital public infrastructure"
        );
        // A headline above the menu stays the headline.
        let a = parse_str("Estonia and Japan sign a digital MoU\n\nShare | Tweet | Email\n\nA standfirst without a full stop\n\nBody text. More.\n");
        assert_eq!(a.title, "Estonia and Japan sign a digital MoU");
    }

    #[test]
    fn a_signature_block_becomes_one_sentence() {
        let a = parse_str("A headline\n\nBody.\n\n**Signed by:**\nJane Roe, Director, Agency A\nJohn Doe, Chair, Agency B (AB)\n\nWitnessed by: Sam Poe, Ambassador\n");
        assert_eq!(
            a.paragraphs,
            [
                "Body.",
                "Signed by Jane Roe, Director, Agency A, and John Doe, Chair, Agency B (AB).",
                "Witnessed by: Sam Poe, Ambassador"
            ]
        );
    }

    #[test]
    fn a_date_after_the_place_or_at_the_foot_of_the_page_is_the_publication_date() {
        let a = parse_str("A headline\n\nAPIA, SAMOA – 29 August 2024 – The ministries signed.\n");
        assert_eq!(published(&a).as_deref(), Some("2024-08-29"));
        let a = parse_str("A headline\n\nSan José, 14/05/2025. Press Office MICITT.\n\nBody.\n");
        assert_eq!(published(&a).as_deref(), Some("2025-05-14"));
        let a = parse_str("A headline\n\nBody one.\n\nBody two.\n\nTags: MoU, Malawi\n\nShare: Facebook | X\n\nPosted on 3rd March, 2025\n");
        assert_eq!(published(&a).as_deref(), Some("2025-03-03"));
    }

    #[test]
    fn a_letterhead_site_name_menu_and_section_above_the_headline_are_not_the_title() {
        let a = parse_str("OFFICE OF THE CHIEF DIGITAL OFFICER\nDepartment of Finance, Budget and Reform\nOifig an Phríomhoifigigh\n\nFOR IMMEDIATE RELEASE\n\nTwo agencies agree to work together on cloud\n\nMonday, 3 March 2025\n\nBody.\n");
        assert_eq!(a.title, "Two agencies agree to work together on cloud");
        assert_eq!(published(&a).as_deref(), Some("2025-03-03"));
        let a = parse_str("Island News Agency\nHome | Local | Economy | Sport\n\nEconomy\n4 June 2025 | 09:12\n\nA ministry and an authority agree on data\n\nBody.\n");
        assert_eq!(a.title, "A ministry and an authority agree on data");
        assert_eq!(published(&a).as_deref(), Some("2025-06-04"));
        let a = parse_str("View this email in your browser\n\nThe Digital Weekly — Issue #7\n\nFriday 7 March 2025\n\nBody.\n");
        assert_eq!(a.title, "The Digital Weekly — Issue #7");
        // A short headline under one line of furniture is still the headline, not a menu.
        let a = parse_str("Ministry news\n\nNew portal\n\nBody of the release.\n");
        assert_eq!(a.title, "Ministry news");
    }

    #[test]
    fn a_hard_wrapped_text_is_unwrapped_without_its_page_furniture() {
        let text = "A headline for a release of some kind on a topic\n\n\
            The first agency and the second agency today signed a Memorandum of Understand-\n\
            ing on digital government, which the two heads of the agencies signed for e-\n\
            government teams in the capital city of the first country, they said today.\n\n\
            The agencies will work together on shared platforms and on the exchange of\n\
            Running Header Of The Issuing Office Of Government\n\
            Page 1 of 2\n\n\
            Running Header Of The Issuing Office Of Government\n\n\
            officers between their technical teams over the three years of the memorandum.\n\n\
            -ENDS-\n\n\
            Notes to editors: the first agency is a division of a ministry of the country.\n";
        let a = parse_str(text);
        assert_eq!(a.title, "A headline for a release of some kind on a topic");
        assert_eq!(
            a.paragraphs,
            [
                "The first agency and the second agency today signed a Memorandum of \
                 Understanding on digital government, which the two heads of the agencies signed \
                 for e-government teams in the capital city of the first country, they said \
                 today.",
                "The agencies will work together on shared platforms and on the exchange of \
                 officers between their technical teams over the three years of the memorandum."
            ]
        );
    }

    #[test]
    fn a_menu_between_pipes_is_no_table() {
        let a = parse_str("| Home | About us | News and events | Contact |\n\nTwo agencies sign a memorandum\n\nBody.\n");
        assert_eq!(a.title, "Two agencies sign a memorandum");
    }

    #[test]
    fn a_table_s_rows_are_read_as_lines_of_cells_under_their_heading() {
        let a = parse_str("Two agencies sign a memorandum\n\nSignatories\n\n| Name | Title | Institution |\n|---|---|---|\n| Jane Roe | Director General | First Agency |\n| John Doe | Minister | Second Ministry |\n");
        assert_eq!(
            a.paragraphs,
            ["Signed by Jane Roe, Director General, First Agency, and John Doe, Minister, Second Ministry."]
        );
    }

    #[test]
    fn a_byline_s_date_and_a_wire_s_slashed_tag_give_the_publication_date() {
        let a = parse_str("A headline\n\nBy: Jane Roe, February 26, 2025\n\nBody.\n");
        assert_eq!(published(&a).as_deref(), Some("2025-02-26"));
        let a =
            parse_str("A headline\n\nTOWN, 12.02.2025 14:35 /Wire Agency/. Body of the story.\n");
        assert_eq!(published(&a).as_deref(), Some("2025-02-12"));
        let a = parse_str("A headline\n\nBy Jane Roe in Tech on 17 June 2025\n\nBody.\n");
        assert_eq!(published(&a).as_deref(), Some("2025-06-17"));
        let a =
            parse_str("A headline\n\nPublié le 12 juin 2025 | Catégorie : Coopération\n\nBody.\n");
        assert_eq!(published(&a).as_deref(), Some("2025-06-12"));
        let a = parse_str("A headline\n\nPublicado el 3 de marzo de 2025\n\nBody.\n");
        assert_eq!(published(&a).as_deref(), Some("2025-03-03"));
        // A date, then when and where: a briefing's stamp.
        let a = parse_str(
            "A headline\n\nTuesday, January 14, 2025, 10:31 to 10:49, Press Room\n\nBody.\n",
        );
        assert_eq!(published(&a).as_deref(), Some("2025-01-14"));
        // A joint release's ministers and portfolios stand between its headline and its date.
        let a = parse_str("A headline\n\nJane Roe\nMinister for Finance\nMinister for the Public Service\n\nJohn Doe MP\nMinister for Trade\n\nDate: Friday, 16 May 2025\n\nBody.\n");
        assert_eq!(published(&a).as_deref(), Some("2025-05-16"));
    }

    #[test]
    fn page_furniture_above_the_headline_is_not_the_title() {
        let a = parse_str("Inicio > Noticias > Compras públicas\n\nA headline\n\nBody.\n");
        assert_eq!(a.title, "A headline");
        let a = parse_str("Office <b>x</b> signs memorandum\n\nBody.\n");
        assert_eq!(a.title, "Office <b>x</b> signs memorandum");
        let a = parse_str("Ministry of Digital Affairs - Gov.pl website\nGov.pl > Ministry of Digital Affairs > News\n\nA headline\n\n20.03.2024\n\nBody.\n");
        assert_eq!(a.title, "A headline");
        assert_eq!(a.publisher.as_deref(), Some("Ministry of Digital Affairs"));
        let a = parse_str("Department of Information and Public Relations, Government of Karnataka\nPress Release No. 12 | Date: 17-09-2024\n\nA headline\n\nBody.\n");
        assert_eq!(a.title, "A headline");
        assert_eq!(published(&a).as_deref(), Some("2024-09-17"));
        // Headlines stay titles: beside a site's name, split by slashes, or ending in "website".
        let a = parse_str("UK and Kenya sign digital MoU - GOV.UK\n\nBody.\n");
        assert_eq!(a.title, "UK and Kenya sign digital MoU - GOV.UK");
        let a = parse_str("Singapore / Estonia / Japan sign pact\n\nBody.\n");
        assert_eq!(a.title, "Singapore / Estonia / Japan sign pact");
        let a = parse_str("Estonia opens a new e-residency website\n\nBody.\n");
        assert_eq!(a.title, "Estonia opens a new e-residency website");
    }

    #[test]
    fn a_newswire_time_line_gives_the_date() {
        let a = parse_str("A headline\n\nApril 15, 2025 08:00 AM Eastern Daylight Time\n\nBody.\n\nView source version on businesswire.com: https://www.businesswire.com/news/x/en/\n");
        assert_eq!(published(&a).as_deref(), Some("2025-04-15"));
        assert_eq!(
            a.source_url.as_deref(),
            Some("https://www.businesswire.com/news/x/en/")
        );
    }

    #[test]
    fn jekyll_front_matter_gives_title_date_and_permalink() {
        let a = parse_str("---\nlayout: post\ntitle: \"Agencies agree\" \npermalink: /media/x\ndate: 2022-07-04\n---\n\n### **Agencies agree**\n\nBody text here.\n");
        assert_eq!(a.title, "Agencies agree");
        assert_eq!(a.published.unwrap().to_string(), "2022-07-04");
        assert_eq!(a.source_url.as_deref(), Some("/media/x"));
        assert_eq!(a.paragraphs, vec!["Body text here."]);
    }

    #[test]
    fn teasers_and_share_widgets_are_not_part_of_the_body() {
        let a = parse_str("A title\n\nFirst paragraph.\n\nSecond paragraph.\n\n    Share Story:\n\nRecent Stories\n\nOther story\nTeaser text.\n");
        assert_eq!(a.title, "A title");
        assert_eq!(a.paragraphs, vec!["First paragraph.", "Second paragraph."]);
    }

    #[test]
    fn a_dateline_gives_the_publication_date() {
        let a = parse_str("Title\nABU DHABI, 3 October 2023 (WAM) -- The authority signed.\n");
        assert_eq!(a.published.unwrap().to_string(), "2023-10-03");
        // On a line of its own, closed by the news agency's tag.
        let a = parse_str("Title\n\nTashkent, 21 November 2024 (UzA)\n\nThe ministry signed.\n");
        assert_eq!(a.published.unwrap().to_string(), "2024-11-21");
    }

    #[test]
    fn a_dateline_without_a_date_is_stripped_when_its_city_is_known_or_tagged() {
        let strip = |p: &str| strip_dateline(p).to_string();
        assert_eq!(
            strip("VALLETTA – Malta's agency signed."),
            "Malta's agency signed."
        );
        assert_eq!(
            strip("NEW DELHI - The ministry signed."),
            "The ministry signed."
        );
        assert_eq!(
            strip("Siem Reap (VNA) – The ministries signed."),
            "The ministries signed."
        );
        assert_eq!(
            strip("KUMASI (GNA) -- The agency signed."),
            "The agency signed."
        );
        // An acronym opening a paragraph is the body, not a place.
        assert_eq!(
            strip("MITA – the agency – signed."),
            "MITA – the agency – signed."
        );
        let city = |p: &str| dateline_city(&[p.to_string()]);
        assert_eq!(
            city("VALLETTA – The MoU was signed here."),
            Some("Valletta".into())
        );
        assert_eq!(
            city("NEW DELHI – The MoU was signed here."),
            Some("New Delhi".into())
        );
    }

    #[test]
    fn broken_front_matter_is_a_warning_not_a_failure() {
        let mut notes = ParseNotes::default();
        let a = parse(
            "---\ntitle: Still a title\nno closing fence\n\nBody.\n",
            &mut notes,
        )
        .unwrap();
        assert_eq!(a.title, "Still a title");
        assert_eq!(a.paragraphs, vec!["Body."]);
        assert_eq!(notes.warnings.len(), 1);
    }
}
