//! A reader for the subset of Elixir term syntax that `mix.lock` is written in: a map literal
//! (`%{...}`) of tuples, lists, keyword lists, atoms, strings and numbers. Mix writes the file
//! with `inspect/2` (`Mix.Dep.Lock.write/2`), so nothing else (calls, sigils, operators) occurs;
//! anything else is an error with its line. Nesting is bounded, so hostile input cannot
//! exhaust the stack.

/// How deep terms may nest; mix writes at most five levels.
const MAX_DEPTH: usize = 64;

/// One term, with the byte offset where it starts.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Term {
    pub(crate) at: usize,
    pub(crate) kind: Kind,
}

/// The kinds of term mix writes.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Kind {
    /// `%{key => value, key: value}`; entries in file order.
    Map(Vec<(Term, Term)>),
    /// `{a, b}`.
    Tuple(Vec<Term>),
    /// `[a, b]`; a keyword entry `key: value` becomes the tuple `{:key, value}`.
    List(Vec<Term>),
    /// `:name`, `:"quoted name"`, or a bare `true`/`false`/`nil`.
    Atom(String),
    /// `"text"`, escapes resolved.
    Str(String),
    /// A number, as written.
    Number(String),
}

impl Term {
    /// The text of a string or atom.
    pub(crate) fn text(&self) -> Option<&str> {
        match &self.kind {
            Kind::Str(s) | Kind::Atom(s) => Some(s),
            _ => None,
        }
    }
}

/// Why the text is not a term; `at` is a byte offset.
#[derive(Debug, PartialEq)]
pub(crate) struct SyntaxError {
    pub(crate) at: usize,
    pub(crate) message: String,
}

/// Parses `text` as one term followed only by white space and comments.
pub(crate) fn parse(text: &str) -> Result<Term, SyntaxError> {
    let mut p = Parser { text, pos: 0 };
    let term = p.term(0)?;
    p.skip_space();
    if p.pos < text.len() {
        return Err(p.error("unexpected text after the term"));
    }
    Ok(term)
}

