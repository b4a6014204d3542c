use std::collections::HashMap;

use sqlx::{FromRow, QueryBuilder, Sqlite, SqlitePool, Transaction};

use super::Result;

#[derive(Debug, Clone, FromRow)]
pub struct AgreementRow {
    pub id: i64,
    pub slug: String,
    pub identity: String,
    pub kind: String,
    pub title: String,
    pub signed_date: Option<String>,
    pub signed_place: Option<String>,
    pub duration: Option<String>,
    pub expires: Option<String>,
    pub renews_id: Option<i64>,
}

pub struct NewAgreement<'a> {
    /// Given by the importer, so links to the agreement need no query for it.
    pub id: i64,
    pub slug: &'a str,
    pub identity: &'a str,
    pub kind: &'a str,
    pub title: &'a str,
    pub signed_date: Option<String>,
    pub signed_place: Option<&'a str>,
    pub duration: Option<&'a str>,
    pub expires: Option<String>,
}

pub async fn insert_many(
    tx: &mut Transaction<'_, Sqlite>,
    rows: &[NewAgreement<'_>],
) -> Result<()> {
    super::insert_rows(
        tx,
        "INSERT INTO agreements (id, slug, identity, kind, title, signed_date, signed_place, duration, expires) ",
        9,
        rows,
        |row, a| {
            row.push_bind(a.id)
                .push_bind(a.slug)
                .push_bind(a.identity)
                .push_bind(a.kind)
                .push_bind(a.title)
                .push_bind(a.signed_date.as_deref())
                .push_bind(a.signed_place)
                .push_bind(a.duration)
                .push_bind(a.expires.as_deref());
        },
    )
    .await
}

pub async fn set_renews(tx: &mut Transaction<'_, Sqlite>, id: i64, renews: i64) -> Result<()> {
    sqlx::query("UPDATE agreements SET renews_id = ? WHERE id = ?")
        .bind(renews)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Adds (agreement id, party id, position) rows; a party named twice keeps its first position.
pub async fn add_parties(tx: &mut Transaction<'_, Sqlite>, rows: &[(i64, i64, i64)]) -> Result<()> {
    super::insert_rows(
        tx,
        "INSERT OR IGNORE INTO agreement_parties (agreement_id, party_id, position) ",
        3,
        rows,
        |row, (agreement, party, position)| {
            row.push_bind(*agreement)
                .push_bind(*party)
                .push_bind(*position);
        },
    )
    .await
}

/// Who signed an agreement, in what role, for which party.
pub struct NewSignatory<'a> {
    pub agreement: i64,
    pub person: i64,
    pub role: Option<&'a str>,
    pub party: Option<i64>,
    pub position: i64,
}

/// Adds signatories; a person named twice for one agreement keeps the first.
pub async fn add_signatories(
    tx: &mut Transaction<'_, Sqlite>,
    rows: &[NewSignatory<'_>],
) -> Result<()> {
    super::insert_rows(
        tx,
        "INSERT OR IGNORE INTO signatories (agreement_id, person_id, role, party_id, position) ",
        5,
        rows,
        |row, s| {
            row.push_bind(s.agreement)
                .push_bind(s.person)
                .push_bind(s.role)
                .push_bind(s.party)
                .push_bind(s.position);
        },
    )
    .await
}

/// Adds (agreement id, article id) rows; repeats are ignored.
pub async fn add_sources(tx: &mut Transaction<'_, Sqlite>, rows: &[(i64, i64)]) -> Result<()> {
    super::insert_rows(
        tx,
        "INSERT OR IGNORE INTO agreement_sources (agreement_id, article_id) ",
        2,
        rows,
        |row, (agreement, article)| {
            row.push_bind(*agreement).push_bind(*article);
        },
    )
    .await
}

/// Adds (agreement id, topic) rows; repeats are ignored.
pub async fn add_topics(tx: &mut Transaction<'_, Sqlite>, rows: &[(i64, &str)]) -> Result<()> {
    super::insert_rows(
        tx,
        "INSERT OR IGNORE INTO agreement_topics (agreement_id, topic) ",
        2,
        rows,
        |row, (agreement, topic)| {
            row.push_bind(*agreement).push_bind(*topic);
        },
    )
    .await
}

/// A fact's provenance: the sentence of a source article that states it.
pub struct NewEvidence<'a> {
    pub agreement: i64,
    pub article: i64,
    pub field: &'a str,
    pub value: &'a str,
    pub sentence: &'a str,
}

/// Adds evidence rows; their ids follow the order given.
pub async fn add_evidence(
    tx: &mut Transaction<'_, Sqlite>,
    rows: &[NewEvidence<'_>],
) -> Result<()> {
    super::insert_rows(
        tx,
        "INSERT INTO evidence (agreement_id, article_id, field, value, sentence) ",
        5,
        rows,
        |row, e| {
            row.push_bind(e.agreement)
                .push_bind(e.article)
                .push_bind(e.field)
                .push_bind(e.value)
                .push_bind(e.sentence);
        },
    )
    .await
}

/// An agreement an article names without reporting its signing.
pub struct NewMention<'a> {
    pub article: i64,
    pub name: &'a str,
    pub year: Option<i32>,
    pub position: i64,
}

pub async fn add_mentions(tx: &mut Transaction<'_, Sqlite>, rows: &[NewMention<'_>]) -> Result<()> {
    super::insert_rows(
        tx,
        "INSERT INTO mentions (article_id, name, year, position) ",
        4,
        rows,
        |row, m| {
            row.push_bind(m.article)
                .push_bind(m.name)
                .push_bind(m.year)
                .push_bind(m.position);
        },
    )
    .await
}

