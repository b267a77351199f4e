//! The streamed report of `analyze` (one line per document then the corpus
//! with `--format jsonl`; the documents as the last field of the report with
//! `--format json`). A document's key terms are ranked by tf-idf, which needs
//! the document frequencies of the whole corpus, so no line can be finished
//! before the last document is analysed. The corpus is still read once: each
//! document is kept meanwhile as a [`PendingLine`] (its line without the key
//! terms, and the term rows to rank them from) in a [`Spill`], a file that
//! memory does not grow with (`parole analyze` gives it an anonymous
//! temporary file, which the system removes whatever happens to the
//! process). The spill's format is private to one run.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, Write};

use rustc_hash::FxHashMap as HashMap;

use crate::analyze::{Span, Sym};
use crate::count::{Gram, TermRow};
use crate::pipeline::{Config, CorpusTotals, DocumentResult, PassageResult};
use crate::report::{
    document_theme_reports, idf, key_terms, passage_score, per_10k, DocumentReport, DocumentTerm,
};
use crate::themes::{Evidence, Theme};

/// A document's report line, finished but for its key terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingLine {
    /// Encoded as little-endian `u64`s and bytes: where the key terms go in
    /// the line (just after `"terms":[`), the line's length, the line with
    /// no key terms (newline included), content tokens, the number of term
    /// rows, then each row as count, key and display form. A key or form is
    /// written as the address of its interned string, which stays the same
    /// for the life of the process (0 for no form).
    record: Vec<u8>,
}

const TERMS_FIELD: &[u8] = b",\"terms\":[";

/// Cuts the JSON of an object whose last field is `field`, an empty array,
/// back to that array's opening bracket: its items can then be appended,
/// separated by commas, and `]}` closes the array and the object. Reports
/// put their long arrays last (`documents`, a document's `passages`) so
/// that they can be written this way, item by item.
///
/// Panics if `field` is not the last field, or not an empty array: the
/// report types changed.
pub fn open_last_array(json: &mut Vec<u8>, field: &str) {
    let end = format!("\"{field}\":[]}}");
    assert!(
        json.ends_with(end.as_bytes()),
        "`{field}` is the last field of the object, and empty"
    );
    json.truncate(json.len() - 2);
}

/// Appends a passage as `serde_json` writes its [`PassageReport`], straight
/// from the analysis (no strings copied into a report first), with its text
/// escaped by [`write_json_str`], which skips runs of plain bytes 16 at a
/// time where `serde_json` looks at each byte: the text is most of a
/// report. A test compares the bytes with `serde_json`'s.
fn write_passage(out: &mut Vec<u8>, themes: &[Theme], passage: &PassageResult) {
    // Every field, so that a field added to the analysis does not compile
    // until it is considered here too.
    let PassageResult {
        index,
        span,
        text,
        totals,
        scores,
        assigned,
        evidence,
        speaker,
    } = passage;
    let mut number = itoa::Buffer::new();
    out.extend_from_slice(b"{\"index\":");
    out.extend_from_slice(number.format(*index).as_bytes());
    out.extend_from_slice(b",\"span\":");
    write_span(out, *span);
    out.extend_from_slice(b",\"text\":");
    write_json_str(out, text);
    out.extend_from_slice(b",\"speaker\":");
    match speaker {
        Some(speaker) => write_json_str(out, speaker),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"tokens\":");
    out.extend_from_slice(number.format(totals.tokens).as_bytes());
    out.extend_from_slice(b",\"content_tokens\":");
    out.extend_from_slice(number.format(totals.content_tokens).as_bytes());
    out.extend_from_slice(b",\"themes\":[");
    for (i, &t) in assigned.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write_json_str(out, &themes[t].id);
    }
    // A map by theme id, so in the order of the ids.
    out.extend_from_slice(b"],\"scores\":{");
    let mut scored: Vec<usize> = (0..scores.len()).filter(|&t| scores[t] > 0.0).collect();
    scored.sort_unstable_by(|&a, &b| themes[a].id.cmp(&themes[b].id));
    for (i, &t) in scored.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write_json_str(out, &themes[t].id);
        out.push(b':');
        write_f64(out, passage_score(scores[t]));
    }
    out.extend_from_slice(b"},\"evidence\":[");
    for (i, e) in evidence.iter().enumerate() {
        let Evidence {
            theme,
            theme_index: _,
            entry,
            text,
            span,
            weight,
        } = e;
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"theme\":");
        write_json_str(out, theme);
        out.extend_from_slice(b",\"entry\":");
        write_json_str(out, entry);
        out.extend_from_slice(b",\"text\":");
        write_json_str(out, text);
        out.extend_from_slice(b",\"span\":");
        write_span(out, *span);
        out.extend_from_slice(b",\"weight\":");
        write_f64(out, *weight);
        out.push(b'}');
    }
    out.extend_from_slice(b"]}");
}

