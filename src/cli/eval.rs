//! `parole eval`: scores the lexicon's theme assignments against a gold file
//! of hand-labelled passages (precision, recall, F1 per theme; micro and
//! macro averages), as JSON or an aligned table.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use parole::eval::{
    evaluate, id_column_width, read_gold, Evaluation, GoldPassage, EVAL_SCHEMA_VERSION,
};
use parole::themes::Lexicon;
use serde::Serialize;

use super::csv_dialect::{CsvDialect, ExcelArg};
use super::output::{refuse_overwriting, write_with};
use super::{LexiconArgs, LexiconInfo, EXIT_OK};
use crate::Failure;

const EXAMPLES: &str = "\
Examples:
  parole eval --gold ../shared/themes/dev_labels.jsonl --format text
  parole eval --gold labels.jsonl --format csv > scores.csv
  parole eval --gold labels.jsonl --format csv --excel > scores.csv
  parole eval --gold labels.jsonl --errors --format text | less
  parole eval --gold labels.jsonl --themes my-lexicon.toml -o scores.json
  zcat labels.jsonl.gz | parole eval --gold - --format text

The gold file has one JSON object per line: {\"id\": ..., \"text\": ..., \"themes\": [ids]},
the id a string or a number (read as analyze reads JSONL ids), each id on one
line only. Each line is analysed as one passage. Themes no gold line carries
are not scored: \"labelled\": false with null precision, recall and F1 in
JSON, empty cells in CSV; they are left out of the averages.

Exit status: 0 success; 2 the gold file, stopwords or lexicon could not be read
(a gold file without any passage, or with an id on two lines, included).";

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EvalFormat {
    /// JSON object.
    Json,
    /// Aligned table.
    Text,
    /// CSV: one row per theme, then the micro and macro averages (with
    /// --errors: one row per error).
    Csv,
}

/// Arguments of `parole eval`.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct EvalArgs {
    /// Gold passages (JSONL: id, text, themes); - reads them from stdin.
    #[arg(long, value_name = "FILE")]
    pub gold: PathBuf,
    /// Stopwords and lexicon.
    #[command(flatten)]
    pub lexicon: LexiconArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "json")]
    pub format: EvalFormat,
    /// Also list every false positive and false negative with its evidence.
    #[arg(long)]
    pub errors: bool,
    /// CSV for Excel.
    #[command(flatten)]
    pub excel: ExcelArg,
    /// Write to FILE (atomically) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// The JSON of `parole eval` (`schema/eval.schema.json`): what was
/// measured with what, then the evaluation.
#[derive(Debug, Serialize)]
struct EvalReport<'a> {
    schema_version: &'static str,
    parole_version: &'static str,
    gold: GoldInfo,
    lexicon: LexiconInfo<'a>,
    #[serde(flatten)]
    evaluation: &'a Evaluation,
}

/// The gold file, as given and by content.
#[derive(Debug, Serialize)]
struct GoldInfo {
    source: String,
    sha256: String,
}

/// Names on stderr the gold labels that are no theme of the lexicon: they
/// are not scored, and a misspelt label would otherwise vanish from the
/// figures unnoticed.
fn warn_unscored_labels(source: &str, gold: &[GoldPassage], lexicon: &Lexicon) {
    let mut unknown: std::collections::BTreeMap<&str, (usize, &str)> = Default::default();
    for g in gold {
        for label in &g.themes {
            if !lexicon.themes().iter().any(|t| &t.id == label) {
                unknown.entry(label).or_insert((0, &g.id)).0 += 1;
            }
        }
    }
    for (label, (count, first)) in unknown {
        crate::message!(
            "{source}: label \"{label}\" ({count} passage(s), first \"{first}\") is no theme of the lexicon and is not scored; check its spelling (parole themes lists the ids), or give --themes a lexicon that has it"
        );
    }
}

