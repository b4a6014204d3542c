//! One integration-test binary that drives the real thing: real SQLite files and tantivy indexes
//! in temp dirs, the app in-process through `tower::ServiceExt::oneshot`.

mod extraction_quality;
mod helpers;
mod seed_facts;
mod skeleton;
