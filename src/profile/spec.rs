//! The shape of a profile file: settings for the generic rule kinds of [`super::rules`].
//!
//! Everything is typed when the file is loaded: methods are [`Method`]s, type names are parsed as a
//! page's would be, so that a typo in a profile is an error when it is read, never a rule that
//! silently matches nothing.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer};

use super::catalog::Catalog;
use crate::doctype::{self, DocType};
use crate::model::{ListStyle, Method, Operation, TypeRef};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ProfileSpec {
    pub name: String,
    /// What the profile is for, in a sentence: for its reader (the file is data a person
    /// reviews); docs2api itself does not use it.
    #[allow(dead_code)]
    pub description: String,
    /// The profile is applied by default to pages whose endpoints start with this.
    pub applies_to_path_prefix: String,
    /// Body wrapper key by method: a literal, or `{operationId:lowerFirst}`.
    #[serde(default)]
    pub wrapper_key: BTreeMap<Method, String>,
    pub root_body_fields: Option<RootBodyFields>,
    #[serde(default)]
    pub query_string_methods: Vec<Method>,
    pub completion: Option<CompletionSpec>,
    pub query_api: Option<QueryApiSpec>,
    pub errors: Option<ErrorsSpec>,
    pub response_fields: Option<ResponseFieldsSpec>,
    /// Types for parameters and body fields that pages leave open, by field name.
    #[serde(default)]
    pub field_types: BTreeMap<String, TypeName>,
    pub timestamp_format: Option<String>,
    /// The `Content-Type` the server expects with a JSON body.
    pub request_media_type: Option<String>,
    /// The REST layer's own plain-text messages, word for word.
    pub messages: Option<MessagesSpec>,
    /// The operations that open and end a session, for the client's login helper and the
    /// servers' session check.
    pub sessions: Option<SessionsSpec>,
    /// The vendor's catalog of its APIs (completion and session by operation id): a file name,
    /// relative to the profile file (a built-in profile's catalog is built in beside it).
    #[serde(rename = "catalog")]
    pub catalog_file: Option<String>,
    /// The catalog file, read when the profile is loaded.
    #[serde(skip)]
    pub catalog: Option<Catalog>,
}

/// A documented type name (`List<String>`, `long`, `ErrorCode`), parsed when the profile is read.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeName {
    pub text: String,
    pub parsed: DocType,
}

impl TypeName {
    pub fn to_ref(&self) -> TypeRef {
        doctype::to_ref(self.parsed.clone())
    }
}

impl<'de> Deserialize<'de> for TypeName {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        match doctype::parse(&text) {
            Some(parsed) => Ok(TypeName { text, parsed }),
            None => Err(serde::de::Error::custom(format!(
                "`{text}` is not a type name: expected a Java type as pages write it (`String`, `long`, `List<String>`, `ErrorCode`)"
            ))),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RootBodyFields {
    pub methods: Vec<Method>,
    pub fields: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CompletionSpec {
    /// An operation matching any of these completes synchronously; every other one asynchronously.
    pub synchronous: Vec<Matcher>,
    pub job: JobSpec,
}

/// The asynchronous job protocol and the operation that polls a job.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct JobSpec {
    pub operation_id: String,
    pub summary: String,
    pub description: String,
    pub path: String,
    /// The status of an accepted call, and of its job while it runs.
    pub accepted: u16,
    /// The accepted body's field with the job's URL.
    pub location_field: FieldSpec,
    /// The accepted body's field that announces how long the job may run, in milliseconds.
    pub timeout_field: Option<FieldSpec>,
    /// How long the server lets a job run, in milliseconds.
    pub timeout_ms: u64,
    /// The job URL's status with the call's result.
    pub done: u16,
    /// The job URL's status once the job is gone.
    pub expired: u16,
    /// The documents' tag of the polling operation.
    pub tag: Option<crate::model::JobTag>,
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
    pub type_name: TypeName,
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

/// The REST layer's messages; each one given replaces docs2api's generic text (see
/// [`crate::model::Messages`] for the placeholders).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MessagesSpec {
    pub missing_auth: Option<String>,
    pub wrong_auth_scheme: Option<String>,
    pub job_expired: Option<String>,
    pub no_operation_key: Option<String>,
}

/// The operations that open and end a session (`sessions`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SessionsSpec {
    pub log_in: LogInSpec,
    pub log_out: LogOutSpec,
    /// The error a server answers, in its failure body, to a session it does not know.
    pub unknown_session: crate::model::SessionError,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LogInSpec {
    pub operation_id: String,
    /// Where the session is in the reply, as a dotted path (`inventory.uuid`).
    pub session: String,
    /// Fields of the request that are sent as a digest of what the user gives, and the digest.
    #[serde(default)]
    pub digests: BTreeMap<String, crate::model::Digest>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LogOutSpec {
    pub operation_id: String,
}

/// A field a rule adds: a name, a documented type name and a description.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FieldSpec {
    pub name: String,
    #[serde(rename = "type")]
    pub type_name: TypeName,
    pub description: String,
    /// For a list parameter: how the query string writes it.
    #[serde(default)]
    pub style: Option<ListStyle>,
}

/// Selects operations; every condition given must hold.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Matcher {
    pub method: Option<Method>,
    pub operation_id_prefix: Option<String>,
    #[serde(default)]
    pub operation_id: Vec<String>,
}

impl Matcher {
    pub fn matches(&self, op: &Operation) -> bool {
        self.method.is_none_or(|m| m == op.method)
            && self.operation_id_prefix.as_deref().is_none_or(|p| op.id.starts_with(p))
            && (self.operation_id.is_empty() || self.operation_id.contains(&op.id))
    }
}

/// The built-in profiles, by name.
const BUILTIN: &[(&str, &str)] = &[("zstack", include_str!("zstack.yaml"))];

/// The files the built-in profiles name (their catalogs), by the name the profile gives.
const BUILTIN_FILES: &[(&str, &str)] = &[("zstack-catalog.tsv", include_str!("zstack-catalog.tsv"))];

/// The names of the built-in profiles.
pub fn builtin_names() -> impl Iterator<Item = &'static str> {
    BUILTIN.iter().map(|(name, _)| *name)
}

