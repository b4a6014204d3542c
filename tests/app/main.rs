//! One integration-test binary that drives the real thing: real SQLite files and tantivy indexes
//! in temp dirs, the app in-process through `tower::ServiceExt::oneshot`.

mod admin;
mod bad_input;
mod browse_search;
mod browser;
mod extraction_quality;
mod hardening;
mod helpers;
mod reliability;
mod seed_facts;
mod skeleton;
mod synth;
