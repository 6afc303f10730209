//! What each code rests on: the Microsoft page and passage, or a plain statement that it is
//! secgov's own judgement. Rendered as the "Source" section of `docs/rules/CODE.md` and by
//! `secgov explain`; a test requires an entry for every code in the registry.
//!
//! Kept in one table rather than in each rule file so that the sources can be reviewed together
//! against the pages they quote (issue 15).

/// Pages of Microsoft Learn that rules quote.
macro_rules! learn {
    (sysadmin $page:literal) => {
        concat!(
            "https://learn.microsoft.com/dynamics365/fin-ops-core/fin-ops/sysadmin/",
            $page
        )
    };
    (dev $page:literal) => {
        concat!(
            "https://learn.microsoft.com/dynamics365/fin-ops-core/dev-itpro/sysadmin/",
            $page
        )
    };
}

const OWN: &str = "secgov's own judgement: no Microsoft page covers this.";

const XML_SPEC: &str = "The XML 1.0 specification (https://www.w3.org/TR/xml/), not a Microsoft \
     page: a document that breaks it cannot be read by any XML reader, Dynamics 365's included.";

const NO_SCHEMA: &str = "secgov's own judgement: Microsoft publishes no schema for these files, so \
     the structure is the one Backup as XML, Visual Studio and the security configuration export \
     write (docs/formats.md).";

const OUTLINE: &str =
    "secgov's own judgement: outlines are secgov's own input format (docs/generate.md).";

