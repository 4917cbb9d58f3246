//! The `accord` command line: `build`, `check`, `serve` and `watch`.

use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;

use accord::build::{BuildOptions, build};
use accord::check::{CheckOptions, check};
use accord::cli::{Cli, Command, Format};
use accord::error::{BuildError, Diagnostic};
use accord::serve::{ServeOptions, serve};
use accord::watch::watch_to_disk;

// A build allocates from every rayon thread at once; glibc's arenas grow with a system call per
// step and fault pages in one by one.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
