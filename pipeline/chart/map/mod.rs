//! `map` and `map_stars`: every village of the study filled by its OVOP
//! pick's category (or its stars), villages without candidates in a
//! neutral grey, kecamatan outlines and names, a legend, a scale bar and a
//! north arrow (SPEC §6). A study without polygons, or with more villages
//! than a map can show as areas, gets one point per village instead.
//!
//! Projection: equirectangular about the map's middle latitude φ₀
//! (x = R·Δλ·cos φ₀, y = R·Δφ). At regency scale it keeps shapes true:
//! across Tuban's 0.41° of latitude the east–west scale departs from
//! φ₀'s by 0.044 % at most, across Jawa Timur's 3.6° by 0.43 %
//! (docs/methods.md §11).

mod labels;
mod layout;

use std::cell::RefCell;
use std::collections::BTreeMap;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::canvas::Canvas;
use super::theme::{self, PlotResult, Theme, GAP, INK, LABEL_SIZE, MUTED, SERIES_COLORS};
use super::{Chart, ChartContext};
use crate::boundaries::{Boundaries, Shape};
use crate::domain::vocab::CATEGORIES;

pub use layout::Projection;

/// One village as the map shows it.
#[derive(Debug, Clone)]
pub struct MapVillage {
    pub code: String,
    pub name: String,
    pub district: String,
    pub pick: Option<MapPick>,
    /// Candidates, but every one held back by a gate of `scoring.require`.
    pub held_back: bool,
}

#[derive(Debug, Clone)]
pub struct MapPick {
    pub product: String,
    pub category: String,
    pub score: f64,
    pub stars: u8,
}

/// What both maps draw.
#[derive(Debug, Clone, Default)]
pub struct MapData {
    /// Every village of the study, by code.
    pub villages: Vec<MapVillage>,
    pub boundaries: Boundaries,
}

/// What the fill colour shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fill {
    Category,
    Stars,
}

/// Above this many villages a map draws points: 80,000 polygons are neither
/// readable nor drawable in a policy brief's figure.
pub const MAX_AREAS: usize = 3_000;

/// Above this many villages the SVG gets no hover layer: nobody points at
/// one of 80,000 dots, and the layer would double a 10 MB file.
pub const MAX_HOVER: usize = 10_000;

/// Fill of a village without candidates: light and unsaturated, so every
/// category hue stands out against it.
pub const NO_CANDIDATES: RGBColor = RGBColor(222, 222, 222);
/// Candidates, none of which may be picked (gates): a pale warm tone, lighter
/// than every category hue and unlike the grey of "no candidates".
pub const HELD_BACK: RGBColor = RGBColor(250, 226, 200);
const DISTRICT_LINE: RGBColor = RGBColor(55, 55, 55);

/// Stars 1–5: ColorBrewer YlGnBu (colour-blind safe), light to dark.
pub const STAR_COLORS: [RGBColor; 5] = [
    RGBColor(199, 233, 180),
    RGBColor(127, 205, 187),
    RGBColor(65, 182, 196),
    RGBColor(44, 127, 184),
    RGBColor(37, 52, 148),
];

pub struct Map<'a> {
    pub ctx: &'a ChartContext,
    pub data: &'a MapData,
    pub fill: Fill,
    /// Each village's outline and hover text at SVG scale, filled while
    /// drawing, for [`Chart::svg_overlay`].
    pub hover: RefCell<Vec<layout::Hover>>,
}