/// Appends a span as `serde_json` writes `[start, end]`.
fn write_span(out: &mut Vec<u8>, span: Span) {
    let mut number = itoa::Buffer::new();
    out.push(b'[');
    out.extend_from_slice(number.format(span.start).as_bytes());
    out.push(b',');
    out.extend_from_slice(number.format(span.end).as_bytes());
    out.push(b']');
}

/// Appends a key term as `serde_json` writes it.
fn write_term(out: &mut Vec<u8>, term: &DocumentTerm<&str>) {
    let DocumentTerm {
        key,
        display,
        count,
        per_10k,
        tfidf,
    } = term;
    out.extend_from_slice(b"{\"key\":");
    write_json_str(out, key);
    out.extend_from_slice(b",\"display\":");
    write_json_str(out, display);
    out.extend_from_slice(b",\"count\":");
    out.extend_from_slice(itoa::Buffer::new().format(*count).as_bytes());
    out.extend_from_slice(b",\"per_10k\":");
    write_f64(out, *per_10k);
    out.extend_from_slice(b",\"tfidf\":");
    write_f64(out, *tfidf);
    out.push(b'}');
}

/// Appends a document's n-gram as `serde_json` writes its [`NgramEntry`];
/// `words` is room to write its words in.
fn write_ngram(out: &mut Vec<u8>, words: &mut String, row: &TermRow<'_>, content_tokens: u64) {
    let join = |words: &mut String, gram: Gram| {
        use std::fmt::Write as _;
        words.clear();
        write!(words, "{gram}").expect("a string takes any text");
    };
    let mut number = itoa::Buffer::new();
    out.extend_from_slice(b"{\"n\":");
    out.extend_from_slice(number.format(row.key.n()).as_bytes());
    out.extend_from_slice(b",\"key\":");
    join(words, row.key);
    write_json_str(out, words);
    out.extend_from_slice(b",\"display\":");
    match row.counts.display_form() {
        Some(form) => join(words, form),
        None => words.clear(),
    }
    write_json_str(out, words);
    out.extend_from_slice(b",\"count\":");
    out.extend_from_slice(number.format(row.counts.count).as_bytes());
    out.extend_from_slice(b",\"documents\":");
    out.extend_from_slice(number.format(row.counts.documents).as_bytes());
    out.extend_from_slice(b",\"per_10k\":");
    write_f64(out, per_10k(row.counts.count, content_tokens));
    out.push(b'}');
}

/// Appends a number as `serde_json` writes it.
fn write_f64(out: &mut Vec<u8>, x: f64) {
    serde_json::to_writer(out, &x).expect("a number serialises");
}

/// Appends a metadata value as `serde_json` writes it, its strings (a
/// speech's title, a question's answer: most of the metadata's bytes)
/// escaped by [`write_json_str`]. A test compares the bytes with
/// `serde_json`'s.
fn write_json_value(out: &mut Vec<u8>, value: &serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(true) => out.extend_from_slice(b"true"),
        Value::Bool(false) => out.extend_from_slice(b"false"),
        Value::Number(n) => serde_json::to_writer(out, n).expect("a number serialises"),
        Value::String(s) => write_json_str(out, s),
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_json_value(out, item);
            }
            out.push(b']');
        }
        Value::Object(map) => write_json_object(out, map),
    }
}

