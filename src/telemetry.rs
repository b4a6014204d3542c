use tracing_subscriber::EnvFilter;

/// Logs to stderr at `info` by default; `RUST_LOG` overrides (e.g. `RUST_LOG=mou_archive=debug`).
pub fn init() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,tantivy=warn,sqlx=warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}
