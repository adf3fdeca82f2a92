//! Reading boundary files: GeoJSON streamed feature by feature (a national
//! file of hundreds of MB keeps only the study's villages in memory) and
//! ESRI Shapefiles with their `.dbf` and `.prj`; then turning rings into
//! checked polygons in lon/lat.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

use anyhow::Result;
use serde::de::{DeserializeSeed, Error as _, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::codes::{self, Code, Level};
use super::coords::Crs;
use crate::bad_input;

/// Rings of one polygon (exterior first) as read, in the file's coordinates.
pub type Rings = Vec<Vec<[f64; 2]>>;

/// One feature the study wants.
#[derive(Debug, Clone)]
pub struct RawFeature {
    /// Position in the file (1-based), for messages.
    pub index: usize,
    pub code: String,
    pub polygons: Vec<Rings>,
    pub points: Vec<[f64; 2]>,
}

/// A boundary file reduced to the wanted features, with counts of the rest.
#[derive(Debug, Default)]
pub struct RawFile {
    pub features: Vec<RawFeature>,
    /// Every feature in the file.
    pub total: usize,
    /// The property the codes were read from.
    pub property: String,
    /// Known codes of areas the study does not map (another region).
    pub outside: usize,
    /// Codes in BPS form, with the first few.
    pub bps: Vec<String>,
    pub bps_count: usize,
    /// Codes that are neither, with the first few.
    pub other: Vec<String>,
    pub other_count: usize,
    /// Features without the code property.
    pub no_code: usize,
    /// Codes read as Kemendagri that were written without dots: with BPS
    /// codes in the same file they could be BPS codes too.
    pub undotted: usize,
    /// Lines, collections or nothing, where an area or a point belongs.
    pub unusable_geometry: usize,
    /// The top-level `source` member (the bundled files name theirs).
    pub source: Option<String>,
    /// What the file says its coordinates are (GeoJSON `crs`, shapefile `.prj`).
    pub crs: Option<Crs>,
}

/// How many codes of each kind a message quotes.
pub(super) const EXAMPLES: usize = 3;

impl RawFile {
    /// Sorts one feature's code into kept, outside, BPS or other.
    fn take(
        &mut self,
        index: usize,
        raw_code: Option<String>,
        level: Level,
        wanted: &BTreeSet<String>,
        geometry: impl FnOnce() -> (Vec<Rings>, Vec<[f64; 2]>),
    ) {
        self.total += 1;
        let Some(raw) = raw_code else {
            self.no_code += 1;
            return;
        };
        let parsed = codes::parse(&raw, level);
        if matches!(parsed, Code::Kemendagri(_)) && !raw.trim().trim_end_matches(".0").contains('.')
        {
            self.undotted += 1;
        }
        match parsed {
            Code::Kemendagri(code) if wanted.contains(&code) => {
                let (polygons, points) = geometry();
                if polygons.is_empty() && points.is_empty() {
                    self.unusable_geometry += 1;
                }
                self.features.push(RawFeature {
                    index,
                    code,
                    polygons,
                    points,
                });
            }
            Code::Kemendagri(_) => self.outside += 1,
            Code::Bps(c) => {
                self.bps_count += 1;
                if self.bps.len() < EXAMPLES {
                    self.bps.push(c);
                }
            }
            Code::Other(c) => {
                self.other_count += 1;
                if self.other.len() < EXAMPLES {
                    self.other.push(c);
                }
            }
        }
    }
}

/// Reads the features of `path` whose code is in `wanted`.
pub fn read(
    path: &Path,
    property: Option<&str>,
    level: Level,
    wanted: &BTreeSet<String>,
) -> Result<RawFile> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let name = path.display().to_string();
    let outcome = crate::ingest::read::catch_input_panic(|| match ext.as_str() {
        "shp" => read_shapefile(path, property, level, wanted),
        "geojson" | "json" => read_geojson(path, property, level, wanted),
        _ => Err(bad_input!(
            "boundary file {name}: .{ext} is not a boundary format ovop reads; \
             give a GeoJSON (.geojson) or an ESRI Shapefile (.shp with its .dbf)"
        )),
    });
    let file = outcome.map_err(|panic| {
        bad_input!("boundary file {name} is damaged (the reader stopped: {panic})")
    })??;
    if file.total == 0 {
        return Err(bad_input!(
            "boundary file {name} has no features; export the layer with its polygons"
        ));
    }
    if file.features.is_empty() {
        return Err(bad_input!("{}", nothing_matched(&file, &name, level)));
    }
    // BPS numbers kecamatan 011, 012, 021 …: a BPS code can read as a valid
    // Kemendagri code of another village. A file with codes of both forms
    // cannot be trusted to say which one each is.
    if file.bps_count > 0 && file.undotted > 0 {
        return Err(bad_input!(
            "boundary file {name}: {} codes look like BPS codes (e.g. {}) and {} other undotted codes could be BPS codes too (a BPS code such as 3523082001 reads as Kemendagri 35.23.08.2001, another village); convert the file's codes to Kemendagri codes with BPS's bridging table (sig.bps.go.id, \"bridging kode wilayah\"), or write them dotted (35.23.08.2001)",
            file.bps_count,
            file.bps.join(", "),
            file.undotted
        ));
    }
    Ok(file)
}

