//! Articles saved as markup rather than text. A feed's first item or an HTML page becomes the
//! text the parser reads: front matter for the title, date and address the markup labels, and a
//! paragraph per block. Entities left in plain text ("&amp;", "&#8217;") are decoded.

use std::borrow::Cow;

/// The text of `text` as the parser reads it: unchanged unless it is markup or holds entities.
pub fn to_text(text: &str) -> Cow<'_, str> {
    let start = text.trim_start_matches('\u{feff}').trim_start();
    if start.starts_with('<') {
        let opens = |prefix: &str| {
            start
                .get(..prefix.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
        };
        if opens("<?xml") || opens("<rss") || opens("<feed") {
            if let Some(item) = feed_item(start) {
                return Cow::Owned(item);
            }
        }
        if opens("<!doctype html") || opens("<html") {
            return Cow::Owned(html_page(start));
        }
    }
    // A text with its paragraphs still in tags ("<p>...</p>") is markup too.
    if text.contains("</") && closed_paragraphs(text) >= 2 {
        return Cow::Owned(html_to_text(text));
    }
    if text.contains('&') {
        if let Cow::Owned(decoded) = decode_entities(text) {
            return Cow::Owned(decoded);
        }
    }
    Cow::Borrowed(text)
}

/// Front matter from labelled fields, then the body; empty fields are left out.
fn with_front_matter(fields: &[(&str, Option<String>)], body: &str) -> String {
    let mut out = String::from("---\n");
    for (key, value) in fields {
        if let Some(value) = value.as_deref().map(collapse_spaces) {
            if !value.is_empty() {
                out.push_str(&format!("{key}: {value}\n"));
            }
        }
    }
    out.push_str("---\n\n");
    out.push_str(body);
    out
}

/// An RSS `<item>` or an Atom `<entry>`: its title, link, date and content.
fn feed_item(feed: &str) -> Option<String> {
    let item = element(feed, "item").or_else(|| element(feed, "entry"))?;
    let text_of =
        |name: &str| element(item, name).map(|inner| html_to_text(inner).trim().to_string());
    let title = text_of("title");
    // Atom gives its link as an attribute: <link rel="alternate" href="..."/>.
    let link = text_of("link")
        .filter(|l| !l.is_empty())
        .or_else(|| attribute(item, "link", "href"));
    let date = ["pubDate", "published", "dc:date", "updated"]
        .iter()
        .find_map(|name| text_of(name));
    let author = text_of("dc:creator");
    let content = ["content:encoded", "content", "description", "summary"]
        .iter()
        .find_map(|name| element(item, name))
        .map(html_to_text)
        .unwrap_or_default();
    Some(with_front_matter(
        &[
            ("title", title),
            ("date", date),
            ("url", link),
            ("author", author),
        ],
        &content,
    ))
}

/// An HTML page: its heading or `<title>`, its publication stamp, and its body's text.
fn html_page(page: &str) -> String {
    let title = element(page, "h1")
        .or_else(|| element(page, "title"))
        .map(|t| html_to_text(t).trim().to_string());
    let date = meta_content(page, "article:published_time")
        .or_else(|| attribute(page, "time", "datetime"));
    let url = meta_content(page, "og:url");
    let body = element(page, "body").unwrap_or(page);
    with_front_matter(
        &[("title", title), ("date", date), ("url", url)],
        &html_to_text(body),
    )
}

/// The content of `<meta property="name" content="...">` (or `name="name"`).
fn meta_content(page: &str, name: &str) -> Option<String> {
    let lower = page.to_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find("<meta") {
        let start = from + i;
        let end = start + lower[start..].find('>')?;
        let tag = &page[start..end];
        let tag_lower = &lower[start..end];
        if tag_lower.contains(&format!("\"{name}\"")) || tag_lower.contains(&format!("'{name}'")) {
            return attribute_value(tag, "content");
        }
        from = end;
    }
    None
}

