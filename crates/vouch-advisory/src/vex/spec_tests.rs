//! Each reader on examples from its spec, and the applying rules.

use std::path::Path;

use vouch_model::{
    AdvisoryId, Diagnostic, DiagnosticCode, Ecosystem, Finding, FindingKind, Justification,
    PackageName, Purl, Severity, SeverityLevel, VexFormat, VexState, VexStatus,
};

use super::{Statement, apply, parse, triage};

fn ok(json: &str) -> Vec<Statement> {
    let doc = parse(json.as_bytes(), Path::new("vex.json")).unwrap();
    assert_eq!(doc.diagnostics, Vec::<Diagnostic>::new());
    doc.statements
}

fn errors(json: &str) -> Vec<String> {
    let doc = parse(json.as_bytes(), Path::new("vex.json")).unwrap();
    doc.diagnostics.iter().map(ToString::to_string).collect()
}

fn purls(s: &Statement) -> Vec<&str> {
    s.products.iter().map(Purl::as_str).collect()
}

// OpenVEX spec (OPENVEX-SPEC.md v0.2.0): the minimal document and the justification example.
const OPENVEX_MINIMAL: &str = r#"{
  "@context": "https://openvex.dev/ns/v0.2.0",
  "@id": "https://openvex.dev/docs/example/vex-9fb3463de1b57",
  "author": "Wolfi J Inkinson",
  "role": "Document Creator",
  "timestamp": "2023-01-08T18:02:03.647787998-06:00",
  "version": 1,
  "statements": [
    {
      "vulnerability": {"name": "CVE-2023-12345"},
      "products": [
        {"@id": "pkg:apk/wolfi/git@2.39.0-r1?arch=armv7"},
        {"@id": "pkg:apk/wolfi/git@2.39.0-r1?arch=x86_64"}
      ],
      "status": "fixed"
    },
    {
      "vulnerability": {
        "@id": "https://nvd.nist.gov/vuln/detail/CVE-2019-17571",
        "name": "CVE-2019-17571",
        "aliases": ["GHSA-2qrg-x229-3v8q", "openSUSE-SU-2020:0051-1"]
      },
      "products": [
        {"@id": "pkg:apk/wolfi/product@1.23.0-r1?arch=armv7",
         "identifiers": {"purl": "pkg:maven/org.apache.logging.log4j/log4j-core@2.4"},
         "subcomponents": [{"@id": "pkg:maven/log4j/log4j@1.2.17"}]}
      ],
      "status": "not_affected",
      "justification": "component_not_present",
      "impact_statement": "The vulnerable code was removed with a custom patch",
      "timestamp": "2023-02-01T00:00:00Z"
    },
    {
      "vulnerability": {"name": "CVE-2023-1"},
      "products": [{"@id": "pkg:cargo/regex"}],
      "status": "affected",
      "action_statement": "Update to 1.5.5"
    }
  ]
}"#;

#[test]
fn openvex_spec_examples() {
    let s = ok(OPENVEX_MINIMAL);
    assert_eq!(s.len(), 3);
    assert_eq!(s[0].vulnerability.as_str(), "CVE-2023-12345");
    assert_eq!(s[0].state, VexState::Fixed);
    assert_eq!(
        purls(&s[0]),
        [
            "pkg:apk/wolfi/git@2.39.0-r1?arch=armv7",
            "pkg:apk/wolfi/git@2.39.0-r1?arch=x86_64"
        ]
    );
    assert_eq!(
        s[0].timestamp,
        Some("2023-01-08T18:02:03.647787998-06:00".parse().unwrap())
    );
    assert_eq!(s[0].source.format, VexFormat::OpenVex);
    assert_eq!(s[0].source.statement, "/statements/0");

    assert_eq!(
        s[1].state,
        VexState::NotAffected {
            justification: Some(Justification::ComponentNotPresent),
            impact_statement: Some("The vulnerable code was removed with a custom patch".into()),
        }
    );
    let aliases: Vec<_> = s[1].aliases.iter().map(AdvisoryId::as_str).collect();
    assert_eq!(aliases, ["GHSA-2qrg-x229-3v8q", "openSUSE-SU-2020:0051-1"]);
    // identifiers.purl is preferred to @id; subcomponents are products too.
    assert_eq!(
        purls(&s[1]),
        [
            "pkg:maven/org.apache.logging.log4j/log4j-core@2.4",
            "pkg:maven/log4j/log4j@1.2.17"
        ]
    );
    assert_eq!(
        s[1].timestamp,
        Some("2023-02-01T00:00:00Z".parse().unwrap())
    );
    assert_eq!(
        s[2].state,
        VexState::Affected {
            action_statement: Some("Update to 1.5.5".into())
        }
    );
}

