//! The store's conformance suite: every test runs on SQLite, and on PostgreSQL when
//! `SPUR_TEST_POSTGRES_URL` is set (a loud SKIP line otherwise; under `CI=true` a failure).

mod support;

use std::collections::BTreeSet;
use std::sync::Arc;

use spur_store::{Error, Filter, Imported, NewToken, Store};
use support::{changed, seed, stores};

/// Run a raw statement on either backend; `Err` with the database's message when refused.
async fn raw(store: &Store, sql: &str) -> Result<u64, String> {
    if let Some(p) = store.sqlite_pool() {
        return sqlx::query(sql)
            .execute(p)
            .await
            .map(|r| r.rows_affected())
            .map_err(|e| e.to_string());
    }
    let p = store.postgres_pool().unwrap();
    sqlx::raw_sql(sql)
        .execute(p)
        .await
        .map(|r| r.rows_affected())
        .map_err(|e| e.to_string())
}

#[tokio::test]
async fn both_backends_have_the_same_tables_and_columns() {
    let lite = support::sqlite().await;
    let Some(pg) = support::postgres("both_backends_have_the_same_tables_and_columns").await else {
        return;
    };
    let a = lite.store.schema().await.unwrap();
    let b = pg.store.schema().await.unwrap();
    let names: Vec<&str> = a.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(
        names,
        [
            "api_tokens",
            "assignments",
            "attachments",
            "audit_events",
            "calendar_feeds",
            "comments",
            "deliveries",
            "inspections",
            "outbox",
            "regions",
            "sessions",
            "survey_answers",
            "survey_links",
            "surveys",
            "transitions",
            "units",
            "versions"
        ]
    );
    assert_eq!(a, b, "SQLite and PostgreSQL schemas differ");
}

#[tokio::test]
async fn versions_and_audit_events_refuse_update_and_delete() {
    for t in stores("versions_and_audit_events_refuse_update_and_delete").await {
        let s = &t.store;
        s.create(&seed(), "anna", None).await.unwrap();
        for sql in [
            "UPDATE versions SET author = 'mallory'",
            "DELETE FROM versions",
            "UPDATE audit_events SET actor = 'mallory'",
            "DELETE FROM audit_events",
        ] {
            let r = raw(s, sql).await;
            assert!(r.is_err(), "{}: `{sql}` was not refused: {r:?}", t.label);
            let msg = r.unwrap_err();
            assert!(msg.contains("append-only"), "{}: {msg}", t.label);
        }
        if t.label == "postgres" {
            assert!(raw(s, "TRUNCATE versions CASCADE").await.is_err());
        }
        // Tokens: revocation is the only change.
        let tok = s
            .create_token(
                &NewToken {
                    name: "n".into(),
                    role: "admin".into(),
                    scope_kind: None,
                    scope_value: None,
                    expires_at: None,
                },
                "spur_secret",
                "admin",
            )
            .await
            .unwrap();
        assert!(raw(s, "UPDATE api_tokens SET role = 'unit'").await.is_err());
        assert!(raw(s, "DELETE FROM api_tokens").await.is_err());
        let revoked = s.revoke_token(tok.id, "admin").await.unwrap();
        assert!(revoked.revoked_at.is_some());
        assert!(
            raw(s, "UPDATE api_tokens SET revoked_at = NULL")
                .await
                .is_err()
        );
        assert_eq!(s.versions(1).await.unwrap().len(), 1, "{}", t.label);
        assert!(s.verify_audit().await.unwrap().is_ok());
    }
}

