//! pip's requirements files (<https://pip.pypa.io/en/stable/reference/requirements-file-format/>):
//! one requirement per logical line, `-r`/`-c` includes followed relative to the including file
//! (each file read once, so cycles end), and a version only where a requirement pins one exactly
//! (`==`, `===`): anything else says what may be installed, not what is.

use std::collections::{HashMap, HashSet};
use std::path::{Component as PathPart, Path, PathBuf};

use vouch_model::{Checksum, ComponentSource, Diagnostic, DiagnosticCode, Location};

use super::{
    file_name, git_source, merge_duplicates, parse_checksum, pypi_component, pypi_name,
    skipped_entry, wheel_name_version,
};
use crate::read::read_text;
use crate::source::Source;
use crate::{Cataloger, ExtractError, Parsed};

/// pip's `requirements.txt` and its variants (`requirements-dev.txt`, `requirements/base.txt`).
pub(crate) struct RequirementsTxt;

/// Includes nested deeper than this are not followed (pip has no limit; real projects use two
/// or three levels, and the limit keeps a hostile chain from exhausting the stack).
const MAX_INCLUDE_DEPTH: usize = 64;

impl Cataloger for RequirementsTxt {
    fn name(&self) -> &'static str {
        "requirements-txt"
    }

    /// A `.txt` file whose name contains `requirements` (as osv-scanner and osv-scalibr decide),
    /// or any `.txt` file directly in a `requirements/` directory (`requirements/base.txt`,
    /// `requirements/production.txt`: a common Django layout the upstream tools miss).
    fn claims(&self, path: &Path) -> bool {
        let Some(name) = file_name(path) else {
            return false;
        };
        let name = name.to_ascii_lowercase();
        if !name.ends_with(".txt") {
            return false;
        }
        name.contains("requirements")
            || path
                .parent()
                .and_then(file_name)
                .is_some_and(|dir| dir.eq_ignore_ascii_case("requirements"))
    }

    fn parse_from(
        &self,
        source: &dyn Source,
        path: &Path,
        display: &Path,
    ) -> Result<Parsed, ExtractError> {
        let mut walk = Walk::new(source, path, display);
        walk.file(path, display, Mode::Requirements, 0)?;
        Ok(walk.finish())
    }
}

/// How a file was reached: `-r` files list requirements, `-c` files only constrain the versions
/// of requirements listed elsewhere (pip installs nothing because a constraints file names it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Requirements,
    Constraints,
}

/// One requirement found, before constraints are applied.
struct Requirement {
    name: String,
    version: Option<String>,
    /// The version specifier as written, for the note on an unpinned requirement.
    spec: String,
    source: ComponentSource,
    checksums: Vec<Checksum>,
    location: Location,
    /// The stem of the file that listed it (`requirements-dev`), as osv-scanner records it.
    group: String,
}

/// The state of one parse: the files read, what they listed, and the problems met.
struct Walk<'s> {
    /// Where the files are read from.
    source: &'s dyn Source,
    /// The scanned directory (canonical), when it can be told from `path` and `display`;
    /// includes that resolve outside it are not read.
    root: Option<PathBuf>,
    /// Canonical paths of every file read.
    read: HashSet<PathBuf>,
    /// Canonical paths of the files being read, outermost first: an include of one of these is
    /// a cycle, an include of another file already read is a diamond.
    stack: Vec<PathBuf>,
    requirements: Vec<Requirement>,
    /// Exact pins from constraints files, by normalised name.
    constraints: HashMap<String, String>,
    diagnostics: Vec<Diagnostic>,
    included: Vec<PathBuf>,
}

impl<'s> Walk<'s> {
    fn new(source: &'s dyn Source, path: &Path, display: &Path) -> Self {
        Walk {
            source,
            root: scan_root(source, path, display),
            read: HashSet::new(),
            stack: Vec::new(),
            requirements: Vec::new(),
            constraints: HashMap::new(),
            diagnostics: Vec::new(),
            included: Vec::new(),
        }
    }

    /// Reads one file and, depth first, the files it includes.
    fn file(
        &mut self,
        path: &Path,
        display: &Path,
        mode: Mode,
        depth: usize,
    ) -> Result<(), ExtractError> {
        let text = read_text(self.source, path, display)?;
        let canonical = self
            .source
            .identity(path)
            .unwrap_or_else(|_| path.to_path_buf());
        self.read.insert(canonical.clone());
        self.stack.push(canonical);
        let group = display
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        for line in logical_lines(&text) {
            self.line(path, display, &group, mode, depth, &line)?;
        }
        self.stack.pop();
        Ok(())
    }

