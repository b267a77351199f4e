//! JSONL inputs (files and stdin): this module owns reading one JSON object
//! per line, lazily, from any reader, and turning each line into a
//! [`Document`] or a [`Skipped`](super::Skipped) entry that says why
//! (binary, invalid JSON, not an object, no text field, too large, empty).
//! A line may lack one of several text fields, or all of them (it is then
//! skipped), but a text field that no line of the input has is a misspelt
//! name, or the wrong file: once the input is read, that is an error naming
//! the field and the fields the lines do have. So is an id field named in
//! the options (`id`, the default, is used where a line has it).
//!
//! Encoding: a UTF-16 BOM or an encoding given in the options decodes the
//! whole stream as it is read; otherwise each line is decoded on its own, as
//! UTF-8 when valid (or valid but for a few bytes, see [`super::decode`]),
//! else as windows-1252, with a warning on that document when not valid.
//! Memory holds one line at a time (a 200 MB line is read whole, and only it).

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::io::{BufRead, BufReader, Read};
use std::sync::Arc;

use serde_json::{Map, Value};

use super::decode::{
    decode_unit, mostly_control, open_stream, utf16_reason, utf16_without_bom, Decoding, Stream,
    Unit, BINARY, SAMPLE_BYTES,
};
use super::{
    skipped, skipped_with_meta, too_large, CorpusOptions, Document, Item, Origin, Rows,
    ID_FIELD_HINT,
};
use crate::{Error, Result};

/// A line buffer larger than this is freed after its line rather than kept for the next.
const KEPT_BUFFER_BYTES: usize = 1 << 20;

/// How the skip reason of a line without the text field starts.
const NO_TEXT_FIELD: &str = "no field ";

/// Items held back at most while a text field may be in no line (see
/// [`JsonlRows::held`]).
const HELD_MAX: usize = 10_000;

/// Field names kept to name in the error about a field that no line has.
const FIELDS_SHOWN: usize = 64;

/// Whether a JSON number was read with a loss: not a 64-bit integer, and
/// a decimal of 2^53 or more, where a double no longer holds every integer
/// (`123456789012345678901234` is read as `1.2345678901234569e+23`).
pub(crate) fn inexact(number: &serde_json::Number) -> bool {
    !number.is_i64()
        && !number.is_u64()
        && number
            .as_f64()
            .is_some_and(|x| x.abs() >= 9_007_199_254_740_992.0)
}

/// A metadata number as text, to compare and group by: as written, but a
/// number with a point and no fraction as the integer it is (`2021.0`, which
/// pandas writes for a year column with gaps, is `2021`, as the CSV tables
/// write it), so that `--where annee=2021` and `compare --by annee` take it
/// with the documents whose year is written `2021`.
pub(crate) fn number_text(number: &serde_json::Number) -> String {
    match number.as_f64() {
        Some(x) if number.is_f64() && x.fract() == 0.0 && x.abs() < 1e16 => {
            format!("{}", x + 0.0)
        }
        _ => number.to_string(),
    }
}

/// A JSONL line, parsed: an object, with the first key it gives twice (JSON
/// allows it, and a map keeps one value, the last), or any other value.
enum Line {
    Object(Map<String, Value>, Option<String>),
    Other,
}

impl<'de> serde::Deserialize<'de> for Line {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Line, D::Error> {
        d.deserialize_any(LineVisitor)
    }
}

/// Reads an object entry by entry, noting a key given twice; reads past any
/// other value.
struct LineVisitor;

impl<'de> serde::de::Visitor<'de> for LineVisitor {
    type Value = Line;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(
        self,
        mut entries: A,
    ) -> std::result::Result<Line, A::Error> {
        let mut object = Map::new();
        let mut repeated = None;
        while let Some((key, value)) = entries.next_entry::<String, Value>()? {
            match object.entry(key) {
                serde_json::map::Entry::Vacant(entry) => {
                    entry.insert(value);
                }
                serde_json::map::Entry::Occupied(mut entry) => {
                    repeated.get_or_insert_with(|| entry.key().clone());
                    entry.insert(value);
                }
            }
        }
        Ok(Line::Object(object, repeated))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(
        self,
        mut items: A,
    ) -> std::result::Result<Line, A::Error> {
        while items.next_element::<serde::de::IgnoredAny>()?.is_some() {}
        Ok(Line::Other)
    }

    fn visit_bool<E>(self, _: bool) -> std::result::Result<Line, E> {
        Ok(Line::Other)
    }

    fn visit_i64<E>(self, _: i64) -> std::result::Result<Line, E> {
        Ok(Line::Other)
    }

    fn visit_u64<E>(self, _: u64) -> std::result::Result<Line, E> {
        Ok(Line::Other)
    }

    fn visit_f64<E>(self, _: f64) -> std::result::Result<Line, E> {
        Ok(Line::Other)
    }

    fn visit_str<E>(self, _: &str) -> std::result::Result<Line, E> {
        Ok(Line::Other)
    }

    fn visit_unit<E>(self) -> std::result::Result<Line, E> {
        Ok(Line::Other)
    }
}

/// The skip reason of a JSONL line that is JSON but not an object.
const NOT_AN_OBJECT: &str =
    "not a JSON object: each line must be one object, such as {\"text\": \"…\"}";

/// Lazily reads the lines of the JSONL stream `read` from `origin` as items;
/// the first bytes are read at once to find a byte order mark.
pub(crate) fn jsonl_rows<R: Read + Send + 'static>(
    read: R,
    origin: Origin,
    options: Arc<CorpusOptions>,
) -> Rows {
    match open_stream(read, options.encoding, 4) {
        // Judged on the first four bytes, or more with UTF-16 given: UTF-16
        // without a byte-order mark is found at the first line instead.
        Ok(Stream {
            misread: Some(reason),
            ..
        }) => Box::new(std::iter::once(Ok(skipped(origin.shown.clone(), reason)))),
        Ok(stream) => Box::new(JsonlRows {
            reader: BufReader::new(stream.reader),
            decoding: stream.decoding,
            fields: FieldsSeen::new(&options),
            plain_text_hinted: false,
            origin,
            options,
            line: 0,
            buf: Vec::new(),
            done: false,
            held: VecDeque::new(),
            releasing: false,
            held_too_many: false,
        }),
        Err(error) => Box::new(std::iter::once(Ok(skipped(
            origin.source_at(1),
            format!("cannot read: {error} (rest of the input not read)"),
        )))),
    }
}

/// Which of the named fields the lines of an input have had so far, to
/// tell a field that no line has (a misspelt name) from one that some
/// lines lack (an unanswered question without its answer).
#[derive(Debug)]
struct FieldsSeen {
    /// The text fields, each with whether a line had it (even null).
    text: Vec<(String, bool)>,
    /// The id field named in the options, if one is, and whether a line had it.
    id: Option<(String, bool)>,
    /// Whether any line was a JSON object.
    objects: bool,
    /// The fields of the lines, while a named one is still missing (at most
    /// [`FIELDS_SHOWN`], for the error).
    names: BTreeSet<String>,
    /// Whether more field names than [`FIELDS_SHOWN`] were met.
    more_names: bool,
}

