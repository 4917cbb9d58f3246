//! Open pages follow the sources without reloading: after every rebuild the server tells each
//! page, over server-sent events, which output files changed; a page whose own file changed
//! fetches itself and morphs its DOM in place (idiomorph), keeping its scroll position, focus and
//! script state; a changed stylesheet is swapped without a reload. A page reloads only when what
//! the morph cannot carry changed: a template or `site.toml` (`reload`), the parts of its head
//! that load or run something (stylesheets, scripts), or a script, image or font it uses.
//!
//! A failed build sends `errors`, and every page fetches itself again to show the error overlay;
//! the fix clears it the same way.
//!
//! The script (`live.js`, with a pinned copy of idiomorph) is served by the preview under
//! `_accord/` and added to HTML responses here only: `accord build` output never has it.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use tokio::sync::broadcast;

use super::http::BasePath;
use super::overlay::escape;

/// The reload stream, below the served path; no page of the site lives under `_accord/`.
pub const EVENTS_KEY: &str = "_accord/events";
/// The page script.
pub const SCRIPT_KEY: &str = "_accord/live.js";

/// idiomorph 0.8.0 (0BSD, from npm, unchanged) followed by the page script.
pub const SCRIPT: &str = concat!(include_str!("idiomorph.js"), "\n", include_str!("live.js"));

/// More changed paths than this and the update says `all` instead of listing them: every page
/// checks itself.
const MAX_PATHS: usize = 500;

/// How long a page waits before reconnecting to a server that went away.
const RETRY: Duration = Duration::from_millis(500);

/// What the server tells the open pages after a rebuild.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Update {
    /// The version now served.
    pub version: String,
    /// A template or `site.toml` changed: every page reloads.
    pub reload: bool,
    /// The last build failed: pages show its errors.
    pub errors: bool,
    /// Output paths (`en/articles/x/index.html`, `style.css`) whose bytes changed or that are
    /// gone.
    pub paths: Vec<String>,
}

impl Update {
    fn to_json(&self) -> String {
        let all = self.paths.len() > MAX_PATHS;
        let paths: &[String] = if all { &[] } else { &self.paths };
        serde_json::json!({
            "version": self.version,
            "reload": self.reload,
            "errors": self.errors,
            "all": all,
            "paths": paths,
        })
        .to_string()
    }
}

/// Sends updates to every open page.
pub struct Channel {
    sender: broadcast::Sender<Arc<str>>,
    /// How often an idle stream gets a comment, well within the connections' idle limit.
    keep_alive: Duration,
    /// Tells this server's versions from those of an earlier run: a page reconnecting to a
    /// restarted server reloads.
    instance: String,
}

impl Channel {
    /// A channel whose streams write something at least every `keep_alive`.
    pub fn new(keep_alive: Duration) -> Channel {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|elapsed| elapsed.as_nanos())
            .unwrap_or_default();
        Channel {
            sender: broadcast::channel(64).0,
            keep_alive,
            instance: format!("{:x}{:x}", nanos & 0xffff_ffff_ffff, std::process::id()),
        }
    }

    /// The name of version `number` of the served files.
    pub fn version(&self, number: u64) -> String {
        format!("{}.{number}", self.instance)
    }

    /// Tells every open page.
    pub fn send(&self, update: &Update) {
        // No page open is not an error.
        let _ = self.sender.send(update.to_json().into());
    }

    /// The event stream of one page: `init` with the version served now, then an `update` after
    /// every rebuild, and a keep-alive comment now and then.
    pub fn events(&self, current: impl FnOnce() -> String) -> Response {
        // Subscribe before reading the version: an update in between is then both in `init` and
        // sent, never lost.
        let receiver = self.sender.subscribe();
        let init = serde_json::json!({ "version": current() }).to_string();
        let first = Event::default().event("init").retry(RETRY).data(init);
        let lagged = serde_json::json!({
            "version": "",
            "reload": false,
            "errors": false,
            "all": true,
            "paths": [],
        })
        .to_string();
        let updates = futures_util::stream::unfold(receiver, move |mut receiver| {
            let lagged = lagged.clone();
            async move {
                let data: Arc<str> = match receiver.recv().await {
                    Ok(data) => data,
                    // Missed some: let the page check everything.
                    Err(broadcast::error::RecvError::Lagged(_)) => lagged.into(),
                    Err(broadcast::error::RecvError::Closed) => return None,
                };
                let event = Event::default().event("update").data(&*data);
                Some((Ok::<_, Infallible>(event), receiver))
            }
        });
        let stream = futures_util::stream::once(async move { Ok(first) }).chain(updates);
        Sse::new(stream)
            .keep_alive(KeepAlive::new().interval(self.keep_alive))
            .into_response()
    }
}

