//! Measuring theme assignment against hand-labelled passages: per theme,
//! support, predicted, true positives, precision, recall and F1, with micro
//! and macro averages. Each gold passage is analysed as one passage, exactly
//! as `parole analyze --passage document` would.
//!
//! Themes that no gold line uses are reported as not labelled, without
//! precision, recall or F1, and left out of the averages, rather than scored
//! as zero.
//!
//! How far the figures could move on other passages of the same kind:
//! [`Evaluation::bootstrap`] gives percentile intervals from gold files
//! drawn with replacement; [`Evaluation::compare`] sets two lexicons side by
//! side on the same passages (differences, passages gained and lost, the
//! exact McNemar test, and paired intervals on the same draws).

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::analyze::{sha256_hex, Analyzer};
use crate::themes::Lexicon;
use crate::{Error, Result};

/// Version of the JSON that `parole eval` writes (`schema/eval.schema.json`):
/// the minor number grows when fields are added. 2.0.0: a theme not labelled
/// has null precision, recall and F1 (0 before). 2.1.0: `bootstrap` and
/// `against`. 2.2.0: each lexicon is the record of `parole analyze`'s
/// `config.lexicon`, with the ids of its `themes`.
pub const EVAL_SCHEMA_VERSION: &str = "2.2.0";

/// One labelled passage: a line of a gold file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldPassage {
    /// Identifier: a string, or a number read as its JSON text (`7`), as
    /// `parole analyze` reads the ids of JSONL documents.
    #[serde(deserialize_with = "string_or_number")]
    pub id: String,
    /// The passage text.
    pub text: String,
    /// Theme ids a person assigned.
    pub themes: Vec<String>,
}

/// A JSON string as it is, or a number as its JSON text.
fn string_or_number<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<String, D::Error> {
    match serde_json::Value::deserialize(d)? {
        serde_json::Value::String(s) => Ok(s),
        serde_json::Value::Number(n) if crate::corpus::inexact_number(&n) => {
            Err(serde::de::Error::custom(format!(
                "id {n} is a number too large to be read exactly; write the ids as strings"
            )))
        }
        serde_json::Value::Number(n) => Ok(n.to_string()),
        other => Err(serde::de::Error::custom(format!(
            "id {other} is neither a string nor a number"
        ))),
    }
}

/// A gold file, read.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldFile {
    /// The file's name in messages and reports: its path as given, or
    /// `<stdin>`.
    pub source: String,
    /// The labelled passages, in file order.
    pub passages: Vec<GoldPassage>,
    /// SHA-256 of the file's bytes, in hex: which labels were used.
    pub sha256: String,
}

/// Reads a gold file: one JSON object `{"id", "text", "themes"}` per line;
/// `-` reads it from stdin, named `<stdin>` in messages. The file is read
/// once, for its passages and its hash.
pub fn read_gold(path: &Path) -> Result<GoldFile> {
    if path.as_os_str() == "-" {
        let stdin = Path::new(STDIN_NAME);
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes)
            .map_err(|e| Error::io(stdin, e))?;
        return parse_gold(&bytes, stdin);
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    parse_gold(&bytes, path)
}

/// How standard input is named, as a gold file.
const STDIN_NAME: &str = "<stdin>";

/// The passages of a gold file's bytes, with their hash; `path` names the
/// file in errors. A file without any passage is an error: every figure
/// measured on it would be a figure of nothing. So is an id given to two
/// passages: errors and folds name passages by id, and a repeated id most
/// often means a passage labelled twice, counted twice.
pub fn parse_gold(bytes: &[u8], path: &Path) -> Result<GoldFile> {
    let mut passages = Vec::new();
    // Id → the line that first gave it.
    let mut lines: HashMap<String, usize> = HashMap::new();
    // Files saved on Windows (Notepad, Excel's "CSV UTF-8") start with a
    // byte-order mark, which is not JSON: it is left out, as `analyze` does.
    let text = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if text.starts_with(b"\xff\xfe") || text.starts_with(b"\xfe\xff") {
        return Err(Error::parse(
            path,
            None,
            None,
            "UTF-16 text (it starts with a UTF-16 byte-order mark); save the file as UTF-8",
        ));
    }
    for (n, line) in text.split(|&b| b == b'\n').enumerate() {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let line = std::str::from_utf8(line).map_err(|e| {
            Error::parse(
                path,
                Some(n + 1),
                None,
                format!(
                    "not UTF-8 (invalid byte at byte {} of the line); save the file as UTF-8",
                    e.valid_up_to() + 1
                ),
            )
        })?;
        if line.trim().is_empty() {
            continue;
        }
        // serde reads a struct from an array too, field by field in order:
        // `["b", "text", []]` would pass for a passage.
        if line.trim_start().starts_with('[') {
            return Err(Error::parse(
                path,
                Some(n + 1),
                None,
                "a JSON array, not an object; expected {\"id\", \"text\", \"themes\": [ids]}, \
                 whose fields are named",
            ));
        }
        let gold: GoldPassage = serde_json::from_str(line).map_err(|e| {
            Error::parse(
                path,
                Some(n + 1),
                Some(e.column()),
                format!(
                    "{}; expected {{\"id\", \"text\", \"themes\": [ids]}}",
                    Error::json_message(&e)
                ),
            )
        })?;
        if let Some(first) = lines.insert(gold.id.clone(), n + 1) {
            return Err(Error::parse(
                path,
                Some(n + 1),
                None,
                format!(
                    "id {:?} is also the id of line {first}; give each passage an id of its own \
                     (or, if it is the same passage labelled twice, keep one line)",
                    gold.id
                ),
            ));
        }
        passages.push(gold);
    }
    if passages.is_empty() {
        return Err(Error::parse(
            path,
            None,
            None,
            "no gold passage (the file is empty or holds only blank lines); \
             give a file with one JSON object {\"id\", \"text\", \"themes\": [ids]} per line",
        ));
    }
    Ok(GoldFile {
        source: path.display().to_string(),
        passages,
        sha256: sha256_hex(bytes),
    })
}

/// Width of a column of theme ids in a text table: the longest id, and at
/// least that of its heading ("theme").
pub fn id_column_width<'a>(ids: impl IntoIterator<Item = &'a str>) -> usize {
    ids.into_iter().map(str::len).max().unwrap_or(5).max(5)
}

/// Scores of one theme.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThemeScore {
    /// Theme id.
    pub id: String,
    /// False when no gold passage carries the theme: not scored.
    pub labelled: bool,
    /// Gold passages with the theme.
    pub support: u64,
    /// Passages the lexicon assigns the theme.
    pub predicted: u64,
    /// Passages with the theme in both.
    pub true_positives: u64,
    /// true_positives / predicted (0 when nothing is predicted); `None` when
    /// the theme is not labelled.
    pub precision: Option<f64>,
    /// true_positives / support; `None` when the theme is not labelled.
    pub recall: Option<f64>,
    /// Harmonic mean of precision and recall; `None` when the theme is not
    /// labelled.
    pub f1: Option<f64>,
}

impl ThemeScore {
    /// Precision, recall and F1, for a labelled theme.
    pub fn figures(&self) -> Option<Averages> {
        Some(Averages {
            precision: self.precision?,
            recall: self.recall?,
            f1: self.f1?,
        })
    }
}

