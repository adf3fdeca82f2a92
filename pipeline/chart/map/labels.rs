//! Area names on the map, none overlapping another: kecamatan names inside
//! their own outline in an area map; in a point map the names of the
//! kecamatan (or, for a province, the regencies) at the middle of their
//! villages. Larger areas are placed first; a name that fits nowhere at
//! full size is tried smaller, and in a point map left out.

use std::collections::BTreeMap;

use geo::{BoundingRect, Contains, InteriorPoint, MultiPolygon, Point};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::layout::{Projection, Rect};
use crate::boundaries::{Boundaries, Shape};
use crate::chart::canvas::Canvas;
use crate::chart::theme::{self, Theme, INK};
use crate::reference::Reference;

/// Font sizes tried, in logical pixels.
const SIZES: [f64; 3] = [13.0, 11.5, 10.0];
/// Most candidate positions tried per name.
const MAX_TRIES: usize = 2_500;
/// At most this many names in a point map (beyond, they are noise).
const MAX_POINT_LABELS: usize = 60;

#[derive(Clone, Copy)]
struct LabelBox {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl LabelBox {
    fn around((cx, cy): (f64, f64), (w, h): (f64, f64)) -> LabelBox {
        LabelBox {
            x0: cx - w / 2.0,
            y0: cy - h / 2.0,
            x1: cx + w / 2.0,
            y1: cy + h / 2.0,
        }
    }
    fn overlaps(&self, o: &LabelBox, margin: f64) -> bool {
        self.x0 < o.x1 + margin
            && o.x0 < self.x1 + margin
            && self.y0 < o.y1 + margin
            && o.y0 < self.y1 + margin
    }
    fn within(&self, r: Rect) -> bool {
        self.x0 >= f64::from(r.x0)
            && self.y0 >= f64::from(r.y0)
            && self.x1 <= f64::from(r.x1)
            && self.y1 <= f64::from(r.y1)
    }
    /// Corners, edge middles and centre.
    fn samples(&self) -> [Point<f64>; 9] {
        let (mx, my) = ((self.x0 + self.x1) / 2.0, (self.y0 + self.y1) / 2.0);
        [
            (self.x0, self.y0),
            (mx, self.y0),
            (self.x1, self.y0),
            (self.x0, my),
            (mx, my),
            (self.x1, my),
            (self.x0, self.y1),
            (mx, self.y1),
            (self.x1, self.y1),
        ]
        .map(|(x, y)| Point::new(x, y))
    }
}

/// One name to place: its text, where it would best go, and (area maps)
/// the outline it must stay inside, in device pixels.
struct Wanted {
    text: String,
    anchor: (f64, f64),
    inside: Option<MultiPolygon<f64>>,
    weight: f64,
}

/// Places and draws the names; returns how many were drawn.
pub fn place(
    body: &DrawingArea<Canvas<'_>, Shift>,
    theme: &Theme,
    projection: &Projection,
    boundaries: &Boundaries,
    shapes: &[(String, Shape, f64)],
    points: bool,
    viewport: Rect,
) -> anyhow::Result<usize> {
    let mut wanted = if points {
        point_groups(projection, shapes)
    } else {
        district_areas(projection, &boundaries.districts)
    };
    wanted.sort_by(|a, b| {
        b.weight
            .total_cmp(&a.weight)
            .then_with(|| a.text.cmp(&b.text))
    });
    if points {
        wanted.truncate(MAX_POINT_LABELS);
    }
    let mut placed: Vec<LabelBox> = Vec::new();
    let mut drawn = 0;
    let margin = f64::from(theme.px(2.0));
    for w in &wanted {
        'sizes: for size in SIZES {
            let style = theme.text(size, INK);
            let (tw, th) = theme::text_size(body, &w.text, &style)?;
            let dims = (f64::from(tw) + margin, f64::from(th));
            for centre in candidates(w, dims, f64::from(theme.px(2.0))) {
                let b = LabelBox::around(centre, dims);
                let fits = b.within(viewport)
                    && !placed.iter().any(|p| p.overlaps(&b, margin))
                    && w.inside
                        .as_ref()
                        .is_none_or(|area| b.samples().iter().all(|s| area.contains(s)));
                if fits {
                    draw_with_halo(body, theme, &w.text, size, centre)?;
                    placed.push(b);
                    drawn += 1;
                    break 'sizes;
                }
            }
        }
    }
    Ok(drawn)
}

