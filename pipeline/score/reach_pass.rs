//! `market_reach` and `market_reach_by_year` in one pass over the sales.
//!
//! polars' streaming engine scans the sales files (projection and the year
//! filter pushed into the Parquet reader) and hands over batches in file
//! order; each sale is added into per-(product, year) sums and a hash map of
//! (product, year, destination) values. Memory grows with products × years ×
//! destinations, never with rows, and every row is read once: the lazy plans
//! in `reach.rs` read the sales three times and group by strings. The
//! formulas after the sums (shares, reach index, growth, capacity use) are the
//! same polars expressions as those plans, which the tests check this against.

use std::sync::{Arc, Mutex};

use anyhow::{anyhow, Result};
use polars::prelude::*;

use super::reach::{self, channel_value_column, tier_of, tier_value_column, Years};
use crate::bad_input;
use crate::domain::vocab::CHANNELS;
use crate::domain::Tier;

use crate::FastMap as Map;

const CHANNEL_SLOTS: usize = CHANNELS.len() + 1; // the last one: unknown (null)

#[derive(Debug, Clone, Copy, Default)]
struct Sums {
    value: f64,
    quantity: f64,
    rows: i64,
    tier: [f64; 6],
    channel: [f64; CHANNEL_SLOTS],
}

impl Sums {
    fn add(&mut self, other: &Sums) {
        self.value += other.value;
        self.quantity += other.quantity;
        self.rows += other.rows;
        for (a, b) in self.tier.iter_mut().zip(other.tier) {
            *a += b;
        }
        for (a, b) in self.channel.iter_mut().zip(other.channel) {
            *a += b;
        }
    }
}

/// One product's sums per year, in the order the years first appear.
#[derive(Default)]
struct ProductYears(Vec<(i32, Sums)>);

impl ProductYears {
    fn year(&mut self, year: i32) -> &mut Sums {
        match self.0.iter().position(|(y, _)| *y == year) {
            Some(i) => &mut self.0[i].1,
            None => {
                self.0.push((year, Sums::default()));
                &mut self.0.last_mut().expect("just pushed").1
            }
        }
    }
}

/// The running state of the pass. Products are numbered in product_id
/// order, so the marts come out sorted.
struct Pass {
    /// product_id → index into `ids`, `villages`, `capacity` and `years`.
    index: Map<String, u32>,
    ids: Vec<String>,
    villages: Vec<String>,
    capacity: Vec<Option<f64>>,
    years: Vec<ProductYears>,
    /// (product index, year, destination) → sales value.
    destinations: Map<(u32, i32, u64), f64>,
    /// Destinations too long to pack into a u64 (not produced by validated
    /// codes, kept so that any string still counts as its own destination).
    long_names: Map<String, u64>,
}

/// A destination packed into a u64: up to 7 bytes and the length. Longer ones
/// get a number from `long_names` with the top byte 0xFF; a null buyer gets
/// its own value (the polars plan counts a null destination as one).
fn pack(name: &str, long_names: &mut Map<String, u64>) -> u64 {
    let bytes = name.as_bytes();
    if bytes.len() <= 7 {
        let mut packed = [0u8; 8];
        packed[..bytes.len()].copy_from_slice(bytes);
        packed[7] = bytes.len() as u8;
        return u64::from_le_bytes(packed);
    }
    let next = long_names.len() as u64 | (0xFF << 56);
    *long_names.entry(name.to_string()).or_insert(next)
}
const NULL_DESTINATION: u64 = u64::MAX;

/// A sale's destination (SPEC §5.1), as `destination_expr` in `reach.rs`:
/// the producer's regency for tiers 0–2; the buyer itself for exports, a
/// province code or `ID`; otherwise the buyer's regency.
fn destination<'a>(tier: Tier, buyer: &'a str, village: &'a str) -> &'a str {
    let regency = |code: &'a str| code.get(..5).unwrap_or(code);
    if tier <= Tier::Regency {
        regency(village)
    } else if tier == Tier::Export || buyer.len() <= 2 {
        buyer
    } else {
        regency(buyer)
    }
}