#[tokio::test]
async fn a_stale_save_is_a_conflict_naming_the_current_version() {
    for t in stores("a_stale_save_is_a_conflict_naming_the_current_version").await {
        let s = &t.store;
        let created = s
            .create(&seed(), "anna", Some("first draft"))
            .await
            .unwrap();
        let id = created.inspection_id;
        assert_eq!(created.version.number, 1);
        let bertil = changed(|d| {
            d.areas.entry("B".parse().unwrap()).or_default().narrative =
                Some("Bertils text".into());
        });
        let saved = s.save(id, 1, &bertil, "bertil", None).await.unwrap();
        assert_eq!(saved.version.number, 2);
        let cecilia = changed(|d| d.report.strengths.push("Cecilias styrka".into()));
        let err = s.save(id, 1, &cecilia, "cecilia", None).await.unwrap_err();
        let Error::Conflict(c) = err else {
            panic!("{}: expected a conflict, got {err}", t.label)
        };
        assert_eq!(c.base, 1);
        assert_eq!(c.current.number, 2);
        assert_eq!(c.current.author, "bertil");
        assert_eq!(c.current.saved_at, saved.version.saved_at);
        // The areas and fields changed since the client's version.
        let d = s.diff(id, c.base, c.current.number).await.unwrap();
        assert_eq!(d.areas, ["B"], "{}", t.label);
        assert_eq!(d.fields, ["areas.B.narrative"], "{}", t.label);
        // Nothing was written.
        assert_eq!(s.versions(id).await.unwrap().len(), 2);
        assert_eq!(s.record(id).await.unwrap().head_version, 2);
        // Reads give back what was saved, byte for byte.
        let v1 = s.version(id, Some(1)).await.unwrap();
        assert_eq!(v1.toml, seed().toml);
        assert_eq!(v1.info.sha256, spur_store::sha256_hex(v1.toml.as_bytes()));
        assert_eq!(v1.info.reason.as_deref(), Some("first draft"));
        assert_eq!(v1.grading().unwrap().unit, seed().doc.inspection.unit);
        assert_eq!(v1.document().unwrap(), seed().doc);
        assert!(matches!(
            s.version(id, Some(9)).await,
            Err(Error::NotFound(_))
        ));
        assert!(matches!(
            s.save(999, 1, &cecilia, "c", None).await,
            Err(Error::NotFound(_))
        ));
    }
}

#[tokio::test]
async fn concurrent_saves_give_sequential_versions_and_one_winner_per_base() {
    for t in stores("concurrent_saves_give_sequential_versions_and_one_winner_per_base").await {
        let s = Arc::new(t.store.clone());
        let id = s.create(&seed(), "anna", None).await.unwrap().inspection_id;
        // 20 writers, all based on version 1: exactly one wins.
        let mut tasks = Vec::new();
        for i in 0..20 {
            let s = s.clone();
            let p = changed(|d| d.report.strengths.push(format!("writer {i}")));
            tasks.push(tokio::spawn(async move {
                s.save(id, 1, &p, &format!("writer{i}"), None).await
            }));
        }
        let mut won = 0;
        for task in tasks {
            match task.await.unwrap() {
                Ok(saved) => {
                    won += 1;
                    assert_eq!(saved.version.number, 2);
                }
                Err(Error::Conflict(c)) => assert_eq!(c.base, 1),
                Err(e) => panic!("{}: {e}", t.label),
            }
        }
        assert_eq!(won, 1, "{}: one winner per base", t.label);
        // 20 writers that retry on a conflict (If-Match style): every one lands, in sequence.
        let mut tasks = Vec::new();
        for i in 0..20 {
            let s = s.clone();
            let p = changed(|d| d.report.weaknesses.push(format!("retrying writer {i}")));
            tasks.push(tokio::spawn(async move {
                let mut conflicts = 0;
                loop {
                    let head = s.record(id).await.unwrap().head_version;
                    match s.save(id, head, &p, &format!("retry{i}"), None).await {
                        Ok(saved) => return (saved.version.number, conflicts),
                        Err(Error::Conflict(_)) => conflicts += 1,
                        Err(e) => panic!("{e}"),
                    }
                }
            }));
        }
        let mut numbers = BTreeSet::new();
        for task in tasks {
            let (n, _) = task.await.unwrap();
            assert!(numbers.insert(n), "{}: version {n} given twice", t.label);
        }
        assert_eq!(numbers, (3..=22).collect(), "{}", t.label);
        let versions = s.versions(id).await.unwrap();
        let got: Vec<i64> = versions.iter().map(|v| v.number).collect();
        assert_eq!(got, (1..=22).collect::<Vec<_>>(), "{}", t.label);
        let verified = s.verify_audit().await.unwrap().unwrap();
        // 22 versions and the inspection's first state.
        assert_eq!(verified.events, 23, "{}", t.label);
    }
}

#[tokio::test]
async fn a_tampered_audit_row_is_found() {
    for t in stores("a_tampered_audit_row_is_found").await {
        let s = &t.store;
        let id = s.create(&seed(), "anna", None).await.unwrap().inspection_id;
        for i in 0..3 {
            let p = changed(|d| d.report.strengths.push(format!("change {i}")));
            s.save(id, i + 1, &p, "anna", None).await.unwrap();
        }
        let ok = s.verify_audit().await.unwrap().unwrap();
        // The inspection's first state, its creation and three saves.
        assert_eq!(ok.events, 5);
        assert_eq!(ok.head.as_ref().unwrap().0, 5);
        // Whoever administers the database can drop the trigger; the chain still shows it.
        let drop = if t.label == "sqlite" {
            "DROP TRIGGER audit_events_no_update"
        } else {
            "DROP TRIGGER audit_events_no_update ON audit_events"
        };
        raw(s, drop).await.unwrap();
        raw(s, "UPDATE audit_events SET actor = 'mallory' WHERE seq = 3")
            .await
            .unwrap();
        let broken = s.verify_audit().await.unwrap().unwrap_err();
        assert_eq!(broken.seq, 3, "{}", t.label);
        assert!(broken.reason.contains("changed"), "{}", broken.reason);
    }
}

