//! The one look every chart shares: the bundled font, the Okabe–Ito palette,
//! sizes in logical pixels (scaled for the 2x PNG), the title and caption
//! frame, legends, and text fitting so long names end in "…" instead of
//! running into each other or off the canvas.

use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Once;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{register_font, FontStyle, RGBAColor};

use super::ChartContext;
use crate::domain::{Quadrant, Tier};
use crate::i18n::{label, Lang};

/// Family name the bundled font is registered under; plotters' default.
pub const FONT_FAMILY: &str = "sans-serif";
/// DejaVu Sans (free licence, see fonts/LICENSE-DejaVu.txt): covers Latin
/// diacritics, the dashes and "★☆" used here, so no system font is needed.
static FONT: &[u8] = include_bytes!("fonts/DejaVuSans.ttf");

/// Logical canvas; the SVG is drawn at this size and the PNG at `PNG_SCALE` times it.
pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 750;
pub const PNG_SCALE: f64 = 2.0;

/// Font sizes and spacing in logical pixels (plotters font units).
pub const TITLE_SIZE: f64 = 26.0;
pub const SUBTITLE_SIZE: f64 = 15.0;
pub const AXIS_SIZE: f64 = 16.0;
pub const TICK_SIZE: f64 = 14.0;
pub const LABEL_SIZE: f64 = 15.0;
pub const VALUE_SIZE: f64 = 14.0;
pub const CAPTION_SIZE: f64 = 13.0;
pub const PAD: f64 = 24.0;
pub const GAP: f64 = 8.0;

/// The Okabe–Ito colour-blind-safe palette (Okabe & Ito 2008), plus its usual grey.
pub mod okabe_ito {
    use plotters::style::RGBColor;
    pub const ORANGE: RGBColor = RGBColor(230, 159, 0);
    pub const SKY_BLUE: RGBColor = RGBColor(86, 180, 233);
    pub const BLUISH_GREEN: RGBColor = RGBColor(0, 158, 115);
    pub const YELLOW: RGBColor = RGBColor(240, 228, 66);
    pub const BLUE: RGBColor = RGBColor(0, 114, 178);
    pub const VERMILLION: RGBColor = RGBColor(213, 94, 0);
    pub const REDDISH_PURPLE: RGBColor = RGBColor(204, 121, 167);
    pub const GREY: RGBColor = RGBColor(153, 153, 153);
}

pub const INK: RGBColor = RGBColor(34, 34, 34);
pub const MUTED: RGBColor = RGBColor(96, 96, 96);
pub const GRID: RGBColor = RGBColor(225, 225, 225);
/// The "synthetic data" warning: vermillion stands out without relying on red–green.
pub const WARNING: RGBColor = okabe_ito::VERMILLION;

pub const QUADRANTS: [Quadrant; 4] = [
    Quadrant::Unggulan,
    Quadrant::Potensial,
    Quadrant::Niche,
    Quadrant::Tertinggal,
];

pub fn quadrant_color(quadrant: Quadrant) -> RGBColor {
    match quadrant {
        Quadrant::Unggulan => okabe_ito::BLUISH_GREEN,
        Quadrant::Potensial => okabe_ito::ORANGE,
        Quadrant::Niche => okabe_ito::BLUE,
        Quadrant::Tertinggal => okabe_ito::GREY,
    }
}

/// Market tiers village … export: warm colours near home, cool ones far away.
pub const TIER_COLORS: [RGBColor; 6] = [
    okabe_ito::YELLOW,
    okabe_ito::ORANGE,
    okabe_ito::VERMILLION,
    okabe_ito::REDDISH_PURPLE,
    okabe_ito::SKY_BLUE,
    okabe_ito::BLUE,
];

