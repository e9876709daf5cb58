//! Each format on a small document written here; the corpus conformance runs are in
//! `tests/it/read_*.rs`.

use std::path::Path;

use vouch_model::{ChecksumAlgorithm, Ecosystem, Level, Relationship};

use super::*;

fn read(text: &str) -> SbomDocument {
    read_sbom(text.as_bytes(), Path::new("sbom")).unwrap()
}

fn purls(doc: &SbomDocument) -> Vec<&str> {
    doc.inventory
        .components()
        .iter()
        .map(|c| c.purl.as_str())
        .collect()
}

fn edges(doc: &SbomDocument) -> Vec<String> {
    doc.inventory
        .dependencies()
        .iter()
        .flat_map(|(from, tos)| tos.iter().map(move |to| format!("{from} -> {to}")))
        .collect()
}

const CDX_JSON: &str = r#"{
  "bomFormat": "CycloneDX", "specVersion": "1.4", "serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
  "metadata": {"timestamp": "2024-01-02T03:04:05Z",
    "tools": [{"vendor": "Acme", "name": "bommer", "version": "1.2"}],
    "component": {"type": "application", "bom-ref": "app", "name": "app", "version": "9"}},
  "components": [
    {"type": "library", "bom-ref": "r", "name": "regex", "version": "1.5.4", "purl": "pkg:cargo/regex@1.5.4",
     "hashes": [{"alg": "SHA-256", "content": "AB12"}, {"alg": "BLAKE3", "content": "ff"}],
     "components": [{"type": "library", "bom-ref": "m", "name": "memchr", "purl": "pkg:cargo/memchr@2.4.0"}]},
    {"type": "library", "name": "no-purl", "version": "1"},
    {"type": "library", "name": "generic", "purl": "pkg:generic/openssl@3"},
    {"type": "library", "name": 5},
    {"type": "library", "bom-ref": "bad", "name": "bad", "purl": "not a purl"}
  ],
  "dependencies": [
    {"ref": "app", "dependsOn": ["r"]},
    {"ref": "r", "dependsOn": ["m"]},
    {"ref": "m"}
  ]
}"#;

#[test]
fn cyclonedx_json_components_edges_and_metadata() {
    let doc = read(CDX_JSON);
    assert_eq!(
        purls(&doc),
        ["pkg:cargo/memchr@2.4.0", "pkg:cargo/regex@1.5.4"]
    );
    assert_eq!(
        edges(&doc),
        ["pkg:cargo/regex@1.5.4 -> pkg:cargo/memchr@2.4.0"]
    );
    assert!(
        doc.inventory.dependencies()[&"pkg:cargo/memchr@2.4.0".parse().unwrap()].is_empty(),
        "a ref with no dependsOn is a node with none"
    );
    let regex = &doc.inventory.components()[1];
    assert_eq!(regex.scope.relationship, Some(Relationship::Direct));
    assert_eq!(
        doc.inventory.components()[0].scope.relationship,
        Some(Relationship::Transitive)
    );
    assert_eq!(regex.checksums.len(), 1);
    assert_eq!(regex.checksums[0].algorithm, ChecksumAlgorithm::Sha256);
    assert_eq!(regex.checksums[0].hex, "ab12");
    assert_eq!(regex.locations[0].path, Path::new("sbom"));

    let info = &doc.info;
    assert_eq!(info.format, DocumentFormat::CycloneDxJson);
    assert_eq!(info.spec_version, "1.4");
    assert_eq!(info.tools[0].name, "Acme bommer");
    assert_eq!(info.subjects[0].name, "app");
    assert_eq!(
        info.timestamp,
        Some("2024-01-02T03:04:05Z".parse().unwrap())
    );

    let messages: Vec<String> = doc
        .inventory
        .diagnostics
        .iter()
        .map(|d| format!("{:?} {}", d.level, d))
        .collect();
    assert_eq!(messages.len(), 4, "{messages:#?}");
    assert!(messages[0].contains("components[3]"), "{messages:#?}");
    assert!(messages[1].contains("(bad)"), "{messages:#?}");
    assert!(
        messages[2].contains("1 component(s) have no purl"),
        "{messages:#?}"
    );
    assert!(messages[3].starts_with("Info"), "{messages:#?}");
}

