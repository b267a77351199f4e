//! Front matter of `.txt`/`.md` files: an optional block of `key: value`
//! lines between two `---` lines at the very top of a file. This module owns
//! recognising that block, turning it into metadata, and finding the byte
//! offset where the body starts. It is pure: text in, metadata and offset out.

use std::collections::BTreeMap;

use serde_json::Value;

/// The UTF-8 byte order mark, skipped at the start of a file.
const BOM: char = '\u{feff}';

/// Splits optional front matter off `text`: returns its metadata and the byte offset where the body starts.
///
/// The block must start on the first line (after an optional UTF-8 BOM) with
/// a line `---` and end with a line `---`; in between, every line is
/// `key: value`, blank, or a `#` comment. Values are strings, trimmed, with
/// one pair of surrounding single or double quotes removed. Lines may end in
/// `\n` or `\r\n`. If the block is unclosed or holds any other line (an
/// indented line, a list item), there is no front matter: the metadata is
/// empty and the body starts at 0 (or just after the BOM).
///
/// ```
/// use parole::corpus::parse_front_matter;
///
/// let text = "---\ntitle: \"Discours\"\n---\nMes chers compatriotes";
/// let (meta, body_start) = parse_front_matter(text);
/// assert_eq!(meta["title"], "Discours");
/// assert_eq!(&text[body_start..], "Mes chers compatriotes");
/// ```
pub fn parse_front_matter(text: &str) -> (BTreeMap<String, Value>, usize) {
    let start = if text.starts_with(BOM) {
        BOM.len_utf8()
    } else {
        0
    };
    parse_block(text, start).unwrap_or_else(|| (BTreeMap::new(), start))
}

/// The warning on a document whose front matter opens but never closes.
pub(crate) const UNCLOSED_WARNING: &str = "front matter not closed: read as text";

/// Whether `text` opens a front matter block (a first line `---`, after an
/// optional BOM) that no later `---` line closes: such a file is read as
/// text, with [`UNCLOSED_WARNING`]. A block that is closed but holds a line
/// that is not `key: value` (a Markdown rule, then prose) is not reported.
pub(crate) fn is_unclosed(text: &str) -> bool {
    let text = text.strip_prefix(BOM).unwrap_or(text);
    let mut lines = text.split_inclusive('\n').map(strip_line_end);
    lines.next().is_some_and(is_delimiter) && !lines.any(is_delimiter)
}

/// Parses the block starting at byte `start`, or `None` if there is no valid block.
fn parse_block(text: &str, start: usize) -> Option<(BTreeMap<String, Value>, usize)> {
    let mut end = start;
    let mut lines = text[start..].split_inclusive('\n').map(|raw| {
        end += raw.len();
        (strip_line_end(raw), end)
    });
    let (first, _) = lines.next()?;
    if !is_delimiter(first) {
        return None;
    }
    let mut meta = BTreeMap::new();
    for (line, line_end) in lines {
        if is_delimiter(line) {
            return Some((meta, line_end));
        }
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let (key, value) = parse_entry(line)?;
        meta.insert(key.to_string(), Value::String(value.to_string()));
    }
    None
}

/// Removes a trailing `\n` or `\r\n`.
fn strip_line_end(raw: &str) -> &str {
    let line = raw.strip_suffix('\n').unwrap_or(raw);
    line.strip_suffix('\r').unwrap_or(line)
}

/// Whether a line opens or closes the block (`---`, trailing blanks allowed).
fn is_delimiter(line: &str) -> bool {
    line.trim_end() == "---"
}

/// Splits a `key: value` line; `None` for an indented line, a list item or a line without a key.
fn parse_entry(line: &str) -> Option<(&str, &str)> {
    if line.starts_with(char::is_whitespace) {
        return None;
    }
    let (key, value) = line.split_once(':')?;
    let key = key.trim();
    if key.is_empty() || key.starts_with('-') {
        return None;
    }
    Some((key, unquote(value.trim())))
}

