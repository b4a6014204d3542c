//! A press release → the agreements it reports as signed, and the ones it only mentions.
//!
//! The extractor reads the language press releases use, not any particular source: signing
//! sentences ("X and Y signed a Memorandum of Understanding", "The signing took place on ... at
//! ...", "Representing the agencies to sign the MoU were ..."), appositions that give roles,
//! acronyms defined in parentheses, possessives and demonyms, and the reference data.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::BTreeSet;
use std::sync::{Arc, LazyLock};

use super::pattern::Pattern;
use chrono::NaiveDate;

use super::dates::{find_dates, DateMention, PartialDate, Precision};
use super::language::*;
use super::mentions::{collect_mentions, dedupe_mentions, Known};
use super::orgs::{analyse, ArticleHints, Org, Orgs, Span, Thing};
use super::people::{find_people, is_honorific, speaker_in_heading, PersonMention};
use super::reference::{reference, Entity, Found};
use super::text::{fold, sentences, words, Literal, Sentence, TITLE_PARAGRAPH};
use super::{Agreement, Article, Evidence, Mention, Party, Signatory, Signed};

// The extractor

/// A sentence that reports a signing, with what it says.
#[derive(Debug, Clone)]
struct Event {
    sentence: usize,
    kind: Option<usize>,
    /// Organisations that sign (announcers and hosts removed).
    orgs: Vec<usize>,
    /// Countries named as signing ("The UK has signed ... with Korea").
    countries: Vec<usize>,
    signatories: Vec<PersonMention>,
    /// A party's line in a list under the signing sentence: part of the signing before it.
    continues_previous: bool,
    /// The speaker who signed ("Minister Roe and I signed"), and the sentence that introduces
    /// them, where the body they speak for is named.
    speaker: Option<(String, usize)>,
}

struct Analysed {
    sentence: Sentence,
    spans: Vec<Span>,
    people: Vec<PersonMention>,
    /// `kinds_in` of the sentence, asked for by several steps.
    kinds: Vec<(usize, usize, usize)>,
    /// `has_sign_verb` of the sentence, asked for by several steps.
    sign_verb: bool,
    /// The article's publication date, which relative dates resolve against.
    published: Option<NaiveDate>,
    /// `find_dates` of the sentence, found when first asked for.
    dates: OnceCell<Vec<DateMention>>,
    /// `named_agreements` of the sentence, found when first asked for.
    named: OnceCell<Vec<NamedMatch>>,
    /// Whether `EARLIER`, `NOT_YET` and `NEW_MARKER` match the sentence: mentions and
    /// signings both ask, and each search reads the whole sentence.
    earlier: OnceCell<bool>,
    not_yet: OnceCell<bool>,
    new_marker: OnceCell<bool>,
}

impl Analysed {
    /// The dates the sentence gives, relative ones resolved against the publication date.
    /// Absolute dates do not depend on it, so steps that skip relative dates share these too.
    fn dates(&self) -> &[DateMention] {
        self.dates
            .get_or_init(|| find_dates(&self.sentence.text, self.published))
    }

    /// The named agreements of the sentence, which mentions, kinds and parties all ask about.
    fn named(&self) -> &[NamedMatch] {
        self.named
            .get_or_init(|| named_agreements(&self.sentence.text))
    }

    fn earlier(&self) -> bool {
        *self
            .earlier
            .get_or_init(|| EARLIER.is_match(&self.sentence.text))
    }

    fn not_yet(&self) -> bool {
        *self
            .not_yet
            .get_or_init(|| NOT_YET.is_match(&self.sentence.text))
    }

    fn new_marker(&self) -> bool {
        *self
            .new_marker
            .get_or_init(|| NEW_MARKER.is_match(&self.sentence.text))
    }
}

pub fn extract_agreements(article: &Article) -> (Vec<Agreement>, Vec<Mention>) {
    let published = article.published.and_then(|d| d.to_naive());
    let all: Vec<Sentence> = sentences(&article.title, &article.paragraphs)
        .into_iter()
        .flat_map(split_second_signing)
        .collect();

    // Countries the article talks about, to disambiguate shared acronyms.
    let r = reference();
    // Bodies named unambiguously anywhere in it settle what a shared acronym means in the title.
    // What the reference finds in each sentence, kept for `analyse`.
    let found: Vec<Vec<Found>> = all.iter().map(|s| r.find(&s.text)).collect();
    let mut hints = ArticleHints::default();
    for (s, found) in all.iter().zip(&found) {
        for f in found {
            match f.entity {
                Entity::Country(c) | Entity::Demonym(c) => {
                    hints.countries.insert(c);
                }
                Entity::Organisation(_) => {
                    if let [only] = r.organisations_for(&s.text, f).as_slice() {
                        hints.organisations.insert(*only);
                    }
                }
            }
        }
    }

    // "RIGA, 26 October 2018 —": the dateline's city says a country the release is about.
    let here = super::article::dateline_city(&article.paragraphs);
    if let Some(c) = here.as_deref().and_then(|city| r.city_in(city)) {
        hints.countries.insert(c);
    }

    let mut orgs = Orgs::new();
    let analysed: Vec<Analysed> = all
        .into_iter()
        .zip(found)
        .map(|(sentence, found)| {
            // Split once: organisations and people are found among the same words.
            let ws = words(&sentence.text);
            let spans = analyse(&sentence.text, &ws, found, &mut orgs, &hints);
            let kind_spans = kinds_in(&sentence.text);
            let is_known = |start: usize, end: usize| {
                spans.iter().any(|sp| start < sp.end && sp.start < end)
                    || kind_spans.iter().any(|&(a, b, _)| start < b && a < end)
            };
            let people = find_people(&sentence.text, &ws, &is_known);
            let sign_verb = has_sign_verb(&sentence.text);
            Analysed {
                sentence,
                spans,
                people,
                kinds: kind_spans,
                sign_verb,
                published,
                dates: OnceCell::new(),
                named: OnceCell::new(),
                earlier: OnceCell::new(),
                not_yet: OnceCell::new(),
                new_marker: OnceCell::new(),
            }
        })
        .collect();

    let (listed, listed_parts) = listed_signings(&analysed);
    // "Cabinet approves ex-post facto the MoUs signed with X and Y": a release about signings
    // made before, which it lists.
    let approves_signed = APPROVES_SIGNED.is_match(&article.title);
    let speakers = Speakers::find(&analysed, article.publisher.as_deref(), &orgs.list);
    let mut mentioned = Vec::new();
    let mut events: Vec<Event> = Vec::new();
    // Sentences about another, earlier agreement: what it covered is not what this one covers.
    let mut about_another = vec![false; analysed.len()];
    for (i, a) in analysed.iter().enumerate() {
        let s = &a.sentence.text;
        let mentions_before = mentioned.len();
        // Asked for only by sentences that name an agreement or sign one.
        let after_a_signing = !events.is_empty();
        let judged = OnceCell::new();
        let background = || *judged.get_or_init(|| after_a_signing && is_background_signing(a));
        collect_mentions(
            s,
            published,
            background,
            Known {
                kinds: &a.kinds,
                named: a.named(),
                sign_verb: a.sign_verb,
                earlier: &|| a.earlier(),
                not_yet: &|| a.not_yet(),
            },
            || a.dates(),
            &mut mentioned,
        );
        let dated_mention = mentioned[mentions_before..]
            .iter()
            .any(|m: &Mention| m.year.is_some());
        let mode = if listed.contains(&i) {
            Reading::Listed
        } else if listed_parts.contains(&i) {
            Reading::ListedPart
        } else if approves_signed && ENUMERATED.is_match(s) {
            // "(i) MoU between X and Y, signed on 24 October 2024": what the approval is of.
            Reading::Subject
        } else {
            Reading::Plain
        };
        if let Some(mut event) = signing_event(i, a, &orgs.list, published, mode) {
            if let Some(speaker) = speakers.of(a) {
                speaker.signs(&mut event, s);
            }
            // "the two sides signed": the bodies of the nearest sentence before that names two.
            if event.orgs.is_empty()
                && event.countries.is_empty()
                && BOTH_SIDES.is_match(s)
                && SIGNED_ONE.is_match(s)
            {
                if let Some(earlier) = analysed[..i].iter().rev().find_map(|b| {
                    let mut ids: Vec<usize> = Vec::new();
                    for sp in &b.spans {
                        if let Thing::Org(id) = sp.thing {
                            if !ids.contains(&id) {
                                ids.push(id);
                            }
                        }
                    }
                    (ids.len() >= 2).then_some(ids)
                }) {
                    event.orgs = earlier;
                }
            }
            if !background() {
                events.push(event);
            }
        } else if dated_mention {
            about_another[i] = true;
        }
    }

    // "Cabinet apprised of the MoU between X and Y, signed on 12 June 2023": a release about
    // an earlier signing, named in its headline, reports that signing rather than mentions it.
    let headline = &analysed[0].sentence.text;
    let headline_kinds = kinds_in(headline);
    // "What a decade of MoUs taught me": agreements in the plural are a subject, not one signing.
    let one_named = headline_kinds
        .iter()
        .any(|&(start, end, _)| !is_plural_kind(&headline[start..end]));
    // The year of that earlier signing: no longer a mention once it makes an agreement here.
    let mut subject_year = None;
    if events.is_empty()
        && one_named
        && !HEADLINE_FUTURE.is_match(headline)
        && !NOT_A_SIGNING_HEADLINE.is_match(headline)
    {
        events = analysed
            .iter()
            .enumerate()
            .filter_map(|(i, a)| signing_event(i, a, &orgs.list, published, Reading::Subject))
            .take(1)
            .collect();
        subject_year = events
            .first()
            .and_then(|e| analysed[e.sentence].dates().first().and_then(|d| d.date))
            .map(|d| d.year);
    }

    // "the Ministry of Health signed an MoU on the recruitment of nursing staff", reported
    // beside the digital ones: an agreement of another field is not this archive's.
    let events: Vec<Event> = events
        .into_iter()
        .filter(|e| !of_another_field(e, &analysed, &orgs))
        .collect();
    // An approval of several listed signings: "the MoUs signed with X and Y" is all of them,
    // and its parties are each item's, not one agreement's.
    let listed_items = events
        .iter()
        .filter(|e| approves_signed && ENUMERATED.is_match(&analysed[e.sentence].sentence.text))
        .count();
    let events: Vec<Event> = if listed_items >= 2 {
        events
            .into_iter()
            .filter(|e| !names_only_plural_kinds(&analysed[e.sentence]))
            .collect()
    } else {
        events
    };
    let mut agreements = group_events(&events, &analysed, &orgs.list);
    // Specific kinds named anywhere in signing sentences replace a generic "agreement"/"deal".
    let article_kind = events.iter().filter_map(|e| e.kind).min();
    for ag in &mut agreements {
        // A listed item names its own kind: "Agreement between X and Y" stays an agreement.
        let from_list = ag.sentences.iter().all(|i| listed.contains(i));
        if ag.kind.is_none_or(|k| k == generic_kind()) && !from_list {
            ag.kind = article_kind.or(ag.kind);
        }
        // "... have renewed the Memorandum of Understanding. The renewal was signed on ...": a
        // signing that names no kind is of the one named just before it.
        let first = ag.sentences.iter().copied().min().unwrap_or(0);
        if ag.kind.is_none_or(|k| k == generic_kind())
            && !from_list
            && analysed[first].kinds.is_empty()
        {
            let before = (first.saturating_sub(3)..first)
                .rev()
                .map(|j| &analysed[j])
                .find(|a| !a.kinds.is_empty())
                .and_then(|a| {
                    a.kinds
                        .iter()
                        .filter(|&&(start, end, _)| {
                            !inside_named_agreement(&a.sentence.text, a.named(), start, end)
                        })
                        .map(|&(_, _, k)| k)
                        .min()
                });
            ag.kind = before.or(ag.kind);
        }
    }

    let any_signatories = agreements.iter().any(|a| !a.signatories.is_empty());
    // "After the talks, the two witnessed the signing": those who met are the witnesses.
    let witnessed = || {
        analysed
            .iter()
            .any(|a| WITNESSED_SIGNING.is_match(&a.sentence.text))
    };
    // "... received the Minister on Sunday in Algiers. At the end of the talks, the two parties
    // proceeded to the signing of ...": the talks give the signing's day, place and people.
    let talks: Vec<usize> = events
        .iter()
        .filter_map(|e| {
            let lead = (e.sentence.saturating_sub(2)..=e.sentence)
                .rev()
                .find(|&j| AFTER_TALKS.is_match(&analysed[j].sentence.text))?;
            (lead.saturating_sub(8)..lead).rev().find(|&m| {
                let text = &analysed[m].sentence.text;
                (MEETING.is_match(text) || HOSTED.is_match(text)) && !analysed[m].dates().is_empty()
            })
        })
        .collect();
    if !agreements.is_empty() && !any_signatories && !witnessed() {
        // No explicit signatories: officials who met at the signing stand in for them.
        let met: Vec<PersonMention> = analysed
            .iter()
            .enumerate()
            .filter(|(i, a)| {
                !a.sentence.quoted && (MEETING.is_match(&a.sentence.text) || talks.contains(i))
            })
            .map(|(_, a)| a)
            .flat_map(|a| a.people.iter().filter(|p| p.role.is_some()).cloned())
            .collect();
        if let Some(first) = agreements.first_mut() {
            first.signatories = dedupe_people(met);
        }
    }

    // "Background:" and "About the Agency" sections tell of other work, not of what this
    // agreement covers.
    let aside_from = analysed
        .iter()
        .find(|a| a.sentence.paragraph != TITLE_PARAGRAPH && is_aside_heading(&a.sentence.text))
        .map(|a| a.sentence.paragraph);
    let body_text = analysed
        .iter()
        .enumerate()
        .filter(|(_, a)| aside_from.is_none_or(|from| a.sentence.paragraph < from))
        .filter(|&(i, _)| tells_what_is_covered(&analysed, i))
        .map(|(i, a)| {
            let s = a.sentence.text.as_str();
            // "The KSDPA covers data flows, and builds on the DEPA signed in 2020": what comes
            // before the other agreement's name is still about this one.
            let s = match a.kinds.iter().map(|&(start, _, _)| start).min() {
                Some(start) if about_another[i] => &s[..start],
                _ => s,
            };
            topic_text(s, a)
        })
        .collect::<Vec<_>>()
        .join("\n");
    let topics = topics_in(&body_text);

    // "The signing, held at the Convention Centre, ...": date and place without a signing verb.
    let mut details: Vec<usize> = analysed
        .iter()
        .enumerate()
        .filter(|(i, a)| {
            !events.iter().any(|e| e.sentence == *i) && DETAIL.is_match(&a.sentence.text)
        })
        .map(|(i, _)| i)
        .collect();
    for &m in &talks {
        if !details.contains(&m) {
            details.push(m);
        }
    }
    let batch: Vec<usize> = analysed
        .iter()
        .enumerate()
        .filter(|(_, a)| BATCH_SIGNED.is_match(&a.sentence.text))
        .map(|(i, _)| i)
        .collect();
    let several = agreements.len() > 1;
    // Where each agreement's story starts: it runs on to where the next one's starts.
    let starts: Vec<usize> = agreements
        .iter()
        .filter_map(|d| {
            d.sentences
                .iter()
                .map(|&i| analysed[i].sentence.paragraph)
                .filter(|&p| p != TITLE_PARAGRAPH)
                .min()
        })
        .collect();
    let mut out: Vec<Agreement> = Vec::new();
    for (k, mut draft) in agreements.into_iter().enumerate() {
        // "Minister Roe and I appended our signatures", after a greeting of "Mrs. Jane Roe,
        // Minister of ...": a signer named by surname goes by the full name given.
        for signer in draft
            .signatories
            .iter_mut()
            .filter(|p| !p.name.contains(' '))
        {
            let full = analysed
                .iter()
                .flat_map(|a| &a.people)
                .find(|p| surname_of(&p.name, &signer.name));
            if let Some(full) = full {
                signer.name = full.name.clone();
            }
        }
        if k == 0 {
            draft.details = details.clone();
        }
        // A batch's date and place are every one of its agreements'.
        for &i in &batch {
            if !draft.details.contains(&i) {
                draft.details.push(i);
            }
        }
        // With several agreements, each takes the topics and the term of its own paragraphs.
        let own_topics = if several {
            let mut paragraphs: BTreeSet<usize> = draft
                .sentences
                .iter()
                .map(|&i| analysed[i].sentence.paragraph)
                .filter(|&p| p != TITLE_PARAGRAPH)
                .collect();
            // "Under the MoU, which is valid for three years, ...": the paragraphs after its
            // signing that speak of an agreement, up to the next agreement's, tell of it too.
            if let Some(&first) = paragraphs.first() {
                let next = starts.iter().copied().filter(|&p| p > first).min();
                paragraphs.extend(
                    analysed
                        .iter()
                        .filter(|a| {
                            let p = a.sentence.paragraph;
                            p > first && next.is_some_and(|next| p < next) && !a.kinds.is_empty()
                        })
                        .map(|a| a.sentence.paragraph),
                );
            }
            draft.own_paragraphs = Some(paragraphs.clone());
            let text = analysed
                .iter()
                .enumerate()
                .filter(|&(i, a)| {
                    paragraphs.contains(&a.sentence.paragraph)
                        && tells_what_is_covered(&analysed, i)
                })
                .map(|(_, a)| topic_text(&a.sentence.text, a))
                .collect::<Vec<_>>()
                .join("\n");
            let found = topics_in(&text);
            if found.is_empty() {
                topics.clone()
            } else {
                found
            }
        } else {
            topics.clone()
        };
        let signing_before = out.last().map(|a| &a.signed);
        if let Some(ag) = finish(
            draft,
            &analysed,
            &orgs,
            &own_topics,
            here.as_deref(),
            signing_before,
        ) {
            out.push(ag);
        }
    }
    if let Some(year) = subject_year.filter(|_| !out.is_empty()) {
        mentioned.retain(|m: &Mention| m.year != Some(year));
    }
    // The agreements this article signs are not "mentioned".
    mentioned.retain(|m: &Mention| {
        !out.iter()
            .any(|a| m.year.is_none() && fold(&m.name) == fold(&a.kind))
    });
    dedupe_mentions(&mut mentioned);
    (out, mentioned)
}

