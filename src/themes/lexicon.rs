//! Loading a theme lexicon from its TOML file (format in `themes/README.md`):
//! parsing, validation with the file, line and column of every fault, and
//! compiling each entry through the same analyzer as the text, so that an
//! entry matches the forms it names whatever their inflection or accents.

use std::collections::{BTreeMap, HashSet};
use std::marker::PhantomData;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::{Entry, Lexicon, LexiconMeta, Pattern, Theme, ThemeGroup};
use crate::analyze::{fold, normalize, sha256_hex, Analyzer, Token, TokenKind};
use crate::{Error, Result};

/// The text of the built-in lexicon.
pub const BUILTIN_LEXICON: &str = include_str!("../../themes/fr.toml");

/// Shortest prefix allowed before `*`, after folding: shorter ones match
/// unrelated words (and the matcher indexes prefixes by this many chars).
const MIN_PREFIX_CHARS: usize = super::PREFIX_INDEX_CHARS;

/// Values of the `language` key that parole can analyse: entries go
/// through the French analyzer (stopwords, elisions, Snowball French).
const SUPPORTED_LANGUAGES: [&str; 1] = ["fr"];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LexiconFile {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    version: Option<String>,
    #[serde(default)]
    language: Option<Spanned<String>>,
    #[serde(default)]
    default_threshold: Option<Spanned<Threshold>>,
    #[serde(default, deserialize_with = "theme_tables")]
    theme: Vec<Spanned<ThemeFile>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    id: Spanned<String>,
    label: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    group: Option<Spanned<String>>,
    #[serde(default)]
    threshold: Option<Spanned<Threshold>>,
    #[serde(default, deserialize_with = "phrases")]
    exclude: Vec<Spanned<String>>,
    #[serde(deserialize_with = "entry_table")]
    entries: BTreeMap<Spanned<String>, Spanned<Weight>>,
}

/// Reads a value of the lexicon's structure, a list or a table, into `T`;
/// another shape of value is an error that shows how to write it, where
/// serde would say `invalid type: map, expected a sequence`.
struct Shaped<T> {
    list: bool,
    expecting: &'static str,
    value: PhantomData<T>,
}

impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for Shaped<T> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> std::result::Result<T, A::Error> {
        match self.list {
            true => T::deserialize(serde::de::value::SeqAccessDeserializer::new(seq)),
            false => Err(serde::de::Error::invalid_type(
                serde::de::Unexpected::Seq,
                &self,
            )),
        }
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> std::result::Result<T, A::Error> {
        match self.list {
            false => T::deserialize(serde::de::value::MapAccessDeserializer::new(map)),
            true => Err(serde::de::Error::invalid_type(
                serde::de::Unexpected::Map,
                &self,
            )),
        }
    }
}

fn shaped<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
    list: bool,
    expecting: &'static str,
) -> std::result::Result<T, D::Error> {
    d.deserialize_any(Shaped {
        list,
        expecting,
        value: PhantomData,
    })
}

/// The `[[theme]]` tables: a single `[theme]` table is an error.
fn theme_tables<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Vec<Spanned<ThemeFile>>, D::Error> {
    shaped(
        d,
        true,
        "themes written [[theme]], with two brackets (and their entries [theme.entries])",
    )
}

/// The `exclude` list of a theme.
fn phrases<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Vec<Spanned<String>>, D::Error> {
    shaped(
        d,
        true,
        "a list of phrases in brackets: exclude = [\"dans cet environnement\"]",
    )
}

/// The `[theme.entries]` table of a theme.
fn entry_table<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<BTreeMap<Spanned<String>, Spanned<Weight>>, D::Error> {
    shaped(
        d,
        false,
        "a table of entries with their weights: a line [theme.entries], then lines \
         \"entry\" = weight",
    )
}

/// The weight of an entry: a number, and a value of another type is an
/// error saying so (`"souveraineté" = "deux"`), not serde's `expected f64`.
#[derive(Debug, Clone, Copy)]
struct Weight(f64);

