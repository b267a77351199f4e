//! `parole eval`: scores the lexicon's theme assignments against a gold file
//! of hand-labelled passages (precision, recall, F1 per theme; micro and
//! macro averages), with their bootstrap intervals and the comparison with
//! another lexicon when asked, as JSON, CSV or aligned tables.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use parole::eval::{
    evaluate, id_column_width, prf_exact, read_gold, Averages, Bootstrap, Comparison, EvalError,
    Evaluation, GoldPassage, Intervals, ThemeScore, EVAL_SCHEMA_VERSION,
};
use parole::report::LexiconInfo;
use parole::themes::Lexicon;
use parole::train::DEFAULT_SEED;
use serde::Serialize;

use super::csv_dialect::{CsvDialect, ExcelArg};
use super::output::{one_line, plural, refuse_overwriting, shown_name, write_with};
use super::{LexiconArgs, EXIT_OK};
use crate::Failure;

const EXAMPLES: &str = "\
Examples:
  parole eval --gold ../shared/themes/dev_labels.jsonl --format text
  parole eval --gold ../shared/themes/dev_labels.jsonl --format csv > scores.csv
  parole eval --gold ../shared/themes/dev_labels.jsonl --format csv --excel > scores.csv
  parole eval --gold ../shared/themes/dev_labels.jsonl --errors --format text
  parole eval --gold ../shared/themes/dev_labels.jsonl --themes themes/fr.toml -o scores.json
  parole eval --gold ../shared/themes/dev_labels.jsonl --bootstrap 2000 --format text

With your own files (their names stand for yours):
  parole eval --gold labels.jsonl --themes new.toml --against themes/fr.toml --bootstrap 2000 --format text
  zcat labels.jsonl.gz | parole eval --gold - --format text

The gold file has one JSON object per line: {\"id\": ..., \"text\": ..., \"themes\": [ids]},
the id a string or a number (read as analyze reads JSONL ids), each id on one
line only. Each line is analysed as one passage. Themes no gold line carries
are not scored: \"labelled\": false with null precision, recall and F1 in
JSON, empty cells in CSV; they are left out of the averages.

--bootstrap N draws N gold files of as many passages, with replacement, scores
each as the gold file is scored, and gives the 95 % percentile interval of
every figure: how far the figures could move on other passages of the same
kind. A draw in which no passage carries a theme gives that theme no figure,
so its interval comes from the draws that label it (labelled_draws). The same
gold file, lexicon, N and --seed give the same intervals.

--against OTHER.toml also scores another lexicon on the same passages and
gives, per theme, its figures, the F1 difference (this lexicon less the
other), the passages each gets right where the other does not (gained, lost)
and the exact McNemar test of the two; with --bootstrap, the interval of each
difference, both lexicons scored on the same draws. A theme the gold file
labels must be in both lexicons or in neither.

Exit status: 0 success; 2 the gold file, stopwords or a lexicon could not be
read (a gold file without any passage, or with an id on two lines, included),
or a theme the gold file labels is in one lexicon only (--against).";

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
    #[arg(long, value_enum, ignore_case = true, default_value = "json")]
    pub format: EvalFormat,
    /// Also list every false positive and false negative with its evidence. In --format
    /// text each error is one line: the line breaks and tabs of its passage show as one
    /// space (as in kwic); the JSON and CSV keep the text as it is.
    #[arg(long)]
    pub errors: bool,
    /// Also give the 95 % percentile bootstrap interval of every figure,
    /// from N gold files drawn with replacement (100 to 100000; 1000 to
    /// 10000 is usual).
    #[arg(long, value_name = "N", value_parser = draws)]
    pub bootstrap: Option<u64>,
    /// Also score this lexicon on the same passages, and give the
    /// differences (with the stopwords of --stopwords).
    #[arg(long, value_name = "FILE")]
    pub against: Option<PathBuf>,
    /// Seed of the bootstrap draws (with --bootstrap; 0 to 2^53 - 1).
    #[arg(long, default_value_t = DEFAULT_SEED, value_name = "N", requires = "bootstrap", value_parser = super::seed)]
    pub seed: u64,
    /// CSV for Excel.
    #[command(flatten)]
    pub excel: ExcelArg,
    /// Write to FILE (atomically) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// No warnings or notes on stderr; errors are still written.
    #[arg(short, long)]
    pub quiet: bool,
}

