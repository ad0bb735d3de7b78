//! The "richer" editor blocks (table, button, audio, file, cover, columns, gallery, map,
//! form, FAQ, testimonials, team, slider, countdown): their safe rendering, the validation
//! of what the block editor sends, and what the SEO analysis reads from blocks.
//!
//! Every text is either escaped or passed through [`super::inline`]; every URL through
//! [`super::resolve_link`]; media are referred to by id only. Nothing a candidate types can
//! become markup or script.

use std::fmt::Write as _;

use e5_domain::blocks::Kind;
use e5_domain::seo::SeoInput;
use serde_json::Value;

use super::{clean_inline, escape, inline, resolve_link, strip_tags};

const MAX_BLOCKS: usize = 400;
const MAX_BLOCK_CHARS: usize = 30_000;
const MAX_TOTAL_CHARS: usize = 400_000;
const MAX_ITEMS: usize = 60;

/// Checks what the block editor posted: JSON, either the list of blocks or Editor.js's
/// `{ "blocks": [...] }`, known types, reasonable sizes. Returns the list of blocks as it
/// will be stored, or a French message.
pub fn validate_blocks(json: &str) -> Result<String, String> {
    if json.len() > MAX_TOTAL_CHARS {
        return Err(format!(
            "Le contenu est trop long ({} Ko au plus).",
            MAX_TOTAL_CHARS / 1000
        ));
    }
    let trimmed = json.trim();
    if trimmed.is_empty() {
        return Ok("[]".into());
    }
    let value: Value = serde_json::from_str(trimmed).map_err(|_| {
        "Le contenu de l'éditeur est illisible : rechargez la page et réessayez.".to_owned()
    })?;
    let blocks = match value {
        Value::Array(a) => a,
        Value::Object(mut o) => match o.remove("blocks") {
            Some(Value::Array(a)) => a,
            _ => {
                return Err(
                    "Le contenu de l'éditeur est illisible (aucune liste de blocs).".into(),
                );
            }
        },
        _ => return Err("Le contenu de l'éditeur est illisible (aucune liste de blocs).".into()),
    };
    if blocks.len() > MAX_BLOCKS {
        return Err(format!("Trop de blocs ({MAX_BLOCKS} au plus)."));
    }
    let mut kept = Vec::with_capacity(blocks.len());
    for (n, block) in blocks.into_iter().enumerate() {
        let Some(kind) = Kind::of(&block) else {
            return Err(format!(
                "Bloc n° {} : le type « {} » n'est pas pris en charge.",
                n + 1,
                block["type"]
                    .as_str()
                    .unwrap_or("")
                    .chars()
                    .take(40)
                    .collect::<String>()
            ));
        };
        let mut data = block
            .get("data")
            .cloned()
            .unwrap_or(Value::Object(Default::default()));
        if !data.is_object() {
            return Err(format!("Bloc n° {} : contenu illisible.", n + 1));
        }
        clean_rich_fields(kind, &mut data);
        if data.to_string().len() > MAX_BLOCK_CHARS {
            return Err(format!("Bloc n° {} : trop long.", n + 1));
        }
        for key in ["items", "content", "slides", "columns"] {
            if data[key].as_array().is_some_and(|a| a.len() > MAX_ITEMS) {
                return Err(format!("Bloc n° {} : {MAX_ITEMS} éléments au plus.", n + 1));
            }
        }
        let mut out = serde_json::Map::new();
        if let Some(id) = block.get("id").and_then(Value::as_str) {
            out.insert("id".into(), Value::String(id.chars().take(40).collect()));
        }
        out.insert("type".into(), kind.as_str().into());
        out.insert("data".into(), data);
        kept.push(Value::Object(out));
    }
    Ok(Value::Array(kept).to_string())
}

/// Stored blocks as the editor may load them: unknown types and unreadable blocks left out,
/// every field the editor shows as HTML passed through [`clean_inline`]. Used on every load
/// into an editor page, so content stored before a fix, by a subject or by any other path
/// is as safe as what the editor saves.
pub fn editor_blocks(json: &str) -> String {
    let blocks = match serde_json::from_str::<Value>(json.trim()) {
        Ok(Value::Array(a)) => a,
        Ok(Value::Object(mut o)) => match o.remove("blocks") {
            Some(Value::Array(a)) => a,
            _ => Vec::new(),
        },
        _ => Vec::new(),
    };
    let kept: Vec<Value> = blocks
        .into_iter()
        .filter_map(|block| {
            let kind = Kind::of(&block)?;
            let mut data = block.get("data").filter(|d| d.is_object())?.clone();
            clean_rich_fields(kind, &mut data);
            let mut out = serde_json::Map::new();
            if let Some(id) = block.get("id").and_then(Value::as_str) {
                out.insert("id".into(), Value::String(id.chars().take(40).collect()));
            }
            out.insert("type".into(), kind.as_str().into());
            out.insert("data".into(), data);
            Some(Value::Object(out))
        })
        .collect();
    Value::Array(kept).to_string()
}

