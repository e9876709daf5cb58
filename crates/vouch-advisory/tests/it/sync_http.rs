//! `sync` against an OSV server stand-in on 127.0.0.1: first sync, unchanged (304), a 500
//! then success, a 404, an interrupted download and a corrupt archive.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use vouch_advisory::{AdvisoryError, Database, SyncOutcome, SyncSettings, import, status, sync};
use vouch_model::{DiagnosticCode, Ecosystem};

use super::common::*;

/// How the server answers one request.
#[derive(Clone)]
enum Reply {
    /// 200 with this archive and ETag, or 304 when the request's If-None-Match names it.
    Zip { body: Vec<u8>, etag: String },
    /// 200 with this archive and a Last-Modified date (no ETag), or 304 when the request's
    /// If-Modified-Since repeats that date.
    Dated {
        body: Vec<u8>,
        last_modified: String,
    },
    /// This status with an empty body.
    Status(u16),
    /// Announces the whole archive's length, sends half, and closes the connection.
    Interrupt(Vec<u8>),
}

/// A request as the server saw it.
#[derive(Debug, Clone)]
struct Seen {
    path: String,
    if_none_match: Option<String>,
    if_modified_since: Option<String>,
}

/// A one-thread HTTP/1.1 server answering each request with the next scripted reply (the last
/// one repeats). It stops by itself once the test drops it or after a minute.
struct Server {
    url: String,
    script: Arc<Mutex<VecDeque<Reply>>>,
    seen: Arc<Mutex<Vec<Seen>>>,
    stop: Arc<Mutex<bool>>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    fn start(script: Vec<Reply>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let script = Arc::new(Mutex::new(VecDeque::from(script)));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(Mutex::new(false));
        let (s, q, st) = (script.clone(), seen.clone(), stop.clone());
        let thread = std::thread::spawn(move || {
            let deadline = Instant::now() + Duration::from_secs(60);
            let mut served = 0;
            while Instant::now() < deadline && served < 100 && !*st.lock().unwrap() {
                match listener.accept() {
                    Ok((stream, _)) => {
                        served += 1;
                        serve(stream, &s, &q);
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(2)),
                }
            }
        });
        Server {
            url,
            script,
            seen,
            stop,
            thread: Some(thread),
        }
    }

    fn then(&self, replies: Vec<Reply>) {
        *self.script.lock().unwrap() = VecDeque::from(replies);
    }

