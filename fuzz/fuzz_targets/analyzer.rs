//! Arbitrary bytes through decoding, segmentation, tokenisation and theme
//! matching, checking the invariants every report relies on, and that the
//! streamed report line (spill, then finish) is the document's report.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use parole::corpus::Document;
use parole::pipeline::{Config, CorpusTotals};
use parole::report::document_report;
use parole::segment::PassageMode;
use parole::stream::{KeyFrequencies, PendingLine};

fn config(mode: PassageMode) -> Config {
    Config { top: 10, min_ngram_count: 1, ..Config::builtin(mode) }
}

static CONFIGS: OnceLock<[Config; 3]> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let configs = CONFIGS.get_or_init(|| {
        [config(PassageMode::Paragraph), config(PassageMode::Sentence), config(PassageMode::Document)]
    });
    let config = &configs[usize::from(mode) % 3];
    let text = String::from_utf8_lossy(rest).into_owned();
    let doc = Document {
        id: "fuzz".into(),
        source: "fuzz".into(),
        meta: Default::default(),
        text: text.clone(),
        body_start: parole::corpus::parse_front_matter(&text).1,
        encoding: "UTF-8".into(),
        warnings: Vec::new(),
    };
    let result = config.analyze_document(&doc);
    assert_eq!(result.terms.total(), result.totals.content_tokens);
    let mut totals = CorpusTotals::new(config.lexicon.themes().len());
    totals.add_all(std::slice::from_ref(&result));
    let mut expected = serde_json::to_vec(&document_report(config, &result, &totals.terms, 1)).unwrap();
    expected.push(b'\n');
    let line = PendingLine::new(config, &result).finish(&KeyFrequencies::new(&totals), config.top);
    assert!(line == expected, "the finished line differs from the document report");
    for p in &result.passages {
        assert!(text.is_char_boundary(p.span.start) && text.is_char_boundary(p.span.end));
        assert_eq!(&text[p.span.start..p.span.end], p.text);
        for e in &p.evidence {
            assert!(p.span.start <= e.span.start && e.span.end <= p.span.end);
            assert_eq!(&text[e.span.start..e.span.end], e.text);
        }
        let tokens = config.analyzer.analyze_at(&p.text, p.span.start);
        let mut last = p.span.start;
        for t in &tokens {
            assert!(t.span.start >= last && t.span.start < t.span.end && t.span.end <= p.span.end);
            assert!(text.is_char_boundary(t.span.start) && text.is_char_boundary(t.span.end));
            last = t.span.end;
        }
    }
});
