//! Where data goes: stdout, or a file written atomically (a temporary file
//! in the same folder, renamed over the target once complete), so a failure
//! never leaves a truncated report. A symbolic link is followed, and the
//! file it points to replaced, so the link stays; a device or a named pipe
//! (`-o /dev/null`) is written to directly, never replaced. Also how a long
//! cell of a text table is put on one line ([`one_line`]) and cut between
//! words ([`cut_right`], [`cut_left`]), or a name shown and padded to a
//! column ([`shown_name`], [`pad`]); the CSV tables are written by
//! [`super::csv_dialect`].
//!
//! The file is not forced to disk (no `fsync`): the rename protects readers
//! and interrupted runs, and flushing is left to the operating system, as
//! other command-line tools leave it. Syncing a 70 MB report took about
//! 50 ms in which every core waited; a run that must survive a power cut
//! can be followed by `sync`. On Linux an existing report is swapped with
//! the new one and then removed, rather than renamed over: ext4 flushes a
//! file renamed over another before the rename returns, which took another
//! 20 ms for a 70 MB report.

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

/// Puts the complete file `temp` at `target`, atomically: a reader sees
/// the old file or the new one, never neither.
fn replace(temp: &Path, target: &Path) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        let is_file = std::fs::symlink_metadata(target).is_ok_and(|m| m.file_type().is_file());
        if is_file {
            use rustix::fs::{renameat_with, RenameFlags, CWD};
            // Fails on file systems without the exchange: renamed over then.
            if renameat_with(CWD, temp, CWD, target, RenameFlags::EXCHANGE).is_ok() {
                // `temp` now holds the old report; removing it is only tidying.
                let _ = std::fs::remove_file(temp);
                return Ok(());
            }
        }
    }
    std::fs::rename(temp, target)
}

/// The `-o` option as given: `-o -` is standard output, as `-` is standard
/// input among the inputs.
pub fn dash_is_stdout(output: Option<PathBuf>) -> Option<PathBuf> {
    output.filter(|path| path.as_os_str() != "-")
}

/// Refuses an output that is one of the inputs: writing `what` there would
/// destroy what it was made from.
pub fn refuse_overwriting(out: &Path, inputs: &[&Path], what: &str) -> Result<(), Failure> {
    let Some(target) = written_target(out) else {
        return Ok(()); // Writing it will say why it cannot be opened.
    };
    for input in inputs {
        if input.canonicalize().is_ok_and(|i| i == target) {
            return Err(Failure::Usage(format!(
                "refusing to write {what} to {}: it is an input; choose another file",
                out.display()
            )));
        }
    }
    Ok(())
}

/// The absolute path of the file that writing to `output` replaces, which
/// may not exist yet: through symbolic links, the last link's target (see
/// [`written_path`]). `None` when it cannot be opened, which writing it
/// will say.
pub(super) fn written_target(output: &Path) -> Option<PathBuf> {
    let written = written_path(output).ok()?;
    let parent = folder_of(&written);
    Some(parent.canonicalize().ok()?.join(written.file_name()?))
}

