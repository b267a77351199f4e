//! CSV inputs: this module owns reading a CSV file row by row with the `csv`
//! crate (header row required, quoted multi-line fields) and turning each
//! record into a [`Document`] or a [`Skipped`](super::Skipped) entry. A file
//! that looks binary or whose header cannot be read is one skip for the
//! whole file; a file without the text column is an error that names the
//! columns it has (the name is misspelt, or the file is not the one meant).
//! Memory holds one record at a time.
//!
//! The delimiter is the one given in the options, else whichever of `,` `;`
//! and tab occurs most in the header line outside quotes (`,` on a tie).
//! Encoding: a UTF-16 BOM or an encoding given in the options decodes the
//! file as it is read; otherwise each field is decoded on its own, as UTF-8
//! when valid (or valid but for a few bytes, see [`super::decode`]), else as
//! windows-1252, with a warning on that document when not valid.
//!
//! Line numbers are counted here rather than taken from `csv`'s record
//! positions, which give the line where the previous record ended: wrong after
//! blank lines and after `\r\n` line ends (BurntSushi/rust-csv#395). The same
//! pass over the bytes follows quoting, to tell a quote left open at the end
//! of the file (which `csv` silently closes) from a complete record.

use std::borrow::Cow;
use std::collections::{BTreeMap, VecDeque};
use std::io::{self, Read};

use ::csv::{ByteRecord, Reader, ReaderBuilder, Trim};
use encoding_rs::UTF_8;
use serde_json::Value;

use super::decode::{decode_unit, open_stream, Decoding, BINARY, SAMPLE_BYTES};
use super::decode::{mostly_control, Unit};
use super::{
    skipped, skipped_with_meta, too_large, CorpusOptions, Document, Item, Origin, Rows,
    ID_FIELD_HINT,
};
use crate::Error;

/// The delimiters recognised in a header line, in order of preference on a tie.
const DELIMITERS: [u8; 3] = [b',', b';', b'\t'];

/// Lazily reads the rows of a CSV stream from `origin` as items.
pub(crate) fn csv_rows<R: Read + Send + 'static>(
    read: R,
    origin: Origin,
    options: &CorpusOptions,
) -> Rows {
    let stream = match open_stream(read, options.encoding, SAMPLE_BYTES) {
        Ok(stream) => stream,
        Err(error) => return one_skip(&origin, format!("cannot read: {error}")),
    };
    if let Some(reason) = stream.misread {
        return one_skip(&origin, reason);
    }
    if stream.has_nul || mostly_control(&stream.sample) {
        return one_skip(&origin, BINARY.to_string());
    }
    // A `.tsv` file says its separator: a header holding more commas than
    // tabs (`id\tcommentaire, note`) would otherwise be cut at the commas.
    let tab_separated = origin
        .path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("tsv"));
    let delimiter = options.delimiter.unwrap_or_else(|| match tab_separated {
        true => b'\t',
        false => detect_delimiter(stream.sample.as_bytes()),
    });
    let mut reader = ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(true)
        .flexible(true)
        .trim(Trim::Headers)
        .from_reader(LineTracker::new(stream.reader, delimiter));
    let header_bytes = match reader.byte_headers() {
        Ok(headers) => headers.clone(),
        Err(error) => return one_skip(&origin, error.to_string()),
    };
    if header_bytes.is_empty() {
        return one_skip(&origin, "no header row".to_string());
    }
    if reader.get_ref().open_quote_at_end() {
        let lines = reader.get_ref().last_line();
        return one_skip(
            &origin,
            format!(
                "unterminated quote in the header row: a quoted field runs to the end of the file, so the whole file ({}) is skipped; {CLOSE_THE_QUOTE}",
                count(lines, "line")
            ),
        );
    }
    let mut header_warning = None;
    let mut headers = Vec::with_capacity(header_bytes.len());
    for field in &header_bytes {
        match decode_unit(field, stream.decoding, Unit::HeaderCell) {
            Ok(decoded) => {
                if let Some(warning) = decoded.warning {
                    header_warning = Some(format!("header row {warning}"));
                }
                headers.push(decoded.text.into_owned());
            }
            Err(reason) => return one_skip(&origin, format!("header row {reason}")),
        }
    }
    if let Err(message) = name_columns(&mut headers) {
        return one_error(&origin, message);
    }
    let Some(text_column) = headers.iter().position(|h| *h == options.text_field) else {
        let what_to_do = match likely_delimiter(&headers, delimiter) {
            // The whole header is one cell: the columns are not split.
            Some(b'\t') => "the header row is one column, with tabs in it: if tabs separate the columns, give --delimiter tab".to_string(),
            Some(other) => {
                let other = char::from(other);
                format!("the header row is one column, with \"{other}\" in it: if \"{other}\" separates the columns, give --delimiter '{other}'")
            }
            None if options.text_fields().nth(1).is_some() => "name the text column with --text-field (several fields are joined in JSONL inputs only)".to_string(),
            None => "name the text column with --text-field".to_string(),
        };
        let message = format!(
            "no column \"{}\" (columns: {}); {what_to_do}",
            options.text_field,
            headers.join(", ")
        );
        return one_error(&origin, message);
    };
    let id_column = headers.iter().position(|h| h == options.id_field_name());
    if let (None, Some(name)) = (id_column, &options.id_field) {
        return one_error(
            &origin,
            format!(
                "no column \"{name}\" (columns: {}); {ID_FIELD_HINT}",
                headers.join(", ")
            ),
        );
    }
    Box::new(CsvRows {
        reader,
        origin,
        headers,
        header_warning,
        text_column,
        id_column,
        decoding: stream.decoding,
        max_document_bytes: options.max_document_bytes,
        record: ByteRecord::new(),
        done: false,
    })
}

