//! Term and n-gram tables: counts per key, the number of documents holding
//! each key, and the surface forms seen, from which the display form is
//! chosen. Tables are filled per document, closed into a [`DocumentTable`] and
//! merged with `+=`; every count is a sum and every listing is sorted (count
//! descending, key ascending), so results never depend on the order of merging,
//! hash order or thread count.
//!
//! Every table is cut into [`SHARDS`] parts by a hash of the key, and a
//! closed document table keeps its rows grouped by part, so a batch of
//! documents is added to a corpus table by one task per part, in parallel,
//! with no intermediate table to build and merge.

use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use std::fmt;
use std::ops::AddAssign;

use crate::analyze::{self, Sym, TermItem, Token};

/// A term key or an n-gram of keys (up to three words), made of interned
/// symbols: building, hashing and comparing one costs no allocation. Shown
/// as its words joined by single spaces.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Gram {
    parts: [Sym; MAX_GRAM],
    n: u8,
}

/// The longest n-gram counted.
pub const MAX_GRAM: usize = 3;

/// The empty symbol that fills the unused parts of a [`Gram`], interned
/// once (interning takes a global lock).
fn empty() -> Sym {
    static EMPTY: std::sync::LazyLock<Sym> = std::sync::LazyLock::new(|| Sym::from(""));
    *EMPTY
}

impl Gram {
    /// A single key.
    pub fn one(key: Sym) -> Gram {
        Gram {
            parts: [key, empty(), empty()],
            n: 1,
        }
    }

    /// The n-gram of `parts` (1 to [`MAX_GRAM`] symbols).
    pub fn of(parts: &[Sym]) -> Gram {
        assert!(
            (1..=MAX_GRAM).contains(&parts.len()),
            "a gram has 1 to 3 parts"
        );
        let mut gram = Gram::one(parts[0]);
        gram.parts[..parts.len()].copy_from_slice(parts);
        gram.n = parts.len() as u8;
        gram
    }

    /// The key of a string: its words (split on spaces) interned.
    pub fn parse(s: &str) -> Option<Gram> {
        let parts: Vec<Sym> = s.split(' ').map(Sym::from).collect();
        (1..=MAX_GRAM)
            .contains(&parts.len())
            .then(|| Gram::of(&parts))
    }

    /// Number of words.
    pub fn n(&self) -> usize {
        usize::from(self.n)
    }

    /// The words.
    pub fn parts(&self) -> &[Sym] {
        &self.parts[..self.n()]
    }

    fn non_ascii(&self) -> usize {
        self.parts()
            .iter()
            .map(|p| p.chars().filter(|c| !c.is_ascii()).count())
            .sum()
    }

    /// Whether every letter is a capital (and there are two or more).
    fn all_capitals(&self) -> bool {
        in_capitals(self.parts().iter().flat_map(|p| p.chars()), 2)
    }

    /// The parts whose letters are all capitals, five or more: names as
    /// transcripts write them (`MITTERRAND`, `LE MAIRE`) or headings, more
    /// than acronyms (`IA`, `SNCF`).
    fn parts_in_long_capitals(&self) -> usize {
        let parts = self.parts();
        parts.iter().filter(|p| in_capitals(p.chars(), 5)).count()
    }
}

/// Whether the letters among `chars` are all capitals, `at_least` of them.
fn in_capitals(chars: impl Iterator<Item = char> + Clone, at_least: usize) -> bool {
    let mut letters = chars.filter(|c| c.is_alphabetic());
    letters.clone().nth(at_least - 1).is_some() && letters.all(char::is_uppercase)
}

impl Gram {
    /// A hash of the parts, from the addresses of their interned strings
    /// (one string per content, so equal keys have equal addresses). The
    /// hash interning computed lies in front of each string: reading it
    /// cost a cache miss per part. Addresses differ from run to run, so
    /// the order of a table's rows does too: every listing is sorted.
    fn mix(&self) -> u64 {
        let mut h = 0u64;
        for p in self.parts() {
            h = (h.rotate_left(21) ^ p.as_char_ptr() as usize as u64)
                .wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
        h
    }

    /// The part of a table that holds this key. It takes bits of the hash
    /// that the tables themselves do not use below 2^40 buckets (they use the
    /// lowest bits for the bucket and the highest seven as a tag).
    fn shard(&self) -> usize {
        (self.mix() >> 40) as usize % SHARDS
    }
}

/// The number of parts of every table: enough for a few cores to share the
/// merge of a batch evenly.
pub const SHARDS: usize = 16;

impl std::hash::Hash for Gram {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_u64(self.mix());
    }
}

