import type { Database as SqliteDatabase } from 'better-sqlite3'

/**
 * A first load (an empty database) writes every article, mention and quote once. Keeping a secondary index up to date
 * row by row costs a random B-tree insert per row and, at each commit, a write of every index page it touched: at 60k
 * articles most of the boot's SQLite time. Built once after the last row instead, each index is one sorted pass.
 *
 * The indexes are recorded in `deferred_indexes` (name and SQL as `sqlite_master` had them) in the transaction that drops
 * them, so a boot killed before they are built again leaves the database knowing what it lacks: `restoreIndexes` (run
 * by `openDatabase`, and by the boot once its last batch is in) builds each again and forgets it, one transaction each.
 *
 * The same table records derived data a first load writes once at its end, built again the same way (`deferIndexes`'
 * `builds`: the name index, whose keys land all over its B-tree, see annotations.ts deferNameIndex).
 *
 * The full-text tables get each batch's rows as one segment, and FTS5 merges segments as they gather (by default four
 * of a level: every row is rewritten about log4(batches) times). The boot merges each index into one segment at its
 * end (ingest.ts, full-text.ts: a search of a common word reads it several times faster than many), so a first load
 * merges as little as it can before that: none as they gather (automerge 0), only when a level holds 64 (crisismerge,
 * FTS5's bound on a level; 16 by default). FTS5's defaults come back with the indexes.
 */

/**
 * Tables a boot writes article by article, and the name index a first load writes at its end: their secondary
 * (non-unique) indexes are deferred in a first load.
 */
const LOADED_TABLES = ['articles', 'entity_mentions', 'quotes', 'event_mentions', 'agreement_mentions', 'entity_name_keys']

/** The full-text tables a boot writes, and when FTS5 merges the segments of a level (above): during a first load, after. */
const FULL_TEXT_TABLES = ['articles_fts', 'quotes_fts']
const LOAD_MERGING = { automerge: 0, crisismerge: 64 }
const DEFAULT_MERGING = { automerge: 4, crisismerge: 16 }

function setMerging(db: SqliteDatabase, merging: typeof DEFAULT_MERGING): void {
  for (const table of FULL_TEXT_TABLES) {
    for (const [option, value] of Object.entries(merging)) db.exec(`INSERT INTO ${table} (${table}, rank) VALUES ('${option}', ${value})`)
  }
}

interface DeferredIndex {
  name: string
  sql: string
}

/**
 * Drops the secondary indexes of the tables a boot writes (unique ones stay: writes look rows up by them), recording
 * each in `deferred_indexes`, with `builds`: other derived data the load leaves to its end, each as the SQL that writes
 * it again whole (the name index: store.ts). Returns how many indexes were dropped.
 */
export function deferIndexes(db: SqliteDatabase, builds: readonly DeferredIndex[] = []): number {
  const indexes = db
    .prepare<unknown[], DeferredIndex>(
      `SELECT name, sql FROM sqlite_master
         WHERE type = 'index' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'
           AND tbl_name IN (${LOADED_TABLES.map(() => '?').join(', ')})
         ORDER BY name`
    )
    .all(...LOADED_TABLES)
  db.transaction(() => {
    const record = db.prepare<[string, string]>('INSERT OR REPLACE INTO deferred_indexes (name, sql) VALUES (?, ?)')
    for (const index of indexes) {
      record.run(index.name, index.sql)
      db.exec(`DROP INDEX "${index.name.replace(/"/g, '""')}"`)
    }
    for (const build of builds) record.run(build.name, build.sql)
    setMerging(db, LOAD_MERGING)
  })()
  return indexes.length
}

/**
 * The indexes a first load dropped and the data it left to its end (`builds`), not built again yet: the data first
 * (an index is then made in one sorted pass over it rather than kept up row by row), then the indexes, each by name.
 */
export function deferredIndexes(db: SqliteDatabase): DeferredIndex[] {
  return db.prepare<[], DeferredIndex>("SELECT name, sql FROM deferred_indexes ORDER BY sql LIKE 'CREATE %', name").all()
}

/**
 * Builds every deferred index again, one transaction each (so a kill leaves each either built and forgotten, or still
 * listed), yielding the name of each once built; returns how many.
 */
export function* restoreIndexes(db: SqliteDatabase): Generator<string, number, void> {
  const pending = deferredIndexes(db)
  const forget = db.prepare<[string]>('DELETE FROM deferred_indexes WHERE name = ?')
  for (const index of pending) {
    db.transaction(() => {
      db.exec(index.sql)
      forget.run(index.name)
    })()
    yield index.name
  }
  if (pending.length > 0) setMerging(db, DEFAULT_MERGING)
  return pending.length
}

/** `restoreIndexes` to the end, in one go (at open, before any statement that names an index is prepared). */
export function restoreAllIndexes(db: SqliteDatabase): number {
  let built = 0
  for (const _name of restoreIndexes(db)) built++
  return built
}