/// Names each column of a header without a name (a spreadsheet's index,
/// exported with an empty header cell) by its place, `column 3`, so that
/// its values are kept in the metadata rather than lost under one empty
/// name; then the error of a name given to two columns, if any, since a
/// document keeps one value of a field. For a CSV corpus and a metadata
/// table alike.
pub(crate) fn name_columns(headers: &mut [String]) -> std::result::Result<(), String> {
    for (column, name) in headers.iter_mut().enumerate() {
        if name.trim().is_empty() {
            *name = format!("column {}", column + 1);
        }
    }
    let mut seen: std::collections::HashMap<&str, usize> = Default::default();
    for (column, name) in headers.iter().enumerate() {
        if let Some(&first) = seen.get(name.as_str()) {
            return Err(format!(
                "the column \"{name}\" is in the header twice (columns {} and {}): rename one \
                 of them, since a document keeps one value of a field",
                first + 1,
                column + 1
            ));
        }
        seen.insert(name, column);
    }
    Ok(())
}

/// Characters that separate the columns of some CSV files, in order of
/// preference on a tie, for the hint when the header is read as one column.
const LIKELY_DELIMITERS: [u8; 4] = [b'|', b';', b'\t', b','];

/// When the header row is a single cell, the likely delimiter it holds
/// (other than `used`), the one it holds most.
fn likely_delimiter(headers: &[String], used: u8) -> Option<u8> {
    let [header] = headers else {
        return None;
    };
    let mut best = None;
    let mut best_count = 0;
    for candidate in LIKELY_DELIMITERS.into_iter().filter(|&d| d != used) {
        let count = header.bytes().filter(|&b| b == candidate).count();
        if count > best_count {
            (best, best_count) = (Some(candidate), count);
        }
    }
    best
}

/// The delimiter that occurs most in the first line of `sample` outside quotes (`,` on a tie or if none).
pub(crate) fn detect_delimiter(sample: &[u8]) -> u8 {
    let mut counts = [0usize; DELIMITERS.len()];
    let mut in_quotes = false;
    for &byte in sample {
        match byte {
            b'"' => in_quotes = !in_quotes,
            b'\n' | b'\r' if !in_quotes => break,
            _ if !in_quotes => {
                if let Some(index) = DELIMITERS.iter().position(|&d| d == byte) {
                    counts[index] += 1;
                }
            }
            _ => {}
        }
    }
    let mut best = 0;
    for index in 1..DELIMITERS.len() {
        if counts[index] > counts[best] {
            best = index;
        }
    }
    DELIMITERS[best]
}

/// What to do about an unterminated quote.
pub(crate) const CLOSE_THE_QUOTE: &str = "close the quote, or double a quote inside a field (\"\")";

/// `n` and `what`, in the plural unless `n` is 1.
fn count(n: usize, what: &str) -> String {
    crate::error::plural(n as u64, what)
}

/// A single skip for the whole file.
fn one_skip(origin: &Origin, reason: String) -> Rows {
    Box::new(std::iter::once(Ok(skipped(origin.shown.clone(), reason))))
}

/// An error that ends the reading, for the whole file.
fn one_error(origin: &Origin, message: String) -> Rows {
    Box::new(std::iter::once(Err(Error::parse(
        &origin.shown,
        None,
        None,
        message,
    ))))
}

/// The rows of a CSV file whose header has been checked.
struct CsvRows<R> {
    /// The CSV reader, positioned after the header.
    reader: Reader<LineTracker<R>>,
    /// Where the file comes from.
    origin: Origin,
    /// Column names, in file order.
    headers: Vec<String>,
    /// A warning for every document when the header row was not UTF-8.
    header_warning: Option<String>,
    /// Index of the text column.
    text_column: usize,
    /// Index of the id column, if there is one.
    id_column: Option<usize>,
    /// How fields are decoded.
    decoding: Decoding,
    /// Largest text allowed, in bytes.
    max_document_bytes: Option<u64>,
    /// The current record (reused).
    record: ByteRecord,
    /// Set after the end of the file or an I/O error.
    done: bool,
}

impl<R: Read> Iterator for CsvRows<R> {
    type Item = crate::Result<Item>;

    fn next(&mut self) -> Option<crate::Result<Item>> {
        self.next_item().map(Ok)
    }
}

