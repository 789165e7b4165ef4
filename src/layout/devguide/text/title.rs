//! The lines before `API Request`: the category, the title and the description of a headed page,
//! or the site chrome (and a title line) of a headless one.

use super::Builder;
use super::segments::{url_lines, word_heading};
use super::tables::table_header;
use crate::facts::LineRole;
use crate::read::Block;

impl Builder<'_> {
    /// A headed page: the title (the last line `Human Title (ApiName)`, else the first line) with
    /// the category before it and the description after, up to `API Request`. A headless page's
    /// lines before its first block are site chrome.
    pub(super) fn preamble(&mut self) {
        let Some(end) = self.segs.iter().position(|s| word_heading(&s.text) == Some("API Request")) else {
            return self.headless_preamble();
        };
        let titled = (0..end).rev().find(|&i| super::name::titled_api(&self.segs[i].text).1.is_some());
        let title_at = titled.unwrap_or(0);
        if end == 0 {
            return;
        }
        let category = title_at.checked_sub(1).map(|i| self.segs[i].text.clone());
        for i in 0..title_at {
            let line = self.segs[i].line;
            self.mark(line, if Some(i + 1) == Some(title_at) { LineRole::Text } else { LineRole::Chrome });
        }
        let title = &self.segs[title_at];
        let text = match category {
            Some(c) => format!("{c} - {}", title.text),
            None => title.text.clone(),
        };
        let line = title.line;
        self.blocks.push(Block::Heading { level: 1, text, line });
        self.mark(line, LineRole::Text);
        for i in title_at + 1..end {
            let seg = &self.segs[i];
            let (text, line) = (seg.text.clone(), seg.line);
            self.blocks.push(Block::Paragraph { text, line });
            self.mark(line, LineRole::Text);
        }
        self.pos = end;
    }

    /// The lines before a headless page's first block are chrome, but for a title line `Human Title
    /// (ApiName)`: a headed copy whose `API Request` line is broken still names its API.
    fn headless_preamble(&mut self) {
        while let Some(seg) = self.segs.get(self.pos) {
            let t = seg.text.trim();
            if url_lines(t).is_some()
                || t.starts_with("Authorization:")
                || t.starts_with('{')
                || table_header(t).is_some()
            {
                return;
            }
            let line = seg.line;
            let titled = super::name::titled_api(t).1.is_some();
            if titled && !self.blocks.iter().any(|b| matches!(b, Block::Heading { .. })) {
                self.blocks.push(Block::Heading { level: 1, text: t.to_owned(), line });
            }
            self.mark(line, if titled { LineRole::Text } else { LineRole::Chrome });
            self.pos += 1;
        }
    }
}
