//! The JSONL and CSV readers on arbitrary file contents: never panic, and
//! every unit ends as a document or a skipped entry with a source, unless
//! reading ends with an error that names the file.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use parole::corpus::{Corpus, CorpusOptions, Item};

static DIR: OnceLock<PathBuf> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let dir = DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("parole-fuzz-readers-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    });
    for name in ["input.jsonl", "input.csv", "input.txt"] {
        let path = dir.join(name);
        std::fs::write(&path, data).unwrap();
        let corpus = Corpus::open(&[path.clone()], CorpusOptions::default()).unwrap();
        for item in corpus {
            match item {
                Ok(Item::Document(d)) => {
                    assert!(d.body_start <= d.text.len() && d.text.is_char_boundary(d.body_start));
                    assert!(!d.id.is_empty());
                }
                Ok(Item::Skipped(s)) => assert!(!s.source.is_empty() && !s.reason.is_empty()),
                Err(e) => assert!(e.to_string().contains(name), "{e}"),
            }
        }
    }
});
