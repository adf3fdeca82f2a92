//! The commands, one module each: `main.rs` parses the arguments and
//! [`dispatch`] runs the command. A command orders the stages; what a study
//! run may touch (output folder, lake sync) is `study::run`'s.

mod ahp;
mod charts;
mod economy;
mod generate;
mod ingest;
mod init;
mod report;
mod run;
mod score;
mod sql;
mod validate;

use anyhow::Result;

use crate::cli::{Cli, Command};
use crate::console::Console;
use crate::marts;
use crate::study::run::StudyRun;

/// Runs the command `main.rs` parsed.
pub fn dispatch(cli: Cli) -> Result<()> {
    let console = Console {
        quiet: cli.quiet,
        verbose: cli.verbose,
    };
    crate::interrupt::install();
    let lang = cli.lang;
    match cli.command {
        Command::Run(args) => run::run(&args, lang, &console),
        Command::Init { dir } => init::run(&dir, &console),
        Command::Sql {
            query,
            lake,
            study,
            out,
        } => sql::run(&query, lake, study, out, lang),
        Command::Ingest(args) => ingest::run(&args, &console),
        Command::Validate(args) => validate::run(&args, lang, &console),
        Command::Score(args) => score::run(&args, lang, &console),
        Command::Economy(args) => economy::run(&args, lang, &console),
        Command::Charts(args) => charts::run(&args, lang, &console),
        Command::Report(args) => report::run(&args, lang, &console),
        Command::Ahp {
            matrices,
            aggregate,
        } => ahp::run(&matrices, aggregate, &console),
        Command::Generate(args) => generate::run(&args, &console),
    }
}

/// Prints the warnings a planner must see (in the study's language).
pub fn print_warnings(ctx: &StudyRun, summary: &marts::ScoreSummary, console: &Console) {
    for w in &summary.warnings {
        console.say(format!("warning: {}", w.text(ctx.lang)));
    }
}

/// The summary of the study's marts (built by an earlier `score` or `run`).
fn load_summary(ctx: &StudyRun) -> Result<marts::ScoreSummary> {
    marts::summary::load(&ctx.lake, &ctx.study.study.name)
}
