//! Completions and manual pages come from the one CLI definition: every command is in them,
//! and the shells can read what is printed.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
use common::rampart;

fn stdout(args: &[&str]) -> String {
    String::from_utf8(rampart().args(args).assert().success().get_output().stdout.clone()).unwrap()
}

fn commands() -> Vec<String> {
    stdout(&["man", "--list"]).lines().map(str::to_owned).collect()
}

#[test]
fn completions_name_every_command_and_parse() {
    let commands = commands();
    assert!(
        commands.len() > 10 && commands.iter().any(|c| c == "scan"),
        "{commands:?}"
    );
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = stdout(&["completions", shell]);
        for c in &commands {
            assert!(script.contains(c.as_str()), "{shell}: no `{c}`");
        }
        assert!(script.contains("--fail-on"), "{shell}: scan's options are completed");
    }
    // bash is on every machine that runs the tests: it must parse the script.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rampart.bash");
    std::fs::write(&path, stdout(&["completions", "bash"])).unwrap();
    let ok = std::process::Command::new("bash")
        .arg("-n")
        .arg(&path)
        .status()
        .unwrap();
    assert!(ok.success(), "bash -n refuses the completion script");
}

#[test]
fn a_manual_page_for_the_tool_and_each_command() {
    let page = stdout(&["man"]);
    assert!(page.contains(".TH rampart 1"), "{}", &page[..200.min(page.len())]);
    for c in commands() {
        let roff = c.replace('-', "\\-"); // roff escapes a hyphen in text
        assert!(page.contains(&roff), "rampart(1) does not list `{c}`");
        let sub = stdout(&["man", &c]);
        assert!(
            sub.contains(&format!(".TH rampart-{c} 1")),
            "{c}: {}",
            &sub[..200.min(sub.len())]
        );
        assert!(
            sub.contains(".SH SYNOPSIS") && sub.contains(&format!("rampart {roff}")),
            "{c}"
        );
    }
    let out = rampart()
        .args(["man", "no-such-command"])
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    assert!(String::from_utf8_lossy(&out).contains("rampart man --list"));
}
