//! Turning the bytes of an input into text: this module owns choosing the
//! encoding (a byte order mark first, then `--encoding`, else UTF-8 with a
//! windows-1252 fallback), decoding a whole file, a JSONL line or a CSV field,
//! opening a JSONL/CSV stream so that it yields UTF-8, and recognising binary
//! data. It never reads more than the unit it is given (a stream is decoded as
//! it is read).
//!
//! Bytes that are not all valid UTF-8 are of two kinds. Text written in
//! windows-1252 has its accented letters as single high bytes (`é` is `E9`),
//! which are almost never valid UTF-8: it is decoded as windows-1252, which
//! keeps every byte. Text written in UTF-8 and damaged in a few places (a
//! stray byte, a character cut in two) is full of valid multi-byte
//! sequences: decoding it as windows-1252 would garble every accented letter
//! (`souverainetÃ©`). So when valid multi-byte characters outnumber the
//! invalid sequences [`UTF8_PER_INVALID`] to 1, the unit is read as UTF-8,
//! each invalid sequence replaced with U+FFFD, with a warning saying where
//! the first one is and how many bytes were replaced.

use std::borrow::Cow;
use std::io::{self, Read};

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};
use encoding_rs_io::DecodeReaderBytesBuilder;

/// How many leading bytes (or characters) are looked at to recognise binary data.
pub(crate) const SAMPLE_BYTES: usize = 8 * 1024;

/// The warning on a document whose bytes were not UTF-8 and were read as windows-1252.
pub(crate) const FALLBACK_WARNING: &str = "not UTF-8: decoded as windows-1252";

/// The skip reason of a unit that looks binary.
pub(crate) const BINARY: &str = "binary";

/// Valid multi-byte UTF-8 characters needed for each invalid sequence, for
/// bytes that are not all UTF-8 to be read as UTF-8 rather than as
/// windows-1252. In windows-1252 French, where an accented letter is one high
/// byte followed by a letter or a space, a valid sequence only happens by
/// accident (`à` `A0` `BB`, for `à »` with a no-break space), among dozens of
/// invalid ones; in damaged UTF-8 the invalid bytes are the few. Reading
/// UTF-8 as windows-1252 garbles every valid character, and windows-1252 as
/// UTF-8 loses every invalid byte; since windows-1252 keeps every byte, UTF-8
/// is chosen only when it is clearly the better reading: four valid
/// characters for one invalid byte, eight for two, as in a short paragraph.
pub(crate) const UTF8_PER_INVALID: usize = 4;

/// What a unit decoded by [`decode_unit`] is, to say where an invalid byte is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit<'a> {
    /// A JSONL line.
    Line,
    /// A CSV field of the named column.
    Column(&'a str),
    /// A cell of a CSV header row.
    HeaderCell,
}

impl std::fmt::Display for Unit<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unit::Line => write!(f, "the line"),
            Unit::Column(name) => write!(f, "column {name:?}"),
            Unit::HeaderCell => write!(f, "a cell"),
        }
    }
}

/// How the bytes of an input are turned into text, chosen from its byte order mark and the options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decoding {
    /// No BOM and no encoding given: UTF-8 when valid, or when valid but for
    /// a few invalid bytes (replaced with U+FFFD), else windows-1252; with a
    /// warning when not valid.
    Detect,
    /// UTF-8 (a UTF-8 BOM, or UTF-8 given): invalid bytes make the unit skipped.
    Utf8,
    /// Another encoding (a UTF-16 BOM, or an encoding given): malformed
    /// sequences become U+FFFD, with a warning.
    Other(&'static Encoding),
}

impl Decoding {
    /// The decoding for a BOM (which always wins) and an encoding given in the options.
    pub(crate) fn choose(
        bom: Option<&'static Encoding>,
        given: Option<&'static Encoding>,
    ) -> Decoding {
        match bom.or(given) {
            None => Decoding::Detect,
            Some(encoding) if encoding == UTF_8 => Decoding::Utf8,
            Some(encoding) => Decoding::Other(encoding),
        }
    }

    /// Whether the bytes are UTF-16, where NUL bytes are normal.
    fn is_utf16(self) -> bool {
        matches!(self, Decoding::Other(e) if e == UTF_16LE || e == UTF_16BE)
    }
}

