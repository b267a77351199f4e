//! Metadata tables beside text files: a `metadata.csv` in a folder of
//! `.txt`/`.md` files, as TXM imports a corpus ("TXT + CSV"). Its column
//! `id` names a file of its folder, without its extension (`discours-01`) or
//! with it (`discours-01.txt`, looked up first), and its other columns are
//! that file's metadata. This module owns recognising such a table among the inputs (a
//! file named `metadata.csv`, with a column `id` (else `ID` or `Id`) and no
//! text column, in a
//! folder that holds text files), reading it (errors name the file and
//! line), and giving each text file of its folder its row, which the text
//! reader merges with the file's front matter (or with the star line of each
//! text of an Iramuteq corpus). A row that names no file of
//! its folder is listed as skipped, so that a misspelt name is seen; a text
//! file that no row names says so in its warnings.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::csv::{detect_delimiter, name_columns, LineTracker, CLOSE_THE_QUOTE};
use super::decode::{decode_file, Decoding};
use super::walk::Input;
use super::{CorpusOptions, Skipped};
use crate::rename::to_nfc;
use crate::{Error, Result};

/// The name of a metadata table (compared in any case).
pub(crate) const TABLE_NAME: &str = "metadata.csv";

/// The column of a table that names the files.
const ID_COLUMN: &str = "id";

/// What a table gives a text file of its folder.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum TableMeta {
    /// Its row: where it is (`FOLDER/metadata.csv:LINE`), its values
    /// (trimmed; an empty cell is no value), and the warning on the table's
    /// decoding, if any (`FOLDER/metadata.csv: not UTF-8: decoded as
    /// windows-1252`).
    Row {
        source: String,
        meta: BTreeMap<String, Value>,
        decoding: Option<String>,
    },
    /// No row names the file: the table, as shown.
    NoRow { table: String },
}

impl TableMeta {
    /// Merges the table's metadata into the metadata `meta` a document has
    /// of its own (its front matter, or the star line of an Iramuteq text;
    /// `own` names which): a key of both keeps the document's value, and a
    /// warning says so when the table's differs; so does one on how the
    /// table was decoded, which its values went through. No row: a warning.
    pub(crate) fn merge_into(
        &self,
        meta: &mut BTreeMap<String, Value>,
        own: &str,
        warnings: &mut Vec<String>,
    ) {
        match self {
            TableMeta::Row {
                source,
                meta: row,
                decoding,
            } => {
                warnings.extend(decoding.iter().cloned());
                for (key, value) in row {
                    match meta.get(key) {
                        None => {
                            meta.insert(key.clone(), value.clone());
                        }
                        Some(own) if own == value => {}
                        Some(kept) => warnings.push(format!(
                            "field \"{key}\": the {own}'s value {kept} is kept, where {source} \
                             gives {value}"
                        )),
                    }
                }
            }
            TableMeta::NoRow { table } => warnings.push(format!(
                "no row of {table} names this file (its column {ID_COLUMN} gives a file's name, \
                 with or without its extension): the file has no metadata from it"
            )),
        }
    }
}

