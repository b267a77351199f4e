//! CSV inputs: this module owns reading a CSV file row by row with the `csv`
//! crate (header row required, comma delimiter, quoted multi-line fields) and
//! turning each record into a [`Document`] or a [`Skipped`](super::Skipped)
//! entry. A file without the text column is one skip for the whole file.
//! Memory holds one record at a time.
//!
//! Line numbers are counted here rather than taken from `csv`'s record
//! positions, which give the line where the previous record ended: wrong after
//! blank lines and after `\r\n` line ends (BurntSushi/rust-csv#395).

use std::collections::{BTreeMap, VecDeque};
use std::io::{self, Read};

use ::csv::{Reader, ReaderBuilder, StringRecord, Trim};
use serde_json::Value;

use super::{skipped, CorpusOptions, Document, Item, Origin};

/// Lazily reads the rows of a CSV stream from `origin` as items.
pub(crate) fn csv_rows<R: Read + Send + 'static>(
    read: R,
    origin: Origin,
    options: &CorpusOptions,
) -> Box<dyn Iterator<Item = Item> + Send> {
    let mut reader = ReaderBuilder::new()
        .delimiter(b',')
        .has_headers(true)
        .flexible(true)
        .trim(Trim::Headers)
        .from_reader(LineTracker::new(read));
    let headers: Vec<String> = match reader.headers() {
        Ok(headers) => headers.iter().map(str::to_string).collect(),
        Err(error) => return one_skip(&origin, error.to_string()),
    };
    if headers.is_empty() {
        return one_skip(&origin, "no header row".to_string());
    }
    let Some(text_column) = headers.iter().position(|h| *h == options.text_field) else {
        let reason = format!(
            "no column \"{}\" (columns: {}); name the text column with --text-field",
            options.text_field,
            headers.join(", ")
        );
        return one_skip(&origin, reason);
    };
    let id_column = headers.iter().position(|h| *h == options.id_field);
    Box::new(CsvRows {
        reader,
        origin,
        headers,
        text_column,
        id_column,
        record: StringRecord::new(),
        done: false,
    })
}

/// A single skip for the whole file.
fn one_skip(origin: &Origin, reason: String) -> Box<dyn Iterator<Item = Item> + Send> {
    Box::new(std::iter::once(skipped(origin.shown.clone(), reason)))
}

/// The rows of a CSV file whose header has been checked.
struct CsvRows<R> {
    /// The CSV reader, positioned after the header.
    reader: Reader<LineTracker<R>>,
    /// Where the file comes from.
    origin: Origin,
    /// Column names, in file order.
    headers: Vec<String>,
    /// Index of the text column.
    text_column: usize,
    /// Index of the id column, if there is one.
    id_column: Option<usize>,
    /// The current record (reused).
    record: StringRecord,
    /// Set after the end of the file or an I/O error.
    done: bool,
}

impl<R: Read> Iterator for CsvRows<R> {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        if self.done {
            return None;
        }
        match self.reader.read_record(&mut self.record) {
            Ok(true) => {
                let start = self.record.position().map_or(0, |p| p.byte());
                let line = self.reader.get_mut().record_line(start);
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
                    "ragged row: {} fields, the header has {}",
                    record.len(),
                    self.headers.len()
                ),
            );
        }
        let text = &record[self.text_column];
        if text.trim().is_empty() {
            return skipped(source, "empty");
        }
        let id = self
            .id_column
            .map(|column| &record[column])
            .filter(|id| !id.trim().is_empty())
            .map_or_else(|| self.origin.id_at(line), str::to_string);
        let mut meta = BTreeMap::new();
        for (column, (name, value)) in self.headers.iter().zip(record.iter()).enumerate() {
            let value = value.trim();
            if column == self.text_column || Some(column) == self.id_column || value.is_empty() {
                continue;
            }
            meta.entry(name.clone())
                .or_insert_with(|| Value::String(value.to_string()));
        }
        Item::Document(Document {
            id,
            source,
            meta,
            text: text.to_string(),
            body_start: 0,
        })
    }
}

/// A reader that keeps the bytes read since the last record start, to give the line where each record begins.
struct LineTracker<R> {
    /// The underlying stream.
    inner: R,
    /// Bytes read from `inner`, from stream offset `start` on.
    window: VecDeque<u8>,
    /// Stream offset of the first byte of `window`.
    start: u64,
    /// 1-based line number at offset `start`.
    line: usize,
}

impl<R> LineTracker<R> {
    /// Wraps `inner`, at line 1.
    fn new(inner: R) -> Self {
        LineTracker {
            inner,
            window: VecDeque::new(),
            start: 0,
            line: 1,
        }
    }

    /// The line of the first byte of the record that `csv` places at offset `byte`, after the line breaks before it; forgets earlier bytes.
    fn record_line(&mut self, byte: u64) -> usize {
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
        if byte == b'\n' {
            self.line += 1;
        }
    }
}

impl<R: Read> Read for LineTracker<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buf)?;
        self.window.extend(&buf[..read]);
        Ok(read)
    }
}

#[cfg(test)]
mod tests {
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
        csv_rows(
            Cursor::new(input.to_vec()),
            origin(),
            &CorpusOptions::default(),
        )
        .collect()
    }

    fn skip(source: &str, reason: &str) -> Item {
        Item::Skipped(Skipped {
            source: source.to_string(),
            reason: reason.to_string(),
        })
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
    fn missing_text_column_skips_the_whole_file() {
        assert_eq!(
            read(b"id,corps,auteur\n1,a,b\n2,c,d\n"),
            vec![skip(
                "data/t.csv",
                "no column \"text\" (columns: id, corps, auteur); name the text column with --text-field"
            )]
        );
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
                skip("data/t.csv:3", "ragged row: 1 fields, the header has 2"),
                skip("data/t.csv:4", "ragged row: 3 fields, the header has 2"),
                document(5, "t.csv:5", "Quatre", &[("lieu", "Nice")]),
            ]
        );
    }

    #[test]
    fn invalid_utf8_row_is_skipped_with_the_csv_message() {
        let items = read(b"text,n\ncaf\xe9,1\nbon,2\n");
        assert_eq!(items.len(), 2, "{items:?}");
        let Item::Skipped(skip) = &items[0] else {
            panic!("expected a skip, got {:?}", items[0]);
        };
        assert_eq!(skip.source, "data/t.csv:2");
        assert!(skip.reason.contains("invalid utf-8"), "{}", skip.reason);
        assert_eq!(items[1], document(3, "t.csv:3", "bon", &[("n", "2")]));
    }

    #[test]
    fn bom_and_padded_headers_are_handled() {
        assert_eq!(
            read("\u{feff}text , id\nBonjour,x\n".as_bytes()),
            vec![document(2, "x", "Bonjour", &[])]
        );
    }

    #[test]
    fn configured_column_names() {
        let options = CorpusOptions {
            text_field: "discours".to_string(),
            id_field: "ref".to_string(),
        };
        let items: Vec<Item> = csv_rows(
            Cursor::new("ref,discours,text\nr1,A,autre\n"),
            origin(),
            &options,
        )
        .collect();
        assert_eq!(items, vec![document(2, "r1", "A", &[("text", "autre")])]);
    }
}