/// Appends a map of metadata as `serde_json` writes it, in its order.
fn write_json_object<'a>(
    out: &mut Vec<u8>,
    map: impl IntoIterator<Item = (&'a String, &'a serde_json::Value)>,
) {
    out.push(b'{');
    for (i, (key, value)) in map.into_iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write_json_str(out, key);
        out.push(b':');
        write_json_value(out, value);
    }
    out.push(b'}');
}

/// Bytes that a JSON string cannot hold as they are.
fn needs_escape(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// Whether any of 16 bytes needs an escape. No branch in the loop: the
/// compiler compares the 16 bytes at once.
fn chunk_needs_escape(chunk: &[u8; 16]) -> bool {
    chunk.iter().fold(false, |any, &b| any | needs_escape(b))
}

/// Appends `s` as a JSON string, byte for byte as `serde_json` writes it:
/// `\"`, `\\`, the short escapes `\b \t \n \f \r`, `\u00xx` (lower-case hex)
/// for the other control bytes, everything else as it is.
fn write_json_str(out: &mut Vec<u8>, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = s.as_bytes();
    out.push(b'"');
    let mut run = 0;
    let mut i = 0;
    while i < bytes.len() {
        if let Some(chunk) = bytes.get(i..i + 16) {
            if !chunk_needs_escape(chunk.try_into().expect("16 bytes")) {
                i += 16;
                continue;
            }
        } else {
            // The last bytes, padded with spaces (which need no escape), so
            // that short strings (keys, forms, entries) are checked at once too.
            let mut tail = [b' '; 16];
            tail[..bytes.len() - i].copy_from_slice(&bytes[i..]);
            if !chunk_needs_escape(&tail) {
                break;
            }
        }
        let b = bytes[i];
        if needs_escape(b) {
            out.extend_from_slice(&bytes[run..i]);
            match b {
                b'"' => out.extend_from_slice(b"\\\""),
                b'\\' => out.extend_from_slice(b"\\\\"),
                0x08 => out.extend_from_slice(b"\\b"),
                b'\t' => out.extend_from_slice(b"\\t"),
                b'\n' => out.extend_from_slice(b"\\n"),
                0x0c => out.extend_from_slice(b"\\f"),
                b'\r' => out.extend_from_slice(b"\\r"),
                _ => out.extend_from_slice(&[
                    b'\\',
                    b'u',
                    b'0',
                    b'0',
                    HEX[usize::from(b >> 4)],
                    HEX[usize::from(b & 0xf)],
                ]),
            }
            run = i + 1;
        }
        i += 1;
    }
    out.extend_from_slice(&bytes[run..]);
    out.push(b'"');
}

/// Bytes before the line in a record.
const RECORD_HEADER: usize = 16;

impl PendingLine {
    /// The pending line of an analysed document, written field by field as
    /// `serde_json` writes its [`DocumentReport`] (a test compares them):
    /// no report is built first, and the key terms' place is known.
    pub fn new(config: &Config, doc: &DocumentResult) -> PendingLine {
        // Every field, in the report's order, so that a field added to the
        // report does not compile until it is written here too.
        let _ = |report: DocumentReport| {
            let DocumentReport {
                id: _,
                source: _,
                meta: _,
                encoding: _,
                warnings: _,
                tokens: _,
                content_tokens: _,
                types: _,
                terms: _,
                ngrams: _,
                themes: _,
                passages: _,
            } = report;
        };
        let content = doc.totals.content_tokens;
        // The report is about three times its text, and holds the metadata
        // (a question's answer can be longer than the question).
        let text: usize = doc.passages.iter().map(|p| p.text.len()).sum();
        let meta: usize = doc
            .meta
            .iter()
            .map(|(k, v)| k.len() + v.as_str().map_or(16, str::len) + 8)
            .sum();
        let mut record =
            Vec::with_capacity(RECORD_HEADER + 4 * text + meta + 24 * doc.terms.len() + 512);
        record.resize(RECORD_HEADER, 0);
        // The fields before the key terms, in the report's order (the test
        // of finished lines checks that they still are).
        let mut number = itoa::Buffer::new();
        record.extend_from_slice(b"{\"id\":");
        write_json_str(&mut record, &doc.id);
        record.extend_from_slice(b",\"source\":");
        write_json_str(&mut record, &doc.source);
        record.extend_from_slice(b",\"meta\":");
        write_json_object(&mut record, &doc.meta);
        record.extend_from_slice(b",\"encoding\":");
        write_json_str(&mut record, &doc.encoding);
        record.extend_from_slice(b",\"warnings\":[");
        for (i, warning) in doc.warnings.iter().enumerate() {
            if i > 0 {
                record.push(b',');
            }
            write_json_str(&mut record, warning);
        }
        record.extend_from_slice(b"],\"tokens\":");
        record.extend_from_slice(number.format(doc.totals.tokens).as_bytes());
        record.extend_from_slice(b",\"content_tokens\":");
        record.extend_from_slice(number.format(content).as_bytes());
        record.extend_from_slice(b",\"types\":");
        record.extend_from_slice(number.format(doc.terms.len() as u64).as_bytes());
        record.extend_from_slice(TERMS_FIELD);
        let split = record.len() - RECORD_HEADER;
        record.extend_from_slice(b"],\"ngrams\":[");
        let mut words = String::new();
        for (i, row) in doc
            .ngrams
            .top(config.min_ngram_count, config.top)
            .iter()
            .enumerate()
        {
            if i > 0 {
                record.push(b',');
            }
            write_ngram(&mut record, &mut words, row, content);
        }
        record.extend_from_slice(b"],\"themes\":");
        serde_json::to_writer(&mut record, &document_theme_reports(&config.lexicon, doc))
            .expect("a report serialises");
        record.extend_from_slice(b",\"passages\":[");
        for (i, passage) in doc.passages.iter().enumerate() {
            if i > 0 {
                record.push(b',');
            }
            write_passage(&mut record, config.lexicon.themes(), passage);
        }
        record.extend_from_slice(b"]}\n");
        let line_len = record.len() - RECORD_HEADER;
        record[..8].copy_from_slice(&(split as u64).to_le_bytes());
        record[8..16].copy_from_slice(&(line_len as u64).to_le_bytes());
        put_u64(&mut record, content);
        put_u64(&mut record, doc.terms.len() as u64);
        for (key, counts) in doc.terms.iter() {
            put_u64(&mut record, counts.count);
            put_u64(&mut record, address(word(key)));
            put_u64(
                &mut record,
                counts.display_form().map_or(0, |f| address(word(f))),
            );
        }
        PendingLine { record }
    }

    /// The finished line, newline included: the `top` key terms ranked with
    /// the document frequencies of a corpus. The same bytes as serialising
    /// [`document_report`](crate::report::document_report) with them.
    pub fn finish(&self, corpus: &KeyFrequencies, top: usize) -> Vec<u8> {
        let mut r = Cursor(&self.record);
        let split = r.usize();
        let line_len = r.usize();
        let line = r.bytes(line_len);
        let (head, tail) = line.split_at(split);
        let content_tokens = r.u64();
        let rows = r.u64();
        let known = "the corpus totals hold every document's terms and forms";
        let terms = key_terms(
            (0..rows).map(|_| {
                let count = r.u64();
                let key = *corpus.keys.get(&r.u64()).expect(known);
                (key, count, r.u64())
            }),
            content_tokens,
            |key| key.idf,
            top,
            |key, display| {
                let display = match display {
                    0 => "",
                    form => corpus.forms.get(&form).expect(known).as_str(),
                };
                (key.key.as_str(), display)
            },
        );
        let mut line = Vec::with_capacity(head.len() + 120 * terms.len() + tail.len());
        // `head` ends with the terms' opening bracket, `tail` starts with the
        // closing one.
        line.extend_from_slice(head);
        for (i, term) in terms.iter().enumerate() {
            if i > 0 {
                line.push(b',');
            }
            write_term(&mut line, term);
        }
        line.extend_from_slice(tail);
        line
    }
}

/// The one word of a term key or form.
fn word(gram: Gram) -> Sym {
    let [word] = gram.parts() else {
        unreachable!("terms are single words")
    };
    *word
}

/// The address of an interned string: the same string, the same address,
/// for the life of the process.
fn address(sym: Sym) -> u64 {
    sym.as_char_ptr() as usize as u64
}

/// The corpus side of finishing lines: each term key with its document
/// frequency, and each form, by the address of its string.
#[derive(Debug, Clone)]
pub struct KeyFrequencies {
    keys: HashMap<u64, Keyed>,
    forms: HashMap<u64, Sym>,
}

/// A term key with its inverse document frequency, computed once for the
/// corpus; compared and ordered as the key.
#[derive(Debug, Clone, Copy)]
struct Keyed {
    key: Sym,
    idf: f64,
}

impl PartialEq for Keyed {
    fn eq(&self, other: &Keyed) -> bool {
        self.key == other.key
    }
}

impl Eq for Keyed {}

impl Ord for Keyed {
    fn cmp(&self, other: &Keyed) -> std::cmp::Ordering {
        self.key.cmp(&other.key)
    }
}

impl PartialOrd for Keyed {
    fn partial_cmp(&self, other: &Keyed) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl KeyFrequencies {
    /// The document frequencies, keys and forms of the terms of corpus
    /// totals (which hold every document's terms).
    pub fn new(totals: &CorpusTotals) -> KeyFrequencies {
        let mut keys = HashMap::default();
        let mut forms = HashMap::default();
        for (key, counts) in totals.terms.iter() {
            let key = word(key);
            let idf = idf(counts.documents, totals.documents);
            keys.insert(address(key), Keyed { key, idf });
            for form in counts.forms() {
                let form = word(form);
                forms.insert(address(form), form);
            }
        }
        KeyFrequencies { keys, forms }
    }
}

fn put_u64(out: &mut Vec<u8>, n: u64) {
    out.extend_from_slice(&n.to_le_bytes());
}

/// Reads a record written by this module (so every read is in bounds).
struct Cursor<'a>(&'a [u8]);

impl<'a> Cursor<'a> {
    fn u64(&mut self) -> u64 {
        let (n, rest) = self.0.split_at(8);
        self.0 = rest;
        u64::from_le_bytes(n.try_into().expect("eight bytes"))
    }

    fn usize(&mut self) -> usize {
        usize::try_from(self.u64()).expect("a length that was a usize")
    }

    fn bytes(&mut self, len: usize) -> &'a [u8] {
        let (bytes, rest) = self.0.split_at(len);
        self.0 = rest;
        bytes
    }
}

