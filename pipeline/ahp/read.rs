//! Pairwise-comparison matrices as planners write them: one square matrix
//! per file (CSV or a workbook sheet), or one long table of every expert's
//! judgements (`expert,row,col,value`).

use std::path::Path;

use anyhow::Result;

use super::{fraction, RANDOM_INDEX};
use crate::bad_input;

/// Reads a square matrix: a header of criterion names, then one row per
/// criterion starting with its name; cells are numbers or fractions (`1/3`).
/// An empty cell below the diagonal is the reciprocal of its mirror. The file
/// is read like any input (`ingest::read`): CSV with `,` `;` tab or `|`,
/// title rows above the header, or an XLSX/ODS workbook (`file.xlsx#Sheet`
/// names a sheet).
pub fn read_matrix(path: &Path) -> Result<(Vec<String>, Vec<Vec<f64>>)> {
    let (file, sheet) = crate::ingest::read::split_sheet(path);
    let mut source = crate::ingest::read::Source::open(&file, sheet.as_deref())?;
    let label = source.label(&file);
    let unit = source.unit();
    let header: Vec<String> = source
        .headers()
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let mut body: Vec<(u64, Vec<String>)> = Vec::new();
    while let Some(record) = source.next_record(&file)? {
        body.push((
            record.line,
            record.fields.iter().map(|f| f.trim().to_string()).collect(),
        ));
    }
    let path = Path::new(&label);
    let names: Vec<String> = header
        .iter()
        .skip(1)
        .filter(|h| !h.is_empty())
        .cloned()
        .collect();
    if let Some(d) = names
        .iter()
        .enumerate()
        .find(|(i, n)| names[..*i].contains(n))
        .map(|(_, n)| n)
    {
        return Err(bad_input!(
            "{}: the header names {d:?} twice; each criterion has one row and one column",
            path.display()
        ));
    }
    let n = names.len();
    let body: Vec<(u64, Vec<String>)> = body
        .into_iter()
        .filter(|(_, row)| row.iter().any(|c| !c.is_empty()))
        .collect();
    if n < 2 || body.len() != n {
        return Err(bad_input!(
            "{}: a pairwise matrix needs n ≥ 2 criteria and n rows; the header names {n} and there are {} rows",
            path.display(),
            body.len()
        ));
    }
    if n > RANDOM_INDEX.len() {
        return Err(bad_input!(
            "{}: {n} criteria; Saaty's random index is tabulated up to 15",
            path.display()
        ));
    }
    let mut a = vec![vec![f64::NAN; n]; n];
    for (i, (line, row)) in body.iter().enumerate() {
        if row.first().map(String::as_str) != Some(names[i].as_str()) {
            return Err(bad_input!(
                "{}, {unit} {line}: the row should start with {:?} (rows follow the header's order)",
                path.display(),
                names[i]
            ));
        }
        for j in 0..n {
            let cell = row.get(j + 1).map(String::as_str).unwrap_or("");
            if cell.is_empty() {
                continue;
            }
            a[i][j] = parse_cell(cell).ok_or_else(|| {
                bad_input!("{}, {unit} {line}, column {:?}: {cell:?} is not a positive number or fraction like 1/3", path.display(), names[j])
            })?;
            if a[i][j] > 1000.0 {
                return Err(bad_input!(
                    "{}, {unit} {line}, column {:?}: {cell:?} is far outside Saaty's 1/9–9 scale; a spreadsheet may have turned a fraction such as 1/3 into a date: type =1/3 or 0.333",
                    path.display(),
                    names[j]
                ));
            }
        }
    }
    for i in 0..n {
        for j in 0..n {
            if a[i][j].is_nan() {
                if a[j][i].is_nan() || i < j {
                    return Err(bad_input!(
                        "{}: the comparison {} over {} is missing (only cells below the diagonal may be left empty)",
                        path.display(),
                        names[i],
                        names[j]
                    ));
                }
                a[i][j] = 1.0 / a[j][i];
            }
        }
    }
    for i in 0..n {
        if (a[i][i] - 1.0).abs() > 1e-9 {
            return Err(bad_input!(
                "{}: the diagonal cell of {} must be 1",
                path.display(),
                names[i]
            ));
        }
        for j in 0..n {
            if (a[i][j] * a[j][i] - 1.0).abs() > 0.02 {
                return Err(bad_input!(
                    "{}: {} over {} is {} but {} over {} is {}; they must be reciprocals",
                    path.display(),
                    names[i],
                    names[j],
                    fraction(a[i][j]),
                    names[j],
                    names[i],
                    fraction(a[j][i])
                ));
            }
        }
    }
    Ok((names, a))
}

