//! Track assignment in the channel between two ranks. Each segment joins a pin on the
//! upper rank to a pin on the lower rank; when they are not aligned it runs horizontally on
//! a track. Two segments whose horizontal runs overlap need different tracks, and the
//! order of their tracks decides whether they cross: if `a`'s upper pin lies within `b`'s
//! run, `a` must be above `b` (else `b`'s run cuts `a`'s stub); if `a`'s lower pin lies
//! within `b`'s run, `a` must be below. These vertical constraints form a graph; its
//! cycles (unavoidable crossings) are broken by the greedy feedback arc set, and tracks
//! are the longest-path levels. Large channels fall back to the left-edge algorithm.

use super::acyclic;

/// Above this many segments a channel uses the left-edge algorithm.
const CONSTRAINED_LIMIT: usize = 1500;

/// Tracks (0 = nearest the upper rank) for segments given as `(upper_x, lower_x)`, and
/// how many tracks there are. Aligned segments need no track (they get 0).
pub(crate) fn assign(segments: &[(f64, f64)], gap: f64) -> (Vec<usize>, usize) {
    let n = segments.len();
    let mut track = vec![0usize; n];
    let mut active: Vec<usize> = (0..n)
        .filter(|&i| (segments[i].0 - segments[i].1).abs() > 1e-6)
        .collect();
    if active.is_empty() {
        return (track, 0);
    }
    let span = |i: usize| {
        (
            segments[i].0.min(segments[i].1),
            segments[i].0.max(segments[i].1),
        )
    };
    active.sort_by(|&a, &b| {
        span(a)
            .0
            .total_cmp(&span(b).0)
            .then(span(a).1.total_cmp(&span(b).1))
            .then(a.cmp(&b))
    });
    if active.len() > CONSTRAINED_LIMIT {
        let mut ends: Vec<f64> = Vec::new();
        for &i in &active {
            let (lo, hi) = span(i);
            match ends.iter().position(|&end| end + gap <= lo) {
                Some(t) => {
                    ends[t] = hi;
                    track[i] = t;
                }
                None => {
                    ends.push(hi);
                    track[i] = ends.len() - 1;
                }
            }
        }
        return (track, ends.len());
    }
    let within = |x: f64, (lo, hi): (f64, f64)| x >= lo - 1e-6 && x <= hi + 1e-6;
    // Constraint edges between positions in `active`: (above, below, weight). A pair with
    // two pins inside the other's run weighs more than one with a single pin; pairs that
    // only come close weigh least.
    let mut edges: Vec<(usize, usize, i64)> = Vec::new();
    for a in 0..active.len() {
        let (i, si) = (active[a], span(active[a]));
        for (b, &j) in active.iter().enumerate().skip(a + 1) {
            let sj = span(j);
            if sj.0 >= si.1 + gap {
                break;
            }
            // Votes for "i above j" minus votes for "j above i".
            let mut vote = 0i32;
            if within(segments[i].0, sj) {
                vote += 1;
            }
            if within(segments[i].1, sj) {
                vote -= 1;
            }
            if within(segments[j].0, si) {
                vote -= 1;
            }
            if within(segments[j].1, si) {
                vote += 1;
            }
            // Runs that only come close, with no pin inside the other, may go either way.
            let overlap = sj.0 < si.1 - 1e-6;
            if vote != 0 || overlap {
                let weight = if vote == 0 {
                    1
                } else {
                    2 * i64::from(vote.abs())
                };
                edges.push(if vote >= 0 {
                    (a, b, weight)
                } else {
                    (b, a, weight)
                });
            }
        }
    }
    let reversed = acyclic::reversed_weighted(active.len(), &edges);
    let mut below: Vec<Vec<usize>> = vec![Vec::new(); active.len()];
    let mut indegree = vec![0usize; active.len()];
    for (&(u, v, _), r) in edges.iter().zip(reversed) {
        let (u, v) = if r { (v, u) } else { (u, v) };
        below[u].push(v);
        indegree[v] += 1;
    }
    let mut level = vec![0usize; active.len()];
    let mut queue: Vec<usize> = (0..active.len()).filter(|&v| indegree[v] == 0).collect();
    let mut head = 0;
    while head < queue.len() {
        let u = queue[head];
        head += 1;
        for &v in &below[u] {
            level[v] = level[v].max(level[u] + 1);
            indegree[v] -= 1;
            if indegree[v] == 0 {
                queue.push(v);
            }
        }
    }
    let mut count = 0;
    for (p, &i) in active.iter().enumerate() {
        track[i] = level[p];
        count = count.max(level[p] + 1);
    }
    (track, count)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Crossings between the routed segments: a run crossing another's stub.
    fn crossings(segments: &[(f64, f64)], track: &[usize]) -> usize {
        let mut c = 0;
        for (i, &(iu, il)) in segments.iter().enumerate() {
            for (j, &(ju, jl)) in segments.iter().enumerate() {
                if i == j || (ju - jl).abs() < 1e-6 {
                    continue;
                }
                let (lo, hi) = (ju.min(jl), ju.max(jl));
                let inside = |x: f64| x > lo + 1e-6 && x < hi - 1e-6;
                // j's run at track[j] cuts i's upper stub (from the top down to i's
                // track, or all the way when i is straight) or its lower stub.
                let i_track = if (iu - il).abs() < 1e-6 {
                    usize::MAX
                } else {
                    track[i]
                };
                if inside(iu) && track[j] < i_track {
                    c += 1;
                }
                if inside(il) && (i_track == usize::MAX || track[j] > i_track) {
                    c += 1;
                }
            }
        }
        c
    }

    #[test]
    fn fans_do_not_cross() {
        // One parent fanning out to the right, as spread attachments do.
        let fan = [(10.0, 100.0), (20.0, 200.0), (30.0, 300.0)];
        let (track, count) = assign(&fan, 1.0);
        assert_eq!(count, 3);
        assert_eq!(crossings(&fan, &track), 0);
        let mirrored = [(300.0, 10.0), (310.0, 20.0), (320.0, 30.0)];
        let (track, _) = assign(&mirrored, 1.0);
        assert_eq!(crossings(&mirrored, &track), 0);
        // Disjoint runs share a track.
        let (_, count) = assign(&[(0.0, 10.0), (20.0, 30.0)], 1.0);
        assert_eq!(count, 1);
    }
}