impl Pass {
    fn new(products: &DataFrame) -> Result<Pass> {
        let ids = products.column("product_id")?.str()?;
        let villages = products.column("village_code")?.str()?;
        let capacity = products.column("capacity")?.f64()?;
        let mut rows: Vec<(&str, &str, Option<f64>)> = ids
            .iter()
            .zip(villages.iter())
            .zip(capacity.iter())
            .filter_map(|((id, village), capacity)| Some((id?, village?, capacity)))
            .collect();
        rows.sort_by_key(|r| r.0);
        if let Some(pair) = rows.windows(2).find(|w| w[0].0 == w[1].0) {
            return Err(bad_input!(
                "product_id {} appears in two products batches of the lake: \
                 ingest the products again with --replace, in one file",
                pair[0].0
            ));
        }
        Ok(Pass {
            index: rows
                .iter()
                .enumerate()
                .map(|(i, r)| (r.0.to_string(), i as u32))
                .collect(),
            ids: rows.iter().map(|r| r.0.to_string()).collect(),
            villages: rows.iter().map(|r| r.1.to_string()).collect(),
            capacity: rows.iter().map(|r| r.2).collect(),
            years: rows.iter().map(|_| ProductYears::default()).collect(),
            destinations: Map::default(),
            long_names: Map::default(),
        })
    }

    /// Adds one batch of sales: product_id, year, buyer_region, value_idr,
    /// quantity, channel. Sales of unknown products are skipped, as the inner
    /// join of the reference plan does.
    fn add(&mut self, batch: &DataFrame) -> PolarsResult<()> {
        let product = batch.column("product_id")?.str()?;
        let year = batch.column("year")?.i32()?;
        let buyer = batch.column("buyer_region")?.str()?;
        let value = batch.column("value_idr")?.f64()?;
        let quantity = batch.column("quantity")?.f64()?;
        let channel = batch.column("channel")?.str()?;
        let rows = product
            .iter()
            .zip(year.iter())
            .zip(buyer.iter())
            .zip(value.iter())
            .zip(quantity.iter())
            .zip(channel.iter());
        for (((((product, year), buyer), value), quantity), channel) in rows {
            let (Some(product), Some(year)) = (product, year) else {
                continue;
            };
            let Some(&p) = self.index.get(product) else {
                continue;
            };
            let village = self.villages[p as usize].as_str();
            let v = value.unwrap_or(0.0);
            let tier = buyer.map(|b| tier_of(b, village));
            let sums = self.years[p as usize].year(year);
            sums.value += v;
            sums.quantity += quantity.unwrap_or(0.0);
            sums.rows += 1;
            if let Some(t) = tier {
                sums.tier[t as usize] += v;
            }
            let slot = channel
                .and_then(|c| CHANNELS.iter().position(|k| *k == c))
                .unwrap_or(CHANNEL_SLOTS - 1);
            // A channel outside the list counts in no channel share, as in
            // the plan; ingest only accepts listed channels.
            if channel.is_none() || slot < CHANNEL_SLOTS - 1 {
                sums.channel[slot] += v;
            }
            let dest = match (tier, buyer) {
                (Some(t), Some(b)) => pack(destination(t, b, village), &mut self.long_names),
                _ => NULL_DESTINATION,
            };
            *self.destinations.entry((p, year, dest)).or_insert(0.0) += v;
        }
        Ok(())
    }

