//! `os-release` (<https://www.freedesktop.org/software/systemd/man/latest/os-release.html>) and
//! what it means for OSV: `ID`, `VERSION_ID`, `VERSION_CODENAME`, `PRETTY_NAME` and `CPE_NAME`
//! become the OSV ecosystem with its release suffix (schemas/osv `ecosystems.json`) and the purl's
//! namespace and `distro` qualifier (purl-spec `types/deb-test.json`, `rpm-test.json`).

use std::collections::BTreeMap;
use std::path::Path;

use vouch_model::Ecosystem;

/// Which package format a database is, so which distributions it can belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Family {
    /// dpkg: Debian and Ubuntu.
    Deb,
    /// apk: Alpine, Wolfi, Chainguard.
    Apk,
    /// RPM: Red Hat, Rocky Linux, AlmaLinux, openSUSE, SUSE, ...
    Rpm,
}

/// The distribution a database's packages belong to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Distro {
    pub(crate) ecosystem: Ecosystem,
    /// The purl namespace (`debian`, `ubuntu`, `alpine`, `redhat`, `rocky`, ...).
    pub(crate) namespace: String,
    /// The OSV release suffix (`12`, `22.04:LTS`, `v3.20`, `enterprise_linux:9::baseos`).
    pub(crate) release: Option<String>,
    /// The purl `distro` qualifier (`debian-12`, `3.20.3`, `rocky-9.2`).
    pub(crate) purl_distro: Option<String>,
}

/// The parsed `KEY=value` pairs of an os-release file.
pub(crate) type Fields = BTreeMap<String, String>;

/// os-release files are a few hundred bytes; anything larger than this is not one.
const MAX_OS_RELEASE_BYTES: u64 = 64 * 1024;

/// Reads `etc/os-release`, else `usr/lib/os-release`, under `root`. Symbolic links are not
/// followed, neither the file nor a directory on the way: in a delivery they may point at the
/// scanning machine's own files (`etc/os-release -> /usr/lib/os-release` is the usual link, and
/// the fallback reads its target inside the root). `Ok(None)` when neither exists.
pub(crate) fn read_os_release(
    source: &dyn crate::Source,
    root: &Path,
) -> Result<Option<Fields>, String> {
    for rel in [["etc", "os-release"], ["usr/lib", "os-release"]] {
        let mut path = root.to_path_buf();
        let mut usable = true;
        for part in rel[0].split('/').chain([rel[1]]) {
            path.push(part);
            if source.is_symlink(&path) || !(source.is_dir(&path) || source.is_file(&path)) {
                usable = false;
            }
            if !usable {
                break;
            }
        }
        if !usable || !source.is_file(&path) {
            continue;
        }
        let shown = Path::new(rel[0]).join(rel[1]);
        let bytes = crate::read::read_bytes_limited(source, &path, &shown, MAX_OS_RELEASE_BYTES)
            .map_err(|e| format!("cannot read its os-release: {e}"))?;
        return Ok(Some(parse(&String::from_utf8_lossy(&bytes))));
    }
    Ok(None)
}

/// Parses os-release text: `KEY=value` lines, values optionally in double or single quotes with
/// backslash escapes inside double quotes; comments and malformed lines are ignored, as the
/// spec asks of readers.
pub(crate) fn parse(text: &str) -> Fields {
    let mut fields = Fields::new();
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('#') {
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        if key.is_empty() || !key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            continue;
        }
        fields.insert(key.to_owned(), unquote(value.trim()));
    }
    fields
}

fn unquote(value: &str) -> String {
    let bytes = value.as_bytes();
    if bytes.len() >= 2 && bytes[0] == b'\'' && bytes[bytes.len() - 1] == b'\'' {
        return value[1..value.len() - 1].to_owned();
    }
    if bytes.len() >= 2 && bytes[0] == b'"' && bytes[bytes.len() - 1] == b'"' {
        let mut out = String::new();
        let mut chars = value[1..value.len() - 1].chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => out.extend(chars.next()),
                c => out.push(c),
            }
        }
        return out;
    }
    value.to_owned()
}

/// Debian's code names, for a release (testing, a pre-release image) whose os-release has a
/// `VERSION_CODENAME` but no `VERSION_ID` (distro-info-data `debian.csv`).
const DEBIAN_CODENAMES: [(&str, &str); 8] = [
    ("jessie", "8"),
    ("stretch", "9"),
    ("buster", "10"),
    ("bullseye", "11"),
    ("bookworm", "12"),
    ("trixie", "13"),
    ("forky", "14"),
    ("duke", "15"),
];

/// The part of `version` up to its `n`th dot (`major(“9.2”, 1)` is `9`).
fn leading(version: &str, parts: usize) -> String {
    version.split('.').take(parts).collect::<Vec<_>>().join(".")
}

