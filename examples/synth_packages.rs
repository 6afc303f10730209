//! Writes a synthetic `PackagesLocalDirectory` for the reference catalog benchmark
//! (docs/catalog.md, docs/performance.md): `--files` metadata files in packages and models, of
//! which a tenth are security objects and menu items (`AxSecurityRole/Duty/Privilege`,
//! `AxMenuItemDisplay/Action`) and the rest other element types (`AxClass`, `AxTable`, `AxForm`,
//! `AxEdt`, `AxEnum`) that `secgov catalog build` must never open.
//!
//! ```text
//! cargo run --release --example synth_packages -- --files 200000 -o /tmp/PackagesLocalDirectory
//! ```
//! The same arguments always give the same files. A separate example from `synth` (its own
//! shapes are backups, AOT folders and outlines) so that each can change on its own.

use clap::Parser;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[derive(Parser)]
struct Args {
    /// Metadata files in all.
    #[arg(long, default_value_t = 200_000)]
    files: usize,
    /// Files per model (each package holds one model).
    #[arg(long, default_value_t = 2_000)]
    per_model: usize,
    /// The folder to write (replaced).
    #[arg(long, short)]
    out: PathBuf,
}

const HEADER: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
const OTHER: [&str; 5] = ["AxClass", "AxTable", "AxForm", "AxEdt", "AxEnum"];

fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let _ = std::fs::remove_dir_all(&args.out);
    let models = args.files.div_ceil(args.per_model);
    let mut written = 0;
    let mut security = 0;
    for m in 0..models {
        let package = format!("Package{m:03}");
        let root = args.out.join(&package).join(&package);
        let n = args.per_model.min(args.files - written);
        for i in 0..n {
            // Every tenth file is security or a menu item: of those, 5% roles, 15% duties, 50%
            // privileges, 30% menu items, roughly what an application's metadata holds.
            let (folder, name, text) = if i % 10 == 0 {
                security += 1;
                security_file(m, i / 10)
            } else {
                let kind = OTHER[i % OTHER.len()];
                let name = format!("{package}{kind}{i:05}");
                let text = format!(
                    "{HEADER}<{kind} xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\">\n\t<Name>{name}</Name>\n\t<SourceCode>\n\t\t<Declaration><![CDATA[\npublic class {name}\n{{\n    // {}\n}}\n]]></Declaration>\n\t</SourceCode>\n</{kind}>\n",
                    "x".repeat(400)
                );
                (kind, name, text)
            };
            write(&root.join(folder), &name, &text)?;
        }
        write(
            &args.out.join(&package).join("Descriptor"),
            &package,
            &format!("{HEADER}<AxModelInfo>\n\t<Name>{package}</Name>\n</AxModelInfo>\n"),
        )?;
        written += n;
    }
    println!(
        "wrote {written} metadata files ({security} security objects and menu items) in {models} models below {}",
        args.out.display()
    );
    Ok(())
}

fn write(dir: &Path, name: &str, text: &str) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    std::fs::write(dir.join(format!("{name}.xml")), text)
}

fn security_file(model: usize, k: usize) -> (&'static str, String, String) {
    let p = |x: usize| format!("M{model:03}Privilege{x:04}");
    let d = |x: usize| format!("M{model:03}Duty{x:04}");
    let mi = |x: usize| format!("M{model:03}MenuItem{x:04}");
    match k % 20 {
        0 => {
            let name = format!("M{model:03}Role{k:04}");
            let mut refs = String::new();
            for j in 0..6 {
                let _ = write!(
                    refs,
                    "\t\t<AxSecurityDutyReference>\n\t\t\t<Name>{}</Name>\n\t\t</AxSecurityDutyReference>\n",
                    d((k + j * 7) / 20 * 20 + 1 + j % 3)
                );
            }
            let text = format!(
                "{HEADER}<AxSecurityRole xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\">\n\t<Name>{name}</Name>\n\t<Description>@SYS{k}</Description>\n\t<Label>@SYS{k}</Label>\n\t<Duties>\n{refs}\t</Duties>\n\t<Privileges />\n\t<SubRoles />\n</AxSecurityRole>\n"
            );
            ("AxSecurityRole", name, text)
        }
        1..=3 => {
            let name = d(k);
            let mut refs = String::new();
            for j in 0..4 {
                let _ = write!(
                    refs,
                    "\t\t<AxSecurityPrivilegeReference>\n\t\t\t<Name>{}</Name>\n\t\t</AxSecurityPrivilegeReference>\n",
                    p(k + 1 + j)
                );
            }
            let text = format!(
                "{HEADER}<AxSecurityDuty xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\">\n\t<Name>{name}</Name>\n\t<Label>@SYS{k}</Label>\n\t<Privileges>\n{refs}\t</Privileges>\n</AxSecurityDuty>\n"
            );
            ("AxSecurityDuty", name, text)
        }
        4..=13 => {
            let name = p(k);
            let text = format!(
                "{HEADER}<AxSecurityPrivilege xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\">\n\t<Name>{name}</Name>\n\t<Label>@SYS{k}</Label>\n\t<DataEntityPermissions />\n\t<DirectAccessPermissions />\n\t<EntryPoints>\n\t\t<AxSecurityEntryPointReference>\n\t\t\t<Name>{item}</Name>\n\t\t\t<Grant>\n\t\t\t\t<Read>Allow</Read>\n\t\t\t\t<Update>Allow</Update>\n\t\t\t</Grant>\n\t\t\t<ObjectName>{item}</ObjectName>\n\t\t\t<ObjectType>MenuItemDisplay</ObjectType>\n\t\t\t<Forms />\n\t\t</AxSecurityEntryPointReference>\n\t</EntryPoints>\n\t<FormControlOverrides />\n</AxSecurityPrivilege>\n",
                item = mi(k + 10)
            );
            ("AxSecurityPrivilege", name, text)
        }
        _ => {
            let name = mi(k);
            let (folder, extra) = if k % 2 == 0 {
                (
                    "AxMenuItemDisplay",
                    "\t<MaintainUserLicense>Activity</MaintainUserLicense>\n",
                )
            } else {
                ("AxMenuItemAction", "\t<ObjectType>Class</ObjectType>\n")
            };
            let text = format!(
                "{HEADER}<{folder} xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns=\"Microsoft.Dynamics.AX.Metadata.V1\">\n\t<Name>{name}</Name>\n\t<Label>@SYS{k}</Label>\n{extra}\t<Object>{name}</Object>\n\t<ViewUserLicense>Universal</ViewUserLicense>\n</{folder}>\n"
            );
            (folder, name, text)
        }
    }
}
