//! The analysis pipeline: a validated [`Config`] (analyzer, lexicon and
//! options, built once), the pure per-document analysis that rayon runs in
//! parallel, and the [`CorpusTotals`] that merge document results in input
//! order. Nothing here does I/O; reading is `corpus`, writing is the CLI's.

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::analyze::{Analyzer, Span};
use crate::corpus::{Document, Item, Skipped};
use crate::count::{TermTable, TokenTotals};
use crate::segment::{passages, PassageMode};
use crate::themes::{Evidence, Lexicon};

/// Everything an analysis needs, validated.
#[derive(Debug)]
pub struct Config {
    /// The French analyzer (with its stopword list).
    pub analyzer: Analyzer,
    /// The theme lexicon.
    pub lexicon: Lexicon,
    /// How documents are cut into passages.
    pub passage: PassageMode,
    /// Rows kept in each term and n-gram table.
    pub top: usize,
    /// Minimum count of an n-gram to be listed.
    pub min_ngram_count: u64,
}

/// One analysed passage.
#[derive(Debug, Clone, PartialEq)]
pub struct PassageResult {
    /// Position in the document, from 0.
    pub index: usize,
    /// Byte span in the document text.
    pub span: Span,
    /// The passage text, as in the document.
    pub text: String,
    /// Token totals.
    pub totals: TokenTotals,
    /// Score per theme, in lexicon order.
    pub scores: Vec<f64>,
    /// Assigned themes (indices in lexicon order).
    pub assigned: Vec<usize>,
    /// Matches behind the scores.
    pub evidence: Vec<Evidence>,
}

/// One analysed document: its own tables, closed (documents = 1).
#[derive(Debug, Clone)]
pub struct DocumentResult {
    /// Identifier.
    pub id: String,
    /// Where it came from.
    pub source: String,
    /// Metadata.
    pub meta: BTreeMap<String, serde_json::Value>,
    /// The encoding the text was decoded from.
    pub encoding: String,
    /// What the reader noticed (a fallback encoding, unclosed front matter).
    pub warnings: Vec<String>,
    /// Token totals.
    pub totals: TokenTotals,
    /// Content-word counts.
    pub terms: TermTable,
    /// Bigram and trigram counts.
    pub ngrams: TermTable,
    /// Passages, in order.
    pub passages: Vec<PassageResult>,
}

impl Config {
    /// Analyses one document. Pure: cannot fail, touches no shared state.
    pub fn analyze_document(&self, doc: &Document) -> DocumentResult {
        let mut terms = TermTable::new();
        let mut ngrams = TermTable::new();
        let mut totals = TokenTotals::default();
        let spans = passages(&doc.text, doc.body_start, self.passage);
        let mut results = Vec::with_capacity(spans.len());
        for (index, span) in spans.into_iter().enumerate() {
            let text = &doc.text[span.start..span.end];
            let tokens = self.analyzer.analyze_at(text, span.start);
            let passage_totals = TokenTotals::of(&tokens);
            totals += passage_totals;
            terms.add_terms(&tokens);
            ngrams.add_ngrams(&tokens, 2);
            ngrams.add_ngrams(&tokens, 3);
            let themes = self.lexicon.match_passage(&doc.text, &tokens);
            results.push(PassageResult {
                index,
                span,
                text: text.to_string(),
                totals: passage_totals,
                scores: themes.scores,
                assigned: themes.assigned,
                evidence: themes.evidence,
            });
        }
        terms.close_document();
        ngrams.close_document();
        DocumentResult {
            id: doc.id.clone(),
            source: doc.source.clone(),
            meta: doc.meta.clone(),
            encoding: doc.encoding.clone(),
            warnings: doc.warnings.clone(),
            totals,
            terms,
            ngrams,
            passages: results,
        }
    }

    /// Analyses a batch of items in parallel and returns them in input
    /// order: documents analysed, skipped units passed through.
    pub fn analyze_batch(&self, items: Vec<Item>) -> Vec<Outcome> {
        items
            .into_par_iter()
            .map(|item| match item {
                Item::Document(doc) => Outcome::Analysed(Box::new(self.analyze_document(&doc))),
                Item::Skipped(s) => Outcome::Skipped(s),
            })
            .collect()
    }
}

/// What became of one input unit.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// Analysed.
    Analysed(Box<DocumentResult>),
    /// Could not be used.
    Skipped(Skipped),
}

/// Counts per theme over a set of passages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ThemeTotals {
    /// Passages assigned the theme.
    pub passages: u64,
    /// Content tokens in those passages.
    pub content_tokens: u64,
    /// Documents with at least one such passage.
    pub documents: u64,
}

impl std::ops::AddAssign for ThemeTotals {
    fn add_assign(&mut self, other: ThemeTotals) {
        self.passages += other.passages;
        self.content_tokens += other.content_tokens;
        self.documents += other.documents;
    }
}

/// Theme totals of one document, in lexicon order.
pub fn document_themes(doc: &DocumentResult, theme_count: usize) -> Vec<ThemeTotals> {
    let mut out = vec![ThemeTotals::default(); theme_count];
    for p in &doc.passages {
        for &t in &p.assigned {
            out[t].passages += 1;
            out[t].content_tokens += p.totals.content_tokens;
        }
    }
    for t in &mut out {
        t.documents = u64::from(t.passages > 0);
    }
    out
}

/// Corpus totals, merged from document results in input order.
#[derive(Debug, Clone, Default)]
pub struct CorpusTotals {
    /// Documents analysed.
    pub documents: u64,
    /// Passages.
    pub passages: u64,
    /// Token totals.
    pub totals: TokenTotals,
    /// Content-word counts, with document frequencies.
    pub terms: TermTable,
    /// N-gram counts, with document frequencies.
    pub ngrams: TermTable,
    /// Per theme, in lexicon order.
    pub themes: Vec<ThemeTotals>,
    /// Units that could not be used, in input order.
    pub skipped: Vec<Skipped>,
    /// Input units seen by the reader (files, lines, rows): each ends as a
    /// document or a skipped unit.
    pub inputs_seen: u64,
}

impl CorpusTotals {
    /// Empty totals for a lexicon of `theme_count` themes.
    pub fn new(theme_count: usize) -> CorpusTotals {
        CorpusTotals {
            themes: vec![ThemeTotals::default(); theme_count],
            ..CorpusTotals::default()
        }
    }

    /// Adds one document.
    pub fn add(&mut self, doc: &DocumentResult) {
        self.documents += 1;
        self.passages += doc.passages.len() as u64;
        self.totals += doc.totals;
        self.terms += &doc.terms;
        self.ngrams += &doc.ngrams;
        let doc_themes = document_themes(doc, self.themes.len());
        for (ours, theirs) in self.themes.iter_mut().zip(doc_themes) {
            *ours += theirs;
        }
    }

    /// Adds the totals of other documents (another group's, say).
    pub fn merge(&mut self, other: &CorpusTotals) {
        self.documents += other.documents;
        self.passages += other.passages;
        self.totals += other.totals;
        self.terms += &other.terms;
        self.ngrams += &other.ngrams;
        for (ours, theirs) in self.themes.iter_mut().zip(&other.themes) {
            *ours += *theirs;
        }
        self.skipped.extend(other.skipped.iter().cloned());
        self.inputs_seen += other.inputs_seen;
    }
}
