//! `parole analyze`: reads the corpus, analyses documents in parallel in
//! batches, merges them in input order and writes the report, or one of its
//! tables as CSV.
//!
//! Memory: the inputs are read once; each document's report waits in a
//! temporary file (see [`parole::stream`]) until the corpus totals that
//! tf-idf needs are known, and memory stays bounded by a few batches of
//! documents (see [`super::batch_size`]) plus the corpus vocabulary, in both
//! JSON formats. The CSV tables need no such wait: a document's rows are
//! written as soon as it is analysed, except in the `documents` table, whose
//! rows wait in a temporary file until the metadata keys of the whole corpus
//! (its last columns) are known. Only `--pretty` keeps every document until
//! the report is written, to indent it.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use parole::corpus::{Corpus, CorpusOptions};
use parole::pipeline::{Config, CorpusTotals, DocumentResult};
use parole::report::{
    build_report, document_report, document_report_without_passages, document_report_without_terms,
    Report, ReportConfig,
};
use parole::stream::{open_last_array, KeyFrequencies, PendingLine, Spill};

use super::csv_dialect::{CsvDialect, ExcelArg, TableWriter};
use super::output::{
    column_width, cut_right, pad, plural, shown_name, text_rows, write_failure, write_with, Output,
};
use super::{for_each_batch, temp_failure, temp_file, AnalysisArgs};
use crate::Failure;

const EXAMPLES: &str = "\
Examples:
  parole analyze corpus/ --pretty -o report.json
  parole analyze corpus/ --format text
  zcat discours.jsonl.gz | parole analyze - --text-field texte --passage sentence --top 20
  parole analyze corpus/ --themes themes/fr.toml --only-themes souverainete,ecologie
  parole analyze corpus/ --format csv --table evidence > evidence.csv
  parole analyze corpus/ --format csv --table entries --top 10
  parole analyze corpus/ --format csv --table themes --excel -o themes.csv
  parole analyze corpus/ --format csv --table document-terms -o dtm.csv
  parole analyze corpus/ --where parti=PSP --where type!=communiqué
  parole analyze corpus/ --within-theme souverainete --format text

With your own files (their names stand for yours):
  parole analyze discours.jsonl --text-field texte --id-field uid --format jsonl > docs.jsonl

Inputs: files or folders (walked recursively in sorted order). .txt and .md files
are one document each, with optional front matter (--- / key: value / ---) and the
row that names them in a metadata.csv beside them (its column id: the file's name);
a .txt file opened by an Iramuteq star line (**** *parti_PS *annee_2020) is one
document per star line, its starred variables as metadata; .jsonl (.ndjson) is one
document per line, .csv (.tsv) one per row; - reads JSONL from stdin. README,
LICENSE and hidden files inside folders are not documents.

Exit status: 0 success; 2 usage, configuration, input or output error, and no
report is written; 3 report written but some inputs were skipped (listed in
corpus.skipped and on stderr); --allow-skipped makes that 0.";

/// Report format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One JSON object with the corpus and every document.
    Json,
    /// One line per document, then one line with the corpus totals.
    Jsonl,
    /// One tidy table (chosen with --table) as CSV, for R, pandas or a spreadsheet.
    Csv,
    /// A summary to read: the corpus's sizes, themes, most frequent terms and n-grams.
    Text,
}

/// The tables of `--format csv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Table {
    /// One row per document: source, encoding, sizes, metadata (as a JSON object, then one
    /// meta.KEY column per key).
    Documents,
    /// One row per passage: document, passage, span, sizes, assigned themes, text.
    Passages,
    /// One row per match: document, passage, theme, entry, matched text, span, weight, and
    /// the passage's score for the theme and whether it got the theme.
    Evidence,
    /// One row per document × theme: passages and content tokens with the theme, and shares.
    Themes,
    /// One row per key term of the corpus (the --top most frequent).
    Terms,
    /// One row per document × key term: every term of each document and its count, most
    /// frequent first (--top does not apply): the document-term matrix in long form, as
    /// tidytext's cast_dfm, quanteda or scipy.sparse read it.
    DocumentTerms,
    /// One row per document × bigram or trigram: every n-gram of each document and its
    /// count, most frequent first (--top and --min-ngram-count do not apply): the
    /// document-n-gram matrix in long form.
    DocumentNgrams,
    /// One row per bigram or trigram of the corpus (the --top most frequent of each length).
    Ngrams,
    /// One row per theme × lexicon entry that carried it in the corpus: matches in the
    /// passages assigned the theme, and those passages (the --top most matched per theme).
    Entries,
    /// One row per theme of the corpus: passages, content tokens and documents with the
    /// theme, and shares (the text summary's theme table).
    ThemeTotals,
}

