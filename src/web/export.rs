//! Whole-archive exports (`/api/agreements`, `/api/parties`, `/api/people`, the unfiltered
//! `/agreements.csv`), built once per generation and kept gzipped. At 100,000 articles the
//! agreements' JSON is 54 MB: reading and writing it took 2 s of CPU on every request (3.4 s
//! when the response was compressed), so a handful of clients could keep both cores busy. Kept
//! as 6 MB of gzip, a request costs a copy of a reference; a client that takes no gzip gets it
//! unzipped as a stream.

use std::collections::HashMap;
use std::future::Future;
use std::io::{self, BufWriter, Read, Write};
use std::sync::{Arc, Mutex};

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use flate2::Compression;
use tokio::sync::OnceCell;

use super::Error;

/// How much of an export a client without gzip is sent at a time.
const CHUNK_BYTES: usize = 64 * 1024;

/// An export's name, and the day it was built for when its content changes with the date.
type Key = (&'static str, Option<NaiveDate>);

/// The exports of one generation, each built by the first request that wants it while later
/// ones wait for that build rather than start their own.
#[derive(Default)]
pub struct Exports {
    built: Mutex<HashMap<Key, Arc<OnceCell<Arc<Gzipped>>>>>,
}

impl Exports {
    /// The export `name` (for `day`, if its content depends on the date), built by `build` if
    /// no request has built it yet. A day's export replaces the one of the day before; a build
    /// that fails is not kept, so the next request tries again.
    pub async fn get_or_build<F, Fut>(
        &self,
        name: &'static str,
        day: Option<NaiveDate>,
        build: F,
    ) -> Result<Arc<Gzipped>, Error>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Gzipped, Error>>,
    {
        let cell = {
            let mut built = match self.built.lock() {
                Ok(guard) => guard,
                Err(poisoned) => poisoned.into_inner(),
            };
            built.retain(|&(other, other_day), _| other != name || other_day == day);
            built.entry((name, day)).or_default().clone()
        };
        cell.get_or_try_init(|| async {
            let started = std::time::Instant::now();
            let export = build().await?;
            tracing::info!(
                export = name,
                gzip_bytes = export.gzip.len(),
                ms = started.elapsed().as_millis() as u64,
                "built a whole-archive export"
            );
            Ok(Arc::new(export))
        })
        .await
        .cloned()
    }
}

/// One export, gzipped, with what its responses say about it.
pub struct Gzipped {
    gzip: Bytes,
    content_type: HeaderValue,
    /// Weak: the same entity is sent zipped or not.
    etag: HeaderValue,
    content_disposition: Option<HeaderValue>,
}

impl Gzipped {
    /// Gzips what `write` writes. `version` names this build of the export (generation, day);
    /// it becomes the ETag, so it must change whenever the content can.
    pub fn build(
        content_type: &'static str,
        version: &str,
        write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<Self> {
        // Buffered: serializers write a few bytes at a time, and each write into the
        // compressor has a fixed cost.
        let mut out = BufWriter::with_capacity(
            CHUNK_BYTES,
            GzEncoder::new(Vec::new(), Compression::default()),
        );
        write(&mut out)?;
        let gzip = out.into_inner().map_err(|err| err.into_error())?.finish()?;
        let etag = HeaderValue::from_str(&format!("W/\"{version}\""))
            .map_err(|err| io::Error::new(io::ErrorKind::InvalidInput, err))?;
        Ok(Self {
            gzip: Bytes::from(gzip),
            content_type: HeaderValue::from_static(content_type),
            etag,
            content_disposition: None,
        })
    }

    /// `build` on a blocking thread: serializing and gzipping megabytes must not hold up the
    /// threads that answer requests.
    pub async fn build_off_thread(
        content_type: &'static str,
        version: String,
        write: impl FnOnce(&mut dyn Write) -> io::Result<()> + Send + 'static,
    ) -> Result<Self, Error> {
        tokio::task::spawn_blocking(move || Self::build(content_type, &version, write))
            .await?
            .map_err(|err| Error::Internal(format!("export: {err}")))
    }

    /// Sent as a download with this file name.
    pub fn downloaded_as(mut self, disposition: &'static str) -> Self {
        self.content_disposition = Some(HeaderValue::from_static(disposition));
        self
    }

    /// The response to a request with these headers: 304 when the client has this version,
    /// the gzip as it is when the client takes gzip, else the content unzipped as it is sent.
    pub fn respond(&self, request: &HeaderMap) -> Response {
        let mut response = if not_modified(request, &self.etag) {
            StatusCode::NOT_MODIFIED.into_response()
        } else if takes_gzip(request) {
            let mut response = Body::from(self.gzip.clone()).into_response();
            response
                .headers_mut()
                .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
            response
        } else {
            Body::from_stream(futures_util::stream::iter(Unzipped {
                decoder: GzDecoder::new(io::Cursor::new(self.gzip.clone())),
            }))
            .into_response()
        };
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, self.content_type.clone());
        headers.insert(header::ETAG, self.etag.clone());
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        if let Some(disposition) = &self.content_disposition {
            headers.insert(header::CONTENT_DISPOSITION, disposition.clone());
        }
        response
    }
}

/// The export unzipped a chunk at a time, so no client holds a whole copy in memory.
struct Unzipped {
    decoder: GzDecoder<io::Cursor<Bytes>>,
}

impl Iterator for Unzipped {
    type Item = io::Result<Bytes>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut chunk = vec![0; CHUNK_BYTES];
        let mut filled = 0;
        while filled < chunk.len() {
            match self.decoder.read(&mut chunk[filled..]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
                Err(err) => return Some(Err(err)),
            }
        }
        (filled > 0).then(|| {
            chunk.truncate(filled);
            Ok(Bytes::from(chunk))
        })
    }
}

