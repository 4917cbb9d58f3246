//! The site-wide files outside any language: the root page that offers every edition, the 404
//! page, `robots.txt` and `.nojekyll`.

use tera::Context;

use super::page::Page;
use super::views::site_view;
use crate::site::Site;

/// The context of a page outside the languages (`Root`, `NotFound`, `Sitemap`), shown in the
/// default language. The 404 page can be served at any depth, so its links start from the base
/// path instead of a relative root.
pub(super) fn context(site: &Site, page: &Page) -> Context {
    let lang = site.config.default_language.as_str();
    let root = if *page == Page::NotFound {
        site.config.base_url.path.clone()
    } else {
        String::new()
    };
    let mut context = Context::new();
    context.insert("lang", lang);
    context.insert("site", &site_view(site, lang, &root));
    context.insert("root", &root);
    context.insert(
        "canonical",
        &site.config.base_url.absolute(&page.site_path()),
    );
    context
}

/// `robots.txt`: everything may be crawled; the sitemap is named.
pub(super) fn robots(site: &Site) -> Vec<u8> {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        site.config.base_url.absolute(&Page::Sitemap.site_path())
    )
    .into_bytes()
}
