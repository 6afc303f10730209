//! A Visual Studio project around AOT security files: the package folder's model descriptor
//! (`Descriptor/NAME.xml`, an `AxModelInfo`) and the project file (`NAME.rnrproj`) listing every
//! object, so that `convert --to aot` and `generate --emit aot` write what a developer opens.
//!
//! Both are written the way the Dynamics 365 tools write them, as the real files in
//! `../shared/corpus/metadata/XppTools/*/Descriptor/` and `../shared/corpus/projects/` show:
//! descriptors with tab indentation, elements in alphabetical order and the long
//! `ModelReferences` line broken before `i:nil`; projects with a byte order mark, CRLF line ends,
//! two-space indentation and one `Content` item per object with a `Link` into a folder named
//! after the element type ("Security Privileges\\..."). The corpus tests compare both byte for byte.

use super::aot::AotKind;
use crate::xml::escape;
use std::path::{Path, PathBuf};

/// The serialization arrays namespace the descriptor's list elements declare.
const ARRAYS: &str = "http://schemas.microsoft.com/2003/10/Serialization/Arrays";

/// The model layers, in the order of their numbers in `<Layer>` (`usr` is 14, as in the corpus).
pub const LAYERS: [&str; 16] = [
    "sys", "syp", "gls", "glp", "fpk", "fpp", "sln", "slp", "isv", "isp", "var", "vap", "cus",
    "cup", "usr", "usp",
];

/// The module references a security model needs when nothing else is known: the modules that
/// hold the standard application's menu items, roles, duties and privileges.
pub const DEFAULT_MODULE_REFERENCES: [&str; 3] = [
    "ApplicationFoundation",
    "ApplicationPlatform",
    "ApplicationSuite",
];

/// What goes in the descriptor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelInfo {
    /// The model's name (`<Name>`, the descriptor's file name, the model folder).
    pub name: String,
    /// The package (`<ModelModule>`): the folder the descriptor sits in. Usually the model name.
    pub module: String,
    pub display_name: String,
    pub description: String,
    pub publisher: String,
    /// The layer's number (see [`LAYERS`]).
    pub layer: u8,
    /// The model's id; Visual Studio picks one, secgov derives it from the name ([`model_id`]).
    pub id: u64,
    /// Module references, written in this order.
    pub module_references: Vec<String>,
    /// `<SolutionId>`, which some descriptors carry and others omit.
    pub solution_id: Option<String>,
    /// Major, minor, build, revision.
    pub version: [u32; 4],
}

impl ModelInfo {
    /// A descriptor for a new model of that name, with secgov's defaults: the model is its own
    /// package, the display name is the name, layer `usr`, version 1.0.0.0.
    /// The references are sorted by name, as the model wizard lists them; a descriptor read
    /// from disk keeps its own order (a reference added later is appended there).
    pub fn new(name: &str, publisher: &str, layer: u8, module_references: Vec<String>) -> Self {
        let mut module_references = module_references;
        module_references.sort_by_key(|r| r.to_lowercase());
        module_references.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
        ModelInfo {
            name: name.to_string(),
            module: name.to_string(),
            display_name: name.to_string(),
            description: String::new(),
            publisher: publisher.to_string(),
            layer,
            id: model_id(name),
            module_references,
            solution_id: None,
            version: [1, 0, 0, 0],
        }
    }
}

/// A stable model id for a name, so that the same command writes the same descriptor twice
/// (Visual Studio draws one at random). FNV-1a folded into the range of the ids seen in real
/// descriptors (nine digits); an id only needs to differ from the other models of one
/// environment, and a developer can change it in Visual Studio. secgov's own judgement.
pub(crate) fn model_id(name: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.to_ascii_lowercase().bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    100_000_000 + hash % 900_000_000
}

