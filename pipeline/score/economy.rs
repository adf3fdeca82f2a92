//! The economic base (SPEC §5.5, `docs/methods.md` §10): static and dynamic
//! location quotients, shift-share (Dunn; Esteban-Marquillas; dynamic) and
//! the Klassen typology, for every region of an `economy` table against a
//! reference region. Plain maps over (region, sector, year): a province and
//! its 38 regencies over 13 years are 9,000 values.

use std::collections::{BTreeMap, BTreeSet};

use crate::domain::vocab::TOTAL_SECTOR;

/// Values by region, sector and year, one measure.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub values: BTreeMap<(String, String, i32), f64>,
}

impl Table {
    pub fn insert(&mut self, region: &str, sector: &str, year: i32, value: f64) {
        self.values
            .insert((region.to_string(), sector.to_string(), year), value);
    }

    fn get(&self, region: &str, sector: &str, year: i32) -> Option<f64> {
        self.values
            .get(&(region.to_string(), sector.to_string(), year))
            .copied()
    }

    pub fn regions(&self) -> BTreeSet<String> {
        self.values.keys().map(|(r, _, _)| r.clone()).collect()
    }

    pub fn years(&self) -> BTreeSet<i32> {
        self.values.keys().map(|(_, _, y)| *y).collect()
    }

    /// The sectors other than the published total.
    pub fn sectors(&self) -> BTreeSet<String> {
        self.values
            .keys()
            .map(|(_, s, _)| s.clone())
            .filter(|s| s != TOTAL_SECTOR)
            .collect()
    }

    /// A region's total: its published `TOTAL` row when given (it may hold a
    /// sector the table lacks), else the sum of its sectors.
    fn total(&self, region: &str, year: i32) -> Option<f64> {
        if let Some(t) = self.get(region, TOTAL_SECTOR, year) {
            return Some(t);
        }
        let parts: Vec<f64> = self
            .values
            .range((region.to_string(), String::new(), i32::MIN)..)
            .take_while(|((r, _, _), _)| r == region)
            .filter(|((_, s, y), _)| *y == year && s != TOTAL_SECTOR)
            .map(|(_, v)| *v)
            .collect();
        (!parts.is_empty()).then(|| parts.iter().sum())
    }
}

/// What the regions are compared with.
#[derive(Debug, Clone, PartialEq)]
pub enum Reference {
    /// One region of the table (a province row).
    Region(String),
    /// The sum of the regions compared.
    Sum,
}

/// How DLQ averages growth over the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DlqGrowth {
    /// The mean of the yearly growth rates (the form of Indonesian practice).
    #[default]
    Arithmetic,
    /// The compound annual rate; then DLQ = SLQ(last) / SLQ(first).
    Geometric,
}

#[derive(Debug, Clone)]
pub struct Settings {
    pub reference: Reference,
    pub first: i32,
    pub last: i32,
    pub dlq: DlqGrowth,
    /// Population by region and year (the `population` measure), for the
    /// per-capita form of the Klassen region typology; empty without it.
    pub population: BTreeMap<(String, i32), f64>,
}

/// Values of each sector over the period's years.
type SectorSeries = BTreeMap<String, Vec<Option<f64>>>;

/// The reference's value of a sector (or its total) in a year.
struct Ref<'a> {
    table: &'a Table,
    reference: &'a Reference,
    regions: &'a [String],
}

impl Ref<'_> {
    fn value(&self, sector: &str, year: i32) -> Option<f64> {
        match self.reference {
            Reference::Region(code) => self.table.get(code, sector, year),
            Reference::Sum => sum(self.regions.iter().map(|r| self.table.get(r, sector, year))),
        }
    }

    /// Each sector's values over `years` and the totals, computed once for
    /// every compared region (a sum reference sums all regions per cell).
    fn series(&self, years: &[i32]) -> (SectorSeries, Vec<Option<f64>>) {
        let sectors = self
            .table
            .sectors()
            .into_iter()
            .map(|s| {
                let values = years.iter().map(|&y| self.value(&s, y)).collect();
                (s, values)
            })
            .collect();
        (sectors, years.iter().map(|&y| self.total(y)).collect())
    }

    fn total(&self, year: i32) -> Option<f64> {
        match self.reference {
            Reference::Region(code) => self.table.total(code, year),
            Reference::Sum => sum(self.regions.iter().map(|r| self.table.total(r, year))),
        }
    }
}

