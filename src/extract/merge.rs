//! Several reports of one agreement → one agreement listing all its sources; and links from an
//! agreement to the earlier one it renews or builds on. Pure: works on extractions in memory.

use std::collections::HashMap;

use super::text::{fold, fold_eq_key};
use super::{Agreement, Extraction, Mention, PartialDate, Party};

/// One agreement as the archive holds it, with the reports it was merged from.
#[derive(Debug, Clone)]
pub struct MergedAgreement {
    pub agreement: Agreement,
    /// Indices into the extractions passed to `merge`, in order.
    pub sources: Vec<usize>,
    /// Index into the merged list of the agreement this one renews or builds on.
    pub renews: Option<usize>,
    /// Provenance: the reports merged, as (source index, index into that extraction's
    /// agreements), in the order they were merged. Their evidence stays in the extractions: it is
    /// the bulk of their text, and not copied.
    pub reports: Vec<(usize, usize)>,
    /// Stable identity across re-imports: parties and date (or first source when undated).
    pub identity: String,
}

/// Compact summary of a merge, for logs and reports.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub reports: usize,
    pub agreements: usize,
}

fn party_key(p: &Party) -> String {
    format!(
        "{}|{}",
        p.country_code.as_deref().unwrap_or(""),
        fold(&p.name)
    )
}

fn party_names(p: &Party) -> Vec<String> {
    std::iter::once(fold(&p.name))
        .chain(p.aliases.iter().map(|a| fold(a)))
        .collect()
}

/// A party's country and folded names: the merge compares each party many times, so they are
/// folded once.
struct PartyKey {
    country: Option<String>,
    names: Vec<String>,
}

impl PartyKey {
    fn of(p: &Party) -> Self {
        PartyKey {
            country: p.country_code.clone(),
            names: party_names(p),
        }
    }

    fn same(&self, other: &Self) -> bool {
        if self.country.is_some() && other.country.is_some() && self.country != other.country {
            return false;
        }
        self.names.iter().any(|n| other.names.contains(n))
    }
}

fn same_party(a: &Party, b: &Party) -> bool {
    PartyKey::of(a).same(&PartyKey::of(b))
}

fn countries(a: &Agreement) -> Vec<String> {
    let mut c: Vec<String> = a
        .parties
        .iter()
        .filter_map(|p| p.country_code.clone())
        .collect();
    c.sort();
    c.dedup();
    c
}

/// A signatory's name as sorted folded words: the same person however the name is ordered.
fn person_tokens(name: &str) -> Vec<String> {
    let mut t: Vec<String> = fold(&name.replace('-', " "))
        .split(' ')
        .map(String::from)
        .collect();
    t.sort();
    t
}

/// What the merge compares of an agreement, worked out once per agreement rather than once per
/// comparison.
struct Profile {
    parties: Vec<PartyKey>,
    countries: Vec<String>,
    /// Each signatory's name tokens and the position of the first party named as theirs.
    signatories: Vec<(Vec<String>, Option<usize>)>,
}

impl Profile {
    fn of(a: &Agreement) -> Self {
        let parties: Vec<PartyKey> = a.parties.iter().map(PartyKey::of).collect();
        let signatories = a
            .signatories
            .iter()
            .map(|s| {
                let party = s
                    .party
                    .as_deref()
                    .map(fold)
                    .and_then(|name| parties.iter().position(|p| p.names.contains(&name)));
                (person_tokens(&s.name), party)
            })
            .collect();
        Profile {
            parties,
            countries: countries(a),
            signatories,
        }
    }
}

/// Same parties: the same set of countries and at least one organisation in common, or (where
/// countries are unknown) the same organisations.
fn parties_match(a: &Profile, b: &Profile) -> bool {
    let shared = a
        .parties
        .iter()
        .filter(|p| b.parties.iter().any(|q| p.same(q)))
        .count();
    let (ca, cb) = (&a.countries, &b.countries);
    if !ca.is_empty() && ca.len() == a.parties.len() && cb.len() == b.parties.len() {
        ca == cb && shared >= 1
    } else {
        shared == a.parties.len().max(b.parties.len())
    }
}

fn dates_match(a: &Agreement, b: &Agreement) -> bool {
    match (a.signed.date, b.signed.date) {
        (Some(x), Some(y)) => x.compatible(&y),
        (Some(x), None) => b
            .month_hint
            .is_none_or(|m| x.month.is_none_or(|xm| xm == m)),
        (None, Some(y)) => a
            .month_hint
            .is_none_or(|m| y.month.is_none_or(|ym| ym == m)),
        (None, None) => match (a.month_hint, b.month_hint) {
            (Some(x), Some(y)) => x == y,
            _ => true,
        },
    }
}

