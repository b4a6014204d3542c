//! The import's bulk writes, on the connection's own SQLite handle.
//!
//! sqlx runs every statement on its database thread and copies every bound value on the way
//! there, so a bulk write was paid three times: values copied into arguments, a multi-row
//! `INSERT` of thousands of rows parsed and compiled for each batch, and a round trip per batch.
//! Here one single-row `INSERT` is prepared once and run for every row, with the values bound
//! straight from the caller's rows, while sqlx's thread is locked out of the connection
//! (`lock_handle`), inside the transaction sqlx opened. At 100,000 articles the agreements' rows
//! (1.1 million, in ten tables) take 2.0 s rather than 3.1 s, most of it now SQLite's own work of
//! keeping the tables' indexes.

use std::ffi::{c_char, c_int, CString};
use std::ptr::{self, NonNull};

use libsqlite3_sys as ffi;
use sqlx::sqlite::{LockedSqliteHandle, SqliteConnection};

use super::{Result, StoreError};

/// A value of one column of a row being inserted.
pub trait BindValue {
    /// Binds the value to parameter `index` (from 1); returns SQLite's result code.
    ///
    /// # Safety
    /// `stmt` must be a live prepared statement with at least `index` parameters.
    unsafe fn bind(&self, stmt: *mut ffi::sqlite3_stmt, index: c_int) -> c_int;
}

impl BindValue for i64 {
    unsafe fn bind(&self, stmt: *mut ffi::sqlite3_stmt, index: c_int) -> c_int {
        ffi::sqlite3_bind_int64(stmt, index, *self)
    }
}

impl BindValue for i32 {
    unsafe fn bind(&self, stmt: *mut ffi::sqlite3_stmt, index: c_int) -> c_int {
        ffi::sqlite3_bind_int64(stmt, index, i64::from(*self))
    }
}

impl BindValue for &str {
    unsafe fn bind(&self, stmt: *mut ffi::sqlite3_stmt, index: c_int) -> c_int {
        // SQLITE_TRANSIENT: SQLite copies the text before this returns, so the row may go.
        ffi::sqlite3_bind_text64(
            stmt,
            index,
            self.as_ptr().cast::<c_char>(),
            self.len() as u64,
            ffi::SQLITE_TRANSIENT(),
            ffi::SQLITE_UTF8 as u8,
        )
    }
}

impl<T: BindValue> BindValue for Option<T> {
    unsafe fn bind(&self, stmt: *mut ffi::sqlite3_stmt, index: c_int) -> c_int {
        match self {
            Some(value) => value.bind(stmt, index),
            None => ffi::sqlite3_bind_null(stmt, index),
        }
    }
}

/// One row's values, bound in column order.
pub struct RowValues {
    stmt: *mut ffi::sqlite3_stmt,
    next: c_int,
    /// The first bind that failed, as SQLite's result code.
    failed: Option<c_int>,
}

impl RowValues {
    pub fn push_bind(&mut self, value: impl BindValue) -> &mut Self {
        self.next += 1;
        // SAFETY: `stmt` is the live statement prepared with one parameter per column; SQLite
        // answers SQLITE_RANGE, not undefined behaviour, to an index past the last.
        let rc = unsafe { value.bind(self.stmt, self.next) };
        if rc != ffi::SQLITE_OK && self.failed.is_none() {
            self.failed = Some(rc);
        }
        self
    }
}

/// A prepared statement, finalized when dropped.
struct Statement(NonNull<ffi::sqlite3_stmt>);

impl Drop for Statement {
    fn drop(&mut self) {
        // SAFETY: the statement was prepared by `insert_rows` and is finalized only here.
        unsafe {
            ffi::sqlite3_finalize(self.0.as_ptr());
        }
    }
}

/// SQLite's message for the connection's last error, as the store's error.
fn last_error(handle: &mut LockedSqliteHandle<'_>, rc: c_int, doing: &str) -> StoreError {
    match handle.last_error() {
        Some(e) => StoreError::Sqlx(sqlx::Error::Database(Box::new(e))),
        None => StoreError::Sqlx(sqlx::Error::Protocol(format!(
            "SQLite result code {rc} while {doing}"
        ))),
    }
}

/// Inserts every row with `sql` (a single-row `INSERT ... VALUES (?, ...)`), binding each row's
/// values with `bind`.
pub async fn insert_rows<T>(
    connection: &mut SqliteConnection,
    sql: &str,
    rows: &[T],
    bind: impl FnMut(&mut RowValues, &T),
) -> Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let sql = CString::new(sql).map_err(|_| {
        StoreError::Sqlx(sqlx::Error::Protocol(
            "a NUL byte in an INSERT statement".into(),
        ))
    })?;
    let mut handle = connection.lock_handle().await?;
    // Seconds of SQLite work at scale, on this thread: a server re-importing from its admin page
    // hands this worker's other tasks to another thread meanwhile. (A single-threaded runtime,
    // as in tests, has no other thread to hand them to.)
    match tokio::runtime::Handle::try_current().map(|h| h.runtime_flavor()) {
        Ok(tokio::runtime::RuntimeFlavor::MultiThread) => {
            tokio::task::block_in_place(|| write_rows(&mut handle, &sql, rows, bind))
        }
        _ => write_rows(&mut handle, &sql, rows, bind),
    }
}

