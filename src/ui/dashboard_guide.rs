//! How to read the dashboard's charts and move through its panels, for the help overlay
//! after the figures' definitions (`ui::figures`), in the current language.

use std::sync::OnceLock;

use crate::i18n::Language;
use crate::t;

/// One line per panel or key group that needs saying, after the figures' definitions.
pub fn dashboard_guide() -> Vec<(String, String)> {
    vec![
        (t!("dash-guide-weeks-name"), t!("dash-guide-weeks")),
        (t!("dash-guide-rows-name"), t!("dash-guide-rows")),
        (t!("dash-guide-drill-name"), t!("dash-guide-drill")),
        (t!("dash-guide-owner-name"), t!("dash-guide-owner")),
    ]
}

/// The help overlay's Dashboard legend: the figures' definitions, then the guide, in the
/// current language. Built once per language (the words never change while running), so the
/// overlay can borrow them as it borrows its other static lines.
pub fn dashboard_legend() -> Vec<(&'static str, &'static str)> {
    static BUILT: [OnceLock<Vec<(String, String)>>; 3] =
        [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let language = crate::i18n::current().language;
    let slot = Language::ALL
        .iter()
        .position(|l| *l == language)
        .unwrap_or(0);
    BUILT[slot]
        .get_or_init(|| {
            let mut all = super::figures::figure_definitions();
            all.extend(dashboard_guide());
            all
        })
        .iter()
        .map(|(name, text)| (name.as_str(), text.as_str()))
        .collect()
}
