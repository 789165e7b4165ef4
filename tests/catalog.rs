//! A profile's catalog of APIs (completion and session by operation id), on pages of its own:
//! `tests/fixtures/catalog/` is a made-up server whose pages disagree with its catalog, and whose
//! profile names the catalog beside it. Then the built-in zstack catalog on renamed ticket pages,
//! and how operations that share a route and differ on auth show in the OpenAPI document and the
//! generated Rust.

mod common;

use docs2api::model::{Completion, Operation};
use docs2api::{Generator, Level, Profile, Run, Version};
use serde_json::{Value, json};

const PAGES: &str = "tests/fixtures/catalog/pages";
const PROFILE: &str = "tests/fixtures/catalog/profile.yaml";
const ACTIONS: &str = "/zstack/v1/things/{uuid}/actions";

fn things() -> Run {
    let run = Generator::new().profile(Profile::File(PROFILE.into())).input(PAGES).run().unwrap();
    assert!(!run.has_errors(), "{:#?}", errors(&run));
    run
}

fn errors(run: &Run) -> Vec<&docs2api::Diagnostic> {
    run.diagnostics().iter().filter(|d| d.level == Level::Error).collect()
}

fn op<'r>(run: &'r Run, id: &str) -> &'r Operation {
    run.api.operations.get(id).unwrap_or_else(|| panic!("no {id}"))
}

/// The corrections of a rule, as (subject, old, new).
fn corrections(op: &Operation, rule: &str) -> Vec<(String, String, String)> {
    op.corrections
        .iter()
        .filter(|c| c.rule == rule)
        .map(|c| (c.subject.clone(), c.old.clone(), c.new.clone()))
        .collect()
}

fn statuses(op: &Operation) -> Vec<u16> {
    op.responses.iter().filter_map(|r| r.status).collect()
}

/// The text of a generated `Wire` constant (`PING_THING_WIRE`), which both the generated client and
/// the generated server read for how to call the operation: whether it needs the session
/// (`auth`) and runs as a job (`asynchronous`).
fn wire<'t>(types: &'t str, name: &str) -> &'t str {
    let start =
        types.find(&format!("pub const {name}: ")).unwrap_or_else(|| panic!("no `{name}` in the generated types"));
    let rest = &types[start..];
    &rest[..rest.find("};").map_or(rest.len(), |i| i + 2)]
}

/// Whether the generated client and server both call the operation through its `Wire` constant.
fn called_through(modules: &docs2api::RustModules, name: &str) -> bool {
    let used = format!("&super::types::{name},");
    modules.client.contains(&used) && modules.server.contains(&used)
}

#[test]
fn a_non_get_action_the_catalog_says_is_synchronous_gets_no_job() {
    let run = things();
    let check = op(&run, "CheckThing");
    assert_eq!(check.completion, Some(Completion::Synchronous));
    assert_eq!(statuses(check), [200], "no 202: the server answers at once");
    // The page's badge said synchronous; the profile's rules would have made a PUT a job.
    assert_eq!(
        corrections(check, "things:catalog"),
        [(
            "completion (catalog.tsv:4, over the `completion.synchronous` rules)".into(),
            "asynchronous".into(),
            "synchronous".into()
        )]
    );
    assert!(corrections(check, "things:completion").is_empty(), "the page's completion is unchanged");
    let note = run.diagnostics().iter().find(|d| d.rule == "catalog" && d.message.contains("CheckThing"));
    assert_eq!(note.map(|d| (d.level, d.source.file.ends_with("CheckThing.txt"))), Some((Level::Note, true)));
    let doc = run.outputs().unwrap().openapi(Version::V3_1);
    let listed = &doc["paths"][ACTIONS]["put"]["x-docs2api-operations"][0];
    assert_eq!(
        (&listed["operationId"], &listed["x-docs2api-completion"]),
        (&json!("CheckThing"), &json!("synchronous"))
    );
    assert!(doc["paths"][ACTIONS]["put"]["responses"].get("202").is_none());
}

