//! Command-line arguments (clap derive). Only parsing lives here; `commands`
//! runs them.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::domain::Dataset;
use crate::i18n::Lang;
use crate::ingest::parse::DecimalMark;

#[derive(Debug, Parser)]
#[command(
    name = "ovop",
    version,
    about = "One Village One Product analytics: load village data into a Parquet lake, score candidate products, pick one per village, chart and report",
    after_help = "Examples:\n  ovop run                                   the bundled Kabupaten Tuban demo\n  ovop run study.toml --out reports/my-study\n  ovop ingest sales data/sales.csv --lake data/lake\n  ovop validate products products.csv\n  ovop generate --region 35.23 --sales-rows 100000 --out gen/"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Only print errors.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Print more detail (the time each stage of `run` takes).
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// Language of charts and reports (overrides the study's `lang`).
    #[arg(long, global = true, value_enum)]
    pub lang: Option<Lang>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// The whole pipeline: ingest, score, charts, report. With no study, the bundled Tuban demo.
    #[command(
        after_help = "Examples:\n  ovop run\n  ovop run notebooks-data/tuban/study.toml --out /tmp/tuban"
    )]
    Run(RunArgs),
    /// A new study: study.toml with every option commented, and input templates (CSV and XLSX).
    #[command(
        after_help = "Example:\n  ovop init studies/bojonegoro-2025\n  ovop run studies/bojonegoro-2025/study.toml"
    )]
    Init { dir: PathBuf },
    /// Load files into the lake (one batch per file).
    #[command(
        after_help = "Examples:\n  ovop ingest products products.csv --lake data/lake\n  ovop ingest sales sales-2023.csv sales-2024.csv --lake data/lake --decimal comma"
    )]
    Ingest(IngestArgs),
    /// Check files against the data contract, or a whole study with its own settings; change nothing.
    #[command(
        after_help = "A study file checks every input of the study as `ovop run` would read it (its decimal mark,\nregion and rejection limit) and prints the warnings the run would give, without writing anything.\n\nExamples:\n  ovop validate sales sales.csv --lake data/lake\n  ovop validate studies/bojonegoro-2025/study.toml"
    )]
    Validate(ValidateArgs),
    /// Build the marts (market reach, product scores, village selection) from the lake.
    #[command(
        after_help = "Example:\n  ovop score notebooks-data/tuban/study.toml --out reports/tuban-demo"
    )]
    Score(StudyArgs),
    /// The economic base alone (LQ, DLQ, shift-share, Klassen) from the study's economy inputs.
    #[command(
        after_help = "Example:\n  ovop economy notebooks-data/tuban/study.toml --out reports/tuban-demo"
    )]
    Economy(StudyArgs),
    /// Draw the charts from the marts.
    #[command(after_help = "Example:\n  ovop charts --out reports/tuban-demo")]
    Charts(StudyArgs),
    /// Write the report (HTML, Markdown) from the marts and charts.
    #[command(after_help = "Example:\n  ovop report --out reports/tuban-demo")]
    Report(StudyArgs),
    /// SQL over the lake and the marts (polars SQL); the result is CSV on stdout.
    #[command(
        after_help = "Tables: villages, products, sales (with year), economy, assessments, and every mart\n(market_reach, market_reach_by_year, product_scores, village_selection, sensitivity).\n\nExample:\n  ovop sql \"SELECT district_name, count(*) AS picks FROM village_selection GROUP BY district_name\" --lake reports/tuban-demo/lake"
    )]
    Sql {
        query: String,
        /// The lake folder (default: the study's lake, else reports/tuban-demo/lake).
        #[arg(long)]
        lake: Option<PathBuf>,
        /// A study file: query its lake (`study.lake`, else <out>/lake).
        #[arg(long, conflicts_with = "lake")]
        study: Option<PathBuf>,
        /// With --study: the run's output folder, if not reports/<study name>.
        #[arg(long, requires = "study")]
        out: Option<PathBuf>,
    },
    /// Weights and consistency (λmax, CI, CR) of a pairwise-comparison matrix (AHP).
    #[command(
        after_help = "Each matrix file has a header of criterion names, then one row per criterion starting with its name;\ncells are numbers or fractions (1/3); cells below the diagonal may be empty (reciprocals).\nSeveral experts: one matrix file each, or one long table with columns expert,row,col,value\n(pakar,baris,kolom,nilai), one judgement per line.\n\nExamples:\n  ovop ahp weights_ahp.csv\n  ovop ahp pakar_1.csv pakar_2.csv pakar_3.csv\n  ovop ahp --aggregate aip judgements.xlsx"
    )]
    Ahp {
        /// Matrix files (one per expert), or one long table of judgements.
        #[arg(required = true)]
        matrices: Vec<PathBuf>,
        /// How several experts combine: geometric mean of judgements (aij) or of priorities (aip).
        #[arg(long, value_enum, default_value_t = crate::ahp::Aggregation::Aij)]
        aggregate: crate::ahp::Aggregation,
    },
    /// Synthetic data on real village codes, at any scale (labelled synthetic).
    #[command(
        after_help = "Examples:\n  ovop generate --region 35.23 --sales-rows 60000 --out gen/tuban\n  ovop generate --region ID --sales-rows 10000000 --format parquet --out gen/national"
    )]
    Generate(crate::generate::GenerateArgs),
}

#[derive(Debug, Clone, Args)]
pub struct RunArgs {
    #[command(flatten)]
    pub study: StudyArgs,
    /// Replace an output folder that another study wrote.
    #[arg(long)]
    pub replace: bool,
}

#[derive(Debug, Clone, Args)]
pub struct StudyArgs {
    /// The study file (TOML); default: the bundled Tuban demo.
    pub study: Option<PathBuf>,
    /// Output folder; default: reports/<study name>.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Clone, Args)]
pub struct IngestArgs {
    #[arg(value_enum)]
    pub dataset: Dataset,
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub flags: IngestFlags,
}

#[derive(Debug, Clone, Args)]
pub struct ValidateArgs {
    /// A dataset (villages, products, sales, economy, assessments), or a study file (.toml).
    pub target: String,
    /// The files to check (with a dataset).
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub flags: IngestFlags,
}

#[derive(Debug, Clone, Args)]
pub struct IngestFlags {
    /// The lake folder.
    #[arg(long, default_value = "data/lake")]
    pub lake: PathBuf,
    /// Ingest again even if a file with the same sha256 is already in the lake.
    #[arg(long)]
    pub replace: bool,
    /// Treat columns outside the data contract as an error.
    #[arg(long)]
    pub strict: bool,
    /// Decimal mark of number columns when the data does not show it.
    #[arg(long, value_enum)]
    pub decimal: Option<DecimalArg>,
    /// Accept codes missing from the bundled national reference.
    #[arg(long)]
    pub allow_unknown_codes: bool,
    /// The files hold synthetic data: `ovop sql` then labels what it reads from them.
    /// (Files that `ovop generate` wrote are labelled anyway.)
    #[arg(long)]
    pub synthetic: bool,
    /// Workbook sheet to read (default: the first sheet).
    #[arg(long)]
    pub sheet: Option<String>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum DecimalArg {
    Comma,
    Point,
}

impl From<DecimalArg> for DecimalMark {
    fn from(d: DecimalArg) -> Self {
        match d {
            DecimalArg::Comma => DecimalMark::Comma,
            DecimalArg::Point => DecimalMark::Point,
        }
    }
}
