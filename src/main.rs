//! The `accord` command line: `build`, `check`, `serve`, `watch`, `new` and `treaty import`.
//!
//! Exit status: 0 on success, 1 when the site (or the command's files) has errors, 2 for a
//! command line clap cannot parse.

use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;

use accord::build::{BuildOptions, build};
use accord::check::{CheckOptions, check};
use accord::cli::{Cli, Command, Format, NewCommand, TreatyCommand};
use accord::error::{BuildError, Diagnostic};
use accord::scaffold::{NewArticle, NewEvent, new_article, new_event, today};
use accord::serve::{ServeOptions, serve};
use accord::treaty_import::{ImportOptions, prepare};
use accord::watch::watch_to_disk;

// A build allocates from every rayon thread at once; glibc's arenas grow with a system call per
// step and fault pages in one by one.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            site,
            output,
            force,
        } => {
            let options = BuildOptions {
                load: site.load_options(),
                output,
                force,
            };
            match build(&options) {
                Ok((site, summary, elapsed)) => {
                    println!("Built {}", summary.describe(&site, elapsed));
                    for warning in &summary.warnings {
                        eprintln!("{warning}");
                    }
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
                        "{} error(s), {} warning(s), {} note(s) or allowed in {} ms",
                        report.errors(),
                        report.warnings(),
                        report.notes(),
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
            allowed_hosts,
            verbose,
        } => exit_with(serve(ServeOptions {
            load: site.load_options(),
            bind,
            port,
            verbose,
            allowed_hosts,
        })),
        Command::Watch {
            site,
            output,
            force,
        } => exit_with(watch_to_disk(BuildOptions {
            load: site.load_options(),
            output,
            force,
        })),
        Command::New { what } => new(what),
        Command::Treaty {
            command:
                TreatyCommand::Import {
                    file,
                    dry_run,
                    root,
                },
        } => treaty_import(ImportOptions { xml: file, root }, dry_run),
    }
}

/// `accord treaty import`: prints every change, then writes them unless `dry_run`.
fn treaty_import(options: ImportOptions, dry_run: bool) -> ExitCode {
    let plan = match prepare(&options) {
        Ok(plan) => plan,
        Err(errors) => {
            for error in &errors {
                eprintln!("{error}");
            }
            eprintln!(
                "Import failed with {} error(s); content/participants.toml was left as it was.",
                errors.len()
            );
            return ExitCode::FAILURE;
        }
    };
    for change in &plan.changes {
        println!("{change}");
    }
    for warning in &plan.warnings {
        eprintln!("{warning}");
    }
    let shown = plan.path.strip_prefix(".").unwrap_or(&plan.path).display();
    if plan.changes.is_empty() {
        println!("No changes: {shown} agrees with the UN file.");
        return ExitCode::SUCCESS;
    }
    if dry_run {
        println!(
            "Dry run: {} change(s) not written to {shown}.",
            plan.changes.len()
        );
    } else if let Err(error) = plan.write() {
        eprintln!("{error}");
        return ExitCode::FAILURE;
    } else {
        println!("Wrote {} change(s) to {shown}.", plan.changes.len());
    }
    println!(
        "Reminder: as_of ({}) says when the whole list was last checked; it was left as it is, \
         update it if this import was that check.",
        plan.as_of.as_deref().unwrap_or("not set")
    );
    ExitCode::SUCCESS
}

/// `accord new`: writes the files, or none, and names them.
fn new(what: NewCommand) -> ExitCode {
    let result = match what {
        NewCommand::Article {
            stem,
            event,
            tags,
            root,
        } => new_article(&NewArticle {
            root,
            stem,
            event,
            tags,
            date: today(),
        }),
        NewCommand::Event {
            id,
            date,
            kind,
            root,
        } => new_event(&NewEvent {
            root,
            id,
            date,
            kind,
        }),
    };
    match result {
        Ok(written) => {
            for path in written {
                println!(
                    "Wrote {}",
                    path.strip_prefix(".").unwrap_or(&path).display()
                );
            }
            ExitCode::SUCCESS
        }
        Err(errors) => {
            for error in &errors {
                eprintln!("{error}");
            }
            ExitCode::FAILURE
        }
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
