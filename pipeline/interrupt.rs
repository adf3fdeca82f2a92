//! Ctrl-C (and SIGTERM): remove this process's temporary files and say what
//! state the lake is in, then exit with 130. Destructors do not run when a
//! signal ends the process, so the temporary files are tracked by
//! `lake::temp_file_in` and removed here; the lake itself needs nothing, as
//! a batch is only visible once its manifest is committed.

use std::path::PathBuf;
use std::sync::Mutex;

static LAKE: Mutex<Option<PathBuf>> = Mutex::new(None);

/// Installs the handler once per process (a second call is a no-op).
pub fn install() {
    // Failing to install (another handler exists, e.g. under a test harness)
    // only loses the tidy message; the lake is safe either way.
    let _ = ctrlc::set_handler(|| {
        let removed = crate::files::remove_temporary();
        let lake = LAKE.lock().ok().and_then(|l| l.clone());
        let state = match (lake, crate::lake::commits()) {
            (None, _) => String::new(),
            (Some(lake), 0) => format!("the lake {} is unchanged; ", lake.display()),
            (Some(lake), n) => format!(
                "the lake {} keeps the {n} change(s) committed before the interruption, and the batch in progress was not added; ",
                lake.display()
            ),
        };
        eprintln!(
            "\ninterrupted: {state}{removed} temporary file(s) removed. Run the command again to finish."
        );
        std::process::exit(130);
    });
}

/// The lake the current command writes, for the message.
pub fn watch_lake(path: &std::path::Path) {
    if let Ok(mut lake) = LAKE.lock() {
        *lake = Some(path.to_path_buf());
    }
}
