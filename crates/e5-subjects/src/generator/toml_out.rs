//! A small TOML writer for generated subjects: the layout a teacher would write by hand
//! (sections in order, comments, multi-line texts), and byte-identical for the same input.

use std::fmt::Write as _;

use super::task::{Table, V};

pub(crate) fn basic(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

pub(crate) fn multiline(s: &str) -> String {
    let body = s.trim().replace('\\', "\\\\").replace("\"\"\"", "\"\"\\\"");
    format!("\"\"\"\n{body}\n\"\"\"")
}

fn float(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{f:.1}")
    } else {
        format!("{f}")
    }
}

pub(crate) fn value(v: &V) -> String {
    match v {
        V::S(s) => basic(s),
        V::Text(s) => multiline(s),
        V::I(i) => i.to_string(),
        V::F(f) => float(*f),
        V::B(b) => b.to_string(),
        V::L(items) => format!(
            "[{}]",
            items
                .iter()
                .map(|i| basic(i))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

pub(crate) fn table(out: &mut String, header: &str, fields: &Table) {
    let _ = writeln!(out, "[[{header}]]");
    for (k, v) in fields {
        let _ = writeln!(out, "{k} = {}", value(v));
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_and_parse_back() {
        let text = "Il a dit \"oui\"\\ puis\n\"\"\" fin";
        let doc = format!("a = {}\nb = {}\n", basic(text), multiline(text));
        let parsed: toml::Table = toml::from_str(&doc).unwrap();
        assert_eq!(parsed["a"].as_str(), Some(text));
        assert_eq!(
            parsed["b"].as_str().map(str::trim_end),
            Some(text),
            "the closing line adds only a newline"
        );
    }

    #[test]
    fn whole_floats_keep_a_decimal_point() {
        assert_eq!(float(15.0), "15.0");
        assert_eq!(float(19.9), "19.9");
    }
}
