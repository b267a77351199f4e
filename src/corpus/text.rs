//! Plain-text documents (`.txt`, `.md`, and files given directly with another
//! extension): this module owns turning one file's bytes into one
//! [`Document`] (decoded, front matter parsed, warnings noted), or a
//! [`Skipped`](super::Skipped) entry when the file is too large, binary, not
//! decodable or has an empty body; or, for an Iramuteq corpus (a `.txt`
//! file opened by a star line), into the documents [`super::iramuteq`]
//! cuts it into.

use std::fs::File;
use std::io::Read;

use encoding_rs::Encoding;

use super::decode::{decode_file, has_nul, misread_encoding, mostly_control, Decoding, BINARY};
use super::frontmatter::front_matter;
use super::table::TableMeta;
use super::{
    iramuteq, skipped, skipped_with_meta, too_large, CorpusOptions, Document, Item, Origin,
};
use crate::Result;

/// Bytes read from the start of a file larger than `--max-document-bytes`
/// to tell whether it is an Iramuteq corpus, whose limit is per text.
const PEEK_BYTES: u64 = 4096;

/// The skip of a file larger than `max` bytes, not read: with the
/// metadata its table's row gives it, if any, so that the conditions of
/// `--where` leave it out as they would leave out its document.
fn too_large_skip(source: &str, max: u64, table: Option<&TableMeta>) -> Item {
    match table {
        Some(TableMeta::Row { meta, .. }) => {
            skipped_with_meta(source, too_large(max), meta.clone())
        }
        _ => skipped(source, too_large(max)),
    }
}

/// What a text file holds: one document (or skip), or the texts of an
/// Iramuteq corpus, made one at a time.
pub(crate) enum TextFile {
    One(Item),
    Texts(iramuteq::Texts),
}

impl TextFile {
    /// Every item, made at once.
    #[cfg(test)]
    pub(crate) fn into_items(self) -> Vec<Item> {
        match self {
            TextFile::One(item) => vec![item],
            TextFile::Texts(texts) => texts.collect(),
        }
    }
}

/// Reads the whole file at `origin` into one item, or the items of an
/// Iramuteq corpus; a file larger than `options.max_document_bytes` is
/// skipped without being read, unless it is an Iramuteq corpus, whose
/// texts are each held to the limit. `table`: what the metadata table of
/// its folder gives the file, if the folder has one. The error of an
/// Iramuteq corpus none of whose star lines has the variable `--id-field`
/// names (see [`iramuteq::documents`]).
pub(crate) fn read_text_file(
    origin: &Origin,
    table: Option<&TableMeta>,
    options: &CorpusOptions,
) -> Result<TextFile> {
    let source = origin.shown.as_str();
    let cannot_read = |error: std::io::Error| {
        Ok(TextFile::One(skipped(
            source,
            format!("cannot read: {error}"),
        )))
    };
    let file = match File::open(&origin.path) {
        Ok(file) => file,
        Err(error) => return cannot_read(error),
    };
    let mut bytes = Vec::new();
    let read = match options.max_document_bytes {
        Some(max) => {
            match file.metadata() {
                Ok(metadata) if metadata.len() > max => {
                    let mut start = Vec::new();
                    if let Err(error) = (&file).take(PEEK_BYTES).read_to_end(&mut start) {
                        return cannot_read(error);
                    }
                    if !may_be_iramuteq(&start, origin, options) {
                        return Ok(TextFile::One(too_large_skip(source, max, table)));
                    }
                    bytes = start;
                    return match (&file).read_to_end(&mut bytes) {
                        Ok(_) => text_items(bytes, origin, table, options),
                        Err(error) => cannot_read(error),
                    };
                }
                Ok(_) => {}
                Err(error) => return cannot_read(error),
            }
            // The file may have grown since: read one byte more than allowed at most.
            let read = file.take(max.saturating_add(1)).read_to_end(&mut bytes);
            if bytes.len() as u64 > max && !may_be_iramuteq(&bytes, origin, options) {
                return Ok(TextFile::One(too_large_skip(source, max, table)));
            }
            read
        }
        None => (&file).read_to_end(&mut bytes),
    };
    match read {
        Ok(_) => text_items(bytes, origin, table, options),
        Err(error) => cannot_read(error),
    }
}