/// Why none of a file's codes is a wanted one, and what to do.
fn nothing_matched(file: &RawFile, name: &str, level: Level) -> String {
    let mut m = format!(
        "boundary file {name}: none of its {} features is a {} of the study",
        file.total,
        level.noun()
    );
    if file.bps_count > 0 {
        let _ = write!(
            m,
            "; {} codes look like BPS codes (e.g. {}), which number kecamatan and villages \
             differently from the Kemendagri codes the study uses (35.23.01.2001): convert them \
             with BPS's bridging table (sig.bps.go.id, \"bridging kode wilayah\")",
            file.bps_count,
            file.bps.join(", ")
        );
    }
    if file.other_count > 0 {
        let _ = write!(
            m,
            "; {} values of property {:?} are not codes (e.g. {}): name the property that \
             holds the Kemendagri code with [inputs.boundaries] code = \"…\"",
            file.other_count,
            file.property,
            file.other
                .iter()
                .map(|c| format!("{c:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    if file.outside > 0 {
        let _ = write!(
            m,
            "; {} codes belong to areas outside the study region: check study.region",
            file.outside
        );
    }
    if file.no_code > 0 {
        let _ = write!(m, "; {} features have no {:?}", file.no_code, file.property);
    }
    m
}

/// Chooses the code property from the first feature's property names.
fn choose_property(
    given: Option<&str>,
    names: &[String],
    level: Level,
    file: &str,
) -> Result<String> {
    let found = |want: &str| names.iter().find(|n| n.eq_ignore_ascii_case(want)).cloned();
    let chosen = match given {
        Some(p) => found(p),
        None => level.properties().iter().find_map(|p| found(p)),
    };
    chosen.ok_or_else(|| {
        let mut listed = names.to_vec();
        listed.sort();
        let what = match given {
            Some(p) => format!("has no property {p:?}"),
            None => format!(
                "has none of the usual code properties ({})",
                level.properties().join(", ")
            ),
        };
        bad_input!(
            "boundary file {file}: the first feature {what}; its properties are {}. \
             Name the one with the {} code: [inputs.boundaries] {} = \"…\"",
            if listed.is_empty() {
                "none".to_string()
            } else {
                listed.join(", ")
            },
            level.noun(),
            match level {
                Level::Village => "code",
                Level::District => "district_code",
            }
        )
    })
}

/// A property value as code text: strings as they are, numbers as digits.
fn value_text(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(match n.as_u64() {
            Some(u) => u.to_string(),
            None => n.to_string(),
        }),
        _ => None,
    }
}

// ---- GeoJSON ---------------------------------------------------------------

struct GeoSink<'a> {
    file: RawFile,
    given: Option<&'a str>,
    level: Level,
    wanted: &'a BTreeSet<String>,
    name: String,
    kind: Option<String>,
    crs: Option<serde_json::Value>,
    /// A failure of ours inside the stream (serde only carries text).
    failure: Option<anyhow::Error>,
}

impl GeoSink<'_> {
    fn feature(&mut self, feature: geojson::Feature) -> Result<()> {
        let index = self.file.total + 1;
        let props = feature.properties.unwrap_or_default();
        if self.file.property.is_empty() {
            let names: Vec<String> = props.keys().cloned().collect();
            self.file.property = choose_property(self.given, &names, self.level, &self.name)?;
        }
        let code = props.get(&self.file.property).and_then(value_text);
        let geometry = feature.geometry.map(|g| g.value);
        self.file
            .take(index, code, self.level, self.wanted, || match geometry {
                Some(g) => geometry_parts(&g),
                None => (Vec::new(), Vec::new()),
            });
        Ok(())
    }
}

