//! `parole collocates`: the terms that come near a word, a `prefix*`, a
//! phrase or a theme's evidence more often than chance would put them
//! there ([`parole::collocates`]), over a corpus read like `parole analyze`
//! reads it. Documents are counted in parallel in batches
//! ([`for_each_document`]), their counts added up, and the collocates
//! written as JSON, an aligned table or CSV.
//!
//! Memory: the documents of one batch, and two tables of terms (those near
//! the query and those of the whole corpus), as large as the corpus's
//! vocabulary.

use std::io::{self, Write};
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use serde::Serialize;

use parole::collocates::{collocates, Collocate, Counts};
use parole::corpus::{Corpus, Skipped};
use parole::kwic::Query;
use parole::pipeline::Config;
use parole::report::SkippedEntry;
use parole::stats;

use super::csv_dialect::{CsvDialect, ExcelArg};
use super::kwic::{csv_io, PatternArgs, SearchFor};
use super::output::{column_width, pad, plural, shown_name, write_with, Output};
use super::{for_each_document, AnalysisArgs, AnalysisInfo};
use crate::Failure;

/// Version of the JSON output of `parole collocates`.
pub const COLLOCATES_SCHEMA_VERSION: &str = "1.2.0";

const EXAMPLES: &str = "\
Examples:
  parole collocates 'europ*' corpus/ --format text
  parole collocates 'transition écologique' corpus/ --window 10 --min-count 1 --top 50
  parole collocates souveraineté corpus/ --min-count 1 --format csv -o souverainete.csv
  parole collocates souveraineté corpus/ --min-count 1 --min-corpus-count 5 --format text
  parole collocates ecologie corpus/ --assigned --format text
  parole collocates France corpus/ --within-theme souverainete --format text
  parole collocates 'europ*' corpus/ --where parti=PSP --format csv --excel -o psp.csv

The pattern is read as in parole kwic: a word (any inflection, capitals or missing
accents), a prefix*, a phrase, or a theme id for the theme's evidence (--words
searches an id as a word; --assigned keeps the matches of the passages that got the
theme). The window of an occurrence is the --window counted words on each side,
within its passage and its speaker's turn: the context parole kwic --window N
shows. Windows that overlap count each word once, and the occurrences themselves
are left out. A term (a content word, or a name with its article, by key as in
parole analyze) is a collocate when it is seen at least --min-count times in the
windows (its co-occurrences, AntConc's minimum collocate frequency), at least
--min-corpus-count times in all the passages searched (its corpus count, TXM's Fmin:
a term seen once in the corpus, and so once near, can top the ranking on that one
chance meeting) and more often in the windows than expected from its frequency in all
the passages searched (the occurrences left out, since no window can hold them). Collocates are ranked by Lafon's
specificity (the signed log10 probability of as many co-occurrences or more, under
the hypergeometric law), with the log-likelihood G² of the same table.

Exit status: 0 success, with or without collocates; 2 invalid pattern, usage,
configuration, input or output error, and nothing is written; 3 written but some
inputs were skipped (listed in the JSON output and on stderr; --allow-skipped
makes it 0).";

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CollocatesFormat {
    /// One JSON object with the query, the counts and the collocates.
    Json,
    /// An aligned table, for reading in a terminal.
    Text,
    /// CSV with a header row, one row per collocate.
    Csv,
}

/// Arguments of `parole collocates`.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct CollocatesArgs {
    /// The pattern and where to search it.
    #[command(flatten)]
    pub search: PatternArgs,
    /// Reading and analysis options, shared by analyze, compare, kwic and collocates.
    #[command(flatten)]
    pub analysis: AnalysisArgs,
    /// Counted words on each side of an occurrence (punctuation, stage directions and speaker
    /// labels are not counted).
    #[arg(long, default_value_t = 5, value_name = "N", allow_negative_numbers = true, value_parser = super::at_least(1usize))]
    pub window: usize,
    /// Minimum co-occurrences of a collocate.
    #[arg(long, default_value_t = 2, value_name = "N", allow_negative_numbers = true, value_parser = super::at_least(1u64))]
    pub min_count: u64,
    /// Minimum occurrences of a collocate in all the passages searched (its corpus count).
    #[arg(long, default_value_t = 1, value_name = "N", allow_negative_numbers = true, value_parser = super::at_least(1u64))]
    pub min_corpus_count: u64,
    /// Collocates listed, the most specific first (0 for all).
    #[arg(long, default_value_t = 30, value_name = "N", allow_negative_numbers = true, value_parser = super::at_least(0usize))]
    pub top: usize,
    /// Output format.
    #[arg(long, value_enum, ignore_case = true, default_value = "json")]
    pub format: CollocatesFormat,
    /// Indent the JSON (with --format json).
    #[arg(long)]
    pub pretty: bool,
    /// CSV for Excel.
    #[command(flatten)]
    pub excel: ExcelArg,
    /// Write to FILE (atomically) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

impl CollocatesArgs {
    fn search_for(&self) -> SearchFor<'_> {
        SearchFor {
            command: "collocates",
            args: &self.search,
            analysis: &self.analysis,
            output: self.output.as_deref(),
        }
    }
}