/// A threshold: a number, with an error saying so, as [`Weight`].
#[derive(Debug, Clone, Copy)]
struct Threshold(f64);

impl<'de> Deserialize<'de> for Weight {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Weight, D::Error> {
        d.deserialize_any(NumberVisitor("weight")).map(Weight)
    }
}

impl<'de> Deserialize<'de> for Threshold {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Threshold, D::Error> {
        d.deserialize_any(NumberVisitor("threshold")).map(Threshold)
    }
}

impl From<Weight> for f64 {
    fn from(weight: Weight) -> f64 {
        weight.0
    }
}

impl From<Threshold> for f64 {
    fn from(threshold: Threshold) -> f64 {
        threshold.0
    }
}

/// Reads a number of the lexicon: a TOML float or integer; `.0` names
/// what the number is, in the error for any other value.
struct NumberVisitor(&'static str);

impl serde::de::Visitor<'_> for NumberVisitor {
    type Value = f64;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "a number as the {} (3, 2, 1.5)", self.0)
    }

    fn visit_f64<E>(self, v: f64) -> std::result::Result<f64, E> {
        Ok(v)
    }

    fn visit_i64<E>(self, v: i64) -> std::result::Result<f64, E> {
        Ok(v as f64)
    }

    fn visit_u64<E>(self, v: u64) -> std::result::Result<f64, E> {
        Ok(v as f64)
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> std::result::Result<f64, E> {
        let write = match v.trim().parse::<f64>() {
            Ok(_) => format!("write it without quotes: {}", v.trim()),
            Err(_) => "write it in digits, without quotes: 3, 2, 1.5".to_string(),
        };
        Err(E::custom(format!(
            "the {} must be a number, not the text {v:?}; {write}",
            self.0
        )))
    }
}

/// Line and column (1-based) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |k| k + 1);
    (line, before[line_start..].chars().count() + 1)
}

fn error_at(text: &str, path: &Path, offset: usize, message: impl Into<String>) -> Error {
    let (line, column) = line_column(text, offset);
    Error::parse(path, Some(line), Some(column), message)
}

impl Lexicon {
    /// The built-in French lexicon (`themes/fr.toml`).
    pub fn builtin(analyzer: &Analyzer) -> Lexicon {
        Lexicon::parse(
            BUILTIN_LEXICON,
            Path::new("builtin:themes/fr.toml"),
            analyzer,
        )
        .expect("the built-in lexicon is valid (checked by a test)")
    }

