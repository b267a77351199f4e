//! Label references: hand labels of passages of public corpora, kept without
//! their text. A reference line is `{"source_id", "paragraph", "sha256",
//! "themes"}`: the id of a corpus document, the index of a paragraph of its
//! text (split on `\n`), the SHA-256 of that paragraph's bytes (lower-case
//! hex) and the themes a person assigned to it. Joined back to the corpus,
//! the references make the gold passages of `parole eval`; a missing
//! document or paragraph, or a paragraph whose hash differs (the corpus
//! changed), is an error naming the reference file and line.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::Path;

use serde_json::Value;

use crate::analyze::sha256_hex;
use crate::error::{Error, Result};
use crate::eval::GoldPassage;

/// Which fields of a corpus document (a JSON object per line) make its id
/// and hold its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorpusFields {
    /// Fields whose values, joined by `:`, make the id; `@line` stands for
    /// the document's line number in the corpus file, from 1 (for a corpus
    /// without ids).
    pub id: Vec<String>,
    /// The field holding the text.
    pub text: String,
}

impl Default for CorpusFields {
    /// `id` and `text`.
    fn default() -> CorpusFields {
        CorpusFields {
            id: vec!["id".to_string()],
            text: "text".to_string(),
        }
    }
}

/// The gold passages of the references in `refs`, in their order, with the
/// paragraphs of the JSON Lines corpus `corpus` they point to. A passage's
/// id is `{corpus name}:{source_id}#{paragraph}`, the corpus name being the
/// corpus file's folder (`an_qe_l16`), or its stem when it has none.
pub fn gold_from_refs(
    refs: &Path,
    corpus: &Path,
    fields: &CorpusFields,
) -> Result<Vec<GoldPassage>> {
    let docs = read_corpus(corpus, fields)?;
    let name = corpus_name(corpus);
    let mut gold = Vec::new();
    for item in json_lines(refs)? {
        let (line, r) = item?;
        let at = |message: String| Error::parse(refs, Some(line), None, message);
        let id = r.get("source_id").and_then(id_key);
        let paragraph = r.get("paragraph").and_then(Value::as_u64);
        let sha = r.get("sha256").and_then(Value::as_str);
        let themes: Option<Vec<String>> = r
            .get("themes")
            .and_then(Value::as_array)
            .and_then(|t| t.iter().map(|v| v.as_str().map(String::from)).collect());
        let (Some(id), Some(paragraph), Some(sha), Some(themes)) = (id, paragraph, sha, themes)
        else {
            return Err(at(
                "expected {\"source_id\", \"paragraph\", \"sha256\", \"themes\": [ids]}".into(),
            ));
        };
        let text = docs
            .get(&id)
            .ok_or_else(|| at(format!("document {id} is not in {}", corpus.display())))?;
        let para = text
            .split('\n')
            .nth(paragraph as usize)
            .ok_or_else(|| at(format!("document {id} has no paragraph {paragraph}")))?;
        let actual = sha256_hex(para.as_bytes());
        if actual != sha {
            return Err(at(format!(
                "document {id} paragraph {paragraph} has sha256 {actual}, the reference says {sha}"
            )));
        }
        gold.push(GoldPassage {
            id: format!("{name}:{id}#{paragraph}"),
            text: para.to_string(),
            themes,
        });
    }
    Ok(gold)
}

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

/// The id of a document: the values of the id fields joined by `:`.
fn document_id(doc: &Value, line: usize, fields: &CorpusFields) -> Option<String> {
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

/// The non-blank lines of a JSON Lines file, each parsed, with its line
/// number (from 1); an unreadable or invalid line is an error naming the
/// file, line and column.
fn json_lines(path: &Path) -> Result<impl Iterator<Item = Result<(usize, Value)>> + '_> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    Ok(BufReader::new(file)
        .lines()
        .enumerate()
        .filter_map(move |(n, line)| {
            let parsed = line.map_err(|e| Error::io(path, e)).and_then(|line| {
                if line.trim().is_empty() {
                    return Ok(None);
                }
                serde_json::from_str(&line).map(Some).map_err(|e| {
                    Error::parse(path, Some(n + 1), Some(e.column()), Error::json_message(&e))
                })
            });
            parsed.transpose().map(|value| value.map(|v| (n + 1, v)))
        }))
}