/// Two reports naming different people as signing for the same party describe different signings.
fn signatories_conflict(a: &Profile, b: &Profile) -> bool {
    a.signatories.iter().any(|(name, party)| {
        let Some(pa) = party.map(|i| &a.parties[i]) else {
            return false;
        };
        let mut for_same_party = b
            .signatories
            .iter()
            .filter(|(_, party)| party.is_some_and(|j| pa.same(&b.parties[j])))
            .peekable();
        for_same_party.peek().is_some() && !for_same_party.any(|(other, _)| other == name)
    })
}

fn kinds_match(a: &Agreement, b: &Agreement) -> bool {
    a.kind == b.kind || a.kind == "Agreement" || b.kind == "Agreement"
}

/// The cheap tests go first; all are pure, so the order does not change the answer.
fn compatible(a: (&Agreement, &Profile), b: (&Agreement, &Profile)) -> bool {
    kinds_match(a.0, b.0)
        && dates_match(a.0, b.0)
        && parties_match(a.1, b.1)
        && !signatories_conflict(a.1, b.1)
}

fn affinity(a: (&Agreement, &Profile), b: (&Agreement, &Profile)) -> usize {
    let shared_signatories =
        a.1.signatories
            .iter()
            .filter(|(s, _)| b.1.signatories.iter().any(|(t, _)| s == t))
            .count();
    let (a, b) = (a.0, b.0);
    let same_date = usize::from(a.signed.date.is_some() && a.signed.date == b.signed.date);
    let same_place = usize::from(a.signed.place.is_some() && a.signed.place == b.signed.place);
    shared_signatories * 3 + same_date * 2 + same_place
}

fn precision_rank(a: &Agreement) -> u8 {
    match a.signed.date {
        Some(PartialDate { day: Some(_), .. }) => 0,
        Some(PartialDate { month: Some(_), .. }) => 1,
        Some(_) => 2,
        None if a.month_hint.is_some() => 3,
        None => 4,
    }
}

/// Folds `b` (a further report) into `a` (the merged agreement so far).
/// A country's government named as a party for want of its body ("Moldova signed ..."): a
/// report naming that country's body says more.
fn is_government(p: &Party) -> bool {
    p.name.starts_with("Government of ") || p.country.as_deref() == Some(p.name.as_str())
}

fn absorb(a: &mut Agreement, b: &Agreement) {
    if a.kind == "Agreement" && b.kind != "Agreement" {
        a.kind = b.kind.clone();
    }
    let mut renamed: Vec<(String, String)> = Vec::new();
    // Beside `a.parties`, kept in step: every party of the report is compared with each of them.
    let mut keys: Vec<PartyKey> = a.parties.iter().map(PartyKey::of).collect();
    for p in &b.parties {
        let key = PartyKey::of(p);
        let same_country = |q: &Party| q.country_code.is_some() && q.country_code == p.country_code;
        if !keys.iter().any(|q| q.same(&key)) {
            // This report's government of a country whose body the merged record names: the body.
            if is_government(p) {
                if let Some(q) = a
                    .parties
                    .iter()
                    .find(|q| same_country(q) && !is_government(q))
                {
                    renamed.push((p.name.clone(), q.name.clone()));
                    continue;
                }
            }
            // The merged record's government of a country whose body this report names.
            if !is_government(p) {
                if let Some(i) = a
                    .parties
                    .iter()
                    .position(|q| same_country(q) && is_government(q))
                {
                    let old = std::mem::replace(&mut a.parties[i], p.clone());
                    keys[i] = key;
                    for s in &mut a.signatories {
                        if s.party.as_deref() == Some(old.name.as_str()) {
                            s.party = Some(p.name.clone());
                        }
                    }
                    continue;
                }
            }
        }
        match keys.iter().position(|q| q.same(&key)) {
            Some(i) => {
                let q = &mut a.parties[i];
                for alias in &p.aliases {
                    let folded = fold(alias);
                    if !q.aliases.iter().any(|x| fold_eq_key(x, &folded))
                        && !fold_eq_key(&q.name, &folded)
                    {
                        q.aliases.push(alias.clone());
                    }
                }
                if q.country_code.is_none() {
                    q.country_code = p.country_code.clone();
                    q.country = p.country.clone();
                }
                // New aliases or a country change what the party matches.
                keys[i] = PartyKey::of(q);
            }
            None => {
                a.parties.push(p.clone());
                keys.push(key);
            }
        }
    }
    for s in &b.signatories {
        let mut s = s.clone();
        if let Some((_, body)) = renamed
            .iter()
            .find(|(gov, _)| s.party.as_ref() == Some(gov))
        {
            s.party = Some(body.clone());
        }
        let tokens = person_tokens(&s.name);
        match a
            .signatories
            .iter_mut()
            .find(|t| person_tokens(&t.name) == tokens)
        {
            Some(t) => {
                if t.role.is_none() {
                    t.role = s.role.clone();
                }
                if t.party.is_none() {
                    t.party = s.party.clone();
                }
            }
            None => a.signatories.push(s),
        }
    }
    if precision_rank(b) < precision_rank(a) {
        a.signed.date = b.signed.date;
    }
    if a.month_hint.is_none() {
        a.month_hint = b.month_hint;
    }
    let place_len = |p: &Option<String>| p.as_ref().map_or(0, String::len);
    if place_len(&b.signed.place) > place_len(&a.signed.place) {
        a.signed.place = b.signed.place.clone();
    }
    if a.duration.is_none() {
        a.duration = b.duration.clone();
    }
    if a.expires.is_none() {
        a.expires = b.expires;
    }
    for t in &b.topics {
        if !a.topics.contains(t) {
            a.topics.push(t.clone());
        }
    }
    a.is_new |= b.is_new;
}

