//! The map's geometry on the canvas: the projection fitted to the viewport,
//! village areas and points, kecamatan outlines, the legend panel, north
//! arrow and scale bar, and the hover outlines of the SVG.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use geo::{Area, InteriorPoint, MultiPolygon};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::{MapVillage, DISTRICT_LINE};
use crate::boundaries::{Boundaries, Shape};
use crate::chart::canvas::Canvas;
use crate::chart::theme::{self, PlotResult, Theme, GAP, INK, LABEL_SIZE};

type Body<'c> = DrawingArea<Canvas<'c>, Shift>;

/// A box in absolute device pixels.
#[derive(Debug, Clone, Copy)]
pub struct Rect {
    pub x0: i32,
    pub y0: i32,
    pub x1: i32,
    pub y1: i32,
}

/// Kilometres per degree of latitude on the mean Earth sphere (R = 6371.0 km).
const KM_PER_DEGREE: f64 = 6371.0 * std::f64::consts::PI / 180.0;

/// Local equirectangular projection about the middle of the map, scaled
/// to fit the viewport (see the module comment of `map`).
#[derive(Debug, Clone, Copy)]
pub struct Projection {
    pub lon0: f64,
    pub lat0: f64,
    cos0: f64,
    /// Device pixels per kilometre.
    pub px_per_km: f64,
    x_left: f64,
    y_top: f64,
    origin: (f64, f64),
}

impl Projection {
    /// Fits every shape into `viewport`, centred, with a small margin.
    pub fn fit(shapes: &[(String, Shape, f64)], viewport: Rect) -> Option<Projection> {
        let mut lon = (f64::INFINITY, f64::NEG_INFINITY);
        let mut lat = (f64::INFINITY, f64::NEG_INFINITY);
        let mut add = |x: f64, y: f64| {
            lon = (lon.0.min(x), lon.1.max(x));
            lat = (lat.0.min(y), lat.1.max(y));
        };
        for (_, shape, _) in shapes {
            match shape {
                Shape::Area(a) => {
                    for p in a {
                        for c in p.exterior().coords() {
                            add(c.x, c.y);
                        }
                    }
                }
                Shape::Point(p) => add(p.x(), p.y()),
            }
        }
        if !lon.0.is_finite() {
            return None;
        }
        let lat0 = (lat.0 + lat.1) / 2.0;
        let lon0 = (lon.0 + lon.1) / 2.0;
        let cos0 = lat0.to_radians().cos();
        // A lone village still gets a map some kilometres across.
        let width_km = ((lon.1 - lon.0) * cos0 * KM_PER_DEGREE).max(2.0);
        let height_km = ((lat.1 - lat.0) * KM_PER_DEGREE).max(2.0);
        let vw = f64::from(viewport.x1 - viewport.x0) * 0.97;
        let vh = f64::from(viewport.y1 - viewport.y0) * 0.97;
        let px_per_km = (vw / width_km).min(vh / height_km);
        let cx = f64::from(viewport.x0 + viewport.x1) / 2.0;
        let cy = f64::from(viewport.y0 + viewport.y1) / 2.0;
        Some(Projection {
            lon0,
            lat0,
            cos0,
            px_per_km,
            x_left: -width_km / 2.0,
            y_top: height_km / 2.0,
            origin: (
                cx - width_km / 2.0 * px_per_km,
                cy - height_km / 2.0 * px_per_km,
            ),
        })
    }

    /// Kilometres east and north of the map's middle.
    pub fn km(&self, lon: f64, lat: f64) -> (f64, f64) {
        (
            (lon - self.lon0) * self.cos0 * KM_PER_DEGREE,
            (lat - self.lat0) * KM_PER_DEGREE,
        )
    }

    /// Device pixels (absolute) of a lon/lat.
    pub fn px(&self, lon: f64, lat: f64) -> (f64, f64) {
        let (x, y) = self.km(lon, lat);
        (
            self.origin.0 + (x - self.x_left) * self.px_per_km,
            self.origin.1 + (self.y_top - y) * self.px_per_km,
        )
    }

