//! What a command says on the console: progress and results on stderr
//! (unless `-q`), with each stage's time under `-v`.

use anyhow::Result;

pub struct Console {
    pub quiet: bool,
    pub verbose: bool,
}

impl Console {
    pub fn say(&self, msg: impl std::fmt::Display) {
        if !self.quiet {
            eprintln!("{msg}");
        }
    }

    /// Runs one stage; with `-v`, says how long it took.
    pub fn stage<T>(&self, name: &str, f: impl FnOnce() -> Result<T>) -> Result<T> {
        let started = std::time::Instant::now();
        let out = f()?;
        if self.verbose && !self.quiet {
            eprintln!("  [{name}: {:.2} s]", started.elapsed().as_secs_f64());
        }
        Ok(out)
    }
}
