//! The quality check on real SBOMs: spec test and example documents judged by hand, every
//! corpus document judged without error and with consistent counts, and vouch's own CycloneDX
//! holding every NTIA minimum element it can know.

use std::path::Path;

use vouch_sbom::{
    ProfileQuality, QualityField, QualityProfile, QualityReport, Requirement, SbomReadError,
    cyclonedx_json, sbom_quality,
};

use crate::support::meta;

fn judge(path: &Path) -> QualityReport {
    let bytes = fs_err::read(path).unwrap();
    sbom_quality(&bytes, path, &QualityProfile::ALL).unwrap()
}

fn profile(report: &QualityReport, profile: QualityProfile) -> &ProfileQuality {
    report
        .profiles
        .iter()
        .find(|p| p.profile == profile)
        .unwrap()
}

/// `(passed, checked, score)`.
fn score(p: &ProfileQuality) -> (usize, usize, f64) {
    (p.score.passed, p.score.checked, p.score.score)
}

/// Each component lacking required fields: `record: field, field`.
fn lacking(p: &ProfileQuality) -> Vec<String> {
    p.components
        .iter()
        .map(|c| {
            let fields: Vec<&str> = c
                .issues
                .iter()
                .filter(|i| i.requirement == Requirement::Required)
                .map(|i| i.field.as_str())
                .collect();
            format!("{}: {}", c.record, fields.join(", "))
        })
        .collect()
}

#[test]
fn the_cyclonedx_1_6_spec_bom_by_hand() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("quality of valid-bom-1.6") else {
        return;
    };
    let report = judge(&corpus.join("sbom/cyclonedx-spec-tests/1.6/valid-bom-1.6.json"));
    assert_eq!(
        report.components, 4,
        "metadata.component and three components"
    );
    // NTIA: 2 + 4 × 5 checks. Every component has a supplier, manufacturer or author, a name,
    // a version and a purl or SWID; only tomcat-catalina → mylibrary is in the graph.
    let ntia = profile(&report, QualityProfile::Ntia);
    assert_eq!(score(ntia), (20, 22, 90.9));
    assert_eq!(
        lacking(ntia),
        [
            "metadata.component: dependency-relationship",
            "components[2]: dependency-relationship"
        ]
    );
    // BSI: 3 + 4 × 10 checks. The document has all three; only mylibrary's supplier and the
    // described component's (`metadata.supplier`) have a URL, tomcat-catalina alone enumerates
    // its dependencies, no licence is acknowledged, the SHA-512s are on the components rather
    // than a distribution reference, and no BSI property is set: 3 + 2 + 4 + 4 + 1.
    let bsi = profile(&report, QualityProfile::BsiTr03183_2);
    assert_eq!(score(bsi), (14, 43, 32.6));
    assert!(bsi.document.iter().all(|c| c.status.is_present()));
    // The XML twin says the same.
    let xml = judge(&corpus.join("sbom/cyclonedx-spec-tests/1.6/valid-bom-1.6.xml"));
    assert_eq!(score(profile(&xml, QualityProfile::Ntia)), (20, 22, 90.9));
    assert_eq!(
        score(profile(&xml, QualityProfile::BsiTr03183_2)),
        (14, 43, 32.6)
    );
    let hash = bsi
        .fields
        .iter()
        .find(|c| c.field == QualityField::DeployableHash)
        .unwrap();
    assert_eq!((hash.present, hash.missing, hash.wrong_form), (0, 1, 3));
}

#[test]
fn the_spdx_2_3_example_by_hand_in_both_encodings() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("quality of the SPDX 2.3 example") else {
        return;
    };
    let dir = corpus.join("sbom/spdx-2.3-spec-examples");
    let json = judge(&dir.join("SPDXJSONExample-v2.3.spdx.json"));
    let tag_value = judge(&dir.join("SPDXTagExample-v2.3.spdx"));
    for report in [&json, &tag_value] {
        // NTIA: 2 + 4 × 5. Only glibc names a supplier (Jane Doe); Apache Commons Lang has no
        // version; it and Saxon no purl or CPE; glibc and Saxon (its DYNAMIC_LINK) are in
        // the graph.
        let ntia = profile(report, QualityProfile::Ntia);
        assert_eq!(score(ntia), (14, 22, 63.6));
        let bsi = profile(report, QualityProfile::BsiTr03183_2);
        assert_eq!(
            bsi.document
                .iter()
                .map(|c| (c.field, c.status.is_present()))
                .collect::<Vec<_>>(),
            [
                // `Person: Jane Doe ()` and `Organization: ExampleCodeInc.` give no contact.
                (QualityField::SbomCreator, false),
                (QualityField::Timestamp, true),
                (QualityField::SpecVersion, false),
                (QualityField::SbomUri, true),
            ]
        );
        assert_eq!(score(bsi), (14, 43, 32.6));
    }
    let records = |r: &QualityReport| -> Vec<Option<String>> {
        profile(r, QualityProfile::Ntia)
            .components
            .iter()
            .map(|c| c.name.clone())
            .collect()
    };
    assert_eq!(records(&json), records(&tag_value));
}

#[test]
fn the_spdx_3_example_by_hand() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("quality of the SPDX 3 example") else {
        return;
    };
    let report = judge(&corpus.join("sbom/spdx-3.0-example/package_sbom.json"));
    assert_eq!(report.components, 1);
    // my-package: originatedBy Joshua Watt (with an e-mail), a name and a version; no purl;
    // it `contains` only a file, which is its content, not a dependency.
    let ntia = profile(&report, QualityProfile::Ntia);
    assert_eq!(score(ntia), (5, 7, 71.4));
    assert_eq!(
        lacking(ntia),
        ["@graph[4]: unique-identifier, dependency-relationship"]
    );
    // SPDX 3.0.1 and a creator with an e-mail address: the document passes.
    let bsi = profile(&report, QualityProfile::BsiTr03183_2);
    assert!(bsi.document.iter().all(|c| c.status.is_present()));
    assert_eq!(score(bsi), (6, 13, 46.2));
}

