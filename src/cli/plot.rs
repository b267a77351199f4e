//! `parole compare --format svg`: pictures of a comparison, for a reader
//! without R or a spreadsheet at hand. [`ca_plane`] draws the first plane
//! of the correspondence analysis: the groups, the terms listed (`--top`),
//! the themes and the reference as supplementary points, and with `--over`
//! each group's path over the periods; both axes have the same scale, as a
//! correspondence analysis must be read, and labels are moved around their
//! point so as not to cover each other. [`series_chart`] (`--table
//! series`) charts the themes' shares and the `--terms` rates over the
//! periods. The figures drawn
//! are those of the JSON; this module only lays them out. The same report
//! gives the same bytes.

use std::fmt::Write;

use parole::compare::{CompareReport, CorrespondenceAnalysis};

/// Size of the picture, in SVG user units (pixels).
const WIDTH: f64 = 1200.0;
const HEIGHT: f64 = 900.0;
/// Room around the plot for the title, the axis names and the legend.
const LEFT: f64 = 40.0;
const RIGHT: f64 = 40.0;
const TOP: f64 = 90.0;
const BOTTOM: f64 = 60.0;

/// What a point is, which says how it is drawn and which label wins room:
/// the labels are placed in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Group,
    /// A group of fewer than `--ca-min-passages` passages, placed on the
    /// axes without taking part in them.
    SmallGroup,
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
            Kind::SmallGroup => (13.0, "normal", "normal", "#1f4e9c"),
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
    /// With `--over`, the colour of the group and of its path, else the
    /// kind's.
    colour: Option<&'static str>,
}

/// Most terms drawn on the map, the first listed (those that contribute
/// most to the plane): more would hide each other, and the groups.
pub const TERMS_DRAWN: usize = 150;

/// A path on the plane: the group, its colour, its points in time order.
type Path = (String, &'static str, Vec<(f64, f64)>);

/// Most characters of a label drawn; a longer one is cut, with `…` (its
/// point's tooltip has it whole).
const LABEL_CHARS: usize = 40;

/// Most groups whose labels are always drawn; with more, a group's label
/// that finds no free spot is left out, as a term's is.
const ALWAYS_LABELLED: usize = 30;

/// `label` cut to [`LABEL_CHARS`].
fn shown_label(label: &str) -> String {
    cut(label, LABEL_CHARS)
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

/// The opening of an SVG document [`WIDTH`] wide and `height` high, on
/// white.
fn svg_start(height: f64) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{height}\" \
         viewBox=\"0 0 {WIDTH} {height}\" font-family=\"Helvetica, Arial, sans-serif\">\n\
         <rect x=\"0\" y=\"0\" width=\"{WIDTH}\" height=\"{height}\" fill=\"#ffffff\"/>\n"
    )
}

/// The label of theme `id` among `labels` (id, label), for a reader; the
/// id when the lexicon gives none.
fn label_of(labels: &[(String, String)], id: &str) -> String {
    labels
        .iter()
        .find(|(theme, _)| theme == id)
        .map_or(id, |(_, label)| label.as_str())
        .to_string()
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
            // Control characters and the non-characters U+FFFE and U+FFFF
            // are not allowed in XML 1.0.
            c if c.is_control() || c == '\u{fffe}' || c == '\u{ffff}' => {
                out.extend(c.escape_default())
            }
            c => out.push(c),
        }
    }
    out
}