/// Ordered as the joined strings are: keys hold no character below the
/// space that joins them, so comparing word by word gives the same order.
impl Ord for Gram {
    fn cmp(&self, other: &Gram) -> std::cmp::Ordering {
        self.parts()
            .iter()
            .map(|p| p.as_str())
            .cmp(other.parts().iter().map(|p| p.as_str()))
    }
}

impl PartialOrd for Gram {
    fn partial_cmp(&self, other: &Gram) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Gram {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (k, p) in self.parts().iter().enumerate() {
            if k > 0 {
                f.write_str(" ")?;
            }
            f.write_str(p)?;
        }
        Ok(())
    }
}

impl fmt::Debug for Gram {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.to_string())
    }
}

/// Counts of one key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TermCounts {
    /// Occurrences.
    pub count: u64,
    /// Documents holding the key (1 in a document's own table).
    pub documents: u64,
    /// Occurrences of each display form: (mid-sentence, sentence-initial).
    /// A capital at a sentence start says nothing about the word, so forms
    /// seen mid-sentence are preferred for display.
    /// A key has few forms, most often one: the first is kept inline (no
    /// allocation per key and document), the others in a vector.
    first_form: Option<(Gram, (u64, u64))>,
    more_forms: Vec<(Gram, (u64, u64))>,
    /// Whether a form other than the first has a capital letter: with the
    /// first's, it says whether two forms may be one spelling (see
    /// [`TermCounts::display_form`]).
    capitals: bool,
}

impl TermCounts {
    /// The display form. Forms that differ only by capitals and accents lost
    /// on capitals (`Etat`, `État`, `ÉTAT`) are one spelling: the spelling most often
    /// seen mid-sentence wins (sentence-initial occurrences count only on a
    /// tie), and is shown in its form with the most accented letters (a
    /// capital often loses its accent in typing, never gains one), then one
    /// seen mid-sentence (a form seen only at sentence starts lost its
    /// first capital, maybe a name's), then one
    /// with the fewest words all in capitals of five letters or more
    /// (transcripts write surnames in capitals: `MITTERRAND` gives way to
    /// `Mitterrand` however often it is written so), then the most frequent,
    /// then one not all in capitals (a heading's `SOUVERAINETÉ` gives way to
    /// `souveraineté`; an acronym's `IA` stays when it is the more frequent),
    /// then the first in byte order.
    pub fn display(&self) -> String {
        self.display_form()
            .map_or_else(String::new, |f| f.to_string())
    }

    /// The display form of the key in a part of a corpus (a group of
    /// `compare`), given the key's counts in the whole: the whole's form
    /// when the part's is the same spelling, so that every part shows it
    /// alike (`États-Unis`, where a month wrote only `Etats-Unis`), else the
    /// part's own, since a key that merges two words shows the one the part
    /// uses (`Vienne` in the month of the attack there, where the whole
    /// writes `viens` more often).
    pub fn display_within(&self, whole: Option<&TermCounts>) -> String {
        let own = self.display_form();
        let whole = whole.and_then(TermCounts::display_form);
        match (own, whole) {
            (Some(own), Some(whole)) if same_spelling(&own, &whole) => whole.to_string(),
            (Some(own), _) => own.to_string(),
            (None, whole) => whole.map_or_else(String::new, |f| f.to_string()),
        }
    }

    /// The display form as symbols (see [`TermCounts::display`]); `None`
    /// when no form was counted.
    pub fn display_form(&self) -> Option<Gram> {
        let (first, _) = self.first_form.as_ref()?;
        if self.more_forms.is_empty() {
            return Some(*first);
        }
        if !self.capitals && !has_capitals(first) {
            // All in lower case: every form is a spelling of its own.
            return self
                .form_counts()
                .max_by(|a, b| by_count_then_accents(a, b))
                .map(|(f, _)| *f);
        }
        self.display_form_by_spelling()
    }

