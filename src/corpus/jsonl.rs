//! JSONL inputs (files and stdin): this module owns reading one JSON object
//! per line, lazily, from any [`BufRead`], and turning each line into a
//! [`Document`] or a [`Skipped`](super::Skipped) entry that says why
//! (invalid JSON, not an object, no text field, empty text, not UTF-8).
//! Memory holds one line at a time.

use std::collections::BTreeMap;
use std::io::BufRead;
use std::sync::Arc;

use serde_json::Value;

use super::{skipped, CorpusOptions, Document, Item, Origin};

/// Lazily reads the lines of a JSONL stream as items; blank lines are ignored.
pub(crate) struct JsonlRows<R> {
    /// The stream.
    reader: R,
    /// Where the stream comes from.
    origin: Origin,
    /// Field names to use.
    options: Arc<CorpusOptions>,
    /// 1-based number of the last line read.
    line: usize,
    /// The bytes of the current line (reused).
    buf: Vec<u8>,
    /// Set after the end of the stream or an I/O error.
    done: bool,
}

impl<R: BufRead> JsonlRows<R> {
    /// Reads `reader` as JSONL coming from `origin`.
    pub(crate) fn new(reader: R, origin: Origin, options: Arc<CorpusOptions>) -> Self {
        JsonlRows {
            reader,
            origin,
            options,
            line: 0,
            buf: Vec::new(),
            done: false,
        }
    }
}

impl<R: BufRead> Iterator for JsonlRows<R> {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        while !self.done {
            self.buf.clear();
            match self.reader.read_until(b'\n', &mut self.buf) {
                Ok(0) => self.done = true,
                Ok(_) => {
                    self.line += 1;
                    let bytes = line_content(&self.buf, self.line);
                    let line = match std::str::from_utf8(bytes) {
                        Ok(line) => line,
                        Err(error) => {
                            let offset = error.valid_up_to();
                            return Some(skipped(
                                self.origin.source_at(self.line),
                                format!("not UTF-8 (invalid byte at offset {offset})"),
                            ));
                        }
                    };
                    if line.trim().is_empty() {
                        continue;
                    }
                    return Some(json_record(line, self.line, &self.origin, &self.options));
                }
                Err(error) => {
                    // The stream is unusable from here; stop rather than loop on the error.
                    self.done = true;
                    return Some(skipped(
                        self.origin.source_at(self.line + 1),
                        format!("cannot read: {error} (rest of the input not read)"),
                    ));
                }
            }
        }
        None
    }
}

/// The bytes of a line without its `\n`/`\r\n` (and without a BOM on line 1).
fn line_content(buf: &[u8], line: usize) -> &[u8] {
    let bytes = buf.strip_suffix(b"\n").unwrap_or(buf);
    let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
    if line == 1 {
        bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes)
    } else {
        bytes
    }
}

/// Turns one non-blank JSONL line (number `line`) into a document or a skip.
pub(crate) fn json_record(
    line: &str,
    line_number: usize,
    origin: &Origin,
    options: &CorpusOptions,
) -> Item {
    let source = origin.source_at(line_number);
    let mut object = match serde_json::from_str::<Value>(line) {
        Ok(Value::Object(object)) => object,
        Ok(_) => return skipped(source, "not a JSON object"),
        Err(error) => return skipped(source, format!("invalid JSON: {error}")),
    };
    let text_field = &options.text_field;
    let text = match object.remove(text_field) {
        Some(Value::String(text)) => text,
        Some(_) => return skipped(source, format!("field \"{text_field}\" is not a string")),
        None => {
            let mut fields: Vec<&str> = object.keys().map(String::as_str).collect();
            fields.sort_unstable();
            let fields = if fields.is_empty() {
                "none".to_string()
            } else {
                fields.join(", ")
            };
            return skipped(
                source,
                format!("no field \"{text_field}\" (fields: {fields}); name the text field with --text-field"),
            );
        }
    };
    if text.trim().is_empty() {
        return skipped(source, "empty");
    }
    let id = match object.remove(&options.id_field) {
        Some(Value::String(id)) if !id.trim().is_empty() => id,
        Some(Value::Number(id)) => id.to_string(),
        Some(Value::Bool(id)) => id.to_string(),
        _ => origin.id_at(line_number),
    };
    let meta: BTreeMap<String, Value> = object
        .into_iter()
        .filter(|(_, value)| matches!(value, Value::String(_) | Value::Number(_) | Value::Bool(_)))
        .collect();
    Item::Document(Document {
        id,
        source,
        meta,
        text,
        body_start: 0,
    })
}

#[cfg(test)]
mod tests {
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
        JsonlRows::new(
            Cursor::new(input.to_vec()),
            origin(),
            Arc::new(CorpusOptions::default()),
        )
        .collect()
    }

    fn skip(line: usize, reason: &str) -> Item {
        Item::Skipped(Skipped {
            source: format!("data/d.jsonl:{line}"),
            reason: reason.to_string(),
        })
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
        })
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
                    ]
                ),
                document(4, "d.jsonl:4", "Sans id", &[]),
                document(5, "42", "Numéro", &[]),
                document(6, "false", "Booléen", &[]),
                document(7, "d.jsonl:7", "Id nul", &[]),
            ]
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
                    "invalid JSON: EOF while parsing an object at line 1 column 13"
                ),
                skip(2, "not a JSON object"),
                skip(3, "no field \"text\" (fields: auteur, corps); name the text field with --text-field"),
                skip(4, "no field \"text\" (fields: none); name the text field with --text-field"),
                skip(5, "field \"text\" is not a string"),
                skip(6, "empty"),
                skip(7, "not UTF-8 (invalid byte at offset 13)"),
                document(8, "d.jsonl:8", "fin", &[]),
            ]
        );
    }

    #[test]
    fn configured_field_names() {
        let options = CorpusOptions {
            text_field: "contenu".to_string(),
            id_field: "ref".to_string(),
        };
        let input =
            "{\"ref\": \"r1\", \"contenu\": \"A\", \"text\": \"meta\"}\n{\"text\": \"B\"}\n";
        let items: Vec<Item> =
            JsonlRows::new(Cursor::new(input), origin(), Arc::new(options)).collect();
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
    fn bom_on_first_line_is_ignored() {
        assert_eq!(
            read("\u{feff}{\"text\": \"a\"}\n".as_bytes()),
            vec![document(1, "d.jsonl:1", "a", &[])]
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
        let rows = JsonlRows::new(
            std::io::BufReader::new(Failing),
            origin(),
            Arc::new(CorpusOptions::default()),
        );
        assert_eq!(
            rows.collect::<Vec<_>>(),
            vec![skip(
                1,
                "cannot read: disque absent (rest of the input not read)"
            )]
        );
    }
}
