//! The scanner: finds token boundaries on the text as read, and splits
//! words at elisions and verb–pronoun inversions. It decides spans and kinds
//! only; normalising, stemming and labelling happen on each token afterwards.

use super::french;
use super::TokenKind;

/// A token found by the scanner: a byte range of the scanned text and a kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RawToken {
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
}

/// Apostrophes that mark elision: `'` U+0027, `’` U+2019, `ʼ` U+02BC.
pub(crate) fn is_apostrophe(c: char) -> bool {
    // U+2018, an opening quotation mark, is typed for an apostrophe too
    // ("l‘un"), and so are the acute accent U+00B4 and the grave accent
    // U+0060, as some keyboards and OCR give them ("l´environnement",
    // "d`une"); they only count as one between two letters, or after a
    // clitic.
    matches!(
        c,
        '\'' | '\u{2019}' | '\u{02BC}' | '\u{2018}' | '\u{00B4}' | '`'
    )
}

/// Hyphens that join compounds: `-`, U+2010 hyphen, U+2011 non-breaking hyphen.
pub(crate) fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// Characters that are not seen at all: soft hyphen, zero-width space and
/// joiners, word joiner, byte-order mark.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// Whether `c` can be part of a word token: a word character, an invisible
/// one, an apostrophe or a hyphen (between letters), a dot of inclusive
/// writing or of an acronym (`élu·e·s`, `S.N.C.F.`), a bracket of a
/// parenthesised ending (`au(x)`). A line holding another character
/// (`[`, `=`, `"`, `,`) is no word.
pub(crate) fn can_be_in_word(c: char) -> bool {
    is_word_char(c)
        || is_invisible(c)
        || is_apostrophe(c)
        || is_hyphen(c)
        || is_inclusive_dot(c)
        || matches!(c, '(' | ')')
}

/// Letters, digits and combining marks (an accent typed after its letter).
pub(crate) fn is_word_char(c: char) -> bool {
    is_alphanumeric(c) || unicode_normalization::char::is_combining_mark(c)
}

/// [`char::is_alphanumeric`], without its table search for the letters of
/// French text outside ASCII (`é`, `à`, `ç`, `œ`: Latin-1 and Latin
/// Extended-A), which a test checks against it.
fn is_alphanumeric(c: char) -> bool {
    match c {
        '0'..='9' | 'a'..='z' | 'A'..='Z' => true,
        '\0'..='\u{7F}' => false,
        'À'..='Ö' | 'Ø'..='ö' | 'ø'..='\u{17F}' | 'ª' | 'µ' | 'º' | '²' | '³' | '¹' | '¼'..='¾' => {
            true
        }
        '\u{80}'..='\u{FF}' => false,
        _ => c.is_alphanumeric(),
    }
}

/// Spaces allowed between digit groups: plain, no-break, narrow no-break, thin.
fn is_group_space(c: char) -> bool {
    matches!(c, ' ' | '\u{00A0}' | '\u{202F}' | '\u{2009}')
}

fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..).and_then(|s| s.chars().next())
}

/// Scans `text` into raw tokens, in order, non-overlapping, by the
/// reference rules alone: one token at a time with [`scan_one`]. The fast
/// scanner [`scan_into`] must give exactly these tokens (a property test
/// compares them on random and real text).
#[cfg(test)]
pub(crate) fn scan_reference(text: &str) -> Vec<RawToken> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        i = scan_one(text, i, &mut out, false);
    }
    out
}

/// Scans `text` into raw tokens, appending them to `out`, with a fast path
/// for the bytes that make most of French text: ASCII spaces, ASCII
/// punctuation and words of ASCII letters, digits and the accented letters
/// of French ([`latin_letter_len`]) ending where no rule can look further (a
/// space, most punctuation, a full stop before a space). Everything else
/// (apostrophes, hyphens, other letters, words that begin with a digit,
/// `@`, `#`, URLs) goes through the reference rules of [`scan_one`], which
/// decide from the current position alone, so the two can be mixed freely.
#[inline(never)]
pub(crate) fn scan_into(text: &str, out: &mut Vec<RawToken>) {
    out.reserve(text.len() / 5);
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b <= b' ' || b == 0x7f {
            // ASCII whitespace and control characters separate tokens.
            i += 1;
            continue;
        }
        if b.is_ascii_alphabetic() || latin_letter_len(bytes, i) > 0 {
            if let Some(end) = plain_word(bytes, i) {
                push_word(text, i, end, out);
                i = end;
                continue;
            }
        } else if b.is_ascii_punctuation() && b != b'@' && b != b'#' {
            out.push(RawToken {
                start: i,
                end: i + 1,
                kind: TokenKind::Punct,
            });
            i += 1;
            continue;
        }
        i = scan_one(text, i, out, true);
    }
}

/// The length in bytes of the accented letter of French at `i`, 0 for
/// anything else: the letters of Latin-1 (`À` to `ÿ`, two bytes from 0xC3,
/// but `×` and `÷`), and `Œ`, `œ`. Each is a word character
/// ([`is_alphanumeric`]) that no rule treats apart from a plain letter
/// (a test checks them against the reference rules one by one).
#[inline(always)]
fn latin_letter_len(bytes: &[u8], i: usize) -> usize {
    match (bytes.get(i), bytes.get(i + 1)) {
        (Some(0xC3), Some(&b)) if (0x80..=0xBF).contains(&b) && b != 0x97 && b != 0xB7 => 2,
        (Some(0xC5), Some(0x92 | 0x93)) => 2,
        _ => 0,
    }
}

/// The end of the word of ASCII letters, digits and accented letters
/// ([`latin_letter_len`]) at `start` (a letter) when the reference rules
/// would make it one plain word: what follows cannot continue it (another
/// letter, a combining accent, an apostrophe or hyphen before a letter),
/// make it an e-mail address (`.`, `_`, `%`, `+`, `-`, `@` may stand in the
/// local part) or a URL (`www.`, `http:`), and it is not the part letter
/// `L`, `R` or `D`, alone or before digits, that may open a code article
/// number ([`code_article_end`]). `None` otherwise.
fn plain_word(bytes: &[u8], start: usize) -> Option<usize> {
    let mut j = start;
    loop {
        if bytes.get(j).is_some_and(u8::is_ascii_alphanumeric) {
            j += 1;
            continue;
        }
        match latin_letter_len(bytes, j) {
            0 => break,
            len => j += len,
        }
    }
    // `L`, `R`, `D` alone or before digits may open a code article
    // (`L. 541-10`, `L2122-22`, `L541 541-541` with a group space).
    if matches!(bytes[start], b'L' | b'R' | b'D')
        && (j == start + 1 || bytes[start + 1].is_ascii_digit())
    {
        return None;
    }
    let Some(&next) = bytes.get(j) else {
        return Some(j);
    };
    let word = &bytes[start..j];
    let ends = match next {
        b if b <= b' ' || b == 0x7f => true,
        b'.' => {
            bytes.get(j + 1).map_or(true, |&b| {
                b == b' ' || b == b'\n' || b == b'\r' || b == b'\t'
            }) && !word.eq_ignore_ascii_case(b"www")
        }
        b':' => !word.eq_ignore_ascii_case(b"http") && !word.eq_ignore_ascii_case(b"https"),
        // `(` may open a parenthesised ending (`parti(s)`).
        b'_' | b'%' | b'+' | b'-' | b'@' | b'\'' | b'`' | b'(' => false,
        b => b.is_ascii_punctuation(),
    };
    ends.then_some(j)
}

