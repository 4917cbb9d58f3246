//! Accepting connections, with limits on how long a client may hold one: the preview must keep
//! answering however many connections a browser (or anything else) opens and leaves idle.
//!
//! - The request head must arrive within [`Timeouts::header`] (10 s) of the server starting to
//!   wait for it. hyper starts that clock as soon as the connection is ready for a request, so
//!   it also closes a connection left idle between two requests (keep-alive) after 10 s, and a
//!   client that sends half a request, or trickles it, after 10 s too.
//! - A connection on which nothing moves either way for [`Timeouts::idle`] (60 s) is closed: a
//!   client that stops reading a response. The update stream writes a keep-alive comment every
//!   15 s (a quarter of the limit at most), so an open page is never cut off.
//! - A failed `accept` (no file descriptor left) waits a little and tries again instead of
//!   spinning; the timeouts above free descriptors held by idle clients.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::{Instant, Sleep};

/// How long clients may take.
#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    /// To send a request's head, counted from when the server waits for it.
    pub header: Duration,
    /// With no byte read or written.
    pub idle: Duration,
}

impl Timeouts {
    /// 10 s and 60 s; the tests shorten them through `ACCORD_SERVE_HEADER_TIMEOUT_MS` and
    /// `ACCORD_SERVE_IDLE_TIMEOUT_MS` (milliseconds), which nothing else should set.
    pub fn from_env() -> Timeouts {
        let read = |name: &str, default: u64| {
            let millis = std::env::var(name)
                .ok()
                .and_then(|value| value.parse::<u64>().ok())
                .filter(|&millis| millis > 0)
                .unwrap_or(default);
            Duration::from_millis(millis)
        };
        Timeouts {
            header: read("ACCORD_SERVE_HEADER_TIMEOUT_MS", 10_000),
            idle: read("ACCORD_SERVE_IDLE_TIMEOUT_MS", 60_000),
        }
    }
}

/// Serves `app` on every connection `listener` accepts, until the task is dropped.
pub async fn serve(listener: TcpListener, app: Router, timeouts: Timeouts) {
    let mut warned = false;
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(error) => {
                if !is_per_connection(&error) {
                    if !warned {
                        eprintln!("warning: cannot accept connections: {error}; retrying");
                        warned = true;
                    }
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                continue;
            }
        };
        warned = false;
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let io = TokioIo::new(IdleIo::new(stream, timeouts.idle));
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(timeouts.header)
                .keep_alive(true)
                .serve_connection(io, service)
                .await;
        });
    }
}

/// Errors about one connection that went away before it was accepted: just take the next.
fn is_per_connection(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    )
}

/// A TCP stream that fails with `TimedOut` once nothing was read or written for `limit` while
/// the server waits on it.
struct IdleIo {
    stream: TcpStream,
    limit: Duration,
    deadline: Pin<Box<Sleep>>,
}

impl IdleIo {
    fn new(stream: TcpStream, limit: Duration) -> IdleIo {
        IdleIo {
            stream,
            limit,
            deadline: Box::pin(tokio::time::sleep(limit)),
        }
    }

    fn moved(&mut self) {
        self.deadline.as_mut().reset(Instant::now() + self.limit);
    }

    /// On `Pending`: still pending, or the error once the deadline passed.
    fn check_idle(&mut self, cx: &mut Context<'_>) -> Poll<io::Error> {
        match self.deadline.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(io::Error::new(
                io::ErrorKind::TimedOut,
                "connection idle too long",
            )),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl AsyncRead for IdleIo {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        match Pin::new(&mut this.stream).poll_read(cx, buf) {
            Poll::Ready(result) => {
                if buf.filled().len() > before {
                    this.moved();
                }
                Poll::Ready(result)
            }
            Poll::Pending => this.check_idle(cx).map(Err),
        }
    }
}

impl AsyncWrite for IdleIo {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        match Pin::new(&mut this.stream).poll_write(cx, buf) {
            Poll::Ready(result) => {
                if matches!(result, Ok(written) if written > 0) {
                    this.moved();
                }
                Poll::Ready(result)
            }
            Poll::Pending => this.check_idle(cx).map(Err),
        }
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        match Pin::new(&mut this.stream).poll_write_vectored(cx, bufs) {
            Poll::Ready(result) => {
                if matches!(result, Ok(written) if written > 0) {
                    this.moved();
                }
                Poll::Ready(result)
            }
            Poll::Pending => this.check_idle(cx).map(Err),
        }
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_shutdown(cx)
    }
}