/// Text decoded from a unit's bytes, with the encoding used and a warning if any.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Decoded<T> {
    /// The text.
    pub(crate) text: T,
    /// The encoding the bytes were read in.
    pub(crate) encoding: &'static Encoding,
    /// A warning to put on the document (fallback to windows-1252, invalid or malformed bytes replaced).
    pub(crate) warning: Option<String>,
}

/// The skip reason of a unit that must be UTF-8 (a UTF-8 byte-order mark,
/// or `--encoding utf-8`) and is not.
pub(crate) fn not_utf8(offset: usize) -> String {
    format!(
        "not UTF-8 (invalid byte at offset {offset}), which a UTF-8 byte-order mark or \
         --encoding utf-8 requires: repair that byte, or read the file without both to have \
         invalid bytes replaced with a warning"
    )
}

/// The warning for bytes that are malformed in `encoding`.
fn malformed(encoding: &'static Encoding) -> String {
    format!(
        "malformed {}: invalid bytes replaced with U+FFFD",
        encoding.name()
    )
}

/// Decodes a whole file's bytes (BOM included, kept in the text as U+FEFF); `Err` is a skip reason.
pub(crate) fn decode_file(bytes: Vec<u8>, decoding: Decoding) -> Result<Decoded<String>, String> {
    match decoding {
        Decoding::Detect | Decoding::Utf8 => match String::from_utf8(bytes) {
            Ok(text) => Ok(Decoded {
                text,
                encoding: UTF_8,
                warning: None,
            }),
            Err(error) if decoding == Decoding::Utf8 => {
                Err(not_utf8(error.utf8_error().valid_up_to()))
            }
            Err(error) => {
                let bytes = error.as_bytes();
                Ok(match invalid_in_utf8(bytes) {
                    Some(invalid) => {
                        let line = memchr::memchr_iter(b'\n', &bytes[..invalid.first]).count() + 1;
                        repaired(bytes, &invalid, &format!("(line {line})"))
                    }
                    None => fallback(bytes),
                }
                .map_text(Cow::into_owned))
            }
        },
        Decoding::Other(encoding) => Ok(decode_other(&bytes, encoding).map_text(Cow::into_owned)),
    }
}

/// Decodes one unit of a stream opened by [`open_stream`] (a JSONL line, a CSV
/// field, named by `unit` in a warning): `Other` streams are already UTF-8.
/// `Err` is a skip reason.
pub(crate) fn decode_unit<'a>(
    bytes: &'a [u8],
    decoding: Decoding,
    unit: Unit<'_>,
) -> Result<Decoded<Cow<'a, str>>, String> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Decoded {
            text: Cow::Borrowed(text),
            encoding: match decoding {
                Decoding::Other(encoding) => encoding,
                Decoding::Detect | Decoding::Utf8 => UTF_8,
            },
            warning: None,
        }),
        Err(error) => match decoding {
            Decoding::Detect => Ok(match invalid_in_utf8(bytes) {
                Some(invalid) => repaired(bytes, &invalid, &format!("of {unit}")),
                None => fallback(bytes),
            }),
            Decoding::Utf8 => Err(not_utf8(error.valid_up_to())),
            // The stream decoder only writes UTF-8; keep the unit rather than fail.
            Decoding::Other(encoding) => Ok(Decoded {
                text: String::from_utf8_lossy(bytes),
                encoding,
                warning: Some(malformed(encoding)),
            }),
        },
    }
}

/// Where bytes that are not all UTF-8 are invalid, when they are clearly
/// UTF-8 all the same (see [`UTF8_PER_INVALID`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Invalid {
    /// Offset of the first invalid byte.
    first: usize,
    /// Invalid bytes in all.
    bytes: usize,
}

/// `Some` when `bytes`, which are not all valid UTF-8, have at least
/// [`UTF8_PER_INVALID`] valid multi-byte characters for each invalid
/// sequence (a byte that starts no character, or a character cut short).
fn invalid_in_utf8(bytes: &[u8]) -> Option<Invalid> {
    // A character of two bytes or more starts with a byte from C0 on.
    let multibyte = |valid: &[u8]| valid.iter().filter(|&&b| b >= 0xc0).count();
    let (mut characters, mut sequences) = (0usize, 0usize);
    let mut invalid = Invalid { first: 0, bytes: 0 };
    let mut offset = 0;
    loop {
        let rest = &bytes[offset..];
        match std::str::from_utf8(rest) {
            Ok(_) => {
                characters += multibyte(rest);
                break;
            }
            Err(error) => {
                let valid = error.valid_up_to();
                characters += multibyte(&rest[..valid]);
                let len = error.error_len().unwrap_or(rest.len() - valid);
                if sequences == 0 {
                    invalid.first = offset + valid;
                }
                sequences += 1;
                invalid.bytes += len;
                offset += valid + len;
            }
        }
    }
    (sequences > 0 && characters >= UTF8_PER_INVALID * sequences).then_some(invalid)
}

