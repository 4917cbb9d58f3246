//! `accord serve`: the live preview. The site is rendered into memory and served over HTTP on
//! the loopback interface; every change to the sources re-renders what it affects, and every
//! open page updates itself in place once the new version is being served.
//!
//! - Pages are served under the path of `base_url` (`/repo/` for a GitHub project page), so the
//!   preview matches production; `base_url` itself becomes `http://127.0.0.1:PORT/repo/`, so
//!   canonical links and feeds point at the preview.
//! - Only requests addressed to the preview are answered (`Host` a loopback name or address, the
//!   `--bind` address, or an `--allowed-host` name), so no other web site can read it by
//!   rebinding its own domain to 127.0.0.1.
//! - Connections that stay idle or send their request too slowly are closed, so clients that
//!   hold connections cannot make the preview stop answering.
//! - The update script (server-sent events and an in-place DOM morph) is added to HTML responses
//!   here only: `accord build` output never has it.
//! - A change that breaks the site keeps the last good version served, with the errors shown
//!   over every page until they are fixed.
//! - Files are served from memory only, by a path checked segment by segment, so no request can
//!   reach a file outside the site.
//!
//! [`http`] maps requests to files and builds responses, [`host`] checks whom a request is
//! addressed to, [`conn`] accepts connections with time limits, [`live`] tells open pages what
//! changed, [`overlay`] shows a failed build's errors over the page, and [`preview`] keeps the
//! served files in step with the sources.

mod conn;
mod host;
mod http;
mod live;
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

