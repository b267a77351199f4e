//! Criterion benchmarks of each stage and of the whole analysis, on the
//! bundled corpus (and on a larger input made by repeating it). Each
//! benchmark reports bytes per second and asserts the counts it produced, so
//! that a fast wrong result cannot pass.

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

use parole::compare::{
    build_compare_report, CompareConfig, CompareOptions, Grouping, Groups, Series,
};
use parole::corpus::{Corpus, CorpusOptions, Document, Item};
use parole::pipeline::{Config, CorpusTotals, Marks, Outcome};
use parole::report::{build_report, document_report, ReportConfig};
use parole::segment::{passages, PassageMode};

fn bundled() -> Vec<Document> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus");
    Corpus::open(&[root], CorpusOptions::default())
        .expect("the bundled corpus opens")
        .map(|item| match item.expect("the bundled corpus reads") {
            Item::Document(d) => d,
            Item::Skipped(s) => panic!("bundled document skipped: {s:?}"),
        })
        .collect()
}

fn config() -> Config {
    Config::builtin(PassageMode::Paragraph)
}

fn analyse(
    config: &Config,
    docs: &[Document],
) -> (CorpusTotals, Vec<parole::pipeline::DocumentResult>) {
    let mut totals = CorpusTotals::new(config.lexicon.themes().len());
    let mut results = Vec::new();
    for outcome in config.analyze_batch(docs.iter().cloned().map(Item::Document).collect()) {
        if let Outcome::Analysed(d) = outcome {
            totals.add(&d);
            results.push(*d);
        }
    }
    (totals, results)
}

/// The report of analysed documents, as `parole analyze` builds it.
fn report(
    config: &Config,
    totals: &CorpusTotals,
    results: &[parole::pipeline::DocumentResult],
) -> parole::report::Report {
    let documents = results
        .iter()
        .map(|d| document_report(config, d, &totals.terms, totals.documents))
        .collect();
    let rc = ReportConfig::new(config, vec!["corpus/".into()], &CorpusOptions::default());
    build_report(config, rc, totals, documents)
}

