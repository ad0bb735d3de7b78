use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = e5::cli::Cli::parse();
    e5::cli::init_tracing(cli.verbose);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("erreur : impossible de démarrer : {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(e5::cli::run(cli)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("erreur : {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
