//! `--model NAME` and its companions on `convert --to aot` and `generate --emit aot`: instead of
//! bare object files for an existing model folder, a model a developer opens in Visual Studio
//! (the descriptor, the objects in the model folder, and a `.rnrproj` listing them), laid out as
//! `secgov::write::project` describes.

use secgov::write::aot::{AotKind, Object};
use secgov::write::project::{self, ModelInfo};
use std::path::PathBuf;

#[derive(Debug, Clone, clap::Args)]
pub(crate) struct ProjectArgs {
    /// Write a Visual Studio project for a model of this name below the output folder:
    /// Metadata/NAME/Descriptor/NAME.xml, the objects in Metadata/NAME/NAME/, and
    /// Projects/NAME/NAME.rnrproj. Without it only the object files are written, for a model
    /// folder that exists.
    #[arg(long, value_name = "NAME")]
    model: Option<String>,

    /// The model's publisher, written in its descriptor (with --model).
    #[arg(
        long,
        value_name = "NAME",
        default_value = "secgov",
        requires = "model"
    )]
    publisher: String,

    /// The model's layer (with --model): usr, cus, var, isv, ... as in the model wizard.
    #[arg(long, value_name = "LAYER", default_value = "usr", value_parser = parse_layer, requires = "model")]
    layer: u8,

    /// A package the model references (with --model; repeat it for several)
    /// [default: ApplicationFoundation, ApplicationPlatform, ApplicationSuite].
    #[arg(long = "module-reference", value_name = "PACKAGE", requires = "model")]
    module_references: Vec<String>,
}

fn parse_layer(text: &str) -> Result<u8, String> {
    project::layer_number(text).ok_or_else(|| format!("use one of: {}", project::LAYERS.join(", ")))
}

/// A file of the project besides the objects: its path below the output folder and its text.
pub(crate) struct Extra {
    pub path: PathBuf,
    pub text: String,
}

/// What `--model` asks for, once its name is known to be an element name.
pub(crate) struct Project {
    info: ModelInfo,
}

impl ProjectArgs {
    /// Whether `--model` was given.
    pub(crate) fn wants_project(&self) -> bool {
        self.model.is_some()
    }

    /// The project to write, `Ok(None)` without `--model`, or the message for a model name that
    /// cannot be a model (it names folders and the descriptor, so the AOT naming rules apply).
    pub(crate) fn project(&self) -> Result<Option<Project>, String> {
        let Some(name) = &self.model else {
            return Ok(None);
        };
        if !secgov::rules::is_identifier(name) {
            return Err(format!(
                "`{name}` cannot be a model name: use a letter, then letters, digits and underscores only"
            ));
        }
        let references = if self.module_references.is_empty() {
            project::DEFAULT_MODULE_REFERENCES
                .iter()
                .map(|r| r.to_string())
                .collect()
        } else {
            self.module_references.clone()
        };
        Ok(Some(Project {
            info: ModelInfo::new(name, &self.publisher, self.layer, references),
        }))
    }
}

impl Project {
    /// The model's name.
    pub(crate) fn name(&self) -> &str {
        &self.info.name
    }

    /// Moves the object files (`AxSecurityRole/X.xml`, given as their paths) into the model
    /// folder and returns the descriptor and the project file listing `objects`.
    pub(crate) fn lay_out<'p>(
        &self,
        paths: impl IntoIterator<Item = &'p mut PathBuf>,
        objects: &[Object<'_>],
    ) -> Vec<Extra> {
        for path in paths {
            *path = project::model_folder(&self.info).join(&*path);
        }
        let listed: Vec<(AotKind, String)> = objects
            .iter()
            .map(|o| (o.kind(), o.name().value.clone()))
            .collect();
        self.extras(&listed)
    }

    fn extras(&self, objects: &[(AotKind, String)]) -> Vec<Extra> {
        vec![
            Extra {
                path: project::descriptor_path(&self.info),
                text: project::descriptor(&self.info),
            },
            Extra {
                path: project::project_path(&self.info),
                text: project::rnrproj(&self.info.name, objects),
            },
        ]
    }
}
