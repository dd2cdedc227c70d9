//! Text measurement: how wide a label is, in the unit of the target (pixels for SVG and
//! PNG, character cells for the terminal). The same layout engine serves both.

use crate::model::Node;

/// Measures text and gives the spacing the layout keeps, in one unit.
pub trait Metrics {
    /// The advance width of one line of text.
    fn text_width(&self, text: &str) -> f64;
    /// The height of one line of text.
    fn line_height(&self) -> f64;
    /// The advance width of one line of a frame's title (titles may be set bolder).
    fn title_width(&self, text: &str) -> f64 {
        self.text_width(text)
    }
    /// The spacing the layout keeps around and between things.
    fn spacing(&self) -> Spacing;
    /// Words up to this width are never broken, even where they are wider than the wrap
    /// width: they get a line of their own. None by default.
    fn word_limit(&self) -> f64 {
        0.0
    }
    /// The length of side a box needs for `pins` arrows to leave (or enter) it by that
    /// side distinctly. Nothing by default: a pixel box's sides are always room enough.
    fn pin_room(&self, pins: usize) -> f64 {
        let _ = pins;
        0.0
    }
    /// The height of a frame's title band, above its content's padding, for a title of
    /// `lines` lines. By default the lines and half a padding; a terminal drawing puts the
    /// first line in the frame's top border.
    fn title_band(&self, lines: usize) -> f64 {
        lines as f64 * self.line_height() + self.spacing().frame_pad / 2.0
    }
    /// The room a component's drawing takes around its label, beyond the padding (a
    /// cylinder's caps, an icon, a kind tag, a replica count). By default one line on top,
    /// for a kind caption.
    fn insets(&self, node: &Node) -> Insets {
        let _ = node;
        Insets {
            top: self.line_height(),
            ..Insets::default()
        }
    }
}

/// Room around a label, in the metrics' unit.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Insets {
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
    pub left: f64,
}

/// Distances the layout keeps, in the metrics' unit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spacing {
    /// Between neighbouring boxes in a rank.
    pub node_gap: f64,
    /// The smallest gap between two ranks (routing tracks are added to it).
    pub rank_gap: f64,
    /// Between parallel edge segments (one routing track).
    pub track_gap: f64,
    /// Inside a box, around its text.
    pub box_pad_x: f64,
    pub box_pad_y: f64,
    /// Inside a group frame, around its content.
    pub frame_pad: f64,
    /// The smallest box.
    pub min_width: f64,
    pub min_height: f64,
    /// The side of a port's square.
    pub port_size: f64,
    /// Around an edge label.
    pub label_pad: f64,
    /// Labels wrap at this width.
    pub wrap_width: f64,
    /// Coordinates snap to whole units (character cells): box edges, attachment points
    /// and frame contents land on integers.
    pub grid: bool,
}

/// Approximate metrics of a proportional sans font at 14 px, until the bundled font's width
/// table replaces them.
#[derive(Clone, Copy, Debug, Default)]
pub struct PixelMetrics;

impl Metrics for PixelMetrics {
    fn text_width(&self, text: &str) -> f64 {
        text.chars().map(pixel_advance).sum::<f64>() * 14.0 * 1.12
    }

    fn line_height(&self) -> f64 {
        18.0
    }

    fn spacing(&self) -> Spacing {
        Spacing {
            node_gap: 28.0,
            rank_gap: 40.0,
            track_gap: 8.0,
            box_pad_x: 14.0,
            box_pad_y: 10.0,
            frame_pad: 16.0,
            min_width: 96.0,
            min_height: 44.0,
            port_size: 8.0,
            label_pad: 4.0,
            wrap_width: 180.0,
            grid: false,
        }
    }
}

