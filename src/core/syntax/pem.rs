//! PEM blocks (public keys and certificates).
