//! `district_summary`: per kecamatan (by name), the villages' OVOP picks as
//! horizontal bars stacked by category, with the count in each segment that
//! has room and the number of candidates at the bar's end.

use std::collections::BTreeMap;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::bars::{self, Axes, RowLabel};
use super::canvas::Canvas;
use super::theme::{self, PlotResult, Theme, GAP, INK, SERIES_COLORS, VALUE_SIZE};
use super::{Chart, ChartContext, PickCount};
use crate::domain::vocab::CATEGORIES;

pub struct DistrictSummary<'a> {
    pub ctx: &'a ChartContext,
    pub picks: &'a [PickCount],
}

/// One bar: picks per category (in `CATEGORIES` order) and the candidates.
#[derive(Default)]
struct District {
    picks: BTreeMap<usize, u32>,
    candidates: u64,
}

impl Chart for DistrictSummary<'_> {
    fn name(&self) -> &'static str {
        "district_summary"
    }

    fn context(&self) -> &ChartContext {
        self.ctx
    }

    fn titles(&self, theme: &Theme) -> (String, Option<String>) {
        let title = theme.label("chart.district_summary.title");
        let subtitle = theme.label("chart.district_summary.subtitle");
        (title.to_string(), Some(subtitle.to_string()))
    }

    fn draw(&self, body: &DrawingArea<Canvas<'_>, Shift>, theme: &Theme) -> anyhow::Result<()> {
        let districts = self.districts(theme);
        if districts.is_empty() {
            return theme::no_data(body, theme);
        }

        // Colours go to the categories present, so up to eight of them get
        // distinct Okabe–Ito hues.
        let present: Vec<usize> = (0..CATEGORIES.len())
            .filter(|c| districts.values().any(|d| d.picks.contains_key(c)))
            .collect();
        let color_of = |c: usize| {
            let slot = present.iter().position(|&p| p == c).unwrap_or(0);
            SERIES_COLORS[slot % SERIES_COLORS.len()]
        };
        let names: Vec<(String, RGBColor)> = present
            .iter()
            .map(|&c| (theme.category_label(category_name(c)), color_of(c)))
            .collect();
        let items: Vec<(&str, RGBColor)> = names.iter().map(|(s, c)| (s.as_str(), *c)).collect();
        let legend_h = theme::legend(body, theme, theme.label("chart.legend.category"), &items)?;
        let body = body.margin(legend_h + theme.px(GAP), 0, 0, 0);

        let value_style = theme.text(VALUE_SIZE, INK);
        let widest_end = districts
            .values()
            .map(|d| candidates_text(theme, d.candidates))
            .try_fold(0, |w, text| {
                anyhow::Ok(w.max(theme::text_size(&body, &text, &value_style)?.0))
            })?;
        let most = districts
            .values()
            .map(|d| d.picks.values().map(|&n| u64::from(n)).sum::<u64>())
            .max()
            .unwrap_or(1)
            .max(1);
        let labels: Vec<RowLabel> = districts
            .keys()
            .map(|(_, name)| RowLabel::text(name))
            .collect();
        let axes = Axes {
            x_desc: theme.label("chart.axis.picks"),
            y_desc: theme.label("chart.axis.district"),
            x_range: 0.0..most as f64,
            x_decimals: 0,
            right_margin: widest_end + 3 * theme.px(GAP),
        };
        let bars::BarChart {
            mut chart,
            text_size,
            thickness,
        } = bars::bar_chart(&body, theme, &labels, &axes)?;
        let value_size = VALUE_SIZE.min(text_size);

        let n = districts.len();
        let half = thickness / 2.0;
        for (i, district) in districts.values().enumerate() {
            let y = bars::row_center(n, i);
            let mut start = 0.0;
            for (&category, &count) in &district.picks {
                let end = start + f64::from(count);
                let color = color_of(category);
                let corners = [(start, y - half), (end, y + half)];
                chart
                    .draw_series([
                        Rectangle::new(corners, color.filled()),
                        Rectangle::new(corners, theme.line(WHITE, 1.0)),
                    ])
                    .plot("drawing the category segments")?;
                let style = theme.text(value_size, theme::ink_on(color));
                let (x0, yc) = chart.backend_coord(&(start, y));
                let (x1, _) = chart.backend_coord(&(end, y));
                let text = count.to_string();
                if theme::text_size(&body, &text, &style)?.0 + theme.px(GAP) <= x1 - x0 {
                    let anchor = (HPos::Center, VPos::Center);
                    theme::draw_text_at(&body, &text, &style, anchor, ((x0 + x1) / 2, yc))?;
                }
                start = end;
            }
            let (x, yc) = chart.backend_coord(&(start, y));
            let style = theme.text(value_size, INK);
            let text = candidates_text(theme, district.candidates);
            let anchor = (HPos::Left, VPos::Center);
            theme::draw_text_at(&body, &text, &style, anchor, (x + theme.px(GAP), yc))?;
        }
        Ok(())
    }
}

impl DistrictSummary<'_> {
    /// Districts by name (an unknown one last), each with its picks per
    /// category; a category outside the contract's list counts as the last
    /// one ("other").
    fn districts(&self, theme: &Theme) -> BTreeMap<(bool, String), District> {
        let mut districts: BTreeMap<(bool, String), District> = BTreeMap::new();
        for row in self.picks.iter().filter(|r| r.picks > 0) {
            let name = theme::clean(&row.district_name);
            let name = if name.is_empty() {
                (true, theme.label("chart.unknown_district").to_string())
            } else {
                (false, name)
            };
            let category = CATEGORIES
                .iter()
                .position(|&c| c == row.category)
                .unwrap_or(CATEGORIES.len() - 1);
            let district = districts.entry(name).or_default();
            let picks = district.picks.entry(category).or_default();
            *picks = picks.saturating_add(row.picks);
            district.candidates += u64::from(row.candidates);
        }
        districts
    }
}

fn category_name(index: usize) -> &'static str {
    CATEGORIES.get(index).copied().unwrap_or("other")
}

/// "12 kandidat" / "12 candidates" ("1 candidate").
fn candidates_text(theme: &Theme, candidates: u64) -> String {
    let key = if candidates == 1 {
        "chart.district_summary.candidate"
    } else {
        "chart.district_summary.candidates"
    };
    theme.label(key).replace("{n}", &candidates.to_string())
}
