//! How the CSV tables are written, the same way by every command: the
//! plain dialect (UTF-8 without a byte-order mark, `,` between fields,
//! decimal points), which R, pandas and LibreOffice read, or with
//! `--excel` the dialect that Excel opens as a table in a French locale
//! (a UTF-8 byte-order mark, `;` between fields, decimal commas). One
//! [`CsvDialect`] value is built from the arguments ([`ExcelArg::dialect`])
//! and handed to the writers of the tables; it makes their `csv` writers
//! ([`CsvDialect::table`], [`CsvDialect::rows`]) and writes their numbers
//! ([`CsvDialect::float`]) and metadata cells ([`CsvDialect::meta_cell`]).
//! Text cells are written as they are, except that in the Excel dialect
//! one Excel would run as a formula gets a leading `'`, and one it would
//! turn into a number or a date and lose is written `="01"`
//! ([`excel_cell`]).

use std::borrow::Cow;
use std::io::{self, Write};

use crate::Failure;

/// The byte-order mark of UTF-8, by which Excel knows that a CSV file is
/// UTF-8 rather than the system's code page (accents garbled otherwise).
const UTF8_BOM: &[u8] = "\u{feff}".as_bytes();

/// A way of writing CSV tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CsvDialect {
    /// UTF-8 without a byte-order mark, `,` between fields, `0.05`.
    #[default]
    Plain,
    /// For Excel in a French locale: a UTF-8 byte-order mark, `;` between
    /// fields (the list separator there, `,` being the decimal one),
    /// `0,05` and `3,455E-300`.
    Excel,
}

impl CsvDialect {
    /// The field separator.
    fn delimiter(self) -> u8 {
        match self {
            CsvDialect::Plain => b',',
            CsvDialect::Excel => b';',
        }
    }

    /// A writer of a whole table into `out`: the byte-order mark of the
    /// dialect, if any, is written first, so once per table.
    pub fn table<W: Write>(self, mut out: W) -> io::Result<TableWriter<W>> {
        if self == CsvDialect::Excel {
            out.write_all(UTF8_BOM)?;
        }
        Ok(self.rows(out))
    }

    /// A writer of rows that go into a table begun by [`CsvDialect::table`]
    /// (no byte-order mark).
    pub fn rows<W: Write>(self, out: W) -> TableWriter<W> {
        let inner = csv::WriterBuilder::new()
            .delimiter(self.delimiter())
            .from_writer(out);
        TableWriter {
            inner,
            dialect: self,
        }
    }

    /// A number as a cell: see [`plain_float`]; in the Excel dialect, with a
    /// decimal comma and a capital `E` (`0,05`, `3,455484383230297E-300`),
    /// which Excel in a French locale reads as numbers.
    pub fn float(self, x: f64) -> String {
        let plain = plain_float(x);
        match self {
            CsvDialect::Plain => plain,
            CsvDialect::Excel => plain.replace('.', ",").replace('e', "E"),
        }
    }

    /// A metadata value as a cell: a string as it is, nothing for null, a
    /// number with a fractional part as the table's other numbers
    /// ([`CsvDialect::float`]: `1.0` in the input is `1`), an integer as
    /// written, anything else (booleans, lists) as JSON.
    pub fn meta_cell(self, value: &serde_json::Value) -> String {
        match value {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Null => String::new(),
            serde_json::Value::Number(n) if n.is_f64() => {
                n.as_f64().map_or_else(|| n.to_string(), |x| self.float(x))
            }
            other => other.to_string(),
        }
    }
}

/// A number as Rust writes it (`0.05`, `12`), but in the short exponent
/// form (`3.455484383230297e-300`, `1e16`) below 1e-5 and from 1e16 on,
/// where serde_json switches to it in the JSON too. R's read.csv, pandas
/// and spreadsheets read both; the plain form of a tiny p-value ran to 300
/// characters. Either way the shortest digits that read back as the same
/// `f64`.
fn plain_float(x: f64) -> String {
    if x == 0.0 || !x.is_finite() || (1e-5..1e16).contains(&x.abs()) {
        x.to_string()
    } else {
        format!("{x:e}")
    }
}

