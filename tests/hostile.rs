//! Hostile and huge inputs (issue 11): files made the way an attacker or an unlucky user makes
//! them, written here at test time (bombs and sparse sheets are cheap to write and large to
//! read). Every case must end with exit 0 or 2, never touch a file ovop did not write, and stay
//! under 1 GiB of peak memory: each run reports its own peak RSS (VmHWM, with `OVOP_PEAK_RSS`
//! set), printed here, and the test fails above the limit. Timings are not asserted.
//!
//! | class | cases |
//! |---|---|
//! | user files | `--lake .` and `study.lake = "."` over a user's files, `generate --out` over a user's `products.csv`, `report`/`charts --out` over a user's `index.html`, a symlink in the output folder and in the lake, a link `generate` would write through, a listed output below a linked folder under `--replace`, a user's file in the lake's `_staging` |
//! | memory | one far-away XLSX cell (XFD1048576), a sparse sheet, ODS repeats in the millions, a 30 KB shared string in 50,000 cells, a zip bomb, an encrypted workbook, a 17 MB line, 100,000 columns, `scoring.ahp = "/dev/zero"`, 10⁹ draws, an OLE header claiming 2³² sectors |
//! | panics | a shared-string index out of range, a huge cell reference, 150 mutated workbooks, 150 mutated Parquet files, a nested and a binary Parquet column, a folder as input, a 40,000-character name, a 300-character study name, `--out` naming a file |
//! | silent loss | an unclosed quote in the last column, a row that comes back and a cell written twice in a sheet, a `--replace` killed mid-way, two studies in one lake, `Quality` and `quality`, an infinite value |
//! | reproducible | the lake under two time zones, a killed run's temporary files |

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::util::*;

/// Peak memory any hostile input may cost.
const MAX_RSS_KIB: i64 = 1 << 20;

/// An `ovop` run: exit code, stderr and peak RSS (KiB).
struct Ran {
    code: i32,
    stderr: String,
    rss_kib: i64,
}

/// Runs the binary in `dir` with `args` (and `env`); it reports its own peak RSS.
fn ovop_measured(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Ran {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_ovop"));
    cmd.current_dir(dir).args(args).env("OVOP_PEAK_RSS", "1");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    // "peak RSS: 12345 kB" (the last line); a run killed before it says nothing.
    let rss_kib = stderr
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("peak RSS: "))
        .and_then(|v| v.trim_end_matches(" kB").trim().parse().ok())
        .unwrap_or(i64::MAX);
    use std::os::unix::process::ExitStatusExt;
    let code = out
        .status
        .code()
        .unwrap_or_else(|| -out.status.signal().unwrap_or(0));
    Ran {
        code,
        stderr,
        rss_kib,
    }
}

/// Asserts a hostile run ended cleanly with `code`, said `says`, and stayed under the memory limit.
fn expect(case: &str, ran: &Ran, code: i32, says: &str) {
    eprintln!(
        "{case}: exit {}, peak RSS {} MiB",
        ran.code,
        ran.rss_kib / 1024
    );
    assert_eq!(ran.code, code, "{case}: exit {}:\n{}", ran.code, ran.stderr);
    assert!(
        !ran.stderr.contains("panicked"),
        "{case}: a panic:\n{}",
        ran.stderr
    );
    assert!(
        ran.stderr.contains(says),
        "{case}: stderr lacks {says:?}:\n{}",
        ran.stderr
    );
    assert!(
        ran.rss_kib < MAX_RSS_KIB,
        "{case}: peak RSS {} MiB",
        ran.rss_kib / 1024
    );
}

const PRODUCTS: &str = "product_id,village_code,product_name,category\nP1,35.23.08.2008,Batik Gedog,batik\nP2,35.23.08.2006,Legen,food_beverage\n";

fn write(dir: &Path, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&path, content).unwrap();
    path
}

