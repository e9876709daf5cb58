//! Package URLs (<https://github.com/package-url/purl-spec>), parsed and canonicalised by the
//! maintained `packageurl` crate and kept as their canonical string, so two purls that name the
//! same package compare equal.

use std::fmt;
use std::str::FromStr;

use packageurl::PackageUrl;
use serde::{Deserialize, Serialize};

use crate::{Ecosystem, PackageName};

/// A canonical package URL such as `pkg:cargo/regex@1.5.4` or `pkg:npm/%40babel/core@7.0.0`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Purl(Box<str>);

impl Purl {
    /// Builds the purl of a package from an ecosystem, following each type's rules in the purl
    /// spec: npm scopes and Go module paths become the namespace, Maven's `group:artifact`
    /// splits into namespace and name, PyPI names are lower-cased with `_` as `-`, and a
    /// CocoaPods subspec `Pod/Sub` is the pod with subpath `Sub` (`pkg:cocoapods/Pod@1.0#Sub`).
    pub fn for_package(
        ecosystem: Ecosystem,
        name: &PackageName,
        version: Option<&str>,
    ) -> Result<Purl, PurlError> {
        let fail = |reason: String| PurlError {
            input: format!("{ecosystem} {name}"),
            reason,
        };
        let ty = ecosystem
            .purl_type()
            .ok_or_else(|| fail(format!("the purl spec defines no type for {ecosystem}")))?;
        let raw = name.as_str();
        let (raw, subpath) = match (ecosystem, raw.split_once('/')) {
            (Ecosystem::CocoaPods, Some((pod, sub))) => (pod, Some(sub)),
            _ => (raw, None),
        };
        let (namespace, short_name) = match ecosystem {
            Ecosystem::Maven => match raw.split_once(':') {
                Some((group, artifact)) => (Some(group), artifact),
                None => (None, raw),
            },
            Ecosystem::Npm | Ecosystem::Go | Ecosystem::Packagist | Ecosystem::SwiftUrl => {
                match raw.rsplit_once('/') {
                    Some((ns, n)) => (Some(ns), n),
                    None => (None, raw),
                }
            }
            _ => (None, raw),
        };
        let mut purl = PackageUrl::new(ty, short_name).map_err(|e| fail(e.to_string()))?;
        if let Some(ns) = namespace {
            purl.with_namespace(ns).map_err(|e| fail(e.to_string()))?;
        }
        if let Some(v) = version {
            purl.with_version(v).map_err(|e| fail(e.to_string()))?;
        }
        if let Some(sub) = subpath {
            purl.with_subpath(sub).map_err(|e| fail(e.to_string()))?;
        }
        // The type's rules that span components (a required namespace or qualifier), which
        // parsing checks too: a built purl must parse back, or it could not be deserialized.
        purl.validate().map_err(|e| fail(e.to_string()))?;
        Ok(Purl(purl.to_string().into()))
    }

    /// Builds the purl of an OS distribution package, with the distribution as namespace and
    /// qualifiers such as `arch`, `distro` and `epoch` (purl-spec `types/deb-test.json`,
    /// `apk-test.json`, `rpm-test.json`): `pkg:deb/debian/curl@7.88.1-10?arch=amd64&distro=debian-12`.
    /// Qualifiers with an empty value are left out, as the spec requires.
    pub fn for_os_package(
        ecosystem: Ecosystem,
        namespace: &str,
        name: &PackageName,
        version: Option<&str>,
        qualifiers: &[(&str, &str)],
    ) -> Result<Purl, PurlError> {
        let fail = |reason: String| PurlError {
            input: format!("{ecosystem} {namespace}/{name}"),
            reason,
        };
        let ty = ecosystem
            .purl_type()
            .ok_or_else(|| fail(format!("the purl spec defines no type for {ecosystem}")))?;
        let mut purl = PackageUrl::new(ty, name.as_str()).map_err(|e| fail(e.to_string()))?;
        purl.with_namespace(namespace)
            .map_err(|e| fail(e.to_string()))?;
        if let Some(v) = version {
            purl.with_version(v).map_err(|e| fail(e.to_string()))?;
        }
        for (key, value) in qualifiers.iter().filter(|(_, v)| !v.is_empty()) {
            purl.add_qualifier(*key, *value)
                .map_err(|e| fail(e.to_string()))?;
        }
        purl.validate().map_err(|e| fail(e.to_string()))?;
        Ok(Purl(purl.to_string().into()))
    }

    /// The canonical string.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The purl type (`cargo`, `npm`, `pypi`, ...).
    pub fn ty(&self) -> &str {
        self.0
            .strip_prefix("pkg:")
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_default()
    }
}

impl Purl {
    /// The canonical string without version, qualifiers and subpath (`pkg:cargo/regex`): what
    /// names the package whatever its version. In the canonical form an `@` inside a namespace
    /// or name is percent-encoded, so the first literal `@` starts the version.
    pub fn package(&self) -> &str {
        let base = self.base();
        base.split_once('@').map_or(base, |(p, _)| p)
    }

    /// The version, when the purl has one (percent-encoded as in the canonical string).
    pub fn version(&self) -> Option<&str> {
        self.base().split_once('@').map(|(_, v)| v)
    }

    fn base(&self) -> &str {
        let s = self.0.split_once('#').map_or(&*self.0, |(b, _)| b);
        s.split_once('?').map_or(s, |(b, _)| b)
    }
}

impl FromStr for Purl {
    type Err = PurlError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let purl = PackageUrl::from_str(s).map_err(|e| PurlError {
            input: s.to_owned(),
            reason: e.to_string(),
        })?;
        Ok(Purl(purl.to_string().into()))
    }
}

