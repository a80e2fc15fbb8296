//! The proptest configuration of the property suites: a fixed seed per test, so a run is
//! repeatable and CI never flakes, unless `PROPTEST_RNG_SEED` or `PROPTEST_CASES` says otherwise.

use proptest::prelude::ProptestConfig;
use proptest::test_runner::{RngAlgorithm, RngSeed};

/// `cases` cases from the seed `seed` (each test passes its own).
pub fn config(cases: u32, seed: u64) -> ProptestConfig {
    let base = ProptestConfig::default();
    let seeded = std::env::var_os("PROPTEST_RNG_SEED").is_some();
    let cases_set = std::env::var_os("PROPTEST_CASES").is_some();
    ProptestConfig {
        cases: if cases_set { base.cases } else { cases },
        rng_seed: if seeded {
            base.rng_seed
        } else {
            RngSeed::Fixed(seed)
        },
        // Every `prop_oneof!` seeds an RNG for each branch it passes over: XorShift makes that
        // cheap, where ChaCha (the default) makes it most of the time of a debug build.
        rng_algorithm: RngAlgorithm::XorShift,
        failure_persistence: None,
        ..base
    }
}
