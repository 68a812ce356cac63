//! The pipeline templates shipped inside the binary (assets/pipelines/*.toml).

use crate::domain::{PipelineDef, PipelineDefError};

/// `(key, TOML text)` for every shipped template; `services` is the default pipeline.
pub const TEMPLATES: &[(&str, &str)] = &[
    (
        "services",
        include_str!("../assets/pipelines/services.toml"),
    ),
    ("b2b", include_str!("../assets/pipelines/b2b.toml")),
    ("classic", include_str!("../assets/pipelines/classic.toml")),
    ("leads", include_str!("../assets/pipelines/leads.toml")),
    // The same four in the reps' language (issue 15): separate templates, not a translation
    // of anyone's data; each leads pipeline converts into the services one of its language.
    (
        "services-nl",
        include_str!("../assets/pipelines/services-nl.toml"),
    ),
    (
        "services-sv",
        include_str!("../assets/pipelines/services-sv.toml"),
    ),
    ("b2b-nl", include_str!("../assets/pipelines/b2b-nl.toml")),
    ("b2b-sv", include_str!("../assets/pipelines/b2b-sv.toml")),
    (
        "classic-nl",
        include_str!("../assets/pipelines/classic-nl.toml"),
    ),
    (
        "classic-sv",
        include_str!("../assets/pipelines/classic-sv.toml"),
    ),
    (
        "leads-nl",
        include_str!("../assets/pipelines/leads-nl.toml"),
    ),
    (
        "leads-sv",
        include_str!("../assets/pipelines/leads-sv.toml"),
    ),
];

pub const DEFAULT_TEMPLATE: &str = "services";

/// The template a new database starts with: `services` in the creator's language (the
/// pipeline is then the team's own data, never translated again).
pub fn default_template_key() -> &'static str {
    match crate::i18n::current().language {
        crate::i18n::Language::En => DEFAULT_TEMPLATE,
        crate::i18n::Language::Nl => "services-nl",
        crate::i18n::Language::Sv => "services-sv",
    }
}

/// The template named `key` (case-insensitive), parsed and validated.
pub fn template(key: &str) -> Option<Result<PipelineDef, PipelineDefError>> {
    TEMPLATES
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key.trim()))
        .map(|(_, text)| PipelineDef::from_toml(text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::StageKind;

    #[test]
    fn every_template_is_valid_and_has_playbooks() {
        for (key, text) in TEMPLATES {
            let def = PipelineDef::from_toml(text).unwrap_or_else(|e| panic!("{key}: {e}"));
            for stage in def.stages.iter().filter(|s| s.kind == StageKind::Open) {
                let playbook = stage.playbook();
                assert!(
                    !playbook.trigger.is_empty(),
                    "{key}/{}: no trigger",
                    stage.name
                );
                assert!(!playbook.tasks.is_empty(), "{key}/{}: no tasks", stage.name);
            }
        }
    }

    #[test]
    fn templates_match_the_product_contract() {
        let names = |key: &str| -> Vec<(String, u8)> {
            template(key)
                .unwrap()
                .unwrap()
                .stages
                .iter()
                .map(|s| (s.name.clone(), s.effective_probability()))
                .collect()
        };
        let services = names("services");
        assert_eq!(services[0], ("Consultation scheduled".into(), 20));
        assert_eq!(services[3], ("Sent for signature".into(), 80));
        assert_eq!(names("b2b")[2], ("Meeting".into(), 50));
        assert_eq!(names("classic")[3], ("Negotiation".into(), 80));
        assert_eq!(names("leads")[3], ("Converted".into(), 100));
    }
}

#[cfg(test)]
#[path = "templates_tests.rs"]
mod translated_tests;
