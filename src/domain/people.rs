//! Who is acting: the current user's name as every write records it (`by` on visits, notes,
//! activities and edits), and how a deal's owner is matched against it ("my deals").

use thiserror::Error;

use super::text::MAX_FIELD_CHARS;

#[derive(Debug, Error, PartialEq, Eq)]
pub enum UserError {
    #[error(
        "the user name from {0} is empty; set --user NAME, $DEALDECK_USER or user in config.toml"
    )]
    Empty(&'static str),
    #[error(
        "the user name {name} from {from} contains control characters; use a plain name on one line"
    )]
    ControlCharacters { name: String, from: &'static str },
    #[error("the user name from {from} is {found} characters long; the limit is {limit}")]
    TooLong {
        from: &'static str,
        found: usize,
        limit: usize,
    },
}

/// A user name as given by `from` (`--user`, `$DEALDECK_USER`, …), trimmed and checked.
pub fn check_user(name: &str, from: &'static str) -> Result<String, UserError> {
    let trimmed = name.trim();
    if trimmed.is_empty() {
        return Err(UserError::Empty(from));
    }
    if trimmed.chars().any(char::is_control) {
        return Err(UserError::ControlCharacters {
            name: super::text::echo(trimmed),
            from,
        });
    }
    let found = trimmed.chars().count();
    if found > MAX_FIELD_CHARS {
        return Err(UserError::TooLong {
            from,
            found,
            limit: MAX_FIELD_CHARS,
        });
    }
    Ok(trimmed.to_string())
}

/// The first name given, in order of precedence (`--user`, `$DEALDECK_USER`, config `user`),
/// each with where it came from; the first one present decides, so a bad `--user` is
/// refused rather than passed over. `None` when none was given.
pub fn choose_user<'a>(
    candidates: impl IntoIterator<Item = (Option<&'a str>, &'static str)>,
) -> Result<Option<String>, UserError> {
    for (name, from) in candidates {
        if let Some(name) = name {
            return check_user(name, from).map(Some);
        }
    }
    Ok(None)
}

/// Whether a deal's owner is `user`: the same name, ignoring case (Unicode) and the spaces
/// around it. No owner is nobody's.
pub fn is_owner(owner: Option<&str>, user: &str) -> bool {
    owner.is_some_and(|owner| {
        let user = user.trim();
        !user.is_empty() && owner.trim().to_lowercase() == user.to_lowercase()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_name_given_decides_and_is_checked() {
        let chosen = choose_user([
            (None, "--user"),
            (Some("  ana "), "$DEALDECK_USER"),
            (Some("bo"), "the login name"),
        ]);
        assert_eq!(chosen, Ok(Some("ana".to_string())));
        assert_eq!(
            choose_user([(Some(" "), "--user"), (Some("bo"), "the login name")]),
            Err(UserError::Empty("--user"))
        );
        assert!(matches!(
            choose_user([(Some("a\u{1b}[2J"), "--user")]),
            Err(UserError::ControlCharacters { from: "--user", .. })
        ));
        assert_eq!(choose_user([(None, "--user")]), Ok(None));
    }

    #[test]
    fn owners_match_ignoring_case() {
        assert!(is_owner(Some("Åsa Berg"), "åsa berg"));
        assert!(is_owner(Some(" ana "), "ANA"));
        assert!(!is_owner(Some("anna"), "ana"));
        assert!(!is_owner(None, "ana"));
        assert!(!is_owner(Some(""), " "));
    }
}
