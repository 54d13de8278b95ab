//! Flow logs delivered as Apache Parquet (`FileFormat: parquet`; the user guide, "Flow log
//! files": GZIP-compressed pages, one column per field, named with `_` for `-`, integers as
//! INT_32/INT_64, the rest strings). Rows are read one at a time into the same [`FlowRecord`]
//! as text lines; a column rampart does not know is skipped.

use parquet::file::reader::{ChunkReader, FileReader, SerializedFileReader};
use parquet::record::Field as Value;

use crate::flow::field::Field;
use crate::flow::read::{FileIssue, ReadStats};
use crate::flow::record::{FlowRecord, LineError, LogStatus};

/// The four bytes every Parquet file starts (and ends) with.
pub const MAGIC: &[u8] = b"PAR1";

/// Reads one Parquet file into `visit`.
pub fn read_parquet<R: ChunkReader + 'static>(
    name: &str,
    input: R,
    stats: &mut ReadStats,
    visit: &mut dyn FnMut(&FlowRecord),
) {
    stats.files += 1;
    let fail = |stats: &mut ReadStats, why: String| {
        stats.file_errors.push(FileIssue {
            file: name.to_owned(),
            reason: why,
        })
    };
    let reader = match SerializedFileReader::new(input) {
        Ok(r) => r,
        Err(e) => return fail(stats, format!("not a readable Parquet file: {e}")),
    };
    let fields: Vec<Field> = reader
        .metadata()
        .file_metadata()
        .schema_descr()
        .root_schema()
        .get_fields()
        .iter()
        .map(|c| Field::named(c.name()).unwrap_or(Field::Other))
        .collect();
    let rows = match reader.get_row_iter(None) {
        Ok(rows) => rows,
        Err(e) => return fail(stats, format!("cannot read the rows: {e}")),
    };
    let mut row_number = 0u64;
    for row in rows {
        row_number += 1;
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                return fail(
                    stats,
                    format!(
                        "row {row_number} cannot be read ({e}): the {} rows before it were kept",
                        row_number - 1
                    ),
                )
            }
        };
        stats.lines += 1;
        let mut record = FlowRecord::default();
        let mut outcome = Ok(());
        for (&field, (_, value)) in fields.iter().zip(row.get_column_iter()) {
            if field == Field::Other {
                continue;
            }
            outcome = match value {
                Value::Null => Ok(()),
                Value::Str(s) if s == "-" => Ok(()),
                Value::Str(s) => record.set(field, s.as_bytes()),
                Value::Int(n) => number(&mut record, field, i64::from(*n)),
                Value::Long(n) => number(&mut record, field, *n),
                Value::Short(n) => number(&mut record, field, i64::from(*n)),
                other => Err(LineError::Value {
                    field: "column",
                    value: format!("{other}"),
                }),
            };
            if outcome.is_err() {
                break;
            }
        }
        match outcome {
            Ok(()) => {
                match record.log_status {
                    Some(LogStatus::NoData) => stats.nodata += 1,
                    Some(LogStatus::SkipData) => stats.skipdata += 1,
                    _ => stats.records += 1,
                }
                stats.note_times(record.start, record.end);
                visit(&record);
            }
            Err(e) => stats.bad_line(name, row_number, format!("row: {e}")),
        }
    }
}

fn number(record: &mut FlowRecord, field: Field, n: i64) -> Result<(), LineError> {
    let n = u64::try_from(n).map_err(|_| LineError::Value {
        field: "number",
        value: n.to_string(),
    })?;
    record.set_number(field, n)
}
