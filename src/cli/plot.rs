//! `parole compare --format svg`: the first plane of the correspondence
//! analysis drawn as an SVG picture, for a reader without R or a
//! spreadsheet at hand: the groups, the terms listed (`--top`), the themes
//! and the reference as supplementary points, and with `--over` each
//! group's path over the periods. Both axes have the same scale, as a
//! correspondence analysis must be read; labels are moved around their
//! point so as not to cover each other. The figures drawn are those of the
//! JSON; this module only lays them out. The same report gives the same
//! bytes.

use std::fmt::Write;

use parole::compare::CorrespondenceAnalysis;

/// Size of the picture, in SVG user units (pixels).
const WIDTH: f64 = 1200.0;
const HEIGHT: f64 = 900.0;
/// Room around the plot for the title, the axis names and the legend.
const LEFT: f64 = 40.0;
const RIGHT: f64 = 40.0;
const TOP: f64 = 90.0;
const BOTTOM: f64 = 60.0;

/// What a point is, which says how it is drawn and which label wins room.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Group,
    Reference,
    Theme,
    Term,
    Period,
}

impl Kind {
    /// Font size, weight and style, and colour.
    fn style(self) -> (f64, &'static str, &'static str, &'static str) {
        match self {
            Kind::Group => (15.0, "bold", "normal", "#1f4e9c"),
            Kind::Reference => (14.0, "bold", "normal", "#b42318"),
            Kind::Theme => (13.0, "bold", "italic", "#1a7f37"),
            Kind::Term => (11.0, "normal", "normal", "#555555"),
            Kind::Period => (10.0, "normal", "normal", "#6f8fc7"),
        }
    }
}

/// A point to draw, with its label.
struct Mark {
    kind: Kind,
    label: String,
    x: f64,
    y: f64,
    /// Drawn at the frame's edge, in its direction from the origin: a term
    /// too far out for the groups to be read beside it.
    beyond: bool,
}

/// How far beyond the groups and the supplementary points the frame
/// reaches for the terms, as a multiple of their extent.
const TERMS_REACH: f64 = 1.6;

/// A label's box, in picture units.
#[derive(Clone, Copy)]
struct Box2 {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Box2 {
    fn overlap(&self, other: &Box2) -> f64 {
        let w = self.x1.min(other.x1) - self.x0.max(other.x0);
        let h = self.y1.min(other.y1) - self.y0.max(other.y0);
        if w > 0.0 && h > 0.0 {
            w * h
        } else {
            0.0
        }
    }
}

/// The width of `text` at `size`, estimated from its characters (no font
/// metrics at hand): wide enough that labels placed apart do not touch.
fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    let per = if bold { 0.62 } else { 0.56 };
    text.chars().count() as f64 * size * per
}

/// `s` escaped for SVG text and attributes.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters are not allowed in XML 1.0.
            c if c.is_control() => out.extend(c.escape_default()),
            c => out.push(c),
        }
    }
    out
}

