//! The `parole` binary: parses arguments, runs the subcommand, turns the
//! outcome into a message on stderr and an exit status. All analysis lives
//! in the library.

mod cli;

/// mimalloc: the analysis allocates many small, short-lived buffers on
/// several threads at once, where it is faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `purge_delay` option (its index in mimalloc 3's `mi_option_t`;
/// a test checks that it is the option whose default is 1,000 ms).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Keeps the memory the analysis frees for the batches that follow. By
/// default mimalloc gives freed pages back to the system after a second,
/// and the batches after that take them again: with transparent huge
/// pages each such fault clears 2 MiB, which took 10–25 % of a run's time.
/// Peak memory is unchanged (the batches reuse what the first ones took).
fn keep_freed_memory() {
    // SAFETY: a plain setter of an allocator option, called first thing in
    // `main`, before any other thread exists.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) }
}

/// Turns transparent huge pages off for the process. mimalloc asks the
/// kernel for them on its arenas, and the first touch of a 2 MiB region
/// then clears all of it, though a run's memory only partly fills those
/// pages. With 4 KiB pages a one-thread run on the 23 MB of questions to
/// the government peaks at 98 MB instead of 119 (108 instead of 134 on 94
/// MB); its time is the same when page faults are cheap (median of twelve
/// alternating runs, 1.125 → 1.095 s) and 11–15 % shorter in the spells
/// when they are not; page clearing falls from 24–42 % of a profile to
/// 2 % (benches/README.md, "Fresh pages"). Failing (an old kernel) leaves
/// the default.
fn small_pages_only() {
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
}

use cli::{Command, EXIT_ERROR, EXIT_OK};

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
    small_pages_only();
    keep_freed_memory();
    let cli = cli::parse();
    cli::output::remove_temporary_files_on_interrupt();
    let result = match cli.command {
        Command::Analyze(mut args) => {
            args.output = cli::output::dash_is_stdout(args.output);
            cli::analyze::run(args)
        }
        Command::Themes(mut args) => {
            args.output = cli::output::dash_is_stdout(args.output);
            cli::themes::run(args)
        }
        Command::Eval(mut args) => {
            args.output = cli::output::dash_is_stdout(args.output);
            cli::eval::run(args)
        }
        Command::Compare(mut args) => {
            args.output = cli::output::dash_is_stdout(args.output);
            cli::compare::run(args)
        }
        Command::Kwic(mut args) => {
            args.output = cli::output::dash_is_stdout(args.output);
            cli::kwic::run(args)
        }
        Command::Collocates(mut args) => {
            args.output = cli::output::dash_is_stdout(args.output);
            cli::collocates::run(args)
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_os = "linux")]
    #[test]
    fn transparent_huge_pages_are_turned_off() {
        small_pages_only();
        assert_eq!(
            rustix::thread::transparent_huge_pages_are_disabled().ok(),
            Some(true)
        );
    }

    #[test]
    fn the_purge_delay_option_is_the_one_set() {
        // SAFETY: reading and setting an allocator option; the other tests
        // of this binary do not touch allocator options.
        unsafe {
            if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
                assert_eq!(libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY), 1000);
            }
            keep_freed_memory();
            assert_eq!(libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY), -1);
        }
    }
}
