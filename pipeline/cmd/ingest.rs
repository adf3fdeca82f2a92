//! `ovop ingest DATASET FILE…`: one dataset's files into a lake, checked row
//! by row, rejected rows to the quarantine.

use anyhow::Result;

use crate::cli::{IngestArgs, IngestFlags};
use crate::console::Console;
use crate::ingest::{self, IngestOptions};
use crate::lake::Lake;

pub fn ingest_options(flags: &IngestFlags, console: &Console) -> IngestOptions {
    IngestOptions {
        decimal: flags.decimal.map(Into::into),
        allow_unknown_codes: flags.allow_unknown_codes,
        strict: flags.strict,
        replace: flags.replace,
        sheet: flags.sheet.clone(),
        progress: !console.quiet,
        sectors: None,
        synthetic: flags.synthetic,
    }
}

pub fn run(args: &IngestArgs, console: &Console) -> Result<()> {
    let lake = Lake::new(&args.flags.lake);
    crate::interrupt::watch_lake(&lake.root);
    for report in ingest::ingest(
        &lake,
        args.dataset,
        &args.files,
        &ingest_options(&args.flags, console),
    )? {
        console.say(&report);
    }
    Ok(())
}
