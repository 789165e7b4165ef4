//! Emitters: read the final model only, never the pages.

pub mod openapi;
pub mod rust;