/// Scans the token (or the word with its split parts) at `i` by the
/// reference rules, appending to `out`; returns where scanning goes on.
/// With `memo`, words are split through the per-thread [`SPLITS`] memo,
/// which gives the same tokens as [`split_word`].
fn scan_one(text: &str, i: usize, out: &mut Vec<RawToken>, memo: bool) -> usize {
    let Some(c) = char_at(text, i) else {
        return text.len();
    };
    let len = c.len_utf8();
    if c.is_whitespace() || is_invisible(c) || c.is_control() {
        return i + len;
    }
    let special = if c.is_ascii_alphanumeric() {
        url_end(text, i).map(|end| (end, TokenKind::Url))
    } else if c == '@' {
        name_end(text, i + 1).map(|end| (end, TokenKind::Mention))
    } else if c == '#' {
        name_end(text, i + 1).map(|end| (end, TokenKind::Hashtag))
    } else {
        None
    };
    let special = special.or_else(|| {
        if is_alphanumeric(c) && at_sign_in_run(text.as_bytes(), i) {
            email_end(text, i).map(|end| (end, TokenKind::Email))
        } else {
            None
        }
    });
    if let Some((end, kind)) = special {
        out.push(RawToken {
            start: i,
            end,
            kind,
        });
        return end;
    }
    let number = match c {
        '0'..='9' => number_end(text, i),
        'L' | 'R' | 'D' => code_article_end(text, i),
        _ => None,
    };
    if let Some(end) = number {
        out.push(RawToken {
            start: i,
            end,
            kind: TokenKind::Number,
        });
        return end;
    }
    // A word starts with a letter or digit; a combining mark with no
    // letter before it is a symbol.
    if is_alphanumeric(c) {
        let whole = acronym_end(text, i)
            .or_else(|| cest_a_dire_end(text, i))
            .or_else(|| numero_end(text, i));
        if let Some(end) = whole {
            out.push(RawToken {
                start: i,
                end,
                kind: TokenKind::Word,
            });
            return end;
        }
        let (end, joined) = word_run(text, i);
        if let Some(clitic_end) = clitic_apart(text, i, end, joined) {
            // The clitic alone: what follows is scanned as itself (a number
            // in "d’1,5 milliard", a quotation in "d’« ensauvagement »").
            out.push(RawToken {
                start: i,
                end: clitic_end,
                kind: TokenKind::Word,
            });
            return clitic_end;
        }
        if memo {
            split_word_memo(text, i, end, joined, out);
        } else {
            split_word(text, i, end, out);
        }
        return end;
    }
    out.push(RawToken {
        start: i,
        end: i + len,
        kind: TokenKind::Punct,
    });
    i + len
}

/// The end of an elided clitic at `start`, apostrophe included, when what
/// follows the apostrophe is not a word the clitic leans on: a digit (the
/// word run would stop inside a number such as `1,5` or `1 000`), a dotted
/// acronym (it would stop at the first dot of `l’O.N.U.`), a bare domain
/// name (at the first dot of `d’ameli.fr`) or no word character at all (a
/// quotation mark, a space). `None` otherwise, and for
/// any run that does not begin with a clitic.
fn clitic_apart(text: &str, start: usize, end: usize, joined: bool) -> Option<usize> {
    let (p, c) = if joined {
        let (p, c) = text[start..end]
            .char_indices()
            .find(|&(_, c)| is_apostrophe(c) || is_hyphen(c))?;
        if !is_apostrophe(c) {
            return None;
        }
        let after = start + p + c.len_utf8();
        let digit_after = text.as_bytes().get(after).is_some_and(u8::is_ascii_digit);
        if !digit_after
            && acronym_end(text, after).is_none()
            && bare_domain_end(text, after).is_none()
        {
            return None;
        }
        (start + p, c)
    } else {
        (end, char_at(text, end).filter(|&c| is_apostrophe(c))?)
    };
    clitic_end(text, start, p, c)
}

/// The end of `text[start..apostrophe]` and the apostrophe `c` at
/// `apostrophe`, when they are an elided clitic (`l’`, `jusqu’`). Clitics are
/// short: a longer run is none, and is not lowercased to look it up.
fn clitic_end(text: &str, start: usize, apostrophe: usize, c: char) -> Option<usize> {
    if apostrophe - start > WHOLE_WORD_MAX_BYTES {
        return None;
    }
    let mut clitic = lower(&text[start..apostrophe]);
    clitic.push('\'');
    french::is_clitic(&clitic).then_some(apostrophe + c.len_utf8())
}

/// A dotted acronym at `start`: two or more capital letters, each followed
/// by a dot, with a hyphen allowed after a dot (`S.N.C.F.`, `U.E.`,
/// `P.-D.G.`); its end, after the last dot, which it keeps: whether that dot
/// also ends a sentence is the segmenter's call, and it reads a dot after a
/// single capital as an initial's (see [`crate::segment::is_abbreviation`]).
/// `None` for anything else, a single initial (`J. Dupont`) included.
#[inline(always)]
fn acronym_end(text: &str, start: usize) -> Option<usize> {
    // Most words are none: their first character is a small letter or has
    // no dot after it, which the bytes tell without decoding a character.
    let bytes = text.as_bytes();
    let first = *bytes.get(start)?;
    let len = match first {
        b'A'..=b'Z' => 1,
        0..=0x7F => return None,
        _ => first.leading_ones() as usize,
    };
    if bytes.get(start + len) != Some(&b'.') {
        return None;
    }
    dotted_letters_end(text, start)
}

