//! `gradle.lockfile` and `buildscript-gradle.lockfile`: Gradle's dependency locking
//! (<https://docs.gradle.org/current/userguide/dependency_locking.html>), one
//! `group:artifact:version=configuration,...` line per resolved module, an `empty=` line naming
//! configurations that resolved nothing, and `#` comments. The configurations become groups; a
//! module only test configurations need is dev.

use std::path::Path;

use crate::java::{maven_component, skipped_entry};
use crate::read::read_text;
use crate::source::Source;
use crate::{Cataloger, ExtractError, Parsed};
use vouch_model::Location;

/// Reads Gradle lockfiles.
pub(crate) struct GradleLockfile;

impl Cataloger for GradleLockfile {
    fn name(&self) -> &'static str {
        "gradle-lockfile"
    }

    fn claims(&self, path: &Path) -> bool {
        path.file_name()
            .is_some_and(|n| n == "gradle.lockfile" || n == "buildscript-gradle.lockfile")
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

/// Parses the text of a Gradle lockfile. Every line stands alone, so a bad line is skipped with
/// a diagnostic and nothing makes the whole file unreadable.
pub(crate) fn parse_str(text: &str, display: &Path) -> Parsed {
    let mut parsed = Parsed::default();
    for (i, raw) in text.lines().enumerate() {
        let line = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let entry = raw.trim();
        if entry.is_empty() || entry.starts_with('#') || entry.starts_with("empty=") {
            continue;
        }
        let (coordinates, configurations) = entry.split_once('=').unwrap_or((entry, ""));
        let parts: Vec<&str> = coordinates.split(':').collect();
        let [group, artifact, version] = parts.as_slice() else {
            parsed.diagnostics.push(skipped_entry(
                display,
                &format!("line {line}"),
                format!(
                    "line {line}: `{}` is not `group:artifact:version=configurations`; line skipped",
                    entry.escape_debug()
                ),
            ));
            continue;
        };
        let location = Location {
            path: display.to_path_buf(),
            line: Some(line),
        };
        match maven_component(group, artifact, Some(version), location) {
            Ok(mut c) => {
                c.groups = configurations
                    .split(',')
                    .map(str::trim)
                    .filter(|g| !g.is_empty())
                    .map(str::to_owned)
                    .collect();
                c.groups.sort();
                c.groups.dedup();
                if !c.groups.is_empty() {
                    c.scope.dev = Some(c.groups.iter().all(|g| is_test_configuration(g)));
                }
                parsed.components.push(c);
            }
            Err(problem) => parsed.diagnostics.push(skipped_entry(
                display,
                coordinates,
                format!("line {line}: {problem}; line skipped"),
            )),
        }
    }
    parsed
}

/// Whether a configuration only feeds tests: Gradle's own are `test...` (`testCompileClasspath`,
/// `testRuntimeClasspath`, `testFixtures...`), Android's have `Test` after a variant
/// (`debugUnitTestRuntimeClasspath`, `releaseAndroidTestCompileClasspath`).
fn is_test_configuration(name: &str) -> bool {
    name.starts_with("test") || name.contains("Test")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_comments_and_empty() {
        let text = "# c\nempty=a,b\n\ng:a:1.0=compileClasspath,runtimeClasspath\ng:b:2=\nbad line\nx:y=z\n";
        let parsed = parse_str(text, Path::new("gradle.lockfile"));
        assert_eq!(parsed.components.len(), 2);
        let a = &parsed.components[0];
        assert_eq!(a.name.as_str(), "g:a");
        assert_eq!(a.version.as_deref(), Some("1.0"));
        assert_eq!(a.groups, ["compileClasspath", "runtimeClasspath"]);
        assert_eq!(a.locations[0].line, Some(4));
        assert_eq!(a.scope.dev, Some(false));
        assert_eq!(parsed.components[1].scope.dev, None);
        assert!(parsed.components[1].groups.is_empty());
        assert_eq!(parsed.diagnostics.len(), 2);
        assert_eq!(parsed.diagnostics[0].record.as_deref(), Some("line 6"));
    }

    #[test]
    fn test_only_configurations_are_dev() {
        let text = "g:t:1=testCompileClasspath,debugUnitTestRuntimeClasspath\ng:m:1=runtimeClasspath,testRuntimeClasspath\n";
        let parsed = parse_str(text, Path::new("gradle.lockfile"));
        assert_eq!(parsed.components[0].scope.dev, Some(true));
        assert_eq!(parsed.components[1].scope.dev, Some(false));
    }

    #[test]
    fn claims() {
        let c = GradleLockfile;
        assert!(c.claims(Path::new("a/gradle.lockfile")));
        assert!(c.claims(Path::new("buildscript-gradle.lockfile")));
        assert!(!c.claims(Path::new("a.gradle.lockfile")));
    }
}
