//! Property tests of the invariants: the analyzer never panics; spans lie on
//! char boundaries inside the text, in order and without overlap; term counts
//! sum to the content-token count; passages and evidence slice the text; the
//! parallel pipeline gives the same report as the sequential one.

use proptest::prelude::*;

use parole::analyze::{Analyzer, Stopwords, TokenKind};
use parole::corpus::{Document, Item};
use parole::count::{TermTable, TokenTotals};
use parole::pipeline::{Config, CorpusTotals, Outcome};
use parole::report::{build_report, document_report, ReportConfig};
use parole::segment::PassageMode;

/// French-looking text with every trap the scanner handles, or anything.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-ZéèêàâçœÉÈÎ'’ʼ\\- 0-9\u{A0}\u{202F}\u{AD}\u{200B}\u{301}.,;:!?@#%•*–\n\r]{0,200}",
        "(l’|d'|qu’|jusqu’|aujourd’hui |a-t-il |1 000 |2,5 % |XXIe |www.a.fr |x@y.fr |#Climat |souveraineté |transition écologique |\u{AD}|\u{301}| |\n|\\.|-|’)*",
        any::<String>(),
    ]
}

fn config(passage: PassageMode) -> Config {
    Config {
        top: 1_000_000,
        min_ngram_count: 1,
        ..Config::builtin(passage)
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn tokens_have_valid_ordered_spans(s in text()) {
        let analyzer = Analyzer::new(Stopwords::builtin());
        let tokens = analyzer.analyze(&s);
        let mut last_end = 0;
        for t in &tokens {
            prop_assert!(t.span.start < t.span.end && t.span.end <= s.len());
            prop_assert!(s.is_char_boundary(t.span.start) && s.is_char_boundary(t.span.end));
            prop_assert!(t.span.start >= last_end, "overlap at {:?}", t.span);
            last_end = t.span.end;
            if t.kind == TokenKind::Word {
                prop_assert!(!t.key.is_empty());
            }
        }
        let mut terms = TermTable::new();
        terms.add_terms(&tokens);
        prop_assert_eq!(terms.total(), TokenTotals::of(&tokens).content_tokens);
    }

    #[test]
    fn documents_analyse_consistently(s in text(), mode in 0..3usize) {
        let passage = [PassageMode::Paragraph, PassageMode::Sentence, PassageMode::Document][mode];
        let config = config(passage);
        let doc = Document {
            id: "d".into(),
            source: "d".into(),
            meta: Default::default(),
            text: s.clone(),
            body_start: 0,
            encoding: "UTF-8".into(),
            warnings: Vec::new(),
        };
        let result = config.analyze_document(&doc);
        prop_assert_eq!(result.terms.total(), result.totals.content_tokens);
        for p in &result.passages {
            prop_assert_eq!(&s[p.span.start..p.span.end], p.text.as_str());
            for e in &p.evidence {
                prop_assert!(p.span.start <= e.span.start && e.span.end <= p.span.end);
                prop_assert_eq!(&s[e.span.start..e.span.end], e.text.as_str());
            }
            for &t in &p.assigned {
                prop_assert!(p.scores[t] >= config.lexicon.themes()[t].threshold);
            }
        }
    }

    #[test]
    fn parallel_report_equals_sequential(texts in proptest::collection::vec(text(), 1..12)) {
        let config = config(PassageMode::Paragraph);
        let items: Vec<Item> = texts
            .iter()
            .enumerate()
            .map(|(k, t)| Item::Document(Document {
                id: format!("d{k}"),
                source: format!("d{k}"),
                meta: Default::default(),
                text: t.clone(),
                body_start: 0,
                encoding: "UTF-8".into(),
                warnings: Vec::new(),
            }))
            .collect();
        let report = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
            pool.install(|| {
                let mut totals = CorpusTotals::new(config.lexicon.themes().len());
                let mut docs = Vec::new();
                for outcome in config.analyze_batch(items.clone()) {
                    if let Outcome::Analysed(d) = outcome {
                        totals.add(&d);
                        docs.push(d);
                    }
                }
                let documents = docs
                    .iter()
                    .map(|d| document_report(&config, d, &totals.terms, totals.documents))
                    .collect();
                let rc = ReportConfig::new(&config, vec![], "text", "id");
                serde_json::to_vec(&build_report(&config, rc, &totals, documents)).unwrap()
            })
        };
        prop_assert!(report(1) == report(4));
    }
}
