//! Table output: CSV streamed through csv::Writer, or Parquet parts built from
//! column builders and written with zstd and full statistics.

use super::*;

#[derive(Clone, Copy)]
pub(super) enum Kind {
    Str,
    Int,
    Float,
    Date,
}

/// A value of one row; `Date` is days since 1970-01-01; floats are written with 2 decimals.
pub(super) enum Cell<'a> {
    Str(&'a str),
    Int(i64),
    Float(f64),
    Date(i32),
}

pub(super) struct TableWriter {
    pub(super) inner: Sink,
    pub(super) files: Vec<PathBuf>,
}

pub(super) enum Sink {
    Csv {
        writer: Box<csv::Writer<BufWriter<File>>>,
        scratch: String,
    },
    Parquet(ParquetParts),
}

pub(super) struct ParquetParts {
    pub(super) dir: PathBuf,
    pub(super) name: &'static str,
    pub(super) columns: &'static [(&'static str, Kind)],
    /// `Some(n)`: `<name>/part-0000.parquet`, … with at most n rows each;
    /// `None`: one `<name>.parquet`.
    pub(super) part_rows: Option<usize>,
    pub(super) builders: Vec<Builder>,
    pub(super) rows: usize,
}

pub(super) enum Builder {
    Str(StringChunkedBuilder),
    Int(PrimitiveChunkedBuilder<Int64Type>),
    Float(PrimitiveChunkedBuilder<Float64Type>),
    Date(PrimitiveChunkedBuilder<Int32Type>),
}

impl TableWriter {
    pub(super) fn create(
        dir: &Path,
        name: &'static str,
        columns: &'static [(&'static str, Kind)],
        format: Format,
        part_rows: Option<usize>,
    ) -> anyhow::Result<TableWriter> {
        let inner = match format {
            Format::Csv => {
                let path = dir.join(format!("{name}.csv"));
                refuse_link_file(&path)?;
                let file = File::create(&path)
                    .with_context(|| format!("cannot write {}", path.display()))?;
                let mut writer = Box::new(csv::Writer::from_writer(BufWriter::with_capacity(
                    1 << 20,
                    file,
                )));
                writer.write_record(columns.iter().map(|(column, _)| column))?;
                return Ok(TableWriter {
                    inner: Sink::Csv {
                        writer,
                        scratch: String::new(),
                    },
                    files: vec![path],
                });
            }
            Format::Parquet => {
                if part_rows.is_some() {
                    remove_old_parts(&dir.join(name))?;
                }
                let builders = new_builders(columns, part_rows.unwrap_or(0));
                Sink::Parquet(ParquetParts {
                    dir: dir.to_path_buf(),
                    name,
                    columns,
                    part_rows,
                    builders,
                    rows: 0,
                })
            }
        };
        Ok(TableWriter {
            inner,
            files: Vec::new(),
        })
    }

    pub(super) fn write(&mut self, row: &[Cell]) -> anyhow::Result<()> {
        match &mut self.inner {
            Sink::Csv { writer, scratch } => {
                for cell in row {
                    scratch.clear();
                    match cell {
                        Cell::Str(s) => writer.write_field(s)?,
                        Cell::Int(n) => {
                            write!(scratch, "{n}")?;
                            writer.write_field(&*scratch)?;
                        }
                        Cell::Float(x) => {
                            write!(scratch, "{x:.2}")?;
                            writer.write_field(&*scratch)?;
                        }
                        Cell::Date(days) => {
                            let (y, m, d) = civil_from_days(*days);
                            write!(scratch, "{y:04}-{m:02}-{d:02}")?;
                            writer.write_field(&*scratch)?;
                        }
                    }
                }
                writer.write_record(None::<&[u8]>)?;
            }
            Sink::Parquet(parts) => {
                parts.push(row);
                if parts.part_rows == Some(parts.rows) {
                    self.files.push(parts.flush(self.files.len())?);
                }
            }
        }
        Ok(())
    }

    /// Flushes and closes; returns every file written.
    pub(super) fn finish(mut self) -> anyhow::Result<Vec<PathBuf>> {
        match &mut self.inner {
            Sink::Csv { writer, .. } => writer.flush()?,
            // The last part, or an empty one so that the dataset always has a schema.
            Sink::Parquet(parts) => {
                if parts.rows > 0 || self.files.is_empty() {
                    self.files.push(parts.flush(self.files.len())?);
                }
            }
        }
        Ok(self.files)
    }
}

