//! Table-driven tests of the French analyzer: input → tokens (the exact
//! bytes each span slices), kinds, keys and stopword labels.

use super::*;

fn analyzer() -> Analyzer {
    Analyzer::new(Stopwords::builtin())
}

/// The content words of `text`, as written.
fn content(text: &str) -> Vec<String> {
    analyzer()
        .analyze(text)
        .iter()
        .filter(|t| t.is_content())
        .map(|t| t.text.to_string())
        .collect()
}

/// One expected token: what `input[span]` is, its kind, key and stopword label.
type Expected<'a> = (&'a str, TokenKind, &'a str, bool);

const W: TokenKind = TokenKind::Word;
const N: TokenKind = TokenKind::Number;
const P: TokenKind = TokenKind::Punct;

#[track_caller]
fn assert_tokens(input: &str, expected: &[Expected<'_>]) {
    let tokens = analyzer().analyze(input);
    let got: Vec<(String, TokenKind, String, bool)> = tokens
        .iter()
        .map(|t| {
            (
                input[t.span.start..t.span.end].to_string(),
                t.kind,
                t.key.to_string(),
                t.stopword,
            )
        })
        .collect();
    let want: Vec<(String, TokenKind, String, bool)> = expected
        .iter()
        .map(|&(s, k, key, stop)| (s.to_string(), k, key.to_string(), stop))
        .collect();
    assert_eq!(got, want, "tokens of {input:?}");
}

#[test]
fn elisions_split_and_label_the_clitic() {
    assert_tokens("l’IA", &[("l’", W, "l'", true), ("IA", W, "ia", false)]);
    assert_tokens("L'IA", &[("L'", W, "l'", true), ("IA", W, "ia", false)]);
    assert_tokens(
        "lʼÉtat",
        &[("lʼ", W, "l'", true), ("État", W, "etat", false)],
    );
    assert_tokens(
        "d’assurer qu’il",
        &[
            ("d’", W, "d'", true),
            ("assurer", W, "assur", false),
            ("qu’", W, "qu'", true),
            ("il", W, "il", true),
        ],
    );
    assert_tokens(
        "jusqu’à",
        &[("jusqu’", W, "jusqu'", true), ("à", W, "a", true)],
    );
    assert_tokens(
        "lorsqu’on",
        &[("lorsqu’", W, "lorsqu'", true), ("on", W, "on", true)],
    );
    assert_tokens("s’est", &[("s’", W, "s'", true), ("est", W, "est", true)]);
    assert_tokens(
        "presqu’aucun",
        &[("presqu’", W, "presqu'", true), ("aucun", W, "aucun", true)],
    );
    assert_tokens(
        "quelqu'idée",
        &[("quelqu'", W, "quelqu'", true), ("idée", W, "ide", false)],
    );
    assert_tokens("ç’a", &[("ç’", W, "ç'", true), ("a", W, "a", true)]);
    assert_tokens("quelqu’un", &[("quelqu’un", W, "quelqu'un", true)]);
    assert_tokens("presqu’île", &[("presqu’île", W, "presqu'il", false)]);
    assert_tokens("n’a", &[("n’", W, "n'", true), ("a", W, "a", true)]);
    assert_tokens("c’est", &[("c’", W, "c'", true), ("est", W, "est", true)]);
    assert_tokens("j’ai", &[("j’", W, "j'", true), ("ai", W, "ai", true)]);
    // U+02BC is a letter: with only a soft hyphen after it, nothing follows
    // the clitic, which stays whole instead of leaving an empty token; the
    // soft hyphen after the word is not in its span.
    assert_tokens("jʼ\u{ad} x", &[("jʼ", W, "j'", true), ("x", W, "x", false)]);
    assert_tokens(
        "m’engage",
        &[("m’", W, "m'", true), ("engage", W, "engag", false)],
    );
    assert_tokens(
        "t’écoute",
        &[("t’", W, "t'", true), ("écoute", W, "ecout", false)],
    );
    assert_tokens(
        "puisqu’elle",
        &[("puisqu’", W, "puisqu'", true), ("elle", W, "elle", true)],
    );
    assert_tokens(
        "quoiqu’il",
        &[("quoiqu’", W, "quoiqu'", true), ("il", W, "il", true)],
    );
    // Two elisions in a row.
    assert_tokens(
        "jusqu’aujourd’hui",
        &[
            ("jusqu’", W, "jusqu'", true),
            ("aujourd’hui", W, "aujourd'hui", false),
        ],
    );
}

#[test]
fn a_clitic_before_a_quotation_or_a_number_is_still_a_clitic() {
    assert_tokens(
        "d’« ensauvagement »",
        &[
            ("d’", W, "d'", true),
            ("«", P, "«", false),
            ("ensauvagement", W, "ensauvag", false),
            ("»", P, "»", false),
        ],
    );
    assert_tokens("qu' il", &[("qu'", W, "qu'", true), ("il", W, "il", true)]);
    assert_tokens(
        "d’1,5 milliard",
        &[
            ("d’", W, "d'", true),
            ("1,5", N, "1,5", false),
            ("milliard", W, "milliard", false),
        ],
    );
    assert_tokens(
        "d'1 000 000",
        &[("d'", W, "d'", true), ("1 000 000", N, "1000000", false)],
    );
    // U+2018 typed for an apostrophe.
    assert_tokens(
        "l‘Europe",
        &[("l‘", W, "l'", true), ("Europe", W, "europ", false)],
    );
    // Not a clitic: the apostrophe is a closing quotation mark.
    assert_tokens(
        "‘mot’ A380",
        &[
            ("‘", P, "'", false),
            ("mot", W, "mot", false),
            ("’", P, "'", false),
            ("A380", W, "a380", false),
        ],
    );
}

#[test]
fn accents_typed_for_an_apostrophe_are_apostrophes_where_they_elide_or_join() {
    // The acute accent U+00B4 and the grave accent U+0060, as some keyboards
    // and OCR give them, are read as `‘` is: between two letters, or after
    // a clitic. Before, `l´environnement` was the terms `l` and
    // `environnement`, `d`une` the term `d`, `aujourd´hui` `aujourd` and `hui`.
    assert_tokens(
        "l´environnement d`une façon",
        &[
            ("l´", W, "l'", true),
            ("environnement", W, "environnement", false),
            ("d`", W, "d'", true),
            ("une", W, "une", true),
            ("façon", W, "facon", false),
        ],
    );
    assert_tokens("aujourd´hui", &[("aujourd´hui", W, "aujourd'hui", false)]);
    assert_tokens("aujourd`hui", &[("aujourd`hui", W, "aujourd'hui", false)]);
    assert_tokens(
        "qu´ il, d`« mot »",
        &[
            ("qu´", W, "qu'", true),
            ("il", W, "il", true),
            (",", P, ",", false),
            ("d`", W, "d'", true),
            ("«", P, "«", false),
            ("mot", W, "mot", false),
            ("»", P, "»", false),
        ],
    );
    // The token's text has the apostrophe unified, its span the text as read.
    let tokens = analyzer().analyze("d`une l´IA");
    let texts: Vec<&str> = tokens.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(texts, ["d'", "une", "l'", "IA"]);
    // Elsewhere, an accent or a quotation mark.
    assert_tokens(
        "`mot` A´",
        &[
            ("`", P, "'", false),
            ("mot", W, "mot", false),
            ("`", P, "'", false),
            ("A", W, "a", true),
            ("´", P, "'", false),
        ],
    );
}

#[test]
fn apostrophes_that_are_not_elisions_stay_whole() {
    assert_tokens("aujourd’hui", &[("aujourd’hui", W, "aujourd'hui", false)]);
    assert_tokens("aujourd'hui", &[("aujourd'hui", W, "aujourd'hui", false)]);
    assert_tokens("quelqu’un", &[("quelqu’un", W, "quelqu'un", true)]);
    assert_tokens("presqu’île", &[("presqu’île", W, "presqu'il", false)]);
    assert_tokens("prud’hommes", &[("prud’hommes", W, "prud'homm", false)]);
    // Also in capitals without accents, or typed without them: not a
    // clitic and a term (`ile`, `est-a-dire`).
    assert_tokens("PRESQU'ILE", &[("PRESQU'ILE", W, "presqu'il", false)]);
    assert_tokens("presqu'ile", &[("presqu'ile", W, "presqu'il", false)]);
    assert_tokens("C'EST-A-DIRE", &[("C'EST-A-DIRE", W, "c'est-a-dir", true)]);
    assert_tokens("c'est-a-dire", &[("c'est-a-dire", W, "c'est-a-dir", true)]);
}

#[test]
fn compounds_stay_whole_and_inversions_split() {
    assert_tokens("États-Unis", &[("États-Unis", W, "etat-unis", false)]);
    assert_tokens("Etats-Unis", &[("Etats-Unis", W, "etat-unis", false)]);
    assert_tokens("c’est-à-dire", &[("c’est-à-dire", W, "c'est-a-dir", true)]);
    assert_tokens("porte-parole", &[("porte-parole", W, "port-parol", false)]);
    assert_tokens(
        "agro-écologie",
        &[("agro-écologie", W, "agro-ecolog", false)],
    );
    assert_tokens(
        "Île-de-France",
        &[("Île-de-France", W, "ile-de-france", false)],
    );
    assert_tokens(
        "pourrait-elle",
        &[("pourrait", W, "pourr", false), ("elle", W, "elle", true)],
    );
    assert_tokens("a-t-il", &[("a", W, "a", true), ("il", W, "il", true)]);
    assert_tokens(
        "faut-il",
        &[("faut", W, "faut", false), ("il", W, "il", true)],
    );
    assert_tokens("dit-on", &[("dit", W, "dit", false), ("on", W, "on", true)]);
    assert_tokens(
        "qu’est-ce",
        &[
            ("qu’", W, "qu'", true),
            ("est", W, "est", true),
            ("ce", W, "ce", true),
        ],
    );
    assert_tokens(
        "donnez-nous",
        &[("donnez", W, "don", false), ("nous", W, "nous", true)],
    );
    assert_tokens("va-t-en", &[("va", W, "va", false), ("en", W, "en", true)]);
    assert_tokens("rendez-vous", &[("rendez-vous", W, "rend-vous", false)]);
    assert_tokens("garde-à-vous", &[("garde-à-vous", W, "gard-a-vous", false)]);
    // The particle of a demonstrative, as an inverted pronoun.
    assert_tokens(
        "moment-là",
        &[("moment", W, "moment", false), ("là", W, "la", true)],
    );
    assert_tokens(
        "fois-ci",
        &[("fois", W, "fois", false), ("ci", W, "ci", true)],
    );
    assert_tokens(
        "celui-là",
        &[("celui", W, "celui", true), ("là", W, "la", true)],
    );
    // A locution stays whole (and is a stopword, as `là` is).
    assert_tokens("là-bas", &[("là-bas", W, "la-bas", true)]);
}

#[test]
fn numbers_are_number_tokens() {
    assert_tokens(
        "109 milliards",
        &[
            ("109", N, "109", false),
            ("milliards", W, "milliard", false),
        ],
    );
    assert_tokens(
        "1\u{202F}000\u{202F}000",
        &[("1\u{202F}000\u{202F}000", N, "1000000", false)],
    );
    assert_tokens(
        "1\u{A0}000 euros",
        &[
            ("1\u{A0}000", N, "1000", false),
            ("euros", W, "euro", false),
        ],
    );
    assert_tokens("2,5", &[("2,5", N, "2,5", false)]);
    // Thousands with dots: the number was cut at its second dot.
    assert_tokens(
        "3.300.000 chômeurs",
        &[
            ("3.300.000", N, "3.300.000", false),
            ("chômeurs", W, "chomeur", false),
        ],
    );
    assert_tokens("1.000.000,5", &[("1.000.000,5", N, "1.000.000,5", false)]);
    assert_tokens(
        "le 12.03.2020",
        &[
            ("le", W, "le", true),
            ("12.03", N, "12.03", false),
            (".", P, ".", false),
            ("2020", N, "2020", false),
        ],
    );
    assert_tokens("12 %", &[("12 %", N, "12%", false)]);
    assert_tokens("12\u{202F}%", &[("12\u{202F}%", N, "12%", false)]);
    assert_tokens("2024-2025", &[("2024-2025", N, "2024-2025", false)]);
    assert_tokens(
        "XXIe siècle",
        &[("XXIe", N, "xxie", false), ("siècle", W, "siecl", false)],
    );
    assert_tokens(
        "1er janvier",
        &[("1er", N, "1er", false), ("janvier", W, "janvi", false)],
    );
    // An invisible character inside the suffix changes nothing: the
    // ordinal is read as its text is, without it.
    assert_tokens(
        "1e\u{ad}r janvier",
        &[
            ("1e\u{ad}r", N, "1er", false),
            ("janvier", W, "janvi", false),
        ],
    );
    // A year then a count: the four-digit group is not a thousands group.
    assert_tokens(
        "en 2024 500 emplois",
        &[
            ("en", W, "en", true),
            ("2024", N, "2024", false),
            ("500", N, "500", false),
            ("emplois", W, "emploi", false),
        ],
    );
    // The misspelt suffix `-ième` is an ordinal's too: `2ième` was a term.
    assert_tokens(
        "au 2ième trimestre",
        &[
            ("au", W, "au", true),
            ("2ième", N, "2ième", false),
            ("trimestre", W, "trimestr", false),
        ],
    );
    // So is `-ère` typed without its accent, as `-ème` is: `1ere` was a
    // term (key `1er`).
    assert_tokens(
        "la 1ere fois, les 1eres, 1ERE",
        &[
            ("la", W, "la", true),
            ("1ere", N, "1ere", false),
            ("fois", W, "fois", false),
            (",", P, ",", false),
            ("les", W, "le", true),
            ("1eres", N, "1eres", false),
            (",", P, ",", false),
            ("1ERE", N, "1ere", false),
        ],
    );
    // An ordinal with thousands groups is one number: `1 000e` was the
    // numbers `1` and `000e`.
    assert_tokens(
        "le 1 000e jour, le 10\u{202F}000e",
        &[
            ("le", W, "le", true),
            ("1 000e", N, "1000e", false),
            ("jour", W, "jour", false),
            (",", P, ",", false),
            ("le", W, "le", true),
            ("10\u{202F}000e", N, "10000e", false),
        ],
    );
    // So is a number with a unit right after its thousands: `000km` was
    // a term.
    assert_tokens("1 000km", &[("1 000km", N, "1000km", false)]);
    // But a word right after a group leaves the group out, as before.
    assert_tokens(
        "1 000euros",
        &[("1", N, "1", false), ("000euros", W, "000euro", false)],
    );
    // Digits with letters that are not an ordinal make a word.
    assert_tokens("la 5G", &[("la", W, "la", true), ("5G", W, "5g", false)]);
    // "Ce" and "Le" are not Roman ordinals.
    assert_tokens("Ce", &[("Ce", W, "ce", true)]);
}

#[test]
fn numero_and_the_ordinal_indicator_make_no_terms() {
    // `nº` (the masculine ordinal indicator U+00BA, a letter) right before
    // digits is the abbreviation of « numéro », a stopword, and the digits
    // a number, as in `Nº 12` or `n°12` (the degree sign is no letter):
    // `nº12` was a term.
    assert_tokens(
        "le nº12, Nº 12, n°12 et nº2019-1428",
        &[
            ("le", W, "le", true),
            ("nº", W, "nº", true),
            ("12", N, "12", false),
            (",", P, ",", false),
            ("Nº", W, "nº", true),
            ("12", N, "12", false),
            (",", P, ",", false),
            ("n", W, "n", true),
            ("°", P, "°", false),
            ("12", N, "12", false),
            ("et", W, "et", true),
            ("nº", W, "nº", true),
            ("2019-1428", N, "2019-1428", false),
        ],
    );
    // `1º` (primo) is an ordinal number, as `1er` and `1°` are: it was a term.
    assert_tokens(
        "le 1º rang, 2º et 1°",
        &[
            ("le", W, "le", true),
            ("1º", N, "1º", false),
            ("rang", W, "rang", false),
            (",", P, ",", false),
            ("2º", N, "2º", false),
            ("et", W, "et", true),
            ("1°", N, "1°", false),
        ],
    );
}

#[test]
fn times_are_number_tokens() {
    for (time, key) in [
        ("8h", "8h"),
        ("15h30", "15h30"),
        ("20h00", "20h00"),
        ("18H", "18h"),
        ("35h", "35h"),
        ("9 h 30", "9h30"),
        ("9\u{A0}h\u{202F}30", "9h30"),
        ("13 h", "13h"),
        ("3 h15", "3h15"),
        ("22h 40", "22h40"),
        ("14h30-16h", "14h30-16h"),
        ("24h/24", "24h/24"),
    ] {
        assert_tokens(time, &[(time, N, key, false)]);
    }
    assert_tokens(
        "de 21h à 6H.",
        &[
            ("de", W, "de", true),
            ("21h", N, "21h", false),
            ("à", W, "a", true),
            ("6H", N, "6h", false),
            (".", P, ".", false),
        ],
    );
    assert_tokens(
        "d’1h30",
        &[("d’", W, "d'", true), ("1h30", N, "1h30", false)],
    );
    // A word after the h, minutes that run on, more than two digits of
    // hours: no time, as before.
    assert_tokens(
        "15 heures",
        &[("15", N, "15", false), ("heures", W, "heur", false)],
    );
    // (`2 ha` is no time either, but two hectares: one number by its unit.)
    assert_tokens("2 ha", &[("2 ha", N, "2ha", false)]);
    assert_tokens("5h3", &[("5h3", W, "5h3", false)]);
    assert_tokens("15h300", &[("15h300", W, "15h300", false)]);
    assert_tokens("100h", &[("100h", W, "100h", false)]);
    assert_tokens(
        "15 h 300",
        &[("15 h", N, "15h", false), ("300", N, "300", false)],
    );
    assert_tokens(
        "1 000 h",
        &[("1 000", N, "1000", false), ("h", W, "h", false)],
    );
    // Letters first, or an h alone, make words.
    assert_tokens("H2", &[("H2", W, "h2", false)]);
    assert_tokens("h", &[("h", W, "h", false)]);
}

#[test]
fn code_article_numbers_are_number_tokens() {
    for (reference, key) in [
        ("L. 541-10-1", "l.541-10-1"),
        ("R.123-4", "r.123-4"),
        ("L2122-22", "l2122-22"),
        ("D. 12-3", "d.12-3"),
        ("L.\u{A0}1111-1", "l.1111-1"),
    ] {
        assert_tokens(reference, &[(reference, N, key, false)]);
    }
    assert_tokens(
        "l’article L. 541-10.",
        &[
            ("l’", W, "l'", true),
            ("article", W, "articl", false),
            ("L. 541-10", N, "l.541-10", false),
            (".", P, ".", false),
        ],
    );
    // No hyphen: an initial, or a letter, before a number.
    assert_tokens(
        "D. 12",
        &[
            ("D", W, "d", false),
            (".", P, ".", false),
            ("12", N, "12", false),
        ],
    );
    assert_tokens("L 12", &[("L", W, "l", false), ("12", N, "12", false)]);
    assert_tokens(
        "L. Dupont",
        &[
            ("L", W, "l", false),
            (".", P, ".", false),
            ("Dupont", W, "dupont", false),
        ],
    );
}

#[test]
fn dotted_acronyms_are_one_word_with_the_key_of_the_acronym() {
    let a = analyzer();
    for (dotted, plain) in [
        ("S.N.C.F.", "SNCF"),
        ("U.E.", "UE"),
        ("O.N.U.", "ONU"),
        ("P.-D.G.", "PDG"),
        ("P.D.G.", "PDG"),
        ("I.A.", "IA"),
        ("É.-U.", "ÉU"),
    ] {
        let tokens = a.analyze(dotted);
        let plain = a.analyze(plain)[0];
        assert_eq!(tokens.len(), 1, "{dotted}");
        let t = tokens[0];
        assert_eq!(
            (t.span, t.kind),
            (Span::new(0, dotted.len()), W),
            "{dotted}"
        );
        assert_eq!(
            (t.lower, t.folded, t.key, t.stopword),
            (plain.lower, plain.folded, plain.key, plain.stopword),
            "{dotted}"
        );
        assert_eq!(t.text, dotted, "shown as written");
    }
    // After a clitic, in a sentence, before a compound's hyphen.
    assert_tokens(
        "de l’O.N.U. et de la S.N.C.F., à l'U.E.-Chine",
        &[
            ("de", W, "de", true),
            ("l’", W, "l'", true),
            ("O.N.U.", W, "onu", false),
            ("et", W, "et", true),
            ("de", W, "de", true),
            ("la", W, "la", true),
            ("S.N.C.F.", W, "sncf", false),
            (",", P, ",", false),
            ("à", W, "a", true),
            ("l'", W, "l'", true),
            ("U.E.", W, "ue", false),
            ("-", P, "-", false),
            ("Chine", W, "chin", false),
        ],
    );
    // A single initial stays a word and its dot a mark; so does a letter
    // with no dot after it, or a lower-case one.
    assert_tokens(
        "J. Dupont, Charles de G.",
        &[
            ("J", W, "j", false),
            (".", P, ".", false),
            ("Dupont", W, "dupont", false),
            (",", P, ",", false),
            ("Charles", W, "charl", false),
            ("de", W, "de", true),
            ("G", W, "g", false),
            (".", P, ".", false),
        ],
    );
    assert_tokens(
        "A.T Kearney",
        &[
            ("A", W, "a", true),
            (".", P, ".", false),
            ("T", W, "t", true),
            ("Kearney", W, "kearney", false),
        ],
    );
    assert_tokens(
        "p.e.",
        &[
            ("p", W, "p", false),
            (".", P, ".", false),
            ("e", W, "e", false),
            (".", P, ".", false),
        ],
    );
}

#[test]
fn a_dotted_acronym_and_its_undotted_form_are_one_term_for_kwic_and_the_lexicon() {
    use crate::corpus::Document;
    use crate::kwic::{concordance, parse_query};
    let config = crate::pipeline::Config::builtin(crate::segment::PassageMode::Paragraph);
    let doc = Document {
        id: "d".into(),
        source: "d".into(),
        meta: Default::default(),
        text: "La SNCF et la S.N.C.F. ; le PDG, le P.-D.G.".into(),
        body_start: 0,
        encoding: "UTF-8".into(),
        warnings: Vec::new(),
    };
    for (query, found) in [
        ("SNCF", ["SNCF", "S.N.C.F."]),
        ("S.N.C.F.", ["SNCF", "S.N.C.F."]),
        ("pdg", ["PDG", "P.-D.G."]),
    ] {
        let query = parse_query(query, &config.analyzer, &config.lexicon).unwrap();
        let keywords: Vec<String> = concordance(&config, &doc, &query, 1, false)
            .lines
            .into_iter()
            .map(|line| line.keyword)
            .collect();
        assert_eq!(keywords, found);
    }
}

#[test]
fn the_last_dot_of_an_acronym_ends_a_sentence_for_neither_the_segmenter_nor_the_analyzer() {
    // The words that begin a sentence, as the segmenter cuts them and as the
    // analyzer marks them initial, for a paragraph.
    let starts = |text: &str| -> (Vec<String>, Vec<String>) {
        let tokens = analyzer().analyze(text);
        let words = tokens.iter().filter(|t| t.kind == W);
        let by_analyzer = words
            .clone()
            .filter(|t| t.initial)
            .map(|t| t.text.to_string())
            .collect();
        let by_segmenter = crate::segment::passages(text, 0, crate::segment::PassageMode::Sentence)
            .into_iter()
            .filter_map(|s| words.clone().find(|t| t.span.start >= s.start))
            .map(|t| t.text.to_string())
            .collect();
        (by_segmenter, by_analyzer)
    };
    for (text, expected) in [
        // Read as an initial's: the sentence goes on, as after "J.".
        ("Le contrat de la S.N.C.F. Elle le signe.", &["Le"][..]),
        ("Le P.-D.G. Guillaume Pepy parle. Il part.", &["Le", "Il"]),
        ("Selon l’O.N.U. Le rapport suit. Fin.", &["Selon", "Fin"]),
        ("Selon J. Martin. Ensuite il part.", &["Selon", "Ensuite"]),
        ("Selon M. Dupont. Le rapport suit.", &["Selon", "Le"]),
    ] {
        let (by_segmenter, by_analyzer) = starts(text);
        assert_eq!(by_segmenter, expected, "{text}");
        assert_eq!(by_analyzer, expected, "{text}");
    }
}

#[test]
fn urls_emails_mentions_hashtags() {
    use TokenKind::*;
    assert_tokens(
        "Voir https://parole.example/a?b=1. Écrire à contact@parti.example, @MaireDeLyon #Climat",
        &[
            ("Voir", Word, "voir", false),
            (
                "https://parole.example/a?b=1",
                Url,
                "https://parole.example/a?b=1",
                false,
            ),
            (".", Punct, ".", false),
            ("Écrire", Word, "ecrir", false),
            ("à", Word, "a", true),
            (
                "contact@parti.example",
                Email,
                "contact@parti.example",
                false,
            ),
            (",", Punct, ",", false),
            ("@MaireDeLyon", Mention, "@mairedelyon", false),
            ("#Climat", Hashtag, "#climat", false),
        ],
    );
    assert_tokens(
        "www.gouv.example",
        &[("www.gouv.example", Url, "www.gouv.example", false)],
    );
    // A closing bracket the URL opened stays in it; one it did not open does not.
    let wiki = "https://fr.wikipedia.org/wiki/Loi_(France)";
    assert_tokens(
        &format!("({wiki}.)"),
        &[
            ("(", Punct, "(", false),
            (wiki, Url, &wiki.to_lowercase(), false),
            (".", Punct, ".", false),
            (")", Punct, ")", false),
        ],
    );
    // Nor does the angle bracket that closes a URL set off by brackets
    // (`<https://…>`, as e-mail and Markdown write them): no URL holds one.
    assert_tokens(
        "<https://parole.example/a>.",
        &[
            ("<", Punct, "<", false),
            (
                "https://parole.example/a",
                Url,
                "https://parole.example/a",
                false,
            ),
            (">", Punct, ">", false),
            (".", Punct, ".", false),
        ],
    );
}

#[test]
fn bare_domain_names_are_urls() {
    use TokenKind::*;
    // Cited without `www.`, a site's name was three words, and `gouv` and
    // `fr` were terms.
    assert_tokens(
        "Sur impots.gouv.fr, service-public.fr/particuliers et 1jeune1solution.gouv.fr.",
        &[
            ("Sur", Word, "sur", true),
            ("impots.gouv.fr", Url, "impots.gouv.fr", false),
            (",", Punct, ",", false),
            (
                "service-public.fr/particuliers",
                Url,
                "service-public.fr/particuliers",
                false,
            ),
            ("et", Word, "et", true),
            (
                "1jeune1solution.gouv.fr",
                Url,
                "1jeune1solution.gouv.fr",
                false,
            ),
            (".", Punct, ".", false),
        ],
    );
    assert_tokens(
        "d’ameli.fr",
        &[
            ("d’", Word, "d'", true),
            ("ameli.fr", Url, "ameli.fr", false),
        ],
    );
    // No domain: a sentence's end, a dotted acronym, inclusive writing, a
    // decimal number, an e-mail address, a domain that goes on as a word.
    for text in [
        "la France. Fr",
        "la S.N.C.F.",
        "les citoyen.ne.s",
        "3.5 fr",
        "10.000",
        "jean.dupont@ameli.fr",
        "ameli.fr-x",
        "ameli.france",
    ] {
        let kinds: Vec<TokenKind> = analyzer().analyze(text).iter().map(|t| t.kind).collect();
        assert!(!kinds.contains(&Url), "{text}: {kinds:?}");
    }
}

#[test]
fn spaces_invisibles_and_decomposed_text() {
    // No-break spaces before French punctuation are spaces.
    assert_tokens(
        "enjeu\u{202F}: oui\u{A0}!",
        &[
            ("enjeu", W, "enjeu", false),
            (":", P, ":", false),
            ("oui", W, "oui", false),
            ("!", P, "!", false),
        ],
    );
    // A soft hyphen inside a word does not split it and is not in the key.
    assert_tokens(
        "souve\u{AD}raineté",
        &[("souve\u{AD}raineté", W, "souverainet", false)],
    );
    // Zero-width space inside a word.
    assert_tokens(
        "régu\u{200B}lation",
        &[("régu\u{200B}lation", W, "regul", false)],
    );
    // NFD (e + combining acute) gives the same key as NFC; the span keeps the
    // decomposed bytes.
    let nfd = "e\u{301}cologie";
    assert_tokens(nfd, &[(nfd, W, "ecolog", false)]);
    assert_eq!(analyzer().analyze(nfd)[0].text, "écologie");
}

#[test]
fn avions_is_the_verb_after_nous_and_the_planes_elsewhere() {
    let stop = |text: &str| -> Vec<bool> {
        analyzer()
            .analyze(text)
            .iter()
            .filter(|t| t.lower.as_str() == "avions")
            .map(|t| t.stopword)
            .collect()
    };
    assert_eq!(stop("Nous avions des avions."), [true, false]);
    assert_eq!(
        stop("Nous les avions vus, nous n'en avions pas."),
        [true, true]
    );
    assert_eq!(
        stop("Que n'avions-nous dit ! Avions-nous tort ?"),
        [true, true]
    );
    assert_eq!(
        stop("Les avions nous survolent. Ces avions, nous les gardons."),
        [false, false]
    );
    assert_eq!(stop("Nous achetons trois avions."), [false]);
}

#[test]
fn es_is_the_verb_after_tu_and_a_word_elsewhere() {
    // `es` is the verb after `tu` (pronouns between), `t'` or `n'`, or
    // before `-tu`; before, `tu es` gave the key term `e`.
    assert_eq!(
        labels_of(
            "es",
            "Tu es là. Tu n'es pas seul, tu l'es. Es-tu prêt ? T'es où ? Tu t'es trompé."
        ),
        [true, true, true, true, true, true]
    );
    // Elsewhere, a word: the baccalauréat's series.
    assert_eq!(
        labels_of("es", "les séries S, ES et L ; les ES"),
        [false, false]
    );
    assert_eq!(term_keys("tu es grand"), ["|", "|", "grand"]);
}

/// The stopword label of each occurrence of `word` (lower-cased) in `text`.
fn labels_of(word: &str, text: &str) -> Vec<bool> {
    analyzer()
        .analyze(text)
        .iter()
        .filter(|t| t.kind == W && t.lower.as_str() == word)
        .map(|t| t.stopword)
        .collect()
}

#[test]
fn ete_is_the_season_after_l_cet_d_and_the_participle_elsewhere() {
    assert_eq!(
        labels_of(
            "été",
            "Cet été, l’été dernier, en été, les vacances d'été ont été courtes."
        ),
        [false, false, false, false, true]
    );
    assert_eq!(
        labels_of("été", "Il a été élu, il a déjà été, chaque été."),
        [true, true, false]
    );
    assert_eq!(labels_of("été", "Elle l'a été. L’ÉTÉ"), [true, false]);
}

#[test]
fn est_with_its_capital_after_a_word_is_the_cardinal_point() {
    assert_eq!(
        labels_of(
            "est",
            "La région Grand Est et les pays de l’Est, à l'Est de l'Europe."
        ),
        [false, false, false]
    );
    // The verb: at a sentence start, in an inversion, or in lower case.
    assert_eq!(
        labels_of(
            "est",
            "Est-ce vrai ? Il dit : « Est-il là ? » Alors Est-ce fini ? Il est là."
        ),
        [true, true, true, true]
    );
}

#[test]
fn sommes_is_the_noun_after_a_determiner() {
    assert_eq!(
        labels_of(
            "sommes",
            "Les sommes versées, ces sommes et des sommes importantes."
        ),
        [false, false, false]
    );
    assert_eq!(
        labels_of(
            "sommes",
            "Nous sommes prêts, nous le sommes, en sommes-nous sûrs ?"
        ),
        [true, true, true]
    );
}

#[test]
fn sur_of_bien_sur_is_a_stopword_as_bien_is() {
    assert_eq!(
        labels_of(
            "sûr",
            "Bien sûr, nous agirons ; bien sûr que non. Un pays sûr, j’en suis sûr."
        ),
        [true, true, false, false]
    );
}

#[test]
fn stage_directions_are_asides() {
    let kinds = |text: &str| -> Vec<(String, TokenKind)> {
        analyzer()
            .analyze(text)
            .iter()
            .map(|t| (text[t.span.start..t.span.end].to_string(), t.kind))
            .collect()
    };
    const A: TokenKind = TokenKind::Aside;
    assert_eq!(
        kinds("Merci. (Applaudissements sur les bancs du groupe LR.) Bien."),
        [
            ("Merci".to_string(), W),
            (".".into(), P),
            ("(".into(), P),
            ("Applaudissements".into(), A),
            ("sur".into(), A),
            ("les".into(), A),
            ("bancs".into(), A),
            ("du".into(), A),
            ("groupe".into(), A),
            ("LR".into(), A),
            (".".into(), P),
            (")".into(), P),
            ("Bien".into(), W),
            (".".into(), P),
        ]
    );
    // Nested brackets close with the outer one.
    let nested = kinds("(Exclamations (vives) sur les bancs 2.) Suite");
    assert!(nested[..nested.len() - 1]
        .iter()
        .all(|(_, k)| matches!(*k, A | P)));
    assert_eq!(nested.last().unwrap().1, W);
    // Words that say so anywhere in the brackets.
    for text in [
        "Bien. (M. Jean Lassalle applaudit.) Merci.",
        "Bien. (« Enfin ! » sur les bancs du groupe LR.) Merci.",
        "Bien. (Mmes et MM. les députés se lèvent et applaudissent.) Merci.",
        "Bien. (Rire et exclamations sur les bancs du groupe LR.) Merci.",
    ] {
        let words: Vec<String> = kinds(text)
            .into_iter()
            .filter(|(_, k)| *k == W)
            .map(|(w, _)| w)
            .collect();
        assert_eq!(words, ["Bien", "Merci"], "{text}");
    }
    // Other brackets, and one left open, are speech.
    for text in [
        "Nous agirons (et vite).",
        "(Applaudissements sur les bancs",
        "La loi (article 3) applaudit par avance, disent-ils",
    ] {
        assert!(kinds(text).iter().all(|(_, k)| *k != A), "{text}");
    }
    let totals = crate::count::TokenTotals::of(&analyzer().analyze("Oui. (Rires.)"));
    assert_eq!((totals.tokens, totals.content_tokens), (1, 1));
}

#[test]
fn a_line_break_is_a_token_that_starts_a_sentence() {
    let a = analyzer();
    for (text, brk) in [
        ("Nous soutenons\nLe Gouvernement.", "\n"),
        ("Nous soutenons\r\n\r\nLe Gouvernement.", "\r\n\r\n"),
        ("Nous soutenons \u{2029} Le Gouvernement.", "\u{2029}"),
        ("Nous soutenons\u{2028}Le Gouvernement.", "\u{2028}"),
        ("Nous soutenons\u{85}Le Gouvernement.", "\u{85}"),
        ("Nous soutenons\u{C}Le Gouvernement.", "\u{C}"),
    ] {
        let tokens = a.analyze(text);
        let kinds: Vec<(&str, TokenKind, bool, &str)> = tokens
            .iter()
            .map(|t| {
                let s = &text[t.span.start..t.span.end];
                (s, t.kind, t.initial, t.display.as_str())
            })
            .collect();
        assert_eq!(
            kinds,
            [
                ("Nous", W, true, "nous"),
                ("soutenons", W, false, "soutenons"),
                (brk, P, false, LINE_BREAK),
                ("Le", W, true, "le"),
                ("Gouvernement", W, false, "Gouvernement"),
                (".", P, false, "."),
            ],
            "{text:?}"
        );
        // So the article is no name's: `Le Gouvernement` is two words.
        assert!(!joins_names(&tokens), "{text:?}");
    }
    // Nor is a bracket closed on the next line a stage direction.
    let tokens = a.analyze("(Applaudissements\nsur les bancs.)");
    assert!(tokens.iter().all(|t| t.kind != TokenKind::Aside));
    // Spaces alone are no break.
    assert!(a
        .analyze("Un\u{A0}deux \t trois")
        .iter()
        .all(|t| t.kind == W));
}

#[test]
fn keys_fold_after_stemming() {
    let a = analyzer();
    assert_eq!(a.key("état"), a.key("etat"));
    assert_eq!(a.key("états"), "etat");
    assert_eq!(a.key("œuvre"), a.key("oeuvre"));
    assert_eq!(a.key("souveraineté"), "souverainet");
    assert_eq!(a.key("ressources"), a.key("ressource"));
}

#[test]
fn capitals_without_accents_get_the_key_of_the_accented_word() {
    let a = analyzer();
    let key = |text: &str| a.analyze(text)[0].key.to_string();
    for (capitals, accented) in [
        ("SECURITE", "sécurité"),
        ("BIODIVERSITE", "biodiversité"),
        ("EGALITE", "égalité"),
        ("SOUVERAINETE", "souveraineté"),
        ("ACTIVITES", "activités"),
        ("ENGAGEE", "engagée"),
        ("ENGAGEES", "engagées"),
        ("FRONTIERE", "frontière"),
        ("FRONTIERES", "frontières"),
        ("ACCES", "accès"),
        ("PROGRES", "progrès"),
        ("ECOLOGIE", "écologie"),
        ("ETAT", "État"),
    ] {
        assert_eq!(key(capitals), key(accented), "{capitals}");
    }
    // Only words in capitals with no accent at all: a lower-case or
    // accented spelling is taken as written.
    assert_eq!(key("securite"), "securit");
    assert_eq!(key("SÉCURITE"), "securit");
    // Too short to carry the ending.
    assert_eq!(key("ITE"), key("ite"));
}

#[test]
fn stopwords_are_labelled_not_deleted_and_capitals_fold() {
    let tokens = analyzer().analyze("LA FRANCE A DIT");
    let stops: Vec<bool> = tokens.iter().map(|t| t.stopword).collect();
    assert_eq!(stops, [true, false, true, false]);
}

#[test]
fn words_without_accents_are_stopwords_as_their_accented_forms() {
    let stops = |text: &str| -> Vec<(String, bool)> {
        analyzer()
            .analyze(text)
            .iter()
            .filter(|t| t.kind == W)
            .map(|t| (t.display_form().to_string(), t.stopword))
            .collect()
    };
    // Typed without accents: `etre`, `tres`, `deja`, `ca` are `être`,
    // `très`, `déjà`, `ça`.
    for (text, accented) in [
        (
            "Il faut etre tres clair, deja ca.",
            "Il faut être très clair, déjà ça.",
        ),
        ("Nous meme, apres", "Nous même, après"),
    ] {
        let plain = stops(text);
        let labels: Vec<bool> = plain.iter().map(|w| w.1).collect();
        let expected: Vec<bool> = stops(accented).iter().map(|w| w.1).collect();
        assert_eq!(labels, expected, "{plain:?}");
    }
    // A word written with an accent is taken as written: `prés` (meadows)
    // folds as `près` but is no stopword.
    assert_eq!(
        stops("les prés"),
        [("les".to_string(), true), ("prés".to_string(), false)]
    );
}

#[test]
fn interjections_of_speech_and_etc_are_stopwords() {
    // Transcribed interviews: « eh bien » and « etc. » were key terms.
    assert_eq!(
        content("Eh bien, ah oui, oh non : des routes, etc."),
        ["oui", "non", "routes"]
    );
    assert_eq!(content("EH BIEN, ETC."), Vec::<String>::new());
    // « ô combien »: the interjection, with or without its capital; a
    // capital letter alone is a name (`Cédric O`), not `Ô` without accent.
    assert_eq!(
        content("Ô rage, ô combien ! Cédric O, CÉDRIC O."),
        ["rage", "Cédric", "O", "CÉDRIC", "O"]
    );
}

#[test]
fn display_forms_keep_acronyms_and_proper_nouns() {
    let tokens = analyzer().analyze("Souveraineté de la France. La CNIL contrôle l’IA.");
    let shown: Vec<String> = tokens
        .iter()
        .filter(|t| t.kind == W)
        .map(|t| t.display_form().to_string())
        .collect();
    assert_eq!(
        shown,
        [
            "souveraineté",
            "de",
            "la",
            "France",
            "la",
            "CNIL",
            "contrôle",
            "l'",
            "IA"
        ]
    );
}

#[test]
fn the_number_of_a_heading_or_a_list_item_keeps_the_sentence_start() {
    let shown = |text: &str| -> Vec<String> {
        analyzer()
            .analyze(text)
            .iter()
            .filter(|t| t.kind == W)
            .map(|t| t.display_form().to_string())
            .collect()
    };
    assert_eq!(shown("## 4.1 Appliquer la loi"), ["appliquer", "la", "loi"]);
    assert_eq!(shown("2) Protéger la France"), ["protéger", "la", "France"]);
    // Within a sentence, a number starts nothing.
    assert_eq!(shown("Il y a 3 Français"), ["il", "y", "a", "Français"]);
}

#[test]
fn the_dot_of_an_abbreviation_or_an_initial_starts_no_sentence() {
    let shown = |text: &str| -> Vec<String> {
        analyzer()
            .analyze(text)
            .iter()
            .filter(|t| t.kind == W)
            .map(|t| t.display_form().to_string())
            .collect()
    };
    assert_eq!(shown("Selon M. Dupont."), ["selon", "M", "Dupont"]);
    assert_eq!(
        shown("Selon J. Martin. Ensuite"),
        ["selon", "J", "Martin", "ensuite"]
    );
    // A real sentence end still drops the capital of the next word.
    assert_eq!(shown("Il parle. Ensuite"), ["il", "parle", "ensuite"]);
}

#[test]
fn spans_are_document_offsets() {
    let text = "Préambule. Nous faisons face à un enjeu de souveraineté.";
    let offset = text.find("Nous").unwrap();
    let tokens = analyzer().analyze_at(&text[offset..], offset);
    let last_word = tokens.iter().rev().find(|t| t.kind == W).unwrap();
    assert_eq!(
        &text[last_word.span.start..last_word.span.end],
        "souveraineté"
    );
}

#[test]
fn pinned_stems() {
    // A stemmer upgrade that changes these keys changes every report: pin them.
    let a = analyzer();
    let pinned = [
        ("souveraineté", "souverainet"),
        ("souverain", "souverain"),
        ("régulation", "regul"),
        ("réglementation", "reglement"),
        ("écologique", "ecolog"),
        ("environnementale", "environnemental"),
        ("transitions", "transit"),
        ("agroécologiques", "agroecolog"),
        ("naturelles", "naturel"),
        ("données", "donnee"),
        ("personnelles", "personnel"),
        ("intelligence", "intelligent"),
        ("artificielle", "artificiel"),
        ("investissements", "invest"),
        ("numérique", "numer"),
    ];
    for (word, stem) in pinned {
        assert_eq!(a.key(word), stem, "key of {word}");
    }
}

#[test]
fn a_word_analysed_on_one_thread_is_shared_with_the_others() {
    let analyzer = analyzer();
    let text = "La souveraineté alimentaire, enjeu stratégique.";
    let first = std::thread::scope(|s| s.spawn(|| analyzer.analyze(text)).join().unwrap());
    assert!(analyzer.shared.read().unwrap().contains_key("souveraineté"));
    // A thread with an empty cache of its own reads the shared analyses.
    let second = std::thread::scope(|s| s.spawn(|| analyzer.analyze(text)).join().unwrap());
    assert_eq!(first, second);
    assert_eq!(first, analyzer.analyze(text));
}

#[test]
fn analyzers_with_different_stopwords_share_nothing() {
    let with_enjeu =
        Analyzer::new(Stopwords::parse("enjeu\n", std::path::Path::new("x.txt")).unwrap());
    let builtin = analyzer();
    let text = "Un enjeu.";
    let stop = |a: &Analyzer| {
        std::thread::scope(|s| s.spawn(|| a.analyze(text)).join().unwrap())
            .iter()
            .find(|t| t.text == "enjeu")
            .unwrap()
            .stopword
    };
    assert!(stop(&with_enjeu));
    assert!(!stop(&builtin));
    assert!(with_enjeu.analyze(text)[1].stopword && !builtin.analyze(text)[1].stopword);
}

/// The terms of a text (see [`terms`]): keys, with `|` for each break.
fn term_keys(text: &str) -> Vec<String> {
    let tokens = analyzer().analyze(text);
    terms(&tokens)
        .map(|item| match item {
            TermItem::Term { key, .. } => key.to_string(),
            TermItem::Break => "|".to_string(),
        })
        .collect()
}

#[test]
fn a_name_with_its_article_is_one_term_in_the_middle_of_a_sentence() {
    assert_eq!(
        term_keys("Marine Le Pen répond à Bruno Le Maire sur La Réunion."),
        [
            "marin",
            "le pen",
            "repond",
            "|",
            "bruno",
            "le mair",
            "|",
            "la reunion",
            "|"
        ]
    );
    // After a comma, a semicolon, a number or an abbreviation's dot.
    assert_eq!(
        term_keys("Les Verts, Les Républicains ; M. Le Maire et 3 Le Havre"),
        [
            "|",
            "vert",
            "|",
            "les republicain",
            "|",
            "|",
            "|",
            "le mair",
            "|",
            "|",
            "le havr"
        ]
    );
    // Also after a comma that follows the number opening a line; not
    // after one between quoted sentences.
    assert_eq!(
        term_keys("2022, Le Pen obtient 41 %."),
        ["|", "|", "le pen", "obtient", "|", "|"]
    );
    assert_eq!(
        term_keys("« Non ! », « Le Pen ! »"),
        ["|", "non", "|", "|", "|", "|", "|", "pen", "|", "|"]
    );
    // In capitals, as transcripts write surnames, after a first name.
    assert_eq!(
        term_keys("avec Bruno LE MAIRE et Jean-Yves LE DRIAN"),
        ["|", "bruno", "le mair", "|", "jean-yve", "le drian"]
    );
    // In capitals after a civility title, with or without its dot.
    assert_eq!(
        term_keys("reçu Madame LE PEN, M. LE MAIRE, Mme LE PEN et MM. LES REPUBLICAINS"),
        [
            "recu",
            "|",
            "le pen",
            "|",
            "|",
            "|",
            "le mair",
            "|",
            "|",
            "le pen",
            "|",
            "|",
            "|",
            "les republicain"
        ]
    );
    assert_eq!(
        term_keys("reçu madame LE PEN et MONSIEUR LE MAIRE"),
        ["recu", "|", "le pen", "|", "|", "le mair"]
    );
    // The display form joins the two as written; the tokens are unchanged.
    let tokens = analyzer().analyze("interroge Mme Le Pen");
    assert_eq!(tokens.len(), 4);
    assert!(tokens[2].stopword);
    let shown: Vec<String> = terms(&tokens)
        .filter_map(|item| match item {
            TermItem::Term {
                display, initial, ..
            } => Some(format!("{display}{}", if initial { "^" } else { "" })),
            TermItem::Break => None,
        })
        .collect();
    assert_eq!(shown, ["interroge^", "Le Pen"]);
}

#[test]
fn a_no_break_space_joins_a_name_to_its_article_as_a_space_does() {
    // U+00A0 and U+202F, which typography puts after a short word: before,
    // `Le\u{A0}Pen` was counted under `pen`.
    assert_eq!(
        term_keys("interroge Le\u{A0}Pen à La\u{202F}Rochelle"),
        ["interrog", "le pen", "|", "la rochel"]
    );
    assert_eq!(
        term_keys("avec Bruno\u{A0}LE\u{A0}MAIRE et Madame\u{202F}LE PEN"),
        ["|", "bruno", "le mair", "|", "|", "le pen"]
    );
    // One space still, of whatever kind.
    assert_eq!(
        term_keys("interroge Le\u{A0}\u{A0}Pen, Le \u{A0}Pen"),
        ["interrog", "|", "pen", "|", "|", "pen"]
    );
}

#[test]
fn an_article_whose_capital_says_nothing_stays_a_stopword() {
    // At a sentence start.
    assert_eq!(
        term_keys("Le Pen parle. Le Maire aussi."),
        ["|", "pen", "parl", "|", "|", "mair", "|", "|"]
    );
    // After an opening quote, a bracket or a colon.
    assert_eq!(
        term_keys("il lit « Le Monde »"),
        ["|", "lit", "|", "|", "mond", "|"]
    );
    assert_eq!(
        term_keys("dit : Le Président"),
        ["dit", "|", "|", "president"]
    );
    assert_eq!(
        term_keys("voir (La Poste)"),
        ["voir", "|", "|", "post", "|"]
    );
    // In lower case, before a lower-case word, in capitals, or not right
    // before the name.
    assert_eq!(
        term_keys("interroge le Président"),
        ["interrog", "|", "president"]
    );
    assert_eq!(term_keys("interroge Le maire"), ["interrog", "|", "mair"]);
    assert_eq!(term_keys("interroge LE PEN"), ["interrog", "|", "pen"]);
    // In capitals, only between a first name and a name in capitals.
    assert_eq!(term_keys("POUR LA FRANCE"), ["|", "|", "france"]);
    assert_eq!(
        term_keys("voir Bruno LE Maire"),
        ["voir", "bruno", "|", "mair"]
    );
    assert_eq!(
        term_keys("voir Bruno, LE MAIRE"),
        ["voir", "bruno", "|", "|", "mair"]
    );
    // A title before an office, or apart from the article.
    assert_eq!(
        term_keys("MONSIEUR LE PRÉSIDENT, Madame LA MINISTRE"),
        ["|", "|", "president", "|", "|", "|", "ministr"]
    );
    assert_eq!(
        term_keys("voir M., LE MAIRE et Madame  LE PEN"),
        ["voir", "|", "|", "|", "|", "mair", "|", "|", "|", "pen"]
    );
    assert_eq!(term_keys("interroge Le  Pen"), ["interrog", "|", "pen"]);
    assert_eq!(
        term_keys("interroge Le de Gaulle"),
        ["interrog", "|", "|", "gaull"]
    );
}

#[test]
fn inclusive_writing_is_one_word_with_the_key_of_its_masculine() {
    // The middle dot, or a full stop before a known ending, joins the
    // feminine and plural endings to the word; the key is that of the
    // masculine, plural when the last ending ends with s.
    assert_tokens(
        "Les élu·e·s, citoyen·ne·s et agriculteur⋅rice⋅s ; salarié·es, travailleur.euse.s.",
        &[
            ("Les", W, "le", true),
            ("élu·e·s", W, "elu", false),
            (",", P, ",", false),
            ("citoyen·ne·s", W, "citoyen", false),
            ("et", W, "et", true),
            ("agriculteur⋅rice⋅s", W, "agriculteur", false),
            (";", P, ";", false),
            ("salarié·es", W, "salari", false),
            (",", P, ",", false),
            ("travailleur.euse.s", W, "travailleur", false),
            (".", P, ".", false),
        ],
    );
    // A singular ending keeps the singular, and a stopword stays one.
    let key = |text: &str| analyzer().analyze(text)[0].key.to_string();
    assert_eq!(key("citoyen·ne"), key("citoyen"));
    assert_eq!(key("élu·e"), key("élu"));
    assert!(analyzer().analyze("tou·te·s")[0].stopword);
    // In capitals too, but for the full stop, whose capitals are an
    // acronym's: `E` and `S` were terms.
    assert_tokens(
        "CHER·E·S ÉLU·E·S, CITOYEN•NE•S",
        &[
            ("CHER·E·S", W, "cher", false),
            ("ÉLU·E·S", W, "elu", false),
            (",", P, ",", false),
            ("CITOYEN•NE•S", W, "citoyen", false),
        ],
    );
    // Not inclusive writing: a sentence's end, an abbreviation, an
    // unknown ending after a full stop, a dotted acronym.
    assert_tokens(
        "fin. Les i.e. mot.suite S.N.C.F.",
        &[
            ("fin", W, "fin", false),
            (".", P, ".", false),
            ("Les", W, "le", true),
            ("i", W, "i", false),
            (".", P, ".", false),
            ("e", W, "e", false),
            (".", P, ".", false),
            ("mot", W, "mot", false),
            (".", P, ".", false),
            ("suite", W, "suit", false),
            ("S.N.C.F.", W, "sncf", false),
        ],
    );
}

#[test]
fn a_parenthesised_ending_is_part_of_its_word() {
    // Administrative French writes both forms at once; the word has the key
    // and stopword label of its masculine, plural when the last ending ends
    // with s or is x, as inclusive writing does.
    assert_tokens(
        "Le ou les parti(s) concerné(s) et l'intéressé(e), au(x) élu(e)s ; quel(le)(s) salarié(es).",
        &[
            ("Le", W, "le", true),
            ("ou", W, "ou", true),
            ("les", W, "le", true),
            ("parti(s)", W, "parti", false),
            ("concerné(s)", W, "concern", false),
            ("et", W, "et", true),
            ("l'", W, "l'", true),
            ("intéressé(e)", W, "interess", false),
            (",", P, ",", false),
            ("au(x)", W, "aux", true),
            ("élu(e)s", W, "elu", false),
            (";", P, ";", false),
            ("quel(le)(s)", W, "quel", true),
            ("salarié(es)", W, "salari", false),
            (".", P, ".", false),
        ],
    );
    let key = |text: &str| analyzer().analyze(text)[0].key.to_string();
    assert_eq!(key("politique(s)"), key("politiques"));
    assert_eq!(key("directeur(rice)"), key("directeur"));
    assert_eq!(key("nouveau(x)"), key("nouveaux"));
    // Not an ending: a bracket after a space, a capital or a single
    // letter, an unknown ending, a letter right after the bracket.
    assert_tokens(
        "mot (s) PME(s) f(x) mot(premier) mot(s)u",
        &[
            ("mot", W, "mot", false),
            ("(", P, "(", false),
            ("s", W, "s", false),
            (")", P, ")", false),
            ("PME", W, "pme", false),
            ("(", P, "(", false),
            ("s", W, "s", false),
            (")", P, ")", false),
            ("f", W, "f", false),
            ("(", P, "(", false),
            ("x", W, "x", false),
            (")", P, ")", false),
            ("mot", W, "mot", false),
            ("(", P, "(", false),
            ("premier", W, "premi", false),
            (")", P, ")", false),
            ("mot", W, "mot", false),
            ("(", P, "(", false),
            ("s", W, "s", false),
            (")", P, ")", false),
            ("u", W, "u", false),
        ],
    );
}

#[test]
fn units_written_with_a_slash_belong_to_their_number() {
    assert_tokens(
        "50 km/h, 3 m/s ; 95 g/km et 1,5 kWh/m² ; 60 m3/h ; 4 L/min, la vitesse en km/h",
        &[
            ("50 km/h", N, "50km/h", false),
            (",", P, ",", false),
            ("3 m/s", N, "3m/s", false),
            (";", P, ";", false),
            ("95 g/km", N, "95g/km", false),
            ("et", W, "et", true),
            ("1,5 kWh/m²", N, "1,5kwh/m²", false),
            (";", P, ";", false),
            ("60 m3/h", N, "60m3/h", false),
            (";", P, ";", false),
            ("4 L/min", N, "4l/min", false),
            (",", P, ",", false),
            ("la", W, "la", true),
            ("vitesse", W, "vitess", false),
            ("en", W, "en", true),
            ("km", W, "km", false),
            ("/", P, "/", false),
            ("h", W, "h", false),
        ],
    );
    // A distance is a number with its unit (see below), and what follows
    // the slash a word.
    assert_tokens(
        "50 km/hab",
        &[
            ("50 km", N, "50km", false),
            ("/", P, "/", false),
            ("hab", W, "hab", false),
        ],
    );
}

#[test]
fn units_of_length_area_mass_and_energy_belong_to_their_number() {
    // Before, each unit was a term (`km`, `kg`, `mw`…).
    assert_tokens(
        "50 km, 10 kg, 3 MW, 100 m², 100 m2, 5 ha et 400 GWh ; 1,5 km, 12kg, 2\u{A0}TWh.",
        &[
            ("50 km", N, "50km", false),
            (",", P, ",", false),
            ("10 kg", N, "10kg", false),
            (",", P, ",", false),
            ("3 MW", N, "3mw", false),
            (",", P, ",", false),
            ("100 m²", N, "100m²", false),
            (",", P, ",", false),
            ("100 m2", N, "100m2", false),
            (",", P, ",", false),
            ("5 ha", N, "5ha", false),
            ("et", W, "et", true),
            ("400 GWh", N, "400gwh", false),
            (";", P, ";", false),
            ("1,5 km", N, "1,5km", false),
            (",", P, ",", false),
            ("12kg", N, "12kg", false),
            (",", P, ",", false),
            ("2\u{A0}TWh", N, "2twh", false),
            (".", P, ".", false),
        ],
    );
    // Not a symbol that is also a word, nor one that starts a longer
    // word: `M` (`3 M. Dupont`), `t`, `l`, `a`, `kms`, `m'`.
    assert_tokens(
        "3 M, 2 t, 1 l, 1 a, 50 kms, 2 m'ont",
        &[
            ("3", N, "3", false),
            ("M", W, "m", true),
            (",", P, ",", false),
            ("2", N, "2", false),
            ("t", W, "t", true),
            (",", P, ",", false),
            ("1", N, "1", false),
            ("l", W, "l", false),
            (",", P, ",", false),
            ("1", N, "1", false),
            ("a", W, "a", true),
            (",", P, ",", false),
            ("50", N, "50", false),
            ("kms", W, "kms", false),
            (",", P, ",", false),
            ("2", N, "2", false),
            ("m'", W, "m'", true),
            ("ont", W, "ont", true),
        ],
    );
}

#[test]
fn degrees_and_euros_belong_to_their_number() {
    assert_tokens(
        "1,5 °C, 2°C, 30°, 10 €, 3 Md€ et 2,5 Mds€ ; 100 k€, 5 Cévennes, 10 Mdsx",
        &[
            ("1,5 °C", N, "1,5°c", false),
            (",", P, ",", false),
            ("2°C", N, "2°c", false),
            (",", P, ",", false),
            ("30°", N, "30°", false),
            (",", P, ",", false),
            ("10 €", N, "10€", false),
            (",", P, ",", false),
            ("3 Md€", N, "3md€", false),
            ("et", W, "et", true),
            ("2,5 Mds€", N, "2,5mds€", false),
            (";", P, ";", false),
            ("100 k€", N, "100k€", false),
            (",", P, ",", false),
            ("5", N, "5", false),
            ("Cévennes", W, "ceven", false),
            (",", P, ",", false),
            ("10", N, "10", false),
            ("Mdsx", W, "mdsx", false),
        ],
    );
}

#[test]
fn a_word_typed_without_the_accent_of_its_ending_is_given_it_back() {
    let a = analyzer();
    assert_eq!(a.accented_ending("securite").as_deref(), Some("securité"));
    assert_eq!(a.key("securité"), a.key("sécurité"));
    assert_eq!(a.accented_ending("egalite").as_deref(), Some("egalité"));
    // Words whose key the accent does not change, words with an accent,
    // capitals and short words are left as they are.
    for word in [
        "souverainete",
        "sécurité",
        "Securite",
        "SECURITE",
        "site",
        "climat",
        "securite*",
    ] {
        assert_eq!(a.accented_ending(word), None, "{word}");
    }
}

#[test]
fn a_text_without_accents_is_one_of_many_letters_none_of_them_accented() {
    use super::written_without_accents;
    let plain = "Nous parlons du budget de la commune et du travail des agents. ".repeat(25);
    assert!(written_without_accents(&plain));
    // Typographic apostrophes, quotes and no-break spaces are no letters.
    let typeset = plain.replace("Nous", "«\u{a0}L’agent\u{a0}»");
    assert!(written_without_accents(&typeset));
    // One accented letter, `œ`, a letter of another script, or too few
    // letters: not French typed without accents.
    for other in [
        format!("{plain}é"),
        format!("{plain}cœur"),
        format!("{plain}Москва"),
        plain[..900].to_string(),
    ] {
        assert!(
            !written_without_accents(&other),
            "{}",
            &other[other.len() - 20..]
        );
    }
}

#[test]
fn an_abbreviation_of_c_est_a_dire_is_one_stopword_with_its_key() {
    let key = analyzer().analyze("c’est-à-dire")[0].key.to_string();
    for abbreviation in ["c.-à-d.", "c-à-d", "c.à.d.", "C.-À-D.", "càd", "c.-a-d."] {
        assert_tokens(
            &format!("loi, {abbreviation} règle"),
            &[
                ("loi", W, "loi", false),
                (",", P, ",", false),
                (abbreviation, W, &key, true),
                ("règle", W, "regl", false),
            ],
        );
    }
    // `CAD` is also an acronym, and `C.A.D.` one written with dots.
    assert_tokens("CAD", &[("CAD", W, "cad", false)]);
    assert_tokens("C.A.D.", &[("C.A.D.", W, "cad", false)]);
}

#[test]
fn hyphenated_locutions_are_stopwords_as_their_prepositions_are() {
    assert_eq!(
        content(
            "Au-delà des mots, vis-à-vis de nos partenaires, au-dessus de la moyenne, \
             ci-dessous, là-bas, par-delà les frontières ; AU-DELA, au-dela."
        ),
        ["mots", "partenaires", "moyenne", "frontières"]
    );
}

#[test]
fn inclusive_writing_with_hyphens_has_the_key_of_its_dotted_form() {
    let first = |text: &str| analyzer().analyze(text)[0];
    for (hyphens, dots) in [
        ("étudiant-e-s", "étudiant·e·s"),
        ("enseignant-es", "enseignant·es"),
        ("citoyen-ne-s", "citoyen·ne·s"),
        ("citoyen-ne", "citoyen·ne"),
        ("agriculteur-rice-s", "agriculteur·rice·s"),
        ("travailleur-euse-s", "travailleur·euse·s"),
        ("infirmier-ère-s", "infirmier·ère·s"),
        ("élu-e", "élu·e"),
        ("tou-te-s", "tou·te·s"),
    ] {
        let (h, d) = (first(hyphens), first(dots));
        assert_eq!(
            (h.text.as_str(), h.key.as_str(), h.stopword),
            (hyphens, d.key.as_str(), d.stopword),
        );
    }
    assert_eq!(first("étudiant-e-s").key, first("étudiants").key);
    // Compounds are one word, and none is read as inclusive writing.
    for compound in [
        "franco-allemand",
        "peut-être",
        "c'est-à-dire",
        "porte-parole",
        "vingt-et-un",
        "Saint-Étienne",
        "Jean-Luc",
        "e-commerce",
        "Île-de-France",
        "mi-temps",
        "Aix-les-Bains",
    ] {
        assert_eq!(analyzer().analyze(compound).len(), 1, "{compound}");
        assert_eq!(inclusive_base(&compound.to_lowercase()), None, "{compound}");
    }
}
