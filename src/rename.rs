//! The group names of `parole compare --rename`: a CSV file that gives the
//! values of a grouping, as written in the corpus, the group they belong to
//! (`M. Macron` and `EMMANUEL MACRON` both in `Emmanuel Macron`). This module
//! owns reading that file and its checks, each naming the file and line: a
//! header with the columns `value` and `group`, no empty cell, no value
//! given two groups. Applying it is [`crate::compare::Groups`]'s.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::compare::NO_GROUP;
use crate::{Error, Result};

/// Values as written, each with the name of its group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Renaming {
    /// The file, as given.
    pub file: String,
    /// Each value as written, with its group.
    pub values: BTreeMap<String, String>,
}

impl Renaming {
    /// Reads a renaming file.
    pub fn from_file(path: &Path) -> Result<Renaming> {
        let bytes = std::fs::read(path).map_err(|e| {
            Error::config(format!(
                "--rename {}: cannot read the file: {e}",
                path.display()
            ))
        })?;
        // Spreadsheets save "Unicode text" as UTF-16 with a byte order mark.
        if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(&bytes) {
            if encoding != encoding_rs::UTF_8 {
                let (text, malformed) = encoding.decode_with_bom_removal(&bytes);
                if malformed {
                    return Err(Error::parse(
                        path,
                        None,
                        None,
                        format!("not valid {}; save the file as UTF-8", encoding.name()),
                    ));
                }
                return Renaming::parse(&text, path);
            }
        }
        let text = String::from_utf8(bytes).map_err(|e| {
            let offset = e.utf8_error().valid_up_to();
            Error::parse(
                path,
                Some(line_at(&e.as_bytes()[..offset], offset)),
                None,
                "not valid UTF-8; save the file as UTF-8",
            )
        })?;
        Renaming::parse(&text, path)
    }