/// The file that writing to `path` replaces: the target of a symbolic link
/// (followed through every link, relative to the link's folder), so that the
/// link stays and points at the new report; `path` itself otherwise.
pub(super) fn written_path(path: &Path) -> io::Result<PathBuf> {
    let mut path = path.to_path_buf();
    // As the system does, give up on a loop after 40 links.
    for _ in 0..40 {
        if !std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
            return Ok(path);
        }
        let link = std::fs::read_link(&path)?;
        path = match path.parent() {
            Some(parent) => parent.join(link),
            None => link,
        };
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// A writer that counts the bytes that went through it.
pub struct Counted<W> {
    inner: W,
    written: u64,
}

impl<W> Counted<W> {
    fn new(inner: W) -> Counted<W> {
        Counted { inner, written: 0 }
    }
}

impl<W: Write> Write for Counted<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// A destination for the report.
pub enum Output {
    /// Standard output (counting what reached it, past the buffer).
    Stdout(BufWriter<Counted<io::Stdout>>),
    /// A device or a named pipe, written to directly.
    Device(BufWriter<Counted<File>>),
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
                Counted::new(io::stdout()),
            )));
        };
        let target = &written_path(target)?;
        if target.is_dir() {
            return Err(io::Error::other(format!(
                "it is a folder; give a file path, such as {}",
                target.join("report.json").display()
            )));
        }
        if std::fs::metadata(target).is_ok_and(|m| {
            let kind = m.file_type();
            !kind.is_file() && !kind.is_dir()
        }) {
            // A device or a named pipe (`-o /dev/null`, a FIFO a reader
            // waits on): written to as it is, never replaced by a file.
            let file = std::fs::OpenOptions::new().write(true).open(target)?;
            return Ok(Output::Device(BufWriter::with_capacity(
                1 << 16,
                Counted::new(file),
            )));
        }
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

    /// Flushes and, for a file, renames it into place.
    pub fn finish(self) -> io::Result<()> {
        match self {
            Output::Stdout(mut w) => w.flush(),
            Output::Device(w) => w.into_inner().map(drop).map_err(|e| e.into_error()),
            Output::File {
                writer,
                temp,
                target,
            } => {
                let result = writer
                    .into_inner()
                    .map_err(|e| e.into_error())
                    .and_then(|f| {
                        drop(f);
                        replace(&temp, &target)
                    });
                if result.is_err() {
                    let _ = std::fs::remove_file(&temp);
                }
                untrack(&temp);
                result
            }
        }
    }

    /// Abandons the output: a temporary file is removed, the target
    /// untouched; what waits in the buffer of stdout or a device is not
    /// written. Returns whether some of the output had already reached
    /// stdout or the device, where it cannot be taken back: the reader has
    /// then been given an incomplete output, and must be told.
    pub fn abandon(self) -> bool {
        match self {
            Output::File { temp, writer, .. } => {
                drop(writer);
                let _ = std::fs::remove_file(&temp);
                untrack(&temp);
                false
            }
            Output::Stdout(w) => w.into_parts().0.written > 0,
            Output::Device(w) => w.into_parts().0.written > 0,
        }
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Output::Stdout(w) => w.write(buf),
            Output::Device(w) => w.write(buf),
            Output::File { writer, .. } => writer.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match self {
            Output::Stdout(w) => w.write_all(buf),
            Output::Device(w) => w.write_all(buf),
            Output::File { writer, .. } => writer.write_all(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Output::Stdout(w) => w.flush(),
            Output::Device(w) => w.flush(),
            Output::File { writer, .. } => writer.flush(),
        }
    }
}

/// Writes `data` to stdout: a closed pipe ends quietly, any other error is
/// a failure.
pub fn print(data: &[u8]) -> Result<(), Failure> {
    let mut stdout = io::stdout().lock();
    stdout
        .write_all(data)
        .and_then(|()| stdout.flush())
        .map_err(|e| write_failure(None, e))
}

/// The failure for an error writing to `path` (or stdout), given by `-o`:
/// a closed pipe ends quietly, anything else names the destination, and
/// what to do when the folder is missing or cannot be written.
pub fn write_failure(path: Option<&Path>, e: io::Error) -> Failure {
    write_failure_as("-o", path, e)
}

/// [`write_failure`] for a path given by `option`.
pub fn write_failure_as(option: &str, path: Option<&Path>, e: io::Error) -> Failure {
    let advice = match (path, e.kind()) {
        (Some(path), io::ErrorKind::NotFound) => missing_folder(option, path)
            .map(|missing| format!("; {missing}"))
            .unwrap_or_default(),
        (Some(path), io::ErrorKind::PermissionDenied) => format!(
            "; the folder {} cannot be written: give {option} a path in a folder you can write",
            folder_of(path).display()
        ),
        _ => String::new(),
    };
    match e.kind() {
        io::ErrorKind::BrokenPipe => Failure::BrokenPipe,
        _ => Failure::Output(format!(
            "cannot write {}: {e}{advice}",
            path.map_or("stdout".into(), |p| p.display().to_string())
        )),
    }
}

