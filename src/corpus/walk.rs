//! Listing the inputs: this module owns checking the command-line paths (each
//! usable, none given twice or inside another) and walking folders into an
//! ordered list of [`Input`]s (what to read, how, and under which id), before
//! anything is read. Folders are walked in depth
//! first with an explicit stack (a deep tree cannot overflow the call stack),
//! entries sorted by file name bytes, so the order is sorted path order.
//! Hidden entries, READMEs and licences are ignored; other file types and
//! unreadable folders inside a walk become skips. Symbolic links inside a
//! walk are skipped, or followed when asked, a link back to a folder being
//! walked becoming a `symbolic link loop` skip. A file that followed links
//! reach more than once (a link beside the file it points to, two links to
//! one file, a linked folder holding files read elsewhere) is read once:
//! under a path without a link if it has one, else the first in order; each
//! other path is a skip naming it, so that no document is counted twice.

use std::collections::HashMap;
use std::ffi::OsString;
use std::fs::{self, DirEntry, File, FileType};
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

    /// The name messages give an input that is read.
    pub(crate) fn shown_if_read(&self) -> Option<String> {
        match self {
            Input::Text(origin) | Input::Jsonl(origin) | Input::Csv(origin) => {
                Some(origin.shown.clone())
            }
            Input::Stdin => Some("standard input".to_string()),
            Input::Skip(_) => None,
        }
    }
}

/// Checks every path and lists the inputs in order; fails on the first path
/// that cannot be used. Symbolic links inside folders are followed only if
/// `follow_links` (links given as arguments always are).
pub(crate) fn list_inputs(paths: &[PathBuf], follow_links: bool) -> Result<Vec<Input>> {
    check_distinct_inputs(paths)?;
    let mut inputs = Vec::new();
    // With links followed, the files listed with their canonical paths.
    let mut reached = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        let metadata = fs::metadata(path).map_err(|error| argument_error(path, error))?;
        if metadata.is_dir() {
            let entries = read_sorted(path).map_err(|error| argument_error(path, error))?;
            walk_folder(path, entries, follow_links, &mut inputs, &mut reached);
        } else {
            File::open(path).map_err(|error| argument_error(path, error))?;
            if follow_links {
                if let Ok(canonical) = fs::canonicalize(path) {
                    reached.push(Reached {
                        index: inputs.len(),
                        canonical,
                        through_link: false,
                    });
                }
            }
            let origin = Origin {
                path: path.clone(),
                id: shown(path),
                shown: shown(path),
            };
            inputs.push(file_input(origin, Found::Named));
        }
    }
    read_each_file_once(&mut inputs, reached);
    Ok(inputs)
}

/// A file listed when links are followed, and how it was reached.
#[derive(Debug)]
struct Reached {
    /// Its index in the inputs.
    index: usize,
    /// Its canonical path: the same for every path to it.
    canonical: PathBuf,
    /// Whether its path goes through a symbolic link (the file itself, or a folder on the way).
    through_link: bool,
}

/// Turns every input that is a file also listed under another path into a
/// skip naming the path it is read under: one without a symbolic link if
/// there is one, else the first.
fn read_each_file_once(inputs: &mut [Input], reached: Vec<Reached>) {
    let mut paths: HashMap<PathBuf, Vec<Reached>> = HashMap::new();
    for file in reached {
        paths.entry(file.canonical.clone()).or_default().push(file);
    }
    for same in paths.into_values().filter(|same| same.len() > 1) {
        let kept = same
            .iter()
            .find(|file| !file.through_link)
            .unwrap_or(&same[0])
            .index;
        let kept_path = match &inputs[kept] {
            Input::Text(origin) | Input::Jsonl(origin) | Input::Csv(origin) => origin.shown.clone(),
            Input::Stdin | Input::Skip(_) => continue,
        };
        for file in same.iter().filter(|file| file.index != kept) {
            let shown = match &inputs[file.index] {
                Input::Text(origin) | Input::Jsonl(origin) | Input::Csv(origin) => {
                    origin.shown.clone()
                }
                Input::Stdin | Input::Skip(_) => continue,
            };
            inputs[file.index] = Input::Skip(Skipped::new(
                shown,
                format!("same file as {kept_path}, through a symbolic link (read once, there)"),
            ));
        }
    }
}