/// Pending lines, kept in order in a file (an anonymous temporary one, which
/// the caller creates where there is room).
#[derive(Debug)]
pub struct Spill {
    file: BufWriter<File>,
    lines: u64,
}

impl Spill {
    /// An empty spill in `file`, which should be empty.
    pub fn new(file: File) -> Spill {
        Spill {
            file: BufWriter::with_capacity(1 << 20, file),
            lines: 0,
        }
    }

    /// Appends a line.
    pub fn push(&mut self, line: &PendingLine) -> io::Result<()> {
        self.file
            .write_all(&(line.record.len() as u64).to_le_bytes())?;
        self.file.write_all(&line.record)?;
        self.lines += 1;
        Ok(())
    }

    /// Lines pushed so far.
    pub fn len(&self) -> u64 {
        self.lines
    }

    /// True when no line was pushed.
    pub fn is_empty(&self) -> bool {
        self.lines == 0
    }

    /// Reads the lines back, in the order they were pushed.
    pub fn into_lines(self) -> io::Result<SpillLines> {
        let mut file = self.file.into_inner().map_err(|e| e.into_error())?;
        file.rewind()?;
        Ok(SpillLines {
            file: BufReader::with_capacity(1 << 20, file),
            left: self.lines,
            read: 0,
            released: 0,
            release_every: RELEASE_BYTES,
        })
    }
}

