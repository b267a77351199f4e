//! `parole kwic`: a concordance of a word, a `prefix*`, a phrase or a theme
//! (or, with `--words`, a theme id searched as a word) over a corpus, read
//! like `parole analyze` reads it. Documents are searched
//! in parallel in batches ([`for_each_document`]) and their occurrences
//! written in input order, or in the order of `--sort`, as JSON, aligned
//! text or CSV.
//!
//! Memory: the documents of one batch. The occurrences wait, as the format
//! writes them, in a temporary file until the corpus is read (the JSON's
//! counts come before its lines, the CSV header names every metadata key,
//! the text aligns its ids on the widest); only `--pretty` holds them all.
//! With `--sort`, each occurrence's sort key (the words compared) and its
//! place in the file are held too, and the file is then read in the
//! sorted order.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use serde::Serialize;

use parole::corpus::{Corpus, Skipped};
use parole::kwic::{
    concordance, parse_query, parse_words, Line, Lookalike, NearMisses, Query, Sort,
};
use parole::pipeline::Config;
use parole::report::SkippedEntry;
use parole::themes::Pattern;

use super::csv_dialect::{CsvDialect, ExcelArg};
use super::output::{
    columns, cut_left, cut_right, one_line, pad, shown_name, write_failure, Output,
};
use super::{for_each_document, spill_dir, temp_failure, temp_file, AnalysisArgs, AnalysisInfo};
use crate::Failure;

/// Version of the JSON output of `parole kwic`.
pub const KWIC_SCHEMA_VERSION: &str = "1.9.0";

/// Characters of left and of right context shown by `--format text`.
const CONTEXT_CHARS: usize = 40;

const EXAMPLES: &str = "\
Examples:
  parole kwic souveraineté corpus/
  parole kwic 'transition écologique' corpus/ --format text
  parole kwic 'régul*' corpus/ --window 8 --format csv
  parole kwic ecologie corpus/
  parole kwic regulation corpus/ --assigned --format csv
  parole kwic souveraineté corpus/ --format csv --excel -o souverainete.csv
  parole kwic --words social corpus/
  parole kwic souveraineté corpus/ --where parti=PSP --format text
  parole kwic France corpus/ --within-theme souverainete --format text
  parole kwic souveraineté corpus/ --sort right --format text

A word matches its inflected, capitalised and unaccented forms (souveraineté finds
Souveraineté and souverainetés, Etat finds État; but the accent of an ending the
stemmer cuts must be typed: securite finds neither sécurité nor SECURITE, and stderr
says to search securité or sécurité), but a content word never finds a
stopword of the same stem, nor the reverse (vie does not find via, nor égalité
également, nor du due); prefix* matches any word starting
so (at least 3 letters, the * only at the end); several words match a phrase, not
across punctuation. A number is found written alone (50 does not find 50 %, one
number token; stderr names those held), and a phrase its words in a row (Etats Unis
does not find États-Unis, one word; stderr names those held, and Etats-Unis finds them).
A pattern that is exactly a theme id of the lexicon (see parole themes) lists the
evidence of that theme: each match of one of its entries, with the entry, its weight,
the passage's score and whether the passage got the theme (its score reached the
threshold; --assigned keeps only those passages' matches); --words searches it as a word instead (social, international,
economie are ids and words), and query.kind in the JSON says which was searched.
A theme id that --only-themes leaves out is an error, not searched as a word.
Occurrences never cross a passage (--passage) and the context stays within it.
Lines come in corpus order: documents in input order, each in text order. --sort
right orders them by the words after the occurrence, nearest first (the first word
to the right, then the second…, within --window), --sort left by the words before it,
nearest first, --sort match by the occurrence's own words; words compare lower-cased
and without accents (État as etat, between essor and étude), a context that ends
sooner first, and lines that compare equal stay in corpus order, whatever --threads.
Every format is sorted; each occurrence's key and its place in the temporary file
are held in memory until the corpus is read (some 130 bytes an occurrence with the
default --window: 9 MB for 70,000 occurrences).
Spans are byte offsets [start, end) into the document text, as in parole analyze.

Exit status: 0 success, with or without occurrences; 2 invalid pattern, usage,
configuration, input or output error, and nothing is written; 3 written but some
inputs were skipped (listed in the JSON output and on stderr; --allow-skipped
makes it 0).";

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KwicFormat {
    /// One JSON object with the query and every occurrence.
    Json,
    /// One aligned line per occurrence, for reading in a terminal (the
    /// speaker of the turn in brackets after the id, in a transcript; each
    /// context cut to 40 characters at a word boundary, marked with …; the
    /// left contexts right-aligned to the widest, none with --window 0).
    Text,
    /// CSV with a header row and one `meta.KEY` column per metadata key.
    Csv,
}

/// The order of the lines (`--sort`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortArg {
    /// Corpus order: documents in input order, each in text order.
    Corpus,
    /// By the words after the occurrence, nearest first (R1, R2…).
    Right,
    /// By the words before the occurrence, nearest first (L1, L2…).
    Left,
    /// By the words of the occurrence itself.
    Match,
}

