//! `e5 subject render`: the candidate sheet or the grid of a subject file, as HTML or PDF.

use std::io::Write as _;
use std::path::PathBuf;

use anyhow::Context as _;
use clap::Args;
use e5_sandbox::DataDir;
use e5_subjects::cli::{DataArg, load};

use crate::{SheetContext, print_to_pdf, render_candidate_sheet, render_grid};

/// Print the candidate sheet or the examiner's grid as HTML (or PDF with --pdf).
#[derive(Debug, Args)]
pub struct RenderArgs {
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
}

pub async fn render(args: RenderArgs) -> anyhow::Result<()> {
    let subject = load(&args.file)?;
    let html = if args.candidate {
        let data = DataDir::new(&args.data.dir);
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
    let said = match (args.output, args.pdf) {
        (Some(out), true) => {
            print_to_pdf(&html, &out)?;
            format!("PDF écrit : {}", out.display())
        }
        (Some(out), false) => {
            std::fs::write(&out, html).with_context(|| format!("écriture de {}", out.display()))?;
            format!("Page écrite : {}", out.display())
        }
        (None, _) => html,
    };
    let _ = writeln!(std::io::stdout().lock(), "{said}");
    Ok(())
}