impl Table {
    /// Whether the table is of the whole corpus, written once it is read,
    /// rather than rows of each document.
    fn is_corpus_wide(self) -> bool {
        matches!(
            self,
            Table::Terms | Table::Ngrams | Table::Entries | Table::ThemeTotals
        )
    }
}

/// Arguments of `parole analyze`.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct AnalyzeArgs {
    /// Files or folders to analyse; - reads JSONL from stdin.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Reading and analysis options, shared by analyze, compare, kwic and collocates.
    #[command(flatten)]
    pub analysis: AnalysisArgs,
    /// Rows in each term and n-gram table, key terms per document and entries per theme (0 for
    /// all).
    #[arg(long, default_value_t = 50, value_name = "N", allow_negative_numbers = true, value_parser = super::at_least(0usize))]
    pub top: usize,
    /// Minimum count of an n-gram to be listed (1 lists every n-gram).
    #[arg(long, default_value_t = 2, value_name = "N", allow_negative_numbers = true, value_parser = super::at_least(1u64))]
    pub min_ngram_count: u64,
    /// Report format.
    #[arg(long, value_enum, ignore_case = true, default_value = "json")]
    pub format: Format,
    /// Indent the JSON (with --format json); the whole report is then built
    /// in memory.
    #[arg(long)]
    pub pretty: bool,
    /// With --format csv: which table [default: passages].
    #[arg(long, value_enum, ignore_case = true, value_name = "TABLE")]
    pub table: Option<Table>,
    /// CSV for Excel.
    #[command(flatten)]
    pub excel: ExcelArg,
    /// Write the report to FILE (atomically) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Runs `parole analyze`.
pub fn run(args: AnalyzeArgs) -> Result<i32, Failure> {
    if args.pretty && args.format != Format::Json {
        return Err(Failure::Usage(
            "--pretty goes with --format json only".into(),
        ));
    }
    if args.table.is_some() && args.format != Format::Csv {
        return Err(Failure::Usage(
            "--table goes with --format csv: add --format csv, or drop --table".into(),
        ));
    }
    let dialect = args.excel.dialect(args.format == Format::Csv)?;
    // 0 keeps every row, as in `parole compare`.
    let top = match args.top {
        0 => usize::MAX,
        n => n,
    };
    let config = args.analysis.config(top, args.min_ngram_count)?;
    let options = args.analysis.corpus_options();
    let inputs: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
    let report_config = ReportConfig::new(&config, inputs, &options);
    let pool = args.analysis.pool()?;
    args.analysis
        .check_output(args.output.as_deref(), &args.paths)?;
    pool.install(|| match args.format {
        Format::Json => run_json(&args, &config, &options, report_config),
        Format::Jsonl => run_streamed(&args, &config, &options, report_config, Layout::Jsonl),
        Format::Csv => run_csv(&args, dialect, &config, &options, report_config),
        Format::Text => run_text(&args, &config, &options, report_config),
    })
}

