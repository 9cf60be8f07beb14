//! Failed sign-ins per client address: after [`FailureLimiter::max`] failures within a window,
//! the address is answered 429 with `Retry-After` until the window ends.
//!
//! IPv6 addresses count per /64 (one host usually has a whole /64). Behind a reverse proxy every
//! request comes from the proxy: [`client_address`] takes the client from `X-Forwarded-For`
//! when, and only when, the peer is a trusted proxy.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv6Addr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::http::HeaderMap;

/// At most this many addresses are tracked; past it, expired windows are dropped, then the
/// oldest.
pub const MAX_TRACKED: usize = 100_000;

#[derive(Debug, Clone, Copy)]
struct Window {
    start: Instant,
    failures: u32,
}

/// Counts failed sign-ins per address in fixed windows (in memory, per server instance).
#[derive(Debug)]
pub struct FailureLimiter {
    max: u32,
    window: Duration,
    windows: Mutex<HashMap<IpAddr, Window>>,
}

impl Default for FailureLimiter {
    fn default() -> FailureLimiter {
        FailureLimiter::new(super::DEFAULT_FAILURES, super::DEFAULT_WINDOW)
    }
}

impl FailureLimiter {
    /// A limiter allowing `max` failures per `window` and address.
    pub fn new(max: u32, window: Duration) -> FailureLimiter {
        FailureLimiter {
            max: max.max(1),
            window,
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// The failures allowed per window.
    pub fn max(&self) -> u32 {
        self.max
    }

    /// May `client` try to sign in at `now`?
    ///
    /// # Errors
    /// How long it must wait, when it has used up its failures in the current window.
    pub fn check(&self, client: IpAddr, now: Instant) -> Result<(), Duration> {
        let key = key(client);
        let windows = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        match windows.get(&key) {
            Some(w) if w.failures >= self.max => {
                let end = w.start + self.window;
                if now < end { Err(end - now) } else { Ok(()) }
            }
            _ => Ok(()),
        }
    }

    /// Count one failed sign-in of `client` at `now`.
    pub fn record_failure(&self, client: IpAddr, now: Instant) {
        let key = key(client);
        let mut windows = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        if windows.len() >= MAX_TRACKED && !windows.contains_key(&key) {
            let window = self.window;
            windows.retain(|_, w| now.saturating_duration_since(w.start) < window);
            if windows.len() >= MAX_TRACKED
                && let Some(oldest) = windows.iter().min_by_key(|(_, w)| w.start).map(|(k, _)| *k)
            {
                windows.remove(&oldest);
            }
        }
        let w = windows.entry(key).or_insert(Window {
            start: now,
            failures: 0,
        });
        if now.saturating_duration_since(w.start) >= self.window {
            *w = Window {
                start: now,
                failures: 0,
            };
        }
        w.failures = w.failures.saturating_add(1);
    }

    /// How many addresses are tracked.
    pub fn tracked(&self) -> usize {
        self.windows.lock().unwrap_or_else(|p| p.into_inner()).len()
    }
}

/// The address an IPv6 client is counted under: its /64.
fn key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
        v4 => v4,
    }
}

/// The client's address: the TCP peer, or — when the peer is one of `trusted_proxies` — the
/// right-most `X-Forwarded-For` entry that is not itself a trusted proxy.
pub fn client_address(peer: IpAddr, headers: &HeaderMap, trusted_proxies: &[IpAddr]) -> IpAddr {
    if !trusted_proxies.contains(&peer) {
        return peer;
    }
    let mut client = peer;
    let hops: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    for hop in hops.into_iter().rev() {
        client = hop;
        if !trusted_proxies.contains(&hop) {
            break;
        }
    }
    client
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn ten_failures_then_429_until_the_window_ends() {
        let limiter = FailureLimiter::new(10, Duration::from_secs(60));
        let t0 = Instant::now();
        let a = ip("192.0.2.1");
        for i in 0..10 {
            assert_eq!(limiter.check(a, t0), Ok(()), "attempt {i}");
            limiter.record_failure(a, t0 + Duration::from_secs(i));
        }
        let wait = limiter.check(a, t0 + Duration::from_secs(10)).unwrap_err();
        assert_eq!(wait, Duration::from_secs(50));
        // Another address is not affected.
        assert_eq!(limiter.check(ip("192.0.2.2"), t0), Ok(()));
        // The window ends: heard again, and counting starts afresh.
        let later = t0 + Duration::from_secs(60);
        assert_eq!(limiter.check(a, later), Ok(()));
        limiter.record_failure(a, later);
        assert_eq!(limiter.check(a, later), Ok(()));
    }

    #[test]
    fn ipv6_counts_per_64() {
        let limiter = FailureLimiter::new(2, Duration::from_secs(60));
        let t0 = Instant::now();
        limiter.record_failure(ip("2001:db8:1:2::1"), t0);
        limiter.record_failure(ip("2001:db8:1:2::ffff"), t0);
        assert!(limiter.check(ip("2001:db8:1:2:abcd::9"), t0).is_err());
        assert!(limiter.check(ip("2001:db8:1:3::1"), t0).is_ok());
    }

    #[test]
    fn forwarded_for_only_from_trusted_proxies() {
        let mut h = HeaderMap::new();
        h.insert(
            "x-forwarded-for",
            "203.0.113.9, 198.51.100.7".parse().unwrap(),
        );
        let proxy = ip("127.0.0.1");
        assert_eq!(
            client_address(ip("192.0.2.1"), &h, &[proxy]),
            ip("192.0.2.1")
        );
        assert_eq!(client_address(proxy, &h, &[proxy]), ip("198.51.100.7"));
        let inner = ip("198.51.100.7");
        assert_eq!(
            client_address(proxy, &h, &[proxy, inner]),
            ip("203.0.113.9")
        );
        assert_eq!(client_address(proxy, &HeaderMap::new(), &[proxy]), proxy);
    }
}
