//! The `ovop` binary: parse arguments, run the command, print the error chain
//! once and exit with 0 (ok), 1 (internal error) or 2 (bad input or config).

use clap::Parser;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    ovop::ingest::read::install_panic_hook();
    let cli = ovop::cli::Cli::parse();
    match ovop::commands::dispatch(cli) {
        Ok(()) => {}
        Err(err) => {
            // A closed pipe (`ovop … | head`) is not a failure.
            if err.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                std::process::exit(0);
            }
            let code = ovop::error::exit_code(&err);
            eprintln!("error: {err}");
            for cause in err.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            std::process::exit(code);
        }
    }
}
