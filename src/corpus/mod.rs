//! Reading inputs into documents: folders of `.txt`/`.md` files (with optional
//! front matter, and the rows of a `metadata.csv` beside them; a `.txt`
//! Iramuteq corpus, one document per star line),
//! JSONL (one document per line), CSV (one document per row) and JSONL on
//! stdin. Folders are walked recursively in sorted path order.
//!
//! Encodings: a byte order mark (UTF-8, UTF-16LE, UTF-16BE) always decides;
//! otherwise [`CorpusOptions::encoding`] if given; otherwise UTF-8, and a
//! file, JSONL line or CSV field that is not valid UTF-8 is decoded as
//! windows-1252 with a warning on its [`Document`], unless it is clearly
//! UTF-8 with a few invalid bytes: it is then read as UTF-8, each invalid
//! sequence replaced with U+FFFD, with a warning saying where the first is.
//!
//! A unit that cannot be used (binary data, an empty document, a JSONL line
//! that is not JSON, a ragged CSV row) becomes a [`Skipped`] entry with its
//! source and reason. A problem with an argument itself (a path that does not
//! exist) is an [`Error`] from [`Corpus::open`], and so is a text field, or
//! an id field named in the options, that is in no line of a JSONL file or
//! no column of a CSV file (a misspelt name would otherwise drop its text,
//! or give every document a `FILE:LINE` id, without a word): iterating
//! yields that error once the file is read, in place of its next item, and
//! then ends.
//!
//! Documents that do not meet the conditions of [`CorpusOptions::conditions`]
//! (`--where`, see [`Filter`]) are read and counted, not yielded; once the
//! corpus is read, [`Corpus::conditions`] gives what they saw, for the check
//! that a field they name exists and that some document was kept.
//!
//! Skip reasons set here include: `binary` (a NUL byte in the first
//! 8 KiB outside UTF-16, or more than 30 % of control characters other than
//! tab, line feed, carriage return and form feed; the reason suggests
//! `--encoding` when the NUL bytes look like UTF-16 without a byte-order
//! mark), `empty`, `not UTF-8 (invalid byte at offset N), …` (only when
//! UTF-8 is required by a BOM or by the options), `larger than
//! --max-document-bytes (N bytes)`, `unterminated quote: the row starting on
//! line N has a quoted field that runs to the end of the file, so lines N–M
//! (K lines) are skipped as one row; …` (the rest of the file is one unit:
//! where the field should have ended cannot be known), `ragged row: …`,
//! `not a JSON object: …`, `invalid JSON at column N: …`, `symbolic link
//! (not followed; …)`, `symbolic link loop` and,
//! for a file that followed links reach twice, `same file as PATH, through
//! a symbolic link (read once, there)`.

use std::collections::{BTreeMap, HashMap};

/// One document of the corpus, as read.
///
/// `text` is always UTF-8: for a file or row that was in another encoding
/// (see `encoding`), it is the decoded text, and byte spans computed on a
/// document index this decoded text, not the bytes of the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Identifier: the `--id-field` value, else `FILE:LINE` for JSONL/CSV
    /// and the texts of an Iramuteq corpus (the line of its star line), or
    /// the path relative to the argument for `.txt`/`.md`.
    pub id: String,
    /// Where it came from: a path, or `path:line` for JSONL/CSV rows and
    /// the texts of an Iramuteq corpus.
    pub source: String,
    /// Metadata: front matter, or the other scalar fields of a JSONL/CSV
    /// record (a JSONL array of scalars as its items joined with `"; "`);
    /// keys in NFC (see [`Corpus`]'s iterator).
    pub meta: BTreeMap<String, serde_json::Value>,
    /// The document text as read, decoded to UTF-8 (for `.txt`/`.md`, the
    /// whole file, front matter and byte order mark included, so that for a
    /// UTF-8 file byte spans index the file; for a text of an Iramuteq
    /// corpus, its lines from its star line to the next).
    pub text: String,
    /// Byte offset where the body starts (after a byte order mark, and the
    /// blank lines and front matter, when there is a block, or the star line
    /// of an Iramuteq text; 0 otherwise).
    pub body_start: usize,
    /// The encoding the text was read in: `UTF-8`, `UTF-16LE`, `UTF-16BE`,
    /// `windows-1252`, or the name of the encoding given in the options.
    pub encoding: String,
    /// Problems that did not prevent reading, e.g. `not UTF-8: decoded as
    /// windows-1252`, `not UTF-8 at byte 1234 (line 56): 1 invalid byte
    /// replaced with U+FFFD, the rest read as UTF-8`, `front matter not
    /// closed: read as text`; usually empty.
    pub warnings: Vec<String>,
}

