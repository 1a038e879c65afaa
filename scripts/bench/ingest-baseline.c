/*
 * Raw SQLite baseline for the ingest benchmark: the best this machine does with the outbox's
 * own schema, without ucbridge around it. Same events table and indexes as migration 1
 * (Sources/UCBridge/Store/StoreSchema.swift), WAL + synchronous=NORMAL like the writer,
 * one prepared INSERT reused, BATCH rows per transaction, ~600-byte bodies and time-ordered
 * UUIDv7-like ids (so the unique index on id appends).
 *
 *   cc -O2 -o ingest-baseline ingest-baseline.c -lsqlite3
 *   ./ingest-baseline DB_PATH [ROWS=500000] [BATCH=1000] [random]   ("random": UUIDv4-like ids)
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *schema =
    "PRAGMA journal_mode = WAL;"
    "PRAGMA synchronous = NORMAL;"
    "CREATE TABLE events ("
    "    sequence INTEGER PRIMARY KEY,"
    "    id       TEXT NOT NULL UNIQUE,"
    "    type     TEXT NOT NULL,"
    "    subject  TEXT,"
    "    time     INTEGER NOT NULL,"
    "    body     BLOB NOT NULL,"
    "    raw      TEXT"
    ");";

static void check(sqlite3 *db, int rc, const char *what) {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
        fprintf(stderr, "ingest-baseline: %s: %s\n", what, sqlite3_errmsg(db));
        exit(1);
    }
}

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static long long wall_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s DB_PATH [ROWS] [BATCH] [random]\n", argv[0]);
        return 2;
    }
    const char *path = argv[1];
    long rows = argc > 2 ? atol(argv[2]) : 500000;
    long batch = argc > 3 ? atol(argv[3]) : 1000;
    int random_ids = argc > 4 && strcmp(argv[4], "random") == 0;
    if (rows <= 0 || batch <= 0) return 2;

    remove(path);
    char side[4096];
    snprintf(side, sizeof side, "%s-wal", path);
    remove(side);
    snprintf(side, sizeof side, "%s-shm", path);
    remove(side);

    sqlite3 *db;
    check(db, sqlite3_open(path, &db), "open");
    check(db, sqlite3_exec(db, schema, NULL, NULL, NULL), "schema");
    sqlite3_stmt *insert;
    check(db, sqlite3_prepare_v2(db,
        "INSERT OR IGNORE INTO events(sequence, id, type, subject, time, body, raw) VALUES (?, ?, ?, ?, ?, ?, NULL)",
        -1, &insert, NULL), "prepare");

    char note[256];
    memset(note, 'x', sizeof note - 1);
    note[sizeof note - 1] = 0;
    srand(42);
    double start = now_seconds();
    for (long n = 1; n <= rows;) {
        check(db, sqlite3_exec(db, "BEGIN", NULL, NULL, NULL), "begin");
        for (long end = n + batch; n < end && n <= rows; n++) {
            long long ms = wall_ms();
            char id[40], subject[64], body[1024];
            if (random_ids) {
                snprintf(id, sizeof id, "%08x-%04x-4%03x-8%03x-%012llx", (unsigned)rand(), rand() & 0xffff, rand() & 0xfff,
                         rand() & 0xfff, ((unsigned long long)rand() << 16) ^ (unsigned long long)rand());
            } else {
                snprintf(id, sizeof id, "%08llx-%04llx-7000-8000-%012lx", (ms >> 16) & 0xffffffffULL, ms & 0xffff, n);
            }
            snprintf(subject, sizeof subject, "sip:user%ld@example.com", n % 500);
            int len = snprintf(body, sizeof body,
                "{\"specversion\":\"1.0\",\"id\":\"%s\",\"source\":\"ucbridge://local/bench\",\"type\":\"ucbridge.presence.changed\","
                "\"subject\":\"%s\",\"time\":\"2026-12-03T10:15:30.123Z\",\"datacontenttype\":\"application/json\","
                "\"sequence\":\"%020ld\",\"data\":{\"contact\":\"%s\",\"state\":\"busy\",\"flags\":[\"in_call\"],\"raw_state\":2,"
                "\"note\":\"%.180s\",\"absent\":null,\"display_name\":\"A User\",\"changed\":[\"presence\"]}}",
                id, subject, n, subject, note);
            sqlite3_bind_int64(insert, 1, n);
            sqlite3_bind_text(insert, 2, id, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(insert, 3, "ucbridge.presence.changed", -1, SQLITE_STATIC);
            sqlite3_bind_text(insert, 4, subject, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(insert, 5, ms);
            sqlite3_bind_blob(insert, 6, body, len, SQLITE_TRANSIENT);
            check(db, sqlite3_step(insert), "insert");
            sqlite3_reset(insert);
        }
        check(db, sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), "commit");
    }
    double seconds = now_seconds() - start;
    sqlite3_finalize(insert);
    sqlite3_close(db);
    printf("raw sqlite baseline: %ld rows in %.2f s = %.0f rows/s (batches of %ld, %s ids)\n", rows, seconds, rows / seconds, batch,
           random_ids ? "random" : "time-ordered");
    return 0;
}