/// Takes the metadata tables out of `inputs` (see the module
/// documentation): each is read, and replaced by a skip for each of its rows
/// that names no text file of its folder. Returns the other inputs, and the
/// metadata of each text file of a folder with a table, by path.
pub(crate) fn take_tables(
    inputs: Vec<Input>,
    options: &CorpusOptions,
) -> Result<(Vec<Input>, HashMap<PathBuf, TableMeta>)> {
    let is_table_name = |path: &Path| {
        path.file_name()
            .is_some_and(|name| name.to_string_lossy().eq_ignore_ascii_case(TABLE_NAME))
    };
    let is_table =
        |input: &Input| matches!(input, Input::Csv(origin) if is_table_name(&origin.path));
    if !inputs.iter().any(is_table) {
        return Ok((inputs, HashMap::new()));
    }
    // Each text file with its folder, written one way whatever the way its
    // path is (`d1.txt` and `./metadata.csv` are in one folder).
    let texts: Vec<(PathBuf, &PathBuf)> = inputs
        .iter()
        .filter_map(|input| match input {
            Input::Text(origin) => Some((folder_of(&origin.path), &origin.path)),
            _ => None,
        })
        .collect();
    let texts_in = |folder: &Path| -> Vec<&PathBuf> {
        let texts = texts.iter().filter(|(f, _)| f == folder);
        texts.map(|&(_, path)| path).collect()
    };
    let mut tables: Vec<(usize, PathBuf, Table)> = Vec::new();
    for (index, input) in inputs.iter().enumerate() {
        let Input::Csv(origin) = input else { continue };
        if !is_table_name(&origin.path) {
            continue;
        }
        let Some(table) = Table::read(&origin.path, &origin.shown, options)? else {
            continue;
        };
        let folder = folder_of(&origin.path);
        if texts_in(&folder).is_empty() {
            return Err(Error::parse(
                &origin.path,
                None,
                None,
                format!(
                    "a {TABLE_NAME} with a column {ID_COLUMN} and no text column is the metadata \
                     table of the .txt and .md files of its folder, and no such file of its \
                     folder is read: give it with the files it describes (give their folder), \
                     or, if it is a corpus, name its text column with --text-field (columns: \
                     {})",
                    table.columns.join(", ")
                ),
            ));
        }
        if let Some((_, _, first)) = tables.iter().find(|(_, f, _)| *f == folder) {
            return Err(Error::parse(
                &origin.path,
                None,
                None,
                format!(
                    "a second metadata table of its folder, beside {}: merge the two into one, \
                     since a file has one row",
                    first.shown
                ),
            ));
        }
        tables.push((index, folder, table));
    }
    let mut given = HashMap::new();
    let mut unused: HashMap<usize, Vec<Input>> = HashMap::new();
    for (index, folder, table) in &tables {
        let mut used = vec![false; table.rows.len()];
        // The files each row names by their stem, to find a row that names
        // two (`d1` for `d1.txt` and `d1.md`).
        let mut by_stem: BTreeMap<usize, Vec<&PathBuf>> = BTreeMap::new();
        for path in texts_in(folder) {
            let row_of = |name: Option<&std::ffi::OsStr>| {
                let name = name?.to_string_lossy();
                table.by_id.get(&to_nfc(&name)).copied()
            };
            // Its whole name first: `d1.txt` is the row of d1.txt even
            // where a row `d1` names d1.md.
            let row = row_of(path.file_name()).or_else(|| {
                let k = row_of(path.file_stem())?;
                by_stem.entry(k).or_default().push(path);
                Some(k)
            });
            let meta = match row {
                Some(k) => {
                    used[k] = true;
                    let (line, meta) = &table.rows[k];
                    TableMeta::Row {
                        source: format!("{}:{line}", table.shown),
                        meta: meta.clone(),
                        decoding: table.decoding.clone(),
                    }
                }
                None => TableMeta::NoRow {
                    table: table.shown.clone(),
                },
            };
            given.insert(path.clone(), meta);
        }
        if let Some((&k, paths)) = by_stem.iter().find(|(_, paths)| paths.len() > 1) {
            let names: Vec<String> = paths
                .iter()
                .filter_map(|path| path.file_name())
                .map(|name| name.to_string_lossy().into_owned())
                .collect();
            return Err(Error::parse(
                &table.path,
                Some(table.rows[k].0 as usize),
                None,
                format!(
                    "the {ID_COLUMN} \"{}\" names {} files of the folder ({}): give each file a \
                     row of its own, named with its extension (\"{}\")",
                    table.ids[k],
                    names.len(),
                    names.join(", "),
                    names[0]
                ),
            ));
        }
        let skips = table.ids.iter().zip(&table.rows).zip(used);
        let skips = skips.filter(|(_, used)| !used).map(|((id, (line, _)), _)| {
            Input::Skip(Skipped::new(
                format!("{}:{line}", table.shown),
                unused_row(id),
            ))
        });
        unused.insert(*index, skips.collect());
    }
    let mut kept = Vec::with_capacity(inputs.len());
    for (index, input) in inputs.into_iter().enumerate() {
        match unused.remove(&index) {
            Some(skips) => kept.extend(skips),
            None => kept.push(input),
        }
    }
    Ok((kept, given))
}