/// A GUID for the project file, derived from the model name for the same reason as [`model_id`].
pub(crate) fn project_guid(name: &str) -> String {
    let mut parts = [0u64; 2];
    for (i, part) in parts.iter_mut().enumerate() {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325 ^ (i as u64 + 1);
        for b in name.to_ascii_lowercase().bytes() {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        *part = hash;
    }
    let hex = format!("{:016x}{:016x}", parts[0], parts[1]);
    // Version 4 and variant bits, so that tools reading it as a GUID accept it.
    format!(
        "{{{}-{}-4{}-a{}-{}}}",
        &hex[0..8],
        &hex[8..12],
        &hex[13..16],
        &hex[17..20],
        &hex[20..32]
    )
}

/// The descriptor's text.
pub fn descriptor(info: &ModelInfo) -> String {
    let refs = &info.module_references;
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str("<AxModelInfo xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\">\n");
    out.push_str(&format!("\t<AppliedUpdates xmlns:d2p1=\"{ARRAYS}\" />\n"));
    out.push_str("\t<Customization>Allow</Customization>\n");
    element(&mut out, "Description", &info.description);
    element(&mut out, "DisplayName", &info.display_name);
    element(&mut out, "Id", &info.id.to_string());
    out.push_str(&format!(
        "\t<InternalsVisibleTo xmlns:d2p1=\"{ARRAYS}\" />\n"
    ));
    element(&mut out, "Layer", &info.layer.to_string());
    out.push_str("\t<Locked>false</Locked>\n");
    element(&mut out, "ModelModule", &info.module);
    out.push_str(&format!(
        "\t<ModelReferences xmlns:d2p1=\"{ARRAYS}\"\n\t\ti:nil=\"true\" />\n"
    ));
    if refs.is_empty() {
        out.push_str(&format!("\t<ModuleReferences xmlns:d2p1=\"{ARRAYS}\" />\n"));
    } else {
        out.push_str(&format!("\t<ModuleReferences xmlns:d2p1=\"{ARRAYS}\">\n"));
        for r in refs {
            out.push_str(&format!(
                "\t\t<d2p1:string>{}</d2p1:string>\n",
                escape::text(r)
            ));
        }
        out.push_str("\t</ModuleReferences>\n");
    }
    element(&mut out, "Name", &info.name);
    element(&mut out, "Publisher", &info.publisher);
    if let Some(id) = &info.solution_id {
        element(&mut out, "SolutionId", id);
    }
    let [major, minor, build, revision] = info.version;
    element(&mut out, "VersionBuild", &build.to_string());
    element(&mut out, "VersionMajor", &major.to_string());
    element(&mut out, "VersionMinor", &minor.to_string());
    element(&mut out, "VersionRevision", &revision.to_string());
    out.push_str("</AxModelInfo>");
    out
}

/// One field; an empty one is still an open and a close tag, as the tools write it.
fn element(out: &mut String, name: &str, value: &str) {
    out.push_str(&format!("\t<{name}>{}</{name}>\n", escape::text(value)));
}

/// The project folder Visual Studio files an element type under.
pub(crate) fn project_folder(kind: AotKind) -> &'static str {
    match kind {
        AotKind::Role => "Security Roles",
        AotKind::Duty => "Security Duties",
        AotKind::Privilege => "Security Privileges",
        AotKind::RoleExtension => "Security Role Extensions",
        AotKind::DutyExtension => "Security Duty Extensions",
    }
}

