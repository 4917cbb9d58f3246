//! A language's search page: the form, the filters and the results list, filled by
//! `search/search.js` from the language's Pagefind bundle (see [`crate::search`]).

use tera::Context;

use super::SharedViews;
use super::page::{Page, search_bundle_dir};
use super::views::Common;
use crate::error::Diagnostic;
use crate::search::SCRIPT_PATH;
use crate::site::Site;

/// The context of `page`, the search page in `lang`.
pub(super) fn context(
    site: &Site,
    page: &Page,
    lang: &str,
    shared: &SharedViews,
) -> Result<Context, Diagnostic> {
    let common = Common::of(site, page, lang, "search");
    let root = common.root.clone();
    let mut context = common.context();
    context.insert_value("site", shared.site(site, lang, &root));
    // Relative to the search page itself: `pagefind/`, and the script from the site root.
    let bundle = search_bundle_dir(lang);
    let own = page.site_path();
    context.insert(
        "bundle_href",
        bundle.strip_prefix(own.as_str()).unwrap_or(&bundle),
    );
    context.insert("script_href", &[root.as_str(), SCRIPT_PATH].concat());
    // The tag filter's choices, from the articles (not from Pagefind's filter file, which lists
    // every article's number and would be loaded before the first query).
    let used: std::collections::BTreeSet<&str> = site
        .articles_in(lang)
        .flat_map(|article| article.tags.iter().map(String::as_str))
        .collect();
    let mut tags: Vec<serde_json::Value> = used
        .into_iter()
        .map(|id| {
            let label = site
                .content
                .tags
                .as_ref()
                .and_then(|tags| tags.label(id, lang))
                .unwrap_or(id);
            serde_json::json!({ "id": id, "label": label })
        })
        .collect();
    tags.sort_by(|a, b| a["label"].as_str().cmp(&b["label"].as_str()));
    context.insert("tags", &tags);
    context.insert(
        "home_href",
        &[root.as_str(), &Page::Home(lang.into()).site_path()].concat(),
    );
    context.insert(
        "timeline_href",
        &[root.as_str(), &Page::Timeline(lang.into()).site_path()].concat(),
    );
    Ok(context)
}