/// The JSON of `parole eval` (`schema/eval.schema.json`): what was
/// measured with what, then the evaluation. The lexicon is named with the
/// record of every report, its `themes` those scored, in lexicon order.
#[derive(Debug, Serialize)]
struct EvalReport<'a> {
    schema_version: &'static str,
    parole_version: &'static str,
    gold: GoldInfo,
    lexicon: LexiconInfo,
    passages: u64,
    themes: &'a [ThemeScore],
    micro: Averages,
    #[serde(rename = "macro")]
    macro_: Averages,
    /// `null` without `--bootstrap`.
    bootstrap: Option<&'a Bootstrap>,
    /// `null` without `--against`.
    against: Option<AgainstReport<'a>>,
    errors: &'a [EvalError],
}

/// The other lexicon of `--against`, named, and the comparison.
#[derive(Debug, Serialize)]
struct AgainstReport<'a> {
    lexicon: LexiconInfo,
    #[serde(flatten)]
    comparison: &'a Comparison,
}

/// Fewest and most bootstrap draws: fewer cannot place a 95 % interval's
/// ends (the 2.5 % of 40 draws is one draw), more take minutes on a large
/// gold file for no visible change.
const DRAWS: std::ops::RangeInclusive<u64> = 100..=100_000;

fn draws(value: &str) -> Result<u64, String> {
    super::whole_number_in(DRAWS, "1000 to 10000 is usual", value)
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
    warn_labels_outside(
        source,
        gold,
        lexicon,
        "is not scored; check its spelling (parole themes lists the ids), or give --themes a lexicon that has it",
    );
}

