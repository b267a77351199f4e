//! Where data goes: stdout, or a file written atomically (a temporary file
//! in the same folder, renamed over the target once complete), so a failure
//! never leaves a truncated report.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::Failure;

/// Temporary files being written, removed if the run is interrupted.
static TEMP_FILES: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Status of a run ended by Ctrl-C (128 + SIGINT), as shells report it.
pub const EXIT_INTERRUPTED: i32 = 130;

/// On Ctrl-C (SIGINT, or SIGTERM): removes the temporary files being
/// written, so the previous report stays intact and nothing is left behind,
/// and exits with status 130.
pub fn remove_temporary_files_on_interrupt() {
    // Failing to install the handler only loses the clean-up on Ctrl-C.
    let _ = ctrlc::set_handler(|| {
        if let Ok(files) = TEMP_FILES.lock() {
            for path in files.iter() {
                let _ = std::fs::remove_file(path);
            }
        }
        std::process::exit(EXIT_INTERRUPTED);
    });
}

fn track(path: &Path) {
    if let Ok(mut files) = TEMP_FILES.lock() {
        files.push(path.to_path_buf());
    }
}

fn untrack(path: &Path) {
    if let Ok(mut files) = TEMP_FILES.lock() {
        files.retain(|p| p != path);
    }
}

/// A destination for the report.
pub enum Output {
    /// Standard output.
    Stdout(BufWriter<io::Stdout>),
    /// A temporary file, renamed to `target` by [`Output::finish`].
    File {
        /// The open temporary file.
        writer: BufWriter<File>,
        /// Its path.
        temp: PathBuf,
        /// The final path.
        target: PathBuf,
    },
}

impl Output {
    /// Opens stdout, or a temporary file beside `path`.
    pub fn open(path: Option<&Path>) -> io::Result<Output> {
        let Some(target) = path else {
            return Ok(Output::Stdout(BufWriter::with_capacity(
                1 << 16,
                io::stdout(),
            )));
        };
        let name = target
            .file_name()
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?;
        let mut temp_name = std::ffi::OsString::from(".");
        temp_name.push(name);
        temp_name.push(format!(".{}.tmp", std::process::id()));
        let temp = target.with_file_name(temp_name);
        track(&temp);
        let file = File::create(&temp).inspect_err(|_| untrack(&temp))?;
        Ok(Output::File {
            writer: BufWriter::with_capacity(1 << 16, file),
            temp,
            target: target.to_path_buf(),
        })
    }

    /// Flushes and, for a file, syncs and renames it into place.
    pub fn finish(self) -> io::Result<()> {
        match self {
            Output::Stdout(mut w) => w.flush(),
            Output::File {
                writer,
                temp,
                target,
            } => {
                let result = writer
                    .into_inner()
                    .map_err(|e| e.into_error())
                    .and_then(|f| f.sync_all())
                    .and_then(|()| std::fs::rename(&temp, &target));
                if result.is_err() {
                    let _ = std::fs::remove_file(&temp);
                }
                untrack(&temp);
                result
            }
        }
    }

    /// Abandons the output: a temporary file is removed, the target untouched.
    pub fn abandon(self) {
        if let Output::File { temp, writer, .. } = self {
            drop(writer);
            let _ = std::fs::remove_file(&temp);
            untrack(&temp);
        }
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Output::Stdout(w) => w.write(buf),
            Output::File { writer, .. } => writer.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match self {
            Output::Stdout(w) => w.write_all(buf),
            Output::File { writer, .. } => writer.write_all(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Output::Stdout(w) => w.flush(),
            Output::File { writer, .. } => writer.flush(),
        }
    }
}

/// The failure for an error writing to `path` (or stdout): a closed pipe
/// ends quietly, anything else names the destination.
pub fn write_failure(path: Option<&Path>, e: io::Error) -> Failure {
    match e.kind() {
        io::ErrorKind::BrokenPipe => Failure::BrokenPipe,
        _ => Failure::Output(format!(
            "cannot write {}: {e}",
            path.map_or("stdout".into(), |p| p.display().to_string())
        )),
    }
}

/// Writes to `path` (or stdout) through `write`: a file atomically, nothing
/// left behind on failure. Errors become a [`Failure`] naming the
/// destination; a closed pipe becomes [`Failure::BrokenPipe`].
pub fn write_with(
    path: Option<&Path>,
    write: impl FnOnce(&mut Output) -> io::Result<()>,
) -> Result<(), Failure> {
    let failure = |e| write_failure(path, e);
    let mut out = Output::open(path).map_err(failure)?;
    match write(&mut out) {
        Ok(()) => out.finish().map_err(failure),
        Err(e) => {
            out.abandon();
            Err(failure(e))
        }
    }
}
