//! dealdeck: a keyboard-driven terminal kanban for sales pipelines, on one SQLite file.

pub mod app;
pub mod cli;
pub mod config;
pub mod demo;
pub mod domain;
pub mod i18n;
pub mod io;
pub mod metrics;
pub mod store;
pub mod templates;
pub mod ui;