    /// A ring in device pixels, without points closer than half a pixel to
    /// the last one kept (invisible detail, and half the SVG's size), and
    /// without spikes: a vertex where the ring turns back on itself (under
    /// 15°) is dropped, since a wide stroke's miter join there would shoot a
    /// long needle across the map (plotters' PNG lines have no miter limit).
    pub fn ring(&self, ring: &geo::LineString<f64>) -> Vec<(f64, f64)> {
        let mut out: Vec<(f64, f64)> = Vec::with_capacity(ring.0.len());
        for c in ring.coords() {
            let p = self.px(c.x, c.y);
            if out
                .last()
                .is_some_and(|&(x, y)| (p.0 - x).hypot(p.1 - y) < 0.5)
            {
                continue;
            }
            out.push(p);
            while out.len() >= 3 && is_spike(out[out.len() - 3], out[out.len() - 2], p) {
                let n = out.len();
                out.remove(n - 2);
            }
        }
        out
    }

    /// A multipolygon in device pixels, for label placement.
    pub fn area(&self, area: &MultiPolygon<f64>) -> MultiPolygon<f64> {
        use geo::MapCoords;
        area.map_coords(|c| {
            let (x, y) = self.px(c.x, c.y);
            geo::coord! { x: x, y: y }
        })
    }
}

/// True when the path a → b → c turns back at b by more than 165°.
fn is_spike(a: (f64, f64), b: (f64, f64), c: (f64, f64)) -> bool {
    let (u, v) = ((a.0 - b.0, a.1 - b.1), (c.0 - b.0, c.1 - b.1));
    let (lu, lv) = (u.0.hypot(u.1), v.0.hypot(v.1));
    if lu == 0.0 || lv == 0.0 {
        return true;
    }
    (u.0 * v.0 + u.1 * v.1) / (lu * lv) > 15f64.to_radians().cos()
}

