//! Comparing groups of documents: grouping (by a metadata field, by a date
//! bucket, or one group per input) and its checks (a field no document has,
//! dates spanning more than [`MAX_PERIODS`], group names that differ only by
//! capitals or accents), the per-group totals merged
//! from the same per-document analysis as `parole analyze`, and the comparison
//! report: theme shares with Wilson intervals and two-proportion tests,
//! keyness of terms and n-grams against the rest (or a reference corpus),
//! Lafon specificities, time series (of the periods, or, with `--over`,
//! of each group over the periods), the most distinctive passages, and the
//! correspondence analysis of the groups × terms table.
//! Statistics live in [`crate::stats`]; this module only counts and
//! arranges. No I/O.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

use serde::{Deserialize, Serialize};

use rayon::prelude::*;

use crate::analyze::fold;
use crate::count::{Gram, TermCounts, TermTable};
use crate::pipeline::{top_entries, Config, CorpusTotals, DocumentResult};
use crate::rename::Renaming;
use crate::stats;
use crate::themes::{Theme, ThemeGroup};
use crate::{Error, Result};

/// Name of the group of documents that lack the grouping field.
pub const NO_GROUP: &str = "(none)";

/// The name of the whole corpus's series in `group_series` (`--over`).
pub const ALL: &str = "(all)";

/// Most periods a date grouping may span, empty ones included: a century of
/// months. Beyond it a date is almost surely mistyped (`0022` for `2022`),
/// and filling every period in between would take minutes and gigabytes.
pub const MAX_PERIODS: u64 = 1_200;

/// Metadata keys named in the error for a grouping field no document has.
const KEYS_SHOWN: usize = 40;

/// Sets of groups named in the note on names that differ only by capitals
/// or accents ([`Groups::lookalike_note`]).
const LOOKALIKES_SHOWN: usize = 10;

/// Version of the comparison report schema.
pub const COMPARE_SCHEMA_VERSION: &str = "1.12.0";

/// Passages kept as distinctive evidence per group and core theme.
const EVIDENCE_PASSAGES: usize = 3;

/// How documents are put into groups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Grouping {
    /// By the value of a metadata field.
    Field(String),
    /// By each item of a list field (`FIELD:each`): a document counts in
    /// the group of every item of its value, items being separated by
    /// `; ` as lists are read (`Bruno Le Maire; Sonia Mabrouk`). Groups
    /// may overlap; each is compared with the documents not in it.
    Each(String),
    /// By the period of an ISO date (`YYYY-MM-DD`, `YYYYMMDD`, `YYYY-MM` or `YYYY`) in a
    /// field; a value that is not a calendar date (`2024-13-45`) has none.
    Date(String, Bucket),
    /// One group per input argument, named after it.
    Input,
    /// By the speaker of each turn of a transcript (`--by-turn`): the
    /// passages of a document go to the group of their speaker label
    /// (see [`crate::speakers::turn_speaker`]), those outside any turn to
    /// `NO_GROUP`. Added with [`Groups::add_turn`].
    Turn,
}

/// A period length for date grouping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Bucket {
    /// Calendar year: `2021`.
    Year,
    /// Quarter: `2021-Q3`.
    Quarter,
    /// Month: `2021-07`.
    Month,
}

impl Grouping {
    /// Parses `--by`: `FIELD`, `FIELD:year|quarter|month` or `FIELD:each`.
    /// A field name is read in NFC, as the corpus gives metadata keys.
    pub fn parse(by: &str) -> std::result::Result<Grouping, String> {
        let nfc = crate::rename::to_nfc;
        match by.rsplit_once(':') {
            Some((field, "each")) if !field.is_empty() => Ok(Grouping::Each(nfc(field))),
            Some((field, bucket)) if !field.is_empty() => {
                let bucket = match bucket {
                    "year" => Bucket::Year,
                    "quarter" => Bucket::Quarter,
                    "month" => Bucket::Month,
                    other => {
                        return Err(format!(
                            "--by {by}: unknown period {other:?}; use FIELD:year, FIELD:quarter \
                             or FIELD:month (or FIELD:each for each item of a list)"
                        ))
                    }
                };
                Ok(Grouping::Date(nfc(field), bucket))
            }
            _ if by.is_empty() => Err("--by needs a field name".to_string()),
            _ => Ok(Grouping::Field(nfc(by))),
        }
    }

    /// The metadata field grouped on (`None` for one group per input).
    pub fn field(&self) -> Option<&str> {
        match self {
            Grouping::Field(field) | Grouping::Each(field) | Grouping::Date(field, _) => {
                Some(field)
            }
            Grouping::Input | Grouping::Turn => None,
        }
    }

    /// The group of a document: its field value, its period, or `NO_GROUP`.
    pub fn group_of(&self, meta: &BTreeMap<String, serde_json::Value>, input: &str) -> String {
        match self.place(meta, input) {
            Placement::Group(group, _) => group,
            Placement::Missing | Placement::Unusable(..) => NO_GROUP.to_string(),
        }
    }

    /// Where a document goes, and why.
    fn place(&self, meta: &BTreeMap<String, serde_json::Value>, input: &str) -> Placement {
        let Some(field) = self.field() else {
            return Placement::Group(input.to_string(), None);
        };
        let Some(value) = meta.get(field) else {
            return Placement::Missing;
        };
        let text = match value {
            serde_json::Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            serde_json::Value::Number(n) => Some(crate::corpus::number_text(n)),
            serde_json::Value::Bool(b) => Some(b.to_string()),
            _ => None,
        };
        match (self, text) {
            (Grouping::Date(_, bucket), Some(date)) => match Period::parse(&date, *bucket) {
                Some(period) => Placement::Group(period.label(), Some((period, date))),
                None => {
                    let dated = crate::date::Date::parse(&date).is_some();
                    Placement::Unusable(shown(value), dated)
                }
            },
            // In NFC, as `--where` and `--rename` compare values: a value
            // typed with decomposed accents is the group of the composed one,
            // not a second group of the same name.
            (_, Some(group)) => Placement::Group(crate::rename::to_nfc(&group), None),
            (_, None) => Placement::Unusable(shown(value), false),
        }
    }

    /// For date grouping: every period from the first to the last group
    /// present, so that empty periods show as zeros, then `NO_GROUP` if
    /// present. Other groupings: the groups in sorted order (`Input`: in
    /// argument order, given as `present`).
    ///
    /// Periods spanning more than [`MAX_PERIODS`] are an error, raised
    /// before anything is filled.
    pub fn ordered_groups(&self, present: &[String]) -> Result<Vec<String>> {
        match self {
            Grouping::Input => Ok(present.to_vec()),
            Grouping::Field(_) | Grouping::Each(_) | Grouping::Turn => {
                let mut groups = present.to_vec();
                groups.sort_by(|a, b| (a == NO_GROUP).cmp(&(b == NO_GROUP)).then(a.cmp(b)));
                Ok(groups)
            }
            Grouping::Date(_, bucket) => {
                let mut periods: Vec<Period> = present
                    .iter()
                    .filter_map(|g| Period::parse_label(g, *bucket))
                    .collect();
                periods.sort();
                let mut out = Vec::new();
                if let (Some(&first), Some(&last)) = (periods.first(), periods.last()) {
                    let span = first.periods_to(last);
                    if span > MAX_PERIODS {
                        let years = last.year - first.year;
                        return Err(self.span_error(
                            "--by",
                            &first.label(),
                            &last.label(),
                            span,
                            years,
                        ));
                    }
                    out = first.labels_to(last);
                }
                if present.iter().any(|g| g == NO_GROUP) {
                    out.push(NO_GROUP.to_string());
                }
                Ok(out)
            }
        }
    }

    /// An error (`span_error`) when the dated documents of `range`, the
    /// earliest and the latest, span more than [`MAX_PERIODS`] periods.
    fn check_span(&self, option: &str, range: &(Dated, Dated)) -> Result<()> {
        let (first, last) = range;
        let span = first.period.periods_to(last.period);
        if span <= MAX_PERIODS {
            return Ok(());
        }
        Err(self.span_error(
            option,
            &first.describe(),
            &last.describe(),
            span,
            last.period.year - first.period.year,
        ))
    }

    /// The error for dates from `first` to `last` (each described with its
    /// document when known) spanning `span` periods, more than [`MAX_PERIODS`].
    /// `years` is the number of years between them: a coarser period is
    /// advised only if years would do.
    fn span_error(&self, option: &str, first: &str, last: &str, span: u64, years: i32) -> Error {
        let Grouping::Date(field, bucket) = self else {
            unreachable!("only a date grouping has periods")
        };
        let advice = match bucket {
            Bucket::Quarter | Bucket::Month if (years as u64) < MAX_PERIODS => {
                format!("fix the date, or take a coarser period ({option} {field}:year)")
            }
            _ => "fix the date (or leave that document out)".to_string(),
        };
        Error::grouping(format!(
            "{option} {self}: the dates in `{field}` run from {first} to {last}, {span} {}; \
             more than {MAX_PERIODS} periods is surely a mistyped date: {advice}",
            bucket.plural()
        ))
    }
}

impl fmt::Display for Grouping {
    /// The grouping as `--by` takes it (`input` for one group per input).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Grouping::Input => write!(f, "input"),
            Grouping::Turn => write!(f, "(turn)"),
            Grouping::Field(field) => write!(f, "{field}"),
            Grouping::Each(field) => write!(f, "{field}:each"),
            Grouping::Date(field, bucket) => write!(f, "{field}:{}", bucket.name()),
        }
    }
}

impl Bucket {
    fn name(self) -> &'static str {
        match self {
            Bucket::Year => "year",
            Bucket::Quarter => "quarter",
            Bucket::Month => "month",
        }
    }

    fn plural(self) -> &'static str {
        match self {
            Bucket::Year => "years",
            Bucket::Quarter => "quarters",
            Bucket::Month => "months",
        }
    }
}

/// Where a document goes, and why.
enum Placement {
    /// Into this group; for a date grouping, with its period and the date as written.
    Group(String, Option<(Period, String)>),
    /// Into `NO_GROUP`: the document has no such field.
    Missing,
    /// Into `NO_GROUP`: the field holds this value (shown as JSON), which
    /// cannot be used; true when it is a date of another precision (`2024`
    /// by month), which a coarser period would take.
    Unusable(String, bool),
}

/// The items of a list value as `FIELD:each` reads them: split at `;` (lists
/// are read as their items joined with `"; "`), trimmed, empty ones left out.
fn list_items(value: &str) -> impl Iterator<Item = &str> {
    value.split(';').map(str::trim).filter(|i| !i.is_empty())
}

/// A metadata value as JSON, cut to a readable length.
fn shown(value: &serde_json::Value) -> String {
    let json = value.to_string();
    match json.char_indices().nth(40) {
        Some((at, _)) => format!("{}…", &json[..at]),
        None => json,
    }
}

/// A document as messages name it: its id and where it came from.
fn document_name(doc: &DocumentResult) -> String {
    if doc.id == doc.source {
        format!("document {}", doc.source)
    } else {
        format!("document {}, {}", doc.id, doc.source)
    }
}

/// Keeps in `range` the earliest and the latest dated documents, with
/// `doc`, dated `date` of `period`.
fn note_date(
    range: &mut Option<(Dated, Dated)>,
    period: Period,
    date: String,
    doc: &DocumentResult,
) {
    match range {
        None => {
            let dated = Dated {
                period,
                date,
                document: document_name(doc),
            };
            *range = Some((dated.clone(), dated));
        }
        Some((first, last)) => {
            let earlier = first.before(period, &date);
            if earlier || last.after(period, &date) {
                let dated = Dated {
                    period,
                    date,
                    document: document_name(doc),
                };
                if earlier {
                    *first = dated;
                } else {
                    *last = dated;
                }
            }
        }
    }
}

/// A dated document: its period, its date as written, and its name.
#[derive(Debug, Clone)]
struct Dated {
    period: Period,
    date: String,
    document: String,
}

impl Dated {
    fn describe(&self) -> String {
        format!("{} ({})", self.date, self.document)
    }

    /// Earlier than `other`: by period, then by the date as written (ISO
    /// dates sort as text).
    fn before(&self, period: Period, date: &str) -> bool {
        (period, date) < (self.period, self.date.as_str())
    }

    fn after(&self, period: Period, date: &str) -> bool {
        (period, date) > (self.period, self.date.as_str())
    }
}

/// The groups in order, each with its totals, and, when groups overlap
/// (`FIELD:each`), the corpus with every document counted once.
#[derive(Debug)]
pub struct Grouped {
    /// The groups in order.
    pub groups: Vec<(String, GroupTotals)>,
    /// The corpus counted once, when groups overlap.
    pub whole: Option<CorpusTotals>,
    /// With `--over`, the periods every group is followed over, in time
    /// order (empty ones included), then [`NO_GROUP`] if some document
    /// has no date.
    pub periods: Option<Vec<String>>,
    /// With `--over`, every document compared per period label, counted
    /// once whatever its groups: the corpus to read each group against.
    pub period_totals: BTreeMap<String, PeriodTally>,
}