/// The result of an evaluation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    /// Gold passages scored.
    pub passages: u64,
    /// Per theme, in lexicon order.
    pub themes: Vec<ThemeScore>,
    /// Micro averages over the labelled themes.
    pub micro: Averages,
    /// Macro averages over the labelled themes (`macro` in JSON).
    #[serde(rename = "macro")]
    pub macro_: Averages,
    /// Every false positive and false negative of the labelled themes, in
    /// gold order then lexicon order.
    pub errors: Vec<EvalError>,
    /// Each passage's labels and assignments, which
    /// [`Evaluation::bootstrap`] draws from.
    #[serde(skip)]
    pub outcomes: Outcomes,
}

/// Whether each gold passage carries each theme, in the gold file and by
/// the lexicon: what every figure of an evaluation is counted from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outcomes {
    /// Themes, in lexicon order.
    themes: usize,
    /// Per passage then theme: bit 0 the gold label, bit 1 the assignment.
    codes: Vec<u8>,
}

impl Outcomes {
    /// Passages counted.
    pub fn passages(&self) -> usize {
        self.codes.len().checked_div(self.themes).unwrap_or(0)
    }

    /// The codes of passage `p`, one per theme.
    fn of(&self, p: usize) -> &[u8] {
        &self.codes[p * self.themes..(p + 1) * self.themes]
    }

    /// Counts (true positives, predicted, support) of each theme over the
    /// passages `drawn` (indices, repeats counting again).
    fn counts(&self, drawn: impl Iterator<Item = usize>) -> Vec<(u64, u64, u64)> {
        let mut counts = vec![(0, 0, 0); self.themes];
        for p in drawn {
            let codes = self.of(p);
            for (c, &code) in counts.iter_mut().zip(codes) {
                c.0 += u64::from(code == 3);
                c.1 += u64::from(code >> 1);
                c.2 += u64::from(code & 1);
            }
        }
        counts
    }
}

/// A passage the lexicon got wrong for one theme, with what it matched.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvalError {
    /// Gold passage id.
    pub id: String,
    /// Theme id.
    pub theme: String,
    /// `false_positive` (assigned, not in the gold labels) or
    /// `false_negative` (in the gold labels, not assigned).
    pub kind: &'static str,
    /// The theme's score in the passage.
    pub score: f64,
    /// The theme's threshold.
    pub threshold: f64,
    /// The passage text.
    pub text: String,
    /// The theme's matches in the passage: entry, matched text, byte span.
    pub evidence: Vec<EvalEvidence>,
}

/// One match behind an error.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvalEvidence {
    /// The lexicon entry.
    pub entry: String,
    /// The matched text.
    pub text: String,
    /// Byte span in the passage.
    pub span: [usize; 2],
    /// The entry's weight.
    pub weight: f64,
}

/// Precision, recall and F1 (all 0 by default: the averages over no theme).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Averages {
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// F1.
    pub f1: f64,
}

impl Averages {
    /// The same figures to 4 decimals, as reports give them.
    fn rounded(self) -> Averages {
        Averages {
            precision: round4(self.precision),
            recall: round4(self.recall),
            f1: round4(self.f1),
        }
    }
}

/// Precision, recall and F1 (rounded to 4 decimals) of `tp` true positives
/// among `predicted` assignments, for `support` gold passages.
pub fn prf(tp: u64, predicted: u64, support: u64) -> Averages {
    prf_exact(tp, predicted, support).rounded()
}

/// [`prf`] unrounded: the figures a text table rounds once, to fewer
/// decimals than the JSON's 4 (0.21053 is 0.211, where the JSON's 0.2105
/// would print 0.210).
pub fn prf_exact(tp: u64, predicted: u64, support: u64) -> Averages {
    let precision = if predicted == 0 {
        0.0
    } else {
        tp as f64 / predicted as f64
    };
    let recall = if support == 0 {
        0.0
    } else {
        tp as f64 / support as f64
    };
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    Averages {
        precision,
        recall,
        f1,
    }
}

/// Micro and macro averages over themes, each given by its counts (true
/// positives, predicted, support), rounded to 4 decimals: micro from the
/// summed counts, macro the mean of the themes' unrounded figures, so that
/// it is rounded once (0 over no theme).
pub(crate) fn micro_macro(rows: &[(u64, u64, u64)]) -> (Averages, Averages) {
    exact_micro_macro(rows)
        .map(|(micro, macro_)| (micro.rounded(), macro_.rounded()))
        .unwrap_or_default()
}

/// `x` to 4 decimals, without `-0` (a difference of equal figures summed
/// in another order can be a hair below zero).
pub(crate) fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0 + 0.0
}

/// Scores the lexicon's assignments against the gold passages.
pub fn evaluate(analyzer: &Analyzer, lexicon: &Lexicon, gold: &[GoldPassage]) -> Evaluation {
    let n = lexicon.themes().len();
    let (mut support, mut predicted, mut tp) = (vec![0u64; n], vec![0u64; n], vec![0u64; n]);
    let mut errors = Vec::new();
    let mut codes = Vec::with_capacity(gold.len() * n);
    for g in gold {
        let tokens = crate::pipeline::analyze_whole(analyzer, &g.text);
        let found = lexicon.match_passage(&g.text, &tokens);
        let assigned: BTreeSet<usize> = found.assigned.iter().copied().collect();
        for (t, theme) in lexicon.themes().iter().enumerate() {
            let truth = g.themes.iter().any(|id| id == &theme.id);
            let guess = assigned.contains(&t);
            support[t] += u64::from(truth);
            predicted[t] += u64::from(guess);
            tp[t] += u64::from(truth && guess);
            codes.push(u8::from(truth) | u8::from(guess) << 1);
            if truth != guess {
                errors.push((t, g, found.scores[t], truth, evidence_of(&found, &theme.id)));
            }
        }
    }
    // Errors of themes the gold file never labels are not errors.
    let errors = errors
        .into_iter()
        .filter(|(t, ..)| support[*t] > 0)
        .map(|(t, g, score, truth, evidence)| EvalError {
            id: g.id.clone(),
            theme: lexicon.themes()[t].id.clone(),
            kind: if truth {
                "false_negative"
            } else {
                "false_positive"
            },
            score: round4(score),
            threshold: lexicon.themes()[t].threshold,
            text: g.text.clone(),
            evidence,
        })
        .collect();
    let themes: Vec<ThemeScore> = lexicon
        .themes()
        .iter()
        .enumerate()
        .map(|(t, theme)| {
            // A theme no gold passage carries has no figure: every passage
            // assigned it would count as a false positive of labels that
            // were never given.
            let figures = (support[t] > 0).then(|| prf(tp[t], predicted[t], support[t]));
            ThemeScore {
                id: theme.id.clone(),
                labelled: support[t] > 0,
                support: support[t],
                predicted: predicted[t],
                true_positives: tp[t],
                precision: figures.map(|a| a.precision),
                recall: figures.map(|a| a.recall),
                f1: figures.map(|a| a.f1),
            }
        })
        .collect();
    let labelled: Vec<(u64, u64, u64)> = themes
        .iter()
        .filter(|s| s.labelled)
        .map(|s| (s.true_positives, s.predicted, s.support))
        .collect();
    let (micro, macro_) = micro_macro(&labelled);
    Evaluation {
        passages: gold.len() as u64,
        themes,
        micro,
        macro_,
        errors,
        outcomes: Outcomes { themes: n, codes },
    }
}

