//! The bad-input corpus (`tests/fixtures/bad/`), one real-world fault per file:
//!
//! | file | dataset | fault |
//! |---|---|---|
//! | 01-windows-1252-name | products | names saved as Windows-1252 (`Café` as 0xE9) |
//! | 02-semicolon-comma-decimals | sales | `;` separator, `1.250.000,50` numbers |
//! | 03-tab-separated | products | tab separator, a comma inside a name |
//! | 04-pipe-separated | sales | `\|` separator, `1,250,000.75` numbers |
//! | 05-utf8-bom-crlf | products | UTF-8 BOM and CRLF line ends |
//! | 06-quoted-line-breaks | products | quoted fields with LF and CRLF inside |
//! | 07-ragged-too-many-fields | products | a row with an extra non-empty field; one with empty extras |
//! | 08-ragged-too-few-fields | products | short rows: missing optional / required fields |
//! | 09-xlsx-saved-as-csv | products | an XLSX (zip) file named `.csv` |
//! | 10-binary-garbage | products | binary bytes |
//! | 11-empty | products | zero bytes |
//! | 12-header-only | sales | a header and no data rows |
//! | 13-blank-and-whitespace-lines | products | blank, whitespace-only and `, , ,` lines between rows; `minuman` |
//! | 14-missing-required-column | sales | no `buyer_region` |
//! | 15-indonesian-aliases-sales | sales | `id_produk`, `tanggal`, `tujuan`, `nilai`, `jumlah`, `saluran` |
//! | 16-indonesian-aliases-products | products | `kode_produk`, `kode_desa`, `nama_produk`, `kategori`, … |
//! | 17-header-odd-case-and-spaces | products | ` Product ID `, `VILLAGE-CODE`, `Product  Name`; `Food Beverage` |
//! | 18-excel-error-strings | sales | `#VALUE!`, `#DIV/0!`, `#REF!`, `#N/A` in cells |
//! | 19-xlsx-serial-dates | sales | dates as serial numbers (`45303`, `45303.5`) |
//! | 20-date-formats | sales | `12 Januari 2024`, `12/01/2024`, `12-01-2024`, `12-Jan-2024`, a timestamp |
//! | 21-impossible-dates | sales | `31/02/2024`, `30 Februari 2024`, `2024-13-01` |
//! | 22-future-dates | sales | a future date, a future year + month |
//! | 23-ambiguous-decimals | sales | `1.500` in every row |
//! | 24-mixed-decimal-marks | sales | `1.234.567,50` and `1,234,567.50` in one column |
//! | 25-rupiah-values | sales | `Rp 15.000`, `Rp. 1.250.000,50`, `Rp15000` |
//! | 26-negative-sales-values | sales | negative `value_idr` and `quantity` |
//! | 27-economy-negative-values | economy | a negative PDRB value (rejected since issue 13: sector values are levels) |
//! | 28-percent-shares | products | `35%`, `0,4`, `135`, `150%` |
//! | 29-codes-with-spaces | products | ` 35.23.08.2008 `, a quoted code with a tab |
//! | 30-codes-without-dots | products | `3523082008` |
//! | 31-nine-digit-code | products | `352308200` |
//! | 32-scientific-notation-code | products | `3.52308E+09`, `3.523082006e9` |
//! | 33-dropped-trailing-zero | economy | `35.1` for `35.10` |
//! | 34-unknown-10-digit-code | villages | `3523089999` |
//! | 35-pemekaran-village | products | a village code whose district exists |
//! | 36-bps-code | products | a BPS statistical village code (`3523080008`) |
//! | 37-duplicate-product-ids | products | an id twice in the file, an id already in the lake |
//! | 38-unknown-product-in-sales | sales | `P99`, and `p1` (ids are case-sensitive) |
//! | 39-unknown-category | products | `elektronik`; `Kerajinan`, `Food Beverage`, `Kain Tenun` are accepted |
//! | 40-unknown-channel | sales | `toko` (emptied, row kept); `Export Agent`, `Langsung`, `Online (Shopee)`, `Pameran` accepted |
//! | 41-year-month-instead-of-date | sales | `tahun` + `bulan` (`3`, `Maret`) instead of a date |
//! | 42-no-date-and-no-year-month | sales | a year without a month, no date |
//! | 43-packaging-level-out-of-range | products | `0`, `4`, `2.5` |
//! | 44-certification-unknown-item | products | `halal;iso9001` (`iso9001` dropped, row kept); `PIRT, Halal` is accepted |
//! | 45-assessment-scores-out-of-range | assessments | scores `0`, `6`, `-1` |
//! | 46-very-long-name | products | a 5,000-character product name |
//! | 47-script-and-formula-names | products | `<script>…</script>` and `=HYPERLINK("x")` as names |
//! | 48-nul-byte-in-field | products | a NUL byte inside a name |
//! | 49-whitespace-only | products | spaces, tabs and line breaks only |
//! | 50-title-line-above-header | products | a title line above the header |
//! | 51-mixed-utf8-and-windows-1252 | products | one name in UTF-8, one in Windows-1252 |
//! | 52-two-digit-years | sales | `12/01/24`, `12 Jan 24` |
//! | 53-unbalanced-quote | products | a field that opens a quote and never closes it |
//! | 54-utf16-unicode-text | products | Excel's "Unicode Text" export (UTF-16LE, tabs) |
//! | 55-thousands-in-plain-number | products | `1.250.000` and `12.5` in one column |
//! | 56-month-out-of-range | sales | month `13`, `Smarch` |
//! | 57-dash-for-zero-in-number | sales | `–` (en dash) for "none" in a number cell |
//! | 58-unclosed-quote-last-column | products | a quote opened in the last column, 29 rows after it |
//! | 59-row-like-lines-in-quoted-field | products | a quoted name over three lines that look like rows (kept, with a warning) |
//! | 60-infinite-and-huge-numbers | sales | `inf`, `NaN`, a 400-digit number, 2 × 10^18 |
//! | 61-name-over-100000-bytes | products | a 108,000-character product name |
//!
//! Each file is ingested into its own copy of a lake that already holds products P1
//! and P2 (SPEC §10: bad input never panics, every file or row gets a clear error or
//! a quarantine reason, and counts reconcile). Files 36, 48, 50, 52, 53, 54 and 57
//! guard bugs this corpus found (BPS hint, control characters, title lines, two-digit
//! years, unbalanced quotes, UTF-16, a panic on multi-byte number cells); 58–61 guard the
//! small cases of issue 11 (the large ones are written at test time in `tests/hostile.rs`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use polars::prelude::*;

