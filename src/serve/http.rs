//! The HTTP side of the preview: which site file a request path names, its media type, and the
//! responses.

use axum::body::{Body, Bytes};
use axum::http::header::{CONTENT_TYPE, LOCATION, X_CONTENT_TYPE_OPTIONS};
use axum::http::{HeaderValue, StatusCode};
use axum::response::Response;

/// Where a request path leads, before looking at the files.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Location {
    /// Send the browser elsewhere (to the served path, from `/`).
    Redirect(String),
    /// A file of the site, by output path; `folder` is where to redirect if it is a folder.
    File { key: String, folder: Option<String> },
    /// Outside the site, or not a path a site file can have.
    NotFound,
}

/// The path the site is served under, as written in `base_url` (`/accord/`, `/é/` or
/// `/%C3%A9/`): compared with request paths segment by segment once both are decoded, and
/// written back (in redirects, the reload script's addresses) only percent-encoded, so no
/// character of `site.toml` reaches a header or an HTML attribute as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct BasePath {
    /// The decoded segments: `["accord"]`, or none for `/`.
    segments: Vec<String>,
    /// The percent-encoded path, starting and ending with `/`.
    encoded: String,
}

/// What is percent-encoded in a path segment written by the preview: everything but letters,
/// digits and `-._~!$&'()*+,;=:@` (RFC 3986's segment characters), so `"`, `<`, `>`, spaces and
/// non-ASCII text never appear as they are.
const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'!')
    .remove(b'$')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=')
    .remove(b':')
    .remove(b'@');

/// `segment` percent-encoded for a URL path.
pub(super) fn encode_segment(segment: &str) -> String {
    percent_encoding::utf8_percent_encode(segment, SEGMENT).to_string()
}

impl BasePath {
    /// From the path of `base_url` (starting and ending with `/`), encoded or not. An escape that
    /// does not decode is taken as the text it is.
    pub(super) fn new(path: &str) -> BasePath {
        let segments: Vec<String> = path
            .split('/')
            .filter(|segment| !segment.is_empty())
            .map(|segment| percent_decode(segment).unwrap_or_else(|| segment.to_owned()))
            .collect();
        let mut encoded = String::from("/");
        for segment in &segments {
            encoded.push_str(&encode_segment(segment));
            encoded.push('/');
        }
        BasePath { segments, encoded }
    }

    /// The percent-encoded path, `/accord/` or `/%C3%A9/`: safe in a header and, once HTML-escaped
    /// as every attribute is, in a page.
    pub(super) fn encoded(&self) -> &str {
        &self.encoded
    }

    /// Whether this is the path of `base_url` in another spelling (`/é/` and `/%C3%A9/`).
    pub(super) fn same_as(&self, path: &str) -> bool {
        *self == BasePath::new(path)
    }
}

/// Maps a raw request path to a file of the site under `base`.
///
/// The request is split into segments, and each is percent-decoded once; the first must equal
/// the base path's decoded segments (so `/é/` and `/%C3%A9/` both match a base path written
/// either way). Each segment after that must then be a plain name: no `.` or `..`, no `/` or
/// `\` (encoded or not), no NUL, no `:` (drive letters), no empty segment (`//`, which would
/// also make an absolute path). Anything else is not found, whatever the files are.
pub(super) fn locate(base: &BasePath, raw_path: &str) -> Location {
    let Some(path) = raw_path.strip_prefix('/') else {
        return Location::NotFound;
    };
    let parts: Vec<&str> = path.split('/').collect();
    let count = base.segments.len();
    // `/` and the bare base path (`/accord`) lead to the served path.
    let bare = parts.len() == count && segments_match(&base.segments, &parts);
    if !base.segments.is_empty() && (raw_path == "/" || bare) {
        return Location::Redirect(base.encoded.clone());
    }
    if parts.len() <= count || !segments_match(&base.segments, &parts[..count]) {
        return Location::NotFound;
    }
    let rest = &parts[count..];
    if rest == [""] {
        return Location::File {
            key: "index.html".into(),
            folder: None,
        };
    }
    let (rest, is_folder) = match rest.split_last() {
        Some((&"", rest)) => (rest, true),
        _ => (rest, false),
    };
    let mut segments = Vec::with_capacity(rest.len());
    for segment in rest {
        match percent_decode(segment) {
            Some(name) if is_plain_name(&name) => segments.push(name),
            _ => return Location::NotFound,
        }
    }
    let path = segments.join("/");
    if is_folder {
        Location::File {
            key: format!("{path}/index.html"),
            folder: None,
        }
    } else {
        let mut folder = base.encoded.clone();
        for segment in &segments {
            folder.push_str(&encode_segment(segment));
            folder.push('/');
        }
        Location::File {
            folder: Some(folder),
            key: path,
        }
    }
}

/// Whether the raw request segments decode to the base path's segments.
fn segments_match(base: &[String], raw: &[&str]) -> bool {
    base.len() == raw.len()
        && base
            .iter()
            .zip(raw)
            .all(|(base, raw)| percent_decode(raw).is_some_and(|decoded| decoded == *base))
}

/// Decodes `%XX` escapes; `None` for a malformed escape or text that is not UTF-8.
fn percent_decode(segment: &str) -> Option<String> {
    // percent-encoding leaves a malformed escape as it is; the site has no file whose name
    // holds a `%` that is not an escape, so such a request is simply not found.
    if !well_formed_escapes(segment) {
        return None;
    }
    percent_encoding::percent_decode_str(segment)
        .decode_utf8()
        .ok()
        .map(|decoded| decoded.into_owned())
}