/// A headline approving signings already made: "Cabinet approves the MoUs signed with X",
/// "Cabinet apprised of the MoU signed between X and Y".
static APPROVES_SIGNED: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"(?i)\b(?:approv\w*|apprise\w*|ex-post\s+facto|ratif\w*)\b.*\b(?:mous?|memorand\w+|agreements?)\b.*\bsigned\b")
        .expect("approves-signed pattern")
});

/// "MoUs", "Memoranda of Understanding": a kind named in the plural.
fn is_plural_kind(kind: &str) -> bool {
    kind.ends_with(['s', 'S']) || kind.to_lowercase().starts_with("memoranda")
}

/// "the MoUs", "two Memoranda of Understanding": a sentence about agreements only in the plural.
fn names_only_plural_kinds(a: &Analysed) -> bool {
    let s = &a.sentence.text;
    !a.kinds.is_empty()
        && a.kinds
            .iter()
            .all(|&(start, end, _)| is_plural_kind(&s[start..end]))
}

/// An item of a numbered list: "(i) ...", "(b) ...", "2. ...".
static ENUMERATED: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"^\s*(?:\(?(?:[ivx]{1,4}|[a-h])\)|\d{1,2}[.)])\s+\S").expect("enumerated pattern")
});

/// A signing on the occasion of another: "On the same occasion", "At the same ceremony".
static SAME_OCCASION: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"(?i)^(?:\W*)(?:on|at|during)\s+the\s+same\s+(?:occasion|ceremony|event|day|visit|meeting|summit)\b")
        .expect("same-occasion pattern")
});

/// "I" as one who signs: "Minister Roe and I appended our signatures", "I signed it with my
/// counterpart", "the two of us signed". (Case matters: "I" is the pronoun.)
static I_SIGNED: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"\bI\s+(?:(?:have|had|just|also|personally|then|(?:was|am)\s+(?:pleased|proud|honou?red|delighted|privileged|happy)\s+to(?:\s+have)?)\s+)*(?:sign(?:ed)?|ink(?:ed)?|append(?:ed)?|initiall?ed|put\s+pen)\b|\b[Tt]he\s+two\s+of\s+us\s+(?:\w+\s+){0,2}?signed\b")
        .expect("first-person signing pattern")
});

/// "we signed a memorandum with X": the speaker's body signed.
static WE_SIGNED: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"(?i)\bwe\s+(?:(?:have|had|just|also|today|formally|officially|proudly|finally)\s+)*(?:signed|inked)\b")
        .expect("first-person plural signing pattern")
});

/// Whose words the text is, for its "I" and "we": the speaker a speech's, a press conference's
/// or a post's heading names, the interviewee whose name opens an answer ("Roe: Yes, ..."), or
/// else the body that publishes it.
struct Speaker {
    /// `None` for a publishing body: it has no "I".
    person: Option<PersonMention>,
    /// The sentence that introduces the person with their role, if the text has one.
    home: Option<usize>,
    /// The body they speak for.
    org: Option<usize>,
}

struct Speakers {
    /// The heading's speaker or the publisher, for every sentence not in someone's answer.
    article: Option<Speaker>,
    /// Paragraphs opened by an interviewee's name, and theirs.
    answers: Vec<(usize, Speaker)>,
}

/// "Roe: Yes, last month we signed ...": an answer, opened by the speaker's name.
static ANSWER_BY: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"^(?P<who>\p{Lu}[\p{L}’'-]+(?:\s+\p{Lu}[\p{L}’'-]+){0,2}):\s")
        .expect("answer pattern")
});

impl Speakers {
    fn find(analysed: &[Analysed], publisher: Option<&str>, orgs: &[Org]) -> Self {
        // Where the text gives the person with a role: their body is named there.
        let introduced = |name: &str| -> Option<Speaker> {
            analysed.iter().enumerate().find_map(|(j, a)| {
                a.people
                    .iter()
                    .find(|q| {
                        q.role.is_some()
                            && (same_person(&q.name, name) || surname_of(&q.name, name))
                    })
                    .map(|q| Speaker {
                        org: person_affiliation(q, a).0,
                        person: Some(q.clone()),
                        home: Some(j),
                    })
            })
        };
        let heading = analysed
            .iter()
            .filter(|a| a.sentence.paragraph == TITLE_PARAGRAPH)
            .find_map(|a| speaker_in_heading(&a.sentence.text))
            .map(|person| {
                introduced(&person.name).unwrap_or(Speaker {
                    person: Some(person),
                    home: None,
                    org: None,
                })
            });
        // A body's own page: "we" are the publisher, when the text names it.
        let publisher = || {
            let name = publisher?.trim();
            let org = orgs.iter().position(|o| {
                o.name.eq_ignore_ascii_case(name)
                    || o.aliases.iter().any(|a| a.eq_ignore_ascii_case(name))
            })?;
            Some(Speaker {
                person: None,
                home: None,
                org: Some(org),
            })
        };
        let article = heading.or_else(publisher);
        let mut answers = Vec::new();
        let mut last_paragraph = None;
        for a in analysed {
            let paragraph = a.sentence.paragraph;
            if paragraph == TITLE_PARAGRAPH || last_paragraph == Some(paragraph) {
                continue;
            }
            last_paragraph = Some(paragraph);
            let Some(who) = ANSWER_BY
                .captures(&a.sentence.text)
                .and_then(|c| c.name("who"))
            else {
                continue;
            };
            if let Some(speaker) = introduced(who.as_str()) {
                answers.push((paragraph, speaker));
            }
        }
        Speakers { article, answers }
    }

    fn of(&self, a: &Analysed) -> Option<&Speaker> {
        self.answers
            .iter()
            .find(|(p, _)| *p == a.sentence.paragraph)
            .map(|(_, s)| s)
            .or(self.article.as_ref())
    }
}

/// "signed by our Director General, Jane Roe": the speaker's body signed.
static OUR_SIGNER: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::new(r"(?i)\bby\s+our\s+").expect("our-signer pattern"));

impl Speaker {
    /// "Minister Roe and I signed": the speaker is a signatory. "we signed ... with X", "signed
    /// by our Director": their body is the side the sentence does not name.
    fn signs(&self, event: &mut Event, s: &str) {
        let first_person = self.person.is_some() && I_SIGNED.is_match(s);
        if !first_person && !WE_SIGNED.is_match(s) && !OUR_SIGNER.is_match(s) {
            return;
        }
        if let Some(person) = self.person.as_ref().filter(|_| first_person) {
            let name = &person.name;
            if !event
                .signatories
                .iter()
                .any(|p| same_person(&p.name, name) || surname_of(name, &p.name))
            {
                event.signatories.insert(0, person.clone());
                event.speaker = self.home.map(|home| (name.clone(), home));
            }
        }
        if let Some(org) = self.org {
            if event.orgs.len() + event.countries.len() < 2 && !event.orgs.contains(&org) {
                event.orgs.insert(0, org);
            }
        }
    }
}

/// Whether sentence `i` can tell what an agreement covers. Not "... which may be the subject of
/// a separate agreement", "Cooperation on X is not part of the memorandum", nor "Does it cover
/// X?" answered "No.".
fn tells_what_is_covered(analysed: &[Analysed], i: usize) -> bool {
    let s = &analysed[i].sentence.text;
    !about_a_separate_agreement(s) && !not_covered(s) && !answered_no(analysed, i)
}

/// "will sign a separate agreement on X", "the subject of a future memorandum": another
/// agreement than the one signed. ("A further agreement" is often the one signed.)
fn about_a_separate_agreement(s: &str) -> bool {
    static SEPARATE_AGREEMENT: LazyLock<Pattern> = LazyLock::new(|| {
        Pattern::new(
            r"\b(?i:a|another)\s+(?:separate|future)\s+(?:[A-Za-z-]+\s+){0,2}?(?i:agreement|memorandum|mou|accord|protocol|arrangement|treaty|instrument)\b",
        )
        .expect("separate-agreement pattern")
    });
    // The pattern starts with "a", which the search cannot skip ahead to; the two words are rare.
    static SEPARATE: Literal = Literal::new("separate");
    static FUTURE: Literal = Literal::new("future");
    Literal::any_in(&[&SEPARATE, &FUTURE], s) && SEPARATE_AGREEMENT.is_match(s)
}

/// What an agreement is said not to cover: "X is not part of the memorandum", "it does not
/// cover X", "X falls outside it".
fn not_covered(s: &str) -> bool {
    static NOT_COVERED: LazyLock<Pattern> = LazyLock::new(|| {
        Pattern::new(
            r"(?i)\b(?:(?:(?:is|are|was|were)\s+not|will\s+not\s+be)\s+(?:part\s+of|covered\s+by|included\s+in)|(?:does|do|did|will)\s+not\s+(?:cover|include|extend\s+to)|(?:falls?|lies?)\s+outside|(?:is|are)\s+excluded\s+from)\b",
        )
        .expect("not-covered pattern")
    });
    // The pattern has no literal to skip ahead to; each reading has one of these words.
    static NOT: Literal = Literal::new("not ");
    static OUTSIDE: Literal = Literal::new("outside");
    static EXCLUDED: Literal = Literal::new("excluded");
    Literal::any_in(&[&NOT, &OUTSIDE, &EXCLUDED], s) && NOT_COVERED.is_match(s)
}

/// A question the next sentence answers "No." ("Does the memorandum cover X? No. ...").
fn answered_no(analysed: &[Analysed], i: usize) -> bool {
    let answer = |next: &Analysed| {
        next.sentence
            .text
            .trim_start()
            .strip_prefix("No")
            .is_some_and(|rest| {
                rest.is_empty()
                    || rest.starts_with(['.', ',', ';', '!'])
                    || rest.starts_with(" \u{2013}")
                    || rest.starts_with(" \u{2014}")
            })
    };
    analysed[i].sentence.text.trim_end().ends_with('?') && analysed.get(i + 1).is_some_and(answer)
}

/// "Background:", "About NDMA", "Notes to editors": a heading over text about other things.
/// ("About the MoU" is about this agreement.)
fn is_aside_heading(text: &str) -> bool {
    static ASIDE: LazyLock<Pattern> = LazyLock::new(|| {
        Pattern::new(r"(?i)^(?:background(?:\s+information)?|about\s+[^.]{1,60}|notes?\s+(?:to|for)\s+editors)\s*:?$")
            .expect("aside heading pattern")
    });
    // (Most sentences are longer than any heading: the length rules them out first.)
    text.len() <= 90 && ASIDE.is_match(text.trim()) && kinds_in(text).is_empty()
}

