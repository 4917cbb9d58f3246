//! Accord builds a bilingual (English and Arabic) news digest about the UN Convention against
//! Cybercrime from Markdown, Fluent strings and Tera templates.
//!
//! The crate reads like its pipeline, one module per stage:
//!
//! 1. [`paths`] and [`config`]: where the site's files are, and `site.toml`.
//! 2. [`content`]: articles, timeline events and the treaty's status under `content/`, read by
//!    [`source`] and dated with [`date`].
//! 3. [`markdown`]: article and event bodies to HTML.
//! 4. [`localisation`]: Fluent strings, and dates and numbers through ICU4X.
//! 5. [`templates`]: the Tera templates and the functions they call.
//! 6. [`site`]: the loaded site; [`render`] makes its pages, one module per page family, with
//!    [`render::page`] the one place addresses are made.
//! 7. [`output`]: writing files into a staging folder and swapping it in only when all went well.
//!
//! [`build`] runs the pipeline end to end and [`check`] reports every problem; [`watch`] and
//! [`serve`] run it again on every change, [`incremental`] deciding what a change affects.
//! Every stage reports problems as [`error::Diagnostic`]s naming the file and line.

pub mod build;
pub mod check;
pub mod cli;
pub mod config;
pub mod content;
pub mod date;
pub mod error;
pub mod images;
pub mod incremental;
pub mod localisation;
pub mod markdown;
pub mod output;
pub mod paths;
pub mod progress;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod site;
pub mod source;
pub mod templates;
pub mod treaty_import;
pub mod walk;
pub mod watch;