impl fmt::Display for Purl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Purl {
    type Error = PurlError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<Purl> for String {
    fn from(p: Purl) -> String {
        p.0.into()
    }
}

/// A string that is not a valid package URL, or a package that has none.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid package URL `{input}`: {reason}")]
pub struct PurlError {
    /// What was being parsed or built.
    pub input: String,
    /// Why it failed.
    pub reason: String,
}

/// `%XX` escapes decoded (purls, URLs, BOM-Link fragments: RFC 3986); an escape that is not hex
/// is kept as written, and the text as given when the result would not be UTF-8.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .filter(|h| h.iter().all(u8::is_ascii_hexdigit))
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn purl(e: Ecosystem, n: &str, v: Option<&str>) -> String {
        Purl::for_package(e, &PackageName::new(e, n).unwrap(), v)
            .unwrap()
            .to_string()
    }

    #[test]
    fn builds_each_ecosystems_purl() {
        assert_eq!(
            purl(Ecosystem::CratesIo, "regex", Some("1.5.4")),
            "pkg:cargo/regex@1.5.4"
        );
        assert_eq!(
            purl(Ecosystem::Npm, "@babel/core", Some("7.0.0")),
            "pkg:npm/%40babel/core@7.0.0"
        );
        assert_eq!(
            purl(Ecosystem::PyPI, "Zope_Interface", Some("5.4")),
            "pkg:pypi/zope-interface@5.4"
        );
        assert_eq!(
            purl(
                Ecosystem::Maven,
                "org.apache.commons:commons-text",
                Some("1.9")
            ),
            "pkg:maven/org.apache.commons/commons-text@1.9"
        );
        assert_eq!(
            purl(Ecosystem::Go, "github.com/gin-gonic/gin", Some("v1.9.0")),
            "pkg:golang/github.com/gin-gonic/gin@v1.9.0"
        );
        assert_eq!(purl(Ecosystem::CratesIo, "regex", None), "pkg:cargo/regex");
        // purl-spec types/cocoapods-test.json: a subspec is the pod's subpath.
        assert_eq!(
            purl(Ecosystem::CocoaPods, "Firebase/Core", Some("8.0.0")),
            "pkg:cocoapods/Firebase@8.0.0#Core"
        );
        assert_eq!(
            purl(
                Ecosystem::CocoaPods,
                "GoogleUtilities/NSData+zlib",
                Some("7.5.2")
            ),
            "pkg:cocoapods/GoogleUtilities@7.5.2#NSData%2Bzlib"
        );
        assert_eq!(
            purl(Ecosystem::CocoaPods, "AFNetworking", Some("4.0.1")),
            "pkg:cocoapods/AFNetworking@4.0.1"
        );
    }

    #[test]
    fn a_built_purl_follows_its_types_rules_and_parses_back() {
        // purl-spec types/swift-test.json: a swift purl needs its namespace.
        let name = PackageName::new(Ecosystem::SwiftUrl, "Alamofire").unwrap();
        assert!(Purl::for_package(Ecosystem::SwiftUrl, &name, Some("5.4.3")).is_err());
        let name = PackageName::new(Ecosystem::SwiftUrl, "github.com/Alamofire/Alamofire").unwrap();
        let built = Purl::for_package(Ecosystem::SwiftUrl, &name, Some("5.4.3")).unwrap();
        assert_eq!(built.as_str().parse::<Purl>().unwrap(), built);
    }

    #[test]
    fn os_packages_get_namespace_and_sorted_qualifiers() {
        let name = |e, n| PackageName::new(e, n).unwrap();
        // purl-spec types/deb-test.json: the epoch stays in a deb version, `+` is encoded.
        let deb = Purl::for_os_package(
            Ecosystem::Debian,
            "debian",
            &name(Ecosystem::Debian, "attr"),
            Some("1:2.4.47-2+b1"),
            &[("distro", "debian-12"), ("arch", "amd64")],
        )
        .unwrap();
        assert_eq!(
            deb.as_str(),
            "pkg:deb/debian/attr@1:2.4.47-2%2Bb1?arch=amd64&distro=debian-12"
        );
        // purl-spec types/rpm-test.json: the epoch is a qualifier; empty qualifiers are dropped.
        let rpm = Purl::for_os_package(
            Ecosystem::RedHat,
            "fedora",
            &name(Ecosystem::RedHat, "centerim"),
            Some("4.22.10-1.el6"),
            &[
                ("arch", "i686"),
                ("epoch", "1"),
                ("distro", "fedora-25"),
                ("x", ""),
            ],
        )
        .unwrap();
        assert_eq!(
            rpm.as_str(),
            "pkg:rpm/fedora/centerim@4.22.10-1.el6?arch=i686&distro=fedora-25&epoch=1"
        );
        assert_eq!(rpm.as_str().parse::<Purl>().unwrap(), rpm);
    }

    #[test]
    fn package_and_version_split_at_the_first_at_sign() {
        let p: Purl = "pkg:npm/%40babel/core@7.0.0?arch=x86#sub/path"
            .parse()
            .unwrap();
        assert_eq!(p.package(), "pkg:npm/%40babel/core");
        assert_eq!(p.version(), Some("7.0.0"));
        let p: Purl = "pkg:cargo/regex".parse().unwrap();
        assert_eq!((p.package(), p.version()), ("pkg:cargo/regex", None));
    }

    #[test]
    fn parsing_canonicalises() {
        let a: Purl = "pkg:PyPI/Django@1.11.1".parse().unwrap();
        assert_eq!(a.as_str(), "pkg:pypi/django@1.11.1");
        assert_eq!(a.ty(), "pypi");
        assert!("not a purl".parse::<Purl>().is_err());
    }
}