/// The inner markup of the first `<name ...>...</name>` in `text` (case-insensitive), CDATA
/// unwrapped.
fn element<'a>(text: &'a str, name: &str) -> Option<&'a str> {
    let lower = text.to_ascii_lowercase();
    let name = name.to_ascii_lowercase();
    let open = format!("<{name}");
    let mut from = 0;
    let start = loop {
        let i = from + lower[from..].find(&open)?;
        // "<link" must not match "<linkedin": the name ends at a space, '>' or '/'.
        let after = lower.as_bytes().get(i + open.len()).copied();
        if matches!(after, Some(b' ' | b'>' | b'/' | b'\t' | b'\n' | b'\r')) {
            break i;
        }
        from = i + open.len();
    };
    let tag_end = start + lower[start..].find('>')?;
    if lower[..tag_end].ends_with('/') {
        return None;
    }
    let close = format!("</{name}>");
    let end = tag_end + lower[tag_end..].find(&close)?;
    let inner = text[tag_end + 1..end].trim();
    Some(
        inner
            .strip_prefix("<![CDATA[")
            .and_then(|s| s.strip_suffix("]]>"))
            .unwrap_or(inner),
    )
}

/// An attribute of the first `<name ...>` tag that has it.
fn attribute(text: &str, name: &str, attribute: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let open = format!("<{}", name.to_ascii_lowercase());
    let mut from = 0;
    while let Some(i) = lower[from..].find(&open) {
        let start = from + i;
        let end = start + lower[start..].find('>')?;
        if let Some(value) = attribute_value(&text[start..end], attribute) {
            return Some(value);
        }
        from = end;
    }
    None
}

fn attribute_value(tag: &str, attribute: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    for quote in ['"', '\''] {
        let key = format!("{attribute}={quote}");
        let mut from = 0;
        while let Some(i) = lower[from..].find(&key) {
            let at = from + i;
            // "data-content=" is not "content=".
            let clean = at == 0 || lower.as_bytes()[at - 1].is_ascii_whitespace();
            let value_start = at + key.len();
            if clean {
                let len = tag[value_start..].find(quote)?;
                return Some(decode_entities(&tag[value_start..value_start + len]).into_owned());
            }
            from = value_start;
        }
    }
    None
}

/// Tags that open or close a block: each starts a new paragraph in the text.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "figure",
    "figcaption",
    "blockquote",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "aside",
    "main",
    "table",
    "tr",
    "hr",
    "pre",
    "dl",
    "dt",
    "dd",
    "address",
];

/// Elements whose content is never text: scripts, styles, images drawn in markup.
const HIDDEN_TAGS: &[&str] = &["script", "style", "noscript", "svg", "template", "head"];

/// How many paragraphs close in `</p>`: a text whose paragraphs are all in tags is markup; a
/// stray `<br>` in a plain text is not, and its line breaks must stay as they are.
fn closed_paragraphs(text: &str) -> usize {
    text.match_indices("</")
        .filter(|&(i, _)| {
            text.get(i + 2..i + 4)
                .is_some_and(|tag| tag.eq_ignore_ascii_case("p>"))
        })
        .count()
}

/// Markup → text: a paragraph per block, a line per `<br>`, list items as "- " lines, tags and
/// comments dropped, entities decoded, the spacing of the markup ignored.
pub fn html_to_text(markup: &str) -> String {
    let mut out = String::with_capacity(markup.len());
    let mut rest = markup;
    let mut hidden: Option<String> = None;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            if hidden.is_none() {
                push_text(&mut out, rest);
            }
            break;
        };
        if hidden.is_none() {
            push_text(&mut out, &rest[..lt]);
        }
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |i| &after[i + 3..]);
            continue;
        }
        if let Some(after) = rest.strip_prefix("<![CDATA[") {
            let end = after.find("]]>").unwrap_or(after.len());
            if hidden.is_none() {
                out.push_str(&html_to_text(&after[..end]));
            }
            rest = after.get(end + 3..).unwrap_or("");
            continue;
        }
        let Some(gt) = rest.find('>') else {
            // A lone "<": text, not a tag.
            if hidden.is_none() {
                push_text(&mut out, rest);
            }
            break;
        };
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == ':')
            .collect::<String>()
            .to_ascii_lowercase();
        if let Some(open) = &hidden {
            if closing && *open == name {
                hidden = None;
            }
            continue;
        }
        if HIDDEN_TAGS.contains(&name.as_str()) && !closing && !tag.ends_with('/') {
            hidden = Some(name);
            continue;
        }
        match name.as_str() {
            "br" => out.push('\n'),
            "li" if !closing => out.push_str("\n\n- "),
            "td" | "th" if !closing => out.push(' '),
            n if BLOCK_TAGS.contains(&n) => out.push_str("\n\n"),
            _ => {}
        }
    }
    tidy_lines(&out)
}

/// Text between tags: its runs of spaces and newlines are one space, as a browser shows them.
fn push_text(out: &mut String, text: &str) {
    let decoded = decode_entities(text);
    let mut last_space = out.ends_with([' ', '\n']) || out.is_empty();
    for c in decoded.chars() {
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
                last_space = true;
            }
        } else {
            out.push(c);
            last_space = false;
        }
    }
}

