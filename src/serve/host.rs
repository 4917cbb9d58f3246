//! Which `Host` the preview answers: only the addresses it listens on, so that a web page whose
//! own domain is made to resolve to 127.0.0.1 (DNS rebinding) cannot read the preview, drafts and
//! error messages included. Browsers always send the name they resolved, which the attacker
//! cannot make `localhost` or an IP address; so those, and the names the user adds with
//! `--allowed-host`, are all that is answered. The same rule as Vite's and webpack's dev servers.

use std::net::IpAddr;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::{CONTENT_TYPE, HOST, X_CONTENT_TYPE_OPTIONS};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

/// The hosts a request may be addressed to.
#[derive(Debug, Clone)]
pub struct HostRule {
    /// The port listened on: a `Host` with another port is refused.
    port: u16,
    /// The address listened on (`--bind`); when unspecified (`0.0.0.0`, `::`) every IP address
    /// of the machine is one it listens on.
    bind: IpAddr,
    /// `--allowed-host` names, lower case; `.example.test` also allows every subdomain.
    names: Vec<String>,
}

impl HostRule {
    /// Checks the `--allowed-host` values: host names (or IP addresses) without scheme, port or
    /// path.
    pub fn new(bind: IpAddr, port: u16, names: &[String]) -> Result<HostRule, String> {
        let mut checked = Vec::with_capacity(names.len());
        for name in names {
            let lower = name.trim().trim_end_matches('.').to_ascii_lowercase();
            let bare = lower.trim_start_matches('.');
            let valid = !bare.is_empty()
                && bare
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'));
            if !valid {
                return Err(format!(
                    "--allowed-host `{name}`: give a host name such as `preview.example.test` (no scheme, port or path; `.example.test` allows its subdomains too)"
                ));
            }
            checked.push(lower);
        }
        Ok(HostRule {
            port,
            bind,
            names: checked,
        })
    }

    /// Whether a request whose `Host` (or absolute-form authority) is `host` is answered.
    pub fn allows(&self, host: &str) -> bool {
        let Some((name, port)) = split_host(host) else {
            return false;
        };
        if port.is_some_and(|port| port != self.port) {
            return false;
        }
        let name = name.trim_end_matches('.').to_ascii_lowercase();
        if name == "localhost" {
            return true;
        }
        if let Ok(ip) = name
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<IpAddr>()
        {
            // An IP address cannot be rebound; answer those the server listens on.
            return ip.is_loopback() || ip == self.bind || self.bind.is_unspecified();
        }
        self.names
            .iter()
            .any(|allowed| match allowed.strip_prefix('.') {
                Some(domain) => {
                    name == domain
                        || name
                            .strip_suffix(domain)
                            .is_some_and(|sub| sub.ends_with('.'))
                }
                None => name == *allowed,
            })
    }
}

/// `name:port`, `[::1]:port` or a bare name, split; `None` when it is not a host.
fn split_host(host: &str) -> Option<(&str, Option<u16>)> {
    let (name, port) = if host.starts_with('[') {
        let end = host.find(']')?;
        let (name, rest) = host.split_at(end + 1);
        match rest {
            "" => (name, None),
            rest => (name, Some(rest.strip_prefix(':')?)),
        }
    } else {
        match host.split_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (host, None),
        }
    };
    if name.is_empty() || name.contains(|c: char| c.is_whitespace() || c == '/' || c == '@') {
        return None;
    }
    let port = match port {
        Some(port) => Some(port.parse().ok()?),
        None => None,
    };
    Some((name, port))
}

/// Refuses, with 403 and a short explanation, any request not addressed to this preview.
pub async fn check_host(
    State(rule): State<std::sync::Arc<HostRule>>,
    request: Request,
    next: Next,
) -> Response {
    // An absolute-form request (`GET http://host/path`) names its host in the target; a normal
    // one in its only `Host` header.
    let host = match request.uri().authority() {
        Some(authority) => Some(authority.as_str().to_owned()),
        None => {
            let mut values = request.headers().get_all(HOST).iter();
            match (values.next(), values.next()) {
                (Some(value), None) => value.to_str().ok().map(str::to_owned),
                _ => None,
            }
        }
    };
    match host {
        Some(host) if rule.allows(&host) => next.run(request).await,
        host => refused(host.as_deref()),
    }
}