/// Confidence level of [`Evaluation::bootstrap`]'s intervals.
pub const BOOTSTRAP_LEVEL: f64 = 0.95;

/// Percentile bootstrap intervals of the figures of an evaluation: each
/// draw is a gold file of as many passages, drawn with replacement from the
/// evaluated one, and scored as [`evaluate`] scores a gold file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bootstrap {
    /// Gold files drawn.
    pub draws: u64,
    /// Seed of the draws.
    pub seed: u64,
    /// Confidence level of the intervals.
    pub level: f64,
    /// Per theme, in lexicon order.
    pub themes: Vec<ThemeIntervals>,
    /// Micro averages; `None` if no draw labels any theme.
    pub micro: Option<Intervals>,
    /// Macro averages (`macro` in JSON); `None` if no draw labels any theme.
    #[serde(rename = "macro")]
    pub macro_: Option<Intervals>,
    /// Draws that label at least one theme, those the averages come from.
    pub averaged_draws: u64,
}

/// The intervals of one theme.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThemeIntervals {
    /// Theme id.
    pub id: String,
    /// Draws in which a passage carries the theme: a draw in which none
    /// does gives it no figure, as [`evaluate`] gives none to a theme not
    /// labelled, so its intervals come from these draws. 0 for a theme the
    /// gold file does not label.
    pub labelled_draws: u64,
    /// Precision `[low, high]`; `None` for a theme the gold file does not
    /// label.
    pub precision: Option<[f64; 2]>,
    /// Recall, likewise.
    pub recall: Option<[f64; 2]>,
    /// F1, likewise.
    pub f1: Option<[f64; 2]>,
}

/// Intervals of precision, recall and F1, each `[low, high]`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Intervals {
    /// Precision.
    pub precision: [f64; 2],
    /// Recall.
    pub recall: [f64; 2],
    /// F1.
    pub f1: [f64; 2],
}

impl Bootstrap {
    /// The same intervals, their ends rounded to 4 decimals: those of
    /// [`Evaluation::bootstrap`], from those of
    /// [`Evaluation::bootstrap_exact`].
    pub fn rounded(&self) -> Bootstrap {
        let ends = |i: Option<[f64; 2]>| i.map(round_ends);
        Bootstrap {
            themes: self
                .themes
                .iter()
                .map(|t| ThemeIntervals {
                    precision: ends(t.precision),
                    recall: ends(t.recall),
                    f1: ends(t.f1),
                    ..t.clone()
                })
                .collect(),
            micro: self.micro.map(Intervals::rounded),
            macro_: self.macro_.map(Intervals::rounded),
            ..self.clone()
        }
    }
}

impl Intervals {
    /// The same intervals, their ends rounded to 4 decimals.
    fn rounded(self) -> Intervals {
        Intervals {
            precision: round_ends(self.precision),
            recall: round_ends(self.recall),
            f1: round_ends(self.f1),
        }
    }
}

/// An interval's ends to 4 decimals.
fn round_ends([low, high]: [f64; 2]) -> [f64; 2] {
    [round4(low), round4(high)]
}

/// The figures of one draw: per theme (those labelled in it), micro and
/// macro (when any theme is).
struct DrawFigures {
    themes: Vec<Option<Averages>>,
    averages: Option<(Averages, Averages)>,
}

impl Evaluation {
    /// `draws` percentile bootstrap intervals at [`BOOTSTRAP_LEVEL`] of the
    /// figures, drawn from `seed`: the same gold file, lexicon, draws and
    /// seed give the same intervals, whatever the number of threads (each
    /// draw has a stream of its own). A theme the gold file does not label
    /// has none. The ends are rounded to 4 decimals, as the JSON gives them
    /// ([`Evaluation::bootstrap_exact`] leaves them unrounded).
    pub fn bootstrap(&self, draws: u64, seed: u64) -> Bootstrap {
        self.bootstrap_exact(draws, seed).rounded()
    }

    /// [`Evaluation::bootstrap`] with the ends unrounded, as drawn: the
    /// figures a text table rounds once, to fewer decimals than the JSON's 4
    /// (an end of 4/19, 0.21053, is 0.211, where the JSON's 0.2105 would
    /// print 0.210).
    pub fn bootstrap_exact(&self, draws: u64, seed: u64) -> Bootstrap {
        let figures: Vec<DrawFigures> = (0..draws)
            .into_par_iter()
            .map(|d| self.draw(seed, d))
            .collect();
        let themes = self
            .themes
            .iter()
            .enumerate()
            .map(|(t, score)| {
                let drawn: Vec<Averages> = figures.iter().filter_map(|f| f.themes[t]).collect();
                let found = intervals(&drawn);
                ThemeIntervals {
                    id: score.id.clone(),
                    labelled_draws: drawn.len() as u64,
                    precision: found.map(|i| i.precision),
                    recall: found.map(|i| i.recall),
                    f1: found.map(|i| i.f1),
                }
            })
            .collect();
        let averaged: Vec<(Averages, Averages)> =
            figures.iter().filter_map(|f| f.averages).collect();
        let micro: Vec<Averages> = averaged.iter().map(|a| a.0).collect();
        let macro_: Vec<Averages> = averaged.iter().map(|a| a.1).collect();
        Bootstrap {
            draws,
            seed,
            level: BOOTSTRAP_LEVEL,
            themes,
            micro: intervals(&micro),
            macro_: intervals(&macro_),
            averaged_draws: averaged.len() as u64,
        }
    }

    /// The figures of draw `d` from `seed`: the themes the gold file does
    /// not label take no part.
    fn draw(&self, seed: u64, d: u64) -> DrawFigures {
        let n = self.outcomes.passages();
        let mut state = crate::train::splitmix64(seed ^ crate::train::splitmix64(d));
        let drawn = (0..n).map(|_| {
            state = crate::train::splitmix64(state);
            // Lemire's multiply-shift: an index below n.
            ((u128::from(state) * n as u128) >> 64) as usize
        });
        let counts = self.outcomes.counts(drawn);
        let themes: Vec<Option<Averages>> = counts
            .iter()
            .zip(&self.themes)
            .map(|(&(tp, predicted, support), score)| {
                (score.labelled && support > 0).then(|| prf_exact(tp, predicted, support))
            })
            .collect();
        let labelled: Vec<(u64, u64, u64)> = counts
            .iter()
            .zip(&themes)
            .filter(|(_, f)| f.is_some())
            .map(|(&c, _)| c)
            .collect();
        DrawFigures {
            themes,
            averages: exact_micro_macro(&labelled),
        }
    }
}

