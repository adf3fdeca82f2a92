//! The study file (TOML): one serde struct tree with `deny_unknown_fields`, so a
//! misspelt key is an error that names it. Every key but `study.name` is optional;
//! `docs/cli.md` documents each one. Paths are resolved against the study's folder.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use crate::bad_input;
use crate::i18n::Lang;

use crate::study::{AhpSummary, EconomySection, Scoring};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Study {
    pub study: StudySection,
    #[serde(default)]
    pub inputs: Inputs,
    #[serde(default)]
    pub scoring: Scoring,
    #[serde(default)]
    pub sensitivity: SensitivitySection,
    #[serde(default)]
    pub economy: EconomySection,
    #[serde(default)]
    pub relatedness: crate::study::RelatednessSection,
    /// Folder of the study file; paths in it are relative to this.
    #[serde(skip)]
    pub dir: PathBuf,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StudySection {
    /// Names the report folder: reports/<name>/
    pub name: String,
    /// The study's regency (or province) code, e.g. "35.23".
    #[serde(default)]
    pub region: Option<String>,
    /// First and last study year; default: span of the sales data.
    #[serde(default)]
    pub years: Option<[i32; 2]>,
    #[serde(default)]
    pub lang: Lang,
    /// Labels every chart and table as synthetic data.
    #[serde(default)]
    pub synthetic: bool,
    /// Lake folder; default: <out>/lake.
    #[serde(default)]
    pub lake: Option<PathBuf>,
    /// Data source named in every chart caption and the report.
    #[serde(default)]
    pub source: Option<String>,
    /// Accept village codes missing from the bundled national reference.
    #[serde(default)]
    pub allow_unknown_codes: bool,
    /// Decimal mark of every number column (`comma` or `point`); default: read from the data.
    #[serde(default)]
    pub decimal: Option<crate::ingest::parse::DecimalMark>,
    /// Title of the report and charts; default: "OVOP <name of the region>".
    #[serde(default)]
    pub title: Option<String>,
    /// Score candidates whose village lies outside `region` too (default: they
    /// are left out, with a warning).
    #[serde(default)]
    pub allow_outside_region: bool,
    /// Sources (as written in the products' `source` column) that the study
    /// vouches for as published; with web addresses, these are the sources the
    /// report marks with †.
    #[serde(default)]
    pub published_sources: Vec<String>,
}

/// Input files per dataset; glob patterns (`sales/*.csv`) are expanded.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inputs {
    /// A run stops (exit 2) when a dataset loses a larger share of its rows
    /// to the quarantine; 1 accepts any share.
    #[serde(default = "default_max_rejected_share")]
    pub max_rejected_share: f64,
    #[serde(default)]
    pub villages: InputSpec,
    #[serde(default)]
    pub products: InputSpec,
    #[serde(default)]
    pub sales: InputSpec,
    #[serde(default)]
    pub economy: InputSpec,
    #[serde(default)]
    pub assessments: InputSpec,
    /// Village polygons for the maps (GeoJSON or ESRI Shapefile); not part of
    /// the lake. Without them the maps place villages as points.
    #[serde(default)]
    pub boundaries: Option<crate::boundaries::BoundarySpec>,
}

impl Default for Inputs {
    fn default() -> Self {
        Inputs {
            max_rejected_share: default_max_rejected_share(),
            villages: InputSpec::default(),
            products: InputSpec::default(),
            sales: InputSpec::default(),
            economy: InputSpec::default(),
            assessments: InputSpec::default(),
            boundaries: None,
        }
    }
}

/// 5 %: a few typos pass, a column that the contract misreads does not.
fn default_max_rejected_share() -> f64 {
    0.05
}

