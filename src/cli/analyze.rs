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
use parole::pipeline::{Config, CorpusTotals, DocumentResult};
use parole::report::{build_report, document_report, Report, ReportConfig};
use parole::segment::PassageMode;

use super::output::Output;
use super::{for_each_document, LexiconArgs, EXIT_OK};
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

Exit status: 0 success (skipped inputs are listed in corpus.skipped and on stderr);
2 usage, configuration, input or output error, and no report is written.";

/// Report format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One JSON object with the corpus and every document.
    Json,
    /// One line per document, then one line with the corpus totals.
    Jsonl,
}

/// Passage mode as a command-line value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PassageArg {
    /// One passage per line (paragraph or bullet).
    Paragraph,
    /// One passage per sentence.
    Sentence,
    /// One passage per document.
    Document,
}

impl From<PassageArg> for PassageMode {
    fn from(p: PassageArg) -> PassageMode {
        match p {
            PassageArg::Paragraph => PassageMode::Paragraph,
            PassageArg::Sentence => PassageMode::Sentence,
            PassageArg::Document => PassageMode::Document,
        }
    }
}

/// Arguments of `parole analyze`.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct AnalyzeArgs {
    /// Files or folders to analyse; - reads JSONL from stdin.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// How documents are cut into passages.
    #[arg(long, value_enum, default_value = "paragraph")]
    pub passage: PassageArg,
    /// Field holding the text, in JSONL and CSV inputs.
    #[arg(long, default_value = "text", value_name = "NAME")]
    pub text_field: String,
    /// Field holding the document id, in JSONL and CSV inputs (else FILE:LINE).
    #[arg(long, default_value = "id", value_name = "NAME")]
    pub id_field: String,
    /// Stopwords and lexicon.
    #[command(flatten)]
    pub lexicon: LexiconArgs,
    /// Keep only these themes of the lexicon (comma-separated ids).
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub only_themes: Vec<String>,
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
    /// Worker threads (default: all cores). Output is the same for any value.
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// No progress and no messages about skipped inputs on stderr.
    #[arg(short, long)]
    pub quiet: bool,
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
    if args.threads == Some(0) {
        return Err(Failure::Usage("--threads must be at least 1".into()));
    }
    let (analyzer, mut lexicon) = args.lexicon.load()?;
    if !args.only_themes.is_empty() {
        lexicon.retain(&args.only_themes)?;
    }
    let config = Config {
        analyzer,
        lexicon,
        passage: args.passage.into(),
        top: args.top,
        min_ngram_count: args.min_ngram_count.max(1),
    };
    let options = CorpusOptions {
        text_field: args.text_field.clone(),
        id_field: args.id_field.clone(),
    };
    let inputs: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
    let report_config = ReportConfig::new(&config, inputs, &args.text_field, &args.id_field);
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(n) = args.threads {
        builder = builder.num_threads(n);
    }
    let pool = builder
        .build()
        .map_err(|e| Failure::Usage(format!("cannot start worker threads: {e}")))?;
    pool.install(|| match args.format {
        Format::Json => run_json(&args, &config, &options, report_config),
        Format::Jsonl => run_jsonl(&args, &config, &options, report_config),
    })
}

/// Reads the whole corpus, analysing batches in parallel; calls `each` on
/// every analysed document in input order and returns the corpus totals.
fn analyse_corpus(
    args: &AnalyzeArgs,
    config: &Config,
    options: &CorpusOptions,
    report_skips: bool,
    mut each: impl FnMut(&CorpusTotals, DocumentResult) -> Result<(), Failure>,
) -> Result<CorpusTotals, Failure> {
    let corpus = Corpus::open(&args.paths, options.clone())?;
    let mut totals = CorpusTotals::new(config.lexicon.themes().len());
    let quiet = args.quiet || !report_skips;
    let skipped = for_each_document(
        corpus,
        args.quiet,
        quiet,
        |doc| config.analyze_document(doc),
        |doc| {
            totals.add(&doc);
            each(&totals, doc)
        },
    )?;
    totals.skipped = skipped;
    Ok(totals)
}

fn run_json(
    args: &AnalyzeArgs,
    config: &Config,
    options: &CorpusOptions,
    report_config: ReportConfig,
) -> Result<i32, Failure> {
    let mut docs = Vec::new();
    let totals = analyse_corpus(args, config, options, true, |_, doc| {
        docs.push(doc);
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
    let mut out = open_output(args)?;
    let result = if args.pretty {
        serde_json::to_writer_pretty(&mut out, report)
    } else {
        serde_json::to_writer(&mut out, report)
    }
    .map_err(std::io::Error::from)
    .and_then(|()| out.write_all(b"\n"));
    finish(args, out, result)
}

fn open_output(args: &AnalyzeArgs) -> Result<Output, Failure> {
    Output::open(args.output.as_deref()).map_err(|e| {
        Failure::Output(format!(
            "cannot write {}: {e}",
            args.output
                .as_deref()
                .map_or("stdout".into(), |p| p.display().to_string())
        ))
    })
}

fn finish(args: &AnalyzeArgs, out: Output, result: std::io::Result<()>) -> Result<i32, Failure> {
    let result = match result {
        Ok(()) => out.finish(),
        Err(e) => {
            out.abandon();
            Err(e)
        }
    };
    match result {
        Ok(()) => Ok(EXIT_OK),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(Failure::BrokenPipe),
        Err(e) => Err(Failure::Output(format!(
            "cannot write {}: {e}",
            args.output
                .as_deref()
                .map_or("stdout".into(), |p| p.display().to_string())
        ))),
    }
}

fn run_jsonl(
    args: &AnalyzeArgs,
    config: &Config,
    options: &CorpusOptions,
    report_config: ReportConfig,
) -> Result<i32, Failure> {
    // First pass: corpus totals (document frequencies for tf-idf, shares).
    let totals = analyse_corpus(args, config, options, true, |_, _| Ok(()))?;
    // Second pass: one line per document, in input order.
    let mut out = open_output(args)?;
    let mut line = Vec::with_capacity(1 << 16);
    let second = analyse_corpus(args, config, options, false, |_, doc| {
        line.clear();
        let report = document_report(config, &doc, &totals.terms, totals.documents);
        serde_json::to_writer(&mut line, &report).map_err(|e| Failure::Output(e.to_string()))?;
        line.push(b'\n');
        out.write_all(&line).map_err(|e| match e.kind() {
            std::io::ErrorKind::BrokenPipe => Failure::BrokenPipe,
            _ => Failure::Output(format!("cannot write the report: {e}")),
        })
    });
    if let Err(e) = second {
        out.abandon();
        return Err(e);
    }
    let report = build_report(config, report_config, &totals, Vec::new());
    let result = serde_json::to_writer(&mut out, &report)
        .map_err(std::io::Error::from)
        .and_then(|()| out.write_all(b"\n"));
    finish(args, out, result)
}