/// Village shapes in drawing order, with their area in km² (0 for points):
/// largest first, so an enclave is drawn over the village around it. In a
/// point map every area becomes a point inside it.
pub fn shapes(boundaries: &Boundaries, points: bool) -> Vec<(String, Shape, f64)> {
    let mut out: Vec<(String, Shape, f64)> = boundaries
        .villages
        .iter()
        .filter_map(|(code, shape)| match shape {
            Shape::Area(a) if points => a
                .interior_point()
                .map(|p| (code.clone(), Shape::Point(p), 0.0)),
            Shape::Area(a) => {
                // Square degrees to km² near the village (cos of its latitude).
                let lat = a.interior_point().map_or(0.0, |p| p.y());
                let km2 = a.unsigned_area() * KM_PER_DEGREE.powi(2) * lat.to_radians().cos();
                Some((code.clone(), shape.clone(), km2))
            }
            Shape::Point(p) => Some((code.clone(), Shape::Point(*p), 0.0)),
        })
        .collect();
    out.sort_by(|a, b| b.2.total_cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
    out
}

/// One village's outline (or point) and its hover text, at SVG scale.
#[derive(Debug, Clone)]
pub struct Hover {
    pub path: HoverShape,
    pub title: String,
}

#[derive(Debug, Clone)]
pub enum HoverShape {
    /// SVG path data.
    Path(String),
    Circle {
        x: f64,
        y: f64,
        r: f64,
    },
}

fn to_i((x, y): (f64, f64)) -> (i32, i32) {
    (x.round() as i32, y.round() as i32)
}

/// Fills every village and outlines it in white; returns how many of the
/// study's villages were drawn.
#[allow(clippy::too_many_arguments)]
pub fn draw_villages(
    body: &Body<'_>,
    theme: &Theme,
    projection: &Projection,
    shapes: &[(String, Shape, f64)],
    villages: &BTreeMap<&str, &MapVillage>,
    color_of: impl Fn(&MapVillage) -> RGBColor,
    title_of: impl Fn(&MapVillage) -> String,
    hover: &mut Vec<Hover>,
) -> anyhow::Result<usize> {
    let (bx, by) = body.get_base_pixel();
    let local = |p: (f64, f64)| {
        let (x, y) = to_i(p);
        (x - bx, y - by)
    };
    let edge = ShapeStyle::from(&WHITE).stroke_width(theme.px(0.6).max(1) as u32);
    let point_count = shapes
        .iter()
        .filter(|s| matches!(s.1, Shape::Point(_)))
        .count();
    let (w, h) = body.dim_in_pixel();
    let radius = point_radius(theme, f64::from(w) * f64::from(h), point_count);
    // In a point map the grey villages go first, so picks stay on top.
    let mut order: Vec<&(String, Shape, f64)> = shapes.iter().collect();
    order.sort_by_key(|s| {
        matches!(s.1, Shape::Point(_))
            && villages.get(s.0.as_str()).is_some_and(|v| v.pick.is_some())
    });
    let mut drawn = 0;
    for (code, shape, _) in order {
        let Some(village) = villages.get(code.as_str()) else {
            continue;
        };
        drawn += 1;
        let fill = color_of(village);
        let mut d = String::new();
        match shape {
            Shape::Area(area) => {
                for polygon in area {
                    let outer = projection.ring(polygon.exterior());
                    if outer.len() < 3 {
                        continue;
                    }
                    body.draw(&Polygon::new(
                        outer.iter().map(|&p| local(p)).collect::<Vec<_>>(),
                        fill.filled(),
                    ))
                    .plot("drawing a village")?;
                    let holes = polygon.interiors().iter().map(|r| projection.ring(r));
                    for ring in std::iter::once(outer).chain(holes) {
                        body.draw(&PathElement::new(
                            ring.iter().map(|&p| local(p)).collect::<Vec<_>>(),
                            edge,
                        ))
                        .plot("outlining a village")?;
                        path_data(&mut d, &ring);
                    }
                }
                if !d.is_empty() {
                    hover.push(Hover {
                        path: HoverShape::Path(d),
                        title: title_of(village),
                    });
                }
            }
            Shape::Point(p) => {
                let at = projection.px(p.x(), p.y());
                body.draw(&Circle::new(local(at), radius, fill.filled()))
                    .plot("drawing a village point")?;
                hover.push(Hover {
                    path: HoverShape::Circle {
                        x: at.0,
                        y: at.1,
                        r: f64::from(radius).max(2.0),
                    },
                    title: title_of(village),
                });
            }
        }
    }
    Ok(drawn)
}

/// A dot big enough to see and small enough that neighbours stay apart.
fn point_radius(theme: &Theme, area: f64, points: usize) -> u32 {
    let spacing = (area / points.max(1) as f64).sqrt();
    (spacing * 0.3).clamp(f64::from(theme.px(1.2)), f64::from(theme.px(5.0))) as u32
}

/// SVG path data of a ring, at the whole pixels plotters draws it at.
fn path_data(d: &mut String, ring: &[(f64, f64)]) {
    for (i, &p) in ring.iter().enumerate() {
        let (x, y) = to_i(p);
        let _ = write!(d, "{}{x} {y}", if i == 0 { "M" } else { "L" });
    }
    d.push('Z');
}

/// Kecamatan outlines over the villages.
pub fn draw_districts(
    body: &Body<'_>,
    theme: &Theme,
    projection: &Projection,
    districts: &BTreeMap<String, MultiPolygon<f64>>,
) -> anyhow::Result<()> {
    let (bx, by) = body.get_base_pixel();
    let style = ShapeStyle::from(&DISTRICT_LINE).stroke_width(theme.px(1.3).max(1) as u32);
    for area in districts.values() {
        for polygon in area {
            for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
                let points: Vec<(i32, i32)> = projection
                    .ring(ring)
                    .into_iter()
                    .map(|p| {
                        let (x, y) = to_i(p);
                        (x - bx, y - by)
                    })
                    .collect();
                if points.len() >= 2 {
                    body.draw(&PathElement::new(points, style))
                        .plot("drawing a kecamatan outline")?;
                }
            }
        }
    }
    Ok(())
}

