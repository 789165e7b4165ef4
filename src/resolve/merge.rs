//! Merging the pages of one operation.
//!
//! # The merge rule
//!
//! Pages that document the same operation id merge into one set of facts. They are taken in
//! precedence order: Dev Guide pages first (written by the API's own generator from the server's
//! request templates), then API Explorer pages, and within a family by file path. A fact that the
//! earlier page lacks is filled in from the later one; a fact that both state differently keeps the
//! earlier page's value, and a warning names both sources. Two facts follow their own sense: the
//! since version is the earliest any page gives (an API exists since its first documented version),
//! and a body wrapper that differs between pages is one wrapper under the earlier page's key.
//! Every page's source stays on the merged operation.

use std::collections::BTreeMap;
use std::fmt::Debug;

use crate::diag::{Diagnostics, rules};
use crate::facts::{DocField, DocParam, DocResponse, PageFacts};
use crate::model::{Source, version};

/// Groups facts by operation id and merges each group. Facts without an id (their page had
/// errors) are dropped: the layout has already reported why.
///
/// An id inferred from the page's evidence (a lower-cased body key) takes the case of an id another
/// page states, when the two agree case-insensitively; pages whose id was inferred merge only with
/// pages of the same endpoint (see [`collides`]).
pub fn merge_pages(mut pages: Vec<PageFacts>, diags: &mut Diagnostics) -> Vec<PageFacts> {
    recase_inferred_ids(&mut pages);
    let mut groups: BTreeMap<String, Vec<PageFacts>> = BTreeMap::new();
    for page in pages {
        if let Some(id) = page.operation_id.clone() {
            groups.entry(id).or_default().push(page);
        }
    }
    groups
        .into_values()
        .filter_map(|mut group| {
            group.sort_by(|a, b| (a.family, &a.source).cmp(&(b.family, &b.source)));
            let mut pages = group.into_iter();
            let mut merged = pages.next()?;
            for page in pages {
                if collides(&merged, &page, diags) {
                    continue;
                }
                Merger { a: source_of(&merged), b: source_of(&page), diags }.merge(&mut merged, page);
            }
            Some(merged)
        })
        .collect()
}

/// Gives an inferred id the case of a stated id that matches it case-insensitively.
fn recase_inferred_ids(pages: &mut [PageFacts]) {
    let stated: Vec<String> =
        pages.iter().filter(|p| p.operation_id_evidence.is_none()).filter_map(|p| p.operation_id.clone()).collect();
    for page in pages.iter_mut().filter(|p| p.operation_id_evidence.is_some()) {
        let Some(id) = &page.operation_id else { continue };
        if let Some(known) = stated.iter().find(|k| k.eq_ignore_ascii_case(id) && *k != id) {
            page.operation_id = Some(known.clone());
        }
    }
}

/// Two pages of one id, one of them inferred, that name different methods or share no path are
/// two operations that the inference gave one name: an error, and `b` stays out of the merge.
fn collides(a: &PageFacts, b: &PageFacts, diags: &mut Diagnostics) -> bool {
    let Some(evidence) = b.operation_id_evidence.as_ref().or(a.operation_id_evidence.as_ref()) else { return false };
    let methods_differ = matches!((a.method, b.method), (Some(x), Some(y)) if x != y);
    let paths_differ = !a.paths.is_empty() && !b.paths.is_empty() && !a.paths.iter().any(|p| b.paths.contains(p));
    if !methods_differ && !paths_differ {
        return false;
    }
    let endpoint = |p: &PageFacts| {
        format!(
            "{} {}",
            p.method.map_or("?".to_owned(), |m| m.to_string()),
            p.paths.first().map_or("?", String::as_str)
        )
    };
    diags.error(
        &source_of(b),
        rules::OPERATION_ID_COLLISION,
        format!(
            "this page and {} both read as `{}` ({evidence}), but this one is `{}` and that one `{}`: two operations, not merged; this page is left out (rename the file or add an `Operation ID` section)",
            source_of(a),
            a.operation_id.as_deref().unwrap_or("?"),
            endpoint(b),
            endpoint(a)
        ),
    );
    true
}

fn source_of(page: &PageFacts) -> Source {
    page.source.clone().unwrap_or_else(|| Source::new("?", 0))
}

/// Merges page `b` into page `a` (which wins disagreements).
struct Merger<'d> {
    a: Source,
    b: Source,
    diags: &'d mut Diagnostics,
}