/// The sum of the parts present (None when none is): a region without a
/// value that year is left out of the reference's sum, not the whole cell.
fn sum(parts: impl Iterator<Item = Option<f64>>) -> Option<f64> {
    let present: Vec<f64> = parts.flatten().collect();
    (!present.is_empty()).then(|| present.iter().sum())
}

/// One region, sector and year of `economic_base`.
#[derive(Debug, Clone, PartialEq)]
pub struct BaseRow {
    pub region: String,
    pub sector: String,
    pub year: i32,
    pub value: f64,
    pub region_total: f64,
    pub reference_value: f64,
    pub reference_total: f64,
    /// Static LQ = (x_rs / X_r) / (x_ns / X_n).
    pub slq: f64,
}

/// One region and sector of `shift_share` over [first, last].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ShiftRow {
    pub region: String,
    pub sector: String,
    pub value_first: Option<f64>,
    pub value_last: Option<f64>,
    pub change: Option<f64>,
    /// Dunn: reference share N = x₀·G, industry mix M = x₀·(g_ns − G),
    /// regional shift S = x₀·(g_rs − g_ns); N + M + S = change.
    pub reference_share: Option<f64>,
    pub industry_mix: Option<f64>,
    pub regional_shift: Option<f64>,
    /// Esteban-Marquillas: homothetic x* = X_r₀·x_ns₀/X_n₀, competitive
    /// effect x*·(g_rs − g_ns), allocation (x₀ − x*)·(g_rs − g_ns).
    pub homothetic: Option<f64>,
    pub competitive_effect: Option<f64>,
    pub allocation_effect: Option<f64>,
    /// Dynamic shift-share: the sums of the year-by-year components.
    pub dynamic_reference_share: Option<f64>,
    pub dynamic_industry_mix: Option<f64>,
    pub dynamic_regional_shift: Option<f64>,
    /// Mean yearly growth of the region's sector and of the reference's.
    pub growth: Option<f64>,
    pub reference_growth: Option<f64>,
    pub slq_mean: Option<f64>,
    pub dlq: Option<f64>,
    /// SLQ × DLQ class: `unggulan`, `prospektif`, `andalan`, `tertinggal`.
    pub lq_class: Option<&'static str>,
    /// Klassen by SLQ > 1 and by contribution (mean share of the region's
    /// total) > the reference's contribution.
    pub klassen_lq: Option<&'static str>,
    pub klassen_contribution: Option<&'static str>,
    pub share_mean: Option<f64>,
    pub reference_share_mean: Option<f64>,
    /// Years of the period without a value (the row's other numbers are
    /// computed from what is there, or left empty).
    pub missing_years: Vec<i32>,
}

/// The Klassen quadrant of a sector (or a region): growth above the
/// reference's, and a share (or SLQ) above it.
pub fn klassen(growth_above: bool, share_above: bool) -> &'static str {
    match (share_above, growth_above) {
        (true, true) => "maju_tumbuh_pesat",
        (true, false) => "maju_tertekan",
        (false, true) => "potensial",
        (false, false) => "tertinggal",
    }
}

/// The SLQ × DLQ class (Kuncoro): base now and growing faster (`unggulan`),
/// base but slowing (`prospektif`), not yet base but growing (`andalan`),
/// neither (`tertinggal`).
pub fn lq_class(slq: f64, dlq: f64) -> &'static str {
    match (slq > 1.0, dlq > 1.0) {
        (true, true) => "unggulan",
        (true, false) => "prospektif",
        (false, true) => "andalan",
        (false, false) => "tertinggal",
    }
}

