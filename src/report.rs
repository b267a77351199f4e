//! The JSON report: serde types (field order is output order, with
//! `schema_version` first), and their construction from pipeline results.
//! Everything is sorted and rounded here, so the bytes of a report depend
//! only on the input and the options. No I/O.
//!
//! The schema is documented in `schema/report.schema.json` and README.md;
//! fields are only ever added, never renamed. `SCHEMA_VERSION` changes its
//! minor number when fields are added, its major number if one ever changes.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::corpus::CorpusOptions;
use crate::corpus::Skipped;
use crate::count::{DocumentFrequency, TermRow};
use crate::pipeline::{
    document_themes, top_entries, Config, CorpusTotals, DocumentResult, PassageResult, ThemeTotals,
};
use crate::segment::PassageMode;
use crate::themes::{Lexicon, ThemeGroup};

/// Version of the report schema.
pub const SCHEMA_VERSION: &str = "1.6.0";

/// The whole report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Report {
    /// Version of this schema; first field.
    pub schema_version: String,
    /// Version of parole that wrote the report.
    pub parole_version: String,
    /// The options and the content hashes needed to reproduce the result.
    pub config: ReportConfig,
    /// Corpus totals and skipped inputs.
    pub corpus: CorpusReport,
    /// Key terms of the corpus.
    pub terms: Vec<TermEntry>,
    /// Key bigrams and trigrams of the corpus.
    pub ngrams: Vec<NgramEntry>,
    /// Theme shares in the corpus, in lexicon order.
    pub themes: Vec<ThemeEntry>,
    /// Documents in input order (empty on the last line of `--format jsonl`).
    pub documents: Vec<DocumentReport>,
}

/// Options of the run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportConfig {
    /// The inputs as given.
    pub inputs: Vec<String>,
    /// Passage mode.
    pub passage: PassageMode,
    /// Rows per table.
    pub top: usize,
    /// Minimum n-gram count.
    pub min_ngram_count: u64,
    /// JSONL/CSV text field.
    pub text_field: String,
    /// JSONL/CSV id field.
    pub id_field: String,
    /// `--encoding`: the encoding of inputs without a byte-order mark
    /// (`null`: detected, UTF-8 or windows-1252, with a warning unless UTF-8).
    pub encoding: Option<String>,
    /// `--delimiter` of CSV inputs (`null`: detected from each header).
    pub delimiter: Option<String>,
    /// `--follow-links`: symbolic links inside folders followed.
    pub follow_links: bool,
    /// `--max-document-bytes` (`null`: no limit).
    pub max_document_bytes: Option<u64>,
    /// `--where`: the conditions on metadata, as given (empty: every
    /// document kept).
    #[serde(rename = "where")]
    pub conditions: Vec<String>,
    /// `--within-theme`: the theme whose passages alone were analysed
    /// (`null`: every passage).
    #[serde(default)]
    pub within_theme: Option<String>,
    /// The stopword list.
    pub stopwords: StopwordsInfo,
    /// The lexicon.
    pub lexicon: LexiconInfo,
}

/// Which stopword list, exactly.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StopwordsInfo {
    /// Path, or `builtin:stopwords/fr.txt`.
    pub source: String,
    /// SHA-256 of its text.
    pub sha256: String,
    /// Number of entries.
    pub entries: usize,
}

impl StopwordsInfo {
    /// The record of `stopwords`.
    pub fn of(stopwords: &crate::analyze::Stopwords) -> StopwordsInfo {
        StopwordsInfo {
            source: stopwords.source().to_string(),
            sha256: stopwords.sha256().to_string(),
            entries: stopwords.len(),
        }
    }
}

/// Which lexicon, exactly.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LexiconInfo {
    /// Path, or `builtin:themes/fr.toml`.
    pub source: String,
    /// Name from the file.
    pub name: String,
    /// Version from the file.
    pub version: String,
    /// SHA-256 of its text.
    pub sha256: String,
    /// Theme ids in use.
    pub themes: Vec<String>,
}

