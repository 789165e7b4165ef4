//! Rust names for API names, in one place: case conversion, keywords, and collisions.
//!
//! JSON keys and API names are kept exactly on the wire (`#[serde(rename = "...")]`); the Rust
//! names only need to be valid, readable and unique where they meet.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Ident, Span};
use unicode_ident::{is_xid_continue, is_xid_start};

/// Words that cannot be identifiers even as raw identifiers (`r#self` is invalid).
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Strict and reserved keywords of every edition: these become raw identifiers (`r#type`).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn", "else", "enum",
    "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod", "move",
    "mut", "override", "priv", "pub", "ref", "return", "static", "struct", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Splits a name into words of identifier characters (XID_Continue, what rustc accepts after the
/// first character): at `_`, `-`, `.`, spaces, punctuation and every other character (`²` and `①`
/// are alphanumeric to Unicode but no identifier characters), at lower→upper case changes (`statusEvent`), and before the last capital of a run followed by a lower-case letter
/// (`IAM2TicketFlow` → `IAM2`, `Ticket`, `Flow`).
pub fn words(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut words = Vec::new();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c == '_' || !is_xid_continue(c) {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            continue;
        }
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1).copied();
        let boundary = c.is_uppercase()
            && prev.is_some_and(|p| {
                p.is_lowercase() || (p.is_uppercase() && next.is_some_and(char::is_lowercase)) || p.is_ascii_digit()
            });
        if boundary && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        current.push(c);
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// `statusEvent` → `status_event`; `IAM2TicketFlow` → `iam2_ticket_flow`.
pub fn snake(name: &str) -> String {
    let s = words(name).iter().map(|w| w.to_lowercase()).collect::<Vec<_>>().join("_");
    if s.is_empty() { "field".into() } else { s }
}

/// `statusEvent` → `StatusEvent`; `open` → `Open`; `IAM2` stays `Iam2`.
pub fn pascal(name: &str) -> String {
    let s: String = words(name)
        .iter()
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map_or_else(String::new, |c| c.to_uppercase().collect::<String>() + &chars.as_str().to_lowercase())
        })
        .collect();
    if s.is_empty() { "Value".into() } else { s }
}

/// `ChangeTicketStatus` → `CHANGE_TICKET_STATUS`.
pub fn shouty(name: &str) -> String {
    snake(name).to_uppercase()
}

/// A valid identifier from any text, by construction: each character that is no identifier
/// character becomes `_`, a name that cannot start an identifier (a digit, `٣`, nothing) gets a `_`
/// before it, keywords become raw identifiers, and the words that cannot be raw get a `_` after
/// them. Every identifier the emitters write is made here, so this is the one place that decides
/// what rustc (and `proc_macro2`, which checks the same XID_Start/XID_Continue rules) accepts.
pub fn ident(converted: &str) -> Ident {
    let mut s: String = converted.chars().map(|c| if is_xid_continue(c) { c } else { '_' }).collect();
    if !s.starts_with(|c: char| c == '_' || is_xid_start(c)) {
        s.insert(0, '_');
    }
    debug_assert!(s.chars().skip(1).all(is_xid_continue));
    if NOT_RAW.contains(&s.as_str()) {
        s.push('_');
        return Ident::new(&s, Span::call_site());
    }
    if KEYWORDS.contains(&s.as_str()) {
        return Ident::new_raw(&s, Span::call_site());
    }
    Ident::new(&s, Span::call_site())
}

/// Hands out names that are unique within one scope (a struct's fields, an enum's variants, the
/// crate's types): a name already taken gets `2`, `3`, … appended, the lowest number free.
#[derive(Debug, Default)]
pub struct Scope {
    taken: BTreeSet<String>,
    /// Per wanted name, the number to try first: every lower one was taken when it was last
    /// asked for, and names are never given back, so the search resumes there. Without it 50,000
    /// fields of one name take 50,000²/2 tries.
    next_suffix: BTreeMap<String, u64>,
}

impl Scope {
    pub fn new() -> Self {
        Self::default()
    }

