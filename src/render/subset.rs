//! A TrueType subsetter: keeps only the glyphs a drawing uses, so the font embedded in an
//! SVG weighs kilobytes instead of hundreds.
//!
//! Glyphs are renumbered (`.notdef` first, then the used glyphs in their original order,
//! components of composite glyphs included), and the tables that index glyphs are rebuilt:
//! `glyf`, `loca` (long offsets), `hmtx`, `cmap` (format 4, plus format 12 beyond the
//! Basic Multilingual Plane), `maxp`, `hhea`, and `post` (version 3, without glyph names).
//! The layout tables (`GSUB`, `GPOS`, `GDEF`, `kern`) are dropped: labels are measured
//! from plain advances, so the drawing never relied on them. The result is deterministic.

use std::collections::{BTreeMap, BTreeSet};

/// Why a font cannot be subset (never the case for the bundled fonts).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubsetError(pub &'static str);

/// Tables copied as they are.
const KEPT: [&[u8; 4]; 6] = [b"OS/2", b"cvt ", b"fpgm", b"gasp", b"name", b"prep"];

/// A subset of `font` (a TrueType font with `glyf` outlines) that draws `chars`.
pub fn subset(font: &[u8], chars: &BTreeSet<char>) -> Result<Vec<u8>, SubsetError> {
    let tables = directory(font)?;
    let table = |tag: &[u8; 4]| -> Result<&[u8], SubsetError> {
        tables
            .get(tag)
            .copied()
            .ok_or(SubsetError("a table is missing"))
    };
    let face = ttf_parser::Face::parse(font, 0).map_err(|_| SubsetError("not a font"))?;
    let head = table(b"head")?;
    let maxp = table(b"maxp")?;
    let hhea = table(b"hhea")?;
    let hmtx = table(b"hmtx")?;
    let loca = table(b"loca")?;
    let glyf = table(b"glyf")?;
    let post = table(b"post")?;
    let glyph_count = usize::from(u16_at(maxp, 4)?);
    let long_loca = i16_at(head, 50)? != 0;
    let offsets = (0..=glyph_count)
        .map(|i| {
            if long_loca {
                u32_at(loca, i * 4).map(|o| o as usize)
            } else {
                u16_at(loca, i * 2).map(|o| usize::from(o) * 2)
            }
        })
        .collect::<Result<Vec<_>, _>>()?;
    let glyph = |g: u16| -> Result<&[u8], SubsetError> {
        let g = usize::from(g);
        let (start, end) = (offsets[g], offsets[g + 1]);
        glyf.get(start..end.max(start))
            .ok_or(SubsetError("a glyph lies outside glyf"))
    };

    // The glyphs to keep, with the components of composites.
    let mut mapping: BTreeMap<char, u16> = BTreeMap::new();
    for &c in chars {
        if let Some(g) = face.glyph_index(c) {
            mapping.insert(c, g.0);
        }
    }
    let mut keep: BTreeSet<u16> = mapping.values().copied().collect();
    keep.insert(0);
    let mut pending: Vec<u16> = keep.iter().copied().collect();
    while let Some(g) = pending.pop() {
        if usize::from(g) >= glyph_count {
            return Err(SubsetError("a glyph index is out of range"));
        }
        for component in components(glyph(g)?)? {
            if usize::from(component) < glyph_count && keep.insert(component) {
                pending.push(component);
            }
        }
    }
    let order: Vec<u16> = keep.iter().copied().collect();
    let new_id: BTreeMap<u16, u16> = order
        .iter()
        .enumerate()
        .map(|(i, &g)| (g, i as u16))
        .collect();

    // glyf and loca.
    let mut new_glyf = Vec::new();
    let mut new_loca = Vec::new();
    for &g in &order {
        new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());
        let mut data = glyph(g)?.to_vec();
        renumber_components(&mut data, &new_id)?;
        new_glyf.extend_from_slice(&data);
        while new_glyf.len() % 4 != 0 {
            new_glyf.push(0);
        }
    }
    new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());

    // hmtx: a full metric for every kept glyph.
    let metric_count = usize::from(u16_at(hhea, 34)?);
    let mut new_hmtx = Vec::new();
    for &g in &order {
        let g = usize::from(g);
        let advance = u16_at(hmtx, 4 * g.min(metric_count.saturating_sub(1)))?;
        let lsb = if g < metric_count {
            u16_at(hmtx, 4 * g + 2)?
        } else {
            u16_at(hmtx, 4 * metric_count + 2 * (g - metric_count))?
        };
        new_hmtx.extend_from_slice(&advance.to_be_bytes());
        new_hmtx.extend_from_slice(&lsb.to_be_bytes());
    }

    let count = order.len() as u16;
    let mut new_head = head.to_vec();
    put_u16(&mut new_head, 50, 1); // long loca
    put_u32(&mut new_head, 8, 0); // checkSumAdjustment, set at the end
    let mut new_maxp = maxp.to_vec();
    put_u16(&mut new_maxp, 4, count);
    let mut new_hhea = hhea.to_vec();
    put_u16(&mut new_hhea, 34, count);
    let mut new_post = post.get(..32).ok_or(SubsetError("post is short"))?.to_vec();
    put_u32(&mut new_post, 0, 0x0003_0000);
    let cmap = cmap(&mapping.iter().map(|(&c, g)| (c, new_id[g])).collect());

    let mut out: BTreeMap<[u8; 4], Vec<u8>> = BTreeMap::new();
    out.insert(*b"head", new_head);
    out.insert(*b"maxp", new_maxp);
    out.insert(*b"hhea", new_hhea);
    out.insert(*b"hmtx", new_hmtx);
    out.insert(*b"loca", new_loca);
    out.insert(*b"glyf", new_glyf);
    out.insert(*b"post", new_post);
    out.insert(*b"cmap", cmap);
    for tag in KEPT {
        if let Some(data) = tables.get(tag) {
            out.insert(*tag, data.to_vec());
        }
    }
    Ok(assemble(&out))
}