impl FieldsSeen {
    /// None seen yet, of the fields named in `options`.
    fn new(options: &CorpusOptions) -> FieldsSeen {
        FieldsSeen {
            text: options
                .text_fields()
                .map(|n| (n.to_string(), false))
                .collect(),
            id: options.id_field.clone().map(|n| (n, false)),
            objects: false,
            names: BTreeSet::new(),
            more_names: false,
        }
    }

    /// Whether a text field has been in no line so far.
    fn text_missing(&self) -> bool {
        self.text.iter().any(|(_, seen)| !seen)
    }

    /// Notes the fields of a line's object.
    fn note(&mut self, object: &Map<String, Value>) {
        self.objects = true;
        let mut missing = false;
        for (name, seen) in self.text.iter_mut().chain(&mut self.id) {
            *seen = *seen || object.contains_key(name.as_str());
            missing |= !*seen;
        }
        if !missing {
            // No error can come now: the names are not needed.
            self.names.clear();
            return;
        }
        for key in object.keys() {
            if self.names.len() < FIELDS_SHOWN {
                self.names.insert(key.clone());
            } else if !self.names.contains(key) {
                self.more_names = true;
            }
        }
    }

    /// The error once the whole input is read, if a named field was in no
    /// line. An input without any JSON object (empty, or not JSONL at all)
    /// has had each of its lines skipped with its reason instead.
    fn check(&self, origin: &Origin, options: &CorpusOptions) -> Result<()> {
        if !self.objects {
            return Ok(());
        }
        let (kind, name, what_to_do) =
            if let Some((name, _)) = self.text.iter().find(|(_, seen)| !seen) {
                let what_to_do = if self.text.len() == 1 {
                    "name the text field with --text-field".to_string()
                } else {
                    format!(
                        "check the names given to --text-field ({})",
                        options.text_field
                    )
                };
                ("text", name, what_to_do)
            } else if let Some((name, false)) = &self.id {
                ("id", name, ID_FIELD_HINT.to_string())
            } else {
                return Ok(());
            };
        let mut fields = self
            .names
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(", ");
        if self.more_names {
            fields.push_str(", …");
        }
        Err(Error::parse(
            &origin.shown,
            None,
            None,
            format!(
                "no line has the {kind} field \"{name}\" (fields of its lines: {fields}); {what_to_do}"
            ),
        ))
    }
}

/// The lines of a JSONL stream whose encoding is known.
struct JsonlRows<R> {
    /// The stream, BOM removed (UTF-8 if `decoding` is `Other`).
    reader: R,
    /// How each line is decoded.
    decoding: Decoding,
    /// Where the stream comes from.
    origin: Origin,
    /// Field names and limits.
    options: Arc<CorpusOptions>,
    /// The named fields that the lines have had so far.
    fields: FieldsSeen,
    /// Whether a line of standard input that is no JSON object has been
    /// skipped with the hint about plain text already.
    plain_text_hinted: bool,
    /// 1-based number of the last line read.
    line: usize,
    /// The bytes of the current line (reused).
    buf: Vec<u8>,
    /// Set after the end of the stream or an I/O error.
    done: bool,
    /// Items held back, in order, from the first line that lacked a text
    /// field no line has had so far: if no line has it, the input is an
    /// error, and twenty skips "no field …" before it would only hide it.
    held: VecDeque<Item>,
    /// Whether the held items are being handed on (a line had the field,
    /// or the input ended without the error).
    releasing: bool,
    /// Whether more than [`HELD_MAX`] items were held: then nothing more is.
    held_too_many: bool,
}

impl<R: BufRead> Iterator for JsonlRows<R> {
    type Item = Result<Item>;

    fn next(&mut self) -> Option<Result<Item>> {
        loop {
            if self.releasing {
                if let Some(item) = self.held.pop_front() {
                    return Some(Ok(item));
                }
                self.releasing = false;
            }
            if self.done {
                return None;
            }
            if self.buf.capacity() > KEPT_BUFFER_BYTES {
                self.buf = Vec::new();
            }
            self.buf.clear();
            let item = match self.reader.read_until(b'\n', &mut self.buf) {
                Ok(0) => {
                    self.done = true;
                    if let Err(error) = self.fields.check(&self.origin, &self.options) {
                        self.held.clear();
                        return Some(Err(error));
                    }
                    self.releasing = true;
                    continue;
                }
                Ok(_) => {
                    self.line += 1;
                    match self.line_item() {
                        Some(item) => item,
                        None => continue,
                    }
                }
                Err(error) => {
                    // The stream is unusable from here; stop rather than loop on the error.
                    self.done = true;
                    skipped(
                        self.origin.source_at(self.line + 1),
                        format!("cannot read: {error} (rest of the input not read)"),
                    )
                }
            };
            if self.holds(&item) {
                self.held.push_back(item);
                self.held_too_many = self.held.len() > HELD_MAX;
                self.releasing = self.held_too_many;
                continue;
            }
            if self.held.is_empty() {
                return Some(Ok(item));
            }
            self.held.push_back(item);
            self.releasing = true;
        }
    }
}

impl<R> JsonlRows<R> {
    /// Whether `item` is held back (see [`JsonlRows::held`]): while a text
    /// field is in no line so far, a skip for lacking it, and every item
    /// after one, unless too many were held already.
    fn holds(&self, item: &Item) -> bool {
        if self.held_too_many || self.done || !self.fields.text_missing() {
            return false;
        }
        !self.held.is_empty()
            || matches!(item, Item::Skipped(s) if s.reason.starts_with(NO_TEXT_FIELD))
    }

