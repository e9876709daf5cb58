//! dpkg's database of installed packages: `var/lib/dpkg/status`, and the one-file-per-package
//! `var/lib/dpkg/status.d/*` of distroless images. Both are deb822 control files (Debian Policy
//! §5.1): stanzas of `Field: value` lines, continuation lines starting with white space, blank
//! lines between stanzas. Only installed packages count: `Status` ending in `installed`
//! (dpkg(1) `--status` states), or, in `status.d`, no `Status` field at all.

use std::ffi::OsStr;
use std::path::Path;

use vouch_model::{Diagnostic, DiagnosticCode, SourcePackage};

use super::{Distro, Family, Installed, distro_of, ends_with, non_empty, push};
use crate::read::read_bytes;
use crate::{Cataloger, ExtractError, Parsed};

/// Where dpkg keeps its status file, under the root.
const STATUS: &[&str] = &["var", "lib", "dpkg", "status"];
/// Where distroless images keep one control file per package.
const STATUS_D: &[&str] = &["var", "lib", "dpkg", "status.d", "*"];

/// Reads dpkg status files.
pub(crate) struct DpkgStatus;

impl Cataloger for DpkgStatus {
    fn lists_installed(&self) -> bool {
        true
    }

    fn name(&self) -> &'static str {
        "dpkg-status"
    }

    fn claims(&self, path: &Path) -> bool {
        ends_with(path, STATUS) || (ends_with(path, STATUS_D) && !is_md5sums(path))
    }

    fn parse_from(
        &self,
        source: &dyn crate::Source,
        path: &Path,
        display: &Path,
    ) -> Result<Parsed, ExtractError> {
        // A distroless `status.d/<pkg>.md5sums` lists file digests, no package.
        if is_md5sums(path) {
            return Ok(Parsed::default());
        }
        let bytes = read_bytes(source, path, display)?;
        let in_status_d = path.parent().and_then(Path::file_name) == Some(OsStr::new("status.d"));
        let mut parsed = Parsed::default();
        let packages = parse_status(&String::from_utf8_lossy(&bytes), display, in_status_d)?;
        let mut distro = distro_of(
            Family::Deb,
            source,
            path,
            display,
            &[STATUS, STATUS_D],
            &mut parsed,
        );
        if distro.release.is_none() && distro.ecosystem == vouch_model::Ecosystem::Debian {
            distro = with_base_files_release(distro, &packages.installed, &mut parsed);
        }
        parsed.diagnostics.extend(packages.diagnostics);
        for installed in packages.installed {
            push(&mut parsed, installed, &distro, display);
        }
        Ok(parsed)
    }
}

fn is_md5sums(path: &Path) -> bool {
    path.extension() == Some(OsStr::new("md5sums"))
}

/// Without an os-release, the Debian release is the major version of the `base-files` package
/// (`12.4+deb12u5` is Debian 12), as osv-scanner reads it; the unknown-distribution diagnostic
/// is then dropped, since the release is known after all.
fn with_base_files_release(
    mut distro: Distro,
    installed: &[Installed],
    parsed: &mut Parsed,
) -> Distro {
    let major = installed
        .iter()
        .find(|p| p.name == "base-files")
        .and_then(|p| {
            let major: String = p.version.chars().take_while(char::is_ascii_digit).collect();
            let rest = &p.version[major.len()..];
            // Ubuntu's base-files (`12ubuntu4`) numbers differently.
            (!major.is_empty() && !rest.contains("ubuntu")).then_some(major)
        });
    if let Some(major) = major {
        distro.purl_distro = Some(format!("debian-{major}"));
        distro.release = Some(major);
        parsed
            .diagnostics
            .retain(|d| d.code != DiagnosticCode::UnknownDistribution);
    }
    distro
}

