//! The shape of a profile file: settings for the generic rule kinds of [`super::rules`].

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::model::{ListStyle, Method, Operation};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ProfileSpec {
    pub name: String,
    pub description: String,
    /// The profile is applied by default to pages whose endpoints start with this.
    pub applies_to_path_prefix: String,
    /// Body wrapper key by method: a literal, or `{operationId:lowerFirst}`.
    #[serde(default)]
    pub wrapper_key: BTreeMap<String, String>,
    pub root_body_fields: Option<RootBodyFields>,
    #[serde(default)]
    pub query_string_methods: Vec<String>,
    pub completion: Option<CompletionSpec>,
    pub query_api: Option<QueryApiSpec>,
    pub errors: Option<ErrorsSpec>,
    pub response_fields: Option<ResponseFieldsSpec>,
    /// Types for parameters and body fields that pages leave open, by field name.
    #[serde(default)]
    pub field_types: BTreeMap<String, String>,
    pub timestamp_format: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RootBodyFields {
    pub methods: Vec<String>,
    pub fields: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CompletionSpec {
    /// An operation matching any of these completes synchronously; every other one asynchronously.
    pub synchronous: Vec<Matcher>,
    pub job: JobSpec,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct JobSpec {
    pub operation_id: String,
    pub summary: String,
    pub description: String,
    pub path: String,
    pub accepted: u16,
    pub accepted_fields: Vec<FieldSpec>,
    pub done: u16,
    pub failed: u16,
    pub expired: u16,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct QueryApiSpec {
    pub when: Matcher,
    #[serde(default)]
    pub rename: BTreeMap<String, String>,
    #[serde(default)]
    pub combine: Vec<Combine>,
    pub parameters: Vec<FieldSpec>,
    pub response: Vec<FieldSpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Combine {
    pub into: String,
    pub from: Vec<String>,
    pub description: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ErrorsSpec {
    pub failure: FailureSpec,
    #[serde(default)]
    pub plain_text: BTreeMap<u16, String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FailureSpec {
    pub status: u16,
    pub field: String,
    #[serde(rename = "type")]
    pub type_name: String,
    pub description: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ResponseFieldsSpec {
    #[serde(default)]
    pub all_optional: bool,
    #[serde(default)]
    pub drop: Vec<String>,
    #[serde(default)]
    pub failure_only: Vec<String>,
}

/// A field a rule adds: a name, a documented type name and a description.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FieldSpec {
    pub name: String,
    #[serde(rename = "type")]
    pub type_name: String,
    pub description: String,
    /// For a list parameter: how the query string writes it.
    #[serde(default)]
    pub style: Option<ListStyle>,
}

/// Selects operations; every condition given must hold.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Matcher {
    pub method: Option<String>,
    pub operation_id_prefix: Option<String>,
    #[serde(default)]
    pub operation_id: Vec<String>,
}

impl Matcher {
    pub fn matches(&self, op: &Operation) -> bool {
        self.method.as_deref().is_none_or(|m| m.eq_ignore_ascii_case(op.method.as_str()))
            && self.operation_id_prefix.as_deref().is_none_or(|p| op.id.starts_with(p))
            && (self.operation_id.is_empty() || self.operation_id.contains(&op.id))
    }
}

/// Whether `method` is in a list of method names.
pub fn method_in(list: &[String], method: Method) -> bool {
    list.iter().any(|m| m.eq_ignore_ascii_case(method.as_str()))
}

/// The built-in `zstack` profile.
pub fn zstack() -> ProfileSpec {
    // The file is part of the crate and tested; a parse failure is a bug in the crate, not input.
    serde_norway::from_str(include_str!("zstack.yaml")).expect("the built-in zstack profile parses")
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_built_in_profile_parses() {
        let p = super::zstack();
        assert_eq!(p.name, "zstack");
        assert_eq!(p.wrapper_key["PUT"], "{operationId:lowerFirst}");
        assert_eq!(p.completion.unwrap().synchronous.len(), 3);
    }
}