/// The regions compared: every region of the table except the reference
/// and any region whose code is the parent of another's (a province row).
pub fn compared_regions(table: &Table, reference: &Reference) -> Vec<String> {
    let all = table.regions();
    all.iter()
        .filter(|r| !matches!(reference, Reference::Region(code) if code == *r))
        .filter(|r| {
            let prefix = format!("{r}.");
            !all.iter().any(|other| other.starts_with(&prefix))
        })
        .cloned()
        .collect()
}

/// `economic_base`: SLQ per region, sector and year, where the value, the
/// totals and the reference's value are all present and positive.
pub fn static_lq(table: &Table, settings: &Settings) -> Vec<BaseRow> {
    let regions = compared_regions(table, &settings.reference);
    let reference = Ref {
        table,
        reference: &settings.reference,
        regions: &regions,
    };
    let years: Vec<i32> = (settings.first..=settings.last).collect();
    let (ref_values, ref_total) = reference.series(&years);
    let mut rows = Vec::new();
    for region in &regions {
        for (sector, xn) in &ref_values {
            for (t, &year) in years.iter().enumerate() {
                let (Some(value), Some(region_total), Some(reference_value), Some(reference_total)) = (
                    table.get(region, sector, year),
                    table.total(region, year),
                    xn[t],
                    ref_total[t],
                ) else {
                    continue;
                };
                if region_total <= 0.0 || reference_value <= 0.0 || reference_total <= 0.0 {
                    continue;
                }
                rows.push(BaseRow {
                    region: region.clone(),
                    sector: sector.clone(),
                    year,
                    value,
                    region_total,
                    reference_value,
                    reference_total,
                    slq: (value / region_total) / (reference_value / reference_total),
                });
            }
        }
    }
    rows
}

/// Growth from a to b (None unless a > 0).
fn growth(a: f64, b: f64) -> Option<f64> {
    (a > 0.0).then(|| b / a - 1.0)
}

/// The mean of the yearly growth rates of a series over the period (None
/// when a year is missing).
fn mean_yearly_growth(values: &[Option<f64>]) -> Option<f64> {
    let rates: Option<Vec<f64>> = values.windows(2).map(|w| growth(w[0]?, w[1]?)).collect();
    let rates = rates?;
    (!rates.is_empty()).then(|| rates.iter().sum::<f64>() / rates.len() as f64)
}

fn mean(values: &[Option<f64>]) -> Option<f64> {
    let present: Vec<f64> = values.iter().flatten().copied().collect();
    (!present.is_empty()).then(|| present.iter().sum::<f64>() / present.len() as f64)
}

