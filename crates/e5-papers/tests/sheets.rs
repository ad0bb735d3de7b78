//! The candidate sheet and the grid: what the candidate and the examiner read on paper.

// The fixtures of e5-subjects' suite: the reference context packed and imported once.
#[path = "../../e5-subjects/tests/suite/common.rs"]
#[allow(dead_code)]
mod common;

use e5_papers::{SheetContext, render_candidate_sheet, render_grid};
use e5_subjects::Subject;

use common::{data_dir, example_files, subject_a_text};

#[tokio::test]
async fn the_candidate_sheet_has_the_national_layout() {
    let (_dir, data) = data_dir();
    let subject = Subject::load(&example_files()[0]).unwrap();
    let prepared = e5_subjects::prepare(&subject, &data).await.unwrap();
    let pool = e5_shop_db::open_read_only(&prepared.path).await.unwrap();
    let ctx = SheetContext::load(&pool, &subject).await.unwrap();
    pool.close().await;
    let html = render_candidate_sheet(&subject, &ctx).unwrap();
    for expected in [
        "Session 2027",
        "Partie pratique",
        "Durée : 40 minutes – Coefficient 2",
        "Sujet A",
        "TDL27-A-CONTENU",
        "Site : site de contenu – Les Toiles de Loire",
        "L'accès à Internet est limité au site du sujet. Toute consultation d'un autre site est considérée comme une fraude.",
        "Contexte commercial",
        "Travail demandé",
        "Les questions sont indépendantes et peuvent être traitées dans l'ordre de votre choix.",
        "Annexe 1 – Le lin européen en quelques chiffres",
        "src=\"data:image",
        "size: A4 portrait",
    ] {
        assert!(html.contains(expected), "missing « {expected} »");
    }
    for n in 1..=5 {
        assert!(html.contains(&format!("<span class=\"numero\">{n}.</span>")));
    }
    // E5_SCREENSHOTS=<dir>: every example's sheet and grid, to look at them (or print them).
    if let Ok(dir) = std::env::var("E5_SCREENSHOTS") {
        std::fs::create_dir_all(&dir).unwrap();
        for file in example_files() {
            let subject = Subject::load(&file).unwrap();
            let prepared = e5_subjects::prepare(&subject, &data).await.unwrap();
            let pool = e5_shop_db::open_read_only(&prepared.path).await.unwrap();
            let ctx = SheetContext::load(&pool, &subject).await.unwrap();
            pool.close().await;
            let letter = subject.letter.to_lowercase();
            let sheet = render_candidate_sheet(&subject, &ctx).unwrap();
            std::fs::write(format!("{dir}/sujet-{letter}.html"), sheet).unwrap();
            let grid = render_grid(&subject).unwrap();
            std::fs::write(format!("{dir}/grille-{letter}.html"), grid).unwrap();
        }
    }
}

#[test]
fn the_grid_shows_every_row_with_its_four_descriptors() {
    for file in example_files() {
        let subject = Subject::load(&file).unwrap();
        let html = render_grid(&subject).unwrap();
        assert!(html.contains("size: A4 landscape"));
        assert!(html.contains("TS – Très satisfaisant"));
        assert_eq!(
            html.matches("<td class=\"niveau\">").count(),
            subject.grid.len() * 4
        );
        assert!(
            html.contains("Pertinence des indicateurs utilisés pour l&#x27;analyse des résultats")
        );
    }
}

#[test]
fn hostile_text_in_a_subject_comes_out_inert() {
    let text = subject_a_text()
        .replace(
            "Vous êtes en stage",
            "<script>alert(1)</script> Vous êtes en stage",
        )
        .replace(
            "label = \"Médias\"",
            "label = \"<img src=x onerror=alert(1)>\"",
        );
    let subject = Subject::parse(std::path::Path::new("hostile.toml"), &text).unwrap();
    let sheet = render_candidate_sheet(&subject, &SheetContext::default()).unwrap();
    let grid = render_grid(&subject).unwrap();
    assert!(!sheet.contains("<script>alert"), "script escaped");
    assert!(sheet.contains("&lt;script&gt;"));
    assert!(!grid.contains("<img src=x"), "markup escaped");
}
