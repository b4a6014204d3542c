//! The admin area: off without ADMIN_TOKEN; token sign-in with a strict session cookie; CSRF
//! tokens on forms; Bearer tokens for the API; failed sign-ins rate-limited.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use tower::ServiceExt;

use mou_archive::web;

use crate::helpers::{select_texts, TestApp};

const TOKEN: &str = "correct horse battery staple";

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

pub async fn send(router: &Router, request: Request<Body>) -> Reply {
    let response = router
        .clone()
        .oneshot(request)
        .await
        .expect("router answers");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    Reply {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

fn admin_router(app: &TestApp) -> Router {
    web::router(app.state.clone().with_admin_token(Some(TOKEN.into())))
}

fn form(uri: &str, cookie: Option<&str>, body: &str) -> Request<Body> {
    let mut r =
        Request::post(uri).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(c) = cookie {
        r = r.header(header::COOKIE, c);
    }
    r.body(Body::from(body.to_string())).expect("request")
}

fn get(uri: &str, cookie: Option<&str>) -> Request<Body> {
    let mut r = Request::get(uri);
    if let Some(c) = cookie {
        r = r.header(header::COOKIE, c);
    }
    r.body(Body::empty()).expect("request")
}

fn bearer(uri: &str, token: Option<&str>) -> Request<Body> {
    let mut r = Request::post(uri);
    if let Some(t) = token {
        r = r.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    r.body(Body::empty()).expect("request")
}

/// Signs in and returns the session cookie ("name=value") and the page's CSRF token.
async fn sign_in(router: &Router) -> (String, String) {
    let reply = send(
        router,
        form(
            "/admin/login",
            None,
            &format!("token={}", TOKEN.replace(' ', "+")),
        ),
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let set_cookie = reply.headers[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .to_string();
    let cookie = set_cookie.split(';').next().unwrap().to_string();
    let page = send(router, get("/admin", Some(&cookie))).await;
    assert_eq!(page.status, StatusCode::OK);
    let doc = scraper::Html::parse_document(&page.body);
    let sel = scraper::Selector::parse("form.reimport input[name=csrf]").unwrap();
    let csrf = doc
        .select(&sel)
        .next()
        .and_then(|e| e.value().attr("value"))
        .expect("the re-import form carries a CSRF token")
        .to_string();
    (cookie, csrf)
}

#[tokio::test]
async fn without_an_admin_token_every_admin_url_is_not_found() {
    let app = TestApp::seeded().await;
    for request in [
        get("/admin", None),
        form("/admin/login", None, "token=anything"),
        form("/admin/reimport", None, "csrf=x"),
        bearer("/api/admin/reimport", Some("anything")),
        bearer("/api/admin/reimport", None),
        get("/api/admin/reports", None),
        get("/admin/reports/any", None),
        get("/api/admin/reports/any", None),
    ] {
        let uri = request.uri().to_string();
        let reply = send(&app.router, request).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{uri}");
    }
    // An empty token is no token.
    let router = web::router(app.state.clone().with_admin_token(Some("  ".into())));
    assert_eq!(
        send(&router, get("/admin", None)).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_admin_page_asks_for_the_token_and_refuses_a_wrong_one() {
    let app = TestApp::seeded().await;
    let router = admin_router(&app);
    let page = send(&router, get("/admin", None)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(select_texts(&page.body, "h1"), vec!["Admin sign-in"]);
    assert_eq!(
        select_texts(&page.body, "form input[name=token][type=password]").len(),
        1
    );

    let wrong = send(&router, form("/admin/login", None, "token=guess")).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(wrong.headers.get(header::SET_COOKIE).is_none());
    assert!(select_texts(&wrong.body, "[role=alert]")[0].contains("not right"));

    // A made-up session cookie is no session.
    let forged = send(&router, get("/admin", Some("mou_admin=0123"))).await;
    assert_eq!(select_texts(&forged.body, "h1"), vec!["Admin sign-in"]);
}

#[tokio::test]
async fn signing_in_sets_a_strict_session_cookie_and_shows_the_live_generation_and_reports() {
    let app = TestApp::seeded().await;
    let router = admin_router(&app);
    let reply = send(
        &router,
        form(
            "/admin/login",
            None,
            &format!("token={}", TOKEN.replace(' ', "+")),
        ),
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let cookie = reply.headers[header::SET_COOKIE].to_str().unwrap();
    for attribute in ["Secure", "HttpOnly", "SameSite=Strict", "Path=/admin"] {
        assert!(cookie.contains(attribute), "{cookie} lacks {attribute}");
    }
    let session = cookie.split(';').next().unwrap();
    let id = session.split_once('=').unwrap().1;
    assert_eq!(id.len(), 64, "a 256-bit random session id");

    let page = send(&router, get("/admin", Some(session))).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        select_texts(&page.body, "#live-generation"),
        vec![app.state.archive().generation.clone()]
    );
    let reports = select_texts(&page.body, "article.report h3");
    assert!(
        reports[0].contains(&app.report.generation),
        "the import that made the archive is reported: {reports:?}"
    );
    assert_eq!(page.headers[header::CACHE_CONTROL], "no-store");
}

#[tokio::test]
async fn state_changing_forms_need_the_sessions_csrf_token() {
    let app = TestApp::seeded().await;
    let router = admin_router(&app);
    let (cookie, csrf) = sign_in(&router).await;
    let before = app.state.archive().generation.clone();

    for body in [
        "".to_string(),
        "csrf=forged".to_string(),
        format!("csrf={csrf}x"),
    ] {
        let reply = send(&router, form("/admin/reimport", Some(&cookie), &body)).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "body {body:?}");
    }
    // The right token without the session cookie is refused too.
    let reply = send(
        &router,
        form("/admin/reimport", None, &format!("csrf={csrf}")),
    )
    .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.state.archive().generation,
        before,
        "nothing was re-imported"
    );

    let reply = send(
        &router,
        form("/admin/reimport", Some(&cookie), &format!("csrf={csrf}")),
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let after = app.state.archive().generation.clone();
    assert_ne!(
        after, before,
        "the button re-imports and swaps the live archive"
    );
    let page = send(&router, get("/admin", Some(&cookie))).await;
    assert_eq!(select_texts(&page.body, "#live-generation"), vec![after]);

    let out = send(
        &router,
        form("/admin/logout", Some(&cookie), &format!("csrf={csrf}")),
    )
    .await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    let page = send(&router, get("/admin", Some(&cookie))).await;
    assert_eq!(
        select_texts(&page.body, "h1"),
        vec!["Admin sign-in"],
        "signed out"
    );
}

#[tokio::test]
async fn the_api_reimports_with_a_bearer_token_and_the_site_serves_the_new_generation() {
    let app = TestApp::seeded().await;
    let router = admin_router(&app);
    assert_eq!(
        send(&router, bearer("/api/admin/reimport", None))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    let wrong = send(&router, bearer("/api/admin/reimport", Some("nope"))).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(wrong.headers.contains_key(header::WWW_AUTHENTICATE));

    let reply = send(&router, bearer("/api/admin/reimport", Some(TOKEN))).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let report: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
    let generation = report["generation"].as_str().unwrap().to_string();
    assert_ne!(generation, app.report.generation);
    assert_eq!(
        report["previous"].as_str(),
        Some(app.report.generation.as_str())
    );
    assert!(report["files"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["status"] == "unchanged"));

    let (_, health) = app.get("/healthz").await;
    assert!(
        health.contains(&format!("generation={generation}")),
        "{health}"
    );

    let mut list = Request::get("/api/admin/reports");
    list = list.header(header::AUTHORIZATION, format!("Bearer {TOKEN}"));
    let reports = send(&router, list.body(Body::empty()).unwrap()).await;
    let reports: Vec<serde_json::Value> = serde_json::from_str(&reports.body).unwrap();
    assert_eq!(reports.len(), 2, "both imports are kept, newest first");
    assert_eq!(reports[0]["generation"].as_str(), Some(generation.as_str()));
}

#[tokio::test]
async fn failed_sign_ins_are_rate_limited_even_for_the_right_token() {
    let app = TestApp::seeded().await;
    let router = admin_router(&app);
    for attempt in 1..=5 {
        let reply = send(&router, form("/admin/login", None, "token=guess")).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "attempt {attempt}");
    }
    let blocked = send(&router, form("/admin/login", None, "token=guess")).await;
    assert_eq!(blocked.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(blocked.headers.contains_key(header::RETRY_AFTER));
    let right = send(
        &router,
        form(
            "/admin/login",
            None,
            &format!("token={}", TOKEN.replace(' ', "+")),
        ),
    )
    .await;
    assert_eq!(
        right.status,
        StatusCode::TOO_MANY_REQUESTS,
        "no guessing while blocked"
    );
    let api = send(&router, bearer("/api/admin/reimport", Some(TOKEN))).await;
    assert_eq!(
        api.status,
        StatusCode::TOO_MANY_REQUESTS,
        "the API shares the limit"
    );
}

#[tokio::test]
async fn a_long_report_is_shown_in_part_and_served_whole_only_to_admins() {
    use mou_archive::generation::DataDir;
    use mou_archive::import::{AgreementChanges, AgreementRef, ImportReport, SUMMARY_ITEMS};

    let app = TestApp::seeded().await;
    let router = admin_router(&app);
    // A report kept by an earlier version (no summary beside it), adding 150 agreements.
    let added = SUMMARY_ITEMS + 50;
    let report = ImportReport {
        generation: "999999".into(),
        finished: "2999-12-31T00:00:00Z".into(),
        agreements: added,
        changes: AgreementChanges {
            added: (0..added)
                .map(|i| AgreementRef {
                    slug: format!("made-up-{i}"),
                    title: format!("Made-up agreement {i}"),
                })
                .collect(),
            ..AgreementChanges::default()
        },
        ..ImportReport::default()
    };
    let name = "29991231T000000Z-999999";
    let reports = DataDir::new(app.data_dir()).reports_dir();
    std::fs::write(
        reports.join(format!("{name}.json")),
        serde_json::to_vec(&report).unwrap(),
    )
    .unwrap();

    let (cookie, _) = sign_in(&router).await;
    let page = send(&router, get("/admin", Some(&cookie))).await;
    let first = "article.report:first-of-type";
    assert_eq!(
        select_texts(&page.body, &format!("{first} ul.changes li.added")).len(),
        SUMMARY_ITEMS
    );
    assert_eq!(
        select_texts(&page.body, &format!("{first} ul.changes li.more")),
        vec!["… and 50 more added, in the full report"]
    );
    let link = format!("/admin/reports/{name}");
    assert!(
        page.body.contains(&format!("href=\"{link}\"")),
        "{}",
        page.body
    );

    let full = send(&router, get(&link, Some(&cookie))).await;
    assert_eq!(full.status, StatusCode::OK);
    assert_eq!(full.headers[header::CONTENT_TYPE], "application/json");
    let full: ImportReport = serde_json::from_str(&full.body).unwrap();
    assert_eq!(full.changes.added.len(), added, "nothing is lost");

    let signed_out = send(&router, get(&link, None)).await;
    assert_eq!(signed_out.status, StatusCode::SEE_OTHER);
    let mut api = Request::get(format!("/api/admin/reports/{name}"));
    api = api.header(header::AUTHORIZATION, format!("Bearer {TOKEN}"));
    let via_api = send(&router, api.body(Body::empty()).unwrap()).await;
    assert_eq!(via_api.status, StatusCode::OK);
    let unauthorised = send(&router, get(&format!("/api/admin/reports/{name}"), None)).await;
    assert_eq!(unauthorised.status, StatusCode::UNAUTHORIZED);
    for other in ["no-such-report", "..%2F..%2Fcurrent", "%2E%2E"] {
        let reply = send(
            &router,
            get(&format!("/admin/reports/{other}"), Some(&cookie)),
        )
        .await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{other}");
    }
}
