//! An .xls (Excel 97-2003) workbook's cells, placed before calamine reads
//! it: calamine has no cell-by-cell reader for .xls, and makes each sheet
//! one grid from its first cell to its last, with room reserved first for
//! what the sheet's Dimensions record declares. Here the compound file is
//! followed to its Workbook stream, and every cell record, and every
//! Dimensions record, is held to the limits of src/import/limits.rs.
//!
//! A compound file is sectors: a header, a table chaining the sectors of
//! each stream (the FAT), a directory naming the streams, and streams under
//! 4,096 bytes kept in a "mini stream" of 64-byte sectors with its own
//! table ([MS-CFB]). A workbook stream is BIFF records: a type, a length,
//! and the data, a cell's row and column first ([MS-XLS]).

use super::limits::Extent;

const END: u32 = 0xFFFF_FFFA;

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    b.get(at..at + 2).map(|s| u16::from_le_bytes([s[0], s[1]]))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    b.get(at..at + 4).map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

/// A compound file's streams named `Workbook` or `Book` (any case), each
/// cut to its size. Err (why, in words) when the file cannot be followed.
pub(super) fn workbook_streams(bytes: &[u8]) -> Result<Vec<Vec<u8>>, &'static str> {
    if bytes.get(..8) != Some(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1][..]) {
        return Err("it is not an Excel 97-2003 workbook");
    }
    let damaged = "its structure is damaged";
    let shift = u16_at(bytes, 0x1E).ok_or(damaged)?;
    if shift != 9 && shift != 12 {
        return Err(damaged);
    }
    let size = 1usize << shift;
    let sector = |id: u32| bytes.get((id as usize + 1) * size..(id as usize + 2) * size);
    let sectors = bytes.len() / size;
    // The FAT's sectors: 109 in the header, the rest in a chain of DIFAT sectors.
    let mut fat_ids: Vec<u32> = (0..109).filter_map(|i| u32_at(bytes, 0x4C + 4 * i)).filter(|&id| id < END).collect();
    let mut difat = u32_at(bytes, 0x44).ok_or(damaged)?;
    let mut steps = 0;
    while difat < END {
        steps += 1;
        if steps > sectors {
            return Err(damaged);
        }
        let s = sector(difat).ok_or(damaged)?;
        let per = size / 4 - 1;
        fat_ids.extend((0..per).filter_map(|i| u32_at(s, 4 * i)).filter(|&id| id < END));
        difat = u32_at(s, 4 * per).ok_or(damaged)?;
    }
    if fat_ids.len() > sectors {
        return Err(damaged);
    }
    let mut fat = Vec::new();
    for id in fat_ids {
        let s = sector(id).ok_or(damaged)?;
        fat.extend((0..size / 4).filter_map(|i| u32_at(s, 4 * i)));
    }
    // A chain of sectors, read into one; at most one visit per sector.
    let chain = |start: u32, table: &[u32], read: &dyn Fn(u32) -> Option<Vec<u8>>| -> Result<Vec<u8>, &'static str> {
        let mut out = Vec::new();
        let mut id = start;
        let mut steps = 0;
        while id < END {
            steps += 1;
            if steps > table.len() {
                return Err(damaged);
            }
            out.extend(read(id).ok_or(damaged)?);
            id = *table.get(id as usize).ok_or(damaged)?;
        }
        Ok(out)
    };
    let big = |id: u32| sector(id).map(<[u8]>::to_vec);
    let dir = chain(u32_at(bytes, 0x30).ok_or(damaged)?, &fat, &big)?;
    let entry = |i: usize| dir.get(i * 128..(i + 1) * 128);
    let root = entry(0).ok_or(damaged)?;
    let size_of = |e: &[u8]| -> u64 {
        let low = u64::from(u32_at(e, 120).unwrap_or(0));
        // A version 3 file (512-byte sectors) keeps only the low 32 bits.
        if shift == 9 { low } else { low | u64::from(u32_at(e, 124).unwrap_or(0)) << 32 }
    };
    let cutoff = u64::from(u32_at(bytes, 0x38).unwrap_or(4096));
    let mut mini: Option<(Vec<u8>, Vec<u32>)> = None;
    let mut streams = Vec::new();
    for i in 0..dir.len() / 128 {
        let Some(e) = entry(i) else { break };
        let name_len = usize::from(u16_at(e, 64).unwrap_or(0)).min(64);
        let name: Vec<u16> = (0..name_len.saturating_sub(2) / 2).filter_map(|k| u16_at(e, 2 * k)).collect();
        let name = String::from_utf16_lossy(&name);
        if e[66] != 2 || !(name.eq_ignore_ascii_case("Workbook") || name.eq_ignore_ascii_case("Book")) {
            continue;
        }
        let length = size_of(e);
        let start = u32_at(e, 116).ok_or(damaged)?;
        let mut data = if length < cutoff {
            if mini.is_none() {
                let stream = chain(u32_at(root, 116).ok_or(damaged)?, &fat, &big)?;
                let table = chain(u32_at(bytes, 0x3C).ok_or(damaged)?, &fat, &big)?;
                let table: Vec<u32> = (0..table.len() / 4).filter_map(|k| u32_at(&table, 4 * k)).collect();
                mini = Some((stream, table));
            }
            let (stream, table) = mini.as_ref().ok_or(damaged)?;
            let small = |id: u32| stream.get(id as usize * 64..(id as usize + 1) * 64).map(<[u8]>::to_vec);
            chain(start, table, &small)?
        } else {
            chain(start, &fat, &big)?
        };
        data.truncate(usize::try_from(length).unwrap_or(usize::MAX));
        streams.push(data);
    }
    Ok(streams)
}

