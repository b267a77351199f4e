//! Learning a theme lexicon from hand-labelled passages (`parole train`):
//! features (content-word keys and bigrams of adjacent content words), one
//! L2-regularised logistic regression per theme whose weights are kept
//! non-negative (so that the model *is* a lexicon: a sum of entry weights
//! compared with a threshold), the choice of each theme's threshold by inner
//! cross-validation, k-fold cross-validated figures, and the TOML text of the
//! learned lexicon.
//!
//! # Honesty of the figures
//! Every figure is that of a lexicon written as TOML, loaded by
//! [`Lexicon::parse`] and scored by [`Lexicon::match_passage`], the path
//! `parole eval` takes, never that of the internal model. In each outer fold,
//! everything that is learned (vocabulary and `min_df`, surface forms,
//! weights, the threshold, chosen by an inner cross-validation on the
//! training passages only) sees only the fold's training passages; the
//! held-out passages are scored once, by that fold's lexicon. The written
//! lexicon is fitted on all passages; its thresholds are chosen on the
//! pooled held-out scores of the outer folds.
//!
//! # Determinism
//! Folds are dealt to the passages sorted by label set, then by a
//! fixed-seed hash of each passage id; features are
//! numbered in order of first occurrence; optimisation is plain
//! deterministic batch gradient descent (accelerated, projected); every
//! ordering is total. The same gold file, options and seed give the same
//! bytes, whatever the number of threads.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;

use crate::analyze::{Analyzer, Sym, Token};
use crate::eval::{
    evaluate, exact_micro_macro, id_column_width, micro_macro, prf, prf_exact, Averages,
    GoldPassage,
};
use crate::themes::{compile, Lexicon, Pattern, Theme, ThemeGroup};
use crate::{Error, Result};

/// The seed used when none is given.
pub const DEFAULT_SEED: u64 = 2026;

/// Learned weights and thresholds are rounded to this step.
const WEIGHT_STEP: f64 = 0.1;

/// Options of a training run.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Outer cross-validation folds (the inner one uses as many).
    pub folds: usize,
    /// Seed of the fold assignment.
    pub seed: u64,
    /// At most this many learned entries per theme (base entries are kept
    /// on top of these); 0: every entry the model weighs above 0, as
    /// `--top 0` keeps every row in `analyze` and `compare`.
    pub top: usize,
    /// A feature is a candidate only if at least this many training
    /// passages contain it.
    pub min_df: usize,
    /// Themes to learn, in output order; empty: the base's themes, or else
    /// the themes of the gold passages in alphabetical order.
    pub themes: Vec<String>,
    /// Strength of the L2 penalty (towards 0, or towards the base weight).
    pub l2: f64,
    /// Strength of the L1 penalty on learned entries (sparsity).
    pub l1: f64,
    /// Name of the gold file, written in the lexicon's header.
    pub gold_name: String,
    /// SHA-256 of the gold file, written in the lexicon's header.
    pub gold_sha256: String,
}

impl Default for TrainOptions {
    fn default() -> TrainOptions {
        TrainOptions {
            folds: 5,
            seed: DEFAULT_SEED,
            top: 40,
            min_df: 2,
            themes: Vec::new(),
            l2: 10.0,
            l1: 0.5,
            gold_name: String::new(),
            gold_sha256: String::new(),
        }
    }
}

/// Cross-validated counts and figures of one theme.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Scores {
    /// Passages assigned the theme.
    pub predicted: u64,
    /// Passages assigned the theme that carry it in the gold file.
    pub true_positives: u64,
    /// true_positives / predicted.
    pub precision: f64,
    /// true_positives / support.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
}

impl Scores {
    fn new(tp: u64, predicted: u64, support: u64) -> Scores {
        let a = prf(tp, predicted, support);
        Scores {
            predicted,
            true_positives: tp,
            precision: a.precision,
            recall: a.recall,
            f1: a.f1,
        }
    }
}

/// What training did for one theme.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThemeTraining {
    /// Theme id.
    pub id: String,
    /// False when no gold passage carries the theme: copied from the base
    /// lexicon unchanged, not trained, not scored.
    pub labelled: bool,
    /// Gold passages with the theme.
    pub support: u64,
    /// Threshold written in the lexicon.
    pub threshold: f64,
    /// Entries written in the lexicon.
    pub entries: usize,
    /// Of these, entries learned from the gold passages (all of them
    /// without a base lexicon).
    pub learned: usize,
    /// K-fold cross-validated figures of the trained lexicon.
    pub cv: Option<Scores>,
    /// Figures of the base lexicon on all gold passages, as `parole eval`
    /// gives them.
    pub base: Option<Scores>,
    /// The base lexicon's threshold.
    pub base_threshold: Option<f64>,
}

/// Version of the JSON of `parole train` (`schema/train.schema.json`):
/// the minor number grows when fields are added. 1.1.0: `base_sha256` and
/// `stopwords`. 1.2.0: `base_lexicon`, the base named as every report
/// names a lexicon. 1.3.0: `out` and `out_sha256`, the lexicon written.
pub const TRAIN_SCHEMA_VERSION: &str = "1.3.0";

/// The report of a training run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrainReport {
    /// Gold file name.
    pub gold: String,
    /// SHA-256 of the gold file.
    pub gold_sha256: String,
    /// Gold passages.
    pub passages: u64,
    /// Cross-validation folds.
    pub folds: usize,
    /// Seed of the fold assignment.
    pub seed: u64,
    /// Learned entries per theme, at most (0: no limit).
    pub top: usize,
    /// Minimum document frequency of a candidate feature.
    pub min_df: usize,
    /// Strength of the L2 penalty.
    pub l2: f64,
    /// Strength of the L1 penalty.
    pub l1: f64,
    /// The base lexicon's source, if any.
    pub base: Option<String>,
    /// SHA-256 of the base lexicon's text, if any.
    pub base_sha256: Option<String>,
    /// The base lexicon, if any, named as every report names a lexicon
    /// ([`LexiconInfo::of`](crate::report::LexiconInfo::of)): its `themes`
    /// are all those of the file, as read (`--only-themes` chooses the
    /// themes learned, and leaves the base as it is). `base` and
    /// `base_sha256` are its `source` and `sha256`.
    pub base_lexicon: Option<crate::report::LexiconInfo>,
    /// The stopword list of the analyzer.
    pub stopwords: crate::report::StopwordsInfo,
    /// Per theme, in lexicon order.
    pub themes: Vec<ThemeTraining>,
    /// Micro averages of the cross-validated figures (labelled themes).
    pub micro: Averages,
    /// Macro averages of the cross-validated figures (`macro` in JSON).
    #[serde(rename = "macro")]
    pub macro_: Averages,
    /// Micro averages of the base lexicon on the same themes; `None`
    /// without a base, or when the base lacks a theme trained.
    pub base_micro: Option<Averages>,
    /// Macro averages of the base lexicon on the same themes, likewise.
    pub base_macro: Option<Averages>,
}

/// One outer fold: what its lexicon was trained on and what it scored.
#[derive(Debug, Clone, PartialEq)]
pub struct FoldRecord {
    /// Ids of every passage any model of this fold was fitted on (the outer
    /// model and the inner models that chose the thresholds).
    pub trained_on: Vec<String>,
    /// Ids of the passages scored by the fold's lexicon, in gold order.
    pub scored: Vec<String>,
    /// Theme ids the fold's lexicon assigned to each scored passage.
    pub assigned: Vec<Vec<String>>,
    /// The fold's lexicon, as TOML.
    pub lexicon: String,
}

/// The result of [`train`].
#[derive(Debug, Clone)]
pub struct Trained {
    /// The learned lexicon, as TOML text (loads with [`Lexicon::parse`]).
    pub lexicon: String,
    /// Figures per theme.
    pub report: TrainReport,
    /// The outer folds.
    pub folds: Vec<FoldRecord>,
}

// ---------------------------------------------------------------------------
// Features
// ---------------------------------------------------------------------------

/// One feature occurrence: its key (a content word's key, or two keys of
/// adjacent content words joined by a space), its lower-case surface text
/// (two words joined by one space) and its byte span.
struct RawFeature {
    key: String,
    parts: Option<(String, String)>,
    surface: String,
    span: (usize, usize),
}

