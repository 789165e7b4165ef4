//! Three defects the whole-platform corpus showed (issue 12), each on small pages of its own in
//! the corpus's forms (`tests/fixtures/platform-defects/`: Explorer bullet pages and Dev Guide
//! Markdown pages), read with the profile the endpoints choose (zstack), as `docs2api generate`
//! reads them:
//!
//! 1. `ipInBinarybyte[]`, a byte array glued to its name, split as `ip` + `InBinarybyte[]` and
//!    left a `$ref` to a type nowhere defined; an array of a class no page defines did the same.
//! 2. The valid values of a list landed on the array instead of its items.
//! 3. An action whose body wrapper is empty (`{"applyWidgetAdvice": {}}`) lost its key, so the
//!    actions on its path could not be told apart.

mod common;

use docs2api::model::{Api, Operation, TypeKind, TypeRef};
use docs2api::{Run, Version};
use serde_json::{Value, json};

const PAGES: &str = "tests/fixtures/platform-defects";

fn run() -> Run {
    let run = common::run(&[PAGES]);
    assert!(!run.has_errors(), "{:#?}", run.diagnostics());
    run
}

fn document(run: &Run, version: Version) -> Value {
    run.outputs().expect("no errors").openapi(version)
}

fn op<'a>(api: &'a Api, id: &str) -> &'a Operation {
    api.operations.get(id).unwrap_or_else(|| panic!("no operation {id}: {:?}", api.operations.keys()))
}

/// The inventory element of the query's success response, as readable lines.
fn inventory_lines(api: &Api) -> Vec<String> {
    let response = api.success(op(api, "QueryWidgetAddress")).expect("a success response");
    let mut lines = Vec::new();
    common::field_lines("", &response.fields, &mut lines);
    lines.into_iter().filter(|l| l.starts_with("inventories[].")).collect()
}

#[test]
fn a_byte_array_glued_to_its_name_is_that_name_with_a_list_of_integers() {
    let run = run();
    let lines = inventory_lines(&run.api);
    for expected in
        ["inventories[].ip: string", "inventories[].ipInBinary: list<int32>", "inventories[].ipInLong: int64"]
    {
        assert!(lines.iter().any(|l| l == expected), "{expected} not in {lines:#?}");
    }
    assert!(!run.api.types.contains_key("InBinarybyte"), "{:?}", run.api.types.keys());
    let ambiguous: Vec<_> = run.diagnostics().iter().filter(|d| d.rule == "field-header-ambiguous").collect();
    assert!(ambiguous.is_empty(), "{ambiguous:#?}");
    let doc = document(&run, Version::V3_1);
    let inventory = &doc["paths"]["/zstack/v1/widgets/addresses"]["get"]["responses"]["200"]["content"]["application/json"]
        ["schema"]["properties"]["inventories"]["items"]["properties"];
    assert_eq!(inventory["ipInBinary"]["items"], json!({"type": "integer", "format": "int32"}));
    assert_eq!(inventory["ip"]["type"], "string");
}

/// `partsGadgetPart[]`: a class that no page defines, named as an array element, becomes a type of
/// its own (from its examples), with a warning, so that nothing refers to a missing schema.
#[test]
fn an_array_of_an_undefined_class_refers_to_a_defined_type() {
    let run = run();
    let lines = inventory_lines(&run.api);
    assert!(lines.iter().any(|l| l == "inventories[].parts: list<GadgetPart>"), "{lines:#?}");
    let part = run.api.types.get("GadgetPart").expect("GadgetPart is defined");
    assert!(matches!(&part.kind, TypeKind::Alias { target: TypeRef::Map(_) }), "{part:?}");
    assert!(
        run.diagnostics().iter().any(|d| d.rule == "type-undefined" && d.message.contains("`GadgetPart`")),
        "{:#?}",
        run.diagnostics()
    );
    for version in [Version::V3_1, Version::V3_0] {
        let dangling = common::dangling_refs(&document(&run, version));
        assert!(dangling.is_empty(), "{version:?}: {dangling:#?}");
    }
}

