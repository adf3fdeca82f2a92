//! `ovop sql "SELECT …"`: polars SQL over a lake's datasets, quarantine and
//! marts, as CSV on stdout.

use std::path::PathBuf;

use anyhow::Result;

use crate::i18n::Lang;
use crate::lake::Lake;
use crate::study::run::StudyRun;

/// The lake `ovop sql` reads when given neither a lake nor a study: the demo's.
const DEFAULT_SQL_LAKE: &str = "reports/tuban-demo/lake";

pub fn run(
    query: &str,
    lake: Option<PathBuf>,
    study: Option<PathBuf>,
    out: Option<PathBuf>,
    lang: Option<Lang>,
) -> Result<()> {
    let lake = match (lake, study) {
        (Some(lake), _) => Lake::new(lake),
        (None, Some(study)) => StudyRun::open(Some(&study), out.as_deref(), lang)?.lake,
        (None, None) => Lake::new(DEFAULT_SQL_LAKE),
    };
    crate::sql::run(&lake, query, &mut std::io::stdout().lock())?;
    Ok(())
}
