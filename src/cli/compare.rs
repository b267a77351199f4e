//! `parole compare`: groups documents (by a metadata field, a date period, or
//! one group per input), analyses them exactly as `parole analyze` does, and
//! writes the comparison: theme shares, keyness, specificities, time series
//! and distinctive passages, as JSON or as one tidy CSV table.
//!
//! Memory: the tables of each group (terms and n-grams with their counts),
//! not the documents; a document's passages are dropped once it is counted.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use parole::compare::{
    build_compare_report, CompareConfig, CompareOptions, CompareReport, CorrespondenceAnalysis,
    GroupTotals, Grouping, Groups, ReferenceSummary, Series, ALL, CA_MAX_GROUPS, NO_GROUP,
};
use parole::corpus::{Corpus, CorpusOptions};
use parole::pipeline::{Config, DocumentResult};
use parole::rename::Renaming;
use parole::report::{ReportConfig, SkippedEntry};
use parole::stats;
use parole::themes::{compile_query, Pattern};

use super::csv_dialect::{CsvDialect, ExcelArg};
use super::output::{column_width, columns, pad, plural, shown_name, text_rows, write_with};
use super::{for_each_document, AnalysisArgs, Reading};
use crate::Failure;

const EXAMPLES: &str = "\
Examples:
  parole compare corpus/ --by parti
  parole compare corpus/ --by parti --format text
  parole compare corpus/ --by date:quarter --terms souveraineté,'transition écologique'
  parole compare corpus/ --by parti --format csv --table entries --top 10 > entries.csv
  parole compare corpus/ --by parti --format csv --table themes --excel -o themes.csv
  parole compare corpus/ --by date:month --where parti=PSP --terms souveraineté
  parole compare corpus/ --by parti --over date:quarter --format csv --table series
  parole compare corpus/ --by parti --within-theme souverainete --format csv --table keyness
  parole compare corpus/ --by parti --format csv --table ca-groups > afc_groups.csv
  parole compare corpus/ --by parti --over date:year --format svg -o afc.svg
  parole compare corpus/ --by parti --over date:quarter --format svg --table series -o themes.svg

With your own files (their names stand for yours):
  parole compare debats.jsonl --by speaker_ffill --format csv --table keyness > keyness.csv
  parole compare debats.jsonl --by speaker_ffill --rename orateurs.csv --format csv --table groups
  parole compare statements.jsonl --by speakers:each --top 20
  parole compare interviews/ --by-turn --format csv --table keyness > speakers.csv
  parole compare discours_2023/ discours_2024/
  parole compare questions.jsonl --by groupe --ca-min-passages 20 --format svg -o afc.svg
  parole compare corpus/ --by parti --reference ../reference/ --top 20

Groups: --by FIELD groups documents by a metadata field; --by FIELD:year,
FIELD:quarter or FIELD:month by the period of an ISO date (YYYY-MM-DD), in
time order with empty periods as zeros; --by FIELD:each puts a document in the
group of each item of a list field (a JSON array, a front matter list, A; B),
so groups may overlap. --by-turn cuts interview transcripts by speaker: the
passages of each turn go to the group of its speaker label (BRUNO LE MAIRE,
LA JOURNALISTE, Q, R), the passages outside any turn to (none). Without --by,
each PATH is a group. --over FIELD:year|quarter|month follows each group over
the periods of a date field (group_series; --table series).
Documents without a usable value of the field (with a period, a calendar date:
not 2024-13-45, even by year) go to the group (none), counted on stderr;
it is an error when no document has one, or when the dates span more than
1200 periods (a mistyped year). Groups whose names differ only by capitals or
accents (M. CHIRAC, M. Chirac) are kept apart and named on stderr; a
--by FIELD whose values are lists makes each combination a group, and stderr
suggests FIELD:each.
--rename FILE names groups of values: a CSV file with the columns value (as
written: field values, list items, speaker labels or inputs) and group, e.g.
  value,group
  M. Macron,Emmanuel Macron
  EMMANUEL MACRON,Emmanuel Macron
Values it does not list stay groups of their own; each renamed group lists
the values that went into it (--table values).
--where FIELD=VALUE (or FIELD>=2022-01, FIELD<2023) keeps the documents of the
groups by their metadata; the --reference corpus is read whole. Fewer than two
groups with documents, and no --reference, is an error: nothing to compare.
Each group is compared with the rest (the documents not in it), or with
--reference. --format text sums the comparison up for reading.

Statistics (formulas and references in docs/statistics.md): theme shares with
95 % Wilson intervals and two-proportion tests (Benjamini-Hochberg adjusted);
keyness of terms and n-grams (signed G2, chi2, log ratio, adjusted p); Lafon
specificities (signed log10 hypergeometric probability). Per group and core
theme, the lexicon entries that carried it: matches in the passages assigned
the theme, as a share of the theme's matches in the group and in the rest (or
the reference); only the entries the group uses are listed.
Across the groups, a correspondence analysis (AFC) of the groups × terms table
of the terms counted --min-count times: the share of inertia of each axis, the
coordinates, contributions and squared cosines of the groups and of the --top
terms that contribute most to axes 1 and 2 (tables ca-axes, ca-groups,
ca-terms), and the terms at each end of each axis (ca-poles; the first plane in
--format text).

Exit status: 0 success; 2 usage, configuration, input or output error, nothing
written; 3 written but some inputs were skipped (--allow-skipped makes it 0).";

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompareFormat {
    /// The whole comparison as one JSON object.
    Json,
    /// One tidy table (chosen with --table) as CSV.
    Csv,
    /// A summary to read: the groups, their theme shares, the terms each
    /// over-uses, and the first plane of the correspondence analysis.
    Text,
    /// The first plane of the correspondence analysis as an SVG picture: the
    /// groups, the --top terms, the themes, the reference and, with --over, each
    /// group's path; with --table series, the core themes' shares and the --terms rates over
    /// time.
    Svg,
}

/// The tables of the CSV output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Table {
    /// One row per group: sizes.
    Groups,
    /// One row per group × value put into it by --rename: documents (needs --rename).
    Values,
    /// One row per group × `--terms` query: count and rate (needs --terms).
    Terms,
    /// One row per group × theme: shares, intervals, tests.
    Themes,
    /// One row per group × term: keyness.
    Keyness,
    /// One row per group × n-gram: keyness.
    Ngrams,
    /// One row per group × term: Lafon specificity.
    Specificities,
    /// One row per period × theme or term (date grouping), or per group × period × measure
    /// (with --over).
    Series,
    /// One row per group × core theme × passage: the distinctive passages (every theme is
    /// core when the lexicon has no core theme).
    Evidence,
    /// One row per group × core theme × lexicon entry that carried it in the group: matches
    /// and share of the theme's matches, in the group and in the rest or reference (the --top
    /// most matched per group and theme).
    Entries,
    /// One row per axis of the correspondence analysis of groups × terms: eigenvalue, share
    /// of the inertia.
    CaAxes,
    /// One row per group × axis of the correspondence analysis: coordinate, contribution,
    /// squared cosine.
    CaGroups,
    /// One row per term × axis of the correspondence analysis (the --top terms that
    /// contribute most to axes 1 and 2): coordinate, contribution, squared cosine.
    CaTerms,
    /// One row per axis × side × term of the correspondence analysis: the ten terms that
    /// contribute most to each end of each axis (the text summary's lines).
    CaPoles,
    /// One row per supplementary point × axis of the correspondence analysis: each theme
    /// (its passages per group), the groups of fewer than --ca-min-passages passages, the
    /// --reference corpus and, with --over, each group in each period, placed without taking
    /// part in the axes: coordinate, squared cosine.
    CaSupplementary,
}