/// Whether the file at `origin`, which starts with `start`, may be an
/// Iramuteq corpus, whose texts are each held to `--max-document-bytes`
/// rather than the whole file: a `.txt` file (only those are cut into
/// texts) whose start, decoded as the file will be (a UTF-16 byte order
/// mark included), opens with a star line.
fn may_be_iramuteq(start: &[u8], origin: &Origin, options: &CorpusOptions) -> bool {
    let encoding = options.encoding.unwrap_or(encoding_rs::UTF_8);
    is_txt(origin) && iramuteq::is_iramuteq(&encoding.decode(start).0)
}

/// Whether the file at `origin` is a `.txt` file, which may be an Iramuteq corpus.
fn is_txt(origin: &Origin) -> bool {
    origin
        .path
        .extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("txt"))
}

/// The skip reason of a binary file: for a file given by its path whose
/// extension is not `.txt` or `.md` (a `.docx`, a `.pdf`), what to do, as a
/// folder walk says of the same file that its type is unsupported.
fn binary(source: &str) -> String {
    match std::path::Path::new(source)
        .extension()
        .map(|ext| ext.to_string_lossy().to_lowercase())
    {
        Some(ext) if !super::walk::TEXT_EXTENSIONS.contains(&ext.as_str()) => format!(
            "{BINARY} (a .{ext} file is not plain text: save it as .txt; parole reads .txt, .md, .jsonl and .csv)"
        ),
        _ => BINARY.to_string(),
    }
}

/// Turns a file's bytes into its items: the texts of an Iramuteq corpus
/// (a `.txt` file whose first line is a star line), else one document as
/// [`text_item`] reads it.
fn text_items(
    bytes: Vec<u8>,
    origin: &Origin,
    table: Option<&TableMeta>,
    options: &CorpusOptions,
) -> Result<TextFile> {
    let (text, encoding, warning) = match decoded(bytes, &origin.shown, options.encoding) {
        Ok(decoded) => decoded,
        Err(reason) => return Ok(TextFile::One(skipped(&origin.shown, reason))),
    };
    if is_txt(origin) && iramuteq::is_iramuteq(&text) {
        let warnings: Vec<String> = warning.into_iter().collect();
        let texts = iramuteq::documents(text, origin, encoding.name(), warnings, table, options);
        return texts.map(TextFile::Texts);
    }
    let near_miss = match is_txt(origin) {
        true => iramuteq::near_miss(&text),
        false => None,
    };
    let mut item = document(text, encoding, warning, table, &origin.id, &origin.shown);
    if let (Item::Document(doc), Some(warning)) = (&mut item, near_miss) {
        doc.warnings.push(warning);
    }
    Ok(TextFile::One(item))
}

/// Turns a file's bytes into a document (decoded, front matter parsed), or a
/// skip; `encoding` is the one given in the options, if any.
#[cfg(test)]
pub(crate) fn text_item(
    bytes: Vec<u8>,
    id: &str,
    source: &str,
    encoding: Option<&'static Encoding>,
) -> Item {
    match decoded(bytes, source, encoding) {
        Ok((text, encoding, warning)) => document(text, encoding, warning, None, id, source),
        Err(reason) => skipped(source, reason),
    }
}

/// A file's bytes decoded: its text, the encoding it was read in and a
/// warning on the decoding, if any; or the skip reason of a file that is
/// binary or cannot be decoded.
fn decoded(
    bytes: Vec<u8>,
    source: &str,
    encoding: Option<&'static Encoding>,
) -> std::result::Result<(String, &'static Encoding, Option<String>), String> {
    let bom = Encoding::for_bom(&bytes).map(|(encoding, _)| encoding);
    let decoding = Decoding::choose(bom, encoding);
    if let Some(reason) = misread_encoding(&bytes, decoding) {
        return Err(reason);
    }
    if has_nul(&bytes, decoding) {
        return Err(binary(source));
    }
    let decoded = decode_file(bytes, decoding)?;
    if mostly_control(&decoded.text) {
        return Err(binary(source));
    }
    Ok((decoded.text, decoded.encoding, decoded.warning))
}

