//! `e5 subject …`: check, prepare, render and generate subject files.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use clap::{Args, Subcommand};
use e5_sandbox::DataDir;

use crate::{
    SheetContext, Side, Subject, check_files, generate, prepare, print_to_pdf,
    render_candidate_sheet, render_grid,
};

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
    /// Print the candidate sheet or the examiner's grid as HTML (or PDF with --pdf).
    Render {
        file: PathBuf,
        /// The candidate's subject sheet (two A4 pages).
        #[arg(long, conflicts_with = "grid", required_unless_present = "grid")]
        candidate: bool,
        /// The examiner's evaluation grid.
        #[arg(long)]
        grid: bool,
        /// Output file (.html, or .pdf with --pdf); standard output when absent.
        #[arg(short = 'o', long = "output")]
        output: Option<PathBuf>,
        /// Print to PDF with headless Chromium.
        #[arg(long, requires = "output")]
        pdf: bool,
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

fn load(file: &Path) -> anyhow::Result<Subject> {
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
        SubjectCommand::Render {
            file,
            candidate,
            grid: _,
            output,
            pdf,
            data,
        } => {
            let subject = load(&file)?;
            let html = if candidate {
                let data = DataDir::new(&data.dir);
                let ctx = e5_sandbox::find_context(&data, &subject.context.spec())?;
                let db = e5_shop_db::open_read_only(&data.golden_path(&ctx))
                    .await
                    .context("lecture du contexte")?;
                let sheet = SheetContext::load(&db, &subject)
                    .await
                    .context("lecture du contexte")?;
                render_candidate_sheet(&subject, &sheet)?
            } else {
                render_grid(&subject)?
            };
            match (output, pdf) {
                (Some(out), true) => {
                    print_to_pdf(&html, &out)?;
                    say(format!("PDF écrit : {}", out.display()));
                }
                (Some(out), false) => {
                    std::fs::write(&out, html)
                        .with_context(|| format!("écriture de {}", out.display()))?;
                    say(format!("Page écrite : {}", out.display()));
                }
                (None, _) => say(html),
            }
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