impl From<SortArg> for Sort {
    fn from(s: SortArg) -> Sort {
        match s {
            SortArg::Corpus => Sort::Corpus,
            SortArg::Right => Sort::Right,
            SortArg::Left => Sort::Left,
            SortArg::Match => Sort::Match,
        }
    }
}

/// Arguments of `parole kwic`.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct KwicArgs {
    /// The pattern and where to search it.
    #[command(flatten)]
    pub search: PatternArgs,
    /// Reading and analysis options, shared by analyze, compare, kwic and collocates.
    #[command(flatten)]
    pub analysis: AnalysisArgs,
    /// Words of context on each side (punctuation, stage directions and speaker labels are
    /// shown but not counted).
    #[arg(long, default_value_t = 5, value_name = "N", allow_negative_numbers = true, value_parser = super::at_least(0usize))]
    pub window: usize,
    /// Order of the lines: corpus (input order, each document in text order), right (by the
    /// words after the occurrence, nearest first), left (by the words before it, nearest
    /// first) or match (by the occurrence's words); ties stay in corpus order.
    #[arg(
        long,
        value_enum,
        ignore_case = true,
        default_value = "corpus",
        value_name = "ORDER"
    )]
    pub sort: SortArg,
    /// Output format.
    #[arg(long, value_enum, ignore_case = true, default_value = "json")]
    pub format: KwicFormat,
    /// Indent the JSON (with --format json); every occurrence is then held in memory until
    /// the corpus is read.
    #[arg(long)]
    pub pretty: bool,
    /// CSV for Excel.
    #[command(flatten)]
    pub excel: ExcelArg,
    /// Write to FILE (atomically) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// A pattern and the inputs to search it in, as `parole kwic` and `parole
/// collocates` take them.
#[derive(Debug, Args)]
pub struct PatternArgs {
    /// A word, a prefix*, a phrase (quoted), a #hashtag or @mention, or a theme id.
    #[arg(value_name = "PATTERN")]
    pub pattern: String,
    /// Search PATTERN as words even when it is a theme id (social, international…).
    #[arg(long)]
    pub words: bool,
    /// For a theme id: only the matches in passages that got the theme (score at or above
    /// its threshold), leaving out the matches of passages that fell short.
    #[arg(long, conflicts_with = "words")]
    pub assigned: bool,
    /// Files or folders to search; - reads JSONL from stdin.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

/// The occurrences in one document.
struct DocumentLines {
    id: String,
    source: String,
    encoding: String,
    meta: BTreeMap<String, serde_json::Value>,
    lines: Vec<Line>,
}

/// Everything found in the corpus, in input order.
struct Found {
    documents_searched: u64,
    /// Documents read and left out by `--where`.
    left_out: u64,
    /// Metadata keys of every document searched.
    meta_keys: BTreeSet<String>,
    /// Occurrences found.
    occurrences: usize,
    /// `--format text`: the width of the widest id column.
    id_width: usize,
    /// `--format text`: the width of the widest left context, so that a
    /// narrow `--window` (0: none) takes no more room than it fills.
    left_width: usize,
    /// The occurrences as the format writes them (see [`Piece`]), in
    /// input order; `None` with `--pretty`.
    spill: Option<BufWriter<File>>,
    /// With `--pretty`: the documents with at least one occurrence.
    documents: Vec<DocumentLines>,
    /// Bytes written to the temporary file.
    spilled_bytes: u64,
    /// What the query missed though it may have been meant.
    near_misses: NearMisses,
    /// With `--sort` but corpus order (and without `--pretty`): each
    /// occurrence's key and place in the temporary file, in corpus order.
    order: Option<Vec<Placed>>,
    skipped: Vec<Skipped>,
}

/// An occurrence's sort key and the place of its record in the temporary
/// file.
struct Placed {
    key: Box<str>,
    at: u64,
    len: u32,
}

/// What waits in the temporary file until the corpus is read.
const SPILL: &str = "each occurrence found";

/// The occurrences of one document, made in parallel, as the format writes
/// them: in the JSON, each line's object, separated by commas; in the CSV,
/// a record of the fixed columns and the metadata as a JSON object (its
/// columns are known once every document is read); in the text, a record
/// of the id column and the rest of the line. With `--pretty`, the lines
/// themselves.
struct Piece {
    bytes: Vec<u8>,
    /// With `--sort`: each occurrence's key and the bytes of its record.
    sorted: Vec<(Box<str>, std::ops::Range<usize>)>,
    occurrences: usize,
    id_width: usize,
    left_width: usize,
    keys: Vec<String>,
    held: Option<DocumentLines>,
}

impl Found {
    /// Every line with its document, in the order of `sort` (with
    /// `--pretty`): sorted stably by key, so that equal keys stay in corpus
    /// order.
    fn lines(&self, sort: Sort) -> Vec<(&DocumentLines, &Line)> {
        let mut lines: Vec<(&DocumentLines, &Line)> = self
            .documents
            .iter()
            .flat_map(|d| d.lines.iter().map(move |l| (d, l)))
            .collect();
        if sort != Sort::Corpus {
            lines.sort_by_cached_key(|(_, l)| sort.key(l));
        }
        lines
    }