/// Every character the font maps to a glyph.
pub fn characters(font: &[u8]) -> BTreeSet<char> {
    let mut chars = BTreeSet::new();
    if let Ok(face) = ttf_parser::Face::parse(font, 0) {
        if let Some(cmap) = face.tables().cmap {
            for table in cmap.subtables {
                if table.is_unicode() {
                    table.codepoints(|cp| {
                        if let Some(c) = char::from_u32(cp) {
                            chars.insert(c);
                        }
                    });
                }
            }
        }
    }
    chars
}

/// The table directory: tag to table bytes.
fn directory(font: &[u8]) -> Result<BTreeMap<[u8; 4], &[u8]>, SubsetError> {
    if u32_at(font, 0)? != 0x0001_0000 {
        return Err(SubsetError("not a TrueType font"));
    }
    let count = usize::from(u16_at(font, 4)?);
    let mut tables = BTreeMap::new();
    for i in 0..count {
        let record = 12 + 16 * i;
        let tag: [u8; 4] = font
            .get(record..record + 4)
            .and_then(|t| t.try_into().ok())
            .ok_or(SubsetError("the table directory is short"))?;
        let offset = u32_at(font, record + 8)? as usize;
        let length = u32_at(font, record + 12)? as usize;
        let data = font
            .get(offset..offset.saturating_add(length))
            .ok_or(SubsetError("a table lies outside the file"))?;
        tables.insert(tag, data);
    }
    Ok(tables)
}

const ARG_WORDS: u16 = 0x0001;
const HAVE_SCALE: u16 = 0x0008;
const MORE_COMPONENTS: u16 = 0x0020;
const HAVE_XY_SCALE: u16 = 0x0040;
const HAVE_2X2: u16 = 0x0080;

/// The positions of the glyph indices in a composite glyph (none for a simple glyph).
fn component_positions(data: &[u8]) -> Result<Vec<usize>, SubsetError> {
    if data.len() < 10 || i16_at(data, 0)? >= 0 {
        return Ok(Vec::new());
    }
    let mut at = 10;
    let mut positions = Vec::new();
    loop {
        let flags = u16_at(data, at)?;
        positions.push(at + 2);
        at += 4 + if flags & ARG_WORDS != 0 { 4 } else { 2 };
        at += if flags & HAVE_SCALE != 0 {
            2
        } else if flags & HAVE_XY_SCALE != 0 {
            4
        } else if flags & HAVE_2X2 != 0 {
            8
        } else {
            0
        };
        if flags & MORE_COMPONENTS == 0 {
            return Ok(positions);
        }
    }
}