/// A passage analysed once: its tokens (for the matcher) and its features.
struct Analysed {
    tokens: Vec<Token>,
    features: Vec<RawFeature>,
}

/// The one place that reads the analyzer's tokens: content-word keys, and
/// bigrams of two adjacent content words (a stopword, a number or
/// punctuation between them breaks the pair). The matcher finds a learned
/// entry's words among content words only, as they were counted: a learned
/// `égalité` does not find `également`, which shares its key.
fn passage_features(analyzer: &Analyzer, text: &str) -> Analysed {
    let tokens = crate::pipeline::analyze_whole(analyzer, text);
    let mut features = Vec::new();
    let mut previous: Option<&Token> = None;
    for token in &tokens {
        if !token.is_content() {
            previous = None;
            continue;
        }
        if let Some(p) = previous {
            features.push(RawFeature {
                key: format!("{} {}", p.key, token.key),
                parts: Some((p.key.to_string(), token.key.to_string())),
                surface: format!("{} {}", p.lower, token.lower),
                span: (p.span.start, token.span.end),
            });
        }
        features.push(RawFeature {
            key: token.key.to_string(),
            parts: None,
            surface: token.lower.to_string(),
            span: (token.span.start, token.span.end),
        });
        previous = Some(token);
    }
    Analysed { tokens, features }
}

/// A feature occurrence, interned.
#[derive(Debug, Clone, Copy)]
struct Occurrence {
    feature: u32,
    surface: u32,
    span: (usize, usize),
}

/// Every passage analysed once, features numbered in order of first
/// occurrence.
struct Corpus {
    tokens: Vec<Vec<Token>>,
    occurrences: Vec<Vec<Occurrence>>,
    /// Feature id → key.
    keys: Vec<String>,
    /// Feature id → keys of its two words, for bigrams.
    parts: Vec<Option<(String, String)>>,
    /// Feature id → its unigram feature ids, for bigrams (when interned).
    part_ids: Vec<Option<(u32, u32)>>,
    /// Surface id → text.
    surfaces: Vec<String>,
}

impl Corpus {
    fn new(analyzer: &Analyzer, gold: &[GoldPassage]) -> Corpus {
        let analysed: Vec<Analysed> = gold
            .par_iter()
            .map(|g| passage_features(analyzer, &g.text))
            .collect();
        let mut feature_ids: HashMap<String, u32> = HashMap::default();
        let mut surface_ids: HashMap<String, u32> = HashMap::default();
        let mut corpus = Corpus {
            tokens: Vec::with_capacity(gold.len()),
            occurrences: Vec::with_capacity(gold.len()),
            keys: Vec::new(),
            parts: Vec::new(),
            part_ids: Vec::new(),
            surfaces: Vec::new(),
        };
        for a in analysed {
            let mut occurrences = Vec::with_capacity(a.features.len());
            for f in a.features {
                let feature = *feature_ids.entry(f.key.clone()).or_insert_with(|| {
                    corpus.keys.push(f.key);
                    corpus.parts.push(f.parts);
                    (corpus.keys.len() - 1) as u32
                });
                let surface = *surface_ids.entry(f.surface.clone()).or_insert_with(|| {
                    corpus.surfaces.push(f.surface);
                    (corpus.surfaces.len() - 1) as u32
                });
                occurrences.push(Occurrence {
                    feature,
                    surface,
                    span: f.span,
                });
            }
            corpus.tokens.push(a.tokens);
            corpus.occurrences.push(occurrences);
        }
        corpus.part_ids = corpus
            .parts
            .iter()
            .map(|p| {
                p.as_ref()
                    .and_then(|(a, b)| Some((*feature_ids.get(a)?, *feature_ids.get(b)?)))
            })
            .collect();
        corpus
    }
}

// ---------------------------------------------------------------------------
// Folds
// ---------------------------------------------------------------------------

/// SplitMix64: a small, well-mixed hash step.
pub(crate) fn splitmix64(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// A seeded hash of a string, stable across platforms and releases.
fn seeded_hash(seed: u64, s: &str) -> u64 {
    s.bytes()
        .fold(splitmix64(seed), |h, b| splitmix64(h ^ u64::from(b)))
}

/// Splits `items` (indices into `gold`) into `k` folds: the fold of each
/// passage is the same for the same seed and ids. Passages are sorted by
/// their label set, then by a seeded hash of their id, and dealt in turn,
/// so each label set is spread evenly over the folds. Returns, per fold, the
/// held-out indices, in input order.
fn split(gold: &[GoldPassage], items: &[usize], k: usize, seed: u64) -> Vec<Vec<usize>> {
    let mut order: Vec<(Vec<&str>, u64, usize)> = items
        .iter()
        .map(|&i| {
            let mut labels: Vec<&str> = gold[i].themes.iter().map(String::as_str).collect();
            labels.sort_unstable();
            labels.dedup();
            (labels, seeded_hash(seed, &gold[i].id), i)
        })
        .collect();
    order.sort();
    let mut folds = vec![Vec::new(); k];
    for (n, (_, _, i)) in order.into_iter().enumerate() {
        folds[n % k].push(i);
    }
    for fold in &mut folds {
        fold.sort_unstable();
    }
    folds
}

/// The indices of `items` not in `held_out` (both sorted).
fn complement(items: &[usize], held_out: &[usize]) -> Vec<usize> {
    items
        .iter()
        .copied()
        .filter(|i| held_out.binary_search(i).is_err())
        .collect()
}

/// Per outer fold, the ids of the passages its lexicon is trained on and
/// the ids it scores; exposed so that the partition can be checked.
pub fn fold_plan(gold: &[GoldPassage], folds: usize, seed: u64) -> Vec<(Vec<String>, Vec<String>)> {
    let all: Vec<usize> = (0..gold.len()).collect();
    split(gold, &all, folds, seed)
        .into_iter()
        .map(|held| {
            let ids = |v: &[usize]| v.iter().map(|&i| gold[i].id.clone()).collect();
            (ids(&complement(&all, &held)), ids(&held))
        })
        .collect()
}

// ---------------------------------------------------------------------------
// The model: logistic regression with non-negative weights
// ---------------------------------------------------------------------------

/// A sparse row: (column, value), columns increasing.
type Row = Vec<(u32, f64)>;

fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

/// Largest eigenvalue of `[X 1]ᵀ[X 1]`, by power iteration from a fixed
/// start: bounds the curvature of the loss, hence the step size.
fn spectral_bound(rows: &[Row], d: usize) -> f64 {
    let mut v = vec![1.0 / ((d + 1) as f64).sqrt(); d + 1];
    let mut lambda = 1.0;
    for _ in 0..30 {
        let mut next = vec![0.0; d + 1];
        for row in rows {
            let u = v[d] + row.iter().map(|&(j, x)| v[j as usize] * x).sum::<f64>();
            next[d] += u;
            for &(j, x) in row {
                next[j as usize] += u * x;
            }
        }
        let norm = next.iter().map(|x| x * x).sum::<f64>().sqrt();
        if norm == 0.0 {
            break;
        }
        lambda = norm;
        v = next.into_iter().map(|x| x / norm).collect();
    }
    lambda
}

/// Minimises the logistic loss of `sigmoid(w·x + b)` plus
/// `l2/2 · Σ (w_j − prior_j)²` subject to `w_j ≥ lower_j`, by accelerated
/// projected gradient descent (FISTA) with a fixed step. Returns `(w, b)`.
fn fit_logistic(
    rows: &[Row],
    y: &[bool],
    lower: &[f64],
    prior: &[f64],
    l1: &[f64],
    l2: f64,
) -> (Vec<f64>, f64) {
    const MAX_ITERATIONS: usize = 2000;
    const TOLERANCE: f64 = 1e-6;
    let d = lower.len();
    let step = 1.0 / (0.25 * spectral_bound(rows, d) + l2);
    let positives = y.iter().filter(|&&p| p).count() as f64;
    let negatives = y.len() as f64 - positives;
    let mut w: Vec<f64> = prior.iter().zip(lower).map(|(p, l)| p.max(*l)).collect();
    let mut b = ((positives + 0.5) / (negatives + 0.5)).ln();
    let (mut zw, mut zb) = (w.clone(), b);
    let mut t = 1.0_f64;
    let mut gw = vec![0.0; d];
    for _ in 0..MAX_ITERATIONS {
        gw.iter_mut().for_each(|g| *g = 0.0);
        let mut gb = 0.0;
        for (row, &label) in rows.iter().zip(y) {
            let z = zb + row.iter().map(|&(j, x)| zw[j as usize] * x).sum::<f64>();
            let r = sigmoid(z) - f64::from(u8::from(label));
            gb += r;
            for &(j, x) in row {
                gw[j as usize] += r * x;
            }
        }
        let t_next = (1.0 + (1.0 + 4.0 * t * t).sqrt()) / 2.0;
        let momentum = (t - 1.0) / t_next;
        let mut change = 0.0_f64;
        for j in 0..d {
            let g = gw[j] + l2 * (zw[j] - prior[j]);
            let next = (zw[j] - step * (g + l1[j])).max(lower[j]);
            change = change.max((next - w[j]).abs());
            zw[j] = next + momentum * (next - w[j]);
            w[j] = next;
        }
        let next_b = zb - step * gb;
        change = change.max((next_b - b).abs());
        zb = next_b + momentum * (next_b - b);
        b = next_b;
        t = t_next;
        if change < TOLERANCE {
            break;
        }
    }
    (w, b)
}

// ---------------------------------------------------------------------------
// Themes, entries and lexicon text
// ---------------------------------------------------------------------------

/// A theme to learn.
struct ThemeSpec<'a> {
    id: String,
    /// The base lexicon's theme, if any.
    base: Option<&'a Theme>,
    /// Per passage: does the gold carry the theme?
    labels: Vec<bool>,
    /// Per passage (with a base theme): how often each base entry matched.
    base_counts: Vec<Vec<(u32, f64)>>,
    /// Per passage: the feature occurrences the model may use (those that
    /// overlap no match of a base entry of the theme, nor an occurrence of
    /// one of its exclusions).
    candidates: Vec<Vec<Occurrence>>,
}

