//! Interface strings from Fluent files, `templates/i18n/{lang}.ftl`, one bundle per language.
//!
//! Every language must define the same keys: a key present in one file and missing in another
//! is an error naming the key and both files, so no edition silently shows a raw key.
//!
//! Bidi isolation: Fluent wraps every placeable in FSI…PDI marks by default. Accord turns that
//! off. The marks are invisible characters that would end up in `<title>`, attributes, feeds and
//! copied text, and the values placed in our messages are numbers and dates already written for
//! the edition's locale, which need no isolation. Text of unknown direction (a source's name, a
//! title shown in the other language) is isolated in the templates instead, with `<bdi>` or a
//! `dir` attribute, where HTML does it properly.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentError, FluentResource, FluentValue};
use fluent_syntax::ast;
use unic_langid::LanguageIdentifier;

use super::numbers::format_number;
use crate::config::Config;
use crate::error::{Diagnostic, catch_panic, line_column};
use crate::source::read_text;

/// A value passed to a Fluent message.
#[derive(Debug, Clone, PartialEq)]
pub enum Argument {
    /// Text, placed as is.
    Text(String),
    /// A number: selects plural forms and is formatted for the locale.
    Number(f64),
}

struct LanguageStrings {
    bundle: FluentBundle<FluentResource>,
    file: PathBuf,
    /// The ids of the file's messages (terms and attributes not included).
    message_ids: Vec<String>,
}

/// The Fluent bundles of every language, built once per build and shared by all renders.
pub struct Strings {
    languages: BTreeMap<String, LanguageStrings>,
}

impl Strings {
    /// Loads `{i18n_dir}/{lang}.ftl` for every language of the site and checks that they agree.
    pub fn load(i18n_dir: &Path, config: &Config) -> Result<Strings, Vec<Diagnostic>> {
        let mut errors = Vec::new();
        let mut languages = BTreeMap::new();
        let mut keys: Vec<(String, PathBuf, BTreeMap<String, usize>)> = Vec::new();
        for language in &config.languages {
            let file = i18n_dir.join(format!("{}.ftl", language.code));
            match load_bundle(&file, &language.locale) {
                Ok((bundle, message_keys)) => {
                    let message_ids = message_keys.keys().cloned().collect();
                    keys.push((language.code.clone(), file.clone(), message_keys));
                    languages.insert(
                        language.code.clone(),
                        LanguageStrings {
                            bundle,
                            file,
                            message_ids,
                        },
                    );
                }
                Err(mut file_errors) => errors.append(&mut file_errors),
            }
        }
        if errors.is_empty() {
            errors.extend(compare_keys(&keys));
        }
        if errors.is_empty() {
            Ok(Strings { languages })
        } else {
            Err(errors)
        }
    }

    /// Formats message `key` (or `key.attribute`) in `lang` with `arguments`.
    ///
    /// The error says what went wrong in terms of the Fluent file: a missing key or a variable
    /// the message uses but was not given.
    pub fn format(
        &self,
        lang: &str,
        key: &str,
        arguments: &[(&str, Argument)],
    ) -> Result<String, String> {
        let language = self
            .languages
            .get(lang)
            .ok_or_else(|| format!("no Fluent strings for the language `{lang}`"))?;
        let (message_id, attribute) = match key.split_once('.') {
            Some((id, attribute)) => (id, Some(attribute)),
            None => (key, None),
        };
        let file = language.file.display();
        let message = language
            .bundle
            .get_message(message_id)
            .ok_or_else(|| format!("the Fluent key `{message_id}` is not in {file}"))?;
        let pattern = match attribute {
            Some(attribute) => message
                .get_attribute(attribute)
                .map(|a| a.value())
                .ok_or_else(|| {
                    format!(
                        "the Fluent key `{message_id}` has no attribute `.{attribute}` in {file}"
                    )
                })?,
            None => message
                .value()
                .ok_or_else(|| format!("the Fluent key `{message_id}` has no value in {file}"))?,
        };
        let mut args = FluentArgs::with_capacity(arguments.len());
        for (name, value) in arguments {
            match value {
                Argument::Text(text) => args.set(*name, FluentValue::from(text.as_str())),
                Argument::Number(number) => args.set(*name, FluentValue::from(*number)),
            }
        }
        let mut errors = Vec::new();
        let text = language
            .bundle
            .format_pattern(pattern, Some(&args), &mut errors);
        if errors.is_empty() {
            Ok(text.into_owned())
        } else {
            let details: Vec<String> = errors.iter().map(ToString::to_string).collect();
            Err(format!(
                "the Fluent message `{key}` in {file} failed: {}",
                details.join("; ")
            ))
        }
    }

