//! Passages: the units that themes are assigned to, as byte spans of the
//! document text as read. A paragraph is a line (blocks are separated by line
//! breaks: `\n`, `\r\n` or `\r`, and the other breaks of Unicode, vertical
//! tab, form feed, NEL U+0085, line and paragraph separators U+2028 and
//! U+2029); a bullet line (`•`, `-`, `*`, `–`, `—`,
//! `·`, `▪`) is a passage of its own, its marker left out of the span. A
//! sentence ends at `.`, `!`, `?` or `…` followed by a space and a capital,
//! a digit or an opening quote, unless the dot closes an abbreviation (`M.`,
//! `Mme.`, `art.`) or an initial (`J. Dupont`). Closing quotes and brackets
//! right after the mark stay with the sentence (`?»`, `.”`, `.)`), and so
//! does a closing guillemet set off by a space, as French typography writes
//! it (`pas. »`, the space often a no-break one). A list marker (`1.`,
//! `II.`, `a)`) starts a sentence and stays with the text it introduces;
//! a dash starts one too (dialogue), unless a lower-case word follows it.
//! No sentence ends inside a stage direction, the brackets that the
//! analyzer marks as not speech (`(Applaudissements sur les bancs du groupe
//! LR. – M. Dupont applaudit.)`): the rule is the analyzer's. Nor does one
//! end inside a bracket of speech closed within [`BRACKET_MAX_BYTES`]
//! (`Il dit (c’est rare. Vraiment.) hier.` is one sentence); a bracket left
//! open, or closed further away, is cut as any text is.
//! Lines with no letter or digit (`---`, `* * *`) are not passages.

use std::str::FromStr;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use crate::analyze::Span;

/// How a document is cut into passages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PassageMode {
    /// One passage per line (paragraph or bullet).
    #[default]
    Paragraph,
    /// One passage per sentence, within paragraphs.
    Sentence,
    /// The whole body as one passage.
    Document,
}

impl FromStr for PassageMode {
    type Err = String;

    fn from_str(s: &str) -> Result<PassageMode, String> {
        match s {
            "paragraph" => Ok(PassageMode::Paragraph),
            "sentence" => Ok(PassageMode::Sentence),
            "document" => Ok(PassageMode::Document),
            other => Err(format!(
                "unknown passage mode {other:?}: use paragraph, sentence or document"
            )),
        }
    }
}

/// Bullet markers that start a passage of their own.
const BULLETS: &[char] = &['•', '-', '*', '–', '—', '·', '▪', '◦', '‣', '⁃'];

/// Longest abbreviation of the lists below, in bytes (a test checks it):
/// the analyzer asks [`is_abbreviation`] about no longer word.
pub(crate) const ABBREVIATION_MAX_BYTES: usize = 6;

/// Abbreviations whose final dot does not end a sentence (compared lower-case).
///
/// Only forms that cannot plausibly end a sentence of French political text
/// as a word are listed: titles (`M.`, `Mgr`, `Pr`, `Gén.` for général,
/// `Cdt`, `Me` for maître), references (`art.`, `al.` for alinéa, `p.`,
/// `fig.`, `éd.`, `coll.`, `réf.`, `cf.`), months (`janv.`, `févr.`, `fév.`,
/// `avr.`, `juil.`, `juill.`, `oct.`, `nov.`, `déc.`) and `env.`, `vs.`.
/// Left out on purpose, because the word ends sentences: `min` (« il dure
/// 20 min. »), `prof` (« mon prof. »; the French title is `Pr`), `col`
/// (« le col. »), `cons` (an insult heard in debates), `lt` (the group
/// « LT » of the Assemblée nationale, « des groupes LR et LT. »), and
/// `etc`: the dot of « des routes, des ponts, etc. » also ends the sentence
/// nearly every time a capital follows, while inside a sentence « etc. »
/// is followed by a comma or a lower-case word, which never ends one.
const ABBREVIATIONS: &[&str] = &[
    "al", "art", "av", "avr", "bd", "cdt", "cf", "chap", "coll", "déc", "dr", "éd", "env", "ex",
    "fév", "févr", "fig", "gén", "hab", "janv", "juil", "juill", "m", "me", "mgr", "mlle", "mlles",
    "mm", "mme", "mmes", "n", "no", "nov", "oct", "p", "pp", "pr", "r", "réf", "s", "st", "ste",
    "vs",
];