/// The skip reason of the row of `id`, which names no text file of its
/// folder that is read: the file is not there, or not among the inputs
/// (files given each by its path, a link not followed), or the id is a path.
fn unused_row(id: &str) -> String {
    if id.contains(['/', '\\']) {
        return format!(
            "metadata of \"{id}\", a path: the {ID_COLUMN} of a row is the name of a file of the \
             table's own folder (a subfolder takes its rows from a {TABLE_NAME} of its own)"
        );
    }
    let extension = Path::new(id).extension().map(|e| e.to_string_lossy());
    let names = match extension {
        Some(e) if super::walk::TEXT_EXTENSIONS.contains(&e.to_lowercase().as_str()) => {
            String::new()
        }
        _ => format!(" (no {id}.txt or {id}.md)"),
    };
    format!(
        "metadata of \"{id}\", but no file of its folder named so is read{names}: check the \
         name in the column {ID_COLUMN}"
    )
}

/// The folder of the file at `path`, for telling whether two files are in
/// one folder however their paths are written: canonical where it can be.
fn folder_of(path: &Path) -> PathBuf {
    let parent = path
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty());
    let parent = parent.unwrap_or(Path::new("."));
    std::fs::canonicalize(parent).unwrap_or_else(|_| parent.to_path_buf())
}

/// A metadata table, read.
struct Table {
    /// Its path.
    path: PathBuf,
    /// Its path as shown.
    shown: String,
    /// Its columns' names.
    columns: Vec<String>,
    /// The warning on its decoding, if any, naming it.
    decoding: Option<String>,
    /// Each row's id, in order.
    ids: Vec<String>,
    /// Each row's line and metadata, in order.
    rows: Vec<(u64, BTreeMap<String, Value>)>,
    /// The row of each id, in NFC: a name typed with composed accents (as
    /// a spreadsheet gives it) is the file's whose name has them decomposed
    /// (as some file systems give it), and the other way round.
    by_id: HashMap<String, usize>,
}