/// A dataset's inputs: a list of file patterns, or a table that also says
/// where they come from and whether they are synthetic (SPEC §3):
/// `[inputs.economy] files = ["pdrb.csv"], source = "BPS", synthetic = false`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(untagged)]
pub enum InputSpec {
    Files(Vec<String>),
    Described(DescribedInput),
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DescribedInput {
    #[serde(default)]
    pub files: Vec<String>,
    /// Where the data comes from, shown with every chart and table of it.
    #[serde(default)]
    pub source: Option<String>,
    /// Overrides `study.synthetic` for this dataset.
    #[serde(default)]
    pub synthetic: Option<bool>,
}

impl Default for InputSpec {
    fn default() -> Self {
        InputSpec::Files(Vec::new())
    }
}

impl InputSpec {
    pub fn files(&self) -> &[String] {
        match self {
            InputSpec::Files(f) => f,
            InputSpec::Described(d) => &d.files,
        }
    }
}

/// Where a dataset's data comes from and whether it is synthetic.
#[derive(Debug, Clone, PartialEq)]
pub struct Provenance {
    pub source: Option<String>,
    pub synthetic: bool,
}

impl Inputs {
    fn spec(&self, dataset: crate::domain::Dataset) -> &InputSpec {
        use crate::domain::Dataset;
        match dataset {
            Dataset::Villages => &self.villages,
            Dataset::Products => &self.products,
            Dataset::Sales => &self.sales,
            Dataset::Economy => &self.economy,
            Dataset::Assessments => &self.assessments,
        }
    }

    /// The study's file patterns for a dataset.
    pub fn of(&self, dataset: crate::domain::Dataset) -> &[String] {
        self.spec(dataset).files()
    }
}

impl Study {
    /// Whether the economy inputs, and so the economy marts, are synthetic.
    pub fn economy_synthetic(&self) -> bool {
        self.provenance(crate::domain::Dataset::Economy).synthetic
    }

    /// Whether the product outputs (scores, picks, their charts, tables and
    /// report) show synthetic data: any dataset they are built from is, the
    /// economy included when its `sector_lq` or `sector_growth` is weighted.
    pub fn products_synthetic(&self) -> bool {
        use crate::domain::Dataset;
        let economy_weighted = ["sector_lq", "sector_growth"]
            .iter()
            .any(|c| self.scoring.criteria.get(*c).is_some_and(|w| *w > 0.0));
        [
            Dataset::Villages,
            Dataset::Products,
            Dataset::Sales,
            Dataset::Assessments,
        ]
        .iter()
        .any(|d| self.provenance(*d).synthetic)
            || (economy_weighted && self.economy_synthetic())
    }

    /// A dataset's provenance: its own `source` and `synthetic` when the
    /// study gives them, else the study's.
    pub fn provenance(&self, dataset: crate::domain::Dataset) -> Provenance {
        let own = match self.inputs.spec(dataset) {
            InputSpec::Described(d) => Some(d),
            InputSpec::Files(_) => None,
        };
        Provenance {
            source: own
                .and_then(|d| d.source.clone())
                .or_else(|| self.study.source.clone()),
            synthetic: own
                .and_then(|d| d.synthetic)
                .unwrap_or(self.study.synthetic),
        }
    }
}

/// Weight draws around the study's weights (SPEC §5.4).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SensitivitySection {
    /// Number of Dirichlet weight draws; 0 turns the analysis off.
    #[serde(default = "default_draws")]
    pub draws: usize,
    /// κ in w ~ Dir(κ·w₀): larger means draws closer to the study's weights.
    #[serde(default = "default_concentration")]
    pub concentration: f64,
    #[serde(default = "default_seed")]
    pub seed: u64,
}

impl Default for SensitivitySection {
    fn default() -> Self {
        SensitivitySection {
            draws: default_draws(),
            concentration: default_concentration(),
            seed: default_seed(),
        }
    }
}

fn default_draws() -> usize {
    1000
}
fn default_concentration() -> f64 {
    100.0
}
fn default_seed() -> u64 {
    42
}

/// The longest study name (it names the output folder).
const MAX_NAME_CHARS: usize = 100;
/// The most sensitivity draws a study may ask for.
pub const MAX_DRAWS: usize = 100_000;

