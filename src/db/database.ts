import { mkdirSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { migrations, type Migration } from './migrations.js'
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

/**
 * Opens (creating the directory if needed) and migrates the database. WAL, foreign keys on, and
 * `synchronous = NORMAL`, which in WAL mode syncs at checkpoints rather than on every commit.
 */
export function openDatabase(file: string): SqliteDatabase {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true })
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')
  db.pragma('temp_store = MEMORY')
  // Full-text tables are filled by triggers and migrations in the same form queries use.
  db.function('search_form', { deterministic: true }, (text: unknown) => searchForm(String(text ?? '')))
  db.function('name_keys', { deterministic: true }, (form: unknown) => JSON.stringify(nameKeys(String(form ?? ''))))
  migrate(db)
  return db
}
