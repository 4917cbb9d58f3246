//! Where a plain link leads, without building a `Url` for the page and for the link: the link
//! check resolves half a million links in a 20,000-page build, and `Url::parse` plus `join`
//! were 7% of its CPU. Anything unusual (backslashes, control characters, `%2e` dot segments,
//! a base path or page that `Url` would rewrite) is left to `Url`, as is every link that turns
//! out broken, so that its message is worded from `Url`'s result as before.

/// A link resolved against its page, below the site's base path.
#[derive(Debug, PartialEq, Eq)]
pub struct Target<'a> {
    /// The path below the base path, percent-decoded.
    pub site_path: String,
    /// The fragment as written (after the first `#`), if the link has one.
    pub fragment: Option<&'a str>,
}

/// A page's place, for resolving its links without `Url` where that is certain.
pub struct PageBase<'a> {
    base_path: &'a str,
    page: &'a str,
    /// The base path and the page's folder without the final `/` (`/repo/en/articles/a`), the
    /// path that relative links start from; `None` when `Url` would read the page differently.
    directory: Option<String>,
}

impl<'a> PageBase<'a> {
    /// The place of `page`, a path below `base_path`.
    pub fn new(base_path: &'a str, page: &'a str) -> PageBase<'a> {
        let directory = (is_plain_base(base_path) && is_plain(page)).then(|| {
            let folder = page.rfind('/').map_or("", |slash| &page[..slash]);
            let mut directory = format!("{base_path}{folder}");
            if folder.is_empty() {
                directory.pop();
            }
            directory
        });
        PageBase {
            base_path,
            page,
            directory,
        }
    }

    /// The site's base path.
    pub fn base_path(&self) -> &'a str {
        self.base_path
    }

    /// The page's path below the base path.
    pub fn page(&self) -> &'a str {
        self.page
    }

    /// Resolves `link` as `Url::join` would, when that is certain; `None` leaves it to `Url`
    /// (also when the link leaves the base path).
    pub fn resolve<'l>(&self, link: &'l str) -> Option<Target<'l>> {
        let directory = self.directory.as_deref()?;
        if !is_plain_link(link) {
            return None;
        }
        let (before_fragment, fragment) = match link.split_once('#') {
            Some((before, fragment)) => (before, Some(fragment)),
            None => (link, None),
        };
        let path = before_fragment
            .split_once('?')
            .map_or(before_fragment, |(path, _)| path);
        let mut resolved = String::with_capacity(directory.len() + path.len() + 1);
        if path.is_empty() {
            resolved.push_str(self.base_path);
            resolved.push_str(self.page);
        } else {
            let relative = match path.strip_prefix('/') {
                Some(absolute) => absolute,
                None => {
                    resolved.push_str(directory);
                    path
                }
            };
            push_without_dot_segments(&mut resolved, relative);
        }
        if !resolved.starts_with(self.base_path) {
            return None;
        }
        resolved.drain(..self.base_path.len());
        let site_path = if resolved.contains('%') {
            super::links::percent_decode(&resolved)
        } else {
            resolved
        };
        Some(Target {
            site_path,
            fragment,
        })
    }
}

/// Whether `Url` reads this link as a plain path: it ignores tabs and newlines, trims
/// controls, reads `\` as `/` and `%2e` as `.`, and takes `//` for a host and `name:` for a
/// scheme.
fn is_plain_link(link: &str) -> bool {
    let bytes = link.as_bytes();
    let mut in_first_segment = true;
    for (index, &byte) in bytes.iter().enumerate() {
        match byte {
            0..0x20 | 0x7f | b'\\' => return false,
            b'%' if bytes.get(index + 1) == Some(&b'2')
                && bytes.get(index + 2).is_some_and(|&e| e | 0x20 == b'e') =>
            {
                return false;
            }
            b':' if in_first_segment => return false,
            b'/' | b'?' | b'#' => in_first_segment = false,
            _ => {}
        }
    }
    !link.starts_with("//")
}

/// Whether `Url` keeps this page or base path as it is: no characters it drops or reads
/// differently, and no dot segments to remove.
fn is_plain(path: &str) -> bool {
    !path
        .bytes()
        .any(|byte| byte < 0x20 || byte == 0x7f || matches!(byte, b'\\' | b'?' | b'#'))
        && !contains_encoded_dot(path)
        && !path
            .split('/')
            .any(|segment| segment == "." || segment == "..")
}

