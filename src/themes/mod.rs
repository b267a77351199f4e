//! Themes: the lexicon (weighted entries per theme, with exclusions for
//! false friends), matching it against the tokens of a passage, scoring, the
//! assignment rule, and the evidence behind every score.
//!
//! # Matching and the assignment rule
//! An entry is a sequence of word patterns: a word matches by key (the same
//! analyzer as the text: lower-case, stem, fold) a word of its own kind, a
//! content word a content word and a stopword a stopword (`égalité` does
//! not match `également`, which shares its key), `word*` matches any word
//! whose lower-case folded form starts with the prefix; a word in capitals
//! (`COP`) is an acronym and matches its folded form, that form with an
//! `s`, or that form numbered (`COP26`, `COP-26`), not every word of its key
//! (`copie`); a number in an entry
//! (`Natura 2000`) matches the same number. A multi-word entry matches
//! consecutive tokens; punctuation between them breaks the match. Per theme, matches are taken leftmost and
//! longest first without overlapping; a match overlapping an occurrence of one
//! of the theme's exclusions is dropped. The passage's score for a theme is
//! the sum of the weights of its matches, and the theme is **assigned when
//! the score reaches the theme's threshold**.

mod lexicon;

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};

use rustc_hash::FxHashMap as HashMap;

use serde::Serialize;

use crate::analyze::{Span, Sym, Token, TokenKind};

pub use lexicon::{compile, compile_query, is_theme_id, BUILTIN_LEXICON};

/// Characters of a prefix entry used to index it; lexicon prefixes have at
/// least this many, so a word can only match the prefixes sharing its head.
const PREFIX_INDEX_CHARS: usize = 3;

/// The address of an interned key: the same for equal keys (one string
/// per content), and read without reading the string, where hashing the
/// key itself reads the hash stored in front of it (a cache miss per token).
fn key_address(key: Sym) -> usize {
    key.as_char_ptr() as usize
}

/// Where the trie files a word pattern, and looks a token up: by the
/// address of its key ([`key_address`]), doubled, plus one for a stopword.
/// A content word of an entry and a stopword sharing its key (`égalité` and
/// `également`, `avion` and the verb of `nous avions`) lead to different
/// nodes, as [`matches_at`] tells them apart. User-space addresses are
/// below 2^63, so the doubling loses nothing.
fn key_slot(key: Sym, stopword: bool) -> u64 {
    (key_address(key) as u64) << 1 | u64::from(stopword)
}

/// How the trie files a pattern: by its key's slot (see [`key_slot`]), or
/// by its prefix.
enum Step<'a> {
    Slot(u64),
    Prefix(&'a str),
}

impl Pattern {
    fn step(&self) -> Step<'_> {
        match self {
            Pattern::Key(k) | Pattern::Word(k) | Pattern::Form { key: k, .. } => {
                Step::Slot(key_slot(*k, false))
            }
            Pattern::Stopword(k) => Step::Slot(key_slot(*k, true)),
            // No word's key opens on `#` or `@`: the slot is a tag's alone.
            Pattern::Tag(k) => Step::Slot(key_slot(*k, false)),
            Pattern::Prefix(p) => Step::Prefix(p),
        }
    }
}

/// The first [`PREFIX_INDEX_CHARS`] characters of `s` packed in an integer
/// (their UTF-8 bytes, at most 12, and their length), or `None` when `s` is
/// shorter: no prefix entry can match it then.
fn prefix_head(s: &str) -> Option<u128> {
    let bytes = s.as_bytes();
    let end = if bytes.len() >= PREFIX_INDEX_CHARS && bytes[..PREFIX_INDEX_CHARS].is_ascii() {
        PREFIX_INDEX_CHARS
    } else {
        s.char_indices()
            .nth(PREFIX_INDEX_CHARS - 1)
            .map(|(k, c)| k + c.len_utf8())?
    };
    let mut packed = end as u128;
    for &b in &bytes[..end] {
        packed = packed << 8 | u128::from(b);
    }
    Some(packed)
}

/// Whether a theme is one of the three codebook themes or an extra one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ThemeGroup {
    /// souveraineté, régulation, écologie: defined by the codebook.
    Core,
    /// The other themes of political text.
    Extended,
}

/// One word of an entry or a search. A word matches words of its own kind
/// only: a content word never finds the stopwords that share its key
/// (`vie` and `via`, `égalité` and `également`), nor a stopword the content
/// words (`du` and `due`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pattern {
    /// Matches a number, or a content word, with this key: a number of an
    /// entry (`Natura 2000`).
    Key(Sym),
    /// Matches a content word (not a stopword) with this key.
    Word(Sym),
    /// Matches a stopword with this key.
    Stopword(Sym),
    /// Matches a word whose lower-case, accent-folded form starts with this.
    Prefix(String),
    /// Matches a `#hashtag` or an `@mention` with this key, its text in
    /// lower case: social networks read them without regard to case, but
    /// not to accents (`#Écologie` is `#écologie`, not `#ecologie`).
    Tag(Sym),
    /// Matches a word with this key whose lower-case, accent-folded form is
    /// `form` or `form` + `s`, or any word that is `form` numbered
    /// (`COP26`, `COP-26`): a word written in capitals (`COP`, `ETI`),
    /// which is an acronym, not a stem to inflect (the stemmer gives `COP`
    /// the key of `copie`, `ETI` that of `étiez`).
    Form {
        /// The key, which the trie indexes as for [`Pattern::Key`].
        key: Sym,
        /// The folded form of the word as written.
        form: Sym,
    },
}

/// A weighted lexicon entry (or an exclusion, with weight 0).
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The entry as written in the lexicon.
    pub text: String,
    /// What a match adds to the passage's score.
    pub weight: f64,
    /// The words to match, in order.
    pub patterns: Vec<Pattern>,
    /// The line of the lexicon file it is written on, from 1.
    pub line: usize,
}

/// Two entries of a theme, with as many words each, of which one never
/// counts: every word it matches, the other matches too, and where both
/// match the matcher counts one of them, the heavier (of equal weights, the
/// first in Unicode order), which is the other.
#[derive(Debug, Clone, PartialEq)]
pub struct Overlap<'a> {
    /// The entry that counts where both match.
    pub counted: &'a Entry,
    /// The entry that never counts.
    pub hidden: &'a Entry,
    /// Words both match, as the entries write them (`souveraineté` for
    /// `souveraineté` and `souverain*`), a prefix with its `*` where any
    /// word it starts would do (`relocalisation*` for `relocalis*` and
    /// `relocalisation*`).
    pub words: String,
}

/// A theme of the lexicon.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    /// ASCII identifier (`souverainete`).
    pub id: String,
    /// French label (`Souveraineté`).
    pub label: String,
    /// What the theme covers.
    pub description: String,
    /// Core or extended.
    pub group: ThemeGroup,
    /// Score from which the theme is assigned.
    pub threshold: f64,
    /// Weighted entries.
    pub entries: Vec<Entry>,
    /// Phrases whose occurrences cancel the matches they overlap.
    pub exclusions: Vec<Entry>,
}

impl Theme {
    /// The entries that one of the theme's exclusions cancels wherever they
    /// match, each with the first such exclusion: the exclusion's words are
    /// the entry's, or some of them in a row (the exclusion `environnement
    /// économique` cancels the entries `environnement économique` and `l'environnement
    /// économique`), so every match of the entry overlaps an occurrence of
    /// it and the entry never counts.
    pub fn excluded_entries(&self) -> Vec<(&Entry, &Entry)> {
        self.entries
            .iter()
            .filter_map(|entry| {
                let cancels = |x: &&Entry| {
                    entry
                        .patterns
                        .windows(x.patterns.len())
                        .any(|words| x.patterns.iter().zip(words).all(|(x, e)| covers(x, e)))
                };
                self.exclusions.iter().find(cancels).map(|x| (entry, x))
            })
            .collect()
    }

