//! The SPDX validator is wired right: every SPDX 2.2 and 2.3 JSON document of the corpus (the
//! 2.3 spec's example and spdx-examples) passes, as the corpus README says they do against both
//! 2.3 schema editions, and each kind of break is caught and located.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{spdx_schema_dir, spdx_validator};

/// Every `.json` file under `dir` that declares an `spdxVersion`, sorted.
fn spdx_documents(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs_err::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            spdx_documents(&path, out);
        } else if path.extension().is_some_and(|e| e == "json")
            && read(&path).get("spdxVersion").is_some()
        {
            out.push(path);
        }
    }
}

fn read(path: &Path) -> Value {
    serde_json::from_str(&fs_err::read_to_string(path).unwrap()).unwrap_or(Value::Null)
}

#[test]
fn the_corpus_spdx_documents_pass() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("spdx 2.3 examples") else {
        return;
    };
    let validator = spdx_validator(&corpus);
    let mut files = Vec::new();
    spdx_documents(&corpus.join("sbom"), &mut files);
    files.sort();
    let mut failures = Vec::new();
    for path in &files {
        if let Err(errors) = validator.validate(&read(path)) {
            failures.push(format!("{}: {}", path.display(), errors.join("; ")));
        }
    }
    eprintln!("SPDX examples: {} documents checked", files.len());
    // 12 SPDX 2.3 and 7 SPDX 2.2 documents, so a partial corpus cannot pass quietly.
    assert_eq!(files.len(), 19);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn spec_example(corpus: &Path) -> Value {
    read(&corpus.join("sbom/spdx-2.3-spec-examples/SPDXJSONExample-v2.3.spdx.json"))
}

#[test]
fn schema_breaks_are_reported_with_their_path() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("spdx schema errors") else {
        return;
    };
    let mut doc = spec_example(&corpus);
    doc.as_object_mut().unwrap().remove("documentNamespace");
    doc["packages"][0]["filesAnalyzed"] = "no".into();
    let errors = spdx_validator(&corpus).validate(&doc).unwrap_err();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("/: ") && e.contains("documentNamespace")),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("/packages/0/filesAnalyzed: ")),
        "{errors:?}"
    );
}

#[test]
fn bad_ids_and_dangling_references_are_caught() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("spdx reference rules") else {
        return;
    };
    let mut doc = spec_example(&corpus);
    let first = doc["packages"][0]["SPDXID"].clone();
    doc["packages"][1]["SPDXID"] = first;
    doc["packages"].as_array_mut().unwrap().push(
        serde_json::json!({"SPDXID": "SPDXRef-has space", "name": "x", "downloadLocation": "NONE"}),
    );
    doc["relationships"][0]["relatedSpdxElement"] = "SPDXRef-Nowhere".into();
    doc["relationships"][1]["spdxElementId"] = "NOASSERTION".into();
    doc["documentDescribes"][0] = "SPDXRef-Missing".into();
    let errors = spdx_validator(&corpus).validate(&doc).unwrap_err();
    let at: Vec<&str> = errors
        .iter()
        .map(|e| e.split_once(": ").unwrap().0)
        .collect();
    assert_eq!(
        at,
        [
            "/packages/1/SPDXID",
            "/packages/4/SPDXID",
            "/relationships/0/relatedSpdxElement",
            "/relationships/1/spdxElementId",
            "/documentDescribes/0",
        ],
        "{errors:?}"
    );
}

#[test]
fn a_missing_schema_is_an_error_that_names_the_file() {
    let dir = Path::new("/nonexistent/spdx-schemas");
    let err = vouch_sbom::SpdxValidator::load_2_3(dir).unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("/nonexistent/spdx-schemas/spdx-schema.json"),
        "{message}"
    );
    let errors = vouch_sbom::validate_spdx_2_3(&serde_json::json!({}), dir).unwrap_err();
    assert_eq!(errors, [message]);
}

#[test]
fn the_one_shot_function_validates_too() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("spdx one-shot validation") else {
        return;
    };
    let dir = spdx_schema_dir(&corpus);
    assert_eq!(
        vouch_sbom::validate_spdx_2_3(&spec_example(&corpus), &dir),
        Ok(())
    );
    let errors =
        vouch_sbom::validate_spdx_2_3(&serde_json::json!({"spdxVersion": 2.3}), &dir).unwrap_err();
    assert!(errors.len() >= 2, "{errors:?}");
}
