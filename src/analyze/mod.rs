//! The French analyzer: turns a passage of text into tokens with byte spans,
//! kinds, stopword labels and term keys. Analysing text never fails.
//!
//! # The stages, in order, and why each stands where it does
//!
//! 1. **Scanning on the text as read.** Tokens are found on the original
//!    bytes, so every span indexes the document exactly as the reader sees it;
//!    no later stage moves a span. Every kind of space (U+00A0, U+202F, tabs…)
//!    separates tokens; soft hyphens and zero-width characters are invisible
//!    (inside a word they do not split it); combining accents stay with their
//!    letter. URLs, e-mail addresses, `@mentions` and `#hashtags` are taken
//!    whole first, before their dots and `@` could split them, and so are
//!    domain names cited without `www.` (`impots.gouv.fr`). A **line
//!    break** between two tokens (`\n`, `\r`, form feed, vertical tab, NEL,
//!    U+2028, U+2029: `segment::line_breaks`) becomes a punctuation token
//!    of its own, [`LINE_BREAK`]: it ends a sentence, and no phrase, n-gram,
//!    stage direction or name with its article spans it, so a line is
//!    analysed alike whether it is a passage (`--passage paragraph`) or a
//!    part of one (`--passage document`). A **dotted
//!    acronym**, two or more capitals each followed by a dot, a hyphen
//!    allowed after a dot (`S.N.C.F.`, `U.E.`, `P.-D.G.`, also after a
//!    clitic: `l’O.N.U.`), is one word, its last dot included; its
//!    lower-case form drops the dots and hyphens, so that it has the key of
//!    `SNCF`. A single initial (`J. Dupont`) stays a word and a dot. The
//!    last dot ends no sentence, as an initial's does not: the segmenter
//!    cuts none there (`segment::is_abbreviation`) and the word after it is
//!    not sentence-initial.
//! 2. **Numbers** (`109`, `1 000 000` with thin, no-break or plain spaces
//!    between groups of three, or dots, `3.300.000`, also before an ordinal
//!    suffix or a unit, `1 000e`, `1 000km`; `2,5`, `12 %`, `1,5 °C`, `10 €`, `3 Md€`,
//!    `2024-2025`, `1er`, `XXIe`, `1º`, and common ratios written with a slash:
//!    `50 km/h`, `3 m/s`, `95 g/km`, `60 m3/h`, whose `h` or `s` would be a
//!    word, and units of length, area, mass and energy that no French word
//!    is: `50 km`, `100 m²`, `5 ha`, `10 kg`, `3 MW`, `400 GWh`) are
//!    tokens of kind [`TokenKind::Number`], never terms. So are **times**:
//!    one or two digits, `h` or `H`, perhaps two digits of minutes, each
//!    perhaps after a space (`8h`, `15h30`, `20h00`, `18H`, `9 h 30`,
//!    `35h`, ranges `14h30-16h`), with no letter or digit right after
//!    (`15 heures`, `2 ha`, `5h3`, `100h`, `H2` are no times); their key
//!    drops the spaces (`9 h 30` → `9h30`). So are the numbers of **code
//!    articles** with their part letter, `L`, `R` or `D`, perhaps a dot
//!    and a space, then a number holding a hyphen (`L. 541-10-1`,
//!    `R.123-4`): the letter alone would be a term. The abbreviation of
//!    « numéro » right before digits, `nº12`, is a word of its own (a
//!    stopword) and a number, as `Nº 12` and `n°12` are: `º` is a letter.
//! 3. **Apostrophes** `'` `’` `ʼ` are treated alike. **Elision** splits an
//!    elided clitic (`l’`, `d’`, `qu’`, `jusqu’`, `lorsqu’`, `puisqu’`,
//!    `quoiqu’`, `s’`, `n’`, `c’`, `j’`, `m’`, `t’`) off the word it leans on,
//!    and labels it a stopword, before anything looks at the word: `l’IA`
//!    counts as `IA`. A clitic before a quotation or a number stands alone
//!    (`d’« ensauvagement »`, `d’1,5 milliard`); `‘`, and the accents `´`
//!    and `` ` `` (`l´environnement`, `` d`une ``), typed for `’`, are
//!    apostrophes where they elide or join two letters. Words whose apostrophe is not an elision (`aujourd’hui`,
//!    `quelqu’un`, `presqu’île`, `prud’hommes`, `c’est-à-dire`) stay whole,
//!    and so do its abbreviations (`c.-à-d.`, `c-à-d`, `càd`), which have
//!    its key and label (`french::abbreviated_locution`).
//! 4. **Hyphens** keep compounds whole (`États-Unis`, `porte-parole`,
//!    `Île-de-France`) but split verb–pronoun inversions (`pourrait-elle`,
//!    `dit-on`, `donnez-nous`), dropping the euphonic `-t-` (`a-t-il`). This
//!    runs after elision so that `qu’est-ce` is seen as `est-ce`. **Inclusive
//!    writing** is one word (`élu·e·s`, `citoyen·ne·s`, and with full stops
//!    `travailleur.euse.s`, a full stop joining only a known ending, or
//!    hyphens, `étudiant-e-s`, a compound whose last parts are known
//!    endings), and so
//!    is a word with parenthesised endings (`parti(s)`, `intéressé(e)`,
//!    `concerné(e)s`, `au(x)`: a known ending or `x`, right after a
//!    lower-case letter); its key and stopword label are those of its
//!    masculine, plural when its last ending ends with `s` or is `x`
//!    (`élus`, `partis`, `aux`).
//! 5. **Normalisation** of each token's text: invisible characters removed,
//!    Unicode NFC (text pasted from PDFs arrives decomposed), typographic
//!    ligatures (`ﬁ`, `ﬂ`) as their letters, apostrophes as `'`. It runs per token, after scanning, so spans never move.
//! 6. **Lower-case**, for matching; the surface form is kept for display, so
//!    acronyms (`IA`, `RGPD`) stay readable.
//! 7. **Stopwords** are looked up on the lower-case form (and, for words
//!    written in capitals, which lose their accents, or without any accent,
//!    as text typed without them is, on the accent-folded form too: `ETRE`,
//!    `etre`; not a letter alone, since `O` is a name, not `Ô`). They are labelled, not deleted, so phrase matching still
//!    sees them.
//! 8. **Stemming** with the Snowball French stemmer, on the lower-case form
//!    with its accents: the stemmer needs them, so nothing is folded before.
//!    Each part of a compound is stemmed alone (`états-unis` → `état-uni`).
//!    Where the stemmer gets French wrong, `french::STEM_EXCEPTIONS` gives
//!    the key: words it would merge with a word of another meaning keep a
//!    key of their own (`droite` is not `droit`, `marché` not `marche`,
//!    `populisme` not `population`, `loyer` not `loi`, `amiante` not `ami`);
//!    adjectives in `-ais`, whose ending it reads as a verb's, keep it
//!    (`français` would get the key of `France`, `française` its own); and
//!    `publique`, `nouvelle`, `longue`, `étranger` share the key of their
//!    other gender, and so do feminine nouns in `-trice` and a list in
//!    `-euse` (`directrice`, `travailleuse`: `french::masculine`). Words
//!    without a vowel and a list of acronyms keep their form, unstemmed
//!    (`PS`, `CNRS`, `PACS`, `INSEE`: `french::keeps_its_form`), and so do
//!    Roman numerals in capitals (`XIII`). Plurals
//!    the stemmer does not stem as their singular are
//!    stemmed as the singular (`french::singular`): words of four letters
//!    or more in `-us` or `-os`, whose `s` it keeps (`élus`, `revenus`,
//!    `euros`; not `nous` or `refus`); words in `-its` or `-irs` whose
//!    singular it reads as a verb (`crédit` → `cred`, `crédits` →
//!    `credit`); and a list of nouns whose ending does not say they are
//!    plural (`emplois`, `lois`, `enjeux`, `lieux`, `baux`) or whose
//!    plural it reads as a verb's `-ions` (`commissions`).
//!    A word in capitals with no accent at all is first given back the
//!    accent of an ending the stemmer reads (`SECURITE` → `securité`, see
//!    `french::with_accented_ending`), unless the exception table decides
//!    it (`DROITE` keeps the key of `droite`). So is every word of a
//!    document typed without accents ([`written_without_accents`]), once
//!    the pipeline knows it is ([`Analyzer::restore_accented_endings`]).
//! 9. **Folding** accents and ligatures (`é`→`e`, `œ`→`oe`, `æ`→`ae`) last,
//!    so `État`, `Etat` and `états` share the key `etat`.
//! 10. **Stage directions** of transcripts, a bracket opening on a word
//!     such as `Applaudissements` or `Exclamations`, or holding one such as
//!     `applaudit` or `bancs`, are marked [`TokenKind::Aside`] once the
//!     whole passage is analysed (the marking needs the brackets around a
//!     word; the segmenter cuts no sentence inside one, reading the same
//!     rule through `stage_direction_spans`): not speech, so neither
//!     counted nor matched. Then the word before decides the label of a
//!     few words that the stopword list, looking at one word, cannot
//!     tell apart ([`label_by_context`]): `avions` is a stopword where it
//!     is the verb (`nous avions`), not the planes; `es` where it is
//!     the verb (`tu es`, `es-tu`); `été` is the season
//!     after `l'`, `cet`, `d'` (`l'été`), not the participle; `sommes`
//!     the noun after a determiner (`des sommes`); `Est` the
//!     cardinal point after a word (`le Grand Est`, `l'Est`), not the
//!     verb; `sûr` a stopword in `bien sûr`, as `bien` is.
//!
//! # From tokens to terms
//!
//! Counting reads a passage's tokens through [`terms`], which makes one
//! term of a **name with its article**: `Le`, `La` or `Les` written with a
//! capital in the middle of a sentence, right after a word, a number, a
//! comma, a semicolon or an abbreviation's dot, and followed after one space
//! (a plain, no-break or narrow no-break one: [`Token::one_space_before`])
//! by a capitalised content word (`Marine Le Pen`, `Bruno Le Maire`, `à La
//! Réunion`, `Les Républicains`, `Le Havre`). Mid-sentence, an article
//! takes no capital, so the capital says the article is part of the name:
//! `Le Maire` is not the mayor (`maire`), `La Réunion` not a meeting. So is
//! `LE`, `LA` or `LES` between a first name or a civility title (`M.`,
//! `MM.`, `Mme`, `Mmes`, `Mlle`, `Monsieur`, `Madame`, `Mademoiselle`, with
//! or without a dot, in any case) and a name in capitals, as transcripts
//! write surnames (`Bruno LE MAIRE`, `Madame LE PEN`, `M. LE MAIRE`), but
//! not before an office (`MONSIEUR LE PRÉSIDENT`). The term's key is the
//! article's lower-case form, a space and the name's key (`le mair`); its
//! display form joins the two as written (`Le Maire`). At
//! a sentence start (a line's first word is one), or after an opening
//! quote, bracket or colon, the
//! capital says nothing and the article stays a stopword. The tokens
//! themselves are unchanged, so theme matching and `kwic` see the article
//! and the name as two words (the query `Le Pen` finds both).

