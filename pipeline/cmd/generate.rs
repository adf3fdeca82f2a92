//! `ovop generate`: a synthetic study (labelled synthetic everywhere) on
//! real village codes.

use anyhow::Result;

use crate::console::Console;
use crate::generate::GenerateArgs;

pub fn run(args: &GenerateArgs, console: &Console) -> Result<()> {
    let summary = crate::generate::run(args)?;
    console.say(format!(
        "synthetic data (data sintetis) in {}: {} villages, {} products, {} sales rows, {} assessments",
        args.out.display(),
        summary.villages,
        summary.products,
        summary.sales,
        summary.assessments
    ));
    Ok(())
}