/// Documents put into their groups as they are read, with what is needed to
/// check the grouping once all are in: how many had no usable value of the
/// field, the metadata keys seen, and the earliest and latest dates.
#[derive(Debug)]
pub struct Groups {
    grouping: Grouping,
    themes: usize,
    queries: usize,
    totals: BTreeMap<String, GroupTotals>,
    /// Group names in the order they appeared (inputs: argument order).
    present: Vec<String>,
    /// Documents added.
    documents: u64,
    /// Documents put in `NO_GROUP`.
    ungrouped: u64,
    /// Metadata keys of the documents, kept while none has had a usable value.
    keys: BTreeSet<String>,
    /// The values of the field that could not be used.
    unusable: Unusable,
    /// Earliest and latest dates, for a date grouping (the first document
    /// of each).
    range: Option<(Dated, Dated)>,
    /// With overlapping groups (`FIELD:each`), every document counted once:
    /// what each group is compared with, less the group.
    whole: Option<CorpusTotals>,
    /// The group names given to values (`--rename`).
    renaming: Option<Renaming>,
    /// The values of the renaming that some document has.
    renamed_seen: BTreeSet<String>,
    /// With `--over`: the dates that give each document its period within
    /// its groups.
    over: Option<OverDates>,
    /// With `--over`: every document per period label, counted once.
    period_totals: BTreeMap<String, PeriodTally>,
    /// Grouping by a field as it is: the documents whose value is a list
    /// of several items, which `FIELD:each` would split, and the first.
    lists: (u64, Option<String>),
}

impl Groups {
    /// No documents yet, for `themes` themes and `queries` term queries.
    pub fn new(grouping: Grouping, themes: usize, queries: usize) -> Groups {
        Groups {
            themes,
            queries,
            totals: BTreeMap::new(),
            present: Vec::new(),
            documents: 0,
            ungrouped: 0,
            keys: BTreeSet::new(),
            unusable: Unusable::default(),
            range: None,
            whole: matches!(grouping, Grouping::Each(_)).then(|| CorpusTotals::new(themes)),
            grouping,
            renaming: None,
            renamed_seen: BTreeSet::new(),
            over: None,
            period_totals: BTreeMap::new(),
            lists: (0, None),
        }
    }

    /// Follows each group over the periods of the dates in `field`
    /// (`--over FIELD:year|quarter|month`): a document counts in the
    /// period of its date within each of its groups, a document without a
    /// calendar date in [`NO_GROUP`].
    pub fn with_periods(mut self, field: &str, bucket: Bucket) -> Groups {
        self.over = Some(OverDates::new(Grouping::Date(field.to_string(), bucket)));
        self
    }

    /// Puts each value that `renaming` names into its group instead of a
    /// group of its own, and keeps, per group, the values that went into it.
    pub fn with_renaming(mut self, renaming: Renaming) -> Groups {
        self.renaming = Some(renaming);
        self
    }

    /// The group of a value as written: the one the renaming gives it, else
    /// the value itself.
    fn renamed<'a>(&'a self, value: &'a str) -> &'a str {
        match &self.renaming {
            Some(renaming) if value != NO_GROUP => renaming.rename(value),
            _ => value,
        }
    }

    /// Notes that a document has `value`, if the renaming names it.
    fn note_renamed(&mut self, value: &str) {
        let named = self
            .renaming
            .as_ref()
            .is_some_and(|r| r.group_of(value).is_some());
        if named && !self.renamed_seen.contains(value) {
            // As the file's values are: in NFC.
            self.renamed_seen.insert(crate::rename::nfc(value));
        }
    }

    /// Adds a document to the group of `value`, renamed; with `--over`, in
    /// `period` of the group.
    fn add_to(
        &mut self,
        value: &str,
        doc: &DocumentResult,
        seq: u64,
        query_counts: &[u64],
        period: Option<&str>,
    ) {
        self.note_renamed(value);
        let name = self.renamed(value).to_string();
        let renaming = self.renaming.is_some();
        let (themes, queries) = (self.themes, self.queries);
        let group = self.group(name);
        group.add(doc, seq, query_counts);
        if renaming {
            *group.values.entry(value.to_string()).or_default() += 1;
        }
        if let Some(period) = period {
            PeriodTally::of_period(&mut group.periods, period, themes, queries)
                .add(doc, query_counts);
            let terms = slot(&mut group.period_terms, period, HashMap::new);
            for (key, counts) in doc.terms.iter() {
                *terms.entry(key).or_default() += counts.count;
            }
        }
    }

    /// With one group per input: opens the group of input `name`, so that
    /// groups follow the arguments and an input without documents has one.
    pub fn add_input(&mut self, name: &str) {
        self.note_renamed(name);
        self.group(self.renamed(name).to_string());
    }

    fn group(&mut self, name: String) -> &mut GroupTotals {
        let (themes, queries) = (self.themes, self.queries);
        let present = &mut self.present;
        self.totals.entry(name).or_insert_with_key(|name| {
            present.push(name.clone());
            GroupTotals::new(themes, queries)
        })
    }

    /// Adds a document, read from input `input`, with its `--terms` counts.
    pub fn add(&mut self, doc: &DocumentResult, input: &str, query_counts: &[u64]) {
        let seq = self.documents;
        self.documents += 1;
        let period = self.over.as_mut().map(|over| over.period(doc));
        let period = period.as_deref();
        if let Some(period) = period {
            self.tally_period(period, doc, query_counts, true);
        }
        let name = match self.grouping.place(&doc.meta, input) {
            Placement::Group(name, date) => {
                if let Some((period, date)) = date {
                    note_date(&mut self.range, period, date, doc);
                }
                name
            }
            placement => {
                if let Placement::Unusable(value, dated) = placement {
                    self.unusable.note(value, dated, doc);
                }
                self.ungrouped += 1;
                if self.ungrouped == self.documents {
                    // Only needed if no document at all has a usable value.
                    for key in doc.meta.keys() {
                        if !self.keys.contains(key) {
                            self.keys.insert(key.clone());
                        }
                    }
                }
                NO_GROUP.to_string()
            }
        };
        if matches!(self.grouping, Grouping::Field(_)) && list_items(&name).nth(1).is_some() {
            self.lists.0 += 1;
            self.lists.1.get_or_insert_with(|| name.clone());
        }
        if let Some(whole) = &mut self.whole {
            whole.add(doc);
            // Items renamed to one group count the document once there,
            // as the value of its first such item.
            let mut items: Vec<String> = Vec::new();
            let mut groups: Vec<String> = Vec::new();
            for item in list_items(&name) {
                self.note_renamed(item);
                let group = self.renamed(item);
                if !groups.iter().any(|g| g == group) {
                    groups.push(group.to_string());
                    items.push(item.to_string());
                }
            }
            if items.is_empty() {
                // Only separators ("; "): no item, as an empty value.
                self.ungrouped += 1;
                items.push(NO_GROUP.to_string());
            }
            for item in items {
                self.add_to(&item, doc, seq, query_counts, period);
            }
            return;
        }
        self.add_to(&name, doc, seq, query_counts, period);
    }

    /// With `--by-turn`: adds the part of a document spoken by `speakers`
    /// (none: its passages outside any turn), as
    /// [`crate::pipeline::Config::analyze_document_by_turn`] cuts it, the
    /// speakers renamed to one group in one part, counted as the value of
    /// the first of them. `first_part`: the first of its document's parts,
    /// which notes the document's date for `--over`.
    pub fn add_turn(
        &mut self,
        speakers: &[String],
        part: &DocumentResult,
        query_counts: &[u64],
        first_part: bool,
    ) {
        let seq = self.documents;
        self.documents += 1;
        // In NFC, as a field's values: one group for a label however its
        // accents are typed.
        let name = match speakers.first() {
            Some(speaker) => crate::rename::to_nfc(speaker),
            None => {
                self.ungrouped += 1;
                NO_GROUP.to_string()
            }
        };
        for speaker in speakers {
            self.note_renamed(speaker);
        }
        // The parts of a document share its date, noted once.
        let period = match &mut self.over {
            Some(over) if first_part => Some(over.period(part)),
            Some(over) => Some(over.label_of(part)),
            None => None,
        };
        if let Some(period) = &period {
            self.tally_period(period, part, query_counts, first_part);
        }
        self.add_to(&name, part, seq, query_counts, period.as_deref());
    }

    /// Adds `doc`, or a part of it, to the corpus's tally of `period`;
    /// `document`: whether it counts as a document (a transcript's first
    /// part).
    fn tally_period(
        &mut self,
        period: &str,
        doc: &DocumentResult,
        query_counts: &[u64],
        document: bool,
    ) {
        PeriodTally::of_period(&mut self.period_totals, period, self.themes, self.queries)
            .add_part(doc, query_counts, document);
    }

    /// Documents added.
    pub fn documents(&self) -> u64 {
        self.documents
    }

    /// Documents without a usable value of the field, in `NO_GROUP`.
    pub fn ungrouped(&self) -> u64 {
        self.ungrouped
    }

    /// When some documents (not all) went to `NO_GROUP`: a sentence saying
    /// how many, and why, for the user.
    pub fn ungrouped_note(&self) -> Option<String> {
        let field = self.grouping.field()?;
        if self.ungrouped == 0 || self.ungrouped == self.documents {
            // None, or all: then `finish` fails.
            return None;
        }
        let mut note = format!(
            "{} no usable value of {field} and {} in the group {NO_GROUP}",
            crate::error::part_has(self.ungrouped, self.documents, "document"),
            match self.ungrouped {
                1 => "is",
                _ => "are",
            }
        );
        if let Some((value, document)) = &self.unusable.example {
            note += &format!(" (e.g. {value}, {document})");
        }
        Some(note)
    }

    /// When the names of some groups differ only by capitals or accents
    /// (`M. CHIRAC` and `M. Chirac`, a field written two ways): a sentence
    /// naming them, for the user. They stay apart: whether they are the
    /// same group is for the user to say. Only for groups named after
    /// the values of a field or the speaker labels of a transcript.
    pub fn lookalike_note(&self) -> Option<String> {
        if matches!(self.grouping, Grouping::Input | Grouping::Date(..)) {
            return None;
        }
        let mut alike: BTreeMap<String, Vec<&str>> = BTreeMap::new();
        for name in self.present.iter().filter(|n| *n != NO_GROUP) {
            alike
                .entry(fold(&name.to_lowercase()))
                .or_default()
                .push(name);
        }
        let sets: Vec<String> = alike
            .into_values()
            .filter(|names| names.len() > 1)
            .map(|mut names| {
                names.sort_unstable();
                let quoted: Vec<String> = names.iter().map(|n| format!("{n:?}")).collect();
                quoted.join(" and ")
            })
            .collect();
        if sets.is_empty() {
            return None;
        }
        let mut note = format!(
            "groups that differ only by capitals or accents are kept apart: {}",
            sets.iter()
                .take(LOOKALIKES_SHOWN)
                .cloned()
                .collect::<Vec<_>>()
                .join("; ")
        );
        if sets.len() > LOOKALIKES_SHOWN {
            note += &format!(" (and {} more)", sets.len() - LOOKALIKES_SHOWN);
        }
        let values = match self.grouping.field() {
            Some(field) => format!("each value of {field} as written"),
            None => "each speaker label as written".to_string(),
        };
        note += &match &self.renaming {
            Some(renaming) => format!(
                "; to count them as one, add rows to {} (each value as written, and its group)",
                renaming.file
            ),
            None => format!(
                "; to count them as one, give --rename FILE (a CSV file with the columns value \
                 and group: {values}, and its group)"
            ),
        };
        Some(note)
    }

    /// Grouping by a field as it is, when some of its values are lists
    /// (a JSONL array, a front matter list, `A; B`): a sentence saying that
    /// each combination of items is then a group, and that `FIELD:each`
    /// puts a document in the group of each of its items, for the user.
    pub fn list_note(&self) -> Option<String> {
        let (Grouping::Field(field), (documents, Some(example))) = (&self.grouping, &self.lists)
        else {
            return None;
        };
        Some(format!(
            "{} a list of values in {field} (e.g. {example:?}): \
             each combination of items is a group of its own ({} groups); to put a document in \
             the group of each of its items, use --by {field}:each",
            crate::error::part_has(*documents, self.documents, "document"),
            self.present.len()
        ))
    }

    /// With `--over`, when some documents (not all) have no usable date:
    /// a sentence saying how many, with an example, for the user.
    pub fn over_note(&self) -> Option<String> {
        self.over.as_ref()?.note()
    }

    /// When the renaming file gives values that no document had: a
    /// sentence naming them (misspelt, or of another corpus), for the user.
    pub fn rename_note(&self) -> Option<String> {
        let renaming = self.renaming.as_ref()?;
        // Every value seen as written (all are kept with a renaming).
        let seen: BTreeSet<String> = self
            .totals
            .values()
            .flat_map(|g| g.values.keys().cloned())
            .collect();
        let unseen: Vec<String> = renaming
            .values
            .keys()
            .filter(|v| !self.renamed_seen.contains(v.as_str()))
            .map(|v| match closest(v, &seen) {
                Some(near) => format!("{v:?} (is it {near:?}?)"),
                None => format!("{v:?}"),
            })
            .collect();
        if unseen.is_empty() {
            return None;
        }
        let what = match self.grouping.field() {
            Some(field) => format!("value of {field}"),
            None if self.grouping == Grouping::Turn => "speaker label".to_string(),
            None => "input".to_string(),
        };
        let mut note = format!(
            "values of {} that are no {what} of the documents compared, as written ({} of {}); \
             check their spelling: {}",
            renaming.file,
            unseen.len(),
            renaming.values.len(),
            unseen
                .iter()
                .take(LOOKALIKES_SHOWN)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        );
        if unseen.len() > LOOKALIKES_SHOWN {
            note += &format!(" (and {} more)", unseen.len() - LOOKALIKES_SHOWN);
        }
        Some(note)
    }

