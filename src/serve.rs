//! `accord serve`: the live preview. The site is rendered into memory and served over HTTP on
//! the loopback interface; every change to the sources re-renders what it affects, and every
//! open page reloads by itself once the new version is in place.
//!
//! - Pages are served under the path of `base_url` (`/repo/` for a GitHub project page), so the
//!   preview matches production; `base_url` itself becomes `http://127.0.0.1:PORT/repo/`, so
//!   canonical links and feeds point at the preview.
//! - The reload script (tower-livereload, over server-sent events) is added to HTML responses
//!   here only: `accord build` output never has it.
//! - A change that breaks the site keeps the last good version served, with the errors shown
//!   over every page until they are fixed.
//! - Files are served from memory only, by a path checked segment by segment, so no request can
//!   reach a file outside the site.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::Path;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header::{ALLOW, CACHE_CONTROL, CONTENT_TYPE, LOCATION, X_CONTENT_TYPE_OPTIONS};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::Response;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_livereload::{LiveReloadLayer, Reloader};

use crate::config::BaseUrl;
use crate::error::{BuildError, Diagnostic};
use crate::incremental::{LiveSite, Patch, Plan};
use crate::site::{CONFIG_FILE, LoadOptions};
use crate::watch::{self, Changes, DEBOUNCE, Rebuild, SourceWatcher, report_failure};

/// Where the reload script listens, below the served path; no page of the site lives there.
pub const RELOAD_PATH: &str = "_accord/livereload";

/// What `accord serve` needs to know.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site to load; its `base_url` (from here or `site.toml`) gives the path to serve under.
    pub load: LoadOptions,
    /// The address to listen on: loopback unless the user asks otherwise.
    pub bind: IpAddr,
    /// The port; 0 picks a free one.
    pub port: u16,
    /// Print every request.
    pub verbose: bool,
}

/// Builds the site, serves it and rebuilds on every change until Ctrl-C. Only a problem that
/// prevents serving at all (the port is taken, the folder cannot be watched) is an error; a site
/// that does not build is served as its error until fixed.
pub fn serve(options: ServeOptions) -> Result<(), Diagnostic> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|error| Diagnostic::error(format!("cannot start the server: {error}")))?;
    let result = runtime.block_on(run(options));
    // Open reload streams never end by themselves; don't wait for them.
    runtime.shutdown_timeout(Duration::from_millis(200));
    result
}

async fn run(options: ServeOptions) -> Result<(), Diagnostic> {
    watch::require_site(&options.load.root)?;
    let base_path = serve_path(&options.load)?;
    let listener = tokio::net::TcpListener::bind((options.bind, options.port))
        .await
        .map_err(|error| {
            Diagnostic::error(format!(
                "cannot listen on {}: {error} (choose another with --port)",
                SocketAddr::new(options.bind, options.port)
            ))
        })?;
    let address = listener
        .local_addr()
        .map_err(|error| Diagnostic::error(format!("cannot read the server's address: {error}")))?;
    let site_url = format!("http://{}{base_path}", display_host(address));
    let mut load = options.load.clone();
    load.base_url = Some(site_url.clone());

    // Watch before the first build, so a save made while it runs is not missed.
    let mut watcher = SourceWatcher::start(&load.root, DEBOUNCE)?;
    let livereload = LiveReloadLayer::new()
        .custom_prefix(format!("{base_path}{RELOAD_PATH}"))
        .reload_interval(Duration::from_millis(500));
    let shared = Arc::new(Shared {
        base_path: base_path.clone(),
        published: RwLock::new(Published::default()),
    });

    let started = Instant::now();
    let user_base_url = options.load.base_url.is_some();
    let root = load.root.clone();
    let (live, first) = tokio::task::spawn_blocking(move || LiveSite::load(load))
        .await
        .map_err(|error| Diagnostic::error(format!("the first build stopped: {error}")))?;
    match first {
        Ok(patch) => {
            println!(
                "Built {} files in {} ms",
                patch.put.len(),
                started.elapsed().as_millis()
            );
            shared.apply(patch);
        }
        Err(error) => {
            report_failure(&error, "The site does not build:");
            shared.fail(&error);
        }
    }

    let mut preview = Preview {
        live,
        shared: Arc::clone(&shared),
        reloader: livereload.reloader(),
        root,
        check_base_path: !user_base_url,
    };
    let stopper = watcher.stopper();
    std::thread::Builder::new()
        .name("accord-watch".into())
        .spawn(move || watch::run(&mut watcher, &mut preview))
        .map_err(|error| Diagnostic::error(format!("cannot start watching: {error}")))?;

    let app = router(Arc::clone(&shared), livereload, options.verbose);
    if !address.ip().is_loopback() {
        eprintln!(
            "warning: listening on {}: other machines that can reach it can see the preview",
            address.ip()
        );
    }
    println!("Serving the site at {site_url} (Ctrl-C to stop)");
    println!("Watching site.toml, content/, templates/ and static/ for changes");
    tokio::select! {
        result = axum::serve(listener, app) => {
            stopper.stop();
            result.map_err(|error| Diagnostic::error(format!("the server stopped: {error}")))
        }
        () = watch::shutdown_signal() => {
            stopper.stop();
            println!("Stopped.");
            Ok(())
        }
    }
}

