//! Statistiques: the diagnosis dashboard (criterion 8), with a period selector, the
//! previous period for comparison, charts, and every table exportable as CSV.

pub mod figures;
pub mod period;

use axum::extract::Query;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use e5_domain::Money;
use e5_domain::csv;
use e5_shop::admin::Staff;
use e5_shop::admin::form::Id;
use e5_shop::context;
use e5_shop::web::ShopError;
use serde::Serialize;

use figures::Summary;
use period::{Period, PeriodQuery};

/// One headline figure with its value on the previous period.
#[derive(Debug, Serialize)]
struct Kpi {
    label: &'static str,
    value: String,
    previous: String,
    /// Relative change in percent, when both values exist and the previous is not zero.
    change: Option<String>,
    /// "hausse" or "baisse" when the change is good or bad news.
    tone: &'static str,
    help: &'static str,
}

/// A rate as shown on the page ("2,35 %"), "—" when it cannot be computed.
pub fn percent_text(v: Option<f64>) -> String {
    pct(v)
}

fn pct(v: Option<f64>) -> String {
    v.map_or("—".to_owned(), |v| {
        format!("{}\u{a0}%", csv::decimal(v, 2))
    })
}

fn count(v: i64) -> String {
    let s = v.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push('\u{202f}');
        }
        out.push(c);
    }
    out
}

fn kpi(
    label: &'static str,
    help: &'static str,
    now: Option<f64>,
    before: Option<f64>,
    shown: (String, String),
    higher_is_better: bool,
) -> Kpi {
    let change = match (now, before) {
        (Some(n), Some(b)) if b != 0.0 => Some((n - b) * 100.0 / b),
        _ => None,
    };
    let tone = match change {
        Some(c) if c > 0.0 => {
            if higher_is_better {
                "hausse"
            } else {
                "baisse"
            }
        }
        Some(c) if c < 0.0 => {
            if higher_is_better {
                "baisse"
            } else {
                "hausse"
            }
        }
        _ => "",
    };
    Kpi {
        label,
        value: shown.0,
        previous: shown.1,
        change: change.map(|c| {
            format!(
                "{}{}\u{a0}%",
                if c > 0.0 { "+" } else { "" },
                csv::decimal(c, 1)
            )
        }),
        tone,
        help,
    }
}

fn kpis(now: &Summary, before: &Summary) -> Vec<Kpi> {
    let money = |v: i64| Money(v).to_string();
    let avg = |s: &Summary| s.average_basket();
    vec![
        kpi(
            "Sessions (visites)",
            "Somme des sessions du trafic journalier.",
            Some(now.sessions as f64),
            Some(before.sessions as f64),
            (count(now.sessions), count(before.sessions)),
            true,
        ),
        kpi(
            "Visiteurs",
            "Somme des visiteurs du trafic journalier.",
            Some(now.visitors as f64),
            Some(before.visitors as f64),
            (count(now.visitors), count(before.visitors)),
            true,
        ),
        kpi(
            "Commandes",
            "Commandes valides (hors annulées et erreurs de paiement).",
            Some(now.orders as f64),
            Some(before.orders as f64),
            (count(now.orders), count(before.orders)),
            true,
        ),
        kpi(
            "Chiffre d'affaires TTC",
            "Somme des montants payés TTC des commandes valides.",
            Some(now.revenue as f64),
            Some(before.revenue as f64),
            (money(now.revenue), money(before.revenue)),
            true,
        ),
        kpi(
            "Taux de conversion",
            "Commandes ÷ sessions × 100.",
            now.conversion_rate(),
            before.conversion_rate(),
            (pct(now.conversion_rate()), pct(before.conversion_rate())),
            true,
        ),
        kpi(
            "Panier moyen TTC",
            "Chiffre d'affaires ÷ commandes.",
            avg(now).map(|v| v as f64),
            avg(before).map(|v| v as f64),
            (
                avg(now).map_or("—".into(), money),
                avg(before).map_or("—".into(), money),
            ),
            true,
        ),
        kpi(
            "Taux d'abandon de panier",
            "Paniers abandonnés ÷ paniers créés × 100.",
            now.abandonment_rate(),
            before.abandonment_rate(),
            (pct(now.abandonment_rate()), pct(before.abandonment_rate())),
            false,
        ),
        kpi(
            "Taux de rebond",
            "Sessions d'une seule page ÷ sessions × 100.",
            now.bounce_rate(),
            before.bounce_rate(),
            (pct(now.bounce_rate()), pct(before.bounce_rate())),
            false,
        ),
        kpi(
            "Nouveaux clients",
            "Clients dont la première commande valide est dans la période.",
            Some(now.new_customers as f64),
            Some(before.new_customers as f64),
            (count(now.new_customers), count(before.new_customers)),
            true,
        ),
        kpi(
            "Clients fidèles",
            "Clients ayant commandé dans la période et déjà avant.",
            Some(now.returning_customers as f64),
            Some(before.returning_customers as f64),
            (
                count(now.returning_customers),
                count(before.returning_customers),
            ),
            true,
        ),
        kpi(
            "Note moyenne des avis",
            "Moyenne des notes (sur 5) des avis publiés déposés dans la période.",
            now.reviews_average,
            before.reviews_average,
            (
                now.reviews_average.map_or("—".into(), |v| {
                    format!("{} / 5 ({} avis)", csv::decimal(v, 2), now.reviews)
                }),
                before
                    .reviews_average
                    .map_or("—".into(), |v| format!("{} / 5", csv::decimal(v, 2))),
            ),
            true,
        ),
    ]
}

