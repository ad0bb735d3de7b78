//! Exam day over HTTP: the demo exam fixture shared by the exam, console, centre and security
//! tests, the grid's edit call and the archive tools.

mod archives;
mod clock_browser;
mod fiche_browser;
mod gate;
mod grid;
mod seats;

use crate::helpers::{Shopper, TestApp, TestData};
use e5_exam::Platform;
use e5_exam::demo::{self, DemoExam};
use serde_json::{Value, json};
use std::time::Duration;

pub(crate) struct Exam {
    pub(crate) t: TestData,
    pub(crate) app: TestApp,
    pub(crate) platform: Platform,
    pub(crate) demo: DemoExam,
    /// A second commission with another examiner and one candidate.
    pub(crate) other_commission: i64,
}

pub(crate) async fn exam() -> Exam {
    exam_with(e5::server::Options::default()).await
}

/// The demo exam, served with `e5 serve`'s options.
pub(crate) async fn exam_with(options: e5::server::Options) -> Exam {
    let t = TestData::new().await;
    let platform = Platform::open(&t.data).await.unwrap();
    let demo = demo::create(&platform).await.unwrap();
    e5_exam::planning::import_candidates(&platform, demo.session, "Roux;Inès;02710004;+10 min\n")
        .await
        .unwrap();
    e5_exam::planning::add_examiner(
        &platform,
        "autre@centre-demo.fr",
        "Paul Girard",
        "autre-mdp-2027",
    )
    .await
    .unwrap();
    let other_commission = e5_exam::planning::create_commission(
        &platform,
        demo.session,
        &e5_exam::planning::NewCommission {
            number: "2".into(),
            examiner_email: "autre@centre-demo.fr".into(),
            subject_code: e5_exam::demo::SUBJECT_CODE.into(),
            room: "B205".into(),
            starts_at: "2027-05-12 09:00".into(),
            candidates: vec!["02710004".into()],
        },
    )
    .await
    .unwrap();
    e5_exam::planning::prepare_sandboxes(&platform, demo.session)
        .await
        .unwrap();
    let app = TestApp::spawn_with(&t.data, options).await;
    Exam {
        t,
        app,
        platform,
        demo,
        other_commission,
    }
}

/// The demo centre administrator's sign-in form.
pub(crate) const ADMIN_SIGN_IN: [(&str, &str); 2] =
    [("email", demo::ADMIN_EMAIL), ("password", demo::PASSWORD)];

/// The demo examiner's sign-in form.
pub(crate) const EXAMINER_SIGN_IN: [(&str, &str); 2] = [
    ("email", demo::EXAMINER_EMAIL),
    ("password", demo::PASSWORD),
];

impl Exam {
    pub(crate) fn sandbox(&self, i: usize) -> String {
        self.demo.seats[i].sandbox_id.clone().unwrap()
    }

    /// The examiner starts seat `i`'s clock: the candidate's site takes writes from then on.
    pub(crate) async fn start_clock(&self, i: usize) {
        let seat = self.demo.seats[i].seat_id;
        e5_exam::timer::timer_action(&self.platform, seat, "start", 0, "")
            .await
            .expect("start");
    }

    pub(crate) async fn candidate(&self, i: usize) -> Shopper {
        let user = self.app.shopper();
        let (answer, home) = user
            .post(
                "/",
                &[("code", &self.demo.seats[i].access_code.to_lowercase())],
            )
            .await;
        assert_eq!(answer.status, 303, "{}", answer.body);
        assert_eq!(answer.location.as_deref(), Some("/epreuve"));
        assert!(
            home.body.contains(&self.demo.seats[i].surname),
            "{}",
            home.body
        );
        user
    }

    pub(crate) async fn examiner(&self) -> Shopper {
        let user = self.app.shopper();
        user.post_ok("/console/connexion", &EXAMINER_SIGN_IN).await;
        user
    }

    pub(crate) async fn other_examiner(&self) -> Shopper {
        let user = self.app.shopper();
        user.post_ok(
            "/console/connexion",
            "email=autre@centre-demo.fr&password=autre-mdp-2027",
        )
        .await;
        user
    }

    /// A number read from the platform's database (`SELECT COUNT(*) …`).
    pub(crate) async fn count(&self, sql: &str) -> i64 {
        crate::helpers::one(self.platform.db(), sql).await
    }

    /// A candidate enters `seat` with its code in a browser and opens their back-office.
    pub(crate) async fn candidate_in_browser(&self, b: &crate::browser::Browser, seat: usize) {
        b.goto(&format!("{}/", self.app.address)).await;
        let code = &self.demo.seats[seat].access_code;
        b.find("#code").await.type_text(code).await;
        b.find("button[type=submit]").await.click().await;
        b.wait_for_text("Temps restant").await;
        b.find("a[href*='/admin/']").await.click().await;
        b.wait_for_text("Épreuve E5").await;
    }

    /// The demo examiner's console of the demo commission, open in a browser at the
    /// examiner's 1920×1080; its address.
    pub(crate) async fn open_console(&self, b: &crate::browser::Browser) -> String {
        b.set_window_size(1920, 1080).await;
        self.sign_in_console(b).await;
        let console = format!(
            "{}/console/commission/{}",
            self.app.staff, self.demo.commission
        );
        b.goto(&console).await;
        console
    }