#[test]
fn a_get_the_catalog_says_runs_as_a_job_gets_one() {
    let run = things();
    let sync = op(&run, "SyncThing");
    assert_eq!(sync.completion, Some(Completion::Asynchronous));
    assert_eq!(statuses(sync), [200, 202]);
    assert_eq!(
        corrections(sync, "things:catalog"),
        [(
            "completion (catalog.tsv:6, over the `completion.synchronous` rules)".into(),
            "synchronous".into(),
            "asynchronous".into()
        )]
    );
    let completion = corrections(sync, "things:completion");
    assert_eq!(completion[0], ("completion".into(), "synchronous".into(), "asynchronous".into()));
    assert_eq!(completion[1].0, "accepted response");
    let outputs = run.outputs().unwrap();
    assert!(
        outputs.openapi(Version::V3_1)["paths"]["/zstack/v1/things/{uuid}/sync"]["get"]["responses"]["202"].is_object()
    );
    let modules = outputs.rust_modules().unwrap();
    assert!(wire(&modules.types, "SYNC_THING_WIRE").contains("asynchronous: true"), "run as a job");
    assert!(called_through(&modules, "SYNC_THING_WIRE"));
}

#[test]
fn apis_the_catalog_does_not_list_keep_the_profile_rules() {
    let run = things();
    let create = op(&run, "CreateThing");
    assert_eq!((create.completion, statuses(create)), (Some(Completion::Asynchronous), vec![200, 202]));
    let get = op(&run, "GetThing");
    assert_eq!((get.completion, statuses(get)), (Some(Completion::Synchronous), vec![200]));
    for o in [create, get] {
        assert!(corrections(o, "things:catalog").is_empty(), "{}: {:?}", o.id, o.corrections);
        assert_eq!(o.auth_required, Some(true), "{}: the page's auth stays", o.id);
    }
}

#[test]
fn a_sessionless_api_gets_no_security() {
    let run = things();
    let ping = op(&run, "PingThing");
    assert_eq!(ping.auth_required, Some(false), "the page says Auth Required; the catalog says none");
    assert_eq!(
        corrections(ping, "things:catalog"),
        [("session (catalog.tsv:7)".into(), "required".into(), "none".into())]
    );
    let outputs = run.outputs().unwrap();
    for version in [Version::V3_1, Version::V3_0] {
        let doc = outputs.openapi(version);
        let get = &doc["paths"]["/zstack/v1/ping"]["get"];
        // `[]`: no requirement, said outright (linters want every operation to say).
        assert!(get.is_object() && get["security"] == json!([]), "{version:?}: {get}");
        assert!(doc["paths"]["/zstack/v1/things/{uuid}"]["get"]["security"].is_array(), "others keep theirs");
    }
    let modules = outputs.rust_modules().unwrap();
    assert!(wire(&modules.types, "PING_THING_WIRE").contains("auth: false"), "no session checked or sent");
    assert!(called_through(&modules, "PING_THING_WIRE"));
}

#[test]
fn a_route_shared_by_actions_with_and_without_a_session_makes_the_session_optional() {
    let run = things();
    assert_eq!(op(&run, "GetThingVersion").auth_required, Some(false));
    assert_eq!(op(&run, "CheckThing").auth_required, Some(true));
    let outputs = run.outputs().unwrap();
    for version in [Version::V3_1, Version::V3_0] {
        let doc = outputs.openapi(version);
        let put = &doc["paths"][ACTIONS]["put"];
        assert_eq!(put["operationId"], "CheckThingOrGetThingVersion");
        assert_eq!(put["security"], json!([{}, {"authorization": []}]), "{version:?}: optional");
        // Which action needs it, per action, as an Operation Object would say it.
        let per_action: Vec<(&Value, &Value)> = put["x-docs2api-operations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (&e["operationId"], &e["security"]))
            .collect();
        assert_eq!(
            per_action,
            [(&json!("CheckThing"), &json!([{"authorization": []}])), (&json!("GetThingVersion"), &json!([]))],
            "{version:?}"
        );
    }
    // The generated server checks the session per action (after finding the action by its body
    // key), and the client sends it per action.
    let modules = outputs.rust_modules().unwrap();
    assert!(wire(&modules.types, "CHECK_THING_WIRE").contains("auth: true"));
    assert!(wire(&modules.types, "GET_THING_VERSION_WIRE").contains("auth: false"));
    assert!(called_through(&modules, "CHECK_THING_WIRE") && called_through(&modules, "GET_THING_VERSION_WIRE"));
}

#[test]
fn a_route_whose_actions_all_need_a_session_requires_it() {
    let run = common::run(&[common::SEED, "docs-input/tickets/explorer/UpdateTicketRequest.txt"]);
    let doc = run.outputs().unwrap().openapi(Version::V3_0);
    let put = &doc["paths"]["/zstack/v1/tickets/{uuid}/actions"]["put"];
    assert_eq!(put["security"], json!([{"authorization": []}]));
    let each: Vec<&Value> = put["x-docs2api-operations"].as_array().unwrap().iter().map(|e| &e["security"]).collect();
    assert_eq!(each, [&json!([{"authorization": []}]), &json!([{"authorization": []}])]);
}

/// The fixture's profile with a catalog of one's own, in a fresh folder.
fn with_catalog(catalog: Option<&str>) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let profile = std::fs::read_to_string(PROFILE).unwrap().replace("catalog: catalog.tsv", "catalog: bad.tsv");
    std::fs::write(dir.path().join("profile.yaml"), profile).unwrap();
    if let Some(text) = catalog {
        std::fs::write(dir.path().join("bad.tsv"), text).unwrap();
    }
    Generator::new().profile(Profile::File(dir.path().join("profile.yaml"))).input(PAGES).run().unwrap()
}

