//! The data contracts of SPEC §3: for each dataset its columns, their kinds,
//! which are required, and the Indonesian aliases users write in headers.
//! `docs/data-contracts.md` is the human-readable copy of this table.

use crate::domain::vocab::Vocab;
use crate::domain::Dataset;

mod assessments;
mod economy;
mod headers;
mod products;
mod sales;
mod villages;

pub use headers::{header_key, header_unit, is_rupiah_unit, match_headers};

/// The columns of a dataset, in contract order.
pub fn columns(dataset: Dataset) -> &'static [ColumnSpec] {
    match dataset {
        Dataset::Villages => villages::COLUMNS,
        Dataset::Products => products::COLUMNS,
        Dataset::Sales => sales::COLUMNS,
        Dataset::Economy => economy::COLUMNS,
        Dataset::Assessments => assessments::COLUMNS,
    }
}

/// Where the column `name` is in a dataset's contract order (and so in its
/// parsed rows). Only for names the contract has: another is a bug in ovop.
pub fn position(dataset: Dataset, name: &str) -> usize {
    columns(dataset)
        .iter()
        .position(|c| c.name == name)
        .unwrap_or_else(|| unreachable!("{} has no contract column {name}", dataset.name()))
}

/// How a column's text is read and checked.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    /// Trimmed text.
    Text,
    /// Identifier: trimmed text, no empty value.
    Id,
    /// Kemendagri village code, normalised to dotted form and checked against the reference.
    VillageCode,
    /// Kemendagri code at any level, or an ISO 3166-1 alpha-2 country code.
    RegionOrCountry,
    /// Kemendagri code at any level.
    RegionCode,
    /// A number ≥ 0 (Indonesian or plain format).
    NonNegative,
    /// Any number.
    Number,
    /// Latitude (limit 90) or longitude (limit 180) in degrees.
    Degrees(u16),
    /// A fraction 0–1 or a percent.
    Share,
    /// A calendar date.
    Date,
    /// A year (1900–2100).
    Year,
    /// A month 1–12 or a month name.
    Month,
    /// An integer in a small range (inclusive).
    Level(i32, i32),
    /// One word of a vocabulary (aliases accepted).
    OneOf(&'static Vocab),
    /// `;`- or `,`-separated words of a vocabulary.
    SetOf(&'static Vocab),
}

#[derive(Debug, Clone, Copy)]
pub struct ColumnSpec {
    pub name: &'static str,
    pub kind: Kind,
    pub required: bool,
    /// Other header spellings, compared after lower-casing and trimming.
    pub aliases: &'static [&'static str],
}

pub(super) const fn col(
    name: &'static str,
    kind: Kind,
    required: bool,
    aliases: &'static [&'static str],
) -> ColumnSpec {
    ColumnSpec {
        name,
        kind,
        required,
        aliases,
    }
}

