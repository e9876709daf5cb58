//! BOM serial numbers: `urn:uuid:` URNs (RFC 4122 / RFC 9562) as CycloneDX 1.6 `serialNumber`
//! requires. When the caller gives none, one is derived from the BOM's content so the same
//! inventory always yields the same document.

use std::fmt;
use std::str::FromStr;

use sha2::{Digest, Sha256};

/// A BOM serial number, kept in the canonical form the CycloneDX 1.6 schema's pattern accepts:
/// `urn:uuid:` followed by a lower-case hyphenated UUID.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SerialNumber(Box<str>);

/// The namespace vouch hashes BOM content under (a random UUID fixed once), so our derived
/// serials cannot collide with name-based UUIDs of other namespaces.
const VOUCH_BOM_NAMESPACE: [u8; 16] = [
    0x86, 0xba, 0x4b, 0x50, 0x36, 0xa8, 0x4c, 0xf7, 0x99, 0xa0, 0x21, 0xe6, 0x73, 0xc8, 0x97, 0x84,
];

impl SerialNumber {
    /// The serial of a BOM whose identifying content is `content`: a name-based UUIDv8 over
    /// SHA-256 in vouch's namespace.
    pub(crate) fn for_content(content: &[u8]) -> SerialNumber {
        SerialNumber::name_based(VOUCH_BOM_NAMESPACE, content)
    }

    /// A name-based UUID using SHA-256, as RFC 9562 §5.8 and Appendix B.2 describe: the first 16
    /// bytes of `SHA-256(namespace || name)` with the version set to 8 and the RFC variant.
    /// (UUIDv5 is the same construction over SHA-1; RFC 9562 reserves v8 for other hashes.)
    fn name_based(namespace: [u8; 16], name: &[u8]) -> SerialNumber {
        let digest = Sha256::new()
            .chain_update(namespace)
            .chain_update(name)
            .finalize();
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(&digest[..16]);
        bytes[6] = (bytes[6] & 0x0f) | 0x80;
        bytes[8] = (bytes[8] & 0x3f) | 0x80;
        SerialNumber(format_urn(&bytes).into())
    }

    /// The URN, e.g. `urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn format_urn(bytes: &[u8; 16]) -> String {
    let mut out = String::with_capacity(45);
    out.push_str("urn:uuid:");
    for (i, b) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 0x0f)]));
    }
    out
}

const HEX: &[u8; 16] = b"0123456789abcdef";

impl FromStr for SerialNumber {
    type Err = SerialNumberError;

    /// Accepts `urn:uuid:<uuid>` (the prefix in any case) or a bare `<uuid>` in the hyphenated
    /// 8-4-4-4-12 form, hex digits in either case; the result is lower-cased.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let fail = |reason: &'static str| SerialNumberError {
            input: s.to_owned(),
            reason,
        };
        let uuid = match s.get(..9) {
            Some(prefix) if prefix.eq_ignore_ascii_case("urn:uuid:") => &s[9..],
            _ => s,
        };
        if uuid.len() != 36 {
            return Err(fail("a UUID has 36 characters (8-4-4-4-12 hex digits)"));
        }
        for (i, c) in uuid.chars().enumerate() {
            let ok = if matches!(i, 8 | 13 | 18 | 23) {
                c == '-'
            } else {
                c.is_ascii_hexdigit()
            };
            if !ok {
                return Err(fail("a UUID is hex digits in groups 8-4-4-4-12"));
            }
        }
        Ok(SerialNumber(
            format!("urn:uuid:{}", uuid.to_ascii_lowercase()).into(),
        ))
    }
}

impl fmt::Display for SerialNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A string that is not a UUID or `urn:uuid:` URN.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid BOM serial number `{input}`: {reason}")]
pub struct SerialNumberError {
    /// The string as given.
    pub input: String,
    /// Why it was refused.
    pub reason: &'static str,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_based_v8_matches_rfc_9562_appendix_b2() {
        // RFC 9562 B.2: SHA-256, namespace DNS, name "www.example.com".
        let dns = [
            0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4,
            0x30, 0xc8,
        ];
        assert_eq!(
            SerialNumber::name_based(dns, b"www.example.com").as_str(),
            "urn:uuid:5c146b14-3c52-8afd-938a-375d0df1fbf6"
        );
    }

    #[test]
    fn derived_serials_are_stable_and_content_dependent() {
        let a = SerialNumber::for_content(b"a");
        assert_eq!(a, SerialNumber::for_content(b"a"));
        assert_ne!(a, SerialNumber::for_content(b"b"));
    }

    #[test]
    fn parses_urns_and_bare_uuids_into_lower_case_urns() {
        let want = "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79";
        for input in [
            want,
            "3e671687-395b-41f5-a30f-a58921a69b79",
            "URN:UUID:3E671687-395B-41F5-A30F-A58921A69B79",
        ] {
            assert_eq!(input.parse::<SerialNumber>().unwrap().as_str(), want);
        }
    }

    #[test]
    fn refuses_what_is_not_a_uuid() {
        for input in [
            "",
            "urn:uuid:",
            "3e671687395b41f5a30fa58921a69b79",
            "3e671687-395b-41f5-a30f-a58921a69b7g",
            "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79x",
            "3e67168-7395b-41f5-a30f-a58921a69b79",
            "urn:uuid:3e671687-395b-41f5-a30f-a58921a69bé",
        ] {
            let err = input.parse::<SerialNumber>().unwrap_err();
            assert_eq!(err.input, input);
        }
    }
}
