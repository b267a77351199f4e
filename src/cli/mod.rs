//! The command line: clap arguments, their validation into a pipeline
//! [`Config`](parole::pipeline::Config), one module per subcommand, output
//! writing (stdout or an atomically written file) and the exit-code policy.
//! Data goes to stdout; messages go to stderr prefixed `parole:`.

pub mod analyze;
pub mod collocates;
pub mod compare;
pub mod csv_dialect;
pub mod eval;
pub mod kwic;
pub mod output;
pub mod plot;
pub mod themes;
pub mod train;

use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use parole::corpus::{Corpus, CorpusOptions, Document, Item, Skipped};
use parole::pipeline::Config;
use parole::segment::PassageMode;

use crate::Failure;

/// Documents analysed together, in parallel, before their results are
/// merged in input order: [`BATCH_PER_THREAD`] per thread of the pool,
/// within [`BATCH_MIN`]..=[`BATCH_MAX`]. Four batches are in memory at once
/// (one read ahead, one analysed, one merged and spilled, one being read),
/// and they are most of the memory a run takes. A larger batch is no faster
/// once each thread has a few dozen documents to share out, and the memory
/// it takes costs time: each page is new to the process and cleared by the
/// system (on 21 MB of AN questions with one thread, batches of 512 took
/// 190 MB and 20–25 % of the time went to clearing pages; batches of 128
/// take 145 MB, and 1 %).
pub fn batch_size() -> usize {
    (BATCH_PER_THREAD * rayon::current_num_threads()).clamp(BATCH_MIN, BATCH_MAX)
}

const BATCH_PER_THREAD: usize = 64;
const BATCH_MIN: usize = 128;
const BATCH_MAX: usize = 1024;

/// Documents in the first batch: the cores wait while it is read, so it is
/// small, and each batch after it is twice as large, up to [`batch_size`].
const FIRST_BATCH: usize = 16;

/// Skipped inputs named one by one on stderr; the rest are counted.
const SKIP_MESSAGES: usize = 20;

/// Exit status: success.
pub const EXIT_OK: i32 = 0;
/// Exit status: usage, configuration, input or output error; nothing written.
pub const EXIT_ERROR: i32 = 2;
/// Exit status: output written, but some inputs were skipped.
pub const EXIT_SKIPPED: i32 = 3;

const AFTER_HELP: &str = "\
Exit status: 0 success; 2 usage, configuration, input or output error (no report
written); 3 report written but some inputs were skipped (--allow-skipped makes it 0).
Inputs that cannot be read are listed in the report's corpus.skipped and on stderr.

Examples:
  parole analyze corpus/ --pretty -o report.json
  parole analyze corpus/ --format text
  parole compare corpus/ --by parti --format text
  parole kwic souveraineté corpus/ --format text
  parole collocates 'europ*' corpus/ --format text
  parole themes
  parole themes --check themes/fr.toml
  parole eval --gold ../shared/themes/dev_labels.jsonl --format text
  parole train --gold ../shared/themes/dev_labels.jsonl --out learned.toml --format text";

/// Analyses French political declarations: key terms, themes of every
/// passage with their evidence, JSON reports.
#[derive(Debug, Parser)]
#[command(name = "parole", version, about, after_help = AFTER_HELP)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Analyse a corpus and write a JSON report of key terms and themes (or CSV tables, or a
    /// summary to read).
    Analyze(analyze::AnalyzeArgs),
    /// List the themes of a lexicon, or check a lexicon file.
    Themes(themes::ThemesArgs),
    /// Score theme assignment against hand-labelled passages.
    Eval(eval::EvalArgs),
    /// Compare groups: theme shares, keyness, specificities, time series.
    Compare(compare::CompareArgs),
    /// Concordance: every occurrence of a word, prefix*, phrase or theme, in context.
    Kwic(kwic::KwicArgs),
    /// Collocates: the terms that come near a word, prefix*, phrase or theme more often than
    /// chance, with Lafon's specificity and G².
    Collocates(collocates::CollocatesArgs),
    /// Learn a theme lexicon from hand-labelled passages, with cross-validated scores.
    Train(train::TrainArgs),
}