/// The source of every code, sorted by code.
static SOURCES: &[(&str, &str)] = &[
    ("SG001", XML_SPEC),
    (
        "SG002",
        "The XML 1.0 specification, section 4.3.3 \"Character Encoding in Entities\" (https://www.w3.org/TR/xml/#charencoding), not a Microsoft page.",
    ),
    (
        "SG003",
        "secgov's own judgement: entities are never expanded, so that a file cannot make the reader fetch or multiply text.",
    ),
    (
        "SG004",
        "secgov's own judgement: limits that keep a hostile file from exhausting memory or time.",
    ),
    ("SG005", NO_SCHEMA),
    (
        "SG006",
        "The XML 1.0 specification, section 4.3.3 (https://www.w3.org/TR/xml/#charencoding): \"it is a fatal error for an entity including an encoding declaration to be presented to the XML processor in an encoding other than that named in the declaration\".",
    ),
    ("SG007", OWN),
    (
        "SG099",
        "secgov's own judgement: a cap on findings keeps a hostile file from exhausting memory with its report.",
    ),
    ("SG101", NO_SCHEMA),
    ("SG102", NO_SCHEMA),
    ("SG103", NO_SCHEMA),
    ("SG104", NO_SCHEMA),
    ("SG105", NO_SCHEMA),
    (
        "SG106",
        concat!(
            "[Security category export/import](",
            learn!(sysadmin "security-category-import"),
            ") lists the three Types (\"User security governance\", \"Security configuration\", \"Governance + configuration\"); [Security process hierarchy migration](",
            learn!(sysadmin "security-hierarchy-migration"),
            ") adds the legacy \"EASS\" and \"EASS + Security configuration\"; [Security entry points under the process hierarchy](",
            learn!(sysadmin "entry-point-detailed"),
            ") gives the permissions \"**Unselect**, **Grant**, or **Deny**\". The spellings inside the file are secgov's reading of real backups."
        ),
    ),
    ("SG107", NO_SCHEMA),
    (
        "SG108",
        "secgov's own judgement, after the Unicode Consortium's UTS #39 (Unicode Security Mechanisms, https://www.unicode.org/reports/tr39/) and CVE-2021-42574 (\"Trojan Source\"): characters that are invisible or reorder text let two different names look the same.",
    ),
    (
        "SG109",
        "secgov's own judgement, from the shape of the metadata: the platform's AxSecurityDataEntityFieldPermission, AxSecurityDataEntityFieldReference and AxSecurityDataEntityMethodPermission hang below the entity or table they belong to, and a method's only permission is Invoke (SecurableType DataEntityMethod, https://learn.microsoft.com/dotnet/api/dynamics.ax.application.securabletype).",
    ),
    (
        "SG201",
        concat!(
            "[Security category export/import](",
            learn!(sysadmin "security-category-import"),
            "), Bulk-create a process hierarchy: \"Make sure that each category has a unique name.\""
        ),
    ),
    (
        "SG202",
        concat!(
            "[Set up process hierarchy, roles, and privileges](",
            learn!(sysadmin "setup-process-role-hierarchy"),
            "): \"In the **Process name** field, enter a unique name for the process.\""
        ),
    ),
    ("SG203", OWN),
    ("SG204", OWN),
    (
        "SG205",
        "secgov's own judgement: an AOT model holds one file per object name, and a restore or import keeps one definition of a name.",
    ),
    (
        "SG301",
        concat!(
            "[Security category export/import](",
            learn!(sysadmin "security-category-import"),
            "), Back up as XML: each Type \"includes only objects\" of its part and \"excludes\" the other; [Security process hierarchy migration](",
            learn!(sysadmin "security-hierarchy-migration"),
            ") for the legacy Types: \"If **EASS** was selected ..., select this option [User security governance] as they're equivalent to each other.\""
        ),
    ),
    (
        "SG302",
        concat!(
            "[Security category export/import](",
            learn!(sysadmin "security-category-import"),
            "), step 13: \"Depending on the **Type** you selected earlier during **export**, select the **same** **Type** value during import.\" [Security process hierarchy migration](",
            learn!(sysadmin "security-hierarchy-migration"),
            "): EASS and Security configuration \"are exclusive of each other\"."
        ),
    ),
    (
        "SG303",
        concat!(
            "[Security category export/import](",
            learn!(sysadmin "security-category-import"),
            "), Restore from XML: \"In the **Type** field, select a value.\" Inferring the Type from the content is secgov's own judgement."
        ),
    ),
    (
        "SG304",
        concat!(
            "[Security category export/import](",
            learn!(sysadmin "security-category-import"),
            ") describes the action for User security governance; [Security process hierarchy migration](",
            learn!(sysadmin "security-hierarchy-migration"),
            ") restores \"EASS + Security configuration\" as Governance + configuration and says \"**Create** is the most suitable choice\". That the action does nothing for Security configuration, which \"won't restore the security category and its related configuration from the **Process hierarchy** page\", is secgov's reading of the same page."
        ),
    ),
    (
        "SG305",
        concat!(
            "[Security category export/import](",
            learn!(sysadmin "security-category-import"),
            "): \"**Create** – this option automatically creates/ pushes all Duties and Roles that should be created from security setup into the publish staging table.\""
        ),
    ),
    (
        "SG306",
        "The Finance and Operations API reference for the `name` property of application objects (https://learn.microsoft.com/dotnet/api/dynamics.ax.application.menuitem.name): \"Begins with a letter. Doesn't exceed 250 characters. Can include numbers and underscore characters. Cannot include punctuation or spaces.\"",
    ),
    (
        "SG307",
        concat!(
            "secgov's own judgement, from [Security category export/import](",
            learn!(sysadmin "security-category-import"),
            "): Create makes duties and roles, and nothing on the page says what happens when one of that name exists."
        ),
    ),
    (
        "SG308",
        concat!(
            "[Security category export/import](",
            learn!(sysadmin "security-category-import"),
            "): \"**Clear** – ... each task line that was imported will be blank and you'll need to create Roles/duties again for all lines.\""
        ),
    ),
    (
        "SG309",
        concat!(
            "[Security category export/import](",
            learn!(sysadmin "security-category-import"),
            "): \"**None** – ... So in case that security objects are non-existent, this might cause complications.\""
        ),
    ),
    (
        "SG310",
        concat!(
            "[Security process hierarchy migration](",
            learn!(sysadmin "security-hierarchy-migration"),
            "), scenario two: \"Select the category and one of the process hierarchy nodes underneath it. Under the **Role definition** FastTab, click **Restore from XML**.\""
        ),
    ),
    (
        "SG311",
        concat!(
            "[Security process hierarchy migration](",
            learn!(sysadmin "security-hierarchy-migration"),
            "), scenario two: \"Selecting **Overwrite = Yes** is helpful when the selected security category has preexisting process role hierarchy with some objects where names match ... This ensures that the data import process doesn't get blocked because of existing objects and overwrites them.\""
        ),
    ),
    (
        "SG312",
        concat!(
            "[Security process hierarchy migration](",
            learn!(sysadmin "security-hierarchy-migration"),
            "), scenario two: \"Select the category and one of the process hierarchy nodes underneath it.\" That a missing node is an error is secgov's own reading: it cannot be selected."
        ),
    ),
    (
        "SG401",
        concat!(
            "secgov's own judgement, on the model of [Role-based security](",
            learn!(dev "role-based-security"),
            "): roles hold duties and privileges by name, so a name that is defined nowhere grants nothing."
        ),
    ),
    (
        "SG402",
        concat!(
            "[Role-based security](",
            learn!(dev "role-based-security"),
            "): \"Security roles can be organized into a hierarchy ... A parent role automatically inherits the duties, privileges, and conditions that are assigned to its child roles.\" That a cycle breaks the hierarchy is secgov's own judgement."
        ),
    ),
    (
        "SG501",
        concat!(
            "secgov's own judgement, from [Security entry points under the process hierarchy](",
            learn!(sysadmin "entry-point-detailed"),
            "): each permission is \"**Unselect**, **Grant**, or **Deny**\"; an entry point with every permission unselected grants nothing."
        ),
    ),
    (
        "SG502",
        concat!(
            "secgov's own judgement, from [Security entry points under the process hierarchy](",
            learn!(sysadmin "entry-point-detailed"),
            "): a permission is granted or denied per entry point, and a role that does both leaves the outcome to precedence rules."
        ),
    ),
    (
        "SG503",
        concat!(
            "[Prepare for finance and operations apps user license validation](",
            learn!(dev "prepare-for-user-validation"),
            "): \"The Team Members and Operations – Activity licenses are designed for light or read-only usage, but a single 'write' privilege can escalate a user into a higher license tier.\" [License summary report](",
            learn!(sysadmin "license-summary-report"),
            "): users \"with the operational license level might be moved into Activity or Team Member level by redesigning their access\". The ceiling itself is secgov's own: Microsoft's reports show the license, they do not enforce a limit. The order and the metadata values are discussed in docs/license.md."
        ),
    ),
    (
        "SG601",
        concat!(
            "[Set up segregation of duties](",
            learn!(sysadmin "set-up-segregation-duties"),
            "): a rule has a Name, a First duty, a Second duty, a Severity (\"the severity of the risk that occurs when the same user or role performs both duties\"), a Security risk and a Security mitigation. [Identify and resolve conflicts in segregation of duties](",
            learn!(sysadmin "identify-resolve-conflicts-segregation-duties"),
            "): \"If any roles violate the rules, a message is displayed that contains the name of the rule, the role, and the names of the conflicting duties.\" The rules are exported with the \"Security segregation of duties rule\" data entity ([Import or export a customized security configuration](",
            learn!(dev "import-export-customized-security"),
            "))."
        ),
    ),
    (
        "SG602",
        concat!(
            "[Security tasks under process hierarchy](",
            learn!(sysadmin "usg-security-tasks-detailed"),
            "): \"you can validate the percentage of overlapping duties\" and \"the percentage of overlapping privileges\". The threshold is secgov's own."
        ),
    ),
    (
        "SG701",
        concat!(
            "secgov's own judgement: no Microsoft page covers this. No page on User security governance says a backup carries users; temporary roles are [Temporary role management](",
            learn!(sysadmin "temp-role-mgmt"),
            ") sessions."
        ),
    ),
    (
        "SG702",
        concat!(
            "secgov's own judgement: no Microsoft page covers this. Temporary roles in Dynamics 365 are [Temporary role management](",
            learn!(sysadmin "temp-role-mgmt"),
            ") sessions, not elements of a backup."
        ),
    ),
    (
        "SG703",
        concat!(
            "secgov's own judgement: no Microsoft page covers this. Temporary roles in Dynamics 365 are [Temporary role management](",
            learn!(sysadmin "temp-role-mgmt"),
            ") sessions, not elements of a backup."
        ),
    ),
    (
        "SG801",
        concat!(
            "secgov's own judgement, from [Set up process hierarchy, roles, and privileges](",
            learn!(sysadmin "setup-process-role-hierarchy"),
            "): processes hold the tasks that roles are built from."
        ),
    ),
    (
        "SG802",
        concat!(
            "secgov's own judgement, from [Set up process hierarchy, roles, and privileges](",
            learn!(sysadmin "setup-process-role-hierarchy"),
            "): \"Entry points are assigned to a task to define the starting point of the task.\""
        ),
    ),
    (
        "SG803",
        concat!(
            "secgov's own judgement, from [Security category export/import](",
            learn!(sysadmin "security-category-import"),
            "): None keeps the task lines as they are, so a task without a duty stays without one. \
             That a security configuration leaves out the entry points of a task without a duty \
             is secgov's own reading: it holds entry points only in privileges, and privileges \
             only through duties."
        ),
    ),
    (
        "SG804",
        "secgov's own: `secgov-ignore` comments are a secgov feature.",
    ),
    (
        "SG805",
        "secgov's own: `secgov-ignore` comments are a secgov feature.",
    ),
    ("SG901", OUTLINE),
    ("SG902", OUTLINE),
    ("SG903", OUTLINE),
    ("SG904", OUTLINE),
    (
        "SG905",
        concat!(
            "[Role-based security](",
            learn!(dev "role-based-security"),
            "): \"Menu items, web content items, and service operations are referred to collectively as entry points.\""
        ),
    ),
    (
        "SG906",
        concat!(
            "[Security entry points under the process hierarchy](",
            learn!(sysadmin "entry-point-detailed"),
            "): \"the **Unselect**, **Grant**, or **Deny** permissions\"."
        ),
    ),
    ("SG907", OUTLINE),
    ("SG908", OUTLINE),
    (
        "SG909",
        concat!(
            "[Security category export/import](",
            learn!(sysadmin "security-category-import"),
            "): \"Make sure that each category has a unique name.\""
        ),
    ),
    (
        "SG910",
        concat!(
            "[Security process hierarchy migration](",
            learn!(sysadmin "security-hierarchy-migration"),
            "): \"If the **Category name** already exists in security governance, this process displays a warning and the process stops.\""
        ),
    ),
    (
        "SG911",
        concat!(
            "[Set up process hierarchy, roles, and privileges](",
            learn!(sysadmin "setup-process-role-hierarchy"),
            "), Set up process hierarchy: \"In the **Process name** field, enter a unique name for the process.\" \
             The page does not limit the uniqueness to the selected tree level, so secgov holds it \
             within the category, as SG202 does for backups."
        ),
    ),
    ("SG912", OUTLINE),
    ("SG913", OUTLINE),
    ("SG914", OUTLINE),
    ("SG915", OUTLINE),
    ("SG916", OUTLINE),
    ("SG917", OWN),
    (
        "SG918",
        "secgov's own judgement: Excel's plain CSV (Comma delimited) is written in the Windows code page (1252 in western locales); CSV UTF-8 is its UTF-8 choice.",
    ),
    ("SG951", OWN),
    ("SG952", OWN),
    (
        "SG953",
        "The Finance and Operations API reference for the `name` property of application objects (https://learn.microsoft.com/dotnet/api/dynamics.ax.application.menuitem.name): \"Begins with a letter. Doesn't exceed 250 characters. Can include numbers and underscore characters. Cannot include punctuation or spaces.\"",
    ),
    ("SG954", OWN),
    ("SG955", OWN),
];

/// What `code` rests on, if the table has it.
pub(crate) fn source(code: &str) -> Option<&'static str> {
    SOURCES.iter().find(|(c, _)| *c == code).map(|(_, s)| *s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_names_its_source() {
        for rule in super::super::registry() {
            let s = source(rule.code)
                .unwrap_or_else(|| panic!("{} has no source in src/rules/sources.rs", rule.code));
            assert!(
                s.contains("https://") || s.contains("secgov's own"),
                "{}: name a page or say it is secgov's own judgement",
                rule.code
            );
        }
    }

    #[test]
    fn sorted_and_no_stale_entries() {
        let codes: Vec<&str> = SOURCES.iter().map(|(c, _)| *c).collect();
        let mut sorted = codes.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(codes, sorted);
        for code in codes {
            assert!(super::super::find(code).is_some(), "{code} is not a code");
        }
    }
}