    /// The item of the line in `buf`, or `None` for a blank line.
    fn line_item(&mut self) -> Option<Item> {
        let bytes = line_content(&self.buf);
        let source = || self.origin.source_at(self.line);
        let nul = bytes[..bytes.len().min(SAMPLE_BYTES)].contains(&0);
        // UTF-16 without a byte-order mark: its lines, cut at the 0x0A byte
        // of each line feed, would each be a "binary" skip, and one more for
        // the NUL after the last; the input is one skip, which says how to
        // read it.
        if nul && self.line == 1 && !matches!(self.decoding, Decoding::Other(_)) {
            if let Some(label) = utf16_without_bom(bytes) {
                self.done = true;
                return Some(skipped(self.origin.shown.clone(), utf16_reason(label)));
            }
        }
        if nul {
            return Some(skipped(source(), BINARY));
        }
        let decoded = match decode_unit(bytes, self.decoding, Unit::Line) {
            Ok(decoded) => decoded,
            Err(reason) => return Some(skipped(source(), reason)),
        };
        if decoded.text.trim().is_empty() {
            return None;
        }
        if mostly_control(&decoded.text) {
            return Some(skipped(source(), BINARY));
        }
        let mut item = json_record(
            &decoded.text,
            self.line,
            &self.origin,
            &self.options,
            &mut self.fields,
        );
        match &mut item {
            Item::Document(document) => {
                document.encoding = decoded.encoding.name().to_string();
                document.warnings.extend(decoded.warning);
            }
            // A line that cannot start an object: plain text piped to `-`
            // is the likely cause, which the first such line explains.
            Item::Skipped(skip)
                if self.origin.is_stdin()
                    && !self.plain_text_hinted
                    && !decoded.text.trim_start().starts_with('{') =>
            {
                self.plain_text_hinted = true;
                skip.reason.push_str(&format!(
                    "; standard input is read as JSONL, one JSON object per line with the text in \"{}\": to analyse plain text, write it to a .txt file and give that file's path instead of -",
                    self.options.text_field
                ));
            }
            // In a file, the same: a text file named `.jsonl`, a JSON array
            // or a pretty-printed object. The reason says what JSON Lines
            // is and how to get it; not for a line that is no clean UTF-8,
            // binary data more likely than text.
            Item::Skipped(skip)
                if !self.origin.is_stdin()
                    && !self.plain_text_hinted
                    && decoded.warning.is_none()
                    && skip.reason.starts_with("invalid JSON") =>
            {
                if let Some(hint) = not_jsonl_hint(&decoded.text, &self.options.text_field) {
                    self.plain_text_hinted = true;
                    skip.reason.push_str(&hint);
                }
            }
            Item::Skipped(_) => {}
        }
        Some(item)
    }
}

/// What to do with a file named as JSON Lines whose line `text` is no JSON:
/// a JSON array or an object written over several lines converts with
/// `jq`; any other line that cannot open an object is likely plain text.
/// `None` for a line that opens an object and is broken further on, a
/// fault of that line only.
fn not_jsonl_hint(text: &str, text_field: &str) -> Option<String> {
    let line = text.trim().trim_start_matches('\u{feff}');
    let one_per_line = "a .jsonl file holds one JSON object per line";
    if line.starts_with('[') {
        Some(format!(
            "; {one_per_line}: a JSON array converts with jq -c '.[]' FILE > OUT.jsonl"
        ))
    } else if line == "{" {
        Some(format!(
            "; {one_per_line}: an object written over several lines converts with jq -c . FILE > OUT.jsonl"
        ))
    } else if !line.starts_with('{') {
        Some(format!(
            "; {one_per_line}, with the text in \"{text_field}\": to analyse plain text, give it as a .txt file"
        ))
    } else {
        None
    }
}

/// The bytes of a line without its `\n`/`\r\n`.
fn line_content(buf: &[u8]) -> &[u8] {
    let bytes = buf.strip_suffix(b"\n").unwrap_or(buf);
    bytes.strip_suffix(b"\r").unwrap_or(bytes)
}

/// Turns one non-blank JSONL line (number `line`) into a document or a
/// skip, noting its fields in `fields`.
fn json_record(
    line: &str,
    line_number: usize,
    origin: &Origin,
    options: &CorpusOptions,
    fields: &mut FieldsSeen,
) -> Item {
    let source = origin.source_at(line_number);
    // A byte-order mark opening a later line: files saved on Windows, then
    // joined (`cat a.jsonl b.jsonl`). It is no JSON, and read past as the
    // first line's is.
    let line = line.strip_prefix('\u{feff}').unwrap_or(line);
    // Half of a character written as two UTF-16 escapes (an emoji cut in
    // two) is no character: serde_json refuses the line, where JavaScript and
    // Python read it. It is read as U+FFFD, with a warning, rather than the
    // line lost.
    let parsed = serde_json::from_str::<Line>(line)
        .map(|l| (l, 0))
        .or_else(|error| match lone_surrogates_replaced(line) {
            Some((repaired, n)) => serde_json::from_str::<Line>(&repaired)
                .map(|l| (l, n))
                .map_err(|_| error),
            None => Err(error),
        });
    let (mut object, repeated, lone_surrogates) = match parsed {
        Ok((Line::Object(object, repeated), n)) => {
            fields.note(&object);
            (object, repeated, n)
        }
        Ok((Line::Other, _)) => return skipped(source, NOT_AN_OBJECT),
        Err(error) => {
            let message = crate::Error::json_message(&error);
            let column = error.column();
            // serde_json reads every number as a 64-bit one; a larger one
            // (`1e400`), valid JSON, is refused with the line.
            let hint = match message.as_str() {
                "number out of range" => {
                    " (beyond the ±1.8e308 of 64-bit numbers, which JavaScript and pandas \
                     read as infinity): write that value as a string to keep the line"
                }
                _ => "",
            };
            return skipped(
                source,
                format!("invalid JSON at column {column}: {message}{hint}"),
            );
        }
    };
    let text_field = &options.text_field;
    // Several fields (`--text-field question,answer`) are joined in order,
    // separated by a blank line; absent or null ones are left out.
    let mut parts = Vec::new();
    // Whether a text field is there, null: the line has no text, as an
    // empty string has none, rather than no text field.
    let mut null = false;
    for name in options.text_fields() {
        match object.remove(name) {
            Some(Value::String(part)) => parts.push(part),
            None => {}
            Some(Value::Null) => null = true,
            Some(_) => return skipped(source, format!("field \"{name}\" is not a string")),
        }
    }
    if parts.is_empty() && !null {
        let mut fields: Vec<&str> = object.keys().map(String::as_str).collect();
        fields.sort_unstable();
        let fields = if fields.is_empty() {
            "none".to_string()
        } else {
            fields.join(", ")
        };
        return skipped(
            source,
            format!("{NO_TEXT_FIELD}\"{text_field}\" (fields: {fields}); name the text field with --text-field"),
        );
    }
    let text = parts.join("\n\n");
    let id_field = options.id_field_name();
    let mut id_unusable = None;
    let id = match object.remove(id_field) {
        Some(Value::String(id)) if !id.trim().is_empty() => id,
        Some(Value::Number(id)) if inexact(&id) => {
            return skipped(
                source,
                format!(
                    "id {id}: a number too large to be read exactly (JSON numbers beyond 64-bit \
                     integers are read as decimals, and close ids would merge); write the ids \
                     as strings"
                ),
            );
        }
        Some(Value::Number(id)) => id.to_string(),
        Some(Value::Bool(id)) => id.to_string(),
        // A list or an object is no id: said, so that the id FILE:LINE is
        // no surprise. Null or blank is a missing id, as an empty CSV cell.
        Some(value @ (Value::Array(_) | Value::Object(_))) => {
            let what = match value {
                Value::Array(_) => "a list",
                _ => "an object",
            };
            id_unusable = Some(format!(
                "field \"{id_field}\" is {what}, no id: the document's id is its file and line"
            ));
            origin.id_at(line_number)
        }
        Some(_) | None => origin.id_at(line_number),
    };
    // A number beyond 64-bit integers was read as a double: its value is
    // kept as read, and the document says so.
    let repeated = repeated
        .map(|key| format!("field \"{key}\" given twice in the line: its last value is kept"));
    let lone_surrogates = (lone_surrogates > 0).then(|| {
        format!(
            "{lone_surrogates} \\u escape{s} of half a UTF-16 surrogate pair (a character cut in \
             two) read as U+FFFD",
            s = if lone_surrogates == 1 { "" } else { "s" }
        )
    });
    let warnings: Vec<String> = lone_surrogates
        .into_iter()
        .chain(id_unusable)
        .chain(repeated)
        .chain(
            object
                .iter()
                .filter(|(_, value)| matches!(value, Value::Number(n) if inexact(n)))
                .map(|(key, value)| {
                    format!(
                "field \"{key}\": the number {value} was read with a loss of digits (beyond \
                 64-bit integers); write such values as strings to keep them exactly"
            )
                }),
        )
        .collect();
    let meta: BTreeMap<String, Value> = object
        .into_iter()
        .filter_map(|(key, value)| match value {
            Value::String(_) | Value::Number(_) | Value::Bool(_) => Some((key, value)),
            Value::Array(items) => joined(&items).map(|list| (key, Value::String(list))),
            Value::Null | Value::Object(_) => None,
        })
        .collect();
    if let Some(max) = options.max_document_bytes {
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
        text,
        body_start: 0,
        encoding: "UTF-8".to_string(),
        warnings,
    })
}