#[test]
fn openvex_not_affected_needs_a_justification_or_impact_statement() {
    let doc = r#"{"@context": "https://openvex.dev/ns/v0.2.0", "statements": [
      {"vulnerability": {"name": "CVE-2023-1"}, "products": [{"@id": "pkg:cargo/a@1.0.0"}],
       "status": "not_affected"},
      {"vulnerability": {"name": "CVE-2023-2"}, "products": [{"@id": "pkg:cargo/a@1.0.0"}],
       "status": "not_affected", "impact_statement": "only used at build time"},
      {"vulnerability": {"name": "CVE-2023-3"}, "status": "not_affected",
       "justification": "it_is_fine"},
      {"vulnerability": {"name": "CVE-2023-4"}, "status": "affected",
       "justification": "component_not_present"},
      {"vulnerability": {"name": "CVE-2023-5"}, "status": "maybe"}
    ]}"#;
    insta::assert_snapshot!(errors(doc).join("\n"), @r"
    error[V0402] vex.json (/statements/0): openvex statement /statements/0: status not_affected needs a `justification` or an `impact_statement` (OpenVEX: a not_affected statement MUST include one)
    error[V0402] vex.json (/statements/2): openvex statement /statements/2: justification `it_is_fine` is not one of component_not_present, vulnerable_code_not_present, vulnerable_code_not_in_execute_path, vulnerable_code_cannot_be_controlled_by_adversary, inline_mitigations_already_exist; status not_affected needs a `justification` or an `impact_statement` (OpenVEX: a not_affected statement MUST include one)
    error[V0402] vex.json (/statements/3): openvex statement /statements/3: justification `component_not_present` goes only with status not_affected, not affected
    error[V0402] vex.json (/statements/4): openvex statement /statements/4: status `maybe` is not one of not_affected, affected, fixed, under_investigation
    ");
    let kept = parse(doc.as_bytes(), Path::new("vex.json"))
        .unwrap()
        .statements;
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].vulnerability.as_str(), "CVE-2023-2");
}

// CycloneDX 1.6 VEX: the shape of the spec's valid-vulnerability example, with a BOM-Link ref.
const CYCLONEDX: &str = r#"{
  "bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
  "metadata": {"timestamp": "2024-01-01T00:00:00Z"},
  "components": [{"bom-ref": "jd", "type": "library", "name": "jackson-databind",
    "purl": "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.4"}],
  "vulnerabilities": [
    {"id": "SNYK-JAVA-COMFASTERXMLJACKSONCORE-32111",
     "references": [{"id": "CVE-2018-7489"}],
     "analysis": {"state": "not_affected", "justification": "code_not_reachable",
       "response": ["will_not_fix", "update"], "detail": "not called",
       "lastUpdated": "2022-02-01T00:00:00.000Z"},
     "affects": [{"ref": "jd"}]},
    {"id": "CVE-2024-1", "analysis": {"state": "exploitable", "response": ["update"]},
     "affects": [{"ref": "urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#pkg%3Acargo%2Fregex%401.5.4"}]},
    {"id": "CVE-2024-2", "analysis": {"state": "resolved_with_pedigree"}, "affects": [{"ref": "jd"}]},
    {"id": "CVE-2024-3", "analysis": {"state": "in_triage"}, "affects": [{"ref": "elsewhere"}]},
    {"id": "CVE-2024-4", "analysis": {"state": "false_positive"}, "affects": [{"ref": "jd"}]},
    {"id": "CVE-2024-5", "affects": [{"ref": "jd"}]}
  ]
}"#;

#[test]
fn cyclonedx_analysis_states_and_refs() {
    let s = ok(CYCLONEDX);
    // The vulnerability without an analysis is no statement.
    assert_eq!(s.len(), 5);
    assert_eq!(
        s[0].state,
        VexState::NotAffected {
            justification: Some(Justification::VulnerableCodeNotInExecutePath),
            impact_statement: Some("not called".into()),
        }
    );
    assert_eq!(s[0].aliases[0].as_str(), "CVE-2018-7489");
    assert_eq!(
        purls(&s[0]),
        ["pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.4"]
    );
    assert_eq!(
        s[0].timestamp,
        Some("2022-02-01T00:00:00Z".parse().unwrap())
    );
    assert_eq!(
        s[1].state,
        VexState::Affected {
            action_statement: Some("response: update".into())
        }
    );
    assert_eq!(purls(&s[1]), ["pkg:cargo/regex@1.5.4"]);
    assert_eq!(
        s[1].timestamp,
        Some("2024-01-01T00:00:00Z".parse().unwrap())
    );
    assert_eq!(s[2].state, VexState::Fixed);
    assert_eq!(s[3].state, VexState::UnderInvestigation);
    assert_eq!((s[3].products.len(), s[3].unidentified_products), (0, 1));
    assert_eq!(s[4].state.status(), VexStatus::NotAffected);
    assert_eq!(s[4].source.statement, "/vulnerabilities/4");
}