    /// The temporary file, to read from its start.
    fn spilled(&mut self, dir: Option<&std::path::Path>) -> Result<File, Failure> {
        let spill = self.spill.take().expect("a spill without --pretty");
        let mut file = spill
            .into_inner()
            .map_err(|e| temp_failure(dir, SPILL, e.into_error()))?;
        file.rewind().map_err(|e| temp_failure(dir, SPILL, e))?;
        Ok(file)
    }

    /// The records of the temporary file in the order of `--sort`: as
    /// written in corpus order, else sorted by key (stably: equal keys stay
    /// in corpus order), `separator` between two (the JSON's comma).
    fn records(
        &mut self,
        dir: Option<&std::path::Path>,
        separator: &'static [u8],
    ) -> Result<Box<dyn Read>, Failure> {
        let file = self.spilled(dir)?;
        let Some(mut order) = self.order.take() else {
            return Ok(Box::new(file));
        };
        order.sort_by(|a, b| a.key.cmp(&b.key));
        Ok(Box::new(SortedRecords {
            file,
            order: order.into_iter(),
            separator,
            first: true,
            record: Vec::new(),
            read: 0,
        }))
    }
}

/// The records of the temporary file, read each at its place in the order
/// given.
struct SortedRecords {
    file: File,
    order: std::vec::IntoIter<Placed>,
    separator: &'static [u8],
    first: bool,
    /// The record being read, after its separator.
    record: Vec<u8>,
    /// Bytes of `record` already read.
    read: usize,
}

impl Read for SortedRecords {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.read == self.record.len() {
            let Some(placed) = self.order.next() else {
                return Ok(0);
            };
            self.record.clear();
            if !self.first {
                self.record.extend_from_slice(self.separator);
            }
            self.first = false;
            let start = self.record.len();
            self.record.resize(start + placed.len as usize, 0);
            self.file.seek(SeekFrom::Start(placed.at))?;
            self.file.read_exact(&mut self.record[start..])?;
            self.read = 0;
        }
        let n = buf.len().min(self.record.len() - self.read);
        buf[..n].copy_from_slice(&self.record[self.read..self.read + n]);
        self.read += n;
        Ok(n)
    }
}

/// Runs `parole kwic`.
pub fn run(args: KwicArgs) -> Result<i32, Failure> {
    if args.pretty && args.format != KwicFormat::Json {
        return Err(Failure::Usage(
            "--pretty goes with --format json only".into(),
        ));
    }
    if args.window == 0 && matches!(args.sort, SortArg::Left | SortArg::Right) {
        let sort = Sort::from(args.sort).name();
        return Err(Failure::Usage(format!(
            "--sort {sort} orders the lines by their {sort} context, and --window 0 gives              them none: give a --window of 1 or more, or --sort match"
        )));
    }
    let dialect = args.excel.dialect(args.format == KwicFormat::Csv)?;
    let (config, query, corpus, pool) = args.search_for().start()?;
    // Opened first: a destination that cannot be written is reported
    // before the corpus is read, and before the temporary file beside it.
    let path = args.output.as_deref();
    let mut out = Output::open(path).map_err(|e| write_failure(path, e))?;
    let written = pool
        .install(|| search(&args, dialect, &config, &query, corpus))
        .and_then(|found| write(&args, dialect, &config, &query, found, &mut out));
    match written {
        Ok(status) => {
            out.finish().map_err(|e| write_failure(path, e))?;
            Ok(status)
        }
        Err(e) => {
            out.abandon();
            Err(e)
        }
    }
}

impl KwicArgs {
    fn search_for(&self) -> SearchFor<'_> {
        SearchFor {
            command: "kwic",
            args: &self.search,
            analysis: &self.analysis,
            output: self.output.as_deref(),
        }
    }
}

/// A pattern searched in a corpus by a subcommand, with its reading options.
pub struct SearchFor<'a> {
    /// The subcommand, for messages.
    pub command: &'static str,
    /// The pattern and the inputs.
    pub args: &'a PatternArgs,
    /// Reading and analysis options.
    pub analysis: &'a AnalysisArgs,
    /// `-o FILE`, which may not be an input.
    pub output: Option<&'a std::path::Path>,
}