/// Bytes that are UTF-8 but for a few invalid sequences (`invalid`), read as
/// UTF-8 with each invalid sequence replaced with U+FFFD, and a warning
/// giving the first one's offset, then `place` (its line, or the unit).
fn repaired<'a>(bytes: &'a [u8], invalid: &Invalid, place: &str) -> Decoded<Cow<'a, str>> {
    let count = match invalid.bytes {
        1 => "1 invalid byte".to_string(),
        n => format!("{n} invalid bytes"),
    };
    Decoded {
        text: String::from_utf8_lossy(bytes),
        encoding: UTF_8,
        warning: Some(format!(
            "not UTF-8 at byte {} {place}: {count} replaced with U+FFFD, the rest read as UTF-8",
            invalid.first
        )),
    }
}

/// Bytes that are not UTF-8, read as windows-1252 (every byte maps to a character).
fn fallback(bytes: &[u8]) -> Decoded<Cow<'_, str>> {
    let (text, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
    Decoded {
        text,
        encoding: WINDOWS_1252,
        warning: Some(FALLBACK_WARNING.to_string()),
    }
}

/// Bytes in a given encoding other than UTF-8.
fn decode_other<'a>(bytes: &'a [u8], encoding: &'static Encoding) -> Decoded<Cow<'a, str>> {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    Decoded {
        text,
        encoding,
        warning: had_errors.then(|| malformed(encoding)),
    }
}

impl<T> Decoded<T> {
    /// The same decoding with the text converted.
    fn map_text<U>(self, f: impl FnOnce(T) -> U) -> Decoded<U> {
        Decoded {
            text: f(self.text),
            encoding: self.encoding,
            warning: self.warning,
        }
    }
}

/// Whether the raw bytes hold a NUL in their first [`SAMPLE_BYTES`] (normal in UTF-16 only).
pub(crate) fn has_nul(bytes: &[u8], decoding: Decoding) -> bool {
    !decoding.is_utf16() && bytes[..bytes.len().min(SAMPLE_BYTES)].contains(&0)
}

