//! What every integration test needs: the repository root, the real
//! `parole` binary run from there, and `../shared` when it is present.
// Each test module uses its own subset of these helpers.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Output};

/// The repository root (tests run the binary from there).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `parole` binary, to run from the repository root.
pub fn parole() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_parole"));
    command.current_dir(root());
    command
}

/// Runs parole with `args` from the repository root.
pub fn run(args: &[&str]) -> Output {
    parole()
        .args(args)
        .output()
        .expect("the parole binary runs")
}

/// Runs parole, which must succeed, and returns its stdout.
#[track_caller]
pub fn run_ok(args: &[&str]) -> Vec<u8> {
    let out = run(args);
    assert!(
        out.status.success(),
        "parole {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Runs parole with `input` on its stdin; also says whether writing the
/// input succeeded.
fn run_feeding(args: &[&str], input: &[u8]) -> (std::io::Result<()>, Output) {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = parole()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the parole binary runs");
    // Dropped at the end of the statement: stdin is closed.
    let written = child.stdin.take().expect("stdin is piped").write_all(input);
    (written, child.wait_with_output().expect("parole ends"))
}

/// Runs parole with `input` on its stdin. parole may refuse its arguments
/// before reading: a closed pipe is fine.
pub fn run_with_stdin(args: &[&str], input: &[u8]) -> Output {
    run_feeding(args, input).1
}

/// Runs parole with `input` on its stdin; it must read it and succeed.
/// Returns stdout.
#[track_caller]
pub fn run_ok_with_stdin(args: &[&str], input: &[u8]) -> Vec<u8> {
    let (written, out) = run_feeding(args, input);
    written.expect("parole reads its stdin");
    assert!(
        out.status.success(),
        "parole {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// `../shared`, or `None` with a printed notice when it is absent.
pub fn shared() -> Option<PathBuf> {
    let path = root().join("../shared");
    if path.is_dir() {
        Some(path)
    } else {
        eprintln!("notice: ../shared is absent; skipping the test that reads it");
        None
    }
}

/// The subcommands of `parole`, as `parole --help` lists them.
pub const SUBCOMMANDS: [&str; 7] = [
    "analyze",
    "themes",
    "eval",
    "compare",
    "kwic",
    "collocates",
    "train",
];
