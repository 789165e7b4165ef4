//! A document written entry by entry, so that no whole document is ever held.
//!
//! At platform scale an OpenAPI document is 12 to 17 MB of text, and as a `serde_json::Value` it
//! is several times that: building it whole, then its YAML and its JSON as whole strings, was the
//! largest part of a run's peak memory. The emitter instead walks the document and hands a
//! [`Sink`] one top-level entry (or one path item, one schema) at a time; each sink turns it into
//! text at once and lets it go.
//!
//! Three sinks take the same walk: YAML text ([`super::yaml::YamlSink`]), pretty JSON text
//! ([`JsonSink`], byte for byte what `serde_json::to_string_pretty` of the whole document
//! writes), and the document as a `Value` ([`ValueSink`], for callers that want to look inside).
//! [`Both`] feeds two at once, so that one walk writes the YAML and the JSON of a document.

use std::io;

use serde_json::{Map, Value};

/// What a document is written into: the entries of its top-level mapping, in order; an entry
/// whose value is a mapping can be given whole ([`Sink::entry`]) or opened and given entry by
/// entry until it is closed.
pub trait Sink {
    /// Starts an entry whose value is a mapping; the entries that follow are its own, until
    /// [`Sink::close`].
    fn open(&mut self, key: &str) -> io::Result<()>;
    /// An entry with its whole value, in the mapping opened last (or the top level).
    fn entry(&mut self, key: &str, value: &Value) -> io::Result<()>;
    /// Ends the mapping opened last.
    fn close(&mut self) -> io::Result<()>;
    /// Ends the document: writes what is buffered.
    fn finish(&mut self) -> io::Result<()>;
}

/// Two sinks fed the same entries.
pub struct Both<A, B>(pub A, pub B);

impl<A: Sink, B: Sink> Sink for Both<A, B> {
    fn open(&mut self, key: &str) -> io::Result<()> {
        self.0.open(key)?;
        self.1.open(key)
    }

    fn entry(&mut self, key: &str, value: &Value) -> io::Result<()> {
        self.0.entry(key, value)?;
        self.1.entry(key, value)
    }

    fn close(&mut self) -> io::Result<()> {
        self.0.close()?;
        self.1.close()
    }

    fn finish(&mut self) -> io::Result<()> {
        self.0.finish()?;
        self.1.finish()
    }
}

/// The text a sink holds before it writes it out: enough that writes are few, small enough
/// that it never matters.
pub(crate) const BUFFER: usize = 1 << 16;

/// Pretty JSON, as `serde_json::to_string_pretty` writes the whole document (two-space indents,
/// `{}` for an empty mapping), ending in a line break.
pub struct JsonSink<W: io::Write> {
    out: W,
    buffer: Vec<u8>,
    /// Per open mapping, the top level first: how many entries it has had.
    entries: Vec<usize>,
}

impl<W: io::Write> JsonSink<W> {
    pub fn new(out: W) -> Self {
        JsonSink { out, buffer: Vec::with_capacity(BUFFER), entries: vec![0] }
    }

    /// The separator before an entry, its indent and its key.
    fn key(&mut self, key: &str) -> io::Result<()> {
        let top = self.entries.len() == 1;
        let count = self.entries.last_mut().ok_or_else(|| io::Error::other("an entry after the document's end"))?;
        if *count == 0 && top {
            self.buffer.push(b'{');
        }
        self.buffer.extend_from_slice(if *count == 0 { b"\n" } else { b",\n" });
        *count += 1;
        self.indent(self.entries.len());
        serde_json::to_writer(&mut self.buffer, key)?;
        self.buffer.extend_from_slice(b": ");
        Ok(())
    }

    fn indent(&mut self, level: usize) {
        self.buffer.extend(std::iter::repeat_n(b' ', 2 * level));
    }

    fn spill(&mut self) -> io::Result<()> {
        if self.buffer.len() >= BUFFER {
            self.out.write_all(&self.buffer)?;
            self.buffer.clear();
        }
        Ok(())
    }
}

impl<W: io::Write> Sink for JsonSink<W> {
    fn open(&mut self, key: &str) -> io::Result<()> {
        self.key(key)?;
        self.buffer.push(b'{');
        self.entries.push(0);
        Ok(())
    }

    fn entry(&mut self, key: &str, value: &Value) -> io::Result<()> {
        self.key(key)?;
        // The value printed on its own, then indented to where it stands: JSON text has no line
        // breaks inside strings (they are escaped), so every break is the layout's.
        let text = serde_json::to_vec_pretty(value)?;
        for (i, line) in text.split(|b| *b == b'\n').enumerate() {
            if i > 0 {
                self.buffer.push(b'\n');
                self.indent(self.entries.len());
            }
            self.buffer.extend_from_slice(line);
        }
        self.spill()
    }