/// The records of a workbook stream from `from`: (type, data), as
/// calamine reads them, until one runs past the end.
fn records(stream: &[u8], from: usize) -> impl Iterator<Item = (u16, &[u8])> {
    let mut pos = from;
    std::iter::from_fn(move || {
        let typ = u16_at(stream, pos)?;
        let len = usize::from(u16_at(stream, pos + 2)?);
        let data = stream.get(pos + 4..pos + 4 + len)?;
        pos += 4 + len;
        Some((typ, data))
    })
}

/// Every sheet of the workbook stream within the limits, read where
/// calamine reads it: from the place each BoundSheet record of the
/// workbook's globals gives, to its EOF record, skipping the records of a
/// chart (a BOF to EOF inside it), as calamine does.
pub(super) fn check_stream(stream: &[u8], file: &str) -> Result<(), String> {
    let mut sheets = Vec::new();
    for (typ, data) in records(stream, 0) {
        match typ {
            // BoundSheet8: a sheet's place in the stream.
            0x0085 => sheets.extend(u32_at(data, 0)),
            0x000A => break,
            _ => {}
        }
    }
    let place = format!("a sheet of {file}");
    for start in sheets {
        let mut extent = Extent::default();
        let (mut seen_bof, mut depth) = (false, 0usize);
        for (typ, data) in records(stream, start as usize) {
            let at = |i: usize| u16_at(data, i).map(u64::from);
            if depth > 0 {
                match typ {
                    0x0809 => depth += 1,
                    0x000A => depth -= 1,
                    _ => {}
                }
                continue;
            }
            match typ {
                0x0809 if seen_bof => depth += 1,
                0x0809 => seen_bof = true,
                0x000A => break,
                // Number, Label, RString, BoolErr, RK, LabelSst, Formula.
                0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
                    if let (Some(row), Some(col)) = (at(0), at(2)) {
                        extent.add(&place, row, col, 1, 1)?;
                        extent.hold(&place, 1)?;
                    }
                }
                // MulRk: a run of numbers along a row.
                0x00BD => {
                    if let (Some(row), Some(col)) = (at(0), at(2)) {
                        let n = (data.len().saturating_sub(6) / 6) as u64;
                        extent.add(&place, row, col, 1, n)?;
                        extent.hold(&place, n)?;
                    }
                }
                // Dimensions: the rows and columns the sheet says it uses,
                // which calamine reserves room for.
                0x0200 => dimensions(data, file)?,
                _ => {}
            }
        }
    }
    Ok(())
}

