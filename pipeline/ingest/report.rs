//! What one ingest reports: the outcome, the row counts, and the reasons
//! rows were rejected, by count with their first lines.

use super::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Ingested,
    /// Same sha256 already in the lake: nothing done.
    Unchanged,
    /// Checked only (`ovop validate`).
    Validated,
}

#[derive(Debug, Clone)]
pub struct BatchReport {
    pub dataset: Dataset,
    pub source: PathBuf,
    pub batch_id: String,
    pub sha256: String,
    pub rows_read: u64,
    pub rows_accepted: u64,
    pub rows_rejected: u64,
    pub outcome: Outcome,
    /// How the file names a position: "line" (CSV) or "row" (sheets, Parquet).
    pub unit: &'static str,
    /// Why rows were rejected, most frequent first.
    pub reasons: Vec<ReasonCount>,
    /// Cells of optional columns left empty (value not in the vocabulary;
    /// the rows were kept), most frequent first.
    pub dropped: Vec<ReasonCount>,
    pub warnings: Vec<String>,
}

/// One reason (`column: first clause of the reason`), how many rows or
/// cells it hit, and the first few of their lines.
#[derive(Debug, Clone, PartialEq)]
pub struct ReasonCount {
    pub reason: String,
    pub count: u64,
    pub lines: Vec<u64>,
}

/// Lines listed per reason in messages; the quarantine has every one.
pub(super) const LINES_SHOWN: usize = 5;

/// Counts reasons as rows are checked; [`Tally::sorted`] gives them most
/// frequent first (ties by reason).
#[derive(Debug, Default)]
pub(super) struct Tally(std::collections::HashMap<String, (u64, Vec<u64>)>);

impl Tally {
    pub(super) fn add(&mut self, rej: &Rejection, line: u64) {
        self.add_many(rej, 1, line);
    }

    /// `n` rows with this reason, the first of them at `line`.
    pub(super) fn add_many(&mut self, rej: &Rejection, n: u64, line: u64) {
        let reason = rej.reason.split(';').next().unwrap_or("");
        let key = match rej.column.is_empty() {
            true => reason.to_string(),
            false => format!("{}: {reason}", rej.column),
        };
        let entry = self.0.entry(key).or_default();
        entry.0 += n;
        if entry.1.len() < LINES_SHOWN {
            entry.1.push(line);
            entry.1.sort_unstable();
        }
    }

    pub(super) fn sorted(self) -> Vec<ReasonCount> {
        let mut out: Vec<ReasonCount> = self
            .0
            .into_iter()
            .map(|(reason, (count, lines))| ReasonCount {
                reason,
                count,
                lines,
            })
            .collect();
        out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.reason.cmp(&b.reason)));
        out
    }
}

/// The reasons rows were rejected, per source file, most frequent first,
/// from the quarantine's counts (`lake::quarantine::rejected_reasons`:
/// source, column, reason, count, first_line).
pub fn reasons_in(counts: &DataFrame) -> Result<Vec<(String, ReasonCount)>> {
    let text = |c: &str| -> Result<Vec<String>> {
        Ok(counts
            .column(c)?
            .str()?
            .iter()
            .map(|v| v.unwrap_or_default().to_string())
            .collect())
    };
    let (sources, columns, reasons) = (text("source")?, text("column")?, text("reason")?);
    let number = |c: &str| -> Result<Vec<u64>> {
        let values = counts.column(c)?.cast(&DataType::Int64)?;
        Ok(values
            .i64()?
            .iter()
            .map(|v| v.unwrap_or(0).max(0) as u64)
            .collect())
    };
    let (n, first) = (number("count")?, number("first_line")?);
    let mut by_source: BTreeMap<String, Tally> = BTreeMap::new();
    for i in 0..counts.height() {
        let rej = Rejection {
            column: columns[i].clone(),
            value: String::new(),
            reason: reasons[i].clone(),
        };
        by_source
            .entry(sources[i].clone())
            .or_default()
            .add_many(&rej, n[i], first[i]);
    }
    let mut all: Vec<(String, ReasonCount)> = by_source
        .into_iter()
        .flat_map(|(source, tally)| tally.sorted().into_iter().map(move |r| (source.clone(), r)))
        .collect();
    all.sort_by(|a, b| {
        b.1.count
            .cmp(&a.1.count)
            .then_with(|| (&a.0, &a.1.reason).cmp(&(&b.0, &b.1.reason)))
    });
    Ok(all)
}

/// Reasons for the console: the `max` most frequent with their first lines,
/// and how many other reasons there are.
pub fn write_reasons(
    f: &mut impl std::fmt::Write,
    reasons: &[ReasonCount],
    unit: &str,
    what: &str,
    max: usize,
) -> std::fmt::Result {
    for r in reasons.iter().take(max) {
        let lines: Vec<String> = r.lines.iter().map(u64::to_string).collect();
        let more = match r.count as usize > r.lines.len() {
            true => ", …",
            false => "",
        };
        let unit = match r.lines.len() {
            1 => unit.to_string(),
            _ => format!("{unit}s"),
        };
        write!(
            f,
            "\n    {} × {}{what} ({unit} {}{more})",
            r.count,
            r.reason,
            lines.join(", ")
        )?;
    }
    if reasons.len() > max {
        write!(
            f,
            "\n    … and {} other reason(s); see the quarantine (`ovop sql \"SELECT * FROM rejected\"`)",
            reasons.len() - max
        )?;
    }
    Ok(())
}

impl std::fmt::Display for BatchReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = match self.outcome {
            Outcome::Unchanged => "already in the lake (same sha256), nothing to do",
            Outcome::Ingested => "ingested",
            Outcome::Validated => "checked",
        };
        write!(
            f,
            "{:<11} {}: {what}; read {}, accepted {}, rejected {}",
            self.dataset.name(),
            self.source.display(),
            self.rows_read,
            self.rows_accepted,
            self.rows_rejected
        )?;
        write_reasons(f, &self.reasons, self.unit, "", 5)?;
        if !self.dropped.is_empty() {
            let cells: u64 = self.dropped.iter().map(|r| r.count).sum();
            write!(f, "\n    warning: {cells} cell(s) of optional columns left empty (value not recognised; rows kept):")?;
            write_reasons(f, &self.dropped, self.unit, "", 5)?;
        }
        for w in &self.warnings {
            write!(f, "\n    warning: {w}")?;
        }
        Ok(())
    }
}
