//! Turning one CSV record into a lake row, or into a rejection with a reason.
//! Each column is parsed by its kind (see `contract`); then the dataset's own
//! rules run (a sale needs a date or year + month, a product's village must
//! exist, keys must be unique, dates must not lie in the future).

use crate::{FastMap, FastSet};

use chrono::{Datelike, NaiveDate};

use super::contract::{ColumnSpec, Kind};
use super::parse::{self, DecimalMark, NumberError};
use super::read::Record;
use super::table::{ColType, Value};
use crate::domain::Dataset;
use crate::reference::Reference;

/// Why a row was rejected: the column, the raw value and the reason.
#[derive(Debug, Clone, PartialEq)]
pub struct Rejection {
    pub column: String,
    pub value: String,
    pub reason: String,
}

fn reject(column: &str, value: &str, reason: impl Into<String>) -> Rejection {
    Rejection {
        column: column.into(),
        value: value.into(),
        reason: reason.into(),
    }
}

/// The lake columns of a dataset: its contract columns, plus the names from the
/// reference for villages; sales get `year` back when their file of one year is written.
pub fn lake_columns(dataset: Dataset) -> Vec<(&'static str, ColType)> {
    let mut cols: Vec<(&'static str, ColType)> = super::contract::columns(dataset)
        .iter()
        .filter(|c| !(dataset == Dataset::Sales && c.name == "year"))
        .map(|c| (c.name, col_type(c.kind)))
        .collect();
    if dataset == Dataset::Villages {
        cols.extend([
            ("village_name", ColType::Str),
            ("district_code", ColType::Str),
            ("district_name", ColType::Str),
        ]);
    }
    cols
}

fn col_type(kind: Kind) -> ColType {
    match kind {
        Kind::NonNegative | Kind::Number | Kind::Degrees(_) | Kind::Share => ColType::F64,
        Kind::Year | Kind::Month | Kind::Level(..) => ColType::I32,
        Kind::Date => ColType::Date,
        _ => ColType::Str,
    }
}

/// The longest text a name, code or note may be (bytes).
const MAX_TEXT_BYTES: usize = 100_000;

/// What a row is checked against beyond its own values.
#[derive(Clone)]
pub struct RowContext {
    pub dataset: Dataset,
    /// Contract column index → index of the field in the record.
    pub mapping: Vec<Option<usize>>,
    /// Decimal mark per contract column (decided for the whole column).
    pub marks: Vec<Option<DecimalMark>>,
    pub allow_unknown_codes: bool,
    /// Products already known (for sales and assessments); None = not checked.
    pub known_products: Option<FastSet<String>>,
    /// Keys accepted so far, with the line that gave them (0: an earlier
    /// batch in the lake), to reject duplicates. A line number, not a text:
    /// millions of keys must not each carry the file's path.
    pub seen_keys: FastMap<String, u64>,
    pub today: NaiveDate,
    pub score_range: (f64, f64),
    /// How the current file names a row position, e.g. `sales.csv line`.
    pub location: String,
    /// The study's own economy sectors (`economy.sector_list`), for economy rows.
    pub sectors: Option<Vec<String>>,
}

/// A parsed row: the lake values, for sales the year partition, and the
/// cells of optional columns that were left empty because their value is not
/// in the column's vocabulary (the row is kept).
pub struct Parsed {
    pub values: Vec<Value>,
    pub year: Option<i32>,
    pub dropped: Vec<Rejection>,
}

impl RowContext {
    pub fn parse(&mut self, record: &Record) -> Result<Parsed, Rejection> {
        let specs = super::contract::columns(self.dataset);
        let mut values = Vec::with_capacity(specs.len() + 3);
        let mut dropped = Vec::new();
        for (i, spec) in specs.iter().enumerate() {
            let field = self.mapping[i];
            let raw = field
                .and_then(|j| record.fields.get(j))
                .map(|s| s.trim())
                .unwrap_or("");
            if raw.is_empty() || is_null_marker(raw) {
                if spec.required {
                    return Err(reject(
                        spec.name,
                        raw,
                        format!("missing {}: the column is required", spec.name),
                    ));
                }
                values.push(Value::Null);
                continue;
            }
            // A spreadsheet number cell is a number: its text is plain, so the
            // study's decimal mark (meant for typed text) does not apply.
            let mark = match field.is_some_and(|j| record.is_native(j)) {
                true => Some(DecimalMark::Point),
                false => self.marks[i],
            };
            let value = match spec.kind {
                Kind::SetOf(vocab) => {
                    let (value, unknown) = set_of(vocab, raw);
                    dropped.extend(unknown.into_iter().map(|item| {
                        reject(
                            spec.name,
                            &item,
                            format!(
                                "{item:?} is not one of: {}; dropped from the list, the rest kept",
                                vocab.describe()
                            ),
                        )
                    }));
                    Ok(value)
                }
                _ => self.parse_value(spec, raw, mark),
            };
            match value {
                Ok(v) => values.push(v),
                // An unknown word in an optional column costs that cell, not the row.
                Err(mut rej) if !spec.required && matches!(spec.kind, Kind::OneOf(_)) => {
                    rej.reason
                        .push_str("; the cell was left empty and the row kept");
                    dropped.push(rej);
                    values.push(Value::Null);
                }
                Err(rej) => return Err(rej),
            }
        }
        let mut parsed = self.dataset_rules(values, record.line)?;
        parsed.dropped = dropped;
        Ok(parsed)
    }

    fn parse_value(
        &self,
        spec: &ColumnSpec,
        raw: &str,
        mark: Option<DecimalMark>,
    ) -> Result<Value, Rejection> {
        let r = |reason: String| reject(spec.name, raw, reason);
        let number = |raw: &str| {
            match parse::parse_number(raw, mark) {
            Ok(v) => Ok(v),
            Err(NumberError::Ambiguous) => Err(r(format!(
                "{raw:?} could be read with '.' or ',' as the decimal mark; set decimal = \"comma\" or \"point\" in the study"
            ))),
            Err(NumberError::Invalid(m)) => Err(r(m)),
        }
        };
        let reference = Reference::get();
        Ok(match spec.kind {
            Kind::Text | Kind::Id => {
                if raw.len() > MAX_TEXT_BYTES {
                    return Err(r(format!(
                        "is {} characters long; a name, code or note of more than {MAX_TEXT_BYTES} bytes is not one (is the column the right one?)",
                        raw.chars().count()
                    )));
                }
                if let Some(c) = raw
                    .chars()
                    .find(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
                {
                    return Err(r(format!(
                        "contains the control character U+{:04X}; remove it (it would corrupt reports and charts)",
                        c as u32
                    )));
                }
                Value::Str(raw.into())
            }
            Kind::VillageCode => {
                let code = parse::normalise_code(raw).map_err(r)?;
                if code.len() != 13 {
                    return Err(r(format!(
                        "{code} is not a village code (a village has four segments: 35.23.08.2008)"
                    )));
                }
                if !self.allow_unknown_codes && reference.village(&code).is_none() {
                    return Err(r(unknown_code_reason(&code)));
                }
                Value::Str(code.into())
            }
            Kind::RegionOrCountry | Kind::RegionCode => {
                let code = if matches!(spec.kind, Kind::RegionCode) {
                    parse::normalise_code(raw)
                } else {
                    parse::normalise_region(raw)
                }
                .map_err(r)?;
                let is_country = code.as_bytes()[0].is_ascii_alphabetic();
                if !is_country && !self.allow_unknown_codes && !reference.contains(&code) {
                    return Err(r(unknown_code_reason(&code)));
                }
                Value::Str(code.into())
            }
            Kind::NonNegative => {
                let v = number(raw)?;
                if v < 0.0 {
                    return Err(r(format!(
                        "{raw} is negative; {} cannot be below 0",
                        spec.name
                    )));
                }
                Value::F64(v)
            }
            Kind::Number => Value::F64(number(raw)?),
            Kind::Degrees(limit) => {
                let v = number(raw)?;
                let limit = f64::from(limit);
                if !(-limit..=limit).contains(&v) {
                    return Err(r(format!("{raw} is outside ±{limit}°; check that latitude and longitude are not swapped")));
                }
                Value::F64(v)
            }
            Kind::Share => Value::F64(parse::parse_share(raw, mark).map_err(r)?),
            Kind::Date => {
                let d = parse::parse_date(raw).map_err(r)?;
                if d > self.today {
                    return Err(r(format!("{d} is in the future")));
                }
                Value::Date(days_since_epoch(d))
            }
            Kind::Year => {
                let y = integer(raw).filter(|y| (1900..=2100).contains(y));
                Value::I32(y.ok_or_else(|| r(format!("{raw:?} is not a year (1900–2100)")))?)
            }
            Kind::Month => {
                let m = integer(raw)
                    .filter(|m| (1..=12).contains(m))
                    .or_else(|| parse::month_from_name(raw).map(|m| m as i32));
                Value::I32(
                    m.ok_or_else(|| r(format!("{raw:?} is not a month (1–12 or a month name)")))?,
                )
            }
            Kind::Level(lo, hi) => {
                let v = integer(raw).filter(|v| (lo..=hi).contains(v));
                Value::I32(v.ok_or_else(|| {
                    r(format!("{raw:?} must be a whole number from {lo} to {hi}"))
                })?)
            }
            // A study's own sector list replaces BPS's 17 categories (its TOTAL stays).
            Kind::OneOf(vocab) if spec.name == "sector" && self.sectors.is_some() => {
                let list = self.sectors.as_deref().unwrap_or_default();
                let k = crate::domain::vocab::key(raw);
                let total = vocab.lookup(raw) == Some(crate::domain::vocab::TOTAL_SECTOR);
                match list.iter().find(|s| crate::domain::vocab::key(s) == k) {
                    _ if total => Value::Str(crate::domain::vocab::TOTAL_SECTOR.into()),
                    Some(sector) => Value::Str(sector.as_str().into()),
                    None => {
                        return Err(r(format!(
                            "{raw:?} is not one of the study's sectors (economy.sector_list): {}",
                            list.join(", ")
                        )))
                    }
                }
            }
            Kind::OneOf(vocab) => match vocab.lookup(raw) {
                Some(word) => Value::Str(word.into()),
                None => return Err(r(format!("{raw:?} is not one of: {}", vocab.describe()))),
            },
            Kind::SetOf(vocab) => set_of(vocab, raw).0,
        })
    }

    /// Rules across columns and rows; also derives the extra lake columns.
    fn dataset_rules(&mut self, mut values: Vec<Value>, line: u64) -> Result<Parsed, Rejection> {
        let text = |v: &Value| match v {
            Value::Str(s) => s.to_string(),
            _ => String::new(),
        };
        let str_of = |v: &Value| match v {
            Value::Str(s) => s.clone(),
            _ => Default::default(),
        };
        // Columns by name, in contract order (`contract::columns`).
        let dataset = self.dataset;
        let at = |name: &str| super::contract::position(dataset, name);
        match self.dataset {
            Dataset::Villages => {
                let code = text(&values[at("village_code")]);
                self.unique_key(code.clone(), "village_code", line)?;
                let village = Reference::get().village(&code);
                let name = |f: fn(&crate::reference::Village) -> &String| {
                    village.map_or(Value::Null, |v| Value::Str(f(v).as_str().into()))
                };
                values.push(name(|v| &v.name));
                values.push(name(|v| &v.district_code));
                values.push(name(|v| &v.district_name));
                Ok(Parsed {
                    values,
                    year: None,
                    dropped: Vec::new(),
                })
            }
            Dataset::Products => {
                let id = text(&values[at("product_id")]);
                self.unique_key(id, "product_id", line)?;
                Ok(Parsed {
                    values,
                    year: None,
                    dropped: Vec::new(),
                })
            }
            Dataset::Sales => {
                self.known_product(&str_of(&values[at("product_id")]))?;
                let (date_at, year_at, month_at) = (at("date"), at("year"), at("month"));
                let (date, year, month) = (&values[date_at], &values[year_at], &values[month_at]);
                let date = match (date, year, month) {
                    (Value::Date(d), _, _) => *d,
                    (_, Value::I32(y), Value::I32(m)) => {
                        let d = NaiveDate::from_ymd_opt(*y, *m as u32, 1).unwrap_or_default();
                        if d > self.today {
                            return Err(reject(
                                "year",
                                &y.to_string(),
                                format!("{y}-{m:02} is in the future"),
                            ));
                        }
                        days_since_epoch(d)
                    }
                    _ => {
                        return Err(reject(
                            "date",
                            "",
                            "a sale needs a date, or a year and a month",
                        ))
                    }
                };
                let d = epoch() + chrono::Duration::days(date as i64);
                values[date_at] = Value::Date(date);
                values[month_at] = Value::I32(d.month() as i32);
                // The year picks the file (one per year); the writer adds it back as a column.
                values.remove(year_at);
                Ok(Parsed {
                    values,
                    year: Some(d.year()),
                    dropped: Vec::new(),
                })
            }
            Dataset::Assessments => {
                self.known_product(&str_of(&values[at("product_id")]))?;
                if let Value::F64(score) = values[at("score")] {
                    let (lo, hi) = self.score_range;
                    if !(lo..=hi).contains(&score) {
                        return Err(reject(
                            "score",
                            &score.to_string(),
                            format!("a score must lie on the scale {lo}–{hi}"),
                        ));
                    }
                }
                Ok(Parsed {
                    values,
                    year: None,
                    dropped: Vec::new(),
                })
            }
            Dataset::Economy => {
                let key = ["region_code", "year", "sector", "measure"]
                    .map(|c| match &values[at(c)] {
                        Value::Str(s) => s.to_string(),
                        Value::I32(y) => y.to_string(),
                        _ => String::new(),
                    })
                    .join(" ");
                self.unique_key(key, "region_code, year, sector, measure", line)?;
                Ok(Parsed {
                    values,
                    year: None,
                    dropped: Vec::new(),
                })
            }
        }
    }

    fn unique_key(&mut self, key: String, column: &str, line: u64) -> Result<(), Rejection> {
        if let Some(&first) = self.seen_keys.get(&key) {
            let at = match first {
                0 => "an earlier batch in the lake".to_string(),
                n => format!("{} {n}", self.location),
            };
            return Err(reject(
                column,
                &key,
                format!("duplicate {column}: already given at {at}"),
            ));
        }
        self.seen_keys.insert(key, line);
        Ok(())
    }

    fn known_product(&self, id: &str) -> Result<(), Rejection> {
        match &self.known_products {
            Some(known) if !known.contains(id) => Err(reject(
                "product_id",
                id,
                "unknown product_id: it is not in the products dataset; ingest that product first or fix the id",
            )),
            _ => Ok(()),
        }
    }
}

fn unknown_code_reason(code: &str) -> String {
    let reference = Reference::get();
    let mut reason = format!("{code} is not in the national reference (Kepmendagri 2025)");
    // Kemendagri village numbers start with 1 (kelurahan) or 2 (desa); BPS numbers
    // villages PP.KK.DDD.VVV, which read as a last segment starting with 0.
    if code.len() == 13 && code.as_bytes()[9] == b'0' {
        reason.push_str(
            "; it looks like a BPS statistical code (BPS numbers villages differently from Kemendagri): use the village's Kemendagri code",
        );
        return reason;
    }
    // A village that was split or merged (pemekaran) leaves its district behind.
    let parent = &code[..code.rfind('.').unwrap_or(0)];
    if !parent.is_empty() && reference.contains(parent) {
        reason.push_str(&format!(
            "; its parent {parent} ({}) exists, so the village may have been split, merged or renumbered: look up its current code",
            reference.area_name(parent).unwrap_or("?")
        ));
    } else {
        reason.push_str("; BPS statistical codes differ from Kemendagri codes: convert them, or set allow_unknown_codes = true");
    }
    reason
}

/// The listed words of a `;`/`,`-separated cell, sorted and without
/// duplicates, joined by `;` (null when none is listed), and the items that
/// are not in the vocabulary.
fn set_of(vocab: &crate::domain::vocab::Vocab, raw: &str) -> (Value, Vec<String>) {
    let mut known = Vec::new();
    let mut unknown = Vec::new();
    for item in raw
        .split([';', ','])
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        match vocab.lookup(item) {
            Some(word) => known.push(word),
            None => unknown.push(item.to_string()),
        }
    }
    known.sort_unstable();
    known.dedup();
    let value = match known.is_empty() {
        true => Value::Null,
        false => Value::Str(known.join(";").into()),
    };
    (value, unknown)
}

fn is_null_marker(raw: &str) -> bool {
    // Runs on every cell: compare without allocating an upper-case copy.
    raw.len() <= 4
        && ["NA", "N/A", "#N/A", "NULL", "-"]
            .iter()
            .any(|m| raw.eq_ignore_ascii_case(m))
}

fn integer(raw: &str) -> Option<i32> {
    let v: f64 = raw.trim().parse().ok()?;
    (v.fract() == 0.0 && v.abs() < 1e9).then_some(v as i32)
}

fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date")
}