struct Resolved {
    period: Period,
    previous: Period,
    kind: String,
    error: Option<String>,
    query: PeriodQuery,
}

async fn resolve(staff: &Staff, q: PeriodQuery) -> Result<Resolved, ShopError> {
    let (data_end, last_order) = figures::data_bounds(staff.site.db()).await?;
    let (period, kind, error) = match period::resolve(&q, &data_end, &last_order) {
        Ok((p, k)) => (p, k, None),
        Err(e) => {
            let (p, k) = period::resolve(&PeriodQuery::default(), &data_end, &last_order)
                .map_err(|_| ShopError::NotFound)?;
            (p, k, Some(e))
        }
    };
    Ok(Resolved {
        previous: period.previous(),
        period,
        kind,
        error,
        query: q,
    })
}

/// The query string that reproduces this period (for export links).
fn query_string(q: &PeriodQuery) -> String {
    let mut parts = Vec::new();
    for (k, v) in [
        ("periode", &q.periode),
        ("mois", &q.mois),
        ("du", &q.du),
        ("au", &q.au),
    ] {
        if !v.is_empty() {
            parts.push(format!(
                "{k}={}",
                v.chars()
                    .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
                    .collect::<String>()
            ));
        }
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}

#[derive(Serialize)]
struct ChartData {
    days: Vec<String>,
    sessions: Vec<i64>,
    orders: Vec<i64>,
    sources: Vec<String>,
    source_sessions: Vec<i64>,
}

pub async fn page(staff: Staff, Query(q): Query<PeriodQuery>) -> Result<Response, ShopError> {
    let db = staff.site.db();
    let r = resolve(&staff, q).await?;
    let now = figures::summary(db, &r.period).await?;
    let before = figures::summary(db, &r.previous).await?;
    let sources = figures::segments(db, &r.period, "source").await?;
    let devices = figures::segments(db, &r.period, "device").await?;
    let products = figures::top_products(db, &r.period, 10).await?;
    let categories = figures::top_categories(db, &r.period, 10).await?;
    let searches = figures::search_terms(db, &r.period, 10).await?;
    let daily = figures::daily(db, &r.period).await?;
    let months: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT substr(day, 1, 7) FROM traffic_daily UNION SELECT DISTINCT substr(created_at, 1, 7) FROM orders ORDER BY 1 DESC",
    )
    .fetch_all(db)
    .await?;
    let chart = ChartData {
        days: daily.iter().map(|d| d.day.clone()).collect(),
        sessions: daily.iter().map(|d| d.sessions).collect(),
        orders: daily.iter().map(|d| d.orders).collect(),
        sources: sources.iter().map(|s| s.label.clone()).collect(),
        source_sessions: sources.iter().map(|s| s.sessions).collect(),
    };
    // Inside <script type="application/json">: no "<" may close the element.
    let chart_json = e5_shop::web::escape::script_json(&chart);
    let mut ctx = context! {
        period: r.period, previous: r.previous, kind: r.kind, q: r.query, error: r.error,
    };
    let months: Vec<(String, String)> = months
        .into_iter()
        .map(|m| {
            let label = e5_domain::calendar::french_month(&m);
            (m, label)
        })
        .collect();
    ctx.insert("months", &months);
    ctx.insert("kpis", &kpis(&now, &before));
    ctx.insert("summary", &now);
    ctx.insert("conversion", &pct(now.conversion_rate()));
    ctx.insert("sources", &sources);
    ctx.insert("devices", &devices);
    ctx.insert("products", &products);
    ctx.insert("categories", &categories);
    ctx.insert("searches", &searches);
    ctx.insert("daily", &daily);
    ctx.insert("chart_json", &chart_json);
    ctx.insert("export", &query_string(&r.query));
    ctx.insert(
        "export_base",
        &format!("{}/boutique/statistiques/export/", staff.admin),
    );
    staff
        .render("admin/shop/stats.html", "Statistiques", ctx)
        .await
}

