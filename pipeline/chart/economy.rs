//! The economic base of the study region (SPEC §6, `docs/methods.md` §10):
//! `economic_base` (SLQ per sector, coloured by its SLQ × DLQ class),
//! `shift_share` (Dunn's three components per sector) and `klassen` (sectors
//! by growth against the reference and by SLQ). Their caption carries the
//! economy input's own provenance (real BPS data in the demo).

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::bars::{self, Axes, RowLabel};
use super::canvas::Canvas;
use super::theme::{
    self, okabe_ito, PlotResult, Theme, AXIS_SIZE, GAP, GRID, INK, MUTED, PAD, TICK_SIZE,
    VALUE_SIZE,
};
use super::{Chart, ChartContext};
use crate::marts::shift_share::{EconomyView, SectorView};

/// The SLQ × DLQ classes and their colours, in legend order.
const CLASSES: [(&str, RGBColor); 4] = [
    ("unggulan", okabe_ito::BLUISH_GREEN),
    ("prospektif", okabe_ito::BLUE),
    ("andalan", okabe_ito::ORANGE),
    ("tertinggal", okabe_ito::GREY),
];

/// The Klassen quadrants and their colours.
const KLASSEN: [(&str, RGBColor); 4] = [
    ("maju_tumbuh_pesat", okabe_ito::BLUISH_GREEN),
    ("maju_tertekan", okabe_ito::BLUE),
    ("potensial", okabe_ito::ORANGE),
    ("tertinggal", okabe_ito::GREY),
];

fn color_of(table: &[(&str, RGBColor)], class: Option<&str>) -> RGBColor {
    table
        .iter()
        .find(|(c, _)| Some(*c) == class)
        .map_or(okabe_ito::GREY, |(_, color)| *color)
}

/// "A — Pertanian, Kehutanan, dan Perikanan".
fn sector_label(theme: &Theme, sector: &str) -> String {
    let key = format!("sector.{sector}");
    match crate::i18n::lookup(theme.lang, &key) {
        Some(name) => format!("{sector} — {name}"),
        None => sector.to_string(),
    }
}

