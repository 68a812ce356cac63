//! The managed list of reasons a deal is lost.

/// The reasons a new database starts with (PRODUCT.md §1), in the current language: they
/// become the team's own list, which it then edits like any other data.
pub fn default_lost_reasons() -> Vec<String> {
    vec![
        crate::t!("lost-reason-price"),
        crate::t!("lost-reason-competitor"),
        crate::t!("lost-reason-budget"),
        crate::t!("lost-reason-stalled"),
        crate::t!("lost-reason-no-response"),
        crate::t!("lost-reason-timing"),
        crate::t!("lost-reason-fit"),
        crate::t!("lost-reason-other"),
    ]
}

/// The reason as stored: an existing list entry's spelling when it matches, else the
/// trimmed free text.
pub fn canonical_reason(typed: &str, known: &[String]) -> String {
    let trimmed = typed.trim();
    known
        .iter()
        .find(|k| super::text::same_name(k, trimmed))
        .cloned()
        .unwrap_or_else(|| trimmed.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matching_reasons_take_the_list_spelling() {
        let known = default_lost_reasons();
        assert_eq!(
            canonical_reason("  price TOO high ", &known),
            "Price too high"
        );
        assert_eq!(
            canonical_reason("Went with a spreadsheet", &known),
            "Went with a spreadsheet"
        );
    }
}
