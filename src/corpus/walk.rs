//! Listing the inputs: this module owns checking the command-line paths and
//! walking folders into an ordered list of [`Input`]s (what to read, how, and
//! under which id), before anything is read. Folders are walked recursively,
//! entries sorted by file name bytes, so the order is sorted path order.
//! Hidden entries, READMEs and licences are ignored; symbolic links, other
//! file types and unreadable folders inside a walk become skips.

use std::ffi::OsString;
use std::fs::{self, DirEntry, File};
use std::io;
use std::path::{Path, PathBuf};

use super::{Origin, Skipped};
use crate::{Error, Result};

/// One unit of work found while listing the inputs, in reading order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Input {
    /// A `.txt`/`.md` file (or a file given directly with another extension).
    Text(Origin),
    /// A `.jsonl` file.
    Jsonl(Origin),
    /// A `.csv` file.
    Csv(Origin),
    /// JSONL on standard input.
    Stdin,
    /// An entry inside a folder that will not be read, and why.
    Skip(Skipped),
}

impl Input {
    /// Whether this input is a file (or stdin) that will be read.
    pub(crate) fn is_read(&self) -> bool {
        !matches!(self, Input::Skip(_))
    }
}

/// Checks every path and lists the inputs in order; fails on the first path that cannot be used.
pub(crate) fn list_inputs(paths: &[PathBuf]) -> Result<Vec<Input>> {
    let mut inputs = Vec::new();
    let mut stdin_seen = false;
    for path in paths {
        if path.as_os_str() == "-" {
            if stdin_seen {
                return Err(Error::config(
                    "`-` (standard input) is given more than once; give it once",
                ));
            }
            stdin_seen = true;
            inputs.push(Input::Stdin);
            continue;
        }
        let metadata = fs::metadata(path).map_err(|error| argument_error(path, error))?;
        if metadata.is_dir() {
            let entries = read_sorted(path).map_err(|error| argument_error(path, error))?;
            walk_entries(path, "", entries, &mut inputs);
        } else {
            File::open(path).map_err(|error| argument_error(path, error))?;
            let origin = Origin {
                path: path.clone(),
                id: path.display().to_string(),
                shown: path.display().to_string(),
            };
            inputs.push(match extension(path).as_deref() {
                Some("jsonl") => Input::Jsonl(origin),
                Some("csv") => Input::Csv(origin),
                _ => Input::Text(origin),
            });
        }
    }
    Ok(inputs)
}

/// The error for a command-line path that cannot be used, saying what to do.
fn argument_error(path: &Path, error: io::Error) -> Error {
    let hint = match error.kind() {
        io::ErrorKind::NotFound => {
            "check the path (give a file, a folder, or - for JSONL on standard input)"
        }
        io::ErrorKind::PermissionDenied => "check its permissions",
        _ => "check that it is a readable file or folder",
    };
    Error::io(
        path,
        io::Error::new(
            error.kind(),
            format!("cannot read this input ({error}); {hint}"),
        ),
    )
}

/// The entries of a folder with their names, sorted by name bytes; entry errors are kept in place.
fn read_sorted(dir: &Path) -> io::Result<Vec<(OsString, io::Result<DirEntry>)>> {
    let mut entries: Vec<(OsString, io::Result<DirEntry>)> = fs::read_dir(dir)?
        .map(|entry| {
            let name = entry.as_ref().map(DirEntry::file_name).unwrap_or_default();
            (name, entry)
        })
        .collect();
    entries.sort_by(|(a, _), (b, _)| a.as_encoded_bytes().cmp(b.as_encoded_bytes()));
    Ok(entries)
}