#[test]
fn cyclonedx_xml_reads_like_json() {
    let xml = r#"<?xml version="1.0"?>
<bom xmlns="http://cyclonedx.org/schema/bom/1.5" serialNumber="urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79" version="1">
  <metadata><timestamp>2024-01-02T03:04:05Z</timestamp>
    <tools><components><component type="application"><name>bommer</name><version>2</version></component></components></tools>
    <component type="application" bom-ref="app"><name>app</name></component></metadata>
  <components>
    <component type="library" bom-ref="r"><name>regex</name><version>1.5.4</version>
      <hashes><hash alg="SHA-1">25ed8e31b995bb927966616df2a42b979a2717f0</hash></hashes>
      <purl><![CDATA[pkg:cargo/regex@1.5.4]]></purl>
      <components><component type="library" bom-ref="m"><name>memchr</name><purl>pkg:cargo/memchr@2.4.0</purl></component></components>
    </component>
  </components>
  <dependencies><dependency ref="app"><dependency ref="r"/></dependency><dependency ref="r"><dependency ref="m"/></dependency></dependencies>
</bom>"#;
    let doc = read(xml);
    assert_eq!(doc.info.format, DocumentFormat::CycloneDxXml);
    assert_eq!(doc.info.spec_version, "1.5");
    assert_eq!(doc.info.tools[0].name, "bommer");
    assert_eq!(
        purls(&doc),
        ["pkg:cargo/memchr@2.4.0", "pkg:cargo/regex@1.5.4"]
    );
    assert_eq!(
        edges(&doc),
        ["pkg:cargo/regex@1.5.4 -> pkg:cargo/memchr@2.4.0"]
    );
    assert_eq!(doc.inventory.components()[1].checksums.len(), 1);
    assert!(doc.inventory.diagnostics.is_empty());
}

const SPDX_TV: &str = "SPDXVersion: SPDX-2.3
DataLicense: CC0-1.0
SPDXID: SPDXRef-DOCUMENT
DocumentName: app
DocumentNamespace: https://example.com/app-1
Creator: Tool: syft-0.100.0
Creator: Organization: Acme
Created: 2024-01-02T03:04:05Z
DocumentComment: <text>two
lines: with a colon</text>
Relationship: SPDXRef-DOCUMENT DESCRIBES SPDXRef-app

PackageName: app
SPDXID: SPDXRef-app
PackageVersion: 9

PackageName: Django
SPDXID: SPDXRef-django
PackageVersion: 4.2.10
PackageChecksum: SHA256: AB12
ExternalRef: PACKAGE-MANAGER purl pkg:pypi/django@4.2.10

FileName: ./x.py
SPDXID: SPDXRef-file

PackageName: sqlparse
SPDXID: SPDXRef-sqlparse
ExternalRef: PACKAGE_MANAGER purl pkg:pypi/sqlparse@0.4.4
Relationship: SPDXRef-app DEPENDS_ON SPDXRef-django
Relationship: SPDXRef-sqlparse DEPENDENCY_OF SPDXRef-django

PackageName: pytest
SPDXID: SPDXRef-pytest
ExternalRef: PACKAGE-MANAGER purl pkg:pypi/pytest@8.0.0
Relationship: SPDXRef-pytest DEV_DEPENDENCY_OF SPDXRef-app
";

