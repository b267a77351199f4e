//! Concordance (key word in context): every occurrence of a query in a
//! document, with its passage, its byte span and a few words of context on
//! each side. A query is either word patterns, compiled exactly as lexicon
//! entries are (a word matches its inflected, capitalised and unaccented
//! forms by key, `prefix*` matches by folded prefix, several words match a
//! phrase), or a theme of the lexicon, whose occurrences are the theme's
//! evidence (exclusions applied), each with its entry, its weight and whether
//! its passage got the theme; [`parse_words`] reads a theme id as words.
//! Occurrences never cross a passage boundary and context is taken within
//! the passage; [`search_passages`] gives each passage searched with its
//! occurrences, for [`crate::collocates`] to count what is near them. Pure:
//! no I/O.
//!
//! ```
//! use parole::analyze::{Analyzer, Stopwords};
//! use parole::corpus::Document;
//! use parole::kwic::{concordance, parse_query};
//! use parole::pipeline::Config;
//! use parole::segment::PassageMode;
//! use parole::themes::Lexicon;
//!
//! let analyzer = Analyzer::new(Stopwords::builtin());
//! let lexicon = Lexicon::builtin(&analyzer);
//! let config = Config { analyzer, lexicon, passage: PassageMode::Paragraph, top: 0, min_ngram_count: 1, within_theme: None };
//! let doc = Document {
//!     id: "exemple".into(),
//!     source: "exemple".into(),
//!     meta: Default::default(),
//!     text: "Défendre la Souveraineté, c’est choisir.\nLes souverainetés nationales.".into(),
//!     body_start: 0,
//!     encoding: "UTF-8".into(),
//!     warnings: Vec::new(),
//! };
//! let query = parse_query("souveraineté", &config.analyzer, &config.lexicon)?;
//! let lines = concordance(&config, &doc, &query, 2, false).lines;
//! assert_eq!(lines.len(), 2);
//! assert_eq!((lines[0].left.as_str(), lines[0].keyword.as_str()), ("Défendre la", "Souveraineté"));
//! assert_eq!(lines[0].right, ", c’est"); // c’ and est are two words
//! assert_eq!((lines[1].passage, lines[1].keyword.as_str()), (1, "souverainetés"));
//! # Ok::<(), String>(())
//! ```

use std::collections::BTreeMap;
use std::ops::Range;

use serde::Serialize;

use crate::analyze::{fold, Analyzer, Span, Sym, Token, TokenKind};
use crate::corpus::Document;
use crate::pipeline::{Config, Marks};
use crate::segment::passages;
use crate::speakers::turn_speaker;
use crate::themes::{compile_query, find_all, Lexicon, Pattern};

/// What to look for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Query {
    /// A word, a `prefix*` or a phrase, compiled like a lexicon entry.
    Patterns(Vec<Pattern>),
    /// The evidence of a theme: the index of the theme in the lexicon.
    Theme(usize),
}

impl Query {
    /// What the query searches, as the JSON outputs name it: `words` (a
    /// word, a `prefix*` or a phrase) or `theme` (a theme's evidence).
    pub fn kind(&self) -> &'static str {
        match self {
            Query::Patterns(_) => "words",
            Query::Theme(_) => "theme",
        }
    }
}

/// One occurrence in its context.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    /// Index of the passage holding the occurrence, as in `parole analyze`.
    pub passage: usize,
    /// Byte span `[start, end)` of the occurrence in the document text.
    pub span: [usize; 2],
    /// Text before the occurrence, from the start of the N-th word before it
    /// (or the start of the passage, or of the speaker's turn in it, if
    /// nearer), trimmed.
    pub left: String,
    /// The document text of the span, exactly.
    pub keyword: String,
    /// Text after the occurrence, to the end of the N-th word after it (or
    /// the end of the passage, or of the speaker's turn in it, if nearer),
    /// trimmed.
    pub right: String,
    /// In a transcript, the speaker label of the turn the occurrence is in,
    /// as written (see [`crate::speakers::turn_speaker`]).
    pub speaker: Option<String>,
    /// For a theme, the match this occurrence is: `None` for words.
    pub theme: Option<ThemeMatch>,
    /// The counted words of the context and of the occurrence, which
    /// [`Sort::key`] compares.
    #[serde(skip)]
    pub words: Words,
}

