//! Splitting field headers into name, type and required flag.
//!
//! API Explorer pages render a field as three adjacent spans that a text copy fuses:
//! `statusEventTicketStatusEventRequired` is `statusEvent` + `TicketStatusEvent` + `Required`. The
//! split point is ambiguous in general (`status` + `EventTicketStatusEvent` reads as well), so every
//! candidate is scored on the evidence the page offers:
//!
//! | evidence                                                             | score |
//! |----------------------------------------------------------------------|-------|
//! | the name is a key of the example object at the field's parent path   | +4    |
//! | the name is a key somewhere else in the page's examples              | +2    |
//! | the type is a built-in type name or a type already known on the page | +3    |
//! | the type ends in a common class-name ending (`Inventory`, `Event`…)  | +1    |
//! | the type begins or ends with the name, capitalised (`statusEvent` → `TicketStatusEvent`) | +1 |
//!
//! The best score wins; on a tie the longer type wins (`LinkedHashMap` over `HashMap`). The split is
//! reported as ambiguous when the winner has no strong evidence (example key or known type) and does
//! not beat the runner-up by a clear margin.
//!
//! One more reading is scored with the others: the whole header as a name whose type is lost (a
//! copy cut mid-header: `createDate` from `createDateTimestampRequired`). It earns only the name's
//! points, so it wins only when the example keys support the whole text better than any split
//! (`createDate` is a key, `create` is not); it is then [`Split::Untyped`], reported as a header
//! without a type. As a runner-up it makes a split with no strong evidence ambiguous (`replyWit`
//! read as `reply` + `Wit`), where before a lone weak reading passed for clear.
//!
//! A flat text copy fuses the description too: `uuidStringRequiredThe SSH username.`,
//! `uuidString必填工单的UUID。`. [`split_described`] then also chooses where the header ends: at
//! an upper-case letter inside the leading ASCII word, or where that word meets non-ASCII text. Each
//! end is scored as above, plus one point when the description that follows starts like prose (an
//! unfused first word, or non-ASCII text). `Required` right after the type is the marker unless a
//! space or punctuation follows it (`Required when…` is the description's first word); `必填` is
//! always the marker.

use std::collections::BTreeSet;

use crate::doctype::{self, NAMED_TYPE_SUFFIXES};

/// Words that mark a field as required when they end a header.
const REQUIRED_MARKERS: &[&str] = &["Required", "必填"];

/// A split header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub name: String,
    pub doc_type: String,
    pub required: bool,
}

/// The evidence a page offers for splitting one header.
#[derive(Debug)]
pub struct Evidence<'a> {
    /// Keys of the example objects at the field's parent path.
    pub sibling_keys: BTreeSet<&'a str>,
    /// Every key in the page's examples.
    pub page_keys: &'a BTreeSet<&'a str>,
    /// Named types already read with confidence on this page.
    pub known_types: &'a BTreeSet<String>,
}

/// The outcome of a split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Split {
    /// One reading is supported by the evidence.
    Clear(Header),
    /// The best reading, and a sentence on why it is not certain.
    Ambiguous(Header, String),
    /// The whole header is a name the examples know, and no type follows it (the type is empty):
    /// the copy lost it. The sentence says so.
    Untyped(Header, String),
}

#[derive(Debug, Clone, Copy)]
struct Candidate<'s> {
    name: &'s str,
    doc_type: &'s str,
    score: u32,
    strong: bool,
    /// The name is a key of the page's examples.
    keyed: bool,
}

impl Candidate<'_> {
    /// A reading that may win: a split, or the whole header as a name the examples know (an
    /// unsupported name without a type only rivals the splits).
    fn may_win(&self) -> bool {
        !self.doc_type.is_empty() || self.keyed
    }
}

/// The longest header a field can have, name and type together, in bytes. Names and Java type names
/// are far shorter; the bound keeps the split linear in the line's length (each split point parses
/// the rest as a type), so a page line of megabytes cannot stall the reading.
pub const MAX_HEADER_LEN: usize = 256;

