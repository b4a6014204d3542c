//! Dates as press releases write them, with their precision kept: "4 July 2022", "July 4, 2022",
//! "2022-07-04", "4th July 2022", "June 2019", "in 2018", and relative dates resolved only against
//! the article's own publication date.

use std::fmt;
use std::sync::LazyLock;

use super::pattern::Pattern;
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Serialize, Serializer};

/// A date known to the day, the month or only the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    Day,
    Month,
    Year,
}

impl PartialDate {
    pub fn day(date: NaiveDate) -> Self {
        Self {
            year: date.year(),
            month: Some(date.month()),
            day: Some(date.day()),
        }
    }

    pub fn month(year: i32, month: u32) -> Self {
        Self {
            year,
            month: Some(month),
            day: None,
        }
    }

    pub fn year(year: i32) -> Self {
        Self {
            year,
            month: None,
            day: None,
        }
    }

    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (Some(_), Some(_)) => Precision::Day,
            (Some(_), None) => Precision::Month,
            _ => Precision::Year,
        }
    }

    pub fn to_naive(self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, self.month?, self.day?)
    }

    /// Parses the canonical forms "YYYY-MM-DD", "YYYY-MM" and "YYYY".
    pub fn parse(text: &str) -> Option<Self> {
        let mut parts = text.trim().split('-');
        let year: i32 = parts.next()?.parse().ok()?;
        let month = parts.next().map(str::parse::<u32>).transpose().ok()?;
        let day = parts.next().map(str::parse::<u32>).transpose().ok()?;
        let date = Self { year, month, day };
        date.is_valid().then_some(date)
    }

    fn is_valid(&self) -> bool {
        match (self.month, self.day) {
            (Some(m), Some(d)) => NaiveDate::from_ymd_opt(self.year, m, d).is_some(),
            (Some(m), None) => (1..=12).contains(&m),
            (None, None) => true,
            (None, Some(_)) => false,
        }
    }

    /// Two reports may describe the same signing when neither date contradicts the other.
    pub fn compatible(&self, other: &Self) -> bool {
        self.year == other.year
            && opt_compatible(self.month, other.month)
            && opt_compatible(self.day, other.day)
    }

    /// The date a number of years and months later, at the same precision.
    pub fn plus_months(&self, months: u32) -> Self {
        match self.month {
            None => Self::year(self.year + (months / 12) as i32),
            Some(m) => {
                let total = (self.year * 12 + m as i32 - 1) + months as i32;
                let (year, month) = (total.div_euclid(12), total.rem_euclid(12) as u32 + 1);
                let day = self.day.map(|d| d.min(days_in_month(year, month)));
                Self {
                    year,
                    month: Some(month),
                    day,
                }
            }
        }
    }

    /// "4 July 2022", "July 2022" or "2022": how a reader expects a date with its precision.
    pub fn human(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{d} {} {}", MONTHS[m as usize - 1], self.year),
            (Some(m), None) => format!("{} {}", MONTHS[m as usize - 1], self.year),
            _ => self.year.to_string(),
        }
    }
}

fn opt_compatible(a: Option<u32>, b: Option<u32>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    };
    next.and_then(|d| d.pred_opt()).map_or(28, |d| d.day())
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

pub fn month_number(name: &str) -> Option<u32> {
    let lower = name.trim_end_matches('.').to_ascii_lowercase();
    if lower.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| {
            let m = m.to_ascii_lowercase();
            m == lower
                || (lower.len() >= 3
                    && m.starts_with(&lower)
                    && (lower.len() == 3 || lower == "sept"))
        })
        .or_else(|| (lower == "sept").then_some(8))
        .map(|i| i as u32 + 1)
}

/// A month's or weekday's name, in full or abbreviated ("Jun", "Tue").
pub fn is_month_or_weekday(word: &str) -> bool {
    const WEEKDAYS: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    let lower = word.to_ascii_lowercase();
    month_number(word).is_some()
        || WEEKDAYS
            .iter()
            .any(|d| *d == lower || (lower.len() >= 3 && d.starts_with(&lower)))
}

const MONTH_RE: &str = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?";

/// A date found in text: where it was and what it says.
#[derive(Debug, Clone, PartialEq)]
pub struct DateMention {
    pub start: usize,
    pub end: usize,
    /// None when the text names a date that cannot be resolved (a relative date with no
    /// publication date, or a month without a year).
    pub date: Option<PartialDate>,
    /// A month named without a year ("signed in June"): kept to tell reports apart.
    pub month_only: Option<u32>,
    pub relative: bool,
}