    /// The pairs of entries with as many words each of which one never
    /// counts (`souverainisme` = 1 beside `souverain*` = 2, `transition
    /// écologique` = 1 beside `transition écolog*` = 2): one word of a text
    /// counts for one entry of a theme only, the heavier, and the other
    /// matches no word that the heavier does not. A heavier entry that
    /// matches fewer words than a lighter one (`souveraineté` = 3 beside
    /// `souverain*` = 2) is the way to weigh some words apart, and is not
    /// listed; nor is a longer entry over a shorter one, the way to weigh a
    /// phrase apart from its words. `analyzer` is the one the lexicon was
    /// loaded with. Pairs in file order.
    pub fn overlapping_entries(&self, analyzer: &crate::analyze::Analyzer) -> Vec<Overlap<'_>> {
        let words: Vec<Vec<(Pattern, Option<Token>)>> = self
            .entries
            .iter()
            .map(|e| lexicon::compile_with_words(&e.text, analyzer).unwrap_or_default())
            .collect();
        let mut found = Vec::new();
        for (i, a) in words.iter().enumerate() {
            for (j, b) in words.iter().enumerate().skip(i + 1) {
                if a.len() != b.len() || a.is_empty() {
                    continue;
                }
                let shared: Option<Vec<String>> =
                    a.iter().zip(b).map(|(a, b)| shared_word(a, b)).collect();
                let Some(shared) = shared else {
                    continue;
                };
                let (first, second) = (&self.entries[i], &self.entries[j]);
                // As the matcher sorts: the heavier, then the first.
                let (counted, hidden, counted_words, hidden_words) =
                    match second.weight > first.weight {
                        true => (second, first, b, a),
                        false => (first, second, a, b),
                    };
                // The hidden entry matches no word the counted one does
                // not, word by word (see [`covers`]). A word does not cover
                // a prefix that starts it, nor an acronym a word of its key
                // (`COP` and `copie`).
                let covered = counted_words
                    .iter()
                    .zip(hidden_words)
                    .all(|(c, h)| covers(&c.0, &h.0));
                if !covered {
                    continue;
                }
                let mut joined = String::new();
                for word in shared {
                    if !joined.is_empty() && !joined.ends_with('\'') {
                        joined.push(' ');
                    }
                    joined.push_str(&word);
                }
                found.push(Overlap {
                    counted,
                    hidden,
                    words: joined,
                });
            }
        }
        found.sort_by_key(|o| {
            (
                o.counted.line.min(o.hidden.line),
                o.counted.line.max(o.hidden.line),
            )
        });
        found
    }

    /// The exclusions that share no word with any entry of the theme: an
    /// exclusion cancels the matches it overlaps, so one that no entry's
    /// word can meet cancels nothing (`exclude = ["climat de confiance"]`
    /// in a theme with no entry for `climat`, `confiance` or the stopwords).
    /// A word meets another of the same kind and key, a prefix the words
    /// that start with it or that it starts (a stem is the start of its
    /// words, so `environn*` meets `environnement`).
    pub fn idle_exclusions(&self) -> Vec<&Entry> {
        let meet = |x: &Pattern, e: &Pattern| match (x, e) {
            (Pattern::Prefix(p), Pattern::Prefix(q)) => {
                p.starts_with(q.as_str()) || q.starts_with(p.as_str())
            }
            (
                Pattern::Prefix(p),
                Pattern::Word(k) | Pattern::Key(k) | Pattern::Form { key: k, .. },
            )
            | (
                Pattern::Word(k) | Pattern::Key(k) | Pattern::Form { key: k, .. },
                Pattern::Prefix(p),
            ) => p.starts_with(k.as_str()) || k.starts_with(p.as_str()),
            (
                Pattern::Word(a) | Pattern::Key(a) | Pattern::Form { key: a, .. },
                Pattern::Word(b) | Pattern::Key(b) | Pattern::Form { key: b, .. },
            ) => a == b,
            (Pattern::Stopword(a), Pattern::Stopword(b)) | (Pattern::Tag(a), Pattern::Tag(b)) => {
                a == b
            }
            _ => false,
        };
        self.exclusions
            .iter()
            .filter(|x| {
                !self.entries.iter().any(|e| {
                    x.patterns
                        .iter()
                        .any(|xp| e.patterns.iter().any(|ep| meet(xp, ep)))
                })
            })
            .collect()
    }

    /// The entries made of stopwords only (`de`, `de la`): each matches every
    /// occurrence of those words, in any text, whatever it is about.
    pub fn stopword_entries(&self) -> Vec<&Entry> {
        self.entries
            .iter()
            .filter(|e| e.patterns.iter().all(|p| matches!(p, Pattern::Stopword(_))))
            .collect()
    }
}

/// Whether `wide` matches every word that `narrow` matches: the same
/// pattern, a prefix of a longer prefix, a prefix of an acronym's form, or
/// a prefix of a word's key (a word's key starts its words: `souverain*`
/// covers `souveraineté`, key `souverainet`). A prefix longer than a
/// word's key does not cover the word, which matches every word of its key:
/// `obligeant` and `obligation` (key `oblig`) also match `obliger`, which
/// `obligation*` does not.
fn covers(wide: &Pattern, narrow: &Pattern) -> bool {
    match (wide, narrow) {
        (Pattern::Prefix(p), Pattern::Prefix(q)) => q.starts_with(p.as_str()),
        (Pattern::Prefix(p), Pattern::Form { form, .. }) => form.starts_with(p.as_str()),
        (Pattern::Prefix(p), Pattern::Word(key) | Pattern::Stopword(key)) => {
            key.as_str().starts_with(p.as_str())
        }
        _ => wide == narrow,
    }
}

/// A word that both patterns match, written as the entries write it, from
/// the words they were compiled with; `None` when they match no word in
/// common. Two prefixes share the words of the longer one (`relocalis*`
/// and `relocalisation*`: `relocalisation*`).
fn shared_word(a: &(Pattern, Option<Token>), b: &(Pattern, Option<Token>)) -> Option<String> {
    if let (Pattern::Prefix(p), Pattern::Prefix(q)) = (&a.0, &b.0) {
        let (longer, word, shorter) = match p.len() >= q.len() {
            true => (p, &a.1, q),
            false => (q, &b.1, p),
        };
        return longer
            .starts_with(shorter.as_str())
            .then(|| format!("{}*", word.map_or(longer.as_str(), |w| w.text.as_str())));
    }
    // The word of an entry's word first: a prefix read as a word may be
    // no word of the language (`souverainet`).
    let mut samples = [a, b];
    samples.sort_by_key(|(p, _)| matches!(p, Pattern::Prefix(_)));
    samples
        .iter()
        .filter_map(|(_, w)| w.as_ref())
        .find_map(|word| {
            let both = [&a.0, &b.0]
                .iter()
                .all(|p| matches_at(std::slice::from_ref(*p), std::slice::from_ref(word), 0));
            both.then(|| word.text.to_string())
        })
}

/// What a lexicon file says of itself, and where it came from.
#[derive(Debug, Clone, PartialEq)]
struct LexiconMeta {
    name: String,
    version: String,
    language: String,
    default_threshold: f64,
    source: String,
    sha256: String,
}

/// A compiled theme lexicon.
#[derive(Debug, Clone)]
pub struct Lexicon {
    themes: Vec<Theme>,
    meta: LexiconMeta,
    /// Every entry and exclusion in a trie of their pattern sequences, so
    /// that the entries sharing a beginning (`de la …`, `ministr* de …`,
    /// `régul*`) are tried once for it, not once each. `nodes[0]` is the
    /// root.
    nodes: Vec<Node>,
    /// The root's key children (it has thousands), by [`key_slot`].
    root_keys: HashMap<u64, usize>,
    /// The root's prefix children, by the prefix's first
    /// [`PREFIX_INDEX_CHARS`] characters (see [`prefix_head`]): a word only
    /// tries the prefixes that share its head.
    root_prefixes: HashMap<u128, Vec<(Box<str>, usize)>>,
    /// The key of each acronym's folded form (by [`key_address`] of the
    /// form), for the numbered words an acronym entry matches (`COP26` for
    /// `COP`): the trie indexes the entry by that key, not the word's own.
    acronym_keys: HashMap<usize, Sym>,
    /// Identifies this trie in the per-thread memo of [`RootChildren`].
    id: u64,
}

static NEXT_LEXICON: AtomicU64 = AtomicU64::new(1);

/// The children of the root that a token reaches: by its key, by the key
/// of the acronym it numbers (see [`Lexicon::acronym_key`]), and by the
/// prefixes its folded form starts with (`prefixed` is a range of
/// [`RootMemo::prefixed`]).
#[derive(Debug, Clone, Copy)]
struct RootChildren {
    key: Option<u32>,
    acronym: Option<u32>,
    prefixed: (u32, u32),
}

