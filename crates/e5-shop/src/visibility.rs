//! Categories a customer group may see (Clients › Groupes › « Catégories visibles »), as in
//! PrestaShop: a visitor's group (the "Visiteur" group when nobody is signed in, else the
//! customer's default group) decides which categories, and which products by their default
//! category, show in menus, category pages, search and product pages.
//!
//! The table of every group's hidden categories is built once per site and cached until the
//! next write ([`crate::Site::cached`]), so a page pays one cache lookup for it.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use e5_shop_db::query::Read;
use sqlx::SqlitePool;

/// What one group does not see. Empty for most groups: then every check is a no-op.
#[derive(Debug, Default, Clone)]
pub struct HiddenCategories {
    /// Hidden categories with their sub-categories (a hidden parent hides its children).
    ids: HashSet<i64>,
    /// Their storefront paths, `/categorie/<slug>`, to drop menu links to them.
    paths: HashSet<String>,
    /// The same ids as a SQL list, `3,7`, spliced into product queries (integers only).
    sql_list: String,
}

impl HiddenCategories {
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    pub fn hides(&self, category_id: i64) -> bool {
        self.ids.contains(&category_id)
    }

    /// Whether a storefront link (`<base>/categorie/<slug>`) leads to a hidden category.
    pub fn hides_link(&self, base: &str, url: &str) -> bool {
        url.strip_prefix(base)
            .is_some_and(|path| self.paths.contains(path))
    }

    /// A condition to append to a product query on `product p`: its default category is
    /// visible. Empty when nothing is hidden.
    pub fn product_filter(&self) -> String {
        self.not_in("p.category_id")
    }

    /// A condition to append to a query: `column` (a category id) is not hidden.
    pub fn not_in(&self, column: &str) -> String {
        if self.ids.is_empty() {
            String::new()
        } else {
            format!(" AND {column} NOT IN ({})", self.sql_list)
        }
    }
}

/// Every group's hidden categories, for one site.
#[derive(Debug, Default)]
pub struct CategoryAccess {
    by_group: HashMap<i64, Arc<HiddenCategories>>,
}

impl CategoryAccess {
    pub async fn load(db: &SqlitePool) -> Result<CategoryAccess, sqlx::Error> {
        let rows: Vec<(i64, i64)> = db
            .rows(
                "SELECT group_id, category_id FROM customer_group_hidden_category",
                (),
            )
            .await?;
        if rows.is_empty() {
            return Ok(CategoryAccess::default());
        }
        let tree: Vec<(i64, Option<i64>, String)> = db
            .rows("SELECT id, parent_id, slug FROM category", ())
            .await?;
        let mut hidden: HashMap<i64, HashSet<i64>> = HashMap::new();
        for (group, category) in rows {
            hidden.entry(group).or_default().insert(category);
        }
        let by_group = hidden
            .into_iter()
            .map(|(group, roots)| (group, Arc::new(expand(&tree, roots))))
            .collect();
        Ok(CategoryAccess { by_group })
    }

    /// What `group` does not see (nothing for a group without hidden categories).
    pub fn for_group(&self, group: i64) -> Arc<HiddenCategories> {
        self.by_group.get(&group).cloned().unwrap_or_default()
    }
}

/// The hidden categories and every category under them.
fn expand(tree: &[(i64, Option<i64>, String)], roots: HashSet<i64>) -> HiddenCategories {
    let mut ids = roots;
    // The tree is shallow: repeat until no child of a hidden category is left visible.
    loop {
        let before = ids.len();
        for (id, parent, _) in tree {
            if parent.is_some_and(|p| ids.contains(&p)) {
                ids.insert(*id);
            }
        }
        if ids.len() == before {
            break;
        }
    }
    let paths = tree
        .iter()
        .filter(|(id, _, _)| ids.contains(id))
        .map(|(_, _, slug)| format!("/categorie/{slug}"))
        .collect();
    let mut sorted: Vec<i64> = ids.iter().copied().collect();
    sorted.sort_unstable();
    let sql_list = sorted
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",");
    HiddenCategories {
        ids,
        paths,
        sql_list,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree() -> Vec<(i64, Option<i64>, String)> {
        vec![
            (1, None, "linge-de-lit".into()),
            (2, Some(1), "draps-housses".into()),
            (6, None, "linge-de-bain".into()),
        ]
    }

    #[test]
    fn a_hidden_parent_hides_its_children_and_their_products() {
        let hidden = expand(&tree(), HashSet::from([1]));
        assert!(hidden.hides(1) && hidden.hides(2) && !hidden.hides(6));
        assert_eq!(hidden.product_filter(), " AND p.category_id NOT IN (1,2)");
        assert!(hidden.hides_link("/s/x", "/s/x/categorie/draps-housses"));
        assert!(!hidden.hides_link("/s/x", "/s/x/categorie/linge-de-bain"));
    }

    #[test]
    fn nothing_hidden_filters_nothing() {
        let hidden = HiddenCategories::default();
        assert!(hidden.is_empty());
        assert_eq!(hidden.product_filter(), "");
    }
}
