//! Counts words of a corpus with the key parole gives them and the key the
//! Snowball stemmer alone would give them: the procedure behind the counts
//! of "How French is analysed" in the README that are not rows of `parole
//! analyze --format csv --table terms` (a word form rather than a key, or a
//! key the stemmer alone would give).
//!
//! The corpus is read and cut into passages as `parole analyze` reads it
//! (paragraphs, `--text-field` as there), and the words counted are the
//! terms that table counts: content words, outside stage directions, a
//! name with its article (`Les Républicains`) being one term of its own.
//! A `--text-field` names the text field of the paths after it, so that
//! corpora of different fields are counted together.
//!
//! With words, each line gives a word form, its occurrences as a term (in
//! any case, and in capitals without accents: `ÉLUS` and `ELUS` count as
//! `élus`; as written if given with a capital: `LE MAIRE`), the keys they
//! got, its occurrences labelled a stopword (`avions` the verb), and the key
//! of the stemmer alone (the Snowball stem of the lower-case form, accents
//! folded):
//!
//! ```sh
//! cargo run --release --example word_keys -- --text-field question_text,reponse_text \
//!     ../shared/corpora/an_qg_l15/ -- nouvelle nouvelles nouvel nouveau
//! ```
//!
//! With `--capitals` instead of words, the occurrences of accented words
//! (an accent or a ligature), and the share of them whose key would be
//! another were each written in capitals without accents (`SECURITE` for
//! `sécurité`), by parole and by the stemmer alone:
//!
//! ```sh
//! cargo run --release --example word_keys -- --capitals \
//!     ../shared/corpora/viepublique_2020/ ../shared/corpora/an_qe_l16/
//! ```

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use parole::analyze::{fold, terms_at, TermItem, Token, TokenKind};
use parole::corpus::{Corpus, CorpusOptions, Item};
use parole::pipeline::{Config, Marks};
use parole::segment::{passages, PassageMode};
use rust_stemmers::{Algorithm, Stemmer};

const USAGE: &str = "usage: word_keys PATHS -- WORD...\n       \
                     word_keys --capitals PATHS\n\
                     PATHS: [--text-field F[,F...]] PATH..., repeated for paths of another field";

/// The terms of one word form: occurrences per key.
type Keys = BTreeMap<String, u64>;