/// Reads the whole corpus, analysing batches in parallel, and computes
/// `extra` of each analysed document on the same worker; hands every batch
/// of analysed documents and their extras to `each` in input order, after
/// adding the documents to the corpus totals, which it returns.
fn analyse_corpus<T: Send>(
    args: &AnalyzeArgs,
    config: &Config,
    options: &CorpusOptions,
    extra: impl Fn(&DocumentResult) -> T + Sync,
    mut each: impl FnMut(Vec<DocumentResult>, Vec<T>) -> Result<(), Failure> + Send,
) -> Result<CorpusTotals, Failure> {
    let corpus = Corpus::open(&args.paths, options.clone())?;
    let mut totals = CorpusTotals::new(config.lexicon.themes().len());
    let reading = for_each_batch(
        corpus,
        args.analysis.quiet,
        args.analysis.quiet,
        |doc| {
            let result = config.analyze_document(doc);
            let extra = extra(&result);
            (result, extra)
        },
        |batch| {
            let (results, extras): (Vec<DocumentResult>, Vec<T>) = batch.into_iter().unzip();
            totals.add_all(&results);
            each(results, extras)
        },
    )?;
    reading.check_conditions(args.analysis.quiet)?;
    totals.left_out = reading.left_out();
    totals.skipped = reading.skipped;
    totals.inputs_seen = reading.units_seen;
    Ok(totals)
}

/// `--format json`: with `--pretty`, the whole report is built in memory
/// and indented; otherwise it is streamed as `--format jsonl` is, the
/// documents written as the items of its last field.
fn run_json(
    args: &AnalyzeArgs,
    config: &Config,
    options: &CorpusOptions,
    report_config: ReportConfig,
) -> Result<i32, Failure> {
    if !args.pretty {
        return run_streamed(args, config, options, report_config, Layout::Json);
    }
    let mut docs = Vec::new();
    let totals = analyse_corpus(
        args,
        config,
        options,
        |_| (),
        |batch, _| {
            docs.extend(batch);
            Ok(())
        },
    )?;
    use rayon::prelude::*;
    let documents = docs
        .par_iter()
        .map(|d| document_report(config, d, &totals.terms, totals.documents))
        .collect();
    drop(docs);
    let report = build_report(config, report_config, &totals, documents);
    write_report(args, &report)
}

fn write_report(args: &AnalyzeArgs, report: &Report) -> Result<i32, Failure> {
    write_with(args.output.as_deref(), |out| {
        if args.pretty {
            serde_json::to_writer_pretty(&mut *out, report)
        } else {
            serde_json::to_writer(&mut *out, report)
        }?;
        out.write_all(b"\n")
    })?;
    Ok(args.analysis.exit_status(report.corpus.skipped.len()))
}

/// `--format csv`: the rows of a per-document table are made by the worker
/// that analysed the document and written in input order as the corpus is
/// read; a corpus table is written once the corpus is read. Skipped inputs
/// are listed on stderr, and the exit status is 3, as for the JSON report.
fn run_csv(
    args: &AnalyzeArgs,
    dialect: CsvDialect,
    config: &Config,
    options: &CorpusOptions,
    report_config: ReportConfig,
) -> Result<i32, Failure> {
    let path = args.output.as_deref();
    let mut out = Output::open(path).map_err(|e| write_failure(path, e))?;
    match write_csv(args, dialect, config, options, report_config, &mut out) {
        Ok(skipped) => {
            out.finish().map_err(|e| write_failure(path, e))?;
            Ok(args.analysis.exit_status(skipped))
        }
        Err(e) => {
            if out.abandon() {
                // Rows are written as the corpus is read, and an input error
                // can come at the end of a file: say that those rows are not
                // the table.
                return Err(incomplete(e, path));
            }
            Err(e)
        }
    }
}

/// Rows of terms, and of each length of n-grams, in the text summary.
const TEXT_ROWS: usize = 20;

/// Columns of a term or n-gram in the text summary, at most.
const TEXT_NAME_COLUMNS: usize = 40;

/// `--format text`: the corpus read, analysed, and summed up for reading.
fn run_text(
    args: &AnalyzeArgs,
    config: &Config,
    options: &CorpusOptions,
    report_config: ReportConfig,
) -> Result<i32, Failure> {
    let totals = analyse_corpus(args, config, options, |_| (), |_, _| Ok(()))?;
    let report = build_report(config, report_config, &totals, Vec::new());
    let text = text_summary(&report, args.top);
    write_with(args.output.as_deref(), |out| out.write_all(text.as_bytes()))?;
    Ok(args.analysis.exit_status(report.corpus.skipped.len()))
}