    fn line(
        &mut self,
        path: &Path,
        display: &Path,
        group: &str,
        mode: Mode,
        depth: usize,
        line: &Line,
    ) -> Result<(), ExtractError> {
        let at = Location {
            path: display.to_path_buf(),
            line: Some(line.number),
        };
        if line.text.starts_with('-') {
            match parse_option(&line.text) {
                OptionLine::Include(kind, target) => {
                    self.include(path, display, kind, target, line.number, depth)?;
                }
                OptionLine::Editable(target) if mode == Mode::Requirements => {
                    self.unnamed(target, Vec::new(), at, group);
                }
                // Global options (`--index-url`, `--pre`, ...) change where pip looks, not what
                // it installs.
                OptionLine::Editable(_) | OptionLine::Other => {}
            }
            return Ok(());
        }
        let (requirement, options) = split_options(&line.text);
        let checksums = option_hashes(options);
        if is_url(requirement) || looks_like_path(requirement) {
            if mode == Mode::Requirements {
                self.unnamed(requirement, checksums, at, group);
            }
            return Ok(());
        }
        let named = match parse_named(requirement) {
            Ok(named) => named,
            Err(message) => {
                self.diagnostics.push(skipped_entry(
                    display,
                    requirement,
                    format!("line {}: {message}: `{requirement}`", line.number),
                ));
                return Ok(());
            }
        };
        if let Some(trailing) = named.trailing {
            self.diagnostics.push(skipped_entry(
                display,
                named.name,
                format!(
                    "line {}: unexpected text `{trailing}` after the requirement (pip refuses \
                     this line); read as `{}{}`",
                    line.number, named.name, named.spec
                ),
            ));
        }
        match mode {
            Mode::Constraints => {
                if let (Some(version), Ok(name)) = (exact_pin(named.spec), pypi_name(named.name))
                    && named.url.is_none()
                {
                    self.constraints
                        .entry(name.normalized().to_owned())
                        .or_insert_with(|| version.to_owned());
                }
            }
            Mode::Requirements => {
                let (version, source) = match named.url {
                    Some(url) => (wheel_version_for(named.name, url), url_source(url)),
                    None => (
                        exact_pin(named.spec).map(str::to_owned),
                        ComponentSource::Registry,
                    ),
                };
                self.requirements.push(Requirement {
                    name: named.name.to_owned(),
                    version,
                    spec: named.spec.to_owned(),
                    source,
                    checksums,
                    location: at,
                    group: group.to_owned(),
                });
            }
        }
        Ok(())
    }

