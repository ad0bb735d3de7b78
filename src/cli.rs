//! The command line: `e5 context …`, `e5 sandbox …`, `e5 serve`, `e5 demo`, `e5 backup`,
//! `e5 restore`.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

use anyhow::Context as _;

/// Prints a line; a closed pipe (`e5 sandbox create | head -1`) is not an error.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}
use clap::{Parser, Subcommand};
use e5_domain::SandboxId;
use e5_sandbox::DataDir;

#[derive(Debug, Parser)]
#[command(
    name = "e5",
    version,
    about = "Plateforme de l'épreuve E5 du BTS NDRC : site de référence duplicable, bacs à sable des candidats, serveur."
)]
pub struct Cli {
    /// Show debug logs.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Package, verify, import and list reference contexts.
    #[command(subcommand)]
    Context(ContextCommand),
    /// Create, list, reset and delete candidate sandboxes.
    #[command(subcommand)]
    Sandbox(SandboxCommand),
    /// Serve the candidates' sites and exam pages, the examiner console and the centre
    /// administration (two origins: see SECURITY.md).
    Serve {
        /// Address of the candidates' sites and exam pages (what candidates type).
        #[arg(long, default_value = "127.0.0.1:8080")]
        bind: SocketAddr,
        /// Address of the examiner console and the centre administration (default: the
        /// next port of --bind).
        #[arg(long)]
        staff_bind: Option<SocketAddr>,
        /// Public URL of the candidates' surface when a proxy or host name serves it
        /// (e.g. https://sites.e5.lycee.fr); default: http://<host>:<port of --bind>.
        #[arg(long, env = "E5_SITES_URL")]
        sites_url: Option<String>,
        /// Public URL of the console and administration surface (e.g.
        /// https://console.e5.lycee.fr); default: http://<host>:<port of --staff-bind>.
        #[arg(long, env = "E5_STAFF_URL")]
        staff_url: Option<String>,
        /// Address of a reverse proxy whose X-Forwarded-For header gives the client address
        /// (repeatable, or comma-separated). Without it, the header is ignored.
        #[arg(
            long = "trusted-proxy",
            env = "E5_TRUSTED_PROXIES",
            value_delimiter = ',',
            value_name = "IP",
            value_parser = parse_proxy
        )]
        trusted_proxies: Vec<Option<IpAddr>>,
        /// Free space (in MiB) of the data folder below which screen recordings stop (grids
        /// and candidates' sites keep working) and the centre and consoles are warned.
        #[arg(long = "low-disk-mb", env = "E5_LOW_DISK_MB", value_name = "MIO", default_value_t = e5_exam::disk::LOW_DISK_BYTES / (1024 * 1024))]
        low_disk_mb: u64,
        #[command(flatten)]
        data: DataArg,
    },
    /// Exam subjects: check, prepare, print, generate.
    #[command(subcommand)]
    Subject(SubjectCommand),
    /// Exam day: sessions, subjects, candidates, examiners, commissions, codes, exports.
    #[command(subcommand)]
    Exam(e5_exam::cli::ExamCommand),
    /// Sauvegarde à chaud de tout le dossier de données, serveur en marche : chaque base
    /// SQLite copiée par `VACUUM INTO` (instantané cohérent), les clés et manifestes tels
    /// quels, le tout dans un seul fichier tar avec son manifeste `sauvegarde.json`.
    Backup {
        /// Fichier tar à écrire (remplacé s'il existe, seulement une fois la sauvegarde
        /// complète).
        #[arg(short = 'o', long = "output", value_name = "FICHIER.tar")]
        output: PathBuf,
        #[command(flatten)]
        data: DataArg,
    },
    /// Restaure une sauvegarde dans un dossier de données vide ou absent : chaque fichier
    /// vérifié (taille, SHA-256, chemin), chaque base contrôlée (`PRAGMA integrity_check`)
    /// avant que le dossier ne soit mis en place ; en cas de problème, rien n'est écrit.
    Restore {
        /// Sauvegarde écrite par `e5 backup`.
        #[arg(value_name = "FICHIER.tar")]
        file: PathBuf,
        #[command(flatten)]
        data: DataArg,
    },
    /// Build the embedded reference context, create three sandboxes and serve them.
    Demo {
        /// Address of the candidates' sites (the console and administration listen on the
        /// next port).
        #[arg(long, default_value = "127.0.0.1:8080")]
        bind: SocketAddr,
        /// Folder for the demo's data (created if needed; emptied of an older demo).
        #[arg(long, default_value = "e5-demo-data")]
        data: PathBuf,
    },
}