    /// Reads and compiles a lexicon file.
    pub fn from_file(path: &Path, analyzer: &Analyzer) -> Result<Lexicon> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let offset = e.utf8_error().valid_up_to();
            let (line, column) = line_column(&String::from_utf8_lossy(e.as_bytes()), offset);
            Error::parse(
                path,
                Some(line),
                Some(column),
                "not valid UTF-8; save the lexicon as UTF-8",
            )
        })?;
        Lexicon::parse(&text, path, analyzer)
    }

    /// Parses and compiles the text of a lexicon; `path` names it in errors.
    pub fn parse(text: &str, path: &Path, analyzer: &Analyzer) -> Result<Lexicon> {
        let file: LexiconFile = toml::from_str(text).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            let mut message = e.message().trim().to_string();
            // serde names a missing key, not what to write.
            if let Some(key) = message
                .strip_prefix("missing field `")
                .and_then(|m| m.strip_suffix('`'))
            {
                let write = match key {
                    "entries" => "a line [theme.entries], then lines \"entry\" = weight",
                    "label" => "label = \"Its name\"",
                    _ => "id = \"its_id\" (lower-case ASCII letters, digits or _)",
                };
                message = format!("this [[theme]] has no {key}; add {write}");
            }
            // The parser names no key: the span holds it.
            let twice = message == "duplicate key";
            if twice {
                if let Some(key) = e.span().and_then(|s| text.get(s)) {
                    message = format!(
                        "{} is given twice in its table; keep one (an entry once per theme, \
                         with the weight it should have)",
                        key.trim()
                    );
                }
            }
            // A key of the theme written below its entries, with a value
            // that is no weight: where it goes.
            let misplaced = misplaced_line(text, offset);
            let offset = match &misplaced {
                Some((line, misplaced)) => {
                    message = misplaced.clone();
                    *line
                }
                None => offset,
            };
            // A file that is not TOML at all (a stray bracket, a missing
            // quote, another format) is said to be one, with where to look.
            if !twice && misplaced.is_none() && text.parse::<toml::Table>().is_err() {
                message = format!(
                    "TOML syntax error in the theme lexicon: {message}; a lexicon is a TOML \
                     file, as themes/fr.toml (its format: themes/README.md; `parole themes \
                     --check FILE` checks one)"
                );
            }
            error_at(text, path, offset, message)
        })?;
        if let Some(language) = &file.language {
            let value = language.get_ref();
            if !SUPPORTED_LANGUAGES.contains(&value.as_str()) {
                return Err(error_at(
                    text,
                    path,
                    language.span().start,
                    format!(
                        "language {value:?} is not supported: entries are analysed as French \
                         only; write language = \"fr\" (or leave the key out)"
                    ),
                ));
            }
        }
        let default_threshold = match &file.default_threshold {
            Some(t) => check_positive(text, path, t, "default_threshold")?,
            None => 2.0,
        };
        if file.theme.is_empty() {
            return Err(Error::parse(
                path,
                None,
                None,
                "no theme: add at least one [[theme]] table (see themes/README.md)",
            ));
        }
        let mut ids = HashSet::new();
        let mut themes = Vec::with_capacity(file.theme.len());
        // Where each line starts, to give every entry its line without
        // counting the lines before it again (a lexicon has a thousand).
        let line_starts: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(k, _)| k + 1))
            .collect();
        let line_at = |offset: usize| line_starts.partition_point(|&start| start <= offset);
        for spanned in &file.theme {
            let theme = spanned.get_ref();
            let id = theme.id.get_ref();
            if !is_theme_id(id) {
                return Err(error_at(text, path, theme.id.span().start, id_advice(id)));
            }
            if !ids.insert(id.clone()) {
                return Err(error_at(
                    text,
                    path,
                    theme.id.span().start,
                    format!("theme id {id:?} is defined twice"),
                ));
            }
            let group = match &theme.group {
                None => ThemeGroup::Extended,
                Some(g) => match g.get_ref().as_str() {
                    "core" => ThemeGroup::Core,
                    "extended" => ThemeGroup::Extended,
                    other => {
                        return Err(error_at(
                            text,
                            path,
                            g.span().start,
                            format!("group {other:?} must be \"core\" or \"extended\""),
                        ))
                    }
                },
            };
            let threshold = match &theme.threshold {
                Some(t) => check_positive(text, path, t, "threshold")?,
                None => default_threshold,
            };
            if theme.entries.is_empty() {
                return Err(error_at(
                    text,
                    path,
                    spanned.span().start,
                    format!("theme {id:?} has no entries"),
                ));
            }
            let mut entries = Vec::with_capacity(theme.entries.len());
            for (entry, weight) in &theme.entries {
                if let Some(message) = misplaced_key(text, entry, weight) {
                    return Err(error_at(text, path, entry.span().start, message));
                }
                let weight = check_positive(text, path, weight, "weight")?;
                let patterns = compile(entry.get_ref(), analyzer)
                    .map_err(|m| error_at(text, path, entry.span().start, m))?;
                entries.push(Entry {
                    text: entry.get_ref().clone(),
                    weight,
                    patterns,
                    line: line_at(entry.span().start),
                });
            }
            // Matching keeps one entry per sequence of patterns: the other
            // would be dropped without a word. The later in the file is named.
            let starts: Vec<usize> = theme.entries.keys().map(|e| e.span().start).collect();
            for (i, entry) in entries.iter().enumerate() {
                if let Some(j) = (0..i).find(|&j| entries[j].patterns == entry.patterns) {
                    let (later, earlier) = match starts[i] > starts[j] {
                        true => (i, j),
                        false => (j, i),
                    };
                    return Err(error_at(
                        text,
                        path,
                        starts[later],
                        format!(
                            "entry {:?} of theme {id:?} matches the same words as {:?} once \
                             both are analysed: keep one, with the weight they should have",
                            entries[later].text, entries[earlier].text
                        ),
                    ));
                }
            }
            let mut exclusions = Vec::with_capacity(theme.exclude.len());
            for phrase in &theme.exclude {
                let patterns = compile_as(phrase.get_ref(), analyzer, Compiled::Exclusion, false)
                    .map(without_words)
                    .map_err(|m| error_at(text, path, phrase.span().start, m))?;
                exclusions.push(Entry {
                    text: phrase.get_ref().clone(),
                    weight: 0.0,
                    patterns,
                    line: line_at(phrase.span().start),
                });
            }
            themes.push(Theme {
                id: id.clone(),
                label: theme.label.clone(),
                description: theme.description.clone(),
                group,
                threshold,
                entries,
                exclusions,
            });
        }
        let meta = LexiconMeta {
            name: file.name.unwrap_or_default(),
            version: file.version.unwrap_or_default(),
            language: file
                .language
                .map_or_else(|| "fr".to_string(), Spanned::into_inner),
            default_threshold,
            source: path.display().to_string(),
            sha256: sha256_hex(text.as_bytes()),
        };
        Ok(Lexicon::new(themes, meta))
    }
}

