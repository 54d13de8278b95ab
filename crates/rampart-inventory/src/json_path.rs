//! Where in a JSON document an error is, for people: `SecurityGroups[0].IpPermissions[1].FromPort`.
//!
//! serde_path_to_error marks a step it could not name (a syntax error where a key was expected,
//! e.g. in a truncated file) as `?`; such a step says nothing, so it is left out rather than
//! printed as `SecurityGroups[0].?`.

use serde_path_to_error::{Path, Segment};

/// ` at `PATH`` for an error message, or nothing when the error is at the top of the document.
pub fn at(path: &Path) -> String {
    let text = render(path);
    if text.is_empty() {
        String::new()
    } else {
        format!(" at `{text}`")
    }
}

/// The known steps of `path`: keys joined by `.`, indexes as `[i]`.
pub fn render(path: &Path) -> String {
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Segment::Unknown => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_path(json: &str) -> String {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Doc {
            #[serde(rename = "SecurityGroups")]
            groups: Vec<std::collections::BTreeMap<String, String>>,
        }
        let de = &mut serde_json::Deserializer::from_str(json);
        match serde_path_to_error::deserialize::<_, Doc>(de) {
            Ok(_) => "no error".into(),
            Err(e) => at(e.path()),
        }
    }

    #[test]
    fn a_truncated_document_names_the_last_known_step() {
        // serde_path_to_error's own rendering is `SecurityGroups[0].?` here.
        assert_eq!(
            error_path(r#"{"SecurityGroups": [{"GroupId": "sg-1", "#),
            " at `SecurityGroups[0]`"
        );
    }

    #[test]
    fn a_wrong_type_names_its_key() {
        assert_eq!(
            error_path(r#"{"SecurityGroups": [{"GroupId": 5}]}"#),
            " at `SecurityGroups[0].GroupId`"
        );
    }

    #[test]
    fn an_error_at_the_top_names_no_path() {
        assert_eq!(error_path("5"), "");
    }
}