impl Study {
    /// Reads and checks a study file; every problem is a bad-input error naming the file.
    pub fn load(path: &Path) -> Result<Study> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| bad_input!("cannot read study file {}: {e}", path.display()))?;
        let context = || format!("study file {}", path.display());
        let mut study = Study::parse(&text, path)?;
        study.validate().with_context(context)?;
        study.resolve_references().with_context(context)?;
        Ok(study)
    }

    /// Step 1, no I/O: the text as a study. Unknown keys, and unknown words
    /// where a key takes one of a list (method, normalisation, Borda mode,
    /// missing values), are errors naming the key's line and the allowed words.
    pub fn parse(text: &str, path: &Path) -> Result<Study> {
        let mut study: Study = toml::from_str(text).map_err(|e| {
            bad_input!(
                "study file {}: {e}Fix the key or value named above.",
                path.display()
            )
        })?;
        study.dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        study.scoring.weights_given_sum = Some(study.scoring.criteria.values().sum());
        if study.scoring.preset.is_some() {
            // The text parsed as a study, so it parses as a table.
            let table: toml::Table = text.parse().unwrap_or_default();
            let given = table
                .get("scoring")
                .and_then(toml::Value::as_table)
                .cloned()
                .unwrap_or_default();
            study
                .scoring
                .apply_preset(&given)
                .map_err(|e| bad_input!("study file {}: {e}", path.display()))?;
        }
        Ok(study)
    }

    /// Step 3, after [`Study::validate`]: what the study points to. The AHP
    /// matrix, when given, replaces the weights; its criteria are checked
    /// like the study's own.
    fn resolve_references(&mut self) -> Result<()> {
        if self.scoring.ahp.is_some() {
            self.apply_ahp()?;
            self.scoring.check()?;
        }
        Ok(())
    }

    /// Replaces the criteria weights with the AHP weights of `scoring.ahp`:
    /// one matrix, or a group of experts combined by `scoring.ahp_aggregate`.
    fn apply_ahp(&mut self) -> Result<()> {
        let Some(files) = &self.scoring.ahp else {
            return Ok(());
        };
        let given = files.paths();
        let paths: Vec<PathBuf> = given.iter().map(|p| self.resolve(p)).collect();
        let (criteria, matrices) = crate::ahp::read_experts(&paths)?;
        let group = crate::ahp::group(criteria, matrices, self.scoring.ahp_aggregate);
        let several = group.experts.len() > 1;
        let source = paths
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ");
        let inconsistent =
            group.inconsistent().next().is_some() || group.combined.cr > crate::ahp::MAX_CR;
        if !self.scoring.ahp_accept_inconsistent {
            match several {
                true => group.check_consistency(&source)?,
                false => group.experts[0].ahp.check_consistency(&source)?,
            }
        }
        let experts = match several {
            false => Vec::new(),
            true => group
                .experts
                .iter()
                .map(|e| crate::study::ExpertSummary {
                    name: e.name.clone(),
                    lambda_max: e.ahp.lambda_max,
                    ci: e.ahp.ci,
                    cr: e.ahp.cr,
                    weights: e.ahp.weights.clone(),
                    revisions: match e.ahp.cr > crate::ahp::MAX_CR {
                        false => Vec::new(),
                        true => e
                            .ahp
                            .revisions(3)
                            .into_iter()
                            .map(|r| {
                                (
                                    group.criteria[r.i].clone(),
                                    group.criteria[r.j].clone(),
                                    r.given,
                                    r.consistent,
                                    r.scale,
                                    r.share,
                                )
                            })
                            .collect(),
                    },
                })
                .collect(),
        };
        self.scoring.ahp_result = Some(AhpSummary {
            matrix: given
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", "),
            lambda_max: group.combined.lambda_max,
            ci: group.combined.ci,
            cr: group.combined.cr,
            accepted_inconsistent: inconsistent,
            aggregation: several.then(|| group.aggregation.name().to_string()),
            criteria: group.criteria.clone(),
            experts,
        });
        self.scoring.weights_given_sum = None;
        self.scoring.criteria = group
            .criteria
            .iter()
            .cloned()
            .zip(group.weights.iter().copied())
            .collect();
        Ok(())
    }

    /// Only checks; never touches the world.
    pub fn validate(&self) -> Result<()> {
        let name = &self.study.name;
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
            || name.starts_with('.')
        {
            return Err(bad_input!(
                "study.name = {name:?}: use letters, digits, '-', '_' or '.' (it names the report folder)"
            ));
        }
        if name.chars().count() > MAX_NAME_CHARS {
            return Err(bad_input!(
                "study.name is {} characters long; it names a folder, so keep it to {MAX_NAME_CHARS}",
                name.chars().count()
            ));
        }
        if let Some([first, last]) = self.study.years {
            if !(1900..=2100).contains(&first) || !(1900..=2100).contains(&last) {
                return Err(bad_input!(
                    "study.years = [{first}, {last}]: give years from 1900 to 2100"
                ));
            }
            if first > last {
                return Err(bad_input!(
                    "study.years = [{first}, {last}]: the first year must not be after the last"
                ));
            }
        }
        let share = self.inputs.max_rejected_share;
        if !(0.0..=1.0).contains(&share) {
            return Err(bad_input!(
                "inputs.max_rejected_share = {share}: give a share from 0 to 1 (0.05 = 5 %, the default; 1 accepts any)"
            ));
        }
        if let Some(region) = &self.study.region {
            let code = crate::ingest::parse::normalise_code(region)
                .map_err(|e| bad_input!("study.region = {region:?}: {e}"))?;
            if !crate::reference::Reference::get().contains(&code) {
                return Err(bad_input!(
                    "study.region = {region:?} is not in the national reference; give a province or regency code such as \"35.23\""
                ));
            }
        }
        let s = &self.sensitivity;
        if s.draws > MAX_DRAWS {
            return Err(bad_input!(
                "sensitivity.draws = {}: at most {MAX_DRAWS} (1,000 already gives percentiles to a rank; the memory grows with draws × products)",
                s.draws
            ));
        }
        if !(s.concentration.is_finite() && s.concentration > 0.0) {
            return Err(bad_input!(
                "sensitivity.concentration = {}: give a number > 0 (100 is the default)",
                s.concentration
            ));
        }
        self.economy.check()?;
        self.relatedness.check(self.region_code().as_deref())?;
        // With an AHP matrix the weights (and criteria) come from it, so the
        // scoring section is checked once they are resolved.
        match self.scoring.ahp {
            None => self.scoring.check(),
            Some(_) => Ok(()),
        }
    }

    /// The study region as a dotted code, when the study names one.
    pub fn region_code(&self) -> Option<String> {
        let region = self.study.region.as_deref()?;
        crate::ingest::parse::normalise_code(region).ok()
    }

    /// The region's name from the reference (`Kabupaten Tuban`).
    pub fn region_name(&self) -> Option<&'static str> {
        crate::reference::Reference::get().area_name(&self.region_code()?)
    }

    /// What the report and charts call the study: `title`, else "OVOP" and
    /// the region's name, else the study's name.
    pub fn display_title(&self) -> String {
        match (&self.study.title, self.region_name()) {
            (Some(title), _) => title.clone(),
            (None, Some(region)) => format!("OVOP {region}"),
            (None, None) => self.study.name.clone(),
        }
    }

    /// A path from the study file, resolved against the study's folder.
    pub fn resolve(&self, path: impl AsRef<Path>) -> PathBuf {
        let path = path.as_ref();
        if path.is_absolute() {
            path.to_path_buf()
        } else {
            self.dir.join(path)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_study_round_trips_through_toml() {
        let study = Study {
            study: StudySection {
                name: "demo".into(),
                region: Some("35.23".into()),
                years: Some([2020, 2024]),
                lang: Lang::Id,
                synthetic: true,
                lake: None,
                source: None,
                allow_unknown_codes: false,
                decimal: None,
                title: None,
                allow_outside_region: false,
                published_sources: Vec::new(),
            },
            inputs: Inputs::default(),
            scoring: Scoring::default(),
            sensitivity: SensitivitySection::default(),
            economy: EconomySection::default(),
            relatedness: Default::default(),
            dir: PathBuf::new(),
        };
        let text = toml::to_string(&study).unwrap();
        let back: Study = toml::from_str(&text).unwrap();
        assert_eq!(back.scoring.criteria, study.scoring.criteria);
        assert_eq!(back.study.years, Some([2020, 2024]));
        back.validate().unwrap();
    }

    #[test]
    fn unknown_keys_are_errors_that_name_the_key() {
        let err =
            toml::from_str::<Study>("[study]\nname = \"x\"\nlangauge = \"en\"\n").unwrap_err();
        assert!(err.to_string().contains("langauge"), "{err}");
    }

    /// Regression (issue 12): an unknown method fell back to SAW.
    #[test]
    fn an_unknown_word_names_the_key_and_the_allowed_words() {
        for (key, value, allowed) in [
            ("method", "sawx", "topsis"),
            ("normalisation", "zscore", "minmax"),
            ("borda_over", "experts", "assessors"),
            ("missing", "zero", "neutral"),
        ] {
            let text = format!("[study]\nname = \"x\"\n[scoring]\n{key} = \"{value}\"\n");
            let err = Study::parse(&text, Path::new("s.toml"))
                .unwrap_err()
                .to_string();
            assert!(
                err.contains(key) && err.contains(value) && err.contains(allowed),
                "{err}"
            );
            assert_eq!(
                crate::error::exit_code(&Study::parse(&text, Path::new("s.toml")).unwrap_err()),
                2
            );
        }
    }
}
