//! The lexicon loader on arbitrary text: an error names a line and column
//! inside the text, a lexicon that loads can match any passage.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use parole::analyze::{Analyzer, Stopwords};
use parole::themes::Lexicon;
use parole::ErrorKind;

static ANALYZER: OnceLock<Analyzer> = OnceLock::new();

fuzz_target!(|text: &str| {
    let analyzer = ANALYZER.get_or_init(|| Analyzer::new(Stopwords::builtin()));
    match Lexicon::parse(text, Path::new("fuzz.toml"), analyzer) {
        Ok(lexicon) => {
            let sample = "La souveraineté et la transition écologique de l’État.";
            let tokens = analyzer.analyze(sample);
            let found = lexicon.match_passage(sample, &tokens);
            assert_eq!(found.scores.len(), lexicon.themes().len());
        }
        Err(e) => {
            if let ErrorKind::Parse { line: Some(line), .. } = e.kind() {
                assert!(*line >= 1 && *line <= text.lines().count().max(1) + 1, "{e}");
            }
        }
    }
});
