//! `shift_share` (SPEC §5.5): per compared region and sector over the
//! period, the change and its shift-share components (Dunn, Esteban-
//! Marquillas, dynamic), DLQ and its class with SLQ, and the Klassen
//! quadrants; one `TOTAL` row per region with its Klassen region type
//! (`docs/methods.md` §10.2–10.6).

use anyhow::Result;
use polars::prelude::*;

use super::{float, int, text, Family, Mart};
use crate::score::economy::ShiftRow;

pub static MART: Mart = Mart {
    name: "shift_share",
    family: Family::Economy,
    columns: &[
        text("region_code"),
        text("region_name"),
        text("sector"),
        int("first_year"),
        int("last_year"),
        float("value_first"),
        float("value_last"),
        float("change"),
        float("reference_share"),
        float("industry_mix"),
        float("regional_shift"),
        float("homothetic"),
        float("competitive_effect"),
        float("allocation_effect"),
        float("dynamic_reference_share"),
        float("dynamic_industry_mix"),
        float("dynamic_regional_shift"),
        float("growth"),
        float("reference_growth"),
        float("slq_mean"),
        float("dlq"),
        text("lq_class"),
        text("klassen_lq"),
        text("klassen_contribution"),
        float("share_mean"),
        float("reference_share_mean"),
        text("missing_years"),
        text("reference"),
        text("measure"),
    ],
    extra: "",
    last: &[],
    table: true,
    when: "the study has economy inputs",
};