/// "After the talks,", "At the end of the meeting,", "Following their discussions,": what
/// follows happened at the talks told just before.
static AFTER_TALKS: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"(?i)^(?:after|following|at\s+the\s+(?:end|close|conclusion)\s+of)\s+(?:the|their)\s+(?:talks|meeting|meetings|discussions|negotiations|consultations)\b")
        .expect("after talks pattern")
});

/// "X received Y", "X hosted Y": a visit's talks.
static HOSTED: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"(?i)\b(?:received|hosted|welcomed)\b").expect("hosted pattern")
});

static WITNESSED_SIGNING: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"(?i)\bwitness(?:ed|es)?\s+(?:the\s+)?(?:signing|exchange)\b")
        .expect("witnessed signing pattern")
});

static BOTH_SIDES: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"(?i)\b(?:the\s+two|both)\s+(?:sides|parties|ministries|agencies|organi[sz]ations|institutions|authorities)\b")
        .expect("both sides pattern")
});

/// "signed a cooperation agreement": the sentence reports one signing, not signed documents.
static SIGNED_ONE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"(?i)\b(?:signed|inked|concluded|exchanged)\s+(?:an?|the)\s+(?:[\w-]+\s+){0,4}?(?:mou|memorand\w*|agreement|letter|declaration|arrangement|roadmap|accord)\b")
        .expect("signed one pattern")
});

static EVENT_AFTER: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"^\s+(?:session|summit|meeting|conference|forum|ministerial|plenary|assembly)\b")
        .expect("event after pattern")
});

/// "on the sidelines of the", "at the 9th Session of the Zambia–Namibia", ", seat of the": what
/// comes next hosts the signing or houses it.
static EVENT_HOST: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"(?i)(?:\b(?:sidelines|margins|occasion|framework)\s+of\s+(?:the\s+)?|\b(?:session|meeting|summit|conference|sitting)\s+of\s+(?:the\s+)?(?:\p{L}+[–-]\p{L}+\s+)?|,\s+(?:the\s+)?(?:seat|headquarters|home)\s+of\s+(?:the\s+)?)$")
        .expect("event host pattern")
});

/// "signed ... at the Ministry of Digital Economy in Colombo": the venue, not a party. Not
/// "signed by Jane Roe, a director at the Agency", where the body is the signatory's.
fn is_venue(before: &str) -> bool {
    static VENUE: LazyLock<Pattern> = LazyLock::new(|| {
        Pattern::new(r"(?i)\b(?:signed|inked|exchanged)\b(?P<between>[^.;]{0,60}?)\b(?:at|in\s+the\s+(?:headquarters|offices?|premises)\s+of)\s+(?:the\s+)?$")
            .expect("venue pattern")
    });
    VENUE
        .captures(before)
        .is_some_and(|c| !c["between"].contains(" by "))
}

static HEADLINE_FUTURE: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::new(r"(?i)\bto\s+(?:sign|ink)\b").expect("headline future pattern"));

/// "X signed an MoU with Y on 13 May in Oslo, and another with Z on 14 May in Riga." reports two
/// signings: read it as two sentences that each say the whole of one.
fn split_second_signing(sentence: Sentence) -> Vec<Sentence> {
    static ANOTHER: LazyLock<Pattern> = LazyLock::new(|| {
        Pattern::new(r"^(?P<head>.+?\bwith)\s+(?P<first>.+?),?\s+(?:and|as\s+well\s+as)\s+(?:another|a\s+second)\s+(?:one\s+)?with\s+(?P<second>.+)$")
            .expect("second signing pattern")
    });
    let Some(c) = ANOTHER.captures(&sentence.text) else {
        return vec![sentence];
    };
    if !has_sign_verb(&c["head"]) {
        return vec![sentence];
    }
    let first = format!(
        "{} {}.",
        &c["head"],
        c["first"].trim_end_matches([',', ' '])
    );
    let second = format!("{} {}", &c["head"], &c["second"]);
    vec![
        Sentence {
            text: first,
            ..sentence.clone()
        },
        Sentence {
            text: second,
            ..sentence
        },
    ]
}

/// "The two countries signed a memorandum on X in 2018.": after the lead, a signing dated only
/// by a year is background, even when the release's own date is unknown.
fn is_background_signing(a: &Analysed) -> bool {
    // The paragraph first: it rules out the title and lead without finding the dates.
    if a.sentence.paragraph == TITLE_PARAGRAPH || a.sentence.paragraph < 2 {
        return false;
    }
    let dates: Vec<_> = a
        .dates()
        .iter()
        .filter(|d| !d.relative)
        .filter_map(|d| d.date)
        .collect();
    !dates.is_empty() && dates.iter().all(|d| d.month.is_none()) && !a.new_marker()
}

/// "The following documents were signed:" over a list: each item naming an agreement is a
/// signing of its own, though it has no verb ("MoU between X and Y on Z").
fn listed_signings(analysed: &[Analysed]) -> (Vec<usize>, Vec<usize>) {
    static LIST_HEADING: LazyLock<Pattern> = LazyLock::new(|| {
        Pattern::new(r"(?i)(?:\b(?:following|these|below)\b[^.]{0,80}\b(?:were|was|have\s+been|had\s+been)\s+(?:signed|exchanged|concluded|inked)\b[^.]*|\b(?:signed|exchanged)\s+(?:documents|agreements|mous|memoranda)\b[^.]*|\blist\s+of\s+(?:outcomes|documents|agreements|mous)\b[^.]*):$")
            .expect("list heading pattern")
    });
    // "Three agencies signed a memorandum in Reykjavik:" over "- Agency X, represented by Y;"
    // lines: the items are the parties of that one signing.
    let signing_heading =
        |text: &str| text.ends_with(':') && has_sign_verb(text) && !kinds_in(text).is_empty();
    let mut own = Vec::new();
    let mut parts = Vec::new();
    let mut heading: Option<(usize, bool)> = None;
    for (i, a) in analysed.iter().enumerate() {
        let text = a.sentence.text.trim();
        if LIST_HEADING.is_match(text) {
            heading = Some((a.sentence.paragraph, false));
            continue;
        }
        if signing_heading(text) {
            heading = Some((a.sentence.paragraph, true));
            continue;
        }
        let Some((h, one_signing)) = heading else {
            continue;
        };
        let item = a.sentence.paragraph > h && text.starts_with(['•', '-', '–', '*']);
        if item {
            if one_signing {
                parts.push(i);
            } else {
                own.push(i);
            }
        } else if a.sentence.paragraph > h {
            heading = None;
        }
    }
    (own, parts)
}

/// How a sentence is read for a signing.
#[derive(Clone, Copy, PartialEq)]
enum Reading {
    Plain,
    /// An item under "The following documents were signed:".
    Listed,
    /// A party's line under "... signed a memorandum:".
    ListedPart,
    /// A sentence of a release whose headline is about an agreement signed some time ago.
    Subject,
}

/// Headlines about an agreement that was not signed: approved, proposed, cancelled.
static NOT_A_SIGNING_HEADLINE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"(?i)\b(?:approv\w*|propos\w*|draft|cancel\w*|terminat\w*|postpon\w*|expir\w*|renegotiat\w*|negotiat\w*|consider\w*|plans?|planned)\b")
        .expect("not-a-signing headline pattern")
});

fn signing_event(
    i: usize,
    a: &Analysed,
    orgs_list: &[Org],
    published: Option<NaiveDate>,
    reading: Reading,
) -> Option<Event> {
    let listed = reading == Reading::Listed;
    let s = &a.sentence.text;
    let kinds: Vec<(usize, usize, usize)> = a
        .kinds
        .iter()
        .copied()
        .filter(|&(start, end, _)| !inside_named_agreement(s, a.named(), start, end))
        .collect();
    // Most sentences sign nothing: search for each cue only when the answer depends on it.
    let signatory_cue_found = OnceCell::new();
    let signatory_cue = || *signatory_cue_found.get_or_init(|| SIGNATORY_CUE.is_match(s));
    let signing = (a.sign_verb && (!kinds.is_empty() || signatory_cue()))
        || STRONG_CUE.is_match(s)
        || (listed && !kinds.is_empty())
        || (reading == Reading::ListedPart && !a.spans.is_empty());
    if !signing {
        return None;
    }
    // "The memorandum circular, signed by the Secretary", "signed the contract": an instruction,
    // a law or a purchase, when the sentence names no agreement.
    static OTHER_INSTRUMENT: LazyLock<Pattern> = LazyLock::new(|| {
        const INSTRUMENT: &str = r"(?:circular|order|decree|contract|law|bill|resolution|proclamation|directive|regulation)s?\b";
        Pattern::new(&format!(r"(?i)\b{INSTRUMENT},?\s+(?:\w+\s+){{0,2}}?(?:was\s+|were\s+|has\s+been\s+|have\s+been\s+)?signed\b|\bsigned\s+(?:\w+\s+){{0,3}}?{INSTRUMENT}"))
            .expect("other instrument pattern")
    });
    if kinds.is_empty() && OTHER_INSTRUMENT.is_match(s) {
        return None;
    }
    static REPRESENTING: LazyLock<Pattern> = LazyLock::new(|| {
        Pattern::new(r"(?i)\brepresent(?:ing|ed)\b[^.]*\bto\s+sign\b")
            .expect("representing pattern")
    });
    let representing = REPRESENTING.is_match(s);
    // "No agreement was signed", "did not sign": a signing denied is no signing.
    static DENIED: LazyLock<Pattern> = LazyLock::new(|| {
        Pattern::new(r"(?i)\b(?:no\s+(?:\w+\s+){0,3}(?:was|were|has\s+been|have\s+been)\s+signed|(?:did|does|do|has|have|had|was|were)\s+not\s+(?:yet\s+)?(?:been\s+)?sign(?:ed)?|(?:has|have|had)\s+yet\s+to\s+sign|without\s+sign(?:ing)?|not\s+(?:yet\s+)?signed|stopped\s+short\s+of\s+signing|(?:has|have|had|was|were)\s+been\s+(?:postponed|cancell?ed|called\s+off|delayed|deferred|suspended)|(?:was|were)\s+(?:postponed|cancell?ed|called\s+off|delayed|deferred)|sign(?:ing|ature)\s+(?:\w+\s+){0,2}?(?:put\s+off|postponed|delayed|deferred|called\s+off|cancell?ed|shelved|suspended|scrapped|stalled|on\s+hold))\b")
            .expect("denied pattern")
    });
    if DENIED.is_match(s) {
        return None;
    }
    // "Deputy Roe asked the Minister if an agreement has been signed with X": a question asks,
    // it does not report.
    static ASKED: LazyLock<Pattern> = LazyLock::new(|| {
        Pattern::new(
            r"(?i)\basked\s+[^.;?]{0,160}?\b(?:if|whether|the\s+details\s+of|the\s+status\s+of)\b",
        )
        .expect("question pattern")
    });
    // (Most sentences lack the word: a plain search first spares the costly pattern.)
    let asks = || s.contains("asked") && ASKED.is_match(s);
    if s.trim_end().ends_with('?') || asks() {
        return None;
    }
    // "MoUs have so far been signed with A, B and C", "has signed MoUs with agencies of various
    // countries": a body's record of signings, not one of them.
    static RECORD: LazyLock<Pattern> = LazyLock::new(|| {
        Pattern::new(r"(?i)\b(?:mous|memoranda|agreements|mocs|arrangements)\b[^.;]{0,200}?\b(?:so\s+far|to\s+date|till\s+date|until\s+now|various\s+countries|several\s+countries|many\s+countries|a\s+number\s+of\s+countries)\b|\b(?:so\s+far|to\s+date|till\s+date)\b[^.;]{0,200}?\b(?:mous|memoranda|agreements|mocs)\b")
            .expect("record pattern")
    });
    let tallies = ["so far", "to date", "till date", "until now", "countries"]
        .iter()
        .any(|w| s.contains(w));
    if tallies && RECORD.is_match(s) {
        return None;
    }
    if a.not_yet() && !representing {
        return None;
    }
    if a.earlier() && !a.new_marker() && !representing {
        return None;
    }
    if a.sentence.quoted && !signatory_cue() {
        return None;
    }
    // Headlines put the future as "X and Y to sign MoU".
    if a.sentence.paragraph == TITLE_PARAGRAPH && HEADLINE_FUTURE.is_match(s) {
        return None;
    }
    if is_past_signing_by(a.dates(), published)
        && !a.new_marker()
        && !names_a_recent_day(a.dates(), published)
        && reading != Reading::Subject
    {
        return None;
    }
    // "signed the Singapore-Australia Digital Economy Agreement": a named agreement signed
    // now is of the kind its name says.
    let kind = kinds.iter().map(|&(_, _, k)| k).min().or_else(|| {
        a.kinds
            .iter()
            .map(|&(_, _, k)| k)
            .filter(|&k| k != generic_kind())
            .min()
    });

    // Organisations inside a signatory's title are their affiliation, settled with the people.
    let in_roles: Vec<(usize, usize)> = a.people.iter().filter_map(|p| p.role_span).collect();
    let (mut orgs, countries) = signing_parties(a, orgs_list);
    orgs.retain(|&o| {
        a.spans
            .iter()
            .filter(|sp| sp.thing == Thing::Org(o))
            .any(|sp| {
                !in_roles
                    .iter()
                    .any(|&(rs, re)| rs <= sp.start && sp.end <= re)
            })
    });
    let signatories = if a.sentence.paragraph != TITLE_PARAGRAPH || signatory_cue() {
        signing_people(s, &a.people)
    } else {
        Vec::new()
    };
    Some(Event {
        sentence: i,
        kind,
        orgs,
        countries,
        signatories,
        continues_previous: reading == Reading::ListedPart,
        speaker: None,
    })
}