impl SearchFor<'_> {
    /// What a search needs, checked: the configuration and the query
    /// ([`SearchFor::config_and_query`]), the corpus ([`SearchFor::open`]),
    /// the worker threads, and an output that is not an input.
    pub fn start(&self) -> Result<(Config, Query, Corpus, rayon::ThreadPool), Failure> {
        let (config, query) = self.config_and_query()?;
        let corpus = self.open()?;
        let pool = self.analysis.pool()?;
        self.analysis.check_output(self.output, &self.args.paths)?;
        Ok((config, query, corpus, pool))
    }

    /// The configuration (`--only-themes`, `--within-theme`) and the query
    /// read from the pattern: a theme id is the theme (an error when
    /// `--only-themes` leaves it out) unless `--words`.
    pub fn config_and_query(&self) -> Result<(Config, Query), Failure> {
        // `top` and `min_ngram_count` only matter to term tables, which are
        // not built.
        let mut config = self.analysis.config_all_themes(0, 1)?;
        let only = &self.analysis.only_themes;
        let left_out = !self.args.words
            && config
                .lexicon
                .themes()
                .iter()
                .any(|t| t.id == self.args.pattern)
            && !only.is_empty()
            && !only.contains(&self.args.pattern);
        self.analysis.restrict_themes(&mut config)?;
        if left_out {
            let pattern = &self.args.pattern;
            return Err(Failure::Usage(format!(
                "{pattern:?} is a theme id, but --only-themes {} leaves that theme out: add \
                 {pattern} to --only-themes (or drop the option) to search its evidence, or \
                 give --words to search the word",
                only.join(",")
            )));
        }
        let query = if self.args.words {
            parse_words(&self.args.pattern, &config.analyzer)
        } else {
            parse_query(&self.args.pattern, &config.analyzer, &config.lexicon).map_err(|m| {
                // `theme:ecologie`, as other tools write a field search.
                match theme_prefixed(&config, &self.args.pattern) {
                    Some(id) => format!(
                        "{:?} is no pattern: a theme is searched by its id alone, as in \
                         parole {} {id} INPUT...",
                        self.args.pattern, self.command
                    ),
                    None => m,
                }
            })
        }
        .map_err(|m| Failure::Usage(m + &self.swapped()))?;
        if self.args.assigned && matches!(query, Query::Patterns(_)) {
            return Err(Failure::Usage(format!(
                "--assigned goes with a theme id, and {:?} is none; the ids are listed by \
                 `parole themes`",
                self.args.pattern
            )));
        }
        Ok((config, query))
    }

    /// The corpus of the inputs.
    pub fn open(&self) -> Result<Corpus, Failure> {
        Corpus::open(&self.args.paths, self.analysis.corpus_options())
            .map_err(|e| Failure::Usage(e.to_string() + &self.swapped()))
    }

    /// When the pattern is an existing file or folder, a sentence saying
    /// that the pattern comes first (`parole kwic corpus/ souveraineté`
    /// has its arguments swapped), for the message of an input that cannot
    /// be read; empty otherwise.
    fn swapped(&self) -> String {
        let pattern = std::path::Path::new(&self.args.pattern);
        let what = match std::fs::metadata(pattern) {
            Ok(m) if m.is_dir() => "a folder",
            Ok(_) => "a file",
            Err(_) => return String::new(),
        };
        let command = self.command;
        let mut hint = format!(
            "; {:?} is {what}, and the pattern comes first: parole {command} PATTERN INPUT...",
            self.args.pattern
        );
        if let [path] = self.args.paths.as_slice() {
            hint += &format!(
                " (here: parole {command} {} {})",
                path.display(),
                self.args.pattern
            );
        }
        hint
    }

    /// Says on stderr, unless `--quiet`, that the occurrences found of a
    /// word typed without the accent of an ending the stemmer cuts
    /// (`securite`) are those written so, and which spelling finds the word
    /// with its accents.
    pub fn say_found_unaccented(&self, config: &Config, query: &Query, occurrences: u64) {
        if occurrences == 0 || self.analysis.quiet || !matches!(query, Query::Patterns(_)) {
            return;
        }
        let pattern = &self.args.pattern;
        if let Some(word) = config.analyzer.accented_ending(pattern) {
            crate::message!(
                "{} of {pattern:?} found, written so: {pattern:?} is written without accents, \
                 and the stemmer reads its ending only with its accent, so the word written \
                 with its accents is another; search {word:?}, or the word with all its \
                 accents, to find it",
                super::output::plural(occurrences, "occurrence")
            );
        }
    }

    /// Says on stderr, unless `--quiet`, that the occurrences found of a
    /// number (`50`) or of a phrase (`Etats Unis`) are not all that the
    /// documents searched hold of it, when they also hold it with a unit or
    /// sign (`50 %`) or as a hyphenated compound (`États-Unis`), which are
    /// one token each, and names those forms.
    pub fn say_found_near_misses(&self, query: &Query, occurrences: u64, near_misses: &NearMisses) {
        if occurrences == 0 || self.analysis.quiet || near_misses.is_empty() {
            return;
        }
        let pattern = &self.args.pattern;
        let (written, what) = match Lookalike::of(query) {
            Lookalike::Number(_) => ("alone", NUMBER_WITH_UNIT),
            Lookalike::Compound(_) => ("as separate words", COMPOUND),
            Lookalike::Nothing => return,
        };
        crate::message!(
            "{} of {pattern:?} found, written {written}; {what}, and the documents searched \
             also hold {}: search it so to find those",
            super::output::plural(occurrences, "occurrence"),
            forms(near_misses)
        );
    }

    /// Says on stderr, unless `--quiet`, that nothing was found in the
    /// documents searched, and what to try.
    pub fn say_nothing_found(
        &self,
        config: &Config,
        query: &Query,
        documents_searched: u64,
        near_misses: &NearMisses,
    ) {
        if documents_searched == 0 || self.analysis.quiet {
            return;
        }
        let pattern = &self.args.pattern;
        let held = |what: &str| {
            format!(
                "{what}, and the documents searched hold {}: search it so",
                forms(near_misses)
            )
        };
        let lookalike = match near_misses.is_empty() {
            true => Lookalike::Nothing,
            false => Lookalike::of(query),
        };
        let hint = match query {
            Query::Theme(_) if self.args.assigned => "no passage was assigned the theme".into(),
            Query::Theme(_) => "no entry of the theme matched".into(),
            // `#clim*` is refused: a tag is matched whole.
            Query::Patterns(patterns) if matches!(patterns.as_slice(), [Pattern::Tag(_)]) => {
                "a hashtag or mention is matched whole, in any case (#climat finds #Climat, \
                 not #ClimatSocial)"
                    .into()
            }
            // `12` does not find `12 %`, and `12*` is no prefix of a word.
            Query::Patterns(_) if matches!(lookalike, Lookalike::Number(_)) => {
                held(NUMBER_WITH_UNIT)
            }
            Query::Patterns(_) if matches!(lookalike, Lookalike::Compound(_)) => held(COMPOUND),
            Query::Patterns(patterns) if matches!(patterns.as_slice(), [Pattern::Key(_)]) => {
                "a number is found whole, with the unit or sign written after it (12 %, 10 € \
                 and 50 km/h are one number each): search it so"
                    .into()
            }
            Query::Patterns(_) => match config.analyzer.accented_ending(pattern) {
                Some(word) => format!(
                    "{pattern:?} is written without accents, and the stemmer reads its ending \
                     only with its accent: search {word:?}, or the word with all its accents"
                ),
                None if pattern.split_whitespace().nth(1).is_some() => {
                    "a phrase matches its words in a row, within a passage: search one of them \
                     to see how they are used"
                        .into()
                }
                None if !pattern.contains('*') => match theme_like(config, pattern)
                    .filter(|_| !self.args.words)
                {
                    // A theme id mistyped (`ecolgie`) is searched as a
                    // word, which no text holds.
                    Some(id) => format!(
                        "{pattern:?} is searched as a word; to list the evidence of the theme \
                         {id}, give its id as written: parole {} {id} INPUT...",
                        self.command
                    ),
                    None => "a word matches its inflections; add * to match the words beginning so"
                        .into(),
                },
                None => "no word begins so".into(),
            },
        };
        let within = match &self.analysis.within_theme {
            Some(id) => format!(" (only in their passages of the theme {id}, --within-theme)"),
            None => String::new(),
        };
        crate::message!(
            "no occurrence of {pattern:?} in the {} searched{within}; {hint}{}",
            super::output::plural(documents_searched, "document"),
            self.swapped()
        );
    }
}

