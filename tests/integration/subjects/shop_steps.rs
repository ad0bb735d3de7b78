//! Shop side steps of a candidate's solution: products, combinations, prices, orders, messages.

use super::*;
use crate::helpers::one_for;
use crate::helpers::{column_for, row_for, rows_for};

impl Exam {
    pub(super) async fn product(&self, reference: &str) -> i64 {
        self.id_of("SELECT id FROM product WHERE reference = ?", reference)
            .await
    }

    /// Catalogue > Produits > Déclinaisons: generated from attribute values.
    pub(super) async fn generate_combinations(&self, product: i64, values: &[&str]) -> Vec<i64> {
        let mut f = Form::new();
        for v in values {
            let id = self
                .id_of("SELECT id FROM attribute WHERE name = ?", v)
                .await;
            f.push(("attributes".into(), id.to_string()));
        }
        self.send(
            &format!("/boutique/catalogue/produits/{product}/declinaisons"),
            &f,
        )
        .await;
        let ids: Vec<i64> = column_for(
            &self.db,
            "SELECT id FROM combination WHERE product_id = ? ORDER BY id",
            product,
        )
        .await;
        assert_eq!(ids.len(), values.len(), "combinations generated");
        ids
    }

    /// The product form as the browser shows it: every field with its current value.
    pub(super) async fn product_form(&self, product: i64) -> Form {
        type Row = (
            String,
            String,
            String,
            String,
            String,
            i64,
            Option<i64>,
            i64,
            i64,
            i64,
            i64,
            i64,
            String,
            String,
            String,
        );
        let (
            reference,
            name,
            slug,
            summary,
            description,
            category,
            brand,
            tax,
            price,
            wholesale,
            quantity,
            threshold,
            meta_title,
            meta_description,
            focus_keyword,
        ): Row = row_for(&self.db, "SELECT reference, name, slug, summary, description, category_id, brand_id, tax_rule_id, \
             price_ht_cents, wholesale_price_cents, quantity, low_stock_threshold, meta_title, \
             meta_description, focus_keyword FROM product WHERE id = ?", product).await;
        let euros = |cents: i64| format!("{},{:02}", cents / 100, cents % 100);
        let mut f = form(&[
            ("reference", &reference),
            ("name", &name),
            ("slug", &slug),
            ("summary", &summary),
            ("description", &description),
            ("category_id", &category.to_string()),
            (
                "brand_id",
                &brand.map(|b| b.to_string()).unwrap_or_default(),
            ),
            ("tax_rule_id", &tax.to_string()),
            ("price_ht", &euros(price)),
            ("price_ttc", ""),
            ("wholesale_price", &euros(wholesale)),
            ("quantity", &quantity.to_string()),
            ("low_stock_threshold", &threshold.to_string()),
            ("out_of_stock", "deny"),
            ("available_date", ""),
            ("ean13", ""),
            ("condition", "new"),
            ("meta_title", &meta_title),
            ("meta_description", &meta_description),
            ("focus_keyword", &focus_keyword),
        ]);
        let categories: Vec<i64> = column_for(
            &self.db,
            "SELECT category_id FROM product_category WHERE product_id = ?",
            product,
        )
        .await;
        for c in categories {
            f.push(("categories".into(), c.to_string()));
        }
        // One field per feature of the shop, filled in with the product's value.
        let features: Vec<(i64, Option<String>)> = rows_for(&self.db, "SELECT f.id, pf.value FROM feature f \
             LEFT JOIN product_feature pf ON pf.feature_id = f.id AND pf.product_id = ? ORDER BY f.position", product).await;
        for (id, value) in features {
            f.push((format!("feature_{id}"), value.unwrap_or_default()));
        }
        f
    }

    /// Sets a feature (Matière, Origine…) in the product form.
    pub(super) async fn set_feature(&self, f: &mut Form, feature: &str, value: &str) {
        let id = self
            .id_of("SELECT id FROM feature WHERE name = ?", feature)
            .await;
        set(f, &format!("feature_{id}"), value);
    }

    pub(super) async fn save_product(&self, product: i64, f: &Form) {
        let page = self
            .send(&format!("/boutique/catalogue/produits/{product}"), f)
            .await;
        assert!(
            page.body.contains("enregistré"),
            "product saved: « {} »",
            visible_message(&page.body)
        );
    }

    /// Clients > Groupes > Ajouter.
    pub(super) async fn create_customer_group(
        &self,
        name: &str,
        reduction: &str,
        display: &str,
    ) -> i64 {
        let f = form(&[
            ("name", name),
            ("reduction", reduction),
            ("price_display", display),
            ("show_prices", "1"),
        ]);
        self.send_expecting(
            "/boutique/clients/groupes/nouveau",
            &f,
            &format!("Groupe « {name} » enregistré."),
        )
        .await;
        self.id_of("SELECT id FROM customer_group WHERE name = ?", name)
            .await
    }

