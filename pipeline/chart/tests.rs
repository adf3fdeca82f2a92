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
        economy: Some(economy_view()),
        map: Some(map::map_data()),
        relatedness: Some(relatedness_view()),
    }
}

/// Candidates and next products on both sides of the quadrant lines, one
/// with a long Indonesian name and two on the same spot.
fn relatedness_view() -> crate::marts::relatedness::RelatednessView {
    use crate::marts::relatedness::{RelatedPoint, RelatednessView};
    let point =
        |name: &str, rank: Option<u32>, next: Option<&str>, density: f64, pci: f64| RelatedPoint {
            name: name.into(),
            rank,
            next_category: next.map(String::from),
            density,
            pci,
        };
    RelatednessView {
        points: vec![
            point(
                "Wisata Religi Makam Sunan Bonang dan Sekitarnya",
                Some(1),
                None,
                0.6,
                0.05,
            ),
            point("Gerabah Hias Semanding", Some(2), None, 0.51, 0.41),
            point("Kendi Gerabah Sadang", Some(4), None, 0.51, 0.41),
            point("Batik Gedog Kerek", Some(3), None, 0.65, -3.37),
            point("Sadang", None, Some("livestock"), 0.08, 0.72),
            point("Bektiharjo", None, Some("fishery"), 0.05, -0.15),
        ],
        density_median: 0.07,
        next: Vec::new(),
    }
}

/// A made-up economic base of one regency (the economy charts' input).
fn economy_view() -> crate::marts::shift_share::EconomyView {
    use crate::marts::shift_share::{EconomyView, SectorView};
    let sector =
        |s: &str, slq: f64, gap: f64, class: &str, klassen: &str, nms: [f64; 3]| SectorView {
            sector: s.to_string(),
            slq_last: Some(slq),
            slq_mean: Some(slq * 0.98),
            growth_gap: Some(gap),
            dlq: Some(1.0 + gap * 10.0),
            lq_class: Some(class.to_string()),
            klassen: Some(klassen.to_string()),
            reference_share: Some(nms[0]),
            industry_mix: Some(nms[1]),
            regional_shift: Some(nms[2]),
        };
    EconomyView {
        region_code: "35.23".into(),
        region_name: "Kabupaten Tuban".into(),
        reference: "35".into(),
        measure: "pdrb_adhk".into(),
        years: [2010, 2022],
        sectors: vec![
            sector(
                "A",
                1.59,
                0.004,
                "unggulan",
                "maju_tumbuh_pesat",
                [4140.0, -2533.0, 581.0],
            ),
            sector(
                "C",
                1.09,
                0.002,
                "unggulan",
                "maju_tumbuh_pesat",
                [6625.0, 501.0, 324.0],
            ),
            sector(
                "F",
                1.11,
                -0.021,
                "prospektif",
                "maju_tertekan",
                [3028.0, 125.0, -2146.0],
            ),
            sector(
                "G",
                0.74,
                0.001,
                "andalan",
                "potensial",
                [2714.0, 471.0, 8.0],
            ),
            sector(
                "I",
                0.18,
                -0.003,
                "tertinggal",
                "tertinggal",
                [165.0, 48.0, -22.0],
            ),
        ],
        region_type: Some("maju_tertekan".into()),
    }
}

/// Draws every chart of the list into `dir`.
fn draw_all_into(ctx: &ChartContext, data: &ChartData, dir: &std::path::Path) -> Vec<PathBuf> {
    let economy = ChartContext {
        synthetic: false,
        source: "Sumber: BPS, via Bappenas SIMREG (Data Dasar), diolah".into(),
        ..ctx.clone()
    };
    draw_all(
        &Inputs {
            ctx,
            economy_ctx: &economy,
            data,
            thresholds: &THRESHOLDS,
        },
        dir,
    )
    .unwrap()
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
    let written = draw_all_into(&ctx(lang), &data(rows), dir.path());
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
    let empty = ChartData {
        economy: Some(crate::marts::shift_share::EconomyView {
            sectors: Vec::new(),
            ..economy_view()
        }),
        map: Some(crate::chart::map::MapData::default()),
        relatedness: Some(Default::default()),
        ..ChartData::default()
    };
    let written = draw_all_into(&ctx(Lang::Id), &empty, dir.path());
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
    odd.extend(new_charts::crowded());
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

mod map;
mod new_charts;
