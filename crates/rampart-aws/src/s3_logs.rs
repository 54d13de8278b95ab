//! Log files in S3: every object under a prefix, listed page by page and read one at a time,
//! each handed to the caller as bytes. Memory holds one object (flow-log and CloudTrail files
//! are at most tens of megabytes), whatever the number of objects.

use aws_config::Region;

use crate::{sdk_config, Error, Options};

/// `s3://bucket/prefix` → (bucket, prefix).
pub fn parse_url(url: &str) -> Option<(&str, &str)> {
    let rest = url.strip_prefix("s3://")?;
    let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
    (!bucket.is_empty()).then_some((bucket, prefix))
}

/// Calls `on_object(name, bytes)` for every object under `s3://bucket/prefix`, in key order.
/// Returns how many objects were read.
pub fn for_each_object(options: &Options, url: &str, mut on_object: impl FnMut(&str, &[u8])) -> Result<usize, Error> {
    for_each_object_with_metadata(options, url, |name, bytes, _| on_object(name, bytes))
}

/// As [`for_each_object`], with each object's user metadata (`x-amz-meta-*`, without the prefix).
pub fn for_each_object_with_metadata(
    options: &Options,
    url: &str,
    mut on_object: impl FnMut(&str, &[u8], &std::collections::HashMap<String, String>),
) -> Result<usize, Error> {
    let (bucket, prefix) = parse_url(url).ok_or_else(|| Error::Logs(format!("`{url}` is not s3://bucket/prefix")))?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Runtime(e.to_string()))?;
    runtime.block_on(async {
        let loaded = sdk_config(options).await;
        let client = |region: Option<String>| {
            let mut b = aws_sdk_s3::config::Builder::from(&loaded).force_path_style(loaded.endpoint_url().is_some());
            if let Some(r) = region {
                b = b.region(Region::new(r));
            }
            aws_sdk_s3::Client::from_conf(b.build())
        };
        // A bucket answers only in its own region.
        let s3 = client(None);
        let location = s3
            .get_bucket_location()
            .bucket(bucket)
            .send()
            .await
            .map_err(|e| Error::Logs(format!("s3://{bucket}: {}", crate::call::describe(&e).1)))?;
        let region = match location.location_constraint().map(|c| c.as_str()) {
            None | Some("") => "us-east-1".to_owned(),
            Some("EU") => "eu-west-1".to_owned(),
            Some(r) => r.to_owned(),
        };
        let s3 = client(Some(region));
        let mut pages = s3
            .list_objects_v2()
            .bucket(bucket)
            .prefix(prefix)
            .into_paginator()
            .send();
        let mut read = 0;
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| Error::Logs(format!("listing {url}: {}", crate::call::describe(&e).1)))?;
            for object in page.contents() {
                let Some(key) = object.key() else { continue };
                if key.ends_with('/') {
                    continue;
                }
                let object = s3
                    .get_object()
                    .bucket(bucket)
                    .key(key)
                    .send()
                    .await
                    .map_err(|e| Error::Logs(format!("s3://{bucket}/{key}: {}", crate::call::describe(&e).1)))?;
                let metadata = object.metadata().cloned().unwrap_or_default();
                let body = object
                    .body
                    .collect()
                    .await
                    .map_err(|e| Error::Logs(format!("s3://{bucket}/{key}: {e}")))?
                    .into_bytes();
                on_object(&format!("s3://{bucket}/{key}"), &body, &metadata);
                read += 1;
            }
        }
        Ok(read)
    })
}
