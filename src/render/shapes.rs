//! The shape vocabulary: how each kind is drawn, so it is recognisable without reading its
//! label (a cylinder for a database, a pipe for a queue, a cloud for an external system, a
//! hexagon for a function...), and the room each shape leaves for the label.
//!
//! Shapes are built as [`Path`]s, so a theme's pen can draw them exactly or by hand.

use crate::layout::metrics::Insets;
use crate::layout::Rect;
use crate::model::schema::Kind;

/// One step of a path.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Seg {
    Move(f64, f64),
    Line(f64, f64),
    Cubic(f64, f64, f64, f64, f64, f64),
    /// An elliptical arc: radii, sweep flag, end point (never a large arc).
    Arc(f64, f64, bool, f64, f64),
    Close,
}

/// A path of segments in absolute coordinates.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Path(pub Vec<Seg>);

impl Path {
    fn new() -> Path {
        Path(Vec::new())
    }

    fn m(mut self, x: f64, y: f64) -> Path {
        self.0.push(Seg::Move(x, y));
        self
    }

    fn l(mut self, x: f64, y: f64) -> Path {
        self.0.push(Seg::Line(x, y));
        self
    }

    fn c(mut self, c: [f64; 6]) -> Path {
        self.0.push(Seg::Cubic(c[0], c[1], c[2], c[3], c[4], c[5]));
        self
    }

    fn a(mut self, rx: f64, ry: f64, sweep: bool, x: f64, y: f64) -> Path {
        self.0.push(Seg::Arc(rx, ry, sweep, x, y));
        self
    }

    fn z(mut self) -> Path {
        self.0.push(Seg::Close);
        self
    }

    /// A polygon through the points.
    pub fn polygon(points: &[(f64, f64)]) -> Path {
        let mut p = Path::new();
        for (i, &(x, y)) in points.iter().enumerate() {
            p = if i == 0 { p.m(x, y) } else { p.l(x, y) };
        }
        p.z()
    }

    /// A rectangle with rounded corners.
    pub fn rounded(r: Rect, radius: f64) -> Path {
        let k = radius.min(r.width / 2.0).min(r.height / 2.0);
        if k <= 0.0 {
            return Path::polygon(&[
                (r.x, r.y),
                (r.right(), r.y),
                (r.right(), r.bottom()),
                (r.x, r.bottom()),
            ]);
        }
        Path::new()
            .m(r.x + k, r.y)
            .l(r.right() - k, r.y)
            .a(k, k, true, r.right(), r.y + k)
            .l(r.right(), r.bottom() - k)
            .a(k, k, true, r.right() - k, r.bottom())
            .l(r.x + k, r.bottom())
            .a(k, k, true, r.x, r.bottom() - k)
            .l(r.x, r.y + k)
            .a(k, k, true, r.x + k, r.y)
            .z()
    }

    /// A full ellipse.
    pub fn ellipse(cx: f64, cy: f64, rx: f64, ry: f64) -> Path {
        Path::new()
            .m(cx - rx, cy)
            .a(rx, ry, true, cx + rx, cy)
            .a(rx, ry, true, cx - rx, cy)
            .z()
    }

    /// The path moved by (dx, dy) and scaled by `s` about the origin first.
    pub fn placed(&self, s: f64, dx: f64, dy: f64) -> Path {
        Path(
            self.0
                .iter()
                .map(|seg| match *seg {
                    Seg::Move(x, y) => Seg::Move(x * s + dx, y * s + dy),
                    Seg::Line(x, y) => Seg::Line(x * s + dx, y * s + dy),
                    Seg::Cubic(a, b, c, d, e, f) => Seg::Cubic(
                        a * s + dx,
                        b * s + dy,
                        c * s + dx,
                        d * s + dy,
                        e * s + dx,
                        f * s + dy,
                    ),
                    Seg::Arc(rx, ry, sw, x, y) => {
                        Seg::Arc(rx * s, ry * s, sw, x * s + dx, y * s + dy)
                    }
                    Seg::Close => Seg::Close,
                })
                .collect(),
        )
    }
}

/// How a component is drawn.
pub struct Shape {
    /// The filled and stroked outline.
    pub outline: Path,
    /// Strokes drawn over the fill (a cylinder's front rim).
    pub detail: Path,
    /// An icon in a 16-unit box, and where its top-left corner goes.
    pub icon: Option<(Icon, f64, f64)>,
}

/// Small pictograms that tell kinds apart where the outline alone does not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Icon {
    Person,
    Lambda,
    Bolt,
    Fan,
    Gate,
    Shield,
    Globe,
    Signpost,
    Cube,
    Server,
    Wheel,
    Stack,
    Loop,
    Branch,
    Pulse,
    Broadcast,
    Swap,
}