/// Line and category colours in order of use: the seven Okabe–Ito hues and
/// grey, then dark shades of four of them for charts with more series
/// (light tints would be mistaken for sky blue and yellow).
pub const SERIES_COLORS: [RGBColor; 12] = [
    okabe_ito::BLUE,
    okabe_ito::ORANGE,
    okabe_ito::BLUISH_GREEN,
    okabe_ito::VERMILLION,
    okabe_ito::REDDISH_PURPLE,
    okabe_ito::SKY_BLUE,
    okabe_ito::YELLOW,
    okabe_ito::GREY,
    RGBColor(0, 62, 98),
    RGBColor(128, 70, 0),
    RGBColor(0, 90, 66),
    RGBColor(122, 60, 100),
];

/// Ink that reads on top of `fill`.
pub fn ink_on(fill: RGBColor) -> RGBColor {
    let RGBColor(r, g, b) = fill;
    let luma = 0.299 * f64::from(r) + 0.587 * f64::from(g) + 0.114 * f64::from(b);
    if luma > 150.0 {
        INK
    } else {
        WHITE
    }
}

/// Registers the bundled font under [`FONT_FAMILY`]; plotters' ab_glyph
/// backend has no fallback, so this must run before any text is measured.
pub fn register_bundled_font() -> anyhow::Result<()> {
    static ONCE: Once = Once::new();
    static OK: AtomicBool = AtomicBool::new(false);
    ONCE.call_once(|| {
        let ok = register_font(FONT_FAMILY, FontStyle::Normal, FONT).is_ok();
        OK.store(ok, Ordering::SeqCst);
    });
    anyhow::ensure!(
        OK.load(Ordering::SeqCst),
        "the bundled chart font could not be loaded"
    );
    Ok(())
}

/// Maps plotters' errors (generic over the backend, so not `'static`) into anyhow.
pub trait PlotResult<T> {
    fn plot(self, what: &str) -> anyhow::Result<T>;
}

impl<T, E: fmt::Display> PlotResult<T> for Result<T, E> {
    fn plot(self, what: &str) -> anyhow::Result<T> {
        self.map_err(|e| anyhow::anyhow!("chart: {what}: {e}"))
    }
}

/// Sizes for one rendering: `scale` 1 for SVG, [`PNG_SCALE`] for PNG.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub lang: Lang,
    pub scale: f64,
}

impl Theme {
    pub fn new(lang: Lang, scale: f64) -> Theme {
        Theme { lang, scale }
    }

    /// Canvas size in device pixels.
    pub fn canvas(&self) -> (u32, u32) {
        (
            self.px(f64::from(WIDTH)) as u32,
            self.px(f64::from(HEIGHT)) as u32,
        )
    }

    /// Logical pixels to device pixels.
    pub fn px(&self, logical: f64) -> i32 {
        (logical * self.scale).round() as i32
    }

    pub fn text(&self, size: f64, color: RGBColor) -> TextStyle<'static> {
        (FONT_FAMILY, size * self.scale).into_font().color(&color)
    }

    pub fn line(&self, color: RGBColor, width: f64) -> ShapeStyle {
        color.stroke_width((width * self.scale).round().max(1.0) as u32)
    }

    pub fn label(&self, key: &'static str) -> &'static str {
        label(self.lang, key)
    }

    pub fn quadrant_label(&self, quadrant: Quadrant) -> String {
        label(self.lang, &format!("quadrant.{}", quadrant.name())).to_string()
    }

    pub fn tier_label(&self, tier: Tier) -> String {
        label(self.lang, &format!("tier.{}", tier.name())).to_string()
    }

    /// A category's label; a product type (relatedness by type) as written.
    pub fn category_label(&self, category: &str) -> String {
        crate::i18n::lookup(self.lang, &format!("category.{category}"))
            .unwrap_or(category)
            .to_string()
    }

    /// How to show rupiah amounts up to `max`: the divisor and the axis label
    /// key (Rp, Rp juta = 10⁶, Rp miliar = 10⁹).
    pub fn money_scale(&self, max: f64) -> (f64, &'static str) {
        if max >= 1e9 {
            (1e9, self.label("chart.axis.sales_value_miliar"))
        } else if max >= 1e6 {
            (1e6, self.label("chart.axis.sales_value_juta"))
        } else {
            (1.0, self.label("chart.axis.sales_value_rp"))
        }
    }

    /// A number with thousands grouped ("600.000" in Indonesian, "600,000"
    /// in English), as amounts of money are written.
    pub fn amount(&self, value: f64, decimals: usize) -> String {
        let text = format!("{:.decimals$}", value.abs());
        let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
        let (thousands, decimal) = match self.lang {
            Lang::Id => ('.', ','),
            Lang::En => (',', '.'),
        };
        let mut out = String::new();
        for (i, digit) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                out.push(thousands);
            }
            out.push(digit);
        }
        if !fraction.is_empty() {
            out.push(decimal);
            out.push_str(fraction);
        }
        if value < 0.0 && out.chars().any(|c| c.is_ascii_digit() && c != '0') {
            out.insert(0, '-');
        }
        out
    }

    /// A number with the language's decimal separator (Indonesian uses a comma).
    pub fn number(&self, value: f64, decimals: usize) -> String {
        let text = format!("{value:.decimals$}");
        match self.lang {
            Lang::Id => text.replace('.', ","),
            Lang::En => text,
        }
    }
}

