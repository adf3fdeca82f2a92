//! `potential_vs_reach`: potential score against market reach index, one
//! point per product with sales, dashed quadrant lines at the thresholds,
//! quadrant names in the corners and the top products labelled where their
//! labels collide with nothing else (greedy placement by bounding box).

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::canvas::Canvas;
use super::theme::{self, PlotResult, Theme, AXIS_SIZE, GAP, GRID, INK, MUTED, PAD};
use super::theme::{LABEL_SIZE, TICK_SIZE, VALUE_SIZE};
use super::{top_by_rank, Chart, ChartContext, ProductRow, Thresholds};

/// Marker radius and the widest point label, in logical pixels.
const MARKER: f64 = 5.0;
const LABEL_WIDTH: f64 = 250.0;

pub struct PotentialVsReach<'a> {
    pub ctx: &'a ChartContext,
    pub products: &'a [ProductRow],
    pub thresholds: &'a Thresholds,
    /// How many of the best-ranked products get a name label.
    pub labelled: usize,
}

impl Chart for PotentialVsReach<'_> {
    fn name(&self) -> &'static str {
        "potential_vs_reach"
    }

    fn context(&self) -> &ChartContext {
        self.ctx
    }

    fn titles(&self, theme: &Theme) -> (String, Option<String>) {
        let points = top_by_rank(self.products, usize::MAX, |p| reach(p).is_some());
        (
            theme.label("chart.potential_vs_reach.title").to_string(),
            Some(self.subtitle(theme, self.products.len() - points.len())),
        )
    }

    fn draw(&self, body: &DrawingArea<Canvas<'_>, Shift>, theme: &Theme) -> anyhow::Result<()> {
        let points = top_by_rank(self.products, usize::MAX, |p| reach(p).is_some());
        if points.is_empty() {
            return theme::no_data(body, theme);
        }
        let chart = axes(body, theme)?;
        self.draw_thresholds(&chart, theme)?;
        let mut taken = Taken {
            boxes: corner_names(body, &chart, theme)?,
            ..Taken::default()
        };
        let r = theme.px(MARKER);
        for row in points.iter().rev() {
            let at = (reach(row).unwrap_or_default(), potential(row));
            taken
                .boxes
                .push(Bounds::around(chart.backend_coord(&at), r));
            let color = theme::quadrant_color(row.quadrant);
            chart
                .plotting_area()
                .draw(&Circle::new(at, r, color.filled()))
                .and_then(|_| {
                    chart
                        .plotting_area()
                        .draw(&Circle::new(at, r, theme.line(WHITE, 1.0)))
                })
                .plot("drawing a point")?;
        }
        for row in points.iter().take(self.labelled) {
            label_point(body, &chart, theme, row, &mut taken)?;
        }
        Ok(())
    }
}

impl PotentialVsReach<'_> {
    fn subtitle(&self, theme: &Theme, without_sales: usize) -> String {
        let mut text = theme
            .label("chart.potential_vs_reach.thresholds")
            .replace("{p}", &theme.number(self.thresholds.potential, 1))
            .replace("{r}", &theme.number(self.thresholds.reach, 2));
        if without_sales > 0 {
            let note = theme
                .label("chart.not_shown")
                .replace("{n}", &without_sales.to_string());
            text = format!("{text} · {note}");
        }
        text
    }

    fn draw_thresholds<DB: DrawingBackend>(
        &self,
        chart: &Scatter<DB>,
        theme: &Theme,
    ) -> anyhow::Result<()> {
        let style = theme.line(MUTED, 1.5);
        let (dash, space) = (theme.px(7.0), theme.px(5.0));
        let Thresholds { potential, reach } = *self.thresholds;
        let (xs, ys) = (chart.x_range(), chart.y_range());
        let mut lines = Vec::new();
        if reach.is_finite() {
            let x = reach.clamp(0.0, 1.0);
            lines.push(vec![(x, ys.start), (x, ys.end)]);
        }
        if potential.is_finite() {
            let y = potential.clamp(0.0, 100.0);
            lines.push(vec![(xs.start, y), (xs.end, y)]);
        }
        for line in lines {
            chart
                .plotting_area()
                .draw(&DashedPathElement::new(line, dash, space, style))
                .plot("drawing a quadrant line")?;
        }
        Ok(())
    }
}

type Scatter<'a, DB> = plotters::chart::ChartContext<
    'a,
    DB,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

fn reach(row: &ProductRow) -> Option<f64> {
    row.reach_index
        .filter(|r| r.is_finite())
        .map(|r| r.clamp(0.0, 1.0))
}