impl<'a> Map<'a> {
    pub fn new(ctx: &'a ChartContext, data: &'a MapData, fill: Fill) -> Map<'a> {
        Map {
            ctx,
            data,
            fill,
            hover: RefCell::new(Vec::new()),
        }
    }

    /// Colours of the categories picked somewhere: the most picked get the
    /// seven Okabe–Ito hues, rarer ones the palette's dark shades; "other"
    /// is always the palette's grey (uncategorised), distinct from the light
    /// grey of villages without candidates.
    fn category_colors(&self) -> BTreeMap<String, RGBColor> {
        let grey = theme::okabe_ito::GREY;
        let palette: Vec<RGBColor> = SERIES_COLORS
            .iter()
            .copied()
            .filter(|c| *c != grey)
            .collect();
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for v in &self.data.villages {
            if let Some(p) = &v.pick {
                *counts.entry(p.category.as_str()).or_default() += 1;
            }
        }
        let vocab_order = |c: &str| {
            CATEGORIES
                .iter()
                .position(|&k| k == c)
                .unwrap_or(usize::MAX)
        };
        let mut named: Vec<(&str, usize)> = counts
            .iter()
            .filter(|(c, _)| **c != "other")
            .map(|(c, n)| (*c, *n))
            .collect();
        named.sort_by(|a, b| b.1.cmp(&a.1).then(vocab_order(a.0).cmp(&vocab_order(b.0))));
        let mut colors: BTreeMap<String, RGBColor> = named
            .iter()
            .enumerate()
            .map(|(i, (c, _))| (c.to_string(), palette[i % palette.len()]))
            .collect();
        if counts.contains_key("other") {
            colors.insert("other".into(), grey);
        }
        colors
    }

    fn color_of(&self, village: &MapVillage, categories: &BTreeMap<String, RGBColor>) -> RGBColor {
        match (&village.pick, self.fill) {
            (None, _) if village.held_back => HELD_BACK,
            (None, _) => NO_CANDIDATES,
            (Some(p), Fill::Category) => categories.get(&p.category).copied().unwrap_or(INK),
            (Some(p), Fill::Stars) => STAR_COLORS[usize::from(p.stars.clamp(1, 5)) - 1],
        }
    }

    /// Legend rows: (label, colour, villages), in reading order.
    fn legend_rows(
        &self,
        theme: &Theme,
        categories: &BTreeMap<String, RGBColor>,
    ) -> Vec<(String, RGBColor, usize)> {
        let count =
            |f: &dyn Fn(&MapVillage) -> bool| self.data.villages.iter().filter(|v| f(v)).count();
        let mut rows: Vec<(String, RGBColor, usize)> = match self.fill {
            Fill::Category => {
                let mut rows: Vec<_> = categories
                    .iter()
                    .map(|(c, color)| {
                        let n = count(&|v| v.pick.as_ref().is_some_and(|p| &p.category == c));
                        (theme.category_label(c), *color, n)
                    })
                    .collect();
                rows.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
                rows
            }
            Fill::Stars => (1..=5u8)
                .rev()
                .map(|s| {
                    let n = count(&|v| v.pick.as_ref().is_some_and(|p| p.stars.clamp(1, 5) == s));
                    (stars_text(s), STAR_COLORS[usize::from(s) - 1], n)
                })
                .collect(),
        };
        let held_back = count(&|v| v.pick.is_none() && v.held_back);
        if held_back > 0 {
            rows.push((
                theme.label("map.held_back").to_string(),
                HELD_BACK,
                held_back,
            ));
        }
        rows.push((
            theme.label("map.no_candidates").to_string(),
            NO_CANDIDATES,
            count(&|v| v.pick.is_none() && !v.held_back),
        ));
        rows
    }
}

/// "★★★☆☆" for 3 of 5.
pub fn stars_text(stars: u8) -> String {
    let s = usize::from(stars.clamp(1, 5));
    format!("{}{}", "★".repeat(s), "☆".repeat(5 - s))
}