/// The caption line: where the numbers come from, and a warning for synthetic data.
#[derive(Debug, Clone)]
pub struct Caption {
    /// "Sumber: … · Studi: … · Data: …"
    pub provenance: String,
    /// "data sintetis / synthetic data" when the data is synthetic.
    pub synthetic: Option<&'static str>,
    /// Licence credit for the area codes (ODbL asks for it wherever they are
    /// shown), and for a map's boundaries.
    pub attribution: String,
    /// The study region, named after the title ("… — Kabupaten Tuban").
    pub region: Option<String>,
}

impl Caption {
    pub fn new(ctx: &ChartContext) -> Caption {
        let l = |key| label(ctx.lang, key);
        Caption {
            provenance: format!(
                "{}: {} · {}: {} · {}: {}",
                l("source"),
                clean(&ctx.source),
                l("study"),
                clean(&ctx.study),
                l("data_date"),
                clean(&ctx.data_period)
            ),
            synthetic: ctx.synthetic.then(|| l("synthetic")),
            attribution: crate::reference::attribution(ctx.lang).to_string(),
            region: ctx.region.clone(),
        }
    }
}

impl fmt::Display for Caption {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.provenance)?;
        if let Some(synthetic) = self.synthetic {
            write!(f, " · {synthetic}")?;
        }
        write!(f, " · {}", self.attribution)
    }
}

/// Text on one line: control characters and runs of spaces become one space.
pub fn clean(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn text_size<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle,
) -> anyhow::Result<(i32, i32)> {
    if text.is_empty() {
        return Ok((0, 0));
    }
    let (w, h) = area
        .estimate_text_size(text, style)
        .plot("measuring text")?;
    Ok((w as i32, h as i32))
}

/// `text` shortened with "…" so it is at most `max_width` device pixels wide.
pub fn fit<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle,
    max_width: i32,
) -> anyhow::Result<String> {
    if text_size(area, text, style)?.0 <= max_width {
        return Ok(text.to_string());
    }
    let chars: Vec<char> = text.chars().collect();
    let shortened = |n: usize| {
        let head: String = chars[..n].iter().collect();
        format!("{}…", head.trim_end())
    };
    // Largest prefix that fits, by bisection (width grows with the prefix).
    let (mut lo, mut hi) = (0, chars.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if text_size(area, &shortened(mid), style)?.0 <= max_width {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let best = shortened(lo);
    Ok(if text_size(area, &best, style)?.0 <= max_width {
        best
    } else {
        String::new()
    })
}

/// Draws `text` with its anchor at `pos`, given in absolute backend pixels
/// (as returned by `ChartContext::backend_coord`).
pub fn draw_text_at<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle,
    anchor: (HPos, VPos),
    pos: (i32, i32),
) -> anyhow::Result<()> {
    let (x0, y0) = area.get_base_pixel();
    let style = style.pos(Pos::new(anchor.0, anchor.1));
    area.draw_text(text, &style, (pos.0 - x0, pos.1 - y0))
        .plot("drawing text")
}

/// Draws a rectangle between two corners given in absolute backend pixels.
pub fn rect_at<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (x0, y0): (i32, i32),
    (x1, y1): (i32, i32),
    style: ShapeStyle,
) -> anyhow::Result<()> {
    let (bx, by) = area.get_base_pixel();
    let corners = [(x0 - bx, y0 - by), (x1 - bx, y1 - by)];
    area.draw(&Rectangle::new(corners, style))
        .plot("drawing a rectangle")
}

