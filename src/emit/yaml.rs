//! A JSON value as YAML text: block mappings and sequences, in the layout serde_norway (libyaml)
//! writes, so that documents read the same; but faster (it was a sixth of a platform run) and with
//! one fix that matters to the tools people feed OpenAPI documents to.
//!
//! The fix: many readers still speak YAML 1.1 (SnakeYAML in openapi-generator and swagger-parser,
//! PyYAML), where a plain `OFF`, `yes` or `n` is a boolean. YAML 1.2 writers such as libyaml's
//! leave those plain, so an enum `[OFF, FATAL, ERROR]` reached those tools as
//! `[false, "FATAL", "ERROR"]`. Here every scalar that either version could take for something
//! other than a string is quoted.
//!
//! Styles, as libyaml chooses them: a string is plain unless plain would be read back as
//! something else or break the layout; then single-quoted (`'` doubled); strings with line breaks
//! or characters that single quotes cannot hold are double-quoted with JSON's escapes (which YAML
//! shares). Empty mappings and sequences are `{}` and `[]`. Numbers are written as serde_norway
//! writes them (`itoa`, `ryu`).

use std::io;

use serde_json::{Map, Value};

use super::sink::{BUFFER, Sink};

/// The YAML text of a value, ending in a line break.
pub fn to_yaml(value: &Value) -> String {
    let mut out = String::with_capacity(4096);
    match value {
        Value::Object(map) if !map.is_empty() => mapping(&mut out, map, 0, false),
        Value::Array(items) if !items.is_empty() => sequence(&mut out, items, 0, false),
        scalar => {
            write_scalar(&mut out, scalar);
            out.push('\n');
        }
    }
    out
}

/// A document given entry by entry (see [`super::sink`]) as the YAML [`to_yaml`] writes of it
/// whole.
pub struct YamlSink<W: io::Write> {
    out: W,
    text: String,
    /// Whether the top level has had an entry.
    started: bool,
    /// Per open mapping: whether it has had an entry (until then, an empty one is `{}`).
    open: Vec<bool>,
}

impl<W: io::Write> YamlSink<W> {
    pub fn new(out: W) -> Self {
        YamlSink { out, text: String::with_capacity(BUFFER), started: false, open: Vec::new() }
    }

    /// The column of the open mapping's entries.
    fn indent(&self) -> usize {
        2 * self.open.len()
    }

    /// Starts a line of the open mapping: its key's line ends first if this is its first entry.
    fn start_line(&mut self) {
        self.started = true;
        if let Some(had) = self.open.last_mut()
            && !*had
        {
            *had = true;
            self.text.push('\n');
        }
        let indent = self.indent();
        push_indent(&mut self.text, indent);
    }
}

impl<W: io::Write> Sink for YamlSink<W> {
    fn open(&mut self, key: &str) -> io::Result<()> {
        self.start_line();
        let indent = self.indent();
        write_key(&mut self.text, key, indent);
        self.text.push(':');
        self.open.push(false);
        Ok(())
    }

    fn entry(&mut self, key: &str, value: &Value) -> io::Result<()> {
        self.start_line();
        let indent = self.indent();
        entry(&mut self.text, key, value, indent);
        if self.text.len() >= BUFFER {
            self.out.write_all(self.text.as_bytes())?;
            self.text.clear();
        }
        Ok(())
    }

    fn close(&mut self) -> io::Result<()> {
        match self.open.pop() {
            Some(true) => {}
            Some(false) => self.text.push_str(" {}\n"),
            None => return Err(io::Error::other("a close with nothing open")),
        }
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        if !self.open.is_empty() {
            return Err(io::Error::other("the document ends with a mapping open"));
        }
        if !self.started {
            self.text.push_str("{}\n");
        }
        self.out.write_all(self.text.as_bytes())?;
        self.text.clear();
        self.out.flush()
    }
}

/// The keys of `map` at column `indent`; with `inline`, the first key goes where the line stands
/// (after a sequence's `- `).
fn mapping(out: &mut String, map: &Map<String, Value>, indent: usize, inline: bool) {
    for (i, (key, value)) in map.iter().enumerate() {
        if i > 0 || !inline {
            push_indent(out, indent);
        }
        entry(out, key, value, indent);
    }
}

/// One entry of a mapping at column `indent`, from its key on (the indent is written).
fn entry(out: &mut String, key: &str, value: &Value, indent: usize) {
    write_key(out, key, indent);
    out.push(':');
    match value {
        Value::Object(inner) if !inner.is_empty() => {
            out.push('\n');
            mapping(out, inner, indent + 2, false);
        }
        // libyaml writes a mapping's sequences without indenting them ("indentless").
        Value::Array(items) if !items.is_empty() => {
            out.push('\n');
            sequence(out, items, indent, false);
        }
        scalar => {
            out.push(' ');
            write_scalar(out, scalar);
            out.push('\n');
        }
    }
}

