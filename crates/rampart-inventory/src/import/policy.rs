//! IAM policy documents arrive three ways: as a JSON object (the AWS CLI decodes them), as
//! URL-encoded text (the raw API, RFC 3986), or as plain JSON text. All become JSON text.

use percent_encoding::percent_decode_str;
use serde_json::Value;

pub fn decode_policy(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => {
            let text = if s.trim_start().starts_with('{') {
                s.clone()
            } else {
                percent_decode_str(s).decode_utf8().ok()?.into_owned()
            };
            // Normalise to compact JSON when it parses; keep the text as given when it does not,
            // so that nothing is lost (the IAM analysis reports what it cannot read).
            Some(match serde_json::from_str::<Value>(&text) {
                Ok(parsed) => parsed.to_string(),
                Err(_) => text,
            })
        }
        other => Some(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn all_three_encodings_give_the_same_document() {
        let object =
            json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]});
        let text = object.to_string();
        let encoded = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22%2A%22%2C%22Resource%22%3A%22%2A%22%7D%5D%7D";
        assert_eq!(decode_policy(&object), Some(text.clone()));
        assert_eq!(decode_policy(&Value::String(text.clone())), Some(text.clone()));
        assert_eq!(decode_policy(&Value::String(encoded.into())), Some(text));
        assert_eq!(decode_policy(&Value::Null), None);
    }
}