/// Abbreviations that are also words or symbols ending sentences, so their
/// dot is an abbreviation's only before a number: `sept.` in « le 3 sept.
/// 2020 » but seven in « les Vingt-Sept. », `t.` for tome in « t. 2 » but
/// tonnes in « 300 t. », `vol.` for volume in « vol. 3 » but a flight or a
/// theft in « victime d’un vol. ».
const ABBREVIATIONS_BEFORE_NUMBER: &[&str] = &["sept", "t", "vol"];

/// The passages of `text` from byte `body_start`, as spans of `text`.
pub fn passages(text: &str, body_start: usize, mode: PassageMode) -> Vec<Span> {
    let body_start = body_start.min(text.len());
    match mode {
        PassageMode::Document => trim(text, Span::new(body_start, text.len()))
            .filter(|&s| has_content(text, s))
            .into_iter()
            .collect(),
        PassageMode::Paragraph => paragraphs(text, body_start),
        PassageMode::Sentence => paragraphs(text, body_start)
            .into_iter()
            .flat_map(|p| sentences(text, p))
            .collect(),
    }
}

fn paragraphs(text: &str, body_start: usize) -> Vec<Span> {
    lines(text, body_start)
        .map(|line| strip_bullet(text, line))
        .filter(|&span| has_content(text, span))
        .collect()
}

/// The lines of `text` from byte `body_start` (ended by a line break, see
/// [`line_breaks`]), without blank characters at either end; blank lines
/// left out.
pub(crate) fn lines(text: &str, body_start: usize) -> impl Iterator<Item = Span> + '_ {
    let body_start = body_start.min(text.len());
    let ends = line_breaks(&text.as_bytes()[body_start..])
        .map(move |(k, len)| (body_start + k, len))
        .chain([(text.len(), 0)]);
    let mut start = body_start;
    ends.filter_map(move |(end, len)| {
        let line = Span::new(start, end);
        start = end + len;
        trim(text, line)
    })
}

/// The line breaks of `bytes` (UTF-8 text), in order, as (offset, length
/// in bytes): `\n`, `\r`, vertical tab, form feed, NEL (U+0085), line
/// separator (U+2028) and paragraph separator (U+2029), the mandatory
/// breaks of Unicode (UAX #14). Each ends a line, and so a paragraph.
/// `\r\n` is two breaks with an empty line between them, which no caller
/// keeps.
pub(crate) fn line_breaks(bytes: &[u8]) -> impl Iterator<Item = (usize, usize)> + '_ {
    // Nearly every text breaks its lines with `\n` and `\r` alone, found by
    // memchr; whether it holds another break is a few more vector scans.
    static RARE: LazyLock<[memchr::memmem::Finder<'static>; 3]> = LazyLock::new(|| {
        ["\u{85}", "\u{2028}", "\u{2029}"].map(|b| memchr::memmem::Finder::new(b.as_bytes()))
    });
    let rare = memchr::memchr2(0x0B, 0x0C, bytes).is_some()
        || RARE.iter().any(|f| f.find(bytes).is_some());
    let common = (!rare).then(|| memchr::memchr2_iter(b'\n', b'\r', bytes).map(|k| (k, 1)));
    let all = rare
        .then(|| (0..bytes.len()).filter_map(move |k| line_break_at(bytes, k).map(|len| (k, len))));
    common
        .into_iter()
        .flatten()
        .chain(all.into_iter().flatten())
}

/// The length in bytes of the line break (see [`line_breaks`]) that starts
/// at byte `k` of `bytes`, if one does. Every break starts with one of
/// these bytes: the ASCII ones, 0xC2 for NEL (C2 85) and 0xE2 for the
/// separators (E2 80 A8, E2 80 A9); a byte of a multi-byte character is
/// never one of the ASCII ones.
#[inline]
pub(crate) fn line_break_at(bytes: &[u8], k: usize) -> Option<usize> {
    match bytes[k] {
        b'\n' | b'\r' | 0x0B | 0x0C => Some(1),
        0xC2 if bytes.get(k + 1) == Some(&0x85) => Some(2),
        0xE2 if matches!(bytes.get(k + 1..k + 3), Some([0x80, 0xA8 | 0xA9])) => Some(3),
        _ => None,
    }
}

