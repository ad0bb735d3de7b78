//! Autosaved drafts on the server (`e5_shop::drafts`, routes `…/admin/brouillons`): kept per
//! sandbox and employee, refused beyond their size or from another origin, deleted once the
//! form is saved, never in the journal nor seen by a subject's checks, and gone with a reset.

use crate::helpers::column;
use crate::helpers::one;
use crate::helpers::{ADMIN_EMAIL, PASSWORD, Shopper, TestApp, TestData, repo_root};
use e5_domain::SandboxId;
use e5_subjects::Subject;
use serde_json::{Value, json};

const JULIEN: &str = "julien.moreau@toiles-de-loire.fr";

async fn signed_in(app: &TestApp, sandbox: &str, email: &str) -> Shopper {
    let user = app.shopper();
    user.post_ok(
        &format!("/s/{sandbox}/admin/connexion"),
        &[("email", email), ("password", PASSWORD)],
    )
    .await;
    user
}

/// Saves a draft as `brouillon.js` does (JSON, with the page's `Origin`).
async fn save(user: &Shopper, sandbox: &str, page: &str, data: &Value) -> (u16, Value) {
    let path = format!("/s/{sandbox}/admin/brouillons");
    let r = user
        .client
        .post(user.url(&path))
        .header("origin", user.base(&path))
        .json(&json!({"page": page, "t": 1_765_000_000_000_i64, "data": data}))
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

async fn load(user: &Shopper, sandbox: &str, page: &str) -> (u16, Value) {
    let path = format!("/s/{sandbox}/admin/brouillons");
    let r = user
        .client
        .get(user.url(&path))
        .query(&[("page", page)])
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

fn article_draft(text: &str) -> Value {
    json!({
        "fields": {"title": "Mon article", "slug": ""},
        "blocks": {"blocs": [{"type": "paragraph", "data": {"text": text}}]}
    })
}

async fn journal_rows(t: &TestData, sandbox: e5_domain::SandboxId) -> i64 {
    let db = t.open(sandbox).await;
    let n = one(&db, "SELECT COUNT(*) FROM journal").await;
    db.close().await;
    n
}

#[tokio::test]
async fn a_draft_is_kept_for_its_employee_and_sandbox_only_and_never_journalled() {
    let t = TestData::new().await;
    let id = t.sandbox();
    let (other, app, helene, julien, page, journal_before, draft) =
        a_draft_is_kept_for_its_employee_and_sandbox_only_and_never(&t, id).await;
    another_sandbox_sees_no_draft(id, other, &app, &helene, &page, &draft).await;
    not_in_the_journal_not_in_the_sandbox(&t, id, &helene, &julien, &page, journal_before, &draft)
        .await;
}

async fn a_draft_is_kept_for_its_employee_and_sandbox_only_and_never(
    t: &TestData,
    id: SandboxId,
) -> (SandboxId, TestApp, Shopper, Shopper, String, i64, Value) {
    let other = t.sandbox();
    let app = TestApp::spawn(&t.data).await;
    let helene = signed_in(&app, &id.to_string(), ADMIN_EMAIL).await;
    let julien = signed_in(&app, &id.to_string(), JULIEN).await;
    let page = format!("/s/{id}/admin/articles/nouveau|post");
    let journal_before = journal_rows(t, id).await;

    // Nothing yet, then saved and read back.
    assert_eq!(
        load(&helene, &id.to_string(), &page).await,
        (200, Value::Null)
    );
    let draft = article_draft("Le lin européen, de la Normandie à Cholet.");
    let (status, answer) = save(&helene, &id.to_string(), &page, &draft).await;
    assert_eq!(status, 200, "{answer}");
    let (status, back) = load(&helene, &id.to_string(), &page).await;
    assert_eq!(status, 200);
    assert_eq!(back["data"], draft);
    assert_eq!(back["t"], 1_765_000_000_000_i64);

    // Another employee of the same sandbox sees nothing, and keeps their own.
    assert_eq!(
        load(&julien, &id.to_string(), &page).await,
        (200, Value::Null)
    );
    let theirs = article_draft("Le brouillon de Julien");
    assert_eq!(save(&julien, &id.to_string(), &page, &theirs).await.0, 200);
    assert_eq!(load(&helene, &id.to_string(), &page).await.1["data"], draft);
    assert_eq!(
        load(&julien, &id.to_string(), &page).await.1["data"],
        theirs
    );

    (other, app, helene, julien, page, journal_before, draft)
}

async fn another_sandbox_sees_no_draft(
    id: SandboxId,
    other: SandboxId,
    app: &TestApp,
    helene: &Shopper,
    page: &str,
    draft: &Value,
) {
    // Another sandbox: the sign-in does not carry over, and a key of another sandbox is
    // refused even to someone signed in there.
    let anonymous = helene
        .client
        .get(helene.url(&format!("/s/{other}/admin/brouillons")))
        .query(&[("page", &format!("/s/{other}/admin/articles/nouveau|post"))])
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status().as_u16(), 303, "sent to the sign-in page");
    let helene_other = signed_in(app, &other.to_string(), ADMIN_EMAIL).await;
    assert_eq!(
        load(&helene_other, &other.to_string(), page).await.0,
        400,
        "a key of another sandbox"
    );
    let same_page_there = format!("/s/{other}/admin/articles/nouveau|post");
    assert_eq!(
        load(&helene_other, &other.to_string(), &same_page_there).await,
        (200, Value::Null)
    );
    assert_eq!(
        save(&helene_other, &other.to_string(), page, draft).await.0,
        400
    );

    // Too large: refused with a French message, the previous draft kept.
    let huge = article_draft(&"lin ".repeat(140_000));
    let (status, answer) = save(helene, &id.to_string(), page, &huge).await;
    assert_eq!(status, 413);
    assert!(
        answer["erreur"]
            .as_str()
            .unwrap_or_default()
            .contains("Brouillon trop volumineux"),
        "{answer}"
    );
    assert_eq!(load(helene, &id.to_string(), page).await.1["data"], *draft);

    // A forged cross-origin save is refused by the guard, before anything is written.
    for (name, value) in [
        ("origin", "http://evil.example"),
        ("sec-fetch-site", "cross-site"),
    ] {
        let forged = helene
            .client
            .post(helene.url(&format!("/s/{id}/admin/brouillons")))
            .header(name, value)
            .json(&json!({"page": page, "t": 1, "data": article_draft("forgé")}))
            .send()
            .await
            .unwrap();
        assert_eq!(forged.status().as_u16(), 403, "{name}: {value}");
    }
    assert_eq!(load(helene, &id.to_string(), page).await.1["data"], *draft);
}

async fn not_in_the_journal_not_in_the_sandbox(
    t: &TestData,
    id: SandboxId,
    helene: &Shopper,
    julien: &Shopper,
    page: &str,
    journal_before: i64,
    draft: &Value,
) {
    // Not in the journal, not in the sandbox's database at all.
    assert_eq!(journal_rows(t, id).await, journal_before);
    let db = t.open(id).await;
    let tables: Vec<String> = column(&db, "SELECT name FROM sqlite_master").await;
    assert!(!tables.iter().any(|n| n.contains("draft")), "{tables:?}");
    db.close().await;

    // "Ignorer": forgotten.
    let path = format!("/s/{id}/admin/brouillons/supprimer");
    let r = julien
        .client
        .post(julien.url(&path))
        .header("origin", julien.base(&path))
        .json(&json!({"page": page}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(
        load(julien, &id.to_string(), page).await,
        (200, Value::Null)
    );
    assert_eq!(load(helene, &id.to_string(), page).await.1["data"], *draft);
}

#[tokio::test]
async fn a_saved_form_deletes_its_draft_and_a_refused_one_keeps_it() {
    let (t, id, app) = TestData::served().await;
    let helene = signed_in(&app, &id.to_string(), ADMIN_EMAIL).await;
    let page = format!("/s/{id}/admin/articles/nouveau|post");
    let draft = article_draft("Bonjour");
    assert_eq!(save(&helene, &id.to_string(), &page, &draft).await.0, 200);
    let blocks = json!([{"type": "paragraph", "data": {"text": "Bonjour"}}]).to_string();
    let mut fields = vec![
        ("title", "Mon article"),
        ("slug", ""),
        ("excerpt", ""),
        ("blocks", blocks.as_str()),
        ("meta_title", ""),
        ("meta_description", ""),
        ("focus_keyword", ""),
        ("featured_media_id", ""),
        ("publish_at", ""),
        ("action", "draft"),
        ("_brouillon", page.as_str()),
    ];

    // Refused (no title): the page comes back with its error, the draft stays.
    fields[0] = ("title", "");
    let (refused, _) = helene
        .post(&format!("/s/{id}/admin/articles/nouveau"), &fields)
        .await;
    assert_ne!(refused.status, 303, "an article without a title is refused");
    assert_eq!(load(&helene, &id.to_string(), &page).await.1["data"], draft);

    // Saved: the draft is gone, and the handler never saw the field.
    fields[0] = ("title", "Mon article");
    let next = helene
        .post_ok(&format!("/s/{id}/admin/articles/nouveau"), &fields)
        .await;
    assert_eq!(next.status, 200);
    assert_eq!(
        load(&helene, &id.to_string(), &page).await,
        (200, Value::Null)
    );

    // The field of another sandbox's page deletes nothing here.
    assert_eq!(save(&helene, &id.to_string(), &page, &draft).await.0, 200);
    let elsewhere = format!("/s/{}/admin/articles/nouveau|post", t.sandbox());
    fields[10] = ("_brouillon", elsewhere.as_str());
    fields[0] = ("title", "Un autre article");
    helene
        .post_ok(&format!("/s/{id}/admin/articles/nouveau"), &fields)
        .await;
    assert_eq!(load(&helene, &id.to_string(), &page).await.1["data"], draft);
}

#[tokio::test]
async fn a_reset_or_a_deletion_of_the_sandbox_takes_its_drafts() {
    let t = TestData::new().await;
    for deleting in [false, true] {
        let id = t.sandbox();
        let path = t.data.sandbox_path(id);
        let drafts = e5_shop::drafts::Drafts::new(&path);
        drafts.save(1, "p|f", 1, "{}").await.unwrap();
        drafts.close().await;
        assert!(e5_shop_db::drafts::path_for(&path).is_file());
        // The sandbox list ignores the drafts file.
        let listed = e5_sandbox::list_sandboxes(&t.data).await.unwrap();
        assert!(
            listed
                .iter()
                .all(|s| s.path != e5_shop_db::drafts::path_for(&path))
        );
        if deleting {
            e5_sandbox::delete_sandbox(&t.data, id).unwrap();
        } else {
            e5_sandbox::reset_sandbox(&t.data, id).await.unwrap();
        }
        for file in e5_shop_db::drafts::files_for(&path) {
            assert!(!file.exists(), "{} left behind", file.display());
        }
        let again = e5_shop::drafts::Drafts::new(&path);
        assert_eq!(again.count(1).await.unwrap(), 0);
    }
}

#[tokio::test]
async fn a_draft_containing_the_expected_text_satisfies_no_check() {
    let t = TestData::new().await;
    let subject = Subject::load(
        &repo_root()
            .join("subjects")
            .join("sujet-a-contenu-article-lin.toml"),
    )
    .unwrap();
    let prepared = e5_subjects::prepare(&subject, &t.data).await.unwrap();
    let id = e5_sandbox::fork_from(&t.data, &prepared.path).unwrap();
    let app = TestApp::spawn(&t.data).await;
    let helene = signed_in(&app, &id.to_string(), ADMIN_EMAIL).await;

    // An article that would satisfy question 1, only as a draft.
    let mut blocks = vec![
        json!({"type": "header", "data": {"text": "Le lin européen", "level": 2}}),
        json!({"type": "paragraph", "data": {"text": "Le lin européen pousse en Normandie. ".repeat(40)}}),
        json!({"type": "header", "data": {"text": "De la Normandie à Cholet", "level": 2}}),
    ];
    blocks.push(json!({"type": "paragraph", "data": {"text": "Nos draps en lin européen, de <a href=\"/categorie/linge-de-lit\">linge de lit</a>. ".repeat(30)}}));
    let draft = json!({
        "fields": {"title": "Le lin européen, de la Normandie à Cholet", "focus_keyword": "lin européen",
                   "meta_description": "Le lin européen de nos draps.", "action": "publish"},
        "blocks": {"blocs": blocks}
    });
    for page in ["articles/nouveau|post", "articles/nouveau|publier"] {
        let page = format!("/s/{id}/admin/{page}");
        assert_eq!(save(&helene, &id.to_string(), &page, &draft).await.0, 200);
    }
    let db = t.open(id).await;
    let rows = e5_subjects::evaluate(&subject, &db).await;
    let satisfied: Vec<String> = rows
        .iter()
        .flat_map(|r| r.checks.iter().map(move |c| (r, c)))
        .filter(|(_, c)| c.satisfied)
        .map(|(r, c)| format!("{} {} : {}", r.row_id, c.label, c.evidence))
        .collect();
    assert!(satisfied.is_empty(), "satisfied by a draft: {satisfied:?}");
    // The "Normandie" check in particular.
    let row = rows.iter().find(|r| r.row_id == "1c").expect("row 1c");
    assert!(!row.satisfied);
    db.close().await;
}