/// Whether more than 30 % of the first [`SAMPLE_BYTES`] characters are control
/// characters other than tab, line feed, carriage return and form feed.
///
/// Counted on bytes, since every line of a corpus goes through it: a
/// character starts at each byte that is not a UTF-8 continuation byte, and
/// the control characters are the C0 bytes, DEL, and the C1 range
/// U+0080–U+009F, encoded `C2 80` to `C2 9F`.
pub(crate) fn mostly_control(text: &str) -> bool {
    // A text of at most that many bytes has at most that many characters.
    let end = if text.len() <= SAMPLE_BYTES {
        text.len()
    } else {
        text.char_indices()
            .nth(SAMPLE_BYTES)
            .map_or(text.len(), |(end, _)| end)
    };
    let sample = &text.as_bytes()[..end];
    let (mut total, mut control) = (0usize, 0usize);
    // Per chunk, counts fit in a byte and the loop has no branch, so the
    // compiler turns it into vector compares.
    for chunk in sample.chunks(128) {
        let (mut t, mut c) = (0u8, 0u8);
        for &b in chunk {
            t += u8::from((b as i8) >= -0x40);
            let c0 = (b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r') & (b != 0x0c);
            c += u8::from(c0 | (b == 0x7f));
        }
        total += usize::from(t);
        control += usize::from(c);
    }
    control += memchr::memchr_iter(0xc2, sample)
        .filter(|&i| sample.get(i + 1).is_some_and(|b| (0x80..=0x9f).contains(b)))
        .count();
    control * 10 > total * 3
}

/// The encoding label of bytes that look like UTF-16 without a byte-order
/// mark: in the first [`SAMPLE_BYTES`], most bytes of one parity are NUL (the
/// high bytes of Latin characters) and few of the other.
pub(crate) fn utf16_without_bom(bytes: &[u8]) -> Option<&'static str> {
    let sample = &bytes[..bytes.len().min(SAMPLE_BYTES) & !1];
    let pairs = sample.len() / 2;
    if pairs < 4 {
        return None;
    }
    let nul_at = |parity: usize| {
        sample
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (nul_at(0), nul_at(1));
    let mostly = |n: usize| n * 10 >= pairs * 7;
    let few = |n: usize| n * 10 <= pairs;
    match () {
        _ if mostly(odd) && few(even) => Some("utf-16le"),
        _ if mostly(even) && few(odd) => Some("utf-16be"),
        _ => None,
    }
}

/// Whether bytes that `decoding` reads as UTF-16 (an encoding given: a
/// UTF-16 byte-order mark reads them as UTF-16 whatever is given) are
/// rather UTF-8: no NUL byte among the first [`SAMPLE_BYTES`], where French
/// text in UTF-16 has one beside every ASCII character, and valid UTF-8 (a
/// character cut by the sample's end aside). Read as UTF-16, they would be
/// characters of no script the text is in.
fn utf8_given_as_utf16(bytes: &[u8], decoding: Decoding) -> bool {
    let sample = &bytes[..bytes.len().min(SAMPLE_BYTES)];
    decoding.is_utf16()
        && Encoding::for_bom(bytes).is_none()
        && sample.len() >= 8
        && !sample.contains(&0)
        && match std::str::from_utf8(sample) {
            Ok(_) => true,
            Err(e) => e.error_len().is_none(),
        }
}

/// The skip reason of an input [`utf8_given_as_utf16`].
const UTF8_GIVEN_AS_UTF16: &str = "UTF-8 read as UTF-16 (--encoding): its first \
    bytes hold no NUL, which UTF-16 has beside every ASCII letter, and are valid UTF-8; \
    leave --encoding out, or give it only for the files in UTF-16";

/// The skip reason of bytes that look like UTF-16 without a byte-order mark
/// (see [`utf16_without_bom`]), read as binary: the option that reads them.
pub(crate) fn utf16_reason(label: &str) -> String {
    format!(
        "{BINARY}, or UTF-16 text without a byte-order mark: if it is text, give --encoding {label}"
    )
}

/// The skip reason of an input whose first bytes are read in the wrong
/// encoding: UTF-8 given as UTF-16 ([`utf8_given_as_utf16`]), or UTF-16
/// without a byte-order mark read as bytes ([`utf16_without_bom`]). Text
/// files and CSV and JSONL streams all ask here.
pub(crate) fn misread_encoding(bytes: &[u8], decoding: Decoding) -> Option<String> {
    if utf8_given_as_utf16(bytes, decoding) {
        return Some(UTF8_GIVEN_AS_UTF16.to_string());
    }
    if has_nul(bytes, decoding) {
        return utf16_without_bom(bytes).map(utf16_reason);
    }
    None
}

/// A JSONL or CSV stream ready to be read as UTF-8, with what was learnt from its first bytes.
pub(crate) struct Stream {
    /// How the units of the stream are decoded (see [`decode_unit`]).
    pub(crate) decoding: Decoding,
    /// The first bytes of the stream as text (BOM removed, decoded lossily), for checks.
    pub(crate) sample: String,
    /// Whether the first raw bytes hold a NUL (outside UTF-16).
    pub(crate) has_nul: bool,
    /// Why the stream is read in the wrong encoding, judged on its first
    /// bytes (see [`misread_encoding`]).
    pub(crate) misread: Option<String>,
    /// The bytes of the stream, BOM removed: UTF-8 for `Other` decodings, raw otherwise.
    pub(crate) reader: Box<dyn Read + Send>,
}

/// Reads the first `sample` bytes of `read` (at least 4, for a BOM) and
/// returns a [`Stream`]: a UTF-16 BOM or a non-UTF-8 `given` encoding wraps
/// the reader in a streaming decoder; otherwise the bytes are passed through
/// and each unit is decoded by [`decode_unit`]. Memory: the sample.
pub(crate) fn open_stream<R: Read + Send + 'static>(
    mut read: R,
    given: Option<&'static Encoding>,
    sample: usize,
) -> io::Result<Stream> {
    let mut prefix = Vec::new();
    // UTF-16 given: enough bytes to tell whether they are (see
    // [`utf8_given_as_utf16`]).
    let sample = match given {
        Some(e) if e == UTF_16LE || e == UTF_16BE => sample.max(SAMPLE_BYTES),
        _ => sample,
    };
    (&mut read)
        .take(sample.max(4) as u64)
        .read_to_end(&mut prefix)?;
    let bom = Encoding::for_bom(&prefix);
    let bom_len = bom.map_or(0, |(_, len)| len);
    let decoding = Decoding::choose(bom.map(|(encoding, _)| encoding), given);
    let has_nul = has_nul(&prefix, decoding);
    let misread = misread_encoding(&prefix, decoding);
    let sample = match decoding {
        Decoding::Other(encoding) => encoding.decode_without_bom_handling(&prefix[bom_len..]).0,
        Decoding::Detect | Decoding::Utf8 => String::from_utf8_lossy(&prefix[bom_len..]),
    }
    .into_owned();
    let reader: Box<dyn Read + Send> = match decoding {
        Decoding::Other(encoding) => Box::new(
            DecodeReaderBytesBuilder::new()
                .encoding(Some(encoding))
                .bom_override(true)
                .strip_bom(true)
                .build(io::Cursor::new(prefix).chain(read)),
        ),
        Decoding::Detect | Decoding::Utf8 => {
            prefix.drain(..bom_len);
            Box::new(io::Cursor::new(prefix).chain(read))
        }
    };
    Ok(Stream {
        decoding,
        sample,
        has_nul,
        misread,
        reader,
    })
}

