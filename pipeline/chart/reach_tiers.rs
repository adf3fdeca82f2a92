//! `reach_tiers`: for the top N products (by potential rank, those with
//! sales), 100 % stacked bars of sales value by market tier, village to
//! export. plotters has no stacked series, so each segment is a rectangle.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::bars::{self, Axes, RowLabel};
use super::canvas::Canvas;
use super::theme::{self, PlotResult, Theme, GAP, TIER_COLORS, VALUE_SIZE};
use super::{top_by_rank, Chart, ChartContext, ProductRow};
use crate::domain::Tier;

pub struct ReachTiers<'a> {
    pub ctx: &'a ChartContext,
    pub products: &'a [ProductRow],
    pub top_n: usize,
}

impl Chart for ReachTiers<'_> {
    fn name(&self) -> &'static str {
        "reach_tiers"
    }

    fn context(&self) -> &ChartContext {
        self.ctx
    }

    fn titles(&self, theme: &Theme) -> (String, Option<String>) {
        let title = theme.label("chart.reach_tiers.title");
        let subtitle = theme.label("chart.reach_tiers.subtitle");
        (title.to_string(), Some(subtitle.to_string()))
    }

    fn draw(&self, body: &DrawingArea<Canvas<'_>, Shift>, theme: &Theme) -> anyhow::Result<()> {
        let rows = top_by_rank(self.products, self.top_n, |p| percentages(p).is_some());
        if rows.is_empty() {
            return theme::no_data(body, theme);
        }

        let tiers: Vec<(String, RGBColor)> = Tier::ALL
            .iter()
            .zip(TIER_COLORS)
            .map(|(&t, c)| (theme.tier_label(t), c))
            .collect();
        let items: Vec<(&str, RGBColor)> = tiers.iter().map(|(s, c)| (s.as_str(), *c)).collect();
        let legend_h = theme::legend(body, theme, theme.label("chart.legend.tier"), &items)?;
        let body = body.margin(legend_h + theme.px(GAP), 0, 0, 0);

        let labels: Vec<RowLabel> = rows.iter().map(|r| RowLabel::product(r)).collect();
        let axes = Axes {
            x_desc: theme.label("chart.axis.sales_share"),
            y_desc: theme.label("chart.axis.product_village"),
            x_range: 0.0..100.0,
            x_decimals: 0,
            right_margin: 2 * theme.px(GAP),
        };
        let bars::BarChart {
            mut chart,
            text_size,
            thickness,
        } = bars::bar_chart(&body, theme, &labels, &axes)?;
        let value_size = VALUE_SIZE.min(text_size);

        let n = rows.len();
        let half = thickness / 2.0;
        for (i, row) in rows.iter().enumerate() {
            let y = bars::row_center(n, i);
            let mut start = 0.0;
            for (percent, color) in percentages(row)
                .unwrap_or_default()
                .into_iter()
                .zip(TIER_COLORS)
            {
                let end = start + percent;
                let corners = [(start, y - half), (end, y + half)];
                chart
                    .draw_series([
                        Rectangle::new(corners, color.filled()),
                        Rectangle::new(corners, theme.line(WHITE, 1.0)),
                    ])
                    .plot("drawing the tier segments")?;
                let style = theme.text(value_size, theme::ink_on(color));
                label_segment(&body, &chart, theme, &style, (start, end, y))?;
                start = end;
            }
        }
        Ok(())
    }
}

/// The tier shares as percentages summing to 100, or None when there is
/// nothing usable to draw (no sales, or shares that are not numbers).
fn percentages(row: &ProductRow) -> Option<[f64; 6]> {
    let shares = row.tier_shares?;
    if shares.iter().any(|s| !s.is_finite() || *s < 0.0) {
        return None;
    }
    let total: f64 = shares.iter().sum();
    (total > 0.0).then(|| shares.map(|s| 100.0 * s / total))
}

/// Writes "45%" inside a segment when it fits.
fn label_segment<DB: DrawingBackend>(
    body: &DrawingArea<DB, Shift>,
    chart: &bars::Bars<DB>,
    theme: &Theme,
    style: &TextStyle,
    (start, end, y): (f64, f64, f64),
) -> anyhow::Result<()> {
    let text = format!("{:.0}%", end - start);
    let (x0, yc) = chart.backend_coord(&(start, y));
    let (x1, _) = chart.backend_coord(&(end, y));
    if theme::text_size(body, &text, style)?.0 + theme.px(GAP) > x1 - x0 {
        return Ok(());
    }
    theme::draw_text_at(
        body,
        &text,
        style,
        (HPos::Center, VPos::Center),
        ((x0 + x1) / 2, yc),
    )
}