/// The lines of a [`Spill`], in order.
#[derive(Debug)]
pub struct SpillLines {
    file: BufReader<File>,
    left: u64,
    /// Bytes of the file read so far.
    read: u64,
    /// Bytes at the start of the file given back to the system.
    released: u64,
    /// Bytes read between two releases ([`RELEASE_BYTES`]).
    release_every: u64,
}

/// Spilled bytes read back before they are given back to the system.
const RELEASE_BYTES: u64 = 64 << 20;

impl SpillLines {
    /// Gives the system back the memory (page cache) and disk space of the
    /// part of the file already read, every [`RELEASE_BYTES`]: the report
    /// written meanwhile reuses that memory instead of growing the page
    /// cache by the spill's size again. On Linux only, where a file system
    /// that cannot do it simply keeps the bytes.
    fn release_read_part(&mut self) {
        if self.read - self.released < self.release_every {
            return;
        }
        let end = self.read & !0xfff;
        #[cfg(target_os = "linux")]
        {
            use rustix::fs::{fallocate, FallocateFlags};
            let mode = FallocateFlags::PUNCH_HOLE | FallocateFlags::KEEP_SIZE;
            // Only tidying: the lines read are the same either way.
            let _ = fallocate(
                self.file.get_ref(),
                mode,
                self.released,
                end - self.released,
            );
        }
        self.released = end;
    }
}