/// The fields that Editor.js's own tools render as HTML (paragraph, heading, list, quote,
/// table). Every other field of every block is plain text, which the editor shows with
/// `textContent`/`value` and pages escape.
fn clean_rich_fields(kind: Kind, data: &mut Value) {
    fn clean(v: &mut Value) {
        *v = Value::String(clean_inline(v.as_str().unwrap_or("")));
    }
    fn clean_list(items: &mut Value) {
        for item in items.as_array_mut().into_iter().flatten() {
            if item.is_object() {
                if let Some(content) = item.get_mut("content") {
                    clean(content);
                }
                if let Some(children) = item.get_mut("items") {
                    clean_list(children);
                }
            } else {
                clean(item);
            }
        }
    }
    let keys: &[&str] = match kind {
        Kind::Paragraph | Kind::Header => &["text"],
        Kind::Quote => &["text", "caption"],
        _ => &[],
    };
    for key in keys {
        if let Some(v) = data.get_mut(*key) {
            clean(v);
        }
    }
    match kind {
        Kind::List => {
            if let Some(items) = data.get_mut("items") {
                clean_list(items);
            }
        }
        Kind::Table => {
            let rows = data.get_mut("content").and_then(Value::as_array_mut);
            for row in rows.into_iter().flatten() {
                for cell in row.as_array_mut().into_iter().flatten() {
                    clean(cell);
                }
            }
        }
        _ => {}
    }
}

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or("")
}

fn items(v: &Value, key: &str) -> Vec<Value> {
    v[key]
        .as_array()
        .map(|a| a.iter().take(MAX_ITEMS).cloned().collect())
        .unwrap_or_default()
}

fn media_id(v: &Value) -> Option<i64> {
    v["media_id"]
        .as_i64()
        .or_else(|| v["media_id"].as_str().and_then(|s| s.parse().ok()))
}

fn link(html: &mut String, url: &str, base: &str, class: &str, label: &str) {
    let (href, external) = resolve_link(url, base);
    let class = if external {
        format!("{class} lien-externe")
    } else {
        class.to_owned()
    };
    let _ = write!(
        html,
        "<a class=\"{}\" href=\"{}\">{label}</a>",
        escape(class.trim()),
        escape(&href)
    );
}

