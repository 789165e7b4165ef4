//! Every rule a diagnostic can name, in one place: its name (the `[rule]` after each message), the
//! levels it is reported at, and what it means for the person reading the pages. Call sites name
//! a constant of this module, never a string, so a rule cannot be misspelled or reported at a
//! level this registry does not list. `docs2api lint --rules` prints [`ALL`], and the README's table
//! of rules is [`markdown_table`] (a test keeps the two the same).
//!
//! The names are user-visible (people grep for them and may filter on them): renaming one is a
//! breaking change of the output, not a refactor.

use super::Level::{self, Error, Note, Warning};

/// A rule or check that reports diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// The stable name printed after the message, such as `field-header-ambiguous`.
    pub name: &'static str,
    /// Every level the rule is reported at, most serious first.
    pub levels: &'static [Level],
    /// What the rule reports, in one line.
    pub summary: &'static str,
}

impl Rule {
    /// The levels as the table shows them: `error, warning`.
    pub fn levels_text(&self) -> String {
        self.levels.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
    }
}

/// Declares each rule as a constant and lists them all in [`ALL`], so that the list cannot miss one.
macro_rules! registry {
    ($($(#[$doc:meta])* $id:ident = $name:literal, [$($level:ident),+], $summary:literal;)+) => {
        $(
            $(#[$doc])*
            pub const $id: Rule = Rule { name: $name, levels: &[$($level),+], summary: $summary };
        )+
        /// Every rule, in the order of the pipeline stage that reports it.
        pub const ALL: &[Rule] = &[$($id),+];
        /// Each rule with the name of its constant, for the test that reads the call sites.
        #[cfg(test)]
        const CONSTANTS: &[(&str, Rule)] = &[$((stringify!($id), $id)),+];
    };
}

registry! {
    // Finding and opening the input (src/lib.rs, src/pages.rs, src/read/).
    NO_PAGES = "no-pages", [Error],
        "an input folder holds no page file (.txt, .html or .md)";
    MANIFEST = "manifest", [Error],
        "the input folder's docs2api.yaml cannot be read or is not `info: {title, version}`";
    UNKNOWN_SYNTAX = "unknown-syntax", [Error],
        "a file given as input has an extension no page reader knows";
    UNREADABLE = "unreadable", [Error],
        "a page file cannot be read from disk";
    NOT_A_FILE = "not-a-file", [Error],
        "a page is not a regular file (a FIFO, a device, a socket, a folder) and is not read";
    PAGE_TOO_LARGE = "page-too-large", [Error],
        "a page file is larger than 16 MiB and is not read";
    EMPTY_PAGE = "empty-page", [Error],
        "a page file is empty, or has nothing a reader takes for content";
    NOT_TEXT = "not-text", [Error],
        "a page file is binary or not UTF-8 text";

    // Page syntax (src/read/).
    HTML_TOO_LARGE = "html-too-large", [Error],
        "an HTML page is larger than 4 GiB and is not read";
    NESTING_TOO_DEEP = "nesting-too-deep", [Error],
        "lists, quotes or fields nest more than 64 levels deep; what is nested deeper is not read";
    HTML_TOO_DEEP = "html-too-deep", [Warning],
        "HTML elements nest too deep; what is inside is read as plain text";
    HTML_MALFORMED = "html-malformed", [Warning],
        "an HTML page does not parse cleanly; it is read as a browser repairs it";
    TABLE_MISSING_CELLS = "table-missing-cells", [Warning],
        "a Markdown table row has fewer cells than its header; the missing ones are read as empty";
    TABLE_EXTRA_CELLS = "table-extra-cells", [Warning],
        "a Markdown table row has more cells than its header; the extra ones are dropped";

    // Page layouts, shared (src/layout/).
    UNKNOWN_LAYOUT = "unknown-layout", [Error],
        "a page is neither an API Explorer page nor a Dev Guide page";
    INVALID_JSON = "invalid-json", [Error],
        "a request or response example is not valid JSON";
    REQUEST_EXAMPLE = "request-example", [Error],
        "a request example (or a Dev Guide curl sample) cannot be read";

    /// A line inside a parameter, field or table section that the layout turned into no fact.
    LINE_NOT_UNDERSTOOD = "line-not-understood", [Warning],
        "a line inside a parameter, field or table section became no fact: what it says is not in the model";
    /// A page that stops before its end (a copy cut short).
    PAGE_INCOMPLETE = "page-incomplete", [Warning],
        "the page stops before its end: the sections named are missing, and what they would say is unknown";
    /// A page that states no operation id, whose id comes from other evidence on the page.
    OPERATION_ID_INFERRED = "operation-id-inferred", [Note],
        "the page states no operation id; it is taken from the evidence the message names";

    // API Explorer pages (src/layout/explorer.rs).
    EXPLORER_NO_BADGE = "explorer-no-badge", [Warning],
        "an API Explorer page has no badge line (method, group, since) before its title";
    EXPLORER_TITLE_DIFFERS = "explorer-title-differs", [Note],
        "the operation ID differs from the page title; the operation ID is used";
    EXPLORER_OPERATION_ID = "explorer-operation-id", [Error],
        "an API Explorer page has no operation ID, or one that is not a name";
    EXPLORER_ENDPOINT = "explorer-endpoint", [Error, Warning],
        "the Endpoint section is missing (error) or has a line that is not `METHOD /path` (warning)";
    EXPLORER_METHOD = "explorer-method", [Error],
        "an API Explorer page names no HTTP method, in the badge or before the path";
    EXPLORER_METHOD_DIFFERS = "explorer-method-differs", [Warning],
        "the Endpoint's HTTP method differs from the badge's; the badge's is kept";
    /// Two pages given one operation id, at least one by inference, that document different
    /// endpoints: they are not merged.
    OPERATION_ID_COLLISION = "operation-id-collision", [Error],
        "two pages have one operation id, at least one inferred, but different methods or paths; the later page is left out";
    FIELDS_OUTSIDE_SECTION = "fields-outside-section", [Warning],
        "a field list stands in no section that holds fields (its section title missing or garbled); its fields are not read";
    RESPONSE_EXAMPLE = "response-example", [Warning],
        "an API Explorer response example has no status line before it";
    FIELD_HEADER = "field-header", [Error],
        "a field header cannot be split into a name and a type; the field is not read";
    FIELD_HEADER_AMBIGUOUS = "field-header-ambiguous", [Warning],
        "a fused field header splits into name and type in more than one plausible way";
    FIELD_HEADER_UNTYPED = "field-header-untyped", [Warning],
        "a field header is a name the examples know with no type after it (a copy cut short); the type is taken from the example value";

    // Dev Guide pages (src/layout/devguide/).
    DEVGUIDE_UNKNOWN_SECTION = "devguide-unknown-section", [Note],
        "a Dev Guide page has a section docs2api does not read";
    DEVGUIDE_TITLE_DIFFERS = "devguide-title-differs", [Note],
        "the SDK sample names the API differently from the title; the SDK's name is used";
    DEVGUIDE_OPERATION_ID = "devguide-operation-id", [Error],
        "a Dev Guide page does not name its API (no SDK sample line, no title)";
    DEVGUIDE_SDK_DIFFERS = "devguide-sdk-differs", [Warning],
        "the SDK samples name two different APIs; the first is used";
    DEVGUIDE_URL = "devguide-url", [Warning],
        "a line of the URLs section is not `METHOD zstack/v1/...`";
    DEVGUIDE_METHOD_DIFFERS = "devguide-method-differs", [Warning],
        "URL lines disagree on the HTTP method; the first is kept";
    DEVGUIDE_URLS = "devguide-urls", [Error],
        "a Dev Guide page has no URL";
    DEVGUIDE_TABLE_COLUMNS = "devguide-table-columns", [Error],
        "a parameter or field table lacks a column it needs (name, type, ...)";
    /// A Markdown table that CommonMark reads as a paragraph, read back from its pipe rows.
    DEVGUIDE_TABLE_BROKEN = "devguide-table-broken", [Warning],
        "a Markdown table's header or separator row is malformed, so Markdown gives no table; its pipe rows are read as one";
    TABLE_COLUMN_SHIFT = "table-column-shift", [Note],
        "a Dev Guide table row lost an empty cell and its cells are shifted back into place";
    DEVGUIDE_FIELD = "devguide-field", [Error],
        "a Dev Guide table row does not name a field and its type";
    DEVGUIDE_LOCATION = "devguide-location", [Warning],
        "a parameter's location is not url, query or body; the row is not read";
    DEVGUIDE_WRAPPERS = "devguide-wrappers", [Warning],
        "parameter rows name two different body wrappers; the first is kept";
    DEVGUIDE_NO_RESPONSE = "devguide-no-response", [Warning],
        "a Dev Guide page has no `API Response` section";
    DEVGUIDE_RESPONSE_TABLE = "devguide-response-table", [Warning],
        "a second response field table has no `#path` line saying which field it details";
    DEVGUIDE_RESPONSE_EXAMPLE = "devguide-response-example", [Warning],
        "a Dev Guide page has a second response example; only the first is read";
    DEVGUIDE_REFERENCE = "devguide-reference", [Warning],
        "a `#path` line has no table, names no response field, or is detailed twice";

    // Merging the pages of one operation (src/resolve/merge.rs).
    MERGE_CONFLICT = "merge-conflict", [Warning],
        "two pages of one operation disagree on a fact; the first page's value is kept";
    MERGE_SINCE = "merge-since", [Note],
        "two pages of one operation give different since versions; the earliest is kept";
    MERGE_WRAPPER_KEY = "merge-wrapper-key", [Warning, Note],
        "two pages of one operation name different body wrappers; the first is kept (a note when one is the other lower-cased, and the cased one is kept)";
    MERGE_FIELD_MISSING = "merge-field-missing", [Note],
        "a field is documented on one page of an operation but not on another; it is kept";
    MERGE_REQUIRED = "merge-required", [Warning],
        "two pages of one operation disagree on whether a field is required; the first is kept";
    MERGE_VALID_VALUES = "merge-valid-values", [Warning, Note],
        "pages disagree on a field's valid values (warning) or one page lists none (note)";

    // Types and examples (src/resolve/).
    UNKNOWN_TYPE = "unknown-type", [Error],
        "a field's documented type is not a type name";
    ENUM_DOCUMENTED_AS_OBJECT = "enum-documented-as-object", [Note],
        "a type documented as {name, ordinal} is read as the string enum its examples show";
    TYPE_CONFLICT = "type-conflict", [Warning],
        "two pages define a named type (or one of its fields) differently; the first is kept";
    TYPE_FIELD_ADDED = "type-field-added", [Note],
        "another page's definition of a named type has a further field; it is added";
    TYPE_UNDEFINED = "type-undefined", [Warning],
        "a named type is used but defined on no page; its examples give its shape";
    EXAMPLE_INTEGER_AS_DECIMAL = "example-integer-as-decimal", [Note],
        "an integer field's example is a whole-number decimal (1.0); the integer type is kept";
    EXAMPLE_TYPE_MISMATCH = "example-type-mismatch", [Warning],
        "an example value does not fit the documented type; the documented type is kept";
    INLINE_OBJECT_NAMED = "inline-object-named", [Note],
        "fields documented in place are those of a named type, and are read as that type";
    PATH_PARAMETER_UNDOCUMENTED = "path-parameter-undocumented", [Warning],
        "a `{name}` in the path has no documented parameter; it is read as a required string";
    PATH_VARIABLE_UNNAMED = "path-variable-unnamed", [Warning],
        "a `{}` in the path names no variable (no OpenAPI document may hold it); it is read as `{param}`";

    // Profiles and overlays (src/profile/).
    PROFILE = "profile", [Error, Warning],
        "a profile or its catalog is unknown or cannot be read (error), or names a failure type no page defines (warning)";
    WRAPPER_KEY = "wrapper-key", [Note],
        "the profile renamed an operation's body wrapper key";
    ROOT_BODY_FIELDS = "root-body-fields", [Note],
        "the profile moved body fields out of the wrapper to the body's root";
    QUERY_STRING_METHODS = "query-string-methods", [Note],
        "the profile moved parameters of a method from the body to the query string";
    QUERY_API = "query-api", [Note],
        "the profile set the wire names and standard parameters of a query operation";
    COMPLETION = "completion", [Note],
        "the profile made an operation asynchronous and added its job response";
    CATALOG = "catalog", [Note],
        "the profile's catalog of APIs overruled its completion rules, or set whether an operation needs a session";
    ERRORS = "errors", [Note],
        "the profile added the failure and plain-text error responses to an operation";
    RESPONSE_FIELDS = "response-fields", [Note],
        "the profile dropped response fields or made them optional, as the server writes them";
    FIELD_TYPES = "field-types", [Note],
        "the profile gave a type to a field the pages leave open";
    OVERLAY = "overlay", [Error, Note],
        "an overlay cannot be read or names what the pages lack (error), or changed a fact (note)";

    // Checks on the final model (src/check.rs).
    LIST_ELEMENT_UNKNOWN = "list-element-unknown", [Warning],
        "nothing says what a list holds; its elements are left untyped";
}

/// The README's table of rules (between its `<!-- rules:begin -->` and `<!-- rules:end -->`
/// markers): one row per rule, in registry order.
pub fn markdown_table() -> String {
    let mut table = String::from("| rule | level | what it reports |\n|---|---|---|\n");
    for rule in ALL {
        table.push_str(&format!(
            "| `{}` | {} | {} |\n",
            rule.name,
            rule.levels_text(),
            rule.summary.replace('|', "\\|")
        ));
    }
    table
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;

    #[test]
    fn every_rule_has_a_name_of_its_own_a_level_and_a_summary() {
        let mut names: Vec<&str> = ALL.iter().map(|r| r.name).collect();
        names.sort_unstable();
        let twice: Vec<_> = names.windows(2).filter(|w| w[0] == w[1]).map(|w| w[0]).collect();
        assert!(twice.is_empty(), "rules sharing a name: {twice:?}");
        for rule in ALL {
            assert!(!rule.summary.trim().is_empty(), "`{}` has no summary", rule.name);
            assert!(!rule.summary.contains('\n'), "`{}`: a summary is one line", rule.name);
            assert!(!rule.levels.is_empty(), "`{}` has no level", rule.name);
            assert!(rule.levels.windows(2).all(|w| w[0] < w[1]), "`{}`: levels most serious first, once", rule.name);
            let kebab = rule.name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
            assert!(kebab, "`{}` is not a lowercase-and-dashes name", rule.name);
        }
    }

    #[test]
    fn each_constant_is_its_rule_name_in_capitals() {
        for (constant, rule) in CONSTANTS {
            assert_eq!(*constant, rule.name.to_uppercase().replace('-', "_"));
        }
    }

    #[test]
    fn the_markdown_table_has_a_row_per_rule() {
        let table = markdown_table();
        assert_eq!(table.lines().count(), ALL.len() + 2);
        assert!(table.contains("| `merge-valid-values` | warning, note | pages disagree"), "{table}");
    }

    /// Reads every source file of the crate: no call site passes a string as a rule, nothing takes
    /// a rule's name as a string (which would let one in again), and a rule named at a call whose
    /// level shows (`diags.warning(…, rules::X, …)`) is registered at that level.
    #[test]
    fn call_sites_name_registered_rules_at_registered_levels() {
        let mut problems = Vec::new();
        for path in rust_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src")) {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let shown = path.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap_or(&path).display().to_string();
            let mut found = check_source(&blank_literals(&text));
            if shown == "src/diag.rs" {
                // The one rule held as a string: the name `Diagnostic.rule` carries, which only
                // `Diagnostics::push` sets, from a `Rule`.
                let stored = found.iter().position(|p| p.ends_with("a rule taken as a string"));
                stored.map(|i| found.remove(i));
            }
            problems.extend(found.into_iter().map(|p| format!("{shown}:{p}")));
        }
        assert!(problems.is_empty(), "\n{}", problems.join("\n"));
    }

    #[test]
    fn the_source_check_finds_literal_rules_and_wrong_levels() {
        let found = check_source(&blank_literals(
            "diags.warning(&s, \"x-y\", m);\ncx.note(op, rules::WRAPPER_KEY, s);\nself.note(op, rules::HTML_MALFORMED, s);\n\
             Origin { rule: \"overlay\" }\nfn f(rule: &'static str) {}\nd.push(Level::Note, &s, rules::NOT_TEXT, m);\n\
             d.error(&s, 0, '\"');",
        ));
        assert_eq!(
            found,
            [
                "1: a string as the rule of `.warning(`",
                "3: `html-malformed` is not registered at level note",
                "4: a string as a rule",
                "5: a rule taken as a string",
                "6: `not-text` is not registered at level note",
            ]
        );
    }

    fn rust_files(dir: &Path) -> Vec<PathBuf> {
        let mut files = Vec::new();
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                files.extend(rust_files(&path));
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
        files.sort();
        files
    }

    /// The problems in one file's text (with [`blank_literals`] applied), as `LINE: what`.
    fn check_source(text: &str) -> Vec<String> {
        let line = |at: usize| text[..at].matches('\n').count() + 1;
        let mut problems = Vec::new();
        for (method, level) in [
            ("error", Some(Level::Error)),
            ("warning", Some(Level::Warning)),
            ("note", Some(Level::Note)),
            ("push", None),
        ] {
            let call = format!(".{method}(");
            for (at, _) in text.match_indices(&call) {
                let args = arguments(&text[at + call.len()..]);
                let (level, rule) = match level {
                    Some(level) => (Some(level), args.get(1)),
                    None => (args.first().and_then(|a| level_named(a)), args.get(2)),
                };
                let Some(rule) = rule else { continue };
                if rule.starts_with('"') {
                    problems.push(format!("{}: a string as the rule of `{call}`", line(at)));
                } else if let (Some(level), Some(rule)) = (level, registered(rule)) {
                    if !rule.levels.contains(&level) {
                        problems.push(format!("{}: `{}` is not registered at level {level}", line(at), rule.name));
                    }
                }
            }
        }
        for (pattern, what) in [
            ("rule: \"", "a string as a rule"),
            (".origin(\"", "a string as a rule"),
            ("rule: &'static str", "a rule taken as a string"),
        ] {
            problems.extend(text.match_indices(pattern).map(|(at, _)| format!("{}: {what}", line(at))));
        }
        problems.sort_by_key(|p| p.split(':').next().and_then(|n| n.parse::<usize>().ok()));
        problems
    }

    /// The registry's rule a call's argument names (`rules::X`, `diag::rules::X`, `X`), if any.
    fn registered(argument: &str) -> Option<Rule> {
        let constant = argument.rsplit("::").next().unwrap_or(argument);
        CONSTANTS.iter().find(|(c, _)| *c == constant).map(|(_, rule)| *rule)
    }

    fn level_named(argument: &str) -> Option<Level> {
        match argument {
            "Level::Error" => Some(Level::Error),
            "Level::Warning" => Some(Level::Warning),
            "Level::Note" => Some(Level::Note),
            _ => None,
        }
    }

    /// The top-level arguments of a call, from just after its `(`, trimmed.
    fn arguments(text: &str) -> Vec<&str> {
        let (mut depth, mut start, mut args) = (0usize, 0, Vec::new());
        for (i, c) in text.char_indices() {
            match c {
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' if depth == 0 => {
                    args.push(text[start..i].trim());
                    break;
                }
                ')' | ']' | '}' => depth -= 1,
                ',' if depth == 0 => {
                    args.push(text[start..i].trim());
                    start = i + 1;
                }
                _ => {}
            }
        }
        args.retain(|a| !a.is_empty());
        args
    }

    /// The source with comments removed and every string and char literal emptied (`""`, `' '`),
    /// so that parentheses, commas and quotes inside them do not count; lines stay where they are.
    fn blank_literals(text: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        let (mut out, mut i) = (String::with_capacity(text.len()), 0);
        while i < chars.len() {
            if let Some((end, stand_in)) = literal_at(&chars, i) {
                out.push_str(stand_in);
                out.extend(chars[i..end].iter().filter(|c| **c == '\n'));
                i = end;
            } else {
                out.push(chars[i]);
                i += 1;
            }
        }
        out
    }

    /// Where the comment or literal that starts at `i` ends, and what stands for it.
    fn literal_at(chars: &[char], i: usize) -> Option<(usize, &'static str)> {
        let next = |k: usize| chars.get(i + k).copied();
        let starts_token = i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '_');
        match chars[i] {
            '/' if next(1) == Some('/') => {
                Some((chars[i..].iter().position(|c| *c == '\n').map_or(chars.len(), |p| i + p), ""))
            }
            '/' if next(1) == Some('*') => {
                let end = (i + 4..=chars.len()).find(|&j| chars[j - 2] == '*' && chars[j - 1] == '/');
                Some((end.unwrap_or(chars.len()), " "))
            }
            '"' => Some((string_end(chars, i + 1, 0), "\"\"")),
            'r' if starts_token => {
                let hashes = chars[i + 1..].iter().take_while(|c| **c == '#').count();
                (next(1 + hashes) == Some('"')).then(|| (string_end(chars, i + 2 + hashes, hashes), "\"\""))
            }
            '\'' if next(1) == Some('\\') => {
                let end = (i + 3..chars.len()).find(|&j| chars[j] == '\'').map_or(chars.len(), |j| j + 1);
                Some((end, "' '"))
            }
            '\'' if next(2) == Some('\'') => Some((i + 3, "' '")),
            _ => None,
        }
    }

    /// Where a string literal whose contents start at `from` ends (just after its closing quote
    /// and `hashes` `#`s); escapes count only in a plain (non-raw) string.
    fn string_end(chars: &[char], from: usize, hashes: usize) -> usize {
        let mut j = from;
        while j < chars.len() {
            match chars[j] {
                '\\' if hashes == 0 => j += 2,
                '"' if chars[j + 1..].iter().take(hashes).filter(|c| **c == '#').count() == hashes => {
                    return j + 1 + hashes;
                }
                _ => j += 1,
            }
        }
        chars.len()
    }
}