impl<R: Read> CsvRows<R> {
    /// The next row's item, `None` at the end of the file.
    fn next_item(&mut self) -> Option<Item> {
        if self.done {
            return None;
        }
        match self.reader.read_byte_record(&mut self.record) {
            Ok(true) => {
                let start = self.record.position().map_or(0, |p| p.byte());
                let line = self.reader.get_mut().record_line(start);
                if self.reader.get_ref().open_quote_at_end() {
                    // The quote swallowed the rest of the file into this
                    // record. Where the field should have ended cannot be
                    // known (the closing quote may be missing on any line
                    // after it), so the rows it hides are not guessed at:
                    // the reason says how much of the file that is.
                    self.done = true;
                    let last = self.reader.get_ref().last_line().max(line);
                    let span = if last == line {
                        format!("line {line} is skipped")
                    } else {
                        format!(
                            "lines {line}–{last} ({}) are skipped as one row",
                            count(last - line + 1, "line")
                        )
                    };
                    return Some(skipped(
                        self.origin.source_at(line),
                        format!(
                            "unterminated quote: the row starting on line {line} has a quoted field that runs to the end of the file, so {span}; {CLOSE_THE_QUOTE}"
                        ),
                    ));
                }
                Some(self.row(line))
            }
            Ok(false) => {
                self.done = true;
                None
            }
            Err(error) => {
                let start = error
                    .position()
                    .unwrap_or_else(|| self.reader.position())
                    .byte();
                let line = self.reader.get_mut().record_line(start);
                let reason = if error.is_io_error() {
                    // The file is unusable from here; stop rather than loop on the error.
                    self.done = true;
                    format!("cannot read: {error} (rest of the file not read)")
                } else {
                    error.to_string()
                };
                Some(skipped(self.origin.source_at(line), reason))
            }
        }
    }
}

impl<R> CsvRows<R> {
    /// Turns the current record, which starts on line `line`, into a document or a skip.
    fn row(&self, line: usize) -> Item {
        let record = &self.record;
        let source = self.origin.source_at(line);
        if record.len() != self.headers.len() {
            return skipped(
                source,
                format!(
                    "ragged row: {}, the header has {}; check its quoting (a field holding the delimiter or a line break must be in double quotes)",
                    count(record.len(), "field"),
                    self.headers.len()
                ),
            );
        }
        let mut fields: Vec<Cow<'_, str>> = Vec::with_capacity(record.len());
        // UTF-8 unless a field was decoded from another encoding.
        let mut encoding = UTF_8;
        let mut warnings: Vec<String> = self.header_warning.iter().cloned().collect();
        for (field, name) in record.iter().zip(&self.headers) {
            match decode_unit(field, self.decoding, Unit::Column(name)) {
                Ok(decoded) => {
                    if decoded.encoding != UTF_8 {
                        encoding = decoded.encoding;
                    }
                    if let Some(warning) = decoded.warning {
                        if !warnings.contains(&warning) {
                            warnings.push(warning);
                        }
                    }
                    fields.push(decoded.text);
                }
                Err(reason) => return skipped(source, format!("column \"{name}\": {reason}")),
            }
        }
        let text = &fields[self.text_column];
        let id = self
            .id_column
            .map(|column| &fields[column])
            .map(|id| id.trim())
            .filter(|id| !id.is_empty())
            .map_or_else(|| self.origin.id_at(line), str::to_string);
        let mut meta = BTreeMap::new();
        for (column, (name, value)) in self.headers.iter().zip(&fields).enumerate() {
            let value = value.trim();
            if column == self.text_column || Some(column) == self.id_column || value.is_empty() {
                continue;
            }
            meta.entry(name.clone())
                .or_insert_with(|| Value::String(value.to_string()));
        }
        if let Some(max) = self.max_document_bytes {
            if text.len() as u64 > max {
                return skipped_with_meta(source, too_large(max), meta);
            }
        }
        if text.trim().is_empty() {
            return skipped_with_meta(source, "empty", meta);
        }
        Item::Document(Document {
            id,
            source,
            meta,
            text: text.to_string(),
            body_start: 0,
            encoding: encoding.name().to_string(),
            warnings,
        })
    }
}

/// Where a byte stands in CSV quoting, as `csv` reads it (quote `"`, doubled to escape).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quoting {
    /// At the start of a field (or of a record).
    FieldStart,
    /// Inside a field that did not start with a quote.
    Unquoted,
    /// Inside a quoted field.
    Quoted,
    /// Just after a quote inside a quoted field: it closes the field unless another quote follows.
    QuoteInQuoted,
}

impl Quoting {
    /// The state after `byte`.
    fn next(self, byte: u8, delimiter: u8) -> Quoting {
        let ends_field = byte == delimiter || byte == b'\n' || byte == b'\r';
        match self {
            Quoting::Quoted => {
                if byte == b'"' {
                    Quoting::QuoteInQuoted
                } else {
                    Quoting::Quoted
                }
            }
            Quoting::QuoteInQuoted if byte == b'"' => Quoting::Quoted,
            Quoting::FieldStart if byte == b'"' => Quoting::Quoted,
            _ if ends_field => Quoting::FieldStart,
            _ => Quoting::Unquoted,
        }
    }
}