/// ", Government of India," or ", Ministry of X," right after another organisation of the same
/// country names its parent, not another party.
fn is_apposition(s: &str, spans: &[Span], sp: &Span, orgs: &[Org]) -> bool {
    let Thing::Org(id) = sp.thing else {
        return false;
    };
    let before = s[..sp.start].trim_end();
    if PARENT_OF.is_match(before) {
        return true;
    }
    let Some(before) = before.strip_suffix(',') else {
        return false;
    };
    let before = before.trim_end();
    let prev = spans.iter().rev().find(|o| {
        matches!(o.thing, Thing::Org(_))
            && o.end <= before.len()
            && before[o.end..]
                .trim_start_matches([' ', ')'])
                .trim()
                .is_empty()
            || matches!(o.thing, Thing::Org(_))
                && before.ends_with(')')
                && o.end <= before.len()
                && {
                    let tail = before[o.end..].trim();
                    tail.starts_with('(') && tail.ends_with(')') && tail.len() < 16
                }
    });
    let Some(Span {
        thing: Thing::Org(prev_id),
        ..
    }) = prev
    else {
        return false;
    };
    let (a, b) = (&orgs[*prev_id], &orgs[id]);
    *prev_id != id
        && (a.country == b.country || b.country.is_none() || b.name.starts_with("Government of"))
}

/// "The Presidency of the Council of Ministers, through its Secretariat of Digital Government,
/// and ...": the body that acts through one of its own is the signing body's parent, not a party.
fn acts_through_another(s: &str, spans: &[Span], sp: &Span) -> bool {
    static THROUGH_ITS: LazyLock<Pattern> = LazyLock::new(|| {
        Pattern::new(r"^(?:\s*\([^)]{1,15}\))?(?:\s+of\s+(?:the\s+)?[\p{Lu}][\p{L} ]{2,40}?)?,?\s+(?:acting\s+)?(?:through|via)\s+its(?:\s+own)?\s+$")
            .expect("through-its pattern")
    });
    spans.iter().any(|next| {
        matches!(next.thing, Thing::Org(_))
            && next.start > sp.end
            && THROUGH_ITS.is_match(&s[sp.end..next.start])
    })
}

/// "part of the Ministry of X", "under the Ministry of Y", "the Agency, the digital service of
/// the Dutch Ministry of Z": a parent body, not a party.
static PARENT_OF: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"(?i)\b(?:part\s+of|under|within|attached\s+to|(?:an?|the)\s+(?:[\w-]+\s+){0,3}?(?:agency|unit|division|department|arm|service|office|directorate)\s+of|overseen\s+by|reporting\s+to)(?:\s+the)?(?:\s+(?-i:\p{Lu})\p{Ll}+)?\s*$")
        .expect("parent pattern")
});

/// "in Lugano, Switzerland", "a visit to Korea": a country named as a place, not as a party.
fn is_place_position(s: &str, start: usize) -> bool {
    let before = s[..start].trim_end();
    let lower = before.to_lowercase();
    // "the Government of Fiji", "the Republic of Benin": the country itself, acting.
    if GOVERNMENT_OF.is_match(&lower) {
        return false;
    }
    // "Digital ministers from Denmark, Estonia and Finland signed": who, not where.
    static DELEGATES_FROM: LazyLock<Pattern> = LazyLock::new(|| {
        Pattern::new(r"\b(?:ministers|officials|representatives|delegations|delegates|leaders|heads|governments)\s+from(?:\s+[\p{L} ,]+?)?$")
            .expect("delegates-from pattern")
    });
    if DELEGATES_FROM.is_match(&lower) {
        return false;
    }
    let last_word = lower
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    if matches!(
        last_word,
        "in" | "at"
            | "from"
            | "to"
            | "across"
            | "within"
            | "throughout"
            | "for"
            | "of"
            | "on"
            | "into"
            | "near"
    ) {
        return true;
    }
    // "Lugano, Switzerland": a city before the country.
    before.ends_with(',')
        && before[..before.len() - 1]
            .rsplit(' ')
            .next()
            .is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase))
}

static GOVERNMENT_OF: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"\b(?:government|republic|kingdom|state|sultanate|federation|commonwealth|principality|emirate)\s+of(?:\s+the)?$")
        .expect("government-of pattern")
});

/// The organisations and countries that sign in a signing sentence.
fn signing_parties(a: &Analysed, orgs_list: &[Org]) -> (Vec<usize>, Vec<usize>) {
    let (s, spans) = (&a.sentence.text, &a.spans[..]);
    // "Ministers meet in Tallinn; Estonia and Uruguay sign MoU": only the clause that signs.
    if s.contains("; ") {
        let mut from = 0;
        for clause in s.split("; ") {
            let to = from + clause.len();
            if has_sign_verb(clause) {
                let inside: Vec<Span> = spans
                    .iter()
                    .filter(|sp| sp.start >= from && sp.end <= to)
                    .copied()
                    .collect();
                let (orgs, countries) = parties_in(a, &inside, orgs_list, true);
                if orgs.len() + countries.len() >= 2 {
                    return (orgs, countries);
                }
                break;
            }
            from = to + 2;
        }
    }
    let (orgs, countries) = parties_in(a, spans, orgs_list, true);
    // "between the two countries" names no one: then the whole sentence counts.
    if orgs.len() + countries.len() < 2 {
        return parties_in(a, spans, orgs_list, false);
    }
    (orgs, countries)
}

/// The parties among `spans` (all or some of `a`'s).
fn parties_in(
    a: &Analysed,
    spans: &[Span],
    orgs_list: &[Org],
    use_between: bool,
) -> (Vec<usize>, Vec<usize>) {
    let s = &a.sentence.text;
    let lower = s.to_ascii_lowercase();
    // "between X and Y" names the parties exactly.
    let window = lower.find(" between ").filter(|_| use_between).map(|i| {
        let start = i + 9;
        let rest = &lower[start..];
        let end = rest
            .find([';', '–', '—', ':'])
            .or_else(|| rest.find(" to "))
            .or_else(|| rest.find(" on "))
            .or_else(|| rest.find(" that "))
            .or_else(|| rest.find(" which "))
            .or_else(|| rest.find(" in "))
            .map_or(s.len(), |e| start + e);
        (start, end)
    });
    let witness_at = WITNESS.find(s).map(|m| m.start());
    let first_kind_at = a.kinds.first().map(|&(start, _, _)| start);
    let mut orgs = Vec::new();
    let mut countries = Vec::new();
    for sp in spans {
        if let Some((ws, we)) = window {
            if sp.start < ws || sp.end > we {
                continue;
            }
        }
        if witness_at.is_some_and(|w| sp.start > w) {
            continue;
        }
        match sp.thing {
            Thing::Org(id) => {
                if ANNOUNCER.is_match(&s[sp.end..]) || ANNOUNCED_BY.is_match(&s[..sp.start]) {
                    continue;
                }
                // "on the sidelines of the United Nations General Assembly", "at the Nordic
                // Council session": where, not who.
                if EVENT_HOST.is_match(&s[..sp.start])
                    || EVENT_AFTER.is_match(&s[sp.end..])
                    || is_venue(&s[..sp.start])
                {
                    continue;
                }
                if is_apposition(s, spans, sp, orgs_list) || acts_through_another(s, spans, sp) {
                    continue;
                }
                if !orgs.contains(&id) {
                    orgs.push(id);
                }
            }
            Thing::Country(c) => {
                // "the UK’s GDS" qualifies an organisation; "the UK signed" is the UK acting.
                let after = s[sp.end..].trim_start();
                let qualifies = after.starts_with("’s") || after.starts_with("'s") || {
                    spans.iter().any(|o| {
                        matches!(o.thing, Thing::Org(_))
                            && (o.start >= sp.end && s[sp.end..o.start].trim().is_empty()
                                || o.end <= sp.start && s[o.end..sp.start].trim().is_empty()
                                || (o.start <= sp.start && sp.end <= o.end))
                    })
                };
                let in_named = a
                    .named()
                    .iter()
                    .any(|n| n.whole.0 <= sp.start && sp.end <= n.whole.1);
                // "signed an agreement on ... the EU digital identity wallet": after what was
                // signed, "the EU" before a common noun describes the subject.
                let next_word = after.split_whitespace().next().unwrap_or("");
                let adjectival = first_kind_at.is_some_and(|k| k < sp.start)
                    && lower[..sp.start].trim_end().ends_with(" the")
                    && next_word.starts_with(char::is_lowercase)
                    && !matches!(
                        next_word,
                        "and" | "or" | "has" | "have" | "had" | "signed" | "government" | "on"
                    );
                if !qualifies
                    && !in_named
                    && !adjectival
                    && !is_place_position(s, sp.start)
                    && !ANNOUNCER.is_match(&s[sp.end..])
                    && !countries.contains(&c)
                {
                    countries.push(c);
                }
            }
            Thing::Demonym(_) => {}
        }
    }
    (orgs, countries)
}

/// Verbs by which someone reports a signing rather than performs it.
const REPORTING_VERBS: &[&str] = &[
    "said",
    "says",
    "announced",
    "announces",
    "noted",
    "notes",
    "stated",
    "states",
    "welcomed",
    "welcomes",
    "added",
    "adds",
    "told",
    "confirmed",
    "confirms",
    "revealed",
    "explained",
];

fn signing_people(s: &str, people: &[PersonMention]) -> Vec<PersonMention> {
    let witness_at = WITNESS.find(s).map(|m| m.start());
    people
        .iter()
        .filter(|p| witness_at.is_none_or(|w| p.start < w))
        // "the Ministry (Minister Jane Roe, hereinafter 'the Ministry')": a body's head named
        // in parentheses identifies the body; the signatories are named elsewhere.
        .filter(|p| {
            let before = &s[..p.start.min(s.len())];
            before
                .rfind('(')
                .is_none_or(|open| before[open..].contains(')'))
        })
        .filter(|p| {
            // Someone who "said" or "announced" something in this sentence reports the
            // signing, perhaps after their title: "the Minister, Jane Roe, announced that ...".
            let from = p
                .role_span
                .map_or(p.end, |(rs, re)| if rs >= p.end { re } else { p.end });
            let mut after = s[from.min(s.len())..]
                .trim_start_matches([',', ' '])
                .to_lowercase();
            // "Jane Roe today announced that ...": a time word may come before the verb.
            for adverb in ["today ", "yesterday ", "also "] {
                if let Some(rest) = after.strip_prefix(adverb) {
                    after = rest.to_string();
                }
            }
            if let Some(rest) = after
                .strip_prefix("on ")
                .and_then(|r| r.split_once(' '))
                .filter(|(day, _)| is_day_name(day))
                .map(|(_, rest)| rest.to_string())
            {
                after = rest;
            }
            !REPORTING_VERBS.iter().any(|v| {
                after
                    .strip_prefix(v)
                    .is_some_and(|rest| !rest.starts_with(char::is_alphanumeric))
            })
        })
        .cloned()
        .collect()
}

fn dedupe_people(people: Vec<PersonMention>) -> Vec<PersonMention> {
    let mut out: Vec<PersonMention> = Vec::new();
    for p in people {
        if let Some(existing) = out
            .iter_mut()
            .find(|q| same_person(&q.name, &p.name) || surname_of(&q.name, &p.name))
        {
            // "Jane Roe" and later "Mayor Roe": the full name stays.
            if surname_of(&p.name, &existing.name) {
                existing.name = p.name.clone();
            }
            if existing.role.is_none() {
                existing.role = p.role;
                existing.role_span = None;
            }
        } else {
            out.push(p);
        }
    }
    out
}

/// Whether `short`, one word, is the family name of `full` ("Roe" of "Jane Roe", "Wang" of
/// "Wang Wei", family name first).
fn surname_of(full: &str, short: &str) -> bool {
    let short = short.trim();
    if short.contains(' ') || !full.trim().contains(' ') {
        return false;
    }
    let mut words = full.split_whitespace();
    let (first, last) = (words.next(), words.next_back());
    // (Folded only when the lengths allow a match: most pairs are told apart without it.)
    [first, last]
        .into_iter()
        .flatten()
        .any(|w| w.chars().count() == short.chars().count() && fold(w) == fold(short))
}

fn same_person(a: &str, b: &str) -> bool {
    let tokens = |s: &str| {
        let mut t: Vec<String> = fold(&s.replace('-', " "))
            .split(' ')
            .map(String::from)
            .collect();
        t.sort();
        t
    };
    tokens(a) == tokens(b)
}

/// An agreement as assembled from its signing sentences, before its facts are finished.
#[derive(Debug, Clone)]
struct Draft {
    kind: Option<usize>,
    orgs: Vec<usize>,
    countries: Vec<usize>,
    signatories: Vec<PersonMention>,
    /// Signatories with the sentence they came from (for roles' organisations).
    signatory_sentences: Vec<usize>,
    sentences: Vec<usize>,
    /// Sentences that describe the signing's date or place without reporting it.
    details: Vec<usize>,
    /// With several agreements in the article, the paragraphs that tell of this one: its term
    /// is looked for there only.
    own_paragraphs: Option<BTreeSet<usize>>,
    /// Its place in a count of agreements ("the second MoU"; see `ordinal_of`).
    ordinal: Option<usize>,
}

/// The first full date a sentence states outright (not "today", not the bound of a period).
fn day_stated(a: &Analysed) -> Option<PartialDate> {
    let dates = a.dates();
    dates
        .iter()
        .enumerate()
        .filter(|&(k, d)| !d.relative && !bounds_a_period(&a.sentence.text, dates, k))
        .filter_map(|(_, d)| d.date)
        .find(|d| d.day.is_some())
}

/// "(12/05/2025 to 14/05/2025)", "1 March – 3 March 2025": a date that opens or closes a period
/// (a visit, a programme), not the day of a signing.
fn bounds_a_period(s: &str, dates: &[DateMention], k: usize) -> bool {
    let linked = |a: &DateMention, b: &DateMention| {
        b.start >= a.end
            && b.start - a.end <= 10
            && matches!(
                s[a.end..b.start].trim(),
                "to" | "until" | "till" | "through" | "–" | "—" | "-"
            )
    };
    let d = &dates[k];
    dates.get(k + 1).is_some_and(|next| linked(d, next))
        || k.checked_sub(1).is_some_and(|p| linked(&dates[p], d))
}