/// Renders a block that is not one of the basic text blocks; unknown types render nothing.
pub(super) fn render_rich(html: &mut String, kind: Kind, data: &Value, base: &str) {
    match kind {
        Kind::Table => {
            let rows = items(data, "content");
            let heading = data["withHeadings"].as_bool().unwrap_or(false);
            html.push_str("<div class=\"bloc-tableau\"><table>");
            for (i, row) in rows.iter().enumerate() {
                let cell = if heading && i == 0 { "th" } else { "td" };
                html.push_str("<tr>");
                for c in row.as_array().into_iter().flatten().take(MAX_ITEMS) {
                    let _ = write!(
                        html,
                        "<{cell}>{}</{cell}>",
                        inline(c.as_str().unwrap_or(""), base)
                    );
                }
                html.push_str("</tr>");
            }
            html.push_str("</table></div>");
        }
        Kind::Button => {
            let text = escape(s(data, "text"));
            if !text.is_empty() {
                html.push_str("<p class=\"bloc-bouton\">");
                link(html, s(data, "url"), base, "bouton", &text);
                html.push_str("</p>");
            }
        }
        Kind::Audio => {
            if let Some(id) = media_id(data) {
                let _ = write!(
                    html,
                    "<figure class=\"bloc-audio\"><audio controls preload=\"none\" src=\"{base}/media/{id}\"></audio>"
                );
                if !s(data, "caption").is_empty() {
                    let _ = write!(
                        html,
                        "<figcaption>{}</figcaption>",
                        inline(s(data, "caption"), base)
                    );
                }
                html.push_str("</figure>");
            }
        }
        Kind::File => {
            if let Some(id) = media_id(data) {
                let title = if s(data, "title").is_empty() {
                    "Télécharger le fichier"
                } else {
                    s(data, "title")
                };
                let _ = write!(
                    html,
                    "<p class=\"bloc-fichier\"><a href=\"{base}/media/{id}?telecharger=1\" download>📄 {}</a></p>",
                    escape(title)
                );
            }
        }
        Kind::Cover => {
            let style = media_id(data)
                .map(|id| format!(" style=\"background-image:url('{base}/media/{id}')\""))
                .unwrap_or_default();
            let _ = write!(
                html,
                "<section class=\"bloc-banniere\"{style}><div class=\"voile\">"
            );
            if !s(data, "title").is_empty() {
                let _ = write!(html, "<h2>{}</h2>", inline(s(data, "title"), base));
            }
            if !s(data, "text").is_empty() {
                let _ = write!(html, "<p>{}</p>", inline(s(data, "text"), base));
            }
            if !s(data, "button").is_empty() {
                link(
                    html,
                    s(data, "url"),
                    base,
                    "bouton",
                    &escape(s(data, "button")),
                );
            }
            html.push_str("</div></section>");
        }
        Kind::Columns => {
            let cols = items(data, "columns");
            let _ = write!(
                html,
                "<div class=\"bloc-colonnes colonnes-{}\">",
                cols.len().clamp(1, 4)
            );
            for c in cols.iter().take(4) {
                html.push_str("<div class=\"colonne\">");
                if !s(c, "title").is_empty() {
                    let _ = write!(html, "<h3>{}</h3>", inline(s(c, "title"), base));
                }
                for para in s(c, "text").split("\n\n").filter(|p| !p.trim().is_empty()) {
                    let _ = write!(html, "<p>{}</p>", inline(para, base));
                }
                html.push_str("</div>");
            }
            html.push_str("</div>");
        }
        Kind::Gallery => {
            html.push_str("<div class=\"bloc-galerie\">");
            for item in items(data, "items") {
                if let Some(id) = media_id(&item) {
                    let _ = write!(
                        html,
                        "<figure><img src=\"{base}/media/{id}\" alt=\"{}\" loading=\"lazy\">",
                        escape(s(&item, "alt"))
                    );
                    if !s(&item, "caption").is_empty() {
                        let _ = write!(
                            html,
                            "<figcaption>{}</figcaption>",
                            inline(s(&item, "caption"), base)
                        );
                    }
                    html.push_str("</figure>");
                }
            }
            html.push_str("</div>");
        }
        Kind::Map => render_map(html, data),
        Kind::Form => render_form(html, data, base),
        Kind::Faq => {
            html.push_str("<div class=\"bloc-faq\">");
            for item in items(data, "items") {
                let _ = write!(
                    html,
                    "<details><summary>{}</summary><p>{}</p></details>",
                    inline(s(&item, "question"), base),
                    inline(s(&item, "answer"), base)
                );
            }
            html.push_str("</div>");
        }
        Kind::Testimonials => {
            html.push_str("<div class=\"bloc-temoignages\">");
            for item in items(data, "items") {
                let _ = write!(
                    html,
                    "<blockquote class=\"temoignage\"><p>{}</p><footer><strong>{}</strong>{}</footer></blockquote>",
                    inline(s(&item, "text"), base),
                    escape(s(&item, "name")),
                    if s(&item, "role").is_empty() {
                        String::new()
                    } else {
                        format!(", {}", escape(s(&item, "role")))
                    }
                );
            }
            html.push_str("</div>");
        }
        Kind::Team => {
            html.push_str("<div class=\"bloc-equipe\">");
            for item in items(data, "items") {
                html.push_str("<div class=\"membre\">");
                if let Some(id) = media_id(&item) {
                    let _ = write!(
                        html,
                        "<img src=\"{base}/media/{id}\" alt=\"{}\" loading=\"lazy\">",
                        escape(s(&item, "name"))
                    );
                }
                let _ = write!(
                    html,
                    "<h3>{}</h3><p class=\"role\">{}</p><p>{}</p></div>",
                    escape(s(&item, "name")),
                    escape(s(&item, "role")),
                    inline(s(&item, "bio"), base)
                );
            }
            html.push_str("</div>");
        }
        Kind::Slider => {
            let slides = items(data, "slides");
            html.push_str("<div class=\"bloc-diaporama\" tabindex=\"0\" aria-label=\"Diaporama\">");
            for (i, item) in slides.iter().enumerate() {
                if let Some(id) = media_id(item) {
                    let _ = write!(
                        html,
                        "<figure id=\"diapo-{i}\"><img src=\"{base}/media/{id}\" alt=\"{}\" loading=\"lazy\">",
                        escape(s(item, "alt"))
                    );
                    if !s(item, "caption").is_empty() {
                        let _ = write!(
                            html,
                            "<figcaption>{}</figcaption>",
                            inline(s(item, "caption"), base)
                        );
                    }
                    html.push_str("</figure>");
                }
            }
            html.push_str("</div>");
        }
        Kind::Countdown => {
            let date = s(data, "date").trim();
            // Only a well-formed date goes into the attribute read by the script.
            let ok = date.len() >= 10
                && date
                    .bytes()
                    .all(|b| b.is_ascii_digit() || b"-: T".contains(&b))
                && date.len() <= 19;
            if ok {
                let _ = write!(
                    html,
                    "<div class=\"bloc-compte-a-rebours\" data-fin=\"{}\"><p class=\"titre\">{}</p><p class=\"reste\">jusqu'au {}</p><p class=\"fini\" hidden>{}</p></div>",
                    escape(date),
                    escape(s(data, "title")),
                    escape(&e5_domain::calendar::french_date_time(date)),
                    escape(if s(data, "ended").is_empty() {
                        "C'est terminé !"
                    } else {
                        s(data, "ended")
                    })
                );
            }
        }
        _ => {}
    }
}