/// A Dimensions record, read as calamine reads it (rows and columns
/// counted in 32 bits, wrapping), at most [`super::limits::MAX_CELLS`].
fn dimensions(data: &[u8], file: &str) -> Result<(), String> {
    let at = |i: usize| u16_at(data, i).map_or(0, u32::from);
    let (rf, rl, cf, cl) = match data.len() {
        10 => (at(0), at(2), at(4), at(6)),
        14 | 16 => (u32_at(data, 0).unwrap_or(0), u32_at(data, 4).unwrap_or(0), at(8), at(10)),
        _ => return Ok(()),
    };
    let cf = if cf > 0xFF || cl < cf { 0 } else { cf };
    if rl == 0 || cl == 0 {
        return Ok(());
    }
    let rows = u64::from((rl - 1).wrapping_sub(rf).wrapping_add(1));
    let cols = u64::from((cl - 1).wrapping_sub(cf).wrapping_add(1));
    let declared = rows.saturating_mul(cols);
    if declared > super::limits::MAX_CELLS {
        return Err(format!(
            "a sheet of {file} says it spans {declared} cells, far more than a register has: ccgpages does not read \
             it. Open the file in Excel or LibreOffice, delete the rows and columns beyond the register, save it as \
             an Excel workbook (.xlsx) and import that"
        ));
    }
    Ok(())
}

