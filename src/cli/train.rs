//! `parole train`: learns a theme lexicon from a gold file of hand-labelled
//! passages (optionally starting from a hand-written lexicon), writes it as
//! TOML to `--out`, and reports its k-fold cross-validated precision, recall
//! and F1 per theme (beside the base lexicon's figures) on stdout.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use serde::Serialize;

use parole::analyze::Analyzer;
use parole::eval::{id_column_width, prf_exact, read_gold};
use parole::themes::Lexicon;
use parole::train::{train, Scores, TrainOptions, TrainReport, DEFAULT_SEED, TRAIN_SCHEMA_VERSION};

use super::csv_dialect::{CsvDialect, ExcelArg};
use super::output::{missing_folder, refuse_overwriting, write_failure_as, Output};
use super::EXIT_OK;
use crate::Failure;

const EXAMPLES: &str = "\
Examples:
  parole train --gold ../shared/themes/dev_labels.jsonl --out learned.toml --format text
  parole train --gold ../shared/themes/dev_labels.jsonl --base themes/fr.toml --out fr-trained.toml

With your own files (their names stand for yours):
  parole train --gold labels.jsonl --only-themes ecologie,regulation --folds 10 --top 60 --out eco.toml
  parole train --gold labels.jsonl --out learned.toml --format csv > scores.csv
  parole train --gold labels.jsonl --out learned.toml --format csv --excel > scores.csv
  parole themes --check learned.toml && parole eval --gold other.jsonl --themes learned.toml

The gold file is what `parole eval` reads: one JSON object per line,
{\"id\": ..., \"text\": ..., \"themes\": [ids]}, each line one passage (the
id a string or a number).

For each theme, a logistic regression with non-negative weights is fitted on
the keys of content words and on pairs of adjacent content words (the same
analysis as the matcher's), so the model is a lexicon: a sum of entry weights
compared with a threshold. The threshold is chosen by an inner
cross-validation for F1. The figures are k-fold cross-validated: each fold's
lexicon is written, loaded and scored by the matcher, as `parole eval` does,
on passages it was not trained on (vocabulary and threshold included).

With --base, the base's entries and exclusions are kept, their weights refitted
(pulled towards the base weights); entries added from the data are marked
`# learned`. A theme of the base that no gold passage carries is copied
unchanged, neither trained nor scored; when that is every theme to learn,
there is nothing to train and it is an error. The report gives the base lexicon's own figures beside the
trained ones. Same gold file, options and seed: same lexicon, byte for byte.

Memory: every passage with its tokens and features; about a few hundred
bytes per word of the gold file.

Exit status: 0 success (also when the reader of stdout goes away); 2 usage
error, the gold file, stopwords or base lexicon could not be read, or the
lexicon or the report could not be written: no lexicon is written (it is put
in place once the report is on stdout).";

/// Format of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TrainFormat {
    /// JSON object.
    Json,
    /// Aligned table.
    Text,
    /// The table as CSV: one row per theme, then micro and macro.
    Csv,
}

/// Arguments of `parole train`.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct TrainArgs {
    /// Gold passages (JSONL: id, text, themes); - reads them from stdin
    /// (the lexicon records the SHA-256 of the bytes read).
    #[arg(long, value_name = "FILE")]
    pub gold: PathBuf,
    /// Where to write the learned lexicon (TOML), atomically.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Start from this lexicon: keep its entries and exclusions, refit
    /// their weights, add learned entries.
    #[arg(long, value_name = "LEXICON")]
    pub base: Option<PathBuf>,
    /// Themes to learn, comma-separated ids (default: the base's themes,
    /// else those the gold file uses); the lexicon written holds these only.
    /// Named as in `analyze`, where `--themes` names a lexicon file.
    #[arg(long, value_delimiter = ',', value_parser = super::list_item, value_name = "IDS")]
    pub only_themes: Vec<String>,
    /// Cross-validation folds.
    #[arg(long, default_value_t = 5, value_name = "K", allow_negative_numbers = true, value_parser = super::at_least(2usize))]
    pub folds: usize,
    /// Seed of the fold assignment.
    #[arg(long, default_value_t = DEFAULT_SEED, value_name = "N", allow_negative_numbers = true, value_parser = super::seed)]
    pub seed: u64,
    /// Learned entries per theme, at most (base entries are kept besides);
    /// 0 keeps every entry the model weighs above 0 (--l1 then bounds them).
    #[arg(long, default_value_t = 40, value_name = "N", allow_negative_numbers = true, value_parser = super::at_least(0usize))]
    pub top: usize,
    /// Only words and pairs found in at least N training passages.
    #[arg(long, default_value_t = 2, value_name = "N", allow_negative_numbers = true, value_parser = super::at_least(1usize))]
    pub min_df: usize,
    /// L2 penalty of the model: towards 0 for learned weights, towards the
    /// base weight for base entries (higher: closer to the base).
    #[arg(
        long,
        default_value_t = 10.0,
        value_name = "X",
        allow_negative_numbers = true
    )]
    pub l2: f64,
    /// L1 penalty on learned weights (higher: fewer learned entries).
    #[arg(
        long,
        default_value_t = 0.5,
        value_name = "X",
        allow_negative_numbers = true
    )]
    pub l1: f64,
    /// Stopword list replacing the built-in one (one word per line, # comments).
    #[arg(long, value_name = "FILE")]
    pub stopwords: Option<PathBuf>,
    /// Format of the report on stdout.
    #[arg(long, value_enum, ignore_case = true, default_value = "json")]
    pub format: TrainFormat,
    /// CSV for Excel.
    #[command(flatten)]
    pub excel: ExcelArg,
    /// No warnings or notes on stderr; errors are still written.
    #[arg(short, long)]
    pub quiet: bool,
}

