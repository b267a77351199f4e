//! The analysis pipeline: a validated [`Config`] (analyzer, lexicon and
//! options, built once), the pure per-document analysis that rayon runs in
//! parallel, and the [`CorpusTotals`] that merge document results (in
//! parallel: they are sums). Nothing here does I/O; reading is `corpus`,
//! writing is the CLI's.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;

use rayon::prelude::*;

use crate::analyze::{
    fold, mark_speaker_labels, written_without_accents, Analyzer, Span, Stopwords, Token,
};
use crate::corpus::{Document, Item, Skipped};
use crate::count::{DocumentTable, TermTable, Terms, TokenTotals};
use crate::segment::{passages, PassageMode};
use crate::speakers::{credit_line, speaker_labels, thematic_lines, turn_speaker};
use crate::themes::{find_all, Evidence, Lexicon, Pattern};

/// Everything an analysis needs, validated.
#[derive(Debug)]
pub struct Config {
    /// The French analyzer (with its stopword list).
    pub analyzer: Analyzer,
    /// The theme lexicon.
    pub lexicon: Lexicon,
    /// How documents are cut into passages.
    pub passage: PassageMode,
    /// Rows kept in each term and n-gram table, and entries listed per theme
    /// (`usize::MAX` for all).
    pub top: usize,
    /// Minimum count of an n-gram to be listed.
    pub min_ngram_count: u64,
    /// Only the passages assigned this theme (an index into the lexicon's
    /// themes) are analysed into results and tables; the others are left
    /// out as if absent (the passages kept keep their index and span).
    /// `None` keeps every passage.
    pub within_theme: Option<usize>,
}

/// What the analysis of a passage needs to know of its whole document:
/// where its speaker labels, credit line and thematic lines are, and whether it is written
/// without accents.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Marks {
    /// The document's speaker labels ([`speaker_labels`]), in order.
    pub labels: Vec<Span>,
    /// The credit line that closes the document ([`credit_line`]).
    pub credit: Option<Span>,
    /// The thematic lines of an Iramuteq text ([`thematic_lines`]), in order.
    pub thematic: Vec<Span>,
    /// The document is French typed without accents
    /// ([`written_without_accents`]): its words get the key of their
    /// accented ending ([`Analyzer::restore_accented_endings`]).
    pub unaccented: bool,
}

impl Marks {
    /// The marks of `doc`, read from its body.
    pub fn of(doc: &Document) -> Marks {
        Marks::of_text(&doc.text, doc.body_start)
    }

    /// The marks of a document's `text` whose body starts at `body_start`.
    pub fn of_text(text: &str, body_start: usize) -> Marks {
        Marks {
            labels: speaker_labels(text, body_start),
            credit: credit_line(text, body_start),
            thematic: thematic_lines(text, body_start),
            unaccented: written_without_accents(&text[body_start..]),
        }
    }

    /// Applies the marks to `tokens`, those of the document's passage
    /// `span`: the keys of accented endings given back in a document typed
    /// without accents, the words of its speaker labels, credit line and
    /// thematic lines marked as asides.
    fn apply(&self, analyzer: &Analyzer, span: Span, tokens: &mut [Token]) {
        if self.unaccented {
            analyzer.restore_accented_endings(tokens);
        }
        let first = self.labels.partition_point(|l| l.end <= span.start);
        let end = self.labels.partition_point(|l| l.start < span.end);
        if first < end {
            mark_speaker_labels(tokens, &self.labels[first..end]);
        }
        if let Some(credit) = self
            .credit
            .filter(|c| c.start < span.end && span.start < c.end)
        {
            mark_speaker_labels(tokens, &[credit]);
        }
        let first = self.thematic.partition_point(|l| l.end <= span.start);
        let end = self.thematic.partition_point(|l| l.start < span.end);
        if first < end {
            mark_speaker_labels(tokens, &self.thematic[first..end]);
        }
    }
}

/// The tokens of `text` analysed as one passage of a document of that text
/// alone, as `parole analyze --passage document` analyses it: its speaker
/// labels and credit line marked as asides and, typed without accents, the
/// keys of accented endings given back. What `eval` and `train` read of a gold passage.
pub fn analyze_whole(analyzer: &Analyzer, text: &str) -> Vec<Token> {
    let mut tokens = analyzer.analyze(text);
    Marks::of_text(text, 0).apply(analyzer, Span::new(0, text.len()), &mut tokens);
    tokens
}

/// Documents larger than this are analysed by runs of passages in parallel.
const PARALLEL_DOCUMENT_BYTES: usize = 1 << 20;

/// Text in one run of passages of a large document.
const PASSAGE_RUN_BYTES: usize = 64 << 10;

thread_local! {
    /// The tables each thread fills while analysing a document.
    static SCRATCH: std::cell::Cell<Part> = std::cell::Cell::new(Part::default());
}

/// The analysis of consecutive passages of a document.
#[derive(Debug, Default)]
struct Part {
    totals: TokenTotals,
    terms: TermTable,
    ngrams: TermTable,
    passages: Vec<PassageResult>,
    /// Occurrences of each term query (see [`Config::analyze_document_counting`]).
    query_counts: Vec<u64>,
}

