//! Validation of CycloneDX 1.6 JSON against the official schema, offline: the schema and the two
//! schemas it references (`spdx.schema.json`, `jsf-0.82.schema.json`) are read from a directory
//! and registered under their `$id`s, and formats are asserted as upstream's ajv setup does.

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
        let errors: Vec<String> = self
            .validator
            .iter_errors(json)
            .map(|e| {
                let at = e.instance_path().to_string();
                let at = if at.is_empty() { "/".to_owned() } else { at };
                format!("{at}: {e}")
            })
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
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
