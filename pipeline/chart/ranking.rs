//! `ranking`: the top N candidates by potential score as horizontal bars,
//! coloured by quadrant, with the stars and the score at each bar's end.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::bars::{self, Axes, RowLabel};
use super::canvas::Canvas;
use super::theme::{self, PlotResult, Theme, GAP, INK, VALUE_SIZE};
use super::{top_by_rank, Chart, ChartContext, ProductRow};

pub struct Ranking<'a> {
    pub ctx: &'a ChartContext,
    pub products: &'a [ProductRow],
    pub top_n: usize,
}

impl Chart for Ranking<'_> {
    fn name(&self) -> &'static str {
        "ranking"
    }

    fn context(&self) -> &ChartContext {
        self.ctx
    }

    fn titles(&self, theme: &Theme) -> (String, Option<String>) {
        let rows = top_by_rank(self.products, self.top_n, |_| true);
        let shown = if rows.is_empty() {
            self.top_n
        } else {
            rows.len()
        };
        let title = theme
            .label("chart.ranking.title")
            .replace("{n}", &shown.to_string());
        (title.to_string(), None)
    }

    fn draw(&self, body: &DrawingArea<Canvas<'_>, Shift>, theme: &Theme) -> anyhow::Result<()> {
        let rows = top_by_rank(self.products, self.top_n, |_| true);
        if rows.is_empty() {
            return theme::no_data(body, theme);
        }

        let quadrants: Vec<(String, RGBColor)> = theme::QUADRANTS
            .iter()
            .map(|&q| (theme.quadrant_label(q), theme::quadrant_color(q)))
            .collect();
        let items: Vec<(&str, RGBColor)> =
            quadrants.iter().map(|(s, c)| (s.as_str(), *c)).collect();
        let legend_h = theme::legend(body, theme, theme.label("chart.legend.quadrant"), &items)?;
        let body = body.margin(legend_h + theme.px(GAP), 0, 0, 0);

        let widest_value = theme::text_size(
            &body,
            &bar_end(theme, 5, 100.0),
            &theme.text(VALUE_SIZE, INK),
        )?
        .0;
        let labels: Vec<RowLabel> = rows.iter().map(|r| RowLabel::product(r)).collect();
        let axes = Axes {
            x_desc: theme.label("chart.axis.potential_score"),
            y_desc: theme.label("chart.axis.product_village"),
            x_range: 0.0..100.0,
            x_decimals: 0,
            right_margin: widest_value + 3 * theme.px(GAP),
        };
        let bars::BarChart {
            mut chart,
            text_size,
            thickness,
        } = bars::bar_chart(&body, theme, &labels, &axes)?;
        let value_style = theme.text(VALUE_SIZE.min(text_size), INK);

        let n = rows.len();
        let half = thickness / 2.0;
        chart
            .draw_series(rows.iter().enumerate().map(|(i, row)| {
                let y = bars::row_center(n, i);
                let color = theme::quadrant_color(row.quadrant);
                Rectangle::new([(0.0, y - half), (score(row), y + half)], color.filled())
            }))
            .plot("drawing the bars")?;
        for (i, row) in rows.iter().enumerate() {
            let (x, y) = chart.backend_coord(&(score(row), bars::row_center(n, i)));
            let text = bar_end(theme, row.stars, score(row));
            let anchor = (HPos::Left, VPos::Center);
            theme::draw_text_at(&body, &text, &value_style, anchor, (x + theme.px(GAP), y))?;
        }
        Ok(())
    }
}

fn score(row: &ProductRow) -> f64 {
    if row.potential_score.is_finite() {
        row.potential_score.clamp(0.0, 100.0)
    } else {
        0.0
    }
}

/// "★★★★☆ 87,5": stars out of five, then the score.
fn bar_end(theme: &Theme, stars: u8, score: f64) -> String {
    let filled = usize::from(stars.min(5));
    format!(
        "{}{} {}",
        "★".repeat(filled),
        "☆".repeat(5 - filled),
        theme.number(score, 1)
    )
}
