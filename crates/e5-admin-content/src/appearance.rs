//! Apparence: menus (main, footer; nested items), widgets (blog sidebar and footer), site
//! identity (title, slogan, logo, site icon, header image). Administrators only.

use axum::Form;
use axum::extract::Path;
use e5_shop::admin::Staff;
use e5_shop::content::widgets;
use e5_shop::context;
use e5_shop_db::query::Read;
use serde::{Deserialize, Serialize};

use crate::commands::{self, MenuItemInput};
use crate::posts::{IdParam, PageResult};
use crate::roles::{Role, require};
use e5_domain::setting;

fn admin_only(staff: &Staff) -> Result<(), e5_shop::web::ShopError> {
    require(staff, Role::is_admin, "modifier l'apparence du site").map(|_| ())
}

#[derive(Debug, Serialize, sqlx::FromRow)]
struct Item {
    id: i64,
    parent_id: Option<i64>,
    label: String,
    kind: String,
    target_id: Option<i64>,
    url: String,
    position: i64,
    location: String,
    target: Option<String>,
    kind_label: String,
}

/// A top-level menu item and its children.
type Branch<'a> = (&'a Item, Vec<&'a Item>);

pub async fn menus(staff: Staff) -> PageResult {
    let db = staff.site.db();
    let items: Vec<Item> = db.rows(
        "SELECT i.id, i.parent_id, i.label, i.kind, i.target_id, i.url, i.position, m.location,
                CASE i.kind WHEN 'page' THEN (SELECT title FROM post WHERE id = i.target_id)
                            WHEN 'post' THEN (SELECT title FROM post WHERE id = i.target_id)
                            WHEN 'category' THEN (SELECT name FROM category WHERE id = i.target_id)
                            WHEN 'product' THEN (SELECT name FROM product WHERE id = i.target_id)
                            WHEN 'custom' THEN i.url END AS target,
                CASE i.kind WHEN 'page' THEN 'Page' WHEN 'post' THEN 'Article' WHEN 'category' THEN 'Catégorie' WHEN 'product' THEN 'Produit'
                            WHEN 'custom' THEN 'Lien personnalisé' WHEN 'home' THEN 'Accueil' WHEN 'blog' THEN 'Blog' ELSE 'Contact' END AS kind_label
         FROM menu_item i JOIN menu m ON m.id = i.menu_id ORDER BY m.location, i.position, i.id",
        (),
    ).await?;
    // Each menu as a tree: top-level items, each followed by its children.
    let mut menus: Vec<(String, &str, Vec<Branch>)> = Vec::new();
    for (location, name) in [
        (
            "main",
            "Menu principal (en-tête, et menu « Menu » sur mobile)",
        ),
        ("footer", "Menu du pied de page"),
    ] {
        let tree = items
            .iter()
            .filter(|i| i.location == location && i.parent_id.is_none())
            .map(|top| {
                (
                    top,
                    items
                        .iter()
                        .filter(|c| c.parent_id == Some(top.id))
                        .collect(),
                )
            })
            .collect();
        menus.push((location.to_owned(), name, tree));
    }
    let pages: Vec<(i64, String)> = db
        .rows(
            "SELECT id, title FROM post WHERE kind = 'page' AND status = 'publish' ORDER BY title",
            (),
        )
        .await?;
    let posts: Vec<(i64, String)> = db.rows(
        "SELECT id, title FROM post WHERE kind = 'post' AND status = 'publish' ORDER BY published_at DESC LIMIT 30",
        (),
    ).await?;
    let categories: Vec<(i64, String)> = db
        .rows(
            "SELECT id, name FROM category WHERE active = 1 ORDER BY position, name",
            (),
        )
        .await?;
    let ctx = context! { menus, pages, posts, categories, can_edit: Role::of(&staff).is_admin() };
    staff.render("admin/content/menus.html", "Menus", ctx).await
}

#[derive(Deserialize)]
pub struct AddItemForm {
    location: String,
    kind: String,
    #[serde(default)]
    page_id: String,
    #[serde(default)]
    post_id: String,
    #[serde(default)]
    category_id: String,
    #[serde(default)]
    label: String,
    #[serde(default)]
    url: String,
    #[serde(default)]
    parent_id: String,
    #[serde(default)]
    position: String,
}

pub async fn add_item(staff: Staff, Form(f): Form<AddItemForm>) -> PageResult {
    admin_only(&staff)?;
    let target = match f.kind.as_str() {
        "page" => f.page_id.parse().ok(),
        "post" => f.post_id.parse().ok(),
        "category" => f.category_id.parse().ok(),
        _ => None,
    };
    let input = MenuItemInput {
        location: if f.location == "footer" {
            "footer".into()
        } else {
            "main".into()
        },
        label: f.label,
        kind: f.kind,
        target_id: target,
        url: f.url,
        parent_id: f.parent_id.parse().ok(),
        position: f.position.parse().unwrap_or(99),
    };
    staff.done(
        commands::add_menu_item(&staff.site, &staff.actor(), input).await,
        "/apparence/menus",
        "Élément ajouté au menu.",
    )
}

#[derive(Deserialize)]
pub struct ItemForm {
    label: String,
    #[serde(default)]
    parent_id: String,
    #[serde(default)]
    position: String,
}