fn stages(c: &mut Criterion) {
    let docs = bundled();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let config = config();
    let (reference, _) = analyse(&config, &docs);
    assert_eq!(reference.documents, 15);

    let mut group = c.benchmark_group("bundled");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("segment", |b| {
        b.iter(|| {
            let n: usize = docs
                .iter()
                .map(|d| passages(&d.text, d.body_start, PassageMode::Paragraph).len())
                .sum();
            assert_eq!(n as u64, reference.passages);
        })
    });
    group.bench_function("tokenise", |b| {
        b.iter(|| {
            let mut content = 0u64;
            let mut tokens = Vec::new();
            for d in &docs {
                // Speaker labels (`LA JOURNALISTE :`) are marked as asides,
                // as the pipeline marks them: they are not content words.
                let marks = Marks::of(d);
                for span in passages(&d.text, d.body_start, PassageMode::Paragraph) {
                    config.analyze_passage(d, span, &marks, &mut tokens);
                    content += tokens.iter().filter(|t| t.is_content()).count() as u64;
                }
            }
            assert_eq!(content, reference.totals.content_tokens);
        })
    });
    // What the per-thread cache spares: the Snowball stemmer run on every
    // content word, as a pipeline without a cache would (compare with
    // `tokenise`, which includes scanning and the cached keys).
    let words: Vec<(String, parole::analyze::Sym)> = docs
        .iter()
        .flat_map(|d| {
            let marks = Marks::of(d);
            passages(&d.text, d.body_start, PassageMode::Paragraph)
                .into_iter()
                .flat_map(|s| {
                    let mut tokens = Vec::new();
                    config.analyze_passage(d, s, &marks, &mut tokens);
                    tokens
                })
                .collect::<Vec<_>>()
        })
        .filter(|t| t.is_content())
        .map(|t| (t.lower.to_string(), t.key))
        .collect();
    assert_eq!(words.len() as u64, reference.totals.content_tokens);
    group.bench_function("stemming_without_cache", |b| {
        b.iter(|| {
            let same = words
                .iter()
                .filter(|(lower, key)| config.analyzer.key(lower) == key.as_str())
                .count();
            assert_eq!(same, words.len());
        })
    });
    let tokenised: Vec<(String, Vec<parole::analyze::Token>)> = docs
        .iter()
        .flat_map(|d| {
            let marks = Marks::of(d);
            passages(&d.text, d.body_start, PassageMode::Paragraph)
                .into_iter()
                .map(|s| {
                    let mut tokens = Vec::new();
                    config.analyze_passage(d, s, &marks, &mut tokens);
                    (d.text.clone(), tokens)
                })
                .collect::<Vec<_>>()
        })
        .collect();
    group.bench_function("theme_matching", |b| {
        b.iter(|| {
            let assigned: u64 = tokenised
                .iter()
                .map(|(text, tokens)| {
                    config.lexicon.match_passage(text, tokens).assigned.len() as u64
                })
                .sum();
            assert_eq!(
                assigned,
                reference.themes.iter().map(|t| t.passages).sum::<u64>()
            );
        })
    });
    group.bench_function("analyze_whole", |b| {
        b.iter(|| {
            let (totals, _) = analyse(&config, &docs);
            assert_eq!(
                totals.totals.content_tokens,
                reference.totals.content_tokens
            );
        })
    });
    let (totals, results) = analyse(&config, &docs);
    group.bench_function("report_serialisation", |b| {
        b.iter(|| {
            let report = report(&config, &totals, &results);
            let json = serde_json::to_vec(&report).unwrap();
            assert_eq!(report.corpus.documents, 15);
            json.len()
        })
    });

    // Whole runs as the two commands do them, report serialised: compare
    // must stay within 20 % of analyze on the same input.
    let compare_config = CompareConfig {
        inputs: vec!["corpus/".into()],
        by: "parti".into(),
        reference: vec![],
        options: CompareOptions {
            top: 30,
            min_count: 5,
            alpha: 0.05,
            ca_min_passages: 0,
        },
        analysis: ReportConfig::new(&config, vec!["corpus/".into()], &CorpusOptions::default()),
        terms: vec![],
        rename: None,
        over: None,
    };
    let grouping = Grouping::parse("parti").unwrap();
    group.bench_function("analyze_command", |b| {
        b.iter(|| {
            let (totals, results) = analyse(&config, &docs);
            let report = report(&config, &totals, &results);
            assert_eq!(report.corpus.passages, reference.passages);
            serde_json::to_vec(&report).unwrap().len()
        })
    });
    group.bench_function("compare_command", |b| {
        b.iter(|| {
            let mut groups = Groups::new(grouping.clone(), config.lexicon.themes().len(), 0);
            for outcome in config.analyze_batch(docs.iter().cloned().map(Item::Document).collect())
            {
                if let Outcome::Analysed(d) = outcome {
                    groups.add(&d, "", &[]);
                }
            }
            let grouped = groups.finish().expect("every bundled document has a party");
            let report = build_compare_report(
                &config,
                compare_config.clone(),
                &grouped.groups,
                grouped.whole.as_ref(),
                None,
                Series::None,
                vec![],
            );
            let passages: u64 = report.groups.iter().map(|g| g.passages).sum();
            assert_eq!(passages, reference.passages);
            serde_json::to_vec(&report).unwrap().len()
        })
    });
    group.finish();

    // A larger input: the bundled corpus repeated 40 times (1.31 MB of text).
    let large: Vec<Document> = (0..40).flat_map(|_| docs.iter().cloned()).collect();
    let mut group = c.benchmark_group("repeated_x40");
    group.sample_size(10);
    group.throughput(Throughput::Bytes((bytes * 40) as u64));
    group.bench_function("analyze_whole", |b| {
        b.iter(|| {
            let (totals, _) = analyse(&config, &large);
            assert_eq!(
                totals.totals.content_tokens,
                reference.totals.content_tokens * 40
            );
        })
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
