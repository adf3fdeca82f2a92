//! `ovop score`: the marts of a study from its lake (ingest first).

use anyhow::Result;

use crate::cli::StudyArgs;
use crate::console::Console;
use crate::i18n::Lang;
use crate::marts;
use crate::study::run::StudyRun;

pub fn run(args: &StudyArgs, lang: Option<Lang>, console: &Console) -> Result<()> {
    let ctx = StudyRun::open(args.study.as_deref(), args.out.as_deref(), lang)?;
    // Claims the output folder and holds the lake's lock like `run`.
    let _lock = ctx.begin(false)?;
    let summary = marts::build_marts(&ctx.study, &ctx.lake)?;
    super::print_warnings(&ctx, &summary, console);
    marts::summary::save(&ctx.lake, &summary)?;
    if let Some(economy) = &summary.economy {
        super::economy::say(&ctx, economy, console);
    }
    console.say(format!("marts written to {}", ctx.lake.marts.display()));
    Ok(())
}