    /// Follows `-r`/`-c target` from the file at `path`.
    fn include(
        &mut self,
        path: &Path,
        display: &Path,
        mode: Mode,
        target: &str,
        number: u32,
        depth: usize,
    ) -> Result<(), ExtractError> {
        let note = |code, message: String| {
            Diagnostic::new(code, format!("line {number}: {message}")).with_path(display)
        };
        if target.is_empty() {
            self.diagnostics.push(note(
                DiagnosticCode::IncludeNotFound,
                "the include names no file".to_owned(),
            ));
            return Ok(());
        }
        if is_url(target) {
            self.diagnostics.push(note(
                DiagnosticCode::IncludeNotFound,
                format!("the remote include {target} was not fetched; only files in the delivery are read"),
            ));
            return Ok(());
        }
        if target.contains("${") {
            self.diagnostics.push(note(
                DiagnosticCode::IncludeNotFound,
                format!(
                    "the include {target} depends on an environment variable and was not followed"
                ),
            ));
            return Ok(());
        }
        let real = path.parent().unwrap_or(Path::new("")).join(target);
        let shown = normalize(&display.parent().unwrap_or(Path::new("")).join(target));
        let canonical = match self.source.identity(&real) {
            Ok(canonical) => canonical,
            // A constraints file only narrows versions: every requirement is still found
            // without it, so its absence is reported and the parse goes on.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && mode == Mode::Constraints => {
                self.diagnostics.push(note(
                    DiagnosticCode::IncludeNotFound,
                    format!(
                        "the constraints file {} was not found; versions it would pin stay unknown",
                        shown.display()
                    ),
                ));
                return Ok(());
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(ExtractError::IncludeNotFound {
                    path: display.to_path_buf(),
                    include: shown,
                });
            }
            Err(source) => {
                return Err(ExtractError::Io {
                    path: shown,
                    source,
                });
            }
        };
        if let Some(root) = &self.root
            && !canonical.starts_with(root)
        {
            self.diagnostics.push(note(
                DiagnosticCode::IncludeNotFound,
                format!(
                    "the include {} is outside the scanned directory and was not read",
                    shown.display()
                ),
            ));
            return Ok(());
        }
        if self.stack.contains(&canonical) {
            self.diagnostics.push(note(
                DiagnosticCode::IncludeCycle,
                format!(
                    "{} includes a file that is already being read (the files include each \
                     other); it was read once",
                    shown.display()
                ),
            ));
            return Ok(());
        }
        if self.read.contains(&canonical) {
            // Reached again through another include: its requirements are in already.
            return Ok(());
        }
        if depth + 1 > MAX_INCLUDE_DEPTH {
            self.diagnostics.push(note(
                DiagnosticCode::IncludeNotFound,
                format!(
                    "{} is nested more than {MAX_INCLUDE_DEPTH} includes deep and was not read",
                    shown.display()
                ),
            ));
            return Ok(());
        }
        self.included.push(shown.clone());
        self.file(&real, &shown, mode, depth + 1)
    }

    /// A requirement that is a local path or a URL. A name is known from a wheel's file name or
    /// an `#egg=` fragment; a local directory is the project's own code; anything else is noted.
    fn unnamed(&mut self, target: &str, checksums: Vec<Checksum>, at: Location, group: &str) {
        let url = is_url(target);
        let last = last_segment(target);
        let last = if url {
            vouch_model::percent_decode(last)
        } else {
            last.to_owned()
        };
        let (name, version) = if let Some(egg) = egg_name(target) {
            (egg.to_owned(), None)
        } else if let Some((name, version)) = wheel_name_version(&last) {
            (name, Some(version))
        } else if url || is_archive(&last) {
            let number = at.line.unwrap_or_default();
            self.diagnostics.push(skipped_entry(
                &at.path,
                target,
                format!(
                    "line {number}: `{target}` names no package; write it as `name @ {target}` \
                     so the component can be identified"
                ),
            ));
            return;
        } else {
            return;
        };
        let source = if url {
            url_source(target)
        } else {
            ComponentSource::Path {
                path: target.to_owned(),
            }
        };
        self.requirements.push(Requirement {
            name,
            version,
            spec: String::new(),
            source,
            checksums,
            location: at,
            group: group.to_owned(),
        });
    }

    /// Applies the constraints, builds the components, and notes what stays unpinned.
    fn finish(mut self) -> Parsed {
        let mut components = Vec::with_capacity(self.requirements.len());
        for r in self.requirements {
            let registry = r.source == ComponentSource::Registry;
            let mut version = r.version.filter(|v| !v.contains("${"));
            if version.is_none()
                && registry
                && let Ok(name) = pypi_name(&r.name)
            {
                version = self.constraints.get(name.normalized()).cloned();
            }
            let number = r.location.line.unwrap_or_default();
            let file = r.location.path.clone();
            match pypi_component(&r.name, version, r.location) {
                Ok(mut c) => {
                    if c.version.is_none() && registry {
                        let message = if r.spec.contains("${") {
                            format!(
                                "line {number}: the version of `{}` comes from an environment \
                                 variable at install time (`{}`)",
                                r.name, r.spec
                            )
                        } else if r.spec.is_empty() {
                            format!("line {number}: `{}` names no version", r.name)
                        } else {
                            format!(
                                "line {number}: `{}{}` does not pin one version",
                                r.name, r.spec
                            )
                        };
                        self.diagnostics.push(
                            Diagnostic::new(DiagnosticCode::UnpinnedRequirement, message)
                                .with_path(file)
                                .with_record(r.name.clone()),
                        );
                    }
                    c.source = r.source;
                    c.checksums = r.checksums;
                    c.groups = vec![r.group];
                    components.push(c);
                }
                Err(message) => self.diagnostics.push(skipped_entry(
                    &file,
                    &r.name,
                    format!("line {number}: {message}"),
                )),
            }
        }
        Parsed {
            components: merge_duplicates(components),
            diagnostics: self.diagnostics,
            included: self.included,
            ..Parsed::default()
        }
    }
}