impl Part {
    /// Appends the passages that follow.
    fn append(&mut self, next: Part) {
        self.totals += next.totals;
        self.terms += &next.terms;
        self.ngrams += &next.ngrams;
        self.passages.extend(next.passages);
        for (ours, theirs) in self.query_counts.iter_mut().zip(next.query_counts) {
            *ours += theirs;
        }
    }
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
    /// The speaker label of the turn the passage is in, as written
    /// (see [`crate::speakers::turn_speaker`]); `None` outside transcripts.
    pub speaker: Option<String>,
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
    pub terms: DocumentTable,
    /// Bigram and trigram counts.
    pub ngrams: DocumentTable,
    /// Passages, in order.
    pub passages: Vec<PassageResult>,
}

impl DocumentResult {
    /// The result of analysing `doc` (or some of its passages): its identity
    /// and reading notes, with the tables and passages found.
    fn of(
        doc: &Document,
        totals: TokenTotals,
        terms: DocumentTable,
        ngrams: DocumentTable,
        passages: Vec<PassageResult>,
    ) -> DocumentResult {
        DocumentResult {
            id: doc.id.clone(),
            source: doc.source.clone(),
            meta: doc.meta.clone(),
            encoding: doc.encoding.clone(),
            warnings: doc.warnings.clone(),
            totals,
            terms,
            ngrams,
            passages,
        }
    }
}

impl Config {
    /// The built-in stopwords and lexicon, with `parole analyze`'s defaults
    /// (50 rows per table, n-grams seen at least twice); change the fields
    /// for other sizes.
    ///
    /// ```
    /// use parole::pipeline::Config;
    /// use parole::segment::PassageMode;
    /// let config = Config { top: 10, ..Config::builtin(PassageMode::Sentence) };
    /// assert_eq!(config.lexicon.themes()[0].id, "souverainete");
    /// ```
    pub fn builtin(passage: PassageMode) -> Config {
        let analyzer = Analyzer::new(Stopwords::builtin());
        let lexicon = Lexicon::builtin(&analyzer);
        Config {
            analyzer,
            lexicon,
            passage,
            top: 50,
            min_ngram_count: 2,
            within_theme: None,
        }
    }

    /// Analyses one document. Pure: cannot fail, touches no shared state.
    /// A large document is cut into runs of passages analysed in parallel,
    /// so that a corpus of a few huge files still uses every core; the
    /// result is the same (passages are analysed independently, tables are
    /// sums).
    pub fn analyze_document(&self, doc: &Document) -> DocumentResult {
        self.analyze_document_counting(doc, &[]).0
    }

    /// [`Config::analyze_document`], counting besides the occurrences of
    /// each query (patterns compiled as lexicon entries, matched without
    /// overlap) in the passages as they are tokenised.
    pub fn analyze_document_counting(
        &self,
        doc: &Document,
        queries: &[Vec<Pattern>],
    ) -> (DocumentResult, Vec<u64>) {
        let spans: Vec<(usize, Span)> = passages(&doc.text, doc.body_start, self.passage)
            .into_iter()
            .enumerate()
            .collect();
        let marks = Marks::of(doc);
        let (totals, terms, ngrams, passages, mut query_counts) =
            if doc.text.len() > PARALLEL_DOCUMENT_BYTES && spans.len() > 1 {
                let mut runs = Vec::new();
                let mut run_start = 0;
                let mut bytes = 0;
                for (k, (_, span)) in spans.iter().enumerate() {
                    bytes += span.end - span.start;
                    if bytes >= PASSAGE_RUN_BYTES || k + 1 == spans.len() {
                        runs.push(&spans[run_start..=k]);
                        run_start = k + 1;
                        bytes = 0;
                    }
                }
                // Each worker goes on filling its part with the runs that
                // follow, so that few parts are merged.
                let mut part = runs
                    .into_par_iter()
                    .fold(Part::default, |mut part, run| {
                        self.analyze_passages(doc, run, &marks, queries, &mut part);
                        part
                    })
                    .reduce_with(|mut a, b| {
                        a.append(b);
                        a
                    })
                    .unwrap_or_default();
                (
                    part.totals,
                    DocumentTable::close(&mut part.terms),
                    DocumentTable::close(&mut part.ngrams),
                    part.passages,
                    part.query_counts,
                )
            } else {
                // The tables of this thread's previous document, emptied but
                // with their room: no growing, no allocating per document.
                SCRATCH.with(|scratch| {
                    let mut part = scratch.take();
                    self.analyze_passages(doc, &spans, &marks, queries, &mut part);
                    let result = (
                        std::mem::take(&mut part.totals),
                        DocumentTable::close(&mut part.terms),
                        DocumentTable::close(&mut part.ngrams),
                        std::mem::take(&mut part.passages),
                        std::mem::take(&mut part.query_counts),
                    );
                    scratch.set(part);
                    result
                })
            };
        // A document with no passage counted nothing.
        query_counts.resize(queries.len(), 0);
        let result = DocumentResult::of(doc, totals, terms, ngrams, passages);
        (result, query_counts)
    }