/// Whether a signing belongs to another field than digital government: its sentence and its
/// bodies' names say nothing digital, and name another field (health, energy, labour, ...).
fn of_another_field(event: &Event, analysed: &[Analysed], orgs: &Orgs) -> bool {
    static DIGITAL: LazyLock<Pattern> = LazyLock::new(|| {
        Pattern::new(r"(?i)\b(?:digital\w*|ict|information|technolog\w*|telecom\w*|innovation|e-?gov\w*|data|cyber\w*|electronic|communications?|computer\w*|informatics|internet|online|software|smart|artificial\s+intelligence|ai|cloud|govtech|platforms?|e-services?|modernis\w*|moderniz\w*)\b")
            .expect("digital pattern")
    });
    static OTHER_FIELD: LazyLock<Pattern> = LazyLock::new(|| {
        Pattern::new(r"(?i)\b(?:health|nursing|nurses|medical|hospitals?|labou?r|employment|energy|electricity|hydropower|oil|gas|mining|agricultur\w*|fisheries|food|defen[cs]e|military|tourism|culture|cultural|sports?|aviation|maritime|railways?)\b")
            .expect("other field pattern")
    });
    // (A signer's title, "Minister of Trade, Industry and Energy", is not the agreement's field.)
    let a = &analysed[event.sentence];
    let sentence = without_roles(&a.sentence.text, &a.people);
    OTHER_FIELD.is_match(&sentence)
        && !DIGITAL.is_match(&sentence)
        && !event
            .orgs
            .iter()
            .any(|&o| DIGITAL.is_match(&orgs.list[o].name))
}

/// "The second MoU, between ...", "Another agreement was signed by ...": the sentence tells of
/// one of several agreements, by its place in the count (another: one of its own).
fn ordinal_of(sentence: &str, at: usize) -> Option<usize> {
    static ORDINAL: LazyLock<Pattern> = LazyLock::new(|| {
        Pattern::new(r"(?i)^(?:the\s+|a\s+)?(first|second|third|fourth|fifth|sixth|seventh|other|another|last|final)\s+(?:[\w-]+\s+){0,2}?(?:mou|mous|memorand\w*|agreements?|accords?|letters?|declarations?|arrangements?|protocols?|documents?|instruments?)\b")
            .expect("ordinal pattern")
    });
    let c = ORDINAL.captures(sentence)?;
    let rank = match c[1].to_lowercase().as_str() {
        "first" => 1,
        "second" => 2,
        "third" => 3,
        "fourth" => 4,
        "fifth" => 5,
        "sixth" => 6,
        "seventh" => 7,
        "last" | "final" => 100,
        // Each "another" is an agreement of its own.
        _ => 1000 + at,
    };
    Some(rank)
}

fn group_events(events: &[Event], analysed: &[Analysed], orgs: &[Org]) -> Vec<Draft> {
    let mut drafts: Vec<Draft> = Vec::new();
    for e in events {
        // "The UAE signed today three MoUs with A, B and C", told one by one after: the count
        // gives each its day and place (see `BATCH_SIGNED`), and is none of them.
        if events.len() > 1 && BATCH_SIGNED.is_match(&analysed[e.sentence].sentence.text) {
            continue;
        }
        let specific = |k: Option<usize>| k.filter(|&k| k != generic_kind());
        let ordinal = ordinal_of(&analysed[e.sentence].sentence.text, e.sentence);
        // "The first MoU ... The second MoU ...": two agreements, whoever signed them.
        let ordinal_ok = |d: &Draft| match (d.ordinal, ordinal) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        };
        let previous = drafts
            .len()
            .checked_sub(1)
            .filter(|&t| e.continues_previous && ordinal_ok(&drafts[t]));
        let fits = |d: &Draft| {
            let kinds_ok = match (specific(d.kind), specific(e.kind)) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            };
            let orgs_ok =
                d.orgs.is_empty() || e.orgs.is_empty() || e.orgs.iter().any(|o| d.orgs.contains(o));
            // Two signings on two stated days are two agreements, whoever signed them.
            let dates_ok = match (
                d.sentences.iter().find_map(|&i| day_stated(&analysed[i])),
                day_stated(&analysed[e.sentence]),
            ) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            };
            kinds_ok && orgs_ok && dates_ok && ordinal_ok(d)
        };
        // "The MoU with Chile was signed by ...", after two MoUs with two countries: the one
        // with a body of the country the sentence names, if any fits.
        let of_its_country = |d: &Draft| {
            d.orgs
                .iter()
                .any(|&o| orgs[o].country.is_some_and(|c| e.countries.contains(&c)))
        };
        let target = previous.or_else(|| {
            let fitting: Vec<usize> = (0..drafts.len()).filter(|&t| fits(&drafts[t])).collect();
            fitting
                .iter()
                .copied()
                .find(|&t| of_its_country(&drafts[t]))
                .or(fitting.first().copied())
        });
        let d = match target {
            Some(t) => &mut drafts[t],
            None => {
                drafts.push(Draft {
                    kind: None,
                    orgs: Vec::new(),
                    countries: Vec::new(),
                    signatories: Vec::new(),
                    signatory_sentences: Vec::new(),
                    sentences: Vec::new(),
                    details: Vec::new(),
                    own_paragraphs: None,
                    ordinal: None,
                });
                drafts.last_mut().expect("just pushed")
            }
        };
        d.ordinal = d.ordinal.or(ordinal);
        d.kind = match (d.kind, e.kind) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        for &o in &e.orgs {
            if !d.orgs.contains(&o) {
                d.orgs.push(o);
            }
        }
        for &c in &e.countries {
            if !d.countries.contains(&c) {
                d.countries.push(c);
            }
        }
        for p in &e.signatories {
            // "Mayor Roe" in a caption after "Jane Roe" signed: one person.
            if let Some(q) = d
                .signatories
                .iter_mut()
                .find(|q| surname_of(&p.name, &q.name))
            {
                q.name = p.name.clone();
                continue;
            }
            if !d
                .signatories
                .iter()
                .any(|q| same_person(&q.name, &p.name) || surname_of(&q.name, &p.name))
            {
                let home = e
                    .speaker
                    .as_ref()
                    .filter(|(name, _)| *name == p.name)
                    .map_or(e.sentence, |&(_, home)| home);
                d.signatories.push(p.clone());
                d.signatory_sentences.push(home);
            }
        }
        d.sentences.push(e.sentence);
    }
    let _ = analysed;
    drafts
}

/// A sentence without its people's roles: "the Minister for Public Procurement and eGovernment"
/// says what a signatory does, not what the agreement covers.
fn without_roles<'a>(s: &'a str, people: &[PersonMention]) -> Cow<'a, str> {
    without_spans(s, people.iter().filter_map(|p| p.role_span).collect())
}

/// The text of `s` (the start of `a`'s sentence) that can say what an agreement covers: without
/// its people's roles, the names of bodies and its witnesses, as in "the Secretariat of State for
/// Artificial Intelligence", "the work of the National Cyber Security Centre" or "in the presence
/// of the Minister with responsibility for Public Procurement, Ms Jane Roe".
fn topic_text<'a>(s: &'a str, a: &Analysed) -> Cow<'a, str> {
    let bodies = a
        .spans
        .iter()
        .filter(|sp| matches!(sp.thing, Thing::Org(_)))
        .map(|sp| (sp.start, sp.end));
    without_spans(
        s,
        a.people
            .iter()
            .filter_map(|p| p.role_span)
            .chain(bodies)
            .chain(witnesses(s, &a.people))
            .collect(),
    )
}

/// From "in the presence of" or "witnessed by" to the end of `s`, when a person is named there.
fn witnesses(s: &str, people: &[PersonMention]) -> Option<(usize, usize)> {
    static PRESENCE: Literal = Literal::new("in the presence of");
    static WITNESSED: Literal = Literal::new("witnessed by");
    if people.is_empty() {
        return None;
    }
    let from = [&PRESENCE, &WITNESSED]
        .iter()
        .filter_map(|w| w.find(s))
        .min()?;
    people
        .iter()
        .any(|p| p.start > from && p.start < s.len())
        .then_some((from, s.len()))
}

/// `s` with each of `spans` (byte ranges, which may overlap or run past its end) made a space.
fn without_spans(s: &str, mut spans: Vec<(usize, usize)>) -> Cow<'_, str> {
    spans.retain(|&(a, b)| a < b && b <= s.len());
    if spans.is_empty() {
        return Cow::Borrowed(s);
    }
    spans.sort_unstable();
    let mut out = String::with_capacity(s.len());
    let mut at = 0;
    for (a, b) in spans {
        if a >= at {
            out.push_str(&s[at..a]);
            out.push(' ');
            at = b;
        } else {
            at = at.max(b);
        }
    }
    out.push_str(&s[at..]);
    Cow::Owned(out)
}

/// The organisation named in a person's role, or the country their role names.
/// Between an "on behalf of X" and a name, these start another signer's clause.
const ANOTHER_SIGNING_CLAUSE: &[&str] =
    &[" and on behalf", " and by ", "; ", " while ", " whereas "];

fn person_affiliation(p: &PersonMention, a: &Analysed) -> (Option<usize>, Option<usize>) {
    let s = &a.sentence.text;
    // Without an apposition, the words just before the name: "RIA Director General Jane Roe".
    let before_clause = || {
        let head = &s[..p.start];
        let lower = head.to_ascii_lowercase();
        let start = [
            ", ", " by ", " with ", " and ", " were ", " was ", ": ", "; ",
        ]
        .iter()
        .filter_map(|m| lower.rfind(m).map(|i| i + m.len()))
        .max()
        .unwrap_or(0);
        (start, p.start)
    };
    // (ASCII lower-casing keeps the byte offsets of `s`.)
    let lower = s.to_ascii_lowercase();
    // "Estonia's Information System Authority, represented by Director General Jane Roe".
    if let Some(at) = lower[..p.start].rfind("represented by") {
        let represented = a
            .spans
            .iter()
            .filter(|sp| sp.end <= at && matches!(sp.thing, Thing::Org(_)))
            .filter(|sp| s[sp.end..at].trim().trim_end_matches(',').trim().is_empty())
            .find_map(|sp| match sp.thing {
                Thing::Org(id) => Some(id),
                _ => None,
            });
        if let Some(id) = represented {
            return (Some(id), None);
        }
    }
    // "on behalf of ORG by Jane Roe" and "Jane Roe, on behalf of ORG": the organisation named.
    let first_org_in = |from: usize, to: usize| {
        a.spans.iter().find_map(|sp| match sp.thing {
            Thing::Org(id) if sp.start >= from && sp.end <= to => Some(id),
            _ => None,
        })
    };
    let behalf_before = lower[..p.start].rfind("on behalf of").and_then(|i| {
        let between = &lower[i..p.start];
        // Only when no other signing clause ("and on behalf of", "and by", "while X was
        // represented by") stands between.
        let another_clause = ANOTHER_SIGNING_CLAUSE.iter().any(|m| between.contains(m));
        (!another_clause)
            .then(|| first_org_in(i, p.start))
            .flatten()
    });
    let signed_for = lower[p.end..].find("signed for ").and_then(|i| {
        let at = p.end + i;
        let gap = &lower[p.end..at];
        (gap.len() < 120 && !gap.contains(" and ") && !gap.contains(" while ")).then(|| {
            let end = lower[at..]
                .find([',', ';', '.'])
                .map_or(s.len(), |e| at + e);
            a.spans
                .iter()
                .find_map(|sp| (sp.start >= at && sp.end <= end).then_some(sp.thing))
        })
    });
    match signed_for.flatten() {
        Some(Thing::Org(id)) => return (Some(id), None),
        Some(Thing::Country(c)) | Some(Thing::Demonym(c)) => return (None, Some(c)),
        None => {}
    }
    let behalf_after = lower[p.end..].find("on behalf of").and_then(|i| {
        let at = p.end + i;
        let gap = &lower[p.end..at];
        (gap.len() < 120 && !gap.contains(" and ")).then(|| {
            let end = lower[at..].find([',', ';']).map_or(s.len(), |e| at + e);
            first_org_in(at, end)
        })
    });
    if let Some(org) = behalf_before.or(behalf_after.flatten()) {
        return (Some(org), None);
    }
    // "on behalf of Estonia by Minister Jane Roe": a country signing through its minister.
    let behalf_country = lower[..p.start].rfind("on behalf of ").and_then(|i| {
        let between = &lower[i..p.start];
        if ANOTHER_SIGNING_CLAUSE.iter().any(|m| between.contains(m)) {
            return None;
        }
        let country_at = i + "on behalf of ".len();
        a.spans.iter().find_map(|sp| match sp.thing {
            Thing::Country(c) if sp.start == country_at || sp.start == country_at + 4 => Some(c),
            _ => None,
        })
    });
    if let Some(c) = behalf_country {
        return (None, Some(c));
    }
    // "Jane Roe of the Agency": the organisation right after the name.
    let after_name = &s[p.end..];
    let lead = after_name.len() - after_name.trim_start().len();
    let rest = after_name.trim_start();
    // ("signed by X and Y at the Agency in Copenhagen": "at" is where, not whose.)
    for prefix in ["of the ", "from the ", "of ", "from "] {
        if let Some(r) = rest.strip_prefix(prefix) {
            let at = p.end + lead + (rest.len() - r.len());
            if let Some(id) = a.spans.iter().find_map(|sp| match sp.thing {
                Thing::Org(id) if sp.start == at => Some(id),
                _ => None,
            }) {
                return (Some(id), None);
            }
        }
    }
    let (rs, re) = p.role_span.unwrap_or_else(before_clause);
    // "Minister for Digital Transformation and the Civil Service": a minister's portfolio
    // names fields, not the body they sign for ("... at the Ministry of X" still does).
    static PORTFOLIO: LazyLock<Pattern> = LazyLock::new(|| {
        Pattern::new(r"(?i)^(?:the\s+)?(?:(?:deputy|vice|first|federal|junior|senior|prime)\s+)*(?:minister|secretary\s+of\s+state|state\s+secretary|cabinet\s+secretary)\s+(?:of|for)\s+")
            .expect("portfolio pattern")
    });
    let role_text = s.get(rs..re.max(rs)).unwrap_or("");
    let portfolio = PORTFOLIO.find(role_text).map(|m| {
        let from = rs + m.end();
        let to = [" at ", " in ", ", "]
            .iter()
            .filter_map(|sep| role_text[m.end()..].find(sep))
            .min()
            .map_or(re, |i| from + i);
        (from, to)
    });
    let mut org = None;
    let mut org_end = 0;
    let mut country = None;
    let within_previous =
        |end: usize, next: usize| next >= end && matches!(s[end..next].trim(), "of" | "of the");
    for sp in &a.spans {
        let inside = sp.start >= rs && sp.end <= re.max(rs);
        if !inside {
            continue;
        }
        // ("Minister for the Cabinet Office" does sign for the body right after "for".)
        let in_portfolio = portfolio.is_some_and(|(from, to)| {
            sp.start >= from
                && sp.end <= to
                && !s[from..sp.start].trim().is_empty()
                && s[from..sp.start].trim() != "the"
        });
        if in_portfolio && matches!(sp.thing, Thing::Org(_)) {
            continue;
        }
        match sp.thing {
            // "President of the Board of Directors of AMA", "Head of the Digital Unit of the
            // Ministry": a body inside another signs through the outer one.
            Thing::Org(id) if org.is_none() || within_previous(org_end, sp.start) => {
                org = Some(id);
                org_end = sp.end;
            }
            Thing::Country(c) | Thing::Demonym(c) if country.is_none() => country = Some(c),
            _ => {}
        }
    }
    (org, country)
}

