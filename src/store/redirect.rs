//! Permanent URLs: an old slug that answers 301 with the new one. Redirects are carried from each
//! generation into the next, so a link that ever worked keeps working.

use sqlx::{FromRow, Sqlite, SqlitePool, Transaction};

use super::Result;

/// The kinds of things with pages, as stored in `slug_redirects.kind`.
pub const KINDS: [&str; 4] = ["article", "agreement", "party", "person"];

#[derive(Debug, Clone, PartialEq, Eq, FromRow, serde::Serialize, serde::Deserialize)]
pub struct Redirect {
    pub kind: String,
    pub old_slug: String,
    pub new_slug: String,
}

/// The slug that replaced `old_slug`, if one did.
pub async fn lookup(pool: &SqlitePool, kind: &str, old_slug: &str) -> Result<Option<String>> {
    Ok(
        sqlx::query_scalar("SELECT new_slug FROM slug_redirects WHERE kind = ? AND old_slug = ?")
            .bind(kind)
            .bind(old_slug)
            .fetch_optional(pool)
            .await?,
    )
}

/// Every redirect of a generation, to carry into the next.
pub async fn all(pool: &SqlitePool) -> Result<Vec<Redirect>> {
    Ok(sqlx::query_as(
        "SELECT kind, old_slug, new_slug FROM slug_redirects ORDER BY kind, old_slug",
    )
    .fetch_all(pool)
    .await?)
}

#[tracing::instrument(skip_all, fields(redirect.kind = %r.kind, redirect.old = %r.old_slug))]
pub async fn insert(tx: &mut Transaction<'_, Sqlite>, r: &Redirect) -> Result<()> {
    sqlx::query(
        "INSERT INTO slug_redirects (kind, old_slug, new_slug) VALUES (?, ?, ?)
         ON CONFLICT (kind, old_slug) DO UPDATE SET new_slug = excluded.new_slug",
    )
    .bind(&r.kind)
    .bind(&r.old_slug)
    .bind(&r.new_slug)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Drops redirects whose old slug names a live page again: the page wins, and no redirect may
/// point at itself.
pub async fn drop_shadowed(tx: &mut Transaction<'_, Sqlite>) -> Result<()> {
    sqlx::query(
        "DELETE FROM slug_redirects WHERE old_slug = new_slug
            OR (kind = 'article' AND old_slug IN (SELECT slug FROM articles))
            OR (kind = 'agreement' AND old_slug IN (SELECT slug FROM agreements))
            OR (kind = 'party' AND old_slug IN (SELECT slug FROM parties))
            OR (kind = 'person' AND old_slug IN (SELECT slug FROM people))",
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Follows chains (a → b, b → c becomes a → c, b → c) so every redirect is one hop. Cycles, which
/// only a broken history could hold, are cut where they close.
pub fn flatten(redirects: Vec<Redirect>) -> Vec<Redirect> {
    use std::collections::HashMap;
    let map: HashMap<(String, String), String> = redirects
        .iter()
        .map(|r| ((r.kind.clone(), r.old_slug.clone()), r.new_slug.clone()))
        .collect();
    let mut out: Vec<Redirect> = map
        .iter()
        .map(|((kind, old), new)| {
            let mut target = new.clone();
            let mut hops = 0;
            while let Some(next) = map.get(&(kind.clone(), target.clone())) {
                hops += 1;
                if next == old || hops > map.len() {
                    break;
                }
                target = next.clone();
            }
            Redirect {
                kind: kind.clone(),
                old_slug: old.clone(),
                new_slug: target,
            }
        })
        .filter(|r| r.old_slug != r.new_slug)
        .collect();
    out.sort_by(|a, b| (&a.kind, &a.old_slug).cmp(&(&b.kind, &b.old_slug)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(old: &str, new: &str) -> Redirect {
        Redirect {
            kind: "agreement".into(),
            old_slug: old.into(),
            new_slug: new.into(),
        }
    }

    #[test]
    fn chains_of_redirects_become_one_hop() {
        assert_eq!(
            flatten(vec![r("a", "b"), r("b", "c")]),
            vec![r("a", "c"), r("b", "c")]
        );
    }

    #[test]
    fn a_cycle_never_loops() {
        let out = flatten(vec![r("a", "b"), r("b", "a")]);
        assert!(out.iter().all(|x| x.old_slug != x.new_slug));
    }
}