use crate::util::*;

/// What ingesting a corpus file should do.
enum Expect {
    /// Exit 2 with this in stderr; the lake is left as it was.
    FileError(&'static str),
    /// Exit 0 with these counts. Each `quarantine` text is in one quarantine row,
    /// formatted `line L, column: reason`; each `stored` value is in the new batch.
    Ingested {
        read: u64,
        accepted: u64,
        rejected: u64,
        quarantine: &'static [&'static str],
        stored: &'static [Stored],
    },
}

/// A value the new batch's data files must hold.
enum Stored {
    /// Some row has exactly this value (non-text columns compared as polars prints them).
    Eq(&'static str, &'static str),
    /// Some row has a text of this many characters.
    Chars(&'static str, usize),
}

struct Case {
    file: &'static str,
    dataset: &'static str,
    expect: Expect,
}

use Expect::{FileError, Ingested};
use Stored::{Chars, Eq};

const fn ok(
    file: &'static str,
    dataset: &'static str,
    read: u64,
    stored: &'static [Stored],
) -> Case {
    rows(file, dataset, (read, read, 0), &[], stored)
}

const fn rows(
    file: &'static str,
    dataset: &'static str,
    (read, accepted, rejected): (u64, u64, u64),
    quarantine: &'static [&'static str],
    stored: &'static [Stored],
) -> Case {
    Case {
        file,
        dataset,
        expect: Ingested {
            read,
            accepted,
            rejected,
            quarantine,
            stored,
        },
    }
}