struct Parser<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Parser<'a> {
    fn error(&self, message: &str) -> SyntaxError {
        SyntaxError {
            at: self.pos,
            message: message.to_owned(),
        }
    }

    fn rest(&self) -> &'a str {
        self.text.get(self.pos..).unwrap_or_default()
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn skip_space(&mut self) {
        loop {
            let rest = self.rest();
            let trimmed = rest.trim_start();
            self.pos += rest.len() - trimmed.len();
            if trimmed.starts_with('#') {
                self.pos += trimmed.find('\n').unwrap_or(trimmed.len());
            } else {
                return;
            }
        }
    }

    fn eat(&mut self, token: &str) -> bool {
        if self.rest().starts_with(token) {
            self.pos += token.len();
            true
        } else {
            false
        }
    }

    fn term(&mut self, depth: usize) -> Result<Term, SyntaxError> {
        if depth > MAX_DEPTH {
            return Err(self.error("terms nest too deeply"));
        }
        self.skip_space();
        let at = self.pos;
        let kind = if self.eat("%{") {
            Kind::Map(self.map_entries(depth)?)
        } else if self.eat("{") {
            Kind::Tuple(self.items('}', depth)?)
        } else if self.eat("[") {
            Kind::List(self.items(']', depth)?)
        } else if self.eat(":") {
            if self.peek() == Some('"') {
                Kind::Atom(self.string()?)
            } else {
                let name = self.identifier();
                if name.is_empty() {
                    return Err(self.error("expected an atom name after `:`"));
                }
                Kind::Atom(name.to_owned())
            }
        } else if self.peek() == Some('"') {
            Kind::Str(self.string()?)
        } else if self
            .peek()
            .is_some_and(|c| c.is_ascii_digit() || c == '-' || c == '+')
        {
            let rest = self.rest();
            let len = rest
                .char_indices()
                .skip(1)
                .find(|&(_, c)| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_')))
                .map_or(rest.len(), |(i, _)| i);
            self.pos += len;
            Kind::Number(rest[..len].to_owned())
        } else {
            match self.identifier() {
                word @ ("true" | "false" | "nil") => Kind::Atom(word.to_owned()),
                "" => return Err(self.error("expected a term")),
                _ => {
                    self.pos = at;
                    return Err(self.error("expected a term, found a name"));
                }
            }
        };
        Ok(Term { at, kind })
    }

    /// An identifier or atom name: letters, digits, `_`, `@`, and a final `?` or `!`.
    fn identifier(&mut self) -> &'a str {
        let rest = self.rest();
        let mut len = rest
            .char_indices()
            .find(|&(_, c)| !(c.is_alphanumeric() || c == '_' || c == '@'))
            .map_or(rest.len(), |(i, _)| i);
        if len > 0 && rest[len..].starts_with(['?', '!']) {
            len += 1;
        }
        self.pos += len;
        &rest[..len]
    }

    /// A double-quoted string; the opening quote is next.
    fn string(&mut self) -> Result<String, SyntaxError> {
        let start = self.pos;
        self.pos += 1;
        let mut out = String::new();
        let mut chars = self.rest().char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => {
                    self.pos += i + 1;
                    return Ok(out);
                }
                '\\' => match chars.next() {
                    Some((_, 'n')) => out.push('\n'),
                    Some((_, 't')) => out.push('\t'),
                    Some((_, 'r')) => out.push('\r'),
                    Some((_, other)) => out.push(other),
                    None => break,
                },
                // Interpolation never occurs in an inspected term; keep the text as it is.
                c => out.push(c),
            }
        }
        self.pos = start;
        Err(self.error("unterminated string"))
    }

    /// The items of a tuple or list up to `close`; `key: value` items become `{:key, value}`.
    fn items(&mut self, close: char, depth: usize) -> Result<Vec<Term>, SyntaxError> {
        let mut items = Vec::new();
        loop {
            self.skip_space();
            if self.peek() == Some(close) {
                self.pos += 1;
                return Ok(items);
            }
            if let Some((key, at)) = self.keyword_key()? {
                let value = self.term(depth + 1)?;
                items.push(Term {
                    at,
                    kind: Kind::Tuple(vec![
                        Term {
                            at,
                            kind: Kind::Atom(key),
                        },
                        value,
                    ]),
                });
            } else {
                items.push(self.term(depth + 1)?);
            }
            self.skip_space();
            if !self.eat(",") && self.peek() != Some(close) {
                return Err(self.error(&format!("expected `,` or `{close}`")));
            }
        }
    }

    /// The entries of a map up to `}`: `key => value` or `key: value` (`"quoted": value`).
    fn map_entries(&mut self, depth: usize) -> Result<Vec<(Term, Term)>, SyntaxError> {
        let mut entries = Vec::new();
        loop {
            self.skip_space();
            if self.eat("}") {
                return Ok(entries);
            }
            let entry = match self.keyword_key()? {
                Some((key, at)) => (
                    Term {
                        at,
                        kind: Kind::Atom(key),
                    },
                    self.term(depth + 1)?,
                ),
                None => {
                    let key = self.term(depth + 1)?;
                    self.skip_space();
                    if !self.eat("=>") {
                        return Err(self.error("expected `=>` or `:` after a map key"));
                    }
                    (key, self.term(depth + 1)?)
                }
            };
            entries.push(entry);
            self.skip_space();
            if !self.eat(",") && self.peek() != Some('}') {
                return Err(self.error("expected `,` or `}`"));
            }
        }
    }

    /// A keyword key (`name:` or `"name":` followed by white space), if one is next.
    fn keyword_key(&mut self) -> Result<Option<(String, usize)>, SyntaxError> {
        let start = self.pos;
        let key = if self.peek() == Some('"') {
            self.string()?
        } else if self.peek().is_some_and(|c| c.is_alphabetic() || c == '_') {
            self.identifier().to_owned()
        } else {
            return Ok(None);
        };
        if self.rest().starts_with(':') && !self.rest().starts_with("::") {
            let after = self.rest()[1..].chars().next();
            if after.is_none_or(char::is_whitespace) {
                self.pos += 1;
                return Ok(Some((key, start)));
            }
        }
        self.pos = start;
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Kind {
        parse(text).unwrap().kind
    }

    fn atom(s: &str) -> Kind {
        Kind::Atom(s.into())
    }

    fn strip(term: Term) -> Kind {
        match term.kind {
            Kind::Tuple(items) => Kind::Tuple(
                items
                    .into_iter()
                    .map(|t| Term {
                        at: 0,
                        kind: strip(t),
                    })
                    .collect(),
            ),
            Kind::List(items) => Kind::List(
                items
                    .into_iter()
                    .map(|t| Term {
                        at: 0,
                        kind: strip(t),
                    })
                    .collect(),
            ),
            other => other,
        }
    }

    #[test]
    fn a_lock_entry_reads() {
        let text = "%{\n  \"plug\": {:hex, :plug, \"1.0\", \"ab\", [:mix], [{:mime, \"~> 1.0\", [hex: :mime, optional: false]}], \"hexpm\", \"cd\"},\n  \"x\" => {:git, \"u\", \"c\", []}, # trailing\n}\n";
        let Kind::Map(entries) = kinds(text) else {
            panic!()
        };
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].0.kind, atom("plug"));
        assert_eq!(entries[0].0.at, 5);
        assert_eq!(entries[1].0.kind, Kind::Str("x".into()));
        let Kind::Tuple(items) = &entries[0].1.kind else {
            panic!()
        };
        assert_eq!(items.len(), 8);
        assert_eq!(items[1].kind, atom("plug"));
        let Kind::List(deps) = &items[5].kind else {
            panic!()
        };
        let Kind::Tuple(dep) = &deps[0].kind else {
            panic!()
        };
        let opts = strip(dep[2].clone());
        let Kind::List(opts) = opts else { panic!() };
        assert_eq!(
            opts[1].kind,
            Kind::Tuple(vec![
                Term {
                    at: 0,
                    kind: atom("optional")
                },
                Term {
                    at: 0,
                    kind: atom("false")
                }
            ])
        );
    }

    #[test]
    fn strings_atoms_and_numbers() {
        assert_eq!(kinds(r#""a\"b\\c""#), Kind::Str("a\"b\\c".into()));
        assert_eq!(kinds(r#":"quoted atom""#), atom("quoted atom"));
        assert_eq!(kinds(":ok?"), atom("ok?"));
        assert_eq!(kinds("-12"), Kind::Number("-12".into()));
        assert_eq!(kinds("%{}"), Kind::Map(vec![]));
        assert_eq!(kinds("[]"), Kind::List(vec![]));
    }

    #[test]
    fn errors_have_positions() {
        for (text, at) in [
            ("%{\"a\": {:hex, \"x}", 14),
            ("%{\"a\" {}}", 6),
            ("%{} extra", 4),
            ("{a, b}", 1),
            ("", 0),
            (":", 1),
        ] {
            let err = parse(text).unwrap_err();
            assert_eq!(err.at, at, "{text}: {err:?}");
        }
        let deep = "[".repeat(100_000);
        assert!(parse(&deep).unwrap_err().message.contains("nest"));
    }
}
