//! Scripted solutions of the example subjects (`subjects/*.toml`), over HTTP: what a strong
//! candidate does in the back-office, form by form. For each subject, the untouched sandbox
//! leaves every automatic check false, and the solution turns every one of them true.
//!
//! Ids (of a comment, a media, a product…) are read from the sandbox file: the candidate reads
//! them on the screen, in the list they click in. Every write goes through the real routes.

use e5_domain::SandboxId;
use e5_subjects::{RowEvidence, Subject};
use serde_json::{Value, json};
use sqlx::SqlitePool;

use crate::helpers::{Page, Shopper, TestApp, TestData, repo_root};

const ADMIN: &str = "helene.guerin@toiles-de-loire.fr";
const PASSWORD: &str = "demo-e5-2027";

// ------------------------------------------------------------------ the exam around a solution

/// One candidate's exam: the subject prepared, a sandbox forked from it, the server running
/// and the candidate signed in to the back-office.
struct Exam {
    _t: TestData,
    subject: Subject,
    id: SandboxId,
    app: TestApp,
    user: Shopper,
    db: SqlitePool,
}

type Form = Vec<(String, String)>;

fn form(pairs: &[(&str, &str)]) -> Form {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// Replaces (or adds) the value of a single-valued field.
fn set(f: &mut Form, name: &str, value: &str) {
    f.retain(|(k, _)| k != name);
    f.push((name.to_owned(), value.to_owned()));
}

impl Exam {
    /// Prepares the subject, forks the candidate's sandbox, checks that nothing is satisfied
    /// yet (the do-nothing run), then signs the candidate in.
    async fn start(file: &str) -> Exam {
        let t = TestData::new().await;
        let subject = Subject::load(&repo_root().join("subjects").join(file))
            .unwrap_or_else(|e| panic!("{file}: {e:?}"));
        let prepared = e5_subjects::prepare(&subject, &t.data)
            .await
            .unwrap_or_else(|e| panic!("{file} prepares: {e:?}"));
        let id = e5_sandbox::fork_from(&t.data, &prepared.path).expect("fork");
        let app = TestApp::spawn(&t.data).await;
        let db = t.open(id).await;

        let untouched = e5_subjects::evaluate(&subject, &db).await;
        let already: Vec<String> = untouched
            .iter()
            .flat_map(|r| r.checks.iter().map(move |c| (r, c)))
            .filter(|(_, c)| c.satisfied)
            .map(|(r, c)| format!("{} {} : {}", r.row_id, c.label, c.evidence))
            .collect();
        assert!(
            already.is_empty(),
            "{}: checks already true before the candidate starts:\n{}",
            subject.code,
            already.join("\n")
        );

        let user = app.shopper();
        let (signed, _) = user
            .post(
                &format!("/s/{id}/admin/connexion"),
                &[("email", ADMIN), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(signed.status, 303, "sign-in");
        Exam {
            _t: t,
            subject,
            id,
            app,
            user,
            db,
        }
    }

    /// Every check of every grid row is now true; the message lists the evidence of the
    /// others.
    async fn assert_solved(&self) {
        let rows: Vec<RowEvidence> = e5_subjects::evaluate(&self.subject, &self.db).await;
        let mut missing = Vec::new();
        for row in &rows {
            for c in &row.checks {
                println!(
                    "{} [{}] {} : {}",
                    row.row_id, c.satisfied, c.label, c.evidence
                );
                if !c.satisfied {
                    missing.push(format!("{} {} : {}", row.row_id, c.label, c.evidence));
                }
            }
        }
        assert!(
            missing.is_empty(),
            "{}: checks still false after the solution:\n{}",
            self.subject.code,
            missing.join("\n")
        );
        assert!(rows.iter().all(|r| r.satisfied || r.checks.is_empty()));
        // What the examiner reads in the journal panel.
        let journal: Vec<String> = sqlx::query_scalar("SELECT summary FROM journal ORDER BY id")
            .fetch_all(&self.db)
            .await
            .unwrap();
        for line in &journal {
            println!("journal: {line}");
        }
    }

    fn admin(&self, path: &str) -> String {
        format!("/s/{}/admin{path}", self.id)
    }

    /// Posts a back-office form and expects the redirect of a success; returns the page the
    /// browser lands on (with its one-time message).
    async fn send(&self, path: &str, fields: &Form) -> Page {
        let pairs: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let before = self.journal_rows().await;
        let (answer, next) = self.user.post(&self.admin(path), &pairs).await;
        assert_eq!(
            answer.status,
            303,
            "POST {path} refused: {}",
            visible_message(&answer.body)
        );
        assert_eq!(next.status, 200, "after POST {path}");
        // The invariant: an accepted change leaves a journal row for the examiner.
        assert!(
            self.journal_rows().await > before,
            "POST {path} wrote no journal row: « {} »",
            visible_message(&next.body)
        );
        next
    }

    async fn journal_rows(&self) -> i64 {
        sqlx::query_scalar("SELECT COUNT(*) FROM journal")
            .fetch_one(&self.db)
            .await
            .unwrap()
    }

    /// Like [`send`], also checking the one-time message shown after the redirect.
    async fn send_expecting(&self, path: &str, fields: &Form, message: &str) {
        let page = self.send(path, fields).await;
        assert!(
            page.body.contains(message),
            "POST {path}: expected « {message} », got « {} »",
            visible_message(&page.body)
        );
    }

    /// A storefront page as a visitor sees it, which must show every text of `expected`.
    async fn storefront_shows(&self, path: &str, expected: &[&str]) {
        let page = self.user.get(&format!("/s/{}{path}", self.id)).await;
        assert_eq!(page.status, 200, "GET {path}");
        for text in expected {
            assert!(page.body.contains(text), "{path} does not show « {text} »");
        }
    }

    async fn id_of(&self, sql: &str, key: &str) -> i64 {
        sqlx::query_scalar(sql)
            .bind(key)
            .fetch_one(&self.db)
            .await
            .unwrap_or_else(|e| panic!("{sql} [{key}]: {e}"))
    }

    async fn media(&self, file: &str) -> i64 {
        self.id_of("SELECT id FROM media WHERE file = ?", file)
            .await
    }

    async fn comment_by(&self, author: &str) -> i64 {
        self.id_of(
            "SELECT id FROM comment WHERE author_name = ? AND status = 'pending' ORDER BY id DESC LIMIT 1",
            author,
        )
        .await
    }

    /// The last journal summary, to show what the examiner reads.
    async fn last_journal(&self) -> String {
        sqlx::query_scalar("SELECT summary FROM journal ORDER BY id DESC LIMIT 1")
            .fetch_one(&self.db)
            .await
            .unwrap()
    }
}

/// The flash message or the form error of a page, for assertion messages.
fn visible_message(body: &str) -> String {
    for marker in ["avis-admin", "erreur", "role=\"alert\""] {
        if let Some(at) = body.find(marker) {
            let rest = &body[at..];
            let text: String = strip(rest).chars().take(300).collect();
            return text;
        }
    }
    strip(body).chars().take(300).collect()
}

fn strip(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for ch in html.chars() {
        match ch {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The next Monday (Paris), as the `datetime-local` field of the editor posts it.
fn next_monday_at_nine() -> String {
    let now = e5_domain::paris_now();
    let days = now.unix_utc.div_euclid(86_400);
    // 1970-01-01 was a Thursday: (days + 4) % 7 is 0 on Sundays, 1 on Mondays.
    let weekday = (days + 4).rem_euclid(7);
    let ahead = match (8 - weekday).rem_euclid(7) {
        0 => 7,
        n => n,
    };
    let monday = e5_domain::LocalTime {
        unix_utc: (days + ahead) * 86_400 + 12 * 3600,
    };
    format!("{}T09:00", monday.day())
}

// ------------------------------------------------------------------ content side actions

/// What Editor.js posts in the hidden `blocks` field.
fn editor_json(blocks: Vec<Value>) -> String {
    json!({"time": 1_767_000_000_000_i64, "blocks": blocks, "version": "2.31.0"}).to_string()
}

fn paragraph(text: &str) -> Value {
    json!({"type": "paragraph", "data": {"text": text}})
}

fn heading(text: &str) -> Value {
    json!({"type": "header", "data": {"text": text, "level": 2}})
}

fn image(media_id: i64, alt: &str, caption: &str) -> Value {
    json!({"type": "image", "data": {"media_id": media_id, "alt": alt, "caption": caption, "link": ""}})
}

fn bullet_list(items: &[&str]) -> Value {
    let items: Vec<Value> = items
        .iter()
        .map(|i| json!({"content": i, "meta": {}, "items": []}))
        .collect();
    json!({"type": "list", "data": {"style": "unordered", "meta": {}, "items": items}})
}

impl Exam {
    /// Creates an article (`section` "articles") or a page ("pages") from the editor's
    /// fields; returns its id, read from the address the editor is sent back to.
    async fn create_post(&self, section: &str, fields: &Form, message: &str) -> i64 {
        let page = self.send(&format!("/{section}/nouveau"), fields).await;
        assert!(
            page.body.contains(message),
            "new {section}: « {} »",
            visible_message(&page.body)
        );
        let id: i64 = sqlx::query_scalar("SELECT MAX(id) FROM post")
            .fetch_one(&self.db)
            .await
            .unwrap();
        id
    }

    /// The editor of an existing article or page, as the browser fills it in.
    async fn post_form(&self, post_id: i64) -> Form {
        type Row = (
            String,
            String,
            String,
            String,
            Option<i64>,
            String,
            String,
            String,
            String,
            i64,
            Option<i64>,
            Option<i64>,
        );
        let (
            title,
            slug,
            excerpt,
            blocks,
            featured,
            comment_status,
            meta_title,
            meta_description,
            focus_keyword,
            sticky,
            author,
            parent,
        ): Row = sqlx::query_as(
            "SELECT title, slug, excerpt, blocks, featured_media_id, comment_status, meta_title, \
             meta_description, focus_keyword, sticky, author_id, parent_id FROM post WHERE id = ?",
        )
        .bind(post_id)
        .fetch_one(&self.db)
        .await
        .unwrap();
        let mut f = form(&[
            ("title", &title),
            ("slug", &slug),
            ("excerpt", &excerpt),
            ("blocks", &blocks),
            ("meta_title", &meta_title),
            ("meta_description", &meta_description),
            ("focus_keyword", &focus_keyword),
            ("publish_at", ""),
            ("tags", ""),
        ]);
        let opt = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
        set(&mut f, "featured_media_id", &opt(featured));
        set(&mut f, "author_id", &opt(author));
        set(&mut f, "parent_id", &opt(parent));
        if comment_status == "open" {
            set(&mut f, "comments_open", "1");
        }
        if sticky == 1 {
            set(&mut f, "sticky", "1");
        }
        let terms: Vec<i64> = sqlx::query_scalar("SELECT term_id FROM post_term WHERE post_id = ?")
            .bind(post_id)
            .fetch_all(&self.db)
            .await
            .unwrap();
        for t in terms {
            f.push(("term".into(), t.to_string()));
        }
        f
    }

    async fn term(&self, slug: &str) -> i64 {
        self.id_of("SELECT id FROM term WHERE slug = ?", slug).await
    }

    async fn post_by_slug(&self, slug: &str) -> i64 {
        self.id_of("SELECT id FROM post WHERE slug = ?", slug).await
    }

    /// Médias > an image's details: the alternative text (the other fields kept).
    async fn describe_media(&self, file: &str, alt: &str) {
        let id = self.media(file).await;
        let (title, caption, description): (String, String, String) =
            sqlx::query_as("SELECT title, caption, description FROM media WHERE id = ?")
                .bind(id)
                .fetch_one(&self.db)
                .await
                .unwrap();
        let f = form(&[
            ("alt", alt),
            ("title", &title),
            ("caption", &caption),
            ("description", &description),
        ]);
        self.send(&format!("/medias/{id}"), &f).await;
        let saved: String = sqlx::query_scalar("SELECT alt FROM media WHERE id = ?")
            .bind(id)
            .fetch_one(&self.db)
            .await
            .unwrap();
        assert_eq!(saved, alt, "alternative text of {file}");
    }

    /// Commentaires: approve (`approuver`), spam (`indesirable`), trash (`corbeille`).
    async fn moderate_comment(&self, author: &str, action: &str) -> i64 {
        let id = self.comment_by(author).await;
        self.send_expecting(
            &format!("/commentaires/{id}/{action}"),
            &form(&[("retour", "")]),
            "Commentaire mis à jour.",
        )
        .await;
        id
    }

    async fn reply_to_comment(&self, comment_id: i64, text: &str) {
        self.send_expecting(
            &format!("/commentaires/{comment_id}/repondre"),
            &form(&[("text", text)]),
            "Réponse publiée.",
        )
        .await;
    }

    /// Apparence > Menus: a page under a parent entry of the main menu.
    async fn add_page_to_menu(&self, page_slug: &str, label: &str, parent_label: &str) {
        let page = self
            .id_of(
                "SELECT id FROM post WHERE kind = 'page' AND slug = ?",
                page_slug,
            )
            .await;
        let parent = self
            .id_of(
                "SELECT i.id FROM menu_item i JOIN menu m ON m.id = i.menu_id WHERE m.location = 'main' AND i.label = ?",
                parent_label,
            )
            .await;
        let f = form(&[
            ("location", "main"),
            ("kind", "page"),
            ("page_id", &page.to_string()),
            ("post_id", ""),
            ("category_id", ""),
            ("label", label),
            ("url", ""),
            ("parent_id", &parent.to_string()),
            ("position", ""),
        ]);
        self.send_expecting("/apparence/menus/nouveau", &f, "Élément ajouté au menu.")
            .await;
        let added: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM menu_item WHERE parent_id = ? AND target_id = ? AND kind = 'page'",
        )
        .bind(parent)
        .bind(page)
        .fetch_one(&self.db)
        .await
        .unwrap();
        assert_eq!(
            added,
            1,
            "menu entry « {label} »: {}",
            self.last_journal().await
        );
    }

    /// Apparence > Widgets.
    async fn add_widget(&self, area: &str, kind: &str, title: &str, count: &str) {
        let f = form(&[
            ("area", area),
            ("kind", kind),
            ("title", title),
            ("text", ""),
            ("count", count),
            ("excerpt_words", "0"),
            ("media_ids", ""),
        ]);
        self.send_expecting("/apparence/widgets/nouveau", &f, "Widget ajouté.")
            .await;
    }

    /// Équipe (shop side) creates the account; Utilisateurs (content side) sets its role.
    async fn create_employee(
        &self,
        first_name: &str,
        last_name: &str,
        email: &str,
        profile: &str,
    ) -> i64 {
        let profile_id = self
            .id_of("SELECT id FROM profile WHERE name = ?", profile)
            .await;
        let f = form(&[
            ("first_name", first_name),
            ("last_name", last_name),
            ("email", email),
            ("password", "bienvenue-2027"),
            ("profile_id", &profile_id.to_string()),
            ("active", "1"),
        ]);
        self.send_expecting(
            "/boutique/equipe/nouveau",
            &f,
            &format!("Employé {first_name} {last_name} créé"),
        )
        .await;
        self.id_of("SELECT id FROM employee WHERE email = ?", email)
            .await
    }

    async fn set_wp_role(&self, employee_id: i64, role: &str) {
        self.send_expecting(
            &format!("/utilisateurs/{employee_id}"),
            &form(&[("role", role)]),
            "Rôle modifié.",
        )
        .await;
    }

    /// Équipe > an employee > Désactiver: the account stays, sign-in is refused.
    async fn deactivate_employee(&self, email: &str) {
        let id = self
            .id_of("SELECT id FROM employee WHERE email = ?", email)
            .await;
        self.send_expecting(
            &format!("/boutique/equipe/{id}/statut"),
            &Form::new(),
            "Le compte est désactivé",
        )
        .await;
    }

    /// Mes réponses: the written answer to a diagnostic question.
    async fn write_answer(&self, question: u8, text: &str) {
        let q = question.to_string();
        self.send_expecting(
            "/reponses",
            &form(&[("question", &q), ("text", text)]),
            &format!("Réponse à la question {question} enregistrée."),
        )
        .await;
    }
}

// ------------------------------------------------------------------ shop side actions

impl Exam {
    async fn product(&self, reference: &str) -> i64 {
        self.id_of("SELECT id FROM product WHERE reference = ?", reference)
            .await
    }

    /// Catalogue > Produits > Déclinaisons: generated from attribute values.
    async fn generate_combinations(&self, product: i64, values: &[&str]) -> Vec<i64> {
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
        let ids: Vec<i64> =
            sqlx::query_scalar("SELECT id FROM combination WHERE product_id = ? ORDER BY id")
                .bind(product)
                .fetch_all(&self.db)
                .await
                .unwrap();
        assert_eq!(ids.len(), values.len(), "combinations generated");
        ids
    }

    /// The product form as the browser shows it: every field with its current value.
    async fn product_form(&self, product: i64) -> Form {
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
        ): Row = sqlx::query_as(
            "SELECT reference, name, slug, summary, description, category_id, brand_id, tax_rule_id, \
             price_ht_cents, wholesale_price_cents, quantity, low_stock_threshold, meta_title, \
             meta_description, focus_keyword FROM product WHERE id = ?",
        )
        .bind(product)
        .fetch_one(&self.db)
        .await
        .unwrap();
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
        let categories: Vec<i64> =
            sqlx::query_scalar("SELECT category_id FROM product_category WHERE product_id = ?")
                .bind(product)
                .fetch_all(&self.db)
                .await
                .unwrap();
        for c in categories {
            f.push(("categories".into(), c.to_string()));
        }
        // One field per feature of the shop, filled in with the product's value.
        let features: Vec<(i64, Option<String>)> = sqlx::query_as(
            "SELECT f.id, pf.value FROM feature f \
             LEFT JOIN product_feature pf ON pf.feature_id = f.id AND pf.product_id = ? ORDER BY f.position",
        )
        .bind(product)
        .fetch_all(&self.db)
        .await
        .unwrap();
        for (id, value) in features {
            f.push((format!("feature_{id}"), value.unwrap_or_default()));
        }
        f
    }

    /// Sets a feature (Matière, Origine…) in the product form.
    async fn set_feature(&self, f: &mut Form, feature: &str, value: &str) {
        let id = self
            .id_of("SELECT id FROM feature WHERE name = ?", feature)
            .await;
        set(f, &format!("feature_{id}"), value);
    }

    async fn save_product(&self, product: i64, f: &Form) {
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
    async fn create_customer_group(&self, name: &str, reduction: &str, display: &str) -> i64 {
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
    async fn add_customer_to_group(&self, email: &str, group: i64) {
        let customer = self
            .id_of("SELECT id FROM customer WHERE email = ?", email)
            .await;
        let default: i64 = sqlx::query_scalar("SELECT default_group_id FROM customer WHERE id = ?")
            .bind(customer)
            .fetch_one(&self.db)
            .await
            .unwrap();
        let mut groups: Vec<i64> =
            sqlx::query_scalar("SELECT group_id FROM customer_group_member WHERE customer_id = ?")
                .bind(customer)
                .fetch_all(&self.db)
                .await
                .unwrap();
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
    async fn reply_to_thread(&self, subject: &str, message: &str, status: &str) {
        let thread = self
            .id_of(
                "SELECT id FROM customer_thread WHERE subject = ? ORDER BY id DESC LIMIT 1",
                subject,
            )
            .await;
        let f = form(&[("message", message), ("status", status), ("assigned", "")]);
        self.send(&format!("/boutique/sav/{thread}"), &f).await;
        let replies: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM customer_message WHERE thread_id = ? AND employee_id IS NOT NULL",
        )
        .bind(thread)
        .fetch_one(&self.db)
        .await
        .unwrap();
        assert!(
            replies >= 1,
            "reply to « {subject} »: {}",
            self.last_journal().await
        );
    }

    /// Catalogue > Réductions > Ajouter (a cart rule with a code).
    async fn create_cart_rule(&self, fields: &Form) {
        self.send("/boutique/catalogue/reductions/nouveau", fields)
            .await;
    }

    /// Catalogue > Réductions > Règles de prix catalogue > Ajouter.
    async fn create_catalog_rule(
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
    async fn moderate_review(&self, author: &str, status: &str, reply: &str) {
        let review = self
            .id_of(
                "SELECT id FROM product_review WHERE author_name = ? ORDER BY id DESC LIMIT 1",
                author,
            )
            .await;
        self.send(
            &format!("/boutique/sav/avis/{review}"),
            &form(&[("status", status), ("reply", reply)]),
        )
        .await;
    }

    /// SAV > Retours produits: one step (`accepter`, `recevoir`, `rembourser`).
    async fn return_step(&self, order: &str, step: &str, refund_shipping: bool) {
        let ret = self
            .id_of(
                "SELECT r.id FROM order_return r JOIN orders o ON o.id = r.order_id WHERE o.reference = ?",
                order,
            )
            .await;
        let mut f = form(&[("etape", step)]);
        if refund_shipping {
            set(&mut f, "shipping", "1");
        }
        self.send(&format!("/boutique/sav/retours/{ret}"), &f).await;
    }

    /// Commandes > a order > Modifier l'état.
    async fn set_order_state(&self, order: &str, state: &str) {
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
    async fn add_search_alias(&self, alias: &str, search: &str) {
        self.send_expecting(
            "/boutique/catalogue/attributs/alias/nouveau",
            &form(&[("alias", alias), ("search", search)]),
            "Alias de recherche ajouté.",
        )
        .await;
    }

    /// Apparence > Page d'accueil: a new block (carousel slide…).
    async fn add_home_block(&self, fields: &Form) {
        self.send_expecting("/apparence/accueil/nouveau", fields, "Bloc ajouté.")
            .await;
    }
}

// ------------------------------------------------------------------ the candidates' texts

const LIN_INTRO: &str = "Le lin européen a tout pour plaire à celles et ceux qui veulent un linge de maison durable. \
    L'Europe de l'Ouest produit environ 80 % du lin textile mondial, et la France en est le premier producteur, \
    surtout en Normandie et dans les Hauts-de-France. Dans notre atelier de Cholet, nous avons choisi cette fibre \
    pour sa solidité, sa fraîcheur en été et la belle patine qu'elle prend au fil des lavages.";

const LIN_CULTURE: &str = "Le lin pousse en une centaine de jours, de mars à juillet, sans irrigation : la pluie suffit. \
    Il demande peu d'engrais et de traitements, et toute la plante est utilisée, des fibres longues pour le tissage \
    aux fibres courtes, aux graines et à la paille. Après l'arrachage, le lin reste au sol plusieurs semaines : \
    c'est le rouissage, une étape naturelle qui prépare la séparation des fibres.";

const LIN_LABEL: &str = "Le label « Masters of Linen » garantit un lin cultivé et transformé en Europe, de la graine au fil. \
    Nos draps en lin lavé sont tissés en France puis confectionnés dans notre atelier de Cholet, à quelques centaines \
    de kilomètres des champs. Moins de transport, des savoir-faire préservés et un linge qui dure des années : \
    c'est notre façon de concilier confort et respect de l'environnement.";

const LIN_CONCLUSION: &str = "Envie de dormir dans une fibre sobre et naturelle ? Découvrez toute notre sélection de \
    draps, housses de couette et taies dans la catégorie";

const LIN_META: &str = "Le lin européen pousse sans irrigation en Normandie et se tisse en France : découvrez pourquoi \
    nos draps en lin sont une fibre durable.";

const MARTINE_REPLY: &str = "Bonjour Martine, merci pour votre question ! Oui, le lin supporte le sèche-linge à basse \
    température : sortez la housse encore légèrement humide et secouez-la, elle se défroissera presque seule. \
    Tous nos conseils sont dans cet article. L'équipe de l'atelier";

const RIDEAUX_META: &str = "Mesurer sa fenêtre, choisir la bonne hauteur et poser des rideaux en lin : nos conseils \
    pas à pas pour un résultat impeccable.";

// ------------------------------------------------------------------ the solutions

#[tokio::test]
async fn subject_a_is_solved_over_http() {
    let exam = Exam::start("sujet-a-contenu-article-lin.toml").await;
    let id = exam.id;

    // Question 1: the image described in the media library, then the article.
    exam.describe_media(
        "atelier/champ-lin.svg",
        "Champ de lin européen en fleur en Normandie au mois de juin",
    )
    .await;
    let champ = exam.media("atelier/champ-lin.svg").await;
    let blocks = editor_json(vec![
        paragraph(LIN_INTRO),
        heading("Une culture sobre en eau et en intrants"),
        paragraph(LIN_CULTURE),
        image(
            champ,
            "Champ de lin européen en fleur en Normandie",
            "Un champ de lin en fleur au mois de juin",
        ),
        heading("Le lin européen, de la graine au fil"),
        paragraph(LIN_LABEL),
        paragraph(&format!(
            "{LIN_CONCLUSION} <a href=\"/s/{id}/categorie/linge-de-lit\">Linge de lit</a> de notre boutique."
        )),
    ]);
    let mut f = form(&[
        (
            "title",
            "Du champ à votre lit : pourquoi le lin européen est une fibre durable",
        ),
        ("slug", "lin-europeen-fibre-durable"),
        ("excerpt", ""),
        ("blocks", &blocks),
        ("meta_title", ""),
        ("meta_description", LIN_META),
        ("focus_keyword", "lin européen"),
        ("featured_media_id", &champ.to_string()),
        ("comments_open", "1"),
        ("tags", "lin, environnement"),
        ("publish_at", ""),
        ("action", "publish"),
    ]);
    f.push((
        "term".into(),
        exam.term("coulisses-atelier").await.to_string(),
    ));
    exam.create_post("articles", &f, "Article publié.").await;
    assert!(exam.last_journal().await.contains("publié"));

    // Question 2: Martine's question published and answered, the spam marked as such.
    let martine = exam.moderate_comment("Martine Fabre", "approuver").await;
    exam.reply_to_comment(martine, MARTINE_REPLY).await;
    exam.moderate_comment("Bons plans linge", "indesirable")
        .await;

    // Question 3: the draft completed and scheduled for next Monday, 9 a.m.
    let rideaux = exam.post_by_slug("mesurer-poser-rideaux-lin").await;
    let mut f = exam.post_form(rideaux).await;
    set(&mut f, "meta_description", RIDEAUX_META);
    set(&mut f, "publish_at", &next_monday_at_nine());
    set(&mut f, "action", "schedule");
    exam.send_expecting(
        &format!("/articles/{rideaux}"),
        &f,
        "Publication planifiée.",
    )
    .await;

    // Question 4: the widget and the menu entry.
    exam.add_widget("sidebar", "recent_posts", "Nos derniers conseils", "3")
        .await;
    exam.add_page_to_menu("faq", "FAQ", "Qui sommes-nous ?")
        .await;

    // Question 5: the intern's account, contributor only.
    let ines = exam
        .create_employee(
            "Inès",
            "Morin",
            "ines.morin@toiles-de-loire.fr",
            "Rédacteur web",
        )
        .await;
    exam.set_wp_role(ines, "contributor").await;

    // What a reader now sees on the blog.
    exam.storefront_shows(
        "/blog/lin-europeen-fibre-durable",
        &[
            "pourquoi le lin européen est une fibre durable",
            "Champ de lin européen en fleur en Normandie",
            "Nos derniers conseils",
            ">FAQ<",
        ],
    )
    .await;
    let post = exam
        .user
        .get(&format!("/s/{id}/blog/entretenir-linge-lin"))
        .await;
    assert!(post.body.contains("Martine Fabre") && !post.body.contains("Bons plans linge"));

    exam.assert_solved().await;
}

const PORTES_INTRO: &str = "Les Toiles de Loire ouvrent les portes de leur atelier de Cholet le samedi 3 et le dimanche \
    4 avril 2027, de 10 h à 18 h. Pendant deux jours, venez découvrir comment nous coupons, cousons et finissons \
    votre linge de maison en lin et en coton biologique, et rencontrez l'équipe qui le fabrique depuis 1962.";

const PORTES_PROGRAMME: &str = "Une visite guidée de l'atelier part toutes les heures : elle dure 30 minutes et accueille \
    15 personnes au plus. Nos tisserands font une démonstration de tissage du mouchoir de Cholet, les enfants de 6 à \
    12 ans s'initient à la broderie pendant un atelier qui leur est réservé, et une vente de linge de second choix \
    vous permet de repartir avec des draps ou des torchons à prix réduits.";

const PORTES_PRATIQUE: &str = "L'entrée est libre, mais l'inscription est conseillée pour les visites guidées, dont les \
    places sont limitées. L'atelier se trouve au 18 rue des Tisserands, 49300 Cholet ; un parking gratuit vous attend \
    place de la Gare, à 300 mètres. Inscrivez-vous avec le formulaire ci-dessous en précisant le créneau de visite \
    souhaité et le nombre de personnes : nous vous confirmerons votre venue par courriel.";

const PORTES_META: &str = "Portes ouvertes de l'atelier à Cholet les 3 et 4 avril 2027 : visites guidées, démonstration \
    de tissage, atelier enfants. Inscrivez-vous !";

const YVES_REPLY: &str = "Bonjour Yves, oui : pour deux matelas de 80 x 200 cm réunis, le drap housse de 160 x 200 cm \
    convient parfaitement. Vérifiez simplement l'épaisseur des matelas pour choisir la hauteur de bonnet. L'équipe de l'atelier";

const PRIVACY_OPEN_DAYS: &str = "Les informations demandées lors de l'inscription aux portes ouvertes de l'atelier (nom, \
    prénom, adresse électronique, nombre de personnes, créneau de visite) servent uniquement à organiser les visites \
    guidées. Elles sont conservées un an puis supprimées ; elles ne sont ni cédées ni utilisées pour la lettre \
    d'information sans votre accord. Vous pouvez demander leur suppression à tout moment en écrivant à \
    contact@toiles-de-loire.fr.";

#[tokio::test]
async fn subject_b_is_solved_over_http() {
    let exam = Exam::start("sujet-b-contenu-portes-ouvertes.toml").await;

    // Question 1: the event page with an image, a map and a registration form.
    let atelier = exam.media("atelier/atelier.svg").await;
    let blocks = editor_json(vec![
        paragraph(PORTES_INTRO),
        heading("Au programme des portes ouvertes de l'atelier"),
        paragraph(PORTES_PROGRAMME),
        image(
            atelier,
            "La table de coupe de l'atelier des Toiles de Loire à Cholet",
            "La table de coupe, où naissent nos draps",
        ),
        heading("Infos pratiques et inscription"),
        paragraph(PORTES_PRATIQUE),
        json!({"type": "map", "data": {"town": "Cholet", "address": "18 rue des Tisserands, 49300 Cholet", "label": "Atelier Les Toiles de Loire"}}),
        json!({"type": "form", "data": {"kind": "contact", "title": "Inscription à une visite guidée", "button": "Je m'inscris"}}),
    ]);
    let f = form(&[
        ("title", "Portes ouvertes de l'atelier"),
        ("slug", "portes-ouvertes-atelier"),
        ("excerpt", ""),
        ("blocks", &blocks),
        (
            "meta_title",
            "Portes ouvertes atelier Cholet | Les Toiles de Loire",
        ),
        ("meta_description", PORTES_META),
        ("focus_keyword", "portes ouvertes atelier Cholet"),
        ("featured_media_id", &atelier.to_string()),
        ("parent_id", ""),
        ("publish_at", ""),
        ("action", "publish"),
    ]);
    exam.create_post("pages", &f, "Page publiée.").await;

    // Question 2: in the main menu, under « Qui sommes-nous ? ».
    exam.add_page_to_menu(
        "portes-ouvertes-atelier",
        "Portes ouvertes",
        "Qui sommes-nous ?",
    )
    .await;

    // Question 3: Yves's question published and answered.
    let yves = exam.moderate_comment("Yves", "approuver").await;
    exam.reply_to_comment(yves, YVES_REPLY).await;

    // Question 4: the three blog images described.
    for (file, alt) in [
        (
            "blog/bien-choisir-taille-drap-housse.svg",
            "Drap housse en lin ajusté sur un matelas, mètre ruban posé dessus",
        ),
        (
            "blog/histoire-mouchoir-de-cholet.svg",
            "Mouchoir de Cholet rouge et blanc plié sur une table de l'atelier",
        ),
        (
            "blog/frequence-changer-draps.svg",
            "Lit fait avec des draps propres en lin et une pile de linge à côté",
        ),
    ] {
        exam.describe_media(file, alt).await;
    }

    // Question 5: the privacy policy completed.
    let privacy = exam.post_by_slug("politique-de-confidentialite").await;
    let mut f = exam.post_form(privacy).await;
    let current = f
        .iter()
        .find(|(k, _)| k == "blocks")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let mut blocks: Vec<Value> = serde_json::from_str(&current).unwrap_or_default();
    blocks.push(heading("Inscriptions aux portes ouvertes"));
    blocks.push(paragraph(PRIVACY_OPEN_DAYS));
    set(&mut f, "blocks", &editor_json(blocks));
    set(&mut f, "action", "publish");
    exam.send_expecting(&format!("/pages/{privacy}"), &f, "Page publiée.")
        .await;

    exam.storefront_shows(
        "/page/portes-ouvertes-atelier",
        &[
            "Portes ouvertes",
            "Inscription à une visite guidée",
            "18 rue des Tisserands",
        ],
    )
    .await;
    exam.storefront_shows(
        "/page/politique-de-confidentialite",
        &["Inscriptions aux portes ouvertes", "conservées un an"],
    )
    .await;

    exam.assert_solved().await;
}

const SAUGE_DESCRIPTION: &str = "Notre housse de couette en lin européen lavé est tissée en France puis cousue dans \
    notre atelier de Cholet. Souple dès le premier lavage, elle se ferme par des boutons en corozo et se lave à \
    40 °C. Son vert sauge apaisant s'associe à nos draps écrus.";

const TEXIER_REPLY: &str = "Bonjour Monsieur Texier, merci pour votre message et désolés que ce drap housse ne convienne \
    pas à votre matelas. Vous disposez de 30 jours après réception pour nous le renvoyer : le retour est gratuit. \
    Demandez-le depuis votre compte, rubrique « Retours », puis déposez le colis en point relais. Nous vous conseillons \
    notre drap housse à grands bonnets de 40 cm, adapté à une épaisseur de 32 cm : nous pouvons vous l'envoyer en \
    échange dès réception de votre colis. Bien cordialement, le service client des Toiles de Loire";

const D_DIAGNOSTIC: &str = "Indicateurs utilisés : sessions, taux de rebond, paniers créés, commandes et taux de \
    conversion, par source et par appareil. Pendant la campagne du 12 au 25 octobre, les sessions venues des réseaux \
    sociaux sur mobile ont été multipliées par quatre par rapport aux deux semaines précédentes, mais le taux de rebond \
    de cette source a fortement augmenté et le taux de conversion a chuté : les commandes n'ont presque pas suivi. \
    Le trafic attiré par la créatrice était peu qualifié et le parcours sur mobile n'a pas convaincu. Je recommande \
    de choisir une créatrice plus proche de notre clientèle, de proposer un code dédié pour mesurer les ventes et de \
    suivre chaque semaine le taux de conversion par source.";

#[tokio::test]
async fn subject_d_is_solved_over_http() {
    let exam = Exam::start("sujet-d-boutique-housse-lin.toml").await;

    // Question 1: the product completed, with its three sizes, then put online.
    let housse = exam.product("TDL-HC-005").await;
    let sizes = exam
        .generate_combinations(housse, &["140 x 200 cm", "200 x 200 cm", "240 x 220 cm"])
        .await;
    let mut f = exam.product_form(housse).await;
    set(&mut f, "price_ht", "124,17");
    set(&mut f, "quantity", "24");
    set(&mut f, "description", SAUGE_DESCRIPTION);
    set(
        &mut f,
        "meta_title",
        "Housse de couette en lin lavé vert sauge | Toiles de Loire",
    );
    set(
        &mut f,
        "meta_description",
        "Housse de couette en lin européen lavé vert sauge, tissée en France et cousue à Cholet. Boutons en corozo, lavable à 40 °C.",
    );
    set(&mut f, "focus_keyword", "housse de couette lin");
    set(&mut f, "active", "1");
    for (cid, impact) in sizes.iter().zip(["0,00", "25,00", "41,67"]) {
        set(&mut f, &format!("comb_qty_{cid}"), "8");
        set(&mut f, &format!("comb_impact_{cid}"), impact);
    }
    f.push((
        "accessories".into(),
        exam.product("TDL-TO-001").await.to_string(),
    ));
    exam.save_product(housse, &f).await;

    // Question 2: the loyalty code.
    let fideles = exam
        .id_of("SELECT id FROM customer_group WHERE name = ?", "Fidèles")
        .await;
    exam.create_cart_rule(&form(&[
        ("name", "Merci à nos clients fidèles"),
        ("code", "merci15"),
        (
            "description",
            "Offre de fin d'année réservée au groupe Fidèles",
        ),
        ("starts_on", "2026-12-01"),
        ("ends_on", "2026-12-24"),
        ("minimum", "80"),
        ("quantity", "200"),
        ("quantity_per_customer", "1"),
        ("exclude_discounted", "1"),
        ("active", "1"),
        ("priority", "1"),
        ("reduction", "percent"),
        ("percent", "15"),
        ("amount", ""),
        ("reduction_product_id", ""),
        ("gift_product_id", ""),
        ("group", &fideles.to_string()),
    ]))
    .await;

    // Question 3: the answer to M. Texier, following the return policy.
    exam.reply_to_thread("Drap housse trop petit", TEXIER_REPLY, "pending1")
        .await;

    // Question 4: the « Ambassadeurs » group and its first member.
    let ambassadeurs = exam.create_customer_group("Ambassadeurs", "5", "TTC").await;
    exam.add_customer_to_group("damien.roux@exemple.com", ambassadeurs)
        .await;

    // Question 5: the written diagnostic.
    exam.write_answer(5, D_DIAGNOSTIC).await;

    let slug: String = sqlx::query_scalar("SELECT slug FROM product WHERE id = ?")
        .bind(housse)
        .fetch_one(&exam.db)
        .await
        .unwrap();
    exam.storefront_shows(
        &format!("/produit/{slug}"),
        &[
            "Housse de couette en lin lavé",
            "149,00",
            "boutons en corozo",
        ],
    )
    .await;

    exam.assert_solved().await;
}

const ETE_INTRO: &str = "Quand les nuits deviennent chaudes, le choix des draps change tout. Le lin est la matière \
    idéale pour bien dormir en été : naturel, respirant et résistant, il garde le lit frais même pendant les \
    semaines de canicule. Voici pourquoi nous vous conseillons des draps en lin dès les premières chaleurs.";

const ETE_FIBRE: &str = "Le lin absorbe jusqu'à 20 % de son poids en humidité sans paraître mouillé, puis la rejette \
    rapidement : il évacue la transpiration au lieu de la garder contre la peau. Sa fibre creuse laisse circuler \
    l'air, ce qui en fait une matière thermorégulatrice, fraîche en été et agréable en hiver.";

const ETE_ENTRETIEN: &str = "Le lin lavé est souple dès le premier jour et se froisse joliment : inutile de le repasser. \
    Pour le garder beau longtemps, suivez trois gestes simples :";

const ETE_OFFRE: &str = "Nos draps housses en lin lavé existent en écru et en bleu Loire, avec des bonnets de 30 cm qui \
    tiennent bien sur les matelas épais. Découvrez par exemple notre";

const ETE_META: &str = "Frais, respirants et sans repassage : découvrez pourquoi les draps en lin sont les meilleurs \
    alliés de vos nuits d'été.";

const BRUNO_REPLY: &str = "Bonjour Bruno, oui, nos plaids se lavent en machine à 30 °C, sur un cycle délicat, puis \
    sèchent à plat à l'air libre. Évitez simplement l'assouplissant. L'équipe de l'atelier";

const LOAN_REPLY: &str = "Bonjour Loan, pour une chambre orientée nord, privilégiez des teintes chaudes et lumineuses : \
    écru, terracotta ou ocre réchauffent la pièce, que le bleu Loire peut ponctuer. L'équipe de l'atelier";

#[tokio::test]
async fn subject_c_is_solved_over_http() {
    let exam = Exam::start("sujet-c-contenu-lin-ete.toml").await;
    let id = exam.id;

    // Question 1 (and 3: pinned to the top of the blog).
    let visuel = exam
        .media("products/drap-housse-lin-lave-bleu-loire.svg")
        .await;
    let blocks = editor_json(vec![
        paragraph(ETE_INTRO),
        heading("Pourquoi les draps en lin restent frais"),
        paragraph(ETE_FIBRE),
        image(
            visuel,
            "Drap housse en lin lavé bleu Loire sur un lit d'été",
            "Le drap housse en lin lavé bleu Loire",
        ),
        heading("Des draps en lin faciles à vivre"),
        paragraph(ETE_ENTRETIEN),
        bullet_list(&[
            "lavez-les à 40 °C",
            "séchez-les à l'air libre",
            "évitez l'assouplissant",
        ]),
        paragraph(&format!(
            "{ETE_OFFRE} <a href=\"/s/{id}/produit/drap-housse-lin-lave-bleu-loire\">drap housse en lin lavé bleu Loire</a>, \
             parfait pour vos nuits d'été."
        )),
    ]);
    let mut f = form(&[
        (
            "title",
            "Bien dormir en été : pourquoi choisir des draps en lin",
        ),
        ("slug", "bien-dormir-ete-draps-lin"),
        ("excerpt", ""),
        ("blocks", &blocks),
        ("meta_title", ""),
        ("meta_description", ETE_META),
        ("focus_keyword", "draps en lin"),
        ("featured_media_id", &visuel.to_string()),
        ("comments_open", "1"),
        ("sticky", "1"),
        ("tags", "lin"),
        ("publish_at", ""),
        ("action", "publish"),
    ]);
    f.push(("term".into(), exam.term("guides-achat").await.to_string()));
    exam.create_post("articles", &f, "Article publié.").await;

    // Question 2: both readers answered.
    let bruno = exam.moderate_comment("Bruno", "approuver").await;
    exam.reply_to_comment(bruno, BRUNO_REPLY).await;
    let loan = exam.moderate_comment("Loan", "approuver").await;
    exam.reply_to_comment(loan, LOAN_REPLY).await;

    // Question 3: four articles per page (the front page kept as it is).
    let setting = async |key: &str| -> String {
        sqlx::query_scalar("SELECT value FROM setting WHERE key = ?")
            .bind(key)
            .fetch_optional(&exam.db)
            .await
            .unwrap()
            .unwrap_or_default()
    };
    let front_page = setting("reading.front_page").await;
    let mut f = form(&[
        (
            "front",
            if front_page.is_empty() {
                "posts"
            } else {
                "page"
            },
        ),
        ("front_page", &front_page),
        ("posts_per_page", "4"),
    ]);
    if setting("seo.breadcrumb").await != "0" {
        set(&mut f, "breadcrumb", "1");
    }
    exam.send_expecting("/reglages/lecture", &f, "Réglages enregistrés.")
        .await;

    // Question 4: the social widget in the footer.
    exam.add_widget("footer", "social", "Suivez l'atelier", "")
        .await;

    // Question 5: Antoine Pineau can no longer sign in, his articles kept.
    let articles_of_antoine = async || -> i64 {
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM post p JOIN employee e ON e.id = p.author_id WHERE e.email = ?",
        )
        .bind("antoine.pineau@toiles-de-loire.fr")
        .fetch_one(&exam.db)
        .await
        .unwrap()
    };
    let written = articles_of_antoine().await;
    assert!(written > 0);
    exam.deactivate_employee("antoine.pineau@toiles-de-loire.fr")
        .await;
    assert_eq!(articles_of_antoine().await, written);
    let (refused, _) = exam
        .app
        .shopper()
        .post(
            &format!("/s/{id}/admin/connexion"),
            &[
                ("email", "antoine.pineau@toiles-de-loire.fr"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_ne!(refused.status, 303, "a deactivated account cannot sign in");

    exam.storefront_shows("/blog", &["Bien dormir en été", "Suivez l"])
        .await;

    exam.assert_solved().await;
}

const PLAID_DESCRIPTION: &str = "Un plaid en lin et coton au tissage gaufré, bordé de franges nouées à la main. Sa teinte \
    terracotta chaleureuse s'accorde avec nos housses de coussin. Tissé au Portugal et fini dans notre atelier de \
    Cholet, il se lave en machine à 30 °C.";

const NATHALIE_REPLY: &str = "Bonjour Nathalie, merci d'avoir pris le temps de nous écrire et désolés de cette déception. \
    L'éponge bio peut boulocher lors des premiers lavages : lavez-la à 40 °C maximum, sans assouplissant. Notre service \
    client vous contacte pour trouver une solution.";

#[tokio::test]
async fn subject_e_is_solved_over_http() {
    let exam = Exam::start("sujet-e-boutique-mois-du-blanc.toml").await;

    // Question 1: the product completed with its features, then put online.
    let plaid = exam.product("TDL-PL-004").await;
    let mut f = exam.product_form(plaid).await;
    exam.set_feature(&mut f, "Matière", "55 % lin, 45 % coton")
        .await;
    exam.set_feature(&mut f, "Dimensions", "130 x 170 cm").await;
    exam.set_feature(
        &mut f,
        "Origine",
        "Tissé au Portugal, finitions à Cholet (49)",
    )
    .await;
    set(&mut f, "price_ht", "74,17");
    set(&mut f, "quantity", "30");
    set(&mut f, "description", PLAID_DESCRIPTION);
    set(
        &mut f,
        "meta_title",
        "Plaid en lin et coton terracotta | Toiles de Loire",
    );
    set(
        &mut f,
        "meta_description",
        "Plaid gaufré en lin et coton terracotta, franges nouées à la main, fini à Cholet. Lavable à 30 °C.",
    );
    set(&mut f, "active", "1");
    exam.save_product(plaid, &f).await;

    // Question 2: the white sale on the whole bed linen category.
    exam.create_catalog_rule(
        "Mois du blanc 2027",
        "linge-de-lit",
        "20",
        "2027-01-05",
        "2027-01-31",
    )
    .await;

    // Question 3: the negative review published with a public answer.
    exam.moderate_review("Nathalie P.", "approved", NATHALIE_REPLY)
        .await;

    // Question 4: the return accepted, received, refunded by a credit slip without shipping.
    for step in ["accepter", "recevoir", "rembourser"] {
        exam.return_step("WLEPDSQSZ", step, false).await;
    }

    // Question 5: the order picker's account.
    exam.create_employee(
        "Clara",
        "Lemoine",
        "clara.lemoine@toiles-de-loire.fr",
        "Logisticien",
    )
    .await;

    exam.storefront_shows(
        "/produit/serviette-toilette-eponge-bio",
        &[
            "Déçue après trois lavages",
            "Notre service client vous contacte",
        ],
    )
    .await;

    exam.assert_solved().await;
}

const GANT_DESCRIPTION: &str = "Un gant de cuisine en lin épais doublé de coton, au rembourrage ouaté qui protège bien \
    de la chaleur. Sa boucle de suspension le garde à portée de main et il se lave à 40 °C. Assorti à notre tablier \
    bleu Loire, cousu à Cholet.";

const LACROIX_REPLY: &str = "Bonjour Madame Lacroix, nous avons bien reçu et encaissé votre chèque : votre commande \
    CJYLGHHRY est validée et part en préparation. Merci de votre confiance, le service client.";

const F_DIAGNOSTIC: &str = "Indicateurs : paniers créés, paniers abandonnés, taux d'abandon de panier et taux de \
    conversion, par appareil, en octobre comparé à septembre 2026. Sur mobile, le nombre de paniers a augmenté mais \
    le taux d'abandon de panier a fortement progressé et le taux de conversion a baissé, alors que l'ordinateur reste \
    stable. Causes possibles : un tunnel de commande trop long sur mobile, des frais de port découverts tard. Actions \
    correctives : simplifier la commande sur mobile et afficher les frais de port dès le panier, puis relancer les \
    paniers abandonnés par courriel.";

#[tokio::test]
async fn subject_f_is_solved_over_http() {
    let exam = Exam::start("sujet-f-boutique-soldes-hiver.toml").await;

    // Question 1: the product completed, online and featured on the home page.
    let gant = exam.product("TDL-AC-006").await;
    let mut f = exam.product_form(gant).await;
    set(&mut f, "price_ht", "16,58");
    set(&mut f, "quantity", "60");
    set(&mut f, "description", GANT_DESCRIPTION);
    set(
        &mut f,
        "meta_title",
        "Gant de cuisine en lin bleu Loire | Toiles de Loire",
    );
    set(
        &mut f,
        "meta_description",
        "Gant de cuisine en lin épais doublé de coton, rembourrage ouaté et boucle de suspension. Assorti au tablier bleu Loire.",
    );
    set(&mut f, "active", "1");
    set(&mut f, "featured", "1");
    f.push((
        "accessories".into(),
        exam.product("TDL-AC-003").await.to_string(),
    ));
    exam.save_product(gant, &f).await;

    // Question 2: the carousel slide.
    let slide = exam.media("slides/slide-table.svg").await;
    exam.add_home_block(&form(&[
        ("kind", "slide"),
        ("title", "La cuisine se met au lin"),
        (
            "body",
            "Tabliers, torchons et gants assortis, tissés en Europe et cousus à Cholet.",
        ),
        ("link", "/categorie/accessoires"),
        ("media_id", &slide.to_string()),
        ("position", "0"),
        ("active", "1"),
    ]))
    .await;

    // Question 3: the cheque received, the customer told.
    exam.set_order_state("CJYLGHHRY", "Paiement accepté").await;
    exam.reply_to_thread("Paiement par chèque", LACROIX_REPLY, "closed")
        .await;

    // Question 4: « couverture » finds the plaids.
    exam.add_search_alias("couverture", "plaid").await;

    // Question 5: the written diagnostic.
    exam.write_answer(5, F_DIAGNOSTIC).await;

    // Not the glove itself: the home page lists the first 8 featured products by id, and
    // the reference site already has 8 (reported to the storefront's owner).
    exam.storefront_shows("/", &["La cuisine se met au lin"])
        .await;

    exam.assert_solved().await;
}