const fn fails(file: &'static str, dataset: &'static str, message: &'static str) -> Case {
    Case {
        file,
        dataset,
        expect: FileError(message),
    }
}

#[rustfmt::skip]
const CASES: &[Case] = &[
    ok("01-windows-1252-name", "products", 2, &[Eq("product_name", "Café Gedog"), Eq("product_name", "Kerupuk Ikan Peña")]),
    ok("02-semicolon-comma-decimals", "sales", 2, &[Eq("value_idr", "1250000.5"), Eq("quantity", "12.5"), Eq("value_idr", "15000.0")]),
    ok("03-tab-separated", "products", 2, &[Eq("product_name", "Batik Gedog, tulis")]),
    ok("04-pipe-separated", "sales", 2, &[Eq("value_idr", "1250000.75"), Eq("buyer_region", "SG")]),
    ok("05-utf8-bom-crlf", "products", 2, &[Eq("product_id", "P10"), Eq("category", "pottery")]),
    rows("06-quoted-line-breaks", "products", (3, 2, 1), &["line 6, category: \"seafood\" is not one of"],
        &[Eq("product_name", "Batik Gedog\nmotif \"Lok Can\""), Eq("product_name", "Anyaman\r\nbambu")]),
    rows("07-ragged-too-many-fields", "products", (3, 2, 1), &["line 3, : row has 5 fields but the header has 4"], &[Eq("product_id", "P12")]),
    rows("08-ragged-too-few-fields", "products", (2, 1, 1), &["line 3, category: missing category"], &[Eq("product_id", "P10")]),
    fails("09-xlsx-saved-as-csv", "products", "zip archive (probably an XLSX workbook)"),
    fails("10-binary-garbage", "products", "binary data"),
    fails("11-empty", "products", "the file is empty"),
    fails("12-header-only", "sales", "header row but no data rows"),
    // `minuman` (a drink) is an Indonesian name of food_beverage.
    ok("13-blank-and-whitespace-lines", "products", 2, &[Eq("product_id", "P10"), Eq("category", "food_beverage")]),
    fails("14-missing-required-column", "sales", "lacks required column(s): buyer_region (or wilayah_pembeli"),
    ok("15-indonesian-aliases-sales", "sales", 2, &[Eq("channel", "marketplace"), Eq("quantity", "10.0"), Eq("date", "2024-01-12")]),
    ok("16-indonesian-aliases-products", "products", 1, &[Eq("workers", "12.0"), Eq("local_material_share", "0.8"), Eq("packaging_level", "2")]),
    ok("17-header-odd-case-and-spaces", "products", 2, &[Eq("category", "food_beverage"), Eq("product_name", "Batik Gedog")]),
    rows("18-excel-error-strings", "sales", (5, 1, 4),
        &["line 2, value_idr: \"#VALUE!\" is not a number", "line 3, quantity: \"#DIV/0!\" is not a number",
          "line 4, buyer_region: \"#REF!\" is not a region code", "line 5, value_idr: missing value_idr"],
        &[Eq("date", "2024-01-16"), Eq("quantity", "null")]),
    ok("19-xlsx-serial-dates", "sales", 2, &[Eq("date", "2024-01-12")]),
    ok("20-date-formats", "sales", 5, &[Eq("date", "2024-01-12")]),
    rows("21-impossible-dates", "sales", (4, 1, 3),
        &["line 2, date: \"31/02/2024\" is not a date", "line 3, date: \"30 Februari 2024\" is not a date", "line 4, date: \"2024-13-01\" is not a date"],
        &[Eq("date", "2024-02-29")]),
    rows("22-future-dates", "sales", (3, 1, 2), &["line 2, date: 2099-01-12 is in the future", "line 3, year: 2099-01 is in the future"], &[]),
    fails("23-ambiguous-decimals", "sales", "column value_idr is ambiguous: values such as 1.500, 2.250, 3.000"),
    fails("24-mixed-decimal-marks", "sales", "column value_idr mixes decimal marks"),
    ok("25-rupiah-values", "sales", 3, &[Eq("value_idr", "15000.0"), Eq("value_idr", "1250000.5")]),
    rows("26-negative-sales-values", "sales", (3, 1, 2), &["line 2, value_idr: -150000 is negative", "line 3, quantity: -3 is negative"], &[]),
    rows("27-economy-negative-values", "economy", (2, 1, 1), &["line 2, value: -1250.5 is negative"], &[Eq("value", "8100.25")]),
    rows("28-percent-shares", "products", (4, 2, 2),
        &["line 4, local_material_share: \"135\" is not a share", "line 5, local_material_share: \"150%\" is not a share"],
        &[Eq("local_material_share", "0.35"), Eq("local_material_share", "0.4")]),
    ok("29-codes-with-spaces", "products", 2, &[Eq("village_code", "35.23.08.2008"), Eq("village_code", "35.23.08.2006")]),
    ok("30-codes-without-dots", "products", 1, &[Eq("village_code", "35.23.08.2008")]),
    rows("31-nine-digit-code", "products", (2, 1, 1), &["line 2, village_code: \"352308200\" has 9 digits"], &[Eq("village_code", "35.23.08.2006")]),
    rows("32-scientific-notation-code", "products", (2, 0, 2), &["line 2, village_code: \"3.52308E+09\" looks like a number a spreadsheet wrote in scientific notation", "line 3, village_code: \"3.523082006e9\" looks like"], &[]),
    rows("33-dropped-trailing-zero", "economy", (2, 1, 1), &["line 2, region_code: \"35.1\" has a one-digit segment", "dropped a trailing zero (write 35.10 as text)"], &[]),
    rows("34-unknown-10-digit-code", "villages", (2, 1, 1), &["line 2, village_code: 35.23.08.9999 is not in the national reference"], &[Eq("village_name", "Margorejo")]),
    rows("35-pemekaran-village", "products", (1, 0, 1), &["35.23.08.2099 is not in the national reference", "its parent 35.23.08 (Kerek) exists, so the village may have been split, merged or renumbered"], &[]),
    rows("36-bps-code", "products", (1, 0, 1), &["line 2, village_code: 35.23.08.0008 is not in the national reference", "BPS"], &[]),
    rows("37-duplicate-product-ids", "products", (3, 1, 2),
        &["line 3, product_id: duplicate product_id: already given at", "37-duplicate-product-ids.csv line 2", "line 4, product_id: duplicate product_id: already given at an earlier batch in the lake"], &[]),
    rows("38-unknown-product-in-sales", "sales", (3, 1, 2), &["line 3, product_id: unknown product_id", "line 4, product_id: unknown product_id"], &[]),
    // Indonesian category names are aliases; a word of no category rejects the row (the column is required).
    rows("39-unknown-category", "products", (4, 3, 1), &["line 5, category: \"elektronik\" is not one of"],
        &[Eq("category", "food_beverage"), Eq("category", "other_craft"), Eq("category", "woven_textile")]),
    // An unknown channel (optional) empties that cell and keeps the sale; Indonesian channel names are aliases.
    rows("40-unknown-channel", "sales", (5, 5, 0), &["line 2, channel: \"toko\" is not one of", "left empty and the row kept [kept]"],
        &[Eq("channel", "export_agent"), Eq("channel", "null"), Eq("channel", "direct"), Eq("channel", "marketplace"), Eq("channel", "exhibition")]),
    ok("41-year-month-instead-of-date", "sales", 2, &[Eq("date", "2023-03-01"), Eq("month", "3")]),
    fails("42-no-date-and-no-year-month", "sales", "date (or tanggal), or both year and month"),
    rows("43-packaging-level-out-of-range", "products", (4, 1, 3),
        &["line 2, packaging_level: \"0\" must be a whole number from 1 to 3", "line 3, packaging_level: \"4\"", "line 4, packaging_level: \"2.5\""],
        &[Eq("packaging_level", "3")]),
    // An unknown item is dropped from the list, the rest kept.
    rows("44-certification-unknown-item", "products", (2, 2, 0), &["line 2, certifications: \"iso9001\" is not one of", "the rest kept [kept]"],
        &[Eq("certifications", "halal;pirt"), Eq("certifications", "halal")]),
    rows("45-assessment-scores-out-of-range", "assessments", (4, 1, 3),
        &["line 2, score: a score must lie on the scale 1–5", "line 3, score: a score must lie", "line 4, score: -1 is negative"],
        &[Eq("score", "4.0")]),
    ok("46-very-long-name", "products", 1, &[Chars("product_name", 5000)]),
    ok("47-script-and-formula-names", "products", 2, &[Eq("product_name", "<script>alert(1)</script>"), Eq("product_name", "=HYPERLINK(\"x\")")]),
    rows("48-nul-byte-in-field", "products", (3, 2, 1), &["line 2, product_name:", "control"], &[]),
    fails("49-whitespace-only", "products", "the file is empty"),
    // A title line above the header is skipped: the header is the first row with two filled cells.
    ok("50-title-line-above-header", "products", 1, &[Eq("product_name", "Batik Gedog")]),
    ok("51-mixed-utf8-and-windows-1252", "products", 2, &[Eq("product_name", "Café Gedog"), Eq("product_name", "Café Legen")]),
    rows("52-two-digit-years", "sales", (2, 0, 2), &["line 2, date: \"12/01/24\"", "line 3, date: \"12 Jan 24\""], &[]),
    fails("53-unbalanced-quote", "products", "quote"),
    fails("54-utf16-unicode-text", "products", "UTF-16"),
    // Documented (docs/data-contracts.md §3.3): the column is decided as comma-decimal
    // from `1.250.000`, and `12.5` is rejected rather than the file being refused.
    rows("55-thousands-in-plain-number", "products", (2, 1, 1), &["line 3, unit_price_idr: \"12.5\": thousands separators '.' must split groups of three digits"], &[Eq("unit_price_idr", "1250000.0")]),
    rows("56-month-out-of-range", "sales", (3, 1, 2), &["line 2, month: \"13\" is not a month", "line 3, month: \"Smarch\" is not a month"], &[Eq("date", "2023-12-01")]),
    rows("57-dash-for-zero-in-number", "sales", (2, 1, 1), &["line 3, value_idr:"], &[]),
    // Issue 11: the rows after the quote were swallowed into one field with exit 0.
    fails("58-unclosed-quote-last-column", "products", "line 2: a quote opened on this line is never closed"),
    ok("59-row-like-lines-in-quoted-field", "products", 2, &[Chars("product_name", 117), Eq("product_id", "P13")]),
    rows("60-infinite-and-huge-numbers", "sales", (5, 1, 4),
        &["line 2, value_idr: \"inf\" is not a number", "line 3, value_idr: \"NaN\" is not a number", "line 4, value_idr: \"9999", "line 5, value_idr: \"2000000000000000000\" is larger than 10^18"],
        &[Eq("quantity", "1e+18")]),
    rows("61-name-over-100000-bytes", "products", (2, 1, 1), &["line 2, product_name: is 107999 characters long"], &[Eq("product_id", "P11")]),
];