/// The keys of a `[[theme]]` table, which go before its `[theme.entries]`.
const THEME_KEYS: [&str; 6] = [
    "id",
    "label",
    "group",
    "description",
    "threshold",
    "exclude",
];

/// The keys of the file's top level, which go before its first `[[theme]]`.
const FILE_KEYS: [&str; 4] = ["name", "version", "language", "default_threshold"];

/// What to say of an entry that is a key of the theme or of the file
/// written below `[theme.entries]`, where TOML makes it an entry
/// (`threshold = 3` there is the entry "threshold" of weight 3, and the
/// theme keeps the default threshold); `None` for any other entry. Written
/// in quotes, it is an entry as its author meant.
fn misplaced_key(text: &str, entry: &Spanned<String>, weight: &Spanned<Weight>) -> Option<String> {
    let key = entry.get_ref().as_str();
    let written = text.get(entry.span())?;
    if written.starts_with(['"', '\'']) {
        return None;
    }
    misplaced(key, text.get(weight.span()).unwrap_or("").trim())
}

/// What to say of the line at `offset`, where the file could not be read,
/// when it is a key of the theme or of the file written without quotes
/// below `[theme.entries]`, whose value is no weight (`exclude = [...]`,
/// `description = "..."`): read as an entry, it fails for its value, not
/// for its place.
fn misplaced_line(text: &str, offset: usize) -> Option<(usize, String)> {
    let start = text[..offset.min(text.len())]
        .rfind('\n')
        .map_or(0, |k| k + 1);
    let line = text[start..].lines().next()?;
    let (key, value) = line.split_once('=')?;
    let key = key.trim();
    let header = text[..start]
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('['))?;
    let header: String = header.chars().filter(|c| !c.is_whitespace()).collect();
    if header != "[theme.entries]" {
        return None;
    }
    misplaced(key, value.trim()).map(|m| (start, m))
}