/// Per thread, the root children of each (key slot, folded form) pair met, for
/// the lexicon whose id it carries: a token then costs one lookup instead
/// of the key lookup, the prefix head and a comparison per prefix. A
/// corpus has few such pairs; the memo starts afresh past
/// [`ROOT_MEMO_LIMIT`].
#[derive(Debug, Default)]
struct RootMemo {
    lexicon: u64,
    children: HashMap<(u64, usize), RootChildren>,
    prefixed: Vec<u32>,
}

const ROOT_MEMO_LIMIT: usize = 500_000;

thread_local! {
    static ROOTS: RefCell<RootMemo> = RefCell::default();
}

/// A node of the trie: the patterns from the root to it are the beginning of
/// one or more entries.
#[derive(Debug, Clone, Default)]
struct Node {
    /// The entries whose patterns end here.
    ends: Vec<EntryRef>,
    /// Whether one of `ends` has a [`Pattern::Form`], which the trie
    /// indexes by key alone: the ends of such a node are checked with
    /// [`matches_at`] (most nodes have none, and take their ends as they are).
    forms: bool,
    /// The next node by the key of the next token (see [`key_slot`]):
    /// sorted by slot, searched by bisection (most nodes have one or two;
    /// the root's are in [`Lexicon::root_keys`]).
    keys: Vec<(u64, usize)>,
    /// The next node by a prefix of the next token's folded form (the
    /// root's are in [`Lexicon::root_prefixes`]).
    prefixes: Vec<(Box<str>, usize)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct EntryRef {
    theme: usize,
    entry: usize,
    exclusion: bool,
}

/// One match of a lexicon entry in a passage: the evidence for a score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    /// Theme id.
    pub theme: String,
    /// Index of the theme in the lexicon.
    #[serde(skip)]
    pub theme_index: usize,
    /// The entry as written in the lexicon.
    pub entry: String,
    /// The matched text, exactly as in the document.
    pub text: String,
    /// Byte span of the matched words in the document.
    pub span: Span,
    /// The entry's weight.
    pub weight: f64,
}

/// The themes of one passage.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PassageThemes {
    /// Score per theme, in lexicon order.
    pub scores: Vec<f64>,
    /// Indices of the assigned themes, in lexicon order.
    pub assigned: Vec<usize>,
    /// Every kept match, by position then theme.
    pub evidence: Vec<Evidence>,
}

impl Lexicon {
    /// Puts the entries of `themes` in the trie of their pattern sequences.
    fn new(themes: Vec<Theme>, meta: LexiconMeta) -> Lexicon {
        let mut nodes = vec![Node::default()];
        let mut root_keys: HashMap<u64, usize> = HashMap::default();
        let mut root_prefixes: HashMap<u128, Vec<(Box<str>, usize)>> = HashMap::default();
        let mut acronym_keys: HashMap<usize, Sym> = HashMap::default();
        for (t, theme) in themes.iter().enumerate() {
            let all = theme
                .entries
                .iter()
                .enumerate()
                .map(|(e, entry)| (e, entry, false))
                .chain(
                    theme
                        .exclusions
                        .iter()
                        .enumerate()
                        .map(|(e, x)| (e, x, true)),
                );
            for (e, entry, exclusion) in all {
                let mut node = 0;
                for pattern in &entry.patterns {
                    if let Pattern::Form { key, form } = pattern {
                        acronym_keys.insert(key_address(*form), *key);
                    }
                    let fresh = nodes.len();
                    let (child, added) = match pattern.step() {
                        Step::Slot(slot) if node == 0 => {
                            let child = *root_keys.entry(slot).or_insert(fresh);
                            (child, child == fresh)
                        }
                        Step::Slot(slot) => {
                            let keys = &mut nodes[node].keys;
                            match keys.binary_search_by_key(&slot, |&(a, _)| a) {
                                Ok(at) => (keys[at].1, false),
                                Err(at) => {
                                    keys.insert(at, (slot, fresh));
                                    (fresh, true)
                                }
                            }
                        }
                        Step::Prefix(p) => {
                            let prefixes = if node == 0 {
                                root_prefixes
                                    .entry(
                                        prefix_head(p)
                                            .expect("lexicon prefixes have the indexed characters"),
                                    )
                                    .or_default()
                            } else {
                                &mut nodes[node].prefixes
                            };
                            match prefixes.iter().find(|(q, _)| **q == *p) {
                                Some(&(_, child)) => (child, false),
                                None => {
                                    prefixes.push((p.into(), fresh));
                                    (fresh, true)
                                }
                            }
                        }
                    };
                    if added {
                        nodes.push(Node::default());
                    }
                    node = child;
                }
                nodes[node].forms |= entry
                    .patterns
                    .iter()
                    .any(|p| matches!(p, Pattern::Form { .. }));
                nodes[node].ends.push(EntryRef {
                    theme: t,
                    entry: e,
                    exclusion,
                });
            }
        }
        Lexicon {
            themes,
            meta,
            nodes,
            root_keys,
            root_prefixes,
            acronym_keys,
            id: NEXT_LEXICON.fetch_add(1, Ordering::Relaxed),
        }
    }

    /// The themes, in file order.
    pub fn themes(&self) -> &[Theme] {
        &self.themes
    }

    /// Keeps only the themes whose ids are listed (in lexicon order). An id
    /// the lexicon lacks, or one listed twice, is an error.
    pub fn retain(&mut self, ids: &[String]) -> crate::Result<()> {
        for (i, id) in ids.iter().enumerate() {
            if ids[..i].contains(id) {
                return Err(crate::Error::config(format!(
                    "theme {id:?} is listed twice; list each theme once"
                )));
            }
            if !self.themes.iter().any(|t| &t.id == id) {
                let known: Vec<&str> = self.themes.iter().map(|t| t.id.as_str()).collect();
                // A misspelt id (`souverainte`): the one it is closest to.
                let close = self
                    .closest_id(id)
                    .map(|k| format!(" (did you mean {k}?)"))
                    .unwrap_or_default();
                return Err(crate::Error::config(format!(
                    "unknown theme {id:?}{close}; the lexicon has: {}",
                    known.join(", ")
                )));
            }
        }
        let themes = std::mem::take(&mut self.themes)
            .into_iter()
            .filter(|t| ids.contains(&t.id))
            .collect();
        *self = Lexicon::new(themes, self.meta.clone());
        Ok(())
    }

    /// The id of the theme that `word` is most likely a misspelling of
    /// (`ecolgie`, `Souverainete`): the same letters but for capitals and
    /// accents, or less than a quarter of them changed (not `economie` for
    /// `ecologie`, two themes of their own).
    pub fn closest_id(&self, word: &str) -> Option<&str> {
        let folded = crate::analyze::fold(&word.trim().to_lowercase());
        closest_spelling(&folded, self.themes.iter().map(|t| t.id.as_str()))
    }

    /// The lexicon's name, from its file.
    pub fn name(&self) -> &str {
        &self.meta.name
    }

    /// The lexicon's version, from its file.
    pub fn version(&self) -> &str {
        &self.meta.version
    }

    /// The language of the lexicon.
    pub fn language(&self) -> &str {
        &self.meta.language
    }

    /// Threshold of themes that set none.
    pub fn default_threshold(&self) -> f64 {
        self.meta.default_threshold
    }

    /// Where the lexicon came from.
    pub fn source(&self) -> &str {
        &self.meta.source
    }

    /// SHA-256 of the lexicon's text, in hex.
    pub fn sha256(&self) -> &str {
        &self.meta.sha256
    }

