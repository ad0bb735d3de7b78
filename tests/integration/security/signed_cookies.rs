//! A value the server signs for one purpose is worthless for another: a one-time message
//! whose text a visitor chose cannot be replayed as a customer's sign-in.

use crate::helpers::TestData;
use crate::helpers::{one, row};

#[tokio::test]
async fn a_message_cookie_replayed_as_the_visitor_cookie_signs_nobody_in() {
    let (td, id, app) = TestData::served().await;
    let db = td.open(id).await;
    // Product 29 has no combinations: it goes in the cart as it is.
    let product: i64 = one(&db, "SELECT id FROM product WHERE id = 29").await;
    let (customer, name): (i64, String) = row(
        &db,
        "SELECT id, first_name FROM customer ORDER BY id LIMIT 1",
    )
    .await;
    db.close().await;
    let visitor = app.shopper_with(id, product, 1).await;
    // A cart code shaped like the visitor cookie's payload: "<cart>.<customer>.<order>".
    let code = format!(".{customer}.1.");
    let r = visitor
        .client
        .post(visitor.url(&format!("/s/{id}/panier/code")))
        .header("origin", &visitor.address)
        .form(&[("code", code.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let message = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|h| h.to_str().ok())
        .find_map(|h| h.strip_prefix("e5_message="))
        .and_then(|h| h.split(';').next())
        .expect("the refusal is a signed message")
        .to_owned();
    assert!(message.contains(&code), "{message}");

    let forged = reqwest::Client::new()
        .get(visitor.url(&format!("/s/{id}/compte")))
        .header("cookie", format!("e5_visite={message}"))
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status().as_u16(), 200);
    let page = forged.text().await.unwrap();
    assert!(page.contains("Mon compte"), "{page}");
    assert!(
        !page.contains(&format!("Bonjour {name}")) && !page.contains("Se déconnecter"),
        "the forged cookie signed the visitor in as customer {customer}"
    );
}
