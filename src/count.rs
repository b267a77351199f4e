//! Term and n-gram tables: counts per key, the number of documents holding
//! each key, and the surface forms seen, from which the display form is
//! chosen. Tables are built per document and merged with `+=` in input order;
//! every listing is sorted (count descending, key ascending), so results never
//! depend on hash order or thread count.

use rustc_hash::FxHashMap as HashMap;
use std::ops::AddAssign;

use crate::analyze::{Token, TokenKind};

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
    /// A key has few forms: a vector is cheaper than a map here.
    forms: Vec<(String, (u64, u64))>,
}

impl TermCounts {
    /// The display form: the most frequent mid-sentence form (sentence-initial
    /// forms count only when there is no other); ties go to the form with
    /// more accented letters (`État` over `Etat`), then to the first in byte
    /// order.
    pub fn display(&self) -> &str {
        self.forms
            .iter()
            .max_by(|(fa, ca), (fb, cb)| {
                ca.0.cmp(&cb.0)
                    .then(ca.1.cmp(&cb.1))
                    .then_with(|| non_ascii(fa).cmp(&non_ascii(fb)))
                    .then_with(|| fb.cmp(fa))
            })
            .map_or("", |(f, _)| f.as_str())
    }
}

fn non_ascii(s: &str) -> usize {
    s.chars().filter(|c| !c.is_ascii()).count()
}

/// A table from key to counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TermTable {
    entries: HashMap<String, TermCounts>,
}

/// One row of a sorted listing.
#[derive(Debug, Clone, PartialEq)]
pub struct TermRow<'a> {
    /// The key.
    pub key: &'a str,
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
    pub fn add(&mut self, key: &str, form: &str, initial: bool) {
        let counts = match self.entries.get_mut(key) {
            Some(c) => c,
            None => self.entries.entry(key.to_string()).or_default(),
        };
        counts.count += 1;
        let n = match counts.forms.iter().position(|(f, _)| f == form) {
            Some(k) => &mut counts.forms[k].1,
            None => {
                counts.forms.push((form.to_string(), (0, 0)));
                &mut counts.forms.last_mut().expect("just pushed").1
            }
        };
        if initial {
            n.1 += 1;
        } else {
            n.0 += 1;
        }
    }

    /// Marks every key as present in one document: call once on a
    /// document's own table, before merging it into the corpus table.
    pub fn close_document(&mut self) {
        for counts in self.entries.values_mut() {
            counts.documents = 1;
        }
    }

    /// Number of distinct keys.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when nothing was counted.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Sum of all counts.
    pub fn total(&self) -> u64 {
        self.entries.values().map(|c| c.count).sum()
    }

    /// Counts of one key.
    pub fn get(&self, key: &str) -> Option<&TermCounts> {
        self.entries.get(key)
    }

    /// Every key with its counts, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &TermCounts)> {
        self.entries.iter().map(|(k, c)| (k.as_str(), c))
    }

    /// All rows with at least `min_count` occurrences, sorted by count
    /// descending then key ascending.
    pub fn sorted(&self, min_count: u64) -> Vec<TermRow<'_>> {
        let mut rows: Vec<TermRow<'_>> = self
            .entries
            .iter()
            .filter(|(_, c)| c.count >= min_count)
            .map(|(key, counts)| TermRow { key, counts })
            .collect();
        rows.sort_unstable_by(|a, b| b.counts.count.cmp(&a.counts.count).then(a.key.cmp(b.key)));
        rows
    }

    /// Counts the content words of a passage's tokens.
    pub fn add_terms(&mut self, tokens: &[Token]) {
        for token in tokens.iter().filter(|t| t.is_content()) {
            self.add(&token.key, &token.display_form(), token.initial);
        }
    }

    /// Counts the n-grams of `n` adjacent content words; any other token
    /// (a stopword, a number, punctuation) breaks them, as does the end of
    /// the passage.
    pub fn add_ngrams(&mut self, tokens: &[Token], n: usize) {
        let mut key = String::new();
        let mut form = String::new();
        for run in tokens.split(|t| !t.is_content()) {
            for window in run.windows(n) {
                key.clear();
                form.clear();
                for (k, token) in window.iter().enumerate() {
                    if k > 0 {
                        key.push(' ');
                        form.push(' ');
                    }
                    key.push_str(&token.key);
                    form.push_str(&token.display_form());
                }
                self.add(&key, &form, window[0].initial);
            }
        }
    }
}

impl AddAssign<&TermTable> for TermTable {
    fn add_assign(&mut self, other: &TermTable) {
        for (key, theirs) in &other.entries {
            let ours = match self.entries.get_mut(key) {
                Some(c) => c,
                None => self.entries.entry(key.clone()).or_default(),
            };
            ours.count += theirs.count;
            ours.documents += theirs.documents;
            for (form, (mid, initial)) in &theirs.forms {
                let n = match ours.forms.iter().position(|(f, _)| f == form) {
                    Some(k) => &mut ours.forms[k].1,
                    None => {
                        ours.forms.push((form.clone(), (0, 0)));
                        &mut ours.forms.last_mut().expect("just pushed").1
                    }
                };
                n.0 += mid;
                n.1 += initial;
            }
        }
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
            if t.kind != TokenKind::Punct {
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
        terms.add_terms(&tokens);
        let mut bigrams = TermTable::new();
        bigrams.add_ngrams(&tokens, 2);
        (terms, bigrams)
    }

    #[test]
    fn display_is_the_most_frequent_form_and_keys_merge() {
        let (terms, _) = table("L’État, l’Etat et les États. Etat !");
        let etat = terms.get("etat").unwrap();
        assert_eq!(etat.count, 4);
        assert_eq!(etat.display(), "État");
        assert_eq!(terms.total(), 4);
        // A name at a sentence start keeps its capital when it is also seen
        // mid-sentence; a word only seen at sentence starts is lower-case.
        let (terms, _) = table("Claire parle. Avec Claire. Souveraineté !");
        assert_eq!(terms.get("clair").unwrap().display(), "Claire");
        assert_eq!(terms.get("souverainet").unwrap().display(), "souveraineté");
    }

    #[test]
    fn ngrams_do_not_cross_stopwords_or_punctuation() {
        let (_, bigrams) = table("La transition écologique, protection des données personnelles.");
        let keys: Vec<&str> = bigrams.sorted(1).iter().map(|r| r.key).collect();
        assert_eq!(keys, ["don personnel", "transit ecolog"]);
        assert_eq!(
            bigrams.get("transit ecolog").unwrap().display(),
            "transition écologique"
        );
    }

    #[test]
    fn merge_adds_counts_and_documents() {
        let (mut a, _) = table("climat climat");
        a.close_document();
        let (mut b, _) = table("climat eau");
        b.close_document();
        let mut all = TermTable::new();
        all += &a;
        all += &b;
        let climat = all.get("climat").unwrap();
        assert_eq!((climat.count, climat.documents), (3, 2));
        let rows: Vec<(&str, u64)> = all
            .sorted(1)
            .iter()
            .map(|r| (r.key, r.counts.count))
            .collect();
        assert_eq!(rows, [("climat", 3), ("eau", 1)]);
    }
}