/// The counted words of a line (punctuation, stage directions and speaker
/// labels left out, as in its context), each lower-cased and
/// accent-folded ([`Token::folded`]): what a sort compares.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Words {
    /// The words of the left context, nearest first (L1, L2…).
    pub left: Vec<Sym>,
    /// The words of the occurrence, in order.
    pub keyword: Vec<Sym>,
    /// The words of the right context, nearest first (R1, R2…).
    pub right: Vec<Sym>,
}

/// The order of a concordance's lines, as `kwic --sort` names it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Sort {
    /// As found: documents in input order, occurrences in text order.
    #[default]
    Corpus,
    /// By the words of the occurrence (`souveraineté` before `souverainetés`).
    Match,
    /// By the words before the occurrence, nearest first: the first word
    /// to the left (L1), then the second (L2), and so on to `--window`.
    Left,
    /// By the words after the occurrence, nearest first: R1, then R2, and
    /// so on to `--window`.
    Right,
}

impl Sort {
    /// The name of the order, as `--sort` takes it and the JSON records it.
    pub fn name(self) -> &'static str {
        match self {
            Sort::Corpus => "corpus",
            Sort::Match => "match",
            Sort::Left => "left",
            Sort::Right => "right",
        }
    }

    /// The key `line` sorts by (`None` in corpus order): the words the
    /// order compares, joined by U+0000, which comes before any character,
    /// so that the keys compare word by word (`a` before `a b` before
    /// `ab`), and a context that ends, at its passage's or turn's bound,
    /// before one that goes on. Lines of equal keys stay in corpus order
    /// when sorted stably.
    ///
    /// ```
    /// use parole::kwic::{Line, Sort, Words};
    /// let mut line = Line { passage: 0, span: [0, 0], left: String::new(), keyword: String::new(),
    ///     right: String::new(), speaker: None, theme: None, words: Words::default() };
    /// line.words.right = vec!["etat".into(), "fort".into()];
    /// assert_eq!(Sort::Right.key(&line).as_deref(), Some("etat\0fort"));
    /// assert_eq!(Sort::Left.key(&line).as_deref(), Some(""));
    /// assert_eq!(Sort::Corpus.key(&line), None);
    /// ```
    pub fn key(self, line: &Line) -> Option<String> {
        let words = match self {
            Sort::Corpus => return None,
            Sort::Match => &line.words.keyword,
            Sort::Left => &line.words.left,
            Sort::Right => &line.words.right,
        };
        let mut key = String::new();
        for (k, word) in words.iter().enumerate() {
            if k > 0 {
                key.push('\0');
            }
            key.push_str(word.as_str());
        }
        Some(key)
    }
}

/// An occurrence of a theme: the lexicon entry that matched, and whether
/// the passage's score reached the theme's threshold (the evidence of a
/// passage without the theme counts for nothing).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThemeMatch {
    /// The entry as written in the lexicon.
    pub entry: String,
    /// The entry's weight.
    pub weight: f64,
    /// The passage's score for the theme: the sum of its matches' weights,
    /// rounded as in the report of `parole analyze`.
    pub score: f64,
    /// Whether the passage got the theme (its score reached the threshold).
    pub assigned: bool,
}

/// Reads a pattern: exactly a theme id of the lexicon is that theme;
/// anything else is compiled as a lexicon entry ([`parse_words`]). The
/// error says what is wrong (no word, a prefix too short, a token that is
/// not a word).
pub fn parse_query(pattern: &str, analyzer: &Analyzer, lexicon: &Lexicon) -> Result<Query, String> {
    if let Some(t) = lexicon.themes().iter().position(|t| t.id == pattern) {
        return Ok(Query::Theme(t));
    }
    parse_words(pattern, analyzer)
}

/// Reads a pattern as words, a `prefix*` or a phrase, even when it is also
/// a theme id: some ids are ordinary words (`social`, `international`), and
/// this is how to search the word.
pub fn parse_words(pattern: &str, analyzer: &Analyzer) -> Result<Query, String> {
    if pattern.trim().is_empty() {
        return Err("the pattern is empty: give a word, a prefix*, a phrase or a theme id".into());
    }
    compile_query(pattern, analyzer).map(Query::Patterns)
}

