//! Reading inputs into documents: folders of `.txt`/`.md` files (with optional
//! front matter), JSONL (one document per line), CSV (one document per row)
//! and JSONL on stdin. Folders are walked recursively in sorted path order.
//!
//! A unit that cannot be used (a file that is not UTF-8, an empty document, a
//! JSONL line that is not JSON) becomes a [`Skipped`] entry with its source and
//! reason; only a problem with an argument itself (a path that does not exist)
//! is an [`Error`](crate::Error).

use std::collections::BTreeMap;

/// One document of the corpus, as read.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Identifier: the `--id-field` value, else `FILE:LINE` for JSONL/CSV, or
    /// the path relative to the argument for `.txt`/`.md`.
    pub id: String,
    /// Where it came from: a path, or `path:line` for JSONL/CSV rows.
    pub source: String,
    /// Metadata: front matter, or the other scalar fields of a JSONL/CSV record.
    pub meta: BTreeMap<String, serde_json::Value>,
    /// The document text exactly as read (for `.txt`/`.md`, the whole file,
    /// front matter included, so byte spans index the file).
    pub text: String,
    /// Byte offset where the body starts (after the front matter; 0 otherwise).
    pub body_start: usize,
}

/// An input unit that could not be used, and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Skipped {
    /// A path, or `path:line`.
    pub source: String,
    /// A short reason, e.g. `not UTF-8 (invalid byte at offset 12)`, `empty`.
    pub reason: String,
}

/// One unit read from the inputs: a document, or a unit that was skipped.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A usable document.
    Document(Document),
    /// A unit that could not be used.
    Skipped(Skipped),
}

mod csv;
mod frontmatter;
mod jsonl;
mod text;
mod walk;

pub use frontmatter::parse_front_matter;

use std::fmt;
use std::io::BufReader;
use std::iter::FusedIterator;
use std::path::PathBuf;
use std::sync::Arc;

use crate::{Error, Result};
use walk::Input;

/// Names of the fields (JSONL) or columns (CSV) that hold the text and the id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorpusOptions {
    /// Field or column holding the document text (default `text`).
    pub text_field: String,
    /// Field or column holding the document id (default `id`).
    pub id_field: String,
}

impl Default for CorpusOptions {
    fn default() -> Self {
        CorpusOptions {
            text_field: "text".to_string(),
            id_field: "id".to_string(),
        }
    }
}

/// The documents of a set of inputs, read lazily one file (and one JSONL/CSV row) at a time.
///
/// Paths are checked and folders listed by [`Corpus::open`]; iterating reads
/// the files in that order and yields an [`Item`] per document or skipped
/// unit. Memory does not grow with the size of the corpus.
///
/// ```
/// use parole::corpus::{Corpus, CorpusOptions, Item};
///
/// let dir = tempfile::tempdir()?;
/// std::fs::write(dir.path().join("vœux.txt"), "Mes chers compatriotes.")?;
/// let corpus = Corpus::open(&[dir.path().to_path_buf()], CorpusOptions::default())?;
/// assert_eq!(corpus.file_count(), 1);
/// let ids: Vec<String> = corpus
///     .filter_map(|item| match item {
///         Item::Document(document) => Some(document.id),
///         Item::Skipped(_) => None,
///     })
///     .collect();
/// assert_eq!(ids, ["vœux.txt"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Corpus {
    /// Inputs not yet started, in order.
    inputs: std::vec::IntoIter<Input>,
    /// Number of inputs that are read (files and stdin).
    file_count: usize,
    /// Field names.
    options: Arc<CorpusOptions>,
    /// The rows of the JSONL/CSV input being read, if any.
    rows: Option<Box<dyn Iterator<Item = Item> + Send>>,
}

impl Corpus {
    /// Checks every argument (exists, readable) and lists the files to read, in order; fails fast with Error naming the path.
    pub fn open(paths: &[PathBuf], options: CorpusOptions) -> Result<Corpus> {
        if options.text_field.is_empty() {
            return Err(Error::config(
                "the text field name is empty; give the name of the field or column holding the text",
            ));
        }
        let inputs = walk::list_inputs(paths)?;
        let file_count = inputs.iter().filter(|input| input.is_read()).count();
        Ok(Corpus {
            inputs: inputs.into_iter(),
            file_count,
            options: Arc::new(options),
            rows: None,
        })
    }

    /// Number of input files that will be read (for a progress bar); stdin counts as one.
    pub fn file_count(&self) -> usize {
        self.file_count
    }

