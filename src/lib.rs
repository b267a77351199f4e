//! parole analyses French political declarations: it tokenises French
//! properly, counts key terms, finds the themes of every passage with the
//! evidence for each, and builds deterministic JSON reports.

pub mod analyze;
pub mod corpus;
pub mod count;
pub mod error;
pub mod eval;
pub mod pipeline;
pub mod report;
pub mod segment;
pub mod themes;

pub use error::{Error, ErrorKind, Result};
