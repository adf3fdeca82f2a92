//! The charts added for SPEC §6 (sales trend, district summary, sensitivity,
//! criteria profile), and the chart list as a whole.

use super::*;

/// Sixty products crowded into the middle, with long names (deterministic LCG).
pub(super) fn crowded() -> Vec<ProductRow> {
    let names = [
        "Keripik Tempe Sagu Rasa Balado Khas Pesisir Utara Jawa Timur",
        "Batik Tulis Gedog Motif Pesisiran",
        "Bandeng",
        "Sambal Pecel Tumpang Khas Tuban",
    ];
    let mut seed: u64 = 42;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 11) as f64 / (1u64 << 53) as f64
    };
    (1..=60)
        .map(|i| {
            let score = 95.0 - i as f64;
            let reach = 0.3 + 0.3 * next();
            let quadrant = Quadrant::of(score > 60.0, reach > 0.45);
            let name = format!("{} {i}", names[i as usize % names.len()]);
            row(
                i,
                &name,
                "Kenongosari Kidul Wetan Lor Kulon",
                score,
                Some(reach),
                quadrant,
            )
        })
        .collect()
}

#[test]
fn new_charts_say_what_they_show_in_both_languages() {
    let [trend, districts, intervals, profile] = more_svgs(&ctx(Lang::En), &data(&products()));
    assert!(trend.contains("Sales value per year: top 5 products by potential rank"));
    assert!(
        trend.contains("Sales value (Rp million)"),
        "13 × 6 million at most"
    );
    assert!(trend.contains("2024"));
    assert!(districts.contains("OVOP picks per district (kecamatan), by category"));
    assert!(districts.contains("Fishery") && districts.contains("Food &amp; beverage"));
    assert!(districts.contains("candidates"));
    assert!(districts.contains("(unknown district)"));
    assert!(intervals.contains("Regency rank (1 = best)"));
    assert!(profile.contains("Market reach index"));
    assert!(profile.contains("packaging quality (expert score)"));
    for svg in [&trend, &districts, &intervals, &profile] {
        assert!(svg.contains("synthetic data / data sintetis"));
        assert!(svg.contains("Study: tuban-demo"));
    }
    let [trend, districts, intervals, profile] = more_svgs(&ctx(Lang::Id), &data(&products()));
    assert!(trend.contains("Nilai penjualan (Rp juta)"));
    assert!(districts.contains("Perikanan") && districts.contains("kandidat"));
    assert!(intervals.contains("Peringkat kabupaten (1 = terbaik)"));
    assert!(profile.contains("Indeks jangkauan pasar"));
    assert!(profile.contains("0,"), "Indonesian decimal comma");
}

#[test]
fn amounts_group_thousands() {
    let id = Theme::new(Lang::Id, 1.0);
    let en = Theme::new(Lang::En, 1.0);
    assert_eq!(id.amount(600_000.0, 0), "600.000");
    assert_eq!(en.amount(1_234_567.5, 1), "1,234,567.5");
    assert_eq!(id.amount(12.25, 1), "12,2");
    assert_eq!(en.amount(999.0, 0), "999");
    assert_eq!(en.amount(-0.01, 0), "0");
    assert_eq!(en.amount(-1500.0, 0), "-1,500");
}

#[test]
fn money_is_scaled_to_juta_or_miliar() {
    let theme = Theme::new(Lang::Id, 1.0);
    assert_eq!(theme.money_scale(950_000.0), (1.0, "Nilai penjualan (Rp)"));
    assert_eq!(theme.money_scale(2.5e6).0, 1e6);
    assert_eq!(theme.money_scale(3e9), (1e9, "Nilai penjualan (Rp miliar)"));
    let mut big = data(&products());
    for row in &mut big.yearly {
        row.sales_value *= 1000.0;
    }
    let [trend, ..] = more_svgs(&ctx(Lang::En), &big);
    assert!(trend.contains("Sales value (Rp billion)"));
}

#[test]
fn new_charts_shorten_long_names_and_escape_markup() {
    let svgs = more_svgs(&ctx(Lang::Id), &data(&products()));
    for svg in &svgs {
        assert!(!svg.contains("<script"));
        assert!(!svg.contains("Pesisir Utara Jawa Timur"));
    }
    let [trend, districts, intervals, profile] = &svgs;
    assert!(districts.contains("&lt;script&gt;alert(2)&lt;/script&gt;"));
    assert!(!districts.contains("Untuk Menguji Label"));
    assert!(districts.contains('…'));
    for svg in [trend, intervals, profile] {
        assert!(svg.contains("Keripik Tempe"));
        assert!(svg.contains('…'));
    }
    assert!(intervals.contains("Sambal &lt;script&gt;alert(1)&lt;/script&gt; &amp; Terasi"));
}

