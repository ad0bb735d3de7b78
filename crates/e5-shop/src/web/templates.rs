//! Templates are compiled into the binary (every file under `templates/`) and loaded once
//! at start-up.

use std::collections::HashMap;

use e5_domain::Money;
use include_dir::{Dir, include_dir};
use tera::{Result as TeraResult, Tera, Value};

/// A template context from `name: value` pairs, `name` alone standing for `name: name`;
/// each value is inserted by reference, in the order written:
/// `context! { product, price: price_of(&product)?, can_edit }`.
#[macro_export]
macro_rules! context {
    ($($name:ident $(: $value:expr)?),* $(,)?) => {{
        let mut ctx = $crate::web::templates::Context::new();
        $( ctx.insert(stringify!($name), &$crate::context!(@value $name $(, $value)?)); )*
        ctx
    }};
    (@value $name:ident, $value:expr) => {
        $value
    };
    (@value $name:ident) => {
        $name
    };
}

pub use tera::Context;

fn collect(dir: &Dir<'static>, out: &mut Vec<(&'static str, &'static str)>) {
    for file in dir.files() {
        if let (Some(name), Some(text)) = (file.path().to_str(), file.contents_utf8()) {
            out.push((name, text));
        }
    }
    for sub in dir.dirs() {
        collect(sub, out);
    }
}

/// This crate's templates: `storefront/…` and the back-office layout `admin/…`.
pub static TEMPLATES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");

/// Builds one template engine from the template folders of every crate that serves pages
/// (this one first); a template may extend one from another crate.
pub fn build(dirs: &[&Dir<'static>]) -> Result<Tera, tera::Error> {
    let mut files = Vec::new();
    for dir in dirs {
        collect(dir, &mut files);
    }
    let mut tera = Tera::default();
    tera.add_raw_templates(files)?;
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.register_filter("money", money);
    tera.register_filter("date_fr", date_fr);
    tera.register_filter(
        "urlencode_strict",
        |v: &Value, _: &HashMap<String, Value>| {
            Ok(Value::String(super::escape::percent_encode(
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

/// `{{ "2026-03-14 10:00:00" | date_fr }}` → `14 mars 2026`
fn date_fr(value: &Value, args: &HashMap<String, Value>) -> TeraResult<Value> {
    let s = value.as_str().unwrap_or("");
    let text = if args.get("time").and_then(Value::as_bool).unwrap_or(false) {
        e5_domain::calendar::french_date_time(s)
    } else {
        e5_domain::calendar::french_date(s)
    };
    Ok(Value::String(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_compiles() {
        build(&[&TEMPLATES]).expect("templates compile");
    }

    #[test]
    fn dates_are_written_in_french() {
        let v = date_fr(
            &Value::String("2026-03-04 10:05:00".into()),
            &HashMap::new(),
        )
        .unwrap();
        assert_eq!(v, Value::String("4 mars 2026".into()));
        let mut time = HashMap::new();
        time.insert("time".to_owned(), Value::Bool(true));
        let v = date_fr(&Value::String("2026-06-01 09:05:00".into()), &time).unwrap();
        assert_eq!(v, Value::String("1er juin 2026 à 9 h 05".into()));
    }
}
