//! Scaffolding shared by the horizontal bar charts (ranking, reach tiers):
//! one row per product from the top down, axes, and a left column of
//! "Product — Village" labels fitted with "…" so they never overlap or clip.

use plotters::chart::ChartContext as PlotContext;
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::theme::{self, PlotResult, Theme, AXIS_SIZE, GAP, GRID, INK, LABEL_SIZE, TICK_SIZE};
use super::ProductRow;

pub type Bars<'a, DB> = PlotContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Share of the body width the label column may take.
const LABEL_COLUMN: f64 = 0.42;
/// Bar thickness as a share of the row height.
pub const BAR_THICKNESS: f64 = 0.72;

/// What the axes say and how much room the bar ends need.
pub struct Axes<'s> {
    pub x_desc: &'s str,
    pub y_desc: &'s str,
    pub x_max: f64,
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
}

/// Builds the chart on `body`, draws the axes and the row labels.
pub fn bar_chart<'a, DB: DrawingBackend>(
    body: &'a DrawingArea<DB, Shift>,
    theme: &Theme,
    rows: &[&ProductRow],
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
        .map(|row| product_label(body, row, &label_style, column_w))
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
        .build_cartesian_2d(0.0..axes.x_max, 0.0..n as f64)
        .plot("building the bar chart")?;
    let x_format = |v: &f64| theme.number(*v, 0);
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(0)
        .x_labels(11)
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
        let (x, y) = chart.backend_coord(&(0.0, row_center(n, i)));
        theme::draw_text_at(
            body,
            label,
            &label_style,
            (HPos::Right, VPos::Center),
            (x - gap, y),
        )?;
    }
    Ok(BarChart { chart, text_size })
}

/// "Product — Village" within `max_width`: when too long, the village keeps
/// up to 40 % of the room and the product name is shortened first.
fn product_label<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    row: &ProductRow,
    style: &TextStyle,
    max_width: i32,
) -> anyhow::Result<String> {
    let product = theme::clean(&row.product_name);
    let village = format!(" — {}", theme::clean(&row.village_name));
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