/// The folder a file `path` is written in (`.` for a bare file name).
fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// When the folder of `path`, given by `option`, does not exist (nor, then,
/// can `path`): the message that says so and what to do.
pub fn missing_folder(option: &str, path: &Path) -> Option<String> {
    let folder = folder_of(path);
    (!folder.exists()).then(|| {
        format!(
            "the folder {} does not exist: create it (mkdir -p) or give {option} a path in an \
             existing one",
            folder.display()
        )
    })
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

/// The text on one line: a run of white space holding a line break or a
/// tab becomes one space; other spaces (the no-break spaces of French
/// typography) stay as they are.
pub fn one_line(s: &str) -> String {
    let breaks = |c: char| c.is_control() || is_line_break(c);
    if !s.contains(breaks) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(k) = rest.find(char::is_whitespace) {
        out.push_str(&rest[..k]);
        let after = rest[k..].trim_start();
        let run = &rest[k..rest.len() - after.len()];
        out.push_str(if run.contains(breaks) { " " } else { run });
        rest = after;
    }
    out.push_str(rest);
    out
}

/// A name (a group, a term) as a text table shows it: control characters
/// escaped (`\n`), so that a row stays one row.
pub fn shown_name(name: &str) -> String {
    if !name.contains(char::is_control) {
        return name.to_string();
    }
    name.chars()
        .map(|c| match c.is_control() {
            true => c.escape_default().collect(),
            false => c.to_string(),
        })
        .collect()
}

/// `s` followed by spaces up to `width` columns of a terminal, counting
/// what it shows: an accent typed as a combining character takes no
/// column, a Chinese character two.
pub fn pad(s: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    format!("{s}{}", " ".repeat(width.saturating_sub(s.width())))
}

/// The columns `s` takes on a terminal (see [`pad`]).
pub fn columns(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// The columns of a text table's first column: its widest name, or its
/// header if that is wider, so that the header stands over the rows.
pub fn column_width<'a>(header: &str, names: impl IntoIterator<Item = &'a str>) -> usize {
    names
        .into_iter()
        .map(columns)
        .fold(columns(header), usize::max)
}

/// The rows a text summary lists under `--top` (0 for every row): at most
/// `most`, which a summary to read never exceeds.
pub fn text_rows(top: usize, most: usize) -> usize {
    match top {
        0 => most,
        top => top.min(most),
    }
}

pub use parole::error::plural;

/// Line and paragraph separators that are not control characters.
fn is_line_break(c: char) -> bool {
    matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// The columns of one character on a terminal (none for a combining one).
fn char_columns(c: char) -> usize {
    unicode_width::UnicodeWidthChar::width(c).unwrap_or(0)
}

/// The byte where the first `room` columns of `s` end (without cutting a
/// character that would go past them).
fn end_of_columns(s: &str, room: usize) -> usize {
    let mut used = 0;
    for (k, c) in s.char_indices() {
        used += char_columns(c);
        if used > room {
            return k;
        }
    }
    s.len()
}

/// The byte where the last `room` columns of `s` begin (after the
/// combining marks of a character left out).
fn start_of_last_columns(s: &str, room: usize) -> usize {
    let mut used = 0;
    for (k, c) in s.char_indices().rev() {
        used += char_columns(c);
        if used > room {
            let start = k + c.len_utf8();
            let marks = s[start..]
                .chars()
                .take_while(|&m| char_columns(m) == 0 && !m.is_whitespace())
                .map(char::len_utf8)
                .sum::<usize>();
            return start + marks;
        }
    }
    0
}

/// The first `width` columns of `s` at most (as [`pad`] counts them), cut
/// between two words and ending with ` …` when cut, so that no word is
/// shown in part; a first word longer than `width` is cut inside, ending
/// with `…`.
pub fn cut_right(s: &str, width: usize) -> String {
    if columns(s) <= width {
        return s.to_string();
    }
    // Room for the words, a space and the `…`.
    let end = end_of_columns(s, width.saturating_sub(2));
    let head = &s[..end];
    let words = if s[end..].starts_with(char::is_whitespace) {
        head
    } else {
        head.rfind(char::is_whitespace).map_or("", |k| &head[..k])
    }
    .trim_end();
    if words.is_empty() {
        let end = end_of_columns(s, width.saturating_sub(1));
        return format!("{}…", &s[..end]);
    }
    format!("{words} …")
}

/// The last `width` columns of `s` at most, cut between two words and
/// starting with `… ` when cut; a last word longer than `width` is cut
/// inside, starting with `…`.
pub fn cut_left(s: &str, width: usize) -> String {
    if columns(s) <= width {
        return s.to_string();
    }
    let start = start_of_last_columns(s, width.saturating_sub(2));
    let tail = &s[start..];
    let words = if s[..start].ends_with(char::is_whitespace) {
        tail
    } else {
        tail.find(char::is_whitespace).map_or("", |k| &tail[k..])
    }
    .trim_start();
    if words.is_empty() {
        let start = start_of_last_columns(s, width.saturating_sub(1));
        return format!("…{}", &s[start..]);
    }
    format!("… {words}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_folder_is_named_only_when_it_is_missing() {
        let message = |option, path: &Path| match write_failure_as(
            option,
            Some(path),
            io::Error::from(io::ErrorKind::NotFound),
        ) {
            Failure::Output(message) => message,
            other => panic!("{other:?}"),
        };
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("no/report.json");
        assert!(message("--out", &missing).ends_with(&format!(
            "; the folder {} does not exist: create it (mkdir -p) or give --out a path in an \
             existing one",
            dir.path().join("no").display()
        )));
        // A folder that exists but where the file cannot be made (as /proc).
        let there = dir.path().join("report.json");
        assert_eq!(
            message("-o", &there),
            format!("cannot write {}: entity not found", there.display())
        );
    }

    #[test]
    fn cuts_count_the_columns_a_terminal_shows() {
        // Wide characters take two columns, combining accents none.
        assert_eq!(cut_right("東京事務所 東京事務所", 12), "東京事務所 …");
        assert_eq!(cut_right("東京事務所東京事務所", 7), "東京事…");
        assert_eq!(cut_left("東京事務所 東京事務所", 12), "… 東京事務所");
        let decomposed = "le de\u{301}cret de\u{301}cide";
        assert_eq!(cut_right(decomposed, 16), decomposed);
        assert_eq!(cut_left(decomposed, 16), decomposed);
        assert_eq!(cut_left(decomposed, 8), "… de\u{301}cide");
        // A cut inside a word never leaves a combining mark alone.
        assert_eq!(cut_left("de\u{301}cide\u{301}", 4), "…ide\u{301}");
        assert_eq!(cut_left("ee\u{301}e\u{301}", 2), "…e\u{301}");
        for (s, width) in [("東京事務所 東京事務所", 12), ("abc 東京事務所", 9)] {
            assert!(columns(&cut_right(s, width)) <= width);
            assert!(columns(&cut_left(s, width)) <= width);
        }
    }

    #[test]
    fn a_cell_is_kept_on_one_line() {
        assert_eq!(one_line("a\n b\u{a0}: c\td"), "a b\u{a0}: c d");
        assert_eq!(one_line("la\u{a0}: oui\u{2028}non"), "la\u{a0}: oui non");
    }

    #[test]
    fn long_cells_are_cut_between_words() {
        assert_eq!(cut_right("écologie", 8), "écologie");
        assert_eq!(cut_left("écologie", 8), "écologie");
        // 40 characters would end in `aujourd’hui`: the word goes whole.
        let right = "et que nous devons relever dès aujourd’hui ensemble.";
        assert_eq!(cut_right(right, 40), "et que nous devons relever dès …");
        let left = "Le pays d’aujourd’hui doit choisir la transition";
        assert_eq!(cut_left(left, 30), "… doit choisir la transition");
        // A cut that falls on a space keeps the word before it.
        assert_eq!(cut_right("un deux trois", 9), "un deux …");
        assert_eq!(cut_left("un deux trois", 7), "… trois");
        assert_eq!(cut_left("un deux trois", 10), "… trois");
        for width in 3..20 {
            for s in [right, left, "a\u{a0}: b c"] {
                assert!(cut_right(s, width).chars().count() <= width);
                assert!(cut_left(s, width).chars().count() <= width);
            }
        }
        // A single word longer than the column is cut inside.
        assert_eq!(cut_right("anticonstitutionnellement", 8), "anticon…");
        assert_eq!(cut_left("anticonstitutionnellement", 8), "…llement");
        assert_eq!(cut_right("anticonstitutionnellement et", 8), "anticon…");
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn write(target: &Path, content: &[u8]) -> io::Result<()> {
        let mut out = Output::open(Some(target))?;
        out.write_all(content)?;
        out.finish()
    }

    #[test]
    fn an_existing_report_is_replaced_and_nothing_is_left_behind() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("report.json");
        let other_link = dir.path().join("kept.json");
        write(&target, b"old").unwrap();
        std::fs::hard_link(&target, &other_link).unwrap();
        write(&target, b"new").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
        // As with a rename over it: the old file lives on under its other name.
        assert_eq!(std::fs::read(&other_link).unwrap(), b"old");
        assert_eq!(names(dir.path()), ["kept.json", "report.json"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_keeps_pointing_at_the_new_report() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("reports").join("real.json");
        std::fs::create_dir(real.parent().unwrap()).unwrap();
        std::fs::write(&real, "old").unwrap();
        let link = dir.path().join("latest.json");
        std::os::unix::fs::symlink("reports/real.json", &link).unwrap();
        write(&link, b"new").unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read(&real).unwrap(), b"new");
        assert_eq!(names(dir.path()), ["latest.json", "reports"]);
        assert_eq!(names(real.parent().unwrap()), ["real.json"]);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_named_pipe_is_written_to_not_replaced() {
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("report.fifo");
        rustix::fs::mknodat(
            rustix::fs::CWD,
            &fifo,
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::from_raw_mode(0o600),
            0,
        )
        .unwrap();
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read(fifo).unwrap())
        };
        write(&fifo, b"report").unwrap();
        // Checked before joining: a pipe replaced by a file has no writer
        // left, and the reader would wait for ever.
        let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
        assert!(kind.is_fifo());
        assert_eq!(names(dir.path()), ["report.fifo"]);
        assert_eq!(reader.join().unwrap(), b"report");
    }

    #[test]
    fn a_folder_in_the_way_is_an_error_and_stays_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("report.json");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("inside.txt"), "x").unwrap();
        assert!(write(&target, b"new").is_err());
        assert!(target.join("inside.txt").is_file());
        assert_eq!(names(dir.path()), ["report.json"]);
    }
}
