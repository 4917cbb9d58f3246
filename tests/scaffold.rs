//! `accord new article` and `accord new event`, through the real binary on fixture sites.

mod common;

use std::fs;

use common::Fixture;

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A fixture with one event, `hanoi-signing-ceremony`, in both languages.
fn site() -> Fixture {
    let site = Fixture::new();
    for lang in ["en", "ar"] {
        site.event(
            "hanoi-signing-ceremony",
            lang,
            "Hanoi signing",
            "2025-10-25",
            "signature",
        );
    }
    site
}

#[test]
fn new_article_writes_every_language_as_a_draft() {
    let site = site();
    let before = accord::scaffold::today().to_string();
    let output = site.run(&[
        "new",
        "article",
        "morocco-signs",
        "--event",
        "hanoi-signing-ceremony",
        "--tags",
        "morocco,signature",
    ]);
    let after = accord::scaffold::today().to_string();
    assert!(output.status.success(), "{}", stderr(&output));
    let printed = stdout(&output);
    assert!(
        printed.contains("Wrote content/articles/morocco-signs.en.md")
            && printed.contains("Wrote content/articles/morocco-signs.ar.md"),
        "{printed}"
    );

    let english = fs::read_to_string(site.root().join("content/articles/morocco-signs.en.md"))
        .expect("English file");
    assert!(english.contains("title = \"Morocco signs\"\n"), "{english}");
    assert!(
        english.contains(&format!("date = {before}\n"))
            || english.contains(&format!("date = {after}\n")),
        "{english}"
    );
    assert!(english.contains("draft = true"), "{english}");
    assert!(
        english.contains("event = \"hanoi-signing-ceremony\"\n"),
        "{english}"
    );
    assert!(
        english.contains("tags = [\"morocco\", \"signature\"]\n"),
        "{english}"
    );
    let arabic = fs::read_to_string(site.root().join("content/articles/morocco-signs.ar.md"))
        .expect("Arabic file");
    assert!(
        arabic.contains("title = \"Morocco signs (يُرجى ترجمة العنوان)\""),
        "{arabic}"
    );
    assert!(arabic.contains("content/articles/morocco-signs.en.md"));
    assert!(arabic.contains("event = \"hanoi-signing-ceremony\""));

    // Drafts stay out of a normal check, and pass a strict one with drafts included.
    let check = site.run(&["check", "--strict", "--drafts"]);
    assert!(check.status.success(), "{}", stderr(&check));
    let output = site.run(&["build", "--drafts"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        site.page("en/articles/morocco-signs/index.html")
            .contains("Morocco signs")
    );
}

#[test]
fn new_article_refuses_an_unknown_event_and_writes_nothing() {
    let site = site();
    let output = site.run(&["new", "article", "x", "--event", "hanoi"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(
        message.contains("`--event hanoi` names no timeline event")
            && message.contains("hanoi-signing-ceremony"),
        "{message}"
    );
    assert!(!site.root().join("content/articles/x.en.md").exists());
    assert!(!site.root().join("content/articles/x.ar.md").exists());
}

#[test]
fn new_refuses_to_overwrite_and_writes_nothing() {
    let site = site();
    site.article("taken", "ar", "Taken", "2025-01-01", "");
    let before = fs::read(site.root().join("content/articles/taken.ar.md")).expect("read");
    let output = site.run(&["new", "article", "taken"]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains("content/articles/taken.ar.md") && message.contains("already exists"),
        "{message}"
    );
    assert!(!site.root().join("content/articles/taken.en.md").exists());
    assert_eq!(
        fs::read(site.root().join("content/articles/taken.ar.md")).expect("read"),
        before
    );

    // The same stem in a subfolder would be the same page: refused too.
    site.article("nested/deep", "en", "Deep", "2025-01-01", "");
    let output = site.run(&["new", "article", "deep"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("nested/deep.en.md"),
        "{}",
        stderr(&output)
    );
    assert!(!site.root().join("content/articles/deep.ar.md").exists());

    let output = site.run(&[
        "new",
        "event",
        "hanoi-signing-ceremony",
        "--date",
        "2025-10-25",
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("hanoi-signing-ceremony.en.md"));
}

#[test]
fn new_event_writes_every_language_and_builds() {
    let site = site();
    let output = site.run(&[
        "new",
        "event",
        "azerbaijan-ratifies",
        "--date",
        "2026-03-01",
        "--kind",
        "ratification",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("Wrote content/timeline/azerbaijan-ratifies.en.md"));
    let english = fs::read_to_string(
        site.root()
            .join("content/timeline/azerbaijan-ratifies.en.md"),
    )
    .expect("English file");
    assert!(
        english.contains("title = \"Azerbaijan ratifies\"\n"),
        "{english}"
    );
    assert!(english.contains("date = \"2026-03-01\"\n"), "{english}");
    assert!(english.contains("kind = \"ratification\"\n"), "{english}");
    assert!(english.contains("[[sources]]"), "{english}");
    assert!(
        site.root()
            .join("content/timeline/azerbaijan-ratifies.ar.md")
            .exists()
    );

    let check = site.run(&["check", "--strict"]);
    assert!(check.status.success(), "{}", stderr(&check));
    site.build();
    assert!(
        site.page("en/timeline/index.html")
            .contains("id=\"azerbaijan-ratifies\"")
    );

    // An article can now name it.
    let output = site.run(&["new", "article", "baku", "--event", "azerbaijan-ratifies"]);
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn bad_arguments_are_usage_errors() {
    let site = site();
    for args in [
        &["new", "event", "e", "--date", "2025-13-01"][..],
        &[
            "new",
            "event",
            "e",
            "--date",
            "2025-10-25",
            "--kind",
            "signing",
        ],
        &["new", "event", "e"],
        &["new", "article"],
        &["frobnicate"],
    ] {
        let output = site.run(args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    let output = site.run(&["new", "article", "Bad Name"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("lowercase ASCII letters"));
    assert!(
        fs::read_dir(site.root().join("content/articles"))
            .expect("dir")
            .next()
            .is_none()
    );
}