    /// Scores, assigned themes and evidence for the tokens of one passage;
    /// `text` is the document text the token spans index.
    pub fn match_passage(&self, text: &str, tokens: &[Token]) -> PassageThemes {
        // Every candidate match: (entry ref, first token, token count).
        let mut found = self.candidates(tokens);
        let mut result = PassageThemes {
            scores: vec![0.0; self.themes.len()],
            assigned: Vec::new(),
            evidence: Vec::new(),
        };
        // By theme, its exclusions first; then leftmost, longest, heavier,
        // and in lexicon order.
        found.sort_unstable_by(|(a, a_start, a_len), (b, b_start, b_len)| {
            a.theme
                .cmp(&b.theme)
                .then(b.exclusion.cmp(&a.exclusion))
                .then(a_start.cmp(b_start))
                .then(b_len.cmp(a_len))
                .then_with(|| {
                    let weight = |r: &EntryRef| {
                        if r.exclusion {
                            0.0
                        } else {
                            self.themes[r.theme].entries[r.entry].weight
                        }
                    };
                    weight(b).total_cmp(&weight(a)).then(a.entry.cmp(&b.entry))
                })
        });
        let mut kept: Vec<(usize, usize, usize, usize)> = Vec::new(); // (start, theme, entry, len)
        let mut rest = found.as_slice();
        for (t, theme) in self.themes.iter().enumerate() {
            let here = rest.iter().take_while(|(r, _, _)| r.theme == t).count();
            let (mine, after) = rest.split_at(here);
            rest = after;
            let exclusions = mine.iter().take_while(|(r, _, _)| r.exclusion).count();
            let (excluded, candidates) = mine.split_at(exclusions);
            let mut next_free = 0;
            for &(r, start, len) in candidates {
                if start < next_free {
                    continue;
                }
                let end = start + len;
                if excluded
                    .iter()
                    .any(|&(_, x_start, x_len)| start < x_start + x_len && x_start < end)
                {
                    continue;
                }
                next_free = end;
                result.scores[t] += theme.entries[r.entry].weight;
                kept.push((start, t, r.entry, len));
            }
            if reaches(result.scores[t], theme.threshold) {
                result.assigned.push(t);
            }
        }
        kept.sort_unstable();
        result.evidence = kept
            .into_iter()
            .map(|(start, t, e, len)| {
                let span = Span::new(tokens[start].span.start, tokens[start + len - 1].span.end);
                Evidence {
                    theme: self.themes[t].id.clone(),
                    theme_index: t,
                    entry: self.themes[t].entries[e].text.clone(),
                    text: text[span.start..span.end].to_string(),
                    span,
                    weight: self.themes[t].entries[e].weight,
                }
            })
            .collect();
        result
    }

    /// Byte spans of every occurrence of an exclusion of theme `t` in
    /// `tokens`, overlapping or not: [`Lexicon::match_passage`] cancels
    /// each match of the theme's entries that overlaps one.
    pub(crate) fn exclusion_spans(&self, t: usize, tokens: &[Token]) -> Vec<Span> {
        self.candidates(tokens)
            .into_iter()
            .filter(|(r, _, _)| r.theme == t && r.exclusion)
            .map(|(_, start, len)| {
                Span::new(tokens[start].span.start, tokens[start + len - 1].span.end)
            })
            .collect()
    }

    /// Every match of an entry or exclusion in `tokens`, overlapping or not:
    /// (entry, first token, token count), in no particular order.
    fn candidates(&self, tokens: &[Token]) -> Vec<(EntryRef, usize, usize)> {
        let mut found = Vec::new();
        ROOTS.with(|memo| {
            let mut memo = memo.borrow_mut();
            if memo.lexicon != self.id || memo.children.len() > ROOT_MEMO_LIMIT {
                memo.lexicon = self.id;
                memo.children.clear();
                memo.prefixed.clear();
            }
            let memo = &mut *memo;
            for (i, token) in tokens.iter().enumerate() {
                if !is_matched(token.kind) {
                    continue;
                }
                let pair = (
                    key_slot(token.key, token.stopword),
                    key_address(token.folded),
                );
                let children = *memo
                    .children
                    .entry(pair)
                    .or_insert_with(|| self.root_children(token, &mut memo.prefixed));
                if let Some(child) = children.key {
                    self.walk(child as usize, tokens, i, i + 1, false, &mut found);
                }
                if let Some(child) = children.acronym {
                    self.walk(child as usize, tokens, i, i + 1, true, &mut found);
                }
                if token.kind == TokenKind::Word {
                    let (start, end) = children.prefixed;
                    for &child in &memo.prefixed[start as usize..end as usize] {
                        self.walk(child as usize, tokens, i, i + 1, false, &mut found);
                    }
                }
            }
        });
        found
    }

    /// The children of the root that `token`'s key and folded form reach;
    /// the prefixed ones are appended to `prefixed`.
    fn root_children(&self, token: &Token, prefixed: &mut Vec<u32>) -> RootChildren {
        let node = |n: usize| u32::try_from(n).expect("a lexicon has fewer than 2^32 nodes");
        let child = |slot: u64| self.root_keys.get(&slot).map(|&n| node(n));
        let key = child(key_slot(token.key, token.stopword));
        let acronym = self
            .acronym_key(token)
            .and_then(|key| child(key_slot(key, false)));
        let start = prefixed.len();
        let prefixes = prefix_head(&token.folded).and_then(|h| self.root_prefixes.get(&h));
        for (prefix, child) in prefixes.into_iter().flatten() {
            if token.folded.starts_with(&**prefix) {
                prefixed.push(node(*child));
            }
        }
        let range = |n: usize| u32::try_from(n).expect("fewer than 2^32 prefixed children");
        RootChildren {
            key,
            acronym,
            prefixed: (range(start), range(prefixed.len())),
        }
    }

    /// For a numbered acronym (`COP26`, `cop-26`) whose letters are an
    /// acronym of the lexicon, that acronym's key, by which the trie also
    /// looks the token up (besides its own key). Most words end in no digit
    /// and cost one comparison.
    #[inline]
    fn acronym_key(&self, token: &Token) -> Option<Sym> {
        if !token
            .folded
            .as_bytes()
            .last()
            .is_some_and(u8::is_ascii_digit)
            || self.acronym_keys.is_empty()
        {
            return None;
        }
        numbered_acronym(&token.folded)
            .and_then(Sym::from_existing)
            .and_then(|form| self.acronym_keys.get(&key_address(form)).copied())
            .filter(|&key| key != token.key)
    }

    /// The entry or exclusion `r` refers to.
    fn entry(&self, r: &EntryRef) -> &Entry {
        let theme = &self.themes[r.theme];
        match r.exclusion {
            true => &theme.exclusions[r.entry],
            false => &theme.entries[r.entry],
        }
    }

    /// Adds the entries that match from token `start` and whose patterns
    /// lead to `node` (through tokens `start..next`), then those that go on
    /// from it: with [`matches_at`]'s rules, every entry that matches at
    /// `start`, once. `numbered` says that a numbered acronym led to the
    /// node by the key of its letters, so that the ends must be checked.
    fn walk(
        &self,
        node: usize,
        tokens: &[Token],
        start: usize,
        next: usize,
        numbered: bool,
        found: &mut Vec<(EntryRef, usize, usize)>,
    ) {
        let node = &self.nodes[node];
        if node.forms || numbered {
            found.extend(
                node.ends
                    .iter()
                    .filter(|r| matches_at(&self.entry(r).patterns, tokens, start))
                    .map(|&r| (r, start, next - start)),
            );
        } else {
            found.extend(node.ends.iter().map(|&r| (r, start, next - start)));
        }
        let Some(token) = tokens.get(next) else {
            return;
        };
        if !node.keys.is_empty() && is_matched(token.kind) {
            let child = |slot: u64| {
                let at = node.keys.binary_search_by_key(&slot, |&(a, _)| a);
                at.ok().map(|at| node.keys[at].1)
            };
            if let Some(child) = child(key_slot(token.key, token.stopword)) {
                self.walk(child, tokens, start, next + 1, numbered, found);
            }
            if let Some(child) = self
                .acronym_key(token)
                .and_then(|key| child(key_slot(key, false)))
            {
                self.walk(child, tokens, start, next + 1, true, found);
            }
        }
        if token.kind == TokenKind::Word {
            for (prefix, child) in &node.prefixes {
                if token.folded.starts_with(&**prefix) {
                    self.walk(*child, tokens, start, next + 1, numbered, found);
                }
            }
        }
    }
}

/// Whether a theme's score reaches its threshold: a sum of weights written
/// with decimals misses it by a rounding error (0.7 + 0.1 is below 0.8 in
/// binary floating point), so by a billionth of it is still a hit.
pub fn reaches(score: f64, threshold: f64) -> bool {
    score >= threshold - 1e-9 * threshold.abs().max(1.0)
}

