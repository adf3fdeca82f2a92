//! `potential_vs_reach`: potential score against market reach index, one
//! point per product with sales, dashed quadrant lines at the thresholds,
//! quadrant names in the corners and the top products labelled where their
//! labels collide with nothing else (greedy placement by bounding box).

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;

use super::canvas::Canvas;
use super::scatter::{self, Bounds, Scatter, Taken, MARKER};
use super::theme::{self, PlotResult, Theme, MUTED};
use super::{top_by_rank, Chart, ChartContext, ProductRow, Thresholds};

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
        // A little room beyond 0 and the maximum so edge points are not cut.
        let chart = scatter::axes(
            body,
            theme,
            scatter::Axes {
                x: -0.02..1.02,
                y: -2.0..102.0,
                x_labels: 11,
                y_labels: 11,
                x_decimals: 1,
                y_decimals: 0,
                x_desc: "chart.axis.reach_index",
                y_desc: "chart.axis.potential_score",
                widest_tick: "100",
            },
        )?;
        self.draw_thresholds(&chart, theme)?;
        use crate::domain::Quadrant::*;
        let corners: Vec<scatter::Corner> = [
            (Potensial, false, true),
            (Unggulan, true, true),
            (Tertinggal, false, false),
            (Niche, true, false),
        ]
        .into_iter()
        .map(|(q, right, top)| {
            (
                theme.quadrant_label(q),
                theme::quadrant_color(q),
                right,
                top,
            )
        })
        .collect();
        let mut taken = Taken::with(scatter::corner_names(body, &chart, theme, &corners)?);
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
        let plot = scatter::plot_bounds(&chart);
        for row in points.iter().take(self.labelled) {
            let point = chart.backend_coord(&(reach(row).unwrap_or_default(), potential(row)));
            let text = format!("{}. {}", row.rank, theme::clean(&row.product_name));
            scatter::label_point(body, plot, theme, point, &text, &mut taken)?;
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