fn sequence(out: &mut String, items: &[Value], indent: usize, inline: bool) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 || !inline {
            push_indent(out, indent);
        }
        out.push_str("- ");
        match item {
            Value::Object(inner) if !inner.is_empty() => mapping(out, inner, indent + 2, true),
            Value::Array(inner) if !inner.is_empty() => sequence(out, inner, indent + 2, true),
            scalar => {
                write_scalar(out, scalar);
                out.push('\n');
            }
        }
    }
}

fn push_indent(out: &mut String, indent: usize) {
    const SPACES: &str = "                                                                ";
    let mut left = indent;
    while left > 0 {
        let n = left.min(SPACES.len());
        out.push_str(&SPACES[..n]);
        left -= n;
    }
}

/// A mapping key: a scalar on one line; YAML allows such an implicit key up to 1,024 characters,
/// so a longer (or multi-line) key is written as an explicit `? key` line.
fn write_key(out: &mut String, key: &str, indent: usize) {
    if (key.len() <= 1024 || key.chars().count() <= 1024) && !key.contains(['\n', '\r']) {
        write_string(out, key);
    } else {
        out.push_str("? ");
        double_quoted(out, key);
        out.push('\n');
        push_indent(out, indent);
    }
}

fn write_scalar(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => write_number(out, n),
        Value::String(s) => write_string(out, s),
        // Empty containers (the non-empty ones never get here).
        Value::Array(_) => out.push_str("[]"),
        Value::Object(_) => out.push_str("{}"),
    }
}

fn write_number(out: &mut String, n: &serde_json::Number) {
    if let Some(i) = n.as_u64() {
        out.push_str(itoa::Buffer::new().format(i));
    } else if let Some(i) = n.as_i64() {
        out.push_str(itoa::Buffer::new().format(i));
    } else if let Some(f) = n.as_f64() {
        match f.classify() {
            std::num::FpCategory::Infinite if f.is_sign_positive() => out.push_str(".inf"),
            std::num::FpCategory::Infinite => out.push_str("-.inf"),
            std::num::FpCategory::Nan => out.push_str(".nan"),
            _ => out.push_str(ryu::Buffer::new().format_finite(f)),
        }
    }
}

fn write_string(out: &mut String, s: &str) {
    match style(s) {
        Style::Plain => out.push_str(s),
        Style::SingleQuoted => {
            out.push('\'');
            out.push_str(&s.replace('\'', "''"));
            out.push('\'');
        }
        Style::DoubleQuoted => double_quoted(out, s),
    }
}

/// A double-quoted scalar: `"` and `\` escaped, line breaks and tabs by their letters, and every
/// other character YAML does not let stand in a document (C0 and C1 controls, DEL, a byte-order
/// mark) as `\uXXXX`. JSON's escaping would not do: it leaves DEL and the C1 controls raw.
fn double_quoted(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if printable(c) && !line_break(c) => out.push(c),
            c => out.push_str(&format!("\\u{:04X}", u32::from(c))),
        }
    }
    out.push('"');
}

#[derive(Debug, PartialEq, Eq)]
enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
}

fn style(s: &str) -> Style {
    let plain_ascii = s.bytes().all(|b| (0x20..0x7F).contains(&b));
    if !plain_ascii && s.chars().any(|c| line_break(c) || !printable(c)) {
        return Style::DoubleQuoted;
    }
    if read_as_other_than_string(s) || !plain_allowed(s) {
        return Style::SingleQuoted;
    }
    Style::Plain
}

/// What YAML (libyaml, YAML 1.1) reads as a line break: inside a scalar it would end the line.
fn line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// What YAML lets stand in a document without escapes (libyaml's `IS_PRINTABLE`, tab excluded).
fn printable(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{7E}' | '\u{85}' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
        && c != '\u{FEFF}'
}

/// Whether a plain scalar would be read back as null, a boolean or a number by a YAML 1.2 or a
/// YAML 1.1 reader.
fn read_as_other_than_string(s: &str) -> bool {
    const WORDS: &[&str] = &[
        "", "~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE", "y", "Y", "yes", "Yes",
        "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", ".inf", ".Inf", ".INF", "+.inf",
        "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN", "<<", "=",
    ];
    // (No word is longer than five bytes: most strings need no comparison.)
    (s.len() <= 5 && WORDS.contains(&s)) || looks_numeric(s)
}

