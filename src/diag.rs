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
    /// `FILE:LINE: LEVEL: MESSAGE [rule]`, the shape compilers use, so editors can jump to it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {} [{}]", self.source, self.level, self.message, self.rule)
    }
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
