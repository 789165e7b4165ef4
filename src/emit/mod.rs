//! Emitters: read the final model only, never the pages.

pub(crate) mod openapi;
pub(crate) mod rust;
pub(crate) mod sink;
pub(crate) mod yaml;
