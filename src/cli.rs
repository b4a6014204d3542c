use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::config::{AdminOpts, DataOpts, SeedsOpts};

/// MoU Archive: a searchable archive of digital-government agreements.
#[derive(Debug, Parser)]
#[command(name = "mou-archive", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import every .txt and .md article in the seeds folder into a new archive generation.
    Import(ImportOpts),
    /// Serve the web site (imports the seeds first when the data folder holds no archive).
    Serve(ServeOpts),
    /// Print as JSON what the importer would extract from the given files; writes nothing.
    Extract(ExtractOpts),
    /// Write a deterministic synthetic corpus of press releases (and manifest.json) to a folder.
    Synth(SynthOpts),
    /// Measure import, search and start-up on synthetic corpora; print and write BENCHMARKS.md.
    Bench(BenchOpts),
}

#[derive(Debug, clap::Args)]
pub struct ImportOpts {
    #[command(flatten)]
    pub seeds: SeedsOpts,
    #[command(flatten)]
    pub data: DataOpts,
}

#[derive(Debug, clap::Args)]
pub struct ServeOpts {
    /// Address to listen on.
    #[arg(long, env = "MOU_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,
    #[command(flatten)]
    pub seeds: SeedsOpts,
    #[command(flatten)]
    pub data: DataOpts,
    #[command(flatten)]
    pub admin: AdminOpts,
}

#[derive(Debug, clap::Args)]
pub struct ExtractOpts {
    /// Print JSON (the only format; kept explicit because other tools call `extract --json`).
    #[arg(long)]
    pub json: bool,
    /// Article files to extract.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct SynthOpts {
    /// How many articles to write.
    #[arg(long)]
    pub n: usize,
    /// Folder to write them to (created if missing).
    #[arg(long)]
    pub out: PathBuf,
    /// The seed: the same seed and count always give the same files.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

#[derive(Debug, clap::Args)]
pub struct BenchOpts {
    /// Corpus sizes to import, comma-separated; the largest is also served and loaded.
    #[arg(long, value_delimiter = ',', default_value = "10000,100000")]
    pub sizes: Vec<usize>,
    /// Seconds of load per route.
    #[arg(long, default_value_t = 10)]
    pub duration: u64,
    /// Seconds of the memory-stability load (300 for the full five-minute run).
    #[arg(long, default_value_t = 60)]
    pub soak: u64,
    /// Concurrent keep-alive connections of the load generator.
    #[arg(long, default_value_t = 16)]
    pub connections: usize,
    /// Where to write the results (Markdown).
    #[arg(long, default_value = "BENCHMARKS.md")]
    pub out: PathBuf,
    /// Working folder for corpora and archives (default: a temporary folder, removed after).
    #[arg(long)]
    pub work: Option<PathBuf>,
    /// The corpus seed.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

impl Cli {
    pub fn run(self) -> anyhow::Result<ExitCode> {
        match self.command {
            Command::Import(opts) => runtime()?.block_on(import(opts)),
            Command::Serve(opts) => runtime()?.block_on(serve(opts)),
            Command::Extract(opts) => extract(opts),
            Command::Synth(opts) => synth(opts),
            Command::Bench(opts) => runtime()?.block_on(crate::bench::run(opts)),
        }
    }
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?)
}

async fn import(opts: ImportOpts) -> anyhow::Result<ExitCode> {
    let (progress, bar) = progress_reporter();
    let result =
        crate::import::import_seeds_with(&opts.seeds.seeds, &opts.data.data, Some(progress)).await;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let report = result?;
    print!("{report}");
    Ok(if report.has_errors() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

async fn serve(opts: ServeOpts) -> anyhow::Result<ExitCode> {
    crate::web::serve(
        opts.addr,
        &opts.data.data,
        &opts.seeds.seeds,
        opts.admin.admin_token,
    )
    .await?;
    Ok(ExitCode::SUCCESS)
}

/// A progress bar on stderr when it is a terminal; otherwise plain lines on stderr (one per stage
/// and per tenth of the files), so logs and pipes stay readable. The report goes to stdout.
fn progress_reporter() -> (crate::import::ProgressFn, Option<indicatif::ProgressBar>) {
    use crate::import::Progress;
    use std::io::IsTerminal;
    use std::sync::Arc;

    if std::io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::new(0);
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{spinner} {msg:<10} [{bar:30}] {pos}/{len} files ({elapsed})",
        ) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message("reading");
        let shared = bar.clone();
        let f = move |p: Progress| match p {
            Progress::Found { files } => {
                shared.set_length(files as u64);
                shared.set_message("extracting");
            }
            Progress::Extracted { done, .. } => shared.set_position(done as u64),
            Progress::Writing => shared.set_message("writing"),
            Progress::Indexing => shared.set_message("indexing"),
            Progress::Swapping => shared.set_message("swapping"),
        };
        (Arc::new(f), Some(bar))
    } else {
        let f = |p: Progress| match p {
            Progress::Found { files } => eprintln!("import: {files} files to extract"),
            Progress::Extracted { done, files } => {
                let step = (files / 10).max(1);
                if done % step == 0 || done == files {
                    eprintln!("import: extracted {done}/{files}");
                }
            }
            Progress::Writing => eprintln!("import: writing the new generation"),
            Progress::Indexing => eprintln!("import: building the search index"),
            Progress::Swapping => eprintln!("import: swapping the new generation in"),
        };
        (Arc::new(f), None)
    }
}

fn extract(opts: ExtractOpts) -> anyhow::Result<ExitCode> {
    let files: Vec<serde_json::Value> = opts
        .files
        .iter()
        .map(|path| {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| path.display().to_string());
            match std::fs::read(path) {
                Ok(bytes) => serde_json::to_value(crate::extract::extract_file(&name, &bytes))
                    .unwrap_or_else(|err| error_object(&name, &err.to_string())),
                Err(err) => error_object(&name, &format!("cannot read {}: {err}", path.display())),
            }
        })
        .collect();
    println!("{}", serde_json::to_string_pretty(&files)?);
    Ok(ExitCode::SUCCESS)
}

fn synth(opts: SynthOpts) -> anyhow::Result<ExitCode> {
    let manifest = crate::synth::write(&opts.out, opts.n, opts.seed)?;
    println!(
        "wrote {} articles to {} ({} agreements planted, {} negatives, {} passing mentions)",
        manifest.articles,
        opts.out.display(),
        manifest.agreements.len(),
        manifest.negatives.len(),
        manifest.mentions.len()
    );
    Ok(ExitCode::SUCCESS)
}

fn error_object(file: &str, error: &str) -> serde_json::Value {
    serde_json::json!({ "file": file, "error": error })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_definition_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
