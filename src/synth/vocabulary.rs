//! The generator's word lists, from `data/vocabulary.txt`, parsed once.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::Rng;

pub struct Vocabulary {
    pub given: Vec<&'static str>,
    pub syllables: Vec<&'static str>,
    pub roles: Vec<&'static str>,
    pub events: Vec<&'static str>,
    pub nouns: Vec<&'static str>,
    pub adjectives: Vec<&'static str>,
    pub verbs: Vec<&'static str>,
    pub outlets: Vec<&'static str>,
    cities: HashMap<&'static str, Vec<&'static str>>,
}

static VOCABULARY: LazyLock<Vocabulary> =
    LazyLock::new(|| Vocabulary::parse(include_str!("data/vocabulary.txt")));

impl Vocabulary {
    pub fn get() -> &'static Vocabulary {
        &VOCABULARY
    }

    fn parse(text: &'static str) -> Vocabulary {
        let mut sections: HashMap<&str, Vec<&'static str>> = HashMap::new();
        let mut current = "";
        for line in text.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                current = name;
                continue;
            }
            sections.entry(current).or_default().push(line);
        }
        let mut take = |name: &str| {
            let list = sections.remove(name).unwrap_or_default();
            if list.is_empty() {
                vec![name_fallback(name)]
            } else {
                list
            }
        };
        let mut cities: HashMap<&'static str, Vec<&'static str>> = HashMap::new();
        for line in take("cities") {
            if let Some((code, city)) = line.split_once('\t') {
                cities.entry(code.trim()).or_default().push(city.trim());
            }
        }
        Vocabulary {
            given: take("given"),
            syllables: take("syllables"),
            roles: take("roles"),
            events: take("events"),
            nouns: take("nouns"),
            adjectives: take("adjectives"),
            verbs: take("verbs"),
            outlets: take("outlets"),
            cities,
        }
    }

    pub fn pick(&self, rng: &mut Rng, list: &[&'static str]) -> &'static str {
        list.get(rng.below(list.len())).copied().unwrap_or("")
    }

    /// An invented family name of two or three syllables: "Belmar", "Corlanvik".
    pub fn family(&self, rng: &mut Rng) -> String {
        let n = 2 + usize::from(rng.chance(30));
        let mut name = String::new();
        for _ in 0..n {
            name.push_str(self.pick(rng, &self.syllables));
        }
        let mut c = name.chars();
        match c.next() {
            Some(first) => first.to_uppercase().chain(c).collect(),
            None => name,
        }
    }

    pub fn cities_of(&self, country: &str) -> impl Iterator<Item = &'static str> + '_ {
        self.cities.get(country).into_iter().flatten().copied()
    }
}

/// A word that keeps the generator working if a section is ever emptied.
fn name_fallback(section: &str) -> &'static str {
    match section {
        "given" => "Alex",
        "syllables" => "mar",
        "roles" => "Director",
        "outlets" => "Newsroom",
        _ => "service",
    }
}