/// The first plane (axes 1 and 2) of `ca` as an SVG document; `None` when
/// it has no axis. With a single axis, every point is drawn on it (axis 2
/// at 0). `periods`: the groups are periods, in time order (a date
/// grouping), and are joined by a path as the groups of `--over` are.
/// `min_passages`: `--ca-min-passages`, which the legend of the small
/// groups names. `labels`: the (id, label) of the lexicon's themes, which
/// name them. `exact`: the same analysis unrounded, whose phi2 and axis
/// shares the titles round once (the JSON's, rounded to 6 significant
/// digits, rounded again could move the last digit).
pub fn ca_plane(
    ca: &CorrespondenceAnalysis,
    exact: &CorrespondenceAnalysis,
    periods: bool,
    min_passages: u64,
    labels: &[(String, String)],
) -> Option<String> {
    ca.axes.first()?;
    let (first, second) = (exact.axes.first()?, exact.axes.get(1));
    let at = |c: &[f64], a: usize| c.get(a).copied().unwrap_or(0.0);
    let mut marks: Vec<Mark> = Vec::new();
    let mut paths: Vec<Path> = Vec::new();
    // The groups taking part, then the small ones (`--ca-min-passages`), in
    // the groups' order, with their coordinates (none for a small group
    // with no term analysed).
    let every_group: Vec<(&str, &[f64])> = ca
        .groups
        .iter()
        .map(|g| (g.group.as_str(), g.coordinates.as_slice()))
        .chain(
            ca.supplementary
                .iter()
                .filter(|p| p.kind == "group")
                .map(|p| (p.name.as_str(), p.coordinates.as_slice())),
        )
        .collect();
    if periods {
        // The periods in time order, which is their labels' order (`2024`,
        // `2024-Q1`, `2024-01`). The undated documents' group is no period.
        let mut points: Vec<(&str, &[f64])> = every_group
            .iter()
            .copied()
            .filter(|(name, c)| !c.is_empty() && *name != parole::compare::NO_GROUP)
            .collect();
        points.sort_by_key(|&(name, _)| name);
        let points = points
            .into_iter()
            .map(|(_, c)| (at(c, 0), at(c, 1)))
            .collect();
        paths.push((String::new(), Kind::Period.style().3, points));
    }
    // With --over, each group and its path share a colour.
    let over = ca.supplementary.iter().any(|p| p.kind == "period");
    let colour_of = |g: &str| -> Option<&'static str> {
        let i = every_group.iter().position(|&(x, _)| x == g)?;
        over.then_some(PALETTE[i % PALETTE.len()])
    };
    for g in &ca.groups {
        marks.push(Mark {
            kind: Kind::Group,
            label: g.group.clone(),
            x: at(&g.coordinates, 0),
            y: at(&g.coordinates, 1),
            colour: colour_of(&g.group),
        });
    }
    for p in ca
        .supplementary
        .iter()
        .filter(|p| !p.coordinates.is_empty())
    {
        let (kind, label) = match (p.kind.as_str(), &p.period) {
            ("theme", _) => (Kind::Theme, label_of(labels, &p.name)),
            ("group", _) => (Kind::SmallGroup, p.name.clone()),
            ("reference", _) => (Kind::Reference, "reference".to_string()),
            (_, Some(period)) => (Kind::Period, period.clone()),
            _ => continue,
        };
        let (x, y) = (at(&p.coordinates, 0), at(&p.coordinates, 1));
        // The undated documents' period is drawn, but is on no path: it
        // is not a point in time.
        let dated = p.period.as_deref() != Some(parole::compare::NO_GROUP);
        let colour = match kind {
            Kind::Period | Kind::SmallGroup => colour_of(&p.name),
            _ => None,
        };
        if kind == Kind::Period && dated {
            match paths.last_mut() {
                Some((group, _, points)) if *group == p.name => points.push((x, y)),
                _ => paths.push((
                    p.name.clone(),
                    colour.unwrap_or(Kind::Period.style().3),
                    vec![(x, y)],
                )),
            }
        }
        marks.push(Mark {
            kind,
            label,
            x,
            y,
            colour,
        });
    }
    // The terms listed are ranked by their contribution to the plane.
    for t in ca.terms.iter().take(TERMS_DRAWN) {
        marks.push(Mark {
            kind: Kind::Term,
            label: t.display.clone(),
            x: at(&t.coordinates, 0),
            y: at(&t.coordinates, 1),
            colour: None,
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
    // The largest t ≤ 1 that keeps t·(x, y) in the frame (which holds the
    // origin): 1 for a point within it.
    let within = |x: f64, y: f64| -> f64 {
        let mut t: f64 = 1.0;
        for (v, lo, hi) in [(x, x0, x1), (y, y0, y1)] {
            if v > hi {
                t = t.min(hi / v);
            } else if v < lo {
                t = t.min(lo / v);
            }
        }
        t
    };
    let (plot_w, plot_h) = (WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM);
    // Room for the labels to the right of the points at the edges.
    let span_x = (x1 - x0).max(1e-9) * 1.25;
    let span_y = (y1 - y0).max(1e-9) * 1.15;
    let scale = (plot_w / span_x).min(plot_h / span_y);
    let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
    let px = |x: f64| LEFT + plot_w / 2.0 + (x - cx) * scale;
    // SVG's y runs down.
    let py = |y: f64| TOP + plot_h / 2.0 - (y - cy) * scale;
    // Where a mark is drawn: a term beyond the frame on its edge (only a
    // term can be: the frame holds the other points).
    let drawn = |m: &Mark| -> (f64, f64) {
        let t = within(m.x, m.y);
        (px(m.x * t), py(m.y * t))
    };

    let mut svg = svg_start(HEIGHT);
    let groups = ca.groups.len();
    let _ = writeln!(
        svg,
        "<text x=\"{LEFT}\" y=\"28\" font-size=\"18\" font-weight=\"bold\" fill=\"#222222\">\
         Correspondence analysis: {groups} groups × {} terms (phi2 {:.4})</text>",
        ca.terms_analysed, exact.total_inertia
    );
    // The second line names the supplementary points drawn.
    let present = |kind: Kind| marks.iter().any(|m| m.kind == kind);
    let small = format!("rings, the groups of fewer than {min_passages} passages");
    let kinds: Vec<&str> = [
        (Kind::SmallGroup, small.as_str()),
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
    let groups_legend = match (periods, over) {
        (true, _) => "blue: the periods, joined in time order",
        (false, true) => "each group in the colour of its path",
        (false, false) => "blue: the groups",
    };
    let legend = [
        format!(
            "{groups_legend}; grey: the terms that contribute most to the plane (an open \
             circle: a term farther out, drawn at the edge in its direction)"
        ),
        supplementary_legend,
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

    // Paths first, under the points; a group seen in one period has none.
    paths.retain(|(_, _, points)| points.len() >= 2);
    let mut colours: Vec<&str> = paths.iter().map(|(_, c, _)| *c).collect();
    colours.sort_unstable();
    colours.dedup();
    let arrow = |colour: &str| format!("arrow-{}", colour.trim_start_matches('#'));
    if !colours.is_empty() {
        svg.push_str("<defs>");
        for colour in &colours {
            let _ = write!(
                svg,
                "<marker id=\"{}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" \
                 markerWidth=\"6\" markerHeight=\"6\" orient=\"auto\"><path \
                 d=\"M0,0 L10,5 L0,10 z\" fill=\"{colour}\"/></marker>",
                arrow(colour)
            );
        }
        svg.push_str("</defs>\n");
    }
    for (group, colour, points) in &paths {
        let line: Vec<String> = points
            .iter()
            .map(|&(x, y)| format!("{:.1},{:.1}", px(x), py(y)))
            .collect();
        let _ = writeln!(
            svg,
            "<polyline class=\"path\" data-group=\"{}\" points=\"{}\" fill=\"none\" \
             stroke=\"{colour}\" stroke-width=\"1.4\" marker-end=\"url(#{})\"/>",
            escape(group),
            line.join(" "),
            arrow(colour)
        );
    }

    // Labels placed in order of importance: groups, the reference, themes,
    // terms (most contributing first), periods; each at the first spot
    // around its point that covers no label placed, else at the spot that
    // covers least.
    let mut order: Vec<usize> = (0..marks.len()).collect();
    order.sort_by_key(|&i| (marks[i].kind, i));
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
    let mut unlabelled = 0;
    for &i in &order {
        let m = &marks[i];
        let (size, weight, _, _) = m.kind.style();
        let w = text_width(&shown_label(&m.label), size, weight == "bold");
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
        // point keeps a tooltip), and so does a group when there are too
        // many to label them all; the themes and the reference are always
        // labelled.
        let droppable = match m.kind {
            Kind::Term | Kind::Period => true,
            Kind::Group | Kind::SmallGroup => ca.groups.len() > ALWAYS_LABELLED,
            Kind::Theme | Kind::Reference => false,
        };
        if best.0 > 0.0 && droppable {
            unlabelled += 1;
            continue;
        }
        let (anchor, tx, ty) = candidates[best.1];
        placed.push(boxed((anchor, tx, ty)));
        labels.push((i, tx, ty, anchor));
    }

    // What the picture leaves out.
    if ca.terms.len() > TERMS_DRAWN {
        let _ = writeln!(
            svg,
            "<text class=\"terms-left-out\" x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" \
             text-anchor=\"end\" fill=\"#555555\">the {TERMS_DRAWN} terms that contribute \
             most, of the {} listed</text>",
            WIDTH - RIGHT,
            HEIGHT - 20.0,
            ca.terms.len()
        );
    }
    if unlabelled > 0 {
        let _ = writeln!(
            svg,
            "<text class=\"unlabelled\" x=\"{LEFT}\" y=\"{:.1}\" font-size=\"12\" \
             fill=\"#555555\">{unlabelled} labels left out for want of room: each point's \
             tooltip names it</text>",
            HEIGHT - 20.0
        );
    }
    // Points, then labels, in the marks' order; each point's tooltip
    // gives its name and coordinates.
    for m in &marks {
        let colour = m.colour.unwrap_or(m.kind.style().3);
        let (x, y) = drawn(m);
        let shape = match m.kind {
            Kind::Term if within(m.x, m.y) < 1.0 => format!(
                "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"3\" fill=\"none\" stroke=\"{colour}\"/>"
            ),
            Kind::Group => {
                format!("<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"5\" fill=\"{colour}\"/>")
            }
            Kind::SmallGroup => format!(
                "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"4.5\" fill=\"none\" \
                 stroke=\"{colour}\" stroke-width=\"1.5\"/>"
            ),
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
        let colour = m.colour.unwrap_or(colour);
        let class = match m.kind {
            Kind::Group => "group",
            Kind::SmallGroup => "small-group",
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
            escape(&shown_label(&m.label))
        );
    }
    svg.push_str("</svg>\n");
    Some(svg)
}

/// One line of a chart over time: a name, a colour, a dash pattern, a
/// width, and per period its value in the panel's unit, `None` where the
/// period has nothing to measure it on (no passage, no token: the line
/// breaks).
struct Line {
    name: String,
    colour: &'static str,
    dash: &'static str,
    width: f64,
    values: Vec<Option<f64>>,
    /// Per period, for a share: its 95 % interval in percent and the
    /// passages it is a share of (empty for a rate).
    intervals: Vec<Option<(f64, f64, u64)>>,
}

/// A share whose 95 % interval is wider than this, in percentage points, is
/// drawn as a hollow point: it rests on too few passages to be read alone.
const UNCERTAIN_POINTS: f64 = 20.0;

/// What the values of a panel are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    /// A theme's share of passages, in percent.
    Percent,
    /// A `--terms` query's occurrences per 10,000 content tokens.
    PerTenThousand,
}

impl Unit {
    /// After a value in a tooltip.
    fn name(self) -> &'static str {
        match self {
            Unit::Percent => "%",
            Unit::PerTenThousand => "per 10,000",
        }
    }
}

/// A panel of a chart: a theme's shares of passages, or a `--terms`
/// query's rate.
struct Panel {
    /// The theme's label, or the query.
    title: String,
    unit: Unit,
    lines: Vec<Line>,
    /// Per period, the 95 % interval drawn as a band (empty: none).
    band: Vec<Option<(f64, f64)>>,
}

/// Colours of the groups' lines (Okabe and Ito's, told apart by readers
/// with a colour vision deficiency), then again dashed.
const PALETTE: [&str; 7] = [
    "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000",
];

/// Most characters of a name in a chart's legend (four columns).
const LEGEND_CHARS: usize = 34;

/// `label` cut to `chars` characters, the last one `…` when cut.
fn cut(label: &str, chars: usize) -> String {
    match label.chars().count() > chars {
        true => label.chars().take(chars - 1).chain(['…']).collect(),
        false => label.to_string(),
    }
}

/// The dash attribute of a line: none for a solid one.
fn dash(pattern: &str) -> String {
    match pattern.is_empty() {
        true => String::new(),
        false => format!(" stroke-dasharray=\"{pattern}\""),
    }
}

/// A round step for an axis from 0 to `high`: 1, 2, 2.5 or 5 times a power
/// of ten, at most five steps to `high`.
fn nice_tick(high: f64) -> f64 {
    if high.is_nan() || high <= 0.0 {
        return 1.0;
    }
    let mut power = 10f64.powi((high / 5.0).log10().floor() as i32);
    loop {
        for m in [1.0, 2.0, 2.5, 5.0] {
            if high / (m * power) <= 5.0 {
                return m * power;
            }
        }
        power *= 10.0;
    }
}

/// `x` to one decimal, without `-0`.
fn one_decimal(x: f64) -> f64 {
    (x * 10.0).round() / 10.0 + 0.0
}

/// Most groups drawn in a chart of `--over`: those with the most passages.
pub const SERIES_GROUPS: usize = 12;

/// Panels of a chart of shares over time.
const PANEL_HEIGHT: f64 = 230.0;
const PANEL_GAP: f64 = 70.0;

/// The shares of `themes` over the periods as an SVG chart, one panel per
/// theme, then one per `--terms` query (its rate per 10,000 content
/// tokens): with a date grouping (`time_series`), the corpus's share of
/// passages per period with its 95 % interval as a band; with `--over`
/// (`group_series`), one line per group (the [`SERIES_GROUPS`] with the
/// most dated passages) and the corpus as a thick grey line. A period in
/// which a line has nothing to measure leaves a gap; the undated
/// documents' period is not drawn. `None` when the report has no series.
/// `themes`: the ids of the themes charted; `labels`: the (id, label) of
/// the lexicon's themes, which name them.
pub fn series_chart(
    report: &CompareReport,
    themes: &[String],
    labels: &[(String, String)],
) -> Option<String> {
    use parole::compare::{OneGroupSeries, ALL, NO_GROUP};
    // A line's values per period, in the panel's unit, from the counts (the
    // report's figures are rounded, and a tooltip rounds once): a share in
    // percent where the period has passages, a rate where it has tokens.
    let measured = |counts: &[u64], base: &[u64], scale: f64| -> Vec<Option<f64>> {
        (0..base.len())
            .map(|p| (base[p] > 0).then(|| counts[p] as f64 * scale / base[p] as f64))
            .collect()
    };
    let share = |with: &[u64], passages: &[u64]| measured(with, passages, 100.0);
    // The 95 % Wilson interval of a share, in percent.
    let wilson = |with: u64, passages: u64| {
        let (low, high) = parole::stats::wilson_interval(with, passages);
        (low * 100.0, high * 100.0)
    };
    // The 95 % intervals of shares, in percent, with their passages.
    let intervals = |with: &[u64], passages: &[u64]| -> Vec<Option<(f64, f64, u64)>> {
        (0..passages.len())
            .map(|p| {
                (passages[p] > 0).then(|| {
                    let (low, high) = wilson(with[p], passages[p]);
                    (low, high, passages[p])
                })
            })
            .collect()
    };
    let rate = |counts: &[u64], tokens: &[u64]| measured(counts, tokens, 10_000.0);
    let (periods, panels, note): (Vec<String>, Vec<Panel>, String) = if let Some(series) =
        &report.time_series
    {
        let passages: Vec<u64> = report.groups.iter().map(|g| g.passages).collect();
        let tokens: Vec<u64> = report.groups.iter().map(|g| g.content_tokens).collect();
        let line = |values: Vec<Option<f64>>, intervals: Vec<Option<(f64, f64, u64)>>| Line {
            name: "corpus".to_string(),
            colour: PALETTE[0],
            dash: "",
            width: 2.0,
            values,
            intervals,
        };
        let theme_panels = themes
            .iter()
            .filter_map(|id| series.themes.iter().find(|t| &t.theme == id))
            .map(|t| Panel {
                title: label_of(labels, &t.theme),
                unit: Unit::Percent,
                lines: vec![line(
                    share(&t.passages, &passages),
                    intervals(&t.passages, &passages),
                )],
                band: (0..passages.len())
                    .map(|p| (passages[p] > 0).then(|| wilson(t.passages[p], passages[p])))
                    .collect(),
            });
        let term_panels = series.terms.iter().map(|t| Panel {
            title: t.term.clone(),
            unit: Unit::PerTenThousand,
            lines: vec![line(rate(&t.counts, &tokens), Vec::new())],
            band: Vec::new(),
        });
        let mut note = format!(
            "share of the period's passages, with its 95 % interval (Wilson); hollow points: \
             interval wider than {UNCERTAIN_POINTS} points"
        );
        if !series.terms.is_empty() {
            note += "; --terms: occurrences per 10,000 content tokens";
        }
        (
            series.periods.clone(),
            theme_panels.chain(term_panels).collect(),
            note,
        )
    } else {
        let series = report.group_series.as_ref()?;
        // The groups with the most dated passages, in the groups'
        // order; a group whose documents all lack a date has no line.
        let total = |i: usize| -> u64 {
            let g = &series.groups[i];
            (0..g.passages.len())
                .filter(|&p| series.periods[p] != NO_GROUP)
                .map(|p| g.passages[p])
                .sum()
        };
        let mut ranked: Vec<usize> = (0..series.groups.len()).filter(|&i| total(i) > 0).collect();
        ranked.sort_by(|&a, &b| total(b).cmp(&total(a)).then(a.cmp(&b)));
        ranked.truncate(SERIES_GROUPS);
        ranked.sort_unstable();
        // The lines of a panel: each group's, then the corpus's.
        type Measured = (Vec<Option<f64>>, Vec<Option<(f64, f64, u64)>>);
        let lines = |values: &dyn Fn(&OneGroupSeries) -> Measured| -> Vec<Line> {
            let mut lines: Vec<Line> = ranked
                .iter()
                .enumerate()
                .map(|(n, &i)| {
                    let (values, intervals) = values(&series.groups[i]);
                    Line {
                        name: series.groups[i].group.clone(),
                        colour: PALETTE[n % PALETTE.len()],
                        dash: if n < PALETTE.len() { "" } else { "6 3" },
                        width: 1.6,
                        values,
                        intervals,
                    }
                })
                .collect();
            let (values, intervals) = values(&series.all);
            lines.push(Line {
                name: ALL.to_string(),
                colour: "#999999",
                dash: "",
                width: 3.5,
                values,
                intervals,
            });
            lines
        };
        let theme_panels = themes.iter().filter_map(|id| {
            let k = series.all.themes.iter().position(|t| &t.theme == id)?;
            Some(Panel {
                title: label_of(labels, id),
                unit: Unit::Percent,
                lines: lines(&|g| {
                    let t = &g.themes[k];
                    (
                        share(&t.passages, &g.passages),
                        intervals(&t.passages, &g.passages),
                    )
                }),
                band: Vec::new(),
            })
        });
        let term_panels = (0..series.all.terms.len()).map(|k| Panel {
            title: series.all.terms[k].term.clone(),
            unit: Unit::PerTenThousand,
            lines: lines(&|g| (rate(&g.terms[k].counts, &g.content_tokens), Vec::new())),
            band: Vec::new(),
        });
        let mut note = "share of each group's passages in the period".to_string();
        if !series.all.terms.is_empty() {
            note += " (--terms: occurrences per 10,000 content tokens)";
        }
        note += &format!(
            "; hollow points: 95 % interval wider than {UNCERTAIN_POINTS} points (hover for it; all in --format csv --table series)"
        );
        if series.groups.len() > ranked.len() {
            note += &format!(
                "; the {} groups with the most dated passages, of {}",
                ranked.len(),
                series.groups.len()
            );
        }
        (
            series.periods.clone(),
            theme_panels.chain(term_panels).collect(),
            note,
        )
    };
    if panels.is_empty() {
        return None;
    }
    // The undated documents' period is not a point in time.
    let shown: Vec<usize> = (0..periods.len())
        .filter(|&p| periods[p] != NO_GROUP)
        .collect();
    let legend_lines: Vec<&Line> = panels[0].lines.iter().collect();
    let legend_rows = match legend_lines.len() {
        1 => 0,
        n => n.div_ceil(4),
    };
    let top = 80.0 + legend_rows as f64 * 18.0;
    let height = top + panels.len() as f64 * (PANEL_HEIGHT + PANEL_GAP) + 20.0;
    let (left, right) = (70.0, 50.0);
    let plot_w = WIDTH - left - right;
    let step = plot_w / (shown.len().max(2) - 1) as f64;
    // A single period in the middle.
    let px = |i: usize| match shown.len() {
        1 => left + plot_w / 2.0,
        _ => left + i as f64 * step,
    };
    // Label every k-th period so that labels do not run into each other.
    let label_width = periods.iter().map(|p| p.chars().count()).max().unwrap_or(4) as f64 * 7.0;
    let every = ((label_width + 8.0) / step).ceil().max(1.0) as usize;

    let mut svg = svg_start(height);
    let _ = writeln!(
        svg,
        "<text x=\"{left}\" y=\"28\" font-size=\"18\" font-weight=\"bold\" fill=\"#222222\">\
         {} over {} period{}</text>",
        match panels.iter().any(|p| p.unit == Unit::PerTenThousand) {
            true => "Theme shares and term rates",
            false => "Theme shares",
        },
        shown.len(),
        if shown.len() == 1 { "" } else { "s" }
    );
    let _ = writeln!(
        svg,
        "<text x=\"{left}\" y=\"50\" font-size=\"12\" fill=\"#555555\">{}</text>",
        escape(&note)
    );
    for (n, line) in legend_lines.iter().enumerate().filter(|_| legend_rows > 0) {
        let (x, y) = (left + (n % 4) as f64 * 270.0, 74.0 + (n / 4) as f64 * 18.0);
        let _ = writeln!(
            svg,
            "<line x1=\"{x:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"{}\" \
             stroke-width=\"{}\"{}/><g><title>{}</title><text class=\"legend\" x=\"{:.1}\" \
             y=\"{y:.1}\" font-size=\"12\" fill=\"#333333\">{}</text></g>",
            y - 4.0,
            x + 24.0,
            y - 4.0,
            line.colour,
            line.width,
            dash(line.dash),
            escape(&line.name),
            x + 30.0,
            escape(&cut(&line.name, LEGEND_CHARS))
        );
    }
    for (k, panel) in panels.iter().enumerate() {
        let y0 = top + k as f64 * (PANEL_HEIGHT + PANEL_GAP) + 20.0;
        let bottom = y0 + PANEL_HEIGHT;
        // The scale: 0 to the highest value drawn (or interval end), in
        // round steps.
        let high = panel
            .lines
            .iter()
            .flat_map(|l| shown.iter().filter_map(|&p| l.values[p]))
            .chain(
                shown
                    .iter()
                    .filter_map(|&p| panel.band.get(p).copied().flatten().map(|b| b.1)),
            )
            .fold(0.0f64, f64::max);
        let tick = nice_tick(high);
        let ceiling = (high / tick).ceil().max(1.0) * tick;
        let py = |value: f64| bottom - value / ceiling * PANEL_HEIGHT;
        // The unit goes after the ticks of a share, in the title of a rate.
        let (title, unit) = match panel.unit {
            Unit::Percent => (panel.title.clone(), " %"),
            Unit::PerTenThousand => (
                format!("{} ({} content tokens)", panel.title, panel.unit.name()),
                "",
            ),
        };
        let _ = writeln!(
            svg,
            "<text class=\"panel\" x=\"{left}\" y=\"{:.1}\" font-size=\"15\" font-weight=\"bold\" \
             fill=\"#1a7f37\">{}</text>",
            y0 - 8.0,
            escape(&title)
        );
        let steps = (ceiling / tick).round() as usize;
        for n in 0..=steps {
            let t = n as f64 * tick;
            let y = py(t);
            let _ = writeln!(
                svg,
                "<line x1=\"{left}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"#e5e5e5\"/>\
                 <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"end\" \
                 fill=\"#555555\">{}{unit}</text>",
                WIDTH - right,
                left - 6.0,
                y + 4.0,
                // Enough digits for a step of 2.5 or 0.25.
                (t * 1000.0).round() / 1000.0
            );
        }
        for (i, &p) in shown.iter().enumerate() {
            if i % every == 0 {
                let _ = writeln!(
                    svg,
                    "<text class=\"period\" x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" \
                     text-anchor=\"middle\" fill=\"#555555\">{}</text>",
                    px(i),
                    bottom + 16.0,
                    escape(&periods[p])
                );
            }
        }
        // The band of the intervals, period by period where known.
        let known: Vec<(usize, (f64, f64))> = shown
            .iter()
            .enumerate()
            .filter_map(|(i, &p)| panel.band.get(p).copied().flatten().map(|b| (i, b)))
            .collect();
        for run in known.chunk_by(|a, b| b.0 == a.0 + 1) {
            if let [(i, (lo, hi))] = run {
                // A period alone: a bar, which a polygon of no width is not.
                let _ = writeln!(
                    svg,
                    "<rect class=\"interval\" x=\"{:.1}\" y=\"{:.1}\" width=\"8\" \
                     height=\"{:.1}\" fill=\"{}\" fill-opacity=\"0.15\"/>",
                    px(*i) - 4.0,
                    py(*hi),
                    py(*lo) - py(*hi),
                    PALETTE[0]
                );
                continue;
            }
            let upper = run
                .iter()
                .map(|&(i, (_, hi))| format!("{:.1},{:.1}", px(i), py(hi)));
            let lower = run
                .iter()
                .rev()
                .map(|&(i, (lo, _))| format!("{:.1},{:.1}", px(i), py(lo)));
            let points: Vec<String> = upper.chain(lower).collect();
            let _ = writeln!(
                svg,
                "<polygon class=\"interval\" points=\"{}\" fill=\"{}\" fill-opacity=\"0.15\"/>",
                points.join(" "),
                PALETTE[0]
            );
        }
        // The lines: a polyline per run of periods with a value (of two
        // periods or more), and a point at each, its tooltip giving the
        // figure. The corpus's line, the last, is drawn first: a group's
        // point of the same value stays in sight above it.
        let lines = &panel.lines;
        let order = lines
            .len()
            .checked_sub(1)
            .into_iter()
            .chain(0..lines.len().saturating_sub(1));
        for line in order.map(|i| &lines[i]) {
            let known: Vec<(usize, f64)> = shown
                .iter()
                .enumerate()
                .filter_map(|(i, &p)| line.values[p].map(|v| (i, v)))
                .collect();
            for run in known
                .chunk_by(|a, b| b.0 == a.0 + 1)
                .filter(|r| r.len() >= 2)
            {
                let points: Vec<String> = run
                    .iter()
                    .map(|&(i, v)| format!("{:.1},{:.1}", px(i), py(v)))
                    .collect();
                let _ = writeln!(
                    svg,
                    "<polyline class=\"series\" data-theme=\"{}\" data-line=\"{}\" points=\"{}\" \
                     fill=\"none\" stroke=\"{}\" stroke-width=\"{}\"{}/>",
                    escape(&panel.title),
                    escape(&line.name),
                    points.join(" "),
                    line.colour,
                    line.width,
                    dash(line.dash)
                );
            }
            for &(i, v) in &known {
                // A share's tooltip gives its interval and passages; a share
                // too uncertain to be read alone is hollow.
                let interval = line.intervals.get(shown[i]).copied().flatten();
                let detail = interval.map_or_else(String::new, |(lo, hi, n)| {
                    format!(
                        " (95 % interval {}–{} %, {})",
                        one_decimal(lo),
                        one_decimal(hi),
                        super::output::plural(n, "passage")
                    )
                });
                let marker = match interval {
                    Some((lo, hi, _)) if hi - lo > UNCERTAIN_POINTS => format!(
                        "<circle class=\"uncertain\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"3.5\" \
                         fill=\"#ffffff\" stroke=\"{}\" stroke-width=\"1.5\"/>",
                        px(i),
                        py(v),
                        line.colour
                    ),
                    _ => format!(
                        "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"2.5\" fill=\"{}\"/>",
                        px(i),
                        py(v),
                        line.colour
                    ),
                };
                let _ = writeln!(
                    svg,
                    "<g><title>{} {}: {} {}{detail}</title>{marker}</g>",
                    escape(&line.name),
                    escape(&periods[shown[i]]),
                    one_decimal(v),
                    panel.unit.name(),
                );
            }
        }
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
