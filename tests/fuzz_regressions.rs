//! Replays every input that once crashed a fuzz target, through the very functions the fuzz
//! targets call (`fuzz/harness.rs`), so plain `cargo test` on stable keeps them fixed without
//! the fuzzer. Inputs live in `tests/fuzz_regressions/<target>/`, one file each, named for what
//! they broke.

#[path = "../fuzz/harness.rs"]
mod harness;

use std::path::PathBuf;

/// Runs every input of `target` through `run`; the failure lists each input that panics.
fn replay(target: &str, run: fn(&[u8])) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz_regressions")
        .join(target);
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("cannot list {}: {error}", dir.display()))
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        // Dotfiles are git's (`.gitkeep` keeps the folder of a target that never crashed).
        .filter(|path| {
            path.is_file()
                && !path
                    .file_name()
                    .is_some_and(|name| name.to_string_lossy().starts_with('.'))
        })
        .collect();
    inputs.sort();
    let mut failures = Vec::new();
    for input in &inputs {
        let data = std::fs::read(input).unwrap_or_else(|error| panic!("{error}"));
        if std::panic::catch_unwind(|| run(&data)).is_err() {
            failures.push(input.display().to_string());
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} {target} inputs fail again:\n{}",
        failures.len(),
        inputs.len(),
        failures.join("\n")
    );
}

#[test]
fn front_matter() {
    replay("front_matter", harness::front_matter);
}

#[test]
fn markdown() {
    replay("markdown", harness::markdown);
}

#[test]
fn fluent() {
    replay("fluent", harness::fluent);
}