/// An .xls file within the limits, or Err with what to do.
pub(super) fn check(bytes: &[u8], file: &str) -> Result<(), String> {
    let streams = workbook_streams(bytes).map_err(|why| {
        format!(
            "{file} cannot be checked before it is read ({why}). Open it in Excel or LibreOffice, save it as an \
             Excel workbook (.xlsx), and import that"
        )
    })?;
    for stream in streams {
        check_stream(&stream, file)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A version 3 compound file holding `stream` as its Workbook: a FAT
    /// sector, a directory sector, then the stream's sectors (at least
    /// 4,096 bytes, so not in the mini stream).
    fn compound(stream: &[u8]) -> Vec<u8> {
        let mut stream = stream.to_vec();
        stream.resize(stream.len().max(4096).div_ceil(512) * 512, 0);
        let n = stream.len() / 512;
        let mut out = vec![0u8; 512];
        out[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
        out[0x1A..0x1C].copy_from_slice(&3u16.to_le_bytes());
        out[0x1C..0x1E].copy_from_slice(&0xFFFEu16.to_le_bytes());
        out[0x1E..0x20].copy_from_slice(&9u16.to_le_bytes());
        out[0x20..0x22].copy_from_slice(&6u16.to_le_bytes());
        out[0x2C..0x30].copy_from_slice(&1u32.to_le_bytes());
        out[0x30..0x34].copy_from_slice(&1u32.to_le_bytes());
        out[0x38..0x3C].copy_from_slice(&4096u32.to_le_bytes());
        out[0x3C..0x40].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes());
        out[0x44..0x48].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes());
        for i in 0..109 {
            out[0x4C + 4 * i..0x50 + 4 * i].copy_from_slice(&0xFFFF_FFFFu32.to_le_bytes());
        }
        out[0x4C..0x50].copy_from_slice(&0u32.to_le_bytes());
        // Sector 0: the FAT. 0 is the FAT itself, 1 the directory, 2.. the stream.
        let mut fat = vec![0xFFFF_FFFFu32; 128];
        fat[0] = 0xFFFF_FFFD;
        fat[1] = 0xFFFF_FFFE;
        for i in 0..n {
            fat[2 + i] = if i + 1 == n { 0xFFFF_FFFE } else { (3 + i) as u32 };
        }
        out.extend(fat.iter().flat_map(|v| v.to_le_bytes()));
        // Sector 1: the directory, the root and the Workbook.
        let mut dir = vec![0u8; 512];
        let entry = |dir: &mut [u8], i: usize, name: &str, kind: u8, start: u32, size: u32| {
            let e = &mut dir[i * 128..(i + 1) * 128];
            let units: Vec<u16> = name.encode_utf16().collect();
            for (k, u) in units.iter().enumerate() {
                e[2 * k..2 * k + 2].copy_from_slice(&u.to_le_bytes());
            }
            e[64..66].copy_from_slice(&(((units.len() + 1) * 2) as u16).to_le_bytes());
            e[66] = kind;
            e[68..72].copy_from_slice(&0xFFFF_FFFFu32.to_le_bytes());
            e[72..76].copy_from_slice(&0xFFFF_FFFFu32.to_le_bytes());
            e[76..80].copy_from_slice(&0xFFFF_FFFFu32.to_le_bytes());
            e[116..120].copy_from_slice(&start.to_le_bytes());
            e[120..124].copy_from_slice(&size.to_le_bytes());
        };
        entry(&mut dir, 0, "Root Entry", 5, 0xFFFF_FFFE, 0);
        entry(&mut dir, 1, "Workbook", 2, 2, stream.len() as u32);
        out.extend(dir);
        out.extend(stream);
        out
    }

    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut r = typ.to_le_bytes().to_vec();
        r.extend((data.len() as u16).to_le_bytes());
        r.extend(data);
        r
    }

    /// A workbook stream: globals with a BoundSheet for each sheet, then the
    /// sheets, each BOF, its records, EOF.
    fn workbook(sheets: &[Vec<u8>]) -> Vec<u8> {
        let globals_len = 20 + 6 + sheets.len() * 12 + 4;
        let mut out = record(0x0809, &[0; 16]);
        out.extend(record(0x0042, &1252u16.to_le_bytes()));
        let mut pos = globals_len;
        for sheet in sheets {
            let mut d = (pos as u32).to_le_bytes().to_vec();
            d.extend([0, 0, 1, 0]);
            out.extend(record(0x0085, &d));
            pos += 20 + sheet.len() + 4;
        }
        out.extend(record(0x000A, &[]));
        assert_eq!(out.len(), globals_len);
        for sheet in sheets {
            out.extend(record(0x0809, &[0; 16]));
            out.extend(sheet);
            out.extend(record(0x000A, &[]));
        }
        out
    }

    fn number(row: u16, col: u16) -> Vec<u8> {
        let mut d = row.to_le_bytes().to_vec();
        d.extend(col.to_le_bytes());
        d.extend([0u8; 10]);
        record(0x0203, &d)
    }

    #[test]
    fn the_workbook_stream_is_found_and_its_cells_placed() {
        let stream = workbook(&[[number(0, 0), number(19_999, 199)].concat()]);
        let file = compound(&stream);
        let streams = workbook_streams(&file).unwrap();
        assert_eq!(streams.len(), 1);
        assert_eq!(&streams[0][..stream.len()], &stream[..]);
        // A1 and GR20000 span 4,000,000 cells.
        let err = check(&file, "r.xls").unwrap_err();
        assert!(err.contains("a sheet of r.xls spans 4,000,000 cells, from A1 to GR20000"), "{err}");
    }

    #[test]
    fn a_cell_far_away_and_a_huge_dimensions_record_are_refused() {
        let stream = workbook(&[[number(0, 0), number(65_535, 255)].concat()]);
        let err = check(&compound(&stream), "r.xls").unwrap_err();
        assert!(err.contains("a sheet of r.xls has something in cell IV65536"), "{err}");
        let mut dims = 0u32.to_le_bytes().to_vec();
        dims.extend(1_000_000_000u32.to_le_bytes());
        dims.extend(0u16.to_le_bytes());
        dims.extend(256u16.to_le_bytes());
        dims.extend([0, 0]);
        let err = check(&compound(&workbook(&[record(0x0200, &dims)])), "r.xls").unwrap_err();
        assert!(err.contains("says it spans 256000000000 cells"), "{err}");
        // Each sheet has its own extent; a chart's records inside a sheet are skipped, as calamine skips them.
        let chart = [record(0x0809, &[0; 16]), number(65_535, 255), record(0x000A, &[])].concat();
        let stream = workbook(&[number(0, 0), [number(60_000, 5), chart].concat()]);
        assert_eq!(check(&compound(&stream), "r.xls"), Ok(()));
        // Records hidden from a reading from the start, where a BoundSheet points: found.
        let mut stream = workbook(&[number(0, 0)]);
        let hidden = stream.len() + 4;
        stream.extend(record(0x1234, &[record(0x0809, &[0; 16]), number(65_535, 255)].concat()));
        let at = 20 + 6 + 4;
        stream[at..at + 4].copy_from_slice(&(hidden as u32).to_le_bytes());
        let err = check(&compound(&stream), "r.xls").unwrap_err();
        assert!(err.contains("cell IV65536"), "{err}");
    }

    #[test]
    fn a_file_that_cannot_be_followed_is_refused() {
        let err = check(b"not a compound file", "r.xls").unwrap_err();
        assert!(err.contains("r.xls cannot be checked before it is read (it is not an Excel 97-2003 workbook)"), "{err}");
        let mut file = compound(&workbook(&[number(0, 0)]));
        // The stream's chain loops on itself.
        let at = 512 + 4 * 2;
        file[at..at + 4].copy_from_slice(&2u32.to_le_bytes());
        assert!(check(&file, "r.xls").unwrap_err().contains("its structure is damaged"));
    }
}
