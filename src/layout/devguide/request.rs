//! The `API Request` section but its parameter table: the `URLs` lines (method and paths), the
//! `Headers` (whether a session is needed), and the request example, from the `Curl Sample` with
//! the `Body` block as its body.

use super::sections::{Sections, lines_of};
use crate::diag::{Diagnostics, rules};
use crate::facts::PageFacts;
use crate::layout::{curl, json};
use crate::model::{Method, RequestExample, Source};

pub(super) fn read_urls(s: &Sections<'_>, file: &str, facts: &mut PageFacts, diags: &mut Diagnostics) {
    for (text, line) in lines_of(&s.urls) {
        let Some((method, path)) = parse_url(text) else {
            diags.warning(
                &Source::new(file, line),
                rules::DEVGUIDE_URL,
                format!("`{text}` in the URLs section is not a URL line: expected `METHOD zstack/v1/...`"),
            );
            continue;
        };
        match facts.method {
            None => facts.method = Some(method),
            Some(first) if first != method => diags.warning(
                &Source::new(file, line),
                rules::DEVGUIDE_METHOD_DIFFERS,
                format!("this URL line says {method} but the first says {first}; the first is kept"),
            ),
            Some(_) => {}
        }
        if !facts.paths.contains(&path) {
            facts.paths.push(path);
        }
    }
    if facts.paths.is_empty() {
        diags.error(
            &Source::new(file, s.urls.first().map_or(s.last_line.max(1), |u| u.1)),
            rules::DEVGUIDE_URLS,
            "the page has no URL: expected a section `URLs` with a line `METHOD path` (such as `PUT zstack/v1/tickets/{uuid}/actions`)",
        );
    }
}

/// `PUT zstack/v1/tickets/{uuid}/actions` → PUT and `/zstack/v1/tickets/{uuid}/actions`; a
/// `?a={a}` query template is left out (its parameters are in the table).
fn parse_url(text: &str) -> Option<(Method, String)> {
    let (method, rest) = Method::split_prefix(text)?;
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let path = rest.trim();
    let path = path.split_once('?').map_or(path, |(p, _)| p);
    if path.is_empty() || path.contains(char::is_whitespace) {
        return None;
    }
    let path = if path.starts_with('/') { path.to_owned() } else { format!("/{path}") };
    Some((method, path))
}

pub(super) fn has_authorization(headers: &[(&str, u32)]) -> bool {
    lines_of(headers).any(|(text, _)| {
        text.split_once(':').is_some_and(|(name, _)| name.trim().eq_ignore_ascii_case("Authorization"))
    })
}

/// The curl sample, with the Body section's JSON as its body: the Body block is the documented
/// body, while the generator's curl line often leaves out `systemTags` and `userTags`.
pub(super) fn read_request_example(s: &Sections<'_>, file: &str, facts: &mut PageFacts, diags: &mut Diagnostics) {
    if let Some(&(command, line)) = s.curl.first() {
        let source = Source::new(file, line);
        match curl::parse(command, &source) {
            Ok(example) => facts.request_example = Some(example),
            Err(why) => diags.error(&source, rules::REQUEST_EXAMPLE, format!("cannot read the curl sample: {why}")),
        }
    }
    let Some(&(text, line)) = s.body.first() else {
        return;
    };
    let source = Source::new(file, line);
    let Some(body) = json::parse_example(text, &source, "the Body example", diags) else {
        return;
    };
    match (&mut facts.request_example, facts.method, facts.paths.first()) {
        (Some(example), _, _) => example.body = Some(body),
        (None, Some(method), Some(path)) => {
            facts.request_example =
                Some(RequestExample { method, url: path.clone(), headers: Vec::new(), body: Some(body), source });
        }
        (None, _, _) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Level;
    use crate::layout::devguide::tests::{found, read};

    #[test]
    fn a_page_without_urls_is_an_error_at_its_end() {
        let (facts, diags) =
            read("n.md", "## ChangeIt\n\n## API Request\n\n### Headers\n\n```\nAuthorization: OAuth x\n```\n");
        assert_eq!(found(&diags, "devguide-urls"), [(Level::Error, 8)]);
        assert!(diags.iter().all(|d| d.source.file == "n.md"));
        let facts = facts.expect("the operation is named, so facts come back");
        assert_eq!((facts.method, facts.auth_required), (None, Some(true)));
    }

    #[test]
    fn url_lines_are_recognised() {
        assert_eq!(
            parse_url("GET zstack/v1/zones/{uuid}?deleteMode={deleteMode}"),
            Some((Method::Get, "/zstack/v1/zones/{uuid}".into()))
        );
        assert_eq!(parse_url("POST /zstack/v1/tickets"), Some((Method::Post, "/zstack/v1/tickets".into())));
        assert_eq!(parse_url("PUTzstack/v1/x"), None);
        assert_eq!(parse_url("GET"), None);
        assert_eq!(parse_url("GET a b"), None);
    }
}
