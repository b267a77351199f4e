//! Iramuteq corpora: one `.txt` file holding many texts, each opened by its
//! star line (`**** *parti_PS *annee_2020`), the form Iramuteq (and Alceste
//! before it) reads, in which French textometry corpora are often kept.
//! This module owns recognising such a file (its first line that is not
//! blank is a star line) and cutting it into documents: a star line and the
//! lines up to the next one (a line ends at `\n`, `\r\n` or a lone `\r`)
//! are a document, its starred words
//! `*variable_modalité` are its metadata (`parti: PS`, `annee: 2020`), and it
//! is named `FILE:LINE` by its star line, as a row of a JSONL file is (or by
//! its variable `id`, or the one `--id-field` names). The star line stays in
//! the document's text, before its body, as a front matter does; the
//! thematic lines of Iramuteq (`-*sante`) are marks, not words, and the
//! analysis leaves them out (see [`crate::speakers::thematic_lines`]).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::table::TableMeta;
use super::{skipped_with_meta, too_large, CorpusOptions, Document, Item, Origin, ID_FIELD_HINT};
use crate::{Error, Result};

/// What opens a star line.
const STARS: &str = "****";

/// Whether the first line of `text` that is not blank (after a byte order
/// mark) is a star line whose words are all starred: `****` alone, or
/// followed by `*variable_modalité` words. Only such a file is read as an
/// Iramuteq corpus; a text that merely holds a star line further down is
/// read as one document.
pub(crate) fn is_iramuteq(text: &str) -> bool {
    let Some(first) = first_line(text) else {
        return false;
    };
    star_words(first).is_some_and(|mut words| words.all(|word| word.starts_with('*')))
}

/// The first line of `text` that is not blank, after a byte order mark.
fn first_line(text: &str) -> Option<&str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    lines(text).find(|line| !line.trim().is_empty())
}

/// The warning of a `.txt` file read as one document whose first line that
/// is not blank is nearly a star line: `****`, starred words, and a word
/// without its star (`**** *parti_PS annee_2020`), which a corpus with a
/// slip on its first line would be, read silently as one text whose
/// variables are counted as words.
pub(crate) fn near_miss(text: &str) -> Option<String> {
    let words: Vec<&str> = star_words(first_line(text)?)?.collect();
    if !words.iter().any(|word| word.starts_with('*')) {
        return None;
    }
    let unstarred = words.iter().find(|word| !word.starts_with('*'))?;
    Some(format!(
        "the first line is nearly an Iramuteq star line, but its word {unstarred:?} has no \
         star: the file is read as one document; star each word of the line \
         (*variable_modalité) to read it as an Iramuteq corpus, one text per star line"
    ))
}

/// The lines of `text`, each with its end: `\n`, `\r\n`, or a lone `\r`
/// (old Mac files, as a front matter's lines end), so that a file saved
/// with carriage returns alone is cut at its star lines too.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = match rest.find(['\n', '\r']) {
            Some(k) if rest[k..].starts_with("\r\n") => k + 2,
            Some(k) => k + 1,
            None => rest.len(),
        };
        let (line, after) = rest.split_at(end);
        rest = after;
        Some(line)
    })
}

/// The words after `****` if `line` is a star line (`****` at its start,
/// followed by a blank or nothing).
fn star_words(line: &str) -> Option<std::str::SplitWhitespace<'_>> {
    let rest = line.trim_end().strip_prefix(STARS)?;
    (rest.is_empty() || rest.starts_with(char::is_whitespace)).then(|| rest.split_whitespace())
}