/// The corpus's sizes; each theme's passages, share and documents, with
/// the entries that carried it most; the most frequent terms and n-grams.
/// The JSON and CSV hold the same figures, and every document's.
fn text_summary(report: &Report, top: usize) -> String {
    use std::fmt::Write;
    let c = &report.corpus;
    let rows = text_rows(top, TEXT_ROWS);
    let mut s = String::new();
    let _ = write!(
        s,
        "{}, {}{}, {} ({}, {})",
        plural(c.documents, "document"),
        plural(c.passages, "passage"),
        match &report.config.within_theme {
            Some(id) => format!(" of the theme {id} (--within-theme)"),
            None => String::new(),
        },
        plural(c.tokens, "token"),
        plural(c.content_tokens, "content token"),
        plural(c.types, "type"),
    );
    if c.left_out > 0 {
        let _ = write!(s, "; {} left out by --where", c.left_out);
    }
    if !c.skipped.is_empty() {
        let _ = write!(s, "; {} skipped", c.skipped.len());
    }
    s.push('\n');
    if !report.themes.is_empty() {
        let width = column_width("theme", report.themes.iter().map(|t| t.id.as_str()));
        let _ = writeln!(
            s,
            "\n{}  {:>8}  {:>6}  {:>9}  entries that carried it most (matches)",
            pad("theme", width),
            "passages",
            "%",
            "documents"
        );
        for t in &report.themes {
            let entries: Vec<String> = t
                .entries
                .iter()
                .take(3)
                .map(|e| format!("{} ({})", shown_name(&e.entry), e.matches))
                .collect();
            let share = match c.passages {
                0 => "n/a".to_string(),
                all => format!("{:.1}", t.passages as f64 / all as f64 * 100.0),
            };
            let line = format!(
                "{}  {:>8}  {:>6}  {:>9}  {}",
                pad(&t.id, width),
                t.passages,
                share,
                t.documents,
                entries.join(", ")
            );
            let _ = writeln!(s, "{}", line.trim_end());
        }
    }
    let min_ngram_count = report.config.min_ngram_count;
    let listing = |s: &mut String, title: &str, rows: Vec<(&str, u64, u64, f64)>| {
        if rows.is_empty() {
            let _ = match (title, c.content_tokens) {
                ("term", _) | (_, 0) => writeln!(s, "\nno {title}"),
                _ => writeln!(
                    s,
                    "\nno {title} occurs {min_ngram_count} {} (--min-ngram-count)",
                    match min_ngram_count {
                        0 | 1 => "time or more",
                        _ => "times or more",
                    }
                ),
            };
            return;
        }
        // A very long word (a URL's path, a run of letters) is cut, so that
        // the table stays readable.
        let names: Vec<String> = rows
            .iter()
            .map(|r| cut_right(&shown_name(r.0), TEXT_NAME_COLUMNS))
            .collect();
        let width = column_width(title, names.iter().map(String::as_str));
        let _ = writeln!(
            s,
            "\n{}  {:>6}  {:>9}  {:>8}",
            pad(title, width),
            "count",
            "documents",
            "per 10k"
        );
        for (name, (_, count, documents, per_10k)) in names.iter().zip(&rows) {
            let _ = writeln!(
                s,
                "{}  {count:>6}  {documents:>9}  {per_10k:>8.2}",
                pad(name, width)
            );
        }
    };
    listing(
        &mut s,
        "term",
        report
            .terms
            .iter()
            .take(rows)
            .map(|t| (t.display.as_str(), t.count, t.documents, t.per_10k))
            .collect(),
    );
    for (n, title) in [(2, "bigram"), (3, "trigram")] {
        listing(
            &mut s,
            title,
            report
                .ngrams
                .iter()
                .filter(|g| g.n == n)
                .take(rows)
                .map(|g| (g.display.as_str(), g.count, g.documents, g.per_10k))
                .collect(),
        );
    }
    s
}

/// `failure`, saying that the rows already written to `path` (or stdout),
/// which cannot be taken back, are an incomplete table.
fn incomplete(failure: Failure, path: Option<&Path>) -> Failure {
    let destination = path.map_or("stdout".into(), |p| p.display().to_string());
    let message = match failure {
        Failure::BrokenPipe => return Failure::BrokenPipe,
        Failure::Parole(e) => e.to_string(),
        Failure::Usage(m) | Failure::Output(m) => m,
    };
    Failure::Output(format!(
        "{message}\nparole: the CSV rows already written to {destination} are an incomplete table: discard them"
    ))
}

