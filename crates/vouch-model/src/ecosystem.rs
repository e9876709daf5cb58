//! Package ecosystems, named exactly as the OSV schema names them
//! (<https://ossf.github.io/osv-schema/#affectedpackage-field>, `ecosystems.json`), plus
//! CocoaPods, which OSV does not have: its pods are inventoried but never matched.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

macro_rules! ecosystems {
    ($($(#[$doc:meta])* $variant:ident => $osv:literal, $purl:expr;)*) => {
        /// A package ecosystem. The OSV name is the canonical spelling; an OS ecosystem's release
        /// suffix (`Debian:12`, `Alpine:v3.20`) is not part of the ecosystem itself.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[derive(Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        #[non_exhaustive]
        pub enum Ecosystem {
            $(
                #[doc = concat!("`", $osv, "`")]
                $(#[$doc])*
                $variant,
            )*
        }

        impl Ecosystem {
            /// Every ecosystem vouch knows, in declaration order.
            pub const ALL: &'static [Ecosystem] = &[$(Ecosystem::$variant),*];

            /// The name as OSV spells it (`crates.io`, `PyPI`, `npm`, ...).
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Ecosystem::$variant => $osv,)*
                }
            }

            /// The package-URL type for this ecosystem, where the purl spec defines one.
            pub fn purl_type(self) -> Option<&'static str> {
                match self {
                    $(Ecosystem::$variant => $purl,)*
                }
            }
        }

        impl FromStr for Ecosystem {
            type Err = EcosystemError;

            /// Parses an OSV ecosystem name. A release suffix (`Debian:12`) is ignored here;
            /// see [`Ecosystem::split_release`] to keep it.
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let (base, _) = Self::split_release(s);
                match base {
                    $($osv => Ok(Ecosystem::$variant),)*
                    _ => Err(EcosystemError { name: s.to_owned() }),
                }
            }
        }
    };
}

ecosystems! {
    AlmaLinux => "AlmaLinux", Some("rpm");
    Alpaquita => "Alpaquita", Some("apk");
    Alpine => "Alpine", Some("apk");
    Android => "Android", None;
    AzureLinux => "Azure Linux", Some("rpm");
    BellSoftHardenedContainers => "BellSoft Hardened Containers", Some("apk");
    Bioconductor => "Bioconductor", Some("bioconductor");
    Bitnami => "Bitnami", Some("bitnami");
    Chainguard => "Chainguard", Some("apk");
    CleanStart => "CleanStart", None;
    /// Not an OSV ecosystem: osv.dev publishes no CocoaPods advisories, so pods are inventory
    /// only (Podfile.lock), named as the CocoaPods trunk names them; no advisory ever matches.
    CocoaPods => "CocoaPods", Some("cocoapods");
    ConanCenter => "ConanCenter", Some("conan");
    Cran => "CRAN", Some("cran");
    CratesIo => "crates.io", Some("cargo");
    Debian => "Debian", Some("deb");
    DockerHardenedImages => "Docker Hardened Images", None;
    Echo => "Echo", None;
    FreeBsd => "FreeBSD", None;
    Ghc => "GHC", None;
    GitHubActions => "GitHub Actions", Some("github");
    Go => "Go", Some("golang");
    Hackage => "Hackage", Some("hackage");
    Hex => "Hex", Some("hex");
    Julia => "Julia", Some("julia");
    Kubernetes => "Kubernetes", None;
    Linux => "Linux", None;
    Mageia => "Mageia", Some("rpm");
    Maven => "Maven", Some("maven");
    MinimOs => "MinimOS", Some("apk");
    Npm => "npm", Some("npm");
    NuGet => "NuGet", Some("nuget");
    Opam => "opam", Some("opam");
    OpenEuler => "openEuler", Some("rpm");
    OpenSuse => "openSUSE", Some("rpm");
    OssFuzz => "OSS-Fuzz", None;
    Packagist => "Packagist", Some("composer");
    PhotonOs => "Photon OS", Some("rpm");
    Pub => "Pub", Some("pub");
    PyPI => "PyPI", Some("pypi");
    RedHat => "Red Hat", Some("rpm");
    RockyLinux => "Rocky Linux", Some("rpm");
    Root => "Root", None;
    RubyGems => "RubyGems", Some("gem");
    Suse => "SUSE", Some("rpm");
    SwiftUrl => "SwiftURL", Some("swift");
    TuxCare => "TuxCare", None;
    Ubuntu => "Ubuntu", Some("deb");
    VsCode => "VSCode", Some("vscode");
    Wolfi => "Wolfi", Some("apk");
}

impl Ecosystem {
    /// Splits `Debian:12` into `("Debian", Some("12"))`; a name without a suffix has no release.
    pub fn split_release(s: &str) -> (&str, Option<&str>) {
        match s.split_once(':') {
            Some((base, release)) if !release.is_empty() => (base, Some(release)),
            Some((base, _)) => (base, None),
            None => (s, None),
        }
    }
}

impl fmt::Display for Ecosystem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl TryFrom<String> for Ecosystem {
    type Error = EcosystemError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<Ecosystem> for String {
    fn from(e: Ecosystem) -> String {
        e.as_str().to_owned()
    }
}

/// A name that is not one of OSV's ecosystems.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown ecosystem `{name}` (OSV names such as `crates.io`, `npm`, `PyPI`, `Go`, `Maven`)")]
pub struct EcosystemError {
    /// The name as written.
    pub name: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_ecosystem_round_trips_through_its_osv_name() {
        for e in Ecosystem::ALL {
            assert_eq!(e.as_str().parse::<Ecosystem>().unwrap(), *e);
        }
    }

    #[test]
    fn release_suffix_is_split_off() {
        assert_eq!(
            Ecosystem::split_release("Debian:12"),
            ("Debian", Some("12"))
        );
        assert_eq!(
            "Alpine:v3.20".parse::<Ecosystem>().unwrap(),
            Ecosystem::Alpine
        );
        assert_eq!(Ecosystem::split_release("npm"), ("npm", None));
    }

    #[test]
    fn unknown_names_are_refused_with_the_name() {
        let err = "cargo".parse::<Ecosystem>().unwrap_err();
        assert!(err.to_string().contains("`cargo`"));
        // OSV names are case-sensitive.
        assert!("pypi".parse::<Ecosystem>().is_err());
    }
}
