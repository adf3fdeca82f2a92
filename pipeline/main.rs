//! The `ovop` binary: parse arguments, run the command, print the error chain
//! once and exit with 0 (ok), 1 (internal error) or 2 (bad input or config).

use clap::Parser;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    ovop::ingest::read::install_panic_hook();
    let cli = ovop::cli::Cli::parse();
    let outcome = ovop::cmd::dispatch(cli);
    report_peak_rss();
    match outcome {
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

/// With `OVOP_PEAK_RSS` set, says this process's peak memory (VmHWM) on
/// stderr: the hostile-input tests check it stays under their budget.
fn report_peak_rss() {
    if std::env::var_os("OVOP_PEAK_RSS").is_none() {
        return;
    }
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    if let Some(line) = status.lines().find(|l| l.starts_with("VmHWM:")) {
        eprintln!("peak RSS: {}", line.trim_start_matches("VmHWM:").trim());
    }
}