/// Parses the command line, or exits with clap's message. An option given to
/// a subcommand that lacks it, while another has it (`analyze --by`), is
/// refused naming the subcommand that has it, rather than with the advice to
/// pass it as a value.
pub fn parse() -> Cli {
    Cli::try_parse().unwrap_or_else(|error| option_of_another_subcommand(error).exit())
}

fn option_of_another_subcommand(mut error: clap::Error) -> clap::Error {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    use clap::CommandFactory;
    if error.kind() != ErrorKind::UnknownArgument {
        return error;
    }
    let Some(ContextValue::String(arg)) = error.get(ContextKind::InvalidArg) else {
        return error;
    };
    let Some(long) = arg.strip_prefix("--") else {
        return error;
    };
    let long = long.split('=').next().unwrap_or(long).to_string();
    let command = Cli::command();
    let owners: Vec<String> = command
        .get_subcommands()
        .filter(|sub| sub.get_arguments().any(|a| a.get_long() == Some(&long)))
        .map(|sub| format!("`parole {}`", sub.get_name()))
        .collect();
    let Some((last, others)) = owners.split_last() else {
        return error;
    };
    let owners = match others {
        [] => last.clone(),
        _ => format!("{} and {last}", others.join(", ")),
    };
    let current = std::env::args_os().skip(1).find_map(|a| {
        command
            .find_subcommand(a.to_str()?)
            .map(|c| c.get_name().to_string())
    });
    let tip = match current {
        Some(current) => format!("--{long} is an option of {owners}, not of `parole {current}`"),
        None => format!("--{long} is an option of {owners}"),
    };
    error.insert(
        ContextKind::Suggested,
        ContextValue::StyledStrs(vec![tip.into()]),
    );
    error
}

/// Options shared by the commands that build an analyzer and a lexicon.
#[derive(Debug, clap::Args)]
pub struct LexiconArgs {
    /// Stopword list replacing the built-in one (one word per line, # comments).
    #[arg(long, value_name = "FILE")]
    pub stopwords: Option<PathBuf>,
    /// Theme lexicon replacing the built-in themes/fr.toml.
    #[arg(long, value_name = "FILE")]
    pub themes: Option<PathBuf>,
}

impl LexiconArgs {
    /// Loads the stopword list and the lexicon: every fatal error of these
    /// files happens here.
    pub fn load(&self) -> Result<(parole::analyze::Analyzer, parole::themes::Lexicon), Failure> {
        self.load_as("--themes")
    }

    /// [`LexiconArgs::load`], the lexicon file named by `option` in the
    /// message of a file that cannot be read (`--check` in `parole themes`).
    pub fn load_as(
        &self,
        option: &str,
    ) -> Result<(parole::analyze::Analyzer, parole::themes::Lexicon), Failure> {
        use parole::analyze::Analyzer;
        use parole::themes::Lexicon;
        let analyzer = Analyzer::new(stopwords(self.stopwords.as_deref())?);
        let lexicon = match &self.themes {
            Some(path) => Lexicon::from_file(path, &analyzer)
                .map_err(|e| unreadable(option, LEXICON_FILE, e))?,
            None => Lexicon::builtin(&analyzer),
        };
        Ok((analyzer, lexicon))
    }
}

/// The stopword list of `--stopwords FILE`, or the built-in one.
pub fn stopwords(path: Option<&std::path::Path>) -> Result<parole::analyze::Stopwords, Failure> {
    use parole::analyze::Stopwords;
    match path {
        Some(path) => {
            Stopwords::from_file(path).map_err(|e| unreadable("--stopwords", STOPWORDS_FILE, e))
        }
        None => Ok(Stopwords::builtin()),
    }
}

/// What a `--stopwords` file holds, for the message of one that cannot be read.
pub const STOPWORDS_FILE: &str =
    "a stopword list: UTF-8 text, one word per line, # starting a comment";

/// What a lexicon file holds, for the message of one that cannot be read.
pub const LEXICON_FILE: &str =
    "a theme lexicon: TOML, as themes/fr.toml (parole themes --check FILE checks one)";

/// What a gold file holds, for the message of one that cannot be read.
pub const GOLD_FILE: &str =
    "hand-labelled passages: JSON Lines, one {\"id\", \"text\", \"themes\": [...]} per line";

