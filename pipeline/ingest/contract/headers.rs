//! Matching a file's header row to a dataset's contract columns: case,
//! spaces, punctuation and units in brackets ignored, Indonesian aliases
//! accepted, a unit that contradicts its column refused.

use super::{columns, ColumnSpec, Kind};
use crate::domain::vocab::{key, split_brackets};
use crate::domain::Dataset;

/// Normalises a header cell for matching: [`key`] of the cell without its
/// units in brackets, so `Nilai Penjualan (Rp)`, ` NILAI-PENJUALAN ` and
/// `nilai_penjualan:` all match `nilai_penjualan`. A cell that is all
/// brackets keeps their text.
pub fn header_key(raw: &str) -> String {
    let (outside, _) = split_brackets(raw);
    match key(&outside) {
        k if k.is_empty() => key(raw),
        k => k,
    }
}

/// The unit a header gives in brackets, lower-cased: `Nilai (Rp)` → `rp`.
pub fn header_unit(raw: &str) -> Option<String> {
    split_brackets(raw)
        .1
        .map(|u| key(&u))
        .filter(|u| !u.is_empty())
}

/// Scale words in a unit (`juta Rp`): the values are not in the contract's unit.
const SCALE_WORDS: &[&str] = &[
    "ribu",
    "rb",
    "juta",
    "jt",
    "miliar",
    "milyar",
    "m",
    "triliun",
    "thousand",
    "thousands",
    "million",
    "millions",
    "billion",
    "billions",
    "k",
    "mn",
    "bn",
];
/// Currencies other than the rupiah.
const FOREIGN_CURRENCIES: &[&str] = &[
    "usd", "us", "dollar", "dolar", "eur", "euro", "sgd", "myr", "ringgit", "jpy", "yen", "cny",
    "rmb", "aud",
];

/// A unit (as a [`key`]) that means whole rupiah: `rp`, `idr`, `rupiah`, or
/// per something (`rp_kg`), but not `juta_rp`.
pub fn is_rupiah_unit(unit: &str) -> bool {
    let words: Vec<&str> = unit.split('_').collect();
    matches!(words.first(), Some(&("rp" | "idr" | "rupiah")))
        && !words.iter().any(|w| SCALE_WORDS.contains(w))
}

/// Why a header's unit (a [`key`]) does not fit the contract column it names,
/// or None when it fits. Values in the wrong unit would be misread by a
/// factor (`Nilai (juta Rp)`, `Luas (ha)`, `Jumlah (Rp)`), so such a header
/// stops the file rather than being read.
fn unit_conflict(spec: &ColumnSpec, unit: &str) -> Option<String> {
    let words: Vec<&str> = unit.split('_').collect();
    let money = words
        .iter()
        .any(|w| matches!(*w, "rp" | "idr" | "rupiah") || FOREIGN_CURRENCIES.contains(w));
    let scaled = words.iter().any(|w| SCALE_WORDS.contains(w));
    match (spec.name, spec.kind) {
        (name, _) if name.ends_with("_idr") => (!is_rupiah_unit(unit))
            .then(|| format!("{name} is in whole rupiah (Rp), but the header gives the unit as {unit}")),
        ("area_km2", _) => (!matches!(unit, "km2" | "km²" | "km_2" | "km_persegi"))
            .then(|| format!("area_km2 is in km², but the header gives the unit as {unit}")),
        // Regional accounts come in millions or billions of rupiah; their ratios do not care.
        ("value", Kind::NonNegative) => None,
        (name, Kind::NonNegative | Kind::Number | Kind::Share | Kind::Level(..)) if money || scaled => {
            Some(format!("{name} is not an amount of money or a scaled count, but the header gives the unit as {unit}"))
        }
        _ => None,
    }
}

