//! Market reach (SPEC §5.1): how far each product sells. Every sale gets a
//! market tier from the buyer's code against the producing village's code;
//! value shares per tier, the reach index, destinations and their
//! concentration, growth and capacity use follow. All as polars lazy plans.

use polars::prelude::*;

use crate::domain::vocab::CHANNELS;
use crate::domain::Tier;

/// Prefix lengths of the four code segments: "35", "35.23", "35.23.08", "35.23.08.2008".
const PREFIX_LENGTHS: [i64; 4] = [2, 5, 8, 13];

/// The tier rule on plain strings (the reference for [`tier_expr`]):
/// tier = 4 − (number of leading code segments the buyer shares with the
/// village); `ID` → national (4); any other alpha-2 country code → export (5).
pub fn tier_of(buyer: &str, village: &str) -> Tier {
    if buyer == "ID" {
        return Tier::National;
    }
    if buyer
        .as_bytes()
        .first()
        .is_some_and(u8::is_ascii_alphabetic)
    {
        return Tier::Export;
    }
    let shared = PREFIX_LENGTHS
        .iter()
        .filter(|&&n| {
            let n = n as usize;
            buyer.get(..n.min(buyer.len())) == village.get(..n) && buyer.len() >= n
        })
        .count();
    Tier::ALL[4 - shared]
}

/// [`tier_of`] as a polars expression over two dotted-code string columns.
/// Comparing prefixes of fixed length counts shared segments: a prefix of
/// length n is equal only when every earlier segment is equal too.
pub fn tier_expr(buyer: Expr, village: Expr) -> Expr {
    let shared = PREFIX_LENGTHS
        .iter()
        .map(|&n| {
            let b = buyer.clone().str().slice(lit(0), lit(n));
            let v = village.clone().str().slice(lit(0), lit(n));
            (b.eq(v)
                .and(buyer.clone().str().len_bytes().gt_eq(lit(n as u32))))
            .cast(DataType::Int32)
        })
        .reduce(|a, b| a + b)
        .expect("four prefixes");
    // Country codes are letters; Kemendagri codes start with a digit (< "A").
    when(buyer.clone().eq(lit("ID")))
        .then(lit(4i32))
        .when(buyer.gt_eq(lit("A")))
        .then(lit(5i32))
        .otherwise(lit(4i32) - shared)
}

/// A sale's destination (SPEC §5.1): the buyer's regency, with every tier 0–2
/// sale counted as the producer's own regency; a province code or `ID` is a
/// destination of its own; an export's destination is its country.
fn destination_expr() -> Expr {
    let buyer = col("buyer_region");
    when(col("tier").lt_eq(lit(2)))
        .then(col("village_code").str().slice(lit(0), lit(5)))
        .when(
            col("tier")
                .eq(lit(5))
                .or(buyer.clone().str().len_bytes().lt_eq(lit(2u32))),
        )
        .then(buyer.clone())
        .otherwise(buyer.str().slice(lit(0), lit(5)))
}

/// The first and last study year.
#[derive(Debug, Clone, Copy)]
pub struct Years {
    pub first: i32,
    pub last: i32,
}

impl Years {
    pub fn count(self) -> i32 {
        self.last - self.first + 1
    }
}

/// Sales within the study years with their tier and destination.
/// `sales`: product_id, year, buyer_region, value_idr, quantity, channel;
/// `products`: product_id, village_code.
pub fn tiered_sales(sales: LazyFrame, products: LazyFrame, years: Years) -> LazyFrame {
    sales
        .filter(
            col("year")
                .gt_eq(lit(years.first))
                .and(col("year").lt_eq(lit(years.last))),
        )
        .join(
            products.select([col("product_id"), col("village_code")]),
            [col("product_id")],
            [col("product_id")],
            JoinArgs::new(JoinType::Inner),
        )
        .with_column(tier_expr(col("buyer_region"), col("village_code")).alias("tier"))
        .with_column(destination_expr().alias("destination"))
}

fn share(numerator: Expr) -> Expr {
    when(col("sales_value").gt(lit(0.0)))
        .then(numerator / col("sales_value"))
        .otherwise(lit(NULL).cast(DataType::Float64))
}