/// The error of a file named by `option` that cannot be opened or read:
/// the option, the file, why, and what the file should hold (`holds`), so
/// that a mistyped path is told from a file of the wrong kind. Errors in
/// the file's content, which name its line, are kept as they are.
pub fn unreadable(option: &str, holds: &str, error: parole::Error) -> Failure {
    match error.kind() {
        parole::ErrorKind::Io { path, source } => Failure::Usage(format!(
            "{option} {}: cannot read the file ({source}); give {holds}",
            path.display()
        )),
        _ => error.into(),
    }
}

/// How the corpus was read, in the JSON of `parole kwic` and `parole
/// collocates`: the passage mode, the stopword list and the lexicon (its
/// themes after `--only-themes`), which decide what a query finds, as
/// `parole analyze` records them in `config`. Flattened into each report,
/// where its fields come one after the other.
#[derive(Debug, serde::Serialize)]
pub struct AnalysisInfo {
    passage: PassageMode,
    stopwords: parole::report::StopwordsInfo,
    lexicon: parole::report::LexiconInfo,
}

impl AnalysisInfo {
    /// The record of `config`.
    pub fn of(config: &Config) -> AnalysisInfo {
        AnalysisInfo {
            passage: config.passage,
            stopwords: parole::report::StopwordsInfo::of(config.analyzer.stopwords()),
            lexicon: parole::report::LexiconInfo::of(&config.lexicon),
        }
    }
}

/// Passage mode as a command-line value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
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

/// Reading and analysis options shared by `analyze`, `compare`, `kwic` and
/// `collocates`, so that they read and analyse a corpus the same way.
#[derive(Debug, clap::Args)]
pub struct AnalysisArgs {
    /// How documents are cut into passages.
    #[arg(long, value_enum, ignore_case = true, default_value = "paragraph")]
    pub passage: PassageArg,
    /// Field holding the text, in JSONL and CSV inputs; in JSONL, several
    /// fields (a,b) are joined in order, separated by a blank line. A field
    /// that no line of a file has (or no column) is an error.
    #[arg(long, default_value = "text", value_name = "NAME")]
    pub text_field: String,
    /// Field holding the document id, in JSONL and CSV inputs and the star
    /// lines of an Iramuteq corpus (default: id where a record has it, else
    /// FILE:LINE). A field named here that no line of a file has (or no
    /// column, or no star line) is an error.
    #[arg(long, value_name = "NAME")]
    pub id_field: Option<String>,
    /// Stopwords and lexicon.
    #[command(flatten)]
    pub lexicon: LexiconArgs,
    /// Keep only these themes of the lexicon (comma-separated ids).
    #[arg(long, value_delimiter = ',', value_parser = list_item, value_name = "IDS")]
    pub only_themes: Vec<String>,
    /// Analyse only the passages assigned this theme (an id of the lexicon): the terms,
    /// n-grams, keyness, theme shares and concordance lines of what is said where the theme
    /// is spoken of. The other passages are left out as if absent.
    #[arg(long, value_name = "ID")]
    pub within_theme: Option<String>,
    /// Worker threads (default: all cores; at most 1024). Output is the same for any
    /// value.
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = threads)]
    pub threads: Option<usize>,
    /// No progress, warnings or notes on stderr (skipped inputs included); errors are still
    /// written.
    #[arg(short, long)]
    pub quiet: bool,
    /// Exit with status 0 rather than 3 when some inputs were skipped.
    #[arg(long)]
    pub allow_skipped: bool,
    /// Encoding of inputs without a byte-order mark (e.g. windows-1252,
    /// iso-8859-15, utf-8); default: UTF-8, else windows-1252 with a warning
    /// (UTF-8 with a few invalid bytes stays UTF-8, those replaced with U+FFFD).
    #[arg(long, value_name = "NAME", value_parser = parse_encoding)]
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// CSV field separator (default: detected from the header among , ; and tab).
    #[arg(long, value_name = "CHAR", value_parser = parse_delimiter)]
    pub delimiter: Option<u8>,
    /// Follow symbolic links inside folders (loops are detected and skipped;
    /// a file reached twice is read once, the other path skipped).
    #[arg(long)]
    pub follow_links: bool,
    /// Skip documents larger than N bytes, with a reason.
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = at_least(0u64))]
    pub max_document_bytes: Option<u64>,
    /// Keep only the documents whose metadata FIELD is VALUE (or, with !=, is not), as
    /// written, or is within a bound: FIELD>=2022-01, FIELD<2023, FIELD<=15 (dates compared
    /// to the bound's precision, and numbers); repeatable: values of one field are
    /// alternatives, bounds of one field and all fields must hold.
    #[arg(long = "where", value_name = "FIELD=VALUE")]
    pub conditions: Vec<String>,
}