/// Whether `If-None-Match` names this version (weak comparison, as RFC 9110 asks for it).
fn not_modified(request: &HeaderMap, etag: &HeaderValue) -> bool {
    let ours = etag
        .as_bytes()
        .strip_prefix(b"W/")
        .unwrap_or(etag.as_bytes());
    request
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(|tag| tag.trim())
        .any(|tag| tag == "*" || tag.strip_prefix("W/").unwrap_or(tag).as_bytes() == ours)
}

/// Whether `Accept-Encoding` takes gzip: named (or `*`) and not with `q=0`.
fn takes_gzip(request: &HeaderMap) -> bool {
    request
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|coding| {
            let mut parts = coding.split(';');
            let name = parts.next().unwrap_or("").trim();
            let refused = parts.any(|p| {
                p.trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            !refused
                && (name.eq_ignore_ascii_case("gzip")
                    || name.eq_ignore_ascii_case("x-gzip")
                    || name == "*")
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::BodyExt;

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(name, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn gzip_is_taken_when_named_and_not_refused() {
        let h = |v| headers(&[(header::ACCEPT_ENCODING, v)]);
        assert!(takes_gzip(&h("gzip, deflate, br")));
        assert!(takes_gzip(&h("br;q=1.0, GZIP;q=0.5")));
        assert!(takes_gzip(&h("*")));
        assert!(!takes_gzip(&h("gzip;q=0, br")));
        assert!(!takes_gzip(&h("br, identity")));
        assert!(!takes_gzip(&HeaderMap::new()));
    }

    #[test]
    fn if_none_match_compares_weakly_and_in_lists() {
        let etag = HeaderValue::from_static("W/\"000007\"");
        let h = |v| headers(&[(header::IF_NONE_MATCH, v)]);
        assert!(not_modified(&h("W/\"000007\""), &etag));
        assert!(not_modified(&h("\"x\", \"000007\""), &etag));
        assert!(not_modified(&h("*"), &etag));
        assert!(!not_modified(&h("W/\"000008\""), &etag));
        assert!(!not_modified(&HeaderMap::new(), &etag));
    }

    #[tokio::test]
    async fn zipped_and_unzipped_responses_carry_the_same_content() {
        // Larger than a chunk, so the unzipped stream comes in several pieces.
        let content: Vec<u8> = (0..200_000u32).flat_map(|i| i.to_le_bytes()).collect();
        let export = Gzipped::build("application/octet-stream", "v1", |out| {
            out.write_all(&content)
        })
        .unwrap();
        assert!(export.gzip.len() < content.len());

        let plain = export.respond(&HeaderMap::new());
        assert_eq!(plain.headers()[header::ETAG], "W/\"v1\"");
        assert!(plain.headers().get(header::CONTENT_ENCODING).is_none());
        let body = plain.into_body().collect().await.unwrap().to_bytes();
        assert_eq!(body.as_ref(), content.as_slice());

        let zipped = export.respond(&headers(&[(header::ACCEPT_ENCODING, "gzip")]));
        assert_eq!(zipped.headers()[header::CONTENT_ENCODING], "gzip");
        let body = zipped.into_body().collect().await.unwrap().to_bytes();
        let mut unzipped = Vec::new();
        GzDecoder::new(body.as_ref())
            .read_to_end(&mut unzipped)
            .unwrap();
        assert_eq!(unzipped, content);

        let cached = export.respond(&headers(&[(header::IF_NONE_MATCH, "W/\"v1\"")]));
        assert_eq!(cached.status(), StatusCode::NOT_MODIFIED);
    }
}
