//! The integration tests, one binary as ripgrep has it: each module runs the
//! real `parole` executable (or the library, for the property tests) on the
//! bundled corpus, on hand-made inputs and, when it is present, on
//! `../shared`. One binary links once and runs all its tests in parallel;
//! `cargo test --test it compare::` runs one module.

mod common;

mod agreement;
mod cli;
mod collocates;
mod compare;
mod correspondence;
mod eval_train_inputs;
mod excel;
mod hostile;
mod inputs;
mod kwic;
mod kwic_themes_compare;
mod properties;
mod schemas;
mod subsets;
mod train;
mod within_theme;
