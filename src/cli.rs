//! The `accord` command line as clap sees it: commands, flags and their help. `main.rs` parses
//! it and dispatches to the library.

use std::net::IpAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::date::PartialDate;
use crate::scaffold::{DEFAULT_EVENT_KIND, EVENT_KINDS};
use crate::site::LoadOptions;

/// The `accord` command line.
#[derive(Parser)]
#[command(
    name = "accord",
    version,
    about = "Builds the bilingual UN Convention against Cybercrime digest"
)]
pub struct Cli {
    #[command(subcommand)]
    /// What to do.
    pub command: Command,
}

/// The commands.
#[derive(Subcommand)]
pub enum Command {
    /// Build the site into the output folder (default `public/`).
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// Output folder, relative to the root.
        #[arg(long, short, default_value = "public")]
        output: PathBuf,
        /// Replace the output folder even if it holds files Accord did not write.
        #[arg(long)]
        force: bool,
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
        /// Also answer requests addressed to this host name (repeatable; `.example.test` allows
        /// its subdomains too). Only localhost, IP addresses listened on and these are answered.
        #[arg(long = "allowed-host", value_name = "NAME")]
        allowed_hosts: Vec<String>,
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
        /// Replace the output folder even if it holds files Accord did not write.
        #[arg(long)]
        force: bool,
    },
    /// Create a new article or timeline event: one file per language, front matter filled in.
    New {
        #[command(subcommand)]
        /// What to create.
        what: NewCommand,
    },
    /// Work with the treaty's data files.
    Treaty {
        #[command(subcommand)]
        /// What to do.
        command: TreatyCommand,
    },
}

/// The `new` commands.
#[derive(Subcommand)]
pub enum NewCommand {
    /// Write content/articles/STEM.{lang}.md in every language of site.toml, as a draft dated
    /// today; refuses to overwrite anything.
    Article {
        /// The article's name: its file names and URL slug (lowercase letters, digits, hyphens).
        stem: String,
        /// The timeline event it reports on (the stem of a file in content/timeline/).
        #[arg(long)]
        event: Option<String>,
        /// Its tags, separated by commas.
        #[arg(long, value_delimiter = ',')]
        tags: Vec<String>,
        /// The site's folder (holding site.toml).
        #[arg(long, short, default_value = ".")]
        root: PathBuf,
    },
    /// Write content/timeline/ID.{lang}.md in every language of site.toml; refuses to
    /// overwrite anything.
    Event {
        /// The event's id: its file names and timeline anchor.
        id: String,
        /// When it happened: YYYY-MM-DD, YYYY-MM or YYYY.
        #[arg(long, value_parser = parse_date)]
        date: PartialDate,
        /// What kind of step it is.
        #[arg(long, value_parser = EVENT_KINDS, default_value = DEFAULT_EVENT_KIND)]
        kind: String,
        /// The site's folder (holding site.toml).
        #[arg(long, short, default_value = ".")]
        root: PathBuf,
    },
}

fn parse_date(text: &str) -> Result<PartialDate, String> {
    PartialDate::parse(text)
}

/// The `treaty` commands.
#[derive(Subcommand)]
pub enum TreatyCommand {
    /// Update content/participants.toml from the UN Treaty Collection's status file
    /// (XVIII-16.en.xml): new signatures and deposits, changed dates.
    Import {
        /// The status file downloaded from the UN Treaty Collection.
        file: PathBuf,
        /// Print what would change and write nothing.
        #[arg(long)]
        dry_run: bool,
        /// The site's folder (holding content/participants.toml).
        #[arg(long, short, default_value = ".")]
        root: PathBuf,
    },
}

/// The flags every command that loads a site takes.
#[derive(Args)]
pub struct SiteArgs {
    /// The site's folder (holding site.toml).
    #[arg(long, short, default_value = ".")]
    pub root: PathBuf,
    /// Overrides base_url from site.toml, e.g. https://user.github.io/repo/.
    #[arg(long)]
    pub base_url: Option<String>,
    /// Publish articles marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,
}

impl SiteArgs {
    /// What to load, as these flags say.
    pub fn load_options(&self) -> LoadOptions {
        LoadOptions {
            base_url: self.base_url.clone(),
            include_drafts: self.drafts,
            ..LoadOptions::new(&self.root)
        }
    }
}

/// How `check` prints its report.
#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    /// One line per problem, for people.
    Text,
    /// A JSON document, for tools.
    Json,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn site_flags_become_load_options() {
        let cli = Cli::parse_from(["accord", "build", "--root", "site", "--drafts"]);
        let Command::Build {
            site,
            output,
            force,
        } = cli.command
        else {
            panic!("parsed as another command");
        };
        assert_eq!(output, PathBuf::from("public"));
        assert!(!force);
        let load = site.load_options();
        assert_eq!(load.root, PathBuf::from("site"));
        assert!(load.include_drafts);
    }

    #[test]
    fn treaty_import_takes_a_file_and_flags() {
        let cli = Cli::parse_from(["accord", "treaty", "import", "status.xml", "--dry-run"]);
        let Command::Treaty {
            command:
                TreatyCommand::Import {
                    file,
                    dry_run,
                    root,
                },
        } = cli.command
        else {
            panic!("parsed as another command");
        };
        assert_eq!(file, PathBuf::from("status.xml"));
        assert!(dry_run);
        assert_eq!(root, PathBuf::from("."));
    }
}
