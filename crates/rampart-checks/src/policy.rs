//! IAM policy documents and the part of policy evaluation the identity checks need.
//!
//! AWS semantics (IAM User Guide, "IAM JSON policy elements reference" and "Policy evaluation
//! logic"): `Statement` is one object or an array; `Action`/`NotAction` and
//! `Resource`/`NotResource` are a string or an array; `*` matches any run of characters and
//! `?` one character; action names are case-insensitive, resource ARNs are not. A request is
//! allowed when some Allow statement matches and no Deny statement does: an explicit Deny
//! always wins. A statement with a `Condition` applies only when its condition holds, which
//! this analysis cannot know: such a statement makes an answer conditional, never silently
//! true or false. Service control policies and resource policies are not read here.

use serde_json::Value;

#[derive(Debug, Clone, PartialEq)]
pub enum Patterns {
    /// `Action` / `Resource`: matches what one pattern matches.
    Only(Vec<String>),
    /// `NotAction` / `NotResource`: matches what no pattern matches.
    Except(Vec<String>),
}

impl Patterns {
    fn matches(&self, value: &str, case_insensitive: bool) -> bool {
        let any = |ps: &[String]| ps.iter().any(|p| glob(p, value, case_insensitive));
        match self {
            Patterns::Only(ps) => any(ps),
            Patterns::Except(ps) => !any(ps),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    pub allow: bool,
    pub actions: Patterns,
    pub resources: Patterns,
    pub conditional: bool,
    /// The `Principal` element as written (trust and resource policies only).
    pub principal: Option<Value>,
    /// The condition keys, for evidence.
    pub condition_keys: Vec<String>,
}

impl Statement {
    pub fn matches(&self, action: &str, resource: &str) -> bool {
        self.actions_match(action) && self.resources.matches(resource, false)
    }

    pub fn actions_match(&self, action: &str) -> bool {
        self.actions.matches(action, true)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    pub statements: Vec<Statement>,
}

/// What the policies say about one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allowed,
    /// Allowed only if some condition holds, or denied only if one does.
    Conditional,
    Denied,
    /// No statement allows it.
    NotAllowed,
}

/// Parses a policy document; the error names the JSON path that is not a policy.
pub fn parse(text: &str) -> Result<Policy, String> {
    let doc: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    let statements = match &doc["Statement"] {
        Value::Array(items) => items.iter().collect::<Vec<_>>(),
        obj @ Value::Object(_) => vec![obj],
        _ => return Err("$.Statement is missing or not an object or array".into()),
    };
    statements
        .into_iter()
        .enumerate()
        .map(|(i, s)| statement(s).map_err(|e| format!("$.Statement[{i}]: {e}")))
        .collect::<Result<Vec<_>, _>>()
        .map(|statements| Policy { statements })
}

fn statement(s: &Value) -> Result<Statement, String> {
    let allow = match s["Effect"].as_str() {
        Some("Allow") => true,
        Some("Deny") => false,
        _ => return Err("Effect is neither Allow nor Deny".into()),
    };
    let actions = patterns(s, "Action", "NotAction")?.ok_or("no Action or NotAction")?;
    // Trust policies have no Resource: the role itself is the resource.
    let resources = patterns(s, "Resource", "NotResource")?.unwrap_or(Patterns::Only(vec!["*".into()]));
    let condition_keys: Vec<String> = s["Condition"]
        .as_object()
        .map(|ops| {
            ops.values()
                .filter_map(Value::as_object)
                .flat_map(|keys| keys.keys().cloned())
                .collect()
        })
        .unwrap_or_default();
    Ok(Statement {
        allow,
        actions,
        resources,
        conditional: s.get("Condition").is_some_and(|c| !c.is_null()),
        principal: s.get("Principal").cloned(),
        condition_keys,
    })
}

fn patterns(s: &Value, only: &str, except: &str) -> Result<Option<Patterns>, String> {
    let list = |v: &Value, name: &str| -> Result<Vec<String>, String> {
        match v {
            Value::String(p) => Ok(vec![p.clone()]),
            Value::Array(items) => items
                .iter()
                .map(|i| {
                    i.as_str()
                        .map(str::to_owned)
                        .ok_or_else(|| format!("{name} holds a non-string"))
                })
                .collect(),
            _ => Err(format!("{name} is neither a string nor an array")),
        }
    };
    match (s.get(only), s.get(except)) {
        (Some(v), None) => Ok(Some(Patterns::Only(list(v, only)?))),
        (None, Some(v)) => Ok(Some(Patterns::Except(list(v, except)?))),
        (None, None) => Ok(None),
        (Some(_), Some(_)) => Err(format!("both {only} and {except}")),
    }
}

/// The decision of all these policies together for one action on one resource.
pub fn decide<'a>(policies: impl IntoIterator<Item = &'a Policy>, action: &str, resource: &str) -> Decision {
    let (mut allow, mut allow_if, mut deny_if) = (false, false, false);
    for s in policies
        .into_iter()
        .flat_map(|p| &p.statements)
        .filter(|s| s.matches(action, resource))
    {
        match (s.allow, s.conditional) {
            (false, false) => return Decision::Denied,
            (false, true) => deny_if = true,
            (true, false) => allow = true,
            (true, true) => allow_if = true,
        }
    }
    match (allow, allow_if, deny_if) {
        (true, _, false) => Decision::Allowed,
        (true, _, true) | (false, true, _) => Decision::Conditional,
        (false, false, _) => Decision::NotAllowed,
    }
}

/// IAM wildcard matching: `*` any run, `?` one character. Linear backtracking on the last `*`.
pub fn glob(pattern: &str, value: &str, case_insensitive: bool) -> bool {
    let fold = |c: char| if case_insensitive { c.to_ascii_lowercase() } else { c };
    let p: Vec<char> = pattern.chars().map(fold).collect();
    let v: Vec<char> = value.chars().map(fold).collect();
    let (mut i, mut j) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while j < v.len() {
        if i < p.len() && (p[i] == '?' || p[i] == v[j]) {
            i += 1;
            j += 1;
        } else if i < p.len() && p[i] == '*' {
            star = Some((i, j));
            i += 1;
        } else if let Some((si, sj)) = star {
            i = si + 1;
            j = sj + 1;
            star = Some((si, sj + 1));
        } else {
            return false;
        }
    }
    p[i..].iter().all(|c| *c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Reference: the definition, by recursion over both strings.
    fn glob_reference(p: &[u8], v: &[u8]) -> bool {
        match (p.first(), v.first()) {
            (None, None) => true,
            (Some(b'*'), _) => glob_reference(&p[1..], v) || (!v.is_empty() && glob_reference(p, &v[1..])),
            (Some(b'?'), Some(_)) => glob_reference(&p[1..], &v[1..]),
            (Some(a), Some(b)) if a == b => glob_reference(&p[1..], &v[1..]),
            _ => false,
        }
    }

    proptest! {
        #[test]
        fn glob_agrees_with_the_definition(p in "[ab:*?]{0,8}", v in "[ab:]{0,10}") {
            prop_assert_eq!(glob(&p, &v, false), glob_reference(p.as_bytes(), v.as_bytes()));
        }
    }

    #[test]
    fn actions_are_case_insensitive_resources_are_not() {
        let p =
            parse(r#"{"Statement":{"Effect":"Allow","Action":"S3:Get*","Resource":"arn:aws:s3:::Bucket/*"}}"#).unwrap();
        assert_eq!(decide([&p], "s3:GetObject", "arn:aws:s3:::Bucket/k"), Decision::Allowed);
        assert_eq!(
            decide([&p], "s3:GetObject", "arn:aws:s3:::bucket/k"),
            Decision::NotAllowed
        );
    }

    #[test]
    fn not_action_deny_and_conditions() {
        let power_user = parse(
            r#"{"Statement":[{"Effect":"Allow","NotAction":["iam:*","organizations:*","account:*"],"Resource":"*"}]}"#,
        )
        .unwrap();
        assert_eq!(decide([&power_user], "ec2:RunInstances", "*"), Decision::Allowed);
        assert_eq!(decide([&power_user], "IAM:CreateUser", "*"), Decision::NotAllowed);
        let admin = parse(r#"{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#).unwrap();
        let deny =
            parse(r#"{"Statement":{"Effect":"Deny","Action":"iam:*","NotResource":"arn:aws:iam::*:role/safe"}}"#)
                .unwrap();
        assert_eq!(decide([&admin, &deny], "iam:CreateUser", "*"), Decision::Denied);
        assert_eq!(
            decide([&admin, &deny], "iam:PassRole", "arn:aws:iam::1:role/safe"),
            Decision::Allowed
        );
        let deny_if =
            parse(r#"{"Statement":{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"false"}}}}"#)
                .unwrap();
        assert_eq!(decide([&admin, &deny_if], "s3:GetObject", "*"), Decision::Conditional);
        assert_eq!(deny_if.statements[0].condition_keys, ["aws:MultiFactorAuthPresent"]);
    }

    #[test]
    fn malformed_documents_name_the_path() {
        assert!(parse("{").unwrap_err().starts_with("not JSON"));
        assert_eq!(
            parse(r#"{"Statement":[{"Effect":"Allow","Action":"*"},{"Effect":"Maybe"}]}"#).unwrap_err(),
            "$.Statement[1]: Effect is neither Allow nor Deny"
        );
        assert!(
            parse(r#"{"Statement":{"Effect":"Allow","Action":"*","NotAction":"s3:*"}}"#)
                .unwrap_err()
                .contains("both Action and NotAction")
        );
    }
}
