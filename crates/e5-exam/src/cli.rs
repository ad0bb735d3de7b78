//! `e5 exam …`: planning an exam session from the command line, exports and verification.

use std::path::PathBuf;

use clap::Subcommand;
use e5_sandbox::DataDir;

use crate::db::Platform;
use crate::planning;

/// Prints a line; a closed pipe is not an error.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

#[derive(Debug, clap::Args)]
pub struct Data {
    /// Data folder (contexts, sandboxes, platform.db).
    #[arg(long = "data", env = "E5_DATA", default_value = "data")]
    pub dir: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct SessionArg {
    /// Exam session name (e.g. "BTS NDRC 2027").
    #[arg(long)]
    pub session: String,
}

#[derive(Debug, Subcommand)]
pub enum ExamCommand {
    /// Create an exam session (does nothing if it exists).
    Session {
        name: String,
        #[command(flatten)]
        data: Data,
    },
    /// Import a subject file (its grid is frozen in the platform database).
    Subject {
        file: PathBuf,
        #[command(flatten)]
        session: SessionArg,
        /// Employee of the sandbox the candidate works as.
        #[arg(long, default_value_t = 1)]
        employee: i64,
        #[command(flatten)]
        data: Data,
    },
    /// Import candidates from a CSV: surname;first name;candidate number[;aménagement].
    Candidates {
        file: PathBuf,
        #[command(flatten)]
        session: SessionArg,
        #[command(flatten)]
        data: Data,
    },
    /// Create (or update) an examiner.
    Examiner {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        #[arg(long, env = "E5_PASSWORD")]
        password: String,
        #[command(flatten)]
        data: Data,
    },
    /// Create (or update) a centre administrator.
    Admin {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        #[arg(long, env = "E5_PASSWORD")]
        password: String,
        #[command(flatten)]
        data: Data,
    },
    /// Name the académie and the centre, printed on the fiches, the codes and the
    /// harmonisation.
    Centre {
        /// E.g. "Académie de Nantes".
        #[arg(long)]
        academie: String,
        /// The school holding the exam, e.g. "Lycée Europe Robert Schuman".
        #[arg(long)]
        centre: String,
        /// Its town.
        #[arg(long, default_value = "")]
        ville: String,
        #[command(flatten)]
        data: Data,
    },
    /// Create a commission: an examiner, a subject, a room, a time slot, 1 to 3 candidates.
    Commission {
        #[command(flatten)]
        session: SessionArg,
        #[arg(long)]
        number: String,
        /// Examiner's e-mail.
        #[arg(long)]
        examiner: String,
        /// Subject code.
        #[arg(long)]
        subject: String,
        #[arg(long)]
        room: String,
        /// Time slot, e.g. "2027-05-12 09:00".
        #[arg(long)]
        starts_at: String,
        /// Candidate numbers, comma-separated.
        #[arg(long, value_delimiter = ',')]
        candidates: Vec<String>,
        #[command(flatten)]
        data: Data,
    },
    /// Fork a sandbox for every candidate who has none yet.
    Prepare {
        #[command(flatten)]
        session: SessionArg,
        #[command(flatten)]
        data: Data,
    },
    /// Print the access codes, by room.
    Codes {
        #[command(flatten)]
        session: SessionArg,
        #[command(flatten)]
        data: Data,
    },
    /// Write the marks as CSV (UTF-8 with BOM, `;`).
    Marks {
        #[command(flatten)]
        session: SessionArg,
        #[arg(short = 'o', long)]
        output: PathBuf,
        #[command(flatten)]
        data: Data,
    },
    /// Write the session archive (grids, change logs, recordings, final sandboxes).
    Archive {
        #[command(flatten)]
        session: SessionArg,
        #[arg(short = 'o', long)]
        output: PathBuf,
        #[command(flatten)]
        data: Data,
    },
    /// Print the centre's public key (created on first need), which checks its archives.
    Key {
        /// Also write it to this file (e.g. centre.pub), for whoever checks the archives.
        #[arg(short = 'o', long)]
        output: Option<PathBuf>,
        #[command(flatten)]
        data: Data,
    },
    /// Check an archive: hashes, grid change logs, grids recomputed from them, and the
    /// centre's signature. Fails unless the signature could be checked.
    VerifyArchive {
        file: PathBuf,
        /// The centre's public key file (from `e5 exam key`).
        #[arg(long, value_name = "FICHIER.pub")]
        key: Option<PathBuf>,
        /// Or the data folder of the centre that wrote it (its centre.key).
        #[arg(long = "data")]
        data: Option<PathBuf>,
    },
}

async fn open(data: &Data) -> anyhow::Result<Platform> {
    Ok(Platform::open(&DataDir::new(&data.dir)).await?)
}

async fn session(p: &Platform, s: &SessionArg) -> anyhow::Result<i64> {
    Ok(planning::session_id(p, &s.session).await?)
}

pub async fn run(command: ExamCommand) -> anyhow::Result<()> {
    match command {
        ExamCommand::Session { name, data } => {
            let p = open(&data).await?;
            let id = planning::create_session(&p, &name).await?;
            say!("Session « {name} » prête (n° {id}).");
        }
        ExamCommand::Subject {
            file,
            session: s,
            employee,
            data,
        } => {
            let p = open(&data).await?;
            let sid = session(&p, &s).await?;
            let (code, rows) = planning::import_subject(&p, sid, &file, employee).await?;
            say!("Sujet {code} importé : {rows} ligne(s) de grille.");
        }
        ExamCommand::Candidates {
            file,
            session: s,
            data,
        } => {
            let p = open(&data).await?;
            let sid = session(&p, &s).await?;
            let text = std::fs::read_to_string(&file)
                .map_err(|e| anyhow::anyhow!("{} : lecture impossible ({e})", file.display()))?;
            match planning::import_candidates(&p, sid, &text).await {
                Ok(n) => say!("{n} candidat(s) importé(s)."),
                Err(errors) => {
                    let lines: Vec<String> = errors
                        .iter()
                        .map(|e| format!("{}:{}: {}", file.display(), e.line, e.message))
                        .collect();
                    anyhow::bail!("aucun candidat importé :\n{}", lines.join("\n"));
                }
            }
        }
        ExamCommand::Examiner {
            email,
            name,
            password,
            data,
        } => {
            let p = open(&data).await?;
            planning::add_examiner(&p, &email, &name, &password).await?;
            say!("Examinateur {name} <{email}> enregistré.");
        }
        ExamCommand::Admin {
            email,
            name,
            password,
            data,
        } => {
            let p = open(&data).await?;
            planning::add_centre_admin(&p, &email, &name, &password).await?;
            say!("Administrateur du centre {name} <{email}> enregistré.");
        }
        ExamCommand::Centre {
            academie,
            centre,
            ville,
            data,
        } => {
            let p = open(&data).await?;
            let id = planning::CentreIdentity {
                academie,
                centre,
                city: ville,
            };
            planning::set_centre_identity(&p, planning::CLI, &id).await?;
            say!(
                "Centre enregistré : {}, {}.",
                id.academie.trim(),
                id.place()
            );
        }
        ExamCommand::Commission {
            session: s,
            number,
            examiner,
            subject,
            room,
            starts_at,
            candidates,
            data,
        } => {
            let p = open(&data).await?;
            let sid = session(&p, &s).await?;
            let c = planning::NewCommission {
                number,
                examiner_email: examiner,
                subject_code: subject,
                room,
                starts_at,
                candidates,
            };
            planning::create_commission(&p, sid, &c).await?;
            say!(
                "Commission {} créée ({} candidat(s)).",
                c.number,
                c.candidates.len()
            );
        }
        ExamCommand::Prepare { session: s, data } => {
            let p = open(&data).await?;
            let sid = session(&p, &s).await?;
            let n = planning::prepare_sandboxes(&p, sid).await?;
            say!("{n} poste(s) préparé(s).");
        }
        ExamCommand::Codes { session: s, data } => {
            let p = open(&data).await?;
            let sid = session(&p, &s).await?;
            let mut room = String::new();
            for seat in planning::seats_of_session(&p, sid).await? {
                if seat.room != room {
                    room = seat.room.clone();
                    say!("Salle {room}");
                }
                say!(
                    "  {}  commission {}  {} {} (n° {}){}  {}",
                    seat.access_code,
                    seat.commission,
                    seat.surname,
                    seat.first_name,
                    seat.number,
                    if seat.adjustment.is_empty() {
                        String::new()
                    } else {
                        format!(" [{}]", seat.adjustment)
                    },
                    if seat.sandbox_id.is_some() {
                        "poste prêt"
                    } else {
                        "poste à préparer"
                    }
                );
            }
        }
        ExamCommand::Marks {
            session: s,
            output,
            data,
        } => {
            let p = open(&data).await?;
            let sid = session(&p, &s).await?;
            let seats = planning::seats_of_session(&p, sid).await?;
            std::fs::write(&output, crate::export::marks_csv(&p, &seats).await?)?;
            say!(
                "Notes écrites : {} ({} candidat(s)).",
                output.display(),
                seats.len()
            );
        }
        ExamCommand::Archive {
            session: s,
            output,
            data,
        } => {
            let p = open(&data).await?;
            let sid = session(&p, &s).await?;
            let m = crate::archive::write(&p, sid, &output).await?;
            say!(
                "Archive écrite : {} ({} entrées).",
                output.display(),
                m.entries.len()
            );
        }
        ExamCommand::Key { output, data } => {
            let key = crate::archive::centre_key(&data.dir)?.verifying_key();
            let text = crate::archive::centre_public_key_text(&key);
            if let Some(output) = &output {
                std::fs::write(output, &text).map_err(|e| {
                    anyhow::anyhow!("{} : écriture impossible ({e})", output.display())
                })?;
            }
            // The output is itself a public key file: `e5 exam key > centre.pub` works too.
            say!("{}", text.trim_end());
        }
        ExamCommand::VerifyArchive { file, key, data } => {
            let key = match (&key, &data) {
                (Some(path), _) => Some(e5_sandbox::keys::read_public_key(path)?),
                (None, Some(dir)) => Some(crate::archive::centre_public_key(dir)?.ok_or_else(|| {
                    anyhow::anyhow!(
                        "{} : clé du centre introuvable dans ce dossier de données (indiquez --key centre.pub)",
                        dir.join(crate::archive::CENTRE_KEY_FILE).display()
                    )
                })?),
                (None, None) => None,
            };
            match crate::archive::verify(&file, key.as_ref()) {
                Ok(v) if v.signature_checked => {
                    say!(
                        "Archive intègre et authentique : session « {} », {} entrées, signée par le centre (clé {}).",
                        v.manifest.session,
                        v.manifest.entries.len(),
                        key.as_ref()
                            .map(e5_sandbox::keys::fingerprint)
                            .unwrap_or_default()
                    );
                }
                Ok(v) => anyhow::bail!(
                    "{} : authenticité non vérifiée : contenu cohérent (session « {} », {} entrées), \
                     mais sans la clé publique du centre rien ne prouve qui l'a écrite ; \
                     indiquez --key centre.pub (donnée par « e5 exam key »)",
                    file.display(),
                    v.manifest.session,
                    v.manifest.entries.len()
                ),
                Err(why) => anyhow::bail!("{} : ALTÉRÉE : {why}", file.display()),
            }
        }
    }
    Ok(())
}