    /// The groups in order, each with its totals: checks that some
    /// document has a usable value of the field and that dates span at
    /// most [`MAX_PERIODS`] periods (both errors say what to do), then, for
    /// a date grouping, fills the empty periods.
    /// With overlapping groups (`FIELD:each`), the corpus counted once
    /// comes with them, for [`build_compare_report`].
    pub fn finish(self) -> Result<Grouped> {
        if self.grouping == Grouping::Turn && self.documents > 0 && self.ungrouped == self.documents
        {
            return Err(Error::grouping(
                "--by-turn: no document is a transcript with speaker labels (a name on a line \
                 of its own or in capitals before a colon, or Q - and R -, each used at least \
                 twice in a document); group by a metadata field (--by FIELD) instead"
                    .to_string(),
            ));
        }
        if let Some(field) = self.grouping.field() {
            if self.documents > 0 && self.ungrouped == self.documents {
                return Err(no_value_error(
                    "--by",
                    &self.grouping,
                    field,
                    &self.unusable,
                    &self.keys,
                ));
            }
        }
        if let Some(range) = &self.range {
            self.grouping.check_span("--by", range)?;
        }
        let periods = match &self.over {
            None => None,
            Some(over) => Some(over.periods()?),
        };
        let order = self.grouping.ordered_groups(&self.present)?;
        let (themes, queries) = (self.themes, self.queries);
        let mut totals = self.totals;
        let groups = order
            .into_iter()
            .map(|name| {
                let mut group = totals
                    .remove(&name)
                    .unwrap_or_else(|| GroupTotals::new(themes, queries));
                // A group of one value, its own name, is as written.
                if group.values.len() == 1 && group.values.contains_key(&name) {
                    group.values.clear();
                }
                (name, group)
            })
            .collect();
        Ok(Grouped {
            groups,
            whole: self.whole,
            periods,
            period_totals: self.period_totals,
        })
    }
}

/// The values of a grouping field that could not be used.
#[derive(Debug, Default)]
struct Unusable {
    /// The first, shown as JSON, with its document.
    example: Option<(String, String)>,
    /// Whether one is a date of another precision (`2024` by month), which
    /// a coarser period would take.
    coarser: bool,
}

impl Unusable {
    /// Notes `value` of `doc`; `dated`: a date of another precision.
    fn note(&mut self, value: String, dated: bool, doc: &DocumentResult) {
        if self.example.is_none() {
            self.example = Some((value, document_name(doc)));
        }
        self.coarser |= dated;
    }
}

/// The error when no document has a usable value of `field`, for `option`
/// (`--by` or `--over`) and grouping `by`: an unusable value as an example,
/// and the advice of years when some value is a date of another precision,
/// else the documents' fields (`keys`) and the closest to `field`.
fn no_value_error(
    option: &str,
    by: &Grouping,
    field: &str,
    unusable: &Unusable,
    keys: &BTreeSet<String>,
) -> Error {
    let coarser = unusable.coarser;
    let formats = match by {
        Grouping::Date(_, Bucket::Year) => "YYYY-MM-DD, YYYYMMDD, YYYY-MM or YYYY",
        _ => "YYYY-MM-DD, YYYYMMDD or YYYY-MM",
    };
    if let Some((value, document)) = &unusable.example {
        let otherwise = match (option, by) {
            ("--over", Grouping::Date(_, Bucket::Year)) => String::new(),
            ("--over", _) if coarser => {
                format!(", or follow the groups by year (--over {field}:year)")
            }
            ("--over", _) => String::new(),
            (_, Grouping::Date(_, bucket)) if coarser && *bucket != Bucket::Year => {
                format!(", or group by year (--by {field}:year)")
            }
            _ => format!(", or group by the field as it is (--by {field})"),
        };
        return Error::grouping(match by {
            Grouping::Date(..) => format!(
                "{option} {by}: no document has an ISO date ({formats}) in `{field}`, e.g. \
                 {value} ({document}); write the dates as {formats}{otherwise}"
            ),
            _ => format!(
                "{option} {by}: `{field}` is empty in every document (e.g. {value}, \
                 {document}); group by another field"
            ),
        });
    }
    let mut message = format!(
        "{option} {by}: no document has a field `{field}` with a value (a string, number, \
         boolean or list of them; objects are not read as metadata)"
    );
    if keys.is_empty() {
        message += match option {
            "--by" => {
                "; the documents have no metadata at all: group by input (give several \
                 paths and no --by), or add the field to the documents"
            }
            _ => "; the documents have no metadata at all: add the dates to the documents",
        };
        return Error::grouping(message);
    }
    let shown: Vec<&str> = keys.iter().take(KEYS_SHOWN).map(String::as_str).collect();
    message += &format!("; the documents' fields are: {}", shown.join(", "));
    if keys.len() > KEYS_SHOWN {
        message += &format!(" (and {} more)", keys.len() - KEYS_SHOWN);
    }
    message += &match (by, closest(field, keys)) {
        (Grouping::Date(_, bucket), Some(key)) => {
            format!(". Did you mean {option} {key}:{}?", bucket.name())
        }
        (_, Some(key)) => format!(". Did you mean {option} {key}?"),
        (Grouping::Date(_, bucket), None) if option == "--over" => format!(
            ". Follow the groups over one that holds ISO dates (--over FIELD:{})",
            bucket.name()
        ),
        (Grouping::Date(_, bucket), None) => format!(
            ". Group by one of them (--by FIELD), or by the period of one that holds ISO \
             dates (--by FIELD:{})",
            bucket.name()
        ),
        (_, None) => ". Group by one of them (--by FIELD)".to_string(),
    };
    Error::grouping(message)
}

/// The dates of `--over`: each document's period, and what the checks
/// need once all are read (the earliest and latest dated documents, the
/// documents without a usable date, an example of an unusable value, and
/// the fields of the documents while none has a date).
#[derive(Debug)]
struct OverDates {
    /// `Grouping::Date` of the field and period.
    grouping: Grouping,
    /// The earliest and latest dated documents.
    range: Option<(Dated, Dated)>,
    /// Documents seen.
    documents: u64,
    /// Documents without a usable date.
    undated: u64,
    /// The dates that could not be used.
    unusable: Unusable,
    /// Metadata keys, kept while no document has had a date.
    keys: BTreeSet<String>,
}

impl OverDates {
    fn new(grouping: Grouping) -> OverDates {
        OverDates {
            grouping,
            range: None,
            documents: 0,
            undated: 0,
            unusable: Unusable::default(),
            keys: BTreeSet::new(),
        }
    }

    /// The period label of a document, or [`NO_GROUP`], noting it.
    fn period(&mut self, doc: &DocumentResult) -> String {
        self.documents += 1;
        match self.grouping.place(&doc.meta, "") {
            Placement::Group(label, Some((period, date))) => {
                note_date(&mut self.range, period, date, doc);
                label
            }
            placement => {
                self.undated += 1;
                if let Placement::Unusable(value, dated) = placement {
                    self.unusable.note(value, dated, doc);
                }
                if self.range.is_none() {
                    for key in doc.meta.keys() {
                        if !self.keys.contains(key) {
                            self.keys.insert(key.clone());
                        }
                    }
                }
                NO_GROUP.to_string()
            }
        }
    }

    /// The period label of another part of a document already noted.
    fn label_of(&self, doc: &DocumentResult) -> String {
        match self.grouping.place(&doc.meta, "") {
            Placement::Group(label, Some(_)) => label,
            _ => NO_GROUP.to_string(),
        }
    }

    /// Every period from the earliest date to the latest, then
    /// [`NO_GROUP`] if some document has no date; an error when none has
    /// one, or when they span more than [`MAX_PERIODS`] periods.
    fn periods(&self) -> Result<Vec<String>> {
        let Grouping::Date(field, _) = &self.grouping else {
            unreachable!("--over is a date grouping")
        };
        let Some(range) = &self.range else {
            return Err(no_value_error(
                "--over",
                &self.grouping,
                field,
                &self.unusable,
                &self.keys,
            ));
        };
        self.grouping.check_span("--over", range)?;
        let mut out = range.0.period.labels_to(range.1.period);
        if self.undated > 0 {
            out.push(NO_GROUP.to_string());
        }
        Ok(out)
    }

    /// When some documents (not all) have no usable date: a sentence
    /// saying how many, and where they count.
    fn note(&self) -> Option<String> {
        if self.undated == 0 || self.range.is_none() {
            return None;
        }
        let Grouping::Date(field, _) = &self.grouping else {
            unreachable!("--over is a date grouping")
        };
        let mut note = format!(
            "--over {}: {} no usable date in `{field}`",
            self.grouping,
            crate::error::part_has(self.undated, self.documents, "document")
        );
        if let Some((value, document)) = &self.unusable.example {
            note += &format!(" (e.g. {value}, {document})");
        }
        note += &format!(" and count in the period {NO_GROUP} of their groups");
        Some(note)
    }
}

/// The key most like `field` (same letters but for case, or a spelling
/// close enough), if any.
fn closest<'a>(field: &str, keys: &'a BTreeSet<String>) -> Option<&'a str> {
    let lower = field.to_lowercase();
    if let Some(key) = keys.iter().find(|k| k.to_lowercase() == lower) {
        return Some(key);
    }
    keys.iter()
        .map(|k| (strsim::normalized_levenshtein(&lower, &k.to_lowercase()), k))
        .filter(|(score, _)| *score >= 0.75)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, k)| k.as_str())
}

/// A period: year and sub-period index (quarter or month, 0 for a year).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Period {
    year: i32,
    sub: u32,
    bucket: BucketOrd,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum BucketOrd {
    Year,
    Quarter,
    Month,
}

impl Period {
    /// The period of `date`, a calendar date as [`crate::date::Date`] reads
    /// it (`YYYY-MM-DD`, perhaps with a time, `YYYYMMDD`, `YYYY-MM` or `YYYY`); `None` for
    /// anything else, whatever the bucket (`2024-13-45` is no date, even
    /// to group by year), and for a date that does not name the bucket's
    /// period (`2024` by month).
    fn parse(date: &str, bucket: Bucket) -> Option<Period> {
        let crate::date::Date { year, month, .. } = crate::date::Date::parse(date)?;
        let year = i32::try_from(year).ok()?;
        Some(match bucket {
            Bucket::Year => Period {
                year,
                sub: 0,
                bucket: BucketOrd::Year,
            },
            Bucket::Quarter => Period {
                year,
                sub: (month? - 1) / 3 + 1,
                bucket: BucketOrd::Quarter,
            },
            Bucket::Month => Period {
                year,
                sub: month?,
                bucket: BucketOrd::Month,
            },
        })
    }

    /// Periods from `self` to `last`, both included (0 if `last` is earlier).
    fn periods_to(self, last: Period) -> u64 {
        let per_year: i64 = match self.bucket {
            BucketOrd::Year => 1,
            BucketOrd::Quarter => 4,
            BucketOrd::Month => 12,
        };
        let index = |p: Period| i64::from(p.year) * per_year + i64::from(p.sub);
        u64::try_from(index(last) - index(self) + 1).unwrap_or(0)
    }

    /// The labels of the periods from `self` to `last`, both included.
    fn labels_to(self, last: Period) -> Vec<String> {
        let mut out = Vec::with_capacity(self.periods_to(last) as usize + 1);
        let mut p = self;
        while p <= last {
            out.push(p.label());
            p = p.next();
        }
        out
    }

    fn parse_label(label: &str, bucket: Bucket) -> Option<Period> {
        match bucket {
            Bucket::Quarter => {
                let (y, q) = label.split_once("-Q")?;
                Some(Period {
                    year: y.parse().ok()?,
                    sub: q.parse().ok()?,
                    bucket: BucketOrd::Quarter,
                })
            }
            _ => Period::parse(label, bucket),
        }
    }

    fn label(&self) -> String {
        match self.bucket {
            BucketOrd::Year => format!("{:04}", self.year),
            BucketOrd::Quarter => format!("{:04}-Q{}", self.year, self.sub),
            BucketOrd::Month => format!("{:04}-{:02}", self.year, self.sub),
        }
    }

    fn next(self) -> Period {
        let per_year = match self.bucket {
            BucketOrd::Year => {
                return Period {
                    year: self.year + 1,
                    ..self
                }
            }
            BucketOrd::Quarter => 4,
            BucketOrd::Month => 12,
        };
        if self.sub >= per_year {
            Period {
                year: self.year + 1,
                sub: 1,
                ..self
            }
        } else {
            Period {
                sub: self.sub + 1,
                ..self
            }
        }
    }
}

/// A distinctive passage: high score for a theme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvidencePassage {
    /// Document id.
    pub id: String,
    /// Where the document came from: a path, or `path:line`.
    pub source: String,
    /// The encoding the document was read in, whose decoded text `span`
    /// indexes (see [`crate::corpus::Document::encoding`]).
    pub encoding: String,
    /// Passage index in the document.
    pub passage: usize,
    /// Byte span of the passage in the document text.
    pub span: [usize; 2],
    /// In a transcript, the speaker label of the passage's turn.
    pub speaker: Option<String>,
    /// The theme's score in the passage.
    pub score: f64,
    /// The passage text.
    pub text: String,
}