/// The first plane (axes 1 and 2) of `ca` as an SVG document; `None` when
/// it has no axis. With a single axis, every point is drawn on it (axis 2
/// at 0). `periods`: the groups are periods, in time order (a date
/// grouping), and are joined by a path as the groups of `--over` are.
pub fn ca_plane(ca: &CorrespondenceAnalysis, periods: bool) -> Option<String> {
    let first = ca.axes.first()?;
    let second = ca.axes.get(1);
    let at = |c: &[f64], a: usize| c.get(a).copied().unwrap_or(0.0);
    let mut marks: Vec<Mark> = Vec::new();
    let mut paths: Vec<(String, Vec<(f64, f64)>)> = Vec::new();
    if periods {
        // The undated documents' group is no period.
        let points = ca
            .groups
            .iter()
            .filter(|g| g.group != parole::compare::NO_GROUP)
            .map(|g| (at(&g.coordinates, 0), at(&g.coordinates, 1)))
            .collect();
        paths.push((String::new(), points));
    }
    for g in &ca.groups {
        marks.push(Mark {
            kind: Kind::Group,
            label: g.group.clone(),
            x: at(&g.coordinates, 0),
            y: at(&g.coordinates, 1),
            beyond: false,
        });
    }
    for p in ca
        .supplementary
        .iter()
        .filter(|p| !p.coordinates.is_empty())
    {
        let (kind, label) = match (p.kind.as_str(), &p.period) {
            ("theme", _) => (Kind::Theme, p.name.clone()),
            ("reference", _) => (Kind::Reference, "reference".to_string()),
            (_, Some(period)) => (Kind::Period, period.clone()),
            _ => continue,
        };
        let (x, y) = (at(&p.coordinates, 0), at(&p.coordinates, 1));
        if kind == Kind::Period {
            match paths.last_mut() {
                Some((group, points)) if *group == p.name => points.push((x, y)),
                _ => paths.push((p.name.clone(), vec![(x, y)])),
            }
        }
        marks.push(Mark {
            kind,
            label,
            x,
            y,
            beyond: false,
        });
    }
    for t in &ca.terms {
        marks.push(Mark {
            kind: Kind::Term,
            label: t.display.clone(),
            x: at(&t.coordinates, 0),
            y: at(&t.coordinates, 1),
            beyond: false,
        });
    }

    // The frame: the groups and the supplementary points, the origin
    // included; the terms within TERMS_REACH times their extent. A rare
    // term lies far out (its mass is small), and a frame that took it in
    // would crowd the groups into the centre: it is drawn at the frame's
    // edge, in its direction from the origin.
    let extent = |marks: &mut dyn Iterator<Item = &Mark>| {
        marks.fold((0.0f64, 0.0f64, 0.0f64, 0.0f64), |(x0, x1, y0, y1), m| {
            (x0.min(m.x), x1.max(m.x), y0.min(m.y), y1.max(m.y))
        })
    };
    let main = extent(&mut marks.iter().filter(|m| m.kind != Kind::Term));
    let all = extent(&mut marks.iter());
    let reach = |lo: f64, hi: f64| {
        let centre = (lo + hi) / 2.0;
        let half = (hi - lo).max(1e-9) / 2.0 * TERMS_REACH;
        (centre - half, centre + half)
    };
    let (rx0, rx1) = reach(main.0, main.1);
    let (ry0, ry1) = reach(main.2, main.3);
    let (x0, x1, y0, y1) = (
        all.0.max(rx0),
        all.1.min(rx1),
        all.2.max(ry0),
        all.3.min(ry1),
    );
    for m in marks.iter_mut().filter(|m| m.kind == Kind::Term) {
        // The largest t ≤ 1 that keeps t·(x, y) in the frame (which holds
        // the origin).
        let mut t: f64 = 1.0;
        for (v, lo, hi) in [(m.x, x0, x1), (m.y, y0, y1)] {
            if v > hi {
                t = t.min(hi / v);
            } else if v < lo {
                t = t.min(lo / v);
            }
        }
        if t < 1.0 {
            m.beyond = true;
        }
    }
    let (plot_w, plot_h) = (WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM);
    // Room for the labels to the right of the points at the edges.
    let span_x = (x1 - x0).max(1e-9) * 1.25;
    let span_y = (y1 - y0).max(1e-9) * 1.15;
    let scale = (plot_w / span_x).min(plot_h / span_y);
    let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
    let px = |x: f64| LEFT + plot_w / 2.0 + (x - cx) * scale;
    // SVG's y runs down.
    let py = |y: f64| TOP + plot_h / 2.0 - (y - cy) * scale;
    // Where a mark is drawn: a term beyond the frame on its edge.
    let drawn = |m: &Mark| -> (f64, f64) {
        let mut t: f64 = 1.0;
        for (v, lo, hi) in [(m.x, x0, x1), (m.y, y0, y1)] {
            if v > hi {
                t = t.min(hi / v);
            } else if v < lo {
                t = t.min(lo / v);
            }
        }
        (px(m.x * t), py(m.y * t))
    };

    let mut svg = String::new();
    let _ = writeln!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{HEIGHT}\" \
         viewBox=\"0 0 {WIDTH} {HEIGHT}\" font-family=\"Helvetica, Arial, sans-serif\">"
    );
    let _ = writeln!(
        svg,
        "<rect x=\"0\" y=\"0\" width=\"{WIDTH}\" height=\"{HEIGHT}\" fill=\"#ffffff\"/>"
    );
    let groups = ca.groups.len();
    let _ = writeln!(
        svg,
        "<text x=\"{LEFT}\" y=\"28\" font-size=\"18\" font-weight=\"bold\" fill=\"#222222\">\
         Correspondence analysis: {groups} groups × {} terms (phi2 {:.4})</text>",
        ca.terms_analysed, ca.total_inertia
    );
    // The second line names the supplementary points drawn.
    let present = |kind: Kind| marks.iter().any(|m| m.kind == kind);
    let kinds: Vec<&str> = [
        (Kind::Theme, "green, the themes"),
        (Kind::Reference, "red, the reference"),
        (Kind::Period, "lines, each group over the periods"),
    ]
    .into_iter()
    .filter(|&(kind, _)| present(kind))
    .map(|(_, name)| name)
    .collect();
    let supplementary_legend = match kinds.is_empty() {
        true => String::new(),
        false => format!(
            "placed without taking part in the axes: {}",
            kinds.join("; ")
        ),
    };
    let legend = [
        match periods {
            true => {
                "blue: the periods, joined in time order; grey: the terms that contribute \
                     most to the plane (an open circle: a term farther out, drawn at the edge in \
                     its direction)"
            }
            false => {
                "blue: the groups; grey: the terms that contribute most to the plane (an \
                      open circle: a term farther out, drawn at the edge in its direction)"
            }
        },
        &supplementary_legend,
    ];
    for (line, y) in legend.iter().filter(|l| !l.is_empty()).zip([50, 68]) {
        let _ = writeln!(
            svg,
            "<text x=\"{LEFT}\" y=\"{y}\" font-size=\"12\" fill=\"#555555\">{}</text>",
            escape(line)
        );
    }
    // The axes through the origin.
    let (ox, oy) = (px(0.0), py(0.0));
    let _ = writeln!(
        svg,
        "<line x1=\"{LEFT}\" y1=\"{oy:.1}\" x2=\"{:.1}\" y2=\"{oy:.1}\" stroke=\"#999999\" \
         stroke-dasharray=\"4 3\"/>",
        WIDTH - RIGHT
    );
    let _ = writeln!(
        svg,
        "<line x1=\"{ox:.1}\" y1=\"{TOP}\" x2=\"{ox:.1}\" y2=\"{:.1}\" stroke=\"#999999\" \
         stroke-dasharray=\"4 3\"/>",
        HEIGHT - BOTTOM
    );
    let _ = writeln!(
        svg,
        "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" text-anchor=\"end\" fill=\"#333333\">\
         axis 1 ({:.1} %)</text>",
        WIDTH - RIGHT,
        HEIGHT - BOTTOM + 20.0,
        first.share * 100.0
    );
    let second_name = match second {
        Some(a) => format!("axis 2 ({:.1} %)", a.share * 100.0),
        None => "no axis 2".to_string(),
    };
    let _ = writeln!(
        svg,
        "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" fill=\"#333333\">{second_name}</text>",
        ox + 6.0,
        TOP - 6.0
    );

    // Paths first, under the points.
    if !paths.is_empty() {
        let _ = writeln!(
            svg,
            "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" \
             markerWidth=\"6\" markerHeight=\"6\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" \
             fill=\"#6f8fc7\"/></marker></defs>"
        );
    }
    for (group, points) in &paths {
        let line: Vec<String> = points
            .iter()
            .map(|&(x, y)| format!("{:.1},{:.1}", px(x), py(y)))
            .collect();
        let _ = writeln!(
            svg,
            "<polyline class=\"path\" data-group=\"{}\" points=\"{}\" fill=\"none\" \
             stroke=\"#6f8fc7\" stroke-width=\"1.2\" marker-end=\"url(#arrow)\"/>",
            escape(group),
            line.join(" ")
        );
    }

    // Labels placed in order of importance: groups, the reference, themes,
    // terms (most contributing first), periods; each at the first spot
    // around its point that covers no label placed, else at the spot that
    // covers least.
    let mut order: Vec<usize> = (0..marks.len()).collect();
    let rank = |k: Kind| match k {
        Kind::Group => 0,
        Kind::Reference => 1,
        Kind::Theme => 2,
        Kind::Term => 3,
        Kind::Period => 4,
    };
    order.sort_by_key(|&i| (rank(marks[i].kind), i));
    // Labels avoid the points as well as each other.
    let mut placed: Vec<Box2> = marks
        .iter()
        .map(|m| {
            let (x, y) = drawn(m);
            let r = if m.kind == Kind::Term { 2.5 } else { 5.5 };
            Box2 {
                x0: x - r,
                y0: y - r,
                x1: x + r,
                y1: y + r,
            }
        })
        .collect();
    let mut labels: Vec<(usize, f64, f64, &'static str)> = Vec::new();
    for &i in &order {
        let m = &marks[i];
        let (size, weight, _, _) = m.kind.style();
        let w = text_width(&m.label, size, weight == "bold");
        let h = size;
        let (x, y) = drawn(m);
        // (anchor, text x, baseline y) candidates around the point, near
        // it first.
        let candidates: Vec<(&'static str, f64, f64)> = [5.0, 16.0]
            .iter()
            .flat_map(|&gap| {
                [
                    ("start", x + gap, y + h * 0.35),
                    ("end", x - gap, y + h * 0.35),
                    ("middle", x, y - gap),
                    ("middle", x, y + h + gap - 2.0),
                    ("start", x + gap, y - gap),
                    ("end", x - gap, y - gap),
                    ("start", x + gap, y + h + gap - 2.0),
                    ("end", x - gap, y + h + gap - 2.0),
                ]
            })
            .collect();
        let boxed = |(anchor, tx, ty): (&str, f64, f64)| {
            let x0 = match anchor {
                "start" => tx,
                "end" => tx - w,
                _ => tx - w / 2.0,
            };
            Box2 {
                x0,
                y0: ty - h * 0.8,
                x1: x0 + w,
                y1: ty + h * 0.2,
            }
        };
        let cost = |b: &Box2| -> f64 {
            let outside = (b.x0 < 0.0 || b.x1 > WIDTH || b.y0 < TOP - 14.0 || b.y1 > HEIGHT) as u8
                as f64
                * 1e9;
            outside + placed.iter().map(|p| p.overlap(b)).sum::<f64>()
        };
        let mut best = (f64::INFINITY, 0);
        for (c, &candidate) in candidates.iter().enumerate() {
            let k = cost(&boxed(candidate));
            if k < best.0 {
                best = (k, c);
            }
            if k == 0.0 {
                break;
            }
        }
        // A term or a period that finds no free spot goes unlabelled (its
        // point keeps a tooltip); the groups and the supplementary points
        // are always labelled.
        if best.0 > 0.0 && matches!(m.kind, Kind::Term | Kind::Period) {
            continue;
        }
        let (anchor, tx, ty) = candidates[best.1];
        placed.push(boxed((anchor, tx, ty)));
        labels.push((i, tx, ty, anchor));
    }

    // Points, then labels, in the marks' order; each point's tooltip
    // gives its name and coordinates.
    for m in &marks {
        let (_, _, _, colour) = m.kind.style();
        let (x, y) = drawn(m);
        let shape = match m.kind {
            Kind::Term if m.beyond => format!(
                "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"3\" fill=\"none\" stroke=\"{colour}\"/>"
            ),
            Kind::Group => {
                format!("<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"5\" fill=\"{colour}\"/>")
            }
            Kind::Reference => format!(
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"9\" height=\"9\" fill=\"{colour}\"/>",
                x - 4.5,
                y - 4.5
            ),
            Kind::Theme => format!(
                "<path d=\"M{x:.1},{:.1} L{:.1},{y:.1} L{x:.1},{:.1} L{:.1},{y:.1} z\" \
                 fill=\"{colour}\"/>",
                y - 6.0,
                x + 6.0,
                y + 6.0,
                x - 6.0
            ),
            Kind::Term => {
                format!("<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"2\" fill=\"{colour}\"/>")
            }
            Kind::Period => {
                format!("<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"2.5\" fill=\"{colour}\"/>")
            }
        };
        let _ = writeln!(
            svg,
            "<g><title>{}: {}, {}</title>{shape}</g>",
            escape(&m.label),
            m.x,
            m.y
        );
    }
    labels.sort_by_key(|l| l.0);
    for (i, tx, ty, anchor) in labels {
        let m = &marks[i];
        let (size, weight, style, colour) = m.kind.style();
        let class = match m.kind {
            Kind::Group => "group",
            Kind::Reference => "reference",
            Kind::Theme => "theme",
            Kind::Term => "term",
            Kind::Period => "period",
        };
        let _ = writeln!(
            svg,
            "<text class=\"{class}\" data-x=\"{}\" data-y=\"{}\" x=\"{tx:.1}\" y=\"{ty:.1}\" \
             font-size=\"{size}\" font-weight=\"{weight}\" font-style=\"{style}\" \
             text-anchor=\"{anchor}\" fill=\"{colour}\">{}</text>",
            m.x,
            m.y,
            escape(&m.label)
        );
    }
    svg.push_str("</svg>\n");
    Some(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_escaped() {
        assert_eq!(escape("a<b & \"c\"'"), "a&lt;b &amp; &quot;c&quot;&#39;");
        assert_eq!(escape("x\u{1}y"), "x\\u{1}y");
    }

    #[test]
    fn overlap_of_boxes() {
        let a = Box2 {
            x0: 0.0,
            y0: 0.0,
            x1: 10.0,
            y1: 10.0,
        };
        let b = Box2 {
            x0: 5.0,
            y0: 5.0,
            x1: 20.0,
            y1: 20.0,
        };
        assert_eq!(a.overlap(&b), 25.0);
        let c = Box2 {
            x0: 10.0,
            y0: 0.0,
            x1: 12.0,
            y1: 3.0,
        };
        assert_eq!(a.overlap(&c), 0.0);
    }
}
