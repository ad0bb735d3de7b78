//! Scripted solutions written straight into a sandbox (standing in for the back-office until
//! its routes exist): after them every check of the subject is true, while on the untouched
//! sandbox every check is false (see `examples`).

use e5_subjects::Subject;
use serde_json::json;
use sqlx::{Connection, SqliteConnection};

use crate::common::{data_dir, subjects_dir};

const WORDS: &str = "Le lin pousse en Normandie et dans les Hauts-de-France sans irrigation, la pluie suffit. \
    Il demande peu d'engrais, toute la plante est utilisée et le rouissage au champ prépare les fibres. \
    Nos draps sont tissés en France puis cousus dans notre atelier de Cholet, pour durer des années.";

async fn solve(file: &str, script: impl AsyncFnOnce(&mut SqliteConnection)) {
    let (_dir, data) = data_dir();
    let subject = Subject::load(&subjects_dir().join(file)).expect("scripted solution step");
    let prepared = e5_subjects::prepare(&subject, &data)
        .await
        .expect("scripted solution step");
    let id = e5_sandbox::fork_from(&data, &prepared.path).expect("scripted solution step");
    let path = data.sandbox_path(id);
    let mut conn = SqliteConnection::connect_with(&e5_shop_db::connect_options(&path))
        .await
        .expect("scripted solution step");
    script(&mut conn).await;
    conn.close().await.expect("scripted solution step");
    let pool = e5_shop_db::open_read_only(&path)
        .await
        .expect("scripted solution step");
    let rows = e5_subjects::evaluate(&subject, &pool).await;
    pool.close().await;
    for row in &rows {
        for c in &row.checks {
            println!("{} {} : {}", row.row_id, c.label, c.evidence);
            assert!(
                c.satisfied,
                "{} row {}: {}",
                subject.code, row.row_id, c.evidence
            );
        }
        assert!(row.satisfied);
    }
}

