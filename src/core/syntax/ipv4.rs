//! IPv4 addresses and CIDR blocks, as Secure Connect destinations write them.