    /// The two marts. The destination values are sorted by (product, year,
    /// destination), so each product's are contiguous and every sum adds up
    /// in the same order on every run.
    fn finish(self, years: Years) -> Result<(DataFrame, DataFrame)> {
        let mut entries: Vec<(u32, i32, u64, f64)> = self
            .destinations
            .into_iter()
            .map(|((p, year, dest), v)| (p, year, dest, v))
            .collect();
        entries.sort_unstable_by_key(|e| (e.0, e.1, e.2));
        let mut year_rows = Rows::default();
        let mut product_rows = Rows::default();
        let mut by_dest: Vec<(u64, f64)> = Vec::new();
        let mut positive: Vec<f64> = Vec::new();
        let mut rest = entries.as_slice();
        for (p, product_years) in self.years.into_iter().enumerate() {
            let n = rest.iter().take_while(|e| e.0 == p as u32).count();
            let (mine, others) = rest.split_at(n);
            rest = others;
            let id = self.ids[p].as_str();
            let capacity = self.capacity[p];
            let mut in_years = product_years.0;
            in_years.sort_by_key(|(year, _)| *year);
            let mut total = Sums::default();
            let mut year_entries = mine;
            for (year, sums) in &in_years {
                let n = year_entries.iter().take_while(|e| e.1 == *year).count();
                let (this_year, later) = year_entries.split_at(n);
                year_entries = later;
                positive.clear();
                positive.extend(this_year.iter().map(|e| e.3).filter(|v| *v > 0.0));
                year_rows.push(id, Some(*year), sums, capacity, &positive);
                total.add(sums);
            }
            // Per product: the destinations summed over the years.
            by_dest.clear();
            by_dest.extend(mine.iter().map(|e| (e.2, e.3)));
            by_dest.sort_by_key(|d| d.0); // stable: years stay in order
            positive.clear();
            for group in by_dest.chunk_by(|a, b| a.0 == b.0) {
                let v: f64 = group.iter().map(|d| d.1).sum();
                if v > 0.0 {
                    positive.push(v);
                }
            }
            product_rows.push(id, None, &total, capacity, &positive);
            let in_year = |y: i32| {
                in_years
                    .iter()
                    .find(|(year, _)| *year == y)
                    .map_or(0.0, |(_, s)| s.value)
            };
            product_rows.growth[0].push(in_year(years.first));
            product_rows.growth[1].push(in_year(years.last));
            product_rows.growth[2].push(in_year(years.last - 1));
        }
        let market_reach =
            reach::finish_market_reach(product_rows.frame(false)?, years).collect()?;
        let by_year = reach::finish_by_year(year_rows.frame(true)?).collect()?;
        Ok((market_reach, by_year))
    }
}

/// Mart rows before the shares: keys, sums, destination statistics (null
/// without a destination of positive value), capacity and, per product, growth.
#[derive(Default)]
struct Rows<'a> {
    ids: Vec<&'a str>,
    years: Vec<i32>,
    sums: Vec<Sums>,
    capacity: Vec<Option<f64>>,
    destinations: Vec<Option<i64>>,
    hhi: Vec<Option<f64>>,
    entropy: Vec<Option<f64>>,
    /// value in the first year, the last year and the year before the last.
    growth: [Vec<f64>; 3],
}

impl<'a> Rows<'a> {
    /// `positive`: the key's destination values that are above zero.
    fn push(
        &mut self,
        id: &'a str,
        year: Option<i32>,
        sums: &Sums,
        capacity: Option<f64>,
        positive: &[f64],
    ) {
        self.ids.push(id);
        self.years.extend(year);
        self.sums.push(*sums);
        self.capacity.push(capacity);
        let n = positive.len();
        if n == 0 {
            self.destinations.push(None);
            self.hhi.push(None);
            self.entropy.push(None);
            return;
        }
        let total: f64 = positive.iter().sum();
        let (mut h, mut hhi) = (0.0, 0.0);
        for v in positive {
            let p = v / total;
            h -= p * p.ln();
            hhi += p * p;
        }
        self.destinations.push(Some(n as i64));
        self.hhi.push(Some(hhi));
        self.entropy
            .push(Some(if n > 1 { h / (n as f64).ln() } else { 0.0 }));
    }