mod french;
pub use french::written_without_accents;
mod scan;
mod stopwords;

use compact_str::CompactString;
use rustc_hash::FxHashMap as HashMap;
use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{PoisonError, RwLock};

use rust_stemmers::{Algorithm, Stemmer};
use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

pub(crate) use scan::{cest_a_dire_end, is_inclusive_dot, is_invisible};
pub use stopwords::{sha256_hex, Stopwords};

/// A byte range `[start, end)` in the document text as read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(into = "[usize; 2]")]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }
}

impl From<Span> for [usize; 2] {
    fn from(span: Span) -> [usize; 2] {
        [span.start, span.end]
    }
}

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenKind {
    /// A word (possibly a compound or an elided clitic); content words are terms.
    Word,
    /// A number, with its spaces, decimals, percent sign, degrees, euros or ordinal suffix.
    Number,
    /// A web address.
    Url,
    /// An e-mail address.
    Email,
    /// An `@mention`.
    Mention,
    /// A `#hashtag`.
    Hashtag,
    /// A punctuation mark or other symbol; it breaks phrases and n-grams.
    Punct,
    /// A word or number of a stage direction, "(Applaudissements sur les
    /// bancs du groupe LR.)": not speech, so not counted among the tokens,
    /// never a term, never matched; it breaks phrases and n-grams.
    Aside,
}

/// An interned string: a term key, a word form. Copying, comparing and
/// hashing one costs a pointer; its text lives as long as the process, in
/// one global table shared by all threads (a corpus has few word types).
pub use ustr::Ustr as Sym;

