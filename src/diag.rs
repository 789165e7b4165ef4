//! Diagnostics: every problem or correction found while reading pages, with the file and line it
//! points at. They are collected, never printed from inside the library, and never stop the reading
//! of other pages (the serde_derive "context" idea): the caller sees all of them at once.

pub mod rules;

use std::fmt;

use serde::Serialize;

pub use self::rules::Rule;
use crate::model::Source;

/// How serious a diagnostic is. `Error` makes generation fail; the others are information.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
    Note,
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Note => "note",
        })
    }
}

/// One finding about one place in one page.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Diagnostic {
    /// Where it points: the file as given by the caller and a 1-based line.
    pub source: Source,
    pub level: Level,
    /// The name of the rule or check that reported it, such as `field-header-ambiguous`: one of
    /// [`rules::ALL`].
    pub rule: &'static str,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    /// `FILE:LINE: LEVEL: MESSAGE [rule]`, the shape compilers use, so editors can jump to it;
    /// always one line (see [`one_line`]). Escaped here, where every printed diagnostic passes
    /// (the CLI, `cargo:warning` lines), and not in `message`: the field keeps the page's text
    /// exactly for programs, which read it as JSON.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let source = one_line(&self.source.to_string());
        write!(f, "{source}: {}: {} [{}]", self.level, one_line(&self.message), self.rule)
    }
}

/// Text on one line, so that `grep FILE:LINE` sees each diagnostic whole and a terminal shows
/// what the page holds: a line break, a CR and a tab as `\n`, `\r`, `\t`, every other control
/// character and each bidi control (which reorders what a reader sees) as `\u{…}`.
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || is_bidi_control(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// The characters that reorder text (rustc's `text_direction_codepoint_in_comment` refuses them):
/// U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

/// A collector that the readers, layouts and resolvers push into.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    /// Reports `rule` at `level`, one of the levels the registry lists for it (see [`rules`]).
    pub fn push(&mut self, level: Level, source: &Source, rule: Rule, message: impl Into<String>) {
        // A level the registry does not list is a bug here, never a fault of the pages: the debug
        // builds of the tests catch it, a release build still reports the diagnostic.
        debug_assert!(rule.levels.contains(&level), "`{}` is not registered at level {level}", rule.name);
        self.items.push(Diagnostic { source: source.clone(), level, rule: rule.name, message: message.into() });
    }

    pub fn error(&mut self, source: &Source, rule: Rule, message: impl Into<String>) {
        self.push(Level::Error, source, rule, message);
    }

    pub fn warning(&mut self, source: &Source, rule: Rule, message: impl Into<String>) {
        self.push(Level::Warning, source, rule, message);
    }

    pub fn note(&mut self, source: &Source, rule: Rule, message: impl Into<String>) {
        self.push(Level::Note, source, rule, message);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.level == Level::Error)
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// The diagnostics in file, line, level order: the order a reader of the output expects, and
    /// the same on every run whatever order the pages were read in.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort();
        self.items.dedup();
        self.items
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diagnostic_is_one_line_whatever_it_quotes() {
        let d = Diagnostic {
            source: Source { file: "p\nage.txt".into(), line: 3 },
            level: Level::Warning,
            rule: rules::PATH_PARAMETER_UNDOCUMENTED.name,
            message: "quoted `a\nb\tc\rd\u{202e}e\u{7}`".into(),
        };
        assert_eq!(
            d.to_string(),
            "p\\nage.txt:3: warning: quoted `a\\nb\\tc\\rd\\u{202e}e\\u{7}` [path-parameter-undocumented]"
        );
    }
}
