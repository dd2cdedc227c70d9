//! The bundled fonts and the text metrics measured from them.
//!
//! Two families are bundled under `assets/fonts/` with their OFL licences: Inter (the sans
//! of the light and dark themes) and Caveat (the handwriting of the whiteboard theme), each
//! in a regular and a bold weight; and Droid Sans Fallback (Apache 2.0) for what they lack,
//! chiefly Chinese, Japanese and Korean. Labels are measured from the fonts' own advance widths,
//! the SVG embeds a subset of the same bytes, and PNG export registers them, so what is
//! measured is what is drawn everywhere.

use crate::layout::metrics::{cell_width, Insets, Metrics, Spacing};
use crate::model::Node;
use std::sync::OnceLock;

/// A bundled font file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FontFile {
    SansRegular,
    SansBold,
    HandRegular,
    HandBold,
    /// Characters the others lack (CJK).
    Fallback,
}

impl FontFile {
    pub const ALL: [FontFile; 5] = [
        FontFile::SansRegular,
        FontFile::SansBold,
        FontFile::HandRegular,
        FontFile::HandBold,
        FontFile::Fallback,
    ];

    /// The font's bytes, as bundled.
    pub fn bytes(self) -> &'static [u8] {
        match self {
            FontFile::SansRegular => include_bytes!("../../assets/fonts/Inter-Regular.ttf"),
            FontFile::SansBold => include_bytes!("../../assets/fonts/Inter-SemiBold.ttf"),
            FontFile::HandRegular => include_bytes!("../../assets/fonts/Caveat-Regular.ttf"),
            FontFile::HandBold => include_bytes!("../../assets/fonts/Caveat-Bold.ttf"),
            FontFile::Fallback => include_bytes!("../../assets/fonts/DroidSansFallback.ttf"),
        }
    }

    /// The family name in the font's name table, which SVG text refers to.
    pub fn family(self) -> &'static str {
        match self {
            FontFile::SansRegular | FontFile::SansBold => "Inter",
            FontFile::HandRegular | FontFile::HandBold => "Caveat",
            FontFile::Fallback => "Droid Sans Fallback",
        }
    }

    /// The CSS weight of the file.
    pub fn weight(self) -> u16 {
        match self {
            FontFile::SansRegular | FontFile::HandRegular | FontFile::Fallback => 400,
            FontFile::SansBold => 600,
            FontFile::HandBold => 700,
        }
    }

    fn face(self) -> &'static Face {
        static FACES: OnceLock<Vec<Face>> = OnceLock::new();
        let faces = FACES.get_or_init(|| FontFile::ALL.iter().map(|f| Face::new(*f)).collect());
        &faces[self as usize]
    }
}

/// What is needed of a font to measure text: advances by character.
struct Face {
    face: ttf_parser::Face<'static>,
    /// Advances of ASCII characters in em, for speed.
    ascii: [f64; 128],
    upem: f64,
}

impl Face {
    fn new(file: FontFile) -> Face {
        // The bundled files are known-good: a test parses every one.
        let face = ttf_parser::Face::parse(file.bytes(), 0).expect("a bundled font parses");
        let upem = f64::from(face.units_per_em());
        let mut ascii = [0.0; 128];
        for (i, slot) in ascii.iter_mut().enumerate() {
            *slot = advance(&face, upem, char::from(i as u8)).unwrap_or(0.0);
        }
        Face { face, ascii, upem }
    }

    /// The advance of a character in em; characters the font lacks are measured in the
    /// fallback font, which draws them (or, lacking there too, as a full em for wide
    /// characters and most of one for others, so that boxes still fit).
    fn advance(&self, c: char) -> f64 {
        if c.is_ascii() {
            return self.ascii[c as usize];
        }
        if cell_width(c) == 0 {
            return 0.0;
        }
        advance(&self.face, self.upem, c)
            .or_else(|| {
                let fallback = FontFile::Fallback.face();
                advance(&fallback.face, fallback.upem, c)
            })
            .unwrap_or(if cell_width(c) == 2 { 1.0 } else { 0.62 })
    }

    fn width(&self, text: &str) -> f64 {
        text.chars().map(|c| self.advance(c)).sum()
    }

    /// Whether the font has a glyph for the character.
    fn has(&self, c: char) -> bool {
        self.face.glyph_index(c).is_some()
    }
}

fn advance(face: &ttf_parser::Face<'_>, upem: f64, c: char) -> Option<f64> {
    let glyph = face.glyph_index(c)?;
    Some(f64::from(face.glyph_hor_advance(glyph)?) / upem)
}

/// The width of `text` set in `file` at `size` pixels.
pub fn text_width(file: FontFile, size: f64, text: &str) -> f64 {
    file.face().width(text) * size
}

/// The file that draws `c` in text set in `file`: the file itself, else the fallback,
/// else `None` (the character is drawn nowhere, and a viewer shows a placeholder).
pub fn drawn_by(file: FontFile, c: char) -> Option<FontFile> {
    if file.face().has(c) || c.is_whitespace() {
        Some(file)
    } else if FontFile::Fallback.face().has(c) {
        Some(FontFile::Fallback)
    } else {
        None
    }
}

/// Text metrics from a bundled family: labels in the regular weight, frame titles in the
/// bold one, at the theme's size.
#[derive(Clone, Copy, Debug)]
pub struct FontMetrics {
    pub regular: FontFile,
    pub bold: FontFile,
    /// The label size in pixels.
    pub size: f64,
}

impl FontMetrics {
    /// Inter at 14 px.
    pub const SANS: FontMetrics = FontMetrics {
        regular: FontFile::SansRegular,
        bold: FontFile::SansBold,
        size: 14.0,
    };
    /// Caveat at 19 px (a handwriting face is small for its size).
    pub const HAND: FontMetrics = FontMetrics {
        regular: FontFile::HandRegular,
        bold: FontFile::HandBold,
        size: 19.0,
    };

    /// The size of small text (kind tags, port names, replica counts).
    pub fn small(&self) -> f64 {
        (self.size * 0.78).round()
    }
}

impl Metrics for FontMetrics {
    fn text_width(&self, text: &str) -> f64 {
        text_width(self.regular, self.size, text)
    }

    fn title_width(&self, text: &str) -> f64 {
        text_width(self.bold, self.size, text)
    }

    fn line_height(&self) -> f64 {
        (self.size * 1.3).round()
    }

    /// The pixel layout's spacing: the bundled fonts are sized like the sans it assumes.
    fn spacing(&self) -> Spacing {
        crate::layout::metrics::PixelMetrics.spacing()
    }

    fn insets(&self, node: &Node) -> Insets {
        super::shapes::insets(node.kind)
    }
}