/// Refuses `-` given more than once: standard input can be read only
/// once, so a second `-` would be an empty input. A command that reads
/// several lists of paths (`compare`'s groups and `--reference`) checks
/// them together.
pub fn check_stdin_once<'a>(paths: impl IntoIterator<Item = &'a PathBuf>) -> Result<()> {
    if paths.into_iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        return Err(Error::config(
            "`-` (standard input) is given more than once, and can be read only once; give it once",
        ));
    }
    Ok(())
}

/// Refuses a file or folder given twice, under any spelling (`a.txt`,
/// `./a.txt`, a link to it), a path inside a folder also given (their
/// documents would be read, and counted, twice), and `-` given twice
/// ([`check_stdin_once`]). Paths are compared once made canonical; paths
/// that cannot be resolved are left to the checks that follow.
pub fn check_distinct_inputs(paths: &[PathBuf]) -> Result<()> {
    check_stdin_once(paths)?;
    let mut canonical: Vec<(PathBuf, &PathBuf)> = paths
        .iter()
        .filter(|p| p.as_os_str() != "-")
        .filter_map(|p| Some((fs::canonicalize(p).ok()?, p)))
        .collect();
    // By components, a folder comes right before everything inside it.
    canonical.sort();
    let mut folder: Option<&(PathBuf, &PathBuf)> = None;
    for pair in canonical.windows(2) {
        let ((first, given_first), (second, given_second)) = (&pair[0], &pair[1]);
        if first == second {
            return Err(Error::config(format!(
                "{} and {} are the same {}: its documents would be counted twice; give it once",
                given_first.display(),
                given_second.display(),
                if first.is_dir() { "folder" } else { "file" },
            )));
        }
    }
    for entry in &canonical {
        if let Some((dir, given_dir)) = folder {
            if entry.0.starts_with(dir) {
                return Err(Error::config(format!(
                    "{} is inside {}, also given: its documents would be counted twice; \
                     give the folder alone, or only the files you want from it",
                    entry.1.display(),
                    given_dir.display(),
                )));
            }
        }
        if entry.0.is_dir() {
            folder = Some(entry);
        }
    }
    Ok(())
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

/// The entries of a folder, with their names.
type Entries = Vec<(OsString, io::Result<DirEntry>)>;

/// The entries of a folder with their names, sorted by name bytes; entry errors are kept in place.
fn read_sorted(dir: &Path) -> io::Result<Entries> {
    let mut entries: Entries = fs::read_dir(dir)?
        .map(|entry| {
            let name = entry.as_ref().map(DirEntry::file_name).unwrap_or_default();
            (name, entry)
        })
        .collect();
    entries.sort_by(|(a, _), (b, _)| a.as_encoded_bytes().cmp(b.as_encoded_bytes()));
    Ok(entries)
}

/// A folder being walked: the entries left to list.
struct Frame {
    /// The folder.
    dir: PathBuf,
    /// Its path relative to the argument (empty for the argument itself).
    relative: String,
    /// Entries not yet listed, in order.
    entries: std::vec::IntoIter<(OsString, io::Result<DirEntry>)>,
    /// Its canonical path, when links are followed (to detect loops).
    canonical: Option<PathBuf>,
    /// Whether its path goes through a symbolic link.
    through_link: bool,
}

/// A skip for `path` inside a walk.
fn skip(path: &Path, reason: impl Into<String>) -> Input {
    Input::Skip(Skipped::new(shown(path), reason))
}

/// Lists the sorted `entries` of folder `root` (a command-line argument),
/// and of its subfolders, into `inputs`; with links followed, also each file
/// into `reached`.
fn walk_folder(
    root: &Path,
    entries: Entries,
    follow_links: bool,
    inputs: &mut Vec<Input>,
    reached: &mut Vec<Reached>,
) {
    let mut stack = vec![Frame {
        dir: root.to_path_buf(),
        relative: String::new(),
        entries: entries.into_iter(),
        canonical: follow_links.then(|| fs::canonicalize(root).ok()).flatten(),
        through_link: false,
    }];
    while let Some(frame) = stack.last_mut() {
        let Some((name, entry)) = frame.entries.next() else {
            stack.pop();
            continue;
        };
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                inputs.push(skip(
                    &frame.dir,
                    format!("cannot read folder entry: {error}"),
                ));
                continue;
            }
        };
        let name_text = name.to_string_lossy();
        if is_hidden(&name_text) {
            continue;
        }
        let path = frame.dir.join(&name);
        let id = if frame.relative.is_empty() {
            shown(Path::new(&name))
        } else {
            format!("{}/{}", frame.relative, shown(Path::new(&name)))
        };
        let file_type = match entry_type(&entry, &path, follow_links) {
            Ok(file_type) => file_type,
            Err(input) => {
                inputs.push(input);
                continue;
            }
        };
        // Only a followed link gets here as a link.
        let is_link = entry.file_type().is_ok_and(|t| t.is_symlink());
        let through_link = frame.through_link || is_link;
        if file_type.is_dir() {
            let canonical = if follow_links {
                match fs::canonicalize(&path) {
                    Ok(canonical) => Some(canonical),
                    Err(error) => {
                        inputs.push(skip(&path, format!("cannot read folder: {error}")));
                        continue;
                    }
                }
            } else {
                None
            };
            if canonical.is_some() && stack.iter().any(|f| f.canonical == canonical) {
                inputs.push(skip(&path, "symbolic link loop"));
                continue;
            }
            match read_sorted(&path) {
                Ok(children) => stack.push(Frame {
                    dir: path,
                    relative: id,
                    entries: children.into_iter(),
                    canonical,
                    through_link,
                }),
                Err(error) => inputs.push(skip(&path, format!("cannot read folder: {error}"))),
            }
        } else if !file_type.is_file() {
            inputs.push(skip(&path, "not a regular file"));
        } else if !is_ignored_name(&name_text) {
            if follow_links {
                // In a folder whose canonical path is known, only a link
                // needs resolving.
                let canonical = match (&frame.canonical, is_link) {
                    (Some(dir), false) => Some(dir.join(&name)),
                    _ => fs::canonicalize(&path).ok(),
                };
                if let Some(canonical) = canonical {
                    reached.push(Reached {
                        index: inputs.len(),
                        canonical,
                        through_link,
                    });
                }
            }
            inputs.push(file_input(
                Origin {
                    shown: shown(&path),
                    path,
                    id,
                },
                Found::InFolder,
            ));
        }
    }
}