    fn seen(&self) -> Vec<Seen> {
        std::mem::take(&mut *self.seen.lock().unwrap())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        *self.stop.lock().unwrap() = true;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn serve(stream: TcpStream, script: &Mutex<VecDeque<Reply>>, seen: &Mutex<Vec<Seen>>) {
    stream.set_nonblocking(false).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    let path = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or("")
        .to_owned();
    let mut if_none_match = None;
    let mut if_modified_since = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        if let Some((k, v)) = line.split_once(':')
            && k.eq_ignore_ascii_case("if-none-match")
        {
            if_none_match = Some(v.trim().to_owned());
        }
        if let Some((k, v)) = line.split_once(':')
            && k.eq_ignore_ascii_case("if-modified-since")
        {
            if_modified_since = Some(v.trim().to_owned());
        }
    }
    seen.lock().unwrap().push(Seen {
        path: path.clone(),
        if_none_match: if_none_match.clone(),
        if_modified_since: if_modified_since.clone(),
    });
    let reply = {
        let mut s = script.lock().unwrap();
        if s.len() > 1 {
            s.pop_front()
        } else {
            s.front().cloned()
        }
    };
    let mut out = stream;
    let head = |status: &str, extra: &str, len: usize| {
        format!("HTTP/1.1 {status}\r\nContent-Length: {len}\r\nConnection: close\r\n{extra}\r\n")
    };
    let _ = match reply {
        _ if !path.ends_with("/all.zip") && path != "/ecosystems.txt" => {
            out.write_all(head("404 Not Found", "", 0).as_bytes())
        }
        Some(Reply::Zip { body, etag }) => {
            if if_none_match.as_deref() == Some(etag.as_str()) {
                out.write_all(head("304 Not Modified", &format!("ETag: {etag}\r\n"), 0).as_bytes())
            } else {
                let h = head(
                    "200 OK",
                    &format!("ETag: {etag}\r\nContent-Type: application/zip\r\n"),
                    body.len(),
                );
                out.write_all(h.as_bytes())
                    .and_then(|_| out.write_all(&body))
            }
        }
        Some(Reply::Dated {
            body,
            last_modified,
        }) => {
            if if_modified_since.as_deref() == Some(last_modified.as_str()) {
                out.write_all(head("304 Not Modified", "", 0).as_bytes())
            } else {
                let h = head(
                    "200 OK",
                    &format!("Last-Modified: {last_modified}\r\n"),
                    body.len(),
                );
                out.write_all(h.as_bytes())
                    .and_then(|_| out.write_all(&body))
            }
        }
        Some(Reply::Status(code)) => {
            out.write_all(head(&format!("{code} Scripted"), "", 0).as_bytes())
        }
        Some(Reply::Interrupt(body)) => {
            let h = head("200 OK", "ETag: \"interrupted\"\r\n", body.len());
            out.write_all(h.as_bytes())
                .and_then(|_| out.write_all(&body[..body.len() / 2]))
        }
        None => out.write_all(head("500 Empty Script", "", 0).as_bytes()),
    };
    let _ = out.flush();
    let _ = out.shutdown(std::net::Shutdown::Both);
}

fn zip_of(dir: &std::path::Path, limit: usize) -> Vec<u8> {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("all.zip");
    write_zip(&path, &record_files(dir, limit));
    std::fs::read(path).unwrap()
}

fn settings(url: &str, ecosystems: Vec<Ecosystem>, retries: u32) -> SyncSettings {
    SyncSettings {
        timeout: Duration::from_secs(10),
        retries,
        backoff: Duration::from_millis(1),
        ..SyncSettings::new(url, ecosystems)
    }
}

fn smallvec_and_regex() -> vouch_model::Inventory {
    inventory([
        component(Ecosystem::CratesIo, "smallvec", "1.6.0"),
        component(Ecosystem::CratesIo, "regex", "1.5.4"),
    ])
}

#[test]
fn first_sync_then_unchanged_then_updated() {
    let Some(corpus) = corpus("sync_first") else {
        return;
    };
    let crates = zip_of(&advisories(&corpus, "rustsec/osv/crates"), usize::MAX);
    let server = Server::start(vec![Reply::Zip {
        body: crates.clone(),
        etag: "\"v1\"".into(),
    }]);
    let db = tempfile::tempdir().unwrap();

    let s = sync(
        db.path(),
        &settings(&server.url, vec![Ecosystem::CratesIo], 0),
    )
    .unwrap();
    assert_eq!(s.ecosystems.len(), 1);
    assert_eq!(s.ecosystems[0].outcome, SyncOutcome::Updated);
    assert_eq!(s.ecosystems[0].records, 1180);
    assert_eq!(
        s.ecosystems[0].url,
        format!("{}/crates.io/all.zip", server.url)
    );
    let seen = server.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].path, "/crates.io/all.zip");
    assert_eq!(seen[0].if_none_match, None);
    let digest = s.database.unwrap().digest;
    let m = Database::open(db.path())
        .unwrap()
        .match_inventory(&smallvec_and_regex());
    assert_eq!(
        finding_ids(&m),
        [
            "regex@1.5.4: RUSTSEC-2022-0013",
            "smallvec@1.6.0: RUSTSEC-2021-0003"
        ]
    );

    // Unchanged: the stored ETag is sent, the server answers 304, nothing is rewritten.
    let s = sync(
        db.path(),
        &settings(&server.url, vec![Ecosystem::CratesIo], 0),
    )
    .unwrap();
    assert_eq!(s.ecosystems[0].outcome, SyncOutcome::Unchanged);
    assert_eq!(s.ecosystems[0].records, 1180);
    assert_eq!(s.database.unwrap().digest, digest);
    let seen = server.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].if_none_match.as_deref(), Some("\"v1\""));

    // Changed upstream: a new archive (fewer records) replaces the synced source.
    server.then(vec![Reply::Zip {
        body: zip_of(&advisories(&corpus, "rustsec/osv/crates"), 100),
        etag: "\"v2\"".into(),
    }]);
    let s = sync(
        db.path(),
        &settings(&server.url, vec![Ecosystem::CratesIo], 0),
    )
    .unwrap();
    assert_eq!(s.ecosystems[0].outcome, SyncOutcome::Updated);
    assert_eq!(s.ecosystems[0].records, 100);
    let st = status(db.path()).unwrap();
    assert_eq!(st.database.sources.len(), 1);
    assert_eq!(st.database.sources[0].name, "osv:crates.io");
    assert_eq!(st.database.sources[0].records, 100);
}

#[test]
fn last_modified_is_sent_back_as_if_modified_since() {
    let Some(corpus) = corpus("sync_last_modified") else {
        return;
    };
    let date = "Wed, 21 Oct 2026 07:28:00 GMT".to_owned();
    let server = Server::start(vec![Reply::Dated {
        body: zip_of(&advisories(&corpus, "go-vulndb/data/osv"), 100),
        last_modified: date.clone(),
    }]);
    let db = tempfile::tempdir().unwrap();
    let s = sync(db.path(), &settings(&server.url, vec![Ecosystem::Go], 0)).unwrap();
    assert_eq!(s.ecosystems[0].outcome, SyncOutcome::Updated);
    let s = sync(db.path(), &settings(&server.url, vec![Ecosystem::Go], 0)).unwrap();
    assert_eq!(s.ecosystems[0].outcome, SyncOutcome::Unchanged);
    let seen = server.seen();
    assert_eq!(seen[0].if_modified_since, None);
    assert_eq!(seen[1].if_modified_since.as_deref(), Some(date.as_str()));
    assert_eq!(seen[1].if_none_match, None);
}

