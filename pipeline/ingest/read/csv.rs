//! CSV files as spreadsheets save them: UTF-8 with or without BOM, or
//! Windows-1252; comma, semicolon, tab or pipe separated; quoted fields with
//! line breaks. Records stream one at a time with their line number, so a
//! 100-million-row file never sits in memory.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use anyhow::Result;

use super::Record;
use crate::bad_input;

pub struct CsvSource {
    reader: csv::Reader<BufReader<File>>,
    pub headers: Vec<String>,
    pub delimiter: u8,
    record: csv::ByteRecord,
    lines: LineCounter,
}

/// Turns a record's byte offset into its line number. The csv crate's own
/// line count skips blank lines, so we count newlines ourselves, reading the
/// file a second time alongside (sequentially, so the cost stays linear).
struct LineCounter {
    reader: BufReader<File>,
    offset: u64,
    line: u64,
}

impl LineCounter {
    fn line_at(&mut self, byte: u64) -> std::io::Result<u64> {
        let mut buf = [0u8; 8192];
        while self.offset < byte {
            let want = (byte - self.offset).min(buf.len() as u64) as usize;
            let n = self.reader.read(&mut buf[..want])?;
            if n == 0 {
                break;
            }
            self.line += buf[..n].iter().filter(|&&b| b == b'\n').count() as u64;
            self.offset += n as u64;
        }
        // The offset csv reports is where the previous record's line ending
        // begins; the record itself starts after the line endings.
        loop {
            let buf = std::io::BufRead::fill_buf(&mut self.reader)?;
            let skip = buf
                .iter()
                .take_while(|&&b| b == b'\r' || b == b'\n')
                .count();
            if skip == 0 {
                break;
            }
            self.line += buf[..skip].iter().filter(|&&b| b == b'\n').count() as u64;
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
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(BufReader::with_capacity(1 << 20, file));
        let mut record = csv::ByteRecord::new();
        let headers = loop {
            let more = reader
                .read_byte_record(&mut record)
                .map_err(|e| csv_error(path, &e))?;
            if !more {
                return Err(bad_input!(
                    "{}: the file is empty; it needs a header row and at least one data row",
                    path.display()
                ));
            }
            // Skip blank lines above the header.
            if record
                .iter()
                .any(|f| !f.iter().all(u8::is_ascii_whitespace))
            {
                break record.iter().map(decode).collect::<Vec<_>>();
            }
        };
        let lines = LineCounter {
            reader: BufReader::new(File::open(path)?),
            offset: 0,
            line: 1,
        };
        Ok(CsvSource {
            reader,
            headers,
            delimiter,
            record,
            lines,
        })
    }

    /// Bytes of the file read so far (for progress bars).
    pub fn bytes_read(&self) -> u64 {
        self.lines.offset
    }

    /// The next data row, skipping blank lines; `None` at the end of the file.
    pub fn next_record(&mut self, path: &Path) -> Result<Option<Record>> {
        loop {
            let more = self
                .reader
                .read_byte_record(&mut self.record)
                .map_err(|e| csv_error(path, &e))?;
            if !more {
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
                fields: self.record.iter().map(decode).collect(),
            }));
        }
    }
}

/// A field as text: UTF-8 when it is valid UTF-8, else Windows-1252 (what
/// Excel writes on Indonesian Windows), decided per field so mixed files work.
fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
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

/// The separator that splits the first line into the most fields (outside quotes).
fn sniff_delimiter(sample: &[u8]) -> u8 {
    let mut counts = [0usize; 4];
    let candidates = [b',', b';', b'\t', b'|'];
    let mut in_quotes = false;
    for &b in sample {
        match b {
            b'"' => in_quotes = !in_quotes,
            b'\n' if !in_quotes => break,
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
            rows.push((r.line, r.fields));
        }
        (src.headers, rows)
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