    /// Starts one input: a whole item for a text file or a skip, or rows to iterate.
    fn start(&mut self, input: Input) -> Option<Item> {
        match input {
            Input::Skip(skip) => Some(Item::Skipped(skip)),
            Input::Text(origin) => Some(text::read_text_file(
                &origin.path,
                &origin.id,
                &origin.shown,
            )),
            Input::Stdin => {
                let reader = BufReader::new(std::io::stdin());
                let origin = Origin::stdin();
                self.rows = Some(Box::new(jsonl::JsonlRows::new(
                    reader,
                    origin,
                    Arc::clone(&self.options),
                )));
                None
            }
            Input::Jsonl(origin) => match std::fs::File::open(&origin.path) {
                Ok(file) => {
                    self.rows = Some(Box::new(jsonl::JsonlRows::new(
                        BufReader::new(file),
                        origin,
                        Arc::clone(&self.options),
                    )));
                    None
                }
                Err(error) => Some(skipped(origin.shown, format!("cannot read: {error}"))),
            },
            Input::Csv(origin) => match std::fs::File::open(&origin.path) {
                Ok(file) => {
                    self.rows = Some(csv::csv_rows(file, origin, &self.options));
                    None
                }
                Err(error) => Some(skipped(origin.shown, format!("cannot read: {error}"))),
            },
        }
    }
}

impl Iterator for Corpus {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            if let Some(rows) = &mut self.rows {
                if let Some(item) = rows.next() {
                    return Some(item);
                }
                self.rows = None;
            }
            let input = self.inputs.next()?;
            if let Some(item) = self.start(input) {
                return Some(item);
            }
        }
    }
}

impl FusedIterator for Corpus {}

impl fmt::Debug for Corpus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Corpus")
            .field("inputs_left", &self.inputs.len())
            .field("file_count", &self.file_count)
            .field("options", &self.options)
            .field("reading_rows", &self.rows.is_some())
            .finish()
    }
}

/// Where an input comes from: the path to open, its id and its displayed name.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Origin {
    /// The path to open.
    pub(crate) path: PathBuf,
    /// The id (path relative to the folder argument, or as given), base of `id:LINE` ids.
    pub(crate) id: String,
    /// The path as displayed, base of `source:LINE` sources.
    pub(crate) shown: String,
}

impl Origin {
    /// The origin of standard input.
    fn stdin() -> Origin {
        Origin {
            path: PathBuf::from("-"),
            id: "<stdin>".to_string(),
            shown: "<stdin>".to_string(),
        }
    }

    /// The source of line `line` (1-based): `shown:LINE`.
    pub(crate) fn source_at(&self, line: usize) -> String {
        format!("{}:{line}", self.shown)
    }

    /// The fallback id of line `line` (1-based): `id:LINE`.
    pub(crate) fn id_at(&self, line: usize) -> String {
        format!("{}:{line}", self.id)
    }
}

