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
//!
//! With `--feminines` instead of words, the feminine words in `-trice`,
//! `-euse` or `-anne` (singular or plural, alone or as a part of a
//! compound) that parole gives the key of their masculine in `-teur`,
//! `-eur` or `-an` (`directrice`, `directeur`; `chercheuse`, `chercheur`;
//! `paysanne`, `paysan`) while the stemmer alone gives them another key
//! than that masculine: their distinct forms (singular and plural apart, in
//! any case, with or without accents: `Électrice` and `ELECTRICE` are
//! `électrice`) and their occurrences, then each form with its
//! occurrences, its masculine, the key they share and the keys of the
//! stemmer alone, the most frequent first. The ending only proposes the
//! masculine; the key the word got says whether parole took it for one
//! (`matrice` has none of `mateur`'s).
//! On the four shared corpora, the reserved questions to the government
//! with their answers in two fields:
//!
//! ```sh
//! cargo run --release --example word_keys -- --feminines \
//!     ../shared/corpora/an_qe_l16/ ../shared/corpora/debats_presidentiels/ \
//!     ../shared/corpora/viepublique_2020/ \
//!     --text-field question_text,reponse_text ../shared/corpora/an_qg_l15/
//! ```

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use parole::analyze::{fold, terms_at, TermItem, Token, TokenKind};
use parole::corpus::{Corpus, CorpusOptions, Item};
use parole::pipeline::{Config, Marks};
use parole::segment::{passages, PassageMode};
use rust_stemmers::{Algorithm, Stemmer};

const USAGE: &str = "usage: word_keys PATHS -- WORD...\n       \
                     word_keys --capitals PATHS\n       \
                     word_keys --feminines PATHS\n\
                     PATHS: [--text-field F[,F...]] PATH..., repeated for paths of another field";

/// The terms of one word form: occurrences per key.
type Keys = BTreeMap<String, u64>;

fn main() -> ExitCode {
    // The paths, each group with the text field named before it.
    let mut groups: Vec<(CorpusOptions, Vec<PathBuf>)> =
        vec![(CorpusOptions::default(), Vec::new())];
    let mut words = Vec::new();
    let (mut capitals, mut feminines) = (false, false);
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
            "--feminines" => feminines = true,
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
    // Words, --capitals or --feminines, one of them.
    let modes = usize::from(!words.is_empty()) + usize::from(capitals) + usize::from(feminines);
    if groups.is_empty() || modes != 1 {
        return usage("give paths, then one of -- and words, --capitals, --feminines");
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
    // A reader's `head` closing the pipe early is no error.
    let written = if capitals {
        capitals_report(&config, &forms, &stem_alone)
    } else if feminines {
        feminines_report(&config, &forms, &stem_alone)
    } else {
        words_report(&words, &forms, &stopwords, &stemmed_alone)
    };
    match written {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => fail(&e.to_string()),
        _ => ExitCode::SUCCESS,
    }
}

/// For each word asked for, its occurrences, the keys they got, how many
/// were labelled stopwords, and the key of the stemmer alone.
fn words_report(
    words: &[String],
    forms: &BTreeMap<String, Keys>,
    stopwords: &BTreeMap<String, u64>,
    stemmed_alone: &dyn Fn(&str) -> String,
) -> io::Result<()> {
    let mut out = io::stdout().lock();
    writeln!(out, "word\tterms\tkeys\tstopwords\tstemmer alone")?;
    for word in words {
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
        writeln!(
            out,
            "{word}\t{}\t{}\t{labelled}\t{}",
            keys.values().sum::<u64>(),
            shown.join(", "),
            stemmed_alone(&word.to_lowercase())
        )?;
    }
    Ok(())
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
) -> io::Result<()> {
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
    let mut out = io::stdout().lock();
    writeln!(out, "occurrences of accented words: {all}")?;
    writeln!(
        out,
        "keyed apart when written in capitals without accents: {apart} ({:.1} %) by parole, \
         {apart_alone} ({:.1} %) by the stemmer alone",
        share(apart),
        share(apart_alone)
    )
}

/// The feminine words (`-trice`, `-euse`, `-anne`) that parole gives the
/// key of their masculine (`-teur`, `-eur`, `-an`) and the stemmer alone
/// another key than that masculine: how many distinct forms and
/// occurrences, then each form, the most frequent first.
fn feminines_report(
    config: &Config,
    forms: &BTreeMap<String, Keys>,
    stem_alone: &dyn Fn(&str) -> String,
) -> io::Result<()> {
    // By the lower-case form, accents folded: its spellings in lower case,
    // with their occurrences keyed as their masculine.
    let mut found: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
    // Words, not names with their article.
    for (form, keys) in forms.iter().filter(|(form, _)| !form.contains(' ')) {
        let lower = form.to_lowercase();
        let Some(masculine) = masculine_of(&lower) else {
            continue;
        };
        if stem_alone(&lower) == stem_alone(&masculine) {
            continue;
        }
        if let Some(&n) = keys.get(&config.analyzer.key(&masculine)) {
            *found
                .entry(fold(&lower))
                .or_default()
                .entry(lower)
                .or_default() += n;
        }
    }
    let mut rows: Vec<(u64, &str)> = found
        .values()
        .map(|spellings| {
            // The most frequent spelling, then the accented one.
            let (spelling, _) = spellings
                .iter()
                .max_by_key(|(s, &n)| (n, s.len()))
                .expect("a form has a spelling");
            (spellings.values().sum(), spelling.as_str())
        })
        .collect();
    rows.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "feminine words keyed as their masculine by parole, not by the stemmer alone: \
         {} distinct forms, {} occurrences",
        rows.len(),
        rows.iter().map(|(n, _)| n).sum::<u64>()
    )?;
    writeln!(out, "form\toccurrences\tmasculine\tkey\tstemmer alone")?;
    for (n, spelling) in rows {
        let masculine = masculine_of(spelling).expect("a feminine has a masculine");
        writeln!(
            out,
            "{spelling}\t{n}\t{masculine}\t{}\t{} / {}",
            config.analyzer.key(&masculine),
            stem_alone(spelling),
            stem_alone(&masculine)
        )?;
    }
    Ok(())
}

/// The masculine of a lower-case word in `-trice`, `-euse` or `-anne`,
/// singular or plural, in `-teur`, `-eur` or `-an` (`directrices` →
/// `directeurs`), each part of a compound alike; `None` for a word with
/// no such part. Whether parole takes it for that masculine is its key's
/// business: `matrice` is no feminine of `mateur`, nor `nombreuse` of
/// `nombreur`.
fn masculine_of(lower: &str) -> Option<String> {
    let mut changed = false;
    let parts: Vec<String> = lower
        .split('-')
        .map(|part| {
            let (singular, s) = match part.strip_suffix('s') {
                Some(singular) => (singular, "s"),
                None => (part, ""),
            };
            let masculine = [("trice", "teur"), ("euse", "eur"), ("anne", "an")]
                .iter()
                .find_map(|(f, m)| singular.strip_suffix(f).map(|base| format!("{base}{m}{s}")));
            changed |= masculine.is_some();
            masculine.unwrap_or_else(|| part.to_string())
        })
        .collect();
    changed.then(|| parts.join("-"))
}

fn usage(why: &str) -> ExitCode {
    eprintln!("word_keys: {why}\n{USAGE}");
    ExitCode::from(2)
}

fn fail(message: &str) -> ExitCode {
    eprintln!("word_keys: {message}");
    ExitCode::from(1)
}