impl Icon {
    /// The icon's strokes in a 16 x 16 box.
    pub fn path(self) -> Path {
        let p = Path::new();
        match self {
            Icon::Person => {
                let head = Path::ellipse(8.0, 4.5, 3.5, 3.5);
                let body = p.m(1.5, 16.0).c([1.5, 10.0, 14.5, 10.0, 14.5, 16.0]);
                Path([head.0, body.0].concat())
            }
            Icon::Lambda => p
                .m(2.0, 1.5)
                .l(5.0, 1.5)
                .l(13.5, 15.0)
                .m(8.0, 7.0)
                .l(2.5, 15.0),
            Icon::Bolt => Path::polygon(&[
                (9.5, 0.5),
                (3.0, 9.0),
                (8.0, 9.0),
                (6.5, 15.5),
                (13.0, 7.0),
                (8.0, 7.0),
            ]),
            Icon::Fan => p
                .m(1.0, 8.0)
                .l(6.0, 8.0)
                .l(14.0, 2.0)
                .m(6.0, 8.0)
                .l(14.0, 8.0)
                .m(6.0, 8.0)
                .l(14.0, 14.0),
            Icon::Gate => p
                .m(2.0, 15.0)
                .l(2.0, 6.0)
                .c([2.0, 0.5, 14.0, 0.5, 14.0, 6.0])
                .l(14.0, 15.0)
                .m(6.0, 15.0)
                .l(6.0, 8.0)
                .l(10.0, 8.0)
                .l(10.0, 15.0),
            Icon::Shield => p
                .m(8.0, 1.0)
                .l(14.0, 3.5)
                .c([14.0, 10.0, 11.0, 13.5, 8.0, 15.0])
                .c([5.0, 13.5, 2.0, 10.0, 2.0, 3.5])
                .z(),
            Icon::Globe => {
                let outer = Path::ellipse(8.0, 8.0, 7.0, 7.0);
                let inner = Path::ellipse(8.0, 8.0, 3.0, 7.0);
                let lines = p.m(1.0, 8.0).l(15.0, 8.0);
                Path([outer.0, inner.0, lines.0].concat())
            }
            Icon::Signpost => p
                .m(8.0, 16.0)
                .l(8.0, 1.0)
                .m(3.0, 3.0)
                .l(12.0, 3.0)
                .l(14.5, 5.0)
                .l(12.0, 7.0)
                .l(3.0, 7.0)
                .z()
                .m(13.0, 9.0)
                .l(4.0, 9.0)
                .l(1.5, 11.0)
                .l(4.0, 13.0)
                .l(13.0, 13.0)
                .z(),
            Icon::Cube => p
                .m(8.0, 1.0)
                .l(15.0, 4.5)
                .l(15.0, 11.5)
                .l(8.0, 15.0)
                .l(1.0, 11.5)
                .l(1.0, 4.5)
                .z()
                .m(1.0, 4.5)
                .l(8.0, 8.0)
                .l(15.0, 4.5)
                .m(8.0, 8.0)
                .l(8.0, 15.0),
            Icon::Server => {
                let top = Path::rounded(rect(1.0, 1.5, 14.0, 5.5), 1.5);
                let bottom = Path::rounded(rect(1.0, 9.0, 14.0, 5.5), 1.5);
                let leds = p.m(4.0, 4.25).l(5.0, 4.25).m(4.0, 11.75).l(5.0, 11.75);
                Path([top.0, bottom.0, leds.0].concat())
            }
            Icon::Wheel => {
                let rim = Path::ellipse(8.0, 8.0, 7.0, 7.0);
                let hub = Path::ellipse(8.0, 8.0, 2.0, 2.0);
                let spokes = p
                    .m(8.0, 1.0)
                    .l(8.0, 6.0)
                    .m(8.0, 10.0)
                    .l(8.0, 15.0)
                    .m(1.0, 8.0)
                    .l(6.0, 8.0)
                    .m(10.0, 8.0)
                    .l(15.0, 8.0);
                Path([rim.0, hub.0, spokes.0].concat())
            }
            Icon::Stack => p
                .m(8.0, 1.0)
                .l(15.0, 4.5)
                .l(8.0, 8.0)
                .l(1.0, 4.5)
                .z()
                .m(1.0, 8.0)
                .l(8.0, 11.5)
                .l(15.0, 8.0)
                .m(1.0, 11.5)
                .l(8.0, 15.0)
                .l(15.0, 11.5),
            Icon::Loop => p
                .m(13.0, 5.0)
                .c([11.0, 1.0, 4.0, 1.0, 2.5, 6.0])
                .m(3.0, 11.0)
                .c([5.0, 15.0, 12.0, 15.0, 13.5, 10.0])
                .m(13.0, 1.5)
                .l(13.0, 5.0)
                .l(9.5, 5.0)
                .m(3.0, 14.5)
                .l(3.0, 11.0)
                .l(6.5, 11.0),
            Icon::Branch => {
                let a = Path::ellipse(4.0, 3.0, 2.0, 2.0);
                let b = Path::ellipse(4.0, 13.0, 2.0, 2.0);
                let c = Path::ellipse(12.0, 5.0, 2.0, 2.0);
                let lines = p
                    .m(4.0, 5.0)
                    .l(4.0, 11.0)
                    .m(12.0, 7.0)
                    .c([12.0, 10.0, 4.0, 9.0, 4.0, 11.0]);
                Path([a.0, b.0, c.0, lines.0].concat())
            }
            Icon::Pulse => p
                .m(0.5, 9.0)
                .l(4.0, 9.0)
                .l(6.0, 3.0)
                .l(9.0, 14.0)
                .l(11.0, 7.0)
                .l(12.5, 9.0)
                .l(15.5, 9.0),
            Icon::Broadcast => {
                let dot = Path::ellipse(3.0, 8.0, 1.8, 1.8);
                let waves = p
                    .m(7.0, 4.0)
                    .c([9.0, 6.0, 9.0, 10.0, 7.0, 12.0])
                    .m(10.5, 1.5)
                    .c([14.0, 5.0, 14.0, 11.0, 10.5, 14.5]);
                Path([dot.0, waves.0].concat())
            }
            Icon::Swap => p
                .m(1.0, 5.0)
                .l(14.0, 5.0)
                .m(11.0, 2.0)
                .l(14.0, 5.0)
                .l(11.0, 8.0)
                .m(15.0, 11.0)
                .l(2.0, 11.0)
                .m(5.0, 8.0)
                .l(2.0, 11.0)
                .l(5.0, 14.0),
        }
    }

