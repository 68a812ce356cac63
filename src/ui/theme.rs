//! The one place that picks the secondary colours (panel borders, chart axes, hints, labels)
//! for a dark or a light terminal background: `theme` in config.toml. `NO_COLOR` needs nothing
//! here — crossterm writes no colour at all when it is set.

use std::cell::Cell;

use ratatui::style::Color;
use serde::Deserialize;

/// `theme = "light" | "dark" | "auto"` in config.toml; `auto` (the default) reads `COLORFGBG`.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    Light,
    Dark,
    #[default]
    Auto,
}

/// The background the colours are picked for, once `auto` is decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Background {
    Dark,
    Light,
}

impl Theme {
    /// `auto` asks `COLORFGBG` (`"0;15"`: foreground;background, as rxvt, Konsole and others set
    /// it, and vim reads it); a white background (7 or 15) is light, anything else or no
    /// variable dark, which is what dealdeck always drew for.
    pub fn background(self, colorfgbg: Option<&str>) -> Background {
        match self {
            Theme::Light => Background::Light,
            Theme::Dark => Background::Dark,
            Theme::Auto => {
                let bg = colorfgbg.and_then(|value| value.rsplit(';').next());
                match bg.map(str::trim) {
                    Some("7" | "15") => Background::Light,
                    _ => Background::Dark,
                }
            }
        }
    }
}

thread_local! {
    // Drawing happens on the thread that owns the terminal; per thread, so tests that draw
    // on their own threads cannot see each other's choice.
    static BACKGROUND: Cell<Background> = const { Cell::new(Background::Dark) };
}

/// Decides the background for everything drawn on this thread from now on.
pub fn use_theme(theme: Theme) {
    let colorfgbg = std::env::var("COLORFGBG").ok();
    use_background(theme.background(colorfgbg.as_deref()));
}

pub fn use_background(background: Background) {
    BACKGROUND.with(|cell| cell.set(background));
}

fn background() -> Background {
    BACKGROUND.with(Cell::get)
}

/// Borders, axes and the "where" line: recede, but stay readable. `DarkGray` is bright black,
/// which light schemes draw near their background; a 256-colour grey of 4.5:1 contrast on
/// white is used there instead.
pub fn secondary() -> Color {
    match background() {
        Background::Dark => Color::DarkGray,
        Background::Light => Color::Indexed(243),
    }
}

/// Labels beside figures: lighter than text on a dark background; `Gray` (ANSI white) vanishes
/// on a light one, so there a darker grey than `secondary`.
pub fn label() -> Color {
    match background() {
        Background::Dark => Color::Gray,
        Background::Light => Color::Indexed(240),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_reads_the_background_from_colorfgbg() {
        assert_eq!(Theme::Auto.background(None), Background::Dark);
        assert_eq!(Theme::Auto.background(Some("15;0")), Background::Dark);
        assert_eq!(Theme::Auto.background(Some("0;15")), Background::Light);
        assert_eq!(
            Theme::Auto.background(Some("0;default;7")),
            Background::Light
        );
        assert_eq!(Theme::Auto.background(Some("garbage")), Background::Dark);
        assert_eq!(Theme::Light.background(Some("15;0")), Background::Light);
        assert_eq!(Theme::Dark.background(Some("0;15")), Background::Dark);
    }

    #[test]
    fn a_light_background_gets_no_colour_that_vanishes_on_white() {
        use_background(Background::Light);
        for colour in [secondary(), label()] {
            assert!(
                !matches!(colour, Color::DarkGray | Color::Gray | Color::White),
                "{colour:?}"
            );
        }
        use_background(Background::Dark);
        assert_eq!(secondary(), Color::DarkGray);
        assert_eq!(label(), Color::Gray);
    }
}