/// Totals of one group, merged from its documents in input order: the
/// same totals as a corpus's, plus the `--terms` counts and the best
/// passages per theme.
#[derive(Debug, Clone, Default)]
pub struct GroupTotals {
    /// The group's documents counted as a corpus.
    pub corpus: CorpusTotals,
    /// Counts of the `--terms` queries.
    pub term_queries: Vec<u64>,
    /// Per theme, the best passages so far: (score, document seq, passage).
    best: Vec<Vec<(f64, u64, EvidencePassage)>>,
    /// With `--rename`, the values as written that went into the group,
    /// with their documents; empty when the group is its one value.
    pub values: BTreeMap<String, u64>,
    /// With `--over`, the group's documents per period label.
    pub periods: BTreeMap<String, PeriodTally>,
    /// With `--over`, the group's term counts per period label: its path
    /// on the correspondence analysis (counts only, not [`TermCounts`]:
    /// a comparison by month holds many).
    pub period_terms: BTreeMap<String, HashMap<Gram, u64>>,
}

/// The value of `key` in `map`, made by `new` if absent: the key is copied
/// into a `String` only then, not on each document.
fn slot<'a, V>(map: &'a mut BTreeMap<String, V>, key: &str, new: impl FnOnce() -> V) -> &'a mut V {
    if !map.contains_key(key) {
        map.insert(key.to_string(), new());
    }
    map.get_mut(key).expect("inserted")
}

/// What a group's documents of one period hold, for its series.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeriodTally {
    /// Documents.
    pub documents: u64,
    /// Passages.
    pub passages: u64,
    /// Content tokens.
    pub content_tokens: u64,
    /// Passages assigned each theme, in lexicon order.
    pub theme_passages: Vec<u64>,
    /// Counts of the `--terms` queries.
    pub term_queries: Vec<u64>,
}

impl PeriodTally {
    /// What a whole group holds, for a grouping whose groups are periods.
    fn of_group(group: &GroupTotals) -> PeriodTally {
        PeriodTally {
            documents: group.corpus.documents,
            passages: group.corpus.passages,
            content_tokens: group.corpus.totals.content_tokens,
            theme_passages: group.corpus.themes.iter().map(|t| t.passages).collect(),
            term_queries: group.term_queries.clone(),
        }
    }

    /// The tally of `period` in `tallies`, empty if new.
    fn of_period<'a>(
        tallies: &'a mut BTreeMap<String, PeriodTally>,
        period: &str,
        themes: usize,
        queries: usize,
    ) -> &'a mut PeriodTally {
        slot(tallies, period, || PeriodTally::new(themes, queries))
    }

    fn new(themes: usize, queries: usize) -> PeriodTally {
        PeriodTally {
            theme_passages: vec![0; themes],
            term_queries: vec![0; queries],
            ..PeriodTally::default()
        }
    }

    fn add(&mut self, doc: &DocumentResult, query_counts: &[u64]) {
        self.add_part(doc, query_counts, true);
    }

    /// Adds a document, or a part of a transcript, which counts as a
    /// document when `document`.
    fn add_part(&mut self, doc: &DocumentResult, query_counts: &[u64], document: bool) {
        self.documents += u64::from(document);
        self.passages += doc.passages.len() as u64;
        self.content_tokens += doc.totals.content_tokens;
        for p in &doc.passages {
            for &t in &p.assigned {
                self.theme_passages[t] += 1;
            }
        }
        for (ours, theirs) in self.term_queries.iter_mut().zip(query_counts) {
            *ours += theirs;
        }
    }
}

impl GroupTotals {
    /// Empty totals for `themes` themes and `queries` term queries.
    pub fn new(themes: usize, queries: usize) -> GroupTotals {
        GroupTotals {
            corpus: CorpusTotals::new(themes),
            term_queries: vec![0; queries],
            best: vec![Vec::new(); themes],
            values: BTreeMap::new(),
            periods: BTreeMap::new(),
            period_terms: BTreeMap::new(),
        }
    }

    /// Adds one document; `seq` is its position in the input, for ties.
    pub fn add(&mut self, doc: &DocumentResult, seq: u64, query_counts: &[u64]) {
        self.corpus.add(doc);
        for (ours, theirs) in self.term_queries.iter_mut().zip(query_counts) {
            *ours += theirs;
        }
        for (t, best) in self.best.iter_mut().enumerate() {
            for p in doc.passages.iter().filter(|p| p.assigned.contains(&t)) {
                best.push((
                    p.scores[t],
                    seq,
                    EvidencePassage {
                        id: doc.id.clone(),
                        source: doc.source.clone(),
                        encoding: doc.encoding.clone(),
                        passage: p.index,
                        span: [p.span.start, p.span.end],
                        speaker: p.speaker.clone(),
                        score: p.scores[t],
                        text: p.text.clone(),
                    },
                ));
            }
            // Highest score first, then input order; keep the top few.
            best.sort_by(|a, b| {
                b.0.total_cmp(&a.0)
                    .then(a.1.cmp(&b.1))
                    .then(a.2.passage.cmp(&b.2.passage))
            });
            best.truncate(EVIDENCE_PASSAGES);
        }
    }
}

/// Options of the comparison tables.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompareOptions {
    /// Rows per table and direction (0: all).
    pub top: usize,
    /// Minimum count (group + reference) of a term to be tested.
    pub min_count: u64,
    /// Adjusted p-value under which a difference is flagged.
    pub alpha: f64,
    /// Groups of fewer passages take no part in the correspondence
    /// analysis: they are placed on its axes as supplementary points, of
    /// kind `group` (0: every group takes part).
    #[serde(default)]
    pub ca_min_passages: u64,
}

impl CompareOptions {
    /// Whether a group of `passages` passages takes part in the
    /// correspondence analysis (see [`CompareOptions::ca_min_passages`]).
    pub fn takes_part(&self, passages: u64) -> bool {
        passages >= self.ca_min_passages
    }
}

/// The comparison report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompareReport {
    /// Version of this schema; first field.
    pub schema_version: String,
    /// Version of parole.
    pub parole_version: String,
    /// How groups were made and what they were compared with.
    pub config: CompareConfig,
    /// The groups, in order (time order for periods).
    pub groups: Vec<GroupSummary>,
    /// One row per group × theme.
    pub theme_shares: Vec<ThemeShare>,
    /// Terms over- and under-used by each group.
    pub keyness: Vec<KeynessTable>,
    /// N-grams over- and under-used by each group.
    pub ngram_keyness: Vec<KeynessTable>,
    /// Lafon specificities of terms, per group.
    pub specificities: Vec<SpecificityTable>,
    /// Per period, when grouping by a date: theme shares and term counts.
    pub time_series: Option<TimeSeries>,
    /// With `--over`, each group over the periods: sizes, theme shares
    /// and term counts per period.
    pub group_series: Option<GroupSeries>,
    /// Per group and core theme (every theme when the lexicon has no core
    /// one), the passages with the highest score.
    pub evidence: Vec<GroupEvidence>,
    /// Per group and core theme (as for `evidence`), the lexicon entries
    /// that carried it.
    pub theme_entries: Vec<GroupThemeEntries>,
    /// Correspondence analysis of the groups × terms table; `None` when
    /// fewer than two groups or two terms are left to analyse, or more than
    /// [`CA_MAX_GROUPS`] groups take part.
    #[serde(default)]
    pub correspondence: Option<CorrespondenceAnalysis>,
    /// The same analysis unrounded: the figures a text summary rounds
    /// once, to fewer digits than the JSON's six significant ones (a
    /// coordinate of 0.2964997 is 0.296, where the JSON's 0.296500 would
    /// give 0.297). Not in the JSON; `None` in a report read back from it.
    #[serde(skip)]
    pub correspondence_exact: Option<CorrespondenceAnalysis>,
    /// Inputs that could not be used.
    pub skipped: Vec<crate::report::SkippedEntry>,
    /// Documents of the compared inputs left out by the conditions of
    /// `--where` (`config.analysis.where`); set by the reader of the
    /// corpus, 0 from [`build_compare_report`].
    pub left_out: u64,
    /// Input units seen in the compared inputs: `documents`, their skipped
    /// units and `left_out`; set by the reader of the corpus, 0 from
    /// [`build_compare_report`].
    pub inputs_seen: u64,
    /// Documents of the compared inputs analysed, each counted once
    /// whatever its groups; set by the reader of the corpus.
    pub documents: u64,
    /// The size of the `--reference` corpus; `None` without it. Set by
    /// the reader of the corpus.
    pub reference: Option<ReferenceSummary>,
}

/// What the `--reference` corpus holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferenceSummary {
    /// Input units seen: documents and skipped units.
    pub inputs_seen: u64,
    /// Documents analysed.
    pub documents: u64,
    /// Their passages.
    pub passages: u64,
    /// Their tokens (all but punctuation).
    pub tokens: u64,
    /// Their content tokens: the reference's size in keyness.
    pub content_tokens: u64,
}

/// How the comparison was made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompareConfig {
    /// The inputs.
    pub inputs: Vec<String>,
    /// `--by` as given, or `input` for one group per input.
    pub by: String,
    /// `--over` as given (`FIELD:year|quarter|month`), if any.
    pub over: Option<String>,
    /// `rest` (each group against all others) or the reference inputs.
    pub reference: Vec<String>,
    /// Table options.
    pub options: CompareOptions,
    /// The analysis settings, as in `parole analyze`.
    pub analysis: crate::report::ReportConfig,
    /// The `--terms` queries.
    pub terms: Vec<String>,
    /// The group names given to values (`--rename`), with the file.
    pub rename: Option<Renaming>,
}

/// Size of one group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupSummary {
    /// Group name.
    pub name: String,
    /// Documents.
    pub documents: u64,
    /// Passages.
    pub passages: u64,
    /// Tokens (all but punctuation).
    pub tokens: u64,
    /// Content tokens.
    pub content_tokens: u64,
    /// Occurrences of each `--terms` query in the group, in query order.
    pub terms: Vec<GroupTerm>,
    /// With `--rename`, the values as written that went into the group,
    /// most documents first (then by value), with their documents; empty
    /// when the group is its one value.
    pub values: Vec<GroupValue>,
}

/// A group over `periods`: its tallies per period (`tallies`), zeros where
/// it has no document.
fn one_group_series(
    name: &str,
    tallies: &BTreeMap<String, PeriodTally>,
    periods: &[String],
    themes: &[crate::themes::Theme],
    terms: &[String],
) -> OneGroupSeries {
    let empty = PeriodTally::new(themes.len(), terms.len());
    let tallies: Vec<&PeriodTally> = periods
        .iter()
        .map(|p| tallies.get(p).unwrap_or(&empty))
        .collect();
    let per = |f: &dyn Fn(&PeriodTally) -> u64| tallies.iter().map(|t| f(t)).collect();
    let (themes, terms) = series_rows(&tallies, themes, terms);
    OneGroupSeries {
        group: name.to_string(),
        documents: per(&|t| t.documents),
        passages: per(&|t| t.passages),
        content_tokens: per(&|t| t.content_tokens),
        themes,
        terms,
    }
}

/// Per theme and per `--terms` query, the series over `tallies`, one per
/// period: passages and shares, counts and rates per 10,000 content tokens.
fn series_rows(
    tallies: &[&PeriodTally],
    themes: &[crate::themes::Theme],
    terms: &[String],
) -> (Vec<SeriesTheme>, Vec<SeriesTerm>) {
    let themes = themes
        .iter()
        .enumerate()
        .map(|(k, theme)| {
            let intervals: Vec<(f64, f64)> = tallies
                .iter()
                .map(|t| stats::wilson_interval(t.theme_passages[k], t.passages))
                .collect();
            SeriesTheme {
                theme: theme.id.clone(),
                passages: tallies.iter().map(|t| t.theme_passages[k]).collect(),
                shares: tallies
                    .iter()
                    .map(|t| round(share(t.theme_passages[k], t.passages), 4))
                    .collect(),
                ci_low: intervals.iter().map(|i| round(i.0, 4)).collect(),
                ci_high: intervals.iter().map(|i| round(i.1, 4)).collect(),
            }
        })
        .collect();
    let terms = terms
        .iter()
        .enumerate()
        .map(|(q, term)| SeriesTerm {
            term: term.clone(),
            counts: tallies.iter().map(|t| t.term_queries[q]).collect(),
            per_10k: tallies
                .iter()
                .map(|t| per_10k(t.term_queries[q], t.content_tokens))
                .collect(),
        })
        .collect();
    (themes, terms)
}

/// The values of a group, most documents first, then by value.
fn group_values(values: &BTreeMap<String, u64>) -> Vec<GroupValue> {
    let mut rows: Vec<GroupValue> = values
        .iter()
        .map(|(value, &documents)| GroupValue {
            value: value.clone(),
            documents,
        })
        .collect();
    rows.sort_by(|a, b| b.documents.cmp(&a.documents).then(a.value.cmp(&b.value)));
    rows
}

/// A value as written, put in a group by `--rename`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupValue {
    /// The value as written.
    pub value: String,
    /// Documents with the value (turns, with `--by-turn`).
    pub documents: u64,
}

/// Occurrences of one `--terms` query in a group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupTerm {
    /// The query as given.
    pub term: String,
    /// Occurrences in the group.
    pub count: u64,
    /// Per 10,000 content tokens of the group.
    pub per_10k: f64,
}