/// One token of a passage. Every string field is an interned [`Sym`], so a
/// token is a few machine words and making one allocates nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Where the token is in the document text as read.
    pub span: Span,
    /// What kind of token it is.
    pub kind: TokenKind,
    /// The normalised surface form: NFC, invisible characters removed,
    /// apostrophes as `'`.
    pub text: Sym,
    /// Lower-case form (of `text`), used for stopwords and matching.
    pub lower: Sym,
    /// The lower-case form with accents and ligatures folded, which prefix
    /// patterns of the lexicon match.
    pub folded: Sym,
    /// The term key: lower-case → Snowball stem → accents folded, for words;
    /// the lower-case form for other kinds.
    pub key: Sym,
    /// The form to show for this occurrence: acronyms and proper nouns keep
    /// their capitals, a capital that only marks a sentence start is dropped.
    pub display: Sym,
    /// A function word (or an elided clitic): labelled, not deleted.
    pub stopword: bool,
    /// The first word of a sentence (its capital says nothing about it).
    pub initial: bool,
    /// One space alone separates the token from the one before it in the
    /// passage: one byte of ASCII space (or other whitespace that is no line
    /// break), or one no-break or narrow no-break space (U+00A0, U+202F),
    /// as between a name's article and its name (`Le Pen`, `Le\u{A0}Pen`).
    pub one_space_before: bool,
}

impl Token {
    /// A content word: a word that is not a stopword. Content words are terms.
    pub fn is_content(&self) -> bool {
        self.kind == TokenKind::Word && !self.stopword
    }

    /// Counted in token totals, and in the words of context of a
    /// concordance: everything except punctuation and asides (stage
    /// directions, speaker labels).
    pub fn is_counted(&self) -> bool {
        !matches!(self.kind, TokenKind::Punct | TokenKind::Aside)
    }

    /// The form to show for this occurrence (see [`Token::display`]).
    pub fn display_form(&self) -> &'static str {
        self.display.as_str()
    }
}

/// The French analyzer: stopword list plus the fixed French stages above.
///
/// ```
/// use parole::analyze::{Analyzer, Stopwords};
/// let analyzer = Analyzer::new(Stopwords::builtin());
/// let tokens = analyzer.analyze("L’IA au service de l’État.");
/// let keys: Vec<&str> = tokens.iter().map(|t| t.key.as_str()).collect();
/// assert_eq!(keys, ["l'", "ia", "au", "servic", "de", "l'", "etat", "."]);
/// assert!(tokens[0].stopword && !tokens[1].stopword);
/// ```
pub struct Analyzer {
    stopwords: Stopwords,
    stemmer: Stemmer,
    /// Tells the per-thread caches of different analyzers (with different
    /// stopword lists) apart.
    id: u64,
    /// The analyses any thread has made, which a thread reads when its own
    /// cache misses: each word type is stemmed once, not once per thread.
    shared: RwLock<HashMap<CompactString, Analysed>>,
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analyzer")
            .field("stopwords", &self.stopwords.len())
            .finish()
    }
}

/// What the analyzer makes of one surface string, whatever its position:
/// everything in a [`Token`] except the span and the sentence start.
#[derive(Debug, Clone, Copy)]
struct Analysed {
    kind: TokenKind,
    text: Sym,
    lower: Sym,
    folded: Sym,
    key: Sym,
    stopword: bool,
    /// Only the first letter is a capital: at a sentence start, the
    /// lower-case form is shown.
    capitalised: bool,
    /// A word whose stopword label its neighbours decide: `avions`, the
    /// verb or the planes, `été`, the participle or the season, and the
    /// others of [`label_by_context`].
    contextual: bool,
}

/// Entries a cache of analyses (a thread's or the shared one) holds before
/// it starts afresh.
const CACHE_LIMIT: usize = 500_000;

/// The per-thread cache from surface string to its analysis, for the
/// analyzer whose id it carries. Stemming, normalising and interning are the
/// costly stages, and a corpus has few word types: each is done once per
/// type (the analyzer's shared cache serves the other threads), then a token
/// costs one lookup in its thread's cache, which takes no lock. A surface
/// string of up to 24 bytes (nearly every word) is kept in the table itself
/// (`CompactString`), so a lookup reads no memory elsewhere: 7 % fewer
/// cache misses than boxed strings, in cachegrind, on 6 MB of AN questions.
struct Cache {
    analyzer: u64,
    map: HashMap<CompactString, Analysed>,
}

thread_local! {
    static CACHE: RefCell<Cache> = RefCell::new(Cache { analyzer: 0, map: HashMap::default() });
    /// Per thread, the key of each lower-case form met in text written
    /// without accents ([`Analyzer::restore_accented_endings`]): its key
    /// with the accent of its ending, or `None` when that changes nothing.
    static RESTORED: RefCell<HashMap<Sym, Option<Sym>>> = RefCell::new(HashMap::default());
}

static NEXT_ANALYZER: AtomicU64 = AtomicU64::new(1);

impl Analyzer {
    /// An analyzer with the given stopword list.
    pub fn new(stopwords: Stopwords) -> Analyzer {
        Analyzer {
            stopwords,
            stemmer: Stemmer::create(Algorithm::French),
            id: NEXT_ANALYZER.fetch_add(1, Ordering::Relaxed),
            shared: RwLock::default(),
        }
    }

    /// The stopword list in use.
    pub fn stopwords(&self) -> &Stopwords {
        &self.stopwords
    }

    /// Tokens of `text`, with spans relative to `text`.
    pub fn analyze(&self, text: &str) -> Vec<Token> {
        self.analyze_at(text, 0)
    }

    /// Tokens of `text`, which starts at byte `offset` of its document: spans
    /// are document offsets.
    pub fn analyze_at(&self, text: &str, offset: usize) -> Vec<Token> {
        let mut tokens = Vec::new();
        self.analyze_into(text, offset, &mut tokens);
        tokens
    }