impl Chart for Map<'_> {
    fn name(&self) -> &'static str {
        match self.fill {
            Fill::Category => "map",
            Fill::Stars => "map_stars",
        }
    }

    fn context(&self) -> &ChartContext {
        self.ctx
    }

    fn titles(&self, theme: &Theme) -> (String, Option<String>) {
        let text = |part: &str| {
            crate::i18n::label(theme.lang, &format!("chart.{}.{part}", self.name())).to_string()
        };
        let subtitle = if self.uses_points() {
            text("subtitle_points")
        } else {
            text("subtitle")
        };
        (text("title"), Some(subtitle))
    }

    fn credit(&self) -> Option<String> {
        Some(self.data.boundaries.credit.clone())
    }

    fn svg_overlay(&self) -> Option<String> {
        let hover = self.hover.borrow();
        (hover.len() <= MAX_HOVER).then(|| layout::hover_svg(&hover))
    }

    fn draw(&self, body: &DrawingArea<Canvas<'_>, Shift>, theme: &Theme) -> anyhow::Result<()> {
        if self.data.villages.is_empty() || self.data.boundaries.villages.is_empty() {
            return theme::no_data(body, theme);
        }
        let (w, h) = body.dim_in_pixel();
        let base = body.get_base_pixel();
        let panel_w = theme.px(280.0);
        let gap = theme.px(GAP);
        let viewport = layout::Rect {
            x0: base.0,
            y0: base.1,
            x1: base.0 + w as i32 - panel_w - 2 * gap,
            y1: base.1 + h as i32,
        };
        let categories = self.category_colors();
        let points = self.uses_points();
        let shapes = layout::shapes(&self.data.boundaries, points);
        let Some(projection) = Projection::fit(&shapes, viewport) else {
            return theme::no_data(body, theme);
        };
        let by_code: BTreeMap<&str, &MapVillage> = self
            .data
            .villages
            .iter()
            .map(|v| (v.code.as_str(), v))
            .collect();
        let mut hover = Vec::new();
        let drawn = layout::draw_villages(
            body,
            theme,
            &projection,
            &shapes,
            &by_code,
            |v| self.color_of(v, &categories),
            |v| self.hover_text(v, theme),
            &mut hover,
        )?;
        if !points {
            layout::draw_districts(body, theme, &projection, &self.data.boundaries.districts)?;
        }
        labels::place(
            body,
            theme,
            &projection,
            &self.data.boundaries,
            &shapes,
            points,
            viewport,
        )?;
        *self.hover.borrow_mut() = hover;

        // The panel: legend, notes, north arrow and scale bar.
        let px0 = viewport.x1 + 2 * gap;
        let heading = theme.label(match self.fill {
            Fill::Category => "map.legend.category",
            Fill::Stars => "map.legend.stars",
        });
        let mut y = layout::legend(
            body,
            theme,
            (px0, base.1),
            panel_w,
            heading,
            &self.legend_rows(theme, &categories),
        )?;
        let missing = self.data.villages.len().saturating_sub(drawn);
        if missing > 0 {
            let key = if self.data.boundaries.from_centroids {
                "map.no_point"
            } else {
                "map.no_boundary"
            };
            let text = theme.label(key).replace("{n}", &missing.to_string());
            let style = theme.text(LABEL_SIZE * 0.9, theme::WARNING);
            y += gap;
            for line in layout::wrap(body, &text, &style, panel_w)? {
                theme::draw_text_at(body, &line, &style, (HPos::Left, VPos::Top), (px0, y))?;
                y += theme::text_size(body, "Ag", &style)?.1 + theme.px(2.0);
            }
        }
        let bottom = base.1 + h as i32;
        layout::north_arrow(
            body,
            theme,
            (px0 + theme.px(16.0), bottom - theme.px(110.0)),
        )?;
        layout::scale_bar(
            body,
            theme,
            &projection,
            (px0, bottom - theme.px(40.0)),
            panel_w,
        )?;
        let style = theme.text(LABEL_SIZE * 0.75, MUTED);
        let projection_note = theme
            .label("map.projection")
            .replace("{lat}", &format!("{:.2}", projection.lat0));
        theme::draw_text_at(
            body,
            &projection_note,
            &style,
            (HPos::Left, VPos::Bottom),
            (px0, bottom),
        )?;
        body.present().plot("drawing the map")?;
        Ok(())
    }
}

impl Map<'_> {
    /// Points rather than areas: no polygons given, or too many to read.
    fn uses_points(&self) -> bool {
        let b = &self.data.boundaries;
        b.from_centroids
            || b.villages.len() > MAX_AREAS
            || !b.villages.values().any(|s| matches!(s, Shape::Area(_)))
    }

    /// "Jlodro, Kec. Kenduruan — Batik tulis (Kerajinan batik) · skor 71,2 · ★★★★☆".
    fn hover_text(&self, v: &MapVillage, theme: &Theme) -> String {
        let place = format!("{}, {} {}", v.name, theme.label("map.kec"), v.district);
        match &v.pick {
            None if v.held_back => format!("{place} — {}", theme.label("map.held_back")),
            None => format!("{place} — {}", theme.label("map.no_candidates")),
            Some(p) => format!(
                "{place} — {} ({}) · {} {} · {}",
                theme::clean(&p.product),
                theme.category_label(&p.category),
                theme.label("map.score"),
                theme.number(p.score, 1),
                stars_text(p.stars)
            ),
        }
    }
}
