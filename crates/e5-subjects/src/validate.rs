//! Value rules of checks and overlay entries that need no database: statuses, dates,
//! ranges. Each returns French messages; the caller adds the location.

use crate::checks::Check;
use crate::overlay::OverlayEntry;

/// `AAAA-MM-JJ`, optionally followed by ` HH:MM` or ` HH:MM:SS`.
pub(crate) fn is_date_or_datetime(s: &str) -> bool {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| r.clone().all(|i| b.get(i).is_some_and(u8::is_ascii_digit));
    let date = b.len() >= 10
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10);
    let month_ok = s
        .get(5..7)
        .and_then(|m| m.parse::<u8>().ok())
        .is_some_and(|m| (1..=12).contains(&m));
    let day_ok = s
        .get(8..10)
        .and_then(|d| d.parse::<u8>().ok())
        .is_some_and(|d| (1..=31).contains(&d));
    if !(date && month_ok && day_ok) {
        return false;
    }
    match b.len() {
        10 => true,
        16 => b[10] == b' ' && digits(11..13) && b[13] == b':' && digits(14..16),
        19 => {
            b[10] == b' '
                && digits(11..13)
                && b[13] == b':'
                && digits(14..16)
                && b[16] == b':'
                && digits(17..19)
        }
        _ => false,
    }
}

fn one_of(found: &mut Vec<String>, key: &str, value: Option<&str>, allowed: &[&str]) {
    if let Some(v) = value
        && !allowed.contains(&v)
    {
        found.push(format!(
            "{key} = « {v} » n'est pas possible ; valeurs possibles : {}",
            allowed.join(", ")
        ));
    }
}

fn date(found: &mut Vec<String>, key: &str, value: Option<&str>) {
    if let Some(v) = value
        && !is_date_or_datetime(v)
    {
        found.push(format!(
            "{key} = « {v} » : date attendue au format AAAA-MM-JJ (ou AAAA-MM-JJ HH:MM)"
        ));
    }
}

fn not_blank(found: &mut Vec<String>, key: &str, value: &str) {
    if value.trim().is_empty() {
        found.push(format!("{key} est vide"));
    }
}

fn range<T: PartialOrd + std::fmt::Display + Copy>(
    found: &mut Vec<String>,
    what: &str,
    min: Option<T>,
    max: Option<T>,
) {
    if let (Some(a), Some(b)) = (min, max)
        && a > b
    {
        found.push(format!(
            "{what} : le minimum ({a}) dépasse le maximum ({b})"
        ));
    }
}

fn positive(found: &mut Vec<String>, key: &str, value: Option<f64>) {
    if let Some(v) = value
        && !(v.is_finite() && v >= 0.0)
    {
        found.push(format!("{key} = {v} : un nombre positif est attendu"));
    }
}

const POST_STATUSES: &[&str] = &["draft", "publish", "future", "private", "trash"];