/// The one document of a plain-text file: its front matter parsed and
/// merged with what the metadata table of its folder gives it, its
/// decoding's warning noted; a skip if its body is empty.
fn document(
    text: String,
    encoding: &'static Encoding,
    warning: Option<String>,
    table: Option<&TableMeta>,
    id: &str,
    source: &str,
) -> Item {
    let mut warnings: Vec<String> = warning.into_iter().collect();
    let (mut meta, body_start, warning) = front_matter(&text);
    warnings.extend(warning);
    if let Some(table) = table {
        table.merge_into(&mut meta, "front matter", &mut warnings);
    }
    if text[body_start..].trim().is_empty() {
        return skipped_with_meta(source, "empty", meta);
    }
    Item::Document(Document {
        id: id.to_string(),
        source: source.to_string(),
        meta,
        text,
        body_start,
        encoding: encoding.name().to_string(),
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::super::decode::utf16_with_bom;
    use super::*;
    use crate::corpus::Skipped;
    use encoding_rs::{UTF_8, WINDOWS_1252};
    use serde_json::Value;
    use std::collections::BTreeMap;

    fn skip(reason: &str) -> Item {
        Item::Skipped(Skipped::new("d/a.txt", reason))
    }

    fn item(bytes: &[u8]) -> Item {
        text_item(bytes.to_vec(), "a.txt", "d/a.txt", None)
    }

    fn document(item: Item) -> Document {
        match item {
            Item::Document(document) => document,
            Item::Skipped(skip) => panic!("expected a document, got {skip:?}"),
        }
    }

    #[test]
    fn a_binary_file_of_another_type_says_to_save_it_as_text() {
        let zip = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00";
        assert_eq!(item(zip), skip("binary"));
        match text_item(zip.to_vec(), "r.docx", "d/r.DOCX", None) {
            Item::Skipped(s) => assert_eq!(
                s.reason,
                "binary (a .docx file is not plain text: save it as .txt; parole reads .txt, .md, .jsonl and .csv)"
            ),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn document_keeps_whole_text_and_body_start() {
        let text = "---\ntitre: Vœux 2024\n---\nMes chers compatriotes.\n";
        let expected = Document {
            id: "a.txt".to_string(),
            source: "d/a.txt".to_string(),
            meta: BTreeMap::from([("titre".to_string(), Value::from("Vœux 2024"))]),
            text: text.to_string(),
            body_start: 26,
            encoding: "UTF-8".to_string(),
            warnings: Vec::new(),
        };
        assert_eq!(item(text.as_bytes()), Item::Document(expected));
        assert_eq!(&text[26..], "Mes chers compatriotes.\n");
    }

    #[test]
    fn windows_1252_file_is_decoded_with_a_warning() {
        let document = document(item(b"Caf\xe9 cr\xe8me br\xfbl\xe9e"));
        assert_eq!(document.text, "Café crème brûlée");
        assert_eq!(document.body_start, 0);
        assert_eq!(document.encoding, "windows-1252");
        assert_eq!(document.warnings, ["not UTF-8: decoded as windows-1252"]);
    }

    #[test]
    fn utf8_required_by_the_options_skips_invalid_bytes() {
        let bytes = b"Fran\xe7ais".to_vec();
        assert_eq!(
            text_item(bytes, "a.txt", "d/a.txt", Some(UTF_8)),
            skip(&crate::corpus::decode::not_utf8(4))
        );
    }

    #[test]
    fn encoding_given_in_the_options_is_used() {
        let item = text_item("é".as_bytes().to_vec(), "a", "a", Some(WINDOWS_1252));
        let document = document(item);
        assert_eq!(document.text, "Ã©");
        assert_eq!(document.encoding, "windows-1252");
        assert_eq!(document.warnings, Vec::<String>::new());
    }

    #[test]
    fn utf16_with_bom_is_decoded_both_ways() {
        let text = "---\r\ntitre: Été\r\n---\r\nSouveraineté\u{a0}!";
        for (little_endian, name) in [(true, "UTF-16LE"), (false, "UTF-16BE")] {
            // The encoding given in the options loses to the BOM.
            let bytes = utf16_with_bom(text, little_endian);
            let document = document(text_item(bytes, "a", "a", Some(WINDOWS_1252)));
            assert_eq!(document.text, format!("\u{feff}{text}"), "{name}");
            assert_eq!(document.encoding, name);
            assert_eq!(document.warnings, Vec::<String>::new());
            assert_eq!(document.meta["titre"], "Été");
            assert_eq!(&document.text[document.body_start..], "Souveraineté\u{a0}!");
        }
    }

    #[test]
    fn utf8_bom_is_kept_in_text_and_skipped_by_body_start() {
        let text = "\u{feff}---\nauteur: X\n---\nBonjour à tous";
        let document = document(item(text.as_bytes()));
        assert_eq!(document.text, text);
        assert_eq!(document.encoding, "UTF-8");
        assert_eq!(document.body_start, 21);
        // Spans still index the text (which is the file).
        assert_eq!(&document.text[21..28], "Bonjour");

        assert_eq!(document_of("\u{feff}Bonjour").body_start, 3);
    }

    fn document_of(text: &str) -> Document {
        document(item(text.as_bytes()))
    }

    #[test]
    fn utf8_bom_with_invalid_bytes_is_skipped() {
        assert_eq!(
            item(b"\xef\xbb\xbfCaf\xe9"),
            skip(&crate::corpus::decode::not_utf8(6))
        );
    }

    #[test]
    fn binary_files_are_skipped() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0";
        assert_eq!(item(png), skip("binary"));
        assert_eq!(item(b"Bonjour\0tout le monde"), skip("binary"));
        // UTF-16 without a byte-order mark looks binary: the reason says how to read it.
        let utf16 = |text: &str, le: bool| -> Vec<u8> {
            text.encode_utf16()
                .flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() })
                .collect()
        };
        for (le, label) in [(true, "utf-16le"), (false, "utf-16be")] {
            assert_eq!(
                item(&utf16("Déclaration sur la souveraineté.", le)),
                skip(&format!(
                    "binary, or UTF-16 text without a byte-order mark: if it is text, give --encoding {label}"
                ))
            );
        }
        // More than 30 % control characters, no NUL.
        assert_eq!(item(b"\x01\x02\x03\x04abcdef"), skip("binary"));
        // 30 % exactly, and tab, line feed, carriage return, form feed, are not binary.
        assert_eq!(
            document(item(b"\x01\x02\x03abcdefg")).text,
            "\x01\x02\x03abcdefg"
        );
        assert_eq!(document(item(b"a\t\t\t\x0c\r\n\n\nb")).encoding, "UTF-8");
        // A NUL after the first 8 KiB is not looked at.
        let mut late = vec![b'a'; 8192];
        late.push(0);
        assert_eq!(document(item(&late)).text.len(), 8193);
        // NUL bytes are normal in UTF-16.
        assert_eq!(
            document(item(&utf16_with_bom("ab", true))).text,
            "\u{feff}ab"
        );
    }

    #[test]
    fn crlf_front_matter() {
        let text = "---\r\ndate: '2022-04-24'\r\n---\r\nCorps.\r\n";
        let document = document_of(text);
        assert_eq!(document.meta["date"], "2022-04-24");
        assert_eq!(document.body_start, 30);
        assert_eq!(&document.text[30..], "Corps.\r\n");
        assert_eq!(document.warnings, Vec::<String>::new());
    }

    #[test]
    fn unclosed_front_matter_is_text_with_a_warning() {
        let text = "---\ntitre: Vœux\n\nMes chers compatriotes.\n";
        let unclosed = document_of(text);
        assert_eq!(unclosed.meta, BTreeMap::new());
        assert_eq!(unclosed.body_start, 0);
        assert_eq!(unclosed.text, text);
        assert_eq!(unclosed.warnings, ["front matter not closed: read as text"]);

        // Both warnings, in reading order.
        let latin = document(item(b"---\ntitre: D\xe9claration\n"));
        assert_eq!(
            latin.warnings,
            [
                "not UTF-8: decoded as windows-1252",
                "front matter not closed: read as text"
            ]
        );
    }

    #[test]
    fn empty_or_blank_body_is_skipped() {
        assert_eq!(item(b""), skip("empty"));
        assert_eq!(item(b" \r\n\t\n"), skip("empty"));
        assert_eq!(item(b"---\na: b\n---\n\n  \n"), skip("empty"));
        assert_eq!(item("\u{feff}".as_bytes()), skip("empty"));
        assert_eq!(item(&utf16_with_bom(" \n", false)), skip("empty"));
    }

    #[test]
    fn missing_file_is_a_skip() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("absent.txt");
        let origin = origin(&path, "x", "x");
        let item = one(items_of(&origin, None, &CorpusOptions::default()));
        let Item::Skipped(skip) = item else {
            panic!("expected a skip, got {item:?}");
        };
        assert!(skip.reason.starts_with("cannot read: "), "{}", skip.reason);
    }

    #[test]
    fn file_larger_than_the_limit_is_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "0123456789").unwrap();
        let limit = |max| CorpusOptions {
            max_document_bytes: Some(max),
            ..CorpusOptions::default()
        };
        let origin = origin(&path, "a.txt", "d/a.txt");
        assert_eq!(
            items_of(&origin, None, &limit(9)),
            [skip("larger than --max-document-bytes (9 bytes)")]
        );
        let item = one(items_of(&origin, None, &limit(10)));
        assert_eq!(document(item).text, "0123456789");
        let item = one(items_of(&origin, None, &CorpusOptions::default()));
        assert_eq!(document(item).text, "0123456789");
    }

    fn origin(path: &std::path::Path, id: &str, shown: &str) -> Origin {
        Origin {
            path: path.to_path_buf(),
            id: id.to_string(),
            shown: shown.to_string(),
        }
    }

    /// The items of the file at `origin`, read without error.
    fn items_of(origin: &Origin, table: Option<&TableMeta>, options: &CorpusOptions) -> Vec<Item> {
        match read_text_file(origin, table, options) {
            Ok(file) => file.into_items(),
            Err(error) => panic!("{error}"),
        }
    }

    fn one(mut items: Vec<Item>) -> Item {
        assert_eq!(items.len(), 1, "{items:?}");
        items.pop().unwrap()
    }

    #[test]
    fn an_iramuteq_corpus_is_one_document_per_text_each_held_to_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("corpus.txt");
        let text = "**** *parti_PS\nLa santé.\n**** *parti_LR\nLa dette publique.\n";
        std::fs::write(&path, text).unwrap();
        let origin = origin(&path, "corpus.txt", "d/corpus.txt");
        let limit = CorpusOptions {
            max_document_bytes: Some(40),
            ..CorpusOptions::default()
        };
        for options in [CorpusOptions::default(), limit] {
            let items = items_of(&origin, None, &options);
            assert_eq!(items.len(), 2);
            let first = document(items[0].clone());
            assert_eq!(first.id, "corpus.txt:1");
            assert_eq!(first.meta["parti"], "PS");
            assert_eq!(&first.text[first.body_start..], "La santé.\n");
            assert_eq!(document(items[1].clone()).source, "d/corpus.txt:3");
        }
        // Over the limit, a text is skipped alone.
        let small = CorpusOptions {
            max_document_bytes: Some(30),
            ..CorpusOptions::default()
        };
        let items = items_of(&origin, None, &small);
        assert_eq!(document(items[0].clone()).meta["parti"], "PS");
        assert!(matches!(&items[1], Item::Skipped(s) if s.reason == too_large(30)));
        // Only a .txt file: a Markdown file opened by `****` is one document,
        // held to the limit as a whole.
        let md = dir.path().join("notes.md");
        std::fs::write(&md, text).unwrap();
        let item = one(items_of(
            &origin_of_md(&md),
            None,
            &CorpusOptions::default(),
        ));
        assert_eq!(document(item).text, text);
        let item = one(items_of(&origin_of_md(&md), None, &small));
        assert_eq!(item, skip_of("d/notes.md", &too_large(30)));
        // In UTF-16, the star line is seen through the byte order mark.
        std::fs::write(&path, utf16_with_bom(text, true)).unwrap();
        let items = items_of(&origin, None, &small);
        assert_eq!(items.len(), 2, "{items:?}");
        assert_eq!(document(items[0].clone()).meta["parti"], "PS");
        assert!(matches!(&items[1], Item::Skipped(s) if s.reason == too_large(30)));
    }

    fn skip_of(source: &str, reason: &str) -> Item {
        Item::Skipped(Skipped::new(source, reason))
    }

    #[test]
    fn a_txt_file_whose_first_line_is_nearly_a_star_line_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("corpus.txt");
        let text = "**** *parti_PS annee_2020\nLa santé.\n**** *parti_LR\nLa dette.\n";
        std::fs::write(&path, text).unwrap();
        let origin = origin(&path, "corpus.txt", "d/corpus.txt");
        let document = document(one(items_of(&origin, None, &CorpusOptions::default())));
        assert_eq!(document.text, text);
        assert_eq!(document.warnings.len(), 1, "{:?}", document.warnings);
        assert!(document.warnings[0].contains("\"annee_2020\" has no star"));
    }

    fn origin_of_md(path: &std::path::Path) -> Origin {
        origin(path, "notes.md", "d/notes.md")
    }
}
