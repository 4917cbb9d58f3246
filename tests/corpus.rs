//! The bad-input corpus: a table of broken (and oddly encoded) sites, each run through the real
//! binary. For every case that must fail, `accord build` and `accord check` exit with status 1
//! (not 101: no panic), the error names the file (and line, where there is one; every bad file
//! when there are several), the previous `public/` is byte for byte as it was and no staging
//! folder is left behind. Cases that must be *accepted* (a byte-order mark, CRLF line endings, a
//! huge line) assert the page instead.
//!
//! Run it alone with `cargo test --test corpus`; set `CORPUS_CASE=name` to run one case.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use common::{Fixture, HANG};

/// What a case breaks, for the summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Class {
    FrontMatter,
    Toml,
    Date,
    Markdown,
    Template,
    Fluent,
    SiteToml,
    FileSystem,
    Output,
}

/// What the build must do with the broken site.
enum Expect {
    /// Fail, naming `file` (a path below the root) at `line`, with `words` in the message.
    Error {
        file: &'static str,
        line: Option<usize>,
        words: &'static str,
    },
    /// Fail, reporting every one of these `(file, line, words)` in the same run: one bad file
    /// does not hide the next.
    Errors(&'static [(&'static str, Option<usize>, &'static str)]),
    /// Refuse the `--output` folder before touching anything.
    Refused,
    /// Build, and pass this check of the output.
    Built(fn(&Fixture)),
}

struct Case {
    name: &'static str,
    class: Class,
    /// Breaks a copy of the good site.
    setup: fn(&Fixture),
    /// Arguments after `build` (an `--output`, say).
    args: &'static [&'static str],
    expect: Expect,
}

use Expect::{Built, Error, Errors, Refused};

const X: &str = "content/articles/x.en.md";
const EVENT: &str = "content/timeline/y.en.md";
const TREATY: &str = "content/treaty.toml";
const PARTICIPANTS: &str = "content/participants.toml";
const EN_FTL: &str = "templates/i18n/en.ftl";
const AR_FTL: &str = "templates/i18n/ar.ftl";

/// A valid article with `middle` (more front matter lines) after its title and date.
fn article(middle: &str) -> String {
    format!("+++\ntitle = \"X marks\"\ndate = 2025-03-04\n{middle}+++\n\nThe body.\n")
}

fn write_article(site: &Fixture, middle: &str) {
    site.write(X, &article(middle));
}

/// A valid timeline event whose front matter has `middle` after its title.
fn write_event(site: &Fixture, middle: &str) {
    site.write(
        EVENT,
        &format!(
            "+++\ntitle = \"Y happens\"\n{middle}\n[[sources]]\ntitle = \"UN\"\nurl = \"https://treaties.un.org/\"\n+++\n\nText.\n"
        ),
    );
}

/// A valid `participants.toml`: Azerbaijan's signature, then `extra` lines in its entry.
fn write_participants(site: &Fixture, extra: &str) {
    site.write(
        PARTICIPANTS,
        &format!(
            "as_of = 2026-12-01\n[[participants]]\ncode = \"AZ\"\nsignature = 2025-10-25\nsignature_source = {{ title = \"UN\", url = \"https://treaties.un.org/\" }}\n{extra}"
        ),
    );
}

/// A valid `treaty.toml` with `extra` appended.
fn write_treaty(site: &Fixture, top: &str, extra: &str) {
    site.write(
        TREATY,
        &format!(
            "{top}adopted = 2024-12-24\nthreshold = 40\ndays_after_threshold = 90\nsignature_closes = 2026-12-31\nsource = {{ title = \"UN\", url = \"https://treaties.un.org/\" }}\n{extra}"
        ),
    );
}

fn append(site: &Fixture, relative: &str, text: &str) {
    let path = site.root().join(relative);
    let mut current = fs::read_to_string(&path).expect("read");
    current.push_str(text);
    fs::write(path, current).expect("write");
}

fn prepend(site: &Fixture, relative: &str, text: &str) {
    let path = site.root().join(relative);
    let current = fs::read_to_string(&path).expect("read");
    fs::write(path, format!("{text}{current}")).expect("write");
}

fn replace(site: &Fixture, relative: &str, from: &str, to: &str) {
    let path = site.root().join(relative);
    let current = fs::read_to_string(&path).expect("read");
    assert!(current.contains(from), "`{from}` is not in {relative}");
    fs::write(path, current.replacen(from, to, 1)).expect("write");
}

fn with_bom_and_crlf(text: &str) -> Vec<u8> {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(text.replace('\n', "\r\n").as_bytes());
    bytes
}

/// The article page `x` was built with its title and body.
fn x_page_built(site: &Fixture) {
    let page = site.page("en/articles/x/index.html");
    assert!(page.contains("X marks"), "no title in\n{page}");
    assert!(page.contains("The body."), "no body in\n{page}");
    assert!(
        !page.contains('\u{feff}') && !page.contains('\r'),
        "BOM or CR left in the page"
    );
}

/// The English home page was built with its Fluent strings.
fn home_built(site: &Fixture) {
    let page = site.page("en/index.html");
    assert!(page.contains("<html"), "{page}");
    assert!(
        page.contains("Good"),
        "the good article is missing from\n{page}"
    );
    assert!(
        !page.contains('\u{feff}') && !page.contains('\r'),
        "BOM or CR left in the page"
    );
}

