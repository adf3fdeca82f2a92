//! Checks of the data behind the scores that a planner must see (see
//! `crate::warnings`): candidates outside the study region, inputs loaded but
//! not weighted, criteria with too little data, template rows left in.

use anyhow::Result;
use polars::prelude::*;

use super::potential::{str_values, Scored};
use crate::reference::Reference;
use crate::study::Study;
use crate::warnings::{ProductRef, Warning};

/// An expert criterion scored for at most `RARE_MAX` products and at most this
/// share of the most scored one is probably a typo or a test row.
const RARE_SHARE: f64 = 0.25;
const RARE_MAX: usize = 3;

/// The products of the study region (all of them when the study names no
/// region or allows others), and the warning about those outside.
pub fn in_region(study: &Study, products: LazyFrame) -> Result<(LazyFrame, Option<Warning>)> {
    let Some(region) = study.region_code() else {
        return Ok((products, None));
    };
    let inside = col("village_code")
        .eq(lit(region.clone()))
        .or(col("village_code")
            .str()
            .starts_with(lit(format!("{region}."))));
    let outside = products
        .clone()
        .filter(inside.clone().not())
        .select([col("product_id"), col("product_name"), col("village_code")])
        .sort(["product_id"], SortMultipleOptions::default())
        .collect()?;
    if outside.height() == 0 {
        return Ok((products, None));
    }
    let excluded = !study.study.allow_outside_region;
    let warning = Warning::OutsideRegion {
        region: study
            .region_name()
            .map_or(region.clone(), |n| format!("{n} ({region})")),
        products: product_refs(&outside)?,
        excluded,
    };
    let kept = match excluded {
        true => products.filter(inside),
        false => products,
    };
    Ok((kept, Some(warning)))
}

fn product_refs(df: &DataFrame) -> Result<Vec<ProductRef>> {
    let reference = Reference::get();
    let (ids, names, codes) = (
        str_values(df, "product_id")?,
        str_values(df, "product_name")?,
        str_values(df, "village_code")?,
    );
    Ok(ids
        .into_iter()
        .zip(names)
        .zip(codes)
        .map(|((product_id, product_name), village_code)| ProductRef {
            place: reference
                .village(&village_code)
                .map(|v| format!("{}, {}", v.name, v.regency_name)),
            product_id,
            product_name,
            village_code,
        })
        .collect())
}

/// Warnings about the scored candidates and the study's criteria.
/// `villages` holds the codes of the villages dataset, when there is one.
pub fn data_warnings(
    study: &Study,
    criteria: &DataFrame,
    scored: &Scored,
    villages: Option<&[String]>,
) -> Result<Vec<Warning>> {
    let mut warnings = Vec::new();
    // MPE's TKK and OCOP's points are not meant to sum to 1.
    let convention = study
        .scoring
        .preset
        .is_some_and(|p| p.integer_weights() || p.points());
    if let Some(sum) = study.scoring.weights_given_sum.filter(|_| !convention) {
        if (sum - 1.0).abs() > 1e-6 {
            warnings.push(Warning::WeightsRescaled { sum });
        }
    }
    if study.scoring.preset == Some(crate::domain::methods::Preset::Kpju)
        && study.scoring.ahp.is_none()
    {
        warnings.push(Warning::KpjuWithoutAhp);
    }
    for (criterion, present) in scored.criteria.iter().zip(&scored.present) {
        if !present.is_empty() && !present.contains(&true) {
            warnings.push(Warning::CriterionWithoutData {
                criterion: criterion.clone(),
            });
        }
    }
    warnings.extend(expert_warnings(study, criteria)?);
    if let Some(villages) = villages {
        let known: std::collections::HashSet<&str> = villages.iter().map(String::as_str).collect();
        let codes = str_values(criteria, "village_code")?;
        let lacking: Vec<bool> = codes.iter().map(|c| !known.contains(c.as_str())).collect();
        if lacking.contains(&true) {
            let mask = BooleanChunked::from_slice("lacking".into(), &lacking);
            let missing = criteria
                .select(["product_id", "product_name", "village_code"])?
                .filter(&mask)?;
            warnings.push(Warning::VillageMissing {
                products: product_refs(&missing)?,
            });
        }
    }
    Ok(warnings)
}

/// Expert criteria that are loaded but not weighted, or scored for only a few products.
fn expert_warnings(study: &Study, criteria: &DataFrame) -> Result<Vec<Warning>> {
    let expert: Vec<(String, usize)> = criteria
        .columns()
        .iter()
        .filter(|c| c.name().starts_with("expert_") && !c.name().ends_with("_sd"))
        .map(|c| (c.name().to_string(), c.len() - c.null_count()))
        .collect();
    let mut warnings = Vec::new();
    if expert.is_empty() {
        return Ok(warnings);
    }
    if !study
        .scoring
        .criteria
        .keys()
        .any(|k| k.starts_with("expert_"))
    {
        warnings.push(Warning::AssessmentsNotWeighted {
            criteria: expert.iter().map(|(c, _)| c.clone()).collect(),
        });
    }
    let most = expert.iter().map(|(_, n)| *n).max().unwrap_or(0);
    let assessed = {
        let any = expert
            .iter()
            .map(|(c, _)| col(c.as_str()).is_not_null())
            .reduce(|a, b| a.or(b))
            .expect("at least one expert criterion");
        criteria.clone().lazy().filter(any).collect()?.height()
    };
    for (criterion, n) in &expert {
        if *n > RARE_MAX || (*n as f64) >= RARE_SHARE * most as f64 {
            continue;
        }
        let similar = expert
            .iter()
            .filter(|(other, m)| other != criterion && *m > *n)
            .map(|(other, _)| {
                (
                    strsim::normalized_damerau_levenshtein(criterion, other),
                    other,
                )
            })
            .filter(|(similarity, _)| *similarity >= 0.75)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, other)| other.clone());
        warnings.push(Warning::RareCriterion {
            criterion: criterion.clone(),
            products: *n,
            of: assessed,
            similar,
        });
    }
    Ok(warnings)
}

/// The example rows of the `ovop init` templates, found among the candidates
/// (`products`: product_id, product_name, village_code).
pub fn template_rows(products: &DataFrame) -> Result<Vec<Warning>> {
    let criteria = products;
    let Some((_, header, example)) = crate::ingest::contract::TEMPLATES
        .iter()
        .find(|(d, _, _)| *d == crate::domain::Dataset::Products)
    else {
        return Ok(Vec::new());
    };
    let value = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .map(|i| example[i])
            .unwrap_or_default()
    };
    let (id, name, village) = (
        value("product_id"),
        value("product_name"),
        value("village_code"),
    );
    let ids = str_values(criteria, "product_id")?;
    let names = str_values(criteria, "product_name")?;
    let villages = str_values(criteria, "village_code")?;
    Ok((0..ids.len())
        .filter(|&i| ids[i] == id && names[i] == name && villages[i] == village)
        .map(|_| Warning::TemplateRow {
            dataset: "products".into(),
            key: format!("{id} {name}, {village}"),
        })
        .collect())
}