/// Positions to try: the anchor, then a grid around it, nearest first
/// (inside the outline's box for area maps).
fn candidates(w: &Wanted, (bw, bh): (f64, f64), step: f64) -> Vec<(f64, f64)> {
    let (ax, ay) = w.anchor;
    let (x0, y0, x1, y1) = match w.inside.as_ref().and_then(|a| a.bounding_rect()) {
        Some(r) => (r.min().x, r.min().y, r.max().x, r.max().y),
        None => (ax - 3.0 * bw, ay - 4.0 * bh, ax + 3.0 * bw, ay + 4.0 * bh),
    };
    let step = step.max(1.0);
    let mut out = vec![(ax, ay)];
    let (nx, ny) = (
        ((x1 - x0) / step).ceil() as usize,
        ((y1 - y0) / step).ceil() as usize,
    );
    // Keep the grid under MAX_TRIES by widening the step.
    let thin = ((nx * ny) as f64 / MAX_TRIES as f64).sqrt().max(1.0);
    let step = step * thin;
    let mut y = y0;
    while y <= y1 {
        let mut x = x0;
        while x <= x1 {
            out.push((x, y));
            x += step;
        }
        y += step;
    }
    out[1..].sort_by(|a, b| {
        let d = |p: &(f64, f64)| (p.0 - ax).powi(2) + (p.1 - ay).powi(2);
        d(a).total_cmp(&d(b))
    });
    out
}

/// Kecamatan names and outlines, from the boundaries' districts.
fn district_areas(
    projection: &Projection,
    districts: &BTreeMap<String, MultiPolygon<f64>>,
) -> Vec<Wanted> {
    let reference = Reference::get();
    districts
        .iter()
        .filter_map(|(code, area)| {
            let px = projection.area(area);
            let anchor = px.interior_point()?;
            Some(Wanted {
                text: reference.area_name(code).unwrap_or(code).to_string(),
                anchor: (anchor.x(), anchor.y()),
                weight: geo::Area::unsigned_area(&px),
                inside: Some(px),
            })
        })
        .collect()
}

/// Names of the kecamatan, or of the regencies when there are more than 40
/// kecamatan (a province), at the median of their villages' points.
fn point_groups(projection: &Projection, shapes: &[(String, Shape, f64)]) -> Vec<Wanted> {
    let districts: std::collections::BTreeSet<&str> =
        shapes.iter().map(|(c, _, _)| &c[..8]).collect();
    let level = if districts.len() <= 40 {
        8
    } else {
        let regencies: std::collections::BTreeSet<&str> =
            shapes.iter().map(|(c, _, _)| &c[..5]).collect();
        if regencies.len() <= 60 {
            5
        } else {
            2
        }
    };
    let mut groups: BTreeMap<&str, Vec<(f64, f64)>> = BTreeMap::new();
    for (code, shape, _) in shapes {
        let p = match shape {
            Shape::Point(p) => *p,
            Shape::Area(a) => match a.interior_point() {
                Some(p) => p,
                None => continue,
            },
        };
        groups
            .entry(&code[..level])
            .or_default()
            .push(projection.px(p.x(), p.y()));
    }
    let reference = Reference::get();
    groups
        .into_iter()
        .map(|(code, mut pts)| {
            let n = pts.len();
            pts.sort_by(|a, b| a.0.total_cmp(&b.0));
            let x = pts[n / 2].0;
            pts.sort_by(|a, b| a.1.total_cmp(&b.1));
            let y = pts[n / 2].1;
            let name = reference.area_name(code).unwrap_or(code);
            Wanted {
                text: short_area_name(name),
                anchor: (x, y),
                inside: None,
                weight: n as f64,
            }
        })
        .collect()
}

/// "Kabupaten Malang" → "Kab. Malang": regency names are long and many.
fn short_area_name(name: &str) -> String {
    if let Some(rest) = name.strip_prefix("Kabupaten ") {
        format!("Kab. {rest}")
    } else {
        name.to_string()
    }
}

/// Dark text over a white halo, readable on every fill.
fn draw_with_halo(
    body: &DrawingArea<Canvas<'_>, Shift>,
    theme: &Theme,
    text: &str,
    size: f64,
    (x, y): (f64, f64),
) -> anyhow::Result<()> {
    let anchor = (HPos::Center, VPos::Center);
    let at = (x.round() as i32, y.round() as i32);
    let halo = theme.text(size, WHITE);
    let d = theme.px(1.2).max(1);
    for (dx, dy) in [
        (-d, 0),
        (d, 0),
        (0, -d),
        (0, d),
        (-d, -d),
        (d, d),
        (-d, d),
        (d, -d),
    ] {
        theme::draw_text_at(body, text, &halo, anchor, (at.0 + dx, at.1 + dy))?;
    }
    theme::draw_text_at(body, text, &theme.text(size, INK), anchor, at)
}