/// A reader that keeps the bytes read since the last record start, to give
/// the line where each record begins, and follows quoting to the end of the
/// stream. For a CSV corpus and a metadata table alike.
pub(crate) struct LineTracker<R> {
    /// The underlying stream.
    inner: R,
    /// Bytes read from `inner`, from stream offset `start` on.
    window: VecDeque<u8>,
    /// Stream offset of the first byte of `window`.
    start: u64,
    /// 1-based line number at offset `start`.
    line: usize,
    /// Whether the byte before offset `start` is a carriage return (a line
    /// feed after it ends no other line).
    after_cr: bool,
    /// The field delimiter.
    delimiter: u8,
    /// Quoting after the last byte read.
    quoting: Quoting,
    /// Whether `inner` reached its end.
    at_end: bool,
}

impl<R> LineTracker<R> {
    /// Wraps `inner`, at line 1.
    pub(crate) fn new(inner: R, delimiter: u8) -> Self {
        LineTracker {
            inner,
            window: VecDeque::new(),
            start: 0,
            line: 1,
            after_cr: false,
            delimiter,
            quoting: Quoting::FieldStart,
            at_end: false,
        }
    }

    /// Whether the whole stream has been read and ends inside a quoted field:
    /// then the record `csv` just returned runs from an unclosed quote to the end.
    pub(crate) fn open_quote_at_end(&self) -> bool {
        self.at_end && self.quoting == Quoting::Quoted
    }

    /// The number of the last line read: the line of the first byte kept,
    /// plus the line breaks after it (a break at the very end starts no line).
    /// A line ends at `\n`, `\r\n` or a lone `\r` (old Mac files).
    fn last_line(&self) -> usize {
        let mut after_cr = self.after_cr;
        let mut breaks = 0;
        for &b in &self.window {
            breaks += usize::from(is_line_break(b, after_cr));
            after_cr = b == b'\r';
        }
        let final_break = matches!(self.window.back(), Some(b'\n' | b'\r'));
        self.line + breaks - usize::from(final_break)
    }

    /// The line of the first byte of the record that `csv` places at offset `byte`, after the line breaks before it; forgets earlier bytes.
    pub(crate) fn record_line(&mut self, byte: u64) -> usize {
        while self.start < byte {
            let Some(b) = self.window.pop_front() else {
                break;
            };
            self.advance(b);
        }
        while let Some(&b) = self.window.front() {
            if b != b'\n' && b != b'\r' {
                break;
            }
            self.window.pop_front();
            self.advance(b);
        }
        self.line
    }

    /// Accounts for one forgotten byte.
    fn advance(&mut self, byte: u8) {
        self.start += 1;
        self.line += usize::from(is_line_break(byte, self.after_cr));
        self.after_cr = byte == b'\r';
    }
}

/// Whether `byte` ends a line, given whether the byte before it is a
/// carriage return: `\r` always does, `\n` unless it completes a `\r\n`.
pub(crate) fn is_line_break(byte: u8, after_cr: bool) -> bool {
    byte == b'\r' || (byte == b'\n' && !after_cr)
}

impl<R: Read> Read for LineTracker<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buf)?;
        if read == 0 && !buf.is_empty() {
            self.at_end = true;
        }
        for &byte in &buf[..read] {
            self.quoting = self.quoting.next(byte, self.delimiter);
        }
        self.window.extend(&buf[..read]);
        Ok(read)
    }
}

#[cfg(test)]
mod tests {
    use super::super::decode::utf16_with_bom;
    use super::*;
    use crate::corpus::Skipped;
    use std::io::Cursor;

    fn origin() -> Origin {
        Origin {
            path: "data/t.csv".into(),
            id: "t.csv".to_string(),
            shown: "data/t.csv".to_string(),
        }
    }

    fn read(input: &[u8]) -> Vec<Item> {
        read_with(input, &CorpusOptions::default())
    }

    fn read_with(input: &[u8], options: &CorpusOptions) -> Vec<Item> {
        csv_rows(Cursor::new(input.to_vec()), origin(), options)
            .map(|item| item.expect("no error"))
            .collect()
    }

    /// The error that reading `input` ends with, after no item.
    fn read_error(input: &[u8], options: &CorpusOptions) -> String {
        let mut rows = csv_rows(Cursor::new(input.to_vec()), origin(), options);
        match rows.next() {
            Some(Err(error)) => error.to_string(),
            other => panic!("expected an error, got {other:?}"),
        }
    }

    fn skip(source: &str, reason: &str) -> Item {
        Item::Skipped(Skipped::new(source, reason))
    }

    fn document(line: usize, id: &str, text: &str, meta: &[(&str, &str)]) -> Item {
        Item::Document(Document {
            id: id.to_string(),
            source: format!("data/t.csv:{line}"),
            meta: meta
                .iter()
                .map(|(k, v)| (k.to_string(), Value::from(*v)))
                .collect(),
            text: text.to_string(),
            body_start: 0,
            encoding: "UTF-8".to_string(),
            warnings: Vec::new(),
        })
    }