/// The message for [`misplaced_key`] and [`misplaced_line`]: where the key
/// goes; `None` for a key that is neither the theme's nor the file's.
fn misplaced(key: &str, value: &str) -> Option<String> {
    let place = if THEME_KEYS.contains(&key) {
        "before the line [theme.entries] of its theme"
    } else if FILE_KEYS.contains(&key) {
        "at the top of the file, before the first [[theme]]"
    } else {
        return None;
    };
    // A value that is no number is no weight: the line cannot be an entry.
    if value.parse::<f64>().is_err() {
        return Some(format!(
            "{key} is below [theme.entries], where a line is an entry and its weight, not \
             the {key} it names: write it {place}"
        ));
    }
    // `default_threshold` is no word, so no entry either.
    let quoted = match key.contains('_') {
        true => String::new(),
        false => format!(" (or write the entry in quotes, \"{key}\" = {value}, if it is one)"),
    };
    Some(format!(
        "{key} = {value} is below [theme.entries], so it is read as the entry {key:?} of \
         weight {value}, not as the {key} it names: write it {place}{quoted}"
    ))
}

/// Largest weight or threshold: far above any useful one, and small enough
/// that a passage's score (a sum of weights) stays a finite number.
const MAX_WEIGHT: f64 = 1e6;

fn check_positive<T: Copy + Into<f64>>(
    text: &str,
    path: &Path,
    value: &Spanned<T>,
    what: &str,
) -> Result<f64> {
    let v: f64 = (*value.get_ref()).into();
    if v > 0.0 && v <= MAX_WEIGHT {
        Ok(v)
    } else {
        Err(error_at(
            text,
            path,
            value.span().start,
            format!(
                "{what} must be a positive number up to {MAX_WEIGHT}, found {}",
                // 1e305, not 306 digits; but 1000001 as written, not
                // 1.000001e6, so that the one too many shows.
                if v.abs() >= 1e16 {
                    format!("{v:e}")
                } else {
                    v.to_string()
                }
            ),
        ))
    }
}

/// What to say of `id`, which is not a theme id: the rule, and the id it
/// would be, in lower case without accents, other characters as `_`
/// (`Écologie verte` → `ecologie_verte`); the label keeps the name as
/// written.
fn id_advice(id: &str) -> String {
    let rule = format!("theme id {id:?} must be lower-case ASCII letters, digits or _");
    let folded = crate::analyze::fold(&id.to_lowercase());
    let mut suggested = String::with_capacity(folded.len());
    for c in folded.chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            suggested.push(c);
        } else if !suggested.is_empty() && !suggested.ends_with('_') {
            suggested.push('_');
        }
    }
    let suggested = suggested.trim_end_matches('_');
    if suggested.is_empty() {
        rule
    } else {
        format!("{rule}: write id = \"{suggested}\", and the name as written in label")
    }
}

/// Whether `id` can be a theme's id: lower-case ASCII letters, digits or
/// `_`, at least one.
pub fn is_theme_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Compiles an entry into word patterns: words through the analyzer, the
/// words between prefixes together as text is (so they match by key, and
/// `nous avions` is the verb as in the text), a content word as a [`Pattern::Word`] and a
/// stopword as a [`Pattern::Stopword`], so that neither matches the other
/// kind of word sharing its key (`égalité` would match every `également`);
/// `word*` as a folded prefix. The error says what is wrong with the entry.
pub fn compile(entry: &str, analyzer: &Analyzer) -> std::result::Result<Vec<Pattern>, String> {
    compile_as(entry, analyzer, Compiled::Entry, false).map(without_words)
}

/// [`compile`], each pattern with a word it matches: the entry's own word
/// as analysed there, and for a prefix the prefix read as a word (`None`
/// when it reads as no single word). Two entries that both match one of
/// these words can match the same words of a text.
pub(super) fn compile_with_words(
    entry: &str,
    analyzer: &Analyzer,
) -> std::result::Result<Vec<(Pattern, Option<Token>)>, String> {
    compile_as(entry, analyzer, Compiled::Entry, true)
}

fn without_words(patterns: Vec<(Pattern, Option<Token>)>) -> Vec<Pattern> {
    patterns.into_iter().map(|(p, _)| p).collect()
}

/// [`compile`] for a search (`parole kwic`, `compare --terms`), which is
/// analysed whole, so that a word's label comes from its neighbours (`nous
/// avions` is the verb, `avions` alone the planes), and whose errors name
/// the pattern rather than an entry.
pub fn compile_query(
    query: &str,
    analyzer: &Analyzer,
) -> std::result::Result<Vec<Pattern>, String> {
    compile_as(query, analyzer, Compiled::Search, false).map(without_words)
}

