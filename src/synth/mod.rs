//! A deterministic generator of press-release-style articles, for benchmarks and tests.
//!
//! The same `--n` and `--seed` always give the same files, byte for byte. Countries and agencies
//! come from the extractor's reference data; people are invented from the word lists in
//! `data/vocabulary.txt`. The corpus mixes outlets and styles (front matter or not, datelines,
//! boilerplate), date formats, two- and three-party agreements, several reports of one
//! agreement, negatives (talks, no signing) and passing mentions of earlier agreements. What it
//! planted is written to `manifest.json` beside the articles (the importer reads only `.txt` and
//! `.md`), so tests can measure how much of it the extractor finds.

mod rng;
mod vocabulary;

use std::fmt::Write as _;
use std::io;
use std::path::Path;

use crate::extract::dates::MONTHS;
use crate::extract::reference::{reference, Organisation};

pub use rng::Rng;
use vocabulary::Vocabulary;

/// `n` different searches of the kinds people type, as URL query strings: one word, two words,
/// a quoted phrase, words within a country, a topic within a year, a country's name with words.
/// Built from the corpus's own vocabulary so most of them match; the benchmark uses them to
/// measure searches that no cache has seen. There are about 200,000 such searches; the same `n`
/// always gives the same list.
pub fn distinct_queries(n: usize) -> Vec<String> {
    let words = Vocabulary::get();
    let refs = reference();
    let mut countries: Vec<&str> = refs
        .organisations
        .iter()
        .map(|o| o.country.as_str())
        .filter(|c| c.len() == 2)
        .collect();
    countries.sort_unstable();
    countries.dedup();
    let plus = |text: &str| form_urlencoded::byte_serialize(text.as_bytes()).collect::<String>();
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(n);
    let mut rng = Rng::new(0x5EA2C4);
    // Enough draws for `n` different ones whatever collide; stops early once there are `n`.
    for _ in 0..n.saturating_mul(20) {
        if out.len() == n {
            break;
        }
        let noun = words.pick(&mut rng, &words.nouns);
        let adjective = words.pick(&mut rng, &words.adjectives);
        let query = match rng.below(8) {
            0 => format!("q={}", plus(noun)),
            1 => format!("q={}", plus(&format!("{adjective} {noun}"))),
            2 => format!("q={}", plus(&format!("\"{adjective} {noun}\""))),
            3 => match countries.get(rng.below(countries.len().max(1))) {
                Some(country) => format!("q={}&country={country}", plus(noun)),
                None => format!("q={}", plus(noun)),
            },
            4 => {
                let topic = &refs.topics[rng.below(refs.topics.len())].name;
                format!("topic={}&year={}", plus(topic), 2010 + rng.below(16))
            }
            5 => {
                let country = &refs.countries[rng.below(refs.countries.len())].name;
                format!("q={}", plus(&format!("{country} {noun}")))
            }
            6 => match countries.get(rng.below(countries.len().max(1))) {
                Some(country) => {
                    format!(
                        "q={}&country={country}",
                        plus(&format!("{adjective} {noun}"))
                    )
                }
                None => format!("q={}", plus(&format!("{adjective} {noun}"))),
            },
            _ => {
                let country = &refs.countries[rng.below(refs.countries.len())].name;
                format!("q={}", plus(&format!("{country} {adjective} {noun}")))
            }
        };
        if seen.insert(query.clone()) {
            out.push(query);
        }
    }
    out
}

/// An agreement the generator planted, and the files that report it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Planted {
    /// The kind as the reference data names it ("Memorandum of Understanding").
    pub kind: String,
    /// Canonical names of the parties, as in the reference data.
    pub parties: Vec<String>,
    /// ISO codes of the parties' countries, in the same order.
    pub countries: Vec<String>,
    /// "YYYY-MM-DD" or "YYYY-MM": the precision the reports give.
    pub date: String,
    pub place: Option<String>,
    pub signatories: Vec<String>,
    pub topic: String,
    pub files: Vec<String>,
}

/// What a corpus holds, written as `manifest.json`.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Manifest {
    pub seed: u64,
    pub articles: usize,
    pub agreements: Vec<Planted>,
    /// Articles about talks or plans where nothing was signed.
    pub negatives: Vec<String>,
    /// Articles about something else that name an earlier agreement in passing.
    pub mentions: Vec<String>,
}

