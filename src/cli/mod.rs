//! The command line: clap arguments, their validation into a pipeline
//! [`Config`](parole::pipeline::Config), one module per subcommand, output
//! writing (stdout or an atomically written file) and the exit-code policy.
//! Data goes to stdout; messages go to stderr prefixed `parole:`.

pub mod analyze;
pub mod eval;
pub mod output;
pub mod themes;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// Exit status: success.
pub const EXIT_OK: i32 = 0;
/// Exit status: usage, configuration, input or output error; nothing written.
pub const EXIT_ERROR: i32 = 2;

const AFTER_HELP: &str = "\
Exit status: 0 success; 2 usage, configuration or output error (no report written).
Inputs that cannot be read are listed in the report's corpus.skipped and on stderr.

Examples:
  parole analyze corpus/ --pretty -o report.json
  parole themes
  parole themes --check my-lexicon.toml
  parole eval --gold labels.jsonl --format text";

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
    /// Analyse a corpus and write a JSON report of key terms and themes.
    Analyze(analyze::AnalyzeArgs),
    /// List the themes of a lexicon, or check a lexicon file.
    Themes(themes::ThemesArgs),
    /// Score theme assignment against hand-labelled passages.
    Eval(eval::EvalArgs),
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
    pub fn load(&self) -> parole::Result<(parole::analyze::Analyzer, parole::themes::Lexicon)> {
        use parole::analyze::{Analyzer, Stopwords};
        use parole::themes::Lexicon;
        let stopwords = match &self.stopwords {
            Some(path) => Stopwords::from_file(path)?,
            None => Stopwords::builtin(),
        };
        let analyzer = Analyzer::new(stopwords);
        let lexicon = match &self.themes {
            Some(path) => Lexicon::from_file(path, &analyzer)?,
            None => Lexicon::builtin(&analyzer),
        };
        Ok((analyzer, lexicon))
    }
}

/// Prints a message to stderr with the `parole:` prefix.
#[macro_export]
macro_rules! message {
    ($($arg:tt)*) => {
        eprintln!("parole: {}", format_args!($($arg)*))
    };
}