/// Why a number typed alone does not find it written with a unit.
const NUMBER_WITH_UNIT: &str =
    "a number is found whole, with the unit or sign written after it (12 %, 10 € and 50 km/h \
     are one number each)";

/// Why a phrase does not find its words written as a compound.
const COMPOUND: &str = "a hyphenated compound is one word (États-Unis, Île-de-France)";

/// The most frequent forms missed, quoted, with their counts: five at most.
fn forms(near_misses: &NearMisses) -> String {
    const SHOWN: usize = 5;
    let forms = near_misses.most_frequent();
    let mut said: Vec<String> = forms
        .iter()
        .take(SHOWN)
        .map(|(form, n)| match n {
            1 => format!("{form:?} (once)"),
            n => format!("{form:?} ({n} times)"),
        })
        .collect();
    if forms.len() > SHOWN {
        said.push(format!("{} other forms", forms.len() - SHOWN));
    }
    match said.as_slice() {
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
        [] => String::new(),
    }
}

/// The theme id of a pattern written `theme:ID` or `theme=ID` (any case,
/// with or without the accent of `thème`, `themes` too), the id exact or
/// misspelt.
fn theme_prefixed<'a>(config: &'a Config, pattern: &str) -> Option<&'a str> {
    let (field, id) = pattern.split_once([':', '='])?;
    let field = parole::analyze::fold(&field.trim().to_lowercase());
    match field.as_str() {
        "theme" | "themes" => config.lexicon.closest_id(id),
        _ => None,
    }
}

/// The id of a theme of the lexicon that `pattern`, one word, is most
/// likely a misspelling of.
fn theme_like<'a>(config: &'a Config, pattern: &str) -> Option<&'a str> {
    if pattern.split_whitespace().nth(1).is_some() {
        return None;
    }
    config.lexicon.closest_id(pattern)
}

