//! What the scatter charts (`potential_vs_reach`, `relatedness`) share:
//! quadrant names in the corners and point labels placed where they collide
//! with nothing else (greedy placement by bounding box, with leader lines).

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::theme::{self, PlotResult, Theme, AXIS_SIZE, GAP, GRID, INK, LABEL_SIZE, MUTED, PAD};
use super::theme::{TICK_SIZE, VALUE_SIZE};

/// Marker radius and the widest point label, in logical pixels.
pub const MARKER: f64 = 5.0;
pub const LABEL_WIDTH: f64 = 250.0;

pub type Scatter<'a, DB> = plotters::chart::ChartContext<
    'a,
    DB,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

/// How a scatter's axes look: ranges, label counts and decimals, axis titles
/// (label keys), and the widest y tick label (which sizes the label area).
pub struct Axes {
    pub x: std::ops::Range<f64>,
    pub y: std::ops::Range<f64>,
    pub x_labels: usize,
    pub y_labels: usize,
    pub x_decimals: usize,
    pub y_decimals: usize,
    pub x_desc: &'static str,
    pub y_desc: &'static str,
    pub widest_tick: &'static str,
}

/// The chart area with its grid, ticks and axis titles.
pub fn axes<'a, DB: DrawingBackend>(
    body: &'a DrawingArea<DB, Shift>,
    theme: &Theme,
    axes: Axes,
) -> anyhow::Result<Scatter<'a, DB>> {
    let gap = theme.px(GAP);
    let tick_style = theme.text(TICK_SIZE, INK);
    let axis_style = theme.text(AXIS_SIZE, INK);
    let tick = theme::text_size(body, axes.widest_tick, &tick_style)?;
    let axis_h = theme::text_size(body, "Ag", &axis_style)?.1;
    let mut chart = ChartBuilder::on(body)
        .margin_top(gap)
        .margin_right(theme.px(PAD))
        .x_label_area_size(tick.1 + axis_h + 3 * gap)
        .y_label_area_size(tick.0 + axis_h + 3 * gap)
        .build_cartesian_2d(axes.x, axes.y)
        .plot("building the scatter chart")?;
    let x_format = |v: &f64| theme.number(*v, axes.x_decimals);
    let y_format = |v: &f64| theme.number(*v, axes.y_decimals);
    chart
        .configure_mesh()
        .x_labels(axes.x_labels)
        .y_labels(axes.y_labels)
        .max_light_lines(0)
        .x_label_formatter(&x_format)
        .y_label_formatter(&y_format)
        .bold_line_style(theme.line(GRID, 1.0))
        .axis_style(theme.line(INK, 1.0))
        .set_all_tick_mark_size(theme.px(4.0))
        .label_style(tick_style)
        .axis_desc_style(axis_style)
        .x_desc(theme.label(axes.x_desc))
        .y_desc(theme.label(axes.y_desc))
        .draw()
        .plot("drawing the axes")?;
    Ok(chart)
}

/// A box in absolute device pixels.
#[derive(Debug, Clone, Copy)]
pub struct Bounds {
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
    pub fn around((x, y): (i32, i32), r: i32) -> Bounds {
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

pub fn plot_bounds<DB: DrawingBackend>(chart: &Scatter<DB>) -> Bounds {
    let (xs, ys) = chart.plotting_area().get_pixel_range();
    Bounds {
        x0: xs.start,
        y0: ys.start,
        x1: xs.end,
        y1: ys.end,
    }
}

/// A quadrant name for a corner: (name, swatch colour, right?, top?).
pub type Corner = (String, RGBColor, bool, bool);

/// Quadrant names in the plot's corners, each with a square swatch of its
/// colour so they double as the legend; returns the boxes they take.
pub fn corner_names<DB: DrawingBackend>(
    body: &DrawingArea<DB, Shift>,
    chart: &Scatter<DB>,
    theme: &Theme,
    corners: &[Corner],
) -> anyhow::Result<Vec<Bounds>> {
    let plot = plot_bounds(chart);
    let style = theme.text(LABEL_SIZE, INK);
    let (inset, r) = (theme.px(GAP), theme.px(MARKER));
    let mut taken = Vec::new();
    for (name, color, right, top) in corners {
        let (w, h) = theme::text_size(body, name, &style)?;
        let total_w = 2 * r + inset + w;
        let x0 = if *right {
            plot.x1 - inset - total_w
        } else {
            plot.x0 + inset
        };
        let y0 = if *top {
            plot.y0 + inset
        } else {
            plot.y1 - inset - h
        };
        let cy = y0 + h / 2;
        // A square swatch, so the name is not mistaken for a data point.
        theme::rect_at(body, (x0, cy - r), (x0 + 2 * r, cy + r), color.filled())?;
        theme::draw_text_at(
            body,
            name,
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
pub struct Taken {
    pub boxes: Vec<Bounds>,
    leaders: Vec<((i32, i32), (i32, i32))>,
}

impl Taken {
    /// Room taken by the corner names (or anything drawn before the labels).
    pub fn with(boxes: Vec<Bounds>) -> Taken {
        Taken {
            boxes,
            leaders: Vec::new(),
        }
    }

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

/// Puts `text` next to the point at `point` (device pixels): tries eight
/// directions at growing distances (with a leader line once away from the
/// point) and takes the first box that stays in the plot and touches nothing
/// already taken; a label with no free place is left out rather than drawn
/// over others.
pub fn label_point<DB: DrawingBackend>(
    body: &DrawingArea<DB, Shift>,
    plot: Bounds,
    theme: &Theme,
    point: (i32, i32),
    text: &str,
    taken: &mut Taken,
) -> anyhow::Result<()> {
    let style = theme.text(VALUE_SIZE, INK);
    let text = theme::fit(body, text, &style, theme.px(LABEL_WIDTH))?;
    let (w, h) = theme::text_size(body, &text, &style)?;
    let pad = theme.px(2.0);
    let (w, h) = (w + 2 * pad, h + 2 * pad);
    let r = theme.px(MARKER);
    let own = Bounds::around(point, r);
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