pub fn frame(
    rows: &[ShiftRow],
    years: [i32; 2],
    reference: &str,
    measure: &str,
) -> Result<DataFrame> {
    let names = super::economy_build::region_names(rows.iter().map(|r| r.region.as_str()));
    let f = |g: fn(&ShiftRow) -> Option<f64>| rows.iter().map(g).collect::<Vec<Option<f64>>>();
    let t = |g: fn(&ShiftRow) -> Option<&'static str>| rows.iter().map(g).collect::<Vec<_>>();
    let n = rows.len();
    Ok(DataFrame::new_infer_height(vec![
        Column::new(
            "region_code".into(),
            rows.iter().map(|r| r.region.as_str()).collect::<Vec<_>>(),
        ),
        Column::new("region_name".into(), names),
        Column::new(
            "sector".into(),
            rows.iter().map(|r| r.sector.as_str()).collect::<Vec<_>>(),
        ),
        Column::new("first_year".into(), vec![years[0]; n]),
        Column::new("last_year".into(), vec![years[1]; n]),
        Column::new("value_first".into(), f(|r| r.value_first)),
        Column::new("value_last".into(), f(|r| r.value_last)),
        Column::new("change".into(), f(|r| r.change)),
        Column::new("reference_share".into(), f(|r| r.reference_share)),
        Column::new("industry_mix".into(), f(|r| r.industry_mix)),
        Column::new("regional_shift".into(), f(|r| r.regional_shift)),
        Column::new("homothetic".into(), f(|r| r.homothetic)),
        Column::new("competitive_effect".into(), f(|r| r.competitive_effect)),
        Column::new("allocation_effect".into(), f(|r| r.allocation_effect)),
        Column::new(
            "dynamic_reference_share".into(),
            f(|r| r.dynamic_reference_share),
        ),
        Column::new("dynamic_industry_mix".into(), f(|r| r.dynamic_industry_mix)),
        Column::new(
            "dynamic_regional_shift".into(),
            f(|r| r.dynamic_regional_shift),
        ),
        Column::new("growth".into(), f(|r| r.growth)),
        Column::new("reference_growth".into(), f(|r| r.reference_growth)),
        Column::new("slq_mean".into(), f(|r| r.slq_mean)),
        Column::new("dlq".into(), f(|r| r.dlq)),
        Column::new("lq_class".into(), t(|r| r.lq_class)),
        Column::new("klassen_lq".into(), t(|r| r.klassen_lq)),
        Column::new("klassen_contribution".into(), t(|r| r.klassen_contribution)),
        Column::new("share_mean".into(), f(|r| r.share_mean)),
        Column::new("reference_share_mean".into(), f(|r| r.reference_share_mean)),
        Column::new(
            "missing_years".into(),
            rows.iter()
                .map(|r| {
                    (!r.missing_years.is_empty()).then(|| {
                        r.missing_years
                            .iter()
                            .map(|y| y.to_string())
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                })
                .collect::<Vec<Option<String>>>(),
        ),
        Column::new("reference".into(), vec![reference; n]),
        Column::new("measure".into(), vec![measure; n]),
    ])?)
}

/// One sector of one region as the economy charts show it.
#[derive(Debug, Clone)]
pub struct SectorView {
    pub sector: String,
    /// SLQ in the last year of the period (from `economic_base`).
    pub slq_last: Option<f64>,
    pub slq_mean: Option<f64>,
    /// Mean yearly growth minus the reference's (percentage points / 100).
    pub growth_gap: Option<f64>,
    pub dlq: Option<f64>,
    pub lq_class: Option<String>,
    pub klassen: Option<String>,
    pub reference_share: Option<f64>,
    pub industry_mix: Option<f64>,
    pub regional_shift: Option<f64>,
}

/// The economic base of one region, for the charts and the report.
#[derive(Debug, Clone)]
pub struct EconomyView {
    pub region_code: String,
    pub region_name: String,
    pub reference: String,
    pub measure: String,
    pub years: [i32; 2],
    pub sectors: Vec<SectorView>,
    /// The region's own Klassen type (its `TOTAL` row), when several regions compare.
    pub region_type: Option<String>,
}

/// The view of `region` (the study region; else the first region), or None
/// when the lake has no economy marts.
pub fn view(lake: &crate::lake::Lake, region: Option<&str>) -> Result<Option<EconomyView>> {
    let Some(shift) = MART.read_if_present(lake)? else {
        return Ok(None);
    };
    let base = super::economic_base::MART.read(lake)?;
    let codes = shift.text("region_code")?;
    // The study region, or the regency it lies in; a study of a province
    // (the reference itself) gets no section rather than someone else's.
    let regency = |r: &str| r.split('.').take(2).collect::<Vec<_>>().join(".");
    let Some(code) = region
        .into_iter()
        .flat_map(|r| [r.to_string(), regency(r)])
        .find(|r| codes.iter().any(|c| c == r))
        .or_else(|| region.is_none().then(|| codes.first().cloned()).flatten())
    else {
        return Ok(None);
    };
    let (sectors, names, lq_class, klassen) = (
        shift.text("sector")?,
        shift.text("region_name")?,
        shift.opt_text("lq_class")?,
        shift.opt_text("klassen_lq")?,
    );
    let num = |c: &str| shift.num(c);
    let dlq = num("dlq")?;
    let (slq_mean, growth, reference_growth, n, m, s, first, last) = (
        num("slq_mean")?,
        num("growth")?,
        num("reference_growth")?,
        num("reference_share")?,
        num("industry_mix")?,
        num("regional_shift")?,
        num("first_year")?,
        num("last_year")?,
    );
    let (b_codes, b_sectors, b_years, b_slq) = (
        base.text("region_code")?,
        base.text("sector")?,
        base.num("year")?,
        base.num("slq")?,
    );
    let last_year = last.first().copied().flatten().unwrap_or(0.0);
    let slq_last = |sector: &str| {
        (0..base.height())
            .find(|&i| {
                b_codes[i] == code && b_sectors[i] == sector && b_years[i] == Some(last_year)
            })
            .and_then(|i| b_slq[i])
    };
    let mut view = EconomyView {
        region_code: code.clone(),
        region_name: String::new(),
        reference: shift
            .text("reference")?
            .first()
            .cloned()
            .unwrap_or_default(),
        measure: shift.text("measure")?.first().cloned().unwrap_or_default(),
        years: [
            first.first().copied().flatten().unwrap_or(0.0) as i32,
            last_year as i32,
        ],
        sectors: Vec::new(),
        region_type: None,
    };
    for i in (0..shift.height()).filter(|&i| codes[i] == code) {
        view.region_name = names[i].clone();
        if sectors[i] == crate::domain::vocab::TOTAL_SECTOR {
            view.region_type = klassen[i].clone();
            continue;
        }
        view.sectors.push(SectorView {
            sector: sectors[i].clone(),
            slq_last: slq_last(&sectors[i]),
            slq_mean: slq_mean[i],
            growth_gap: growth[i].zip(reference_growth[i]).map(|(g, r)| g - r),
            dlq: dlq[i],
            lq_class: lq_class[i].clone(),
            klassen: klassen[i].clone(),
            reference_share: n[i],
            industry_mix: m[i],
            regional_shift: s[i],
        });
    }
    Ok(Some(view))
}