/// A list's valid values are the values of its elements: on the items, in both versions, for a
/// query parameter (no example shows an element) and for a body field; the Rust field is a `Vec`
/// of the enum.
#[test]
fn the_valid_values_of_a_list_are_on_its_items() {
    let run = run();
    for version in [Version::V3_1, Version::V3_0] {
        let doc = document(&run, version);
        let params = doc["paths"]["/zstack/v1/widgets/addresses"]["get"]["parameters"].as_array().expect("parameters");
        let types = params.iter().find(|p| p["name"] == "resourceTypes").expect("resourceTypes");
        assert_eq!(
            types["schema"],
            json!({"type": "array", "items": {"type": "string", "enum": ["VolumeVO", "ImageVO"]}}),
            "{version:?}"
        );
        let branches = doc["paths"]["/zstack/v1/widgets/{uuid}/actions"]["put"]["requestBody"]["content"]
            ["application/json"]["schema"]["oneOf"]
            .as_array()
            .expect("a oneOf of the actions");
        let change = branches.iter().find(|b| b["title"] == "ChangeWidgetState").expect("ChangeWidgetState");
        let service_types = &change["properties"]["changeWidgetState"]["properties"]["serviceTypes"];
        assert_eq!(service_types["items"], json!({"type": "string", "enum": ["ManagementNetwork", "TenantNetwork"]}));
        assert!(service_types.get("enum").is_none(), "{version:?}: {service_types}");
    }
    let types = run.outputs().expect("no errors").rust_modules().expect("valid Rust").types;
    let squeezed: String = types.split_whitespace().collect();
    for field in ["pubresource_types:Vec<super::types::ResourceTypesItem>", "pubenumResourceTypesItem{"] {
        assert!(squeezed.contains(field), "{field} not in the types module");
    }
    assert!(squeezed.contains("pubservice_types:Option<Vec<super::types::ServiceTypesItem>>"));
}

/// Three actions on one path and method: one with an empty wrapper on both pages, one with an
/// empty wrapper on its Explorer page alone (whose key the Explorer lower-cases; the profile
/// gives the server's), one with fields. Each keeps its key in the model, in the OpenAPI branch
/// of its body, and in the Rust wire that the client sends and the server dispatches on.
#[test]
fn an_empty_body_wrapper_keeps_its_key() {
    let run = run();
    let expected = [
        ("ApplyWidgetAdvice", "applyWidgetAdvice"),
        ("ChangeWidgetState", "changeWidgetState"),
        ("RebootWidget", "rebootWidget"),
    ];
    for (id, key) in expected {
        let body = op(&run.api, id).body.as_ref().unwrap_or_else(|| panic!("{id} has a body"));
        assert_eq!(body.wrapper.as_deref(), Some(key), "{id}");
        let wrapper = body.fields.iter().find(|f| f.name == key).unwrap_or_else(|| panic!("{id}: no field {key}"));
        assert!(matches!(wrapper.ty, TypeRef::Object(_)), "{id}: {:?}", wrapper.ty);
    }
    for version in [Version::V3_1, Version::V3_0] {
        let doc = document(&run, version);
        let branches = doc["paths"]["/zstack/v1/widgets/{uuid}/actions"]["put"]["requestBody"]["content"]
            ["application/json"]["schema"]["oneOf"]
            .as_array()
            .expect("a oneOf of the actions")
            .clone();
        for (id, key) in expected {
            let branch = branches.iter().find(|b| b["title"] == id).unwrap_or_else(|| panic!("no branch {id}"));
            assert_eq!(branch["x-docs2api-wrapper"], key, "{version:?} {id}");
            assert_eq!(branch["properties"][key]["type"], "object", "{version:?} {id}");
            assert!(branch["required"].as_array().is_some_and(|r| r.contains(&json!(key))), "{version:?} {id}");
        }
    }
    let types = run.outputs().expect("no errors").rust_modules().expect("valid Rust").types;
    let squeezed: String = types.split_whitespace().collect();
    for (id, key) in expected {
        let wire = format!("wrapper:Some(\"{key}\")");
        assert!(squeezed.contains(&wire), "{id}: {wire} not in the types module");
    }
}

/// Without the profile, the Dev Guide's exact key survives the merge with the Explorer page's
/// lower-cased one: the merge, not the profile, keeps it.
#[test]
fn the_merge_keeps_the_dev_guide_key_of_an_empty_wrapper() {
    let run = common::run_verbatim(&[PAGES]);
    let body = op(&run.api, "ApplyWidgetAdvice").body.as_ref().expect("a body");
    assert_eq!(body.wrapper.as_deref(), Some("applyWidgetAdvice"));
    let names: Vec<&str> = body.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["applyWidgetAdvice", "systemTags", "userTags"]);
    let reboot = op(&run.api, "RebootWidget").body.as_ref().expect("a body");
    assert_eq!(reboot.wrapper.as_deref(), Some("rebootwidget"), "the Explorer's key, verbatim");
}