/// The path to serve under: that of `--base-url`, or of `base_url` in `site.toml`. A broken
/// `site.toml` is not fatal (the preview shows its error), so its `base_url` is read on its own.
fn serve_path(load: &LoadOptions) -> Result<String, Diagnostic> {
    if let Some(url) = &load.base_url {
        return BaseUrl::parse(url)
            .map(|base| base.path)
            .map_err(|message| Diagnostic::error(format!("--base-url: {message}")));
    }
    Ok(configured_path(&load.root).unwrap_or_else(|| "/".into()))
}

/// The path of `base_url` in `root/site.toml`, if it can be read.
fn configured_path(root: &Path) -> Option<String> {
    let text = std::fs::read_to_string(root.join(CONFIG_FILE)).ok()?;
    let table: toml::Table = toml::from_str(&text).ok()?;
    let url = table.get("base_url")?.as_str()?;
    BaseUrl::parse(url).ok().map(|base| base.path)
}

/// `127.0.0.1:1111`, or the loopback address when listening on all interfaces.
fn display_host(address: SocketAddr) -> String {
    let ip = match address.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    SocketAddr::new(ip, address.port()).to_string()
}

/// The files being served and the errors of the last build, shared by the server and the
/// rebuild loop.
struct Shared {
    base_path: String,
    published: RwLock<Published>,
}

#[derive(Default)]
struct Published {
    files: HashMap<String, Bytes>,
    /// Whether any build has succeeded yet.
    built: bool,
    /// The errors of the last build; empty when it succeeded.
    errors: Vec<Diagnostic>,
}

