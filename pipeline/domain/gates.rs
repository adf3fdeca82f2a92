//! Hard gates before the pick (SPEC §5.7, `[scoring] require`): a product of
//! a gated category needs at least one of the listed certifications to be
//! its village's OVOP pick, e.g. `food_beverage = ["pirt", "halal"]` (food
//! sold beyond the village needs a P-IRT permit or halal certification). A
//! gated product keeps its score and ranks; only the pick skips it.

use std::collections::BTreeMap;

use anyhow::Result;

use crate::bad_input;
use crate::domain::vocab::{CATEGORIES, CERTIFICATIONS};

/// The key that gates every category.
pub const ALL: &str = "all";

/// Refuses unknown categories and certifications, and empty lists.
pub fn check(require: &BTreeMap<String, Vec<String>>) -> Result<()> {
    for (category, any) in require {
        if category != ALL && !CATEGORIES.contains(&category.as_str()) {
            return Err(bad_input!(
                "scoring.require: unknown category {category:?}; use one of {} or \"{ALL}\"",
                CATEGORIES.join(", ")
            ));
        }
        if any.is_empty() {
            return Err(bad_input!(
                "scoring.require.{category} is empty: list the certifications of which a pick needs one, e.g. [\"pirt\", \"halal\"]"
            ));
        }
        if let Some(c) = any.iter().find(|c| !CERTIFICATIONS.contains(&c.as_str())) {
            return Err(bad_input!(
                "scoring.require.{category}: unknown certification {c:?}; use {}",
                CERTIFICATIONS.join(", ")
            ));
        }
    }
    Ok(())
}

/// Why a product cannot be its village's pick ("needs pirt or halal"), or
/// None. `certifications` is the products column: words joined by `;`.
pub fn gate(
    require: &BTreeMap<String, Vec<String>>,
    category: &str,
    certifications: Option<&str>,
) -> Option<String> {
    let have: Vec<&str> = certifications
        .unwrap_or("")
        .split(';')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    [category, ALL]
        .iter()
        .filter_map(|key| require.get(*key))
        .find(|any| !any.iter().any(|c| have.contains(&c.as_str())))
        .map(|any| format!("needs {}", any.join(" or ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn require(pairs: &[(&str, &[&str])]) -> BTreeMap<String, Vec<String>> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.iter().map(|s| s.to_string()).collect()))
            .collect()
    }

    #[test]
    fn a_gated_category_needs_one_of_its_certifications() {
        let r = require(&[("food_beverage", &["pirt", "halal"])]);
        assert_eq!(
            gate(&r, "food_beverage", None).as_deref(),
            Some("needs pirt or halal")
        );
        assert_eq!(
            gate(&r, "food_beverage", Some("haki;sni")).as_deref(),
            Some("needs pirt or halal")
        );
        assert_eq!(gate(&r, "food_beverage", Some("halal")), None);
        assert_eq!(gate(&r, "food_beverage", Some("haki;pirt")), None);
        assert_eq!(gate(&r, "batik", None), None);
        // "all" gates every category, on top of a category's own gate.
        let r = require(&[("all", &["haki"]), ("food_beverage", &["pirt"])]);
        assert_eq!(
            gate(&r, "batik", Some("pirt")).as_deref(),
            Some("needs haki")
        );
        assert_eq!(
            gate(&r, "food_beverage", Some("haki")).as_deref(),
            Some("needs pirt")
        );
        assert_eq!(gate(&r, "food_beverage", Some("haki;pirt")), None);
    }

    #[test]
    fn unknown_words_are_refused() {
        assert!(check(&require(&[("makanan", &["pirt"])]))
            .unwrap_err()
            .to_string()
            .contains("unknown category"));
        assert!(check(&require(&[("batik", &["iso9001"])]))
            .unwrap_err()
            .to_string()
            .contains("unknown certification"));
        assert!(check(&require(&[("batik", &[])])).is_err());
        assert!(check(&require(&[("all", &["sni"])])).is_ok());
    }
}
