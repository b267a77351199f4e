//! Speaker labels of transcripts: the parts of a document that say who
//! speaks rather than say anything. Interviews and debates published as text
//! name the speaker before each turn, as a line of its own ("BRUNO LE
//! MAIRE"), before a colon ("LA JOURNALISTE : …"), before a dot and a dash
//! ("M. COTTA.- …") or with the interview markers "Q -" and "R -". Counted
//! as words, the names of the journalists and ministers would be the top key
//! terms and n-grams of any collection of interviews. This module finds the
//! labels of a document, as byte spans; the pipeline marks their tokens as
//! asides (see [`crate::analyze::mark_speaker_labels`]).
//!
//! A form is taken for a label only when the document repeats it: a short
//! line that occurs once is a heading or a sentence, a speaker speaks twice.
//! The dot and dash are the exception: no sentence opens that way.
//!
//! It also finds the credit line that closes a published statement, which
//! says where the text was taken from rather than anything of its own
//! ("Source : Service d'information du Gouvernement, le 9 octobre 2020"):
//! marked as an aside too, it does not make `source`, `service` and
//! `information` key terms of every collection of official statements.
//! And the thematic lines of Iramuteq corpora (`-*sante`), which mark a
//! part of a text rather than say anything.

use rustc_hash::FxHashMap as HashMap;

use crate::analyze::Span;
use crate::segment::{is_blank, line_break_at, lines, trim};

/// Longest speaker label, in bytes.
const LABEL_MAX_BYTES: usize = 60;

/// Longest speaker label, in words.
const LABEL_MAX_WORDS: usize = 6;

/// Titles that may open a name written in capitals (`M. DURAND : …`).
const TITLES: &[&str] = &["M.", "MM.", "Mme", "Mmes", "Mlle", "Me", "Mgr", "Dr", "Pr"];

/// What a label candidate is counted as: forms of one speaker share a count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Form<'a> {
    /// A name, on its line or before a colon.
    Name(&'a str),
    /// `Q -` or `R -`: the two count together.
    Interview,
    /// A name before `.-` (`M. COTTA.- …`): a label even once.
    Dashed,
}