/// A theme's share of a group's passages, against the rest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeShare {
    /// Group.
    pub group: String,
    /// Theme id.
    pub theme: String,
    /// Passages of the group with the theme.
    pub passages: u64,
    /// Passages of the group.
    pub group_passages: u64,
    /// passages / group_passages.
    pub share: f64,
    /// 95 % Wilson interval, low end.
    pub ci_low: f64,
    /// 95 % Wilson interval, high end.
    pub ci_high: f64,
    /// Share of the theme in the rest (or the reference).
    pub reference_share: f64,
    /// Two-proportion z (positive: the group is above).
    pub z: f64,
    /// Two-sided p-value.
    pub p_value: f64,
    /// Benjamini–Hochberg adjusted over the rows of the table that can be
    /// tested; 1 for a row that cannot (not counted in m).
    pub p_adjusted: f64,
    /// `above`, `below`, or `none` when the adjusted p-value is not under alpha.
    pub difference: String,
}

/// Keyness rows of one group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeynessTable {
    /// Group.
    pub group: String,
    /// Tokens of the group (content tokens).
    pub group_tokens: u64,
    /// Tokens of the reference.
    pub reference_tokens: u64,
    /// Over-used first (G² descending), then under-used (most under-used last).
    pub rows: Vec<KeynessRow>,
}

/// One term's keyness.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeynessRow {
    /// Key.
    pub key: String,
    /// Display form.
    pub display: String,
    /// Count in the group.
    pub observed: u64,
    /// Expected count in the group under no difference.
    pub expected: f64,
    /// Count in the reference.
    pub reference_count: u64,
    /// Signed log-likelihood G² (negative: under-used).
    pub g2: f64,
    /// Signed Pearson chi².
    pub chi2: f64,
    /// Log ratio, base 2, of the relative frequencies; a zero count gets its
    /// group's share of one occurrence, so the sign is always that of g2.
    pub log_ratio: f64,
    /// p-value of G² (chi², 1 df).
    pub p_value: f64,
    /// Benjamini–Hochberg adjusted over the group's tested terms (1, and
    /// not counted, for a term whose table cannot be tested).
    pub p_adjusted: f64,
}

/// Specificities of one group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpecificityTable {
    /// Group.
    pub group: String,
    /// Most specific first, then the most negative.
    pub rows: Vec<SpecificityRow>,
}

/// One term's specificity in a group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpecificityRow {
    /// Key.
    pub key: String,
    /// Display form.
    pub display: String,
    /// Count in the group.
    pub count: u64,
    /// Count in the whole corpus (groups compared).
    pub corpus_count: u64,
    /// Signed log10 probability (positive: over-represented).
    pub specificity: f64,
}

/// Axes of the correspondence analysis given with coordinates (as
/// FactoMineR's `CA` gives by default).
pub const CA_AXES: usize = 5;

/// Most groups taking part the correspondence analysis is run on (the
/// smaller ones of `--ca-min-passages` are not counted): its cost grows with
/// the cube of the number of groups (1.6 s for 634, a few seconds for a
/// thousand), and a map of more points is no longer read.
pub const CA_MAX_GROUPS: usize = 1_000;

/// Correspondence analysis of the table of the groups (rows) by their
/// terms (columns): the content terms counted at least `--min-count` times
/// in the compared inputs, each document once, as keyness tests them. The
/// reference corpus, if any, is not a row. In the report's
/// `correspondence`, as in the JSON, figures are rounded to 6 significant
/// digits ([`CorrespondenceAnalysis::rounded`]); `correspondence_exact`
/// has them unrounded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CorrespondenceAnalysis {
    /// Terms analysed (the columns).
    pub terms_analysed: u64,
    /// Occurrences of those terms in the groups (the table's total).
    pub occurrences: u64,
    /// The table's χ² over its total (φ²): the sum of the eigenvalues,
    /// less what the axes left out hold (see [`crate::ca::MIN_EIGENVALUE`]).
    pub total_inertia: f64,
    /// Every axis of eigenvalue at least [`crate::ca::MIN_EIGENVALUE`],
    /// largest first.
    pub axes: Vec<CaAxis>,
    /// The groups analysed, in the groups' order, with their coordinates
    /// on the first [`CA_AXES`] axes.
    pub groups: Vec<CaGroup>,
    /// Groups left out: none of their terms is among those analysed (a
    /// group of fewer than `--ca-min-passages` passages is a supplementary
    /// point instead).
    pub groups_left_out: Vec<String>,
    /// The terms that contribute most to the first plane (axes 1 and 2,
    /// weighted by their eigenvalues), the `--top` first (all with 0),
    /// with their coordinates on the first [`CA_AXES`] axes.
    pub terms: Vec<CaTerm>,
    /// For each axis given coordinates, the terms that contribute most to
    /// it on each side, among all the terms analysed: what the axis
    /// opposes.
    pub poles: Vec<CaPoles>,
    /// Points placed on the axes without taking part in them: every theme
    /// of the lexicon (in its order), then the groups of fewer than
    /// `--ca-min-passages` passages (in the groups' order), then the
    /// `--reference` corpus, then with `--over` each group in each period
    /// it has documents in (in the groups' order, then time order).
    pub supplementary: Vec<CaSupplementary>,
}

/// A supplementary point of the correspondence analysis: placed by its
/// profile (the transition formula), with no mass, inertia or
/// contribution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaSupplementary {
    /// `theme`: a column, the theme's passages in each group analysed;
    /// `group`: a row, the counts of the terms analysed in a group of
    /// fewer than `--ca-min-passages` passages; `reference`: a row, the
    /// `--reference` corpus's counts of those terms; `period`: a row, a
    /// group's counts of those terms in one period of `--over`.
    pub kind: String,
    /// The theme's id, the group, or `reference`.
    pub name: String,
    /// The period (`--over`), for a point of kind `period`; else null.
    pub period: Option<String>,
    /// Its total: the theme's passages in the groups analysed, or the
    /// occurrences of the terms analysed in the group, the reference or
    /// the group's period.
    pub count: u64,
    /// Principal coordinates, one per axis given; none when `count` is 0
    /// (no profile).
    pub coordinates: Vec<f64>,
    /// Squared cosine on each axis: how well the axis shows the point.
    pub cos2: Vec<f64>,
}

/// Terms named at each end of an axis in `poles`.
pub const CA_POLE_TERMS: usize = 10;

/// The two ends of an axis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaPoles {
    /// The axis, from 1.
    pub axis: usize,
    /// The [`CA_POLE_TERMS`] terms of negative coordinate that contribute
    /// most to the axis, most first (then by key).
    pub negative: Vec<CaPole>,
    /// The same of positive coordinate.
    pub positive: Vec<CaPole>,
}

/// A term at one end of an axis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaPole {
    /// Key.
    pub key: String,
    /// Display form.
    pub display: String,
    /// Its coordinate on the axis.
    pub coordinate: f64,
    /// Its contribution to the axis.
    pub contribution: f64,
}

/// One axis of the correspondence analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaAxis {
    /// Its number, from 1.
    pub axis: usize,
    /// Its eigenvalue: the inertia it holds.
    pub eigenvalue: f64,
    /// Its share of the total inertia.
    pub share: f64,
    /// The share of this axis and the ones before it.
    pub cumulative: f64,
}

/// A group on the axes of the correspondence analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaGroup {
    /// Group.
    pub group: String,
    /// Its share of the table's occurrences.
    pub mass: f64,
    /// Its share of the total inertia.
    pub inertia: f64,
    /// Principal coordinates, one per axis given.
    pub coordinates: Vec<f64>,
    /// Contribution to each axis (they sum to 1 over the groups).
    pub contributions: Vec<f64>,
    /// Squared cosine on each axis: how well the axis shows the group.
    pub cos2: Vec<f64>,
}

/// A term on the axes of the correspondence analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaTerm {
    /// Key.
    pub key: String,
    /// Display form.
    pub display: String,
    /// Occurrences in the groups.
    pub count: u64,
    /// Its share of the table's occurrences.
    pub mass: f64,
    /// Its share of the total inertia.
    pub inertia: f64,
    /// Principal coordinates, one per axis given.
    pub coordinates: Vec<f64>,
    /// Contribution to each axis (they sum to 1 over all the terms
    /// analysed, listed or not).
    pub contributions: Vec<f64>,
    /// Squared cosine on each axis.
    pub cos2: Vec<f64>,
}

/// `x` rounded to `digits` significant digits: the figures of a
/// correspondence analysis span many orders of magnitude (the mass of a
/// rare term, the coordinate of a group).
fn round_significant(x: f64, digits: i32) -> f64 {
    if x == 0.0 || !x.is_finite() {
        // `+ 0.0` as in [`round`]: no `-0`.
        return x + 0.0;
    }
    let magnitude = x.abs().log10().floor() as i32;
    let decimals = digits - 1 - magnitude;
    // 10^decimals is exact up to 1e22 only: beyond, `round` misses the
    // nearest double (2.3168499999999998e-29 for 2.31685e-29), which the
    // JSON then prints to 17 digits. The decimal formatting rounds exactly.
    if decimals > 22 {
        let shown = format!("{:.*e}", (digits - 1).max(0) as usize, x);
        return shown.parse::<f64>().unwrap_or(x) + 0.0;
    }
    round(x, decimals)
}

impl CorrespondenceAnalysis {
    /// The same analysis, its figures rounded to 6 significant digits: those
    /// of the JSON and CSV ([`CompareReport::correspondence`]).
    pub fn rounded(&self) -> CorrespondenceAnalysis {
        let r = |x: f64| round_significant(x, 6);
        let rs = |xs: &[f64]| xs.iter().map(|&x| r(x)).collect::<Vec<f64>>();
        let poles = |side: &[CaPole]| {
            side.iter()
                .map(|p| CaPole {
                    key: p.key.clone(),
                    display: p.display.clone(),
                    coordinate: r(p.coordinate),
                    contribution: r(p.contribution),
                })
                .collect()
        };
        CorrespondenceAnalysis {
            terms_analysed: self.terms_analysed,
            occurrences: self.occurrences,
            total_inertia: r(self.total_inertia),
            axes: self
                .axes
                .iter()
                .map(|a| CaAxis {
                    axis: a.axis,
                    eigenvalue: r(a.eigenvalue),
                    share: r(a.share),
                    cumulative: r(a.cumulative),
                })
                .collect(),
            groups: self
                .groups
                .iter()
                .map(|g| CaGroup {
                    group: g.group.clone(),
                    mass: r(g.mass),
                    inertia: r(g.inertia),
                    coordinates: rs(&g.coordinates),
                    contributions: rs(&g.contributions),
                    cos2: rs(&g.cos2),
                })
                .collect(),
            groups_left_out: self.groups_left_out.clone(),
            terms: self
                .terms
                .iter()
                .map(|t| CaTerm {
                    key: t.key.clone(),
                    display: t.display.clone(),
                    count: t.count,
                    mass: r(t.mass),
                    inertia: r(t.inertia),
                    coordinates: rs(&t.coordinates),
                    contributions: rs(&t.contributions),
                    cos2: rs(&t.cos2),
                })
                .collect(),
            poles: self
                .poles
                .iter()
                .map(|p| CaPoles {
                    axis: p.axis,
                    negative: poles(&p.negative),
                    positive: poles(&p.positive),
                })
                .collect(),
            supplementary: self
                .supplementary
                .iter()
                .map(|p| CaSupplementary {
                    kind: p.kind.clone(),
                    name: p.name.clone(),
                    period: p.period.clone(),
                    count: p.count,
                    coordinates: rs(&p.coordinates),
                    cos2: rs(&p.cos2),
                })
                .collect(),
        }
    }
}