/// Runs `parole eval`.
pub fn run(args: EvalArgs) -> Result<i32, Failure> {
    let dialect = args.excel.dialect(args.format == EvalFormat::Csv)?;
    if let Some(out) = &args.output {
        // Stdin (`--gold -`) is no file the scores could be written over.
        let inputs: Vec<&Path> = [Some(args.gold.as_path()).filter(|p| p.as_os_str() != "-")]
            .into_iter()
            .chain([
                args.lexicon.stopwords.as_deref(),
                args.lexicon.themes.as_deref(),
            ])
            .flatten()
            .collect();
        refuse_overwriting(out, &inputs, "the evaluation")?;
    }
    let (analyzer, lexicon) = args.lexicon.load()?;
    let gold =
        read_gold(&args.gold).map_err(|e| super::unreadable("--gold", super::GOLD_FILE, e))?;
    warn_unscored_labels(&gold.source, &gold.passages, &lexicon);
    let mut evaluation = evaluate(&analyzer, &lexicon, &gold.passages);
    if evaluation.themes.iter().all(|t| !t.labelled) {
        // Averages over no theme would read as a score of 0.
        return Err(Failure::Usage(format!(
            "{}: no passage carries a theme of the lexicon, so there is nothing to score; \
             label passages with the theme ids that `parole themes` lists, or give --themes \
             the lexicon the labels were made for",
            gold.source
        )));
    }
    if !args.errors {
        evaluation.errors.clear();
    }
    let out = match args.format {
        EvalFormat::Json => {
            let report = EvalReport {
                schema_version: EVAL_SCHEMA_VERSION,
                parole_version: env!("CARGO_PKG_VERSION"),
                gold: GoldInfo {
                    source: gold.source,
                    sha256: gold.sha256,
                },
                lexicon: LexiconInfo::of(&lexicon),
                evaluation: &evaluation,
            };
            let mut v =
                serde_json::to_vec_pretty(&report).map_err(|e| Failure::Output(e.to_string()))?;
            v.push(b'\n');
            v
        }
        EvalFormat::Text => table(&evaluation).into_bytes(),
        EvalFormat::Csv if args.errors => {
            csv_errors(dialect, &evaluation).map_err(|e| Failure::Output(e.to_string()))?
        }
        EvalFormat::Csv => {
            csv_rows(dialect, &evaluation).map_err(|e| Failure::Output(e.to_string()))?
        }
    };
    write_with(args.output.as_deref(), |w| w.write_all(&out))?;
    Ok(EXIT_OK)
}

/// The table of themes and averages: a theme not labelled has empty
/// precision, recall and F1 cells, as it has no such figure.
fn csv_rows(dialect: CsvDialect, e: &Evaluation) -> Result<Vec<u8>, csv::Error> {
    let cell = |x: Option<f64>| x.map_or_else(String::new, |x| dialect.float(x));
    let mut w = dialect.table(Vec::new())?;
    w.write_record([
        "theme",
        "labelled",
        "support",
        "predicted",
        "true_positives",
        "precision",
        "recall",
        "f1",
    ])?;
    for t in &e.themes {
        w.write_record([
            t.id.clone(),
            t.labelled.to_string(),
            t.support.to_string(),
            t.predicted.to_string(),
            t.true_positives.to_string(),
            cell(t.precision),
            cell(t.recall),
            cell(t.f1),
        ])?;
    }
    for (name, a) in [("micro", e.micro), ("macro", e.macro_)] {
        w.write_record([
            name.to_string(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            dialect.float(a.precision),
            dialect.float(a.recall),
            dialect.float(a.f1),
        ])?;
    }
    w.into_inner().map_err(Into::into)
}

/// With `--errors`, the CSV is the table of errors: one row per passage and
/// theme, the entries that fired joined by `;`, as the theme ids of `analyze
/// --table passages` are.
fn csv_errors(dialect: CsvDialect, e: &Evaluation) -> Result<Vec<u8>, csv::Error> {
    let mut w = dialect.table(Vec::new())?;
    w.write_record([
        "id",
        "theme",
        "kind",
        "score",
        "threshold",
        "entries",
        "text",
    ])?;
    for err in &e.errors {
        let entries: Vec<&str> = err.evidence.iter().map(|ev| ev.entry.as_str()).collect();
        w.write_record([
            err.id.clone(),
            err.theme.clone(),
            err.kind.to_string(),
            dialect.float(err.score),
            dialect.float(err.threshold),
            entries.join(";"),
            err.text.clone(),
        ])?;
    }
    w.into_inner().map_err(Into::into)
}

fn table(e: &Evaluation) -> String {
    let width = id_column_width(e.themes.iter().map(|t| t.id.as_str()));
    let mut s = format!(
        "{:width$}  {:>7}  {:>9}  {:>4}  {:>9}  {:>6}  {:>6}\n",
        "theme", "support", "predicted", "tp", "precision", "recall", "f1"
    );
    for t in &e.themes {
        if let Some(a) = t.figures() {
            s += &format!(
                "{:width$}  {:>7}  {:>9}  {:>4}  {:>9.3}  {:>6.3}  {:>6.3}\n",
                t.id, t.support, t.predicted, t.true_positives, a.precision, a.recall, a.f1
            );
        } else {
            s += &format!(
                "{:width$}  {:>7}  {:>9}  {:>4}  (not labelled in the gold file)\n",
                t.id, t.support, t.predicted, t.true_positives
            );
        }
    }
    for (name, a) in [("micro", e.micro), ("macro", e.macro_)] {
        s += &format!(
            "{:width$}  {:>7}  {:>9}  {:>4}  {:>9.3}  {:>6.3}  {:>6.3}\n",
            name, "", "", "", a.precision, a.recall, a.f1
        );
    }
    s += &format!("{} passages\n", e.passages);
    for err in &e.errors {
        let kind = if err.kind == "false_positive" {
            "FP"
        } else {
            "FN"
        };
        s += &format!(
            "\n{kind} {} {} (score {} / threshold {}): {}\n",
            err.theme, err.id, err.score, err.threshold, err.text
        );
        for ev in &err.evidence {
            s += &format!(
                "    {} <- {:?} at {}..{} (weight {})\n",
                ev.text, ev.entry, ev.span[0], ev.span[1], ev.weight
            );
        }
    }
    s
}
