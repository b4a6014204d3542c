//! The facts the seed articles give, end to end: import → merge → store → `/api/agreements`.

use axum::http::StatusCode;
use serde_json::Value;

use crate::helpers::TestApp;

fn find<'a>(agreements: &'a [Value], date: Option<&str>, party_alias: &str) -> &'a Value {
    agreements
        .iter()
        .find(|a| {
            a["signed"]["date"].as_str() == date
                && a["parties"].as_array().unwrap().iter().any(|p| {
                    p["name"] == party_alias
                        || p["aliases"]
                            .as_array()
                            .unwrap()
                            .iter()
                            .any(|x| x == party_alias)
                })
        })
        .unwrap_or_else(|| {
            panic!("no agreement dated {date:?} with {party_alias}: {agreements:#?}")
        })
}

fn signatory_names(a: &Value) -> Vec<String> {
    a["signatories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_string())
        .collect()
}

fn country_codes(a: &Value) -> Vec<String> {
    let mut codes: Vec<String> = a["parties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["country_code"].as_str().unwrap_or("").to_string())
        .collect();
    codes.sort();
    codes
}

#[tokio::test]
async fn the_seeds_hold_exactly_three_agreements_with_their_facts() {
    let app = TestApp::seeded().await;
    let (status, body) = app.get("/api/agreements").await;
    assert_eq!(status, StatusCode::OK);
    let agreements: Vec<Value> = serde_json::from_str(&body).unwrap();
    assert_eq!(agreements.len(), 3, "{agreements:#?}");

    // GovTech Singapore – GDS UK, London, June 2019, reported by three articles.
    let first = find(&agreements, Some("2019-06"), "GDS");
    assert_eq!(first["kind"], "Memorandum of Understanding");
    assert_eq!(country_codes(first), vec!["GB", "SG"]);
    assert_eq!(first["signed"]["place"], "London");
    assert_eq!(
        signatory_names(first),
        vec!["Kok Ping Soon", "Kevin Cunnington"]
    );
    assert_eq!(first["sources"].as_array().unwrap().len(), 3);
    assert!(first["renews"].is_null());

    // Its 2022 successor, at 10 Whitechapel High Street, for three years.
    let second = find(&agreements, Some("2022-07-04"), "GDS");
    assert_eq!(country_codes(second), vec!["GB", "SG"]);
    assert_eq!(
        second["signed"]["place"],
        "10 Whitechapel High Street, London"
    );
    assert_eq!(signatory_names(second), vec!["Kok Ping Soon", "Tom Read"]);
    assert_eq!(second["duration"], "three years");
    assert_eq!(second["expires"], "2025-07-04");
    assert_eq!(second["renews"], first["slug"]);
    assert_eq!(second["sources"].as_array().unwrap().len(), 1);

    // UK Cabinet Office / GDS – Korea's Ministry of the Interior and Safety, date not given.
    let korea = find(&agreements, None, "MOIS");
    assert_eq!(country_codes(korea), vec!["GB", "KR"]);
    assert_eq!(
        korea["parties"][1]["name"],
        "Ministry of the Interior and Safety"
    );
    assert_eq!(
        signatory_names(korea),
        vec!["Alex Burghart", "Sang-min Lee"]
    );
    for s in korea["signatories"].as_array().unwrap() {
        assert!(!s["party"].is_null(), "{s}");
    }
}

#[tokio::test]
async fn signatories_have_the_roles_and_parties_the_texts_give() {
    let app = TestApp::seeded().await;
    let (_, body) = app.get("/api/agreements").await;
    let agreements: Vec<Value> = serde_json::from_str(&body).unwrap();
    let second = find(&agreements, Some("2022-07-04"), "GDS");
    let read = &second["signatories"][1];
    assert!(read["role"]
        .as_str()
        .unwrap()
        .starts_with("Chief Executive Officer and Director General"));
    assert_eq!(read["party"], "Government Digital Service");
    let kok = &second["signatories"][0];
    assert!(kok["role"].as_str().unwrap().starts_with("Chief Executive"));
    assert_eq!(kok["party"], "Government Technology Agency");
}

#[tokio::test]
async fn extract_json_reports_the_2022_mou_and_what_it_mentions() {
    let bytes =
        std::fs::read(crate::helpers::seeds_dir().join("002_e296f93e0dbab3ec.txt")).unwrap();
    let got = serde_json::to_value(mou_archive::extract::extract_file("002.txt", &bytes)).unwrap();
    assert_eq!(got["published"], "2022-07-04");
    assert_eq!(got["agreements"].as_array().unwrap().len(), 1);
    let mentioned = got["mentioned"].as_array().unwrap();
    assert!(mentioned.iter().any(|m| m["year"] == 2019));
    assert!(mentioned
        .iter()
        .any(|m| m["name"] == "UK-Singapore Digital Economy Agreement" && m["year"] == 2022));
}

/// Four releases of our own (tests/fixtures/merge): a government's release and a news report of
/// one signing, its renewal three years later, and another partner's signing.
#[tokio::test]
async fn two_reports_of_one_signing_merge_even_when_one_names_only_the_country() {
    let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/merge");
    let app = TestApp::with_seeds(&seeds).await;
    let (status, body) = app.get("/api/agreements").await;
    assert_eq!(status, StatusCode::OK);
    let agreements: Vec<Value> = serde_json::from_str(&body).unwrap();
    assert_eq!(agreements.len(), 3, "{agreements:#?}");

    // The news report says "Moldova's e-government agency" and a weekday; the release names the
    // agency and the date. One agreement, both sources, the agency rather than "Government of".
    let first = find(&agreements, Some("2024-03-11"), "RIA");
    assert_eq!(first["sources"].as_array().unwrap().len(), 2, "{first:#?}");
    let names: Vec<&str> = first["parties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        vec!["Information System Authority", "e-Government Agency"]
    );
    for s in first["signatories"].as_array().unwrap() {
        assert!(names.contains(&s["party"].as_str().unwrap()), "{s}");
    }

    let renewal = find(&agreements, Some("2027-03-20"), "e-Government Agency");
    assert_eq!(renewal["renews"], first["slug"]);
}