#[test]
fn cyclonedx_unknown_state_or_justification_is_an_error() {
    let doc = r#"{"bomFormat": "CycloneDX", "specVersion": "1.5", "vulnerabilities": [
      {"id": "CVE-2024-1", "analysis": {"state": "fine"}},
      {"id": "CVE-2024-2", "analysis": {"state": "not_affected", "justification": "trust_me"}}]}"#;
    insta::assert_snapshot!(errors(doc).join("\n"), @r"
    error[V0402] vex.json (/vulnerabilities/0): cyclonedx statement /vulnerabilities/0: analysis.state `fine` is not one of resolved, resolved_with_pedigree, exploitable, in_triage, false_positive, not_affected
    error[V0402] vex.json (/vulnerabilities/1): cyclonedx statement /vulnerabilities/1: analysis.justification `trust_me` is not a CycloneDX justification
    ");
}

// CSAF 2.0 §4.5 with a purl in the product tree, a relationship and a product group.
const CSAF: &str = r#"{
  "document": {"category": "csaf_vex", "csaf_version": "2.0",
    "tracking": {"current_release_date": "2024-03-01T00:00:00Z"}},
  "product_tree": {
    "branches": [{"category": "vendor", "name": "V", "branches": [
      {"category": "product_version", "name": "1.5.4",
       "product": {"name": "regex 1.5.4", "product_id": "P-regex",
         "product_identification_helper": {"purl": "pkg:cargo/regex@1.5.4"}}}]}],
    "full_product_names": [{"name": "App 2", "product_id": "P-app"}],
    "relationships": [{"category": "default_component_of", "product_reference": "P-regex",
      "relates_to_product_reference": "P-app",
      "full_product_name": {"name": "regex in App 2", "product_id": "P-app:regex"}}],
    "product_groups": [{"group_id": "G", "product_ids": ["P-app:regex"]}]
  },
  "vulnerabilities": [{
    "cve": "CVE-2022-24713", "ids": [{"system_name": "GHSA", "text": "GHSA-m5pq-gvj9-9vr8"}],
    "product_status": {"known_not_affected": ["P-regex", "P-app:regex"], "known_affected": ["P-app"],
      "recommended": ["P-regex"]},
    "flags": [{"label": "vulnerable_code_not_in_execute_path", "group_ids": ["G"],
      "date": "2024-02-01T00:00:00Z"}],
    "threats": [{"category": "impact", "details": "regex is only fed constant patterns",
      "product_ids": ["P-regex"]}],
    "remediations": [{"category": "vendor_fix", "details": "Update to 2.1", "product_ids": ["P-app"]}]
  }]
}"#;

#[test]
fn csaf_product_status_flags_threats_and_relationships() {
    let s = ok(CSAF);
    assert_eq!(s.len(), 3);
    assert_eq!(
        s[0].source.statement,
        "/vulnerabilities/0/product_status/known_not_affected/0"
    );
    assert_eq!(
        s[0].state,
        VexState::NotAffected {
            justification: None,
            impact_statement: Some("regex is only fed constant patterns".into()),
        }
    );
    assert_eq!(purls(&s[0]), ["pkg:cargo/regex@1.5.4"]);
    assert_eq!(
        s[0].timestamp,
        Some("2024-03-01T00:00:00Z".parse().unwrap())
    );
    // Through the group; the relationship gives the component's purl.
    assert_eq!(
        s[1].state.justification(),
        Some(Justification::VulnerableCodeNotInExecutePath)
    );
    assert_eq!(purls(&s[1]), ["pkg:cargo/regex@1.5.4"]);
    assert_eq!(
        s[1].timestamp,
        Some("2024-02-01T00:00:00Z".parse().unwrap())
    );
    assert_eq!(
        s[2].state,
        VexState::Affected {
            action_statement: Some("Update to 2.1".into())
        }
    );
    assert_eq!(s[2].unidentified_products, 1);
    assert_eq!(s[2].aliases[0].as_str(), "GHSA-m5pq-gvj9-9vr8");
}

