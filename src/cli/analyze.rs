//! `parole analyze`: reads the corpus, analyses documents in parallel in
//! batches, merges them in input order and writes the report.
//!
//! Memory: with `--format json` (the default) every document's tables are
//! kept until the report is written, so memory grows with the corpus. With
//! `--format jsonl` the inputs are read twice (first for the corpus totals
//! that tf-idf needs, then to write one line per document), and memory stays
//! bounded by one batch of documents plus the corpus vocabulary.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use parole::corpus::{Corpus, CorpusOptions};
use parole::count::DocumentFrequencies;
use parole::pipeline::{Config, CorpusTotals, DocumentResult};
use parole::report::{build_report, document_report, Report, ReportConfig};

use super::output::{write_failure, write_with, Output};
use super::{for_each_batch, AnalysisArgs};
use crate::Failure;

const EXAMPLES: &str = "\
Examples:
  parole analyze corpus/ --pretty -o report.json
  parole analyze discours.jsonl --text-field texte --id-field uid --format jsonl > docs.jsonl
  cat docs.jsonl | parole analyze - --passage sentence --top 20
  parole analyze corpus/ --themes my-lexicon.toml --only-themes souverainete,ecologie

Inputs: files or folders (walked recursively in sorted order). .txt and .md files
are one document each, with optional front matter (--- / key: value / ---);
.jsonl is one document per line, .csv one per row; - reads JSONL from stdin.
README, LICENSE and hidden files inside folders are not documents.

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
}

/// Arguments of `parole analyze`.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct AnalyzeArgs {
    /// Files or folders to analyse; - reads JSONL from stdin.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Reading and analysis options, shared by analyze, compare and kwic.
    #[command(flatten)]
    pub analysis: AnalysisArgs,
    /// Rows in each term and n-gram table.
    #[arg(long, default_value_t = 50, value_name = "N")]
    pub top: usize,
    /// Minimum count of an n-gram to be listed.
    #[arg(long, default_value_t = 2, value_name = "N")]
    pub min_ngram_count: u64,
    /// Report format.
    #[arg(long, value_enum, default_value = "json")]
    pub format: Format,
    /// Indent the JSON (with --format json).
    #[arg(long)]
    pub pretty: bool,
    /// Write the report to FILE (atomically) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Runs `parole analyze`.
pub fn run(args: AnalyzeArgs) -> Result<i32, Failure> {
    if args.format == Format::Jsonl && args.paths.iter().any(|p| p.as_os_str() == "-") {
        return Err(Failure::Usage(
            "--format jsonl reads its inputs twice and cannot read stdin twice; save the input to a file first".into(),
        ));
    }
    if args.pretty && args.format == Format::Jsonl {
        return Err(Failure::Usage(
            "--pretty goes with --format json only".into(),
        ));
    }
    let config = args.analysis.config(args.top, args.min_ngram_count)?;
    let options = args.analysis.corpus_options();
    let inputs: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
    let report_config = ReportConfig::new(
        &config,
        inputs,
        &args.analysis.text_field,
        &args.analysis.id_field,
    );
    let pool = args.analysis.pool()?;
    args.analysis
        .check_output(args.output.as_deref(), &args.paths)?;
    pool.install(|| match args.format {
        Format::Json => run_json(&args, &config, &options, report_config),
        Format::Jsonl => run_jsonl(&args, &config, &options, report_config),
    })
}

/// Reads the whole corpus, analysing batches in parallel; hands every batch
/// of analysed documents to `each` in input order, after adding them to the
/// corpus totals, which it returns.
fn analyse_corpus(
    args: &AnalyzeArgs,
    config: &Config,
    options: &CorpusOptions,
    mut each: impl FnMut(Vec<DocumentResult>) -> Result<(), Failure> + Send,
) -> Result<CorpusTotals, Failure> {
    let corpus = Corpus::open(&args.paths, options.clone())?;
    let mut totals = CorpusTotals::new(config.lexicon.themes().len());
    let reading = for_each_batch(
        corpus,
        args.analysis.quiet,
        args.analysis.quiet,
        |doc| config.analyze_document(doc),
        |batch| {
            totals.add_all(&batch);
            each(batch)
        },
    )?;
    totals.skipped = reading.skipped;
    totals.inputs_seen = reading.units_seen;
    Ok(totals)
}

fn run_json(
    args: &AnalyzeArgs,
    config: &Config,
    options: &CorpusOptions,
    report_config: ReportConfig,
) -> Result<i32, Failure> {
    let mut docs = Vec::new();
    let totals = analyse_corpus(args, config, options, |batch| {
        docs.extend(batch);
        Ok(())
    })?;
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

fn run_jsonl(
    args: &AnalyzeArgs,
    config: &Config,
    options: &CorpusOptions,
    report_config: ReportConfig,
) -> Result<i32, Failure> {
    // First pass: document frequencies for tf-idf, from the analyzer alone.
    let mut df = DocumentFrequencies::default();
    let mut documents = 0u64;
    for_each_batch(
        Corpus::open(&args.paths, options.clone())?,
        args.analysis.quiet,
        true,
        |doc| config.document_keys(doc),
        |batch| {
            documents += batch.len() as u64;
            df.add_documents(&batch);
            Ok(())
        },
    )?;
    // Second pass: the whole analysis; each worker writes its document's
    // line, which is written out in input order, and the corpus totals are
    // gathered for the last line.
    let path = args.output.as_deref();
    let mut out = Output::open(path).map_err(|e| write_failure(path, e))?;
    let corpus = Corpus::open(&args.paths, options.clone())?;
    let mut totals = CorpusTotals::new(config.lexicon.themes().len());
    let second = for_each_batch(
        corpus,
        args.analysis.quiet,
        args.analysis.quiet,
        |doc| {
            let result = config.analyze_document(doc);
            let report = document_report(config, &result, &df, documents);
            let mut line = serde_json::to_vec(&report).expect("a report serialises");
            line.push(b'\n');
            (result, line)
        },
        |batch| {
            let (results, lines): (Vec<DocumentResult>, Vec<Vec<u8>>) = batch.into_iter().unzip();
            for line in &lines {
                out.write_all(line).map_err(|e| write_failure(path, e))?;
            }
            totals.add_all(&results);
            Ok(())
        },
    );
    match second {
        Ok(reading) => {
            totals.skipped = reading.skipped;
            totals.inputs_seen = reading.units_seen;
        }
        Err(e) => {
            out.abandon();
            return Err(e);
        }
    }
    let report = build_report(config, report_config, &totals, Vec::new());
    let result = serde_json::to_writer(&mut out, &report)
        .map_err(std::io::Error::from)
        .and_then(|()| out.write_all(b"\n"));
    match result {
        Ok(()) => out.finish().map_err(|e| write_failure(path, e))?,
        Err(e) => {
            out.abandon();
            return Err(write_failure(path, e));
        }
    }
    Ok(args.analysis.exit_status(totals.skipped.len()))
}