    /// Reserves a name that must not be handed out (a name the generated code uses itself).
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_owned());
    }

    pub fn unique(&mut self, wanted: String) -> String {
        if self.taken.insert(wanted.clone()) {
            return wanted;
        }
        let mut n = self.next_suffix.get(&wanted).copied().unwrap_or(2);
        loop {
            let candidate = format!("{wanted}{n}");
            if self.taken.insert(candidate.clone()) {
                self.next_suffix.insert(wanted, n + 1);
                return candidate;
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_at_case_changes_and_punctuation() {
        assert_eq!(words("statusEvent"), ["status", "Event"]);
        assert_eq!(words("IAM2TicketFlow"), ["IAM2", "Ticket", "Flow"]);
        assert_eq!(words("l3NetworkUuids"), ["l3", "Network", "Uuids"]);
        assert_eq!(words("x-job-uuid.v2"), ["x", "job", "uuid", "v2"]);
        assert_eq!(words("HTTPServer"), ["HTTP", "Server"]);
    }

    #[test]
    fn cases_convert() {
        assert_eq!(snake("changeTicketStatus"), "change_ticket_status");
        assert_eq!(snake("UpdateIAM2TicketFlowCollection"), "update_iam2_ticket_flow_collection");
        assert_eq!(pascal("statusEvent"), "StatusEvent");
        assert_eq!(pascal("open"), "Open");
        assert_eq!(pascal("IntermediateApproved"), "IntermediateApproved");
        assert_eq!(pascal("Ticket Operations"), "TicketOperations");
        assert_eq!(shouty("ChangeTicketStatus"), "CHANGE_TICKET_STATUS");
        assert_eq!(snake("__"), "field");
    }

    #[test]
    fn keywords_and_odd_names_become_valid_identifiers() {
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(ident("ref").to_string(), "r#ref");
        assert_eq!(ident("self").to_string(), "self_");
        assert_eq!(ident("Self").to_string(), "Self_");
        assert_eq!(ident("3d").to_string(), "_3d");
        assert_eq!(ident("a.b").to_string(), "a_b");
        assert_eq!(ident("").to_string(), "__");
    }

    /// Characters Unicode calls alphanumeric that are not identifier characters (`²`, `①`), an
    /// identifier character that may not start one (`٣`), and names that start with a digit.
    #[test]
    fn names_of_any_text_are_valid_identifiers() {
        for name in ["²", "①", "٣", "٣x", "x²", "a①b", "123 Ops", "PUT123 Ops", "\u{202e}x", "İstanbul", "ǅx", "_", ""]
        {
            for converted in [snake(name), pascal(name), shouty(name), format!("{}_call", snake(name))] {
                let id = ident(&converted).to_string();
                assert!(syn::parse_str::<syn::Ident>(&id).is_ok(), "{name:?} → {converted:?} → {id:?}");
            }
        }
        assert_eq!(pascal("x²"), "X");
        assert_eq!(pascal("²"), "Value");
        assert_eq!(snake("①"), "field");
        assert_eq!(ident(&pascal("٣x")).to_string(), "_٣x");
        assert_eq!(ident(&pascal("123 Ops")).to_string(), "_123Ops");
    }

    #[test]
    fn names_that_collide_after_conversion_get_numbers() {
        let mut scope = Scope::new();
        assert_eq!(scope.unique(snake("apiName")), "api_name");
        assert_eq!(scope.unique(snake("api_name")), "api_name2");
        assert_eq!(scope.unique(snake("API-Name")), "api_name3");
    }

    /// The numbers handed out are the lowest free ones, as a search from 2 each time gives, also
    /// when a numbered name was reserved or asked for itself.
    #[test]
    fn numbers_are_the_lowest_free_ones() {
        let mut scope = Scope::new();
        scope.reserve("a3");
        let got: Vec<String> =
            ["a", "a", "a", "a2", "a4", "a", "a2"].iter().map(|w| scope.unique((*w).into())).collect();
        assert_eq!(got, ["a", "a2", "a4", "a22", "a42", "a5", "a23"]);
    }
}