/// Column names of the long table of judgements, English and Indonesian.
const EXPERT: &[&str] = &["expert", "pakar", "ahli", "responden"];
const ROW: &[&str] = &["row", "baris", "criterion", "kriteria"];
const COL: &[&str] = &["col", "column", "kolom", "over", "terhadap"];
const VALUE: &[&str] = &["value", "nilai", "judgement", "judgment"];

/// The experts' matrices, named: one long table (`expert,row,col,value`,
/// one judgement per line, reciprocals filled in), or one square matrix per
/// file (named by the file's stem). Every expert must judge the same
/// criteria; the first matrix's order is kept.
pub fn read_experts(paths: &[std::path::PathBuf]) -> Result<Experts> {
    if paths.is_empty() {
        return Err(bad_input!(
            "scoring.ahp is an empty list: name a matrix file, one per expert, or a long table of judgements"
        ));
    }
    if let [path] = paths {
        if let Some(table) = read_long_table(path)? {
            return Ok(table);
        }
    }
    let mut criteria: Vec<String> = Vec::new();
    let mut experts = Vec::new();
    for path in paths {
        let (names, a) = read_matrix(path)?;
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if criteria.is_empty() {
            criteria = names.clone();
        }
        let mut sorted_given = names.clone();
        sorted_given.sort();
        let mut sorted_first = criteria.clone();
        sorted_first.sort();
        if sorted_given != sorted_first {
            return Err(bad_input!(
                "{}: this expert judges {:?}, the first expert {:?}; every expert must compare the same criteria",
                path.display(),
                names,
                criteria
            ));
        }
        let at = |c: &String| names.iter().position(|n| n == c).unwrap_or(0);
        let reordered = criteria
            .iter()
            .map(|ci| criteria.iter().map(|cj| a[at(ci)][at(cj)]).collect())
            .collect();
        experts.push((name, reordered));
    }
    if experts
        .iter()
        .map(|(n, _)| n)
        .collect::<std::collections::BTreeSet<_>>()
        .len()
        != experts.len()
    {
        return Err(bad_input!(
            "two matrix files have the same name; name each expert's file differently (e.g. pakar_1.csv, pakar_2.csv)"
        ));
    }
    Ok((criteria, experts))
}

fn column(header: &[String], names: &[&str]) -> Option<usize> {
    header
        .iter()
        .position(|h| names.iter().any(|n| h.trim().eq_ignore_ascii_case(n)))
}

/// The criteria, and each expert's name and matrix in their order.
pub type Experts = (Vec<String>, Vec<(String, Vec<Vec<f64>>)>);