fn render_form(html: &mut String, data: &Value, base: &str) {
    let title = s(data, "title");
    if s(data, "kind") == "newsletter" {
        let _ = write!(
            html,
            "<form class=\"bloc-formulaire carte\" action=\"{base}/formulaire/newsletter\" method=\"post\"><h3>{}</h3>\
             <label>Votre adresse e-mail <input type=\"email\" name=\"email\" required></label>\
             <label class=\"case\"><input type=\"checkbox\" name=\"consent\" value=\"1\" required> J'accepte de recevoir la lettre d'information (désinscription à tout moment).</label>\
             <button type=\"submit\" class=\"bouton\">{}</button></form>",
            escape(if title.is_empty() {
                "Inscrivez-vous à notre lettre d'information"
            } else {
                title
            }),
            escape(if s(data, "button").is_empty() {
                "S'inscrire"
            } else {
                s(data, "button")
            })
        );
    } else {
        let _ = write!(
            html,
            "<form class=\"bloc-formulaire carte\" action=\"{base}/formulaire/contact\" method=\"post\"><h3>{}</h3>\
             <label>Nom <input name=\"name\" required maxlength=\"80\"></label>\
             <label>E-mail <input type=\"email\" name=\"email\" required></label>\
             <label>Message <textarea name=\"message\" rows=\"4\" required maxlength=\"3000\"></textarea></label>\
             <button type=\"submit\" class=\"bouton\">{}</button></form>",
            escape(if title.is_empty() {
                "Contactez-nous"
            } else {
                title
            }),
            escape(if s(data, "button").is_empty() {
                "Envoyer"
            } else {
                s(data, "button")
            })
        );
    }
}

