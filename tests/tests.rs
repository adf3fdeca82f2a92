//! Integration tests: they drive the `ovop` binary as a user would and check
//! the numbers, rows and bytes it leaves behind.

mod util;

mod ahp;
mod architecture;
mod bad_input;
mod charts;
mod economy;
mod gates;
mod generate;
mod hostile;
mod ingest;
mod init;
mod lake_commit;
mod maps;
mod planner;
mod presets;
mod relatedness;
mod robustness;
mod run;