    /// The codes of the languages that have strings.
    pub fn languages(&self) -> impl Iterator<Item = &str> {
        self.languages.keys().map(String::as_str)
    }

    /// The ids of the messages `lang` defines.
    pub fn message_ids(&self, lang: &str) -> impl Iterator<Item = &str> {
        self.languages
            .get(lang)
            .into_iter()
            .flat_map(|language| language.message_ids.iter().map(String::as_str))
    }

    /// Whether `lang` defines message `key`.
    pub fn has(&self, lang: &str, key: &str) -> bool {
        self.languages
            .get(lang)
            .is_some_and(|language| language.bundle.has_message(key))
    }
}

/// A parsed Fluent file: its bundle, and its message keys with the lines that define them.
pub type Loaded = (FluentBundle<FluentResource>, BTreeMap<String, usize>);

/// Reads and parses one `.ftl` file into a bundle, returning its message keys with their lines.
fn load_bundle(file: &Path, locale: &str) -> Result<Loaded, Vec<Diagnostic>> {
    if !file.exists() {
        return Err(vec![Diagnostic::in_file(
            file,
            "the Fluent file for this language is missing",
        )]);
    }
    let text = read_text(file).map_err(|error| vec![error])?;
    parse_resource(&text, locale, file)
}

/// Parses the text of a `.ftl` file into a bundle for `locale`; `file` is only used in messages.
pub fn parse_resource(text: &str, locale: &str, file: &Path) -> Result<Loaded, Vec<Diagnostic>> {
    // fluent-syntax 0.12 panics on an invalid `\u`/`\U` escape in a string literal followed by a
    // non-ASCII letter (it slices inside the letter to quote it; found by fuzzing): that panic
    // becomes an error at the escape.
    let parsed = catch_panic(|| FluentResource::try_new(text.to_owned()))
        .ok_or_else(|| vec![unparsable_escape(text, file)])?;
    let resource = match parsed {
        Ok(resource) => resource,
        Err((_, parse_errors)) => {
            return Err(parse_errors
                .iter()
                .map(|error| {
                    // An unclosed brace is reported where the input ran out; point at the
                    // last written character instead, inside the broken message.
                    // Step back a whole character: a byte could land inside an Arabic letter.
                    let before = text.get(..error.pos.start).unwrap_or(text).trim_end();
                    let offset = before.char_indices().next_back().map_or(0, |(at, _)| at);
                    let (line, column) = line_column(text, offset);
                    Diagnostic::in_file(file, format!("Fluent syntax error: {}", error.kind))
                        .at(line, Some(column))
                })
                .collect());
        }
    };
    let mut keys = BTreeMap::new();
    let mut errors = Vec::new();
    for entry in resource.entries() {
        let (key, value, attributes) = match entry {
            ast::Entry::Message(message) => {
                let line = find_key_line(text, message.id.name);
                keys.insert(message.id.name.to_owned(), line);
                (
                    message.id.name.to_owned(),
                    message.value.as_ref(),
                    &message.attributes,
                )
            }
            ast::Entry::Term(term) => (
                format!("-{}", term.id.name),
                Some(&term.value),
                &term.attributes,
            ),
            _ => continue,
        };
        let mut found = Vec::new();
        for pattern in value.into_iter().chain(attributes.iter().map(|a| &a.value)) {
            too_many_digits_in_pattern(pattern, &mut found);
        }
        for problem in found {
            errors.push(
                Diagnostic::in_file(file, format!("the Fluent message `{key}` {problem}"))
                    .at(find_key_line(text, &key), None),
            );
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let language: LanguageIdentifier = locale.parse().map_err(|_| {
        vec![Diagnostic::in_file(
            file,
            format!("`{locale}` is not a valid locale"),
        )]
    })?;
    let mut bundle = FluentBundle::new_concurrent(vec![language]);
    bundle.set_use_isolating(false);
    bundle.set_formatter(Some(format_number));
    // NUMBER() lets messages select ordinal forms ("40th") as well as plurals.
    bundle
        .add_builtins()
        .map_err(|error| vec![Diagnostic::in_file(file, error.to_string())])?;
    if let Err(bundle_errors) = bundle.add_resource(resource) {
        // The bundle keeps the first definition and reports each later one, in file order: the
        // n-th report of a key is its (n+1)-th definition, which is the line to fix.
        let mut repeats: BTreeMap<&str, usize> = BTreeMap::new();
        return Err(bundle_errors
            .iter()
            .map(|error| match error {
                FluentError::Overriding { id, .. } => {
                    let repeat = repeats.entry(id).or_default();
                    *repeat += 1;
                    let lines = definition_lines(text, id);
                    let first = lines.first().copied().unwrap_or(1);
                    let line = lines.get(*repeat).copied().unwrap_or(first);
                    Diagnostic::in_file(
                        file,
                        format!("the Fluent key `{id}` is defined twice (first on line {first})"),
                    )
                    .at(line, None)
                }
                other => Diagnostic::in_file(file, other.to_string()),
            })
            .collect());
    }
    Ok((bundle, keys))
}

/// The most digits a number in a Fluent file may ask for, after the decimal point or as a
/// NUMBER() option. fluent-bundle pads with that many zeros and multiplies by ten to that power
/// without checks: `minimumFractionDigits: 99999999999` aborted the build, and more than 19
/// digits overflow. An f64 holds about 15 reliable decimal digits anyway.
const MAX_DIGITS: usize = 15;

/// Collects what asks for more than [`MAX_DIGITS`] digits in `pattern`.
fn too_many_digits_in_pattern(pattern: &ast::Pattern<&str>, found: &mut Vec<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            too_many_digits_in_expression(expression, found);
        }
    }
}