/// A zip archive of (name, bytes) parts, deflated.
fn zip_of(path: &Path, parts: &[(&str, &[u8])]) {
    let file = std::fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    for (name, bytes) in parts {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
}

/// A minimal XLSX with the given sheet XML and shared strings, written part by part.
fn xlsx_of(path: &Path, sheet: &str, shared: &[&str]) {
    let sst: String = shared
        .iter()
        .map(|s| format!("<si><t>{s}</t></si>"))
        .collect();
    let parts: [(&str, String); 6] = [
        ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#.into()),
        ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.into()),
        ("xl/workbook.xml", r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#.into()),
        ("xl/_rels/workbook.xml.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#.into()),
        ("xl/sharedStrings.xml", format!(r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{n}" uniqueCount="{n}">{sst}</sst>"#, n = shared.len())),
        ("xl/worksheets/sheet1.xml", format!(r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{sheet}</sheetData></worksheet>"#)),
    ];
    let parts: Vec<(&str, &[u8])> = parts.iter().map(|(n, b)| (*n, b.as_bytes())).collect();
    zip_of(path, &parts);
}

/// An inline-string cell.
fn cell(at: &str, text: &str) -> String {
    format!(r#"<c r="{at}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

/// The products header and one row, as sheet XML rows 1 and 2.
fn product_rows() -> String {
    let header = ["product_id", "village_code", "product_name", "category"];
    let row = ["P1", "35.23.08.2008", "Batik", "batik"];
    let cols = ["A", "B", "C", "D"];
    let r1: String = cols
        .iter()
        .zip(header)
        .map(|(c, h)| cell(&format!("{c}1"), h))
        .collect();
    let r2: String = cols
        .iter()
        .zip(row)
        .map(|(c, v)| cell(&format!("{c}2"), v))
        .collect();
    format!(r#"<row r="1">{r1}</row><row r="2">{r2}</row>"#)
}

fn validate(dir: &Path, dataset: &str, file: &Path) -> Ran {
    ovop_measured(dir, &["validate", dataset, file.to_str().unwrap()], &[])
}

#[test]
fn huge_and_sparse_workbooks_cost_what_they_hold() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    // One far-away cell: a dense reader would allocate 2^34 cells.
    let far = dir.join("far.xlsx");
    xlsx_of(
        &far,
        &(product_rows() + &format!(r#"<row r="1048576">{}</row>"#, cell("XFD1048576", "x"))),
        &[],
    );
    let ran = validate(dir, "products", &far);
    expect(
        "far-away cell",
        &ran,
        2,
        "row has 16384 fields but the header has 4",
    );
    // A sparse sheet: 2,000 cells scattered over a million rows and 16,000 columns.
    let mut sparse = product_rows();
    for k in 0..2000u64 {
        let (row, col) = (3 + k * 500, 1 + (k * 7919) % 16000);
        let mut name = String::new();
        let mut c = col;
        while c > 0 {
            name.insert(0, (b'A' + ((c - 1) % 26) as u8) as char);
            c = (c - 1) / 26;
        }
        sparse.push_str(&format!(
            r#"<row r="{row}">{}</row>"#,
            cell(&format!("{name}{row}"), "x")
        ));
    }
    let file = dir.join("sparse.xlsx");
    xlsx_of(&file, &sparse, &[]);
    let ran = validate(dir, "products", &file);
    expect("sparse sheet", &ran, 2, "would be rejected");
    // A 30 KB shared string in 50,000 cells: 1.5 GB if every cell held a copy at once.
    let long = "x".repeat(30_000);
    let mut rows = product_rows();
    for r in 3..50_003 {
        rows.push_str(&format!(
            r#"<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>"#
        ));
    }
    let file = dir.join("shared.xlsx");
    xlsx_of(&file, &rows, &[&long]);
    let ran = validate(dir, "products", &file);
    expect(
        "shared string in 50,000 cells",
        &ran,
        2,
        "would be rejected",
    );
}

#[test]
fn bombs_encryption_and_repeats_are_refused_before_they_expand() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    // Shared strings that unpack to 300 MB (a zip bomb: a few hundred KB on disk).
    let bomb = dir.join("bomb.xlsx");
    xlsx_of(&bomb, &product_rows(), &[]);
    // Rewrite with the huge shared strings part.
    {
        let sst = format!(
            r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>{}</t></si></sst>"#,
            "a".repeat(300 << 20)
        );
        let file = std::fs::File::open(&bomb).unwrap();
        let mut zip = zip::ZipArchive::new(file).unwrap();
        let mut parts = Vec::new();
        for i in 0..zip.len() {
            let mut f = zip.by_index(i).unwrap();
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut f, &mut bytes).unwrap();
            parts.push((f.name().to_string(), bytes));
        }
        let parts: Vec<(&str, &[u8])> = parts
            .iter()
            .map(|(n, b)| {
                (
                    n.as_str(),
                    if n == "xl/sharedStrings.xml" {
                        sst.as_bytes()
                    } else {
                        b.as_slice()
                    },
                )
            })
            .collect();
        zip_of(&bomb, &parts);
    }
    assert!(
        std::fs::metadata(&bomb).unwrap().len() < 2 << 20,
        "the bomb is small on disk"
    );
    expect(
        "zip bomb",
        &validate(dir, "products", &bomb),
        2,
        "unpacks to more than 256 MB",
    );
    // An encrypted workbook: an OLE container where a zip is expected.
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend(std::iter::repeat_n(0u8, 4096));
    let locked = write(dir, "locked.xlsx", &ole);
    expect(
        "encrypted workbook",
        &validate(dir, "products", &locked),
        2,
        "password-protected",
    );
    // An .xls whose OLE header claims 2^32 FAT sectors.
    let mut xls = ole.clone();
    xls[30] = 9; // sector shift: 512
    xls[44..48].copy_from_slice(&u32::MAX.to_le_bytes());
    let xls = write(dir, "claims.xls", &xls);
    expect(
        "OLE header claiming 2^32 sectors",
        &validate(dir, "products", &xls),
        2,
        "the .xls workbook is damaged",
    );
    // ODS rows and columns repeated into 10^10 cells.
    let content = r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="A"><table:table-row><table:table-cell office:value-type="string"><text:p>product_id</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="10000000"><table:table-cell office:value-type="string" table:number-columns-repeated="1000"><text:p>x</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
    let ods = dir.join("repeats.ods");
    zip_of(
        &ods,
        &[
            (
                "mimetype",
                b"application/vnd.oasis.opendocument.spreadsheet",
            ),
            ("content.xml", content.as_bytes()),
        ],
    );
    expect(
        "ODS repeats",
        &validate(dir, "products", &ods),
        2,
        "expand to about",
    );
    // A CSV line of 17 MB (no line break).
    let mut line = String::from("product_id,village_code,product_name,category\nP1,35.23.08.2008,");
    line.push_str(&"x".repeat(17 << 20));
    let file = write(dir, "line.csv", line);
    expect(
        "17 MB line",
        &validate(dir, "products", &file),
        2,
        "longer than 16 MB",
    );
}

#[test]
fn wide_files_devices_and_huge_study_values_are_bounded() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    // 100,000 columns, 300 rows.
    let mut text = String::from("product_id,village_code,product_name,category");
    for j in 0..100_000 {
        text.push_str(&format!(",x{j}"));
    }
    text.push('\n');
    let row = format!("P1,35.23.08.2008,Batik,batik{}\n", ",1".repeat(100_000));
    for i in 0..300 {
        text.push_str(&row.replacen("P1", &format!("P{i}"), 1));
    }
    let wide = write(dir, "wide.csv", text);
    let ran = validate(dir, "products", &wide);
    expect(
        "100,000 columns",
        &ran,
        0,
        "read 300, accepted 300, rejected 0",
    );
    // A device and a folder as inputs.
    expect(
        "/dev/zero as input",
        &validate(dir, "products", Path::new("/dev/zero")),
        2,
        "not a regular file",
    );
    expect(
        "a folder as input",
        &validate(dir, "products", dir),
        2,
        "is a folder",
    );
    write(dir, "study/products.csv", PRODUCTS);
    let study = |extra: &str| {
        write(
            dir,
            "study/study.toml",
            format!("[study]\nname = \"x\"\n[inputs]\nproducts = [\"products.csv\"]\n{extra}"),
        );
    };
    study("[scoring]\nahp = \"/dev/zero\"\n");
    let ran = ovop_measured(dir, &["run", "study/study.toml", "--out", "out1"], &[]);
    expect("scoring.ahp = /dev/zero", &ran, 2, "not a regular file");
    study("[sensitivity]\ndraws = 1000000000\n");
    let ran = ovop_measured(dir, &["run", "study/study.toml", "--out", "out2"], &[]);
    expect("10^9 draws", &ran, 2, "at most 100000");
    let long = "a".repeat(300);
    write(
        dir,
        "study/long.toml",
        format!("[study]\nname = \"{long}\"\n"),
    );
    let ran = ovop_measured(dir, &["run", "study/long.toml"], &[]);
    expect("a 300-character study name", &ran, 2, "keep it to 100");
    study("");
    write(dir, "a-file", "mine");
    for command in ["run", "score", "charts", "report"] {
        let ran = ovop_measured(dir, &[command, "study/study.toml", "--out", "a-file"], &[]);
        expect(
            &format!("{command} --out naming a file"),
            &ran,
            2,
            "is a file",
        );
    }
    assert_eq!(std::fs::read_to_string(dir.join("a-file")).unwrap(), "mine");
}

#[test]
fn malformed_workbooks_are_bad_input_not_panics() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let file = dir.join("index.xlsx");
    xlsx_of(
        &file,
        &(product_rows() + r#"<row r="3"><c r="A3" t="s"><v>999999</v></c></row>"#),
        &["only"],
    );
    let ran = validate(dir, "products", &file);
    assert!(
        matches!(ran.code, 0 | 2),
        "shared-string index out of range: exit {}\n{}",
        ran.code,
        ran.stderr
    );
    assert!(!ran.stderr.contains("panicked"), "{}", ran.stderr);
    let file = dir.join("reference.xlsx");
    xlsx_of(
        &file,
        &(product_rows() + r#"<row r="3"><c r="ZZZZZZZZZZ99999999999999"><v>1</v></c></row>"#),
        &[],
    );
    let ran = validate(dir, "products", &file);
    assert!(
        matches!(ran.code, 0 | 2),
        "huge cell reference: exit {}\n{}",
        ran.code,
        ran.stderr
    );
    assert!(!ran.stderr.contains("panicked"), "{}", ran.stderr);
    // Found by fuzzing: a row that comes back would split one record in two,
    // and a cell written twice would lose its first value without a word.
    let back = product_rows() + &format!(r#"<row r="1">{}</row>"#, cell("E1", "extra"));
    let twice = product_rows().replace(
        "</row><row r=\"2\">",
        &format!("</row><row r=\"2\">{}", cell("C2", "Tenun")),
    );
    for (name, sheet, says) in [
        ("back.xlsx", back, "cell E1 is written after cell D2"),
        ("twice.xlsx", twice, "cell A2 is written after cell C2"),
    ] {
        let file = dir.join(name);
        xlsx_of(&file, &sheet, &[]);
        let ran = validate(dir, "products", &file);
        expect(name, &ran, 2, says);
    }
}

/// A seeded byte mutation: flip, truncate, insert or overwrite a run.
fn mutate(bytes: &[u8], seed: u64) -> Vec<u8> {
    let mut state = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut out = bytes.to_vec();
    for _ in 0..1 + next() % 8 {
        let at = (next() as usize) % out.len().max(1);
        match next() % 4 {
            0 => out[at] ^= 1 << (next() % 8),
            1 => out.truncate(at.max(1)),
            2 => out.insert(at, next() as u8),
            _ => {
                let len = (next() % 64) as usize;
                for i in at..(at + len).min(out.len()) {
                    out[i] = next() as u8;
                }
            }
        }
    }
    out
}

/// Mutated workbooks and Parquet files, checked in-process (fast): every one either reads or
/// fails with a bad-input error (exit 2), and none panics out of the reader.
#[test]
fn mutated_workbooks_and_parquet_files_are_bad_input_not_panics() {
    ovop::ingest::read::install_panic_hook();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let xlsx = dir.join("good.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (j, h) in [
        "product_id",
        "village_code",
        "product_name",
        "category",
        "workers",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(0, j as u16, *h).unwrap();
    }
    for i in 1..40u32 {
        sheet.write_string(i, 0, format!("P{i}")).unwrap();
        sheet.write_number(i, 1, 3523082008.0).unwrap();
        sheet.write_string(i, 2, "Batik Gedog").unwrap();
        sheet.write_string(i, 3, "batik").unwrap();
        sheet.write_number(i, 4, f64::from(i)).unwrap();
    }
    book.save(&xlsx).unwrap();
    let parquet = dir.join("good.parquet");
    let mut df = polars::prelude::df!(
        "product_id" => (0..200).map(|i| format!("P{i}")).collect::<Vec<_>>(),
        "village_code" => vec!["35.23.08.2008"; 200],
        "product_name" => vec!["Legen"; 200],
        "category" => vec!["food_beverage"; 200],
        "workers" => (0..200).map(f64::from).collect::<Vec<_>>(),
    )
    .unwrap();
    polars::prelude::ParquetWriter::new(std::fs::File::create(&parquet).unwrap())
        .finish(&mut df)
        .unwrap();
    let opts = ovop::ingest::IngestOptions::default();
    let mut outcomes = std::collections::BTreeMap::new();
    for (good, ext) in [(&xlsx, "xlsx"), (&parquet, "parquet")] {
        let bytes = std::fs::read(good).unwrap();
        for seed in 0..150 {
            let file = dir.join(format!("m{seed}.{ext}"));
            std::fs::write(&file, mutate(&bytes, seed)).unwrap();
            let result = std::panic::catch_unwind(|| {
                ovop::ingest::validate(
                    None,
                    ovop::domain::Dataset::Products,
                    std::slice::from_ref(&file),
                    &opts,
                )
            });
            let outcome = match result {
                Err(_) => panic!("{ext} mutant {seed} panicked"),
                Ok(Ok(_)) => "read",
                Ok(Err(e)) => {
                    assert_eq!(ovop::error::exit_code(&e), 2, "{ext} mutant {seed}: {e:#}");
                    "bad input"
                }
            };
            *outcomes.entry((ext, outcome)).or_insert(0) += 1;
        }
    }
    eprintln!("mutants: {outcomes:?}");
}

#[test]
fn parquet_files_with_nested_binary_or_damaged_columns_are_bad_input() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    use polars::prelude::*;
    let write_parquet = |name: &str, mut df: DataFrame| {
        let path = dir.join(name);
        ParquetWriter::new(std::fs::File::create(&path).unwrap())
            .finish(&mut df)
            .unwrap();
        path
    };
    let list = Series::new("product_id".into(), [Series::new("".into(), ["P1", "P2"])]);
    let nested = write_parquet(
        "nested.parquet",
        DataFrame::new(1, vec![list.into()]).unwrap(),
    );
    expect(
        "a list column",
        &validate(dir, "products", &nested),
        2,
        "holds list",
    );
    let binary = Series::new("product_id".into(), ["P1"])
        .cast(&DataType::Binary)
        .unwrap();
    let binary = write_parquet(
        "binary.parquet",
        DataFrame::new(1, vec![binary.into()]).unwrap(),
    );
    expect(
        "a binary column",
        &validate(dir, "products", &binary),
        2,
        "holds binary",
    );
    // A damaged page: the file cut inside its data.
    let good = write_parquet(
        "good.parquet",
        df!("product_id" => (0..5000).map(|i| format!("P{i}")).collect::<Vec<_>>()).unwrap(),
    );
    let bytes = std::fs::read(&good).unwrap();
    let mut cut = bytes.clone();
    for b in cut.iter_mut().skip(64).take(bytes.len() / 3) {
        *b = 0xFF;
    }
    let damaged = write(dir, "damaged.parquet", cut);
    let ran = validate(dir, "products", &damaged);
    assert_eq!(ran.code, 2, "{}", ran.stderr);
    assert!(ran.stderr.contains("damaged.parquet"), "{}", ran.stderr);
}

#[test]
fn ovop_never_touches_files_it_did_not_write() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    // `--lake .` in a folder of the user's files (one in a folder ovop would clean).
    write(dir, "products.csv", PRODUCTS);
    write(dir, "sales/my-notes.parquet", "mine");
    let ran = ovop_measured(
        dir,
        &["ingest", "products", "products.csv", "--lake", "."],
        &[],
    );
    expect("--lake .", &ran, 2, "is not an ovop lake");
    assert_eq!(
        std::fs::read(dir.join("sales/my-notes.parquet")).unwrap(),
        b"mine"
    );
    write(
        dir,
        "study.toml",
        "[study]\nname = \"x\"\nlake = \".\"\n[inputs]\nproducts = [\"products.csv\"]\n",
    );
    let ran = ovop_measured(dir, &["run", "study.toml", "--out", "out"], &[]);
    expect("study.lake = \".\"", &ran, 2, "is not an ovop lake");
    assert_eq!(
        std::fs::read(dir.join("sales/my-notes.parquet")).unwrap(),
        b"mine"
    );
    // `generate --out` over a user's products.csv.
    let ran = ovop_measured(
        dir,
        &[
            "generate",
            "--villages",
            "3",
            "--sales-rows",
            "10",
            "--out",
            ".",
        ],
        &[],
    );
    expect("generate over a user's folder", &ran, 2, "did not write");
    assert_eq!(
        std::fs::read_to_string(dir.join("products.csv")).unwrap(),
        PRODUCTS
    );
    // `report` / `charts --out` over a user's index.html.
    write(dir, "site/index.html", "<p>mine</p>");
    write(
        dir,
        "s2/study.toml",
        "[study]\nname = \"s2\"\n[inputs]\nproducts = [\"../products.csv\"]\n",
    );
    for command in ["report", "charts"] {
        let ran = ovop_measured(dir, &[command, "s2/study.toml", "--out", "site"], &[]);
        expect(
            &format!("{command} over a user's folder"),
            &ran,
            2,
            "was not written by ovop",
        );
    }
    assert_eq!(
        std::fs::read_to_string(dir.join("site/index.html")).unwrap(),
        "<p>mine</p>"
    );
    // A symlink in the output folder, and in the lake, pointing at the user's folder.
    let ran = ovop_measured(dir, &["run", "s2/study.toml", "--out", "out2"], &[]);
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    std::fs::remove_dir_all(dir.join("out2/charts")).unwrap();
    std::os::unix::fs::symlink(dir.join("site"), dir.join("out2/charts")).unwrap();
    let ran = ovop_measured(dir, &["run", "s2/study.toml", "--out", "out2"], &[]);
    expect("a link in the output folder", &ran, 2, "is a symbolic link");
    assert_eq!(
        std::fs::read_dir(dir.join("site")).unwrap().count(),
        1,
        "nothing written through the link"
    );
    std::fs::remove_file(dir.join("out2/charts")).unwrap();
    std::fs::remove_dir_all(dir.join("out2/lake/products")).unwrap();
    std::os::unix::fs::symlink(dir.join("site"), dir.join("out2/lake/products")).unwrap();
    let ran = ovop_measured(dir, &["run", "s2/study.toml", "--out", "out2"], &[]);
    expect("a link in the lake", &ran, 2, "is a symbolic link");
    assert_eq!(
        std::fs::read_to_string(dir.join("site/index.html")).unwrap(),
        "<p>mine</p>"
    );
}

/// Regression (review of issue 11): links and a user's files inside folders ovop owns. A link
/// `generate` would write through, a listed output under a linked folder that `--replace`
/// would remove, and a user's file in the lake's `_staging` all stay untouched.
#[test]
fn links_and_user_files_inside_ovop_folders_are_left_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let precious = write(dir, "precious.csv", "mine\n");
    let generate = [
        "generate",
        "--villages",
        "3",
        "--sales-rows",
        "10",
        "--out",
        "gen",
    ];
    assert_eq!(ovop_measured(dir, &generate, &[]).code, 0);
    std::fs::remove_file(dir.join("gen/products.csv")).unwrap();
    std::os::unix::fs::symlink(&precious, dir.join("gen/products.csv")).unwrap();
    expect(
        "generate through a link",
        &ovop_measured(dir, &generate, &[]),
        2,
        "is a symbolic link",
    );
    assert_eq!(std::fs::read_to_string(&precious).unwrap(), "mine\n");

    write(dir, "products.csv", PRODUCTS);
    for study in ["a", "b"] {
        write(
            dir,
            &format!("{study}.toml"),
            format!("[study]\nname = \"{study}\"\n[inputs]\nproducts = [\"products.csv\"]\n"),
        );
    }
    let ran = ovop_measured(dir, &["run", "a.toml", "--out", "out"], &[]);
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    // A user's folder linked into the output, and named in the manifest as if ovop wrote it.
    write(dir, "mine/keep.txt", "mine");
    std::os::unix::fs::symlink(dir.join("mine"), dir.join("out/mine")).unwrap();
    let manifest = std::fs::read_to_string(dir.join("out/manifest.json")).unwrap();
    let manifest = manifest.replacen(
        "\"outputs\": [",
        "\"outputs\": [{\"path\": \"mine/keep.txt\"},",
        1,
    );
    std::fs::write(dir.join("out/manifest.json"), manifest).unwrap();
    write(dir, "out/lake/_staging/notes.txt", "mine");
    let ran = ovop_measured(dir, &["run", "b.toml", "--out", "out", "--replace"], &[]);
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.join("mine/keep.txt")).unwrap(),
        "mine"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("out/lake/_staging/notes.txt")).unwrap(),
        "mine"
    );
}

/// Regression (issue 11): an unclosed quote in the last column swallowed the rows after it
/// into one field, and the ingest said "accepted 2".
#[test]
fn an_unclosed_quote_in_the_last_column_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let mut text = String::from(
        "product_id,village_code,product_name,category\nP0,35.23.08.2008,Batik,\"batik\n",
    );
    for i in 1..999 {
        text.push_str(&format!("P{i},35.23.08.2008,Batik,batik\n"));
    }
    let file = write(tmp.path(), "quote.csv", text);
    let ran = validate(tmp.path(), "products", &file);
    expect(
        "unclosed quote in the last column",
        &ran,
        2,
        "line 2: a quote opened on this line is never closed",
    );
}

#[cfg(feature = "fault-injection")]
/// Regression (issue 11): `--replace` wrote the new batch's files over the old ones before the
/// manifest named them, so a kill in between left 500 rows behind a manifest that said 300.
#[test]
fn a_killed_replace_leaves_the_previous_batch_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let rows = |n: usize| {
        let mut t = String::from("product_id,village_code,product_name,category\n");
        for i in 0..n {
            t.push_str(&format!("P{i},35.23.08.2008,Batik,batik\n"));
        }
        t
    };
    write(dir, "p.csv", rows(300));
    ingest_into_lake(dir, "products", "p.csv")
        .assert()
        .success();
    let lake = dir.join("lake");
    let before = std::fs::read(lake.join("_manifest.json")).unwrap();
    let ran = ovop_measured(
        dir,
        &["ingest", "products", "p.csv", "--lake", "lake", "--replace"],
        &[("OVOP_FAULT", "publish")],
    );
    assert_ne!(ran.code, 0, "the fault must kill it");
    assert_eq!(std::fs::read(lake.join("_manifest.json")).unwrap(), before);
    assert_eq!(
        lake_rows(&lake, "products"),
        300,
        "the listed files still hold the old batch"
    );
    ingest_into_lake(dir, "products", "p.csv")
        .arg("--replace")
        .assert()
        .success();
    assert_eq!(lake_rows(&lake, "products"), 300);
}

/// Regression (issue 11): two studies sharing a lake built their reports from each other's
/// marts. Each now keeps its marts in `marts/<study>/`, and a report checks whose they are.
#[test]
fn two_studies_in_one_lake_keep_their_own_marts() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    write(
        dir,
        "a/products.csv",
        "product_id,village_code,product_name,category\nA1,35.23.08.2008,Batik Gedog,batik\n",
    );
    write(dir, "b/products.csv", "product_id,village_code,product_name,category\nB1,35.23.08.2006,Legen Gaji,food_beverage\n");
    for s in ["a", "b"] {
        write(dir, &format!("{s}/study.toml"), format!("[study]\nname = \"{s}\"\nlake = \"../shared\"\n[inputs]\nproducts = [\"products.csv\"]\n[sensitivity]\ndraws = 0\n"));
    }
    for s in ["a", "b"] {
        let ran = ovop_measured(
            dir,
            &[
                "run",
                &format!("{s}/study.toml"),
                "--out",
                &format!("out-{s}"),
            ],
            &[],
        );
        assert_eq!(ran.code, 0, "{}", ran.stderr);
    }
    let ran = ovop_measured(dir, &["report", "a/study.toml", "--out", "out-a"], &[]);
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    let html = std::fs::read_to_string(dir.join("out-a/index.html")).unwrap();
    assert!(
        html.contains("Batik Gedog") && !html.contains("Legen Gaji"),
        "study a's report shows b's products"
    );
    assert!(dir.join("shared/marts/a/product_scores.parquet").exists());
    assert!(dir.join("shared/marts/b/product_scores.parquet").exists());
}

