//! Request examples written as curl command lines.
//!
//! Both page families show the request as `curl -X PUT 'URL' -H 'Name: value' -d '{json}'`, on one
//! line or continued with backslashes. The command is split as a POSIX shell would (single quotes,
//! double quotes with backslash escapes, backslash-newline continuations) and its options read.

use serde_json::Value;

use crate::model::{Method, RequestExample, Source};

/// Parses a curl command. `source` is the line the command starts at; JSON errors in the body
/// point at it. An error names what was expected.
pub fn parse(command: &str, source: &Source) -> Result<RequestExample, String> {
    let words = shell_words(command)?;
    let mut words = words.iter().map(String::as_str);
    if words.next() != Some("curl") {
        return Err("a request example that is not a curl command: expected `curl -X METHOD 'URL' ...`".into());
    }
    let mut method = None;
    let mut url = None;
    let mut headers = Vec::new();
    let mut data: Option<&str> = None;
    while let Some(word) = words.next() {
        let mut value = |option: &str| words.next().ok_or_else(|| format!("curl option `{option}` without a value"));
        match word {
            "-X" | "--request" => {
                let m = value(word)?;
                method = Some(Method::parse(&m.to_ascii_uppercase()).ok_or_else(|| format!("`{m}` is not an HTTP method"))?);
            }
            "-H" | "--header" => {
                let h = value(word)?;
                let (name, val) = h.split_once(':').ok_or_else(|| format!("the header `{h}` has no `:`"))?;
                headers.push((name.trim().to_owned(), val.trim().to_owned()));
            }
            "-d" | "--data" | "--data-raw" | "--data-binary" | "--json" => data = Some(value(word)?),
            w if w.starts_with('-') => {} // flags such as -s, -v, -i carry no request facts
            w => url = Some(w.to_owned()),
        }
    }
    let url = url.ok_or("a curl command without a URL")?;
    let body = data.map(parse_json_body).transpose()?;
    let method = method.unwrap_or(if body.is_some() { Method::Post } else { Method::Get });
    Ok(RequestExample { method, url, headers, body, source: source.clone() })
}

fn parse_json_body(data: &str) -> Result<Value, String> {
    serde_json::from_str(data).map_err(|e| format!("the curl body is not valid JSON ({e})"))
}

/// Splits a command line into words as a POSIX shell does, without expansions.
fn shell_words(command: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = command.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('\n') | Some('\r') | None => {}
                Some(escaped) => word.get_or_insert_with(String::new).push(escaped),
            },
            '\'' => {
                let w = word.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(ch) => w.push(ch),
                        None => return Err("an unclosed single quote in the curl command".into()),
                    }
                }
            }
            '"' => {
                let w = word.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') if matches!(chars.peek(), Some('"' | '\\' | '$' | '`')) => w.extend(chars.next()),
                        Some(ch) => w.push(ch),
                        None => return Err("an unclosed double quote in the curl command".into()),
                    }
                }
            }
            c if c.is_whitespace() => words.extend(word.take()),
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn src() -> Source {
        Source::new("p.txt", 1)
    }

    #[test]
    fn the_seed_curl_line_reads_whole() {
        let line = r#"curl -X PUT 'http://{host}/zstack/v1/tickets/{uuid}/actions' -H 'Authorization: OAuth {sessionUuid}' -H 'Content-Type: application/json;charset=UTF-8' -d '{"changeticketstatus":{"statusEvent":"<statusEvent>","comment":"<comment>"},"systemTags":["<systemTags>"],"userTags":["<userTags>"]}'"#;
        let ex = parse(line, &src()).unwrap();
        assert_eq!(ex.method, Method::Put);
        assert_eq!(ex.url, "http://{host}/zstack/v1/tickets/{uuid}/actions");
        assert_eq!(ex.headers[0], ("Authorization".into(), "OAuth {sessionUuid}".into()));
        assert_eq!(ex.headers[1].1, "application/json;charset=UTF-8");
        assert_eq!(ex.body.unwrap()["changeticketstatus"]["statusEvent"], json!("<statusEvent>"));
    }

    #[test]
    fn continued_lines_and_double_quotes_read_as_a_shell_would() {
        let cmd = "curl -H \"Authorization: OAuth abc\" \\\n-X DELETE \"http://h/x?a=\\\"b\\\"\"";
        let ex = parse(cmd, &src()).unwrap();
        assert_eq!(ex.method, Method::Delete);
        assert_eq!(ex.url, "http://h/x?a=\"b\"");
        assert_eq!(ex.body, None);
    }

    #[test]
    fn broken_commands_are_errors_not_panics() {
        assert!(parse("curl -X PUT 'http://h", &src()).is_err());
        assert!(parse("curl -X PUT http://h -d '{bad'", &src()).is_err());
        assert!(parse("wget http://h", &src()).is_err());
        assert!(parse("curl -X", &src()).is_err());
        assert!(parse("curl -X FETCH http://h", &src()).is_err());
        assert!(parse("curl -X GET", &src()).is_err());
    }
}