fn class_items(
    theme: &Theme,
    table: &[(&'static str, RGBColor)],
    prefix: &str,
) -> Vec<(String, RGBColor)> {
    table
        .iter()
        .map(|(c, color)| {
            let key = format!("{prefix}.{c}");
            (
                crate::i18n::lookup(theme.lang, &key)
                    .unwrap_or(c)
                    .to_string(),
                *color,
            )
        })
        .collect()
}

/// `economic_base`: SLQ of every sector in the last year, largest first.
pub struct EconomicBase<'a> {
    pub ctx: &'a ChartContext,
    pub view: &'a EconomyView,
}

impl Chart for EconomicBase<'_> {
    fn name(&self) -> &'static str {
        "economic_base"
    }

    fn context(&self) -> &ChartContext {
        self.ctx
    }

    fn titles(&self, theme: &Theme) -> (String, Option<String>) {
        (
            theme
                .label("chart.economic_base.title")
                .replace("{year}", &self.view.years[1].to_string()),
            Some(reference_line(theme, self.view)),
        )
    }

    fn draw(&self, body: &DrawingArea<Canvas<'_>, Shift>, theme: &Theme) -> anyhow::Result<()> {
        let mut rows: Vec<&SectorView> = self
            .view
            .sectors
            .iter()
            .filter(|s| s.slq_last.is_some())
            .collect();
        if rows.is_empty() {
            return theme::no_data(body, theme);
        }
        rows.sort_by(|a, b| {
            b.slq_last
                .unwrap_or(0.0)
                .total_cmp(&a.slq_last.unwrap_or(0.0))
                .then(a.sector.cmp(&b.sector))
        });
        let items = class_items(theme, &CLASSES, "lq_class");
        let refs: Vec<(&str, RGBColor)> = items.iter().map(|(s, c)| (s.as_str(), *c)).collect();
        let legend_h = theme::legend(body, theme, theme.label("chart.legend.lq_class"), &refs)?;
        let body = body.margin(legend_h + theme.px(GAP), 0, 0, 0);
        let max = rows
            .iter()
            .filter_map(|r| r.slq_last)
            .fold(1.0_f64, f64::max);
        let value_style = theme.text(VALUE_SIZE, INK);
        let widest = theme::text_size(&body, &theme.number(max, 2), &value_style)?.0;
        let labels: Vec<RowLabel> = rows
            .iter()
            .map(|r| RowLabel::text(&sector_label(theme, &r.sector)))
            .collect();
        let axes = Axes {
            x_desc: theme.label("chart.axis.slq"),
            y_desc: theme.label("chart.axis.sector"),
            x_range: 0.0..(max * 1.08).max(1.2),
            x_decimals: 1,
            right_margin: widest + 3 * theme.px(GAP),
        };
        let bars::BarChart {
            mut chart,
            text_size,
            thickness,
        } = bars::bar_chart(&body, theme, &labels, &axes)?;
        let n = rows.len();
        let half = thickness / 2.0;
        chart
            .draw_series(rows.iter().enumerate().map(|(i, r)| {
                let y = bars::row_center(n, i);
                let color = color_of(&CLASSES, r.lq_class.as_deref());
                Rectangle::new(
                    [(0.0, y - half), (r.slq_last.unwrap_or(0.0), y + half)],
                    color.filled(),
                )
            }))
            .plot("drawing the LQ bars")?;
        // SLQ = 1: the line between base and non-base sectors.
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(1.0, 0.0), (1.0, n as f64)],
                theme.line(INK, 1.5),
            )))
            .plot("drawing the LQ = 1 line")?;
        let value_style = theme.text(VALUE_SIZE.min(text_size), INK);
        for (i, r) in rows.iter().enumerate() {
            let v = r.slq_last.unwrap_or(0.0);
            let (x, y) = chart.backend_coord(&(v, bars::row_center(n, i)));
            theme::draw_text_at(
                &body,
                &theme.number(v, 2),
                &value_style,
                (HPos::Left, VPos::Center),
                (x + theme.px(GAP), y),
            )?;
        }
        Ok(())
    }
}

/// "Dibandingkan dengan Provinsi Jawa Timur · pdrb_adhk · 2010–2022".
fn reference_line(theme: &Theme, view: &EconomyView) -> String {
    let reference = match view.reference.as_str() {
        "sum" => theme.label("chart.economy.reference_sum").to_string(),
        code => crate::reference::Reference::get()
            .area_name(code)
            .unwrap_or(code)
            .to_string(),
    };
    theme
        .label("chart.economy.subtitle")
        .replace("{region}", &view.region_name)
        .replace("{reference}", &reference)
        .replace("{measure}", &view.measure)
        .replace("{first}", &view.years[0].to_string())
        .replace("{last}", &view.years[1].to_string())
}

/// `shift_share`: the reference share, industry mix and regional shift of
/// each sector's change over the period, side by side.
pub struct ShiftShare<'a> {
    pub ctx: &'a ChartContext,
    pub view: &'a EconomyView,
}

const COMPONENTS: [(&str, RGBColor); 3] = [
    ("chart.shift_share.n", okabe_ito::SKY_BLUE),
    ("chart.shift_share.m", okabe_ito::ORANGE),
    ("chart.shift_share.s", okabe_ito::BLUISH_GREEN),
];

