// Templates, assets and migrations are embedded at compile time: rebuild when a file is
// added to them.
fn main() {
    println!("cargo:rerun-if-changed=templates");
    println!("cargo:rerun-if-changed=assets");
    // `sqlx::migrate!` embeds the shop migrations: a new file must rebuild this crate.
    println!("cargo:rerun-if-changed=../../migrations/shop");
}
