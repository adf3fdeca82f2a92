//! Villages, products and assessments tables

use super::*;

pub(super) const VILLAGE_COLUMNS: &[(&str, Kind)] = &[
    ("village_code", Kind::Str),
    ("population", Kind::Int),
    ("households", Kind::Int),
    ("area_km2", Kind::Float),
];

pub(super) fn write_villages(
    args: &GenerateArgs,
    areas: &Areas,
    selected: &[usize],
    files: &mut Vec<PathBuf>,
) -> anyhow::Result<u64> {
    let mut rng = stream(args.seed, Stage::Villages, 0);
    let mut out = TableWriter::create(&args.out, "villages", VILLAGE_COLUMNS, args.format, None)?;
    for &village in selected {
        let population = (1_500f64.ln() + rng.random::<f64>() * 8f64.ln())
            .exp()
            .round();
        let households = (population / 3.5 * rng.random_range(0.92..1.08)).round();
        let area = round2(rng.random_range(2.0..30.0));
        out.write(&[
            Cell::Str(&areas.villages[village].code),
            Cell::Int(population as i64),
            Cell::Int(households as i64),
            Cell::Float(area),
        ])?;
    }
    files.extend(out.finish()?);
    Ok(selected.len() as u64)
}

pub(super) const PRODUCT_COLUMNS: &[(&str, Kind)] = &[
    ("product_id", Kind::Str),
    ("village_code", Kind::Str),
    ("product_name", Kind::Str),
    ("category", Kind::Str),
    ("producers", Kind::Int),
    ("workers", Kind::Int),
    ("local_material_share", Kind::Float),
    ("capacity", Kind::Int),
    ("unit", Kind::Str),
    ("unit_price_idr", Kind::Int),
    ("unit_cost_idr", Kind::Int),
    ("year_established", Kind::Int),
    ("certifications", Kind::Str),
    ("packaging_level", Kind::Int),
    ("design_origin", Kind::Str),
    ("source", Kind::Str),
];

pub(super) fn write_products(
    args: &GenerateArgs,
    areas: &Areas,
    products: &[Product],
    files: &mut Vec<PathBuf>,
) -> anyhow::Result<()> {
    let mut out = TableWriter::create(&args.out, "products", PRODUCT_COLUMNS, args.format, None)?;
    for p in products {
        out.write(&[
            Cell::Str(&p.id),
            Cell::Str(&areas.villages[p.village].code),
            Cell::Str(&p.name),
            Cell::Str(CATEGORIES[p.category].name),
            Cell::Int(p.producers.into()),
            Cell::Int(p.workers.into()),
            Cell::Float(p.local_material_share),
            Cell::Int(p.capacity),
            Cell::Str(p.unit),
            Cell::Int(p.unit_price),
            Cell::Int(p.unit_cost),
            Cell::Int(p.year_established.into()),
            Cell::Str(&p.certifications),
            Cell::Int(p.packaging_level.into()),
            Cell::Str(p.design_origin),
            Cell::Str(p.source.as_deref().unwrap_or("synthetic")),
        ])?;
    }
    files.extend(out.finish()?);
    Ok(())
}

pub(super) const ASSESSMENT_COLUMNS: &[(&str, Kind)] = &[
    ("product_id", Kind::Str),
    ("assessor", Kind::Str),
    ("criterion", Kind::Str),
    ("score", Kind::Int),
];
pub(super) const ASSESSORS: [&str; 3] = ["A1", "A2", "A3"];
pub(super) const CRITERIA: [&str; 5] = [
    "quality",
    "uniqueness",
    "market_potential",
    "raw_material",
    "community",
];

/// Expert scores (1–5) for about half of the products, from a latent quality that
/// follows packaging, certifications, design, local material and workforce.
pub(super) fn write_assessments(
    args: &GenerateArgs,
    products: &[Product],
    files: &mut Vec<PathBuf>,
) -> anyhow::Result<u64> {
    let mut rng = stream(args.seed, Stage::Assessments, 0);
    let noise = Normal::new(0.0, 0.5).expect("valid normal");
    let bias = Normal::new(0.0, 0.3).expect("valid normal");
    let mut out = TableWriter::create(
        &args.out,
        "assessments",
        ASSESSMENT_COLUMNS,
        args.format,
        None,
    )?;
    let mut rows = 0;
    for p in products {
        if !rng.random_bool(0.5) {
            continue;
        }
        let certificates = p
            .certifications
            .split(';')
            .filter(|c| !c.is_empty())
            .count() as f64;
        let design = match p.design_origin {
            "own" => 0.5,
            "copied" => -0.5,
            _ => 0.0,
        };
        let latent =
            1.6 + 0.4 * f64::from(p.packaging_level) + 0.3 * certificates + noise.sample(&mut rng);
        let offsets = [
            0.0,
            design,
            (p.sales_weight + 1.0).ln() * 0.3 - 0.2,
            (p.local_material_share - 0.6) * 2.0,
            (f64::from(p.workers)).ln() / 3.0 - 0.6,
        ];
        for assessor in ASSESSORS {
            let leaning = bias.sample(&mut rng);
            for (criterion, offset) in CRITERIA.iter().zip(offsets) {
                let score = (latent + offset + leaning + noise.sample(&mut rng))
                    .round()
                    .clamp(1.0, 5.0);
                out.write(&[
                    Cell::Str(&p.id),
                    Cell::Str(assessor),
                    Cell::Str(criterion),
                    Cell::Int(score as i64),
                ])?;
                rows += 1;
            }
        }
    }
    files.extend(out.finish()?);
    Ok(rows)
}
