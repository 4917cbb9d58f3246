//! How the bundle's files are named and stored: content-hash names (short, longer where two
//! would collide) and gzip after Pagefind's `pagefind_dcd` signature, as Pagefind writes them.

use std::cell::RefCell;
use std::hash::Hasher;
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};

use flate2::{Compress, Compression, Crc, FlushCompress, Status};
use rustc_hash::FxHashSet;
use siphasher::sip128::{Hasher128, SipHasher13};

use crate::images::cache::Cache;

/// A data file of a bundle: its gzipped bytes, or the cache file that holds them.
pub enum Stored {
    /// Made by this build and not cached.
    Bytes(Vec<u8>),
    /// In the build cache (the output gets a hard link to it).
    Cached(PathBuf),
}

/// The gzipped data files in `.accord-cache/search/`, each named by a hash of what it holds and
/// its compression level: compressing is most of the index's time, and a rebuild meets mostly
/// the same fragments (one per page) and, when no page changed, the same index chunks. After a
/// build the folder keeps only what that build used ([`GzipCache::prune`]): a chunk changes
/// whenever a page's words do, and kept forever they would pile up at every edit.
pub struct GzipCache {
    cache: Cache,
    used: Mutex<FxHashSet<String>>,
    /// The names in the folder when this build first asked, read once: asking the file system
    /// about each of 20,000 fragments was a fortieth of the build.
    present: OnceLock<FxHashSet<String>>,
}

impl GzipCache {
    /// A cache in `cache`'s folder.
    pub fn new(cache: Cache) -> GzipCache {
        GzipCache {
            cache,
            used: Mutex::default(),
            present: OnceLock::new(),
        }
    }

    /// Whether the folder held `name` when this build first looked. A file deleted since (by
    /// another build pruning the same cache) fails when the output links to it, as it would
    /// have between a check of each file and the link.
    fn has(&self, name: &str) -> bool {
        self.present
            .get_or_init(|| self.cache.names())
            .contains(name)
    }

    /// `bytes` (whose [`full_hash`] is `hash`) gzipped at `level`, as [`gzip`] makes them: from
    /// the cache when it has them, else made and kept there.
    pub fn gzip(&self, bytes: &[u8], hash: &str, level: u32) -> Stored {
        let name = GzipCache::name(hash, level);
        let path = self.cache.path(&name);
        if !self.has(&name) {
            let gzipped = gzip(bytes, level);
            if !self.cache.store(&name, &gzipped) {
                return Stored::Bytes(gzipped);
            }
        }
        self.used
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .insert(name);
        Stored::Cached(path)
    }

    /// The name in the cache of the bytes whose [`full_hash`] is `hash`, gzipped at `level`.
    pub fn name(hash: &str, level: u32) -> String {
        format!("{hash}.{level}")
    }

    /// The folder of the notes of previous indexes ([`super::reuse`]), beside this cache's.
    pub fn notes(&self) -> Cache {
        self.cache.sibling("search-index")
    }

    /// The cached file `name` (as [`GzipCache::gzip`] named it), kept by this build, if it is
    /// still there.
    pub fn reuse(&self, name: &str) -> Option<Stored> {
        if !self.has(name) {
            return None;
        }
        let path = self.cache.path(name);
        self.used
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .insert(name.to_owned());
        Some(Stored::Cached(path))
    }

    /// The names of the cached files this build used; with `prune`, the others are deleted.
    pub fn finish(self, prune: bool) -> FxHashSet<String> {
        let used = self
            .used
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if prune && !used.is_empty() {
            self.cache.prune(|name| used.contains(name));
        }
        used
    }
}

/// File names from full hashes: `prefix` and the first `digits` digits, more where two would
/// collide (in order, so the same input always gets the same names).
pub fn short_names<'h>(
    prefix: &str,
    digits: usize,
    hashes: impl Iterator<Item = &'h str>,
) -> Vec<String> {
    let mut taken: rustc_hash::FxHashSet<String> = rustc_hash::FxHashSet::default();
    hashes
        .map(|hash| {
            let mut length = digits;
            let mut name = format!("{prefix}{}", &hash[..length]);
            while taken.contains(&name) && length < hash.len() {
                length += 1;
                name = format!("{prefix}{}", &hash[..length]);
            }
            taken.insert(name.clone());
            name
        })
        .collect()
}

/// A 128-bit hash of `bytes` in hex, for content-addressed file names.
pub fn full_hash(bytes: &[u8]) -> String {
    let mut hasher = SipHasher13::new();
    hasher.write(bytes);
    format!("{:032x}", hasher.finish128().as_u128())
}

/// `bytes` after Pagefind's signature, gzipped. Each thread keeps one compressor and resets it:
/// a new one per file allocated (and the kernel zeroed) a quarter of a megabyte of tables each
/// time, 40,000 times in a 10,000-article build.
pub fn gzip(bytes: &[u8], level: u32) -> Vec<u8> {
    thread_local! {
        static DEFLATE: RefCell<Vec<(u32, Compress)>> = const { RefCell::new(Vec::new()) };
    }
    const SIGNATURE: &[u8] = b"pagefind_dcd";
    // A gzip member (RFC 1952): header without name or time, raw deflate, CRC-32, length.
    let mut out = Vec::with_capacity(bytes.len() / 3 + 64);
    out.extend_from_slice(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
    let mut crc = Crc::new();
    crc.update(SIGNATURE);
    crc.update(bytes);
    DEFLATE.with_borrow_mut(|compressors| {
        let at = match compressors.iter().position(|(l, _)| *l == level) {
            Some(at) => at,
            None => {
                compressors.push((level, Compress::new(Compression::new(level), false)));
                compressors.len() - 1
            }
        };
        let deflate = &mut compressors[at].1;
        deflate.reset();
        for (input, flush) in [
            (SIGNATURE, FlushCompress::None),
            (bytes, FlushCompress::Finish),
        ] {
            let mut rest = input;
            loop {
                out.reserve(rest.len() / 2 + 1024);
                let before = deflate.total_in();
                // Compressing into a Vec's spare capacity cannot fail.
                let status = deflate.compress_vec(rest, &mut out, flush);
                let taken = usize::try_from(deflate.total_in() - before).unwrap_or(rest.len());
                rest = &rest[taken..];
                match status {
                    Ok(Status::StreamEnd) => break,
                    Ok(_) if rest.is_empty() && matches!(flush, FlushCompress::None) => break,
                    Ok(_) => {}
                    Err(_) => break,
                }
            }
        }
    });
    out.extend_from_slice(&crc.sum().to_le_bytes());
    out.extend_from_slice(&crc.amount().to_le_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::bundle::{CHUNK_LEVEL, FRAGMENT_LEVEL, META_LEVEL};
    use std::io::Read;

    #[test]
    fn data_files_are_gzip_members_holding_the_signature_and_the_bytes() {
        let text = "pages ".repeat(5000);
        for level in [FRAGMENT_LEVEL, CHUNK_LEVEL, META_LEVEL] {
            // Twice: the thread's compressor is reused.
            for _ in 0..2 {
                let mut out = String::new();
                flate2::read::GzDecoder::new(&gzip(text.as_bytes(), level)[..])
                    .read_to_string(&mut out)
                    .expect("valid gzip");
                assert_eq!(out, ["pagefind_dcd", &text].concat());
            }
        }
    }

    #[test]
    fn colliding_short_hashes_get_longer_names() {
        let names = short_names(
            "en_",
            7,
            ["abcdef0123", "abcdef0456", "1234567890"].into_iter(),
        );
        assert_eq!(names, ["en_abcdef0", "en_abcdef04", "en_1234567"]);
    }
}
