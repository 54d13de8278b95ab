//! Region names, from folder names and from the data itself (availability zones, ARNs).

/// The region a name starts with: `us-east-2` for `us-east-2a`, `us-west-2-lax-1a` or
/// `us-east-2`; `us-gov-west-1` for `us-gov-west-1a`. None when it does not start with one.
///
/// A region is two letters, one or more words, and a number, joined by `-`.
pub fn region_prefix(name: &str) -> Option<&str> {
    let mut parts = name.split('-');
    let geo = parts.next()?;
    if geo.len() != 2 || !geo.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    let mut end = geo.len();
    let mut words = 0;
    for part in parts {
        end += 1 + part.len();
        if !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase()) {
            words += 1;
        } else if words > 0 {
            let digits = part.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return None;
            }
            return Some(&name[..end - part.len() + digits]);
        } else {
            return None;
        }
    }
    None
}

/// True for a region name exactly (`eu-west-1`), false for a zone or anything else.
pub fn is_region(name: &str) -> bool {
    region_prefix(name) == Some(name)
}

/// The region field of an ARN (`arn:aws:elasticloadbalancing:us-east-2:…`).
pub fn region_of_arn(arn: &str) -> Option<&str> {
    let region = arn.split(':').nth(3)?;
    is_region(region).then_some(region)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_and_zones() {
        assert!(is_region("us-east-1"));
        assert!(is_region("us-gov-west-1"));
        assert!(is_region("ap-southeast-4"));
        assert!(!is_region("us-east-1a"));
        assert!(!is_region("global"));
        assert!(!is_region("aws_configs"));
        assert!(!is_region("us-east"));
        assert_eq!(region_prefix("us-east-2a"), Some("us-east-2"));
        assert_eq!(region_prefix("us-west-2-lax-1a"), Some("us-west-2"));
        assert_eq!(region_prefix("use1-az1"), None);
        assert_eq!(
            region_of_arn("arn:aws:elasticloadbalancing:us-east-2:1:loadbalancer/x"),
            Some("us-east-2")
        );
        assert_eq!(region_of_arn("arn:aws:iam::1:role/x"), None);
    }
}
