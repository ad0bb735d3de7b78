//! A sandbox reset or deleted by the command line (another process) while the server has it
//! open: the server notices the new file before its next page or write.

use crate::helpers::TestData;
use crate::helpers::column;

async fn subscribers(td: &TestData, id: e5_domain::SandboxId) -> Vec<String> {
    let db = td.open(id).await;
    let emails = column(
        &db,
        "SELECT email FROM newsletter_subscriber ORDER BY email",
    )
    .await;
    db.close().await;
    emails
}

#[tokio::test]
async fn a_sandbox_reset_behind_the_servers_back_is_reopened_before_the_next_write() {
    let (td, id, app) = TestData::served().await;
    let visitor = app.shopper();
    let before = subscribers(&td, id).await;
    let newsletter = format!("/s/{id}/newsletter");
    visitor
        .post_ok(&newsletter, &[("email", "avant@exemple.fr")])
        .await;
    assert!(
        subscribers(&td, id)
            .await
            .contains(&"avant@exemple.fr".to_owned())
    );

    // What `e5 sandbox reset` does, without telling the server.
    e5_sandbox::reset_sandbox(&td.data, id).await.unwrap();
    assert_eq!(subscribers(&td, id).await, before);

    visitor
        .post_ok(&newsletter, &[("email", "apres@exemple.fr")])
        .await;
    let after = subscribers(&td, id).await;
    assert!(
        after.contains(&"apres@exemple.fr".to_owned()),
        "the write after the reset is in the sandbox's file ({} subscribers)",
        after.len()
    );
    assert!(!after.contains(&"avant@exemple.fr".to_owned()));

    // Deleted behind its back: the site is gone, not served from the unlinked file.
    e5_sandbox::delete_sandbox(&td.data, id).unwrap();
    assert_eq!(visitor.get(&format!("/s/{id}/")).await.status, 404);
}
