//! MoU Archive: a searchable archive of digital-government agreements and the press releases that
//! report them. The modules are listed in the order data flows through them:
//! seeds → extract → store → search → web.

/// Pure text → facts: article fields, boilerplate, agreements, parties, people, dates (no I/O).
pub mod extract;
/// Where archive generations live on disk and how the live one is swapped atomically.
pub mod generation;
/// Seeds folder → extract → store → index; returns an import report.
pub mod import;
/// The tantivy full-text index, derived from the store.
pub mod search;
/// SQLite via sqlx: the archive's system of record.
pub mod store;
/// axum handlers and askama templates.
pub mod web;

/// Benchmarks: synthetic corpora imported and served, timed and measured (`mou-archive bench`).
pub mod bench;
/// Command-line interface: one subcommand per module entry point.
pub mod cli;
/// Configuration shared by the subcommands.
pub mod config;
/// A deterministic generator of press-release-style articles, for benchmarks and tests.
pub mod synth;
/// Logging set-up.
pub mod telemetry;