    /// The icon a kind shows, if any.
    pub fn of(kind: Kind) -> Option<Icon> {
        Some(match kind {
            Kind::Person => Icon::Person,
            Kind::Function => Icon::Lambda,
            Kind::Cache => Icon::Bolt,
            Kind::Lb => Icon::Fan,
            Kind::Gateway => Icon::Gate,
            Kind::Waf => Icon::Shield,
            Kind::Cdn => Icon::Globe,
            Kind::Dns => Icon::Signpost,
            Kind::Container => Icon::Cube,
            Kind::Vm | Kind::Host => Icon::Server,
            Kind::Cluster => Icon::Wheel,
            Kind::Registry => Icon::Stack,
            Kind::Ci => Icon::Loop,
            Kind::Repo => Icon::Branch,
            Kind::Monitoring => Icon::Pulse,
            Kind::Topic => Icon::Broadcast,
            Kind::Nat => Icon::Swap,
            _ => return None,
        })
    }
}

fn rect(x: f64, y: f64, width: f64, height: f64) -> Rect {
    Rect {
        x,
        y,
        width,
        height,
    }
}

/// The depth of a cylinder's cap (half the ellipse's height) and of a pipe's end.
const CAP: f64 = 6.0;
/// The icon's side and its margin from the border.
pub const ICON: f64 = 16.0;
const ICON_MARGIN: f64 = 8.0;

/// The room each kind's shape keeps around its label, beyond the padding.
pub fn insets(kind: Kind) -> Insets {
    let side_icon = Insets {
        left: ICON + 4.0,
        ..Insets::default()
    };
    match kind {
        Kind::Database => Insets {
            top: 2.0 * CAP,
            bottom: CAP,
            ..Insets::default()
        },
        Kind::Cache => Insets {
            top: 2.0 * CAP,
            bottom: CAP,
            left: ICON + 4.0,
            right: 0.0,
        },
        Kind::Queue | Kind::Stream => Insets {
            left: if kind == Kind::Stream { 14.0 } else { CAP },
            right: 2.0 * CAP + 2.0,
            ..Insets::default()
        },
        Kind::External => Insets {
            top: 12.0,
            bottom: 4.0,
            left: 18.0,
            right: 18.0,
        },
        Kind::Person => Insets {
            top: 26.0,
            ..Insets::default()
        },
        Kind::Function => Insets {
            left: ICON + 8.0,
            right: 10.0,
            ..Insets::default()
        },
        Kind::Bucket => Insets {
            top: 10.0,
            left: 8.0,
            right: 8.0,
            ..Insets::default()
        },
        Kind::Lb => Insets {
            left: ICON + 12.0,
            right: 10.0,
            ..Insets::default()
        },
        k if Icon::of(k).is_some() => side_icon,
        _ => Insets::default(),
    }
}