/// `shift_share`: one row per compared region and sector over the period,
/// and one per region for its total (sector `TOTAL`, with its Klassen
/// region type in `klassen_lq`/`klassen_contribution` when the table holds
/// several regions).
pub fn shift_share(table: &Table, settings: &Settings) -> Vec<ShiftRow> {
    let regions = compared_regions(table, &settings.reference);
    let reference = Ref {
        table,
        reference: &settings.reference,
        regions: &regions,
    };
    let years: Vec<i32> = (settings.first..=settings.last).collect();
    let (first, last) = (settings.first, settings.last);
    let (ref_values, ref_total) = reference.series(&years);
    let big_g = growth_of(&ref_total);
    let mut rows = Vec::new();
    for region in &regions {
        let region_total: Vec<Option<f64>> =
            years.iter().map(|&y| table.total(region, y)).collect();
        for (sector, xn) in &ref_values {
            let x: Vec<Option<f64>> = years
                .iter()
                .map(|&y| table.get(region, sector, y))
                .collect();
            let missing_years: Vec<i32> = years
                .iter()
                .zip(&x)
                .filter(|(_, v)| v.is_none())
                .map(|(y, _)| *y)
                .collect();
            let mut row = ShiftRow {
                region: region.clone(),
                sector: sector.clone(),
                value_first: x[0],
                value_last: *x.last().unwrap_or(&None),
                missing_years,
                ..Default::default()
            };
            if let (Some(x0), Some(x1)) = (row.value_first, row.value_last) {
                row.change = Some(x1 - x0);
                let g_rs = growth(x0, x1);
                let g_ns = growth_of(xn);
                if let (Some(g_rs), Some(g_ns), Some(big_g)) = (g_rs, g_ns, big_g) {
                    row.reference_share = Some(x0 * big_g);
                    row.industry_mix = Some(x0 * (g_ns - big_g));
                    row.regional_shift = Some(x0 * (g_rs - g_ns));
                    if let (Some(xr0), Some(xn0), Some(bn0)) =
                        (region_total[0], xn[0], ref_total[0])
                    {
                        let homothetic = xr0 * xn0 / bn0;
                        row.homothetic = Some(homothetic);
                        row.competitive_effect = Some(homothetic * (g_rs - g_ns));
                        row.allocation_effect = Some((x0 - homothetic) * (g_rs - g_ns));
                    }
                }
            }
            dynamic(&mut row, &x, xn, &ref_total);
            row.growth = mean_yearly_growth(&x);
            row.reference_growth = mean_yearly_growth(xn);
            let slq: Vec<Option<f64>> = (0..years.len())
                .map(|t| {
                    let (v, rt, vn, nt) = (x[t]?, region_total[t]?, xn[t]?, ref_total[t]?);
                    (rt > 0.0 && vn > 0.0 && nt > 0.0).then(|| (v / rt) / (vn / nt))
                })
                .collect();
            row.slq_mean = mean(&slq);
            let share = |v: &[Option<f64>], tot: &[Option<f64>]| -> Vec<Option<f64>> {
                v.iter()
                    .zip(tot)
                    .map(|(a, b)| Some(a.as_ref()? / b.filter(|b| *b > 0.0)?))
                    .collect()
            };
            row.share_mean = mean(&share(&x, &region_total));
            row.reference_share_mean = mean(&share(xn, &ref_total));
            row.dlq = dlq(
                &x,
                &region_total,
                xn,
                &ref_total,
                settings.dlq,
                last - first,
            );
            if let (Some(slq), Some(dlq)) = (row.slq_mean, row.dlq) {
                row.lq_class = Some(lq_class(slq, dlq));
            }
            if let (Some(g), Some(gn)) = (row.growth, row.reference_growth) {
                row.klassen_lq = row.slq_mean.map(|s| klassen(g > gn, s > 1.0));
                if let (Some(s), Some(sn)) = (row.share_mean, row.reference_share_mean) {
                    row.klassen_contribution = Some(klassen(g > gn, s > sn));
                }
            }
            rows.push(row);
        }
        rows.push(region_row(
            region,
            &region_total,
            &ref_total,
            &regions,
            table,
            &years,
            settings,
        ));
    }
    rows
}

/// Total growth over the series' first and last values.
fn growth_of(values: &[Option<f64>]) -> Option<f64> {
    growth((*values.first()?)?, (*values.last()?)?)
}

/// The dynamic shift-share: Dunn's components year by year, summed.
fn dynamic(row: &mut ShiftRow, x: &[Option<f64>], xn: &[Option<f64>], ref_total: &[Option<f64>]) {
    let mut sums = (0.0, 0.0, 0.0);
    for t in 0..x.len().saturating_sub(1) {
        let parts = (|| {
            let (x0, x1) = (x[t]?, x[t + 1]?);
            let g_ns = growth(xn[t]?, xn[t + 1]?)?;
            let big_g = growth(ref_total[t]?, ref_total[t + 1]?)?;
            let g_rs = growth(x0, x1)?;
            Some((x0 * big_g, x0 * (g_ns - big_g), x0 * (g_rs - g_ns)))
        })();
        let Some((n, m, s)) = parts else { return };
        sums = (sums.0 + n, sums.1 + m, sums.2 + s);
    }
    if x.len() > 1 {
        row.dynamic_reference_share = Some(sums.0);
        row.dynamic_industry_mix = Some(sums.1);
        row.dynamic_regional_shift = Some(sums.2);
    }
}

