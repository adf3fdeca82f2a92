//! Column buffers that accepted rows are appended to, turned into a polars
//! DataFrame every chunk so memory stays bounded.

use polars::prelude::*;

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Str(PlSmallStr),
    F64(f64),
    I32(i32),
    /// Days since 1970-01-01.
    Date(i32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColType {
    Str,
    F64,
    I32,
    Date,
}

impl ColType {
    fn dtype(self) -> DataType {
        match self {
            ColType::Str => DataType::String,
            ColType::F64 => DataType::Float64,
            ColType::I32 => DataType::Int32,
            ColType::Date => DataType::Date,
        }
    }
}

enum ColBuf {
    Str(Vec<Option<PlSmallStr>>),
    F64(Vec<Option<f64>>),
    I32(Vec<Option<i32>>),
    Date(Vec<Option<i32>>),
}

pub struct TableBuf {
    names: Vec<&'static str>,
    cols: Vec<ColBuf>,
    types: Vec<ColType>,
    len: usize,
}

impl TableBuf {
    pub fn new(columns: &[(&'static str, ColType)]) -> TableBuf {
        let mut buf = TableBuf {
            names: columns.iter().map(|c| c.0).collect(),
            types: columns.iter().map(|c| c.1).collect(),
            cols: Vec::new(),
            len: 0,
        };
        buf.cols = buf.types.iter().map(|t| empty(*t)).collect();
        buf
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn schema(&self) -> Schema {
        self.names
            .iter()
            .zip(&self.types)
            .map(|(n, t)| Field::new((*n).into(), t.dtype()))
            .collect()
    }

    /// Appends one row; values must follow the column order and types.
    pub fn push(&mut self, row: Vec<Value>) {
        // A short row would be cut silently by the zip below.
        assert_eq!(
            row.len(),
            self.cols.len(),
            "a row's cells must match the columns"
        );
        for (col, value) in self.cols.iter_mut().zip(row) {
            match (col, value) {
                (ColBuf::Str(v), Value::Str(s)) => v.push(Some(s)),
                (ColBuf::F64(v), Value::F64(x)) => v.push(Some(x)),
                (ColBuf::I32(v), Value::I32(x)) => v.push(Some(x)),
                (ColBuf::Date(v), Value::Date(x)) => v.push(Some(x)),
                (ColBuf::Str(v), _) => v.push(None),
                (ColBuf::F64(v), _) => v.push(None),
                (ColBuf::I32(v), _) => v.push(None),
                (ColBuf::Date(v), _) => v.push(None),
            }
        }
        self.len += 1;
    }

    /// The buffered rows as a DataFrame; the buffer is left empty.
    pub fn take_frame(&mut self) -> PolarsResult<DataFrame> {
        let columns = self
            .names
            .iter()
            .zip(self.cols.iter_mut())
            .zip(&self.types)
            .map(|((name, col), ty)| {
                let name: PlSmallStr = (*name).into();
                let series = match std::mem::replace(col, empty(*ty)) {
                    ColBuf::Str(v) => v
                        .iter()
                        .map(|s| s.as_deref())
                        .collect::<StringChunked>()
                        .with_name(name)
                        .into_series(),
                    ColBuf::F64(v) => Series::new(name, v),
                    ColBuf::I32(v) => Series::new(name, v),
                    ColBuf::Date(v) => Series::new(name, v).cast(&DataType::Date)?,
                };
                Ok(Column::from(series))
            })
            .collect::<PolarsResult<Vec<_>>>()?;
        let height = self.len;
        self.len = 0;
        DataFrame::new(height, columns)
    }
}

fn empty(t: ColType) -> ColBuf {
    match t {
        ColType::Str => ColBuf::Str(Vec::new()),
        ColType::F64 => ColBuf::F64(Vec::new()),
        ColType::I32 => ColBuf::I32(Vec::new()),
        ColType::Date => ColBuf::Date(Vec::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_become_typed_columns_with_nulls() {
        let mut t = TableBuf::new(&[
            ("a", ColType::Str),
            ("b", ColType::F64),
            ("d", ColType::Date),
        ]);
        t.push(vec![
            Value::Str("x".into()),
            Value::F64(1.5),
            Value::Date(19_734),
        ]);
        t.push(vec![Value::Null, Value::Null, Value::Null]);
        let df = t.take_frame().unwrap();
        assert_eq!(df.height(), 2);
        assert_eq!(df.column("b").unwrap().null_count(), 1);
        assert_eq!(df.column("d").unwrap().dtype(), &DataType::Date);
        assert!(t.is_empty());
        assert_eq!(t.take_frame().unwrap().height(), 0);
    }
}
