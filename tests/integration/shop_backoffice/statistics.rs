//! Statistics agree with the raw rows and move with a new order.

use super::*;
use crate::helpers::one;
use crate::helpers::row_for;

/// Reads a CSV export: checks the French spreadsheet conventions, returns the rows.
fn read_csv(body: &str) -> Vec<Vec<String>> {
    assert!(body.starts_with('\u{feff}'), "UTF-8 with BOM");
    body.trim_start_matches('\u{feff}')
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .map(|l| l.split(';').map(str::to_owned).collect())
        .collect()
}

#[tokio::test]
async fn the_statistics_agree_with_the_raw_rows_and_move_with_a_new_order() {
    let s = Site::new().await;
    let (id, app, db, user) = (&s.id, &s.app, &s.db, &s.admin);
    let (stats, sessions, orders, revenue, organic, rows) =
        the_figures_agree_with_the_raw_rows(id, db, user).await;
    the_daily_rows_and_periods_agree(user, &stats, sessions, orders, revenue, organic, &rows).await;
    a_new_order_moves_the_figures(id, app, db, user, &stats).await;
}

async fn the_figures_agree_with_the_raw_rows(
    id: &str,
    db: &SqlitePool,
    user: &Shopper,
) -> (String, i64, i64, i64, i64, Vec<Vec<String>>) {
    let stats = format!("/s/{id}/admin/boutique/statistiques");

    // Recomputed here from the raw rows, independently of the dashboard's code.
    let (from, to) = ("2026-10-02", "2026-10-31");
    let (sessions, abandoned, created): (i64, i64, i64) = sqlx::query_as(
        "SELECT SUM(sessions), SUM(carts_abandoned), SUM(carts_created) FROM traffic_daily WHERE day >= ? AND day <= ?",
    )
    .bind(from)
    .bind(to)
    .fetch_one(db)
    .await
    .unwrap();
    let (orders, revenue): (i64, i64) = row_for(db, "SELECT COUNT(*), SUM(total_paid_cents) FROM orders WHERE created_at >= ? AND created_at < '2026-11-01' AND state_id NOT IN (7, 9)", from).await;
    let organic: i64 = sqlx::query_scalar("SELECT SUM(sessions) FROM traffic_daily WHERE day >= ? AND day <= ? AND source = 'organic'")
        .bind(from)
        .bind(to)
        .fetch_one(db)
        .await
        .unwrap();

    let page = user.get_ok(&stats).await;
    page.shows("du 2 octobre 2026 au 31 octobre 2026")
        .shows("Comparée au 2 septembre 2026 – 1er octobre 2026")
        .shows("Taux de conversion")
        .shows("Panier moyen TTC")
        .shows("/assets/vendor/chart.umd.min.js");
    let conversion = format!("{:.2}", orders as f64 * 100.0 / sessions as f64).replace('.', ",");
    assert!(
        page.body.contains(&format!("{conversion}\u{a0}%")),
        "conversion {conversion} %"
    );
    let abandonment = format!("{:.2}", abandoned as f64 * 100.0 / created as f64).replace('.', ",");
    assert!(
        page.body.contains(&format!("{abandonment}\u{a0}%")),
        "abandonment {abandonment} %"
    );
    assert!(
        page.body.contains(&euros(revenue)),
        "revenue {}",
        euros(revenue)
    );
    assert!(
        page.body
            .contains(&euros((revenue as f64 / orders as f64).round() as i64)),
        "average basket"
    );

    let days = user.get_ok(&format!("{stats}/export/jours.csv")).await;
    let rows = read_csv(&days.body);
    assert_eq!(rows[0], ["Jour", "Sessions", "Commandes", "CA TTC (€)"]);
    (stats, sessions, orders, revenue, organic, rows)
}

async fn the_daily_rows_and_periods_agree(
    user: &Shopper,
    stats: &str,
    sessions: i64,
    orders: i64,
    revenue: i64,
    organic: i64,
    rows: &[Vec<String>],
) {
    assert_eq!(rows.len(), 31);
    let sum = |col: usize| {
        rows[1..]
            .iter()
            .map(|r| r[col].replace(',', "").parse::<i64>().unwrap())
            .sum::<i64>()
    };
    assert_eq!((sum(1), sum(2), sum(3)), (sessions, orders, revenue));
    let sources = read_csv(&user.get(&format!("{stats}/export/sources.csv")).await.body);
    let organic_row = sources
        .iter()
        .find(|r| r[0] == "Recherche naturelle")
        .unwrap();
    assert_eq!(organic_row[1], organic.to_string());

    // A month and a custom period are understood; a bad one is explained.
    let month = user
        .get(&format!("{stats}?periode=mois&mois=2026-02"))
        .await;
    month.shows("du 1er février 2026 au 28 février 2026");
    let bad = user
        .get(&format!(
            "{stats}?periode=perso&du=2026-05-10&au=2026-05-01"
        ))
        .await;
    bad.shows("La date de fin est antérieure à la date de début.");
}

async fn a_new_order_moves_the_figures(
    id: &str,
    app: &TestApp,
    db: &SqlitePool,
    user: &Shopper,
    stats: &str,
) {
    // A candidate's own order today (after the seeded traffic) moves the figures.
    let shopper = app.shopper_with(id, 29, 1).await;
    let carrier: i64 = one(
        db,
        "SELECT id FROM carrier WHERE active = 1 ORDER BY position, id LIMIT 1",
    )
    .await;
    shopper
        .post_ok(
            &format!("/s/{id}/commande"),
            &[
                ("email", "test.candidat@exemple.fr"),
                ("first_name", "Test"),
                ("last_name", "Candidat"),
                ("address1", "1 rue du Test"),
                ("postcode", "49300"),
                ("city", "Cholet"),
                ("country", "FR"),
                ("carrier_id", &carrier.to_string()),
                ("payment", "cheque"),
                ("cgv", "1"),
            ],
        )
        .await;
    let today = e5_domain::paris_now().day();
    let rows = read_csv(&user.get(&format!("{stats}/export/jours.csv")).await.body);
    let last = rows.last().unwrap();
    assert_eq!(last[0], today);
    assert_eq!(
        (last[1].as_str(), last[2].as_str()),
        ("1", "1"),
        "one session counted for the untracked order"
    );
    let page = user.get(stats).await;
    page.shows("1 commande(s) passée(s) un jour sans données de trafic");
}
