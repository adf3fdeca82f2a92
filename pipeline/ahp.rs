//! Analytic Hierarchy Process (Saaty 1977, 1980): criterion weights from a
//! pairwise-comparison matrix as its principal eigenvector, with the
//! consistency index CI = (λmax − n)/(n − 1) and ratio CR = CI/RI.

use std::path::Path;

use anyhow::Result;

use crate::bad_input;

/// Saaty's random consistency index RI for n = 1…15 (Saaty 1980, table 1.3
/// extended; the values most AHP software uses).
pub const RANDOM_INDEX: [f64; 15] = [
    0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59,
];

/// The CR above which judgements count as inconsistent (Saaty 1980).
pub const MAX_CR: f64 = 0.10;

#[derive(Debug, Clone)]
pub struct Ahp {
    pub criteria: Vec<String>,
    /// Principal eigenvector, normalised to sum to 1.
    pub weights: Vec<f64>,
    pub lambda_max: f64,
    pub ci: f64,
    pub cr: f64,
    /// The comparison that deviates most from the weights' ratio: (i, j, given
    /// a_ij, the consistent value w_i/w_j).
    pub most_inconsistent: Option<(usize, usize, f64, f64)>,
}

/// Weights and consistency of a reciprocal matrix `a` (a_ij = importance of
/// i over j; a_ji = 1/a_ij; a_ii = 1). Power iteration converges because a
/// positive matrix has a simple dominant (Perron) eigenvalue.
pub fn ahp(criteria: Vec<String>, a: &[Vec<f64>]) -> Ahp {
    let n = a.len();
    let mut w = vec![1.0 / n as f64; n];
    for _ in 0..1000 {
        let next: Vec<f64> = (0..n)
            .map(|i| (0..n).map(|j| a[i][j] * w[j]).sum())
            .collect();
        let total: f64 = next.iter().sum();
        let next: Vec<f64> = next.iter().map(|x| x / total).collect();
        let change = next
            .iter()
            .zip(&w)
            .map(|(x, y)| (x - y).abs())
            .fold(0.0, f64::max);
        w = next;
        if change < 1e-15 {
            break;
        }
    }
    let lambda_max = (0..n)
        .map(|i| (0..n).map(|j| a[i][j] * w[j]).sum::<f64>() / w[i])
        .sum::<f64>()
        / n as f64;
    let ci = if n > 1 {
        (lambda_max - n as f64) / (n as f64 - 1.0)
    } else {
        0.0
    };
    let ri = RANDOM_INDEX
        .get(n.saturating_sub(1))
        .copied()
        .unwrap_or(1.59);
    let cr = if ri > 0.0 { ci / ri } else { 0.0 };
    let most_inconsistent = (0..n)
        .flat_map(|i| (i + 1..n).map(move |j| (i, j)))
        .map(|(i, j)| (i, j, a[i][j], w[i] / w[j]))
        .max_by(|x, y| (x.2 / x.3).ln().abs().total_cmp(&(y.2 / y.3).ln().abs()));
    Ahp {
        criteria,
        weights: w,
        lambda_max,
        ci,
        cr,
        most_inconsistent,
    }
}

impl Ahp {
    /// An error when CR exceeds [`MAX_CR`], naming the comparison to revisit.
    pub fn check_consistency(&self, source: &str) -> Result<()> {
        if self.cr <= MAX_CR {
            return Ok(());
        }
        let pair = self.most_inconsistent.map_or(String::new(), |(i, j, given, consistent)| {
            format!(
                "; the most inconsistent comparison is {} over {} = {} (the other judgements imply about {:.2})",
                self.criteria[i],
                self.criteria[j],
                fraction(given),
                consistent
            )
        });
        Err(bad_input!(
            "{source}: the pairwise comparisons are inconsistent: CR = {:.3} > {MAX_CR}{pair}. Revise that judgement, or set scoring.ahp_accept_inconsistent = true",
            self.cr
        ))
    }
}

fn fraction(x: f64) -> String {
    if x < 1.0 && (1.0 / x).fract().abs() < 1e-9 {
        format!("1/{}", (1.0 / x).round())
    } else {
        format!("{x}")
    }
}

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

    fn names(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("c{i}")).collect()
    }

    /// The 3×3 example used in many AHP tutorials (judgements 3, 5 and 3):
    /// w ≈ (0.637, 0.258, 0.105), λmax ≈ 3.039, CI ≈ 0.019, CR ≈ 0.033 with
    /// RI = 0.58. The digits below come from numpy.linalg.eig on the same
    /// matrix (an independent computation).
    #[test]
    fn saaty_three_criteria_example() {
        let a = vec![
            vec![1.0, 3.0, 5.0],
            vec![1.0 / 3.0, 1.0, 3.0],
            vec![0.2, 1.0 / 3.0, 1.0],
        ];
        let r = ahp(names(3), &a);
        let want = [0.63698557, 0.25828499, 0.10472943];
        for (w, e) in r.weights.iter().zip(want) {
            assert!((w - e).abs() < 1e-7, "{w} vs {e}");
        }
        assert!((r.lambda_max - 3.03851109).abs() < 1e-7);
        assert!((r.ci - 0.01925555).abs() < 1e-7);
        assert!((r.cr - 0.03319922).abs() < 1e-7);
        assert!(r.check_consistency("m.csv").is_ok());
    }

    /// A perfectly consistent matrix (a_ij = w_i/w_j) gives back w, λmax = n, CR = 0.
    #[test]
    fn consistent_matrix_returns_its_weights() {
        let w = [0.5, 0.3, 0.15, 0.05];
        let a: Vec<Vec<f64>> = w
            .iter()
            .map(|wi| w.iter().map(|wj| wi / wj).collect())
            .collect();
        let r = ahp(names(4), &a);
        for (got, want) in r.weights.iter().zip(w) {
            assert!((got - want).abs() < 1e-12);
        }
        assert!((r.lambda_max - 4.0).abs() < 1e-9 && r.cr.abs() < 1e-9);
    }

    #[test]
    fn inconsistent_judgements_are_an_error_naming_the_pair() {
        // a > b (9), b > c (9), but c > a (9): circular.
        let a = vec![
            vec![1.0, 9.0, 1.0 / 9.0],
            vec![1.0 / 9.0, 1.0, 9.0],
            vec![9.0, 1.0 / 9.0, 1.0],
        ];
        let r = ahp(vec!["a".into(), "b".into(), "c".into()], &a);
        assert!(r.cr > MAX_CR);
        let msg = r.check_consistency("m.csv").unwrap_err().to_string();
        assert!(
            msg.contains("CR = ") && msg.contains("most inconsistent comparison"),
            "{msg}"
        );
    }

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