fn potential(row: &ProductRow) -> f64 {
    if row.potential_score.is_finite() {
        row.potential_score.clamp(0.0, 100.0)
    } else {
        0.0
    }
}

fn axes<'a, DB: DrawingBackend>(
    body: &'a DrawingArea<DB, Shift>,
    theme: &Theme,
) -> anyhow::Result<Scatter<'a, DB>> {
    let gap = theme.px(GAP);
    let tick_style = theme.text(TICK_SIZE, INK);
    let axis_style = theme.text(AXIS_SIZE, INK);
    let tick = theme::text_size(body, "100", &tick_style)?;
    let axis_h = theme::text_size(body, "Ag", &axis_style)?.1;
    // A little room beyond 0 and the maximum so edge points are not cut.
    let mut chart = ChartBuilder::on(body)
        .margin_top(gap)
        .margin_right(theme.px(PAD))
        .x_label_area_size(tick.1 + axis_h + 3 * gap)
        .y_label_area_size(tick.0 + axis_h + 3 * gap)
        .build_cartesian_2d(-0.02..1.02, -2.0..102.0)
        .plot("building the scatter chart")?;
    let x_format = |v: &f64| theme.number(*v, 1);
    let y_format = |v: &f64| theme.number(*v, 0);
    chart
        .configure_mesh()
        .x_labels(11)
        .y_labels(11)
        .max_light_lines(0)
        .x_label_formatter(&x_format)
        .y_label_formatter(&y_format)
        .bold_line_style(theme.line(GRID, 1.0))
        .axis_style(theme.line(INK, 1.0))
        .set_all_tick_mark_size(theme.px(4.0))
        .label_style(tick_style)
        .axis_desc_style(axis_style)
        .x_desc(theme.label("chart.axis.reach_index"))
        .y_desc(theme.label("chart.axis.potential_score"))
        .draw()
        .plot("drawing the axes")?;
    Ok(chart)
}

/// A box in absolute device pixels.
#[derive(Debug, Clone, Copy)]
struct Bounds {
    x0: i32,
    y0: i32,
    x1: i32,
    y1: i32,
}

impl Bounds {
    fn sized((x0, y0): (i32, i32), (w, h): (i32, i32)) -> Bounds {
        Bounds {
            x0,
            y0,
            x1: x0 + w,
            y1: y0 + h,
        }
    }

    /// A marker of radius `r` at `p`.
    fn around((x, y): (i32, i32), r: i32) -> Bounds {
        Bounds::sized((x - r, y - r), (2 * r, 2 * r))
    }

    fn overlaps(&self, other: &Bounds) -> bool {
        self.x0 < other.x1 && other.x0 < self.x1 && self.y0 < other.y1 && other.y0 < self.y1
    }

    fn contains(&self, (x, y): (i32, i32)) -> bool {
        self.x0 <= x && x <= self.x1 && self.y0 <= y && y <= self.y1
    }

    fn within(&self, outer: &Bounds) -> bool {
        self.x0 >= outer.x0 && self.x1 <= outer.x1 && self.y0 >= outer.y0 && self.y1 <= outer.y1
    }

    /// The point of the box nearest to `p` (where a leader line ends).
    fn nearest(&self, (x, y): (i32, i32)) -> (i32, i32) {
        (x.clamp(self.x0, self.x1), y.clamp(self.y0, self.y1))
    }
}

fn plot_bounds<DB: DrawingBackend>(chart: &Scatter<DB>) -> Bounds {
    let (xs, ys) = chart.plotting_area().get_pixel_range();
    Bounds {
        x0: xs.start,
        y0: ys.start,
        x1: xs.end,
        y1: ys.end,
    }
}

/// Quadrant names in the plot's corners, each with its point colour so they
/// double as the legend; returns the boxes they take.
fn corner_names<DB: DrawingBackend>(
    body: &DrawingArea<DB, Shift>,
    chart: &Scatter<DB>,
    theme: &Theme,
) -> anyhow::Result<Vec<Bounds>> {
    use crate::domain::Quadrant::*;
    let plot = plot_bounds(chart);
    let style = theme.text(LABEL_SIZE, INK);
    let (inset, r) = (theme.px(GAP), theme.px(MARKER));
    let mut taken = Vec::new();
    for (quadrant, right, top) in [
        (Potensial, false, true),
        (Unggulan, true, true),
        (Tertinggal, false, false),
        (Niche, true, false),
    ] {
        let name = theme.quadrant_label(quadrant);
        let (w, h) = theme::text_size(body, &name, &style)?;
        let total_w = 2 * r + inset + w;
        let x0 = if right {
            plot.x1 - inset - total_w
        } else {
            plot.x0 + inset
        };
        let y0 = if top {
            plot.y0 + inset
        } else {
            plot.y1 - inset - h
        };
        let cy = y0 + h / 2;
        // A square swatch, so the name is not mistaken for a data point.
        let color = theme::quadrant_color(quadrant).filled();
        theme::rect_at(body, (x0, cy - r), (x0 + 2 * r, cy + r), color)?;
        theme::draw_text_at(
            body,
            &name,
            &style,
            (HPos::Left, VPos::Center),
            (x0 + 2 * r + inset, cy),
        )?;
        taken.push(Bounds::sized((x0, y0), (total_w, h)));
    }
    Ok(taken)
}