const CASES: &[Case] = &[
    // ----- Front matter: the `+++` fences and what is between them.
    Case {
        name: "empty file",
        class: Class::FrontMatter,
        setup: |site| site.write(X, ""),
        args: &[],
        expect: Error {
            file: X,
            line: Some(1),
            words: "the file is empty",
        },
    },
    Case {
        name: "only blank lines",
        class: Class::FrontMatter,
        setup: |site| site.write(X, "\n  \n\t\n"),
        args: &[],
        expect: Error {
            file: X,
            line: Some(1),
            words: "the file is empty",
        },
    },
    Case {
        name: "YAML fences instead of +++",
        class: Class::FrontMatter,
        setup: |site| site.write(X, "---\ntitle: X\n---\n\nBody\n"),
        args: &[],
        expect: Error {
            file: X,
            line: Some(1),
            words: "found `---`",
        },
    },
    Case {
        name: "TOML front matter without fences",
        class: Class::FrontMatter,
        setup: |site| site.write(X, "title = \"x\"\n\nBody\n"),
        args: &[],
        expect: Error {
            file: X,
            line: Some(1),
            words: "missing front matter",
        },
    },
    Case {
        name: "closing fence has four pluses",
        class: Class::FrontMatter,
        setup: |site| site.write(X, "+++\ntitle = \"X\"\ndate = 2025-03-04\n++++\n\nBody\n"),
        args: &[],
        expect: Error {
            file: X,
            line: Some(1),
            words: "unterminated front matter",
        },
    },
    Case {
        name: "byte-order mark is accepted",
        class: Class::FrontMatter,
        setup: |site| site.write(X, &format!("\u{feff}{}", article(""))),
        args: &[],
        expect: Built(x_page_built),
    },
    Case {
        name: "CRLF line endings are accepted",
        class: Class::FrontMatter,
        setup: |site| site.write(X, &article("summary = \"s\"\n").replace('\n', "\r\n")),
        args: &[],
        expect: Built(x_page_built),
    },
    Case {
        name: "BOM and CRLF keep error lines right",
        class: Class::FrontMatter,
        setup: |site| {
            site.write_bytes(
                X,
                &with_bom_and_crlf("+++\ntitle = \"X\"\ndate = 2025-03-04\ntags = 7\n+++\n"),
            )
        },
        args: &[],
        expect: Error {
            file: X,
            line: Some(4),
            words: "`tags` must be a list of strings, not integer",
        },
    },
    Case {
        name: "NUL byte in the front matter",
        class: Class::FrontMatter,
        setup: |site| site.write(X, "+++\ntitle = \"X\0marks\"\ndate = 2025-03-04\n+++\n"),
        args: &[],
        expect: Error {
            file: X,
            line: Some(2),
            words: "string",
        },
    },
    Case {
        name: "NUL bytes in the body are accepted and dropped",
        class: Class::FrontMatter,
        setup: |site| site.write(X, &article("").replace("The body.", "The body.\0\0")),
        args: &[],
        expect: Built(|site| {
            x_page_built(site);
            assert!(
                !site.page("en/articles/x/index.html").contains('\0'),
                "NUL in the page"
            );
        }),
    },
    Case {
        name: "title that is a number",
        class: Class::FrontMatter,
        setup: |site| site.write(X, "+++\ntitle = 42\ndate = 2025-01-01\n+++\n"),
        args: &[],
        expect: Error {
            file: X,
            line: Some(2),
            words: "string",
        },
    },
    Case {
        name: "empty title",
        class: Class::FrontMatter,
        setup: |site| site.write(X, "+++\ndate = 2025-03-04\ntitle = \"  \"\n+++\n"),
        args: &[],
        expect: Error {
            file: X,
            line: Some(3),
            words: "`title` is empty",
        },
    },
    Case {
        name: "empty tag",
        class: Class::FrontMatter,
        setup: |site| write_article(site, "summary = \"s\"\ntags = [\"a\", \"\"]\n"),
        args: &[],
        expect: Error {
            file: X,
            line: Some(5),
            words: "empty tag",
        },
    },
    Case {
        name: "source address that is not a web address",
        class: Class::FrontMatter,
        setup: |site| {
            write_article(
                site,
                "\n[source]\nname = \"Paper\"\nurl = \"www.paper.example\"\n",
            )
        },
        args: &[],
        expect: Error {
            file: X,
            line: Some(7),
            words: "not a web address",
        },
    },
    Case {
        // Once accepted: the escape put U+0001 in the Atom feed, which no reader could parse.
        name: "control character escaped in the title",
        class: Class::FrontMatter,
        setup: |site| {
            site.write(
                X,
                "+++\ntitle = \"bell \\u0007 \\u0001\"\ndate = 2025-03-04\n+++\n",
            )
        },
        args: &[],
        expect: Error {
            file: X,
            line: Some(2),
            words: "control character U+0007",
        },
    },
    Case {
        name: "control character escaped in a tag",
        class: Class::FrontMatter,
        setup: |site| write_article(site, "tags = [\"treaty\",\n  \"nul \\u0000\"]\n"),
        args: &[],
        expect: Error {
            file: X,
            line: Some(5),
            words: "`tags` contains the control character U+0000, which no page or feed can carry: remove it",
        },
    },
    Case {
        name: "control character escaped in the source's name",
        class: Class::FrontMatter,
        setup: |site| {
            write_article(
                site,
                "\n[source]\nname = \"Paper\\u0000\"\nurl = \"https://paper.example/\"\n",
            )
        },
        args: &[],
        expect: Error {
            file: X,
            line: Some(6),
            words: "`source.name` contains the control character U+0000",
        },
    },
    Case {
        name: "control character escaped in the source's address",
        class: Class::FrontMatter,
        setup: |site| {
            write_article(
                site,
                "\n[source]\nname = \"Paper\"\nurl = \"https://paper.example/\\u0000\"\n",
            )
        },
        args: &[],
        expect: Error {
            file: X,
            line: Some(7),
            words: "`source.url` contains the control character U+0000",
        },
    },
    Case {
        name: "control character escaped in an event's title",
        class: Class::FrontMatter,
        setup: |site| {
            site.write(
                EVENT,
                "+++\ntitle = \"Y \\u0000\"\ndate = \"2025\"\nkind = \"adoption\"\n\n[[sources]]\ntitle = \"UN\"\nurl = \"https://un.org/\"\n+++\n",
            )
        },
        args: &[],
        expect: Error {
            file: EVENT,
            line: Some(2),
            words: "`title` contains the control character U+0000",
        },
    },
    Case {
        // The treaty's localized note (on the count of participants) reaches every status box.
        name: "control character escaped in the treaty's note",
        class: Class::Toml,
        setup: |site| {
            write_treaty(site, "", "");
            site.write(
                PARTICIPANTS,
                "as_of = 2026-01-01\n\nnote = { en = \"Counted \\u0000\", ar = \"محسوب\" }\n",
            );
        },
        args: &[],
        expect: Error {
            file: PARTICIPANTS,
            line: Some(3),
            words: "`note.en` contains the control character U+0000",
        },
    },
    Case {
        name: "event that cites no source",
        class: Class::FrontMatter,
        setup: |site| {
            site.write(
                EVENT,
                "+++\ntitle = \"Y\"\ndate = \"2025\"\nkind = \"adoption\"\n+++\n",
            )
        },
        args: &[],
        expect: Error {
            file: EVENT,
            line: None,
            words: "at least one source",
        },
    },
    Case {
        name: "event source with an empty title",
        class: Class::FrontMatter,
        setup: |site| {
            site.write(EVENT, "+++\ntitle = \"Y\"\ndate = \"2025\"\nkind = \"adoption\"\n\n[[sources]]\ntitle = \"\"\nurl = \"https://un.org/\"\n+++\n")
        },
        args: &[],
        expect: Error {
            file: EVENT,
            line: Some(7),
            words: "empty `title`",
        },
    },
    Case {
        name: "article names an event that does not exist",
        class: Class::FrontMatter,
        setup: |site| write_article(site, "event = \"no-such-event\"\n"),
        args: &[],
        expect: Error {
            file: X,
            line: Some(4),
            words: "names no timeline event",
        },
    },
    Case {
        name: "every bad file is reported at once",
        class: Class::FrontMatter,
        setup: |site| {
            site.write("content/articles/one.en.md", "no front matter\n");
            site.write("content/articles/two.en.md", "+++\ntitle = 1\n+++\n");
        },
        args: &[],
        expect: Errors(&[
            (
                "content/articles/one.en.md",
                Some(1),
                "missing front matter",
            ),
            ("content/articles/two.en.md", Some(2), "string"),
        ]),
    },
    // ----- TOML inside the front matter, and treaty.toml.
    Case {
        name: "duplicate key",
        class: Class::Toml,
        setup: |site| write_article(site, "title = \"again\"\n"),
        args: &[],
        expect: Error {
            file: X,
            line: Some(4),
            words: "duplicate key",
        },
    },
    Case {
        name: "unknown front matter key",
        class: Class::Toml,
        setup: |site| write_article(site, "authour = \"me\"\n"),
        args: &[],
        expect: Error {
            file: X,
            line: Some(4),
            words: "authour",
        },
    },
    Case {
        name: "unknown key in the [source] table",
        class: Class::Toml,
        setup: |site| {
            write_article(
                site,
                "\n[source]\nname = \"Paper\"\nurl = \"https://paper.example/\"\nauthor = \"me\"\n",
            )
        },
        args: &[],
        expect: Error {
            file: X,
            line: Some(8),
            words: "author",
        },
    },
    Case {
        name: "10 000 nested arrays",
        class: Class::Toml,
        setup: |site| {
            write_article(
                site,
                &format!("tags = {}{}\n", "[".repeat(10_000), "]".repeat(10_000)),
            )
        },
        args: &[],
        expect: Error {
            file: X,
            line: Some(4),
            words: "recurse",
        },
    },
    Case {
        name: "unterminated string",
        class: Class::Toml,
        setup: |site| write_article(site, "summary = \"no end\n"),
        args: &[],
        expect: Error {
            file: X,
            line: Some(4),
            words: "",
        },
    },
    Case {
        name: "treaty.toml unknown key",
        class: Class::Toml,
        setup: |site| write_treaty(site, "", "colour = \"blue\"\n"),
        args: &[],
        expect: Error {
            file: TREATY,
            line: Some(6),
            words: "colour",
        },
    },
    Case {
        name: "treaty.toml threshold of zero",
        class: Class::Toml,
        setup: |site| {
            write_treaty(site, "", "");
            replace(site, TREATY, "threshold = 40", "threshold = 0");
        },
        args: &[],
        expect: Error {
            file: TREATY,
            line: Some(2),
            words: "`threshold` must be at least 1",
        },
    },
    Case {
        name: "treaty.toml negative threshold",
        class: Class::Toml,
        setup: |site| {
            write_treaty(site, "", "");
            replace(site, TREATY, "threshold = 40", "threshold = -3");
        },
        args: &[],
        expect: Error {
            file: TREATY,
            line: Some(2),
            words: "",
        },
    },
    Case {
        // Once panicked: the entry-into-force date overflowed the calendar.
        name: "treaty.toml days_after_threshold near i64::MAX",
        class: Class::Toml,
        setup: |site| {
            write_treaty(site, "", "");
            replace(
                site,
                TREATY,
                "threshold = 40\ndays_after_threshold = 90",
                "threshold = 1\ndays_after_threshold = 9223372036854775807",
            );
        },
        args: &[],
        expect: Error {
            file: TREATY,
            line: Some(3),
            words: "days_after_threshold",
        },
    },
    Case {
        name: "participants.toml deposit before adoption",
        class: Class::Toml,
        setup: |site| {
            write_treaty(site, "", "");
            write_participants(
                site,
                "instrument = \"ratification\"\ndeposited = 2020-03-01\ninstrument_source = { title = \"UN\", url = \"https://treaties.un.org/\" }\n",
            );
        },
        args: &[],
        expect: Error {
            file: PARTICIPANTS,
            line: Some(7),
            words: "before the convention was adopted",
        },
    },
    Case {
        name: "participants.toml note in one language only",
        class: Class::Toml,
        setup: |site| {
            write_treaty(site, "", "");
            write_participants(site, "note = { en = \"Domestic steps only.\" }\n");
        },
        args: &[],
        expect: Error {
            file: PARTICIPANTS,
            line: Some(6),
            words: "no `ar` version",
        },
    },
    Case {
        name: "participants.toml unknown code",
        class: Class::Toml,
        setup: |site| {
            write_treaty(site, "", "");
            write_participants(site, "");
            replace(site, PARTICIPANTS, "code = \"AZ\"", "code = \"XQ\"");
        },
        args: &[],
        expect: Error {
            file: PARTICIPANTS,
            line: Some(3),
            words: "not an ISO 3166-1 alpha-2 country code",
        },
    },
    Case {
        name: "participants.toml without treaty.toml",
        class: Class::Toml,
        setup: |site| write_participants(site, ""),
        args: &[],
        expect: Error {
            file: PARTICIPANTS,
            line: None,
            words: "need content/treaty.toml",
        },
    },
    Case {
        name: "an article naming a state not in participants.toml",
        class: Class::Toml,
        setup: |site| {
            write_treaty(site, "", "");
            write_participants(site, "");
            write_article(site, "states = [\"FR\"]\n");
        },
        args: &[],
        expect: Error {
            file: X,
            line: Some(4),
            words: "`states` names `FR`",
        },
    },
    Case {
        name: "treaty.toml with a BOM and CRLF is accepted",
        class: Class::Toml,
        setup: |site| {
            write_treaty(site, "", "");
            let text = fs::read_to_string(site.root().join(TREATY)).expect("read");
            site.write_bytes(TREATY, &with_bom_and_crlf(&text));
        },
        args: &[],
        expect: Built(home_built),
    },
    // ----- Dates.
    Case {
        name: "30 February",
        class: Class::Date,
        setup: |site| site.write(X, "+++\ntitle = \"X\"\ndate = 2025-02-30\n+++\n"),
        args: &[],
        expect: Error {
            file: X,
            line: Some(3),
            words: "invalid date",
        },
    },
    Case {
        name: "30 February as a string",
        class: Class::Date,
        setup: |site| site.write(X, "+++\ntitle = \"X\"\ndate = \"2025-02-30\"\n+++\n"),
        args: &[],
        expect: Error {
            file: X,
            line: Some(3),
            words: "not a date",
        },
    },
    Case {
        name: "month 13 as a string",
        class: Class::Date,
        setup: |site| site.write(X, "+++\ntitle = \"X\"\ndate = \"2025-13\"\n+++\n"),
        args: &[],
        expect: Error {
            file: X,
            line: Some(3),
            words: "no month 13",
        },
    },
    Case {
        name: "article dated by year only",
        class: Class::Date,
        setup: |site| site.write(X, "+++\ntitle = \"X\"\n\ndate = \"2025\"\n+++\n"),
        args: &[],
        expect: Error {
            file: X,
            line: Some(4),
            words: "an article needs a full date",
        },
    },
    Case {
        name: "date with a time of day",
        class: Class::Date,
        setup: |site| site.write(X, "+++\ntitle = \"X\"\ndate = 2025-03-04T10:00:00Z\n+++\n"),
        args: &[],
        expect: Error {
            file: X,
            line: Some(3),
            words: "time of day",
        },
    },
    Case {
        name: "full-width digits",
        class: Class::Date,
        setup: |site| site.write(X, "+++\ntitle = \"X\"\ndate = \"２０２５-03-04\"\n+++\n"),
        args: &[],
        expect: Error {
            file: X,
            line: Some(3),
            words: "is not a date",
        },
    },
    Case {
        name: "date that is a boolean",
        class: Class::Date,
        setup: |site| site.write(X, "+++\ntitle = \"X\"\ndate = true\n+++\n"),
        args: &[],
        expect: Error {
            file: X,
            line: Some(3),
            words: "expected a date",
        },
    },
    Case {
        name: "event that ends before it starts",
        class: Class::Date,
        setup: |site| {
            write_event(
                site,
                "date = \"2025-03-04\"\nkind = \"signature\"\nend = \"2025-03\"",
            )
        },
        args: &[],
        expect: Error {
            file: EVENT,
            line: Some(5),
            words: "is not after",
        },
    },
    Case {
        name: "event of an unknown kind",
        class: Class::Date,
        setup: |site| write_event(site, "date = \"2025\"\nkind = \"coup\""),
        args: &[],
        expect: Error {
            file: EVENT,
            line: Some(4),
            words: "`kind = \"coup\"` is not one of the accepted values: use proposal,",
        },
    },
    Case {
        name: "year 0 and year 9999 are accepted",
        class: Class::Date,
        setup: |site| {
            write_event(site, "date = \"0000\"\nkind = \"proposal\"");
            site.write(X, &article("").replace("2025-03-04", "9999-12-31"));
        },
        args: &[],
        expect: Built(|site| {
            x_page_built(site);
            assert!(site.page("en/timeline/index.html").contains("Y happens"));
        }),
    },
    // ----- Markdown bodies.
    Case {
        name: "link to a content file that does not exist",
        class: Class::Markdown,
        setup: |site| {
            site.write(
                X,
                &article("").replace("The body.", "[gone](@/articles/gone.md)"),
            )
        },
        args: &[],
        expect: Error {
            file: X,
            line: None,
            words: "@/articles/gone.md",
        },
    },
    Case {
        name: "20 000 nested block quotes",
        class: Class::Markdown,
        setup: |site| {
            site.write(
                X,
                &article("").replace(
                    "The body.",
                    &format!("The body.\n\n{} deep", ">".repeat(20_000)),
                ),
            )
        },
        args: &[],
        expect: Built(x_page_built),
    },
    Case {
        name: "500 nested lists",
        class: Class::Markdown,
        setup: |site| {
            let list: String = (0..500)
                .map(|depth| format!("{}- item\n", "  ".repeat(depth)))
                .collect();
            site.write(
                X,
                &article("").replace("The body.", &format!("The body.\n\n{list}")),
            );
        },
        args: &[],
        expect: Built(x_page_built),
    },
    Case {
        name: "a 1 MB line",
        class: Class::Markdown,
        setup: |site| {
            site.write(
                X,
                &article("").replace(
                    "The body.",
                    &format!("The body. {}", "word ".repeat(200_000)),
                ),
            )
        },
        args: &[],
        expect: Built(x_page_built),
    },
    Case {
        name: "20 000 unclosed brackets and emphasis",
        class: Class::Markdown,
        setup: |site| {
            let noise = format!("{}{}", "[*_".repeat(20_000), "`<".repeat(10_000));
            site.write(
                X,
                &article("").replace("The body.", &format!("The body.\n\n{noise}")),
            );
        },
        args: &[],
        expect: Built(x_page_built),
    },
    Case {
        // Once quadratic: 20 000 headings with the same text took 46 s to get their ids.
        name: "20 000 headings with the same text",
        class: Class::Markdown,
        setup: |site| {
            let headings = "## Update\n\n".repeat(20_000);
            site.write(
                X,
                &article("").replace("The body.", &format!("The body.\n\n{headings}")),
            );
        },
        args: &[],
        expect: Built(|site| {
            x_page_built(site);
            let page = site.page("en/articles/x/index.html");
            assert!(
                page.contains(r#"id="update-19999""#),
                "the last heading's id"
            );
        }),
    },
    // ----- Templates.
    Case {
        name: "template syntax error",
        class: Class::Template,
        setup: |site| {
            site.write(
                "templates/index.html",
                "{% extends \"base.html\" %}\n{% block content %}\n{% if %}\n{% endblock content %}\n",
            )
        },
        args: &[],
        expect: Error {
            file: "templates/index.html",
            line: Some(3),
            words: "",
        },
    },
    Case {
        name: "template using an undefined variable",
        class: Class::Template,
        setup: |site| {
            site.write(
                "templates/index.html",
                "{% extends \"base.html\" %}\n{% block content %}\n<p>{{ no_such_thing }}</p>\n{% endblock content %}\n",
            )
        },
        args: &[],
        expect: Error {
            file: "templates/index.html",
            line: Some(3),
            words: "no_such_thing",
        },
    },
    Case {
        name: "template asking for a Fluent key defined nowhere",
        class: Class::Template,
        setup: |site| {
            site.write(
                "templates/index.html",
                "{% extends \"base.html\" %}\n{% block content %}\n{{ t(key=\"no-such-key\") }}\n{% endblock content %}\n",
            )
        },
        args: &[],
        expect: Error {
            file: "templates/index.html",
            line: Some(3),
            words: "no-such-key",
        },
    },
    Case {
        name: "template that includes itself",
        class: Class::Template,
        setup: |site| site.write("templates/index.html", "{% include \"index.html\" %}\n"),
        args: &[],
        expect: Error {
            file: "templates/index.html",
            line: None,
            words: "Circular include",
        },
    },
    Case {
        name: "template that extends a missing parent",
        class: Class::Template,
        setup: |site| site.write("templates/index.html", "{% extends \"gone.html\" %}\n"),
        args: &[],
        expect: Error {
            file: "templates/index.html",
            line: None,
            words: "gone.html",
        },
    },
    Case {
        name: "required template missing",
        class: Class::Template,
        setup: |site| site.remove("templates/article.html"),
        args: &[],
        expect: Error {
            file: "templates/article.html",
            line: None,
            words: "this template is missing",
        },
    },
    Case {
        name: "template that is not UTF-8",
        class: Class::Template,
        setup: |site| site.write_bytes("templates/root.html", b"<!doctype html>\n<p>caf\xE9</p>\n"),
        args: &[],
        expect: Error {
            file: "templates/root.html",
            line: Some(2),
            words: "not valid UTF-8",
        },
    },
    Case {
        name: "component that renders itself forever",
        class: Class::Template,
        setup: |site| {
            site.write(
                "templates/root.html",
                "{% component loop(n: integer) %}{{ <loop n={n} /> }}{% endcomponent loop %}\n{{ <loop n={1} /> }}\n",
            )
        },
        args: &[],
        expect: Error {
            file: "templates/root.html",
            line: None,
            words: "recursion depth",
        },
    },
    Case {
        name: "unknown filter",
        class: Class::Template,
        setup: |site| site.write("templates/root.html", "<p>\n{{ lang | shout }}</p>\n"),
        args: &[],
        expect: Error {
            file: "templates/root.html",
            line: Some(2),
            words: "shout",
        },
    },
    Case {
        name: "templates with a BOM and CRLF are accepted",
        class: Class::Template,
        setup: |site| {
            for name in ["templates/base.html", "templates/index.html"] {
                let text = fs::read_to_string(site.root().join(name)).expect("read");
                site.write_bytes(name, &with_bom_and_crlf(&text));
            }
        },
        args: &[],
        expect: Built(home_built),
    },
    // ----- Fluent strings.
    Case {
        name: "Fluent file with a BOM and CRLF is accepted",
        class: Class::Fluent,
        setup: |site| {
            let text = fs::read_to_string(site.root().join(EN_FTL)).expect("read");
            site.write_bytes(EN_FTL, &with_bom_and_crlf(&text));
        },
        args: &[],
        expect: Built(home_built),
    },
    Case {
        name: "Fluent syntax error",
        class: Class::Fluent,
        setup: |site| append(site, EN_FTL, "\nbroken = { $count\n"),
        args: &[],
        expect: Error {
            file: EN_FTL,
            line: None,
            words: "Fluent syntax error",
        },
    },
    Case {
        name: "Fluent key defined in one language only",
        class: Class::Fluent,
        setup: |site| append(site, EN_FTL, "\nonly-in-english = Hello\n"),
        args: &[],
        expect: Error {
            file: EN_FTL,
            line: None,
            words: "`only-in-english` is defined in",
        },
    },
    Case {
        name: "Fluent key defined twice",
        class: Class::Fluent,
        setup: |site| prepend(site, EN_FTL, "twice = one\n# between\ntwice = two\n"),
        args: &[],
        // The repeat is the line to fix, not the first definition.
        expect: Error {
            file: EN_FTL,
            line: Some(3),
            words: "is defined twice (first on line 1)",
        },
    },
    Case {
        // Found by fuzzing: fluent-syntax panics slicing inside the Arabic letter to quote it.
        name: "Fluent escape with too few digits before an Arabic letter",
        class: Class::Fluent,
        setup: |site| prepend(site, AR_FTL, "# note\nbroken = { \"\\u06ع\" }\n"),
        args: &[],
        expect: Error {
            file: AR_FTL,
            line: Some(2),
            words: "invalid Unicode escape `\\u06`",
        },
    },
    Case {
        name: "Fluent select without a default variant",
        class: Class::Fluent,
        setup: |site| prepend(site, AR_FTL, "broken = { $count ->\n    [one] واحد\n}\n"),
        args: &[],
        expect: Error {
            file: AR_FTL,
            line: Some(2),
            words: "default variant",
        },
    },
    Case {
        // Once aborted the build: fluent-bundle padded the number with 10^11 zeros.
        name: "Fluent NUMBER() asking for 99999999999 fraction digits",
        class: Class::Fluent,
        setup: |site| {
            prepend(
                site,
                EN_FTL,
                "# a comment\ndigits = { NUMBER($count, minimumFractionDigits: 99999999999) }\n",
            )
        },
        args: &[],
        expect: Error {
            file: EN_FTL,
            line: Some(2),
            words: "minimumFractionDigits: 99999999999",
        },
    },
    Case {
        name: "Fluent file that is not UTF-8",
        class: Class::Fluent,
        setup: |site| site.write_bytes(AR_FTL, b"# comment\nnav-home = \xC0\xC1\n"),
        args: &[],
        expect: Error {
            file: AR_FTL,
            line: Some(2),
            words: "not valid UTF-8",
        },
    },
    Case {
        name: "Fluent file missing",
        class: Class::Fluent,
        setup: |site| site.remove(AR_FTL),
        args: &[],
        expect: Error {
            file: AR_FTL,
            line: None,
            words: "missing",
        },
    },
    Case {
        name: "empty Fluent file",
        class: Class::Fluent,
        setup: |site| site.write(EN_FTL, ""),
        args: &[],
        expect: Error {
            file: AR_FTL,
            line: None,
            words: "templates/i18n/en.ftl",
        },
    },
    Case {
        // Unreadable: a FIFO with no writer. Reading it used to block the build forever.
        name: "Fluent file that is a FIFO",
        class: Class::Fluent,
        setup: |site| {
            site.remove(EN_FTL);
            site.fifo(EN_FTL);
        },
        args: &[],
        expect: Error {
            file: EN_FTL,
            line: None,
            words: "not a regular file",
        },
    },
    // ----- site.toml.
    Case {
        name: "site.toml with a BOM and CRLF is accepted",
        class: Class::SiteToml,
        setup: |site| site.write_bytes("site.toml", &with_bom_and_crlf(common::SITE_TOML)),
        args: &[],
        expect: Built(home_built),
    },
    Case {
        // Run in a folder that holds no site: nothing but the previous output.
        name: "no site.toml",
        class: Class::SiteToml,
        setup: |site| {
            for source in ["site.toml", "content", "templates", "static"] {
                site.remove(source);
            }
        },
        args: &[],
        expect: Error {
            file: "site.toml",
            line: None,
            words: "no site.toml here",
        },
    },
    Case {
        name: "site.toml unknown key",
        class: Class::SiteToml,
        setup: |site| prepend(site, "site.toml", "theme = \"dark\"\n"),
        args: &[],
        expect: Error {
            file: "site.toml",
            line: Some(1),
            words: "theme",
        },
    },
    Case {
        name: "empty site.toml",
        class: Class::SiteToml,
        setup: |site| site.write("site.toml", ""),
        args: &[],
        expect: Error {
            file: "site.toml",
            line: Some(1),
            words: "base_url",
        },
    },
    Case {
        name: "site.toml in UTF-16",
        class: Class::SiteToml,
        setup: |site| {
            let mut bytes = vec![0xFF, 0xFE];
            bytes.extend(common::SITE_TOML.encode_utf16().flat_map(u16::to_le_bytes));
            site.write_bytes("site.toml", &bytes);
        },
        args: &[],
        expect: Error {
            file: "site.toml",
            line: Some(1),
            words: "not valid UTF-8",
        },
    },
    Case {
        name: "site.toml unknown direction",
        class: Class::SiteToml,
        setup: |site| {
            replace(
                site,
                "site.toml",
                "direction = \"rtl\"",
                "direction = \"sideways\"",
            )
        },
        args: &[],
        expect: Error {
            file: "site.toml",
            line: Some(14),
            words: "sideways",
        },
    },
    Case {
        name: "site.toml invalid locale",
        class: Class::SiteToml,
        setup: |site| replace(site, "site.toml", "en-GB", "en_GB!"),
        args: &[],
        expect: Error {
            file: "site.toml",
            line: Some(6),
            words: "not a valid BCP 47 locale",
        },
    },
    Case {
        name: "site.toml base_url that is not a web address",
        class: Class::SiteToml,
        setup: |site| {
            replace(
                site,
                "site.toml",
                "https://example.github.io/digest/",
                "ftp://example.org/",
            )
        },
        args: &[],
        expect: Error {
            file: "site.toml",
            line: Some(1),
            words: "http://",
        },
    },
    Case {
        name: "site.toml default language without a table",
        class: Class::SiteToml,
        setup: |site| {
            replace(
                site,
                "site.toml",
                "default_language = \"en\"",
                "default_language = \"fr\"",
            )
        },
        args: &[],
        expect: Error {
            file: "site.toml",
            line: Some(2),
            words: "`fr`",
        },
    },
    Case {
        name: "site.toml language table twice",
        class: Class::SiteToml,
        setup: |site| append(site, "site.toml", "\n[languages.en]\nname = \"Again\"\n"),
        args: &[],
        expect: Error {
            file: "site.toml",
            line: Some(18),
            words: "",
        },
    },
    Case {
        name: "site.toml description with an escaped control character",
        class: Class::SiteToml,
        setup: |site| replace(site, "site.toml", "A test site.", "A test\\u001b site."),
        args: &[],
        expect: Error {
            file: "site.toml",
            line: Some(9),
            words: "control character U+001B",
        },
    },
    Case {
        name: "site.toml is a folder",
        class: Class::SiteToml,
        setup: |site| {
            site.remove("site.toml");
            fs::create_dir(site.root().join("site.toml")).expect("mkdir");
        },
        args: &[],
        expect: Error {
            file: "site.toml",
            line: None,
            words: "no site.toml here",
        },
    },
    // ----- The file system.
    Case {
        name: "PNG bytes named x.en.md",
        class: Class::FileSystem,
        setup: |site| {
            site.write_bytes(
                X,
                b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89",
            )
        },
        args: &[],
        expect: Error {
            file: X,
            line: Some(1),
            words: "not valid UTF-8",
        },
    },
    Case {
        name: "Latin-1 byte on line 2 of an article",
        class: Class::FileSystem,
        setup: |site| site.write_bytes(X, b"+++\ntitle = \"caf\xE9\"\ndate = 2025-01-01\n+++\n"),
        args: &[],
        expect: Error {
            file: X,
            line: Some(2),
            words: "not valid UTF-8",
        },
    },
    Case {
        name: "unknown language suffix",
        class: Class::FileSystem,
        setup: |site| site.article("bonjour", "fr", "Bonjour", "2025-01-01", ""),
        args: &[],
        expect: Error {
            file: "content/articles/bonjour.fr.md",
            line: None,
            words: "unknown language suffix `.fr`",
        },
    },
    Case {
        name: "symbolic link loop in content/",
        class: Class::FileSystem,
        setup: |site| site.symlink(".", "content/articles/loop"),
        args: &[],
        expect: Error {
            file: "content/articles/loop",
            line: None,
            words: "loops back",
        },
    },
    Case {
        // Unreadable: a dangling symbolic link (root reads any file, so permissions cannot do it).
        name: "dangling symbolic link named x.en.md",
        class: Class::FileSystem,
        setup: |site| site.symlink("nowhere.md", X),
        args: &[],
        expect: Error {
            file: X,
            line: None,
            words: "No such file",
        },
    },
    Case {
        // A FIFO cannot be read without blocking: the walk passes over anything that is not a
        // regular file, so the build neither hangs nor publishes it.
        name: "FIFO named x.en.md is passed over",
        class: Class::FileSystem,
        setup: |site| site.fifo(X),
        args: &[],
        expect: Built(|site| {
            assert!(!site.root().join("public/en/articles/x").exists());
            home_built(site);
        }),
    },
    Case {
        // Unreadable: a FIFO with no writer, read by name. It used to block the build forever.
        name: "treaty.toml is a FIFO",
        class: Class::FileSystem,
        setup: |site| site.fifo(TREATY),
        args: &[],
        expect: Error {
            file: TREATY,
            line: None,
            words: "not a regular file",
        },
    },
    Case {
        name: "treaty.toml is a folder",
        class: Class::FileSystem,
        setup: |site| fs::create_dir_all(site.root().join(TREATY)).expect("mkdir"),
        args: &[],
        expect: Error {
            file: TREATY,
            line: None,
            words: "a folder",
        },
    },
    Case {
        // A folder whose name looks like a page is a folder: what it holds is content.
        name: "folder named x.en.md is walked, not read",
        class: Class::FileSystem,
        setup: |site| site.write("content/articles/x.en.md/x.en.md", &article("")),
        args: &[],
        expect: Built(x_page_built),
    },
    Case {
        name: "two files that map to the same URL",
        class: Class::FileSystem,
        setup: |site| site.write("content/articles/sub/good.en.md", &article("")),
        args: &[],
        expect: Error {
            file: "content/articles/sub/good.en.md",
            line: None,
            words: "maps to the same page as",
        },
    },
    Case {
        name: "file name that cannot be a URL",
        class: Class::FileSystem,
        setup: |site| site.write("content/articles/Big News.en.md", &article("")),
        args: &[],
        expect: Error {
            file: "content/articles/Big News.en.md",
            line: None,
            words: "cannot be a URL slug",
        },
    },
    Case {
        name: "static file at the address of a page",
        class: Class::FileSystem,
        setup: |site| site.write("static/en/index.html", "<p>mine</p>"),
        args: &[],
        expect: Error {
            file: "static/en/index.html",
            line: None,
            words: "same address",
        },
    },
    Case {
        name: "dangling symbolic link in static/",
        class: Class::FileSystem,
        setup: |site| site.symlink("gone.png", "static/logo.png"),
        args: &[],
        expect: Error {
            file: "static/logo.png",
            line: None,
            words: "cannot read",
        },
    },
    Case {
        name: "symbolic link loop in templates/",
        class: Class::FileSystem,
        setup: |site| site.symlink("..", "templates/partials/up"),
        args: &[],
        expect: Error {
            file: "templates/partials/up",
            line: None,
            words: "loop",
        },
    },
    Case {
        name: "symbolic link in static/ to a file outside the site",
        class: Class::FileSystem,
        setup: |site| site.symlink("/etc/passwd", "static/p.txt"),
        args: &[],
        expect: Error {
            file: "static/p.txt",
            line: None,
            words: "leads to /etc/passwd, outside the site's folder",
        },
    },
    Case {
        name: "article that is a symbolic link out of the site",
        class: Class::FileSystem,
        setup: |site| site.symlink("/etc/hostname", X),
        args: &[],
        expect: Error {
            file: X,
            line: None,
            words: "outside the site's folder",
        },
    },
    Case {
        name: "symbolic link in static/ into the output",
        class: Class::FileSystem,
        setup: |site| site.symlink("../public", "static/pub"),
        args: &[],
        expect: Error {
            file: "static/pub",
            line: None,
            words: "a folder Accord writes its output to",
        },
    },
    // ----- --output that points at the sources.
    Case {
        name: "--output content",
        class: Class::Output,
        setup: |_| {},
        args: &["--output", "content"],
        expect: Refused,
    },
    Case {
        name: "--output content/articles/out",
        class: Class::Output,
        setup: |_| {},
        args: &["--output", "content/articles/out"],
        expect: Refused,
    },
    Case {
        name: "--output templates",
        class: Class::Output,
        setup: |_| {},
        args: &["--output", "templates"],
        expect: Refused,
    },
    Case {
        name: "--output static/",
        class: Class::Output,
        setup: |_| {},
        args: &["--output", "static/"],
        expect: Refused,
    },
    Case {
        name: "--output .",
        class: Class::Output,
        setup: |_| {},
        args: &["--output", "."],
        expect: Refused,
    },
    Case {
        name: "--output ..",
        class: Class::Output,
        setup: |_| {},
        args: &["--output", ".."],
        expect: Refused,
    },
    Case {
        name: "--output public/../content",
        class: Class::Output,
        setup: |_| {},
        args: &["--output", "public/../content"],
        expect: Refused,
    },
    Case {
        name: "--output site.toml",
        class: Class::Output,
        setup: |_| {},
        args: &["--output", "site.toml"],
        expect: Refused,
    },
    Case {
        name: "--output /",
        class: Class::Output,
        setup: |_| {},
        args: &["--output", "/"],
        expect: Refused,
    },
    Case {
        name: "--output is a link to content/",
        class: Class::Output,
        setup: |site| site.symlink("content", "out"),
        args: &["--output", "out"],
        expect: Refused,
    },
    Case {
        name: "--output a folder Accord did not write",
        class: Class::Output,
        setup: |site| site.write("src/main.rs", "fn main() {}\n"),
        args: &["--output", "src"],
        expect: Refused,
    },
];

/// The good site every case starts from, built once.
fn good_site() -> Fixture {
    let site = Fixture::new();
    site.article("good", "en", "Good", "2025-01-01", "");
    site.article("good", "ar", "جيد", "2025-01-01", "");
    site.event("adoption", "en", "Adoption", "2024-12-24", "adoption");
    site.event("adoption", "ar", "اعتماد", "2024-12-24", "adoption");
    site.build();
    site
}

/// Every file below the root except the output, for "nothing was touched".
fn sources(site: &Fixture) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for folder in ["content", "templates", "static"] {
        for (path, bytes) in site.snapshot(folder) {
            files.insert(format!("{folder}/{path}"), bytes);
        }
    }
    files.insert(
        "site.toml".into(),
        fs::read(site.root().join("site.toml")).unwrap_or_default(),
    );
    files
}