/// An item of a comma-separated list option, without the spaces around
/// it: `--terms "souveraineté, climat"` is `souveraineté` and `climat`,
/// as a reader of the command means. An empty item (`a,,b`, `a,`) is an
/// error rather than a search for nothing.
pub fn list_item(item: &str) -> Result<String, String> {
    match item.trim() {
        "" => Err(
            "an empty item in the comma-separated list (two commas in a row, or one \
                   at an end); separate the items with one comma"
                .into(),
        ),
        item => Ok(item.to_string()),
    }
}

/// A value parser of whole numbers of at least `min`. Numeric options take
/// negative numbers as values (`allow_negative_numbers`), so that
/// `--window -1` is refused with the range, not read as an unknown option.
pub fn at_least<T>(min: T) -> impl Fn(&str) -> Result<T, String> + Clone + Send + Sync + 'static
where
    T: std::str::FromStr + PartialOrd + std::fmt::Display + Copy + Send + Sync + 'static,
{
    move |value| match value.parse::<T>() {
        Ok(n) if n >= min => Ok(n),
        // A whole number too large for the option (`--top 99999999999999999999`).
        Err(_) if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
            Err(format!("the value {value} is too large for this option"))
        }
        _ => Err(format!("the value must be a whole number, {min} or more")),
    }
}

/// The most worker threads: more only adds threads that wait (a value
/// such as 100000 would start that many and bring the machine down).
pub const MAX_THREADS: u64 = 1024;

/// A number of worker threads, from 1 to [`MAX_THREADS`].
fn threads(value: &str) -> Result<usize, String> {
    whole_number_in(1..=MAX_THREADS, "more threads than cores only wait", value).map(|n| n as usize)
}

/// Largest seed: the largest integer a JSON reader that holds numbers as
/// doubles (JavaScript, `jq`) reads exactly, so that the seed a report
/// gives reproduces it.
pub const MAX_SEED: u64 = (1 << 53) - 1;

/// A seed, from 0 to [`MAX_SEED`].
pub fn seed(value: &str) -> Result<u64, String> {
    whole_number_in(
        0..=MAX_SEED,
        "2^53 - 1, the largest a JSON reader keeps exact",
        value,
    )
}

/// `value` as a whole number within `range`; the error gives the range and
/// `note` on it, in brackets.
pub fn whole_number_in(
    range: std::ops::RangeInclusive<u64>,
    note: &str,
    value: &str,
) -> Result<u64, String> {
    match value.parse::<u64>() {
        Ok(n) if range.contains(&n) => Ok(n),
        _ => Err(format!(
            "the value must be a whole number from {} to {} ({note})",
            range.start(),
            range.end()
        )),
    }
}

fn parse_encoding(name: &str) -> Result<&'static encoding_rs::Encoding, String> {
    match encoding_rs::Encoding::for_label(name.as_bytes()) {
        // The WHATWG labels of ISO-2022-KR, HZ and ISO-2022-CN name the
        // "replacement" encoding, which decodes any text to one U+FFFD:
        // every document would be read as nothing.
        Some(encoding) if encoding == encoding_rs::REPLACEMENT => Err(format!(
            "{name:?} is an encoding that cannot be decoded (a WHATWG label of the replacement encoding, which reads any text as one U+FFFD); convert the files to UTF-8 (iconv -f {name} -t UTF-8)"
        )),
        Some(encoding) => Ok(encoding),
        None => Err(format!("unknown encoding {name:?}; use a WHATWG label such as utf-8, windows-1252, iso-8859-15, utf-16le")),
    }
}

fn parse_delimiter(value: &str) -> Result<u8, String> {
    match value {
        "\\t" | "tab" => Ok(b'\t'),
        v if v.len() == 1 && v.is_ascii() => Ok(v.as_bytes()[0]),
        v => Err(format!(
            "--delimiter takes one ASCII character (or tab), not {v:?}"
        )),
    }
}