/// Whether a token of this kind can be matched by an entry or a search:
/// words, numbers, hashtags and mentions.
#[inline]
fn is_matched(kind: TokenKind) -> bool {
    matches!(
        kind,
        TokenKind::Word | TokenKind::Number | TokenKind::Hashtag | TokenKind::Mention
    )
}

/// Does the pattern sequence match the tokens from `start`?
pub fn matches_at(patterns: &[Pattern], tokens: &[Token], start: usize) -> bool {
    if start + patterns.len() > tokens.len() {
        return false;
    }
    patterns
        .iter()
        .zip(&tokens[start..])
        .all(|(p, token)| match p {
            Pattern::Key(key) => {
                matches!(token.kind, TokenKind::Word | TokenKind::Number)
                    && !token.stopword
                    && token.key == *key
            }
            Pattern::Word(key) => {
                token.kind == TokenKind::Word && !token.stopword && token.key == *key
            }
            Pattern::Stopword(key) => {
                token.kind == TokenKind::Word && token.stopword && token.key == *key
            }
            Pattern::Tag(key) => {
                matches!(token.kind, TokenKind::Hashtag | TokenKind::Mention) && token.key == *key
            }
            Pattern::Prefix(prefix) => {
                token.kind == TokenKind::Word && token.folded.starts_with(prefix.as_str())
            }
            Pattern::Form { key, form } => {
                token.kind == TokenKind::Word
                    && !token.stopword
                    && ((token.key == *key
                        && (token.folded == *form
                            || token.folded.strip_suffix('s') == Some(form.as_str())))
                        || numbered_acronym(&token.folded) == Some(form.as_str()))
            }
        })
}

/// The letters of a numbered acronym's folded form: `cop` of `cop26` and
/// `cop-26`; `None` for a word that does not end in digits after letters.
fn numbered_acronym(folded: &str) -> Option<&str> {
    let letters = folded.trim_end_matches(|c: char| c.is_ascii_digit());
    if letters.len() == folded.len() {
        return None;
    }
    let letters = letters.strip_suffix('-').unwrap_or(letters);
    (letters.chars().count() >= 2 && letters.chars().all(char::is_alphabetic)).then_some(letters)
}

/// Token ranges `[start, end)` where the pattern sequence matches, left to
/// right, without overlap.
pub fn find_all(patterns: &[Pattern], tokens: &[Token]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if matches_at(patterns, tokens, i) {
            out.push(i..i + patterns.len());
            i += patterns.len();
        } else {
            i += 1;
        }
    }
    out
}

/// The id of `ids` that `word` is most likely a misspelling of: less than a
/// quarter of its letters changed (normalised Levenshtein above 0.75), the
/// closest, the last of equals.
pub(crate) fn closest_spelling<'a>(
    word: &str,
    ids: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    ids.into_iter()
        .map(|id| (strsim::normalized_levenshtein(word, id), id))
        .filter(|(score, _)| *score > 0.75)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, id)| id)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::analyze::{Analyzer, Stopwords};

    #[test]
    fn weights_written_with_decimals_reach_a_threshold_their_sum_equals() {
        // 0.7 + 0.1 is 0.7999999999999999 in binary floating point.
        let (a, b) = (std::hint::black_box(0.7), std::hint::black_box(0.1));
        assert!(a + b < 0.8);
        assert!(reaches(a + b, 0.8));
        assert!(!reaches(0.79, 0.8));
        let analyzer = Analyzer::new(Stopwords::builtin());
        let lexicon = Lexicon::parse(
            "[[theme]]\nid = \"t\"\nlabel = \"T\"\nthreshold = 0.8\n\
             [theme.entries]\n\"forêt\" = 0.7\n\"rivière\" = 0.1\n",
            Path::new("t.toml"),
            &analyzer,
        )
        .unwrap();
        let text = "La forêt et la rivière.";
        let found = lexicon.match_passage(text, &analyzer.analyze(text));
        assert_eq!(found.assigned, [0], "{:?}", found.scores);
    }

    const SMALL: &str = r#"
name = "test"
default_threshold = 2

[[theme]]
id = "ecologie"
label = "Écologie"
group = "core"
exclude = ["dans cet environnement", "ministre de la transition écologique"]

[theme.entries]
"environnement" = 1
"transition écologique" = 3
"écologique" = 1
"ressources naturelles" = 2
"agroécolog*" = 2

[[theme]]
id = "souverainete"
label = "Souveraineté"
threshold = 3

