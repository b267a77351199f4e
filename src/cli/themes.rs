//! `parole themes`: lists the themes of a lexicon (the built-in one, or
//! `--themes FILE`), or checks a lexicon file with `--check FILE` and reports
//! its first error with file, line and column, and on stderr the entries
//! that can never match as their author meant, or that another entry of
//! their theme hides where both match. The listing is an aligned
//! table (the columns of the CSV, a long description cut between words), a
//! versioned JSON object (`schema/themes.schema.json`) naming the lexicon,
//! or CSV.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use serde::Serialize;

use parole::report::LexiconInfo;
use parole::themes::{Lexicon, ThemeGroup};

use super::csv_dialect::{CsvDialect, ExcelArg};
use super::output::{cut_right, one_line, refuse_overwriting, write_with};
use super::{LexiconArgs, EXIT_OK};
use crate::Failure;

/// Characters of a theme's description shown by `--format text`.
const DESCRIPTION_CHARS: usize = 60;

/// Version of the JSON output of `parole themes`
/// (`schema/themes.schema.json`): the minor number grows when fields are
/// added. 1.1.0: the lexicon is the record of `parole analyze`'s
/// `config.lexicon`, with the ids of its `themes`.
pub const THEMES_SCHEMA_VERSION: &str = "1.1.0";

const EXAMPLES: &str = "\
Examples:
  parole themes
  parole themes --format json
  parole themes --format csv --excel -o themes.csv
  parole themes --check themes/fr.toml

Exit status: 0 the lexicon is valid; 2 it is not (the error names file, line and column).";

/// Output format of the listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// An aligned table: the columns of the CSV, the description cut
    /// between words to 60 characters (marked with …).
    Text,
    /// A JSON object: versions, the lexicon, then its themes.
    Json,
    /// CSV with a header row.
    Csv,
}

/// Arguments of `parole themes`.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct ThemesArgs {
    /// Stopwords and lexicon.
    #[command(flatten)]
    pub lexicon: LexiconArgs,
    /// Check this lexicon file and report its first error (file, line and column), or
    /// warn on stderr of the entries that cannot match as meant, then list its themes.
    #[arg(long, value_name = "FILE")]
    pub check: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, ignore_case = true, default_value = "text")]
    pub format: ListFormat,
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

/// The JSON of `parole themes` (`schema/themes.schema.json`): versions,
/// which lexicon (the record of every report, its `themes` the ids of the
/// listing), then its themes in lexicon order.
#[derive(Serialize)]
struct ThemesReport<'a> {
    schema_version: &'static str,
    parole_version: &'static str,
    lexicon: LexiconInfo,
    themes: Vec<ThemeRow<'a>>,
}

/// One theme of the listing: a JSON item, a CSV row, a line of the table.
#[derive(Serialize)]
struct ThemeRow<'a> {
    id: &'a str,
    label: &'a str,
    group: &'a str,
    threshold: f64,
    entries: usize,
    exclusions: usize,
    description: &'a str,
}