    /// Parses the text of a renaming file; `path` names it in errors. The
    /// delimiter is `,`, `;` or tab, whichever the header row holds most.
    pub fn parse(text: &str, path: &Path) -> Result<Renaming> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let bytes = text.as_bytes();
        let error = |line: usize, message: String| Error::parse(path, Some(line), None, message);
        // The `csv` crate closes a quote left open at the end of the file;
        // an odd number of quotes says one was (doubled quotes come in pairs).
        if text.matches('"').count() % 2 == 1 {
            let last = text.rfind('"').unwrap_or(0);
            return Err(error(
                line_at(bytes, last),
                "a quote opened here, or before, is never closed: close it, or double a quote \
                 inside a value (\"\")"
                    .to_string(),
            ));
        }
        let delimiter = crate::corpus::detect_delimiter(&bytes[start_after_line_ends(bytes, 0)..]);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(bytes);
        let mut records = reader.records();
        let header = loop {
            match records.next() {
                None => {
                    return Err(error(
                        1,
                        "empty file: write a header row `value,group`, then one row per value \
                         as written in the corpus with the name of its group"
                            .to_string(),
                    ))
                }
                Some(Err(e)) => return Err(error(csv_line(bytes, &e), e.to_string())),
                Some(Ok(record)) if record.iter().all(|c| c.trim().is_empty()) => continue,
                Some(Ok(record)) => break record,
            }
        };
        let column = |name: &str| {
            header
                .iter()
                .position(|c| c.trim().eq_ignore_ascii_case(name))
        };
        let header_line = record_line(bytes, &header);
        for name in ["value", "group"] {
            let times = header
                .iter()
                .filter(|c| c.trim().eq_ignore_ascii_case(name))
                .count();
            if times > 1 {
                return Err(error(
                    header_line,
                    format!("the header has {times} columns {name}: keep one"),
                ));
            }
        }
        let (Some(value_at), Some(group_at)) = (column("value"), column("group")) else {
            let found: Vec<String> = header.iter().map(|c| format!("{:?}", c.trim())).collect();
            return Err(error(
                header_line,
                format!(
                    "expected a header row with the columns value and group, found {}",
                    found.join(", ")
                ),
            ));
        };
        let mut values: BTreeMap<String, (String, usize)> = BTreeMap::new();
        for record in records {
            let record = record.map_err(|e| error(csv_line(bytes, &e), e.to_string()))?;
            if record.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let line = record_line(bytes, &record);
            // A row of more cells than the header: a value or group holding
            // the delimiter, unquoted, was cut in two, and which part is
            // the group cannot be known.
            if record
                .iter()
                .skip(header.len())
                .any(|c| !c.trim().is_empty())
            {
                let delimiter = match delimiter {
                    b'\t' => "a tab".to_string(),
                    d => format!("\"{}\"", char::from(d)),
                };
                return Err(error(
                    line,
                    format!(
                        "{} cells, the header has {}: a value or group holding {delimiter} \
                         must be in double quotes (\"LR, Les Républicains\")",
                        record.len(),
                        header.len()
                    ),
                ));
            }
            let cell = |at: usize| nfc(record.get(at).map_or("", str::trim));
            let (value, group) = (cell(value_at), cell(group_at));
            let (value, group) = (value.as_str(), group.as_str());
            if value.is_empty() || group.is_empty() {
                let missing = if value.is_empty() { "value" } else { "group" };
                return Err(error(
                    line,
                    format!("no {missing}: each row gives a value as written and its group"),
                ));
            }
            if value == NO_GROUP || group == NO_GROUP {
                return Err(error(
                    line,
                    format!(
                        "{NO_GROUP} is the group of the documents without a value, which cannot \
                         be renamed nor given other values"
                    ),
                ));
            }
            if let Some((other, first)) = values.get(value) {
                if other != group {
                    return Err(error(
                        line,
                        format!(
                            "{value:?} is given the group {group:?} here and {other:?} on line \
                             {first}: give each value one group"
                        ),
                    ));
                }
                continue;
            }
            values.insert(value.to_string(), (group.to_string(), line));
        }
        if values.is_empty() {
            return Err(error(
                header_line,
                "no row after the header: write one row per value as written in the corpus, \
                 with the name of its group"
                    .to_string(),
            ));
        }
        // Renaming is done once: a group that is also a value given another
        // group would hold only the documents of the values sent to it.
        for (value, (group, line)) in &values {
            if let Some((next, next_line)) = values.get(group).filter(|(g, _)| g != group) {
                return Err(error(
                    *line,
                    format!(
                        "{value:?} is given the group {group:?}, which line {next_line} renames \
                         to {next:?}: values are renamed once, so give {next:?} here"
                    ),
                ));
            }
        }
        Ok(Renaming {
            file: path.display().to_string(),
            values: values
                .into_iter()
                .map(|(value, (group, _))| (value, group))
                .collect(),
        })
    }

    /// The group of a value as written, if the file renames it (compared
    /// in Unicode NFC, as the file's values are).
    pub fn group_of(&self, value: &str) -> Option<&str> {
        match self.values.get(value) {
            Some(group) => Some(group),
            None if !is_nfc(value) => self.values.get(&nfc(value)).map(String::as_str),
            None => None,
        }
    }

    /// The group of a value as written: the one the file gives it, else
    /// the value itself.
    pub fn rename<'a>(&'a self, value: &'a str) -> &'a str {
        self.group_of(value).unwrap_or(value)
    }
}

/// `text` in Unicode NFC: accents typed or pasted decomposed (`e` and a
/// combining accent) compare equal to the composed ones.
pub(crate) fn nfc(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfc().collect()
}

/// `text` in NFC, copied as it is when it is already (the common case).
pub(crate) fn to_nfc(text: &str) -> String {
    match is_nfc(text) {
        true => text.to_string(),
        false => nfc(text),
    }
}

/// Whether `text` is in NFC already (quick check, for the common case).
pub(crate) fn is_nfc(text: &str) -> bool {
    unicode_normalization::is_nfc_quick(text.chars()) == unicode_normalization::IsNormalized::Yes
}

/// The 1-based line of the byte at `offset` of `bytes`. A line ends at `\n`,
/// `\r\n` or a lone `\r` (old Mac files), as the CSV corpus reader counts.
fn line_at(bytes: &[u8], offset: usize) -> usize {
    let mut after_cr = false;
    let mut line = 1;
    for &byte in &bytes[..offset.min(bytes.len())] {
        line += usize::from(crate::corpus::is_line_break(byte, after_cr));
        after_cr = byte == b'\r';
    }
    line
}