/// A CSV writer of one dialect: the `csv` crate's, with each cell of the
/// Excel dialect passed through [`excel_cell`].
#[derive(Debug)]
pub struct TableWriter<W: Write> {
    inner: csv::Writer<W>,
    dialect: CsvDialect,
}

impl<W: Write> TableWriter<W> {
    /// Writes one row.
    pub fn write_record<I, T>(&mut self, record: I) -> csv::Result<()>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<[u8]>,
    {
        match self.dialect {
            CsvDialect::Plain => self.inner.write_record(record),
            CsvDialect::Excel => {
                let cells: Vec<T> = record.into_iter().collect();
                self.inner
                    .write_record(cells.iter().map(|c| excel_cell(c.as_ref())))
            }
        }
    }

    /// Flushes the rows written so far into the underlying writer.
    pub fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }

    /// The underlying writer, holding the rows flushed into it.
    pub fn get_ref(&self) -> &W {
        self.inner.get_ref()
    }

    /// The underlying writer, once every row is flushed into it.
    pub fn into_inner(self) -> io::Result<W> {
        self.inner.into_inner().map_err(|e| e.into_error())
    }
}

/// A cell as the Excel dialect writes it: a cell that starts with `=`,
/// `+`, `-`, `@`, a tab or a carriage return, and is not a number, gets a
/// leading `'`. Excel would run it as a formula: `=HYPERLINK(…)` in a
/// scraped statement would become a link, and a passage or context that
/// starts with a dash of dialogue (`- Et la dette ?`) would show as
/// `#NAME?`, its text lost. This is the guard OWASP recommends against
/// formula injection in CSV files. Numbers (`-2,3219`, `-3,4E-5`, `+5`)
/// are kept as they are, so Excel still reads them as numbers.
///
/// A text cell that Excel would turn into a number or a date and lose
/// ([`excel_would_alter`]: `01`, a 16-digit id, `+33…`, `1/2`, `1E5`) is written
/// as the formula `="01"`, which Excel shows as the text itself.
pub fn excel_cell(cell: &[u8]) -> Cow<'_, [u8]> {
    if excel_would_alter(cell) {
        let mut kept = Vec::with_capacity(cell.len() + 3);
        kept.extend_from_slice(b"=\"");
        kept.extend_from_slice(cell);
        kept.push(b'"');
        return Cow::Owned(kept);
    }
    let formula = matches!(
        cell.first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    ) && !excel_number(cell);
    if formula {
        let mut guarded = Vec::with_capacity(cell.len() + 1);
        guarded.push(b'\'');
        guarded.extend_from_slice(cell);
        Cow::Owned(guarded)
    } else {
        Cow::Borrowed(cell)
    }
}