/// The type of a folder entry, that of its target for a followed link; `Err` is the skip to list instead.
fn entry_type(
    entry: &DirEntry,
    path: &Path,
    follow_links: bool,
) -> std::result::Result<FileType, Input> {
    let file_type = entry
        .file_type()
        .map_err(|error| skip(path, format!("cannot read file type: {error}")))?;
    if !file_type.is_symlink() {
        return Ok(file_type);
    }
    if !follow_links {
        return Err(skip(
            path,
            "symbolic link (not followed; --follow-links follows links)",
        ));
    }
    fs::metadata(path)
        .map(|metadata| metadata.file_type())
        .map_err(|error| skip(path, format!("cannot follow symbolic link: {error}")))
}

/// How a file reached the inputs, which decides what an unknown extension means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Found {
    /// Named on the command line: a file of another type is read as text
    /// (`notes`, `discours.text`), since the user chose it.
    Named,
    /// Found walking a folder: a file of another type is skipped.
    InFolder,
}

/// Extensions of formats that hold text parole cannot read as such: a file
/// named with one of them is skipped, not read as prose, markup and all.
const OTHER_FORMATS: &[&str] = &[
    "doc", "docx", "htm", "html", "ods", "odt", "parquet", "pdf", "rtf", "xls", "xlsx", "xml",
];