/// `e5 subject …`: the subject files (e5-subjects) and their printed papers (e5-papers).
#[derive(Debug, Subcommand)]
pub enum SubjectCommand {
    #[command(flatten)]
    Files(e5_subjects::cli::SubjectCommand),
    /// Print the candidate sheet or the examiner's grid as HTML (or PDF with --pdf).
    Render(e5_papers::cli::RenderArgs),
}

/// A trusted proxy's address; an empty value (`E5_TRUSTED_PROXIES=`) names none.
fn parse_proxy(value: &str) -> Result<Option<IpAddr>, String> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    value
        .parse()
        .map(Some)
        .map_err(|_| format!("adresse IP attendue (par exemple 10.0.0.1), reçu « {value} »"))
}

#[derive(Debug, clap::Args)]
pub struct DataArg {
    /// Data folder (installed contexts, sandboxes).
    #[arg(long = "data", env = "E5_DATA", default_value = "data")]
    pub dir: PathBuf,
}

impl DataArg {
    fn data_dir(&self) -> DataDir {
        DataDir::new(&self.dir)
    }
}

/// Which packages to accept (at least one of the two is needed).
#[derive(Debug, clap::Args)]
pub struct TrustArgs {
    /// Public key of the national designers (from `e5 context keygen`): only packages it
    /// signed are accepted. May be given more than once.
    #[arg(long = "trust", value_name = "FICHIER.pub")]
    pub keys: Vec<PathBuf>,
    /// Accept an unsigned package (training only): recorded with the installed context.
    #[arg(long)]
    pub allow_unsigned: bool,
}

impl TrustArgs {
    fn trust(&self) -> anyhow::Result<e5_sandbox::Trust> {
        let keys = self
            .keys
            .iter()
            .map(|k| e5_sandbox::keys::read_public_key(k))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(e5_sandbox::Trust {
            keys,
            allow_unsigned: self.allow_unsigned,
        })
    }
}

#[derive(Debug, Subcommand)]
pub enum ContextCommand {
    /// Create the key pair that signs packages: a private key file (mode 0600) and its
    /// public key file (same name, `.pub`), to give to exam centres.
    Keygen {
        /// The private key file to create (never replaced).
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
        /// The public key file to create (default: the private one's name with `.pub`).
        #[arg(long)]
        public: Option<PathBuf>,
    },
    /// Validate reference-site sources and write a package (.e5ctx).
    Pack {
        /// The sources folder (e.g. reference-site).
        source: PathBuf,
        /// The package file to write.
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
        /// Sign the package's manifest with this private key (from `e5 context keygen`).
        #[arg(long, value_name = "FICHIER.key")]
        sign: Option<PathBuf>,
    },
    /// Check a package: signature, format, manifest, SHA-256 of every entry, database
    /// integrity and schema.
    Verify {
        file: PathBuf,
        #[command(flatten)]
        trust: TrustArgs,
    },
    /// Verify then install a package into the data folder.
    Import {
        file: PathBuf,
        #[command(flatten)]
        trust: TrustArgs,
        #[command(flatten)]
        data: DataArg,
    },
    /// List the installed contexts.
    List {
        #[command(flatten)]
        data: DataArg,
    },
}

#[derive(Debug, Subcommand)]
pub enum SandboxCommand {
    /// Create a sandbox (a copy of the context's golden database).
    Create {
        /// Context id (newest installed version) or id@version.
        #[arg(long)]
        context: String,
        /// Base URL printed for the storefront.
        #[arg(long, default_value = "http://127.0.0.1:8080")]
        url: String,
        #[command(flatten)]
        data: DataArg,
    },
    /// List the sandboxes.
    List {
        #[command(flatten)]
        data: DataArg,
    },
    /// Put a sandbox back to its original state (stop the server or do it from it first).
    Reset {
        id: SandboxId,
        #[command(flatten)]
        data: DataArg,
    },
    /// Delete a sandbox.
    Delete {
        id: SandboxId,
        #[command(flatten)]
        data: DataArg,
    },
}