impl Merger<'_> {
    fn merge(&mut self, a: &mut PageFacts, b: PageFacts) {
        a.merged_from.push(self.b.clone());
        a.merged_from.extend(b.merged_from);
        fill(&mut a.title, b.title);
        fill(&mut a.description, b.description);
        fill(&mut a.group, b.group);
        if a.category.is_empty() {
            a.category = b.category;
        }
        self.pick(&mut a.method, b.method, "the HTTP method");
        self.merge_paths(&mut a.paths, b.paths);
        self.merge_since(&mut a.since, b.since);
        self.pick(&mut a.completion, b.completion, "sync or async");
        self.pick(&mut a.auth_required, b.auth_required, "whether auth is required");
        self.merge_params(&mut a.params, b.params);
        self.merge_body(a, b.body, b.wrapper);
        self.merge_responses(&mut a.responses, b.responses);
        fill(&mut a.request_example, b.request_example);
        for (status, example) in b.response_examples {
            if !a.response_examples.iter().any(|(s, _)| *s == status) {
                a.response_examples.push((status, example));
            }
        }
        if a.change_history.is_empty() {
            a.change_history = b.change_history;
        }
    }

    /// Keeps `a`'s value, fills it from `b`, and warns when both are set and differ.
    fn pick<T: PartialEq + Debug>(&mut self, a: &mut Option<T>, b: Option<T>, what: &str) {
        match (a.as_ref(), b) {
            (None, b) => *a = b,
            (Some(x), Some(y)) if *x != y => self.diags.warning(
                &self.b,
                rules::MERGE_CONFLICT,
                format!("{what} is {x:?} at {} but {y:?} here; the value at {} is kept", self.a, self.a),
            ),
            _ => {}
        }
    }

    fn merge_paths(&mut self, a: &mut Vec<String>, b: Vec<String>) {
        if let (Some(x), Some(y)) = (a.first(), b.first())
            && x != y
        {
            self.diags.warning(
                &self.b,
                rules::MERGE_CONFLICT,
                format!("the path is `{y}` here but `{x}` at {}; `{x}` stays the main path", self.a),
            );
        }
        for path in b {
            if !a.contains(&path) {
                a.push(path);
            }
        }
    }

    fn merge_since(&mut self, a: &mut Option<String>, b: Option<String>) {
        match (a.as_deref(), b) {
            (None, b) => *a = b,
            (Some(x), Some(y)) if x != y => {
                let earliest = if version::order(&y) < version::order(x) { y.clone() } else { x.to_owned() };
                self.diags.note(
                    &self.b,
                    rules::MERGE_SINCE,
                    format!("since {y} here but since {x} at {}; the earliest, {earliest}, is kept", self.a),
                );
                *a = Some(earliest);
            }
            _ => {}
        }
    }

    fn merge_params(&mut self, a: &mut Vec<DocParam>, b: Vec<DocParam>) {
        // A page without parameters at all (a Dev Guide query page) does not disagree: it is silent.
        if a.is_empty() || b.is_empty() {
            a.extend(b);
            return;
        }
        for q in a.iter().filter(|q| !b.iter().any(|p| p.location == q.location && p.field.name == q.field.name)) {
            self.missing_there(&q.field);
        }
        for p in b {
            match a.iter_mut().find(|q| q.location == p.location && q.field.name == p.field.name) {
                Some(q) => self.merge_field(&mut q.field, p.field),
                None => {
                    self.only_here(&p.field);
                    a.push(p);
                }
            }
        }
    }

    /// Merges the root body fields; the wrappers are one field whatever their keys.
    fn merge_body(&mut self, a: &mut PageFacts, mut b_body: Vec<DocField>, b_wrapper: Option<String>) {
        if let (Some(wa), Some(wb)) = (a.wrapper.clone(), &b_wrapper)
            && &wa != wb
        {
            let at = b_body.iter().find(|f| &f.name == wb).map_or_else(|| self.b.clone(), |f| f.source.clone());
            // Some page families lower-case body keys (the API Explorer writes
            // `changeticketstatus`): a case-folded copy of the other key is no disagreement, and
            // the cased key is kept whichever page has it.
            let lowered = if lower_cased_copy(wb, &wa) {
                Some((
                    wa.clone(),
                    format!("the body wrapper `{wb}` here is `{wa}` at {} lower-cased; `{wa}` is kept", self.a),
                ))
            } else if lower_cased_copy(&wa, wb) {
                Some((
                    wb.clone(),
                    format!("the body wrapper `{wa}` at {} is `{wb}` here lower-cased; `{wb}` is kept", self.a),
                ))
            } else {
                None
            };
            let kept = match lowered {
                Some((kept, message)) => {
                    self.diags.note(&at, rules::MERGE_WRAPPER_KEY, message);
                    kept
                }
                None => {
                    let message = format!("the body wrapper is `{wb}` here but `{wa}` at {}; `{wa}` is kept", self.a);
                    self.diags.warning(&at, rules::MERGE_WRAPPER_KEY, message);
                    wa.clone()
                }
            };
            rename_field(&mut a.body, &wa, &kept);
            a.wrapper = Some(kept.clone());
            rename_field(&mut b_body, wb, &kept);
        }
        if a.wrapper.is_none() {
            a.wrapper = b_wrapper;
        }
        self.merge_fields(&mut a.body, b_body);
    }

    fn merge_responses(&mut self, a: &mut Vec<DocResponse>, b: Vec<DocResponse>) {
        for r in b {
            match a.iter_mut().find(|q| q.status == r.status) {
                Some(q) => {
                    fill(&mut q.description, r.description);
                    self.merge_fields(&mut q.fields, r.fields);
                }
                None => a.push(r),
            }
        }
    }

    /// Merges two documented field lists. A side that documents no fields here (a field shown as a
    /// reference to its type, an empty response) is silent, not in disagreement.
    fn merge_fields(&mut self, a: &mut Vec<DocField>, b: Vec<DocField>) {
        if a.is_empty() || b.is_empty() {
            a.extend(b);
            return;
        }
        for f in a.iter().filter(|f| !b.iter().any(|g| g.name == f.name)) {
            self.missing_there(f);
        }
        for field in b {
            match a.iter_mut().find(|f| f.name == field.name) {
                Some(existing) => self.merge_field(existing, field),
                None => {
                    self.only_here(&field);
                    a.push(field);
                }
            }
        }
    }

    /// A field of the winning page that the other page does not document.
    fn missing_there(&mut self, field: &DocField) {
        self.diags.note(
            &field.source,
            rules::MERGE_FIELD_MISSING,
            format!("`{}` is documented here but not on the page at {}", field.name, self.b),
        );
    }

    /// A field of the other page that the winning page does not document.
    fn only_here(&mut self, field: &DocField) {
        self.diags.note(
            &field.source,
            rules::MERGE_FIELD_MISSING,
            format!("`{}` is documented here but not on the page at {}; added", field.name, self.a),
        );
    }

    fn merge_field(&mut self, a: &mut DocField, b: DocField) {
        if a.doc_type != b.doc_type {
            self.diags.warning(
                &b.source,
                rules::MERGE_CONFLICT,
                format!(
                    "`{}` is `{}` here but `{}` at {}; `{}` is kept",
                    a.name, b.doc_type, a.doc_type, a.source, a.doc_type
                ),
            );
        }
        match (a.required, b.required) {
            (None, r) => a.required = r,
            (Some(x), Some(y)) if x != y => self.diags.warning(
                &b.source,
                rules::MERGE_REQUIRED,
                format!(
                    "`{}` is {} here but {} at {}; {} is kept",
                    a.name,
                    required_word(y),
                    required_word(x),
                    a.source,
                    required_word(x)
                ),
            ),
            _ => {}
        }
        self.merge_valid_values(a, b.valid_values, &b.source);
        fill(&mut a.description, b.description);
        fill(&mut a.since, b.since);
        self.merge_fields(&mut a.children, b.children);
    }

    fn merge_valid_values(&mut self, a: &mut DocField, b: Vec<String>, b_source: &Source) {
        if a.valid_values == b || b.is_empty() && a.valid_values.is_empty() {
            return;
        }
        let (message, level_warning) = match (a.valid_values.is_empty(), b.is_empty()) {
            (true, false) => {
                let m = format!(
                    "the valid values of `{}` ({}) are listed here only, not at {}",
                    a.name,
                    b.join(", "),
                    a.source
                );
                a.valid_values = b;
                (m, false)
            }
            (false, true) => {
                let m = format!("`{}` lists no valid values here; those at {} are kept", a.name, a.source);
                (m, false)
            }
            _ => {
                let m = format!(
                    "the valid values of `{}` are {} here but {} at {}; the latter are kept",
                    a.name,
                    b.join(", "),
                    a.valid_values.join(", "),
                    a.source
                );
                (m, true)
            }
        };
        if level_warning {
            self.diags.warning(b_source, rules::MERGE_VALID_VALUES, message);
        } else {
            self.diags.note(b_source, rules::MERGE_VALID_VALUES, message);
        }
    }
}

