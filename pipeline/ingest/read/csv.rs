//! CSV files as spreadsheets save them: UTF-8 with or without BOM, or
//! Windows-1252; comma, semicolon, tab or pipe separated; quoted fields with
//! line breaks. Records stream one at a time with their line number, so a
//! 100-million-row file never sits in memory.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use anyhow::Result;

use super::{Field, Record};
use crate::bad_input;

/// The longest record a CSV may have. The csv crate holds a whole record in
/// memory, so a file with no line break (1 GB on one line), or a stray quote
/// that never closes, would cost the rest of the file; no spreadsheet
/// writes a record this long.
pub const MAX_RECORD_BYTES: usize = 16 << 20;

/// Where the quoting of the bytes read so far stands, as the csv crate reads
/// it: a quote opens a field only at its start; `""` inside is a quote.
#[derive(Clone, Copy, PartialEq)]
enum Quoting {
    FieldStart,
    Unquoted,
    Quoted,
    /// A quote inside a quoted field: it closes the field, or starts `""`.
    Closing,
}

/// The file as the csv crate reads it. It follows the quoting, so that a
/// record longer than [`MAX_RECORD_BYTES`] is an I/O error naming its line
/// (a quote that never closes names the line where it opened), and it knows
/// when the file ends inside a quote.
struct LineLimit {
    inner: BufReader<File>,
    delimiter: u8,
    quoting: Quoting,
    /// Bytes of the current record.
    run: usize,
    /// Line breaks read so far, and the line where the open quote opened.
    line: u64,
    quote_line: u64,
    /// The file ended inside a quote that opened on this line.
    ended_in_quote: Option<u64>,
}

impl LineLimit {
    fn new(inner: BufReader<File>, delimiter: u8) -> LineLimit {
        LineLimit {
            inner,
            delimiter,
            quoting: Quoting::FieldStart,
            run: 0,
            line: 0,
            quote_line: 0,
            ended_in_quote: None,
        }
    }
}

impl Read for LineLimit {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n == 0 && self.quoting == Quoting::Quoted {
            self.ended_in_quote = Some(self.quote_line);
        }
        for &b in &buf[..n] {
            let end = b == b'\n' || b == b'\r';
            self.line += u64::from(b == b'\n');
            self.quoting = match (self.quoting, b) {
                (Quoting::FieldStart, b'"') => {
                    self.quote_line = self.line + 1;
                    Quoting::Quoted
                }
                (Quoting::Quoted, b'"') => Quoting::Closing,
                (Quoting::Quoted, _) => Quoting::Quoted,
                (Quoting::Closing, b'"') => Quoting::Quoted,
                (_, _) if end => {
                    self.run = 0;
                    Quoting::FieldStart
                }
                (_, d) if d == self.delimiter => Quoting::FieldStart,
                (_, _) => Quoting::Unquoted,
            };
            if self.quoting != Quoting::FieldStart || !end {
                self.run += 1;
            }
        }
        if self.run > MAX_RECORD_BYTES {
            let message = match self.quoting {
                Quoting::Quoted => format!(
                    "a quote opened on line {} is never closed: the field runs past {} MB; close the quote (write a literal quote as \"\")",
                    self.quote_line,
                    MAX_RECORD_BYTES >> 20
                ),
                _ => format!(
                    "line {} is longer than {} MB: a text file holds lines, not this; is it really CSV?",
                    self.line + 1,
                    MAX_RECORD_BYTES >> 20
                ),
            };
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                message,
            ));
        }
        Ok(n)
    }
}

pub struct CsvSource {
    reader: csv::Reader<LineLimit>,
    pub headers: Vec<String>,
    pub delimiter: u8,
    record: csv::ByteRecord,
    lines: LineCounter,
    /// Rows read while looking for the header, not yet handed out.
    pending: VecDeque<Record>,
}

/// Turns a record's byte offset into its line number. The csv crate's own
/// line count skips blank lines, so we count newlines ourselves, reading the
/// file a second time alongside (sequentially, so the cost stays linear).
struct LineCounter {
    reader: BufReader<File>,
    offset: u64,
    line: u64,
    /// The last byte counted was `\r` (so a following `\n` ends the same line).
    after_cr: bool,
}