/// Regression (issue 11): `Quality` and `quality` made two columns of one name, and the second
/// overwrote the first (one assessor's scores lost). They are one criterion: mean (4 + 2)/2.
#[test]
fn criterion_names_differing_in_case_are_one_criterion() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    write(dir, "s/products.csv", PRODUCTS);
    write(
        dir,
        "s/assessments.csv",
        "product_id,assessor,criterion,score\nP1,A,Quality,4\nP1,B,quality,2\n",
    );
    write(dir, "s/study.toml", "[study]\nname = \"s\"\n[inputs]\nproducts = [\"products.csv\"]\nassessments = [\"assessments.csv\"]\n[scoring]\ncriteria = { expert_quality = 1 }\n[sensitivity]\ndraws = 0\n");
    let ran = ovop_measured(dir, &["run", "s/study.toml", "--out", "out"], &[]);
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    let scores = read_parquet(&dir.join("out/lake/marts/product_scores.parquet"));
    let quality: Vec<Option<f64>> = f64s(&scores, "expert_quality");
    let ids = strs(&scores, "product_id");
    let p1 = ids.iter().position(|i| i == "P1").unwrap();
    assert_eq!(quality[p1], Some(3.0));
}

/// Regression (issue 11): a 400-digit number read as infinity and reached the report and the
/// tables as NaN. It is refused with a reason; nothing non-finite is shown.
#[test]
fn infinite_values_never_reach_the_report() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    write(dir, "s/products.csv", PRODUCTS);
    let huge = format!("1{}", "0".repeat(400));
    write(dir, "s/sales.csv", format!("product_id,date,buyer_region,value_idr\nP1,2024-01-02,35,{huge}\nP1,2024-01-03,35,1000\nP2,2024-01-03,35,2000\nP2,2024-01-04,35,2000\nP1,2024-01-05,35,1000\nP2,2024-02-05,JP,1000\nP1,2024-03-05,35,1000\nP2,2024-04-05,35,1000\nP1,2024-05-05,35,1000\nP2,2024-06-05,35,1000\nP1,2024-07-05,35,1000\nP2,2024-08-05,35,1000\nP1,2024-09-05,35,1000\nP2,2024-10-05,35,1000\nP1,2024-11-05,35,1000\nP2,2024-11-06,35,1000\nP1,2024-11-07,35,1000\nP2,2024-11-08,35,1000\nP1,2024-11-09,35,1000\nP2,2024-11-10,35,1000\nP1,2024-11-11,35,1000\n"));
    write(
        dir,
        "s/study.toml",
        "[study]\nname = \"s\"\n[inputs]\nproducts = [\"products.csv\"]\nsales = [\"sales.csv\"]\n",
    );
    let ran = ovop_measured(dir, &["run", "s/study.toml", "--out", "out"], &[]);
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    assert!(ran.stderr.contains("larger than 10^18"), "{}", ran.stderr);
    for file in [
        "index.html",
        "summary.md",
        "tables/market_reach.csv",
        "tables/product_scores.csv",
    ] {
        let text = std::fs::read_to_string(dir.join("out").join(file)).unwrap();
        assert!(
            !text.contains("NaN") && !text.contains("inf,") && !text.contains(",inf"),
            "{file}"
        );
    }
}

