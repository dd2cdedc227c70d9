//! Themes (colours, fonts, strokes) and the pen that turns shapes into SVG path data,
//! exactly or by hand for the whiteboard theme.

use super::font::FontMetrics;
use super::shapes::{Path, Seg};
use crate::model::schema::Kind;

/// The look of a drawing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Theme {
    #[default]
    Light,
    Dark,
    /// Hand-drawn strokes and a handwriting font, for whiteboard practice.
    Whiteboard,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::Light, Theme::Dark, Theme::Whiteboard];

    pub fn name(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::Whiteboard => "whiteboard",
        }
    }

    pub fn from_name(name: &str) -> Option<Theme> {
        Theme::ALL.into_iter().find(|t| t.name() == name)
    }

    /// The fonts and sizes text is measured and set in.
    pub fn metrics(self) -> FontMetrics {
        match self {
            Theme::Whiteboard => FontMetrics::HAND,
            _ => FontMetrics::SANS,
        }
    }

    pub fn palette(self) -> &'static Palette {
        match self {
            Theme::Light => &LIGHT,
            Theme::Dark => &DARK,
            Theme::Whiteboard => &WHITEBOARD,
        }
    }

    /// Whether strokes are drawn by hand.
    pub fn rough(self) -> bool {
        self == Theme::Whiteboard
    }
}

/// Fill and stroke of one category of components.
#[derive(Clone, Copy, Debug)]
pub struct Paint {
    pub fill: &'static str,
    pub stroke: &'static str,
}

/// A theme's colours.
#[derive(Clone, Copy, Debug)]
pub struct Palette {
    pub background: &'static str,
    pub text: &'static str,
    pub muted: &'static str,
    pub arrow: &'static str,
    pub label_background: &'static str,
    pub people: Paint,
    pub network: Paint,
    pub compute: Paint,
    pub data: Paint,
    pub messaging: Paint,
    pub operations: Paint,
    pub frame_stroke: &'static str,
    pub tint: &'static str,
    pub strong_tint: &'static str,
    pub error: &'static str,
    pub warning: &'static str,
    pub info: &'static str,
    pub impacted: &'static str,
    pub failed_fill: &'static str,
    pub impacted_fill: &'static str,
}

/// How a frame (or an empty group) is drawn.
#[derive(Clone, Copy, Debug)]
pub struct FrameStyle {
    pub fill: &'static str,
    pub stroke: &'static str,
    pub width: f64,
    pub dash: Option<&'static str>,
}

impl Palette {
    /// The style of a frame of `kind`: a region bold, a zone dashed and tinted, a
    /// namespace tinted, a VPC long-dashed, a group dotted.
    pub fn frame(&self, kind: Kind) -> FrameStyle {
        let (fill, stroke, width, dash) = match kind {
            Kind::Region => ("none", self.text, 2.5, None),
            Kind::Zone => (self.tint, self.frame_stroke, 1.2, Some("7 4")),
            Kind::Cluster => (self.strong_tint, self.compute.stroke, 2.0, None),
            Kind::Namespace => (self.compute.fill, self.compute.stroke, 1.0, None),
            Kind::Vpc => ("none", self.data.stroke, 1.5, Some("12 4")),
            Kind::Subnet => (self.data.fill, self.data.stroke, 1.0, None),
            Kind::Group => ("none", self.frame_stroke, 1.2, Some("2 3")),
            _ => (self.tint, self.frame_stroke, 1.5, None),
        };
        FrameStyle {
            fill,
            stroke,
            width,
            dash,
        }
    }

    /// The paint of a component kind.
    pub fn paint(&self, kind: Kind) -> Paint {
        use Kind::*;
        match kind {
            Person | External => self.people,
            Dns | Cdn | Lb | Gateway | Waf | Nat => self.network,
            Database | Cache | Bucket => self.data,
            Queue | Topic | Stream => self.messaging,
            Registry | Ci | Repo | Monitoring => self.operations,
            _ => self.compute,
        }
    }
}

