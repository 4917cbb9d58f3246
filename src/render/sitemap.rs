//! `sitemap.xml`: every language page with its translations as `hreflang` alternates.

use std::collections::BTreeMap;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;
use tera::{Context, Value};

use super::page::Page;
use super::{all_pages, exists, root};
use crate::site::Site;

#[derive(Serialize)]
struct HrefLang {
    hreflang: String,
    href: String,
}

/// The context of the sitemap.
pub(super) fn context(site: &Site) -> Context {
    let mut context = root::context(site, &Page::Sitemap);
    context.insert_value("entries", sitemap_entries(site));
    context
}

/// One sitemap entry per language page, as template values: made in parallel, since a site of
/// 10,000 articles per language has 20,000 of them. A page and its translations list the same
/// alternates, so each set of translations makes its alternates once and its entries share them
/// (the values share their data when cloned): half the work, and a third of the memory.
fn sitemap_entries(site: &Site) -> Value {
    let pages: Vec<Page> = all_pages(site)
        .into_iter()
        .filter(Page::is_language_page)
        .collect();
    let translation_sets: FxHashMap<Page, TranslationSet> = pages
        .par_iter()
        .filter(|page| first_translation(site, page).as_ref() == Some(*page))
        .map(|page| (page.clone(), TranslationSet::of(site, page)))
        .collect();
    let entries: Vec<Value> = pages
        .par_iter()
        .filter_map(|page| {
            let set = translation_sets.get(&first_translation(site, page)?)?;
            let loc = set
                .hrefs
                .iter()
                .find(|(lang, _)| Some(lang.as_str()) == page.lang())
                .map_or_else(Value::none, |(_, href)| href.clone());
            Some(Value::from(BTreeMap::from([
                ("loc", loc),
                ("alternates", set.alternates.clone()),
                ("x_default", set.x_default.clone()),
            ])))
        })
        .collect();
    Value::from(entries)
}

/// The version of `page` in the first of the site's languages that has it: the one that stands
/// for all its translations.
fn first_translation(site: &Site, page: &Page) -> Option<Page> {
    site.config
        .languages
        .iter()
        .map(|language| page.in_language(&language.code))
        .find(|translated| exists(site, translated))
}

/// The sitemap values a page and its translations share.
struct TranslationSet {
    /// Every language version's absolute URL, by language code.
    hrefs: Vec<(String, Value)>,
    /// The `alternates` list of every entry of the set.
    alternates: Value,
    /// The default language's URL, if the set has it.
    x_default: Value,
}

impl TranslationSet {
    fn of(site: &Site, page: &Page) -> TranslationSet {
        let base_url = &site.config.base_url;
        let alternates: Vec<HrefLang> = site
            .config
            .languages
            .iter()
            .map(|language| page.in_language(&language.code))
            .filter(|translated| exists(site, translated))
            .map(|translated| HrefLang {
                hreflang: translated.lang().unwrap_or_default().to_owned(),
                href: base_url.absolute(&translated.site_path()),
            })
            .collect();
        let x_default = alternates
            .iter()
            .find(|alternate| alternate.hreflang == site.config.default_language)
            .map(|alternate| alternate.href.as_str());
        TranslationSet {
            hrefs: alternates
                .iter()
                .map(|alternate| {
                    (
                        alternate.hreflang.clone(),
                        Value::from(alternate.href.as_str()),
                    )
                })
                .collect(),
            x_default: Value::from(x_default),
            alternates: Value::from_serializable(&alternates),
        }
    }
}