/// Regression (issue 11): "in the future" followed the machine's time zone, so the same file
/// gave different lakes in Jakarta and in Honolulu. The lake is the same in every time zone.
#[test]
fn the_lake_is_the_same_in_every_time_zone() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    write(dir, "p.csv", PRODUCTS);
    let today = chrono::Utc::now().date_naive();
    let dates = [
        today - chrono::Days::new(1),
        today,
        today + chrono::Days::new(1),
        today + chrono::Days::new(2),
    ];
    let mut sales = String::from("product_id,date,buyer_region,value_idr\n");
    for d in dates {
        sales.push_str(&format!("P1,{d},35,1000\n"));
    }
    write(dir, "s.csv", sales);
    let mut lakes = Vec::new();
    for tz in ["Pacific/Kiritimati", "Etc/GMT+12", "Asia/Jakarta"] {
        let lake = format!("lake-{}", tz.replace('/', "-"));
        for (dataset, file) in [("products", "p.csv"), ("sales", "s.csv")] {
            let ran = ovop_measured(
                dir,
                &["ingest", dataset, file, "--lake", &lake],
                &[("TZ", tz)],
            );
            assert_eq!(ran.code, 0, "{tz}: {}", ran.stderr);
            if dataset == "sales" {
                assert!(
                    ran.stderr.contains("read 4, accepted 3, rejected 1"),
                    "{tz}: {}",
                    ran.stderr
                );
            }
        }
        lakes.push(lake_rows(&dir.join(&lake), "sales"));
    }
    assert!(lakes.iter().all(|n| *n == 3), "{lakes:?}");
}

