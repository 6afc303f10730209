//! Issue 18, point 5: Excel in. An `.xlsx` outline is read directly (the first sheet or
//! `--sheet NAME`) and findings name the cell (`Orders!F3`); a CSV saved as Excel's plain "CSV
//! (Comma delimited)" (Windows-1252) is decoded with a note; a workbook given where XML is
//! expected is said to be one, without its zip bytes as a snippet. Workbooks are written here
//! with rust_xlsxwriter, so no binary fixture is committed.

use super::spreadsheet_csv::report;
use super::support::{fixture, secgov};
use rust_xlsxwriter::Workbook;
use secgov::generate::{Generated, Request, generate};

const HEADER: [&str; 7] = [
    "Category",
    "Process",
    "Task",
    "Duty",
    "ObjectType",
    "ObjectName",
    "Read",
];

/// A workbook with a sheet `Notes` first (when `notes`) and the outline on sheet `Orders`.
pub(crate) fn workbook(rows: &[[&str; 7]], notes: bool) -> Vec<u8> {
    let mut book = Workbook::new();
    if notes {
        let sheet = book.add_worksheet();
        sheet.set_name("Notes").unwrap();
        sheet.write_string(0, 0, "Read me first").unwrap();
    }
    let sheet = book.add_worksheet();
    sheet.set_name("Orders").unwrap();
    for (r, row) in std::iter::once(&HEADER).chain(rows).enumerate() {
        for (c, value) in row.iter().enumerate() {
            if !value.is_empty() {
                sheet.write_string(r as u32, c as u16, *value).unwrap();
            }
        }
    }
    book.save_to_buffer().unwrap()
}

fn run(path: &str, bytes: Vec<u8>, sheet: Option<&str>) -> Generated {
    generate(&Request {
        outlines: vec![(path.to_owned(), bytes)],
        output_name: "generated.xml".into(),
        sheet: sheet.map(str::to_owned),
        ..Request::default()
    })
}

const GOOD: [[&str; 7]; 2] = [
    [
        "Sales",
        "Orders",
        "Enter orders",
        "SalesOrderMaintain",
        "MenuItemDisplay",
        "SalesTable",
        "Allow",
    ],
    [
        "Sales",
        "Orders",
        "Enter orders",
        "SalesOrderMaintain",
        "MenuItemDisplay",
        "SalesLine",
        "Allow",
    ],
];

fn csv_of(rows: &[[&str; 7]]) -> String {
    std::iter::once(&HEADER)
        .chain(rows)
        .map(|r| r.join(",") + "\n")
        .collect()
}

#[test]
fn a_workbook_gives_the_backup_its_csv_export_gives() {
    let xlsx = run("outline.xlsx", workbook(&GOOD, false), None);
    assert!(xlsx.diagnostics.is_empty(), "{}", report(&xlsx));
    let csv = run("outline.csv", csv_of(&GOOD).into_bytes(), None);
    assert!(xlsx.xml.is_some());
    assert_eq!(xlsx.xml, csv.xml);
}

#[test]
fn the_sheet_is_chosen_by_name_and_a_missing_one_lists_the_others() {
    let bytes = workbook(&GOOD, true);
    let named = run("outline.xlsx", bytes.clone(), Some("orders"));
    assert!(named.diagnostics.is_empty(), "{}", report(&named));
    let missing = run("outline.xlsx", bytes, Some("Roles"));
    assert!(missing.xml.is_none());
    let text = report(&missing);
    assert!(
        text.contains("the workbook has no sheet `Roles`") && text.contains("Notes, Orders"),
        "{text}"
    );
}

#[test]
fn findings_in_a_workbook_name_the_cell() {
    let mut rows = GOOD;
    rows[1][6] = "Alow";
    rows[1][4] = "MenuItemDisplai";
    let g = run("outline.xlsx", workbook(&rows, false), None);
    assert!(g.xml.is_none());
    insta::assert_snapshot!(report(&g));
}

