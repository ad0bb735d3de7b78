//! Product images: cover and gallery from the media library, the cover in lists and storefront.

use super::*;
use crate::helpers::column_for;
use crate::helpers::{one, one_for};

#[tokio::test]
async fn cover_and_gallery_are_chosen_from_the_media_library_with_their_alt_texts() {
    let s = Site::new().await;
    let user = &s.admin;
    let (product_path, pid, db, summary) = two_images_from_the_library_one_as_cover(&s).await;
    unticking_the_cover_and_a_form_without_images(user, &product_path, pid, &db, &summary).await;
}

async fn two_images_from_the_library_one_as_cover(s: &Site) -> (String, i64, SqlitePool, String) {
    let user = &s.admin;
    let (product_path, pid, form) = s.new_product("Housse de coussin Sauge").await;
    form.shows("Ce produit n'a pas encore d'image")
        .shows("Ajouter des images depuis la médiathèque")
        .shows("drap-housse-lin-lave-ecru.svg");

    // Two images added from the library, the second as cover, its alt text rewritten.
    let mut fields = product_form("Housse de coussin Sauge", "41,58", "12");
    fields.extend([
        ("images_form", "1"),
        ("gallery", "31"),
        ("gallery", "32"),
        ("cover_media_id", "32"),
        ("alt_32", "Housse sauge <img src=x onerror=alert(1)>"),
    ]);
    let page = user.post_shows(&product_path, &fields, "Images (2)").await;
    assert!(
        page.body.contains("media&#x2F;32\"") || page.body.contains("media/32\""),
        "thumbnail of the cover"
    );
    assert!(
        !page.body.contains("<img src=x onerror"),
        "hostile alt text comes out inert"
    );
    let db = s.db.clone();
    let gallery: Vec<i64> = column_for(
        &db,
        "SELECT media_id FROM product_media WHERE product_id = ? ORDER BY position",
        pid,
    )
    .await;
    assert_eq!(gallery, vec![31, 32]);
    let cover: Option<i64> =
        one_for(&db, "SELECT cover_media_id FROM product WHERE id = ?", pid).await;
    assert_eq!(cover, Some(32));
    let alt: String = one(&db, "SELECT alt FROM media WHERE id = 32").await;
    assert_eq!(alt, "Housse sauge <img src=x onerror=alert(1)>");
    let (_, summary) = last_journal(&db, "product").await;
    (product_path, pid, db, summary)
}

async fn unticking_the_cover_and_a_form_without_images(
    user: &Shopper,
    product_path: &str,
    pid: i64,
    db: &SqlitePool,
    summary: &str,
) {
    assert!(
        summary.contains("galerie (2 image(s))")
            && summary.contains("image de couverture")
            && summary.contains("1 texte(s) alternatif(s)"),
        "{summary}"
    );

    // Unticking the cover removes it from the gallery: the remaining image becomes the cover.
    let mut fields = product_form("Housse de coussin Sauge", "41,58", "12");
    fields.extend([
        ("images_form", "1"),
        ("gallery", "31"),
        ("cover_media_id", "32"),
        ("alt_31", "Drap housse en lin lavé — Écru"),
    ]);
    user.post_ok(product_path, &fields).await;
    let cover: Option<i64> =
        one_for(db, "SELECT cover_media_id FROM product WHERE id = ?", pid).await;
    assert_eq!(cover, Some(31));
    assert_eq!(
        last_journal(db, "product").await.1,
        "Produit « Housse de coussin Sauge » modifié : galerie (1 image(s)), image de couverture"
    );

    // A form without the images tab leaves them alone.
    user.post_ok(
        product_path,
        &product_form("Housse de coussin Sauge", "41,58", "12"),
    )
    .await;
    let count: i64 = one_for(
        db,
        "SELECT COUNT(*) FROM product_media WHERE product_id = ?",
        pid,
    )
    .await;
    assert_eq!(count, 1);
}

#[tokio::test]
async fn the_cover_is_chosen_among_the_images_and_shown_in_the_lists_and_the_storefront() {
    let s = Site::new().await;
    let (product, _, slug, _) = s.plain_product(1).await;
    let images: Vec<i64> = column_for(&s.db, "SELECT id FROM media WHERE mime LIKE 'image/%' AND id NOT IN (SELECT media_id FROM product_media WHERE product_id = ?) ORDER BY id LIMIT 2", product).await;
    let gallery: Vec<i64> = column_for(
        &s.db,
        "SELECT media_id FROM product_media WHERE product_id = ? ORDER BY position",
        product,
    )
    .await;
    // Star an image of the library (not yet in the gallery) as the cover, before saving.
    let form = s
        .admin
        .get(&s.admin_path(&format!("/catalogue/produits/{product}")))
        .await;
    assert!(
        form.body
            .contains(&format!("name=\"cover_media_id\" value=\"{}\"", images[0]))
    );
    let mut fields = s.product_fields(product).await;
    fields.push(("images_form".into(), "1".into()));
    for g in &gallery {
        fields.push(("gallery".into(), g.to_string()));
    }
    fields.push(("cover_media_id".into(), images[0].to_string()));
    let (saved, _) = s.save_product(product, &fields).await;
    assert_eq!(saved.status, 303);
    let (cover, in_gallery): (Option<i64>, i64) = sqlx::query_as(
        "SELECT cover_media_id, (SELECT COUNT(*) FROM product_media WHERE product_id = ?1 AND media_id = ?2) FROM product WHERE id = ?1",
    )
    .bind(product)
    .bind(images[0])
    .fetch_one(&s.db)
    .await
    .unwrap();
    assert_eq!((cover, in_gallery), (Some(images[0]), 1));
    assert!(s.last_summary().await.contains("image de couverture"));
    let list = s.admin.get(&s.admin_path("/catalogue/produits")).await;
    assert!(
        list.body
            .contains(&format!("/media/{}\" alt=\"\" width=\"45\"", images[0]))
    );
    let page = s.visitor(&format!("/produit/{slug}")).await;
    let main = page
        .body
        .find("class=\"image-principale\"")
        .expect("a main image");
    assert!(
        page.body[main..main + 120].contains(&format!("/media/{}\"", images[0])),
        "{}",
        &page.body[main..main + 120]
    );
}
