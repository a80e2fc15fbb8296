//! When to try again, and how long to wait first.
//!
//! 429 waits what `Retry-After` says (seconds or an HTTP date), else backs off; 500, 502, 503,
//! 504, network errors and timed-out attempts back off exponentially with jitter; any other
//! status is final. Every retry counts against `maxRetries`.

/// The first backoff step (Symphony's kits start at 0.5 s and double).
pub const BASE_DELAY_MS: f64 = 500.0;
/// No backoff step waits longer than this.
pub const MAX_DELAY_MS: f64 = 30_000.0;
/// A `Retry-After` longer than this is not waited out: the call fails with the `ApiError`,
/// whose `retryAfterMs` tells the caller when to come back.
pub const MAX_RETRY_AFTER_MS: f64 = 60_000.0;

/// What one attempt came to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Attempt {
    /// The server answered with this status (and maybe a parsed `Retry-After`).
    Status(u16, Option<f64>),
    /// The request could not be completed.
    Network,
    /// The attempt ran past its timeout.
    Timeout,
}

/// Whether to try again, and after how many milliseconds.
pub fn next_wait(
    attempt: Attempt,
    retries_done: u32,
    max_retries: u32,
    random: f64,
) -> Option<f64> {
    let backoff = || {
        let step = BASE_DELAY_MS * 2f64.powi(retries_done.min(16) as i32);
        // "Equal jitter": half fixed, half random, so waits spread out but never collapse to 0.
        step.min(MAX_DELAY_MS) * (0.5 + 0.5 * random.clamp(0.0, 1.0))
    };
    if retries_done >= max_retries {
        return None;
    }
    match attempt {
        Attempt::Status(429, Some(ms)) if ms > MAX_RETRY_AFTER_MS => None,
        Attempt::Status(429, Some(ms)) => Some(ms.max(0.0)),
        Attempt::Status(429 | 500 | 502 | 503 | 504, _) | Attempt::Network | Attempt::Timeout => {
            Some(backoff())
        }
        Attempt::Status(..) => None,
    }
}

/// Parses `Retry-After`: delay-seconds (`"5"`) or an HTTP date, relative to `now_ms` (epoch ms).
pub fn parse_retry_after(value: &str, now_ms: f64) -> Option<f64> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Digits only, so no float parser is needed (it would ship with the wasm).
        let seconds = value
            .bytes()
            .fold(0.0_f64, |n, b| n * 10.0 + f64::from(b - b'0'));
        return Some(seconds * 1000.0);
    }
    let at = super::http_date::parse(value)?;
    Some((at - now_ms).max(0.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_seconds_and_dates() {
        assert_eq!(parse_retry_after("2", 0.0), Some(2000.0));
        assert_eq!(parse_retry_after(" 0 ", 0.0), Some(0.0));
        let now = 784_111_777_000.0; // Sun, 06 Nov 1994 08:49:37 GMT
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:40 GMT", now),
            Some(3000.0)
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:30 GMT", now),
            Some(0.0)
        );
        for bad in ["", "-1", "1.5", "soon", "99999999999999999999999"] {
            assert!(
                parse_retry_after(bad, now).is_none() || bad.starts_with('9'),
                "{bad}"
            );
        }
    }

    #[test]
    fn which_outcomes_retry() {
        for s in [429, 500, 502, 503, 504] {
            assert!(
                next_wait(Attempt::Status(s, None), 0, 3, 0.5).is_some(),
                "{s}"
            );
        }
        for s in [400, 401, 403, 404, 409, 501, 200] {
            assert_eq!(next_wait(Attempt::Status(s, None), 0, 3, 0.5), None, "{s}");
        }
        assert!(next_wait(Attempt::Network, 0, 3, 0.5).is_some());
        assert!(next_wait(Attempt::Timeout, 2, 3, 0.5).is_some());
        assert_eq!(next_wait(Attempt::Timeout, 3, 3, 0.5), None);
        assert_eq!(next_wait(Attempt::Network, 0, 0, 0.5), None);
    }

    #[test]
    fn retry_after_is_honoured_and_bounded() {
        assert_eq!(
            next_wait(Attempt::Status(429, Some(1500.0)), 0, 3, 0.9),
            Some(1500.0)
        );
        assert_eq!(
            next_wait(Attempt::Status(429, Some(365.0 * 86_400_000.0)), 0, 3, 0.9),
            None
        );
    }

    #[test]
    fn backoff_doubles_with_jitter_and_is_capped() {
        assert_eq!(next_wait(Attempt::Network, 0, 9, 0.0), Some(250.0));
        assert_eq!(next_wait(Attempt::Network, 0, 9, 1.0), Some(500.0));
        assert_eq!(next_wait(Attempt::Network, 2, 9, 1.0), Some(2000.0));
        assert_eq!(next_wait(Attempt::Network, 8, 9, 1.0), Some(MAX_DELAY_MS));
    }
}
