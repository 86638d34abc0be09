import { createHash } from 'node:crypto'
import { closeSync, openSync, readFileSync, readSync } from 'node:fs'
import Database from 'better-sqlite3'
import { Value } from 'typebox/value'
import { SnapshotFileManifestSchema, SnapshotManifestSchema, type SnapshotFileManifest, type SnapshotManifest } from '../../schemas/snapshot.js'
import { checkIntegrity, DatabaseDamagedError, defineFunctions, isDamage, type SqliteDatabase } from './database.js'
import { migrations } from './migrations.js'

/**
 * Snapshots: a database written once by `npm run snapshot` and then only read, by any number of processes.
 *
 * A snapshot is the working database copied with `VACUUM INTO` (every page rewritten in order, no free pages, no
 * write-ahead log: rollback-journal mode in its header), with its manifest in the table `snapshot_manifest`, so
 * the file alone says what it holds. Served read-only (DB_READONLY), it is never written: no lock file beside it
 * (db/lock.ts guards writers, and a snapshot has none; its directory may be read-only), no migration, no corpus boot.
 */

/** The schema version this build reads and writes: its last migration. */
export const SCHEMA_VERSION = Math.max(...migrations.map((m) => m.version))

const MANIFEST_TABLE = `CREATE TABLE IF NOT EXISTS snapshot_manifest (key INTEGER PRIMARY KEY CHECK (key = 1), manifest TEXT NOT NULL) STRICT`

/** The file is not a snapshot this build can serve. */
export class SnapshotRefusedError extends Error {
  constructor(
    readonly file: string,
    reason: string
  ) {
    super(`DB_PATH ${file} ${reason}`)
    this.name = 'SnapshotRefusedError'
  }
}

const DAMAGED = 'copy the snapshot again (its FILE.manifest.json has the SHA-256 to compare) or build a new one'
const REBUILD = 'build the snapshot again with this version (npm run snapshot -- FILE), or serve it with the version that built it'

/**
 * Writes the snapshot of `db` (a booted working database) to `file`, which must not exist: the manifest goes into
 * the working database first, so that `VACUUM INTO` copies it with everything else and the output is never
 * written again. The copy is one read transaction: a consistent view even while something else reads `db`.
 */
export function writeSnapshot(db: SqliteDatabase, file: string, manifest: SnapshotManifest): void {
  db.transaction(() => {
    db.exec(MANIFEST_TABLE)
    db.prepare('INSERT OR REPLACE INTO snapshot_manifest (key, manifest) VALUES (1, ?)').run(JSON.stringify(manifest))
  })()
  db.prepare('VACUUM INTO ?').run(file)
}

/** The first 100 bytes of the file: SQLite's header (its magic string, and at 18–19 the journal mode: 2 is WAL). */
function readHeader(file: string): Buffer {
  const header = Buffer.alloc(100)
  const fd = openSync(file, 'r')
  try {
    readSync(fd, header, 0, header.length, 0)
  } finally {
    closeSync(fd)
  }
  return header
}

/** Where the manifest beside a snapshot is: `FILE.manifest.json`. */
export const fileManifestPath = (file: string) => `${file}.manifest.json`