/// The sums [`derive_reach`] needs, grouped by `keys`: sales value, quantity
/// and rows, value per tier (`value_<tier>`) and per channel
/// (`value_channel_<channel>`, `value_channel_unknown`).
fn sums_by(tiered: LazyFrame, keys: &[&str]) -> LazyFrame {
    let value = || col("value_idr");
    let mut aggs = vec![
        value().sum().alias("sales_value"),
        col("quantity").sum().alias("sales_quantity"),
        len().cast(DataType::Int64).alias("sales_rows"),
    ];
    for t in Tier::ALL {
        aggs.push(
            value()
                .filter(col("tier").eq(lit(t as i32)))
                .sum()
                .alias(tier_value_column(t)),
        );
    }
    for ch in CHANNELS {
        aggs.push(
            value()
                .filter(col("channel").eq(lit(*ch)))
                .sum()
                .alias(channel_value_column(ch)),
        );
    }
    aggs.push(
        value()
            .filter(col("channel").is_null())
            .sum()
            .alias(channel_value_column("unknown")),
    );
    let key_exprs: Vec<Expr> = keys.iter().map(|k| col(*k)).collect();
    tiered.group_by(key_exprs).agg(aggs)
}

pub fn tier_value_column(t: Tier) -> String {
    format!("value_{}", t.name())
}

pub fn channel_value_column(channel: &str) -> String {
    format!("value_channel_{channel}")
}

/// Tier shares, reach index, channel shares, destinations and their
/// concentration, grouped by `keys` (product, or product and year).
/// The reference plan; `reach_pass` computes the same in one streaming pass.
pub fn reach_by(tiered: LazyFrame, keys: &[&str]) -> PolarsResult<LazyFrame> {
    let key_exprs: Vec<Expr> = keys.iter().map(|k| col(*k)).collect();
    let dests = destinations_by(tiered.clone(), keys)?;
    Ok(derive_reach(sums_by(tiered, keys).join(
        dests,
        key_exprs.clone(),
        key_exprs,
        JoinArgs::new(JoinType::Left),
    )))
}

/// Shares, reach index and outside-regency share from [`sums_by`]'s
/// columns, which it replaces; other columns pass through.
pub fn derive_reach(sums: LazyFrame) -> LazyFrame {
    let mut shares: Vec<Expr> = Tier::ALL
        .iter()
        .map(|t| share(col(tier_value_column(*t))).alias(format!("share_{}", t.name())))
        .collect();
    shares.extend(
        CHANNELS
            .iter()
            .chain(&["unknown"])
            .map(|ch| share(col(channel_value_column(ch))).alias(format!("share_channel_{ch}"))),
    );
    let reach_index = Tier::ALL
        .iter()
        .map(|t| col(format!("share_{}", t.name())) * lit(*t as i32 as f64 / 5.0))
        .reduce(|a, b| a + b)
        .expect("six tiers");
    let outside = col("share_province") + col("share_national") + col("share_export");
    let drop: Vec<String> = Tier::ALL
        .iter()
        .map(|t| tier_value_column(*t))
        .chain(
            CHANNELS
                .iter()
                .chain(&["unknown"])
                .map(|ch| channel_value_column(ch)),
        )
        .collect();
    sums.with_columns(shares)
        .with_columns([
            reach_index.alias("reach_index"),
            outside.alias("outside_regency_share"),
        ])
        .drop(by_name(drop, true, false))
}

/// The columns of both reach marts after their keys, in mart order; `last`
/// are the mart's own columns at the end.
fn mart_columns(keys: &[&str], last: &[&str]) -> Vec<Expr> {
    let shares = Tier::ALL
        .iter()
        .map(|t| format!("share_{}", t.name()))
        .chain(
            CHANNELS
                .iter()
                .chain(&["unknown"])
                .map(|ch| format!("share_channel_{ch}")),
        );
    keys.iter()
        .map(|k| k.to_string())
        .chain(["sales_value", "sales_quantity", "sales_rows"].map(String::from))
        .chain(shares)
        .chain(
            [
                "reach_index",
                "outside_regency_share",
                "destinations",
                "destination_hhi",
                "destination_entropy",
            ]
            .map(String::from),
        )
        .chain(last.iter().map(|c| c.to_string()))
        .map(|c| col(c.as_str()))
        .collect()
}

