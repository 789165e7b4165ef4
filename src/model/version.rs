//! The order of since versions (`3.0.0`, `3.10.0`, `4.3.6-beta`), as pages write them.
//!
//! Pages give versions as text and the model keeps the text; where one must be chosen (the
//! earliest since of a page's fields, of the pages of one operation), they are compared here, so
//! that every choice follows the same rule:
//!
//! - Versions compare part by part (parts split at `.`), and a part by its leading number:
//!   `3.9.1` < `3.10.0`, and `3.0` < `3.0.0` (a prefix comes first).
//! - Within the same number, a part with a suffix comes first, the way a pre-release comes before
//!   its release: `4.3.6-beta` < `4.3.6`; suffixes compare as text.
//! - A part that does not start with a number (`x`, empty, or one too large for `u64`) comes after
//!   every numeric part, so a page's odd since never wins over a real version: `3.9` < `3.x`.
//! - Versions equal by these rules (`3.0` and `03.0`) compare as text, so that no two different
//!   versions are equal and the earliest never depends on the order the pages come in.

use std::cmp::Ordering;

/// The key that orders since versions (see the module's rules); compare keys, not text.
pub(crate) fn order(version: &str) -> Order<'_> {
    Order { parts: version.split('.').map(Part::new).collect(), text: version }
}

/// The earliest of some versions, by [`order`]; `None` when there are none.
pub(crate) fn earliest(versions: impl IntoIterator<Item = String>) -> Option<String> {
    versions.into_iter().min_by(|a, b| order(a).cmp(&order(b)))
}

/// A version as its ordered parts, then its text for a tie.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Order<'v> {
    parts: Vec<Part<'v>>,
    text: &'v str,
}

/// One `.`-separated part. Variant order is the rule: numbers before words.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Part<'v> {
    Number { value: u64, suffix: Suffix<'v> },
    Word(&'v str),
}

/// What follows a part's number: a suffix (`-beta`) orders before none.
#[derive(Debug, PartialEq, Eq)]
enum Suffix<'v> {
    Pre(&'v str),
    Release,
}

impl<'v> Part<'v> {
    fn new(part: &'v str) -> Self {
        let part = part.trim();
        let digits = part.len() - part.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let (number, rest) = part.split_at(digits);
        match number.parse() {
            Ok(value) if rest.is_empty() => Part::Number { value, suffix: Suffix::Release },
            Ok(value) => Part::Number { value, suffix: Suffix::Pre(rest) },
            Err(_) => Part::Word(part),
        }
    }
}

impl Ord for Suffix<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (Suffix::Pre(a), Suffix::Pre(b)) => a.cmp(b),
            (Suffix::Pre(_), Suffix::Release) => Ordering::Less,
            (Suffix::Release, Suffix::Pre(_)) => Ordering::Greater,
            (Suffix::Release, Suffix::Release) => Ordering::Equal,
        }
    }
}

impl PartialOrd for Suffix<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sorts versions by [`order`].
    fn sorted(versions: &[&str]) -> Vec<String> {
        let mut versions: Vec<&str> = versions.to_vec();
        versions.sort_by(|a, b| order(a).cmp(&order(b)));
        versions.into_iter().map(str::to_owned).collect()
    }

    #[test]
    fn versions_compare_numerically() {
        assert!(order("3.9.1") < order("3.10.0"));
    }

    #[test]
    fn versions_order_by_number_then_suffix_then_words_then_text() {
        let expected = [
            "2.9.0",
            "3",
            "03.0",
            "3.0",
            "3.0.0",
            "3.9.1",
            "3.10.0",
            "3.x",
            "4.3.6-beta",
            "4.3.6-rc1",
            "4.3.6x",
            "4.3.6",
            "4.3.10",
            "4.3.",
            "4.3.x",
            "99999999999999999999.1",
            "x",
        ];
        let mut reversed = expected.to_vec();
        reversed.reverse();
        assert_eq!(sorted(&reversed), expected);
        assert_eq!(sorted(&expected), expected);
    }

    #[test]
    fn the_earliest_version_is_found_whatever_the_order() {
        assert_eq!(earliest(vec!["3.10.0".into(), "3.9.0".into(), "4.0.0".into()]).as_deref(), Some("3.9.0"));
        assert_eq!(earliest(vec![]), None);
        assert_eq!(earliest(["4.3.6".into(), "4.3.6-beta".into()]).as_deref(), Some("4.3.6-beta"));
        assert_eq!(earliest(["3.x".into(), "3.0.0".into()]).as_deref(), Some("3.0.0"));
        assert_eq!(earliest(["3.0.0".into(), "3.x".into()]).as_deref(), Some("3.0.0"));
    }
}
