//! XXH64 (Yann Collet's xxHash, 64 bits, seed 0), written here from its
//! specification: a fast hash of each file the site holds, recorded in the
//! output folder's manifest so that the next build can tell its own files,
//! unchanged, from anything else; and of each theme asset, in its links for
//! cache-busting (`asset(path=...)`, `render/html/addresses.rs`). Not a
//! defence against someone who means to forge a file (who could write the
//! manifest as well): it tells a file that a person changed or added.

const P1: u64 = 0x9E37_79B1_85EB_CA87;
const P2: u64 = 0xC2B2_AE3D_27D4_EB4F;
const P3: u64 = 0x1656_67B1_9E37_79F9;
const P4: u64 = 0x85EB_CA77_C2B2_AE63;
const P5: u64 = 0x27D4_EB2F_1656_67C5;

/// The hash of bytes given in pieces of any size.
#[derive(Clone)]
pub(crate) struct Hasher {
    acc: [u64; 4],
    /// Bytes not yet in a whole 32-byte stripe.
    pending: [u8; 32],
    pending_len: usize,
    total: u64,
}

fn round(acc: u64, lane: u64) -> u64 {
    acc.wrapping_add(lane.wrapping_mul(P2)).rotate_left(31).wrapping_mul(P1)
}

fn lane(bytes: &[u8]) -> u64 {
    u64::from_le_bytes(bytes[..8].try_into().unwrap_or([0; 8]))
}

impl Hasher {
    pub(crate) fn new() -> Hasher {
        Hasher { acc: [P1.wrapping_add(P2), P2, 0, P1.wrapping_neg()], pending: [0; 32], pending_len: 0, total: 0 }
    }

    fn stripe(acc: &mut [u64; 4], stripe: &[u8]) {
        for (i, a) in acc.iter_mut().enumerate() {
            *a = round(*a, lane(&stripe[i * 8..]));
        }
    }

    pub(crate) fn update(&mut self, mut data: &[u8]) {
        self.total += data.len() as u64;
        if self.pending_len > 0 {
            let take = (32 - self.pending_len).min(data.len());
            self.pending[self.pending_len..self.pending_len + take].copy_from_slice(&data[..take]);
            self.pending_len += take;
            data = &data[take..];
            if self.pending_len < 32 {
                return;
            }
            Hasher::stripe(&mut self.acc, &self.pending);
            self.pending_len = 0;
        }
        let mut stripes = data.chunks_exact(32);
        for s in &mut stripes {
            Hasher::stripe(&mut self.acc, s);
        }
        let rest = stripes.remainder();
        self.pending[..rest.len()].copy_from_slice(rest);
        self.pending_len = rest.len();
    }

    pub(crate) fn finish(&self) -> u64 {
        let mut h = if self.total >= 32 {
            let [a, b, c, d] = self.acc;
            let mut h = a.rotate_left(1).wrapping_add(b.rotate_left(7)).wrapping_add(c.rotate_left(12)).wrapping_add(d.rotate_left(18));
            for v in self.acc {
                h = (h ^ round(0, v)).wrapping_mul(P1).wrapping_add(P4);
            }
            h
        } else {
            P5
        };
        h = h.wrapping_add(self.total);
        let mut rest = &self.pending[..self.pending_len];
        while rest.len() >= 8 {
            h ^= round(0, lane(rest));
            h = h.rotate_left(27).wrapping_mul(P1).wrapping_add(P4);
            rest = &rest[8..];
        }
        if rest.len() >= 4 {
            let word = u32::from_le_bytes(rest[..4].try_into().unwrap_or([0; 4]));
            h ^= u64::from(word).wrapping_mul(P1);
            h = h.rotate_left(23).wrapping_mul(P2).wrapping_add(P3);
            rest = &rest[4..];
        }
        for &b in rest {
            h ^= u64::from(b).wrapping_mul(P5);
            h = h.rotate_left(11).wrapping_mul(P1);
        }
        h ^= h >> 33;
        h = h.wrapping_mul(P2);
        h ^= h >> 29;
        h = h.wrapping_mul(P3);
        h ^ (h >> 32)
    }
}

/// The hash of `data`.
pub(crate) fn hash(data: &[u8]) -> u64 {
    let mut h = Hasher::new();
    h.update(data);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values() {
        // The reference implementation's results (xxhsum -H1).
        assert_eq!(hash(b""), 0xEF46_DB37_51D8_E999);
        assert_eq!(hash(b"a"), 0xD24E_C4F1_A98C_6E5B);
        assert_eq!(hash(b"abc"), 0x44BC_2CF5_AD77_0999);
    }

    #[test]
    fn pieces_of_any_size_hash_as_the_whole() {
        let data: Vec<u8> = (0..1000u32).map(|i| (i * 7 + i / 13) as u8).collect();
        for len in [0, 1, 3, 4, 7, 8, 31, 32, 33, 63, 64, 65, 100, 1000] {
            let whole = hash(&data[..len]);
            for piece in [1, 5, 31, 32, 33, 200] {
                let mut h = Hasher::new();
                for chunk in data[..len].chunks(piece) {
                    h.update(chunk);
                }
                assert_eq!(h.finish(), whole, "{len} bytes in pieces of {piece}");
            }
        }
        assert_ne!(hash(&data[..100]), hash(&data[..99]));
    }
}