[theme.entries]
"souveraineté" = 3
"Etat" = 1
"#;

    fn setup() -> (Analyzer, Lexicon) {
        let analyzer = Analyzer::new(Stopwords::builtin());
        let lexicon = Lexicon::parse(SMALL, Path::new("small.toml"), &analyzer).unwrap();
        (analyzer, lexicon)
    }

    fn run(text: &str) -> PassageThemes {
        let (analyzer, lexicon) = setup();
        lexicon.match_passage(text, &analyzer.analyze(text))
    }

    #[test]
    fn entries_match_inflected_and_unaccented_forms_with_evidence() {
        let text =
            "Préserver les ressources naturelles et accélérer les transitions agroécologiques.";
        let r = run(text);
        assert_eq!(r.scores, [4.0, 0.0]);
        assert_eq!(r.assigned, [0]);
        let spans: Vec<&str> = r
            .evidence
            .iter()
            .map(|e| &text[e.span.start..e.span.end])
            .collect();
        assert_eq!(spans, ["ressources naturelles", "agroécologiques"]);
        assert_eq!(r.evidence[1].entry, "agroécolog*");
        let r = run("L’ETAT et l’État : souveraineté.");
        assert_eq!(r.scores, [0.0, 5.0]);
        assert_eq!(r.assigned, [1]);
    }

    #[test]
    fn longest_match_wins_and_exclusions_cancel() {
        let r = run("La transition écologique.");
        assert_eq!(r.scores[0], 3.0, "the phrase, not the phrase plus its word");
        let r = run("Dans cet environnement, la ministre de la Transition écologique parle.");
        assert_eq!(r.scores[0], 0.0);
        assert!(r.evidence.is_empty());
        // Punctuation breaks a phrase.
        let r = run("la transition, écologique");
        assert_eq!(r.scores[0], 1.0);
    }

    #[test]
    fn an_entry_word_matches_words_of_its_own_kind_only() {
        let analyzer = Analyzer::new(Stopwords::builtin());
        let lexicon = Lexicon::parse(
            "name = \"t\"\n[[theme]]\nid = \"a\"\nlabel = \"A\"\nthreshold = 1\n\
             [theme.entries]\n\"égalité\" = 1\n\"avions\" = 1\n\"somme du mois\" = 1\n",
            Path::new("t.toml"),
            &analyzer,
        )
        .unwrap();
        let text = "L’égalité, également. Nous avions des avions. \
                    La somme du mois, une somme due mois après mois.";
        let tokens = analyzer.analyze(text);
        // Each pair shares a key; one of each is a stopword.
        let key = |word: &str| tokens.iter().find(|t| t.lower == word).unwrap().key;
        assert_eq!(key("égalité"), key("également"));
        assert_eq!(key("du"), key("due"));
        let found: Vec<String> = lexicon
            .match_passage(text, &tokens)
            .evidence
            .into_iter()
            .map(|e| format!("{}@{}", e.text, e.span.start))
            .collect();
        let at = |s: &str| format!("{s}@{}", text.rfind(s).unwrap());
        assert_eq!(found, [at("égalité"), at("avions"), at("somme du mois")]);
        // The trie and the rule of `matches_at` agree.
        let all: Vec<Vec<usize>> = lexicon.themes[0]
            .entries
            .iter()
            .map(|e| {
                find_all(&e.patterns, &tokens)
                    .into_iter()
                    .map(|r| r.start)
                    .collect()
            })
            .collect();
        assert_eq!(all.iter().map(Vec::len).collect::<Vec<_>>(), [1, 1, 1]);
    }

    /// The evidence of `entries` (weight 1 each) in `text`.
    fn evidence_of(entries: &[&str], text: &str) -> Vec<String> {
        let analyzer = Analyzer::new(Stopwords::builtin());
        let toml: String = entries.iter().map(|e| format!("{e:?} = 1\n")).collect();
        let lexicon = Lexicon::parse(
            &format!("[[theme]]\nid = \"a\"\nlabel = \"A\"\n[theme.entries]\n{toml}"),
            Path::new("t.toml"),
            &analyzer,
        )
        .unwrap();
        let found = lexicon.match_passage(text, &analyzer.analyze(text));
        found.evidence.into_iter().map(|e| e.text).collect()
    }

    #[test]
    fn the_words_of_an_entry_are_labelled_by_their_neighbours() {
        // `avions` alone is the planes, and after `nous` the verb; `sommes`
        // alone the verb, and after `des` the noun: as in the text.
        assert_eq!(
            evidence_of(
                &["nous avions", "des sommes"],
                "Nous avions voté des sommes importantes."
            ),
            ["Nous avions", "des sommes"]
        );
        assert_eq!(
            evidence_of(&["avions"], "Nous avions des avions."),
            ["avions"]
        );
    }

    #[test]
    fn ties_and_exclusions_behave_as_themes_readme_says() {
        let analyzer = Analyzer::new(Stopwords::builtin());
        let lexicon = Lexicon::parse(
            "[[theme]]\nid = \"a\"\nlabel = \"A\"\nexclude = [\"ministre de la transition\"]\n\
             [theme.entries]\n\"transition écologique\" = 3\n\"écologique\" = 1\n\
             \"régulation\" = 1\n\"régul*\" = 1\n",
            Path::new("t.toml"),
            &analyzer,
        )
        .unwrap();
        let text = "La ministre de la transition écologique. La régulation.";
        let found = lexicon.match_passage(text, &analyzer.analyze(text));
        let entries: Vec<&str> = found.evidence.iter().map(|e| e.entry.as_str()).collect();
        assert_eq!(entries, ["écologique", "régul*"]);
    }

    #[test]
    fn an_exclusion_no_entry_can_meet_is_idle() {
        let analyzer = Analyzer::new(Stopwords::builtin());
        let lexicon = Lexicon::parse(
            "[[theme]]\nid = \"a\"\nlabel = \"A\"\nexclude = [\"climat de confiance\", \
             \"toute-puissance\", \"transition énergétique\", \"de la\", \"écologiquement\", \
             \"#climat\"]\n[theme.entries]\n\"climat\" = 1\n\"puissance\" = 1\n\
             \"transition écolog*\" = 2\n",
            Path::new("t.toml"),
            &analyzer,
        )
        .unwrap();
        let idle: Vec<&str> = lexicon.themes()[0]
            .idle_exclusions()
            .iter()
            .map(|x| x.text.as_str())
            .collect();
        // `toute-puissance` is one word, not `puissance`; no entry has a
        // stopword or a hashtag.
        assert_eq!(idle, ["toute-puissance", "de la", "#climat"]);
        // And an idle exclusion indeed cancels nothing.
        let text = "La toute-puissance, de la puissance.";
        let found = lexicon.match_passage(text, &analyzer.analyze(text));
        let entries: Vec<&str> = found.evidence.iter().map(|e| e.entry.as_str()).collect();
        assert_eq!(entries, ["puissance"]);
    }

    #[test]
    fn entries_that_match_the_same_words_are_paired_with_the_one_that_counts() {
        let analyzer = Analyzer::new(Stopwords::builtin());
        let lexicon = Lexicon::parse(
            "[[theme]]\nid = \"a\"\nlabel = \"A\"\n[theme.entries]\n\
             \"souveraineté\" = 3\n\"souverain*\" = 2\n\
             \"relocalisation*\" = 1\n\"relocalis*\" = 1\n\
             \"transition écologique\" = 1\n\"transition écolog*\" = 2\n\"transition\" = 1\n\
             \"l'environnement\" = 1\n\"l'environn*\" = 2\n\
             \"COP\" = 2\n\"copie\" = 1\n\
             \"économie\" = 1\n\"écologie\" = 1\n\
             \"obligation*\" = 2\n\"obligeant\" = 1\n\
             [[theme]]\nid = \"b\"\nlabel = \"B\"\n[theme.entries]\n\"souverain*\" = 1\n",
            Path::new("t.toml"),
            &analyzer,
        )
        .unwrap();
        let theme = &lexicon.themes()[0];
        let found: Vec<String> = theme
            .overlapping_entries(&analyzer)
            .iter()
            .map(|o| {
                let (c, h) = (o.counted, o.hidden);
                format!(
                    "{}@{} over {}@{}: {}",
                    c.text, c.line, h.text, h.line, o.words
                )
            })
            .collect();
        assert_eq!(
            found,
            // Not souveraineté (3) beside souverain* (2), which weighs that
            // word apart, nor COP beside copie, which match different words,
            // nor obligeant beside obligation*: its key, oblig, is also that
            // of obliger, which the prefix does not match.
            [
                "relocalis*@8 over relocalisation*@7: relocalisation*",
                "transition écolog*@10 over transition écologique@9: transition écologique",
                "l'environn*@13 over l'environnement@12: l'environnement",
            ]
        );
        // The one named as counting is the one the matcher keeps, and the
        // word counts once.
        for overlap in theme.overlapping_entries(&analyzer) {
            let text = format!("{}.", overlap.words.replace('*', ""));
            let themes = lexicon.match_passage(&text, &analyzer.analyze(&text));
            let entries: Vec<&str> = themes
                .evidence
                .iter()
                .filter(|e| e.theme == "a")
                .map(|e| e.entry.as_str())
                .collect();
            assert_eq!(entries, [overlap.counted.text.as_str()], "{text}");
            assert_eq!(themes.scores[0], overlap.counted.weight, "{text}");
        }
        // Entries of other themes count apart.
        assert!(lexicon.themes()[1]
            .overlapping_entries(&analyzer)
            .is_empty());
    }

    #[test]
    fn an_elided_clitic_before_a_prefix_is_a_word_of_its_own() {
        assert_eq!(
            evidence_of(
                &["l'environn*", "protection de l’autonom*"],
                "L’environnement, la protection de l'autonomie, l'environnementaliste."
            ),
            [
                "L’environnement",
                "protection de l'autonomie",
                "l'environnementaliste"
            ]
        );
        // A word that keeps its apostrophe stays whole.
        assert_eq!(
            evidence_of(&["aujourd'hu*"], "Aujourd’hui."),
            ["Aujourd’hui"]
        );
    }

    #[test]
    fn punctuation_between_the_words_of_an_entry_is_an_error() {
        let analyzer = Analyzer::new(Stopwords::builtin());
        for (entry, mark) in [
            ("transition, écologique", ","),
            ("M. le ministre", "."),
            ("transition : écolog*", ":"),
        ] {
            let text =
                format!("[[theme]]\nid = \"a\"\nlabel = \"A\"\n[theme.entries]\n{entry:?} = 1\n");
            let err = Lexicon::parse(&text, Path::new("t.toml"), &analyzer).unwrap_err();
            assert!(
                err.to_string().starts_with(&format!(
                    "t.toml:5:1: entry {entry:?} has {mark:?} between two words, and a phrase \
                     never matches across punctuation"
                )),
                "{err}"
            );
        }
        // Around the words, it is left out.
        assert_eq!(
            evidence_of(
                &["« souveraineté »", "climat."],
                "La souveraineté, le climat."
            ),
            ["souveraineté", "climat"]
        );
    }

    #[test]
    fn an_acronym_matches_as_written_not_by_its_stem() {
        let analyzer = Analyzer::new(Stopwords::builtin());
        let lexicon = Lexicon::parse(
            "name = \"t\"\n[[theme]]\nid = \"a\"\nlabel = \"A\"\nthreshold = 1\n\
             [theme.entries]\n\"COP\" = 1\n\"la ETI\" = 1\n",
            Path::new("t.toml"),
            &analyzer,
        )
        .unwrap();
        let found = |text: &str| -> Vec<String> {
            let themes = lexicon.match_passage(text, &analyzer.analyze(text));
            themes.evidence.into_iter().map(|e| e.text).collect()
        };
        // The stemmer gives `COP` the key of `copie`, `ETI` that of `étiez`.
        assert_eq!(
            analyzer.analyze("COP copie")[0].key,
            analyzer.analyze("COP copie")[1].key
        );
        assert_eq!(
            found("la COP, une copie, des copies, la cop, les COPs, Copé"),
            ["COP", "cop", "COPs"]
        );
        assert_eq!(
            found("vous étiez là quand la ETI, la Eti"),
            ["la ETI", "la Eti"]
        );
        // A numbered acronym is the acronym (`COP26`, the 26th COP), also
        // inside an entry; a word that only starts like one is not.
        assert_eq!(
            found("la COP26, la COP-21, la cop15, les COP2s, la COPE21, la ETI2"),
            ["COP26", "COP-21", "cop15", "la ETI2"]
        );
        // A search in capitals is an acronym too; in lower case, a word.
        for (query, expected) in [("COP", 2), ("cop", 2)] {
            let patterns = compile_query(query, &analyzer).unwrap();
            let tokens = analyzer.analyze("la COP et sa copie, la COP21");
            assert_eq!(find_all(&patterns, &tokens).len(), expected, "{query}");
        }
    }

    /// Every entry and exclusion tried at every position with
    /// [`matches_at`]: what the trie must find.
    fn candidates_by_brute_force(
        lexicon: &Lexicon,
        tokens: &[Token],
    ) -> Vec<(EntryRef, usize, usize)> {
        let mut found = Vec::new();
        for (t, theme) in lexicon.themes.iter().enumerate() {
            let all = theme
                .entries
                .iter()
                .map(|e| (e, false))
                .enumerate()
                .chain(theme.exclusions.iter().map(|x| (x, true)).enumerate());
            for (e, (entry, exclusion)) in all {
                for start in 0..tokens.len() {
                    if matches_at(&entry.patterns, tokens, start) {
                        let r = EntryRef {
                            theme: t,
                            entry: e,
                            exclusion,
                        };
                        found.push((r, start, entry.patterns.len()));
                    }
                }
            }
        }
        found.sort_unstable();
        found
    }

    fn candidates_by_trie(lexicon: &Lexicon, tokens: &[Token]) -> Vec<(EntryRef, usize, usize)> {
        let mut found = lexicon.candidates(tokens);
        found.sort_unstable();
        found
    }

    /// Entries that share beginnings, by key and by prefix, at every depth;
    /// `régulations*` tells apart two forms with the same key.
    const SHARED_BEGINNINGS: &str = r##"