fn write_rows<T>(
    handle: &mut LockedSqliteHandle<'_>,
    sql: &CString,
    rows: &[T],
    mut bind: impl FnMut(&mut RowValues, &T),
) -> Result<()> {
    let db = handle.as_raw_handle().as_ptr();
    let mut raw = ptr::null_mut();
    // SAFETY: `db` is the open connection, ours alone while `handle` lives; `sql` is a
    // NUL-terminated string (-1: read up to the NUL).
    let rc = unsafe { ffi::sqlite3_prepare_v2(db, sql.as_ptr(), -1, &mut raw, ptr::null_mut()) };
    let Some(stmt) = NonNull::new(raw).filter(|_| rc == ffi::SQLITE_OK) else {
        return Err(last_error(handle, rc, "preparing an INSERT"));
    };
    let stmt = Statement(stmt);
    // SAFETY: a live statement of this connection.
    let parameters = unsafe { ffi::sqlite3_bind_parameter_count(stmt.0.as_ptr()) };
    for row in rows {
        let mut values = RowValues {
            stmt: stmt.0.as_ptr(),
            next: 0,
            failed: None,
        };
        bind(&mut values, row);
        if let Some(rc) = values.failed {
            return Err(last_error(handle, rc, "binding a value"));
        }
        // Bindings outlive a reset: a row that bound too few would take the last row's values.
        if values.next != parameters {
            return Err(StoreError::Sqlx(sqlx::Error::Protocol(format!(
                "{} values bound for {parameters} parameters",
                values.next
            ))));
        }
        // SAFETY: a live statement of this connection, with every parameter bound.
        let rc = unsafe { ffi::sqlite3_step(stmt.0.as_ptr()) };
        if rc != ffi::SQLITE_DONE {
            return Err(last_error(handle, rc, "inserting a row"));
        }
        // SAFETY: as above; resetting keeps the bindings, which the next row replaces.
        unsafe {
            ffi::sqlite3_reset(stmt.0.as_ptr());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::store::{agreement, person, Store};

    #[tokio::test]
    async fn rows_are_written_as_given_and_a_rejected_row_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::create(&dir.path().join("t.db"))
            .await
            .expect("store");
        let mut tx = store.begin().await.expect("begin");
        person::insert_many(
            &mut tx,
            &[(1, "jane-roe", "Jane Roe"), (2, "zoe", "Zoë Ñúñez")],
        )
        .await
        .expect("people");
        let mentions = [
            agreement::NewMention {
                article: 7,
                name: "Memorandum of Understanding on e-Government",
                year: Some(2019),
                position: 0,
            },
            agreement::NewMention {
                article: 7,
                name: "",
                year: None,
                position: 1,
            },
        ];
        agreement::add_mentions(&mut tx, &mentions)
            .await
            .expect("mentions");
        let rows: Vec<(i64, String, Option<i64>, i64)> = sqlx::query_as(
            "SELECT article_id, name, year, position FROM mentions ORDER BY position",
        )
        .fetch_all(&mut *tx)
        .await
        .expect("read back");
        assert_eq!(
            rows,
            vec![
                (
                    7,
                    "Memorandum of Understanding on e-Government".to_string(),
                    Some(2019),
                    0
                ),
                (7, String::new(), None, 1),
            ]
        );
        let name: String = sqlx::query_scalar("SELECT name FROM people WHERE id = 2")
            .fetch_one(&mut *tx)
            .await
            .expect("person");
        assert_eq!(name, "Zoë Ñúñez");

        // The same slug twice breaks people's UNIQUE constraint: SQLite's message comes back.
        let err = person::insert_many(&mut tx, &[(3, "jane-roe", "Another Jane Roe")])
            .await
            .expect_err("a duplicate slug is refused");
        assert!(err.to_string().contains("UNIQUE"), "{err}");
        // The connection is still usable for sqlx afterwards.
        let count: i64 = sqlx::query_scalar("SELECT count(*) FROM people")
            .fetch_one(&mut *tx)
            .await
            .expect("count");
        assert_eq!(count, 2);

        // A row that binds fewer values than the statement has parameters is refused, rather
        // than written with the previous row's values.
        let err = super::insert_rows(
            &mut tx,
            "INSERT INTO people (id, slug, name) VALUES (?, ?, ?)",
            &[(4_i64, "john-doe")],
            |row, (id, slug)| {
                row.push_bind(*id).push_bind(*slug);
            },
        )
        .await
        .expect_err("two values for three parameters");
        assert!(err.to_string().contains("2 values bound for 3"), "{err}");
    }
}