/// An input unit that could not be used, and why.
///
/// Two skips are equal, and ordered, by source and reason: the metadata a
/// unit may carry is not part of what the skip is.
#[derive(Debug, Clone)]
pub struct Skipped {
    /// A path, or `path:line`.
    pub source: String,
    /// A short reason, e.g. `not UTF-8 (invalid byte at offset 12)`, `empty`.
    pub reason: String,
    /// The metadata of a unit whose record could be read (an empty
    /// document, one too large), for the conditions of `--where`: a unit
    /// that does not meet them is left out, not reported.
    pub(crate) meta: Option<BTreeMap<String, serde_json::Value>>,
}

impl Skipped {
    /// A skip of `source`, for `reason`.
    pub fn new(source: impl Into<String>, reason: impl Into<String>) -> Skipped {
        Skipped {
            source: source.into(),
            reason: reason.into(),
            meta: None,
        }
    }
}

impl PartialEq for Skipped {
    fn eq(&self, other: &Skipped) -> bool {
        (&self.source, &self.reason) == (&other.source, &other.reason)
    }
}

impl Eq for Skipped {}

impl PartialOrd for Skipped {
    fn partial_cmp(&self, other: &Skipped) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Skipped {
    fn cmp(&self, other: &Skipped) -> std::cmp::Ordering {
        (&self.source, &self.reason).cmp(&(&other.source, &other.reason))
    }
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
mod decode;
mod filter;
mod frontmatter;
mod iramuteq;
mod jsonl;
mod table;
mod text;
mod walk;

pub(crate) use csv::detect_delimiter;
pub(crate) use csv::is_line_break;
pub use filter::{Filter, FilterTally};
pub use frontmatter::parse_front_matter;
pub(crate) use jsonl::inexact as inexact_number;
pub(crate) use jsonl::number_text;
pub use walk::{check_distinct_inputs, check_stdin_once, walks_to};

use std::fmt;
use std::iter::FusedIterator;
use std::path::PathBuf;
use std::sync::Arc;

use crate::{Error, Result};
use walk::Input;

/// How inputs are read: field names, encoding, CSV delimiter, links and size limit.
///
/// Build it from [`CorpusOptions::default`] and change the fields needed:
///
/// ```
/// use parole::corpus::CorpusOptions;
///
/// let options = CorpusOptions {
///     encoding: encoding_rs::Encoding::for_label(b"latin1"),
///     delimiter: Some(b';'),
///     ..CorpusOptions::default()
/// };
/// assert_eq!(options.encoding.map(|e| e.name()), Some("windows-1252"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorpusOptions {
    /// Field or column holding the document text (default `text`); in
    /// JSONL, several comma-separated fields are joined in order, separated
    /// by a blank line. A line may lack some of them, but one that no line
    /// of a file has (or a missing CSV column) is an error.
    pub text_field: String,
    /// Field or column holding the document id (or variable of an
    /// Iramuteq star line). `None` (the default): the field `id` where a
    /// record has it, else `FILE:LINE`. A field named here must be in the
    /// file, in some line of a JSONL file, as a CSV column or in some star
    /// line, or reading it fails (a misspelt name would give every document
    /// a `FILE:LINE` id); a record without a usable value still gets
    /// `FILE:LINE`.
    pub id_field: Option<String>,
    /// Encoding of inputs without a byte order mark (default `None`: UTF-8,
    /// falling back to windows-1252 with a warning for bytes that are not
    /// UTF-8, unless they are UTF-8 but for a few invalid bytes, replaced
    /// with U+FFFD with a warning). With `Some(UTF_8)`, bytes that are not UTF-8 are skipped. A
    /// byte order mark always wins.
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// CSV delimiter (default `None`: whichever of `,` `;` and tab occurs most
    /// in the header line outside quotes, `,` on a tie).
    pub delimiter: Option<u8>,
    /// Whether symbolic links inside folders are followed (default `false`:
    /// they are listed as skipped). Loops are detected and skipped, and a
    /// file reached under several paths is read once (under a path without
    /// a link if it has one), the other paths skipped.
    pub follow_links: bool,
    /// Largest document in bytes (default `None`: no limit): a larger
    /// `.txt`/`.md` file, JSONL or CSV text is skipped without being analysed.
    pub max_document_bytes: Option<u64>,
    /// Conditions on metadata (`--where`, [`Filter`]): documents that do
    /// not meet them are read, counted and left out (default: none).
    pub conditions: Vec<String>,
}

impl Default for CorpusOptions {
    fn default() -> Self {
        CorpusOptions {
            text_field: "text".to_string(),
            id_field: None,
            encoding: None,
            delimiter: None,
            follow_links: false,
            max_document_bytes: None,
            conditions: Vec::new(),
        }
    }
}

/// The documents of a set of inputs, read lazily one file (and one JSONL/CSV row) at a time.
///
/// Paths are checked and folders listed by [`Corpus::open`]; iterating reads
/// the files in that order and yields an [`Item`] per document or skipped
/// unit, or an [`Error`] that ends the reading (a text field that no line of
/// a file has: see the module documentation). Memory does not grow with the
/// size of the corpus.
///
/// ```
/// use parole::corpus::{Corpus, CorpusOptions, Item};
///
/// let dir = tempfile::tempdir()?;
/// std::fs::write(dir.path().join("vœux.txt"), "Mes chers compatriotes.")?;
/// let corpus = Corpus::open(&[dir.path().to_path_buf()], CorpusOptions::default())?;
/// assert_eq!(corpus.file_count(), 1);
/// let items = corpus.collect::<parole::Result<Vec<Item>>>()?;
/// let ids: Vec<String> = items
///     .into_iter()
///     .filter_map(|item| match item {
///         Item::Document(document) => Some(document.id),
///         Item::Skipped(_) => None,
///     })
///     .collect();
/// assert_eq!(ids, ["vœux.txt"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
/// How many of the inputs read [`Corpus::read_names`] keeps.
const READ_NAMES: usize = 3;

pub struct Corpus {
    /// Inputs not yet started, in order.
    inputs: std::vec::IntoIter<Input>,
    /// Number of inputs that are read (files and stdin).
    file_count: usize,
    /// The first inputs that are read, as shown in messages (see [`Corpus::read_names`]).
    read_names: Vec<String>,
    /// Field names.
    options: Arc<CorpusOptions>,
    /// The rows of the JSONL/CSV input being read, if any.
    rows: Option<Rows>,
    /// Number of units read so far: items yielded and documents left out.
    units_seen: u64,
    /// The conditions documents must meet, if any.
    filter: Option<Filter>,
    /// What the filter has seen.
    tally: FilterTally,
    /// What the metadata table of its folder gives each text file of it.
    tables: HashMap<PathBuf, table::TableMeta>,
}

impl Corpus {
    /// Checks every argument (exists, readable) and lists the files to read, in order; fails fast with Error naming the path.
    pub fn open(paths: &[PathBuf], options: CorpusOptions) -> Result<Corpus> {
        if options.text_fields().any(str::is_empty) {
            return Err(Error::config(format!(
                "the text field name {:?} is empty or holds an empty name; give the name of the field or column holding the text (in JSONL, several separated by commas)",
                options.text_field
            )));
        }
        // The id taken from the text: in JSONL every id fell back to
        // FILE:LINE (the text is read out first), in CSV the id was the text.
        if let Some(id) = options
            .id_field
            .as_deref()
            .filter(|id| options.text_fields().any(|f| f == *id))
        {
            return Err(Error::config(format!(
                "--id-field {id:?} names the text field; name the field or column that holds \
                 the ids, or leave --id-field out (ids are then `id` where a record has it, \
                 else FILE:LINE)"
            )));
        }
        let filter = Filter::parse(&options.conditions)?;
        if let Some(filter) = &filter {
            let read_otherwise = |field: &str| {
                options.text_fields().any(|f| f == field) || field == options.id_field_name()
            };
            if let Some(field) = filter.fields().find(|f| read_otherwise(f)) {
                return Err(Error::config(format!(
                    "--where: {field:?} is read as the text or the id of the documents, not as \
                     metadata; conditions apply to the other fields"
                )));
            }
        }
        let inputs = walk::list_inputs(paths, options.follow_links)?;
        let (inputs, tables) = table::take_tables(inputs, &options)?;
        let file_count = inputs.iter().filter(|input| input.is_read()).count();
        let read_names = inputs
            .iter()
            .filter_map(walk::Input::shown_if_read)
            .take(READ_NAMES)
            .collect();
        Ok(Corpus {
            inputs: inputs.into_iter(),
            file_count,
            read_names,
            options: Arc::new(options),
            rows: None,
            units_seen: 0,
            filter,
            tally: FilterTally::default(),
            tables,
        })
    }