impl AnalysisArgs {
    /// How the corpus is read.
    pub fn corpus_options(&self) -> CorpusOptions {
        CorpusOptions {
            text_field: self.text_field.clone(),
            id_field: self.id_field.clone(),
            encoding: self.encoding,
            delimiter: self.delimiter,
            follow_links: self.follow_links,
            max_document_bytes: self.max_document_bytes,
            conditions: self.conditions.clone(),
        }
    }

    /// The validated pipeline configuration: stopwords, lexicon (restricted
    /// to `--only-themes`), passage mode, table sizes and `--within-theme`.
    pub fn config(&self, top: usize, min_ngram_count: u64) -> Result<Config, Failure> {
        let mut config = self.config_all_themes(top, min_ngram_count)?;
        self.restrict_themes(&mut config)?;
        Ok(config)
    }

    /// [`AnalysisArgs::config`] with every theme of the lexicon and no
    /// `--within-theme`, for a caller that must know the themes
    /// `--only-themes` leaves out ([`AnalysisArgs::restrict_themes`] does
    /// the rest).
    pub fn config_all_themes(&self, top: usize, min_ngram_count: u64) -> Result<Config, Failure> {
        let (analyzer, lexicon) = self.lexicon.load()?;
        Ok(Config {
            analyzer,
            lexicon,
            passage: self.passage.into(),
            top,
            min_ngram_count,
            within_theme: None,
        })
    }

    /// Keeps the themes of `--only-themes` (all without it), and the
    /// passages of the theme of `--within-theme`; an unknown id is an
    /// error that lists the lexicon's.
    pub fn restrict_themes(&self, config: &mut Config) -> Result<(), Failure> {
        // The id of --within-theme is looked for in the whole lexicon
        // first: a misspelt one is no theme that --only-themes left out.
        if let Some(id) = &self.within_theme {
            let themes = config.lexicon.themes();
            if !themes.iter().any(|t| &t.id == id) {
                let known: Vec<&str> = themes.iter().map(|t| t.id.as_str()).collect();
                return Err(Failure::Usage(format!(
                    "--within-theme {id}: the lexicon has no such theme{}; its themes are {} \
                     (`parole themes` describes them)",
                    config
                        .lexicon
                        .closest_id(id)
                        .map_or(String::new(), |k| format!(" (did you mean {k}?)")),
                    known.join(", ")
                )));
            }
        }
        if !self.only_themes.is_empty() {
            config
                .lexicon
                .retain(&self.only_themes)
                .map_err(|e| Failure::Usage(format!("--only-themes: {e}")))?;
        }
        let Some(id) = &self.within_theme else {
            return Ok(());
        };
        config.within_theme = config.lexicon.themes().iter().position(|t| &t.id == id);
        match config.within_theme {
            Some(_) => Ok(()),
            None => Err(Failure::Usage(format!(
                "--within-theme {id}: --only-themes {} leaves that theme out; add {id} to \
                 --only-themes, or drop that option",
                self.only_themes.join(",")
            ))),
        }
    }

    /// The worker threads.
    pub fn pool(&self) -> Result<rayon::ThreadPool, Failure> {
        if self.threads == Some(0) {
            return Err(Failure::Usage("--threads must be at least 1".into()));
        }
        let mut builder = rayon::ThreadPoolBuilder::new();
        if let Some(n) = self.threads {
            builder = builder.num_threads(n);
        }
        builder
            .build()
            .map_err(|e| Failure::Usage(format!("cannot start worker threads: {e}")))
    }