fn main() -> ExitCode {
    // The paths, each group with the text field named before it.
    let mut groups: Vec<(CorpusOptions, Vec<PathBuf>)> =
        vec![(CorpusOptions::default(), Vec::new())];
    let mut words = Vec::new();
    let mut capitals = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--text-field" => match args.next() {
                Some(text_field) => {
                    let options = CorpusOptions {
                        text_field,
                        ..CorpusOptions::default()
                    };
                    groups.push((options, Vec::new()));
                }
                None => return usage("--text-field needs a value"),
            },
            "--capitals" => capitals = true,
            "--" => words.extend(args.by_ref()),
            _ => groups
                .last_mut()
                .expect("a group")
                .1
                .push(PathBuf::from(arg)),
        }
    }
    if groups.len() > 1 && groups.last().is_some_and(|(_, paths)| paths.is_empty()) {
        return usage("--text-field names the text field of the paths after it");
    }
    groups.retain(|(_, paths)| !paths.is_empty());
    // Words, or --capitals, not both.
    if groups.is_empty() || words.is_empty() != capitals {
        return usage("give paths, then either -- and words or --capitals");
    }
    let config = Config::builtin(PassageMode::Paragraph);
    // Every term by its surface form, as written, with the keys its
    // occurrences got.
    let mut forms: BTreeMap<String, Keys> = BTreeMap::new();
    // And the words labelled stopwords, by their surface form.
    let mut stopwords: BTreeMap<String, u64> = BTreeMap::new();
    let mut tokens: Vec<Token> = Vec::new();
    for (options, paths) in groups {
        let corpus = match Corpus::open(&paths, options) {
            Ok(corpus) => corpus,
            Err(e) => return fail(&e.to_string()),
        };
        for item in corpus {
            let doc = match item {
                Ok(Item::Document(doc)) => doc,
                Ok(Item::Skipped(_)) => continue,
                Err(e) => return fail(&e.to_string()),
            };
            let marks = Marks::of(&doc);
            for span in passages(&doc.text, doc.body_start, config.passage) {
                tokens.clear();
                config.analyze_passage(&doc, span, &marks, &mut tokens);
                for t in tokens
                    .iter()
                    .filter(|t| t.kind == TokenKind::Word && t.stopword)
                {
                    *stopwords.entry(t.text.to_string()).or_default() += 1;
                }
                for (range, term) in terms_at(&tokens) {
                    if let TermItem::Term { key, .. } = term {
                        // A name with its article is one term of two words.
                        let words: Vec<&str> =
                            tokens[range].iter().map(|t| t.text.as_str()).collect();
                        *forms
                            .entry(words.join(" "))
                            .or_default()
                            .entry(key.to_string())
                            .or_default() += 1;
                    }
                }
            }
        }
    }
    let stemmer = Stemmer::create(Algorithm::French);
    let stem_alone = |lower: &str| fold(&stemmer.stem(lower));
    // Each word of a name with its article alone.
    let stemmed_alone = |lower: &str| {
        let words: Vec<String> = lower.split(' ').map(stem_alone).collect();
        words.join(" ")
    };
    if capitals {
        capitals_report(&config, &forms, &stem_alone);
    } else {
        println!("word\tterms\tkeys\tstopwords\tstemmer alone");
        for word in &words {
            // In any case, and in capitals without accents; as written if
            // given with a capital.
            let is_word = |form: &str| {
                let lower = form.to_lowercase();
                match word.to_lowercase() {
                    _ if word.chars().any(char::is_uppercase) => form == word,
                    word => lower == word || (in_capitals(form) && lower == fold(&word)),
                }
            };
            let mut keys = Keys::new();
            for (_, got) in forms.iter().filter(|(form, _)| is_word(form)) {
                for (key, n) in got {
                    *keys.entry(key.clone()).or_default() += n;
                }
            }
            let labelled: u64 = stopwords
                .iter()
                .filter(|(form, _)| is_word(form))
                .map(|(_, n)| n)
                .sum();
            let shown: Vec<String> = keys.iter().map(|(k, n)| format!("{k} ({n})")).collect();
            println!(
                "{word}\t{}\t{}\t{labelled}\t{}",
                keys.values().sum::<u64>(),
                shown.join(", "),
                stemmed_alone(&word.to_lowercase())
            );
        }
    }
    ExitCode::SUCCESS
}

/// Written in capitals: letters, none of them lower-case.
fn in_capitals(form: &str) -> bool {
    form.chars().any(char::is_alphabetic) && !form.chars().any(char::is_lowercase)
}

/// The occurrences of accented words (an accent or a ligature), each
/// written in capitals without accents (`sécurité` as `SECURITE`), and
/// those of them whose key would then be another than the one they got, by
/// parole and by the stemmer alone.
fn capitals_report(
    config: &Config,
    forms: &BTreeMap<String, Keys>,
    stem_alone: &dyn Fn(&str) -> String,
) {
    let (mut all, mut apart, mut apart_alone) = (0u64, 0u64, 0u64);
    // Words, not names with their article.
    for (form, keys) in forms.iter().filter(|(form, _)| !form.contains(' ')) {
        let lower = form.to_lowercase();
        let folded = fold(&lower);
        if folded == lower {
            continue;
        }
        // The key the word gets written so, alone, as a heading writes it.
        let capitals: Vec<String> = config
            .analyzer
            .analyze(&folded.to_uppercase())
            .iter()
            .map(|t| t.key.to_string())
            .collect();
        let capitals = capitals.join(" ");
        for (got, &n) in keys {
            all += n;
            if capitals != *got {
                apart += n;
            }
        }
        if stem_alone(&folded) != stem_alone(&lower) {
            apart_alone += keys.values().sum::<u64>();
        }
    }
    let share = |n: u64| 100.0 * n as f64 / all.max(1) as f64;
    println!("occurrences of accented words: {all}");
    println!(
        "keyed apart when written in capitals without accents: {apart} ({:.1} %) by parole, \
         {apart_alone} ({:.1} %) by the stemmer alone",
        share(apart),
        share(apart_alone)
    );
}

fn usage(why: &str) -> ExitCode {
    eprintln!("word_keys: {why}\n{USAGE}");
    ExitCode::from(2)
}

fn fail(message: &str) -> ExitCode {
    eprintln!("word_keys: {message}");
    ExitCode::from(1)
}