fn too_many_digits_in_expression(expression: &ast::Expression<&str>, found: &mut Vec<String>) {
    match expression {
        ast::Expression::Select { selector, variants } => {
            too_many_digits_in_inline(selector, found);
            for variant in variants {
                if let ast::VariantKey::NumberLiteral { value } = &variant.key {
                    check_number_literal(value, found);
                }
                too_many_digits_in_pattern(&variant.value, found);
            }
        }
        ast::Expression::Inline(inline) => too_many_digits_in_inline(inline, found),
    }
}

fn too_many_digits_in_inline(inline: &ast::InlineExpression<&str>, found: &mut Vec<String>) {
    match inline {
        ast::InlineExpression::NumberLiteral { value } => check_number_literal(value, found),
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for argument in &arguments.positional {
                too_many_digits_in_inline(argument, found);
            }
            for named in &arguments.named {
                if let ast::InlineExpression::NumberLiteral { value } = &named.value {
                    let digits = value.parse::<f64>().unwrap_or(f64::INFINITY);
                    if named.name.name.ends_with("Digits") && digits > MAX_DIGITS as f64 {
                        found.push(format!(
                            "asks for `{}: {value}`: at most {MAX_DIGITS} digits",
                            named.name.name
                        ));
                    }
                }
                too_many_digits_in_inline(&named.value, found);
            }
        }
        ast::InlineExpression::TermReference {
            arguments: Some(arguments),
            ..
        } => {
            for argument in arguments
                .positional
                .iter()
                .chain(arguments.named.iter().map(|n| &n.value))
            {
                too_many_digits_in_inline(argument, found);
            }
        }
        ast::InlineExpression::Placeable { expression } => {
            too_many_digits_in_expression(expression, found);
        }
        _ => {}
    }
}

fn check_number_literal(value: &str, found: &mut Vec<String>) {
    let decimals = value
        .split_once('.')
        .map_or(0, |(_, fraction)| fraction.len());
    if decimals > MAX_DIGITS {
        found.push(format!(
            "has the number {value} with {decimals} decimal places: at most {MAX_DIGITS}"
        ));
    }
}