/// [`acronym_end`] once a dot follows the first character.
#[inline(never)]
fn dotted_letters_end(text: &str, start: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut end = start;
    let mut letters = 0;
    loop {
        let mut j = end;
        if letters > 0 {
            if let Some(h) = char_at(text, j).filter(|&c| is_hyphen(c)) {
                j += h.len_utf8();
            }
        }
        let Some(c) = char_at(text, j).filter(|&c| is_capital(c)) else {
            break;
        };
        j += c.len_utf8();
        if bytes.get(j) != Some(&b'.') {
            break;
        }
        end = j + 1;
        letters += 1;
    }
    (letters >= 2).then_some(end)
}

/// The abbreviation of « c'est-à-dire » at `start`: `c`, `à` and `d`, in
/// either case, each but the last followed by a dot, a hyphen or both
/// (`c.-à-d.`, `c-à-d`, `c.à.d.`, `c.-a-d.`; an `a` without accent only
/// with a hyphen, as `C.A.D.` may be an acronym), then perhaps a dot, and
/// no word character, hyphen or apostrophe after. Its end, the last dot
/// included: split there, its letters would be terms (`c`, `à-d`).
pub(crate) fn cest_a_dire_end(text: &str, start: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    if !matches!(bytes.get(start), Some(b'c' | b'C')) {
        return None;
    }
    // A dot, a hyphen or a dot and a hyphen; its end, and whether it has a hyphen.
    let separator = |j: usize| -> Option<(usize, bool)> {
        let mut k = j;
        if bytes.get(k) == Some(&b'.') {
            k += 1;
        }
        match char_at(text, k).filter(|&h| is_hyphen(h)) {
            Some(h) => Some((k + h.len_utf8(), true)),
            None => (k > j).then_some((k, false)),
        }
    };
    let (j, first_hyphen) = separator(start + 1)?;
    let a = char_at(text, j).filter(|&a| matches!(a, 'à' | 'À' | 'a' | 'A'))?;
    let (j, second_hyphen) = separator(j + a.len_utf8())?;
    if !matches!(bytes.get(j), Some(b'd' | b'D'))
        || (a.is_ascii() && !first_hyphen && !second_hyphen)
    {
        return None;
    }
    let joined = |k: usize| {
        char_at(text, k).is_some_and(|c| is_word_char(c) || is_hyphen(c) || is_apostrophe(c))
    };
    let d = j + 1;
    if bytes.get(d) == Some(&b'.') && !joined(d + 1) {
        return Some(d + 1);
    }
    (!joined(d)).then_some(d)
}

/// The abbreviation of « numéro » at `start` when digits follow it right
/// away (`nº12`, `Nº2019-1428`): `n` or `N` and the masculine ordinal
/// indicator `º` (U+00BA), a letter, which would otherwise make one word
/// with the digits. Its end, before the digits, which are scanned as a
/// number. (`n°12` needs no rule: the degree sign is no letter.)
fn numero_end(text: &str, start: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let numero = matches!(bytes.get(start), Some(b'n' | b'N'))
        && bytes.get(start + 1..start + 3) == Some("º".as_bytes())
        && bytes.get(start + 3).is_some_and(u8::is_ascii_digit);
    numero.then_some(start + 3)
}

/// A capital letter, as the segmenter reads an initial: alphabetic and
/// upper-case.
fn is_capital(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_uppercase()
    } else {
        c.is_uppercase() && c.is_alphabetic()
    }
}

/// End of a word run: word characters, invisible characters, and apostrophes
/// or hyphens that stand between two word characters.
fn word_end(text: &str, start: usize) -> usize {
    word_run(text, start).0
}

/// [`word_end`], and whether the run holds an apostrophe or a hyphen (only
/// such a word can be split: [`split_word_memo`] needs no second look).
fn word_run(text: &str, start: usize) -> (usize, bool) {
    let bytes = text.as_bytes();
    let mut j = start;
    let mut joined = false;
    loop {
        // ASCII letters and digits are word characters: skipped as bytes.
        while bytes.get(j).is_some_and(u8::is_ascii_alphanumeric) {
            j += 1;
        }
        let Some(&b) = bytes.get(j) else {
            break;
        };
        if b.is_ascii() {
            // No other ASCII character is a word character, a combining mark
            // or invisible: only `'`, `` ` `` or `-` before a word character joins,
            // and the dot of inclusive writing (`citoyen.ne.s`) or a
            // parenthesised ending (`parti(s)`).
            if matches!(b, b'\'' | b'`' | b'-') && char_at(text, j + 1).is_some_and(is_word_char) {
                joined = true;
                j += 1;
                continue;
            }
            if b == b'.' || b == b'(' {
                if let Some(end) = inclusive_suffix_end(text, start, j) {
                    j = end;
                    continue;
                }
            }
            break;
        }
        let Some(c) = char_at(text, j) else {
            break;
        };
        if is_inclusive_dot(c) {
            match inclusive_suffix_end(text, start, j) {
                Some(end) => {
                    j = end;
                    continue;
                }
                None => break,
            }
        }
        let len = c.len_utf8();
        let apostrophe_or_hyphen = is_apostrophe(c) || is_hyphen(c);
        let joins = is_word_char(c)
            || is_invisible(c)
            || (apostrophe_or_hyphen && char_at(text, j + len).is_some_and(is_word_char));
        if joins {
            joined |= apostrophe_or_hyphen;
            j += len;
        } else {
            break;
        }
    }
    (without_trailing_invisibles(text, start, j), joined)
}

/// `end`, moved back over the invisible characters that end
/// `text[start..end]`: a soft hyphen or zero-width space after a word is
/// not part of it (inside one, it is). A line cut as a passage leaves them
/// out, so a word read in a longer text must too, for its span, its kind
/// and what follows it to be the same.
fn without_trailing_invisibles(text: &str, start: usize, mut end: usize) -> usize {
    // Every invisible character is outside ASCII: a word ending in an ASCII
    // byte, as most do, ends there.
    if end > start && text.as_bytes()[end - 1].is_ascii() {
        return end;
    }
    while let Some(c) = text[start..end]
        .chars()
        .next_back()
        .filter(|&c| is_invisible(c))
    {
        end -= c.len_utf8();
    }
    end
}

/// Units that belong to the number before them (longest first where one
/// starts another): degrees, euros, and the units of a ratio written with
/// a slash (`50 km/h`), whose letters after the slash would be one-letter
/// words.
const NUMBER_UNITS: &[&str] = &[
    "°C", "°F", "°", "Mrds€", "Mrd€", "Mds€", "Md€", "M€", "k€", "€/MWh", "€/kWh", "€/t", "€",
    "km/h", "km/s", "m/s", "g/km", "kWh/m²", "kWh/m2", "kWh/an", "m³/h", "m3/h", "m³/s", "m3/s",
    "l/min", "L/min", "l/h", "L/h", "mg/dL", "mg/dl", "mg/L", "mg/l", "g/L", "g/l", "µg/m³",
    "µg/m3", "t/ha", "kg/ha", "q/ha", "hab/km²", "hab/km2",
];