impl Chart for ShiftShare<'_> {
    fn name(&self) -> &'static str {
        "shift_share"
    }

    fn context(&self) -> &ChartContext {
        self.ctx
    }

    fn titles(&self, theme: &Theme) -> (String, Option<String>) {
        (
            theme
                .label("chart.shift_share.title")
                .replace("{first}", &self.view.years[0].to_string())
                .replace("{last}", &self.view.years[1].to_string()),
            Some(reference_line(theme, self.view)),
        )
    }

    fn draw(&self, body: &DrawingArea<Canvas<'_>, Shift>, theme: &Theme) -> anyhow::Result<()> {
        let parts = |s: &SectorView| Some([s.reference_share?, s.industry_mix?, s.regional_shift?]);
        let mut rows: Vec<(&SectorView, [f64; 3])> = self
            .view
            .sectors
            .iter()
            .filter_map(|s| parts(s).map(|p| (s, p)))
            .collect();
        if rows.is_empty() {
            return theme::no_data(body, theme);
        }
        rows.sort_by(|a, b| {
            let total = |p: &[f64; 3]| p.iter().sum::<f64>();
            total(&b.1)
                .total_cmp(&total(&a.1))
                .then(a.0.sector.cmp(&b.0.sector))
        });
        let items: Vec<(&str, RGBColor)> = COMPONENTS
            .iter()
            .map(|(k, c)| (theme.label(k), *c))
            .collect();
        let legend_h = theme::legend(body, theme, theme.label("chart.legend.component"), &items)?;
        let body = body.margin(legend_h + theme.px(GAP), 0, 0, 0);
        let lo = rows.iter().flat_map(|r| r.1).fold(0.0_f64, f64::min);
        let hi = rows.iter().flat_map(|r| r.1).fold(0.0_f64, f64::max);
        let pad = (hi - lo).max(1.0) * 0.04;
        let labels: Vec<RowLabel> = rows
            .iter()
            .map(|r| RowLabel::text(&sector_label(theme, &r.0.sector)))
            .collect();
        let axes = Axes {
            x_desc: theme.label("chart.axis.change_components"),
            y_desc: theme.label("chart.axis.sector"),
            x_range: (lo - pad)..(hi + pad),
            x_decimals: 0,
            right_margin: theme.px(PAD),
        };
        let bars::BarChart {
            mut chart,
            thickness,
            ..
        } = bars::bar_chart(&body, theme, &labels, &axes)?;
        let n = rows.len();
        let third = thickness / 3.0;
        for (k, (_, color)) in COMPONENTS.iter().enumerate() {
            chart
                .draw_series(rows.iter().enumerate().map(|(i, (_, p))| {
                    let top = bars::row_center(n, i) + thickness / 2.0 - k as f64 * third;
                    Rectangle::new([(0.0, top - third), (p[k], top)], color.filled())
                }))
                .plot("drawing the shift-share bars")?;
        }
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(0.0, 0.0), (0.0, n as f64)],
                theme.line(INK, 1.0),
            )))
            .plot("drawing the zero line")?;
        Ok(())
    }
}

/// `klassen`: each sector by its growth gap to the reference (x) and its
/// mean SLQ (y), in the four Klassen quadrants.
pub struct Klassen<'a> {
    pub ctx: &'a ChartContext,
    pub view: &'a EconomyView,
}