/// Lines trimmed, and at most one blank line between paragraphs.
fn tidy_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = true;
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line == "-" {
            if !blank {
                out.push('\n');
                blank = true;
            }
            continue;
        }
        out.push_str(line);
        out.push('\n');
        blank = false;
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn collapse_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `&amp;`, `&nbsp;`, `&#8217;`, `&#x2019;` → their characters; anything else is left as it is.
pub fn decode_entities(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut changed = false;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let decoded = rest[1..]
            .find(';')
            .filter(|&semi| semi <= 10)
            .and_then(|semi| entity(&rest[1..1 + semi]).map(|c| (c, semi + 2)));
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
                changed = true;
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    if changed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(text)
    }
}

fn entity(name: &str) -> Option<char> {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        // A no-break space reads as a space.
        return char::from_u32(code).map(|c| if c == '\u{a0}' { ' ' } else { c });
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" | "ensp" | "emsp" | "thinsp" => ' ',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "laquo" => '«',
        "raquo" => '»',
        "bull" => '•',
        "middot" => '·',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "deg" => '°',
        "eacute" => 'é',
        "egrave" => 'è',
        "ecirc" => 'ê',
        "aacute" => 'á',
        "agrave" => 'à',
        "acirc" => 'â',
        "iacute" => 'í',
        "oacute" => 'ó',
        "ocirc" => 'ô',
        "uacute" => 'ú',
        "ntilde" => 'ñ',
        "ccedil" => 'ç',
        "auml" => 'ä',
        "ouml" => 'ö',
        "uuml" => 'ü',
        "szlig" => 'ß',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_in_plain_text_are_decoded_and_the_rest_left_alone() {
        assert_eq!(
            to_text("Guyana&#8217;s agency &amp; GovTech &#8211; AT&T &foo; done"),
            "Guyana’s agency & GovTech – AT&T &foo; done"
        );
        assert!(matches!(to_text("No markup here."), Cow::Borrowed(_)));
    }

    #[test]
    fn paragraphs_in_tags_become_paragraphs() {
        let text = to_text("<p>One &amp; two.</p>\n<p>Three<br />four.</p><ul><li>a;</li><li>b.</li></ul><script>x()</script><!-- c -->");
        assert_eq!(text, "One & two.\n\nThree\nfour.\n\n- a;\n\n- b.\n");
    }

    #[test]
    fn a_stray_line_break_tag_leaves_a_plain_text_as_it_is() {
        let text = "Headline\nSub line\n\nBody<br> one.\n\nBody<br/> two.<br>\n";
        assert_eq!(to_text(text), text);
    }

    #[test]
    fn a_feed_s_first_item_gives_title_date_address_and_content() {
        let feed = r#"<?xml version="1.0"?><rss><channel><title>Site &#8211; News</title>
<lastBuildDate>Mon, 27 Oct 2025 09:12:44 +0000</lastBuildDate>
<item><title>Two agencies sign MoU</title><link>https://example.org/mou/</link>
<pubDate>Thu, 23 Oct 2025 14:05:11 +0000</pubDate>
<content:encoded><![CDATA[<!-- wp:paragraph --><p>The agencies signed.</p><figure><img src="x.jpg"/><figcaption>L-R: A and B</figcaption></figure>]]></content:encoded>
</item><item><title>Other</title></item></channel></rss>"#;
        let text = to_text(feed);
        assert_eq!(
            text,
            "---\ntitle: Two agencies sign MoU\ndate: Thu, 23 Oct 2025 14:05:11 +0000\nurl: https://example.org/mou/\n---\n\nThe agencies signed.\n\nL-R: A and B\n"
        );
    }

    #[test]
    fn an_html_page_gives_its_heading_stamp_and_body() {
        let page = r#"<!DOCTYPE html><html><head><title>Site</title><meta property="article:published_time" content="2025-03-04T10:00:00Z"><style>p{}</style></head>
<body><nav><a href="/">Home</a></nav><h1>Two agencies sign MoU</h1><p>The agencies signed.</p></body></html>"#;
        let text = to_text(page);
        assert_eq!(
            text,
            "---\ntitle: Two agencies sign MoU\ndate: 2025-03-04T10:00:00Z\n---\n\nHome\n\nTwo agencies sign MoU\n\nThe agencies signed.\n"
        );
    }
}