/// The `<script>` tag added to an HTML response: `page` is the output path served (`404.html`
/// for a missing page, empty for the error page shown before any build succeeded), `target` the
/// one the address asked for. Every value is escaped.
pub fn script_tag(base: &BasePath, page: &str, target: &str, version: &str) -> String {
    let base = base.encoded();
    format!(
        "<script src=\"{src}\" data-accord-live data-events=\"{events}\" data-base=\"{base}\" data-page=\"{page}\" data-target=\"{target}\" data-version=\"{version}\"></script>\n",
        src = escape(&format!("{base}{SCRIPT_KEY}")),
        events = escape(&format!("{base}{EVENTS_KEY}")),
        base = escape(base),
        page = escape(page),
        target = escape(target),
        version = escape(version),
    )
}

/// `page` with `insert` before its last `</body>` (at the end without one).
pub fn insert_before_body_end(page: &[u8], insert: &str) -> Vec<u8> {
    let position = page
        .windows(7)
        .rposition(|window| window.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(page.len());
    let mut result = Vec::with_capacity(page.len() + insert.len());
    result.extend_from_slice(&page[..position]);
    result.extend_from_slice(insert.as_bytes());
    result.extend_from_slice(&page[position..]);
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_tag_escapes_every_value() {
        let base = BasePath::new("/a\"><script>alert(1)</script>/");
        let tag = script_tag(&base, "en/\"x\".html", "<y>", "v&1");
        assert!(!tag.contains("<script>alert"), "{tag}");
        assert!(!tag.contains("\"x\""), "{tag}");
        assert!(tag.contains("data-page=\"en/&quot;x&quot;.html\""), "{tag}");
        assert!(tag.contains("data-target=\"&lt;y&gt;\""), "{tag}");
        assert!(tag.contains("data-version=\"v&amp;1\""), "{tag}");
        assert!(tag.contains("src=\"/a%22%3E%3Cscript%3Ealert(1)%3C/script%3E/_accord/live.js\""));
        assert_eq!(tag.matches('<').count(), 2, "{tag}");
    }

    #[test]
    fn updates_list_paths_until_there_are_too_many() {
        let mut update = Update {
            version: "a.1".into(),
            reload: false,
            errors: false,
            paths: vec!["en/index.html".into()],
        };
        let json: serde_json::Value = serde_json::from_str(&update.to_json()).expect("json");
        assert_eq!(json["paths"][0], "en/index.html");
        assert_eq!(json["all"], false);
        update.paths = (0..=MAX_PATHS).map(|n| n.to_string()).collect();
        let json: serde_json::Value = serde_json::from_str(&update.to_json()).expect("json");
        assert_eq!(json["all"], true);
        assert_eq!(json["paths"].as_array().map(Vec::len), Some(0));
    }

    #[test]
    fn the_script_goes_before_the_end_of_the_body() {
        let page = insert_before_body_end(b"<body><p>x</p></BODY></html>", "<s>");
        assert_eq!(page, b"<body><p>x</p><s></BODY></html>");
        assert_eq!(insert_before_body_end(b"<p>x", "<s>"), b"<p>x<s>");
    }
}
