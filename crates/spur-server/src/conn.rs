//! The accept loop: hyper's HTTP/1 connection driver with a header-read timeout, an idle
//! keep-alive timeout, a cap on open connections and a graceful shutdown bounded by a grace
//! period (slow clients are cut off when it ends).

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinSet;
use tokio::time::Instant;

use crate::Config;

/// Serve `app` on `listener` until `shutdown` resolves; then stop accepting, ask every
/// connection to close after its current response, and cut off whatever is still open after
/// `config.shutdown_grace`.
pub(crate) async fn run<F>(listener: TcpListener, app: Router, config: &Config, shutdown: F)
where
    F: std::future::Future<Output = ()> + Send + 'static,
{
    // Every request read here is marked as from the socket: the Host rules apply in full.
    let app = app.layer(axum::Extension(crate::guard::FromSocket));
    let slots = Arc::new(Semaphore::new(config.max_connections.max(1)));
    let (stop_tx, stop_rx) = watch::channel(false);
    let mut connections = JoinSet::new();
    let epoch = Instant::now();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            () = &mut shutdown => break,
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
            accepted = listener.accept() => {
                let stream = match accepted {
                    Ok((stream, _)) => stream,
                    Err(e) => {
                        // Out of file descriptors or similar: back off instead of spinning.
                        tracing::warn!("accept failed: {e}");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                match slots.clone().try_acquire_owned() {
                    Ok(permit) => {
                        let conn = Connection {
                            app: app.clone(),
                            header_timeout: config.header_timeout,
                            idle_timeout: config.idle_timeout,
                            stop: stop_rx.clone(),
                            epoch,
                        };
                        connections.spawn(async move {
                            conn.serve(stream).await;
                            drop(permit);
                        });
                    }
                    Err(_) => {
                        tracing::warn!(
                            max = config.max_connections,
                            "connection limit reached: refusing a connection with 503"
                        );
                        connections.spawn(refuse(stream));
                    }
                }
            }
        }
    }
    drop(listener);
    let _ = stop_tx.send(true);
    let open = connections.len();
    if open > 0 {
        tracing::info!(
            open,
            grace_s = config.shutdown_grace.as_secs_f64(),
            "waiting for open connections"
        );
    }
    let drained = tokio::time::timeout(config.shutdown_grace, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        tracing::warn!(
            left = connections.len(),
            "grace period over: closing the remaining connections"
        );
        connections.shutdown().await;
    }
}

/// Answer a connection over the cap with a fixed 503 and close it (without reading a request:
/// the answer must not wait for a slow client).
async fn refuse(mut stream: TcpStream) {
    const BODY: &str = r#"{"message":"the server has too many open connections (`spur serve --max-connections`); try again shortly","errors":[],"warnings":[]}"#;
    let answer = format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/problem+json\r\nretry-after: 1\r\nconnection: close\r\ncontent-length: {}\r\n\r\n{BODY}",
        BODY.len()
    );
    let _ = tokio::time::timeout(Duration::from_secs(1), async {
        let _ = stream.write_all(answer.as_bytes()).await;
        let _ = stream.shutdown().await;
    })
    .await;
}

struct Connection {
    app: Router,
    header_timeout: Duration,
    idle_timeout: Duration,
    stop: watch::Receiver<bool>,
    epoch: Instant,
}

impl Connection {
    async fn serve(mut self, stream: TcpStream) {
        // Sign-in counts failures per client address: tell the handlers who this is.
        let peer = stream.peer_addr().ok();
        let last = Arc::new(AtomicU64::new(millis_since(self.epoch)));
        let io = TokioIo::new(Activity {
            inner: stream,
            last: last.clone(),
            epoch: self.epoch,
        });
        let mut builder = hyper::server::conn::http1::Builder::new();
        builder
            .timer(TokioTimer::new())
            .header_read_timeout(self.header_timeout)
            .keep_alive(true)
            .max_headers(100);
        let app = self.app.clone();
        let service = tower::ServiceExt::map_request(
            app,
            move |mut req: hyper::Request<hyper::body::Incoming>| {
                if let Some(peer) = peer {
                    req.extensions_mut().insert(crate::caller::Peer(peer));
                }
                req
            },
        );
        let conn = builder.serve_connection(io, TowerToHyperService::new(service));
        tokio::pin!(conn);
        let mut closing = false;
        loop {
            let idle_since = self.epoch + Duration::from_millis(last.load(Ordering::Relaxed));
            let idle_deadline = idle_since + self.idle_timeout;
            tokio::select! {
                result = conn.as_mut() => {
                    if let Err(e) = result {
                        tracing::debug!("connection closed: {e}");
                    }
                    break;
                }
                () = tokio::time::sleep_until(idle_deadline), if !closing => {
                    let quiet = Instant::now().saturating_duration_since(
                        self.epoch + Duration::from_millis(last.load(Ordering::Relaxed)),
                    );
                    if quiet >= self.idle_timeout {
                        // Nothing read or written for the whole idle timeout: finish the
                        // response in progress, if any, and close.
                        conn.as_mut().graceful_shutdown();
                        closing = true;
                    }
                }
                changed = self.stop.changed(), if !closing => {
                    if changed.is_err() || *self.stop.borrow() {
                        conn.as_mut().graceful_shutdown();
                        closing = true;
                    }
                }
            }
        }
    }
}

fn millis_since(epoch: Instant) -> u64 {
    u64::try_from(epoch.elapsed().as_millis()).unwrap_or(u64::MAX)
}

/// A TCP stream that records when bytes last moved, for the idle timeout.
struct Activity {
    inner: TcpStream,
    last: Arc<AtomicU64>,
    epoch: Instant,
}

impl Activity {
    fn touch(&self) {
        self.last.store(millis_since(self.epoch), Ordering::Relaxed);
    }
}

impl AsyncRead for Activity {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let result = Pin::new(&mut self.inner).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.touch();
        }
        result
    }
}

impl AsyncWrite for Activity {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let result = Pin::new(&mut self.inner).poll_write(cx, buf);
        if matches!(result, Poll::Ready(Ok(n)) if n > 0) {
            self.touch();
        }
        result
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let result = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if matches!(result, Poll::Ready(Ok(n)) if n > 0) {
            self.touch();
        }
        result
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
