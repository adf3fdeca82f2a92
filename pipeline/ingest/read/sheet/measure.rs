//! Measuring a workbook before calamine loads it: the container, each zip
//! part's unpacked size, the shared strings and an ODS sheet's repeated rows
//! and columns, against the limits of docs/data-contracts.md §8.

use super::*;

/// Refuses, before calamine allocates anything, a workbook that is
/// encrypted, is not the container its name says, or would expand past the
/// budget (module header).
pub(super) fn check_container(path: &Path, kind: Kind) -> Result<()> {
    let meta =
        std::fs::metadata(path).map_err(|e| bad_input!("{}: cannot open: {e}", path.display()))?;
    let mut magic = [0u8; 8];
    let n = File::open(path)
        .and_then(|mut f| f.read(&mut magic))
        .map_err(|e| bad_input!("{}: cannot read: {e}", path.display()))?;
    let cfb = n == 8 && magic == [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    let zip = n >= 4 && magic[..4] == *b"PK\x03\x04";
    match (kind, cfb, zip) {
        (Kind::Xls, true, _) => {
            let size = super::super::xls::measure(path, meta.len())?;
            if size.cells > DENSE_CELLS || size.text_bytes > WHOLE_PART_BYTES {
                return Err(bad_input!(
                    "{}: the sheets of this .xls expand to about {} cells and {} MB of text, more than {DENSE_CELLS} cells or {} MB; save the workbook as .xlsx (or the sheet as CSV)",
                    path.display(),
                    size.cells,
                    size.text_bytes >> 20,
                    WHOLE_PART_BYTES >> 20
                ));
            }
            Ok(())
        }
        (Kind::Xls, false, _) => Err(bad_input!(
            "{}: this is not an .xls workbook; save it again, or give the file the name of its real format",
            path.display()
        )),
        (_, true, _) => Err(bad_input!(
            "{}: the workbook is password-protected (encrypted); open it in the spreadsheet program, remove the password (File › Info › Protect Workbook) and save it again",
            path.display()
        )),
        (_, _, false) => Err(bad_input!(
            "{}: this is not a workbook (it is not a zip archive as .xlsx/.xlsb/.ods files are); save it again from the spreadsheet program",
            path.display()
        )),
        (kind, _, true) => check_zip(path, kind),
    }
}

/// Declared sizes and the real size of the parts calamine loads whole.
pub(super) fn check_zip(path: &Path, kind: Kind) -> Result<()> {
    let file = File::open(path).map_err(|e| bad_input!("{}: cannot open: {e}", path.display()))?;
    let mut zip = zip::ZipArchive::new(BufReader::new(file)).map_err(|e| damaged(path, e))?;
    let mut declared = 0u64;
    let mut whole = Vec::new();
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(|e| damaged(path, e))?;
        declared = declared.saturating_add(entry.size());
        let name = entry.name();
        // Sheets stream (XLSX, XLSB) and pictures are not read; the rest is read whole.
        let streamed = name.starts_with("xl/worksheets/") || name.starts_with("xl/media/");
        if !streamed || kind == Kind::Ods {
            whole.push(i);
        }
    }
    if declared > WORKBOOK_BYTES {
        return Err(bad_input!(
            "{}: the workbook declares {:.1} GB of content once unpacked (more than {} GB); save the sheet as CSV",
            path.display(),
            declared as f64 / 1e9,
            WORKBOOK_BYTES >> 30
        ));
    }
    for i in whole {
        let mut entry = zip.by_index(i).map_err(|e| damaged(path, e))?;
        let name = entry.name().to_string();
        if kind == Kind::Ods && name == "content.xml" {
            let size = ods_size(&mut (&mut entry).take(ODS_CONTENT_BYTES))
                .map_err(|e| damaged(path, e))?;
            if size.cells > DENSE_CELLS || size.text_bytes > WHOLE_PART_BYTES {
                return Err(bad_input!(
                    "{}: the sheets of this .ods expand to about {} cells and {} MB of text (repeated rows and columns), more than {DENSE_CELLS} cells or {} MB; save the sheet as .xlsx or CSV",
                    path.display(),
                    size.cells,
                    size.text_bytes >> 20,
                    WHOLE_PART_BYTES >> 20
                ));
            }
            continue;
        }
        let mut counter = SiCounter::default();
        let read = std::io::copy(&mut (&mut entry).take(WHOLE_PART_BYTES + 1), &mut counter)
            .map_err(|e| damaged(path, e))?;
        if read > WHOLE_PART_BYTES {
            return Err(bad_input!(
                "{}: the part {name} unpacks to more than {} MB (a zip bomb or a damaged file); save the workbook again, or the sheet as CSV",
                path.display(),
                WHOLE_PART_BYTES >> 20
            ));
        }
        if name.ends_with("sharedStrings.xml") && counter.found > MAX_SHARED_STRINGS {
            return Err(bad_input!(
                "{}: the workbook declares {} shared strings (at most {MAX_SHARED_STRINGS}); save the sheet as CSV",
                path.display(),
                counter.found
            ));
        }
    }
    Ok(())
}