/// Is `c` blank for trimming: white space or an invisible character.
pub(crate) fn is_blank(c: char) -> bool {
    c.is_whitespace() || crate::analyze::is_invisible(c)
}

/// The span without blank characters at either end, or `None` if all blank.
pub(crate) fn trim(text: &str, span: Span) -> Option<Span> {
    let s = &text[span.start..span.end];
    // Most lines start and end on a visible ASCII character, which is
    // neither a space nor an invisible character: nothing to trim.
    if s.as_bytes().first().is_some_and(u8::is_ascii_graphic)
        && s.as_bytes().last().is_some_and(u8::is_ascii_graphic)
    {
        return Some(span);
    }
    let after_lead = s.trim_start_matches(is_blank);
    let lead = s.len() - after_lead.len();
    let trimmed = after_lead.trim_end_matches(is_blank);
    (!trimmed.is_empty()).then(|| Span::new(span.start + lead, span.start + lead + trimmed.len()))
}

/// Leaves a leading bullet marker and the spaces after it out of the span.
fn strip_bullet(text: &str, span: Span) -> Span {
    let s = &text[span.start..span.end];
    let mut chars = s.char_indices();
    if let Some((_, c)) = chars.next() {
        if BULLETS.contains(&c) {
            if let Some((k, next)) = chars.next() {
                if is_blank(next) {
                    return trim(text, Span::new(span.start + k, span.end)).unwrap_or(span);
                }
            }
        }
    }
    span
}

fn has_content(text: &str, span: Span) -> bool {
    text[span.start..span.end]
        .chars()
        .any(char::is_alphanumeric)
}

/// Sentences within one paragraph span.
fn sentences(text: &str, para: Span) -> Vec<Span> {
    let s = &text[para.start..para.end];
    let mut out = Vec::new();
    let mut start = 0;
    // Byte where the scan resumes: the marks of a run are not looked at again.
    let mut resume = 0;
    // A stage direction is not speech, whatever sentences it holds: none
    // ends inside it, so its words are never read as a sentence of speech.
    // They are looked for once a sentence would end after a bracket.
    let mut stage_directions: Option<Vec<Span>> = None;
    let mut brackets: Option<Vec<Span>> = None;
    for (k, c) in s.char_indices() {
        if k < resume || !is_final_mark(c) {
            continue;
        }
        let end = closing_run_end(s, k + c.len_utf8());
        resume = end;
        let rest = &s[end..];
        let after_space = rest.trim_start_matches(is_blank);
        if after_space.len() == rest.len() || after_space.is_empty() {
            continue;
        }
        let next = after_space.chars().next().unwrap_or(' ');
        let starts_sentence = next.is_uppercase()
            || next.is_ascii_digit()
            || matches!(next, '«' | '"' | '(' | '“')
            || (matches!(next, '—' | '–' | '-') && !closes_aside(after_space))
            || starts_with_list_marker(after_space);
        let inside = |spans: &[Span]| spans.iter().any(|d| d.start < end && end < d.end);
        if !starts_sentence
            || (s[..end].contains('(')
                && (inside(brackets.get_or_insert_with(|| closed_brackets(s)))
                    || inside(
                        stage_directions
                            .get_or_insert_with(|| crate::analyze::stage_direction_spans(s)),
                    )))
        {
            continue;
        }
        // The dot of an abbreviation, or of a list marker that opens the
        // sentence (`1.`, `II.`, `a.`), does not end it.
        if c == '.'
            && (is_abbreviation(&s[start..k], next)
                || is_list_marker(s[start..k].trim_matches(is_blank)))
        {
            continue;
        }
        if let Some(span) = trim(text, Span::new(para.start + start, para.start + end)) {
            if has_content(text, span) {
                out.push(span);
            }
        }
        start = end;
    }
    if let Some(span) = trim(text, Span::new(para.start + start, para.end)) {
        if has_content(text, span) {
            out.push(span);
        }
    }
    out
}

/// The longest bracket, in bytes from `(` to `)`, inside which no sentence
/// ends: an aside of a sentence or two. A bracket that closes further away
/// is more likely one left open than speech.
pub const BRACKET_MAX_BYTES: usize = 300;

