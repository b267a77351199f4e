//! Plain-text documents (`.txt`, `.md`, and files given directly with another
//! extension): this module owns turning one file's bytes into one
//! [`Document`], or a [`Skipped`](super::Skipped) entry when the file is not
//! UTF-8 or has an empty body.

use std::path::Path;

use super::{parse_front_matter, skipped, Document, Item};

/// Reads the whole file at `path` into one item.
pub(crate) fn read_text_file(path: &Path, id: &str, source: &str) -> Item {
    match std::fs::read(path) {
        Ok(bytes) => text_item(bytes, id, source),
        Err(error) => skipped(source, format!("cannot read: {error}")),
    }
}

/// Turns a file's bytes into a document (front matter parsed), or a skip.
pub(crate) fn text_item(bytes: Vec<u8>, id: &str, source: &str) -> Item {
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let offset = error.utf8_error().valid_up_to();
            return skipped(
                source,
                format!("not UTF-8 (invalid byte at offset {offset})"),
            );
        }
    };
    let (meta, body_start) = parse_front_matter(&text);
    if text[body_start..].trim().is_empty() {
        return skipped(source, "empty");
    }
    Item::Document(Document {
        id: id.to_string(),
        source: source.to_string(),
        meta,
        text,
        body_start,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Skipped;
    use serde_json::Value;
    use std::collections::BTreeMap;

    fn skip(reason: &str) -> Item {
        Item::Skipped(Skipped {
            source: "d/a.txt".to_string(),
            reason: reason.to_string(),
        })
    }

    #[test]
    fn document_keeps_whole_text_and_body_start() {
        let text = "---\ntitre: Vœux 2024\n---\nMes chers compatriotes.\n";
        let item = text_item(text.as_bytes().to_vec(), "a.txt", "d/a.txt");
        let expected = Document {
            id: "a.txt".to_string(),
            source: "d/a.txt".to_string(),
            meta: BTreeMap::from([("titre".to_string(), Value::from("Vœux 2024"))]),
            text: text.to_string(),
            body_start: 26,
        };
        assert_eq!(item, Item::Document(expected));
        assert_eq!(&text[26..], "Mes chers compatriotes.\n");
    }

    #[test]
    fn invalid_utf8_names_the_offset() {
        let bytes = b"Fran\xe7ais".to_vec();
        assert_eq!(
            text_item(bytes, "a.txt", "d/a.txt"),
            skip("not UTF-8 (invalid byte at offset 4)")
        );
    }

    #[test]
    fn empty_or_blank_body_is_skipped() {
        assert_eq!(text_item(Vec::new(), "a.txt", "d/a.txt"), skip("empty"));
        assert_eq!(
            text_item(b" \r\n\t\n".to_vec(), "a.txt", "d/a.txt"),
            skip("empty")
        );
        assert_eq!(
            text_item(b"---\na: b\n---\n\n  \n".to_vec(), "a.txt", "d/a.txt"),
            skip("empty")
        );
        assert_eq!(
            text_item("\u{feff}".as_bytes().to_vec(), "a.txt", "d/a.txt"),
            skip("empty")
        );
    }

    #[test]
    fn bom_is_kept_in_text_and_skipped_by_body_start() {
        let item = text_item("\u{feff}Bonjour".as_bytes().to_vec(), "a", "a");
        let Item::Document(document) = item else {
            panic!("expected a document, got {item:?}");
        };
        assert_eq!(document.text, "\u{feff}Bonjour");
        assert_eq!(document.body_start, 3);
    }

    #[test]
    fn missing_file_is_a_skip() {
        let dir = tempfile::tempdir().unwrap();
        let item = read_text_file(&dir.path().join("absent.txt"), "x", "x");
        let Item::Skipped(skip) = item else {
            panic!("expected a skip, got {item:?}");
        };
        assert!(skip.reason.starts_with("cannot read: "), "{}", skip.reason);
    }
}
