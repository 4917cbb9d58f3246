//! `accord treaty import`: the UN status file fixture against a small participants file, run
//! through the built binary on a temporary copy.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The fixture status file (ISO-8859-1, eight rows).
fn fixture() -> Vec<u8> {
    fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/untc/XVIII-16.en.xml"))
        .expect("fixture")
}

/// A participants file with hand-written sources, an Arabic note, comments, a range, and a
/// participant the UN file does not list.
const PARTICIPANTS: &str = r#"# Participants, kept by hand.
# A second comment line.
as_of = 2026-11-30

[[participants]]
code = "AZ"
signature = 2025-10-25
signature_source = { title = "Hand-written source", url = "https://example.org/az" }
note = { en = "Domestic steps only.", ar = "خطوات داخلية فقط." }
note_source = { title = "Trend", url = "https://example.org/trend" }

[[participants]]
code = "CI"
signature = 2025-10-25   # as the UN gives it
signature_source = { title = "UN XML", url = "https://example.org/ci" }

[[participants]]
code = "EU"
signature = 2025-10-25
signature_source = { title = "Council of the EU", url = "https://example.org/eu" }
declarations = { en = "A declaration.", ar = "إعلان." }
note = { en = "A regional organisation.", ar = "منظمة إقليمية." }

# Jamaica: not in the fixture's rows.
[[participants]]
code = "JM"
signature = 2025-10-25
signature_source = { title = "Jamaica Gleaner", url = "https://example.org/jm" }

[[participants]]
code = "MA"
signature = 2025-10-26
signature_source = { title = "Verdragenbank", url = "https://example.org/ma" }

[[participants]]
code = "SA"
signature_range = { from = 2025-10-25, to = 2025-10-26 }
signature_source = { title = "Arab News", url = "https://example.org/sa" }

[[participants]]
code = "VN"
signature = 2025-10-25
signature_source = { title = "Quan Doi Nhan Dan", url = "https://example.org/vn" }
instrument = "ratification"
deposited = 2026-05-04
instrument_source = { title = "C.N.1.2026", url = "https://example.org/cn" }
note = { en = "Host of the signing ceremony.", ar = "البلد المضيف لحفل التوقيع." }
"#;

const UN: &str = r#"{ title = "UN Treaty Collection, chapter XVIII-16", url = "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XVIII-16&chapter=18&clang=_en" }"#;

/// A site folder holding `content/participants.toml`, and the status file next to it.
struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    fn new(participants: &str, xml: &[u8]) -> Site {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::create_dir_all(dir.path().join("content")).expect("mkdir");
        fs::write(dir.path().join("content/participants.toml"), participants).expect("write");
        fs::write(dir.path().join("XVIII-16.en.xml"), xml).expect("write");
        Site { dir }
    }

    fn participants(&self) -> PathBuf {
        self.dir.path().join("content/participants.toml")
    }

    fn text(&self) -> String {
        fs::read_to_string(self.participants()).expect("read")
    }

    fn import(&self, extra: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_accord"))
            .current_dir(self.dir.path())
            .args(["treaty", "import", "XVIII-16.en.xml", "--root", "."])
            .args(extra)
            .output()
            .expect("run accord")
    }

    /// No temporary file left next to the participants file.
    fn assert_no_leftovers(&self) {
        let names: Vec<_> = fs::read_dir(self.dir.path().join("content"))
            .expect("list")
            .filter_map(|entry| entry.ok())
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["participants.toml"]);
    }
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

const EXPECTED_CHANGES: [&str; 6] = [
    "new deposit: EU European Union approval 2026-03-05",
    "new signature: IR Iran (Islamic Republic of) 2025-10-25",
    "changed signature date: MA Morocco: 2025-10-26 → 2025-10-25",
    "changed signature date: SA Saudi Arabia: 2025-10-25..2025-10-26 → 2025-10-26",
    "new deposit: SG Singapore accession 2026-09-14",
    "changed deposit date: VN Viet Nam: 2026-05-04 → 2026-06-20",
];