#[test]
fn new_charts_ignore_input_order() {
    let mut shuffled = data(&products());
    shuffled.products.reverse();
    shuffled.yearly.reverse();
    shuffled.picks.reverse();
    shuffled.intervals.reverse();
    shuffled.criteria.reverse();
    assert_eq!(
        more_svgs(&ctx(Lang::En), &data(&products())),
        more_svgs(&ctx(Lang::En), &shuffled)
    );
}

#[test]
fn new_charts_draw_no_data_when_a_part_is_missing() {
    let mut partial = data(&products());
    partial.yearly.clear();
    partial.picks.clear();
    partial.intervals.clear();
    partial.criteria.clear();
    for svg in more_svgs(&ctx(Lang::En), &partial) {
        assert!(svg.contains("no data"));
    }
}

#[test]
fn new_charts_survive_odd_values() {
    let mut odd = data(&products());
    odd.products.extend(crowded());
    odd.yearly.push(YearlySales {
        product_id: "P001".into(),
        year: i32::MAX,
        sales_value: f64::NAN,
    });
    odd.yearly.push(YearlySales {
        product_id: "unknown".into(),
        year: i32::MIN,
        sales_value: -5.0,
    });
    odd.picks.push(PickCount {
        district_name: "Jenu".into(),
        category: "batik".into(),
        picks: 0,
        candidates: u32::MAX,
    });
    for _ in 0..2 {
        odd.picks.push(PickCount {
            district_name: "Jenu".into(),
            category: "pottery".into(),
            picks: u32::MAX,
            candidates: u32::MAX,
        });
    }
    odd.intervals[0].rank_p05 = f64::NAN;
    odd.intervals[1].rank_p05 = 40.0;
    odd.intervals[1].rank_p95 = 2.0;
    odd.intervals[2].product_id = "unknown".into();
    odd.criteria[0].values[0].1 = f64::INFINITY;
    odd.criteria[1].values.clear();
    more_svgs(&ctx(Lang::En), &odd);
    // One year only, all zero sales: still a chart, not a panic.
    let mut flat = data(&products()[..1]);
    flat.yearly.truncate(1);
    flat.yearly[0].sales_value = 0.0;
    let [trend, ..] = more_svgs(&ctx(Lang::Id), &flat);
    assert!(trend.contains("tidak ada data"), "no product with sales");
}

/// Regression (issue 10): a product without a value was drawn as a zero bar labelled "0,00";
/// it says "no data" instead, and every title names the study region.
#[test]
fn missing_criteria_say_no_data_and_titles_name_the_region() {
    for (lang, no_data) in [(Lang::Id, "tidak ada data"), (Lang::En, "no data")] {
        let [_, _, _, profile] = more_svgs(&ctx(lang), &data(&products()));
        assert_eq!(profile.matches(no_data).count(), 1, "{lang:?}");
        let [ranking, ..] = svgs(&ctx(lang), &products());
        assert!(ranking.contains("— Kabupaten Tuban"), "{lang:?}");
    }
}

/// Every entry of the list makes the chart it names, and each draws inside
/// the shared frame: title, caption and the synthetic label.
#[test]
fn every_listed_chart_names_itself_and_gets_the_frame() {
    let data = data(&products());
    let context = ctx(Lang::En);
    let inputs = Inputs {
        ctx: &context,
        economy_ctx: &context,
        data: &data,
        thresholds: &THRESHOLDS,
    };
    let mut seen = std::collections::BTreeSet::new();
    for entry in CHARTS {
        let chart = (entry.make)(&inputs).expect("the test data has every kind");
        assert_eq!(chart.name(), entry.name);
        assert!(seen.insert(entry.name), "{} listed twice", entry.name);
        let svg = render_svg(chart.as_ref()).unwrap();
        let theme = theme::Theme::new(Lang::En, 1.0);
        let (title, _) = chart.titles(&theme);
        let first_words: String = title
            .split_whitespace()
            .take(2)
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            svg.contains(&first_words),
            "{}: title {title:?} not drawn",
            entry.name
        );
        assert!(
            svg.contains("synthetic data"),
            "{}: no synthetic label",
            entry.name
        );
    }
}
