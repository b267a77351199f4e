//! Rebuilds a gold file for `parole eval` from label references and the corpus
//! they point to, so that labelled passages can live in the project without
//! their text: a command line over [`parole::labels::gold_from_refs`].
//!
//! A reference line is `{"source_id", "paragraph", "sha256", "themes"}`: the
//! `id` of a corpus document, the index of a paragraph of its `text` (split on
//! `\n`), the SHA-256 of that paragraph (lower-case hex) and the themes a
//! person assigned to it. The corpus is JSON Lines with `id` and `text`, or
//! the fields named by `--id-field` (several, comma-separated, make an id
//! of their values joined by `:`; `@line` is the line number, from 1) and
//! `--text-field`.
//! Each reference becomes one gold line
//! `{"id": "<corpus>:<source_id>#<paragraph>", "text", "themes"}` on stdout,
//! in the order of the references. A missing document or paragraph, or a
//! paragraph whose hash differs from the reference (the corpus changed), is an
//! error naming the reference file and line.
//!
//! ```sh
//! cargo run --release --example gold_from_refs -- \
//!     themes/labels/an_qe_l16.jsonl \
//!     ../shared/corpora/an_qe_l16/qe_l16_2022-07_09.jsonl > /tmp/qe_gold.jsonl
//! cargo run --release --example gold_from_refs -- \
//!     --id-field debate,turn themes/labels/debats_judge1.jsonl \
//!     ../shared/corpora/debats_presidentiels/debats_2nd_tour_1981-2022.jsonl
//! ```

use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use parole::labels::{gold_from_refs, CorpusFields};

const USAGE: &str = "usage: gold_from_refs [--id-field F[,F...]] [--text-field F] REFS.jsonl CORPUS.jsonl > GOLD.jsonl";

fn main() -> ExitCode {
    let mut fields = CorpusFields::default();
    let mut paths = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--id-field" | "--text-field" => {
                let Some(value) = args.next() else {
                    eprintln!("gold_from_refs: {arg} needs a value\n{USAGE}");
                    return ExitCode::from(2);
                };
                if arg == "--id-field" {
                    fields.id = value.split(',').map(|f| f.trim().to_string()).collect();
                } else {
                    fields.text = value;
                }
            }
            _ => paths.push(arg),
        }
    }
    let [refs, corpus] = paths.as_slice() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let written = gold_from_refs(Path::new(refs), Path::new(corpus), &fields)
        .map_err(|e| e.to_string())
        .and_then(|gold| {
            let stdout = std::io::stdout();
            let mut out = BufWriter::new(stdout.lock());
            for passage in &gold {
                let line = serde_json::to_string(passage).map_err(|e| e.to_string())?;
                writeln!(out, "{line}").map_err(|e| format!("stdout: {e}"))?;
            }
            out.flush().map_err(|e| format!("stdout: {e}"))?;
            Ok(gold.len())
        });
    match written {
        Ok(n) => {
            eprintln!("gold_from_refs: {n} passages");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gold_from_refs: {e}");
            ExitCode::FAILURE
        }
    }
}