    #[test]
    fn rows_with_ids_metadata_and_multiline_fields() {
        let input = concat!(
            "id,orateur,text,annee\n",
            "d1,Marianne,\"Premier paragraphe.\n\nSecond, avec \"\"citation\"\".\",2017\n",
            ",,Sans id,\n",
            "d3, Paul ,\"\",2020\n",
            "d4,Zoé,Dernier, \n",
        );
        assert_eq!(
            read(input.as_bytes()),
            vec![
                document(
                    2,
                    "d1",
                    "Premier paragraphe.\n\nSecond, avec \"citation\".",
                    &[("annee", "2017"), ("orateur", "Marianne")]
                ),
                document(5, "t.csv:5", "Sans id", &[]),
                skip("data/t.csv:6", "empty"),
                document(7, "d4", "Dernier", &[("orateur", "Zoé")]),
            ]
        );
    }

    /// A `.tsv` file is cut at its tabs, whatever its header holds.
    #[test]
    fn a_tsv_file_is_read_with_tabs() {
        let input = "id\tcommentaire, note, avis\ttext\nd1\tbon, clair, net\tLe climat.\n";
        let tsv = Origin {
            path: "data/t.tsv".into(),
            id: "t.tsv".to_string(),
            shown: "data/t.tsv".to_string(),
        };
        let items: Vec<Item> = csv_rows(
            Cursor::new(input.as_bytes().to_vec()),
            tsv,
            &CorpusOptions::default(),
        )
        .map(|item| item.expect("no error"))
        .collect();
        let Item::Document(doc) = &items[0] else {
            panic!("{items:?}")
        };
        assert_eq!((doc.id.as_str(), doc.text.as_str()), ("d1", "Le climat."));
        assert_eq!(doc.meta["commentaire, note, avis"], "bon, clair, net");
        // The same bytes in a .csv file: the commas outnumber the tabs,
        // and the header is cut at them.
        let error = read_error(input.as_bytes(), &CorpusOptions::default());
        assert!(error.contains("no column \"text\""), "{error}");
    }

    /// Columns without a name (a spreadsheet's index, a second one) keep
    /// their values, named by their place; two of them were one empty name,
    /// the second's values lost.
    #[test]
    fn columns_without_a_name_are_named_by_their_place() {
        let input = ",text,,parti\n7,Le climat.,x,LR\n";
        assert_eq!(
            read(input.as_bytes()),
            vec![document(
                2,
                "t.csv:2",
                "Le climat.",
                &[("column 1", "7"), ("column 3", "x"), ("parti", "LR")]
            )]
        );
    }

    #[test]
    fn line_numbers_survive_blank_lines_and_crlf() {
        let input = "text\r\n\r\nUn\r\n\r\n\r\n\"Deux\r\nlignes\"\r\nTrois\n\nQuatre";
        let lines: Vec<String> = read(input.as_bytes())
            .into_iter()
            .map(|item| match item {
                Item::Document(d) => format!("{} {:?}", d.source, d.text),
                Item::Skipped(s) => format!("{} {}", s.source, s.reason),
            })
            .collect();
        assert_eq!(
            lines,
            vec![
                "data/t.csv:3 \"Un\"",
                "data/t.csv:6 \"Deux\\r\\nlignes\"",
                "data/t.csv:8 \"Trois\"",
                "data/t.csv:10 \"Quatre\"",
            ]
        );
    }

    /// Old Mac files end lines with a lone carriage return: each is a line,
    /// as in text files, so rows keep distinct sources and ids.
    #[test]
    fn line_numbers_with_carriage_returns_alone() {
        let input = "text,parti\r\"Un texte\rsur deux\",MAC\rDeux,LES\r\rTrois,X\r\nQuatre,Y\r";
        let sources: Vec<String> = read(input.as_bytes())
            .into_iter()
            .map(|item| match item {
                Item::Document(d) => format!("{} {}", d.source, d.id),
                Item::Skipped(s) => format!("{} {}", s.source, s.reason),
            })
            .collect();
        assert_eq!(
            sources,
            vec![
                "data/t.csv:2 t.csv:2",
                "data/t.csv:4 t.csv:4",
                "data/t.csv:6 t.csv:6",
                "data/t.csv:7 t.csv:7",
            ]
        );
        // Records that straddle the reader's buffers.
        let mut input = String::from("id,text\r");
        for row in 1..=3000 {
            input.push_str(&format!("r{row},\"ligne {row}\rsuite\"\r"));
        }
        for (index, item) in read(input.as_bytes()).iter().enumerate() {
            let Item::Document(document) = item else {
                panic!("expected a document, got {item:?}");
            };
            assert_eq!(document.source, format!("data/t.csv:{}", 2 + 2 * index));
        }
    }

    #[test]
    fn line_numbers_across_read_buffers() {
        // Enough rows that records straddle the reader's internal buffers.
        let mut input = String::from("id,text\r\n");
        for row in 1..=3000 {
            input.push_str(&format!("r{row},\"ligne {row}\r\nsuite\"\r\n"));
        }
        let items = read(input.as_bytes());
        assert_eq!(items.len(), 3000);
        for (index, item) in items.iter().enumerate() {
            let Item::Document(document) = item else {
                panic!("expected a document, got {item:?}");
            };
            assert_eq!(document.source, format!("data/t.csv:{}", 2 + 2 * index));
            assert_eq!(document.id, format!("r{}", index + 1));
        }
    }