/// Main French towns with their coordinates, for the map block (no map tiles: the map is an
/// outline of France drawn here, the marker placed from these coordinates).
pub const TOWNS: &[(&str, f64, f64)] = &[
    ("Paris", 48.8566, 2.3522),
    ("Marseille", 43.2965, 5.3698),
    ("Lyon", 45.7640, 4.8357),
    ("Toulouse", 43.6047, 1.4442),
    ("Nice", 43.7102, 7.2620),
    ("Nantes", 47.2184, -1.5536),
    ("Montpellier", 43.6108, 3.8767),
    ("Strasbourg", 48.5734, 7.7521),
    ("Bordeaux", 44.8378, -0.5792),
    ("Lille", 50.6292, 3.0573),
    ("Rennes", 48.1173, -1.6778),
    ("Reims", 49.2583, 4.0317),
    ("Toulon", 43.1242, 5.9280),
    ("Saint-Étienne", 45.4397, 4.3872),
    ("Le Havre", 49.4944, 0.1079),
    ("Grenoble", 45.1885, 5.7245),
    ("Dijon", 47.3220, 5.0415),
    ("Angers", 47.4784, -0.5632),
    ("Nîmes", 43.8367, 4.3601),
    ("Clermont-Ferrand", 45.7772, 3.0870),
    ("Le Mans", 48.0061, 0.1996),
    ("Aix-en-Provence", 43.5297, 5.4474),
    ("Brest", 48.3904, -4.4861),
    ("Tours", 47.3941, 0.6848),
    ("Amiens", 49.8941, 2.2958),
    ("Limoges", 45.8336, 1.2611),
    ("Annecy", 45.8992, 6.1294),
    ("Perpignan", 42.6887, 2.8948),
    ("Metz", 49.1193, 6.1757),
    ("Besançon", 47.2378, 6.0241),
    ("Orléans", 47.9030, 1.9093),
    ("Rouen", 49.4432, 1.0999),
    ("Mulhouse", 47.7508, 7.3359),
    ("Caen", 49.1829, -0.3707),
    ("Nancy", 48.6921, 6.1844),
    ("Avignon", 43.9493, 4.8055),
    ("Poitiers", 46.5802, 0.3404),
    ("La Rochelle", 46.1603, -1.1511),
    ("Pau", 43.2951, -0.3708),
    ("Bayonne", 43.4929, -1.4748),
    ("Cholet", 47.0600, -0.8792),
    ("Saumur", 47.2600, -0.0769),
    ("Laval", 48.0707, -0.7734),
    ("La Roche-sur-Yon", 46.6705, -1.4260),
    ("Niort", 46.3237, -0.4588),
    ("Vannes", 47.6582, -2.7608),
    ("Lorient", 47.7483, -3.3700),
    ("Quimper", 47.9960, -4.1024),
    ("Saint-Malo", 48.6493, -2.0257),
    ("Saint-Nazaire", 47.2736, -2.2138),
    ("Cherbourg", 49.6337, -1.6222),
    ("Calais", 50.9513, 1.8587),
    ("Dunkerque", 51.0343, 2.3768),
    ("Troyes", 48.2973, 4.0744),
    ("Bourges", 47.0810, 2.3988),
    ("Chartres", 48.4439, 1.4890),
    ("Blois", 47.5861, 1.3359),
    ("Valence", 44.9334, 4.8924),
    ("Chambéry", 45.5646, 5.9178),
    ("Ajaccio", 41.9192, 8.7386),
    ("Bastia", 42.6970, 9.4509),
    ("Brive-la-Gaillarde", 45.1589, 1.5331),
    ("Angoulême", 45.6484, 0.1562),
    ("Périgueux", 45.1847, 0.7214),
    ("Agen", 44.2033, 0.6163),
    ("Biarritz", 43.4832, -1.5586),
    ("Tarbes", 43.2328, 0.0781),
    ("Albi", 43.9289, 2.1464),
    ("Rodez", 44.3506, 2.5750),
    ("Carcassonne", 43.2130, 2.3491),
    ("Béziers", 43.3442, 3.2158),
    ("Sète", 43.4028, 3.6928),
    ("Arles", 43.6766, 4.6278),
    ("Cannes", 43.5528, 7.0174),
    ("Gap", 44.5594, 6.0786),
    ("Colmar", 48.0794, 7.3585),
    ("Épinal", 48.1724, 6.4496),
    ("Charleville-Mézières", 49.7621, 4.7263),
    ("Beauvais", 49.4295, 2.0807),
    ("Évreux", 49.0241, 1.1508),
    ("Alençon", 48.4329, 0.0913),
    ("Vichy", 46.1278, 3.4260),
    ("Nevers", 46.9908, 3.1590),
    ("Auxerre", 47.7982, 3.5733),
    ("Mâcon", 46.3069, 4.8287),
    ("Bourg-en-Bresse", 46.2052, 5.2255),
    ("Roanne", 46.0343, 4.0718),
    ("Aurillac", 44.9264, 2.4396),
    ("Le Puy-en-Velay", 45.0434, 3.8858),
    ("Châteauroux", 46.8103, 1.6913),
];

