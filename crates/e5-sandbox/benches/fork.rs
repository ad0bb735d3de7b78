//! Fork and reset timings on the real reference site (the target: under 5 ms each).
//! `cargo bench -p e5-sandbox --bench fork`; falls back to the test fixture when
//! `reference-site/context.toml` does not exist yet.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use e5_sandbox::DataDir;

const FORKS: usize = 200;
const CLASS: usize = 30;

fn main() {
    if let Err(e) = run() {
        eprintln!("erreur : {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let source = source_dir();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let work = tempfile::tempdir()?;
    let package = work.path().join("context.e5ctx");
    let data = DataDir::new(work.path().join("data"));

    let started = Instant::now();
    runtime.block_on(e5_sandbox::pack(&source, &package))?;
    let pack_time = started.elapsed();
    let started = Instant::now();
    let ctx = runtime.block_on(e5_sandbox::import(
        &package,
        &data,
        &e5_sandbox::Trust::allow_unsigned(),
    ))?;
    let import_time = started.elapsed();
    let golden = data.golden_path(&ctx);
    let golden_size = std::fs::metadata(&golden)?.len();

    let mut forks = Vec::with_capacity(FORKS);
    for _ in 0..FORKS {
        let started = Instant::now();
        let id = e5_sandbox::fork_from(&data, &golden)?;
        forks.push(started.elapsed());
        e5_sandbox::delete_sandbox(&data, id)?;
    }
    forks.sort();

    let started = Instant::now();
    let class: Vec<_> = (0..CLASS)
        .map(|_| e5_sandbox::create_sandbox(&data, &ctx))
        .collect::<Result<_, _>>()?;
    let class_time = started.elapsed();

    let mut resets = Vec::with_capacity(CLASS);
    for s in &class {
        let started = Instant::now();
        runtime.block_on(e5_sandbox::reset_sandbox(&data, s.id))?;
        resets.push(started.elapsed());
    }
    resets.sort();

    println!("source          : {}", source.display());
    println!("golden.db       : {:.1} Kio", golden_size as f64 / 1024.0);
    println!("pack            : {}", ms(pack_time));
    println!("import          : {}", ms(import_time));
    println!("{:<26}{:>12}{:>12}", "", "médiane", "p99");
    println!(
        "{:<26}{:>12}{:>12}",
        format!("1 fork ({FORKS} essais)"),
        ms(forks[FORKS / 2]),
        ms(percentile(&forks, 99))
    );
    println!(
        "{:<26}{:>12}{:>12}",
        format!("1 reset ({CLASS} essais)"),
        ms(resets[CLASS / 2]),
        ms(percentile(&resets, 99))
    );
    println!(
        "{:<26}{:>12}",
        format!("{CLASS} forks d'affilée"),
        ms(class_time)
    );
    Ok(())
}

fn source_dir() -> PathBuf {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let reference = crate_dir.join("../../reference-site");
    if reference.join("context.toml").is_file() {
        reference
    } else {
        println!("reference-site/context.toml absent : mesure sur la fixture de test");
        crate_dir.join("tests/fixtures/mini-site")
    }
}

fn percentile(sorted: &[Duration], p: usize) -> Duration {
    sorted[(sorted.len() * p / 100).min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1000.0)
}