pub fn init_tracing(verbose: bool) {
    let default = if verbose {
        "debug,sqlx=warn,hyper=info"
    } else {
        "info,sqlx=warn"
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("E5_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Context(c) => context(c).await,
        Command::Sandbox(c) => sandbox(c).await,
        Command::Serve {
            bind,
            staff_bind,
            sites_url,
            staff_url,
            trusted_proxies,
            low_disk_mb,
            data,
        } => {
            let options = crate::server::Options {
                trusted_proxies: trusted_proxies.into_iter().flatten().collect(),
                sites_url,
                staff_url,
                low_disk_bytes: Some(low_disk_mb.saturating_mul(1024 * 1024)),
            };
            crate::server::serve(data.data_dir(), bind, staff_bind, options).await
        }
        Command::Subject(SubjectCommand::Files(c)) => e5_subjects::cli::run(c).await,
        Command::Subject(SubjectCommand::Render(args)) => e5_papers::cli::render(args).await,
        Command::Exam(c) => e5_exam::cli::run(c).await,
        Command::Demo { bind, data } => crate::demo::run(&data, bind).await,
        Command::Backup { output, data } => {
            let s = e5_sandbox::backup::backup(&data.data_dir(), &output)
                .await
                .context("sauvegarde impossible")?;
            say!(
                "Sauvegarde écrite : {} ({} fichiers dont {} bases de données, {}, en {}).",
                s.output.display(),
                s.files,
                s.databases,
                human_size(s.bytes),
                seconds(s.duration)
            );
            Ok(())
        }
        Command::Restore { file, data } => {
            let s = e5_sandbox::backup::restore(&file, &data.data_dir())
                .await
                .context("restauration refusée, rien n'a été écrit")?;
            say!(
                "Sauvegarde du {} restaurée dans {} ({} fichiers dont {} bases de données \
                 vérifiées, {}, en {}).",
                s.created,
                data.dir.display(),
                s.files,
                s.databases,
                human_size(s.bytes),
                seconds(s.duration)
            );
            Ok(())
        }
    }
}

/// A duration in French: "2,4 s".
fn seconds(d: std::time::Duration) -> String {
    format!("{:.1} s", d.as_secs_f64()).replace('.', ",")
}

/// A size in French units: "12,3 Mo", "4 Ko".
fn human_size(bytes: u64) -> String {
    const MO: f64 = 1024.0 * 1024.0;
    if bytes < 1024 * 1024 {
        format!("{} Ko", bytes.div_ceil(1024))
    } else {
        format!("{:.1} Mo", bytes as f64 / MO).replace('.', ",")
    }
}

async fn context(command: ContextCommand) -> anyhow::Result<()> {
    match command {
        ContextCommand::Keygen { output, public } => {
            let public = public.unwrap_or_else(|| output.with_extension("pub"));
            if public == output {
                anyhow::bail!(
                    "{} : la clé publique ne peut pas avoir le nom de la clé privée (indiquez --public)",
                    public.display()
                );
            }
            if public.exists() {
                anyhow::bail!(
                    "{} : ce fichier existe déjà : il n'est jamais remplacé (choisissez un autre nom)",
                    public.display()
                );
            }
            let key = e5_sandbox::keys::generate()?;
            e5_sandbox::keys::write_private_key(
                &output,
                &key,
                "Clé de signature des paquets de contexte e5 (concepteurs nationaux)",
            )?;
            let text = e5_sandbox::keys::public_key_text(
                &key.verifying_key(),
                "Clé publique des concepteurs nationaux e5 : à donner aux centres (e5 context import --trust)",
            );
            std::fs::write(&public, &text)
                .with_context(|| format!("écriture de {}", public.display()))?;
            say!(
                "Clé privée écrite : {} (lisible par vous seul ; gardez-la hors des serveurs des centres)",
                output.display()
            );
            say!(
                "Clé publique écrite : {} (empreinte {}) : à distribuer aux centres",
                public.display(),
                e5_sandbox::keys::fingerprint(&key.verifying_key())
            );
        }
        ContextCommand::Pack {
            source,
            output,
            sign,
        } => {
            let key = sign
                .as_deref()
                .map(e5_sandbox::keys::read_private_key)
                .transpose()?;
            let manifest = match &key {
                Some(key) => e5_sandbox::pack_signed(&source, &output, key).await?,
                None => e5_sandbox::pack(&source, &output).await?,
            };
            say!(
                "Paquet écrit : {} ({} {}, « {} »)",
                output.display(),
                manifest.id,
                manifest.version,
                manifest.title
            );
            match (&sign, &key) {
                (Some(key_file), Some(key)) => say!(
                    "  signé avec {} (clé {})",
                    key_file.display(),
                    e5_sandbox::keys::fingerprint(&key.verifying_key())
                ),
                _ => say!("  non signé : les centres devront l'importer avec --allow-unsigned"),
            }
            for entry in &manifest.entries {
                say!(
                    "  {}  {:>10} octets  sha256 {}",
                    entry.name,
                    entry.size,
                    entry.sha256
                );
            }
        }
        ContextCommand::Verify { file, trust } => {
            let verified = e5_sandbox::verify(&file, &trust.trust()?).await?;
            let manifest = &verified.manifest;
            say!(
                "Paquet intègre : {} {} (« {} », créé le {}, schéma {}), {}",
                manifest.id,
                manifest.version,
                manifest.title,
                manifest.created,
                manifest.schema_version,
                verified.provenance
            );
        }
        ContextCommand::Import { file, trust, data } => {
            let ctx = e5_sandbox::import(&file, &data.data_dir(), &trust.trust()?).await?;
            say!(
                "Contexte installé : {} dans {} ({})",
                ctx.spec(),
                ctx.dir.display(),
                ctx.provenance
            );
        }
        ContextCommand::List { data } => {
            let contexts = e5_sandbox::list_contexts(&data.data_dir())?;
            if contexts.is_empty() {
                say!("Aucun contexte installé dans {}.", data.dir.display());
            }
            for c in contexts {
                say!(
                    "{:<32} {:<10} {}  « {} »  {}",
                    c.id.as_str(),
                    c.version,
                    c.created,
                    c.title,
                    c.provenance
                );
            }
        }
    }
    Ok(())
}

async fn sandbox(command: SandboxCommand) -> anyhow::Result<()> {
    match command {
        SandboxCommand::Create { context, url, data } => {
            let data = data.data_dir();
            let ctx = e5_sandbox::find_context(&data, &context)?;
            let info = e5_sandbox::create_sandbox(&data, &ctx)?;
            say!("{}", info.id);
            say!("{}/s/{}/", url.trim_end_matches('/'), info.id);
        }
        SandboxCommand::List { data } => {
            let sandboxes = e5_sandbox::list_sandboxes(&data.data_dir()).await?;
            if sandboxes.is_empty() {
                say!("Aucun bac à sable.");
            }
            for s in sandboxes {
                say!(
                    "{}  {}@{}  {} Ko",
                    s.id,
                    s.context_id,
                    s.context_version,
                    s.size_bytes / 1024
                );
            }
        }
        SandboxCommand::Reset { id, data } => {
            e5_sandbox::reset_sandbox(&data.data_dir(), id)
                .await
                .with_context(|| format!("réinitialisation de {id}"))?;
            say!("Bac à sable {id} réinitialisé.");
        }
        SandboxCommand::Delete { id, data } => {
            e5_sandbox::delete_sandbox(&data.data_dir(), id)?;
            say!("Bac à sable {id} supprimé.");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn backup_summaries_speak_french() {
        assert_eq!(human_size(1), "1 Ko");
        assert_eq!(human_size(3 * 1024 * 1024 + 300 * 1024), "3,3 Mo");
        assert_eq!(seconds(std::time::Duration::from_millis(2400)), "2,4 s");
        let cli = Cli::try_parse_from(["e5", "restore", "s.tar", "--data", "d"]).expect("parses");
        assert!(matches!(cli.command, Command::Restore { .. }));
    }

    #[test]
    fn trusted_proxies_are_repeatable_or_comma_separated() {
        let cli = Cli::try_parse_from([
            "e5",
            "serve",
            "--trusted-proxy",
            "10.0.0.1,10.0.0.2",
            "--trusted-proxy",
            "::1",
        ])
        .expect("parses");
        let Command::Serve {
            trusted_proxies, ..
        } = cli.command
        else {
            panic!("serve expected");
        };
        assert_eq!(
            trusted_proxies,
            ["10.0.0.1", "10.0.0.2", "::1"]
                .map(|a| a.parse::<IpAddr>().ok())
                .to_vec()
        );
        assert_eq!(parse_proxy(""), Ok(None), "an empty setting names none");
        assert!(Cli::try_parse_from(["e5", "serve", "--trusted-proxy", "proxy.lan"]).is_err());
    }
}