/// Whether Excel, opening the cell as a number or a date, would lose what
/// it says; none of these is a number as the dialect writes one (no sign
/// `+`, no leading zero, no `/`, no brackets):
/// - digits with a leading zero, signed or not (`01`, a département; `007`;
///   `-01`): the zeros go;
/// - sixteen digits or more, signed or not (an id): Excel keeps fifteen;
/// - digits after a `+` (`+33612345678`, a telephone number): the sign goes;
/// - digits in brackets (`(12)`): read as −12;
/// - two or three numbers of one or two digits joined by `/` or `-` (`1/2`,
///   `3-4`, `1/2/3`): a day;
/// - a number in exponent form that the dialect does not write so (`1E5`,
///   `3e2`, `2,5E3`: an id or a code), which Excel reads as 100000, 300
///   or 2500: a lower-case `e`, or a value the dialect writes in full
///   (from 1e-5 to below 1e16);
/// - any of these with spaces around it (` 01`): Excel reads past them.
///
/// ISO dates (`2024-01-18`) and months (`2024-01`), and a month and its
/// year (`12/2024`, `3-2024`), become the same day or month as an Excel
/// date, and are left to Excel. A cell longer than an
/// Excel formula's text may be (255 characters) is left as it is.
fn excel_would_alter(cell: &[u8]) -> bool {
    let digits = |s: &[u8]| !s.is_empty() && s.iter().all(u8::is_ascii_digit);
    if cell.len() > 250 {
        return false;
    }
    let trimmed = cell.trim_ascii();
    if trimmed.len() < cell.len() {
        return excel_would_alter(trimmed);
    }
    let (sign, unsigned) = match cell.first() {
        Some(&s @ (b'+' | b'-')) => (Some(s), &cell[1..]),
        _ => (None, cell),
    };
    if digits(unsigned) {
        let leading_zero = unsigned.len() > 1 && unsigned[0] == b'0';
        return leading_zero || unsigned.len() >= 16 || sign == Some(b'+');
    }
    if let Some(inner) = cell.strip_prefix(b"(").and_then(|c| c.strip_suffix(b")")) {
        return digits(inner);
    }
    // The dialect's own form, read whatever the case of its `e`.
    let upper = unsigned.to_ascii_uppercase();
    if let Some(e) = upper.iter().position(|&b| b == b'E') {
        let exponent_digits = upper[e + 1..].iter().filter(|b| b.is_ascii_digit()).count();
        if unsigned_number(&upper) && exponent_digits <= 4 {
            let value = std::str::from_utf8(unsigned)
                .ok()
                .and_then(|s| s.replace(',', ".").parse::<f64>().ok())
                .unwrap_or(0.0);
            let written_in_full = value != 0.0 && (1e-5..1e16).contains(&value);
            return unsigned[e] == b'e' || written_in_full;
        }
    }
    // At most three numbers of two digits and their two separators: a
    // passage or a name is not split for nothing.
    if cell.len() > 8 {
        return false;
    }
    let parts: Vec<&[u8]> = cell.split(|&b| b == b'/' || b == b'-').collect();
    (2..=3).contains(&parts.len()) && parts.iter().all(|p| digits(p) && p.len() <= 2)
}

/// Whether a cell is a number as the Excel dialect writes one: a sign,
/// digits with at most one decimal comma, and an optional exponent
/// (`-2,3219`, `+5`, `-3,455E-300`).
fn excel_number(cell: &[u8]) -> bool {
    let unsigned = cell.strip_prefix(b"-").or_else(|| cell.strip_prefix(b"+"));
    unsigned_number(unsigned.unwrap_or(cell))
}

/// [`excel_number`] without its sign: digits with at most one decimal
/// comma, and an optional exponent after a capital `E` (`2,3219`,
/// `3,455E-300`).
fn unsigned_number(body: &[u8]) -> bool {
    let (mantissa, exponent) = match body.iter().position(|&b| b == b'E') {
        Some(e) => (&body[..e], Some(&body[e + 1..])),
        None => (body, None),
    };
    let digits = |s: &[u8]| !s.is_empty() && s.iter().all(u8::is_ascii_digit);
    let mantissa_ok = match mantissa.iter().position(|&b| b == b',') {
        Some(c) => digits(&mantissa[..c]) && digits(&mantissa[c + 1..]),
        None => digits(mantissa),
    };
    let exponent_ok = exponent.map_or(true, |e| {
        let e = e
            .strip_prefix(b"-")
            .or_else(|| e.strip_prefix(b"+"))
            .unwrap_or(e);
        digits(e)
    });
    mantissa_ok && exponent_ok
}

/// The `--excel` option, shared by every command that writes CSV.
#[derive(Debug, clap::Args)]
pub struct ExcelArg {
    /// With --format csv: write the CSV for Excel in a French locale, with a UTF-8 byte-order
    /// mark, ; between fields and decimal commas (0,05; 3,455E-300); a text cell that Excel would
    /// run as a formula (=, +, -, @ first, and not a number) gets a leading ', and one it would
    /// turn into a number or a date and lose (01, also with spaces around it, a 16-digit id, +33…, 1/2, 1E5) is written ="01".
    #[arg(long)]
    pub excel: bool,
}

