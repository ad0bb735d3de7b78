//! Every route of the server, read from the workspace's sources (`.route(…)` calls), so
//! that the tests walking all of them (access matrix, accessibility) cannot miss a new one:
//! a route written in a form this reader does not know fails the test.

use crate::exam::Exam;
use crate::helpers::repo_root;
use std::collections::BTreeSet;
use std::path::Path;

/// `e5_exam::web::signin::CONSOLE_EXPIRED`, the one route named by a constant.
pub(crate) const CONSOLE_EXPIRED: &str = "/console/session-expiree";

/// A route: its path pattern and whether it answers GET and POST.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Route {
    pub(crate) path: String,
    pub(crate) get: bool,
    pub(crate) post: bool,
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let p = entry.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The text of the call's arguments, up to its closing parenthesis.
fn call_arguments(text: &str) -> &str {
    let mut depth = 0i32;
    for (i, c) in text.char_indices() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' if depth == 0 => return &text[..i],
            ')' | ']' | '}' => depth -= 1,
            _ => {}
        }
    }
    text
}

/// The first argument and the rest, split at the first comma outside brackets.
fn first_argument(args: &str) -> (&str, &str) {
    let mut depth = 0i32;
    for (i, c) in args.char_indices() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            ',' if depth == 0 => return (args[..i].trim(), &args[i + 1..]),
            _ => {}
        }
    }
    (args.trim(), "")
}

fn literal(expr: &str) -> Option<&str> {
    let start = expr.find('"')? + 1;
    let end = start + expr[start..].find('"')?;
    Some(&expr[start..end])
}

/// Every path an argument of `.route(` stands for; panics on a form it does not know.
fn resolve(expr: &str, file: &Path) -> Vec<String> {
    let expr = expr.trim();
    let paths = if expr.starts_with('"') {
        vec![literal(expr).unwrap().to_owned()]
    } else if expr.starts_with("&at(") {
        vec![format!(
            "/s/{{sandbox}}/admin/boutique{}",
            literal(expr).unwrap()
        )]
    } else if expr.starts_with("&format!(") {
        let pattern = literal(expr)
            .unwrap()
            .replace("{a}", "/s/{sandbox}/admin")
            .replace("{{", "{")
            .replace("}}", "}");
        if pattern.contains("{section}") {
            ["articles", "pages"]
                .iter()
                .map(|s| pattern.replace("{section}", s))
                .collect()
        } else {
            vec![pattern]
        }
    } else if expr == "CONSOLE_EXPIRED" {
        vec![CONSOLE_EXPIRED.to_owned()]
    } else if expr == "ROUTE" {
        vec![e5_shop::admin::ROUTE.to_owned()]
    } else {
        panic!(
            "{}: a route written as `{expr}` is not known to the access matrix: teach it to access_matrix.rs",
            file.display()
        )
    };
    for p in &paths {
        assert!(
            p.starts_with('/') && !p.contains("{a}") && !p.contains("{section}"),
            "{}: unresolved route {p}",
            file.display()
        );
    }
    paths
}

/// Every route of the server, read from the sources.
pub(crate) fn routes() -> Vec<Route> {
    let mut files = Vec::new();
    rust_files(&repo_root().join("crates"), &mut files);
    rust_files(&repo_root().join("src"), &mut files);
    let mut found = BTreeSet::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        // Tests of a crate build their own little routers.
        let text = text.split("#[cfg(test)]").next().unwrap_or("");
        for (at, _) in text.match_indices(".route(") {
            let args = call_arguments(&text[at + ".route(".len()..]);
            let (path, handler) = first_argument(args);
            for path in resolve(path, &file) {
                found.insert(Route {
                    path,
                    get: handler.contains("get("),
                    post: handler.contains("post("),
                });
            }
        }
    }
    let routes: Vec<Route> = found.into_iter().collect();
    assert!(routes.len() > 150, "only {} routes found", routes.len());
    routes
}

/// A route's path with its parameters filled in for candidate A's seat, sandbox and
/// commission.
pub(crate) fn concrete(route: &Route, e: &Exam) -> String {
    let seat = e.demo.seats[0].seat_id.to_string();
    let mut path = route
        .path
        .replace("{sandbox}", &e.sandbox(0))
        .replace("{seat}", &seat)
        .replace("{*path}", "page.js");
    if path.starts_with("/console/commission/") {
        path = path.replace("{id}", &e.demo.commission.to_string());
    } else if path.starts_with("/admin/session/") {
        path = path.replace("{id}", &e.demo.session.to_string());
    } else if path.starts_with("/admin/commission/") {
        path = path.replace("{id}", &e.demo.commission.to_string());
    }
    // Any other parameter: the first row of its table.
    let mut out = String::new();
    let mut rest = path.as_str();
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let end = rest[start..].find('}').unwrap();
        out.push('1');
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    out
}

/// Who may use a route, by its area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Area {
    Public,
    CandidateSite,
    CandidatePages,
    Console,
    Centre,
}

pub(crate) fn area(path: &str) -> Area {
    let public = [
        "/",
        "/healthz",
        "/console/connexion",
        "/admin/connexion",
        CONSOLE_EXPIRED,
    ];
    if public.contains(&path) || path.starts_with("/assets/") || path == "/epreuve/lecture" {
        Area::Public
    } else if path.starts_with("/s/") {
        Area::CandidateSite
    } else if path.starts_with("/epreuve") {
        Area::CandidatePages
    } else if path.starts_with("/console") {
        Area::Console
    } else if path.starts_with("/admin") {
        Area::Centre
    } else {
        panic!("{path}: which area is it in? Teach access_matrix.rs");
    }
}
