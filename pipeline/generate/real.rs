//! Real products

use super::*;

pub(super) fn read_real_products(
    path: &Path,
    areas: &Areas,
    selected: &[usize],
) -> anyhow::Result<BTreeMap<usize, Vec<RealProduct>>> {
    let file = path.display();
    let mut reader = csv::Reader::from_path(path)
        .map_err(|e| crate::bad_input!("cannot read --real-products {file}: {e}"))?;
    let headers = reader
        .headers()
        .map_err(|e| crate::bad_input!("{file}: {e}"))?
        .clone();
    let column = |name: &str| {
        // Excel saves UTF-8 with a byte-order mark before the first header.
        let found = headers.iter().position(|h| {
            h.trim_start_matches('\u{feff}')
                .trim()
                .eq_ignore_ascii_case(name)
        });
        found.ok_or_else(|| {
            crate::bad_input!("{file}: no column '{name}'; the header must be {REAL_HEADER}")
        })
    };
    let [name_col, code_col, category_col, source_col] = [
        column("product_name")?,
        column("village_code")?,
        column("category")?,
        column("source")?,
    ];
    let mut real: BTreeMap<usize, Vec<RealProduct>> = BTreeMap::new();
    for record in reader.records() {
        let record = record.map_err(|e| crate::bad_input!("{file}: {e}"))?;
        let line = record.position().map_or(0, |p| p.line());
        let field = |i: usize| record.get(i).unwrap_or_default().trim();
        let code = normalise_village_code(field(code_col));
        let village = areas.index_of(&code).ok_or_else(|| {
            crate::bad_input!(
                "{file}:{line}: village_code '{code}' is not a village in the reference \
                 (idn-area-data 4.0.1); use a dotted Kemendagri village code such as 35.23.08.2008"
            )
        })?;
        if selected.binary_search(&village).is_err() {
            return Err(crate::bad_input!(
                "{file}:{line}: village {code} ({}) is outside the generated villages; \
                 widen --region or --villages",
                areas.villages[village].name
            ));
        }
        let category = category_index(field(category_col)).ok_or_else(|| {
            let known: Vec<&str> = CATEGORIES.iter().map(|c| c.name).collect();
            crate::bad_input!(
                "{file}:{line}: category '{}' is not one of {}",
                field(category_col),
                known.join(", ")
            )
        })?;
        let (name, source) = (field(name_col), field(source_col));
        if name.is_empty() || source.is_empty() {
            return Err(crate::bad_input!(
                "{file}:{line}: product_name and source must not be empty"
            ));
        }
        real.entry(village).or_default().push(RealProduct {
            name: name.to_string(),
            category,
            source: source.to_string(),
        });
    }
    Ok(real)
}

pub(super) const REAL_HEADER: &str = "product_name,village_code,category,source";

/// `3523082008` → `35.23.08.2008`; anything else is returned as given.
pub(super) fn normalise_village_code(code: &str) -> String {
    if code.len() == 10 && code.bytes().all(|b| b.is_ascii_digit()) {
        format!(
            "{}.{}.{}.{}",
            &code[..2],
            &code[2..4],
            &code[4..6],
            &code[6..]
        )
    } else {
        code.to_string()
    }
}