/// Symbols of units of length, area, volume, mass and power or energy that
/// belong to the number before them, as `%` does (`50 km`, `100 m²`, `3
/// MW`, `400 GWh`). None is a French word nor likely to be one after a
/// number: not `a`, `h` (hours are times), `l` and `L`, `t`, `M`
/// (`3 M. Dupont`, a million), `Md` (billions without `€`), `s`.
const LETTER_UNITS: &[&str] = &[
    "km", "km²", "km2", "m", "m²", "m2", "m³", "m3", "cm", "mm", "ha", "kg", "g", "mg", "µg", "Mt",
    "kW", "MW", "GW", "kWc", "MWc", "GWc", "kWh", "MWh", "GWh", "TWh",
];

/// Dots of inclusive writing, between a word and its feminine or plural
/// ending: the middle dot (`élu·e·s`), its mathematical twin and the
/// bullet, and the full stop (`citoyen.ne.s`), which only joins the
/// endings of [`INCLUSIVE_ENDINGS`].
pub(crate) fn is_inclusive_dot(c: char) -> bool {
    matches!(c, '·' | '⋅' | '•' | '.')
}

/// The endings a full stop joins to a word in inclusive writing, and those
/// that a hyphen does (`étudiant-e-s`: see `inclusive_base`).
pub(super) const INCLUSIVE_ENDINGS: &[&str] = &[
    "e", "es", "s", "ne", "nes", "le", "les", "te", "tes", "rice", "rices", "trice", "trices",
    "euse", "euses", "ère", "ères", "ive", "ives", "sse", "sses",
];

/// The end of an inclusive ending at `dot` (the dot included) after the
/// word run from `start`, of two characters at least: the dot right after a
/// lower-case letter, then one
/// to five lower-case letters (or, but after a full stop, capitals after a
/// capital: `ÉLU·E·S`), then anything but a word character (another
/// dot may follow: `élu·e·s`). A full stop joins only the endings of
/// [`INCLUSIVE_ENDINGS`], so that a sentence's end never does (a sentence
/// starts with a space and a capital). An opening bracket there starts a
/// parenthesised ending ([`parenthesised_ending_end`]). `None` otherwise.
fn inclusive_suffix_end(text: &str, start: usize, dot: usize) -> Option<usize> {
    if text.as_bytes().get(dot) == Some(&b'(') {
        return parenthesised_ending_end(text, start, dot);
    }
    let c = char_at(text, dot).filter(|&c| is_inclusive_dot(c))?;
    let mut run = text[start..dot].chars().rev();
    let last = run.next();
    // A word in capitals has endings in capitals (`ÉLU·E·S`), after any
    // dot but the full stop, whose capitals are an acronym's (`S.N.C.F.`).
    let capitals = c != '.' && last.is_some_and(char::is_uppercase);
    // A word of two letters at least (`i.e.` is no inclusive writing).
    if !(capitals || last.is_some_and(char::is_lowercase)) || run.next().is_none() {
        return None;
    }
    let from = dot + c.len_utf8();
    let mut end = from;
    let mut letters = 0;
    let in_case = |l: &char| match capitals {
        true => l.is_uppercase(),
        false => l.is_lowercase(),
    };
    while let Some(l) = char_at(text, end).filter(in_case) {
        end += l.len_utf8();
        letters += 1;
    }
    let next_ok = char_at(text, end).map_or(true, |n| !is_word_char(n));
    let ending = &text[from..end];
    let known = c != '.' || INCLUSIVE_ENDINGS.contains(&ending);
    ((1..=5).contains(&letters) && next_ok && known).then_some(end)
}

/// The end of a parenthesised feminine or plural ending at `open`, a `(`,
/// after the word run from `start`, as administrative French writes both
/// forms at once: `parti(s)`, `intéressé(e)`, `concerné(e)s`, `au(x)`,
/// `quel(le)(s)`. The run before is of two characters at least and ends
/// with a lower-case letter or a closing bracket; inside the brackets, one
/// of [`INCLUSIVE_ENDINGS`] or `x`; after them, perhaps one of
/// [`INCLUSIVE_ENDINGS`] (`élu(e)s`), then anything but a word character.
/// `None` otherwise: `f(x)`, `PME(s)`, `article(premier)`.
fn parenthesised_ending_end(text: &str, start: usize, open: usize) -> Option<usize> {
    let mut run = text[start..open].chars().rev();
    if !run.next().is_some_and(|c| c.is_lowercase() || c == ')') || run.next().is_none() {
        return None;
    }
    let lower_run = |from: usize| {
        text[from..]
            .char_indices()
            .find(|&(_, l)| !l.is_lowercase())
            .map_or(text.len(), |(k, _)| from + k)
    };
    let close = lower_run(open + 1);
    let ending = &text[open + 1..close];
    if !(ending == "x" || INCLUSIVE_ENDINGS.contains(&ending))
        || text.as_bytes().get(close) != Some(&b')')
    {
        return None;
    }
    let after = close + 1;
    let end = match lower_run(after) {
        e if e > after && INCLUSIVE_ENDINGS.contains(&&text[after..e]) => e,
        _ => after,
    };
    (!char_at(text, end).is_some_and(is_word_char)).then_some(end)
}

/// `http://`, `https://` or `www.` up to the next space, without trailing
/// punctuation; or a bare domain name ([`bare_domain_end`]), with the path
/// that may follow it.
fn url_end(text: &str, start: usize) -> Option<usize> {
    let rest = &text.as_bytes()[start..];
    let starts = |p: &[u8]| rest.len() >= p.len() && rest[..p.len()].eq_ignore_ascii_case(p);
    let prefix_len = if starts(b"https://") {
        8
    } else if starts(b"http://") {
        7
    } else if starts(b"www.") {
        4
    } else {
        let domain = bare_domain_end(text, start)?;
        if rest.get(domain - start) != Some(&b'/') {
            return Some(domain);
        }
        domain - start
    };
    let run = run_end(text, start);
    let mut end = trim_trailing(text, start, run);
    // A closing bracket the URL opened is part of it:
    // `https://fr.wikipedia.org/wiki/Loi_(France).`
    while end < run && text[end..].starts_with(')') {
        let url = &text[start..end];
        if url.matches('(').count() <= url.matches(')').count() {
            break;
        }
        end += 1;
    }
    (end > start + prefix_len).then_some(end)
}

