//! `ovop init DIR`: a study folder with a study file and a template for
//! every dataset (CSV and XLSX), ready to fill.

use std::path::Path;

use anyhow::Result;

use crate::console::Console;

pub fn run(dir: &Path, console: &Console) -> Result<()> {
    for path in crate::init::init(dir)? {
        console.say(format!("wrote {}", path.display()));
    }
    console.say(format!(
        "next: fill the templates, then `ovop run {}`",
        dir.join("study.toml").display()
    ));
    Ok(())
}