/// An entry to write.
#[derive(Debug, Clone, PartialEq)]
struct WrittenEntry {
    text: String,
    weight: f64,
    learned: bool,
}

/// What one fit produced: entries, and the passages it was fitted on.
struct Fit {
    entries: Vec<WrittenEntry>,
    seen: Vec<usize>,
}

fn round_to(x: f64, step: f64) -> f64 {
    let r = (x / step).round() * step;
    // Keep the decimal form short: 0.30000000000000004 → 0.3.
    (r * 1e6).round() / 1e6
}

/// Quotes a TOML basic string.
fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Appends one `[[theme]]` table. Entries are written by weight, heaviest
/// first, then by text.
fn write_theme(
    out: &mut String,
    spec: &ThemeSpec,
    entries: &[WrittenEntry],
    threshold: f64,
    mark_learned: bool,
) {
    let mut entries: Vec<&WrittenEntry> = entries.iter().collect();
    entries.sort_by(|a, b| b.weight.total_cmp(&a.weight).then(a.text.cmp(&b.text)));
    let _ = writeln!(out, "\n[[theme]]\nid = {}", toml_string(&spec.id));
    match spec.base {
        Some(base) => {
            let _ = writeln!(out, "label = {}", toml_string(&base.label));
            let group = match base.group {
                ThemeGroup::Core => "core",
                ThemeGroup::Extended => "extended",
            };
            let _ = writeln!(out, "group = \"{group}\"");
            if !base.description.is_empty() {
                let _ = writeln!(out, "description = {}", toml_string(&base.description));
            }
        }
        None => {
            let _ = writeln!(out, "label = {}", toml_string(&spec.id));
        }
    }
    let _ = writeln!(out, "threshold = {threshold}");
    if let Some(base) = spec.base.filter(|b| !b.exclusions.is_empty()) {
        out.push_str("exclude = [\n");
        for x in &base.exclusions {
            let _ = writeln!(out, "  {},", toml_string(&x.text));
        }
        out.push_str("]\n");
    }
    out.push_str("\n[theme.entries]\n");
    for e in entries {
        let _ = write!(out, "{} = {}", toml_string(&e.text), e.weight);
        if mark_learned && e.learned {
            out.push_str("  # learned");
        }
        out.push('\n');
    }
}

// ---------------------------------------------------------------------------
// Training
// ---------------------------------------------------------------------------

struct Trainer<'a> {
    analyzer: &'a Analyzer,
    gold: &'a [GoldPassage],
    corpus: Corpus,
    base: Option<&'a Lexicon>,
    options: &'a TrainOptions,
}