fn refused(host: Option<&str>) -> Response {
    let message = match host {
        Some(host) => {
            // Echoed as plain text, shortened and without control characters.
            let shown: String = host.chars().filter(|c| !c.is_control()).take(100).collect();
            let name = split_host(&shown)
                .map(|(name, _)| name.to_owned())
                .unwrap_or_else(|| shown.clone());
            format!(
                "Blocked request: this preview only answers requests addressed to it (localhost, \
                 127.0.0.1, [::1] or the --bind address, with its port), not to `{shown}`.\n\
                 This keeps other web sites from reading it through DNS rebinding.\n\
                 To open it through that name, restart it with: accord serve --allowed-host {name}\n"
            )
        }
        None => "Blocked request: it has no single Host header, and this preview only answers \
                 requests addressed to it (localhost, 127.0.0.1, [::1] or the --bind address, \
                 or a name given with --allowed-host).\n"
            .to_owned(),
    };
    let mut response = Response::new(Body::from(message));
    *response.status_mut() = StatusCode::FORBIDDEN;
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::{Ipv4Addr, Ipv6Addr};

    fn loopback(names: &[&str]) -> HostRule {
        let names: Vec<String> = names.iter().map(|name| (*name).to_owned()).collect();
        HostRule::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 1111, &names).expect("valid")
    }

    #[test]
    fn loopback_names_with_the_port_are_answered() {
        let rule = loopback(&[]);
        for host in [
            "127.0.0.1:1111",
            "localhost:1111",
            "LOCALHOST:1111",
            "localhost.:1111",
            "[::1]:1111",
            "127.0.0.1",
            "localhost",
            "127.1.2.3:1111",
        ] {
            assert!(rule.allows(host), "{host}");
        }
        for host in [
            "evil.example:1111",
            "evil.example",
            "localhost:1112",
            "127.0.0.1:80",
            "localhost.evil.example:1111",
            "evil-localhost:1111",
            "192.168.1.10:1111",
            "",
            ":1111",
            "[::1",
            "a b:1111",
            "user@localhost:1111",
            "127.0.0.1:1111:1111",
            "localhost:port",
        ] {
            assert!(!rule.allows(host), "{host}");
        }
    }

    #[test]
    fn the_bind_address_and_allowed_names_are_answered() {
        let lan = IpAddr::V4(Ipv4Addr::new(192, 168, 1, 10));
        let rule = HostRule::new(lan, 8000, &[]).expect("valid");
        assert!(rule.allows("192.168.1.10:8000"));
        assert!(!rule.allows("192.168.1.11:8000"));
        let any = HostRule::new(IpAddr::V6(Ipv6Addr::UNSPECIFIED), 8000, &[]).expect("valid");
        assert!(any.allows("192.168.1.11:8000"));
        assert!(any.allows("[fe80::1]:8000"));
        assert!(!any.allows("laptop.lan:8000"));

        let rule = loopback(&["Preview.Example.test", ".tunnel.test"]);
        assert!(rule.allows("preview.example.test:1111"));
        assert!(rule.allows("PREVIEW.example.test"));
        assert!(!rule.allows("other.example.test:1111"));
        assert!(rule.allows("tunnel.test:1111"));
        assert!(rule.allows("a.b.tunnel.test:1111"));
        assert!(!rule.allows("eviltunnel.test:1111"));
    }

    #[test]
    fn allowed_hosts_must_be_host_names() {
        let any = IpAddr::V4(Ipv4Addr::LOCALHOST);
        for bad in ["http://x.test", "x.test:80", "x.test/path", "", ".", "a b"] {
            assert!(HostRule::new(any, 1, &[bad.to_owned()]).is_err(), "{bad}");
        }
    }
}
