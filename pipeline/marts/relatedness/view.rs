//! What the `relatedness` chart and the report's next-products section
//! read of the relatedness marts: the top candidates in their own category,
//! and the next products of the strongest picks' villages.

use std::collections::BTreeMap;

use anyhow::Result;

use super::MART;

/// A point of the `relatedness` chart: a candidate in its own category, or
/// a village's first next product (a category it lacks).
#[derive(Debug, Clone)]
pub struct RelatedPoint {
    /// The product's name, or the village's.
    pub name: String,
    /// Regency rank of a candidate; None for a next product.
    pub rank: Option<u32>,
    /// The category of a next product.
    pub next_category: Option<String>,
    pub density: f64,
    pub pci: f64,
}

/// What the chart and the report show of the relatedness marts.
#[derive(Debug, Clone, Default)]
pub struct RelatednessView {
    pub points: Vec<RelatedPoint>,
    /// Median density over the study's village × category rows.
    pub density_median: f64,
    /// The next products of the picked villages: village code, name,
    /// category, rank, density and PCI; the strongest picks (by potential
    /// score) first, each village's by rank.
    pub next: Vec<NextProduct>,
}

#[derive(Debug, Clone)]
pub struct NextProduct {
    pub village_code: String,
    pub village_name: String,
    pub pick: String,
    pub category: String,
    pub rank: u32,
    pub density: f64,
    pub pci: Option<f64>,
}

/// How many candidates and next products the chart shows, and how many
/// villages' next products the report lists (all: `tables/relatedness.*`).
pub const CHART_CANDIDATES: usize = 12;
pub const CHART_NEXT: usize = 6;
pub const LISTED_VILLAGES: usize = 20;

/// Reads the view from the lake (None when the lake has no relatedness mart).
pub fn view(lake: &crate::lake::Lake, next: usize) -> Result<Option<RelatednessView>> {
    let Some(rel) = MART.read_if_present(lake)? else {
        return Ok(None);
    };
    let scores = crate::marts::product_scores::MART.read(lake)?;
    let picks = crate::marts::village_selection::read(lake)?;
    let (villages, categories) = (rel.text("village_code")?, rel.text("category")?);
    let (density, pci, rank) = (rel.num("density")?, rel.num("pci")?, rel.num("next_rank")?);
    let all: Vec<f64> = density.iter().flatten().copied().collect();
    let density_median = crate::score::potential::median(&all);

    // Candidates: the best-ranked with both values.
    let mut candidates: Vec<RelatedPoint> = Vec::new();
    let (names, ranks) = (scores.text("product_name")?, scores.num("rank_regency")?);
    let (own, complexity) = (
        scores.num_if_present("relatedness_density")?,
        scores.num_if_present("category_complexity")?,
    );
    for i in 0..names.len() {
        if let (Some(r), Some(d), Some(p)) = (ranks[i], own[i], complexity[i]) {
            candidates.push(RelatedPoint {
                name: names[i].clone(),
                rank: Some(r as u32),
                next_category: None,
                density: d,
                pci: p,
            });
        }
    }
    candidates.sort_by_key(|c| c.rank);
    candidates.truncate(CHART_CANDIDATES);

    // Next products of the picked villages, the strongest picks first.
    let mut by_village: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, v) in villages.iter().enumerate() {
        if rank[i].is_some_and(|r| r as usize <= next.max(1)) {
            by_village.entry(v).or_default().push(i);
        }
    }
    let mut villages_listed = 0;
    let mut order: Vec<&crate::marts::village_selection::PickRow> = picks.iter().collect();
    order.sort_by(|a, b| {
        b.potential_score
            .total_cmp(&a.potential_score)
            .then(a.village_code.cmp(&b.village_code))
    });
    let mut listed = Vec::new();
    let mut points = candidates;
    for pick in &order {
        if villages_listed == LISTED_VILLAGES {
            break;
        }
        let Some(rows) = by_village.get(pick.village_code.as_str()) else {
            continue;
        };
        villages_listed += 1;
        let mut rows = rows.clone();
        rows.sort_by_key(|&i| rank[i].map(|r| r as u32));
        // The chart takes each village's first next product even when the
        // study lists none (`next = 0`).
        for &i in rows.iter().take(next.max(1)) {
            let item = NextProduct {
                village_code: pick.village_code.clone(),
                village_name: pick.village_name.clone(),
                pick: pick.product_name.clone(),
                category: categories[i].clone(),
                rank: rank[i].map_or(0, |r| r as u32),
                density: density[i].unwrap_or(0.0),
                pci: pci[i],
            };
            if item.rank == 1 && points.iter().filter(|p| p.rank.is_none()).count() < CHART_NEXT {
                if let Some(p) = item.pci {
                    points.push(RelatedPoint {
                        name: item.village_name.clone(),
                        rank: None,
                        next_category: Some(item.category.clone()),
                        density: item.density,
                        pci: p,
                    });
                }
            }
            if (item.rank as usize) <= next {
                listed.push(item);
            }
        }
    }
    Ok(Some(RelatednessView {
        points,
        density_median,
        next: listed,
    }))
}
