//! Charts render on fake rows: both formats, both languages, deterministic,
//! escaped, and still valid with no data.

use super::*;
use crate::domain::Quadrant;

fn ctx(lang: Lang) -> ChartContext {
    ChartContext {
        study: "tuban-demo".into(),
        region: Some("Kabupaten Tuban".into()),
        lang,
        synthetic: true,
        source: "Studi demo Tuban (ovop generate)".into(),
        data_period: "2020–2024".into(),
    }
}

fn row(
    rank: u32,
    name: &str,
    village: &str,
    score: f64,
    reach: Option<f64>,
    quadrant: Quadrant,
) -> ProductRow {
    let tier_shares = reach.map(|r| {
        let far = r.clamp(0.0, 1.0);
        let near = 1.0 - far;
        [
            near * 0.5,
            near * 0.3,
            near * 0.2,
            far * 0.4,
            far * 0.4,
            far * 0.2,
        ]
    });
    ProductRow {
        product_id: format!("P{rank:03}"),
        product_name: name.into(),
        village_name: village.into(),
        district_name: "Jenu".into(),
        category: "food_beverage".into(),
        potential_score: score,
        reach_index: reach,
        stars: match score {
            s if s >= 90.0 => 5,
            s if s >= 70.0 => 4,
            s if s >= 50.0 => 3,
            s if s >= 30.0 => 2,
            _ => 1,
        },
        quadrant,
        tier_shares,
        rank,
    }
}

fn products() -> Vec<ProductRow> {
    use Quadrant::*;
    let long = "Keripik Tempe Sagu Rasa Balado Khas Pesisir Utara Jawa Timur";
    vec![
        row(1, long, "Sumurgeneng", 93.4, Some(0.71), Unggulan),
        row(2, "Batik Gedog", "Kedungrejo", 88.0, Some(0.66), Unggulan),
        row(
            3,
            "Sambal <script>alert(1)</script> & Terasi",
            "Desa A&B",
            84.5,
            Some(0.18),
            Potensial,
        ),
        row(
            4,
            "Ikan Asap Bandeng",
            "Socorejo",
            80.1,
            Some(0.22),
            Potensial,
        ),
        row(
            5,
            "Tenun Ikat",
            "Kenongosari Kidul Wetan Lor Kulon",
            77.7,
            Some(0.69),
            Unggulan,
        ),
        row(6, "Gerabah Hias", "Tegalagung", 72.0, None, Potensial),
        row(7, "Kerupuk Ikan", "Tasikharjo", 64.2, Some(0.52), Niche),
        row(
            8,
            "Legen Siwalan",
            "Sugihwaras",
            58.9,
            Some(0.08),
            Tertinggal,
        ),
        row(9, "Anyaman Bambu", "Mentoso", 51.3, Some(0.55), Niche),
        row(10, "Jamu Gendong", "Rawasan", 44.0, Some(0.12), Tertinggal),
        row(
            11,
            "Emping Melinjo Asli Tuban Super Gurih",
            "Beji",
            37.5,
            Some(0.51),
            Niche,
        ),
        row(
            12,
            "Madu Klanceng",
            "Purworejo",
            21.0,
            Some(0.02),
            Tertinggal,
        ),
        row(13, "Tahu Kuning", "Wadung", 12.0, Some(1.0), Niche),
    ]
}

const THRESHOLDS: Thresholds = Thresholds {
    potential: 64.2,
    reach: 0.52,
};

/// The three charts as SVG text (cheap: PNG encoding is slow in debug builds).
fn svgs(ctx: &ChartContext, rows: &[ProductRow]) -> [String; 3] {
    [
        render_svg(&ranking::Ranking {
            ctx,
            products: rows,
            top_n: TOP_N,
        })
        .unwrap(),
        render_svg(&reach_tiers::ReachTiers {
            ctx,
            products: rows,
            top_n: TOP_N,
        })
        .unwrap(),
        render_svg(&potential_vs_reach::PotentialVsReach {
            ctx,
            products: rows,
            thresholds: &THRESHOLDS,
            labelled: LABELLED_POINTS,
        })
        .unwrap(),
    ]
}