/// Whether a plain scalar is a number to a YAML 1.2 or a YAML 1.1 reader (their int and float
/// forms together: `0x1F`, `0o17`, `0b101`, `1_000`, `1:20`, `.5`, `1e3`; one dot at most, so
/// that a version such as `3.1.0` stays a string, as both read it).
fn looks_numeric(s: &str) -> bool {
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    // Every form below starts with a digit, `_` or `.`: the rest is never read for other strings.
    if !body.starts_with(|c: char| c.is_ascii_digit() || c == '_' || c == '.') {
        return false;
    }
    let digits = |t: &str, ok: fn(char) -> bool| !t.is_empty() && t.chars().all(|c| ok(c) || c == '_');
    if let Some(rest) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
        return digits(rest, |c| c.is_ascii_hexdigit());
    }
    if let Some(rest) = body.strip_prefix("0o").or_else(|| body.strip_prefix("0b")) {
        return digits(rest, |c| c.is_ascii_digit());
    }
    if body.contains(':') {
        // YAML 1.1's base 60: `1:20`, `1:20:30.5`.
        return body.split(':').all(|part| {
            let whole = part.split_once('.').map_or(part, |(w, _)| w);
            digits(whole, |c| c.is_ascii_digit())
        });
    }
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(at) => (&body[..at], Some(&body[at + 1..])),
        None => (body, None),
    };
    let mantissa_ok = mantissa.chars().any(|c| c.is_ascii_digit())
        && mantissa.chars().filter(|&c| c == '.').count() <= 1
        && mantissa.chars().all(|c| c.is_ascii_digit() || c == '_' || c == '.');
    let exponent_ok = exponent.is_none_or(|e| digits(e.strip_prefix(['-', '+']).unwrap_or(e), |c| c.is_ascii_digit()));
    mantissa_ok && exponent_ok
}

/// libyaml's rules for a plain scalar in block context: no indicator where it would start
/// something else, no leading or trailing space, no `: ` or ` #` inside.
fn plain_allowed(s: &str) -> bool {
    if s.starts_with("---") || s.starts_with("...") {
        return false;
    }
    if s.starts_with(' ') || s.ends_with(' ') || s.starts_with('\t') || s.ends_with('\t') {
        return false;
    }
    // Indicators are ASCII, so bytes will do: a byte of a multi-byte character is never one.
    let bytes = s.as_bytes();
    let blank = |b: Option<&u8>| b.is_none_or(|b| *b == b' ' || *b == b'\t');
    if let Some(&first) = bytes.first() {
        if b"#,[]{}&*!|>'\"%@`".contains(&first) {
            return false;
        }
        if matches!(first, b'?' | b':' | b'-') && blank(bytes.get(1)) {
            return false;
        }
    }
    for (i, &b) in bytes.iter().enumerate().skip(1) {
        if (b == b':' && blank(bytes.get(i + 1))) || (b == b'#' && blank(bytes.get(i - 1))) {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// What serde_norway writes (without the strings YAML 1.1 reads otherwise).
    #[test]
    fn the_layout_is_serde_norways() {
        let value = json!({
            "openapi": "3.1.0",
            "info": {"title": "A: b", "version": "1.0"},
            "tags": [{"name": "x", "description": "it's"}, {"name": "z"}],
            "empty": {}, "none": [], "nested": [[1, 2], [{"a": true}]],
            "numbers": [1, -2, 1.5, 1.0e20, 0.1],
            "strings": ["", "null", "123", "0123", "1.5", "- a", "a: b", "a #b", "a#b", "#a", " a", "plain text", "3.1.0", "v1.2", "1.2.3.4"],
        });
        let ours = to_yaml(&value);
        assert_eq!(ours, serde_norway::to_string(&value).expect("serialises"));
    }

    #[test]
    fn words_yaml_1_1_reads_as_booleans_are_quoted() {
        let value = json!({"enum": ["OFF", "on", "Yes", "n", "FATAL", "1:20", "0b101", "0o17"], "level": "OFF"});
        assert_eq!(
            to_yaml(&value),
            "enum:\n- 'OFF'\n- 'on'\n- 'Yes'\n- 'n'\n- FATAL\n- '1:20'\n- '0b101'\n- '0o17'\nlevel: 'OFF'\n"
        );
    }

    #[test]
    fn every_string_reads_back_as_itself() {
        let strings = [
            "del\u{7F}",
            "c1\u{80}\u{9F}",
            "nel\u{85}",
            "ls\u{2028}ps\u{2029}",
            "\u{FFFE}",
            "\u{1F600}",
            "\u{0}nul",
            "",
            " ",
            "a\nb",
            "a\r\n",
            "tab\there",
            "\u{7}bell",
            "quote ' and \" both",
            "\\",
            "é 中文",
            "\u{FEFF}bom",
            "key: value",
            "- item",
            "? q",
            ": c",
            "[a]",
            "{a}",
            "*ref",
            "&anchor",
            "!tag",
            "|",
            ">",
            "%",
            "@",
            "`",
            "---",
            "...",
            "0x1F",
            "1e3",
            "1_000",
            "1:20",
            ".5",
            "+1",
            "-",
            "a:",
            "a: ",
            "#",
            "a # b",
            "~",
            "=",
        ];
        for s in strings {
            let value = json!({ s: [s, {s: s}] });
            let text = to_yaml(&value);
            let back: Value = serde_norway::from_str(&text).unwrap_or_else(|e| panic!("{s:?}: {e}\n{text}"));
            assert_eq!(back, value, "{s:?}\n{text}");
        }
    }

    #[test]
    fn long_keys_are_explicit() {
        let key = "k".repeat(1025);
        let value = json!({ key.clone(): {"a": 1} });
        let back: Value = serde_norway::from_str(&to_yaml(&value)).expect("reads back");
        assert_eq!(back, value);
    }
}