    #[test]
    fn missing_text_column_is_an_error_naming_the_columns() {
        assert_eq!(
            read_error(b"id,corps,auteur\n1,a,b\n2,c,d\n", &CorpusOptions::default()),
            "data/t.csv: no column \"text\" (columns: id, corps, auteur); name the text column with --text-field"
        );
        let options = CorpusOptions {
            text_field: "question,reponse".to_string(),
            ..CorpusOptions::default()
        };
        assert_eq!(
            read_error(b"question,reponse\nQ,R\n", &options),
            "data/t.csv: no column \"question,reponse\" (columns: question, reponse); name the text column with --text-field (several fields are joined in JSONL inputs only)"
        );
    }

    /// Ids are trimmed like the metadata: ` 1 ` from a padded export is `1`.
    #[test]
    fn ids_are_trimmed() {
        let items = read(b"id,text,parti\n 1 ,Un, MAC \n");
        assert_eq!(items, vec![document(2, "1", "Un", &[("parti", "MAC")])]);
    }

    #[test]
    fn a_column_named_twice_is_an_error() {
        assert_eq!(
            read_error(b"id,text,parti,parti\n1,La souverainet\xc3\xa9,MAC,LES\n", &CorpusOptions::default()),
            "data/t.csv: the column \"parti\" is in the header twice (columns 3 and 4): rename one of them, since a document keeps one value of a field"
        );
        assert!(
            read_error(b"text,id,text\nA,1,B\n", &CorpusOptions::default())
                .contains("the column \"text\" is in the header twice (columns 1 and 3)")
        );
        // Columns without a name are not compared (spreadsheets export them).
        assert_eq!(read(b"text,,\nA,,\n").len(), 1);
    }

    #[test]
    fn empty_file_has_no_header() {
        assert_eq!(read(b""), vec![skip("data/t.csv", "no header row")]);
    }

    #[test]
    fn ragged_rows_are_row_level_skips() {
        let input = "text,lieu\nUn,Paris\nDeux\nTrois,Lyon,extra\r\nQuatre,Nice\r\n";
        assert_eq!(
            read(input.as_bytes()),
            vec![
                document(2, "t.csv:2", "Un", &[("lieu", "Paris")]),
                skip("data/t.csv:3", "ragged row: 1 field, the header has 2; check its quoting (a field holding the delimiter or a line break must be in double quotes)"),
                skip("data/t.csv:4", "ragged row: 3 fields, the header has 2; check its quoting (a field holding the delimiter or a line break must be in double quotes)"),
                document(5, "t.csv:5", "Quatre", &[("lieu", "Nice")]),
            ]
        );
    }

    #[test]
    fn windows_1252_row_is_decoded_with_a_warning() {
        let items =
            read(b"text,lieu\nCaf\xe9 cr\xe8me br\xfbl\xe9e,Paris\nbon,N\xeemes\nUn,Deux\n");
        let Item::Document(mut expected) =
            document(2, "t.csv:2", "Café crème brûlée", &[("lieu", "Paris")])
        else {
            unreachable!()
        };
        expected.encoding = "windows-1252".to_string();
        expected.warnings = vec!["not UTF-8: decoded as windows-1252".to_string()];
        let Item::Document(mut second) = document(3, "t.csv:3", "bon", &[("lieu", "Nîmes")])
        else {
            unreachable!()
        };
        second.encoding = "windows-1252".to_string();
        second.warnings = expected.warnings.clone();
        assert_eq!(
            items,
            vec![
                Item::Document(expected),
                Item::Document(second),
                document(4, "t.csv:4", "Un", &[("lieu", "Deux")]),
            ]
        );
    }

    #[test]
    fn a_utf8_field_with_a_stray_byte_stays_utf8() {
        let items = read(b"text,lieu\n\"L'\xc3\xa9t\xc3\xa9 \xc3\xa0 P\xc3\xa9rouges, d\xe9cid\xc3\xa9.\",Lyon\n");
        let Item::Document(document) = &items[0] else {
            panic!("expected a document, got {items:?}");
        };
        assert_eq!(document.text, "L'été à Pérouges, d\u{fffd}cidé.");
        assert_eq!(document.encoding, "UTF-8");
        assert_eq!(
            document.warnings,
            ["not UTF-8 at byte 23 of column \"text\": 1 invalid byte replaced with U+FFFD, the rest read as UTF-8"]
        );
    }

    #[test]
    fn windows_1252_header_warns_on_every_row() {
        let items = read(b"text,intitul\xe9\nUn,Deux\n");
        let Item::Document(document) = &items[0] else {
            panic!("expected a document, got {items:?}");
        };
        assert_eq!(document.meta["intitulé"], "Deux");
        assert_eq!(document.encoding, "UTF-8");
        assert_eq!(
            document.warnings,
            ["header row not UTF-8: decoded as windows-1252"]
        );
    }

