//! Field lines of a flat copy: no bullets and no indentation, one field a line with its description
//! fused (`stateEventStringRequiredThe state event.`).
//!
//! Nesting is not on the lines, so it comes from the page's other evidence: a field typed as an
//! object whose example value (in the request example) is an object opens a level, and the lines
//! after it stay inside while their names are keys of that object. A name that the open object
//! lacks closes it (`systemTags` after the wrapper's fields); a name no example holds stays where
//! it is listed.

use serde_json::Value;

use super::fields::{FieldReader, doc_field};
use crate::example;
use crate::facts::{DocField, LineRole};
use crate::layout::field_header::{self, Evidence};
use crate::model::Source;

/// An object field still taking children, with the example values at its path.
struct Open<'v> {
    field: DocField,
    examples: Vec<&'v Value>,
}

/// Reads flat field lines into a field tree. `root` are the example values at the list's parent.
pub(super) fn fields(reader: &mut FieldReader<'_, '_>, lines: &[(&str, u32)], root: &[&Value]) -> Vec<DocField> {
    let mut done = Vec::new();
    let mut stack: Vec<Open<'_>> = Vec::new();
    for &(text, line) in lines {
        let parents: Vec<&Value> = stack.last().map_or_else(|| root.to_vec(), |o| o.examples.clone());
        let Some(field) = read_line(reader, text, line, &parents) else { continue };
        // Close the open objects that lack the name, if an outer level (or the root) has it.
        while let Some(top) = stack.last()
            && !holds(&top.examples, &field.name)
            && (holds(root, &field.name) || stack.iter().any(|o| holds(&o.examples, &field.name)))
        {
            close(&mut stack, &mut done);
        }
        let parent = stack.last().map_or(root, |o| &o.examples[..]);
        let inner: Vec<&Value> =
            example::child_values(parent, &field.name).into_iter().filter(|v| v.is_object()).collect();
        if !inner.is_empty() {
            stack.push(Open { field, examples: inner });
        } else {
            attach(&mut stack, &mut done, field);
        }
    }
    while !stack.is_empty() {
        close(&mut stack, &mut done);
    }
    done
}

/// Whether the example objects of a level have the key.
fn holds(examples: &[&Value], name: &str) -> bool {
    examples.iter().any(|v| v.get(name).is_some())
}

fn close(stack: &mut Vec<Open<'_>>, done: &mut Vec<DocField>) {
    if let Some(open) = stack.pop() {
        attach(stack, done, open.field);
    }
}

fn attach(stack: &mut [Open<'_>], done: &mut Vec<DocField>, field: DocField) {
    match stack.last_mut() {
        Some(open) => open.field.children.push(field),
        None => done.push(field),
    }
}

/// One field line; a line that is no field gets `line-not-understood`.
fn read_line(reader: &mut FieldReader<'_, '_>, text: &str, line: u32, parents: &[&Value]) -> Option<DocField> {
    let source = Source::new(reader.file, line);
    let evidence =
        Evidence { sibling_keys: example::keys(parents), page_keys: reader.page_keys, known_types: reader.known_types };
    match field_header::split_described(text, &evidence) {
        Ok((split, description)) => {
            let header = reader.accept(split, &source, parents);
            reader.marks.push((line, LineRole::Fact));
            Some(doc_field(header, description, Vec::new(), source))
        }
        Err(why) => {
            reader.not_understood(line, &format!("{why}; the line is not read as a field"));
            None
        }
    }
}