/// Top-level domains of the bare domain names that French public text
/// cites without `www.` (`impots.gouv.fr`, `service-public.fr`,
/// `ameli.fr`).
const TOP_LEVEL_DOMAINS: &[&str] = &["com", "eu", "fr", "info", "int", "net", "org"];

/// The end of a bare domain name at `start`: two labels or more of ASCII
/// letters, digits and inner hyphens, joined by dots, the first of two
/// characters at least, the last one of [`TOP_LEVEL_DOMAINS`] in lower
/// case, and no word character, hyphen or `@` right after. Its words would
/// otherwise be terms (`gouv`, `fr`). `None` otherwise: a sentence's end
/// has a space after its dot, an acronym's dots follow single capitals
/// (`S.N.C.F.`), and inclusive writing's endings are none of these
/// (`citoyen.ne.s`).
fn bare_domain_end(text: &str, start: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let label_end = |from: usize| {
        let mut j = from;
        while bytes
            .get(j)
            .is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'-')
        {
            j += 1;
        }
        // A label neither starts nor ends with a hyphen.
        (j > from && bytes[from] != b'-' && bytes[j - 1] != b'-').then_some(j)
    };
    let mut end = label_end(start)?;
    if end - start < 2 || bytes.get(end) != Some(&b'.') {
        return None;
    }
    let mut last = start;
    while bytes.get(end) == Some(&b'.') {
        let Some(next) = label_end(end + 1) else {
            break;
        };
        last = end + 1;
        end = next;
    }
    let top = &text[last..end];
    let followed = char_at(text, end).is_some_and(|c| is_word_char(c) || c == '@' || c == '-');
    (last > start && TOP_LEVEL_DOMAINS.contains(&top) && !followed).then_some(end)
}

/// End of the run of non-space characters from `start`.
fn run_end(text: &str, start: usize) -> usize {
    text[start..]
        .char_indices()
        .find(|&(_, c)| c.is_whitespace())
        .map_or(text.len(), |(k, _)| start + k)
}

/// Drops punctuation that closes a sentence, a quotation or a bracket
/// (`<https://…>`: no URL holds an angle bracket) from a run's end.
fn trim_trailing(text: &str, start: usize, mut end: usize) -> usize {
    while end > start {
        let c = text[start..end].chars().next_back().unwrap_or(' ');
        if matches!(
            c,
            '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '»' | '"' | '\'' | '’' | '…'
        ) || c == '>'
        {
            end -= c.len_utf8();
        } else {
            break;
        }
    }
    end
}

/// After `@` or `#`: letters, digits and `_`, with at least one letter.
fn name_end(text: &str, start: usize) -> Option<usize> {
    let mut j = start;
    let mut letter = false;
    while let Some(c) = char_at(text, j) {
        if c.is_alphanumeric() || c == '_' || unicode_normalization::char::is_combining_mark(c) {
            letter |= c.is_alphabetic();
            j += c.len_utf8();
        } else {
            break;
        }
    }
    (letter && j > start).then_some(j)
}

/// Whether an `@` comes before the next ASCII space or control byte: a
/// cheap test that rules out an e-mail address for most words (the run
/// [`email_end`] looks at ends at the first space of any kind, so it never
/// reaches further than this).
fn at_sign_in_run(bytes: &[u8], start: usize) -> bool {
    bytes[start..]
        .iter()
        .take(EMAIL_MAX_BYTES)
        .take_while(|&&b| b > b' ' && b != 0x7f)
        .any(|&b| b == b'@')
}

/// Longest e-mail address, in bytes (RFC 5321's limit). Both e-mail tests
/// look no further: a text with no space would otherwise be read to its end
/// from every word in it.
const EMAIL_MAX_BYTES: usize = 254;

/// `local@domain.tld`, when the run of non-space characters at `start` begins
/// with one of at most [`EMAIL_MAX_BYTES`].
fn email_end(text: &str, start: usize) -> Option<usize> {
    // One byte more than the longest address: enough to see where it ends.
    let mut window = (start + EMAIL_MAX_BYTES + 1).min(text.len());
    while !text.is_char_boundary(window) {
        window -= 1;
    }
    let run = start + run_end(&text[start..window], 0);
    let candidate = &text[start..run];
    let at = candidate.find('@')?;
    let local = &candidate[..at];
    if local.is_empty()
        || !local
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-'))
    {
        return None;
    }
    let domain_start = start + at + 1;
    let mut end = domain_start;
    for c in text[domain_start..run].chars() {
        if c.is_alphanumeric() || c == '.' || c == '-' {
            end += c.len_utf8();
        } else {
            break;
        }
    }
    if end - start > EMAIL_MAX_BYTES {
        return None;
    }
    let end = trim_trailing(text, domain_start, end);
    let domain = &text[domain_start..end];
    let dot = domain.rfind('.')?;
    let valid =
        dot > 0 && domain[dot + 1..].chars().all(char::is_alphabetic) && dot + 1 < domain.len();
    valid.then_some(end)
}

fn digits_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut j = start;
    while j < bytes.len() && bytes[j].is_ascii_digit() {
        j += 1;
    }
    j
}

/// A number from `start` (a digit): digit groups of three separated by a
/// space, a decimal part, a time ([`time_end`]), a range (`2024-2025`,
/// `14h30-16h`), a percent sign, an ordinal suffix. `None` when letters
/// follow that are not an ordinal suffix (`5G`).
fn number_end(text: &str, start: usize) -> Option<usize> {
    let mut j = digits_end(text, start);
    if let Some(end) = time_end(text, start, j) {
        j = end;
    } else {
        if j - start <= 3 {
            // Thousands with dots, as some transcripts write them:
            // "3.300.000" (a single group, "10.000", was one number already).
            let bytes = text.as_bytes();
            while bytes.get(j) == Some(&b'.')
                && digits_end(text, j + 1) == j + 4
                && !char_at(text, j + 4).is_some_and(is_word_char)
            {
                j += 4;
            }
            // Thousands: "1 000 000" with any group space.
            while let Some(sep) = char_at(text, j) {
                if !is_group_space(sep) {
                    break;
                }
                let k = j + sep.len_utf8();
                let e = digits_end(text, k);
                // A letter right after three digits makes them no group
                // ("en 2024 500emplois"), unless it is the ordinal suffix
                // or the unit of the whole ("1 000e", "1 000km").
                let next_is_letter = char_at(text, e).is_some_and(char::is_alphabetic)
                    && ordinal_suffix_end(text, e).is_none()
                    && unit_end(text, e).is_none();
                if e - k == 3 && !next_is_letter {
                    j = e;
                } else {
                    break;
                }
            }
        }
        j = decimal_end(text, j);
    }
    // Ranges and dates: "2024-2025", "2025-02-11", "14h30-16h".
    while let Some(c) = char_at(text, j) {
        if (c == '-' || c == '–' || c == '/')
            && char_at(text, j + c.len_utf8()).is_some_and(|d| d.is_ascii_digit())
        {
            let k = j + c.len_utf8();
            let digits = digits_end(text, k);
            j = time_end(text, k, digits).unwrap_or_else(|| decimal_end(text, digits));
        } else {
            break;
        }
    }
    // Percent, with or without a space (a tab too, as text pasted from
    // tables has).
    let mut k = j;
    if let Some(sep) = char_at(text, k).filter(|&c| is_group_space(c) || c == '\t') {
        k += sep.len_utf8();
    }
    if let Some(p) = char_at(text, k).filter(|&c| c == '%' || c == '‰') {
        return Some(k + p.len_utf8());
    }
    if let Some(end) = unit_end(text, k) {
        return Some(end);
    }
    // Ordinal suffix, or letters that make this a word.
    if char_at(text, j).is_some_and(is_word_char) {
        return ordinal_suffix_end(text, j);
    }
    Some(j)
}