/// Searches the corpus, batches of documents in parallel, keeping the
/// occurrences in input order; skipped inputs are named on stderr.
fn search(
    args: &KwicArgs,
    dialect: CsvDialect,
    config: &Config,
    query: &Query,
    corpus: Corpus,
) -> Result<Found, Failure> {
    let dir = spill_dir(args.output.as_deref());
    let spill = match args.pretty {
        true => None,
        false => Some(BufWriter::new(
            temp_file(dir).map_err(|e| temp_failure(dir, SPILL, e))?,
        )),
    };
    let mut found = Found {
        documents_searched: 0,
        left_out: 0,
        meta_keys: BTreeSet::new(),
        occurrences: 0,
        id_width: 0,
        left_width: 0,
        spill,
        documents: Vec::new(),
        spilled_bytes: 0,
        near_misses: NearMisses::default(),
        order: (args.sort != SortArg::Corpus && !args.pretty).then(Vec::new),
        skipped: Vec::new(),
    };
    let reading = for_each_document(
        corpus,
        args.analysis.quiet,
        args.analysis.quiet,
        |doc| {
            let found = concordance(config, doc, query, args.window, args.search.assigned);
            let near_misses = found.near_misses;
            piece(args, dialect, doc, found.lines).map(|piece| (piece, near_misses))
        },
        |piece| {
            let (piece, near_misses) = piece.map_err(|e| temp_failure(dir, SPILL, e))?;
            found.near_misses += &near_misses;
            found.documents_searched += 1;
            found.meta_keys.extend(piece.keys);
            found.id_width = found.id_width.max(piece.id_width);
            found.left_width = found.left_width.max(piece.left_width);
            if let Some(spill) = &mut found.spill {
                let comma = args.format == KwicFormat::Json
                    && found.occurrences > 0
                    && piece.occurrences > 0;
                if comma { spill.write_all(b",") } else { Ok(()) }
                    .and_then(|()| spill.write_all(&piece.bytes))
                    .map_err(|e| temp_failure(dir, SPILL, e))?;
                let at = found.spilled_bytes + u64::from(comma);
                if let Some(order) = &mut found.order {
                    order.extend(piece.sorted.into_iter().map(|(key, record)| Placed {
                        key,
                        at: at + record.start as u64,
                        len: record.len() as u32,
                    }));
                }
                found.spilled_bytes = at + piece.bytes.len() as u64;
            }
            found.occurrences += piece.occurrences;
            found.documents.extend(piece.held);
            Ok(())
        },
    )?;
    reading.check_conditions(args.analysis.quiet)?;
    found.left_out = reading.left_out();
    found.skipped = reading.skipped;
    if found.occurrences == 0 {
        args.search_for().say_nothing_found(
            config,
            query,
            found.documents_searched,
            &found.near_misses,
        );
    } else {
        args.search_for()
            .say_found_unaccented(config, query, found.occurrences as u64);
        args.search_for().say_found_near_misses(
            query,
            found.occurrences as u64,
            &found.near_misses,
        );
    }
    Ok(found)
}

#[derive(Serialize)]
struct KwicReport<'a> {
    schema_version: &'static str,
    parole_version: &'static str,
    query: QueryInfo<'a>,
    window: usize,
    sort: &'static str,
    #[serde(rename = "where")]
    conditions: &'a [String],
    within_theme: Option<&'a str>,
    /// `passage`, `stopwords`, `lexicon`.
    #[serde(flatten)]
    analysis: AnalysisInfo,
    documents_searched: u64,
    left_out: u64,
    occurrences: usize,
    skipped: Vec<SkippedEntry>,
    lines: Vec<LineEntry<'a>>,
}

#[derive(Serialize)]
struct QueryInfo<'a> {
    pattern: &'a str,
    kind: &'static str,
    assigned: bool,
}

#[derive(Serialize)]
struct LineEntry<'a> {
    id: &'a str,
    source: &'a str,
    encoding: &'a str,
    meta: &'a BTreeMap<String, serde_json::Value>,
    passage: usize,
    span: [usize; 2],
    speaker: Option<&'a str>,
    left: &'a str,
    keyword: &'a str,
    right: &'a str,
    entry: Option<&'a str>,
    weight: Option<f64>,
    score: Option<f64>,
    assigned: Option<bool>,
}

/// The line entry of the JSON output of one occurrence.
fn entry<'a>(d: &'a DocumentLines, l: &'a Line) -> LineEntry<'a> {
    LineEntry {
        id: &d.id,
        source: &d.source,
        encoding: &d.encoding,
        meta: &d.meta,
        passage: l.passage,
        span: l.span,
        speaker: l.speaker.as_deref(),
        left: &l.left,
        keyword: &l.keyword,
        right: &l.right,
        entry: l.theme.as_ref().map(|m| m.entry.as_str()),
        weight: l.theme.as_ref().map(|m| m.weight),
        score: l.theme.as_ref().map(|m| m.score),
        assigned: l.theme.as_ref().map(|m| m.assigned),
    }
}