/// Yearly sales, picks, rank intervals and criteria that go with `rows`.
fn data(rows: &[ProductRow]) -> ChartData {
    let categories = ["food_beverage", "batik", "fishery", "no_such_category"];
    let districts = [
        "Jenu",
        "Kecamatan Dengan Nama Yang Sangat Panjang Sekali Untuk Menguji Label",
        "<script>alert(2)</script>",
        "",
    ];
    let yearly = rows
        .iter()
        .flat_map(|p| {
            (2020..=2024).map(move |year| YearlySales {
                product_id: p.product_id.clone(),
                year,
                sales_value: 1e6 * f64::from(p.rank) * f64::from(year - 2018),
            })
        })
        .collect();
    let picks = (0..8)
        .map(|i| PickCount {
            district_name: districts[i % districts.len()].into(),
            category: categories[(i * 3) % categories.len()].into(),
            picks: 1 + i as u32,
            candidates: 4 + 2 * i as u32,
        })
        .collect();
    let intervals = rows
        .iter()
        .map(|p| {
            let rank = f64::from(p.rank);
            RankInterval {
                product_id: p.product_id.clone(),
                rank: p.rank,
                mean_rank: rank + 0.7,
                rank_p05: (rank - 2.0).max(1.0),
                rank_p95: rank + 4.0,
            }
        })
        .collect();
    let criteria = rows
        .iter()
        .map(|p| CriterionValues {
            product_id: p.product_id.clone(),
            values: ["reach_index", "lq", "workers", "expert_packaging_quality"]
                .iter()
                .enumerate()
                .map(|(j, c)| {
                    (
                        c.to_string(),
                        (p.potential_score / 100.0 * (j + 1) as f64) % 1.0,
                    )
                })
                .collect(),
            // The second product has no LQ: drawn as "no data", not as 0.
            missing: match p.rank {
                2 => vec!["lq".to_string()],
                _ => Vec::new(),
            },
        })
        .collect();
    ChartData {
        products: rows.to_vec(),
        yearly,
        picks,
        intervals,
        criteria,
    }
}

/// The four charts added for SPEC §6 (sales trend, district summary,
/// sensitivity, criteria profile) as SVG text.
fn more_svgs(ctx: &ChartContext, data: &ChartData) -> [String; 4] {
    let products = &data.products;
    [
        render_svg(&sales_trend::SalesTrend {
            ctx,
            products,
            yearly: &data.yearly,
            top_n: TOP_FEW,
        })
        .unwrap(),
        render_svg(&district_summary::DistrictSummary {
            ctx,
            picks: &data.picks,
        })
        .unwrap(),
        render_svg(&sensitivity::Sensitivity {
            ctx,
            products,
            intervals: &data.intervals,
            top_n: TOP_N,
        })
        .unwrap(),
        render_svg(&criteria_profile::CriteriaProfile {
            ctx,
            products,
            criteria: &data.criteria,
            top_n: TOP_FEW,
        })
        .unwrap(),
    ]
}

fn draw(lang: Lang, rows: &[ProductRow]) -> (tempfile::TempDir, Vec<PathBuf>) {
    let dir = tempfile::tempdir().unwrap();
    let written = draw_all(&ctx(lang), &data(rows), &THRESHOLDS, dir.path()).unwrap();
    (dir, written)
}

#[test]
fn writes_png_and_svg_for_every_chart_deterministically() {
    let (_a, first) = draw(Lang::En, &products());
    let names: Vec<_> = first
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2 * CHARTS.len());
    for chart in super::names() {
        assert!(names.contains(&format!("{chart}.png")), "{names:?}");
        assert!(names.contains(&format!("{chart}.svg")), "{names:?}");
    }
    let (_b, second) = draw(Lang::En, &products());
    for (a, b) in first.iter().zip(&second) {
        let bytes = std::fs::read(a).unwrap();
        assert_eq!(bytes, std::fs::read(b).unwrap(), "{}", a.display());
        if a.extension().unwrap() == "png" {
            assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "{}", a.display());
        } else {
            let text = String::from_utf8(bytes).unwrap();
            assert!(
                text.starts_with("<svg") && text.trim_end().ends_with("</svg>"),
                "{}",
                a.display()
            );
        }
    }
}

#[test]
fn titles_axes_and_caption_in_english() {
    let [ranking, tiers, scatter] = svgs(&ctx(Lang::En), &products());
    assert!(ranking.contains("Top 13 products by potential score"));
    assert!(ranking.contains("Potential score (0–100)"));
    assert!(tiers.contains("Market reach: share of sales value by market tier"));
    assert!(tiers.contains("Share of sales value (%)"));
    assert!(tiers.contains("Export"));
    assert!(scatter.contains("Product potential and market reach"));
    assert!(scatter.contains("Market reach index (0–1)"));
    assert!(scatter.contains("products without sales, not shown: 1"));
    for svg in [&ranking, &tiers, &scatter] {
        assert!(svg.contains(
            "Source: Studi demo Tuban (ovop generate) · Study: tuban-demo · Data: 2020–2024"
        ));
        assert!(svg.contains("synthetic data / data sintetis"));
        assert!(svg.contains("Area codes: idn-area-data 4.0.1 (Kepmendagri 2025), ODbL 1.0"));
    }
}

