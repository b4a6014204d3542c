//! The archive at a glance: agreements by year, and which countries have agreements with which,
//! both drawn on the server as SVG (no script, no outside service) with the numbers as tables.

use std::collections::{BTreeMap, HashSet};

use askama::Template;
use axum::extract::State;
use axum::response::Html;

use super::agreements::render;
use super::catalog::Catalog;
use super::{AppState, Error, ASSET_VERSION};
use crate::store::party;

pub struct Bar {
    pub year: i32,
    pub count: usize,
    pub x: String,
    pub y: String,
    pub width: String,
    pub height: String,
    pub label_x: String,
    pub show_label: bool,
}

pub struct Node {
    pub code: String,
    pub name: String,
    pub x: String,
    pub y: String,
    pub label_x: String,
    pub label_y: String,
    pub anchor: &'static str,
}

pub struct Edge {
    pub a: String,
    pub b: String,
    pub count: i64,
    pub x1: String,
    pub y1: String,
    pub x2: String,
    pub y2: String,
    pub width: String,
}

#[derive(Template)]
#[template(path = "timeline.html")]
pub struct TimelinePage {
    asset_version: &'static str,
    bars: Vec<Bar>,
    max_count: usize,
    undated: usize,
    axis_y: String,
    nodes: Vec<Node>,
    edges: Vec<Edge>,
    /// Pairs of countries in the archive, of which `edges` are the strongest.
    pairs: usize,
}

/// Links drawn and listed: the strongest pairs. At 100,000 articles the archive links 170
/// countries in some 12,000 pairs, and drawing them all made a 2 MB page no one could read;
/// each country's page lists all its partners.
const DRAWN_LINKS: usize = 60;

/// Chart geometry (SVG user units; the SVG scales to the page width).
const CHART_W: f64 = 640.0;
const PLOT_TOP: f64 = 20.0;
const PLOT_BOTTOM: f64 = 190.0;
const PLOT_LEFT: f64 = 10.0;
const NET_SIZE: f64 = 560.0;
const NET_RADIUS: f64 = 190.0;

fn n(v: f64) -> String {
    format!("{v:.1}")
}

pub async fn page(State(state): State<AppState>) -> Result<Html<String>, Error> {
    let archive = state.archive();
    let catalog = Catalog::of(&archive).await?;
    let (by_year, undated) = (&catalog.by_year, catalog.undated);
    let mut bars = Vec::new();
    let max_count = by_year.values().copied().max().unwrap_or(0);
    if let (Some(&first), Some(&last)) = (by_year.keys().next(), by_year.keys().last()) {
        let years = (last - first + 1) as usize;
        let slot = (CHART_W - 2.0 * PLOT_LEFT) / years as f64;
        let label_every = years.div_ceil(12).max(1);
        for (i, year) in (first..=last).enumerate() {
            let count = by_year.get(&year).copied().unwrap_or(0);
            let h = if max_count == 0 {
                0.0
            } else {
                (PLOT_BOTTOM - PLOT_TOP) * count as f64 / max_count as f64
            };
            let x = PLOT_LEFT + slot * i as f64;
            bars.push(Bar {
                year,
                count,
                x: n(x + slot * 0.15),
                y: n(PLOT_BOTTOM - h),
                width: n(slot * 0.7),
                height: n(h),
                label_x: n(x + slot / 2.0),
                show_label: i % label_every == 0 || i + 1 == years,
            });
        }
    }

    let countries = &catalog.country_totals;
    // The store lists links strongest first.
    let links = &catalog.country_links[..catalog.country_links.len().min(DRAWN_LINKS)];
    let drawn: HashSet<&str> = links
        .iter()
        .flat_map(|(a, b, _)| [a.as_str(), b.as_str()])
        .collect();
    let linked: Vec<&party::CountryCount> = countries
        .iter()
        .filter(|c| drawn.contains(c.code.as_str()))
        .collect();
    let centre = NET_SIZE / 2.0;
    let mut position: BTreeMap<String, (f64, f64)> = BTreeMap::new();
    let mut nodes = Vec::new();
    for (i, c) in linked.iter().enumerate() {
        let angle = std::f64::consts::TAU * i as f64 / linked.len().max(1) as f64
            - std::f64::consts::FRAC_PI_2;
        let (x, y) = (
            centre + NET_RADIUS * angle.cos(),
            centre + NET_RADIUS * angle.sin(),
        );
        position.insert(c.code.clone(), (x, y));
        let (lx, ly) = (
            centre + (NET_RADIUS + 14.0) * angle.cos(),
            centre + (NET_RADIUS + 14.0) * angle.sin() + 5.0,
        );
        nodes.push(Node {
            code: c.code.clone(),
            name: c.name.clone(),
            x: n(x),
            y: n(y),
            label_x: n(lx),
            label_y: n(ly),
            anchor: if angle.cos() > 0.2 {
                "start"
            } else if angle.cos() < -0.2 {
                "end"
            } else {
                "middle"
            },
        });
    }
    let max_link = links.iter().map(|l| l.2).max().unwrap_or(1).max(1);
    let name_of = |code: &str| {
        countries
            .iter()
            .find(|c| c.code == code)
            .map(|c| c.name.clone())
            .unwrap_or_else(|| code.to_string())
    };
    let edges = links
        .iter()
        .filter_map(|(a, b, count)| {
            let (x1, y1) = position.get(a)?;
            let (x2, y2) = position.get(b)?;
            Some(Edge {
                a: name_of(a),
                b: name_of(b),
                count: *count,
                x1: n(*x1),
                y1: n(*y1),
                x2: n(*x2),
                y2: n(*y2),
                width: n(1.5 + 4.5 * *count as f64 / max_link as f64),
            })
        })
        .collect();
    render(&TimelinePage {
        asset_version: ASSET_VERSION,
        bars,
        max_count,
        undated,
        axis_y: n(PLOT_BOTTOM),
        nodes,
        edges,
        pairs: catalog.country_links.len(),
    })
}