/// Splits a header, fused (`uuidStringRequired`) or spaced (`uuid String Required`). An error says
/// what was expected when no reading makes sense.
pub fn split(raw: &str, evidence: &Evidence<'_>) -> Result<Split, String> {
    let raw = raw.trim();
    if raw.len() > MAX_HEADER_LEN {
        return Err(format!(
            "a field header of {} bytes: expected `<name><Type>[Required]`, at most {MAX_HEADER_LEN} bytes",
            raw.len()
        ));
    }
    let (body, required) = strip_required(raw);
    let words: Vec<&str> = body.split_whitespace().collect();
    match words.as_slice() {
        [name, doc_type] => spaced(name, doc_type, required),
        [fused] => fused_split(fused, required, evidence),
        [] => Err("an empty field header: expected `<name><Type>[Required]`".into()),
        _ => Err(format!("the field header `{raw}` has more than a name and a type")),
    }
}

fn strip_required(raw: &str) -> (&str, bool) {
    for marker in REQUIRED_MARKERS {
        if let Some(rest) = raw.strip_suffix(marker)
            && !rest.trim().is_empty()
        {
            return (rest.trim_end(), true);
        }
    }
    (raw, false)
}

fn spaced(name: &str, doc_type: &str, required: bool) -> Result<Split, String> {
    if !is_field_name(name) {
        return Err(format!("`{name}` is not a field name"));
    }
    if doctype::parse(doc_type).is_none() {
        return Err(format!("`{doc_type}` is not a type name"));
    }
    Ok(Split::Clear(Header { name: name.into(), doc_type: doc_type.into(), required }))
}

/// Every name/type reading of a fused header, and the whole header as a name without a type, best
/// first; on a tie the longer type (the shorter name) first, so the untyped reading loses ties.
fn candidates<'s>(fused: &'s str, evidence: &Evidence<'_>) -> Vec<Candidate<'s>> {
    // A name is ASCII letters, digits and `_` from a letter on: the names are the prefixes up to
    // the first other character (found once, not per prefix).
    let name_end = match fused.chars().next() {
        Some(c) if c.is_ascii_alphabetic() => {
            fused.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(fused.len())
        }
        _ => 0,
    };
    let mut candidates: Vec<Candidate<'_>> = (1..=name_end.min(fused.len().saturating_sub(1)))
        .map(|i| (&fused[..i], &fused[i..]))
        .filter(|(_, doc_type)| doctype::parse(doc_type).is_some())
        .map(|(name, doc_type)| score(name, doc_type, evidence))
        .collect();
    if is_field_name(fused) {
        candidates.push(score(fused, "", evidence));
    }
    candidates.sort_by(|a, b| b.score.cmp(&a.score).then(b.doc_type.len().cmp(&a.doc_type.len())));
    candidates
}

fn fused_split(fused: &str, required: bool, evidence: &Evidence<'_>) -> Result<Split, String> {
    let candidates = candidates(fused, evidence);
    decide(fused, &candidates, required)
}