/// Reads the corpus: document id -> text.
fn read_corpus(path: &Path, fields: &CorpusFields) -> Result<HashMap<String, String>> {
    let mut docs = HashMap::new();
    for item in json_lines(path)? {
        let (line, doc) = item?;
        let id = document_id(&doc, line, fields);
        let text = doc.get(&fields.text).and_then(Value::as_str);
        let (Some(id), Some(text)) = (id, text) else {
            return Err(Error::parse(
                path,
                Some(line),
                None,
                format!(
                    "expected a document with {:?} and {:?} (see --id-field, --text-field)",
                    fields.id.join(","),
                    fields.text
                ),
            ));
        };
        docs.insert(id, text.to_string());
    }
    Ok(docs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, lines: &[serde_json::Value]) -> std::path::PathBuf {
        let path = dir.join(name);
        let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn references_are_joined_to_their_paragraphs_and_checked() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("debats");
        std::fs::create_dir(&folder).unwrap();
        let corpus = write(
            &folder,
            "c.jsonl",
            &[
                serde_json::json!({"debate": "d1", "turn": 3, "text": "Premier.\nLe climat change."}),
                serde_json::json!({"debate": "d1", "turn": 4, "text": "Autre."}),
            ],
        );
        let para = "Le climat change.";
        let refs = write(
            dir.path(),
            "refs.jsonl",
            &[serde_json::json!({"source_id": "d1:3", "paragraph": 1,
                "sha256": sha256_hex(para.as_bytes()), "themes": ["ecologie"]})],
        );
        let fields = CorpusFields {
            id: vec!["debate".into(), "turn".into()],
            text: "text".into(),
        };
        let gold = gold_from_refs(&refs, &corpus, &fields).unwrap();
        assert_eq!(
            gold,
            [GoldPassage {
                id: "debats:d1:3#1".into(),
                text: para.into(),
                themes: vec!["ecologie".into()],
            }]
        );
        // By line number, for a corpus without ids.
        let by_line = CorpusFields {
            id: vec!["@line".into()],
            text: "text".into(),
        };
        let refs_line = write(
            dir.path(),
            "refs_line.jsonl",
            &[serde_json::json!({"source_id": 1, "paragraph": 1,
                "sha256": sha256_hex(para.as_bytes()), "themes": []})],
        );
        assert_eq!(
            gold_from_refs(&refs_line, &corpus, &by_line).unwrap()[0].id,
            "debats:1#1"
        );
        // A line that is not JSON, then a changed paragraph, a missing
        // document, a bad reference: errors at their line.
        let not_json = dir.path().join("not_json.jsonl");
        std::fs::write(&not_json, "\n{\"source_id\": \n").unwrap();
        let message = gold_from_refs(&not_json, &corpus, &fields)
            .unwrap_err()
            .to_string();
        assert!(message.contains("not_json.jsonl:2"), "{message}");
        for (reference, expected) in [
            (
                serde_json::json!({"source_id": "d1:3", "paragraph": 1,
                    "sha256": sha256_hex(b"Le climat."), "themes": []}),
                "the reference says",
            ),
            (
                serde_json::json!({"source_id": "d9:1", "paragraph": 0, "sha256": "", "themes": []}),
                "document d9:1 is not in",
            ),
            (
                serde_json::json!({"source_id": "d1:3", "paragraph": 0, "themes": []}),
                "expected {\"source_id\"",
            ),
        ] {
            let bad = write(
                dir.path(),
                "bad.jsonl",
                &[serde_json::json!({}), reference.clone()],
            );
            let message = gold_from_refs(&bad, &corpus, &fields)
                .unwrap_err()
                .to_string();
            assert!(message.contains("bad.jsonl:1"), "{message}");
            let bad = write(
                dir.path(),
                "bad.jsonl",
                &[
                    serde_json::json!({"source_id": "d1:4", "paragraph": 0,
                    "sha256": sha256_hex(b"Autre."), "themes": []}),
                    reference,
                ],
            );
            let message = gold_from_refs(&bad, &corpus, &fields)
                .unwrap_err()
                .to_string();
            assert!(
                message.contains("bad.jsonl:2") && message.contains(expected),
                "{message}"
            );
        }
    }
}
