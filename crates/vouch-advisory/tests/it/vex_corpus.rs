//! The VEX readers on real documents: every CSAF VEX example of the CSAF TC parses, with one
//! statement per vulnerability, status and product as its `product_status` lists them (counted
//! here from the raw JSON), and the CycloneDX spec tests' vulnerability BOMs read as VEX.

use std::collections::BTreeMap;

use vouch_advisory::vex;
use vouch_model::{Justification, VexStatus};

use crate::common::corpus;

/// Counts per status straight from the JSON, the way CSAF 2.0 §3.2.3.9 names them.
fn expected(doc: &serde_json::Value) -> BTreeMap<&'static str, usize> {
    let mut out = BTreeMap::new();
    for v in doc["vulnerabilities"].as_array().unwrap() {
        let Some(ps) = v["product_status"].as_object() else {
            continue;
        };
        for (key, ids) in ps {
            let status = match key.as_str() {
                "known_not_affected" => "not_affected",
                "known_affected" | "first_affected" | "last_affected" => "affected",
                "fixed" | "first_fixed" => "fixed",
                "under_investigation" => "under_investigation",
                _ => continue, // `recommended` is advice, not a status
            };
            *out.entry(status).or_default() += ids.as_array().unwrap().len();
        }
    }
    out
}

#[test]
fn every_csaf_vex_example_parses_with_the_statements_it_lists() {
    let Some(corpus) = corpus("csaf vex examples") else {
        return;
    };
    let dir = corpus.join("csaf/examples/csaf/csaf_vex");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 13, "the CSAF TC's VEX examples");
    let mut total = 0;
    for path in &files {
        let raw: serde_json::Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        let doc = vex::read(path).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            doc.diagnostics.is_empty(),
            "{}: {:?}",
            path.display(),
            doc.diagnostics
        );
        let mut got: BTreeMap<&'static str, usize> = BTreeMap::new();
        for s in &doc.statements {
            *got.entry(s.state.status().as_str()).or_default() += 1;
            assert_eq!(s.source.format, vouch_model::VexFormat::Csaf);
            // Every known_not_affected example gives an impact threat or a flag.
            if s.state.status() == VexStatus::NotAffected {
                assert!(s.state.justification().is_some() || s.state.statement().is_some());
            }
            // The examples name whole products, never by purl.
            assert!(s.products.is_empty() && s.unidentified_products == 1);
        }
        assert_eq!(got, expected(&raw), "{}", path.display());
        total += doc.statements.len();
    }
    assert_eq!(total, 91);
}

#[test]
fn csaf_examples_read_as_the_readme_describes_them() {
    let Some(corpus) = corpus("csaf vex examples") else {
        return;
    };
    let dir = corpus.join("csaf/examples/csaf/csaf_vex");
    let statuses = |file: &str| -> Vec<(String, VexStatus)> {
        vex::read(&dir.join(file))
            .unwrap()
            .statements
            .iter()
            .map(|s| (s.vulnerability.to_string(), s.state.status()))
            .collect()
    };
    let one = |status| vec![("CVE-2021-44228".to_owned(), status)];
    assert_eq!(
        statuses("2022-evd-uc-01-a-001.json"),
        one(VexStatus::Affected)
    );
    assert_eq!(statuses("2022-evd-uc-01-f-001.json"), one(VexStatus::Fixed));
    assert_eq!(
        statuses("2022-evd-uc-01-na-001.json"),
        one(VexStatus::NotAffected)
    );
    assert_eq!(
        statuses("2022-evd-uc-01-ui-001.json"),
        one(VexStatus::UnderInvestigation)
    );
    // Secvisogram and Log4Shell: three CVEs, each not affected with the flag's justification.
    let doc = vex::read(&dir.join("sec-vex-2022-0001.json")).unwrap();
    let got: Vec<_> = doc
        .statements
        .iter()
        .map(|s| (s.vulnerability.as_str(), s.state.justification()))
        .collect();
    let j = Some(Justification::ComponentNotPresent);
    assert_eq!(
        got,
        [
            ("CVE-2021-44228", j),
            ("CVE-2021-45046", j),
            ("CVE-2021-45105", j)
        ]
    );
    assert_eq!(
        doc.statements[0].state.statement(),
        Some("Secvisogram is written in JavaScript. No Java is included.")
    );
}

#[test]
fn cyclonedx_spec_vulnerability_boms_read_as_vex() {
    let Some(corpus) = corpus("cyclonedx vulnerability boms") else {
        return;
    };
    for version in ["1.4", "1.5", "1.6"] {
        let path = corpus.join(format!(
            "sbom/cyclonedx-spec-tests/{version}/valid-vulnerability-{version}.json"
        ));
        let doc = vex::read(&path).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            doc.diagnostics.is_empty(),
            "{version}: {:?}",
            doc.diagnostics
        );
        assert_eq!(doc.statements.len(), 1, "{version}");
        let s = &doc.statements[0];
        assert_eq!(
            s.vulnerability.as_str(),
            "SNYK-JAVA-COMFASTERXMLJACKSONCORE-32111"
        );
        assert_eq!(s.aliases[0].as_str(), "CVE-2018-7489");
        assert_eq!(
            s.state.justification(),
            Some(Justification::VulnerableCodeNotInExecutePath),
            "code_not_reachable"
        );
        let purls: Vec<_> = s.products.iter().map(|p| p.as_str()).collect();
        assert_eq!(
            purls,
            ["pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.4"]
        );
    }
}
