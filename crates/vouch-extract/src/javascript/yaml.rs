//! A YAML document as a tree that keeps the line of every mapping key, read with serde-saphyr
//! (whose budgets bound nesting and alias expansion). yarn berry and pnpm lockfiles are read into
//! it so that one odd entry can be skipped with a diagnostic instead of failing the whole file.

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

/// serde-saphyr's default budget (250,000 nodes, 1,000,000 events) refuses real pnpm and berry
/// lockfiles of 20,000+ packages. Nodes and events that the text itself spells out are bounded
/// by its length, so those two limits grow with it (a node takes at least two bytes, a node at
/// most three events); the limits against alias expansion, nesting and total size stay.
fn options(len: usize) -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_nodes = budget.max_nodes.max(len / 2);
    budget.max_events = budget.max_events.max(len.saturating_mul(3) / 2);
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options
}

/// One YAML node. Scalars keep their text (numbers and booleans as YAML resolved them).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    Null,
    Scalar(String),
    Seq(Vec<Node>),
    /// Entries in document order, each with its key's 1-based line (`None` where unknown).
    Map(Vec<Entry>),
}

/// One mapping entry.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Entry {
    pub(crate) key: String,
    pub(crate) line: Option<u32>,
    pub(crate) value: Node,
}

impl Node {
    /// Parses a YAML document; the message carries the parser's line and column.
    pub(crate) fn parse(text: &str) -> Result<Node, String> {
        serde_saphyr::from_str_with_options::<Node>(text, options(text.len())).map_err(|e| {
            // The parser's message can run over several lines with a source excerpt; the first
            // line says what and where.
            e.to_string()
                .lines()
                .next()
                .unwrap_or("invalid YAML")
                .to_owned()
        })
    }

    /// The entries of a mapping (none for anything else).
    pub(crate) fn entries(&self) -> &[Entry] {
        match self {
            Node::Map(entries) => entries,
            _ => &[],
        }
    }

    /// The value of `key` in a mapping.
    pub(crate) fn get(&self, key: &str) -> Option<&Node> {
        self.entries()
            .iter()
            .find(|e| e.key == key)
            .map(|e| &e.value)
    }

    /// The text of a scalar.
    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Node::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// The text of the scalar at `key`.
    pub(crate) fn str_at(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Node::as_str)
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a YAML node")
    }
    fn visit_str<E>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Scalar(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Node, E> {
        Ok(Node::Scalar(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Scalar(v.to_string()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Scalar(v.to_string()))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Node, E> {
        Ok(Node::Scalar(v.to_string()))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Node, E> {
        Ok(Node::Scalar(v.to_string()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Scalar(v.to_string()))
    }
    fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Scalar(v.to_string()))
    }
    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        Node::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<String>>()? {
            let value = map.next_value()?;
            let line = u32::try_from(key.referenced.line()).ok().filter(|&l| l > 0);
            entries.push(Entry {
                key: key.value,
                line,
                value,
            });
        }
        Ok(Node::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_keep_their_lines_and_order() {
        let doc = Node::parse("a: 1\n\"b c\":\n  d: true\n  e: ~\n").unwrap();
        let keys: Vec<_> = doc
            .entries()
            .iter()
            .map(|e| (e.key.as_str(), e.line))
            .collect();
        assert_eq!(keys, [("a", Some(1)), ("b c", Some(2))]);
        let b = doc.get("b c").unwrap();
        assert_eq!(b.str_at("d"), Some("true"));
        assert_eq!(b.get("e"), Some(&Node::Null));
        assert_eq!(doc.str_at("a"), Some("1"));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let flow = format!("a: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        assert!(Node::parse(&flow).is_err());
        let block: String = (0..5_000)
            .map(|i| format!("{}a:\n", " ".repeat(i)))
            .collect();
        assert!(Node::parse(&block).is_err());
    }

    #[test]
    fn bad_yaml_is_one_line_with_a_position() {
        let err = Node::parse("a: [\n").unwrap_err();
        assert!(err.contains("line 1"), "{err}");
        assert!(!err.contains('\n'));
    }
}