/// The occurrences of one document as the format writes them (see
/// [`Piece`]).
fn piece(
    args: &KwicArgs,
    dialect: CsvDialect,
    doc: &parole::corpus::Document,
    lines: Vec<Line>,
) -> io::Result<Piece> {
    let mut piece = Piece {
        bytes: Vec::new(),
        sorted: Vec::new(),
        occurrences: lines.len(),
        id_width: 0,
        left_width: 0,
        keys: doc.meta.keys().cloned().collect(),
        held: None,
    };
    if lines.is_empty() {
        return Ok(piece);
    }
    let d = DocumentLines {
        id: doc.id.clone(),
        source: doc.source.clone(),
        encoding: doc.encoding.clone(),
        meta: doc.meta.clone(),
        lines,
    };
    let sort = Sort::from(args.sort);
    match args.format {
        KwicFormat::Json if args.pretty => piece.held = Some(d),
        KwicFormat::Json => {
            for (k, l) in d.lines.iter().enumerate() {
                if k > 0 {
                    piece.bytes.push(b',');
                }
                let start = piece.bytes.len();
                serde_json::to_writer(&mut piece.bytes, &entry(&d, l))?;
                piece.place(sort, l, start..piece.bytes.len());
            }
        }
        KwicFormat::Csv => {
            let meta = serde_json::to_string(&d.meta)?;
            let mut w = CsvDialect::Plain.rows(Vec::new());
            for l in &d.lines {
                let start = w.get_ref().len();
                w.write_record(csv_cells(dialect, &d, l).into_iter().chain([meta.clone()]))
                    .and_then(|()| Ok(w.flush()?))
                    .map_err(csv_io)?;
                piece.place(sort, l, start..w.get_ref().len());
            }
            piece.bytes = w.into_inner()?;
        }
        KwicFormat::Text => {
            let mut w = CsvDialect::Plain.rows(Vec::new());
            for l in &d.lines {
                let (who, left, rest) = text_line(&d, l);
                piece.id_width = piece.id_width.max(columns(&who));
                piece.left_width = piece.left_width.max(columns(&left));
                let start = w.get_ref().len();
                w.write_record([who, left, rest])
                    .and_then(|()| Ok(w.flush()?))
                    .map_err(csv_io)?;
                piece.place(sort, l, start..w.get_ref().len());
            }
            piece.bytes = w.into_inner()?;
        }
    }
    Ok(piece)
}

impl Piece {
    /// Notes the key of line `l` for `sort`, and its record's bytes, unless
    /// in corpus order.
    fn place(&mut self, sort: Sort, l: &Line, record: std::ops::Range<usize>) {
        if let Some(key) = sort.key(l) {
            self.sorted.push((key.into(), record));
        }
    }
}

/// Writes what was found to `out`; returns the exit status.
fn write(
    args: &KwicArgs,
    dialect: CsvDialect,
    config: &Config,
    query: &Query,
    mut found: Found,
    out: &mut Output,
) -> Result<i32, Failure> {
    let path = args.output.as_deref();
    let dir = spill_dir(path);
    let separator: &[u8] = match args.format {
        KwicFormat::Json => b",",
        _ => b"",
    };
    let spilled = match found.spill.is_some() {
        true => Some(found.records(dir, separator)?),
        false => None,
    };
    match (args.format, spilled) {
        (KwicFormat::Json, spilled) => write_json(out, args, config, query, &found, spilled),
        (KwicFormat::Text, Some(spilled)) => write_text(out, &found, spilled),
        (KwicFormat::Csv, Some(spilled)) => write_csv(out, dialect, &found, spilled),
        (_, None) => unreachable!("--pretty goes with --format json only"),
    }
    .map_err(|e| write_failure(path, e))?;
    Ok(args.analysis.exit_status(found.skipped.len()))
}

/// The JSON report: with `--pretty`, built whole from the lines held; else
/// its fields, then its `lines` copied from the temporary file.
fn write_json(
    out: &mut Output,
    args: &KwicArgs,
    config: &Config,
    query: &Query,
    found: &Found,
    spilled: Option<Box<dyn Read>>,
) -> io::Result<()> {
    let report = KwicReport {
        schema_version: KWIC_SCHEMA_VERSION,
        parole_version: env!("CARGO_PKG_VERSION"),
        query: QueryInfo {
            pattern: &args.search.pattern,
            kind: query.kind(),
            assigned: args.search.assigned,
        },
        window: args.window,
        sort: Sort::from(args.sort).name(),
        conditions: &args.analysis.conditions,
        within_theme: args.analysis.within_theme.as_deref(),
        analysis: AnalysisInfo::of(config),
        documents_searched: found.documents_searched,
        left_out: found.left_out,
        occurrences: found.occurrences,
        skipped: found.skipped.iter().map(SkippedEntry::from).collect(),
        lines: found
            .lines(Sort::from(args.sort))
            .into_iter()
            .map(|(d, l)| entry(d, l))
            .collect(),
    };
    let Some(mut spilled) = spilled else {
        serde_json::to_writer_pretty(&mut *out, &report)?;
        return out.write_all(b"\n");
    };
    let mut head = serde_json::to_vec(&report)?;
    parole::stream::open_last_array(&mut head, "lines");
    out.write_all(&head)?;
    io::copy(&mut spilled, out)?;
    out.write_all(b"]}\n")
}