/// The scanned directory: `path` with `display`'s components taken off its end, when `display`
/// is a plain relative path that `path` ends with.
fn scan_root(source: &dyn Source, path: &Path, display: &Path) -> Option<PathBuf> {
    let plain = display
        .components()
        .all(|c| matches!(c, PathPart::Normal(_)));
    if display.as_os_str().is_empty() || !plain || !path.ends_with(display) {
        return None;
    }
    let mut root = path.to_path_buf();
    for _ in display.components() {
        root.pop();
    }
    if root.as_os_str().is_empty() {
        root = PathBuf::from(".");
    }
    source.identity(&root).ok()
}

/// `a/./b/../c` as `a/c`, without touching the file system (display paths need not exist).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            PathPart::CurDir => {}
            PathPart::ParentDir => {
                if matches!(out.components().next_back(), Some(PathPart::Normal(_))) {
                    out.pop();
                } else {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

/// A logical line: physical lines joined where one ends in an unescaped `\`, the comment
/// removed, trimmed; `number` is its first physical line.
#[derive(Debug, PartialEq, Eq)]
struct Line {
    number: u32,
    text: String,
}

/// Splits a file into logical lines as pip does: continuations joined first (a whole-line
/// comment never continues and ends a continuation), then comments removed. Empty lines are
/// left out. Linear in the file's size however long a continuation runs.
fn logical_lines(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut open: Option<(u32, String)> = None;
    let mut push = |number: u32, joined: &str| {
        let text = strip_comment(joined).trim();
        if !text.is_empty() {
            out.push(Line {
                number,
                text: text.to_owned(),
            });
        }
    };
    for (i, raw) in text.split('\n').enumerate() {
        let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let comment = raw.trim_start().starts_with('#');
        let (start, mut joined) = match open.take() {
            Some((start, joined)) if comment => {
                push(start, &joined);
                continue;
            }
            Some(open) => open,
            None => (number, String::new()),
        };
        match raw.strip_suffix('\\') {
            Some(body) if !comment && ends_unescaped(raw) => {
                joined.push_str(body);
                open = Some((start, joined));
            }
            _ => {
                joined.push_str(raw);
                push(start, &joined);
            }
        }
    }
    if let Some((start, joined)) = open {
        push(start, &joined);
    }
    out
}

/// Whether `line` ends in an odd number of backslashes (the last one is not escaped).
fn ends_unescaped(line: &str) -> bool {
    line.bytes().rev().take_while(|&b| b == b'\\').count() % 2 == 1
}

/// Removes a comment: `#` at the start of the line or after white space, to the end
/// (pip's `(^|\s+)#.*$`). A `#` inside a word (a URL fragment) is not a comment.
fn strip_comment(line: &str) -> &str {
    let mut after_space = true;
    for (i, c) in line.char_indices() {
        if c == '#' && after_space {
            return &line[..i];
        }
        after_space = c.is_whitespace();
    }
    line
}

/// A line that starts with `-`.
#[derive(Debug, PartialEq, Eq)]
enum OptionLine<'a> {
    /// `-r`/`--requirement` or `-c`/`--constraint` and the file named.
    Include(Mode, &'a str),
    /// `-e`/`--editable` and the path or URL.
    Editable(&'a str),
    /// Any other option.
    Other,
}

/// Reads an option line: `-r file`, `-rfile`, `--requirement file`, `--requirement=file`.
fn parse_option(line: &str) -> OptionLine<'_> {
    let (name, value) = if let Some(long) = line.strip_prefix("--") {
        let end = long
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(long.len());
        let value = &long[end..];
        (&line[..end + 2], value.strip_prefix('=').unwrap_or(value))
    } else {
        let end = line.char_indices().nth(2).map_or(line.len(), |(i, _)| i);
        (&line[..end], &line[end..])
    };
    let value = first_word(value.trim());
    match name {
        "-r" | "--requirement" => OptionLine::Include(Mode::Requirements, value),
        "-c" | "--constraint" => OptionLine::Include(Mode::Constraints, value),
        "-e" | "--editable" => OptionLine::Editable(value),
        _ => OptionLine::Other,
    }
}

/// The first word of `s`, or the text inside quotes when it starts with one.
fn first_word(s: &str) -> &str {
    for quote in ['"', '\''] {
        if let Some(rest) = s.strip_prefix(quote) {
            return rest.split(quote).next().unwrap_or(rest);
        }
    }
    s.split_whitespace().next().unwrap_or("")
}

/// Splits a requirement line from its per-requirement options (`--hash`, `--global-option`,
/// `-C`, ...): as pip does, the options start at the first white-space-separated word that
/// begins with `-`.
fn split_options(line: &str) -> (&str, &str) {
    let mut after_space = false;
    for (i, c) in line.char_indices() {
        if c.is_whitespace() {
            after_space = true;
            continue;
        }
        if after_space && c == '-' {
            return (line[..i].trim_end(), &line[i..]);
        }
        after_space = false;
    }
    (line, "")
}

/// The hashes of `--hash=alg:hex` and `--hash alg:hex` options; malformed ones are left out.
fn option_hashes(options: &str) -> Vec<Checksum> {
    let mut out = Vec::new();
    let mut words = options.split_whitespace();
    while let Some(word) = words.next() {
        let value = match word.strip_prefix("--hash") {
            Some(rest) if rest.starts_with('=') => Some(&rest[1..]),
            Some("") => words.next(),
            _ => None,
        };
        if let Some(c) = value.and_then(|v| parse_checksum(v.trim_matches(['"', '\'']))) {
            out.push(c);
        }
    }
    out
}

/// A requirement with a name (PEP 508, <https://peps.python.org/pep-0508/>), extras and
/// markers read past.
#[derive(Debug, PartialEq, Eq)]
struct Named<'a> {
    name: &'a str,
    /// The version specifier as written (`>= 1.0, < 2`), empty when there is none.
    spec: &'a str,
    /// A direct reference (`name @ url`).
    url: Option<&'a str>,
    /// Text after the requirement that pip would refuse; left out of the version.
    trailing: Option<&'a str>,
}

/// The operators of PEP 440 version specifiers, longest first so `===` is not read as `==`.
const OPERATORS: [&str; 8] = ["===", "==", "!=", "~=", "<=", ">=", "<", ">"];

fn parse_named(requirement: &str) -> Result<Named<'_>, String> {
    let s = requirement.trim();
    let name_end = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
        .unwrap_or(s.len());
    let name = &s[..name_end];
    if name.is_empty() {
        return Err("no package name".to_owned());
    }
    let mut rest = s[name_end..].trim_start();
    if let Some(extras) = rest.strip_prefix('[') {
        let close = extras
            .find(']')
            .ok_or_else(|| "the extras list `[` is not closed".to_owned())?;
        rest = extras[close + 1..].trim_start();
    }
    if let Some(url) = rest.strip_prefix('@') {
        let url = url.trim_start();
        let end = url.find(char::is_whitespace).unwrap_or(url.len());
        let (url, after) = url.split_at(end);
        if url.is_empty() {
            return Err("no URL after `@`".to_owned());
        }
        let after = after.trim_start();
        return Ok(Named {
            name,
            spec: "",
            url: Some(url),
            trailing: (!after.is_empty() && !after.starts_with(';')).then_some(after),
        });
    }
    let specifiers = rest.split(';').next().unwrap_or_default();
    let (spec, trailing) = match specifiers.trim().strip_prefix('(') {
        Some(inner) => {
            let close = inner
                .find(')')
                .ok_or_else(|| "the `(` around the version is not closed".to_owned())?;
            let (spec, trailing) = parse_specifiers(&inner[..close])?;
            let after = inner[close + 1..].trim();
            (spec, trailing.or((!after.is_empty()).then_some(after)))
        }
        None => parse_specifiers(specifiers)?,
    };
    Ok(Named {
        name,
        spec,
        url: None,
        trailing,
    })
}

