//! Errors that the user can fix (bad input or configuration, exit code 2) are
//! raised as [`InputError`]; everything else is an internal error (exit code 1).
//! `main` walks the error chain once to choose the exit code.

use std::fmt;

/// A problem with the user's files or study: the message names the file, line,
/// column and value where known, and says what to do.
#[derive(Debug)]
pub struct InputError(pub String);

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for InputError {}

/// Builds an `anyhow::Error` that carries an [`InputError`] (exit code 2).
#[macro_export]
macro_rules! bad_input {
    ($($arg:tt)*) => {
        anyhow::Error::new($crate::error::InputError(format!($($arg)*)))
    };
}

/// Exit code for an error chain: 2 when any cause is an [`InputError`], else 1.
pub fn exit_code(err: &anyhow::Error) -> i32 {
    if err.chain().any(|cause| cause.is::<InputError>()) {
        2
    } else {
        1
    }
}
