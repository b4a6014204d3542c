//! The server under bad requests: any query gets a 4xx or a friendly page, never a 5xx; every
//! response carries security headers and a request id; bodies are limited; pages compress.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use proptest::prelude::*;

use crate::admin::send;
use crate::helpers::{select_texts, TestApp};

#[tokio::test]
async fn every_response_carries_security_headers_and_a_request_id() {
    let app = TestApp::seeded().await;
    for uri in [
        "/",
        "/search?q=digital",
        "/no-such-page",
        "/static/style.css",
    ] {
        let reply = send(&app.router, Request::get(uri).body(Body::empty()).unwrap()).await;
        let h = &reply.headers;
        let csp = h[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'"), "{uri}: {csp}");
        assert!(csp.contains("default-src 'self'"));
        assert!(!csp.contains("unsafe-inline"));
        assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff", "{uri}");
        assert!(h.contains_key(header::REFERRER_POLICY), "{uri}");
        assert_eq!(h[header::X_FRAME_OPTIONS], "DENY");
        assert_eq!(h["x-request-id"].len(), 36, "{uri}: a UUID request id");
    }
    // A caller's request id is kept, so logs on both sides line up.
    let reply = send(
        &app.router,
        Request::get("/healthz")
            .header("x-request-id", "abc-123")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(reply.headers["x-request-id"], "abc-123");
}

#[tokio::test]
async fn pages_are_compressed_for_clients_that_ask() {
    let app = TestApp::seeded().await;
    let reply = send(
        &app.router,
        Request::get("/")
            .header(header::ACCEPT_ENCODING, "gzip")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.headers[header::CONTENT_ENCODING], "gzip");
}

#[tokio::test]
async fn large_request_bodies_are_refused() {
    let app = TestApp::seeded().await;
    let router = mou_archive::web::router(app.state.clone().with_admin_token(Some("t".into())));
    let reply = send(
        &router,
        Request::post("/admin/login")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(format!("token={}", "x".repeat(200 * 1024))))
            .unwrap(),
    )
    .await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn hostile_queries_get_a_friendly_page_never_a_server_error() {
    let app = TestApp::seeded().await;
    let long = "digital+".repeat(10 * 1024 / 8);
    let cases = [
        "/search?q=%22unbalanced".to_string(),
        "/search?q=title:(digital".to_string(),
        "/search?q=body%3A%22a%22~3+AND+title%3A[a+TO+z]".to_string(),
        format!("/search?q={long}"),
        "/search?q=%00%01%07%1b[31m".to_string(),
        "/search?q=%FF%FE%C3%28".to_string(),
        "/search?q=%".to_string(),
        "/search?q=%zz%".to_string(),
        "/search?q=a&q=b".to_string(),
        "/search?q=digital&page=999999999999999999999999".to_string(),
        "/search?q=digital&page=-5".to_string(),
        "/search?q=digital&page=NaN".to_string(),
        "/search?page[]=1&q[]=x".to_string(),
        "/search?&&&===".to_string(),
        "/articles/%FF%00".to_string(),
        "/articles/..%2F..%2Fetc%2Fpasswd".to_string(),
    ];
    for uri in &cases {
        let (status, html) = app.get(uri).await;
        assert!(
            status.is_success() || status.is_client_error(),
            "{uri}: {status}"
        );
        assert!(
            !select_texts(&html, "h1").is_empty(),
            "{uri}: a friendly page"
        );
    }
    let (status, html) = app.get("/search?q=a&q=b").await;
    assert_eq!(status, StatusCode::OK, "{html}");
}

/// Any bytes at all, percent-encoded into the query string.
fn query_string() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..40).prop_map(|bytes| {
            bytes
                .iter()
                .map(|b| format!("%{b:02X}"))
                .collect::<String>()
        }),
        "[a-zA-Z0-9 :\"()\\[\\]{}^~*+\\-!&|=]{0,40}"
            .prop_map(|s| { form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>() }),
        Just("%".to_string()),
        Just("&q=".to_string()),
        Just("&page=".to_string()),
    ];
    proptest::collection::vec(piece, 0..6).prop_map(|pieces| pieces.concat())
}

#[test]
fn random_search_queries_never_get_a_server_error() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let app = runtime.block_on(TestApp::seeded());
    let config = ProptestConfig {
        cases: 200,
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    proptest!(config, |(q in query_string(), page in query_string())| {
        let uri = format!("/search?q={q}&page={page}");
        let (status, _) = runtime.block_on(app.get(&uri));
        prop_assert!(status.is_success() || status.is_client_error(), "{} → {}", uri, status);
    });
}
