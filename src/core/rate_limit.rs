//! The client-side rate limit: a token bucket per organization, kept as the "generic cell rate
//! algorithm" (one theoretical arrival time), so reserving a slot is O(1) and slots are handed
//! out in call order (FIFO).

/// How much earlier than its neighbours a request may reach the server and still be within the
/// server's limit. It covers network jitter and, above all, a cold start: in a fresh process the
/// first burst leaves 110–150 ms after its slots (fetch loads and connects first), and 250 ms or
/// more on a busy machine, while later slots go out on time, so they reach the server bunched
/// together. 400 ms still keeps 100 calls at 10/s within 5 % of the floor (9.4 s vs 9 s).
/// `js/rate-limiters.js` repeats this schedule (`memoryRateLimiter`, and the Redis limiter's
/// script and fallback): change both together.
pub const JITTER_MARGIN_MS: f64 = 400.0;

/// A token bucket of `per_second` tokens a second.
#[derive(Debug, Clone)]
pub struct TokenBucket {
    interval_ms: f64,
    tolerance_ms: f64,
    tat_ms: f64,
}

impl TokenBucket {
    /// A bucket refilling `per_second` tokens a second, against a server allowing a burst of
    /// `per_second`. The client's burst is smaller by what arrives in [`JITTER_MARGIN_MS`], so
    /// requests that bunch up on the way still fit the server's bucket.
    pub fn new(per_second: f64) -> Self {
        let interval_ms = 1000.0 / per_second;
        let margin = per_second * JITTER_MARGIN_MS / 1000.0;
        let burst = (per_second - margin).floor().max(1.0);
        // Below ~1.67 requests/s the burst cannot shrink, so the spacing grows instead.
        let interval_ms = if per_second - margin < 1.0 {
            interval_ms + JITTER_MARGIN_MS
        } else {
            interval_ms
        };
        TokenBucket {
            interval_ms,
            tolerance_ms: (burst - 1.0) * interval_ms,
            tat_ms: f64::NEG_INFINITY,
        }
    }

    /// Takes the next slot and returns how long to wait for it from `now_ms`.
    pub fn reserve(&mut self, now_ms: f64) -> f64 {
        let tat = self.tat_ms.max(now_ms);
        let wait = (tat - self.tolerance_ms - now_ms).max(0.0);
        self.tat_ms = tat + self.interval_ms;
        wait
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Counts, for a server bucket of `capacity` refilling `rate`/s, how many of the arrivals are refused.
    fn refused(arrivals: &[f64], rate: f64, capacity: f64) -> usize {
        let (mut tokens, mut last, mut refused) = (capacity, 0.0, 0);
        for &t in arrivals {
            tokens = (tokens + (t - last) * rate / 1000.0).min(capacity);
            last = t;
            if tokens >= 1.0 {
                tokens -= 1.0;
            } else {
                refused += 1;
            }
        }
        refused
    }

    fn schedule(n: usize, rate: f64) -> Vec<f64> {
        let mut b = TokenBucket::new(rate);
        (0..n).map(|_| b.reserve(0.0)).collect()
    }

    /// The case jitter breaks: one call at 0 is slowed by the margin on the way, and lands
    /// inside the burst the client sends once its bucket has refilled.
    fn arrivals_when_an_early_call_is_slowed(mut bucket: TokenBucket, n: usize) -> Vec<f64> {
        let mut arrivals = vec![bucket.reserve(0.0) + JITTER_MARGIN_MS];
        arrivals.extend((0..n).map(|_| JITTER_MARGIN_MS + bucket.reserve(JITTER_MARGIN_MS)));
        arrivals.sort_by(f64::total_cmp);
        arrivals
    }

    #[test]
    fn a_server_with_the_same_limit_refuses_nothing_even_with_jitter() {
        for rate in [1.0, 2.0, 10.0, 20.0] {
            let arrivals = arrivals_when_an_early_call_is_slowed(TokenBucket::new(rate), 100);
            assert_eq!(refused(&arrivals, rate, rate), 0, "rate {rate}");
        }
    }

    #[test]
    fn a_client_without_the_margin_would_be_refused() {
        // The check above can fail: a bucket with the server's own burst is refused here.
        let naive = TokenBucket {
            interval_ms: 50.0,
            tolerance_ms: 19.0 * 50.0,
            tat_ms: f64::NEG_INFINITY,
        };
        let arrivals = arrivals_when_an_early_call_is_slowed(naive, 100);
        assert!(refused(&arrivals, 20.0, 20.0) > 0);
    }

    #[test]
    fn first_burst_is_free_then_one_per_interval() {
        let s = schedule(12, 10.0);
        assert!(s[..6].iter().all(|&w| w == 0.0), "{s:?}");
        assert_eq!(s[6], 100.0);
        assert_eq!(s[11], 600.0);
    }

    #[test]
    fn slow_rates_space_requests_by_the_margin_too() {
        let s = schedule(3, 1.0);
        assert_eq!(
            s,
            [
                0.0,
                1000.0 + JITTER_MARGIN_MS,
                2.0 * (1000.0 + JITTER_MARGIN_MS)
            ]
        );
    }

    #[test]
    fn bulk_of_100_at_10_per_second_takes_just_over_the_floor() {
        let last = *schedule(100, 10.0).last().unwrap();
        assert_eq!(last, 9400.0); // floor (100 - 10) / 10 s = 9 s; ratio 1.044
    }

    #[test]
    fn idle_time_refills_the_bucket() {
        let mut b = TokenBucket::new(10.0);
        for _ in 0..20 {
            b.reserve(0.0);
        }
        assert_eq!(b.reserve(10_000.0), 0.0);
    }
}
