//! The managed list of reasons a deal is lost.

/// The reasons a new database starts with (PRODUCT.md §1).
pub const DEFAULT_LOST_REASONS: &[&str] = &[
    "Price too high",
    "Chose competitor",
    "No budget",
    "No decision / stalled",
    "No response",
    "Timing",
    "Not a fit",
    "Other",
];

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
        let known: Vec<String> = DEFAULT_LOST_REASONS.iter().map(|s| s.to_string()).collect();
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
