// Templates and assets are embedded at compile time: rebuild when a file is added to them.
// (The shop migrations are embedded by `e5-shop-db`, whose build script watches them.)
fn main() {
    println!("cargo:rerun-if-changed=templates");
    println!("cargo:rerun-if-changed=assets");
}