/// The speaker labels of `text` from byte `body_start`, in text order.
///
/// Four forms are recognised, the first three only when they occur at
/// least twice in the document:
///
/// - **a line of its own**, short (at most 6 words and 60 bytes), of words
///   only (no digit, no punctuation but hyphens, apostrophes and dots),
///   opening on a capital and ending on a letter: `BRUNO LE MAIRE`,
///   `Journaliste`, `Le Président de la République`; the span is the line;
/// - **a name in capitals before a colon** opening a line, possibly after a
///   title: `LA JOURNALISTE : …`, `M. DURAND : …`; the span is the name;
/// - **the interview markers** `Q` and `R` opening a line before a dash or a
///   colon: `Q - Que dites-vous… ?`, `R - Que le respect…`; the span is the
///   letter, and the two letters count together;
/// - **a name before `.-`** opening a line, as the transcripts of the 1980s
///   write labels: `M. COTTA.- J'ajoute…`, `Valéry GISCARD D'ESTAING.- …`;
///   its last word in capitals, every word opening on a capital; the span
///   is the name. This form is found even once: the older debates are
///   published a turn per document.
///
/// ```
/// use parole::speakers::speaker_labels;
/// let text = "LA JOURNALISTE : Bonjour.\nMATHIS CARRERE : Bonjour.\n\
///             LA JOURNALISTE : Et l’écologie ?\nMATHIS CARRERE : Au cœur.";
/// let labels: Vec<&str> = speaker_labels(text, 0)
///     .iter()
///     .map(|s| &text[s.start..s.end])
///     .collect();
/// assert_eq!(labels, ["LA JOURNALISTE", "MATHIS CARRERE", "LA JOURNALISTE", "MATHIS CARRERE"]);
/// ```
pub fn speaker_labels(text: &str, body_start: usize) -> Vec<Span> {
    // The lines as passages see them, so that a label line is a passage.
    let mut candidates: Vec<(Span, Form)> = Vec::new();
    for line in lines(text, body_start) {
        if let Some((len, form)) = label(&text[line.start..line.end]) {
            candidates.push((Span::new(line.start, line.start + len), form));
        }
    }
    if candidates.is_empty() {
        return Vec::new();
    }
    // A name is counted in NFC: typed with composed accents in one turn and
    // combining ones in another, it is one speaker's.
    let counted: Vec<(Form, Option<String>)> = candidates
        .iter()
        .map(|&(_, form)| match form {
            Form::Name(name) if !crate::rename::is_nfc(name) => {
                (form, Some(crate::rename::to_nfc(name)))
            }
            _ => (form, None),
        })
        .collect();
    fn key<'a>((form, nfc): &'a (Form<'a>, Option<String>)) -> Form<'a> {
        nfc.as_deref().map_or(*form, Form::Name)
    }
    let mut counts: HashMap<Form, u32> = HashMap::default();
    for one in &counted {
        *counts.entry(key(one)).or_default() += 1;
    }
    candidates
        .iter()
        .zip(&counted)
        .filter(|(_, one)| counts[&key(one)] >= 2 || one.0 == Form::Dashed)
        .map(|((span, _), _)| *span)
        .collect()
}

/// Longest credit line, in bytes.
const CREDIT_MAX_BYTES: usize = 200;

/// The months of a credit line's date, as the French write them.
const MONTHS: &[&str] = &[
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// The credit line that closes the body of `text` (from byte
/// `body_start`), if its last line is one: at most 200 bytes, opening on
/// the word `Source` or `Sources` (either case) before a colon or a web
/// address, and ending on the date the text was published, `le` and a day,
/// a month and a year, with or without a final dot. So official statements
/// end:
/// `Source : Service d'information du Gouvernement, le 9 octobre 2020`,
/// `Source https://www.diplomatie.gouv.fr, le 1er octobre 2020`.
///
/// ```
/// use parole::speakers::credit_line;
/// let text = "Nous agirons.\nSource https://www.elysee.fr, le 1er octobre 2020\n";
/// let span = credit_line(text, 0).unwrap();
/// assert_eq!(&text[span.start..span.end], "Source https://www.elysee.fr, le 1er octobre 2020");
/// assert_eq!(credit_line("Source de richesse, la mer nous nourrit.", 0), None);
/// ```
pub fn credit_line(text: &str, body_start: usize) -> Option<Span> {
    let body = text.get(body_start..)?.trim_end_matches(is_blank);
    // A credit line ends on the digits of a year: nearly every document is
    // told apart by its last byte.
    let year_end = body.trim_end_matches(|c: char| c == '.' || is_blank(c));
    if !year_end.ends_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let end = body_start + body.len();
    // The last line is looked for among the last bytes only: a longer line
    // is no credit line.
    let from = end.saturating_sub(CREDIT_MAX_BYTES + 8).max(body_start);
    let bytes = text.as_bytes();
    let start = match (from..end)
        .rev()
        .find_map(|k| line_break_at(bytes, k).map(|n| k + n))
    {
        Some(start) => start,
        None if from == body_start => from,
        None => return None,
    };
    let line = trim(text, Span::new(start, end))?;
    is_credit(&text[line.start..line.end]).then_some(line)
}

/// The thematic lines of the body of `text` (from `body_start`), in order:
/// lines of one word opened by `-*` (`-*sante`, `-*economie`), with which
/// Iramuteq corpora mark the parts of a text. Blanks around the word are
/// allowed, and are not in the span.
///
/// ```
/// use parole::speakers::thematic_lines;
/// let text = "-*sante\nLa santé publique.\n  -*dette \nLa dette.\n-* x\n";
/// let lines: Vec<&str> = thematic_lines(text, 0)
///     .iter()
///     .map(|s| &text[s.start..s.end])
///     .collect();
/// assert_eq!(lines, ["-*sante", "-*dette"]);
/// ```
pub fn thematic_lines(text: &str, body_start: usize) -> Vec<Span> {
    let Some(body) = text.get(body_start..) else {
        return Vec::new();
    };
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    for at in memchr::memmem::find_iter(body.as_bytes(), "-*").map(|k| body_start + k) {
        // At the start of a line, after blanks at most.
        let before = &text[body_start..at];
        let opens_line = match before.rfind(|c: char| c != ' ' && c != '\t') {
            None => true,
            Some(k) => line_break_at(bytes, body_start + k).is_some(),
        };
        if !opens_line {
            continue;
        }
        let rest = &text[at + 2..];
        let word_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let after = &rest[word_end..];
        let line_ends = after
            .find(|c: char| c != ' ' && c != '\t')
            .map_or(true, |k| line_break_at(after.as_bytes(), k).is_some());
        if word_end > 0 && line_ends {
            found.push(Span::new(at, at + 2 + word_end));
        }
    }
    found
}

/// `line`, trimmed, is a credit line (see [`credit_line`]).
fn is_credit(line: &str) -> bool {
    if line.len() > CREDIT_MAX_BYTES {
        return false;
    }
    let rest = ["Sources", "sources", "Source", "source"]
        .iter()
        .find_map(|w| line.strip_prefix(w))
        .filter(|rest| {
            let rest = rest.trim_start();
            rest.starts_with(':') || rest.starts_with("http") || rest.starts_with("www.")
        });
    let Some(rest) = rest else {
        return false;
    };
    let mut words = rest.trim_end_matches('.').split_whitespace().rev();
    let (Some(year), Some(month), Some(day), Some(le)) =
        (words.next(), words.next(), words.next(), words.next())
    else {
        return false;
    };
    let day = day.strip_suffix("er").unwrap_or(day);
    year.len() == 4
        && year.bytes().all(|b| b.is_ascii_digit())
        && MONTHS.iter().any(|m| month.eq_ignore_ascii_case(m))
        && (1..=2).contains(&day.len())
        && day.bytes().all(|b| b.is_ascii_digit())
        && le == "le"
}

/// The speaker of the turn that the passage `span` of `text` belongs to,
/// as its label is written, given the document's `labels` (from
/// [`speaker_labels`]): the last label that starts at or before the
/// passage, unless another one starts inside it (a passage of several
/// turns has no single speaker). `None` before the first label, or when
/// the document has none.
pub fn turn_speaker<'t>(text: &'t str, labels: &[Span], span: Span) -> Option<&'t str> {
    let k = labels.partition_point(|l| l.start <= span.start);
    let label = *labels[..k].last()?;
    let another = labels.get(k).is_some_and(|l| l.start < span.end);
    (!another).then(|| &text[label.start..label.end])
}

