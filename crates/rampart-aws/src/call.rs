//! Making one call: under the concurrency bound, with its outcome told to the progress
//! callback, and a failure written down as the export script writes it (`RampartError`), so
//! that a denied or failed call becomes a coverage gap exactly as it does offline.

use std::sync::Mutex;

use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::display::DisplayErrorContext;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use rampart_inventory::LiveDocument;
use serde_json::{json, Value};
use tokio::sync::Semaphore;

use crate::shape::strip_nulls;
use crate::Event;

pub(crate) struct Ctx {
    docs: Mutex<Vec<LiveDocument>>,
    limit: Semaphore,
    events: Box<dyn Fn(Event) + Send + Sync>,
}

impl Ctx {
    pub fn new(concurrency: usize, events: Box<dyn Fn(Event) + Send + Sync>) -> Ctx {
        Ctx {
            docs: Mutex::new(Vec::new()),
            limit: Semaphore::new(concurrency.max(1)),
            events,
        }
    }

    /// Keeps an answer, in CLI shape, under the file name the export script gives it.
    pub fn put(&self, region: &str, file: &str, mut json: Value) {
        strip_nulls(&mut json);
        let doc = LiveDocument {
            region: region.to_owned(),
            label: format!("{region}/{file}"),
            json,
        };
        if let Ok(mut docs) = self.docs.lock() {
            docs.push(doc);
        }
    }

    pub fn into_documents(self) -> Vec<LiveDocument> {
        self.docs.into_inner().unwrap_or_default()
    }

    pub fn event(&self, e: Event) {
        (self.events)(e);
    }

    /// Runs one call (a request, or a whole pagination) under the concurrency bound. On
    /// failure writes the `RampartError` for `command` (`ec2 describe-flow-logs`) into `file`
    /// and returns None.
    pub async fn call<T, E>(
        &self,
        region: &str,
        file: &str,
        command: &'static str,
        request: impl std::future::Future<Output = Result<T, SdkError<E, HttpResponse>>>,
    ) -> Option<T>
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        self.call_about(region, file, command, None, request).await
    }

    /// As [`Ctx::call`], for a call about one bucket: a failure names it, as the export
    /// script's does, so that the importer knows which bucket was not read.
    pub async fn call_about<T, E>(
        &self,
        region: &str,
        file: &str,
        command: &'static str,
        bucket: Option<&str>,
        request: impl std::future::Future<Output = Result<T, SdkError<E, HttpResponse>>>,
    ) -> Option<T>
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        let outcome = {
            let _permit = self.limit.acquire().await.ok()?;
            request.await
        };
        match outcome {
            Ok(v) => {
                self.event(Event::Call {
                    region: region.to_owned(),
                    command,
                    error: None,
                });
                Some(v)
            }
            Err(e) => {
                let (code, message) = describe(&e);
                self.event(Event::Call {
                    region: region.to_owned(),
                    command,
                    error: Some(code.clone()),
                });
                let mut error = json!({"Command": command, "Code": code, "Message": message});
                if let Some(b) = bucket {
                    error["Bucket"] = json!(b);
                }
                self.put(region, file, json!({"RampartError": error}));
                None
            }
        }
    }
}

/// The error code (`AccessDenied`, `OptInRequired`, …, or what kind of failure it was) and a
/// one-line message of at most 400 characters.
pub(crate) fn describe<E>(e: &SdkError<E, HttpResponse>) -> (String, String)
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    // Unmodelled answers (moto's HTML 500 for an operation it lacks, a proxy's error page)
    // have no code: name the HTTP status.
    let http = e
        .raw_response()
        .map(|r| r.status().as_u16())
        .filter(|s| *s >= 400)
        .map(|s| format!("HTTP{s}"));
    let code = e.code().map(str::to_owned).or(http).unwrap_or_else(|| {
        match e {
            SdkError::TimeoutError(_) => "Timeout",
            SdkError::DispatchFailure(_) => "DispatchFailure",
            SdkError::ResponseError(_) => "ResponseError",
            SdkError::ConstructionFailure(_) => "ConstructionFailure",
            _ => "Unknown",
        }
        .to_owned()
    });
    let message = e
        .message()
        .map(str::to_owned)
        .unwrap_or_else(|| DisplayErrorContext(e).to_string());
    let message: String = message.replace(['\n', '\r', '\t'], " ").chars().take(400).collect();
    (code, message)
}
