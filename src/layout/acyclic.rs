//! Cycle breaking: the greedy feedback arc set heuristic of Eades, Lin and Smyth (1993).
//! Sinks go to the end of a sequence, sources to the front, and otherwise the node with
//! the largest out-degree minus in-degree goes to the front; edges pointing backwards in
//! the sequence are the ones to reverse. Runs in O((V + E) log V); deterministic (ties go
//! to the lowest index).

use super::Adjacency;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// For each edge `(from, to)` among `n` nodes, whether it must be reversed to make the
/// graph acyclic. Self-loops are never reversed (the caller handles them).
pub(crate) fn reversed_edges(n: usize, edges: &[(usize, usize)]) -> Vec<bool> {
    let weighted: Vec<(usize, usize, i64)> = edges.iter().map(|&(a, b)| (a, b, 1)).collect();
    reversed_weighted(n, &weighted)
}

/// The same with edge weights: the greedy heuristic weighs out- and in-degrees, so that
/// heavy edges are kept and light ones reversed when a cycle must be broken.
pub(crate) fn reversed_weighted(n: usize, edges: &[(usize, usize, i64)]) -> Vec<bool> {
    let proper = || edges.iter().enumerate().filter(|(_, e)| e.0 != e.1);
    let outs = Adjacency::new(n, proper().map(|(i, e)| (e.0, i)));
    let ins = Adjacency::new(n, proper().map(|(i, e)| (e.1, i)));
    let degrees = |lists: &Adjacency<usize>| -> Vec<i64> {
        (0..n)
            .map(|v| lists.of(v).iter().map(|&e| edges[e].2).sum())
            .collect()
    };
    let mut out_deg = degrees(&outs);
    let mut in_deg = degrees(&ins);
    let mut removed = vec![false; n];
    // Nodes keyed by (class, -delta, index): class 0 sinks, 1 sources, 2 others.
    let key = |v: usize, out_deg: &[i64], in_deg: &[i64]| -> (u8, i64, usize) {
        if out_deg[v] == 0 {
            (0, 0, v)
        } else if in_deg[v] == 0 {
            (1, 0, v)
        } else {
            (2, in_deg[v] - out_deg[v], v)
        }
    };
    // A heap of keys: a node's key is pushed again whenever its degrees change, and only
    // its current key counts (the others are skipped when they come up).
    let mut queue: BinaryHeap<Reverse<(u8, i64, usize)>> =
        (0..n).map(|v| Reverse(key(v, &out_deg, &in_deg))).collect();
    let mut front = Vec::with_capacity(n);
    let mut back = Vec::with_capacity(n);
    while let Some(Reverse(k @ (class, _, v))) = queue.pop() {
        if removed[v] || k != key(v, &out_deg, &in_deg) {
            continue;
        }
        removed[v] = true;
        if class == 0 {
            back.push(v);
        } else {
            front.push(v);
        }
        for &e in outs.of(v) {
            let w = edges[e].1;
            if !removed[w] {
                in_deg[w] -= edges[e].2;
                queue.push(Reverse(key(w, &out_deg, &in_deg)));
            }
        }
        for &e in ins.of(v) {
            let w = edges[e].0;
            if !removed[w] {
                out_deg[w] -= edges[e].2;
                queue.push(Reverse(key(w, &out_deg, &in_deg)));
            }
        }
    }
    back.reverse();
    front.extend(back);
    let mut position = vec![0; n];
    for (i, &v) in front.iter().enumerate() {
        position[v] = i;
    }
    edges
        .iter()
        .map(|&(a, b, _)| a != b && position[a] > position[b])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breaks_every_cycle_and_keeps_dags() {
        let dag = [(0, 1), (1, 2), (0, 2)];
        assert_eq!(reversed_edges(3, &dag), vec![false; 3]);
        let cycle = [(0, 1), (1, 2), (2, 0)];
        assert_eq!(reversed_edges(3, &cycle).iter().filter(|r| **r).count(), 1);
        let two = [(0, 1), (1, 0), (1, 1)];
        let r = reversed_edges(2, &two);
        assert_eq!(r.iter().filter(|r| **r).count(), 1);
        assert!(!r[2]);
    }
}