/// The products every case's lake starts with.
const PRODUCTS: &str = "product_id,village_code,product_name,category\n\
                        P1,35.23.08.2008,Batik Gedog,batik\n\
                        P2,35.23.08.2006,Legen,food_beverage\n";

#[test]
fn every_bad_file_gets_a_clear_error_or_reconciled_counts() {
    let failures = run_cases(CASES.iter());
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_corpus_and_the_table_list_the_same_files() {
    let on_disk: BTreeSet<String> = std::fs::read_dir(fixture("bad"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let in_table: BTreeSet<String> = CASES.iter().map(|c| format!("{}.csv", c.file)).collect();
    assert_eq!(on_disk, in_table);
    assert!(in_table.len() >= 40);
}

/// Runs the cases on a few threads; returns one message per failed case.
fn run_cases<'a>(cases: impl Iterator<Item = &'a Case>) -> Vec<String> {
    let cases: Vec<&Case> = cases.collect();
    let tmp = tempfile::tempdir().unwrap();
    let base = tmp.path().join("base");
    std::fs::create_dir_all(&base).unwrap();
    std::fs::write(base.join("products.csv"), PRODUCTS).unwrap();
    ovop(&base)
        .args(["ingest", "products", "products.csv", "--lake", "lake"])
        .assert()
        .success();
    let next = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..3 {
            s.spawn(|| {
                while let Some(case) = cases.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let dir = tmp.path().join(case.file);
                    copy_dir(&base, &dir);
                    if let Err(e) = check(case, &dir) {
                        failures
                            .lock()
                            .unwrap()
                            .push(format!("{}.csv: {e}", case.file));
                    }
                }
            });
        }
    });
    let mut failures = failures.into_inner().unwrap();
    failures.sort();
    failures
}