    /// [`Analyzer::analyze_at`] into a vector the caller reuses (it is
    /// cleared first), so that a loop over passages allocates nothing.
    pub fn analyze_into(&self, text: &str, offset: usize, tokens: &mut Vec<Token>) {
        tokens.clear();
        let mut raw = Vec::new();
        scan::scan_into(text, &mut raw);
        tokens.reserve(raw.len());
        let contextual = CACHE.with(|cache| {
            let mut cache = cache.borrow_mut();
            if cache.analyzer != self.id || cache.map.len() > CACHE_LIMIT {
                cache.analyzer = self.id;
                cache.map.clear();
            }
            let mut sentence_start = true;
            let mut contextual = false;
            let bytes = text.as_bytes();
            let mut previous_end: Option<usize> = None;
            for raw in raw {
                // A line break between two tokens is a token of its own: it
                // ends a sentence and breaks phrases, n-grams and stage
                // directions, as the end of a paragraph does. Most gaps are
                // one space, or nothing before a punctuation mark.
                let mut one_space_before = false;
                if let Some(end) = previous_end {
                    one_space_before = raw.start == end + 1
                        || matches!(&text[end..raw.start], "\u{A0}" | "\u{202F}");
                    if raw.start != end + 1 || bytes[end] != b' ' {
                        if let Some(span) = breaks_in(&bytes[end..raw.start]) {
                            let start = end + offset;
                            tokens.push(line_break_token(start + span.start, start + span.end));
                            sentence_start = true;
                            one_space_before = false;
                        }
                    }
                }
                previous_end = Some(raw.end);
                let surface = &text[raw.start..raw.end];
                let a = match cache.map.get(surface) {
                    Some(a) if a.kind == raw.kind => *a,
                    Some(_) => self.analyse_surface(surface, raw.kind),
                    None => {
                        let a = self.shared_analysis(surface, raw.kind);
                        cache.map.insert(surface.into(), a);
                        a
                    }
                };
                let initial = sentence_start && raw.kind == TokenKind::Word;
                contextual |= a.contextual;
                tokens.push(Token {
                    span: Span::new(raw.start + offset, raw.end + offset),
                    kind: raw.kind,
                    text: a.text,
                    lower: a.lower,
                    folded: a.folded,
                    key: a.key,
                    display: if initial && a.capitalised {
                        a.lower
                    } else {
                        a.text
                    },
                    stopword: a.stopword,
                    initial,
                    one_space_before,
                });
                sentence_start = match raw.kind {
                    // A comma or a semicolon after the number that opens a
                    // sentence is in the sentence ("2022, Le Pen…"); between
                    // quoted sentences it is not ("« Non ! », « Jamais ! »").
                    TokenKind::Punct
                        if matches!(surface, "," | ";")
                            && tokens.len() >= 2
                            && tokens[tokens.len() - 2].kind == TokenKind::Number =>
                    {
                        false
                    }
                    // An opening quote or bracket keeps the sentence start
                    // for the word after it.
                    TokenKind::Punct => {
                        let ends = matches!(surface, "." | "!" | "?" | "…" | "•");
                        // The dot of an abbreviation or an initial ends no
                        // sentence: "M. Dupont" keeps its capital.
                        // (Abbreviations are short: a longer word is none.)
                        let abbreviation = surface == "."
                            && tokens.len() >= 2
                            && tokens[tokens.len() - 2].kind == TokenKind::Word
                            && tokens[tokens.len() - 2].span.end == raw.start + offset
                            && tokens[tokens.len() - 2].text.len()
                                <= crate::segment::ABBREVIATION_MAX_BYTES
                            && crate::segment::is_abbreviation(&text[..raw.start], ' ');
                        (ends && !abbreviation) || sentence_start
                    }
                    // So does the number of a heading or a list item ("4.1
                    // Appliquer la loi", "2) Protéger").
                    TokenKind::Number => sentence_start,
                    _ => false,
                };
            }
            contextual
        });
        mark_stage_directions(tokens);
        if contextual {
            label_by_context(text, offset, tokens);
        }
    }

    /// The analysis of a surface string from the shared cache, or made and
    /// added to it (which starts afresh when it holds [`CACHE_LIMIT`]
    /// entries, as the per-thread caches do).
    fn shared_analysis(&self, surface: &str, kind: TokenKind) -> Analysed {
        let known = self
            .shared
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(surface)
            .copied();
        match known {
            Some(a) if a.kind == kind => a,
            Some(_) => self.analyse_surface(surface, kind),
            None => {
                let a = self.analyse_surface(surface, kind);
                let mut shared = self.shared.write().unwrap_or_else(PoisonError::into_inner);
                if shared.len() >= CACHE_LIMIT {
                    shared.clear();
                }
                shared.entry(surface.into()).or_insert(a);
                a
            }
        }
    }

    /// The stages after scanning, for one surface string: the slow path,
    /// run once per word type.
    fn analyse_surface(&self, surface: &str, kind: TokenKind) -> Analysed {
        let text = normalize(surface);
        let lower = match kind {
            // A dotted acronym, whose dots follow capitals, is lower-cased
            // without its dots and hyphens: `S.N.C.F.` as `SNCF`.
            TokenKind::Word if is_dotted_acronym(&text) => {
                text.replace(['.', '-'], "").to_lowercase()
            }
            _ => text.to_lowercase(),
        };
        let (key, stopword) = match kind {
            TokenKind::Word => {
                // Inclusive writing: the key and stopword label of the word
                // without its feminine ending (`élu·e·s` as `élus`).
                // An abbreviated locution, as the locution (`c.-à-d.`).
                let inclusive = match french::abbreviated_locution(&lower) {
                    Some(locution) => Some(locution.to_string()),
                    None => inclusive_base(&lower),
                };
                let lower = inclusive.as_deref().unwrap_or(&lower);
                let elided = french::is_clitic(lower);
                let all_caps =
                    text.chars().any(char::is_uppercase) && !text.chars().any(char::is_lowercase);
                let stop = elided || self.is_stopword(lower, all_caps);
                // Capitals are often written without accents: "SECURITE"
                // gets the key of "sécurité" when its ending says which.
                let key = match all_caps && lower.is_ascii() {
                    // A Roman numeral (`Louis XIII`) is no word to stem.
                    true if french::is_roman_numeral(&text) => Some(lower.to_string()),
                    true => french::with_accented_ending(lower).map(|w| self.key(&w)),
                    false => None,
                };
                (key.unwrap_or_else(|| self.key(lower)), stop)
            }
            TokenKind::Number => (lower.split_whitespace().collect(), false),
            _ => (lower.clone(), false),
        };
        let capitalised = is_capitalised(&text, &lower);
        Analysed {
            kind,
            folded: Sym::from(fold(&lower).as_str()),
            text: Sym::from(text.as_str()),
            lower: Sym::from(lower.as_str()),
            key: Sym::from(key.as_str()),
            stopword,
            capitalised,
            contextual: kind == TokenKind::Word
                && (CONTEXTUAL_WORDS.contains(&lower.as_str()) || text == "Est"),
        }
    }

    /// Whether a word is a stopword, from its lower-case form and whether
    /// it is written in capitals.
    fn is_stopword(&self, lower: &str, all_caps: bool) -> bool {
        if self.stopwords.contains(lower) {
            return true;
        }
        // Capitals are often written without accents ("ETAT", "A"): for a
        // word in capitals, also try the folded form against folded entries.
        // So for a word without any accent, in text typed without them
        // ("etre", "tres", "deja"): no stopword folds to a French word of
        // its own, and a word written with an accent is taken as written.
        (all_caps || lower.is_ascii()) && self.stopwords.contains_folded(&fold(lower))
    }