#[test]
fn spdx_tag_value_packages_relationships_and_creators() {
    let doc = read(SPDX_TV);
    assert_eq!(doc.info.format, DocumentFormat::SpdxTagValue);
    assert_eq!(doc.info.spec_version, "SPDX-2.3");
    assert_eq!(
        doc.info.serial.as_deref(),
        Some("https://example.com/app-1")
    );
    assert_eq!(doc.info.tools.len(), 1);
    assert_eq!(doc.info.tools[0].name, "syft");
    assert_eq!(doc.info.tools[0].version.as_deref(), Some("0.100.0"));
    assert_eq!(doc.info.subjects[0].name, "app");
    assert_eq!(
        purls(&doc),
        [
            "pkg:pypi/django@4.2.10",
            "pkg:pypi/pytest@8.0.0",
            "pkg:pypi/sqlparse@0.4.4"
        ]
    );
    assert_eq!(
        edges(&doc),
        ["pkg:pypi/django@4.2.10 -> pkg:pypi/sqlparse@0.4.4"]
    );
    let pytest = &doc.inventory.components()[1];
    assert_eq!(pytest.scope.dev, Some(true));
    assert_eq!(pytest.scope.relationship, Some(Relationship::Direct));
    assert_eq!(doc.inventory.components()[2].scope.dev, None);
    let django = &doc.inventory.components()[0];
    assert_eq!(django.ecosystem, Ecosystem::PyPI);
    assert_eq!(django.scope.relationship, Some(Relationship::Direct));
    assert_eq!(django.checksums[0].hex, "ab12");
    assert!(
        doc.inventory.diagnostics.is_empty(),
        "{:?}",
        doc.inventory.diagnostics
    );
}

#[test]
fn spdx_json_reads_like_tag_value() {
    let json = r#"{"spdxVersion": "SPDX-2.2", "SPDXID": "SPDXRef-DOCUMENT", "documentNamespace": "https://example.com/x",
      "creationInfo": {"created": "2024-01-02T03:04:05Z", "creators": ["Tool: trivy"]},
      "documentDescribes": ["SPDXRef-a", "SPDXRef-b"],
      "packages": [
        {"SPDXID": "SPDXRef-a", "name": "a", "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": "pkg:npm/%40s/a@1.0.0"}]},
        {"SPDXID": "SPDXRef-b", "name": "b", "versionInfo": "2", "checksums": [{"algorithm": "SHA1", "checksumValue": "25ed8e31b995bb927966616df2a42b979a2717f0"}],
         "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": "pkg:npm/b@2.0.0"}]},
        {"SPDXID": 7}
      ],
      "relationships": [{"spdxElementId": "SPDXRef-a", "relationshipType": "DEPENDS_ON", "relatedSpdxElement": "SPDXRef-b"}]}"#;
    let doc = read(json);
    assert_eq!(doc.info.format, DocumentFormat::SpdxJson);
    assert_eq!(doc.info.tools[0].name, "trivy");
    assert_eq!(doc.info.subjects.len(), 2);
    assert_eq!(purls(&doc), ["pkg:npm/%40s/a@1.0.0", "pkg:npm/b@2.0.0"]);
    assert_eq!(edges(&doc), ["pkg:npm/%40s/a@1.0.0 -> pkg:npm/b@2.0.0"]);
    assert_eq!(doc.inventory.diagnostics.len(), 1);
    assert_eq!(doc.inventory.diagnostics[0].level, Level::Warning);
    assert_eq!(
        doc.inventory.diagnostics[0].record.as_deref(),
        Some("packages[2]")
    );
}

