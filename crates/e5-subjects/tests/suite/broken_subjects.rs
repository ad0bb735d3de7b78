//! A corpus of broken subject files: each one is refused with the expected message at the
//! expected line.

use std::path::Path;

use e5_subjects::Subject;

use crate::common::{data_dir, line_of, subject_a_text};

/// Applies `edit` to subject A and returns the diagnostics of loading it.
fn static_errors(edit: impl Fn(&str) -> String) -> (String, Vec<String>) {
    let text = edit(&subject_a_text());
    let found = match Subject::parse(Path::new("cassé.toml"), &text) {
        Ok(_) => Vec::new(),
        Err(e) => e.0.iter().map(ToString::to_string).collect(),
    };
    (text, found)
}

fn assert_refused(found: &[String], line: u32, fragment: &str) {
    let expected = format!("cassé.toml:{line}: ");
    assert!(
        found
            .iter()
            .any(|d| d.starts_with(&expected) && d.contains(fragment)),
        "expected « {expected}…{fragment}… », got:\n{}",
        found.join("\n")
    );
}

#[test]
fn subject_a_loads_without_diagnostics() {
    let (_, found) = static_errors(|t| t.to_owned());
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn a_toml_syntax_error_is_located() {
    let (text, found) = static_errors(|t| t.replace("letter = \"A\"", "letter = \"A"));
    assert_refused(&found, line_of(&text, "letter = \"A"), "syntaxe TOML");
}

#[test]
fn an_unknown_key_is_named_at_its_line() {
    let (text, found) =
        static_errors(|t| t.replacen("min_headings = 2", "min_headings = 2\nmin_titres = 3", 1));
    let d = &found[0];
    assert_refused(
        &found,
        line_of(&text, "min_titres"),
        "clé inconnue « min_titres »",
    );
    assert!(d.contains("min_headings"), "lists the possible keys: {d}");
}

#[test]
fn an_unknown_check_kind_lists_the_possible_ones() {
    let (text, found) = static_errors(|t| t.replace("kind = \"widget\"", "kind = \"widjet\""));
    assert_refused(
        &found,
        line_of(&text, "widjet"),
        "valeur inconnue « widjet »",
    );
}

#[test]
fn four_questions_are_refused() {
    let (text, found) = static_errors(|t| {
        let start = t.find("[[question]]\nnumber = 5").unwrap();
        let end = t.find("[[annex]]").unwrap();
        format!("{}{}", &t[..start], &t[end..]).replace("question = 5", "question = 4")
    });
    assert_refused(
        &found,
        line_of(&text, "[[question]]\nnumber = 4"),
        "exactement cinq questions",
    );
}

#[test]
fn a_first_question_that_is_not_a_content_creation_is_refused() {
    let (text, found) = static_errors(|t| t.replace("kind = \"creation\"\n", ""));
    assert_refused(
        &found,
        line_of(&text, "[[question]]\nnumber = 1"),
        "création de contenu",
    );
}

#[test]
fn a_grid_row_without_criteria_is_refused() {
    let (text, found) = static_errors(|t| t.replacen("criteria = [7]\n", "", 1));
    assert_refused(
        &found,
        line_of(&text, "[[grid.row]]\nid = \"5\""),
        "sans critères",
    );
}

#[test]
fn a_grid_row_with_an_unknown_criterion_is_refused() {
    let (text, found) = static_errors(|t| t.replacen("criteria = [7]", "criteria = [9]", 1));
    assert_refused(
        &found,
        line_of(&text, "criteria = [9]"),
        "critère 9 inconnu",
    );
}

#[test]
fn a_grid_row_without_its_four_descriptors_is_refused() {
    let (text, found) = static_errors(|t| {
        t.replacen("ti = \"Compte non créé.\"\n", "", 1).replacen(
            "s = \"Compte créé avec l'adresse de l'annexe et le rôle Contributeur.\"\n",
            "s = \"  \"\n",
            1,
        )
    });
    assert_refused(
        &found,
        line_of(&text, "[[grid.row]]\nid = \"5\""),
        "manque ti (très insuffisant), s (satisfaisant)",
    );
}

#[test]
fn a_question_without_grid_row_is_refused() {
    let (text, found) =
        static_errors(|t| t.replacen("question = 4\nlabel", "question = 5\nlabel", 1));
    assert_refused(
        &found,
        line_of(&text, "[[question]]\nnumber = 4"),
        "la question 4 n'a aucune ligne",
    );
}

#[test]
fn a_reference_to_a_missing_annex_is_refused() {
    let (text, found) = static_errors(|t| t.replacen("annexes = [3]", "annexes = [4]", 1));
    assert_refused(
        &found,
        line_of(&text, "[[question]]\nnumber = 5"),
        "l'annexe 4, qui n'existe pas",
    );
}

#[test]
fn bad_values_in_checks_and_overlay_are_refused() {
    let (text, found) = static_errors(|t| {
        t.replacen("status = \"spam\"", "status = \"supprimé\"", 1)
            .replace("[[overlay.sql]]", "[[overlay.review]]\nproduct = \"TDL-DH-001\"\nauthor = \"X\"\ntitle = \"T\"\ntext = \"T\"\nrating = 7\n\n[[overlay.sql]]")
    });
    assert_refused(
        &found,
        line_of(&text, "[[overlay.review]]"),
        "une note de 1 à 5",
    );
    let check_line = line_of(&text, "status = \"supprimé\"") - 4;
    assert_refused(
        &found,
        check_line,
        "status = « supprimé » n'est pas possible",
    );
}

#[test]
fn an_unsafe_subject_code_is_refused() {
    let (text, found) = static_errors(|t| t.replace("TDL27-A-CONTENU", "../../etc"));
    assert_refused(&found, line_of(&text, "code = "), "code de sujet");
}

#[test]
fn a_missing_required_key_is_named() {
    let (_, found) = static_errors(|t| {
        t.replace(
            "title = \"Le lin européen à l'honneur sur le blog de l'atelier\"\n",
            "",
        )
    });
    assert!(
        found
            .iter()
            .any(|d| d.contains("clé obligatoire manquante : « title »")),
        "{found:?}"
    );
}

/// Writes the edited subject A into the test's folder and runs the dynamic check.
async fn dynamic_errors(edit: impl Fn(&str) -> String) -> (String, Vec<String>) {
    let (dir, data) = data_dir();
    let text = edit(&subject_a_text());
    let path = dir.path().join("cassé.toml");
    std::fs::write(&path, &text).expect("write the subject");
    let subject = Subject::load(&path).expect("statically valid");
    let found = match e5_subjects::check(&subject, &data).await {
        Ok(_) => Vec::new(),
        Err(d) => d
            .iter()
            .map(|d| {
                d.to_string()
                    .replace(&format!("{}:", path.display()), "cassé.toml:")
            })
            .collect(),
    };
    (text, found)
}

#[tokio::test]
async fn a_context_that_is_not_installed_is_refused() {
    let (text, found) =
        dynamic_errors(|t| t.replace("id = \"toiles-de-loire\"", "id = \"biscuiterie-nantaise\""))
            .await;
    assert_refused(
        &found,
        line_of(&text, "version = \"2027.1\""),
        "n'est pas installé",
    );
}

#[tokio::test]
async fn a_wrong_context_version_is_refused() {
    let (text, found) =
        dynamic_errors(|t| t.replace("version = \"2027.1\"", "version = \"2026.3\"")).await;
    assert_refused(
        &found,
        line_of(&text, "version = \"2026.3\""),
        "mauvaise version du contexte",
    );
}

#[tokio::test]
async fn a_reference_to_a_missing_page_in_the_overlay_is_refused() {
    let (text, found) = dynamic_errors(|t| {
        t.replacen(
            "post = \"entretenir-linge-lin\"\nauthor = \"Martine",
            "post = \"entretenir-le-lin\"\nauthor = \"Martine",
            1,
        )
    })
    .await;
    assert_refused(
        &found,
        line_of(&text, "[[overlay.comment]]"),
        "l'article « entretenir-le-lin » n'existe pas",
    );
}

#[tokio::test]
async fn a_reference_to_a_missing_product_or_customer_is_refused() {
    let (text, found) = dynamic_errors(|t| {
        t.replace(
            "[[overlay.sql]]",
            "[[overlay.review]]\nproduct = \"TDL-XX-999\"\nauthor = \"X\"\ntitle = \"T\"\ntext = \"T\"\nrating = 2\n\n\
             [[overlay.customer_message]]\ncustomer = \"personne@exemple.fr\"\nsubject = \"Bonjour\"\nmessage = \"Bonjour\"\n\n[[overlay.sql]]",
        )
    })
    .await;
    assert_refused(
        &found,
        line_of(&text, "[[overlay.review]]"),
        "le produit « TDL-XX-999 » n'existe pas",
    );
    assert_refused(
        &found,
        line_of(&text, "[[overlay.customer_message]]"),
        "le client « personne@exemple.fr » n'existe pas",
    );
}

#[tokio::test]
async fn a_check_on_a_missing_product_is_refused() {
    let (text, found) = dynamic_errors(|t| {
        t.replacen("kind = \"employee\"", "kind = \"product_completed\"\nreference = \"TDL-ZZ-404\"\nactive = true\n\n[[grid.row.check]]\nkind = \"employee\"", 1)
    })
    .await;
    assert_refused(
        &found,
        line_of(&text, "kind = \"product_completed\"") - 1,
        "le produit TDL-ZZ-404 n'existe ni dans le contexte",
    );
}

#[tokio::test]
async fn a_check_already_true_on_the_prepared_sandbox_is_refused() {
    // Hélène Guérin's account exists in the context: nothing would be left to do.
    let (text, found) = dynamic_errors(|t| t.replace("email = \"ines.morin@toiles-de-loire.fr\"\nfirst_name = \"Inès\"\nlast_name = \"Morin\"\nwp_role = \"contributor\"", "email = \"helene.guerin@toiles-de-loire.fr\"")).await;
    assert_refused(
        &found,
        line_of(&text, "kind = \"employee\"") - 1,
        "déjà vraie sur le sujet préparé",
    );
}

#[tokio::test]
async fn an_overlay_that_fails_to_apply_is_refused_and_nothing_is_prepared() {
    let (dir, data) = data_dir();
    let text =
        subject_a_text().replace("WHERE file = 'atelier/champ-lin.svg'", "WHERE fichier = 1");
    let path = dir.path().join("cassé.toml");
    std::fs::write(&path, &text).expect("write the subject");
    let subject = Subject::load(&path).unwrap();
    let found = e5_subjects::prepare(&subject, &data)
        .await
        .expect_err("refused");
    let line = line_of(&text, "[[overlay.sql]]");
    assert!(
        found
            .iter()
            .any(|d| d.line == line && d.message.contains("la requête SQL échoue")),
        "{found:?}"
    );
    assert!(
        !data.prepared_path(&subject.code).unwrap().exists(),
        "no prepared database"
    );
    let left: Vec<_> = std::fs::read_dir(data.subjects_dir().join(&subject.code))
        .unwrap()
        .collect();
    assert!(left.is_empty(), "no partial file left: {left:?}");
}

#[test]
fn a_journal_check_naming_an_unknown_entity_is_refused_at_its_line() {
    let (text, found) = static_errors(|t| {
        t.replacen(
            "[[grid.row.check]]\nkind = \"comment_moderated\"",
            "[[grid.row.check]]\nkind = \"journal_contains\"\nentity = \"produit\"\n\n[[grid.row.check]]\nkind = \"comment_moderated\"",
            1,
        )
    });
    assert_refused(
        &found,
        line_of(&text, "kind = \"journal_contains\"") - 1,
        "entity = \"produit\" : ce nom n'existe pas dans le journal (noms possibles : answer, brand,",
    );
    // The right name passes.
    let (_, found) = static_errors(|t| {
        t.replacen(
            "[[grid.row.check]]\nkind = \"comment_moderated\"",
            "[[grid.row.check]]\nkind = \"journal_contains\"\nentity = \"product\"\n\n[[grid.row.check]]\nkind = \"comment_moderated\"",
            1,
        )
    });
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn a_setting_check_naming_an_unknown_key_is_refused_at_its_line() {
    let with_key = |key: &str| {
        let check = format!(
            "[[grid.row.check]]\nkind = \"setting\"\nkey = \"{key}\"\nequals = \"4\"\n\n[[grid.row.check]]\nkind = \"comment_moderated\""
        );
        static_errors(move |t| {
            t.replacen(
                "[[grid.row.check]]\nkind = \"comment_moderated\"",
                &check,
                1,
            )
        })
    };
    let (text, found) = with_key("reading.post_per_page");
    assert_refused(
        &found,
        line_of(&text, "kind = \"setting\"") - 1,
        "key = \"reading.post_per_page\" : réglage inconnu du site (réglages connus : discussion.manual_approval,",
    );
    for right in ["reading.posts_per_page", "share.facebook"] {
        let (_, found) = with_key(right);
        assert!(found.is_empty(), "{right}: {}", found.join("\n"));
    }
}

#[test]
fn a_post_check_naming_an_unknown_block_is_refused_at_its_line() {
    let with_blocks = |blocks: &str| {
        let check = format!(
            "[[grid.row.check]]\nkind = \"post_published\"\nblock_types = [{blocks}]\n\n[[grid.row.check]]\nkind = \"comment_moderated\""
        );
        static_errors(move |t| {
            t.replacen(
                "[[grid.row.check]]\nkind = \"comment_moderated\"",
                &check,
                1,
            )
        })
    };
    let (text, found) = with_blocks("\"map\", \"mapp\"");
    assert_refused(
        &found,
        line_of(&text, "kind = \"post_published\"\nblock_types") - 1,
        "block_types : « mapp » n'est pas un bloc de l'éditeur (blocs possibles : paragraph, header,",
    );
    let (_, found) = with_blocks("\"map\", \"form\"");
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// Five mistakes of different kinds in one file: every one is listed, each at its line, in
/// one run (the reader goes on past an unknown key or a value of the wrong kind).
#[test]
fn five_mistakes_are_listed_in_one_run() {
    let (text, found) = static_errors(|t| {
        t.replacen("min_headings = 2", "min_headings = 2\nmin_titres = 3", 1)
            .replacen("annexes = [2]", "annexes = [2]\ncouleur = \"bleu\"", 1)
            .replacen("min_words = 200", "min_words = \"beaucoup\"", 1)
            .replacen("annexes = [3]", "annexes = [9]", 1)
            .replacen("id = \"1b\"", "id = \"1a\"", 1)
    });
    assert_eq!(found.len(), 5, "{}", found.join("\n"));
    assert_refused(
        &found,
        line_of(&text, "min_titres"),
        "clé inconnue « min_titres »",
    );
    assert_refused(
        &found,
        line_of(&text, "couleur"),
        "clé inconnue « couleur »",
    );
    assert_refused(
        &found,
        line_of(&text, "min_words = \"beaucoup\""),
        "type de valeur incorrect",
    );
    assert_refused(
        &found,
        line_of(&text, "[[question]]\nnumber = 5"),
        "l'annexe 9, qui n'existe pas",
    );
    let second_1a = line_of(&text, "id = \"1a\"\nquestion = 1\nlabel = \"Médias\"");
    assert_refused(&found, second_1a, "« 1a » est utilisé deux fois");
}
