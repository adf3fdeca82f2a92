//! `relatedness`: feasibility against attractiveness (Balland et al. 2019):
//! relatedness density against category complexity (PCI) for the top
//! candidates (in their own category, filled) and the first next product of
//! the strongest picks' villages (rings), with quadrant lines at the median
//! density and PCI 0, and the four quadrants named in the corners.

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;

use super::canvas::Canvas;
use super::scatter::{self, Bounds, Taken, MARKER};
use super::theme::{self, PlotResult, Theme, MUTED};
use super::{Chart, ChartContext};
use crate::marts::relatedness::{RelatednessView, CHART_CANDIDATES};

pub struct Relatedness<'a> {
    pub ctx: &'a ChartContext,
    pub view: &'a RelatednessView,
}

/// The corners' colours: ideal (green), leap (orange), easy (sky), least (grey).
const IDEAL: RGBColor = RGBColor(0, 158, 115);
const LEAP: RGBColor = RGBColor(230, 159, 0);
const EASY: RGBColor = RGBColor(86, 180, 233);
const LEAST: RGBColor = RGBColor(153, 153, 153);

impl Chart for Relatedness<'_> {
    fn name(&self) -> &'static str {
        "relatedness"
    }

    fn context(&self) -> &ChartContext {
        self.ctx
    }

    fn titles(&self, theme: &Theme) -> (String, Option<String>) {
        let subtitle = theme
            .label("chart.relatedness.subtitle")
            .replace("{c}", &CHART_CANDIDATES.to_string())
            .replace("{d}", &theme.number(self.view.density_median, 2));
        (
            theme.label("chart.relatedness.title").to_string(),
            Some(subtitle),
        )
    }

    fn draw(&self, body: &DrawingArea<Canvas<'_>, Shift>, theme: &Theme) -> anyhow::Result<()> {
        let points = &self.view.points;
        if points.is_empty() {
            return theme::no_data(body, theme);
        }
        let (lo, hi) = points
            .iter()
            .fold((0.0f64, 0.0f64), |(a, b), p| (a.min(p.pci), b.max(p.pci)));
        let pad = ((hi - lo) * 0.08).max(0.1);
        let chart = scatter::axes(
            body,
            theme,
            scatter::Axes {
                x: -0.02..1.02,
                y: (lo - pad)..(hi + pad),
                x_labels: 11,
                y_labels: 9,
                x_decimals: 1,
                y_decimals: 1,
                x_desc: "chart.axis.density",
                y_desc: "chart.axis.pci",
                widest_tick: "−0,00",
            },
        )?;
        let (xs, ys) = (chart.x_range(), chart.y_range());
        let style = theme.line(MUTED, 1.5);
        let (dash, space) = (theme.px(7.0), theme.px(5.0));
        let x = self.view.density_median.clamp(0.0, 1.0);
        for line in [
            vec![(x, ys.start), (x, ys.end)],
            vec![(xs.start, 0.0), (xs.end, 0.0)],
        ] {
            chart
                .plotting_area()
                .draw(&DashedPathElement::new(line, dash, space, style))
                .plot("drawing a quadrant line")?;
        }
        let corners: Vec<scatter::Corner> = [
            ("chart.relatedness.leap", LEAP, false, true),
            ("chart.relatedness.ideal", IDEAL, true, true),
            ("chart.relatedness.least", LEAST, false, false),
            ("chart.relatedness.easy", EASY, true, false),
        ]
        .into_iter()
        .map(|(key, color, right, top)| (theme.label(key).to_string(), color, right, top))
        .collect();
        let mut taken = Taken::with(scatter::corner_names(body, &chart, theme, &corners)?);
        let r = theme.px(MARKER);
        let color = |density: f64, pci: f64| match (density >= x, pci >= 0.0) {
            (true, true) => IDEAL,
            (false, true) => LEAP,
            (true, false) => EASY,
            (false, false) => LEAST,
        };
        for p in points {
            let at = (p.density.clamp(0.0, 1.0), p.pci);
            taken
                .boxes
                .push(Bounds::around(chart.backend_coord(&at), r));
            let c = color(p.density, p.pci);
            let area = chart.plotting_area();
            match p.rank {
                Some(_) => area
                    .draw(&Circle::new(at, r, c.filled()))
                    .and_then(|_| area.draw(&Circle::new(at, r, theme.line(WHITE, 1.0)))),
                None => area.draw(&Circle::new(at, r, theme.line(c, 2.5))),
            }
            .plot("drawing a point")?;
        }
        let plot = scatter::plot_bounds(&chart);
        for p in points {
            let point = chart.backend_coord(&(p.density.clamp(0.0, 1.0), p.pci));
            let text = match (&p.rank, &p.next_category) {
                (Some(rank), _) => format!("{rank}. {}", theme::clean(&p.name)),
                (None, Some(c)) => {
                    format!("{} → {}", theme::clean(&p.name), theme.category_label(c))
                }
                (None, None) => theme::clean(&p.name),
            };
            scatter::label_point(body, plot, theme, point, &text, &mut taken)?;
        }
        Ok(())
    }
}