/// Slugs of the previous generation's agreements, keyed by identity.
pub async fn slugs(pool: &SqlitePool) -> Result<HashMap<String, String>> {
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT identity, slug FROM agreements")
        .fetch_all(pool)
        .await?;
    Ok(rows.into_iter().collect())
}

/// A party of an agreement, as pages and the API show it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PartyRef {
    pub slug: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub country_code: Option<String>,
    pub country: Option<String>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct SignatoryRef {
    pub slug: String,
    pub name: String,
    pub role: Option<String>,
    pub party: Option<String>,
    pub party_slug: Option<String>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct SourceRef {
    pub slug: String,
    pub title: String,
    pub published: Option<String>,
}

/// An agreement with everything about it, assembled from a handful of queries (no N+1).
#[derive(Debug, Clone)]
pub struct AgreementDetail {
    pub row: AgreementRow,
    pub parties: Vec<PartyRef>,
    pub signatories: Vec<SignatoryRef>,
    pub sources: Vec<SourceRef>,
    pub topics: Vec<String>,
    pub renews: Option<String>,
    pub renewed_by: Vec<String>,
}

/// Every agreement in full, newest first (undated last).
pub async fn details(pool: &SqlitePool) -> Result<Vec<AgreementDetail>> {
    assemble(pool, None).await
}

/// The order of a list of agreements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ListOrder {
    /// Date signed, newest first, undated last (the store's order).
    #[default]
    Newest,
    /// Date signed, oldest first, undated last.
    Oldest,
    Title,
}

/// A filtered, ordered slice of the agreements: what the list page and the CSV ask for. Filters
/// left `None` do not narrow.
#[derive(Debug, Clone, Default)]
pub struct ListQuery<'a> {
    /// A party's country (ISO code).
    pub country: Option<&'a str>,
    /// A party's slug.
    pub party: Option<&'a str>,
    /// The year signed ("2019").
    pub year: Option<&'a str>,
    pub kind: Option<&'a str>,
    pub topic: Option<&'a str>,
    pub order: ListOrder,
    /// At most this many (all when `None`), after skipping `offset`.
    pub limit: Option<usize>,
    pub offset: usize,
}