/// Number of destinations with sales value, normalised entropy H/ln(n) (0 for
/// one destination) and the Herfindahl–Hirschman index Σp² of value shares.
fn destinations_by(tiered: LazyFrame, keys: &[&str]) -> PolarsResult<LazyFrame> {
    let key_exprs: Vec<Expr> = keys.iter().map(|k| col(*k)).collect();
    let mut dest_keys = key_exprs.clone();
    dest_keys.push(col("destination"));
    let p = col("dest_value") / col("dest_value").sum().over(key_exprs.clone())?;
    Ok(tiered
        .group_by(dest_keys)
        .agg([col("value_idr").sum().alias("dest_value")])
        .filter(col("dest_value").gt(lit(0.0)))
        .with_column(p.alias("p"))
        .group_by(key_exprs)
        .agg([
            len().cast(DataType::Int64).alias("destinations"),
            (-(col("p") * col("p").log(lit(std::f64::consts::E))))
                .sum()
                .alias("entropy_h"),
            (col("p") * col("p")).sum().alias("destination_hhi"),
        ])
        .with_column(
            when(col("destinations").gt(lit(1)))
                .then(
                    col("entropy_h")
                        / col("destinations")
                            .cast(DataType::Float64)
                            .log(lit(std::f64::consts::E)),
                )
                .otherwise(lit(0.0))
                .alias("destination_entropy"),
        )
        .drop(by_name(["entropy_h"], true, false)))
}

/// `market_reach`: one row per product of `products` (products without sales
/// have sales_value 0 and null shares), with growth and capacity use.
pub fn market_reach(
    tiered: LazyFrame,
    products: LazyFrame,
    years: Years,
) -> PolarsResult<LazyFrame> {
    let year_value = |year: i32| col("value_idr").filter(col("year").eq(lit(year))).sum();
    let growth = tiered.clone().group_by([col("product_id")]).agg([
        year_value(years.first).alias("value_first_year"),
        year_value(years.last).alias("value_last_year"),
        year_value(years.last - 1).alias("value_year_before_last"),
    ]);
    let reach = products
        .select([col("product_id"), col("capacity")])
        .left_join(
            reach_by(tiered, &["product_id"])?,
            col("product_id"),
            col("product_id"),
        )
        .left_join(growth, col("product_id"), col("product_id"));
    Ok(finish_market_reach(reach, years).sort(["product_id"], SortMultipleOptions::default()))
}

/// `market_reach` from one row per product with the reach, `capacity` and the
/// growth sums (`value_first_year`, `value_last_year`, `value_year_before_last`).
pub fn finish_market_reach(reach: LazyFrame, years: Years) -> LazyFrame {
    let span = (years.last - years.first) as f64;
    let cagr = when(lit(span > 0.0).and(col("value_first_year").gt(lit(0.0))))
        .then(
            (col("value_last_year") / col("value_first_year")).pow(lit(1.0 / span.max(1.0)))
                - lit(1.0),
        )
        .otherwise(lit(NULL).cast(DataType::Float64));
    let yoy = when(col("value_year_before_last").gt(lit(0.0)))
        .then(col("value_last_year") / col("value_year_before_last") - lit(1.0))
        .otherwise(lit(NULL).cast(DataType::Float64));
    let utilisation = when(col("capacity").gt(lit(0.0)))
        .then(col("sales_quantity") / (col("capacity") * lit(years.count() as f64)))
        .otherwise(lit(NULL).cast(DataType::Float64));
    reach
        .with_columns([
            col("sales_value").fill_null(lit(0.0)),
            col("sales_quantity").fill_null(lit(0.0)),
            col("sales_rows").fill_null(lit(0i64)),
            col("destinations").fill_null(lit(0i64)),
        ])
        .with_columns([
            cagr.alias("cagr"),
            yoy.alias("yoy_growth"),
            utilisation.alias("capacity_utilisation"),
        ])
        .select(mart_columns(
            &["product_id"],
            &["cagr", "yoy_growth", "capacity_utilisation"],
        ))
}

/// `market_reach_by_year`: one row per product and year with sales.
pub fn market_reach_by_year(tiered: LazyFrame, products: LazyFrame) -> PolarsResult<LazyFrame> {
    let reach = reach_by(tiered, &["product_id", "year"])?.join(
        products.select([col("product_id"), col("capacity")]),
        [col("product_id")],
        [col("product_id")],
        JoinArgs::new(JoinType::Left),
    );
    Ok(finish_by_year(reach).sort(["product_id", "year"], SortMultipleOptions::default()))
}