/// The error for a file the Fluent parser panicked on: the first `\u` or `\U` escape with too
/// few hex digits before a non-ASCII character, which is what makes it panic.
fn unparsable_escape(text: &str, file: &Path) -> Diagnostic {
    let found = text.match_indices('\\').find_map(|(at, _)| {
        let rest = &text[at + 1..];
        let digits = match rest.as_bytes().first() {
            Some(b'u') => 4,
            Some(b'U') => 6,
            _ => return None,
        };
        let hex = rest[1..]
            .bytes()
            .take(digits)
            .take_while(u8::is_ascii_hexdigit)
            .count();
        let next = rest[1 + hex..].chars().next()?;
        (hex < digits && !next.is_ascii()).then(|| (at, &rest[..1 + hex], digits))
    });
    match found {
        Some((at, escape, digits)) => {
            let (line, column) = line_column(text, at);
            Diagnostic::in_file(
                file,
                format!(
                    "Fluent syntax error: invalid Unicode escape `\\{escape}`: expected {digits} hex digits"
                ),
            )
            .at(line, Some(column))
        }
        None => Diagnostic::in_file(
            file,
            "the Fluent parser failed on this file; look for an unusual escape sequence",
        ),
    }
}

/// The 1-based line where `key` is defined, for messages (1 if it cannot be found).
fn find_key_line(text: &str, key: &str) -> usize {
    text.lines()
        .position(|line| defines(line, key))
        .map_or(1, |index| index + 1)
}

/// The 1-based lines that define `id` as a message or as a term (`-id`), in file order: the
/// bundle keeps both kinds under one name, so either clashes with the other.
fn definition_lines(text: &str, id: &str) -> Vec<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| {
            defines(line, id) || line.strip_prefix('-').is_some_and(|l| defines(l, id))
        })
        .map(|(index, _)| index + 1)
        .collect()
}

/// Whether `line` starts the definition of `key`.
fn defines(line: &str, key: &str) -> bool {
    line.strip_prefix(key)
        .is_some_and(|rest| rest.trim_start().starts_with('='))
}

