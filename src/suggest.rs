//! Did-you-mean suggestions by edit distance.

/// The Levenshtein distance between two strings, counted in characters.
pub fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if ca == cb {
                diagonal
            } else {
                1 + diagonal.min(above).min(row[j])
            };
            diagonal = above;
        }
    }
    row[b.len()]
}

/// Whether `candidate` is close enough to `word` to be suggested.
fn close(word: &str, candidate: &str) -> Option<usize> {
    let d = distance(&word.to_ascii_lowercase(), &candidate.to_ascii_lowercase());
    let limit = (word.chars().count().max(candidate.chars().count()) / 3).max(1);
    (d <= limit).then_some(d)
}

/// The closest candidate, when one is close enough. Ties go to the earliest candidate.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        if let Some(d) = close(word, candidate) {
            if best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, candidate));
            }
        }
    }
    best.map(|(_, c)| c)
}

/// The candidates closest to `word`, when any is close enough: all those at the smallest
/// distance, in their original order.
pub fn all_close<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let found: Vec<(usize, &str)> = candidates
        .into_iter()
        .filter_map(|c| close(word, c).map(|d| (d, c)))
        .collect();
    let best = found.iter().map(|&(d, _)| d).min();
    found
        .into_iter()
        .filter(|&(d, _)| Some(d) == best)
        .map(|(_, c)| c)
        .collect()
}

/// `` `a`, `b` or `c` ``
pub fn one_of<S: AsRef<str>>(items: &[S]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("`{}`", i.as_ref())).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {}", rest.join(", "), last),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(distance("sevice", "service"), 1);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(closest("sevice", ["queue", "service"]), Some("service"));
        assert_eq!(closest("xyz", ["service"]), None);
    }
}
