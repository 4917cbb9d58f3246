//! Bad input: each error names the file (and line where there is one), exits with status 1,
//! never panics, and leaves the previous `public/` byte for byte as it was.

mod common;

use common::Fixture;

/// A good site, built once so there is a previous output to protect.
fn built_site() -> Fixture {
    let site = Fixture::new();
    site.article("good", "en", "Good", "2025-01-01", "");
    site.article("good", "ar", "جيد", "2025-01-01", "");
    site.build();
    site
}

/// Breaks the site with `break_it`, builds, and checks the failure.
fn assert_fails(
    name: &str,
    break_it: impl Fn(&Fixture),
    file: &str,
    line: Option<usize>,
    words: &str,
) {
    let site = built_site();
    let before = site.snapshot("public");
    break_it(&site);
    let output = site.run(&["build"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(1),
        "{name}: exit status\n{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{name}: panicked\n{stderr}");
    let location = match line {
        Some(line) => format!("{file}:{line}"),
        None => file.to_owned(),
    };
    assert!(
        stderr.contains(&location),
        "{name}: no `{location}` in\n{stderr}"
    );
    assert!(stderr.contains(words), "{name}: no `{words}` in\n{stderr}");
    assert_eq!(
        site.snapshot("public"),
        before,
        "{name}: previous output changed"
    );
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .expect("list")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("accord-staging"))
        .collect();
    assert!(leftovers.is_empty(), "{name}: staging folder left behind");
}

#[test]
fn missing_front_matter() {
    assert_fails(
        "missing front matter",
        |site| site.write("content/articles/bad.en.md", "title = \"x\"\n\nBody\n"),
        "bad.en.md",
        Some(1),
        "missing front matter",
    );
}

#[test]
fn unterminated_front_matter() {
    assert_fails(
        "unterminated",
        |site| {
            site.write(
                "content/articles/bad.en.md",
                "+++\ntitle = \"x\"\ndate = 2025-01-01\n\nBody\n",
            )
        },
        "bad.en.md",
        Some(1),
        "unterminated front matter",
    );
}

#[test]
fn invalid_toml() {
    assert_fails(
        "invalid toml",
        |site| {
            site.write(
                "content/articles/bad.en.md",
                "+++\ntitle = \"x\"\ndate = 2025-01-01\nsummary = \"unclosed\n+++\n",
            )
        },
        "bad.en.md",
        Some(4),
        "",
    );
}

#[test]
fn invalid_date() {
    assert_fails(
        "invalid date",
        |site| {
            site.write(
                "content/articles/bad.en.md",
                "+++\ntitle = \"x\"\ndate = \"2025-02-30\"\n+++\n",
            )
        },
        "bad.en.md",
        Some(3),
        "not a date",
    );
}

#[test]
fn wrong_field_type() {
    assert_fails(
        "wrong type",
        |site| {
            site.write(
                "content/articles/bad.en.md",
                "+++\ntitle = 42\ndate = 2025-01-01\n+++\n",
            )
        },
        "bad.en.md",
        Some(2),
        "string",
    );
}

#[test]
fn unknown_front_matter_key() {
    assert_fails(
        "unknown key",
        |site| {
            site.write(
                "content/articles/bad.en.md",
                "+++\ntitle = \"x\"\ndate = 2025-01-01\nauthour = \"me\"\n+++\n",
            )
        },
        "bad.en.md",
        Some(4),
        "authour",
    );
}

#[test]
fn unknown_language_suffix() {
    assert_fails(
        "unknown language",
        |site| site.article("bonjour", "fr", "Bonjour", "2025-01-01", ""),
        "bonjour.fr.md",
        None,
        "unknown language suffix `.fr`",
    );
}

#[test]
fn template_syntax_error() {
    assert_fails(
        "template syntax",
        |site| {
            site.write("templates/index.html", "{% extends \"base.html\" %}\n{% block content %}\n{% if %}\n{% endblock content %}\n")
        },
        "templates/index.html",
        Some(3),
        "",
    );
}

#[test]
fn template_using_an_undefined_variable() {
    assert_fails(
        "undefined variable",
        |site| {
            site.write("templates/index.html", "{% extends \"base.html\" %}\n{% block content %}\n<p>{{ no_such_thing }}</p>\n{% endblock content %}\n")
        },
        "templates/index.html",
        Some(3),
        "no_such_thing",
    );
}

#[test]
fn fluent_syntax_error() {
    assert_fails(
        "fluent syntax",
        |site| {
            let path = site.root().join("templates/i18n/en.ftl");
            let text = std::fs::read_to_string(&path).expect("read");
            std::fs::write(&path, format!("{text}\nbroken = {{ $count\n")).expect("write");
        },
        "templates/i18n/en.ftl",
        None,
        "Fluent syntax error",
    );
}

#[test]
fn fluent_key_missing_in_one_language() {
    assert_fails(
        "missing key",
        |site| {
            let path = site.root().join("templates/i18n/en.ftl");
            let text = std::fs::read_to_string(&path).expect("read");
            std::fs::write(&path, format!("{text}\nonly-in-english = Hello\n")).expect("write");
        },
        "templates/i18n/en.ftl",
        None,
        "`only-in-english` is defined in",
    );
}

#[test]
fn fluent_key_used_by_a_template_but_missing_everywhere() {
    assert_fails(
        "unknown key in template",
        |site| {
            site.write("templates/index.html", "{% extends \"base.html\" %}\n{% block content %}\n{{ t(key=\"no-such-key\") }}\n{% endblock content %}\n")
        },
        "templates/index.html",
        Some(3),
        "no-such-key",
    );
}

#[test]
fn file_that_is_not_utf8() {
    assert_fails(
        "not utf-8",
        |site| {
            site.write_bytes(
                "content/articles/latin1.en.md",
                b"+++\ntitle = \"caf\xE9\"\ndate = 2025-01-01\n+++\n",
            )
        },
        "latin1.en.md",
        Some(2),
        "not valid UTF-8",
    );
}

#[test]
fn unknown_key_in_site_toml() {
    assert_fails(
        "site.toml key",
        |site| {
            site.write(
                "site.toml",
                &format!("theme = \"dark\"\n{}", common::SITE_TOML),
            )
        },
        "site.toml",
        Some(1),
        "theme",
    );
}

#[test]
fn every_bad_file_is_reported_at_once() {
    let site = built_site();
    site.write("content/articles/one.en.md", "no front matter\n");
    site.write("content/articles/two.en.md", "+++\ntitle = 1\n+++\n");
    let output = site.run(&["build"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("one.en.md") && stderr.contains("two.en.md"),
        "{stderr}"
    );
}

#[test]
fn dangerous_output_folders_are_refused_and_nothing_is_deleted() {
    let site = built_site();
    let sources = site.snapshot("content");
    let templates = site.snapshot("templates");
    for output in [
        ".",
        "content",
        "templates",
        "static",
        "..",
        "content/articles/out",
    ] {
        let result = site.run(&["build", "--output", output]);
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert_eq!(result.status.code(), Some(1), "--output {output} accepted");
        assert!(stderr.contains("refusing --output"), "{stderr}");
    }
    assert_eq!(site.snapshot("content"), sources);
    assert_eq!(site.snapshot("templates"), templates);
    assert!(site.root().join("site.toml").exists());
}

#[test]
fn a_missing_site_toml_says_where_it_looked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_accord"))
        .args(["build"])
        .current_dir(dir.path())
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr.contains("site.toml"), "{stderr}");
}