/// Runs one case on a copy of `good`; the error says what went wrong.
fn run(case: &Case, good: &Fixture) -> Result<(), String> {
    let site = good.copy();
    (case.setup)(&site);
    let before = site.snapshot("public");
    // Only the output cases compare the sources: the others hold FIFOs and link loops that a
    // plain walk cannot read.
    let sources_before = matches!(case.expect, Refused).then(|| sources(&site));
    let mut args = vec!["build"];
    args.extend_from_slice(case.args);
    let output = site
        .run_within(&args, HANG)
        .ok_or_else(|| format!("`accord {}` hung for {HANG:?}", args.join(" ")))?;
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let fail = |what: String| Err(format!("{what}\n--- stderr ---\n{stderr}"));
    if stderr.contains("panicked") || output.status.code() == Some(101) {
        return fail("accord panicked".into());
    }
    match &case.expect {
        Built(check) => {
            if !output.status.success() {
                return fail(format!("build failed with {:?}", output.status.code()));
            }
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&site)))
                .map_err(|panic| panic_text(&panic))?;
            return Ok(());
        }
        Refused => {
            if output.status.code() != Some(1) {
                return fail(format!(
                    "exit status {:?}, expected 1",
                    output.status.code()
                ));
            }
            if !stderr.contains("refusing --output") {
                return fail("no `refusing --output`".into());
            }
            if Some(sources(&site)) != sources_before {
                return fail("the sources changed".into());
            }
        }
        Error { file, line, words } => {
            reported(&site, &output, &stderr, &[(file, *line, words)])?;
        }
        Errors(all) => reported(&site, &output, &stderr, all)?,
    }
    if site.snapshot("public") != before {
        return fail("the previous public/ changed".into());
    }
    let leftovers: Vec<String> = fs::read_dir(site.root())
        .map_err(|error| error.to_string())?
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("accord-staging"))
        .collect();
    if !leftovers.is_empty() {
        return fail(format!("staging left behind: {leftovers:?}"));
    }
    Ok(())
}