/// Ingests one corpus file and checks the outcome. Failures that break SPEC §10
/// whatever the file (a panic, counts that do not reconcile) say CRASH or RECONCILE.
fn check(case: &Case, dir: &Path) -> Result<(), String> {
    let file = fixture("bad").join(format!("{}.csv", case.file));
    let lake = dir.join("lake");
    let manifest_before = std::fs::read(lake.join("_manifest.json")).unwrap();
    let files_before = lake_files(&lake);
    let rows_before = lake_rows(&lake, case.dataset);
    let out = ovop(dir)
        .args(["ingest", case.dataset])
        .arg(&file)
        .args(["--lake", "lake"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let code = out.status.code();
    if !matches!(code, Some(0 | 2)) || stderr.contains("panicked") {
        return Err(format!("CRASH: exit {code:?}\n{stderr}"));
    }
    let counts = counts(&stderr);
    if let Some((read, accepted, rejected)) = counts {
        if read != accepted + rejected {
            return Err(format!("RECONCILE: read ≠ accepted + rejected\n{stderr}"));
        }
        if lake_rows(&lake, case.dataset) != rows_before + accepted as usize {
            return Err(format!(
                "RECONCILE: the lake's {} rows did not grow by {accepted}",
                case.dataset
            ));
        }
    }
    let file_name = format!("{}.csv", case.file);
    match (&case.expect, code) {
        (FileError(message), Some(2)) => {
            if !stderr.contains(message) || !stderr.contains(&file_name) {
                return Err(format!(
                    "stderr lacks {message:?} or the file name:\n{stderr}"
                ));
            }
            if std::fs::read(lake.join("_manifest.json")).unwrap() != manifest_before
                || lake_files(&lake) != files_before
            {
                return Err("a failed ingest changed the lake".into());
            }
            Ok(())
        }
        (
            Ingested {
                read,
                accepted,
                rejected,
                quarantine,
                stored,
            },
            Some(0),
        ) => {
            if counts != Some((*read, *accepted, *rejected)) {
                return Err(format!(
                    "expected read {read}, accepted {accepted}, rejected {rejected}:\n{stderr}"
                ));
            }
            let (data, rejections) = new_batch(&lake, case.dataset, &manifest_before);
            let rows = rejections.iter().filter(|r| !r.ends_with("[kept]")).count();
            if rows as u64 != *rejected {
                return Err(format!(
                    "{} quarantine rows: {rejections:#?}",
                    rejections.len()
                ));
            }
            if let Some(missing) = quarantine
                .iter()
                .find(|want| !rejections.iter().any(|r| r.contains(*want)))
            {
                return Err(format!(
                    "no quarantine row has {missing:?}: {rejections:#?}"
                ));
            }
            for want in *stored {
                check_stored(&data, want)?;
            }
            Ok(())
        }
        _ => Err(format!("unexpected exit {code:?}:\n{stderr}")),
    }
}

/// `read N, accepted A, rejected R` from the report line.
fn counts(stderr: &str) -> Option<(u64, u64, u64)> {
    let rest = &stderr[stderr.find("; read ")?..];
    let line = rest.lines().next()?;
    let mut numbers = line
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap());
    Some((numbers.next()?, numbers.next()?, numbers.next()?))
}

/// Every file under the lake, except the lock.
fn lake_files(lake: &Path) -> BTreeSet<PathBuf> {
    let mut out = BTreeSet::new();
    let mut stack = vec![lake.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.file_name() != Some(".lock".as_ref()) {
                out.insert(path);
            }
        }
    }
    out
}