pub async fn update_item(
    staff: Staff,
    Path(p): Path<IdParam>,
    Form(f): Form<ItemForm>,
) -> PageResult {
    admin_only(&staff)?;
    staff.done(
        commands::update_menu_item(
            &staff.site,
            &staff.actor(),
            p.id,
            &f.label,
            f.parent_id.parse().ok(),
            f.position.parse().unwrap_or(0),
        )
        .await,
        "/apparence/menus",
        "Menu enregistré.",
    )
}

pub async fn delete_item(staff: Staff, Path(p): Path<IdParam>) -> PageResult {
    admin_only(&staff)?;
    staff.done(
        commands::delete_menu_item(&staff.site, &staff.actor(), p.id).await,
        "/apparence/menus",
        "Élément retiré du menu.",
    )
}

#[derive(Debug, Serialize, sqlx::FromRow)]
struct Widget {
    id: i64,
    area: String,
    kind: String,
    title: String,
    settings: String,
}

pub async fn widgets(staff: Staff) -> PageResult {
    let rows: Vec<Widget> = sqlx::query_as(
        "SELECT id, area, kind, title, settings FROM widget ORDER BY area, position, id",
    )
    .fetch_all(staff.site.db())
    .await?;
    let ctx = context! {
        rows, kinds: widgets::KINDS,
        areas: [ ("sidebar", "Barre latérale du blog"), ("footer", "Pied de page"), ],
    };
    staff
        .render("admin/content/widgets.html", "Widgets", ctx)
        .await
}

#[derive(Deserialize)]
pub struct WidgetForm {
    area: String,
    kind: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    count: String,
    #[serde(default)]
    excerpt_words: String,
    #[serde(default)]
    media_ids: String,
}

pub async fn add_widget(staff: Staff, Form(f): Form<WidgetForm>) -> PageResult {
    admin_only(&staff)?;
    let settings = match f.kind.as_str() {
        "text" => serde_json::json!({"text": f.text.chars().take(2000).collect::<String>()}),
        "recent_posts" => serde_json::json!({
            "count": f.count.parse::<i64>().unwrap_or(5).clamp(1, 10),
            "excerpt_words": f.excerpt_words.parse::<i64>().unwrap_or(0).clamp(0, 80),
        }),
        "gallery" => {
            serde_json::json!({"media_ids": f.media_ids.split([',', ' ']).filter_map(|s| s.trim().parse::<i64>().ok()).take(12).collect::<Vec<_>>()})
        }
        _ => serde_json::json!({}),
    };
    staff.done(
        commands::add_widget(
            &staff.site,
            &staff.actor(),
            &f.area,
            &f.kind,
            &f.title,
            settings,
        )
        .await,
        "/apparence/widgets",
        "Widget ajouté.",
    )
}

pub async fn delete_widget(staff: Staff, Path(p): Path<IdParam>) -> PageResult {
    admin_only(&staff)?;
    staff.done(
        commands::delete_widget(&staff.site, &staff.actor(), p.id).await,
        "/apparence/widgets",
        "Widget retiré.",
    )
}

pub async fn identity(staff: Staff) -> PageResult {
    let s = e5_shop::content::settings(staff.site.db()).await?;
    let images: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, file FROM media WHERE mime LIKE 'image/%' ORDER BY id DESC")
            .fetch_all(staff.site.db())
            .await?;
    let get = |k: &str| s.get(k).cloned().unwrap_or_default();
    let pickers = [
        ("logo", "Logo", get(setting::LOGO_MEDIA)),
        ("icon", "Icône du site (favicon)", get(setting::ICON_MEDIA)),
        ("header", "Image d'en-tête", get(setting::HEADER_MEDIA)),
    ];
    let ctx = context! {
        name: get(setting::SHOP_NAME), slogan: get(setting::SHOP_SLOGAN), pickers, images,
    };
    staff
        .render("admin/content/identity.html", "Identité du site", ctx)
        .await
}

#[derive(Deserialize)]
pub struct IdentityForm {
    name: String,
    #[serde(default)]
    slogan: String,
    #[serde(default)]
    logo: String,
    #[serde(default)]
    icon: String,
    #[serde(default)]
    header: String,
}

pub async fn save_identity(staff: Staff, Form(f): Form<IdentityForm>) -> PageResult {
    admin_only(&staff)?;
    let name = f.name.trim();
    if name.is_empty() || name.chars().count() > 80 {
        return Ok(staff.refuse(
            "/apparence/identite",
            Some("Le titre du site est obligatoire (80 caractères au plus)."),
        ));
    }
    let id = |v: &str| {
        v.trim()
            .parse::<i64>()
            .map(|n| n.to_string())
            .unwrap_or_default()
    };
    let values = vec![
        (setting::SHOP_NAME.to_owned(), name.to_owned()),
        (
            setting::SHOP_SLOGAN.to_owned(),
            f.slogan.trim().chars().take(150).collect(),
        ),
        (setting::LOGO_MEDIA.to_owned(), id(&f.logo)),
        (setting::ICON_MEDIA.to_owned(), id(&f.icon)),
        (setting::HEADER_MEDIA.to_owned(), id(&f.header)),
    ];
    staff.done(
        commands::save_settings(&staff.site, &staff.actor(), &values, |changed| {
            format!("Identité du site modifiée : {}", changed.join(", "))
        })
        .await,
        "/apparence/identite",
        "Identité du site enregistrée.",
    )
}
