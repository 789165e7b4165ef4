//! Profiles and overlays: corrections applied to the model after reading and merging, where the
//! documentation and the real server disagree.
//!
//! A profile is data (a YAML file of settings for the generic rule kinds in `rules.rs`); the
//! built-in `zstack` profile is `src/profile/zstack.yaml`. A user overlay sets or overrides single
//! facts (`overlay.rs`). Every change is recorded on the operation or type it changed (the OpenAPI
//! document shows it as `x-docs2api-corrections`) and reported as a note.

pub(crate) mod catalog;
pub(crate) mod overlay;
pub(crate) mod rules;
pub(crate) mod spec;

use crate::diag::{self, Diagnostics};
use crate::model::Api;

pub(crate) use overlay::Overlay;
pub(crate) use spec::ProfileSpec;

/// Which profile a run applies.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Profile {
    /// The built-in profile whose path prefix the pages' endpoints use, if any.
    #[default]
    Auto,
    /// No profile: the pages verbatim.
    None,
    /// A built-in profile by name (`zstack`), whatever the paths.
    Named(String),
    /// A profile file of one's own (the shape of `src/profile/zstack.yaml`), whatever the paths.
    File(std::path::PathBuf),
}

impl Profile {
    /// A built-in profile by name; [`apply`] reports a name that is not built in.
    pub fn named(name: impl Into<String>) -> Self {
        Profile::Named(name.into())
    }

    /// `auto`, `none`, a built-in profile's name, or a profile file (a path ending in `.yaml` or
    /// `.yml`), as the CLI takes it.
    pub fn parse(text: &str) -> Result<Self, String> {
        match text {
            "auto" => Ok(Profile::Auto),
            "none" => Ok(Profile::None),
            name if spec::builtin(name).is_some() => Ok(Profile::named(name)),
            path if path.ends_with(".yaml") || path.ends_with(".yml") => Ok(Profile::File(path.into())),
            other => Err(format!(
                "no built-in profile `{other}`: expected auto, none, a profile file (.yaml), or one of {}",
                names()
            )),
        }
    }
}

fn names() -> String {
    spec::builtin_names().collect::<Vec<_>>().join(", ")
}

/// Applies the chosen profile, then the overlays in order.
pub fn apply(api: &mut Api, profile: &Profile, overlays: &[Overlay], diags: &mut Diagnostics) {
    let spec = match profile {
        Profile::None => None,
        Profile::Named(name) => {
            let found = spec::builtin(name);
            if found.is_none() {
                let source = crate::model::Source::new(format!("profile:{name}"), 0);
                diags.error(
                    &source,
                    diag::rules::PROFILE,
                    format!("no built-in profile `{name}`: the built-in profiles are {}", names()),
                );
            }
            found
        }
        Profile::File(path) => load(path, diags),
        Profile::Auto => spec::all_builtin()
            .into_iter()
            .find(|p| api.operations.values().any(|op| op.path.as_str().starts_with(&p.applies_to_path_prefix))),
    };
    if let Some(spec) = spec {
        apply_spec(api, &spec, diags);
    }
    for overlay in overlays {
        overlay.apply(api, diags);
    }
}

/// A profile file and the catalog it names; a file that cannot be read or does not have the shape
/// is an error at its line.
fn load(path: &std::path::Path, diags: &mut Diagnostics) -> Option<ProfileSpec> {
    let text = match crate::pages::read_text(path) {
        Ok(text) => text,
        Err(e) => return failed(path, 1, format!("cannot read the profile: {e}"), diags),
    };
    let mut spec: ProfileSpec = match serde_norway::from_str(&text) {
        Ok(spec) => spec,
        Err(e) => {
            let line = e.location().map_or(1, |l| u32::try_from(l.line()).unwrap_or(u32::MAX));
            return failed(path, line, format!("the profile is not valid: {e}"), diags);
        }
    };
    if let Some(file) = &spec.catalog_file {
        // Relative to the profile file, wherever the run starts.
        let catalog_path = path.parent().unwrap_or(std::path::Path::new("")).join(file);
        let text = match crate::pages::read_text(&catalog_path) {
            Ok(text) => text,
            Err(e) => return failed(&catalog_path, 1, format!("cannot read the profile's catalog: {e}"), diags),
        };
        match catalog::Catalog::parse(file, &text) {
            Ok(catalog) => spec.catalog = Some(catalog),
            Err(e) => {
                let message = format!("the profile's catalog is not valid: {}", e.message);
                return failed(&catalog_path, e.line, message, diags);
            }
        }
    }
    Some(spec)
}

/// Reports a profile (or catalog) file that cannot be used, at its line.
fn failed(path: &std::path::Path, line: u32, message: String, diags: &mut Diagnostics) -> Option<ProfileSpec> {
    let source = crate::model::Source::new(crate::pages::display_name(path), line);
    diags.error(&source, diag::rules::PROFILE, message);
    None
}

/// The rules in the order they depend on each other: names and places first, then the protocol
/// (completion, errors) that adds responses, then the response bodies.
fn apply_spec(api: &mut Api, spec: &ProfileSpec, diags: &mut Diagnostics) {
    let mut rules = rules::Rules { spec, diags };
    rules.wrapper_key(api);
    rules.root_body_fields(api);
    rules.query_string(api);
    rules.query_api(api);
    rules.field_types(api);
    rules.session(api);
    rules.completion(api);
    rules.errors(api);
    rules.response_fields(api);
    rules.protocol(api);
    api.profile = Some(spec.name.clone());
}
