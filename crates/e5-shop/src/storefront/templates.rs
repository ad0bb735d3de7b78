//! Templates are compiled into the binary and loaded once at start-up.

use std::collections::HashMap;

use e5_domain::Money;
use tera::{Result as TeraResult, Tera, Value};

macro_rules! embedded {
    ($($name:literal),* $(,)?) => {
        [$(($name, include_str!(concat!("../../templates/", $name)))),*]
    };
}

const TEMPLATES: &[(&str, &str)] = &embedded!(
    "storefront/base.html",
    "storefront/macros.html",
    "storefront/home.html",
    "storefront/category.html",
    "storefront/product.html",
    "storefront/search.html",
    "storefront/cart.html",
    "storefront/checkout.html",
    "storefront/confirmation.html",
    "storefront/account.html",
    "storefront/order.html",
    "storefront/blog.html",
    "storefront/post.html",
    "storefront/page.html",
    "storefront/contact.html",
    "storefront/external.html",
);

pub fn build() -> Result<Tera, tera::Error> {
    let mut tera = Tera::default();
    tera.add_raw_templates(TEMPLATES.iter().copied())?;
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.register_filter("money", money);
    tera.register_filter("date_fr", date_fr);
    tera.register_filter(
        "urlencode_strict",
        |v: &Value, _: &HashMap<String, Value>| {
            Ok(Value::String(crate::content::percent_encode(
                v.as_str().unwrap_or(""),
            )))
        },
    );
    Ok(tera)
}

/// `{{ 4990 | money }}` → `49,90 €`
fn money(value: &Value, _: &HashMap<String, Value>) -> TeraResult<Value> {
    let cents = value
        .as_i64()
        .or_else(|| value.as_f64().map(|f| f.round() as i64))
        .unwrap_or(0);
    Ok(Value::String(Money(cents).to_string()))
}

const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// `{{ "2026-03-14 10:00:00" | date_fr }}` → `14 mars 2026`
fn date_fr(value: &Value, args: &HashMap<String, Value>) -> TeraResult<Value> {
    let s = value.as_str().unwrap_or("");
    let parse = |a: usize, b: usize| s.get(a..b).and_then(|p| p.parse::<usize>().ok());
    let (Some(y), Some(m), Some(d)) = (parse(0, 4), parse(5, 7), parse(8, 10)) else {
        return Ok(Value::String(s.to_owned()));
    };
    let month = MONTHS.get(m.wrapping_sub(1)).copied().unwrap_or("");
    let mut out = format!("{d} {month} {y}");
    if args.get("time").and_then(Value::as_bool).unwrap_or(false)
        && let Some(t) = s.get(11..16)
    {
        out.push_str(&format!(" à {}", t.replace(':', " h ")));
    }
    Ok(Value::String(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_compiles() {
        build().expect("templates compile");
    }

    #[test]
    fn dates_are_written_in_french() {
        let v = date_fr(
            &Value::String("2026-03-04 10:05:00".into()),
            &HashMap::new(),
        )
        .unwrap();
        assert_eq!(v, Value::String("4 mars 2026".into()));
    }
}