/// Whether `Url` writes this base path as it is, so that its paths start with it exactly.
fn is_plain_base(base_path: &str) -> bool {
    base_path.starts_with('/')
        && is_plain(base_path)
        && base_path
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/".contains(&byte))
}

fn contains_encoded_dot(text: &str) -> bool {
    text.as_bytes()
        .windows(3)
        .any(|window| window[0] == b'%' && window[1] == b'2' && window[2] | 0x20 == b'e')
}

/// Appends the segments of `relative` to `path` (segments each after a `/`, no trailing
/// slash) as the URL standard's path parser does: `..` never climbs above the root, and a final
/// `.` or `..` leaves a trailing slash.
fn push_without_dot_segments(path: &mut String, relative: &str) {
    let mut segments = relative.split('/').peekable();
    while let Some(segment) = segments.next() {
        let last = segments.peek().is_none();
        match segment {
            ".." => {
                if let Some(slash) = path.rfind('/') {
                    path.truncate(slash);
                }
                if last {
                    path.push('/');
                }
            }
            "." => {
                if last {
                    path.push('/');
                }
            }
            segment => {
                path.push('/');
                path.push_str(segment);
            }
        }
    }
    if path.is_empty() {
        path.push('/');
    }
}

#[cfg(test)]
mod tests {
    use url::Url;

    use super::*;
    use crate::check::links::percent_decode;

    /// What the check made of a link through `Url` (`None`: it leaves the base path or is
    /// invalid).
    fn through_url(base_path: &str, page: &str, link: &str) -> Option<(String, Option<String>)> {
        let page_url = Url::parse(&format!("http://accord.invalid{base_path}{page}")).ok()?;
        let target = page_url.join(link).ok()?;
        let site_path = target.path().strip_prefix(base_path)?;
        Some((
            percent_decode(site_path),
            target.fragment().map(percent_decode),
        ))
    }

    #[test]
    fn resolves_as_url_does() {
        let bases = ["/", "/repo/", "/a/b/", "/a b/", "/ü/", "/x%2e/"];
        let pages = [
            "index.html",
            "en/index.html",
            "en/articles/a/index.html",
            "ar/مقالات/أ/index.html",
            "404.html",
            "en/a b/index.html",
            "en/./x.html",
            "en/%41/index.html",
        ];
        let links = [
            "",
            "#",
            "#top",
            "#%D9%84",
            "#لماذا-يهم",
            "#a#b",
            "?",
            "?q=1",
            "?q#f",
            "x",
            "x/",
            "./",
            ".",
            "..",
            "../",
            "../../",
            "../../../",
            "../../../../x",
            "./x/../y",
            "x/./y",
            "x/../../y/",
            "x/..",
            "x/.",
            "/",
            "/repo/",
            "/repo/en/",
            "/repo/../x",
            "/en/",
            "/repo/en/#top",
            "/repo/en?x#y",
            "a//b",
            "//host/x",
            "///x",
            "a b",
            "a%20b",
            "%zz",
            "%",
            "a%2eb",
            "%2e%2e/x",
            ".%2E/x",
            "a\\b",
            "a\tb",
            "a\nb",
            "\u{1}x",
            "مقالات/",
            "../مقالات/#ب",
            "x?y/../z",
            "x#y/../z",
            "a:b/c",
            "./a:b",
            "x/?/../",
            "...",
            "..x/",
            ".x",
            "x/...",
            "%2F",
            "a%2Fb/../c",
            "é%C3%A9",
            "\"q\"",
            "<x>",
            "`{}`",
            "a|b",
            "~u",
            "a;b=c",
            "@",
            "x@y/",
        ];
        let mut fast = 0;
        for base in bases {
            for page in pages {
                for link in links {
                    let expected = through_url(base, page, link);
                    match PageBase::new(base, page).resolve(link) {
                        Some(target) => {
                            fast += 1;
                            let found = (target.site_path, target.fragment.map(percent_decode));
                            assert_eq!(Some(found), expected, "{base} {page} {link:?}");
                        }
                        // Unsure: only for the unusual, or where `Url` says it leaves.
                        None => assert!(
                            expected.is_none()
                                || !is_plain_base(base)
                                || !is_plain(page)
                                || !is_plain_link(link),
                            "{base} {page} {link:?} left to Url"
                        ),
                    }
                }
            }
        }
        assert!(fast > 1000, "{fast}");
    }
}