#[cfg(feature = "fault-injection")]
/// Regression (issue 11): a killed run left `.tmp*` marts that stayed in the output folder.
/// The next run removes them (under the lake's lock).
#[test]
fn a_killed_runs_temporary_files_are_gone_after_the_next_run() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture("small"), &tmp.path().join("study"));
    let out = tmp.path().join("out");
    run_small(tmp.path(), &out);
    // Kill (not Ctrl-C: no handler runs) while the marts are temporary files.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_ovop"))
        .current_dir(tmp.path())
        .env("OVOP_FAULT", "pause:marts")
        .args(["run", "study/study.toml", "--out"])
        .arg(&out)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    while std::io::BufRead::read_line(&mut stderr, &mut line).unwrap() > 0
        && !line.contains("paused")
    {
        line.clear();
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let leftovers = |dir: &Path| -> usize {
        std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with(".tmp"))
            .count()
    };
    assert!(
        leftovers(&out.join("lake/marts")) > 0,
        "the kill left temporary marts"
    );
    run_small(tmp.path(), &out);
    assert_eq!(leftovers(&out.join("lake/marts")), 0);
    assert_eq!(leftovers(&out), 0);
}

/// Regression (issue 11): a product name over Excel's 32,767-character cell limit made the
/// tables fail (exit 1). The XLSX cell is cut with "…"; the CSV and the marts keep it whole.
#[test]
fn a_name_longer_than_an_excel_cell_is_cut_in_the_workbook_only() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let name = "Batik ".repeat(7_000);
    write(
        dir,
        "s/products.csv",
        format!("product_id,village_code,product_name,category\nP1,35.23.08.2008,{name},batik\n"),
    );
    write(dir, "s/study.toml", "[study]\nname = \"s\"\n[inputs]\nproducts = [\"products.csv\"]\n[sensitivity]\ndraws = 0\n");
    let ran = ovop_measured(dir, &["run", "s/study.toml", "--out", "out"], &[]);
    expect("a 42,000-character name", &ran, 0, "report");
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let mut book: Xlsx<_> = open_workbook(dir.join("out/tables/product_scores.xlsx")).unwrap();
    let range = book.worksheet_range("product_scores").unwrap();
    let cell = range.rows().nth(1).unwrap()[1].clone();
    assert!(matches!(&cell, Data::String(s) if s.chars().count() == 32_767 && s.ends_with('…')));
    let csv = std::fs::read_to_string(dir.join("out/tables/product_scores.csv")).unwrap();
    assert!(csv.contains(name.trim_end()));
}

