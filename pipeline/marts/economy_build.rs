//! Builds `economic_base` and `shift_share` from the lake's `economy`
//! batches: picks the measure, the reference and the period the study asks
//! for (or their defaults), checks the table, computes, writes.

use anyhow::Result;
use polars::prelude::*;

use crate::bad_input;
use crate::domain::vocab::TOTAL_SECTOR;
use crate::lake::{parquet, Lake};
use crate::score::economy::{self, DlqGrowth, Reference, Settings, Table};
use crate::study::{DlqForm, Study};

/// What the economic base was computed from, for the console and report.
#[derive(Debug, Clone)]
pub struct EconomySummary {
    pub measure: String,
    /// The reference region's code, or "sum".
    pub reference: String,
    pub years: [i32; 2],
    pub regions: usize,
    pub sectors: usize,
    /// Region-years whose published TOTAL differs from the sum of their
    /// sectors by more than 1 %.
    pub total_gaps: Vec<(String, i32, f64)>,
    /// (region, sector) → (SLQ in the last year, mean yearly growth): the
    /// economy-based product criteria `sector_lq` and `sector_growth`.
    pub sector_values: std::collections::BTreeMap<(String, String), (Option<f64>, Option<f64>)>,
}

/// The economy marts written to temporary files, for [`super::write_all`].
pub type Pending = Vec<(&'static super::Mart, tempfile::NamedTempFile)>;

/// Builds and writes the economy marts, or removes them when the study has
/// no economy data. None when there is none.
pub fn build_economy(study: &Study, lake: &Lake) -> Result<Option<EconomySummary>> {
    let (summary, pending) = prepare_economy(study, lake)?;
    super::write_all(
        lake,
        super::Family::Economy,
        pending,
        study.economy_synthetic(),
    )?;
    Ok(summary)
}

/// Builds the economy marts into temporary files without putting them in
/// place, so a run can commit them only once the product marts are built too.
pub fn prepare_economy(study: &Study, lake: &Lake) -> Result<(Option<EconomySummary>, Pending)> {
    // Only the study's own economy files: a shared lake holds other studies' too.
    let mut manifest = lake.manifest()?;
    let sources: std::collections::HashSet<String> =
        crate::study::run::expand_inputs(study, crate::domain::Dataset::Economy)?
            .iter()
            .map(|(file, sheet)| crate::ingest::source_name(file, sheet.as_deref()))
            .collect();
    manifest
        .batches
        .retain(|b| b.dataset != "economy" || sources.contains(&b.source));
    let Some(scan) = parquet::scan_dataset(lake, &manifest, "economy")? else {
        return Ok((None, Vec::new()));
    };
    let df = scan
        .select([
            col("region_code"),
            col("sector"),
            col("year").cast(DataType::Int32),
            col("value").cast(DataType::Float64),
            col("measure"),
        ])
        .collect()?;
    let measure = pick_measure(study, &df)?;
    let table = table_of(&df, &measure)?;
    let years = table.years();
    let (Some(&first), Some(&last)) = (years.first(), years.last()) else {
        return Err(bad_input!("the economy data holds no {measure} values"));
    };
    // One year gives SLQs only (growth, DLQ and shift-share need two).
    let [first, last] = study.economy.years.unwrap_or([first, last]);
    if first > last || !years.contains(&first) || !years.contains(&last) {
        return Err(bad_input!(
            "economy.years = [{first}, {last}]: the economy data has {measure} for {}–{}; choose years inside that span",
            years.first().unwrap_or(&0),
            years.last().unwrap_or(&0)
        ));
    }
    let reference = pick_reference(study, &table)?;
    let reference_name = match &reference {
        Reference::Region(code) => code.clone(),
        Reference::Sum => "sum".to_string(),
    };
    let settings = Settings {
        reference,
        first,
        last,
        dlq: match study.economy.dlq {
            DlqForm::Arithmetic => DlqGrowth::Arithmetic,
            DlqForm::Geometric => DlqGrowth::Geometric,
        },
        population: population_of(&df)?,
    };
    let regions = economy::compared_regions(&table, &settings.reference);
    if regions.is_empty() {
        return Err(bad_input!(
            "the economy data holds no region to compare with the reference {reference_name}; add the regencies' rows"
        ));
    }
    let base = economy::static_lq(&table, &settings);
    let shift = economy::shift_share(&table, &settings);
    let written = vec![
        super::write_temp(
            lake,
            &super::economic_base::MART,
            &super::economic_base::frame(&base, &reference_name, &measure)?,
        )?,
        super::write_temp(
            lake,
            &super::shift_share::MART,
            &super::shift_share::frame(&shift, [first, last], &reference_name, &measure)?,
        )?,
    ];
    let mut sectors: std::collections::BTreeMap<(String, String), (Option<f64>, Option<f64>)> =
        Default::default();
    for row in &shift {
        sectors.insert((row.region.clone(), row.sector.clone()), (None, row.growth));
    }
    for row in base.iter().filter(|r| r.year == last) {
        sectors
            .entry((row.region.clone(), row.sector.clone()))
            .or_default()
            .0 = Some(row.slq);
    }
    let summary = EconomySummary {
        sector_values: sectors,
        measure,
        reference: reference_name,
        years: [first, last],
        regions: regions.len(),
        sectors: table.sectors().len(),
        total_gaps: total_gaps(&table),
    };
    Ok((Some(summary), written))
}

/// The study's measure, else `pdrb_adhk` (constant prices: growth without
/// inflation) when present, else the first the data names.
fn pick_measure(study: &Study, df: &DataFrame) -> Result<String> {
    let named: std::collections::BTreeSet<String> = df
        .column("measure")?
        .str()?
        .iter()
        .flatten()
        .map(String::from)
        .collect();
    if let Some(m) = &study.economy.measure {
        let m = crate::domain::vocab::MEASURE_VOCAB
            .lookup(m)
            .unwrap_or(m.as_str())
            .to_string();
        if !named.contains(&m) {
            return Err(bad_input!(
                "economy.measure = {m:?}, but the economy data has {}",
                describe(&named)
            ));
        }
        return Ok(m);
    }
    // Population is a denominator (per-capita Klassen), not a measure to compare.
    Ok(match named.contains("pdrb_adhk") {
        true => "pdrb_adhk".to_string(),
        false => named
            .into_iter()
            .find(|m| m != "population")
            // No measure named: the values as they are.
            .unwrap_or_else(|| "value".to_string()),
    })
}

fn describe(named: &std::collections::BTreeSet<String>) -> String {
    match named.is_empty() {
        true => "no measure column".to_string(),
        false => named.iter().cloned().collect::<Vec<_>>().join(", "),
    }
}

/// The values of one measure (rows without a measure count when no row
/// names one). Two values for one region, sector and year (from two
/// batches) are an error naming them.
fn table_of(df: &DataFrame, measure: &str) -> Result<Table> {
    let regions = df.column("region_code")?.str()?;
    let sectors = df.column("sector")?.str()?;
    let years = df.column("year")?.i32()?;
    let values = df.column("value")?.f64()?;
    let measures = df.column("measure")?.str()?;
    let mut table = Table::default();
    for i in 0..df.height() {
        let m = measures.get(i);
        // A row without a measure counts as the measure compared (a file
        // without the column next to one with it); population never does.
        if m.is_some_and(|m| m != measure) || (m.is_none() && measure == "population") {
            continue;
        }
        let (Some(r), Some(s), Some(y), Some(v)) =
            (regions.get(i), sectors.get(i), years.get(i), values.get(i))
        else {
            continue;
        };
        if table
            .values
            .insert((r.to_string(), s.to_string(), y), v)
            .is_some()
        {
            return Err(bad_input!(
                "the economy data has two {measure} values for region {r}, sector {s}, {y} (in two files?); keep one"
            ));
        }
    }
    Ok(table)
}

/// Population by region and year: the `population` rows (their `TOTAL`
/// sector, or their only one), for the per-capita Klassen region typology.
fn population_of(df: &DataFrame) -> Result<std::collections::BTreeMap<(String, i32), f64>> {
    let regions = df.column("region_code")?.str()?;
    let years = df.column("year")?.i32()?;
    let values = df.column("value")?.f64()?;
    let measures = df.column("measure")?.str()?;
    let mut out = std::collections::BTreeMap::new();
    for i in 0..df.height() {
        if measures.get(i) != Some("population") {
            continue;
        }
        if let (Some(r), Some(y), Some(v)) = (regions.get(i), years.get(i), values.get(i)) {
            out.insert((r.to_string(), y), v);
        }
    }
    Ok(out)
}

/// The study's reference, else the province of `study.region` when the data
/// holds it, else the sum of the compared regions.
fn pick_reference(study: &Study, table: &Table) -> Result<Reference> {
    let regions = table.regions();
    match study.economy.reference.as_deref() {
        Some("sum") => Ok(Reference::Sum),
        Some(code) => {
            let code = crate::ingest::parse::normalise_code(code)
                .map_err(|e| bad_input!("economy.reference = {code:?}: {e}"))?;
            match regions.contains(&code) {
                true => Ok(Reference::Region(code)),
                false => Err(bad_input!(
                    "economy.reference = {code:?} is not a region of the economy data; give one of its regions or \"sum\""
                )),
            }
        }
        None => {
            let province = study
                .region_code()
                .and_then(|c| c.split('.').next().map(String::from));
            Ok(match province.filter(|p| regions.contains(p)) {
                Some(p) => Reference::Region(p),
                None => Reference::Sum,
            })
        }
    }
}

/// Region-years whose published TOTAL differs from the sum of their sectors
/// by more than 1 % (rounding and a sector left out of a table are less).
fn total_gaps(table: &Table) -> Vec<(String, i32, f64)> {
    let mut sums: std::collections::BTreeMap<(String, i32), (f64, Option<f64>)> =
        Default::default();
    for ((region, sector, year), value) in &table.values {
        let entry = sums.entry((region.clone(), *year)).or_default();
        match sector.as_str() {
            TOTAL_SECTOR => entry.1 = Some(*value),
            _ => entry.0 += value,
        }
    }
    sums.into_iter()
        .filter_map(|((region, year), (sum, total))| {
            let total = total?;
            let gap = (total - sum) / total;
            (total > 0.0 && gap.abs() > 0.01).then_some((region, year, gap))
        })
        .collect()
}

/// The reference's name of each region code (`Kabupaten Tuban`), or the code.
pub fn region_names<'a>(codes: impl Iterator<Item = &'a str>) -> Vec<String> {
    let reference = crate::reference::Reference::get();
    codes
        .map(|c| reference.area_name(c).unwrap_or(c).to_string())
        .collect()
}