fn finish(
    draft: Draft,
    analysed: &[Analysed],
    orgs: &Orgs,
    topics: &[String],
    dateline_city: Option<&str>,
    signing_before: Option<&Signed>,
) -> Option<Agreement> {
    let r = reference();
    let mut evidence = Vec::new();
    // A sentence often states several facts: their evidence shares its text rather than copying
    // it, as every report is kept until the whole import is merged.
    let mut shared: Vec<Option<Arc<str>>> = vec![None; analysed.len()];
    let mut sentence_of = |i: usize| -> Arc<str> {
        shared[i]
            .get_or_insert_with(|| Arc::from(analysed[i].sentence.text.as_str()))
            .clone()
    };
    let mut party_ids: Vec<usize> = draft.orgs.clone();
    // "an exchange between GSA's Technology Transformation Services and MITIC's Directorate":
    // a unit named only as another party's own is part of that party.
    let own_unit = |id: usize| {
        let owners: Vec<&str> = party_ids
            .iter()
            .filter(|&&o| o != id)
            .flat_map(|&o| {
                let org = &orgs.list[o];
                std::iter::once(org.name.as_str()).chain(org.aliases.iter().map(String::as_str))
            })
            .collect();
        let mut mentions = draft.sentences.iter().flat_map(|&i| {
            let text = analysed[i].sentence.text.as_str();
            analysed[i]
                .spans
                .iter()
                .filter(move |sp| sp.thing == Thing::Org(id))
                .map(move |sp| &text[..sp.start])
        });
        mentions.clone().next().is_some()
            && mentions.all(|before| {
                let before = before.trim_end();
                let owner = before
                    .strip_suffix("'s")
                    .or_else(|| before.strip_suffix("’s"));
                owner.is_some_and(|o| owners.iter().any(|name| o.ends_with(name)))
            })
    };
    if party_ids.len() > 2 {
        let units: Vec<usize> = party_ids
            .iter()
            .copied()
            .filter(|&id| own_unit(id))
            .collect();
        party_ids.retain(|id| !units.contains(id));
    }

    // Signatories, and the organisation or country each signed for.
    struct Signer {
        name: String,
        role: Option<String>,
        org: Option<usize>,
        country: Option<usize>,
        sentence: usize,
    }
    let mut signers: Vec<Signer> = Vec::new();
    for (k, p) in draft.signatories.iter().enumerate() {
        let sentence = draft
            .signatory_sentences
            .get(k)
            .copied()
            .unwrap_or_else(|| {
                analysed
                    .iter()
                    .position(|a| a.people.iter().any(|q| q.name == p.name))
                    .unwrap_or(0)
            });
        let (mut org, mut country) = person_affiliation(p, &analysed[sentence]);
        let mut role = p.role.clone();
        // "..., said RIA Director General Jane Roe." before "It was signed by Jane Roe and ...":
        // the role, and with it the body, the article gives the same person elsewhere.
        if role.is_none() {
            let elsewhere = analysed.iter().find_map(|a| {
                a.people
                    .iter()
                    .find(|q| q.role.is_some() && same_person(&q.name, &p.name))
                    .map(|q| (q, a))
            });
            if let Some((q, a)) = elsewhere {
                role = q.role.clone();
                if org.is_none() && country.is_none() {
                    (org, country) = person_affiliation(q, a);
                }
            }
        }
        let country = country.or_else(|| org.and_then(|o| orgs.list[o].country));
        signers.push(Signer {
            name: p.name.clone(),
            role: role.map(|r| tidy_role(&r)),
            org,
            country,
            sentence,
        });
    }

    // "France and Vietnam ..." in the headline: when people signed but the signing sentences
    // name fewer than two sides, the headline's countries are the sides.
    let mut draft = draft;
    if !signers.is_empty() && draft.orgs.len() + draft.countries.len() < 2 {
        let headline: Vec<usize> = analysed
            .iter()
            .filter(|a| a.sentence.paragraph == TITLE_PARAGRAPH)
            .flat_map(|a| a.spans.iter())
            .filter_map(|sp| match sp.thing {
                Thing::Country(c) | Thing::Demonym(c) => Some(c),
                Thing::Org(_) => None,
            })
            .collect();
        if headline.len() >= 2 {
            for c in headline {
                if !draft.countries.contains(&c) {
                    draft.countries.push(c);
                }
            }
        }
    }
    // Countries named as parties are represented by their organisation in the article: the one
    // whose official signed, else the one the article names most.
    for &c in &draft.countries {
        let already = party_ids.iter().any(|&o| orgs.list[o].country == Some(c));
        if already {
            continue;
        }
        let by_signer = signers
            .iter()
            .find(|s| s.country == Some(c) && s.org.is_some())
            .and_then(|s| s.org);
        let most_named = orgs
            .list
            .iter()
            .enumerate()
            .filter(|(_, o)| o.country == Some(c))
            .max_by_key(|(_, o)| o.mentions)
            .map(|(i, _)| i);
        if let Some(id) = by_signer.or(most_named) {
            party_ids.push(id);
        }
    }
    // Signatories' organisations are parties too.
    for s in &signers {
        if let Some(o) = s.org {
            // A signatory's unit or parent ministry does not add a party when a party of their
            // country already signs; they signed for that party.
            let country_taken = orgs.list[o].country.is_some()
                && party_ids
                    .iter()
                    .any(|&p| p != o && orgs.list[p].country == orgs.list[o].country);
            if !party_ids.contains(&o)
                && !country_taken
                && party_ids.len() < 2 + draft.countries.len().saturating_sub(2)
            {
                party_ids.push(o);
            }
        }
    }
    // "Minister of X" signs for the "Ministry of X"; "Secretary of Y" for the "Secretariat of Y",
    // the "High Commissioner for Z" for the "High Commission for Z".
    for signer in signers.iter_mut() {
        if signer.org.is_some_and(|o| party_ids.contains(&o)) {
            continue;
        }
        let Some(role) = signer.role.as_deref().map(fold) else {
            continue;
        };
        // The longest such name wins: a "Vice Minister of the Interior and Safety" signs for
        // the "Ministry of the Interior and Safety", not for another country's "of the Interior".
        let titled = party_ids
            .iter()
            .copied()
            .filter_map(|o| {
                let name = orgs.list[o].name.as_str();
                [
                    name.replace("Ministry", "Minister"),
                    name.replace("Secretariat", "Secretary"),
                    name.replace("Commission", "Commissioner"),
                    name.to_string(),
                ]
                .iter()
                .map(|v| fold(v.trim_start_matches("the ")))
                .filter(|v| v.split(' ').count() >= 2 && role.contains(v.as_str()))
                .map(|v| v.len())
                .max()
                .map(|len| (o, len))
            })
            .max_by_key(|&(_, len)| len)
            .map(|(o, _)| o);
        // "Minister of State for Electronics and IT" signs for the "Ministry of Electronics and
        // IT": the areas after "for"/"of" are the same.
        let titled = titled.or_else(|| {
            let area = |text: &str| {
                let t = fold(text);
                [" for ", " of "]
                    .iter()
                    .filter_map(|m| t.rfind(m).map(|i| t[i + m.len()..].to_string()))
                    .min_by_key(String::len)
            };
            let role_area = area(&role)?;
            party_ids.iter().copied().find(|&o| {
                let name = &orgs.list[o].name;
                name.starts_with("Ministry")
                    && area(name).is_some_and(|a| a.split(' ').count() >= 2 && a == role_area)
            })
        });
        if let Some(o) = titled {
            signer.org = Some(o);
            signer.country = orgs.list[o].country;
        }
    }
    // A bare "Minister" signed for the one ministry among the parties that no one else signed for.
    let claimed: Vec<usize> = signers.iter().filter_map(|s| s.org).collect();
    let mut ministries = party_ids
        .iter()
        .copied()
        .filter(|&o| orgs.list[o].name.starts_with("Ministry") && !claimed.contains(&o));
    // A country signing through its government (no agency named) may be the minister's side.
    let every_country_has_its_body = draft
        .countries
        .iter()
        .all(|&c| party_ids.iter().any(|&o| orgs.list[o].country == Some(c)));
    if let (Some(ministry), None, true) = (
        ministries.next(),
        ministries.next(),
        every_country_has_its_body,
    ) {
        let mut bare = signers.iter_mut().filter(|s| {
            s.org.is_none() && s.role.as_deref().is_some_and(|r| fold(r) == "minister")
        });
        if let (Some(signer), None) = (bare.next(), bare.next()) {
            signer.org = Some(ministry);
            signer.country = orgs.list[ministry].country;
        }
    }
    // An informal local name ("Korea's Interior Ministry") beside the known organisation of the
    // same country is the same body: keep the known one.
    let known_countries: Vec<Option<usize>> = party_ids
        .iter()
        .filter(|&&o| orgs.list[o].reference.is_some())
        .map(|&o| orgs.list[o].country)
        .collect();
    party_ids.retain(|&o| {
        let org = &orgs.list[o];
        !(org.reference.is_none()
            && org.aliases.is_empty()
            && org.country.is_some()
            && known_countries.contains(&org.country))
    });
    // Two governments can sign with no agency named ("The UAE Government and Estonia signed ...").
    if party_ids.is_empty() && draft.countries.len() < 2 {
        return None;
    }

    let mut parties: Vec<Party> = party_ids.iter().map(|&o| orgs.list[o].to_party()).collect();
    // "Pakistan, Azerbaijan ink MoU": a body whose country the text never gives and the one
    // country named as a party without a body of its own are the same side.
    let uncovered: Vec<usize> = draft
        .countries
        .iter()
        .copied()
        .filter(|&c| {
            !parties
                .iter()
                .any(|p| p.country_code.as_deref() == Some(r.countries[c].code.as_str()))
        })
        .collect();
    // (Known bodies without a country are international: Smart Africa stays nobody's.)
    let stateless: Vec<usize> = (0..parties.len())
        .filter(|&i| {
            parties[i].country_code.is_none() && orgs.list[party_ids[i]].reference.is_none()
        })
        .collect();
    if let ([c], [i]) = (uncovered.as_slice(), stateless.as_slice()) {
        let country = &r.countries[*c];
        parties[*i].country_code = Some(country.code.clone());
        parties[*i].country = Some(country.name.clone());
    }
    // A country named as a party with no organisation of its own: its government.
    for &c in &draft.countries {
        if !parties
            .iter()
            .any(|p| p.country_code.as_deref() == Some(r.countries[c].code.as_str()))
        {
            let country = &r.countries[c];
            parties.push(Party {
                name: government_of(&country.name),
                aliases: Vec::new(),
                country_code: Some(country.code.clone()),
                country: Some(country.name.clone()),
            });
        }
    }
    if parties.len() < 2 && signers.is_empty() {
        // One organisation and no one signing: too little to call it an agreement.
        return None;
    }

    let signatories: Vec<Signatory> = signers
        .iter()
        .map(|s| {
            let party = s
                .org
                .filter(|o| party_ids.contains(o))
                .map(|o| orgs.list[o].name.clone())
                .or_else(|| {
                    let code = s.country.map(|c| r.countries[c].code.clone());
                    parties
                        .iter()
                        .find(|p| code.is_some() && p.country_code == code)
                        .map(|p| p.name.clone())
                });
            evidence.push(Evidence {
                field: "signatory",
                value: s.name.clone(),
                sentence: sentence_of(s.sentence),
            });
            Signatory {
                name: s.name.clone(),
                role: s.role.as_deref().map(|r| without_party_prefix(r, &parties)),
                party,
            }
        })
        .collect();
    // With two parties and one signatory unplaced, the other party is theirs.
    let signatories = place_remaining(signatories, &parties);

    // Date and place from the signing sentences: the most precise date wins.
    let mut date: Option<PartialDate> = None;
    let mut month_hint = None;
    let mut announced_on: Option<(PartialDate, usize)> = None;
    let mut place: Option<String> = None;
    let mut headline_place: Option<(String, usize)> = None;
    let mut duration: Option<(String, u32)> = None;
    for &i in draft.sentences.iter().chain(draft.details.iter()) {
        let is_detail = draft.details.contains(&i);
        if is_detail && date.is_some() && place.is_some() {
            break;
        }
        let s = &analysed[i].sentence.text;
        let dates = analysed[i].dates();
        for (k, d) in dates.iter().cloned().enumerate() {
            // "..., the agency said on Tuesday": the day something was said, not signed.
            if REPORTED_ON.is_match(&s[..d.start]) || bounds_a_period(s, dates, k) {
                continue;
            }
            // "Today we are pleased to announce that ... signed": the day of the announcement,
            // which a date the signing sentence itself gives ("signed ... yesterday") beats.
            if d.relative && ANNOUNCED_TODAY.is_match(&s[d.start..]) {
                if let Some(found) = d.date {
                    announced_on.get_or_insert((found, i));
                }
                continue;
            }
            match d.date {
                Some(found) if better(found, date) => {
                    date = Some(found);
                    evidence.push(Evidence {
                        field: "date",
                        value: found.to_string(),
                        sentence: sentence_of(i),
                    });
                }
                None if d.month_only.is_some() => month_hint = d.month_only,
                _ => {}
            }
        }
        // A headline's "in X" is often what the agreement is for ("to advance digital government
        // in X"): the body's place comes first.
        if place.is_none() && analysed[i].sentence.paragraph == TITLE_PARAGRAPH {
            if headline_place.is_none() {
                headline_place =
                    place_in(s, &analysed[i].spans, &analysed[i].people).map(|p| (p, i));
            }
        } else if place.is_none() {
            if let Some(p) = place_in(s, &analysed[i].spans, &analysed[i].people) {
                evidence.push(Evidence {
                    field: "place",
                    value: p.clone(),
                    sentence: sentence_of(i),
                });
                place = Some(p);
            }
        }
    }
    if place.is_none() {
        if let Some((p, i)) = headline_place {
            evidence.push(Evidence {
                field: "place",
                value: p.clone(),
                sentence: sentence_of(i),
            });
            place = Some(p);
        }
    }
    // "inked a Memorandum of Understanding here on Wednesday": here is the dateline's city.
    if place.is_none() {
        static HERE: LazyLock<Pattern> = LazyLock::new(|| {
            Pattern::new(r"\b(?:signed|inked|exchanged)\b[^.;]{0,80}\bhere\b")
                .expect("here pattern")
        });
        if let Some((city, i)) = dateline_city.zip(
            draft
                .sentences
                .iter()
                .find(|&&i| HERE.is_match(&analysed[i].sentence.text)),
        ) {
            evidence.push(Evidence {
                field: "place",
                value: city.to_string(),
                sentence: sentence_of(*i),
            });
            place = Some(city.to_string());
        }
    }
    // "signed ... during an official visit to Valletta": a visit to a known city is where.
    if place.is_none() {
        static VISIT_TO: LazyLock<Pattern> = LazyLock::new(|| {
            Pattern::new(r"\b(?:signed|inked|exchanged)\b[^.;]{0,160}?\bduring\s+(?:an?|the|his|her|their|a\s+\w+)\s+(?:(?:official|state|working|two-day|three-day|bilateral)\s+)*visit\s+to\s+(?P<city>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,2})")
                .expect("visit-to pattern")
        });
        let visited = draft.sentences.iter().find_map(|&i| {
            let c = VISIT_TO.captures(&analysed[i].sentence.text)?;
            let city = c.name("city")?.as_str();
            r.city_named(city).map(|_| (city.to_string(), i))
        });
        if let Some((city, i)) = visited {
            fill_signed(
                &mut date,
                &mut place,
                (None, Some(city)),
                sentence_of(i),
                &mut evidence,
            );
        }
    }
    // "The ministers met in Freetown on 3 May. At the meeting, the two sides signed ...": the
    // day and place of the meeting told just before are the signing's.
    if date.is_none() || place.is_none() {
        static AT_THE_MEETING: LazyLock<Pattern> = LazyLock::new(|| {
            Pattern::new(r"(?i)^\W*(?:at|during|on\s+the\s+sidelines\s+of|in\s+the\s+course\s+of)\s+(?:the|this|that)\s+(?:meeting|talks|visit|session|forum|event|ceremony|summit|conference)\b")
                .expect("at-the-meeting pattern")
        });
        let before = draft.sentences.iter().find_map(|&i| {
            let here = &analysed[i].sentence;
            let prev = analysed.get(i.checked_sub(1)?)?;
            (prev.sentence.paragraph == here.paragraph && AT_THE_MEETING.is_match(&here.text))
                .then_some(i - 1)
        });
        if let Some(i) = before {
            let a = &analysed[i];
            let dates = a.dates();
            let day = date
                .is_none()
                .then(|| {
                    dates
                        .iter()
                        .enumerate()
                        .filter(|(k, d)| {
                            !d.relative && !bounds_a_period(&a.sentence.text, dates, *k)
                        })
                        .find_map(|(_, d)| d.date)
                })
                .flatten();
            let at = place
                .is_none()
                .then(|| place_in(&a.sentence.text, &a.spans, &a.people))
                .flatten();
            fill_signed(
                &mut date,
                &mut place,
                (day, at),
                sentence_of(i),
                &mut evidence,
            );
        }
    }
    // A speech given at the signing ("Remarks by the Minister at the signing ceremony of the
    // X Agreement") under its occasion line ("Ruritania Conference Centre, Thursday, 24th July
    // 2025"): the line says where and when.
    if date.is_none() || place.is_none() {
        static AT_THE_SIGNING: LazyLock<Pattern> = LazyLock::new(|| {
            Pattern::new(r"(?i)\bat\s+the\s+(?:signing|signature)\s+(?:ceremony\s+)?(?:of|for)\b")
                .expect("at-the-signing pattern")
        });
        let at_signing = analysed.iter().any(|a| {
            a.sentence.paragraph == TITLE_PARAGRAPH && AT_THE_SIGNING.is_match(&a.sentence.text)
        });
        let occasion = || {
            analysed
                .iter()
                .enumerate()
                .filter(|(_, a)| a.sentence.paragraph != TITLE_PARAGRAPH)
                .take(4)
                .find_map(|(i, a)| occasion_line(&a.sentence.text, a.dates()).map(|o| (o, i)))
        };
        if let Some(((at, day), i)) = at_signing.then(occasion).flatten() {
            fill_signed(
                &mut date,
                &mut place,
                (Some(day), Some(at)),
                sentence_of(i),
                &mut evidence,
            );
        }
    }
    if date.is_none() {
        if let Some((found, i)) = announced_on {
            date = Some(found);
            evidence.push(Evidence {
                field: "date",
                value: found.to_string(),
                sentence: sentence_of(i),
            });
        }
    }
    // The duration is often in a sentence of its own about the agreement.
    let own = |a: &Analysed| {
        draft
            .own_paragraphs
            .as_ref()
            .is_none_or(|own| own.contains(&a.sentence.paragraph))
    };
    // ("Both MoUs remain in force for three years": a term given in the plural is each one's.)
    let own_or_all = |a: &Analysed| own(a) || names_only_plural_kinds(a);
    for (i, a) in analysed.iter().enumerate().filter(|(_, a)| own_or_all(a)) {
        let s = &a.sentence.text;
        // "It will be in force for three years." right after the agreement is about it too.
        let about_agreement = !a.kinds.is_empty()
            || s.to_lowercase().contains("partnership")
            || opens_with_any(
                s,
                &[
                    "It will ",
                    "It is ",
                    "It shall ",
                    "It runs ",
                    "It remains ",
                    "It took effect",
                    "It takes effect",
                ],
            )
            // "It covers cloud and open data, and runs for three years."
            || (opens_with_any(s, &["It "])
                && ["runs for", "run for", "lasts for", "valid for", "in force for"]
                    .iter()
                    .any(|term| s.contains(term)));
        // "It entered into force on signature, for four years": this one, not an earlier one
        // that "entered into force in 2019".
        let in_force_now = opens_with_any(
            s,
            &[
                "It entered into force",
                "It enters into force",
                "It came into force",
                "It comes into force",
            ],
        );
        if duration.is_none()
            && (in_force_now || (about_agreement && !EARLIER_QUALIFIED.is_match(s)))
        {
            if let Some(d) = duration_in(s) {
                evidence.push(Evidence {
                    field: "duration",
                    value: d.0.clone(),
                    sentence: sentence_of(i),
                });
                duration = Some(d);
            }
        }
    }
    let mut expires = match (&date, &duration) {
        (Some(d), Some((_, months))) => Some(d.plus_months(*months)),
        _ => None,
    };
    // Without a duration, the text may give the end itself ("valid until 31 December 2027").
    if duration.is_none() {
        for (i, a) in analysed.iter().enumerate().filter(|(_, a)| own(a)) {
            let s = &a.sentence.text;
            let about_agreement = !a.kinds.is_empty()
                || opens_with_any(s, &["It ", "The agreement ", "The memorandum ", "The MoU "]);
            if !about_agreement || EARLIER_QUALIFIED.is_match(s) {
                continue;
            }
            // An end before the signing is another agreement's, or a misreading.
            let Some(end) = end_date_in(s).filter(|end| date.is_none_or(|d| ends_after(end, &d)))
            else {
                continue;
            };
            evidence.push(Evidence {
                field: "expires",
                value: end.to_string(),
                sentence: sentence_of(i),
            });
            expires = Some(end);
            break;
        }
    }

    let kind_idx = draft.kind.unwrap_or_else(generic_kind);
    let kind = r
        .kinds
        .get(kind_idx)
        .map_or_else(|| "Agreement".to_string(), |k| k.name.clone());
    let title = agreement_title(&kind, &parties);
    for &i in &draft.sentences {
        evidence.push(Evidence {
            field: "signed",
            value: title.clone(),
            sentence: sentence_of(i),
        });
    }
    // "On the same occasion, A and B signed a letter of intent": the day and place of the
    // signing told just before, where its own sentences give none.
    let same_occasion = draft
        .sentences
        .iter()
        .copied()
        .find(|&i| SAME_OCCASION.is_match(&analysed[i].sentence.text));
    if let Some((occasion, i)) = signing_before.zip(same_occasion) {
        let found = (occasion.date, occasion.place.clone());
        if fill_signed(&mut date, &mut place, found, sentence_of(i), &mut evidence) {
            if let (None, Some(day), Some((_, months))) = (expires, date, &duration) {
                expires = Some(day.plus_months(*months));
            }
        }
    }
    let is_new = draft.sentences.iter().any(|&i| analysed[i].new_marker());
    Some(Agreement {
        kind,
        title,
        parties,
        signatories,
        signed: Signed { date, place },
        duration: duration.map(|d| d.0),
        expires,
        topics: topics.to_vec(),
        month_hint: date.is_none().then_some(month_hint).flatten(),
        is_new,
        evidence,
    })
}