/// Cuts the decoded text of an Iramuteq corpus into documents, one per star
/// line (see the module documentation). `warnings` are the file's (its
/// decoding), given to each of its documents; `encoding` is the name of the
/// encoding it was read in; `table`, what the metadata table of its folder
/// gives the file, merged into each text's variables. A variable named by `--id-field` that no star
/// line of the file has is an error, as a field of no line of a JSONL file
/// is: a misspelt name would give every text a `FILE:LINE` id. The texts
/// are made one at a time as they are read, from the file's text, which is
/// all that memory holds of the file meanwhile.
pub(crate) fn documents(
    text: String,
    origin: &Origin,
    encoding: &str,
    warnings: Vec<String>,
    table: Option<&TableMeta>,
    options: &CorpusOptions,
) -> Result<Texts> {
    let text_ref = text.as_str();
    let text_len = text.len();
    // Each star line: its number (1-based), where it starts, where its body starts.
    let mut starts: Vec<(usize, usize, usize)> = Vec::new();
    let mut at = 0;
    for (index, line) in lines(text_ref).enumerate() {
        let content = line.strip_prefix('\u{feff}').unwrap_or(line);
        if star_words(content).is_some() {
            starts.push((index + 1, at, at + line.len()));
        }
        at += line.len();
    }
    if let Some(name) = &options.id_field {
        let mut names = BTreeSet::new();
        let mut found = false;
        for &(_, start, body) in &starts {
            let (variables, _) = variables(text_ref[start..body].trim_end());
            found = variables.contains_key(name);
            if found {
                break;
            }
            names.extend(variables.into_keys());
        }
        if !found && !starts.is_empty() {
            let names = match names.is_empty() {
                true => "its star lines have none".to_string(),
                false => {
                    let names: Vec<String> = names.into_iter().collect();
                    format!("variables of its star lines: {}", names.join(", "))
                }
            };
            return Err(Error::parse(
                &origin.shown,
                None,
                None,
                format!("no star line has the id variable \"{name}\" ({names}); {ID_FIELD_HINT}"),
            ));
        }
    }
    let ends = starts.iter().skip(1).map(|&(_, start, _)| start);
    let ends = ends.chain([text_len]);
    let texts: Vec<(usize, usize, usize, usize)> = starts
        .iter()
        .zip(ends)
        .map(|(&(line, start, body), end)| (line, start, body, end))
        .collect();
    Ok(Texts {
        text,
        texts: texts.into_iter(),
        origin: origin.clone(),
        encoding: encoding.to_string(),
        warnings,
        table: table.cloned(),
        options: options.clone(),
    })
}

/// The texts of an Iramuteq corpus, made one at a time from its file's text
/// (see [`documents`]).
pub(crate) struct Texts {
    /// The file's text.
    text: String,
    /// Each text still to make: its star line's number, where it starts,
    /// where its body starts, where it ends.
    texts: std::vec::IntoIter<(usize, usize, usize, usize)>,
    origin: Origin,
    encoding: String,
    warnings: Vec<String>,
    table: Option<TableMeta>,
    options: CorpusOptions,
}

impl Iterator for Texts {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        let (line, start, body, end) = self.texts.next()?;
        let file = File {
            origin: &self.origin,
            encoding: &self.encoding,
            warnings: &self.warnings,
            table: self.table.as_ref(),
        };
        Some(document(
            &self.text[start..end],
            body - start,
            line,
            &file,
            &self.options,
        ))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.texts.size_hint()
    }
}

/// What the texts of an Iramuteq corpus share of their file.
struct File<'a> {
    /// Where it is.
    origin: &'a Origin,
    /// The name of the encoding it was read in.
    encoding: &'a str,
    /// Its warnings (its decoding).
    warnings: &'a [String],
    /// What the metadata table of its folder gives it.
    table: Option<&'a TableMeta>,
}

/// One document of the corpus: `text` from its star line on, its body
/// starting at `body_start`; `line`, the star line's number in the file.
fn document(
    text: &str,
    body_start: usize,
    line: usize,
    file: &File<'_>,
    options: &CorpusOptions,
) -> Item {
    let (origin, encoding) = (file.origin, file.encoding);
    let source = origin.source_at(line);
    let star_line = text[..body_start].trim_end();
    let (mut meta, mut variable_warnings) = variables(star_line);
    let id_field = options.id_field_name();
    let id = match meta.remove(id_field) {
        Some(Value::String(id)) => id,
        _ => origin.id_at(line),
    };
    if let Some(table) = file.table {
        table.merge_into(&mut meta, "star line", &mut variable_warnings);
    }
    if let Some(max) = options.max_document_bytes {
        if text.len() as u64 > max {
            return skipped_with_meta(source, too_large(max), meta);
        }
    }
    if text[body_start..].trim().is_empty() {
        return skipped_with_meta(source, "empty", meta);
    }
    let mut warnings = file.warnings.to_vec();
    warnings.extend(variable_warnings);
    Item::Document(Document {
        id,
        source,
        meta,
        text: text.to_string(),
        body_start,
        encoding: encoding.to_string(),
        warnings,
    })
}