    /// The tokens of the passage `span` of `doc`, into `tokens`, the words
    /// of the document's speaker labels marked as asides, and in a document
    /// written without accents, the keys of accented endings given back (see
    /// [`Marks`], which [`Marks::of`] reads from the document).
    pub fn analyze_passage(
        &self,
        doc: &Document,
        span: Span,
        marks: &Marks,
        tokens: &mut Vec<Token>,
    ) {
        self.analyzer
            .analyze_into(&doc.text[span.start..span.end], span.start, tokens);
        marks.apply(&self.analyzer, span, tokens);
    }

    /// [`Config::analyze_document_counting`] cut by speaker: for each
    /// speaker label of the document's transcript (see
    /// [`crate::speakers::turn_speaker`]), in order of first appearance, the
    /// analysis of that speaker's passages alone, as a document of its own
    /// (same id, source and metadata; passages keep their index and span),
    /// with its query counts. Passages outside any turn make the part of
    /// speaker `None`. Every passage is in exactly one part, so the parts
    /// add up to the document's analysis (a document without labels is one
    /// part, of speaker `None`).
    ///
    /// Speakers that `group` gives one name (the labels of one person
    /// written two ways, put together by `--rename`, or typed with composed
    /// and decomposed accents: names are compared in NFC) make one part, so
    /// that the document counts once there; each part comes with the
    /// labels it holds, in order of first appearance (none for the
    /// passages outside any turn).
    pub fn analyze_document_by_turn(
        &self,
        doc: &Document,
        queries: &[Vec<Pattern>],
        group: &(dyn Fn(&str) -> String + Sync),
    ) -> Vec<(Vec<String>, DocumentResult, Vec<u64>)> {
        let marks = Marks::of(doc);
        let labels = &marks.labels;
        // Each group of speakers with its labels and the passages of their
        // turns, index and span.
        type Turns<'a> = Vec<(Option<String>, Vec<&'a str>, Vec<(usize, Span)>)>;
        let mut turns: Turns = Vec::new();
        for (index, span) in passages(&doc.text, doc.body_start, self.passage)
            .into_iter()
            .enumerate()
        {
            let speaker = turn_speaker(&doc.text, labels, span);
            // Labels typed with composed and decomposed accents are one speaker.
            let name = speaker.map(|s| crate::rename::to_nfc(&group(s)));
            match turns.iter_mut().find(|(g, _, _)| *g == name) {
                Some((_, speakers, spans)) => {
                    if let Some(speaker) = speaker.filter(|s| !speakers.contains(s)) {
                        speakers.push(speaker);
                    }
                    spans.push((index, span));
                }
                None => turns.push((name, speaker.into_iter().collect(), vec![(index, span)])),
            }
        }
        turns
            .into_iter()
            .map(|(_, speakers, spans)| {
                let mut part = Part::default();
                self.analyze_passages(doc, &spans, &marks, queries, &mut part);
                part.query_counts.resize(queries.len(), 0);
                let result = DocumentResult::of(
                    doc,
                    part.totals,
                    DocumentTable::close(&mut part.terms),
                    DocumentTable::close(&mut part.ngrams),
                    part.passages,
                );
                let speakers = speakers.into_iter().map(str::to_string).collect();
                (speakers, result, part.query_counts)
            })
            .collect()
    }

    /// Whether a passage assigned the themes `assigned` is analysed: every
    /// passage, or with [`Config::within_theme`] those assigned that theme.
    pub fn keeps(&self, assigned: &[usize]) -> bool {
        self.within_theme.map_or(true, |t| assigned.contains(&t))
    }

    /// Analyses consecutive passages of a document into `part`, those that
    /// [`Config::keeps`].
    fn analyze_passages(
        &self,
        doc: &Document,
        spans: &[(usize, Span)],
        marks: &Marks,
        queries: &[Vec<Pattern>],
        part: &mut Part,
    ) {
        part.passages.reserve(spans.len());
        part.query_counts.resize(queries.len(), 0);
        let mut tokens = Vec::new();
        for &(index, span) in spans {
            let text = &doc.text[span.start..span.end];
            self.analyze_passage(doc, span, marks, &mut tokens);
            let themes = self.lexicon.match_passage(&doc.text, &tokens);
            if !self.keeps(&themes.assigned) {
                continue;
            }
            for (count, patterns) in part.query_counts.iter_mut().zip(queries) {
                *count += find_all(patterns, &tokens).len() as u64;
            }
            let passage_totals = TokenTotals::of(&tokens);
            part.totals += passage_totals;
            let terms = Terms::of(&tokens);
            part.terms.add_terms(&terms);
            part.ngrams.add_ngrams(&terms, 2);
            part.ngrams.add_ngrams(&terms, 3);
            part.passages.push(PassageResult {
                index,
                span,
                text: text.to_string(),
                totals: passage_totals,
                scores: themes.scores,
                assigned: themes.assigned,
                evidence: themes.evidence,
                speaker: turn_speaker(&doc.text, &marks.labels, span).map(str::to_string),
            });
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

/// How often one lexicon entry carried its theme: matches of the entry in
/// the passages assigned the theme, and those passages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EntryTally {
    /// Matches (every occurrence counts).
    pub matches: u64,
    /// Passages with at least one match.
    pub passages: u64,
}

/// Per theme (lexicon order), the entries that carried it, keyed by the
/// entry as written in the lexicon.
pub type EntryTallies = Vec<HashMap<String, EntryTally>>;

/// Adds the entries that carried each assigned theme of `doc`'s passages.
fn add_entry_tallies(tallies: &mut EntryTallies, doc: &DocumentResult) {
    for p in &doc.passages {
        for (i, e) in p.evidence.iter().enumerate() {
            if !p.assigned.contains(&e.theme_index) {
                continue;
            }
            let first_in_passage = !p.evidence[..i]
                .iter()
                .any(|f| f.theme_index == e.theme_index && f.entry == e.entry);
            let tally = match tallies[e.theme_index].get_mut(e.entry.as_str()) {
                Some(tally) => tally,
                None => tallies[e.theme_index].entry(e.entry.clone()).or_default(),
            };
            tally.matches += 1;
            tally.passages += u64::from(first_in_passage);
        }
    }
}

/// The `top` entries of a theme's tallies (all for 0): most matches first,
/// then most passages, then the entry in alphabetical order (accents and
/// capitals folded first, so that `décider` comes before `dissuasion`).
pub fn top_entries(tallies: &HashMap<String, EntryTally>, top: usize) -> Vec<(&str, EntryTally)> {
    let mut rows: Vec<(String, &str, EntryTally)> = tallies
        .iter()
        .map(|(e, t)| (fold(&e.to_lowercase()), e.as_str(), *t))
        .collect();
    rows.sort_unstable_by(|a, b| {
        b.2.matches
            .cmp(&a.2.matches)
            .then(b.2.passages.cmp(&a.2.passages))
            .then(a.0.cmp(&b.0))
            .then(a.1.cmp(b.1))
    });
    let mut rows: Vec<(&str, EntryTally)> = rows.into_iter().map(|(_, e, t)| (e, t)).collect();
    if top > 0 {
        rows.truncate(top);
    }
    rows
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

/// Corpus totals, merged from document results (sums: the order of merging
/// does not change them; skipped units are kept in input order).
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
    /// Per theme, in lexicon order, the entries that carried it.
    pub entries: EntryTallies,
    /// Units that could not be used, in input order.
    pub skipped: Vec<Skipped>,
    /// Input units seen by the reader (files, lines, rows): each ends as a
    /// document, a skipped unit, or a document left out by `--where`.
    pub inputs_seen: u64,
    /// Documents read and left out by the conditions of `--where`.
    pub left_out: u64,
}

impl CorpusTotals {
    /// Empty totals for a lexicon of `theme_count` themes.
    pub fn new(theme_count: usize) -> CorpusTotals {
        CorpusTotals {
            themes: vec![ThemeTotals::default(); theme_count],
            entries: vec![HashMap::default(); theme_count],
            ..CorpusTotals::default()
        }
    }

    /// Adds one document.
    pub fn add(&mut self, doc: &DocumentResult) {
        self.add_counts(doc);
        self.terms += &doc.terms;
        self.ngrams += &doc.ngrams;
    }

    /// Adds one document's counts, all but its tables.
    fn add_counts(&mut self, doc: &DocumentResult) {
        self.documents += 1;
        self.passages += doc.passages.len() as u64;
        self.totals += doc.totals;
        let doc_themes = document_themes(doc, self.themes.len());
        for (ours, theirs) in self.themes.iter_mut().zip(doc_themes) {
            *ours += theirs;
        }
        add_entry_tallies(&mut self.entries, doc);
    }

    /// Adds many documents: the same as adding them one by one, in order;
    /// each table is filled by one task per part, in parallel.
    pub fn add_all(&mut self, docs: &[DocumentResult]) {
        for doc in docs {
            self.add_counts(doc);
        }
        let terms: Vec<&DocumentTable> = docs.iter().map(|d| &d.terms).collect();
        let ngrams: Vec<&DocumentTable> = docs.iter().map(|d| &d.ngrams).collect();
        rayon::join(
            || self.terms.add_documents(&terms),
            || self.ngrams.add_documents(&ngrams),
        );
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
        for (ours, theirs) in self.entries.iter_mut().zip(&other.entries) {
            for (entry, tally) in theirs {
                let ours = ours.entry(entry.clone()).or_default();
                ours.matches += tally.matches;
                ours.passages += tally.passages;
            }
        }
        self.skipped.extend(other.skipped.iter().cloned());
        self.inputs_seen += other.inputs_seen;
        self.left_out += other.left_out;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::{Sym, TokenKind};

    /// A document of `text` alone, named `id`.
    fn document(id: &str, text: String) -> Document {
        Document {
            id: id.into(),
            source: id.into(),
            meta: Default::default(),
            text,
            body_start: 0,
            encoding: "UTF-8".into(),
            warnings: Vec::new(),
        }
    }

    #[test]
    fn a_document_typed_without_accents_gets_the_keys_of_accented_endings() {
        let config = Config::builtin(PassageMode::Paragraph);
        let key = |word: &str| config.analyzer.key(&word.to_lowercase());
        let words = "La securite de la filiere et la biodiversite de la journee.";
        let filler = " Nous parlons ici longuement du budget de la commune et du travail \
                      des agents, pour les habitants du quartier, tous les jours.";
        let long = |first: &str| format!("{first}\n\n{}", filler.repeat(12));
        let terms = |text: String| -> Vec<(String, String)> {
            let doc = document("d", text);
            let marks = Marks::of(&doc);
            let mut tokens = Vec::new();
            let span = passages(&doc.text, 0, config.passage)[0];
            config.analyze_passage(&doc, span, &marks, &mut tokens);
            tokens
                .iter()
                .filter(|t| t.is_content())
                .map(|t| (t.lower.to_string(), t.key.to_string()))
                .collect()
        };
        // A thousand letters and more, and no accent: the keys of the
        // accented words.
        let unaccented = terms(long(words));
        assert!(written_without_accents(&long(words)));
        for (plain, accented) in [
            ("securite", "sécurité"),
            ("filiere", "filière"),
            ("biodiversite", "biodiversité"),
            ("journee", "journée"),
        ] {
            let found = unaccented.iter().find(|(w, _)| w == plain).unwrap();
            assert_eq!(found.1, key(accented), "{plain}");
            assert_ne!(key(plain), key(accented), "{plain} differs on its own");
        }
        // One accented letter anywhere, or too few letters: the text is
        // read as written.
        for text in [format!("{}é", long(words)), words.to_string()] {
            let read = terms(text);
            let found = read.iter().find(|(w, _)| w == "securite").unwrap();
            assert_eq!(found.1, key("securite"));
        }
        // A document's whole analysis, themes included, sees the keys.
        let doc = document("d", long("La biodiversite recule, la pollution progresse."));
        let result = config.analyze_document(&doc);
        let eco = config
            .lexicon
            .themes()
            .iter()
            .position(|t| t.id == "ecologie")
            .unwrap();
        assert!(result.passages[0].assigned.contains(&eco));
        assert!(result.passages[0]
            .evidence
            .iter()
            .any(|e| e.entry == "biodiversité" && e.text == "biodiversite"));
    }

    #[test]
    fn within_a_theme_only_its_passages_are_analysed_with_their_index_and_span() {
        let all = Config::builtin(PassageMode::Paragraph);
        let ecologie = all
            .lexicon
            .themes()
            .iter()
            .position(|t| t.id == "ecologie")
            .unwrap();
        let within = Config {
            within_theme: Some(ecologie),
            ..Config::builtin(PassageMode::Paragraph)
        };
        let paragraphs = [
            "La souveraineté industrielle et les usines.",
            "La transition écologique et le climat.",
            "Les boulangers du quartier.",
            "Le climat et la biodiversité, enjeu écologique.",
        ];
        let small = paragraphs.join("\n");
        // Over PARALLEL_DOCUMENT_BYTES: analysed by runs of passages.
        let large = vec![small.as_str(); 30_000].join("\n");
        assert!(large.len() > PARALLEL_DOCUMENT_BYTES);
        for text in [small, large] {
            let doc = document("d", text);
            let every = all.analyze_document(&doc);
            let kept = within.analyze_document(&doc);
            let expected: Vec<&PassageResult> = every
                .passages
                .iter()
                .filter(|p| p.assigned.contains(&ecologie))
                .collect();
            assert_eq!(expected.len() * 2, every.passages.len());
            assert_eq!(kept.passages.len(), expected.len());
            for (k, e) in kept.passages.iter().zip(&expected) {
                assert_eq!((k.index, k.span, &k.text), (e.index, e.span, &e.text));
                assert_eq!((&k.assigned, &k.scores), (&e.assigned, &e.scores));
                assert_eq!(k.evidence, e.evidence);
            }
            let mut totals = TokenTotals::default();
            for p in &expected {
                totals += p.totals;
            }
            assert_eq!(kept.totals, totals);
            // Words of the other passages are not counted.
            let count = |r: &DocumentResult, word: &str| {
                let key = crate::count::Gram::one(Sym::from(all.analyzer.key(word).as_str()));
                r.terms
                    .iter()
                    .find(|(g, _)| *g == key)
                    .map_or(0, |(_, c)| c.count)
            };
            assert!(count(&every, "boulangers") > 0 && count(&every, "usines") > 0);
            assert_eq!(count(&kept, "boulangers"), 0);
            assert_eq!(count(&kept, "usines"), 0);
            assert_eq!(count(&kept, "climat"), count(&every, "climat"));
        }
    }

    #[test]
    fn entries_are_tallied_in_the_passages_assigned_their_theme() {
        let config = Config::builtin(PassageMode::Paragraph);
        let text = "La souveraineté, encore la souveraineté.\n\
                    Une dépendance.\n\
                    La souveraineté et une dépendance.\n";
        let doc = config.analyze_document(&document("e", text.into()));
        let t = config
            .lexicon
            .themes()
            .iter()
            .position(|t| t.id == "souverainete")
            .unwrap();
        // The second passage matches `dépendance*` below the threshold.
        assert_eq!(
            doc.passages
                .iter()
                .map(|p| p.assigned.contains(&t))
                .collect::<Vec<_>>(),
            [true, false, true]
        );
        let mut totals = CorpusTotals::new(config.lexicon.themes().len());
        totals.add(&doc);
        let tally = |entry: &str| totals.entries[t].get(entry).copied();
        let tally_of = |matches, passages| Some(EntryTally { matches, passages });
        assert_eq!(tally("souveraineté"), tally_of(3, 2));
        assert_eq!(tally("dépendance*"), tally_of(1, 1));
        assert_eq!(totals.entries[t].len(), 2);
        let top = top_entries(&totals.entries[t], 1);
        assert_eq!(
            top,
            [(
                "souveraineté",
                EntryTally {
                    matches: 3,
                    passages: 2
                }
            )]
        );
        // Ties in alphabetical order, accents and capitals folded: décider
        // before dissuasion (in bytes, é comes after i), Europe last.
        let tie = EntryTally {
            matches: 1,
            passages: 1,
        };
        let tied: HashMap<String, EntryTally> = ["dissuasion", "décider", "Europe", "autonomie"]
            .iter()
            .map(|e| (e.to_string(), tie))
            .collect();
        let order: Vec<&str> = top_entries(&tied, 0).into_iter().map(|(e, _)| e).collect();
        assert_eq!(order, ["autonomie", "décider", "dissuasion", "Europe"]);
        // Merging totals adds the tallies, as adding the documents does.
        let mut twice = CorpusTotals::new(config.lexicon.themes().len());
        twice.merge(&totals);
        twice.add(&doc);
        assert_eq!(
            twice.entries[t].get("souveraineté"),
            tally_of(6, 4).as_ref()
        );
    }

    #[test]
    fn the_credit_line_is_neither_counted_nor_terms() {
        let config = Config::builtin(PassageMode::Paragraph);
        let text = "Le service public de l'information.\n\
                    Source : Service d'information du Gouvernement, le 9 octobre 2020\n";
        let result = config.analyze_document(&document("i", text.into()));
        let mut counts: Vec<(&str, u64)> = result
            .terms
            .iter()
            .map(|(g, c)| (g.parts()[0].as_str(), c.count))
            .collect();
        counts.sort();
        assert_eq!(counts, [("inform", 1), ("public", 1), ("servic", 1)]);
        assert_eq!(result.passages.len(), 2);
        assert_eq!(result.passages[1].totals.tokens, 0);
        // As a gold passage of `eval` and `train`.
        let tokens = analyze_whole(&config.analyzer, text);
        let words = tokens.iter().filter(|t| t.kind == TokenKind::Word).count();
        assert_eq!(words, 6);
    }

    #[test]
    fn speaker_labels_are_neither_counted_nor_terms_nor_evidence() {
        let config = Config::builtin(PassageMode::Paragraph);
        let text = "BRUNO LE MAIRE\nLa souveraineté industrielle.\n\
                    SONIA MABROUK\nEt la SNCF ?\n\
                    BRUNO LE MAIRE\nMaire de Paris, non.\n\
                    SONIA MABROUK : Merci. Q - non.\n";
        let doc = document("i", text.into());
        let result = config.analyze_document(&doc);
        let keys: Vec<&str> = result
            .terms
            .iter()
            .map(|(g, _)| g.parts()[0].as_str())
            .collect();
        for label in ["brun", "mabrouk", "soni"] {
            assert!(!keys.contains(&label), "{label} in {keys:?}");
        }
        // The same word in speech still counts, and a lone `Q -` is no marker.
        assert!(keys.contains(&"mair") && keys.contains(&"q"), "{keys:?}");
        assert_eq!(result.passages.len(), 7);
        assert_eq!(result.passages[0].totals.tokens, 0);
        assert_eq!(result.passages[2].totals.tokens, 0);
        let speakers: Vec<Option<&str>> = result
            .passages
            .iter()
            .map(|p| p.speaker.as_deref())
            .collect();
        let (bruno, sonia) = (Some("BRUNO LE MAIRE"), Some("SONIA MABROUK"));
        assert_eq!(speakers, [bruno, bruno, sonia, sonia, bruno, bruno, sonia]);
        // "Merci", the first word of a turn, is shown as a sentence start.
        let mut tokens = Vec::new();
        config.analyze_passage(&doc, result.passages[6].span, &Marks::of(&doc), &mut tokens);
        let merci = tokens.iter().find(|t| t.lower.as_str() == "merci").unwrap();
        assert!(merci.initial);
        assert_eq!(merci.display_form(), "merci");
    }

    #[test]
    fn the_parts_of_a_document_by_turn_add_up_to_the_document() {
        let config = Config::builtin(PassageMode::Paragraph);
        let doc = document(
            "i",
            "Préambule sur la souveraineté.\n\
             Q - La souveraineté industrielle ?\n\
             R - Nous relocalisons. La transition écologique aussi.\n\
             Q - Et le climat ?\n\
             R - Le climat change, la souveraineté aussi.\n"
                .into(),
        );
        let queries = vec![crate::themes::compile("souveraineté", &config.analyzer).unwrap()];
        let (whole, counts) = config.analyze_document_counting(&doc, &queries);
        let parts = config.analyze_document_by_turn(&doc, &queries, &|s| s.to_string());
        let speakers: Vec<&[String]> = parts.iter().map(|(s, _, _)| s.as_slice()).collect();
        assert_eq!(speakers, [&[][..], &["Q".to_string()], &["R".to_string()]]);
        // Speakers given one group make one part.
        let merged = config.analyze_document_by_turn(&doc, &queries, &|_| "QR".to_string());
        let speakers: Vec<&[String]> = merged.iter().map(|(s, _, _)| s.as_slice()).collect();
        assert_eq!(speakers, [&[][..], &["Q".to_string(), "R".to_string()]]);
        let indices: Vec<usize> = merged[1].1.passages.iter().map(|p| p.index).collect();
        assert_eq!(indices, [1, 2, 3, 4]);
        let indices: Vec<Vec<usize>> = parts
            .iter()
            .map(|(_, d, _)| d.passages.iter().map(|p| p.index).collect())
            .collect();
        assert_eq!(indices, [vec![0], vec![1, 3], vec![2, 4]]);
        let mut totals = TokenTotals::default();
        let mut terms = TermTable::new();
        let mut query_counts = vec![0];
        for (_, part, counts) in &parts {
            totals += part.totals;
            terms += &part.terms;
            query_counts[0] += counts[0];
            for p in &part.passages {
                assert_eq!(p, &whole.passages[p.index], "passages as in the whole");
            }
        }
        assert_eq!(totals, whole.totals);
        assert_eq!(query_counts, counts);
        // The same counts (each part counts as a document of its own).
        let mut whole_terms = TermTable::new();
        whole_terms += &whole.terms;
        let counts = |t: &TermTable| -> Vec<(String, u64)> {
            t.sorted(1)
                .iter()
                .map(|r| (r.key.to_string(), r.counts.count))
                .collect()
        };
        assert_eq!(counts(&terms), counts(&whole_terms));
    }

    #[test]
    fn a_large_document_analysed_in_parallel_runs_matches_one_sequential_pass() {
        let config = Config::builtin(PassageMode::Paragraph);
        let paragraph = "Le Gouvernement défend la souveraineté numérique de la France.\n\
                         Préserver les ressources naturelles, réduire les émissions de CO2.\n\
                         L'Autorité de la concurrence encadre les plateformes. État, Etat, états.\n\
                         LA JOURNALISTE : Et l'État ?\n";
        let mut text = String::new();
        let mut k = 0;
        while text.len() <= PARALLEL_DOCUMENT_BYTES + 1000 {
            text.push_str(&format!("Paragraphe {k}. "));
            text.push_str(paragraph);
            k += 1;
        }
        let doc = document("grand", text);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        let queries: Vec<Vec<Pattern>> = ["souveraineté", "état", "ressources naturelles"]
            .iter()
            .map(|q| crate::themes::compile(q, &config.analyzer).unwrap())
            .collect();
        let (parallel, counts) = pool.install(|| config.analyze_document_counting(&doc, &queries));
        let spans: Vec<(usize, Span)> = passages(&doc.text, 0, config.passage)
            .into_iter()
            .enumerate()
            .collect();
        let marks = Marks::of(&doc);
        assert_eq!(marks.labels.len(), k, "one speaker label per paragraph");
        let mut sequential = Part::default();
        config.analyze_passages(&doc, &spans, &marks, &queries, &mut sequential);
        // Each query counted once per occurrence, as a tokenisation of every
        // passage on its own finds them.
        let recount: Vec<u64> = queries
            .iter()
            .map(|q| {
                spans
                    .iter()
                    .map(|(_, span)| {
                        let mut tokens = Vec::new();
                        config.analyze_passage(&doc, *span, &marks, &mut tokens);
                        find_all(q, &tokens).len() as u64
                    })
                    .sum()
            })
            .collect();
        assert_eq!(counts, recount);
        assert_eq!(counts, sequential.query_counts);
        assert_eq!(
            counts[1],
            4 * (k as u64),
            "État, Etat, états and l'État in every paragraph"
        );
        let sequential = DocumentResult {
            terms: DocumentTable::close(&mut sequential.terms),
            ngrams: DocumentTable::close(&mut sequential.ngrams),
            totals: sequential.totals,
            passages: sequential.passages,
            ..parallel.clone()
        };
        assert!(
            parallel.passages.len() > 5_000,
            "{}",
            parallel.passages.len()
        );
        assert_eq!(parallel.passages, sequential.passages);
        assert_eq!(parallel.terms, sequential.terms);
        assert_eq!(parallel.ngrams, sequential.ngrams);
        assert_eq!(parallel.totals, sequential.totals);
    }

    /// A text with what made the analysis depend on the passage mode:
    /// stage directions holding sentences, a name's article after a line
    /// break, the line breaks of Unicode, a bracket left open.
    const MODE_CASES: &str = "Discours du ministre\n\
        La France est un pays. Le Gouvernement agit.\nNous soutenons\nLe Gouvernement agit.\n\
        Nous voulons la transition écologique.\n\
        (Applaudissements sur les bancs du groupe Écologiste. – Mme Dupont applaudit la transition écologique.)\n\
        Il parle. (Rires. Exclamations sur les bancs du groupe LR.) Il reprend. (Non. Jamais la transition écologique\n\
        Nous avions\r\nLa Réunion attend.\u{2029}Le Havre aussi.\u{2028}Les Républicains répondent.\u{85}\
        Marine Le Pen répond.\u{C}Bruno Le Maire aussi.\u{B}Le Maire décide.\n\
        - Nous avions\n(Applaudissements\nsur les bancs.) La transition\nécologique\n";

    /// The words of every passage of `doc` in `mode`, with what the
    /// analysis says of each (punctuation left out: a paragraph's bullet
    /// and the line breaks inside a document are not in every mode).
    fn words_in_mode(
        doc: &Document,
        mode: PassageMode,
    ) -> Vec<(Span, TokenKind, Sym, bool, bool, Sym)> {
        let config = Config::builtin(mode);
        let marks = Marks::of(doc);
        let mut words = Vec::new();
        let mut tokens = Vec::new();
        for span in passages(&doc.text, doc.body_start, mode) {
            config.analyze_passage(doc, span, &marks, &mut tokens);
            words.extend(
                tokens
                    .iter()
                    .filter(|t| t.kind != TokenKind::Punct)
                    .map(|t| (t.span, t.kind, t.key, t.stopword, t.initial, t.display)),
            );
        }
        words
    }

    #[test]
    fn invisible_characters_at_a_line_end_change_no_mode() {
        // A speaker label followed by a zero-width space, and an ordinal
        // (`0È`) followed by a soft hyphen: cut as a passage, the line
        // leaves the invisible character out; read whole, its word covers it.
        for text in ["I\u{200b}\nI\n", "0È\u{ad}\n?"] {
            let doc = document("d", text.into());
            let totals: Vec<(TokenTotals, usize)> = [
                PassageMode::Paragraph,
                PassageMode::Sentence,
                PassageMode::Document,
            ]
            .into_iter()
            .map(|mode| {
                let r = Config::builtin(mode).analyze_document(&doc);
                (r.totals, r.terms.len())
            })
            .collect();
            assert!(
                totals.iter().all(|t| *t == totals[0]),
                "{text:?}: {totals:?}"
            );
        }
    }

    #[test]
    fn the_analysis_is_the_same_in_every_passage_mode() {
        let doc = document("modes", MODE_CASES.into());
        let paragraph = words_in_mode(&doc, PassageMode::Paragraph);
        for mode in [PassageMode::Sentence, PassageMode::Document] {
            assert_eq!(words_in_mode(&doc, mode), paragraph, "{mode:?}");
        }
        let results: Vec<DocumentResult> = [
            PassageMode::Paragraph,
            PassageMode::Sentence,
            PassageMode::Document,
        ]
        .into_iter()
        .map(|mode| Config::builtin(mode).analyze_document(&doc))
        .collect();
        let evidence = |r: &DocumentResult| -> Vec<(String, Span)> {
            r.passages
                .iter()
                .flat_map(|p| p.evidence.iter().map(|e| (e.entry.clone(), e.span)))
                .collect()
        };
        for r in &results[1..] {
            assert_eq!(r.totals, results[0].totals);
            assert_eq!(r.terms, results[0].terms);
            assert_eq!(r.ngrams, results[0].ngrams);
            assert_eq!(evidence(r), evidence(&results[0]));
        }
        // The stage directions are no speech, and the articles after a line
        // break start a sentence: `La France` is `france`.
        let keys: Vec<String> = results[2]
            .terms
            .iter()
            .map(|(k, _)| {
                k.parts()
                    .iter()
                    .map(|p| p.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        assert!(keys.contains(&"france".to_string()), "{keys:?}");
        assert!(
            !keys.iter().any(|k| k == "la france" || k == "le gouvern"),
            "{keys:?}"
        );
        assert!(keys.contains(&"le pen".to_string()), "{keys:?}");
        assert!(!keys.contains(&"dupont".to_string()), "{keys:?}");
        // No evidence in the stage direction, none across a line break.
        let stage = MODE_CASES.find("(Applaudissements sur").unwrap();
        let stage = Span::new(stage, stage + MODE_CASES[stage..].find(')').unwrap());
        for (entry, span) in evidence(&results[2]) {
            assert!(
                span.end <= stage.start || stage.end <= span.start,
                "{entry}"
            );
            assert!(!MODE_CASES[span.start..span.end].contains('\n'), "{entry}");
        }
        assert_eq!(evidence(&results[2]).len(), 5);
    }
}