impl Iterator for SpillLines {
    type Item = io::Result<PendingLine>;

    fn next(&mut self) -> Option<io::Result<PendingLine>> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let mut len = [0u8; 8];
        let read = self.file.read_exact(&mut len).and_then(|()| {
            let len = usize::try_from(u64::from_le_bytes(len))
                .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
            // Read into spare capacity: zeroing it first cost as much as reading.
            let mut record = Vec::with_capacity(len);
            (&mut self.file).take(len as u64).read_to_end(&mut record)?;
            if record.len() < len {
                return Err(io::ErrorKind::UnexpectedEof.into());
            }
            self.read += 8 + len as u64;
            Ok(PendingLine { record })
        });
        self.release_read_part();
        Some(read)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Document;
    use crate::pipeline::CorpusTotals;
    use crate::report::{document_report, passage_report};
    use crate::segment::PassageMode;

    fn doc(id: &str, text: &str, meta: serde_json::Value) -> Document {
        let serde_json::Value::Object(meta) = meta else {
            panic!("metadata is an object")
        };
        Document {
            id: id.into(),
            source: format!("{id}.txt"),
            meta: meta.into_iter().collect(),
            text: text.into(),
            body_start: 0,
            encoding: "UTF-8".into(),
            warnings: Vec::new(),
        }
    }