/// The correspondence analysis of the groups × terms table (see
/// [`CorrespondenceAnalysis`]), unrounded ([`CorrespondenceAnalysis::rounded`]
/// gives the JSON's figures); the display forms are the whole compared
/// corpus's (`all`).
fn correspondence_analysis(
    groups: &[(String, GroupTotals)],
    all: &TermTable,
    reference: Option<&GroupTotals>,
    themes: &[Theme],
    periods: &[String],
    o: &CompareOptions,
) -> Option<CorrespondenceAnalysis> {
    // A group of fewer than `--ca-min-passages` passages is no row: it
    // is placed on the axes as a supplementary point.
    let active = |g: &GroupTotals| o.takes_part(g.corpus.passages);
    if groups.iter().filter(|(_, g)| active(g)).count() > CA_MAX_GROUPS {
        return None;
    }
    // Columns in the order of their keys (a Gram orders as its string),
    // so that every sum is made in the same order whatever the hashing.
    let mut columns: BTreeMap<Gram, Vec<(usize, u64)>> = BTreeMap::new();
    for (i, (_, g)) in groups.iter().enumerate().filter(|(_, (_, g))| active(g)) {
        for (key, counts) in g.corpus.terms.iter() {
            columns.entry(key).or_default().push((i, counts.count));
        }
    }
    // The terms keyness tests: counted `--min-count` times in the compared
    // corpus, each document once (with `FIELD:each` a document is in
    // several groups, and its words in several rows).
    columns.retain(|gram, _| all.get(gram).map_or(0, |c| c.count) >= o.min_count);
    // Rows: the groups taking part with an occurrence of a term kept,
    // renumbered.
    let mut row_totals = vec![0u64; groups.len()];
    for column in columns.values() {
        for &(i, n) in column {
            row_totals[i] += n;
        }
    }
    let mut row_of = vec![usize::MAX; groups.len()];
    let mut kept = Vec::new();
    for (i, &total) in row_totals.iter().enumerate() {
        if total > 0 {
            row_of[i] = kept.len();
            kept.push(i);
        }
    }
    if kept.len() < 2 || columns.len() < 2 {
        return None;
    }
    let keys: Vec<(String, Gram, u64)> = columns
        .iter()
        .map(|(gram, c)| (gram.to_string(), *gram, c.iter().map(|&(_, n)| n).sum()))
        .collect();
    let table: Vec<Vec<(usize, u64)>> = columns
        .into_values()
        .map(|c| c.into_iter().map(|(i, n)| (row_of[i], n)).collect())
        .collect();
    let ca = crate::ca::correspondence(kept.len(), &table, CA_AXES)?;
    let mut cumulative = 0.0;
    let axes = ca
        .eigenvalues
        .iter()
        .enumerate()
        .map(|(a, &l)| {
            let share = l / ca.total_inertia;
            cumulative += share;
            CaAxis {
                axis: a + 1,
                eigenvalue: l,
                share,
                cumulative,
            }
        })
        .collect();
    // The terms ranked by their contribution to the first plane.
    let plane: Vec<f64> = ca.eigenvalues.iter().take(2).copied().collect();
    let weight = plane.iter().sum::<f64>();
    let mut order: Vec<(f64, usize)> = ca
        .columns
        .iter()
        .enumerate()
        .map(|(j, p)| {
            let ctr: f64 = p.contributions.iter().zip(&plane).map(|(c, l)| c * l).sum();
            (if weight > 0.0 { ctr / weight } else { 0.0 }, j)
        })
        .collect();
    order.sort_by(|a, b| b.0.total_cmp(&a.0).then(keys[a.1].0.cmp(&keys[b.1].0)));
    if o.top > 0 {
        order.truncate(o.top);
    }
    let display = |j: usize| {
        all.get(&keys[j].1)
            .map_or_else(String::new, TermCounts::display)
    };
    let poles = (0..ca.rows[0].coordinates.len())
        .map(|a| {
            let side = |positive: bool| -> Vec<CaPole> {
                let mut side: Vec<usize> = (0..ca.columns.len())
                    .filter(|&j| {
                        let x = ca.columns[j].coordinates[a];
                        if positive {
                            x > 0.0
                        } else {
                            x < 0.0
                        }
                    })
                    .collect();
                side.sort_by(|&x, &y| {
                    let (cx, cy) = (
                        ca.columns[x].contributions[a],
                        ca.columns[y].contributions[a],
                    );
                    cy.total_cmp(&cx).then(keys[x].0.cmp(&keys[y].0))
                });
                side.truncate(CA_POLE_TERMS);
                side.into_iter()
                    .map(|j| CaPole {
                        key: keys[j].0.clone(),
                        display: display(j),
                        coordinate: ca.columns[j].coordinates[a],
                        contribution: ca.columns[j].contributions[a],
                    })
                    .collect()
            };
            CaPoles {
                axis: a + 1,
                negative: side(false),
                positive: side(true),
            }
        })
        .collect();
    let terms = order
        .into_iter()
        .map(|(_, j)| {
            let p = &ca.columns[j];
            let (key, _, count) = &keys[j];
            CaTerm {
                key: key.clone(),
                display: display(j),
                count: *count,
                mass: p.mass,
                inertia: p.inertia,
                coordinates: p.coordinates.clone(),
                contributions: p.contributions.clone(),
                cos2: p.cos2.clone(),
            }
        })
        .collect();
    // Supplementary points: each theme as a column (its passages in the
    // groups analysed); the reference, and each group in each period of
    // `--over`, as rows (their counts of the terms analysed).
    let projected = |kind: &str,
                     name: &str,
                     period: Option<&String>,
                     count: u64,
                     p: Option<crate::ca::Projection>| {
        let p = p.unwrap_or(crate::ca::Projection {
            coordinates: Vec::new(),
            cos2: Vec::new(),
        });
        CaSupplementary {
            kind: kind.to_string(),
            name: name.to_string(),
            period: period.cloned(),
            count,
            coordinates: p.coordinates,
            cos2: p.cos2,
        }
    };
    let mut supplementary: Vec<CaSupplementary> = themes
        .iter()
        .enumerate()
        .map(|(t, theme)| {
            let cells: Vec<(usize, u64)> = kept
                .iter()
                .enumerate()
                .map(|(row, &i)| (row, groups[i].1.corpus.themes[t].passages))
                .filter(|&(_, n)| n > 0)
                .collect();
            let count = cells.iter().map(|&(_, n)| n).sum();
            projected(
                "theme",
                &theme.id,
                None,
                count,
                ca.supplementary_column(&cells),
            )
        })
        .collect();
    // A row of the terms analysed, each counted `count(key)` times.
    let row = |count: &dyn Fn(&Gram) -> u64| -> (u64, Option<crate::ca::Projection>) {
        let cells: Vec<(usize, u64)> = keys
            .iter()
            .enumerate()
            .filter_map(|(j, (_, gram, _))| {
                let n = count(gram);
                (n > 0).then_some((j, n))
            })
            .collect();
        let count = cells.iter().map(|&(_, n)| n).sum();
        (count, ca.supplementary_row(&cells))
    };
    for (name, g) in groups.iter().filter(|(_, g)| !active(g)) {
        let terms = &g.corpus.terms;
        let (count, p) = row(&|gram| terms.get(gram).map_or(0, |c| c.count));
        supplementary.push(projected("group", name, None, count, p));
    }
    if let Some(reference) = reference {
        let terms = &reference.corpus.terms;
        let (count, p) = row(&|gram| terms.get(gram).map_or(0, |c| c.count));
        supplementary.push(projected("reference", "reference", None, count, p));
    }
    // With `--over`, each group in each period it has documents in, in
    // time order: its path across the map.
    let paths: Vec<(&String, &String, &HashMap<Gram, u64>)> = groups
        .iter()
        .flat_map(|(name, g)| {
            periods
                .iter()
                .filter_map(move |p| g.period_terms.get(p).map(|t| (name, p, t)))
        })
        .collect();
    let placed: Vec<(u64, Option<crate::ca::Projection>)> = paths
        .par_iter()
        .map(|(_, _, t)| row(&|gram| t.get(gram).copied().unwrap_or(0)))
        .collect();
    for ((name, period, _), (count, p)) in paths.into_iter().zip(placed) {
        supplementary.push(projected("period", name, Some(period), count, p));
    }
    Some(CorrespondenceAnalysis {
        terms_analysed: keys.len() as u64,
        occurrences: keys.iter().map(|(_, _, n)| n).sum(),
        total_inertia: ca.total_inertia,
        axes,
        groups: kept
            .iter()
            .zip(&ca.rows)
            .map(|(&i, p)| CaGroup {
                group: groups[i].0.clone(),
                mass: p.mass,
                inertia: p.inertia,
                coordinates: p.coordinates.clone(),
                contributions: p.contributions.clone(),
                cos2: p.cos2.clone(),
            })
            .collect(),
        groups_left_out: groups
            .iter()
            .zip(&row_totals)
            .filter(|((_, g), &t)| t == 0 && active(g))
            .map(|((name, _), _)| name.clone())
            .collect(),
        terms,
        poles,
        supplementary,
    })
}

/// Time series over periods.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimeSeries {
    /// Periods in time order (empty ones included).
    pub periods: Vec<String>,
    /// Per theme: passages and shares per period.
    pub themes: Vec<SeriesTheme>,
    /// Per `--terms` query: counts and rates per period.
    pub terms: Vec<SeriesTerm>,
}

/// Which series a comparison has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Series<'a> {
    /// None.
    None,
    /// The groups are periods (`--by FIELD:year|quarter|month`): the time
    /// series of the corpus.
    Periods,
    /// Each group over these periods (`--over`, [`Grouped::periods`]), and
    /// the corpus ([`Grouped::period_totals`]).
    Over(&'a [String], &'a BTreeMap<String, PeriodTally>),
}

/// Every group over the periods of `--over`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupSeries {
    /// Periods in time order (empty ones included), then `(none)` for the
    /// documents without a date, if any.
    pub periods: Vec<String>,
    /// One series per group, in `groups` order.
    pub groups: Vec<OneGroupSeries>,
    /// The corpus compared (every group's documents, each once), named
    /// [`ALL`], to read each group against.
    pub all: OneGroupSeries,
}

/// One group over the periods.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OneGroupSeries {
    /// Group.
    pub group: String,
    /// Documents per period.
    pub documents: Vec<u64>,
    /// Passages per period.
    pub passages: Vec<u64>,
    /// Content tokens per period.
    pub content_tokens: Vec<u64>,
    /// Per theme: passages and shares of the period's passages.
    pub themes: Vec<SeriesTheme>,
    /// Per `--terms` query: counts and rates per period.
    pub terms: Vec<SeriesTerm>,
}

/// One theme over time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeriesTheme {
    /// Theme id.
    pub theme: String,
    /// Passages with the theme per period.
    pub passages: Vec<u64>,
    /// Share of the period's passages (0 for a period without passages).
    pub shares: Vec<f64>,
    /// 95 % Wilson interval of each share, low end (0 for a period
    /// without passages: nothing is known).
    pub ci_low: Vec<f64>,
    /// 95 % Wilson interval of each share, high end (1 for a period
    /// without passages).
    pub ci_high: Vec<f64>,
}

/// One term query over time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeriesTerm {
    /// The query as given.
    pub term: String,
    /// Occurrences per period.
    pub counts: Vec<u64>,
    /// Per 10,000 content tokens of the period.
    pub per_10k: Vec<f64>,
}

/// Distinctive passages of a group for a core theme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupEvidence {
    /// Group.
    pub group: String,
    /// Theme id.
    pub theme: String,
    /// Up to three passages, highest score first.
    pub passages: Vec<EvidencePassage>,
}

/// The lexicon entries that carried a core theme in a group, beside their
/// use in the rest (or the reference).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupThemeEntries {
    /// Group.
    pub group: String,
    /// Theme id.
    pub theme: String,
    /// Matches of all the theme's entries in the group's passages assigned
    /// the theme.
    pub group_matches: u64,
    /// The same in the rest, or in the reference.
    pub reference_matches: u64,
    /// The group's entries, most matched first (the `--top` first).
    pub rows: Vec<ThemeEntryRow>,
}

/// One entry of [`GroupThemeEntries`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeEntryRow {
    /// The entry as written in the lexicon.
    pub entry: String,
    /// Its matches in the group's passages assigned the theme.
    pub matches: u64,
    /// Those passages.
    pub passages: u64,
    /// `matches / group_matches`.
    pub share: f64,
    /// Its matches in the rest, or in the reference.
    pub reference_matches: u64,
    /// `reference_matches / reference_matches of the table`.
    pub reference_share: f64,
}

/// The entries of theme `t` in `group`, against `other`; `own` is the
/// part of a group's count that `other` also holds (all of it when `other`
/// is the whole corpus, none for a reference), as in the theme shares.
fn theme_entry_rows(
    group: &CorpusTotals,
    other: &CorpusTotals,
    t: usize,
    own: impl Fn(u64) -> u64,
    top: usize,
) -> (u64, u64, Vec<ThemeEntryRow>) {
    let mine = &group.entries[t];
    let others = &other.entries[t];
    let group_matches: u64 = mine.values().map(|x| x.matches).sum();
    let reference_matches = others.values().map(|x| x.matches).sum::<u64>() - own(group_matches);
    let rows = top_entries(mine, top)
        .into_iter()
        .map(|(entry, tally)| {
            let r = others.get(entry).map_or(0, |x| x.matches) - own(tally.matches);
            ThemeEntryRow {
                entry: entry.to_string(),
                matches: tally.matches,
                passages: tally.passages,
                share: round(share(tally.matches, group_matches), 4),
                reference_matches: r,
                reference_share: round(share(r, reference_matches), 4),
            }
        })
        .collect();
    (group_matches, reference_matches, rows)
}

/// `x` rounded to `digits` decimals, as reports print figures. A value that
/// rounds to zero is `0.0`, never `-0.0`: tables sort on the rounded value
/// with `total_cmp`, which puts `0.0` above `-0.0`, and `-0` in a report
/// reads as a sign where there is none.
pub(crate) fn round(x: f64, digits: i32) -> f64 {
    if !x.is_finite() {
        return x;
    }
    let f = 10f64.powi(digits);
    (x * f).round() / f + 0.0
}

/// Occurrences per 10,000 content tokens, rounded to 2 decimals.
fn per_10k(count: u64, content_tokens: u64) -> f64 {
    round(share(count, content_tokens) * 10_000.0, 2)
}