#[test]
fn spdx3_packages_and_depends_on() {
    let json = r#"{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": [
      {"type": "CreationInfo", "@id": "_:ci", "specVersion": "3.0.1", "created": "2024-01-02T03:04:05Z", "createdUsing": ["urn:tool"]},
      {"type": "Tool", "spdxId": "urn:tool", "name": "bommer", "creationInfo": "_:ci"},
      {"type": "SpdxDocument", "spdxId": "urn:doc", "creationInfo": "_:ci", "rootElement": ["urn:sbom"]},
      {"type": "software_Sbom", "spdxId": "urn:sbom", "creationInfo": "_:ci", "rootElement": ["urn:app"]},
      {"type": "software_Package", "spdxId": "urn:app", "name": "app", "creationInfo": "_:ci"},
      {"type": "software_Package", "spdxId": "urn:tokio", "name": "tokio", "software_packageVersion": "1.19.2",
       "software_packageUrl": "pkg:cargo/tokio@1.19.2", "verifiedUsing": [{"type": "Hash", "algorithm": "sha256", "hashValue": "AA"}]},
      {"type": "software_Package", "spdxId": "urn:bytes", "name": "bytes",
       "externalIdentifier": [{"type": "ExternalIdentifier", "externalIdentifierType": "packageUrl", "identifier": "pkg:cargo/bytes@1.0.0"}]},
      {"type": "Relationship", "spdxId": "urn:r1", "from": "urn:app", "relationshipType": "dependsOn", "to": ["urn:tokio"]},
      {"type": "LifecycleScopedRelationship", "spdxId": "urn:r2", "from": "urn:tokio", "relationshipType": "dependsOn", "to": ["urn:bytes"]}
    ]}"#;
    let doc = read(json);
    assert_eq!(doc.info.format, DocumentFormat::Spdx3JsonLd);
    assert_eq!(doc.info.spec_version, "3.0.1");
    assert_eq!(doc.info.serial.as_deref(), Some("urn:doc"));
    assert_eq!(doc.info.tools[0].name, "bommer");
    assert_eq!(doc.info.subjects[0].name, "app");
    assert_eq!(
        purls(&doc),
        ["pkg:cargo/bytes@1.0.0", "pkg:cargo/tokio@1.19.2"]
    );
    assert_eq!(
        edges(&doc),
        ["pkg:cargo/tokio@1.19.2 -> pkg:cargo/bytes@1.0.0"]
    );
    assert_eq!(
        doc.inventory.components()[1].scope.relationship,
        Some(Relationship::Direct)
    );
}

#[test]
fn what_is_not_an_sbom_is_unrecognised_and_broken_sboms_are_malformed() {
    let p = Path::new("x/file");
    for text in [
        "",
        "   ",
        "{\"lockfileVersion\": 3, \"packages\": {}}",
        "[1, 2]",
        "<project><modelVersion>4.0.0</modelVersion></project>",
        "version = 3\n[[package]]\nname = \"a\"\n",
        "{not json",
    ] {
        let err = read_sbom(text.as_bytes(), p).unwrap_err();
        assert!(
            matches!(err, SbomReadError::Unrecognised { .. }),
            "{text:?}: {err}"
        );
        assert!(
            err.to_string().starts_with("x/file: not a CycloneDX"),
            "{err}"
        );
    }
    for (text, format) in [
        (
            r#"{"bomFormat": "CycloneDX", "specVersion": 1.4}"#,
            "CycloneDX JSON",
        ),
        (
            r#"{"bomFormat": "CycloneDX", "specVersion": "1.4", "components": {}}"#,
            "CycloneDX JSON",
        ),
        (
            "<bom xmlns=\"http://cyclonedx.org/schema/bom/1.4\"><components>",
            "CycloneDX XML",
        ),
        (r#"{"spdxVersion": "SPDX-2.3", "packages": 3}"#, "SPDX JSON"),
        (
            "SPDXVersion: SPDX-2.3\nDocumentComment: <text>never closed\n",
            "SPDX tag-value",
        ),
    ] {
        let err = read_sbom(text.as_bytes(), p).unwrap_err();
        assert!(
            err.to_string()
                .starts_with(&format!("x/file: malformed {format} document: ")),
            "{text:?}: {err}"
        );
    }
}

#[test]
fn the_vouch_ecosystem_property_tells_debian_from_ubuntu() {
    let json = r#"{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [
      {"type": "library", "name": "curl", "purl": "pkg:deb/curl@8", "properties": [{"name": "vouch:ecosystem", "value": "Ubuntu"}]},
      {"type": "library", "name": "curl", "purl": "pkg:deb/curl@8", "properties": [{"name": "vouch:ecosystem", "value": "npm"}]}
    ]}"#;
    let doc = read(json);
    let ecosystems: Vec<Ecosystem> = doc
        .inventory
        .components()
        .iter()
        .map(|c| c.ecosystem)
        .collect();
    assert_eq!(ecosystems, [Ecosystem::Debian, Ecosystem::Ubuntu]);
}