/// The JSON of `parole train` (`schema/train.schema.json`): its version,
/// then the report.
#[derive(Debug, Serialize)]
struct TrainJson<'a> {
    schema_version: &'static str,
    parole_version: &'static str,
    /// `--out` as given: the lexicon written.
    out: String,
    /// SHA-256 of the lexicon written, as `parole eval --themes` and
    /// `analyze --themes` record it.
    out_sha256: String,
    #[serde(flatten)]
    report: &'a TrainReport,
}

/// Names on stderr the passages whose text repeats an earlier passage's:
/// in cross-validation the copies can fall in different folds, one trained
/// on and one scored, which flatters the figures.
fn warn_repeated_texts(source: &str, gold: &[parole::eval::GoldPassage]) {
    use std::collections::hash_map::Entry;
    let mut first: std::collections::HashMap<&str, &str> = Default::default();
    let mut repeats = Vec::new();
    for g in gold {
        match first.entry(g.text.trim()) {
            Entry::Occupied(earlier) => repeats.push((&g.id, *earlier.get())),
            Entry::Vacant(slot) => {
                slot.insert(&g.id);
            }
        }
    }
    if let Some((id, earlier)) = repeats.first() {
        crate::message!(
            "{source}: {} passage(s) repeat the text of an earlier one (first {id:?}, the text of {earlier:?}); \
             in cross-validation a copy can be scored by a lexicon trained on the other, which flatters the figures: keep one of each",
            repeats.len()
        );
    }
}

/// Runs `parole train`.
pub fn run(args: TrainArgs) -> Result<i32, Failure> {
    let dialect = args.excel.dialect(args.format == TrainFormat::Csv)?;
    // Stdin (`--gold -`) is no file the lexicon could be written over.
    let inputs: Vec<&Path> = std::iter::once(args.gold.as_path())
        .filter(|p| p.as_os_str() != "-")
        .chain(args.base.as_deref())
        .chain(args.stopwords.as_deref())
        .collect();
    refuse_overwriting(&args.out, &inputs, "the lexicon")?;
    // Said before training, which can take a while, not when writing.
    if args.out.as_os_str() == "-" {
        return Err(Failure::Usage(
            "--out -: the lexicon is written to a file, the report to stdout; give --out a \
             file name, such as learned.toml"
                .into(),
        ));
    }
    if args.out.is_dir() {
        return Err(Failure::Usage(format!(
            "--out {} is a folder; give the path of the lexicon file to write, such as {}",
            args.out.display(),
            args.out.join("learned.toml").display()
        )));
    }
    if let Some(missing) = missing_folder("--out", &args.out) {
        return Err(Failure::Usage(format!(
            "--out {}: {missing}",
            args.out.display()
        )));
    }
    let analyzer = Analyzer::new(super::stopwords(args.stopwords.as_deref())?);
    let base = match &args.base {
        Some(path) => Some(
            Lexicon::from_file(path, &analyzer)
                .map_err(|e| super::unreadable("--base", super::LEXICON_FILE, e))?,
        ),
        None => None,
    };
    let gold =
        read_gold(&args.gold).map_err(|e| super::unreadable("--gold", super::GOLD_FILE, e))?;
    if !args.quiet {
        warn_repeated_texts(&gold.source, &gold.passages);
    }
    // With a base, the themes learned are the base's: a label it lacks
    // would be left out unnoticed.
    if let (Some(base), true, false) = (&base, args.only_themes.is_empty(), args.quiet) {
        super::eval::warn_labels_outside(
            &gold.source,
            &gold.passages,
            base,
            "is not learned (the themes learned are the base's); name it with --only-themes to learn it",
        );
    }
    let options = TrainOptions {
        folds: args.folds,
        seed: args.seed,
        top: args.top,
        min_df: args.min_df,
        themes: args.only_themes.clone(),
        gold_name: match args.gold.file_name() {
            Some(name) if args.gold.as_os_str() != "-" => name.to_string_lossy().into_owned(),
            _ => gold.source.clone(),
        },
        gold_sha256: gold.sha256,
        l1: args.l1,
        l2: args.l2,
    };

    let trained = train(&analyzer, &gold.passages, base.as_ref(), &options)?;
    let report = match args.format {
        TrainFormat::Json => {
            let report = TrainJson {
                schema_version: TRAIN_SCHEMA_VERSION,
                parole_version: env!("CARGO_PKG_VERSION"),
                out: args.out.display().to_string(),
                out_sha256: parole::analyze::sha256_hex(trained.lexicon.as_bytes()),
                report: &trained.report,
            };
            let mut v =
                serde_json::to_vec_pretty(&report).map_err(|e| Failure::Output(e.to_string()))?;
            v.push(b'\n');
            v
        }
        TrainFormat::Text => table(&trained.report).into_bytes(),
        TrainFormat::Csv => {
            csv_table(dialect, &trained.report).map_err(|e| Failure::Output(e.to_string()))?
        }
    };
    write_lexicon_and_report(&args.out, trained.lexicon.as_bytes(), &report)?;
    if !args.quiet {
        crate::message!("{}", written_message(&trained.report, &args.out));
    }
    Ok(EXIT_OK)
}