/// The label a trimmed line opens with, if any: its length in bytes and
/// what it counts as.
fn label(line: &str) -> Option<(usize, Form<'_>)> {
    // Every form opens on a capital letter: most lines are rejected here.
    if !line.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    if let Some(len) = interview_marker(line) {
        return Some((len, Form::Interview));
    }
    if is_label_line(line) {
        return Some((line.len(), Form::Name(line)));
    }
    if let Some(name) = name_before_dash(line) {
        return Some((name.len(), Form::Dashed));
    }
    name_before_colon(line).map(|name| (name.len(), Form::Name(name)))
}

/// The name that opens `line` before `.-` (or `. -`) and a space: words
/// opening on a capital (`M.`, `J.`, `Valéry`), the last in capitals
/// (`COTTA`, `D'ESTAING`), at most 6 words and 60 bytes.
fn name_before_dash(line: &str) -> Option<&str> {
    // Searched on bytes: the first 64 bytes may end inside a character.
    let head = &line.as_bytes()[..line.len().min(LABEL_MAX_BYTES + 4)];
    let dot = memchr::memchr_iter(b'-', head).find_map(|dash| match head[..dash] {
        [.., b'.'] => Some(dash - 1),
        [.., b'.', b' '] => Some(dash - 2),
        _ => None,
    })?;
    let after = line[dot + 1..].trim_start_matches(' ').strip_prefix('-')?;
    if !after.starts_with(char::is_whitespace) {
        return None;
    }
    let name = &line[..dot];
    let words: Vec<&str> = name.split_whitespace().collect();
    let last = words.last()?;
    let is_word = |w: &&str| {
        w.starts_with(char::is_uppercase) && w.chars().all(|c| c.is_alphabetic() || is_name_mark(c))
    };
    let in_capitals = last.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && !last.chars().any(char::is_lowercase);
    (name.len() <= LABEL_MAX_BYTES
        && words.len() <= LABEL_MAX_WORDS
        && words.iter().all(is_word)
        && in_capitals)
        .then_some(name)
}

