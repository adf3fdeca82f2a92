//! `criteria_profile`: the normalised criteria (0–1, cost criteria reversed,
//! so longer is always better) of the best products side by side: one group
//! of horizontal bars per criterion, one bar per product in legend order.

use std::collections::HashMap;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::bars::{self, Axes, RowLabel};
use super::canvas::Canvas;
use super::theme::{self, PlotResult, Theme, GAP, INK, SERIES_COLORS, VALUE_SIZE};
use super::{top_by_rank, Chart, ChartContext, CriterionValues, ProductRow};
use crate::i18n::label;

/// Bars thinner than this (logical pixels) get no value label.
const MIN_LABELLED_BAR: f64 = 9.0;

pub struct CriteriaProfile<'a> {
    pub ctx: &'a ChartContext,
    pub products: &'a [ProductRow],
    pub criteria: &'a [CriterionValues],
    pub top_n: usize,
}

impl Chart for CriteriaProfile<'_> {
    fn name(&self) -> &'static str {
        "criteria_profile"
    }

    fn context(&self) -> &ChartContext {
        self.ctx
    }

    fn titles(&self, theme: &Theme) -> (String, Option<String>) {
        let title = theme
            .label("chart.criteria_profile.title")
            .replace("{n}", &self.top_n.to_string());
        let subtitle = theme.label("chart.criteria_profile.subtitle");
        (title.to_string(), Some(subtitle.to_string()))
    }

    fn draw(&self, body: &DrawingArea<Canvas<'_>, Shift>, theme: &Theme) -> anyhow::Result<()> {
        let values: HashMap<&str, &CriterionValues> = self
            .criteria
            .iter()
            .map(|c| (c.product_id.as_str(), c))
            .collect();
        let has_values = |p: &ProductRow| {
            values
                .get(p.product_id.as_str())
                .is_some_and(|c| !c.values.is_empty())
        };
        let rows = top_by_rank(self.products, self.top_n, has_values);
        let mut criteria: Vec<&str> = Vec::new();
        for row in &rows {
            for (name, _) in &values[row.product_id.as_str()].values {
                if !criteria.contains(&name.as_str()) {
                    criteria.push(name);
                }
            }
        }
        if rows.is_empty() || criteria.is_empty() {
            return theme::no_data(body, theme);
        }
        let keys: Vec<_> = rows.iter().copied().zip(SERIES_COLORS).collect();
        let legend_h = theme::product_legend(body, theme, &keys)?;
        let body = body.margin(legend_h + theme.px(GAP), 0, 0, 0);

        let value_style = theme.text(VALUE_SIZE, INK);
        let widest_value = theme::text_size(&body, &theme.number(1.0, 2), &value_style)?.0;
        let labels: Vec<RowLabel> = criteria
            .iter()
            .map(|c| RowLabel::text(&criterion_label(theme, c)))
            .collect();
        let axes = Axes {
            x_desc: theme.label("chart.axis.normalised"),
            y_desc: theme.label("chart.axis.criterion"),
            x_range: 0.0..1.0,
            x_decimals: 1,
            right_margin: widest_value + 3 * theme.px(GAP),
        };
        let bars::BarChart {
            mut chart,
            text_size,
            thickness,
        } = bars::bar_chart(&body, theme, &labels, &axes)?;

        let (n, k) = (criteria.len(), rows.len());
        // A group holds k bars, so it may be thicker than a single bar.
        let group = (thickness * 2.5).min(0.8);
        let slot = group / k as f64;
        let (_, y_top) = chart.backend_coord(&(0.0, slot));
        let (_, y_bottom) = chart.backend_coord(&(0.0, 0.0));
        let bar_px = f64::from(y_bottom - y_top) / theme.scale;
        let value_style = theme.text(VALUE_SIZE.min(text_size).min(bar_px * 0.95), INK);
        for (i, criterion) in criteria.iter().enumerate() {
            let top = bars::row_center(n, i) + group / 2.0;
            for (j, (row, color)) in keys.iter().enumerate() {
                let product = values[row.product_id.as_str()];
                let (y0, y1) = (top - (j + 1) as f64 * slot, top - j as f64 * slot);
                if product.missing.iter().any(|m| m == criterion) {
                    // No data is not a zero: say so where the bar would be.
                    let (x, y) = chart.backend_coord(&(0.0, (y0 + y1) / 2.0));
                    let style =
                        theme.text(VALUE_SIZE.min(text_size).min(bar_px * 0.95), theme::MUTED);
                    theme::draw_text_at(
                        &body,
                        theme.label("no_data"),
                        &style,
                        (HPos::Left, VPos::Center),
                        (x + theme.px(4.0), y),
                    )?;
                    continue;
                }
                let value = value_of(product, criterion);
                let Some(value) = value else { continue };
                chart
                    .draw_series([
                        Rectangle::new([(0.0, y0), (value, y1)], color.filled()),
                        Rectangle::new([(0.0, y0), (value, y1)], theme.line(WHITE, 0.5)),
                    ])
                    .plot("drawing a criterion bar")?;
                if bar_px >= MIN_LABELLED_BAR {
                    let (x, y) = chart.backend_coord(&(value, (y0 + y1) / 2.0));
                    let anchor = (HPos::Left, VPos::Center);
                    let text = theme.number(value, 2);
                    theme::draw_text_at(
                        &body,
                        &text,
                        &value_style,
                        anchor,
                        (x + theme.px(4.0), y),
                    )?;
                }
            }
        }
        Ok(())
    }
}

/// A product's value of a criterion, within 0–1; None when missing or not a number.
fn value_of(values: &CriterionValues, criterion: &str) -> Option<f64> {
    values
        .values
        .iter()
        .find(|(name, _)| name == criterion)
        .map(|(_, v)| *v)
        .filter(|v| v.is_finite())
        .map(|v| v.clamp(0.0, 1.0))
}

/// The criterion's translated name; an expert criterion without a label
/// ("expert_packaging") shows its own name ("packaging").
fn criterion_label(theme: &Theme, criterion: &str) -> String {
    let key = format!("criterion.{criterion}");
    let found = label(theme.lang, &key);
    if found != key {
        return found.to_string();
    }
    match criterion.strip_prefix("expert_") {
        Some(name) => format!(
            "{} ({})",
            name.replace('_', " "),
            theme.label("chart.expert")
        ),
        None => criterion.replace('_', " "),
    }
}
