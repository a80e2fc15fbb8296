//! Small parsers for the textual forms the API pages name (addresses, ports, names, URLs, keys).

pub mod dns;
pub mod ipv4;
pub mod pem;
pub mod ports;
pub mod url;
