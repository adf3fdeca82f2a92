//! Sales

use super::*;

pub(super) const CHANNELS: [&str; 5] = [
    "direct",
    "reseller",
    "marketplace",
    "exhibition",
    "export_agent",
];
/// Channel weights by market tier: local sales are direct, exports go through agents.
pub(super) const CHANNEL_WEIGHTS: [[f64; 5]; 6] = [
    [0.80, 0.10, 0.05, 0.05, 0.0],
    [0.55, 0.25, 0.10, 0.10, 0.0],
    [0.30, 0.35, 0.20, 0.15, 0.0],
    [0.10, 0.35, 0.40, 0.15, 0.0],
    [0.05, 0.25, 0.55, 0.15, 0.0],
    [0.0, 0.03, 0.07, 0.10, 0.80],
];
/// Reach profiles (weights of tiers 0–5) and how common each is.
pub(super) const REACH_PROFILES: [[f64; 6]; 4] = [
    [0.45, 0.30, 0.15, 0.07, 0.03, 0.0],  // very local
    [0.15, 0.25, 0.30, 0.20, 0.10, 0.0],  // regional
    [0.05, 0.10, 0.20, 0.30, 0.35, 0.0],  // national
    [0.05, 0.10, 0.15, 0.20, 0.25, 0.25], // exporter
];
pub(super) const REACH_PROFILE_ODDS: [f64; 4] = [0.40, 0.33, 0.21, 0.06];
/// Bigger orders further away (resellers and agents buy in bulk), but village
/// products mostly sell near home: most value stays within the province.
pub(super) const TIER_QUANTITY: [f64; 6] = [0.5, 0.8, 1.0, 1.4, 1.8, 3.0];
/// How many distinct buyers a product has at most per tier.
pub(super) const POOL_SIZES: [usize; 6] = [1, 5, 6, 4, 6, 3];
pub(super) const PRICE_INFLATION: f64 = 0.035;

/// One product's sales behaviour: reach, buyers, trend and order size.
pub(super) struct SalesProfile {
    pub(super) tiers: [f64; 6],
    pub(super) buyers: [Vec<String>; 6],
    pub(super) buyer_weights: [Vec<f64>; 6],
    pub(super) years: Vec<i32>,
    pub(super) year_weights: Vec<f64>,
    pub(super) order_quantity: f64,
}

impl SalesProfile {
    pub(super) fn draw(
        rng: &mut StdRng,
        product: &Product,
        areas: &Areas,
        years: &Years,
    ) -> SalesProfile {
        let noise = LogNormal::new(0.0, 0.4).expect("valid lognormal");
        let mut tiers = REACH_PROFILES[pick(rng, &REACH_PROFILE_ODDS)];
        tiers.iter_mut().for_each(|w| *w *= noise.sample(rng));
        // A few regular buyers per tier, the first buying most (Zipf weights).
        let buyers: [Vec<String>; 6] = std::array::from_fn(|tier| {
            let n = if tiers[tier] > 0.0 {
                rng.random_range(1..=POOL_SIZES[tier])
            } else {
                1
            };
            (0..n)
                .map(|_| areas.buyer(rng, product.village, tier))
                .collect()
        });
        let buyer_weights = buyers
            .each_ref()
            .map(|pool| (0..pool.len()).map(|i| 1.0 / (i + 1) as f64).collect());
        let growth = Normal::new(0.03_f64, 0.2)
            .expect("valid normal")
            .sample(rng)
            .clamp(-0.45, 0.7);
        let start = product.year_established.clamp(years.first, years.last);
        let years: Vec<i32> = (start..=years.last).collect();
        let year_noise = LogNormal::new(0.0, 0.12).expect("valid lognormal");
        let year_weights = years
            .iter()
            .map(|&y| (1.0 + growth).powi(y - start) * year_noise.sample(rng))
            .collect();
        let order_value = 250e3
            * LogNormal::new(0.0, 0.9)
                .expect("valid lognormal")
                .sample(rng);
        let order_quantity = (order_value / product.unit_price as f64).max(1.0);
        SalesProfile {
            tiers,
            buyers,
            buyer_weights,
            years,
            year_weights,
            order_quantity,
        }
    }
}