    /// [`TermCounts::display_form`] when a form has a capital letter.
    #[cold]
    fn display_form_by_spelling(&self) -> Option<Gram> {
        let forms: Vec<(Gram, (u64, u64))> = self.form_counts().copied().collect();
        // Each form's spelling: the first form it is a variant of.
        let spelling: Vec<usize> = (0..forms.len())
            .map(|i| {
                (0..i)
                    .find(|&j| same_spelling(&forms[i].0, &forms[j].0))
                    .unwrap_or(i)
            })
            .collect();
        // Within a spelling, the form shown and the spelling's counts.
        let shown = |s: usize| {
            let members = (0..forms.len()).filter(|&i| spelling[i] == s);
            let total = members.clone().fold((0, 0), |(mid, initial), i| {
                (mid + forms[i].1 .0, initial + forms[i].1 .1)
            });
            let form = members
                .map(|i| forms[i])
                .max_by(|(fa, ca), (fb, cb)| {
                    fa.non_ascii()
                        .cmp(&fb.non_ascii())
                        // A form only seen at sentence starts lost a capital
                        // that may have been a name's (`nicolas Sarkozy`
                        // for `Nicolas SARKOZY`).
                        .then((ca.0 > 0).cmp(&(cb.0 > 0)))
                        .then_with(|| {
                            let long_capitals = Gram::parts_in_long_capitals;
                            long_capitals(fb).cmp(&long_capitals(fa))
                        })
                        .then(ca.cmp(cb))
                        .then_with(|| fb.all_capitals().cmp(&fa.all_capitals()))
                        .then_with(|| fb.cmp(fa))
                })
                .map_or(forms[s].0, |(f, _)| f);
            (form, total)
        };
        // The most frequent spelling; ties as between forms.
        spelling
            .iter()
            .filter(|&&s| spelling[s] == s)
            .map(|&s| shown(s))
            .max_by(by_count_then_accents)
            .map(|(f, _)| f)
    }

    /// Every surface form counted, in the order first seen.
    pub fn forms(&self) -> impl Iterator<Item = Gram> + '_ {
        self.form_counts().map(|&(form, _)| form)
    }

    fn form_counts(&self) -> impl Iterator<Item = &(Gram, (u64, u64))> {
        self.first_form.iter().chain(&self.more_forms)
    }

    fn add_form(&mut self, form: Gram, mid: u64, initial: u64) {
        let n = match &mut self.first_form {
            None => &mut self.first_form.insert((form, (0, 0))).1,
            Some((f, n)) if *f == form => n,
            Some(_) => match self.more_forms.iter().position(|(f, _)| *f == form) {
                Some(k) => &mut self.more_forms[k].1,
                None => {
                    self.capitals |= has_capitals(&form);
                    self.more_forms.push((form, (0, 0)));
                    &mut self.more_forms.last_mut().expect("just pushed").1
                }
            },
        };
        n.0 += mid;
        n.1 += initial;
    }
}

/// Orders forms (or spellings, each by its form shown) with their counts so
/// that the greatest is the one to show: more counts (mid-sentence, then
/// sentence-initial), then more accented letters (`État` over `Etat`), then
/// the first in byte order.
fn by_count_then_accents(a: &(Gram, (u64, u64)), b: &(Gram, (u64, u64))) -> std::cmp::Ordering {
    a.1.cmp(&b.1)
        .then_with(|| a.0.non_ascii().cmp(&b.0.non_ascii()))
        .then_with(|| b.0.cmp(&a.0))
}

/// Whether a form has a capital letter.
fn has_capitals(form: &Gram) -> bool {
    form.parts().iter().any(|p| {
        p.bytes().any(|b| b.is_ascii_uppercase())
            || (!p.is_ascii() && p.chars().any(char::is_uppercase))
    })
}

/// Whether two forms are one spelling written with other capitals or with
/// accents lost on capitals: letter by letter, equal once lower-cased, or,
/// where either letter is a capital, of the same base letter (`Etat`,
/// `État`, `état`, `ÉTAT`; but `adresse` and `adressé` are two words).
fn same_spelling(a: &Gram, b: &Gram) -> bool {
    fn letters(g: &Gram) -> impl Iterator<Item = char> + '_ {
        g.parts()
            .iter()
            .enumerate()
            .flat_map(|(i, p)| (i > 0).then_some(' ').into_iter().chain(p.chars()))
    }
    fn lower(c: char) -> char {
        c.to_lowercase().next().unwrap_or(c)
    }
    fn base(c: char) -> char {
        let c = lower(c);
        let mut first = None;
        unicode_normalization::char::decompose_canonical(c, |d| {
            first.get_or_insert(d);
        });
        first.unwrap_or(c)
    }
    let (mut x, mut y) = (letters(a), letters(b));
    loop {
        match (x.next(), y.next()) {
            (None, None) => return true,
            (Some(p), Some(q)) => {
                let same = p == q
                    || lower(p) == lower(q)
                    || ((p.is_uppercase() || q.is_uppercase()) && base(p) == base(q));
                if !same {
                    return false;
                }
            }
            _ => return false,
        }
    }
}

/// A passage's tokens read as terms (see [`analyze::terms`]), found once
/// for the term table and both n-gram tables. Most passages hold no name
/// with its article, and there every content word is a term and every
/// other token a break: the tokens serve as they are. The few that hold one
/// keep their term sequence, made once.
#[derive(Debug, Clone)]
pub struct Terms<'a> {
    tokens: &'a [Token],
    /// The term sequence, when a name joins its article.
    names: Option<Vec<TermItem>>,
}

