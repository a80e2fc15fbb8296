//! The transport: runs a prepared request through fetch (the global one, so pages, workers and
//! Node share one path, or the caller's `fetch` option), with a per-attempt timeout, the
//! caller's `AbortSignal`, retries, the per-organization rate limit, Meraki's shard redirects
//! and the caller's hooks.

pub mod attempt;
pub mod call;
pub mod limit;
mod runtime;
pub mod wait;

pub use runtime::{sleep, Hooks};