/// Whether the sentence, past any list marker, opens with one of `openings`.
fn opens_with_any(s: &str, openings: &[&str]) -> bool {
    let s = s.trim_start_matches(['*', '-', '•', ' ']);
    openings.iter().any(|o| s.starts_with(o))
}

/// Whether `end`, however precise, can fall after `start`.
fn ends_after(end: &PartialDate, start: &PartialDate) -> bool {
    let last = (end.year, end.month.unwrap_or(12), end.day.unwrap_or(31));
    let first = (start.year, start.month.unwrap_or(1), start.day.unwrap_or(1));
    last > first
}

static REPORTED_ON: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"(?i)\b(?:said|says|announced|stated|reported|confirmed|told\s+\w+)\s*(?:on\s+)?$",
    )
    .expect("reported-on pattern")
});

/// "today[,] we are delighted to announce", "Today, the Minister announced that": a relative
/// date that dates the announcement.
static ANNOUNCED_TODAY: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"(?i)^today\b[^.;]{0,80}?\b(?:announc\w*|(?:delighted|pleased|proud|happy|excited)\s+to)\b")
        .expect("announced today pattern")
});

fn better(found: PartialDate, current: Option<PartialDate>) -> bool {
    let rank = |d: &PartialDate| match d.precision() {
        Precision::Day => 3,
        Precision::Month => 2,
        Precision::Year => 1,
    };
    current.is_none_or(|c| rank(&found) > rank(&c))
}

/// "Government of the United Kingdom", "Government of Estonia": plural and compound country
/// names take the article in English.
fn government_of(country: &str) -> String {
    // A union of states signs as itself: "European Union", not its "Government".
    if country.ends_with(" Union") {
        return country.to_string();
    }
    let first = country.split_whitespace().next().unwrap_or("");
    let last = country.split_whitespace().last().unwrap_or("");
    let takes_the = matches!(
        first,
        "United" | "Republic" | "Kingdom" | "Federated" | "State"
    ) || matches!(
        last,
        "Islands"
            | "Netherlands"
            | "Philippines"
            | "Bahamas"
            | "Maldives"
            | "Seychelles"
            | "Comoros"
            | "Gambia"
            | "Emirates"
            | "States"
    );
    if takes_the && !country.starts_with("the ") {
        format!("Government of the {country}")
    } else {
        format!("Government of {country}")
    }
}

/// "DTA Chief Executive Officer" → "Chief Executive Officer": the party is said separately.
fn without_party_prefix(role: &str, parties: &[Party]) -> String {
    let names = || {
        parties
            .iter()
            .flat_map(|p| std::iter::once(&p.name).chain(p.aliases.iter()))
    };
    // "Director General of ADDA", "Secretary, DARPG": the body is shown beside the role.
    for name in names() {
        for joint in [" of the ", " of ", ", the ", ", ", " at the ", " at "] {
            if let Some(head) = role
                .strip_suffix(name.as_str())
                .and_then(|r| r.strip_suffix(joint))
            {
                if !words(head).is_empty() && !head.ends_with(" of") {
                    return head.to_string();
                }
            }
        }
    }
    for name in names() {
        if let Some(rest) = role.strip_prefix(name.as_str()).and_then(|r| {
            r.strip_prefix("’s ")
                .or_else(|| r.strip_prefix("'s "))
                .or_else(|| r.strip_prefix(' '))
        }) {
            if rest.chars().next().is_some_and(char::is_alphabetic) && !rest.starts_with("of ") {
                return rest.to_string();
            }
        }
    }
    role.to_string()
}

fn place_remaining(mut signatories: Vec<Signatory>, parties: &[Party]) -> Vec<Signatory> {
    // "signed by A and B" (or "A, B and C") for parties named in that order, with nothing else
    // to go by: releases list signatories in the order of the parties they signed for.
    if parties.len() >= 2
        && signatories.len() == parties.len()
        && signatories.iter().all(|s| s.party.is_none())
    {
        for (s, p) in signatories.iter_mut().zip(parties) {
            s.party = Some(p.name.clone());
        }
        return signatories;
    }
    if parties.len() == 2 && signatories.len() == 2 {
        let placed: Vec<Option<String>> = signatories.iter().map(|s| s.party.clone()).collect();
        if let [Some(a), None] | [None, Some(a)] = placed.as_slice() {
            let other = parties
                .iter()
                .find(|p| &p.name != a)
                .map(|p| p.name.clone());
            if let Some(s) = signatories.iter_mut().find(|s| s.party.is_none()) {
                s.party = other;
            }
        }
    }
    signatories
}