    /// Gives the words of `tokens`, from a text written without accents
    /// ([`written_without_accents`]), the key of their ending with its
    /// accent, as words in capitals get it: `securite` has the key of
    /// `sécurité`, `filiere` that of `filière`. Only the key changes (the
    /// display form is the text's); stopwords, numbers and words the
    /// exception table decides keep theirs.
    pub fn restore_accented_endings(&self, tokens: &mut [Token]) {
        RESTORED.with(|memo| {
            let mut memo = memo.borrow_mut();
            if memo.len() > CACHE_LIMIT {
                memo.clear();
            }
            for token in tokens.iter_mut() {
                if token.kind != TokenKind::Word || token.stopword {
                    continue;
                }
                let restored = *memo.entry(token.lower).or_insert_with(|| {
                    let lower = token.lower.as_str();
                    if !lower.bytes().all(|b| b.is_ascii_lowercase() || b == b'-') {
                        return None;
                    }
                    let key = self.key(&french::with_accented_ending(lower)?);
                    (key != token.key.as_str()).then(|| Sym::from(key.as_str()))
                });
                if let Some(key) = restored {
                    token.key = key;
                }
            }
        });
    }

    /// A word typed in lower case without accents (`securite`) whose key
    /// would be another with the accent of its ending (`securité`, the key
    /// of `sécurité`): that spelling, which the stemmer reads as the
    /// accented word. The stemmer cuts `-ité`, `-ée`, `-ière` and a few
    /// `-ès` only with their accent, so a search for `securite` finds
    /// neither `sécurité` nor `SECURITE`. `None` for any other word.
    pub fn accented_ending(&self, word: &str) -> Option<String> {
        let lower = word.to_lowercase();
        if !word.is_ascii() || lower != word || !word.chars().all(|c| c.is_ascii_alphabetic()) {
            return None;
        }
        let accented = french::with_accented_ending(&lower)?;
        (self.key(&accented) != self.key(&lower)).then_some(accented)
    }

    /// The term key of a lower-case word: Snowball French stem of each
    /// hyphen-separated part, then accents and ligatures folded.
    pub fn key(&self, lower: &str) -> String {
        if french::is_clitic(lower) {
            return lower.to_string();
        }
        // A compound the table decides whole (`covid-19` is `covid`).
        if lower.contains('-') {
            if let Some(exception) = french::stem_exception(lower) {
                return exception.to_string();
            }
        }
        let mut key = String::with_capacity(lower.len());
        for (i, part) in lower.split('-').enumerate() {
            if i > 0 {
                key.push('-');
            }
            if let Some(exception) = french::stem_exception(part) {
                key.push_str(exception);
                continue;
            }
            if french::keeps_its_form(part) {
                key.push_str(&fold(part));
                continue;
            }
            if let Some(masculine) = french::masculine(part) {
                key.push_str(&fold(&self.stemmer.stem(&masculine)));
                continue;
            }
            let stem = self.stemmer.stem(part);
            match french::singular(part, &stem) {
                Some(singular) => match french::stem_exception(singular) {
                    Some(exception) => key.push_str(exception),
                    None => key.push_str(&fold(&self.stemmer.stem(singular))),
                },
                None => key.push_str(&fold(&stem)),
            }
        }
        key
    }

    /// Keys of a phrase, analysed exactly as text is (for lexicon entries).
    pub fn phrase_keys(&self, phrase: &str) -> Vec<Sym> {
        self.analyze(phrase)
            .into_iter()
            .filter(|t| t.kind != TokenKind::Punct)
            .map(|t| t.key)
            .collect()
    }
}

/// Whether a word holding a dot is a dotted acronym (`S.N.C.F.`): its
/// first dot follows a capital. The dots of inclusive writing follow a
/// lower-case letter (`citoyen.ne.s`).
fn is_dotted_acronym(text: &str) -> bool {
    text.find('.')
        .and_then(|d| text[..d].chars().next_back())
        .is_some_and(char::is_uppercase)
}

/// A lower-case word in inclusive writing (`élu·e·s`, `citoyen·ne`,
/// `salarié·es`, `travailleur.euse.s`, `étudiant-e-s`) or with
/// parenthesised endings (`parti(s)`, `intéressé(e)`, `au(x)`) as the
/// masculine form it is built on, plural when its last ending ends with `s`
/// or is `x` (`élus`, `citoyen`, `salariés`, `travailleurs`, `étudiants`,
/// `partis`, `intéressé`, `aux`); `None` for any other word.
fn inclusive_base(lower: &str) -> Option<String> {
    let cut = |c: char| scan::is_inclusive_dot(c) || c == '(' || c == ')';
    // One scan rules out nearly every word.
    if !lower.contains(|c| cut(c) || scan::is_hyphen(c)) {
        return None;
    }
    let (base, last) = if lower.contains(cut) {
        let mut pieces = lower.split(cut).filter(|p| !p.is_empty());
        let base = pieces.next()?;
        (base, pieces.next_back()?)
    } else {
        hyphenated_endings(lower)?
    };
    Some(if last == "x" && !base.ends_with('x') {
        format!("{base}x")
    } else if last.ends_with('s') && !base.ends_with(['s', 'x']) {
        format!("{base}s")
    } else {
        base.to_string()
    })
}

/// Inclusive writing with hyphens for dots (`étudiant-e-s`,
/// `enseignant-es`, `citoyen-ne`, `infirmier-ère-s`): the word before its
/// endings and its last ending, when the last part after a hyphen, or the
/// last two, are endings of inclusive writing (`scan::INCLUSIVE_ENDINGS`)
/// and the part before them has two letters at least and ends with one.
/// No compound ends so (`franco-allemand`, `porte-parole`, `mi-temps`),
/// and a pronoun after a verb (`disons-le`) was split off by the scanner.
fn hyphenated_endings(lower: &str) -> Option<(&str, &str)> {
    if !lower.contains(scan::is_hyphen) {
        return None;
    }
    let mut cut = lower.len();
    let mut last = None;
    for _ in 0..2 {
        let (h, c) = lower[..cut]
            .char_indices()
            .rev()
            .find(|&(_, c)| scan::is_hyphen(c))?;
        let part = &lower[h + c.len_utf8()..cut];
        if !scan::INCLUSIVE_ENDINGS.contains(&part) {
            break;
        }
        last.get_or_insert(part);
        cut = h;
        if !lower[..cut].contains(scan::is_hyphen) {
            break;
        }
    }
    let last = last?;
    let base = &lower[..cut];
    let word = base.rsplit(scan::is_hyphen).next().unwrap_or(base);
    let mut letters = word.chars().rev();
    (letters.next().is_some_and(char::is_alphabetic) && letters.next().is_some())
        .then_some((base, last))
}

