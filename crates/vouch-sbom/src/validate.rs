//! Validation of CycloneDX 1.6 and SPDX 2.3 JSON against the official schemas, offline: the
//! schemas (for CycloneDX with the two it references, `spdx.schema.json` and
//! `jsf-0.82.schema.json`, registered under their `$id`s) are read from a directory, and formats
//! are asserted as upstream's ajv setup does. SPDX adds the spec's rules its schema leaves out.

use std::path::{Path, PathBuf};

use jsonschema::{Draft, Registry};
use serde_json::Value;

/// The 1.6 schema and the schemas it references by relative `$ref`, with the `$id` each declares
/// (the relative refs resolve against `http://cyclonedx.org/schema/`).
const BOM_1_6: &str = "bom-1.6.schema.json";
const REFERENCED: [&str; 2] = ["spdx.schema.json", "jsf-0.82.schema.json"];

/// A compiled CycloneDX 1.6 schema, reusable for many documents.
pub struct CycloneDxValidator {
    validator: jsonschema::Validator,
}

impl std::fmt::Debug for CycloneDxValidator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CycloneDxValidator").finish_non_exhaustive()
    }
}

impl CycloneDxValidator {
    /// Reads `bom-1.6.schema.json`, `spdx.schema.json` and `jsf-0.82.schema.json` from
    /// `schema_dir` (the layout of CycloneDX/specification's `schema/` folder) and compiles them
    /// as draft-07 with format assertions on. Nothing is fetched from the network.
    pub fn load_1_6(schema_dir: &Path) -> Result<Self, SchemaLoadError> {
        let bom = read_json(&schema_dir.join(BOM_1_6))?;
        let mut resources = Vec::with_capacity(REFERENCED.len());
        for name in REFERENCED {
            let path = schema_dir.join(name);
            let schema = read_json(&path)?;
            let id = schema
                .get("$id")
                .and_then(Value::as_str)
                .ok_or_else(|| SchemaLoadError::Invalid {
                    path: path.clone(),
                    message: "it has no string `$id`".into(),
                })?
                .to_owned();
            resources.push((id, schema));
        }
        let compile = |message: String| SchemaLoadError::Invalid {
            path: schema_dir.join(BOM_1_6),
            message,
        };
        let registry = Registry::new()
            .draft(Draft::Draft7)
            .extend(resources)
            .and_then(|b| b.prepare())
            .map_err(|e| compile(e.to_string()))?;
        let validator = jsonschema::options()
            .with_draft(Draft::Draft7)
            .should_validate_formats(true)
            .offline()
            .with_registry(&registry)
            .build(&bom)
            .map_err(|e| compile(e.to_string()))?;
        Ok(CycloneDxValidator { validator })
    }

    /// Every way `json` breaks the schema, each as `instance path: message`; `Ok` when valid.
    pub fn validate(&self, json: &Value) -> Result<(), Vec<String>> {
        none_or_all(schema_errors(&self.validator, json))
    }
}

/// Every way `json` breaks the compiled schema, each as `instance path: message`.
fn schema_errors(validator: &jsonschema::Validator, json: &Value) -> Vec<String> {
    validator
        .iter_errors(json)
        .map(|e| {
            let at = e.instance_path().to_string();
            let at = if at.is_empty() { "/".to_owned() } else { at };
            format!("{at}: {e}")
        })
        .collect()
}

fn none_or_all(errors: Vec<String>) -> Result<(), Vec<String>> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Validates `json` against CycloneDX 1.6, with the schemas read from `schema_dir`. A schema that
/// cannot be loaded is reported as the single error. Compiles the schema on every call; keep a
/// [`CycloneDxValidator`] to validate many documents.
pub fn validate_cyclonedx_1_6(json: &Value, schema_dir: &Path) -> Result<(), Vec<String>> {
    CycloneDxValidator::load_1_6(schema_dir)
        .map_err(|e| vec![e.to_string()])?
        .validate(json)
}

/// The SPDX 2.3 schema file in spdx-spec's `schemas/` folder (branch `support/2.3.1`).
const SPDX_2_3: &str = "spdx-schema.json";

/// A compiled SPDX 2.3 JSON schema, reusable for many documents, plus the rules of the
/// specification that the schema does not express (see [`SpdxValidator::validate`]).
pub struct SpdxValidator {
    validator: jsonschema::Validator,
}

impl std::fmt::Debug for SpdxValidator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SpdxValidator").finish_non_exhaustive()
    }
}

impl SpdxValidator {
    /// Reads `spdx-schema.json` from `schema_dir` and compiles it under the draft it declares
    /// (2019-09), with format assertions on. Nothing is fetched from the network.
    pub fn load_2_3(schema_dir: &Path) -> Result<Self, SchemaLoadError> {
        let path = schema_dir.join(SPDX_2_3);
        let schema = read_json(&path)?;
        let validator = jsonschema::options()
            .should_validate_formats(true)
            .offline()
            .build(&schema)
            .map_err(|e| SchemaLoadError::Invalid {
                path: path.clone(),
                message: e.to_string(),
            })?;
        Ok(SpdxValidator { validator })
    }