/// `line` with each `\u` escape of a surrogate that is not half of a
/// high-low pair written as `\ufffd`, and how many there were; `None` when
/// there is none. An escaped backslash (`\\ud83d`) is no escape.
fn lone_surrogates_replaced(line: &str) -> Option<(String, usize)> {
    let bytes = line.as_bytes();
    // The value of the `\u` escape at `at`, if there is one.
    let escape = |at: usize| -> Option<u16> {
        let hex = bytes.get(at..at + 6)?;
        if &hex[..2] != b"\\u" {
            return None;
        }
        u16::from_str_radix(std::str::from_utf8(&hex[2..]).ok()?, 16).ok()
    };
    let surrogate = |u: u16| (0xD800..=0xDFFF).contains(&u);
    let mut out = String::new();
    let mut copied = 0;
    let mut replaced = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' {
            i += 1;
            continue;
        }
        match escape(i) {
            // A pair is a character.
            Some(0xD800..=0xDBFF)
                if escape(i + 6).is_some_and(|low| (0xDC00..=0xDFFF).contains(&low)) =>
            {
                i += 12;
            }
            Some(u) if surrogate(u) => {
                out.push_str(&line[copied..i]);
                out.push_str("\\ufffd");
                replaced += 1;
                i += 6;
                copied = i;
            }
            // Any other escape, `\\` included, is two bytes or more that
            // start no other escape.
            _ => i += 2,
        }
    }
    (replaced > 0).then(|| {
        out.push_str(&line[copied..]);
        (out, replaced)
    })
}

/// An array of scalars as one metadata value, its items joined as a front
/// matter list's are (`["Bruno Le Maire", "Sonia Mabrouk"]` → `Bruno Le
/// Maire; Sonia Mabrouk`), nulls left out. `None` for an array with no item
/// or holding an array or an object.
fn joined(items: &[Value]) -> Option<String> {
    let mut parts = Vec::with_capacity(items.len());
    for item in items {
        match item {
            Value::String(s) => parts.push(s.clone()),
            Value::Number(n) => parts.push(number_text(n)),
            Value::Bool(b) => parts.push(b.to_string()),
            Value::Null => {}
            Value::Array(_) | Value::Object(_) => return None,
        }
    }
    (!parts.is_empty()).then(|| parts.join(super::LIST_SEPARATOR))
}

#[cfg(test)]
mod tests {
    use super::super::decode::utf16_with_bom;
    use super::*;
    use crate::corpus::Skipped;
    use std::io::Cursor;

    fn origin() -> Origin {
        Origin {
            path: "data/d.jsonl".into(),
            id: "d.jsonl".to_string(),
            shown: "data/d.jsonl".to_string(),
        }
    }

    fn read(input: &[u8]) -> Vec<Item> {
        read_with(input, CorpusOptions::default())
    }

    fn read_with(input: &[u8], options: CorpusOptions) -> Vec<Item> {
        jsonl_rows(Cursor::new(input.to_vec()), origin(), Arc::new(options))
            .map(|item| item.expect("no error"))
            .collect()
    }

    /// The documents of `items`, which must hold no skipped entry.
    fn documents(items: Vec<Item>) -> Vec<Document> {
        items
            .into_iter()
            .map(|item| match item {
                Item::Document(d) => d,
                Item::Skipped(s) => panic!("unexpected skip {s:?}"),
            })
            .collect()
    }

    /// The items read before the error that ends the input, and the error.
    fn read_to_error(input: &str, options: CorpusOptions) -> (Vec<Item>, String) {
        let mut items = Vec::new();
        for result in jsonl_rows(Cursor::new(input.to_string()), origin(), Arc::new(options)) {
            match result {
                Ok(item) => items.push(item),
                Err(error) => return (items, error.to_string()),
            }
        }
        panic!("expected an error after {items:?}");
    }

    fn skip(line: usize, reason: &str) -> Item {
        Item::Skipped(Skipped::new(format!("data/d.jsonl:{line}"), reason))
    }

    fn document(line: usize, id: &str, text: &str, meta: &[(&str, Value)]) -> Item {
        Item::Document(Document {
            id: id.to_string(),
            source: format!("data/d.jsonl:{line}"),
            meta: meta
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
            text: text.to_string(),
            body_start: 0,
            encoding: "UTF-8".to_string(),
            warnings: Vec::new(),
        })
    }

    /// A document decoded from windows-1252, with its warning.
    fn latin(item: Item) -> Item {
        let Item::Document(mut document) = item else {
            panic!("expected a document, got {item:?}");
        };
        document.encoding = "windows-1252".to_string();
        document.warnings = vec!["not UTF-8: decoded as windows-1252".to_string()];
        Item::Document(document)
    }

    #[test]
    fn arrays_of_scalars_are_joined_as_front_matter_lists() {
        let input = concat!(
            r#"{"text": "T", "speakers": ["Bruno Le Maire", null, "Sonia Mabrouk"], "n": [1, 2.5, true],"#,
            r#" "empty": [], "nulls": [null], "nested": ["a", ["b"]], "objects": [{"k": 1}]}"#,
        );
        let Item::Document(doc) = &read(input.as_bytes())[0] else {
            panic!("a document");
        };
        let meta: Vec<(&str, &Value)> = doc.meta.iter().map(|(k, v)| (k.as_str(), v)).collect();
        assert_eq!(
            meta,
            [
                ("n", &Value::from("1; 2.5; true")),
                ("speakers", &Value::from("Bruno Le Maire; Sonia Mabrouk")),
            ]
        );
    }