/// Writes the lexicon to a temporary file beside `path`, then the report to
/// stdout, and only then puts the lexicon in place, so that status 2 means
/// that no lexicon was written: a report that cannot be written (a full
/// disk behind stdout) abandons the lexicon. A reader of stdout that goes
/// away is no failure (status 0): the lexicon is still put in place. Only
/// the rename can fail after the report is out, and the message says so.
/// A device or a named pipe given as `--out` is written to directly, before
/// the report.
fn write_lexicon_and_report(path: &Path, lexicon: &[u8], report: &[u8]) -> Result<(), Failure> {
    let failure = |e| write_failure_as("--out", Some(path), e);
    let mut out = Output::open(Some(path)).map_err(failure)?;
    if let Err(e) = out.write_all(lexicon).and_then(|()| out.flush()) {
        out.abandon();
        return Err(failure(e));
    }
    match super::output::print(report) {
        Ok(()) | Err(Failure::BrokenPipe) => {}
        Err(e) => {
            out.abandon();
            return Err(e);
        }
    }
    out.finish().map_err(|e| {
        Failure::Output(format!(
            "cannot write {}: {e}; the report on stdout describes a lexicon that was not written",
            path.display()
        ))
    })
}

/// The message once the lexicon is written: how many themes, and the
/// cross-validated macro F1, which averages the trained themes only (the
/// number of themes copied from the base is given when there are some).
fn written_message(report: &TrainReport, out: &Path) -> String {
    let themes = &report.themes;
    let copied = themes.iter().filter(|t| !t.labelled).count();
    let (trained, copied) = if copied > 0 {
        (
            format!("{} trained, ", themes.len() - copied),
            format!("; {copied} no gold passage carries, copied unchanged from the base"),
        )
    } else {
        (String::new(), String::new())
    };
    format!(
        "wrote {} to {} ({trained}cross-validated macro F1 {:.3}{copied})",
        super::output::plural(themes.len() as u64, "theme"),
        out.display(),
        report.exact_averages().1.f1
    )
}