#[tokio::test]
async fn importing_the_same_content_twice_adds_nothing() {
    for t in stores("importing_the_same_content_twice_adds_nothing").await {
        let s = &t.store;
        let first = s.import(&seed(), "import").await.unwrap();
        let Imported::Created { inspection_id } = first else {
            panic!("{first:?}")
        };
        assert_eq!(
            s.import(&seed(), "import").await.unwrap(),
            Imported::Unchanged { inspection_id }
        );
        let other = changed(|d| d.report.strengths.push("ny".into()));
        assert_eq!(
            s.import(&other, "import").await.unwrap(),
            Imported::Added {
                inspection_id,
                version: 2
            }
        );
        // Another visit of the same unit is another inspection.
        let later = changed(|d| {
            d.inspection.visit_date = chrono::NaiveDate::from_ymd_opt(2024, 5, 1).unwrap();
        });
        assert!(matches!(
            s.import(&later, "import").await.unwrap(),
            Imported::Created { .. }
        ));
        // Creating it again through the API is refused.
        assert!(matches!(
            s.create(&later, "x", None).await,
            Err(Error::Duplicate { .. })
        ));
        let all = s.list(&Filter::default(), 50, None).await.unwrap();
        assert_eq!(all.items.len(), 2);
        let by_year = Filter {
            year: Some(2024),
            ..Filter::default()
        };
        assert_eq!(s.list(&by_year, 50, None).await.unwrap().items.len(), 1);
        let by_region = Filter {
            region: Some("Västra Götalandsregionen".into()),
            specialty: Some("Allmänmedicin".into()),
            ..Filter::default()
        };
        assert_eq!(s.list(&by_region, 50, None).await.unwrap().items.len(), 2);
        let none = Filter {
            unit: Some("no such unit".into()),
            ..Filter::default()
        };
        assert!(s.list(&none, 50, None).await.unwrap().items.is_empty());
        // Pages.
        let p1 = s.list(&Filter::default(), 1, None).await.unwrap();
        assert_eq!(p1.items.len(), 1);
        let p2 = s.list(&Filter::default(), 1, p1.next).await.unwrap();
        assert_eq!(p2.items.len(), 1);
        assert_ne!(p1.items[0].id, p2.items[0].id);
        assert_eq!(p2.next, None);
        let events: Vec<_> = s
            .audit_events()
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.action != "state.changed")
            .collect();
        assert_eq!(events.len(), 3, "{}: created, added, created", t.label);
        assert!(events.iter().all(|e| e.actor == "import"));
    }
}

#[tokio::test]
async fn reopening_applies_no_migration_twice_and_backup_copies_sqlite() {
    let t = support::sqlite().await;
    t.store.create(&seed(), "anna", None).await.unwrap();
    let again = Store::open(&t.url).await.unwrap();
    assert_eq!(again.all_records().await.unwrap().len(), 1);
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("backup.db");
    again.backup(&copy).await.unwrap();
    assert!(matches!(again.backup(&copy).await, Err(Error::Io(_))));
    let restored = Store::open(&format!("sqlite:{}", copy.display()))
        .await
        .unwrap();
    assert_eq!(restored.version(1, None).await.unwrap().toml, seed().toml);
    assert!(restored.verify_audit().await.unwrap().is_ok());
    if let Some(pg) = support::postgres("backup_on_postgres_is_refused").await {
        assert!(matches!(
            pg.store.backup(&dir.path().join("pg.db")).await,
            Err(Error::BackupUnsupported)
        ));
    }
}

#[test]
fn canonical_toml_reads_back_to_itself() {
    let p = seed();
    let again = support::changed(|_| {});
    assert_eq!(p.toml, again.toml);
    assert_eq!(p.sha256, again.sha256);
    // JSON in, the same canonical TOML out.
    let json = p.doc.to_json();
    let from_json = spur_store::Prepared::from_source(
        &json,
        "j",
        spur_core::Format::Json,
        support::library(),
        &spur_grading::Settings::default(),
    )
    .unwrap();
    assert_eq!(from_json.toml, p.toml);
}