/// The variables of a star line, `*parti_PS` read as `parti: PS` (the name
/// ends at the first `_`), and a warning for each word that is not one: a
/// word without `*` or without `_`, an empty name or modality (left out), a
/// variable given twice (its last modality kept).
fn variables(star_line: &str) -> (BTreeMap<String, Value>, Vec<String>) {
    let (mut meta, mut warnings) = (BTreeMap::new(), Vec::new());
    let words = star_line.strip_prefix('\u{feff}').unwrap_or(star_line);
    for word in star_words(words).into_iter().flatten() {
        let variable = word
            .strip_prefix('*')
            .and_then(|starred| starred.split_once('_'))
            .filter(|(name, modality)| !name.is_empty() && !modality.is_empty());
        let Some((name, modality)) = variable else {
            warnings.push(format!(
                "star line word {word:?} is no variable: write *variable_modalité \
                 (*parti_PS); left out"
            ));
            continue;
        };
        let previous = meta.insert(name.to_string(), Value::String(modality.to_string()));
        if previous.is_some() {
            warnings.push(format!(
                "star line variable {name:?} given twice: its last modality is kept"
            ));
        }
    }
    (meta, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Skipped;
    use std::path::PathBuf;

    fn origin() -> Origin {
        Origin {
            path: PathBuf::from("d/corpus.txt"),
            id: "corpus.txt".to_string(),
            shown: "d/corpus.txt".to_string(),
        }
    }

    fn read(text: &str, options: &CorpusOptions) -> Vec<Item> {
        assert!(is_iramuteq(text), "{text:?}");
        documents(
            text.to_string(),
            &origin(),
            "UTF-8",
            Vec::new(),
            None,
            options,
        )
        .unwrap()
        .collect()
    }

    fn doc(item: &Item) -> &Document {
        match item {
            Item::Document(doc) => doc,
            Item::Skipped(skip) => panic!("skipped: {skip:?}"),
        }
    }

    #[test]
    fn a_file_opened_by_a_star_line_is_an_iramuteq_corpus() {
        for text in [
            "**** *parti_PS *annee_2020\nTexte.",
            "\u{feff}\n  \n**** *parti_PS\r\nTexte.",
            "****\nTexte.",
            "****\t*a_b\nTexte.",
            "**** *parti_PS\rTexte.\r",
        ] {
            assert!(is_iramuteq(text), "{text:?}");
        }
        for text in [
            "",
            "Un texte.\n**** *parti_PS\nTexte.",
            "***** *parti_PS\nTexte.",
            "****parti_PS\nTexte.",
            "**** Titre en gras\nTexte.",
            "*** *parti_PS\nTexte.",
        ] {
            assert!(!is_iramuteq(text), "{text:?}");
        }
    }

    #[test]
    fn a_first_line_that_is_nearly_a_star_line_is_said() {
        let warning = near_miss("\n**** *parti_PS annee_2020\nTexte.").unwrap();
        assert!(
            warning.starts_with(
                "the first line is nearly an Iramuteq star line, but its word \"annee_2020\" \
                 has no star: the file is read as one document;"
            ),
            "{warning}"
        );
        for text in [
            "**** Titre en gras\nTexte.",
            "**** *parti_PS\nTexte.",
            "Texte.",
        ] {
            assert_eq!(near_miss(text), None, "{text:?}");
        }
    }

    #[test]
    fn each_star_line_opens_a_document_with_its_variables() {
        let text = "**** *parti_PS *annee_2020\n-*sante\nLa santé publique.\n\n\
                    **** *parti_LR *annee_2021 *date_2021_03\r\nLa dette.\r\n";
        let items = read(text, &CorpusOptions::default());
        assert_eq!(items.len(), 2);
        let first = doc(&items[0]);
        assert_eq!(first.id, "corpus.txt:1");
        assert_eq!(first.source, "d/corpus.txt:1");
        assert_eq!(
            first.text,
            "**** *parti_PS *annee_2020\n-*sante\nLa santé publique.\n\n"
        );
        assert_eq!(
            &first.text[first.body_start..],
            "-*sante\nLa santé publique.\n\n"
        );
        assert_eq!(first.meta["parti"], "PS");
        assert_eq!(first.meta["annee"], "2020");
        assert!(first.warnings.is_empty());
        let second = doc(&items[1]);
        assert_eq!(second.id, "corpus.txt:5");
        assert_eq!(&second.text[second.body_start..], "La dette.\r\n");
        // The name ends at the first `_`.
        assert_eq!(second.meta["date"], "2021_03");
        assert_eq!(second.meta.len(), 3);
    }

    #[test]
    fn lines_ended_by_carriage_returns_alone_are_cut_too() {
        let text = "**** *parti_PS\rLa santé.\r\r**** *parti_LR\rLa dette.\r";
        let items = read(text, &CorpusOptions::default());
        assert_eq!(items.len(), 2);
        let first = doc(&items[0]);
        assert_eq!(&first.text[first.body_start..], "La santé.\r\r");
        assert_eq!(first.meta["parti"], "PS");
        let second = doc(&items[1]);
        assert_eq!(second.id, "corpus.txt:4");
        assert_eq!(&second.text[second.body_start..], "La dette.\r");
        assert_eq!(second.meta["parti"], "LR");
        assert!(first.warnings.is_empty() && second.warnings.is_empty());
    }

    #[test]
    fn words_that_are_no_variables_are_said_and_left_out() {
        let text = "**** *parti_PS *macron *_x *y_ *parti_LR\nTexte.\n\
                    **** *a_b oubli\nTexte.";
        let items = read(text, &CorpusOptions::default());
        let first = doc(&items[0]);
        assert_eq!(first.meta.len(), 1);
        assert_eq!(first.meta["parti"], "LR");
        assert_eq!(
            first.warnings,
            [
                "star line word \"*macron\" is no variable: write *variable_modalité \
                 (*parti_PS); left out",
                "star line word \"*_x\" is no variable: write *variable_modalité \
                 (*parti_PS); left out",
                "star line word \"*y_\" is no variable: write *variable_modalité \
                 (*parti_PS); left out",
                "star line variable \"parti\" given twice: its last modality is kept",
            ]
        );
        assert_eq!(
            doc(&items[1]).warnings,
            [
                "star line word \"oubli\" is no variable: write *variable_modalité \
              (*parti_PS); left out"
            ]
        );
    }

    #[test]
    fn ids_empty_texts_and_the_size_limit() {
        let text = "**** *id_q12 *parti_PS\nTexte.\n**** *parti_LR\n\n  \n**** *parti_X\nUn texte bien plus long.";
        let options = CorpusOptions {
            max_document_bytes: Some(35),
            ..CorpusOptions::default()
        };
        let items = read(text, &options);
        let first = doc(&items[0]);
        assert_eq!(first.id, "q12");
        assert!(!first.meta.contains_key("id"));
        match &items[1] {
            Item::Skipped(Skipped {
                source,
                reason,
                meta,
            }) => {
                assert_eq!(
                    (source.as_str(), reason.as_str()),
                    ("d/corpus.txt:3", "empty")
                );
                assert_eq!(meta.as_ref().unwrap()["parti"], "LR");
            }
            other => panic!("{other:?}"),
        }
        match &items[2] {
            Item::Skipped(skip) => assert_eq!(skip.reason, too_large(35)),
            other => panic!("{other:?}"),
        }
        let options = CorpusOptions {
            id_field: Some("parti".to_string()),
            ..CorpusOptions::default()
        };
        assert_eq!(doc(&read(text, &options)[0]).id, "PS");
    }

    #[test]
    fn an_id_variable_that_no_star_line_has_is_an_error() {
        let text = "**** *parti_PS *annee_2020\nTexte.\n**** *lieu_Paris\nTexte.\n";
        let with_id = |name: &str| CorpusOptions {
            id_field: Some(name.to_string()),
            ..CorpusOptions::default()
        };
        let error = documents(
            text.to_string(),
            &origin(),
            "UTF-8",
            Vec::new(),
            None,
            &with_id("partie"),
        )
        .err()
        .unwrap();
        assert_eq!(
            error.to_string(),
            format!(
                "d/corpus.txt: no star line has the id variable \"partie\" (variables of its \
                 star lines: annee, lieu, parti); {ID_FIELD_HINT}"
            )
        );
        let error = documents(
            "****\nTexte.".to_string(),
            &origin(),
            "UTF-8",
            Vec::new(),
            None,
            &with_id("q"),
        );
        assert!(
            error
                .err()
                .unwrap()
                .to_string()
                .contains("(its star lines have none)"),
            "{text}"
        );
        // A variable that some star line has: the others are named FILE:LINE.
        let items = read(text, &with_id("lieu"));
        assert_eq!(doc(&items[0]).id, "corpus.txt:1");
        assert_eq!(doc(&items[1]).id, "Paris");
    }
}