static ABSOLUTE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(&format!(
        r"(?ix)
        \b(?P<iso>(?P<iy>(?:19|20)\d\d)[-/.](?P<im>0?[1-9]|1[0-2])[-/.](?P<id>0?[1-9]|[12]\d|3[01]))\b
        | \b(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?(?:\s+of)?\s+(?P<m1>{m}),?\s+(?P<y1>(?:19|20)\d\d)\b
        | \b(?P<m2>{m})\s+(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y2>(?:19|20)\d\d)\b
        | \b(?P<m3>{m}),?\s+(?P<y3>(?:19|20)\d\d)\b
        | \b(?P<d4>[0-3]?\d)[/.-](?P<m4>[01]?\d)[/.-](?P<y4>(?:19|20)\d\d)\b
        | \b(?P<m5>0?[1-9]|1[0-2])/(?P<d5>1[3-9]|2\d|3[01])/(?P<y5>(?:19|20)\d\d)\b
        ",
        m = MONTH_RE
    ))
    .expect("date pattern is valid")
});

static YEAR_ONLY: LazyLock<Pattern> = LazyLock::new(|| {
    // ("2021 The memorandum is renewed": a timeline's entry opens with its year.)
    Pattern::new(r"(?i)\b(?:in|during|since|from|of|early|late|mid-?)\s+(?:(?:early|late|mid-?)\s+|the\s+year\s+)?(?P<y>(?:19|20)\d\d)\b|^(?P<y2>(?:19|20)\d\d)\s+(?-i:\p{Lu})")
        .expect("year pattern is valid")
});

static RELATIVE: LazyLock<Pattern> = LazyLock::new(|| {
    // Matches that overlap an absolute date ("in June 2019") are dropped by `find_dates`.
    Pattern::new(&format!(
        r"(?ix)\b(?P<rel>
            today|yesterday|this\s+week|last\s+week|earlier\s+this\s+week|last\s+month|earlier\s+this\s+month|this\s+month
            |(?:on|last|this\s+past|signed|inked)\s+(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)
            |(?P<ago>\d{{1,2}}|one|two|three|four|five|six|seven|eight|nine|ten|a)\s+years?\s+ago
            |(?:on\s+|this\s+)(?:the\s+)?(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<dm>{m})
            |on\s+(?P<dm2>{m})\s+(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?\b
            |on\s+the\s+(?P<dom>[0-3]?\d)(?:st|nd|rd|th)\b
            |(?:in|on|this|last|since|during|of)\s+(?P<mo>{m})\b
        )",
        m = MONTH_RE
    ))
    .expect("relative date pattern is valid")
});

