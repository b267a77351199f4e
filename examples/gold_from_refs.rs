//! Rebuilds a gold file for `parole eval` from label references and the corpus
//! they point to, so that labelled passages can live in the project without
//! their text.
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

use std::collections::HashMap;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use serde_json::{json, Value};
use sha2::{Digest, Sha256};

/// The corpus name used in gold ids: the corpus folder (`an_qe_l16`), or the
/// file stem when the file sits in no folder.
fn corpus_name(corpus: &Path) -> String {
    corpus
        .parent()
        .and_then(Path::file_name)
        .or_else(|| corpus.file_stem())
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "corpus".to_string())
}

/// A document id as a string key: `12` and `"12"` name the same document.
fn id_key(id: &Value) -> Option<String> {
    match id {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Which fields of a corpus document make its id and hold its text.
struct Fields {
    id: Vec<String>,
    text: String,
}

/// The id of a document: the values of the id fields joined by `:`; the
/// field `@line` is the document's line number in the corpus, from 1 (for a
/// corpus without ids).
fn document_id(doc: &Value, line: usize, fields: &Fields) -> Option<String> {
    let parts: Option<Vec<String>> = fields
        .id
        .iter()
        .map(|f| match f.as_str() {
            "@line" => Some(line.to_string()),
            f => doc.get(f).and_then(id_key),
        })
        .collect();
    parts.map(|p| p.join(":"))
}

/// Reads the corpus: document id -> text.
fn read_corpus(path: &Path, fields: &Fields) -> Result<HashMap<String, String>, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut docs = HashMap::new();
    for (n, line) in BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|e| format!("{}:{}: {e}", path.display(), n + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let doc: Value = serde_json::from_str(&line)
            .map_err(|e| format!("{}:{}: {e}", path.display(), n + 1))?;
        let id = document_id(&doc, n + 1, fields);
        let text = doc.get(&fields.text).and_then(Value::as_str);
        match (id, text) {
            (Some(id), Some(text)) => {
                docs.insert(id, text.to_string());
            }
            _ => {
                return Err(format!(
                    "{}:{}: expected a document with {:?} and {:?} (see --id-field, --text-field)",
                    path.display(),
                    n + 1,
                    fields.id.join(","),
                    fields.text
                ))
            }
        }
    }
    Ok(docs)
}

/// Writes one gold line per reference; the first bad reference is an error.
fn run(refs: &Path, corpus: &Path, fields: &Fields, out: &mut impl Write) -> Result<usize, String> {
    let docs = read_corpus(corpus, fields)?;
    let name = corpus_name(corpus);
    let file = std::fs::File::open(refs).map_err(|e| format!("{}: {e}", refs.display()))?;
    let mut written = 0;
    for (n, line) in BufReader::new(file).lines().enumerate() {
        let at = format!("{}:{}", refs.display(), n + 1);
        let line = line.map_err(|e| format!("{at}: {e}"))?;
        if line.trim().is_empty() {
            continue;
        }
        let r: Value = serde_json::from_str(&line).map_err(|e| format!("{at}: {e}"))?;
        let id = r.get("source_id").and_then(id_key);
        let paragraph = r.get("paragraph").and_then(Value::as_u64);
        let sha = r.get("sha256").and_then(Value::as_str);
        let themes = r.get("themes").filter(|t| t.is_array());
        let (Some(id), Some(paragraph), Some(sha), Some(themes)) = (id, paragraph, sha, themes)
        else {
            return Err(format!(
                "{at}: expected {{\"source_id\", \"paragraph\", \"sha256\", \"themes\": [ids]}}"
            ));
        };
        let text = docs
            .get(&id)
            .ok_or_else(|| format!("{at}: document {id} is not in {}", corpus.display()))?;
        let para = text
            .split('\n')
            .nth(paragraph as usize)
            .ok_or_else(|| format!("{at}: document {id} has no paragraph {paragraph}"))?;
        let actual = sha256_hex(para.as_bytes());
        if actual != sha {
            return Err(format!(
                "{at}: document {id} paragraph {paragraph} has sha256 {actual}, the reference says {sha}"
            ));
        }
        let gold = json!({
            "id": format!("{name}:{id}#{paragraph}"),
            "text": para,
            "themes": themes,
        });
        writeln!(out, "{gold}").map_err(|e| format!("stdout: {e}"))?;
        written += 1;
    }
    Ok(written)
}

const USAGE: &str = "usage: gold_from_refs [--id-field F[,F...]] [--text-field F] REFS.jsonl CORPUS.jsonl > GOLD.jsonl";

fn main() -> ExitCode {
    let mut fields = Fields {
        id: vec!["id".to_string()],
        text: "text".to_string(),
    };
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
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match run(Path::new(refs), Path::new(corpus), &fields, &mut out).and_then(|n| {
        out.flush().map_err(|e| format!("stdout: {e}"))?;
        Ok(n)
    }) {
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
