//! Scaffolding shared by the horizontal bar charts (ranking, reach tiers,
//! district summary, sensitivity, criteria profile): one row per item from
//! the top down, axes, and a left column of labels ("Product — Village", a
//! district, a criterion) fitted with "…" so they never overlap or clip.

use plotters::chart::ChartContext as PlotContext;
use plotters::coord::types::RangedCoordf64;
use std::ops::Range;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::theme::{self, PlotResult, Theme, AXIS_SIZE, GAP, GRID, INK, LABEL_SIZE, TICK_SIZE};
use super::ProductRow;

/// A row's label: a name and, for products, the place it comes from.
#[derive(Debug, Clone)]
pub struct RowLabel {
    pub name: String,
    pub place: Option<String>,
}

impl RowLabel {
    /// "3. Product — Village": the rank ties the row to the numbered
    /// labels of the scatter and the legends.
    pub fn product(row: &ProductRow) -> RowLabel {
        RowLabel {
            name: format!("{}. {}", row.rank, row.product_name),
            place: Some(row.village_name.clone()),
        }
    }

    pub fn text(name: &str) -> RowLabel {
        RowLabel {
            name: name.to_string(),
            place: None,
        }
    }
}

pub type Bars<'a, DB> = PlotContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Share of the body width the label column may take.
const LABEL_COLUMN: f64 = 0.42;
/// Bar thickness as a share of the row height…
const BAR_THICKNESS: f64 = 0.72;
/// …but no thicker than this (logical pixels), so two or three rows do not
/// become slabs.
const MAX_BAR: f64 = 56.0;

/// What the axes say and how much room the bar ends need.
pub struct Axes<'s> {
    pub x_desc: &'s str,
    pub y_desc: &'s str,
    pub x_range: Range<f64>,
    /// Decimals of the x tick labels (0 for counts and ranks).
    pub x_decimals: usize,
    /// Device pixels kept free right of the plot (for text at the bar ends).
    pub right_margin: i32,
}

/// Centre of row `i` (0 = top) of `n`, in chart y units: row i spans
/// [n − i − 1, n − i] so the best product is on top.
pub fn row_center(n: usize, i: usize) -> f64 {
    (n - i) as f64 - 0.5
}

/// The chart with its axes and row labels drawn, ready for the bars.
pub struct BarChart<'a, DB: DrawingBackend> {
    pub chart: Bars<'a, DB>,
    /// Font size for text in the rows: shrinks with the rows so neighbours never touch.
    pub text_size: f64,
    /// Bar thickness in chart y units (a row is 1).
    pub thickness: f64,
}

/// Builds the chart on `body`, draws the axes and the row labels.
pub fn bar_chart<'a, DB: DrawingBackend>(
    body: &'a DrawingArea<DB, Shift>,
    theme: &Theme,
    rows: &[RowLabel],
    axes: &Axes,
) -> anyhow::Result<BarChart<'a, DB>> {
    let n = rows.len().max(1);
    let (body_w, body_h) = body.dim_in_pixel();
    let gap = theme.px(GAP);
    let tick_style = theme.text(TICK_SIZE, INK);
    let axis_style = theme.text(AXIS_SIZE, INK);
    let tick_h = theme::text_size(body, "0", &tick_style)?.1;
    let axis_h = theme::text_size(body, "Ag", &axis_style)?.1;
    let x_area = tick_h + axis_h + 3 * gap;

    let row_h = f64::from((body_h as i32 - x_area - gap).max(1)) / n as f64 / theme.scale;
    let text_size = LABEL_SIZE.min(row_h * 0.8);
    let label_style = theme.text(text_size, INK);
    let column_w = (f64::from(body_w) * LABEL_COLUMN) as i32;
    let labels = rows
        .iter()
        .map(|row| row_label(body, row, &label_style, column_w))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let mut widest = 0;
    for label in &labels {
        widest = widest.max(theme::text_size(body, label, &label_style)?.0);
    }

    let mut chart = ChartBuilder::on(body)
        .margin_top(gap)
        .margin_right(axes.right_margin)
        .x_label_area_size(x_area)
        .y_label_area_size(axis_h + 3 * gap + widest)
        .build_cartesian_2d(axes.x_range.clone(), 0.0..n as f64)
        .plot("building the bar chart")?;
    // Thousands grouped (6.000, 6,000): shift-share components run into thousands.
    let x_format = |v: &f64| theme.amount(*v, axes.x_decimals);
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(0)
        .x_labels(x_labels(axes))
        .x_max_light_lines(0)
        .x_label_formatter(&x_format)
        .bold_line_style(theme.line(GRID, 1.0))
        .axis_style(theme.line(INK, 1.0))
        .set_all_tick_mark_size(theme.px(4.0))
        .label_style(tick_style)
        .axis_desc_style(axis_style)
        .x_desc(axes.x_desc)
        .y_desc(axes.y_desc)
        .draw()
        .plot("drawing the axes")?;

    for (i, label) in labels.iter().enumerate() {
        let (x, y) = chart.backend_coord(&(axes.x_range.start, row_center(n, i)));
        theme::draw_text_at(
            body,
            label,
            &label_style,
            (HPos::Right, VPos::Center),
            (x - gap, y),
        )?;
    }
    Ok(BarChart {
        chart,
        text_size,
        thickness: BAR_THICKNESS.min(MAX_BAR / row_h),
    })
}

/// At most 11 ticks; whole-number axes get no more ticks than whole numbers
/// in range, so no label repeats.
fn x_labels(axes: &Axes) -> usize {
    let span = axes.x_range.end - axes.x_range.start;
    if axes.x_decimals == 0 && span.is_finite() {
        (span.floor().max(0.0) as usize + 1).min(11)
    } else {
        11
    }
}

/// "Product — Village" within `max_width`: when too long, the village keeps
/// up to 40 % of the room and the product name is shortened first.
fn row_label<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    row: &RowLabel,
    style: &TextStyle,
    max_width: i32,
) -> anyhow::Result<String> {
    let product = theme::clean(&row.name);
    let Some(place) = &row.place else {
        return theme::fit(area, &product, style, max_width);
    };
    let village = format!(" — {}", theme::clean(place));
    let full = format!("{product}{village}");
    if theme::text_size(area, &full, style)?.0 <= max_width {
        return Ok(full);
    }
    let village = theme::fit(area, &village, style, max_width * 2 / 5)?;
    let room = max_width - theme::text_size(area, &village, style)?.0;
    Ok(format!(
        "{}{village}",
        theme::fit(area, &product, style, room)?
    ))
}
