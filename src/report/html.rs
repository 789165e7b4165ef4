//! The report as one self-contained HTML file: inline CSS, no script, nothing fetched. Every text
//! from a page (its lines, file names, what diagnostics quote of it) goes through [`escape`]: page
//! text is input, and none of it may become markup.

use std::fmt::Write;

use super::{LineClass, LineReport, PageReport, Report};

const STYLE: &str = "
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #222; }
h1 { font-size: 1.4em; } h2 { font-size: 1.1em; margin-top: 2em; word-break: break-all; }
table { border-collapse: collapse; }
.index { font-size: 12px; } .index td, .index th { padding: 2px 8px; border-bottom: 1px solid #ddd; text-align: left; }
.index td:first-child { word-break: break-all; }
.index td.num { text-align: right; }
.lines { width: 100%; font: 12px/1.35 ui-monospace, monospace; }
.lines td { vertical-align: top; padding: 0 6px; }
.lines td.n { color: #888; text-align: right; user-select: none; width: 4em; }
.lines td.src { white-space: pre-wrap; word-break: break-all; width: 55%; }
.lines td.what { font: 12px/1.35 system-ui, sans-serif; color: #333; }
tr.fact td.src, .legend .fact { background: #dcf5dc; } tr.structure td.src, .legend .structure { background: #e6eefa; }
tr.text td.src, .legend .text { background: #f4f4f4; } tr.example td.src, .legend .example { background: #fdf6dd; }
tr.chrome td.src, .legend .chrome { color: #999; } tr.not-understood td.src, .legend .not-understood { background: #fbd5d5; }
tr.unaccounted td.src, .legend .unaccounted { background: #f7c6f7; } tr.markup td.src, .legend .markup { color: #aaa; }
.tag { display: inline-block; font-size: 11px; padding: 0 4px; border-radius: 3px; background: #eee; margin-right: 4px; }
.warning { color: #8a5a00; } .error { color: #b00020; } .note { color: #555; } .correction { color: #0b5394; } .model { color: #2d6a2d; }
.legend span { margin-right: 1em; padding: 0 4px; }
";

/// The report as an HTML document.
pub fn html(report: &Report) -> String {
    let mut out = String::new();
    let total = |f: fn(&PageReport) -> usize| report.pages.iter().map(f).sum::<usize>();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>docs2api report: {} pages</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        report.pages.len()
    );
    let _ = writeln!(out, "<h1>docs2api report: what each page line became</h1>");
    let _ = writeln!(
        out,
        "<p id=\"summary\">{} pages, <span id=\"line-count\">{}</span> lines: {} read, {} not understood, {} unaccounted, {} warnings, {} errors, {} corrections.</p>",
        report.pages.len(),
        total(|p| p.counts.lines),
        total(|p| p.counts.read),
        total(|p| p.counts.not_understood),
        total(|p| p.counts.unaccounted),
        total(|p| p.counts.warnings),
        total(|p| p.counts.errors),
        total(|p| p.counts.corrections),
    );
    legend(&mut out);
    index(&mut out, report);
    for (i, page) in report.pages.iter().enumerate() {
        page_section(&mut out, i, page);
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn legend(out: &mut String) {
    out.push_str("<p class=\"legend\">");
    for class in [
        LineClass::Fact,
        LineClass::Structure,
        LineClass::Text,
        LineClass::Example,
        LineClass::Chrome,
        LineClass::NotUnderstood,
        LineClass::Markup,
        LineClass::Unaccounted,
    ] {
        let _ = write!(out, "<span class=\"{0}\">{0}</span>", class.name());
    }
    out.push_str("</p>\n");
}

fn index(out: &mut String, report: &Report) {
    out.push_str("<table class=\"index\">\n<thead><tr><th>Page</th><th>Operations</th><th>Lines</th><th>Read</th><th>Not understood</th><th>Warnings</th><th>Corrections</th></tr></thead>\n<tbody>\n");
    for (i, page) in report.pages.iter().enumerate() {
        let c = &page.counts;
        let _ = writeln!(
            out,
            "<tr><td><a href=\"#page-{i}\">{}</a></td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            escape(&page.file),
            escape(&page.operations.join(", ")),
            c.lines,
            c.read,
            c.not_understood,
            c.warnings,
            c.corrections
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

fn page_section(out: &mut String, i: usize, page: &PageReport) {
    let _ = writeln!(out, "<section class=\"page\" id=\"page-{i}\">\n<h2>{}</h2>", escape(&page.file));
    out.push_str("<table class=\"lines\">\n");
    for line in &page.lines {
        line_row(out, line);
    }
    out.push_str("</table>\n</section>\n");
}

fn line_row(out: &mut String, line: &LineReport) {
    let class = line.class.name();
    let _ = write!(
        out,
        "<tr class=\"{class}\"><td class=\"n\">{}</td><td class=\"src\">{}</td><td class=\"what\">",
        line.number,
        escape(&line.text)
    );
    if !matches!(line.class, LineClass::Blank) {
        let _ = write!(out, "<span class=\"tag\">{class}</span>");
    }
    for fact in &line.facts {
        let _ = write!(out, "{}<br>", escape(fact));
    }
    for fact in &line.model {
        let _ = write!(out, "<span class=\"model\">model: {}</span><br>", escape(fact));
    }
    for d in &line.diagnostics {
        let _ = write!(
            out,
            "<span class=\"{}\">{}: {} [{}]</span><br>",
            escape(&d.level),
            escape(&d.level),
            escape(&d.message),
            escape(&d.name)
        );
    }
    for c in &line.corrections {
        let _ = write!(out, "<span class=\"correction\">corrected: {}</span><br>", escape(c));
    }
    out.push_str("</td></tr>\n");
}

/// Text as HTML text or attribute value: the five characters that could end either are escaped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_page_text_stays_text() {
        assert_eq!(
            escape("<script>alert('x') & \"y\"</script>"),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"
        );
    }
}