/// Writes the `--table` of `--format csv` to `out`; returns the number of
/// skipped inputs.
fn write_csv(
    args: &AnalyzeArgs,
    dialect: CsvDialect,
    config: &Config,
    options: &CorpusOptions,
    report_config: ReportConfig,
    out: &mut Output,
) -> Result<usize, Failure> {
    let table = args.table.unwrap_or(Table::Passages);
    let path = args.output.as_deref();
    let csv_failure = |e: csv::Error| Failure::Output(format!("cannot write CSV: {e}"));
    let header: &[&str] = match table {
        Table::Documents => &[
            "document",
            "source",
            "encoding",
            "tokens",
            "content_tokens",
            "types",
            "passages",
            "meta",
        ],
        Table::Passages => &[
            "document",
            "passage",
            "start",
            "end",
            "tokens",
            "content_tokens",
            "themes",
            "speaker",
            "text",
        ],
        Table::Evidence => &[
            "document", "passage", "theme", "entry", "text", "start", "end", "weight", "speaker",
            "score", "assigned",
        ],
        Table::Themes => &[
            "document",
            "theme",
            "passages",
            "passage_share",
            "content_tokens",
            "token_share",
        ],
        Table::Terms => &["key", "display", "count", "documents", "per_10k"],
        Table::DocumentTerms => &["document", "key", "display", "count"],
        Table::DocumentNgrams => &["document", "n", "key", "display", "count"],
        Table::Ngrams => &["n", "key", "display", "count", "documents", "per_10k"],
        Table::Entries => &["theme", "entry", "matches", "passages"],
        Table::ThemeTotals => &[
            "theme",
            "label",
            "group",
            "passages",
            "passage_share",
            "content_tokens",
            "token_share",
            "documents",
        ],
    };
    if table == Table::Documents {
        return write_documents_csv(args, dialect, config, options, header, out);
    }
    let header = csv_header(dialect, header).map_err(csv_failure)?;
    out.write_all(&header).map_err(|e| write_failure(path, e))?;
    let totals = analyse_corpus(
        args,
        config,
        options,
        |doc| csv_rows(dialect, |w| document_rows(w, dialect, config, doc, table)),
        |_, rows| {
            for r in rows {
                out.write_all(&r.map_err(csv_failure)?)
                    .map_err(|e| write_failure(path, e))?;
            }
            Ok(())
        },
    )?;
    if table.is_corpus_wide() {
        let report = build_report(config, report_config, &totals, Vec::new());
        let rows =
            csv_rows(dialect, |w| corpus_rows(w, dialect, &report, table)).map_err(csv_failure)?;
        out.write_all(&rows).map_err(|e| write_failure(path, e))?;
    }
    Ok(totals.skipped.len())
}

