//! Helpers for integration tests: copy a fixture site into a fresh temporary
//! folder, change its files, run the real binary, read what it wrote.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

pub(crate) const BIN: &str = env!("CARGO_BIN_EXE_ccgpages");

/// A temporary folder, removed when dropped.
pub(crate) struct TempDir(pub PathBuf);

impl TempDir {
    pub(crate) fn new(label: &str) -> TempDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!("ccgpages-test-{label}-{}-{}", std::process::id(), N.fetch_add(1, Ordering::SeqCst)));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
    pub(crate) fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub(crate) fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub(crate) fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), dest).unwrap();
        }
    }
}

/// A copy of `tests/fixtures/<name>` as `<tmp>/content`, with `<tmp>/site` for output.
pub(crate) struct Fixture {
    pub tmp: TempDir,
}

impl Fixture {
    pub(crate) fn new(name: &str) -> Fixture {
        let tmp = TempDir::new(name);
        copy_dir(&repo().join("tests/fixtures").join(name), &tmp.path().join("content"));
        Fixture { tmp }
    }
    pub(crate) fn content(&self) -> PathBuf {
        self.tmp.path().join("content")
    }
    pub(crate) fn site(&self) -> PathBuf {
        self.tmp.path().join("site")
    }
    pub(crate) fn file(&self, rel: &str) -> PathBuf {
        self.content().join(rel)
    }
    pub(crate) fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.file(rel)).unwrap()
    }
    pub(crate) fn write(&self, rel: &str, text: &str) {
        let p = self.file(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    /// Replaces `from` (which must occur) with `to` in a content file.
    pub(crate) fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        self.write(rel, &text.replacen(from, to, 1));
    }
    /// `ccgpages build` of this fixture as of 2016-06-30, plus `extra` arguments.
    pub(crate) fn build(&self, extra: &[&str]) -> Run {
        let content = self.content();
        let site = self.site();
        let mut args = vec!["build", "--content", content.to_str().unwrap(), "--output", site.to_str().unwrap(), "--as-of", "2016-06-30"];
        args.extend_from_slice(extra);
        run(&args)
    }
    pub(crate) fn check(&self, extra: &[&str]) -> Run {
        let content = self.content();
        let mut args = vec!["check", "--content", content.to_str().unwrap(), "--as-of", "2016-06-30"];
        args.extend_from_slice(extra);
        run(&args)
    }
    pub(crate) fn page(&self, rel: &str) -> String {
        std::fs::read_to_string(self.site().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }
}

pub(crate) struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub(crate) fn run(args: &[&str]) -> Run {
    let out: Output = Command::new(BIN)
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        // Run as on this machine also in GitHub Actions (no annotations, no
        // job summary): tests/suite/format.rs sets these itself.
        .env_remove("GITHUB_ACTIONS")
        .env_remove("GITHUB_STEP_SUMMARY")
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Every file under `dir`, as (relative path, bytes), sorted.
pub(crate) fn all_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let p = entry.path();
            if entry.file_type().unwrap().is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
                out.push((rel, std::fs::read(&p).unwrap()));
            }
        }
    }
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// A one-page PDF whose text layer shows `lines` (Helvetica; the text must
/// not hold `(`, `)` or `\`), written by hand with a correct
/// cross-reference table.
pub(crate) fn pdf_with_text(lines: &[&str]) -> Vec<u8> {
    let mut content = String::from("BT /F1 11 Tf 72 760 Td");
    for line in lines {
        content.push_str(&format!(" ({line}) Tj 0 -14 Td"));
    }
    content.push_str(" ET");
    pdf_with_content(content.as_bytes())
}

/// A one-page PDF drawing `content` (a content stream), with font F1.
pub(crate) fn pdf_with_content(content: &[u8]) -> Vec<u8> {
    let mut page_content = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
    page_content.extend_from_slice(content);
    page_content.extend_from_slice(b"\nendstream");
    let objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>".to_vec(),
        page_content,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec(),
    ];
    pdf_of(&objects)
}

/// A PDF written by hand: `objects` are the bodies of objects 1.., with a
/// correct cross-reference table; object 1 is the catalog.
pub(crate) fn pdf_of(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes());
    out
}

/// A zip of `parts` (name, contents), deflated: a DOCX, XLSX or ODT when
/// the parts are theirs.
pub(crate) fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in parts {
        w.start_file(*name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

impl Fixture {
    /// Writes bytes to a content file, making its folders.
    pub(crate) fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let p = self.file(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
}