    #[test]
    fn good_lines_with_ids_and_metadata() {
        let input = concat!(
            r#"{"id": "v1", "text": "Bonjour", "orateur": "X", "annee": 2017, "officiel": true, "tags": ["a"], "lieu": null, "extra": {"k": 1}}"#,
            "\n",
            "\n",
            "   \r\n",
            r#"{"text": "Sans id"}"#,
            "\r\n",
            r#"{"id": 42, "text": "Numéro"}"#,
            "\n",
            r#"{"id": false, "text": "Booléen"}"#,
            "\n",
            r#"{"id": null, "text": "Id nul"}"#,
        );
        assert_eq!(
            read(input.as_bytes()),
            vec![
                document(
                    1,
                    "v1",
                    "Bonjour",
                    &[
                        ("annee", Value::from(2017)),
                        ("officiel", Value::from(true)),
                        ("orateur", Value::from("X")),
                        ("tags", Value::from("a")),
                    ]
                ),
                document(4, "d.jsonl:4", "Sans id", &[]),
                document(5, "42", "Numéro", &[]),
                document(6, "false", "Booléen", &[]),
                document(7, "d.jsonl:7", "Id nul", &[]),
            ]
        );
    }

    /// Number ids are kept as written while a double holds them exactly;
    /// beyond 64-bit integers they would be rewritten (and close ones
    /// merged), so such a line is skipped, saying to write ids as strings.
    #[test]
    fn number_ids_too_large_to_keep_are_skipped() {
        let input = concat!(
            r#"{"id": 18446744073709551615, "text": "u64"}"#,
            "\n",
            r#"{"id": -9223372036854775808, "text": "i64"}"#,
            "\n",
            r#"{"id": 1.5, "text": "décimal"}"#,
            "\n",
            r#"{"id": 123456789012345678901234, "text": "trop grand"}"#,
            "\n",
        );
        let items = read(input.as_bytes());
        assert_eq!(items[0], document(1, "18446744073709551615", "u64", &[]));
        assert_eq!(items[1], document(2, "-9223372036854775808", "i64", &[]));
        assert_eq!(items[2], document(3, "1.5", "décimal", &[]));
        // A key given twice: the last value, with a warning.
        let line = r#"{"text": "Un", "parti": "MAC", "parti": "LES", "text": "Deux"}"#;
        let Item::Document(document) = &read(line.as_bytes())[0] else {
            panic!("a document");
        };
        assert_eq!(
            (document.text.as_str(), &document.meta["parti"]),
            ("Deux", &Value::from("LES"))
        );
        assert_eq!(
            document.warnings,
            ["field \"parti\" given twice in the line: its last value is kept"]
        );
        // In metadata such a number is kept as read, with a warning.
        let line = r#"{"text": "Un", "siret": 123456789012345678901234, "n": 12}"#;
        let Item::Document(document) = &read(line.as_bytes())[0] else {
            panic!("a document");
        };
        assert_eq!(
            document.warnings,
            ["field \"siret\": the number 1.2345678901234569e+23 was read with a loss of digits \
              (beyond 64-bit integers); write such values as strings to keep them exactly"]
        );
        assert_eq!(
            items[3],
            skip(
                4,
                "id 1.2345678901234569e+23: a number too large to be read exactly (JSON numbers \
                 beyond 64-bit integers are read as decimals, and close ids would merge); write \
                 the ids as strings"
            )
        );
    }

    #[test]
    fn broken_lines_each_give_their_reason() {
        let input = concat!(
            "{\"text\": \"ok\"\n",
            "[1, 2]\n",
            "{\"corps\": \"x\", \"auteur\": \"y\"}\n",
            "{}\n",
            "{\"text\": 3}\n",
            "{\"text\": \"  \\n \"}\n",
        );
        let mut bytes = input.as_bytes().to_vec();
        bytes.extend_from_slice(b"{\"text\": \"caf\xe9\"}\n{\"text\": \"fin\"}");
        assert_eq!(
            read(&bytes),
            vec![
                skip(
                    1,
                    "invalid JSON at column 13: EOF while parsing an object"
                ),
                skip(2, NOT_AN_OBJECT),
                skip(3, "no field \"text\" (fields: auteur, corps); name the text field with --text-field"),
                skip(4, "no field \"text\" (fields: none); name the text field with --text-field"),
                skip(5, "field \"text\" is not a string"),
                skip(6, "empty"),
                latin(document(7, "d.jsonl:7", "café", &[])),
                document(8, "d.jsonl:8", "fin", &[]),
            ]
        );
    }

    #[test]
    fn configured_field_names() {
        let options = CorpusOptions {
            text_field: "contenu".to_string(),
            id_field: Some("ref".to_string()),
            ..CorpusOptions::default()
        };
        let input =
            "{\"ref\": \"r1\", \"contenu\": \"A\", \"text\": \"meta\"}\n{\"text\": \"B\"}\n";
        let items = read_with(input.as_bytes(), options);
        assert_eq!(
            items,
            vec![
                document(1, "r1", "A", &[("text", Value::from("meta"))]),
                skip(
                    2,
                    "no field \"contenu\" (fields: text); name the text field with --text-field"
                ),
            ]
        );
    }

    #[test]
    fn an_id_that_is_no_id_is_said() {
        let input = concat!(
            "{\"id\": null, \"text\": \"a\"}\n",
            "{\"id\": \" \", \"text\": \"b\"}\n",
            "{\"id\": [1], \"text\": \"c\"}\n",
            "{\"id\": {\"n\": 1}, \"text\": \"d\"}\n",
            "{\"text\": \"e\"}\n",
        );
        let said: Vec<(String, Vec<String>)> = read(input.as_bytes())
            .into_iter()
            .map(|item| match item {
                Item::Document(d) => (d.id, d.warnings),
                other => panic!("{other:?}"),
            })
            .collect();
        let warned = |line: usize, what: &str| {
            (
                format!("d.jsonl:{line}"),
                vec![format!(
                    "field \"id\" is {what}, no id: the document's id is its file and line"
                )],
            )
        };
        assert_eq!(
            said,
            [
                // A null or blank id is a missing one, as no id field is.
                ("d.jsonl:1".to_string(), vec![]),
                ("d.jsonl:2".to_string(), vec![]),
                warned(3, "a list"),
                warned(4, "an object"),
                ("d.jsonl:5".to_string(), vec![]),
            ]
        );
    }

    #[test]
    fn bom_on_first_line_is_ignored() {
        assert_eq!(
            read("\u{feff}{\"text\": \"a\"}\n".as_bytes()),
            vec![document(1, "d.jsonl:1", "a", &[])]
        );
        // So is one opening a later line: two files joined with `cat`.
        assert_eq!(
            read("\u{feff}{\"text\": \"a\"}\n\u{feff}{\"text\": \"b\"}\n".as_bytes()),
            vec![
                document(1, "d.jsonl:1", "a", &[]),
                document(2, "d.jsonl:2", "b", &[])
            ]
        );
    }