/// The concordance of a query in a document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Concordance {
    /// Every occurrence, in text order.
    pub lines: Vec<Line>,
    /// What the query missed in the passages searched though it may have
    /// been meant.
    pub near_misses: NearMisses,
}

/// Every occurrence of `query` in `doc`, in text order, with `window` words
/// of context on each side, and its near misses. Passages are cut as
/// `config.passage` says; with [`Config::within_theme`], only the passages
/// assigned that theme are searched; with `assigned`, a theme's matches
/// only in the passages that got it (see [`search_passages`]).
pub fn concordance(
    config: &Config,
    doc: &Document,
    query: &Query,
    window: usize,
    assigned: bool,
) -> Concordance {
    let mut lines = Vec::new();
    let mut near_misses = NearMisses::default();
    let marks = Marks::of(doc);
    let labels = &marks.labels;
    let lookalike = Lookalike::of(query);
    search_passages(config, doc, query, &marks, assigned, |searched| {
        near_misses.note(&lookalike, searched.tokens);
        for (range, theme) in searched.found {
            let (index, passage, tokens) = (searched.index, searched.span, searched.tokens);
            let turn = turn_tokens(tokens, labels, &range);
            let mut line = line(&doc.text, passage, tokens, range, turn, index, window);
            let occurrence = Span::new(line.span[0], line.span[1]);
            line.speaker = turn_speaker(&doc.text, labels, occurrence).map(str::to_string);
            line.theme = theme;
            lines.push(line);
        }
    });
    Concordance { lines, near_misses }
}

/// The forms of the passages searched that a query does not find, though
/// whoever typed it may have meant them: the number written with a unit or
/// sign (`50 %` for `50`: a number with its unit is one token), and the
/// hyphenated compound of a phrase's words (`États-Unis` for `Etats Unis`: a
/// compound is one word). Counted by form as written, spaces as one space;
/// the counts of documents add up.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NearMisses {
    forms: BTreeMap<String, u64>,
}

/// What a query may have been meant to find and does not.
#[derive(Debug, Clone)]
pub enum Lookalike {
    /// Nothing: the query is neither a number nor a phrase of words.
    Nothing,
    /// A number, which a number token with a unit or sign starts (the key
    /// of the number).
    Number(Sym),
    /// A phrase of words, which a hyphenated compound with the same words
    /// is (the keys of the words joined by hyphens, as a compound's key).
    Compound(String),
}

impl Lookalike {
    /// What `query` may have been meant to find.
    pub fn of(query: &Query) -> Lookalike {
        let Query::Patterns(patterns) = query else {
            return Lookalike::Nothing;
        };
        let key = |p: &Pattern| match p {
            Pattern::Word(k) | Pattern::Key(k) | Pattern::Stopword(k) => Some(*k),
            Pattern::Form { key, .. } => Some(*key),
            Pattern::Prefix(_) | Pattern::Tag(_) => None,
        };
        match patterns.as_slice() {
            [Pattern::Key(k)] if k.starts_with(|c: char| c.is_ascii_digit()) => {
                Lookalike::Number(*k)
            }
            [_] => Lookalike::Nothing,
            many => match many.iter().map(key).collect::<Option<Vec<Sym>>>() {
                Some(keys) => Lookalike::Compound(
                    keys.iter()
                        .map(|k| k.as_str())
                        .collect::<Vec<_>>()
                        .join("-"),
                ),
                None => Lookalike::Nothing,
            },
        }
    }

    /// Whether `token` is a form this may have been meant to find.
    fn is(&self, token: &Token) -> bool {
        match self {
            Lookalike::Nothing => false,
            Lookalike::Number(number) => {
                token.kind == TokenKind::Number
                    && token
                        .key
                        .strip_prefix(number.as_str())
                        .is_some_and(is_a_unit)
            }
            Lookalike::Compound(key) => token.kind == TokenKind::Word && token.key == key.as_str(),
        }
    }
}

