//! Errors of the fallible side of parole: loading inputs, stopword lists and
//! lexicons, grouping documents for a comparison, writing reports. Analysing
//! text in memory never fails, so nothing in `analyze`, `segment`, `count` or
//! theme matching returns these.
//!
//! Every message names what it is about (a path, a path and line, a path, line
//! and column) so a user can go straight to the fault.

use std::fmt;
use std::path::{Path, PathBuf};

/// `1 document`, `2 documents`: a count and what it counts, in the plural
/// unless it is 1, for messages and text summaries.
pub fn plural(n: u64, what: &str) -> String {
    match n {
        1 => format!("1 {what}"),
        n => format!("{n} {what}s"),
    }
}

/// `1 document has`, `2 documents have`: a count, what it counts and the
/// verb agreeing with it.
pub fn plural_has(n: u64, what: &str) -> String {
    match n {
        1 => format!("1 {what} has"),
        n => format!("{n} {what}s have"),
    }
}

/// `1 of 15 documents has`, `2 of 15 documents have`: a part of a whole
/// and the verb agreeing with the part.
pub fn part_has(part: u64, whole: u64, what: &str) -> String {
    match part {
        1 => format!("1 of {whole} {what}s has"),
        n => format!("{n} of {whole} {what}s have"),
    }
}

/// The result type of parole's fallible operations.
pub type Result<T> = std::result::Result<T, Error>;

/// An error with its kind; `Display` gives a complete, user-facing message.
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
}

/// What went wrong.
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// An input, stopword or lexicon file could not be opened or read.
    Io {
        /// The file concerned.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A file's content is invalid at a known position.
    Parse {
        /// The file concerned (or a name such as `<stdin>`).
        path: PathBuf,
        /// 1-based line, when known.
        line: Option<usize>,
        /// 1-based column, when known.
        column: Option<usize>,
        /// What was expected or found.
        message: String,
    },
    /// Options that cannot work together, or a value out of range.
    Config(String),
    /// The documents cannot be grouped as asked: no document has a usable
    /// value of the grouping field, or its dates span too many periods.
    Grouping(String),
}

impl Error {
    /// The kind of this error.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// An I/O error on `path`.
    pub fn io(path: impl AsRef<Path>, source: std::io::Error) -> Error {
        Error {
            kind: ErrorKind::Io {
                path: path.as_ref().to_path_buf(),
                source,
            },
        }
    }

    /// What `serde_json` says of a line it could not parse, without the
    /// position it appends (`at line 1 column 13`): the line is the file's,
    /// which the caller names, and the column goes with it.
    pub fn json_message(error: &serde_json::Error) -> String {
        let message = error.to_string();
        let position = format!(" at line {} column {}", error.line(), error.column());
        match message.strip_suffix(&position) {
            Some(bare) => bare.to_string(),
            None => message,
        }
    }

    /// A parse error in `path` at an optional line and column.
    pub fn parse(
        path: impl AsRef<Path>,
        line: Option<usize>,
        column: Option<usize>,
        message: impl Into<String>,
    ) -> Error {
        Error {
            kind: ErrorKind::Parse {
                path: path.as_ref().to_path_buf(),
                line,
                column,
                message: message.into(),
            },
        }
    }

    /// A configuration error.
    pub fn config(message: impl Into<String>) -> Error {
        Error {
            kind: ErrorKind::Config(message.into()),
        }
    }

    /// A grouping error.
    pub fn grouping(message: impl Into<String>) -> Error {
        Error {
            kind: ErrorKind::Grouping(message.into()),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::Io { path, source } => write!(f, "{}: {}", path.display(), source),
            ErrorKind::Parse {
                path,
                line,
                column,
                message,
            } => {
                write!(f, "{}", path.display())?;
                if let Some(line) = line {
                    write!(f, ":{line}")?;
                    if let Some(column) = column {
                        write!(f, ":{column}")?;
                    }
                }
                write!(f, ": {message}")
            }
            ErrorKind::Config(message) | ErrorKind::Grouping(message) => write!(f, "{message}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ErrorKind::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_agree_with_their_nouns_and_verbs() {
        assert_eq!(plural(0, "document"), "0 documents");
        assert_eq!(plural(1, "labelled passage"), "1 labelled passage");
        assert_eq!(plural(2, "input"), "2 inputs");
        assert_eq!(plural_has(1, "document"), "1 document has");
        assert_eq!(plural_has(3, "document"), "3 documents have");
        assert_eq!(part_has(1, 15, "document"), "1 of 15 documents has");
        assert_eq!(part_has(2, 15, "document"), "2 of 15 documents have");
    }

    /// A line's JSON error names its position once, as FILE:LINE:COLUMN,
    /// not again as serde_json's `at line 1 column N` (its line 1 is the
    /// file's line N).
    #[test]
    fn json_errors_name_their_position_once() {
        let error = serde_json::from_str::<serde_json::Value>("{\"id\": 1,").unwrap_err();
        assert_eq!(Error::json_message(&error), "EOF while parsing a value");
        let parsed = Error::parse(
            "gold.jsonl",
            Some(7),
            Some(error.column()),
            Error::json_message(&error),
        );
        assert_eq!(
            parsed.to_string(),
            "gold.jsonl:7:9: EOF while parsing a value"
        );
    }
}