#[test]
fn several_ecosystems_are_separate_sources_next_to_imports() {
    let Some(corpus) = corpus("sync_several") else {
        return;
    };
    let crates = zip_of(&advisories(&corpus, "rustsec/osv/crates"), usize::MAX);
    let go = zip_of(&advisories(&corpus, "go-vulndb/data/osv"), 500);
    let server = Server::start(vec![
        Reply::Zip {
            body: crates,
            etag: "\"c\"".into(),
        },
        Reply::Zip {
            body: go,
            etag: "\"g\"".into(),
        },
    ]);
    let db = tempfile::tempdir().unwrap();
    import(db.path(), &advisories(&corpus, "ghsa-native-sample")).unwrap();
    let s = sync(
        db.path(),
        &settings(&server.url, vec![Ecosystem::CratesIo, Ecosystem::Go], 0),
    )
    .unwrap();
    let paths: Vec<_> = server.seen().into_iter().map(|s| s.path).collect();
    assert_eq!(paths, ["/crates.io/all.zip", "/Go/all.zip"]);
    assert_eq!(s.ecosystems[1].records, 500);
    let names: Vec<_> = status(db.path())
        .unwrap()
        .database
        .sources
        .into_iter()
        .map(|s| s.name)
        .collect();
    assert_eq!(names.len(), 3);
    assert!(names.contains(&"osv:crates.io".to_owned()) && names.contains(&"osv:Go".to_owned()));
}

#[test]
fn a_500_is_retried_and_then_succeeds() {
    let Some(corpus) = corpus("sync_retry") else {
        return;
    };
    let crates = zip_of(&advisories(&corpus, "rustsec/osv/crates"), 50);
    let server = Server::start(vec![
        Reply::Status(500),
        Reply::Status(503),
        Reply::Zip {
            body: crates,
            etag: "\"v1\"".into(),
        },
    ]);
    let db = tempfile::tempdir().unwrap();
    let s = sync(
        db.path(),
        &settings(&server.url, vec![Ecosystem::CratesIo], 3),
    )
    .unwrap();
    assert_eq!(s.ecosystems[0].requests, 3);
    assert_eq!(s.ecosystems[0].outcome, SyncOutcome::Updated);
    assert_eq!(server.seen().len(), 3);
}

#[test]
fn retries_run_out_on_a_persistent_500() {
    let server = Server::start(vec![Reply::Status(500)]);
    let db = tempfile::tempdir().unwrap();
    let err = sync(
        db.path(),
        &settings(&server.url, vec![Ecosystem::CratesIo], 2),
    )
    .unwrap_err();
    assert!(matches!(err, AdvisoryError::Download { .. }), "{err:?}");
    assert_eq!(server.seen().len(), 3);
    assert!(matches!(
        Database::open(db.path()),
        Err(AdvisoryError::DatabaseMissing { .. })
    ));
}

#[test]
fn a_404_is_not_retried() {
    let server = Server::start(vec![Reply::Status(404)]);
    let db = tempfile::tempdir().unwrap();
    let err = sync(db.path(), &settings(&server.url, vec![Ecosystem::PyPI], 5)).unwrap_err();
    assert!(
        matches!(err, AdvisoryError::HttpStatus { status: 404, ref url } if url.ends_with("/PyPI/all.zip")),
        "{err:?}"
    );
    assert_eq!(server.seen().len(), 1);
}

#[test]
fn an_interrupted_download_leaves_the_previous_database_working() {
    let Some(corpus) = corpus("sync_interrupted") else {
        return;
    };
    let dir = advisories(&corpus, "rustsec/osv/crates");
    let server = Server::start(vec![Reply::Zip {
        body: zip_of(&dir, usize::MAX),
        etag: "\"v1\"".into(),
    }]);
    let db = tempfile::tempdir().unwrap();
    sync(
        db.path(),
        &settings(&server.url, vec![Ecosystem::CratesIo], 0),
    )
    .unwrap();
    let before = status(db.path()).unwrap();
    let findings_before = Database::open(db.path())
        .unwrap()
        .match_inventory(&smallvec_and_regex());
    server.seen();

    // Content-Length announced, half the body sent, connection closed; every attempt.
    server.then(vec![Reply::Interrupt(zip_of(&dir, 300))]);
    let err = sync(
        db.path(),
        &settings(&server.url, vec![Ecosystem::CratesIo], 1),
    )
    .unwrap_err();
    assert!(matches!(err, AdvisoryError::Download { .. }), "{err:?}");
    assert!(err.to_string().contains("crates.io/all.zip"), "{err}");
    assert_eq!(
        server.seen().len(),
        2,
        "the interrupted download is retried once"
    );

    assert_eq!(status(db.path()).unwrap(), before);
    let after = Database::open(db.path()).unwrap();
    assert_eq!(after.info(), &before.database);
    assert_eq!(
        after.match_inventory(&smallvec_and_regex()).findings,
        findings_before.findings
    );
    // No temporary download is left behind.
    let leftovers: Vec<_> = std::fs::read_dir(db.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".tmp"))
        .collect();
    assert_eq!(leftovers, Vec::<String>::new());
}