/// The `documents` table: after its fixed columns and `meta` (the metadata
/// as a JSON object), one column `meta.KEY` per metadata key of the corpus,
/// in key order. The keys are known once the corpus is read, so the rows
/// wait in a temporary file until then, in the plain dialect, which only
/// this function reads; they are written out in `dialect`.
fn write_documents_csv(
    args: &AnalyzeArgs,
    dialect: CsvDialect,
    config: &Config,
    options: &CorpusOptions,
    header: &[&str],
    out: &mut Output,
) -> Result<usize, Failure> {
    let path = args.output.as_deref();
    let csv_failure = |e: csv::Error| Failure::Output(format!("cannot write CSV: {e}"));
    let dir = temp_dir(args);
    let waiting = |e| temp_failure(dir, "each document's row", e);
    let file = temp_file(dir).map_err(waiting)?;
    let mut rows = std::io::BufWriter::new(file);
    let mut keys = std::collections::BTreeSet::new();
    let totals = analyse_corpus(
        args,
        config,
        options,
        |doc| {
            let plain = CsvDialect::Plain;
            csv_rows(plain, |w| {
                document_rows(w, plain, config, doc, Table::Documents)
            })
        },
        |docs, batch| {
            for key in docs.iter().flat_map(|doc| doc.meta.keys()) {
                if !keys.contains(key) {
                    keys.insert(key.clone());
                }
            }
            for r in batch {
                rows.write_all(&r.map_err(csv_failure)?).map_err(waiting)?;
            }
            Ok(())
        },
    )?;
    let mut file = rows.into_inner().map_err(|e| waiting(e.into_error()))?;
    std::io::Seek::rewind(&mut file).map_err(waiting)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(std::io::BufReader::new(file));
    let mut writer = dialect
        .table(&mut *out)
        .map_err(|e| write_failure(path, e))?;
    let columns = keys.iter().map(|k| format!("meta.{k}"));
    let full_header: Vec<String> = header
        .iter()
        .map(|h| h.to_string())
        .chain(columns)
        .collect();
    writer.write_record(&full_header).map_err(csv_failure)?;
    let meta_column = header.len() - 1;
    for record in reader.records() {
        let record = record.map_err(|e| waiting(e.into()))?;
        let meta: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&record[meta_column]).map_err(|e| waiting(e.into()))?;
        let cells = keys.iter().map(|k| {
            meta.get(k)
                .map_or_else(String::new, |v| dialect.meta_cell(v))
        });
        let fields: Vec<String> = record.iter().map(str::to_string).chain(cells).collect();
        writer.write_record(&fields).map_err(csv_failure)?;
    }
    writer.flush().map_err(|e| write_failure(path, e))?;
    Ok(totals.skipped.len())
}

/// A row of the corpus term or n-gram listing: n (for n-grams), key,
/// display form, count, documents, rate per 10,000 content tokens.
type ListingRow<'a> = (Option<usize>, &'a str, &'a str, u64, u64, f64);

/// The rows of a table of the whole corpus, from its report.
fn corpus_rows(
    w: &mut TableWriter<Vec<u8>>,
    dialect: CsvDialect,
    report: &Report,
    table: Table,
) -> csv::Result<()> {
    if table == Table::ThemeTotals {
        for t in &report.themes {
            w.write_record([
                t.id.as_str(),
                t.label.as_str(),
                t.group.as_str(),
                &t.passages.to_string(),
                &dialect.float(t.passage_share),
                &t.content_tokens.to_string(),
                &dialect.float(t.token_share),
                &t.documents.to_string(),
            ])?;
        }
        return Ok(());
    }
    if table == Table::Entries {
        for theme in &report.themes {
            for e in &theme.entries {
                w.write_record([
                    theme.id.as_str(),
                    e.entry.as_str(),
                    &e.matches.to_string(),
                    &e.passages.to_string(),
                ])?;
            }
        }
        return Ok(());
    }
    let entries: Vec<ListingRow> = if table == Table::Terms {
        let t = &report.terms;
        t.iter()
            .map(|t| (None, &*t.key, &*t.display, t.count, t.documents, t.per_10k))
            .collect()
    } else {
        let t = &report.ngrams;
        t.iter()
            .map(|t| {
                (
                    Some(t.n),
                    &*t.key,
                    &*t.display,
                    t.count,
                    t.documents,
                    t.per_10k,
                )
            })
            .collect()
    };
    for (n, key, display, count, documents, per_10k) in entries {
        let mut record: Vec<String> = n.iter().map(usize::to_string).collect();
        record.extend([
            key.to_string(),
            display.to_string(),
            count.to_string(),
            documents.to_string(),
            dialect.float(per_10k),
        ]);
        w.write_record(&record)?;
    }
    Ok(())
}

/// The beginning of the table: its byte-order mark in the Excel dialect,
/// then `header`.
fn csv_header(dialect: CsvDialect, header: &[&str]) -> csv::Result<Vec<u8>> {
    let mut w = dialect.table(Vec::new())?;
    w.write_record(header)?;
    w.into_inner().map_err(Into::into)
}

/// The CSV bytes that `write` makes, rows that follow the header.
fn csv_rows(
    dialect: CsvDialect,
    write: impl FnOnce(&mut TableWriter<Vec<u8>>) -> csv::Result<()>,
) -> csv::Result<Vec<u8>> {
    let mut w = dialect.rows(Vec::new());
    write(&mut w)?;
    w.into_inner().map_err(Into::into)
}