    /// Refuses an output file that is one of the inputs (documents, the
    /// stopword list or the lexicon), or that a later run on the same inputs
    /// would read as a document.
    pub fn check_output(
        &self,
        output: Option<&std::path::Path>,
        inputs: &[PathBuf],
    ) -> Result<(), Failure> {
        let Some(output) = output else { return Ok(()) };
        let Some(target) = output::written_target(output) else {
            // The output cannot be opened (its folder is missing, say):
            // opening it says why, before the corpus is read.
            return match output::Output::open(Some(output)) {
                Ok(out) => {
                    out.abandon();
                    Ok(())
                }
                Err(e) => Err(output::write_failure(Some(output), e)),
            };
        };
        let lexicon_files = [
            (&self.lexicon.stopwords, "--stopwords"),
            (&self.lexicon.themes, "--themes"),
        ];
        for (file, option) in lexicon_files {
            if file
                .as_ref()
                .and_then(|f| f.canonicalize().ok())
                .is_some_and(|f| f == target)
            {
                return Err(Failure::Usage(format!(
                    "refusing to write the report to {}: it is the {option} file; choose another file",
                    output.display()
                )));
            }
        }
        for input in inputs.iter().filter(|p| p.as_os_str() != "-") {
            let Ok(input) = input.canonicalize() else {
                continue;
            };
            if input == target {
                return Err(Failure::Usage(format!(
                    "refusing to write the report to {}: it is an input; choose another file",
                    output.display()
                )));
            }
            // Any file in an input folder is read by the next run on it, or
            // listed as skipped (exit status 3).
            if input.is_dir() && parole::corpus::walks_to(&input, &target) {
                return Err(Failure::Usage(format!(
                    "refusing to write the report to {}: it is inside the input folder {}, and the next run on that folder would read it; write it outside the folder",
                    output.display(),
                    input.display()
                )));
            }
        }
        Ok(())
    }

    /// Exit status once the output is written: 3 when inputs were skipped,
    /// unless `--allow-skipped`.
    pub fn exit_status(&self, skipped: usize) -> i32 {
        if skipped > 0 && !self.allow_skipped {
            EXIT_SKIPPED
        } else {
            EXIT_OK
        }
    }
}

/// Prints a message to stderr with the `parole:` prefix. A stderr that
/// cannot be written (its reader went away: `parole … 2>&1 | head`) loses
/// the message, as a closed stdout ends the output quietly; `eprintln!`
/// would panic there, and the run end with status 101.
#[macro_export]
macro_rules! message {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock(), "parole: {}", format_args!($($arg)*));
    }};
}

/// Reads `corpus` in batches, maps each document with `map` in parallel,
/// and calls `each` on the results in input order. Skipped units are
/// returned in input order and, unless `quiet_skips`, named on stderr (the
/// first twenty, then a count). A progress line shows on stderr when it is a
/// terminal, unless `quiet`. An error that ends the reading (a text field
/// that no line of a file has) is returned once the batches before it are
/// analysed, and the last of them is not handed to `each`.
pub fn for_each_document<T: Send>(
    corpus: Corpus,
    quiet: bool,
    quiet_skips: bool,
    map: impl Fn(&Document) -> T + Sync,
    mut each: impl FnMut(T) -> Result<(), Failure> + Send,
) -> Result<Reading, Failure> {
    for_each_batch(corpus, quiet, quiet_skips, map, |batch| {
        batch.into_iter().try_for_each(&mut each)
    })
}

/// [`for_each_document`], handing the mapped documents over a batch at a
/// time (in input order), so that the caller can merge them in parallel.
/// The `{rate}` key of a progress line: documents per second as a whole
/// number (`2576/s`), where indicatif's `{per_sec}` writes four decimals
/// (`16,480.2887/s`).
pub(crate) fn with_rate(style: ProgressStyle) -> ProgressStyle {
    style.with_key(
        "rate",
        |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
            let _ = w.write_str(&rate(state.per_sec()));
        },
    )
}

/// Documents per second as the progress line writes them.
fn rate(per_sec: f64) -> String {
    format!("{per_sec:.0}/s")
}

