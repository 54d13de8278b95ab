//! The files a log command reads: those named, and below each folder named every file whose
//! name ends with one of the given endings, sorted; hidden entries are skipped.

use std::path::{Path, PathBuf};

pub fn list(paths: &[PathBuf], endings: &[&str]) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, endings, &mut files)?;
        } else {
            std::fs::metadata(path).map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
            files.push(path.clone());
        }
    }
    Ok(files)
}

fn walk(dir: &Path, endings: &[&str], files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", dir.display())))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')))
        .collect();
    entries.sort();
    for p in entries {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        if p.is_dir() {
            walk(&p, endings, files)?;
        } else if endings.iter().any(|e| name.ends_with(e)) {
            files.push(p);
        }
    }
    Ok(())
}