    /// The demo examiner signed in to the console in a browser.
    pub(crate) async fn sign_in_console(&self, b: &crate::browser::Browser) {
        b.goto(&format!("{}/console/connexion", self.app.staff))
            .await;
        b.find("#email").await.type_text(demo::EXAMINER_EMAIL).await;
        b.find("#password").await.type_text(demo::PASSWORD).await;
        b.find("button[type=submit]").await.click().await;
        b.wait_for_text("Mes commissions").await;
    }

    /// The demo centre administrator signed in to the centre administration in a browser.
    pub(crate) async fn sign_in_centre(&self, b: &crate::browser::Browser) {
        b.goto(&format!("{}/admin/connexion", self.app.staff)).await;
        b.find("#email").await.type_text(demo::ADMIN_EMAIL).await;
        b.find("#password").await.type_text(demo::PASSWORD).await;
        b.find("button[type=submit]").await.click().await;
        b.wait_for_text("Sessions d'examen").await;
    }

    pub(crate) async fn admin(&self) -> Shopper {
        let user = self.app.shopper();
        user.post_ok("/admin/connexion", &ADMIN_SIGN_IN).await;
        user
    }
}

pub(crate) async fn edit(
    user: &Shopper,
    seat: i64,
    key: &str,
    field: &str,
    value: &str,
) -> (u16, Value) {
    let r = user
        .client
        .post(format!("{}/console/poste/{seat}/grille", user.staff))
        .header("origin", &user.staff)
        .json(&json!({"key": key, "field": field, "value": value}))
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

/// An archive's entries, in order.
pub(crate) fn archive_entries(file: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    crate::helpers::tar_entries(std::fs::File::open(file).unwrap())
}

/// The manifest among an archive's entries.
fn manifest_of(entries: &[(String, Vec<u8>)]) -> e5_exam::archive::Manifest {
    let (_, bytes) = entries.iter().find(|(n, _)| n == "manifest.json").unwrap();
    serde_json::from_slice(bytes).unwrap()
}

/// What a forger without the centre's key can do: rewrite entries, then the manifest's
/// hashes to match them (the signature entry is left as it was).
fn forge(out: &std::path::Path, entries: &[(String, Vec<u8>)]) {
    use sha2::Digest;
    let mut manifest = manifest_of(entries);
    for listed in &mut manifest.entries {
        let bytes = &entries.iter().find(|(n, _)| *n == listed.name).unwrap().1;
        listed.size = bytes.len() as u64;
        listed.sha256 = hex::encode(sha2::Sha256::digest(bytes));
    }
    let manifest = serde_json::to_vec_pretty(&manifest).unwrap();
    let mut tar = tar::Builder::new(std::fs::File::create(out).unwrap());
    for (name, bytes) in entries {
        let bytes = if name == "manifest.json" {
            &manifest
        } else {
            bytes
        };
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        tar.append_data(&mut header, name, bytes.as_slice())
            .unwrap();
    }
    tar.into_inner().unwrap();
}

fn replace_entry(entries: &mut [(String, Vec<u8>)], suffix: &str, bytes: Vec<u8>) {
    let entry = entries
        .iter_mut()
        .find(|(n, _)| n.ends_with(suffix))
        .unwrap();
    entry.1 = bytes;
}

fn verify_archive(file: &std::path::Path, extra: &[&std::ffi::OsStr]) -> (bool, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_e5"))
        .args(["exam", "verify-archive"])
        .arg(file)
        .args(extra)
        .output()
        .unwrap();
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

/// An archive of `entries` whose entry `big` is replaced by one of `size` bytes, last, as
/// holes of a sparse file (nothing written to disk); `manifest` replaces manifest.json.
pub(crate) fn sparse_archive(
    entries: &[(String, Vec<u8>)],
    big: &str,
    size: u64,
    manifest: Option<&[u8]>,
    out: &std::path::Path,
) {
    use std::io::{Seek, Write};
    let mut tar = tar::Builder::new(std::fs::File::create(out).unwrap());
    for (name, bytes) in entries.iter().filter(|(n, _)| n != big) {
        let bytes = match manifest {
            Some(m) if name == "manifest.json" => m,
            _ => bytes.as_slice(),
        };
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        tar.append_data(&mut header, name, bytes).unwrap();
    }
    let mut f = tar.into_inner().unwrap();
    // Over the end-of-archive blocks: the huge entry's header, then holes.
    let end = f.seek(std::io::SeekFrom::End(-1024)).unwrap();
    let mut header = tar::Header::new_gnu();
    header.set_path(big).unwrap();
    header.set_size(size);
    header.set_mode(0o644);
    header.set_cksum();
    f.write_all(header.as_bytes()).unwrap();
    f.set_len(end + 512 + size + 1024).unwrap();
}

/// Commission 3: a new candidate (Jade Leroy) on `subject_code`, no sandbox yet.
pub(crate) async fn third_commission(e: &Exam, subject_code: &str) -> i64 {
    e5_exam::planning::import_candidates(&e.platform, e.demo.session, "Leroy;Jade;02710005;\n")
        .await
        .unwrap();
    e5_exam::planning::create_commission(
        &e.platform,
        e.demo.session,
        &e5_exam::planning::NewCommission {
            number: "3".into(),
            examiner_email: demo::EXAMINER_EMAIL.into(),
            subject_code: subject_code.into(),
            room: "B206".into(),
            starts_at: "2027-05-12 10:00".into(),
            candidates: vec!["02710005".into()],
        },
    )
    .await
    .unwrap()
}
