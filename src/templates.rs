//! Tera templates from `templates/`, parsed once per build, and the functions they can call.
//!
//! Templates call Fluent through `t`:
//!
//! ```text
//! {{ t(key="articles-count", count=articles | length) }}
//! ```
//!
//! `key` names the message; every other argument becomes a Fluent variable (numbers select
//! plural forms). The language is the page's `lang`, or a `lang` argument where a page shows
//! several languages (the 404 page).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustc_hash::FxHashMap;
use tera::{Context, ErrorKind, Kwargs, State, Tera, Value};

use crate::error::Diagnostic;
use crate::localisation::{Argument, Localisation};
use crate::source::read_text;
use crate::walk::files_below;

/// The folder below `templates/` that holds Fluent files rather than templates.
pub const I18N_DIR: &str = "i18n";

/// The parsed templates and the folder they came from.
pub struct Templates {
    tera: Tera,
    dir: PathBuf,
}

impl Templates {
    /// Parses every `.html`, `.xml` and `.txt` file below `dir` (except `i18n/`); each of the
    /// `required` templates (those the site's pages name) must be among them.
    pub fn load(
        dir: &Path,
        localisation: Arc<Localisation>,
        required: &[&str],
    ) -> Result<Templates, Vec<Diagnostic>> {
        let mut sources = Vec::new();
        let mut errors = Vec::new();
        if !dir.is_dir() {
            return Err(vec![Diagnostic::in_file(
                dir,
                "the templates folder is missing",
            )]);
        }
        for entry in files_below(dir, &mut errors) {
            let path = entry.path();
            let Ok(relative) = path.strip_prefix(dir) else {
                continue;
            };
            let name = relative.to_string_lossy().replace('\\', "/");
            let is_template = [".html", ".xml", ".txt"].iter().any(|s| name.ends_with(s));
            if !is_template || name.starts_with(&format!("{I18N_DIR}/")) {
                continue;
            }
            match read_text(path) {
                Ok(text) => sources.push((name, text)),
                Err(error) => errors.push(error),
            }
        }
        for &required in required {
            if !sources.iter().any(|(name, _)| name == required) {
                errors.push(Diagnostic::in_file(
                    dir.join(required),
                    "this template is missing: Accord renders it for every build",
                ));
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }

        let mut tera = Tera::new();
        register_helpers(&mut tera, localisation);
        tera.add_raw_templates(sources)
            .map_err(|error| template_errors(dir, &error))?;
        Ok(Templates {
            tera,
            dir: dir.to_path_buf(),
        })
    }

    /// Renders template `name` with `context` into bytes, naming the template file and line on
    /// failure. (Bytes, not a `String`: every input is already UTF-8, so validating each page
    /// again would only cost time.) `size_hint` is the expected size of the page, so that the
    /// buffer is allocated once.
    pub fn render(
        &self,
        name: &str,
        context: &Context,
        size_hint: usize,
    ) -> Result<Vec<u8>, Diagnostic> {
        let mut page = Vec::with_capacity(size_hint);
        self.tera
            .render_to(name, context, &mut page)
            .map_err(|error| render_error(&self.dir, name, &error))?;
        Ok(page)
    }
}

/// Registers `t` and Accord's `safe` filter.
fn register_helpers(tera: &mut Tera, localisation: Arc<Localisation>) {
    // Tera's own `safe` copies the string it marks; an article body is the largest string on
    // its page, so marking the value itself (its text is shared, not copied) saves a copy of
    // every body. Anything but a string is written out as Tera's filter does.
    tera.register_filter("safe", |value: Value, _: Kwargs, _: &State| {
        if value.as_str().is_some() {
            value.mark_safe()
        } else {
            Value::safe_string(&value.to_string())
        }
    });
    let constants = ConstantMessages::new(&localisation);
    tera.register_function("t", move |kwargs: Kwargs, state: &State| {
        if let Some(text) = constants.lookup(&kwargs, state) {
            return Ok(text);
        }
        translate(&localisation, &kwargs, state)
            .map(Value::from)
            .map_err(tera::Error::message)
    });
}

/// Every message that reads the same on every page (it takes no variables), formatted once:
/// most `t()` calls are these, a dozen on every page.
struct ConstantMessages {
    by_language: FxHashMap<String, FxHashMap<String, Value>>,
}

impl ConstantMessages {
    fn new(localisation: &Localisation) -> ConstantMessages {
        let strings = &localisation.strings;
        let by_language = strings
            .languages()
            .map(|lang| {
                let messages = strings
                    .message_ids(lang)
                    // A message that needs a variable fails without one: it stays uncached.
                    .filter_map(|id| {
                        Some((
                            id.to_owned(),
                            Value::from(strings.format(lang, id, &[]).ok()?),
                        ))
                    })
                    .collect();
                (lang.to_owned(), messages)
            })
            .collect();
        ConstantMessages { by_language }
    }

