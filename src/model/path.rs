//! Path templates (`/zstack/v1/tickets/{uuid}/actions`), parsed once: every stage asks the
//! template for its variables, its literal prefix or its `format!` string instead of splitting the
//! text again.

use std::fmt;

use serde::{Serialize, Serializer};

/// A path template: literal text with `{name}` variables. A brace that does not open a variable
/// whose name is free of braces (`{`, `}`, `{a{b}` up to the second `{`) is literal text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PathTemplate {
    text: String,
    parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Part {
    Literal(String),
    Variable(String),
}

impl PathTemplate {
    pub fn parse(text: &str) -> Self {
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            let close = after.find(['{', '}']).filter(|&i| after.as_bytes()[i] == b'}');
            let Some(close) = close else {
                literal.push_str(&rest[..=open]);
                rest = after;
                continue;
            };
            literal.push_str(&rest[..open]);
            if !literal.is_empty() {
                parts.push(Part::Literal(std::mem::take(&mut literal)));
            }
            parts.push(Part::Variable(after[..close].to_owned()));
            rest = &after[close + 1..];
        }
        literal.push_str(rest);
        if !literal.is_empty() {
            parts.push(Part::Literal(literal));
        }
        PathTemplate { text: text.to_owned(), parts }
    }

    /// The template with each variable that has no name (`{}`) named `param` (`param2`, … where
    /// the path has that name already), or `None` when every variable has a name. An empty name
    /// is no OpenAPI path template, nor an axum route capture.
    pub fn with_unnamed_named(&self) -> Option<PathTemplate> {
        if !self.has_variable("") {
            return None;
        }
        let mut taken: Vec<String> = self.variables().map(str::to_owned).collect();
        let mut text = String::new();
        for part in &self.parts {
            match part {
                Part::Literal(literal) => text.push_str(literal),
                Part::Variable(name) if name.is_empty() => {
                    let name = (1..).map(|n| if n == 1 { "param".to_owned() } else { format!("param{n}") });
                    let name = name.into_iter().find(|n| !taken.contains(n)).unwrap_or_default();
                    text.push_str(&format!("{{{name}}}"));
                    taken.push(name);
                }
                Part::Variable(name) => text.push_str(&format!("{{{name}}}")),
            }
        }
        Some(PathTemplate::parse(&text))
    }

    /// The template as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The variables' names, in path order.
    pub fn variables(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().filter_map(|p| match p {
            Part::Variable(name) => Some(name.as_str()),
            Part::Literal(_) => None,
        })
    }

    pub fn has_variable(&self, name: &str) -> bool {
        self.variables().any(|v| v == name)
    }

    /// The literal text before the first variable (`/zstack/v1/api-jobs/` of `/zstack/v1/api-jobs/{uuid}`).
    pub fn literal_prefix(&self) -> &str {
        match self.parts.first() {
            Some(Part::Literal(text)) => text,
            _ => "",
        }
    }

    /// The template as a `format!` string, one `{}` per variable in order, literal braces doubled.
    pub fn format_string(&self) -> String {
        self.parts
            .iter()
            .map(|p| match p {
                Part::Literal(text) => text.replace('{', "{{").replace('}', "}}"),
                Part::Variable(_) => "{}".to_owned(),
            })
            .collect()
    }

    /// The variables this template has that `other` lacks, in order (what a further path adds).
    pub fn variables_beyond<'a>(&'a self, other: &PathTemplate) -> Vec<&'a str> {
        self.variables().filter(|v| !other.has_variable(v)).collect()
    }
}

impl fmt::Display for PathTemplate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for PathTemplate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl From<&str> for PathTemplate {
    fn from(text: &str) -> Self {
        PathTemplate::parse(text)
    }
}

impl PartialEq<str> for PathTemplate {
    fn eq(&self, other: &str) -> bool {
        self.text == other
    }
}

impl PartialEq<String> for PathTemplate {
    fn eq(&self, other: &String) -> bool {
        self.text == *other
    }
}

impl PartialEq<&str> for PathTemplate {
    fn eq(&self, other: &&str) -> bool {
        self.text == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables_prefix_and_format() {
        let p = PathTemplate::parse("/zstack/v1/tickets/{uuid}/actions/{name}");
        assert_eq!(p.variables().collect::<Vec<_>>(), ["uuid", "name"]);
        assert_eq!(p.literal_prefix(), "/zstack/v1/tickets/");
        assert_eq!(p.format_string(), "/zstack/v1/tickets/{}/actions/{}");
        assert_eq!(p.as_str(), "/zstack/v1/tickets/{uuid}/actions/{name}");
        assert_eq!(PathTemplate::parse("{a}/x").literal_prefix(), "");
    }

    #[test]
    fn stray_braces_are_literal() {
        let p = PathTemplate::parse("/a}/{b{c}/{");
        assert_eq!(p.variables().collect::<Vec<_>>(), ["c"]);
        assert_eq!(p.format_string(), "/a}}/{{b{}/{{");
        assert_eq!(PathTemplate::parse("/x/{}").variables().collect::<Vec<_>>(), [""]);
    }

    #[test]
    fn unnamed_variables_get_names() {
        let p = PathTemplate::parse("/tickets/{}/actions/{param}/{}");
        let named = p.with_unnamed_named().unwrap();
        assert_eq!(named.as_str(), "/tickets/{param2}/actions/{param}/{param3}");
        assert!(PathTemplate::parse("/tickets/{uuid}").with_unnamed_named().is_none());
    }

    #[test]
    fn what_a_further_path_adds() {
        let main = PathTemplate::parse("/tickets");
        let by_uuid = PathTemplate::parse("/tickets/{uuid}");
        assert_eq!(by_uuid.variables_beyond(&main), ["uuid"]);
        assert!(main.variables_beyond(&by_uuid).is_empty());
    }
}