use crate::config::{BaseUrl, Config};
use crate::error::{BuildError, Diagnostic};
use crate::paths::SitePaths;
use crate::site::LoadOptions;
use crate::watch::{self, DEBOUNCE, SourceWatcher, report_failure};
pub use conn::Timeouts;
pub use host::HostRule;
use http::{BasePath, Location, content_type, file_response, html_response, locate, redirect};
use live::{Channel, Update};
pub use live::{EVENTS_KEY, SCRIPT_KEY};
pub use overlay::OVERLAY_ID;
use overlay::{error_page, with_overlay};
use preview::{LiveSite, Patch, Preview};

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
    /// Host names answered besides the loopback ones and the bind address (`--allowed-host`).
    pub allowed_hosts: Vec<String>,
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
    let base_path = BasePath::new(&serve_path(&options.load)?);
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
    let hosts = HostRule::new(address.ip(), address.port(), &options.allowed_hosts)
        .map_err(Diagnostic::error)?;
    // The path percent-encoded: the site's links then hold no character of `site.toml` that
    // would need escaping, and match what browsers request.
    let site_url = format!("http://{}{}", display_host(address), base_path.encoded());
    let mut load = options.load.clone();
    load.base_url = Some(site_url.clone());

    // Watch before the first build, so a save made while it runs is not missed.
    let mut watcher = SourceWatcher::start(&load.root, DEBOUNCE)?;
    let timeouts = Timeouts::from_env();
    let shared = Arc::new(Shared {
        base_path,
        published: RwLock::new(Published::default()),
        // An open page's stream is never idle long enough to be cut off.
        live: Channel::new((timeouts.idle / 4).min(Duration::from_secs(15))),
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
            shared.apply(&patch);
        }
        Err(error) => {
            report_failure(&error, "The site does not build:");
            shared.fail(&error);
        }
    }

    let mut preview = Preview {
        live,
        shared: Arc::clone(&shared),
        root,
        check_base_path: !user_base_url,
        site_changed: false,
    };
    let stopper = watcher.stopper();
    std::thread::Builder::new()
        .name("accord-watch".into())
        .spawn(move || watch::run(&mut watcher, &mut preview))
        .map_err(|error| Diagnostic::error(format!("cannot start watching: {error}")))?;

    let app = router(Arc::clone(&shared), hosts, options.verbose);
    if !address.ip().is_loopback() {
        eprintln!(
            "warning: listening on {}: other machines that can reach it can see the preview",
            address.ip()
        );
    }
    println!("Serving the site at {site_url} (Ctrl-C to stop)");
    println!("Watching site.toml, content/, templates/ and static/ for changes");
    tokio::select! {
        () = conn::serve(listener, app, timeouts) => {
            stopper.stop();
            Err(Diagnostic::error("the server stopped"))
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
    base_path: BasePath,
    published: RwLock<Published>,
    /// Tells open pages what changed.
    live: Channel,
}

#[derive(Default)]
struct Published {
    files: HashMap<String, Bytes>,
    /// Whether any build has succeeded yet.
    built: bool,
    /// The errors of the last build; empty when it succeeded.
    errors: Vec<Diagnostic>,
    /// Counts the changes to what is served (files or errors), for the pages' `version`.
    version: u64,
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

    /// Puts a successful rebuild in place and clears the errors; returns the update for the
    /// open pages: the paths whose bytes changed and those removed.
    fn apply(&self, patch: &Patch) -> Update {
        let mut published = self.write();
        let mut paths = Vec::new();
        for path in &patch.remove {
            if published.files.remove(path).is_some() {
                paths.push(path.clone());
            }
        }
        for (path, bytes) in &patch.put {
            if published.files.get(path).is_some_and(|old| old == bytes) {
                continue;
            }
            published
                .files
                .insert(path.clone(), Bytes::from(bytes.clone()));
            paths.push(path.clone());
        }
        published.built = true;
        published.errors.clear();
        published.version += 1;
        Update {
            version: self.live.version(published.version),
            reload: false,
            errors: false,
            paths,
        }
    }

    /// Records a failed rebuild: the files stay, the errors are shown over them.
    fn fail(&self, error: &BuildError) -> Update {
        let mut published = self.write();
        published.errors = error.diagnostics.clone();
        published.version += 1;
        Update {
            version: self.live.version(published.version),
            reload: false,
            errors: true,
            paths: Vec::new(),
        }
    }

    /// The response to a GET or HEAD of `raw_path` (still percent-encoded).
    fn respond(&self, raw_path: &str) -> Response {
        let location = locate(&self.base_path, raw_path);
        if let Location::File { key, .. } = &location {
            match key.as_str() {
                EVENTS_KEY => {
                    return self.live.events(|| self.live.version(self.read().version));
                }
                SCRIPT_KEY => {
                    return file_response(
                        StatusCode::OK,
                        content_type(SCRIPT_KEY),
                        Bytes::from_static(live::SCRIPT.as_bytes()),
                    );
                }
                _ => {}
            }
        }
        let published = self.read();
        let version = self.live.version(published.version);
        if !published.built {
            let page = error_page(&published.errors);
            let tag = live::script_tag(&self.base_path, "", "", &version);
            return html_response(
                StatusCode::INTERNAL_SERVER_ERROR,
                live::insert_before_body_end(page.as_bytes(), &tag).into(),
            );
        }
        let target = match &location {
            Location::File { key, .. } => key.clone(),
            _ => String::new(),
        };
        let found = match location {
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
        let body = if content_type.starts_with("text/html") {
            let page = if published.errors.is_empty() {
                bytes.to_vec()
            } else {
                with_overlay(&bytes, &published.errors)
            };
            let tag = live::script_tag(&self.base_path, &key, &target, &version);
            Bytes::from(live::insert_before_body_end(&page, &tag))
        } else {
            bytes
        };
        file_response(status, content_type, body)
    }
}

/// The site's 404 page, at its root.
const NOT_FOUND_PAGE: &str = "404.html";

/// The HTTP side: files from memory, with the update script added to HTML responses, for
/// requests addressed to the preview only.
fn router(shared: Arc<Shared>, hosts: HostRule, verbose: bool) -> Router {
    let app = Router::new()
        .fallback(respond)
        .with_state(shared)
        // The preview changes under the browser: never let it keep an old copy.
        .layer(SetResponseHeaderLayer::overriding(
            CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(middleware::from_fn_with_state(
            Arc::new(hosts),
            host::check_host,
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
