//! The fields of a flow-log record and the formats that order them.
//!
//! Amazon VPC user guide, "Flow log records": a record is a string of space-separated fields;
//! `-` stands for a value that does not apply or could not be computed. The default format is
//! the version 2 fields in this order: `version account-id interface-id srcaddr dstaddr srcport
//! dstport protocol packets bytes start end action log-status`. A custom format names any
//! fields in any order (`${vpc-id} ${srcaddr} …`); files delivered to S3 start with a header
//! line naming the fields, and Parquet files name them as columns with `_` for `-`.
//! Fields rampart does not use (ECS task fields, `az-id`, …) are kept as [`Field::Other`] and
//! skipped; a field name AWS adds later is skipped the same way, never fatal.

/// A field rampart reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Version,
    AccountId,
    InterfaceId,
    SrcAddr,
    DstAddr,
    SrcPort,
    DstPort,
    Protocol,
    Packets,
    Bytes,
    Start,
    End,
    Action,
    LogStatus,
    VpcId,
    SubnetId,
    InstanceId,
    TcpFlags,
    PktSrcAddr,
    PktDstAddr,
    Region,
    PktSrcAwsService,
    PktDstAwsService,
    FlowDirection,
    TrafficPath,
    /// Any other field: skipped.
    Other,
}

/// Every field name of the user guide's table ("Available fields", versions 2 to 8).
const NAMES: &[(&str, Field)] = &[
    ("version", Field::Version),
    ("account-id", Field::AccountId),
    ("interface-id", Field::InterfaceId),
    ("srcaddr", Field::SrcAddr),
    ("dstaddr", Field::DstAddr),
    ("srcport", Field::SrcPort),
    ("dstport", Field::DstPort),
    ("protocol", Field::Protocol),
    ("packets", Field::Packets),
    ("bytes", Field::Bytes),
    ("start", Field::Start),
    ("end", Field::End),
    ("action", Field::Action),
    ("log-status", Field::LogStatus),
    ("vpc-id", Field::VpcId),
    ("subnet-id", Field::SubnetId),
    ("instance-id", Field::InstanceId),
    ("tcp-flags", Field::TcpFlags),
    ("type", Field::Other),
    ("pkt-srcaddr", Field::PktSrcAddr),
    ("pkt-dstaddr", Field::PktDstAddr),
    ("region", Field::Region),
    ("az-id", Field::Other),
    ("sublocation-type", Field::Other),
    ("sublocation-id", Field::Other),
    ("pkt-src-aws-service", Field::PktSrcAwsService),
    ("pkt-dst-aws-service", Field::PktDstAwsService),
    ("flow-direction", Field::FlowDirection),
    ("traffic-path", Field::TrafficPath),
    ("ecs-cluster-arn", Field::Other),
    ("ecs-cluster-name", Field::Other),
    ("ecs-container-instance-arn", Field::Other),
    ("ecs-container-instance-id", Field::Other),
    ("ecs-container-id", Field::Other),
    ("ecs-second-container-id", Field::Other),
    ("ecs-service-name", Field::Other),
    ("ecs-task-definition-arn", Field::Other),
    ("ecs-task-arn", Field::Other),
    ("ecs-task-id", Field::Other),
    ("reject-reason", Field::Other),
];

impl Field {
    /// The field's name in the user guide's table (`field` for a skipped one).
    pub fn name(self) -> &'static str {
        match self {
            Field::Other => "field",
            f => NAMES.iter().find(|(_, g)| *g == f).map_or("field", |(n, _)| n),
        }
    }

    /// The field a name stands for (`-` or `_` separated, any case); None for a word that is
    /// not a field name of the table.
    pub fn named(name: &str) -> Option<Field> {
        NAMES
            .iter()
            .find(|(n, _)| {
                n.len() == name.len()
                    && n.bytes()
                        .zip(name.bytes())
                        .all(|(a, b)| a == b.to_ascii_lowercase() || (a == b'-' && b == b'_'))
            })
            .map(|&(_, f)| f)
    }
}

/// The order of the fields in a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Format {
    pub fields: Vec<Field>,
    /// The names as written, for messages.
    names: Vec<String>,
}

impl Format {
    /// The default format (version 2).
    pub fn default_v2() -> Format {
        Format::parse("version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status")
            .unwrap_or_else(|_| Format { fields: Vec::new(), names: Vec::new() })
    }

    /// Reads a field list: a header line (`version account-id …`) or the `LogFormat` of a flow
    /// log (`${version} ${account-id} …`). Names that are not fields are kept as skipped
    /// fields unless none is a known field.
    pub fn parse(text: &str) -> Result<Format, String> {
        let names: Vec<String> = text
            .split_ascii_whitespace()
            .map(|t| t.trim_start_matches("${").trim_end_matches('}').to_owned())
            .collect();
        if names.is_empty() {
            return Err("the format names no field".into());
        }
        let fields: Vec<Field> = names.iter().map(|n| Field::named(n).unwrap_or(Field::Other)).collect();
        if fields.iter().all(|f| *f == Field::Other) {
            return Err(format!("`{}` names no flow-log field", text.trim()));
        }
        Ok(Format { fields, names })
    }

    /// True when a line is a header: every word is shaped like a field name (lowercase letters
    /// and `-`/`_`, no digits — record values such as ids, addresses and numbers all hold a
    /// digit or are `-`) and at least one is a known field.
    pub fn is_header(line: &[u8]) -> bool {
        let mut known = false;
        for word in line.split(|b| b.is_ascii_whitespace()).filter(|w| !w.is_empty()) {
            let shaped =
                word[0].is_ascii_lowercase() && word.iter().all(|b| b.is_ascii_lowercase() || *b == b'-' || *b == b'_');
            if !shaped {
                return false;
            }
            known |= std::str::from_utf8(word).ok().and_then(Field::named).is_some();
        }
        known
    }

    /// The field names as given, for messages.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    pub fn has(&self, field: Field) -> bool {
        self.fields.contains(&field)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_headers_and_log_formats() {
        let v2 = Format::default_v2();
        assert_eq!(v2.fields.len(), 14);
        assert_eq!(v2.fields[2], Field::InterfaceId);
        let custom = Format::parse("${instance-id} ${interface-id} ${srcaddr} ${az-id} ${new-field}").unwrap();
        assert_eq!(
            custom.fields,
            [
                Field::InstanceId,
                Field::InterfaceId,
                Field::SrcAddr,
                Field::Other,
                Field::Other
            ]
        );
        assert_eq!(Field::named("log_status"), Some(Field::LogStatus));
        assert!(Format::parse("hello world").is_err());
        assert!(Format::is_header(b"version vpc-id srcaddr"));
        assert!(!Format::is_header(b"2 123456789010 eni-1235b8ca123456789 - -"));
        assert!(!Format::is_header(b"- eni-1235b8ca123456789 10.0.1.5"));
        assert!(!Format::is_header(b"phony unsupported log format."));
    }
}
