//! Profiles and overlays: corrections applied to the model after reading and merging, where the
//! documentation and the real server disagree.
//!
//! A profile is data (a YAML file of settings for the generic rule kinds in [`rules`]); the
//! built-in `zstack` profile is `src/profile/zstack.yaml`. A user overlay sets or overrides single
//! facts ([`overlay`]). Every change is recorded on the operation or type it changed (the OpenAPI
//! document shows it as `x-docs2api-corrections`) and reported as a note.

pub mod overlay;
pub mod rules;
pub mod spec;

use crate::diag::Diagnostics;
use crate::model::Api;

pub use overlay::Overlay;
pub use spec::ProfileSpec;

/// Which profile a run applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Profile {
    /// The built-in profile whose path prefix the pages' endpoints use, if any.
    #[default]
    Auto,
    /// The built-in `zstack` profile, whatever the paths.
    Zstack,
    /// No profile: the pages verbatim.
    None,
}

/// The built-in profiles.
pub fn builtin() -> Vec<ProfileSpec> {
    vec![spec::zstack()]
}

/// Applies the chosen profile, then the overlays in order.
pub fn apply(api: &mut Api, profile: Profile, overlays: &[Overlay], diags: &mut Diagnostics) {
    let spec = match profile {
        Profile::None => None,
        Profile::Zstack => Some(spec::zstack()),
        Profile::Auto => builtin()
            .into_iter()
            .find(|p| api.operations.values().any(|op| op.path.starts_with(&p.applies_to_path_prefix))),
    };
    if let Some(spec) = spec {
        apply_spec(api, &spec, diags);
    }
    for overlay in overlays {
        overlay.apply(api, diags);
    }
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
    rules.completion(api);
    rules.errors(api);
    rules.response_fields(api);
    rules.timestamp_format(api);
    api.profile = Some(spec.name.clone());
}
