//! Composer's record of what `vendor/` holds: `vendor/composer/installed.json`, an array of
//! packages (Composer 1) or `{"packages": [...], "dev-package-names": [...]}` (Composer 2).

use std::path::Path;

use serde::Deserialize;
use vouch_model::{Diagnostic, DiagnosticCode, Ecosystem};

use super::installed;
use crate::read::read_text;
use crate::source::Source;
use crate::{Cataloger, ExtractError, Parsed};

/// Reads `vendor/composer/installed.json`.
pub(crate) struct ComposerInstalled;

impl Cataloger for ComposerInstalled {
    fn lists_installed(&self) -> bool {
        true
    }

    fn name(&self) -> &'static str {
        "composer-installed"
    }

    fn claims(&self, path: &Path) -> bool {
        path.ends_with("vendor/composer/installed.json")
    }

    fn parse_from(
        &self,
        source: &dyn Source,
        path: &Path,
        display: &Path,
    ) -> Result<Parsed, ExtractError> {
        let text = read_text(source, path, display)?;
        parse_str(&text, display)
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Installed {
    V2 {
        packages: Vec<serde_json::Value>,
        #[serde(default, rename = "dev-package-names")]
        dev: Vec<String>,
    },
    V1(Vec<serde_json::Value>),
}

pub(crate) fn parse_str(text: &str, display: &Path) -> Result<Parsed, ExtractError> {
    let doc: Installed = serde_json::from_str(text).map_err(|e| ExtractError::Malformed {
        path: display.to_path_buf(),
        message: format!("not Composer's installed.json: {e}"),
    })?;
    let (packages, dev) = match doc {
        Installed::V2 { packages, dev } => (packages, dev),
        Installed::V1(packages) => (packages, Vec::new()),
    };
    let mut parsed = Parsed::default();
    for p in &packages {
        let field = |k: &str| p.get(k).and_then(serde_json::Value::as_str);
        let (Some(name), Some(version)) = (field("name"), field("version")) else {
            parsed.diagnostics.push(
                Diagnostic::new(
                    DiagnosticCode::InvalidPackage,
                    "an installed package without `name` and `version` was skipped",
                )
                .with_path(display),
            );
            continue;
        };
        match installed(Ecosystem::Packagist, name, version, display, None) {
            Ok(mut c) => {
                if dev.iter().any(|d| d == name) {
                    c.scope.dev = Some(true);
                    c.groups.push("dev".into());
                }
                parsed.components.push(c);
            }
            Err(d) => parsed.diagnostics.push(d),
        }
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_layouts_are_read_and_dev_packages_marked() {
        let v2 = r#"{"packages":[{"name":"monolog/monolog","version":"2.9.1"},{"name":"phpunit/phpunit","version":"9.6.0"}],"dev":true,"dev-package-names":["phpunit/phpunit"]}"#;
        let p = parse_str(v2, Path::new("vendor/composer/installed.json")).unwrap();
        assert_eq!(p.components.len(), 2);
        assert_eq!(p.components[1].scope.dev, Some(true));
        let v1 = r#"[{"name":"monolog/monolog","version":"1.27.1"}]"#;
        let p = parse_str(v1, Path::new("vendor/composer/installed.json")).unwrap();
        assert_eq!(
            p.components[0].purl.as_str(),
            "pkg:composer/monolog/monolog@1.27.1"
        );
        assert!(parse_str("{}", Path::new("x")).is_err());
    }
}