impl Trainer<'_> {
    /// Fits the theme on the passages `train` and returns its entries.
    fn fit(&self, spec: &ThemeSpec, train: &[usize]) -> Fit {
        let base_entries = spec.base.map_or(0, |b| b.entries.len());
        // Document frequency of candidate features, on the training passages.
        let mut df: HashMap<u32, usize> = HashMap::default();
        for &i in train {
            let mut seen: Vec<u32> = spec.candidates[i].iter().map(|o| o.feature).collect();
            seen.sort_unstable();
            seen.dedup();
            for f in seen {
                *df.entry(f).or_default() += 1;
            }
        }
        let mut vocabulary: Vec<u32> = df
            .into_iter()
            .filter(|&(_, n)| n >= self.options.min_df)
            .map(|(f, _)| f)
            .collect();
        vocabulary.sort_unstable();
        let column: HashMap<u32, u32> = vocabulary
            .iter()
            .enumerate()
            .map(|(c, &f)| (f, (base_entries + c) as u32))
            .collect();
        let d = base_entries + vocabulary.len();
        let rows: Vec<Row> = train
            .iter()
            .map(|&i| {
                let mut counts: BTreeMap<u32, f64> = BTreeMap::new();
                if spec.base.is_some() {
                    for &(e, n) in &spec.base_counts[i] {
                        *counts.entry(e).or_default() += n;
                    }
                }
                for o in &spec.candidates[i] {
                    if let Some(&c) = column.get(&o.feature) {
                        *counts.entry(c).or_default() += 1.0;
                    }
                }
                counts.into_iter().collect()
            })
            .collect();
        let y: Vec<bool> = train.iter().map(|&i| spec.labels[i]).collect();
        let mut lower = vec![0.0; d];
        let mut prior = vec![0.0; d];
        let mut l1 = vec![self.options.l1; d];
        // The model works in logit units; the base's weights are in its own
        // units. `scale` converts: fitted on the base score alone, it makes
        // the base lexicon the model's starting point, and written weights
        // are divided by it to stay comparable with the base's.
        let mut scale = 1.0;
        if let Some(base) = spec.base {
            scale = base_scale(base, &rows, &y);
            for (e, entry) in base.entries.iter().enumerate() {
                lower[e] = WEIGHT_STEP * scale;
                prior[e] = entry.weight * scale;
                l1[e] = 0.0;
            }
        }
        let (mut w, _) = fit_logistic(&rows, &y, &lower, &prior, &l1, self.options.l2);
        w.iter_mut().for_each(|x| *x /= scale);

        let mut entries: Vec<WrittenEntry> = spec.base.map_or_else(Vec::new, |base| {
            base.entries
                .iter()
                .enumerate()
                .map(|(e, entry)| WrittenEntry {
                    text: entry.text.clone(),
                    weight: round_to(w[e], WEIGHT_STEP).max(WEIGHT_STEP),
                    learned: false,
                })
                .collect()
        });
        // Learned entries: positive weights, heaviest first, that can be
        // written as text analysing back to the same keys.
        let mut ranked: Vec<(f64, u32)> = vocabulary
            .iter()
            .enumerate()
            .map(|(c, &f)| (w[base_entries + c], f))
            .filter(|&(weight, _)| weight > 0.0)
            .collect();
        ranked.sort_by(|a, b| {
            b.0.total_cmp(&a.0)
                .then_with(|| self.corpus.keys[a.1 as usize].cmp(&self.corpus.keys[b.1 as usize]))
        });
        let surfaces = self.surface_counts(spec, train, &ranked);
        let mut chosen: BTreeMap<u32, (String, f64)> = BTreeMap::new();
        for &(weight, f) in &ranked {
            if self.options.top > 0 && chosen.len() >= self.options.top {
                break;
            }
            if let Some(text) = self.entry_text(spec, f, surfaces.get(&f)) {
                chosen.insert(f, (text, weight));
            }
        }
        // A phrase match hides the matches of its words, so a phrase entry
        // carries the weights of its written words too.
        let weight_of = |f: u32| chosen.get(&f).map_or(0.0, |c| c.1);
        for (&f, (text, weight)) in &chosen {
            let mut total = *weight;
            if let Some((a, b)) = self.corpus.part_ids[f as usize] {
                total += weight_of(a) + weight_of(b);
            }
            let weight = round_to(total, WEIGHT_STEP);
            if weight > 0.0 {
                entries.push(WrittenEntry {
                    text: text.clone(),
                    weight,
                    learned: true,
                });
            }
        }
        Fit {
            entries,
            seen: train.to_vec(),
        }
    }

    /// Surface forms of the ranked features in the training passages, most
    /// frequent first, then alphabetical.
    fn surface_counts(
        &self,
        spec: &ThemeSpec,
        train: &[usize],
        ranked: &[(f64, u32)],
    ) -> HashMap<u32, Vec<u32>> {
        let wanted: HashMap<u32, ()> = ranked.iter().map(|&(_, f)| (f, ())).collect();
        let mut counts: BTreeMap<(u32, u32), u32> = BTreeMap::new();
        for &i in train {
            for o in &spec.candidates[i] {
                if wanted.contains_key(&o.feature) {
                    *counts.entry((o.feature, o.surface)).or_default() += 1;
                }
            }
        }
        let mut by_feature: HashMap<u32, Vec<(u32, u32)>> = HashMap::default();
        for ((f, s), n) in counts {
            by_feature.entry(f).or_default().push((n, s));
        }
        by_feature
            .into_iter()
            .map(|(f, mut v)| {
                v.sort_by(|a, b| {
                    b.0.cmp(&a.0).then_with(|| {
                        self.corpus.surfaces[a.1 as usize].cmp(&self.corpus.surfaces[b.1 as usize])
                    })
                });
                (f, v.into_iter().map(|(_, s)| s).collect())
            })
            .collect()
    }

    /// The first surface form of the feature that compiles back to its keys
    /// and, with a base theme, that no base entry of the theme matches.
    fn entry_text(
        &self,
        spec: &ThemeSpec,
        feature: u32,
        surfaces: Option<&Vec<u32>>,
    ) -> Option<String> {
        let expected: Vec<Pattern> = match &self.corpus.parts[feature as usize] {
            Some((a, b)) => vec![
                Pattern::Word(Sym::from(a.as_str())),
                Pattern::Word(Sym::from(b.as_str())),
            ],
            None => vec![Pattern::Word(Sym::from(
                self.corpus.keys[feature as usize].as_str(),
            ))],
        };
        surfaces?.iter().find_map(|&s| {
            let text = &self.corpus.surfaces[s as usize];
            // A lone letter ("Q", "R" of interview transcripts) is no entry.
            if text
                .split(' ')
                .any(|w| w.chars().filter(|c| c.is_alphabetic()).count() < 2)
            {
                return None;
            }
            let round_trips = compile(text, self.analyzer).is_ok_and(|p| p == expected);
            (round_trips && !self.base_matches(spec, text)).then(|| text.clone())
        })
    }

    /// Does an entry of the base theme match (part of) `text`?
    fn base_matches(&self, spec: &ThemeSpec, text: &str) -> bool {
        let (Some(base), Some(_)) = (self.base, spec.base) else {
            return false;
        };
        let found = base.match_passage(text, &crate::pipeline::analyze_whole(self.analyzer, text));
        found.evidence.iter().any(|e| e.theme == spec.id)
    }

    /// Fits the theme on `train` with its threshold chosen by an inner
    /// cross-validation on `train` only.
    fn fit_with_threshold(&self, spec: &ThemeSpec, train: &[usize], seed: u64) -> (Fit, f64) {
        let k = self.options.folds.min(train.len()).max(2);
        let mut scored: Vec<(f64, bool)> = Vec::with_capacity(train.len());
        let mut seen: BTreeSet<usize> = BTreeSet::new();
        for held in split(self.gold, train, k, seed) {
            let inner = complement(train, &held);
            let fit = self.fit(spec, &inner);
            seen.extend(&fit.seen);
            let lexicon = self.compile_one(spec, &fit.entries);
            for &i in &held {
                let score = lexicon.as_ref().map_or(0.0, |l| self.scores(l, i)[0]);
                scored.push((score, spec.labels[i]));
            }
        }
        let threshold = best_threshold(&scored);
        let mut fit = self.fit(spec, train);
        seen.extend(&fit.seen);
        fit.seen = seen.into_iter().collect();
        (fit, threshold)
    }

    /// A one-theme lexicon (threshold irrelevant: only scores are read), or
    /// `None` when the theme has no entry.
    fn compile_one(&self, spec: &ThemeSpec, entries: &[WrittenEntry]) -> Option<Lexicon> {
        if entries.is_empty() {
            return None;
        }
        let mut text = String::new();
        write_theme(&mut text, spec, entries, 1.0, false);
        let lexicon = Lexicon::parse(&text, Path::new("train:inner"), self.analyzer)
            .expect("a written theme is a valid lexicon");
        Some(lexicon)
    }

    /// The matcher's scores of passage `i`, per theme of `lexicon`.
    fn scores(&self, lexicon: &Lexicon, i: usize) -> Vec<f64> {
        lexicon
            .match_passage(&self.gold[i].text, &self.corpus.tokens[i])
            .scores
    }
}

/// The factor from the base's weights to logit units: the slope of a
/// logistic regression of the labels on the base score alone (columns
/// `0..entries` of `rows` are the base entries' match counts). 1 when the
/// base score says nothing.
fn base_scale(base: &Theme, rows: &[Row], y: &[bool]) -> f64 {
    let n = base.entries.len() as u32;
    let scores: Vec<Row> = rows
        .iter()
        .map(|row| {
            let score = row
                .iter()
                .filter(|&&(j, _)| j < n)
                .map(|&(j, x)| base.entries[j as usize].weight * x)
                .sum::<f64>();
            vec![(0, score)]
        })
        .collect();
    let (w, _) = fit_logistic(&scores, y, &[0.0], &[0.0], &[0.0], 1e-3);
    if w[0] > 0.05 {
        w[0]
    } else {
        1.0
    }
}

/// The threshold maximising F1 on `(score, label)` pairs: halfway between a
/// score and the next lower one, rounded to 0.05 when that keeps it between
/// them. Ties go to the lower threshold.
fn best_threshold(scored: &[(f64, bool)]) -> f64 {
    // Sums of rounded weights carry float noise (2.9 vs 2.9000000000000004):
    // compare scores to the micro-unit.
    let scored: Vec<(f64, bool)> = scored
        .iter()
        .map(|&(s, l)| (round_to(s, 1e-6), l))
        .collect();
    let mut values: Vec<f64> = scored.iter().map(|s| s.0).filter(|&s| s > 0.0).collect();
    values.sort_by(|a, b| b.total_cmp(a));
    values.dedup();
    let support = scored.iter().filter(|s| s.1).count() as u64;
    let mut best: Option<(f64, f64)> = None; // (f1, threshold)
    for (k, &high) in values.iter().enumerate() {
        let low = values.get(k + 1).copied().unwrap_or(0.0);
        let predicted = scored.iter().filter(|s| s.0 >= high).count() as u64;
        let tp = scored.iter().filter(|s| s.0 >= high && s.1).count() as u64;
        let f1 = prf(tp, predicted, support).f1;
        let mid = (high + low) / 2.0;
        let rounded = round_to(mid, 0.05);
        let threshold = if rounded > low && rounded < high {
            rounded
        } else {
            round_to(mid, 1e-6)
        };
        if best.map_or(true, |(b, _)| f1 >= b) {
            best = Some((f1, threshold));
        }
    }
    match best {
        Some((f1, t)) if f1 > 0.0 => t,
        // Nothing to gain: assign no passage seen so far.
        _ => round_to(values.first().copied().unwrap_or(0.0) + 1.0, 0.05),
    }
}

