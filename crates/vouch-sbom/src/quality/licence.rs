//! Whether a licence text has the form of an SPDX license expression (SPDX 2.3 Annex D, the
//! same grammar SPDX 3 and CycloneDX `expression` use). The form only: whether each identifier
//! is on the SPDX License List is not checked, so `MIT`, `LicenseRef-acme` and
//! `(Apache-2.0 OR MIT) AND BSD-3-Clause WITH LLVM-exception` pass and `Apache License 2.0` fails.

/// Whether `text` parses as a license expression.
pub(crate) fn is_spdx_expression(text: &str) -> bool {
    let tokens = tokens(text);
    let mut parser = Parser { tokens, at: 0 };
    parser.expression(0) && parser.at == parser.tokens.len()
}

fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for word in text.split_whitespace() {
        let mut rest = word;
        while !rest.is_empty() {
            match rest.find(['(', ')']) {
                Some(0) => {
                    out.push(&rest[..1]);
                    rest = &rest[1..];
                }
                Some(i) => {
                    out.push(&rest[..i]);
                    rest = &rest[i..];
                }
                None => {
                    out.push(rest);
                    rest = "";
                }
            }
        }
    }
    out
}

/// Nesting deeper than this is refused rather than recursed into (hostile input).
const MAX_DEPTH: usize = 64;

struct Parser<'a> {
    tokens: Vec<&'a str>,
    at: usize,
}

impl Parser<'_> {
    fn next(&mut self) -> Option<&str> {
        let t = self.tokens.get(self.at).copied();
        self.at += 1;
        t
    }

    fn peek(&self) -> Option<&str> {
        self.tokens.get(self.at).copied()
    }

    /// `term (("AND" | "OR") term)*`.
    fn expression(&mut self, depth: usize) -> bool {
        if !self.term(depth) {
            return false;
        }
        while self
            .peek()
            .is_some_and(|t| is_operator(t, "AND") || is_operator(t, "OR"))
        {
            self.at += 1;
            if !self.term(depth) {
                return false;
            }
        }
        true
    }

    /// `"(" expression ")"` or `simple ["WITH" exception]`.
    fn term(&mut self, depth: usize) -> bool {
        match self.next() {
            Some("(") => {
                depth < MAX_DEPTH && self.expression(depth + 1) && self.next() == Some(")")
            }
            Some(t) if is_simple(t) => {
                if self.peek().is_some_and(|t| is_operator(t, "WITH")) {
                    self.at += 1;
                    return self.next().is_some_and(is_idstring);
                }
                true
            }
            _ => false,
        }
    }
}

fn is_operator(token: &str, op: &str) -> bool {
    token == op || token.eq_ignore_ascii_case(op) && token == op.to_ascii_lowercase()
}

/// `idstring ["+"]`, `["DocumentRef-" idstring ":"] "LicenseRef-" idstring`; not an operator.
fn is_simple(token: &str) -> bool {
    if ["AND", "OR", "WITH"]
        .iter()
        .any(|op| is_operator(token, op))
    {
        return false;
    }
    if let Some((document, licence)) = token.split_once(':') {
        return document
            .strip_prefix("DocumentRef-")
            .is_some_and(is_idstring)
            && licence.strip_prefix("LicenseRef-").is_some_and(is_idstring);
    }
    is_idstring(token.strip_suffix('+').unwrap_or(token))
}

/// `1*(ALPHA / DIGIT / "-" / ".")`.
fn is_idstring(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
}

#[cfg(test)]
mod tests {
    use super::is_spdx_expression;

    #[test]
    fn expressions_by_the_grammar() {
        for ok in [
            "MIT",
            "Apache-2.0+",
            "LicenseRef-acme-1",
            "DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2",
            "MIT OR Apache-2.0",
            "(MIT OR Apache-2.0) AND BSD-3-Clause",
            "GPL-2.0-or-later WITH Classpath-exception-2.0",
            "((MIT))",
            "mit or apache-2.0",
        ] {
            assert!(is_spdx_expression(ok), "{ok}");
        }
        for bad in [
            "",
            "Apache License 2.0",
            "MIT OR",
            "(MIT",
            "MIT)",
            "AND",
            "MIT WITH",
            "BSD/MIT",
            "LicenseRef-a:LicenseRef-b",
            "Mit And Bsd",
        ] {
            assert!(!is_spdx_expression(bad), "{bad}");
        }
        let deep = format!("{}MIT{}", "(".repeat(100), ")".repeat(100));
        assert!(!is_spdx_expression(&deep));
    }
}