#[test]
fn csaf_known_not_affected_without_flag_or_impact_is_an_error() {
    let doc = CSAF.replace(
        r#""label": "vulnerable_code_not_in_execute_path", "group_ids": ["G"]"#,
        r#""label": "component_not_present", "product_ids": []"#,
    );
    insta::assert_snapshot!(errors(&doc).join("\n"), @"error[V0402] vex.json (/vulnerabilities/0/product_status/known_not_affected/1): csaf statement /vulnerabilities/0/product_status/known_not_affected/1: known_not_affected product `P-app:regex` has neither a flag nor a threat of category impact (CSAF 2.0 §6.1.27.9)");
}

const TRIAGE: &str = r#"
[declarations]
anything = "is ignored here"

[[triage]]
id = "RUSTSEC-2022-0013"
purl = "pkg:cargo/regex@1.5.4"
status = "not_affected"
justification = "vulnerable_code_not_in_execute_path"
statement = "only constant patterns"
expires = 2030-01-31

[[triage]]
id = "CVE-2021-25900"
status = "affected"
statement = "upgrade planned"
expires = "2020-01-01"
"#;

#[test]
fn triage_entries() {
    let doc = triage::parse(TRIAGE, Path::new("vouch.toml")).unwrap();
    assert_eq!(doc.diagnostics, Vec::<Diagnostic>::new());
    let s = doc.statements;
    assert_eq!(s.len(), 2);
    assert_eq!(purls(&s[0]), ["pkg:cargo/regex@1.5.4"]);
    assert!(!s[0].every_product && s[1].every_product);
    assert_eq!(s[0].expires, Some(jiff::civil::date(2030, 1, 31)));
    assert_eq!(s[1].expires, Some(jiff::civil::date(2020, 1, 1)));
    assert_eq!(
        s[1].state,
        VexState::Affected {
            action_statement: Some("upgrade planned".into())
        }
    );
    assert_eq!(s[1].source.statement, "/triage/1");
}