/// What is compiled, which its errors name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Compiled {
    /// An entry of a lexicon.
    Entry,
    /// A phrase of a theme's `exclude` list.
    Exclusion,
    /// A search of `parole kwic` or `compare --terms`.
    Search,
}

/// Compiles `entry`, each pattern with the word it was read from (see
/// [`compile_with_words`]); a prefix's word only with `prefix_words`, since
/// reading a prefix as a word is analysing it again, which only the
/// lexicon's checks need.
fn compile_as(
    entry: &str,
    analyzer: &Analyzer,
    what: Compiled,
    prefix_words: bool,
) -> std::result::Result<Vec<(Pattern, Option<Token>)>, String> {
    let query = what == Compiled::Search;
    // A search names its pattern as the user wrote it; a lexicon, its entry
    // or exclusion.
    let (named, noun) = match what {
        Compiled::Search => (format!("invalid pattern {entry:?}"), "pattern"),
        Compiled::Entry => (format!("entry {entry:?}"), "entry"),
        Compiled::Exclusion => (format!("exclusion {entry:?}"), "exclusion"),
    };
    let star_rule =
        format!("a * goes at the end of a prefix of at least {MIN_PREFIX_CHARS} letters (régul*)");
    // The pattern of a word or number; `None` for punctuation.
    let pattern = |token: &Token| match token.kind {
        TokenKind::Word if !token.stopword && is_acronym(&token.text) => Ok(Some(Pattern::Form {
            key: token.key,
            form: token.folded,
        })),
        TokenKind::Word if token.stopword => Ok(Some(Pattern::Stopword(token.key))),
        TokenKind::Word => Ok(Some(Pattern::Word(token.key))),
        TokenKind::Number => Ok(Some(Pattern::Key(token.key))),
        TokenKind::Hashtag | TokenKind::Mention => Ok(Some(Pattern::Tag(token.key))),
        TokenKind::Punct => Ok(None),
        other => Err(format!(
            "{named}: {:?} is {}; {} match words, numbers, hashtags and mentions",
            token.text.as_str(),
            match other {
                TokenKind::Url => "a web address, not a word",
                TokenKind::Email => "an e-mail address, not a word",
                // `(Applaudissements.)`: not speech, so never matched.
                _ => "in a stage direction, which is not speech and is never matched",
            },
            match what {
                Compiled::Search => "patterns",
                Compiled::Entry => "entries",
                Compiled::Exclusion => "exclusions",
            }
        )),
    };
    // Adds a pattern to `patterns`, unless `punctuation` came after their
    // words: text never matches a phrase across punctuation, so an entry
    // would match neither the text as written nor without it (`M. le
    // ministre`). Punctuation before or after the words is left out.
    let add = |next: (Pattern, Option<Token>),
               patterns: &mut Vec<(Pattern, Option<Token>)>,
               punctuation: &Option<String>|
     -> std::result::Result<(), String> {
        if let Some(mark) = punctuation {
            let advice = if query {
                "search words that the text writes in a row, with no punctuation between \
                 them (le ministre), or a word alone"
            } else {
                "write a phrase without punctuation, or two entries"
            };
            return Err(format!(
                "{named} has {mark:?} between two words, and a phrase never matches across \
                 punctuation, so the {noun} would match neither the text as written nor \
                 without it; {advice}"
            ));
        }
        patterns.push(next);
        Ok(())
    };
    let push = |tokens: Vec<Token>,
                patterns: &mut Vec<(Pattern, Option<Token>)>,
                punctuation: &mut Option<String>|
     -> std::result::Result<(), String> {
        for token in &tokens {
            match pattern(token)? {
                Some(next) => add((next, Some(*token)), patterns, punctuation)?,
                None if !patterns.is_empty() && punctuation.is_none() => {
                    *punctuation = Some(token.text.to_string());
                }
                None => {}
            }
        }
        Ok(())
    };
    let mut patterns = Vec::new();
    let mut punctuation = None;
    // The words between prefixes are analysed together, as text is, so that
    // a word's label comes from its neighbours (`nous avions` is the verb,
    // `avions` alone the planes; `des sommes` the noun, `sommes` alone the
    // verb). A search without a prefix is analysed whole.
    let offset = |part: &str| part.as_ptr() as usize - entry.as_ptr() as usize;
    let mut run: Option<(usize, usize)> = None;
    let mut parts = entry.split_whitespace().peekable();
    while let Some(part) = parts.next() {
        let star = part.contains('*');
        if !star {
            let (start, end) = (offset(part), offset(part) + part.len());
            run = Some((run.map_or(start, |r| r.0), end));
            if parts.peek().is_some() {
                continue;
            }
        }
        if let Some((start, end)) = run.take() {
            push(
                analyzer.analyze(&entry[start..end]),
                &mut patterns,
                &mut punctuation,
            )?;
        }
        if !star {
            continue;
        }
        // `a*b`, `*tion`, `ré**`: read as words, the `*` would be
        // dropped as punctuation and the rest searched as a phrase.
        let Some(prefix) = part.strip_suffix('*').filter(|p| !p.contains('*')) else {
            return Err(format!(
                "{named}: {part:?} has a * that is not at its end; {star_rule}"
            ));
        };
        if prefix.starts_with(['#', '@']) {
            return Err(format!(
                "{named}: {part:?} ends a hashtag or mention with a *, and they are \
                 matched whole (#climat, @elysee); {star_rule}"
            ));
        }
        // An elided clitic is a word of its own, in text as in an entry:
        // `l'environn*` is `l'` then the prefix `environn`.
        let normalized = normalize(prefix);
        let (clitics, prefix) = match elided_clitics(&normalized, analyzer) {
            Some((clitics, rest)) => (clitics, rest),
            None => (Vec::new(), normalized.as_str()),
        };
        let folded = fold(&prefix.to_lowercase());
        if folded.chars().count() < MIN_PREFIX_CHARS {
            return Err(format!(
                "{named}: the prefix {part:?} is too short; {star_rule}"
            ));
        }
        push(clitics, &mut patterns, &mut punctuation)?;
        let word = match prefix_words {
            true => match analyzer.analyze(prefix)[..] {
                [word] if word.kind == TokenKind::Word => Some(word),
                _ => None,
            },
            false => None,
        };
        add((Pattern::Prefix(folded), word), &mut patterns, &punctuation)?;
    }
    if patterns.is_empty() {
        return Err(format!("{named} has no word to match"));
    }
    Ok(patterns)
}

