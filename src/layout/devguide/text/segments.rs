//! The page's lines as segments: a line cut where a copy glued the next block to it, and what a
//! segment is on its own (a section word, a URL line, an SDK statement).

use crate::model::Method;
use crate::read::{Block, Document, ListItem};

/// Section words a text copy shows, with the heading the Markdown page gives for each.
const WORDS: &[(&str, &str)] = &[
    ("API Request", "API Request"),
    ("API请求", "API Request"),
    ("URLs", "URLs"),
    ("Headers", "Headers"),
    ("Body", "Body"),
    ("Curl Sample", "Curl Sample"),
    ("Curl Example", "Curl Sample"),
    ("Curl示例", "Curl Sample"),
    ("Request Parameters", "Request Parameters"),
    ("Parameter List", "Request Parameters"),
    ("参数列表", "Request Parameters"),
    ("Queryable Fields", "Queryable Fields"),
    ("可查询字段", "Queryable Fields"),
    ("API Response", "API Response"),
    ("API返回", "API Response"),
    ("Sample Response", "Sample Response"),
    ("Response Example", "Sample Response"),
    ("返回示例", "Sample Response"),
    ("SDK Sample", "SDK Sample"),
    ("SDK示例", "SDK Sample"),
    ("Java SDK", "SDK Sample"),
    ("Python SDK", "SDK Sample"),
];

/// Section words that a copy glues to the end of the line before them; `Java` and `Python` begin
/// the split `Java` / `SDK` headings.
const GLUED: &[&str] = &[
    "Request Parameters",
    "Queryable Fields",
    "Curl Sample",
    "SDK Sample",
    "API Response",
    "Sample Response",
    "Headers",
    "Curl",
    "Body",
    "Java",
    "Python",
    "可查询字段",
    "参数列表",
    "Curl示例",
    "SDK示例",
    "API返回",
    "返回示例",
];

/// Where a table header may start inside a line (glued to the JSON or URL before it).
/// (Each holds a `|`: see [`glue_point`].)
const HEADER_STARTS: &[&str] = &["| Name | Type |", "| 名字 | 类型 |", "Name | Type |", "名字 | 类型 |"];

/// One piece of a page line: a whole line, or a part of a line that glued several together.
#[derive(Debug, Clone)]
pub(super) struct Seg {
    pub(super) text: String,
    pub(super) line: u32,
    pub(super) bullet: bool,
}

pub(super) fn segments(doc: &Document) -> Vec<Seg> {
    let mut out = Vec::new();
    for block in &doc.blocks {
        push_block(block, false, &mut out);
    }
    out
}

fn push_block(block: &Block, bullet: bool, out: &mut Vec<Seg>) {
    match block {
        Block::Paragraph { text, line } => {
            for (text, line) in text.lines().zip(*line..) {
                split_glued(text.trim(), line, bullet, out);
            }
        }
        Block::List { items } => items.iter().for_each(|i| push_item(i, out)),
        _ => {}
    }
}

fn push_item(item: &ListItem, out: &mut Vec<Seg>) {
    out.push(Seg { text: item.text.trim().to_owned(), line: item.line, bullet: true });
    for child in &item.children {
        push_block(child, true, out);
    }
}

/// Cuts a line where a copy glued the next block to it: before `Authorization:`, a curl command,
/// a table header or the next SDK statement, and before a section word at its end.
pub(super) fn split_glued(text: &str, line: u32, bullet: bool, out: &mut Vec<Seg>) {
    let mut rest = text;
    while let Some(at) = glue_point(rest) {
        let (head, tail) = rest.split_at(at);
        if !head.trim().is_empty() {
            out.push(Seg { text: head.trim().to_owned(), line, bullet });
        }
        rest = tail;
    }
    if !rest.trim().is_empty() {
        out.push(Seg { text: rest.trim().to_owned(), line, bullet });
    }
}

