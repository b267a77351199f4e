//! Collocates (co-occurrences): the terms that come near a query more often
//! than chance would put them there, as TXM's cooccurrences and Iramuteq's
//! concordancer tell them. Around each occurrence of the query found by
//! [`crate::kwic::search_passages`], the window is the `window` counted
//! words on each side within the passage, exactly the context that `parole
//! kwic --window N` shows; the windows of close occurrences are joined, so
//! that a token near two occurrences counts once, and the occurrences
//! themselves are left out. The terms in the windows ([`Counts::near`]) are
//! the sample, the terms of every passage searched but those of the
//! occurrences, which no window can hold ([`Counts::all`]), the
//! population, and each term is scored by Lafon's specificity
//! ([`crate::stats::specificity`]) and a signed G² on the table "in a
//! window or not" × "this term or another" ([`crate::stats::keyness`]).
//! Terms are those of `parole analyze` (content words, and names with their
//! article), counted by key. Pure: no I/O; counts of documents add up in
//! any order.
//!
//! ```
//! use parole::collocates::{collocates, Counts};
//! use parole::corpus::Document;
//! use parole::kwic::parse_words;
//! use parole::pipeline::Config;
//! use parole::segment::PassageMode;
//!
//! let config = Config::builtin(PassageMode::Paragraph);
//! let doc = Document {
//!     id: "exemple".into(),
//!     source: "exemple".into(),
//!     meta: Default::default(),
//!     text: "La souveraineté alimentaire de la France.\n\
//!            Défendre la souveraineté alimentaire, produire en France.\n\
//!            Les agriculteurs et les consommateurs."
//!         .into(),
//!     body_start: 0,
//!     encoding: "UTF-8".into(),
//!     warnings: Vec::new(),
//! };
//! let query = parse_words("souveraineté", &config.analyzer)?;
//! let counts = Counts::of(&config, &doc, &query, 2, false);
//! assert_eq!((counts.occurrences, counts.window_tokens(), counts.corpus_tokens()), (2, 4, 8));
//! let found = collocates(&counts, 2, 1, 10);
//! assert_eq!(found[0].display, "alimentaire");
//! assert_eq!((found[0].cooccurrences, found[0].corpus_count), (2, 2));
//! # Ok::<(), String>(())
//! ```

use std::ops::Range;

use serde::Serialize;

use crate::analyze::{terms_at, Span, TermItem, Token};
use crate::compare::round;
use crate::corpus::Document;
use crate::count::{Gram, TermTable};
use crate::kwic::{counted_around, search_passages, turn_tokens, Lookalike, NearMisses, Query};
use crate::pipeline::{Config, Marks};

use crate::stats;

/// The counts behind the collocates of a query: in the windows around its
/// occurrences, and in every passage searched.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    /// Occurrences of the query.
    pub occurrences: u64,
    /// Terms in the windows, occurrences left out, each token once.
    pub near: TermTable,
    /// Terms of every passage searched, the windows' included, the
    /// occurrences' left out (they can be in no window).
    pub all: TermTable,
    /// What the query missed in the passages searched though it may have
    /// been meant, as `parole kwic` tells it.
    pub near_misses: NearMisses,
}

impl std::ops::AddAssign<&Counts> for Counts {
    fn add_assign(&mut self, other: &Counts) {
        self.occurrences += other.occurrences;
        self.near += &other.near;
        self.all += &other.all;
        self.near_misses += &other.near_misses;
    }
}

impl Counts {
    /// Terms counted in the windows (the sum of `near`): the sample.
    pub fn window_tokens(&self) -> u64 {
        self.near.total()
    }

    /// Terms counted in every passage searched, but those of the
    /// occurrences (the sum of `all`): the population.
    pub fn corpus_tokens(&self) -> u64 {
        self.all.total()
    }