/// DLQ = [((1 + g_rs)/(1 + g_r)) / ((1 + g_ns)/(1 + g_n))]^T, with g the mean
/// yearly growth (or the compound rate) and T the years of the period.
fn dlq(
    x: &[Option<f64>],
    region_total: &[Option<f64>],
    xn: &[Option<f64>],
    ref_total: &[Option<f64>],
    form: DlqGrowth,
    years: i32,
) -> Option<f64> {
    let g = |v: &[Option<f64>]| -> Option<f64> {
        match form {
            DlqGrowth::Arithmetic => mean_yearly_growth(v),
            DlqGrowth::Geometric => {
                let total = growth_of(v)?;
                Some((1.0 + total).powf(1.0 / years as f64) - 1.0)
            }
        }
    };
    let (g_rs, g_r, g_ns, g_n) = (g(x)?, g(region_total)?, g(xn)?, g(ref_total)?);
    let ratio = ((1.0 + g_rs) / (1.0 + g_r)) / ((1.0 + g_ns) / (1.0 + g_n));
    (ratio.is_finite() && years > 0).then(|| ratio.powi(years))
}

/// A region's own row: its total's change and growth, and its Klassen
/// region type when there are several regions: growth against the
/// reference's, and position by size (`klassen_lq`: its mean total against
/// the mean of the compared regions) and per capita (`klassen_contribution`:
/// its mean value per person against the reference's, when the data gives
/// population; else the size form again).
fn region_row(
    region: &str,
    region_total: &[Option<f64>],
    ref_total: &[Option<f64>],
    regions: &[String],
    table: &Table,
    years: &[i32],
    settings: &Settings,
) -> ShiftRow {
    let mut row = ShiftRow {
        region: region.to_string(),
        sector: TOTAL_SECTOR.to_string(),
        value_first: region_total[0],
        value_last: *region_total.last().unwrap_or(&None),
        growth: mean_yearly_growth(region_total),
        reference_growth: mean_yearly_growth(ref_total),
        missing_years: years
            .iter()
            .zip(region_total)
            .filter(|(_, v)| v.is_none())
            .map(|(y, _)| *y)
            .collect(),
        ..Default::default()
    };
    row.change = row.value_first.zip(row.value_last).map(|(a, b)| b - a);
    if regions.len() > 1 {
        let mine = mean(region_total);
        let all: Vec<Option<f64>> = regions
            .iter()
            .map(|r| mean(&years.iter().map(|&y| table.total(r, y)).collect::<Vec<_>>()))
            .collect();
        let average = mean(&all);
        row.share_mean = mine.zip(average).map(|(m, a)| m / a);
        if let (Some(g), Some(gn), Some(s)) = (row.growth, row.reference_growth, row.share_mean) {
            let class = klassen(g > gn, s > 1.0);
            row.klassen_lq = Some(class);
            row.klassen_contribution = Some(class);
            if let Some((mine, reference)) =
                per_capita(region, region_total, ref_total, regions, years, settings)
            {
                row.klassen_contribution = Some(klassen(g > gn, mine > reference));
            }
        }
    }
    row
}

/// The mean yearly value per person of a region and of its reference, when
/// the data gives population for every year of both.
fn per_capita(
    region: &str,
    region_total: &[Option<f64>],
    ref_total: &[Option<f64>],
    regions: &[String],
    years: &[i32],
    settings: &Settings,
) -> Option<(f64, f64)> {
    let pop = |r: &str, y: i32| {
        settings
            .population
            .get(&(r.to_string(), y))
            .copied()
            .filter(|p| *p > 0.0)
    };
    let ref_pop = |y: i32| match &settings.reference {
        Reference::Region(code) => pop(code, y),
        Reference::Sum => regions.iter().map(|r| pop(r, y)).sum(),
    };
    let mine: Option<Vec<f64>> = years
        .iter()
        .zip(region_total)
        .map(|(&y, v)| Some((*v)? / pop(region, y)?))
        .collect();
    let theirs: Option<Vec<f64>> = years
        .iter()
        .zip(ref_total)
        .map(|(&y, v)| Some((*v)? / ref_pop(y)?))
        .collect();
    let avg = |v: Vec<f64>| v.iter().sum::<f64>() / v.len() as f64;
    Some((avg(mine?), avg(theirs?)))
}

#[cfg(test)]
mod tests;
