// `sqlx::migrate!` embeds the shop migrations: a new file must rebuild this crate.
fn main() {
    println!("cargo:rerun-if-changed=../../migrations/shop");
}