/// Arguments of `parole compare`.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct CompareArgs {
    /// Files or folders; without --by, each is a group.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Reading and analysis options, shared by analyze, compare, kwic and collocates.
    #[command(flatten)]
    pub analysis: AnalysisArgs,
    /// Group by a metadata field, FIELD:year|quarter|month, or FIELD:each (each item of a list).
    #[arg(long, value_name = "FIELD")]
    pub by: Option<String>,
    /// Group the passages of transcripts by the speaker of their turn (BRUNO LE MAIRE, Q, R…)
    #[arg(long, conflicts_with = "by")]
    pub by_turn: bool,
    /// Follow each group over the periods of an ISO date field: FIELD:year, FIELD:quarter or
    /// FIELD:month (with a grouping that is not by date): its sizes, theme shares and --terms
    /// per period, and its path on the correspondence analysis.
    #[arg(long, value_name = "FIELD:PERIOD")]
    pub over: Option<String>,
    /// Put values into named groups: a CSV file with the columns value (as written in the corpus)
    /// and group. Other values stay groups of their own.
    #[arg(long, value_name = "FILE")]
    pub rename: Option<PathBuf>,
    /// Compare each group with this corpus instead of the rest (repeatable).
    #[arg(long, value_name = "PATH")]
    pub reference: Vec<PathBuf>,
    /// Terms to count per group and period (comma-separated; words, prefix*, phrases).
    #[arg(long, value_delimiter = ',', value_parser = super::list_item, value_name = "TERMS")]
    pub terms: Vec<String>,
    /// Rows per table and direction (over- and under-used), entries per group and theme, and
    /// terms of the correspondence analysis; 0 for all.
    #[arg(long, default_value_t = 30, value_name = "N", allow_negative_numbers = true, value_parser = super::at_least(0usize))]
    pub top: usize,
    /// Minimum count of a term (group + reference) to be tested; the correspondence analysis
    /// takes the terms counted this often in the compared inputs.
    #[arg(long, default_value_t = 5, value_name = "N", allow_negative_numbers = true, value_parser = super::at_least(0u64))]
    pub min_count: u64,
    /// Groups of fewer passages take no part in the correspondence analysis: they are placed on
    /// its axes as supplementary points, so that a group of a few passages does not make an axis
    /// of its own (the text summary says when one does); 0 for none.
    #[arg(long, default_value_t = 0, value_name = "N", allow_negative_numbers = true, value_parser = super::at_least(0u64))]
    pub ca_min_passages: u64,
    /// Adjusted p-value under which a theme share is flagged above or below
    /// (and, in --format text, under which an over-used term is listed).
    #[arg(
        long,
        default_value_t = 0.05,
        value_name = "P",
        allow_negative_numbers = true
    )]
    pub alpha: f64,
    /// Output format.
    #[arg(long, value_enum, ignore_case = true, default_value = "json")]
    pub format: CompareFormat,
    /// With --format csv: which table [default: keyness]. With --format svg: series charts the
    /// core themes' shares (and the --terms rates) over the periods instead of drawing the
    /// correspondence analysis.
    #[arg(long, value_enum, ignore_case = true, value_name = "TABLE")]
    pub table: Option<Table>,
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