    /// Every way `json` breaks the schema or these rules of SPDX 2.3 that the schema cannot
    /// state, each as `instance path: message`; `Ok` when valid:
    /// - every `SPDXID` of the document, its packages, files and snippets is `SPDXRef-` followed
    ///   by letters, digits, `.` and `-` (§3.2, §6.3, §7.2, §8.2, §9.1), and no two are equal;
    /// - both ends of each relationship (§11.1) and each `documentDescribes` entry name an
    ///   element of this document or, as `DocumentRef-x:SPDXRef-y`, of an external one; a
    ///   related element may also be `NONE` or `NOASSERTION`.
    pub fn validate(&self, json: &Value) -> Result<(), Vec<String>> {
        let mut errors = schema_errors(&self.validator, json);
        if errors.is_empty() {
            spdx_rules(json, &mut errors);
        }
        none_or_all(errors)
    }
}

/// Validates `json` against SPDX 2.3, with the schema read from `schema_dir`. A schema that
/// cannot be loaded is reported as the single error. Compiles the schema on every call; keep an
/// [`SpdxValidator`] to validate many documents.
pub fn validate_spdx_2_3(json: &Value, schema_dir: &Path) -> Result<(), Vec<String>> {
    SpdxValidator::load_2_3(schema_dir)
        .map_err(|e| vec![e.to_string()])?
        .validate(json)
}

/// `SPDXRef-` and an `idstring` (§3.2: letters, digits, `.`, `-`).
fn is_spdx_ref(id: &str) -> bool {
    id.strip_prefix("SPDXRef-").is_some_and(|rest| {
        !rest.is_empty()
            && rest
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
    })
}

/// `DocumentRef-<idstring>:SPDXRef-<idstring>`: an element of an external document (§6.6).
fn is_external_ref(id: &str) -> bool {
    id.split_once(':').is_some_and(|(doc, element)| {
        doc.strip_prefix("DocumentRef-").is_some_and(|d| {
            !d.is_empty()
                && d.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
        }) && is_spdx_ref(element)
    })
}

/// The rules [`SpdxValidator::validate`] lists; run on a document the schema accepts.
fn spdx_rules(json: &Value, errors: &mut Vec<String>) {
    let mut ids: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let mut elements: Vec<(String, &Value)> = Vec::new();
    if let Some(id) = json.get("SPDXID") {
        elements.push(("/SPDXID".to_owned(), id));
    }
    for list in ["packages", "files", "snippets"] {
        for (i, element) in json
            .get(list)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            if let Some(id) = element.get("SPDXID") {
                elements.push((format!("/{list}/{i}/SPDXID"), id));
            }
        }
    }
    for (at, id) in elements {
        match id.as_str() {
            Some(id) if is_spdx_ref(id) => {
                if !ids.insert(id) {
                    errors.push(format!("{at}: the SPDXID {id:?} is used twice"));
                }
            }
            _ => errors.push(format!(
                "{at}: {id} is not `SPDXRef-` followed by letters, digits, `.` and `-` (SPDX 2.3 §3.2)"
            )),
        }
    }
    let resolves = |id: &str| ids.contains(id) || is_external_ref(id);
    for (i, r) in json
        .get("relationships")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        for (key, special_ok) in [("spdxElementId", false), ("relatedSpdxElement", true)] {
            let Some(id) = r.get(key).and_then(Value::as_str) else {
                continue;
            };
            if !(resolves(id) || special_ok && matches!(id, "NONE" | "NOASSERTION")) {
                errors.push(format!(
                    "/relationships/{i}/{key}: {id:?} names no element of this document"
                ));
            }
        }
    }
    for (i, id) in json
        .get("documentDescribes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        if let Some(id) = id.as_str().filter(|id| !resolves(id)) {
            errors.push(format!(
                "/documentDescribes/{i}: {id:?} names no element of this document"
            ));
        }
    }
}

/// A schema file that could not be read, parsed or compiled.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SchemaLoadError {
    /// The file could not be read.
    #[error("could not read the schema {path}: {source}", path = path.display())]
    Read {
        /// The schema file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not JSON, or not a schema the validator accepts.
    #[error("the schema {path} is not usable: {message}", path = path.display())]
    Invalid {
        /// The schema file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}

fn read_json(path: &Path) -> Result<Value, SchemaLoadError> {
    let text = fs_err::read_to_string(path).map_err(|source| SchemaLoadError::Read {
        path: path.to_owned(),
        source,
    })?;
    serde_json::from_str(&text).map_err(|e| SchemaLoadError::Invalid {
        path: path.to_owned(),
        message: e.to_string(),
    })
}
