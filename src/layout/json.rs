//! The JSON examples pages show (request bodies, sample responses), parsed the same way for every
//! layout.

use serde_json::Value;

use crate::diag::{Diagnostics, rules};
use crate::model::Source;

/// Parses example JSON; an error points at the line inside the example where JSON broke.
/// `source` is the line the example starts at, `what` names the example in the message.
pub(super) fn parse_example(text: &str, source: &Source, what: &str, diags: &mut Diagnostics) -> Option<Value> {
    match serde_json::from_str(text) {
        Ok(value) => Some(value),
        Err(e) => {
            let line = source.line + u32::try_from(e.line().saturating_sub(1)).unwrap_or(0);
            diags.error(
                &source.at(line),
                rules::INVALID_JSON,
                format!("{what} is not valid JSON: {e}; expected a JSON object such as `{{\"inventory\": {{...}}}}`"),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn an_example_parses_and_a_broken_one_is_an_error_at_its_line() {
        let mut diags = Diagnostics::new();
        let source = Source::new("p.md", 10);
        assert_eq!(parse_example("{\"a\": [1]}", &source, "the example", &mut diags), Some(json!({"a": [1]})));
        assert!(diags.is_empty());
        assert_eq!(parse_example("{\n  \"a\": 1,\n  oops\n}", &source, "the example", &mut diags), None);
        let found: Vec<(&str, u32)> = diags.iter().map(|d| (d.rule, d.source.line)).collect();
        assert_eq!(found, [("invalid-json", 12)]);
    }
}
