//! Front matter of `.txt`/`.md` files: an optional block of `key: value`
//! lines between two `---` lines at the top of a file (after blank lines,
//! if any). This module owns
//! recognising that block, turning it into metadata, and finding the byte
//! offset where the body starts. It is pure: text in, metadata and offset out.

use std::collections::BTreeMap;

use serde_json::Value;

/// The UTF-8 byte order mark, skipped at the start of a file.
const BOM: char = '\u{feff}';

/// Splits optional front matter off `text`: returns its metadata and the byte offset where the body starts.
///
/// The block must start on the first line that is not blank (after an
/// optional UTF-8 BOM; blank lines, spaces only, before it are skipped, as
/// an editor or an export may leave them) with a line `---` and end with a
/// line `---`; in between, every line is
/// `key: value`, blank, a `#` comment, or an item (`- value`, indented or
/// not) of a list under a `key:` with no value of its own. Values are
/// strings, trimmed, with one pair of surrounding single or double quotes
/// removed; a list's items are joined with `"; "`. Lines may end in `\n`,
/// `\r\n` or `\r`. If the block is unclosed or holds any other line, there
/// is no front matter: the metadata is empty and the body starts at 0 (or
/// just after the BOM); the document then records a warning.
///
/// ```
/// use parole::corpus::parse_front_matter;
///
/// let text = "---\ntitle: \"Discours\"\ntags:\n  - IA\n  - climat\n---\nMes chers compatriotes";
/// let (meta, body_start) = parse_front_matter(text);
/// assert_eq!(meta["title"], "Discours");
/// assert_eq!(meta["tags"], "IA; climat");
/// assert_eq!(&text[body_start..], "Mes chers compatriotes");
///
/// // After a blank line, the offset still indexes the whole text.
/// let text = "\n---\nparti: LR\n---\nTexte";
/// let (meta, body_start) = parse_front_matter(text);
/// assert_eq!(meta["parti"], "LR");
/// assert_eq!(&text[body_start..], "Texte");
/// ```
pub fn parse_front_matter(text: &str) -> (BTreeMap<String, Value>, usize) {
    let (meta, body_start, _) = front_matter(text);
    (meta, body_start)
}

/// [`parse_front_matter`], with the warning for a block that opens like front
/// matter but is read as text: unclosed, or closed but holding a line that
/// is not metadata and at least one line that looks like it, `key: value`
/// before or after that line, or `key = value` (TOML's syntax, written by
/// mistake); a block with no such line is a Markdown rule, then prose, and
/// gets no warning.
pub(crate) fn front_matter(text: &str) -> (BTreeMap<String, Value>, usize, Vec<String>) {
    let start = if text.starts_with(BOM) {
        BOM.len_utf8()
    } else {
        0
    };
    // Blank lines before the block: `---` opens it on the first line that
    // is not blank, which is line `first_line` of the file.
    let (mut block_start, mut first_line) = (start, 1);
    for (line, line_end) in lines(text, start) {
        if !line.trim().is_empty() {
            break;
        }
        (block_start, first_line) = (line_end, first_line + 1);
    }
    match parse_block(text, block_start, first_line) {
        Block::Found(meta, body_start, repeated, commented) => {
            let repeated = repeated.map(|(key, line)| {
                format!(
                    "front matter key \"{key}\" given again on line {line}: its last value is kept"
                )
            });
            let commented = commented.map(|(key, line)| {
                format!(
                    "front matter value of \"{key}\" on line {line} holds \" #\", kept whole \
                     (YAML would read a comment from it): write the value in quotes to keep it so, \
                     or remove the comment"
                )
            });
            (
                meta,
                body_start,
                repeated.into_iter().chain(commented).collect(),
            )
        }
        Block::None => {
            let warning = toml_block(text, block_start).then(|| TOML_WARNING.to_string());
            (BTreeMap::new(), start, warning.into_iter().collect())
        }
        Block::Unclosed => (BTreeMap::new(), start, vec![UNCLOSED_WARNING.to_string()]),
        Block::Invalid { line, keys } => {
            let warning = (keys > 0).then(|| {
                format!(
                    "front matter line {line} is not `key: value`, a list item or a comment: the block is read as text"
                )
            });
            (BTreeMap::new(), start, warning.into_iter().collect())
        }
    }
}

/// The warning on a document whose front matter opens but never closes.
pub(crate) const UNCLOSED_WARNING: &str = "front matter not closed: read as text";

/// The warning on a document that opens with TOML front matter.
pub(crate) const TOML_WARNING: &str = "front matter between +++ lines (TOML, as Hugo writes it) \
    is not read: write it between --- lines as key: value lines; the block is read as text";