    /// Number of input files that will be read (for a progress bar); stdin counts as one.
    pub fn file_count(&self) -> usize {
        self.file_count
    }

    /// The first inputs that are read (up to three), as messages name them
    /// (`standard input` for `-`): what a run that found no document did read.
    pub fn read_names(&self) -> &[String] {
        &self.read_names
    }

    /// Number of input units read so far (every document and every skipped
    /// item counts one, kept or left out by the conditions), so that inputs
    /// seen = documents + skipped + left out.
    pub fn units_seen(&self) -> u64 {
        self.units_seen
    }

    /// The conditions of the options, if any, with what they have seen so
    /// far: once the corpus is read, [`Filter::check`] says whether a field
    /// they name is in no document, or no document was kept.
    pub fn conditions(&self) -> Option<(Filter, FilterTally)> {
        self.filter.clone().map(|f| (f, self.tally.clone()))
    }

    /// Starts one input: a whole item for a text file or a skip, or rows to iterate.
    fn start(&mut self, input: Input) -> Option<Item> {
        match input {
            Input::Skip(skip) => Some(Item::Skipped(skip)),
            Input::Text(origin) => {
                let table = self.tables.remove(&origin.path);
                match text::read_text_file(&origin, table.as_ref(), &self.options) {
                    Ok(text::TextFile::One(item)) => Some(item),
                    // The texts of an Iramuteq corpus, made as they are read.
                    Ok(text::TextFile::Texts(texts)) => {
                        self.rows = Some(Box::new(texts.map(Ok)));
                        None
                    }
                    Err(error) => {
                        self.rows = Some(Box::new(std::iter::once(Err(error))));
                        None
                    }
                }
            }
            Input::Stdin => {
                self.rows = Some(jsonl::jsonl_rows(
                    std::io::stdin(),
                    Origin::stdin(),
                    Arc::clone(&self.options),
                ));
                None
            }
            Input::Jsonl(origin) => match std::fs::File::open(&origin.path) {
                Ok(file) => {
                    self.rows = Some(jsonl::jsonl_rows(file, origin, Arc::clone(&self.options)));
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
    type Item = Result<Item>;

    fn next(&mut self) -> Option<Result<Item>> {
        loop {
            let mut item = match self.next_unit()? {
                Ok(item) => item,
                Err(error) => return Some(Err(error)),
            };
            keys_in_nfc(&mut item);
            self.units_seen += 1;
            if let Some(filter) = &self.filter {
                let left_out = match &item {
                    Item::Document(doc) => !filter.keeps(&doc.meta, &mut self.tally),
                    Item::Skipped(skip) => skip
                        .meta
                        .as_ref()
                        .is_some_and(|meta| filter.leaves_out(meta, &mut self.tally)),
                };
                if left_out {
                    continue;
                }
            }
            return Some(Ok(item));
        }
    }
}

impl Corpus {
    /// The next unit of the inputs, document or skip, kept or not.
    fn next_unit(&mut self) -> Option<Result<Item>> {
        let item = loop {
            if let Some(rows) = &mut self.rows {
                match rows.next() {
                    Some(Ok(item)) => break item,
                    Some(Err(error)) => {
                        // Nothing more is read after an error.
                        self.rows = None;
                        self.inputs = Vec::new().into_iter();
                        return Some(Err(error));
                    }
                    None => self.rows = None,
                }
            }
            let input = self.inputs.next()?;
            if let Some(item) = self.start(input) {
                break item;
            }
        };
        Some(Ok(item))
    }
}

impl FusedIterator for Corpus {}

/// The rows of one JSONL or CSV input: items, then possibly an error found
/// once the whole input is read.
pub(crate) type Rows = Box<dyn Iterator<Item = Result<Item>> + Send>;

impl CorpusOptions {
    /// The field or column read as the id: the one named, else `id`.
    pub(crate) fn id_field_name(&self) -> &str {
        self.id_field.as_deref().unwrap_or(DEFAULT_ID_FIELD)
    }

    /// The names in [`CorpusOptions::text_field`], in order (several in
    /// JSONL, comma-separated, spaces around them ignored).
    pub(crate) fn text_fields(&self) -> impl Iterator<Item = &str> {
        self.text_field.split(',').map(str::trim)
    }
}

impl fmt::Debug for Corpus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Corpus")
            .field("inputs_left", &self.inputs.len())
            .field("file_count", &self.file_count)
            .field("options", &self.options)
            .field("reading_rows", &self.rows.is_some())
            .field("units_seen", &self.units_seen)
            .finish()
    }
}

/// What to do about an id field named in the options that a file does not have.
pub(crate) const ID_FIELD_HINT: &str =
    "check the name given to --id-field (without it, ids are read from a field \"id\" if there is one, else FILE:LINE)";

/// The field or column read as the id when none is named.
pub const DEFAULT_ID_FIELD: &str = "id";

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

    /// Whether this is standard input (`-`).
    pub(crate) fn is_stdin(&self) -> bool {
        self.path.as_os_str() == "-"
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

/// The skip reason of a document larger than `max` bytes.
/// What joins the items of a list read as one metadata value (a front
/// matter list, a JSONL array): `item; item`.
pub(crate) const LIST_SEPARATOR: &str = "; ";

pub(crate) fn too_large(max: u64) -> String {
    format!("larger than --max-document-bytes ({max} bytes)")
}

/// Puts the metadata keys of `item` as `--where`, `--by` and `--over` read
/// field names: in NFC (a key typed with decomposed accents, `e` and a
/// combining accent, as some systems and copies from PDF give it, is the
/// field of the same name composed), without blanks or invisible characters
/// around it, as [`crate::segment::is_blank`] tells them (a byte order mark
/// left at the start of a header by joined files, a space before a key). Where the record also has the name so
/// written, the key stays as written and the document says so.
fn keys_in_nfc(item: &mut Item) {
    let (meta, mut warnings) = match item {
        Item::Document(doc) => (&mut doc.meta, Some(&mut doc.warnings)),
        Item::Skipped(Skipped {
            meta: Some(meta), ..
        }) => (meta, None),
        Item::Skipped(_) => return,
    };
    let around = crate::segment::is_blank;
    let plain = |key: &str| {
        crate::rename::is_nfc(key) && !key.starts_with(around) && !key.ends_with(around)
    };
    if meta.keys().all(|key| plain(key)) {
        return;
    }
    let unusual: Vec<String> = meta.keys().filter(|key| !plain(key)).cloned().collect();
    for key in unusual {
        let clean = crate::rename::nfc(key.trim_matches(around));
        if clean.is_empty() {
            continue;
        }
        if meta.contains_key(&clean) {
            if let Some(warnings) = warnings.as_deref_mut() {
                warnings.push(format!(
                    "fields {key:?} and {clean:?} differ only in how their accents are typed \
                     or in invisible characters around them, and are kept apart: --where, --by \
                     and --over read the second; rename the first"
                ));
            }
            continue;
        }
        let value = meta.remove(&key).expect("a key of the map");
        meta.insert(clean, value);
    }
}

/// A skipped item with its source and reason.
pub(crate) fn skipped(source: impl Into<String>, reason: impl Into<String>) -> Item {
    Item::Skipped(Skipped::new(source, reason))
}

/// A skipped item whose record's metadata could be read.
pub(crate) fn skipped_with_meta(
    source: impl Into<String>,
    reason: impl Into<String>,
    meta: BTreeMap<String, serde_json::Value>,
) -> Item {
    Item::Skipped(Skipped {
        meta: Some(meta),
        ..Skipped::new(source, reason)
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
    fn describe(items: Vec<Result<Item>>, root: &Path) -> Vec<String> {
        let root = root.display().to_string();
        items
            .into_iter()
            .map(|item| {
                let line = match item.expect("no error") {
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
                "skip ROOT/corpus/annexe.pdf: unsupported file type (.pdf): extract its text first (pdftotext FILE) and give the .txt file",
                "j1 | ROOT/corpus/discours.jsonl:1 | \"Un\"",
                "skip ROOT/corpus/discours.jsonl:3: not a JSON object: each line must be one object, such as {\"text\": \"…\"}",
                "discours.jsonl:4 | ROOT/corpus/discours.jsonl:4 | \"Trois\"",
                "latin1.txt | ROOT/corpus/latin1.txt | \"déclaration\"",
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
            .collect::<Result<_>>()
            .unwrap();
        let expected = Document {
            id: "d.md".to_string(),
            source: dir.path().join("d.md").display().to_string(),
            meta: BTreeMap::from([("date".to_string(), serde_json::Value::from("2022-04-24"))]),
            text: text.to_string(),
            body_start: 30,
            encoding: "UTF-8".to_string(),
            warnings: Vec::new(),
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
            .map(|item| match item.unwrap() {
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
    fn an_id_field_that_is_the_text_field_is_a_config_error() {
        let options = CorpusOptions {
            text_field: "question, reponse".to_string(),
            id_field: Some("reponse".to_string()),
            ..CorpusOptions::default()
        };
        let error = Corpus::open(&[], options).unwrap_err();
        assert!(
            matches!(error.kind(), crate::ErrorKind::Config(_)),
            "{error:?}"
        );
        assert_eq!(
            error.to_string(),
            "--id-field \"reponse\" names the text field; name the field or column that holds \
             the ids, or leave --id-field out (ids are then `id` where a record has it, else \
             FILE:LINE)"
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

    #[test]
    fn units_seen_counts_documents_and_skips_as_they_are_yielded() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "a.txt", "Un");
        write(dir.path(), "b.pdf", "%PDF");
        write(
            dir.path(),
            "c.jsonl",
            "{\"text\": \"x\"}\n\n[]\n{\"text\": \"y\"}\n",
        );
        write(dir.path(), "d.txt", " ");
        let mut corpus =
            Corpus::open(&[dir.path().to_path_buf()], CorpusOptions::default()).unwrap();
        assert_eq!(corpus.units_seen(), 0);
        let mut documents = 0;
        let mut skipped = 0;
        let mut seen = Vec::new();
        while let Some(item) = corpus.next() {
            match item.unwrap() {
                Item::Document(_) => documents += 1,
                Item::Skipped(_) => skipped += 1,
            }
            seen.push(corpus.units_seen());
        }
        // a.txt, b.pdf, c.jsonl:1, c.jsonl:3, c.jsonl:4, d.txt (the blank line is not a unit).
        assert_eq!(seen, [1, 2, 3, 4, 5, 6]);
        assert_eq!((documents, skipped), (3, 3));
        assert!(corpus.next().is_none());
        assert_eq!(corpus.units_seen(), 6);
    }

    #[test]
    fn warnings_and_encodings_reach_the_documents() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.txt"), b"Caf\xe9 cr\xe8me br\xfbl\xe9e").unwrap();
        write(dir.path(), "b.md", "---\ntitre: Sans fin\nCorps.\n");
        fs::write(dir.path().join("c.txt"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
        let items: Vec<String> =
            Corpus::open(&[dir.path().to_path_buf()], CorpusOptions::default())
                .unwrap()
                .map(|item| match item.unwrap() {
                    Item::Document(d) => {
                        format!("{} {:?} {} {:?}", d.id, d.text, d.encoding, d.warnings)
                    }
                    Item::Skipped(s) => format!("skip {}", s.reason),
                })
                .collect();
        assert_eq!(
            items,
            [
                "a.txt \"Café crème brûlée\" windows-1252 [\"not UTF-8: decoded as windows-1252\"]",
                "b.md \"---\\ntitre: Sans fin\\nCorps.\\n\" UTF-8 [\"front matter not closed: read as text\"]",
                "skip binary",
            ]
        );
    }

    #[test]
    fn options_reach_every_kind_of_input() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "a.txt", "0123456789");
        write(
            dir.path(),
            "b.jsonl",
            "{\"text\": \"0123456789\"}\n{\"text\": \"court\"}\n",
        );
        write(dir.path(), "c.csv", "id;text\n1;0123456789\n2;court\n");
        fs::write(dir.path().join("d.txt"), b"\xe9t\xe9").unwrap();
        let options = CorpusOptions {
            max_document_bytes: Some(9),
            encoding: Some(encoding_rs::UTF_8),
            ..CorpusOptions::default()
        };
        let items: Vec<String> = Corpus::open(&[dir.path().to_path_buf()], options)
            .unwrap()
            .map(|item| match item.unwrap() {
                Item::Document(d) => format!("{} {:?}", d.id, d.text),
                Item::Skipped(s) => format!("skip {}", s.reason),
            })
            .collect();
        assert_eq!(
            items,
            [
                "skip larger than --max-document-bytes (9 bytes)",
                "skip larger than --max-document-bytes (9 bytes)",
                "b.jsonl:2 \"court\"",
                "skip larger than --max-document-bytes (9 bytes)",
                "2 \"court\"",
                &format!("skip {}", decode::not_utf8(0)),
            ]
        );
    }

    #[test]
    fn a_text_field_that_no_line_has_ends_the_reading_with_an_error() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "a.jsonl",
            "{\"question\": \"Q ?\", \"reponse\": \"R.\"}\n{\"question\": \"Q2 ?\"}\n",
        );
        write(dir.path(), "b.txt", "Jamais lu.");
        let options = CorpusOptions {
            text_field: "question,reponse_txt".to_string(),
            ..CorpusOptions::default()
        };
        let mut corpus = Corpus::open(&[dir.path().to_path_buf()], options).unwrap();
        assert!(matches!(corpus.next(), Some(Ok(Item::Document(_)))));
        assert!(matches!(corpus.next(), Some(Ok(Item::Document(_)))));
        let error = corpus.next().unwrap().unwrap_err();
        assert!(
            matches!(error.kind(), crate::ErrorKind::Parse { .. }),
            "{error:?}"
        );
        assert!(error.to_string().contains("\"reponse_txt\""), "{error}");
        // Nothing is read after the error.
        assert!(corpus.next().is_none());
        assert_eq!(corpus.units_seen(), 2);
        // An empty name among several is refused before reading.
        let options = CorpusOptions {
            text_field: "question,".to_string(),
            ..CorpusOptions::default()
        };
        let error = Corpus::open(&[dir.path().to_path_buf()], options).unwrap_err();
        assert!(
            matches!(error.kind(), crate::ErrorKind::Config(_)),
            "{error:?}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn follow_links_reads_through_links_and_skips_loops() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("corpus");
        write(&root, "a.txt", "Un");
        write(dir.path(), "ailleurs/b.txt", "Deux");
        std::os::unix::fs::symlink(dir.path().join("ailleurs"), root.join("lien")).unwrap();
        std::os::unix::fs::symlink(&root, root.join("boucle")).unwrap();
        let describe_with = |follow_links| {
            let options = CorpusOptions {
                follow_links,
                ..CorpusOptions::default()
            };
            let corpus = Corpus::open(std::slice::from_ref(&root), options).unwrap();
            describe(corpus.collect(), dir.path())
        };
        assert_eq!(
            describe_with(true),
            vec![
                "a.txt | ROOT/corpus/a.txt | \"Un\"",
                "skip ROOT/corpus/boucle: symbolic link loop",
                "lien/b.txt | ROOT/corpus/lien/b.txt | \"Deux\"",
            ]
        );
        assert_eq!(
            describe_with(false),
            vec![
                "a.txt | ROOT/corpus/a.txt | \"Un\"",
                "skip ROOT/corpus/boucle: symbolic link (not followed; --follow-links follows links)",
                "skip ROOT/corpus/lien: symbolic link (not followed; --follow-links follows links)",
            ]
        );
    }
}
