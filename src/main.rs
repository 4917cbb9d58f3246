//! The `accord` command line: `build`, `check`, `serve` and `watch`.

use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, Parser, Subcommand, ValueEnum};

use accord::build::{BuildOptions, build};
use accord::check::{CheckOptions, check};
use accord::error::{BuildError, Diagnostic};
use accord::serve::{ServeOptions, serve};
use accord::site::LoadOptions;
use accord::watch::watch_to_disk;

// A build allocates from every rayon thread at once; glibc's arenas grow with a system call per
// step and fault pages in one by one.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "accord",
    version,
    about = "Builds the bilingual UN Convention against Cybercrime digest"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (default `public/`).
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// Output folder, relative to the root.
        #[arg(long, short, default_value = "public")]
        output: PathBuf,
    },
    /// Build in memory without writing, and report every problem.
    Check {
        #[command(flatten)]
        site: SiteArgs,
        /// Treat warnings as errors.
        #[arg(long)]
        strict: bool,
        /// How to print the report.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Serve a live preview that rebuilds and reloads the browser on every change.
    Serve {
        #[command(flatten)]
        site: SiteArgs,
        /// Port to listen on (0 picks a free one).
        #[arg(long, short, default_value_t = 1111)]
        port: u16,
        /// Address to listen on; anything but loopback opens the preview to the network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: IpAddr,
        /// Print every request.
        #[arg(long, short)]
        verbose: bool,
    },
    /// Build into the output folder, then rebuild on every change.
    Watch {
        #[command(flatten)]
        site: SiteArgs,
        /// Output folder, relative to the root.
        #[arg(long, short, default_value = "public")]
        output: PathBuf,
    },
}

#[derive(Args)]
struct SiteArgs {
    /// The site's folder (holding site.toml).
    #[arg(long, short, default_value = ".")]
    root: PathBuf,
    /// Overrides base_url from site.toml, e.g. https://user.github.io/repo/.
    #[arg(long)]
    base_url: Option<String>,
    /// Publish articles marked `draft = true`.
    #[arg(long)]
    drafts: bool,
}

impl SiteArgs {
    fn load_options(&self) -> LoadOptions {
        LoadOptions {
            base_url: self.base_url.clone(),
            include_drafts: self.drafts,
            ..LoadOptions::new(&self.root)
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { site, output } => {
            let options = BuildOptions {
                load: site.load_options(),
                output,
            };
            match build(&options) {
                Ok((site, summary, elapsed)) => {
                    println!("Built {}", summary.describe(&site, elapsed));
                    // The process ends here and the system takes its memory back whole: freeing
                    // a large site piece by piece first only makes the build take longer.
                    std::mem::forget(site);
                    ExitCode::SUCCESS
                }
                Err(error) => fail(&error),
            }
        }
        Command::Check {
            site,
            strict,
            format,
        } => {
            let started = Instant::now();
            let report = check(&CheckOptions {
                load: site.load_options(),
            });
            match format {
                Format::Text => {
                    for diagnostic in &report.diagnostics {
                        eprintln!("{diagnostic}");
                    }
                    eprintln!(
                        "{} error(s), {} warning(s) in {} ms",
                        report.errors(),
                        report.warnings(),
                        started.elapsed().as_millis()
                    );
                }
                Format::Json => match serde_json::to_string_pretty(&report) {
                    Ok(json) => println!("{json}"),
                    Err(error) => eprintln!("error: cannot write the report: {error}"),
                },
            }
            if report.passes(strict) {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Command::Serve {
            site,
            port,
            bind,
            verbose,
        } => exit_with(serve(ServeOptions {
            load: site.load_options(),
            bind,
            port,
            verbose,
        })),
        Command::Watch { site, output } => exit_with(watch_to_disk(BuildOptions {
            load: site.load_options(),
            output,
        })),
    }
}

/// Ends `serve` or `watch`: they only fail when they cannot start.
fn exit_with(result: Result<(), Diagnostic>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}

fn fail(error: &BuildError) -> ExitCode {
    eprintln!("{error}");
    eprintln!(
        "Build failed with {} error(s); the previous output was left as it was.",
        error.diagnostics.len()
    );
    ExitCode::FAILURE
}