impl ParquetParts {
    pub(super) fn push(&mut self, row: &[Cell]) {
        for (builder, cell) in self.builders.iter_mut().zip(row) {
            match (builder, cell) {
                (Builder::Str(b), Cell::Str("")) => b.append_null(),
                (Builder::Str(b), Cell::Str(s)) => b.append_value(s),
                (Builder::Int(b), Cell::Int(n)) => b.append_value(*n),
                (Builder::Float(b), Cell::Float(x)) => b.append_value(*x),
                (Builder::Date(b), Cell::Date(d)) => b.append_value(*d),
                _ => unreachable!("cell kinds follow the table's columns"),
            }
        }
        self.rows += 1;
    }

    pub(super) fn flush(&mut self, part: usize) -> anyhow::Result<PathBuf> {
        let capacity = self.part_rows.unwrap_or(0);
        let builders = std::mem::replace(&mut self.builders, new_builders(self.columns, capacity));
        let columns: Vec<Column> = builders.into_iter().map(Builder::finish).collect();
        let frame = DataFrame::new(self.rows, columns)?;
        self.rows = 0;
        let path = match self.part_rows {
            Some(_) => {
                let folder = self.dir.join(self.name);
                fs::create_dir_all(&folder)?;
                folder.join(format!("part-{part:04}.parquet"))
            }
            None => self.dir.join(format!("{}.parquet", self.name)),
        };
        refuse_link_file(&path)?;
        // The lake's Parquet writer (zstd, min/max statistics), through a
        // temporary file so an interrupted run leaves no half part.
        let tmp = crate::lake::parquet::write_temp(&frame, &path)?;
        crate::files::persist(tmp, &path)?;
        Ok(path)
    }
}

pub(super) fn new_builders(columns: &[(&'static str, Kind)], capacity: usize) -> Vec<Builder> {
    columns
        .iter()
        .map(|&(name, kind)| {
            let name = PlSmallStr::from_static(name);
            match kind {
                Kind::Str => Builder::Str(StringChunkedBuilder::new(name, capacity)),
                Kind::Int => Builder::Int(PrimitiveChunkedBuilder::new(name, capacity)),
                Kind::Float => Builder::Float(PrimitiveChunkedBuilder::new(name, capacity)),
                Kind::Date => Builder::Date(PrimitiveChunkedBuilder::new(name, capacity)),
            }
        })
        .collect()
}

impl Builder {
    pub(super) fn finish(self) -> Column {
        match self {
            Builder::Str(b) => b.finish().into_column(),
            Builder::Int(b) => b.finish().into_column(),
            Builder::Float(b) => b.finish().into_column(),
            Builder::Date(b) => b.finish().into_date().into_column(),
        }
    }
}

/// A file `generate` is about to write must not be a link: writing would
/// replace the file it points to, which may be anyone's.
pub(super) fn refuse_link_file(path: &Path) -> anyhow::Result<()> {
    if fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(crate::bad_input!(
            "{} is a symbolic link; `ovop generate` does not write through links. Remove it",
            path.display()
        ));
    }
    Ok(())
}

/// Parts left by an earlier, larger run would otherwise join this run's dataset.
pub(super) fn remove_old_parts(folder: &Path) -> anyhow::Result<()> {
    let Ok(entries) = fs::read_dir(folder) else {
        return Ok(());
    };
    for entry in entries {
        let path = entry?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if name.starts_with("part-") && name.ends_with(".parquet") {
            fs::remove_file(&path).with_context(|| format!("cannot remove {}", path.display()))?;
        }
    }
    Ok(())
}