/// One generated article file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynthFile {
    pub name: String,
    pub text: String,
}

#[derive(Debug, thiserror::Error)]
pub enum SynthError {
    #[error("cannot write the corpus to {path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot write the manifest: {0}")]
    Manifest(#[from] serde_json::Error),
}

/// Generates `n` articles from `seed`, in memory.
pub fn generate(n: usize, seed: u64) -> (Vec<SynthFile>, Manifest) {
    let mut files = Vec::with_capacity(n);
    let manifest = generate_each(n, seed, |f| files.push(f));
    (files, manifest)
}

/// Writes `n` articles from `seed` into `out` (created if missing), and `manifest.json`.
pub fn write(out: &Path, n: usize, seed: u64) -> Result<Manifest, SynthError> {
    let err = |path: &Path, source: io::Error| SynthError::Write {
        path: path.display().to_string(),
        source,
    };
    std::fs::create_dir_all(out).map_err(|e| err(out, e))?;
    let mut failure: Option<SynthError> = None;
    let manifest = generate_each(n, seed, |f| {
        if failure.is_none() {
            let path = out.join(&f.name);
            if let Err(e) = std::fs::write(&path, f.text.as_bytes()) {
                failure = Some(err(&path, e));
            }
        }
    });
    if let Some(e) = failure {
        return Err(e);
    }
    let path = out.join("manifest.json");
    let json = serde_json::to_vec_pretty(&manifest)?;
    std::fs::write(&path, json).map_err(|e| err(&path, e))?;
    Ok(manifest)
}

/// The generator proper: hands each article to `emit` as it is made, so a large corpus is never
/// held in memory.
fn generate_each(n: usize, seed: u64, mut emit: impl FnMut(SynthFile)) -> Manifest {
    let vocab = Vocabulary::get();
    let orgs = Orgs::new();
    let mut rng = Rng::new(seed);
    let mut manifest = Manifest {
        seed,
        articles: n,
        ..Manifest::default()
    };
    let mut written = 0usize;
    let mut story = 0usize;
    let mut planted_keys = std::collections::HashSet::new();
    while written < n {
        story += 1;
        let roll = rng.below(100);
        if roll < 72 || manifest.agreements.is_empty() {
            let mut plan = plan_agreement(&mut rng, vocab, &orgs);
            // Two signings between the same bodies on the same day would be one agreement to any
            // reader: plant each (parties, date) once.
            while !planted_keys.insert(plan.key()) {
                plan = plan_agreement(&mut rng, vocab, &orgs);
            }
            let reports = match rng.below(10) {
                0..=6 => 1,
                7..=8 => 2,
                _ => 3,
            }
            .min(n - written);
            let mut planted = plan.planted();
            for r in 0..reports {
                let style = Style::pick(&mut rng, vocab, r);
                let name = file_name(written, &style, &plan.title_words());
                let text = signing_article(&mut rng, vocab, &plan, &style);
                planted.files.push(name.clone());
                emit(SynthFile { name, text });
                written += 1;
            }
            manifest.agreements.push(planted);
        } else if roll < 86 {
            let plan = plan_agreement(&mut rng, vocab, &orgs);
            let style = Style::pick(&mut rng, vocab, 0);
            let name = file_name(written, &style, &format!("talks {story}"));
            let text = negative_article(&mut rng, vocab, &plan, &style);
            manifest.negatives.push(name.clone());
            emit(SynthFile { name, text });
            written += 1;
        } else {
            let i = rng.below(manifest.agreements.len());
            let earlier = manifest.agreements[i].clone();
            let plan = plan_agreement(&mut rng, vocab, &orgs);
            let style = Style::pick(&mut rng, vocab, 0);
            let name = file_name(written, &style, &format!("update {story}"));
            let text = mention_article(&mut rng, vocab, &plan, &earlier, &style);
            manifest.mentions.push(name.clone());
            emit(SynthFile { name, text });
            written += 1;
        }
    }
    manifest
}

fn file_name(index: usize, style: &Style, words: &str) -> String {
    let slug = crate::import::slugify(words);
    let slug: String = slug.chars().take(40).collect();
    let ext = if style.front_matter { "md" } else { "txt" };
    format!("{index:06}-{}.{ext}", slug.trim_end_matches('-'))
}

/// The organisations the generator draws parties from: national bodies with a short form.
struct Orgs {
    all: Vec<&'static Organisation>,
}

impl Orgs {
    fn new() -> Self {
        let r = reference();
        let all = r
            .organisations
            .iter()
            .filter(|o| {
                matches!(
                    o.kind.as_str(),
                    "agency" | "ministry" | "department" | "office"
                ) && r.country(&o.country).is_some()
                    && o.country != "EU"
            })
            .collect();
        Orgs { all }
    }