#[test]
fn a_windows_1252_csv_is_read_with_a_note_naming_csv_utf8() {
    let mut bytes = csv_of(&GOOD).into_bytes();
    // "Café" as Excel's CSV (Comma delimited) writes it: é is the one byte E9.
    let at = bytes.windows(6).position(|w| w == b"Orders").unwrap();
    bytes.splice(at..at + 6, b"Caf\xE9".iter().copied());
    let g = run("cp1252.csv", bytes, None);
    assert!(g.xml.is_some(), "{}", report(&g));
    let codes: Vec<_> = g.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["SG918"]);
    assert!(
        g.model.categories[0].hierarchy.as_ref().unwrap().processes[0]
            .name
            .value
            == "Café"
    );
    insta::assert_snapshot!(report(&g));
}

#[test]
fn a_workbook_where_xml_is_expected_shows_no_zip_bytes() {
    let path = fixture("backup.xlsx", &workbook(&GOOD, false));
    let out = secgov(&["validate", &path]);
    out.assert_no_panic();
    let all = format!("{}{}", out.stdout, out.stderr);
    assert!(all.contains("zip archive"), "{all}");
    assert!(!all.contains("PK"), "{all}");
    assert!(!all.contains('\u{FFFD}'), "{all}");
}

#[test]
fn the_cli_reads_a_workbook_with_sheet() {
    let path = fixture("cli-outline.xlsx", &workbook(&GOOD, true));
    let out = secgov(&["generate", &path, "--sheet", "Orders", "-o", "-"]);
    out.assert_no_panic();
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(out.stdout.contains("<Name>SalesLine</Name>") || out.stdout.contains("SalesLine"));
}

#[test]
fn a_cell_far_outside_the_outline_is_a_limit_not_a_huge_allocation() {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "Category").unwrap();
    sheet.write_string(1_048_575, 16_383, "far away").unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let g = super::support::within_watchdog("far cell", move || {
        run("far.xlsx", bytes, None).diagnostics
    });
    let codes: Vec<_> = g.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["SG004"]);
    assert!(g[0].message.contains("XFD1048576"), "{}", g[0].message);
}

#[test]
fn many_rows_and_one_far_column_are_a_limit_not_rows_times_columns() {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for r in 0..40_000u32 {
        sheet.write_string(r, 0, "x").unwrap();
    }
    sheet.write_string(0, 255 - 1, "far").unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let g = super::support::within_watchdog("wide sheet", move || {
        run("wide.xlsx", bytes, None).diagnostics
    });
    let codes: Vec<_> = g.iter().map(|d| d.code).collect();
    assert_eq!(
        codes,
        ["SG004"],
        "{:?}",
        g.iter().map(|d| &d.message).collect::<Vec<_>>()
    );
}

