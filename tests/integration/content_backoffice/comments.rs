//! Comments and reviews moderated, discussion settings applied on the storefront.

use super::*;
use crate::helpers::{one, one_for, row};

#[tokio::test]
async fn comments_and_reviews_are_moderated_and_discussion_settings_apply() {
    let s = Site::new().await;
    let (visitor, db, slug, admin, id) = a_comment_waits_for_approval(&s).await;
    a_comment_is_moderated_then_trashed(&s, &visitor, &db, &slug, &admin, id).await;
    manual_approval_off_a_new_comment_shows(&s, &visitor, &slug, &admin).await;
    product_reviews_same_queue_approve_reply(&s, &visitor, &db, &admin).await;
}

async fn a_comment_waits_for_approval(s: &Site) -> (Shopper, SqlitePool, String, Shopper, i64) {
    let visitor = s.app.shopper();
    let db = s.db().await;
    let slug: String = one(&db, "SELECT slug FROM post WHERE id = 21").await;
    visitor
        .post(
            &s.shop(&format!("/blog/{slug}/commentaire")),
            "author_name=Camille R.&author_email=camille@exemple.fr&content=Peut-on sécher le lin au sèche-linge ?",
        )
        .await;
    let page = visitor.get(&s.shop(&format!("/blog/{slug}"))).await;
    assert!(
        !page.body.contains("sécher le lin au sèche-linge"),
        "waits for approval"
    );
    let admin = s.signed_in(ADMIN_EMAIL).await;
    let queue = admin.get(&s.admin("/commentaires?statut=pending")).await;
    queue.shows("Camille R.").shows("Approuver");
    let id: i64 = one(
        &db,
        "SELECT id FROM comment WHERE author_name = 'Camille R.'",
    )
    .await;
    let (ok, _) = admin
        .post(
            &s.admin(&format!("/commentaires/{id}/approuver")),
            &[("retour", "?statut=pending")],
        )
        .await;
    assert_eq!(
        ok.location.as_deref(),
        Some(s.admin("/commentaires?statut=pending").as_str())
    );
    s.journal_is("Commentaire de Camille R. approuvé").await;
    visitor
        .get(&s.shop(&format!("/blog/{slug}")))
        .await
        .shows("sécher le lin au sèche-linge");
    admin
        .post(
            &s.admin(&format!("/commentaires/{id}/repondre")),
            &[("text", "Oui, à basse température.")],
        )
        .await;
    assert!(
        s.last_journal()
            .await
            .starts_with("Réponse au commentaire de Camille R. publiée")
    );
    (visitor, db, slug, admin, id)
}

async fn a_comment_is_moderated_then_trashed(
    s: &Site,
    visitor: &Shopper,
    db: &SqlitePool,
    slug: &str,
    admin: &Shopper,
    id: i64,
) {
    visitor
        .get(&s.shop(&format!("/blog/{slug}")))
        .await
        .shows("Oui, à basse température.");
    admin
        .post(&s.admin(&format!("/commentaires/{id}/desapprouver")), "")
        .await;
    s.journal_is("Commentaire de Camille R. désapprouvé").await;
    admin
        .post(&s.admin(&format!("/commentaires/{id}/indesirable")), "")
        .await;
    s.journal_is("Commentaire de Camille R. marqué comme indésirable")
        .await;
    admin
        .post(&s.admin(&format!("/commentaires/{id}/supprimer")), "")
        .await;
    s.journal_is("Commentaire de Camille R. mis à la corbeille")
        .await;
    let status: String = one_for(db, "SELECT status FROM comment WHERE id = ?", id).await;
    assert_eq!(status, "trash");
}

async fn manual_approval_off_a_new_comment_shows(
    s: &Site,
    visitor: &Shopper,
    slug: &str,
    admin: &Shopper,
) {
    // Manual approval off: a new comment shows at once.
    admin
        .post_ok(
            &s.admin("/reglages/discussion"),
            &[("reviews_manual_approval", "1")],
        )
        .await;
    s.journal_is("Réglages des commentaires : approbation manuelle désactivée")
        .await;
    visitor
        .post(
            &s.shop(&format!("/blog/{slug}/commentaire")),
            "author_name=Léon&author_email=leon@exemple.fr&content=Merci pour ces conseils.",
        )
        .await;
    visitor
        .get(&s.shop(&format!("/blog/{slug}")))
        .await
        .shows("Merci pour ces conseils.");
}

async fn product_reviews_same_queue_approve_reply(
    s: &Site,
    visitor: &Shopper,
    db: &SqlitePool,
    admin: &Shopper,
) {
    // Product reviews: same queue, approve, reply.
    let product: (i64, String) =
        row(db, "SELECT id, slug FROM product WHERE active = 1 LIMIT 1").await;
    visitor
        .post(
            &s.shop(&format!("/produit/{}/avis", product.1)),
            "author_name=Nadia&title=Très doux&content=Parfait.&rating=5",
        )
        .await;
    let rid: i64 = one(
        db,
        "SELECT id FROM product_review WHERE author_name = 'Nadia'",
    )
    .await;
    let reviews = admin
        .get(&s.admin("/commentaires/avis?statut=pending"))
        .await;
    reviews.shows("Très doux");
    admin
        .post(&s.admin(&format!("/commentaires/avis/{rid}/approuver")), "")
        .await;
    assert!(s.last_journal().await.starts_with("Avis de Nadia sur"));
    admin
        .post(
            &s.admin(&format!("/commentaires/avis/{rid}/repondre")),
            &[("reply", "Merci Nadia !")],
        )
        .await;
    let reply: String = one_for(db, "SELECT reply FROM product_review WHERE id = ?", rid).await;
    assert_eq!(reply, "Merci Nadia !");
}

#[tokio::test]
async fn closing_comments_on_one_article_shows_on_the_storefront() {
    let s = Site::new().await;
    let admin = s.signed_in(ADMIN_EMAIL).await;
    admin
        .post_ok(
            &s.admin("/articles/nouveau"),
            "title=Sans commentaires&blocks=[]&action=publish",
        )
        .await;
    let page = s.visitor("/blog/sans-commentaires").await;
    page.shows("Les commentaires sont fermés.");
}