    /// The message a `t(key=…)` call with no other argument asks for, if it is a constant.
    fn lookup(&self, kwargs: &Kwargs, state: &State) -> Option<Value> {
        let mut arguments = kwargs.iter();
        let (name, key) = arguments.next()?;
        if arguments.next().is_some() || name.as_str() != Some("key") {
            return None;
        }
        // The value, not a String: no allocation for the dozen calls on every page.
        let lang: Value = state.get("lang").ok().flatten()?;
        self.by_language
            .get(lang.as_str()?)?
            .get(key.as_str()?)
            .cloned()
    }
}

/// The `t` function: a Fluent message in the page's language.
fn translate(
    localisation: &Localisation,
    kwargs: &Kwargs,
    state: &State,
) -> Result<String, String> {
    let mut key = None;
    let mut lang = None;
    let mut arguments = Vec::new();
    for (name, value) in kwargs.iter() {
        let name = name.to_string();
        match name.as_str() {
            "key" => key = value.as_str().map(str::to_owned),
            "lang" => lang = value.as_str().map(str::to_owned),
            _ => {
                let argument = match value.as_f64() {
                    Some(number) if value.is_number() => Argument::Number(number),
                    _ => Argument::Text(match value.as_str() {
                        Some(text) => text.to_owned(),
                        None => value.to_string(),
                    }),
                };
                arguments.push((name, argument));
            }
        }
    }
    let key = key.ok_or("t() needs a `key` argument naming a Fluent message")?;
    let lang = match lang {
        Some(lang) => lang,
        None => state
            .get::<String>("lang")
            .ok()
            .flatten()
            .ok_or("t() needs the page's `lang` (or a `lang` argument)")?,
    };
    let arguments: Vec<(&str, Argument)> = arguments
        .iter()
        .map(|(name, value)| (name.as_str(), value.clone()))
        .collect();
    localisation.strings.format(&lang, &key, &arguments)
}

/// A render error of template `name`: some (a component recursing without end) name no template,
/// and then the one being rendered is where to start looking.
fn render_error(dir: &Path, name: &str, error: &tera::Error) -> Diagnostic {
    let mut diagnostic = template_error(dir, error);
    if diagnostic.file.as_deref() == Some(dir) {
        diagnostic.file = Some(dir.join(name));
    }
    diagnostic
}

/// Every problem in a Tera error, each as a diagnostic on the template file and line it points at.
fn template_errors(dir: &Path, error: &tera::Error) -> Vec<Diagnostic> {
    if let ErrorKind::Msg(text) = error.kind() {
        let found = reported_errors(dir, text);
        if !found.is_empty() {
            return found;
        }
    }
    vec![template_error(dir, error)]
}

/// Tera reports unknown filters, tests, functions and components, and blocks no parent has, only
/// as text: one `error: …` report per problem, each followed by a `--> name:line:column` line.
fn reported_errors(dir: &Path, text: &str) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for report in text.split("\n\n") {
        let mut lines = report.lines();
        let Some(message) = lines.next().and_then(|line| line.strip_prefix("error: ")) else {
            continue;
        };
        let Some(locus) = lines
            .next()
            .and_then(|line| line.trim_start().strip_prefix("--> "))
        else {
            continue;
        };
        // The name comes first and may itself hold a colon; line and column never do.
        let mut parts = locus.rsplitn(3, ':');
        let (Some(column), Some(line), Some(name)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        if let (Ok(line), Ok(column)) = (line.parse(), column.parse()) {
            found.push(Diagnostic::in_file(dir.join(name), message).at(line, Some(column)));
        }
    }
    found
}

/// A Tera error as a diagnostic on the template file and line it points at (the first, if the
/// error holds several).
fn template_error(dir: &Path, error: &tera::Error) -> Diagnostic {
    match error.kind() {
        ErrorKind::Msg(text) if !reported_errors(dir, text).is_empty() => {
            let mut found = reported_errors(dir, text);
            let more = found.len() - 1;
            let mut first = found.swap_remove(0);
            if more > 0 {
                first
                    .message
                    .push_str(&format!(" (and {more} more in the templates)"));
            }
            first
        }
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            let file = dir.join(report.filename());
            let span = report.span();
            let mut message = report.message().to_owned();
            let mut source = std::error::Error::source(error);
            while let Some(cause) = source {
                message.push_str(&format!(": {cause}"));
                source = cause.source();
            }
            Diagnostic::in_file(file, message).at(span.start_line, Some(span.start_col + 1))
        }
        ErrorKind::MissingParent { current, parent } => Diagnostic::in_file(
            dir.join(current),
            format!("extends `{parent}`, which is not in the templates folder"),
        ),
        // A loop has no span, but it starts in a template the user can open.
        ErrorKind::CircularExtend { tpl, .. } | ErrorKind::CircularInclude { tpl, .. } => {
            Diagnostic::in_file(dir.join(tpl), error.to_string())
        }
        ErrorKind::TemplateNotFound(name) => {
            Diagnostic::in_file(dir.join(name), "this template is used but does not exist")
        }
        _ => Diagnostic::in_file(dir, error.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ENGLISH: &str = "[languages.en]\nname = \"English\"\nlocale = \"en-GB\"\ndirection = \"ltr\"\ntitle = \"t\"\ndescription = \"d\"\n";
    const ARABIC: &str = "[languages.ar]\nname = \"العربية\"\nlocale = \"ar-MA\"\ndirection = \"rtl\"\ntitle = \"t\"\ndescription = \"d\"\n";

    /// The localisation of a site with `languages` (tables of site.toml) and these Fluent files.
    fn localisation(languages: &[&str], fluent_files: &[(&str, &str)]) -> Arc<Localisation> {
        let dir = tempfile::tempdir().expect("temp dir");
        let config = crate::config::Config::parse(
            &format!(
                "base_url = \"https://e.org\"\ndefault_language = \"en\"\n{}",
                languages.concat()
            ),
            Path::new("site.toml"),
        )
        .expect("valid config");
        let i18n = dir.path().join(I18N_DIR);
        std::fs::create_dir(&i18n).expect("i18n folder");
        for (name, text) in fluent_files {
            std::fs::write(i18n.join(name), text).expect("Fluent file");
        }
        Arc::new(Localisation::load(&i18n, &config).expect("valid Fluent"))
    }

    #[test]
    fn safe_writes_what_teras_own_filter_writes() {
        let localisation = localisation(&[ENGLISH], &[("en.ftl", "home = Home\n")]);
        let template = "{{ body | safe }}|{{ short | safe }}|{{ body }}|{{ n | safe }}|{{ list | safe }}|{{ body | safe | upper }}";
        let mut context = Context::new();
        context.insert("body", "<p>a &amp; b, long enough to be shared</p>");
        context.insert("short", "<b>&</b>");
        context.insert("n", &3);
        context.insert("list", &["<i>"]);
        let render = |tera: &mut Tera| {
            tera.add_raw_template("page.html", template)
                .expect("valid template");
            tera.render("page.html", &context).expect("renders")
        };
        let ours = render(&mut {
            let mut tera = Tera::new();
            register_helpers(&mut tera, localisation);
            tera
        });
        assert_eq!(ours, render(&mut Tera::new()));
        assert!(
            ours.starts_with("<p>a &amp; b, long enough to be shared</p>|<b>&</b>|&lt;p&gt;"),
            "{ours}"
        );
    }

    #[test]
    fn t_gives_constant_and_variable_messages_in_the_page_language() {
        let en = "-brand = Accord\nhome = Home of { -brand }\ncount = { $n ->\n    [one] one article\n   *[other] { $n } articles\n}\n";
        let ar = "-brand = أكورد\nhome = الرئيسية في { -brand }\ncount = { $n ->\n    [zero] لا مقالات\n    [one] مقال واحد\n    [two] مقالان\n    [few] { $n } مقالات\n    [many] { $n } مقالا\n   *[other] { $n } مقال\n}\n";
        let localisation = localisation(&[ENGLISH, ARABIC], &[("en.ftl", en), ("ar.ftl", ar)]);
        let mut tera = Tera::new();
        register_helpers(&mut tera, localisation);
        tera.add_raw_templates(vec![(
            "page.html",
            "{{ t(key=\"home\") }}|{{ t(key=\"count\", n=n) }}|{{ t(key=\"home\", lang=\"en\") }}",
        )])
        .expect("valid template");
        let render = |lang: &str, n: u32| {
            let mut context = Context::new();
            context.insert("lang", lang);
            context.insert("n", &n);
            tera.render("page.html", &context).expect("renders")
        };
        assert_eq!(render("en", 1), "Home of Accord|one article|Home of Accord");
        assert_eq!(render("ar", 2), "الرئيسية في أكورد|مقالان|Home of Accord");
        assert_eq!(render("ar", 11), "الرئيسية في أكورد|11 مقالا|Home of Accord");
        // A message that needs a variable is never taken for a constant: without it, an error.
        tera.add_raw_template("bare.html", "{{ t(key=\"count\") }}")
            .expect("valid template");
        let mut context = Context::new();
        context.insert("lang", "en");
        assert!(tera.render("bare.html", &context).is_err());
    }

    #[test]
    fn a_template_that_includes_itself_is_named() {
        let mut tera = Tera::new();
        let error = tera
            .add_raw_templates(vec![("page.html", "{% include \"page.html\" %}")])
            .expect_err("circular include");
        let diagnostic = template_error(Path::new("templates"), &error);
        assert_eq!(
            diagnostic.file.as_deref(),
            Some(Path::new("templates/page.html")),
            "{diagnostic}"
        );
        assert!(diagnostic.message.contains("Circular"), "{diagnostic}");
    }

    #[test]
    fn unknown_filters_and_functions_are_named_with_file_and_line() {
        let mut tera = Tera::new();
        let error = tera
            .add_raw_templates(vec![
                ("a.html", "<p>\n{{ x | shout }}</p>"),
                ("b/c.html", "{{ nope() }}"),
            ])
            .expect_err("unknown filter and function");
        let found = template_errors(Path::new("templates"), &error);
        let placed: Vec<(Option<&Path>, Option<usize>)> = found
            .iter()
            .map(|diagnostic| (diagnostic.file.as_deref(), diagnostic.line))
            .collect();
        assert_eq!(
            placed,
            [
                (Some(Path::new("templates/a.html")), Some(2)),
                (Some(Path::new("templates/b/c.html")), Some(1)),
            ],
            "{found:?}"
        );
        assert!(
            found[0].message.contains("Unknown filter `shout`"),
            "{found:?}"
        );
        assert!(
            template_error(Path::new("templates"), &error)
                .message
                .contains("and 1 more")
        );
    }

    #[test]
    fn an_error_without_a_place_names_the_template_being_rendered() {
        let mut tera = Tera::new();
        tera.add_raw_templates(vec![(
            "root.html",
            "{% component down(n: integer) %}{{ <down n={n} /> }}{% endcomponent down %}{{ <down n={1} /> }}",
        )])
        .expect("valid templates");
        let error = tera
            .render("root.html", &Context::new())
            .expect_err("endless recursion");
        let diagnostic = render_error(Path::new("templates"), "root.html", &error);
        assert_eq!(
            diagnostic.file.as_deref(),
            Some(Path::new("templates/root.html")),
            "{diagnostic}"
        );
    }

    #[test]
    fn a_template_that_extends_itself_is_named() {
        let mut tera = Tera::new();
        let error = tera
            .add_raw_templates(vec![("page.html", "{% extends \"page.html\" %}")])
            .expect_err("circular extend");
        let diagnostic = template_error(Path::new("templates"), &error);
        assert_eq!(
            diagnostic.file.as_deref(),
            Some(Path::new("templates/page.html")),
            "{diagnostic}"
        );
    }
}
