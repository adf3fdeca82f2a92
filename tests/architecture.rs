//! The shape of the source (docs/architecture.md): the top-level modules of
//! `pipeline/` form layers without cycles, and no source file grows past
//! what one reader holds in mind. Read from the source tree, like a linter.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::util::repo;

/// The longest a source file may be (tests included); the limit of issue 12.
const MAX_LINES: usize = 600;

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file under `pipeline/` belongs to.
fn module_of(root: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(root).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

/// Top-level module → the top-level modules its code names as `crate::x`
/// (comments left out; `use crate::{a, b}` counted too).
fn dependencies(root: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    sources(root, &mut files);
    let modules: BTreeSet<String> = files.iter().map(|f| module_of(root, f)).collect();
    let mut deps: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let from = module_of(root, file);
        if from == "lib" || from == "main" {
            continue;
        }
        let code: String = std::fs::read_to_string(file)
            .unwrap()
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        let mut named = BTreeSet::new();
        for part in code.split("crate::").skip(1) {
            if let Some(rest) = part.strip_prefix('{') {
                let group = rest.split('}').next().unwrap_or("");
                for item in group.split(',') {
                    named.insert(ident(item.trim()));
                }
            } else {
                named.insert(ident(part));
            }
        }
        let entry = deps.entry(from.clone()).or_default();
        for to in named {
            if to != from && modules.contains(&to) && to != "lib" {
                entry.insert(to);
            }
        }
    }
    deps
}

fn ident(s: &str) -> String {
    s.chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

/// A cycle through `start`, if any (depth-first search).
fn cycle_from(
    deps: &BTreeMap<String, BTreeSet<String>>,
    start: &str,
    path: &mut Vec<String>,
) -> Option<Vec<String>> {
    let last = path.last().cloned().unwrap_or_else(|| start.to_string());
    for next in deps.get(&last).into_iter().flatten() {
        if next == start {
            let mut cycle = path.clone();
            cycle.insert(0, start.to_string());
            cycle.push(start.to_string());
            return Some(cycle);
        }
        if !path.contains(next) && next.as_str() > start {
            path.push(next.clone());
            if let Some(c) = cycle_from(deps, start, path) {
                return Some(c);
            }
            path.pop();
        }
    }
    None
}

#[test]
fn top_level_modules_have_no_cycles() {
    let deps = dependencies(&repo().join("pipeline"));
    // The walk finds real edges (a broken parser would find none and pass).
    assert!(deps["marts"].contains("score"), "{deps:?}");
    assert!(deps["cmd"].contains("study"), "{deps:?}");
    for start in deps.keys() {
        if let Some(cycle) = cycle_from(&deps, start, &mut Vec::new()) {
            panic!(
                "modules import each other in a cycle: {}",
                cycle.join(" → ")
            );
        }
    }
    // The bottom layer depends on nothing but labels and errors.
    for bottom in ["domain", "files", "i18n", "criteria"] {
        let allowed: BTreeSet<String> = ["i18n", "error"].iter().map(|s| s.to_string()).collect();
        let extra: Vec<&String> = deps
            .get(bottom)
            .into_iter()
            .flatten()
            .filter(|d| !allowed.contains(*d))
            .collect();
        assert!(extra.is_empty(), "{bottom} reaches up into {extra:?}");
    }
}

#[test]
fn cycle_search_finds_a_cycle() {
    let mut deps: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    deps.entry("a".into()).or_default().insert("b".into());
    deps.entry("b".into()).or_default().insert("c".into());
    deps.entry("c".into()).or_default().insert("a".into());
    assert_eq!(
        cycle_from(&deps, "a", &mut Vec::new()),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
    deps.get_mut("c").unwrap().clear();
    assert_eq!(cycle_from(&deps, "a", &mut Vec::new()), None);
}

#[test]
fn no_source_file_is_over_600_lines() {
    let root = repo().join("pipeline");
    let mut files = Vec::new();
    sources(&root, &mut files);
    let mut over = Vec::new();
    for file in files {
        let rel = file
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let lines = std::fs::read_to_string(&file).unwrap().lines().count();
        if lines > MAX_LINES {
            over.push(format!("{rel}: {lines} lines"));
        }
    }
    assert!(over.is_empty(), "split these: {over:#?}");
}