/// Removes one pair of matching surrounding quotes (`"…"` or `'…'`).
fn unquote(value: &str) -> &str {
    for quote in ['"', '\''] {
        if value.len() >= 2 && value.starts_with(quote) && value.ends_with(quote) {
            return &value[1..value.len() - 1];
        }
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(pairs: &[(&str, &str)]) -> BTreeMap<String, Value> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), Value::String(v.to_string())))
            .collect()
    }

    #[test]
    fn without_front_matter_the_body_is_everything() {
        assert_eq!(parse_front_matter("Bonjour.\n"), (meta(&[]), 0));
        assert_eq!(parse_front_matter(""), (meta(&[]), 0));
        // `---` not on the first line is not front matter.
        assert_eq!(parse_front_matter("\n---\na: b\n---\n"), (meta(&[]), 0));
    }

    #[test]
    fn front_matter_gives_metadata_and_body_start() {
        let text = "---\nauteur: Jean Jaurès\ndate: 1903-07-30\n---\nDiscours à la jeunesse.\n";
        let (found, body_start) = parse_front_matter(text);
        assert_eq!(
            found,
            meta(&[("auteur", "Jean Jaurès"), ("date", "1903-07-30")])
        );
        assert_eq!(body_start, text.find("Discours").unwrap());
    }

    #[test]
    fn values_are_trimmed_and_unquoted() {
        let text = "---\na:   \"entre guillemets\"  \nb: 'simples'\nc: \"\"\nd:\ne: \"non fermé\nf: un: deux\n---\n";
        let (found, body_start) = parse_front_matter(text);
        assert_eq!(
            found,
            meta(&[
                ("a", "entre guillemets"),
                ("b", "simples"),
                ("c", ""),
                ("d", ""),
                ("e", "\"non fermé"),
                ("f", "un: deux"),
            ])
        );
        assert_eq!(body_start, text.len());
    }

    #[test]
    fn blank_and_comment_lines_are_allowed() {
        let text = "---\n\n# un commentaire\ntitre: T\n   \n---\ncorps";
        assert_eq!(parse_front_matter(text), (meta(&[("titre", "T")]), 39));
        assert_eq!(&text[39..], "corps");
    }

    #[test]
    fn crlf_line_endings() {
        let text = "---\r\ntitre: Vœux\r\n---\r\nCorps\r\n";
        let (found, body_start) = parse_front_matter(text);
        assert_eq!(found, meta(&[("titre", "Vœux")]));
        assert_eq!(&text[body_start..], "Corps\r\n");
    }

    #[test]
    fn closing_line_at_end_of_file_without_newline() {
        let text = "---\na: b\n---";
        assert_eq!(parse_front_matter(text), (meta(&[("a", "b")]), text.len()));
    }

    #[test]
    fn unclosed_block_is_not_front_matter() {
        assert_eq!(parse_front_matter("---\na: b\nc: d\n"), (meta(&[]), 0));
        assert_eq!(parse_front_matter("---"), (meta(&[]), 0));
    }

    #[test]
    fn unclosed_block_is_reported() {
        assert!(is_unclosed("---\na: b\nc: d\n"));
        assert!(is_unclosed(
            "---\r\ntitre: T\r\n\r\nLe corps sans fermeture.\r\n"
        ));
        assert!(is_unclosed("\u{feff}---\na: b\n"));
        assert!(is_unclosed("---"));
        // Closed blocks, valid or not, and files without a block are not reported.
        assert!(!is_unclosed("---\na: b\n---\ncorps"));
        assert!(!is_unclosed("---\nPremier paragraphe.\n---\n"));
        assert!(!is_unclosed("Bonjour\n---\n"));
        assert!(!is_unclosed(""));
        assert!(!is_unclosed("----\na: b\n"));
    }

    #[test]
    fn a_line_that_is_not_key_value_cancels_front_matter() {
        assert_eq!(
            parse_front_matter("---\na: b\nune phrase\n---\nx"),
            (meta(&[]), 0)
        );
        assert_eq!(
            parse_front_matter("---\nliste:\n  - un\n---\nx"),
            (meta(&[]), 0)
        );
        assert_eq!(parse_front_matter("---\n: b\n---\nx"), (meta(&[]), 0));
    }

    #[test]
    fn horizontal_rule_then_text_is_not_front_matter() {
        // A Markdown rule at the top followed by prose and another rule.
        let text = "---\nPremier paragraphe.\n---\n";
        assert_eq!(parse_front_matter(text), (meta(&[]), 0));
    }

    #[test]
    fn bom_is_skipped() {
        let text = "\u{feff}Bonjour";
        assert_eq!(parse_front_matter(text), (meta(&[]), 3));

        let text = "\u{feff}---\na: b\n---\nCorps";
        let (found, body_start) = parse_front_matter(text);
        assert_eq!(found, meta(&[("a", "b")]));
        assert_eq!(&text[body_start..], "Corps");

        let unclosed = "\u{feff}---\na: b\n";
        assert_eq!(parse_front_matter(unclosed), (meta(&[]), 3));
    }

    #[test]
    fn later_duplicate_key_wins() {
        let (found, _) = parse_front_matter("---\na: 1\na: 2\n---\n");
        assert_eq!(found, meta(&[("a", "2")]));
    }
}