fn components(data: &[u8]) -> Result<Vec<u16>, SubsetError> {
    component_positions(data)?
        .into_iter()
        .map(|at| u16_at(data, at))
        .collect()
}

fn renumber_components(data: &mut [u8], new_id: &BTreeMap<u16, u16>) -> Result<(), SubsetError> {
    for at in component_positions(data)? {
        let old = u16_at(data, at)?;
        let new = *new_id
            .get(&old)
            .ok_or(SubsetError("a component is missing"))?;
        put_u16(data, at, new);
    }
    Ok(())
}

/// A `cmap` table for the mapping: format 4 for the Basic Multilingual Plane (one segment
/// per run of consecutive characters and glyphs), format 12 when a character lies beyond.
fn cmap(mapping: &BTreeMap<char, u16>) -> Vec<u8> {
    // Runs (first char, last char, first glyph) where both advance by one.
    let mut runs: Vec<(u32, u32, u32)> = Vec::new();
    for (&c, &g) in mapping {
        let (c, g) = (c as u32, u32::from(g));
        match runs.last_mut() {
            Some(run) if run.1 + 1 == c && run.2 + (c - run.0) == g => run.1 = c,
            _ => runs.push((c, c, g)),
        }
    }
    let bmp: Vec<(u32, u32, u32)> = runs.iter().copied().filter(|r| r.1 <= 0xFFFE).collect();
    let wide = runs.iter().any(|r| r.1 > 0xFFFE);

    let mut f4 = Vec::new();
    let segments = bmp.len() + 1;
    let seg_x2 = (segments * 2) as u16;
    let mut power = 1u16;
    let mut log = 0u16;
    while usize::from(power) * 2 <= segments {
        power *= 2;
        log += 1;
    }
    let length = 16 + 8 * segments;
    for v in [
        4,
        length as u16,
        0,
        seg_x2,
        power * 2,
        log,
        seg_x2 - power * 2,
    ] {
        f4.extend_from_slice(&v.to_be_bytes());
    }
    for r in &bmp {
        f4.extend_from_slice(&(r.1 as u16).to_be_bytes());
    }
    f4.extend_from_slice(&0xFFFFu16.to_be_bytes());
    f4.extend_from_slice(&0u16.to_be_bytes()); // reservedPad
    for r in &bmp {
        f4.extend_from_slice(&(r.0 as u16).to_be_bytes());
    }
    f4.extend_from_slice(&0xFFFFu16.to_be_bytes());
    for r in &bmp {
        let delta = (r.2 as u16).wrapping_sub(r.0 as u16);
        f4.extend_from_slice(&delta.to_be_bytes());
    }
    f4.extend_from_slice(&1u16.to_be_bytes());
    for _ in 0..segments {
        f4.extend_from_slice(&0u16.to_be_bytes());
    }

    let mut f12 = Vec::new();
    if wide {
        for v in [12u16, 0] {
            f12.extend_from_slice(&v.to_be_bytes());
        }
        for v in [16 + 12 * runs.len() as u32, 0, runs.len() as u32] {
            f12.extend_from_slice(&v.to_be_bytes());
        }
        for r in &runs {
            for v in [r.0, r.1, r.2] {
                f12.extend_from_slice(&v.to_be_bytes());
            }
        }
    }

    let subtables = if wide { 2u16 } else { 1 };
    let mut out = Vec::new();
    out.extend_from_slice(&0u16.to_be_bytes());
    out.extend_from_slice(&subtables.to_be_bytes());
    let first = 4 + 8 * u32::from(subtables);
    for v in [3u16, 1] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    out.extend_from_slice(&first.to_be_bytes());
    if wide {
        for v in [3u16, 10] {
            out.extend_from_slice(&v.to_be_bytes());
        }
        out.extend_from_slice(&(first + f4.len() as u32).to_be_bytes());
    }
    out.extend_from_slice(&f4);
    out.extend_from_slice(&f12);
    out
}

