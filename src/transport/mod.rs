//! The transport: runs a prepared request with gloo-net (global `fetch`, so pages, workers and
//! Node share one path), with a per-attempt timeout, the caller's `AbortSignal`, retries and
//! the per-organization rate limit.

pub mod attempt;
pub mod call;
mod runtime;
pub mod wait;

pub use runtime::sleep;
