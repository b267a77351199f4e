//! parole analyses French political declarations: it tokenises French
//! properly, counts key terms, finds the themes of every passage with the
//! evidence for each, and builds deterministic JSON reports.
//!
//! Data flows one way: a validated [`pipeline::Config`] (analyzer, lexicon,
//! options) → documents read by [`corpus::Corpus`] → per-document analysis,
//! in parallel → [`pipeline::CorpusTotals`] merged (sums, whatever the order) →
//! [`report::Report`]. The library never prints; the `parole` binary is a
//! thin layer of argument parsing and output.
//!
//! ```
//! use parole::analyze::{Analyzer, Stopwords};
//! use parole::corpus::Document;
//! use parole::pipeline::Config;
//! use parole::segment::PassageMode;
//! use parole::themes::Lexicon;
//!
//! let analyzer = Analyzer::new(Stopwords::builtin());
//! let lexicon = Lexicon::builtin(&analyzer);
//! let config = Config { analyzer, lexicon, passage: PassageMode::Paragraph, top: 10, min_ngram_count: 2, within_theme: None };
//! let doc = Document {
//!     id: "exemple".into(),
//!     source: "exemple".into(),
//!     meta: Default::default(),
//!     text: "Nous faisons face à un enjeu de souveraineté.\n\
//!            Préserver les ressources naturelles et accélérer les transitions agroécologiques."
//!         .into(),
//!     body_start: 0,
//!     encoding: "UTF-8".into(),
//!     warnings: Vec::new(),
//! };
//! let result = config.analyze_document(&doc);
//! let themes = |p: usize| -> Vec<&str> {
//!     result.passages[p].assigned.iter().map(|&t| config.lexicon.themes()[t].id.as_str()).collect()
//! };
//! assert_eq!(themes(0), ["souverainete"]);
//! assert_eq!(themes(1), ["ecologie"]);
//! let evidence = &result.passages[1].evidence[0];
//! assert_eq!(&doc.text[evidence.span.start..evidence.span.end], "ressources naturelles");
//! ```

pub mod analyze;
pub mod ca;
pub mod collocates;
pub mod compare;
pub mod corpus;
pub mod count;
pub mod date;
pub mod error;
pub mod eval;
pub mod kwic;
pub mod labels;
pub mod pipeline;
pub mod rename;
pub mod report;
pub mod segment;
pub mod speakers;
pub mod stats;
pub mod stream;
pub mod themes;
pub mod train;

/// The configuration of the crate's property tests: `cases` inputs drawn from a
/// fixed seed, so that `cargo test` checks the same inputs on every run and a
/// fresh checkout cannot fail by the luck of the draw. To explore further, set
/// another seed: `PROPTEST_RNG_SEED=7 cargo test`. Failures found that way are
/// saved in `proptest-regressions/` and run first from then on.
#[cfg(test)]
pub(crate) fn proptest_config(cases: u32) -> proptest::test_runner::Config {
    let mut config = proptest::test_runner::Config::with_cases(cases);
    if std::env::var_os("PROPTEST_RNG_SEED").is_none() {
        config.rng_seed = proptest::test_runner::RngSeed::Fixed(0x7061_726f_6c65);
    }
    config
}

pub use error::{Error, ErrorKind, Result};