/// The text of the token that a line break makes (see [`line_break_token`]).
pub const LINE_BREAK: &str = "\n";

/// Where the line breaks of `gap`, the few bytes between two tokens, are:
/// from the first break to the end of the last (see
/// [`crate::segment::line_breaks`] for the breaks), or `None`.
#[inline]
fn breaks_in(gap: &[u8]) -> Option<Span> {
    let mut span: Option<Span> = None;
    for k in 0..gap.len() {
        if let Some(len) = crate::segment::line_break_at(gap, k) {
            span = Some(Span::new(span.map_or(k, |s| s.start), k + len));
        }
    }
    span
}

/// The token for the line breaks at `start..end` of the document: a
/// punctuation token whose text is [`LINE_BREAK`], whatever the break
/// (`\r\n`, U+2029…).
fn line_break_token(start: usize, end: usize) -> Token {
    let text = Sym::from(LINE_BREAK);
    Token {
        span: Span::new(start, end),
        kind: TokenKind::Punct,
        text,
        lower: text,
        folded: text,
        key: text,
        display: text,
        stopword: false,
        initial: false,
        one_space_before: false,
    }
}

/// Words that open a stage direction in a transcript of the Assemblée or
/// the Sénat, lower-cased: "(Applaudissements sur les bancs du groupe
/// LR.)", "(Exclamations.)", "(Vifs applaudissements.)", "(Mêmes
/// mouvements.)".
const STAGE_DIRECTIONS: &[&str] = &[
    "applaudissements",
    "approbations",
    "brouhaha",
    "bruit",
    "bruits",
    "claquements",
    "exclamations",
    "huées",
    "interruptions",
    "marques",
    "mouvement",
    "mouvements",
    "murmures",
    "même",
    "mêmes",
    "nouveaux",
    "nouvelles",
    "protestations",
    "rire",
    "rires",
    "sourires",
    "vifs",
    "vives",
];

/// Words that make brackets a stage direction wherever they stand in them:
/// "(M. Jean Lassalle applaudit.)", "(Mmes et MM. les députés se lèvent et
/// applaudissent.)", "(« Enfin ! » sur les bancs du groupe LR.)".
const STAGE_DIRECTION_WORDS: &[&str] = &[
    "applaudissent",
    "applaudissements",
    "applaudit",
    "bancs",
    "exclamations",
    "lèvent",
    "protestations",
];

/// Pronouns that may stand between a subject and its verb: `nous les
/// avions`, `nous n'en avions`, `tu l'es`.
const PRONOUNS_BEFORE_VERB: &[&str] = &[
    "en", "l'", "la", "le", "les", "leur", "lui", "n'", "ne", "vous", "y",
];

/// Words whose stopword label [`label_by_context`] decides from their
/// neighbours, lower-cased (and `Est`, by its capital).
const CONTEXTUAL_WORDS: &[&str] = &["avions", "es", "été", "ete", "sommes", "sûr"];

/// Words right before `été` that make it the season, not the participle of
/// `être`, which follows an auxiliary or an adverb (`a été`, `ont déjà
/// été`): `l'été`, `cet été`, `d'été`, `chaque été`, `en été`.
const BEFORE_SUMMER: &[&str] = &["l'", "cet", "d'", "chaque", "un", "en", "bel", "plein"];

/// Words right before `sommes` that make it the noun (`des sommes`, `ces
/// sommes`), never the verb, which follows `nous` or a pronoun (`nous le
/// sommes`: not `le`).
const BEFORE_SUMS: &[&str] = &[
    "les",
    "des",
    "ces",
    "aux",
    "de",
    "d'",
    "nos",
    "vos",
    "leurs",
    "ses",
    "mes",
    "quelques",
    "certaines",
    "plusieurs",
    "importantes",
    "grosses",
    "fortes",
    "mêmes",
];

/// Labels the words that the stopword list, looking at one word, cannot
/// tell apart:
/// - `avions` is a stopword where it is the verb `avoir` (`nous avions`,
///   `nous les avions`, `n'avions`, `avions-nous`) rather than the planes
///   (`les avions`): `nous` or `n'` before it, past pronouns only, or
///   `-nous` after it;
/// - `es` is a stopword where it is the verb `être` (`tu es`, `tu l'es`,
///   `tu n'es`, `t'es`, `es-tu`): `tu`, `t'` or `n'` before it, past
///   pronouns only, or `-tu` after it; elsewhere it is a word, as the
///   stopword list has it (`les séries S, ES et L`);
/// - `été` is the season, a content word, after a word of
///   [`BEFORE_SUMMER`] (`l'été`, `cet été`), and the participle elsewhere;
/// - `sommes` is the noun after a word of [`BEFORE_SUMS`] (`des sommes`);
/// - `Est`, with its capital, right after a word, is the cardinal point
///   (`le Grand Est`, `les pays de l'Est`), not the verb, whose capital
///   only opens a sentence, unless an inversion follows (`Est-ce`);
/// - `sûr` in `bien sûr` (of course) is as much a function word as `bien`,
///   while it is a content word elsewhere (`un pays sûr`).
///
/// Each rule reads the word right before, in the same sentence: the labels
/// are the same whatever the passages.
fn label_by_context(text: &str, offset: usize, tokens: &mut [Token]) {
    for i in 0..tokens.len() {
        if tokens[i].kind != TokenKind::Word {
            continue;
        }
        let previous = i
            .checked_sub(1)
            .map(|p| &tokens[p])
            .filter(|p| p.kind == TokenKind::Word);
        let after = |words: &[&str]| previous.is_some_and(|p| words.contains(&p.lower.as_str()));
        let end = tokens[i].span.end;
        let hyphen_after = |word: Option<&str>| {
            tokens.get(i + 1).is_some_and(|t| {
                word.map_or(true, |w| t.lower.as_str() == w)
                    && text.get(end - offset..t.span.start - offset) == Some("-")
            })
        };
        // The verb's subject, or a negation only its subject takes, among
        // the words right before, pronouns only (`nous les avions`).
        let after_subject = |subjects: &[&str]| {
            tokens[..i]
                .iter()
                .rev()
                .take_while(|t| t.kind == TokenKind::Word)
                .take(4)
                .map(|t| t.lower.as_str())
                .take_while(|w| subjects.contains(w) || PRONOUNS_BEFORE_VERB.contains(w))
                .any(|w| subjects.contains(&w))
        };
        match tokens[i].lower.as_str() {
            "avions" if after_subject(&["nous", "n'"]) || hyphen_after(Some("nous")) => {
                tokens[i].stopword = true;
            }
            "es" if after_subject(&["tu", "t'", "n'"]) || hyphen_after(Some("tu")) => {
                tokens[i].stopword = true;
            }
            "été" | "ete" if after(BEFORE_SUMMER) => tokens[i].stopword = false,
            "sommes" if after(BEFORE_SUMS) => tokens[i].stopword = false,
            "sûr" if after(&["bien"]) => tokens[i].stopword = true,
            "est"
                if tokens[i].text.as_str() == "Est"
                    && previous.is_some()
                    && !hyphen_after(None) =>
            {
                tokens[i].stopword = false;
            }
            _ => {}
        }
    }
}