/// A skipped item with its source and reason.
pub(crate) fn skipped(source: impl Into<String>, reason: impl Into<String>) -> Item {
    Item::Skipped(Skipped {
        source: source.into(),
        reason: reason.into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;
    use std::path::Path;

    fn write(root: &Path, relative: &str, content: &str) {
        let path = root.join(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, content).unwrap();
    }

    /// `id | source | text` for documents, `skip source: reason` for skips, with the temp dir shown as ROOT.
    fn describe(items: Vec<Item>, root: &Path) -> Vec<String> {
        let root = root.display().to_string();
        items
            .into_iter()
            .map(|item| {
                let line = match item {
                    Item::Document(d) => {
                        format!("{} | {} | {:?}", d.id, d.source, &d.text[d.body_start..])
                    }
                    Item::Skipped(s) => format!("skip {}: {}", s.source, s.reason),
                };
                line.replace(&root, "ROOT")
            })
            .collect()
    }

    #[test]
    fn reads_a_mixed_folder_in_path_order() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("corpus");
        write(
            &root,
            "2017/macron.md",
            "---\norateur: Macron\n---\nChers compatriotes.\n",
        );
        write(&root, "2017/vide.txt", "  \n");
        write(
            &root,
            "discours.jsonl",
            "{\"id\": \"j1\", \"text\": \"Un\"}\n\n[]\n{\"text\": \"Trois\"}\n",
        );
        write(&root, "table.csv", "text,lieu\nA,Paris\n\"\",Lyon\n");
        write(&root, "annexe.pdf", "%PDF");
        write(&root, "README.md", "Ce dossier…");
        fs::write(root.join("latin1.txt"), b"d\xe9claration").unwrap();

        let corpus = Corpus::open(std::slice::from_ref(&root), CorpusOptions::default()).unwrap();
        assert_eq!(corpus.file_count(), 5);
        assert_eq!(
            describe(corpus.collect(), dir.path()),
            vec![
                "2017/macron.md | ROOT/corpus/2017/macron.md | \"Chers compatriotes.\\n\"",
                "skip ROOT/corpus/2017/vide.txt: empty",
                "skip ROOT/corpus/annexe.pdf: unsupported file type (.pdf)",
                "j1 | ROOT/corpus/discours.jsonl:1 | \"Un\"",
                "skip ROOT/corpus/discours.jsonl:3: not a JSON object",
                "discours.jsonl:4 | ROOT/corpus/discours.jsonl:4 | \"Trois\"",
                "skip ROOT/corpus/latin1.txt: not UTF-8 (invalid byte at offset 1)",
                "table.csv:2 | ROOT/corpus/table.csv:2 | \"A\"",
                "skip ROOT/corpus/table.csv:3: empty",
            ]
        );
    }

    #[test]
    fn ids_are_relative_to_each_argument() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "a/x/un.txt", "un");
        write(dir.path(), "b/deux.txt", "deux");
        write(dir.path(), "seul.md", "seul");
        let paths = [
            dir.path().join("b"),
            dir.path().join("seul.md"),
            dir.path().join("a"),
        ];
        let corpus = Corpus::open(&paths, CorpusOptions::default()).unwrap();
        assert_eq!(corpus.file_count(), 3);
        assert_eq!(
            describe(corpus.collect(), dir.path()),
            vec![
                "deux.txt | ROOT/b/deux.txt | \"deux\"",
                "ROOT/seul.md | ROOT/seul.md | \"seul\"",
                "x/un.txt | ROOT/a/x/un.txt | \"un\"",
            ]
        );
    }

    #[test]
    fn front_matter_becomes_metadata_and_text_is_the_whole_file() {
        let dir = tempfile::tempdir().unwrap();
        let text = "---\r\ndate: '2022-04-24'\r\n---\r\nCorps.\r\n";
        write(dir.path(), "d.md", text);
        let items: Vec<Item> = Corpus::open(&[dir.path().to_path_buf()], CorpusOptions::default())
            .unwrap()
            .collect();
        let expected = Document {
            id: "d.md".to_string(),
            source: dir.path().join("d.md").display().to_string(),
            meta: BTreeMap::from([("date".to_string(), serde_json::Value::from("2022-04-24"))]),
            text: text.to_string(),
            body_start: 30,
        };
        assert_eq!(items, vec![Item::Document(expected)]);
        assert_eq!(&text[30..], "Corps.\r\n");
    }

    #[test]
    fn file_removed_after_open_is_a_skip() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "a.txt", "a");
        write(dir.path(), "b.jsonl", "{\"text\": \"b\"}");
        let corpus = Corpus::open(&[dir.path().to_path_buf()], CorpusOptions::default()).unwrap();
        fs::remove_file(dir.path().join("a.txt")).unwrap();
        fs::remove_file(dir.path().join("b.jsonl")).unwrap();
        let reasons: Vec<String> = corpus
            .map(|item| match item {
                Item::Skipped(s) => s.reason,
                Item::Document(d) => panic!("unexpected document {d:?}"),
            })
            .collect();
        assert_eq!(reasons.len(), 2);
        assert!(
            reasons.iter().all(|r| r.starts_with("cannot read: ")),
            "{reasons:?}"
        );
    }

    #[test]
    fn missing_argument_fails_before_reading_anything() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "a.txt", "a");
        let missing = dir.path().join("absent.jsonl");
        let error = Corpus::open(
            &[dir.path().to_path_buf(), missing.clone()],
            CorpusOptions::default(),
        )
        .unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with(&format!("{}: ", missing.display())),
            "{error}"
        );
    }

    #[test]
    fn empty_text_field_name_is_a_config_error() {
        let options = CorpusOptions {
            text_field: String::new(),
            ..CorpusOptions::default()
        };
        let error = Corpus::open(&[], options).unwrap_err();
        assert!(
            matches!(error.kind(), crate::ErrorKind::Config(_)),
            "{error:?}"
        );
    }

    #[test]
    fn stdin_counts_as_one_file_and_corpus_is_send() {
        fn assert_send<T: Send>(_: &T) {}
        let corpus = Corpus::open(&[PathBuf::from("-")], CorpusOptions::default()).unwrap();
        assert_send(&corpus);
        assert_eq!(corpus.file_count(), 1);
        assert_eq!(
            Origin::stdin().source_at(3),
            "<stdin>:3",
            "stdin lines are named <stdin>:LINE"
        );
    }
}