/// The winner of scored readings, clear or ambiguous (see the module's rule).
fn decide(fused: &str, candidates: &[Candidate<'_>], required: bool) -> Result<Split, String> {
    let Some(at) = candidates.iter().position(Candidate::may_win) else {
        return Err(format!(
            "cannot split the field header `{fused}`: expected a field name followed by a type name such as String, int, List or a class name"
        ));
    };
    let best = &candidates[at];
    let header = Header { name: best.name.into(), doc_type: best.doc_type.into(), required };
    if best.doc_type.is_empty() {
        return Ok(Split::Untyped(
            header,
            format!(
                "the field header `{fused}` has no type: the whole text is the name `{}` that the examples hold, so the type was lost (a copy cut short?)",
                best.name
            ),
        ));
    }
    let rival = candidates
        .iter()
        .enumerate()
        .find(|(i, _)| *i != at)
        .map(|(_, r)| r)
        .filter(|r| !is_shorter_builtin(r.doc_type, best.doc_type));
    let clear = best.strong || rival.is_none_or(|r| best.score > r.score && has_class_ending(best.doc_type));
    if clear {
        return Ok(Split::Clear(header));
    }
    let alternative = rival.map_or(String::new(), |r| match r.doc_type {
        "" => format!("; or the whole `{}` is a name whose type is lost", r.name),
        doc_type => format!("; `{}` + `{doc_type}` reads as well", r.name),
    });
    Ok(Split::Ambiguous(
        header,
        format!(
            "the field header `{fused}` splits ambiguously: read as name `{}` and type `{}`{alternative}; no example key or known type decides it",
            best.name, best.doc_type
        ),
    ))
}

fn score<'s>(name: &'s str, doc_type: &'s str, evidence: &Evidence<'_>) -> Candidate<'s> {
    let mut score = 0;
    let mut strong = false;
    let keyed = evidence.sibling_keys.contains(name) || evidence.page_keys.contains(name);
    if evidence.sibling_keys.contains(name) {
        score += 4;
        strong = true;
    } else if evidence.page_keys.contains(name) {
        score += 2;
    }
    if doctype::is_vocabulary(doc_type) || evidence.known_types.contains(doc_type) {
        score += 3;
        strong = true;
    }
    if has_class_ending(doc_type) {
        score += 1;
    }
    let capitalised = capitalise(name);
    if doc_type.starts_with(&capitalised) || doc_type.ends_with(&capitalised) {
        score += 1;
    }
    Candidate { name, doc_type, score, strong, keyed }
}

/// A field line of a flat copy: header and description fused (`uuidStringRequiredThe UUID.`).
/// Returns the split header and the description (`None` when the line is a header alone).
pub fn split_described(raw: &str, evidence: &Evidence<'_>) -> Result<(Split, Option<String>), String> {
    let raw = raw.trim();
    let word_end = raw.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(raw.len());
    let mut readings: Vec<Reading<'_>> = Vec::new();
    for end in header_ends(raw, word_end) {
        let (header, rest) = raw.split_at(end);
        let (required, description) = required_marker(rest);
        if description.starts_with(char::is_whitespace) {
            continue;
        }
        let prose = u32::from(description.is_empty() || starts_like_prose(description));
        let mut found = candidates(header, evidence);
        // A name without a type only as the whole leading word: inside it, the rest is the type.
        found.retain(|c| end == word_end || !c.doc_type.is_empty());
        found.iter_mut().for_each(|c| c.score += prose);
        readings.extend(found.into_iter().map(|candidate| Reading { candidate, required, description }));
    }
    readings.sort_by(|a, b| {
        let (x, y) = (&a.candidate, &b.candidate);
        y.score
            .cmp(&x.score)
            .then(y.doc_type.len().cmp(&x.doc_type.len()))
            .then(b.description.len().cmp(&a.description.len()))
    });
    let Some(best) = readings.iter().find(|r| r.candidate.may_win()) else {
        return Err(format!(
            "cannot split the field line `{raw}`: expected a field name, a type name such as String, int, List or a class name, then the description"
        ));
    };
    // The rivals of the winner are the other readings of the same header end.
    let same_end: Vec<Candidate<'_>> =
        readings.iter().filter(|r| r.description.len() == best.description.len()).map(|r| r.candidate).collect();
    let description = (!best.description.is_empty()).then(|| best.description.to_owned());
    decide(raw, &same_end, best.required).map(|split| (split, description))
}

/// One reading of a flat field line.
struct Reading<'s> {
    candidate: Candidate<'s>,
    required: bool,
    description: &'s str,
}