/// Whether `rest`, what follows a number in the key of a number token
/// (its lower-case text without spaces), is a unit or a sign (`%`, `€`,
/// `km/h`, `md€`), not more of the number (`000` of `50 000`, `,5`,
/// `-2025`) nor an ordinal's ending (`e`, `er`, `ème`).
fn is_a_unit(rest: &str) -> bool {
    let mut chars = rest.chars();
    let (Some(first), second) = (chars.next(), chars.next()) else {
        return false;
    };
    let ordinal = fold(rest);
    let ordinal = ordinal.strip_suffix('s').unwrap_or(&ordinal);
    match first {
        c if c.is_ascii_digit() => false,
        ',' | '.' | '-' | '/' | '–' => !second.is_some_and(|c| c.is_ascii_digit()),
        _ => !matches!(
            ordinal,
            "e" | "er" | "re" | "ere" | "eme" | "ieme" | "nd" | "nde"
        ),
    }
}

impl NearMisses {
    /// Counts the forms of a passage's `tokens` that are `lookalike`.
    pub fn note(&mut self, lookalike: &Lookalike, tokens: &[Token]) {
        if matches!(lookalike, Lookalike::Nothing) {
            return;
        }
        for token in tokens.iter().filter(|t| lookalike.is(t)) {
            let form = token.text.split_whitespace().collect::<Vec<_>>().join(" ");
            *self.forms.entry(form).or_default() += 1;
        }
    }

    /// Whether no form was missed.
    pub fn is_empty(&self) -> bool {
        self.forms.is_empty()
    }

    /// The forms missed with their counts, the most frequent first (then in
    /// the order of their text).
    pub fn most_frequent(&self) -> Vec<(&str, u64)> {
        let mut forms: Vec<(&str, u64)> =
            self.forms.iter().map(|(f, n)| (f.as_str(), *n)).collect();
        forms.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        forms
    }
}

impl std::ops::AddAssign<&NearMisses> for NearMisses {
    fn add_assign(&mut self, other: &NearMisses) {
        for (form, n) in &other.forms {
            *self.forms.entry(form.clone()).or_default() += n;
        }
    }
}

/// The tokens of the speaker's turn an occurrence (`range`) is in, within
/// its passage: from the first token after the speaker label before it and
/// the dash, colon or point that follows the label (`M. DUPONT. -`, `LA
/// JOURNALISTE :`; an opening quote or bracket is speech), or from the
/// passage's start, to the next label, or the passage's
/// end. A transcript read as one passage (`--passage document`) holds many
/// turns: a context or a window that crossed a label would give one
/// speaker's words to the next. `labels` are the document's, in order.
pub fn turn_tokens(tokens: &[Token], labels: &[Span], range: &Range<usize>) -> Range<usize> {
    let start = tokens[range.start].span.start;
    let end = tokens[range.end - 1].span.end;
    let before = labels.partition_point(|l| l.end <= start);
    let first = match before {
        0 => 0,
        k => {
            let after_label = tokens.partition_point(|t| t.span.start < labels[k - 1].end);
            after_label
                + tokens[after_label..range.start]
                    .iter()
                    .take_while(|t| {
                        t.kind == TokenKind::Punct
                            && matches!(t.text.as_str(), "-" | "–" | "—" | ":" | "." | ",")
                    })
                    .count()
        }
    };
    let next = labels.partition_point(|l| l.start < end);
    let last = labels.get(next).map_or(tokens.len(), |l| {
        tokens.partition_point(|t| t.span.start < l.start)
    });
    first..last
}

/// The counted tokens around an occurrence (`range`) within its turn
/// (`turn`, see [`turn_tokens`]): those before it, nearest first, and those
/// after it. kwic's context and a window of collocates are the first
/// `--window` of each.
pub fn counted_around<'t>(
    tokens: &'t [Token],
    range: &Range<usize>,
    turn: &Range<usize>,
) -> (
    impl Iterator<Item = usize> + 't,
    impl Iterator<Item = usize> + 't,
) {
    let counted = |t: &usize| tokens[*t].is_counted();
    (
        (turn.start..range.start).rev().filter(counted),
        (range.end..turn.end).filter(counted),
    )
}

/// A passage searched for a query, with what was found there.
pub struct Searched<'a> {
    /// Index of the passage in its document.
    pub index: usize,
    /// The passage's span in the document text.
    pub span: Span,
    /// The passage's tokens.
    pub tokens: &'a [Token],
    /// Each occurrence: the tokens it covers and, for a theme, the match.
    pub found: Vec<(Range<usize>, Option<ThemeMatch>)>,
}

