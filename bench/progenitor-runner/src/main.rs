//! `progenitor-runner DOC.yaml OUT_DIR`: what a progenitor user runs, as one program: read an
//! OpenAPI 3.0 document, generate progenitor's client, format it, and write it as a crate.
//!
//! Progenitor accepts one success type and one error type per operation, so before generating, the
//! document loses what progenitor cannot take (issue 12 names it): the text-only error responses
//! and the 202 responses of asynchronous calls. Nothing else is changed. This shaping is part of
//! the timed run, as it would be part of a user's build script.

use std::{env, fs, path::Path, process::ExitCode};

use serde_json::Value;

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let [doc, out] = args.as_slice() else {
        eprintln!("usage: progenitor-runner DOC.yaml OUT_DIR");
        return ExitCode::from(2);
    };
    match run(Path::new(doc), Path::new(out)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("progenitor-runner: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(doc: &Path, out: &Path) -> Result<(), String> {
    let text = fs::read_to_string(doc).map_err(|e| format!("{}: {e}", doc.display()))?;
    let mut value: Value = serde_norway::from_str(&text).map_err(|e| format!("{}: {e}", doc.display()))?;
    let dropped = shape_for_progenitor(&mut value);
    let spec: openapiv3::OpenAPI = serde_json::from_value(value).map_err(|e| format!("not OpenAPI 3.0: {e}"))?;
    let mut generator = progenitor::Generator::default();
    let tokens = generator.generate_tokens(&spec).map_err(|e| format!("progenitor: {e}"))?;
    let file: syn::File = syn::parse2(tokens).map_err(|e| format!("progenitor's output does not parse: {e}"))?;
    let code = prettyplease::unparse(&file);
    write_crate(out, &code)?;
    eprintln!("progenitor-runner: wrote {} ({} bytes; {dropped} responses left out)", out.display(), code.len());
    Ok(())
}

/// Leaves out, per operation, the responses progenitor cannot take: those whose only content is
/// text/plain (the REST layer's errors) and 202 (the job handle of an asynchronous call). Returns
/// how many were left out.
fn shape_for_progenitor(doc: &mut Value) -> usize {
    let mut dropped = 0;
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else { return 0 };
    for item in paths.values_mut() {
        let Some(item) = item.as_object_mut() else { continue };
        for op in item.values_mut() {
            let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else { continue };
            let before = responses.len();
            responses.retain(|status, response| status != "202" && !text_only(response));
            dropped += before - responses.len();
        }
    }
    dropped
}

fn text_only(response: &Value) -> bool {
    match response.get("content").and_then(Value::as_object) {
        Some(content) => !content.is_empty() && content.keys().all(|media| media.starts_with("text/")),
        None => false,
    }
}

/// The crate around the client, with the dependencies progenitor's code uses (as cargo-progenitor
/// writes them).
fn write_crate(out: &Path, code: &str) -> Result<(), String> {
    let src = out.join("src");
    fs::create_dir_all(&src).map_err(|e| format!("{}: {e}", src.display()))?;
    let manifest = r#"[package]
name = "progenitor-platform-client"
version = "0.0.0"
edition = "2024"
publish = false

[workspace]

[dependencies]
bytes = "1"
chrono = { version = "0.4", default-features = false, features = ["serde"] }
futures-core = "0.3"
progenitor-client = "=0.15.1"
regress = "0.10"
reqwest = { version = "0.13", default-features = false, features = ["json", "query", "stream"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
serde_urlencoded = "0.7"
uuid = { version = "1", features = ["serde", "v4"] }
"#;
    fs::write(out.join("Cargo.toml"), manifest).map_err(|e| format!("{}: {e}", out.display()))?;
    fs::write(src.join("lib.rs"), code).map_err(|e| format!("{}: {e}", src.display()))
}