    #[test]
    fn io_error_stops_the_input_with_a_skip() {
        struct Failing;
        impl std::io::Read for Failing {
            fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
                Err(std::io::Error::other("disque absent"))
            }
        }
        let rows = jsonl_rows(Failing, origin(), Arc::new(CorpusOptions::default()));
        assert_eq!(
            rows.map(Result::unwrap).collect::<Vec<_>>(),
            vec![skip(
                1,
                "cannot read: disque absent (rest of the input not read)"
            )]
        );
    }

    #[test]
    fn io_error_after_some_lines_names_the_next_line() {
        struct FailingAfter(Cursor<&'static [u8]>);
        impl std::io::Read for FailingAfter {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                match self.0.read(buf)? {
                    0 => Err(std::io::Error::other("disque absent")),
                    n => Ok(n),
                }
            }
        }
        let input = FailingAfter(Cursor::new(b"{\"text\": \"a\"}\n{\"text\": \"b\"}\n"));
        let rows = jsonl_rows(input, origin(), Arc::new(CorpusOptions::default()));
        assert_eq!(
            rows.map(Result::unwrap).collect::<Vec<_>>(),
            vec![
                document(1, "d.jsonl:1", "a", &[]),
                document(2, "d.jsonl:2", "b", &[]),
                skip(3, "cannot read: disque absent (rest of the input not read)"),
            ]
        );
    }

    #[test]
    fn one_windows_1252_line_among_utf8_lines() {
        let mut input = "{\"text\": \"Été\"}\r\n".as_bytes().to_vec();
        input.extend_from_slice(
            b"{\"text\": \"Caf\xe9 cr\xe8me br\xfbl\xe9e\", \"lieu\": \"Br\xe9st\"}\r\n",
        );
        input.extend_from_slice("{\"text\": \"Noël\"}".as_bytes());
        assert_eq!(
            read(&input),
            vec![
                document(1, "d.jsonl:1", "Été", &[]),
                latin(document(
                    2,
                    "d.jsonl:2",
                    "Café crème brûlée",
                    &[("lieu", Value::from("Brést"))]
                )),
                document(3, "d.jsonl:3", "Noël", &[]),
            ]
        );
    }

    #[test]
    fn plain_text_on_standard_input_is_explained_once() {
        let input = "La souveraineté.\n2024 sera décisive.\n{\"text\": \"ok\"\n";
        let rows = jsonl_rows(
            Cursor::new(input),
            Origin::stdin(),
            Arc::new(CorpusOptions::default()),
        );
        let reasons: Vec<String> = rows
            .map(|item| match item.unwrap() {
                Item::Skipped(s) => format!("{}: {}", s.source, s.reason),
                Item::Document(d) => panic!("unexpected document {d:?}"),
            })
            .collect();
        assert_eq!(
            reasons,
            [
                "<stdin>:1: invalid JSON at column 1: expected value; standard input is read as JSONL, one JSON object per line with the text in \"text\": to analyse plain text, write it to a .txt file and give that file's path instead of -",
                "<stdin>:2: invalid JSON at column 6: trailing characters",
                "<stdin>:3: invalid JSON at column 13: EOF while parsing an object",
            ]
        );
    }

    #[test]
    fn a_file_that_is_not_json_lines_is_explained_once() {
        // Plain text named `.jsonl`: its first line says what to do.
        assert_eq!(
            read("La souveraineté.\n2024 sera décisive.\n".as_bytes()),
            vec![
                skip(
                    1,
                    "invalid JSON at column 1: expected value; a .jsonl file holds one JSON \
                     object per line, with the text in \"text\": to analyse plain text, give it \
                     as a .txt file"
                ),
                skip(2, "invalid JSON at column 6: trailing characters"),
            ]
        );
        // A JSON array, and an object written over several lines.
        let array = read(b"[\n  {\"text\": \"Un\"},\n  {\"text\": \"Deux\"}\n]\n");
        let Item::Skipped(first) = &array[0] else {
            panic!("a skip: {array:?}");
        };
        assert!(
            first
                .reason
                .ends_with("; a .jsonl file holds one JSON object per line: a JSON array converts with jq -c '.[]' FILE > OUT.jsonl"),
            "{first:?}"
        );
        let pretty = read(b"{\n  \"text\": \"Un\"\n}\n");
        let Item::Skipped(first) = &pretty[0] else {
            panic!("a skip: {pretty:?}");
        };
        assert!(
            first.reason.ends_with(
                "; a .jsonl file holds one JSON object per line: an object written over several lines converts with jq -c . FILE > OUT.jsonl"
            ),
            "{first:?}"
        );
        // A broken object is that line's fault: no hint.
        assert_eq!(
            read(b"{\"text\": \"ok\"\n"),
            vec![skip(
                1,
                "invalid JSON at column 13: EOF while parsing an object"
            )]
        );
    }

    #[test]
    fn a_utf8_line_with_a_stray_byte_stays_utf8() {
        let mut input = "{\"text\": \"L'été, la sécurité énergétique est décisive : d"
            .as_bytes()
            .to_vec();
        let stray = input.len();
        input.extend_from_slice(b"\xe9\"}\n");
        let Item::Document(document) = &read(&input)[0] else {
            panic!("a document");
        };
        assert_eq!(
            document.text,
            "L'été, la sécurité énergétique est décisive : d\u{fffd}"
        );
        assert_eq!(document.encoding, "UTF-8");
        assert_eq!(
            document.warnings,
            [format!("not UTF-8 at byte {stray} of the line: 1 invalid byte replaced with U+FFFD, the rest read as UTF-8")]
        );
    }

    #[test]
    fn utf8_required_skips_lines_that_are_not() {
        let options = CorpusOptions {
            encoding: Some(encoding_rs::UTF_8),
            ..CorpusOptions::default()
        };
        let input = b"{\"text\": \"caf\xe9\"}\n{\"text\": \"ok\"}\n";
        assert_eq!(
            read_with(input, options),
            vec![
                skip(1, &crate::corpus::decode::not_utf8(13)),
                document(2, "d.jsonl:2", "ok", &[]),
            ]
        );
        // A UTF-8 BOM requires UTF-8 as well.
        let mut input = b"\xef\xbb\xbf".to_vec();
        input.extend_from_slice(b"{\"text\": \"caf\xe9\"}\n");
        assert_eq!(
            read(&input),
            vec![skip(1, &crate::corpus::decode::not_utf8(13))]
        );
    }

    #[test]
    fn utf16_streams_with_bom() {
        let text = "{\"id\": \"é\", \"text\": \"Souveraineté\"}\r\n\n{\"text\": \"Deux\"}\n";
        for name in ["UTF-16LE", "UTF-16BE"] {
            let input = utf16_with_bom(text, name == "UTF-16LE");
            let with_encoding = |item: Item| {
                let Item::Document(mut document) = item else {
                    panic!("expected a document, got {item:?}");
                };
                document.encoding = name.to_string();
                Item::Document(document)
            };
            assert_eq!(
                read(&input),
                vec![
                    with_encoding(document(1, "é", "Souveraineté", &[])),
                    with_encoding(document(3, "d.jsonl:3", "Deux", &[])),
                ],
                "{name}"
            );
        }
    }

    #[test]
    fn encoding_given_decodes_every_line() {
        let options = CorpusOptions {
            encoding: Some(encoding_rs::WINDOWS_1252),
            ..CorpusOptions::default()
        };
        let mut input = "{\"text\": \"é\"}\n".as_bytes().to_vec();
        input.extend_from_slice(b"{\"text\": \"\xe9\"}\n");
        let items = read_with(&input, options);
        let described: Vec<(String, String, usize)> = documents(items)
            .into_iter()
            .map(|d| (d.text, d.encoding, d.warnings.len()))
            .collect();
        assert_eq!(
            described,
            vec![
                ("Ã©".to_string(), "windows-1252".to_string(), 0),
                ("é".to_string(), "windows-1252".to_string(), 0),
            ]
        );
    }

    #[test]
    fn a_number_beyond_64_bits_says_to_write_it_as_a_string() {
        let input =
            "{\"text\": \"Le climat.\", \"n\": 1e400}\n{\"text\": \"Le climat.\", \"n\": 1e300}\n";
        let items = read_with(input.as_bytes(), CorpusOptions::default());
        let reasons: Vec<String> = items
            .iter()
            .map(|i| match i {
                Item::Skipped(s) => s.reason.clone(),
                Item::Document(_) => "document".into(),
            })
            .collect();
        assert_eq!(
            reasons,
            [
                "invalid JSON at column 33: number out of range (beyond the ±1.8e308 of 64-bit \
                 numbers, which JavaScript and pandas read as infinity): write that value as a \
                 string to keep the line",
                "document"
            ]
        );
    }

    #[test]
    fn half_a_surrogate_pair_is_read_as_a_replacement_character() {
        let input = concat!(
            // An emoji cut in two, at the end and before a letter.
            r#"{"text": "Bravo \ud83d", "auteur": "A\udc4d"}"#,
            "\n",
            r#"{"text": "Pair \ud83d\udc4d, lone \ud83dx, escaped \\ud83d"}"#,
            "\n",
            // Still invalid once repaired: the first error is given.
            r#"{"text": "\ud83d" "#,
            "\n",
        );
        let items = read_with(input.as_bytes(), CorpusOptions::default());
        let skips: Vec<String> = items
            .iter()
            .filter_map(|i| match i {
                Item::Skipped(s) => Some(s.reason.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(
            skips,
            ["invalid JSON at column 17: unexpected end of hex escape"]
        );
        let docs: Vec<(String, Vec<String>)> = items
            .into_iter()
            .filter_map(|i| match i {
                Item::Document(d) => Some((d.text, d.warnings)),
                Item::Skipped(_) => None,
            })
            .collect();
        let warning = |n: &str, s: &str| {
            vec![format!(
                "{n} \\u escape{s} of half a UTF-16 surrogate pair (a character cut in two) \
                 read as U+FFFD"
            )]
        };
        assert_eq!(
            docs,
            vec![
                ("Bravo \u{fffd}".to_string(), warning("2", "s")),
                (
                    "Pair \u{1f44d}, lone \u{fffd}x, escaped \\ud83d".to_string(),
                    warning("1", "")
                ),
            ]
        );
        assert_eq!(
            lone_surrogates_replaced(r#"{"a": "\\ud83d \ud83d\udc4d"}"#),
            None
        );
    }

    #[test]
    fn utf16_without_a_byte_order_mark_is_one_skip_that_says_how_to_read_it() {
        let text = "{\"id\": \"a\", \"text\": \"Le président.\"}\n{\"id\": \"b\", \"text\": \"La mer.\"}\n";
        for (bytes, label) in [
            (
                text.encode_utf16()
                    .flat_map(u16::to_le_bytes)
                    .collect::<Vec<u8>>(),
                "utf-16le",
            ),
            (
                text.encode_utf16().flat_map(u16::to_be_bytes).collect(),
                "utf-16be",
            ),
        ] {
            assert_eq!(
                read(&bytes),
                [Item::Skipped(Skipped::new(
                    "data/d.jsonl",
                    format!(
                        "binary, or UTF-16 text without a byte-order mark: if it is text, give --encoding {label}"
                    )
                ))]
            );
            // As the reason says.
            let options = CorpusOptions {
                encoding: encoding_rs::Encoding::for_label(label.as_bytes()),
                ..CorpusOptions::default()
            };
            assert_eq!(read_with(&bytes, options).len(), 2);
        }
    }

    #[test]
    fn binary_lines_are_skipped() {
        let mut input = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\n".to_vec();
        input.extend_from_slice(b"{\"text\": \"a\"}\0\n\x01\x02\x03\x04{}\n{\"text\": \"ok\"}\n");
        assert_eq!(
            read(&input),
            vec![
                skip(1, "invalid JSON at column 1: expected value"),
                skip(2, "binary"),
                skip(3, "binary"),
                skip(4, "binary"),
                skip(5, "binary"),
                document(6, "d.jsonl:6", "ok", &[]),
            ]
        );
    }

    #[test]
    fn text_larger_than_the_limit_is_skipped() {
        let options = CorpusOptions {
            max_document_bytes: Some(5),
            ..CorpusOptions::default()
        };
        let input =
            "{\"text\": \"12345\", \"autre\": \"long, long, long\"}\n{\"text\": \"étés\"}\n";
        assert_eq!(
            read_with(input.as_bytes(), options),
            vec![
                document(
                    1,
                    "d.jsonl:1",
                    "12345",
                    &[("autre", Value::from("long, long, long"))]
                ),
                skip(2, "larger than --max-document-bytes (5 bytes)"),
            ]
        );
    }

    #[test]
    fn a_very_long_line_is_read_whole() {
        // Far larger than any read buffer; the 200 MB case is the same code path.
        let long = "mot ".repeat(4 << 20);
        let input = format!("{{\"text\": \"{long}\"}}\n{{\"text\": \"après\"}}\n");
        let items = read(input.as_bytes());
        assert_eq!(items.len(), 2);
        let Item::Document(first) = &items[0] else {
            panic!("expected a document");
        };
        assert_eq!(first.text.len(), 16 << 20);
        assert_eq!(items[1], document(2, "d.jsonl:2", "après", &[]));
    }

    #[test]
    fn several_text_fields_are_joined_in_order() {
        let options = CorpusOptions {
            text_field: "question, reponse".to_string(),
            ..CorpusOptions::default()
        };
        let input = "{\"question\": \"Q ?\", \"reponse\": \"R.\", \"n\": 1}\n{\"reponse\": \"Seule.\", \"question\": null}\n{\"autre\": 1}\n";
        let items = read_with(input.as_bytes(), options);
        let texts: Vec<String> = items
            .iter()
            .map(|i| match i {
                Item::Document(d) => d.text.clone(),
                Item::Skipped(s) => format!("skipped: {}", s.reason),
            })
            .collect();
        assert_eq!(
            texts,
            [
                "Q ?\n\nR.".to_string(),
                "Seule.".to_string(),
                "skipped: no field \"question, reponse\" (fields: autre); name the text field with --text-field".to_string()
            ]
        );
    }

    #[test]
    fn a_null_text_is_an_empty_document_not_a_missing_field() {
        // The field is there: the advice to name it with --text-field
        // would mislead. The line is empty, and its metadata is kept for
        // --where, as an empty string's.
        let input =
            "{\"id\": \"d\", \"text\": null, \"parti\": \"LR\"}\n{\"text\": \"Le climat.\"}\n";
        let items = read(input.as_bytes());
        match &items[0] {
            Item::Skipped(skip) => {
                assert_eq!(skip.reason, "empty");
                assert_eq!(
                    skip.meta,
                    Some(BTreeMap::from([("parti".to_string(), Value::from("LR"))]))
                );
            }
            other => panic!("{other:?}"),
        }
        let options = CorpusOptions {
            text_field: "question,reponse".to_string(),
            ..CorpusOptions::default()
        };
        let input = "{\"question\": null, \"reponse\": null}\n{\"question\": \"Q ?\"}\n";
        assert_eq!(read_with(input.as_bytes(), options)[0], skip(1, "empty"));
    }

    #[test]
    fn a_text_field_that_no_line_has_is_an_error_once_the_input_is_read() {
        let options = |text_field: &str| CorpusOptions {
            text_field: text_field.to_string(),
            ..CorpusOptions::default()
        };
        let input = concat!(
            "{\"question\": \"Q1 ?\", \"reponse\": \"R1.\"}\n",
            "{\"question\": \"Q2 ?\", \"date\": \"2020\"}\n",
        );
        // A misspelt second field: the lines are read, then the error comes.
        let (items, error) = read_to_error(input, options("question,reponse_txt"));
        assert_eq!(items.len(), 2);
        assert_eq!(
            error,
            "data/d.jsonl: no line has the text field \"reponse_txt\" (fields of its lines: date, question, reponse); check the names given to --text-field (question,reponse_txt)"
        );
        // The single default field: the error alone, without a skip "no
        // field" for each line before it, which would only hide it.
        let (items, error) = read_to_error(input, CorpusOptions::default());
        assert_eq!(items, vec![]);
        assert_eq!(
            error,
            "data/d.jsonl: no line has the text field \"text\" (fields of its lines: date, question, reponse); name the text field with --text-field"
        );
        // Lines without the field before the first that has it are held
        // back, then handed on in order, with the items between them.
        let late = concat!(
            "{\"texte\": \"a\"}\n",
            "[1]\n",
            "{\"texte\": \"b\"}\n",
            "{\"text\": \"Enfin.\"}\n",
            "{\"texte\": \"c\"}\n",
        );
        let no_field = "no field \"text\" (fields: texte); name the text field with --text-field";
        assert_eq!(
            read(late.as_bytes()),
            vec![
                skip(1, no_field),
                skip(2, NOT_AN_OBJECT),
                skip(3, no_field),
                document(4, "d.jsonl:4", "Enfin.", &[]),
                skip(5, no_field),
            ]
        );
        // A field that some lines lack, or have null, is no error.
        let texts: Vec<String> = documents(read_with(
            b"{\"question\": \"Q1 ?\"}\n{\"question\": \"Q2 ?\", \"reponse\": null}\n{\"question\": \"Q3 ?\", \"reponse\": \"R3.\"}\n",
            options("question, reponse"),
        ))
        .into_iter()
        .map(|d| d.text)
        .collect();
        assert_eq!(texts, ["Q1 ?", "Q2 ?", "Q3 ?\n\nR3."]);
        // No error for an input without any JSON object: each line has its reason.
        assert_eq!(
            read(b"La souverainet\xc3\xa9.\n\n[1]\n"),
            vec![
                skip(
                    1,
                    "invalid JSON at column 1: expected value; a .jsonl file holds one JSON \
                     object per line, with the text in \"text\": to analyse plain text, give it \
                     as a .txt file"
                ),
                skip(3, NOT_AN_OBJECT),
            ]
        );
        assert_eq!(read(b""), vec![]);
        // An input cut short by a read error is not checked: it was not read whole.
        struct FailingAfter(Cursor<&'static [u8]>);
        impl std::io::Read for FailingAfter {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                match self.0.read(buf)? {
                    0 => Err(std::io::Error::other("disque absent")),
                    n => Ok(n),
                }
            }
        }
        let rows = jsonl_rows(
            FailingAfter(Cursor::new(b"{\"autre\": \"a\"}\n")),
            origin(),
            Arc::new(CorpusOptions::default()),
        );
        assert!(rows.map(Result::unwrap).count() == 2);
    }

    #[test]
    fn an_id_field_named_that_no_line_has_is_an_error() {
        let input = "{\"uid\": \"Q1\", \"text\": \"Un.\"}\n{\"text\": \"Deux.\"}\n";
        let named = |id_field: &str| CorpusOptions {
            id_field: Some(id_field.to_string()),
            ..CorpusOptions::default()
        };
        let (items, error) = read_to_error(input, named("uuid"));
        assert_eq!(items.len(), 2);
        assert_eq!(
            error,
            "data/d.jsonl: no line has the id field \"uuid\" (fields of its lines: text, uid); check the name given to --id-field (without it, ids are read from a field \"id\" if there is one, else FILE:LINE)"
        );
        // Some lines without it get FILE:LINE ids, as without a name.
        let ids: Vec<String> = documents(read_with(input.as_bytes(), named("uid")))
            .into_iter()
            .map(|d| d.id)
            .collect();
        assert_eq!(ids, ["Q1", "d.jsonl:2"]);
        // Without a name, `id` is used where there is one, and nothing is required.
        let ids: Vec<String> = documents(read(input.as_bytes()))
            .into_iter()
            .map(|d| d.id)
            .collect();
        assert_eq!(ids, ["d.jsonl:1", "d.jsonl:2"]);
        // Named `id` explicitly, it is required too.
        let (_, error) = read_to_error(input, named("id"));
        assert!(error.contains("no line has the id field \"id\""), "{error}");
    }

    /// A single 200 MB line is read whole, with memory proportional to it.
    #[test]
    fn two_hundred_megabyte_line() {
        let long = "mot ".repeat(50 << 20);
        let input = format!("{{\"text\": \"{long}\"}}\n");
        drop(long);
        let items = read(input.as_bytes());
        let [Item::Document(document)] = &items[..] else {
            panic!("expected one document");
        };
        assert_eq!(document.text.len(), 200 << 20);
    }
}