/// The line on which a record starts. The `csv` crate's record position may
/// stand at the end of the line before (after blank lines or `\r\n`), so the
/// line ends from there on are skipped first.
fn record_line(bytes: &[u8], record: &csv::StringRecord) -> usize {
    let offset = record.position().map_or(0, |p| p.byte() as usize);
    line_at(bytes, start_after_line_ends(bytes, offset))
}

/// The line of a `csv` error (1 when it has none).
fn csv_line(bytes: &[u8], error: &csv::Error) -> usize {
    match error.position() {
        Some(p) => line_at(bytes, start_after_line_ends(bytes, p.byte() as usize)),
        None => 1,
    }
}

/// `offset` moved past the line ends (and blank lines) it stands on.
fn start_after_line_ends(bytes: &[u8], mut offset: usize) -> usize {
    while offset < bytes.len() && matches!(bytes[offset], b'\r' | b'\n') {
        offset += 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Renaming> {
        Renaming::parse(text, Path::new("names.csv"))
    }

    fn error(text: &str) -> String {
        parse(text).unwrap_err().to_string()
    }

    #[test]
    fn values_get_their_groups() {
        let renaming = parse(
            "\u{feff}value,group\n\
             M. Macron,Emmanuel Macron\n\
             \n\
             \"EMMANUEL MACRON\", Emmanuel Macron \n\
             Mme Le Pen,Marine Le Pen\n\
             Mme Le Pen,Marine Le Pen\n",
        )
        .unwrap();
        assert_eq!(renaming.group_of("M. Macron"), Some("Emmanuel Macron"));
        assert_eq!(
            renaming.group_of("EMMANUEL MACRON"),
            Some("Emmanuel Macron")
        );
        assert_eq!(renaming.group_of("Mme Le Pen"), Some("Marine Le Pen"));
        assert_eq!(renaming.group_of("Emmanuel Macron"), None);
        assert_eq!(renaming.values.len(), 3);
        assert_eq!(renaming.file, "names.csv");
    }

    #[test]
    fn the_header_names_the_columns_in_any_order_with_any_delimiter() {
        for text in [
            "group;value;note\nA;a;x\nA;b;\n",
            "Value\tGroup\na\tA\nb\tA\n",
            "\r\n\r\nvalue;group\r\na;A\r\n\r\nb;A\r\n",
        ] {
            let renaming = parse(text).unwrap();
            assert_eq!(renaming.group_of("a"), Some("A"), "{text:?}");
            assert_eq!(renaming.group_of("b"), Some("A"), "{text:?}");
        }
        // A value holding the delimiter is quoted.
        let renaming = parse("value,group\n\"Macron, Emmanuel\",Emmanuel Macron\n").unwrap();
        assert_eq!(
            renaming.group_of("Macron, Emmanuel"),
            Some("Emmanuel Macron")
        );
    }

    #[test]
    fn errors_name_the_file_and_line_and_say_what_to_do() {
        assert_eq!(
            error("speaker,name\na,A\n"),
            "names.csv:1: expected a header row with the columns value and group, found \
             \"speaker\", \"name\""
        );
        assert_eq!(
            error("\n\nvalue,group\na,A\n\r\n,B\n"),
            "names.csv:6: no value: each row gives a value as written and its group"
        );
        assert_eq!(
            error("value,group\r\na,A\r\nb\r\n"),
            "names.csv:3: no group: each row gives a value as written and its group"
        );
        // Lines ended by a lone carriage return (old Mac files) count as lines.
        assert_eq!(
            error("value,group\ra,A\rb\r"),
            "names.csv:3: no group: each row gives a value as written and its group"
        );
        assert_eq!(
            error("value,group\ra,A\r\rb,B\ra,B\r"),
            "names.csv:5: \"a\" is given the group \"B\" here and \"A\" on line 2: give each \
             value one group"
        );
        assert_eq!(
            error("value,group\n\"a\n\r\n\r"),
            "names.csv:2: a quote opened here, or before, is never closed: close it, or double \
             a quote inside a value (\"\")"
        );
        assert_eq!(
            error("value,group\na,A\n\nb,B\na,B\n"),
            "names.csv:5: \"a\" is given the group \"B\" here and \"A\" on line 2: give each \
             value one group"
        );
        assert!(error("value,group\na,(none)\n").starts_with("names.csv:2: (none) is the group"));
        assert!(error("value,group\n(none),A\n").starts_with("names.csv:2: (none) is the group"));
        assert!(error("").starts_with("names.csv:1: empty file: write a header row"));
        assert_eq!(
            error("value,group\nM. Dupont,A\n\"M. Macron,Emmanuel Macron\nB,C\n"),
            "names.csv:3: a quote opened here, or before, is never closed: close it, or double \
             a quote inside a value (\"\")"
        );
        // A value holding the delimiter, unquoted, makes a row too long:
        // which cells are the value and the group cannot be known.
        assert_eq!(
            error("value,group\nMAC,Centre\nLR, Les Républicains,Droite\n"),
            "names.csv:3: 3 cells, the header has 2: a value or group holding \",\" must be in \
             double quotes (\"LR, Les Républicains\")"
        );
        assert!(error("value;group\na;A;B\n").starts_with("names.csv:2: 3 cells"));
        // Empty cells past the header (a spreadsheet's trailing
        // delimiters) are fine.
        assert_eq!(
            parse("value,group\na,A,,\n").unwrap().group_of("a"),
            Some("A")
        );
        // Doubled quotes inside a quoted value are fine.
        let renaming = parse("value,group\n\"Le \"\"Dauphin\"\"\",D\n").unwrap();
        assert_eq!(renaming.group_of("Le \"Dauphin\""), Some("D"));
    }

    #[test]
    fn chained_renames_repeated_columns_and_no_rows_are_errors() {
        assert_eq!(
            error("value,group\nM. Macron,EMMANUEL MACRON\nEMMANUEL MACRON,Emmanuel Macron\n"),
            "names.csv:2: \"M. Macron\" is given the group \"EMMANUEL MACRON\", which line 3 \
             renames to \"Emmanuel Macron\": values are renamed once, so give \"Emmanuel \
             Macron\" here"
        );
        // A group that is also a value of its own group is fine.
        let renaming = parse("value,group\nA,B\nB,B\n").unwrap();
        assert_eq!(renaming.group_of("A"), Some("B"));
        assert_eq!(
            error("value,value,group\na,b,A\n"),
            "names.csv:1: the header has 2 columns value: keep one"
        );
        assert!(error("value,group\n\n").starts_with("names.csv:1: no row after the header"));
    }

    #[test]
    fn values_compare_in_nfc() {
        // The file in composed form, the corpus decomposed, and back.
        let renaming = parse("value,group\nSégolène Royal,Royal\nRe\u{301}mi,Rémi\n").unwrap();
        assert_eq!(
            renaming.group_of("Se\u{301}gole\u{300}ne Royal"),
            Some("Royal")
        );
        assert_eq!(renaming.group_of("Rémi"), Some("Rémi"));
        assert_eq!(renaming.group_of("Remi"), None);
    }

    #[test]
    fn a_file_that_cannot_be_read_is_named_as_the_rename_file() {
        let message = Renaming::from_file(Path::new("/nonexistent/names.csv"))
            .unwrap_err()
            .to_string();
        assert!(
            message.starts_with("--rename /nonexistent/names.csv: cannot read the file: "),
            "{message}"
        );
    }

    #[test]
    fn a_utf16_file_with_its_byte_order_mark_is_read() {
        let dir = std::env::temp_dir().join(format!("parole-rename16-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("utf16.csv");
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "value\tgroup\r\nSégolène ROYAL\tSégolène Royal\r\n".encode_utf16() {
            bytes.extend(unit.to_le_bytes());
        }
        std::fs::write(&path, bytes).unwrap();
        let renaming = Renaming::from_file(&path).unwrap();
        assert_eq!(renaming.group_of("Ségolène ROYAL"), Some("Ségolène Royal"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_file_that_is_not_utf8_is_named_with_its_line() {
        let dir = std::env::temp_dir().join(format!("parole-rename-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("latin1.csv");
        std::fs::write(&path, b"value,group\nM. Chirac,Chirac\nMme Cr\xe9mieux,A\n").unwrap();
        let message = Renaming::from_file(&path).unwrap_err().to_string();
        assert!(message.ends_with("latin1.csv:3: not valid UTF-8; save the file as UTF-8"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