    /// Clients > a customer's record > Groupes: adds one group, keeps the others.
    pub(super) async fn add_customer_to_group(&self, email: &str, group: i64) {
        let customer = self
            .id_of("SELECT id FROM customer WHERE email = ?", email)
            .await;
        let default: i64 = one_for(
            &self.db,
            "SELECT default_group_id FROM customer WHERE id = ?",
            customer,
        )
        .await;
        let mut groups: Vec<i64> = column_for(
            &self.db,
            "SELECT group_id FROM customer_group_member WHERE customer_id = ?",
            customer,
        )
        .await;
        groups.push(group);
        let mut f = form(&[("default_group_id", &default.to_string())]);
        for g in groups {
            f.push(("groups".into(), g.to_string()));
        }
        self.send_expecting(
            &format!("/boutique/clients/{customer}/groupes"),
            &f,
            "Groupes du client enregistrés.",
        )
        .await;
    }

    /// SAV > a customer thread > Répondre.
    pub(super) async fn reply_to_thread(&self, subject: &str, message: &str, status: &str) {
        let sql = "SELECT id FROM customer_thread WHERE subject = ? ORDER BY id DESC LIMIT 1";
        let thread = self.id_of(sql, subject).await;
        let f = form(&[("message", message), ("status", status), ("assigned", "")]);
        self.send(&format!("/boutique/sav/{thread}"), &f).await;
        let replies: i64 = one_for(
            &self.db,
            "SELECT COUNT(*) FROM customer_message WHERE thread_id = ? AND employee_id IS NOT NULL",
            thread,
        )
        .await;
        assert!(
            replies >= 1,
            "reply to « {subject} »: {}",
            self.last_journal().await
        );
    }

    /// Catalogue > Réductions > Ajouter (a cart rule with a code).
    pub(super) async fn create_cart_rule(&self, fields: &Form) {
        self.send("/boutique/catalogue/reductions/nouveau", fields)
            .await;
    }

    /// Catalogue > Réductions > Règles de prix catalogue > Ajouter.
    pub(super) async fn create_catalog_rule(
        &self,
        name: &str,
        category: &str,
        percent: &str,
        from: &str,
        to: &str,
    ) {
        let category = self
            .id_of("SELECT id FROM category WHERE slug = ?", category)
            .await;
        let f = form(&[
            ("name", name),
            ("category_id", &category.to_string()),
            ("brand_id", ""),
            ("customer_group_id", ""),
            ("kind", "percent"),
            ("value", percent),
            ("starts_on", from),
            ("ends_on", to),
        ]);
        self.send_expecting(
            "/boutique/catalogue/reductions/catalogue/nouveau",
            &f,
            &format!("Règle de prix catalogue « {name} » créée"),
        )
        .await;
    }

    /// SAV > Avis produits: publish or refuse, with a public reply.
    pub(super) async fn moderate_review(&self, author: &str, status: &str, reply: &str) {
        let sql = "SELECT id FROM product_review WHERE author_name = ? ORDER BY id DESC LIMIT 1";
        let review = self.id_of(sql, author).await;
        self.send(
            &format!("/boutique/sav/avis/{review}"),
            &form(&[("status", status), ("reply", reply)]),
        )
        .await;
    }

    /// SAV > Retours produits: one step (`accepter`, `recevoir`, `rembourser`).
    pub(super) async fn return_step(&self, order: &str, step: &str, refund_shipping: bool) {
        let sql = "SELECT r.id FROM order_return r JOIN orders o ON o.id = r.order_id WHERE o.reference = ?";
        let ret = self.id_of(sql, order).await;
        let mut f = form(&[("etape", step)]);
        if refund_shipping {
            set(&mut f, "shipping", "1");
        }
        self.send(&format!("/boutique/sav/retours/{ret}"), &f).await;
    }

    /// Commandes > a order > Modifier l'état.
    pub(super) async fn set_order_state(&self, order: &str, state: &str) {
        let order_id = self
            .id_of("SELECT id FROM orders WHERE reference = ?", order)
            .await;
        let state_id = self
            .id_of("SELECT id FROM order_state WHERE name = ?", state)
            .await;
        self.send(
            &format!("/boutique/commandes/{order_id}/statut"),
            &form(&[("state_id", &state_id.to_string())]),
        )
        .await;
    }

    /// Catalogue > Attributs et caractéristiques > Alias de recherche.
    pub(super) async fn add_search_alias(&self, alias: &str, search: &str) {
        self.send_expecting(
            "/boutique/catalogue/attributs/alias/nouveau",
            &form(&[("alias", alias), ("search", search)]),
            "Alias de recherche ajouté.",
        )
        .await;
    }

    /// Apparence > Page d'accueil: a new block (carousel slide…).
    pub(super) async fn add_home_block(&self, fields: &Form) {
        self.send_expecting("/apparence/accueil/nouveau", fields, "Bloc ajouté.")
            .await;
    }
}