fn share(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// What a group is compared with: the rest of the groups, given as the
/// totals of all groups (the group's own counts are taken out), or a
/// reference corpus.
#[derive(Debug, Clone, Copy)]
enum Against<'a> {
    /// Totals of every group, this one included, and their
    /// [`frequent_keys`].
    Rest(&'a TermTable, &'a [(Gram, u64)]),
    /// A reference corpus, the totals of every group (for display forms),
    /// and the reference's [`frequent_keys`].
    Reference(&'a TermTable, &'a TermTable, &'a [(Gram, u64)]),
}

/// The keys of `table` counted at least `min_count` times, with their
/// counts, in no particular order: made once for all groups. A key the
/// group lacks is tested when its count outside the group reaches
/// `min_count`, and with many groups most of the corpus's keys (rare
/// n-grams above all) reach it in none: each group used to look every one
/// of them up (634 groups of the questions to the government: 4 s of 12).
fn frequent_keys(table: &TermTable, min_count: u64) -> Vec<(Gram, u64)> {
    table
        .iter()
        .filter(|(_, c)| c.count >= min_count)
        .map(|(k, c)| (k, c.count))
        .collect()
}

impl<'a> Against<'a> {
    /// Every key of the group or of what it is compared with, in no
    /// particular order (rows are sorted later), with its count in the
    /// group and outside it, those counted at least `min_count` times in
    /// both: one lookup per key, and only the keys kept are collected (the
    /// corpus's n-grams are many, and most are rare).
    fn counts(&self, group: &'a TermTable, min_count: u64) -> Vec<(Gram, u64, u64)> {
        let enough = |&(_, a, b): &(Gram, u64, u64)| a + b >= min_count;
        match *self {
            // The group's count and the rest's add up to the corpus's, which
            // `frequent` holds when it reaches `min_count`.
            Against::Rest(_, frequent) => frequent
                .iter()
                .map(|&(k, count)| {
                    let a = group.get(&k).map_or(0, |c| c.count);
                    (k, a, count.saturating_sub(a))
                })
                .collect(),
            Against::Reference(reference, _, frequent) => group
                .iter()
                .map(|(k, c)| (k, c.count, reference.get(&k).map_or(0, |r| r.count)))
                .filter(enough)
                .chain(
                    frequent
                        .iter()
                        .filter(|(k, _)| group.get(k).is_none())
                        .map(|&(k, count)| (k, 0, count)),
                )
                .collect(),
        }
    }

    /// Display form of `key` in `group` (see [`TermCounts::display_within`]:
    /// the whole compared corpus's form of the group's spelling), or the
    /// reference's for a key the group lacks.
    fn display(&self, group: &TermTable, key: &Gram) -> String {
        let (other, all) = match *self {
            Against::Rest(all, _) => (all, all),
            Against::Reference(reference, all, _) => (reference, all),
        };
        match group.get(key) {
            Some(own) => own.display_within(all.get(key)),
            None => other.get(key).map_or_else(String::new, TermCounts::display),
        }
    }
}

/// Keyness of every key with enough occurrences in the group and what it
/// is compared with; over-used first. Every key is tested, but only the
/// rows listed get their strings (key and display form): with many groups,
/// most of the work was making strings for rows `--top` then dropped.
fn keyness_rows(
    group: &TermTable,
    g_tokens: u64,
    against: Against<'_>,
    r_tokens: u64,
    o: &CompareOptions,
) -> Vec<KeynessRow> {
    // Most keys of the corpus are absent from a small group, and the test
    // of an absent key depends on its other count alone: each is made once.
    let mut absent: std::collections::HashMap<u64, stats::Keyness> = Default::default();
    let tested: Vec<(Gram, u64, u64, stats::Keyness)> = against
        .counts(group, o.min_count)
        .into_iter()
        .map(|(key, a, b)| {
            let k = match a {
                0 => *absent
                    .entry(b)
                    .or_insert_with(|| stats::keyness(0, b, g_tokens, r_tokens)),
                _ => stats::keyness(a, b, g_tokens, r_tokens),
            };
            (key, a, b, k)
        })
        .collect();
    let adjusted = adjust(tested.iter().map(|(.., k)| (k.testable, k.p_value)));
    // Sorted on the rounded G², as listed, then on the key (a Gram orders
    // as its string does).
    let rows: Vec<(f64, Gram, u64, u64, stats::Keyness, f64)> = tested
        .into_iter()
        .zip(adjusted)
        .map(|((key, a, b, k), p)| (round(k.g2, 4), key, a, b, k, p))
        .collect();
    sorted_top_both_ends(
        rows,
        o.top,
        |x, y| y.0.total_cmp(&x.0).then_with(|| x.1.cmp(&y.1)),
        |r| r.0,
    )
    .into_iter()
    .map(|(g2, key, a, b, k, p_adjusted)| KeynessRow {
        key: key.to_string(),
        display: against.display(group, &key),
        observed: a,
        expected: round(k.expected, 4),
        reference_count: b,
        g2,
        chi2: round(k.chi2, 4),
        log_ratio: round(k.log_ratio, 4),
        p_value: k.p_value,
        p_adjusted,
    })
    .collect()
}

/// Benjamini–Hochberg adjusted p-values of `(testable, p)` rows, in order:
/// the rows that cannot be tested ([`stats::testable`]) keep their p of 1
/// and are not counted in `m`.
fn adjust(rows: impl Iterator<Item = (bool, f64)>) -> Vec<f64> {
    let rows: Vec<(bool, f64)> = rows.collect();
    let tested: Vec<f64> = rows
        .iter()
        .map(|&(testable, p)| if testable { p } else { f64::NAN })
        .collect();
    stats::benjamini_hochberg(&tested)
        .into_iter()
        .zip(rows)
        .map(|(q, (testable, p))| if testable { q } else { p })
        .collect()
}

/// Lafon specificities of the group's keys within the whole (all groups, or
/// the group plus the reference); most specific first. As for keyness,
/// only the rows listed get their strings.
fn specificity_rows(
    group: &TermTable,
    g_tokens: u64,
    against: Against<'_>,
    r_tokens: u64,
    o: &CompareOptions,
) -> Vec<SpecificityRow> {
    let total = g_tokens + r_tokens;
    // As for keyness, the specificity of an absent key is made once per
    // corpus count.
    let mut absent: std::collections::HashMap<u64, f64> = Default::default();
    let rows: Vec<(f64, Gram, u64, u64)> = against
        .counts(group, o.min_count)
        .into_iter()
        .map(|(key, k, b)| {
            let f = k + b;
            let specificity = match k {
                0 => *absent
                    .entry(f)
                    .or_insert_with(|| round(stats::specificity(0, f, g_tokens, total), 4)),
                _ => round(stats::specificity(k, f, g_tokens, total), 4),
            };
            (specificity, key, k, f)
        })
        .collect();
    sorted_top_both_ends(
        rows,
        o.top,
        |x, y| y.0.total_cmp(&x.0).then_with(|| x.1.cmp(&y.1)),
        |r| r.0,
    )
    .into_iter()
    .map(|(specificity, key, count, corpus_count)| SpecificityRow {
        key: key.to_string(),
        display: against.display(group, &key),
        count,
        corpus_count,
        specificity,
    })
    .collect()
}

/// The first `top` rows with a positive value and the last `top` with a
/// negative one (all when `top` is 0), keeping the order.
fn top_both_ends<T>(rows: Vec<T>, top: usize, value: impl Fn(&T) -> f64) -> Vec<T> {
    if top == 0 {
        return rows;
    }
    let positive = rows.iter().filter(|r| value(r) > 0.0).count();
    let negative = rows.iter().filter(|r| value(r) < 0.0).count();
    let len = rows.len();
    rows.into_iter()
        .enumerate()
        .filter(|(i, r)| {
            (value(r) > 0.0 && *i < top.min(positive))
                || (value(r) < 0.0 && *i >= len - top.min(negative))
        })
        .map(|(_, r)| r)
        .collect()
}

/// `rows` sorted by `order` (a total order: no two rows equal, which ranks
/// them by `value`, largest first, before anything else), then cut as
/// [`top_both_ends`] cuts them; only the rows kept are sorted. A group's
/// table tests every key of the corpus and lists a few dozen: picking the
/// first and last `top` and sorting those costs a fraction of sorting them
/// all. They are picked by their values alone: the first `top` rows have a
/// value at least the `top`-th largest, the last at most the `top`-th
/// smallest. Many keys share a value (those a group lacks, by their count
/// in the rest), and picking among them by `order` compared their strings.
fn sorted_top_both_ends<T>(
    mut rows: Vec<T>,
    top: usize,
    order: impl Fn(&T, &T) -> std::cmp::Ordering,
    value: impl Fn(&T) -> f64,
) -> Vec<T> {
    use std::cmp::Ordering::{Greater, Less};
    let len = rows.len();
    // `--top` takes any whole number: `2 * top` would overflow from 2⁶³.
    if top == 0 || len <= top.saturating_mul(2) {
        rows.sort_by(&order);
        return top_both_ends(rows, top, value);
    }
    let mut values: Vec<f64> = rows.iter().map(&value).collect();
    let high = *values.select_nth_unstable_by(len - top, f64::total_cmp).1;
    let low = *values.select_nth_unstable_by(top - 1, f64::total_cmp).1;
    // The rows that can be listed at each end: those of a value beyond the
    // bounds; when the bounds meet (most rows share one value), the first
    // and last `top` by order.
    let (mut head, mut tail) = if high.total_cmp(&low) == Greater {
        let (mut head, mut tail): (Vec<T>, Vec<T>) = (Vec::new(), Vec::new());
        for r in rows {
            let v = value(&r);
            if v.total_cmp(&high) != Less {
                head.push(r);
            } else if v.total_cmp(&low) != Greater {
                tail.push(r);
            }
        }
        (head, tail)
    } else {
        rows.select_nth_unstable_by(top - 1, &order);
        let rest = &mut rows[top..];
        let last = rest.len() - top;
        rest.select_nth_unstable_by(last, &order);
        let tail = rows.split_off(len - top);
        (rows, tail)
    };
    head.sort_by(&order);
    head.truncate(top);
    tail.sort_by(&order);
    let tail = tail.split_off(tail.len() - top);
    head.into_iter()
        .filter(|r| value(r) > 0.0)
        .chain(tail.into_iter().filter(|r| value(r) < 0.0))
        .collect()
}

/// Builds the comparison report from the groups (in order, each with its
/// totals) and the reference (`None`: each group against the rest). The
/// rest is `whole` less the group when groups overlap (`FIELD:each`: the
/// corpus counted once), else all groups less the group.
pub fn build_compare_report(
    config: &Config,
    compare_config: CompareConfig,
    groups: &[(String, GroupTotals)],
    whole: Option<&CorpusTotals>,
    reference: Option<&GroupTotals>,
    series: Series<'_>,
    skipped: Vec<crate::report::SkippedEntry>,
) -> CompareReport {
    let o = &compare_config.options;
    let themes = config.lexicon.themes();
    let mut merged = CorpusTotals::new(themes.len());
    if whole.is_none() {
        for (_, g) in groups {
            merged.merge(&g.corpus);
        }
    }
    let all = whole.unwrap_or(&merged);
    let mut theme_shares = Vec::new();
    let mut theme_testable = Vec::new();
    let mut keyness = Vec::new();
    let mut ngram_keyness = Vec::new();
    let mut specificities = Vec::new();
    let mut evidence = Vec::new();
    let mut theme_entries = Vec::new();
    // The themes with evidence and entries: the core ones, or every theme of
    // a lexicon that has none (a user's own, or one `parole train` wrote).
    let no_core = !themes.iter().any(|t| t.group == ThemeGroup::Core);
    for (name, g) in groups {
        // What the group is compared with: the rest, or the reference.
        let other = reference.map_or(all, |r| &r.corpus);
        let own = |x: u64| if reference.is_some() { 0 } else { x };
        let other_passages = other.passages - own(g.corpus.passages);
        for (t, theme) in themes.iter().enumerate() {
            let x = g.corpus.themes[t].passages;
            let y = other.themes[t].passages - own(x);
            let (low, high) = stats::wilson_interval(x, g.corpus.passages);
            let (z, p) = stats::two_proportion_test(x, g.corpus.passages, y, other_passages);
            theme_testable.push(stats::testable(x, g.corpus.passages, y, other_passages));
            theme_shares.push(ThemeShare {
                group: name.clone(),
                theme: theme.id.clone(),
                passages: x,
                group_passages: g.corpus.passages,
                share: round(share(x, g.corpus.passages), 4),
                ci_low: round(low, 4),
                ci_high: round(high, 4),
                reference_share: round(share(y, other_passages), 4),
                z: round(z, 4),
                p_value: p,
                p_adjusted: 0.0,
                difference: String::new(),
            });
            if theme.group == ThemeGroup::Core || no_core {
                evidence.push(GroupEvidence {
                    group: name.clone(),
                    theme: theme.id.clone(),
                    passages: g.best[t].iter().map(|(_, _, e)| e.clone()).collect(),
                });
                let (group_matches, reference_matches, rows) =
                    theme_entry_rows(&g.corpus, other, t, own, o.top);
                theme_entries.push(GroupThemeEntries {
                    group: name.clone(),
                    theme: theme.id.clone(),
                    group_matches,
                    reference_matches,
                    rows,
                });
            }
        }
    }
    // The term tables of each group, the most work with many groups: in
    // parallel, each group's alone, collected in the groups' order.
    let other = reference.map_or(all, |r| &r.corpus);
    let frequent_terms = frequent_keys(&other.terms, o.min_count);
    let frequent_ngrams = frequent_keys(&other.ngrams, o.min_count);
    let (terms, ngrams) = match reference {
        Some(r) => (
            Against::Reference(&r.corpus.terms, &all.terms, &frequent_terms),
            Against::Reference(&r.corpus.ngrams, &all.ngrams, &frequent_ngrams),
        ),
        None => (
            Against::Rest(&all.terms, &frequent_terms),
            Against::Rest(&all.ngrams, &frequent_ngrams),
        ),
    };
    let periods = match series {
        Series::Over(periods, _) => periods,
        _ => &[],
    };
    let (tables, correspondence) = rayon::join(
        || {
            groups
                .par_iter()
                .map(|(name, g)| {
                    let gc = g.corpus.totals.content_tokens;
                    let rc = match reference {
                        Some(_) => other.totals.content_tokens,
                        None => other.totals.content_tokens - gc,
                    };
                    (
                        KeynessTable {
                            group: name.clone(),
                            group_tokens: gc,
                            reference_tokens: rc,
                            rows: keyness_rows(&g.corpus.terms, gc, terms, rc, o),
                        },
                        KeynessTable {
                            group: name.clone(),
                            group_tokens: gc,
                            reference_tokens: rc,
                            rows: keyness_rows(&g.corpus.ngrams, gc, ngrams, rc, o),
                        },
                        SpecificityTable {
                            group: name.clone(),
                            rows: specificity_rows(&g.corpus.terms, gc, terms, rc, o),
                        },
                    )
                })
                .collect::<Vec<_>>()
        },
        || correspondence_analysis(groups, &all.terms, reference, themes, periods, o),
    );
    let correspondence_exact = correspondence;
    let correspondence = correspondence_exact
        .as_ref()
        .map(CorrespondenceAnalysis::rounded);
    for (k, n, sp) in tables {
        keyness.push(k);
        ngram_keyness.push(n);
        specificities.push(sp);
    }
    let adjusted = adjust(
        theme_testable
            .iter()
            .zip(&theme_shares)
            .map(|(&t, s)| (t, s.p_value)),
    );
    for (s, p) in theme_shares.iter_mut().zip(adjusted) {
        s.p_adjusted = p;
        s.difference = if p < o.alpha && s.z > 0.0 {
            "above"
        } else if p < o.alpha && s.z < 0.0 {
            "below"
        } else {
            "none"
        }
        .to_string();
    }
    let time_series = matches!(series, Series::Periods).then(|| {
        // The groups are the periods.
        let tallies: Vec<PeriodTally> = groups
            .iter()
            .map(|(_, g)| PeriodTally::of_group(g))
            .collect();
        let tallies: Vec<&PeriodTally> = tallies.iter().collect();
        let (themes, terms) = series_rows(&tallies, themes, &compare_config.terms);
        TimeSeries {
            periods: groups.iter().map(|(n, _)| n.clone()).collect(),
            themes,
            terms,
        }
    });
    let over = match series {
        Series::Over(periods, totals) => Some((periods, totals)),
        _ => None,
    };
    let group_series = over.map(|(periods, totals)| GroupSeries {
        periods: periods.to_vec(),
        groups: groups
            .iter()
            .map(|(name, g)| {
                one_group_series(name, &g.periods, periods, themes, &compare_config.terms)
            })
            .collect(),
        all: one_group_series(ALL, totals, periods, themes, &compare_config.terms),
    });
    CompareReport {
        schema_version: COMPARE_SCHEMA_VERSION.to_string(),
        parole_version: env!("CARGO_PKG_VERSION").to_string(),
        groups: groups
            .iter()
            .map(|(name, g)| GroupSummary {
                name: name.clone(),
                documents: g.corpus.documents,
                passages: g.corpus.passages,
                tokens: g.corpus.totals.tokens,
                content_tokens: g.corpus.totals.content_tokens,
                terms: compare_config
                    .terms
                    .iter()
                    .zip(&g.term_queries)
                    .map(|(term, &count)| GroupTerm {
                        term: term.clone(),
                        count,
                        per_10k: per_10k(count, g.corpus.totals.content_tokens),
                    })
                    .collect(),
                values: group_values(&g.values),
            })
            .collect(),
        config: compare_config,
        theme_shares,
        keyness,
        ngram_keyness,
        specificities,
        time_series,
        group_series,
        evidence,
        theme_entries,
        correspondence,
        correspondence_exact,
        skipped,
        left_out: 0,
        inputs_seen: 0,
        documents: 0,
        reference: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Six significant digits whatever the magnitude: a figure of 1e-29
    /// (a contribution of a term of almost the mean profile) is the double
    /// nearest its six digits, printed as them.
    #[test]
    fn round_significant_keeps_six_digits_of_tiny_figures() {
        for (x, want) in [
            (2.316_849_999_999e-29, "2.31685e-29"),
            (1.653_541_234e-19, "1.65354e-19"),
            (-7.123_456_789e-40, "-7.12346e-40"),
            (0.123_456_789, "0.123457"),
            (1.000_000_4, "1.0"),
        ] {
            let r = round_significant(x, 6);
            assert_eq!(serde_json::to_string(&r).unwrap(), want, "{x}");
        }
    }

    fn meta(pairs: &[(&str, serde_json::Value)]) -> BTreeMap<String, serde_json::Value> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }

    #[test]
    fn rounding_to_zero_gives_no_negative_zero() {
        let r = round(-0.000_01, 4);
        assert_eq!(r.to_bits(), 0.0_f64.to_bits());
        assert_eq!(serde_json::to_string(&r).unwrap(), "0.0");
        assert_eq!(round(-0.000_06, 4), -0.0001);
        assert!(round(f64::NAN, 4).is_nan());
    }

    #[test]
    fn groups_by_field_and_by_period() {
        let m = meta(&[
            ("parti", "LES".into()),
            ("date", "2021-08-14".into()),
            ("n", 3.into()),
        ]);
        assert_eq!(Grouping::parse("parti").unwrap().group_of(&m, "x"), "LES");
        assert_eq!(Grouping::parse("n").unwrap().group_of(&m, "x"), "3");
        assert_eq!(
            Grouping::parse("orateur").unwrap().group_of(&m, "x"),
            NO_GROUP
        );
        assert_eq!(
            Grouping::parse("date:year").unwrap().group_of(&m, "x"),
            "2021"
        );
        assert_eq!(
            Grouping::parse("date:quarter").unwrap().group_of(&m, "x"),
            "2021-Q3"
        );
        assert_eq!(
            Grouping::parse("date:month").unwrap().group_of(&m, "x"),
            "2021-08"
        );
        let bad = meta(&[("date", "14/08/2021".into())]);
        assert_eq!(
            Grouping::parse("date:year").unwrap().group_of(&bad, "x"),
            NO_GROUP
        );
        assert!(Grouping::parse("date:week").is_err());
    }

    #[test]
    fn a_date_that_is_no_calendar_date_has_no_period_whatever_the_bucket() {
        let group = |date: &str, by: &str| {
            let m = meta(&[("date", date.into())]);
            Grouping::parse(by).unwrap().group_of(&m, "x")
        };
        for date in [
            "2024-13-45",
            "2024-13",
            "2024-00-10",
            "2024-02-30",
            "2023-02-29",
            "2024-04-31",
            "2024-01-00",
            "2024-3-5",
            "2024-03-5",
            "2024-03-15x",
            "2024-03-1a",
            "202a",
            "+024",
        ] {
            for by in ["date:year", "date:quarter", "date:month"] {
                assert_eq!(group(date, by), NO_GROUP, "{date} {by}");
            }
        }
        for (date, year, month) in [
            ("2024-02-29", "2024", "2024-02"),
            ("2000-02-29", "2000", "2000-02"),
            ("2024-12-31T23:59:00Z", "2024", "2024-12"),
            ("2024-06-30 10:00", "2024", "2024-06"),
            ("2024-06", "2024", "2024-06"),
        ] {
            assert_eq!(group(date, "date:year"), year, "{date}");
            assert_eq!(group(date, "date:month"), month, "{date}");
        }
        assert_eq!(group("2024", "date:year"), "2024");
        assert_eq!(group("2024", "date:month"), NO_GROUP);
        assert_eq!(group("1900-02-29", "date:year"), NO_GROUP);
    }

    #[test]
    fn groups_that_differ_by_capitals_or_accents_are_named_not_merged() {
        let mut groups = Groups::new(Grouping::parse("orateur").unwrap(), 0, 0);
        for name in [
            "M. CHIRAC",
            "Élise",
            "M. Chirac",
            "elise",
            "Autre",
            NO_GROUP,
        ] {
            groups.group(name.to_string());
        }
        assert_eq!(
            groups.lookalike_note().unwrap(),
            "groups that differ only by capitals or accents are kept apart: \"elise\" and \
             \"Élise\"; \"M. CHIRAC\" and \"M. Chirac\"; to count them as one, give --rename \
             FILE (a CSV file with the columns value and group: each value of orateur as written, \
             and its group)"
        );
        assert_eq!(groups.present.len(), 6, "kept apart");
        // With a renaming file, the note says to add rows to it.
        let renaming =
            crate::rename::Renaming::parse("value,group\nAutre,Autres\n", "n.csv".as_ref())
                .unwrap();
        let mut groups =
            Groups::new(Grouping::parse("orateur").unwrap(), 0, 0).with_renaming(renaming);
        for name in ["M. CHIRAC", "M. Chirac"] {
            groups.group(name.to_string());
        }
        assert!(groups.lookalike_note().unwrap().ends_with(
            "; to count them as one, add rows to n.csv (each value as written, and its group)"
        ));
        let mut groups = Groups::new(Grouping::parse("orateur").unwrap(), 0, 0);
        groups.group("M. Chirac".to_string());
        groups.group("Mme Chirac".to_string());
        assert_eq!(groups.lookalike_note(), None);
    }

    #[test]
    fn periods_are_complete_and_in_time_order() {
        let g = Grouping::parse("date:quarter").unwrap();
        let present = vec![
            "2021-Q4".to_string(),
            NO_GROUP.to_string(),
            "2021-Q2".to_string(),
            "2022-Q1".to_string(),
        ];
        assert_eq!(
            g.ordered_groups(&present).unwrap(),
            ["2021-Q2", "2021-Q3", "2021-Q4", "2022-Q1", NO_GROUP]
        );
        let g = Grouping::parse("date:month").unwrap();
        let present = vec![
            "2021-12".to_string(),
            "2021-11".to_string(),
            "2022-02".to_string(),
        ];
        assert_eq!(
            g.ordered_groups(&present).unwrap(),
            ["2021-11", "2021-12", "2022-01", "2022-02"]
        );
        let g = Grouping::parse("parti").unwrap();
        let present = vec![NO_GROUP.to_string(), "b".to_string(), "a".to_string()];
        assert_eq!(g.ordered_groups(&present).unwrap(), ["a", "b", NO_GROUP]);
    }

    #[test]
    fn periods_beyond_the_limit_are_an_error_before_filling() {
        let g = Grouping::parse("date:month").unwrap();
        // A century of months, both ends included, is the most allowed.
        let century = ["1923-01".to_string(), "2022-12".to_string()];
        assert_eq!(g.ordered_groups(&century).unwrap().len(), 1200);
        let typo = ["0022-07".to_string(), "2022-12".to_string()];
        let message = g.ordered_groups(&typo).unwrap_err().to_string();
        assert!(
            message.contains("0022-07 to 2022-12, 24006 months"),
            "{message}"
        );
        // Years would not do either.
        assert!(!message.contains("--by date:year"), "{message}");
        let centuries = ["1822-07".to_string(), "2022-12".to_string()];
        let message = g.ordered_groups(&centuries).unwrap_err().to_string();
        assert!(message.contains("--by date:year"), "{message}");
        let g = Grouping::parse("date:year").unwrap();
        let typo = ["0022".to_string(), "2022".to_string()];
        assert!(g.ordered_groups(&typo).is_err());
        assert_eq!(g.to_string(), "date:year");
    }

    #[test]
    fn rows_without_a_test_are_not_counted_in_m() {
        // m = 2: 0.01·2/1 = 0.02, 0.04·2/2 = 0.04; the untested row keeps 1.
        let q = adjust([(true, 0.01), (false, 1.0), (true, 0.04)].into_iter());
        assert_eq!(q, [0.02, 1.0, 0.04]);
        assert_eq!(adjust([(false, 1.0)].into_iter()), [1.0]);
    }

    proptest::proptest! {
        #![proptest_config(crate::proptest_config(500))]

        /// Picking the ends before sorting gives what sorting all and
        /// cutting gives, ties on the value broken by a unique id.
        #[test]
        fn sorting_only_the_ends_gives_the_same_rows(
            values in proptest::collection::vec(-3i8..4, 0..60),
            top in 0usize..12,
        ) {
            let rows: Vec<(f64, usize)> =
                values.iter().enumerate().map(|(i, &v)| (f64::from(v), i)).collect();
            let order = |x: &(f64, usize), y: &(f64, usize)| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1));
            let mut all = rows.clone();
            all.sort_by(order);
            let want = top_both_ends(all, top, |r| r.0);
            proptest::prop_assert_eq!(sorted_top_both_ends(rows, top, order, |r| r.0), want);
        }
    }

    #[test]
    fn top_both_ends_keeps_extremes_in_order() {
        let rows = vec![5.0, 3.0, 1.0, 0.0, -1.0, -4.0];
        assert_eq!(
            top_both_ends(rows.clone(), 2, |x| *x),
            [5.0, 3.0, -1.0, -4.0]
        );
        assert_eq!(top_both_ends(rows.clone(), 0, |x| *x), rows);
    }

    #[test]
    fn a_top_beyond_half_the_range_keeps_every_row() {
        // `--top 9223372036854775808` (2⁶³) made `2 * top` wrap to 0 in
        // release builds and the partition then panicked.
        let rows: Vec<(f64, usize)> = [2.0, -1.0, 0.0, 3.0].into_iter().zip(0..).collect();
        let order = |x: &(f64, usize), y: &(f64, usize)| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1));
        for top in [usize::MAX / 2 + 1, usize::MAX] {
            assert_eq!(
                sorted_top_both_ends(rows.clone(), top, order, |r| r.0),
                [(3.0, 3), (2.0, 0), (-1.0, 1)]
            );
        }
    }
}