/// The first place in a line where another block starts, if any (never at its start).
fn glue_point(text: &str) -> Option<usize> {
    let mut points = Vec::new();
    // Every line is searched for each marker: a marker whose rarest character the line lacks (a
    // byte search) is not searched for.
    let has = |c: char| text.contains(c);
    // A curl's own `-H "Authorization: …"` is quoted; a glued header line is not.
    for (marker, rare) in [("Authorization:", ':'), ("curl -", '-')] {
        let glued = |&i: &usize| i > 0 && !text[..i].ends_with(['"', '\'']);
        if has(rare) {
            points.extend(text.match_indices(marker).map(|(i, _)| i).find(glued));
        }
    }
    for marker in HEADER_STARTS.iter().filter(|_| has('|')) {
        let found = text.match_indices(marker).map(|(i, _)| i).find(|&i| i > 0 && !text[..i].ends_with("| "));
        points.extend(found);
    }
    // `action.call();QueryTicketTypeAction action = ...`: the next language's sample.
    let call = has(';').then(|| text.find("call();")).flatten();
    if let Some(i) = call.map(|i| i + "call();".len()).filter(|&i| i < text.trim_end().len()) {
        points.push(i);
    }
    if text.starts_with("Authorization:")
        && let Some(i) = text.find('{')
    {
        points.push(i);
    }
    points.extend(glued_word(text));
    points.into_iter().min()
}

/// A section word glued to the end of a line, after a character that cannot end a word of text
/// before it (ASCII and not a space: `…{deleteMode}Headers`, `…uuidCurl`, `}SDK Sample`).
fn glued_word(text: &str) -> Option<usize> {
    GLUED.iter().find_map(|word| {
        let head = text.strip_suffix(word)?;
        let last = head.chars().last()?;
        (last.is_ascii() && !last.is_whitespace()).then_some(head.len())
    })
}

/// The heading a line of section words stands for.
pub(super) fn word_heading(text: &str) -> Option<&'static str> {
    WORDS.iter().find(|(w, _)| w.eq_ignore_ascii_case(text.trim())).map(|(_, h)| *h)
}

/// A URL line: `GET zstack/v1/x`, or several on one line (`GET zstack/v1/x GET zstack/v1/x/{uuid}`).
pub(super) fn url_lines(text: &str) -> Option<Vec<String>> {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() < 2 || words.len() % 2 != 0 {
        return None;
    }
    let urls: Vec<String> = words
        .chunks(2)
        .map(|pair| {
            let is_path = pair[1].starts_with("zstack/") || pair[1].starts_with("/zstack/") || pair[1].starts_with('/');
            (Method::parse(pair[0]).is_some() && is_path).then(|| format!("{} {}", pair[0], pair[1]))
        })
        .collect::<Option<_>>()?;
    Some(urls)
}

pub(super) fn is_sdk_line(text: &str) -> bool {
    text.contains("Action action =") || text.contains("Action.Result") || text.starts_with("action.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glued_section_words_and_url_lines_split() {
        let mut out = Vec::new();
        split_glued("DELETE zstack/v1/x/{uuid}?deleteMode={deleteMode}Headers", 1, false, &mut out);
        split_glued("-X GET http://h/x?q=uuid=1curl -H \"Authorization: OAuth 1\" \\", 2, false, &mut out);
        split_glued("x.call();Python", 3, false, &mut out);
        let texts: Vec<&str> = out.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "DELETE zstack/v1/x/{uuid}?deleteMode={deleteMode}",
                "Headers",
                "-X GET http://h/x?q=uuid=1",
                "curl -H \"Authorization: OAuth 1\" \\",
                "x.call();",
                "Python"
            ]
        );
        assert_eq!(
            url_lines("GET zstack/v1/a GET zstack/v1/a/{uuid}"),
            Some(vec!["GET zstack/v1/a".into(), "GET zstack/v1/a/{uuid}".into()])
        );
        assert_eq!(url_lines("GET the thing"), None);
    }
}