/// Learns a lexicon from `gold`, starting from `base` if given.
pub fn train(
    analyzer: &Analyzer,
    gold: &[GoldPassage],
    base: Option<&Lexicon>,
    options: &TrainOptions,
) -> Result<Trained> {
    if options.folds < 2 {
        return Err(Error::config("--folds must be at least 2"));
    }
    if gold.len() < options.folds {
        return Err(Error::config(format!(
            "{} cannot be split into {} folds",
            crate::error::plural(gold.len() as u64, "gold passage"),
            options.folds
        )));
    }
    if options.min_df == 0 {
        return Err(Error::config(
            "--min-df must be at least 1: a word or pair must be seen in a training passage to be learned",
        ));
    }
    if !(options.l1.is_finite() && options.l1 >= 0.0 && options.l2.is_finite() && options.l2 > 0.0)
    {
        return Err(Error::config("--l1 must be ≥ 0 and --l2 > 0"));
    }
    let ids = theme_ids(gold, base, options)?;
    let corpus = Corpus::new(analyzer, gold);
    let trainer = Trainer {
        analyzer,
        gold,
        corpus,
        base,
        options,
    };
    let specs: Vec<ThemeSpec> = ids.iter().map(|id| trainer.spec(id)).collect();
    let trained: Vec<usize> = (0..specs.len())
        .filter(|&t| specs[t].labels.iter().any(|&l| l))
        .collect();
    let all: Vec<usize> = (0..gold.len()).collect();
    let outer = split(gold, &all, options.folds, options.seed);

    // Outer folds: one model per (fold, theme), in parallel.
    let jobs: Vec<(usize, usize)> = (0..outer.len())
        .flat_map(|f| trained.iter().map(move |&t| (f, t)))
        .collect();
    let fitted: Vec<(Fit, f64)> = jobs
        .par_iter()
        .map(|&(f, t)| {
            let train = complement(&all, &outer[f]);
            trainer.fit_with_threshold(&specs[t], &train, inner_seed(options.seed, f))
        })
        .collect();
    let mut folds = Vec::with_capacity(outer.len());
    // Held-out scores per theme, pooled over folds, for the final thresholds.
    let mut pooled: Vec<Vec<(f64, bool)>> = vec![Vec::new(); specs.len()];
    let mut counts = vec![(0u64, 0u64); specs.len()]; // (tp, predicted)
    for (f, held) in outer.iter().enumerate() {
        let mut text = String::from("name = \"parole-train-fold\"\n");
        let mut seen: BTreeSet<usize> = BTreeSet::new();
        let mut in_lexicon = Vec::new();
        for (n, &t) in trained.iter().enumerate() {
            let (fit, threshold) = &fitted[f * trained.len() + n];
            seen.extend(&fit.seen);
            if !fit.entries.is_empty() {
                write_theme(&mut text, &specs[t], &fit.entries, *threshold, false);
                in_lexicon.push(t);
            }
        }
        let lexicon = if in_lexicon.is_empty() {
            None
        } else {
            let path = format!("train:fold-{}", f + 1);
            Some(Lexicon::parse(&text, Path::new(&path), analyzer)?)
        };
        let mut assigned_ids = Vec::with_capacity(held.len());
        for &i in held {
            let found = lexicon
                .as_ref()
                .map(|l| l.match_passage(&gold[i].text, &trainer.corpus.tokens[i]))
                .unwrap_or_default();
            let mut ids = Vec::new();
            for (k, &t) in in_lexicon.iter().enumerate() {
                let assigned = found.assigned.contains(&k);
                let truth = specs[t].labels[i];
                pooled[t].push((found.scores[k], truth));
                counts[t].0 += u64::from(assigned && truth);
                counts[t].1 += u64::from(assigned);
                if assigned {
                    ids.push(specs[t].id.clone());
                }
            }
            for &t in trained.iter().filter(|t| !in_lexicon.contains(t)) {
                pooled[t].push((0.0, specs[t].labels[i]));
            }
            assigned_ids.push(ids);
        }
        folds.push(FoldRecord {
            trained_on: seen.iter().map(|&i| gold[i].id.clone()).collect(),
            scored: held.iter().map(|&i| gold[i].id.clone()).collect(),
            assigned: assigned_ids,
            lexicon: text,
        });
    }

    // The written lexicon: fitted on every passage.
    let finals: Vec<Fit> = trained
        .par_iter()
        .map(|&t| trainer.fit(&specs[t], &all))
        .collect();
    let mut themes = Vec::with_capacity(specs.len());
    let mut bodies = String::new();
    for (t, spec) in specs.iter().enumerate() {
        let support = spec.labels.iter().filter(|&&l| l).count() as u64;
        let base_theme = spec.base;
        let (entries, threshold, labelled) = match trained.iter().position(|&x| x == t) {
            Some(n) => {
                let entries = finals[n].entries.clone();
                if entries.is_empty() {
                    // What could let an entry through: passages without the
                    // theme to contrast, rarer words, weaker penalties.
                    let mut ways = Vec::new();
                    if support == gold.len() as u64 {
                        ways.push("label passages without it too (every passage carries it)");
                    } else {
                        ways.push("label more passages");
                    }
                    if options.min_df > 1 {
                        ways.push("lower --min-df");
                    }
                    // Penalties above the defaults can zero every weight.
                    let defaults = TrainOptions::default();
                    if options.l1 > defaults.l1 || options.l2 > defaults.l2 {
                        ways.push("lower --l1 or --l2");
                    }
                    ways.push("or leave it out with --only-themes");
                    return Err(Error::config(format!(
                        "theme {:?}: no entry could be learned from its {}; {}",
                        spec.id,
                        crate::error::plural(support, "labelled passage"),
                        ways.join(", ")
                    )));
                }
                (entries, best_threshold(&pooled[t]), true)
            }
            None => {
                // Not labelled: copied from the base lexicon unchanged.
                let base = base_theme.expect("unlabelled themes come from the base");
                let entries = base
                    .entries
                    .iter()
                    .map(|e| WrittenEntry {
                        text: e.text.clone(),
                        weight: e.weight,
                        learned: false,
                    })
                    .collect();
                (entries, base.threshold, false)
            }
        };
        write_theme(&mut bodies, spec, &entries, threshold, base.is_some());
        themes.push(ThemeTraining {
            id: spec.id.clone(),
            labelled,
            support,
            threshold,
            entries: entries.len(),
            learned: entries.iter().filter(|e| e.learned).count(),
            cv: labelled.then(|| Scores::new(counts[t].0, counts[t].1, support)),
            base: None,
            base_threshold: base_theme.map(|b| b.threshold),
        });
    }
    if let Some(base) = base {
        let evaluation = evaluate(analyzer, base, gold);
        for theme in themes.iter_mut().filter(|t| t.labelled) {
            if let Some(s) = evaluation.themes.iter().find(|s| s.id == theme.id) {
                theme.base = Some(Scores::new(s.true_positives, s.predicted, s.support));
            }
        }
    }
    let (micro, macro_) = averages(&themes, |t| t.cv);
    // The base's averages are over the same themes as the trained ones, or
    // none: a trained theme the base lacks has no base figure to average.
    let comparable = themes
        .iter()
        .filter(|t| t.labelled)
        .all(|t| t.base.is_some());
    let (base_micro, base_macro) = if base.is_some() && comparable {
        let (a, b) = averages(&themes, |t| t.base);
        (Some(a), Some(b))
    } else {
        (None, None)
    };
    let report = TrainReport {
        gold: options.gold_name.clone(),
        gold_sha256: options.gold_sha256.clone(),
        passages: gold.len() as u64,
        folds: options.folds,
        seed: options.seed,
        top: options.top,
        min_df: options.min_df,
        l2: options.l2,
        l1: options.l1,
        base: base.map(|b| b.source().to_string()),
        base_sha256: base.map(|b| b.sha256().to_string()),
        base_lexicon: base.map(crate::report::LexiconInfo::of),
        stopwords: crate::report::StopwordsInfo::of(analyzer.stopwords()),
        themes,
        micro,
        macro_,
        base_micro,
        base_macro,
    };
    let lexicon = header(&report, base) + &bodies;
    Ok(Trained {
        lexicon,
        report,
        folds,
    })
}

/// The seed of the inner cross-validation of outer fold `fold`.
fn inner_seed(seed: u64, fold: usize) -> u64 {
    splitmix64(seed ^ splitmix64(fold as u64 + 1))
}

impl TrainReport {
    /// Micro and macro averages of the cross-validated figures, unrounded
    /// (0 over no theme), for a table that rounds them once.
    pub fn exact_averages(&self) -> (Averages, Averages) {
        exact_micro_macro(&counts(&self.themes, |t| t.cv)).unwrap_or_default()
    }