/// Reads `op version (, op version)*`; returns the specifiers and any text after the last
/// version word.
fn parse_specifiers(s: &str) -> Result<(&str, Option<&str>), String> {
    let bytes = s.as_bytes();
    let skip_space = |mut i: usize| {
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        i
    };
    let mut i = skip_space(0);
    if i == bytes.len() {
        return Ok(("", None));
    }
    loop {
        let rest = &s[i..];
        let Some(op) = OPERATORS.iter().find(|op| rest.starts_with(**op)) else {
            let word = rest.split_whitespace().next().unwrap_or(rest);
            return Err(format!(
                "expected a version specifier (`==`, `>=`, ...), `[extras]`, `@ URL` or `;` \
                 before `{word}`"
            ));
        };
        i = skip_space(i + op.len());
        let start = i;
        while bytes
            .get(i)
            .is_some_and(|b| !b.is_ascii_whitespace() && *b != b',')
        {
            i += 1;
        }
        if i == start {
            return Err(format!("`{op}` is not followed by a version"));
        }
        let end = i;
        i = skip_space(i);
        match bytes.get(i) {
            None => return Ok((s[..end].trim(), None)),
            Some(b',') => i = skip_space(i + 1),
            Some(_) => return Ok((s[..end].trim(), Some(s[i..].trim()))),
        }
    }
}

