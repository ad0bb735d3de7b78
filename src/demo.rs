//! `e5 demo`: the reference context embedded in the binary, packed, imported, three
//! sandboxes created and served. Works from any folder with the binary alone.

use std::net::SocketAddr;
use std::path::Path;

use anyhow::Context as _;
use e5_sandbox::DataDir;

/// Accounts of the reference context (see reference-site/README.md).
const DEMO_EMPLOYEE: &str = "helene.guerin@toiles-de-loire.fr";
const DEMO_PASSWORD: &str = "demo-e5-2027";

/// The demo's own package-signing key, in its data folder.
const DEMO_SIGNING_KEY: &str = "demo-national.key";

static REFERENCE_SITE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/reference-site.tar"));

/// Writes the embedded reference-site sources into `dir`.
pub fn extract_reference_site(dir: &Path) -> anyhow::Result<()> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).with_context(|| format!("nettoyage de {}", dir.display()))?;
    }
    std::fs::create_dir_all(dir)?;
    tar::Archive::new(REFERENCE_SITE)
        .unpack(dir)
        .with_context(|| format!("extraction du contexte de référence dans {}", dir.display()))
}

/// Prepares the demo data (context installed, three sandboxes) and returns their ids.
pub async fn prepare(root: &Path) -> anyhow::Result<Vec<e5_domain::SandboxId>> {
    for sub in ["contexts", "sandboxes", "reference-site"] {
        let p = root.join(sub);
        if p.exists() {
            make_writable(&p);
            std::fs::remove_dir_all(&p).with_context(|| format!("nettoyage de {}", p.display()))?;
        }
    }
    // The demo's exam session points at the sandboxes just removed: start it afresh too.
    for file in ["platform.db", "platform.db-wal", "platform.db-shm"] {
        let p = root.join(file);
        if p.exists() {
            std::fs::remove_file(&p).with_context(|| format!("nettoyage de {}", p.display()))?;
        }
    }
    std::fs::create_dir_all(root)?;
    let source = root.join("reference-site");
    extract_reference_site(&source)?;
    // The demo plays both parts: national designers (a key of its own, kept in its folder)
    // signing the package, and the centre trusting that key only.
    let key = e5_sandbox::keys::load_or_create_private_key(
        &root.join(DEMO_SIGNING_KEY),
        "Clé de signature des paquets de la démonstration e5",
    )?;
    let package = root.join("reference.e5ctx");
    let manifest = e5_sandbox::pack_signed(&source, &package, &key).await?;
    let data = DataDir::new(root);
    let trust = e5_sandbox::Trust::key(key.verifying_key());
    let ctx = e5_sandbox::import(&package, &data, &trust).await?;
    println!(
        "Contexte de référence : {} {} (« {} », {})",
        manifest.id, manifest.version, manifest.title, ctx.provenance
    );
    let mut ids = Vec::new();
    for _ in 0..3 {
        ids.push(e5_sandbox::create_sandbox(&data, &ctx)?.id);
    }
    Ok(ids)
}

/// Installed contexts are read-only on purpose; the demo wipes its own folder, so it lifts
/// that first.
fn make_writable(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if let Ok(meta) = entry.metadata() {
            let mut perms = meta.permissions();
            #[allow(clippy::permissions_set_readonly_false)]
            perms.set_readonly(false);
            let _ = std::fs::set_permissions(&path, perms);
        }
        if path.is_dir() {
            make_writable(&path);
        }
    }
}

pub async fn run(root: &Path, bind: SocketAddr) -> anyhow::Result<()> {
    let ids = prepare(root).await?;
    let listeners = crate::server::Listeners::bind(bind, None).await?;
    let addr = listeners.sites_addr();
    let staff = listeners.staff_addr();
    println!();
    println!("Démonstration prête (données dans {}) :", root.display());
    for (i, id) in ids.iter().enumerate() {
        println!(
            "  Bac à sable {} (libre) : boutique     http://{addr}/s/{id}/",
            i + 1
        );
        println!("                         back-office  http://{addr}/s/{id}/admin/");
    }
    println!();
    println!("Back-office : {DEMO_EMPLOYEE} / {DEMO_PASSWORD} (profil SuperAdmin).");
    println!("Boutique : compte client camille.martin@exemple.fr / client-demo.");
    print_exam(root, addr, staff).await?;
    println!("Ctrl-C pour arrêter.");
    crate::server::serve_on(listeners, DataDir::new(root), Default::default()).await
}

/// Creates the demo's exam session (one commission, three candidates) and prints how to
/// enter it.
async fn print_exam(root: &Path, addr: SocketAddr, staff: SocketAddr) -> anyhow::Result<()> {
    let platform = e5_exam::Platform::open(&DataDir::new(root)).await?;
    let exam = e5_exam::demo::create(&platform).await?;
    println!();
    println!("Épreuve de démonstration (commission 1, salle B204) :");
    println!("  Candidats : ouvrir http://{addr}/ et saisir le code d'accès");
    for seat in &exam.seats {
        let adjustment = if seat.adjustment.is_empty() {
            String::new()
        } else {
            format!(", {}", seat.adjustment)
        };
        println!(
            "    {}  {} {} (n° {}){adjustment}",
            seat.access_code, seat.first_name, seat.surname, seat.number
        );
    }
    println!(
        "  Examinatrice : http://{staff}/console/  {} / {}",
        e5_exam::demo::EXAMINER_EMAIL,
        e5_exam::demo::PASSWORD
    );
    println!(
        "    (le site d'un candidat reste en lecture seule tant que l'examinatrice n'a pas lancé son chronomètre)"
    );
    println!(
        "  Centre d'examen : http://{staff}/admin/  {} / {}",
        e5_exam::demo::ADMIN_EMAIL,
        e5_exam::demo::PASSWORD
    );
    println!();
    Ok(())
}