    fn frame(self, with_year: bool) -> Result<LazyFrame> {
        let mut columns = vec![Column::new("product_id".into(), self.ids)];
        if with_year {
            columns.push(Column::new("year".into(), self.years));
        }
        let sum = |name: String, f: &dyn Fn(&Sums) -> f64| {
            Column::new(name.into(), self.sums.iter().map(f).collect::<Vec<f64>>())
        };
        columns.push(sum("sales_value".into(), &|s| s.value));
        columns.push(sum("sales_quantity".into(), &|s| s.quantity));
        columns.push(Column::new(
            "sales_rows".into(),
            self.sums.iter().map(|s| s.rows).collect::<Vec<i64>>(),
        ));
        for t in Tier::ALL {
            columns.push(sum(tier_value_column(t), &|s| s.tier[t as usize]));
        }
        for (i, ch) in CHANNELS.iter().chain(&["unknown"]).enumerate() {
            columns.push(sum(channel_value_column(ch), &|s| s.channel[i]));
        }
        columns.extend([
            Column::new("destinations".into(), self.destinations),
            Column::new("destination_hhi".into(), self.hhi),
            Column::new("destination_entropy".into(), self.entropy),
            Column::new("capacity".into(), self.capacity),
        ]);
        if !with_year {
            let [first, last, before_last] = self.growth;
            columns.extend([
                Column::new("value_first_year".into(), first),
                Column::new("value_last_year".into(), last),
                Column::new("value_year_before_last".into(), before_last),
            ]);
        }
        Ok(reach::derive_reach(
            DataFrame::new_infer_height(columns)?.lazy(),
        ))
    }
}