/// How to make a file of one of [`OTHER_FORMATS`] (its lower-case
/// extension `ext`) something parole reads.
fn conversion(ext: &str) -> Option<&'static str> {
    Some(match ext {
        "pdf" => "extract its text first (pdftotext FILE) and give the .txt file",
        "doc" => "save it as plain text (.txt) first, in the word processor",
        "docx" | "odt" | "rtf" => {
            "save it as plain text (.txt) first, or convert it (pandoc FILE -t plain -o OUT.txt)"
        }
        "htm" | "html" => "extract its text first (pandoc FILE -t plain -o OUT.txt)",
        "xml" => "extract its text first into .txt files, or .jsonl lines with a \"text\" field",
        "xls" | "xlsx" | "ods" => {
            "save it as CSV (.csv) first, one row per document with its text in a column"
        }
        "parquet" => "write it as .csv or .jsonl first, one document per row with its text",
        _ => return None,
    })
}

/// Extensions of compressed files, which parole does not decompress: a
/// `corpus.jsonl.gz` is skipped saying so, not read as binary text.
pub(crate) const COMPRESSED: &[&str] = &["gz", "bz2", "xz", "zst", "zip", "7z", "tgz"];

/// The skip reason of a compressed file with the extension `ext` (one of
/// [`COMPRESSED`]), with the command that decompresses it.
pub(crate) fn compressed_reason(ext: &str) -> String {
    let command = match ext {
        "gz" => "gunzip -k FILE",
        "bz2" => "bunzip2 -k FILE",
        "xz" => "unxz -k FILE",
        "zst" => "unzstd FILE",
        "zip" => "unzip FILE",
        "7z" => "7z x FILE",
        _ => "tar -xzf FILE",
    };
    format!("compressed (.{ext}): decompress it first ({command}) and give the files it holds")
}

/// The extensions of plain-text documents (one document per file, with
/// optional front matter); a text file's skip reason names them too.
pub(crate) const TEXT_EXTENSIONS: [&str; 2] = ["txt", "md"];

/// The input for a regular file, by extension: `.txt` and `.md` are text,
/// `.jsonl` and `.ndjson` JSON Lines, `.csv` and `.tsv` CSV (the delimiter
/// detected from the header, a tab in a `.tsv`). A `.json` file is skipped with a way to make
/// it JSON Lines; a file of another type is skipped inside a folder and read
/// as text when named, unless it has the extension of a format of its own.
fn file_input(origin: Origin, found: Found) -> Input {
    let ext = extension(&origin.path);
    match ext.as_deref() {
        Some(ext) if TEXT_EXTENSIONS.contains(&ext) => Input::Text(origin),
        Some("jsonl" | "ndjson") => Input::Jsonl(origin),
        Some("csv" | "tsv") => Input::Csv(origin),
        Some("json") => skip(
            &origin.path,
            "a .json file: parole reads JSON Lines, one object per line in a .jsonl file \
             (an array converts with jq -c '.[]' FILE > FILE.jsonl)",
        ),
        Some(ext) if COMPRESSED.contains(&ext) => skip(&origin.path, compressed_reason(ext)),
        Some(ext) if found == Found::InFolder || OTHER_FORMATS.contains(&ext) => {
            let mut reason = format!(
                "unsupported file type (.{})",
                origin
                    .path
                    .extension()
                    .unwrap_or_default()
                    .to_string_lossy()
            );
            if let Some(advice) = conversion(ext) {
                reason += &format!(": {advice}");
            }
            skip(&origin.path, reason)
        }
        None if found == Found::InFolder => {
            skip(&origin.path, "unsupported file type (no extension)")
        }
        _ => Input::Text(origin),
    }
}

