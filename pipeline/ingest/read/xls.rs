//! Measuring an .xls (BIFF8) workbook before calamine reads it. calamine
//! builds every sheet of an .xls densely when it opens the file, and
//! allocates what the file's records claim: a DIMENSIONS record of 2^32 rows,
//! or one cell at (65535, 65535), costs gigabytes from a 5 KB file (issue 11).
//! So the OLE container is opened with the `cfb` crate (which checks its
//! structure against the file's size), the workbook stream is walked record
//! by record, and the file is refused when the cells calamine would build or
//! the text it would copy into them exceed the budget.

use std::io::Read;
use std::path::Path;

use anyhow::Result;

use crate::bad_input;

/// BIFF8 record types that matter here.
const BOF: u16 = 0x0809;
const DIMENSIONS: u16 = 0x0200;
const SST: u16 = 0x00FC;
const CONTINUE: u16 = 0x003C;
const LABELSST: u16 = 0x00FD;
const LABEL: u16 = 0x0204;
const RSTRING: u16 = 0x00D6;
const CELLS: [u16; 5] = [0x0203, 0x027E, 0x0205, 0x0006, 0x0201]; // NUMBER RK BOOLERR FORMULA BLANK
const MULRK: u16 = 0x00BD;
const MULBLANK: u16 = 0x00BE;

/// What calamine would build: cells over all sheets, and bytes of text.
#[derive(Debug, Default)]
pub struct XlsSize {
    pub cells: u64,
    pub text_bytes: u64,
}

fn damaged(path: &Path, what: impl std::fmt::Display) -> anyhow::Error {
    bad_input!(
        "{}: the .xls workbook is damaged ({what}); open it in a spreadsheet program and save it again (as .xlsx)",
        path.display()
    )
}

/// The size calamine would build for the workbook at `path` of `len` bytes.
pub fn measure(path: &Path, len: u64) -> Result<XlsSize> {
    let mut book = cfb::open(path).map_err(|e| damaged(path, e))?;
    let name = ["/Workbook", "/Book"]
        .into_iter()
        .find(|n| book.is_stream(n))
        .ok_or_else(|| damaged(path, "it has no Workbook stream"))?;
    let stream_len = book.entry(name).map_err(|e| damaged(path, e))?.len();
    if stream_len > len {
        return Err(damaged(
            path,
            "its workbook stream claims more bytes than the file holds",
        ));
    }
    let mut bytes = Vec::with_capacity(stream_len as usize);
    book.open_stream(name)
        .map_err(|e| damaged(path, e))?
        .take(len)
        .read_to_end(&mut bytes)
        .map_err(|e| damaged(path, e))?;
    Ok(size_of(&records(&bytes)))
}

/// The (type, payload) records of a BIFF stream; a record cut by the end of
/// the stream ends the walk.
fn records(stream: &[u8]) -> Vec<(u16, &[u8])> {
    let mut out = Vec::new();
    let mut at = 0;
    while at + 4 <= stream.len() {
        let kind = u16::from_le_bytes([stream[at], stream[at + 1]]);
        let len = u16::from_le_bytes([stream[at + 2], stream[at + 3]]) as usize;
        let Some(payload) = stream.get(at + 4..at + 4 + len) else {
            break;
        };
        out.push((kind, payload));
        at += 4 + len;
    }
    out
}

fn u16_at(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from(u16::from_le_bytes([
        *b.get(at)?,
        *b.get(at + 1)?,
    ])))
}

fn u32_at(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from(u32::from_le_bytes([
        *b.get(at)?,
        *b.get(at + 1)?,
        *b.get(at + 2)?,
        *b.get(at + 3)?,
    ])))
}

/// One sheet's extent: calamine's range spans the smallest and largest cell.
#[derive(Default)]
struct Extent {
    declared: u64,
    rows: Option<(u64, u64)>,
    cols: Option<(u64, u64)>,
}

impl Extent {
    fn add(&mut self, row: u64, col: u64) {
        let grow = |span: &mut Option<(u64, u64)>, v: u64| {
            *span = Some(span.map_or((v, v), |(lo, hi)| (lo.min(v), hi.max(v))));
        };
        grow(&mut self.rows, row);
        grow(&mut self.cols, col);
    }