/// The long table, when the file is one (it has the four columns).
fn read_long_table(path: &Path) -> Result<Option<Experts>> {
    let (file, sheet) = crate::ingest::read::split_sheet(path);
    let mut source = crate::ingest::read::Source::open(&file, sheet.as_deref())?;
    let label = source.label(&file);
    let unit = source.unit();
    let header = source.headers().to_vec();
    let (Some(ce), Some(cr), Some(cc), Some(cv)) = (
        column(&header, EXPERT),
        column(&header, ROW),
        column(&header, COL),
        column(&header, VALUE),
    ) else {
        return Ok(None);
    };
    let mut criteria: Vec<String> = Vec::new();
    let mut order: Vec<String> = Vec::new();
    let mut judgements: std::collections::BTreeMap<String, Vec<(u64, String, String, f64)>> =
        Default::default();
    while let Some(record) = source.next_record(&file)? {
        let cell = |i: usize| {
            record
                .fields
                .get(i)
                .map(|f| f.trim().to_string())
                .unwrap_or_default()
        };
        let (expert, row, col, value) = (cell(ce), cell(cr), cell(cc), cell(cv));
        if expert.is_empty() && row.is_empty() && col.is_empty() && value.is_empty() {
            continue;
        }
        if expert.is_empty() || row.is_empty() || col.is_empty() {
            return Err(bad_input!(
                "{label}, {unit} {}: every judgement needs its expert, row and column criterion",
                record.line
            ));
        }
        let v = parse_cell(&value).ok_or_else(|| {
            bad_input!(
                "{label}, {unit} {}: {value:?} is not a positive number or fraction like 1/3",
                record.line
            )
        })?;
        for c in [&row, &col] {
            if !criteria.contains(c) {
                criteria.push(c.clone());
            }
        }
        if !judgements.contains_key(&expert) {
            order.push(expert.clone());
        }
        judgements
            .entry(expert)
            .or_default()
            .push((record.line, row, col, v));
    }
    let n = criteria.len();
    if n < 2 {
        return Err(bad_input!(
            "{label}: the judgements name fewer than 2 criteria"
        ));
    }
    if n > RANDOM_INDEX.len() {
        return Err(bad_input!(
            "{label}: {n} criteria; Saaty's random index is tabulated up to 15"
        ));
    }
    let mut experts = Vec::new();
    for name in order {
        let mut a = vec![vec![f64::NAN; n]; n];
        for (i, row) in a.iter_mut().enumerate() {
            row[i] = 1.0;
        }
        for (line, row, col, v) in &judgements[&name] {
            let (i, j) = (
                criteria.iter().position(|c| c == row).unwrap_or(0),
                criteria.iter().position(|c| c == col).unwrap_or(0),
            );
            if i == j {
                if (v - 1.0).abs() > 1e-9 {
                    return Err(bad_input!(
                        "{label}, {unit} {line}: {row} over itself must be 1"
                    ));
                }
                continue;
            }
            for (x, y, value) in [(i, j, *v), (j, i, 1.0 / v)] {
                if !a[x][y].is_nan() && (a[x][y] / value - 1.0).abs() > 0.02 {
                    return Err(bad_input!(
                        "{label}, {unit} {line}: expert {name:?} judges {row} over {col} twice, differently ({} and {}); give each pair once",
                        fraction(a[i][j]),
                        fraction(*v)
                    ));
                }
                a[x][y] = value;
            }
        }
        for i in 0..n {
            for j in 0..n {
                if a[i][j].is_nan() {
                    return Err(bad_input!(
                        "{label}: expert {name:?} has no judgement of {} over {} (nor its reciprocal); every expert compares every pair",
                        criteria[i],
                        criteria[j]
                    ));
                }
            }
        }
        experts.push((name, a));
    }
    Ok(Some((criteria, experts)))
}

fn parse_cell(cell: &str) -> Option<f64> {
    let v = match cell.split_once('/') {
        Some((num, den)) => num.trim().parse::<f64>().ok()? / den.trim().parse::<f64>().ok()?,
        None => cell.replace(',', ".").parse::<f64>().ok()?,
    };
    (v.is_finite() && v > 0.0).then_some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matrix_files_take_fractions_and_fill_reciprocals() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.csv");
        std::fs::write(
            &path,
            "criterion,reach,lq,workers\nreach,1,3,5\nlq,,1,3\nworkers,,,1\n",
        )
        .unwrap();
        let (names, a) = read_matrix(&path).unwrap();
        assert_eq!(names, vec!["reach", "lq", "workers"]);
        assert!((a[1][0] - 1.0 / 3.0).abs() < 1e-12 && (a[2][1] - 1.0 / 3.0).abs() < 1e-12);
        std::fs::write(&path, "x,a,b\na,1,3\nb,1/2,1\n").unwrap();
        assert!(read_matrix(&path)
            .unwrap_err()
            .to_string()
            .contains("reciprocals"));
        std::fs::write(&path, "x,a,b\na,1,zwei\nb,,1\n").unwrap();
        assert!(read_matrix(&path)
            .unwrap_err()
            .to_string()
            .contains("line 2, column \"b\""));
    }
}