    /// The counts of one document: its passages searched as `parole kwic`
    /// searches them, `window` counted words on each side of each
    /// occurrence; with `assigned`, a theme's matches only in the passages
    /// that got the theme (as `kwic --assigned`).
    pub fn of(
        config: &Config,
        doc: &Document,
        query: &Query,
        window: usize,
        assigned: bool,
    ) -> Counts {
        let mut counts = Counts::default();
        let marks = Marks::of(doc);
        let lookalike = Lookalike::of(query);
        search_passages(config, doc, query, &marks, assigned, |searched| {
            counts.near_misses.note(&lookalike, searched.tokens);
            let found: Vec<Range<usize>> =
                searched.found.into_iter().map(|(range, _)| range).collect();
            counts.occurrences += found.len() as u64;
            let place = places(searched.tokens, &found, window, &marks.labels);
            for (range, item) in terms_at(searched.tokens) {
                let TermItem::Term {
                    key,
                    display,
                    initial,
                } = item
                else {
                    continue;
                };
                // The query's own terms can never be in a window: they are
                // left out of the population too, or every term would seem
                // nearer than chance (a term of two tokens, a name with its
                // article, is the query's when one of them is).
                let mut at = range.clone().map(|t| place[t]);
                if at.clone().any(|p| p == Place::Occurrence) {
                    continue;
                }
                let (key, display) = (Gram::one(key), Gram::one(display));
                counts.all.add(key, display, initial);
                if at.any(|p| p == Place::Near) {
                    counts.near.add(key, display, initial);
                }
            }
        });
        counts
    }
}

/// Where a token of a passage is, against the occurrences of the query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// In no window.
    Far,
    /// Among the `window` counted tokens before or after an occurrence.
    Near,
    /// In an occurrence.
    Occurrence,
}

/// The place of each token of a passage, given the occurrences (`found`,
/// token ranges), the window, and the document's speaker labels: a window
/// stays within the speaker's turn ([`turn_tokens`]), as kwic's context does.
fn places(tokens: &[Token], found: &[Range<usize>], window: usize, labels: &[Span]) -> Vec<Place> {
    let mut place = vec![Place::Far; tokens.len()];
    for range in found {
        let turn = turn_tokens(tokens, labels, range);
        let (before, after) = counted_around(tokens, range, &turn);
        for t in before.take(window).chain(after.take(window)) {
            place[t] = Place::Near;
        }
    }
    for range in found {
        place[range.clone()].fill(Place::Occurrence);
    }
    place
}

/// A term that comes near the query, with its scores.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Collocate {
    /// The term key (as in `parole analyze`).
    pub key: String,
    /// Its display form, the corpus's most frequent.
    pub display: String,
    /// Occurrences in the windows.
    pub cooccurrences: u64,
    /// Occurrences in every passage searched, windows included, the
    /// query's occurrences left out.
    pub corpus_count: u64,
    /// Occurrences expected in the windows if the term fell anywhere:
    /// `window_tokens × corpus_count / corpus_tokens`, 4 decimals.
    pub expected: f64,
    /// Lafon's specificity of the co-occurrences (signed `log10`
    /// probability of as many or more under the hypergeometric law), 4
    /// decimals.
    pub specificity: f64,
    /// Log-likelihood G² of "in a window or not" × "this term or another",
    /// signed, 4 decimals.
    pub g2: f64,
    /// Log Ratio of the term's rate in the windows to its rate elsewhere, 4
    /// decimals.
    pub log_ratio: f64,
    /// p-value of G² (χ² with one degree of freedom), not rounded.
    pub p_value: f64,
}

