//! Accord builds a bilingual (English and Arabic) news digest about the UN Convention against
//! Cybercrime from Markdown, Fluent strings and Tera templates.
//!
//! The crate reads like its pipeline, one module per stage:
//!
//! 1. [`config`]: `site.toml`, the languages and where the site is published.
//! 2. [`content`]: articles, timeline events and the treaty's status under `content/`.
//! 3. [`markdown`]: article and event bodies to HTML.
//! 4. [`localisation`]: Fluent strings, and dates and numbers through ICU4X.
//! 5. [`templates`]: the Tera templates and the functions they call.
//! 6. [`site`]: the loaded site and the pages it will render; [`render`] turns them into files.
//! 7. [`output`]: writing files into a staging folder and swapping it in only when all went well.
//!
//! [`build`] runs the pipeline end to end; `watch` and `serve` run it again on every change.

pub mod build;
pub mod check;
pub mod config;
pub mod content;
pub mod error;
pub mod incremental;
pub mod localisation;
pub mod markdown;
pub mod output;
pub mod render;
pub mod serve;
pub mod site;
pub mod templates;
pub mod walk;
pub mod watch;