/// Every date the text gives, in order. Relative dates resolve against `published` when known.
pub fn find_dates(text: &str, published: Option<NaiveDate>) -> Vec<DateMention> {
    let mut found: Vec<DateMention> = Vec::new();
    // Absolute dates and bare years all have a year in digits, which many sentences lack.
    let digits = text.bytes().any(|b| b.is_ascii_digit());
    for caps in digits
        .then(|| ABSOLUTE.captures_iter(text))
        .into_iter()
        .flatten()
    {
        let whole = caps.get(0).expect("group 0 always matches");
        let date = if caps.name("iso").is_some() {
            ymd(&caps["iy"], &caps["im"], Some(&caps["id"]))
        } else if let Some(y) = caps.name("y1") {
            month_number(&caps["m1"]).and_then(|m| day_date(y.as_str(), m, &caps["d1"]))
        } else if let Some(y) = caps.name("y2") {
            month_number(&caps["m2"]).and_then(|m| day_date(y.as_str(), m, &caps["d2"]))
        } else if let Some(y) = caps.name("y3") {
            let m = month_number(&caps["m3"]);
            // "May 2020" is a date; "may 2020" (lowercase verb) is not.
            if caps["m3"].starts_with(|c: char| c.is_lowercase()) {
                None
            } else {
                m.and_then(|m| y.as_str().parse().ok().map(|y| PartialDate::month(y, m)))
            }
        } else if let Some(y) = caps.name("y4") {
            ymd(y.as_str(), &caps["m4"], Some(&caps["d4"]))
        } else if let Some(y) = caps.name("y5") {
            // "01/29/2026": month first, as the US writes it, when the day tells (over 12).
            ymd(y.as_str(), &caps["m5"], Some(&caps["d5"]))
        } else {
            None
        };
        if let Some(date) = date {
            found.push(DateMention {
                start: whole.start(),
                end: whole.end(),
                date: Some(date),
                month_only: None,
                relative: false,
            });
        }
    }
    for caps in digits
        .then(|| YEAR_ONLY.captures_iter(text))
        .into_iter()
        .flatten()
    {
        let y = caps
            .name("y")
            .or_else(|| caps.name("y2"))
            .expect("a year group");
        if overlaps(&found, y.start(), y.end()) {
            continue;
        }
        if let Ok(year) = y.as_str().parse() {
            found.push(DateMention {
                start: y.start(),
                end: y.end(),
                date: Some(PartialDate::year(year)),
                month_only: None,
                relative: false,
            });
        }
    }
    for caps in RELATIVE.captures_iter(text) {
        let whole = caps.name("rel").expect("rel group");
        if overlaps(&found, whole.start(), whole.end()) {
            continue;
        }
        let phrase = whole.as_str().to_ascii_lowercase();
        let month_group = caps
            .name("mo")
            .or_else(|| caps.name("dm"))
            .or_else(|| caps.name("dm2"));
        // "May" is also a verb: only a capitalised month name counts.
        let month_named = month_group
            .filter(|m| m.as_str().starts_with(|c: char| c.is_uppercase()))
            .and_then(|m| month_number(m.as_str()));
        if month_group.is_some() && month_named.is_none() {
            continue;
        }
        let date = published.and_then(|p| resolve_relative(&phrase, &caps, p, month_named));
        found.push(DateMention {
            start: whole.start(),
            end: whole.end(),
            date,
            month_only: month_named,
            relative: true,
        });
    }
    found.sort_by_key(|d| d.start);
    found
}

fn overlaps(found: &[DateMention], start: usize, end: usize) -> bool {
    found.iter().any(|d| start < d.end && d.start < end)
}

fn resolve_relative(
    phrase: &str,
    caps: &regex::Captures<'_>,
    published: NaiveDate,
    month: Option<u32>,
) -> Option<PartialDate> {
    let month_of = |d: NaiveDate| PartialDate::month(d.year(), d.month());
    if phrase == "today" {
        return Some(PartialDate::day(published));
    }
    if phrase == "yesterday" {
        return published.pred_opt().map(PartialDate::day);
    }
    if phrase.contains("week") {
        let back = if phrase.starts_with("last") { 7 } else { 0 };
        return Some(month_of(published - Duration::days(back)));
    }
    if phrase.contains("month") {
        if phrase.starts_with("last") {
            let first = published.with_day(1)?;
            return Some(month_of(first.pred_opt()?));
        }
        return Some(month_of(published));
    }
    // "on the 15th": that day of the publication month, or of the month before.
    if let Some(dom) = caps.name("dom") {
        let day: u32 = dom.as_str().parse().ok()?;
        let this_month = published.with_day(day).filter(|d| *d <= published);
        return this_month
            .or_else(|| {
                let last_month = published.with_day(1)?.pred_opt()?;
                last_month.with_day(day)
            })
            .map(PartialDate::day);
    }
    // "ten years ago": a year, counted back from publication.
    if let Some(ago) = caps.name("ago") {
        let n = match ago.as_str() {
            "a" => 1,
            n => n.parse().ok().or_else(|| super::language::number_word(n))?,
        };
        return Some(PartialDate::year(published.year() - i32::try_from(n).ok()?));
    }
    if let Some(wd) = caps.name("wd") {
        let target = parse_weekday(wd.as_str())?;
        // The most recent such weekday before the publication date (or on it, for "on").
        let mut d = published;
        // "on Friday", "signed Friday": the day itself may be the publication day.
        let inclusive = ["on", "signed", "inked"]
            .iter()
            .any(|p| phrase.starts_with(p));
        if !inclusive {
            d = d.pred_opt()?;
        }
        for _ in 0..7 {
            if d.weekday() == target {
                return Some(PartialDate::day(d));
            }
            d = d.pred_opt()?;
        }
        return None;
    }
    let month = month?;
    // A month without a year: the latest such month not after publication.
    let year = if month <= published.month() {
        published.year()
    } else {
        published.year() - 1
    };
    if let Some(day) = caps.name("day").or_else(|| caps.name("day2")) {
        let day: u32 = day.as_str().parse().ok()?;
        return NaiveDate::from_ymd_opt(year, month, day).map(PartialDate::day);
    }
    Some(PartialDate::month(year, month))
}