impl ListQuery<'_> {
    /// The filters answered by a table beside the agreements (a party's country, a party, a
    /// topic), each as a subquery of agreement ids and the value it binds.
    fn beside(&self) -> Vec<(&'static str, &str)> {
        let mut filters = Vec::new();
        if let Some(country) = self.country {
            filters.push((
                "SELECT ap.agreement_id FROM agreement_parties ap
                 JOIN parties p ON p.id = ap.party_id WHERE p.country_code = ",
                country,
            ));
        }
        if let Some(party) = self.party {
            filters.push((
                "SELECT ap.agreement_id FROM agreement_parties ap
                 JOIN parties p ON p.id = ap.party_id WHERE p.slug = ",
                party,
            ));
        }
        if let Some(topic) = self.topic {
            filters.push((
                "SELECT agreement_id FROM agreement_topics WHERE topic = ",
                topic,
            ));
        }
        filters
    }

    /// `in_order` has SQLite walk the list's order and test each agreement against the filters
    /// beside it (`+a.id` keeps it from looking agreements up by those filters' ids instead).
    fn push_filters(&self, b: &mut QueryBuilder<'_, Sqlite>, in_order: bool) {
        b.push(" WHERE 1 = 1");
        let id = if in_order { "+a.id" } else { "a.id" };
        for (ids, value) in self.beside() {
            b.push(format!(" AND {id} IN ({ids}"))
                .push_bind(value.to_string())
                .push(")");
        }
        if let Some(year) = self.year {
            b.push(" AND substr(a.signed_date, 1, 4) = ")
                .push_bind(year.to_string());
        }
        if let Some(kind) = self.kind {
            b.push(" AND a.kind = ").push_bind(kind.to_string());
        }
    }
}

/// How many agreements a list's filters let through, and how many there are in all (a
/// generation's ids run from 1 without gaps, so the largest id is that number).
async fn count(pool: &SqlitePool, q: &ListQuery<'_>) -> Result<(usize, usize)> {
    const ALL: &str = "(SELECT max(id) FROM agreements)";
    let beside = q.beside();
    let mut count = if q.year.is_none() && q.kind.is_none() && !beside.is_empty() {
        // Only tables beside the agreements decide: their ids are counted without looking up
        // each agreement (2 ms rather than 9 for a country with 5,000 agreements). An agreement
        // with two parties of one country counts once.
        let mut b = QueryBuilder::new(format!("SELECT COUNT(DISTINCT agreement_id), {ALL} FROM ("));
        for (i, (ids, value)) in beside.into_iter().enumerate() {
            if i > 0 {
                b.push(" INTERSECT ");
            }
            b.push(ids).push_bind(value.to_string());
        }
        b.push(")");
        b
    } else {
        let mut b = QueryBuilder::new(format!("SELECT COUNT(*), {ALL} FROM agreements a"));
        q.push_filters(&mut b, false);
        b
    };
    let (matching, all): (i64, Option<i64>) = count.build_query_as().fetch_one(pool).await?;
    let size = |n: i64| usize::try_from(n).unwrap_or(0);
    Ok((size(matching), size(all.unwrap_or(0))))
}

/// The agreements a list asks for, in full and in its order, and how many match in all. Only
/// the page's agreements are read in full, so a page costs the same at any size of archive.
pub async fn list(pool: &SqlitePool, q: &ListQuery<'_>) -> Result<(usize, Vec<AgreementDetail>)> {
    let (matching, all) = count(pool, q).await?;
    // Walking the list's order finds the page after about (offset + limit) × all / matching
    // agreements; sorting the matches costs about `matching`. Which is cheaper depends on how
    // many match, which SQLite does not know: for a country with 5,000 of 58,000 agreements,
    // the first page takes 3 ms walking against 13 ms sorting, page 101 takes 27 against 16.
    let reach = q
        .limit
        .map_or(matching, |limit| q.offset.saturating_add(limit));
    let in_order = !q.beside().is_empty()
        && (reach as u128) * (all as u128) <= (matching as u128) * (matching as u128);
    // A page past the middle is found from the list's far end, in the reverse order: the last
    // page of 58,000 agreements took 148 ms counted from the front, as the first page takes 4.
    let from_end = match q.limit {
        Some(limit) if q.offset.saturating_add(limit / 2) > matching / 2 => {
            let shown = limit.min(matching.saturating_sub(q.offset));
            Some(FromEnd {
                after: matching.saturating_sub(q.offset).saturating_sub(shown),
                shown,
            })
        }
        _ => None,
    };
    Ok((matching, page_planned(pool, q, in_order, from_end).await?))
}

