//! Content side steps of a candidate's solution: posts, pages, comments, media, settings.

use super::*;
use crate::helpers::{column_for, row_for};
use crate::helpers::{one, one_for};

impl Exam {
    /// Creates an article (`section` "articles") or a page ("pages") from the editor's
    /// fields; returns its id, read from the address the editor is sent back to.
    pub(super) async fn create_post(&self, section: &str, fields: &Form, message: &str) -> i64 {
        let page = self.send(&format!("/{section}/nouveau"), fields).await;
        assert!(
            page.body.contains(message),
            "new {section}: « {} »",
            visible_message(&page.body)
        );
        let id: i64 = one(&self.db, "SELECT MAX(id) FROM post").await;
        id
    }

    /// The editor of an existing article or page, as the browser fills it in.
    pub(super) async fn post_form(&self, post_id: i64) -> Form {
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
        ): Row = row_for(
            &self.db,
            "SELECT title, slug, excerpt, blocks, featured_media_id, comment_status, meta_title, \
             meta_description, focus_keyword, sticky, author_id, parent_id FROM post WHERE id = ?",
            post_id,
        )
        .await;
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
        let terms: Vec<i64> = column_for(
            &self.db,
            "SELECT term_id FROM post_term WHERE post_id = ?",
            post_id,
        )
        .await;
        for t in terms {
            f.push(("term".into(), t.to_string()));
        }
        f
    }

    pub(super) async fn term(&self, slug: &str) -> i64 {
        self.id_of("SELECT id FROM term WHERE slug = ?", slug).await
    }

    pub(super) async fn post_by_slug(&self, slug: &str) -> i64 {
        self.id_of("SELECT id FROM post WHERE slug = ?", slug).await
    }

    /// Médias > an image's details: the alternative text (the other fields kept).
    pub(super) async fn describe_media(&self, file: &str, alt: &str) {
        let id = self.media(file).await;
        let (title, caption, description): (String, String, String) = row_for(
            &self.db,
            "SELECT title, caption, description FROM media WHERE id = ?",
            id,
        )
        .await;
        let f = form(&[
            ("alt", alt),
            ("title", &title),
            ("caption", &caption),
            ("description", &description),
        ]);
        self.send(&format!("/medias/{id}"), &f).await;
        let saved: String = one_for(&self.db, "SELECT alt FROM media WHERE id = ?", id).await;
        assert_eq!(saved, alt, "alternative text of {file}");
    }

    /// Commentaires: approve (`approuver`), spam (`indesirable`), trash (`corbeille`).
    pub(super) async fn moderate_comment(&self, author: &str, action: &str) -> i64 {
        let id = self.comment_by(author).await;
        self.send_expecting(
            &format!("/commentaires/{id}/{action}"),
            &form(&[("retour", "")]),
            "Commentaire mis à jour.",
        )
        .await;
        id
    }

    pub(super) async fn reply_to_comment(&self, comment_id: i64, text: &str) {
        self.send_expecting(
            &format!("/commentaires/{comment_id}/repondre"),
            &form(&[("text", text)]),
            "Réponse publiée.",
        )
        .await;
    }

    /// Apparence > Menus: a page under a parent entry of the main menu.
    pub(super) async fn add_page_to_menu(&self, page_slug: &str, label: &str, parent_label: &str) {
        let sql = "SELECT id FROM post WHERE kind = 'page' AND slug = ?";
        let page = self.id_of(sql, page_slug).await;
        let sql = "SELECT i.id FROM menu_item i JOIN menu m ON m.id = i.menu_id WHERE m.location = 'main' AND i.label = ?";
        let parent = self.id_of(sql, parent_label).await;
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
    pub(super) async fn add_widget(&self, area: &str, kind: &str, title: &str, count: &str) {
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
    pub(super) async fn create_employee(
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

    pub(super) async fn set_wp_role(&self, employee_id: i64, role: &str) {
        self.send_expecting(
            &format!("/utilisateurs/{employee_id}"),
            &form(&[("role", role)]),
            "Rôle modifié.",
        )
        .await;
    }

    /// Équipe > an employee > Désactiver: the account stays, sign-in is refused.
    pub(super) async fn deactivate_employee(&self, email: &str) {
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
    pub(super) async fn write_answer(&self, question: u8, text: &str) {
        let q = question.to_string();
        self.send_expecting(
            "/reponses",
            &form(&[("question", &q), ("text", text)]),
            &format!("Réponse à la question {question} enregistrée."),
        )
        .await;
    }
}
