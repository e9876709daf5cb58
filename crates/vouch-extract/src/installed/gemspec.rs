//! Installed gems: RubyGems writes each installed gem's specification to
//! `specifications/<name>-<version>.gemspec` with literal values
//! (`s.name = "rack".freeze`, `s.version = "2.2.8"`). Only literals are read: a gemspec that
//! computes its version (`Foo::VERSION` from another file) is a project's own source gemspec, not
//! an installed one, and is reported rather than evaluated.

use std::path::Path;

use vouch_model::{Diagnostic, DiagnosticCode, Ecosystem};

use super::{installed, parents};
use crate::read::read_text;
use crate::source::Source;
use crate::{Cataloger, ExtractError, Parsed};

/// Reads installed gem specifications.
pub(crate) struct InstalledGemspec;

impl Cataloger for InstalledGemspec {
    fn lists_installed(&self) -> bool {
        true
    }

    fn name(&self) -> &'static str {
        "gemspec-installed"
    }

    fn claims(&self, path: &Path) -> bool {
        path.extension().is_some_and(|e| e == "gemspec")
            && parents(path).0 == Some("specifications")
    }

    fn parse_from(
        &self,
        source: &dyn Source,
        path: &Path,
        display: &Path,
    ) -> Result<Parsed, ExtractError> {
        let text = read_text(source, path, display)?;
        Ok(parse_str(&text, display))
    }
}

/// The string literal a `<var>.<field> = "..."` line assigns, with `.freeze` allowed after it.
fn assigned<'t>(line: &'t str, field: &str) -> Option<Option<&'t str>> {
    let line = line.trim();
    let (lhs, rhs) = line.split_once('=')?;
    let lhs = lhs.trim();
    let (_, name) = lhs.rsplit_once('.')?;
    if name != field || lhs.contains(' ') {
        return None;
    }
    let rhs = rhs.trim();
    let quote = rhs.chars().next().filter(|c| *c == '"' || *c == '\'');
    Some(quote.and_then(|q| {
        let rest = &rhs[1..];
        rest.find(q).map(|end| &rest[..end])
    }))
}

pub(crate) fn parse_str(text: &str, display: &Path) -> Parsed {
    let mut parsed = Parsed::default();
    if !text.contains("Gem::Specification.new") {
        parsed.diagnostics.push(
            Diagnostic::new(
                DiagnosticCode::InvalidPackage,
                "not a gem specification (no `Gem::Specification.new`)",
            )
            .with_path(display),
        );
        return parsed;
    }
    let mut name = None;
    let mut version = None;
    let mut computed = false;
    for (i, line) in text.lines().enumerate() {
        if name.is_none()
            && let Some(value) = assigned(line, "name")
        {
            name = value.map(|v| (v.to_owned(), u32::try_from(i + 1).unwrap_or(u32::MAX)));
        }
        if version.is_none()
            && let Some(value) = assigned(line, "version")
        {
            computed |= value.is_none();
            version = value.map(str::to_owned);
        }
    }
    match (name, version) {
        (Some((name, line)), Some(version)) => {
            match installed(Ecosystem::RubyGems, &name, &version, display, Some(line)) {
                Ok(c) => parsed.components.push(c),
                Err(d) => parsed.diagnostics.push(d),
            }
        }
        _ => parsed.diagnostics.push(
            Diagnostic::new(
                DiagnosticCode::InvalidPackage,
                if computed {
                    "the gemspec computes its version instead of stating it; installed gemspecs state it"
                } else {
                    "the gemspec states no `name` and `version`"
                },
            )
            .with_path(display),
        ),
    }
    parsed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_name_and_version_are_read() {
        let text = "# stub\nGem::Specification.new do |s|\n  s.name = \"rack\".freeze\n  s.version = \"2.2.8\"\n  s.summary = \"x\"\nend\n";
        let p = parse_str(text, Path::new("gems/specifications/rack-2.2.8.gemspec"));
        assert_eq!(p.components[0].purl.as_str(), "pkg:gem/rack@2.2.8");
        assert_eq!(p.components[0].locations[0].line, Some(3));
        let computed = parse_str(
            "Gem::Specification.new do |spec|\n  spec.name = 'app'\n  spec.version = App::VERSION\nend\n",
            Path::new("app.gemspec"),
        );
        assert!(computed.components.is_empty());
        assert!(computed.diagnostics[0].message.contains("computes"));
        assert!(InstalledGemspec.claims(Path::new(
            "usr/lib/ruby/gems/3.1.0/specifications/rack-2.2.8.gemspec"
        )));
        assert!(!InstalledGemspec.claims(Path::new("app.gemspec")));
    }
}