impl Distro {
    /// The distribution a family's database belongs to when os-release does not say: the
    /// format's original distribution, with no release.
    pub(crate) fn unknown(family: Family) -> Distro {
        let (ecosystem, namespace) = match family {
            Family::Deb => (Ecosystem::Debian, "debian"),
            Family::Apk => (Ecosystem::Alpine, "alpine"),
            Family::Rpm => (Ecosystem::RedHat, "redhat"),
        };
        Distro {
            ecosystem,
            namespace: namespace.to_owned(),
            release: None,
            purl_distro: None,
        }
    }

    /// The distribution os-release describes, for a database of `family`; with a problem to
    /// report when vouch does not map it (then the family's default ecosystem, no release).
    pub(crate) fn resolve(family: Family, fields: &Fields) -> (Distro, Option<String>) {
        let get = |k: &str| fields.get(k).map(String::as_str).filter(|v| !v.is_empty());
        let id = get("ID").map(str::to_ascii_lowercase);
        let version_id = get("VERSION_ID");
        let id_version = |id: &str| version_id.map(|v| format!("{id}-{v}"));
        let known = |ecosystem, namespace: &str, release: Option<String>, purl_distro| Distro {
            ecosystem,
            namespace: namespace.to_owned(),
            release,
            purl_distro,
        };
        let distro = match (family, id.as_deref()) {
            (Family::Deb, Some("debian")) => {
                let codename = get("VERSION_CODENAME");
                let from_codename = codename.and_then(|c| {
                    DEBIAN_CODENAMES
                        .iter()
                        .find(|(name, _)| *name == c)
                        .map(|(_, n)| (*n).to_owned())
                });
                let release = version_id.map(|v| leading(v, 1)).or(from_codename);
                let purl_distro = id_version("debian").or_else(|| {
                    release
                        .as_ref()
                        .or(codename.map(str::to_owned).as_ref())
                        .map(|r| format!("debian-{r}"))
                });
                Some(known(Ecosystem::Debian, "debian", release, purl_distro))
            }
            (Family::Deb, Some("ubuntu")) => {
                let lts = get("VERSION").is_some_and(|v| v.contains("LTS"));
                let release = version_id.map(|v| {
                    if lts {
                        format!("{v}:LTS")
                    } else {
                        v.to_owned()
                    }
                });
                Some(known(
                    Ecosystem::Ubuntu,
                    "ubuntu",
                    release,
                    id_version("ubuntu"),
                ))
            }
            (Family::Apk, Some("alpine")) => Some(known(
                Ecosystem::Alpine,
                "alpine",
                version_id.map(|v| format!("v{}", leading(v, 2))),
                version_id.map(str::to_owned),
            )),
            (Family::Apk, Some("wolfi")) => Some(known(
                Ecosystem::Wolfi,
                "wolfi",
                None,
                version_id.map(str::to_owned),
            )),
            (Family::Apk, Some("chainguard")) => Some(known(
                Ecosystem::Chainguard,
                "chainguard",
                None,
                version_id.map(str::to_owned),
            )),
            (Family::Rpm, Some("rhel")) => Some(known(
                Ecosystem::RedHat,
                "redhat",
                get("CPE_NAME")
                    .and_then(|c| c.strip_prefix("cpe:/o:redhat:"))
                    .map(str::to_owned),
                id_version("rhel"),
            )),
            (Family::Rpm, Some("rocky")) => Some(known(
                Ecosystem::RockyLinux,
                "rocky",
                version_id.map(|v| leading(v, 1)),
                id_version("rocky"),
            )),
            (Family::Rpm, Some("almalinux")) => Some(known(
                Ecosystem::AlmaLinux,
                "almalinux",
                version_id.map(|v| leading(v, 1)),
                id_version("almalinux"),
            )),
            (Family::Rpm, Some(id)) if id.starts_with("opensuse") => Some(known(
                Ecosystem::OpenSuse,
                "opensuse",
                get("PRETTY_NAME").map(|p| p.trim_start_matches("openSUSE ").to_owned()),
                id_version(id),
            )),
            (Family::Rpm, Some(id @ ("sles" | "sled" | "sle-micro"))) => Some(known(
                Ecosystem::Suse,
                "suse",
                get("PRETTY_NAME").map(|p| p.trim_start_matches("SUSE ").to_owned()),
                id_version(id),
            )),
            (Family::Rpm, Some("mageia")) => Some(known(
                Ecosystem::Mageia,
                "mageia",
                version_id.map(str::to_owned),
                id_version("mageia"),
            )),
            (Family::Rpm, Some("photon")) => Some(known(
                Ecosystem::PhotonOs,
                "photon",
                version_id.map(str::to_owned),
                id_version("photon"),
            )),
            (Family::Rpm, Some(id @ ("azurelinux" | "mariner"))) => Some(known(
                Ecosystem::AzureLinux,
                "azurelinux",
                version_id.map(|v| leading(v, 1)),
                id_version(id),
            )),
            (Family::Rpm, Some("openeuler")) => Some(known(
                Ecosystem::OpenEuler,
                "openeuler",
                None,
                id_version("openeuler"),
            )),
            _ => None,
        };
        match distro {
            Some(d) => (d, None),
            None => {
                let mut d = Distro::unknown(family);
                // The purl still names the real distribution.
                if let Some(id) = &id {
                    d.namespace.clone_from(id);
                    d.purl_distro = id_version(id);
                }
                let problem = match &id {
                    Some(id) => format!(
                        "its os-release names the distribution `{id}`, which vouch does not map \
                         to an OSV ecosystem"
                    ),
                    None => "its os-release has no ID".to_owned(),
                };
                (d, Some(problem))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(family: Family, text: &str) -> (String, String, Option<String>, Option<String>) {
        let (d, problem) = Distro::resolve(family, &parse(text));
        let os = vouch_model::OsPackage {
            release: d.release,
            ..Default::default()
        };
        (
            os.osv_ecosystem(d.ecosystem),
            d.namespace,
            d.purl_distro,
            problem,
        )
    }

    #[test]
    fn quoting_and_comments_follow_the_spec() {
        let f = parse(
            "# comment\nID=debian\nNAME=\"Debian \\\"GNU\\\"/Linux\"\nVERSION_ID='12'\nnot a line\n",
        );
        assert_eq!(f["ID"], "debian");
        assert_eq!(f["NAME"], "Debian \"GNU\"/Linux");
        assert_eq!(f["VERSION_ID"], "12");
        assert_eq!(f.len(), 3);
    }

    #[test]
    fn real_os_release_files_map_to_osv_ecosystems() {
        let debian = "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\n\
                      VERSION_ID=\"12\"\nVERSION=\"12 (bookworm)\"\nVERSION_CODENAME=bookworm\nID=debian\n";
        assert_eq!(
            resolve(Family::Deb, debian),
            (
                "Debian:12".into(),
                "debian".into(),
                Some("debian-12".into()),
                None
            )
        );
        let trixie =
            "PRETTY_NAME=\"Debian GNU/Linux trixie/sid\"\nVERSION_CODENAME=trixie\nID=debian\n";
        assert_eq!(resolve(Family::Deb, trixie).0, "Debian:13");
        let ubuntu = "NAME=\"Ubuntu\"\nVERSION=\"22.04.3 LTS (Jammy Jellyfish)\"\nID=ubuntu\n\
                      ID_LIKE=debian\nVERSION_ID=\"22.04\"\nVERSION_CODENAME=jammy\n";
        assert_eq!(resolve(Family::Deb, ubuntu).0, "Ubuntu:22.04:LTS");
        assert_eq!(
            resolve(
                Family::Deb,
                "ID=ubuntu\nVERSION_ID=\"24.10\"\nVERSION=\"24.10 (Oracular Oriole)\"\n"
            )
            .0,
            "Ubuntu:24.10"
        );
        let alpine = "NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.20.3\n";
        assert_eq!(
            resolve(Family::Apk, alpine),
            (
                "Alpine:v3.20".into(),
                "alpine".into(),
                Some("3.20.3".into()),
                None
            )
        );
        assert_eq!(
            resolve(Family::Apk, "ID=wolfi\nVERSION_ID=20230201\n").0,
            "Wolfi"
        );
        let rhel = "NAME=\"Red Hat Enterprise Linux\"\nVERSION_ID=\"9.2\"\nID=\"rhel\"\n\
                    CPE_NAME=\"cpe:/o:redhat:enterprise_linux:9::baseos\"\n";
        assert_eq!(
            resolve(Family::Rpm, rhel),
            (
                "Red Hat:enterprise_linux:9::baseos".into(),
                "redhat".into(),
                Some("rhel-9.2".into()),
                None
            )
        );
        assert_eq!(
            resolve(Family::Rpm, "ID=\"rocky\"\nVERSION_ID=\"9.2\"\n").0,
            "Rocky Linux:9"
        );
        assert_eq!(
            resolve(Family::Rpm, "ID=\"almalinux\"\nVERSION_ID=\"9.4\"\n").0,
            "AlmaLinux:9"
        );
        assert_eq!(
            resolve(
                Family::Rpm,
                "ID=\"opensuse-leap\"\nVERSION_ID=\"15.5\"\nPRETTY_NAME=\"openSUSE Leap 15.5\"\n"
            )
            .0,
            "openSUSE:Leap 15.5"
        );
    }

    #[test]
    fn an_unmapped_distribution_keeps_its_purl_namespace_and_says_so() {
        let (osv, ns, distro, problem) = resolve(Family::Rpm, "ID=fedora\nVERSION_ID=40\n");
        assert_eq!((osv.as_str(), ns.as_str()), ("Red Hat", "fedora"));
        assert_eq!(distro.as_deref(), Some("fedora-40"));
        assert!(problem.unwrap().contains("`fedora`"));
        // A Debian database on an os-release without ID.
        let (osv, _, _, problem) = resolve(Family::Deb, "NAME=x\n");
        assert_eq!(osv, "Debian");
        assert_eq!(problem.as_deref(), Some("its os-release has no ID"));
    }
}