/// What point labels must keep clear of: markers, corner names, earlier
/// labels and their leader lines (absolute device pixels).
#[derive(Default)]
struct Taken {
    boxes: Vec<Bounds>,
    leaders: Vec<((i32, i32), (i32, i32))>,
}

impl Taken {
    /// Whether a label at `b`, joined to its point by `leader`, touches nothing taken.
    /// `own` (the point's marker) is where the leader may start.
    fn free(&self, b: &Bounds, leader: Option<((i32, i32), (i32, i32))>, own: &Bounds) -> bool {
        let clear_of_boxes =
            |p: (i32, i32)| own.contains(p) || !self.boxes.iter().any(|t| t.contains(p));
        !self.boxes.iter().any(|t| t.overlaps(b))
            && !self
                .leaders
                .iter()
                .any(|&(p, q)| samples(p, q).any(|s| b.contains(s)))
            && leader.is_none_or(|(p, q)| samples(p, q).all(clear_of_boxes))
    }
}

/// Points every two pixels along a segment.
fn samples((x0, y0): (i32, i32), (x1, y1): (i32, i32)) -> impl Iterator<Item = (i32, i32)> {
    let n = ((x1 - x0).abs().max((y1 - y0).abs()) / 2).max(1);
    (0..=n).map(move |i| (x0 + (x1 - x0) * i / n, y0 + (y1 - y0) * i / n))
}

/// Puts "rank. name" next to the product's point: tries eight directions at
/// growing distances (with a leader line once away from the point) and takes
/// the first box that stays in the plot and touches nothing already taken;
/// a label with no free place is left out rather than drawn over others.
fn label_point<DB: DrawingBackend>(
    body: &DrawingArea<DB, Shift>,
    chart: &Scatter<DB>,
    theme: &Theme,
    row: &ProductRow,
    taken: &mut Taken,
) -> anyhow::Result<()> {
    let style = theme.text(VALUE_SIZE, INK);
    let text = format!("{}. {}", row.rank, theme::clean(&row.product_name));
    let text = theme::fit(body, &text, &style, theme.px(LABEL_WIDTH))?;
    let (w, h) = theme::text_size(body, &text, &style)?;
    let pad = theme.px(2.0);
    let (w, h) = (w + 2 * pad, h + 2 * pad);
    let point = chart.backend_coord(&(reach(row).unwrap_or_default(), potential(row)));
    let r = theme.px(MARKER);
    let own = Bounds::around(point, r);
    let plot = plot_bounds(chart);
    let step = r + theme.px(3.0);
    let directions = [
        (1, 0),
        (-1, 0),
        (0, -1),
        (0, 1),
        (1, -1),
        (-1, -1),
        (1, 1),
        (-1, 1),
    ];
    for ring in 0..7 {
        let d = step + ring * (h + theme.px(GAP));
        for (dx, dy) in directions {
            let x0 = match dx {
                1 => point.0 + d,
                -1 => point.0 - d - w,
                _ => point.0 - w / 2,
            };
            let y0 = match dy {
                1 => point.1 + d,
                -1 => point.1 - d - h,
                _ => point.1 - h / 2,
            };
            let b = Bounds::sized((x0, y0), (w, h));
            let leader = (ring > 0).then(|| (point, b.nearest(point)));
            if !b.within(&plot) || !taken.free(&b, leader, &own) {
                continue;
            }
            if let Some((p, q)) = leader {
                theme::line_at(body, p, q, theme.line(MUTED, 1.0))?;
                taken.leaders.push((p, q));
            }
            let background = theme::label_background().filled();
            theme::rect_at(body, (b.x0, b.y0), (b.x1, b.y1), background)?;
            theme::draw_text_at(
                body,
                &text,
                &style,
                (HPos::Left, VPos::Center),
                (b.x0 + pad, b.y0 + h / 2),
            )?;
            taken.boxes.push(b);
            return Ok(());
        }
    }
    Ok(())
}