/// Where the header of a flat field line may end: before each upper-case letter of the leading
/// ASCII word, and at the word's end unless that is the end of the line or a space follows.
fn header_ends(raw: &str, word_end: usize) -> Vec<usize> {
    let mut ends: Vec<usize> = raw[..word_end]
        .char_indices()
        .skip(1)
        .take_while(|(i, _)| *i <= MAX_HEADER_LEN)
        .filter(|(_, c)| c.is_ascii_uppercase())
        .map(|(i, _)| i)
        .collect();
    if word_end <= MAX_HEADER_LEN {
        ends.push(word_end);
    }
    ends
}

/// The required marker at the start of what follows the type, and the description after it.
fn required_marker(rest: &str) -> (bool, &str) {
    if let Some(after) = rest.strip_prefix("必填") {
        return (true, after);
    }
    if let Some(after) = rest.strip_prefix("Required")
        && !after.starts_with(|c: char| c.is_whitespace() || c.is_ascii_punctuation())
    {
        return (true, after);
    }
    (false, rest)
}

/// Whether a description starts like prose: non-ASCII text, or a first word that is not two words
/// fused (`The`, `UUIDs`, `Optional.`, but not `RequiredThe` or `ListUUIDs`).
fn starts_like_prose(text: &str) -> bool {
    let Some(first) = text.chars().next() else { return true };
    if !first.is_ascii() {
        return true;
    }
    if first.is_ascii_lowercase() {
        return false;
    }
    let word: Vec<char> = text.chars().take_while(char::is_ascii_alphanumeric).collect();
    !word.windows(2).any(|w| w[0].is_ascii_lowercase() && w[1].is_ascii_uppercase())
}

/// A class name with a common ending and something before it (`ErrorCode`, not `Code`).
fn has_class_ending(doc_type: &str) -> bool {
    NAMED_TYPE_SUFFIXES.iter().any(|s| doc_type.len() > s.len() && doc_type.ends_with(s))
}

/// `HashMap` against `LinkedHashMap`: a built-in name that is the tail of the winner's built-in
/// name is not a rival reading, just a shorter match of the same word.
fn is_shorter_builtin(rival: &str, best: &str) -> bool {
    doctype::is_vocabulary(rival) && doctype::is_vocabulary(best) && best.ends_with(rival)
}

