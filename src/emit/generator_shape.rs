//! An operation's responses as the generators document declares them (`openapi-3.0-generators.yaml`:
//! the 3.0 document in the shape client generators take; README "For client generators").
//!
//! progenitor 0.15 builds one Rust type for an operation's successes and one for its errors, and
//! panics on an operation whose successes, or whose errors, have bodies of different kinds or
//! types (`assertion failed: response_types.len() <= 1`); openapi-generator's clients decode every
//! 2xx body as the type of the first one. A ZStack operation answers both ways: an asynchronous
//! call 200 with its result or 202 with `{location, apiTimeout}`, and its errors 503 with a JSON
//! `{error}` or 400/404/405/500 with plain text. So here:
//!
//! - the JSON 2xx responses of an operation share one body: the fields of them all, each
//!   optional unless every one of them requires it; each keeps its own status, description and
//!   example, so that a client decodes a 202 into a value whose `location` is there, and the
//!   status still says which answered;
//! - plain-text responses that share a class (the successes or the errors; `default` is in both,
//!   as progenitor counts it) with JSON ones are left out of `responses` and listed, status and
//!   description, in `x-docs2api-plain-text-errors`: a client generated from the document reports
//!   them as unexpected responses, with the status and the text.
//!
//! The model is unchanged; the full documents keep every response as the pages and the profile
//! give it.

use crate::model::{Field, Media, Response};

/// The responses an operation declares in the generators document.
pub(crate) struct Shaped<'r> {
    /// The declared responses, in the model's order.
    pub kept: Vec<&'r Response>,
    /// The plain-text responses left out.
    pub left_out: Vec<&'r Response>,
    /// The fields of the shared body of the JSON 2xx responses, when there are several.
    shared_success: Option<Vec<Field>>,
}

impl<'r> Shaped<'r> {
    /// Every response, as the full documents declare them.
    pub(crate) fn all(responses: &'r [Response]) -> Self {
        Shaped { kept: responses.iter().collect(), left_out: Vec::new(), shared_success: None }
    }

    /// The responses in the generators document's shape.
    pub(crate) fn for_generators(responses: &'r [Response]) -> Self {
        let mixed = |class: fn(&Response) -> bool| {
            let mut media = responses.iter().filter(|r| class(r)).map(|r| r.media);
            let first = media.next();
            media.any(|m| Some(m) != first)
        };
        let (mixed_success, mixed_error) = (mixed(is_success), mixed(is_error));
        let left = |r: &Response| {
            r.media == Media::PlainText && ((mixed_success && is_success(r)) || (mixed_error && is_error(r)))
        };
        let (left_out, kept): (Vec<&Response>, Vec<&Response>) = responses.iter().partition(|r| left(r));
        let successes: Vec<&Response> = kept.iter().copied().filter(|r| shares_body(r)).collect();
        let shared_success = (successes.len() > 1).then(|| union(&successes));
        Shaped { kept, left_out, shared_success }
    }

    /// The fields of `r`'s body as declared: the shared body of the successes, or its own.
    pub(crate) fn fields<'a>(&'a self, r: &'a Response) -> (&'a [Field], bool) {
        match &self.shared_success {
            Some(fields) if shares_body(r) => (fields, true),
            _ => (&r.fields, false),
        }
    }
}

/// The description of the shared body of the successes.
pub(crate) const SHARED_SUCCESS: &str = "The body of every success of this operation, for client generators that take one: the fields \
     of each, so that a job's `location` (202) and the result (200) both decode; the status says which answered.";

/// A 2xx response, or `default` (progenitor takes it for both a success and an error).
fn is_success(r: &Response) -> bool {
    r.status.is_none_or(|s| (200..300).contains(&s))
}

/// A 4xx or 5xx response, or `default`.
fn is_error(r: &Response) -> bool {
    r.status.is_none_or(|s| (400..600).contains(&s))
}

/// Whether `r` is among the successes that share one body: a JSON response with a 2xx status.
fn shares_body(r: &Response) -> bool {
    r.media == Media::Json && r.status.is_some_and(|s| (200..300).contains(&s))
}

/// The fields of every response, first seen first; required where every response requires it.
fn union(responses: &[&Response]) -> Vec<Field> {
    let mut fields: Vec<Field> = Vec::new();
    for field in responses.iter().flat_map(|r| &r.fields) {
        if !fields.iter().any(|f| f.name == field.name) {
            let everywhere = responses.iter().all(|r| r.fields.iter().any(|f| f.name == field.name && f.required));
            fields.push(Field { required: everywhere, ..field.clone() });
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Source, TypeRef};

    fn field(name: &str, required: bool) -> Field {
        Field {
            name: name.into(),
            ty: TypeRef::String,
            doc_type: "String".into(),
            required,
            description: None,
            valid_values: Vec::new(),
            since: None,
            source: Source::new("t.txt", 1),
        }
    }

    fn response(status: Option<u16>, media: Media, fields: Vec<Field>) -> Response {
        Response { status, description: None, fields, example: None, media, source: Source::new("t.txt", 1) }
    }

    fn statuses(list: &[&Response]) -> Vec<Option<u16>> {
        list.iter().map(|r| r.status).collect()
    }

    #[test]
    fn the_successes_share_one_body_and_text_errors_beside_json_ones_are_left_out() {
        let responses = [
            response(Some(200), Media::Json, vec![field("inventory", false), field("both", true)]),
            response(Some(202), Media::Json, vec![field("location", true), field("both", true)]),
            response(Some(400), Media::PlainText, vec![]),
            response(Some(503), Media::Json, vec![field("error", true)]),
        ];
        let shaped = Shaped::for_generators(&responses);
        assert_eq!(statuses(&shaped.kept), [Some(200), Some(202), Some(503)]);
        assert_eq!(statuses(&shaped.left_out), [Some(400)]);
        let (fields, shared) = shaped.fields(&responses[1]);
        assert!(shared);
        let names: Vec<(&str, bool)> = fields.iter().map(|f| (f.name.as_str(), f.required)).collect();
        assert_eq!(names, [("inventory", false), ("both", true), ("location", false)]);
        let (fields, shared) = shaped.fields(&responses[3]);
        assert!(!shared);
        assert_eq!(fields.len(), 1);
    }

    #[test]
    fn text_alone_in_its_class_stays_and_one_success_keeps_its_own_body() {
        let responses = [
            response(Some(200), Media::Json, vec![field("inventory", true)]),
            response(Some(400), Media::PlainText, vec![]),
            response(Some(404), Media::PlainText, vec![]),
        ];
        let shaped = Shaped::for_generators(&responses);
        assert_eq!(statuses(&shaped.kept), [Some(200), Some(400), Some(404)]);
        assert!(shaped.left_out.is_empty());
        assert!(!shaped.fields(&responses[0]).1);
        let with_default = [
            response(Some(200), Media::Json, vec![]),
            response(Some(404), Media::Json, vec![]),
            response(None, Media::PlainText, vec![]),
        ];
        let shaped = Shaped::for_generators(&with_default);
        assert_eq!(statuses(&shaped.left_out), [None], "`default` is a success and an error at once");
    }
}