/// Outline of metropolitan France (longitude, latitude), much simplified.
const FRANCE: &[(f64, f64)] = &[
    (2.55, 51.08),
    (1.85, 50.95),
    (1.6, 50.7),
    (1.55, 50.2),
    (1.4, 50.05),
    (0.2, 49.7),
    (0.1, 49.45),
    (-0.2, 49.3),
    (-1.1, 49.35),
    (-1.3, 49.7),
    (-1.95, 49.72),
    (-1.6, 48.84),
    (-1.5, 48.63),
    (-2.0, 48.65),
    (-2.7, 48.5),
    (-3.5, 48.8),
    (-4.4, 48.65),
    (-4.77, 48.4),
    (-4.3, 48.3),
    (-4.7, 48.03),
    (-4.2, 47.8),
    (-3.4, 47.7),
    (-2.8, 47.5),
    (-2.2, 47.27),
    (-2.1, 47.0),
    (-1.9, 46.7),
    (-1.2, 46.25),
    (-1.15, 46.15),
    (-1.05, 45.6),
    (-1.2, 45.0),
    (-1.25, 44.65),
    (-1.4, 44.0),
    (-1.56, 43.48),
    (-1.78, 43.36),
    (-1.0, 43.05),
    (0.0, 42.75),
    (0.7, 42.85),
    (1.4, 42.55),
    (2.5, 42.4),
    (3.17, 42.44),
    (3.05, 42.75),
    (3.2, 43.15),
    (3.7, 43.4),
    (4.2, 43.45),
    (4.6, 43.35),
    (5.35, 43.25),
    (5.93, 43.1),
    (6.65, 43.2),
    (7.27, 43.68),
    (7.5, 43.78),
    (7.6, 44.1),
    (6.9, 44.4),
    (7.0, 44.85),
    (6.6, 45.1),
    (7.1, 45.3),
    (6.8, 45.85),
    (6.1, 46.15),
    (6.1, 46.55),
    (6.9, 47.3),
    (7.6, 47.58),
    (7.55, 48.1),
    (7.8, 48.6),
    (8.2, 48.97),
    (7.0, 49.15),
    (6.4, 49.47),
    (5.8, 49.55),
    (4.85, 49.8),
    (4.85, 50.15),
    (4.2, 49.98),
    (3.7, 50.3),
    (3.2, 50.7),
    (2.55, 51.08),
];

const CORSICA: &[(f64, f64)] = &[
    (9.4, 43.0),
    (9.55, 42.6),
    (9.4, 42.05),
    (9.2, 41.38),
    (8.8, 41.6),
    (8.6, 42.1),
    (8.6, 42.4),
    (8.9, 42.65),
    (9.3, 42.7),
    (9.4, 43.0),
];

fn project(lon: f64, lat: f64) -> (f64, f64) {
    ((lon + 5.2) * 0.69 * 40.0, (51.3 - lat) * 40.0)
}

fn fold_town(s: &str) -> String {
    e5_domain::seo::fold(s).replace(['-', '\''], " ")
}

/// Coordinates of a town of [`TOWNS`], matched without accents or hyphens.
pub fn town_coordinates(name: &str) -> Option<(f64, f64)> {
    let wanted = fold_town(name.trim());
    TOWNS
        .iter()
        .find(|(n, _, _)| fold_town(n) == wanted)
        .map(|(_, lat, lon)| (*lat, *lon))
}

fn render_map(html: &mut String, data: &Value) {
    let num = |k: &str| {
        data[k]
            .as_f64()
            .or_else(|| s(data, k).replace(',', ".").parse().ok())
    };
    let coords = match (num("lat"), num("lon")) {
        (Some(lat), Some(lon)) if (41.0..=51.5).contains(&lat) && (-5.5..=10.0).contains(&lon) => {
            Some((lat, lon))
        }
        _ => town_coordinates(s(data, "town")),
    };
    let path = |points: &[(f64, f64)]| {
        let mut d = String::new();
        for (i, (lon, lat)) in points.iter().enumerate() {
            let (x, y) = project(*lon, *lat);
            let _ = write!(d, "{}{x:.1},{y:.1}", if i == 0 { "M" } else { "L" });
        }
        d.push('Z');
        d
    };
    let place = [s(data, "address"), s(data, "town")]
        .iter()
        .filter(|p| !p.is_empty())
        .map(|p| escape(p))
        .collect::<Vec<_>>()
        .join(", ");
    let label = escape(s(data, "label"));
    let _ = write!(
        html,
        "<figure class=\"bloc-carte\"><svg viewBox=\"0 0 420 410\" role=\"img\" aria-label=\"Carte de France : {}\"><path class=\"terre\" d=\"{}\"/><path class=\"terre\" d=\"{}\"/>",
        if place.is_empty() {
            label.clone()
        } else {
            place.clone()
        },
        path(FRANCE),
        path(CORSICA)
    );
    if let Some((lat, lon)) = coords {
        let (x, y) = project(lon, lat);
        let _ = write!(
            html,
            "<g class=\"repere\"><circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"9\"/><circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"3.5\" class=\"centre\"/></g>"
        );
    }
    html.push_str("</svg><figcaption>");
    if !label.is_empty() {
        let _ = write!(html, "<strong>{label}</strong><br>");
    }
    html.push_str(&place);
    if coords.is_none() && !s(data, "town").is_empty() {
        html.push_str(" <em>(ville non trouvée sur la carte)</em>");
    }
    html.push_str("</figcaption></figure>");
}