/// Whether every `%` in `segment` starts a two-hex-digit escape.
fn well_formed_escapes(segment: &str) -> bool {
    let bytes = segment.as_bytes();
    bytes.iter().enumerate().all(|(index, &byte)| {
        byte != b'%'
            || (bytes.get(index + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(index + 2).is_some_and(u8::is_ascii_hexdigit))
    })
}

/// A name that can only mean a file or folder inside the site.
fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && !name.contains(['/', '\\', '\0', ':'])
        && !name.chars().any(char::is_control)
}

/// The media type of a site file, with `charset=utf-8` for text.
pub(super) fn content_type(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or(path);
    let extension = name
        .rsplit_once('.')
        .map(|(_, extension)| extension.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "txt" | "nojekyll" => "text/plain; charset=utf-8",
        "json" | "webmanifest" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

pub(super) fn file_response(
    status: StatusCode,
    content_type: &'static str,
    body: Bytes,
) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}

pub(super) fn html_response(status: StatusCode, body: Bytes) -> Response {
    file_response(status, "text/html; charset=utf-8", body)
}

pub(super) fn redirect(location: &str) -> Response {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = StatusCode::FOUND;
    // `locate` builds locations from the served path and checked segments only.
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(LOCATION, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locate(base: &str, path: &str) -> Location {
        super::locate(&BasePath::new(base), path)
    }

    fn file(key: &str) -> Location {
        Location::File {
            key: key.into(),
            folder: None,
        }
    }

    #[test]
    fn paths_map_to_site_files_below_the_base_path() {
        assert_eq!(locate("/repo/", "/repo/"), file("index.html"));
        assert_eq!(locate("/repo/", "/repo/en/"), file("en/index.html"));
        assert_eq!(
            locate("/repo/", "/repo/en"),
            Location::File {
                key: "en".into(),
                folder: Some("/repo/en/".into())
            }
        );
        assert_eq!(locate("/repo/", "/repo/style.css").key(), Some("style.css"));
        assert_eq!(
            locate("/repo/", "/repo/ar/%D8%A3.css").key(),
            Some("ar/أ.css")
        );
        assert_eq!(locate("/repo/", "/"), Location::Redirect("/repo/".into()));
        assert_eq!(
            locate("/repo/", "/repo"),
            Location::Redirect("/repo/".into())
        );
        assert_eq!(locate("/repo/", "/other/"), Location::NotFound);
        assert_eq!(locate("/", "/"), file("index.html"));
        assert_eq!(locate("/", "/en/atom.xml").key(), Some("en/atom.xml"));
    }

    #[test]
    fn a_non_ascii_base_path_matches_however_it_is_spelled() {
        for base in ["/é/", "/%C3%A9/", "/%c3%a9/"] {
            assert_eq!(
                locate(base, "/%C3%A9/en/").key(),
                Some("en/index.html"),
                "{base}"
            );
            assert_eq!(locate(base, "/%c3%a9/").key(), Some("index.html"), "{base}");
            assert_eq!(locate(base, "/"), Location::Redirect("/%C3%A9/".into()));
            assert_eq!(
                locate(base, "/%C3%A9"),
                Location::Redirect("/%C3%A9/".into())
            );
            assert_eq!(locate(base, "/e/en/"), Location::NotFound);
        }
        assert_eq!(
            locate("/é/", "/%C3%A9/ar/%D8%A3"),
            Location::File {
                key: "ar/أ".into(),
                folder: Some("/%C3%A9/ar/%D8%A3/".into())
            }
        );
    }

    #[test]
    fn the_base_path_is_written_percent_encoded() {
        let base = BasePath::new("/a\"><script>x</script>/");
        assert_eq!(base.encoded(), "/a%22%3E%3Cscript%3Ex%3C/script%3E/");
        assert!(base.same_as("/a%22%3E%3Cscript%3Ex%3C/script%3E/"));
        assert_eq!(BasePath::new("/").encoded(), "/");
        assert_eq!(BasePath::new("/a/b/").encoded(), "/a/b/");
    }

    #[test]
    fn traversal_and_odd_paths_are_not_found() {
        for path in [
            "/repo/../site.toml",
            "/repo/en/../../etc/passwd",
            "/repo/%2e%2e/site.toml",
            "/repo/%2E%2E/%2E%2E/etc/passwd",
            "/repo/.%2e/x",
            "/repo/en%2f..%2f..%2fsite.toml",
            "/repo/..%5c..%5csite.toml",
            "/repo/..\\..\\site.toml",
            "/repo//etc/passwd",
            "/repo/%2fetc/passwd",
            "/repo/C:/Windows/win.ini",
            "/repo/c%3a%5cwindows",
            "/repo/./index.html",
            "/repo/en/%00.html",
            "/repo/%zz",
            "/repo/%c3%28",
            "/repo/%+f",
        ] {
            assert_eq!(locate("/repo/", path), Location::NotFound, "{path}");
        }
        assert_eq!(locate("/", "//etc/passwd"), Location::NotFound);
        assert_eq!(locate("/repo/", "/etc/passwd"), Location::NotFound);
    }

    #[test]
    fn text_types_say_utf_8() {
        for path in [
            "a/index.html",
            "style.css",
            "en/atom.xml",
            "robots.txt",
            "a.js",
        ] {
            assert!(content_type(path).ends_with("charset=utf-8"), "{path}");
        }
        assert_eq!(content_type("logo.PNG"), "image/png");
        assert_eq!(content_type("file"), "application/octet-stream");
    }

    impl Location {
        fn key(&self) -> Option<&str> {
            match self {
                Location::File { key, .. } => Some(key),
                _ => None,
            }
        }
    }
}
