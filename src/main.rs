//! The `parole` binary: parses arguments, runs the subcommand, turns the
//! outcome into a message on stderr and an exit status. All analysis lives
//! in the library.

mod cli;

use clap::Parser;

/// mimalloc: the analysis allocates many small, short-lived buffers on
/// several threads at once, where it is faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use cli::{Cli, Command, EXIT_ERROR, EXIT_OK};

/// Why a run did not complete.
#[derive(Debug)]
pub enum Failure {
    /// Loading inputs, stopwords or a lexicon failed.
    Parole(parole::Error),
    /// Options that do not work together.
    Usage(String),
    /// The report could not be written.
    Output(String),
    /// The reader of stdout went away: end quietly.
    BrokenPipe,
}

impl From<parole::Error> for Failure {
    fn from(e: parole::Error) -> Failure {
        Failure::Parole(e)
    }
}

fn main() {
    let cli = Cli::parse();
    cli::output::remove_temporary_files_on_interrupt();
    let result = match cli.command {
        Command::Analyze(args) => cli::analyze::run(args),
        Command::Themes(args) => cli::themes::run(args),
        Command::Eval(args) => cli::eval::run(args),
        Command::Compare(args) => cli::compare::run(args),
        Command::Kwic(args) => cli::kwic::run(args),
        Command::Train(args) => cli::train::run(args),
    };
    let code = match result {
        Ok(code) => code,
        Err(Failure::BrokenPipe) => EXIT_OK,
        Err(Failure::Parole(e)) => {
            message!("{e}");
            EXIT_ERROR
        }
        Err(Failure::Usage(m)) | Err(Failure::Output(m)) => {
            message!("{m}");
            EXIT_ERROR
        }
    };
    std::process::exit(code);
}