/// A reader thread reads and decodes the next batch while this one is
/// analysed: reading is not left to one core while the others wait.
pub fn for_each_batch<T: Send>(
    mut corpus: Corpus,
    quiet: bool,
    quiet_skips: bool,
    map: impl Fn(&Document) -> T + Sync,
    mut each: impl FnMut(Vec<T>) -> Result<(), Failure> + Send,
) -> Result<Reading, Failure> {
    let bar = if quiet {
        ProgressBar::hidden()
    } else {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {human_pos} documents analysed ({rate}) {msg}")
                .map(with_rate)
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar
    };
    let (file_count, read_names) = (corpus.file_count(), corpus.read_names().to_vec());
    let mut skipped = Vec::new();
    let mut warnings = 0usize;
    // Ids seen, to tell when one comes again (outputs name documents by
    // id), kept as 64-bit hashes: 16 bytes or so a document, not its id.
    let mut ids: rustc_hash::FxHashSet<u64> = Default::default();
    let id_hash = |id: &str| {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::hash::DefaultHasher::new();
        id.hash(&mut hasher);
        hasher.finish()
    };
    let mut repeated: Option<(usize, String, String)> = None;
    std::thread::scope(|scope| {
        // One batch read ahead, one analysed, one merged: memory stays
        // bounded by a few batches (see `batch_size`).
        let (sender, batches) = std::sync::mpsc::sync_channel::<Vec<Item>>(1);
        let batch_size = batch_size();
        // Ends with the units seen, and the error that ended the reading, if any.
        let reader = scope.spawn(move || {
            let mut size = FIRST_BATCH;
            loop {
                let mut batch: Vec<Item> = Vec::with_capacity(size);
                let mut failure = None;
                for item in corpus.by_ref().take(size) {
                    match item {
                        Ok(item) => batch.push(item),
                        Err(error) => {
                            failure = Some(error);
                            break;
                        }
                    }
                }
                let end = batch.is_empty() || failure.is_some();
                if end || sender.send(batch).is_err() {
                    return (corpus.units_seen(), corpus.conditions(), failure);
                }
                size = (size * 2).min(batch_size);
            }
        });
        // The results of one batch are handed to `each` while the next
        // batch is analysed: merging and writing overlap with analysis.
        let mut pending: Option<Vec<T>> = None;
        for batch in batches.iter() {
            type Warned<T> = (T, String, String, Vec<String>);
            let (results, handed): (Vec<Result<Warned<T>, Skipped>>, _) = rayon::join(
                || {
                    batch
                        .into_par_iter()
                        .map(|item| match item {
                            Item::Document(doc) => {
                                Ok((map(&doc), doc.id, doc.source, doc.warnings))
                            }
                            Item::Skipped(s) => Err(s),
                        })
                        .collect()
                },
                || pending.take().map_or(Ok(()), &mut each),
            );
            // On an error the receiver is dropped, which stops the reader.
            handed?;
            let mut values = Vec::with_capacity(results.len());
            for result in results {
                match result {
                    Ok((value, id, source, doc_warnings)) => {
                        if !ids.insert(id_hash(&id)) {
                            let first = repeated.get_or_insert_with(|| (0, id, source.clone()));
                            first.0 += 1;
                        }
                        for w in doc_warnings {
                            if !quiet_skips && warnings < SKIP_MESSAGES {
                                bar.suspend(|| crate::message!("warning: {source}: {w}"));
                            }
                            warnings += 1;
                        }
                        values.push(value);
                    }
                    Err(s) => {
                        if !quiet_skips && skipped.len() < SKIP_MESSAGES {
                            bar.suspend(|| crate::message!("skipped {}: {}", s.source, s.reason));
                        }
                        skipped.push(s);
                    }
                }
            }
            bar.inc(values.len() as u64);
            pending = Some(values);
        }
        drop(batches);
        // The reader has ended (the batches are all received): an error
        // it met ends the run before the last batch is handed on, so that
        // less of an output that will be incomplete is written.
        let (units_seen, conditions, failure) = reader
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        if let Some(error) = failure {
            bar.finish_and_clear();
            return Err(error.into());
        }
        if let Some(values) = pending {
            each(values)?;
        }
        bar.finish_and_clear();
        if units_seen == 0 {
            return Err(Failure::Usage(no_document(file_count, &read_names)));
        }
        if !quiet_skips && skipped.len() > SKIP_MESSAGES {
            crate::message!(
                "{} inputs skipped in all ({} not shown above); the report lists each",
                skipped.len(),
                skipped.len() - SKIP_MESSAGES
            );
        }
        if let Some((count, id, source)) = repeated.filter(|_| !quiet_skips) {
            crate::message!(
                "warning: {} the id of an earlier one (first: {id:?} again at {source}); outputs name documents by id, so give --id-field a field whose values are unique (without an `id` field or --id-field, documents are named FILE:LINE)",
                parole::error::plural_has(count as u64, "document")
            );
        }
        if !quiet_skips && warnings > SKIP_MESSAGES {
            crate::message!(
                "{warnings} warnings in all ({} not shown above); the report lists each with its document",
                warnings - SKIP_MESSAGES
            );
        }
        Ok(Reading {
            units_seen,
            conditions,
            skipped,
        })
    })
}