#[test]
fn a_malformed_catalog_line_is_an_error_naming_the_file_and_the_line() {
    let run = with_catalog(Some("# the APIs\napi\tcompletion\tsession\nCheckThing\tsync\nPingThing\tsync\tnone\n"));
    let found = errors(&run);
    assert_eq!(found.len(), 1, "{found:#?}");
    let e = found[0];
    assert!(e.source.file.ends_with("bad.tsv"), "{e}");
    assert_eq!((e.source.line, e.rule), (3, "profile"));
    assert!(e.message.contains("expected 3 tab-separated fields (api, completion, session), found 2"), "{e}");
    let refused = run.outputs().expect_err("no output from a broken catalog");
    assert!(format!("{refused}").contains("bad.tsv:3"), "{refused}");
    // A value that is not one of the words, and a missing file, are errors too.
    let run = with_catalog(Some("api\tcompletion\tsession\nCheckThing\tSync\trequired\n"));
    let e = errors(&run)[0];
    assert_eq!(e.source.line, 2);
    assert!(e.message.contains("expected `sync` or `async`"), "{e}");
    let run = with_catalog(None);
    let e = errors(&run)[0];
    assert!(e.source.file.ends_with("bad.tsv") && e.message.contains("cannot read the profile's catalog"), "{e}");
}

/// A ticket page renamed to another API, read with the built-in zstack profile.
fn renamed(page: &str, from: &str, to: &str) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let text =
        std::fs::read_to_string(page).unwrap().replace(from, to).replace(&from.to_lowercase(), &to.to_lowercase());
    let path = dir.path().join(format!("{to}.txt"));
    std::fs::write(&path, text).unwrap();
    Generator::new().profile(Profile::named("zstack")).input(&path).run().unwrap()
}

#[test]
fn the_zstack_profile_applies_its_built_in_catalog() {
    // CheckApiPermission is a PUT action that ZStack answers at once (its catalog line 284).
    let run = renamed(common::SEED, "ChangeTicketStatus", "CheckApiPermission");
    let check = op(&run, "CheckApiPermission");
    assert_eq!(check.completion, Some(Completion::Synchronous));
    assert!(!statuses(check).contains(&202), "{:?}", statuses(check));
    let catalog = corrections(check, "zstack:catalog");
    assert_eq!(catalog.len(), 1, "{catalog:?}");
    assert!(catalog[0].0.starts_with("completion (zstack-catalog.tsv:"), "{catalog:?}");
    assert!(run.api.protocol.jobs.is_none(), "no asynchronous operation, no job protocol");
    // SyncIdentityFromRemote is a GET that runs as a job.
    let run = renamed("docs-input/tickets/explorer/QueryTicket.txt", "QueryTicket", "SyncIdentityFromRemote");
    let sync = op(&run, "SyncIdentityFromRemote");
    assert_eq!(sync.completion, Some(Completion::Asynchronous));
    assert!(statuses(sync).contains(&202));
    // The ticket APIs are listed as the rules already decided: no catalog correction.
    let run = common::run(&[common::SEED]);
    assert!(corrections(op(&run, "ChangeTicketStatus"), "zstack:catalog").is_empty());
}
