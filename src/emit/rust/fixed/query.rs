// How a query parameter travels: part of the generated `runtime` module (fixed/runtime.rs
// includes this file) and the very types docs2api's plan uses for its query parameters, so that
// the two cannot drift apart. No inner attributes: this file is `include!`d.

/// How a query-string value reads back into JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryKind {
    String,
    Integer,
    Number,
    Bool,
    /// Any other value travels as JSON text.
    Json,
}

/// How many values a query parameter carries, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryShape {
    One,
    /// A list, the key once per element: `q=a&q=b`.
    Repeat,
    /// A list, its elements joined by commas: `fields=a,b`.
    Comma,
}