pub(crate) fn check(c: &Check) -> Vec<String> {
    let mut f = Vec::new();
    match c {
        Check::PostPublished(p) => {
            one_of(
                &mut f,
                "status",
                p.status.as_deref(),
                &["publish", "future", "private"],
            );
            range(&mut f, "nombre de mots", p.min_words, p.max_words);
            if p.slug.as_deref().is_some_and(|s| s.trim().is_empty()) {
                f.push("slug est vide".into());
            }
            for kind in &p.block_types {
                if e5_domain::blocks::Kind::parse(kind).is_none() {
                    let known: Vec<&str> = e5_domain::blocks::Kind::ALL
                        .iter()
                        .map(|k| k.as_str())
                        .collect();
                    f.push(format!(
                        "block_types : « {kind} » n'est pas un bloc de l'éditeur (blocs possibles : {})",
                        known.join(", ")
                    ));
                }
            }
        }
        Check::ProductCompleted(p) => {
            not_blank(&mut f, "reference", &p.reference);
            positive(&mut f, "price", p.price);
            positive(&mut f, "price_ht", p.price_ht);
            range(
                &mut f,
                "longueur de la description",
                p.description_min_chars,
                p.description_max_chars,
            );
        }
        Check::CartRule(r) => {
            if r.code.is_none()
                && r.name_contains.is_none()
                && r.percent.is_none()
                && r.amount.is_none()
                && r.free_shipping.is_none()
            {
                f.push("indiquez au moins le code, le nom ou la réduction attendus".into());
            }
            positive(&mut f, "percent", r.percent);
            positive(&mut f, "amount", r.amount);
            positive(&mut f, "min_amount", r.min_amount);
            date(&mut f, "starts", r.starts.as_deref());
            date(&mut f, "ends", r.ends.as_deref());
        }
        Check::CatalogRule(r) => {
            positive(&mut f, "percent", r.percent);
            positive(&mut f, "amount", r.amount);
            date(&mut f, "starts", r.starts.as_deref());
            date(&mut f, "ends", r.ends.as_deref());
        }
        Check::SpecificPrice(r) => {
            not_blank(&mut f, "product", &r.product);
            positive(&mut f, "percent", r.percent);
            positive(&mut f, "amount", r.amount);
            date(&mut f, "starts", r.starts.as_deref());
            date(&mut f, "ends", r.ends.as_deref());
        }
        Check::ReplyToThread(t) => {
            if t.subject.is_none() && t.customer.is_none() {
                f.push(
                    "indiquez le fil par son objet (subject) ou l'e-mail du client (customer)"
                        .into(),
                );
            }
            one_of(
                &mut f,
                "status",
                t.status.as_deref(),
                &["open", "closed", "pending1", "pending2"],
            );
        }
        Check::ReviewHandled(r) => {
            one_of(
                &mut f,
                "status",
                r.status.as_deref(),
                &["approved", "refused"],
            );
            if r.status.is_none() && r.min_reply_chars.is_none() {
                f.push(
                    "indiquez le statut attendu (status) et/ou une réponse (min_reply_chars)"
                        .into(),
                );
            }
        }
        Check::CommentModerated(c) => {
            one_of(
                &mut f,
                "status",
                Some(&c.status),
                &["approved", "spam", "trash"],
            );
        }
        Check::CustomerGroup(g) => {
            not_blank(&mut f, "name", &g.name);
            one_of(
                &mut f,
                "price_display",
                g.price_display.as_deref(),
                &["TTC", "HT"],
            );
            positive(&mut f, "reduction", g.reduction);
        }
        Check::CustomerInGroup(g) => {
            not_blank(&mut f, "customer", &g.customer);
            not_blank(&mut f, "group", &g.group);
        }
        Check::CustomerAccount(a) => not_blank(&mut f, "email", &a.email),
        Check::Employee(e) => {
            not_blank(&mut f, "email", &e.email);
            one_of(
                &mut f,
                "wp_role",
                e.wp_role.as_deref(),
                &["administrator", "editor", "author", "contributor"],
            );
        }
        Check::MenuItem(m) => {
            one_of(&mut f, "menu", m.menu.as_deref(), &["main", "footer"]);
            if m.label.is_none() && m.target.is_none() {
                f.push(
                    "indiquez l'intitulé (label) ou la cible (target) de l'entrée de menu".into(),
                );
            }
        }
        Check::HomeBlock(h) => {
            one_of(
                &mut f,
                "block",
                Some(&h.block),
                &["slide", "reassurance", "custom_text", "footer_link"],
            );
        }
        Check::Widget(w) => {
            one_of(&mut f, "area", w.area.as_deref(), &["sidebar", "footer"]);
            one_of(
                &mut f,
                "widget",
                Some(&w.widget),
                &[
                    "recent_posts",
                    "categories",
                    "search",
                    "calendar",
                    "gallery",
                    "text",
                    "social",
                ],
            );
        }
        Check::Setting(s) => {
            if !s.key.trim().is_empty() && !e5_domain::setting::is_known(&s.key) {
                f.push(format!(
                    "key = \"{}\" : réglage inconnu du site (réglages connus : {}, share.<réseau>)",
                    s.key,
                    e5_domain::setting::ALL.join(", ")
                ));
            }
            not_blank(&mut f, "key", &s.key);
            if s.equals.is_none() && s.contains.is_none() && s.not_empty.is_none() {
                f.push("indiquez la valeur attendue (equals, contains ou not_empty)".into());
            }
        }
        Check::MediaAlt(m) => {
            if m.files.is_empty() {
                f.push("indiquez au moins un fichier (files)".into());
            }
        }
        Check::OrderState(o) => {
            not_blank(&mut f, "order", &o.order);
            not_blank(&mut f, "state", &o.state);
        }
        Check::OrderReturn(o) => {
            one_of(
                &mut f,
                "state",
                Some(&o.state),
                &["accepted", "received", "refunded", "refused"],
            );
        }
        Check::CreditSlip(c) => {
            not_blank(&mut f, "order", &c.order);
            positive(&mut f, "amount", c.amount);
        }
        Check::Stock(s) => {
            if s.quantity.is_none() && s.min_quantity.is_none() {
                f.push("indiquez quantity ou min_quantity".into());
            }
        }
        Check::SearchAlias(a) => {
            not_blank(&mut f, "alias", &a.alias);
            not_blank(&mut f, "search", &a.search);
        }
        Check::Answer(a) => {
            if !(1..=5).contains(&a.question) {
                f.push(format!("question {} inconnue (de 1 à 5)", a.question));
            }
            if let Some(n) = a.min_keywords
                && n as usize > a.keywords.len()
            {
                f.push(format!(
                    "min_keywords = {n}, mais seulement {} mots-clés sont donnés",
                    a.keywords.len()
                ));
            }
        }
        Check::JournalContains(j) => {
            if e5_domain::journal::Entity::parse(&j.entity).is_none() {
                let known: Vec<&str> = e5_domain::journal::Entity::ALL
                    .iter()
                    .map(|e| e.as_str())
                    .collect();
                f.push(format!(
                    "entity = \"{}\" : ce nom n'existe pas dans le journal (noms possibles : {})",
                    j.entity,
                    known.join(", ")
                ));
            }
        }
    }
    f
}