impl LexiconInfo {
    /// The record of `lexicon`, with the ids of the themes it holds (those
    /// of `--only-themes` once they are kept), in lexicon order. The one
    /// record of a lexicon in every JSON report: `parole analyze`,
    /// `compare`, `kwic`, `collocates`, `eval` (both lexicons of
    /// `--against`) and `themes`.
    pub fn of(lexicon: &Lexicon) -> LexiconInfo {
        LexiconInfo {
            source: lexicon.source().to_string(),
            name: lexicon.name().to_string(),
            version: lexicon.version().to_string(),
            sha256: lexicon.sha256().to_string(),
            themes: lexicon.themes().iter().map(|t| t.id.clone()).collect(),
        }
    }
}

/// Corpus totals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CorpusReport {
    /// Input units seen (files, JSONL lines, CSV rows): `documents + skipped
    /// + left_out`.
    pub inputs_seen: u64,
    /// Documents read and left out by the conditions of `--where`
    /// (`config.where`).
    pub left_out: u64,
    /// Documents analysed.
    pub documents: u64,
    /// Passages.
    pub passages: u64,
    /// Tokens other than punctuation.
    pub tokens: u64,
    /// Content words.
    pub content_tokens: u64,
    /// Distinct term keys.
    pub types: u64,
    /// Inputs that could not be used.
    pub skipped: Vec<SkippedEntry>,
}

/// An input that could not be used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SkippedEntry {
    /// Path or `path:line`.
    pub source: String,
    /// Why.
    pub reason: String,
}

/// A corpus term.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermEntry {
    /// Key: lower-case, stemmed, folded.
    pub key: String,
    /// Most frequent surface form.
    pub display: String,
    /// Occurrences.
    pub count: u64,
    /// Documents containing it.
    pub documents: u64,
    /// Occurrences per 10,000 content tokens.
    pub per_10k: f64,
}

/// A corpus n-gram.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NgramEntry {
    /// Number of words (2 or 3).
    pub n: usize,
    /// Keys joined by spaces.
    pub key: String,
    /// Most frequent surface forms.
    pub display: String,
    /// Occurrences.
    pub count: u64,
    /// Documents containing it.
    pub documents: u64,
    /// Occurrences per 10,000 content tokens.
    pub per_10k: f64,
}

/// A theme's share of the corpus.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeEntry {
    /// Theme id.
    pub id: String,
    /// Label.
    pub label: String,
    /// `core` or `extended`.
    pub group: String,
    /// Passages assigned the theme.
    pub passages: u64,
    /// Those passages / all passages.
    pub passage_share: f64,
    /// Content tokens in those passages.
    pub content_tokens: u64,
    /// Those tokens / all content tokens.
    pub token_share: f64,
    /// Documents with at least one such passage.
    pub documents: u64,
    /// The entries that carried the theme in those passages, most matches
    /// first (the `--top` first; all with `--top 0`).
    pub entries: Vec<EntryCount>,
}

/// How often a lexicon entry carried its theme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntryCount {
    /// The entry as written in the lexicon.
    pub entry: String,
    /// Its matches in the passages assigned the theme.
    pub matches: u64,
    /// Those passages.
    pub passages: u64,
}

/// One document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentReport {
    /// Identifier.
    pub id: String,
    /// Where it came from.
    pub source: String,
    /// Metadata.
    pub meta: BTreeMap<String, serde_json::Value>,
    /// Encoding the text was decoded from (`UTF-8`, `UTF-16LE`, `windows-1252`…).
    pub encoding: String,
    /// What the reader noticed about the document (empty normally).
    pub warnings: Vec<String>,
    /// Tokens other than punctuation.
    pub tokens: u64,
    /// Content words.
    pub content_tokens: u64,
    /// Distinct term keys.
    pub types: u64,
    /// Key terms, by tf-idf.
    pub terms: Vec<DocumentTerm>,
    /// N-grams of the document with at least the minimum count.
    pub ngrams: Vec<NgramEntry>,
    /// Theme shares in the document, in lexicon order.
    pub themes: Vec<DocumentTheme>,
    /// Passages, in order.
    pub passages: Vec<PassageReport>,
}