#[test]
fn triage_problems_are_all_reported() {
    let text = r#"
[[triage]]
id = "RUSTSEC-2022-0013"
status = "not_affected"
expires = "soon"

[[triage]]
id = "RUSTSEC-2022-0013"
status = "fixed"
justfication = "typo"
"#;
    let doc = triage::parse(text, Path::new("vouch.toml")).unwrap();
    let text: Vec<String> = doc.diagnostics.iter().map(ToString::to_string).collect();
    insta::assert_snapshot!(text.join("\n"), @r#"
    error[V0402] vouch.toml (/triage/0): triage statement /triage/0: status not_affected needs a `justification` (one of component_not_present, vulnerable_code_not_present, vulnerable_code_not_in_execute_path, vulnerable_code_cannot_be_controlled_by_adversary, inline_mitigations_already_exist); expires `"soon"` is not a date (YYYY-MM-DD)
    error[V0402] vouch.toml (/triage/1): triage statement /triage/1: unknown field `justfication`, expected one of `id`, `purl`, `status`, `justification`, `statement`, `expires`
    "#);
    assert!(triage::parse("triage = 3", Path::new("vouch.toml")).is_err());
}

fn finding(id: &str, aliases: &[&str], name: &str, version: &str) -> Finding {
    let package = PackageName::new(Ecosystem::CratesIo, name).unwrap();
    Finding {
        kind: FindingKind::Vulnerability,
        id: id.parse().unwrap(),
        aliases: aliases.iter().map(|a| a.parse().unwrap()).collect(),
        ecosystem: Ecosystem::CratesIo,
        package: name.into(),
        version: version.into(),
        purl: Purl::for_package(Ecosystem::CratesIo, &package, Some(version)).unwrap(),
        source_package: None,
        release_unknown: false,
        summary: None,
        severity: Severity {
            level: SeverityLevel::High,
            score: None,
            vector: None,
        },
        fixed_versions: Vec::new(),
        url: None,
        vex: None,
    }
}

fn openvex(statements: &str) -> Vec<Statement> {
    ok(&format!(
        r#"{{"@context": "https://openvex.dev/ns/v0.2.0", "statements": [{statements}]}}"#
    ))
}

#[test]
fn the_most_specific_then_newest_statement_wins() {
    let statements = openvex(
        r#"
      {"vulnerability": {"name": "CVE-2022-24713"}, "products": [{"@id": "pkg:cargo/regex"}],
       "status": "affected", "timestamp": "2025-01-01T00:00:00Z"},
      {"vulnerability": {"name": "CVE-2022-24713"}, "products": [{"@id": "pkg:cargo/regex@1.5.4?x=y"}],
       "status": "not_affected", "justification": "component_not_present", "timestamp": "2024-01-01T00:00:00Z"},
      {"vulnerability": {"name": "CVE-2022-24713"}, "products": [{"@id": "pkg:cargo/regex@1.5.4"}],
       "status": "fixed", "timestamp": "2024-06-01T00:00:00Z"},
      {"vulnerability": {"name": "CVE-2022-24713"}, "products": [{"@id": "pkg:cargo/regex@9.9.9"}],
       "status": "under_investigation"}"#,
    );
    let mut findings = [
        finding("RUSTSEC-2022-0013", &["CVE-2022-24713"], "regex", "1.5.4"),
        finding("RUSTSEC-2022-0013", &["CVE-2022-24713"], "regex", "1.5.5"),
        finding("RUSTSEC-2099-0001", &[], "regex", "1.5.4"),
    ];
    let notes = apply(&mut findings, &statements, jiff::civil::date(2026, 1, 1));
    // Versioned over versionless; of the two versioned ones, the newer.
    let v = findings[0].vex.as_ref().unwrap();
    assert_eq!(v.status(), VexStatus::Fixed);
    assert_eq!(v.source.statement, "/statements/2");
    // Another version: only the versionless statement applies.
    assert_eq!(
        findings[1].vex.as_ref().unwrap().status(),
        VexStatus::Affected
    );
    // Another advisory: nothing applies.
    assert!(findings[2].vex.is_none());
    let notes: Vec<String> = notes.iter().map(ToString::to_string).collect();
    assert_eq!(
        notes,
        [
            "info[V0404] vex.json (/statements/3): the under_investigation statement for CVE-2022-24713 names no finding of this delivery"
        ]
    );
}

#[test]
fn expired_triage_does_not_apply_and_says_so() {
    let doc = triage::parse(TRIAGE, Path::new("vouch.toml")).unwrap();
    let mut findings = [
        finding("RUSTSEC-2022-0013", &["CVE-2022-24713"], "regex", "1.5.4"),
        finding(
            "RUSTSEC-2021-0003",
            &["CVE-2021-25900"],
            "smallvec",
            "1.6.0",
        ),
    ];
    let notes = apply(
        &mut findings,
        &doc.statements,
        jiff::civil::date(2026, 11, 28),
    );
    assert_eq!(
        findings[0].vex.as_ref().unwrap().state.justification(),
        Some(Justification::VulnerableCodeNotInExecutePath)
    );
    assert!(findings[1].vex.is_none());
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].code, DiagnosticCode::VexExpired);
    assert_eq!(
        notes[0].to_string(),
        "info[V0403] vouch.toml (/triage/1): the affected statement for CVE-2021-25900 expired on 2020-01-01; it no longer applies"
    );
    // On its last day it still applies.
    let mut findings = [finding("RUSTSEC-2022-0013", &[], "regex", "1.5.4")];
    let mut s = doc.statements[0].clone();
    s.expires = Some(jiff::civil::date(2026, 11, 28));
    assert!(apply(&mut findings, &[s], jiff::civil::date(2026, 11, 28)).is_empty());
    assert!(findings[0].vex.is_some());
}

#[test]
fn damaged_documents_are_errors_or_diagnostics_never_panics() {
    // Every prefix and a sweep of single-byte changes of each fixture: the readers take VEX
    // files from outside, so whatever they get they answer with Err or diagnostics.
    for fixture in [OPENVEX_MINIMAL, CYCLONEDX, CSAF] {
        let bytes = fixture.as_bytes();
        for cut in (0..bytes.len()).step_by(3) {
            let _ = parse(&bytes[..cut], Path::new("cut.json"));
        }
        for at in (0..bytes.len()).step_by(5) {
            for replacement in [b'"', b'{', b']', b'0', b'%'] {
                let mut damaged = bytes.to_vec();
                damaged[at] = replacement;
                let _ = parse(&damaged, Path::new("damaged.json"));
            }
        }
    }
    for cut in 0..TRIAGE.len() {
        if TRIAGE.is_char_boundary(cut) {
            let _ = triage::parse(&TRIAGE[..cut], Path::new("vouch.toml"));
        }
    }
}
