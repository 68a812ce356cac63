//! What applying a pipeline definition changes, field by field, in words: shown by
//! `pipeline apply` (and its `--dry-run`) and `pipeline edit`, so a person sees exactly what
//! their edit does before or as it is written.

use super::pipeline::{PipelineDef, StageDef};
use super::text::echo;

/// The changes from `old` (the stored pipeline, `None` when it is new) to `new`, one line each.
pub fn changes(old: Option<&PipelineDef>, new: &PipelineDef) -> Vec<String> {
    let Some(old) = old else {
        let names: Vec<String> = new.stages.iter().map(|s| echo(s.name.trim())).collect();
        return vec![format!("new pipeline with stages {}", names.join(", "))];
    };
    let mut lines = Vec::new();
    if old.name != new.name.trim() {
        lines.push(format!(
            "name: {} → {}",
            echo(&old.name),
            echo(new.name.trim())
        ));
    }
    if !old.currency.eq_ignore_ascii_case(new.currency.trim()) {
        lines.push(format!(
            "currency: {} → {}",
            old.currency,
            new.currency.trim()
        ));
    }
    if old.expected_days_factor != new.expected_days_factor {
        lines.push(format!(
            "expected days factor: {} → {}",
            old.expected_days_factor, new.expected_days_factor
        ));
    }
    let key = |name: &str| name.trim().to_lowercase();
    for stage in &old.stages {
        if !new.stages.iter().any(|s| key(&s.name) == key(&stage.name)) {
            lines.push(format!("remove stage {}", echo(&stage.name)));
        }
    }
    // A stage moved when its place among the stages both sides have changed; adding or
    // removing one does not move the others.
    let kept = |from: &PipelineDef, other: &PipelineDef| -> Vec<String> {
        from.stages
            .iter()
            .map(|s| key(&s.name))
            .filter(|k| other.stages.iter().any(|o| key(&o.name) == *k))
            .collect()
    };
    let (kept_old, kept_new) = (kept(old, new), kept(new, old));
    for (position, stage) in new.stages.iter().enumerate() {
        let before = old.stages.iter().find(|s| key(&s.name) == key(&stage.name));
        match before {
            None => lines.push(format!(
                "add stage {} at position {}",
                echo(stage.name.trim()),
                position + 1
            )),
            Some(before) => {
                let mut said = stage_changes(before, stage);
                let at = |list: &[String]| list.iter().position(|k| *k == key(&stage.name));
                let was = old
                    .stages
                    .iter()
                    .position(|s| key(&s.name) == key(&stage.name));
                if at(&kept_old) != at(&kept_new)
                    && let Some(was) = was
                {
                    said.insert(0, format!("position {} → {}", was + 1, position + 1));
                }
                lines.extend(
                    said.into_iter()
                        .map(|change| format!("stage {}: {change}", echo(stage.name.trim()))),
                );
            }
        }
    }
    lines
}

fn optional<T: std::fmt::Display>(value: Option<T>) -> String {
    value.map_or_else(|| "none".to_string(), |v| v.to_string())
}

fn stage_changes(old: &StageDef, new: &StageDef) -> Vec<String> {
    let mut said = Vec::new();
    if old.name != new.name.trim() {
        said.push(format!(
            "renamed from {} to {}",
            echo(&old.name),
            echo(new.name.trim())
        ));
    }
    if old.kind != new.kind {
        said.push(format!(
            "kind {} → {}",
            old.kind.as_str(),
            new.kind.as_str()
        ));
    }
    if old.effective_probability() != new.effective_probability() {
        said.push(format!(
            "probability {} → {}",
            old.effective_probability(),
            new.effective_probability()
        ));
    }
    for (field, was, now) in [
        ("rot days", optional(old.rot_days), optional(new.rot_days)),
        (
            "expected days",
            optional(old.expected_days),
            optional(new.expected_days),
        ),
        (
            "target conversion",
            optional(old.target_conversion.map(|t| format!("{t} %"))),
            optional(new.target_conversion.map(|t| format!("{t} %"))),
        ),
    ] {
        if was != now {
            said.push(format!("{field} {was} → {now}"));
        }
    }
    let point = |p: &super::DataPoint| {
        if p.required {
            format!("{} (required)", p.name)
        } else {
            p.name.clone()
        }
    };
    let lists: [(&str, Vec<String>, Vec<String>); 6] = [
        ("trigger", old.trigger.clone(), new.trigger.clone()),
        (
            "responsibilities",
            old.responsibilities.clone(),
            new.responsibilities.clone(),
        ),
        ("documents", old.documents.clone(), new.documents.clone()),
        (
            "data points",
            old.data_points.iter().map(point).collect(),
            new.data_points.iter().map(point).collect(),
        ),
        ("tasks", old.tasks.clone(), new.tasks.clone()),
        (
            "communication",
            old.communication.clone(),
            new.communication.clone(),
        ),
    ];
    for (field, was, now) in lists {
        if let Some(change) = list_change(&was, &now) {
            said.push(format!("{field}: {change}"));
        }
    }
    said
}

/// Items added and removed, or "reordered" when only the order changed.
fn list_change(old: &[String], new: &[String]) -> Option<String> {
    if old == new {
        return None;
    }
    let added: Vec<String> = new
        .iter()
        .filter(|i| !old.contains(i))
        .map(|i| echo(i))
        .collect();
    let removed: Vec<String> = old
        .iter()
        .filter(|i| !new.contains(i))
        .map(|i| echo(i))
        .collect();
    let mut parts = Vec::new();
    if !added.is_empty() {
        parts.push(format!("added {}", added.join(", ")));
    }
    if !removed.is_empty() {
        parts.push(format!("removed {}", removed.join(", ")));
    }
    if parts.is_empty() {
        parts.push("reordered".to_string());
    }
    Some(parts.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates::template;

    #[test]
    fn each_edit_is_one_line_naming_the_stage_and_the_values() {
        let old = template("b2b").unwrap().unwrap();
        assert!(changes(Some(&old), &old).is_empty());
        let mut new = old.clone();
        new.stages[0].probability = Some(15);
        new.stages[1].target_conversion = Some(40);
        new.stages[1].tasks.push("Send the agenda".into());
        new.stages.swap(2, 3);
        new.currency = "SEK".into();
        let lines = changes(Some(&old), &new);
        let first = &old.stages[0];
        assert!(
            lines.contains(&format!(
                "stage {}: probability {} → 15",
                echo(&first.name),
                first.effective_probability()
            )),
            "{lines:#?}"
        );
        assert!(
            lines.contains(&format!(
                "stage {}: target conversion none → 40 %",
                echo(&old.stages[1].name)
            )),
            "{lines:#?}"
        );
        assert!(
            lines.contains(&format!(
                "stage {}: tasks: added \"Send the agenda\"",
                echo(&old.stages[1].name)
            )),
            "{lines:#?}"
        );
        assert!(
            lines.iter().any(|l| l.contains("position 3 → 4")),
            "{lines:#?}"
        );
        assert_eq!(lines[0], "currency: EUR → SEK");
        let mut fewer = old.clone();
        let gone = fewer.stages.remove(0);
        assert!(
            changes(Some(&old), &fewer).contains(&format!("remove stage {}", echo(&gone.name)))
        );
        assert!(changes(None, &old)[0].starts_with("new pipeline with stages"));
    }
}
