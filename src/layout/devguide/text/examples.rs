//! The example blocks: a JSON value cut from its `{` to the brace that closes it, and a curl
//! command joined from its continued lines.

use super::Builder;
use super::segments::split_glued;
use crate::diag::{Diagnostics, rules};
use crate::facts::LineRole;
use crate::model::Source;
use crate::read::Block;

/// The end of a JSON value that starts a text, counting braces and brackets outside strings.
fn json_end(text: &str, depth: &mut i32, in_string: &mut bool) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        if *in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => *in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => *in_string = true,
            '{' | '[' => *depth += 1,
            '}' | ']' => {
                *depth -= 1;
                if *depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

impl Builder<'_> {
    /// A JSON value, from its `{` to the brace that closes it; what follows on that line is read
    /// as the next line. Before any curl or table it is the Body, after them the response.
    pub(super) fn json(&mut self, diags: &mut Diagnostics) {
        let first = self.segs[self.pos].line;
        if !matches!(self.section, "Body" | "API Response" | "Sample Response") {
            let before = self.seen_curl || self.blocks.iter().any(|b| matches!(b, Block::Table { .. }));
            if before { self.ensure(&["API Response"], first) } else { self.ensure(&["Body"], first) }
        }
        let mut depth = 0;
        let mut text = String::new();
        while let Some(seg) = self.segs.get(self.pos).cloned() {
            self.mark(seg.line, LineRole::Example);
            if !text.is_empty() {
                text.push('\n');
            }
            // A JSON string holds no line break: a quote left open (a line cut short) closes with
            // its line, so that one broken line does not swallow the rest of the page.
            let mut in_string = false;
            match json_end(&seg.text, &mut depth, &mut in_string) {
                Some(end) => {
                    text.push_str(&seg.text[..end]);
                    let rest = seg.text[end..].trim();
                    if rest.is_empty() {
                        self.pos += 1;
                    } else {
                        let mut tail = Vec::new();
                        split_glued(rest, seg.line, seg.bullet, &mut tail);
                        self.segs.splice(self.pos..=self.pos, tail);
                    }
                    self.blocks.push(Block::Code { text, line: first });
                    return;
                }
                None => {
                    text.push_str(&seg.text);
                    self.pos += 1;
                }
            }
        }
        diags.warning(
            &Source::new(self.file, first),
            rules::PAGE_INCOMPLETE,
            "the JSON example that starts here is not closed: the page stops before its end",
        );
        self.blocks.push(Block::Code { text, line: first });
    }

    /// A curl command: lines continued by a trailing `\`, or by a next line that starts with an
    /// option or the URL; ` \ ` inside a line (a joined copy) is a continuation too.
    pub(super) fn curl(&mut self) {
        let first = self.segs[self.pos].line;
        if self.section != "Curl Sample" {
            self.open("Curl Sample", first);
        }
        self.seen_curl = true;
        let mut words = Vec::new();
        while let Some(seg) = self.segs.get(self.pos).cloned() {
            let t = seg.text.trim();
            if !(words.is_empty() || t.starts_with('-') || t.starts_with("http")) {
                break;
            }
            self.pos += 1;
            self.mark(seg.line, LineRole::Example);
            words.push(t.replace(" \\ ", " ").trim_end_matches('\\').trim().to_owned());
            if !t.ends_with('\\') && !self.text(self.pos).is_some_and(|n| n.starts_with('-') || n.starts_with("http")) {
                break;
            }
        }
        self.blocks.push(Block::Code { text: words.join(" "), line: first });
    }
}
