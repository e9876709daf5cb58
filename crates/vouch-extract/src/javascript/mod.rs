//! JavaScript lockfiles beyond npm's own: yarn (classic and berry), pnpm and bun. Every
//! component is an npm package; this module holds what the three formats share: the npm name
//! check, `name@spec` splitting, Subresource Integrity hashes, where a resolved URL points, and
//! a YAML tree that keeps each key's line (for yarn berry and pnpm).

pub(crate) mod bun;
pub(crate) mod graph;
pub(crate) mod manifest;
pub(crate) mod pnpm;
mod yaml;
pub(crate) mod yarn;

use std::path::Path;

use vouch_model::{
    Checksum, ChecksumAlgorithm, Component, ComponentSource, Ecosystem, Location, PackageName,
};

use crate::npm_lock::git_source;
pub(crate) use crate::python::{file_name, skipped_entry};

/// Hosts of the public npm registry (yarn classic writes its mirror's name, which serves the same
/// packages).
const NPM_REGISTRIES: &[&str] = &["registry.npmjs.org", "registry.yarnpkg.com"];

/// An npm component named `name` at `version` (`None` for git and local packages that lock no
/// version), found at `line` of `display`; the message says why not.
pub(crate) fn npm_component(
    name: &str,
    version: Option<&str>,
    display: &Path,
    line: Option<u32>,
) -> Result<Component, String> {
    if version.is_some_and(|v| v.trim().is_empty()) {
        return Err(format!("{name} has an empty version"));
    }
    let package = PackageName::new(Ecosystem::Npm, name).map_err(|e| e.to_string())?;
    Component::new(
        Ecosystem::Npm,
        package,
        version.map(str::to_owned),
        Location {
            path: display.to_path_buf(),
            line,
        },
    )
    .map_err(|e| e.to_string())
}

/// Splits `name@spec` (`lodash@^4`, `@babel/core@npm:7.0.0`) at the `@` that ends the name; a
/// scoped name's own leading `@` is not that one. Without a spec the whole text is the name.
pub(crate) fn split_name_spec(text: &str) -> (&str, &str) {
    let search_from = usize::from(text.starts_with('@'));
    match text[search_from..].find('@') {
        Some(i) => (&text[..search_from + i], &text[search_from + i + 1..]),
        None => (text, ""),
    }
}

/// The checksums of a Subresource Integrity value (`sha512-<base64> sha1-<base64>`,
/// <https://www.w3.org/TR/SRI/#the-integrity-attribute>). As SRI §3.3.3 says, tokens with an
/// unknown algorithm or a bad digest are ignored.
pub(crate) fn integrity_checksums(integrity: &str) -> Vec<Checksum> {
    integrity
        .split_ascii_whitespace()
        .filter_map(|token| {
            let (algorithm, digest) = token.split_once('-')?;
            let digest = digest.split_once('?').map_or(digest, |(d, _)| d);
            let (algorithm, len) = match algorithm {
                "sha1" => (ChecksumAlgorithm::Sha1, 20),
                "sha256" => (ChecksumAlgorithm::Sha256, 32),
                "sha384" => (ChecksumAlgorithm::Sha384, 48),
                "sha512" => (ChecksumAlgorithm::Sha512, 64),
                _ => return None,
            };
            let bytes = crate::encoding::base64_decode(digest).filter(|b| b.len() == len)?;
            Some(Checksum {
                algorithm,
                hex: crate::encoding::to_hex(&bytes),
            })
        })
        .collect()
}

/// Where a resolved URL or specifier (npm's and yarn's `resolved`, pnpm's `tarball`) says a
/// package came from: a local path (`file:`, `link:`, `portal:`, or a bare relative path as npm
/// writes workspace links), a git repository (with the commit where one can be read), the public
/// registry, another registry (`<registry>/<name>/-/<file>.tgz`) or a plain URL. The one reading
/// for every JavaScript lockfile, npm's included.
pub(crate) fn source_of_resolved(resolved: &str, name: &str) -> ComponentSource {
    for prefix in ["file:", "link:", "portal:"] {
        if let Some(path) = resolved.strip_prefix(prefix) {
            return ComponentSource::Path { path: path.into() };
        }
    }
    if let Some(git) = git_source(resolved) {
        return git;
    }
    let Some((_, rest)) = resolved.split_once("://") else {
        return ComponentSource::Path {
            path: resolved.into(),
        };
    };
    let host = rest.split('/').next().unwrap_or_default();
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    if NPM_REGISTRIES.contains(&host) {
        return ComponentSource::Registry;
    }
    match resolved.find("/-/") {
        Some(i) => {
            let base = &resolved[..i];
            let base = base
                .strip_suffix(name)
                .or_else(|| base.strip_suffix(&name.replace('/', "%2f")))
                .or_else(|| base.strip_suffix(&name.replace('/', "%2F")))
                .map_or(base, |b| b.trim_end_matches('/'));
            ComponentSource::AlternateRegistry { url: base.into() }
        }
        None => ComponentSource::Url {
            url: resolved.into(),
        },
    }
}