    #[test]
    fn utf8_required_skips_rows_that_are_not() {
        let options = CorpusOptions {
            encoding: Some(encoding_rs::UTF_8),
            ..CorpusOptions::default()
        };
        assert_eq!(
            read_with(b"text,n\ncaf\xe9,1\nbon,2\n", &options),
            vec![
                skip(
                    "data/t.csv:2",
                    &format!("column \"text\": {}", crate::corpus::decode::not_utf8(3))
                ),
                document(3, "t.csv:3", "bon", &[("n", "2")]),
            ]
        );
        assert_eq!(
            read_with(b"text,n\xe9\nbon,2\n", &options),
            vec![skip(
                "data/t.csv",
                &format!("header row {}", crate::corpus::decode::not_utf8(1))
            )]
        );
    }

    #[test]
    fn utf16_files_with_bom() {
        let text = "id;text\r\nd1;Souveraineté\r\nd2;\"Deux\r\nlignes\"\r\n";
        for name in ["UTF-16LE", "UTF-16BE"] {
            let input = utf16_with_bom(text, name == "UTF-16LE");
            let described: Vec<String> = read(&input)
                .into_iter()
                .map(|item| match item {
                    Item::Document(d) => {
                        format!("{} {} {:?} {}", d.source, d.id, d.text, d.encoding)
                    }
                    Item::Skipped(s) => format!("{} {}", s.source, s.reason),
                })
                .collect();
            assert_eq!(
                described,
                vec![
                    format!("data/t.csv:2 d1 \"Souveraineté\" {name}"),
                    format!("data/t.csv:3 d2 \"Deux\\r\\nlignes\" {name}"),
                ]
            );
        }
    }

    #[test]
    fn binary_file_is_one_skip() {
        assert_eq!(
            read(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            vec![skip("data/t.csv", "binary")]
        );
        assert_eq!(
            read(b"text\n\x01\x02\x03\x04\x05\x06"),
            vec![skip("data/t.csv", "binary")]
        );
    }

    #[test]
    fn utf16_without_a_byte_order_mark_is_one_skip_that_says_how_to_read_it() {
        let bytes: Vec<u8> = "id,text\na,Le président.\nb,La mer.\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(
            read(&bytes),
            vec![skip(
                "data/t.csv",
                "binary, or UTF-16 text without a byte-order mark: if it is text, give --encoding utf-16le"
            )]
        );
    }

    #[test]
    fn semicolon_delimiter_is_detected() {
        let input = "id;text;lieu\nd1;Bonjour, la France;\"Paris; 75\"\n";
        assert_eq!(
            read(input.as_bytes()),
            vec![document(
                2,
                "d1",
                "Bonjour, la France",
                &[("lieu", "Paris; 75")]
            )]
        );
        // Delimiters inside quotes in the header do not count.
        let input = "\"a;b;c\",text\nx,Bonjour\n";
        assert_eq!(
            read(input.as_bytes()),
            vec![document(2, "t.csv:2", "Bonjour", &[("a;b;c", "x")])]
        );
    }

    #[test]
    fn a_header_read_as_one_column_suggests_its_delimiter() {
        let error = |input: &str, delimiter: Option<u8>| {
            let options = CorpusOptions {
                delimiter,
                ..CorpusOptions::default()
            };
            read_error(input.as_bytes(), &options)
        };
        assert_eq!(
            error("id|text\n1|La souveraineté.\n", None),
            "data/t.csv: no column \"text\" (columns: id|text); the header row is one column, with \"|\" in it: if \"|\" separates the columns, give --delimiter '|'"
        );
        assert_eq!(
            error("id;text\n1;Un.\n", Some(b',')),
            "data/t.csv: no column \"text\" (columns: id;text); the header row is one column, with \";\" in it: if \";\" separates the columns, give --delimiter ';'"
        );
        assert_eq!(
            error("id\ttext\n1\tUn.\n", Some(b';')),
            "data/t.csv: no column \"text\" (columns: id\ttext); the header row is one column, with tabs in it: if tabs separate the columns, give --delimiter tab"
        );
        // Several columns, or one without a likely delimiter: name the text column.
        assert!(
            error("id|a,texte\n1|b,c\n", None).ends_with("name the text column with --text-field")
        );
        assert!(error("texte\nUn.\n", None).ends_with("name the text column with --text-field"));
    }

    #[test]
    fn delimiter_detection() {
        assert_eq!(detect_delimiter(b"text"), b',');
        assert_eq!(detect_delimiter(b"a;b,c"), b',');
        assert_eq!(detect_delimiter(b"a;b;c,d"), b';');
        assert_eq!(detect_delimiter(b"a\tb\tc\td;e;f,g"), b'\t');
        assert_eq!(detect_delimiter(b"a\tb;c"), b';');
        assert_eq!(detect_delimiter(b"a;b\nc,d,e,f"), b';');
        assert_eq!(detect_delimiter(b"\"x,y,z\";b"), b';');
    }