/// Calls `visit` on every passage of `doc` searched for `query`, in text
/// order: every passage, or with [`Config::within_theme`] those assigned
/// that theme; `marks` are the document's ([`Marks::of`]). With `assigned`, a theme's matches are kept only
/// in the passages that got the theme (`--assigned`); a word's occurrences
/// always are.
pub fn search_passages(
    config: &Config,
    doc: &Document,
    query: &Query,
    marks: &Marks,
    assigned: bool,
    mut visit: impl FnMut(Searched<'_>),
) {
    let mut tokens = Vec::new();
    for (index, passage) in passages(&doc.text, doc.body_start, config.passage)
        .into_iter()
        .enumerate()
    {
        config.analyze_passage(doc, passage, marks, &mut tokens);
        let themes = (config.within_theme.is_some() || matches!(query, Query::Theme(_)))
            .then(|| config.lexicon.match_passage(&doc.text, &tokens));
        if themes.as_ref().is_some_and(|m| !config.keeps(&m.assigned)) {
            continue;
        }
        let found: Vec<(Range<usize>, Option<ThemeMatch>)> = match query {
            Query::Patterns(patterns) => find_all(patterns, &tokens)
                .into_iter()
                .map(|range| (range, None))
                .collect(),
            Query::Theme(t) => {
                let themes = themes.expect("matched for a theme query");
                let score = crate::report::passage_score(themes.scores[*t]);
                let got_it = themes.assigned.contains(t);
                themes
                    .evidence
                    .into_iter()
                    .filter(|e| e.theme_index == *t && (got_it || !assigned))
                    .map(|e| {
                        let range = token_range(&tokens, e.span);
                        let found = ThemeMatch {
                            entry: e.entry,
                            weight: e.weight,
                            score,
                            assigned: got_it,
                        };
                        (range, Some(found))
                    })
                    .collect()
            }
        };
        visit(Searched {
            index,
            span: passage,
            tokens: &tokens,
            found,
        });
    }
}

/// The tokens covering `span`, which starts and ends on token boundaries.
fn token_range(tokens: &[Token], span: Span) -> Range<usize> {
    let start = tokens.partition_point(|t| t.span.start < span.start);
    let end = tokens.partition_point(|t| t.span.end <= span.end);
    start..end.max(start)
}

/// The line for the tokens `range` of a passage.
fn line(
    text: &str,
    passage: Span,
    tokens: &[Token],
    range: Range<usize>,
    turn: Range<usize>,
    index: usize,
    window: usize,
) -> Line {
    let start = tokens[range.start].span.start;
    let end = tokens[range.end - 1].span.end;
    // The context stops where the turn does: at the passage's bounds, or
    // at a speaker label.
    let turn_start = match turn.start {
        0 => passage.start,
        t => tokens[t].span.start,
    };
    let turn_end = tokens.get(turn.end).map_or(passage.end, |t| t.span.start);
    let (before, after) = counted_around(tokens, &range, &turn);
    let before: Vec<usize> = before.take(window).collect();
    let after: Vec<usize> = after.take(window).collect();
    // The context runs to the window's last word, or to the turn's bound
    // when it holds fewer.
    let left_start = match (window, before.len() < window) {
        (0, _) => start,
        (_, true) => turn_start,
        (_, false) => tokens[before[window - 1]].span.start,
    };
    let right_end = match (window, after.len() < window) {
        (0, _) => end,
        (_, true) => turn_end,
        (_, false) => tokens[after[window - 1]].span.end,
    };
    let folded = |t: &usize| tokens[*t].folded;
    let words = Words {
        left: before.iter().map(folded).collect(),
        keyword: range
            .clone()
            .filter(|t| tokens[*t].is_counted())
            .map(|t| tokens[t].folded)
            .collect(),
        right: after.iter().map(folded).collect(),
    };
    Line {
        passage: index,
        span: [start, end],
        left: text[left_start..start].trim().to_string(),
        keyword: text[start..end].to_string(),
        right: text[end..right_end].trim().to_string(),
        speaker: None,
        theme: None,
        words,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::PassageMode;

    fn config(passage: PassageMode) -> Config {
        Config {
            top: 0,
            min_ngram_count: 1,
            ..Config::builtin(passage)
        }
    }

    fn doc(text: &str) -> Document {
        Document {
            id: "t".into(),
            source: "t".into(),
            meta: Default::default(),
            text: text.into(),
            body_start: 0,
            encoding: "UTF-8".into(),
            warnings: Vec::new(),
        }
    }

    fn search(text: &str, pattern: &str, window: usize) -> Vec<Line> {
        let config = config(PassageMode::Paragraph);
        let query = parse_query(pattern, &config.analyzer, &config.lexicon).unwrap();
        concordance(&config, &doc(text), &query, window, false).lines
    }

    /// (left, keyword, right) of each line; every span slices the text to the keyword.
    fn triples(text: &str, lines: &[Line]) -> Vec<(String, String, String)> {
        lines
            .iter()
            .map(|l| {
                assert_eq!(&text[l.span[0]..l.span[1]], l.keyword);
                (l.left.clone(), l.keyword.clone(), l.right.clone())
            })
            .collect()
    }

    fn t(left: &str, keyword: &str, right: &str) -> (String, String, String) {
        (left.into(), keyword.into(), right.into())
    }

    #[test]
    fn a_word_finds_its_inflected_capitalised_and_unaccented_forms() {
        let text = "L’État agit. Les états membres\u{a0}; un Etat fort.";
        assert_eq!(
            triples(text, &search(text, "État", 1)),
            [
                t("L’", "État", "agit"),
                t("Les", "états", "membres"),
                t("un", "Etat", "fort"),
            ]
        );
    }

    #[test]
    fn a_word_does_not_find_the_stopwords_that_share_its_key() {
        // Snowball gives `égalité` and `également` the key `egal`, `vie` and
        // `via` the key `vi`, `due` and `du` the key `du`.
        let text = "L’égalité, également. La vie, via Paris. Une somme due du fait.";
        let keywords = |pattern: &str| -> Vec<String> {
            search(text, pattern, 0)
                .into_iter()
                .map(|l| l.keyword)
                .collect()
        };
        assert_eq!(keywords("égalité"), ["égalité"]);
        assert_eq!(keywords("vie"), ["vie"]);
        assert_eq!(keywords("due"), ["due"]);
        // A stopword finds itself, not the content words of its key, and a
        // phrase may hold one.
        assert_eq!(keywords("également"), ["également"]);
        assert_eq!(keywords("du"), ["du"]);
        assert_eq!(keywords("via Paris"), ["via Paris"]);
    }

    /// A transcript read as one passage holds many turns: a context stops
    /// at the label of the next speaker, and starts after the label, its
    /// dash or colon, of its own; an opening quote after a label is speech.
    #[test]
    fn contexts_stay_within_the_speakers_turn() {
        let text = "M. DUPONT. - Je parle de souveraineté.\n\
                    Mme MARTIN. - \"La souveraineté\", oui. Et vous ?\n\
                    M. DUPONT. - Non.";
        for mode in [PassageMode::Document, PassageMode::Paragraph] {
            let config = config(mode);
            let query = parse_query("souveraineté", &config.analyzer, &config.lexicon).unwrap();
            let lines = concordance(&config, &doc(text), &query, 8, false).lines;
            let contexts: Vec<(&str, &str, Option<&str>)> = lines
                .iter()
                .map(|l| (l.left.as_str(), l.right.as_str(), l.speaker.as_deref()))
                .collect();
            assert_eq!(
                contexts,
                [
                    ("Je parle de", ".", Some("M. DUPONT")),
                    ("\"La", "\", oui. Et vous ?", Some("Mme MARTIN")),
                ],
                "{mode:?}"
            );
        }
        // Without labels, the context is the passage's.
        let config = config(PassageMode::Document);
        let query = parse_query("souveraineté", &config.analyzer, &config.lexicon).unwrap();
        let lines = concordance(
            &config,
            &doc("- Oui.\nLa souveraineté, non."),
            &query,
            8,
            false,
        )
        .lines;
        assert_eq!(
            (lines[0].left.as_str(), lines[0].right.as_str()),
            ("- Oui.\nLa", ", non.")
        );
    }

    #[test]
    fn speaker_labels_are_not_found_but_their_name_in_speech_is() {
        let text = "LA JOURNALISTE : Bonjour, Mathis Carrère.\n\
                    MATHIS CARRERE : Bonjour.\n\
                    LA JOURNALISTE : Une journaliste demande.\n\
                    MATHIS CARRERE : Elle demande.";
        let keywords: Vec<String> = search(text, "journaliste", 0)
            .into_iter()
            .map(|l| l.keyword)
            .collect();
        assert_eq!(keywords, ["journaliste"]);
        let keywords: Vec<String> = search(text, "Carrère", 0)
            .into_iter()
            .map(|l| l.keyword)
            .collect();
        assert_eq!(keywords, ["Carrère"]);
        let speakers: Vec<Option<String>> = search(text, "demande", 0)
            .into_iter()
            .map(|l| l.speaker)
            .collect();
        assert_eq!(
            speakers,
            [Some("LA JOURNALISTE".into()), Some("MATHIS CARRERE".into())]
        );
        assert_eq!(search("Une demande.", "demande", 0)[0].speaker, None);
    }

    #[test]
    fn punctuation_is_kept_in_context_but_not_counted_as_a_word() {
        let text = "« Oui, la souveraineté\u{a0}! » dit-il, enfin.";
        assert_eq!(
            triples(text, &search(text, "souveraineté", 2)),
            [t("Oui, la", "souveraineté", "! » dit-il")]
        );
        // Fewer words than the window: the context runs to the passage ends.
        assert_eq!(
            triples(text, &search(text, "souveraineté", 5)),
            [t("« Oui, la", "souveraineté", "! » dit-il, enfin.")]
        );
    }

    #[test]
    fn stage_directions_are_kept_in_context_but_not_counted_as_words() {
        let text = "Nous défendons la souveraineté (Applaudissements sur les bancs du \
                    groupe LR.) industrielle robuste et durable.";
        assert_eq!(
            triples(text, &search(text, "souveraineté", 2)),
            [t(
                "défendons la",
                "souveraineté",
                "(Applaudissements sur les bancs du groupe LR.) industrielle robuste"
            )]
        );
    }

    #[test]
    fn context_stops_at_the_passage_and_window_zero_is_empty() {
        let text = "Avant.\nLa régulation du marché.\nAprès.";
        let lines = search(text, "régulation", 10);
        assert_eq!(triples(text, &lines), [t("La", "régulation", "du marché.")]);
        assert_eq!(lines[0].passage, 1);
        assert_eq!(
            triples(text, &search(text, "régulation", 0)),
            [t("", "régulation", "")]
        );
    }

    #[test]
    fn phrases_and_prefixes_match_like_lexicon_entries() {
        let text =
            "La transition écologique, la Transition  Écologiques et la transition, écologique.";
        assert_eq!(
            triples(text, &search(text, "transition écologique", 1)),
            [
                t("La", "transition écologique", ", la"),
                t("la", "Transition  Écologiques", "et"),
            ]
        );
        let text = "Réguler, la régulation, les régulateurs et le règlement.";
        let keywords: Vec<String> = search(text, "régul*", 0)
            .into_iter()
            .map(|l| l.keyword)
            .collect();
        assert_eq!(keywords, ["Réguler", "régulation", "régulateurs"]);
    }

    #[test]
    fn a_theme_id_gives_the_evidence_of_that_theme() {
        let config = config(PassageMode::Paragraph);
        let text = "Préserver les ressources naturelles et la biodiversité.\nNotre souveraineté.";
        let query = parse_query("ecologie", &config.analyzer, &config.lexicon).unwrap();
        assert!(matches!(query, Query::Theme(_)));
        let document = doc(text);
        let lines = concordance(&config, &document, &query, 3, false).lines;
        let result = config.analyze_document(&document);
        let evidence: Vec<[usize; 2]> = result
            .passages
            .iter()
            .flat_map(|p| &p.evidence)
            .filter(|e| e.theme == "ecologie")
            .map(|e| e.span.into())
            .collect();
        assert!(!evidence.is_empty());
        let spans: Vec<[usize; 2]> = lines.iter().map(|l| l.span).collect();
        assert_eq!(spans, evidence);
        assert_eq!(lines[0].keyword, "ressources naturelles");
        assert_eq!(lines[0].left, "Préserver les");
    }

    #[test]
    fn bad_patterns_are_errors_that_name_the_problem() {
        let config = config(PassageMode::Paragraph);
        let parse = |p: &str| parse_query(p, &config.analyzer, &config.lexicon);
        assert!(parse("  ").unwrap_err().contains("empty"));
        assert!(parse("« ! »").unwrap_err().contains("no word"));
        assert!(parse("ré*").unwrap_err().contains("at least"));
        assert!(matches!(parse("écologie"), Ok(Query::Patterns(_))));
    }

    #[test]
    fn a_theme_id_read_as_words_finds_the_word() {
        let config = config(PassageMode::Paragraph);
        assert!(matches!(
            parse_query("social", &config.analyzer, &config.lexicon),
            Ok(Query::Theme(_))
        ));
        let query = parse_words("social", &config.analyzer).unwrap();
        let text = "Le dialogue social et les partenaires sociaux. Une aide sociale.";
        let keywords: Vec<String> = concordance(&config, &doc(text), &query, 0, false)
            .lines
            .into_iter()
            .map(|l| l.keyword)
            .collect();
        assert_eq!(keywords, ["social", "sociaux", "sociale"]);
    }

    /// The words a sort compares: counted words only, folded, the left
    /// nearest first, within the window.
    #[test]
    fn a_lines_words_are_its_counted_words_folded_nearest_first() {
        let lines = search(
            "« Oui, la Souveraineté\u{a0}! » dit-il, Européen.",
            "souveraineté",
            2,
        );
        let words = |w: &[Sym]| -> Vec<String> { w.iter().map(|s| s.to_string()).collect() };
        assert_eq!(words(&lines[0].words.left), ["la", "oui"]);
        assert_eq!(words(&lines[0].words.keyword), ["souverainete"]);
        assert_eq!(words(&lines[0].words.right), ["dit", "il"]);
        assert_eq!(Sort::Left.key(&lines[0]).as_deref(), Some("la\0oui"));
        assert_eq!(Sort::Match.key(&lines[0]).as_deref(), Some("souverainete"));
    }

    /// A number is missed with a unit or sign, not as a larger number, a
    /// decimal, a range or an ordinal; a phrase is missed as a hyphenated
    /// compound of its words, in any case and accents.
    #[test]
    fn near_misses_are_a_number_with_its_unit_and_a_phrase_as_one_compound() {
        let config = config(PassageMode::Paragraph);
        let text = "Une hausse de 50 %, 50€, 50 km/h et 50 Md€, 50 %.\n\
                    Le 50,5, 50 000, 50e, 50ème, 50-60, 50 communes.\n\
                    Les États-Unis, les Etats Unis, les ETATS-UNIS, Île-de-France.";
        let misses = |pattern: &str| -> Vec<(String, u64)> {
            let query = parse_query(pattern, &config.analyzer, &config.lexicon).unwrap();
            concordance(&config, &doc(text), &query, 0, false)
                .near_misses
                .most_frequent()
                .into_iter()
                .map(|(form, n)| (form.to_string(), n))
                .collect()
        };
        let m = |form: &str, n: u64| (form.to_string(), n);
        assert_eq!(
            misses("50"),
            [m("50 %", 2), m("50 Md€", 1), m("50 km/h", 1), m("50€", 1)]
        );
        assert_eq!(misses("5"), []);
        assert_eq!(
            misses("Etats Unis"),
            [m("ETATS-UNIS", 1), m("États-Unis", 1)]
        );
        assert_eq!(misses("île de france"), [m("Île-de-France", 1)]);
        assert_eq!(misses("États-Unis"), []);
        assert_eq!(misses("hausse"), []);
    }

    #[test]
    fn document_mode_keeps_context_across_lines() {
        let config = config(PassageMode::Document);
        let text = "Un deux\ntrois souveraineté quatre";
        let query = parse_query("souveraineté", &config.analyzer, &config.lexicon).unwrap();
        let lines = concordance(&config, &doc(text), &query, 2, false).lines;
        assert_eq!(
            triples(text, &lines),
            [t("deux\ntrois", "souveraineté", "quatre")]
        );
    }
}
