//! How the CSV tables are written, the same way by every command: the
//! plain dialect (UTF-8 without a byte-order mark, `,` between fields,
//! decimal points), which R, pandas and LibreOffice read, or with
//! `--excel` the dialect that Excel opens as a table in a French locale
//! (a UTF-8 byte-order mark, `;` between fields, decimal commas). One
//! [`CsvDialect`] value is built from the arguments ([`ExcelArg::dialect`])
//! and handed to the writers of the tables; it makes their `csv` writers
//! ([`CsvDialect::table`], [`CsvDialect::rows`]) and writes their numbers
//! ([`CsvDialect::float`]) and metadata cells ([`CsvDialect::meta_cell`]).
//! Text cells are written as they are in either dialect.

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
    pub fn table<W: Write>(self, mut out: W) -> io::Result<csv::Writer<W>> {
        if self == CsvDialect::Excel {
            out.write_all(UTF8_BOM)?;
        }
        Ok(self.rows(out))
    }

    /// A writer of rows that go into a table begun by [`CsvDialect::table`]
    /// (no byte-order mark).
    pub fn rows<W: Write>(self, out: W) -> csv::Writer<W> {
        csv::WriterBuilder::new()
            .delimiter(self.delimiter())
            .from_writer(out)
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

/// The `--excel` option, shared by every command that writes CSV.
#[derive(Debug, clap::Args)]
pub struct ExcelArg {
    /// With --format csv: write the CSV for Excel in a French locale, with a UTF-8 byte-order
    /// mark, ; between fields and decimal commas (0,05; 3,455E-300); text cells are unchanged.
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
        // The same digits as the plain form: the value is kept exactly.
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
}