/// The counts of the corpus.
struct Found {
    documents_searched: u64,
    /// Documents read and left out by `--where`.
    left_out: u64,
    counts: Counts,
    skipped: Vec<Skipped>,
}

/// Runs `parole collocates`.
pub fn run(args: CollocatesArgs) -> Result<i32, Failure> {
    if args.pretty && args.format != CollocatesFormat::Json {
        return Err(Failure::Usage(
            "--pretty goes with --format json only".into(),
        ));
    }
    let dialect = args.excel.dialect(args.format == CollocatesFormat::Csv)?;
    let (config, query, corpus, pool) = args.search_for().start()?;
    let found = pool.install(|| count(&args, &config, &query, corpus))?;
    let top = if args.top == 0 { usize::MAX } else { args.top };
    let rows = collocates(&found.counts, args.min_count, args.min_corpus_count, top);
    write_with(args.output.as_deref(), |out| match args.format {
        CollocatesFormat::Json => write_json(out, &args, &config, &query, &found, &rows),
        CollocatesFormat::Text => write_text(out, &args, &query, &found, &rows),
        CollocatesFormat::Csv => write_csv(out, dialect, &rows),
    })?;
    Ok(args.analysis.exit_status(found.skipped.len()))
}

/// Counts the corpus, batches of documents in parallel; skipped inputs are
/// named on stderr.
fn count(
    args: &CollocatesArgs,
    config: &Config,
    query: &Query,
    corpus: Corpus,
) -> Result<Found, Failure> {
    let mut found = Found {
        documents_searched: 0,
        left_out: 0,
        counts: Counts::default(),
        skipped: Vec::new(),
    };
    let reading = for_each_document(
        corpus,
        args.analysis.quiet,
        args.analysis.quiet,
        |doc| Counts::of(config, doc, query, args.window, args.search.assigned),
        |counts| {
            found.documents_searched += 1;
            found.counts += &counts;
            Ok(())
        },
    )?;
    reading.check_conditions(args.analysis.quiet)?;
    found.left_out = reading.left_out();
    found.skipped = reading.skipped;
    let near_misses = &found.counts.near_misses;
    if found.counts.occurrences == 0 {
        args.search_for()
            .say_nothing_found(config, query, found.documents_searched, near_misses);
    } else {
        args.search_for()
            .say_found_unaccented(config, query, found.counts.occurrences);
        args.search_for()
            .say_found_near_misses(query, found.counts.occurrences, near_misses);
    }
    Ok(found)
}

#[derive(Serialize)]
struct CollocatesReport<'a> {
    schema_version: &'static str,
    parole_version: &'static str,
    query: QueryInfo<'a>,
    window: usize,
    min_count: u64,
    min_corpus_count: u64,
    top: usize,
    #[serde(rename = "where")]
    conditions: &'a [String],
    within_theme: Option<&'a str>,
    /// `passage`, `stopwords`, `lexicon`.
    #[serde(flatten)]
    analysis: AnalysisInfo,
    documents_searched: u64,
    left_out: u64,
    occurrences: u64,
    window_tokens: u64,
    corpus_tokens: u64,
    skipped: Vec<SkippedEntry>,
    collocates: &'a [Collocate],
}

#[derive(Serialize)]
struct QueryInfo<'a> {
    pattern: &'a str,
    kind: &'static str,
    assigned: bool,
}

fn write_json(
    out: &mut Output,
    args: &CollocatesArgs,
    config: &Config,
    query: &Query,
    found: &Found,
    rows: &[Collocate],
) -> io::Result<()> {
    let report = CollocatesReport {
        schema_version: COLLOCATES_SCHEMA_VERSION,
        parole_version: env!("CARGO_PKG_VERSION"),
        query: QueryInfo {
            pattern: &args.search.pattern,
            kind: query.kind(),
            assigned: args.search.assigned,
        },
        window: args.window,
        min_count: args.min_count,
        min_corpus_count: args.min_corpus_count,
        top: args.top,
        conditions: &args.analysis.conditions,
        within_theme: args.analysis.within_theme.as_deref(),
        analysis: AnalysisInfo::of(config),
        documents_searched: found.documents_searched,
        left_out: found.left_out,
        occurrences: found.counts.occurrences,
        window_tokens: found.counts.window_tokens(),
        corpus_tokens: found.counts.corpus_tokens(),
        skipped: found.skipped.iter().map(SkippedEntry::from).collect(),
        collocates: rows,
    };
    if args.pretty {
        serde_json::to_writer_pretty(&mut *out, &report)
    } else {
        serde_json::to_writer(&mut *out, &report)
    }
    .map_err(io::Error::from)?;
    out.write_all(b"\n")
}

