//! CloudTrail's `LookupEvents`: the last 90 days of management events of a region, without a
//! trail or a bucket. Each event carries the whole record as a JSON string (`CloudTrailEvent`),
//! handed to the caller as is, page by page.

use aws_config::Region;
use aws_sdk_cloudtrail::types::{LookupAttribute, LookupAttributeKey};

use crate::{sdk_config, Error, Options};

/// What to ask for.
pub enum Lookup<'a> {
    /// The events naming a resource (`ResourceName`), for a timeline.
    Resource(&'a str),
    /// Every write (`ReadOnly` = false): changes, sign-ins, denied writes.
    Writes,
}

/// Calls `on_record(name, record_json)` for every event of every region (the home region when
/// none is given), newest first as CloudTrail returns them. Returns how many were read.
pub fn lookup_events(
    options: &Options,
    lookup: &Lookup,
    mut on_record: impl FnMut(&str, &str),
) -> Result<usize, Error> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Runtime(e.to_string()))?;
    runtime.block_on(async {
        let loaded = sdk_config(options).await;
        let regions = if options.regions.is_empty() {
            vec![loaded
                .region()
                .map_or_else(|| "us-east-1".to_owned(), |r| r.as_ref().to_owned())]
        } else {
            options.regions.clone()
        };
        let (key, value) = match lookup {
            Lookup::Resource(id) => (LookupAttributeKey::ResourceName, (*id).to_owned()),
            Lookup::Writes => (LookupAttributeKey::ReadOnly, "false".to_owned()),
        };
        let attribute = LookupAttribute::builder()
            .attribute_key(key)
            .attribute_value(value)
            .build()
            .map_err(|e| Error::Logs(e.to_string()))?;
        let mut read = 0;
        for region in regions {
            let config = loaded.to_builder().region(Region::new(region.clone())).build();
            let cloudtrail = aws_sdk_cloudtrail::Client::new(&config);
            let mut pages = cloudtrail
                .lookup_events()
                .lookup_attributes(attribute.clone())
                .into_paginator()
                .send();
            let name = format!("lookup-events {region}");
            while let Some(page) = pages.next().await {
                let page = page.map_err(|e| Error::Logs(format!("{name}: {}", crate::call::describe(&e).1)))?;
                for event in page.events() {
                    if let Some(record) = event.cloud_trail_event() {
                        on_record(&name, record);
                        read += 1;
                    }
                }
            }
        }
        Ok(read)
    })
}

/// CloudTrail's public keys of a region valid between two times (epoch seconds), as
/// (fingerprint, DER bytes).
pub fn list_public_keys(
    options: &Options,
    region: &str,
    start: i64,
    end: i64,
) -> Result<Vec<(String, Vec<u8>)>, Error> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Runtime(e.to_string()))?;
    runtime.block_on(async {
        let loaded = sdk_config(options).await;
        let config = loaded.to_builder().region(Region::new(region.to_owned())).build();
        let cloudtrail = aws_sdk_cloudtrail::Client::new(&config);
        let mut keys = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let page = cloudtrail
                .list_public_keys()
                .start_time(aws_smithy_types::DateTime::from_secs(start))
                .end_time(aws_smithy_types::DateTime::from_secs(end))
                .set_next_token(token.take())
                .send()
                .await
                .map_err(|e| {
                    Error::Logs(format!(
                        "cloudtrail list-public-keys {region}: {}",
                        crate::call::describe(&e).1
                    ))
                })?;
            for k in page.public_key_list() {
                if let (Some(f), Some(v)) = (k.fingerprint(), k.value()) {
                    keys.push((f.to_owned(), v.as_ref().to_vec()));
                }
            }
            match page.next_token() {
                Some(t) if !t.is_empty() => token = Some(t.to_owned()),
                _ => break,
            }
        }
        Ok(keys)
    })
}
