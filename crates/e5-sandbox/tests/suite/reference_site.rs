//! The real reference site, when its author has written it: it must pack and verify.

use crate::common::{reference_site, tempdir};

#[tokio::test]
async fn the_reference_site_packs_and_verifies() {
    let source = reference_site();
    if !source.join("context.toml").is_file() {
        println!("reference-site/context.toml absent : test sauté");
        return;
    }
    let dir = tempdir();
    let out = dir.path().join("reference.e5ctx");
    let manifest = match e5_sandbox::pack(&source, &out).await {
        Ok(m) => m,
        Err(e) => panic!("reference-site does not pack:\n{e}"),
    };
    let verified = e5_sandbox::verify(&out, &e5_sandbox::Trust::allow_unsigned())
        .await
        .expect("verifies");
    assert_eq!(manifest, verified.manifest);
}