pub fn days_since_epoch(d: NaiveDate) -> i32 {
    (d - epoch()).num_days() as i32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn villages(marks: Option<DecimalMark>) -> RowContext {
        RowContext {
            dataset: Dataset::Villages,
            // village_code in field 0, area_km2 in field 1
            mapping: vec![Some(0), None, None, Some(1), None, None],
            marks: vec![marks; 6],
            allow_unknown_codes: false,
            known_products: None,
            seen_keys: Default::default(),
            sectors: None,
            today: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            score_range: (1.0, 5.0),
            location: "desa.xlsx row".into(),
        }
    }

    fn record(fields: &[&str], native: Option<&[bool]>) -> Record {
        Record {
            line: 2,
            fields: fields.iter().map(|f| (*f).into()).collect(),
            native: native.map(|n| n.to_vec().into()),
        }
    }

    /// Regression (issue 10): with decimal = "comma", a number cell holding 12.345 was re-read
    /// as the text "12.345", i.e. 12345. A number cell is a number; the mark is for typed text.
    #[test]
    fn a_number_cell_is_a_number_whatever_the_decimal_mark() {
        let mut ctx = villages(Some(DecimalMark::Comma));
        let cell = ctx
            .parse(&record(&["3522151005", "12.345"], Some(&[true, true])))
            .unwrap();
        assert_eq!(cell.values[3], Value::F64(12.345));
        let text = villages(Some(DecimalMark::Comma))
            .parse(&record(&["35.22.15.1005", "12.345"], None))
            .unwrap();
        assert_eq!(
            text.values[3],
            Value::F64(12345.0),
            "typed text follows the study's mark"
        );
    }

    #[test]
    fn unknown_words_empty_the_cell_or_the_item_not_the_row() {
        let (value, unknown) = set_of(
            &crate::domain::vocab::CERTIFICATION_VOCAB,
            "P-IRT; ISO 9001, halal",
        );
        assert_eq!(value, Value::Str("halal;pirt".into()));
        assert_eq!(unknown, vec!["ISO 9001".to_string()]);
        assert_eq!(
            set_of(&crate::domain::vocab::CERTIFICATION_VOCAB, "ISO 9001").0,
            Value::Null
        );
    }
}
