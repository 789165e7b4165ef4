//! Doc comment text from page text. Page text is data, never Markdown of ours: in a doc comment
//! it must stay inert, or rustdoc reads it as code (a fenced or indented block becomes a doctest
//! that `cargo test` compiles and runs), as HTML (`<script>` in the rendered page), as links
//! (`[Missing]` fails `cargo doc -D warnings`), and rustc refuses bidi controls in comments.
//!
//! The plan writes page text with [`prose`] (a line of description) and [`code`] (a name or a
//! path inside the generated sentences); [`shown`] runs over every doc line at the end, for what
//! no Markdown escape can make harmless.

use crate::diag::is_bidi_control;

/// A line of page text as Markdown that renders as that text and nothing else: the characters
/// that open code blocks, HTML, entities or links are escaped, leading whitespace (an indented
/// code block) is dropped, and a URL becomes a code span (rustdoc warns on a bare URL). An inline
/// code span the text closes on the line (`` `+field` ``) stays one: rustdoc shows its text as it
/// is, and a run of three backticks or more (a fence) is always escaped.
pub fn prose(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line.trim_start();
    while let Some(at) = rest.find('`') {
        out.push_str(&plain(&rest[..at]));
        let run = rest[at..].len() - rest[at..].trim_start_matches('`').len();
        let after = &rest[at + run..];
        let close = (run < 3).then(|| closing(after, run)).flatten();
        match close {
            Some(end) => {
                out.push_str(&rest[at..at + run + end + run]);
                rest = &after[end + run..];
            }
            None => {
                out.push_str(&"\\`".repeat(run));
                rest = after;
            }
        }
    }
    out.push_str(&plain(rest));
    out
}

/// Where a run of exactly `run` backticks starts in `text` (the end of a code span).
fn closing(text: &str, run: usize) -> Option<usize> {
    let mut from = 0;
    while let Some(at) = text[from..].find('`') {
        let start = from + at;
        let len = text[start..].len() - text[start..].trim_start_matches('`').len();
        if len == run {
            return Some(start);
        }
        from = start + len;
    }
    None
}

/// Text outside code spans, escaped word by word.
fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if word.starts_with("http://") || word.starts_with("https://") {
            out.push_str(&code(word));
            continue;
        }
        for c in word.chars() {
            match c {
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '&' => out.push_str("&amp;"),
                '\\' | '`' | '~' | '[' | ']' => {
                    out.push('\\');
                    out.push(c);
                }
                c => out.push(c),
            }
        }
    }
    out
}

/// Text as an inline code span, whatever it holds: the fence is one backtick longer than the
/// longest run inside, with a space inside each end where the text would touch it.
pub fn code(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// A doc line as rustc accepts it and a reader sees it: control characters (a line break, a bare
/// CR) and the bidi controls that reorder text (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F,
/// U+061C; rustc's `text_direction_codepoint_in_comment`) are shown as `\u{…}`. A tab stays.
pub fn shown(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        if (c.is_control() && c != '\t') || is_bidi_control(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_text_is_escaped_markdown() {
        assert_eq!(prose("```rust"), "\\`\\`\\`rust");
        assert_eq!(prose("~~~"), "\\~\\~\\~");
        assert_eq!(prose("    panic!()"), "panic!()");
        assert_eq!(prose("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
        assert_eq!(prose("see [Missing] & \\n"), "see \\[Missing\\] &amp; \\\\n");
        assert_eq!(prose("at http://x/<a> now"), "at `http://x/<a>` now");
        assert_eq!(prose("The resource UUID."), "The resource UUID.");
        assert_eq!(prose("order: `+field` up, `<b>` [x]"), "order: `+field` up, `<b>` \\[x\\]");
        assert_eq!(prose("a ` b"), "a \\` b");
        assert_eq!(prose("```rust ```"), "\\`\\`\\`rust \\`\\`\\`");
    }

    #[test]
    fn code_spans_hold_any_text() {
        assert_eq!(code("uuid"), "`uuid`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x``"), "``` `x`` ```");
    }

    #[test]
    fn controls_and_bidi_are_shown() {
        assert_eq!(shown("a\u{202e}b\u{2066}c\u{200f}d\u{61c}"), "a\\u{202e}b\\u{2066}c\\u{200f}d\\u{61c}");
        assert_eq!(shown("a\rb\nc\td"), "a\\u{d}b\\u{a}c\td");
    }
}