/// The terms seen at least `min_count` times in the windows, at least
/// `min_corpus_count` times in all the passages searched (TXM's `Fmin`: a
/// term seen once in the corpus, and so once near, can top the ranking on
/// that one chance meeting) and more often in the windows than expected,
/// by decreasing specificity (then G², then key), the first `top` (all for
/// `usize::MAX`).
pub fn collocates(
    counts: &Counts,
    min_count: u64,
    min_corpus_count: u64,
    top: usize,
) -> Vec<Collocate> {
    let (t, total) = (counts.window_tokens(), counts.corpus_tokens());
    let mut rows: Vec<Collocate> = counts
        .near
        .iter()
        .filter(|(_, near)| near.count >= min_count.max(1))
        .filter_map(|(key, near)| {
            let all = counts.all.get(&key)?;
            let (k, f) = (near.count, all.count);
            if f < min_corpus_count {
                return None;
            }
            let keyness = stats::keyness(k, f - k, t, total - t);
            (keyness.g2 > 0.0).then(|| Collocate {
                key: key.to_string(),
                display: all.display(),
                cooccurrences: k,
                corpus_count: f,
                expected: round(keyness.expected, 4),
                specificity: round(stats::specificity(k, f, t, total), 4),
                g2: round(keyness.g2, 4),
                log_ratio: round(keyness.log_ratio, 4),
                p_value: keyness.p_value,
            })
        })
        .collect();
    rows.sort_by(|a, b| {
        b.specificity
            .total_cmp(&a.specificity)
            .then(b.g2.total_cmp(&a.g2))
            .then_with(|| a.key.cmp(&b.key))
    });
    rows.truncate(top);
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kwic::parse_words;
    use crate::segment::PassageMode;

    fn doc(text: &str) -> Document {
        Document {
            id: "d".into(),
            source: "d".into(),
            meta: Default::default(),
            text: text.into(),
            body_start: 0,
            encoding: "UTF-8".into(),
            warnings: Vec::new(),
        }
    }

    fn counts(text: &str, pattern: &str, window: usize) -> Counts {
        let config = Config::builtin(PassageMode::Paragraph);
        let query = parse_words(pattern, &config.analyzer).unwrap();
        Counts::of(&config, &doc(text), &query, window, false)
    }

    /// The keys in the windows, with their counts, sorted.
    fn near(counts: &Counts) -> Vec<(String, u64)> {
        let mut near: Vec<(String, u64)> = counts
            .near
            .iter()
            .map(|(k, c)| (k.to_string(), c.count))
            .collect();
        near.sort();
        near
    }

    #[test]
    fn windows_are_counted_words_within_the_passage_each_token_once() {
        // Two occurrences two words apart: `usines` is in both windows and
        // counts once; the occurrences are not their own neighbours; the
        // next paragraph is out of reach.
        let c = counts(
            "La souveraineté des usines souveraineté nationale.\nUsines encore.",
            "souveraineté",
            2,
        );
        assert_eq!(c.occurrences, 2);
        assert_eq!(near(&c), [("national".into(), 1), ("usin".into(), 1)]);
        assert_eq!(c.window_tokens(), 2);
        // usines ×2 and nationale (`encore` is a stopword): every term of
        // every passage searched but the occurrences, which no window holds.
        assert_eq!(c.corpus_tokens(), 3);
        assert_eq!(c.all.get_str("souverainet"), None);
        assert_eq!(c.all.get_str("usin").unwrap().count, 2);
        // Punctuation is not counted in the window: `usines` is the second
        // word before.
        let c = counts("Les usines, la souveraineté.", "souveraineté", 2);
        assert_eq!(near(&c), [("usin".into(), 1)]);
        let c = counts("Les usines, la souveraineté.", "souveraineté", 1);
        assert_eq!(near(&c), []);
        // Nor are the words of a stage direction.
        let c = counts(
            "La souveraineté (Applaudissements sur les bancs du groupe LR.) industrielle.",
            "souveraineté",
            1,
        );
        assert_eq!(near(&c), [("industriel".into(), 1)]);

        // Window 0: nothing is near.
        let c = counts("La souveraineté nationale.", "souveraineté", 0);
        assert_eq!(
            (c.occurrences, c.window_tokens(), c.corpus_tokens()),
            (1, 0, 1)
        );
        // A name with its article is one term, near if one of its words is,
        // unless the other is the query's.
        let c = counts("Marine Le Pen parle de souveraineté.", "souveraineté", 3);
        assert_eq!(near(&c), [("le pen".into(), 1), ("parl".into(), 1)]);
        let c = counts("Marine Le Pen parle.", "Pen", 2);
        assert_eq!(c.occurrences, 1);
        assert_eq!(near(&c), [("marin".into(), 1), ("parl".into(), 1)]);
    }

    #[test]
    fn scores_are_the_hypergeometric_and_the_log_likelihood_of_the_windows() {
        let c = counts(
            "La souveraineté alimentaire de la France.\n\
             Défendre la souveraineté alimentaire, produire en France.\n\
             Les agriculteurs et les consommateurs.",
            "souveraineté",
            2,
        );
        // 10 terms, less the 2 occurrences of `souveraineté`, which no
        // window can hold.
        assert_eq!((c.window_tokens(), c.corpus_tokens()), (4, 8));
        let rows = collocates(&c, 1, 1, usize::MAX);
        // `alimentaire`: 2 of its 2 occurrences in 4 of 8 terms.
        // P(X ≥ 2) for X ~ H(8, 2, 4) = C(2,2)·C(6,2)/C(8,4) = 15/70;
        // −log10(15/70) = 0.66901; expected 4 × 2 / 8 = 1.
        let a = &rows[0];
        assert_eq!(
            (a.key.as_str(), a.cooccurrences, a.corpus_count),
            ("alimentair", 2, 2)
        );
        assert_eq!((a.expected, a.specificity), (1.0, 0.669));
        // G² over the four cells: O = (2, 0, 2, 4), E = (1, 1, 3, 3).
        let g2: f64 =
            2.0 * (2.0 * 2.0f64.ln() + 2.0 * (2.0f64 / 3.0).ln() + 4.0 * (4.0f64 / 3.0).ln());
        assert_eq!(a.g2, round(g2, 4));
        // `défendre` and `produire` come near once each (expected 0.5):
        // every row is more frequent near than expected, sorted by
        // specificity; `France` (beyond the window of 2) and `agriculteurs`
        // never come near.
        let keys: Vec<&str> = rows.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(keys, ["alimentair", "defendr", "produir"]);
        assert!(rows.iter().all(|r| r.cooccurrences as f64 > r.expected));
        // --min-count and --top.
        assert_eq!(collocates(&c, 2, 1, usize::MAX).len(), 1);
        assert_eq!(collocates(&c, 1, 1, 2).len(), 2);
        // --min-corpus-count: `défendre` and `produire`, seen once in the
        // corpus, are left out at 2; `alimentaire`, seen twice, stays.
        let keys =
            |rows: Vec<Collocate>| -> Vec<String> { rows.into_iter().map(|r| r.key).collect() };
        assert_eq!(keys(collocates(&c, 1, 2, usize::MAX)), ["alimentair"]);
        assert_eq!(keys(collocates(&c, 1, 3, usize::MAX)), Vec::<String>::new());
    }

    /// When every term but the query's is in a window, nothing is nearer
    /// than chance: the query's own terms, which no window can hold, are
    /// not in the population either (they made every term look attracted,
    /// specificity 11.3 and G² 52 for each term here).
    #[test]
    fn the_query_is_not_in_the_population() {
        let c = counts(
            &"Souveraineté industrielle agricole.\n".repeat(50),
            "souveraineté",
            5,
        );
        assert_eq!(
            (c.occurrences, c.window_tokens(), c.corpus_tokens()),
            (50, 100, 100)
        );
        assert_eq!(collocates(&c, 1, 1, usize::MAX), []);
        // Some terms far: the figures are those of the terms that could
        // have been near, as quanteda's keyness of the inside against the
        // outside of the windows, the pattern removed from both.
        let c = counts(
            "Usines souveraineté ports.\nUsines paysans.\nRécoltes paysans.",
            "souveraineté",
            1,
        );
        assert_eq!((c.window_tokens(), c.corpus_tokens()), (2, 6));
        let rows = collocates(&c, 1, 1, usize::MAX);
        let keys: Vec<&str> = rows.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(keys, ["port", "usin"]);
        // `ports`: X ~ H(6, 1, 2), P(X ≥ 1) = 2/6.
        assert_eq!(rows[0].specificity, round(-(2.0f64 / 6.0).log10(), 4));
        assert_eq!(rows[0].expected, round(2.0 / 6.0, 4));
    }

    /// In a transcript read as one passage, a window stays within the
    /// speaker's turn: the next speaker's answer is not near.
    #[test]
    fn windows_stay_within_the_speakers_turn() {
        let text = "M. DUPONT. - Je parle de souveraineté.\n\
                    Mme MARTIN. - La souveraineté, oui. Et vous ?\n\
                    M. DUPONT. - Non, jamais.";
        let config = Config::builtin(PassageMode::Document);
        let query = parse_words("souveraineté", &config.analyzer).unwrap();
        let counts = Counts::of(&config, &doc(text), &query, 10, false);
        let near = near(&counts);
        assert_eq!(near, [("oui".to_string(), 1), ("parl".to_string(), 1)]);
        assert!(
            counts.all.get_str("non").is_some(),
            "the answer is searched, not near"
        );
    }

    #[test]
    fn counts_of_documents_add_up_in_any_order() {
        let a = counts(
            "La souveraineté industrielle.\nLes usines.",
            "souveraineté",
            3,
        );
        let b = counts(
            "Une souveraineté numérique et industrielle.",
            "souveraineté",
            3,
        );
        let mut ab = a.clone();
        ab += &b;
        let mut ba = b.clone();
        ba += &a;
        assert_eq!(ab, ba);
        assert_eq!(ab.occurrences, 2);
        assert_eq!(near(&ab), [("industriel".into(), 2), ("numer".into(), 1)]);
        assert_eq!(
            collocates(&ab, 1, 1, usize::MAX),
            collocates(&ba, 1, 1, usize::MAX)
        );
    }
}