/// Merges the agreements of all extractions. Reports with more precise dates anchor the merge;
/// vaguer reports join the compatible agreement they share most with.
pub fn merge(extractions: &[&Extraction]) -> Vec<MergedAgreement> {
    let mut reports: Vec<(usize, usize, &Agreement)> = extractions
        .iter()
        .enumerate()
        .flat_map(|(i, e)| e.agreements.iter().enumerate().map(move |(n, a)| (i, n, a)))
        .collect();
    reports.sort_by_key(|(i, _, a)| (precision_rank(a), *i));

    let mut merged: Vec<MergedAgreement> = Vec::new();
    // Compatible agreements always share a party name, so only those sharing one are compared:
    // the merge stays linear in the number of reports instead of quadratic.
    let mut by_name = PartyNameIndex::default();
    // Parallel to `merged`.
    let mut profiles: Vec<Profile> = Vec::new();
    for (source, n, report) in reports {
        let profile = Profile::of(report);
        let best = by_name
            .candidates(&profile.parties, year_of(report))
            .into_iter()
            .filter(|&k| {
                !merged[k].sources.contains(&source)
                    && compatible((&merged[k].agreement, &profiles[k]), (report, &profile))
            })
            .max_by_key(|&k| {
                let m = (&merged[k].agreement, &profiles[k]);
                (affinity(m, (report, &profile)), std::cmp::Reverse(k))
            });
        match best {
            Some(k) => {
                let m = &mut merged[k];
                absorb(&mut m.agreement, report);
                m.sources.push(source);
                m.reports.push((source, n));
                let merged_profile = Profile::of(&m.agreement);
                by_name.add(k, &merged_profile.parties, year_of(&m.agreement));
                profiles[k] = merged_profile;
            }
            None => {
                by_name.add(merged.len(), &profile.parties, year_of(report));
                profiles.push(profile);
                merged.push(MergedAgreement {
                    agreement: without_evidence(report),
                    sources: vec![source],
                    renews: None,
                    reports: vec![(source, n)],
                    identity: String::new(),
                })
            }
        }
    }

    for m in &mut merged {
        m.sources.sort();
        let a = &mut m.agreement;
        a.title = retitle(a);
        if a.signed.date.is_some() {
            a.month_hint = None;
        }
        m.identity = identity(a, &m.sources, extractions);
    }
    distinguish_identities(&mut merged, extractions);
    recompute_expiry(&mut merged);
    merged.sort_by(|a, b| {
        let key = |m: &MergedAgreement| (m.agreement.signed.date, m.sources.first().copied());
        key(a).cmp(&key(b))
    });
    // Renewal links are indices into the list: they are found on its final order.
    link_renewals(&mut merged, extractions);
    merged
}

/// A copy of a report to merge others into; its evidence is read from the extractions.
fn without_evidence(a: &Agreement) -> Agreement {
    Agreement {
        kind: a.kind.clone(),
        title: a.title.clone(),
        parties: a.parties.clone(),
        signatories: a.signatories.clone(),
        signed: a.signed.clone(),
        duration: a.duration.clone(),
        expires: a.expires,
        topics: a.topics.clone(),
        month_hint: a.month_hint,
        is_new: a.is_new,
        evidence: Vec::new(),
    }
}