    fn cells(&self) -> u64 {
        let span = |s: Option<(u64, u64)>| s.map_or(0, |(lo, hi)| hi - lo + 1);
        self.declared
            .max(span(self.rows).saturating_mul(span(self.cols)))
    }
}

fn size_of(records: &[(u16, &[u8])]) -> XlsSize {
    let mut size = XlsSize::default();
    let mut strings: Vec<u64> = Vec::new();
    let mut sheet = Extent::default();
    for (i, &(kind, data)) in records.iter().enumerate() {
        match kind {
            BOF => {
                size.cells = size.cells.saturating_add(sheet.cells());
                sheet = Extent::default();
            }
            SST => {
                let continues: Vec<&[u8]> = records[i + 1..]
                    .iter()
                    .take_while(|(k, _)| *k == CONTINUE)
                    .map(|(_, d)| *d)
                    .collect();
                strings = sst_lengths(data, &continues);
            }
            DIMENSIONS => {
                if let (Some(r0), Some(r1), Some(c0), Some(c1)) = (
                    u32_at(data, 0),
                    u32_at(data, 4),
                    u16_at(data, 8),
                    u16_at(data, 10),
                ) {
                    let declared = r1.saturating_sub(r0).saturating_mul(c1.saturating_sub(c0));
                    sheet.declared = sheet.declared.max(declared);
                }
            }
            LABELSST | LABEL | RSTRING => {
                if let (Some(row), Some(col)) = (u16_at(data, 0), u16_at(data, 2)) {
                    sheet.add(row, col);
                }
                let text = match kind {
                    LABELSST => u32_at(data, 6).and_then(|i| strings.get(i as usize).copied()),
                    _ => u16_at(data, 6),
                };
                // Up to three bytes of UTF-8 per character.
                size.text_bytes = size
                    .text_bytes
                    .saturating_add(text.unwrap_or(0).saturating_mul(3));
            }
            MULRK | MULBLANK => {
                if let (Some(row), Some(first), Some(last)) = (
                    u16_at(data, 0),
                    u16_at(data, 2),
                    data.len().checked_sub(2).and_then(|at| u16_at(data, at)),
                ) {
                    sheet.add(row, first);
                    sheet.add(row, last.max(first));
                }
            }
            k if CELLS.contains(&k) => {
                if let (Some(row), Some(col)) = (u16_at(data, 0), u16_at(data, 2)) {
                    sheet.add(row, col);
                }
            }
            _ => {}
        }
    }
    size.cells = size.cells.saturating_add(sheet.cells());
    size
}

/// The character counts of the strings of an SST record and its CONTINUE
/// records (BIFF8 XLUnicodeRichExtendedString). A string's characters may
/// continue in the next record, which then starts with a byte of flags.
fn sst_lengths(first: &[u8], continues: &[&[u8]]) -> Vec<u64> {
    let chunks: Vec<&[u8]> = std::iter::once(first)
        .chain(continues.iter().copied())
        .collect();
    let mut reader = Chunks {
        chunks: &chunks,
        chunk: 0,
        at: 0,
    };
    let mut lengths = Vec::new();
    let (Some(_total), Some(unique)) = (reader.u32(), reader.u32()) else {
        return lengths;
    };
    for _ in 0..unique {
        let (Some(cch), Some(flags)) = (reader.u16(), reader.u8()) else {
            break;
        };
        let mut wide = flags & 1 == 1;
        let runs = if flags & 8 != 0 {
            reader.u16()
        } else {
            Some(0)
        };
        let ext = if flags & 4 != 0 {
            reader.u32()
        } else {
            Some(0)
        };
        let (Some(runs), Some(ext)) = (runs, ext) else {
            break;
        };
        let mut left = cch;
        while left > 0 {
            if reader.chunk_end() {
                // The characters go on in the next record, after a flags byte.
                if !reader.next_chunk() {
                    break;
                }
                let Some(flags) = reader.u8() else { break };
                wide = flags & 1 == 1;
            }
            let width = if wide { 2 } else { 1 };
            let fit = (reader.left_in_chunk() / width).min(left as usize);
            if fit == 0 {
                break;
            }
            reader.at += fit * width;
            left -= fit as u64;
        }
        lengths.push(cch);
        if !reader.skip(runs * 4 + ext) {
            break;
        }
    }
    lengths
}