    /// Micro and macro averages of the base lexicon's figures, unrounded,
    /// where the report has them ([`TrainReport::base_micro`]).
    pub fn exact_base_averages(&self) -> Option<(Averages, Averages)> {
        self.base_micro?;
        exact_micro_macro(&counts(&self.themes, |t| t.base))
    }
}

/// The counts (true positives, predicted, support) of the labelled themes
/// that have figures.
fn counts(
    themes: &[ThemeTraining],
    scores: impl Fn(&ThemeTraining) -> Option<Scores>,
) -> Vec<(u64, u64, u64)> {
    themes
        .iter()
        .filter(|t| t.labelled)
        .filter_map(|t| {
            let s = scores(t)?;
            Some((s.true_positives, s.predicted, t.support))
        })
        .collect()
}

/// Micro and macro averages of the labelled themes' figures.
fn averages(
    themes: &[ThemeTraining],
    scores: impl Fn(&ThemeTraining) -> Option<Scores>,
) -> (Averages, Averages) {
    micro_macro(&counts(themes, scores))
}

/// The themes to learn, in output order.
fn theme_ids(
    gold: &[GoldPassage],
    base: Option<&Lexicon>,
    options: &TrainOptions,
) -> Result<Vec<String>> {
    let in_gold: BTreeSet<&str> = gold
        .iter()
        .flat_map(|g| g.themes.iter().map(String::as_str))
        .collect();
    let ids: Vec<String> = if !options.themes.is_empty() {
        let mut seen = BTreeSet::new();
        for id in &options.themes {
            if !seen.insert(id) {
                return Err(Error::config(format!("theme {id:?} is listed twice")));
            }
        }
        options.themes.clone()
    } else if let Some(base) = base {
        base.themes().iter().map(|t| t.id.clone()).collect()
    } else {
        in_gold.iter().map(|s| s.to_string()).collect()
    };
    // A theme is written into a lexicon under its id, which must be one a
    // lexicon accepts.
    for id in &ids {
        if !crate::themes::is_theme_id(id) {
            let first = gold.iter().find(|g| g.themes.contains(id));
            return Err(Error::config(format!(
                "theme {id:?}{}: a theme id is lower-case ASCII letters, digits or _ \
                 (souverainete, not Souveraineté); label the passages with such ids, \
                 or leave it out by naming the themes to learn with --only-themes",
                first.map_or(String::new(), |g| format!(
                    " (the label of gold passage {:?})",
                    g.id
                ))
            )));
        }
    }
    if ids.is_empty() {
        return Err(Error::config(
            "no theme to learn: no gold passage carries a theme; label some",
        ));
    }
    for id in &ids {
        let in_base = base.is_some_and(|b| b.themes().iter().any(|t| &t.id == id));
        if !in_base && !in_gold.contains(id.as_str()) {
            // The ids it could have been meant as (a misspelt `ecolgie`).
            let mut known: BTreeSet<&str> = in_gold.clone();
            known.extend(base.iter().flat_map(|b| b.themes()).map(|t| t.id.as_str()));
            let close = crate::themes::closest_spelling(id, known.iter().copied())
                .map(|k| format!("did you mean {k}? "))
                .unwrap_or_default();
            return Err(Error::config(format!(
                "theme {id:?}: no gold passage carries it{}; nothing to learn it from ({close}the \
                 gold passages carry: {})",
                if base.is_some() {
                    " and the base lexicon has no such theme"
                } else {
                    ""
                },
                match in_gold.is_empty() {
                    true => "none".to_string(),
                    false => in_gold.iter().copied().collect::<Vec<_>>().join(", "),
                }
            )));
        }
    }
    // A base theme no passage carries is copied unchanged, so that a refit
    // of the base keeps all of it; but when that is every theme, nothing is
    // trained or scored, and the figures would be averages over nothing.
    if !ids.iter().any(|id| in_gold.contains(id.as_str())) {
        let carried = if in_gold.is_empty() {
            "label passages with them".to_string()
        } else {
            format!(
                "label passages with them, or learn themes the gold passages carry ({})",
                in_gold.iter().copied().collect::<Vec<_>>().join(", ")
            )
        };
        return Err(Error::config(format!(
            "no gold passage carries any of the themes to learn ({}): nothing to train or score \
             (a theme of the base lexicon that no passage carries would only be copied unchanged); {carried}",
            ids.join(", ")
        )));
    }
    Ok(ids)
}

impl<'a> Trainer<'a> {
    /// The labels, base matches and candidate features of one theme.
    fn spec(&self, id: &str) -> ThemeSpec<'a> {
        let labels: Vec<bool> = self
            .gold
            .iter()
            .map(|g| g.themes.iter().any(|t| t == id))
            .collect();
        let base_index = self
            .base
            .and_then(|b| b.themes().iter().position(|t| t.id == id));
        let Some((base, t)) = self.base.zip(base_index) else {
            return ThemeSpec {
                id: id.to_string(),
                base: None,
                labels,
                base_counts: Vec::new(),
                candidates: self.corpus.occurrences.clone(),
            };
        };
        let theme = &base.themes()[t];
        let index: HashMap<&str, u32> = theme
            .entries
            .iter()
            .enumerate()
            .map(|(e, entry)| (entry.text.as_str(), e as u32))
            .collect();
        let mut base_counts = Vec::with_capacity(self.gold.len());
        let mut candidates = Vec::with_capacity(self.gold.len());
        for (i, g) in self.gold.iter().enumerate() {
            let found = base.match_passage(&g.text, &self.corpus.tokens[i]);
            let mut counts: BTreeMap<u32, f64> = BTreeMap::new();
            let mut spans = Vec::new();
            for e in found.evidence.iter().filter(|e| e.theme == id) {
                if let Some(&k) = index.get(e.entry.as_str()) {
                    *counts.entry(k).or_default() += 1.0;
                }
                spans.push((e.span.start, e.span.end));
            }
            // The matcher cancels every match of the theme that overlaps an
            // occurrence of one of its exclusions: a feature there would be
            // counted by the model and never by the lexicon written.
            spans.extend(
                base.exclusion_spans(t, &self.corpus.tokens[i])
                    .iter()
                    .map(|s| (s.start, s.end)),
            );
            base_counts.push(counts.into_iter().collect());
            candidates.push(
                self.corpus.occurrences[i]
                    .iter()
                    .copied()
                    .filter(|o| !spans.iter().any(|&(s, e)| o.span.0 < e && s < o.span.1))
                    .collect(),
            );
        }
        ThemeSpec {
            id: id.to_string(),
            base: Some(theme),
            labels,
            base_counts,
            candidates,
        }
    }
}