/// The end of the unit at `k`, right after a number or a space after it:
/// degrees and euros, the euros of thousands, millions and billions, and
/// ratios ([`NUMBER_UNITS`]: "1,5 °C", "10 €", "3 Md€", "2 Mds€", "50
/// km/h"), then units of length, area, volume, mass and energy
/// ([`LETTER_UNITS`]: "50 km", "100 m²", "3 MW"), each when no word
/// character follows it, and for the latter, when it is the whole word
/// run there (`m` is no unit of "2 m'ont", nor `km` of "50 kms").
/// Otherwise `C`, `Md`, `h`, `km` or `MW` would be words, and terms of
/// climate, budget, road safety and energy texts. `None` otherwise.
fn unit_end(text: &str, k: usize) -> Option<usize> {
    let rest = &text[k..];
    // Most numbers are followed by no unit: comparing the first byte
    // before the whole unit spares a call to compare bytes per unit.
    let first = *rest.as_bytes().first()?;
    let starts = |u: &&str| u.as_bytes()[0] == first && rest.starts_with(*u);
    if let Some(unit) = NUMBER_UNITS
        .iter()
        .find(|u| starts(u) && char_at(text, k + u.len()).map_or(true, |c| !is_word_char(c)))
    {
        return Some(k + unit.len());
    }
    LETTER_UNITS
        .iter()
        .find(|u| starts(u) && word_end(text, k) == k + u.len())
        .map(|u| k + u.len())
}

/// The end of the ordinal suffix at `j`, right after the digits of a
/// number (`1er`, `3e`, `1º`): the word run there, when it is one of
/// `french::is_ordinal_suffix`. `None` otherwise: the digits and letters
/// are a word (`5G`).
fn ordinal_suffix_end(text: &str, j: usize) -> Option<usize> {
    let end = word_end(text, j);
    let suffix = &text[j..end];
    // Read without the invisible characters inside the suffix (`1e`, a
    // soft hyphen, `r`), as the token's text is; those after it are not
    // in the word run.
    let ordinal = match suffix.contains(is_invisible) {
        true => french::is_ordinal_suffix(&suffix.replace(is_invisible, "")),
        false => french::is_ordinal_suffix(suffix),
    };
    ordinal.then_some(end)
}

/// The end of the number of an article of a French code at `start`, its
/// part letter included: `L`, `R` or `D` (legislative, regulatory, decree),
/// perhaps a dot, perhaps a space, then a number with at least one hyphen
/// (`L. 541-10-1`, `R.123-4`, `L2122-22`, `D. 12-3`). Such a reference is a
/// number, not the word `L` followed by one. `None` otherwise: `D. 12` may
/// be an initial and a year.
fn code_article_end(text: &str, start: usize) -> Option<usize> {
    let mut j = start + 1;
    if text.as_bytes().get(j) == Some(&b'.') {
        j += 1;
    }
    if let Some(c) = char_at(text, j).filter(|&c| is_group_space(c)) {
        j += c.len_utf8();
    }
    if !text.as_bytes().get(j).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let end = number_end(text, j)?;
    text[j..end].contains('-').then_some(end)
}

/// The end of a time of day or a duration in hours, when the digits
/// `[start, digits)` are one or two: `h` or `H`, then perhaps two digits of
/// minutes, each perhaps after a space (`8h`, `15h30`, `20h00`, `18H`,
/// `9 h 30`, `3 h15`, `35h`). Nothing that continues a word may follow the
/// `h` or the minutes: `15 heures`, `2 ha`, `5h3` and `100h` are no times.
/// `None` otherwise.
fn time_end(text: &str, start: usize, digits: usize) -> Option<usize> {
    if digits - start > 2 {
        return None;
    }
    let after_space = |k: usize| {
        char_at(text, k)
            .filter(|&c| is_group_space(c))
            .map_or(k, |c| k + c.len_utf8())
    };
    let h = after_space(digits);
    if !matches!(text.as_bytes().get(h), Some(b'h' | b'H')) {
        return None;
    }
    let minutes = after_space(h + 1);
    let minutes_end = digits_end(text, minutes);
    if minutes_end - minutes == 2 && !char_at(text, minutes_end).is_some_and(is_word_char) {
        return Some(minutes_end);
    }
    (!char_at(text, h + 1).is_some_and(is_word_char)).then_some(h + 1)
}

fn decimal_end(text: &str, j: usize) -> usize {
    match char_at(text, j) {
        Some(',' | '.') if char_at(text, j + 1).is_some_and(|d| d.is_ascii_digit()) => {
            digits_end(text, j + 1)
        }
        _ => j,
    }
}

/// Lower-case normalised form of a piece of a word, for the French tables.
fn lower(piece: &str) -> String {
    super::normalize(piece).to_lowercase()
}

/// Entries the per-thread memo of word splits holds before it starts afresh.
const SPLITS_LIMIT: usize = 100_000;

/// A split word: each token's range relative to the word's start, and kind.
type Split = Vec<(usize, usize, TokenKind)>;

thread_local! {
    /// Per-thread memo of [`split_word`] for words with an apostrophe or a
    /// hyphen, keyed by the word's text: splitting depends on nothing else,
    /// and it costs lower-case copies of the word and its parts, where a
    /// corpus repeats the same few thousand such words (`l'État`, `c'est`).
    static SPLITS: std::cell::RefCell<rustc_hash::FxHashMap<Box<str>, Split>> =
        std::cell::RefCell::new(rustc_hash::FxHashMap::default());
}