/// A role as a reader wants it: "South Korea's Minister of X (MOX)" → "Minister of X".
fn tidy_role(role: &str) -> String {
    static ACRONYM: LazyLock<Pattern> = LazyLock::new(|| {
        Pattern::new(r"\s*\([A-Za-z&.]{1,12}\)?\s*$").expect("role acronym pattern")
    });
    let mut role = role.trim().trim_end_matches([',', '.', ';']).to_string();
    role = ACRONYM.replace(&role, "").into_owned();
    // "Three years into her term as Director of X": the title is what follows "as".
    if let Some(at) = role.rfind(" as ") {
        let title = &role[at + 4..];
        if title.starts_with(char::is_uppercase)
            && role[..at]
                .split(' ')
                .any(|w| w.starts_with(char::is_lowercase))
        {
            role = title.to_string();
        }
    }
    // "Minister of ICT and Innovation, Rwanda": the country says whose, not what role.
    if let Some((head, tail)) = role.rsplit_once(", ") {
        if reference().country_named(tail.trim()).is_some() && !head.is_empty() {
            role = head.to_string();
        }
    }
    // "President of Ruritania's Digital Office": the country says whose office, not what role.
    for apostrophe in ["'s ", "’s "] {
        if let Some(at) = role.find(apostrophe) {
            if let Some(of) = role[..at].rfind(" of ") {
                if reference().country_named(&role[of + 4..at]).is_some() {
                    role = format!("{} of the {}", &role[..of], &role[at + apostrophe.len()..]);
                }
            }
        }
    }
    // A leading country possessive or demonym says whose official, not what role.
    if let Some((first, rest)) = role.split_once(' ') {
        let bare = first.trim_end_matches("’s").trim_end_matches("'s");
        if reference().country_named(bare).is_some()
            && rest.chars().next().is_some_and(char::is_alphabetic)
        {
            role = rest.to_string();
        }
    }
    // "South Korea's", "Solomon Islands'": two-word country names.
    for c in &reference().countries {
        for possessive in ["'s ", "’s ", "' ", "’ "] {
            if let Some(rest) = role
                .strip_prefix(c.name.as_str())
                .and_then(|r| r.strip_prefix(possessive))
            {
                role = rest.to_string();
            }
        }
    }
    role.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The place of signing: after the signing verb first ("signed ... in Tallinn"), else before it
/// ("At a ceremony in Kyiv, ... signed"), never in a clause about an earlier agreement.
fn place_in(s: &str, spans: &[Span], people: &[PersonMention]) -> Option<String> {
    let sign_at = SIGN_VERB.find(s).map_or(0, |m| m.start());
    // "... extending the MoU that the two sides first signed in Lisbon": an earlier signing's.
    static FIRST_SIGNED: LazyLock<Pattern> = LazyLock::new(|| {
        Pattern::new(r"(?i)\b(?:first|originally|initially|previously)\s+signed\b")
            .expect("first-signed pattern")
    });
    let earlier_at = EARLIER
        .find(s)
        .into_iter()
        .chain(FIRST_SIGNED.find(s))
        .map(|m| m.start())
        .min()
        .unwrap_or(s.len());
    // "Resident Representative in Rwanda": a place inside someone's role is not where they signed.
    let in_role = |at: usize| {
        people
            .iter()
            .filter_map(|p| p.role_span)
            .any(|(a, b)| a <= at && at < b)
    };
    place_between(s, spans, &in_role, sign_at, earlier_at.max(sign_at))
        .or_else(|| place_between(s, spans, &in_role, 0, sign_at.min(earlier_at)))
}

fn place_between(
    s: &str,
    spans: &[Span],
    in_role: &dyn Fn(usize) -> bool,
    lo: usize,
    hi: usize,
) -> Option<String> {
    let r = reference();
    let mut venue: Option<String> = None;
    let mut unknown: Option<String> = None;
    for c in PLACE.captures_iter(s) {
        let m = c.get(1).expect("group 1");
        if m.start() < lo || m.start() >= hi || in_role(m.start()) {
            continue;
        }
        // "the Ambassador of the Tunisian Republic in Algeria": an envoy's post, not a place.
        let clause = &s[s[..m.start()].rfind([',', ';']).map_or(0, |i| i + 1)..m.start()];
        if ENVOY.is_match(clause) {
            continue;
        }
        let mut text = m.as_str().trim_end_matches([',', '.']).to_string();
        // "in Algiers, Mr. Jane Roe": the name after the place is a person's.
        if let Some(i) = text.find(", ") {
            let next = text[i + 2..].split_whitespace().next().unwrap_or_default();
            if is_honorific(next) {
                text.truncate(i);
            }
        }
        let first_word = words(&text)
            .first()
            .map(|w| w.text.to_lowercase())
            .unwrap_or_default();
        if first_word.parse::<u32>().is_err()
            && (super::dates::month_number(&first_word).is_some() || is_day_name(&first_word))
        {
            continue;
        }
        // "in Field of ICT", "in Support of ...": a headline's capitals, not a place.
        if NOT_PLACE_HEADS.contains(&first_word.as_str()) {
            continue;
        }
        // Cut a trailing date or year that the pattern swallowed.
        if let Some(i) = text.find(|c: char| c.is_ascii_digit()).filter(|&i| i > 0) {
            let tail = &text[i..];
            if tail.len() == 4 && tail.parse::<u32>().is_ok() {
                text = text[..i].trim_end_matches([',', ' ']).to_string();
            }
        }
        // "in Paris on Monday", "in Riga on June 2": the date that follows is not the place.
        if let Some(i) = text.find(" on ") {
            let next = words(&text[i + 4..])
                .first()
                .map(|w| w.text.to_lowercase())
                .unwrap_or_default();
            if is_day_name(&next) || super::dates::month_number(&next).is_some() {
                text.truncate(i);
            }
        }
        // ("the Office of the President in Tallinn", read as one name: a known city at its end
        // is still where.)
        let known_city = || r.city_in(&text).is_some();
        let is_org = spans.iter().any(|sp| {
            matches!(sp.thing, Thing::Org(_))
                && sp.start <= m.start() + 4
                && m.start() < sp.end
                && !(sp.start + 4 < m.start() && known_city())
        });
        let lower = text.to_lowercase();
        let is_venue = words(&lower).iter().any(|w| VENUE_WORDS.contains(&w.text));
        // "The Hague" is a city, not a venue introduced by "the"; so is "the New
        // Administrative Capital".
        let is_country = r.country_named(&text).is_some()
            || (text.split_whitespace().count() <= 3
                && r.city_in(&text).is_some()
                && text.starts_with("The "))
            || text
                .strip_prefix("the ")
                .is_some_and(|city| r.city_named(city).is_some());
        if kinds_in(&text).iter().any(|&(a, _, _)| a == 0) || lower.starts_with("the presence") {
            continue;
        }
        if is_org && !is_venue {
            continue;
        }
        let starts_with_the = lower.starts_with("the ");
        if starts_with_the && !is_venue && !is_country {
            continue;
        }
        if text.split_whitespace().count() > 8 {
            continue;
        }
        let text = text.strip_prefix("the ").unwrap_or(&text).to_string();
        // After a place we do not know, only a known city says better where.
        if unknown.is_some() {
            if !is_country && known_city() {
                return Some(text);
            }
            continue;
        }
        match &venue {
            // "at the Office of the President in Tallinn": an office is a body, not a building;
            // the city says where.
            Some(v) if v.starts_with("Office of ") && !is_venue => return Some(text),
            // "at the Istana in Singapore": venue, city.
            Some(v) if is_venue_text(v) && !is_venue => return Some(format!("{v}, {text}")),
            Some(v) => return Some(v.clone()),
            None if is_venue => venue = Some(text),
            // "at Ruritania Tech Week in Freetown": an event, or a place we do not know, before a
            // known city; the city says where.
            None if !is_country && !known_city() => {
                unknown.get_or_insert(text);
            }
            None => return Some(text),
        }
    }
    venue.or(unknown)
}

/// An envoy's title: the place after it is where the envoy serves.
static ENVOY: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"(?i)\b(?:ambassador|high\s+commissioner|charg[ée]\s+d'affaires|consul(?:\s+general)?|resident\s+representative|resident\s+coordinator)\b[^.]*$")
        .expect("envoy pattern")
});

/// Nouns that follow "in"/"at" in title-case headlines without naming a place.
const NOT_PLACE_HEADS: &[&str] = &[
    "field",
    "fields",
    "area",
    "areas",
    "sphere",
    "spheres",
    "domain",
    "domains",
    "sector",
    "sectors",
    "support",
    "line",
    "accordance",
    "pursuit",
    "recognition",
    "terms",
    "respect",
    "order",
    "bid",
    "move",
    "push",
    "effort",
    "efforts",
    "step",
    "boost",
    "favour",
    "favor",
];

fn is_venue_text(text: &str) -> bool {
    words(&text.to_lowercase())
        .iter()
        .any(|w| VENUE_WORDS.contains(&w.text))
        && !text.contains(',')
}

/// Fills the day and place a signing's own sentences left empty with those `sentence` gives,
/// each with its evidence. Whether it filled the day.
fn fill_signed(
    date: &mut Option<PartialDate>,
    place: &mut Option<String>,
    (day, at): (Option<PartialDate>, Option<String>),
    sentence: Arc<str>,
    evidence: &mut Vec<Evidence>,
) -> bool {
    let day = day.filter(|_| date.is_none());
    if let Some(day) = day {
        evidence.push(Evidence {
            field: "date",
            value: day.to_string(),
            sentence: sentence.clone(),
        });
        *date = Some(day);
    }
    if let Some(at) = at.filter(|_| place.is_none()) {
        evidence.push(Evidence {
            field: "place",
            value: at.clone(),
            sentence,
        });
        *place = Some(at);
    }
    day.is_some()
}

/// A line that gives only a place and a day, "Ruritania Conference Centre, Thursday, 24th July
/// 2025", as speeches have under their heading.
fn occasion_line(line: &str, dates: &[DateMention]) -> Option<(String, PartialDate)> {
    let (at, rest) = line.split_once(", ")?;
    if !at.starts_with(char::is_uppercase) || at.contains(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let rest = rest.trim_end_matches('.');
    let rest_at = at.len() + 2;
    let day = dates.iter().filter(|d| d.start >= rest_at).find(|d| {
        let before = line[rest_at..d.start].trim_end_matches([',', ' ']);
        (before.is_empty() || is_day_name(&before.to_lowercase())) && d.end >= rest_at + rest.len()
    })?;
    Some((at.to_string(), day.date?))
}

fn is_day_name(w: &str) -> bool {
    matches!(
        w,
        "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday"
    )
}

fn agreement_title(kind: &str, parties: &[Party]) -> String {
    let names: Vec<&str> = parties.iter().map(|p| p.name.as_str()).collect();
    match names.as_slice() {
        [] => kind.to_string(),
        [one] => format!("{kind} signed by {one}"),
        [rest @ .., last] => format!("{kind} between {} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_occasion_line_gives_a_place_and_a_day() {
        let at = |line: &str| {
            occasion_line(line, &find_dates(line, None)).map(|(p, d)| (p, d.to_string()))
        };
        assert_eq!(
            at("Ruritania Conference Centre, Thursday, 24th July 2025"),
            Some((
                "Ruritania Conference Centre".to_string(),
                "2025-07-24".to_string()
            ))
        );
        assert_eq!(
            at("Freetown, 3 March 2024"),
            Some(("Freetown".to_string(), "2024-03-03".to_string()))
        );
        // A sentence that merely starts with a place and has a date later is not one.
        assert_eq!(at("In Freetown, the ministers met on 3 March 2024"), None);
        assert_eq!(at("Freetown, the capital, hosted the talks"), None);
        assert_eq!(at("May Hall, Thursday"), None);
    }

    #[test]
    fn topics_are_what_the_agreement_covers_not_names_of_bodies_or_of_another_agreement() {
        let text = "Ruritania and Freedonia sign MoU on cloud services\n\n\
            The Ruritania Agency for Artificial Intelligence and the Freedonia Cyber Security \
            Centre signed a Memorandum of Understanding on cloud services in Freetown on \
            3 March 2024.\n\n\
            The two agencies will sign a separate agreement on digital payments next year.\n";
        let ex = crate::extract::extract("invented.txt", text.as_bytes()).expect("extracts");
        let topics: Vec<&str> = ex.agreements[0].topics.iter().map(String::as_str).collect();
        assert_eq!(topics, ["cloud"]);
    }

    #[test]
    fn witnesses_run_from_in_the_presence_of_to_the_end_when_someone_is_named() {
        let s = "It was signed in the presence of the Minister for Procurement, Ms Jane Roe.";
        let roe = |s: &str| PersonMention {
            name: "Jane Roe".to_string(),
            start: s.find("Ms Jane").expect("named"),
            end: s.len() - 1,
            role: None,
            role_span: None,
        };
        let from = s.find("in the presence").expect("presence");
        assert_eq!(witnesses(s, &[roe(s)]), Some((from, s.len())));
        let s2 = "The signing was witnessed by Ms Jane Roe.";
        let from2 = s2.find("witnessed").expect("witnessed");
        assert_eq!(witnesses(s2, &[roe(s2)]), Some((from2, s2.len())));
        // No one named after it: "in the presence of the press" is not a witness's role.
        assert_eq!(
            witnesses("It was signed in the presence of the press.", &[]),
            None
        );
    }

    #[test]
    fn with_several_agreements_each_takes_topics_by_the_same_rules() {
        let text = "Ruritania signs two agreements with Freedonia\n\n\
            The Ruritania Agency for Artificial Intelligence and the Freedonia Digital Agency \
            signed a Memorandum of Understanding on cloud services in Freetown on \
            3 March 2024.\n\n\
            The Ruritania Ministry of Finance and the Freedonia Ministry of Finance signed a \
            Cooperation Agreement on digital payments in Freetown on 3 March 2024.\n";
        let ex = crate::extract::extract("invented.txt", text.as_bytes()).expect("extracts");
        let topics: Vec<Vec<&str>> = ex
            .agreements
            .iter()
            .map(|a| a.topics.iter().map(String::as_str).collect())
            .collect();
        assert_eq!(topics, [vec!["cloud"], vec!["digital payments"]]);
    }

    #[test]
    fn what_an_agreement_is_said_not_to_cover_is_not_its_topic() {
        let text = "Ruritania and Freedonia sign MoU on cloud services\n\n\
            The Ruritania Digital Agency and the Freedonia Digital Agency signed a Memorandum of \
            Understanding on cloud services in Freetown on 3 March 2024.\n\n\
            Does the memorandum cover digital identity?\n\n\
            No. Work on digital payments is not part of the memorandum.\n";
        let ex = crate::extract::extract("invented.txt", text.as_bytes()).expect("extracts");
        let topics: Vec<&str> = ex.agreements[0].topics.iter().map(String::as_str).collect();
        assert_eq!(topics, ["cloud"]);
    }
}