/// A document term. Its strings are owned in a report; the streamed report
/// serialises terms that borrow them (`DocumentTerm<&str>`), the same JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentTerm<S = String> {
    /// Key.
    pub key: S,
    /// Most frequent surface form in the document.
    pub display: S,
    /// Occurrences in the document.
    pub count: u64,
    /// Per 10,000 content tokens of the document.
    pub per_10k: f64,
    /// tf × idf: `count / content_tokens × (ln((1 + N) / (1 + df)) + 1)`.
    pub tfidf: f64,
}

/// A theme's share of one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentTheme {
    /// Theme id.
    pub id: String,
    /// Passages assigned the theme.
    pub passages: u64,
    /// Those passages / the document's passages.
    pub passage_share: f64,
    /// Content tokens in those passages.
    pub content_tokens: u64,
    /// Those tokens / the document's content tokens.
    pub token_share: f64,
}

/// One passage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PassageReport {
    /// Position in the document, from 0.
    pub index: usize,
    /// Byte span `[start, end)` in the document text as read.
    pub span: [usize; 2],
    /// The passage text.
    pub text: String,
    /// In a transcript, the speaker label of the turn the passage is in,
    /// as written (`BRUNO LE MAIRE`, `Q`); `None` (null) elsewhere.
    pub speaker: Option<String>,
    /// Tokens other than punctuation.
    pub tokens: u64,
    /// Content words.
    pub content_tokens: u64,
    /// Assigned theme ids, in lexicon order.
    pub themes: Vec<String>,
    /// Scores of the themes with at least one match.
    pub scores: BTreeMap<String, f64>,
    /// Every match behind the scores.
    pub evidence: Vec<EvidenceReport>,
}

/// One match.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceReport {
    /// Theme id.
    pub theme: String,
    /// The lexicon entry.
    pub entry: String,
    /// The matched text as in the document.
    pub text: String,
    /// Byte span of the match in the document text.
    pub span: [usize; 2],
    /// The entry's weight.
    pub weight: f64,
}

/// Rounds to `digits` decimals, so that reports are readable and stable.
fn round(x: f64, digits: i32) -> f64 {
    let f = 10f64.powi(digits);
    (x * f).round() / f
}

fn ratio(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        round(part as f64 / whole as f64, 4)
    }
}

pub(crate) fn per_10k(count: u64, content_tokens: u64) -> f64 {
    if content_tokens == 0 {
        0.0
    } else {
        round(count as f64 * 10_000.0 / content_tokens as f64, 2)
    }
}

fn group_name(group: ThemeGroup) -> String {
    match group {
        ThemeGroup::Core => "core",
        ThemeGroup::Extended => "extended",
    }
    .to_string()
}

impl ReportConfig {
    /// The report's record of a run's options.
    pub fn new(config: &Config, inputs: Vec<String>, reading: &CorpusOptions) -> ReportConfig {
        let stopwords = config.analyzer.stopwords();
        ReportConfig {
            inputs,
            passage: config.passage,
            // Every row (`--top 0`) is written as 0, as it was given.
            top: if config.top == usize::MAX {
                0
            } else {
                config.top
            },
            min_ngram_count: config.min_ngram_count,
            text_field: reading.text_field.clone(),
            id_field: reading
                .id_field
                .as_deref()
                .unwrap_or(crate::corpus::DEFAULT_ID_FIELD)
                .to_string(),
            encoding: reading.encoding.map(|e| e.name().to_string()),
            delimiter: reading.delimiter.map(|d| match d {
                b'\t' => "tab".to_string(),
                d => char::from(d).to_string(),
            }),
            follow_links: reading.follow_links,
            max_document_bytes: reading.max_document_bytes,
            conditions: reading.conditions.clone(),
            within_theme: config
                .within_theme
                .map(|t| config.lexicon.themes()[t].id.clone()),
            stopwords: StopwordsInfo::of(stopwords),
            lexicon: LexiconInfo::of(&config.lexicon),
        }
    }
}