    #[test]
    fn the_last_array_is_opened_for_its_items() {
        let mut json = br#"{"a":"x","items":[]}"#.to_vec();
        open_last_array(&mut json, "items");
        json.extend_from_slice(b"1,2]}");
        assert_eq!(json, br#"{"a":"x","items":[1,2]}"#);
    }

    #[test]
    #[should_panic(expected = "`items` is the last field")]
    fn an_array_that_is_not_last_cannot_be_opened() {
        open_last_array(&mut br#"{"items":[],"a":1}"#.to_vec(), "items");
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let mut cases: Vec<String> = [
            "",
            "plain text that is longer than sixteen bytes, with no escape at all",
            "\"quoted\" and back\\slash",
            "tab\tline\nfeed\rreturn\u{8}back\u{c}form\u{1}\u{1f}\u{7f} end",
            "éàç « guillemets » \u{a0}\u{202f} 😀 — \u{85}\u{2028}",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // Every byte below 0x80 at every position of a 16-byte chunk, of the
        // last bytes after chunks, and of strings shorter than a chunk.
        for b in 0u8..0x80 {
            for at in [0, 7, 15, 16, 17, 31, 32, 40] {
                let mut s = "x".repeat(41);
                s.replace_range(at..at + 1, &char::from(b).to_string());
                cases.push(s);
            }
            for len in [1, 2, 9, 15] {
                for at in 0..len {
                    let mut s = "é".repeat(len);
                    s.replace_range(2 * at..2 * at + 2, &format!("{}x", char::from(b)));
                    cases.push(s);
                }
            }
        }
        for s in cases {
            let mut out = Vec::new();
            write_json_str(&mut out, &s);
            assert_eq!(
                String::from_utf8(out).unwrap(),
                serde_json::to_string(&s).unwrap(),
                "{s:?}"
            );
        }
    }

    #[test]
    fn metadata_is_written_as_serde_json_writes_it() {
        let meta = serde_json::json!({
            "titre": "Déclaration « sur la souveraineté »\n\t\"citée\"",
            "date": "2024-01-18",
            "numero": 42,
            "negatif": -7,
            "grand": 18446744073709551615u64,
            "ratio": 0.1,
            "exposant": 1e300,
            "petit": -2.5e-8,
            "vrai": true,
            "faux": false,
            "rien": null,
            "vide": "",
            "liste": ["PS", 3, null, [], {}, ["a\u{1}b"]],
            "objet": {"z": 1, "a": {"clé \\ échappée": "x"}, "m": []},
            "\u{7f}\u{1f}": "😀",
        });
        let serde_json::Value::Object(map) = meta else {
            unreachable!()
        };
        let meta: std::collections::BTreeMap<String, serde_json::Value> =
            map.clone().into_iter().collect();
        let mut out = Vec::new();
        write_json_object(&mut out, &meta);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            serde_json::to_string(&meta).unwrap()
        );
        // A nested object keeps its own order, as `serde_json` does.
        let value = serde_json::Value::Object(map);
        let mut out = Vec::new();
        write_json_value(&mut out, &value);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            serde_json::to_string(&value).unwrap()
        );
    }

    #[test]
    fn passages_are_written_as_serde_json_writes_them() {
        let config = Config::builtin(PassageMode::Paragraph);
        let text = "La \"souveraineté\" numérique\tde la France.\n\nL'État régule \\ encadre le climat et l'écologie.\n\nFin\u{1} du \u{7f}texte.\n\
                    L’INVITÉE : Un mot.\nL’INVITÉE : Deux.";
        let result = config.analyze_document(&doc("a", text, serde_json::json!({})));
        assert_eq!(result.passages.len(), 5);
        assert_eq!(result.passages[4].speaker.as_deref(), Some("L’INVITÉE"));
        let themes = config.lexicon.themes();
        // Scores of two themes, whose ids are not in lexicon order.
        assert!(result.passages.iter().any(|p| {
            let scored: Vec<&str> = (0..themes.len())
                .filter(|&t| p.scores[t] > 0.0)
                .map(|t| themes[t].id.as_str())
                .collect();
            scored.len() >= 2 && scored.windows(2).any(|w| w[0] > w[1])
        }));
        assert!(result.passages.iter().any(|p| p.evidence.len() >= 2));
        for passage in &result.passages {
            let mut out = Vec::new();
            write_passage(&mut out, themes, passage);
            assert_eq!(
                String::from_utf8(out).unwrap(),
                serde_json::to_string(&passage_report(&config.lexicon, passage)).unwrap()
            );
        }
    }

    #[test]
    fn finished_lines_are_the_document_reports() {
        let docs = [
            doc(
                "a",
                "La souveraineté numérique de la France.\n\nL'État régule, l'Etat encadre.",
                serde_json::json!({}),
            ),
            // Metadata and an id that look like the fields around the key terms.
            doc(
                "b\",\"terms\":[",
                "Transition écologique : le climat, l'eau, la biodiversité. Climat !",
                serde_json::json!({"terms": [], "x": {"types": 1, "terms": [], "ngrams": []}}),
            ),
            doc("c", "", serde_json::json!({"warnings": ["w"]})),
            // Repeated bigrams and trigrams, one of them in two forms.
            doc(
                "d",
                "Transition écologique juste. La transition écologique juste \
                 arrive ; TRANSITION écologique juste, « pas de côté » pas de côté.\n\n\
                 La transition écologique juste.",
                serde_json::json!({"n": 3}),
            ),
            // Warnings, an encoding, and metadata of every kind.
            Document {
                warnings: vec!["replaced \"invalid\" bytes".into(), "second\tone".into()],
                encoding: "windows-1252".into(),
                ..doc(
                    "e\n",
                    "Le climat.",
                    serde_json::json!({"t": "« x »\u{1}", "l": [1, -2.5, true, null], "o": {"z": 0, "a": {}}}),
                )
            },
        ];
        for top in [0, 2, 50] {
            let mut config = Config::builtin(PassageMode::Paragraph);
            config.top = top;
            let results: Vec<DocumentResult> =
                docs.iter().map(|d| config.analyze_document(d)).collect();
            let mut totals = CorpusTotals::new(config.lexicon.themes().len());
            totals.add_all(&results);
            let mut spill = Spill::new(tempfile::tempfile().unwrap());
            for r in &results {
                spill.push(&PendingLine::new(&config, r)).unwrap();
            }
            assert_eq!(spill.len(), 5);
            let lines: Vec<PendingLine> = spill.into_lines().unwrap().map(Result::unwrap).collect();
            assert_eq!(lines.len(), 5);
            let ngrams: usize = results
                .iter()
                .map(|r| {
                    document_report(&config, r, &totals.terms, totals.documents)
                        .ngrams
                        .len()
                })
                .sum();
            assert!(
                top == 0 || ngrams >= 2,
                "the documents have n-grams to list"
            );
            for (r, pending) in results.iter().zip(&lines) {
                let report = document_report(&config, r, &totals.terms, totals.documents);
                let mut expected = serde_json::to_vec(&report).unwrap();
                expected.push(b'\n');
                let line = pending.finish(&KeyFrequencies::new(&totals), top);
                assert_eq!(
                    String::from_utf8(line).unwrap(),
                    String::from_utf8(expected).unwrap()
                );
            }
        }
    }

    #[test]
    fn lines_read_back_are_the_same_when_the_read_part_is_given_back() {
        let config = Config::builtin(PassageMode::Paragraph);
        let text =
            "La souveraineté numérique de la France, l'écologie et le climat.\n\n".repeat(40);
        let lines: Vec<PendingLine> = (0..200)
            .map(|i| {
                let result =
                    config.analyze_document(&doc(&i.to_string(), &text, serde_json::json!({})));
                PendingLine::new(&config, &result)
            })
            .collect();
        let mut spill = Spill::new(tempfile::tempfile().unwrap());
        for line in &lines {
            spill.push(line).unwrap();
        }
        let mut read = spill.into_lines().unwrap();
        read.release_every = 4096;
        let back: Vec<PendingLine> = read.by_ref().map(Result::unwrap).collect();
        assert!(back == lines, "the lines read back are the lines spilled");
        assert!(
            read.released > read.read / 2,
            "most of the file was given back"
        );
        #[cfg(target_os = "linux")]
        {
            use rustix::fs::{fallocate, FallocateFlags};
            use std::os::unix::fs::MetadataExt;
            let allocated = |f: &File| f.metadata().unwrap().blocks() * 512;
            // Whether the temporary folder's file system punches holes.
            let mut probe = tempfile::tempfile().unwrap();
            probe.write_all(&[1; 1 << 16]).unwrap();
            probe.sync_all().unwrap();
            let mode = FallocateFlags::PUNCH_HOLE | FallocateFlags::KEEP_SIZE;
            let punches = fallocate(&probe, mode, 0, 1 << 16).is_ok() && allocated(&probe) == 0;
            if punches {
                assert!(allocated(read.file.get_ref()) < read.read / 2);
            } else {
                println!("the temporary folder's file system does not punch holes: not checked");
            }
        }
    }
}