/// What the SEO analysis reads from blocks: plain text, first paragraph, headings, images
/// (with or without alt), links (internal when site-relative, outbound when `http(s)://`).
pub fn seo_input(json: &str) -> SeoInput {
    let blocks: Vec<Value> = serde_json::from_str(json).unwrap_or_default();
    let mut input = SeoInput::default();
    let mut text = String::new();
    let count_links = |t: &str, input: &mut SeoInput| {
        let lower = t.to_ascii_lowercase();
        for part in lower.split("href=").skip(1) {
            let v = part.trim_start_matches(['"', '\'']);
            if v.starts_with("http://") || v.starts_with("https://") {
                input.outbound_links += 1;
            } else if v.starts_with('/') || v.starts_with('#') {
                input.internal_links += 1;
            }
        }
    };
    for b in &blocks {
        let data = &b["data"];
        let mut pieces: Vec<String> = Vec::new();
        for t in e5_domain::blocks::block_texts(b) {
            count_links(t, &mut input);
            pieces.push(strip_tags(t));
        }
        match Kind::of(b) {
            Some(Kind::Header) => {
                input
                    .headings
                    .push(data["level"].as_u64().unwrap_or(2).clamp(2, 6) as u8);
            }
            Some(Kind::Paragraph) if input.first_paragraph.is_empty() => {
                input.first_paragraph = strip_tags(s(data, "text"));
            }
            Some(Kind::Image) => {
                input.images += 1;
                if !s(data, "alt").trim().is_empty() {
                    input.images_with_alt += 1;
                }
                let l = s(data, "link");
                if l.starts_with("http") {
                    input.outbound_links += 1;
                } else if l.starts_with('/') {
                    input.internal_links += 1;
                }
            }
            Some(Kind::Gallery | Kind::Slider) => {
                for item in data["items"]
                    .as_array()
                    .into_iter()
                    .chain(data["slides"].as_array())
                    .flatten()
                {
                    input.images += 1;
                    if !s(item, "alt").trim().is_empty() {
                        input.images_with_alt += 1;
                    }
                }
            }
            Some(Kind::Button | Kind::Cover) => {
                let l = s(data, "url");
                if l.starts_with("http") {
                    input.outbound_links += 1;
                } else if l.starts_with('/') {
                    input.internal_links += 1;
                }
            }
            _ => {}
        }
        for p in pieces {
            text.push_str(&p);
            text.push(' ');
        }
    }
    input.text = text;
    input
}

#[cfg(test)]
mod tests {
    use super::super::render_blocks;
    use super::*;

    const BASE: &str = "/s/x";

    /// Every tag is one the renderer writes, no attribute is an event handler, no URL runs
    /// script. Escaped text never contains `<`, so every `<` opens a real tag.
    pub fn assert_inert(html: &str) {
        const TAGS: &[&str] = &[
            "p",
            "h2",
            "h3",
            "h4",
            "ul",
            "ol",
            "li",
            "blockquote",
            "cite",
            "figure",
            "figcaption",
            "img",
            "a",
            "hr",
            "strong",
            "em",
            "u",
            "br",
            "div",
            "table",
            "tr",
            "td",
            "th",
            "audio",
            "section",
            "details",
            "summary",
            "footer",
            "form",
            "label",
            "input",
            "textarea",
            "button",
            "svg",
            "path",
            "g",
            "circle",
        ];
        let mut rest = html;
        while let Some(start) = rest.find('<') {
            let after = &rest[start + 1..];
            let end = after.find('>').expect("closed tag");
            let tag = &after[..end];
            let name = tag
                .trim_start_matches('/')
                .split([' ', '/'])
                .next()
                .unwrap_or("");
            assert!(TAGS.contains(&name), "tag <{name}> in {html}");
            // Attributes: name="value" pairs; values are escaped, so no quote inside.
            let mut attrs = tag[name.len() + usize::from(tag.starts_with('/'))..].trim();
            while !attrs.is_empty() {
                let (attr, tail) = attrs.split_once('=').unwrap_or((attrs, ""));
                assert!(
                    !attr.trim().to_ascii_lowercase().starts_with("on"),
                    "event handler {attr} in {html}"
                );
                if let Some(v) = tail.strip_prefix('"') {
                    let (value, tail) = v.split_once('"').expect("closed value");
                    assert!(
                        !value.to_ascii_lowercase().contains("javascript:"),
                        "script URL in {html}"
                    );
                    attrs = tail.trim();
                } else {
                    attrs = tail.split_once(' ').map_or("", |(_, t)| t).trim();
                }
            }
            rest = &after[end + 1..];
        }
    }