    fn close(&mut self) -> io::Result<()> {
        let count = self.entries.pop().ok_or_else(|| io::Error::other("a close with nothing open"))?;
        if count > 0 {
            self.buffer.push(b'\n');
            self.indent(self.entries.len());
        }
        self.buffer.push(b'}');
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        match self.entries.as_slice() {
            [0] => self.buffer.extend_from_slice(b"{}"),
            [_] => self.buffer.extend_from_slice(b"\n}"),
            _ => return Err(io::Error::other("the document ends with a mapping open")),
        }
        self.buffer.push(b'\n');
        self.entries.clear();
        self.out.write_all(&self.buffer)?;
        self.buffer.clear();
        self.out.flush()
    }
}

/// The document as a `Value` (what [`super::openapi::document`] returns).
#[derive(Default)]
pub struct ValueSink {
    /// The top level, then each open mapping with its key.
    open: Vec<(String, Map<String, Value>)>,
    done: Option<Value>,
}

impl ValueSink {
    pub fn new() -> Self {
        ValueSink { open: vec![(String::new(), Map::new())], done: None }
    }

    /// The document, once [`Sink::finish`] has been called.
    pub fn into_value(self) -> Value {
        self.done.unwrap_or(Value::Null)
    }

    fn top(&mut self) -> io::Result<&mut Map<String, Value>> {
        self.open.last_mut().map(|(_, map)| map).ok_or_else(|| io::Error::other("an entry after the document's end"))
    }
}

impl Sink for ValueSink {
    fn open(&mut self, key: &str) -> io::Result<()> {
        self.open.push((key.to_owned(), Map::new()));
        Ok(())
    }

    fn entry(&mut self, key: &str, value: &Value) -> io::Result<()> {
        self.top()?.insert(key.to_owned(), value.clone());
        Ok(())
    }

    fn close(&mut self) -> io::Result<()> {
        let (key, map) = self.open.pop().ok_or_else(|| io::Error::other("a close with nothing open"))?;
        self.top()?.insert(key, Value::Object(map));
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        match self.open.pop() {
            Some((_, map)) if self.open.is_empty() => {
                self.done = Some(Value::Object(map));
                Ok(())
            }
            _ => Err(io::Error::other("the document ends with a mapping open")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Feeds `doc` (a mapping) to a sink, opening the mappings whose key starts with `~`.
    fn walk(sink: &mut impl Sink, doc: &Map<String, Value>) {
        for (key, value) in doc {
            match (key.strip_prefix('~'), value) {
                (Some(key), Value::Object(inner)) => {
                    sink.open(key).unwrap();
                    walk(sink, inner);
                    sink.close().unwrap();
                }
                _ => sink.entry(key, value).unwrap(),
            }
        }
    }

    /// The document without the `~` marks: what the walk stands for.
    fn plain(value: &Value) -> Value {
        match value {
            Value::Object(map) => Value::Object(
                map.iter().map(|(k, v)| (k.strip_prefix('~').unwrap_or(k).to_owned(), plain(v))).collect(),
            ),
            other => other.clone(),
        }
    }

    fn samples() -> Vec<Value> {
        vec![
            json!({}),
            json!({ "a": 1 }),
            json!({ "~empty": {}, "b": [] }),
            json!({ "openapi": "3.1.0", "~paths": { "/x": { "get": { "tags": ["a", "b"], "n": null } }, "/y": {} },
                    "~components": { "~schemas": { "A": { "type": "object" }, "B": { "enum": ["ON", "x\ny"] } },
                                     "securitySchemes": { "s": {} } },
                    "z": "\u{7f}\"" }),
        ]
    }

    #[test]
    fn the_walked_json_is_the_whole_documents_pretty_json() {
        for doc in samples() {
            let mut text = Vec::new();
            let mut sink = JsonSink::new(&mut text);
            walk(&mut sink, doc.as_object().unwrap());
            sink.finish().unwrap();
            let whole = serde_json::to_string_pretty(&plain(&doc)).unwrap() + "\n";
            assert_eq!(String::from_utf8(text).unwrap(), whole, "{doc}");
        }
    }

    #[test]
    fn the_walked_yaml_is_the_whole_documents_yaml() {
        for doc in samples() {
            let mut text = Vec::new();
            let mut sink = super::super::yaml::YamlSink::new(&mut text);
            walk(&mut sink, doc.as_object().unwrap());
            sink.finish().unwrap();
            assert_eq!(String::from_utf8(text).unwrap(), super::super::yaml::to_yaml(&plain(&doc)), "{doc}");
        }
    }

    #[test]
    fn the_walked_value_is_the_document() {
        for doc in samples() {
            let mut sink = ValueSink::new();
            walk(&mut sink, doc.as_object().unwrap());
            sink.finish().unwrap();
            assert_eq!(sink.into_value(), plain(&doc));
        }
    }

    #[test]
    fn a_walk_that_does_not_close_what_it_opened_is_an_error() {
        let mut sink = JsonSink::new(Vec::new());
        sink.open("a").unwrap();
        assert!(sink.finish().is_err());
        let mut sink = ValueSink::new();
        sink.open("a").unwrap();
        assert!(sink.finish().is_err());
        assert!(ValueSink::new().close().is_err());
    }
}