/// `text` in UTF-16, little or big endian, with its byte-order mark (for
/// the readers' tests).
#[cfg(test)]
pub(crate) fn utf16_with_bom(text: &str, little_endian: bool) -> Vec<u8> {
    let mut bytes = if little_endian {
        vec![0xff, 0xfe]
    } else {
        vec![0xfe, 0xff]
    };
    for unit in text.encode_utf16() {
        let pair = if little_endian {
            unit.to_le_bytes()
        } else {
            unit.to_be_bytes()
        };
        bytes.extend_from_slice(&pair);
    }
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(stream: Stream) -> Vec<u8> {
        let mut out = Vec::new();
        let mut reader = stream.reader;
        reader.read_to_end(&mut out).unwrap();
        out
    }

    #[test]
    fn choice_of_decoding() {
        assert_eq!(Decoding::choose(None, None), Decoding::Detect);
        assert_eq!(Decoding::choose(None, Some(UTF_8)), Decoding::Utf8);
        assert_eq!(
            Decoding::choose(None, Some(WINDOWS_1252)),
            Decoding::Other(WINDOWS_1252)
        );
        // A BOM always wins over the encoding given.
        assert_eq!(
            Decoding::choose(Some(UTF_8), Some(WINDOWS_1252)),
            Decoding::Utf8
        );
        assert_eq!(
            Decoding::choose(Some(UTF_16BE), Some(UTF_8)),
            Decoding::Other(UTF_16BE)
        );
    }

    #[test]
    fn windows_1252_fallback_and_strict_utf8() {
        let bytes = b"Caf\xe9 cr\xe8me br\xfbl\xe9e".to_vec();
        let decoded = decode_file(bytes.clone(), Decoding::Detect).unwrap();
        assert_eq!(decoded.text, "Café crème brûlée");
        assert_eq!(decoded.encoding.name(), "windows-1252");
        assert_eq!(
            decoded.warning.as_deref(),
            Some("not UTF-8: decoded as windows-1252")
        );
        assert_eq!(decode_file(bytes.clone(), Decoding::Utf8), Err(not_utf8(3)));
        let unit = decode_unit(&bytes, Decoding::Detect, Unit::Line).unwrap();
        assert_eq!(unit.text, "Café crème brûlée");
        assert_eq!(
            decode_unit(&bytes, Decoding::Utf8, Unit::Line),
            Err(not_utf8(3))
        );
    }

    /// A French paragraph in UTF-8, with `count` accented letters.
    fn utf8_paragraph(count: usize) -> Vec<u8> {
        "La souveraineté énergétique, c’est la sécurité. "
            .repeat(count.div_ceil(6))
            .into_bytes()
    }

    #[test]
    fn utf8_with_a_stray_byte_stays_utf8() {
        // Line 1 and 2 in UTF-8, a stray windows-1252 `é` (E9) on line 2.
        let mut bytes = "Première ligne, déjà en UTF-8.\n".as_bytes().to_vec();
        bytes.extend(utf8_paragraph(12));
        // The first invalid byte follows the `d`.
        let stray = bytes.len() + 1;
        bytes.extend_from_slice(b"d\xe9cid\xe9 ");
        bytes.extend(utf8_paragraph(12));
        let decoded = decode_file(bytes.clone(), Decoding::Detect).unwrap();
        assert_eq!(decoded.encoding, UTF_8);
        assert_eq!(
            decoded.warning.as_deref(),
            Some(&*format!(
                "not UTF-8 at byte {stray} (line 2): 2 invalid bytes replaced with U+FFFD, the rest read as UTF-8"
            ))
        );
        assert!(decoded
            .text
            .contains("d\u{fffd}cid\u{fffd} La souveraineté"));
        assert_eq!(decoded.text, String::from_utf8_lossy(&bytes));
        // Each invalid byte is three bytes of the text: offsets after it move by two.
        assert_eq!(decoded.text.len(), bytes.len() + 4);
        // The same bytes as a JSONL line or a CSV field.
        let unit = decode_unit(&bytes, Decoding::Detect, Unit::Column("text")).unwrap();
        assert_eq!(unit.text, decoded.text);
        assert_eq!(
            unit.warning.as_deref(),
            Some(&*format!(
                "not UTF-8 at byte {stray} of column \"text\": 2 invalid bytes replaced with U+FFFD, the rest read as UTF-8"
            ))
        );
        // With UTF-8 required, the unit is still skipped.
        assert_eq!(decode_file(bytes, Decoding::Utf8), Err(not_utf8(stray)));
    }

    #[test]
    fn a_character_cut_short_is_one_replacement() {
        let mut bytes = utf8_paragraph(12);
        // `€` is E2 82 AC: cut after two bytes, at the end of the line.
        bytes.extend_from_slice(b"10 \xe2\x82");
        let unit = decode_unit(&bytes, Decoding::Detect, Unit::Line).unwrap();
        assert!(unit.text.ends_with("10 \u{fffd}"), "{}", unit.text);
        assert_eq!(
            unit.warning.as_deref(),
            Some(&*format!(
                "not UTF-8 at byte {} of the line: 2 invalid bytes replaced with U+FFFD, the rest read as UTF-8",
                bytes.len() - 2
            ))
        );
    }

    #[test]
    fn windows_1252_stays_windows_1252_even_with_an_accidental_utf8_sequence() {
        // `à`, a no-break space and `»` (E0 A0 BB) happen to be valid UTF-8.
        let bytes = b"\xab\xa0Voil\xe0\xa0\xbb, dit le ministre. L'\xe9t\xe9 sera d\xe9cisif pour la r\xe9forme.".to_vec();
        let decoded = decode_file(bytes.clone(), Decoding::Detect).unwrap();
        assert_eq!(decoded.encoding, WINDOWS_1252);
        assert_eq!(
            decoded.text,
            "«\u{a0}Voilà\u{a0}», dit le ministre. L'été sera décisif pour la réforme."
        );
        assert_eq!(decoded.warning.as_deref(), Some(FALLBACK_WARNING));
    }

    #[test]
    fn too_few_utf8_characters_for_the_invalid_bytes_is_windows_1252() {
        // Four valid characters for one invalid byte: UTF-8; three: windows-1252.
        let utf8 = |accents: usize| {
            let mut bytes = "é".repeat(accents).into_bytes();
            bytes.extend_from_slice(b" caf\xe9");
            decode_unit(&bytes, Decoding::Detect, Unit::Line)
                .unwrap()
                .encoding
        };
        assert_eq!(utf8(UTF8_PER_INVALID), UTF_8);
        assert_eq!(utf8(UTF8_PER_INVALID - 1), WINDOWS_1252);
    }

    #[test]
    fn valid_utf8_is_not_copied_and_has_no_warning() {
        let unit = decode_unit("Vœux".as_bytes(), Decoding::Detect, Unit::Line).unwrap();
        assert!(matches!(unit.text, Cow::Borrowed("Vœux")));
        assert_eq!((unit.encoding.name(), unit.warning), ("UTF-8", None));
    }

    #[test]
    fn given_encoding_is_used_even_for_valid_utf8() {
        let decoded = decode_file("é".as_bytes().to_vec(), Decoding::Other(WINDOWS_1252)).unwrap();
        assert_eq!(decoded.text, "Ã©");
        assert_eq!(decoded.warning, None);
    }

    #[test]
    fn malformed_utf16_is_replaced_with_a_warning() {
        // An unpaired high surrogate.
        let decoded = decode_file(vec![0x00, 0xd8, b'a', 0], Decoding::Other(UTF_16LE)).unwrap();
        assert_eq!(decoded.text, "\u{fffd}a");
        assert_eq!(
            decoded.warning.as_deref(),
            Some("malformed UTF-16LE: invalid bytes replaced with U+FFFD")
        );
    }

    #[test]
    fn nul_bytes_and_control_characters() {
        assert!(has_nul(b"ab\0c", Decoding::Detect));
        assert!(!has_nul(b"ab\0c", Decoding::Other(UTF_16LE)));
        let mut late = vec![b'a'; SAMPLE_BYTES];
        late.push(0);
        assert!(
            !has_nul(&late, Decoding::Detect),
            "only the first 8 KiB count"
        );

        assert!(!mostly_control(""));
        assert!(!mostly_control("a\tb\r\n\x0cc"));
        // 3 of 10 is not more than 30 %; 4 of 10 is.
        assert!(!mostly_control("\x01\x02\x03abcdefg"));
        assert!(mostly_control("\x01\x02\x03\x7fabcdef"));
        // C1 controls count as one character each, accented letters too.
        assert!(mostly_control("\u{80}\u{85}\u{9f}\u{81}éàabcd"));
        assert!(!mostly_control("\u{80}\u{85}\u{9f}éàabcde"));
        // Only the first 8 Ki characters count.
        let late = "é".repeat(SAMPLE_BYTES) + &"\x01".repeat(SAMPLE_BYTES);
        assert!(!mostly_control(&late));
        let early = "\x01".repeat(SAMPLE_BYTES) + &"é".repeat(SAMPLE_BYTES);
        assert!(mostly_control(&early));
    }

    /// The byte count agrees with counting characters, on every character
    /// class the test cares about.
    #[test]
    fn mostly_control_counts_characters() {
        let by_chars = |text: &str| {
            let (mut total, mut control) = (0usize, 0usize);
            for c in text.chars().take(SAMPLE_BYTES) {
                total += 1;
                control += usize::from(c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c'));
            }
            control * 10 > total * 3
        };
        let pieces = [
            "a", "é", "\x01", "\t", "\u{85}", "\u{9f}", "\u{a0}", "€", "😀", "\x7f", "\u{2028}",
        ];
        let mut seed = 7u64;
        for _ in 0..2000 {
            let mut text = String::new();
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let len = (seed >> 33) % 40;
            for _ in 0..len {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            assert_eq!(mostly_control(&text), by_chars(&text), "{text:?}");
        }
    }

    #[test]
    fn stream_with_utf16_bom_is_transcoded() {
        let bytes = utf16_with_bom("{\"t\": \"é\"}\n", false);
        let stream = open_stream(io::Cursor::new(bytes), Some(UTF_8), 4).unwrap();
        assert_eq!(stream.decoding, Decoding::Other(UTF_16BE));
        assert!(!stream.has_nul);
        assert_eq!(read_all(stream), "{\"t\": \"é\"}\n".as_bytes());
    }

    #[test]
    fn stream_with_utf8_bom_or_none_passes_bytes_through() {
        let stream =
            open_stream(io::Cursor::new(b"\xef\xbb\xbfa\xe9\n".to_vec()), None, 5).unwrap();
        assert_eq!(stream.decoding, Decoding::Utf8);
        assert_eq!(stream.sample, "a\u{fffd}");
        assert_eq!(read_all(stream), b"a\xe9\n");

        let stream = open_stream(io::Cursor::new(b"a\0b".to_vec()), None, 8192).unwrap();
        assert_eq!(stream.decoding, Decoding::Detect);
        assert!(stream.has_nul);
        assert_eq!(read_all(stream), b"a\0b");
    }

    #[test]
    fn stream_in_a_given_encoding_is_transcoded() {
        let stream = open_stream(
            io::Cursor::new(b"caf\xe9\n".to_vec()),
            Some(WINDOWS_1252),
            4,
        )
        .unwrap();
        assert_eq!(stream.decoding, Decoding::Other(WINDOWS_1252));
        assert_eq!(read_all(stream), "café\n".as_bytes());
    }
}
