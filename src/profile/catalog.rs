//! A profile's catalog: the vendor's list of its APIs, by operation id, saying whether the server
//! completes each one at once or as a job, and whether it needs a session. The pages cannot be
//! trusted on either (ZStack's API Explorer badge reads "Synchronous" for every API), so a profile
//! may name such a file (`catalog: zstack-catalog.tsv`); [`super::rules`] applies it.
//!
//! The format is strict, so that a typo is an error at its line and never an API that silently
//! keeps the generic rules: `#` comment lines and blank lines, the header line
//! `api<TAB>completion<TAB>session`, then one line per API of exactly three tab-separated fields,
//! the operation id, `sync` or `async`, `required` or `none`, each API once.

use std::collections::BTreeMap;

use crate::model::Completion;

/// The header line every catalog has before its first API.
const HEADER: &str = "api\tcompletion\tsession";

/// The APIs of a catalog file, by operation id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Catalog {
    /// The file's name as the profile gives it, for the corrections that cite a line of it.
    pub file: String,
    pub apis: BTreeMap<String, Entry>,
}

/// What the catalog says of one API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub completion: Completion,
    /// Whether the API needs a session (the `Authorization` header).
    pub session: bool,
    /// The entry's line in the file, 1-based.
    pub line: u32,
}

/// A line of the file that is not what the format says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogError {
    pub line: u32,
    pub message: String,
}

impl Catalog {
    /// Reads a catalog's text; `file` is its name as the profile gives it.
    pub fn parse(file: &str, text: &str) -> Result<Catalog, CatalogError> {
        let mut catalog = Catalog { file: file.to_owned(), apis: BTreeMap::new() };
        let mut header_seen = false;
        for (i, raw) in text.lines().enumerate() {
            let line = u32::try_from(i + 1).unwrap_or(u32::MAX);
            let fail = |message: String| Err(CatalogError { line, message });
            // A file saved with CRLF line ends is still the same catalog.
            let content = raw.strip_suffix('\r').unwrap_or(raw);
            if content.is_empty() || content.starts_with('#') {
                continue;
            }
            if !header_seen {
                if content != HEADER {
                    return fail(format!(
                        "expected the header line `api<TAB>completion<TAB>session` before the first API, found `{}`",
                        content.escape_debug()
                    ));
                }
                header_seen = true;
                continue;
            }
            let (id, entry) = match entry(content, line) {
                Ok(parsed) => parsed,
                Err(message) => return fail(message),
            };
            if let Some(first) = catalog.apis.get(id) {
                return fail(format!("`{id}` is listed twice (first at line {})", first.line));
            }
            catalog.apis.insert(id.to_owned(), entry);
        }
        if !header_seen {
            let line = u32::try_from(text.lines().count().max(1)).unwrap_or(u32::MAX);
            return Err(CatalogError { line, message: "the catalog has no header line and no API".into() });
        }
        Ok(catalog)
    }

    pub fn get(&self, operation_id: &str) -> Option<&Entry> {
        self.apis.get(operation_id)
    }
}

/// One API line: `ChangeTicketStatus<TAB>async<TAB>required`.
fn entry(content: &str, line: u32) -> Result<(&str, Entry), String> {
    let fields: Vec<&str> = content.split('\t').collect();
    let [id, completion, session] = fields[..] else {
        return Err(format!(
            "expected 3 tab-separated fields (api, completion, session), found {}: `{}`",
            fields.len(),
            content.escape_debug()
        ));
    };
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(format!("`{}` is not an operation id (letters, digits and `_`)", id.escape_debug()));
    }
    let completion = match completion {
        "sync" => Completion::Synchronous,
        "async" => Completion::Asynchronous,
        other => return Err(format!("completion of `{id}` is `{}`: expected `sync` or `async`", other.escape_debug())),
    };
    let session = match session {
        "required" => true,
        "none" => false,
        other => return Err(format!("session of `{id}` is `{}`: expected `required` or `none`", other.escape_debug())),
    };
    Ok((id, Entry { completion, session, line }))
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "# a comment\napi\tcompletion\tsession\nCheckThing\tsync\trequired\n\nGetThing\tasync\tnone\r\n";

    fn error(text: &str) -> CatalogError {
        Catalog::parse("c.tsv", text).expect_err(text)
    }

    #[test]
    fn a_catalog_gives_each_api_its_completion_session_and_line() {
        let c = Catalog::parse("c.tsv", GOOD).unwrap();
        assert_eq!(c.file, "c.tsv");
        assert_eq!(c.get("CheckThing"), Some(&Entry { completion: Completion::Synchronous, session: true, line: 3 }));
        assert_eq!(c.get("GetThing"), Some(&Entry { completion: Completion::Asynchronous, session: false, line: 5 }));
        assert_eq!(c.get("Other"), None);
    }

    #[test]
    fn every_malformed_line_is_an_error_at_its_line() {
        let h = "api\tcompletion\tsession\n";
        let cases = [
            (format!("{h}A\tsync\n"), 2, "expected 3 tab-separated fields"),
            (format!("{h}A\tsync\trequired\textra\n"), 2, "found 4"),
            (format!("{h}A sync required\n"), 2, "found 1"),
            (format!("{h}A\tSync\trequired\n"), 2, "expected `sync` or `async`"),
            (format!("{h}A\tsync\tyes\n"), 2, "expected `required` or `none`"),
            (format!("{h}A\tsync\trequired \n"), 2, "expected `required` or `none`"),
            (format!("{h}\tsync\trequired\n"), 2, "is not an operation id"),
            (format!("{h}A\tsync\trequired\nB\tasync\tnone\nA\tasync\tnone\n"), 4, "listed twice (first at line 2)"),
            ("# only a comment\nA\tsync\trequired\n".to_owned(), 2, "expected the header line"),
            ("api,completion,session\n".to_owned(), 1, "expected the header line"),
            ("# nothing\n".to_owned(), 1, "no header line"),
        ];
        for (text, line, message) in cases {
            let e = error(&text);
            assert_eq!(e.line, line, "{text:?}: {e:?}");
            assert!(e.message.contains(message), "{text:?}: {}", e.message);
        }
    }

    #[test]
    fn the_built_in_catalog_is_well_formed() {
        let c = Catalog::parse("zstack-catalog.tsv", include_str!("zstack-catalog.tsv")).unwrap();
        assert_eq!(c.apis.len(), 1887);
        assert_eq!(c.get("GetVersion").map(|e| (e.completion, e.session)), Some((Completion::Synchronous, false)));
        assert_eq!(
            c.get("ChangeTicketStatus").map(|e| (e.completion, e.session)),
            Some((Completion::Asynchronous, true))
        );
    }
}