/// The project file's text: a Dynamics 365 project for `model` listing `objects` (kind and
/// name; the list is sorted here by folder and name, as Visual Studio keeps it).
pub fn rnrproj(model: &str, objects: &[(AotKind, String)]) -> String {
    let mut objects: Vec<&(AotKind, String)> = objects.iter().collect();
    objects.sort_by(|a, b| (a.0.folder(), &a.1).cmp(&(b.0.folder(), &b.1)));
    let mut folders: Vec<&str> = objects.iter().map(|(k, _)| project_folder(*k)).collect();
    folders.sort_unstable();
    folders.dedup();
    let model = escape::text(model);
    let mut lines: Vec<String> = vec![
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>".into(),
        "<Project ToolsVersion=\"14.0\" DefaultTargets=\"Build\" xmlns=\"http://schemas.microsoft.com/developer/msbuild/2003\">".into(),
        "  <PropertyGroup>".into(),
        "    <Configuration Condition=\" '$(Configuration)' == '' \">Debug</Configuration>".into(),
        "    <Platform Condition=\" '$(Platform)' == '' \">AnyCPU</Platform>".into(),
        "    <BuildTasksDirectory Condition=\" '$(BuildTasksDirectory)' == ''\">$(MSBuildProgramFiles32)\\MSBuild\\Microsoft\\Dynamics\\AX</BuildTasksDirectory>".into(),
        format!("    <Model>{model}</Model>"),
        "    <TargetFrameworkVersion>v4.6</TargetFrameworkVersion>".into(),
        "    <OutputPath>bin</OutputPath>".into(),
        "    <SchemaVersion>2.0</SchemaVersion>".into(),
        "    <GenerateCrossReferences>True</GenerateCrossReferences>".into(),
        "    <RunAppCheckerRules>False</RunAppCheckerRules>".into(),
        "    <LogAppcheckerDiagsAsErrors>False</LogAppcheckerDiagsAsErrors>".into(),
        "    <DeployOnline>False</DeployOnline>".into(),
        format!("    <ProjectGuid>{}</ProjectGuid>", project_guid(&model)),
        format!("    <Name>{model}</Name>"),
        format!("    <RootNamespace>{model}</RootNamespace>"),
        "  </PropertyGroup>".into(),
        "  <PropertyGroup Condition=\"'$(Configuration)|$(Platform)' == 'Debug|AnyCPU'\">".into(),
        "    <Configuration>Debug</Configuration>".into(),
        "    <DBSyncInBuild>False</DBSyncInBuild>".into(),
        "    <GenerateFormAdaptors>False</GenerateFormAdaptors>".into(),
        "    <Company>".into(),
        "    </Company>".into(),
        "    <Partition>initial</Partition>".into(),
        "    <PlatformTarget>AnyCPU</PlatformTarget>".into(),
        "    <DataEntityExpandParentChildRelations>False</DataEntityExpandParentChildRelations>".into(),
        "    <DataEntityUseLabelTextAsFieldName>False</DataEntityUseLabelTextAsFieldName>".into(),
        "  </PropertyGroup>".into(),
        "  <PropertyGroup Condition=\" '$(Configuration)' == 'Debug' \">".into(),
        "    <DebugSymbols>true</DebugSymbols>".into(),
        "    <EnableUnmanagedDebugging>false</EnableUnmanagedDebugging>".into(),
        "  </PropertyGroup>".into(),
    ];
    if !folders.is_empty() {
        lines.push("  <ItemGroup>".into());
        for f in &folders {
            lines.push(format!("    <Folder Include=\"{f}\\\" />"));
        }
        lines.push("  </ItemGroup>".into());
        lines.push("  <ItemGroup>".into());
        for (kind, name) in &objects {
            let stem = escape::attribute(&super::aot::file_stem(name)).into_owned();
            let name = escape::text(name);
            lines.push(format!(
                "    <Content Include=\"{}\\{stem}\">",
                kind.folder()
            ));
            lines.push("      <SubType>Content</SubType>".into());
            lines.push(format!("      <Name>{name}</Name>"));
            lines.push(format!(
                "      <Link>{}\\{name}</Link>",
                project_folder(*kind)
            ));
            lines.push("    </Content>".into());
        }
        lines.push("  </ItemGroup>".into());
    }
    lines.push("  <Import Project=\"$(MSBuildBinPath)\\Microsoft.Common.targets\" />".into());
    lines.push("  <Import Project=\"$(BuildTasksDirectory)\\Microsoft.Dynamics.Framework.Tools.BuildTasks.17.0.targets\" />".into());
    lines.push("</Project>".into());
    format!("\u{feff}{}", lines.join("\r\n"))
}

/// Where a project's files go below the output folder, in the layout of a Dynamics 365
/// repository (`Metadata/` as in `PackagesLocalDirectory`, `Projects/` for Visual Studio):
/// the descriptor in `Metadata/MODULE/Descriptor/`, the objects in `Metadata/MODULE/NAME/`,
/// the project file in `Projects/NAME/`. Copying `Metadata/MODULE` into
/// `PackagesLocalDirectory` and opening the project is all a developer does.
pub fn descriptor_path(info: &ModelInfo) -> PathBuf {
    Path::new("Metadata")
        .join(&info.module)
        .join("Descriptor")
        .join(format!("{}.xml", info.name))
}

/// See [`descriptor_path`].
pub fn project_path(info: &ModelInfo) -> PathBuf {
    Path::new("Projects")
        .join(&info.name)
        .join(format!("{}.rnrproj", info.name))
}

/// See [`descriptor_path`]: the model folder, which holds `AxSecurityRole/X.xml` and the rest.
pub fn model_folder(info: &ModelInfo) -> PathBuf {
    Path::new("Metadata").join(&info.module).join(&info.name)
}

/// The layer number of a layer name (`usr`, any case), as `<Layer>` holds it.
pub fn layer_number(name: &str) -> Option<u8> {
    LAYERS
        .iter()
        .position(|l| l.eq_ignore_ascii_case(name))
        .and_then(|i| u8::try_from(i).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_guids_are_stable_and_well_formed() {
        assert_eq!(model_id("ContosoSecurity"), model_id("ContosoSecurity"));
        assert_ne!(model_id("ContosoSecurity"), model_id("FabrikamSecurity"));
        assert!((100_000_000..1_000_000_000).contains(&model_id("x")));
        let g = project_guid("ContosoSecurity");
        assert_eq!(g.len(), 38, "{g}");
        assert_eq!(&g[15..16], "4", "{g}");
        assert_ne!(g, project_guid("FabrikamSecurity"));
    }

    #[test]
    fn an_empty_project_lists_no_folders() {
        let p = rnrproj("Empty", &[]);
        assert!(!p.contains("<ItemGroup>"), "{p}");
        assert!(p.starts_with('\u{feff}'));
    }
}
