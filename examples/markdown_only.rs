//! The Markdown-only lower bound for the benchmark (`bench/run.sh`): reads every article file of
//! a site, strips the `+++` front matter and renders the body with pulldown-cmark and the site's
//! own options ([`accord::markdown::options`]), on a rayon pool of 2 threads (`--threads N` to
//! change it). No templates, no localisation, no heading ids or link resolution, nothing written:
//! whatever Accord spends beyond this is overhead.
//!
//! With `--write OUT`, each rendered body is also written to `OUT/{file name}/index.html` (one
//! folder and one file per page, as pretty URLs need), in the same parallel pass: the floor for a
//! generator that must put every page on disk.
//!
//! ```sh
//! cargo run --release --example markdown_only -- DIR [--threads N] [--write OUT]
//! ```
//!
//! `DIR` is a site root (its `content/articles/` is read) or a folder of `.md` files. Prints one
//! line: `markdown-only: FILES files, BYTES bytes in, HTML bytes out, THREADS threads, wall S s
//! (read S s, render S s)`. The wall time covers reading and rendering, measured in-process.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use pulldown_cmark::{Parser, html};
use rayon::prelude::*;

fn main() -> ExitCode {
    let mut dir = None;
    let mut threads = 2usize;
    let mut write_to: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--threads" => match args.next().and_then(|n| n.parse().ok()) {
                Some(n) if n > 0 => threads = n,
                _ => return usage("--threads needs a positive number"),
            },
            "--write" => match args.next() {
                Some(out) => write_to = Some(PathBuf::from(out)),
                None => return usage("--write needs a folder"),
            },
            "-h" | "--help" => return usage(""),
            _ if dir.is_none() => dir = Some(PathBuf::from(arg)),
            _ => return usage(&format!("unexpected argument {arg}")),
        }
    }
    let Some(dir) = dir else {
        return usage("no folder given");
    };
    let articles = dir.join("content").join("articles");
    let dir = if articles.is_dir() { articles } else { dir };

    let pool = match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
        Ok(pool) => pool,
        Err(error) => {
            eprintln!("markdown_only: cannot start {threads} threads: {error}");
            return ExitCode::FAILURE;
        }
    };

    let started = Instant::now();
    let result = pool.install(|| run(&dir, write_to.as_deref()));
    let wall = started.elapsed().as_secs_f64();
    match result {
        Ok(stats) => {
            println!(
                "markdown-only: {} files, {} bytes in, {} bytes out, {threads} threads, wall {wall:.3} s (read {:.3} s, render {:.3} s)",
                stats.files, stats.bytes_in, stats.bytes_out, stats.read, stats.render
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("markdown_only: {error}");
            ExitCode::FAILURE
        }
    }
}

struct Stats {
    files: usize,
    bytes_in: usize,
    bytes_out: usize,
    read: f64,
    render: f64,
}

fn run(dir: &Path, write_to: Option<&Path>) -> Result<Stats, String> {
    let started = Instant::now();
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|error| format!("cannot read {}: {error}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .collect();
    paths.sort();
    if paths.is_empty() {
        return Err(format!("no .md files in {}", dir.display()));
    }
    let texts: Vec<String> = paths
        .par_iter()
        .map(|path| {
            fs::read_to_string(path)
                .map_err(|error| format!("cannot read {}: {error}", path.display()))
        })
        .collect::<Result<_, _>>()?;
    let read = started.elapsed().as_secs_f64();

    let started = Instant::now();
    if let Some(out) = write_to {
        fs::create_dir_all(out)
            .map_err(|error| format!("cannot create {}: {error}", out.display()))?;
    }
    let bytes_out: usize = texts
        .par_iter()
        .zip(paths.par_iter())
        .map(|(text, path)| {
            let body = strip_front_matter(text);
            let mut html_out = String::with_capacity(body.len() * 3 / 2);
            html::push_html(
                &mut html_out,
                Parser::new_ext(body, accord::markdown::options()),
            );
            let length = html_out.len();
            if let (Some(out), Some(name)) = (write_to, path.file_name()) {
                let folder = out.join(name);
                fs::create_dir(&folder)
                    .and_then(|()| fs::write(folder.join("index.html"), html_out))
                    .map_err(|error| format!("cannot write in {}: {error}", folder.display()))?;
            }
            Ok(length)
        })
        .sum::<Result<usize, String>>()?;
    let render = started.elapsed().as_secs_f64();

    Ok(Stats {
        files: texts.len(),
        bytes_in: texts.iter().map(String::len).sum(),
        bytes_out,
        read,
        render,
    })
}

/// The text after the closing `+++` line, or all of it when there is no front matter.
fn strip_front_matter(text: &str) -> &str {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(rest) = text
        .strip_prefix("+++\n")
        .or_else(|| text.strip_prefix("+++\r\n"))
    else {
        return text;
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        offset += line.len();
        if line.trim_end() == "+++" {
            return &rest[offset..];
        }
    }
    text
}

fn usage(problem: &str) -> ExitCode {
    if !problem.is_empty() {
        eprintln!("markdown_only: {problem}");
    }
    eprintln!(
        "usage: cargo run --release --example markdown_only -- DIR [--threads N] [--write OUT]"
    );
    if problem.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