const LIGHT: Palette = Palette {
    background: "#ffffff",
    text: "#1f2328",
    muted: "#59636e",
    arrow: "#3d444d",
    label_background: "#ffffff",
    people: Paint {
        fill: "#f1f3f5",
        stroke: "#6e7781",
    },
    network: Paint {
        fill: "#f3eefc",
        stroke: "#8250df",
    },
    compute: Paint {
        fill: "#eaf3ff",
        stroke: "#2f6fca",
    },
    data: Paint {
        fill: "#e9f7ef",
        stroke: "#2b8a57",
    },
    messaging: Paint {
        fill: "#fff5e0",
        stroke: "#b7791f",
    },
    operations: Paint {
        fill: "#f4f4f4",
        stroke: "#57606a",
    },
    frame_stroke: "#6e7781",
    tint: "#f6f8fa",
    strong_tint: "#eef1f5",
    error: "#cf222e",
    warning: "#bf5700",
    info: "#0969da",
    impacted: "#d35400",
    failed_fill: "#ffebe9",
    impacted_fill: "#fff1e5",
};

const DARK: Palette = Palette {
    background: "#0d1117",
    text: "#e6edf3",
    muted: "#9198a1",
    arrow: "#b1bac4",
    label_background: "#0d1117",
    people: Paint {
        fill: "#1f242c",
        stroke: "#9198a1",
    },
    network: Paint {
        fill: "#231a38",
        stroke: "#a371f7",
    },
    compute: Paint {
        fill: "#112541",
        stroke: "#4493f8",
    },
    data: Paint {
        fill: "#0f2a1d",
        stroke: "#3fb950",
    },
    messaging: Paint {
        fill: "#2b2111",
        stroke: "#d29922",
    },
    operations: Paint {
        fill: "#1c2128",
        stroke: "#8b949e",
    },
    frame_stroke: "#8b949e",
    tint: "#151b23",
    strong_tint: "#1a212b",
    error: "#f85149",
    warning: "#f0883e",
    info: "#58a6ff",
    impacted: "#f0883e",
    failed_fill: "#3a1d1f",
    impacted_fill: "#33230f",
};

const WHITEBOARD: Palette = Palette {
    background: "#fdfdfb",
    text: "#1e1e1e",
    muted: "#4a4a4a",
    arrow: "#1e1e1e",
    label_background: "#fdfdfb",
    people: Paint {
        fill: "#fdfdfb",
        stroke: "#1e1e1e",
    },
    network: Paint {
        fill: "#f4ecff",
        stroke: "#5f3dc4",
    },
    compute: Paint {
        fill: "#e7f1ff",
        stroke: "#1864ab",
    },
    data: Paint {
        fill: "#ebfbee",
        stroke: "#2b8a3e",
    },
    messaging: Paint {
        fill: "#fff9db",
        stroke: "#e67700",
    },
    operations: Paint {
        fill: "#f8f9fa",
        stroke: "#495057",
    },
    frame_stroke: "#495057",
    tint: "#f8f9fa",
    strong_tint: "#f1f3f5",
    error: "#e03131",
    warning: "#e8590c",
    info: "#1971c2",
    impacted: "#e8590c",
    failed_fill: "#fff0f0",
    impacted_fill: "#fff4e6",
};

/// A small deterministic random source (SplitMix64), seeded per element so that the same
/// input always gives the same strokes.
#[derive(Clone, Debug)]
pub struct Jitter(u64);

impl Jitter {
    pub fn new(seed: u64) -> Jitter {
        Jitter(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    /// A seed from text (FNV-1a).
    pub fn seed(text: &str) -> u64 {
        text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        })
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in [-amount, amount].
    pub fn offset(&mut self, amount: f64) -> f64 {
        let unit = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        (unit * 2.0 - 1.0) * amount
    }
}

/// A number for SVG: at most two decimals, no trailing zeros.
pub fn num(v: f64) -> String {
    let r = (v * 100.0).round() / 100.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        format!("{r}")
    }
}

