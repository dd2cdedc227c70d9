//! Track assignment in the channel between two ranks. Each segment joins a pin on the
//! upper rank to a pin on the lower rank; when they are not aligned it runs horizontally
//! on a track, and two runs that overlap need different tracks. The order of their tracks
//! decides whether they cross:
//!
//! - two runs going the same way (both rightwards, say) cross unless the one whose upper
//!   pin is further along that way is above: its stub then ends above the other's run,
//!   and the other's lower stub starts below its own. (With equal upper pins, the one
//!   reaching further goes above.) When their pins interleave they cross once anyway;
//! - two overlapping runs going opposite ways cross exactly once whatever their order.
//!
//! So sorting the runs by that key (rightward runs first, by upper pin descending, then
//! leftward runs by upper pin ascending) and stacking each run just above every earlier
//! run it overlaps gives no crossing that the ordering of the ranks did not already have.
//! The stacking checks each run against the earlier ones in small channels and uses a
//! segment tree over the runs' ends in larger ones (O(n log n), the same tracks). Very
//! large channels use the left-edge algorithm instead, which needs the fewest tracks (it
//! adds crossings; whether the ordered stacking, now cheap at any size, should replace it
//! there is still to be measured on the 5,000 and 10,000-node graphs).

use super::ordered;

/// Above this many segments a channel uses the left-edge algorithm.
const ORDERED_LIMIT: usize = 3000;
/// Up to this many runs, each is checked against every earlier one (faster than the
/// segment tree on small channels; the tracks are the same).
const SCAN_LIMIT: usize = 48;

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
    if active.len() > ORDERED_LIMIT {
        active.sort_by(|&a, &b| {
            span(a)
                .0
                .total_cmp(&span(b).0)
                .then(span(a).1.total_cmp(&span(b).1))
                .then(a.cmp(&b))
        });
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
    // The stacking order: rightward runs by upper pin descending (then lower pin
    // descending), then leftward runs by upper pin ascending (then lower pin ascending).
    let mut keyed: Vec<(u8, u64, u64, usize)> = active
        .iter()
        .map(|&i| {
            let (up, low) = segments[i];
            if low > up {
                (0, ordered(-up), ordered(-low), i)
            } else {
                (1, ordered(up), ordered(low), i)
            }
        })
        .collect();
    keyed.sort_unstable();
    active.clear();
    active.extend(keyed.iter().map(|k| k.3));
    let overlap = |t: usize, i: usize| {
        let ((tl, th), (lo, hi)) = (span(t), span(i));
        lo < th + gap && tl < hi + gap
    };
    let mut count = 0;
    if active.len() <= SCAN_LIMIT {
        for (p, &i) in active.iter().enumerate() {
            let level = active[..p]
                .iter()
                .filter(|&&t| overlap(t, i))
                .map(|&t| track[t] + 1)
                .max()
                .unwrap_or(0);
            track[i] = level;
            count = count.max(level + 1);
        }
        return (track, count);
    }
    // The same in O(n log n) for larger channels. Runs `t` and `i` overlap when `lo(i) < hi(t) + gap` and `lo(t) < hi(i) + gap`: when
    // the half-open intervals `[lo, hi + gap)` share a point. Between consecutive interval
    // ends those points form elementary pieces, so each run covers a range of pieces, and
    // its track is one above the highest track on any of its pieces so far.
    let mut ends: Vec<f64> = active
        .iter()
        .flat_map(|&i| {
            let (lo, hi) = span(i);
            [lo, hi + gap]
        })
        .collect();
    ends.sort_unstable_by(f64::total_cmp);
    ends.dedup();
    let piece = |x: f64| ends.partition_point(|&e| e < x);
    let mut highest = Highest::new(ends.len());
    for &i in &active {
        let (lo, hi) = span(i);
        let range = piece(lo)..piece(hi + gap);
        let level = highest.above(range.clone());
        highest.raise(range, level);
        track[i] = level;
        count = count.max(level + 1);
    }
    (track, count)
}

/// The highest level placed on each of `len` pieces, by ranges: a segment tree laid out
/// bottom-up (leaf `i` at `size + i`) whose nodes keep the highest level placed on their
/// whole range (`whole`) and anywhere under them (`any`), so that neither a query nor an
/// update needs to push values down. Levels are stored plus one: 0 is "nothing here".
struct Highest {
    size: usize,
    whole: Vec<u32>,
    any: Vec<u32>,
}

impl Highest {
    fn new(len: usize) -> Highest {
        let size = len.max(1).next_power_of_two();
        Highest {
            size,
            whole: vec![0; 2 * size],
            any: vec![0; 2 * size],
        }
    }

    /// One above the highest level on any piece of `range`; 0 when the range is empty
    /// or bare (the level a run over it takes).
    fn above(&self, range: std::ops::Range<usize>) -> usize {
        if range.is_empty() {
            return 0;
        }
        let mut best = 0;
        // A level placed on a node above the range's maximal nodes covers one of the
        // range's ends: it is on the path from that end's leaf to the root.
        for end in [range.start, range.end - 1] {
            let mut node = self.size + end;
            while node > 0 {
                best = best.max(self.whole[node]);
                node /= 2;
            }
        }
        let (mut lo, mut hi) = (self.size + range.start, self.size + range.end);
        while lo < hi {
            if lo % 2 == 1 {
                best = best.max(self.any[lo]);
                lo += 1;
            }
            if hi % 2 == 1 {
                hi -= 1;
                best = best.max(self.any[hi]);
            }
            lo /= 2;
            hi /= 2;
        }
        best as usize
    }