/// Longest word run, in bytes, looked up as a whole-word exception, and
/// longest text before an apostrophe read as an elided clitic; longer runs
/// are neither (a test checks that the lists fit, even though lowercasing
/// shrinks a character's bytes by up to 3×).
pub(super) const WHOLE_WORD_MAX_BYTES: usize = 96;

/// [`split_word`] through the per-thread memo; the same tokens. `joined`:
/// the word holds an apostrophe or a hyphen (see [`word_run`]).
fn split_word_memo(text: &str, start: usize, end: usize, joined: bool, out: &mut Vec<RawToken>) {
    if !joined {
        push_word(text, start, end, out);
        return;
    }
    let word = &text[start..end];
    SPLITS.with(|splits| {
        let mut splits = splits.borrow_mut();
        if let Some(split) = splits.get(word) {
            out.extend(split.iter().map(|&(s, e, kind)| RawToken {
                start: start + s,
                end: start + e,
                kind,
            }));
            return;
        }
        let first = out.len();
        split_word(text, start, end, out);
        if splits.len() >= SPLITS_LIMIT {
            splits.clear();
        }
        let split = out[first..]
            .iter()
            .map(|t| (t.start - start, t.end - start, t.kind))
            .collect();
        splits.insert(word.into(), split);
    });
}

/// Splits the word run `[start, end)` into tokens: elided clitics first, then
/// verb–pronoun inversions; compounds and exceptions stay whole. Linear in
/// the length of the run, whatever it holds: a run of thousands of clitics
/// ("l'l'l'…") is peeled in a loop, and only runs short enough to be an
/// exception are lowercased to look them up.
fn split_word(text: &str, start: usize, end: usize, out: &mut Vec<RawToken>) {
    let mut start = start;
    loop {
        let word = &text[start..end];
        let joined = word.chars().any(|c| is_apostrophe(c) || is_hyphen(c));
        if !joined || (word.len() <= WHOLE_WORD_MAX_BYTES && french::is_whole_word(&lower(word))) {
            push_word(text, start, end, out);
            return;
        }
        // Elision: a clitic before the first apostrophe.
        let Some((p, c)) = word.char_indices().find(|&(_, c)| is_apostrophe(c)) else {
            break;
        };
        let Some(clitic_end) = clitic_end(text, start, start + p, c) else {
            break;
        };
        // Only when a word follows: `jʼ` before a soft hyphen stays whole
        // (U+02BC is a letter, so it does not end the word run).
        if !text[clitic_end..end].chars().any(is_word_char) {
            break;
        }
        out.push(RawToken {
            start,
            end: clitic_end,
            kind: TokenKind::Word,
        });
        start = clitic_end;
    }
    // Inversions: pronouns split off the end, euphonic "t" dropped.
    let mut cut = end;
    let mut pronouns = Vec::new();
    while let Some((h, hc)) = text[start..cut]
        .char_indices()
        .rev()
        .find(|&(_, c)| is_hyphen(c))
    {
        let h = start + h;
        let last = lower(&text[h + hc.len_utf8()..cut]);
        let before_start = text[start..h]
            .char_indices()
            .rev()
            .find(|&(_, c)| is_hyphen(c))
            .map_or(start, |(k, c)| start + k + c.len_utf8());
        let before = lower(&text[before_start..h]);
        if !(french::is_inverted_pronoun(&last, &before)
            || french::is_demonstrative_particle(&last, &before))
        {
            break;
        }
        pronouns.push(RawToken {
            start: h + hc.len_utf8(),
            end: cut,
            kind: TokenKind::Word,
        });
        cut = h;
        if before == "t" && before_start > start {
            // "a-t-il": the euphonic t is no token; cut before its hyphen.
            cut = before_start
                - text[..before_start]
                    .chars()
                    .next_back()
                    .map_or(1, char::len_utf8);
        }
    }
    if cut < end {
        push_word(text, start, cut, out);
        out.extend(pronouns.into_iter().rev());
        return;
    }
    push_word(text, start, end, out);
}

fn push_word(text: &str, start: usize, end: usize, out: &mut Vec<RawToken>) {
    let word = &text[start..end];
    // A Roman numeral's first letter, as a byte (an ASCII byte in UTF-8 is
    // always that character).
    let roman = matches!(
        word.as_bytes().first(),
        Some(b'I' | b'V' | b'X' | b'L' | b'C' | b'D' | b'M')
    ) && if word.is_ascii() {
        french::is_roman_ordinal(word)
    } else {
        french::is_roman_ordinal(&super::normalize(word))
    };
    let kind = if roman {
        TokenKind::Number
    } else {
        TokenKind::Word
    };
    out.push(RawToken { start, end, kind });
}

#[cfg(test)]
mod tests {
    //! The fast scanner against the reference rules: same tokens, on random
    //! text full of the cases where the fast path must step aside, and on
    //! real text (the bundled corpus, and `../shared` when present).

    use proptest::prelude::*;

    use super::{scan_into, scan_reference, RawToken};