/// An evaluation compared with the evaluation of another lexicon on the
/// same gold passages, theme by theme (the themes the gold file labels,
/// which both lexicons have).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// Per labelled theme, in the order of the evaluation's themes.
    pub themes: Vec<ThemeComparison>,
    /// The other lexicon's micro averages.
    pub micro: Averages,
    /// The other lexicon's macro averages (`macro` in JSON).
    #[serde(rename = "macro")]
    pub macro_: Averages,
    /// Micro F1 of the evaluation less that of the other lexicon.
    pub micro_f1_difference: f64,
    /// Its percentile bootstrap interval (see
    /// [`Comparison::macro_f1_difference_interval`]).
    pub micro_f1_difference_interval: Option<[f64; 2]>,
    /// Macro F1 of the evaluation less that of the other lexicon.
    pub macro_f1_difference: f64,
    /// Its percentile bootstrap interval, the two lexicons scored on the
    /// same draws; `None` without draws, or when no draw labels any theme.
    pub macro_f1_difference_interval: Option<[f64; 2]>,
}

/// One labelled theme of a [`Comparison`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThemeComparison {
    /// Theme id.
    pub id: String,
    /// The other lexicon's precision, recall and F1.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// F1.
    pub f1: f64,
    /// F1 of the evaluation less that of the other lexicon.
    pub f1_difference: f64,
    /// Its percentile bootstrap interval (see
    /// [`Comparison::macro_f1_difference_interval`]); from the draws that
    /// label the theme.
    pub f1_difference_interval: Option<[f64; 2]>,
    /// Passages the evaluated lexicon gets right for the theme (assigns it
    /// where it is labelled, or not where it is not) and the other wrong.
    pub gained: u64,
    /// Passages it gets wrong and the other right.
    pub lost: u64,
    /// Exact two-sided McNemar test of `gained` against `lost`: the
    /// probability, were either lexicon as likely to be the one right on a
    /// passage where they differ, of a split at least this uneven. Not
    /// rounded, as the p-values of `compare` and `collocates`.
    pub mcnemar_p: f64,
}

impl Evaluation {
    /// This evaluation against `other`'s, of another lexicon on the same
    /// gold passages; with `draws`, the bootstrap intervals of the
    /// differences, the two scored on the same draws from `seed`. `Err`
    /// names a theme the gold file labels that `other` lacks, or that it
    /// labels there and not here (the two are not of the same passages).
    /// The figures are rounded to 4 decimals, as the JSON gives them
    /// ([`Evaluation::compare_exact`] leaves them unrounded).
    pub fn compare(
        &self,
        other: &Evaluation,
        draws: Option<(u64, u64)>,
    ) -> std::result::Result<Comparison, String> {
        Ok(self.compare_exact(other, draws)?.rounded())
    }

    /// [`Evaluation::compare`] with the figures unrounded: the other
    /// lexicon's precision, recall and F1, the differences and their
    /// intervals, which a text table rounds once.
    pub fn compare_exact(
        &self,
        other: &Evaluation,
        draws: Option<(u64, u64)>,
    ) -> std::result::Result<Comparison, String> {
        if self.outcomes.passages() != other.outcomes.passages() {
            return Err("the evaluations are not of the same gold passages".into());
        }
        // Each labelled theme here, and where it is there.
        let mut pairs = Vec::new();
        for (t, score) in self.themes.iter().enumerate() {
            let there = other.themes.iter().position(|o| o.id == score.id);
            match (score.labelled, there) {
                (true, Some(u)) => pairs.push((t, u)),
                (true, _) => {
                    return Err(format!(
                        "it has no theme {:?}, which the gold file labels",
                        score.id
                    ))
                }
                (false, Some(u)) if other.themes[u].labelled => {
                    return Err(format!(
                        "the gold file labels its theme {:?}, which the lexicon evaluated lacks",
                        score.id
                    ))
                }
                (false, _) => {}
            }
        }
        for (u, score) in other.themes.iter().enumerate() {
            if score.labelled && !pairs.iter().any(|&(_, v)| v == u) {
                return Err(format!(
                    "the gold file labels its theme {:?}, which the lexicon evaluated lacks",
                    score.id
                ));
            }
        }
        let n = self.outcomes.passages();
        let mut themes = Vec::new();
        for &(t, u) in &pairs {
            let (mut gained, mut lost) = (0, 0);
            for p in 0..n {
                let (ours, them) = (self.outcomes.of(p)[t], other.outcomes.of(p)[u]);
                let right = |code: u8| code == 0 || code == 3;
                gained += u64::from(right(ours) && !right(them));
                lost += u64::from(!right(ours) && right(them));
            }
            let theirs = &other.themes[u];
            let figures = prf_exact(theirs.true_positives, theirs.predicted, theirs.support);
            themes.push(ThemeComparison {
                id: self.themes[t].id.clone(),
                precision: figures.precision,
                recall: figures.recall,
                f1: figures.f1,
                f1_difference: self.exact_f1(t) - other.exact_f1(u),
                f1_difference_interval: None,
                gained,
                lost,
                mcnemar_p: mcnemar(gained, lost),
            });
        }
        let (ours_exact, theirs_exact) = (self.exact_averages(), other.exact_averages());
        let (micro, macro_) = other.exact_micro_macro();
        let (mut micro_f1_difference_interval, mut macro_f1_difference_interval) = (None, None);
        if let Some((draws, seed)) = draws {
            // Per draw, the difference of each theme's F1 (where the draw
            // labels it) and of the micro and macro F1 (where it labels any).
            type Differences = (Vec<Option<f64>>, Option<(f64, f64)>);
            let differences: Vec<Differences> = (0..draws)
                .into_par_iter()
                .map(|d| {
                    let (ours, them) = (self.draw(seed, d), other.draw(seed, d));
                    let per_theme = pairs
                        .iter()
                        .map(|&(t, u)| Some(ours.themes[t]?.f1 - them.themes[u]?.f1))
                        .collect();
                    let averages = ours
                        .averages
                        .zip(them.averages)
                        .map(|(a, b)| (a.0.f1 - b.0.f1, a.1.f1 - b.1.f1));
                    (per_theme, averages)
                })
                .collect();
            for (k, theme) in themes.iter_mut().enumerate() {
                let drawn: Vec<f64> = differences.iter().filter_map(|d| d.0[k]).collect();
                theme.f1_difference_interval = interval_of(drawn);
            }
            micro_f1_difference_interval =
                interval_of(differences.iter().filter_map(|d| Some(d.1?.0)).collect());
            macro_f1_difference_interval =
                interval_of(differences.iter().filter_map(|d| Some(d.1?.1)).collect());
        }
        Ok(Comparison {
            themes,
            micro,
            macro_,
            micro_f1_difference: ours_exact.0 - theirs_exact.0,
            micro_f1_difference_interval,
            macro_f1_difference: ours_exact.1 - theirs_exact.1,
            macro_f1_difference_interval,
        })
    }
}

impl Comparison {
    /// The same comparison, its figures rounded to 4 decimals (the McNemar
    /// p-values are never rounded): that of [`Evaluation::compare`], from
    /// that of [`Evaluation::compare_exact`].
    pub fn rounded(&self) -> Comparison {
        Comparison {
            themes: self
                .themes
                .iter()
                .map(|t| ThemeComparison {
                    precision: round4(t.precision),
                    recall: round4(t.recall),
                    f1: round4(t.f1),
                    f1_difference: round4(t.f1_difference),
                    f1_difference_interval: t.f1_difference_interval.map(round_ends),
                    ..t.clone()
                })
                .collect(),
            micro: self.micro.rounded(),
            macro_: self.macro_.rounded(),
            micro_f1_difference: round4(self.micro_f1_difference),
            micro_f1_difference_interval: self.micro_f1_difference_interval.map(round_ends),
            macro_f1_difference: round4(self.macro_f1_difference),
            macro_f1_difference_interval: self.macro_f1_difference_interval.map(round_ends),
        }
    }
}