/// The elided clitics that open a prefix (`l'` of `l'environn`, `qu'` of
/// `qu'aucun`), as the analyzer reads them, and the rest of the prefix;
/// `None` when it opens on none.
fn elided_clitics<'a>(prefix: &'a str, analyzer: &Analyzer) -> Option<(Vec<Token>, &'a str)> {
    let cut = prefix.rfind('\'')? + 1;
    let tokens = analyzer.analyze(&prefix[..cut]);
    let all_clitics = !tokens.is_empty()
        && tokens
            .iter()
            .all(|t| t.kind == TokenKind::Word && t.stopword && t.lower.ends_with('\''));
    all_clitics.then(|| (tokens, &prefix[cut..]))
}

/// Whether a word is written as an acronym: in capitals, with two letters
/// or more (`COP`, `ETI`, `CO2`; not `5G`). Such a word in an entry or a
/// search matches as written ([`Pattern::Form`]).
fn is_acronym(text: &str) -> bool {
    text.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !text.chars().any(char::is_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::{Stopwords, Sym};

    #[test]
    fn entries_know_the_line_they_are_written_on() {
        let analyzer = Analyzer::new(Stopwords::builtin());
        let lexicon = Lexicon::builtin(&analyzer);
        let lines: Vec<&str> = BUILTIN_LEXICON.lines().collect();
        let mut seen = 0;
        for theme in lexicon.themes() {
            for entry in theme.entries.iter().chain(&theme.exclusions) {
                assert!(
                    lines[entry.line - 1].contains(&format!("\"{}\"", entry.text)),
                    "{} at line {}",
                    entry.text,
                    entry.line
                );
                seen += 1;
            }
        }
        assert!(seen > 1000, "{seen}");
        // The last line, without a line break after it.
        let lexicon = Lexicon::parse(
            "[[theme]]\nid = \"x\"\nlabel = \"X\"\n[theme.entries]\n\"climat\" = 1\n\"air\" = 1",
            Path::new("t.toml"),
            &analyzer,
        )
        .unwrap();
        let lines: Vec<usize> = lexicon.themes()[0].entries.iter().map(|e| e.line).collect();
        assert_eq!(lines, [6, 5]);
    }

    #[test]
    fn a_star_goes_only_at_the_end_of_a_long_enough_prefix() {
        let analyzer = Analyzer::new(Stopwords::builtin());
        for part in ["a*b", "*tion", "ré**", "rég*ul*"] {
            for query in [true, false] {
                let what = match query {
                    true => Compiled::Search,
                    false => Compiled::Entry,
                };
                let message =
                    compile_as(&format!("la {part}"), &analyzer, what, false).unwrap_err();
                assert!(
                    message.contains("a * goes at the end of a prefix of at least 3 letters"),
                    "{part}: {message}"
                );
                assert!(message.contains("not at its end"), "{part}: {message}");
            }
        }
        assert!(compile_query("ré*", &analyzer)
            .unwrap_err()
            .starts_with("invalid pattern \"ré*\": the prefix \"ré*\" is too short"));
        assert!(compile("ré*", &analyzer)
            .unwrap_err()
            .starts_with("entry \"ré*\": the prefix"));
        assert_eq!(
            compile_query("régul*", &analyzer).unwrap(),
            [Pattern::Prefix("regul".into())]
        );
        assert!(compile_query("www.parole.fr", &analyzer)
            .unwrap_err()
            .contains(": \"www.parole.fr\" is a web address, not a word; patterns match words"));
        assert_eq!(
            compile("(Applaudissements sur tous les bancs.)", &analyzer).unwrap_err(),
            "entry \"(Applaudissements sur tous les bancs.)\": \"Applaudissements\" is in a \
             stage direction, which is not speech and is never matched; entries match words, \
             numbers, hashtags and mentions"
        );
        // A hashtag or a mention is matched whole, as its lower case.
        assert_eq!(
            compile_query("le #Climat @Elysee", &analyzer).unwrap(),
            [
                Pattern::Stopword(Sym::from("le")),
                Pattern::Tag(Sym::from("#climat")),
                Pattern::Tag(Sym::from("@elysee"))
            ]
        );
        for part in ["#clim*", "@ely*"] {
            let message = compile(part, &analyzer).unwrap_err();
            assert!(
                message.contains("ends a hashtag or mention with a *, and they are matched whole"),
                "{part}: {message}"
            );
        }
        // A pattern never speaks of entries, a lexicon's jargon.
        for pattern in ["ré*", "a*b", "« ! »", "x@y.fr", "#clim*"] {
            let message = compile_query(pattern, &analyzer).unwrap_err();
            assert!(!message.contains("entr"), "{pattern}: {message}");
        }
    }

    #[test]
    fn a_search_labels_its_words_by_their_neighbours() {
        let analyzer = Analyzer::new(Stopwords::builtin());
        let avion = Sym::from("avion");
        assert_eq!(
            compile_query("nous avions", &analyzer).unwrap(),
            [
                Pattern::Stopword(Sym::from("nous")),
                Pattern::Stopword(avion)
            ]
        );
        assert_eq!(
            compile_query("avions", &analyzer).unwrap(),
            [Pattern::Word(avion)]
        );
    }
}