/// The rows of one document in a per-document table (none for a corpus
/// table).
fn document_rows(
    w: &mut TableWriter<Vec<u8>>,
    dialect: CsvDialect,
    config: &Config,
    doc: &DocumentResult,
    table: Table,
) -> csv::Result<()> {
    if table.is_corpus_wide() {
        return Ok(());
    }
    if table == Table::DocumentTerms {
        for row in doc.terms.sorted(1) {
            w.write_record([
                doc.id.as_str(),
                &row.key.to_string(),
                &row.counts.display(),
                &row.counts.count.to_string(),
            ])?;
        }
        return Ok(());
    }
    if table == Table::DocumentNgrams {
        for row in doc.ngrams.sorted(1) {
            w.write_record([
                doc.id.as_str(),
                &row.key.n().to_string(),
                &row.key.to_string(),
                &row.counts.display(),
                &row.counts.count.to_string(),
            ])?;
        }
        return Ok(());
    }
    // Passages copied into the report only for the tables that show them.
    let report = match table {
        Table::Documents | Table::Themes => document_report_without_passages(config, doc),
        _ => document_report_without_terms(config, doc),
    };
    let id = &report.id;
    match table {
        Table::Documents => {
            let meta = serde_json::to_string(&report.meta).map_err(std::io::Error::from)?;
            w.write_record([
                id.clone(),
                report.source.clone(),
                report.encoding.clone(),
                report.tokens.to_string(),
                report.content_tokens.to_string(),
                report.types.to_string(),
                doc.passages.len().to_string(),
                meta,
            ])?;
        }
        Table::Passages => {
            for p in &report.passages {
                w.write_record([
                    id.clone(),
                    p.index.to_string(),
                    p.span[0].to_string(),
                    p.span[1].to_string(),
                    p.tokens.to_string(),
                    p.content_tokens.to_string(),
                    p.themes.join(";"),
                    p.speaker.clone().unwrap_or_default(),
                    p.text.clone(),
                ])?;
            }
        }
        Table::Evidence => {
            for p in &report.passages {
                for e in &p.evidence {
                    w.write_record([
                        id.clone(),
                        p.index.to_string(),
                        e.theme.clone(),
                        e.entry.clone(),
                        e.text.clone(),
                        e.span[0].to_string(),
                        e.span[1].to_string(),
                        dialect.float(e.weight),
                        p.speaker.clone().unwrap_or_default(),
                        dialect.float(p.scores.get(&e.theme).copied().unwrap_or(0.0)),
                        p.themes.contains(&e.theme).to_string(),
                    ])?;
                }
            }
        }
        Table::Themes => {
            for t in &report.themes {
                w.write_record([
                    id.clone(),
                    t.id.clone(),
                    t.passages.to_string(),
                    dialect.float(t.passage_share),
                    t.content_tokens.to_string(),
                    dialect.float(t.token_share),
                ])?;
            }
        }
        Table::Terms
        | Table::Ngrams
        | Table::Entries
        | Table::ThemeTotals
        | Table::DocumentTerms
        | Table::DocumentNgrams => {}
    }
    Ok(())
}

/// How a streamed report lays out its documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// One JSON report: the corpus fields, then the documents as the items
    /// of `documents`, its last field.
    Json,
    /// One line per document, then the report without its documents.
    Jsonl,
}