/// Issue 33, item 4 in short: a backup taken while a writer saves versions is a consistent
/// store: its audit chain is whole, and its history is a prefix of the source's, byte for byte.
#[tokio::test]
async fn a_backup_taken_during_writes_is_a_consistent_prefix() {
    let t = support::sqlite().await;
    let s = t.store.clone();
    let id = s.create(&seed(), "anna", None).await.unwrap().inspection_id;
    let writer = {
        let s = s.clone();
        tokio::spawn(async move {
            for i in 1..=40 {
                let p = changed(|d| d.report.strengths.push(format!("skrivning {i}")));
                s.save(id, i, &p, "writer", None).await.unwrap();
            }
        })
    };
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("during.db");
    s.backup(&copy).await.unwrap();
    writer.await.unwrap();
    let restored = Store::open(&format!("sqlite:{}", copy.display()))
        .await
        .unwrap();
    assert!(restored.verify_audit().await.unwrap().is_ok());
    let source = s.versions(id).await.unwrap();
    let copied = restored.versions(id).await.unwrap();
    assert!(!copied.is_empty() && copied.len() <= source.len());
    assert_eq!(copied[..], source[..copied.len()]);
    let head = restored.record(id).await.unwrap().head_version;
    assert_eq!(head as usize, copied.len());
    for v in &copied {
        assert_eq!(
            restored.version(id, Some(v.number)).await.unwrap().toml,
            s.version(id, Some(v.number)).await.unwrap().toml
        );
    }
}

/// The regional overview read from the versions' digests is the overview read from the whole
/// versions (issue 29, item 8): the seed (with its handlingsplan), a unit without a plan, and a
/// head saved before schema 5 (no digest: the whole version is read).
#[tokio::test]
async fn the_overview_digest_summarises_as_the_whole_version() {
    for t in stores("the_overview_digest_summarises_as_the_whole_version").await {
        let s = &t.store;
        s.import(&seed(), "import").await.unwrap();
        let without_plan = changed(|d| {
            d.inspection.unit = "Vårdcentralen Utan Plan".into();
            d.handlingsplan = None;
        });
        let Imported::Created { inspection_id } = s.import(&without_plan, "import").await.unwrap()
        else {
            panic!("created")
        };
        let options = spur_followup::OverviewOptions {
            as_of: chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            reinspect_years: 5,
            settings: spur_grading::Settings::default(),
        };
        let overview = |heads: Vec<spur_store::Head>| {
            let summaries = heads
                .iter()
                .map(|h| {
                    let (doc, grading) = h.read().unwrap();
                    spur_followup::summarize_graded(&doc, &grading, "f.toml", &options)
                })
                .collect();
            spur_followup::assemble(summaries, Vec::new(), &options).to_json()
        };
        let whole = overview(s.heads().await.unwrap());
        let digests = s.overview_heads().await.unwrap();
        assert!(
            digests
                .iter()
                .all(|h| h.digest.is_some() && h.toml.is_empty() && h.grading.is_empty()),
            "{}: the overview reads only digests",
            t.label
        );
        let digest_len: usize = digests
            .iter()
            .map(|h| h.digest.as_ref().unwrap().len())
            .sum();
        let whole_len: usize = s
            .heads()
            .await
            .unwrap()
            .iter()
            .map(|h| h.toml.len() + h.grading.len())
            .sum();
        if std::env::var_os("SPUR_PRINT_DIGEST").is_some() {
            println!("{}", digests[0].digest.as_ref().unwrap());
        }
        assert!(
            digest_len * 4 < whole_len,
            "{}: a digest is small ({digest_len} of {whole_len} bytes)",
            t.label
        );
        assert_eq!(overview(digests), whole, "{}", t.label);
        // A head saved before schema 5 has no digest: the whole version is read.
        raw(
            s,
            &format!(
                "INSERT INTO versions (inspection_id, number, document, sha256, author, reason, saved_at, grading) \
                 SELECT inspection_id, 2, document, sha256, author, reason, saved_at, grading \
                 FROM versions WHERE inspection_id = {inspection_id} AND number = 1"
            ),
        )
        .await
        .unwrap();
        raw(
            s,
            &format!("UPDATE inspections SET head_version = 2 WHERE id = {inspection_id}"),
        )
        .await
        .unwrap();
        let mixed = s.overview_heads().await.unwrap();
        let old = mixed.iter().find(|h| h.record.id == inspection_id).unwrap();
        assert!(old.digest.is_none() && !old.toml.is_empty(), "{}", t.label);
        assert_eq!(overview(mixed), whole, "{}", t.label);
    }
}
