//! What `check --strict` lets through, as a newsroom needs it: a translation marked pending is a
//! note, a lint a file allows is listed as allowed; and front-matter mistakes explained in plain
//! words, with the exit codes the README documents.

mod common;

use common::Fixture;

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

const REPEATED: &str = "The minister spoke of a historic moment for international cooperation.";

#[test]
fn a_pending_translation_is_a_note_and_the_page_says_it_is_coming() {
    let site = Fixture::new();
    site.article("x", "en", "Morocco signs", "2025-10-25", "");
    let output = site.run(&["check", "--strict"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("warning: content/articles/x.en.md: this article has no العربية translation (expected a file `x.ar.md` beside it) [missing-translation]"),
        "{}",
        stderr(&output)
    );

    site.article(
        "x",
        "en",
        "Morocco signs",
        "2025-10-25",
        "translation = \"pending\"",
    );
    let output = site.run(&["check", "--strict"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let report = stderr(&output);
    assert!(
        report.contains(
            "note: content/articles/x.en.md: this article's العربية translation is pending"
        ) && report.contains("0 error(s), 0 warning(s), 1 note(s) or allowed"),
        "{report}"
    );

    let output = site.run(&["check", "--strict", "--format", "json"]);
    assert!(output.status.success());
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON report");
    assert_eq!(json["diagnostics"][0]["severity"], "note");

    site.build();
    let page = site.page("en/articles/x/index.html");
    let switcher = common::between(&page, "<nav class=\"language-switcher\"", "</nav>");
    assert!(
        switcher.contains("<span lang=\"ar\" dir=\"rtl\">العربية</span>: translation coming"),
        "{switcher}"
    );
    assert!(!page.contains("only available in English"));

    // Once the translation exists, the switcher links it and the note is gone.
    site.article("x", "ar", "المغرب يوقّع", "2025-10-25", "");
    let output = site.run(&["check", "--strict"]);
    assert!(!stderr(&output).contains("note:"), "{}", stderr(&output));
    site.build();
    let page = site.page("en/articles/x/index.html");
    assert!(!page.contains("translation coming"));
    assert!(page.contains("hreflang=\"ar\""));
    // The Arabic switcher's own words, for a pending English edition.
    site.article("y", "ar", "مقال", "2025-10-26", "translation = \"pending\"");
    site.build();
    assert!(
        site.page("ar/articles/y/index.html")
            .contains("الترجمة قيد الإعداد")
    );
}

#[test]
fn a_lint_a_file_allows_is_listed_and_does_not_fail_strict() {
    let site = Fixture::new();
    let body = format!(
        "+++\ntitle = \"A\"\ndate = 2025-10-25\n{{allow}}+++\n\n{REPEATED}\n\nOther text.\n\n{REPEATED}\n\nShare on Facebook\n"
    );
    site.write("content/articles/a.en.md", &body.replace("{allow}", ""));
    site.article("a", "ar", "أ", "2025-10-25", "");
    let output = site.run(&["check", "--strict"]);
    assert_eq!(output.status.code(), Some(1));
    let report = stderr(&output);
    assert!(
        report.contains("warning: content/articles/a.en.md:10: this paragraph repeats line 6: a scraper may have copied it twice [repeated-paragraph]")
            && report.contains("warning: content/articles/a.en.md:12: `Share on Facebook` looks like a share button")
            && report.contains("[scraped-furniture]"),
        "{report}"
    );

    // The dotted key and the table form both work.
    for allow in [
        "lint.allow = [\"repeated-paragraph\", \"scraped-furniture\"]\n",
        "[lint]\nallow = [\"repeated-paragraph\", \"scraped-furniture\"]\n",
    ] {
        site.write("content/articles/a.en.md", &body.replace("{allow}", allow));
        let output = site.run(&["check", "--strict"]);
        let report = stderr(&output);
        assert!(output.status.success(), "{allow}: {report}");
        assert!(
            report.contains("this paragraph repeats line")
                && report.contains("[repeated-paragraph]\nallowed: content/articles/a.en.md:")
                && report.contains("`Share on Facebook` looks like a share button")
                && report.contains("0 error(s), 0 warning(s), 2 note(s) or allowed"),
            "{report}"
        );
    }

    // Allowing one lint leaves the other a warning.
    site.write(
        "content/articles/a.en.md",
        &body.replace("{allow}", "lint.allow = [\"repeated-paragraph\"]\n"),
    );
    let output = site.run(&["check", "--strict"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("0 error(s), 1 warning(s), 1 note(s) or allowed"));
}

#[test]
fn an_unknown_lint_name_is_an_error_listing_the_names() {
    let site = Fixture::new();
    site.article("a", "en", "A", "2025-10-25", "lint.allow = [\"repeated\"]");
    site.article("a", "ar", "أ", "2025-10-25", "");
    let output = site.run(&["check"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("error: content/articles/a.en.md:5:15: `lint.allow` names `repeated`, which is not a lint: the lints are repeated-paragraph, scraped-furniture, missing-translation"),
        "{}",
        stderr(&output)
    );
}

/// Each common front-matter mistake: the file, the line, what the field must hold, and a line
/// that is right.
#[test]
fn front_matter_mistakes_are_explained_in_plain_words() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "content/articles/a.en.md",
            "+++\ntitle = \"A\"\ndate = 2025-10-25\ntags = \"mauritius\"\n+++\nText.\n",
            "error: content/articles/a.en.md:4:8: `tags` must be a list of strings, not string mauritius: e.g. tags = [\"mauritius\"]",
        ),
        (
            "content/timeline/e.en.md",
            "+++\ntitle = \"E\"\ndate = \"2025-10-25\"\nkind = \"signing\"\n[[sources]]\ntitle = \"UN\"\nurl = \"https://un.org/\"\n+++\nText.\n",
            "error: content/timeline/e.en.md:4:8: `kind = \"signing\"` is not one of the accepted values: use proposal, resolution, negotiation, adoption, signature, ratification or entry-into-force, e.g. kind = \"signature\"",
        ),
        (
            "content/articles/a.en.md",
            "+++\ndate = 2025-10-25\n+++\nText.\n",
            "error: content/articles/a.en.md:1: `title` is missing: add it to the front matter, e.g. title = \"Morocco signs the convention\"",
        ),
        (
            "content/articles/a.en.md",
            "+++\ntitle = \"A\"\ndate = 2025-10-25\ndraft = \"yes\"\n+++\nText.\n",
            "error: content/articles/a.en.md:4:9: `draft` must be true or false, not string yes: e.g. draft = true",
        ),
        (
            "content/articles/a.en.md",
            "+++\ntitle = \"A\"\ndate = 2025-10-25\ntranslation = \"done\"\n+++\nText.\n",
            "error: content/articles/a.en.md:4:15: `translation = \"done\"` is not one of the accepted values: use pending, e.g. translation = \"pending\"",
        ),
        (
            "content/articles/a.en.md",
            "+++\ntitle = \"A\"\ndate = 2025-10-25\ntag = [\"x\"]\n+++\nText.\n",
            "`tag` is not a field here: did you mean `tags`?",
        ),
    ];
    for (file, text, expected) in cases {
        let site = Fixture::new();
        site.write(file, text);
        for command in ["check", "build"] {
            let output = site.run(&[command]);
            assert_eq!(output.status.code(), Some(1), "{command}");
            let report = stderr(&output);
            assert!(
                report.contains(expected),
                "{command}:\n{report}\nexpected: {expected}"
            );
        }
    }
}