/// Draws a straight line between two points given in absolute backend pixels.
pub fn line_at<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (x0, y0): (i32, i32),
    (x1, y1): (i32, i32),
    style: ShapeStyle,
) -> anyhow::Result<()> {
    let (bx, by) = area.get_base_pixel();
    let points = vec![(x0 - bx, y0 - by), (x1 - bx, y1 - by)];
    area.draw(&PathElement::new(points, style))
        .plot("drawing a line")
}

/// Paints the background, the title (and optional subtitle) at the top and
/// the caption at the bottom; returns the area left for the chart body.
pub fn frame<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    title: &str,
    subtitle: Option<&str>,
    caption: &Caption,
) -> anyhow::Result<DrawingArea<DB, Shift>> {
    area.fill(&WHITE).plot("painting the background")?;
    let (w, h) = area.dim_in_pixel();
    let (w, h) = (w as i32, h as i32);
    let pad = theme.px(PAD);
    let gap = theme.px(GAP);
    let inner_w = w - 2 * pad;
    let top_left = (HPos::Left, VPos::Top);
    let base = area.get_base_pixel();
    let at = |x: i32, y: i32| (base.0 + x, base.1 + y);

    let mut y = pad;
    let title_style = theme.text(TITLE_SIZE, INK);
    let title = match &caption.region {
        Some(region) => format!("{title} — {region}"),
        None => title.to_string(),
    };
    let title = fit(area, &clean(&title), &title_style, inner_w)?;
    draw_text_at(area, &title, &title_style, top_left, at(pad, y))?;
    y += text_size(area, "Ag", &title_style)?.1 + gap;
    if let Some(subtitle) = subtitle {
        let style = theme.text(SUBTITLE_SIZE, MUTED);
        let subtitle = fit(area, &clean(subtitle), &style, inner_w)?;
        draw_text_at(area, &subtitle, &style, top_left, at(pad, y))?;
        y += text_size(area, "Ag", &style)?.1 + gap;
    }

    let style = theme.text(CAPTION_SIZE, MUTED);
    let line_h = text_size(area, "Ag", &style)?.1 + theme.px(4.0);
    let attribution_y = h - pad / 2 - line_h;
    let provenance_y = attribution_y - line_h;
    // The warning is its own text element (another colour) set flush right:
    // placing it after the measured provenance would drift in SVG viewers
    // that round glyph advances.
    let mut room = inner_w;
    if let Some(warning) = caption.synthetic {
        let warning_style = theme.text(CAPTION_SIZE, WARNING);
        room -= text_size(area, warning, &warning_style)?.0 + 4 * gap;
        let top_right = (HPos::Right, VPos::Top);
        draw_text_at(
            area,
            warning,
            &warning_style,
            top_right,
            at(w - pad, provenance_y),
        )?;
    }
    let provenance = fit(area, &caption.provenance, &style, room)?;
    draw_text_at(area, &provenance, &style, top_left, at(pad, provenance_y))?;
    let attribution = fit(area, &caption.attribution, &style, inner_w)?;
    draw_text_at(area, &attribution, &style, top_left, at(pad, attribution_y))?;

    Ok(area.margin(y, h - provenance_y + gap, pad, pad))
}

/// Writes "no data" in the middle of `area`.
pub fn no_data<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
) -> anyhow::Result<()> {
    let (w, h) = area.dim_in_pixel();
    let base = area.get_base_pixel();
    let style = theme.text(TITLE_SIZE, MUTED);
    let center = (base.0 + w as i32 / 2, base.1 + h as i32 / 2);
    draw_text_at(
        area,
        theme.label("chart.no_data"),
        &style,
        (HPos::Center, VPos::Center),
        center,
    )
}