/// A field name: a letter, then letters, digits or underscores.
pub fn is_field_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic()) && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map_or_else(String::new, |c| c.to_ascii_uppercase().to_string() + chars.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split_with(raw: &str, siblings: &[&str], known: &[&str]) -> Split {
        let page_keys = BTreeSet::new();
        let known_types: BTreeSet<String> = known.iter().map(|s| s.to_string()).collect();
        let evidence = Evidence {
            sibling_keys: siblings.iter().copied().collect(),
            page_keys: &page_keys,
            known_types: &known_types,
        };
        split(raw, &evidence).unwrap_or_else(|e| panic!("{raw}: {e}"))
    }

    fn clear(raw: &str, siblings: &[&str]) -> (String, String, bool) {
        match split_with(raw, siblings, &[]) {
            Split::Clear(h) => (h.name, h.doc_type, h.required),
            Split::Ambiguous(h, why) | Split::Untyped(h, why) => panic!("{raw} read as {h:?} but not clear: {why}"),
        }
    }

    type Expected = (String, String, bool);

    fn t(name: &str, ty: &str, required: bool) -> Expected {
        (name.into(), ty.into(), required)
    }

    /// Every header of the seed page, with the example keys the seed offers at that place.
    #[test]
    fn every_header_of_the_seed_splits_right() {
        let body = ["changeticketstatus", "systemTags", "userTags"];
        let wrapper = ["statusEvent", "comment"];
        let inventory = [
            "uuid",
            "name",
            "description",
            "status",
            "request",
            "accountSystemType",
            "ticketTypeUuid",
            "accountSystemContext",
            "flowCollectionUuid",
        ];
        let request = ["requestName", "apiName", "executeTimes", "apiBody"];
        let cases: &[(&str, &[&str], Expected)] = &[
            ("uuidStringRequired", &[], t("uuid", "String", true)),
            ("changeticketstatusObjectRequired", &body, t("changeticketstatus", "Object", true)),
            ("statusEventTicketStatusEventRequired", &wrapper, t("statusEvent", "TicketStatusEvent", true)),
            ("commentString", &wrapper, t("comment", "String", false)),
            ("systemTagsList", &body, t("systemTags", "List", false)),
            ("userTagsList", &body, t("userTags", "List", false)),
            ("errorErrorCodeRequired", &["inventory"], t("error", "ErrorCode", true)),
            ("codeStringRequired", &[], t("code", "String", true)),
            ("descriptionStringRequired", &[], t("description", "String", true)),
            ("detailsStringRequired", &[], t("details", "String", true)),
            ("elaborationStringRequired", &[], t("elaboration", "String", true)),
            ("opaqueLinkedHashMapRequired", &[], t("opaque", "LinkedHashMap", true)),
            ("causeErrorCodeRequired", &[], t("cause", "ErrorCode", true)),
            ("inventoryTicketInventoryRequired", &["inventory"], t("inventory", "TicketInventory", true)),
            ("uuidStringRequired", &inventory, t("uuid", "String", true)),
            ("nameStringRequired", &inventory, t("name", "String", true)),
            ("accountSystemTypeStringRequired", &inventory, t("accountSystemType", "String", true)),
            ("ticketTypeUuidStringRequired", &inventory, t("ticketTypeUuid", "String", true)),
            ("accountSystemContextObjectRequired", &inventory, t("accountSystemContext", "Object", true)),
            ("currentFlowUuidStringRequired", &inventory, t("currentFlowUuid", "String", true)),
            ("flowCollectionUuidStringRequired", &inventory, t("flowCollectionUuid", "String", true)),
            ("createDateTimestampRequired", &inventory, t("createDate", "Timestamp", true)),
            ("lastOpDateTimestampRequired", &inventory, t("lastOpDate", "Timestamp", true)),
            ("statusTicketStatusRequired", &inventory, t("status", "TicketStatus", true)),
            ("ordinalintRequired", &[], t("ordinal", "int", true)),
            ("requestListRequired", &inventory, t("request", "List", true)),
            ("requestNameStringRequired", &request, t("requestName", "String", true)),
            ("apiNameStringRequired", &request, t("apiName", "String", true)),
            ("executeTimesintRequired", &request, t("executeTimes", "int", true)),
            ("apiBodyObjectRequired", &request, t("apiBody", "Object", true)),
        ];
        for (raw, siblings, expected) in cases {
            assert_eq!(&clear(raw, siblings), expected, "{raw}");
        }
    }

    #[test]
    fn example_keys_decide_between_readings() {
        // The same header reads differently when the example holds `status` instead.
        assert_eq!(clear("statusEventTicketStatusEvent", &["status"]), t("status", "EventTicketStatusEvent", false));
    }

    #[test]
    fn built_in_names_beat_their_own_tails() {
        assert_eq!(clear("opaqueLinkedHashMap", &[]), t("opaque", "LinkedHashMap", false));
        assert_eq!(clear("stringString", &[]), t("string", "String", false));
        assert_eq!(clear("listList", &[]), t("list", "List", false));
        assert_eq!(clear("l3NetworkUuidsList", &[]), t("l3NetworkUuids", "List", false));
        assert_eq!(clear("isDefaultBoolean", &[]), t("isDefault", "Boolean", false));
        assert_eq!(clear("adminOnlyboolean", &[]), t("adminOnly", "boolean", false));
        assert_eq!(clear("totalLongRequired", &[]), t("total", "Long", true));
    }

    /// `ipInBinarybyte[]`: an array of a built-in type is a built-in type, so the split falls
    /// after the name, not inside it (`ip` + a class `InBinarybyte[]`).
    #[test]
    fn arrays_of_built_in_names_split_after_the_name() {
        let inventory = ["ip", "ipInLong", "ipInBinary"];
        assert_eq!(clear("ipInBinarybyte[]Required", &inventory), t("ipInBinary", "byte[]", true));
        assert_eq!(clear("ipInBinarybyte[]", &[]), t("ipInBinary", "byte[]", false));
        assert_eq!(clear("namesString[]", &[]), t("names", "String[]", false));
    }

    #[test]
    fn known_types_resolve_what_naming_alone_cannot() {
        assert!(matches!(split_with("fromStatusTicketStatus", &[], &[]), Split::Ambiguous(..)));
        let Split::Clear(h) = split_with("fromStatusTicketStatus", &[], &["TicketStatus"]) else {
            panic!("a known type should decide the split")
        };
        assert_eq!((h.name.as_str(), h.doc_type.as_str()), ("fromStatus", "TicketStatus"));
    }

    #[test]
    fn without_evidence_a_class_ending_and_the_name_in_the_type_decide() {
        // No example keys at all: the naming pattern is the only evidence left, and it is enough
        // when one reading clearly leads.
        assert_eq!(clear("statusEventTicketStatusEvent", &[]), t("statusEvent", "TicketStatusEvent", false));
        assert_eq!(clear("causeErrorCode", &[]), t("cause", "ErrorCode", false));
    }

    /// A header cut short (`createDateTimestampRequired` → `createDate`): the whole text is a key
    /// of the example, so it reads as that name without a type rather than `create` + `Date`.
    #[test]
    fn a_header_cut_to_its_name_reads_as_the_name_without_a_type() {
        let inventory = ["uuid", "createDate", "lastOpDate"];
        let Split::Untyped(h, why) = split_with("createDate", &inventory, &[]) else { panic!("not untyped") };
        assert_eq!((h.name.as_str(), h.doc_type.as_str()), ("createDate", ""));
        assert!(why.contains("no type"), "{why}");
        // Without the key, `create` + `Date` is the reading, as before.
        assert_eq!(clear("createDate", &[]), t("create", "Date", false));
    }

    /// A header cut mid-name (`replyWithCountBoolean` → `replyWit`): the only split has no
    /// evidence, and the whole text as a name rivals it, so it is ambiguous, not clear.
    #[test]
    fn a_lone_split_without_evidence_is_ambiguous() {
        let Split::Ambiguous(h, why) = split_with("replyWit", &[], &[]) else { panic!("not ambiguous") };
        assert_eq!((h.name.as_str(), h.doc_type.as_str()), ("reply", "Wit"));
        assert!(why.contains("the whole `replyWit` is a name whose type is lost"), "{why}");
    }

    #[test]
    fn spaced_headers_from_html_split_on_whitespace() {
        assert_eq!(clear("statusEvent TicketStatusEvent Required", &[]), t("statusEvent", "TicketStatusEvent", true));
        assert_eq!(clear("comment String", &[]), t("comment", "String", false));
    }

    /// A flat line, read with no evidence but the page's own words: (name, type, required, description).
    fn described(raw: &str, siblings: &[&str]) -> (String, String, bool, Option<String>) {
        let page_keys = BTreeSet::new();
        let known = BTreeSet::new();
        let evidence =
            Evidence { sibling_keys: siblings.iter().copied().collect(), page_keys: &page_keys, known_types: &known };
        match split_described(raw, &evidence).unwrap_or_else(|e| panic!("{raw}: {e}")) {
            (Split::Clear(h), d) => (h.name, h.doc_type, h.required, d),
            (Split::Ambiguous(h, why) | Split::Untyped(h, why), _) => {
                panic!("{raw} read as {h:?} but not clear: {why}")
            }
        }
    }

    fn d(name: &str, ty: &str, required: bool, description: Option<&str>) -> (String, String, bool, Option<String>) {
        (name.into(), ty.into(), required, description.map(str::to_owned))
    }

    #[test]
    fn flat_lines_split_into_header_and_description() {
        let cases = [
            ("usernameStringRequiredThe SSH username.", d("username", "String", true, Some("The SSH username."))),
            ("descriptionStringOptional. Notes.", d("description", "String", false, Some("Optional. Notes."))),
            ("tagUuidsListUUIDs of tags to attach.", d("tagUuids", "List", false, Some("UUIDs of tags to attach."))),
            ("uuidString必填工单的UUID。", d("uuid", "String", true, Some("工单的UUID。"))),
            ("approverTitleString可选。", d("approverTitle", "String", false, Some("可选。"))),
            ("uuidStringRequired", d("uuid", "String", true, None)),
            ("commentString", d("comment", "String", false, None)),
            (
                "changeticketflowcollectionstateObjectRequiredchangeticketflowcollectionstate request body object.",
                d(
                    "changeticketflowcollectionstate",
                    "Object",
                    true,
                    Some("changeticketflowcollectionstate request body object."),
                ),
            ),
        ];
        for (raw, expected) in cases {
            assert_eq!(described(raw, &[]), expected, "{raw}");
        }
    }

    /// The constructed hard cases of the flat form.
    #[test]
    fn flat_hard_cases_split_right() {
        // A name that ends like a type name.
        assert_eq!(
            described("userListStringRequiredThe users.", &[]),
            d("userList", "String", true, Some("The users."))
        );
        assert_eq!(described("nameStringStringA name.", &[]), d("nameString", "String", false, Some("A name.")));
        // A description that starts with `Required`.
        assert_eq!(
            described("modeStringRequired when the type is custom.", &[]),
            d("mode", "String", false, Some("Required when the type is custom."))
        );
        assert_eq!(
            described("modeStringRequiredRequired for custom types.", &[]),
            d("mode", "String", true, Some("Required for custom types."))
        );
        // A Chinese description glued to the type, with and without the marker.
        assert_eq!(described("nameString流程名称。", &[]), d("name", "String", false, Some("流程名称。")));
        assert_eq!(described("countint必填数量。", &[]), d("count", "int", true, Some("数量。")));
        // A named type, decided by the example key.
        assert_eq!(
            described("statusEventTicketStatusEventRequiredThe event.", &["statusEvent"]),
            d("statusEvent", "TicketStatusEvent", true, Some("The event."))
        );
    }

    #[test]
    fn a_flat_line_that_is_no_field_is_an_error() {
        let page_keys = BTreeSet::new();
        let known = BTreeSet::new();
        let evidence = Evidence { sibling_keys: BTreeSet::new(), page_keys: &page_keys, known_types: &known };
        assert!(split_described("This API requires no request parameters.", &evidence).is_err());
        assert!(split_described("此接口无需请求参数。", &evidence).is_err());
    }

    #[test]
    fn headers_without_a_type_are_errors() {
        let page_keys = BTreeSet::new();
        let known = BTreeSet::new();
        let evidence = Evidence { sibling_keys: BTreeSet::new(), page_keys: &page_keys, known_types: &known };
        assert!(split("uuidstring", &evidence).is_err());
        assert!(split("Required", &evidence).is_err());
        assert!(split("", &evidence).is_err());
        assert!(split("a b c d", &evidence).is_err());
        assert!(split("9lives String", &evidence).is_err());
    }

    /// Each split point parses the rest of the header as a type: without a bound, a megabyte-long
    /// fused line took minutes (found by tests/fuzz.rs). Past the bound it is no header, and a
    /// flat line's header is only looked for within the bound.
    #[test]
    fn headers_longer_than_the_bound_are_no_headers() {
        let page_keys = BTreeSet::new();
        let known = BTreeSet::new();
        let evidence = Evidence { sibling_keys: BTreeSet::new(), page_keys: &page_keys, known_types: &known };
        let huge = format!("name{}String", "x".repeat(1 << 20));
        assert!(split(&huge, &evidence).is_err());
        assert!(split_described(&format!("{huge}Required The text."), &evidence).is_err());
        let fine = format!("{}String", "a".repeat(MAX_HEADER_LEN - 6));
        assert!(split(&fine, &evidence).is_ok(), "a header of exactly the bound still splits");
    }
}