/// `Q` or `R`, then optional spaces, a dash or a colon and a space.
fn interview_marker(line: &str) -> Option<usize> {
    let rest = line.strip_prefix(['Q', 'R'])?;
    let mut chars = rest.trim_start_matches(char::is_whitespace).chars();
    let mark = matches!(chars.next(), Some('-' | '–' | '—' | ':'));
    (mark && chars.next().is_some_and(char::is_whitespace)).then_some(1)
}

/// A line that can be a label: short, made of words (letters, with
/// hyphens, apostrophes or the dot of a title), ending on a letter.
fn is_label_line(line: &str) -> bool {
    line.len() <= LABEL_MAX_BYTES
        && line
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphabetic() || is_combining(c))
        && line
            .chars()
            .all(|c| c.is_alphabetic() || c.is_whitespace() || is_name_mark(c))
        && line.split_whitespace().count() <= LABEL_MAX_WORDS
}

/// The marks a name may hold besides letters: `PANNIER-RUNACHER`,
/// `D’ESTAING`, `M.`, and accents typed as combining characters
/// (`BE\u{301}ATRICE`).
fn is_name_mark(c: char) -> bool {
    matches!(c, '-' | '\'' | '’' | '.') || is_combining(c)
}

/// An accent typed after its letter (U+0300 to U+036F).
fn is_combining(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}')
}

