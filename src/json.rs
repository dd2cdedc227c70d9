//! The resolved model as JSON (`archc build --format json`), documented in
//! `docs/model-json.md`. Keys are ordered and numbers formatted the same way on every
//! machine, so the same input gives the same bytes.

use crate::diagnostic::LineIndex;
use crate::model::{AttrValue, Attributes, Diagram, Node, Period};
use crate::syntax::ast::ArrowStyle;
use serde_json::{json, Map, Value};

/// The version of the model JSON format.
pub const MODEL_FORMAT_VERSION: u32 = 1;

/// The model of `diagram`, compiled from `source`, as a JSON value.
pub fn model(diagram: &Diagram, source: &str) -> Value {
    let lines = LineIndex::new(source);
    let line = |offset: usize| lines.line_col(offset).0;
    let node_json = |node: &Node| {
        let groups: Vec<&str> = {
            let mut path: Vec<&str> = diagram
                .ancestors(node.id)
                .map(|a| a.qualified.as_str())
                .collect();
            path.reverse();
            path
        };
        let mut object = Map::new();
        object.insert("id".into(), json!(node.qualified));
        object.insert("kind".into(), json!(node.kind.name()));
        object.insert("name".into(), json!(node.name));
        object.insert("label".into(), json!(node.label));
        object.insert(
            "parent".into(),
            json!(node.parent.map(|p| &diagram.node(p).qualified)),
        );
        object.insert("groups".into(), json!(groups));
        object.insert(
            "children".into(),
            json!(node
                .children
                .iter()
                .map(|c| &diagram.node(*c).qualified)
                .collect::<Vec<_>>()),
        );
        object.insert("attributes".into(), attributes(diagram, &node.attrs));
        if !node.is_group() {
            let ports: Vec<Value> = node
                .ports
                .iter()
                .map(|p| json!({"name": p.name, "number": p.number, "protocol": p.protocol, "attributes": attributes(diagram, &p.attrs)}))
                .collect();
            object.insert("ports".into(), Value::Array(ports));
        }
        object.insert("line".into(), json!(line(node.span.start)));
        Value::Object(object)
    };
    let components: Vec<Value> = diagram
        .nodes
        .iter()
        .filter(|n| !n.is_group())
        .map(node_json)
        .collect();
    let groups: Vec<Value> = diagram
        .nodes
        .iter()
        .filter(|n| n.is_group())
        .map(node_json)
        .collect();
    let arrows: Vec<Value> = diagram
        .arrows
        .iter()
        .map(|a| {
            let port = |e: crate::model::Endpoint| {
                e.port.map(|p| diagram.node(e.node).ports[p].name.clone())
            };
            json!({
                "from": diagram.node(a.from.node).qualified,
                "from_port": port(a.from),
                "to": diagram.node(a.to.node).qualified,
                "to_port": port(a.to),
                "style": match a.style { ArrowStyle::Sync => "sync", ArrowStyle::Async => "async" },
                "both_ways": a.both,
                "label": a.label,
                "attributes": attributes(diagram, &a.attrs),
                "line": line(a.span.start),
            })
        })
        .collect();
    json!({
        "format": "archc-model",
        "version": MODEL_FORMAT_VERSION,
        "title": diagram.title,
        "direction": diagram.direction.name(),
        "context": attributes(diagram, &diagram.context),
        "components": components,
        "groups": groups,
        "arrows": arrows,
    })
}

fn attributes(diagram: &Diagram, attrs: &Attributes) -> Value {
    Value::Object(
        attrs
            .iter()
            .map(|(k, a)| (k.clone(), value(diagram, &a.value)))
            .collect(),
    )
}

fn value(diagram: &Diagram, attr: &AttrValue) -> Value {
    match attr {
        AttrValue::Bool(b) => json!(b),
        AttrValue::Number(n) => number(*n),
        AttrValue::Range { min, max } => json!({"min": number(*min), "max": max.map(number)}),
        AttrValue::Duration(s) => json!({"seconds": number(*s)}),
        AttrValue::Text(t) | AttrValue::Word(t) => json!(t),
        AttrValue::Ref(id) => json!(diagram.node(*id).qualified),
        AttrValue::Money(m) => json!({
            "amount": number(m.amount),
            "currency": m.currency,
            "period": match m.period { Period::Month => "month", Period::Year => "year" },
        }),
        AttrValue::List(items) => Value::Array(items.iter().map(|i| value(diagram, i)).collect()),
    }
}

/// Whole numbers as JSON integers, others as floats.
pub(crate) fn number(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        json!(n as i64)
    } else {
        json!(n)
    }
}

/// Pretty JSON text with a final newline.
pub fn to_string(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("JSON values always serialize");
    text.push('\n');
    text
}

/// A coordinate rounded to hundredths, so that outputs are stable and compact.
fn coordinate(v: f64) -> Value {
    number((v * 100.0).round() / 100.0)
}

fn rect(r: &crate::layout::Rect) -> Value {
    json!({"x": coordinate(r.x), "y": coordinate(r.y), "width": coordinate(r.width), "height": coordinate(r.height)})
}

/// The geometry as JSON (`archc build --format layout`), documented in
/// `docs/layout-json.md`.
pub fn layout(diagram: &Diagram, g: &crate::layout::Geometry) -> Value {
    let side = |s: crate::layout::Side| match s {
        crate::layout::Side::Top => "top",
        crate::layout::Side::Bottom => "bottom",
        crate::layout::Side::Left => "left",
        crate::layout::Side::Right => "right",
    };
    let nodes: Vec<Value> = g
        .nodes
        .iter()
        .map(|b| {
            let node = diagram.node(b.node);
            json!({
                "id": node.qualified,
                "kind": node.kind.name(),
                "x": coordinate(b.rect.x),
                "y": coordinate(b.rect.y),
                "width": coordinate(b.rect.width),
                "height": coordinate(b.rect.height),
                "group": b.frame,
                "title": b.title.as_ref().map(rect),
                "ports": b.ports.iter().map(|p| json!({
                    "name": node.ports[p.port].name,
                    "side": side(p.side),
                    "x": coordinate(p.rect.x),
                    "y": coordinate(p.rect.y),
                    "width": coordinate(p.rect.width),
                    "height": coordinate(p.rect.height),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let edges: Vec<Value> = g
        .edges
        .iter()
        .map(|e| {
            let a = diagram.arrow(e.arrow);
            json!({
                "from": diagram.endpoint_name(a.from),
                "to": diagram.endpoint_name(a.to),
                "points": e.points.iter().map(|p| json!([coordinate(p.x), coordinate(p.y)])).collect::<Vec<_>>(),
                "label": e.label.as_ref().map(rect),
            })
        })
        .collect();
    json!({
        "width": coordinate(g.width),
        "height": coordinate(g.height),
        "nodes": nodes,
        "edges": edges,
    })
}
