//! An RSA private key in PEM, as the Symphony sign-in takes it, turned into the PKCS#8 DER that
//! WebCrypto's `importKey("pkcs8", …)` reads.
//!
//! Plain Rust rather than JavaScript: a key that is not an RSA private key is refused
//! synchronously with a `ValidationError` like every other option, and each form (PKCS#8,
//! PKCS#1, public keys, EC keys, encrypted keys, junk) is unit-tested here. The DER walk reads
//! only the few outer elements it needs; WebCrypto checks the numbers themselves. No message here
//! ever quotes the key.

use super::syntax::pem::check_pem;

/// The DER of the OID rsaEncryption (1.2.840.113549.1.1.1).
const RSA_ENCRYPTION: &[u8] = &[
    0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01,
];

/// Why a text is not a usable RSA private key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyProblem {
    /// Not a PEM block at all.
    NotPem,
    /// A public key or a certificate.
    PublicKey,
    /// An encrypted private key (PKCS#8 `ENCRYPTED PRIVATE KEY` or a PKCS#1 `Proc-Type` header).
    Encrypted,
    /// A private key of another algorithm (EC, Ed25519, OpenSSH, RSA-PSS, …).
    NotRsa,
    /// The right label, but the body is not the DER structure it names.
    Malformed,
}

impl KeyProblem {
    /// One sentence about what is wrong and what to give instead.
    pub fn message(self) -> &'static str {
        match self {
            KeyProblem::NotPem => "privateKey must be an RSA private key in PEM form (-----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----), the whole block; read a key file as text (\"utf8\").",
            KeyProblem::PublicKey => "privateKey is a public key or a certificate: give the bot's private key (the pod holds the public one).",
            KeyProblem::Encrypted => "privateKey is encrypted: decrypt it first (for example `openssl pkey -in key.pem -out plain.pem`).",
            KeyProblem::NotRsa => "privateKey is not an RSA key: the Symphony sign-in signs with RS512, so it needs an RSA private key.",
            KeyProblem::Malformed => "privateKey is not a valid RSA private key: its PEM body is not the DER structure its label names.",
        }
    }
}

/// The PKCS#8 DER of an RSA private key given as PEM: PKCS#8 (`PRIVATE KEY`) as it is, PKCS#1
/// (`RSA PRIVATE KEY`) wrapped. Line breaks may be real or literal `\n`, as `check_pem` allows.
pub fn pkcs8_der(pem: &str) -> Result<Vec<u8>, KeyProblem> {
    if pem.contains("Proc-Type:") {
        return Err(KeyProblem::Encrypted);
    }
    check_pem(pem).map_err(|_| KeyProblem::NotPem)?;
    let (label, body) = label_and_body(pem).ok_or(KeyProblem::NotPem)?;
    let der = base64(body).ok_or(KeyProblem::NotPem)?;
    match label {
        "PRIVATE KEY" => {
            // PrivateKeyInfo: version (0, or 1 for OneAsymmetricKey), algorithm, the key.
            let [version, algorithm, key] = sequence::<3>(&der)?;
            let versioned = version.1 == 0x02 && matches!(version.2, [0] | [1]);
            if !versioned || algorithm.1 != 0x30 || key.1 != 0x04 {
                return Err(KeyProblem::Malformed);
            }
            let rsa = algorithm.2.starts_with(RSA_ENCRYPTION);
            if rsa {
                Ok(der)
            } else {
                Err(KeyProblem::NotRsa)
            }
        }
        "RSA PRIVATE KEY" => {
            // RSAPrivateKey: version, n, e, d, p, q, dp, dq, qinv (all INTEGERs).
            let fields = sequence::<9>(&der)?;
            if fields.iter().all(|f| f.1 == 0x02) {
                Ok(wrap_pkcs1(&der))
            } else {
                Err(KeyProblem::Malformed)
            }
        }
        "ENCRYPTED PRIVATE KEY" => Err(KeyProblem::Encrypted),
        "PUBLIC KEY" | "RSA PUBLIC KEY" | "CERTIFICATE" => Err(KeyProblem::PublicKey),
        _ => Err(KeyProblem::NotRsa),
    }
}

/// PKCS#1 → PKCS#8: SEQUENCE { INTEGER 0, SEQUENCE { rsaEncryption, NULL }, OCTET STRING { pkcs1 } }.
pub fn wrap_pkcs1(pkcs1: &[u8]) -> Vec<u8> {
    let mut inner = vec![0x02, 0x01, 0x00, 0x30, 0x0D];
    inner.extend_from_slice(RSA_ENCRYPTION);
    inner.extend_from_slice(&[0x05, 0x00]);
    push_tlv(&mut inner, 0x04, pkcs1);
    let mut out = Vec::with_capacity(inner.len() + 4);
    push_tlv(&mut out, 0x30, &inner);
    out
}

/// Appends tag, DER length (short form below 128, else the fewest big-endian bytes) and content.
fn push_tlv(out: &mut Vec<u8>, tag: u8, content: &[u8]) {
    out.push(tag);
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|b| **b == 0).count();
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
    out.extend_from_slice(content);
}

/// One element: (its whole encoding's length, tag, content).
type Element<'a> = (usize, u8, &'a [u8]);

/// Reads the element at the start of `data`.
fn element(data: &[u8]) -> Option<Element<'_>> {
    let (&tag, rest) = data.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (first as usize, rest)
    } else {
        let n = (first & 0x7F) as usize;
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let len = rest[..n].iter().fold(0usize, |a, b| (a << 8) | *b as usize);
        (len, &rest[n..])
    };
    let content = rest.get(..len)?;
    Some((data.len() - rest.len() + len, tag, content))
}

/// The first `N` elements of the one SEQUENCE that `der` must be (nothing after it).
fn sequence<const N: usize>(der: &[u8]) -> Result<[Element<'_>; N], KeyProblem> {
    let (whole, tag, mut content) = element(der).ok_or(KeyProblem::Malformed)?;
    if tag != 0x30 || whole != der.len() {
        return Err(KeyProblem::Malformed);
    }
    let mut out = [(0, 0, &[][..]); N];
    for slot in out.iter_mut() {
        let e = element(content).ok_or(KeyProblem::Malformed)?;
        content = &content[e.0..];
        *slot = e;
    }
    Ok(out)
}

/// The label of the BEGIN line and the text between the BEGIN and END lines.
fn label_and_body(pem: &str) -> Option<(&str, &str)> {
    let start = pem.find("-----BEGIN ")? + "-----BEGIN ".len();
    let label_len = pem[start..].find("-----")?;
    let label = &pem[start..start + label_len];
    let body_start = start + label_len + "-----".len();
    let body_len = pem[body_start..].find("-----END ")?;
    Some((label, &pem[body_start..body_start + body_len]))
}

/// Decodes base64, skipping white space and literal `\n` sequences between characters.
fn base64(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    let mut bytes = text.bytes();
    while let Some(b) = bytes.next() {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' | b' ' | b'\t' | b'\r' | b'\n' => continue,
            b'\\' if bytes.next() == Some(b'n') => continue,
            _ => return None,
        };
        acc = (acc << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    Some(out)
}

#[cfg(test)]
#[path = "rsa_key_tests.rs"]
mod tests;