/// The three parts of an occurrence's line of `--format text`: the id (and,
/// in a transcript, the speaker of the turn in brackets), which
/// [`write_text`] pads to the widest; the left context, which it
/// right-aligns to the widest; then the keyword and the right context,
/// contexts cut to [`CONTEXT_CHARS`] at a word boundary, with `…`. Columns
/// are counted as a terminal shows them: an accent typed as a combining
/// character takes none.
fn text_line(d: &DocumentLines, l: &Line) -> (String, String, String) {
    let who = match &l.speaker {
        Some(speaker) => format!("{} [{}]", shown_name(&d.id), one_line(speaker)),
        None => shown_name(&d.id),
    };
    let left = cut_left(&shown_name(&one_line(&l.left)), CONTEXT_CHARS);
    let right = cut_right(&shown_name(&one_line(&l.right)), CONTEXT_CHARS);
    let mut rest = format!("{}  {right}", shown_name(&one_line(&l.keyword)));
    if let Some(m) = &l.theme {
        let got = if m.assigned {
            ""
        } else {
            ", passage without the theme"
        };
        rest.push_str(&format!("  [{} {}{got}]", m.entry, m.weight));
    }
    (who, left, rest)
}

/// One line per occurrence (see [`text_line`]), the ids padded to the
/// widest, the left contexts right-aligned to the widest (no column when
/// every one is empty, with `--window 0`).
fn write_text(out: &mut Output, found: &Found, spilled: Box<dyn Read>) -> io::Result<()> {
    for record in spilled_records(spilled) {
        let record = record?;
        let who = pad(&record[0], found.id_width);
        let line = match found.left_width {
            0 => format!("{who}  {}", &record[2]),
            width => {
                let indent = " ".repeat(width.saturating_sub(columns(&record[1])));
                format!("{who}  {indent}{}  {}", &record[1], &record[2])
            }
        };
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// The records of a temporary file of CSV rows.
fn spilled_records(spilled: impl Read) -> impl Iterator<Item = io::Result<csv::StringRecord>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(BufReader::new(spilled))
        .into_records()
        .map(|r| r.map_err(csv_io))
}

/// The cells of an occurrence's CSV row before its metadata columns.
fn csv_cells(dialect: CsvDialect, d: &DocumentLines, l: &Line) -> Vec<String> {
    let mut record = vec![
        d.id.clone(),
        d.source.clone(),
        l.passage.to_string(),
        l.span[0].to_string(),
        l.span[1].to_string(),
        l.speaker.clone().unwrap_or_default(),
        l.left.clone(),
        l.keyword.clone(),
        l.right.clone(),
    ];
    match &l.theme {
        Some(m) => record.extend([
            m.entry.clone(),
            dialect.float(m.weight),
            dialect.float(m.score),
            m.assigned.to_string(),
        ]),
        None => record.extend([String::new(), String::new(), String::new(), String::new()]),
    }
    record
}

fn write_csv(
    out: &mut Output,
    dialect: CsvDialect,
    found: &Found,
    spilled: Box<dyn Read>,
) -> io::Result<()> {
    let mut w = dialect.table(out)?;
    // Metadata columns are prefixed, as in `parole analyze --table
    // documents`: a `start` or `id` field of the corpus cannot take the
    // place of the occurrence's own column.
    let mut header: Vec<String> = [
        "id", "source", "passage", "start", "end", "speaker", "left", "keyword", "right", "entry",
        "weight", "score", "assigned",
    ]
    .map(String::from)
    .into();
    let fixed = header.len();
    header.extend(found.meta_keys.iter().map(|k| format!("meta.{k}")));
    w.write_record(&header).map_err(csv_io)?;
    for record in spilled_records(spilled) {
        let record = record?;
        let meta: BTreeMap<String, serde_json::Value> = serde_json::from_str(&record[fixed])?;
        let cells = record.iter().take(fixed).map(str::to_string).chain(
            found
                .meta_keys
                .iter()
                .map(|k| meta.get(k).map_or(String::new(), |v| dialect.meta_cell(v))),
        );
        w.write_record(cells.collect::<Vec<String>>())
            .map_err(csv_io)?;
    }
    w.flush()
}

/// An error of the CSV writer as the I/O error it is.
pub(super) fn csv_io(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn args(extra: &[&str]) -> KwicArgs {
        let argv = [&["parole", "kwic", "souveraineté", "corpus/", "-q"], extra].concat();
        match super::super::Cli::try_parse_from(argv).unwrap().command {
            super::super::Command::Kwic(args) => args,
            other => panic!("{other:?}"),
        }
    }

    fn found(args: &KwicArgs) -> Found {
        let dialect = args.excel.dialect(args.format == KwicFormat::Csv).unwrap();
        let (config, query, corpus, pool) = args.search_for().start().unwrap();
        pool.install(|| search(args, dialect, &config, &query, corpus))
            .unwrap()
    }

    /// The occurrences wait in the temporary file, not in memory, whatever
    /// the format but `--pretty`, which holds them to indent the report.
    #[test]
    fn occurrences_wait_on_disk_unless_pretty() {
        for format in ["json", "csv", "text"] {
            let mut found = found(&args(&["--format", format]));
            assert!(found.occurrences > 1, "{format}");
            assert!(found.documents.is_empty(), "{format}: held in memory");
            let mut spilled = String::new();
            io::Read::read_to_string(&mut found.spilled(None).unwrap(), &mut spilled).unwrap();
            assert!(spilled.contains("souveraineté"), "{format}: {spilled}");
        }
        let pretty = found(&args(&["--pretty"]));
        assert!(pretty.spill.is_none());
        assert_eq!(pretty.lines(Sort::Corpus).len(), pretty.occurrences);
    }
}