    /// Places `level` on every piece of `range`.
    fn raise(&mut self, range: std::ops::Range<usize>, level: usize) {
        if range.is_empty() {
            return;
        }
        let stored = level as u32 + 1;
        let (mut lo, mut hi) = (self.size + range.start, self.size + range.end);
        while lo < hi {
            if lo % 2 == 1 {
                self.whole[lo] = self.whole[lo].max(stored);
                self.any[lo] = self.any[lo].max(stored);
                lo += 1;
            }
            if hi % 2 == 1 {
                hi -= 1;
                self.whole[hi] = self.whole[hi].max(stored);
                self.any[hi] = self.any[hi].max(stored);
            }
            lo /= 2;
            hi /= 2;
        }
        // The maximal nodes' ancestors are on the paths from the range's ends.
        for end in [range.start, range.end - 1] {
            let mut node = (self.size + end) / 2;
            while node > 0 {
                let below = self.any[2 * node].max(self.any[2 * node + 1]);
                self.any[node] = self.whole[node].max(below);
                node /= 2;
            }
        }
    }
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

#[cfg(test)]
mod property {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The tracks add no crossing beyond those of the pins' order: two segments cross in
        /// the channel at most once, and only when their pins interleave.
        #[test]
        fn only_interleaved_pins_cross(raw in prop::collection::vec((0u32..40, 0u32..40), 1..120)) {
            let segments: Vec<(f64, f64)> = raw.iter().map(|&(u, l)| (f64::from(u) * 10.0, f64::from(l) * 10.0 + 5.0)).collect();
            let (track, _) = assign(&segments, 1.0);
            for (i, &(iu, il)) in segments.iter().enumerate() {
                for (j, &(ju, jl)) in segments.iter().enumerate().skip(i + 1) {
                    let interleaved = (iu < ju && il > jl) || (iu > ju && il < jl);
                    let c = pair_crossings((iu, il), track[i], (ju, jl), track[j]);
                    prop_assert!(c <= 1, "{:?} and {:?} cross {c} times", (iu, il), (ju, jl));
                    if !interleaved {
                        prop_assert_eq!(c, 0, "{:?} (track {}) and {:?} (track {}) cross", (iu, il), track[i], (ju, jl), track[j]);
                    }
                }
            }
        }

        /// Overlapping runs never share a track, and a run above the first track rests on a
        /// run it overlaps, one track below (it is stacked just above what it overlaps).
        #[test]
        fn each_run_sits_just_above_what_it_overlaps(raw in prop::collection::vec((0u32..60, 0u32..60), 1..120), gap in 1u32..12) {
            let segments: Vec<(f64, f64)> = raw.iter().map(|&(u, l)| (f64::from(u) * 5.0, f64::from(l) * 5.0)).collect();
            let gap = f64::from(gap);
            let (track, count) = assign(&segments, gap);
            let runs: Vec<usize> = (0..segments.len()).filter(|&i| segments[i].0 != segments[i].1).collect();
            let span = |i: usize| (segments[i].0.min(segments[i].1), segments[i].0.max(segments[i].1));
            let overlap = |a: usize, b: usize| span(a).0 < span(b).1 + gap && span(b).0 < span(a).1 + gap;
            for &i in &runs {
                prop_assert!(track[i] < count);
                let below: Vec<usize> = runs.iter().copied().filter(|&t| t != i && overlap(i, t) && track[t] < track[i]).collect();
                for &t in &runs {
                    if t != i && overlap(i, t) {
                        prop_assert_ne!(track[t], track[i]);
                    }
                }
                // It rests on a run it overlaps, one track below.
                if track[i] > 0 {
                    prop_assert!(below.iter().any(|&t| track[t] + 1 == track[i]), "run {i} at track {} rests on nothing", track[i]);
                }
            }
        }
    }

    /// Crossings between two routed segments of a channel (a run against the other's stubs).
    fn pair_crossings(a: (f64, f64), ta: usize, b: (f64, f64), tb: usize) -> usize {
        let runs = |s: (f64, f64)| (s.0 - s.1).abs() > 1e-6;
        let mut c = 0;
        for (x, y, tx, ty) in [(a, b, ta, tb), (b, a, tb, ta)] {
            if !runs(y) {
                continue;
            }
            let (lo, hi) = (y.0.min(y.1), y.0.max(y.1));
            let inside = |p: f64| p > lo + 1e-6 && p < hi - 1e-6;
            // x's upper stub runs from the top to x's track (to the bottom when straight).
            let x_track = if runs(x) { tx } else { usize::MAX };
            if inside(x.0) && ty < x_track {
                c += 1;
            }
            if inside(x.1) && (x_track == usize::MAX || ty > x_track) {
                c += 1;
            }
        }
        c
    }
}