fn position(p: &geojson::Position) -> [f64; 2] {
    let s = p.as_slice();
    [
        s.first().copied().unwrap_or(f64::NAN),
        s.get(1).copied().unwrap_or(f64::NAN),
    ]
}

fn rings(polygon: &[Vec<geojson::Position>]) -> Rings {
    polygon
        .iter()
        .map(|ring| ring.iter().map(position).collect())
        .collect()
}

/// Areas and points of a GeoJSON geometry (lines carry neither).
fn geometry_parts(g: &geojson::GeometryValue) -> (Vec<Rings>, Vec<[f64; 2]>) {
    use geojson::GeometryValue as G;
    match g {
        G::Polygon { coordinates } => (vec![rings(coordinates)], Vec::new()),
        G::MultiPolygon { coordinates } => {
            (coordinates.iter().map(|p| rings(p)).collect(), Vec::new())
        }
        G::Point { coordinates } => (Vec::new(), vec![position(coordinates)]),
        G::MultiPoint { coordinates } => (Vec::new(), coordinates.iter().map(position).collect()),
        G::GeometryCollection { geometries } => {
            let (mut areas, mut points) = (Vec::new(), Vec::new());
            for part in geometries {
                let (a, p) = geometry_parts(&part.value);
                areas.extend(a);
                points.extend(p);
            }
            (areas, points)
        }
        G::LineString { .. } | G::MultiLineString { .. } => (Vec::new(), Vec::new()),
    }
}

struct Top<'s, 'a>(&'s mut GeoSink<'a>);
struct Features<'s, 'a>(&'s mut GeoSink<'a>);

impl<'de> DeserializeSeed<'de> for Top<'_, '_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Top<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a GeoJSON FeatureCollection (an object with \"features\")")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "type" => self.0.kind = Some(map.next_value()?),
                "features" => map.next_value_seed(Features(&mut *self.0))?,
                "crs" => self.0.crs = Some(map.next_value()?),
                "source" => {
                    let v: serde_json::Value = map.next_value()?;
                    self.0.file.source = v.as_str().map(String::from);
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for Features<'_, '_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Features<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a list of GeoJSON features")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(feature) = seq.next_element::<geojson::Feature>()? {
            if let Err(e) = self.0.feature(feature) {
                let text = e.to_string();
                self.0.failure = Some(e);
                return Err(A::Error::custom(text));
            }
        }
        Ok(())
    }
}

