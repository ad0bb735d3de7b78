// Templates and assets are embedded with include_dir!: rebuild when a file is added to them.
fn main() {
    println!("cargo:rerun-if-changed=templates");
    println!("cargo:rerun-if-changed=assets");
    println!("cargo:rerun-if-changed=../../migrations/platform");
    println!("cargo:rerun-if-changed=../../subjects");
}