impl<'a> Terms<'a> {
    /// The terms of a passage's tokens.
    pub fn of(tokens: &'a [Token]) -> Terms<'a> {
        Terms {
            tokens,
            names: analyze::joins_names(tokens).then(|| analyze::terms(tokens).collect()),
        }
    }
}

/// A table from key to counts, in [`SHARDS`] parts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TermTable {
    shards: [HashMap<Gram, TermCounts>; SHARDS],
}

/// One row of a sorted listing.
#[derive(Debug, Clone, PartialEq)]
pub struct TermRow<'a> {
    /// The key.
    pub key: Gram,
    /// The counts.
    pub counts: &'a TermCounts,
}

impl TermTable {
    /// An empty table.
    pub fn new() -> TermTable {
        TermTable::default()
    }

    /// Counts one occurrence of `key` shown as `form`; `initial` when the
    /// occurrence starts a sentence.
    #[inline]
    pub fn add(&mut self, key: Gram, form: Gram, initial: bool) {
        let counts = self.shards[key.shard()].entry(key).or_default();
        counts.count += 1;
        counts.add_form(form, u64::from(!initial), u64::from(initial));
    }

    /// Number of distinct keys.
    pub fn len(&self) -> usize {
        self.shards.iter().map(HashMap::len).sum()
    }

    /// True when nothing was counted.
    pub fn is_empty(&self) -> bool {
        self.shards.iter().all(HashMap::is_empty)
    }

    /// Sum of all counts.
    pub fn total(&self) -> u64 {
        self.iter().map(|(_, c)| c.count).sum()
    }

    /// Counts of one key.
    pub fn get(&self, key: &Gram) -> Option<&TermCounts> {
        self.shards[key.shard()].get(key)
    }

    /// Counts of the key written as a string (words joined by spaces).
    pub fn get_str(&self, key: &str) -> Option<&TermCounts> {
        Gram::parse(key).and_then(|k| self.get(&k))
    }

    /// Every key with its counts, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (Gram, &TermCounts)> {
        self.shards
            .iter()
            .flat_map(|shard| shard.iter().map(|(k, c)| (*k, c)))
    }

    /// All rows with at least `min_count` occurrences, sorted by count
    /// descending then key ascending.
    pub fn sorted(&self, min_count: u64) -> Vec<TermRow<'_>> {
        sorted_rows(self.iter(), min_count, usize::MAX)
    }

    /// The first `n` rows of [`sorted`](Self::sorted) of each n-gram length
    /// (`n` bigrams and `n` trigrams), listed together in the same order and
    /// found without sorting the others.
    pub fn top(&self, min_count: u64, n: usize) -> Vec<TermRow<'_>> {
        sorted_rows(self.iter(), min_count, n)
    }

    /// Counts the terms of a passage: its content words, and its names with
    /// their article.
    pub fn add_terms(&mut self, terms: &Terms<'_>) {
        if let Some(items) = &terms.names {
            self.add_terms_of_names(items);
            return;
        }
        // Every content word is a term.
        for token in terms.tokens.iter().filter(|t| t.is_content()) {
            self.add(
                Gram::one(token.key),
                Gram::one(token.display),
                token.initial,
            );
        }
    }

    /// [`TermTable::add_terms`] for a passage that holds a name with its
    /// article, from its term sequence.
    #[cold]
    #[inline(never)]
    fn add_terms_of_names(&mut self, items: &[TermItem]) {
        for item in items {
            if let TermItem::Term {
                key,
                display,
                initial,
            } = *item
            {
                self.add(Gram::one(key), Gram::one(display), initial);
            }
        }
    }

    /// Counts the n-grams of `n` adjacent terms of a passage; any other
    /// token (a stopword, a number, punctuation) breaks them, as does the
    /// end of the passage.
    pub fn add_ngrams(&mut self, terms: &Terms<'_>, n: usize) {
        if let Some(items) = &terms.names {
            self.add_ngrams_of_terms(items, n);
            return;
        }
        // Every content word is a term, and any other token a break.
        let mut keys = [empty(); MAX_GRAM];
        let mut forms = [empty(); MAX_GRAM];
        for run in terms.tokens.split(|t| !t.is_content()) {
            for window in run.windows(n) {
                for (k, token) in window.iter().enumerate() {
                    keys[k] = token.key;
                    forms[k] = token.display;
                }
                self.add(
                    Gram::of(&keys[..n]),
                    Gram::of(&forms[..n]),
                    window[0].initial,
                );
            }
        }
    }

    /// [`TermTable::add_ngrams`] for a passage that holds a name with its
    /// article, from its term sequence: the same windows over the runs
    /// between breaks.
    #[cold]
    #[inline(never)]
    fn add_ngrams_of_terms(&mut self, items: &[TermItem], n: usize) {
        let mut keys = [empty(); MAX_GRAM];
        let mut forms = [empty(); MAX_GRAM];
        for run in items.split(|item| *item == TermItem::Break) {
            for window in run.windows(n) {
                let mut initial = false;
                for (k, item) in window.iter().enumerate() {
                    if let TermItem::Term {
                        key,
                        display,
                        initial: starts,
                    } = *item
                    {
                        keys[k] = key;
                        forms[k] = display;
                        initial |= k == 0 && starts;
                    }
                }
                self.add(Gram::of(&keys[..n]), Gram::of(&forms[..n]), initial);
            }
        }
    }

    /// Adds closed document tables: the same as adding them one by one in
    /// order, done by one task per part of the table.
    pub fn add_documents(&mut self, docs: &[&DocumentTable]) {
        self.shards
            .par_iter_mut()
            .enumerate()
            .for_each(|(s, shard)| {
                for doc in docs {
                    add_rows(shard, doc.shard_rows(s));
                }
            });
    }
}