/// The outline on `Orders`, and a `Notes` sheet of 200 different 32,000-character strings: 6.4 MB
/// of shared strings that compress to a few kilobytes, as a zip bomb does on a larger scale.
fn inflating_workbook() -> Vec<u8> {
    let mut book = Workbook::new();
    let notes = book.add_worksheet();
    notes.set_name("Notes").unwrap();
    for r in 0..200u32 {
        notes
            .write_string(r, 0, format!("{r:05}{}", "A".repeat(32_000)))
            .unwrap();
    }
    let sheet = book.add_worksheet();
    sheet.set_name("Orders").unwrap();
    for (r, row) in std::iter::once(&HEADER).chain(&GOOD).enumerate() {
        for (c, value) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *value).unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

/// Sets the uncompressed size that the central directory declares for the part `name`, as a
/// zip bomb may do to look small.
fn declare_uncompressed_size(zip: &mut [u8], name: &str, size: u32) {
    let mut at = 0;
    while let Some(i) = zip[at..].windows(4).position(|w| w == b"PK\x01\x02") {
        let h = at + i;
        let len = u16::from_le_bytes([zip[h + 28], zip[h + 29]]) as usize;
        if &zip[h + 46..h + 46 + len] == name.as_bytes() {
            zip[h + 24..h + 28].copy_from_slice(&size.to_le_bytes());
            return;
        }
        at = h + 4;
    }
    panic!("no part {name}");
}

/// Regression (issue 14): a workbook's parts were unpacked without a bound, so a small `.xlsx`
/// could inflate to gigabytes in the workbook reader. What the parts unpack to now counts
/// against `--max-size`, measured while inflating, whatever sizes the archive declares.
#[test]
fn a_workbook_that_unpacks_past_max_size_is_a_limit() {
    let bytes = inflating_workbook();
    assert!(bytes.len() < 200_000, "{} bytes", bytes.len());
    let path = fixture("inflating.xlsx", &bytes);
    let o = secgov(&["generate", &path, "--sheet", "Orders", "-o", "-"]);
    assert_eq!(
        o.status, 0,
        "within the default limit it reads: {}",
        o.stderr
    );
    let o = secgov(&[
        "generate",
        &path,
        "--sheet",
        "Orders",
        "-o",
        "-",
        "--max-size",
        "1",
    ]);
    o.assert_no_panic();
    assert_eq!(o.status, 1, "{}", o.stderr);
    let text = super::support::unwrapped(&o.stderr);
    assert!(text.contains("SG004"), "{text}");
    assert!(
        text.contains("unpacks to more than 1 MiB, the --max-size limit"),
        "{text}"
    );
    assert!(text.contains("--max-size"), "{text}");

    let mut lying = bytes.clone();
    declare_uncompressed_size(&mut lying, "xl/sharedStrings.xml", 100);
    let path = fixture("inflating-lying.xlsx", &lying);
    let o = secgov(&[
        "generate",
        &path,
        "--sheet",
        "Orders",
        "-o",
        "-",
        "--max-size",
        "1",
    ]);
    o.assert_no_panic();
    assert_eq!(o.status, 1, "{}", o.stderr);
    assert!(super::support::unwrapped(&o.stderr).contains("unpacks to more than 1 MiB"));
}

#[test]
fn a_cut_or_damaged_workbook_is_a_finding_never_a_panic() {
    let whole = workbook(&GOOD, true);
    let cases: Vec<Vec<u8>> = (4..whole.len())
        .step_by(61)
        .map(|n| whole[..n].to_vec())
        .chain((0..whole.len()).step_by(211).map(|i| {
            let mut b = whole.clone();
            b[i] ^= 0x5A;
            b
        }))
        .collect();
    let results = super::support::within_watchdog("damaged workbooks", move || {
        cases
            .into_iter()
            .map(|b| run("cut.xlsx", b, None))
            .map(|g| (g.xml.is_some(), g.diagnostics.len()))
            .collect::<Vec<_>>()
    });
    // A damaged byte may fall where nothing reads it; a cut workbook never reads.
    assert!(results.iter().all(|(ok, n)| *ok || *n > 0));
}

#[test]
fn a_sheet_with_each_line_in_one_cell_says_to_split_the_column() {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet
        .write_string(
            0,
            0,
            "Category,Process,Task,Duty,ObjectType,ObjectName,Read",
        )
        .unwrap();
    sheet
        .write_string(
            1,
            0,
            "Sales,Orders,Enter,SalesOrderMaintain,MenuItemDisplay,SalesTable,Allow",
        )
        .unwrap();
    let g = run("pasted.xlsx", book.save_to_buffer().unwrap(), None);
    assert!(g.xml.is_none());
    let d: Vec<_> = g
        .diagnostics
        .iter()
        .map(|d| (d.code, d.help.clone().unwrap_or_default()))
        .collect();
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].0, "SG901");
    assert!(d[0].1.contains("Text to Columns"), "{d:?}");
    assert!(
        report(&g).contains("pasted.xlsx:Sheet1!A1:"),
        "{}",
        report(&g)
    );
}

#[test]
fn secgov_toml_names_the_sheet() {
    let dir = fixture("sheet-config/", b"");
    std::fs::write(format!("{dir}design.xlsx"), workbook(&GOOD, true)).unwrap();
    std::fs::write(
        format!("{dir}secgov.toml"),
        "[generate]\noutlines = [\"design.xlsx\"]\nout = \"-\"\nsheet = \"Orders\"\n",
    )
    .unwrap();
    let o = super::support::command()
        .current_dir(&dir)
        .arg("generate")
        .output()
        .expect("secgov runs");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    assert!(String::from_utf8_lossy(&o.stdout).contains("SalesLine"));
}
