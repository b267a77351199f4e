//! Stopword lists: the built-in list (`stopwords/fr.txt`, compiled into the
//! binary) or a user's file in the same format: one word per line, `#`
//! starts a comment, blank lines ignored; a line of two words, or holding a
//! character that no word has (`[souverainete]`: a file of another kind),
//! is an error. Loading a file can fail with the file, line and column of
//! the fault; looking a word up cannot.

use std::collections::HashSet;
use std::path::Path;

use sha2::{Digest, Sha256};

use super::scan::{can_be_in_word, is_word_char};
use crate::{Error, Result};

/// The text of the built-in stopword list.
pub const BUILTIN_STOPWORDS: &str = include_str!("../../stopwords/fr.txt");

/// A set of stopwords, with where it came from and a content hash.
#[derive(Debug, Clone)]
pub struct Stopwords {
    words: HashSet<String>,
    folded: HashSet<String>,
    source: String,
    sha256: String,
}

impl Stopwords {
    /// The built-in French list for political text.
    pub fn builtin() -> Stopwords {
        Stopwords::parse(BUILTIN_STOPWORDS, Path::new("builtin:stopwords/fr.txt"))
            .expect("the built-in stopword list is valid (checked by a test)")
    }

    /// Reads a stopword file.
    pub fn from_file(path: &Path) -> Result<Stopwords> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let offset = e.utf8_error().valid_up_to();
            let line = e.as_bytes()[..offset]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            Error::parse(
                path,
                Some(line),
                None,
                "not valid UTF-8; save the list as UTF-8",
            )
        })?;
        Stopwords::parse(&text, path)
    }

    /// Parses the text of a stopword list; `path` names it in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Stopwords> {
        let mut words = HashSet::new();
        for (n, line) in text.lines().enumerate() {
            let content = line.split('#').next().unwrap_or("");
            let word = content.trim();
            if word.is_empty() {
                continue;
            }
            if let Some(k) = word.find(char::is_whitespace) {
                let column = content.find(word).unwrap_or(0) + word[..k].chars().count() + 1;
                return Err(Error::parse(
                    path,
                    Some(n + 1),
                    Some(column),
                    format!(
                        "a stopword list holds one word per line (# starts a comment), \
                         found {word:?}"
                    ),
                ));
            }
            // A line of another format (`[souverainete]`, `"""`, `le,la`,
            // `name="x"`) can match no word of a text: it is not a
            // stopword list, whatever its lines hold.
            let found = |at: usize, what: String| {
                let column = content.find(word).unwrap_or(0) + word[..at].chars().count() + 1;
                Error::parse(
                    path,
                    Some(n + 1),
                    Some(column),
                    format!(
                        "a stopword list holds one word per line (# starts a comment), found \
                         {word:?}: {what}"
                    ),
                )
            };
            if let Some((k, c)) = word.char_indices().find(|&(_, c)| !can_be_in_word(c)) {
                return Err(found(k, format!("a word has no {c:?}")));
            }
            if !word.chars().any(is_word_char) {
                return Err(found(0, "a word has a letter or a digit".to_string()));
            }
            words.insert(super::normalize(word).to_lowercase());
        }
        // A letter alone in capitals is an initial or a name (`Cédric O`)
        // far more often than a word that lost its accent: `O` is not `ô`.
        // (`A`, typed for `à`, is the entry `a` itself.)
        let folded = words
            .iter()
            .filter(|w| w.chars().nth(1).is_some())
            .map(|w| super::fold(w))
            .collect();
        Ok(Stopwords {
            words,
            folded,
            source: path.display().to_string(),
            sha256: sha256_hex(text.as_bytes()),
        })
    }

    /// True if the lower-case word is on the list.
    pub fn contains(&self, lower: &str) -> bool {
        self.words.contains(lower)
    }

    /// True if the accent-folded lower-case word folds like an entry of two
    /// letters or more.
    pub fn contains_folded(&self, folded: &str) -> bool {
        self.folded.contains(folded)
    }

    /// The entries, lower-case, in no particular order.
    pub fn words(&self) -> impl Iterator<Item = &str> {
        self.words.iter().map(String::as_str)
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// True for an empty list.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Where the list came from (a path, or `builtin:stopwords/fr.txt`).
    pub fn source(&self) -> &str {
        &self.source
    }

    /// SHA-256 of the list's text, in hex.
    pub fn sha256(&self) -> &str {
        &self.sha256
    }
}

