//! How deep pages may nest: one cap for every reader and every stage after them.
//!
//! Readers, the layouts' field trees, the resolver and the emitters recurse once per level of
//! nesting. Real pages nest fields under ten deep; a hostile page nests ten thousand and would
//! overflow the stack. Each reader stops at [`MAX_NESTING`] levels with an error
//! `nesting-too-deep` at the line where the cap is hit, and the facts of a page are cut to that
//! depth before they reach the resolver ([`cap_fields`]), so no later stage sees a deeper tree.

use crate::diag::{Diagnostics, rules};
use crate::facts::DocField;

/// The deepest nesting read: of lists (and quotes) in a page, and of fields in a field tree.
pub const MAX_NESTING: usize = 64;

/// The error at the line where the cap is hit.
pub(crate) fn too_deep(diags: &mut Diagnostics, file: &str, line: u32, what: &str) {
    diags.error(
        &crate::model::Source::new(file, line.max(1)),
        rules::NESTING_TOO_DEEP,
        format!("{what} nest more than {MAX_NESTING} levels deep here; what is nested deeper is not read"),
    );
}

/// Cuts field trees to [`MAX_NESTING`] levels, with one error per tree at the first field cut.
/// Walks with a stack of its own, so that a tree of any depth is cut without recursion.
pub(crate) fn cap_fields(fields: &mut [DocField], diags: &mut Diagnostics) {
    for top in fields.iter_mut() {
        let mut stack: Vec<(&mut DocField, usize)> = vec![(top, 1)];
        let mut reported = false;
        while let Some((field, depth)) = stack.pop() {
            if depth == MAX_NESTING && !field.children.is_empty() {
                let cut = std::mem::take(&mut field.children);
                if !reported {
                    let first = &cut[0].source;
                    too_deep(diags, &first.file, first.line, "fields");
                    reported = true;
                }
                drop_deep(cut);
                continue;
            }
            stack.extend(field.children.iter_mut().map(|c| (c, depth + 1)));
        }
    }
}

/// Drops a tree without the recursion of `Drop`, which would overflow on a deep one.
pub(crate) fn drop_deep(mut fields: Vec<DocField>) {
    while let Some(mut f) = fields.pop() {
        fields.append(&mut f.children);
    }
}