/// Adds rows to the part of a table that holds their keys.
fn add_rows<'a>(
    shard: &mut HashMap<Gram, TermCounts>,
    rows: impl IntoIterator<Item = (&'a Gram, &'a TermCounts)>,
) {
    for (key, theirs) in rows {
        let ours = shard.entry(*key).or_default();
        ours.count += theirs.count;
        ours.documents += theirs.documents;
        for &(form, (mid, initial)) in theirs.form_counts() {
            ours.add_form(form, mid, initial);
        }
    }
}

/// Tables of at least this many keys are added one part per task.
const PARALLEL_MERGE_KEYS: usize = 1 << 14;

impl AddAssign<&TermTable> for TermTable {
    fn add_assign(&mut self, other: &TermTable) {
        if other.len() >= PARALLEL_MERGE_KEYS {
            self.shards
                .par_iter_mut()
                .zip(&other.shards)
                .for_each(|(ours, theirs)| add_rows(ours, theirs));
        } else {
            for (ours, theirs) in self.shards.iter_mut().zip(&other.shards) {
                add_rows(ours, theirs);
            }
        }
    }
}

/// The first `limit` rows with at least `min_count` occurrences, sorted by
/// count descending then key ascending: the order of every listing. Only
/// the rows kept are sorted.
fn sorted_rows<'a>(
    rows: impl Iterator<Item = (Gram, &'a TermCounts)>,
    min_count: u64,
    limit: usize,
) -> Vec<TermRow<'a>> {
    let mut rows: Vec<TermRow<'a>> = rows
        .filter(|(_, c)| c.count >= min_count)
        .map(|(key, counts)| TermRow { key, counts })
        .collect();
    let order = |a: &TermRow<'_>, b: &TermRow<'_>| {
        b.counts.count.cmp(&a.counts.count).then(a.key.cmp(&b.key))
    };
    if rows.len() > limit {
        // The limit holds for each length of n-gram: a table's trigrams are
        // rarer than its bigrams, and one limit for both would leave none.
        let (shortest, longest) = rows.iter().fold((usize::MAX, 0), |(lo, hi), r| {
            (lo.min(r.key.n()), hi.max(r.key.n()))
        });
        let mut kept = Vec::with_capacity(rows.len());
        for n in shortest..=longest {
            let mut group: Vec<TermRow<'a>> =
                rows.iter().filter(|r| r.key.n() == n).cloned().collect();
            if group.len() > limit {
                group.select_nth_unstable_by(limit, order);
                group.truncate(limit);
            }
            kept.append(&mut group);
        }
        rows = kept;
    }
    rows.sort_unstable_by(order);
    rows
}

/// The closed table of one document: its keys and counts as a list, each
/// key held once, grouped by the part of a table that holds it and in no
/// particular order within a part (every listing drawn from it is sorted).
/// A list is cheaper than a table to build from the table the analysis fills
/// (which is kept and reused for the next document), to rank and to merge
/// into a corpus table.
#[derive(Debug, Clone, Default)]
pub struct DocumentTable {
    rows: Vec<(Gram, TermCounts)>,
    /// Where the rows of each part end.
    ends: [u32; SHARDS],
}

