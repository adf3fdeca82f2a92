//! Scoring: market reach per product, potential scores and the OVOP pick per
//! village. The maths lives in small pure functions (over polars expressions
//! or plain slices) so each formula is testable on a few hand-made rows.

pub mod checks;
pub mod economy;
pub mod flips;
pub mod mcdm;
pub mod potential;
pub mod reach;
pub mod reach_pass;
pub mod relatedness;
pub mod sensitivity;
