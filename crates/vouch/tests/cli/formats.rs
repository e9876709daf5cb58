//! `vouch check --format markdown`, `junit` and `html` on the delivery RustSec lists: the exit
//! code still says the check failed, and the output is what a PR comment, a CI test view or a
//! reader of the printed page reads.

use crate::support::{filters, rustsec_db, stderr, stdout, vouch, vulnerable_delivery};

fn check(format: &str) -> Option<(Option<i32>, String)> {
    let corpus = vouch_testkit::corpus_or_skip(&format!("check --format {format}"))?;
    let delivery = vulnerable_delivery();
    let out = vouch()
        .args(["--offline", "--db"])
        .arg(rustsec_db(&corpus))
        .args(["check", "--format", format])
        .arg(delivery.path())
        .output()
        .unwrap();
    assert!(out.stderr.is_empty() || !stderr(&out).contains("error["));
    Some((out.status.code(), stdout(&out)))
}

#[test]
fn check_markdown_fails_clause_3_2_and_lists_the_findings() {
    let Some((code, md)) = check("markdown") else {
        return;
    };
    assert_eq!(code, Some(1));
    assert!(md.starts_with("## vouch check: FAIL"), "{md}");
    insta::with_settings!({ filters => filters() }, {
        insta::assert_snapshot!(md);
    });
}

#[test]
fn check_junit_parses_and_fails_the_vulnerability_check() {
    let Some((code, xml)) = check("junit") else {
        return;
    };
    assert_eq!(code, Some(1));
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let cases: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(
        root.attribute("tests"),
        Some(cases.len().to_string().as_str())
    );
    let failed: Vec<(&str, &str)> = cases
        .iter()
        .filter(|c| c.children().any(|e| e.has_tag_name("failure")))
        .map(|c| {
            (
                c.attribute("classname").unwrap(),
                c.attribute("name").unwrap(),
            )
        })
        .collect();
    assert_eq!(failed, [("3.2", "no-known-vulnerabilities")]);
    assert_eq!(root.attribute("failures"), Some("1"));
    let failure = doc
        .descendants()
        .find(|n| n.has_tag_name("failure"))
        .unwrap()
        .text()
        .unwrap();
    for id in [
        "RUSTSEC-2020-0071",
        "RUSTSEC-2021-0003",
        "RUSTSEC-2022-0013",
    ] {
        assert!(failure.contains(id), "{id} not in {failure}");
    }
}

#[test]
fn check_html_is_one_page_with_the_failed_clause_and_linked_findings() {
    let Some((code, html)) = check("html") else {
        return;
    };
    assert_eq!(code, Some(1));
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    assert!(
        html.contains("<tr data-clause=\"3.2\" data-status=\"fail\">"),
        "{html}"
    );
    for id in [
        "RUSTSEC-2020-0071",
        "RUSTSEC-2021-0003",
        "RUSTSEC-2022-0013",
    ] {
        assert!(html.contains(&format!(">{id}</a>")), "{id} not linked");
    }
}