/// A line of counts, then one aligned row per collocate.
fn write_text(
    out: &mut Output,
    args: &CollocatesArgs,
    query: &Query,
    found: &Found,
    rows: &[Collocate],
) -> io::Result<()> {
    let c = &found.counts;
    // The documents searched, as `kwic` says them: not those that hold an
    // occurrence, which the JSON does not count either.
    let mut read = format!(
        "the {} searched",
        plural(found.documents_searched, "document")
    );
    if args.search.assigned {
        read += ", only the matches of the passages that got the theme (--assigned)";
    }
    if let Some(id) = &args.analysis.within_theme {
        read += &format!(", only their passages of the theme {id}");
    }
    if found.left_out > 0 {
        read += &format!("; {} left out by --where", found.left_out);
    }
    if !found.skipped.is_empty() {
        read += &format!("; {} skipped", found.skipped.len());
    }
    // A theme id is its lexicon's matches, not the word (`query.kind` in
    // the JSON).
    let searched = match query {
        Query::Theme(_) => format!(
            "{} {} of the theme {}",
            c.occurrences,
            if c.occurrences == 1 {
                "match"
            } else {
                "matches"
            },
            args.search.pattern
        ),
        Query::Patterns(_) => format!(
            "{} of {:?}",
            plural(c.occurrences, "occurrence"),
            args.search.pattern
        ),
    };
    writeln!(
        out,
        "{searched} in {read}; {} in windows of {} on each side, of {} in the passages searched",
        plural(c.window_tokens(), "term"),
        plural(args.window as u64, "word"),
        c.corpus_tokens(),
    )?;
    if rows.is_empty() {
        let times = |n: u64| match n {
            1 => "once".to_string(),
            n => format!("{n} times"),
        };
        let corpus = match args.min_corpus_count {
            1 => String::new(),
            n => format!(", {} in the passages searched,", times(n)),
        };
        return writeln!(
            out,
            "\nno collocate seen at least {} near it{corpus} and more often than expected",
            times(args.min_count)
        );
    }
    let shown: Vec<String> = rows.iter().map(|r| shown_name(&r.display)).collect();
    let width = column_width("collocate", shown.iter().map(String::as_str));
    writeln!(
        out,
        "\n{}  {:>6}  {:>8}  {:>8}  {:>11}  {:>9}",
        pad("collocate", width),
        "near",
        "corpus",
        "expected",
        "specificity",
        "G2"
    )?;
    // The figures from the counts, rounded once: the JSON's are already
    // rounded to 4 decimals, and rounding them again to 2 could move the
    // last digit.
    let (t, total) = (c.window_tokens(), c.corpus_tokens());
    for (r, name) in rows.iter().zip(&shown) {
        let (k, f) = (r.cooccurrences, r.corpus_count);
        let keyness = stats::keyness(k, f - k, t, total - t);
        writeln!(
            out,
            "{}  {:>6}  {:>8}  {:>8.2}  {:>11.2}  {:>9.2}",
            pad(name, width),
            k,
            f,
            keyness.expected,
            stats::specificity(k, f, t, total),
            keyness.g2
        )?;
    }
    Ok(())
}

/// The columns of `--format csv`.
pub const CSV_COLUMNS: [&str; 9] = [
    "key",
    "display",
    "cooccurrences",
    "corpus_count",
    "expected",
    "specificity",
    "g2",
    "log_ratio",
    "p_value",
];

fn write_csv(out: &mut Output, dialect: CsvDialect, rows: &[Collocate]) -> io::Result<()> {
    let mut w = dialect.table(out)?;
    w.write_record(CSV_COLUMNS).map_err(csv_io)?;
    for r in rows {
        w.write_record([
            r.key.clone(),
            r.display.clone(),
            r.cooccurrences.to_string(),
            r.corpus_count.to_string(),
            dialect.float(r.expected),
            dialect.float(r.specificity),
            dialect.float(r.g2),
            dialect.float(r.log_ratio),
            dialect.float(r.p_value),
        ])
        .map_err(csv_io)?;
    }
    w.flush()
}