/// A one-line (wrapping if need be) legend of colour swatches at the top of
/// `area`; returns the height it used.
pub fn legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    heading: &str,
    items: &[(&str, RGBColor)],
) -> anyhow::Result<i32> {
    let style = theme.text(LABEL_SIZE, INK);
    let (w, _) = area.dim_in_pixel();
    let base = area.get_base_pixel();
    let row_h = text_size(area, "Ag", &style)?.1 + theme.px(GAP);
    let swatch = theme.px(14.0);
    let gap = theme.px(GAP);
    let mid = (HPos::Left, VPos::Center);

    let heading = format!("{heading}:");
    draw_text_at(area, &heading, &style, mid, (base.0, base.1 + row_h / 2))?;
    let start_x = text_size(area, &heading, &style)?.0 + 2 * gap;
    let (mut x, mut y) = (start_x, 0);
    for (name, color) in items {
        let name = fit(area, name, &style, w as i32 - start_x - swatch - gap)?;
        let item_w = swatch + gap + text_size(area, &name, &style)?.0 + 3 * gap;
        if x > start_x && x + item_w > w as i32 {
            x = start_x;
            y += row_h;
        }
        let (sx, sy) = (base.0 + x, base.1 + y + (row_h - swatch) / 2);
        rect_at(area, (sx, sy), (sx + swatch, sy + swatch), color.filled())?;
        draw_text_at(
            area,
            &name,
            &style,
            mid,
            (sx + swatch + gap, base.1 + y + row_h / 2),
        )?;
        x += item_w;
    }
    Ok(y + row_h)
}

/// plotters writes an SVG font size as size / 1.24 but measures and
/// rasterises with ab_glyph, where size is the font's ascent − descent
/// (1.1640625 em for DejaVu Sans); rescaling makes SVG text as wide as
/// measured, so it lines up like the PNG.
const SVG_FONT_SCALE: f64 = 1.24 / 1.1640625;

/// Final touches to plotters' SVG: font sizes as measured, and the bundled
/// font named first so viewers that have it lay the text out identically.
pub fn finish_svg(svg: &str) -> String {
    const KEY: &str = "font-size=\"";
    let mut out = String::with_capacity(svg.len() + svg.len() / 16);
    let mut rest = svg;
    while let Some(i) = rest.find(KEY) {
        let (head, tail) = rest.split_at(i + KEY.len());
        out.push_str(head);
        let end = tail.find('"').unwrap_or(tail.len());
        match tail[..end].parse::<f64>() {
            Ok(size) => out.push_str(&format!("{:.2}", size * SVG_FONT_SCALE)),
            Err(_) => out.push_str(&tail[..end]),
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    out.replace(
        &format!("font-family=\"{FONT_FAMILY}\""),
        &format!("font-family=\"DejaVu Sans, Verdana, {FONT_FAMILY}\""),
    )
}

/// Translucent white behind a label so grid lines and points do not cut through it.
pub fn label_background() -> RGBAColor {
    WHITE.mix(0.85)
}

/// Widest product name in a legend, in logical pixels, so five products
/// share a line or two instead of one line each.
const LEGEND_ITEM_WIDTH: f64 = 330.0;

/// A legend of products ("1. Product — Village", shortened with "…"), each
/// with its series colour; returns the height it used.
pub fn product_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    rows: &[(&super::ProductRow, RGBColor)],
) -> anyhow::Result<i32> {
    let style = theme.text(LABEL_SIZE, INK);
    let names = rows
        .iter()
        .map(|(row, color)| {
            let name = format!(
                "{}. {} — {}",
                row.rank,
                clean(&row.product_name),
                clean(&row.village_name)
            );
            Ok((
                fit(area, &name, &style, theme.px(LEGEND_ITEM_WIDTH))?,
                *color,
            ))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let items: Vec<(&str, RGBColor)> = names.iter().map(|(s, c)| (s.as_str(), *c)).collect();
    legend(area, theme, theme.label("chart.legend.product"), &items)
}