/// `market_reach_by_year` from one row per product and year with the reach
/// and the product's `capacity`.
pub fn finish_by_year(reach: LazyFrame) -> LazyFrame {
    let utilisation = when(col("capacity").gt(lit(0.0)))
        .then(col("sales_quantity") / col("capacity"))
        .otherwise(lit(NULL).cast(DataType::Float64));
    reach
        .with_column(utilisation.alias("capacity_utilisation"))
        .select(mart_columns(
            &["product_id", "year"],
            &["capacity_utilisation"],
        ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const V: &str = "35.23.08.2008"; // Margorejo, Kerek, Tuban

    #[test]
    fn tier_rule_on_hand_made_codes() {
        let cases = [
            ("35.23.08.2008", Tier::Village),  // same village
            ("35.23.08.2006", Tier::District), // Gaji, same kecamatan
            ("35.23.08", Tier::District),      // the kecamatan itself
            ("35.23.16.2001", Tier::Regency),  // another kecamatan of Tuban
            ("35.23.16", Tier::Regency),
            ("35.23", Tier::Regency),          // coarse: Tuban itself
            ("35.22.01.2001", Tier::Province), // Bojonegoro
            ("35.24", Tier::Province),
            ("35", Tier::Province),    // coarse: Jawa Timur itself
            ("31.71", Tier::National), // Jakarta
            ("36", Tier::National),
            ("ID", Tier::National),
            ("JP", Tier::Export),
            ("SG", Tier::Export),
        ];
        for (buyer, want) in cases {
            assert_eq!(tier_of(buyer, V), want, "buyer {buyer}");
        }
    }

    #[test]
    fn tier_expression_agrees_with_the_rule() {
        let buyers = [
            "35.23.08.2008",
            "35.23.08.2006",
            "35.23.08",
            "35.23.16.2001",
            "35.23",
            "35.22.01.2001",
            "35.24",
            "35",
            "31.71",
            "ID",
            "JP",
        ];
        let df = df!("buyer_region" => buyers, "village_code" => vec![V; buyers.len()]).unwrap();
        let out = df
            .lazy()
            .select([tier_expr(col("buyer_region"), col("village_code")).alias("tier")])
            .collect()
            .unwrap();
        let got: Vec<i32> = out
            .column("tier")
            .unwrap()
            .i32()
            .unwrap()
            .into_no_null_iter()
            .collect();
        let want: Vec<i32> = buyers.iter().map(|b| tier_of(b, V) as i32).collect();
        assert_eq!(got, want);
    }

    /// A hand-computed case: product P1 in Margorejo sells 100 in the village,
    /// 300 to Bojonegoro (province tier), 600 to Japan; P2 has no sales.
    #[test]
    fn reach_indicators_by_hand() {
        let sales = df!(
            "product_id" => ["P1", "P1", "P1", "P1"],
            "year" => [2020, 2020, 2024, 2024],
            "buyer_region" => ["35.23.08.2008", "35.22", "JP", "35.22.01.2001"],
            "value_idr" => [100.0, 100.0, 600.0, 200.0],
            "quantity" => [1.0, 1.0, 6.0, 2.0],
            "channel" => [Some("direct"), None, Some("export_agent"), Some("reseller")],
        )
        .unwrap();
        let products =
            df!("product_id" => ["P1", "P2"], "village_code" => [V, V], "capacity" => [5.0, 3.0])
                .unwrap();
        let years = Years {
            first: 2020,
            last: 2024,
        };
        let tiered = tiered_sales(sales.lazy(), products.clone().lazy(), years);
        let out = market_reach(tiered, products.lazy(), years)
            .unwrap()
            .collect()
            .unwrap();
        let f = |c: &str, row: usize| out.column(c).unwrap().f64().unwrap().get(row);
        assert_eq!(f("sales_value", 0), Some(1000.0));
        assert_eq!(f("share_village", 0), Some(0.1));
        assert_eq!(f("share_province", 0), Some(0.3));
        assert_eq!(f("share_export", 0), Some(0.6));
        // reach = 0.1·0/5 + 0.3·3/5 + 0.6·5/5 = 0.78
        assert!((f("reach_index", 0).unwrap() - 0.78).abs() < 1e-12);
        assert!((f("outside_regency_share", 0).unwrap() - 0.9).abs() < 1e-12);
        // destinations: 35.23 (own regency, 100), 35.22 (300), JP (600)
        assert_eq!(
            out.column("destinations").unwrap().i64().unwrap().get(0),
            Some(3)
        );
        let p = [0.1f64, 0.3, 0.6];
        let h: f64 = -p.iter().map(|x| x * x.ln()).sum::<f64>();
        assert!((f("destination_entropy", 0).unwrap() - h / 3f64.ln()).abs() < 1e-12);
        assert!((f("destination_hhi", 0).unwrap() - 0.46).abs() < 1e-12);
        // cagr = (800/200)^(1/4) − 1
        assert!((f("cagr", 0).unwrap() - (4f64.powf(0.25) - 1.0)).abs() < 1e-12);
        assert_eq!(f("yoy_growth", 0), None, "nothing sold in 2023");
        // 10 units over 5 years of capacity 5
        assert!((f("capacity_utilisation", 0).unwrap() - 0.4).abs() < 1e-12);
        assert_eq!(f("share_channel_unknown", 0), Some(0.1));
        // P2: a row with zero sales and null shares
        assert_eq!(f("sales_value", 1), Some(0.0));
        assert_eq!(f("share_village", 1), None);
        assert_eq!(
            out.column("sales_rows").unwrap().i64().unwrap().get(1),
            Some(0)
        );
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Buyer codes drawn around Margorejo: its village, its kecamatan, Tuban,
    /// Jawa Timur, other provinces, ID and exports.
    fn buyer() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("35.23.08.2008".to_string()),
            Just("35.23.08.2006".to_string()),
            Just("35.23.08".to_string()),
            Just("35.23".to_string()),
            Just("35.23.16.2001".to_string()),
            Just("35.24".to_string()),
            Just("35".to_string()),
            Just("31.71.01.1001".to_string()),
            Just("ID".to_string()),
            Just("JP".to_string()),
            Just("SG".to_string()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// Tier shares sum to 1 for every product with sales; reach stays in [0, 1];
        /// entropy and HHI stay in [0, 1].
        #[test]
        fn tier_shares_sum_to_one(sales in proptest::collection::vec((0usize..3, buyer(), 0.0f64..1e6, 2020i32..2025), 1..40)) {
            let ids: Vec<String> = sales.iter().map(|s| format!("P{}", s.0)).collect();
            let df = df!(
                "product_id" => ids,
                "year" => sales.iter().map(|s| s.3).collect::<Vec<_>>(),
                "buyer_region" => sales.iter().map(|s| s.1.clone()).collect::<Vec<_>>(),
                "value_idr" => sales.iter().map(|s| s.2).collect::<Vec<_>>(),
                "quantity" => vec![1.0; sales.len()],
                "channel" => vec!["direct"; sales.len()],
            ).unwrap();
            let products = df!("product_id" => ["P0", "P1", "P2"], "village_code" => ["35.23.08.2008"; 3], "capacity" => [10.0; 3]).unwrap();
            let years = Years { first: 2020, last: 2024 };
            let tiered = tiered_sales(df.lazy(), products.clone().lazy(), years);
            let out = market_reach(tiered, products.lazy(), years).unwrap().collect().unwrap();
            let get = |c: &str| out.column(c).unwrap().f64().unwrap().iter().collect::<Vec<_>>();
            let value = get("sales_value");
            let shares: Vec<Vec<Option<f64>>> = Tier::ALL.iter().map(|t| get(&format!("share_{}", t.name()))).collect();
            for i in 0..out.height() {
                if value[i].unwrap() > 0.0 {
                    let total: f64 = shares.iter().map(|s| s[i].unwrap()).sum();
                    prop_assert!((total - 1.0).abs() < 1e-9);
                    for c in ["reach_index", "destination_entropy", "destination_hhi", "outside_regency_share"] {
                        let v = get(c)[i].unwrap();
                        prop_assert!((-1e-12..=1.0 + 1e-12).contains(&v), "{} = {}", c, v);
                    }
                }
            }
        }
    }
}
