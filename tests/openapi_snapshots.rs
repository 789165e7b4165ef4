//! Snapshots of the OpenAPI documents. Review changes with `cargo insta review`; never accept a
//! snapshot without reading its diff.

mod common;

use common::{SEED, run};
use docs2api::Version;

#[test]
fn seed_openapi_3_1() {
    insta::assert_snapshot!("seed-openapi-3.1", run(&[SEED]).outputs().unwrap().openapi_yaml(Version::V3_1));
}

#[test]
fn seed_openapi_3_0() {
    insta::assert_snapshot!("seed-openapi-3.0", run(&[SEED]).outputs().unwrap().openapi_yaml(Version::V3_0));
}
