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
//!
//! [`http`] maps requests to files and builds responses, [`overlay`] shows a failed build's
//! errors over the page, and [`preview`] keeps the served files in step with the sources.

mod http;
mod overlay;
pub mod preview;

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::Path;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header::{ALLOW, CACHE_CONTROL};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::Response;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_livereload::LiveReloadLayer;

use crate::config::{BaseUrl, Config};
use crate::error::{BuildError, Diagnostic};
use crate::paths::SitePaths;
use crate::site::LoadOptions;
use crate::watch::{self, DEBOUNCE, SourceWatcher, report_failure};
use http::{Location, content_type, file_response, html_response, locate, redirect};
pub use overlay::OVERLAY_ID;
use overlay::{error_page, with_overlay};
use preview::{LiveSite, Patch, Preview};

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
    SitePaths::open(&options.load.root)?;
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
/// `site.toml` is not fatal (the preview shows its error): the path is then `/`.
fn serve_path(load: &LoadOptions) -> Result<String, Diagnostic> {
    if let Some(url) = &load.base_url {
        return BaseUrl::parse(url)
            .map(|base| base.path)
            .map_err(|message| Diagnostic::error(format!("--base-url: {message}")));
    }
    Ok(configured_path(&load.root).unwrap_or_else(|| "/".into()))
}

/// The path of `base_url` in `root/site.toml`, if the settings load.
fn configured_path(root: &Path) -> Option<String> {
    Config::load(&SitePaths::new(root).config)
        .ok()
        .map(|config| config.base_url.path)
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