    #[test]
    fn unknown_types_and_bad_json_are_refused_in_french() {
        assert!(
            validate_blocks("not json")
                .unwrap_err()
                .contains("illisible")
        );
        let e = validate_blocks(r#"[{"type":"script","data":{}}]"#).unwrap_err();
        assert!(e.contains("n'est pas pris en charge"), "{e}");
        let ok = validate_blocks(r#"{"time":1,"blocks":[{"id":"a","type":"paragraph","data":{"text":"x"}}],"version":"2"}"#).unwrap();
        assert_eq!(ok, r#"[{"data":{"text":"x"},"id":"a","type":"paragraph"}]"#);
    }

    #[test]
    fn every_rich_block_renders_hostile_text_inert() {
        let evil = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'><svg onload=alert(3)>";
        let e = serde_json::to_string(evil).unwrap();
        let json = format!(
            r#"[{{"type":"table","data":{{"withHeadings":true,"content":[[{e},{e}],[{e},"b"]]}}}},
            {{"type":"button","data":{{"text":{e},"url":"javascript:alert(1)"}}}},
            {{"type":"audio","data":{{"media_id":3,"caption":{e}}}}},
            {{"type":"file","data":{{"media_id":"4\" onclick=\"x","title":{e}}}}},
            {{"type":"cover","data":{{"media_id":1,"title":{e},"text":{e},"button":{e},"url":{e}}}}},
            {{"type":"columns","data":{{"columns":[{{"title":{e},"text":{e}}}]}}}},
            {{"type":"gallery","data":{{"items":[{{"media_id":1,"alt":{e},"caption":{e}}}]}}}},
            {{"type":"map","data":{{"town":{e},"address":{e},"label":{e},"lat":{e}}}}},
            {{"type":"form","data":{{"kind":{e},"title":{e},"button":{e}}}}},
            {{"type":"faq","data":{{"items":[{{"question":{e},"answer":{e}}}]}}}},
            {{"type":"testimonials","data":{{"items":[{{"name":{e},"role":{e},"text":{e}}}]}}}},
            {{"type":"team","data":{{"items":[{{"name":{e},"role":{e},"bio":{e},"media_id":2}}]}}}},
            {{"type":"slider","data":{{"slides":[{{"media_id":1,"alt":{e},"caption":{e}}}]}}}},
            {{"type":"countdown","data":{{"date":{e},"title":{e}}}}},
            {{"type":"countdown","data":{{"date":"2027-03-14 10:00","title":{e}}}}},
            {{"type":"image","data":{{"media_id":1,"alt":{e},"caption":{e},"link":"javascript:alert(1)"}}}}]"#
        );
        validate_blocks(&json).expect("valid blocks");
        let html = render_blocks(&json, BASE);
        assert_inert(&html);
        assert!(
            html.contains("<table>") && html.contains("<details>") && html.contains("bloc-carte")
        );
        assert!(html.contains("jusqu'au 14 mars 2027 à 10 h 00"));
    }

    #[test]
    fn the_map_places_a_known_town() {
        let html = render_blocks(
            r#"[{"type":"map","data":{"town":"cholet","address":"18 rue des Tisserands"}}]"#,
            BASE,
        );
        assert!(html.contains("class=\"repere\""), "{html}");
        assert!(!html.contains("http"), "no tiles from the Internet");
        assert_eq!(town_coordinates("Saint Etienne"), Some((45.4397, 4.3872)));
    }

    #[test]
    fn seo_reads_headings_images_and_links() {
        let i = seo_input(
            r#"[{"type":"paragraph","data":{"text":"Le <a href=\"/s/x/page/a\">lin</a> et <a href=\"https://ex.org\">x</a>"}},{"type":"header","data":{"text":"T","level":2}},{"type":"image","data":{"media_id":1,"alt":"drap"}}]"#,
        );
        assert_eq!(i.headings, vec![2]);
        assert_eq!((i.images, i.images_with_alt), (1, 1));
        assert_eq!((i.internal_links, i.outbound_links), (1, 1));
        assert_eq!(i.first_paragraph, "Le lin et x");
    }
}
