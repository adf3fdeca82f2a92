//! Checks of a file before and across its rows: record shape, required
//! columns, and the decimal mark of each number column.

use super::*;

/// One batch of records after the row checks.
pub(super) struct Checked {
    pub(super) read: u64,
    pub(super) accepted: u64,
    /// Accepted rows per year partition (None: not partitioned), in file order.
    pub(super) frames: Vec<(Option<i32>, DataFrame)>,
    /// (line, why) per rejected row, in file order.
    pub(super) rejections: Vec<(u64, Rejection)>,
    /// (line, why) per cell left empty in an accepted row.
    pub(super) dropped: Vec<(u64, Rejection)>,
    /// Lines of records whose quoted fields hold what look like rows.
    pub(super) suspicious: Vec<u64>,
}

/// What every worker needs to check a batch of records.
pub(super) struct RecordCheck<'a> {
    pub(super) header_len: usize,
    /// The CSV separator; None for sheets and Parquet.
    pub(super) delimiter: Option<u8>,
    pub(super) file_label: &'a str,
    /// false for `ovop validate`: rows are checked, not kept.
    pub(super) keep_rows: bool,
    pub(super) columns: &'a [(&'static str, ColType)],
}

impl RecordCheck<'_> {
    pub(super) fn batch(
        &self,
        ctx: &mut RowContext,
        records: Vec<read::Record>,
    ) -> Result<Checked> {
        let header_len = self.header_len;
        let mut tables: BTreeMap<Option<i32>, TableBuf> = BTreeMap::new();
        let mut checked = Checked {
            read: records.len() as u64,
            accepted: 0,
            frames: Vec::new(),
            rejections: Vec::new(),
            dropped: Vec::new(),
            suspicious: Vec::new(),
        };
        for record in records {
            let short_and_split = self.delimiter.is_some()
                && record.fields.len() < header_len
                && record.fields.iter().any(|f| f.contains(['\n', '\r']));
            if short_and_split {
                return Err(bad_input!(
                    "{}, line {}: a quote opened in this row is never closed, so the lines after it were read as one field; close the quote (write a literal quote as \"\") and ingest again",
                    self.file_label,
                    record.line
                ));
            }
            if self
                .delimiter
                .is_some_and(|d| holds_rows(&record, header_len, d))
            {
                checked.suspicious.push(record.line);
            }
            let result = if record.fields.len() > header_len
                && record.fields[header_len..]
                    .iter()
                    .any(|f| !f.trim().is_empty())
            {
                Err(Rejection {
                    column: String::new(),
                    value: record.fields[header_len..].join(","),
                    reason: format!(
                        "row has {} fields but the header has {header_len}",
                        record.fields.len()
                    ),
                })
            } else {
                ctx.parse(&record)
            };
            match result {
                Ok(parsed) => {
                    checked.accepted += 1;
                    checked.dropped.extend(
                        parsed
                            .dropped
                            .into_iter()
                            .map(|d| (record.line, d.shortened())),
                    );
                    if self.keep_rows {
                        tables
                            .entry(parsed.year)
                            .or_insert_with(|| TableBuf::new(self.columns))
                            .push(parsed.values);
                    }
                }
                Err(rej) => checked.rejections.push((record.line, rej.shortened())),
            }
        }
        for (year, mut table) in tables {
            checked.frames.push((year, table.take_frame()?));
        }
        Ok(checked)
    }
}

/// A CSV record with a quoted field that holds two or more lines that look
/// like rows (as many separators as the header needs): a misplaced quote may
/// have joined rows, or it is a long quoted note. Not an error (a quoted
/// address over lines is data); the batch says which lines to look at. A
/// quote that never closes at all is an error of the CSV reader.
pub(super) fn holds_rows(record: &read::Record, header_len: usize, delimiter: u8) -> bool {
    let multiline = |f: &read::Field| f.contains(['\n', '\r']);
    let needed = header_len.saturating_sub(1).max(1);
    record.fields.iter().filter(|f| multiline(f)).any(|f| {
        f.split(['\n', '\r'])
            .skip(1)
            .filter(|line| line.bytes().filter(|b| *b == delimiter).count() >= needed)
            .nth(1)
            .is_some()
    })
}

pub(super) fn check_required(
    file: &str,
    dataset: Dataset,
    headers: &[String],
    mapping: &[Option<usize>],
) -> Result<()> {
    let missing: Vec<String> = contract::columns(dataset)
        .iter()
        .zip(mapping)
        .filter(|(spec, found)| spec.required && found.is_none())
        .map(|(spec, _)| {
            if spec.aliases.is_empty() {
                spec.name.to_string()
            } else {
                format!("{} (or {})", spec.name, spec.aliases.join(", "))
            }
        })
        .collect();
    let date_missing = dataset == Dataset::Sales
        && mapping[1].is_none()
        && (mapping[2].is_none() || mapping[3].is_none());
    if missing.is_empty() && !date_missing {
        return Ok(());
    }
    let mut what = missing;
    if date_missing {
        what.push("date (or tanggal), or both year and month".into());
    }
    Err(bad_input!(
        "{}: the {} file lacks required column(s): {}. The header row has: {}. Rename or add the column(s); see docs/data-contracts.md",
        file,
        dataset.name(),
        what.join("; "),
        headers.join(", ")
    ))
}

