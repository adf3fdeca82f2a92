//! `ovop init DIR`: a new study folder with a commented `study.toml` and an
//! input template per dataset (CSV and XLSX), each with the header row and one
//! example row that passes validation. It never overwrites anything.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, Result};

use crate::bad_input;

const STUDY: &str = r#"# An ovop study. Every key but study.name is optional; docs/cli.md documents each one.
# Paths are relative to this file.

[study]
name = "{name}"                # names the report folder: reports/<name>/
# region = "35.23"             # the study's regency (or province) code
# years = [2020, 2024]         # first and last study year; default: span of the sales data
# lang = "id"                  # id | en
# synthetic = false            # true labels every chart and table as synthetic data
# lake = "lake"                # a shared lake; default: <out>/lake
# source = "Survei Dinas Koperasi 2024"   # named in every chart caption
# allow_unknown_codes = false  # accept codes missing from the national reference
# decimal = "comma"            # comma (1.234,5) | point (1,234.5) for numbers typed as text; default: read from the data
# title = "Kajian OVOP Kabupaten Bojonegoro 2025"   # default: "OVOP <region name>"
# allow_outside_region = false # true also scores candidates outside `region`
# published_sources = ["Profil Produk Unggulan Daerah 2023"]   # sources the report may cite with †

[inputs]                       # one or more files per dataset: CSV, XLSX ("file.xlsx#Sheet") or Parquet
# max_rejected_share = 0.05    # a run stops when a dataset loses more of its rows (1 accepts any)
villages = ["villages.csv"]
products = ["products.csv"]
sales = ["sales.csv"]
# economy = ["economy.csv"]
assessments = ["assessments.csv"]

[scoring]
method = "saw"                 # saw | wp | mpe | topsis | borda
# normalisation = "minmax"     # minmax | vector | max | sum; default vector for topsis, else minmax
criteria = { reach_index = 0.25, local_material_share = 0.20, lq = 0.15, workers = 0.15, value_added_ratio = 0.15, sales_growth = 0.10 }
# cost_criteria = []           # criteria where lower is better
# ahp = "weights_ahp.csv"      # derive the weights from a pairwise matrix instead (see `ovop ahp`)
# ahp_accept_inconsistent = false
# borda_methods = ["saw", "wp", "topsis"]
stars = [30, 50, 70, 90]       # lower bounds of 2..5 stars on the 0–100 score
# missing = "worst"            # a product without a value: worst | neutral (the mean) | exclude (other weights rescaled)

[sensitivity]
draws = 1000                   # Dirichlet weight draws; 0 turns the analysis off
concentration = 100            # larger keeps the draws closer to the weights above
seed = 42
"#;

/// Creates the study folder; refuses a folder that exists and is not empty.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>> {
    if dir.exists() && std::fs::read_dir(dir)?.next().is_some() {
        return Err(bad_input!(
            "{} exists and is not empty; give a new folder so nothing is overwritten",
            dir.display()
        ));
    }
    std::fs::create_dir_all(dir)?;
    let name: String = dir
        .file_name()
        .map(|n| {
            n.to_string_lossy()
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || "-_.".contains(c) {
                        c
                    } else {
                        '-'
                    }
                })
                .collect()
        })
        .filter(|n: &String| !n.is_empty() && !n.starts_with('.'))
        .unwrap_or_else(|| "my-study".into());
    let mut written = vec![dir.join("study.toml")];
    std::fs::write(&written[0], STUDY.replace("{name}", &name))?;
    for (dataset, header, example) in crate::ingest::contract::TEMPLATES {
        let csv_path = dir.join(format!("{}.csv", dataset.name()));
        let mut w = csv::Writer::from_path(&csv_path)?;
        w.write_record(header)?;
        w.write_record(example)?;
        w.flush()?;
        written.push(csv_path);
        let xlsx_path = dir.join(format!("{}.xlsx", dataset.name()));
        write_xlsx(&xlsx_path, dataset, header, example)?;
        written.push(xlsx_path);
    }
    Ok(written)
}

/// A dataset's template workbook: the data sheet (first, so ingest reads it)
/// and, when the dataset has list columns, a sheet "Daftar nilai" with the
/// words each takes and the Indonesian names accepted for them.
fn write_xlsx(
    path: &Path,
    dataset: crate::domain::Dataset,
    header: &[&str],
    example: &[&str],
) -> Result<()> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let err = |e: rust_xlsxwriter::XlsxError| anyhow!("{}: {e}", path.display());
    sheet.set_name(dataset.name()).map_err(err)?;
    let bold = rust_xlsxwriter::Format::new().set_bold();
    // Codes and dates as text so the spreadsheet never turns 35.10 into 35.1.
    let text = rust_xlsxwriter::Format::new().set_num_format("@");
    for (j, (h, v)) in header.iter().zip(example).enumerate() {
        let col = j as u16;
        sheet
            .write_string_with_format(0, col, *h, &bold)
            .map_err(err)?;
        let numeric =
            !h.contains("code") && !h.ends_with("_id") && *h != "date" && v.parse::<f64>().is_ok();
        if numeric {
            sheet
                .write_number(1, col, v.parse::<f64>().unwrap_or_default())
                .map_err(err)?;
        } else {
            sheet
                .write_string_with_format(1, col, *v, &text)
                .map_err(err)?;
        }
        sheet.set_column_format(col, &text).map_err(err)?;
    }
    let lists: Vec<(&str, &crate::domain::vocab::Vocab)> =
        crate::ingest::contract::columns(dataset)
            .iter()
            .filter_map(|c| match c.kind {
                crate::ingest::contract::Kind::OneOf(v)
                | crate::ingest::contract::Kind::SetOf(v) => Some((c.name, v)),
                _ => None,
            })
            .collect();
    if !lists.is_empty() {
        let guide = book.add_worksheet();
        guide.set_name("Daftar nilai").map_err(err)?;
        let heads = ["kolom", "nilai", "label", "juga diterima"];
        for (j, h) in heads.iter().enumerate() {
            guide
                .write_string_with_format(0, j as u16, *h, &bold)
                .map_err(err)?;
        }
        let mut row = 1;
        for (column, vocab) in lists {
            for word in vocab.words {
                let label = vocab.label_prefix.map_or(String::new(), |p| {
                    crate::i18n::label(crate::i18n::Lang::Id, &format!("{p}{word}")).to_string()
                });
                let aliases: Vec<String> = vocab
                    .aliases
                    .iter()
                    .filter(|(_, to)| to == word)
                    .map(|(a, _)| a.replace('_', " "))
                    .collect();
                for (j, cell) in [column, word, &label, &aliases.join(", ")]
                    .iter()
                    .enumerate()
                {
                    guide.write_string(row, j as u16, *cell).map_err(err)?;
                }
                row += 1;
            }
        }
        guide.autofit();
    }
    book.save(path).map_err(err)?;
    Ok(())
}