/// The merged date and duration give the expiry; without a duration, a report's stated end
/// ("valid until 2028") stands.
fn recompute_expiry(merged: &mut [MergedAgreement]) {
    for m in merged {
        let a = &mut m.agreement;
        let months = a.duration.as_deref().and_then(duration_months);
        a.expires = match (a.signed.date, months) {
            (Some(d), Some(months)) => Some(d.plus_months(months)),
            (_, Some(_)) => None,
            (_, None) => a.expires,
        };
    }
}

/// "three years" → 36.
pub fn duration_months(text: &str) -> Option<u32> {
    let mut parts = text.split_whitespace();
    let n = parts.next()?;
    let unit = parts.next()?;
    let words = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ];
    let count: u32 = n
        .parse()
        .ok()
        .or_else(|| words.iter().position(|w| *w == n).map(|i| i as u32))?;
    Some(if unit.starts_with("year") {
        count * 12
    } else {
        count
    })
}

fn retitle(a: &Agreement) -> String {
    let names: Vec<&str> = a.parties.iter().map(|p| p.name.as_str()).collect();
    match names.as_slice() {
        [] => a.kind.clone(),
        [one] => format!("{} signed by {one}", a.kind),
        [rest @ .., last] => format!("{} between {} and {last}", a.kind, rest.join(", ")),
    }
}

/// Two signings of the same kind between the same parties on the same day that the reports
/// keep apart (two agreements in one release, say) would share an identity, and the store
/// keeps identities unique. The one first reported keeps the plain identity; each other one
/// adds its first source file, so identities stay stable across re-imports.
fn distinguish_identities(merged: &mut [MergedAgreement], extractions: &[&Extraction]) {
    let mut by_identity: HashMap<String, Vec<usize>> = HashMap::new();
    for (k, m) in merged.iter().enumerate() {
        by_identity.entry(m.identity.clone()).or_default().push(k);
    }
    for (_, mut group) in by_identity.into_iter().filter(|(_, g)| g.len() > 1) {
        let first_source = |k: usize| {
            merged[k]
                .sources
                .first()
                .map(|&s| extractions[s].file.clone())
                .unwrap_or_default()
        };
        group.sort_by_key(|&k| (first_source(k), merged[k].agreement.title.clone(), k));
        let suffixes: Vec<(usize, String)> = group
            .iter()
            .enumerate()
            .skip(1)
            .map(|(n, &k)| (k, format!("|source:{}#{n}", first_source(k))))
            .collect();
        for (k, suffix) in suffixes {
            merged[k].identity.push_str(&suffix);
        }
    }
}

fn identity(a: &Agreement, sources: &[usize], extractions: &[&Extraction]) -> String {
    let mut keys: Vec<String> = a.parties.iter().map(party_key).collect();
    keys.sort();
    let when = match a.signed.date {
        Some(d) => d.to_string(),
        None => sources
            .first()
            .map(|&s| format!("source:{}", extractions[s].file))
            .unwrap_or_default(),
    };
    format!("{}|{}|{}", fold(&a.kind), keys.join("+"), when)
}

/// An agreement renews an earlier one between the same parties when one of its reports mentions
/// that earlier agreement's year, or calls it new while an earlier one exists.
fn link_renewals(merged: &mut [MergedAgreement], extractions: &[&Extraction]) {
    // Overlapping parties share a name: compare only agreements that do.
    let keys: Vec<Vec<PartyKey>> = merged
        .iter()
        .map(|m| m.agreement.parties.iter().map(PartyKey::of).collect())
        .collect();
    let mut by_name = PartyNameIndex::default();
    for (k, m) in merged.iter().enumerate() {
        by_name.add(k, &keys[k], year_of(&m.agreement));
    }
    for k in 0..merged.len() {
        let me = &merged[k].agreement;
        let Some(my_date) = me.signed.date else {
            continue;
        };
        // Only a mention with a year can name an earlier agreement (they are all dated).
        let mentions: Vec<&Mention> = merged[k]
            .sources
            .iter()
            .flat_map(|&s| extractions[s].mentioned.iter())
            .filter(|m| m.year.is_some())
            .collect();
        // Without such a mention or a "new", there is no link to look for: most agreements.
        if mentions.is_empty() && !me.is_new {
            continue;
        }
        let earlier: Vec<usize> = by_name
            .candidates(&keys[k], None)
            .into_iter()
            .filter(|&j| j != k)
            .filter(|&j| {
                let other = &merged[j].agreement;
                other.signed.date.is_some_and(|d| {
                    d.year < my_date.year || (d.year == my_date.year && d < my_date)
                }) && parties_overlap(me, other)
            })
            .collect();
        let by_year = earlier.iter().copied().find(|&j| {
            let year = merged[j].agreement.signed.date.map(|d| d.year);
            mentions.iter().any(|m| {
                m.year == year
                    && (fold(&m.name) == fold(&merged[j].agreement.kind)
                        || m.name.contains(&merged[j].agreement.kind))
            })
        });
        let latest = || {
            earlier
                .iter()
                .copied()
                .max_by_key(|&j| merged[j].agreement.signed.date)
        };
        merged[k].renews = by_year.or_else(|| if me.is_new { latest() } else { None });
    }
}