/// A file name as it can stand in a TOML comment, which a line break would
/// end (the rest of the name read as TOML) and other control characters
/// make invalid: these are written as escapes (`\n`, `\u{7f}`).
fn comment_text(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_debug().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// The lexicon's header: provenance and cross-validated figures.
fn header(report: &TrainReport, base: Option<&Lexicon>) -> String {
    let mut s = String::new();
    s.push_str("# Theme lexicon produced by `parole train`.\n#\n");
    let _ = writeln!(
        s,
        "# gold: {} ({} passages, sha256 {})",
        comment_text(&report.gold),
        report.passages,
        report.gold_sha256
    );
    if let Some(b) = base {
        let _ = writeln!(
            s,
            "# base: {} (sha256 {})",
            comment_text(b.source()),
            b.sha256()
        );
    }
    let _ = writeln!(
        s,
        "# stopwords: {} ({} entries, sha256 {})",
        comment_text(&report.stopwords.source),
        report.stopwords.entries,
        report.stopwords.sha256
    );
    let top = match report.top {
        0 => "all".to_string(),
        n => n.to_string(),
    };
    let _ = writeln!(
        s,
        "# folds: {}, seed: {}, top: {top}, min-df: {}, l2: {}, l1: {}",
        report.folds, report.seed, report.min_df, report.l2, report.l1
    );
    s.push_str(
        "# Model: per theme, logistic regression on content-word keys and bigrams, weights\n\
         # kept >= 0 (L1 and L2 penalties); threshold chosen for F1 on the pooled held-out scores of the folds.\n",
    );
    if base.is_some() {
        s.push_str(
            "# Base entries and exclusions are kept with refitted weights; entries marked\n\
             # `# learned` were added from the gold passages.\n",
        );
    }
    let _ = writeln!(
        s,
        "#\n# {}-fold cross-validated figures (each fold's lexicon, as parole scores it,\n\
         # on passages it was not trained on):",
        report.folds
    );
    let width = id_column_width(report.themes.iter().map(|t| t.id.as_str()));
    for t in &report.themes {
        // Rounded once, from the counts (the report's are rounded to 4).
        match t
            .cv
            .map(|cv| prf_exact(cv.true_positives, cv.predicted, t.support))
        {
            Some(cv) => {
                let _ = writeln!(
                    s,
                    "#   {:width$}  support {:>4}  precision {:.3}  recall {:.3}  F1 {:.3}",
                    t.id, t.support, cv.precision, cv.recall, cv.f1
                );
            }
            None => {
                let _ = writeln!(
                    s,
                    "#   {:width$}  not labelled in the gold file: copied from the base",
                    t.id
                );
            }
        }
    }
    let (micro, macro_) = report.exact_averages();
    let _ = writeln!(
        s,
        "#   {:width$}  micro F1 {:.3}, macro F1 {:.3}",
        "all", micro.f1, macro_.f1
    );
    s.push_str("#\n# Check with: parole themes --check FILE\n\n");
    let name = base.map_or_else(
        || "parole-trained".to_string(),
        |b| format!("{}-trained", b.name()),
    );
    let _ = writeln!(s, "name = {}", toml_string(&name));
    // The base's version, marked as trained on this gold file (the first
    // eight hex digits of its SHA-256), so that an evaluation names it.
    let gold = report.gold_sha256.get(..8).unwrap_or(&report.gold_sha256);
    let version = match base.map(Lexicon::version).filter(|v| !v.is_empty()) {
        Some(v) => format!("{v}+trained.{gold}"),
        None => format!("trained.{gold}"),
    };
    let _ = writeln!(s, "version = {}", toml_string(&version));
    let language = base.map_or("fr", |b| b.language());
    let _ = writeln!(s, "language = {}", toml_string(language));
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::Stopwords;
    use crate::eval::round4;

    fn analyzer() -> Analyzer {
        Analyzer::new(Stopwords::builtin())
    }

    fn passage(id: &str, text: &str, themes: &[&str]) -> GoldPassage {
        GoldPassage {
            id: id.into(),
            text: text.into(),
            themes: themes.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// A separable set: theme `a` is signalled by "forêt"/"rivière", theme
    /// `b` by "impôt"/"budget", on top of noise words shared by all.
    pub(crate) fn separable(n: usize) -> Vec<GoldPassage> {
        let noise = [
            "Nous voulons avancer ensemble pour le pays.",
            "Le gouvernement présentera son plan la semaine prochaine.",
            "Les citoyens attendent des réponses claires et rapides.",
            "Cette réunion fut longue mais utile pour tous.",
        ];
        (0..n)
            .map(|k| {
                let base = noise[k % noise.len()];
                match k % 3 {
                    0 => passage(
                        &format!("p{k}"),
                        &format!("{base} La forêt et la rivière sont menacées."),
                        &["a"],
                    ),
                    1 => passage(
                        &format!("p{k}"),
                        &format!("{base} L'impôt pèse sur le budget des familles."),
                        &["b"],
                    ),
                    _ => passage(&format!("p{k}"), base, &[]),
                }
            })
            .collect()
    }

    fn entries_of(lexicon: &str, analyzer: &Analyzer, theme: &str) -> Vec<String> {
        let l = Lexicon::parse(lexicon, Path::new("t.toml"), analyzer).unwrap();
        let t = l.themes().iter().find(|t| t.id == theme).unwrap();
        t.entries.iter().map(|e| e.text.clone()).collect()
    }

    #[test]
    fn features_are_content_keys_and_adjacent_bigrams() {
        let analyzer = analyzer();
        let a = passage_features(&analyzer, "La transition écologique, et le climat.");
        let keys: Vec<&str> = a.features.iter().map(|f| f.key.as_str()).collect();
        // "transition écologique" is a pair; the comma and "et le" break pairs.
        assert_eq!(keys, ["transit", "transit ecolog", "ecolog", "climat"]);
        let surfaces: Vec<&str> = a.features.iter().map(|f| f.surface.as_str()).collect();
        assert_eq!(surfaces[1], "transition écologique");
        // A stopword is no feature and breaks pairs, whatever its key; a
        // content word sharing a stopword's key is one (`égalité` and
        // `également`), which the matcher tells apart.
        assert_eq!(analyzer.key("égalité"), analyzer.key("également"));
        let a = passage_features(&analyzer, "Égalité réelle, également chemin sûr.");
        let keys: Vec<&str> = a.features.iter().map(|f| f.key.as_str()).collect();
        assert_eq!(
            keys,
            ["egal", "egal reel", "reel", "chemin", "chemin sur", "sur"]
        );
    }

    #[test]
    fn folds_partition_the_passages() {
        let gold = separable(61);
        let plan = fold_plan(&gold, 5, 7);
        let mut all_scored: Vec<String> = Vec::new();
        for (trained, scored) in &plan {
            assert!(trained.iter().all(|id| !scored.contains(id)));
            assert_eq!(trained.len() + scored.len(), gold.len());
            all_scored.extend(scored.iter().cloned());
        }
        all_scored.sort();
        let mut ids: Vec<String> = gold.iter().map(|g| g.id.clone()).collect();
        ids.sort();
        assert_eq!(all_scored, ids, "every passage is scored exactly once");
        // The same seed gives the same folds; another seed others.
        assert_eq!(plan, fold_plan(&gold, 5, 7));
        assert_ne!(plan, fold_plan(&gold, 5, 8));
    }

    #[test]
    fn logistic_fit_separates_and_respects_bounds() {
        // Column 0 marks the positives; column 1 is noise on every row.
        let rows: Vec<Row> = (0..20)
            .map(|k| {
                if k % 2 == 0 {
                    vec![(0, 1.0), (1, 1.0)]
                } else {
                    vec![(1, 1.0)]
                }
            })
            .collect();
        let y: Vec<bool> = (0..20).map(|k| k % 2 == 0).collect();
        let (w, b) = fit_logistic(&rows, &y, &[0.0, 0.0], &[0.0, 0.0], &[0.0, 0.0], 0.1);
        assert!(w[0] > 2.0, "{w:?}");
        assert!(w[1] >= 0.0);
        assert!(w[0] + w[1] + b > 0.0 && w[1] + b < 0.0);
        // A lower bound holds even against the data.
        let (w, _) = fit_logistic(&rows, &y, &[0.0, 0.5], &[0.0, 0.0], &[0.0, 0.0], 0.1);
        assert!(w[1] >= 0.5);
    }

    #[test]
    fn best_threshold_maximises_f1_between_scores() {
        let scored = [
            (3.0, true),
            (2.0, true),
            (1.0, false),
            (0.0, false),
            (2.0, false),
        ];
        // ≥ 2 gives P 2/3 R 1; ≥ 3 gives P 1 R 1/2: F1 0.8 against 0.667.
        assert_eq!(best_threshold(&scored), 1.5);
        assert_eq!(best_threshold(&[(0.0, true), (0.0, false)]), 1.0);
        assert_eq!(best_threshold(&[(0.4, true), (0.3, false)]), 0.35);
    }

    #[test]
    fn a_count_of_one_is_written_in_the_singular() {
        let analyzer = analyzer();
        let mut gold = separable(30);
        gold[2] = passage("p2", "Cormorans, héliotropes, xylophones.", &["c"]);
        let error = train(&analyzer, &gold, None, &TrainOptions::default()).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("theme \"c\": no entry could be learned from its 1 labelled passage;"),
            "{error}"
        );
        let error = train(&analyzer, &gold[..1], None, &TrainOptions::default()).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("1 gold passage cannot be split into"),
            "{error}"
        );
    }

    #[test]
    fn separable_set_recovers_the_signal_words_with_f1_one() {
        let analyzer = analyzer();
        let gold = separable(60);
        let trained = train(&analyzer, &gold, None, &TrainOptions::default()).unwrap();
        for t in &trained.report.themes {
            let cv = t.cv.unwrap();
            assert_eq!(cv.f1, 1.0, "{}: {cv:?}", t.id);
        }
        assert_eq!(trained.report.macro_.f1, 1.0);
        let a = entries_of(&trained.lexicon, &analyzer, "a");
        let b = entries_of(&trained.lexicon, &analyzer, "b");
        for w in ["forêt", "rivière"] {
            assert!(a.iter().any(|e| e == w), "{w} not in {a:?}");
        }
        for w in ["impôt", "budget"] {
            assert!(b.iter().any(|e| e == w), "{w} not in {b:?}");
        }
        assert!(
            !a.iter().any(|e| e == "gouvernement" || e == "impôt"),
            "{a:?}"
        );
    }

    #[test]
    fn same_data_and_seed_same_bytes() {
        let analyzer = analyzer();
        let gold = separable(45);
        let options = TrainOptions::default();
        let one = train(&analyzer, &gold, None, &options).unwrap();
        let two = train(&analyzer, &gold, None, &options).unwrap();
        assert_eq!(one.lexicon, two.lexicon);
        assert_eq!(one.report, two.report);
    }

    #[test]
    fn file_names_with_control_characters_leave_the_lexicon_loadable() {
        let analyzer = analyzer();
        let options = TrainOptions {
            gold_name: "dev\nlabels\r\u{7f}.jsonl".into(),
            ..TrainOptions::default()
        };
        let trained = train(&analyzer, &separable(60), None, &options).unwrap();
        Lexicon::parse(&trained.lexicon, Path::new("learned.toml"), &analyzer).unwrap();
        assert!(
            trained
                .lexicon
                .contains("# gold: dev\\nlabels\\r\\u{7f}.jsonl (60 passages"),
            "{}",
            trained.lexicon
        );
    }

    #[test]
    fn cross_validation_never_scores_a_passage_with_a_model_trained_on_it() {
        let analyzer = analyzer();
        let mut gold = separable(60);
        // The only signal of this passage is a word no other passage has.
        gold.push(passage(
            "poison",
            "Nous voulons avancer ensemble avec le zorglub.",
            &["a"],
        ));
        let options = TrainOptions {
            min_df: 1,
            l1: 0.0,
            l2: 1.0,
            ..TrainOptions::default()
        };
        let trained = train(&analyzer, &gold, None, &options).unwrap();
        // Trained on everything, the lexicon learns the word...
        assert!(entries_of(&trained.lexicon, &analyzer, "a").contains(&"zorglub".to_string()));
        // ...but the fold that scores the passage never saw it.
        let mut scored_in = 0;
        for fold in &trained.folds {
            assert!(
                fold.scored.iter().all(|id| !fold.trained_on.contains(id)),
                "a fold scored a passage it was trained on"
            );
            if let Some(k) = fold.scored.iter().position(|id| id == "poison") {
                scored_in += 1;
                assert!(fold.assigned[k].is_empty(), "{:?}", fold.assigned[k]);
                assert!(!fold.lexicon.contains("zorglub"));
            }
        }
        assert_eq!(scored_in, 1);
        let a = trained.report.themes.iter().find(|t| t.id == "a").unwrap();
        assert_eq!(a.cv.unwrap().recall, round4(20.0 / 21.0));
    }

    #[test]
    fn cv_figures_are_those_of_the_fold_lexicons_as_eval_scores_them() {
        let analyzer = analyzer();
        let mut gold = separable(60);
        // Some noise in the labels, so the figures are not all 1.
        gold[2].themes = vec!["a".into()];
        gold[4].themes = vec![];
        let trained = train(&analyzer, &gold, None, &TrainOptions::default()).unwrap();
        let mut tp = BTreeMap::<String, (u64, u64)>::new();
        for fold in &trained.folds {
            let lexicon = Lexicon::parse(&fold.lexicon, Path::new("fold"), &analyzer).unwrap();
            let held: Vec<GoldPassage> = gold
                .iter()
                .filter(|g| fold.scored.contains(&g.id))
                .cloned()
                .collect();
            for s in evaluate(&analyzer, &lexicon, &held).themes {
                let e = tp.entry(s.id).or_default();
                e.0 += s.true_positives;
                e.1 += s.predicted;
            }
        }
        for t in &trained.report.themes {
            let cv = t.cv.unwrap();
            assert_eq!((cv.true_positives, cv.predicted), tp[&t.id], "{}", t.id);
        }
    }

    #[test]
    fn words_inside_an_exclusion_of_the_base_are_not_learned() {
        let analyzer = analyzer();
        let base = Lexicon::parse(
            "name = \"mini\"\n[[theme]]\nid = \"a\"\nlabel = \"Nature\"\nthreshold = 2\n\
             exclude = [\"forêt noire\"]\n[theme.entries]\n\"bosquet\" = 3\n",
            Path::new("mini.toml"),
            &analyzer,
        )
        .unwrap();
        // Theme a is carried by "forêt" (20 passages) and by "forêt noire"
        // (20 passages), which the base excludes: the matcher cancels every
        // match inside "forêt noire", so "noire" and "forêt noire", found
        // nowhere else, can never count and must not be learned.
        let noise = [
            "Nous voulons avancer ensemble pour le pays.",
            "Le gouvernement présentera son plan la semaine prochaine.",
            "Les citoyens attendent des réponses claires et rapides.",
            "Cette réunion fut longue mais utile pour tous.",
        ];
        let gold: Vec<GoldPassage> = (0..60)
            .map(|k| {
                let base = noise[k % noise.len()];
                let (text, themes): (String, &[&str]) = match k % 3 {
                    0 => (format!("{base} La forêt est menacée."), &["a"]),
                    1 => (format!("{base} La forêt noire est menacée."), &["a"]),
                    _ => (base.to_string(), &[]),
                };
                passage(&format!("p{k}"), &text, themes)
            })
            .collect();
        let trained = train(&analyzer, &gold, Some(&base), &TrainOptions::default()).unwrap();
        let a = entries_of(&trained.lexicon, &analyzer, "a");
        assert!(a.iter().any(|e| e == "forêt"), "{a:?}");
        for cancelled in ["noire", "forêt noire"] {
            assert!(!a.iter().any(|e| e == cancelled), "{cancelled} in {a:?}");
        }
    }

    #[test]
    fn base_entries_are_kept_and_additions_marked() {
        let analyzer = analyzer();
        let base = Lexicon::parse(
            "name = \"mini\"\n[[theme]]\nid = \"a\"\nlabel = \"Nature\"\ngroup = \"core\"\n\
             threshold = 2\nexclude = [\"forêt noire\"]\n[theme.entries]\n\"bosquet\" = 3\n\"arbre*\" = 1\n",
            Path::new("mini.toml"),
            &analyzer,
        )
        .unwrap();
        let gold = separable(60);
        let options = TrainOptions {
            themes: vec!["a".into(), "b".into()],
            ..TrainOptions::default()
        };
        let trained = train(&analyzer, &gold, Some(&base), &options).unwrap();
        let text = &trained.lexicon;
        let lexicon = Lexicon::parse(text, Path::new("out.toml"), &analyzer).unwrap();
        let a = &lexicon.themes()[0];
        assert_eq!((a.id.as_str(), a.label.as_str()), ("a", "Nature"));
        assert_eq!(a.exclusions[0].text, "forêt noire");
        for kept in ["bosquet", "arbre*"] {
            assert!(a.entries.iter().any(|e| e.text == kept), "{kept}");
            let line = text
                .lines()
                .find(|l| l.starts_with(&format!("\"{kept}\"")))
                .unwrap();
            assert!(!line.contains("# learned"), "{line}");
        }
        assert!(
            text.contains("\"rivière\" = ") && text.contains("# learned"),
            "{text}"
        );
        // Theme b is not in the base: every entry of it is learned.
        let b_table = text.split("id = \"b\"").nth(1).unwrap();
        let b_entries = b_table.split("[theme.entries]\n").nth(1).unwrap();
        assert!(
            b_entries.lines().all(|l| l.ends_with("# learned")),
            "{b_entries}"
        );
        let report = &trained.report;
        // The base has a figure for theme a, none for b: no base averages
        // over other themes than the trained ones.
        assert!(report.themes[0].base.is_some() && report.themes[1].base.is_none());
        assert!(report.base_micro.is_none() && report.base_macro.is_none());
        assert!(report.themes[0].learned >= 1);
    }
}
