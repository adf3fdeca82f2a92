//! `ovop economy STUDY.toml`: the economic base alone (SPEC §5.5): the
//! study's inputs into its lake, then `economic_base` and `shift_share`,
//! their tables, and a summary on the console. No products are needed.

use anyhow::Result;

use super::report::economy_table_options;
use crate::cli::StudyArgs;
use crate::console::Console;
use crate::domain::Dataset;
use crate::i18n::Lang;
use crate::marts::{self, EconomySummary};
use crate::study::run::{check_rejections, ingest_study, StudyRun};

pub fn run(args: &StudyArgs, lang: Option<Lang>, console: &Console) -> Result<()> {
    let ctx = StudyRun::open(args.study.as_deref(), args.out.as_deref(), lang)?;
    let lock = ctx.begin(false)?;
    let reports = console.stage("ingest", || ingest_study(&ctx, &lock, console))?;
    check_rejections(&ctx, &reports, std::path::Path::new("rejected.xlsx"))?;
    let Some(summary) = console.stage("economy", || marts::build_economy(&ctx.study, &ctx.lake))?
    else {
        return Err(crate::bad_input!(
            "{}: the study has no economy inputs; list them under [inputs] economy = [\"pdrb.csv\"]",
            ctx.path.display()
        ));
    };
    say(&ctx, &summary, console);
    let written = console.stage("tables", || {
        crate::report::tables::write_mart_tables(
            &ctx.lake,
            &ctx.out,
            super::report::table_options(&ctx),
            economy_table_options(&ctx),
            ctx.study.relatedness.next,
        )
    })?;
    for path in written {
        console.say(format!("table {}", path.display()));
    }
    Ok(())
}

/// The economic base in one line, with the label of its data, and the
/// region-years whose published total is far from the sum of its sectors.
pub fn say(ctx: &StudyRun, summary: &EconomySummary, console: &Console) {
    let provenance = ctx.study.provenance(Dataset::Economy);
    let label = match provenance.synthetic {
        true => crate::i18n::label(ctx.lang, "synthetic").to_string(),
        false => provenance.source.unwrap_or_default(),
    };
    console.say(format!(
        "economic base: {} regions × {} sectors, {}–{}, {} against {}; marts in {} [{label}]",
        summary.regions,
        summary.sectors,
        summary.years[0],
        summary.years[1],
        summary.measure,
        summary.reference,
        ctx.lake.marts.display()
    ));
    for (region, year, gap) in &summary.total_gaps {
        console.say(format!(
            "warning: {region} {year}: the published TOTAL differs from the sum of its sectors by {:.1} %; the TOTAL is used",
            100.0 * gap
        ));
    }
}