/// The data frames and the quarantine rows (`line L, column: reason`) of the batch
/// that the last ingest added.
fn new_batch(lake: &Path, dataset: &str, manifest_before: &[u8]) -> (Vec<DataFrame>, Vec<String>) {
    let before: ovop::lake::Manifest = serde_json::from_slice(manifest_before).unwrap();
    let manifest = ovop::lake::Lake::new(lake).manifest().unwrap();
    let batch = manifest
        .batches_of(dataset)
        .find(|b| before.batches.iter().all(|old| old.id != b.id))
        .expect("a new batch");
    let (quarantine, data): (Vec<&String>, Vec<&String>) = batch
        .files
        .iter()
        .partition(|f| f.starts_with("_quarantine/"));
    let rejections = quarantine
        .iter()
        .flat_map(|f| {
            let df = read_parquet(&lake.join(f));
            let lines = texts(&df, "line");
            let columns = strs(&df, "column");
            let reasons = strs(&df, "reason");
            let actions = strs(&df, "action");
            // A dropped value is quarantined too, its row kept: marked so.
            (0..df.height())
                .map(|i| match actions[i].as_str() {
                    "value_dropped" => {
                        format!("line {}, {}: {} [kept]", lines[i], columns[i], reasons[i])
                    }
                    _ => format!("line {}, {}: {}", lines[i], columns[i], reasons[i]),
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let data = data.iter().map(|f| read_parquet(&lake.join(f))).collect();
    (data, rejections)
}

/// A column's values as text; null as "null".
fn texts(df: &DataFrame, name: &str) -> Vec<String> {
    let column = df.column(name).unwrap().cast(&DataType::String).unwrap();
    column
        .str()
        .unwrap()
        .iter()
        .map(|v| v.unwrap_or("null").to_string())
        .collect()
}

fn check_stored(data: &[DataFrame], want: &Stored) -> Result<(), String> {
    let (name, found) = match want {
        Eq(name, value) => (
            name,
            data.iter()
                .any(|df| texts(df, name).iter().any(|v| v == value)),
        ),
        Chars(name, n) => (
            name,
            data.iter()
                .any(|df| texts(df, name).iter().any(|v| v.chars().count() == *n)),
        ),
    };
    if found {
        return Ok(());
    }
    let values: Vec<String> = data.iter().flat_map(|df| texts(df, name)).collect();
    Err(format!(
        "column {name} lacks {}: {values:?}",
        match want {
            Eq(_, v) => format!("{v:?}"),
            Chars(_, n) => format!("a {n}-character value"),
        }
    ))
}
