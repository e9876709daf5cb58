//! Installed packages (no lockfile): Python distribution metadata, node_modules package.json,
//! installed gemspecs, Composer's installed.json, against osv-scalibr's own test tables.

// Test code: case counts go to stderr.
#![allow(clippy::print_stderr)]

use crate::conformance::{Compare, default_view, run_all, scalibr};

fn conform(label: &str, expected: &str, cataloger: &str, deviations: &[(&str, &str)]) {
    let Some(corpus) = vouch_testkit::corpus_or_skip(label) else {
        return;
    };
    let cases = scalibr(&corpus, expected);
    let ran = run_all(
        &cases,
        &Compare {
            cataloger,
            view: &default_view,
            groups: false,
            lines: true,
            transitive: false,
        },
        deviations,
    );
    eprintln!("{label}: {ran} of {} cases ran", cases.len());
    assert!(ran > 0);
}

#[test]
fn python_metadata_conforms_to_osv_scalibr() {
    conform(
        "python installed",
        "language/python/wheelegg.json",
        "python-installed",
        &[],
    );
}

#[test]
fn node_modules_package_json_conforms_to_osv_scalibr() {
    conform(
        "node_modules package.json",
        "language/javascript/packagejson.json",
        "node-modules-package",
        &[
            (
                "language/javascript/packagejson.json::package_with_dependencies",
                "osv-scalibr also lists the packages named in `dependencies` when pinned exactly; an installed package's dependencies are installed packages with their own package.json, which vouch reads there, so a declaration is not counted twice",
            ),
            (
                "language/javascript/packagejson.json::duplicate_keys_in_dev_deps",
                "as package_with_dependencies: declared dependencies are not components of their own",
            ),
        ],
    );
}

const REASON: &str = "version constant in another file: installed gemspecs (specifications/, what vouch claims) state the version literally; a gemspec that computes it is a project's source gemspec, which is not evaluated";

#[test]
fn installed_gemspecs_conform_to_osv_scalibr() {
    conform(
        "installed gemspec",
        "language/ruby/gemspec.json",
        "gemspec-installed",
        &[
            (
                "language/ruby/gemspec.json::version constant gemspec",
                REASON,
            ),
            (
                "language/ruby/gemspec.json::version constant with freeze",
                REASON,
            ),
            (
                "language/ruby/gemspec.json::version inline constant",
                REASON,
            ),
            (
                "language/ruby/gemspec.json::version constant via File.join",
                REASON,
            ),
            (
                "language/ruby/gemspec.json::version constant via File.join multiline",
                REASON,
            ),
            (
                "language/ruby/gemspec.json::version constant via File.expand_path",
                REASON,
            ),
            (
                "language/ruby/gemspec.json::version constant via File.dirname",
                REASON,
            ),
            (
                "language/ruby/gemspec.json::version constant via require",
                REASON,
            ),
            (
                "language/ruby/gemspec.json::version constant via conditional require",
                REASON,
            ),
            (
                "language/ruby/gemspec.json::version constant via nested File.expand_path and File.join",
                REASON,
            ),
            ("language/ruby/gemspec.json::version constant class", REASON),
            (
                "language/ruby/gemspec.json::version constant different casing",
                REASON,
            ),
        ],
    );
}