/// Sales rows per product: proportional to the weights, summing exactly to `total`
/// (largest remainder).
pub(super) fn allocate(total: u64, weights: &[f64]) -> Vec<u64> {
    if weights.is_empty() || total == 0 {
        return vec![0; weights.len()];
    }
    let weights: Vec<f64> = if weights.iter().any(|&w| w > 0.0) {
        weights.to_vec()
    } else {
        vec![1.0; weights.len()]
    };
    let sum: f64 = weights.iter().sum();
    let quotas: Vec<f64> = weights.iter().map(|w| total as f64 * w / sum).collect();
    let mut counts: Vec<u64> = quotas.iter().map(|q| q.floor() as u64).collect();
    let mut order: Vec<usize> = (0..counts.len()).collect();
    order.sort_by(|&a, &b| {
        (quotas[b] - quotas[b].floor())
            .total_cmp(&(quotas[a] - quotas[a].floor()))
            .then(a.cmp(&b))
    });
    let assigned: u64 = counts.iter().sum();
    if assigned <= total {
        let mut missing = total - assigned;
        for &i in order.iter().filter(|&&i| weights[i] > 0.0).cycle() {
            if missing == 0 {
                break;
            }
            counts[i] += 1;
            missing -= 1;
        }
    } else {
        let mut excess = assigned - total;
        for &i in order.iter().rev().cycle() {
            if excess == 0 {
                break;
            }
            if counts[i] > 0 {
                counts[i] -= 1;
                excess -= 1;
            }
        }
    }
    counts
}

pub(super) const SALES_COLUMNS: &[(&str, Kind)] = &[
    ("product_id", Kind::Str),
    ("date", Kind::Date),
    ("buyer_region", Kind::Str),
    ("value_idr", Kind::Int),
    ("quantity", Kind::Int),
    ("channel", Kind::Str),
];
pub(super) const SALES_PART_ROWS: usize = 1_000_000;

pub(super) fn write_sales(
    args: &GenerateArgs,
    areas: &Areas,
    products: &[Product],
    years: &Years,
    files: &mut Vec<PathBuf>,
) -> anyhow::Result<u64> {
    let weights: Vec<f64> = products.iter().map(|p| p.sales_weight).collect();
    let counts = allocate(args.sales_rows, &weights);
    let mut out = TableWriter::create(
        &args.out,
        "sales",
        SALES_COLUMNS,
        args.format,
        Some(SALES_PART_ROWS),
    )?;
    let quantity_noise = LogNormal::new(0.0, 0.5).expect("valid lognormal");
    let price_noise = Normal::new(1.0_f64, 0.04).expect("valid normal");
    let year_days: Vec<(i32, i32)> = (years.first..=years.last)
        .map(|y| (days_from_civil(y, 1, 1), days_in_year(y)))
        .collect();
    for (index, (product, &count)) in products.iter().zip(&counts).enumerate() {
        if count == 0 {
            continue;
        }
        let mut rng = stream(args.seed, Stage::Sales, index as u64);
        let profile = SalesProfile::draw(&mut rng, product, areas, years);
        // A product with enough rows sells in every active year (first rows), so
        // that its CAGR reflects its trend rather than a missing year.
        let cover_years = count >= 2 * profile.years.len() as u64;
        for row in 0..count as usize {
            let tier = pick(&mut rng, &profile.tiers);
            let buyer = &profile.buyers[tier][pick(&mut rng, &profile.buyer_weights[tier])];
            let year = match profile.years.get(row) {
                Some(&year) if cover_years => year,
                _ => profile.years[pick(&mut rng, &profile.year_weights)],
            };
            let (first_day, days) = year_days[(year - years.first) as usize];
            let date = first_day + rng.random_range(0..days);
            let channel = CHANNELS[pick(&mut rng, &CHANNEL_WEIGHTS[tier])];
            let quantity =
                (profile.order_quantity * TIER_QUANTITY[tier] * quantity_noise.sample(&mut rng))
                    .round()
                    .max(1.0);
            let price = product.unit_price as f64 * (1.0 + PRICE_INFLATION).powi(year - years.last);
            let value = (quantity * price * price_noise.sample(&mut rng).max(0.5))
                .round()
                .max(1.0);
            out.write(&[
                Cell::Str(&product.id),
                Cell::Date(date),
                Cell::Str(buyer),
                Cell::Int(value as i64),
                Cell::Int(quantity as i64),
                Cell::Str(channel),
            ])?;
        }
    }
    files.extend(out.finish()?);
    Ok(args.sales_rows)
}