/// Whether `text` opens at `start` with a block between two `+++` lines
/// holding a line that looks like metadata (Hugo's TOML front matter),
/// which is read as text and worth a warning.
fn toml_block(text: &str, start: usize) -> bool {
    let mut lines = lines(text, start).map(|(line, _)| line.trim_end());
    if lines.next() != Some("+++") {
        return false;
    }
    let mut keys = 0;
    for line in lines.take(200) {
        if line == "+++" {
            return keys > 0;
        }
        keys += usize::from(looks_like_metadata(line));
    }
    false
}

/// What the top of a file holds.
enum Block {
    /// No block: the first line is not `---`.
    None,
    /// A valid block: its metadata, where the body starts, the first key
    /// given twice with the line (from 1) that repeats it, and the first
    /// key whose value, unquoted, holds ` #` (a comment in YAML), with its
    /// line.
    Found(
        BTreeMap<String, Value>,
        usize,
        Option<(String, usize)>,
        Option<(String, usize)>,
    ),
    /// A block no `---` line closes.
    Unclosed,
    /// A closed block with a line (numbered from 1 in the file) that is not
    /// metadata, and `keys` lines that look like metadata (see
    /// [`looks_like_metadata`]).
    Invalid { line: usize, keys: usize },
}

/// Lines of `text` from byte `start`, without their end (`\n`, `\r\n` or
/// `\r`), each with the offset just after it.
fn lines(text: &str, start: usize) -> impl Iterator<Item = (&str, usize)> {
    let mut at = start;
    std::iter::from_fn(move || {
        if at >= text.len() {
            return None;
        }
        let rest = &text[at..];
        let (line, ending) = match rest.find(['\n', '\r']) {
            Some(i) if rest[i..].starts_with("\r\n") => (&rest[..i], i + 2),
            Some(i) => (&rest[..i], i + 1),
            None => (rest, rest.len()),
        };
        at += ending;
        Some((line, at))
    })
}

/// Parses the block starting at byte `start`, on line `first_line` (from 1)
/// of the file.
fn parse_block(text: &str, start: usize, first_line: usize) -> Block {
    let mut lines = lines(text, start);
    if !lines.next().is_some_and(|(first, _)| is_delimiter(first)) {
        return Block::None;
    }
    let mut meta = BTreeMap::new();
    // The key of a `key:` line with no value: the list its items go to.
    let mut list: Option<(String, Vec<String>)> = None;
    let mut invalid = None;
    let mut repeated = None;
    let mut commented = None;
    let mut keys = 0;
    for (number, (line, line_end)) in lines.enumerate() {
        if is_delimiter(line) {
            if let Some(line) = invalid {
                return Block::Invalid { line, keys };
            }
            close_list(&mut meta, &mut list);
            return Block::Found(meta, line_end, repeated, commented);
        }
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if invalid.is_some() {
            // The block is text; whether it was meant as metadata decides
            // whether that is said.
            keys += usize::from(looks_like_metadata(line));
            continue;
        }
        if let (Some(item), Some((key, items))) = (trimmed.strip_prefix('-'), list.as_mut()) {
            if commented.is_none() && holds_comment(item.trim()) {
                commented = Some((key.clone(), number + first_line + 1));
            }
            items.push(unquote(item.trim()).to_string());
            continue;
        }
        close_list(&mut meta, &mut list);
        match parse_entry(line) {
            Some((key, value)) => {
                keys += 1;
                if repeated.is_none() && meta.contains_key(key) {
                    repeated = Some((key.to_string(), number + first_line + 1));
                }
                let written = line.split_once(':').map_or("", |(_, v)| v.trim());
                if commented.is_none() && holds_comment(written) {
                    commented = Some((key.to_string(), number + first_line + 1));
                }
                if value.is_empty() {
                    list = Some((key.to_string(), Vec::new()));
                }
                meta.insert(key.to_string(), Value::String(value.to_string()));
            }
            // Line numbers of the file, from 1: the `---` line is `first_line`.
            None => {
                invalid = Some(number + first_line + 1);
                keys += usize::from(looks_like_metadata(line));
            }
        }
    }
    Block::Unclosed
}

