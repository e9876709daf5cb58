//! Same inventory and metadata, same bytes; the derived serial depends on the content only.

use vouch_sbom::{SerialNumber, cyclonedx_json};

use crate::support::{comp, meta, small_inventory};

fn serial(json: &str) -> String {
    let bom: serde_json::Value = serde_json::from_str(json).unwrap();
    bom["serialNumber"].as_str().unwrap().to_owned()
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let a = cyclonedx_json(&small_inventory(), &meta()).unwrap();
    let b = cyclonedx_json(&small_inventory(), &meta()).unwrap();
    assert_eq!(a, b);
    assert!(a.ends_with("}\n"));
}

#[test]
fn the_derived_serial_ignores_the_timestamp_but_not_the_components() {
    let first = serial(&cyclonedx_json(&small_inventory(), &meta()).unwrap());
    assert!(first.starts_with("urn:uuid:"), "{first}");

    let mut later = meta();
    later.timestamp = "2027-01-01T00:00:00Z".parse().unwrap();
    assert_eq!(
        serial(&cyclonedx_json(&small_inventory(), &later).unwrap()),
        first
    );

    let mut more = small_inventory();
    more.add(comp(
        vouch_model::Ecosystem::CratesIo,
        "anyhow",
        Some("1.0.0"),
        "Cargo.lock",
        None,
    ));
    more.finish();
    assert_ne!(serial(&cyclonedx_json(&more, &meta()).unwrap()), first);

    let mut renamed = meta();
    renamed.component_name = "other-delivery".into();
    assert_ne!(
        serial(&cyclonedx_json(&small_inventory(), &renamed).unwrap()),
        first
    );
}

#[test]
fn a_given_serial_is_used_as_is() {
    let mut m = meta();
    m.serial = Some(
        "3E671687-395B-41F5-A30F-A58921A69B79"
            .parse::<SerialNumber>()
            .unwrap(),
    );
    assert_eq!(
        serial(&cyclonedx_json(&small_inventory(), &m).unwrap()),
        "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79"
    );
}

#[test]
fn a_small_bom_snapshot() {
    insta::assert_snapshot!(cyclonedx_json(&small_inventory(), &meta()).unwrap());
}
