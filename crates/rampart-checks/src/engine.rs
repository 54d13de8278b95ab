//! Runs every registered check over an inventory: regions in parallel, checks whose inputs
//! were not read reported as not evaluated, findings ranked.

use rampart_inventory::{Inventory, Status, GLOBAL};
use rayon::prelude::*;

use crate::config::Config;
use crate::context::{GlobalContext, RegionContext};
use crate::evidence::Evidence;
use crate::finding::Finding;
use crate::registry::{Check, Runner, CHECKS};

/// A check (or one resource of it) that could not be judged, and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct NotEvaluated {
    pub check_id: &'static str,
    /// A region name, or `global`.
    pub scope: String,
    /// Set when only one resource could not be judged.
    pub resource_id: Option<String>,
    pub reason: String,
}

/// What checks write into.
#[derive(Debug, Default)]
pub struct Outcomes {
    pub findings: Vec<Finding>,
    pub not_evaluated: Vec<NotEvaluated>,
}

#[derive(Debug, Default)]
pub struct ScanResult {
    /// Ranked: severity, confidence, blast radius.
    pub findings: Vec<Finding>,
    pub not_evaluated: Vec<NotEvaluated>,
    /// How many (check, scope) pairs ran.
    pub evaluated: usize,
    /// The log evidence the scan was given, with how much of each was read.
    pub logs: Vec<crate::evidence::LogRead>,
}

/// Runs all registered checks with the default configuration.
pub fn run(inventory: &Inventory) -> ScanResult {
    run_with(inventory, &Config::default())
}

/// Runs all registered checks with a configuration.
pub fn run_with(inventory: &Inventory, config: &Config) -> ScanResult {
    run_checks(inventory, config, CHECKS)
}

pub fn run_checks(inventory: &Inventory, config: &Config, checks: &[&Check]) -> ScanResult {
    run_checks_with(inventory, config, &Evidence::default(), checks)
}

/// Runs every registered check with log evidence (flow logs given with the scan).
pub fn run_with_evidence(inventory: &Inventory, config: &Config, evidence: &Evidence) -> ScanResult {
    run_checks_with(inventory, config, evidence, CHECKS)
}

pub fn run_checks_with(inventory: &Inventory, config: &Config, evidence: &Evidence, checks: &[&Check]) -> ScanResult {
    let per_region: Vec<(Outcomes, usize)> = inventory
        .regions
        .values()
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|region| {
            let cx = RegionContext::new(inventory, region, config, evidence);
            let mut out = Outcomes::default();
            let mut evaluated = 0;
            for check in checks {
                if let Runner::Regional(run) = check.run {
                    evaluated += run_if_read(inventory, &region.name, check, &mut out, |out| run(&cx, out));
                }
            }
            (out, evaluated)
        })
        .collect();

    let global = {
        let cx = GlobalContext::new(inventory, config, evidence);
        let mut out = Outcomes::default();
        let mut evaluated = 0;
        for check in checks {
            if let Runner::Global(run) = check.run {
                evaluated += run_if_read(inventory, GLOBAL, check, &mut out, |out| run(&cx, out));
            }
        }
        (out, evaluated)
    };

    let mut result = ScanResult::default();
    for (out, evaluated) in per_region.into_iter().chain([global]) {
        result.findings.extend(out.findings);
        result.not_evaluated.extend(out.not_evaluated);
        result.evaluated += evaluated;
    }
    result.findings.sort_by(Finding::rank_cmp);
    result.not_evaluated.sort();
    result.logs = evidence.reads();
    result
}

/// Runs the check when its inputs were read in the scope, else records why not; 1 if it ran.
fn run_if_read(
    inventory: &Inventory,
    scope: &str,
    check: &Check,
    out: &mut Outcomes,
    run: impl FnOnce(&mut Outcomes),
) -> usize {
    match missing_input(inventory, scope, check) {
        Some(reason) => {
            out.not_evaluated.push(NotEvaluated {
                check_id: check.meta.id,
                scope: scope.to_owned(),
                resource_id: None,
                reason,
            });
            0
        }
        None => {
            run(out);
            1
        }
    }
}

/// Why the check cannot run in the scope: the first required kind that was not read, or,
/// when it names alternatives, that none of them was read (with each one's reason).
fn missing_input(inventory: &Inventory, scope: &str, check: &Check) -> Option<String> {
    let unread = |kind| match inventory.coverage.status(scope, kind) {
        Status::Read => None,
        status => Some(status.reason().unwrap_or("not read").to_owned()),
    };
    if let Some(reason) = check.meta.requires.iter().find_map(|&kind| unread(kind)) {
        return Some(reason);
    }
    let alternatives = check.meta.requires_one_of;
    if alternatives.is_empty() {
        return None;
    }
    let reasons: Option<Vec<String>> = alternatives.iter().map(|&kind| unread(kind)).collect();
    reasons.map(|reasons| {
        let names: Vec<String> = alternatives.iter().map(|k| format!("`{}`", k.cli())).collect();
        format!("none of {} was read: {}", names.join(", "), reasons.join("; "))
    })
}