/// Lists the sorted `entries` of folder `dir` (at `relative` from the argument) into `inputs`.
fn walk_entries(
    dir: &Path,
    relative: &str,
    entries: Vec<(OsString, io::Result<DirEntry>)>,
    inputs: &mut Vec<Input>,
) {
    let skip = |path: &Path, reason: String| {
        Input::Skip(Skipped {
            source: path.display().to_string(),
            reason,
        })
    };
    for (name, entry) in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                inputs.push(skip(dir, format!("cannot read folder entry: {error}")));
                continue;
            }
        };
        let name_text = name.to_string_lossy();
        if name_text.starts_with('.') {
            continue;
        }
        let path = dir.join(&name);
        let id = if relative.is_empty() {
            name_text.to_string()
        } else {
            format!("{relative}/{name_text}")
        };
        let file_type = match entry.file_type() {
            Ok(file_type) => file_type,
            Err(error) => {
                inputs.push(skip(&path, format!("cannot read file type: {error}")));
                continue;
            }
        };
        if file_type.is_symlink() {
            inputs.push(skip(&path, "symbolic link (not followed)".to_string()));
        } else if file_type.is_dir() {
            match read_sorted(&path) {
                Ok(children) => walk_entries(&path, &id, children, inputs),
                Err(error) => inputs.push(skip(&path, format!("cannot read folder: {error}"))),
            }
        } else if !file_type.is_file() {
            inputs.push(skip(&path, "not a regular file".to_string()));
        } else if !is_ignored_name(&name_text) {
            let shown = path.display().to_string();
            let origin = Origin { path, id, shown };
            inputs.push(match extension(&origin.path).as_deref() {
                Some("txt" | "md") => Input::Text(origin),
                Some("jsonl") => Input::Jsonl(origin),
                Some("csv") => Input::Csv(origin),
                _ => {
                    let reason = match origin.path.extension() {
                        Some(ext) => format!("unsupported file type (.{})", ext.to_string_lossy()),
                        None => "unsupported file type (no extension)".to_string(),
                    };
                    skip(&origin.path, reason)
                }
            });
        }
    }
}

/// The lowercased extension of a path, if any.
fn extension(path: &Path) -> Option<String> {
    path.extension()
        .map(|ext| ext.to_string_lossy().to_lowercase())
}