impl Evaluation {
    /// The F1 of theme `t`, unrounded (0 for a theme not labelled).
    fn exact_f1(&self, t: usize) -> f64 {
        let s = &self.themes[t];
        prf_exact(s.true_positives, s.predicted, s.support).f1
    }

    /// Micro and macro F1 over the labelled themes, unrounded: the
    /// differences between two lexicons are rounded once, from these.
    fn exact_averages(&self) -> (f64, f64) {
        let (micro, macro_) = self.exact_micro_macro();
        (micro.f1, macro_.f1)
    }

    /// Micro and macro averages over the labelled themes, unrounded (0 over
    /// no theme), for a table that rounds them once.
    pub fn exact_micro_macro(&self) -> (Averages, Averages) {
        let labelled: Vec<(u64, u64, u64)> = self
            .themes
            .iter()
            .filter(|s| s.labelled)
            .map(|s| (s.true_positives, s.predicted, s.support))
            .collect();
        exact_micro_macro(&labelled).unwrap_or_default()
    }
}

/// Micro and macro averages, unrounded, over themes given by their counts
/// (true positives, predicted, support): micro from the summed counts,
/// macro the mean of each theme's figures. `None` over no theme. These are
/// [`micro_macro`] unrounded: the averages a text table rounds once.
pub fn exact_micro_macro(rows: &[(u64, u64, u64)]) -> Option<(Averages, Averages)> {
    if rows.is_empty() {
        return None;
    }
    let sum = |f: fn(&(u64, u64, u64)) -> u64| rows.iter().map(f).sum();
    let micro = prf_exact(sum(|r| r.0), sum(|r| r.1), sum(|r| r.2));
    let figures: Vec<Averages> = rows.iter().map(|&(tp, p, s)| prf_exact(tp, p, s)).collect();
    let k = rows.len() as f64;
    let mean = |f: fn(&Averages) -> f64| figures.iter().map(f).sum::<f64>() / k;
    let macro_ = Averages {
        precision: mean(|a| a.precision),
        recall: mean(|a| a.recall),
        f1: mean(|a| a.f1),
    };
    Some((micro, macro_))
}

/// The exact two-sided McNemar test of `b` discordant pairs one way and
/// `c` the other: twice the binomial(b + c, ½) probability of a count at
/// most min(b, c), at most 1 (exactly 1 when the counts differ by at most
/// one, and so when there is no discordant pair).
pub fn mcnemar(b: u64, c: u64) -> f64 {
    if b.abs_diff(c) <= 1 {
        // At most min(b, c) on either side is every split; or, when b + c
        // is odd and they differ by one, half of the splits on each side:
        // exactly 1, which the sum in logs below misses by a hair
        // (0.9999999999999972 for 10 and 9).
        return 1.0;
    }
    let n = b + c;
    let k = b.min(c);
    // ln C(n, i) − n ln 2, summed from i = 0 up, in logs: no overflow for
    // large n.
    let ln_half_n = -(n as f64) * std::f64::consts::LN_2;
    let mut ln_choose = 0.0_f64;
    let mut tail = 0.0;
    for i in 0..=k {
        if i > 0 {
            ln_choose += ((n - i + 1) as f64).ln() - (i as f64).ln();
        }
        tail += (ln_choose + ln_half_n).exp();
    }
    (2.0 * tail).min(1.0)
}

/// The percentile interval of drawn values (sorted here), unrounded;
/// `None` for none.
fn interval_of(mut values: Vec<f64>) -> Option<[f64; 2]> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable_by(f64::total_cmp);
    let tail = (1.0 - BOOTSTRAP_LEVEL) / 2.0;
    Some([quantile(&values, tail), quantile(&values, 1.0 - tail)])
}

/// The percentile intervals of drawn figures; `None` for no draw.
fn intervals(drawn: &[Averages]) -> Option<Intervals> {
    if drawn.is_empty() {
        return None;
    }
    let interval =
        |f: fn(&Averages) -> f64| interval_of(drawn.iter().map(f).collect()).expect("some draws");
    Some(Intervals {
        precision: interval(|a| a.precision),
        recall: interval(|a| a.recall),
        f1: interval(|a| a.f1),
    })
}

/// The `q` quantile of sorted values, as the inverse of their empirical
/// distribution function (R's type 1): the value of rank ⌈q·n⌉.
fn quantile(sorted: &[f64], q: f64) -> f64 {
    let n = sorted.len();
    let rank = ((q * n as f64) - 1e-9).ceil().max(1.0) as usize;
    sorted[rank.min(n) - 1]
}