/// A cursor over consecutive record payloads.
struct Chunks<'a> {
    chunks: &'a [&'a [u8]],
    chunk: usize,
    at: usize,
}

impl Chunks<'_> {
    fn chunk_end(&self) -> bool {
        self.chunks
            .get(self.chunk)
            .is_none_or(|c| self.at >= c.len())
    }

    fn left_in_chunk(&self) -> usize {
        self.chunks
            .get(self.chunk)
            .map_or(0, |c| c.len().saturating_sub(self.at))
    }

    fn next_chunk(&mut self) -> bool {
        self.chunk += 1;
        self.at = 0;
        self.chunk < self.chunks.len()
    }

    fn u8(&mut self) -> Option<u64> {
        while self.chunk_end() {
            if !self.next_chunk() {
                return None;
            }
        }
        let b = self.chunks[self.chunk][self.at];
        self.at += 1;
        Some(u64::from(b))
    }

    fn u16(&mut self) -> Option<u64> {
        Some(self.u8()? | self.u8()? << 8)
    }

    fn u32(&mut self) -> Option<u64> {
        Some(self.u16()? | self.u16()? << 16)
    }

    fn skip(&mut self, mut n: u64) -> bool {
        while n > 0 {
            if self.chunk_end() && !self.next_chunk() {
                return false;
            }
            let step = (self.left_in_chunk() as u64).min(n);
            self.at += step as usize;
            n -= step;
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: u16, data: &[u8]) -> Vec<u8> {
        let mut r = kind.to_le_bytes().to_vec();
        r.extend((data.len() as u16).to_le_bytes());
        r.extend(data);
        r
    }

    /// Strings split across a CONTINUE record (with its flags byte), and the cells a sheet spans.
    #[test]
    fn strings_and_extents_by_hand() {
        // SST: 2 strings: "abc" (compressed), then "hello" whose last 2 chars are in a CONTINUE.
        let mut sst = 2u32.to_le_bytes().to_vec();
        sst.extend(2u32.to_le_bytes());
        sst.extend([3, 0, 0]);
        sst.extend(b"abc");
        sst.extend([5, 0, 0]);
        sst.extend(b"hel");
        let cont = [0u8, b'l', b'o'];
        let mut stream = record(BOF, &[0; 16]);
        stream.extend(record(SST, &sst));
        stream.extend(record(CONTINUE, &cont));
        stream.extend(record(BOF, &[0; 16]));
        // LABELSST at (10, 2) → string 1 ("hello"), NUMBER at (20, 5).
        let mut label = 10u16.to_le_bytes().to_vec();
        label.extend(2u16.to_le_bytes());
        label.extend(0u16.to_le_bytes());
        label.extend(1u32.to_le_bytes());
        stream.extend(record(LABELSST, &label));
        let mut number = 20u16.to_le_bytes().to_vec();
        number.extend(5u16.to_le_bytes());
        number.extend([0; 10]);
        stream.extend(record(0x0203, &number));
        let recs = records(&stream);
        let size = size_of(&recs);
        assert_eq!(size.cells, 11 * 4);
        assert_eq!(size.text_bytes, 5 * 3);
        assert_eq!(sst_lengths(&sst, &[&cont]), vec![3, 5]);
    }

    /// A DIMENSIONS record claiming 2^32 rows counts as what calamine would allocate.
    #[test]
    fn declared_dimensions_count() {
        let mut dims = 0u32.to_le_bytes().to_vec();
        dims.extend(u32::MAX.to_le_bytes());
        dims.extend(0u16.to_le_bytes());
        dims.extend(0xFFFFu16.to_le_bytes());
        dims.extend([0, 0]);
        let stream = [record(BOF, &[0; 16]), record(DIMENSIONS, &dims)].concat();
        assert!(size_of(&records(&stream)).cells > 1 << 40);
    }
}