/// The hover layer of the SVG: an invisible copy of each village's outline
/// with a `<title>`, so a browser shows the village's pick on hover without
/// any script; the hovered village is outlined.
pub fn hover_svg(hover: &[Hover]) -> String {
    let mut out = String::from(
        "<style>.ovop-map-hit{fill:#000;fill-opacity:0;stroke:none}\
         .ovop-map-hit:hover{fill-opacity:0.18;stroke:#000;stroke-width:1.5}</style>\
         <g class=\"ovop-map-hover\">",
    );
    for h in hover {
        let title = xml_escape(&h.title);
        match &h.path {
            HoverShape::Path(d) => {
                let _ = write!(
                    out,
                    "<path class=\"ovop-map-hit\" fill-rule=\"nonzero\" d=\"{d}\"><title>{title}</title></path>"
                );
            }
            HoverShape::Circle { x, y, r } => {
                let _ = write!(
                    out,
                    "<circle class=\"ovop-map-hit\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{r:.1}\"><title>{title}</title></circle>"
                );
            }
        }
    }
    out.push_str("</g>");
    out
}

pub fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Words of `text` in lines no wider than `width` device pixels.
pub fn wrap(
    body: &Body<'_>,
    text: &str,
    style: &TextStyle,
    width: i32,
) -> anyhow::Result<Vec<String>> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if !line.is_empty() && theme::text_size(body, &candidate, style)?.0 > width {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
        .into_iter()
        .map(|l| theme::fit(body, &l, style, width))
        .collect()
}

/// The legend: a heading and one swatch per row ("Batik (12)"); returns
/// the y below it.
pub fn legend(
    body: &Body<'_>,
    theme: &Theme,
    (x, y0): (i32, i32),
    width: i32,
    heading: &str,
    rows: &[(String, RGBColor, usize)],
) -> anyhow::Result<i32> {
    let style = theme.text(LABEL_SIZE, INK);
    let row_h = theme::text_size(body, "Ag", &style)?.1 + theme.px(GAP);
    let swatch = theme.px(14.0);
    let gap = theme.px(GAP);
    let mut y = y0;
    for line in wrap(body, heading, &style, width)? {
        theme::draw_text_at(body, &line, &style, (HPos::Left, VPos::Top), (x, y))?;
        y += row_h;
    }
    y += gap / 2;
    for (label, color, n) in rows {
        let sy = y + (row_h - swatch) / 2;
        theme::rect_at(body, (x, sy), (x + swatch, sy + swatch), color.filled())?;
        theme::rect_at(
            body,
            (x, sy),
            (x + swatch, sy + swatch),
            ShapeStyle::from(&theme::MUTED).stroke_width(1),
        )?;
        let text = format!("{label} ({n})");
        let text = theme::fit(body, &text, &style, width - swatch - gap)?;
        theme::draw_text_at(
            body,
            &text,
            &style,
            (HPos::Left, VPos::Center),
            (x + swatch + gap, y + row_h / 2),
        )?;
        y += row_h;
    }
    Ok(y)
}

/// An arrow pointing to grid north with "U" (utara) or "N" above it; `at`
/// is the arrow's foot. North is up in this projection.
pub fn north_arrow(body: &Body<'_>, theme: &Theme, at: (i32, i32)) -> anyhow::Result<()> {
    let (bx, by) = body.get_base_pixel();
    let (x, y) = (at.0 - bx, at.1 - by);
    let (half, height) = (theme.px(9.0), theme.px(34.0));
    body.draw(&Polygon::new(
        vec![(x, y - height), (x - half, y), (x, y - height / 3)],
        INK.filled(),
    ))
    .plot("drawing the north arrow")?;
    body.draw(&PathElement::new(
        vec![
            (x, y - height),
            (x + half, y),
            (x, y - height / 3),
            (x, y - height),
        ],
        ShapeStyle::from(&INK).stroke_width(theme.px(1.0).max(1) as u32),
    ))
    .plot("drawing the north arrow")?;
    let style = theme.text(LABEL_SIZE, INK);
    theme::draw_text_at(
        body,
        theme.label("map.north"),
        &style,
        (HPos::Center, VPos::Bottom),
        (at.0, at.1 - height - theme.px(3.0)),
    )
}