/// Counts `<si>` / `<si ` (shared-string entries) in bytes written to it,
/// across write boundaries.
#[derive(Default)]
pub(super) struct SiCounter {
    pub(super) found: u64,
    pub(super) tail: Vec<u8>,
}

impl std::io::Write for SiCounter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut joined = std::mem::take(&mut self.tail);
        joined.extend_from_slice(buf);
        self.found += joined
            .windows(4)
            .filter(|w| w[..3] == *b"<si" && (w[3] == b'>' || w[3] == b' ' || w[3] == b'/'))
            .count() as u64;
        let keep = joined.len().min(3);
        self.tail = joined[joined.len() - keep..].to_vec();
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// What calamine would build from an ODS `content.xml`, counted the way it
/// builds it (calamine 0.30 `ods.rs`): per table, the rows up to the last
/// row with a value (repeated rows counted, empty rows only when a row with
/// a value follows) times the widest such row (repeated cells counted up to
/// the last cell with a value); and the text, each repeat a copy.
#[derive(Debug, Default, PartialEq)]
pub(super) struct OdsSize {
    pub(super) cells: u64,
    pub(super) text_bytes: u64,
}

/// Counts [`OdsSize`] for a `content.xml`; stops early once over the budget.
pub(super) fn ods_size(content: &mut impl Read) -> Result<OdsSize> {
    use quick_xml::events::{BytesStart, Event};
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(content));
    let mut buf = Vec::new();
    // The table being read, the row being read, the cell being read.
    let (mut rows, mut pending_rows, mut widest, mut bytes) = (0u64, 0u64, 0u64, 0u64);
    let (mut row_repeat, mut width, mut pending_cells, mut row_bytes) = (1u64, 0u64, 0u64, 0u64);
    let (mut in_cell, mut cell_repeat, mut cell_valued, mut cell_text) = (false, 1u64, false, 0u64);
    let mut size = OdsSize::default();
    let decoder = xml.decoder();
    let number = |e: &BytesStart, attr: &[u8]| -> u64 {
        e.attributes()
            .flatten()
            .find(|a| a.key.as_ref() == attr)
            .and_then(|a| {
                a.decode_and_unescape_value(decoder)
                    .ok()?
                    .trim()
                    .parse::<u64>()
                    .ok()
            })
            .unwrap_or(1)
    };
    let valued = |e: &BytesStart| {
        e.attributes().flatten().any(|a| {
            matches!(
                a.key.as_ref(),
                b"office:value"
                    | b"office:string-value"
                    | b"office:date-value"
                    | b"office:time-value"
                    | b"office:boolean-value"
            )
        })
    };
    loop {
        let event = xml.read_event_into(&mut buf)?;
        let (start, empty) = match &event {
            Event::Start(e) => (Some(e.clone()), false),
            Event::Empty(e) => (Some(e.clone()), true),
            _ => (None, false),
        };
        let mut end_cell = false;
        let mut end_row = false;
        let mut end_table = false;
        if let Some(e) = start {
            match e.name().as_ref() {
                b"table:table-row" => {
                    row_repeat = number(&e, b"table:number-rows-repeated");
                    (width, pending_cells, row_bytes) = (0, 0, 0);
                    end_row = empty;
                }
                b"table:table-cell" | b"table:covered-table-cell" => {
                    in_cell = true;
                    cell_repeat = number(&e, b"table:number-columns-repeated");
                    cell_valued = valued(&e);
                    cell_text = 0;
                    end_cell = empty;
                }
                b"table:table" if empty => end_table = true,
                _ => {}
            }
        }
        match &event {
            Event::Text(t) if in_cell => {
                let len = t.len() as u64;
                cell_text += len;
                cell_valued |= len > 0;
            }
            Event::End(e) => match e.name().as_ref() {
                b"table:table-cell" | b"table:covered-table-cell" => end_cell = true,
                b"table:table-row" => end_row = true,
                b"table:table" => end_table = true,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        if end_cell {
            in_cell = false;
            if cell_valued {
                width = width
                    .saturating_add(pending_cells)
                    .saturating_add(cell_repeat);
                pending_cells = 0;
                row_bytes = row_bytes.saturating_add(cell_text.saturating_mul(cell_repeat));
            } else {
                pending_cells = pending_cells.saturating_add(cell_repeat);
            }
        }
        if end_row {
            if width == 0 {
                pending_rows = pending_rows.saturating_add(row_repeat);
            } else {
                rows = rows.saturating_add(pending_rows).saturating_add(row_repeat);
                pending_rows = 0;
                widest = widest.max(width);
                bytes = bytes.saturating_add(row_bytes.saturating_mul(row_repeat));
            }
        }
        if end_table {
            size.cells = size.cells.saturating_add(rows.saturating_mul(widest));
            size.text_bytes = size.text_bytes.saturating_add(bytes);
            (rows, pending_rows, widest, bytes) = (0, 0, 0, 0);
        }
        buf.clear();
        let open = rows.saturating_mul(widest);
        if size.cells.saturating_add(open) > DENSE_CELLS
            || size.text_bytes.saturating_add(bytes) > WHOLE_PART_BYTES
        {
            size.cells = size.cells.saturating_add(open);
            size.text_bytes = size.text_bytes.saturating_add(bytes);
            break;
        }
    }
    Ok(size)
}
