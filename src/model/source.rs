//! Provenance: where a fact was read.

use std::fmt;

use serde::Serialize;

/// A place in an input page: the file (as a `/`-separated path relative to the input root, so that
/// output never depends on where the tool ran) and a 1-based line.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Source {
    pub file: String,
    pub line: u32,
}

impl Source {
    pub fn new(file: impl Into<String>, line: u32) -> Self {
        Self { file: file.into(), line }
    }

    /// The same file at another line.
    pub fn at(&self, line: u32) -> Self {
        Self { file: self.file.clone(), line }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}