/// Names on stderr each gold label that is no theme of `lexicon`, with its
/// passages and the first, then what becomes of it (`fate`).
pub(super) fn warn_labels_outside(
    source: &str,
    gold: &[GoldPassage],
    lexicon: &Lexicon,
    fate: &str,
) {
    let mut unknown: std::collections::BTreeMap<&str, (usize, &str)> = Default::default();
    for g in gold {
        // A label written twice on one line is one passage.
        let labels: std::collections::BTreeSet<&String> = g.themes.iter().collect();
        for label in labels {
            if !lexicon.themes().iter().any(|t| &t.id == label) {
                unknown.entry(label).or_insert((0, &g.id)).0 += 1;
            }
        }
    }
    for (label, (count, first)) in unknown {
        let close = lexicon
            .closest_id(label)
            .map(|id| format!(" (did you mean {id}?)"))
            .unwrap_or_default();
        crate::message!(
            "{source}: label \"{label}\" ({count} passage(s), first \"{first}\") is no theme of the lexicon{close} and {fate}"
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
                args.against.as_deref(),
            ])
            .flatten()
            .collect();
        refuse_overwriting(out, &inputs, "the evaluation")?;
    }
    if args.errors && args.format == EvalFormat::Csv {
        // The CSV of --errors is the table of errors, with no column for
        // the figures these options add.
        for (given, option) in [
            (args.bootstrap.is_some(), "--bootstrap"),
            (args.against.is_some(), "--against"),
        ] {
            if given {
                return Err(Failure::Usage(format!(
                    "{option} gives no column to the CSV of --errors, which is the table of \
                     errors; run once with --errors and once with {option}"
                )));
            }
        }
    }
    let (analyzer, lexicon) = args.lexicon.load()?;
    let gold =
        read_gold(&args.gold).map_err(|e| super::unreadable("--gold", super::GOLD_FILE, e))?;
    if !args.quiet {
        warn_unscored_labels(&gold.source, &gold.passages, &lexicon);
    }
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
    // Unrounded: the text rounds each figure once, from these; the JSON and
    // CSV give them rounded to 4 decimals.
    let bootstrap = args
        .bootstrap
        .map(|n| evaluation.bootstrap_exact(n, args.seed));
    let against = match &args.against {
        Some(path) => {
            let other = Lexicon::from_file(path, &analyzer)
                .map_err(|e| super::unreadable("--against", super::LEXICON_FILE, e))?;
            let compared = evaluation
                .compare_exact(
                    &evaluate(&analyzer, &other, &gold.passages),
                    args.bootstrap.map(|n| (n, args.seed)),
                )
                .map_err(|why| {
                    Failure::Usage(format!(
                        "--against {}: {why}; compare lexicons that have the themes the gold file labels",
                        path.display()
                    ))
                })?;
            Some((other, compared))
        }
        None => None,
    };
    let rounded_bootstrap = bootstrap.as_ref().map(Bootstrap::rounded);
    let rounded_against = against.as_ref().map(|(other, c)| (other, c.rounded()));
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
                passages: evaluation.passages,
                themes: &evaluation.themes,
                micro: evaluation.micro,
                macro_: evaluation.macro_,
                bootstrap: rounded_bootstrap.as_ref(),
                against: rounded_against
                    .as_ref()
                    .map(|(other, comparison)| AgainstReport {
                        lexicon: LexiconInfo::of(other),
                        comparison,
                    }),
                errors: &evaluation.errors,
            };
            let mut v =
                serde_json::to_vec_pretty(&report).map_err(|e| Failure::Output(e.to_string()))?;
            v.push(b'\n');
            v
        }
        EvalFormat::Text => table(
            &evaluation,
            bootstrap.as_ref(),
            against.as_ref().map(|(other, c)| (other, c)),
        )
        .into_bytes(),
        EvalFormat::Csv if args.errors => {
            csv_errors(dialect, &evaluation).map_err(|e| Failure::Output(e.to_string()))?
        }
        EvalFormat::Csv => csv_rows(
            dialect,
            &evaluation,
            rounded_bootstrap.as_ref(),
            rounded_against.as_ref().map(|a| &a.1),
        )
        .map_err(|e| Failure::Output(e.to_string()))?,
    };
    write_with(args.output.as_deref(), |w| w.write_all(&out))?;
    Ok(EXIT_OK)
}

/// The columns `--bootstrap` adds to the CSV of themes and averages.
const INTERVAL_COLUMNS: [&str; 7] = [
    "draws",
    "precision_low",
    "precision_high",
    "recall_low",
    "recall_high",
    "f1_low",
    "f1_high",
];

/// The columns `--against` adds to the CSV of themes and averages, then
/// those it adds with `--bootstrap` too.
const AGAINST_COLUMNS: [&str; 7] = [
    "against_precision",
    "against_recall",
    "against_f1",
    "f1_difference",
    "gained",
    "lost",
    "mcnemar_p",
];
const DIFFERENCE_INTERVAL_COLUMNS: [&str; 2] = ["f1_difference_low", "f1_difference_high"];

