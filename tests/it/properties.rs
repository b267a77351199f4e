//! Property tests of the invariants: the analyzer never panics; spans lie on
//! char boundaries inside the text, in order and without overlap; term counts
//! sum to the content-token count; passages and evidence slice the text; the
//! parallel pipeline gives the same report as the sequential one; the keyness
//! Log Ratio points the same way as the observed frequencies and G².

use proptest::prelude::*;

use parole::analyze::{Analyzer, Stopwords, TokenKind};
use parole::corpus::{CorpusOptions, Document, Item};
use parole::count::{TermTable, Terms, TokenTotals};
use parole::pipeline::{Config, CorpusTotals, Outcome};
use parole::report::{build_report, document_report, ReportConfig};
use parole::segment::PassageMode;
use parole::stats::keyness;

/// French-looking text with every trap the scanner handles, or anything.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-ZéèêàâçœÉÈÎ'’ʼ\\- 0-9\u{A0}\u{202F}\u{AD}\u{200B}\u{301}.,;:!?@#%•*–\n\r]{0,200}",
        "(l’|d'|qu’|jusqu’|aujourd’hui |a-t-il |1 000 |2,5 % |XXIe |www.a.fr |x@y.fr |#Climat |souveraineté |transition écologique |S\\.N\\.C\\.F\\. |P\\.-D\\.G\\. |l’O\\.N\\.U\\. |J\\. |15h30 |9 h 30 |14h-16h |article L. 541-10 |R.123-4 |\u{AD}|\u{301}| |\n|\\.|-|’)*",
        any::<String>(),
    ]
}

/// Text of paragraphs, sentences and stage directions: what the passage
/// modes cut differently.
fn passages_text() -> impl Strategy<Value = String> {
    "(Nous |soutenons |La |Le |France |Gouvernement |Pen |M\\. |Mme |transition |écologique |applaudit |bancs |\\(Applaudissements |\\(Rires|\\(|\\) |\\. |\\.\\) |! |\\? |… |« |» |– |- |1\\. |a\\) |etc\\. |avions |bien |sûr |cet |l’|été |Grand |Est |Est-ce |des |sommes |\n|\r\n|\u{2029}|\u{2028}|\u{85}|\u{C}|• )*"
}

fn config(passage: PassageMode) -> Config {
    Config {
        top: 1_000_000,
        min_ngram_count: 1,
        ..Config::builtin(passage)
    }
}

/// A UTF-8 document of `text` alone.
fn document(text: &str) -> Document {
    Document {
        id: "d".into(),
        source: "d".into(),
        meta: Default::default(),
        text: text.to_string(),
        body_start: 0,
        encoding: "UTF-8".into(),
        warnings: Vec::new(),
    }
}

/// `cases` inputs drawn from a fixed seed, as the library's own property tests
/// draw them (`proptest_config` in `src/lib.rs`): the same inputs on every run,
/// unless `PROPTEST_RNG_SEED` asks for others.
fn drawing(cases: u32) -> ProptestConfig {
    let mut config = ProptestConfig::with_cases(cases);
    if std::env::var_os("PROPTEST_RNG_SEED").is_none() {
        config.rng_seed = proptest::test_runner::RngSeed::Fixed(0x7061_726f_6c65);
    }
    config
}

proptest! {
    #![proptest_config(drawing(300))]

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
        terms.add_terms(&Terms::of(&tokens));
        prop_assert_eq!(terms.total(), TokenTotals::of(&tokens).content_tokens);
    }

    #[test]
    fn the_analysis_does_not_depend_on_the_passage_mode(
        s in prop_oneof![passages_text(), text()]
    ) {
        let doc = document(&s);
        let evidence = |r: &parole::pipeline::DocumentResult| -> Vec<(String, [usize; 2])> {
            r.passages
                .iter()
                .flat_map(|p| p.evidence.iter().map(|e| (e.entry.clone(), e.span.into())))
                .collect()
        };
        let paragraph = config(PassageMode::Paragraph).analyze_document(&doc);
        for mode in [PassageMode::Sentence, PassageMode::Document] {
            let other = config(mode).analyze_document(&doc);
            prop_assert_eq!(other.totals, paragraph.totals, "{:?}", mode);
            prop_assert_eq!(&other.terms, &paragraph.terms, "{:?}", mode);
            prop_assert_eq!(&other.ngrams, &paragraph.ngrams, "{:?}", mode);
            prop_assert_eq!(evidence(&other), evidence(&paragraph), "{:?}", mode);
        }
    }

    #[test]
    fn documents_analyse_consistently(s in text(), mode in 0..3usize) {
        let passage = [PassageMode::Paragraph, PassageMode::Sentence, PassageMode::Document][mode];
        let config = config(passage);
        let doc = document(&s);
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
                let rc = ReportConfig::new(&config, vec![], &CorpusOptions::default());
                serde_json::to_vec(&build_report(&config, rc, &totals, documents)).unwrap()
            })
        };
        prop_assert!(report(1) == report(4));
    }

    #[test]
    fn log_ratio_has_the_sign_of_the_observed_difference(
        (a, c) in counts(),
        (b, d) in counts(),
    ) {
        let k = keyness(a, b, c, d);
        // a/c − b/d has the sign of a·d − b·c, exact in integers.
        let observed = (u128::from(a) * u128::from(d)).cmp(&(u128::from(b) * u128::from(c)));
        prop_assert!(k.log_ratio.is_finite());
        prop_assert_eq!(k.log_ratio.partial_cmp(&0.0), Some(observed), "{:?}", k);
        // G² says the same, unless there is nothing to test.
        if k.g2 != 0.0 {
            prop_assert_eq!(k.g2 > 0.0, k.log_ratio > 0.0, "{:?}", k);
        }
    }

    #[test]
    fn equal_relative_frequencies_give_no_direction(
        (x, y) in (0..1_000_u64).prop_flat_map(|x| (Just(x), x.max(1)..100_000)),
        scale_a in 1..1_000_u64,
        scale_b in 1..1_000_u64,
    ) {
        // a/c = b/d = x/y exactly.
        let k = keyness(x * scale_a, x * scale_b, y * scale_a, y * scale_b);
        prop_assert_eq!((k.log_ratio, k.g2, k.chi2, k.p_value), (0.0, 0.0, 0.0, 1.0), "{:?}", k);
    }
}

/// A count and a group size that holds it: small groups and zero counts,
/// where a pseudo-count could reverse the direction, as well as large ones.
fn counts() -> impl Strategy<Value = (u64, u64)> {
    prop_oneof![
        (1..50_u64).prop_flat_map(|c| (0..=c.min(6), Just(c))),
        (1..5_000_000_u64).prop_flat_map(|c| (0..=c.min(200), Just(c))),
        (1..u64::from(u32::MAX)).prop_flat_map(|c| (0..=c, Just(c))),
    ]
}