impl LineCounter {
    /// Counts line breaks as the csv crate sees them: `\r\n`, `\n`, or a lone
    /// `\r` (old Mac files; found by the csv_ingest fuzz target).
    fn count(&mut self, bytes: &[u8]) {
        // Fast path (most files): no `\r` at all, so every `\n` ends a line.
        if !self.after_cr && memchr::memchr(b'\r', bytes).is_none() {
            self.line += memchr::memchr_iter(b'\n', bytes).count() as u64;
            return;
        }
        for &b in bytes {
            match b {
                b'\n' if self.after_cr => self.after_cr = false,
                b'\n' => self.line += 1,
                b'\r' => {
                    self.line += 1;
                    self.after_cr = true;
                }
                _ => self.after_cr = false,
            }
        }
    }

    fn line_at(&mut self, byte: u64) -> std::io::Result<u64> {
        let mut buf = [0u8; 8192];
        while self.offset < byte {
            let want = (byte - self.offset).min(buf.len() as u64) as usize;
            let n = self.reader.read(&mut buf[..want])?;
            if n == 0 {
                break;
            }
            self.count(&buf[..n]);
            self.offset += n as u64;
        }
        // The offset csv reports is where the previous record's line ending
        // begins; the record itself starts after the line endings.
        loop {
            let buf = std::io::BufRead::fill_buf(&mut self.reader)?;
            // Line breaks come one or two at a time: copy them to the stack
            // (the buffer is borrowed) rather than allocate per record.
            let mut breaks = [0u8; 64];
            let skip = buf
                .iter()
                .take(breaks.len())
                .take_while(|&&b| b == b'\r' || b == b'\n')
                .count();
            if skip == 0 {
                break;
            }
            breaks[..skip].copy_from_slice(&buf[..skip]);
            self.count(&breaks[..skip]);
            self.offset += skip as u64;
            std::io::BufRead::consume(&mut self.reader, skip);
        }
        Ok(self.line)
    }
}

impl CsvSource {
    pub fn open(path: &Path) -> Result<CsvSource> {
        let sample = read_sample(path)?;
        check_is_text(path, &sample)?;
        let delimiter = sniff_delimiter(&sample);
        let file =
            File::open(path).map_err(|e| bad_input!("{}: cannot open: {e}", path.display()))?;
        let reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(LineLimit::new(
                BufReader::with_capacity(1 << 20, file),
                delimiter,
            ));
        let lines = LineCounter {
            reader: BufReader::new(File::open(path)?),
            offset: 0,
            line: 1,
            after_cr: false,
        };
        let mut source = CsvSource {
            reader,
            headers: Vec::new(),
            delimiter,
            record: csv::ByteRecord::new(),
            lines,
            pending: VecDeque::new(),
        };
        // The header is the first row with at least two filled cells (one when
        // no early row has two): title lines above it are skipped.
        let mut first = Vec::new();
        while first.len() < 20 {
            match source.read_record(path)? {
                Some(r) => first.push(r),
                None => break,
            }
        }
        let filled = |r: &Record| r.fields.iter().filter(|f| !f.trim().is_empty()).count();
        let widest = first.iter().map(filled).max().ok_or_else(|| {
            bad_input!(
                "{}: the file is empty; it needs a header row and at least one data row",
                path.display()
            )
        })?;
        let at = first
            .iter()
            .position(|r| filled(r) >= widest.min(2))
            .unwrap_or(0);
        source.pending = first.split_off(at + 1).into();
        source.headers = first
            .pop()
            .map(|r| r.fields.iter().map(|f| f.to_string()).collect())
            .unwrap_or_default();
        Ok(source)
    }

    /// Bytes of the file read so far (for progress bars).
    pub fn bytes_read(&self) -> u64 {
        self.lines.offset
    }

    /// The next data row, skipping blank lines; `None` at the end of the file.
    pub fn next_record(&mut self, path: &Path) -> Result<Option<Record>> {
        match self.pending.pop_front() {
            Some(r) => Ok(Some(r)),
            None => self.read_record(path),
        }
    }