    #[test]
    fn letters_and_digits_are_those_of_the_standard_library() {
        for c in (0..=0x2FF).filter_map(char::from_u32) {
            assert_eq!(super::is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    fn fast(text: &str) -> Vec<RawToken> {
        let mut out = Vec::new();
        scan_into(text, &mut out);
        out
    }

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-zA-Z0-9éÉœ'’ʼ‘\\-_%+@#.,;:!?/()«»\"\u{A0}\u{202F}\u{AD}\u{200B}\u{301}\u{1}\t\n\r ]{0,120}",
            "(www|http|https|HTTP|mot|Les|XXIe|IVe|Mme|l|d|qu|a|t|il|x|fr|1|000|2024|\\.|:|//|@|#|'|’|‘|«|\\(|\\)|-|,|_|%|\\+| |\u{A0}|\n|é)*",
            "(mot|jean|a|x|1|\\.|_|%|\\+|-|@|y\\.fr|www\\.|http://| |, |: |fr|gouv|/|é)*",
            // Dotted acronyms and times, and what may cut them short.
            "(S\\.|N\\.|É\\.|S|É|s\\.|\\.|-|\u{2011}|l’|d'|U\\.E\\.|h|H|15|8|30|300|ha|\u{A0}| |/|%|x)*",
            // Code articles, and what may cut them short.
            "(L|R|D|Lr|\\.|L\\. |R\\.|541|10|-|\u{A0}| |@|a|é|:)*",
            // Inclusive writing, and what looks like it.
            "(élu|citoyen|Les|i|e|s|es|ne|rice|euse|·|⋅|•|\\.|-|'| |É|S\\.|x|1|\\(|\\)|\\(e\\)|\\(s\\)|\\(x\\))*",
            // The abbreviation of « c'est-à-dire », and what looks like it.
            "(c|C|à|À|a|A|d|D|\\.|-|\u{2011}|'|c\\.-à-d\\.|c-à-d|C\\.A\\.D\\.| |x|1)*",
            // Units written with a slash after a number.
            "(50|1,5| |\u{A0}|km|km/h|m/s|m|/|h|s|kWh/m²|g/km|a|\\.)*",
            // Accents typed for an apostrophe, `nº` and `1º`, units after a
            // number and ordinals with thousands, and what may cut them short.
            "(l|d|qu|aujourd|hui|mot|n|N|´|`|'|º|°|1|12|000|e|er|km|m|m²|m2|kg|MW|GWh|ha|g|t|M|kms|/|h|-|\\.|,|\u{A0}|\u{202F}| |x|é)*",
            // Accented letters on the fast path, and their neighbours off it.
            "(à|À|é|È|ÿ|Ÿ|×|÷|Ö|Ø|ö|ø|Œ|œ|Ł|ª|µ|ß|Þ|ð|mot|É\\.|L|R|D|1|'|’|-|\\.|@|:| |·|\u{301}|\u{AD}|www|http)*",
            any::<String>(),
        ]
    }

    /// Every character from U+0080 to U+024F, inside, at the start and at
    /// the end of words, before what may end or continue them: the fast
    /// path takes the accented letters of French, and must read each of
    /// them, and everything it leaves to the reference rules, as they do.
    #[test]
    fn characters_beyond_ascii_are_scanned_as_the_reference_rules_scan_them() {
        for c in (0x80..=0x24F).filter_map(char::from_u32) {
            for text in [
                format!("d{c}put{c} "),
                format!("{c}tat. Les"),
                format!("{c}"),
                format!("a{c}"),
                format!("L{c}1 R{c}"),
                format!("{c}l{c}ve'a {c}-t-il"),
                format!("www{c}.fr x{c}@y.fr {c}{c}.{c}."),
                format!("{c}\u{301} {c}\u{AD}x {c}·e·s {c}({c})"),
            ] {
                assert_eq!(fast(&text), scan_reference(&text), "{text:?}");
            }
        }
    }

    proptest! {
        #![proptest_config(crate::proptest_config(2000))]

        #[test]
        fn fast_scanner_gives_the_reference_tokens(text in text()) {
            prop_assert_eq!(fast(&text), scan_reference(&text));
        }

        #[test]
        fn word_ends_are_those_of_the_rule_char_by_char(text in text()) {
            for (start, _) in text.char_indices() {
                let (end, joined) = super::word_run(&text, start);
                prop_assert_eq!(end, word_end_by_chars(&text, start));
                let by_chars = text[start..end]
                    .chars()
                    .any(|c| super::is_apostrophe(c) || super::is_hyphen(c));
                prop_assert_eq!(joined, by_chars, "{:?}", &text[start..end]);
            }
        }
    }

    /// The rule of `word_end`, one character at a time.
    fn word_end_by_chars(text: &str, start: usize) -> usize {
        use super::{char_at, is_apostrophe, is_hyphen, is_invisible, is_word_char};
        let mut j = start;
        while let Some(c) = char_at(text, j) {
            if let Some(end) = super::inclusive_suffix_end(text, start, j) {
                j = end;
                continue;
            }
            let len = c.len_utf8();
            let joins = is_word_char(c)
                || is_invisible(c)
                || ((is_apostrophe(c) || is_hyphen(c))
                    && char_at(text, j + len).is_some_and(is_word_char));
            if !joins {
                break;
            }
            j += len;
        }
        super::without_trailing_invisibles(text, start, j)
    }

    #[test]
    fn a_run_of_thousands_of_clitics_is_split_without_recursion() {
        // Once split by recursion, one call per clitic: this overflowed the
        // stack of a worker thread.
        for clitic in ["l'", "qu’", "L'"] {
            let text = format!("{}IA", clitic.repeat(50_000));
            let tokens = fast(&text);
            assert_eq!(tokens.len(), 50_001, "{clitic}");
            assert_eq!(tokens, scan_reference(&text));
            let last = tokens.last().unwrap();
            assert_eq!(&text[last.start..last.end], "IA");
        }
    }

    #[test]
    fn an_e_mail_address_is_at_most_254_bytes() {
        let kinds =
            |text: &str| -> Vec<super::TokenKind> { fast(text).iter().map(|t| t.kind).collect() };
        let fits = format!("{}@exemple.fr", "a".repeat(243));
        assert_eq!(fits.len(), 254);
        assert_eq!(kinds(&fits), [super::TokenKind::Email]);
        assert_eq!(
            kinds(&format!("{fits},suite")),
            [
                super::TokenKind::Email,
                super::TokenKind::Punct,
                super::TokenKind::Word
            ]
        );
        let longer = format!("a{fits}");
        assert!(!kinds(&longer).contains(&super::TokenKind::Email));
    }

    #[test]
    fn fast_scanner_gives_the_reference_tokens_on_real_text() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(root.join("corpus"))
            .expect("corpus/ is part of the repository")
            .map(|e| e.expect("readable corpus/").path())
            .collect();
        let shared = root.join("../shared/corpora");
        // Enough text that a loop checking nothing cannot pass.
        let mut minimum = 20_000;
        match std::fs::read_dir(&shared) {
            Ok(dirs) => {
                minimum = 100_000;
                for dir in dirs.flatten() {
                    files.extend(
                        std::fs::read_dir(dir.path())
                            .into_iter()
                            .flatten()
                            .flatten()
                            .map(|e| e.path()),
                    );
                }
            }
            Err(_) => println!(
                "notice: {} is absent; checking the bundled corpus only",
                shared.display()
            ),
        }
        let mut checked = 0;
        for file in files {
            let Ok(text) = std::fs::read_to_string(&file) else {
                continue;
            };
            for (n, line) in text.lines().enumerate().take(3000) {
                // JSON Lines: the decoded string fields, as the analyzer sees them.
                let texts: Vec<String> = match serde_json::from_str::<serde_json::Value>(line) {
                    Ok(serde_json::Value::Object(fields)) => fields
                        .values()
                        .filter_map(|v| v.as_str().map(str::to_string))
                        .collect(),
                    _ => vec![line.to_string()],
                };
                for t in texts {
                    assert_eq!(fast(&t), scan_reference(&t), "{}:{}", file.display(), n + 1);
                    checked += t.len();
                }
            }
        }
        assert!(checked > minimum, "only {checked} bytes checked");
    }
}