impl Table {
    /// Reads the table at `path`; `None` when it is no metadata table (it
    /// has a text column, or no column `id`) and is read as a corpus.
    fn read(path: &Path, shown: &str, options: &CorpusOptions) -> Result<Option<Table>> {
        let error = |line: Option<u64>, message: String| {
            Error::parse(path, line.map(|l| l as usize), None, message)
        };
        let bytes = std::fs::read(path)
            .map_err(|e| error(None, format!("cannot read the metadata table: {e}")))?;
        let bom = encoding_rs::Encoding::for_bom(&bytes).map(|(encoding, _)| encoding);
        let decoded = decode_file(bytes, Decoding::choose(bom, options.encoding))
            .map_err(|reason| error(None, reason))?;
        let text = decoded
            .text
            .strip_prefix('\u{feff}')
            .unwrap_or(&decoded.text);
        let delimiter = options
            .delimiter
            .unwrap_or_else(|| detect_delimiter(text.as_bytes()));
        // Lines counted as the CSV corpus reader counts them: a line ends
        // at `\n`, `\r\n` or a lone `\r` (old Mac files).
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .from_reader(LineTracker::new(text.as_bytes(), delimiter));
        let csv_error = |reader: &mut csv::Reader<LineTracker<&[u8]>>, e: csv::Error| {
            let line = e
                .position()
                .map(|p| reader.get_mut().record_line(p.byte()) as u64);
            error(line, format!("not a valid CSV table: {e}"))
        };
        let headers = reader
            .headers()
            .map(|headers| headers.iter().map(|h| h.trim().to_string()).collect());
        let headers: Vec<String> = match headers {
            Ok(headers) => headers,
            Err(e) => return Err(csv_error(&mut reader, e)),
        };
        let has = |name: &str| headers.iter().any(|h| h == name);
        // `id`, else `ID` or `Id` as a spreadsheet may head it.
        let id_column = headers.iter().position(|h| h == ID_COLUMN).or_else(|| {
            headers
                .iter()
                .position(|h| h.eq_ignore_ascii_case(ID_COLUMN))
        });
        let Some(id_column) = id_column else {
            return Ok(None);
        };
        if options.text_fields().any(has) {
            return Ok(None);
        }
        let mut names = headers.clone();
        name_columns(&mut names).map_err(|message| error(Some(1), message))?;
        let mut table = Table {
            path: path.to_path_buf(),
            shown: shown.to_string(),
            columns: names.clone(),
            decoding: decoded.warning.as_ref().map(|w| format!("{shown}: {w}")),
            ids: Vec::new(),
            rows: Vec::new(),
            by_id: HashMap::new(),
        };
        // The line of the last record: where a quote left open at the end starts.
        let mut last_line = 1;
        let mut record = csv::StringRecord::new();
        loop {
            match reader.read_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => return Err(csv_error(&mut reader, e)),
            }
            let line = record
                .position()
                .map_or(0, |p| reader.get_mut().record_line(p.byte()) as u64);
            last_line = line;
            if record.iter().all(|cell| cell.trim().is_empty()) {
                continue;
            }
            if record.len() > names.len() {
                return Err(error(
                    Some(line),
                    format!(
                        "the row has {} cells, the header {}: quote a value that holds the \
                         delimiter",
                        record.len(),
                        names.len()
                    ),
                ));
            }
            let id = record.get(id_column).unwrap_or("").trim();
            if id.is_empty() {
                return Err(error(
                    Some(line),
                    format!(
                        "the row has no {ID_COLUMN}: give the name of the file whose metadata \
                         it holds"
                    ),
                ));
            }
            if let Some(&first) = table.by_id.get(&to_nfc(id)) {
                return Err(error(
                    Some(line),
                    format!(
                        "the {ID_COLUMN} \"{id}\" is given again (first on line {}): one row \
                         per file",
                        table.rows[first].0
                    ),
                ));
            }
            let meta: BTreeMap<String, Value> = names
                .iter()
                .zip(record.iter())
                .enumerate()
                .filter(|&(k, (_, cell))| k != id_column && !cell.trim().is_empty())
                .map(|(_, (name, cell))| (name.clone(), Value::String(cell.trim().to_string())))
                .collect();
            table.by_id.insert(to_nfc(id), table.rows.len());
            table.ids.push(id.to_string());
            table.rows.push((line, meta));
        }
        if reader.get_ref().open_quote_at_end() {
            return Err(error(
                Some(last_line),
                format!(
                    "unterminated quote: a quoted cell of the row starting on this line runs to \
                     the end of the table, so the rows after it are lost; {CLOSE_THE_QUOTE}"
                ),
            ));
        }
        Ok(Some(table))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Corpus, Item};

    fn write(dir: &Path, name: &str, content: &str) {
        std::fs::write(dir.join(name), content).unwrap();
    }

    /// A document's id, metadata and warnings.
    type Read = (String, Value, Vec<String>);

    /// The documents and skips (source, reason) of a folder.
    fn read(dir: &Path) -> (Vec<Read>, Vec<(String, String)>) {
        let corpus = Corpus::open(&[dir.to_path_buf()], CorpusOptions::default()).unwrap();
        let (mut documents, mut skips) = (Vec::new(), Vec::new());
        for item in corpus {
            match item.unwrap() {
                Item::Document(d) => {
                    documents.push((d.id, serde_json::to_value(&d.meta).unwrap(), d.warnings))
                }
                Item::Skipped(s) => {
                    let source = s.source.rsplit(['/', '\\']).next().unwrap().to_string();
                    skips.push((source, s.reason));
                }
            }
        }
        (documents, skips)
    }

    fn error(dir: &Path) -> String {
        Corpus::open(&[dir.to_path_buf()], CorpusOptions::default())
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn each_file_of_the_folder_gets_its_row() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        write(d, "d1.txt", "La souveraineté.");
        write(
            d,
            "d2.md",
            "---\nparti: LR\nlieu: Paris\n---\nLa régulation.",
        );
        write(d, "d3.txt", "Le climat.");
        // As a spreadsheet saves it in a French locale: `;`, a byte order mark.
        write(
            d,
            "metadata.csv",
            "\u{feff}id;parti;annee;lieu\r\nd1;PS;2020;\r\nd2.md; RN ;2021;Lyon\r\n;;;\r\nd9;X;2022;\r\n",
        );
        let (documents, skips) = read(d);
        assert_eq!(
            documents,
            [
                (
                    "d1.txt".to_string(),
                    serde_json::json!({"annee": "2020", "parti": "PS"}),
                    vec![]
                ),
                (
                    "d2.md".to_string(),
                    serde_json::json!({"annee": "2021", "lieu": "Paris", "parti": "LR"}),
                    vec![
                        "field \"lieu\": the front matter's value \"Paris\" is kept, where \
                         metadata.csv:3 gives \"Lyon\""
                            .replace(
                                "metadata.csv",
                                &format!("{}", d.join("metadata.csv").display())
                            ),
                        "field \"parti\": the front matter's value \"LR\" is kept, where \
                         metadata.csv:3 gives \"RN\""
                            .replace(
                                "metadata.csv",
                                &format!("{}", d.join("metadata.csv").display())
                            ),
                    ]
                ),
                (
                    "d3.txt".to_string(),
                    serde_json::json!({}),
                    vec![format!(
                        "no row of {} names this file (its column id gives a file's name, with \
                         or without its extension): the file has no metadata from it",
                        d.join("metadata.csv").display()
                    )]
                ),
            ]
        );
        assert_eq!(
            skips,
            [(
                "metadata.csv:5".to_string(),
                "metadata of \"d9\", but no file of its folder named so is read (no d9.txt or \
                 d9.md): check the name in the column id"
                    .to_string()
            )]
        );
    }

    #[test]
    fn a_file_gets_the_row_of_its_whole_name_before_that_of_its_stem() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        write(d, "d1.txt", "La souveraineté.");
        write(d, "d1.md", "Le climat.");
        write(d, "metadata.csv", "id,parti\nd1,PS\nd1.txt,LR\n");
        let (documents, skips) = read(d);
        let parties: Vec<(&str, &Value)> = documents
            .iter()
            .map(|(id, meta, _)| (id.as_str(), &meta["parti"]))
            .collect();
        assert_eq!(parties, [("d1.md", &json("PS")), ("d1.txt", &json("LR"))]);
        assert!(skips.is_empty(), "{skips:?}");
        // A stem that two files share, neither with a row of its own: which
        // one the row is for cannot be known.
        write(d, "metadata.csv", "id,parti\nd2,X\nd1,PS\n");
        write(d, "d2.txt", "La dette.");
        assert_eq!(
            error(d),
            format!(
                "{}:3: the id \"d1\" names 2 files of the folder (d1.md, d1.txt): give each file \
                 a row of its own, named with its extension (\"d1.md\")",
                d.join("metadata.csv").display()
            )
        );
    }

    #[test]
    fn a_row_that_names_no_file_read_says_why_it_may_be() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        write(d, "d1.txt", "La souveraineté.");
        std::fs::create_dir(d.join("sub")).unwrap();
        write(&d.join("sub"), "d3.txt", "Le climat.");
        write(
            d,
            "metadata.csv",
            "id,parti\nd1,PS\nd2.txt,LR\nsub/d3,RN\nrapport.2020,X\n",
        );
        let (_, skips) = read(d);
        let reasons: Vec<&str> = skips.iter().map(|(_, reason)| reason.as_str()).collect();
        assert_eq!(
            reasons,
            [
                "metadata of \"d2.txt\", but no file of its folder named so is read: check the \
                 name in the column id",
                "metadata of \"sub/d3\", a path: the id of a row is the name of a file of the \
                 table's own folder (a subfolder takes its rows from a metadata.csv of its own)",
                "metadata of \"rapport.2020\", but no file of its folder named so is read (no \
                 rapport.2020.txt or rapport.2020.md): check the name in the column id",
            ]
        );
    }

    #[test]
    fn a_table_saved_by_a_spreadsheet_in_windows_1252_or_utf_16_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        write(d, "d1.txt", "La souveraineté.");
        let table = d.join("metadata.csv");
        // Excel in French: `;`, windows-1252, `\r\n`.
        std::fs::write(&table, b"id;parti;r\xe9gion\r\nd1;PS;\xcele-de-France\r\n").unwrap();
        let (documents, _) = read(d);
        assert_eq!(
            documents,
            [(
                "d1.txt".to_string(),
                serde_json::json!({"parti": "PS", "région": "Île-de-France"}),
                vec![format!(
                    "{}: not UTF-8: decoded as windows-1252",
                    table.display()
                )]
            )]
        );
        // UTF-16 with its byte order mark, a cell over two lines.
        let text = "id\tnote\r\nd1\t\"Île-de-France\r\nNord\"\r\n";
        std::fs::write(&table, super::super::decode::utf16_with_bom(text, true)).unwrap();
        let (documents, _) = read(d);
        assert_eq!(
            documents[0].1,
            serde_json::json!({"note": "Île-de-France\r\nNord"})
        );
        assert!(documents[0].2.is_empty(), "{documents:?}");
    }

    #[test]
    fn names_match_whichever_way_their_accents_are_typed() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        // Decomposed, as a file copied from macOS may be named.
        write(d, "de\u{301}claration.txt", "La souveraineté.");
        write(d, "metadata.csv", "id,parti\ndéclaration,PS\n");
        let (documents, skips) = read(d);
        assert_eq!(documents[0].1, serde_json::json!({"parti": "PS"}));
        assert!(skips.is_empty(), "{skips:?}");
    }

    fn json(value: &str) -> Value {
        Value::String(value.to_string())
    }

    #[test]
    fn the_row_of_an_iramuteq_corpus_goes_to_each_of_its_texts() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        write(
            d,
            "corpus.txt",
            "**** *parti_PS\nLa santé.\n**** *parti_LR *annee_2021\nLa dette.\n",
        );
        write(d, "d2.txt", "Le climat.");
        write(d, "metadata.csv", "id,source,annee\ncorpus,presse,2020\n");
        let (documents, skips) = read(d);
        let table = d.join("metadata.csv").display().to_string();
        assert_eq!(
            documents,
            [
                (
                    "corpus.txt:1".to_string(),
                    serde_json::json!({"annee": "2020", "parti": "PS", "source": "presse"}),
                    vec![]
                ),
                (
                    "corpus.txt:3".to_string(),
                    serde_json::json!({"annee": "2021", "parti": "LR", "source": "presse"}),
                    vec![format!(
                        "field \"annee\": the star line's value \"2021\" is kept, where \
                         {table}:2 gives \"2020\""
                    )]
                ),
                (
                    "d2.txt".to_string(),
                    serde_json::json!({}),
                    vec![format!(
                        "no row of {table} names this file (its column id gives a file's name, \
                         with or without its extension): the file has no metadata from it"
                    )]
                ),
            ]
        );
        assert!(skips.is_empty(), "{skips:?}");
        // No row: each text says so.
        write(d, "metadata.csv", "id,source\nd2,web\n");
        let (documents, _) = read(d);
        assert!(documents[0].2[0].starts_with("no row of "), "{documents:?}");
        assert!(documents[1].2[0].starts_with("no row of "), "{documents:?}");
    }

    #[test]
    fn a_table_with_a_text_column_or_without_ids_is_a_corpus() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        write(d, "metadata.csv", "id,text\na,Le climat.\n");
        write(d, "d1.txt", "La souveraineté.");
        let (documents, _) = read(d);
        let ids: Vec<&str> = documents.iter().map(|d| d.0.as_str()).collect();
        assert_eq!(ids, ["d1.txt", "a"]);
        // No column id: a corpus without its text column, which is an error.
        write(d, "metadata.csv", "nom,parti\nd1,PS\n");
        let corpus = Corpus::open(&[d.to_path_buf()], CorpusOptions::default()).unwrap();
        let failed = corpus
            .collect::<Result<Vec<Item>>>()
            .unwrap_err()
            .to_string();
        assert!(failed.contains("no column \"text\""), "{failed}");
    }

    #[test]
    fn a_table_without_text_files_beside_it_says_where_it_belongs() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        write(d, "metadata.csv", "id,parti\nd1,PS\n");
        std::fs::create_dir(d.join("textes")).unwrap();
        write(&d.join("textes"), "d1.txt", "La souveraineté.");
        assert_eq!(
            error(d),
            format!(
                "{}: a metadata.csv with a column id and no text column is the metadata table \
                 of the .txt and .md files of its folder, and no such file of its folder is \
                 read: give it with the files it describes (give their folder), or, if it is a \
                 corpus, name its text column with --text-field (columns: id, parti)",
                d.join("metadata.csv").display()
            )
        );
    }

    #[test]
    fn a_table_and_files_given_each_by_its_path_are_in_one_folder() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        write(d, "d1.txt", "La souveraineté.");
        write(d, "metadata.csv", "id,parti\nd1,PS\n");
        let paths = [
            d.join(".").join("metadata.csv"),
            d.join("sub").join("..").join("d1.txt"),
        ];
        std::fs::create_dir(d.join("sub")).unwrap();
        let corpus = Corpus::open(&paths, CorpusOptions::default()).unwrap();
        let items = corpus.collect::<Result<Vec<Item>>>().unwrap();
        match &items[..] {
            [Item::Document(doc)] => assert_eq!(doc.meta["parti"], "PS"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn two_tables_of_one_folder_are_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        write(d, "d1.txt", "La souveraineté.");
        write(d, "metadata.csv", "id,parti\nd1,PS\n");
        write(d, "METADATA.CSV", "id,annee\nd1,2020\n");
        if std::fs::read_to_string(d.join("metadata.csv")).unwrap() != "id,parti\nd1,PS\n" {
            return; // A file system that ignores case holds one file.
        }
        assert_eq!(
            error(d),
            format!(
                "{}: a second metadata table of its folder, beside {}: merge the two into one, \
                 since a file has one row",
                d.join("metadata.csv").display(),
                d.join("METADATA.CSV").display()
            )
        );
    }

    #[test]
    fn a_file_too_large_to_read_is_left_out_by_its_row_as_its_document_would_be() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        write(d, "d1.txt", "La souveraineté industrielle et numérique.");
        write(d, "d2.txt", "La régulation.");
        write(d, "metadata.csv", "id,parti\nd1,LR\nd2,PS\n");
        let options = CorpusOptions {
            max_document_bytes: Some(20),
            conditions: vec!["parti=PS".to_string()],
            ..CorpusOptions::default()
        };
        let corpus = Corpus::open(&[d.to_path_buf()], options).unwrap();
        let items = corpus.collect::<Result<Vec<Item>>>().unwrap();
        assert_eq!(items.len(), 1, "{items:?}");
        assert!(matches!(&items[0], Item::Document(doc) if doc.id == "d2.txt"));
    }

    #[test]
    fn a_column_headed_id_in_capitals_names_the_files() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        write(d, "d1.txt", "La souveraineté.");
        write(d, "metadata.csv", "ID,parti\nd1,PS\n");
        let (documents, skips) = read(d);
        assert_eq!(documents[0].1, serde_json::json!({"parti": "PS"}));
        assert!(skips.is_empty(), "{skips:?}");
        // `id` first: `ID` is then a field like any other.
        write(d, "metadata.csv", "Id,id,parti\nx,d1,PS\n");
        let (documents, _) = read(d);
        assert_eq!(
            documents[0].1,
            serde_json::json!({"Id": "x", "parti": "PS"})
        );
    }

    #[test]
    fn a_table_that_cannot_be_read_as_one_row_per_file_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        write(d, "d1.txt", "La souveraineté.");
        let table = d.join("metadata.csv").display().to_string();
        for (content, message) in [
            (
                "id,parti\nd1,PS\nd1,LR\n",
                "3: the id \"d1\" is given again (first on line 2): one row per file",
            ),
            (
                "id,parti\nd1,PS,LR\n",
                "2: the row has 3 cells, the header 2: quote a value that holds the delimiter",
            ),
            // Lines that end in a lone carriage return, or in `\r\n` after
            // blank lines, or inside a quoted cell, are counted as the CSV
            // corpus reader counts them.
            (
                "id,parti\nd1,\"PS\nd2,LR\nd3,RN\n",
                "2: unterminated quote: a quoted cell of the row starting on this line runs to \
                 the end of the table, so the rows after it are lost; close the quote, or double \
                 a quote inside a field (\"\")",
            ),
            (
                "id,\"parti\nd1,PS\n",
                "1: unterminated quote: a quoted cell of the row starting on this line runs to \
                 the end of the table, so the rows after it are lost; close the quote, or double \
                 a quote inside a field (\"\")",
            ),
            (
                "id,parti\rd1,PS\rd1,LR\r",
                "3: the id \"d1\" is given again (first on line 2): one row per file",
            ),
            (
                "id,parti\r\n\r\nd1,PS\r\n\r\nd1,LR\r\n",
                "5: the id \"d1\" is given again (first on line 3): one row per file",
            ),
            (
                "id,parti\nd0,\"a\rb\"\r\nd1,PS,LR\n",
                "4: the row has 3 cells, the header 2: quote a value that holds the delimiter",
            ),
            (
                "id,parti\n,PS\n",
                "2: the row has no id: give the name of the file whose metadata it holds",
            ),
            (
                "id,parti,parti\nd1,PS,LR\n",
                "1: the column \"parti\" is in the header twice (columns 2 and 3): rename one \
                 of them, since a document keeps one value of a field",
            ),
        ] {
            write(d, "metadata.csv", content);
            assert_eq!(error(d), format!("{table}:{message}"), "{content:?}");
        }
    }
}
