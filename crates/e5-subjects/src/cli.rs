//! `e5 subject …`: check, prepare and generate subject files (`render` is in e5-papers).

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use clap::{Args, Subcommand};
use e5_sandbox::DataDir;

use crate::{Side, Subject, check_files, generate, prepare};

#[derive(Debug, Args)]
pub struct DataArg {
    /// Data folder (installed contexts, prepared subjects, sandboxes).
    #[arg(long = "data", env = "E5_DATA", default_value = "data")]
    pub dir: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum SubjectCommand {
    /// Check subject files against the installed context: every mistake as path:line.
    Check {
        files: Vec<PathBuf>,
        #[command(flatten)]
        data: DataArg,
    },
    /// Build the prepared database of a subject (reference context + the subject's data).
    Prepare {
        file: PathBuf,
        #[command(flatten)]
        data: DataArg,
    },
    /// Draw new subjects from the task templates, with parameters from the context's data.
    New {
        /// Context id (newest installed version) or id@version.
        #[arg(long)]
        context: String,
        /// The same seed gives the same subjects.
        #[arg(long)]
        seed: u64,
        #[arg(long, default_value_t = 1)]
        count: usize,
        /// content or shop (both when absent).
        #[arg(long)]
        side: Option<Side>,
        /// Folder to write the subject files into.
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
        #[command(flatten)]
        data: DataArg,
    },
}

fn say(line: impl std::fmt::Display) {
    let _ = writeln!(std::io::stdout().lock(), "{line}");
}

/// Reads a subject file, every mistake on its own `path:line` line.
pub fn load(file: &Path) -> anyhow::Result<Subject> {
    Subject::load(file).map_err(|e| {
        anyhow::anyhow!(
            "{}",
            e.diagnostics()
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        )
    })
}

pub async fn run(command: SubjectCommand) -> anyhow::Result<()> {
    match command {
        SubjectCommand::Check { files, data } => {
            let paths: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
            let (reports, diagnostics) = check_files(&paths, &DataDir::new(&data.dir)).await;
            for d in &diagnostics {
                eprintln!("{d}");
            }
            for r in &reports {
                say(format!(
                    "{} : correct ({} données ajoutées, {} vérifications automatiques, contexte {})",
                    r.code, r.overlay_entries, r.checks, r.context
                ));
            }
            if !diagnostics.is_empty() {
                bail!("{} erreur(s) dans les sujets", diagnostics.len());
            }
        }
        SubjectCommand::Prepare { file, data } => {
            let subject = load(&file)?;
            let prepared = prepare(&subject, &DataDir::new(&data.dir))
                .await
                .map_err(|d| {
                    anyhow::anyhow!(
                        "{}",
                        d.iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                            .join("\n")
                    )
                })?;
            let state = if prepared.rebuilt {
                "construite"
            } else {
                "déjà à jour"
            };
            say(format!(
                "Base préparée du sujet {} {state} : {}",
                prepared.code,
                prepared.path.display()
            ));
        }
        SubjectCommand::New {
            context,
            seed,
            count,
            side,
            output,
            data,
        } => {
            let data = DataDir::new(&data.dir);
            let ctx = e5_sandbox::find_context(&data, &context)?;
            let db = e5_shop_db::open_read_only(&data.golden_path(&ctx))
                .await
                .context("lecture du contexte")?;
            let files = generate(&db, seed, count, side).await?;
            std::fs::create_dir_all(&output)
                .with_context(|| format!("création de {}", output.display()))?;
            for (name, text) in files {
                let path = output.join(name);
                std::fs::write(&path, text)
                    .with_context(|| format!("écriture de {}", path.display()))?;
                say(format!("Sujet écrit : {}", path.display()));
            }
        }
    }
    Ok(())
}