fn read_geojson(
    path: &Path,
    property: Option<&str>,
    level: Level,
    wanted: &BTreeSet<String>,
) -> Result<RawFile> {
    use std::io::BufRead;
    let name = path.display().to_string();
    let file = std::fs::File::open(path)
        .map_err(|e| bad_input!("cannot open boundary file {name}: {e}"))?;
    let mut reader = std::io::BufReader::with_capacity(1 << 20, file);
    // A byte-order mark, as Windows tools write, is not JSON.
    if reader
        .fill_buf()
        .is_ok_and(|b| b.starts_with(b"\xEF\xBB\xBF"))
    {
        reader.consume(3);
    }
    let mut sink = GeoSink {
        file: RawFile::default(),
        given: property,
        level,
        wanted,
        name: name.clone(),
        kind: None,
        crs: None,
        failure: None,
    };
    let mut de = serde_json::Deserializer::from_reader(reader);
    let parsed = Top(&mut sink).deserialize(&mut de).and_then(|()| de.end());
    if let Some(failure) = sink.failure.take() {
        return Err(failure);
    }
    parsed.map_err(|e| {
        bad_input!(
            "boundary file {name} is not a GeoJSON FeatureCollection: {e}. \
             Export the layer as GeoJSON (QGIS: Export → Save Features As…, format GeoJSON)"
        )
    })?;
    match sink.kind.as_deref() {
        Some("FeatureCollection") => {}
        Some(other) => {
            return Err(bad_input!(
                "boundary file {name} is a GeoJSON {other}, not a FeatureCollection of villages"
            ))
        }
        None => {
            return Err(bad_input!(
                "boundary file {name} has no \"type\": \"FeatureCollection\"; is it GeoJSON?"
            ))
        }
    }
    let mut file = sink.file;
    // `"crs": null`, or a crs without a name (a legacy "link" crs), says
    // nothing: the coordinates are then judged by their range.
    let crs_name = sink
        .crs
        .as_ref()
        .and_then(|v| v.pointer("/properties/name"))
        .and_then(|n| n.as_str());
    file.crs = match crs_name {
        None => None,
        Some(text) => {
            Some(Crs::parse(text).map_err(|e| bad_input!("boundary file {name}: crs {e}"))?)
        }
    };
    Ok(file)
}

// ---- ESRI Shapefile ----------------------------------------------------------

fn read_shapefile(
    path: &Path,
    property: Option<&str>,
    level: Level,
    wanted: &BTreeSet<String>,
) -> Result<RawFile> {
    let name = path.display().to_string();
    let dbf = path.with_extension("dbf");
    if !dbf.exists() {
        return Err(bad_input!(
            "shapefile {name} needs its attribute table {} beside it (a shapefile is the \
             .shp, .shx, .dbf and .prj together)",
            dbf.display()
        ));
    }
    check_shp_records(path)?;
    let mut reader = shapefile::Reader::from_path(path)
        .map_err(|e| bad_input!("shapefile {name} cannot be read: {e}"))?;
    let mut file = RawFile::default();
    let prj = path.with_extension("prj");
    if let Ok(wkt) = std::fs::read_to_string(&prj) {
        file.crs = Some(Crs::from_prj(&wkt).map_err(|e| bad_input!("shapefile {name}: {e}"))?);
    }
    for (i, item) in reader.iter_shapes_and_records().enumerate() {
        let (shape, record) =
            item.map_err(|e| bad_input!("shapefile {name}, feature {}: {e}", i + 1))?;
        let fields: std::collections::HashMap<String, shapefile::dbase::FieldValue> = record.into();
        if file.property.is_empty() {
            let names: Vec<String> = fields.keys().cloned().collect();
            file.property = choose_property(property, &names, level, &name)?;
        }
        let code = fields.get(&file.property).and_then(field_text);
        file.take(i + 1, code, level, wanted, || shape_parts(shape));
    }
    Ok(file)
}