/// The outermost brackets of `s` closed within [`BRACKET_MAX_BYTES`], as
/// byte spans from `(` to `)` included. The brackets of emoticons (`:(`,
/// `;)`) open and close nothing, and a bracket left open before a list
/// marker's (`(que je rappelle. a) La dette.`) is not closed by it.
fn closed_brackets(s: &str) -> Vec<Span> {
    let bytes = s.as_bytes();
    let emoticon = |i: usize| i > 0 && matches!(bytes[i - 1], b':' | b';');
    // A list marker's `)`: after a marker word that starts the text or
    // follows a blank, and before a blank and a capital (`a) La dette`;
    // not `l’alinéa 2) suivant`).
    let marker = |i: usize| {
        let word = bytes[..i]
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        let start = i - word;
        word > 0
            && (start == 0 || bytes[start - 1].is_ascii_whitespace())
            && starts_with_list_marker(&s[start..])
            && s[i + 1..]
                .trim_start_matches(is_blank)
                .starts_with(char::is_uppercase)
    };
    let mut found = Vec::new();
    let mut k = 0;
    while let Some(open) = memchr::memchr(b'(', &bytes[k..]).map(|o| k + o) {
        k = open + 1;
        if emoticon(open) {
            continue;
        }
        let end = bytes.len().min(open + BRACKET_MAX_BYTES);
        let mut depth = 0usize;
        let mut close = None;
        for (i, &b) in bytes.iter().enumerate().take(end).skip(open) {
            match b {
                b'(' | b')' if emoticon(i) => {}
                b'(' => depth += 1,
                b')' if marker(i) => break,
                b')' => depth -= 1,
                _ => {}
            }
            if depth == 0 {
                close = Some(i - open);
                break;
            }
        }
        if let Some(close) = close {
            found.push(Span::new(open, open + close + 1));
            k = open + close + 1;
        }
    }
    found
}