/** The manifest beside the snapshot, null when there is none; refuses one that cannot be read. */
function readFileManifest(file: string): SnapshotFileManifest | null {
  const where = fileManifestPath(file)
  let text: string
  try {
    text = readFileSync(where, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw new SnapshotRefusedError(file, `has a manifest beside it that cannot be read (${where}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`)
  }
  let manifest: unknown
  try {
    manifest = JSON.parse(text)
  } catch {
    manifest = null
  }
  if (!Value.Check(SnapshotFileManifestSchema, manifest)) throw new SnapshotRefusedError(file, `has a manifest beside it this build cannot read (${where}): ${REBUILD}`)
  return manifest
}

/** SHA-256 of the whole file, as `sha256sum` prints it (about 1 s for 700 MB here, against 2–3 s for quick_check). */
export function fileSha256(file: string): string {
  const digest = createHash('sha256')
  const buffer = Buffer.allocUnsafe(8 << 20)
  const fd = openSync(file, 'r')
  try {
    for (let position = 0, n = 0; (n = readSync(fd, buffer, 0, buffer.length, position)) > 0; position += n) digest.update(buffer.subarray(0, n))
  } finally {
    closeSync(fd)
  }
  return digest.digest('hex')
}

/** The manifest a snapshot holds, or null when the file has none (a working database). */
function readManifest(db: SqliteDatabase): unknown {
  const table = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'snapshot_manifest'").get()
  if (table === undefined) return null
  const row = db.prepare('SELECT manifest FROM snapshot_manifest WHERE key = 1').pluck().get() as string | undefined
  if (row === undefined) return null
  try {
    return JSON.parse(row) as unknown
  } catch {
    return null
  }
}

/** How a snapshot was found sound at open. */
export type SnapshotCheck = 'sha256' | 'quick_check'

/**
 * Opens a snapshot read-only and refuses, before anything is served, a file that is not one (a working database,
 * another file), one of another schema or pipeline version, or a damaged one. Damage: with its manifest beside it
 * (`FILE.manifest.json`, as the build writes it) the file must have the SHA-256 recorded there — every byte as the
 * build wrote and checked it, found in a third of the time `quick_check` takes; without, `PRAGMA quick_check`.
 *
 * Writes nothing and creates no file: SQLite only reads the file (and looks for a `-journal` beside it, which a
 * snapshot never has). The connection keeps its shared lock for its whole life (`locking_mode = EXCLUSIVE` on a
 * read-only connection): no lock calls and no cache revalidation per query, and no writer can change the file
 * underneath it.
 */
export function openSnapshot(file: string, expected: { pipelineVersion: string }): { db: SqliteDatabase; manifest: SnapshotManifest; check: SnapshotCheck } {
  const header = readHeader(file)
  if (header.subarray(0, 16).toString('latin1') !== 'SQLite format 3\0') throw new DatabaseDamagedError(file, 'not a SQLite database', DAMAGED)
  if (header[18] === 2 || header[19] === 2) {
    throw new SnapshotRefusedError(file, 'is a working database (write-ahead log), not a snapshot: write one with npm run snapshot -- FILE')
  }
  const beside = readFileManifest(file)
  if (beside !== null && fileSha256(file) !== beside.sha256) {
    throw new DatabaseDamagedError(file, `its SHA-256 is not the one ${fileManifestPath(file)} records`, `${DAMAGED}; or the manifest beside it is another snapshot's`)
  }
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    db.pragma('locking_mode = EXCLUSIVE')
    db.pragma('temp_store = MEMORY')
    db.pragma('foreign_keys = ON')
    defineFunctions(db)
    const manifest = readManifest(db)
    if (manifest === null) throw new SnapshotRefusedError(file, 'has no snapshot manifest: DB_READONLY serves snapshots written by npm run snapshot -- FILE')
    if (!Value.Check(SnapshotManifestSchema, manifest)) throw new SnapshotRefusedError(file, 'has a snapshot manifest this build cannot read: ' + REBUILD)
    const schemaVersion = db.pragma('user_version', { simple: true }) as number
    if (schemaVersion !== SCHEMA_VERSION || manifest.schemaVersion !== schemaVersion) {
      throw new SnapshotRefusedError(file, `is a snapshot of schema version ${schemaVersion}; this build serves schema version ${SCHEMA_VERSION}: ${REBUILD}`)
    }
    if (manifest.pipelineVersion !== expected.pipelineVersion) {
      throw new SnapshotRefusedError(file, `is a snapshot of pipeline ${manifest.pipelineVersion}; this build runs ${expected.pipelineVersion}: ${REBUILD}`)
    }
    if (beside !== null && beside.dataVersion !== manifest.dataVersion) {
      throw new SnapshotRefusedError(file, `holds data version ${manifest.dataVersion} but ${fileManifestPath(file)} says ${beside.dataVersion}`)
    }
    if (beside === null) checkIntegrity(db, file)
    return { db, manifest, check: beside === null ? 'quick_check' : 'sha256' }
  } catch (err) {
    db.close()
    if (err instanceof DatabaseDamagedError) throw new DatabaseDamagedError(file, err.finding, DAMAGED)
    if (isDamage(err)) throw new DatabaseDamagedError(file, (err as Error).message, DAMAGED)
    throw err
  }
}