/// The agreements a list asks for, in full and in its order, without counting the matches.
pub async fn page(pool: &SqlitePool, q: &ListQuery<'_>) -> Result<Vec<AgreementDetail>> {
    page_planned(pool, q, false, None).await
}

/// A page found from the list's far end: SQLite walks the order backwards, skips the matches
/// that follow the page and takes the page's, which then come back reversed.
#[derive(Debug, Clone, Copy)]
struct FromEnd {
    after: usize,
    shown: usize,
}

async fn page_planned(
    pool: &SqlitePool,
    q: &ListQuery<'_>,
    in_order: bool,
    from_end: Option<FromEnd>,
) -> Result<Vec<AgreementDetail>> {
    let mut select = QueryBuilder::new("SELECT a.id FROM agreements a");
    q.push_filters(&mut select, in_order);
    // Ties end in id order, as the indexes keep them, whichever way SQLite finds the page. Each
    // reversed order reverses every term, so SQLite can walk the same index backwards.
    select.push(match (q.order, from_end.is_some()) {
        (ListOrder::Newest, false) => {
            " ORDER BY a.signed_date IS NULL, a.signed_date DESC, a.title, a.id"
        }
        (ListOrder::Newest, true) => {
            " ORDER BY a.signed_date IS NULL DESC, a.signed_date, a.title DESC, a.id DESC"
        }
        (ListOrder::Oldest, false) => {
            " ORDER BY a.signed_date IS NULL, a.signed_date, a.title, a.id"
        }
        (ListOrder::Oldest, true) => {
            " ORDER BY a.signed_date IS NULL DESC, a.signed_date DESC, a.title DESC, a.id DESC"
        }
        (ListOrder::Title, false) => " ORDER BY lower(a.title), a.slug",
        (ListOrder::Title, true) => " ORDER BY lower(a.title) DESC, a.slug DESC",
    });
    let (limit, offset) = match from_end {
        Some(end) => (Some(end.shown), end.after),
        None => (q.limit, q.offset),
    };
    // SQLite reads a negative limit as none.
    let limit = limit.map_or(-1, |n| i64::try_from(n).unwrap_or(i64::MAX));
    select
        .push(" LIMIT ")
        .push_bind(limit)
        .push(" OFFSET ")
        .push_bind(i64::try_from(offset).unwrap_or(i64::MAX));
    let mut ids: Vec<i64> = select.build_query_scalar().fetch_all(pool).await?;
    if from_end.is_some() {
        ids.reverse();
    }

    let mut details = assemble(pool, Some(&ids)).await?;
    let place: HashMap<i64, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    details.sort_by_key(|d| place.get(&d.row.id).copied().unwrap_or(usize::MAX));
    Ok(details)
}

/// The `limit` newest agreements, in full.
pub async fn newest(pool: &SqlitePool, limit: usize) -> Result<Vec<AgreementDetail>> {
    let query = ListQuery {
        limit: Some(limit),
        ..ListQuery::default()
    };
    page(pool, &query).await
}

/// What the filters of the agreements list can be set to, each as (value, label).
#[derive(Debug, Clone, Default)]
pub struct ListChoices {
    pub countries: Vec<(String, String)>,
    pub parties: Vec<(String, String)>,
    pub years: Vec<String>,
    pub kinds: Vec<String>,
    pub topics: Vec<String>,
}

pub async fn list_choices(pool: &SqlitePool) -> Result<ListChoices> {
    Ok(ListChoices {
        countries: sqlx::query_as(
            "SELECT DISTINCT p.country_code, p.country FROM parties p
             WHERE p.country_code IS NOT NULL AND p.country IS NOT NULL
               AND EXISTS (SELECT 1 FROM agreement_parties ap WHERE ap.party_id = p.id)",
        )
        .fetch_all(pool)
        .await?,
        parties: sqlx::query_as(
            "SELECT p.slug, p.name FROM parties p
             WHERE EXISTS (SELECT 1 FROM agreement_parties ap WHERE ap.party_id = p.id)",
        )
        .fetch_all(pool)
        .await?,
        years: sqlx::query_scalar(
            "SELECT DISTINCT substr(signed_date, 1, 4) FROM agreements
             WHERE signed_date IS NOT NULL",
        )
        .fetch_all(pool)
        .await?,
        kinds: sqlx::query_scalar("SELECT DISTINCT kind FROM agreements")
            .fetch_all(pool)
            .await?,
        topics: sqlx::query_scalar("SELECT DISTINCT topic FROM agreement_topics")
            .fetch_all(pool)
            .await?,
    })
}