/// Maps each contract column to the index of the header cell that holds it.
/// Returns the mapping and the header cells that matched nothing. A header
/// whose unit does not fit its column, or two header cells that read as the
/// same column name, are an error (nothing would say which one was used).
pub fn match_headers(
    dataset: Dataset,
    headers: &[String],
) -> Result<(Vec<Option<usize>>, Vec<String>), String> {
    let keys: Vec<String> = headers.iter().map(|h| header_key(h)).collect();
    let mut used = vec![false; keys.len()];
    let mut mapping = Vec::with_capacity(columns(dataset).len());
    // The first cell of each key: a second one that names a column is an error.
    let mut first_of: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut twins = Vec::new();
    for (i, k) in keys.iter().enumerate() {
        match first_of.get(k.as_str()) {
            Some(&first) => twins.push((first, i)),
            None => {
                first_of.insert(k, i);
            }
        }
    }
    for spec in columns(dataset) {
        let named = |k: &String| k == spec.name || spec.aliases.contains(&k.as_str());
        if let Some(&(first, i)) = twins.iter().find(|(_, i)| named(&keys[*i])) {
            return Err(format!(
                "the header cells {:?} and {:?} both read as {} ({}); rename or remove one",
                headers[first], headers[i], keys[i], spec.name
            ));
        }
        // The canonical name wins over an alias (`nilai` is an alias in two datasets).
        let found = keys.iter().position(|k| k == spec.name).or_else(|| {
            keys.iter()
                .enumerate()
                .position(|(i, k)| !used[i] && spec.aliases.contains(&k.as_str()))
        });
        if let Some(i) = found {
            if let Some(conflict) = header_unit(&headers[i]).and_then(|u| unit_conflict(spec, &u)) {
                return Err(format!(
                    "column {:?}: {conflict}; convert the values (or rename the column if it is not {})",
                    headers[i], spec.name
                ));
            }
            used[i] = true;
        }
        mapping.push(found);
    }
    let unknown = headers
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|(h, _)| h.clone())
        .collect();
    Ok((mapping, unknown))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_case_space_and_alias_insensitively() {
        let headers: Vec<String> = [
            "\u{feff}Kode Desa",
            " NAMA_PRODUK ",
            "product-id",
            "Kategori",
            "catatan",
        ]
        .map(String::from)
        .to_vec();
        let (mapping, unknown) = match_headers(Dataset::Products, &headers).unwrap();
        assert_eq!(mapping[0], Some(2)); // product_id
        assert_eq!(mapping[1], Some(0)); // village_code
        assert_eq!(mapping[2], Some(1)); // product_name
        assert_eq!(mapping[3], Some(3)); // category
        assert_eq!(unknown, vec!["catatan".to_string()]);
    }

    /// Regression (issue 10): headers with units in brackets and punctuation did not match.
    #[test]
    fn headers_match_without_units_and_punctuation() {
        assert_eq!(header_key("Nilai Penjualan (Rp)"), "nilai_penjualan");
        assert_eq!(header_key("Luas (km²)"), "luas");
        assert_eq!(header_key("Kode Desa:"), "kode_desa");
        assert_eq!(header_key("Harga/Satuan [Rp]"), "harga_satuan");
        assert_eq!(header_key("(kode)"), "kode");
        assert_eq!(header_unit("Harga Jual (Rp)").as_deref(), Some("rp"));
        assert_eq!(header_unit("Luas"), None);
        let headers: Vec<String> = [
            "Kode Wilayah Pembeli",
            "Tanggal",
            "Nilai Penjualan (Rp)",
            "ID Produk",
        ]
        .map(String::from)
        .to_vec();
        let (mapping, unknown) = match_headers(Dataset::Sales, &headers).unwrap();
        assert_eq!(mapping[0], Some(3)); // product_id
        assert_eq!(mapping[1], Some(1)); // date
        assert_eq!(mapping[4], Some(0)); // buyer_region
        assert_eq!(mapping[5], Some(2)); // value_idr
        assert!(unknown.is_empty());
    }

    /// Regression (review of issue 10): dropping the unit in brackets must not read values in
    /// another unit (×1,000,000 or hectares), nor pick one of two cells silently.
    #[test]
    fn a_header_in_the_wrong_unit_or_twice_is_an_error() {
        let err = |dataset, cells: &[&str]| {
            let headers: Vec<String> = cells.iter().map(|c| c.to_string()).collect();
            match_headers(dataset, &headers).unwrap_err()
        };
        let e = err(
            Dataset::Sales,
            &[
                "id_produk",
                "tanggal",
                "tujuan",
                "Nilai Penjualan (juta Rp)",
            ],
        );
        assert!(e.contains("whole rupiah") && e.contains("juta_rp"), "{e}");
        let e = err(
            Dataset::Products,
            &[
                "id_produk",
                "kode_desa",
                "produk",
                "kategori",
                "Harga (USD)",
                "Harga (Rp)",
            ],
        );
        assert!(
            e.contains("\"Harga (USD)\" and \"Harga (Rp)\" both read as harga"),
            "{e}"
        );
        assert!(err(Dataset::Villages, &["kode_desa", "Luas (ha)"]).contains("km²"));
        assert!(err(
            Dataset::Sales,
            &["id_produk", "tanggal", "tujuan", "nilai", "Jumlah (Rp)"]
        )
        .contains("quantity"));
        assert!(err(
            Dataset::Sales,
            &["id_produk", "tanggal", "tujuan", "Penjualan (unit)"]
        )
        .contains("whole rupiah"));
        let ok = |dataset, cells: &[&str]| {
            let headers: Vec<String> = cells.iter().map(|c| c.to_string()).collect();
            match_headers(dataset, &headers).is_ok()
        };
        assert!(ok(
            Dataset::Products,
            &[
                "id_produk",
                "kode_desa",
                "produk",
                "kategori",
                "Harga (Rp/kg)",
                "Bahan lokal (%)",
                "Tenaga Kerja (orang)"
            ]
        ));
        assert!(ok(
            Dataset::Villages,
            &["kode_desa", "Luas (km²)", "Penduduk (jiwa)"]
        ));
        assert!(ok(
            Dataset::Economy,
            &["kode", "tahun", "sektor", "Nilai (miliar Rp)"]
        ));
        assert!(is_rupiah_unit("rp") && is_rupiah_unit("rp_kg") && !is_rupiah_unit("juta_rp"));
    }
}