/// A failed build: status 1, every `(file, line, words)` in its errors, and `accord check`
/// (which loads the same way, without writing) reporting the same places.
fn reported(
    site: &Fixture,
    output: &std::process::Output,
    stderr: &str,
    expected: &[(&str, Option<usize>, &str)],
) -> Result<(), String> {
    let fail = |what: String| Err(format!("{what}\n--- stderr ---\n{stderr}"));
    if output.status.code() != Some(1) {
        return fail(format!(
            "exit status {:?}, expected 1",
            output.status.code()
        ));
    }
    let locations: Vec<String> = expected
        .iter()
        .map(|(file, line, _)| match line {
            Some(line) => format!("{file}:{line}:"),
            None => format!("{file}:"),
        })
        .collect();
    for (location, (_, _, words)) in locations.iter().zip(expected) {
        if !stderr.contains(location.as_str()) {
            return fail(format!("no `{location}`"));
        }
        if !stderr.contains(words) {
            return fail(format!("no `{words}`"));
        }
    }
    let checked = site
        .run_within(&["check"], HANG)
        .ok_or_else(|| "`accord check` hung".to_owned())?;
    let check_stderr = String::from_utf8_lossy(&checked.stderr);
    let missing: Vec<&String> = locations
        .iter()
        .filter(|location| !check_stderr.contains(location.as_str()))
        .collect();
    if checked.status.code() != Some(1) || check_stderr.contains("panicked") || !missing.is_empty()
    {
        return fail(format!(
            "`accord check` exited with {:?} without {missing:?}:\n{check_stderr}",
            checked.status.code()
        ));
    }
    Ok(())
}