impl DocumentTable {
    /// Empties `table` into a closed document table: every key counts one
    /// document. `table` keeps its capacity for the next document (unless it
    /// is much larger than what it held).
    pub fn close(table: &mut TermTable) -> DocumentTable {
        let mut rows: Vec<(Gram, TermCounts)> = Vec::with_capacity(table.len());
        let mut ends = [0u32; SHARDS];
        for (shard, end) in table.shards.iter_mut().zip(&mut ends) {
            let held = shard.len();
            rows.extend(shard.drain().map(|(key, mut counts)| {
                counts.documents = 1;
                (key, counts)
            }));
            *end = u32::try_from(rows.len()).expect("a document holds fewer than 2^32 keys");
            if shard.capacity() > 256 && shard.capacity() > 8 * held {
                shard.shrink_to(2 * held);
            }
        }
        DocumentTable { rows, ends }
    }

    /// The rows of part `s`.
    fn shard_rows(&self, s: usize) -> impl Iterator<Item = (&Gram, &TermCounts)> {
        let start = if s == 0 { 0 } else { self.ends[s - 1] as usize };
        self.rows[start..self.ends[s] as usize]
            .iter()
            .map(|(k, c)| (k, c))
    }

    /// Number of distinct keys.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True when nothing was counted.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Sum of all counts.
    pub fn total(&self) -> u64 {
        self.rows.iter().map(|(_, c)| c.count).sum()
    }

    /// Every key with its counts, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (Gram, &TermCounts)> {
        self.rows.iter().map(|(k, c)| (*k, c))
    }

    /// All rows with at least `min_count` occurrences, sorted by count
    /// descending then key ascending.
    pub fn sorted(&self, min_count: u64) -> Vec<TermRow<'_>> {
        sorted_rows(self.iter(), min_count, usize::MAX)
    }

    /// The first `n` rows of [`sorted`](Self::sorted) of each n-gram length
    /// (`n` bigrams and `n` trigrams), listed together in the same order and
    /// found without sorting the others.
    pub fn top(&self, min_count: u64, n: usize) -> Vec<TermRow<'_>> {
        sorted_rows(self.iter(), min_count, n)
    }
}

/// Equal when they hold the same keys with the same counts, whatever the
/// order of the rows.
impl PartialEq for DocumentTable {
    fn eq(&self, other: &DocumentTable) -> bool {
        let theirs: HashMap<Gram, &TermCounts> = other.iter().collect();
        self.len() == other.len() && self.iter().all(|(k, c)| theirs.get(&k) == Some(&c))
    }
}

impl AddAssign<&DocumentTable> for TermTable {
    fn add_assign(&mut self, other: &DocumentTable) {
        for (s, shard) in self.shards.iter_mut().enumerate() {
            add_rows(shard, other.shard_rows(s));
        }
    }
}

/// How many documents of a corpus hold a term key: what tf-idf needs.
pub trait DocumentFrequency {
    /// Documents holding `key`, if any does.
    fn document_frequency(&self, key: &Gram) -> Option<u64>;
}

impl DocumentFrequency for TermTable {
    fn document_frequency(&self, key: &Gram) -> Option<u64> {
        self.get(key).map(|c| c.documents)
    }
}

/// Token totals of a text: all counted tokens, content words.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TokenTotals {
    /// Tokens other than punctuation.
    pub tokens: u64,
    /// Content words (words that are not stopwords).
    pub content_tokens: u64,
}

impl TokenTotals {
    /// Totals of a slice of tokens.
    pub fn of(tokens: &[Token]) -> TokenTotals {
        let mut totals = TokenTotals::default();
        for t in tokens {
            if t.is_counted() {
                totals.tokens += 1;
            }
            if t.is_content() {
                totals.content_tokens += 1;
            }
        }
        totals
    }
}