/// How many agreements were signed in each year (as the stored date begins), and how many have
/// no date.
pub async fn count_by_year(pool: &SqlitePool) -> Result<Vec<(Option<String>, i64)>> {
    Ok(
        sqlx::query_as("SELECT substr(signed_date, 1, 4), COUNT(*) FROM agreements GROUP BY 1")
            .fetch_all(pool)
            .await?,
    )
}

/// The agreements with an expiry date, as (id, expires).
pub async fn expiries(pool: &SqlitePool) -> Result<Vec<(i64, String)>> {
    Ok(
        sqlx::query_as("SELECT id, expires FROM agreements WHERE expires IS NOT NULL")
            .fetch_all(pool)
            .await?,
    )
}

/// The agreements with these ids, in full (in the store's order).
pub async fn details_of(pool: &SqlitePool, ids: &[i64]) -> Result<Vec<AgreementDetail>> {
    assemble(pool, Some(ids)).await
}

/// One agreement in full, by slug.
pub async fn detail(pool: &SqlitePool, slug: &str) -> Result<Option<AgreementDetail>> {
    let id: Option<i64> = sqlx::query_scalar("SELECT id FROM agreements WHERE slug = ?")
        .bind(slug)
        .fetch_optional(pool)
        .await?;
    match id {
        Some(id) => Ok(assemble(pool, Some(&[id])).await?.into_iter().next()),
        None => Ok(None),
    }
}

/// The agreements an article reports, in full.
pub async fn details_for_article(
    pool: &SqlitePool,
    article_id: i64,
) -> Result<Vec<AgreementDetail>> {
    let ids: Vec<i64> =
        sqlx::query_scalar("SELECT agreement_id FROM agreement_sources WHERE article_id = ?")
            .bind(article_id)
            .fetch_all(pool)
            .await?;
    assemble(pool, Some(&ids)).await
}

/// A fact's provenance: the sentence of a source article that states it.
#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct EvidenceRow {
    pub id: i64,
    pub field: String,
    pub value: String,
    pub sentence: String,
    pub article_slug: String,
    pub article_title: String,
}

/// The provenance of every fact of one agreement, grouped by field, sources in date order.
pub async fn evidence(pool: &SqlitePool, agreement_id: i64) -> Result<Vec<EvidenceRow>> {
    Ok(sqlx::query_as(
        "SELECT e.id, e.field, e.value, e.sentence, a.slug AS article_slug, a.title AS article_title
         FROM evidence e JOIN articles a ON a.id = e.article_id
         WHERE e.agreement_id = ?
         ORDER BY e.field, e.value, a.published IS NULL, a.published, a.id, e.id",
    )
    .bind(agreement_id)
    .fetch_all(pool)
    .await?)
}