fn panic_text(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|text| (*text).to_owned()))
        .unwrap_or_else(|| "panicked".to_owned())
}

#[test]
fn every_case_in_the_corpus() {
    let only = std::env::var("CORPUS_CASE").ok();
    let cases: Vec<&Case> = CASES
        .iter()
        .filter(|case| only.as_deref().is_none_or(|name| case.name == name))
        .collect();
    assert!(!cases.is_empty(), "no case named {only:?}");
    let good = good_site();
    let next = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::new());
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(2, 4));
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                while let Some(case) = cases.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let result =
                        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(case, &good)))
                            .unwrap_or_else(|panic| Err(panic_text(&panic)));
                    if let Err(why) = result {
                        failures
                            .lock()
                            .unwrap_or_else(|poisoned| poisoned.into_inner())
                            .push(format!("[{:?}] {}: {why}", case.class, case.name));
                    }
                }
            });
        }
    });
    let mut per_class: BTreeMap<Class, usize> = BTreeMap::new();
    for case in &cases {
        *per_class.entry(case.class).or_default() += 1;
    }
    eprintln!("corpus: {} cases run, by class: {per_class:?}", cases.len());
    let failures = failures
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    assert!(
        failures.is_empty(),
        "{} of {} corpus cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

#[test]
fn the_corpus_covers_every_class() {
    let mut per_class: BTreeMap<Class, usize> = BTreeMap::new();
    for case in CASES {
        *per_class.entry(case.class).or_default() += 1;
    }
    assert!(CASES.len() >= 25, "{} cases", CASES.len());
    assert_eq!(per_class.len(), 9, "{per_class:?}");
    let mut names: Vec<&str> = CASES.iter().map(|case| case.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), CASES.len(), "two cases share a name");
}