#[test]
fn a_corrupt_archive_is_refused_and_the_database_is_unchanged() {
    let Some(corpus) = corpus("sync_corrupt") else {
        return;
    };
    let dir = advisories(&corpus, "rustsec/osv/crates");
    let good = zip_of(&dir, 50);
    let server = Server::start(vec![Reply::Zip {
        body: good.clone(),
        etag: "\"v1\"".into(),
    }]);
    let db = tempfile::tempdir().unwrap();
    sync(
        db.path(),
        &settings(&server.url, vec![Ecosystem::CratesIo], 0),
    )
    .unwrap();
    let before = status(db.path()).unwrap();
    let mut bad = good;
    bad.truncate(bad.len() - 30);
    server.then(vec![Reply::Zip {
        body: bad,
        etag: "\"v2\"".into(),
    }]);
    let err = sync(
        db.path(),
        &settings(&server.url, vec![Ecosystem::CratesIo], 0),
    )
    .unwrap_err();
    assert_eq!(err.code(), DiagnosticCode::CorruptArchive, "{err:?}");
    assert_eq!(status(db.path()).unwrap(), before);
}

#[test]
fn an_archive_over_the_size_limit_is_refused_without_retry() {
    let Some(corpus) = corpus("sync_too_big") else {
        return;
    };
    let body = zip_of(&advisories(&corpus, "rustsec/osv/crates"), 50);
    let server = Server::start(vec![Reply::Zip {
        body: body.clone(),
        etag: "\"v1\"".into(),
    }]);
    let db = tempfile::tempdir().unwrap();
    let limited = SyncSettings {
        max_download_bytes: body.len() as u64 - 1,
        ..settings(&server.url, vec![Ecosystem::CratesIo], 3)
    };
    let err = sync(db.path(), &limited).unwrap_err();
    assert!(err.to_string().contains("limit"), "{err}");
    assert_eq!(
        server.seen().len(),
        1,
        "a refused archive is not fetched again"
    );
    assert!(matches!(
        Database::open(db.path()),
        Err(AdvisoryError::DatabaseMissing { .. })
    ));
}

#[test]
fn settings_that_cannot_work_are_refused() {
    let db = tempfile::tempdir().unwrap();
    let err = sync(db.path(), &SyncSettings::new("", vec![Ecosystem::Npm])).unwrap_err();
    assert!(matches!(err, AdvisoryError::InvalidSettings(_)));
    let err = sync(db.path(), &SyncSettings::new("http://127.0.0.1:9", vec![])).unwrap_err();
    assert!(matches!(err, AdvisoryError::InvalidSettings(_)));
}

#[test]
fn the_published_ecosystems_are_read_from_ecosystems_txt() {
    // As osv.dev's bucket lists them: releases of a distribution separately, and names a
    // newer osv.dev may add.
    let listing = "crates.io\nDebian:11\nDebian:12\n\nnpm\nPyPI\nSomeNewEcosystem\nAlpine:v3.20\n";
    let server = Server::start(vec![Reply::Zip {
        body: listing.as_bytes().to_vec(),
        etag: "\"e1\"".into(),
    }]);
    let db = tempfile::tempdir().unwrap();
    let published =
        vouch_advisory::published_ecosystems(db.path(), &settings(&server.url, vec![], 0)).unwrap();
    assert_eq!(
        published.ecosystems,
        [
            Ecosystem::CratesIo,
            Ecosystem::Debian,
            Ecosystem::Npm,
            Ecosystem::PyPI,
            Ecosystem::Alpine
        ]
    );
    assert_eq!(published.unknown, ["SomeNewEcosystem"]);
    let seen = server.seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].path, "/ecosystems.txt");
}

#[test]
fn a_missing_ecosystem_list_is_an_error_naming_the_url() {
    let server = Server::start(vec![Reply::Status(404)]);
    let db = tempfile::tempdir().unwrap();
    let err = vouch_advisory::published_ecosystems(db.path(), &settings(&server.url, vec![], 0))
        .unwrap_err();
    assert!(err.to_string().contains("/ecosystems.txt"), "{err}");
}