async fn exec(conn: &mut SqliteConnection, sql: &str) {
    sqlx::raw_sql(sql)
        .execute(conn)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

fn paragraph(text: &str) -> serde_json::Value {
    json!({"type": "paragraph", "data": {"text": text}})
}

#[tokio::test]
async fn a_scripted_solution_of_subject_a_satisfies_every_check() {
    solve("sujet-a-contenu-article-lin.toml", async |conn: &mut SqliteConnection| {
        let media: i64 = sqlx::query_scalar("SELECT id FROM media WHERE file = 'atelier/champ-lin.svg'").fetch_one(&mut *conn).await.unwrap();
        let blocks = json!([
            paragraph(WORDS),
            {"type": "header", "data": {"level": 2, "text": "Une culture sobre"}},
            paragraph(WORDS),
            {"type": "image", "data": {"media_id": media, "alt": "Champ de lin en fleur"}},
            {"type": "header", "data": {"level": 2, "text": "Du champ à votre lit"}},
            paragraph(&format!("{WORDS} Découvrez notre <a href=\"/categorie/linge-de-lit\">linge de lit</a>.")),
            paragraph(WORDS),
        ]);
        sqlx::query(
            "INSERT INTO post (kind, title, slug, blocks, status, published_at, featured_media_id, meta_description, focus_keyword, created_at, updated_at) \
             VALUES ('post', 'Du champ à votre lit : pourquoi le lin européen est une fibre durable', 'lin-europeen-fibre-durable', ?, 'publish', '2027-05-12 10:00:00', ?, \
             'Le lin européen pousse sans irrigation et se transforme près de chez nous : découvrez pourquoi nos draps en lin sont durables.', 'lin européen', '2027-05-12 10:00:00', '2027-05-12 10:00:00')",
        )
        .bind(blocks.to_string())
        .bind(media)
        .execute(&mut *conn)
        .await
        .unwrap();
        exec(conn, "INSERT INTO post_term (post_id, term_id) SELECT p.id, t.id FROM post p, term t WHERE p.slug = 'lin-europeen-fibre-durable' AND t.slug = 'coulisses-atelier';
            UPDATE media SET alt = 'Champ de lin en fleur en Normandie' WHERE file = 'atelier/champ-lin.svg';
            UPDATE comment SET status = 'approved' WHERE author_name = 'Martine Fabre';
            UPDATE comment SET status = 'spam' WHERE author_name = 'Bons plans linge';
            INSERT INTO comment (post_id, parent_id, author_name, employee_id, content, status, created_at)
              SELECT post_id, id, 'Léa Chauvin', 5, 'Bonjour Martine, oui à basse température et pas trop longtemps : sortez-la encore légèrement humide, elle se défroissera seule.', 'approved', '2027-05-12 10:05:00' FROM comment WHERE author_name = 'Martine Fabre';
            UPDATE post SET status = 'future', published_at = '2027-05-17 09:00:00', meta_description = 'Mesurer, choisir et poser des rideaux en lin : nos conseils.' WHERE slug = 'mesurer-poser-rideaux-lin';
            INSERT INTO widget (area, kind, title) VALUES ('sidebar', 'recent_posts', 'Nos derniers conseils');
            INSERT INTO menu_item (menu_id, parent_id, label, kind, target_id, position)
              SELECT 1, (SELECT id FROM menu_item WHERE label = 'Qui sommes-nous ?' AND menu_id = 1), 'FAQ', 'page', (SELECT id FROM post WHERE kind = 'page' AND slug = 'faq'), 9;
            INSERT INTO employee (first_name, last_name, email, profile_id, wp_role) VALUES ('Inès', 'Morin', 'ines.morin@toiles-de-loire.fr', 6, 'contributor');").await;
    })
    .await;
}

#[tokio::test]
async fn a_scripted_solution_of_subject_d_satisfies_every_check() {
    solve("sujet-d-boutique-housse-lin.toml", async |conn: &mut SqliteConnection| {
        let description = "Notre housse de couette en lin lavé vert sauge est tissée en France avec un lin européen, puis cousue dans notre atelier de Cholet. \
            Souple dès le premier lavage, elle se ferme par des boutons en corozo et se lave à 40 °C.";
        assert!((200..=300).contains(&description.chars().count()));
        sqlx::query(
            "UPDATE product SET active = 1, price_ht_cents = 12417, description = ?, meta_title = 'Housse de couette en lin lavé vert sauge', \
             meta_description = 'Housse de couette en lin lavé vert sauge, tissée en France et cousue à Cholet.' WHERE reference = 'TDL-HC-005'",
        )
        .bind(description)
        .execute(&mut *conn)
        .await
        .unwrap();
        exec(conn, "INSERT INTO combination (product_id, reference, price_impact_cents, quantity, is_default)
              SELECT id, 'TDL-HC-005-140X200', 0, 8, 1 FROM product WHERE reference = 'TDL-HC-005'
              UNION ALL SELECT id, 'TDL-HC-005-200X200', 2500, 8, 0 FROM product WHERE reference = 'TDL-HC-005'
              UNION ALL SELECT id, 'TDL-HC-005-240X220', 4167, 8, 0 FROM product WHERE reference = 'TDL-HC-005';
            INSERT INTO product_accessory (product_id, accessory_id)
              SELECT p.id, a.id FROM product p, product a WHERE p.reference = 'TDL-HC-005' AND a.reference = 'TDL-TO-001';
            INSERT INTO cart_rule (name, code, starts_at, ends_at, minimum_amount_cents, quantity, quantity_per_customer, exclude_discounted, reduction_percent)
              VALUES ('Merci à nos clients fidèles', 'MERCI15', '2026-12-01 00:00:00', '2026-12-24 23:59:59', 8000, 200, 1, 1, 15.0);
            INSERT INTO cart_rule_restriction (cart_rule_id, kind, target_id)
              SELECT r.id, 'group', g.id FROM cart_rule r, customer_group g WHERE r.code = 'MERCI15' AND g.name = 'Fidèles';
            INSERT INTO customer_message (thread_id, employee_id, message, private, created_at)
              SELECT id, 4, 'Bonjour Monsieur Texier, merci pour votre message. Vous disposez de 30 jours pour nous renvoyer le drap : le retour est gratuit. Nous vous conseillons notre modèle à bonnets de 40 cm, que nous pouvons vous envoyer en échange dès réception du colis. Bien cordialement, Thomas', 0, '2027-05-12 10:00:00'
              FROM customer_thread WHERE subject = 'Drap housse trop petit';
            INSERT INTO customer_group (name, reduction_percent, price_display) VALUES ('Ambassadeurs', 5.0, 'TTC');
            INSERT INTO customer_group_member (customer_id, group_id)
              SELECT c.id, g.id FROM customer c, customer_group g WHERE c.email = 'damien.roux@exemple.com' AND g.name = 'Ambassadeurs';
            INSERT INTO answer (question, text, updated_at) VALUES (5, 'Pendant la campagne, les sessions venues des réseaux sociaux sur mobile ont été multipliées par quatre, mais le taux de rebond a fortement augmenté et le taux de conversion de cette source a chuté : les commandes ne suivent pas. Le trafic attiré était peu qualifié et le parcours sur mobile n''a pas convaincu. Je recommande de cibler une créatrice plus proche de notre clientèle, de proposer un code dédié pour mesurer les ventes et de suivre le taux de conversion par source chaque semaine.', '2027-05-12 10:30:00');").await;
    })
    .await;
}