/// One reading of the corpus: each document is analysed, added to the
/// totals and kept as a pending line in a spill file; then every line is
/// finished with the corpus document frequencies and written in input
/// order, with the corpus report around (`Json`) or after (`Jsonl`) them.
fn run_streamed(
    args: &AnalyzeArgs,
    config: &Config,
    options: &CorpusOptions,
    report_config: ReportConfig,
    layout: Layout,
) -> Result<i32, Failure> {
    let path = args.output.as_deref();
    // Opened first: a destination that cannot be written is reported before
    // the corpus is read.
    let mut out = Output::open(path).map_err(|e| write_failure(path, e))?;
    let (spill, totals) = match spill_corpus(args, config, options) {
        Ok(spilled) => spilled,
        Err(e) => {
            // Nothing was written before the corpus was read.
            out.abandon();
            return Err(e);
        }
    };
    let bar = if args.analysis.quiet {
        ProgressBar::hidden()
    } else {
        let bar = ProgressBar::with_draw_target(Some(spill.len()), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template(
                "{bar:30} {human_pos}/{human_len} document reports written ({rate})",
            )
            .map(super::with_rate)
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    };
    let report = build_report(config, report_config, &totals, Vec::new());
    let written = (|| match layout {
        Layout::Jsonl => {
            write_documents(&mut out, spill, &totals, config.top, &bar, layout)?;
            serde_json::to_writer(&mut out, &report)?;
            out.write_all(b"\n")
        }
        Layout::Json => {
            let mut head = serde_json::to_vec(&report)?;
            open_last_array(&mut head, "documents");
            out.write_all(&head)?;
            write_documents(&mut out, spill, &totals, config.top, &bar, layout)?;
            out.write_all(b"]}\n")
        }
    })();
    bar.finish_and_clear();
    match written {
        Ok(()) => out.finish().map_err(|e| write_failure(path, e))?,
        Err(e) => {
            out.abandon();
            return Err(write_failure(path, e));
        }
    }
    Ok(args.analysis.exit_status(totals.skipped.len()))
}

/// Reads and analyses the corpus, adding each document to the totals and
/// its pending report to a spill file.
fn spill_corpus(
    args: &AnalyzeArgs,
    config: &Config,
    options: &CorpusOptions,
) -> Result<(Spill, CorpusTotals), Failure> {
    let spill_dir = temp_dir(args);
    let spill_failure = |e| temp_failure(spill_dir, "each document's report", e);
    let mut spill = Spill::new(temp_file(spill_dir).map_err(spill_failure)?);
    let totals = analyse_corpus(
        args,
        config,
        options,
        |result| PendingLine::new(config, result),
        |_, lines| {
            lines
                .iter()
                .try_for_each(|line| spill.push(line))
                .map_err(spill_failure)
        },
    )?;
    Ok((spill, totals))
}

/// Where temporary files go (see [`super::spill_dir`]).
fn temp_dir(args: &AnalyzeArgs) -> Option<&Path> {
    super::spill_dir(args.output.as_deref())
}

/// Lines finished together, in parallel, while the ones before them are
/// written: small, since the first batch is finished while nothing is
/// written, and the last written while nothing is finished.
const FINISH_BATCH: usize = 256;

/// Finishes the spilled documents a batch at a time, in parallel, and
/// writes them in order, as lines or as the items of a JSON array; while
/// one batch is written, the next is finished and the one after it read.
fn write_documents(
    out: &mut Output,
    spill: Spill,
    totals: &CorpusTotals,
    top: usize,
    bar: &ProgressBar,
    layout: Layout,
) -> std::io::Result<()> {
    use rayon::prelude::*;
    let frequencies = KeyFrequencies::new(totals);
    let mut lines = spill.into_lines()?;
    let mut read = move || {
        lines
            .by_ref()
            .take(FINISH_BATCH)
            .collect::<std::io::Result<Vec<_>>>()
    };
    let mut finished: Vec<Vec<u8>> = Vec::new();
    let mut first = true;
    let mut write = |out: &mut Output, line: &[u8]| match layout {
        Layout::Jsonl => out.write_all(line),
        Layout::Json => {
            if !std::mem::take(&mut first) {
                out.write_all(b",")?;
            }
            // Without its newline.
            out.write_all(&line[..line.len() - 1])
        }
    };
    let mut batch = read()?;
    loop {
        if batch.is_empty() && finished.is_empty() {
            return Ok(());
        }
        let (next, (written, after)) = rayon::join(
            || {
                batch
                    .par_iter()
                    .map(|line| line.finish(&frequencies, top))
                    .collect::<Vec<_>>()
            },
            || {
                rayon::join(
                    || finished.iter().try_for_each(|line| write(out, line)),
                    &mut read,
                )
            },
        );
        written?;
        bar.inc(finished.len() as u64);
        finished = next;
        batch = after?;
    }
}