#[test]
fn only_json_xml_and_tag_value_may_be_sboms() {
    use super::may_be_sbom;
    assert!(may_be_sbom(b"\xEF\xBB\xBF  {\"bomFormat\""));
    assert!(may_be_sbom(b"\n<?xml version=\"1.0\"?>"));
    assert!(may_be_sbom(b"## comment\nSPDXVersion: SPDX-2.3\n"));
    assert!(!may_be_sbom(b"app/Cargo.lock\0\0\0\0"), "a tar header");
    assert!(!may_be_sbom(b"\x1f\x8b\x08\0"), "gzip");
    assert!(!may_be_sbom(b"   "));
}

#[test]
fn bsi_file_evidence_is_read_from_cyclonedx_and_spdx() {
    let sha512 = "a".repeat(128);
    let cdx = format!(
        r#"{{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [
          {{"type": "application", "name": "tool", "version": "1.0", "purl": "pkg:golang/example.com/tool@v1.0.0",
           "externalReferences": [{{"type": "distribution", "url": "opt/my%20tool",
             "hashes": [{{"alg": "SHA-512", "content": "{sha512}"}}]}}],
           "properties": [{{"name": "bsi:component:filename", "value": "my tool"}},
             {{"name": "bsi:component:executable", "value": "executable"}},
             {{"name": "bsi:component:archive", "value": "no archive"}},
             {{"name": "bsi:component:structured", "value": "structured"}}]}},
          {{"type": "library", "name": "text", "purl": "pkg:golang/golang.org/x/text@v0.14.0",
           "properties": [{{"name": "bsi:component:filename", "value": "my tool"}},
             {{"name": "vouch:delivered-in", "value": "opt/my tool"}}]}},
          {{"type": "library", "name": "regex", "purl": "pkg:cargo/regex@1.5.4"}}]}}"#
    );
    let doc = read(&cdx);
    let file = |purl: &str| {
        doc.inventory
            .components()
            .iter()
            .find(|c| c.purl.as_str() == purl)
            .unwrap()
            .file
            .clone()
    };
    let tool = file("pkg:golang/example.com/tool@v1.0.0").unwrap();
    assert_eq!(
        (tool.path.as_path(), tool.role),
        (Path::new("opt/my tool"), FileRole::Is)
    );
    let evidence = tool.evidence.unwrap();
    assert_eq!(evidence.sha512.as_deref(), Some(sha512.as_str()));
    assert_eq!(evidence.sha256, None);
    assert!(evidence.executable && !evidence.archive && evidence.structured);
    let text = file("pkg:golang/golang.org/x/text@v0.14.0").unwrap();
    assert_eq!(
        (text.path.as_path(), text.role, text.evidence),
        (Path::new("opt/my tool"), FileRole::In, None)
    );
    assert_eq!(file("pkg:cargo/regex@1.5.4"), None);

    let spdx = format!(
        "SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\nSPDXID: SPDXRef-DOCUMENT\n\
         DocumentName: d\nDocumentNamespace: https://example.com/d\n\
         Creator: Tool: t-1\nCreated: 2024-01-01T00:00:00Z\n\n\
         PackageName: app\nSPDXID: SPDXRef-app\nPackageVersion: 2.0\n\
         PackageFileName: app-2.0.jar\nPackageChecksum: SHA512: {sha512}\n\
         ExternalRef: PACKAGE-MANAGER purl pkg:maven/org.acme/app@2.0\n"
    );
    let doc = read(&spdx);
    let app = doc.inventory.components()[0].file.clone().unwrap();
    assert_eq!(
        (app.path.as_path(), app.role),
        (Path::new("app-2.0.jar"), FileRole::Is)
    );
    assert_eq!(
        app.evidence.unwrap().sha512.as_deref(),
        Some(sha512.as_str())
    );
}
