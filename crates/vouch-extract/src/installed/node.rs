//! Installed npm packages: each package's own `package.json` inside a `node_modules` directory
//! (`node_modules/x/package.json`, `node_modules/@scope/x/package.json`), as npm leaves them and
//! as container images hold them (`/usr/lib/node_modules`). A project's own package.json is a
//! manifest, read beside its lockfile, and is not claimed here.

use std::path::Path;

use serde::Deserialize;
use vouch_model::{Diagnostic, DiagnosticCode, Ecosystem};

use super::{installed, parents};
use crate::read::read_text;
use crate::source::Source;
use crate::{Cataloger, ExtractError, Parsed};

/// Reads installed packages' package.json.
pub(crate) struct NodeModulesPackage;

impl Cataloger for NodeModulesPackage {
    fn lists_installed(&self) -> bool {
        true
    }

    fn name(&self) -> &'static str {
        "node-modules-package"
    }

    fn claims(&self, path: &Path) -> bool {
        if path.file_name().and_then(|n| n.to_str()) != Some("package.json") {
            return false;
        }
        match parents(path) {
            (Some(_), Some("node_modules")) => true,
            (Some(_), Some(scope)) if scope.starts_with('@') => {
                parents(path.parent().unwrap_or(path)).1 == Some("node_modules")
            }
            _ => false,
        }
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
struct Manifest {
    name: Option<serde_json::Value>,
    version: Option<serde_json::Value>,
    /// VS Code extensions (`engines.vscode`, `contributes`) and Unity packages (`unity`) use
    /// package.json too; they are not npm packages.
    engines: Option<serde_json::Value>,
    contributes: Option<serde_json::Value>,
    unity: Option<serde_json::Value>,
}

pub(crate) fn parse_str(text: &str, display: &Path) -> Result<Parsed, ExtractError> {
    let manifest: Manifest = serde_json::from_str(text).map_err(|e| ExtractError::Malformed {
        path: display.to_path_buf(),
        message: e.to_string(),
    })?;
    let mut parsed = Parsed::default();
    let vscode = manifest
        .engines
        .as_ref()
        .and_then(|e| e.get("vscode"))
        .is_some();
    if manifest.unity.is_some() || vscode || manifest.contributes.is_some() {
        return Ok(parsed);
    }
    let text_of = |v: &Option<serde_json::Value>| {
        v.as_ref()
            .and_then(serde_json::Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let (Some(name), Some(version)) = (text_of(&manifest.name), text_of(&manifest.version)) else {
        parsed.diagnostics.push(
            Diagnostic::new(
                DiagnosticCode::InvalidPackage,
                "an installed package.json without a `name` and a `version` was skipped",
            )
            .with_path(display),
        );
        return Ok(parsed);
    };
    let line = text
        .lines()
        .position(|l| l.trim_start().starts_with("\"name\""))
        .and_then(|i| u32::try_from(i + 1).ok());
    match installed(Ecosystem::Npm, &name, &version, display, line) {
        Ok(c) => parsed.components.push(c),
        Err(d) => parsed.diagnostics.push(d),
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn installed_packages_are_claimed_and_read() {
        let c = NodeModulesPackage;
        assert!(c.claims(Path::new("app/node_modules/accepts/package.json")));
        assert!(c.claims(Path::new("usr/lib/node_modules/@babel/core/package.json")));
        assert!(!c.claims(Path::new("app/package.json")));
        assert!(!c.claims(Path::new("node_modules/x/lib/package.json")));
        let p = parse_str(
            "{\n  \"name\": \"@babel/core\",\n  \"version\": \"7.22.0\"\n}",
            Path::new("node_modules/@babel/core/package.json"),
        )
        .unwrap();
        assert_eq!(
            p.components[0].purl.as_str(),
            "pkg:npm/%40babel/core@7.22.0"
        );
        assert_eq!(p.components[0].locations[0].line, Some(2));
        let vscode = parse_str(
            r#"{"name":"x","version":"1.0.0","engines":{"vscode":"^1.0"}}"#,
            Path::new("p"),
        )
        .unwrap();
        assert!(vscode.components.is_empty());
        assert!(parse_str("{", Path::new("p")).is_err());
    }
}