/// The table of `--format text` as CSV, for R, pandas or a spreadsheet: one
/// row per theme, then `micro` and `macro` (empty cells where a figure does
/// not apply: no base, a theme not labelled, the counts of an average).
fn csv_table(dialect: CsvDialect, r: &TrainReport) -> Result<Vec<u8>, csv::Error> {
    let mut w = dialect.table(Vec::new())?;
    w.write_record([
        "theme",
        "labelled",
        "support",
        "threshold",
        "entries",
        "learned",
        "precision",
        "recall",
        "f1",
        "base_precision",
        "base_recall",
        "base_f1",
    ])?;
    let figures = |x: Option<(f64, f64, f64)>| {
        x.map_or(
            [String::new(), String::new(), String::new()],
            |(p, r, f)| [dialect.float(p), dialect.float(r), dialect.float(f)],
        )
    };
    let scores = |x: Option<Scores>| figures(x.map(|s| (s.precision, s.recall, s.f1)));
    for t in &r.themes {
        let mut record = vec![
            t.id.clone(),
            t.labelled.to_string(),
            t.support.to_string(),
            dialect.float(t.threshold),
            t.entries.to_string(),
            t.learned.to_string(),
        ];
        record.extend(scores(t.cv));
        record.extend(scores(t.base));
        w.write_record(&record)?;
    }
    let (micro, macro_) = r.exact_averages();
    let (base_micro, base_macro) = r
        .exact_base_averages()
        .map_or((None, None), |(a, b)| (Some(a), Some(b)));
    let averages = [("micro", micro, base_micro), ("macro", macro_, base_macro)];
    for (name, a, b) in averages {
        let mut record = vec![name.to_string()];
        record.extend(std::iter::repeat(String::new()).take(5));
        record.extend(figures(Some((a.precision, a.recall, a.f1))));
        record.extend(figures(b.map(|b| (b.precision, b.recall, b.f1))));
        w.write_record(&record)?;
    }
    w.into_inner().map_err(Into::into)
}

fn table(r: &TrainReport) -> String {
    let width = id_column_width(r.themes.iter().map(|t| t.id.as_str()));
    let with_base = r.base.is_some();
    let mut s = format!(
        "{:width$}  {:>7}  {:>9}  {:>7}  {:>7}  {:>9}  {:>6}  {:>6}",
        "theme", "support", "threshold", "entries", "learned", "precision", "recall", "f1"
    );
    if with_base {
        s += &format!("  {:>6}  {:>6}  {:>7}", "base P", "base R", "base F1");
    }
    s.push('\n');
    // The figures from the counts, rounded once: the JSON's are already
    // rounded to 4 decimals, and rounding them again to 3 could move the
    // last digit (0.21053: 0.2105, then 0.210 instead of 0.211).
    let exact = |x: Scores, support: u64| prf_exact(x.true_positives, x.predicted, support);
    let cells = |x: Option<Scores>, support: u64| {
        x.map_or(format!("{:>9}  {:>6}  {:>6}", "-", "-", "-"), |c| {
            let c = exact(c, support);
            format!("{:>9.3}  {:>6.3}  {:>6.3}", c.precision, c.recall, c.f1)
        })
    };
    for t in &r.themes {
        s += &format!(
            "{:width$}  {:>7}  {:>9}  {:>7}  {:>7}  {}",
            t.id,
            t.support,
            t.threshold,
            t.entries,
            t.learned,
            cells(t.cv, t.support)
        );
        if with_base {
            s += &match t.base.map(|b| exact(b, t.support)) {
                Some(b) => format!("  {:>6.3}  {:>6.3}  {:>7.3}", b.precision, b.recall, b.f1),
                None => format!("  {:>6}  {:>6}  {:>7}", "-", "-", "-"),
            };
        }
        if !t.labelled {
            s += "  (not labelled: copied from the base)";
        }
        s.push('\n');
    }
    let (micro, macro_) = r.exact_averages();
    let (base_micro, base_macro) = r
        .exact_base_averages()
        .map_or((None, None), |(a, b)| (Some(a), Some(b)));
    let averages = [("micro", micro, base_micro), ("macro", macro_, base_macro)];
    for (name, a, b) in averages {
        s += &format!(
            "{:width$}  {:>7}  {:>9}  {:>7}  {:>7}  {:>9.3}  {:>6.3}  {:>6.3}",
            name, "", "", "", "", a.precision, a.recall, a.f1
        );
        if let Some(b) = b {
            s += &format!("  {:>6.3}  {:>6.3}  {:>7.3}", b.precision, b.recall, b.f1);
        }
        s.push('\n');
    }
    s += &format!(
        "{} passages, {}-fold cross-validation (seed {}): each fold's lexicon is scored on passages it was not trained on.\n",
        r.passages, r.folds, r.seed
    );
    if with_base {
        s += "base: the base lexicon as is, on all passages (as parole eval scores it).\n";
        if r.base_micro.is_none() {
            let lacking: Vec<&str> = r
                .themes
                .iter()
                .filter(|t| t.labelled && t.base.is_none())
                .map(|t| t.id.as_str())
                .collect();
            s += &format!(
                "base averages: none, the base has no theme {}, trained here.\n",
                lacking.join(", ")
            );
        }
    }
    s
}