/// What a status file holds.
#[derive(Debug, Default)]
pub(crate) struct StatusFile {
    pub(crate) installed: Vec<Installed>,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

/// One stanza's fields, in order, with the line each starts on.
struct Stanza<'a> {
    line: u32,
    fields: Vec<(&'a str, String)>,
    /// The first line that is neither a field nor a continuation.
    bad_line: Option<u32>,
}

impl Stanza<'_> {
    fn get(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Splits deb822 text into stanzas. `#` lines are comments; a continuation line extends the
/// previous field's value (only the first line of a value is kept: the fields read here are
/// single-line).
fn stanzas(text: &str) -> Vec<Stanza<'_>> {
    let mut out = Vec::new();
    let mut current: Option<Stanza<'_>> = None;
    for (i, line) in text.lines().enumerate() {
        let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
        if line.trim().is_empty() {
            out.extend(current.take());
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let stanza = current.get_or_insert_with(|| Stanza {
            line: number,
            fields: Vec::new(),
            bad_line: None,
        });
        if line.starts_with([' ', '\t']) {
            if stanza.fields.is_empty() {
                stanza.bad_line.get_or_insert(number);
            }
            continue;
        }
        match line.split_once(':') {
            Some((key, value)) if !key.is_empty() && !key.contains(char::is_whitespace) => {
                stanza.fields.push((key, value.trim().to_owned()));
            }
            _ => {
                stanza.bad_line.get_or_insert(number);
            }
        }
    }
    out.extend(current);
    out
}

/// Parses a status file. A stanza that is not deb822, or lacks `Package` or `Version`, is
/// skipped with a diagnostic; a file none of whose stanzas is deb822 is not a status file.
pub(crate) fn parse_status(
    text: &str,
    display: &Path,
    in_status_d: bool,
) -> Result<StatusFile, ExtractError> {
    let mut file = StatusFile::default();
    let stanzas = stanzas(text);
    if !stanzas.is_empty() && stanzas.iter().all(|s| s.bad_line.is_some()) {
        let line = stanzas.first().and_then(|s| s.bad_line).unwrap_or(1);
        return Err(ExtractError::Malformed {
            path: display.to_path_buf(),
            message: format!("line {line}: not a dpkg status file (expected `Field: value` lines)"),
        });
    }
    let skip = |file: &mut StatusFile, stanza: &Stanza<'_>, problem: String| {
        let mut d = Diagnostic::new(
            DiagnosticCode::InvalidPackage,
            format!("line {}: {problem}; entry skipped", stanza.line),
        )
        .with_path(display);
        if let Some(name) = stanza.get("Package") {
            d = d.with_record(name.to_owned());
        }
        file.diagnostics.push(d);
    };
    for stanza in &stanzas {
        if let Some(bad) = stanza.bad_line {
            skip(
                &mut file,
                stanza,
                format!("line {bad} is not a `Field: value` line"),
            );
            continue;
        }
        let installed = match stanza.get("Status") {
            Some(status) => status.split_whitespace().last() == Some("installed"),
            None => in_status_d,
        };
        if !installed {
            continue;
        }
        let Some(name) = stanza.get("Package").and_then(non_empty) else {
            skip(&mut file, stanza, "the entry has no `Package`".into());
            continue;
        };
        let Some(version) = stanza.get("Version").and_then(non_empty) else {
            skip(
                &mut file,
                stanza,
                format!("package `{name}` has no `Version`"),
            );
            continue;
        };
        file.installed.push(Installed {
            source: stanza.get("Source").and_then(source_package),
            architecture: stanza.get("Architecture").and_then(non_empty),
            maintainer: stanza.get("Maintainer").and_then(non_empty),
            line: Some(stanza.line),
            name,
            version,
            ..Installed::default()
        });
    }
    Ok(file)
}

/// `Source: name` or `Source: name (version)`, the latter when the source version differs from
/// the binary package's (a binNMU, or a binary with its own version).
fn source_package(value: &str) -> Option<SourcePackage> {
    let value = value.trim();
    let (name, version) = match value.split_once('(') {
        Some((name, rest)) => (
            name.trim(),
            non_empty(rest.trim_end().trim_end_matches(')')),
        ),
        None => (value, None),
    };
    (!name.is_empty()).then(|| SourcePackage {
        name: name.to_owned(),
        version,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> StatusFile {
        parse_status(text, Path::new("var/lib/dpkg/status"), false).unwrap()
    }

    #[test]
    fn installed_packages_with_source_and_maintainer() {
        let file = parse(
            "Package: libc6\nStatus: install ok installed\nMaintainer: GNU Libc Maintainers <debian-glibc@lists.debian.org>\n\
             Architecture: amd64\nSource: glibc\nVersion: 2.36-9+deb12u4\nDescription: GNU C Library\n shared libraries\n .\n more\n\n\
             Package: lvm2-dmeventd\nStatus: install ok installed\nSource: lvm2 (2.02.176-4.1ubuntu3)\nVersion: 2:1.02.145-4.1ubuntu3\n\n\
             Package: gone\nStatus: deinstall ok config-files\nVersion: 1.0\n",
        );
        assert!(file.diagnostics.is_empty(), "{:?}", file.diagnostics);
        let [libc, lvm] = &file.installed[..] else {
            panic!("{:?}", file.installed)
        };
        assert_eq!(
            (libc.name.as_str(), libc.version.as_str()),
            ("libc6", "2.36-9+deb12u4")
        );
        assert_eq!(libc.source.as_ref().unwrap().name, "glibc");
        assert_eq!(libc.source.as_ref().unwrap().version, None);
        assert_eq!(libc.architecture.as_deref(), Some("amd64"));
        assert!(libc.maintainer.as_deref().unwrap().starts_with("GNU Libc"));
        assert_eq!(libc.line, Some(1));
        assert_eq!(lvm.version, "2:1.02.145-4.1ubuntu3");
        assert_eq!(
            lvm.source,
            Some(SourcePackage {
                name: "lvm2".into(),
                version: Some("2.02.176-4.1ubuntu3".into())
            })
        );
        assert_eq!(lvm.line, Some(12));
    }

    #[test]
    fn entries_without_name_or_version_are_skipped_with_a_diagnostic() {
        let file = parse(
            "Package: a\nStatus: install ok installed\n\n\
             Status: install ok installed\nVersion: 1\n\n\
             Package: b\nStatus: install ok installed\nVersion: 2\n",
        );
        assert_eq!(file.installed.len(), 1);
        let messages: Vec<_> = file
            .diagnostics
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(
            messages,
            [
                "line 1: package `a` has no `Version`; entry skipped",
                "line 4: the entry has no `Package`; entry skipped"
            ]
        );
    }

    #[test]
    fn only_status_d_entries_may_lack_a_status() {
        let text = "Package: foo\nVersion: 1.2.3\n";
        assert!(parse(text).installed.is_empty());
        let file = parse_status(text, Path::new("status.d/foo"), true).unwrap();
        assert_eq!(file.installed.len(), 1);
    }

    #[test]
    fn a_file_with_no_deb822_stanza_is_an_error_naming_it() {
        let err = parse_status(
            "asdf\n\nyolo\n",
            Path::new("img/var/lib/dpkg/status"),
            false,
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "img/var/lib/dpkg/status: line 1: not a dpkg status file (expected `Field: value` lines)"
        );
        // An empty file is an empty database.
        assert!(parse("").installed.is_empty());
        assert!(parse("\n\n\n").installed.is_empty());
    }

    #[test]
    fn claims_the_status_file_and_status_d_but_not_md5sums() {
        let c = DpkgStatus;
        assert!(c.claims(Path::new("rootfs/var/lib/dpkg/status")));
        assert!(c.claims(Path::new("var/lib/dpkg/status.d/base-files")));
        assert!(!c.claims(Path::new("var/lib/dpkg/status.d/base-files.md5sums")));
        assert!(!c.claims(Path::new("var/lib/dpkg/status-old")));
        assert!(!c.claims(Path::new("docs/status")));
    }
}