/// One evidence sentence, for highlighting it in its article.
pub async fn evidence_by_id(pool: &SqlitePool, id: i64) -> Result<Option<EvidenceRow>> {
    Ok(sqlx::query_as(
        "SELECT e.id, e.field, e.value, e.sentence, a.slug AS article_slug, a.title AS article_title
         FROM evidence e JOIN articles a ON a.id = e.article_id WHERE e.id = ?",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?)
}

/// An agreement's row with its lists, each a JSON array built by SQLite in the list's order.
#[derive(FromRow)]
struct AssembledRow {
    #[sqlx(flatten)]
    row: AgreementRow,
    parties: String,
    signatories: String,
    sources: String,
    topics: String,
    renews: Option<String>,
    renewed_by: String,
}

/// (party id, slug, name, country code, country).
type PartyJson = (i64, String, String, Option<String>, Option<String>);
/// (person slug, name, role, party name, party slug).
type SignatoryJson = (
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);
/// (article slug, title, published).
type SourceJson = (String, String, Option<String>);

/// The condition that keeps `column` to the selected agreements: in the JSON list of ids bound
/// as ?1 when there is one (a form SQLite answers from the index; with an `OR ?1 IS NULL` beside
/// it, it scans the whole table), else one that is always true.
fn selected(column: &str, scoped: bool) -> String {
    if scoped {
        format!("{column} IN (SELECT value FROM json_each(?1))")
    } else {
        "?1 IS NULL".to_string()
    }
}

/// Assembles agreements with everything about them in one query, all of them or only those
/// whose ids are given (passed to SQLite as one JSON array). Each list comes as one JSON column
/// rather than a row per item: the database thread hands rows over one at a time, and at 100k
/// agreements the half a million list rows cost several times what SQLite spent finding them.
async fn assemble(pool: &SqlitePool, only: Option<&[i64]>) -> Result<Vec<AgreementDetail>> {
    let scoped = only.is_some();
    let only: Option<String> = only.map(|ids| {
        let list: Vec<String> = ids.iter().map(i64::to_string).collect();
        format!("[{}]", list.join(","))
    });
    let rows: Vec<AssembledRow> = sqlx::query_as(&format!(
        "SELECT a.id, a.slug, a.identity, a.kind, a.title, a.signed_date, a.signed_place,
                a.duration, a.expires, a.renews_id,
                (SELECT json_group_array(json_array(p.id, p.slug, p.name, p.country_code, p.country)
                        ORDER BY ap.position)
                 FROM agreement_parties ap JOIN parties p ON p.id = ap.party_id
                 WHERE ap.agreement_id = a.id) AS parties,
                (SELECT json_group_array(json_array(pe.slug, pe.name, s.role, pa.name, pa.slug)
                        ORDER BY s.position)
                 FROM signatories s JOIN people pe ON pe.id = s.person_id
                 LEFT JOIN parties pa ON pa.id = s.party_id
                 WHERE s.agreement_id = a.id) AS signatories,
                (SELECT json_group_array(json_array(ar.slug, ar.title, ar.published)
                        ORDER BY ar.published IS NULL, ar.published, ar.id)
                 FROM agreement_sources so JOIN articles ar ON ar.id = so.article_id
                 WHERE so.agreement_id = a.id) AS sources,
                (SELECT json_group_array(t.topic ORDER BY t.topic)
                 FROM agreement_topics t WHERE t.agreement_id = a.id) AS topics,
                r.slug AS renews,
                (SELECT json_group_array(n.slug ORDER BY n.signed_date IS NULL, n.signed_date, n.slug)
                 FROM agreements n WHERE n.renews_id = a.id) AS renewed_by
         FROM agreements a LEFT JOIN agreements r ON r.id = a.renews_id
         WHERE {}
         ORDER BY a.signed_date IS NULL, a.signed_date DESC, a.title",
        selected("a.id", scoped)
    ))
    .bind(&only)
    .fetch_all(pool)
    .await?;
    let aliases = super::party::aliases(pool).await?;

    rows.into_iter()
        .map(|r| {
            let parties: Vec<PartyJson> = serde_json::from_str(&r.parties)?;
            let signatories: Vec<SignatoryJson> = serde_json::from_str(&r.signatories)?;
            let sources: Vec<SourceJson> = serde_json::from_str(&r.sources)?;
            Ok(AgreementDetail {
                parties: parties
                    .into_iter()
                    .map(|(id, slug, name, country_code, country)| PartyRef {
                        aliases: aliases.get(&id).cloned().unwrap_or_default(),
                        slug,
                        name,
                        country_code,
                        country,
                    })
                    .collect(),
                signatories: signatories
                    .into_iter()
                    .map(|(slug, name, role, party, party_slug)| SignatoryRef {
                        slug,
                        name,
                        role,
                        party,
                        party_slug,
                    })
                    .collect(),
                sources: sources
                    .into_iter()
                    .map(|(slug, title, published)| SourceRef {
                        slug,
                        title,
                        published,
                    })
                    .collect(),
                topics: serde_json::from_str(&r.topics)?,
                renews: r.renews,
                renewed_by: serde_json::from_str(&r.renewed_by)?,
                row: r.row,
            })
        })
        .collect()
}
