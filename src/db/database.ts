import { mkdirSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { restoreAllIndexes } from './bulk-load.js'
import { migrations, type Migration } from './migrations.js'
import { entityNameRows, eventTypeCode, quoteFtsKey } from './columns.js'
import { nameKeys, searchForm } from '../search/fold.js'

export type SqliteDatabase = Database.Database

/** Applies every migration newer than the database's `user_version`, each in its own transaction. */
export function migrate(db: SqliteDatabase, all: readonly Migration[] = migrations): number {
  const current = db.pragma('user_version', { simple: true }) as number
  const pending = all.filter((m) => m.version > current).sort((a, b) => a.version - b.version)
  for (const migration of pending) {
    db.transaction(() => {
      db.exec(migration.sql)
      db.pragma(`user_version = ${migration.version}`)
    })()
  }
  return pending.length
}

/** The file is not a sound SQLite database: its header, a page or a record is damaged. */
export class DatabaseDamagedError extends Error {
  constructor(
    readonly file: string,
    readonly finding: string,
    advice = 'move it away (the next start then boots the corpus into a new file) or restore a backup'
  ) {
    super(`DB_PATH ${file} is damaged (${finding}): ${advice}`)
    this.name = 'DatabaseDamagedError'
  }
}

/** SQLite's words for a damaged file (SQLITE_CORRUPT and its extended codes, SQLITE_NOTADB). */
export const isDamage = (err: unknown) => /^SQLITE_(CORRUPT|NOTADB)/.test(String((err as { code?: unknown }).code ?? ''))

/**
 * `PRAGMA quick_check`: every b-tree page, cell and record is well formed and every row fits its table (not the
 * index-to-table cross-check of `integrity_check`). It reads the whole file once: about 1.5–2 s for the 60k corpus
 * (640 MB) with the file in the page cache. Damage in the middle of the file is otherwise found only by the requests
 * that touch it (500s on some lists, wrong data on others).
 */
export function checkIntegrity(db: SqliteDatabase, file: string): void {
  const findings = db.prepare('PRAGMA quick_check(1)').pluck().all() as string[]
  if (findings.length !== 1 || findings[0] !== 'ok') {
    throw new DatabaseDamagedError(file, (findings[0] ?? 'no answer from quick_check').replace(/\s+/g, ' ').trim().slice(0, 200))
  }
}

/**
 * The SQL functions of the search form (full-text tables are filled by triggers and migrations in the form queries
 * use, and migrations rewrite the name index's keys with the writer's rule), of the read models (the event type's
 * R-tree coordinate), of the quotes' full-text keys, and the name index's rows of an entity (a first load writes the
 * name index from the entities table: annotations.ts NAME_INDEX_BUILD; migration 15 narrowed its keys with them).
 */
export function defineFunctions(db: SqliteDatabase): void {
  db.function('search_form', { deterministic: true }, (text: unknown) => searchForm(String(text ?? '')))
  db.function('name_keys', { deterministic: true }, (form: unknown) => JSON.stringify(nameKeys(String(form ?? ''))))
  db.function('event_type_code', { deterministic: true }, (type: unknown) => eventTypeCode(String(type ?? '')))
  db.function('quote_fts_key', { deterministic: true }, (sortKey: unknown, rowid: unknown) => quoteFtsKey(String(sortKey ?? ''), Number(rowid)))
  db.table('entity_name_rows', {
    columns: ['key', 'expands', 'item'],
    // the English name as JSON (json_quote): a NULL argument would match no row (SQLite compares it with =)
    parameters: ['id', 'name', 'name_en_json', 'aliases'],
    *rows(id: unknown, name: unknown, nameEnJson: unknown, aliases: unknown) {
      const nameEn = JSON.parse(String(nameEnJson ?? 'null')) as string | null
      yield* entityNameRows(String(id), String(name ?? ''), nameEn, JSON.parse(String(aliases ?? '[]')) as string[])
    }
  })
}

/**
 * Opens (creating the directory if needed), checks and migrates the database. WAL, foreign keys on, and
 * `synchronous = NORMAL`, which in WAL mode syncs at checkpoints rather than on every commit. With `check`, a file
 * that fails `quick_check` (or that SQLite cannot read as a database at all) throws DatabaseDamagedError before
 * anything is written to it.
 */
export function openDatabase(file: string, options: { check?: boolean } = {}): SqliteDatabase {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true })
  const db = new Database(file)
  try {
    // 8 KiB pages for a new database (an existing one keeps its own): an article of ~4 KiB fits one page with its
    // neighbours' tails instead of spilling to a second, and index pages hold twice the keys (a 60k first load: -8% CPU)
    db.pragma('page_size = 8192')
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 5000')
    db.pragma('temp_store = MEMORY')
    defineFunctions(db)
    if (options.check) checkIntegrity(db, file)
    migrate(db)
    // a first load killed before its indexes were built again: build them now, before any statement names one
    restoreAllIndexes(db)
  } catch (err) {
    db.close()
    if (isDamage(err)) throw new DatabaseDamagedError(file, (err as Error).message)
    throw err
  }
  return db
}
