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

/// Maps a raw request path to a file of the site under `base` (which starts and ends with `/`).
///
/// Each segment is percent-decoded once and must then be a plain name: no `.` or `..`, no `/`
/// or `\` (encoded or not), no NUL, no `:` (drive letters), no empty segment (`//`, which would
/// also make an absolute path). Anything else is not found, whatever the files are.
pub(super) fn locate(base: &str, raw_path: &str) -> Location {
    let bare_base = base.trim_end_matches('/');
    if base != "/" && (raw_path == "/" || raw_path == bare_base) {
        return Location::Redirect(base.to_owned());
    }
    let Some(rest) = raw_path.strip_prefix(base) else {
        return Location::NotFound;
    };
    if rest.is_empty() {
        return Location::File {
            key: "index.html".into(),
            folder: None,
        };
    }
    let (rest, is_folder) = match rest.strip_suffix('/') {
        Some(rest) => (rest, true),
        None => (rest, false),
    };
    let mut segments = Vec::new();
    for segment in rest.split('/') {
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
        Location::File {
            folder: Some(format!("{base}{rest}/")),
            key: path,
        }
    }
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
