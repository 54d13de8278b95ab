//! What a source could and could not read. Missing data is never a pass: a check that needs a
//! kind that was not read reports *not evaluated*, with the reason recorded here.

use serde::{Deserialize, Serialize};

use crate::kind::ResourceKind;

/// `global` for account-wide kinds, else the region name.
pub const GLOBAL: &str = "global";

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Coverage {
    /// One entry per (scope, kind) whose state is known; sorted by scope then kind.
    pub entries: Vec<CoverageEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoverageEntry {
    /// A region name, or `global`.
    pub scope: String,
    pub kind: ResourceKind,
    pub status: Status,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "state", content = "reason")]
pub enum Status {
    Read,
    /// Not in the source (an export without that file, a region not exported).
    Missing(String),
    /// The credentials were refused (AccessDenied, UnauthorizedOperation, OptInRequired).
    Denied(String),
    /// The call failed for another reason (throttling that never cleared, a timeout, a server error).
    Failed(String),
}

impl Coverage {
    /// Records a state; a later `Read` wins over an earlier gap, and a gap never hides a `Read`.
    pub fn set(&mut self, scope: &str, kind: ResourceKind, status: Status) {
        match self.entries.iter_mut().find(|e| e.scope == scope && e.kind == kind) {
            Some(entry) if entry.status == Status::Read => {}
            Some(entry) => entry.status = status,
            None => self.entries.push(CoverageEntry {
                scope: scope.to_owned(),
                kind,
                status,
            }),
        }
    }

    /// The state of a kind in a scope; unknown entries are missing.
    pub fn status(&self, scope: &str, kind: ResourceKind) -> Status {
        self.entries
            .iter()
            .find(|e| e.scope == scope && e.kind == kind)
            .map(|e| e.status.clone())
            .unwrap_or_else(|| Status::Missing(format!("`{}` was not read", kind.cli())))
    }

    pub fn is_read(&self, scope: &str, kind: ResourceKind) -> bool {
        self.status(scope, kind) == Status::Read
    }

    /// Entries that are not `Read`.
    pub fn gaps(&self) -> impl Iterator<Item = &CoverageEntry> {
        self.entries.iter().filter(|e| e.status != Status::Read)
    }

    pub fn sort(&mut self) {
        self.entries
            .sort_by(|a, b| (a.scope.as_str(), a.kind).cmp(&(b.scope.as_str(), b.kind)));
    }
}

impl Status {
    /// `read`, `missing`, `denied` or `failed`, as the machine formats name it.
    pub fn state(&self) -> &'static str {
        match self {
            Status::Read => "read",
            Status::Missing(_) => "missing",
            Status::Denied(_) => "denied",
            Status::Failed(_) => "failed",
        }
    }

    pub fn reason(&self) -> Option<&str> {
        match self {
            Status::Read => None,
            Status::Missing(r) | Status::Denied(r) | Status::Failed(r) => Some(r),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_is_never_downgraded() {
        let mut c = Coverage::default();
        c.set("us-east-1", ResourceKind::Vpcs, Status::Read);
        c.set("us-east-1", ResourceKind::Vpcs, Status::Missing("x".into()));
        assert!(c.is_read("us-east-1", ResourceKind::Vpcs));
        assert!(!c.is_read("us-east-1", ResourceKind::Subnets));
        assert!(!c.is_read("eu-west-1", ResourceKind::Vpcs));
        assert_eq!(c.gaps().count(), 0);
    }
}
