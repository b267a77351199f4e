//! Integration tests of what `parole eval` and `parole train` accept as a
//! gold file and how they report it: the real binary on small gold files
//! written by each test.

mod common;

use common::run;

use std::path::{Path, PathBuf};

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Writes `content` as `name` in `dir` and returns its path.
fn write(dir: &Path, name: &str, content: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path
}

#[test]
fn an_empty_gold_file_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    for content in ["", "\n\n  \n"] {
        let gold = write(dir.path(), "empty.jsonl", content);
        let lexicon = dir.path().join("out.toml");
        for args in [
            vec!["eval", "--gold", s(&gold)],
            vec!["train", "--gold", s(&gold), "--out", s(&lexicon)],
        ] {
            let out = run(&args);
            assert_eq!(out.status.code(), Some(2), "{args:?}");
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(
                stderr.starts_with(&format!("parole: {}: no gold passage", s(&gold))),
                "{args:?}: {stderr}"
            );
            assert!(out.stdout.is_empty(), "{args:?}");
            assert!(!lexicon.exists());
        }
    }
}