/// The shape of a component of `kind` drawn in `r`.
pub fn shape(kind: Kind, r: Rect) -> Shape {
    let (x, y, w, h) = (r.x, r.y, r.width, r.height);
    let side_icon = Icon::of(kind).map(|i| (i, x + ICON_MARGIN, y + (h - ICON) / 2.0));
    let none = Path::new();
    let (outline, detail, icon) = match kind {
        Kind::Database | Kind::Cache => {
            let rx = w / 2.0;
            let outline = Path::new()
                .m(x, y + CAP)
                .a(rx, CAP, true, x + w, y + CAP)
                .l(x + w, y + h - CAP)
                .a(rx, CAP, true, x, y + h - CAP)
                .z();
            let rim = Path::new().m(x, y + CAP).a(rx, CAP, false, x + w, y + CAP);
            let icon = (kind == Kind::Cache).then(|| {
                (
                    Icon::Bolt,
                    x + ICON_MARGIN,
                    y + 2.0 * CAP + (h - 3.0 * CAP - ICON) / 2.0,
                )
            });
            (outline, rim, icon)
        }
        Kind::Queue | Kind::Stream => {
            let ry = h / 2.0;
            let outline = Path::new()
                .m(x + CAP, y)
                .l(x + w - CAP, y)
                .a(CAP, ry, true, x + w - CAP, y + h)
                .l(x + CAP, y + h)
                .a(CAP, ry, true, x + CAP, y)
                .z();
            let mut rim = Path::new()
                .m(x + w - CAP, y)
                .a(CAP, ry, false, x + w - CAP, y + h);
            if kind == Kind::Stream {
                for i in 0..2 {
                    let sx = x + CAP + 3.0 + 4.0 * f64::from(i);
                    rim = rim.m(sx, y + 5.0).l(sx, y + h - 5.0);
                }
            }
            (outline, rim, None)
        }
        Kind::External => {
            let outline = Path::new()
                .m(x + 0.2 * w, y + h)
                .c([
                    x + 0.02 * w,
                    y + h,
                    x,
                    y + 0.45 * h,
                    x + 0.16 * w,
                    y + 0.4 * h,
                ])
                .c([
                    x + 0.14 * w,
                    y + 0.05 * h,
                    x + 0.4 * w,
                    y,
                    x + 0.47 * w,
                    y + 0.16 * h,
                ])
                .c([
                    x + 0.58 * w,
                    y,
                    x + 0.84 * w,
                    y + 0.02 * h,
                    x + 0.82 * w,
                    y + 0.34 * h,
                ])
                .c([x + w, y + 0.34 * h, x + w, y + h, x + 0.82 * w, y + h])
                .z();
            (outline, none, None)
        }
        Kind::Person => {
            let outline = Path::rounded(r, 10.0);
            (
                outline,
                none,
                Some((Icon::Person, x + (w - ICON) / 2.0, y + 6.0)),
            )
        }
        Kind::Function => {
            let k = (h / 3.0).min(12.0);
            let outline = Path::polygon(&[
                (x + k, y),
                (x + w - k, y),
                (x + w, y + h / 2.0),
                (x + w - k, y + h),
                (x + k, y + h),
                (x, y + h / 2.0),
            ]);
            (
                outline,
                none,
                Some((Icon::Lambda, x + k, y + (h - ICON) / 2.0)),
            )
        }
        Kind::Bucket => {
            let rim_y = y + 5.0;
            let outline = Path::new()
                .m(x, rim_y)
                .a(w / 2.0, 5.0, true, x + w, rim_y)
                .l(x + w - 7.0, y + h)
                .l(x + 7.0, y + h)
                .z();
            let rim = Path::new().m(x, rim_y).a(w / 2.0, 5.0, false, x + w, rim_y);
            (outline, rim, None)
        }
        Kind::Lb => (
            Path::rounded(r, h / 2.0),
            none,
            side_icon.map(|(i, ix, iy)| (i, ix + 4.0, iy)),
        ),
        Kind::Gateway => {
            let k = 8.0;
            let outline = Path::polygon(&[
                (x + k, y),
                (x + w - k, y),
                (x + w, y + k),
                (x + w, y + h - k),
                (x + w - k, y + h),
                (x + k, y + h),
                (x, y + h - k),
                (x, y + k),
            ]);
            (outline, none, side_icon)
        }
        Kind::Container | Kind::Vm | Kind::Host | Kind::Nat | Kind::Waf => {
            (Path::rounded(r, 2.0), none, side_icon)
        }
        _ => (Path::rounded(r, 6.0), none, side_icon),
    };
    Shape {
        outline,
        detail,
        icon,
    }
}