/// What the unit tests of the JavaScript catalogers compare.
#[cfg(test)]
pub(crate) mod seen {
    use vouch_model::Relationship;

    use crate::Parsed;

    /// The edges as `from -> to` purls, in order.
    pub(crate) fn edges(parsed: &Parsed) -> Vec<String> {
        parsed
            .dependencies
            .iter()
            .map(|(from, to)| format!("{from} -> {to}"))
            .collect()
    }

    /// Each component's `name@version` with its relationship (`D`, `T` or `?`), dev and
    /// optional (`y`, `n` or `?`).
    pub(crate) fn scopes(parsed: &Parsed) -> Vec<String> {
        let flag = |f: Option<bool>| match f {
            Some(true) => 'y',
            Some(false) => 'n',
            None => '?',
        };
        parsed
            .components
            .iter()
            .map(|c| {
                let relationship = match c.scope.relationship {
                    Some(Relationship::Direct) => 'D',
                    Some(Relationship::Transitive) => 'T',
                    None => '?',
                };
                format!(
                    "{}@{} {relationship} dev:{} opt:{}",
                    c.name,
                    c.version.as_deref().unwrap_or("-"),
                    flag(c.scope.dev),
                    flag(c.scope.optional)
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_split_from_their_specs() {
        assert_eq!(split_name_spec("lodash@^4.0.0"), ("lodash", "^4.0.0"));
        assert_eq!(
            split_name_spec("@babel/core@npm:7.0.0"),
            ("@babel/core", "npm:7.0.0")
        );
        assert_eq!(split_name_spec("balanced-match"), ("balanced-match", ""));
        assert_eq!(split_name_spec("@scope/x"), ("@scope/x", ""));
    }

    #[test]
    fn integrity_checksums_skip_unknown_tokens() {
        let sums = integrity_checksums("sha1-AAAAAAAAAAAAAAAAAAAAAAAAAAA= md5-xx sha512-bad");
        assert_eq!(sums.len(), 1);
        assert_eq!(sums[0].algorithm, ChecksumAlgorithm::Sha1);
        assert_eq!(sums[0].hex, "0".repeat(40));
    }

    #[test]
    fn resolved_urls_name_their_source() {
        assert_eq!(
            source_of_resolved("https://registry.yarnpkg.com/a/-/a-1.0.0.tgz#abc", "a"),
            ComponentSource::Registry
        );
        assert_eq!(
            source_of_resolved("https://npm.example.com/@s/a/-/a-1.0.0.tgz", "@s/a"),
            ComponentSource::AlternateRegistry {
                url: "https://npm.example.com".into()
            }
        );
        assert_eq!(
            source_of_resolved(
                "https://codeload.github.com/o/r/tar.gz/0a2d2506c1fe299691fc5db53a2097db3bd615bc",
                "r"
            ),
            ComponentSource::Git {
                url: "https://codeload.github.com/o/r/tar.gz/0a2d2506c1fe299691fc5db53a2097db3bd615bc"
                    .into(),
                commit: Some("0a2d2506c1fe299691fc5db53a2097db3bd615bc".into())
            }
        );
        for (resolved, path) in [
            ("file:../x", "../x"),
            ("link:../y", "../y"),
            ("portal:z", "z"),
        ] {
            assert_eq!(
                source_of_resolved(resolved, "x"),
                ComponentSource::Path { path: path.into() }
            );
        }
        assert_eq!(
            source_of_resolved("gist:11081aaa281#abc123", "g"),
            ComponentSource::Git {
                url: "gist:11081aaa281".into(),
                commit: None
            }
        );
    }

    #[test]
    fn resolved_urls_name_their_registry() {
        assert_eq!(
            source_of_resolved("https://registry.npmjs.org/a/-/a-1.0.0.tgz", "a"),
            ComponentSource::Registry
        );
        assert_eq!(
            source_of_resolved(
                "https://npm.corp.example/api/npm/remote/@s/a/-/a-1.0.0.tgz",
                "@s/a"
            ),
            ComponentSource::AlternateRegistry {
                url: "https://npm.corp.example/api/npm/remote".into()
            }
        );
        assert_eq!(
            source_of_resolved("https://example.com/a.tgz", "a"),
            ComponentSource::Url {
                url: "https://example.com/a.tgz".into()
            }
        );
        assert_eq!(
            source_of_resolved("packages/a", "a"),
            ComponentSource::Path {
                path: "packages/a".into()
            }
        );
    }
}
