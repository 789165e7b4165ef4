//! `progenitor-runner DOC.yaml OUT_DIR`: what a progenitor user runs, as one program: read an
//! OpenAPI 3.0 document, generate progenitor's client, format it, and write it as a crate.
//!
//! The document is taken as it is: docs2api's generators document (`openapi-3.0-generators.yaml`,
//! `docs2api openapi --openapi 3.0-generators`) is in the shape progenitor takes, one success type
//! and one error type per operation. bench/platform.sh times this program on the platform's;
//! tests/ecosystem.rs runs it on generated/'s and compiles what it writes.

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
    let value: Value = serde_norway::from_str(&text).map_err(|e| format!("{}: {e}", doc.display()))?;
    let spec: openapiv3::OpenAPI = serde_json::from_value(value).map_err(|e| format!("not OpenAPI 3.0: {e}"))?;
    let mut generator = progenitor::Generator::default();
    let tokens = generator.generate_tokens(&spec).map_err(|e| format!("progenitor: {e}"))?;
    let file: syn::File = syn::parse2(tokens).map_err(|e| format!("progenitor's output does not parse: {e}"))?;
    let code = prettyplease::unparse(&file);
    write_crate(out, &code)?;
    eprintln!("progenitor-runner: wrote {} ({} bytes)", out.display(), code.len());
    Ok(())
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