/// Runs `parole compare`.
pub fn run(args: CompareArgs) -> Result<i32, Failure> {
    let grouping = match &args.by {
        Some(by) => Grouping::parse(by).map_err(Failure::Usage)?,
        None if args.by_turn => Grouping::Turn,
        None => Grouping::Input,
    };
    if grouping == Grouping::Input && args.paths.len() < 2 && args.reference.is_empty() {
        return Err(Failure::Usage(
            "nothing to compare: give --by FIELD, --by-turn, two or more paths, or --reference PATH"
                .into(),
        ));
    }
    if args.by_turn && args.analysis.passage == super::PassageArg::Document {
        return Err(Failure::Usage(
            "--by-turn cuts documents at their turns, which one passage per document hides: \
             use --passage paragraph or sentence"
                .into(),
        ));
    }
    if !(args.alpha > 0.0 && args.alpha < 1.0) {
        return Err(Failure::Usage(format!(
            "--alpha must be above 0 and below 1 (0.05 for 95 % intervals); {} is not",
            args.alpha
        )));
    }
    check_table(&args, &grouping)?;
    let dialect = args.excel.dialect(args.format == CompareFormat::Csv)?;
    let over = match &args.over {
        None => None,
        Some(_) if matches!(grouping, Grouping::Date(..)) => {
            return Err(Failure::Usage(
                "--over follows groups over periods, and --by already groups by period: drop \
                 --over, or group by another field (--by FIELD --over DATE:quarter)"
                    .into(),
            ))
        }
        Some(over) => match Grouping::parse(over).map_err(|m| {
            m.replace("--by", "--over")
                .replace(" (or FIELD:each for each item of a list)", "")
        }) {
            Ok(Grouping::Date(field, bucket)) => Some((field, bucket)),
            Ok(_) => {
                return Err(Failure::Usage(format!(
                    "--over {over}: give a date field and a period: FIELD:year, FIELD:quarter \
                     or FIELD:month"
                )))
            }
            Err(message) => return Err(Failure::Usage(message)),
        },
    };
    let renaming = match &args.rename {
        Some(_) if matches!(grouping, Grouping::Date(..)) => {
            return Err(Failure::Usage(
                "--rename names groups of values, and a date grouping makes periods: group by \
                 the field as it is (--by FIELD), or drop --rename"
                    .into(),
            ))
        }
        Some(path) => Some(Renaming::from_file(path)?),
        None => None,
    };
    // One group per input reads each input on its own: check them together.
    // (The reference is read on its own, and may hold the groups; but
    // standard input can be read once only, by one or the other.)
    parole::corpus::check_distinct_inputs(&args.paths)?;
    parole::corpus::check_stdin_once(args.paths.iter().chain(&args.reference))?;
    let config = args.analysis.config(args.top, 1)?;
    let queries = args
        .terms
        .iter()
        .map(|t| {
            compile_query(t, &config.analyzer).map_err(|m| Failure::Usage(format!("--terms: {m}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    check_distinct_terms(&args.terms, &queries)?;
    if !args.analysis.quiet {
        for warning in unaccented_terms(&args.terms, &config.analyzer) {
            crate::message!("warning: {warning}");
        }
    }
    let options = args.analysis.corpus_options();
    let pool = args.analysis.pool()?;
    // A reference corpus is an input too: never write over it.
    let inputs: Vec<PathBuf> = args.paths.iter().chain(&args.reference).cloned().collect();
    args.analysis
        .check_output(args.output.as_deref(), &inputs)?;
    let report = pool.install(|| {
        compare(
            &args, &config, &options, &grouping, over, renaming, &queries,
        )
    })?;
    // The themes a chart draws: those of --only-themes, else the core ones,
    // or all of a lexicon that has none.
    let themes = config.lexicon.themes();
    let core: Vec<String> = themes
        .iter()
        .filter(|t| t.group == parole::themes::ThemeGroup::Core)
        .map(|t| t.id.clone())
        .collect();
    let charted = match core.is_empty() || !args.analysis.only_themes.is_empty() {
        true => themes.iter().map(|t| t.id.clone()).collect(),
        false => core,
    };
    // The pictures name the themes by their labels.
    let labels: Vec<(String, String)> = themes
        .iter()
        .map(|t| (t.id.clone(), t.label.clone()))
        .collect();
    write(&args, dialect, &report, &charted, &labels)
}

/// The `--terms` holding a word written without the accent of an ending
/// the stemmer cuts (`securite`): its key is not that of the word with its
/// accents, so it would count neither `sécurité` nor `SECURITE`, and its
/// zeros would read as the word's absence.
fn unaccented_terms(terms: &[String], analyzer: &parole::analyze::Analyzer) -> Vec<String> {
    let mut found = Vec::new();
    for term in terms {
        for word in term.split_whitespace() {
            if let Some(accented) = analyzer.accented_ending(word) {
                found.push(format!(
                    "--terms {term:?}: {word:?} is written without accents, and the stemmer \
                     reads its ending only with its accent, so it counts neither the word with \
                     its accents nor in capitals; write {accented:?}, or the word with all its \
                     accents"
                ));
            }
        }
    }
    found
}

/// Refuses two `--terms` that are one search (`souveraineté,Souveraineté`,
/// or a term given twice): they would be two rows of the same counts, which
/// a reader would take for two results.
fn check_distinct_terms(terms: &[String], queries: &[Vec<Pattern>]) -> Result<(), Failure> {
    for (j, query) in queries.iter().enumerate() {
        if let Some(i) = queries[..j].iter().position(|q| q == query) {
            let (first, again) = (&terms[i], &terms[j]);
            let what = match first == again {
                true => format!("{first:?} is given twice"),
                false => format!(
                    "{first:?} and {again:?} are the same search (a word finds all its \
                     inflections, whatever its capitals and accents)"
                ),
            };
            return Err(Failure::Usage(format!(
                "--terms: {what}; give each term once"
            )));
        }
    }
    Ok(())
}

/// Refuses output options that would be ignored, or give an empty table.
fn check_table(args: &CompareArgs, grouping: &Grouping) -> Result<(), Failure> {
    let usage = |m: &str| Err(Failure::Usage(m.into()));
    match (args.format, args.table) {
        (CompareFormat::Svg, Some(table)) if table != Table::Series => usage(
            "--format svg draws the correspondence analysis, or with --table series the theme \
             shares over time: drop --table, or give --table series",
        ),
        (CompareFormat::Json | CompareFormat::Text, Some(_)) => {
            usage("--table goes with --format csv: add --format csv, or drop --table")
        }
        (CompareFormat::Csv | CompareFormat::Text | CompareFormat::Svg, _) if args.pretty => usage(
            "--pretty goes with --format json only: drop --pretty, or write JSON",
        ),
        (CompareFormat::Csv | CompareFormat::Svg, Some(Table::Series))
            if !matches!(grouping, Grouping::Date(..)) && args.over.is_none() =>
        {
            usage(
                "--table series needs periods: add --by FIELD:year, FIELD:quarter or FIELD:month \
                 (FIELD holding ISO dates), or --over FIELD:quarter to follow each group",
            )
        }
        (CompareFormat::Csv, Some(Table::Values)) if args.rename.is_none() => usage(
            "--table values lists the values --rename put into each group: add --rename FILE",
        ),
        (CompareFormat::Csv, Some(Table::Terms)) if args.terms.is_empty() => usage(
            "--table terms needs --terms: add --terms WORDS (comma-separated words, prefix*, phrases)",
        ),
        _ => Ok(()),
    }
}

/// Analyses `paths` in parallel batches and hands every document, in input
/// order, with its term-query counts, to `add`.
fn collect(
    args: &CompareArgs,
    config: &Config,
    options: &CorpusOptions,
    paths: &[PathBuf],
    queries: &[Vec<Pattern>],
    mut add: impl FnMut(DocumentResult, Vec<u64>) + Send,
) -> Result<Reading, Failure> {
    collect_with(
        args,
        options,
        paths,
        |doc| config.analyze_document_counting(doc, queries),
        |(doc, counts)| add(doc, counts),
    )
}

/// [`collect`], each document analysed by `map` (in parallel) and handed
/// to `add` in input order.
fn collect_with<T: Send>(
    args: &CompareArgs,
    options: &CorpusOptions,
    paths: &[PathBuf],
    map: impl Fn(&parole::corpus::Document) -> T + Sync,
    mut add: impl FnMut(T) + Send,
) -> Result<Reading, Failure> {
    let corpus = Corpus::open(paths, options.clone())?;
    for_each_document(
        corpus,
        args.analysis.quiet,
        args.analysis.quiet,
        map,
        |analysed| {
            add(analysed);
            Ok(())
        },
    )
}

fn compare(
    args: &CompareArgs,
    config: &Config,
    options: &CorpusOptions,
    grouping: &Grouping,
    over: Option<(String, parole::compare::Bucket)>,
    renaming: Option<Renaming>,
    queries: &[Vec<Pattern>],
) -> Result<CompareReport, Failure> {
    let new_group = || GroupTotals::new(config.lexicon.themes().len(), queries.len());
    let mut groups = Groups::new(
        grouping.clone(),
        config.lexicon.themes().len(),
        queries.len(),
    );
    if let Some(renaming) = renaming.clone() {
        groups = groups.with_renaming(renaming);
    }
    if let Some((field, bucket)) = &over {
        groups = groups.with_periods(field, *bucket);
    }
    // Speakers renamed to one group are one part of a document.
    let turn_group = |speaker: &str| -> String {
        renaming
            .as_ref()
            .map_or(speaker, |r| r.rename(speaker))
            .to_string()
    };
    let mut readings = Reading::default();
    // Documents analysed, each once (a transcript's turns are parts of one).
    let mut documents = 0u64;
    let inputs: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
    // Documents of each input, or of all inputs, into their groups.
    let runs: Vec<(Option<&String>, &[PathBuf])> = if *grouping == Grouping::Input {
        inputs
            .iter()
            .zip(&args.paths)
            .map(|(name, path)| (Some(name), std::slice::from_ref(path)))
            .collect()
    } else {
        vec![(None, args.paths.as_slice())]
    };
    for (input, paths) in runs {
        if let Some(name) = input {
            groups.add_input(name);
        }
        let input = input.map_or("", String::as_str);
        if *grouping == Grouping::Turn {
            readings.merge(collect_with(
                args,
                options,
                paths,
                |doc| config.analyze_document_by_turn(doc, queries, &turn_group),
                |parts| {
                    documents += 1;
                    for (k, (speakers, part, counts)) in parts.into_iter().enumerate() {
                        groups.add_turn(&speakers, &part, &counts, k == 0);
                    }
                },
            )?);
            continue;
        }
        readings.merge(collect(
            args,
            config,
            options,
            paths,
            queries,
            |doc, counts| {
                documents += 1;
                groups.add(&doc, input, &counts)
            },
        )?);
    }
    // The conditions hold over the groups' inputs together (not the
    // reference, which is read whole).
    readings.check_conditions(args.analysis.quiet)?;
    let left_out = readings.left_out();
    let mut skipped: Vec<SkippedEntry> = readings.skipped.iter().map(SkippedEntry::from).collect();
    let notes = [
        groups.ungrouped_note(),
        groups.lookalike_note(),
        groups.list_note(),
        groups.rename_note(),
        groups.over_note(),
    ];
    let grouped = groups.finish()?;
    for note in notes.into_iter().flatten().filter(|_| !args.analysis.quiet) {
        crate::message!("{note}");
    }
    let filled: Vec<&str> = grouped
        .groups
        .iter()
        .filter(|(_, g)| g.corpus.documents > 0)
        .map(|(name, _)| name.as_str())
        .collect();
    if filled.len() < 2 && args.reference.is_empty() {
        let left_out_by_where = (left_out > 0).then(|| {
            format!(
                "{} left out by --where",
                super::output::plural(left_out, "document")
            )
        });
        return Err(Failure::Usage(match filled.first() {
            Some(name) => format!(
                "only the group {name:?} has documents{}: nothing to compare it with; group by \
                 a field with several values, or give --reference PATH",
                left_out_by_where.map_or(String::new(), |l| format!(" ({l})"))
            ),
            // Every document was skipped or left out: there is no group
            // to compare, and a grouping would not make one.
            None => {
                let skipped = (!readings.skipped.is_empty()).then(|| {
                    format!(
                        "{} skipped{}",
                        super::output::plural(readings.skipped.len() as u64, "input"),
                        match args.analysis.quiet {
                            true => " (run without --quiet to see why)",
                            false => " (why is said above)",
                        }
                    )
                });
                let reasons: Vec<String> =
                    [skipped, left_out_by_where].into_iter().flatten().collect();
                let advice = match (readings.skipped.is_empty(), left_out) {
                    (true, 0) => "give inputs that hold documents",
                    (true, _) => "loosen --where",
                    (false, 0) => "mend or drop the inputs that cannot be read",
                    (false, _) => "mend or drop the inputs that cannot be read, or loosen --where",
                };
                match reasons.is_empty() {
                    true => format!("no document to compare; {advice}"),
                    false => format!("no document to compare: {}; {advice}", reasons.join(", ")),
                }
            }
        }));
    }
    if *grouping == Grouping::Input && !args.analysis.quiet {
        for (name, _) in grouped
            .groups
            .iter()
            .filter(|(_, g)| g.corpus.documents == 0)
        {
            crate::message!("the group of input {name} has no document kept by --where");
        }
    }
    let reference = if args.reference.is_empty() {
        None
    } else {
        let mut reference = new_group();
        let mut seq = 0u64;
        let whole = CorpusOptions {
            conditions: Vec::new(),
            ..options.clone()
        };
        let reading = collect(
            args,
            config,
            &whole,
            &args.reference,
            queries,
            |doc, counts| {
                reference.add(&doc, seq, &counts);
                seq += 1;
            },
        )?;
        skipped.extend(reading.skipped.iter().map(SkippedEntry::from));
        Some((reference, reading.units_seen))
    };
    let compare_config = CompareConfig {
        analysis: ReportConfig::new(config, inputs.clone(), &args.analysis.corpus_options()),
        inputs,
        by: args.by.clone().unwrap_or_else(|| grouping.to_string()),
        over: args.over.clone(),
        reference: args
            .reference
            .iter()
            .map(|p| p.display().to_string())
            .collect(),
        options: CompareOptions {
            top: args.top,
            min_count: args.min_count,
            alpha: args.alpha,
            ca_min_passages: args.ca_min_passages,
        },
        terms: args.terms.clone(),
        rename: renaming,
    };
    if grouped.periods.is_some() && grouped.groups.iter().any(|(name, _)| name == ALL) {
        return Err(Failure::Usage(format!(
            "a group is named {ALL:?}, the name of the whole corpus's series with --over: give \
             --rename FILE to name it otherwise (a row `{ALL},NEW NAME`)"
        )));
    }
    let series = match (grouping, grouped.periods.as_deref()) {
        (Grouping::Date(..), _) => Series::Periods,
        (_, Some(periods)) => Series::Over(periods, &grouped.period_totals),
        _ => Series::None,
    };
    let mut report = build_compare_report(
        config,
        compare_config,
        &grouped.groups,
        grouped.whole.as_ref(),
        reference.as_ref().map(|(r, _)| r),
        series,
        skipped,
    );
    report.left_out = left_out;
    report.inputs_seen = readings.units_seen;
    report.documents = documents;
    report.reference = reference.map(|(r, inputs_seen)| ReferenceSummary {
        inputs_seen,
        documents: r.corpus.documents,
        passages: r.corpus.passages,
        tokens: r.corpus.totals.tokens,
        content_tokens: r.corpus.totals.content_tokens,
    });
    Ok(report)
}

/// A theme's share in period `p` and its interval, as CSV cells.
fn theme_values(
    dialect: CsvDialect,
    theme: &parole::compare::SeriesTheme,
    p: usize,
) -> [String; 3] {
    [theme.shares[p], theme.ci_low[p], theme.ci_high[p]].map(|x| dialect.float(x))
}

fn write(
    args: &CompareArgs,
    dialect: CsvDialect,
    report: &CompareReport,
    charted: &[String],
    labels: &[(String, String)],
) -> Result<i32, Failure> {
    let bytes = match args.format {
        CompareFormat::Json => {
            let mut v = if args.pretty {
                serde_json::to_vec_pretty(report)
            } else {
                serde_json::to_vec(report)
            }
            .map_err(|e| Failure::Output(e.to_string()))?;
            v.push(b'\n');
            v
        }
        CompareFormat::Csv => {
            let table = args.table.unwrap_or(Table::Keyness);
            if matches!(
                table,
                Table::CaAxes
                    | Table::CaGroups
                    | Table::CaTerms
                    | Table::CaPoles
                    | Table::CaSupplementary
            ) && report.correspondence.is_none()
            {
                let (why, what_to_do) = no_correspondence(report);
                return Err(Failure::Usage(format!(
                    "no correspondence analysis: {why}; {what_to_do}"
                )));
            }
            csv_table(dialect, report, table).map_err(|e| Failure::Output(e.to_string()))?
        }
        CompareFormat::Text => text_summary(report, args.alpha, args.top).into_bytes(),
        CompareFormat::Svg if args.table == Some(Table::Series) => {
            super::plot::series_chart(report, charted, labels)
                .expect("a series, checked with the arguments")
                .into_bytes()
        }
        CompareFormat::Svg => {
            let Some(ca) = &report.correspondence else {
                let (why, what_to_do) = no_correspondence(report);
                return Err(Failure::Usage(format!(
                    "no correspondence analysis to draw: {why}; {what_to_do}"
                )));
            };
            let Some(svg) = super::plot::ca_plane(
                ca,
                report.correspondence_exact.as_ref().unwrap_or(ca),
                report.time_series.is_some(),
                report.config.options.ca_min_passages,
                labels,
            ) else {
                return Err(Failure::Usage(
                    "no axis to draw: the groups use the terms analysed in the same \
                     proportions, or nearly (see --format text); compare other groups"
                        .to_string(),
                ));
            };
            svg.into_bytes()
        }
    };
    write_with(args.output.as_deref(), |out| out.write_all(&bytes))?;
    Ok(args.analysis.exit_status(report.skipped.len()))
}

/// Why a comparison has no correspondence analysis, and what would give
/// one: the text summary says the first, a refused `--table ca-*` both.
fn no_correspondence(report: &CompareReport) -> (String, String) {
    let options = &report.config.options;
    let min_count = options.min_count;
    let taking_part = report
        .groups
        .iter()
        .filter(|g| options.takes_part(g.passages))
        .count();
    if report.groups.len() < 2 {
        return (
            "a single group".to_string(),
            "compare two groups or more (--by FIELD, or several inputs)".to_string(),
        );
    }
    match taking_part > CA_MAX_GROUPS {
        true => (
            format!("{taking_part} groups, more than the {CA_MAX_GROUPS} it is run on"),
            "group more coarsely (--rename puts values into groups), or leave the smaller \
             groups out of the axes with --ca-min-passages"
                .to_string(),
        ),
        false if taking_part < 2 => (
            format!(
                "{} of at least --ca-min-passages {} passages",
                match taking_part {
                    0 => "no group",
                    _ => "a single group",
                },
                options.ca_min_passages
            ),
            "lower --ca-min-passages".to_string(),
        ),
        false => (
            "fewer than two groups with terms counted --min-count times, or fewer than two \
             such terms"
                .to_string(),
            format!("lower --min-count (now {min_count}), or compare larger groups"),
        ),
    }
}

/// Terms listed per group in the text summary.
const TEXT_TERMS: usize = 10;

/// `--format text`: the groups and their sizes, a table of theme shares
/// (percent of each group's passages, marked where the test finds the
/// group above or below what it is compared with), the terms each group
/// over-uses most, and the `--terms` counts. Intervals, tests and the
/// other tables are in the JSON and CSV.
fn text_summary(report: &CompareReport, alpha: f64, top: usize) -> String {
    use std::fmt::Write;
    let names: Vec<String> = report.groups.iter().map(|g| shown_name(&g.name)).collect();
    let group_width = column_width("group", names.iter().map(String::as_str));
    let pad = |name: &str| pad(name, group_width);
    let against = match &report.reference {
        Some(r) => format!(
            "the reference ({}, {})",
            super::output::plural(r.documents, "document"),
            super::output::plural(r.content_tokens, "content token")
        ),
        // Groups of a list's items overlap (a document with two items is
        // in two groups): each is compared with the documents not in it.
        None if report.config.by.ends_with(":each") => "the documents not in it".to_string(),
        None => "the rest of the groups".to_string(),
    };
    let mut s = String::new();
    let mut read = Vec::new();
    if let Some(id) = &report.config.analysis.within_theme {
        read.push(format!("only the passages of the theme {id}"));
    }
    if report.left_out > 0 {
        read.push(format!("{} left out by --where", report.left_out));
    }
    if !report.skipped.is_empty() {
        read.push(format!("{} skipped", report.skipped.len()));
    }
    let read = match read.is_empty() {
        true => String::new(),
        false => format!(" ({})", read.join(", ")),
    };
    let _ = writeln!(
        s,
        "{} of {}{read}, each compared with {against}",
        plural(report.groups.len() as u64, "group"),
        plural(report.documents, "document"),
    );
    let _ = writeln!(
        s,
        "\n{}  {:>9}  {:>8}  {:>14}",
        pad("group"),
        "documents",
        "passages",
        "content tokens"
    );
    for (g, name) in report.groups.iter().zip(&names) {
        let _ = writeln!(
            s,
            "{}  {:>9}  {:>8}  {:>14}",
            pad(name),
            g.documents,
            g.passages,
            g.content_tokens
        );
    }
    // Theme shares: one column per theme, in the lexicon's order.
    let mut themes: Vec<&str> = Vec::new();
    for row in &report.theme_shares {
        if !themes.contains(&row.theme.as_str()) {
            themes.push(&row.theme);
        }
    }
    if !themes.is_empty() {
        let _ = writeln!(
            s,
            "\ntheme shares, % of the group's passages (+ above, - below {against}, adjusted \
             p < {alpha}; n/a: no passage)"
        );
        let cell_width = |theme: &str| columns(theme).max(7);
        let mut line = pad("group");
        for theme in &themes {
            let _ = write!(line, "  {:>w$}", theme, w = cell_width(theme));
        }
        let _ = writeln!(s, "{}", line.trim_end());
        for (g, name) in report.groups.iter().zip(&names) {
            let mut line = pad(name);
            for theme in &themes {
                let cell = report
                    .theme_shares
                    .iter()
                    .find(|r| r.group == g.name && r.theme == *theme)
                    .map(|r| {
                        if r.group_passages == 0 {
                            return "n/a ".to_string();
                        }
                        let mark = match r.difference.as_str() {
                            "above" => "+",
                            "below" => "-",
                            _ => " ",
                        };
                        // From the counts: the JSON's share is already rounded.
                        let share = r.passages as f64 / r.group_passages as f64 * 100.0;
                        format!("{share:.1}{mark}")
                    })
                    .unwrap_or_default();
                let _ = write!(line, "  {:>w$}", cell, w = cell_width(theme));
            }
            let _ = writeln!(s, "{}", line.trim_end());
        }
    }
    // The terms each group over-uses most, with their signed G².
    let listed = text_rows(top, TEXT_TERMS);
    let _ = writeln!(
        s,
        "\nover-used terms (signed G2, adjusted p < {alpha}; the first {listed})"
    );
    for table in &report.keyness {
        // G² from the counts, rounded once: the JSON's is already rounded to
        // 4 decimals, and rounding it again to 1 could move the last digit.
        let g2 = |r: &parole::compare::KeynessRow| {
            let (group, reference) = (table.group_tokens, table.reference_tokens);
            stats::keyness(r.observed, r.reference_count, group, reference).g2
        };
        let terms: Vec<String> = table
            .rows
            .iter()
            .filter(|r| r.g2 > 0.0 && r.p_adjusted < alpha)
            .take(listed)
            .map(|r| format!("{} {:.1}", r.display, g2(r)))
            .collect();
        let terms = match terms.is_empty() {
            true => "no term".to_string(),
            false => terms.join(", "),
        };
        let _ = writeln!(s, "{}  {terms}", pad(&shown_name(&table.group)));
    }
    match &report.correspondence {
        Some(ca) => {
            // The figures unrounded, rounded once here.
            let exact = report.correspondence_exact.as_ref().unwrap_or(ca);
            ca_summary(&mut s, ca, exact, &report.groups, group_width)
        }
        None => {
            let (why, _) = no_correspondence(report);
            let _ = writeln!(s, "\nno correspondence analysis: {why}");
        }
    }
    // The --terms queries, per group.
    if !report.config.terms.is_empty() {
        let _ = writeln!(s, "\n--terms: count (per 10,000 content tokens)");
        for (g, name) in report.groups.iter().zip(&names) {
            let counts: Vec<String> = g
                .terms
                .iter()
                .map(|t| format!("{} {} ({:.2})", t.term, t.count, t.per_10k))
                .collect();
            let _ = writeln!(s, "{}  {}", pad(name), counts.join(", "));
        }
    }
    if let Some(series) = &report.group_series {
        let dated: Vec<&String> = series.periods.iter().filter(|p| *p != NO_GROUP).collect();
        let undated = match dated.len() < series.periods.len() {
            true => format!(", and {NO_GROUP} for the documents without a date"),
            false => String::new(),
        };
        let _ = writeln!(
            s,
            "\neach group and the whole corpus over {} ({} to {}{undated}): group_series in \
             the JSON, or --format csv --table series",
            plural(dated.len() as u64, "period"),
            dated.first().map_or("", |p| p.as_str()),
            dated.last().map_or("", |p| p.as_str()),
        );
    }
    s
}

/// Terms named at each end of an axis in the text summary.
const CA_TEXT_TERMS: usize = 8;

/// Most points of the groups by period (`--over`) the text summary lists.
const CA_TEXT_PATHS: usize = 100;

/// The correspondence analysis in the text summary: the share of the
/// inertia on the first axes, the groups' coordinates on the first two, and
/// per axis the terms that contribute most to it on each side (its
/// `poles`, among all the terms analysed). The figures are those of
/// `exact`, the analysis unrounded, each rounded once here (the JSON's,
/// rounded to 6 significant digits, rounded again to 3 decimals could move
/// the last digit); `ca`, the JSON's, gives the one figure printed in
/// full, the phi2 of an analysis without axes.
fn ca_summary(
    s: &mut String,
    ca: &CorrespondenceAnalysis,
    exact: &CorrespondenceAnalysis,
    groups: &[parole::compare::GroupSummary],
    group_width: usize,
) {
    use std::fmt::Write;
    let heading = format!(
        "\ncorrespondence analysis of {} terms counted at least --min-count times",
        ca.terms_analysed
    );
    if ca.axes.is_empty() {
        let why = if ca.total_inertia == 0.0 {
            "the groups use them in the same proportions".to_string()
        } else {
            format!(
                "the groups' profiles differ too little to be mapped (phi2 {:e}; an axis \
                 needs an eigenvalue of {:e})",
                ca.total_inertia,
                parole::ca::MIN_EIGENVALUE
            )
        };
        let _ = writeln!(s, "{heading}: no axis, {why}");
        return;
    }
    // From here, every figure is rounded once, from the unrounded analysis.
    let ca = exact;
    let shown = ca.axes.len().min(2);
    let shares: Vec<String> = ca
        .axes
        .iter()
        .take(4)
        .map(|a| format!("axis {} {:.1} %", a.axis, a.share * 100.0))
        .collect();
    let _ = writeln!(
        s,
        "{heading} (phi2 {:.4}): {}",
        ca.total_inertia,
        shares.join(", ")
    );
    // The supplementary points are listed below the groups, in their
    // columns.
    // A group's path over the periods is listed when the paths are few.
    let paths = ca
        .supplementary
        .iter()
        .filter(|p| p.kind == "period")
        .count();
    let (placed, unplaced): (Vec<_>, Vec<_>) = ca
        .supplementary
        .iter()
        .filter(|p| p.kind != "period" || paths <= CA_TEXT_PATHS)
        .map(|p| match (p.kind.as_str(), &p.period) {
            ("theme", _) => (format!("theme {}", p.name), p),
            ("group", _) => {
                let passages = passages_of(groups, &p.name);
                let name = format!("{} ({})", shown_name(&p.name), plural(passages, "passage"));
                (name, p)
            }
            (_, Some(period)) => (format!("{} {period}", shown_name(&p.name)), p),
            _ => (shown_name(&p.name), p),
        })
        .partition(|(_, p)| !p.coordinates.is_empty());
    let group_width = placed
        .iter()
        .map(|(name, _)| columns(name))
        .fold(group_width, usize::max);
    let mut header = pad("group", group_width);
    for a in &ca.axes[..shown] {
        let _ = write!(header, "  {:>8}  {:>5}", format!("axis {}", a.axis), "cos2");
    }
    let _ = writeln!(s, "{}", header.trim_end());
    for g in &ca.groups {
        let mut line = pad(&shown_name(&g.group), group_width);
        for a in 0..shown {
            // `+ 0.0`: a coordinate that rounds to zero shows no sign.
            let x = (g.coordinates[a] * 1000.0).round() / 1000.0 + 0.0;
            let _ = write!(line, "  {:>8.3}  {:>5.2}", x, g.cos2[a]);
        }
        let _ = writeln!(s, "{}", line.trim_end());
    }
    if !placed.is_empty() {
        let _ = writeln!(s, "placed on the axes, taking no part in them:");
        for (name, p) in placed {
            let mut line = pad(&name, group_width);
            for a in 0..shown {
                let x = (p.coordinates[a] * 1000.0).round() / 1000.0 + 0.0;
                let _ = write!(line, "  {:>8.3}  {:>5.2}", x, p.cos2[a]);
            }
            let _ = writeln!(s, "{}", line.trim_end());
        }
    }
    // The points with no count have no profile, and no place: said, not
    // left out silently.
    if !unplaced.is_empty() {
        let names: Vec<String> = unplaced.into_iter().map(|(name, _)| name).collect();
        let _ = writeln!(
            s,
            "not placed (no passage of the theme, or none of the terms analysed): {}",
            names.join(", ")
        );
    }
    if paths > CA_TEXT_PATHS {
        let _ = writeln!(
            s,
            "{paths} points of the groups by period: in the JSON, and --format csv --table \
             ca-supplementary"
        );
    }
    if !ca.groups_left_out.is_empty() {
        let names: Vec<String> = ca.groups_left_out.iter().map(|g| shown_name(g)).collect();
        let _ = writeln!(s, "left out, no term analysed: {}", names.join(", "));
    }
    small_groups_hint(s, ca, groups, shown);
    for poles in ca.poles.iter().take(shown) {
        let side = |terms: &[parole::compare::CaPole]| -> String {
            let terms: Vec<&str> = terms
                .iter()
                .take(CA_TEXT_TERMS)
                .map(|t| t.display.as_str())
                .collect();
            match terms.is_empty() {
                true => "no term".to_string(),
                false => terms.join(", "),
            }
        };
        let _ = writeln!(
            s,
            "axis {a} -  {}\naxis {a} +  {}",
            side(&poles.negative),
            side(&poles.positive),
            a = poles.axis,
        );
    }
}

/// The passages of the group `name` (0 for none of that name).
fn passages_of(groups: &[parole::compare::GroupSummary], name: &str) -> u64 {
    groups
        .iter()
        .find(|g| g.name == name)
        .map_or(0, |g| g.passages)
}

/// Share of an axis's inertia from which a group of few passages is said
/// to make the axis on its own, in the text summary.
const AXIS_MADE_BY_ONE: f64 = 0.5;

/// Share of the passages under which a group is one of few passages, in
/// the text summary.
const FEW_PASSAGES: f64 = 0.05;

/// A line of the text summary when a group of few passages (under
/// [`FEW_PASSAGES`] of the groups' passages) makes more than
/// [`AXIS_MADE_BY_ONE`] of one of the first `shown` axes: such an axis
/// opposes that group to all the others, and `--ca-min-passages` places it
/// on the axes without its taking part in them.
fn small_groups_hint(
    s: &mut String,
    ca: &CorrespondenceAnalysis,
    groups: &[parole::compare::GroupSummary],
    shown: usize,
) {
    use std::fmt::Write;
    let all: u64 = ca
        .groups
        .iter()
        .map(|g| passages_of(groups, &g.group))
        .sum();
    let mut said = Vec::new();
    let mut most = 0;
    for g in &ca.groups {
        let n = passages_of(groups, &g.group);
        if (n as f64) >= FEW_PASSAGES * all as f64 {
            continue;
        }
        for (a, &c) in g.contributions.iter().take(shown).enumerate() {
            if c > AXIS_MADE_BY_ONE {
                said.push(format!(
                    "{} ({}) makes {:.0} % of axis {}",
                    shown_name(&g.group),
                    plural(n, "passage"),
                    c * 100.0,
                    a + 1
                ));
                most = most.max(n);
            }
        }
    }
    if !said.is_empty() {
        let _ = writeln!(
            s,
            "{}: --ca-min-passages {} places the groups of fewer passages on the axes without \
             their taking part in them",
            said.join(", "),
            most + 1
        );
    }
}

/// The cells of a point of the correspondence analysis on each axis given:
/// the axis, then its figure on the axis from each of `figures` (one per
/// axis each: coordinates, contributions, squared cosines); one row of
/// empty cells when there is no axis, so that the point's other cells are
/// still written.
fn axis_cells<const N: usize>(
    dialect: CsvDialect,
    figures: [&[f64]; N],
) -> Vec<(String, [String; N])> {
    let axes = figures[0].len();
    if axes == 0 {
        return vec![(String::new(), std::array::from_fn(|_| String::new()))];
    }
    (0..axes)
        .map(|a| {
            (
                (a + 1).to_string(),
                figures.map(|figure| dialect.float(figure[a])),
            )
        })
        .collect()
}

fn csv_table(
    dialect: CsvDialect,
    report: &CompareReport,
    table: Table,
) -> Result<Vec<u8>, csv::Error> {
    let mut w = dialect.table(Vec::new())?;
    match table {
        Table::Groups => {
            w.write_record(["group", "documents", "passages", "tokens", "content_tokens"])?;
            for g in &report.groups {
                w.write_record([
                    g.name.clone(),
                    g.documents.to_string(),
                    g.passages.to_string(),
                    g.tokens.to_string(),
                    g.content_tokens.to_string(),
                ])?;
            }
        }
        Table::Values => {
            w.write_record(["group", "value", "documents"])?;
            for g in &report.groups {
                for v in &g.values {
                    w.write_record([g.name.as_str(), v.value.as_str(), &v.documents.to_string()])?;
                }
            }
        }
        Table::Terms => {
            w.write_record(["group", "term", "count", "per_10k"])?;
            for g in &report.groups {
                for t in &g.terms {
                    w.write_record([
                        g.name.clone(),
                        t.term.clone(),
                        t.count.to_string(),
                        dialect.float(t.per_10k),
                    ])?;
                }
            }
        }
        Table::Themes => {
            w.write_record([
                "group",
                "theme",
                "passages",
                "group_passages",
                "share",
                "ci_low",
                "ci_high",
                "reference_share",
                "z",
                "p_value",
                "p_adjusted",
                "difference",
            ])?;
            for r in &report.theme_shares {
                w.write_record([
                    r.group.clone(),
                    r.theme.clone(),
                    r.passages.to_string(),
                    r.group_passages.to_string(),
                    dialect.float(r.share),
                    dialect.float(r.ci_low),
                    dialect.float(r.ci_high),
                    dialect.float(r.reference_share),
                    dialect.float(r.z),
                    dialect.float(r.p_value),
                    dialect.float(r.p_adjusted),
                    r.difference.clone(),
                ])?;
            }
        }
        Table::Keyness | Table::Ngrams => {
            let tables = if table == Table::Keyness {
                &report.keyness
            } else {
                &report.ngram_keyness
            };
            w.write_record([
                "group",
                "key",
                "display",
                "observed",
                "expected",
                "reference_count",
                "g2",
                "chi2",
                "log_ratio",
                "p_value",
                "p_adjusted",
            ])?;
            for t in tables {
                for r in &t.rows {
                    w.write_record([
                        t.group.clone(),
                        r.key.clone(),
                        r.display.clone(),
                        r.observed.to_string(),
                        dialect.float(r.expected),
                        r.reference_count.to_string(),
                        dialect.float(r.g2),
                        dialect.float(r.chi2),
                        dialect.float(r.log_ratio),
                        dialect.float(r.p_value),
                        dialect.float(r.p_adjusted),
                    ])?;
                }
            }
        }
        Table::Specificities => {
            w.write_record([
                "group",
                "key",
                "display",
                "count",
                "corpus_count",
                "specificity",
            ])?;
            for t in &report.specificities {
                for r in &t.rows {
                    w.write_record([
                        t.group.clone(),
                        r.key.clone(),
                        r.display.clone(),
                        r.count.to_string(),
                        r.corpus_count.to_string(),
                        dialect.float(r.specificity),
                    ])?;
                }
            }
        }
        Table::Series if report.group_series.is_some() => {
            w.write_record([
                "group", "period", "kind", "name", "count", "value", "ci_low", "ci_high",
            ])?;
            let series = report.group_series.as_ref().expect("checked");
            // The groups, then the whole corpus compared.
            for g in series.groups.iter().chain([&series.all]) {
                for (p, period) in series.periods.iter().enumerate() {
                    let mut row = |kind: &str, name: &str, count: u64, value: [String; 3]| {
                        let [value, low, high] = value;
                        w.write_record([
                            g.group.as_str(),
                            period,
                            kind,
                            name,
                            &count.to_string(),
                            &value,
                            &low,
                            &high,
                        ])
                    };
                    row("documents", "", g.documents[p], Default::default())?;
                    row("passages", "", g.passages[p], Default::default())?;
                    row(
                        "content_tokens",
                        "",
                        g.content_tokens[p],
                        Default::default(),
                    )?;
                    for t in &g.themes {
                        row(
                            "theme",
                            &t.theme,
                            t.passages[p],
                            theme_values(dialect, t, p),
                        )?;
                    }
                    for t in &g.terms {
                        let rate = [dialect.float(t.per_10k[p]), String::new(), String::new()];
                        row("term", &t.term, t.counts[p], rate)?;
                    }
                }
            }
        }
        Table::Series => {
            w.write_record([
                "period", "kind", "name", "count", "value", "ci_low", "ci_high",
            ])?;
            if let Some(series) = &report.time_series {
                for (p, period) in series.periods.iter().enumerate() {
                    for t in &series.themes {
                        let [value, low, high] = theme_values(dialect, t, p);
                        w.write_record([
                            period.clone(),
                            "theme".into(),
                            t.theme.clone(),
                            t.passages[p].to_string(),
                            value,
                            low,
                            high,
                        ])?;
                    }
                    for t in &series.terms {
                        w.write_record([
                            period.clone(),
                            "term".into(),
                            t.term.clone(),
                            t.counts[p].to_string(),
                            dialect.float(t.per_10k[p]),
                            String::new(),
                            String::new(),
                        ])?;
                    }
                }
            }
        }
        Table::Evidence => {
            w.write_record([
                "group", "theme", "rank", "id", "source", "passage", "start", "end", "speaker",
                "score", "text",
            ])?;
            for e in &report.evidence {
                for (rank, p) in e.passages.iter().enumerate() {
                    w.write_record([
                        e.group.clone(),
                        e.theme.clone(),
                        (rank + 1).to_string(),
                        p.id.clone(),
                        p.source.clone(),
                        p.passage.to_string(),
                        p.span[0].to_string(),
                        p.span[1].to_string(),
                        p.speaker.clone().unwrap_or_default(),
                        dialect.float(p.score),
                        p.text.clone(),
                    ])?;
                }
            }
        }
        Table::Entries => {
            w.write_record([
                "group",
                "theme",
                "entry",
                "matches",
                "passages",
                "share",
                "reference_matches",
                "reference_share",
                "theme_matches",
                "reference_theme_matches",
            ])?;
            for e in &report.theme_entries {
                for r in &e.rows {
                    w.write_record([
                        e.group.clone(),
                        e.theme.clone(),
                        r.entry.clone(),
                        r.matches.to_string(),
                        r.passages.to_string(),
                        dialect.float(r.share),
                        r.reference_matches.to_string(),
                        dialect.float(r.reference_share),
                        e.group_matches.to_string(),
                        e.reference_matches.to_string(),
                    ])?;
                }
            }
        }
        Table::CaAxes => {
            w.write_record(["axis", "eigenvalue", "share", "cumulative"])?;
            for a in report.correspondence.iter().flat_map(|ca| &ca.axes) {
                w.write_record([
                    a.axis.to_string(),
                    dialect.float(a.eigenvalue),
                    dialect.float(a.share),
                    dialect.float(a.cumulative),
                ])?;
            }
        }
        Table::CaGroups => {
            w.write_record([
                "group",
                "mass",
                "inertia",
                "axis",
                "coordinate",
                "contribution",
                "cos2",
            ])?;
            for g in report.correspondence.iter().flat_map(|ca| &ca.groups) {
                for (axis, [coordinate, contribution, cos2]) in
                    axis_cells(dialect, [&g.coordinates, &g.contributions, &g.cos2])
                {
                    w.write_record([
                        g.group.clone(),
                        dialect.float(g.mass),
                        dialect.float(g.inertia),
                        axis,
                        coordinate,
                        contribution,
                        cos2,
                    ])?;
                }
            }
        }
        Table::CaTerms => {
            w.write_record([
                "key",
                "display",
                "count",
                "mass",
                "inertia",
                "axis",
                "coordinate",
                "contribution",
                "cos2",
            ])?;
            for t in report.correspondence.iter().flat_map(|ca| &ca.terms) {
                for (axis, [coordinate, contribution, cos2]) in
                    axis_cells(dialect, [&t.coordinates, &t.contributions, &t.cos2])
                {
                    w.write_record([
                        t.key.clone(),
                        t.display.clone(),
                        t.count.to_string(),
                        dialect.float(t.mass),
                        dialect.float(t.inertia),
                        axis,
                        coordinate,
                        contribution,
                        cos2,
                    ])?;
                }
            }
        }
        Table::CaSupplementary => {
            w.write_record([
                "kind",
                "name",
                "period",
                "count",
                "axis",
                "coordinate",
                "cos2",
            ])?;
            for p in report
                .correspondence
                .iter()
                .flat_map(|ca| &ca.supplementary)
            {
                // No contributions: the point takes no part in the axes.
                for (axis, [coordinate, cos2]) in axis_cells(dialect, [&p.coordinates, &p.cos2]) {
                    w.write_record([
                        p.kind.clone(),
                        p.name.clone(),
                        p.period.clone().unwrap_or_default(),
                        p.count.to_string(),
                        axis,
                        coordinate,
                        cos2,
                    ])?;
                }
            }
        }
        Table::CaPoles => {
            w.write_record([
                "axis",
                "side",
                "rank",
                "key",
                "display",
                "coordinate",
                "contribution",
            ])?;
            for poles in report.correspondence.iter().flat_map(|ca| &ca.poles) {
                for (side, terms) in [("negative", &poles.negative), ("positive", &poles.positive)]
                {
                    for (rank, t) in terms.iter().enumerate() {
                        w.write_record([
                            poles.axis.to_string(),
                            side.to_string(),
                            (rank + 1).to_string(),
                            t.key.clone(),
                            t.display.clone(),
                            dialect.float(t.coordinate),
                            dialect.float(t.contribution),
                        ])?;
                    }
                }
            }
        }
    }
    w.into_inner().map_err(Into::into)
}