    fn read_record(&mut self, path: &Path) -> Result<Option<Record>> {
        loop {
            let more = self
                .reader
                .read_byte_record(&mut self.record)
                .map_err(|e| csv_error(path, &e))?;
            if !more {
                // The csv crate ends a quoted field at the end of the file
                // without a word: every line after the quote became one field.
                if let Some(line) = self.reader.get_ref().ended_in_quote {
                    return Err(bad_input!(
                        "{}, line {line}: a quote opened on this line is never closed, so every line after it was read into one field; close the quote (write a literal quote as \"\") and ingest again",
                        path.display()
                    ));
                }
                return Ok(None);
            }
            if self
                .record
                .iter()
                .all(|f| f.iter().all(u8::is_ascii_whitespace))
            {
                continue;
            }
            let start = self.record.position().map_or(0, |p| p.byte());
            let line = self.lines.line_at(start)?;
            return Ok(Some(Record {
                line,
                fields: decode_record(&self.record),
                native: None,
            }));
        }
    }
}

/// A record's fields as text. Most records are valid UTF-8 as a whole: one
/// check, then each field is a slice of it. A field boundary inside a
/// character (two fields that are each invalid alone, found by reasoning about
/// the fuzz target) or invalid UTF-8 anywhere: each field is decoded on its own.
fn decode_record(record: &csv::ByteRecord) -> Vec<Field> {
    if let Ok(all) = std::str::from_utf8(record.as_slice()) {
        let sliced: Option<Vec<Field>> = (0..record.len())
            .map(|i| {
                let field = all.get(record.range(i)?)?;
                Some(Field::from(field.strip_prefix('\u{feff}').unwrap_or(field)))
            })
            .collect();
        if let Some(fields) = sliced {
            return fields;
        }
    }
    record.iter().map(decode).collect()
}

/// A field as text: UTF-8 when it is valid UTF-8, else Windows-1252 (what
/// Excel writes on Indonesian Windows), decided per field so mixed files work.
fn decode(bytes: &[u8]) -> Field {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Field::from(s),
        Err(_) => Field::from(
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
                .into_owned(),
        ),
    }
}

pub(super) fn read_sample(path: &Path) -> Result<Vec<u8>> {
    let mut file =
        File::open(path).map_err(|e| bad_input!("{}: cannot open: {e}", path.display()))?;
    let mut sample = Vec::with_capacity(64 * 1024);
    file.by_ref().take(64 * 1024).read_to_end(&mut sample)?;
    Ok(sample)
}

/// Rejects binary files (XLSX saved as .csv, images, archives) up front.
fn check_is_text(path: &Path, sample: &[u8]) -> Result<()> {
    if sample.starts_with(b"PK\x03\x04") {
        return Err(bad_input!(
            "{}: this is a zip archive (probably an XLSX workbook), not CSV; save it as CSV or give it an .xlsx name",
            path.display()
        ));
    }
    let utf16_bom = sample.starts_with(b"\xff\xfe") || sample.starts_with(b"\xfe\xff");
    let nul_every_other =
        sample.len() >= 8 && sample.iter().skip(1).step_by(2).take(64).all(|&b| b == 0);
    if utf16_bom || nul_every_other {
        return Err(bad_input!(
            "{}: this is UTF-16 text (Excel's \"Unicode Text\" export), not CSV; save it again as \"CSV UTF-8 (Comma delimited)\"",
            path.display()
        ));
    }
    let control = sample
        .iter()
        .filter(|&&b| b == 0 || (b < 9) || (b > 13 && b < 32 && b != 27))
        .count();
    if control > 0 && control * 100 > sample.len().max(1) {
        return Err(bad_input!(
            "{}: the file holds binary data ({control} control bytes in the first {} bytes), not CSV text",
            path.display(),
            sample.len()
        ));
    }
    Ok(())
}

/// The separator that occurs most often (outside quotes) in the first line
/// that holds any of them: blank lines and a title line without separators
/// above the header do not decide it. Ties go to the earlier of `,` `;` tab `|`.
fn sniff_delimiter(sample: &[u8]) -> u8 {
    let candidates = [b',', b';', b'\t', b'|'];
    let mut counts = [0usize; 4];
    let mut in_quotes = false;
    for &b in sample {
        match b {
            b'"' => in_quotes = !in_quotes,
            b'\n' | b'\r' if !in_quotes && counts.iter().any(|&c| c > 0) => break,
            b'\n' | b'\r' if !in_quotes => {}
            _ if !in_quotes => {
                if let Some(i) = candidates.iter().position(|&c| c == b) {
                    counts[i] += 1;
                }
            }
            _ => {}
        }
    }
    let best = (0..4)
        .max_by_key(|&i| (counts[i], usize::MAX - i))
        .unwrap_or(0);
    candidates[best]
}