/// Writes the font file: directory sorted by tag, tables 4-byte aligned, checksums and the
/// head's checksum adjustment.
fn assemble(tables: &BTreeMap<[u8; 4], Vec<u8>>) -> Vec<u8> {
    let count = tables.len() as u16;
    let mut power = 1u16;
    let mut log = 0u16;
    while power * 2 <= count {
        power *= 2;
        log += 1;
    }
    let mut out = Vec::new();
    out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    for v in [count, power * 16, log, count * 16 - power * 16] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    let mut offset = 12 + 16 * tables.len();
    let mut head_at = None;
    for (tag, data) in tables {
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(data).to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        if tag == b"head" {
            head_at = Some(offset);
        }
        offset += data.len().next_multiple_of(4);
    }
    for data in tables.values() {
        out.extend_from_slice(data);
        while out.len() % 4 != 0 {
            out.push(0);
        }
    }
    if let Some(at) = head_at {
        let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        put_u32(&mut out, at + 8, adjustment);
    }
    out
}

fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, chunk| {
        let mut word = [0u8; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

fn u16_at(data: &[u8], at: usize) -> Result<u16, SubsetError> {
    data.get(at..at + 2)
        .map(|b| u16::from_be_bytes([b[0], b[1]]))
        .ok_or(SubsetError("a table is short"))
}

fn i16_at(data: &[u8], at: usize) -> Result<i16, SubsetError> {
    u16_at(data, at).map(|v| v as i16)
}

fn u32_at(data: &[u8], at: usize) -> Result<u32, SubsetError> {
    data.get(at..at + 4)
        .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
        .ok_or(SubsetError("a table is short"))
}

fn put_u16(data: &mut [u8], at: usize, v: u16) {
    data[at..at + 2].copy_from_slice(&v.to_be_bytes());
}

fn put_u32(data: &mut [u8], at: usize, v: u32) {
    data[at..at + 4].copy_from_slice(&v.to_be_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::font::FontFile;

    #[test]
    fn subsets_draw_the_same_text_with_fewer_bytes() {
        for file in FontFile::ALL {
            let chars: BTreeSet<char> = "Hello, wörld → 42 Ωé".chars().collect();
            let small = subset(file.bytes(), &chars).expect("subset");
            assert!(
                small.len() * 5 < file.bytes().len(),
                "{file:?}: {}",
                small.len()
            );
            let full = ttf_parser::Face::parse(file.bytes(), 0).unwrap();
            let face = ttf_parser::Face::parse(&small, 0).expect("the subset parses");
            for &c in &chars {
                let (Some(a), Some(b)) = (full.glyph_index(c), face.glyph_index(c)) else {
                    assert!(full.glyph_index(c).is_none(), "{c:?} lost");
                    continue;
                };
                assert_eq!(
                    full.glyph_hor_advance(a),
                    face.glyph_hor_advance(b),
                    "{c:?}"
                );
                assert_eq!(
                    full.glyph_bounding_box(a),
                    face.glyph_bounding_box(b),
                    "{c:?}"
                );
            }
            assert!(face.glyph_index('Z').is_none());
            // The whole file's checksum is the magic number.
            assert_eq!(checksum(&small), 0xB1B0_AFBA);
            assert_eq!(
                subset(file.bytes(), &chars).unwrap(),
                small,
                "deterministic"
            );
        }
    }

    #[test]
    fn composite_glyphs_keep_their_components() {
        // Accented letters are composites in Inter; their outline must survive.
        let chars: BTreeSet<char> = "éÅ".chars().collect();
        let small = subset(FontFile::SansRegular.bytes(), &chars).unwrap();
        let face = ttf_parser::Face::parse(&small, 0).unwrap();
        struct Count(usize);
        impl ttf_parser::OutlineBuilder for Count {
            fn move_to(&mut self, _: f32, _: f32) {
                self.0 += 1;
            }
            fn line_to(&mut self, _: f32, _: f32) {}
            fn quad_to(&mut self, _: f32, _: f32, _: f32, _: f32) {}
            fn curve_to(&mut self, _: f32, _: f32, _: f32, _: f32, _: f32, _: f32) {}
            fn close(&mut self) {}
        }
        for c in chars {
            let mut count = Count(0);
            face.outline_glyph(face.glyph_index(c).unwrap(), &mut count);
            assert!(count.0 >= 2, "{c:?} has {} contours", count.0);
        }
    }

    #[test]
    fn characters_beyond_the_bmp_get_a_format_12_table() {
        let mapping: BTreeMap<char, u16> = [('a', 1), ('b', 2), ('😀', 3)].into_iter().collect();
        let table = cmap(&mapping);
        assert_eq!(u16_at(&table, 2).unwrap(), 2);
    }
}
