//! The validator is wired right: the CycloneDX specification's own 1.6 test BOMs
//! (`valid-*.json` must pass, `invalid-*.json` must fail, as upstream's ajv run with ajv-formats
//! asserts) go through the same validator our output is checked with.
//!
//! The 8 `valid-*` files with JSF signatures that Python's jsonschema rejects pass here: JSF's
//! `algorithm` is `oneOf` [an enum of JWA names, a string with `format: uri`]. Python's default
//! format checker skips `uri` without the `rfc3987` package, so `ES256` matches both branches
//! and `oneOf` fails; with `uri` asserted (ajv-formats, jsonschema-rs) `ES256` is no URI and
//! only the enum matches.

use std::path::PathBuf;

use serde_json::Value;

use crate::support::validator;

/// Files whose result here differs from upstream's, with the reason. Empty: none differ.
const KNOWN_DISAGREEMENTS: &[(&str, &str)] = &[];

#[test]
fn the_spec_test_boms_pass_and_fail_as_upstream_says() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("cyclonedx 1.6 spec tests") else {
        return;
    };
    let validator = validator(&corpus);
    let dir = corpus.join("sbom/cyclonedx-spec-tests/1.6");
    let mut files: Vec<PathBuf> = fs_err::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();

    let (mut valid, mut invalid) = (0, 0);
    let mut disagreements = Vec::new();
    for path in &files {
        let name = path.file_name().unwrap().to_str().unwrap();
        let expect_valid = if name.starts_with("valid-") {
            valid += 1;
            true
        } else if name.starts_with("invalid-") {
            invalid += 1;
            false
        } else {
            continue;
        };
        let text = fs_read(path);
        let doc: Value = serde_json::from_str(&text).unwrap();
        let result = validator.validate(&doc);
        if result.is_ok() != expect_valid
            && !KNOWN_DISAGREEMENTS.iter().any(|(file, _)| *file == name)
        {
            let detail = match result {
                Ok(()) => "accepted".to_owned(),
                Err(errors) => errors.join("; "),
            };
            disagreements.push(format!("{name}: {detail}"));
        }
    }
    eprintln!("CycloneDX 1.6 spec tests: {valid} valid-*, {invalid} invalid-* checked");
    // The corpus README's counts for 1.6, so a partial corpus cannot pass quietly.
    assert_eq!((valid, invalid), (45, 25));
    assert!(
        disagreements.is_empty(),
        "{} of {} spec test BOMs disagree with upstream:\n{}",
        disagreements.len(),
        valid + invalid,
        disagreements.join("\n")
    );
}

#[test]
fn signatures_are_checked_not_skipped() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("cyclonedx jsf signature") else {
        return;
    };
    let validator = validator(&corpus);
    let path = corpus.join("sbom/cyclonedx-spec-tests/1.6/valid-signatures-1.6.json");
    let mut doc: Value = serde_json::from_str(&fs_read(&path)).unwrap();
    assert!(validator.validate(&doc).is_ok());
    // An algorithm that is neither a JWA name nor a URI breaks the JSF schema.
    doc["signature"]["algorithm"] = "not an algorithm".into();
    let errors = validator.validate(&doc).unwrap_err();
    assert!(
        errors.iter().any(|e| e.starts_with("/signature")),
        "{errors:?}"
    );
}

fn fs_read(path: &std::path::Path) -> String {
    fs_err::read_to_string(path).unwrap()
}

#[test]
fn a_missing_schema_is_an_error_that_names_the_file() {
    let dir = std::path::Path::new("/nonexistent/cyclonedx-schemas");
    let err = vouch_sbom::CycloneDxValidator::load_1_6(dir).unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("/nonexistent/cyclonedx-schemas/bom-1.6.schema.json"),
        "{message}"
    );
    let errors = vouch_sbom::validate_cyclonedx_1_6(&serde_json::json!({}), dir).unwrap_err();
    assert_eq!(errors, [message]);
}

#[test]
fn the_one_shot_function_validates_too() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("cyclonedx one-shot validation") else {
        return;
    };
    let dir = crate::support::schema_dir(&corpus);
    let minimal = serde_json::json!({"bomFormat": "CycloneDX", "specVersion": "1.6"});
    assert_eq!(vouch_sbom::validate_cyclonedx_1_6(&minimal, &dir), Ok(()));
    let errors =
        vouch_sbom::validate_cyclonedx_1_6(&serde_json::json!({"bomFormat": "SPDX"}), &dir)
            .unwrap_err();
    assert_eq!(errors.len(), 2, "{errors:?}");
}