pub async fn export(
    staff: Staff,
    Id(table): Id<String>,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, ShopError> {
    let db = staff.site.db();
    let r = resolve(&staff, q).await?;
    let p = &r.period;
    let segment_rows = |rows: Vec<figures::Segment>| -> Vec<Vec<String>> {
        rows.into_iter()
            .map(|s| {
                vec![
                    s.label,
                    s.sessions.to_string(),
                    s.share.map_or(String::new(), |v| csv::decimal(v, 2)),
                    s.orders.to_string(),
                    csv::euros(s.revenue),
                    s.conversion.map_or(String::new(), |v| csv::decimal(v, 2)),
                ]
            })
            .collect()
    };
    let segment_header = |first: &'static str| {
        [
            first,
            "Sessions",
            "Part des sessions (%)",
            "Commandes",
            "CA TTC (€)",
            "Taux de conversion (%)",
        ]
    };
    let name = table.trim_end_matches(".csv");
    let body = match name {
        "indicateurs" => {
            let now = figures::summary(db, p).await?;
            let before = figures::summary(db, &r.previous).await?;
            let rows = kpis(&now, &before)
                .into_iter()
                .map(|k| {
                    vec![
                        k.label.to_owned(),
                        k.value.replace(['\u{a0}', '\u{202f}'], " "),
                        k.previous.replace(['\u{a0}', '\u{202f}'], " "),
                        k.change.unwrap_or_default().replace('\u{a0}', " "),
                    ]
                })
                .collect::<Vec<_>>();
            csv::document(
                &["Indicateur", "Période", "Période précédente", "Évolution"],
                &rows,
            )
        }
        "sources" => csv::document(
            &segment_header("Source de trafic"),
            &segment_rows(figures::segments(db, p, "source").await?),
        ),
        "appareils" => csv::document(
            &segment_header("Appareil"),
            &segment_rows(figures::segments(db, p, "device").await?),
        ),
        "produits" | "categories" => {
            let rows = if name == "produits" {
                figures::top_products(db, p, 1000).await?
            } else {
                figures::top_categories(db, p, 1000).await?
            };
            let rows: Vec<Vec<String>> = rows
                .into_iter()
                .map(|x| vec![x.name, x.quantity.to_string(), csv::euros(x.revenue)])
                .collect();
            csv::document(
                &[
                    if name == "produits" {
                        "Produit"
                    } else {
                        "Catégorie"
                    },
                    "Quantité vendue",
                    "CA TTC (€)",
                ],
                &rows,
            )
        }
        "recherches" => {
            let rows: Vec<Vec<String>> = figures::search_terms(db, p, 1000)
                .await?
                .into_iter()
                .map(|s| vec![s.term, s.searches.to_string(), s.without_result.to_string()])
                .collect();
            csv::document(
                &["Terme recherché", "Recherches", "Dont sans résultat"],
                &rows,
            )
        }
        "jours" => {
            let rows: Vec<Vec<String>> = figures::daily(db, p)
                .await?
                .into_iter()
                .map(|d| {
                    vec![
                        d.day,
                        d.sessions.to_string(),
                        d.orders.to_string(),
                        csv::euros(d.revenue),
                    ]
                })
                .collect();
            csv::document(&["Jour", "Sessions", "Commandes", "CA TTC (€)"], &rows)
        }
        _ => return Err(ShopError::NotFound),
    };
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!(
        "attachment; filename=\"statistiques-{name}-{}-{}.csv\"",
        p.from, p.to
    )) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(response)
}
