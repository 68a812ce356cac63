//! dealdeck: a keyboard-driven terminal kanban for sales pipelines, on one SQLite file.

pub mod cli;
pub mod config;
pub mod demo;
pub mod domain;
pub mod io;
pub mod store;
pub mod templates;
