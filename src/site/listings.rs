//! Which articles each language's listing pages show (the language's articles, a month's, a
//! tag's, an author's), worked out once per load rather than by every page that asks: at
//! 10,000 articles per language, the archive and tag pages each scanning every article, and
//! every page asking whether its translations exist, was about 6 % of a build.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use crate::content::Article;

/// One language's articles, as places in `content.articles`, newest first in every list.
#[derive(Debug, Default)]
pub struct LanguageArticles {
    /// Every article in the language.
    pub all: Vec<usize>,
    /// By (year, month) (an article always has a full date).
    pub by_month: BTreeMap<(i32, u8), Vec<usize>>,
    /// By tag id.
    pub by_tag: FxHashMap<String, Vec<usize>>,
    /// By author id.
    pub by_author: FxHashMap<String, Vec<usize>>,
}

impl LanguageArticles {
    /// Adds `article`, at `index` in `content.articles`, after those added before it.
    fn add(&mut self, index: usize, article: &Article) {
        self.all.push(index);
        let month = (article.date.year(), article.date.month().unwrap_or(1));
        self.by_month.entry(month).or_default().push(index);
        for tag in &article.tags {
            push_unique(self.by_tag.entry(tag.clone()).or_default(), index);
        }
        for author in &article.authors {
            push_unique(self.by_author.entry(author.clone()).or_default(), index);
        }
    }

    /// The articles of `month`'s archive page.
    pub fn in_month(&self, month: (i32, u8)) -> &[usize] {
        self.by_month.get(&month).map_or(&[], Vec::as_slice)
    }

    /// The months with articles, newest first, with how many each has.
    pub fn months(&self) -> impl Iterator<Item = ((i32, u8), usize)> + '_ {
        self.by_month
            .iter()
            .rev()
            .map(|(key, listed)| (*key, listed.len()))
    }

    /// The articles tagged `id`.
    pub fn tagged(&self, id: &str) -> &[usize] {
        self.by_tag.get(id).map_or(&[], Vec::as_slice)
    }

    /// The articles by the author `id`.
    pub fn by(&self, id: &str) -> &[usize] {
        self.by_author.get(id).map_or(&[], Vec::as_slice)
    }
}

/// An article naming a tag (or an author) twice is listed once.
fn push_unique(list: &mut Vec<usize>, index: usize) {
    if list.last() != Some(&index) {
        list.push(index);
    }
}

/// Each language's lists, by language code, from `articles` (all languages, newest first):
/// one pass, since the preview makes them again after every save.
pub fn by_language<'a>(
    articles: &[Article],
    languages: impl Iterator<Item = &'a str>,
) -> FxHashMap<String, LanguageArticles> {
    let mut lists: FxHashMap<String, LanguageArticles> = languages
        .map(|lang| (lang.to_owned(), LanguageArticles::default()))
        .collect();
    for (index, article) in articles.iter().enumerate() {
        match lists.get_mut(article.lang.as_str()) {
            Some(own) => own.add(index, article),
            // A language the settings do not list still has its lists, as it had its pages.
            None => {
                let mut own = LanguageArticles::default();
                own.add(index, article);
                lists.insert(article.lang.clone(), own);
            }
        }
    }
    lists
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::ContentFile;

    fn article(lang: &str, stem: &str, date: &str, tags: &[&str], authors: &[&str]) -> Article {
        let list = |items: &[&str]| {
            let quoted: Vec<String> = items.iter().map(|item| format!("\"{item}\"")).collect();
            format!("[{}]", quoted.join(", "))
        };
        let file = ContentFile {
            path: format!("content/articles/{stem}.{lang}.md").into(),
            stem: stem.to_owned(),
            lang: lang.to_owned(),
        };
        let text = format!(
            "+++\ntitle = \"{stem}\"\ndate = \"{date}\"\nsummary = \"s\"\ntags = {}\nauthors = {}\n+++\nBody.\n",
            list(tags),
            list(authors)
        );
        Article::parse(&file, text).expect("a valid article")
    }

    #[test]
    fn lists_each_language_by_month_tag_and_author_in_the_given_order() {
        let articles = [
            article("en", "c", "2025-10-26", &["hanoi", "hanoi"], &["amal"]),
            article("ar", "c", "2025-10-26", &["hanoi"], &[]),
            article("en", "b", "2025-10-02", &["signature"], &["amal", "omar"]),
            article("en", "a", "2024-12-24", &[], &[]),
            article("en", "z", "2024-01-05", &[], &[]),
        ];
        let lists = by_language(&articles, ["en", "ar", "fr"].into_iter());
        let en = &lists["en"];
        assert_eq!(en.all, [0, 2, 3, 4]);
        assert_eq!(en.in_month((2025, 10)), [0, 2]);
        assert_eq!(en.in_month((2024, 1)), [4]);
        assert_eq!(en.in_month((2024, 2)), [] as [usize; 0]);
        assert_eq!(
            en.months().collect::<Vec<_>>(),
            [((2025, 10), 2), ((2024, 12), 1), ((2024, 1), 1)]
        );
        assert_eq!(en.tagged("hanoi"), [0], "listed once though tagged twice");
        assert_eq!(en.tagged("nowhere"), [] as [usize; 0]);
        assert_eq!(en.by("amal"), [0, 2]);
        assert_eq!(lists["ar"].all, [1]);
        assert!(lists["fr"].all.is_empty());
    }
}