#[test]
fn every_corpus_sbom_is_judged_with_consistent_counts() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("quality over the corpus") else {
        return;
    };
    let mut paths = Vec::new();
    crate::read_conformance::walk(&corpus.join("sbom"), &mut paths);
    let mut judged = 0;
    for path in paths {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let cyclonedx =
            (name.ends_with(".json") || name.ends_with(".xml")) && !name.starts_with("invalid-");
        if !(cyclonedx || name.ends_with(".spdx")) {
            continue;
        }
        let bytes = fs_err::read(&path).unwrap();
        let report = match sbom_quality(&bytes, &path, &QualityProfile::ALL) {
            Ok(r) => r,
            // SPDX RDF/XML and YAML, and JSON files that are no SBOM, are not read.
            Err(vouch_sbom::QualityError::Read(SbomReadError::Unrecognised { .. })) => continue,
            Err(e) => panic!("{e}"),
        };
        for p in &report.profiles {
            let (document, component) = match p.profile {
                QualityProfile::Ntia => (2, 5),
                _ => (3, 10),
            };
            assert_eq!(
                p.score.checked,
                document + component * report.components,
                "{}",
                path.display()
            );
            assert!(p.score.passed <= p.score.checked);
            assert!((0.0..=100.0).contains(&p.score.score));
            for f in &p.fields {
                assert_eq!(f.present + f.missing + f.wrong_form, report.components);
            }
        }
        judged += 1;
    }
    assert!(judged >= 250, "only {judged} documents judged");
}

#[test]
fn vouchs_own_cyclonedx_has_every_ntia_element_it_can_know() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("quality of vouch's own SBOM") else {
        return;
    };
    // An npm project with a dependency graph.
    let one = tempfile::tempdir().unwrap();
    fs_err::copy(
        corpus.join("lockfiles/osv-scanner-v1.9.2/fixtures/npm/nested-dependencies.v2.json"),
        one.path().join("package-lock.json"),
    )
    .unwrap();
    let inventory = vouch_extract::scan(one.path(), &Default::default());
    assert_eq!(inventory.len(), 5);
    let judge = |supplier: Option<vouch_sbom::Supplier>| {
        let mut metadata = meta();
        metadata.supplier = supplier;
        let bom = cyclonedx_json(&inventory, &metadata).unwrap();
        sbom_quality(bom.as_bytes(), Path::new("bom.json"), &QualityProfile::ALL).unwrap()
    };
    let lacking = |report: &QualityReport| -> Vec<(String, Vec<QualityField>)> {
        profile(report, QualityProfile::Ntia)
            .components
            .iter()
            .map(|c| {
                let fields = c.issues.iter().map(|i| i.field).collect();
                (c.record.clone(), fields)
            })
            .collect()
    };
    let supplier = QualityField::Supplier;
    // What vouch cannot know: who supplies each package (a lockfile does not say), and a
    // unique identifier of the delivery itself (a directory has no purl). Its supplier comes
    // from vouch.toml's organisation.
    let with = judge(Some(vouch_sbom::Supplier {
        name: "Acme".into(),
        url: Some("https://acme.example".into()),
    }));
    assert_eq!(with.components, 6);
    let expected: Vec<(String, Vec<QualityField>)> = std::iter::once((
        "metadata.component".to_owned(),
        vec![QualityField::UniqueIdentifier],
    ))
    .chain((0..5).map(|i| (format!("components[{i}]"), vec![supplier])))
    .collect();
    assert_eq!(lacking(&with), expected);
    let ntia = profile(&with, QualityProfile::Ntia);
    assert!(ntia.document.iter().all(|c| c.status.is_present()));
    assert_eq!(score(ntia), (26, 32, 81.3));
    // CycloneDX 1.6, a timestamp and the supplier's URL as the SBOM's creator.
    let bsi = profile(&with, QualityProfile::BsiTr03183_2);
    assert!(
        bsi.document.iter().all(|c| c.status.is_present()),
        "{:?}",
        bsi.document
    );

    // The SPDX 2.3 writer: the same, package by package (the delivery's package, without a
    // dependency recorded for it here, also lacks a relationship and a purl).
    let spdx = vouch_sbom::spdx_json(&inventory, &meta()).unwrap();
    let report = sbom_quality(
        spdx.as_bytes(),
        Path::new("bom.spdx.json"),
        &[QualityProfile::Ntia],
    )
    .unwrap();
    let ntia = &report.profiles[0];
    assert!(ntia.document.iter().all(|c| c.status.is_present()));
    assert_eq!(
        lacking(&report)[1..],
        (1..6)
            .map(|i| (format!("packages[{i}]"), vec![supplier]))
            .collect::<Vec<_>>()[..]
    );

    // Without vouch.toml, the delivery has no supplier either; the tool is the SBOM's author.
    let without = judge(None);
    assert_eq!(
        lacking(&without)[0],
        (
            "metadata.component".to_owned(),
            vec![supplier, QualityField::UniqueIdentifier]
        )
    );
    assert!(
        profile(&without, QualityProfile::Ntia)
            .document
            .iter()
            .all(|c| c.status.is_present())
    );
}