/// Checks each `.shp` record's counts against its length before the
/// shapefile crate reserves memory for them: a damaged record claiming a
/// billion points would otherwise make it ask for gigabytes (found by the
/// `boundary_read` fuzz target). Layout: ESRI Shapefile Technical
/// Description (1998), tables 1–6.
fn check_shp_records(path: &Path) -> Result<()> {
    use std::io::{Read, Seek, SeekFrom};
    let name = path.display().to_string();
    let damaged = |what: String| bad_input!("shapefile {name} is damaged: {what}");
    let mut file =
        std::fs::File::open(path).map_err(|e| bad_input!("cannot open shapefile {name}: {e}"))?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut at: u64 = 100;
    let mut record = 0u64;
    while at + 8 <= len {
        record += 1;
        let mut head = [0u8; 8];
        file.seek(SeekFrom::Start(at))
            .and_then(|_| file.read_exact(&mut head))
            .map_err(|e| damaged(format!("record {record}: {e}")))?;
        // Content length in 16-bit words, big-endian.
        let words = u32::from_be_bytes([head[4], head[5], head[6], head[7]]);
        let bytes = u64::from(words) * 2;
        if at + 8 + bytes > len {
            return Err(damaged(format!(
                "record {record} claims {bytes} bytes, past the end of the file"
            )));
        }
        let mut content = vec![0u8; bytes.min(44) as usize];
        file.read_exact(&mut content)
            .map_err(|e| damaged(format!("record {record}: {e}")))?;
        let int = |o: usize| {
            content
                .get(o..o + 4)
                .map(|b| u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])))
        };
        // Polylines and polygons (any of Z, M): parts at 36, points at 40;
        // multipoints: points at 36. Each part is 4 bytes, each point 16.
        let need = match int(0) {
            Some(3 | 5 | 13 | 15 | 23 | 25 | 31) => match (int(36), int(40)) {
                (Some(parts), Some(points)) => Some(44 + 4 * parts + 16 * points),
                _ => Some(44),
            },
            Some(8 | 18 | 28) => int(36).map(|points| 40 + 16 * points),
            _ => None,
        };
        if let Some(need) = need {
            if need > bytes {
                return Err(damaged(format!(
                    "record {record} claims more parts and points than its {bytes} bytes hold"
                )));
            }
        }
        at += 8 + bytes;
    }
    Ok(())
}

fn field_text(v: &shapefile::dbase::FieldValue) -> Option<String> {
    use shapefile::dbase::FieldValue as F;
    match v {
        F::Character(Some(s)) | F::Memo(s) => Some(s.clone()),
        F::Numeric(Some(n)) | F::Double(n) | F::Currency(n) => Some(format!("{n:.0}")),
        F::Integer(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Areas and points of a shape. Each outer ring starts a polygon; inner
/// rings belong to the outer ring before them (the order shapefiles write).
fn shape_parts(shape: shapefile::Shape) -> (Vec<Rings>, Vec<[f64; 2]>) {
    use shapefile::{PolygonRing, Shape as S};
    fn rings_of<P: shapefile::record::traits::HasXY>(rings: &[PolygonRing<P>]) -> Vec<Rings> {
        let mut polygons: Vec<Rings> = Vec::new();
        for ring in rings {
            let points: Vec<[f64; 2]> = ring.points().iter().map(|p| [p.x(), p.y()]).collect();
            match ring {
                PolygonRing::Outer(_) => polygons.push(vec![points]),
                PolygonRing::Inner(_) => match polygons.last_mut() {
                    Some(p) => p.push(points),
                    None => polygons.push(vec![points]),
                },
            }
        }
        polygons
    }
    match shape {
        S::Polygon(p) => (rings_of(p.rings()), Vec::new()),
        S::PolygonM(p) => (rings_of(p.rings()), Vec::new()),
        S::PolygonZ(p) => (rings_of(p.rings()), Vec::new()),
        S::Point(p) => (Vec::new(), vec![[p.x, p.y]]),
        S::PointM(p) => (Vec::new(), vec![[p.x, p.y]]),
        S::PointZ(p) => (Vec::new(), vec![[p.x, p.y]]),
        S::Multipoint(m) => (Vec::new(), m.points().iter().map(|p| [p.x, p.y]).collect()),
        _ => (Vec::new(), Vec::new()),
    }
}
