//! The change report as one self-contained HTML file for auditors: summary counts, the changes
//! as a collapsible tree (`details`/`summary`), effective access and license changes as tables,
//! and a filter box.
//! No network access: styles and the few lines of script are inline.

use super::{Labels, access_word, context, section, shown, summary_line};
use crate::diff::report::{AccessDirection, Change, Report};
use std::fmt::Write;

/// HTML escaping, from the one escaping module of every writer.
use crate::xml::escape::html as esc;

const STYLE: &str = "body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:70em;padding:0 1em;color:#222}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em}
code,.name{font-family:ui-monospace,Consolas,monospace}
table{border-collapse:collapse;margin:.6em 0}th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}
.summary td{text-align:right}
#filter{width:100%;max-width:30em;padding:.4em;margin:.8em 0;font-size:1em}
ul.tree,ul.tree ul{list-style:none;padding-left:1.3em;margin:0}ul.tree{padding-left:0}
summary{cursor:pointer}.mark{display:inline-block;width:1.2em;font-weight:bold}
.ctx{color:#666}.field{color:#444;padding-left:1.2em}
.added>.mark,.added>details>summary>.mark{color:#1a7f37}.removed>.mark,.removed>details>summary>.mark{color:#cf222e}
.changed>.mark,.changed>details>summary>.mark{color:#9a6700}.moved>.mark,.moved>details>summary>.mark{color:#0969da}
.renamed>.mark,.renamed>details>summary>.mark{color:#8250df}
tr.gained td:nth-child(2){color:#1a7f37}tr.lost td:nth-child(2){color:#cf222e}";

/// Filters the tree: an item stays when its own line matches, when something inside it matches,
/// or when an item around it matches (so a matching role keeps its changes in view).
const SCRIPT: &str = "const box=document.getElementById('filter');
function keep(ul,q,shown){let any=false;for(const li of ul.children){
const head=li.querySelector(':scope>details>summary')||li;
const own=shown||head.textContent.toLowerCase().includes(q);
const sub=li.querySelector(':scope>details>ul');const inner=sub?keep(sub,q,own):false;
li.hidden=!(own||inner);if(inner&&!own)li.querySelector(':scope>details').open=true;any=any||own||inner;}return any;}
box.addEventListener('input',()=>{const q=box.value.trim().toLowerCase();
document.querySelectorAll('ul.tree').forEach(ul=>keep(ul,q,q===''));
document.querySelectorAll('table.access tbody tr, ul.respelled li').forEach(el=>{
el.hidden=q!==''&&!el.textContent.toLowerCase().includes(q);});});";

pub fn html(report: &Report, labels: &Labels) -> String {
    let s = report.summary();
    let mut out = String::new();
    let title = format!("Security changes: {} → {}", labels.old, labels.new);
    let _ = writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>\n{STYLE}\n</style>\n</head>\n<body>",
        esc(&title)
    );
    let _ = writeln!(out, "<h1>Security changes</h1>");
    let _ = writeln!(
        out,
        "<p>OLD <code>{}</code> → NEW <code>{}</code>: {}</p>",
        esc(&labels.old),
        esc(&labels.new),
        esc(&summary_line(&s))
    );
    let _ = writeln!(
        out,
        "<table class=\"summary\"><tr><th>Added</th><th>Removed</th><th>Changed</th><th>Moved</th>\
         <th>Renamed</th><th>Access gained</th><th>Access lost</th><th>Respelled</th></tr>"
    );
    let _ = writeln!(
        out,
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr></table>",
        s.added,
        s.removed,
        s.changed,
        s.moved,
        s.renamed,
        s.access_gained,
        s.access_lost,
        s.respelled
    );
    let _ = writeln!(
        out,
        "<input id=\"filter\" type=\"search\" placeholder=\"Filter: a role, task, entry point, permission...\" aria-label=\"Filter changes\">"
    );
    if !report.changes.is_empty() {
        let _ = writeln!(out, "<h2>Changes</h2>\n<ul class=\"tree\">");
        for c in &report.changes {
            change(&mut out, c);
        }
        let _ = writeln!(out, "</ul>");
    }
    section(
        &mut out,
        report.access.as_deref().unwrap_or_default(),
        &table_head("Effective access", &super::ACCESS_COLUMNS),
        |a| {
            let class = match a.direction {
                AccessDirection::Gained => "gained",
                AccessDirection::Lost => "lost",
                AccessDirection::DenyChanged => "deny",
            };
            format!(
                "<tr class=\"{class}\"><td>{}</td><td>{}</td><td>{}</td><td class=\"name\">{}</td><td>{}</td><td>{}</td></tr>",
                esc(&a.role),
                access_word(a),
                a.permission.as_str(),
                esc(&a.object()),
                esc(&a.object_type),
                lines(&a.via)
            )
        },
        Some("</tbody></table>"),
    );
    section(
        &mut out,
        report.licenses.as_deref().unwrap_or_default(),
        &table_head("Licenses", &["Role", "Old", "New", "Because"]),
        |l| {
            let class = if l.raised() { "lost" } else { "gained" };
            let cells = [&l.role, &l.old_label, &l.new_label].map(|c| esc(c));
            let because = lines(&l.because);
            format!(
                "<tr class=\"{class}\"><td>{}</td><td>{because}</td></tr>",
                cells.join("</td><td>")
            )
        },
        Some("</tbody></table>"),
    );
    section(
        &mut out,
        &report.respelled,
        "<h2>Respelled names</h2>\n<p>Not differences: Dynamics 365 compares names case-insensitively.</p>\n<ul class=\"respelled\">",
        |r| {
            let (old, new) = (esc(&r.old), esc(&r.new));
            format!(
                "<li>{} <code>{old}</code> → <code>{new}</code></li>",
                r.object.label()
            )
        },
        Some("</ul>"),
    );
    let _ = writeln!(out, "<script>\n{SCRIPT}\n</script>\n</body>\n</html>");
    out
}

/// A heading and the head of its table, whose body follows.
fn table_head(title: &str, columns: &[&str]) -> String {
    let head: String = columns.iter().map(|c| format!("<th>{c}</th>")).collect();
    format!("<h2>{title}</h2>\n<table class=\"access\"><thead><tr>{head}</tr></thead><tbody>")
}

/// Lines of a cell, escaped, one below the other.
fn lines(items: &[String]) -> String {
    let escaped: Vec<_> = items.iter().map(|i| esc(i)).collect();
    escaped.join("<br>")
}

fn change(out: &mut String, c: &Change) {
    let kind = c.change.as_str();
    let (mark, _) = super::human_sigil(c.change);
    let mut head = format!(
        "<span class=\"mark\" title=\"{kind}\">{mark}</span>{} <span class=\"name\">{}</span>",
        c.object.label(),
        esc(&c.name)
    );
    if let Some(ctx) = context(c) {
        let _ = write!(head, " <span class=\"ctx\">({})</span>", esc(&ctx));
    }
    if c.fields.is_empty() && c.children.is_empty() {
        let _ = writeln!(out, "<li class=\"{kind}\">{head}</li>");
        return;
    }
    let _ = writeln!(
        out,
        "<li class=\"{kind}\"><details open><summary>{head}</summary><ul>"
    );
    for f in &c.fields {
        let _ = writeln!(
            out,
            "<li class=\"field\">{}: <code>{}</code> → <code>{}</code></li>",
            esc(&f.field),
            esc(shown(&f.old)),
            esc(shown(&f.new))
        );
    }
    for child in &c.children {
        change(out, child);
    }
    let _ = writeln!(out, "</ul></details></li>");
}