/// A built-in profile by name.
pub fn builtin(name: &str) -> Option<ProfileSpec> {
    let (_, text) = BUILTIN.iter().find(|(n, _)| *n == name)?;
    // The files are part of the crate and tested; a parse failure is a bug in the crate, not input.
    let mut spec: ProfileSpec =
        serde_norway::from_str(text).unwrap_or_else(|e| panic!("the built-in profile `{name}` does not parse: {e}"));
    if let Some(file) = &spec.catalog_file {
        let (_, text) = BUILTIN_FILES
            .iter()
            .find(|(n, _)| n == file)
            .unwrap_or_else(|| panic!("the built-in profile `{name}` names `{file}`, which is not built in"));
        let catalog = Catalog::parse(file, text)
            .unwrap_or_else(|e| panic!("the built-in catalog `{file}` does not parse: line {}: {}", e.line, e.message));
        spec.catalog = Some(catalog);
    }
    Some(spec)
}

/// Every built-in profile.
pub fn all_builtin() -> Vec<ProfileSpec> {
    builtin_names().filter_map(builtin).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_profile_parses_and_is_named_as_listed() {
        for name in builtin_names() {
            assert_eq!(builtin(name).expect("listed").name, name);
        }
        let p = builtin("zstack").unwrap();
        assert_eq!(p.wrapper_key[&Method::Put], "{operationId:lowerFirst}");
        let catalog = p.catalog.as_ref().expect("the zstack profile has its catalog built in");
        assert_eq!((catalog.file.as_str(), catalog.apis.len()), ("zstack-catalog.tsv", 1887));
        assert_eq!(p.completion.unwrap().synchronous.len(), 3);
        assert!(builtin("nope").is_none());
    }

    #[test]
    fn typos_are_errors_when_the_profile_is_read() {
        let base = "name: x\ndescription: x\napplies-to-path-prefix: /x/\n";
        let read = |extra: &str| serde_norway::from_str::<ProfileSpec>(&format!("{base}{extra}"));
        assert!(read("query-string-methods: [GET, DELETE]\n").is_ok());
        assert!(read("query-string-methods: [GTE]\n").is_err(), "a method that does not exist");
        assert!(read("wrapper-key: {PTU: params}\n").is_err());
        assert!(read("field-types: {systemTags: List<String>}\n").is_ok());
        let bad_type = read("field-types: {systemTags: \"List<String\"}\n").unwrap_err().to_string();
        assert!(bad_type.contains("is not a type name"), "{bad_type}");
        assert!(read("completion-rules: []\n").is_err(), "an unknown key");
    }
}
