//! `pipeline edit`: the pipeline's TOML in the person's editor, checked on save (the file's
//! rules and the store's, by a rehearsal that writes nothing) and opened again with the
//! errors on top until it is right or left unchanged, then applied in one transaction.

use crate::domain::PipelineDef;
use crate::domain::text::echo;

use super::Context;
use super::error::{CliError, CliResult};

/// The lines above the pipeline in the file, written each time it is opened.
fn intro(name: &str) -> String {
    format!(
        "# Pipeline {}: edit, save and quit to apply it; quit without saving to leave it as it is.\n\
         # Stages are matched by name; a stage that holds deals cannot be removed.\n",
        echo(name)
    )
}

/// Why the last save was refused, as comments; always three lines, so the line numbers in
/// the message (worked out with the block in place) point into the file as it is reopened.
fn error_block(reason: &str) -> String {
    let one_line = reason.replace(['\n', '\r'], "; ");
    format!(
        "# dealdeck could not apply this file:\n#   {one_line}\n\
         # Fix it and save to try again, or quit without saving to give up.\n"
    )
}

const ERROR_LINES: usize = 3;

/// The file without the comment lines dealdeck put on top (and any blank lines among them).
fn body(text: &str) -> &str {
    let mut rest = text;
    while let Some(line) = rest.split_inclusive('\n').next() {
        let trimmed = line.trim();
        if !(trimmed.is_empty() || trimmed.starts_with('#')) {
            break;
        }
        rest = &rest[line.len()..];
    }
    rest
}

pub fn edit(ctx: &mut Context, name: Option<&str>) -> CliResult {
    let pipeline = ctx.store.pipeline_named(name)?;
    let original = PipelineDef::of(&pipeline);
    let toml = toml::to_string_pretty(&original).map_err(CliError::failed)?;
    let file = tempfile::Builder::new()
        .prefix("dealdeck-pipeline-")
        .suffix(".toml")
        .tempfile()
        .map_err(|e| CliError::failed(format!("no temporary file for the pipeline: {e}")))?;
    let intro = intro(&pipeline.name);
    let mut shown = format!("{intro}{toml}");
    let mut refused: Option<String> = None;
    loop {
        std::fs::write(file.path(), &shown)?;
        crate::app::editor::edit_file(file.path(), None, "nothing applied")
            .map_err(CliError::failed)?;
        let bytes = std::fs::read(file.path())?;
        let text = String::from_utf8(bytes)
            .map_err(|_| CliError::bad("the file is not UTF-8 text; nothing applied"))?
            .replace("\r\n", "\n");
        if text == shown {
            return match refused {
                None => {
                    println!(
                        "pipeline {} left as it is; nothing applied",
                        echo(&pipeline.name)
                    );
                    Ok(())
                }
                Some(reason) => Err(CliError::bad(format!(
                    "pipeline {} left as it is, nothing applied: {reason}",
                    echo(&pipeline.name)
                ))),
            };
        }
        let body = body(&text).to_string();
        if body.trim().is_empty() {
            println!(
                "the file was emptied; pipeline {} left as it is",
                echo(&pipeline.name)
            );
            return Ok(());
        }
        match check(ctx, &pipeline.name, &intro, &body) {
            Ok(def) => return super::pipeline_apply::apply_defs(ctx, &[def], false),
            Err(CheckError::Refused(reason)) => {
                shown = format!("{}{intro}{body}", error_block(&reason));
                refused = Some(reason);
            }
            Err(CheckError::Failed(error)) => return Err(error),
        }
    }
}

enum CheckError {
    /// The file is wrong: shown to the person to fix.
    Refused(String),
    /// The store failed for another reason: the edit ends.
    Failed(CliError),
}

/// The file's definition if it can be applied as it stands: valid TOML and pipeline rules,
/// the same pipeline, and nothing the store refuses (rehearsed, nothing written).
fn check(
    ctx: &mut Context,
    name: &str,
    intro: &str,
    body: &str,
) -> Result<PipelineDef, CheckError> {
    let above = ERROR_LINES + intro.lines().count();
    let padded = format!("{}{body}", "\n".repeat(above));
    let def = PipelineDef::from_toml(&padded).map_err(|e| CheckError::Refused(e.to_string()))?;
    if def.name.trim().to_lowercase() != name.to_lowercase() {
        return Err(CheckError::Refused(format!(
            "name {} is not {}: pipelines are matched by name, so pipeline edit keeps it (make another pipeline with pipeline apply)",
            echo(def.name.trim()),
            echo(name)
        )));
    }
    match ctx.store.apply_pipelines(std::slice::from_ref(&def), true) {
        Ok(_) => Ok(def),
        Err(error) if error.is_bad_input() => Err(CheckError::Refused(error.to_string())),
        Err(error) => Err(CheckError::Failed(error.into())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_comment_lines_on_top_are_taken_off_and_the_block_has_its_lines() {
        let text = format!("{}{}name = \"X\"\n# kept\n", error_block("bad"), intro("X"));
        assert_eq!(body(&text), "name = \"X\"\n# kept\n");
        assert_eq!(error_block("a\nb").lines().count(), ERROR_LINES);
    }
}