fn parse_weekday(name: &str) -> Option<Weekday> {
    name.to_ascii_lowercase().parse().ok()
}

fn ymd(y: &str, m: &str, d: Option<&str>) -> Option<PartialDate> {
    let y: i32 = y.parse().ok()?;
    let m: u32 = m.parse().ok()?;
    match d {
        Some(d) => NaiveDate::from_ymd_opt(y, m, d.parse().ok()?).map(PartialDate::day),
        None => (1..=12).contains(&m).then(|| PartialDate::month(y, m)),
    }
}

fn day_date(y: &str, m: u32, d: &str) -> Option<PartialDate> {
    NaiveDate::from_ymd_opt(y.parse().ok()?, m, d.parse().ok()?).map(PartialDate::day)
}

/// The first date in a short piece of text such as a front-matter value or a "Published" line.
pub fn parse_date(text: &str) -> Option<PartialDate> {
    find_dates(text, None).into_iter().find_map(|d| d.date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(text: &str) -> Option<String> {
        parse_date(text).map(|d| d.to_string())
    }

    #[test]
    fn common_press_release_formats_parse_with_their_precision() {
        assert_eq!(first("on 4 July 2022 at"), Some("2022-07-04".into()));
        assert_eq!(first("on July 4, 2022."), Some("2022-07-04".into()));
        assert_eq!(first("2022-07-04"), Some("2022-07-04".into()));
        assert_eq!(first("the 4th of July 2022"), Some("2022-07-04".into()));
        assert_eq!(first("in June 2019"), Some("2019-06".into()));
        assert_eq!(first("signed in 2018."), Some("2018".into()));
        assert_eq!(first("Sept. 3, 2021"), Some("2021-09-03".into()));
        // Day first with dashes (India, much of Europe); year first with slashes or dots (East Asia).
        assert_eq!(first("Bengaluru, 17-09-2024:"), Some("2024-09-17".into()));
        assert_eq!(first("2024/09/17"), Some("2024-09-17".into()));
        assert_eq!(first("2024.09.17"), Some("2024-09-17".into()));
        // Month first (the US) where the day cannot be a month; day first where both could be.
        assert_eq!(first("Posted: 01/29/2026 |"), Some("2026-01-29".into()));
        assert_eq!(first("today (22/08/2024)"), Some("2024-08-22".into()));
        assert_eq!(first("on 02/03/2026"), Some("2026-03-02".into()));
    }

    #[test]
    fn relative_dates_resolve_only_against_a_publication_date() {
        let published = NaiveDate::from_ymd_opt(2023, 3, 15);
        let resolve = |text: &str, p| {
            find_dates(text, p)
                .first()
                .and_then(|d| d.date)
                .map(|d| d.to_string())
        };
        assert_eq!(
            resolve("signed yesterday", published),
            Some("2023-03-14".into())
        );
        assert_eq!(resolve("signed yesterday", None), None);
        assert_eq!(
            resolve("signed last month", published),
            Some("2023-02".into())
        );
        assert_eq!(
            resolve("signed on Monday", published),
            Some("2023-03-13".into())
        );
        // 2023-03-15 is a Wednesday: "signed Wednesday" is that day, "last Wednesday" not.
        assert_eq!(
            resolve("signed Wednesday in Dakar", published),
            Some("2023-03-15".into())
        );
        assert_eq!(
            resolve("Ten years ago, they signed", published),
            Some("2013".into())
        );
        assert_eq!(resolve("signed in June", published), Some("2022-06".into()));
        let june = find_dates("signed in June", None);
        assert_eq!(june[0].month_only, Some(6));
    }

    #[test]
    fn expiry_keeps_the_precision_of_the_signing_date() {
        let d = PartialDate::parse("2022-07-04").unwrap();
        assert_eq!(d.plus_months(36).to_string(), "2025-07-04");
        assert_eq!(
            PartialDate::month(2019, 6).plus_months(24).to_string(),
            "2021-06"
        );
        assert_eq!(
            PartialDate::parse("2024-02-29")
                .unwrap()
                .plus_months(12)
                .to_string(),
            "2025-02-28"
        );
    }
}