pub(crate) fn overlay_entry(e: &OverlayEntry) -> Vec<String> {
    let mut f = Vec::new();
    match e {
        OverlayEntry::Customer(c) => {
            not_blank(&mut f, "email", &c.email);
            one_of(&mut f, "gender", c.gender.as_deref(), &["M.", "Mme"]);
            if c.address.is_some() != c.city.is_some()
                || c.address.is_some() != c.postcode.is_some()
            {
                f.push("une adresse demande address, postcode et city ensemble".into());
            }
            date(&mut f, "at", c.at.as_deref());
        }
        OverlayEntry::Employee(x) => {
            not_blank(&mut f, "email", &x.email);
            one_of(
                &mut f,
                "wp_role",
                x.wp_role.as_deref(),
                &["administrator", "editor", "author", "contributor"],
            );
        }
        OverlayEntry::Product(p) => {
            not_blank(&mut f, "reference", &p.reference);
            not_blank(&mut f, "name", &p.name);
            positive(&mut f, "price", p.price);
            positive(&mut f, "tax", p.tax);
        }
        OverlayEntry::ProductUpdate(p) => {
            not_blank(&mut f, "reference", &p.reference);
            positive(&mut f, "price", p.price);
        }
        OverlayEntry::Stock(s) => {
            if s.quantity < 0 {
                f.push("quantity ne peut pas être négative".into());
            }
        }
        OverlayEntry::Post(p) => {
            not_blank(&mut f, "title", &p.title);
            if e5_domain::Slug::parse(&p.slug).is_err() {
                f.push(format!(
                    "slug « {} » invalide : minuscules sans accent, chiffres et tirets",
                    p.slug
                ));
            }
            one_of(&mut f, "status", p.status.as_deref(), POST_STATUSES);
        }
        OverlayEntry::PostUpdate(p) => {
            one_of(&mut f, "status", p.status.as_deref(), POST_STATUSES);
        }
        OverlayEntry::Comment(c) => {
            not_blank(&mut f, "text", &c.text);
            one_of(
                &mut f,
                "status",
                c.status.as_deref(),
                &["pending", "approved", "spam", "trash"],
            );
            date(&mut f, "at", c.at.as_deref());
        }
        OverlayEntry::Review(r) => {
            if !(1..=5).contains(&r.rating) {
                f.push(format!(
                    "rating = {} : une note de 1 à 5 est attendue",
                    r.rating
                ));
            }
            one_of(
                &mut f,
                "status",
                r.status.as_deref(),
                &["pending", "approved", "refused"],
            );
            date(&mut f, "at", r.at.as_deref());
        }
        OverlayEntry::CustomerMessage(m) => {
            not_blank(&mut f, "subject", &m.subject);
            not_blank(&mut f, "message", &m.message);
            date(&mut f, "at", m.at.as_deref());
        }
        OverlayEntry::OrderState(o) => date(&mut f, "at", o.at.as_deref()),
        OverlayEntry::OrderReturn(o) => {
            not_blank(&mut f, "reason", &o.reason);
            date(&mut f, "at", o.at.as_deref());
        }
        OverlayEntry::Traffic(t) => {
            for (k, v) in [("from", &t.from), ("to", &t.to)] {
                if v.len() != 10 || !is_date_or_datetime(v) {
                    f.push(format!("{k} = « {v} » : jour attendu au format AAAA-MM-JJ"));
                }
            }
            if t.from > t.to {
                f.push(format!("from ({}) est après to ({})", t.from, t.to));
            }
            one_of(
                &mut f,
                "source",
                t.source.as_deref(),
                &["direct", "organic", "social", "email", "referral", "paid"],
            );
            one_of(
                &mut f,
                "device",
                t.device.as_deref(),
                &["desktop", "mobile", "tablet"],
            );
            for (k, v) in [
                ("sessions", t.sessions),
                ("bounces", t.bounces),
                ("carts_created", t.carts_created),
                ("carts_abandoned", t.carts_abandoned),
            ] {
                positive(&mut f, k, v);
            }
            if [t.sessions, t.bounces, t.carts_created, t.carts_abandoned]
                .iter()
                .all(Option::is_none)
            {
                f.push("indiquez au moins un facteur (sessions, bounces, carts_created, carts_abandoned)".into());
            }
        }
        OverlayEntry::Setting(s) => not_blank(&mut f, "key", &s.key),
        OverlayEntry::Sql(s) => not_blank(&mut f, "sql", &s.sql),
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_with_or_without_time_are_accepted() {
        assert!(is_date_or_datetime("2027-01-15"));
        assert!(is_date_or_datetime("2027-01-15 08:30"));
        assert!(is_date_or_datetime("2027-01-15 08:30:00"));
        assert!(!is_date_or_datetime("15/01/2027"));
        assert!(!is_date_or_datetime("2027-13-01"));
    }
}