/// A shared string of 2 MB (no spreadsheet cell holds more than 32,767 characters) in 100
/// cells: refused before any row copies it.
#[test]
fn a_shared_string_longer_than_any_cell_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let mut rows = product_rows();
    for r in 3..103 {
        rows.push_str(&format!(
            r#"<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>"#
        ));
    }
    let file = dir.join("long.xlsx");
    xlsx_of(&file, &rows, &[&"y".repeat(2 << 20)]);
    let ran = validate(dir, "products", &file);
    expect(
        "a 2 MB shared string",
        &ran,
        2,
        "a cell holds 2.1 MB of text",
    );
}

/// The marts do not depend on how many threads polars and the ingest workers use.
#[test]
fn the_marts_are_the_same_with_one_thread_or_many() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture("small"), &tmp.path().join("study"));
    let mut marts = Vec::new();
    for threads in ["1", "4"] {
        let out = format!("out-{threads}");
        let ran = ovop_measured(
            tmp.path(),
            &["run", "study/study.toml", "--out", &out],
            &[("POLARS_MAX_THREADS", threads)],
        );
        assert_eq!(ran.code, 0, "{}", ran.stderr);
        let names = [
            "market_reach",
            "market_reach_by_year",
            "product_scores",
            "village_selection",
            "sensitivity",
        ];
        marts.push(
            names
                .map(|m| {
                    std::fs::read(
                        tmp.path()
                            .join(&out)
                            .join(format!("lake/marts/{m}.parquet")),
                    )
                    .unwrap()
                })
                .to_vec(),
        );
    }
    assert!(
        marts[0] == marts[1],
        "the marts differ between 1 and 4 threads"
    );
}