fn fill<T>(a: &mut Option<T>, b: Option<T>) {
    if a.is_none() {
        *a = b;
    }
}

fn required_word(required: bool) -> &'static str {
    if required { "required" } else { "optional" }
}

/// Whether `copy` is `key` with its letters lower-cased (and differs from it).
fn lower_cased_copy(copy: &str, key: &str) -> bool {
    copy != key && copy == key.to_lowercase()
}

fn rename_field(fields: &mut [DocField], from: &str, to: &str) {
    for f in fields.iter_mut().filter(|f| f.name == from) {
        f.name = to.to_owned();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Level;
    use crate::facts::PageFamily;
    use crate::model::{Method, ParamLocation};

    fn field(name: &str, ty: &str, required: Option<bool>, line: u32) -> DocField {
        DocField {
            name: name.into(),
            doc_type: ty.into(),
            required,
            description: None,
            valid_values: vec![],
            since: None,
            children: vec![],
            source: Source::new("p", line),
        }
    }

    fn page(family: PageFamily, file: &str) -> PageFacts {
        PageFacts {
            family,
            source: Some(Source::new(file, 1)),
            operation_id: Some("Op".into()),
            method: Some(Method::Put),
            paths: vec!["/x".into()],
            ..PageFacts::default()
        }
    }

    #[test]
    fn the_dev_guide_page_wins_and_gaps_are_filled() {
        let mut explorer = page(PageFamily::ApiExplorer, "a-explorer.txt");
        explorer.since = Some("3.0.0".into());
        explorer.completion = Some(crate::model::Completion::Synchronous);
        explorer.wrapper = Some("op".into());
        let mut w = field("op", "Object", Some(true), 10);
        w.children = vec![field("status", "String", Some(true), 11), field("comment", "String", Some(false), 12)];
        explorer.body = vec![w];
        let mut guide = page(PageFamily::DevGuide, "z-guide.md");
        guide.since = Some("2.9.0".into());
        guide.wrapper = Some("Op".into());
        let mut w = field("Op", "Object", Some(true), 20);
        let mut status = field("status", "String", Some(true), 21);
        status.valid_values = vec!["open".into(), "close".into()];
        w.children = vec![status, field("comment", "String", Some(true), 22)];
        guide.body = vec![w];

        let mut diags = Diagnostics::new();
        let merged = merge_pages(vec![explorer, guide], &mut diags);
        assert_eq!(merged.len(), 1);
        let m = &merged[0];
        assert_eq!(m.source, Some(Source::new("z-guide.md", 1)));
        assert_eq!(m.merged_from, [Source::new("a-explorer.txt", 1)]);
        assert_eq!(m.wrapper.as_deref(), Some("Op"));
        assert_eq!(m.since.as_deref(), Some("2.9.0"));
        assert_eq!(m.completion, Some(crate::model::Completion::Synchronous), "filled from the explorer");
        assert_eq!(m.body.len(), 1);
        assert_eq!(m.body[0].children[0].valid_values, ["open", "close"]);
        assert_eq!(m.body[0].children[1].required, Some(true));
        let rules: Vec<&str> = diags.iter().map(|d| d.rule).collect();
        assert_eq!(rules, ["merge-since", "merge-wrapper-key", "merge-valid-values", "merge-required"]);
    }

    /// The API Explorer lower-cases body keys: whichever page comes first, the cased key is kept,
    /// with a note rather than a warning.
    #[test]
    fn a_lower_cased_wrapper_is_a_copy_and_the_cased_key_is_kept() {
        for (first, second) in [("ChangeThing", "changething"), ("changething", "ChangeThing")] {
            let mut a = page(PageFamily::DevGuide, "a.md");
            a.wrapper = Some(first.into());
            a.body = vec![field(first, "Object", Some(true), 3)];
            let mut b = page(PageFamily::ApiExplorer, "b.txt");
            b.wrapper = Some(second.into());
            b.body = vec![field(second, "Object", Some(true), 4)];
            let mut diags = Diagnostics::new();
            let merged = merge_pages(vec![a, b], &mut diags);
            assert_eq!(merged[0].wrapper.as_deref(), Some("ChangeThing"), "{first} then {second}");
            let body: Vec<&str> = merged[0].body.iter().map(|f| f.name.as_str()).collect();
            assert_eq!(body, ["ChangeThing"], "{first} then {second}");
            let found: Vec<(Level, &str)> = diags.iter().map(|d| (d.level, d.rule)).collect();
            assert_eq!(found, [(Level::Note, "merge-wrapper-key")], "{first} then {second}");
        }
    }

    #[test]
    fn fields_on_one_page_only_are_added_with_a_note() {
        let mut a = page(PageFamily::DevGuide, "a.md");
        a.params = vec![DocParam { location: ParamLocation::Query, field: field("x", "String", None, 3) }];
        let mut b = page(PageFamily::ApiExplorer, "b.txt");
        b.params = vec![DocParam { location: ParamLocation::Query, field: field("y", "String", None, 4) }];
        let mut diags = Diagnostics::new();
        let merged = merge_pages(vec![b, a], &mut diags);
        let names: Vec<&str> = merged[0].params.iter().map(|p| p.field.name.as_str()).collect();
        assert_eq!(names, ["x", "y"]);
        assert_eq!(diags.len(), 2);
    }
}