fn csv_error(path: &Path, err: &csv::Error) -> anyhow::Error {
    let line = err
        .position()
        .map_or(String::new(), |p| format!(", line {}", p.line()));
    bad_input!(
        "{}{line}: cannot read CSV: {err}; check quoting around that line",
        path.display()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(content: &[u8]) -> tempfile::NamedTempFile {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        std::io::Write::write_all(&mut f, content).unwrap();
        f
    }

    fn read_all(content: &[u8]) -> (Vec<String>, Vec<(u64, Vec<String>)>) {
        let f = write(content);
        let mut src = CsvSource::open(f.path()).unwrap();
        let mut rows = Vec::new();
        while let Some(r) = src.next_record(f.path()).unwrap() {
            rows.push((r.line, r.fields.iter().map(|f| f.to_string()).collect()));
        }
        (src.headers, rows)
    }

    /// "\xc3" and "\xa9" are each invalid UTF-8, but together they spell "é": the
    /// whole record is valid, yet neither field is. Each is Windows-1252 text.
    #[test]
    fn a_character_split_across_two_fields_decodes_each_field_alone() {
        let (_, rows) = read_all(b"a,b\n\xc3,\xa9\n");
        assert_eq!(
            rows,
            vec![(2, vec!["\u{c3}".to_string(), "\u{a9}".to_string()])]
        );
    }

    #[test]
    fn semicolons_bom_and_windows_1252() {
        let (headers, rows) = read_all(b"\xef\xbb\xbfkode_desa;nama\r\n35.23.08.2008;Caf\xe9 \"Batik\"\r\n\r\n3523082006;Gaji\r\n");
        assert_eq!(headers, vec!["kode_desa", "nama"]);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].1[1], "Café \"Batik\"");
        assert_eq!(
            (rows[0].0, rows[1].0),
            (2, 4),
            "line numbers count the blank line"
        );
    }

    #[test]
    fn old_mac_line_endings_count_as_lines() {
        // Regression (fuzz crash-f8da0ac7): a lone \r ends a record and a line.
        let (_, rows) = read_all(b"a,b\r1,x\r2,y\r\n3,z\n");
        assert_eq!(rows.iter().map(|r| r.0).collect::<Vec<_>>(), vec![2, 3, 4]);
    }

    #[test]
    fn title_lines_above_the_header_are_skipped() {
        let (headers, rows) = read_all(b"Data Produk Unggulan 2024\n\nid,name\nP1,Batik\n");
        assert_eq!(headers, vec!["id", "name"]);
        assert_eq!(rows, vec![(4, vec!["P1".to_string(), "Batik".to_string()])]);
        // A one-column file keeps its first row as the header.
        let (headers, rows) = read_all(b"village_code\n35.23.08.2008\n");
        assert_eq!((headers, rows.len()), (vec!["village_code".to_string()], 1));
    }

    /// Regression (issue 10): blank lines and a title line above a `;` header
    /// made the first line decide the separator (`,` by default), so the
    /// title became the header.
    #[test]
    fn blank_lines_and_a_title_do_not_decide_the_separator() {
        let (headers, rows) =
            read_all(b"\r\n\r\nData Penjualan 2024\r\nid_produk;tanggal;nilai\r\nB01;12/01/2024;15.000,50\r\n");
        assert_eq!(headers, vec!["id_produk", "tanggal", "nilai"]);
        assert_eq!(
            rows,
            vec![(
                5,
                vec!["B01".into(), "12/01/2024".into(), "15.000,50".into()]
            )]
        );
    }

    #[test]
    fn quoted_line_breaks_stay_in_one_field() {
        let (_, rows) = read_all(b"a,b\n1,\"two\nlines\"\n2,x\n");
        assert_eq!(rows[0].1[1], "two\nlines");
        assert_eq!(rows[1].0, 4);
    }

    #[test]
    fn empty_and_binary_files_are_bad_input() {
        let empty = write(b"");
        let err = CsvSource::open(empty.path()).err().unwrap();
        assert!(err.to_string().contains("empty"));
        let zip = write(b"PK\x03\x04rest");
        assert!(CsvSource::open(zip.path())
            .err()
            .unwrap()
            .to_string()
            .contains("XLSX"));
    }
}