/// Gives the list being read, if it has items, to its key.
fn close_list(meta: &mut BTreeMap<String, Value>, list: &mut Option<(String, Vec<String>)>) {
    if let Some((key, items)) = list.take() {
        if !items.is_empty() {
            meta.insert(key, Value::String(items.join(super::LIST_SEPARATOR)));
        }
    }
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

/// Whether a line of a block read as text looks like metadata: `key:
/// value`, or `key = value` with a key of one word (TOML's syntax, which
/// Hugo writes between `+++` lines), so that the block was meant as front
/// matter and its loss is worth a warning.
fn looks_like_metadata(line: &str) -> bool {
    if parse_entry(line).is_some() {
        return true;
    }
    line.split_once('=').is_some_and(|(key, value)| {
        let key = key.trim_end();
        !key.is_empty()
            && !value.trim().is_empty()
            && !line.starts_with(char::is_whitespace)
            && key
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
    })
}

/// Whether a value as written, not in quotes, holds ` #` (or a tab before
/// `#`), which YAML reads as the start of a comment; the value is kept
/// whole, and a warning says so.
fn holds_comment(written: &str) -> bool {
    unquote(written).len() == written.len() && (written.contains(" #") || written.contains("\t#"))
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
        // Blank lines then no block: the body is everything still.
        assert_eq!(parse_front_matter("\n \n\tBonjour.\n"), (meta(&[]), 0));
        assert_eq!(parse_front_matter("\u{feff}\n\nBonjour.\n"), (meta(&[]), 3));
        // `---` after a line of text is not front matter.
        assert_eq!(
            parse_front_matter("Titre\n---\na: b\n---\n"),
            (meta(&[]), 0)
        );
    }

    #[test]
    fn front_matter_after_blank_lines_is_read() {
        let text = "\n---\nparti: LR\ndate: 2024-02-01\n---\nText";
        let (found, body_start) = parse_front_matter(text);
        assert_eq!(found, meta(&[("date", "2024-02-01"), ("parti", "LR")]));
        assert_eq!(&text[body_start..], "Text");
        assert_eq!(warning(text), None);
        // Lines of spaces, CRLF ends, after a byte order mark.
        let text = "\u{feff} \r\n\t\r\n---\r\ntitre: Vœux\r\n---\r\nCorps";
        let (found, body_start) = parse_front_matter(text);
        assert_eq!(found, meta(&[("titre", "Vœux")]));
        assert_eq!(body_start, text.len() - "Corps".len());
        // Warnings give the lines of the file.
        assert_eq!(
            warning("\n\n---\na: b\nune phrase\n---\nx").unwrap(),
            "front matter line 5 is not `key: value`, a list item or a comment: the block is read as text"
        );
        assert_eq!(
            warning("\n---\na: 1\na: 2\n---\nx").unwrap(),
            "front matter key \"a\" given again on line 4: its last value is kept"
        );
        // A block read as text leaves the body at the start, blank lines included.
        let unclosed = "\n---\na: b\n";
        assert_eq!(parse_front_matter(unclosed), (meta(&[]), 0));
        assert_eq!(warning(unclosed), Some(UNCLOSED_WARNING.to_string()));
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
    fn a_value_holding_a_yaml_comment_is_kept_whole_with_a_warning() {
        let text = "---\n# a comment line\nparti: PSP # le parti\ntitre: \"Le #Climat\"\n\
                    tags:\n  - IA # a\n---\nTexte";
        let (meta, body_start, warnings) = front_matter(text);
        assert_eq!(meta["parti"], "PSP # le parti");
        assert_eq!(meta["titre"], "Le #Climat");
        assert_eq!(meta["tags"], "IA # a");
        assert_eq!(&text[body_start..], "Texte");
        assert_eq!(
            warnings,
            [
                "front matter value of \"parti\" on line 3 holds \" #\", kept whole (YAML would \
              read a comment from it): write the value in quotes to keep it so, or remove the \
              comment"
            ]
        );
        // In quotes, or without a space before the #, no warning.
        let (_, _, warnings) = front_matter("---\ntitre: 'Le #Climat'\nx: a#b\n---\nTexte");
        assert!(warnings.is_empty(), "{warnings:?}");
        // A list item too.
        let (_, _, warnings) = front_matter("---\ntags:\n  - IA\n  - climat # sujet\n---\nT");
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].starts_with("front matter value of \"tags\" on line 4"));
        // With a key given twice: both are said.
        let (_, _, warnings) = front_matter("---\na: 1 # un\na: 2\n---\nT");
        assert_eq!(warnings.len(), 2, "{warnings:?}");
    }

    #[test]
    fn unclosed_block_is_not_front_matter() {
        assert_eq!(parse_front_matter("---\na: b\nc: d\n"), (meta(&[]), 0));
        assert_eq!(parse_front_matter("---"), (meta(&[]), 0));
    }

    fn warning(text: &str) -> Option<String> {
        front_matter(text).2.into_iter().next()
    }

    #[test]
    fn a_block_meant_as_metadata_is_reported_whatever_line_comes_first() {
        // `key = value` lines (TOML's syntax, by mistake): no metadata is
        // read, and the document says why.
        let toml = "---\nparti = LR\ndate = 2024-01-01\n---\nLe climat.\n";
        assert_eq!(parse_front_matter(toml), (meta(&[]), 0));
        assert_eq!(
            warning(toml).unwrap(),
            "front matter line 2 is not `key: value`, a list item or a comment: the block is read as text"
        );
        // A title line first, then metadata: lost, and said.
        let titled = "---\nDiscours de Lyon\nparti: LR\n---\nLe climat.\n";
        assert_eq!(parse_front_matter(titled), (meta(&[]), 0));
        assert_eq!(
            warning(titled).unwrap(),
            "front matter line 2 is not `key: value`, a list item or a comment: the block is read as text"
        );
    }

    #[test]
    fn toml_front_matter_is_reported() {
        let toml = "+++\ntitle = \"Discours\"\nparti = \"LR\"\n+++\nLe climat.\n";
        assert_eq!(parse_front_matter(toml), (meta(&[]), 0));
        assert_eq!(warning(toml), Some(TOML_WARNING.to_string()));
        assert_eq!(
            warning("\n+++\r\nparti = 'LR'\r\n+++\r\nTexte"),
            Some(TOML_WARNING.to_string())
        );
        // A line of pluses around prose, or never closed, is text.
        assert_eq!(warning("+++\nUn discours.\n+++\nLe climat.\n"), None);
        assert_eq!(warning("+++\nparti = LR\nLe climat.\n"), None);
    }

    #[test]
    fn unclosed_block_is_reported() {
        let unclosed = Some(UNCLOSED_WARNING.to_string());
        assert_eq!(warning("---\na: b\nc: d\n"), unclosed);
        assert_eq!(
            warning("---\r\ntitre: T\r\n\r\nLe corps sans fermeture.\r\n"),
            unclosed
        );
        assert_eq!(warning("\u{feff}---\na: b\n"), unclosed);
        assert_eq!(warning("---"), unclosed);
        // Valid blocks, a Markdown rule then prose, and files without a block
        // are not reported.
        assert_eq!(warning("---\na: b\n---\ncorps"), None);
        assert_eq!(warning("---\nPremier paragraphe.\n---\n"), None);
        assert_eq!(warning("---\nSi x = y, alors.\n---\n"), None);
        assert_eq!(warning("Bonjour\n---\n"), None);
        assert_eq!(warning(""), None);
        assert_eq!(warning("----\na: b\n"), None);
    }

    #[test]
    fn a_key_given_twice_keeps_its_last_value_with_a_warning() {
        let text = "---\nparti: MAC\ndate: 2024\nparti: LES\nparti: PSP\n---\nx";
        assert_eq!(
            parse_front_matter(text),
            (meta(&[("date", "2024"), ("parti", "PSP")]), text.len() - 1)
        );
        assert_eq!(
            warning(text).unwrap(),
            "front matter key \"parti\" given again on line 4: its last value is kept"
        );
        // A list under its key is not a repeat.
        assert_eq!(warning("---\ntags:\n  - a\n  - b\n---\nx"), None);
    }

    #[test]
    fn a_line_that_is_not_metadata_cancels_front_matter_with_a_warning() {
        let text = "---\na: b\nune phrase\n---\nx";
        assert_eq!(parse_front_matter(text), (meta(&[]), 0));
        assert_eq!(
            warning(text).unwrap(),
            "front matter line 3 is not `key: value`, a list item or a comment: the block is read as text"
        );
        // An indented mapping, an item under a key that has a value.
        for text in [
            "---\nauteur:\n  nom: Jaurès\n---\nx",
            "---\na: b\n- un\n---\nx",
        ] {
            assert_eq!(parse_front_matter(text), (meta(&[]), 0), "{text:?}");
            assert!(
                warning(text).unwrap().starts_with("front matter line 3 "),
                "{text:?}"
            );
        }
        assert_eq!(parse_front_matter("---\n: b\n---\nx"), (meta(&[]), 0));
    }

    #[test]
    fn lists_under_a_key_are_joined() {
        let text = "---\ntitre: X\ntags:\n  - numérique\n  - \"IA\"\n- climat\n\nparti: MAC\nvide:\n---\nTexte";
        let (found, body_start) = parse_front_matter(text);
        assert_eq!(
            found,
            meta(&[
                ("parti", "MAC"),
                ("tags", "numérique; IA; climat"),
                ("titre", "X"),
                ("vide", ""),
            ])
        );
        assert_eq!(&text[body_start..], "Texte");
        assert_eq!(warning(text), None);
    }

    #[test]
    fn carriage_return_line_ends() {
        let text = "---\rparti: X\r---\rLa souveraineté.\r";
        let (found, body_start) = parse_front_matter(text);
        assert_eq!(found, meta(&[("parti", "X")]));
        assert_eq!(&text[body_start..], "La souveraineté.\r");
        assert_eq!(
            warning("---\rparti: X\rLa souveraineté.\r"),
            Some(UNCLOSED_WARNING.to_string())
        );
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