name = "shared"
default_threshold = 1

[[theme]]
id = "a"
label = "A"
exclude = ["ministr* de la transition écologique", "de la régulation du trafic", "régul* du trafic"]

[theme.entries]
"régul*" = 1
"régulation" = 2
"régulation financière" = 2
"régul* financ*" = 1
"de la régulation" = 1
"de la concurrence" = 1
"de la" = 1
"ministr* de la transition" = 1
"transition écolog*" = 2
"transition écologique" = 3
"Natura 2000" = 2
"de la COP" = 1

[[theme]]
id = "b"
label = "B"

[theme.entries]
"régulation" = 1
"de la régulation" = 2
"concurren* de la" = 1
"trafic" = 1
"COP" = 1
"COP21" = 1
"la COP21" = 1
"régulations*" = 1
"égalité" = 1
"égalité du" = 1
"du due" = 1
"avions" = 1
"#climat" = 1
"le #climat" = 1
"@elysee" = 1
"climat" = 1
"##;

    #[test]
    fn the_trie_finds_what_trying_every_entry_finds() {
        let analyzer = Analyzer::new(Stopwords::builtin());
        let shared = Lexicon::parse(SHARED_BEGINNINGS, Path::new("shared.toml"), &analyzer)
            .expect("the test lexicon compiles");
        let builtin = Lexicon::builtin(&analyzer);
        let mut texts = vec![
            "La ministre de la Transition écologique et de la régulation du trafic.".to_string(),
            "De la régulation financière de la concurrence : régulations financières, \
             régulièrement, de la, concurrence de la régulation, transition écologique \
             et transitions écologiques ; Natura 2000 ; la régulation du trafic."
                .to_string(),
            "De la COP26 à la COP-21, de la cop 15 et des COPs : la copie de la COP2000, \
             le CO2, la Cop21b, la COP21."
                .to_string(),
            // Content words and stopwords sharing a key.
            "L'égalité du également, également due du due, égalité due : \
             nous avions des avions."
                .to_string(),
            // Hashtags and mentions, matched whole and without regard to
            // case, beside the word.
            "Le #Climat, le climat, le #CLIMAT et #climats, #ClimatSocial, \
             @Elysee, @elysee_fr, #écologie."
                .to_string(),
        ];
        let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let mut files: Vec<_> = std::fs::read_dir(&corpus)
            .expect("the bundled corpus")
            .map(|e| e.expect("a corpus entry").path())
            .collect();
        files.sort();
        for file in files {
            texts.push(std::fs::read_to_string(&file).expect("a corpus file"));
        }
        let mut matched = 0;
        for text in &texts {
            for passage in text.split("\n\n") {
                let tokens = analyzer.analyze(passage);
                for lexicon in [&shared, &builtin] {
                    let expected = candidates_by_brute_force(lexicon, &tokens);
                    matched += expected.len();
                    assert_eq!(candidates_by_trie(lexicon, &tokens), expected, "{passage}");
                }
            }
        }
        assert!(
            matched > 200,
            "the texts exercise the lexicons ({matched} matches)"
        );
    }

    proptest::proptest! {
        #![proptest_config(crate::proptest_config(256))]

        #[test]
        fn the_trie_finds_what_trying_every_entry_finds_in_any_order_of_words(
            words in proptest::collection::vec(proptest::sample::select(vec![
                "de", "la", "régulation", "régulations", "régulièrement", "financière",
                "financier", "concurrence", "ministre", "ministres", "transition",
                "écologique", "écologie", "du", "trafic", "Natura", "2000", ",", "et",
                "COP", "cop", "COPs", "copie", "copies", "#climat", "#Climat", "le",
                "climat", "@Elysee", "#COP21",
            ]), 0..40)
        ) {
            let analyzer = Analyzer::new(Stopwords::builtin());
            let lexicon = Lexicon::parse(SHARED_BEGINNINGS, Path::new("shared.toml"), &analyzer)
                .expect("the test lexicon compiles");
            let tokens = analyzer.analyze(&words.join(" "));
            proptest::prop_assert_eq!(
                candidates_by_trie(&lexicon, &tokens),
                candidates_by_brute_force(&lexicon, &tokens)
            );
        }
    }

    #[test]
    fn prefix_heads_are_the_first_three_characters() {
        assert_eq!(prefix_head("ab"), None);
        assert_eq!(prefix_head("æb"), None);
        assert_eq!(prefix_head("ecologie"), prefix_head("eco"));
        assert_ne!(prefix_head("ecologie"), prefix_head("ecu"));
        assert_eq!(prefix_head("œuvre"), prefix_head("œuv"));
        assert_ne!(prefix_head("œuvre"), prefix_head("oeuvre"));
        assert_eq!(prefix_head("ab€cd"), prefix_head("ab€"));
        assert_ne!(prefix_head("ab€cd"), prefix_head("abe"));
    }

    #[test]
    fn threshold_is_per_theme() {
        let r = run("Un Etat, un Etat.");
        assert_eq!(r.scores[1], 2.0);
        assert!(r.assigned.is_empty());
    }

    #[test]
    fn a_theme_id_that_is_not_one_is_told_the_id_it_would_be() {
        let analyzer = Analyzer::new(Stopwords::builtin());
        for (id, advice) in [
            (
                "Écologie verte",
                "write id = \"ecologie_verte\", and the name as written in label",
            ),
            ("Santé & Soins", "write id = \"sante_soins\""),
            ("Économie_2", "write id = \"economie_2\""),
            ("_x-", "write id = \"x\""),
        ] {
            let text =
                format!("[[theme]]\nid = {id:?}\nlabel = \"X\"\n[theme.entries]\n\"mot\" = 1\n");
            let err = Lexicon::parse(&text, Path::new("bad.toml"), &analyzer).unwrap_err();
            let message = err.to_string();
            assert!(message.starts_with("bad.toml:2:6: theme id"), "{message}");
            assert!(message.contains(advice), "{id}: {message}");
        }
        // Nothing to suggest: the rule alone.
        let text = "[[theme]]\nid = \"«»\"\nlabel = \"X\"\n[theme.entries]\n\"mot\" = 1\n";
        let err = Lexicon::parse(text, Path::new("bad.toml"), &analyzer).unwrap_err();
        assert!(err
            .to_string()
            .ends_with("must be lower-case ASCII letters, digits or _"));
    }

    #[test]
    fn errors_name_line_and_column() {
        let analyzer = Analyzer::new(Stopwords::builtin());
        let cases = [
            (
                "[[theme]]\nid = \"x\"\nlabel = \"X\"\n[theme.entries]\n\"a\" = \n",
                "bad.toml:5:7",
            ),
            (
                "[[theme]]\nid = \"X\"\nlabel = \"X\"\n[theme.entries]\n\"a\" = 1\n",
                "bad.toml:2:6",
            ),
            (
                "[[theme]]\nid = \"x\"\nlabel = \"X\"\n[theme.entries]\n\"ab*\" = 1\n",
                "bad.toml:5:1",
            ),
            (
                "[[theme]]\nid = \"x\"\nlabel = \"X\"\n[theme.entries]\n\"mot\" = -1\n",
                "bad.toml:5:9",
            ),
            (
                "[[theme]]\nid = \"x\"\nlabel = \"X\"\ncolour = 1\n[theme.entries]\n\"mot\" = 1\n",
                "bad.toml:4:1",
            ),
        ];
        for (text, position) in cases {
            let err = Lexicon::parse(text, Path::new("bad.toml"), &analyzer).unwrap_err();
            assert!(
                err.to_string().starts_with(position),
                "{text:?}: got {err}, want {position}"
            );
        }
        // A syntax error says the file is a TOML lexicon, and where to look.
        let err = Lexicon::parse("[theme\nid = \"x\"\n", Path::new("bad.toml"), &analyzer)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("bad.toml:1:7: TOML syntax error in the theme lexicon: ")
                && err.contains("themes/README.md")
                && err.contains("parole themes --check FILE"),
            "{err}"
        );
        // An entry given twice is named.
        let text =
            "[[theme]]\nid = \"x\"\nlabel = \"X\"\n[theme.entries]\n\"mot\" = 1\n\"mot\" = 2\n";
        let err = Lexicon::parse(text, Path::new("bad.toml"), &analyzer).unwrap_err();
        assert_eq!(
            err.to_string(),
            "bad.toml:6:1: \"mot\" is given twice in its table; keep one (an entry once per \
             theme, with the weight it should have)"
        );
    }

    #[test]
    fn errors_on_the_shape_of_the_file_say_how_to_write_it() {
        let analyzer = Analyzer::new(Stopwords::builtin());
        let cases = [
            (
                "[theme]\nid = \"x\"\nlabel = \"X\"\n[theme.entries]\n\"mot\" = 1\n",
                "t.toml:1:1: invalid type: map, expected themes written [[theme]], with two \
                 brackets (and their entries [theme.entries])",
            ),
            (
                "[[theme]]\nid = \"x\"\nlabel = \"X\"\nentries = [\"mot\"]\n",
                "t.toml:4:11: invalid type: sequence, expected a table of entries with their \
                 weights: a line [theme.entries], then lines \"entry\" = weight",
            ),
            (
                "[[theme]]\nid = \"x\"\nlabel = \"X\"\nexclude = \"mot\"\n\
                 [theme.entries]\n\"mot\" = 1\n",
                "t.toml:4:11: invalid type: string \"mot\", expected a list of phrases in \
                 brackets: exclude = [\"dans cet environnement\"]",
            ),
            (
                "[[theme]]\nid = \"x\"\nlabel = \"X\"\n",
                "t.toml:1:1: this [[theme]] has no entries; add a line [theme.entries], then \
                 lines \"entry\" = weight",
            ),
            (
                "[[theme]]\nid = \"x\"\n[theme.entries]\n\"mot\" = 1\n",
                "t.toml:1:1: this [[theme]] has no label; add label = \"Its name\"",
            ),
        ];
        for (text, message) in cases {
            let err = Lexicon::parse(text, Path::new("t.toml"), &analyzer).unwrap_err();
            assert_eq!(err.to_string(), message);
        }
    }

    #[test]
    fn a_key_of_the_theme_written_below_its_entries_is_no_entry() {
        let analyzer = Analyzer::new(Stopwords::builtin());
        let parse = |text: &str| Lexicon::parse(text, Path::new("t.toml"), &analyzer);
        // TOML puts every key below [theme.entries] in that table: the
        // threshold would be an entry "threshold", and the theme's threshold
        // the default one.
        let err = parse(
            "[[theme]]\nid = \"x\"\nlabel = \"X\"\n[theme.entries]\n\"climat\" = 1\n\
             threshold = 2.5\n",
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "t.toml:6:1: threshold = 2.5 is below [theme.entries], so it is read as the entry \
             \"threshold\" of weight 2.5, not as the threshold it names: write it before the \
             line [theme.entries] of its theme (or write the entry in quotes, \"threshold\" = \
             2.5, if it is one)"
        );
        let err = parse(
            "[[theme]]\nid = \"x\"\nlabel = \"X\"\n[theme.entries]\n\"climat\" = 1\n\
             default_threshold = 3\n",
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "t.toml:6:1: default_threshold = 3 is below [theme.entries], so it is read as the \
             entry \"default_threshold\" of weight 3, not as the default_threshold it names: \
             write it at the top of the file, before the first [[theme]]"
        );
        // A value that is no weight fails for its place too, not its type.
        let err = parse(
            "[[theme]]\nid = \"x\"\nlabel = \"X\"\n[theme.entries]\n\"climat\" = 1\n\
             exclude = [\n  \"climat de confiance\",\n]\n",
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "t.toml:6:1: exclude is below [theme.entries], where a line is an entry and its \
             weight, not the exclude it names: write it before the line [theme.entries] of its \
             theme"
        );
        let err = parse(
            "[[theme]]\nid = \"x\"\nlabel = \"X\"\n[theme.entries]\n\"climat\" = 1\n\
             description = \"Le climat\"\n",
        )
        .unwrap_err();
        assert!(
            err.to_string().starts_with(
                "t.toml:6:1: description is below [theme.entries], where a line is an entry \
                 and its weight"
            ),
            "{err}"
        );
        // An entry of a weight that is no number keeps its message.
        let err =
            parse("[[theme]]\nid = \"x\"\nlabel = \"X\"\n[theme.entries]\n\"climat\" = \"un\"\n")
                .unwrap_err();
        assert!(
            err.to_string().contains("the weight must be a number"),
            "{err}"
        );
        // In quotes, or another word without them, it is an entry.
        let lexicon = parse(
            "[[theme]]\nid = \"x\"\nlabel = \"X\"\n[theme.entries]\n\"description\" = 1\n\
             'label' = 1\nclimat = 2\n",
        )
        .unwrap();
        let entries: Vec<&str> = lexicon.themes()[0]
            .entries
            .iter()
            .map(|e| e.text.as_str())
            .collect();
        assert_eq!(entries, ["climat", "description", "label"]);
    }

    #[test]
    fn errors_in_an_exclusion_name_an_exclusion() {
        let analyzer = Analyzer::new(Stopwords::builtin());
        let text = "[[theme]]\nid = \"x\"\nlabel = \"X\"\nexclude = [\"dans cet environnement\", \
                    \"ré*\"]\n[theme.entries]\n\"environnement\" = 1\n";
        let err = Lexicon::parse(text, Path::new("t.toml"), &analyzer).unwrap_err();
        assert_eq!(
            err.to_string(),
            "t.toml:4:38: exclusion \"ré*\": the prefix \"ré*\" is too short; a * goes at the \
             end of a prefix of at least 3 letters (régul*)"
        );
    }

    #[test]
    fn builtin_lexicon_is_valid_with_core_themes_first() {
        let analyzer = Analyzer::new(Stopwords::builtin());
        let lexicon = Lexicon::builtin(&analyzer);
        let ids: Vec<&str> = lexicon.themes().iter().map(|t| t.id.as_str()).collect();
        assert_eq!(&ids[..3], ["souverainete", "regulation", "ecologie"]);
        assert!(lexicon.themes()[..3]
            .iter()
            .all(|t| t.group == ThemeGroup::Core));
        assert!(lexicon.themes()[3..]
            .iter()
            .all(|t| t.group == ThemeGroup::Extended));
        assert!(ids.len() >= 11);
    }
}