/// The version an `==`/`===` specifier pins; `None` for ranges, exclusions and prefix matches
/// (`==1.*`), which say what may be installed, not what is.
fn exact_pin(spec: &str) -> Option<&str> {
    let mut pins = spec.split(',').filter_map(|clause| {
        let clause = clause.trim();
        let version = clause
            .strip_prefix("===")
            .or_else(|| clause.strip_prefix("=="))?
            .trim();
        (!version.is_empty() && !version.contains('*')).then_some(version)
    });
    let first = pins.next()?;
    pins.all(|v| v == first).then_some(first)
}

/// `scheme://...` or `file:...`.
fn is_url(s: &str) -> bool {
    let Some(colon) = s.find(':') else {
        return false;
    };
    let scheme = &s[..colon];
    let valid = scheme.len() > 1
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid && (s[colon..].starts_with("://") || scheme.eq_ignore_ascii_case("file"))
}

/// A local path as pip recognises one: starts like a path, or has a path separator or an
/// archive's extension where a name would be.
fn looks_like_path(s: &str) -> bool {
    let b = s.as_bytes();
    if matches!(b.first(), Some(b'.' | b'/' | b'\\' | b'~'))
        || (b.len() > 2
            && b[0].is_ascii_alphabetic()
            && b[1] == b':'
            && matches!(b[2], b'\\' | b'/'))
    {
        return true;
    }
    // The first word, where a name would be: `bar == 4.5\\` is a name with an odd version.
    let head = s
        .split(|c: char| c.is_whitespace() || "=<>!~;[(@".contains(c))
        .next()
        .unwrap_or(s);
    head.contains('/') || head.contains('\\') || is_archive(head)
}

/// Whether a file name is a distribution archive.
fn is_archive(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [
        ".whl", ".zip", ".tar.gz", ".tgz", ".tar.bz2", ".tbz", ".tar.xz", ".txz", ".tar",
    ]
    .iter()
    .any(|ext| lower.ends_with(ext))
}