    /// `k` organisations of `k` different countries.
    fn pick(&self, rng: &mut Rng, k: usize) -> Vec<&'static Organisation> {
        let mut chosen: Vec<&'static Organisation> = Vec::with_capacity(k);
        while chosen.len() < k {
            let o = self.all[rng.below(self.all.len())];
            if chosen.iter().all(|c| c.country != o.country) {
                chosen.push(o);
            }
        }
        chosen
    }
}

/// A date with the precision an article gives.
#[derive(Debug, Clone, Copy)]
struct Day {
    year: i32,
    month: u32,
    day: u32,
}

impl Day {
    fn random(rng: &mut Rng) -> Day {
        Day {
            year: 2014 + rng.below(11) as i32,
            month: 1 + rng.below(12) as u32,
            day: 1 + rng.below(28) as u32,
        }
    }

    fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    fn month_name(&self) -> &'static str {
        MONTHS[(self.month as usize - 1) % 12]
    }

    /// "4 July 2022", "July 4, 2022" or "2022-07-04".
    fn text(&self, format: DateFormat) -> String {
        match format {
            DateFormat::DayMonth => format!("{} {} {}", self.day, self.month_name(), self.year),
            DateFormat::MonthDay => format!("{} {}, {}", self.month_name(), self.day, self.year),
            DateFormat::Iso => self.iso(),
        }
    }

    /// A few days later, for a report that follows the signing.
    fn later(&self, days: u32) -> Day {
        let day = self.day + days;
        if day <= 28 {
            Day { day, ..*self }
        } else if self.month == 12 {
            Day {
                year: self.year + 1,
                month: 1,
                day: day - 28,
            }
        } else {
            Day {
                month: self.month + 1,
                day: day - 28,
                ..*self
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DateFormat {
    DayMonth,
    MonthDay,
    Iso,
}

/// One person who signs.
#[derive(Debug, Clone)]
struct Person {
    honorific: &'static str,
    given: &'static str,
    family: String,
    role: &'static str,
}

impl Person {
    fn name(&self) -> String {
        format!("{} {}", self.given, self.family)
    }
}

/// An agreement to write about.
struct Plan {
    kind: (&'static str, &'static str, &'static str),
    orgs: Vec<&'static Organisation>,
    people: Vec<Person>,
    date: Day,
    /// Whether the reports give only the month.
    month_only: bool,
    place: Option<&'static str>,
    event: Option<&'static str>,
    topic: &'static str,
    topic_phrase: &'static str,
    second_topic: &'static str,
    years: Option<u32>,
}

/// (reference kind, long form, short form)
const KINDS: [(&str, &str, &str); 4] = [
    (
        "Memorandum of Understanding",
        "Memorandum of Understanding",
        "MoU",
    ),
    (
        "Memorandum of Understanding",
        "memorandum of understanding",
        "MoU",
    ),
    (
        "Memorandum of Cooperation",
        "Memorandum of Cooperation",
        "MoC",
    ),
    (
        "Cooperation Agreement",
        "cooperation agreement",
        "agreement",
    ),
];

fn plan_agreement(rng: &mut Rng, vocab: &Vocabulary, orgs: &Orgs) -> Plan {
    let k = if rng.chance(12) { 3 } else { 2 };
    let orgs = orgs.pick(rng, k);
    let people = orgs
        .iter()
        .map(|_| Person {
            honorific: ["", "", "Dr ", "Ms ", "Mr "][rng.below(5)],
            given: vocab.given[rng.below(vocab.given.len())],
            family: vocab.family(rng),
            role: vocab.roles[rng.below(vocab.roles.len())],
        })
        .collect();
    let cities: Vec<&'static str> = orgs
        .iter()
        .flat_map(|o| vocab.cities_of(&o.country))
        .collect();
    let place = (!cities.is_empty() && rng.chance(75)).then(|| cities[rng.below(cities.len())]);
    let topics = &reference().topics;
    let t = rng.below(topics.len());
    let topic = &topics[t];
    let second = &topics[(t + 1 + rng.below(topics.len() - 1)) % topics.len()];
    Plan {
        kind: KINDS[[0, 0, 0, 1, 1, 2, 3][rng.below(7)]],
        orgs,
        people,
        date: Day::random(rng),
        month_only: rng.chance(12),
        place,
        event: rng
            .chance(20)
            .then(|| vocab.events[rng.below(vocab.events.len())]),
        topic: topic.name.as_str(),
        topic_phrase: topic
            .phrases
            .iter()
            .find(|p| p.len() > 4 && p.chars().next().is_some_and(char::is_lowercase))
            .map_or(topic.name.as_str(), |p| p.as_str()),
        second_topic: second.name.as_str(),
        years: rng.chance(40).then(|| 2 + rng.below(4) as u32),
    }
}

impl Plan {
    /// The parties (in any order) and the year: one planted agreement per key.
    fn key(&self) -> (Vec<String>, i32) {
        let mut names: Vec<String> = self.orgs.iter().map(|o| o.name.clone()).collect();
        names.sort();
        (names, self.date.year)
    }

    fn planted(&self) -> Planted {
        Planted {
            kind: self.kind.0.to_string(),
            parties: self.orgs.iter().map(|o| o.name.clone()).collect(),
            countries: self.orgs.iter().map(|o| o.country.clone()).collect(),
            date: if self.month_only {
                format!("{:04}-{:02}", self.date.year, self.date.month)
            } else {
                self.date.iso()
            },
            place: self.place.map(String::from),
            signatories: self.people.iter().map(Person::name).collect(),
            topic: self.topic.to_string(),
            files: Vec::new(),
        }
    }

    fn country(&self, i: usize) -> &'static str {
        reference()
            .country(&self.orgs[i].country)
            .map_or("", |c| c.name.as_str())
    }

    fn title_words(&self) -> String {
        let names: Vec<&str> = (0..self.orgs.len()).map(|i| self.country(i)).collect();
        format!("{} {} {}", names.join(" "), self.kind.2, self.topic)
    }

    /// The organisation's short form, when the reference data gives one.
    fn short(&self, i: usize) -> Option<&'static str> {
        self.orgs[i]
            .aliases
            .iter()
            .find(|a| !a.contains(' ') && a.len() >= 2 && a.chars().all(|c| c.is_uppercase()))
            .map(String::as_str)
    }

    /// "the Government Digital Service (GDS)" or "the Cabinet Office".
    fn full(&self, i: usize) -> String {
        match self.short(i) {
            Some(s) => format!("the {} ({s})", self.orgs[i].name),
            None => format!("the {}", self.orgs[i].name),
        }
    }

    fn brief(&self, i: usize) -> String {
        match self.short(i) {
            Some(s) => s.to_string(),
            None => format!("the {}", self.orgs[i].name),
        }
    }

    /// "Dr Ana Belmar, Chief Executive of GDS"
    fn signer(&self, i: usize) -> String {
        let p = &self.people[i];
        format!(
            "{}{} {}, {} of {}",
            p.honorific,
            p.given,
            p.family,
            p.role,
            self.brief(i)
        )
    }

    fn date_phrase(&self, format: DateFormat) -> String {
        if self.month_only {
            format!("in {} {}", self.date.month_name(), self.date.year)
        } else {
            format!("on {}", self.date.text(format))
        }
    }
}

/// How an outlet dresses an article.
struct Style {
    outlet: &'static str,
    front_matter: bool,
    dateline: bool,
    byline: bool,
    published: Option<DateFormat>,
    date_format: DateFormat,
    boilerplate: usize,
    /// Days between the signing and the report.
    delay: u32,
}

impl Style {
    fn pick(rng: &mut Rng, vocab: &Vocabulary, report: usize) -> Style {
        let formats = [DateFormat::DayMonth, DateFormat::MonthDay, DateFormat::Iso];
        let front_matter = rng.chance(30);
        Style {
            outlet: vocab.outlets[rng.below(vocab.outlets.len())],
            front_matter,
            dateline: !front_matter && rng.chance(30),
            byline: rng.chance(50),
            published: (front_matter || rng.chance(70)).then(|| formats[rng.below(2)]),
            date_format: formats[rng.below(2)],
            boilerplate: rng.below(4),
            delay: if report == 0 {
                0
            } else {
                1 + rng.below(5) as u32
            },
        }
    }

    /// Front matter, headline and the lines before the text.
    fn head(&self, out: &mut String, rng: &mut Rng, vocab: &Vocabulary, title: &str, day: Day) {
        if self.front_matter {
            let _ = writeln!(out, "---\nlayout: post\ntitle: \"{title}\"");
            let _ = writeln!(out, "date: {}", day.iso());
            let _ = writeln!(out, "---\n");
            return;
        }
        let _ = writeln!(out, "{title}");
        if self.byline {
            let _ = writeln!(
                out,
                "By {} {}",
                vocab.given[rng.below(vocab.given.len())],
                vocab.family(rng)
            );
        }
        if let Some(f) = self.published {
            let _ = writeln!(out, "Published: {}", day.text(f));
        }
        out.push('\n');
    }

    fn tail(&self, out: &mut String, rng: &mut Rng, vocab: &Vocabulary) {
        match self.boilerplate {
            1 => {
                out.push_str("\n    Share Story:\n\nRecent Stories\n\n");
                for _ in 0..3 {
                    let _ = writeln!(out, "{}", filler_headline(rng, vocab));
                }
            }
            2 => {
                let _ = writeln!(
                    out,
                    "\nMedia enquiries: press@{}.example",
                    crate::import::slugify(self.outlet)
                );
            }
            3 => {
                let _ = writeln!(
                    out,
                    "\nFollow {} for more stories on digital government. © {}.",
                    self.outlet, self.outlet
                );
            }
            _ => {}
        }
    }
}

fn filler_headline(rng: &mut Rng, vocab: &Vocabulary) -> String {
    format!(
        "How {} {} teams {} {} {}s",
        vocab.pick(rng, &vocab.adjectives),
        vocab.pick(rng, &vocab.nouns),
        vocab.pick(rng, &vocab.verbs),
        vocab.pick(rng, &vocab.adjectives),
        vocab.pick(rng, &vocab.nouns),
    )
}

/// A paragraph of topical text with no organisation, person or agreement in it.
fn filler(rng: &mut Rng, vocab: &Vocabulary, topic: &str) -> String {
    let sentences = 2 + rng.below(3);
    let mut p = String::new();
    for s in 0..sentences {
        if s > 0 {
            p.push(' ');
        }
        let adj = vocab.pick(rng, &vocab.adjectives);
        let noun = vocab.pick(rng, &vocab.nouns);
        let verb = vocab.pick(rng, &vocab.verbs);
        let noun2 = vocab.pick(rng, &vocab.nouns);
        let adj2 = vocab.pick(rng, &vocab.adjectives);
        let _ = match rng.below(8) {
            0 => write!(
                p,
                "Officials expect work on {topic} to {verb} the {adj} {noun} used by millions of residents."
            ),
            1 => write!(
                p,
                "A joint team will {verb} {} {adj} {noun} and report on its {noun2} within a year.",
                a_or_an(adj)
            ),
            2 => write!(
                p,
                "Both sides see {topic} as a way to make every {noun} more {adj} and {adj2}."
            ),
            3 => write!(
                p,
                "Early pilots will {verb} the {noun2} before any {adj} {noun} goes live."
            ),
            4 => write!(
                p,
                "Experts have long argued that {} {adj} {noun} saves public money and staff time.",
                a_or_an(adj)
            ),
            5 => write!(
                p,
                "Residents asked for {adj} {noun}s, and the {noun2} team plans to {verb} them first."
            ),
            6 => write!(
                p,
                "Last year's review found that {adj2} {noun2}s were used twice as often as paper forms."
            ),
            _ => write!(
                p,
                "The next phase will look at {adj2} {noun2} design and at how to {verb} each {noun}."
            ),
        };
    }
    p
}

fn signing_article(rng: &mut Rng, vocab: &Vocabulary, plan: &Plan, style: &Style) -> String {
    let (_, long, short) = plan.kind;
    let k = plan.orgs.len();
    let report_day = plan.date.later(style.delay);
    let countries: Vec<&str> = (0..k).map(|i| plan.country(i)).collect();
    let title = match rng.below(4) {
        0 => format!("{} sign {short} on {}", join_and(&countries), plan.topic),
        1 => format!(
            "{} and {} agree to cooperate on {}",
            plan.brief(0).trim_start_matches("the "),
            plan.brief(1).trim_start_matches("the "),
            plan.topic
        ),
        2 => format!(
            "New {short} puts {} at the centre of {} ties",
            plan.topic,
            join_and(&countries)
        ),
        _ => format!(
            "{} deepens digital partnership with {}",
            countries[0],
            join_and(&countries[1..])
        ),
    };
    let mut out = String::with_capacity(3000);
    style.head(&mut out, rng, vocab, &title, report_day);

    if let (true, Some(city)) = (style.dateline, plan.place) {
        let _ = write!(
            out,
            "{}, {} — ",
            city.to_uppercase(),
            report_day.text(style.date_format)
        );
    }
    let fulls: Vec<String> = (0..k).map(|i| plan.full(i)).collect();
    let date = plan.date_phrase(style.date_format);
    let place = plan.place.map(|p| format!(" in {p}")).unwrap_or_default();
    match rng.below(3) {
        0 => {
            let _ = writeln!(
                out,
                "{} have signed a {long} ({short}) to strengthen cooperation on {} and {}.\n",
                capitalise(&join_and(&fulls)),
                plan.topic_phrase,
                plan.second_topic
            );
        }
        1 => {
            let _ = writeln!(
                out,
                "{} signed a {long} with {} {date}{place}, committing the two sides to joint work on {}.\n",
                capitalise(&fulls[0]),
                join_and(&fulls[1..]),
                plan.topic_phrase
            );
        }
        _ => {
            let _ = writeln!(
                out,
                "{} has agreed to work with {} on {}, under a {long} ({short}) signed {date}.\n",
                capitalise(&fulls[0]),
                join_and(&fulls[1..]),
                plan.topic_phrase
            );
        }
    }
    let signers: Vec<String> = (0..k).map(|i| plan.signer(i)).collect();
    let event = plan
        .event
        .map(|e| format!(" on the sidelines of {e}"))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "The {short} was signed{place} {date}{event} by {}.\n",
        join_and(&signers)
    );
    for _ in 0..(1 + rng.below(3)) {
        let _ = writeln!(out, "{}\n", filler(rng, vocab, plan.topic_phrase));
    }
    let p = &plan.people[0];
    let _ = writeln!(
        out,
        "“This {short} gives our teams a practical way to learn from each other on {},” said {} {}. “We will {} what works and {} it quickly.”\n",
        plan.topic_phrase,
        p.given,
        p.family,
        vocab.pick(rng, &vocab.verbs),
        vocab.pick(rng, &vocab.verbs),
    );
    if let Some(years) = plan.years {
        let _ = writeln!(
            out,
            "The {short} will remain in effect for {} years.\n",
            number_word(years)
        );
    }
    let _ = writeln!(out, "{}\n", filler(rng, vocab, plan.second_topic));
    style.tail(&mut out, rng, vocab);
    out
}

/// Talks, visits and plans: the parties and the topic, but nothing signed.
fn negative_article(rng: &mut Rng, vocab: &Vocabulary, plan: &Plan, style: &Style) -> String {
    let countries: Vec<&str> = (0..plan.orgs.len()).map(|i| plan.country(i)).collect();
    let title = format!(
        "{} officials discuss {} in {}",
        countries[0], plan.topic, countries[1]
    );
    let mut out = String::with_capacity(2500);
    style.head(&mut out, rng, vocab, &title, plan.date);
    let _ = match rng.below(3) {
        0 => writeln!(
            out,
            "Officials from {} and {} met this week to discuss {}, but no agreement was signed.\n",
            plan.full(0),
            plan.full(1),
            plan.topic_phrase
        ),
        1 => writeln!(
            out,
            "{} and {} are exploring closer cooperation on {} and may consider a formal memorandum next year.\n",
            capitalise(&plan.full(0)),
            plan.full(1),
            plan.topic_phrase
        ),
        _ => writeln!(
            out,
            "A delegation from {} visited {} to learn about its approach to {}.\n",
            plan.full(0),
            plan.full(1),
            plan.topic_phrase
        ),
    };
    let p = &plan.people[0];
    let _ = writeln!(
        out,
        "{} {}, {} of {}, said the talks were exploratory. “It is too early to talk about a formal arrangement,” {} said.\n",
        p.given,
        p.family,
        p.role,
        plan.brief(0),
        p.family
    );
    for _ in 0..(2 + rng.below(3)) {
        let _ = writeln!(out, "{}\n", filler(rng, vocab, plan.topic_phrase));
    }
    style.tail(&mut out, rng, vocab);
    out
}

/// News about something else that names an earlier agreement in passing.
fn mention_article(
    rng: &mut Rng,
    vocab: &Vocabulary,
    plan: &Plan,
    earlier: &Planted,
    style: &Style,
) -> String {
    let noun = vocab.pick(rng, &vocab.nouns);
    let title = format!(
        "{} launches {} {noun} for {}",
        plan.country(0),
        vocab.pick(rng, &vocab.adjectives),
        plan.topic
    );
    let mut out = String::with_capacity(2500);
    style.head(&mut out, rng, vocab, &title, plan.date);
    let _ = writeln!(
        out,
        "{} has launched a new {noun} to support {}, officials said.\n",
        capitalise(&plan.full(0)),
        plan.topic_phrase
    );
    for _ in 0..(1 + rng.below(3)) {
        let _ = writeln!(out, "{}\n", filler(rng, vocab, plan.topic_phrase));
    }
    let year = earlier.date.get(..4).unwrap_or("");
    let _ = writeln!(
        out,
        "The work builds on the {} the {} and the {} signed in {year}.\n",
        earlier.kind.to_lowercase(),
        earlier.parties.first().map_or("", String::as_str),
        earlier.parties.get(1).map_or("", String::as_str),
    );
    let _ = writeln!(out, "{}\n", filler(rng, vocab, plan.second_topic));
    style.tail(&mut out, rng, vocab);
    out
}

fn a_or_an(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

fn join_and<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [init @ .., last] => {
            let init: Vec<&str> = init.iter().map(AsRef::as_ref).collect();
            format!("{} and {}", init.join(", "), last.as_ref())
        }
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn number_word(n: u32) -> &'static str {
    ["zero", "one", "two", "three", "four", "five", "six"]
        .get(n as usize)
        .copied()
        .unwrap_or("several")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn there_are_enough_different_searches_for_the_benchmark() {
        let queries = distinct_queries(120_000);
        assert_eq!(queries.len(), 120_000);
        let unique: std::collections::HashSet<&String> = queries.iter().collect();
        assert_eq!(unique.len(), queries.len());
        assert_eq!(queries[..100], distinct_queries(100)[..]);
    }

    #[test]
    fn the_same_seed_gives_the_same_corpus() {
        let (a, ma) = generate(50, 7);
        let (b, mb) = generate(50, 7);
        assert_eq!(a, b);
        assert_eq!(ma, mb);
        let (c, _) = generate(50, 8);
        assert_ne!(a, c);
    }

    #[test]
    fn every_article_is_planted_once_and_named_uniquely() {
        let (files, m) = generate(300, 1);
        assert_eq!(files.len(), 300);
        let planted: usize = m.agreements.iter().map(|a| a.files.len()).sum();
        assert_eq!(planted + m.negatives.len() + m.mentions.len(), 300);
        let names: std::collections::HashSet<&str> =
            files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names.len(), 300);
        assert!(m.agreements.iter().any(|a| a.files.len() > 1));
        assert!(m.agreements.iter().any(|a| a.parties.len() == 3));
        assert!(!m.negatives.is_empty() && !m.mentions.is_empty());
    }
}