fn change_lines(output: &Output) -> Vec<String> {
    stdout(output)
        .lines()
        .filter(|line| line.starts_with("new ") || line.starts_with("changed "))
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_fixture_updates_dates_and_keeps_everything_else() {
    let site = Site::new(PARTICIPANTS, &fixture());
    let output = site.import(&[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(change_lines(&output), EXPECTED_CHANGES);
    assert!(
        stdout(&output).contains("as_of (2026-11-30)"),
        "{}",
        stdout(&output)
    );
    let warnings = stderr(&output);
    assert!(
        warnings.contains(
            "participants.toml:26: JM Jamaica: in participants.toml but not in the UN file; kept"
        ),
        "{warnings}"
    );

    let expected = PARTICIPANTS
        .replace(
            "declarations = { en = \"A declaration.\"",
            &format!(
                "instrument = \"approval\"\ndeposited = 2026-03-05\ninstrument_source = {UN}\n\
                 declarations = {{ en = \"A declaration.\""
            ),
        )
        .replace("signature = 2025-10-26\n", "signature = 2025-10-25\n")
        .replace(
            "signature_range = { from = 2025-10-25, to = 2025-10-26 }",
            "signature = 2025-10-26",
        )
        .replace("deposited = 2026-05-04", "deposited = 2026-06-20")
        + &format!(
            "\n[[participants]]\ncode = \"IR\"\nsignature = 2025-10-25\nsignature_source = {UN}\n\
             \n[[participants]]\ncode = \"SG\"\ninstrument = \"accession\"\ndeposited = 2026-09-14\n\
             instrument_source = {UN}\n"
        );
    assert_eq!(site.text(), expected);
    site.assert_no_leftovers();

    // A second run finds nothing left to do and writes nothing.
    let again = site.import(&[]);
    assert_eq!(again.status.code(), Some(0));
    assert!(change_lines(&again).is_empty(), "{}", stdout(&again));
    assert!(stdout(&again).contains("No changes"));
    assert_eq!(site.text(), expected);
}

#[test]
fn dry_run_prints_the_same_changes_and_writes_nothing() {
    let site = Site::new(PARTICIPANTS, &fixture());
    let output = site.import(&["--dry-run"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(change_lines(&output), EXPECTED_CHANGES);
    assert!(stdout(&output).contains("Dry run"));
    assert_eq!(site.text(), PARTICIPANTS);
    site.assert_no_leftovers();
}

/// Runs the import on a broken status file and checks it fails without touching the TOML.
fn assert_fails(xml: &[u8], words: &[&str]) {
    let site = Site::new(PARTICIPANTS, xml);
    let output = site.import(&[]);
    let errors = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{errors}");
    assert!(!errors.contains("panicked"), "{errors}");
    for word in words {
        assert!(errors.contains(word), "no `{word}` in\n{errors}");
    }
    assert!(change_lines(&output).is_empty(), "{}", stdout(&output));
    assert_eq!(site.text(), PARTICIPANTS);
    site.assert_no_leftovers();
}

/// The fixture with `from` replaced by `to` (ASCII text, so Latin-1 is left alone).
fn edited(from: &str, to: &str) -> Vec<u8> {
    let bytes = fixture();
    let at = bytes
        .windows(from.len())
        .position(|window| window == from.as_bytes())
        .expect("text in fixture");
    [&bytes[..at], to.as_bytes(), &bytes[at + from.len()..]].concat()
}

/// The 1-based line of the first `needle` in the fixture.
fn line_of(needle: &str) -> usize {
    let text: String = fixture().iter().map(|&b| char::from(b)).collect();
    text.lines()
        .position(|line| line.contains(needle))
        .expect("in fixture")
        + 1
}

#[test]
fn an_unknown_participant_is_named_with_its_line() {
    let line = line_of("<Entry>Morocco</Entry>");
    assert_fails(
        &edited("<Entry>Morocco</Entry>", "<Entry>Narnia</Entry>"),
        &[
            &format!("XVIII-16.en.xml:{line}"),
            "unknown participant \"Narnia\"",
            "row 5",
        ],
    );
}

#[test]
fn a_truncated_file_names_the_file() {
    let bytes = fixture();
    let cut = bytes
        .windows(b"<Entry>Singapore".len())
        .position(|window| window == b"<Entry>Singapore")
        .expect("row");
    assert_fails(&bytes[..cut], &["XVIII-16.en.xml", "ends before"]);
}

#[test]
fn a_mismatched_tag_names_the_file_and_line() {
    let line = line_of("<Entry>Saudi Arabia</Entry>");
    assert_fails(
        &edited("<Entry>Saudi Arabia</Entry>", "<Entry>Saudi Arabia</Entri>"),
        &[&format!("XVIII-16.en.xml:{line}"), "not well-formed XML"],
    );
}

#[test]
fn an_unreadable_date_or_suffix_is_an_error() {
    let line = line_of("<Entry>20 Jun");
    assert_fails(
        &edited("20 Jun\t 2026 ", "20 Jun\t 2026 x"),
        &[
            &format!("XVIII-16.en.xml:{line}"),
            "unknown kind `x`",
            "Viet Nam",
        ],
    );
    assert_fails(
        &edited("26 Oct\t 2025", "26 Okt\t 2025"),
        &["XVIII-16.en.xml", "cannot read the date", "Saudi Arabia"],
    );
}

#[test]
fn a_missing_participants_file_is_an_error() {
    let site = Site::new(PARTICIPANTS, &fixture());
    fs::remove_file(site.participants()).expect("rm");
    let output = site.import(&[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("participants.toml"),
        "{}",
        stderr(&output)
    );
}