impl ExcelArg {
    /// The dialect of the tables, `csv` saying whether the format chosen
    /// is CSV: `--excel` with another format is a usage error.
    pub fn dialect(&self, csv: bool) -> Result<CsvDialect, Failure> {
        match (self.excel, csv) {
            (false, _) => Ok(CsvDialect::Plain),
            (true, true) => Ok(CsvDialect::Excel),
            (true, false) => Err(Failure::Usage(
                "--excel writes CSV for Excel and goes with --format csv: add --format csv, or \
                 drop --excel"
                    .into(),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_floats_are_short_and_read_back_exactly() {
        for (x, written) in [
            (0.0, "0"),
            (12.0, "12"),
            (0.05, "0.05"),
            (-2.3219, "-2.3219"),
            (1e-5, "0.00001"),
            (9.9e-6, "9.9e-6"),
            (-2.5e-7, "-2.5e-7"),
            (3.455484383230297e-300, "3.455484383230297e-300"),
            (5e-324, "5e-324"),
            (1234.5, "1234.5"),
            (1e16, "1e16"),
            (1.5e300, "1.5e300"),
        ] {
            let shown = CsvDialect::Plain.float(x);
            assert_eq!(shown, written, "{x:?}");
            assert_eq!(shown.parse::<f64>().unwrap(), x);
        }
        // Every float reads back as itself, in at most 24 characters.
        let mut x = 1.234_567_890_123_457e-300_f64;
        while x < 1e300 {
            let shown = CsvDialect::Plain.float(x);
            assert!(shown.len() <= 24, "{shown}");
            assert_eq!(shown.parse::<f64>().unwrap(), x);
            x *= 7.3;
        }
    }

    #[test]
    fn excel_floats_have_a_decimal_comma_and_a_capital_exponent() {
        for (x, written) in [
            (0.0, "0"),
            (12.0, "12"),
            (0.05, "0,05"),
            (-2.3219, "-2,3219"),
            (1e-5, "0,00001"),
            (9.9e-6, "9,9E-6"),
            (3.455e-300, "3,455E-300"),
            (1e16, "1E16"),
            (1.5e300, "1,5E300"),
        ] {
            assert_eq!(CsvDialect::Excel.float(x), written, "{x:?}");
        }
        // The same digits as the plain form, which read back as the same
        // f64 (Excel keeps fifteen of them).
        let mut x = 1.234_567_890_123_457e-300_f64;
        while x < 1e300 {
            let shown = CsvDialect::Excel.float(x).replace(',', ".");
            assert_eq!(shown.parse::<f64>().unwrap(), x);
            x *= 7.3;
        }
    }

    #[test]
    fn metadata_cells_write_numbers_as_the_other_cells() {
        use serde_json::json;
        for (value, plain, excel) in [
            (json!("X, Y"), "X, Y", "X, Y"),
            (json!("1.5"), "1.5", "1.5"),
            (json!(null), "", ""),
            (json!(2020), "2020", "2020"),
            (json!(-3), "-3", "-3"),
            (json!(2020.0), "2020", "2020"),
            (json!(0.5), "0.5", "0,5"),
            (json!(2.5e-7), "2.5e-7", "2,5E-7"),
            (json!(true), "true", "true"),
            (json!(["a", 1.5]), r#"["a",1.5]"#, r#"["a",1.5]"#),
        ] {
            assert_eq!(CsvDialect::Plain.meta_cell(&value), plain, "{value}");
            assert_eq!(CsvDialect::Excel.meta_cell(&value), excel, "{value}");
        }
    }

    #[test]
    fn an_excel_table_starts_with_one_byte_order_mark_and_separates_with_semicolons() {
        let mut w = CsvDialect::Excel.table(Vec::new()).unwrap();
        w.write_record(["a;b", "c,d", "0,5"]).unwrap();
        let mut bytes = w.into_inner().unwrap();
        let mut rows = CsvDialect::Excel.rows(Vec::new());
        rows.write_record(["e\"f", "1"]).unwrap();
        bytes.extend(rows.into_inner().unwrap());
        assert_eq!(bytes, "\u{feff}\"a;b\";c,d;0,5\n\"e\"\"f\";1\n".as_bytes());
        let mut w = CsvDialect::Plain.table(Vec::new()).unwrap();
        w.write_record(["a;b", "c,d"]).unwrap();
        assert_eq!(w.into_inner().unwrap(), b"a;b,\"c,d\"\n");
    }

    #[test]
    fn excel_cells_that_would_be_formulas_get_a_leading_quote() {
        for (cell, written) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("- Et la dette ?", "'- Et la dette ?"),
            ("+33 1 23 45 67 89", "'+33 1 23 45 67 89"),
            ("@parole", "'@parole"),
            ("\tcmd", "'\tcmd"),
            ("\rcmd", "'\rcmd"),
            ("-", "'-"),
            ("-inf", "'-inf"),
            ("--", "'--"),
            ("-1,", "'-1,"),
            ("-E5", "'-E5"),
            ("-1,5,2", "'-1,5,2"),
            // Numbers as the dialect writes them, and other text, as they are.
            ("-2,3219", "-2,3219"),
            ("-3,455E-300", "-3,455E-300"),
            ("-7", "-7"),
            ("1E16", "1E16"),
            ("1E-6", "1E-6"),
            ("2,5E-300", "2,5E-300"),
            ("0E5", "0E5"),
            ("1E5A", "1E5A"),
            ("E5", "E5"),
            ("a=b", "a=b"),
            ("'=déjà", "'=déjà"),
            ("", ""),
            // Text Excel would alter, kept as text by a formula.
            ("01", "=\"01\""),
            ("007", "=\"007\""),
            ("-01", "=\"-01\""),
            ("1234567890123456", "=\"1234567890123456\""),
            ("-12345678901234567", "=\"-12345678901234567\""),
            ("+33612345678", "=\"+33612345678\""),
            ("+5", "=\"+5\""),
            ("(12)", "=\"(12)\""),
            ("1E5", "=\"1E5\""),
            ("3e2", "=\"3e2\""),
            ("2,5E3", "=\"2,5E3\""),
            ("-4E2", "=\"-4E2\""),
            ("1e-300", "=\"1e-300\""),
            ("1/2", "=\"1/2\""),
            ("3-4", "=\"3-4\""),
            ("12/31", "=\"12/31\""),
            ("1/2/3", "=\"1/2/3\""),
            (" 01", "=\" 01\""),
            ("01 ", "=\"01 \""),
            ("  3-4", "=\"  3-4\""),
            // Numbers as written (up to fifteen digits Excel keeps them),
            // dates Excel reads as the same day, other text: as they are.
            ("0", "0"),
            ("10", "10"),
            ("-7", "-7"),
            ("123456789012345", "123456789012345"),
            ("2024-01-18", "2024-01-18"),
            ("2024-01", "2024-01"),
            ("2024/12", "2024/12"),
            ("12/2024", "12/2024"),
            ("3-2024", "3-2024"),
            (" 5", " 5"),
            (" ", " "),
            (" a 01", " a 01"),
            ("123/4", "123/4"),
            ("1/2/3/4", "1/2/3/4"),
            ("A-1", "A-1"),
            ("()", "()"),
        ] {
            assert_eq!(excel_cell(cell.as_bytes()), written.as_bytes(), "{cell:?}");
        }
        // Through a writer: only in the Excel dialect.
        let mut w = CsvDialect::Excel.rows(Vec::new());
        w.write_record(["=1+1", "-0,5", "- oui"]).unwrap();
        assert_eq!(w.into_inner().unwrap(), b"'=1+1;-0,5;'- oui\n");
        let mut w = CsvDialect::Plain.rows(Vec::new());
        w.write_record(["=1+1", "-0.5", "- oui"]).unwrap();
        assert_eq!(w.into_inner().unwrap(), b"=1+1,-0.5,- oui\n");
    }
}