/// A path as ids, sources and messages give it: as it is when it is UTF-8;
/// else each byte that is not (a Latin-1 name unpacked from an old archive,
/// `caf\xE9.txt`) written `\xE9`, so that two such names stay two ids, and
/// the file can be found again (`ls $'caf\xE9.txt'`), where U+FFFD would
/// stand for any byte.
pub(crate) fn shown(path: &Path) -> String {
    let mut out = String::new();
    for chunk in path.as_os_str().as_encoded_bytes().utf8_chunks() {
        out.push_str(chunk.valid());
        for byte in chunk.invalid() {
            out.push_str(&format!("\\x{byte:02X}"));
        }
    }
    out
}

/// The lowercased extension of a path, if any.
fn extension(path: &Path) -> Option<String> {
    path.extension()
        .map(|ext| ext.to_string_lossy().to_lowercase())
}

/// Whether walking `folder` reaches the file `path` inside it, to read it as a
/// document or to list it as skipped: every file except hidden ones (a name
/// starting with `.`, or in such a folder) and README or LICENSE files.
/// Paths are compared as given: pass both canonical.
pub fn walks_to(folder: &Path, path: &Path) -> bool {
    let Ok(relative) = path.strip_prefix(folder) else {
        return false;
    };
    let hidden = relative
        .components()
        .any(|c| is_hidden(&c.as_os_str().to_string_lossy()));
    let ignored = path
        .file_name()
        .is_some_and(|name| is_ignored_name(&name.to_string_lossy()));
    !relative.as_os_str().is_empty() && !hidden && !ignored
}