fn term_entries(rows: &[TermRow<'_>], top: usize, content_tokens: u64) -> Vec<TermEntry> {
    rows.iter()
        .take(top)
        .map(|r| TermEntry {
            key: r.key.to_string(),
            display: r.counts.display().to_string(),
            count: r.counts.count,
            documents: r.counts.documents,
            per_10k: per_10k(r.counts.count, content_tokens),
        })
        .collect()
}

/// The rows as entries: already the `--top` of each n-gram length.
fn ngram_entries(rows: Vec<TermRow<'_>>, content_tokens: u64) -> Vec<NgramEntry> {
    rows.iter()
        .map(|r| NgramEntry {
            n: r.key.n(),
            key: r.key.to_string(),
            display: r.counts.display().to_string(),
            count: r.counts.count,
            documents: r.counts.documents,
            per_10k: per_10k(r.counts.count, content_tokens),
        })
        .collect()
}

/// The inverse document frequency of a key found in `df` of the
/// `corpus_documents` documents: `ln((1 + N) / (1 + df)) + 1`.
pub(crate) fn idf(df: u64, corpus_documents: u64) -> f64 {
    ((1.0 + corpus_documents as f64) / (1.0 + df as f64)).ln() + 1.0
}

/// The `top` terms of a document by tf-idf (ties by count, then key), from
/// rows of key, count in the document and whatever `strings` needs to give
/// the term's key and display form: only the rows kept are turned into
/// strings. `idf` gives a key's inverse document frequency (see [`idf`]);
/// keys are ordered as their strings are.
pub(crate) fn key_terms<K: Ord, D, S>(
    rows: impl Iterator<Item = (K, u64, D)>,
    content_tokens: u64,
    idf: impl Fn(&K) -> f64,
    top: usize,
    strings: impl Fn(K, D) -> (S, S),
) -> Vec<DocumentTerm<S>> {
    let mut ranked: Vec<(f64, u64, K, D)> = rows
        .map(|(key, count, shown)| {
            let tf = count as f64 / content_tokens.max(1) as f64;
            (round(tf * idf(&key), 6), count, key, shown)
        })
        .collect();
    let by_rank = |a: &(f64, u64, K, D), b: &(f64, u64, K, D)| {
        b.0.total_cmp(&a.0)
            .then(b.1.cmp(&a.1))
            .then_with(|| a.2.cmp(&b.2))
    };
    if ranked.len() > top {
        ranked.select_nth_unstable_by(top, by_rank);
        ranked.truncate(top);
    }
    ranked.sort_unstable_by(by_rank);
    ranked
        .into_iter()
        .map(|(tfidf, count, key, shown)| {
            let (key, display) = strings(key, shown);
            DocumentTerm {
                key,
                display,
                count,
                per_10k: per_10k(count, content_tokens),
                tfidf,
            }
        })
        .collect()
}

/// Builds the report of one document; `df` gives each key's document
/// frequency over the `corpus_documents` documents of the corpus.
pub fn document_report(
    config: &Config,
    doc: &DocumentResult,
    df: &impl DocumentFrequency,
    corpus_documents: u64,
) -> DocumentReport {
    let mut report = document_report_without_terms(config, doc);
    report.terms = key_terms(
        doc.terms
            .iter()
            .map(|(key, counts)| (key, counts.count, counts)),
        doc.totals.content_tokens,
        |key| idf(df.document_frequency(key).unwrap_or(1), corpus_documents),
        config.top,
        |key, counts| (key.to_string(), counts.display()),
    );
    report
}

/// The report of one document with no key terms yet: all that does not
/// depend on the rest of the corpus.
pub fn document_report_without_terms(config: &Config, doc: &DocumentResult) -> DocumentReport {
    let mut report = document_report_without_passages(config, doc);
    report.passages = doc
        .passages
        .iter()
        .map(|p| passage_report(&config.lexicon, p))
        .collect();
    report
}

/// The report of a passage.
pub(crate) fn passage_report(lexicon: &Lexicon, p: &PassageResult) -> PassageReport {
    PassageReport {
        index: p.index,
        span: [p.span.start, p.span.end],
        text: p.text.clone(),
        speaker: p.speaker.clone(),
        tokens: p.totals.tokens,
        content_tokens: p.totals.content_tokens,
        themes: p
            .assigned
            .iter()
            .map(|&t| lexicon.themes()[t].id.clone())
            .collect(),
        scores: p
            .scores
            .iter()
            .enumerate()
            .filter(|(_, &s)| s > 0.0)
            .map(|(t, &s)| (lexicon.themes()[t].id.clone(), passage_score(s)))
            .collect(),
        evidence: p
            .evidence
            .iter()
            .map(|e| EvidenceReport {
                theme: e.theme.clone(),
                entry: e.entry.clone(),
                text: e.text.clone(),
                span: [e.span.start, e.span.end],
                weight: e.weight,
            })
            .collect(),
    }
}

/// A passage's theme score as reported.
pub(crate) fn passage_score(score: f64) -> f64 {
    round(score, 4)
}

/// [`document_report_without_terms`] with no passages either: the streamed
/// report writes them straight from the analysis, and the tables of
/// documents and themes do not show them.
pub fn document_report_without_passages(config: &Config, doc: &DocumentResult) -> DocumentReport {
    let content = doc.totals.content_tokens;
    let themes = document_theme_reports(&config.lexicon, doc);
    DocumentReport {
        id: doc.id.clone(),
        source: doc.source.clone(),
        meta: doc.meta.clone(),
        encoding: doc.encoding.clone(),
        warnings: doc.warnings.clone(),
        tokens: doc.totals.tokens,
        content_tokens: content,
        types: doc.terms.len() as u64,
        terms: Vec::new(),
        ngrams: ngram_entries(doc.ngrams.top(config.min_ngram_count, config.top), content),
        themes,
        passages: Vec::new(),
    }
}

/// The theme shares of a document, in lexicon order.
pub fn document_theme_reports(lexicon: &Lexicon, doc: &DocumentResult) -> Vec<DocumentTheme> {
    let content = doc.totals.content_tokens;
    let passage_count = doc.passages.len() as u64;
    lexicon
        .themes()
        .iter()
        .zip(document_themes(doc, lexicon.themes().len()))
        .map(|(theme, t)| DocumentTheme {
            id: theme.id.clone(),
            passages: t.passages,
            passage_share: ratio(t.passages, passage_count),
            content_tokens: t.content_tokens,
            token_share: ratio(t.content_tokens, content),
        })
        .collect()
}

/// Builds the report (documents included as given).
pub fn build_report(
    config: &Config,
    report_config: ReportConfig,
    totals: &CorpusTotals,
    documents: Vec<DocumentReport>,
) -> Report {
    let content = totals.totals.content_tokens;
    let themes = config
        .lexicon
        .themes()
        .iter()
        .zip(&totals.themes)
        .zip(&totals.entries)
        .map(|((theme, t), entries): ((_, &ThemeTotals), _)| ThemeEntry {
            id: theme.id.clone(),
            label: theme.label.clone(),
            group: group_name(theme.group),
            passages: t.passages,
            passage_share: ratio(t.passages, totals.passages),
            content_tokens: t.content_tokens,
            token_share: ratio(t.content_tokens, content),
            documents: t.documents,
            entries: top_entries(entries, config.top)
                .into_iter()
                .map(|(entry, tally)| EntryCount {
                    entry: entry.to_string(),
                    matches: tally.matches,
                    passages: tally.passages,
                })
                .collect(),
        })
        .collect();
    Report {
        schema_version: SCHEMA_VERSION.to_string(),
        parole_version: env!("CARGO_PKG_VERSION").to_string(),
        config: report_config,
        corpus: CorpusReport {
            inputs_seen: totals.inputs_seen,
            left_out: totals.left_out,
            documents: totals.documents,
            passages: totals.passages,
            tokens: totals.totals.tokens,
            content_tokens: content,
            types: totals.terms.len() as u64,
            skipped: totals.skipped.iter().map(SkippedEntry::from).collect(),
        },
        terms: term_entries(&totals.terms.top(1, config.top), config.top, content),
        ngrams: ngram_entries(
            totals.ngrams.top(config.min_ngram_count, config.top),
            content,
        ),
        themes,
        documents,
    }
}

impl From<&Skipped> for SkippedEntry {
    fn from(s: &Skipped) -> SkippedEntry {
        SkippedEntry {
            source: s.source.clone(),
            reason: s.reason.clone(),
        }
    }
}