/// The table of themes and averages: a theme not labelled has empty
/// precision, recall and F1 cells, as it has no such figure. With
/// `--bootstrap`, each row goes on with its intervals
/// ([`INTERVAL_COLUMNS`]); with `--against`, with the other lexicon's
/// figures and the differences ([`AGAINST_COLUMNS`], then
/// [`DIFFERENCE_INTERVAL_COLUMNS`] with `--bootstrap`), which the averages
/// fill but for the counts and the test.
fn csv_rows(
    dialect: CsvDialect,
    e: &Evaluation,
    bootstrap: Option<&Bootstrap>,
    against: Option<&Comparison>,
) -> Result<Vec<u8>, csv::Error> {
    let cell = |x: Option<f64>| x.map_or_else(String::new, |x| dialect.float(x));
    // The draws and interval cells of a row, when there are intervals.
    let ends = |draws: u64, i: [Option<[f64; 2]>; 3]| -> Vec<String> {
        std::iter::once(draws.to_string())
            .chain(
                i.into_iter()
                    .flat_map(|i| [cell(i.map(|i| i[0])), cell(i.map(|i| i[1]))]),
            )
            .collect()
    };
    let averaged = |i: Option<Intervals>| {
        i.map_or([None; 3], |i| {
            [Some(i.precision), Some(i.recall), Some(i.f1)]
        })
    };
    let mut w = dialect.table(Vec::new())?;
    let mut head = vec![
        "theme",
        "labelled",
        "support",
        "predicted",
        "true_positives",
        "precision",
        "recall",
        "f1",
    ];
    if bootstrap.is_some() {
        head.extend(INTERVAL_COLUMNS);
    }
    if against.is_some() {
        head.extend(AGAINST_COLUMNS);
        if bootstrap.is_some() {
            head.extend(DIFFERENCE_INTERVAL_COLUMNS);
        }
    }
    let columns = head.len();
    w.write_record(head)?;
    // The cells of `--against` of a row: the other lexicon's figures, the
    // F1 difference, then the counts and test (themes only) and the
    // difference's interval (with `--bootstrap`).
    let compared =
        |figures: [f64; 4], counts: Option<(u64, u64, f64)>, interval: Option<[f64; 2]>| {
            let mut cells: Vec<String> = figures.iter().map(|&x| dialect.float(x)).collect();
            match counts {
                Some((gained, lost, p)) => {
                    cells.extend([gained.to_string(), lost.to_string(), dialect.float(p)])
                }
                None => cells.extend([String::new(), String::new(), String::new()]),
            }
            if bootstrap.is_some() {
                cells.push(cell(interval.map(|i| i[0])));
                cells.push(cell(interval.map(|i| i[1])));
            }
            cells
        };
    for (k, t) in e.themes.iter().enumerate() {
        let mut row = vec![
            t.id.clone(),
            t.labelled.to_string(),
            t.support.to_string(),
            t.predicted.to_string(),
            t.true_positives.to_string(),
            cell(t.precision),
            cell(t.recall),
            cell(t.f1),
        ];
        if let Some(b) = bootstrap {
            let i = &b.themes[k];
            row.extend(ends(i.labelled_draws, [i.precision, i.recall, i.f1]));
        }
        if let Some(c) = against {
            match c.themes.iter().find(|c| c.id == t.id) {
                Some(c) => row.extend(compared(
                    [c.precision, c.recall, c.f1, c.f1_difference],
                    Some((c.gained, c.lost, c.mcnemar_p)),
                    c.f1_difference_interval,
                )),
                None => row.resize(columns, String::new()),
            }
        }
        w.write_record(row)?;
    }
    for (name, a) in [("micro", e.micro), ("macro", e.macro_)] {
        let mut row = vec![
            name.to_string(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            dialect.float(a.precision),
            dialect.float(a.recall),
            dialect.float(a.f1),
        ];
        if let Some(b) = bootstrap {
            let i = if name == "micro" { b.micro } else { b.macro_ };
            row.extend(ends(b.averaged_draws, averaged(i)));
        }
        if let Some(c) = against {
            let (theirs, difference, interval) = if name == "micro" {
                (
                    c.micro,
                    c.micro_f1_difference,
                    c.micro_f1_difference_interval,
                )
            } else {
                (
                    c.macro_,
                    c.macro_f1_difference,
                    c.macro_f1_difference_interval,
                )
            };
            row.extend(compared(
                [theirs.precision, theirs.recall, theirs.f1, difference],
                None,
                interval,
            ));
        }
        w.write_record(row)?;
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

/// The text of `--format text`: the figures, the intervals of `--bootstrap`
/// and the comparison of `--against` when asked, then the errors of
/// `--errors`, which can be long. `bootstrap` and `against` are unrounded
/// ([`Evaluation::bootstrap_exact`], [`Evaluation::compare_exact`]): each
/// figure is rounded once, here.
fn table(
    e: &Evaluation,
    bootstrap: Option<&Bootstrap>,
    against: Option<(&Lexicon, &Comparison)>,
) -> String {
    let width = id_column_width(e.themes.iter().map(|t| t.id.as_str()));
    let mut s = format!(
        "{:width$}  {:>7}  {:>9}  {:>4}  {:>9}  {:>6}  {:>6}\n",
        "theme", "support", "predicted", "tp", "precision", "recall", "f1"
    );
    // The figures from the counts, rounded once: the JSON's are already
    // rounded to 4 decimals, and rounding them again to 3 could move the last
    // digit (0.21053: 0.2105, then 0.210 instead of 0.211).
    for t in &e.themes {
        if t.figures().is_some() {
            let a = prf_exact(t.true_positives, t.predicted, t.support);
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
    let (micro, macro_) = e.exact_micro_macro();
    for (name, a) in [("micro", micro), ("macro", macro_)] {
        s += &format!(
            "{:width$}  {:>7}  {:>9}  {:>4}  {:>9.3}  {:>6.3}  {:>6.3}\n",
            name, "", "", "", a.precision, a.recall, a.f1
        );
    }
    s += &format!("{}\n", plural(e.passages, "passage"));
    if let Some(b) = bootstrap {
        s += &interval_table(b, e.passages, width);
    }
    if let Some((other, comparison)) = against {
        s += &against_table(e, other, comparison);
    }
    for err in &e.errors {
        let kind = if err.kind == "false_positive" {
            "FP"
        } else {
            "FN"
        };
        // One line each: a line break of the passage would break the list.
        let shown = |text: &str| shown_name(&one_line(text));
        s += &format!(
            "\n{kind} {} {} (score {} / threshold {}): {}\n",
            err.theme,
            shown_id(&err.id),
            err.score,
            err.threshold,
            shown(&err.text)
        );
        for ev in &err.evidence {
            s += &format!(
                "    {} <- {:?} at {}..{} (weight {})\n",
                shown(&ev.text),
                ev.entry,
                ev.span[0],
                ev.span[1],
                ev.weight
            );
        }
    }
    s
}

/// A passage's id in the list of errors: as written, or quoted as in the
/// JSON when it is empty or holds a space, which would otherwise vanish
/// into the line or read as two words.
fn shown_id(id: &str) -> String {
    match id.is_empty() || id.contains(char::is_whitespace) {
        true => serde_json::to_string(id).expect("a string serialises"),
        false => shown_name(id),
    }
}

/// The intervals of `--bootstrap --format text`, one row per labelled theme
/// then the averages, each `low–high`, rounded once from the unrounded ends
/// (the JSON's, rounded to 4 decimals, rounded again to 3 could move the
/// last digit: 0.21053, 0.2105, then 0.210 instead of 0.211).
fn interval_table(b: &Bootstrap, passages: u64, width: usize) -> String {
    let pair = |i: [f64; 2]| format!("{:.3}–{:.3}", i[0], i[1]);
    let mut s = format!(
        "\n{:.0} % bootstrap intervals: {} draws of {} (seed {})\n",
        b.level * 100.0,
        b.draws,
        plural(passages, "passage"),
        b.seed
    );
    s += &format!(
        "{:width$}  {:>7}  {:>11}  {:>11}  {:>11}\n",
        "theme", "draws", "precision", "recall", "f1"
    );
    let mut row = |name: &str, draws: u64, i: Intervals| {
        s += &format!(
            "{:width$}  {:>7}  {:>11}  {:>11}  {:>11}\n",
            name,
            draws,
            pair(i.precision),
            pair(i.recall),
            pair(i.f1)
        );
    };
    for t in &b.themes {
        if let (Some(precision), Some(recall), Some(f1)) = (t.precision, t.recall, t.f1) {
            row(
                &t.id,
                t.labelled_draws,
                Intervals {
                    precision,
                    recall,
                    f1,
                },
            );
        }
    }
    for (name, i) in [("micro", b.micro), ("macro", b.macro_)] {
        if let Some(i) = i {
            row(name, b.averaged_draws, i);
        }
    }
    let few: Vec<&str> = b
        .themes
        .iter()
        .filter(|t| t.labelled_draws > 0 && t.labelled_draws < b.draws)
        .map(|t| t.id.as_str())
        .collect();
    if !few.is_empty() {
        s += &format!(
            "(draws: those in which a passage carries the theme; {} in fewer than all)\n",
            few.join(", ")
        );
    }
    if b.averaged_draws < b.draws {
        s += &format!(
            "(the averages come from the {} draws in which a passage carries a theme)\n",
            b.averaged_draws
        );
    }
    s
}

/// The comparison of `--against --format text`: per labelled theme then the
/// averages, the F1 of each lexicon, the difference (with its interval when
/// drawn), and per theme the passages gained and lost and the McNemar test
/// (below 0.0001 in scientific notation: an exact test is never 0). The
/// comparison is unrounded, and each figure rounded once, here.
fn against_table(e: &Evaluation, other: &Lexicon, c: &Comparison) -> String {
    let (micro, macro_) = e.exact_micro_macro();
    let width = id_column_width(c.themes.iter().map(|t| t.id.as_str()));
    let drawn = c.macro_f1_difference_interval.is_some();
    let mut s = format!(
        "\nAgainst {} {} ({}): F1 of each, this lexicon less the other\n",
        other.name(),
        other.version(),
        other.source()
    );
    // A row's cells after the name, right-aligned to these widths; the
    // interval column only with draws.
    let widths = [6, 7, 10, 15, 6, 4, 9];
    let mut row = |name: &str, cells: [String; 7]| {
        let mut line = format!("{name:width$}");
        for (k, (cell, w)) in cells.iter().zip(widths).enumerate() {
            if k == 3 && !drawn {
                continue;
            }
            line += &format!("  {cell:>w$}");
        }
        s += line.trim_end();
        s.push('\n');
    };
    row(
        "theme",
        [
            "f1",
            "against",
            "difference",
            "95 % interval",
            "gained",
            "lost",
            "mcnemar_p",
        ]
        .map(String::from),
    );
    let interval = |i: Option<[f64; 2]>| {
        i.map_or_else(String::new, |i| {
            format!("{}–{}", signed(i[0]), signed(i[1]))
        })
    };
    let p_value = |p: f64| match p {
        p if p < 0.0001 => format!("{p:.1e}"),
        p => format!("{p:.4}"),
    };
    for t in &c.themes {
        let ours = e.themes.iter().find(|s| s.id == t.id).map_or(0.0, |s| {
            prf_exact(s.true_positives, s.predicted, s.support).f1
        });
        row(
            &t.id,
            [
                format!("{ours:.3}"),
                format!("{:.3}", t.f1),
                signed(t.f1_difference),
                interval(t.f1_difference_interval),
                t.gained.to_string(),
                t.lost.to_string(),
                p_value(t.mcnemar_p),
            ],
        );
    }
    for (name, ours, theirs, difference, i) in [
        (
            "micro",
            micro.f1,
            c.micro.f1,
            c.micro_f1_difference,
            c.micro_f1_difference_interval,
        ),
        (
            "macro",
            macro_.f1,
            c.macro_.f1,
            c.macro_f1_difference,
            c.macro_f1_difference_interval,
        ),
    ] {
        row(
            name,
            [
                format!("{ours:.3}"),
                format!("{theirs:.3}"),
                signed(difference),
                interval(i),
                String::new(),
                String::new(),
                String::new(),
            ],
        );
    }
    s
}

/// A difference to 3 decimals with its sign; `+0.000` for one that rounds to
/// zero from below (an unrounded difference of equal figures summed in
/// another order can be a hair below zero).
fn signed(x: f64) -> String {
    match format!("{x:+.3}") {
        zero if zero == "-0.000" => "+0.000".to_string(),
        shown => shown,
    }
}