/// Whether a file inside a walked folder is documentation, not a document (README, LICENSE*).
fn is_ignored_name(name: &str) -> bool {
    let upper = name.to_uppercase();
    matches!(upper.as_str(), "README" | "README.MD" | "README.TXT") || upper.starts_with("LICENSE")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    fn write(root: &Path, relative: &str, content: &str) {
        let path = root.join(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, content).unwrap();
    }

    /// A compact view of the inputs: `kind id source` or `skip source: reason`.
    fn describe(inputs: &[Input], root: &Path) -> Vec<String> {
        let root = root.display().to_string();
        inputs
            .iter()
            .map(|input| {
                let line = match input {
                    Input::Text(o) => format!("text {} {}", o.id, o.shown),
                    Input::Jsonl(o) => format!("jsonl {} {}", o.id, o.shown),
                    Input::Csv(o) => format!("csv {} {}", o.id, o.shown),
                    Input::Stdin => "stdin".to_string(),
                    Input::Skip(s) => format!("skip {}: {}", s.source, s.reason),
                };
                line.replace(&root, "ROOT")
            })
            .collect()
    }

    #[test]
    fn folder_walk_is_sorted_and_filters_entries() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("corpus");
        write(&root, "b.txt", "b");
        write(&root, "a/z.md", "z");
        write(&root, "a/b/c.txt", "c");
        write(&root, "a.txt", "a");
        write(&root, "B.txt", "B");
        write(&root, "d.jsonl", "{}");
        write(&root, "e.CSV", "text\n");
        write(&root, "rapport.pdf", "%PDF");
        write(&root, "Makefile", "");
        write(&root, ".cache/x.txt", "hidden");
        write(&root, ".hidden.txt", "hidden");
        write(&root, "README.md", "doc");
        write(&root, "sub/readme", "doc");
        write(&root, "sub/ReadMe.TXT", "doc");
        write(&root, "sub/README.rst", "doc");
        write(&root, "LICENSE-MIT", "mit");
        write(&root, "sub/licence.txt", "not ignored: French spelling");

        let inputs = list_inputs(std::slice::from_ref(&root)).unwrap();
        assert_eq!(
            describe(&inputs, dir.path()),
            vec![
                "text B.txt ROOT/corpus/B.txt",
                "skip ROOT/corpus/Makefile: unsupported file type (no extension)",
                "text a/b/c.txt ROOT/corpus/a/b/c.txt",
                "text a/z.md ROOT/corpus/a/z.md",
                "text a.txt ROOT/corpus/a.txt",
                "text b.txt ROOT/corpus/b.txt",
                "jsonl d.jsonl ROOT/corpus/d.jsonl",
                "csv e.CSV ROOT/corpus/e.CSV",
                "skip ROOT/corpus/rapport.pdf: unsupported file type (.pdf)",
                "skip ROOT/corpus/sub/README.rst: unsupported file type (.rst)",
                "text sub/licence.txt ROOT/corpus/sub/licence.txt",
            ]
        );
        assert_eq!(inputs.iter().filter(|i| i.is_read()).count(), 8);
    }

    #[test]
    fn files_given_directly_are_always_read() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "README.md", "doc");
        write(root, ".cache.txt", "hidden");
        write(root, "notes.rst", "notes");
        write(root, "x.jsonl", "");
        write(root, "y.csv", "");
        let paths: Vec<PathBuf> = ["README.md", ".cache.txt", "notes.rst", "x.jsonl", "y.csv"]
            .iter()
            .map(|name| root.join(name))
            .collect();
        let mut paths = paths;
        paths.insert(2, PathBuf::from("-"));
        let inputs = list_inputs(&paths).unwrap();
        assert_eq!(
            describe(&inputs, root),
            vec![
                "text ROOT/README.md ROOT/README.md",
                "text ROOT/.cache.txt ROOT/.cache.txt",
                "stdin",
                "text ROOT/notes.rst ROOT/notes.rst",
                "jsonl ROOT/x.jsonl ROOT/x.jsonl",
                "csv ROOT/y.csv ROOT/y.csv",
            ]
        );
    }

    #[test]
    fn missing_argument_is_a_fatal_error_naming_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("absent");
        let error = list_inputs(std::slice::from_ref(&missing)).unwrap_err();
        match error.kind() {
            ErrorKind::Io { path, source } => {
                assert_eq!(path, &missing);
                assert_eq!(source.kind(), io::ErrorKind::NotFound);
            }
            other => panic!("unexpected error kind {other:?}"),
        }
        let message = error.to_string();
        assert!(
            message.starts_with(&format!("{}: cannot read this input (", missing.display())),
            "{message}"
        );
        assert!(
            message.ends_with(
                "; check the path (give a file, a folder, or - for JSONL on standard input)"
            ),
            "{message}"
        );
    }

    #[test]
    fn stdin_twice_is_an_error() {
        let dash = PathBuf::from("-");
        let error = list_inputs(&[dash.clone(), dash]).unwrap_err();
        assert!(matches!(error.kind(), ErrorKind::Config(_)), "{error:?}");
    }

    #[cfg(unix)]
    #[test]
    fn symbolic_links_inside_folders_are_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("corpus");
        write(&root, "a.txt", "a");
        write(dir.path(), "outside/o.txt", "o");
        std::os::unix::fs::symlink(root.join("a.txt"), root.join("lien.txt")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("outside"), root.join("dossier")).unwrap();
        let inputs = list_inputs(std::slice::from_ref(&root)).unwrap();
        assert_eq!(
            describe(&inputs, dir.path()),
            vec![
                "text a.txt ROOT/corpus/a.txt",
                "skip ROOT/corpus/dossier: symbolic link (not followed)",
                "skip ROOT/corpus/lien.txt: symbolic link (not followed)",
            ]
        );
        // A link given directly is followed.
        let inputs = list_inputs(&[root.join("dossier")]).unwrap();
        assert_eq!(
            describe(&inputs, dir.path()),
            vec!["text o.txt ROOT/corpus/dossier/o.txt"]
        );
    }
}