/// The name in capitals that opens `line` before a colon, without the
/// spaces before the colon.
fn name_before_colon(line: &str) -> Option<&str> {
    // After a title, the name; the walk stops at the first character that
    // cannot be part of a name in capitals (nearly always the second).
    let title = TITLES
        .iter()
        .find(|t| {
            line.strip_prefix(**t)
                .is_some_and(|rest| rest.starts_with(char::is_whitespace))
        })
        .map_or(0, |t| t.len());
    let mut letters = 0;
    for (k, c) in line[title..].char_indices() {
        let k = title + k;
        if k > LABEL_MAX_BYTES {
            return None;
        }
        if c.is_uppercase() {
            letters += 1;
        } else if c == ':' {
            let name = line[..k].trim_end_matches(char::is_whitespace);
            let spaced = !line[k + 1..].starts_with(|c: char| !c.is_whitespace());
            let words = name.split_whitespace().count() - usize::from(title > 0);
            return (spaced && letters >= 2 && words <= LABEL_MAX_WORDS).then_some(name);
        } else if !(c.is_whitespace() || is_name_mark(c)) {
            return None;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(text: &str) -> Vec<&str> {
        speaker_labels(text, 0)
            .iter()
            .map(|s| &text[s.start..s.end])
            .collect()
    }

    #[test]
    fn names_on_their_own_line_repeated_are_labels() {
        let text = "ORIANE MANCINI\nBonjour.\nAGNES PANNIER-RUNACHER\nBonjour Oriane MANCINI.\n\
                    ORIANE MANCINI\nMerci.\n AGNES PANNIER-RUNACHER \r\nMerci à vous.";
        assert_eq!(
            labels(text),
            [
                "ORIANE MANCINI",
                "AGNES PANNIER-RUNACHER",
                "ORIANE MANCINI",
                "AGNES PANNIER-RUNACHER"
            ]
        );
        let text = "Journaliste\nUne question.\nLe Président de la République\nUne réponse.\n\
                    Journaliste\nUne autre.\nLe Président de la République\nUne autre réponse.";
        assert_eq!(labels(text).len(), 4);
    }

    #[test]
    fn a_short_line_said_once_is_no_label() {
        assert!(labels("Présentation\nLe plan.\nConclusion\nMerci.").is_empty());
        assert!(labels("BRUNO LE MAIRE\nBonjour.").is_empty());
    }

    #[test]
    fn lines_with_digits_final_punctuation_or_many_words_are_no_labels() {
        for line in [
            "Oui mais…",
            "(...)",
            "Vive la République !",
            "Nous ne lâcherons rien sur rien du tout",
            "I. COVID-19",
            "bonjour à tous",
        ] {
            let text = format!("{line}\nTexte.\n{line}\nTexte.");
            assert!(labels(&text).is_empty(), "{line}");
        }
    }

    #[test]
    fn accents_typed_as_combining_characters_are_part_of_a_label() {
        let text = "MME BE\u{301}ATRICE DURAND\nBonjour.\nLE JOURNALISTE\nUne question.\n\
                    MME BE\u{301}ATRICE DURAND\nMerci.\nLE JOURNALISTE\nAu revoir.";
        assert_eq!(labels(text).len(), 4);
        let text = "MME BE\u{301}ATRICE DURAND : Bonjour.\nLE JOURNALISTE : Une question.\n\
                    MME BE\u{301}ATRICE DURAND : Merci.\nLE JOURNALISTE : Au revoir.";
        assert_eq!(labels(text)[0], "MME BE\u{301}ATRICE DURAND");
        assert_eq!(labels(text).len(), 4);
        // Typed once composed and once decomposed, a name said twice is a label.
        let text = "MME B\u{c9}ATRICE DURAND : Bonjour.\nLE JOURNALISTE : Une question.\n\
                    MME BE\u{301}ATRICE DURAND : Merci.\nLE JOURNALISTE : Au revoir.";
        assert_eq!(
            labels(text),
            [
                "MME B\u{c9}ATRICE DURAND",
                "LE JOURNALISTE",
                "MME BE\u{301}ATRICE DURAND",
                "LE JOURNALISTE"
            ]
        );
    }

    #[test]
    fn names_in_capitals_before_a_colon_are_labels() {
        let text = "LA JOURNALISTE : Bonjour.\nMATHIS CARRERE : Bonjour.\n\
                    LA JOURNALISTE\u{202F}: Et après ?\nMATHIS CARRERE : Merci.\n\
                    M. DURAND : Un mot.\nM. DURAND : Deux mots.";
        assert_eq!(
            labels(text),
            [
                "LA JOURNALISTE",
                "MATHIS CARRERE",
                "LA JOURNALISTE",
                "MATHIS CARRERE",
                "M. DURAND",
                "M. DURAND"
            ]
        );
    }

    #[test]
    fn names_before_a_dot_and_dash_are_labels_even_once() {
        assert_eq!(labels("M. COTTA.- J'ajoute que le tirage…"), ["M. COTTA"]);
        assert_eq!(
            labels("Valéry GISCARD D'ESTAING.- Le tirage au sort.\nJ. BOISSONNAT. - Bonsoir."),
            ["Valéry GISCARD D'ESTAING", "J. BOISSONNAT"]
        );
        for text in [
            "Voir ci-dessous.- Le texte.",
            "M. Cotta.- Bonsoir.",
            "Le texte de la CGT.- Bonsoir.",
            "M. COTTA.-Bonsoir.",
            "Il a dit à M. COTTA.- Oui.",
            "1981. - Le débat.",
        ] {
            assert!(labels(text).is_empty(), "{text}");
        }
        // Lines of accented letters, cut anywhere by the search's bound.
        for k in 0..70 {
            let line = format!("{}{}.- Oui.", "É".repeat(k), "é".repeat(40));
            assert!(labels(&line).is_empty(), "{line}");
            let label = format!("M. {}", "É".repeat(k));
            let found = labels(&format!("{label}.- Oui.")) == [label.as_str()];
            assert_eq!(found, (2..=28).contains(&k), "{label}");
        }
    }

    #[test]
    fn a_colon_after_ordinary_words_or_said_once_is_no_label() {
        for text in [
            "La question : qui paie ?\nLa question : quand ?",
            "Objectif : 2030.\nObjectif : 2050.",
            "SNCF : les grèves.\nTexte.",
            "URL:https://example.org\nURL:https://example.org",
        ] {
            assert!(labels(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn interview_markers_are_labels_when_the_document_uses_them() {
        let text = "Q - Que dites-vous ?\nR - Que le respect prime.\nQ – Et ensuite ?\nR : Rien.";
        assert_eq!(labels(text), ["Q", "R", "Q", "R"]);
        assert!(labels("Q - Une seule question ?\nUne réponse.").is_empty());
        assert!(labels("Quoi - rien ?\nRien - rien.").is_empty());
    }

    #[test]
    fn a_passage_belongs_to_the_turn_it_is_in() {
        let text = "Intro.\nQ - Une question ?\nR - Une réponse.\nSuite de la réponse.";
        let labels = speaker_labels(text, 0);
        let speaker = |passage: &str| {
            let start = text.find(passage).unwrap();
            turn_speaker(text, &labels, Span::new(start, start + passage.len()))
        };
        assert_eq!(speaker("Intro."), None);
        assert_eq!(speaker("Q - Une question ?"), Some("Q"));
        assert_eq!(speaker("Une question ?"), Some("Q"));
        assert_eq!(speaker("R - Une réponse."), Some("R"));
        assert_eq!(speaker("Suite de la réponse."), Some("R"));
        // The whole document holds several turns.
        assert_eq!(speaker(text), None);
        assert_eq!(turn_speaker(text, &[], Span::new(0, 6)), None);
    }

    #[test]
    fn the_front_matter_is_not_searched() {
        let text = "JOURNALISTE\nJOURNALISTE\nTexte.";
        assert!(speaker_labels(text, 24).is_empty());
        assert_eq!(speaker_labels(text, 0).len(), 2);
    }

    fn credit(text: &str) -> Option<&str> {
        credit_line(text, 0).map(|s| &text[s.start..s.end])
    }

    #[test]
    fn thematic_lines_are_one_word_opened_by_a_dash_and_a_star() {
        let found = |text: &str, body_start: usize| -> Vec<String> {
            thematic_lines(text, body_start)
                .iter()
                .map(|s| text[s.start..s.end].to_string())
                .collect()
        };
        assert_eq!(
            found("-*sante\r\nTexte.\r\n\t-*dette\t\r\n", 0),
            ["-*sante", "-*dette"]
        );
        assert_eq!(found("Texte.\u{2028}-*sante\u{2029}", 0), ["-*sante"]);
        // Not a line of one word, nor at the start of a line, nor a bare mark.
        assert!(found("-*sante publique\nx -*a\n-*\n-* a\n--*a\n", 0).is_empty());
        // Only the body is searched.
        assert!(found("**** *a_b\n-*x", 10).len() == 1);
        assert!(found("-*x\nTexte.", 4).is_empty());
    }

    #[test]
    fn the_credit_line_that_closes_a_statement_is_found() {
        let body = "Nous agirons pour l'Europe.\n";
        for line in [
            "Source : Service d'information du Gouvernement, le 9 octobre 2020",
            "source : Service d'information du Gouvernement, le 19 novembre 2020",
            "Source https://www.diplomatie.gouv.fr, le 1er octobre 2020",
            "Source https://www.defense.gouv.fr le 2 octobre 2020",
            "Source http : //www.desirsdavenir.org, le 3 mai 2007",
            "Sources : Élysée, le 14 Février 2021.",
        ] {
            assert_eq!(credit(&format!("{body}{line}")), Some(line));
            // Blank lines and spaces around it, another line break, or the
            // line alone as the whole document.
            assert_eq!(credit(&format!("{body}\n  {line} \n\n")), Some(line));
            assert_eq!(credit(&format!("{body}\u{2029}{line}")), Some(line));
            assert_eq!(credit(line), Some(line));
        }
    }

    #[test]
    fn speech_about_sources_is_no_credit_line() {
        for text in [
            // Not the last line.
            "Source : SIG, le 9 octobre 2020\nNous agirons.",
            // No date, or not a date closing the line.
            "Intro.\nSource : Service d'information du Gouvernement",
            "Intro.\nSource : SIG, le 9 octobre 2020, revu depuis",
            "Intro.\nSource : SIG, le 9 octobre",
            "Intro.\nSource : SIG, le 9 brumaire 2020",
            "Intro.\nSource : SIG, le 123 octobre 2020",
            "Intro.\nSource : SIG, du 9 octobre 2020",
            // A sentence opening on the word.
            "Intro.\nSource de richesse, la mer nous nourrit depuis le 1er mai 2020",
            "Intro.\nSourcer nos achats, c'est ce que nous faisons le 1er mai 2020",
            "",
            "\n\n",
        ] {
            assert_eq!(credit(text), None, "{text:?}");
        }
        // A line longer than 200 bytes, whatever it ends with.
        let long = format!("Intro.\nSource : {}, le 9 octobre 2020", "é".repeat(100));
        assert_eq!(credit(&long), None);
        let long = format!("Source : {}, le 9 octobre 2020", "é".repeat(100));
        assert_eq!(credit(&long), None);
    }

    #[test]
    fn the_credit_line_is_looked_for_in_the_body() {
        let text = "Source : SIG, le 9 octobre 2020\n";
        assert_eq!(credit_line(text, 0), Some(Span::new(0, text.len() - 1)));
        assert_eq!(credit_line(text, text.len()), None);
        assert_eq!(credit_line(text, text.len() + 5), None);
    }
}
