//! Where a site's files are: one struct, set once when the site is opened, that every stage asks
//! instead of joining folder names itself.

use std::path::{Path, PathBuf};

use crate::error::Diagnostic;

/// The site's settings file, at the root.
pub const CONFIG_FILE: &str = "site.toml";
/// Markdown content.
pub const CONTENT_DIR: &str = "content";
/// Tera templates and Fluent strings.
pub const TEMPLATES_DIR: &str = "templates";
/// Files copied to the output as they are.
pub const STATIC_DIR: &str = "static";
/// The output folder when none is given.
pub const DEFAULT_OUTPUT: &str = "public";

/// The folders and files of one site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitePaths {
    /// The site's folder, holding `site.toml`.
    pub root: PathBuf,
    /// `site.toml`.
    pub config: PathBuf,
    /// `content/`.
    pub content: PathBuf,
    /// `templates/` (with the Fluent files in `templates/i18n/`).
    pub templates: PathBuf,
    /// `static/`.
    pub static_dir: PathBuf,
    /// Where `build` and `watch` write, not yet checked (see [`crate::output::checked_output_dir`]).
    pub output: PathBuf,
}

impl SitePaths {
    /// The paths of the site in `root`, writing to `root/public`; nothing is checked.
    pub fn new(root: impl Into<PathBuf>) -> SitePaths {
        let root = root.into();
        SitePaths {
            config: root.join(CONFIG_FILE),
            content: root.join(CONTENT_DIR),
            templates: root.join(TEMPLATES_DIR),
            static_dir: root.join(STATIC_DIR),
            output: root.join(DEFAULT_OUTPUT),
            root,
        }
    }

    /// The paths of the site in `root`, refusing a folder without `site.toml`: most likely a
    /// mistyped `--root`, and not a site whose errors a rebuild could fix.
    pub fn open(root: impl Into<PathBuf>) -> Result<SitePaths, Diagnostic> {
        let paths = SitePaths::new(root);
        if paths.config.is_file() {
            Ok(paths)
        } else {
            Err(Diagnostic::in_file(
                &paths.config,
                "no site.toml here: run accord in the site's folder or pass --root",
            ))
        }
    }

    /// The same site writing to `output` (relative to the root unless absolute).
    pub fn with_output(mut self, output: &Path) -> SitePaths {
        self.output = self.root.join(output);
        self
    }

    /// Paths that hold the site's sources, which an output folder must never be or contain.
    pub fn sources(&self) -> [&Path; 4] {
        [
            &self.content,
            &self.templates,
            &self.static_dir,
            &self.config,
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_without_site_toml_is_refused_by_name() {
        let dir = tempfile::tempdir().expect("temp dir");
        let error = SitePaths::open(dir.path()).expect_err("no site.toml");
        assert_eq!(
            error.file.as_deref(),
            Some(dir.path().join("site.toml").as_path())
        );
        std::fs::write(dir.path().join("site.toml"), "").expect("write");
        let paths = SitePaths::open(dir.path()).expect("opened");
        assert_eq!(paths.static_dir, dir.path().join("static"));
        assert_eq!(
            paths.with_output(Path::new("/abs/out")).output,
            Path::new("/abs/out")
        );
    }
}