/// Marks that can end a sentence.
fn is_final_mark(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

/// The end of the run of marks that close a sentence, from byte `end` of `s`
/// (just after its first final mark): more final marks and closing quotes
/// or brackets (`?!`, `...`, `.»`, `.)`, `.”`), and a closing guillemet or
/// quote set off by a space, as French typography writes it (`pas. »`,
/// `assez ! »`). Only `»` and `”` are taken after a space: a straight quote
/// there is as likely to open the next sentence.
fn closing_run_end(s: &str, mut end: usize) -> usize {
    loop {
        let rest = &s[end..];
        match rest.chars().next() {
            Some(d) if is_final_mark(d) || matches!(d, '»' | '”' | '"' | ')' | '’' | '\'') => {
                end += d.len_utf8();
            }
            _ => {
                let after_space = rest.trim_start_matches(is_blank);
                match after_space.chars().next() {
                    Some(q @ ('»' | '”')) if after_space.len() < rest.len() => {
                        end += rest.len() - after_space.len() + q.len_utf8();
                    }
                    _ => return end,
                }
            }
        }
    }
}

/// Does `t`, starting with a dash, close an aside (« fécond ! - est que »)
/// rather than open a line of dialogue: is the next word lower-case?
fn closes_aside(t: &str) -> bool {
    t.chars()
        .skip(1)
        .find(|&c| !is_blank(c))
        .is_some_and(char::is_lowercase)
}

/// Is `word` an enumeration marker: 1 to 3 digits, a Roman numeral from I to
/// XX (upper- or lower-case), or a single letter?
fn is_list_marker(word: &str) -> bool {
    const ROMAN: [&str; 20] = [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV",
        "XV", "XVI", "XVII", "XVIII", "XIX", "XX",
    ];
    if word.len() > "XVIII".len() {
        return false;
    }
    let digits = (1..=3).contains(&word.len()) && word.bytes().all(|b| b.is_ascii_digit());
    let letter = word.len() == 1 && word.bytes().all(|b| b.is_ascii_alphabetic());
    let upper = word.to_ascii_uppercase();
    let roman = (word == upper || word == word.to_ascii_lowercase()) && ROMAN.contains(&&*upper);
    digits || letter || roman
}

/// Does `t` start with a list marker followed by `.` or `)` and a space
/// (`b) Second point`, `iii. Troisième point`)?
fn starts_with_list_marker(t: &str) -> bool {
    let len = t
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(t.len());
    let mut after = t[len..].chars();
    is_list_marker(&t[..len])
        && matches!(after.next(), Some('.' | ')'))
        && after.next().is_some_and(is_blank)
}

/// Does `before` (the text up to a dot) end with an abbreviation or an
/// initial, given `next`, the first character after the dot and the spaces?
pub(crate) fn is_abbreviation(before: &str, next: char) -> bool {
    let word = before
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    if word.is_empty() {
        return false;
    }
    // The last ending of inclusive writing (`citoyen·ne·s.`, `ÉLU·E·S.`)
    // is no abbreviation, although `s` alone is one.
    let mut earlier = before[..before.len() - word.len()].chars().rev();
    if let (Some(dot), Some(letter)) = (earlier.next(), earlier.next()) {
        if crate::analyze::is_inclusive_dot(dot)
            && (letter.is_lowercase() || (dot != '.' && letter.is_uppercase()))
        {
            return false;
        }
    }
    let mut chars = word.chars();
    let initial = chars.next().is_some_and(char::is_uppercase) && chars.next().is_none();
    let word = word.to_lowercase();
    initial
        || ABBREVIATIONS.contains(&word.as_str())
        || (word == "d" && is_c_a_d(before))
        || (next.is_ascii_digit() && ABBREVIATIONS_BEFORE_NUMBER.contains(&word.as_str()))
}

/// Does `before` end with `c.-à-d`, the abbreviation of « c'est-à-dire »,
/// in a spelling the analyzer reads as one word (`c.-à-d.`, `c-à-d.`,
/// `c.à.d.`: see [`crate::analyze::cest_a_dire_end`]), so that the dot
/// after it is the word's last?
fn is_c_a_d(before: &str) -> bool {
    // The word starts on its `c`, at most 12 bytes back (`c‑à‑d` with
    // non-breaking hyphens), after no letter or digit.
    let from = before.len().saturating_sub(12);
    (from..before.len()).any(|i| {
        matches!(before.as_bytes()[i], b'c' | b'C')
            && !before[..i]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
            && crate::analyze::cest_a_dire_end(before, i) == Some(before.len())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations_fit_the_analyzer_bound() {
        for word in ABBREVIATIONS.iter().chain(ABBREVIATIONS_BEFORE_NUMBER) {
            assert!(word.len() <= ABBREVIATION_MAX_BYTES, "{word}");
        }
    }

    fn texts(text: &str, body_start: usize, mode: PassageMode) -> Vec<&str> {
        passages(text, body_start, mode)
            .into_iter()
            .map(|s| &text[s.start..s.end])
            .collect()
    }

    #[test]
    fn paragraphs_are_lines_and_bullets_lose_their_marker() {
        let text = "Titre\r\n\r\n  Premier paragraphe.  \n  • Préserver les ressources\n- Adapter\n---\n*Gras* aussi\n";
        assert_eq!(
            texts(text, 0, PassageMode::Paragraph),
            [
                "Titre",
                "Premier paragraphe.",
                "Préserver les ressources",
                "Adapter",
                "*Gras* aussi"
            ]
        );
    }

    #[test]
    fn body_start_skips_front_matter() {
        let text = "---\ntitre: X\n---\nCorps.\n";
        assert_eq!(texts(text, 17, PassageMode::Paragraph), ["Corps."]);
        assert_eq!(texts(text, 17, PassageMode::Document), ["Corps."]);
    }

    #[test]
    fn sentences_respect_abbreviations_and_initials() {
        let text = "M. Dupont parle. J. Martin répond\u{A0}! Voir l’art. 3. 12 % des voix… « Non », dit-il. fin";
        assert_eq!(
            texts(text, 0, PassageMode::Sentence),
            [
                "M. Dupont parle.",
                "J. Martin répond\u{A0}!",
                "Voir l’art. 3.",
                "12 % des voix…",
                "« Non », dit-il. fin"
            ]
        );
    }

    #[test]
    fn the_abbreviation_of_c_est_a_dire_ends_no_sentence() {
        let text = "Une règle, c.-à-d. La loi. Une règle, C.À.D. La loi. Le plan d. Fin.";
        assert_eq!(
            texts(text, 0, PassageMode::Sentence),
            [
                "Une règle, c.-à-d. La loi.",
                "Une règle, C.À.D. La loi.",
                "Le plan d.",
                "Fin."
            ]
        );
        // With non-breaking hyphens, the longest spelling.
        let text = "Une règle, c\u{2011}à\u{2011}d. La loi.";
        assert_eq!(texts(text, 0, PassageMode::Sentence), [text]);
    }

    #[test]
    fn the_last_ending_of_inclusive_writing_ends_a_sentence() {
        // `s.` alone is an abbreviation (siècle); after an inclusive dot it
        // is a plural ending.
        let text = "Les citoyen·ne·s. Les élu.e.s. Au s. XX. LES ÉLU·E·S. Fin.";
        assert_eq!(
            texts(text, 0, PassageMode::Sentence),
            [
                "Les citoyen·ne·s.",
                "Les élu.e.s.",
                "Au s. XX.",
                "LES ÉLU·E·S.",
                "Fin."
            ]
        );
    }

    /// French sentence cases: a paragraph and the sentences it is cut into.
    const SENTENCE_CASES: &[(&str, &[&str])] = &[
        // No sentence ends inside a bracket of speech, nested or not.
        (
            "Il dit (c’est rare. Vraiment.) hier. Puis (Je le dis. Je le répète.) Fin.",
            &[
                "Il dit (c’est rare. Vraiment.) hier.",
                "Puis (Je le dis. Je le répète.)",
                "Fin.",
            ],
        ),
        ("A (b (c. D.) e. F.) g. H.", &["A (b (c. D.) e. F.) g.", "H."]),
        // A bracket left open is cut as any text, and does not end at a
        // list marker's; the brackets of emoticons are none; a number
        // before a lower-case word is no list marker.
        (
            "Il dit (c’est rare. Vraiment.",
            &["Il dit (c’est rare.", "Vraiment."],
        ),
        ("a) Un. B) Deux.", &["a) Un.", "B) Deux."]),
        (
            "Nos trois priorités (que je rappelle. a) La dette. b) Le chômage.",
            &[
                "Nos trois priorités (que je rappelle.",
                "a) La dette.",
                "b) Le chômage.",
            ],
        ),
        (
            "C’est triste :( Vraiment. Nous continuerons :) Merci.",
            &["C’est triste :( Vraiment.", "Nous continuerons :) Merci."],
        ),
        (
            "Voir (note. Alinéa 2) suivant. Fin.",
            &["Voir (note. Alinéa 2) suivant.", "Fin."],
        ),
        // A closing guillemet set off by a space ends the sentence with its mark.
        (
            "Il dit\u{A0}: «\u{A0}Nous ne céderons pas.\u{A0}» Le président a été clair.",
            &[
                "Il dit\u{A0}: «\u{A0}Nous ne céderons pas.\u{A0}»",
                "Le président a été clair.",
            ],
        ),
        (
            "Il dit : « Nous ne céderons pas. » Le président a été clair.",
            &[
                "Il dit : « Nous ne céderons pas. »",
                "Le président a été clair.",
            ],
        ),
        (
            "« Qui paiera ?» La réponse tarde. « Assez\u{202F}!\u{202F}» Elle part.",
            &[
                "« Qui paiera ?»",
                "La réponse tarde.",
                "« Assez\u{202F}!\u{202F}»",
                "Elle part.",
            ],
        ),
        (
            "Il murmure « Peut-être…» Rien. Il murmure « Peut-être… » Rien.",
            &[
                "Il murmure « Peut-être…»",
                "Rien.",
                "Il murmure « Peut-être… »",
                "Rien.",
            ],
        ),
        // An opening guillemet after the break starts the next sentence.
        (
            "Il a dit\u{A0}: «\u{A0}Non.\u{A0}» «\u{A0}Jamais\u{A0}», a-t-il ajouté.",
            &[
                "Il a dit\u{A0}: «\u{A0}Non.\u{A0}»",
                "«\u{A0}Jamais\u{A0}», a-t-il ajouté.",
            ],
        ),
        // The quote closes mid-sentence: no break.
        (
            "« Nous ne céderons pas. » a-t-il dit. « Non. », répond-elle.",
            &[
                "« Nous ne céderons pas. » a-t-il dit.",
                "« Non. », répond-elle.",
            ],
        ),
        // Names and abbreviations inside quotes do not end the sentence.
        (
            "Il cite « M. Dupont » et « l’art. 49.3 » sans « Mme. Martin ». Puis il part.",
            &[
                "Il cite « M. Dupont » et « l’art. 49.3 » sans « Mme. Martin ».",
                "Puis il part.",
            ],
        ),
        // English closing quotes, with or without a space.
        (
            "He said “We will not yield.” The end. « Non ! ” Fin.",
            &[
                "He said “We will not yield.”",
                "The end.",
                "« Non ! ”",
                "Fin.",
            ],
        ),
        // Months: abbreviated before a year, but « sept » is also seven.
        (
            "Le décret du 3 sept. 2020 est paru. Ils étaient sept. Le premier parle.",
            &["Le décret du 3 sept. 2020 est paru.", "Ils étaient sept.", "Le premier parle."],
        ),
        (
            "Unanimes, les Vingt-Sept. Trois sujets restent.",
            &["Unanimes, les Vingt-Sept.", "Trois sujets restent."],
        ),
        (
            "Du 29 janv. 2020 au 3 févr. 2021, puis du 1er avr. 2021 au 10 juill. 1965 et du 26 oct. 2001 au 2 déc. 2002.",
            &["Du 29 janv. 2020 au 3 févr. 2021, puis du 1er avr. 2021 au 10 juill. 1965 et du 26 oct. 2001 au 2 déc. 2002."],
        ),
        // Titles, and references followed by a number.
        (
            "Le Gén. Leclerc, le Cdt. Durand et Me. Dupond-Moretti arrivent.",
            &["Le Gén. Leclerc, le Cdt. Durand et Me. Dupond-Moretti arrivent."],
        ),
        (
            "Voir p. 12, l’art. 49, al. 3, t. 2, fig. 4, vol. 3 et l’éd. Gallimard, coll. Folio. Fin.",
            &["Voir p. 12, l’art. 49, al. 3, t. 2, fig. 4, vol. 3 et l’éd. Gallimard, coll. Folio.", "Fin."],
        ),
        ("Paris vs. Marseille, env. 300 km.", &["Paris vs. Marseille, env. 300 km."]),
        (
            "Il récolte 300 t. Les passagers du premier vol. Des groupes LR et LT. Fin.",
            &[
                "Il récolte 300 t.",
                "Les passagers du premier vol.",
                "Des groupes LR et LT.",
                "Fin.",
            ],
        ),
        // Words that end sentences are not taken for abbreviations.
        (
            "Le trajet dure 20 min. Il faut partir. C’est mon prof. Il a franchi le col. Bande de cons. Fin.",
            &[
                "Le trajet dure 20 min.",
                "Il faut partir.",
                "C’est mon prof.",
                "Il a franchi le col.",
                "Bande de cons.",
                "Fin.",
            ],
        ),
        // A list marker stays with the sentence it introduces.
        (
            "1. Premier point. 2. Second point. 10. Dixième point.",
            &["1. Premier point.", "2. Second point.", "10. Dixième point."],
        ),
        ("II. Le bilan est mauvais.", &["II. Le bilan est mauvais."]),
        (
            "XIV. Quatorze. A. Contexte. B. Enjeux.",
            &["XIV. Quatorze.", "A. Contexte.", "B. Enjeux."],
        ),
        (
            "a. Premier point. b. Second point. iii. Troisième point.",
            &["a. Premier point.", "b. Second point.", "iii. Troisième point."],
        ),
        (
            "a) Premier point. b) Second point. 3) Troisième point.",
            &["a) Premier point.", "b) Second point.", "3) Troisième point."],
        ),
        // A year or a longer number is no marker.
        (
            "Quelle année\u{A0}? 2020. Une année noire.",
            &["Quelle année\u{A0}?", "2020.", "Une année noire."],
        ),
        // An ellipsis before a lower-case word goes on with the sentence.
        (
            "Il hésite… puis il part. Il hésite… Puis il part.",
            &["Il hésite… puis il part.", "Il hésite…", "Puis il part."],
        ),
        // « etc. » before a capital closes its sentence.
        (
            "Des routes, des ponts, etc. Le reste suit. Des routes, etc., etc. Au total, rien. Des routes etc. et des ponts.",
            &[
                "Des routes, des ponts, etc.",
                "Le reste suit.",
                "Des routes, etc., etc.",
                "Au total, rien.",
                "Des routes etc. et des ponts.",
            ],
        ),
        // A dash starts a sentence (a line of dialogue), unless a lower-case
        // word follows it: then it closes an aside.
        (
            "Vous venez\u{A0}? – Oui. — Bien. Le paradoxe - mais c’est un paradoxe fécond\u{A0}! - est que tout avance. Des bombes, etc. – était dénoncée.",
            &[
                "Vous venez\u{A0}?",
                "– Oui.",
                "— Bien.",
                "Le paradoxe - mais c’est un paradoxe fécond\u{A0}! - est que tout avance.",
                "Des bombes, etc. – était dénoncée.",
            ],
        ),
    ];

    #[test]
    fn sentence_cases() {
        let mut failures = Vec::new();
        for &(text, expected) in SENTENCE_CASES {
            let got = texts(text, 0, PassageMode::Sentence);
            if got != expected {
                failures.push(format!(
                    "{text:?}\n  expected {expected:?}\n  got      {got:?}"
                ));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn no_sentence_ends_inside_a_stage_direction() {
        let text = "Nous voulons la transition écologique. (Applaudissements sur les bancs du groupe Écologiste. – Mme Dupont applaudit la transition écologique.) Merci. (Rires.) (Exclamations. « Non ! » sur les bancs du groupe LR.) Fin.";
        assert_eq!(
            texts(text, 0, PassageMode::Sentence),
            [
                "Nous voulons la transition écologique.",
                "(Applaudissements sur les bancs du groupe Écologiste. – Mme Dupont applaudit la transition écologique.)",
                "Merci.",
                "(Rires.)",
                "(Exclamations. « Non ! » sur les bancs du groupe LR.)",
                "Fin.",
            ]
        );
        // A bracket left open, or closed too far to be a stage direction,
        // is cut as any text is.
        let open = "(Applaudissements. Il reprend. Puis il part.";
        assert_eq!(
            texts(open, 0, PassageMode::Sentence),
            ["(Applaudissements.", "Il reprend.", "Puis il part."]
        );
        let long = format!("(Applaudissements. {}fin.)", "Un mot de plus. ".repeat(20));
        assert_eq!(texts(&long, 0, PassageMode::Sentence).len(), 21);
    }

    #[test]
    fn no_sentence_ends_inside_a_bracket_of_speech() {
        // The cases of text are in SENTENCE_CASES; here, the bound: a
        // bracket that closes at its last byte holds its sentences, one
        // byte further it is cut as any text.
        let filler = "x".repeat(BRACKET_MAX_BYTES - "(a. B .)".len());
        let fits = format!("(a. B {filler}.) C.");
        assert_eq!(texts(&fits, 0, PassageMode::Sentence).len(), 2);
        let beyond = format!("(a. B {filler}x.) C.");
        assert_eq!(texts(&beyond, 0, PassageMode::Sentence).len(), 3);
    }

    #[test]
    fn every_unicode_line_break_ends_a_paragraph() {
        let text =
            "Un.\u{2029}Deux.\u{2028}Trois.\u{85}Quatre.\u{C}Cinq.\u{B}Six.\r\nSept.\rHuit\u{2029}";
        let expected = [
            "Un.", "Deux.", "Trois.", "Quatre.", "Cinq.", "Six.", "Sept.", "Huit",
        ];
        assert_eq!(texts(text, 0, PassageMode::Paragraph), expected);
        assert_eq!(texts(text, 0, PassageMode::Sentence), expected);
        assert_eq!(
            texts(text, 0, PassageMode::Document),
            [text.trim_end_matches('\u{2029}')]
        );
        // Spans index the text as read: `Deux.` follows the 3 bytes of U+2029.
        assert_eq!(
            passages(text, 0, PassageMode::Paragraph)[1],
            Span::new(6, 11)
        );
        // A character holding the bytes of a break's first byte is no break.
        assert_eq!(
            texts("Côté « été » – fin\u{A0}!", 0, PassageMode::Paragraph),
            ["Côté « été » – fin\u{A0}!"]
        );
    }

    #[test]
    fn document_mode_is_the_trimmed_body() {
        assert_eq!(
            texts("\n\n Un. Deux.\n\nTrois \n", 0, PassageMode::Document),
            ["Un. Deux.\n\nTrois"]
        );
        assert!(texts(" \n\u{AD} ", 0, PassageMode::Document).is_empty());
    }
}
