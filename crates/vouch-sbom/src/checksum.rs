//! Which recorded checksums an SBOM can carry: both CycloneDX (`hash-content`) and SPDX 2.3
//! (§7.10, "lower case hexadecimal") want the digest as hex of exactly the algorithm's length.

use vouch_model::{Checksum, ChecksumAlgorithm};

/// The digest in lower-case hex when it has the algorithm's length and only hex digits; `None`
/// for a digest a lockfile recorded malformed (the writers keep those elsewhere, never drop them).
pub(crate) fn usable_hex(checksum: &Checksum) -> Option<String> {
    let hex_len = match checksum.algorithm {
        ChecksumAlgorithm::Md5 => 32,
        ChecksumAlgorithm::Sha1 => 40,
        ChecksumAlgorithm::Sha256 => 64,
        ChecksumAlgorithm::Sha384 => 96,
        ChecksumAlgorithm::Sha512 => 128,
    };
    let hex = &checksum.hex;
    (hex.len() == hex_len && hex.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| hex.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sum(algorithm: ChecksumAlgorithm, hex: &str) -> Checksum {
        Checksum {
            algorithm,
            hex: hex.into(),
        }
    }

    #[test]
    fn only_hex_of_the_right_length_is_usable() {
        let upper = "AB".repeat(16);
        assert_eq!(
            usable_hex(&sum(ChecksumAlgorithm::Md5, &upper)),
            Some("ab".repeat(16))
        );
        assert_eq!(usable_hex(&sum(ChecksumAlgorithm::Sha256, "abc")), None);
        assert_eq!(
            usable_hex(&sum(ChecksumAlgorithm::Sha1, &"z".repeat(40))),
            None
        );
    }
}