/// The advance of a character in em, for a typical sans face.
fn pixel_advance(c: char) -> f64 {
    match c {
        'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' => 0.25,
        'f' | 't' | 'r' | ' ' | '(' | ')' | '[' | ']' | '-' | '/' => 0.33,
        'm' | 'w' | 'M' | 'W' | '@' => 0.85,
        'A'..='Z' | '#' | '&' | '%' => 0.66,
        c if cell_width(c) == 2 => 1.0,
        c if cell_width(c) == 0 => 0.0,
        _ => 0.55,
    }
}

/// How many terminal cells a text takes (see [`cell_width`]).
pub fn text_cells(text: &str) -> usize {
    text.chars().map(cell_width).sum()
}

/// How many terminal cells a character takes: 0 for combining marks and other zero-width
/// characters, 2 for East Asian wide and fullwidth characters, 1 otherwise.
pub fn cell_width(c: char) -> usize {
    let u = c as u32;
    // Printable ASCII and the box-drawing block: nearly every cell of a drawing.
    if (0x20..0x7F).contains(&u) || (0x2500..=0x257F).contains(&u) {
        return 1;
    }
    let zero = matches!(u, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F | 0x200B..=0x200F | 0x2028..=0x202E | 0x2060..=0x2064 | 0xFE00..=0xFE0F)
        || c.is_control();
    if zero {
        return 0;
    }
    let wide = matches!(u,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x1F300..=0x1F64F | 0x1F900..=0x1F9FF | 0x20000..=0x2FFFD | 0x30000..=0x3FFFD);
    if wide {
        2
    } else {
        1
    }
}

/// Wraps `text` into lines no wider than `width` (a single word wider than that is broken),
/// honouring explicit line breaks.
pub fn wrap(text: &str, width: f64, metrics: &dyn Metrics) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split(' ') {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            let limit = width.max(metrics.word_limit());
            if metrics.text_width(&candidate) <= width
                || line.is_empty() && metrics.text_width(word) <= limit
            {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            if metrics.text_width(word) <= limit {
                line = word.to_owned();
                continue;
            }
            // Break a word that is too long on its own.
            for c in word.chars() {
                let mut next = line.clone();
                next.push(c);
                if metrics.text_width(&next) > width && !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    next = c.to_string();
                }
                line = next;
            }
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Widths in character cells (the terminal's metrics live in the renderer).
    /// Widths in cells; words up to `.0` are never broken.
    struct Cells(f64);

    impl Metrics for Cells {
        fn text_width(&self, text: &str) -> f64 {
            text_cells(text) as f64
        }

        fn line_height(&self) -> f64 {
            1.0
        }

        fn spacing(&self) -> Spacing {
            PixelMetrics.spacing()
        }

        fn word_limit(&self) -> f64 {
            self.0
        }
    }

    #[test]
    fn cell_widths() {
        assert_eq!(text_cells("abc"), 3);
        assert_eq!(text_cells("漢字"), 4);
        assert_eq!(text_cells("e\u{301}"), 1);
    }

    #[test]
    fn wrapping() {
        let lines = wrap(
            "Backend (Node.js) service with a long name",
            10.0,
            &Cells(0.0),
        );
        assert!(
            lines.iter().all(|l| Cells(0.0).text_width(l) <= 10.0),
            "{lines:?}"
        );
        assert_eq!(
            lines.join(" ").replace("  ", " "),
            "Backend (Node.js) service with a long name"
        );
        assert_eq!(wrap("a\nb", 10.0, &Cells(0.0)), vec!["a", "b"]);
        let long = wrap(&"x".repeat(25), 10.0, &Cells(0.0));
        assert_eq!(long.len(), 3);
    }

    #[test]
    fn words_within_the_limit_are_not_broken() {
        assert_eq!(
            wrap("the notification-service of it", 8.0, &Cells(24.0)),
            vec!["the", "notification-service", "of it"]
        );
        // Past the limit a word still breaks, at the wrap width.
        assert_eq!(wrap(&"x".repeat(25), 10.0, &Cells(24.0)).len(), 3);
        // Without a limit, at the wrap width.
        assert_eq!(wrap("notification-service", 8.0, &Cells(0.0)).len(), 3);
    }
}