/// Agreements by the folded names and aliases of their parties, their countries and their years.
///
/// Two agreements whose parties match (`same_party`) share a folded name, with the same country
/// or one of them unknown; reports that merge have the same year or one of them undated. So the
/// agreements listed under a report's keys are a superset of those it can merge with (or, by name
/// and country alone, renew), and only those are compared: the merge stays near linear. Entries
/// are added as agreements absorb reports and never removed, so the lists only ever grow into a
/// larger superset. Agreements without parties only ever match each other and are listed apart.
#[derive(Default)]
struct PartyNameIndex {
    /// Folded names and country codes, numbered as first added, so the keys below are small
    /// and looking one up copies nothing.
    names: HashMap<String, u32>,
    countries: HashMap<String, u32>,
    by_year: HashMap<(u32, Option<u32>, Option<i32>), Vec<usize>>,
    by_country: HashMap<(u32, Option<u32>), Vec<usize>>,
    by_name: HashMap<u32, Vec<usize>>,
    no_parties: Vec<usize>,
}

fn push_once(list: &mut Vec<usize>, k: usize) {
    if list.last() != Some(&k) {
        list.push(k);
    }
}

fn number(numbers: &mut HashMap<String, u32>, key: &str) -> u32 {
    if let Some(&n) = numbers.get(key) {
        return n;
    }
    let n = numbers.len() as u32;
    numbers.insert(key.to_string(), n);
    n
}

/// The year an agreement was signed, when known.
fn year_of(a: &Agreement) -> Option<i32> {
    a.signed.date.map(|d| d.year)
}

impl PartyNameIndex {
    /// Lists agreement `k`, whose parties are `parties`, under its names, countries and `year`.
    fn add(&mut self, k: usize, parties: &[PartyKey], year: Option<i32>) {
        if parties.is_empty() {
            if !self.no_parties.contains(&k) {
                self.no_parties.push(k);
            }
            return;
        }
        for p in parties {
            let country = p.country.as_deref().map(|c| number(&mut self.countries, c));
            for name in &p.names {
                let name = number(&mut self.names, name);
                push_once(self.by_year.entry((name, country, year)).or_default(), k);
                push_once(self.by_country.entry((name, country)).or_default(), k);
                push_once(self.by_name.entry(name).or_default(), k);
            }
        }
    }

    /// The agreements that may match one with `parties`, in ascending order (callers break ties
    /// by position). With a `year`, only those of that year or undated.
    fn candidates(&self, parties: &[PartyKey], year: Option<i32>) -> Vec<usize> {
        if parties.is_empty() {
            return self.no_parties.clone();
        }
        let mut found: Vec<usize> = Vec::new();
        for p in parties {
            // A known country never added is under no key; "unknown country" keys still apply.
            let country = p.country.as_deref().map(|c| self.countries.get(c).copied());
            for name in &p.names {
                let Some(&name) = self.names.get(name.as_str()) else {
                    continue;
                };
                let lists: [Option<&Vec<usize>>; 4] = match (country, year) {
                    (None, _) => [self.by_name.get(&name), None, None, None],
                    (Some(c), None) => [
                        c.and_then(|c| self.by_country.get(&(name, Some(c)))),
                        self.by_country.get(&(name, None)),
                        None,
                        None,
                    ],
                    (Some(c), Some(y)) => [
                        c.and_then(|c| self.by_year.get(&(name, Some(c), Some(y)))),
                        c.and_then(|c| self.by_year.get(&(name, Some(c), None))),
                        self.by_year.get(&(name, None, Some(y))),
                        self.by_year.get(&(name, None, None)),
                    ],
                };
                found.extend(lists.into_iter().flatten().flatten().copied());
            }
        }
        found.sort_unstable();
        found.dedup();
        found
    }
}

fn parties_overlap(a: &Agreement, b: &Agreement) -> bool {
    countries(a) == countries(b)
        && a.parties
            .iter()
            .any(|p| b.parties.iter().any(|q| same_party(p, q)))
}