/// Whether a file or folder inside a walked folder is hidden, and skipped
/// without a word (a name starting with `.`).
fn is_hidden(name: &str) -> bool {
    name.starts_with('.')
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

        let inputs = list_inputs(std::slice::from_ref(&root), false).unwrap();
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
                "skip ROOT/corpus/rapport.pdf: unsupported file type (.pdf): extract its text first (pdftotext FILE) and give the .txt file",
                "skip ROOT/corpus/sub/README.rst: unsupported file type (.rst)",
                "text sub/licence.txt ROOT/corpus/sub/licence.txt",
            ]
        );
        assert_eq!(inputs.iter().filter(|i| i.is_read()).count(), 8);
    }

    /// Names that are not UTF-8 (Latin-1 names unpacked from an old
    /// archive) keep their bytes in ids and sources: two of them are two
    /// ids, where U+FFFD made them one.
    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_stay_apart() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("corpus");
        let latin = |name: &[u8]| root.join(std::ffi::OsStr::from_bytes(name));
        fs::create_dir_all(latin(b"d\xe9bats")).unwrap();
        fs::write(latin(b"caf\xe9.txt"), "un").unwrap();
        fs::write(latin(b"caf\xe8.txt"), "deux").unwrap();
        fs::write(latin(b"d\xe9bats/vo\xebux.txt"), "trois").unwrap();
        let inputs = list_inputs(std::slice::from_ref(&root), false).unwrap();
        assert_eq!(
            describe(&inputs, dir.path()),
            vec![
                "text caf\\xE8.txt ROOT/corpus/caf\\xE8.txt",
                "text caf\\xE9.txt ROOT/corpus/caf\\xE9.txt",
                "text d\\xE9bats/vo\\xEBux.txt ROOT/corpus/d\\xE9bats/vo\\xEBux.txt",
            ]
        );
        // Named on the command line, likewise.
        let file = latin(b"caf\xe9.txt");
        let inputs = list_inputs(&[file], false).unwrap();
        assert!(
            describe(&inputs, dir.path())
                == ["text ROOT/corpus/caf\\xE9.txt ROOT/corpus/caf\\xE9.txt"],
            "{:?}",
            describe(&inputs, dir.path())
        );
    }

    #[test]
    fn compressed_files_are_skipped_saying_to_decompress_them() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("corpus");
        write(&root, "a.txt", "a");
        write(&root, "q.jsonl.gz", "\u{1f}");
        write(&root, "z.ZIP", "PK");
        let given = root.join("q.jsonl.gz");
        let reason = |ext: &str| {
            let command = if ext == "gz" {
                "gunzip -k FILE"
            } else {
                "unzip FILE"
            };
            format!(
                "compressed (.{ext}): decompress it first ({command}) and give the files it holds"
            )
        };
        let inputs = list_inputs(std::slice::from_ref(&root), false).unwrap();
        assert_eq!(
            describe(&inputs, dir.path()),
            vec![
                "text a.txt ROOT/corpus/a.txt".to_string(),
                format!("skip ROOT/corpus/q.jsonl.gz: {}", reason("gz")),
                format!("skip ROOT/corpus/z.ZIP: {}", reason("zip")),
            ]
        );
        // Named on the command line, where another type is read as text.
        let inputs = list_inputs(&[given], false).unwrap();
        assert_eq!(
            describe(&inputs, dir.path()),
            vec![format!("skip ROOT/corpus/q.jsonl.gz: {}", reason("gz"))]
        );
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
        write(root, "notes", "notes");
        let paths: Vec<PathBuf> = [
            "README.md",
            ".cache.txt",
            "notes.rst",
            "x.jsonl",
            "y.csv",
            "notes",
        ]
        .iter()
        .map(|name| root.join(name))
        .collect();
        let mut paths = paths;
        paths.insert(2, PathBuf::from("-"));
        let inputs = list_inputs(&paths, false).unwrap();
        assert_eq!(
            describe(&inputs, root),
            vec![
                "text ROOT/README.md ROOT/README.md",
                "text ROOT/.cache.txt ROOT/.cache.txt",
                "stdin",
                "text ROOT/notes.rst ROOT/notes.rst",
                "jsonl ROOT/x.jsonl ROOT/x.jsonl",
                "csv ROOT/y.csv ROOT/y.csv",
                "text ROOT/notes ROOT/notes",
            ]
        );
    }

    /// `.tsv` is CSV and `.ndjson` JSON Lines, in a folder or named; a
    /// `.json` file, or a named file of another format (`.html`), is
    /// skipped rather than read as prose, brackets and tags included.
    #[test]
    fn other_extensions_of_tables_and_json() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("corpus");
        write(&root, "a.tsv", "id\ttext\n1\tUn\n");
        write(&root, "b.ndjson", "{\"text\": \"Un\"}\n");
        write(&root, "c.json", "[{\"text\": \"Un\"}]");
        write(&root, "d.html", "<p>Un</p>");
        let json_reason = "a .json file: parole reads JSON Lines, one object per line in a \
                           .jsonl file (an array converts with jq -c '.[]' FILE > FILE.jsonl)";
        let inputs = list_inputs(std::slice::from_ref(&root), false).unwrap();
        assert_eq!(
            describe(&inputs, dir.path()),
            vec![
                "csv a.tsv ROOT/corpus/a.tsv".to_string(),
                "jsonl b.ndjson ROOT/corpus/b.ndjson".to_string(),
                format!("skip ROOT/corpus/c.json: {json_reason}"),
                "skip ROOT/corpus/d.html: unsupported file type (.html): extract its text first (pandoc FILE -t plain -o OUT.txt)".to_string(),
            ]
        );
        let named: Vec<PathBuf> = ["a.tsv", "b.ndjson", "c.json", "d.html"]
            .iter()
            .map(|name| root.join(name))
            .collect();
        let inputs = list_inputs(&named, false).unwrap();
        assert_eq!(
            describe(&inputs, dir.path()),
            vec![
                "csv ROOT/corpus/a.tsv ROOT/corpus/a.tsv".to_string(),
                "jsonl ROOT/corpus/b.ndjson ROOT/corpus/b.ndjson".to_string(),
                format!("skip ROOT/corpus/c.json: {json_reason}"),
                "skip ROOT/corpus/d.html: unsupported file type (.html): extract its text first (pandoc FILE -t plain -o OUT.txt)".to_string(),
            ]
        );
    }

    #[test]
    fn missing_argument_is_a_fatal_error_naming_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("absent");
        let error = list_inputs(std::slice::from_ref(&missing), false).unwrap_err();
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
        let error = list_inputs(&[dash.clone(), dash], false).unwrap_err();
        assert!(matches!(error.kind(), ErrorKind::Config(_)), "{error:?}");
    }

    #[test]
    fn an_input_given_twice_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("corpus");
        write(&root, "a.txt", "a");
        write(&root, "sub/b.txt", "b");
        write(&root, "sub-c.txt", "c");
        let a = root.join("a.txt");
        let dotted = root.join(".").join("a.txt");
        let refused = |paths: &[PathBuf], needles: &[&str]| {
            let error = list_inputs(paths, false).unwrap_err();
            assert!(matches!(error.kind(), ErrorKind::Config(_)), "{error:?}");
            let message = error.to_string();
            for needle in needles {
                assert!(message.contains(needle), "no {needle:?} in {message}");
            }
        };
        // The same file, spelt the same or not.
        refused(&[a.clone(), a.clone()], &["a.txt", "same file", "twice"]);
        refused(
            &[a.clone(), root.join("sub-c.txt"), dotted],
            &["a.txt", "same file"],
        );
        // A file or folder inside a folder also given, in either order.
        refused(&[root.clone(), a.clone()], &["inside", "twice"]);
        refused(&[root.join("sub/b.txt"), root.join("sub")], &["inside"]);
        // Neighbours are not inside one another: sub-c.txt is not in sub/.
        let inputs = list_inputs(&[root.join("sub"), root.join("sub-c.txt"), a], false).unwrap();
        assert_eq!(inputs.len(), 3);
    }

    #[cfg(unix)]
    #[test]
    fn the_same_file_through_a_link_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.txt");
        write(dir.path(), "a.txt", "a");
        let link = dir.path().join("link.txt");
        std::os::unix::fs::symlink(&a, &link).unwrap();
        assert!(list_inputs(&[a, link], false).is_err());
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
        let inputs = list_inputs(std::slice::from_ref(&root), false).unwrap();
        assert_eq!(
            describe(&inputs, dir.path()),
            vec![
                "text a.txt ROOT/corpus/a.txt",
                "skip ROOT/corpus/dossier: symbolic link (not followed; --follow-links follows links)",
                "skip ROOT/corpus/lien.txt: symbolic link (not followed; --follow-links follows links)",
            ]
        );
        // A link given directly is followed.
        let inputs = list_inputs(&[root.join("dossier")], false).unwrap();
        assert_eq!(
            describe(&inputs, dir.path()),
            vec!["text o.txt ROOT/corpus/dossier/o.txt"]
        );
    }

    #[cfg(unix)]
    #[test]
    fn followed_links_reach_files_and_folders_and_stop_at_loops() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("corpus");
        write(&root, "a.txt", "a");
        write(&root, "sous/b.md", "b");
        write(dir.path(), "outside/o.txt", "o");
        symlink(root.join("a.txt"), root.join("lien.txt")).unwrap();
        symlink(dir.path().join("outside"), root.join("dehors")).unwrap();
        // Back to the argument itself, and to a folder above it.
        symlink(&root, root.join("sous/boucle")).unwrap();
        symlink(dir.path(), root.join("sous/parent")).unwrap();
        symlink(root.join("absent.txt"), root.join("casse.txt")).unwrap();
        let inputs = list_inputs(std::slice::from_ref(&root), true).unwrap();
        assert_eq!(
            describe(&inputs, dir.path()),
            vec![
                "text a.txt ROOT/corpus/a.txt",
                "skip ROOT/corpus/casse.txt: cannot follow symbolic link: No such file or directory (os error 2)",
                "text dehors/o.txt ROOT/corpus/dehors/o.txt",
                "skip ROOT/corpus/lien.txt: same file as ROOT/corpus/a.txt, through a symbolic link (read once, there)",
                "text sous/b.md ROOT/corpus/sous/b.md",
                "skip ROOT/corpus/sous/boucle: symbolic link loop",
                "skip ROOT/corpus/sous/parent/corpus: symbolic link loop",
                "skip ROOT/corpus/sous/parent/outside/o.txt: same file as ROOT/corpus/dehors/o.txt, through a symbolic link (read once, there)",
            ]
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_file_reached_through_links_is_read_once_under_its_own_path() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("corpus");
        write(&root, "z.jsonl", "{}");
        write(&root, "textes/t.txt", "t");
        write(dir.path(), "seul.txt", "s");
        // Links that sort before what they point to, and a linked folder.
        symlink(root.join("z.jsonl"), root.join("a-lien.jsonl")).unwrap();
        symlink(root.join("z.jsonl"), root.join("b-lien.jsonl")).unwrap();
        symlink(root.join("textes"), root.join("a-textes")).unwrap();
        symlink(dir.path().join("seul.txt"), root.join("seul.txt")).unwrap();
        let paths = [root.clone(), dir.path().join("seul.txt")];
        let inputs = list_inputs(&paths, true).unwrap();
        assert_eq!(
            describe(&inputs, dir.path()),
            vec![
                "skip ROOT/corpus/a-lien.jsonl: same file as ROOT/corpus/z.jsonl, through a symbolic link (read once, there)",
                "skip ROOT/corpus/a-textes/t.txt: same file as ROOT/corpus/textes/t.txt, through a symbolic link (read once, there)",
                "skip ROOT/corpus/b-lien.jsonl: same file as ROOT/corpus/z.jsonl, through a symbolic link (read once, there)",
                "skip ROOT/corpus/seul.txt: same file as ROOT/seul.txt, through a symbolic link (read once, there)",
                "text textes/t.txt ROOT/corpus/textes/t.txt",
                "jsonl z.jsonl ROOT/corpus/z.jsonl",
                "text ROOT/seul.txt ROOT/seul.txt",
            ]
        );
        // Without --follow-links, the links are skipped as links.
        let inputs = list_inputs(&paths, false).unwrap();
        assert_eq!(inputs.iter().filter(|i| i.is_read()).count(), 3);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_to_itself_is_a_skip_not_a_hang() {
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(dir.path().join("moi"), dir.path().join("moi")).unwrap();
        let inputs = list_inputs(&[dir.path().to_path_buf()], true).unwrap();
        assert_eq!(inputs.len(), 1);
        let Input::Skip(skip) = &inputs[0] else {
            panic!("expected a skip, got {inputs:?}");
        };
        assert!(
            skip.reason.starts_with("cannot follow symbolic link: "),
            "{}",
            skip.reason
        );
    }

    #[test]
    fn a_deep_tree_is_walked_without_recursion() {
        let dir = tempfile::tempdir().unwrap();
        // Deep enough to matter, shallow enough for any path length limit.
        let mut relative = String::new();
        for _ in 0..300 {
            relative.push_str("d/");
        }
        write(dir.path(), &format!("{relative}fond.txt"), "fond");
        let inputs = list_inputs(&[dir.path().to_path_buf()], false).unwrap();
        assert_eq!(
            describe(&inputs, dir.path()),
            vec![format!("text {relative}fond.txt ROOT/{relative}fond.txt")]
        );
    }
}