#[test]
fn indonesian_labels_and_caption() {
    let [ranking, tiers, scatter] = svgs(&ctx(Lang::Id), &products());
    assert!(ranking.contains("13 produk dengan skor potensi tertinggi"));
    assert!(ranking.contains("Skor potensi (0–100)"));
    assert!(ranking.contains(
        "Sumber: Studi demo Tuban (ovop generate) · Studi: tuban-demo · Data: 2020–2024"
    ));
    assert!(ranking.contains("93,4"), "Indonesian decimal comma");
    assert!(tiers.contains("Ekspor"));
    assert!(scatter.contains("Indeks jangkauan pasar (0–1)"));
    for svg in [&ranking, &tiers, &scatter] {
        assert!(svg.contains("data sintetis / synthetic data"));
    }
    let mut real = ctx(Lang::Id);
    real.synthetic = false;
    assert!(svgs(&real, &products())
        .iter()
        .all(|svg| !svg.contains("sintetis")));
}

#[test]
fn input_order_does_not_matter() {
    let mut shuffled = products();
    shuffled.reverse();
    shuffled.swap(2, 7);
    assert_eq!(
        svgs(&ctx(Lang::Id), &products()),
        svgs(&ctx(Lang::Id), &shuffled)
    );
}

#[test]
fn names_are_escaped_in_svg() {
    let [ranking, tiers, scatter] = svgs(&ctx(Lang::En), &products());
    for svg in [&ranking, &tiers] {
        assert!(svg.contains("Sambal &lt;script&gt;alert(1)&lt;/script&gt; &amp; Terasi"));
        assert!(svg.contains("Desa A&amp;B"));
    }
    for svg in [&ranking, &tiers, &scatter] {
        assert!(!svg.contains("<script"));
    }
}

#[test]
fn long_names_are_shortened() {
    for svg in svgs(&ctx(Lang::Id), &products()) {
        assert!(!svg.contains("Pesisir Utara Jawa Timur"));
        assert!(svg.contains("Keripik Tempe"));
        assert!(svg.contains('…'));
    }
}

#[test]
fn fit_respects_the_width() {
    theme::register_bundled_font().unwrap();
    let mut text = String::new();
    let root = SVGBackend::with_string(&mut text, (400, 100)).into_drawing_area();
    let theme = Theme::new(Lang::Id, 1.0);
    let style = theme.text(theme::LABEL_SIZE, theme::INK);
    let long = "Keripik Tempe Sagu Rasa Balado Khas Pesisir Utara Jawa Timur";
    for max in [0, 5, 40, 120, 300, 10_000] {
        let fitted = theme::fit(&root, long, &style, max).unwrap();
        assert!(
            theme::text_size(&root, &fitted, &style).unwrap().0 <= max,
            "{max}: {fitted}"
        );
        assert!(
            fitted == long || fitted.is_empty() || fitted.ends_with('…'),
            "{fitted}"
        );
    }
}

#[test]
fn empty_input_draws_no_data() {
    let dir = tempfile::tempdir().unwrap();
    let written = draw_all(
        &ctx(Lang::Id),
        &ChartData::default(),
        &THRESHOLDS,
        dir.path(),
    )
    .unwrap();
    assert_eq!(written.len(), 2 * CHARTS.len());
    for path in written.iter().filter(|p| p.extension().unwrap() == "svg") {
        assert!(
            std::fs::read_to_string(path)
                .unwrap()
                .contains("tidak ada data"),
            "{}",
            path.display()
        );
    }
    let [ranking, ..] = svgs(&ctx(Lang::En), &[]);
    assert!(ranking.contains("no data"));
}

#[test]
fn odd_values_do_not_panic() {
    let mut odd = products();
    odd[0].potential_score = f64::NAN;
    odd[1].reach_index = Some(f64::INFINITY);
    odd[2].tier_shares = Some([0.0; 6]);
    odd[3].stars = 9;
    odd[4].product_name = "Tab\tand\nnewline".into();
    odd.extend(crowded());
    let [_, tiers, _] = svgs(&ctx(Lang::En), &odd);
    assert!(tiers.contains("Tab and newline"));
    let ctx = ctx(Lang::En);
    let nan = Thresholds {
        potential: f64::NAN,
        reach: 7.0,
    };
    render_svg(&potential_vs_reach::PotentialVsReach {
        ctx: &ctx,
        products: &odd,
        thresholds: &nan,
        labelled: 60,
    })
    .unwrap();
}

#[test]
fn top_by_rank_ignores_input_order() {
    let mut rows = products();
    rows.reverse();
    let ids: Vec<_> = top_by_rank(&rows, 3, |_| true)
        .iter()
        .map(|p| p.product_id.clone())
        .collect();
    assert_eq!(ids, ["P001", "P002", "P003"]);
}

/// Sixty products crowded into the middle, with long names (deterministic LCG).
fn crowded() -> Vec<ProductRow> {
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
        data: &data,
        thresholds: &THRESHOLDS,
    };
    let mut seen = std::collections::BTreeSet::new();
    for entry in CHARTS {
        let chart = (entry.make)(&inputs);
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