/// Decides each number column's decimal mark from the first rows when the
/// study did not fix it. A column whose values all read either way is an
/// error that shows examples, unless its header gives the unit as rupiah
/// (`Harga (Rp)`): rupiah are whole amounts, so the one separator its values
/// use (`15.000` or `15,000`) groups thousands. A column that mixes both
/// marks is an error too. Spreadsheet number cells do not vote: they are
/// numbers, not text.
pub(super) fn decide_marks(
    file: &Path,
    dataset: Dataset,
    headers: &[String],
    mapping: &[Option<usize>],
    opts: &IngestOptions,
) -> Result<Vec<Option<DecimalMark>>> {
    let specs = contract::columns(dataset);
    let numeric = |k: contract::Kind| {
        matches!(
            k,
            contract::Kind::NonNegative | contract::Kind::Number | contract::Kind::Degrees(_)
        )
    };
    if let Some(mark) = opts.decimal {
        return Ok(specs.iter().map(|_| Some(mark)).collect());
    }
    let mut votes = vec![MarkVotes::default(); specs.len()];
    let mut source = read::Source::open(file, opts.sheet.as_deref())?;
    let mut n = 0;
    while let Some(record) = source.next_record(file)? {
        n += 1;
        if n > 20_000 {
            break;
        }
        for (i, spec) in specs.iter().enumerate() {
            let Some(j) = mapping[i] else { continue };
            let Some(raw) = record.fields.get(j) else {
                continue;
            };
            if !numeric(spec.kind)
                || record.is_native(j)
                || raw.trim().is_empty()
                || raw.trim_start().to_lowercase().starts_with("rp")
            {
                continue;
            }
            let (comma, point) = (
                parse::parse_number(raw, Some(DecimalMark::Comma)).is_ok(),
                parse::parse_number(raw, Some(DecimalMark::Point)).is_ok(),
            );
            let vote = &mut votes[i];
            match parse::parse_number(raw, None) {
                Err(parse::NumberError::Ambiguous) => {
                    match raw.contains(',') {
                        true => vote.ambiguous_commas += 1,
                        false => vote.ambiguous_dots += 1,
                    }
                    if vote.examples.len() < 3 {
                        vote.examples.push(raw.trim().to_string());
                    }
                }
                Ok(_) if raw.contains(',') || raw.matches('.').count() > 1 => {
                    // The value proves a mark only when it reads one way alone.
                    if comma && !point {
                        vote.comma += 1;
                    } else if point && !comma {
                        vote.point += 1;
                    }
                }
                _ => {}
            }
        }
    }
    let rupiah = |i: usize| {
        mapping[i]
            .and_then(|j| headers.get(j))
            .and_then(|h| contract::header_unit(h))
            .is_some_and(|u| contract::is_rupiah_unit(&u))
    };
    specs
        .iter()
        .zip(votes)
        .enumerate()
        .map(|(i, (spec, v))| match (v.comma, v.point) {
            (c, p) if c > 0 && p > 0 => Err(bad_input!(
                "{}: column {} mixes decimal marks ({c} values use ',' and {p} use '.'); make them consistent or set decimal in the study",
                file.display(),
                spec.name
            )),
            (c, _) if c > 0 => Ok(Some(DecimalMark::Comma)),
            (_, p) if p > 0 => Ok(Some(DecimalMark::Point)),
            _ if rupiah(i) && v.ambiguous_dots > 0 && v.ambiguous_commas == 0 => {
                Ok(Some(DecimalMark::Comma))
            }
            _ if rupiah(i) && v.ambiguous_commas > 0 && v.ambiguous_dots == 0 => {
                Ok(Some(DecimalMark::Point))
            }
            _ if !v.examples.is_empty() => Err(bad_input!(
                "{}: column {} is ambiguous: values such as {} read as thousands with ',' or '.' as the decimal mark. Set decimal = \"comma\" (1.234,5) or \"point\" (1,234.5) in the study, or `--decimal` on the command line",
                file.display(),
                spec.name,
                v.examples.join(", ")
            )),
            _ => Ok(None),
        })
        .collect()
}

/// What a column's first values say about its decimal mark.
#[derive(Debug, Clone, Default)]
pub(super) struct MarkVotes {
    /// Values that read only with `,` (or only with `.`) as the decimal mark.
    pub(super) comma: u64,
    pub(super) point: u64,
    /// Values that read either way, by the separator they use.
    pub(super) ambiguous_dots: u64,
    pub(super) ambiguous_commas: u64,
    pub(super) examples: Vec<String>,
}