/// Longest stage direction, in tokens: a bracket left open further is no
/// stage direction.
const STAGE_DIRECTION_TOKENS: usize = 60;

/// Marks the words and numbers between a `(` and its closing `)` as
/// [`TokenKind::Aside`] when the first word is one of [`STAGE_DIRECTIONS`]
/// or a word of [`STAGE_DIRECTION_WORDS`] is inside; the brackets and
/// punctuation stay as they are.
#[inline(never)]
fn mark_stage_directions(tokens: &mut [Token]) {
    if !tokens
        .iter()
        .any(|t| t.kind == TokenKind::Punct && t.text.as_str() == "(")
    {
        return;
    }
    let found = stage_directions(tokens, |t| {
        let text = if t.kind == TokenKind::Word {
            t.lower
        } else {
            t.text
        };
        (t.kind, text.as_str())
    });
    for (open, close) in found {
        for token in &mut tokens[open + 1..close] {
            if token.kind != TokenKind::Punct {
                token.kind = TokenKind::Aside;
            }
        }
    }
}

/// The stage directions of a passage's text, as byte spans from the
/// opening bracket to the closing one (relative to `text`): the brackets
/// that [`Analyzer::analyze`] would find (the same tokens, the same rule,
/// needing no stopword list). The segmenter cuts no sentence inside one.
pub(crate) fn stage_direction_spans(text: &str) -> Vec<Span> {
    if !text.contains('(') {
        return Vec::new();
    }
    let mut raw = Vec::new();
    scan::scan_into(text, &mut raw);
    // What the rule reads of each token: the lower-case form of a word, as
    // the analyzer makes it, the text of anything else.
    let read: Vec<(TokenKind, String)> = raw
        .iter()
        .map(|r| {
            let surface = &text[r.start..r.end];
            let read = match r.kind {
                TokenKind::Word => normalize(surface).to_lowercase(),
                TokenKind::Punct => surface.to_string(),
                _ => String::new(),
            };
            (r.kind, read)
        })
        .collect();
    stage_directions(&read, |(kind, text)| (*kind, text.as_str()))
        .into_iter()
        .map(|(open, close)| Span::new(raw[open].start, raw[close].end))
        .collect()
}

/// The stage directions among `tokens`, as the indices of their opening
/// and closing brackets, in order: a `(` closed within
/// [`STAGE_DIRECTION_TOKENS`] tokens and before a line break, whose first
/// word inside is one of [`STAGE_DIRECTIONS`] or holding a word of
/// [`STAGE_DIRECTION_WORDS`]. A stage direction inside another is part of
/// it. `read` gives a token's kind and its text, lower-case for a word.
fn stage_directions<T>(
    tokens: &[T],
    read: impl Fn(&T) -> (TokenKind, &str),
) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut i = 0;
    while i + 1 < tokens.len() {
        if read(&tokens[i]) != (TokenKind::Punct, "(") {
            i += 1;
            continue;
        }
        // The closing bracket, within the bound and before a line break.
        let mut depth = 0usize;
        let mut close = None;
        for (k, t) in tokens[i..tokens.len().min(i + STAGE_DIRECTION_TOKENS)]
            .iter()
            .enumerate()
        {
            match read(t) {
                (TokenKind::Punct, "(") => depth += 1,
                (TokenKind::Punct, ")") => depth -= 1,
                (TokenKind::Punct, LINE_BREAK) => break,
                _ => {}
            }
            if depth == 0 {
                close = Some(k);
                break;
            }
        }
        let Some(close) = close else {
            i += 1;
            continue;
        };
        let inside = &tokens[i + 1..i + close];
        let word = |t: &T, words: &[&str]| {
            let (kind, lower) = read(t);
            kind == TokenKind::Word && words.contains(&lower)
        };
        let stage = inside.first().is_some_and(|t| word(t, STAGE_DIRECTIONS))
            || inside.iter().any(|t| word(t, STAGE_DIRECTION_WORDS));
        if !stage {
            i += 1;
            continue;
        }
        found.push((i, i + close));
        i += close + 1;
    }
    found
}

/// Marks the words and numbers inside `labels`, the speaker labels of the
/// passage's document (see [`crate::speakers::speaker_labels`]), as
/// [`TokenKind::Aside`]: a name that says who speaks is not speech. The
/// first word after a label opens a turn, so it starts a sentence (its
/// capital says nothing about it).
pub fn mark_speaker_labels(tokens: &mut [Token], labels: &[Span]) {
    for label in labels {
        let first = tokens.partition_point(|t| t.span.start < label.start);
        let end = tokens.partition_point(|t| t.span.end <= label.end);
        for token in tokens.get_mut(first..end).into_iter().flatten() {
            if token.kind != TokenKind::Punct {
                token.kind = TokenKind::Aside;
            }
        }
        let next = tokens[end.max(first)..]
            .iter_mut()
            .find(|t| t.kind != TokenKind::Punct);
        if let Some(word) = next.filter(|t| t.kind == TokenKind::Word) {
            word.initial = true;
            if is_capitalised(&word.text, &word.lower) {
                word.display = word.lower;
            }
        }
    }
}

/// One item of a passage's term sequence (see [`terms`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermItem {
    /// A term: a content word, or a name with its article.
    Term {
        /// The term key.
        key: Sym,
        /// The form to show for this occurrence.
        display: Sym,
        /// Whether the term starts a sentence.
        initial: bool,
    },
    /// Any other token (a stopword, a number, punctuation, an aside): it
    /// breaks n-grams.
    Break,
}