/// SVG path data for a path, drawn exactly.
pub fn exact(path: &Path) -> String {
    let mut d = String::new();
    for seg in &path.0 {
        if !d.is_empty() {
            d.push(' ');
        }
        match *seg {
            Seg::Move(x, y) => d.push_str(&format!("M{},{}", num(x), num(y))),
            Seg::Line(x, y) => d.push_str(&format!("L{},{}", num(x), num(y))),
            Seg::Cubic(a, b, c, e, x, y) => d.push_str(&format!(
                "C{},{} {},{} {},{}",
                num(a),
                num(b),
                num(c),
                num(e),
                num(x),
                num(y)
            )),
            Seg::Arc(rx, ry, sweep, x, y) => d.push_str(&format!(
                "A{},{} 0 0 {} {},{}",
                num(rx),
                num(ry),
                u8::from(sweep),
                num(x),
                num(y)
            )),
            Seg::Close => d.push('Z'),
        }
    }
    d
}

/// SVG path data for a path drawn by hand: each line bows a little and overshoots its
/// corners, the way a marker on a whiteboard does. Deterministic for a given jitter.
pub fn rough(path: &Path, jitter: &mut Jitter) -> String {
    let mut d = String::new();
    let mut at = (0.0, 0.0);
    let mut start = (0.0, 0.0);
    let line = |d: &mut String, from: (f64, f64), to: (f64, f64), j: &mut Jitter| {
        let (dx, dy) = (to.0 - from.0, to.1 - from.1);
        let len = (dx * dx + dy * dy).sqrt().max(1e-9);
        let bow = (len * 0.015).min(2.0);
        let (nx, ny) = (-dy / len, dx / len);
        let over = (len * 0.01).min(1.5);
        let (ux, uy) = (dx / len, dy / len);
        let a = (
            from.0 - ux * over + j.offset(0.8),
            from.1 - uy * over + j.offset(0.8),
        );
        let b = (
            to.0 + ux * over + j.offset(0.8),
            to.1 + uy * over + j.offset(0.8),
        );
        let k1 = j.offset(bow);
        let k2 = j.offset(bow);
        d.push_str(&format!(
            "M{},{} C{},{} {},{} {},{} ",
            num(a.0),
            num(a.1),
            num(from.0 + dx * 0.33 + nx * k1),
            num(from.1 + dy * 0.33 + ny * k1),
            num(from.0 + dx * 0.67 + nx * k2),
            num(from.1 + dy * 0.67 + ny * k2),
            num(b.0),
            num(b.1)
        ));
    };
    for seg in &path.0 {
        match *seg {
            Seg::Move(x, y) => {
                at = (x, y);
                start = at;
            }
            Seg::Line(x, y) => {
                line(&mut d, at, (x, y), jitter);
                at = (x, y);
            }
            Seg::Cubic(a, b, c, e, x, y) => {
                d.push_str(&format!(
                    "M{},{} C{},{} {},{} {},{} ",
                    num(at.0 + jitter.offset(0.6)),
                    num(at.1 + jitter.offset(0.6)),
                    num(a + jitter.offset(1.2)),
                    num(b + jitter.offset(1.2)),
                    num(c + jitter.offset(1.2)),
                    num(e + jitter.offset(1.2)),
                    num(x + jitter.offset(0.6)),
                    num(y + jitter.offset(0.6))
                ));
                at = (x, y);
            }
            Seg::Arc(rx, ry, sweep, x, y) => {
                let grow = 1.0 + jitter.offset(0.03);
                d.push_str(&format!(
                    "M{},{} A{},{} 0 0 {} {},{} ",
                    num(at.0 + jitter.offset(0.6)),
                    num(at.1 + jitter.offset(0.6)),
                    num(rx * grow),
                    num(ry * grow),
                    u8::from(sweep),
                    num(x + jitter.offset(0.6)),
                    num(y + jitter.offset(0.6))
                ));
                at = (x, y);
            }
            Seg::Close => {
                if at != start {
                    line(&mut d, at, start, jitter);
                }
                at = start;
            }
        }
    }
    d.trim_end().to_owned()
}
