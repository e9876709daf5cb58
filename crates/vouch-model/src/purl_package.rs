//! The way back from a package URL to the package it names: ecosystem, name as vouch's catalogers
//! spell it, version. The inverse of [`Purl::for_package`], needed to read third-party SBOMs and
//! VEX documents, which identify components by purl only.

use std::str::FromStr;

use packageurl::PackageUrl;

use crate::{Ecosystem, PackageName, Purl, PurlError};

/// The package a purl names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurlPackage {
    /// The ecosystem, from the purl type and, for the OS types (`deb`, `rpm`, `apk`), the
    /// distribution namespace.
    pub ecosystem: Ecosystem,
    /// The name as [`Purl::for_package`] takes it (namespace folded in where the ecosystem's
    /// names carry it: `@scope/name`, `group:artifact`, Go module paths, `vendor/name`).
    pub name: PackageName,
    /// The version, percent-decoded.
    pub version: Option<String>,
}

impl Purl {
    /// The package this purl names. `Err` when the type names no OSV ecosystem (`generic`,
    /// `docker`, an rpm of a distribution OSV has no ecosystem for, ...) or the name is not a
    /// valid package name of it.
    ///
    /// `deb` without a namespace is Debian and `apk` without one Alpine, as vouch writes them;
    /// [`Purl::for_package`] of the result gives this purl back without its qualifiers.
    pub fn package_of(&self) -> Result<PurlPackage, PurlError> {
        let fail = |reason: String| PurlError {
            input: self.as_str().to_owned(),
            reason,
        };
        let purl = PackageUrl::from_str(self.as_str()).map_err(|e| fail(e.to_string()))?;
        let namespace = purl.namespace().filter(|ns| !ns.is_empty());
        let ecosystem = ecosystem_of(purl.ty(), namespace).ok_or_else(|| {
            fail(match namespace {
                Some(ns) => format!(
                    "no OSV ecosystem for purl type `{}` with namespace `{ns}`",
                    purl.ty()
                ),
                None => format!("no OSV ecosystem for purl type `{}`", purl.ty()),
            })
        })?;
        let short = purl.name();
        let name = match (ecosystem, namespace) {
            (Ecosystem::Maven, Some(ns)) => format!("{ns}:{short}"),
            (
                Ecosystem::Npm
                | Ecosystem::Go
                | Ecosystem::Packagist
                | Ecosystem::SwiftUrl
                | Ecosystem::GitHubActions,
                Some(ns),
            ) => format!("{ns}/{short}"),
            (Ecosystem::CocoaPods, _) => match purl.subpath() {
                Some(sub) if !sub.is_empty() => format!("{short}/{sub}"),
                _ => short.to_owned(),
            },
            _ => short.to_owned(),
        };
        let name = PackageName::new(ecosystem, &name).map_err(|e| fail(e.to_string()))?;
        Ok(PurlPackage {
            ecosystem,
            name,
            version: purl.version().map(str::to_owned),
        })
    }
}