impl AddAssign for TokenTotals {
    fn add_assign(&mut self, other: TokenTotals) {
        self.tokens += other.tokens;
        self.content_tokens += other.content_tokens;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::{Analyzer, Stopwords};

    fn table(text: &str) -> (TermTable, TermTable) {
        let tokens = Analyzer::new(Stopwords::builtin()).analyze(text);
        let mut terms = TermTable::new();
        terms.add_terms(&Terms::of(&tokens));
        let mut bigrams = TermTable::new();
        bigrams.add_ngrams(&Terms::of(&tokens), 2);
        (terms, bigrams)
    }

    #[test]
    fn display_is_the_most_frequent_form_and_keys_merge() {
        let (terms, _) = table("L’État, l’Etat et les États. Etat !");
        let etat = terms.get_str("etat").unwrap();
        assert_eq!(etat.count, 4);
        assert_eq!(etat.display(), "État");
        assert_eq!(terms.total(), 4);
        // A name at a sentence start keeps its capital when it is also seen
        // mid-sentence; a word only seen at sentence starts is lower-case.
        let (terms, _) = table("Claire parle. Avec Claire. Souveraineté !");
        assert_eq!(terms.get_str("clair").unwrap().display(), "Claire");
        assert_eq!(
            terms.get_str("souverainet").unwrap().display(),
            "souveraineté"
        );
    }

    #[test]
    fn a_one_letter_name_is_shown_as_written_beside_the_interjection() {
        // `ô`, an interjection, folds to the key of the name `O`, but is a
        // stopword: the term is the name alone, in capitals or not.
        let (terms, _) = table("Cédric O parle, ô combien. CÉDRIC O : oui.");
        let o = terms.get_str("o").unwrap();
        assert_eq!((o.count, o.display().as_str()), (2, "O"));
    }

    #[test]
    fn display_prefers_accents_and_lower_case_within_one_spelling() {
        let display = |text: &str, key: &str| table(text).0.get_str(key).unwrap().display();
        // A capital that lost its accent is the same spelling: the accented
        // form is shown even when rarer.
        assert_eq!(
            display("Un Etat, un Etat, un Etat, un État.", "etat"),
            "État"
        );
        // A heading in capitals gives way to the same words in the text.
        assert_eq!(
            display("LA SOUVERAINETÉ\n\nLa souveraineté est là.", "souverainet"),
            "souveraineté"
        );
        assert_eq!(display("L’État et l’ÉTAT.", "etat"), "État");
        // An acronym stays in capitals when that is its usual form.
        assert_eq!(display("L’IA, l’IA et l’Ia.", "ia"), "IA");
        // Another spelling of the key that is more frequent wins, as before.
        assert_eq!(display("les États, les États, un État.", "etat"), "États");
        // A name as transcripts write it gives way to the name in the text,
        // however rarer; so does a joined name.
        assert_eq!(
            display("M. MITTERRAND, M. MITTERRAND, M. Mitterrand.", "mitterrand"),
            "Mitterrand"
        );
        let (terms, _) = table("Bruno LE MAIRE, Bruno LE MAIRE, M. Le Maire.");
        let le_maire = terms.get(&Gram::one(Sym::from("le mair"))).unwrap();
        assert_eq!(le_maire.display(), "Le Maire");
        let (_, bigrams) = table("Valéry GISCARD parle. Valéry GISCARD et Valéry Giscard.");
        let key = Gram::of(&[Sym::from("valery"), Sym::from("giscard")]);
        assert_eq!(bigrams.get(&key).unwrap().display(), "Valéry Giscard");
        // A form seen only at a sentence start lost its first capital: a
        // form seen mid-sentence is shown, even with a name in capitals.
        let (_, bigrams) = table("Il cite Nicolas SARKOZY. Nicolas Sarkozy répond.");
        let key = Gram::of(&[Sym::from("nicol"), Sym::from("sarkozy")]);
        assert_eq!(bigrams.get(&key).unwrap().display(), "Nicolas SARKOZY");
        // Short acronyms keep their usual form.
        assert_eq!(display("la SNCF, la SNCF, la Sncf.", "sncf"), "SNCF");
    }

    #[test]
    fn a_name_with_its_article_is_one_term_and_one_part_of_an_ngram() {
        let (terms, bigrams) =
            table("Selon Marine Le Pen, oui. Le Pen parle ; selon Marine Le Pen aussi.");
        let le_pen = terms.get(&Gram::one(Sym::from("le pen"))).unwrap();
        assert_eq!(le_pen.count, 2);
        assert_eq!(le_pen.display(), "Le Pen");
        // At the sentence start the article's capital says nothing.
        assert_eq!(terms.get_str("pen").unwrap().count, 1);
        let key = Gram::of(&[Sym::from("marin"), Sym::from("le pen")]);
        let marine_le_pen = bigrams.get(&key).unwrap();
        assert_eq!(marine_le_pen.count, 2);
        assert_eq!(marine_le_pen.display(), "Marine Le Pen");
        let mut trigrams = TermTable::new();
        let tokens = Analyzer::new(Stopwords::builtin()).analyze("interroge Marine Le Pen aussi");
        trigrams.add_ngrams(&Terms::of(&tokens), 3);
        let keys: Vec<String> = trigrams
            .sorted(1)
            .iter()
            .map(|r| r.key.to_string())
            .collect();
        assert_eq!(keys, ["interrog marin le pen"]);
    }

    #[test]
    fn the_plain_path_counts_as_the_terms_path() {
        // Passages with no name's article take the plain path; through
        // `analyze::terms` they must give the same tables.
        let analyzer = Analyzer::new(Stopwords::builtin());
        let mut plain = (TermTable::new(), TermTable::new());
        let mut through_terms = (TermTable::new(), TermTable::new());
        let mut passages = 0;
        for entry in std::fs::read_dir("corpus").unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for line in text.lines() {
                let tokens = analyzer.analyze(line);
                let terms = Terms::of(&tokens);
                if terms.names.is_some() {
                    continue;
                }
                passages += 1;
                let items: Vec<TermItem> = analyze::terms(&tokens).collect();
                plain.0.add_terms(&terms);
                through_terms.0.add_terms_of_names(&items);
                for n in 2..=3 {
                    plain.1.add_ngrams(&terms, n);
                    through_terms.1.add_ngrams_of_terms(&items, n);
                }
            }
        }
        assert!(passages > 100);
        assert!(plain.1.len() > 100);
        assert_eq!(plain, through_terms);
    }