impl Shared {
    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Published> {
        self.published
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Published> {
        self.published
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Puts a successful rebuild in place and clears the errors.
    fn apply(&self, patch: Patch) {
        let mut published = self.write();
        for path in &patch.remove {
            published.files.remove(path);
        }
        for (path, bytes) in patch.put {
            published.files.insert(path, Bytes::from(bytes));
        }
        published.built = true;
        published.errors.clear();
    }

    /// Records a failed rebuild: the files stay, the errors are shown over them.
    fn fail(&self, error: &BuildError) {
        self.write().errors = error.diagnostics.clone();
    }

    /// The response to a GET or HEAD of `raw_path` (still percent-encoded).
    fn respond(&self, raw_path: &str) -> Response {
        let published = self.read();
        if !published.built {
            return html_response(
                StatusCode::INTERNAL_SERVER_ERROR,
                error_page(&published.errors).into(),
            );
        }
        let found = match locate(&self.base_path, raw_path) {
            Location::Redirect(location) => return redirect(&location),
            Location::File { key, folder } => match published.files.get(&key) {
                Some(bytes) => Some((key, bytes.clone())),
                None => match folder {
                    // `/repo/en` is the folder `/repo/en/`: relative links need the slash.
                    Some(folder) if published.files.contains_key(&format!("{key}/index.html")) => {
                        return redirect(&folder);
                    }
                    _ => None,
                },
            },
            Location::NotFound => None,
        };
        let (status, key, bytes) = match found {
            Some((key, bytes)) => (StatusCode::OK, key, bytes),
            None => match published.files.get(NOT_FOUND_PAGE) {
                Some(bytes) => (StatusCode::NOT_FOUND, NOT_FOUND_PAGE.into(), bytes.clone()),
                None => (
                    StatusCode::NOT_FOUND,
                    "404.txt".into(),
                    Bytes::from_static(b"404 Not Found\n"),
                ),
            },
        };
        let content_type = content_type(&key);
        let body = if content_type.starts_with("text/html") && !published.errors.is_empty() {
            Bytes::from(with_overlay(&bytes, &published.errors))
        } else {
            bytes
        };
        file_response(status, content_type, body)
    }
}

/// The site's 404 page, at its root.
const NOT_FOUND_PAGE: &str = "404.html";

/// Where a request path leads, before looking at the files.
#[derive(Debug, PartialEq, Eq)]
enum Location {
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
fn locate(base: &str, raw_path: &str) -> Location {
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
    let bytes = segment.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' {
            let high = hex_value(*bytes.get(index + 1)?)?;
            let low = hex_value(*bytes.get(index + 2)?)?;
            decoded.push(high * 16 + low);
            index += 3;
        } else {
            decoded.push(bytes[index]);
            index += 1;
        }
    }
    String::from_utf8(decoded).ok()
}

fn hex_value(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
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
fn content_type(path: &str) -> &'static str {
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

fn file_response(status: StatusCode, content_type: &'static str, body: Bytes) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}

fn html_response(status: StatusCode, body: Bytes) -> Response {
    file_response(status, "text/html; charset=utf-8", body)
}

fn redirect(location: &str) -> Response {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = StatusCode::FOUND;
    // `locate` builds locations from the served path and checked segments only.
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(LOCATION, value);
    }
    response
}

/// Escapes text for HTML.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}

/// The id of the error overlay, for tests and for the page's own dismiss button.
pub const OVERLAY_ID: &str = "accord-error-overlay";

/// The errors as a panel over the page, in English and left to right whatever the page is.
fn overlay(errors: &[Diagnostic]) -> String {
    let items: String = errors
        .iter()
        .map(|error| format!("<li>{}</li>", escape(&error.to_string())))
        .collect();
    format!(
        r#"<div id="{OVERLAY_ID}" role="alert" lang="en" dir="ltr" style="position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;padding:2rem;background:rgba(24,24,27,.94);color:#fafafa;font:15px/1.5 system-ui,sans-serif;text-align:left">
<div style="max-width:60rem;margin:0 auto">
<p style="margin:0 0 .5rem;font-size:1.25rem;font-weight:600;color:#fca5a5">The site does not build: {count} error(s)</p>
<p style="margin:0 0 1rem">Showing the last version that built. Fix the file and save: this page reloads by itself.</p>
<ul style="margin:0 0 1rem;padding:0;list-style:none;font:14px/1.5 ui-monospace,monospace;white-space:pre-wrap;word-break:break-word">{items}</ul>
<button type="button" onclick="document.getElementById('{OVERLAY_ID}').remove()" style="font:inherit;padding:.25rem .75rem">Dismiss</button>
</div>
</div>
"#,
        count = errors.len()
    )
}

/// `page` with the error overlay inserted before `</body>`.
fn with_overlay(page: &[u8], errors: &[Diagnostic]) -> Vec<u8> {
    let overlay = overlay(errors);
    let position = page
        .windows(7)
        .rposition(|window| window.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(page.len());
    let mut result = Vec::with_capacity(page.len() + overlay.len());
    result.extend_from_slice(&page[..position]);
    result.extend_from_slice(overlay.as_bytes());
    result.extend_from_slice(&page[position..]);
    result
}

/// What every address shows while no build has succeeded yet.
fn error_page(errors: &[Diagnostic]) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>The site does not build</title>\n</head>\n<body>\n{}</body>\n</html>\n",
        overlay(errors)
    )
}

/// The HTTP side: files from memory, with the reload script added to HTML responses.
fn router(shared: Arc<Shared>, livereload: LiveReloadLayer, verbose: bool) -> Router {
    let app = Router::new()
        .fallback(respond)
        .with_state(shared)
        .layer(livereload)
        // The preview changes under the browser: never let it keep an old copy.
        .layer(SetResponseHeaderLayer::overriding(
            CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ));
    if verbose {
        app.layer(middleware::from_fn(log_request))
    } else {
        app
    }
}

async fn respond(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        let mut response = Response::new(Body::empty());
        *response.status_mut() = StatusCode::METHOD_NOT_ALLOWED;
        response
            .headers_mut()
            .insert(ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    shared.respond(request.uri().path())
}

/// `--verbose`: one line per request, printed once the response starts.
async fn log_request(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    println!("{method} {path} {}", response.status().as_u16());
    response
}

/// Keeps the served files up to date with the sources.
struct Preview {
    live: LiveSite,
    shared: Arc<Shared>,
    reloader: Reloader,
    root: std::path::PathBuf,
    check_base_path: bool,
}

impl Rebuild for Preview {
    fn rebuild(&mut self, changes: &Changes) -> Result<String, BuildError> {
        let plan = if changes.rescan {
            Plan::everything()
        } else {
            Plan::from_paths(changes.paths.iter().map(|path| path.as_path()))
        };
        let had_errors = !self.shared.read().errors.is_empty();
        let outcome = match self.live.update(&plan) {
            Ok(patch) => {
                let done = patch.describe();
                if patch.put.is_empty() && patch.remove.is_empty() && !had_errors {
                    // Nothing the browser shows changed (a file that is not content).
                    return Ok(done);
                }
                self.shared.apply(patch);
                Ok(done)
            }
            Err(error) => {
                self.shared.fail(&error);
                Err(error)
            }
        };
        // Only now is the new version (or the overlay) what the server answers with.
        self.reloader.reload();
        if plan.site && self.check_base_path {
            self.warn_if_base_path_moved();
        }
        outcome
    }
}

impl Preview {
    fn warn_if_base_path_moved(&self) {
        if let Some(path) = configured_path(&self.root)
            && path != self.shared.base_path
        {
            eprintln!(
                "warning: base_url in site.toml now has the path {path}; still serving under {} until accord serve is restarted",
                self.shared.base_path
            );
        }
    }
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

    #[test]
    fn the_overlay_goes_before_the_end_of_the_body_and_is_escaped() {
        let errors = [Diagnostic::in_file("content/a.en.md", "bad <tag> & more").at(3, Some(1))];
        let page = with_overlay(b"<html><body><p>x</p></body></html>", &errors);
        let page = String::from_utf8(page).expect("utf-8");
        assert!(page.starts_with("<html><body><p>x</p><div id=\"accord-error-overlay\""));
        assert!(page.ends_with("</body></html>"));
        assert!(page.contains("content/a.en.md:3:1: bad &lt;tag&gt; &amp; more"));
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