/// The message of a run whose inputs hold no document. With no file to
/// read, an empty folder or a folder of other files: most likely the wrong
/// path, which an empty report would hide. With files read, tables without
/// a record: a CSV file with only its header, an empty JSONL file or stdin.
fn no_document(file_count: usize, read_names: &[String]) -> String {
    if file_count == 0 {
        return "no document in the inputs: folders are searched for .txt, .md, .jsonl and .csv files (README, LICENSE and hidden files are not documents), and - reads JSONL from stdin; check the paths".into();
    }
    let mut read = read_names.join(", ");
    if file_count > read_names.len() {
        read += &format!(" and {} more", file_count - read_names.len());
    }
    let (files, hold) = match file_count {
        1 => ("input", "holds"),
        _ => ("inputs", "hold"),
    };
    format!(
        "no document in the inputs: the {files} read ({read}) {hold} no record (a CSV file with only its header row, an empty JSONL file or stdin); check the files"
    )
}

/// What reading a corpus left besides the documents.
#[derive(Debug, Default)]
pub struct Reading {
    /// Input units seen: every document (kept or left out by `--where`)
    /// and every skipped unit.
    pub units_seen: u64,
    /// The conditions of `--where`, with what they saw: see
    /// [`Reading::check_conditions`].
    pub conditions: Option<(parole::corpus::Filter, parole::corpus::FilterTally)>,
    /// Skipped units, in input order.
    pub skipped: Vec<Skipped>,
}

impl Reading {
    /// Documents left out by `--where`.
    pub fn left_out(&self) -> u64 {
        self.conditions
            .as_ref()
            .map_or(0, |(_, tally)| tally.left_out)
    }

    /// Adds the reading of further inputs, read after these, whose
    /// conditions are checked with these as one corpus.
    pub fn merge(&mut self, other: Reading) {
        self.units_seen += other.units_seen;
        self.skipped.extend(other.skipped);
        if let Some((filter, tally)) = other.conditions {
            match &mut self.conditions {
                Some((_, ours)) => ours.merge(tally),
                None => self.conditions = Some((filter, tally)),
            }
        }
    }

    /// The check of the `--where` conditions once the corpus is read: an
    /// error when a field they name is in no document, or when documents
    /// were read and none was kept; unless `quiet`, the documents a bound
    /// could not be compared with are counted on stderr.
    pub fn check_conditions(&self, quiet: bool) -> parole::Result<()> {
        let Some((filter, tally)) = &self.conditions else {
            return Ok(());
        };
        filter.check(tally)?;
        for note in filter.notes(tally).into_iter().filter(|_| !quiet) {
            crate::message!("{note}");
        }
        Ok(())
    }
}

/// Where temporary files go: next to the output `-o`, which needs about as
/// much room, or in the system's temporary folder when writing to stdout.
pub(crate) fn spill_dir(output: Option<&Path>) -> Option<&Path> {
    output.map(|p| match p.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    })
}

/// A new anonymous temporary file in `dir` (see [`spill_dir`]), which the
/// system removes whatever happens to the process.
pub(crate) fn temp_file(dir: Option<&Path>) -> std::io::Result<std::fs::File> {
    match dir {
        Some(dir) => tempfile::tempfile_in(dir),
        None => tempfile::tempfile(),
    }
}

/// The failure to use a temporary file in `dir` (see [`spill_dir`]), where
/// `what` waits until the corpus is read.
pub(crate) fn temp_failure(dir: Option<&Path>, what: &str, e: std::io::Error) -> Failure {
    let dir = dir.map_or_else(std::env::temp_dir, Path::to_path_buf);
    Failure::Output(format!(
        "cannot use a temporary file in {}: {e}; {what} waits there until the corpus \
         is read (about the size of the output): free some room, or set TMPDIR (or -o) \
         to a disk that has it",
        dir.display()
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn progress_rate_is_a_whole_number_of_documents_per_second() {
        assert_eq!(super::rate(16480.2887), "16480/s");
        assert_eq!(super::rate(0.4), "0/s");
    }
}