    #[test]
    fn ngrams_do_not_cross_stopwords_or_punctuation() {
        let (_, bigrams) = table("La transition écologique, protection des données personnelles.");
        let keys: Vec<String> = bigrams
            .sorted(1)
            .iter()
            .map(|r| r.key.to_string())
            .collect();
        assert_eq!(keys, ["donnee personnel", "transit ecolog"]);
        assert_eq!(
            bigrams.get_str("transit ecolog").unwrap().display(),
            "transition écologique"
        );
    }

    #[test]
    fn the_top_of_an_ngram_table_holds_each_length() {
        let tokens = Analyzer::new(Stopwords::builtin())
            .analyze("transition écologique. transition écologique juste. souveraineté numérique.");
        let mut ngrams = TermTable::new();
        ngrams.add_ngrams(&Terms::of(&tokens), 2);
        ngrams.add_ngrams(&Terms::of(&tokens), 3);
        let mut document = ngrams.clone();
        let document = DocumentTable::close(&mut document);
        for top in [ngrams.top(1, 1), document.top(1, 1)] {
            let keys: Vec<String> = top.iter().map(|r| r.key.to_string()).collect();
            // The most frequent bigram and the most frequent trigram: one
            // limit for both would keep the bigram alone.
            assert_eq!(keys, ["transit ecolog", "transit ecolog just"]);
        }
        assert_eq!(ngrams.top(1, 3), ngrams.sorted(1));
        assert_eq!(ngrams.top(1, usize::MAX), ngrams.sorted(1));
    }

    #[test]
    fn merge_adds_counts_and_documents() {
        let (mut a, _) = table("climat climat");
        let a = DocumentTable::close(&mut a);
        let (mut b, _) = table("climat eau");
        let b = DocumentTable::close(&mut b);
        let mut all = TermTable::new();
        all += &a;
        all += &b;
        let climat = all.get_str("climat").unwrap();
        assert_eq!((climat.count, climat.documents), (3, 2));
        let rows: Vec<(String, u64)> = all
            .sorted(1)
            .iter()
            .map(|r| (r.key.to_string(), r.counts.count))
            .collect();
        assert_eq!(rows, [("climat".to_string(), 3), ("eau".to_string(), 1)]);
    }

    #[test]
    fn adding_a_batch_by_parts_equals_adding_one_by_one() {
        let texts = [
            "L'État et l'Etat. État, états, souveraineté numérique de la France.",
            "Etat ! La transition écologique et la transition énergétique.",
            "Souveraineté, souveraineté. Le climat, l'eau, l'État.",
        ];
        let docs: Vec<(DocumentTable, DocumentTable)> = texts
            .iter()
            .map(|t| {
                let (mut terms, mut bigrams) = table(t);
                (
                    DocumentTable::close(&mut terms),
                    DocumentTable::close(&mut bigrams),
                )
            })
            .collect();
        let mut one_by_one = (TermTable::new(), TermTable::new());
        for (terms, bigrams) in &docs {
            one_by_one.0 += terms;
            one_by_one.1 += bigrams;
        }
        let mut batch = (TermTable::new(), TermTable::new());
        batch
            .0
            .add_documents(&docs.iter().map(|d| &d.0).collect::<Vec<_>>());
        batch
            .1
            .add_documents(&docs.iter().map(|d| &d.1).collect::<Vec<_>>());
        // Equal tables hold the same forms in the same order, so the same
        // first form.
        assert_eq!(batch, one_by_one);
        assert_eq!(batch.0.get_str("etat").unwrap().documents, 3);
        assert_eq!(batch.0.get_str("etat").unwrap().display(), "État");
    }
}