/// The ecosystem of a purl type; the OS types look at the distribution namespace.
fn ecosystem_of(ty: &str, namespace: Option<&str>) -> Option<Ecosystem> {
    let ns = namespace.map(str::to_ascii_lowercase);
    let ns = ns.as_deref();
    Some(match ty {
        "deb" => match ns {
            None | Some("debian") => Ecosystem::Debian,
            Some("ubuntu") => Ecosystem::Ubuntu,
            Some(_) => return None,
        },
        "apk" => match ns {
            None | Some("alpine") => Ecosystem::Alpine,
            Some("wolfi") => Ecosystem::Wolfi,
            Some("chainguard") => Ecosystem::Chainguard,
            Some("alpaquita") => Ecosystem::Alpaquita,
            Some("minimos") => Ecosystem::MinimOs,
            Some(_) => return None,
        },
        "rpm" => match ns? {
            "redhat" => Ecosystem::RedHat,
            "almalinux" => Ecosystem::AlmaLinux,
            "rocky" | "rockylinux" => Ecosystem::RockyLinux,
            "suse" | "sles" => Ecosystem::Suse,
            "opensuse" => Ecosystem::OpenSuse,
            "mageia" => Ecosystem::Mageia,
            "openeuler" => Ecosystem::OpenEuler,
            "photon" => Ecosystem::PhotonOs,
            "azurelinux" | "mariner" => Ecosystem::AzureLinux,
            _ => return None,
        },
        "github" => Ecosystem::GitHubActions,
        // Every other type names one ecosystem, the one whose purl type it is.
        _ => Ecosystem::ALL
            .iter()
            .copied()
            .find(|e| e.purl_type() == Some(ty))?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn back(s: &str) -> (Ecosystem, String, Option<String>) {
        let p = s.parse::<Purl>().unwrap().package_of().unwrap();
        (p.ecosystem, p.name.as_str().to_owned(), p.version)
    }

    #[test]
    fn each_ecosystems_purl_gives_its_package_back() {
        let cases = [
            (Ecosystem::CratesIo, "regex", Some("1.5.4")),
            (Ecosystem::Npm, "@babel/core", Some("7.0.0")),
            (Ecosystem::Npm, "left-pad", None),
            (Ecosystem::PyPI, "zope-interface", Some("5.4")),
            (
                Ecosystem::Maven,
                "org.apache.commons:commons-text",
                Some("1.9"),
            ),
            (Ecosystem::Go, "github.com/gin-gonic/gin", Some("v1.9.0")),
            (Ecosystem::Packagist, "symfony/console", Some("v6.4.1")),
            (Ecosystem::CocoaPods, "Firebase/Core", Some("8.0.0")),
            (Ecosystem::Debian, "curl", Some("7.88.1-10")),
            (Ecosystem::NuGet, "Newtonsoft.Json", Some("13.0.1")),
            (Ecosystem::RubyGems, "rack", Some("3.0.8")),
        ];
        for (e, n, v) in cases {
            let name = PackageName::new(e, n).unwrap();
            let purl = Purl::for_package(e, &name, v).unwrap();
            let got = purl.package_of().unwrap();
            assert_eq!(
                (got.ecosystem, got.name.as_str(), got.version.as_deref()),
                (e, n, v),
                "{purl}"
            );
            assert_eq!(
                Purl::for_package(got.ecosystem, &got.name, got.version.as_deref()).unwrap(),
                purl
            );
        }
    }

    #[test]
    fn os_types_read_the_distribution_and_qualifiers_are_dropped() {
        assert_eq!(
            back("pkg:deb/ubuntu/curl@7.81.0-1ubuntu1.4?arch=amd64&distro=ubuntu-22.04"),
            (
                Ecosystem::Ubuntu,
                "curl".into(),
                Some("7.81.0-1ubuntu1.4".into())
            )
        );
        assert_eq!(
            back("pkg:rpm/redhat/openssl@1.1.1k-5.el8_5?arch=x86_64").0,
            Ecosystem::RedHat
        );
        assert_eq!(back("pkg:apk/alpine/musl@1.2.3-r4").0, Ecosystem::Alpine);
        assert_eq!(
            back("pkg:npm/%40angular/core@16.0.0%2Bbuild"),
            (
                Ecosystem::Npm,
                "@angular/core".into(),
                Some("16.0.0+build".into())
            )
        );
    }

    #[test]
    fn types_without_an_ecosystem_are_refused_with_the_reason() {
        for p in [
            "pkg:generic/openssl@3.0.0",
            "pkg:rpm/fedora/curl@8.0",
            "pkg:docker/library/nginx@1.25",
        ] {
            let err = p.parse::<Purl>().unwrap().package_of().unwrap_err();
            assert!(err.reason.contains("no OSV ecosystem"), "{p}: {err}");
        }
    }
}