/// `market_reach` and `market_reach_by_year` of `products` from `sales`
/// (product_id, year, buyer_region, value_idr, quantity, channel) within `years`.
pub fn reach_marts(
    sales: LazyFrame,
    products: LazyFrame,
    years: Years,
) -> Result<(DataFrame, DataFrame)> {
    let product_frame = products
        .clone()
        .select([
            col("product_id"),
            col("village_code"),
            col("capacity").cast(DataType::Float64),
        ])
        .collect()?;
    let pass = Arc::new(Mutex::new(Pass::new(&product_frame)?));
    let sink = Arc::clone(&pass);
    let scan = sales
        .filter(
            col("year")
                .gt_eq(lit(years.first))
                .and(col("year").lt_eq(lit(years.last))),
        )
        .select([
            col("product_id"),
            col("year").cast(DataType::Int32),
            col("buyer_region"),
            col("value_idr").cast(DataType::Float64),
            col("quantity").cast(DataType::Float64),
            col("channel"),
        ])
        .sink_batches(
            PlanCallback::new(move |batch: DataFrame| {
                let mut pass = sink
                    .lock()
                    .map_err(|_| polars_err!(ComputeError: "the reach pass panicked"))?;
                pass.add(&batch)?;
                Ok(false) // false: keep the batches coming
            }),
            true, // in file order, so that sums add up in the same order every run
            None,
        )?;
    scan.collect_with_engine(Engine::Streaming)?;
    let pass = Arc::try_unwrap(pass)
        .map_err(|_| anyhow!("the reach pass is still shared"))?
        .into_inner()
        .map_err(|_| anyhow!("the reach pass panicked"))?;
    pass.finish(years)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every column of `a` equals `b` (floats within 1e-9, nulls in the same places).
    fn assert_same(a: &DataFrame, b: &DataFrame) {
        assert_eq!(a.get_column_names(), b.get_column_names());
        assert_eq!(a.height(), b.height());
        for (x, y) in a.columns().iter().zip(b.columns()) {
            let name = x.name();
            if x.dtype() == &DataType::Float64 {
                for (i, (p, q)) in x
                    .f64()
                    .unwrap()
                    .iter()
                    .zip(y.f64().unwrap().iter())
                    .enumerate()
                {
                    match (p, q) {
                        (Some(p), Some(q)) => assert!(
                            (p - q).abs() <= 1e-9 * p.abs().max(1.0),
                            "{name} row {i}: pass {p} vs plan {q}"
                        ),
                        _ => assert_eq!(p, q, "{name} row {i}"),
                    }
                }
            } else {
                assert!(x.equals_missing(y), "{name}: {x:?} vs {y:?}");
            }
        }
    }

    const BUYERS: [&str; 13] = [
        "35.23.08.2008",
        "35.23.08.2006",
        "35.23.08",
        "35.23.16.2001",
        "35.23",
        "35.22.01.2001",
        "35.24",
        "35",
        "31.71.01.1001",
        "ID",
        "JP",
        "SG",
        "52.01.03.2004",
    ];

    fn sale() -> impl Strategy<Value = (usize, i32, usize, f64, Option<f64>, Option<usize>)> {
        (
            0usize..5, // P4 is not a product: skipped like the inner join
            2018i32..2026,
            0..BUYERS.len(),
            prop_oneof![Just(0.0), 0.0f64..1e7],
            proptest::option::of(0.0f64..100.0),
            proptest::option::of(0..CHANNELS.len()),
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// The one-pass marts equal the reference lazy plans on random sales:
        /// out-of-range years, unknown products, zero values, null quantity
        /// and channel, products in two provinces.
        #[test]
        fn one_pass_equals_the_reference_plans(sales in proptest::collection::vec(sale(), 0..80)) {
            let sales = df!(
                "product_id" => sales.iter().map(|s| format!("P{}", s.0)).collect::<Vec<_>>(),
                "year" => sales.iter().map(|s| s.1).collect::<Vec<_>>(),
                "buyer_region" => sales.iter().map(|s| BUYERS[s.2]).collect::<Vec<_>>(),
                "value_idr" => sales.iter().map(|s| s.3).collect::<Vec<_>>(),
                "quantity" => sales.iter().map(|s| s.4).collect::<Vec<_>>(),
                "channel" => sales.iter().map(|s| s.5.map(|c| CHANNELS[c])).collect::<Vec<_>>(),
            ).unwrap();
            let products = df!(
                "product_id" => ["P2", "P0", "P1", "P3"],
                "village_code" => ["35.23.08.2008", "35.23.08.2008", "35.23.16.2001", "52.01.03.2004"],
                "capacity" => [Some(10.0), Some(0.0), None, Some(3.0)],
            ).unwrap();
            let years = Years { first: 2019, last: 2024 };
            let (reach, by_year) = reach_marts(sales.clone().lazy(), products.clone().lazy(), years).unwrap();
            let tiered = reach::tiered_sales(sales.lazy(), products.clone().lazy(), years);
            let want = reach::market_reach(tiered.clone(), products.clone().lazy(), years).unwrap().collect().unwrap();
            let want_by_year = reach::market_reach_by_year(tiered, products.lazy()).unwrap().collect().unwrap();
            assert_same(&reach, &want);
            assert_same(&by_year, &want_by_year);
        }
    }

    #[test]
    fn destinations_pack_into_distinct_numbers() {
        let mut long = Map::default();
        let names = [
            "35.23",
            "35.22",
            "35",
            "ID",
            "JP",
            "",
            "1234567",
            "12345678",
            "123456789",
        ];
        let packed: Vec<u64> = names.iter().map(|n| pack(n, &mut long)).collect();
        let distinct: std::collections::BTreeSet<u64> = packed.iter().copied().collect();
        assert_eq!(distinct.len(), names.len());
        assert!(!packed.contains(&NULL_DESTINATION));
        assert_eq!(
            pack("12345678", &mut long),
            packed[7],
            "a long name keeps its number"
        );
    }

    #[test]
    fn a_product_listed_twice_is_bad_input() {
        let products = df!(
            "product_id" => ["P1", "P1"],
            "village_code" => ["35.23.08.2008"; 2],
            "capacity" => [1.0, 2.0],
        )
        .unwrap();
        let err = Pass::new(&products).err().expect("duplicate refused");
        assert_eq!(crate::error::exit_code(&err), 2);
    }
}