    #[test]
    fn delimiter_given_in_the_options() {
        let options = CorpusOptions {
            delimiter: Some(b';'),
            ..CorpusOptions::default()
        };
        // Detection picks `,` here (one `;` and one `,`: a tie).
        let input = "text;date, lieu\nBonjour, la France;2024, Paris\n";
        assert_eq!(
            read_with(input.as_bytes(), &options),
            vec![document(
                2,
                "t.csv:2",
                "Bonjour, la France",
                &[("date, lieu", "2024, Paris")]
            )]
        );
        assert_eq!(
            read_error(input.as_bytes(), &CorpusOptions::default()),
            "data/t.csv: no column \"text\" (columns: text;date, lieu); name the text column with --text-field"
        );
    }

    #[test]
    fn unterminated_quote_is_skipped_with_the_lines_it_takes() {
        let mut input = "text,n\nUn,1\n\"Deux,2\n".to_string();
        for k in 4..=1002 {
            input.push_str(&format!("Ligne {k},{k}\r\n"));
        }
        assert_eq!(
            read(input.as_bytes()),
            vec![
                document(2, "t.csv:2", "Un", &[("n", "1")]),
                skip(
                    "data/t.csv:3",
                    "unterminated quote: the row starting on line 3 has a quoted field that runs to the end of the file, so lines 3–1002 (1000 lines) are skipped as one row; close the quote, or double a quote inside a field (\"\")"
                ),
            ]
        );
        // The row starts before the quote is opened, on a later line, and
        // the last line has no line break.
        assert_eq!(
            read(b"text,n\n\"Un\r\ndeux\",\"1\nTrois,3\nQuatre,4"),
            vec![skip(
                "data/t.csv:2",
                "unterminated quote: the row starting on line 2 has a quoted field that runs to the end of the file, so lines 2–5 (4 lines) are skipped as one row; close the quote, or double a quote inside a field (\"\")"
            )]
        );
        // At the very end of the file, without a line break.
        assert_eq!(
            read(b"text\r\nUn\r\n\"Deux"),
            vec![
                document(2, "t.csv:2", "Un", &[]),
                skip(
                    "data/t.csv:3",
                    "unterminated quote: the row starting on line 3 has a quoted field that runs to the end of the file, so line 3 is skipped; close the quote, or double a quote inside a field (\"\")"
                ),
            ]
        );
        // In the header row.
        assert_eq!(
            read(b"\"text,n\nUn,1\n"),
            vec![skip(
                "data/t.csv",
                "unterminated quote in the header row: a quoted field runs to the end of the file, so the whole file (2 lines) is skipped; close the quote, or double a quote inside a field (\"\")"
            )]
        );
        // Closed quotes at the end, escaped quotes and quotes inside an unquoted field are fine.
        assert_eq!(
            read(b"text,n\nUn \"mot,\"1\"\"\"\n\"Deux\"\"\",\"2\""),
            vec![
                document(2, "t.csv:2", "Un \"mot", &[("n", "1\"")]),
                document(3, "t.csv:3", "Deux\"", &[("n", "2")]),
            ]
        );
    }

    #[test]
    fn text_larger_than_the_limit_is_skipped() {
        let options = CorpusOptions {
            max_document_bytes: Some(4),
            ..CorpusOptions::default()
        };
        assert_eq!(
            read_with(
                "text,lieu\nUn,Paris-la-Défense\nDeux!,Lyon\n".as_bytes(),
                &options
            ),
            vec![
                document(2, "t.csv:2", "Un", &[("lieu", "Paris-la-Défense")]),
                skip("data/t.csv:3", "larger than --max-document-bytes (4 bytes)"),
            ]
        );
    }

    #[test]
    fn bom_and_padded_headers_are_handled() {
        assert_eq!(
            read("\u{feff}text , id\nBonjour,x\n".as_bytes()),
            vec![document(2, "x", "Bonjour", &[])]
        );
    }

    #[test]
    fn an_id_column_named_that_the_file_lacks_is_an_error() {
        let named = CorpusOptions {
            id_field: Some("uuid".to_string()),
            ..CorpusOptions::default()
        };
        assert_eq!(
            read_error(b"uid,text\nQ1,Un.\n", &named),
            "data/t.csv: no column \"uuid\" (columns: uid, text); check the name given to --id-field (without it, ids are read from a field \"id\" if there is one, else FILE:LINE)"
        );
        // Without a name, a file without `id` has FILE:LINE ids.
        assert_eq!(
            read(b"uid,text\nQ1,Un.\n"),
            vec![document(2, "t.csv:2", "Un.", &[("uid", "Q1")])]
        );
    }

    #[test]
    fn configured_column_names() {
        let options = CorpusOptions {
            text_field: "discours".to_string(),
            id_field: Some("ref".to_string()),
            ..CorpusOptions::default()
        };
        let items: Vec<Item> = csv_rows(
            Cursor::new("ref,discours,text\nr1,A,autre\n"),
            origin(),
            &options,
        )
        .map(Result::unwrap)
        .collect();
        assert_eq!(items, vec![document(2, "r1", "A", &[("text", "autre")])]);
    }
}