/// The last path segment of a path or URL, without query or fragment.
fn last_segment(target: &str) -> &str {
    let end = target.find(['#', '?']).unwrap_or(target.len());
    let path = target[..end].trim_end_matches(['/', '\\']);
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// The project name of an `#egg=name` fragment (pip's legacy way to name a URL requirement).
fn egg_name(target: &str) -> Option<&str> {
    let (_, fragment) = target.split_once('#')?;
    fragment
        .split('&')
        .find_map(|pair| pair.strip_prefix("egg="))
        .map(|egg| egg.split('[').next().unwrap_or(egg))
        .filter(|egg| !egg.is_empty())
}

/// Where a URL requirement comes from: a VCS (`git+https://host/repo@rev`), a local `file:`, or
/// a plain archive URL.
fn url_source(url: &str) -> ComponentSource {
    let without_fragment = url.split('#').next().unwrap_or(url);
    let lower = without_fragment.to_ascii_lowercase();
    if lower.starts_with("git+") {
        let repo = &without_fragment[4..];
        // The revision follows the last `@` after the host (`ssh://git@host/...` has another).
        let after_scheme = repo.find("://").map_or(0, |i| i + 3);
        let path_start = repo[after_scheme..]
            .find('/')
            .map_or(repo.len(), |i| after_scheme + i);
        return match repo[path_start..].rfind('@') {
            Some(at) => {
                let at = path_start + at;
                git_source(&repo[..at], Some(&repo[at + 1..]))
            }
            None => git_source(repo, None),
        };
    }
    if lower.starts_with("file:") {
        return ComponentSource::Path {
            path: without_fragment.to_owned(),
        };
    }
    ComponentSource::Url {
        url: without_fragment.to_owned(),
    }
}

/// The version of a `name @ url` requirement whose URL is a wheel of that name.
fn wheel_version_for(name: &str, url: &str) -> Option<String> {
    let (wheel_name, version) =
        wheel_name_version(&vouch_model::percent_decode(last_segment(url)))?;
    let same = pypi_name(name).ok()? == pypi_name(&wheel_name).ok()?;
    same.then_some(version)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<(u32, String)> {
        logical_lines(text)
            .into_iter()
            .map(|l| (l.number, l.text))
            .collect()
    }

    #[test]
    fn continuations_join_before_comments_go() {
        assert_eq!(
            lines("# c\nfoo==\\\n\\\n 1.2.3\nbaz == 7.8.9 # \\\nbaz == 1.2.3\n"),
            [(2, "foo== 1.2.3".into()), (5, "baz == 7.8.9".into())]
        );
        // An escaped backslash ends the line; a trailing one at the end of the file is harmless.
        assert_eq!(
            lines("bar == 4.5\\\\\n.6\nqux==1\\"),
            [
                (1, "bar == 4.5\\\\".into()),
                (2, ".6".into()),
                (3, "qux==1".into())
            ]
        );
        // A whole-line comment ends a continuation (pip's join_lines).
        assert_eq!(
            lines("a==1 \\\n# note \\\nb==2\r\n"),
            [(1, "a==1".into()), (3, "b==2".into())]
        );
        assert_eq!(
            lines("x @ https://h/p#egg=x  # c"),
            [(1, "x @ https://h/p#egg=x".into())]
        );
    }

    #[test]
    fn long_continuation_runs_stay_linear() {
        let text = format!("{}foo==1.0\n", "\\\n".repeat(200_000));
        assert_eq!(lines(&text), [(1, "foo==1.0".into())]);
    }

    #[test]
    fn options_in_every_spelling() {
        use OptionLine::*;
        assert_eq!(
            parse_option("-r a.txt"),
            Include(Mode::Requirements, "a.txt")
        );
        assert_eq!(
            parse_option("-ra.txt"),
            Include(Mode::Requirements, "a.txt")
        );
        assert_eq!(
            parse_option("--requirement=a.txt"),
            Include(Mode::Requirements, "a.txt")
        );
        assert_eq!(
            parse_option("--requirement  a.txt"),
            Include(Mode::Requirements, "a.txt")
        );
        assert_eq!(
            parse_option("-c \"my c.txt\""),
            Include(Mode::Constraints, "my c.txt")
        );
        assert_eq!(
            parse_option("--constraint c.txt"),
            Include(Mode::Constraints, "c.txt")
        );
        assert_eq!(parse_option("-e ."), Editable("."));
        assert_eq!(parse_option("--index-url https://x"), Other);
        assert_eq!(parse_option("-"), Other);
    }

    #[test]
    fn per_requirement_options_split_off() {
        assert_eq!(
            split_options("foo5==1.0; python_version < \"2.7\" --hash=sha256:1"),
            ("foo5==1.0; python_version < \"2.7\"", "--hash=sha256:1")
        );
        assert_eq!(split_options("foo17--hash==1.0"), ("foo17--hash==1.0", ""));
        assert_eq!(split_options("foo==1.0 -C bar"), ("foo==1.0", "-C bar"));
        let sha = "a".repeat(64);
        let hashes = option_hashes(&format!(
            "--hash=sha256:{sha} --hash sha256:{sha} --hash= --global-option=x --hash=md5:1"
        ));
        assert_eq!(hashes.len(), 2);
    }

    fn named(s: &str) -> Named<'_> {
        parse_named(s).unwrap()
    }

    #[test]
    fn requirements_parse_as_pep_508() {
        assert_eq!(named("docopt == 0.6.1").spec, "== 0.6.1");
        assert_eq!(named("Twisted[http2]==20.3.0").spec, "==20.3.0");
        assert_eq!(named("celery [redis, pytest] == 4.4.7").name, "celery");
        let r = named("requests [security] >= 2.8.1, == 2.8.* ; python_version < \"2.7\"");
        assert_eq!((r.name, r.spec), ("requests", ">= 2.8.1, == 2.8.*"));
        assert_eq!(named("pkg (>=1.0)").spec, ">=1.0");
        let r = named("urllib3 @ https://h/1.26.8.zip ; python_version > '3'");
        assert_eq!(r.url, Some("https://h/1.26.8.zip"));
        assert_eq!(r.trailing, None);
        let r = named("foo7==1.0 unexpected_text --x");
        assert_eq!((r.spec, r.trailing), ("==1.0", Some("unexpected_text --x")));
        assert!(parse_named("asdf==").is_err());
        assert!(parse_named("==1.0").is_err());
        assert!(parse_named("asdf 1.0").is_err());
        assert!(parse_named("a[b==1").is_err());
        assert!(parse_named("a @").is_err());
    }

    #[test]
    fn only_exact_pins_give_a_version() {
        assert_eq!(exact_pin("==1.0"), Some("1.0"));
        assert_eq!(exact_pin("=== 1.0"), Some("1.0"));
        assert_eq!(exact_pin(">=1, ==1.2"), Some("1.2"));
        assert_eq!(exact_pin("==1.*"), None);
        assert_eq!(exact_pin(">=1.0"), None);
        assert_eq!(exact_pin("~=1.1"), None);
        assert_eq!(exact_pin("!=1.0"), None);
        assert_eq!(exact_pin("==1, ==2"), None);
        assert_eq!(exact_pin(""), None);
    }

    #[test]
    fn urls_and_paths_are_told_apart_from_names() {
        assert!(is_url("https://x/y.whl"));
        assert!(is_url("git+ssh://git@github.com/o/r.git@v1#egg=r"));
        assert!(is_url("file:///tmp/x.whl"));
        assert!(!is_url("C:\\x.whl"));
        assert!(!is_url("name @ https://x"));
        assert!(looks_like_path(
            "./downloads/numpy-1.9.2-cp34-none-win32.whl"
        ));
        assert!(looks_like_path("numpy-1.9.2-cp34-none-win32.whl"));
        assert!(looks_like_path("downloads/pkg"));
        assert!(looks_like_path(".6"));
        assert!(!looks_like_path("name @ https://x/y.whl"));
        assert!(!looks_like_path("flask>=1.0"));
        assert!(!looks_like_path("bar == 4.5\\\\"));
        assert!(!looks_like_path("pkg @ file:///x/y.whl"));
    }

    #[test]
    fn git_urls_split_into_repository_and_revision() {
        let commit = "0123456789abcdef0123456789abcdef01234567";
        assert_eq!(
            url_source(&format!("git+ssh://git@github.com/o/r.git@{commit}#egg=r")),
            ComponentSource::Git {
                url: "ssh://git@github.com/o/r.git".into(),
                commit: Some(commit.into())
            }
        );
        assert_eq!(
            url_source("git+https://github.com/o/r"),
            ComponentSource::Git {
                url: "https://github.com/o/r".into(),
                commit: None
            }
        );
        assert_eq!(
            url_source("https://h/x.zip#sha256=1"),
            ComponentSource::Url {
                url: "https://h/x.zip".into()
            }
        );
    }

    #[test]
    fn wheel_urls_name_their_version() {
        assert_eq!(
            wheel_version_for(
                "wxpython-phoenix",
                "http://h/wxPython_Phoenix-3.0.3.dev1820%2B49a8884-cp34-none-win_amd64.whl"
            ),
            Some("3.0.3.dev1820+49a8884".into())
        );
        assert_eq!(
            wheel_version_for("other", "http://h/a-1-py3-none-any.whl"),
            None
        );
        assert_eq!(vouch_model::percent_decode("%zz%2B%"), "%zz+%");
    }

    #[test]
    fn egg_fragments_name_a_url() {
        assert_eq!(
            egg_name("git+https://h/r#egg=foo[bar]&subdirectory=x"),
            Some("foo")
        );
        assert_eq!(egg_name("https://h/r#sha256=1"), None);
    }

    #[test]
    fn display_paths_normalise_lexically() {
        assert_eq!(normalize(Path::new("a/./b/../c.txt")), Path::new("a/c.txt"));
        assert_eq!(normalize(Path::new("../x.txt")), Path::new("../x.txt"));
        assert_eq!(normalize(Path::new("./x/..")), Path::new("."));
    }

    #[test]
    fn file_names_claimed() {
        let c = RequirementsTxt;
        for yes in [
            "requirements.txt",
            "a/requirements-dev.txt",
            "dev-requirements.txt",
            "requirements/base.txt",
            "Requirements.TXT",
        ] {
            assert!(c.claims(Path::new(yes)), "{yes}");
        }
        for no in [
            "requirements",
            "requirements.json",
            "dev.txt",
            "requirements/x.in",
            "",
        ] {
            assert!(!c.claims(Path::new(no)), "{no}");
        }
    }
}