fn evidence_of(found: &crate::themes::PassageThemes, theme: &str) -> Vec<EvalEvidence> {
    found
        .evidence
        .iter()
        .filter(|e| e.theme == theme)
        .map(|e| EvalEvidence {
            entry: e.entry.clone(),
            text: e.text.clone(),
            span: [e.span.start, e.span.end],
            weight: e.weight,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::Stopwords;

    /// A lexicon of two themes: `ecologie`, which `climat` carries, and
    /// `autre`.
    const TWO_THEMES: &str = "[[theme]]\nid = \"ecologie\"\nlabel = \"É\"\n[theme.entries]\n\"climat\" = 2\n\
                              [[theme]]\nid = \"autre\"\nlabel = \"A\"\n[theme.entries]\n\"rien\" = 2\n";

    #[test]
    fn counts_and_scores_by_hand() {
        let analyzer = Analyzer::new(Stopwords::builtin());
        let lexicon = Lexicon::parse(TWO_THEMES, Path::new("t.toml"), &analyzer).unwrap();
        let gold = |text: &str, themes: &[&str]| GoldPassage {
            id: text.into(),
            text: text.into(),
            themes: themes.iter().map(|s| s.to_string()).collect(),
        };
        let gold = [
            gold("Le climat change.", &["ecologie"]), // TP
            gold("Le climat des affaires.", &[]),     // FP
            gold("La biodiversité.", &["ecologie"]),  // FN
            gold("Le budget.", &[]),                  // TN
        ];
        let e = evaluate(&analyzer, &lexicon, &gold);
        let eco = &e.themes[0];
        assert_eq!((eco.support, eco.predicted, eco.true_positives), (2, 2, 1));
        // P = 1/2, R = 1/2, F1 = 2·0.5·0.5 / (0.5 + 0.5) = 0.5.
        assert_eq!(
            (eco.precision, eco.recall, eco.f1),
            (Some(0.5), Some(0.5), Some(0.5))
        );
        // "autre" has no gold label: reported, not scored, not averaged.
        let autre = &e.themes[1];
        assert!(!autre.labelled);
        assert_eq!(
            (autre.precision, autre.recall, autre.f1),
            (None, None, None)
        );
        assert_eq!(autre.figures(), None);
        // One false positive with the entry that fired, one false negative.
        let kinds: Vec<(&str, &str)> = e.errors.iter().map(|x| (x.id.as_str(), x.kind)).collect();
        assert_eq!(
            kinds,
            [
                ("Le climat des affaires.", "false_positive"),
                ("La biodiversité.", "false_negative")
            ]
        );
        assert_eq!(e.errors[0].evidence[0].entry, "climat");
        assert_eq!(e.errors[0].evidence[0].span, [3, 9]);
        assert!(e.errors[1].evidence.is_empty());
        assert_eq!(e.macro_.f1, 0.5);
        assert_eq!(e.micro.f1, 0.5);
    }

    #[test]
    fn a_gold_file_without_passages_is_an_error_naming_it() {
        for bytes in [&b""[..], b"\n  \n\n"] {
            let e = parse_gold(bytes, Path::new("labels/empty.jsonl")).unwrap_err();
            let message = e.to_string();
            assert!(
                message.starts_with("labels/empty.jsonl: no gold passage"),
                "{message}"
            );
        }
        let one = parse_gold(
            b"{\"id\": \"a\", \"text\": \"Le climat.\", \"themes\": []}\n",
            Path::new("g.jsonl"),
        )
        .unwrap();
        assert_eq!(one.passages.len(), 1);
    }

    #[test]
    fn a_byte_order_mark_is_read_past_and_other_encodings_are_named_with_their_line() {
        let line = "{\"id\": \"a\", \"text\": \"Le climat.\", \"themes\": [\"ecologie\"]}";
        let with_bom = format!("\u{feff}{line}\r\n");
        let gold = parse_gold(with_bom.as_bytes(), Path::new("g.jsonl")).unwrap();
        assert_eq!(gold.passages.len(), 1);
        assert_eq!(gold.passages[0].themes, ["ecologie"]);
        // The hash is of the bytes read, the mark included.
        assert_eq!(gold.sha256, sha256_hex(with_bom.as_bytes()));
        // A Latin-1 passage on line 2: `é` written as the byte 0xE9.
        let mut latin = format!("{line}\n").into_bytes();
        latin.extend_from_slice(b"{\"id\": \"b\", \"text\": \"R\xe9gles\", \"themes\": []}\n");
        assert_eq!(
            parse_gold(&latin, Path::new("g.jsonl"))
                .unwrap_err()
                .to_string(),
            "g.jsonl:2: not UTF-8 (invalid byte at byte 23 of the line); save the file as UTF-8"
        );
        let mut utf16 = vec![0xff, 0xfe];
        utf16.extend(line.encode_utf16().flat_map(u16::to_le_bytes));
        assert!(parse_gold(&utf16, Path::new("g.jsonl"))
            .unwrap_err()
            .to_string()
            .contains("save the file as UTF-8"));
    }

    #[test]
    fn an_id_given_twice_is_an_error_naming_both_lines() {
        let line = |id: &str| format!("{{\"id\": {id}, \"text\": \"t\", \"themes\": []}}\n");
        let text = line("\"a\"") + &line("\"b\"") + "\n" + &line("\"a\"");
        let e = parse_gold(text.as_bytes(), Path::new("g.jsonl")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "g.jsonl:4: id \"a\" is also the id of line 1; give each passage an id of its own \
             (or, if it is the same passage labelled twice, keep one line)"
        );
        // A number and the string of its text are the same id.
        let text = line("7") + &line("\"7\"");
        let e = parse_gold(text.as_bytes(), Path::new("g.jsonl")).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("g.jsonl:2: id \"7\" is also the id of line 1"),
            "{e}"
        );
    }

    #[test]
    fn a_line_that_is_an_array_is_an_error_naming_it() {
        let line = r#"{"id": "a", "text": "Le climat.", "themes": ["ecologie"]}"#;
        for array in [r#"["b", "La forêt.", ["ecologie"]]"#, "  [1, 2]"] {
            let text = format!("{line}\n\n{array}\n");
            let e = parse_gold(text.as_bytes(), Path::new("g.jsonl")).unwrap_err();
            assert!(
                e.to_string()
                    .starts_with("g.jsonl:3: a JSON array, not an object"),
                "{e}"
            );
        }
    }

    #[test]
    fn ids_are_strings_or_numbers() {
        let gold = parse_gold(
            concat!(
                r#"{"id": 7, "text": "a", "themes": []}"#,
                "\n",
                r#"{"id": "x7", "text": "b", "themes": []}"#,
                "\n",
                r#"{"id": -2.5, "text": "c", "themes": []}"#,
                "\n",
            )
            .as_bytes(),
            Path::new("g.jsonl"),
        )
        .unwrap();
        let ids: Vec<&str> = gold.passages.iter().map(|g| g.id.as_str()).collect();
        assert_eq!(ids, ["7", "x7", "-2.5"]);
        for bad in [
            r#"{"id": true, "text": "a", "themes": []}"#,
            r#"{"id": null, "text": "a", "themes": []}"#,
        ] {
            let e = parse_gold(bad.as_bytes(), Path::new("g.jsonl")).unwrap_err();
            assert!(
                e.to_string().starts_with("g.jsonl:1:")
                    && e.to_string().contains("neither a string nor a number"),
                "{e}"
            );
        }
    }

    /// An evaluation of `tp` true positives, `fn_` false negatives, `fp`
    /// false positives and `tn` true negatives of theme `ecologie` (which
    /// `climat` carries), with a theme `autre` that no passage is labelled.
    fn counted(tp: usize, fn_: usize, fp: usize, tn: usize) -> Evaluation {
        let analyzer = Analyzer::new(Stopwords::builtin());
        let lexicon = Lexicon::parse(TWO_THEMES, Path::new("t.toml"), &analyzer).unwrap();
        let kinds = [
            (tp, "Le climat.", true),
            (fn_, "La forêt.", true),
            (fp, "Le climat des affaires.", false),
            (tn, "Le budget.", false),
        ];
        let mut gold = Vec::new();
        for (n, text, labelled) in kinds {
            for _ in 0..n {
                gold.push(GoldPassage {
                    id: gold.len().to_string(),
                    text: text.into(),
                    themes: if labelled {
                        vec!["ecologie".into()]
                    } else {
                        vec![]
                    },
                });
            }
        }
        evaluate(&analyzer, &lexicon, &gold)
    }

    #[test]
    fn a_lexicon_right_on_every_passage_has_intervals_of_one() {
        let b = counted(30, 0, 0, 70).bootstrap(500, 1);
        let one = Some([1.0, 1.0]);
        let eco = &b.themes[0];
        assert_eq!((eco.precision, eco.recall, eco.f1), (one, one, one));
        assert_eq!(eco.labelled_draws, 500);
        let all = Intervals {
            precision: [1.0, 1.0],
            recall: [1.0, 1.0],
            f1: [1.0, 1.0],
        };
        assert_eq!((b.micro, b.macro_), (Some(all), Some(all)));
        // The theme no passage is labelled has no interval.
        let autre = &b.themes[1];
        assert_eq!((autre.precision, autre.labelled_draws), (None, 0));
    }

    #[test]
    fn the_recall_interval_is_that_of_a_proportion() {
        // 300 of 400 labelled passages found, nothing else assigned: the
        // recall of a draw is a proportion of 400 draws of p = 0.75, whose
        // 95 % interval is 0.75 ± 1.96·√(0.75·0.25/400) = 0.7076–0.7924.
        let b = counted(300, 100, 0, 100).bootstrap(4000, 7);
        let eco = &b.themes[0];
        let [low, high] = eco.recall.unwrap();
        assert!((low - 0.7076).abs() < 0.01, "{low}");
        assert!((high - 0.7924).abs() < 0.01, "{high}");
        assert_eq!(eco.precision, Some([1.0, 1.0]));
        // Macro over the one labelled theme is that theme.
        assert_eq!(b.macro_.unwrap().recall, [low, high]);
    }

    #[test]
    fn a_draw_without_the_theme_gives_it_no_figure() {
        // One labelled passage in 50: a draw of 50 misses it with
        // probability (49/50)^50 = 0.364, so about 636 of 1000 draws label
        // the theme; the averages come from the same draws.
        let b = counted(1, 0, 0, 49).bootstrap(1000, 3);
        let labelled = b.themes[0].labelled_draws;
        assert!((586..=686).contains(&labelled), "{labelled}");
        assert_eq!(b.averaged_draws, labelled);
        assert_eq!(b.themes[0].f1, Some([1.0, 1.0]));
    }

    #[test]
    fn the_same_seed_gives_the_same_intervals_whatever_the_threads() {
        let e = counted(20, 8, 5, 40);
        let on = |threads: usize| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| e.bootstrap(300, 11))
        };
        let one = on(1);
        assert_eq!(one, on(2));
        assert_eq!(one, on(3));
        assert_ne!(one.themes[0].f1, e.bootstrap(300, 12).themes[0].f1);
    }

    #[test]
    fn mcnemar_is_the_exact_binomial_test() {
        // 2·Σ_{i ≤ min} C(n, i) / 2^n, computed with Python's integers.
        assert_eq!(mcnemar(0, 0), 1.0);
        assert_eq!(mcnemar(10, 0), 0.001953125);
        assert!((mcnemar(7, 2) - 0.1796875).abs() < 1e-12);
        assert!((mcnemar(2, 7) - 0.1796875).abs() < 1e-12);
        assert!((mcnemar(60, 40) - 0.056887933640981).abs() < 1e-12);
        let large = mcnemar(600, 400);
        assert!(
            (large / 2.7284641560660184e-10 - 1.0).abs() < 1e-9,
            "{large}"
        );
        assert_eq!(mcnemar(4, 4), 1.0);
        // Counts that differ by one: P(X ≤ (n − 1)/2) = 1/2 exactly.
        for (b, c) in [(3, 2), (2, 3), (10, 9), (1, 0), (1000, 999)] {
            assert_eq!(mcnemar(b, c), 1.0, "{b} {c}");
        }
        assert!(mcnemar(11, 9) < 1.0);
        assert!(mcnemar(5000, 5000) <= 1.0 && mcnemar(2600, 2400).is_finite());
    }

    /// Evaluations of two one-entry lexicons of theme `ecologie`, one
    /// matching `climat`, the other `forêt`, on the gold passages of
    /// `counted`'s kinds, each once.
    fn two_lexicons() -> (Evaluation, Evaluation) {
        let analyzer = Analyzer::new(Stopwords::builtin());
        let lexicon = |entry: &str| {
            Lexicon::parse(
                &format!("[[theme]]\nid = \"ecologie\"\nlabel = \"É\"\n[theme.entries]\n\"{entry}\" = 2\n"),
                Path::new("t.toml"),
                &analyzer,
            )
            .unwrap()
        };
        let gold: Vec<GoldPassage> = [
            ("Le climat.", true),
            ("La forêt.", true),
            ("Le climat des affaires.", false),
            ("Le budget.", false),
        ]
        .iter()
        .map(|&(text, labelled)| GoldPassage {
            id: text.into(),
            text: text.into(),
            themes: if labelled {
                vec!["ecologie".into()]
            } else {
                vec![]
            },
        })
        .collect();
        (
            evaluate(&analyzer, &lexicon("climat"), &gold),
            evaluate(&analyzer, &lexicon("forêt"), &gold),
        )
    }

    #[test]
    fn comparison_counts_the_passages_each_lexicon_alone_gets_right() {
        let (climat, foret) = two_lexicons();
        let c = climat.compare(&foret, None).unwrap();
        let eco = &c.themes[0];
        // `climat` alone is right on "Le climat."; `forêt` alone on "La
        // forêt." and "Le climat des affaires."; both on "Le budget.".
        assert_eq!((eco.gained, eco.lost), (1, 2));
        assert_eq!(eco.mcnemar_p, 1.0);
        // climat: P = R = F1 = 1/2; forêt: P = 1, R = 1/2, F1 = 2/3.
        assert_eq!((eco.precision, eco.recall, eco.f1), (1.0, 0.5, 0.6667));
        assert_eq!(eco.f1_difference, -0.1667);
        assert_eq!(c.macro_f1_difference, -0.1667);
        assert_eq!(eco.f1_difference_interval, None);
        // The other way round, the signs and counts swap.
        let back = foret.compare(&climat, None).unwrap();
        assert_eq!((back.themes[0].gained, back.themes[0].lost), (2, 1));
        assert_eq!(back.macro_f1_difference, 0.1667);
    }

    #[test]
    fn a_lexicon_against_itself_differs_by_nothing_in_every_draw() {
        let e = counted(20, 8, 5, 40);
        let c = e.compare(&e, Some((300, 4))).unwrap();
        let eco = &c.themes[0];
        assert_eq!((eco.gained, eco.lost, eco.mcnemar_p), (0, 0, 1.0));
        assert_eq!(eco.f1_difference_interval, Some([0.0, 0.0]));
        assert_eq!(c.macro_f1_difference_interval, Some([0.0, 0.0]));
        assert_eq!(c.micro_f1_difference_interval, Some([0.0, 0.0]));
        // Only the labelled theme is compared.
        assert_eq!(c.themes.len(), 1);
    }

    #[test]
    fn the_paired_interval_holds_the_difference_and_excludes_zero_when_it_is_large() {
        // Against a lexicon that finds nothing, one that finds 90 % of 200
        // labelled passages with no false positive is better in every draw.
        let good = counted(180, 20, 0, 200);
        let none = counted(0, 200, 0, 200);
        let c = good.compare(&none, Some((500, 2))).unwrap();
        let [low, high] = c.macro_f1_difference_interval.unwrap();
        assert!(0.0 < low && low <= c.macro_f1_difference && c.macro_f1_difference <= high);
        assert_eq!((c.themes[0].gained, c.themes[0].lost), (180, 0));
        // Not rounded: 2 · 2^-180.
        let p = c.themes[0].mcnemar_p;
        assert!(p > 0.0 && (p / 2f64.powi(-179) - 1.0).abs() < 1e-9, "{p}");
    }

    #[test]
    fn lexicons_without_the_labelled_themes_are_not_compared() {
        let (climat, _) = two_lexicons();
        // `counted` also has `autre`, which no passage is labelled: not
        // compared, no error. Its gold has 4 passages as well.
        let other = counted(1, 1, 1, 1);
        assert_eq!(climat.compare(&other, None).unwrap().themes.len(), 1);
        let mut renamed = other.clone();
        renamed.themes[0].id = "climat".into();
        let e = climat.compare(&renamed, None).unwrap_err();
        assert_eq!(
            e,
            "it has no theme \"ecologie\", which the gold file labels"
        );
    }

    /// The evaluation of the lexicon `toml` on `gold` (text, labels).
    fn scored(toml: &str, gold: &[(&str, &[&str])]) -> Evaluation {
        let analyzer = Analyzer::new(Stopwords::builtin());
        let lexicon = Lexicon::parse(toml, Path::new("t.toml"), &analyzer).unwrap();
        let gold: Vec<GoldPassage> = gold
            .iter()
            .map(|&(text, labels)| GoldPassage {
                id: text.into(),
                text: text.into(),
                themes: labels.iter().map(|l| l.to_string()).collect(),
            })
            .collect();
        evaluate(&analyzer, &lexicon, &gold)
    }

    #[test]
    fn differences_are_rounded_once_from_the_exact_figures() {
        let eco: &[&str] = &["ecologie"];
        let gold = [
            ("Le climat.", eco),
            ("La forêt.", eco),
            ("La mer.", eco),
            ("Le climat des affaires.", &[]),
            ("La forêt des affaires.", &[]),
            ("Le climat social.", &[]),
        ];
        let one = |entries: &str| {
            format!("[[theme]]\nid = \"ecologie\"\nlabel = \"É\"\nthreshold = 2\n[theme.entries]\n{entries}")
        };
        // F1 = 2·1 / (2·1 + 2 + 2) = 1/3, and 2·2 / (2·2 + 1 + 1) = 2/3:
        // rounded first, 0.3333 − 0.6667 would give −0.3334.
        let a = scored(&one("\"climat\" = 2\n"), &gold);
        let b = scored(&one("\"forêt\" = 2\n\"mer\" = 2\n"), &gold);
        assert_eq!(
            (a.themes[0].f1, b.themes[0].f1),
            (Some(0.3333), Some(0.6667))
        );
        let c = a.compare(&b, None).unwrap();
        assert_eq!(c.themes[0].f1_difference, -0.3333);
        assert_eq!(c.macro_f1_difference, -0.3333);
    }

    #[test]
    fn lexicons_in_another_order_differ_by_a_positive_zero() {
        // F1 of 1, 1 and 1/3, whose mean depends on the order of its sum in
        // floating point: ((1 + 1) + 1/3) / 3 is not ((1 + 1/3) + 1) / 3.
        let reg: &[&str] = &["regulation"];
        let gold: [(&str, &[&str]); 7] = [
            ("Le climat.", &["ecologie"]),
            ("Notre souveraineté.", &["souverainete"]),
            ("La régulation.", reg),
            ("Les règles.", reg),
            ("La régulation du trafic.", &[]),
            ("La régulation des flux.", &[]),
            ("Une régulation.", &[]),
        ];
        let theme = |id: &str, entry: &str| {
            format!(
                "[[theme]]\nid = \"{id}\"\nlabel = \"{id}\"\nthreshold = 2\n\
                 [theme.entries]\n\"{entry}\" = 2\n"
            )
        };
        let [e, s, r] = [
            theme("ecologie", "climat"),
            theme("souverainete", "souveraineté"),
            theme("regulation", "régulation"),
        ];
        let a = scored(&format!("{e}{s}{r}"), &gold);
        let b = scored(&format!("{s}{r}{e}"), &gold);
        let f1: Vec<Option<f64>> = a.themes.iter().map(|t| t.f1).collect();
        assert_eq!(f1, [Some(1.0), Some(1.0), Some(0.3333)]);
        let zero = |x: f64| x == 0.0 && x.is_sign_positive();
        for c in [a.compare(&b, Some((500, 1))), b.compare(&a, Some((500, 1)))] {
            let c = c.unwrap();
            assert_eq!(c.themes.len(), 3);
            assert!(zero(c.macro_f1_difference) && zero(c.micro_f1_difference));
            for i in [
                c.macro_f1_difference_interval,
                c.micro_f1_difference_interval,
            ]
            .into_iter()
            .chain(c.themes.iter().map(|t| t.f1_difference_interval))
            {
                let [low, high] = i.unwrap();
                assert!(zero(low) && zero(high), "{i:?}");
            }
        }
    }

    #[test]
    fn quantiles_are_values_of_rank_ceiling_of_q_n() {
        let values: Vec<f64> = (1..=2000).map(f64::from).collect();
        // 2.5 % of 2000 is 50: the 50th value; 97.5 % the 1950th.
        assert_eq!(quantile(&values, 0.025), 50.0);
        assert_eq!(quantile(&values, 0.975), 1950.0);
        assert_eq!(quantile(&values[..3], 0.025), 1.0);
        assert_eq!(quantile(&values[..3], 0.975), 3.0);
        assert_eq!(quantile(&values[..1], 0.5), 1.0);
    }

    #[test]
    fn the_macro_average_is_rounded_once_from_the_unrounded_figures() {
        let toml = "[[theme]]\nid = \"a\"\nlabel = \"A\"\nthreshold = 2\n[theme.entries]\n\"climat\" = 2\n\
                    [[theme]]\nid = \"b\"\nlabel = \"B\"\nthreshold = 2\n[theme.entries]\n\"impôt\" = 2\n";
        let (a, b): (&[&str], &[&str]) = (&["a"], &["b"]);
        let e = scored(
            toml,
            &[
                ("Le climat.", a),
                ("L'impôt.", b),
                ("Un impôt.", b),
                ("La dette.", b),
            ],
        );
        // Recalls 1 and 2/3 (0.6667): their mean is 5/6, 0.8333, where the
        // mean of the rounded figures would give 0.83335, 0.8334.
        let recalls: Vec<Option<f64>> = e.themes.iter().map(|t| t.recall).collect();
        assert_eq!(recalls, [Some(1.0), Some(0.6667)]);
        assert_eq!(e.macro_.recall, 0.8333);
        // F1 1 and 0.8; precision 1 and 1.
        assert_eq!((e.macro_.precision, e.macro_.f1), (1.0, 0.9));
        assert_eq!(e.micro.recall, 0.75);
    }

    #[test]
    fn averages_over_no_labelled_theme_are_positive_zero() {
        let analyzer = Analyzer::new(Stopwords::builtin());
        let lexicon = Lexicon::parse(
            "[[theme]]\nid = \"ecologie\"\nlabel = \"É\"\n[theme.entries]\n\"climat\" = 2\n",
            Path::new("t.toml"),
            &analyzer,
        )
        .unwrap();
        let gold = [GoldPassage {
            id: "a".into(),
            text: "Le budget.".into(),
            themes: Vec::new(),
        }];
        let e = evaluate(&analyzer, &lexicon, &gold);
        for average in [e.macro_, e.micro] {
            for x in [average.precision, average.recall, average.f1] {
                assert!(x == 0.0 && x.is_sign_positive(), "{x:?}");
            }
        }
    }
}