impl Chart for Klassen<'_> {
    fn name(&self) -> &'static str {
        "klassen"
    }

    fn context(&self) -> &ChartContext {
        self.ctx
    }

    fn titles(&self, theme: &Theme) -> (String, Option<String>) {
        (
            theme.label("chart.klassen.title").to_string(),
            Some(reference_line(theme, self.view)),
        )
    }

    fn draw(&self, body: &DrawingArea<Canvas<'_>, Shift>, theme: &Theme) -> anyhow::Result<()> {
        let points: Vec<(&SectorView, f64, f64)> = self
            .view
            .sectors
            .iter()
            .filter_map(|s| Some((s, 100.0 * s.growth_gap?, s.slq_mean?)))
            .filter(|(_, x, y)| x.is_finite() && y.is_finite())
            .collect();
        if points.is_empty() {
            return theme::no_data(body, theme);
        }
        let items = class_items(theme, &KLASSEN, "klassen");
        let refs: Vec<(&str, RGBColor)> = items.iter().map(|(s, c)| (s.as_str(), *c)).collect();
        let legend_h = theme::legend(body, theme, theme.label("chart.legend.klassen"), &refs)?;
        let body = body.margin(legend_h + theme.px(GAP), 0, 0, 0);
        let span_x = points.iter().map(|p| p.1.abs()).fold(0.5_f64, f64::max) * 1.15;
        let max_y = points.iter().map(|p| p.2).fold(1.5_f64, f64::max) * 1.1;
        let gap = theme.px(GAP);
        let tick_style = theme.text(TICK_SIZE, INK);
        let axis_style = theme.text(AXIS_SIZE, INK);
        let tick = theme::text_size(&body, "-10,0", &tick_style)?;
        let axis_h = theme::text_size(&body, "Ag", &axis_style)?.1;
        let mut chart = ChartBuilder::on(&body)
            .margin_top(gap)
            .margin_right(theme.px(PAD))
            .x_label_area_size(tick.1 + axis_h + 3 * gap)
            .y_label_area_size(tick.0 + axis_h + 3 * gap)
            .build_cartesian_2d(-span_x..span_x, 0.0..max_y)
            .plot("building the Klassen chart")?;
        let x_format = |v: &f64| theme.number(*v, 1);
        let y_format = |v: &f64| theme.number(*v, 1);
        chart
            .configure_mesh()
            .x_labels(9)
            .y_labels(7)
            .x_max_light_lines(0)
            .y_max_light_lines(0)
            .x_label_formatter(&x_format)
            .y_label_formatter(&y_format)
            .bold_line_style(theme.line(GRID, 1.0))
            .axis_style(theme.line(INK, 1.0))
            .label_style(tick_style)
            .axis_desc_style(axis_style)
            .x_desc(theme.label("chart.axis.growth_gap"))
            .y_desc(theme.label("chart.axis.slq_mean"))
            .draw()
            .plot("drawing the axes")?;
        let style = theme.line(MUTED, 1.5);
        for line in [
            vec![(0.0, 0.0), (0.0, max_y)],
            vec![(-span_x, 1.0), (span_x, 1.0)],
        ] {
            chart
                .plotting_area()
                .draw(&DashedPathElement::new(
                    line,
                    theme.px(7.0),
                    theme.px(5.0),
                    style,
                ))
                .plot("drawing a quadrant line")?;
        }
        let radius = theme.px(6.0) as u32;
        chart
            .draw_series(points.iter().map(|(s, x, y)| {
                Circle::new(
                    (*x, *y),
                    radius,
                    color_of(&KLASSEN, s.klassen.as_deref()).filled(),
                )
            }))
            .plot("drawing the sectors")?;
        // Each label goes beside its point where it overlaps no other label
        // or point: right and up, left and up, right and down, left and down.
        let label_style = theme.text(VALUE_SIZE, INK);
        let centres: Vec<(i32, i32)> = points
            .iter()
            .map(|(_, x, y)| chart.backend_coord(&(*x, *y)))
            .collect();
        let r = radius as i32;
        let mut placed: Vec<[i32; 4]> = centres
            .iter()
            .map(|(x, y)| [x - r, y - r, x + r, y + r])
            .collect();
        let overlaps =
            |a: &[i32; 4], b: &[i32; 4]| a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
        for (i, (s, _, _)) in points.iter().enumerate() {
            let (px, py) = centres[i];
            let (w, h) = theme::text_size(&body, &s.sector, &label_style)?;
            let candidates = [
                (
                    [px + gap, py - gap / 2 - h, px + gap + w, py - gap / 2],
                    (HPos::Left, VPos::Bottom),
                    (px + gap, py - gap / 2),
                ),
                (
                    [px - gap - w, py - gap / 2 - h, px - gap, py - gap / 2],
                    (HPos::Right, VPos::Bottom),
                    (px - gap, py - gap / 2),
                ),
                (
                    [px + gap, py + gap / 2, px + gap + w, py + gap / 2 + h],
                    (HPos::Left, VPos::Top),
                    (px + gap, py + gap / 2),
                ),
                (
                    [px - gap - w, py + gap / 2, px - gap, py + gap / 2 + h],
                    (HPos::Right, VPos::Top),
                    (px - gap, py + gap / 2),
                ),
            ];
            let own = [px - r, py - r, px + r, py + r];
            let (rect, anchor, at) = candidates
                .iter()
                .find(|(rect, _, _)| !placed.iter().any(|p| *p != own && overlaps(rect, p)))
                .unwrap_or(&candidates[0]);
            theme::draw_text_at(&body, &s.sector, &label_style, *anchor, *at)?;
            placed.push(*rect);
        }
        Ok(())
    }
}