/// Every key must exist in every language.
fn compare_keys(keys: &[(String, PathBuf, BTreeMap<String, usize>)]) -> Vec<Diagnostic> {
    let all: BTreeSet<&String> = keys.iter().flat_map(|(_, _, k)| k.keys()).collect();
    let mut errors = Vec::new();
    for key in all {
        let Some((_, defined_in, lines)) = keys.iter().find(|(_, _, k)| k.contains_key(key)) else {
            continue;
        };
        for (_, file, file_keys) in keys {
            if !file_keys.contains_key(key) {
                errors.push(
                    Diagnostic::in_file(
                        defined_in,
                        format!(
                            "the Fluent key `{key}` is defined in {} but missing from {}",
                            defined_in.display(),
                            file.display()
                        ),
                    )
                    .at(lines[key], None),
                );
            }
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLURALS_AR: &str = "articles = { $count ->\n    [zero] لا مقالات\n    [one] مقال واحد\n    [two] مقالان\n    [few] { $count } مقالات\n    [many] { $count } مقالا\n   *[other] { $count } مقال\n}\n";

    fn bundle_of(locale: &str, text: &str) -> Strings {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("x.ftl");
        std::fs::write(&file, text).expect("write");
        let (bundle, keys) = load_bundle(&file, locale).expect("valid Fluent");
        let mut languages = BTreeMap::new();
        let message_ids = keys.into_keys().collect();
        languages.insert(
            "x".to_owned(),
            LanguageStrings {
                bundle,
                file,
                message_ids,
            },
        );
        Strings { languages }
    }

    #[test]
    fn arabic_selects_all_six_plural_forms() {
        let strings = bundle_of("ar-MA", PLURALS_AR);
        let said = |count: f64| {
            strings
                .format("x", "articles", &[("count", Argument::Number(count))])
                .expect("formats")
        };
        assert_eq!(said(0.0), "لا مقالات");
        assert_eq!(said(1.0), "مقال واحد");
        assert_eq!(said(2.0), "مقالان");
        assert_eq!(said(3.0), "3 مقالات");
        assert_eq!(said(11.0), "11 مقالا");
        assert_eq!(said(100.0), "100 مقال");
    }

    #[test]
    fn numbers_are_grouped_by_locale_without_isolation_marks() {
        let strings = bundle_of("en-GB", "n = { $count } items\n");
        let text = strings
            .format("x", "n", &[("count", Argument::Number(12345.0))])
            .expect("formats");
        assert_eq!(text, "12,345 items");
    }

    #[test]
    fn an_escape_the_parser_panics_on_is_an_error_at_its_line() {
        let text = "ok = fine\nn = { \"co\\U01F\u{feff}600\" }\n";
        let Err(errors) = parse_resource(text, "en-GB", Path::new("en.ftl")) else {
            panic!("a bad escape must be an error");
        };
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].line, Some(2), "{}", errors[0]);
        assert!(errors[0].message.contains("`\\U01F`"), "{}", errors[0]);
    }

    #[test]
    fn a_syntax_error_names_its_line() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("en.ftl");
        std::fs::write(&file, "good = fine\nbad = { $x\n").expect("write");
        let errors = load_bundle(&file, "en").err().unwrap_or_default();
        assert_eq!(errors.first().and_then(|e| e.line), Some(2), "{errors:?}");
    }

    #[test]
    fn a_key_missing_in_one_language_names_the_key_and_both_files() {
        let mut en = BTreeMap::new();
        en.insert("only-en".to_owned(), 4);
        let keys = vec![
            ("en".to_owned(), PathBuf::from("i18n/en.ftl"), en),
            (
                "ar".to_owned(),
                PathBuf::from("i18n/ar.ftl"),
                BTreeMap::new(),
            ),
        ];
        let errors = compare_keys(&keys);
        assert_eq!(errors.len(), 1);
        let message = &errors[0].message;
        assert!(
            message.contains("only-en") && message.contains("en.ftl") && message.contains("ar.ftl")
        );
        assert_eq!(errors[0].line, Some(4));
    }

    #[test]
    fn a_syntax_error_after_arabic_text_names_its_line() {
        let text = "broken = { $count ->\n    [one] واحد\n}\nfine = ok\nmore = ok\n";
        let errors = parse_resource(text, "ar", Path::new("ar.ftl"))
            .err()
            .unwrap_or_default();
        let places: Vec<_> = errors.iter().map(|e| (e.line, e.column)).collect();
        assert_eq!(places, [(Some(2), Some(14))], "{errors:?}");
    }

    #[test]
    fn numbers_asking_for_too_many_digits_are_refused_on_their_line() {
        for (text, words) in [
            (
                "ok = fine\nn = { NUMBER($count, minimumFractionDigits: 99999999999) }\n",
                "minimumFractionDigits: 99999999999",
            ),
            (
                "ok = fine\nn = { NUMBER($count, minimumFractionDigits: 25) ->\n    [one] a\n   *[other] b\n}\n",
                "minimumFractionDigits: 25",
            ),
            (
                "ok = fine\nn = { 1.00000000000000000000001 ->\n    [one] a\n   *[other] b\n}\n",
                "23 decimal places",
            ),
            (
                "ok = fine\n-t = { NUMBER(2, minimumIntegerDigits: 1000) }\n",
                "minimumIntegerDigits",
            ),
        ] {
            let errors = parse_resource(text, "en", Path::new("en.ftl"))
                .err()
                .unwrap_or_default();
            assert_eq!(errors.len(), 1, "{text}: {errors:?}");
            assert_eq!(errors[0].line, Some(2), "{errors:?}");
            assert!(errors[0].message.contains(words), "{errors:?}");
        }
        let fine = "n = { NUMBER($count, minimumFractionDigits: 2) } { 1.5 }\n";
        assert!(parse_resource(fine, "en", Path::new("en.ftl")).is_ok());
    }

    #[test]
    fn a_key_defined_twice_points_at_the_repeat() {
        let text = "one = 1\ntwo = 2\n\none = again\nthree = 3\none = thrice\n";
        let errors = parse_resource(text, "en", Path::new("en.ftl"))
            .err()
            .unwrap_or_default();
        let lines: Vec<Option<usize>> = errors.iter().map(|error| error.line).collect();
        assert_eq!(lines, [Some(4), Some(6)], "{errors:?}");
        assert!(errors[0].message.contains("first on line 1"), "{errors:?}");
    }

    #[test]
    fn parse_resource_matches_loading_the_file() {
        let (bundle, keys) = parse_resource(PLURALS_AR, "ar-MA", Path::new("ar.ftl"))
            .unwrap_or_else(|errors| panic!("{errors:?}"));
        assert!(bundle.has_message("articles"));
        assert_eq!(keys.get("articles"), Some(&1));
    }

    #[test]
    fn a_missing_variable_is_an_error() {
        let strings = bundle_of("en", "n = { $count } items\n");
        assert!(strings.format("x", "n", &[]).is_err());
        assert!(strings.format("x", "nope", &[]).is_err());
    }
}