/// The longest round length that fits, as a bar in two halves with 0, the
/// middle and the length in km below it.
pub fn scale_bar(
    body: &Body<'_>,
    theme: &Theme,
    projection: &Projection,
    (x, y): (i32, i32),
    width: i32,
) -> anyhow::Result<()> {
    const LENGTHS: [f64; 14] = [
        0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 25.0, 50.0, 100.0, 200.0, 250.0, 500.0, 1000.0, 2000.0,
    ];
    let max = f64::from(width) * 0.7;
    let km = LENGTHS
        .iter()
        .copied()
        .rfind(|l| l * projection.px_per_km <= max)
        .unwrap_or(LENGTHS[0]);
    let len = (km * projection.px_per_km).round() as i32;
    let h = theme.px(6.0);
    let half = len / 2;
    theme::rect_at(body, (x, y), (x + half, y + h), INK.filled())?;
    theme::rect_at(body, (x + half, y), (x + len, y + h), WHITE.filled())?;
    theme::rect_at(
        body,
        (x, y),
        (x + len, y + h),
        ShapeStyle::from(&INK).stroke_width(1),
    )?;
    let style = theme.text(LABEL_SIZE * 0.85, INK);
    let below = y + h + theme.px(3.0);
    let number = |v: f64| theme.number(v, if v.fract() == 0.0 { 0 } else { 1 });
    for (dx, text) in [
        (0, "0".to_string()),
        (half, number(km / 2.0)),
        (len, format!("{} km", number(km))),
    ] {
        theme::draw_text_at(
            body,
            &text,
            &style,
            (HPos::Center, VPos::Top),
            (x + dx, below),
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tuban_corners() -> Vec<(String, Shape, f64)> {
        // Tuban's extent (notebooks-data/geo): 111.56722–112.22246 E, 7.16504–6.75417 S.
        [(111.56722, -7.16504), (112.22246, -6.75417)]
            .iter()
            .enumerate()
            .map(|(i, &(x, y))| (i.to_string(), Shape::Point(geo::Point::new(x, y)), 0.0))
            .collect()
    }

    #[test]
    fn projection_keeps_kilometres_true_at_the_middle_latitude() {
        let viewport = Rect {
            x0: 0,
            y0: 0,
            x1: 1000,
            y1: 1000,
        };
        let p = Projection::fit(&tuban_corners(), viewport).unwrap();
        assert!((p.lat0 - (-6.959605)).abs() < 1e-6);
        // 0.1° of longitude at φ₀: 6371 km · π/180 · 0.1 · cos(6.959605°)
        // = 11.03756 km (by hand, checked in Python).
        let (x, _) = p.km(p.lon0 + 0.1, p.lat0);
        assert!((x - 11.03757).abs() < 1e-4, "{x}");
        // 0.1° of latitude is 11.11949 km everywhere.
        let (_, y) = p.km(p.lon0, p.lat0 + 0.1);
        assert!((y - 11.119493).abs() < 1e-5, "{y}");
        // Tuban is 72.3 km wide: it fills 97 % of the 1000 px width, centred.
        let (left, _) = p.px(111.56722, p.lat0);
        let (right, _) = p.px(112.22246, p.lat0);
        assert!((right - left - 970.0).abs() < 1e-6 && (left + right - 1000.0).abs() < 1e-6);
        // North is up.
        assert!(p.px(p.lon0, -6.8).1 < p.px(p.lon0, -7.1).1);
    }

    #[test]
    fn rings_lose_spikes_and_invisible_points() {
        let p = Projection::fit(
            &tuban_corners(),
            Rect {
                x0: 0,
                y0: 0,
                x1: 1000,
                y1: 1000,
            },
        )
        .unwrap();
        let deg = 1.0 / (p.px_per_km * KM_PER_DEGREE); // one pixel of latitude, in degrees
        let (x, y) = (p.lon0, p.lat0);
        // A square with a needle out of its top edge and a point a tenth of a pixel away.
        let ring = geo::LineString::from(vec![
            (x, y),
            (x + 100.0 * deg, y),
            (x + 100.0 * deg, y + 0.1 * deg),
            (x + 100.0 * deg, y + 100.0 * deg),
            (x + 50.0 * deg, y + 100.0 * deg),
            (x + 50.5 * deg, y + 300.0 * deg),
            (x + 49.0 * deg, y + 100.0 * deg),
            (x, y + 100.0 * deg),
            (x, y),
        ]);
        let px = p.ring(&ring);
        assert_eq!(px.len(), 7, "{px:?}");
        assert!(px.iter().all(|&(_, py)| py >= p.px(x, y + 101.0 * deg).1));
    }
}