/// SHA-256 of `bytes`, as lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_list_parses_and_keeps_political_content_words() {
        let list = Stopwords::builtin();
        assert!(list.len() > 100);
        for word in ["le", "de", "l'", "qu'", "est", "à"] {
            assert!(list.contains(word), "{word} should be a stopword");
        }
        for word in [
            "état", "droite", "force", "valeur", "parole", "contre", "juste", "nation",
        ] {
            assert!(!list.contains(word), "{word} must not be a stopword");
        }
    }

    #[test]
    fn comments_blank_lines_and_errors_with_position() {
        let list =
            Stopwords::parse("# titre\nle\n\n  la  # article\nL’\n", Path::new("x.txt")).unwrap();
        assert_eq!(list.len(), 3);
        assert!(list.contains("l'"));
        let err = Stopwords::parse("le\nde la\n", Path::new("x.txt")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "x.txt:2:3: a stopword list holds one word per line (# starts a comment), found \
             \"de la\""
        );
    }

    #[test]
    fn a_file_of_another_format_is_refused_at_its_first_line_that_is_no_word() {
        let error = |text: &str| {
            Stopwords::parse(text, Path::new("x.toml"))
                .unwrap_err()
                .to_string()
        };
        // A theme lexicon written without spaces, lines of TOML, JSON, CSV.
        assert_eq!(
            error("# lexique\n[[theme]]\nid=\"x\"\n"),
            "x.toml:2:1: a stopword list holds one word per line (# starts a comment), found \
             \"[[theme]]\": a word has no '['"
        );
        for (text, at, found) in [
            (
                "le\n[souverainete]\n",
                "2:1",
                "found \"[souverainete]\": a word has no '['",
            ),
            ("le\n  ]\n", "2:3", "found \"]\": a word has no ']'"),
            (
                "\"\"\"\n",
                "1:1",
                "found \"\\\"\\\"\\\"\": a word has no '\"'",
            ),
            (
                "id=\"x\"\n",
                "1:3",
                "found \"id=\\\"x\\\"\": a word has no '='",
            ),
            ("\"mot\"=1\n", "1:1", "a word has no '\"'"),
            ("{\"a\":1}\n", "1:1", "a word has no '{'"),
            (
                "le,la,les\n",
                "1:3",
                "found \"le,la,les\": a word has no ','",
            ),
            ("R&D\n", "1:2", "a word has no '&'"),
            (
                "le\n---\n",
                "2:1",
                "found \"---\": a word has a letter or a digit",
            ),
            ("'\n", "1:1", "a word has a letter or a digit"),
        ] {
            let message = error(text);
            assert!(
                message.starts_with(&format!("x.toml:{at}: a stopword list holds one word")),
                "{text:?}: {message}"
            );
            assert!(message.ends_with(found), "{text:?}: {message}");
        }
        // Words as the tokenizer reads them are stopwords: apostrophes,
        // hyphens, digits, accents, capitals, dots of abbreviations, an
        // accent typed after its letter, and comments after a word.
        let list = Stopwords::parse(
            "aujourd'hui\nL’\nc'est-à-dire\nau‑delà\nnº\n2\n1er\nÉté\nœuvre\nM.\nquel(le)(s)\n\
             élu·e·s\nde\u{301}ja\u{300}\nle # article\n# [section]\n",
            Path::new("x.txt"),
        )
        .unwrap();
        assert_eq!(list.len(), 14);
        for word in [
            "aujourd'hui",
            "l'",
            "c'est-à-dire",
            "nº",
            "2",
            "été",
            "déjà",
            "le",
        ] {
            assert!(list.contains(word), "{word}");
        }
    }
}
