//! Generates the ticket API's types, client and server from the pages in docs/.

fn main() -> Result<(), docs2api::BuildError> {
    docs2api::Generator::new().input("docs").build_script().map(drop)
}