/// A passage's tokens as terms and breaks, in order: each content word is a
/// term, except that a name's article written with a capital in the middle
/// of a sentence makes one term with the name (see the module
/// documentation, "From tokens to terms"); every other token is a break.
pub fn terms(tokens: &[Token]) -> impl Iterator<Item = TermItem> + '_ {
    terms_at(tokens).map(|(_, item)| item)
}

/// [`terms`], each item with the tokens it covers: one, or two for a name
/// with its article.
pub fn terms_at(tokens: &[Token]) -> impl Iterator<Item = (std::ops::Range<usize>, TermItem)> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        let start = i;
        let token = tokens.get(i)?;
        i += 1;
        if token.is_content() {
            let term = TermItem::Term {
                key: token.key,
                display: token.display,
                initial: token.initial,
            };
            return Some((start..i, term));
        }
        if !joins_name(tokens, i - 1) {
            return Some((start..i, TermItem::Break));
        }
        let name = &tokens[i];
        i += 1;
        let term = TermItem::Term {
            key: Sym::from(format!("{} {}", token.lower, name.key).as_str()),
            display: Sym::from(format!("{} {}", token.text, name.display).as_str()),
            initial: false,
        };
        Some((start..i, term))
    })
}

/// Whether a passage holds a name with its article (see [`terms`]). Most
/// passages hold none, and there every content word is a term: counting
/// takes a plain path. The test of each token compares symbols and reads no
/// string until a stopword with a capital is found mid-sentence.
pub fn joins_names(tokens: &[Token]) -> bool {
    (0..tokens.len()).any(|i| may_be_name_article(&tokens[i]) && joins_name(tokens, i))
}

/// A stopword with a capital that does not start a sentence.
#[inline]
fn may_be_name_article(token: &Token) -> bool {
    token.stopword && !token.initial && token.text != token.lower
}

/// Whether the token at `i` is the article of a name that the next token
/// completes, either
/// - `Le`, `La` or `Les` with its capital in the middle of a sentence,
///   after a word, a number, a comma, a semicolon or an abbreviation's dot,
///   then one space and a capitalised content word (`Marine Le Pen`), or
/// - `LE`, `LA` or `LES` in capitals between a first name, a content word
///   with a capital and lower-case letters, or a civility title, perhaps
///   with its dot, and a content word in capitals, one space apart (`Bruno
///   LE MAIRE`, as transcripts write surnames, `Madame LE PEN`, `M. LE
///   MAIRE`), unless the title comes before an office (`MONSIEUR LE
///   PRÉSIDENT`).
fn joins_name(tokens: &[Token], i: usize) -> bool {
    let article = &tokens[i];
    if !(may_be_name_article(article) && article.kind == TokenKind::Word) {
        return false;
    }
    let Some(in_capitals) = french::name_article(&article.text) else {
        return false;
    };
    let (Some(before), Some(name)) = (i.checked_sub(1).map(|b| &tokens[b]), tokens.get(i + 1))
    else {
        return false;
    };
    if !(name.is_content() && name.one_space_before) {
        return false;
    }
    if in_capitals {
        let adjacent = article.one_space_before;
        let first_name = before.is_content()
            && before.text.starts_with(char::is_uppercase)
            && before.text.chars().any(char::is_lowercase);
        let title = |t: &Token| t.kind == TokenKind::Word && french::is_civility_title(&t.lower);
        // `Madame LE PEN`, `Mme LE PEN`, `M. LE MAIRE`: a title, perhaps
        // with its dot, but not an office (`MONSIEUR LE PRÉSIDENT`).
        let after_title = match before.kind {
            TokenKind::Word => title(before),
            TokenKind::Punct => {
                before.text.as_str() == "."
                    && i >= 2
                    && title(&tokens[i - 2])
                    && tokens[i - 2].span.end == before.span.start
            }
            _ => false,
        } && !french::is_office(&name.folded);
        return adjacent
            && (first_name || after_title)
            && !name.text.chars().any(char::is_lowercase);
    }
    let after_word = match before.kind {
        TokenKind::Word | TokenKind::Number => true,
        // The dot before a word that does not start a sentence is an
        // abbreviation's ("M. Le Maire").
        TokenKind::Punct => matches!(before.text.as_str(), "." | "," | ";"),
        _ => false,
    };
    after_word && name.text.starts_with(char::is_uppercase)
}

/// Is a word written with a capital first letter only (`Bonjour`, not
/// `IA` nor `bonjour`)? Such a capital says nothing at a sentence start.
fn is_capitalised(text: &str, lower: &str) -> bool {
    let mut chars = text.chars();
    text != lower
        && chars.next().is_some_and(char::is_uppercase)
        && chars.all(|c| !c.is_uppercase())
}

/// The normalised text of a token: invisible characters removed, NFC,
/// apostrophes as `'`, hyphen variants as `-`, inner spaces as one space,
/// typographic ligatures (`ﬁ`, `ﬂ`…) as their letters.
pub fn normalize(surface: &str) -> String {
    let ascii_clean = surface
        .bytes()
        .all(|b| b.is_ascii() && b != b'\t' && b != b'\n' && b != b'`');
    if ascii_clean {
        return surface.to_string();
    }
    let mut out = String::with_capacity(surface.len());
    for c in surface.chars().filter(|&c| !scan::is_invisible(c)).nfc() {
        match c {
            c if scan::is_apostrophe(c) => out.push('\''),
            c if scan::is_hyphen(c) => out.push('-'),
            c if c.is_whitespace() => out.push(' '),
            // Typographic ligatures of PDFs (U+FB00–U+FB06) are letters.
            'ﬀ' => out.push_str("ff"),
            'ﬁ' => out.push_str("fi"),
            'ﬂ' => out.push_str("fl"),
            'ﬃ' => out.push_str("ffi"),
            'ﬄ' => out.push_str("ffl"),
            'ﬅ' | 'ﬆ' => out.push_str("st"),
            c => out.push(c),
        }
    }
    out
}

/// Folds accents and ligatures of a lower-case string: `é`→`e`, `ç`→`c`,
/// `œ`→`oe`, `æ`→`ae`. Characters without a Latin base are kept.
pub fn fold(lower: &str) -> String {
    if lower.is_ascii() {
        return lower.to_string();
    }
    let mut out = String::with_capacity(lower.len());
    for c in lower.nfd() {
        match c {
            'œ' => out.push_str("oe"),
            'Œ' => out.push_str("OE"),
            'æ' => out.push_str("ae"),
            'Æ' => out.push_str("AE"),
            'ß' => out.push_str("ss"),
            // An accent is dropped from its letter; a mark with no letter
            // before it is kept, so that no word folds to nothing.
            c if unicode_normalization::char::is_combining_mark(c) && !out.is_empty() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests;