/// Runs `parole themes`.
pub fn run(mut args: ThemesArgs) -> Result<i32, Failure> {
    let dialect = args.excel.dialect(args.format == ListFormat::Csv)?;
    let mut option = "--themes";
    if let Some(path) = args.check.take() {
        if args.lexicon.themes.is_some() {
            return Err(Failure::Usage(
                "give either --check FILE or --themes FILE, not both".into(),
            ));
        }
        args.lexicon.themes = Some(path);
        option = "--check";
    }
    if let Some(out) = &args.output {
        let inputs: Vec<&Path> = [
            args.lexicon.stopwords.as_deref(),
            args.lexicon.themes.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect();
        refuse_overwriting(out, &inputs, "the listing")?;
    }
    let (analyzer, lexicon) = args.lexicon.load_as(option)?;
    if option == "--check" && !args.quiet {
        for warning in unaccented_entries(&analyzer, &lexicon) {
            crate::message!("warning: {warning}");
        }
        for theme in lexicon.themes() {
            for (entry, exclusion) in theme.excluded_entries() {
                crate::message!(
                    "warning: theme {}, entry {:?}: the exclusion {:?} cancels every match of \
                     it, so it never counts; remove the entry, or the exclusion",
                    theme.id,
                    entry.text,
                    exclusion.text
                );
            }
            for exclusion in theme.idle_exclusions() {
                crate::message!(
                    "warning: theme {}, exclusion {:?} (line {}): no entry of the theme has a \
                     word of it, so it cancels nothing; remove it, or move it to the theme \
                     whose entries it should cancel",
                    theme.id,
                    exclusion.text,
                    exclusion.line
                );
            }
            for overlap in theme.overlapping_entries(&analyzer) {
                crate::message!("warning: {}", overlap_warning(&theme.id, &overlap));
            }
            for entry in theme.stopword_entries() {
                crate::message!(
                    "warning: theme {}, entry {:?}: all its words are stopwords, so it \
                     matches them in every text, whatever it is about; write it with a word \
                     that carries the theme",
                    theme.id,
                    entry.text
                );
            }
        }
    }
    let rows = rows(&lexicon);
    let mut out = Vec::new();
    match args.format {
        ListFormat::Json => {
            let report = ThemesReport {
                schema_version: THEMES_SCHEMA_VERSION,
                parole_version: env!("CARGO_PKG_VERSION"),
                lexicon: LexiconInfo::of(&lexicon),
                themes: rows,
            };
            serde_json::to_writer_pretty(&mut out, &report)
                .map_err(|e| Failure::Output(e.to_string()))?;
            out.push(b'\n');
        }
        ListFormat::Csv => {
            out = csv_rows(dialect, &rows).map_err(|e| Failure::Output(e.to_string()))?;
        }
        ListFormat::Text => {
            write_text(&mut out, &rows).map_err(|e| Failure::Output(e.to_string()))?;
        }
    }
    write_with(args.output.as_deref(), |w| w.write_all(&out))?;
    Ok(EXIT_OK)
}

/// The entries (and exclusions) holding a word written without the accent
/// of an ending the stemmer cuts (`securite`): its key is not that of the
/// word with its accents, so it matches neither `sécurité` nor `SECURITE`.
fn unaccented_entries(analyzer: &parole::analyze::Analyzer, lexicon: &Lexicon) -> Vec<String> {
    let mut found = Vec::new();
    for theme in lexicon.themes() {
        for entry in theme.entries.iter().chain(&theme.exclusions) {
            for word in entry.text.split_whitespace() {
                if let Some(accented) = analyzer.accented_ending(word) {
                    found.push(format!(
                        "theme {}, entry {:?}: {word:?} is written without accents, and the \
                         stemmer reads its ending only with its accent, so it matches neither \
                         the word with its accents nor in capitals; write {accented:?}, or the \
                         word with all its accents",
                        theme.id, entry.text
                    ));
                }
            }
        }
    }
    found
}

/// What to say of two entries of theme `id` that match the same words: both
/// with their lines, which one counts where both match and why, what to do.
fn overlap_warning(id: &str, overlap: &parole::themes::Overlap) -> String {
    let (counted, hidden) = (overlap.counted, overlap.hidden);
    let (first, second) = match counted.line <= hidden.line {
        true => (counted, hidden),
        false => (hidden, counted),
    };
    let why = match counted.weight == hidden.weight {
        true => "of equal weights, the first in Unicode order",
        false => "the heavier",
    };
    format!(
        "theme {id}, entries {:?} (line {}) and {:?} (line {}): {:?} never counts, since \
         {:?} matches every word it does (both match {:?}) and a word counts for one entry of \
         its theme only, there {:?} ({why}); drop {:?}, or weigh it above {:?} if the words \
         it matches should count more",
        first.text,
        first.line,
        second.text,
        second.line,
        hidden.text,
        counted.text,
        overlap.words,
        counted.text,
        hidden.text,
        counted.text
    )
}

/// The listing as an aligned table: the columns of the CSV, the
/// description cut between words to [`DESCRIPTION_CHARS`].
fn write_text(out: &mut Vec<u8>, rows: &[ThemeRow]) -> std::io::Result<()> {
    let width = rows.iter().map(|r| r.id.len()).max().unwrap_or(2).max(2);
    let label_width = rows
        .iter()
        .map(|r| r.label.chars().count())
        .max()
        .unwrap_or(5)
        .max(5);
    let mut line = |cells: [&str; 7]| {
        let [id, label, group, threshold, entries, exclusions, description] = cells;
        let line = format!(
            "{id:width$}  {label:label_width$}  {group:8}  {threshold:>9}  {entries:>7}  \
             {exclusions:>10}  {description}"
        );
        writeln!(out, "{}", line.trim_end())
    };
    line(COLUMNS)?;
    for r in rows {
        line([
            r.id,
            r.label,
            r.group,
            &r.threshold.to_string(),
            &r.entries.to_string(),
            &r.exclusions.to_string(),
            &cut_right(&one_line(r.description), DESCRIPTION_CHARS),
        ])?;
    }
    Ok(())
}

/// The columns of the listing, in the text table and the CSV alike.
const COLUMNS: [&str; 7] = [
    "id",
    "label",
    "group",
    "threshold",
    "entries",
    "exclusions",
    "description",
];

fn rows(lexicon: &Lexicon) -> Vec<ThemeRow<'_>> {
    lexicon
        .themes()
        .iter()
        .map(|t| ThemeRow {
            id: &t.id,
            label: &t.label,
            group: match t.group {
                ThemeGroup::Core => "core",
                ThemeGroup::Extended => "extended",
            },
            threshold: t.threshold,
            entries: t.entries.len(),
            exclusions: t.exclusions.len(),
            description: &t.description,
        })
        .collect()
}

/// The listing as CSV: a header row, then one row per theme; the threshold
/// written as the numbers of the other CSV tables.
fn csv_rows(dialect: CsvDialect, rows: &[ThemeRow]) -> Result<Vec<u8>, csv::Error> {
    let mut w = dialect.table(Vec::new())?;
    w.write_record(COLUMNS)?;
    for r in rows {
        w.write_record([
            r.id.to_string(),
            r.label.to_string(),
            r.group.to_string(),
            dialect.float(r.threshold),
            r.entries.to_string(),
            r.exclusions.to_string(),
            r.description.to_string(),
        ])?;
    }
    w.into_inner().map_err(Into::into)
}