/// The `ovop init` templates: (dataset, header, example row). The example
/// values read the same under either decimal mark (no decimals, shares in
/// percent), so a template passes `ovop validate` whatever the study sets;
/// a study that still holds an example row gets a warning.
pub const TEMPLATES: [(Dataset, &[&str], &[&str]); 5] = [
    (
        Dataset::Villages,
        villages::TEMPLATE.0,
        villages::TEMPLATE.1,
    ),
    (
        Dataset::Products,
        products::TEMPLATE.0,
        products::TEMPLATE.1,
    ),
    (Dataset::Sales, sales::TEMPLATE.0, sales::TEMPLATE.1),
    (Dataset::Economy, economy::TEMPLATE.0, economy::TEMPLATE.1),
    (
        Dataset::Assessments,
        assessments::TEMPLATE.0,
        assessments::TEMPLATE.1,
    ),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::vocab::{
        key, CATEGORY_VOCAB, CERTIFICATION_VOCAB, CHANNEL_VOCAB, DESIGN_ORIGIN_VOCAB,
        MEASURE_VOCAB, SECTOR_VOCAB,
    };

    /// Regression (issue 10): Indonesian names of categories and channels were rejected.
    #[test]
    fn vocabularies_accept_indonesian_names_and_labels() {
        let c = |raw| CATEGORY_VOCAB.lookup(raw);
        assert_eq!(c("food_beverage"), Some("food_beverage"));
        assert_eq!(c("Makanan & Minuman"), Some("food_beverage"));
        assert_eq!(c("Makanan dan minuman"), Some("food_beverage"));
        assert_eq!(c("KERAJINAN KAYU"), Some("wood_craft"));
        assert_eq!(c("Kain Tenun"), Some("woven_textile"));
        assert_eq!(c("Wood craft"), Some("wood_craft"), "the English label");
        assert_eq!(
            c("Kerajinan lain"),
            Some("other_craft"),
            "the Indonesian label"
        );
        assert_eq!(c("elektronik"), None);
        let ch = |raw| CHANNEL_VOCAB.lookup(raw);
        assert_eq!(ch("Langsung"), Some("direct"));
        assert_eq!(ch("Online (Shopee)"), Some("marketplace"));
        assert_eq!(ch("Marketplace (Tokopedia)"), Some("marketplace"));
        assert_eq!(ch("Pameran"), Some("exhibition"));
        assert_eq!(ch("Agen Ekspor"), Some("export_agent"));
        assert_eq!(ch("toko"), None, "own shop or reseller: left unknown");
        assert_eq!(CERTIFICATION_VOCAB.lookup("P-IRT"), Some("pirt"));
        assert_eq!(DESIGN_ORIGIN_VOCAB.lookup("Desain sendiri"), Some("own"));
        assert_eq!(MEASURE_VOCAB.lookup("ADHK"), Some("pdrb_adhk"));
    }

    #[test]
    fn aliases_are_keys_and_name_listed_words() {
        for vocab in [
            &CATEGORY_VOCAB,
            &CHANNEL_VOCAB,
            &CERTIFICATION_VOCAB,
            &DESIGN_ORIGIN_VOCAB,
            &MEASURE_VOCAB,
        ] {
            for (alias, word) in vocab.aliases {
                assert_eq!(key(alias), *alias, "{alias} is not written as a key");
                assert!(vocab.words.contains(word), "{alias} → {word}");
                assert!(!vocab.words.contains(alias), "{alias} is a word itself");
            }
        }
    }

    /// docs/data-contracts.md lists every header alias and every vocabulary alias.
    #[test]
    fn the_data_contract_page_lists_every_alias() {
        let doc = include_str!("../../../docs/data-contracts.md");
        for d in Dataset::ALL {
            for c in columns(d) {
                for alias in c.aliases {
                    assert!(doc.contains(&format!("`{alias}`")), "{}: {alias}", c.name);
                }
            }
        }
        for vocab in [
            &CATEGORY_VOCAB,
            &CHANNEL_VOCAB,
            &CERTIFICATION_VOCAB,
            &DESIGN_ORIGIN_VOCAB,
            &MEASURE_VOCAB,
            &SECTOR_VOCAB,
        ] {
            for (alias, _) in vocab.aliases {
                let listed = doc.lines().any(|l| {
                    l.starts_with("| ") && l.split(['|', ',']).any(|cell| cell.trim() == *alias)
                });
                assert!(listed, "{alias} is not in the word-list table");
            }
        }
    }

    #[test]
    fn header_aliases_are_unique_within_a_dataset() {
        for d in Dataset::ALL {
            let mut all: Vec<&str> = columns(d)
                .iter()
                .flat_map(|c| std::iter::once(c.name).chain(c.aliases.iter().copied()))
                .collect();
            all.sort_unstable();
            let before = all.len();
            all.dedup();
            assert_eq!(
                all.len(),
                before,
                "{}: an alias names two columns",
                d.name()
            );
        }
    }

    #[test]
    fn every_dataset_has_unique_column_names() {
        for d in Dataset::ALL {
            let mut names: Vec<_> = columns(d).iter().map(|c| c.name).collect();
            names.sort();
            names.dedup();
            assert_eq!(names.len(), columns(d).len(), "{}", d.name());
        }
    }
}
