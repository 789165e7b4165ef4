//! The ZStack ticket API, generated at build time from the pages in `docs/`.

include!(concat!(env!("OUT_DIR"), "/docs2api.rs"));
