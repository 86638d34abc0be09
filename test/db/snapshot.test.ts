import { chmodSync, closeSync, copyFileSync, openSync, readdirSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs'
import { createHash } from 'node:crypto'
import path from 'node:path'
import Database from 'better-sqlite3'
import t, { type Test } from 'tap'
import { SNAPSHOT_FORMAT, type SnapshotManifest } from '../../schemas/snapshot.js'
import { DatabaseDamagedError } from '../../src/db/database.js'
import { fileManifestPath, fileSha256, openSnapshot, SCHEMA_VERSION, SnapshotRefusedError, writeSnapshot } from '../../src/db/snapshot.js'
import { build, tempDir } from '../helper.js'

const PIPELINE = 'pipeline-test+kb.test'

const manifestOf = (articles: number): SnapshotManifest => ({
  format: SNAPSHOT_FORMAT,
  dataVersion: '0123456789abcdef',
  corpusFingerprint: 'f'.repeat(64),
  pipelineVersion: PIPELINE,
  schemaVersion: SCHEMA_VERSION,
  articles,
  corpusDir: '/corpus',
  builtAt: '2026-11-23T17:00:00.000Z',
  buildMs: 1000
})

/** The seeds booted into a working database (WAL) in `dir`, and a snapshot of it written beside it; the app is closed. */
async function seedsSnapshot(t: Test): Promise<{ dir: string; work: string; file: string }> {
  const dir = tempDir(t)
  const work = path.join(dir, 'work.db')
  const file = path.join(dir, 'snap.db')
  const app = await build(t, { DB_PATH: work })
  writeSnapshot(app.store.db, file, manifestOf(app.store.articles.count()))
  await app.close()
  return { dir, work, file }
}

function overwrite(file: string, offset: number, bytes: Buffer): void {
  const fd = openSync(file, 'r+')
  writeSync(fd, bytes, 0, bytes.length, offset)
  closeSync(fd)
}

/** A copy of `file` changed by `change` (a read-write connection on the copy). */
function alteredCopy(file: string, name: string, change: (db: Database.Database) => void): string {
  const copy = path.join(path.dirname(file), name)
  copyFileSync(file, copy)
  const db = new Database(copy)
  change(db)
  db.close()
  return copy
}

t.test('a snapshot is one compact file in rollback-journal mode, at the schema version, with its manifest inside', async (t) => {
  const { file, work } = await seedsSnapshot(t)
  const header = readFileSync(file).subarray(0, 100)
  t.equal(header.subarray(0, 16).toString('latin1'), 'SQLite format 3\0')
  t.same([header[18], header[19]], [1, 1], 'not WAL: a reader needs no -shm file, so a read-only directory serves it')
  t.ok(statSync(file).size < statSync(work).size, `smaller than the working database (${statSync(file).size} < ${statSync(work).size} bytes)`)
  const db = new Database(file, { readonly: true })
  t.teardown(() => db.close())
  t.equal(db.pragma('user_version', { simple: true }), SCHEMA_VERSION)
  t.equal(db.pragma('freelist_count', { simple: true }), 0, 'no free pages')
  t.same(JSON.parse(db.prepare('SELECT manifest FROM snapshot_manifest').pluck().get() as string), manifestOf(5))
  t.equal(db.prepare('SELECT count(*) FROM articles').pluck().get(), 5)
})

t.test('opened read-only: the manifest, the data, and not one file created or changed beside it', async (t) => {
  const { dir, file } = await seedsSnapshot(t)
  const before = readdirSync(dir).sort()
  const { mtimeMs, size } = statSync(file)
  const { db, manifest, check } = openSnapshot(file, { pipelineVersion: PIPELINE })
  t.same(manifest, manifestOf(5))
  t.equal(check, 'quick_check', 'no manifest beside it: checked with quick_check')
  t.equal(db.readonly, true)
  t.equal(db.prepare('SELECT count(*) FROM articles').pluck().get(), 5)
  t.equal(db.prepare("SELECT search_form('أردوغان')").pluck().get(), 'اردوغان', 'the search functions are defined')
  t.throws(() => db.prepare('DELETE FROM articles').run(), /readonly/, 'nothing can be written through it')
  db.close()
  t.same(readdirSync(dir).sort(), before, 'no lock, journal, -wal or -shm file')
  t.same([statSync(file).mtimeMs, statSync(file).size], [mtimeMs, size], 'the file is untouched')
})

t.test('a snapshot in a read-only directory opens', { skip: process.getuid?.() === 0 ? 'root writes anywhere: test/snapshot.test.ts serves one as another user' : false }, async (t) => {
  const { dir, file } = await seedsSnapshot(t)
  chmodSync(file, 0o444)
  chmodSync(dir, 0o555)
  t.teardown(() => chmodSync(dir, 0o755))
  const { db } = openSnapshot(file, { pipelineVersion: PIPELINE })
  t.equal(db.prepare('SELECT count(*) FROM articles').pluck().get(), 5)
  db.close()
})

t.test('refused, each with a reason: a working database, a file without manifest, another schema or pipeline', async (t) => {
  const { work, file } = await seedsSnapshot(t)
  t.throws(() => openSnapshot(work, { pipelineVersion: PIPELINE }), { name: 'SnapshotRefusedError', message: /is a working database \(write-ahead log\), not a snapshot/ })

  const bare = alteredCopy(file, 'bare.db', (db) => db.exec('DROP TABLE snapshot_manifest'))
  t.throws(() => openSnapshot(bare, { pipelineVersion: PIPELINE }), { name: 'SnapshotRefusedError', message: /has no snapshot manifest/ })

  const garbled = alteredCopy(file, 'garbled.db', (db) => db.exec(`UPDATE snapshot_manifest SET manifest = '{"format":"other"}'`))
  t.throws(() => openSnapshot(garbled, { pipelineVersion: PIPELINE }), { message: /a snapshot manifest this build cannot read/ })

  const newer = alteredCopy(file, 'newer.db', (db) => db.pragma(`user_version = ${SCHEMA_VERSION + 1}`))
  t.throws(() => openSnapshot(newer, { pipelineVersion: PIPELINE }), {
    message: new RegExp(`is a snapshot of schema version ${SCHEMA_VERSION + 1}; this build serves schema version ${SCHEMA_VERSION}: build the snapshot again`)
  })

  t.throws(() => openSnapshot(file, { pipelineVersion: 'pipeline-other+kb.other' }), {
    name: 'SnapshotRefusedError',
    message: /is a snapshot of pipeline pipeline-test\+kb\.test; this build runs pipeline-other\+kb\.other/
  })
  t.ok(new SnapshotRefusedError(file, 'x').message.startsWith(`DB_PATH ${file} `), 'each names DB_PATH and the file')
})

t.test('a damaged snapshot is refused: pages in the middle (quick_check), or not a database at all', async (t) => {
  const { file } = await seedsSnapshot(t)
  const damaged = path.join(path.dirname(file), 'damaged.db')
  copyFileSync(file, damaged)
  const pages = statSync(damaged).size / 4096
  overwrite(damaged, Math.floor(pages / 2) * 4096, Buffer.alloc(4096 * 4, 0xa5))
  t.throws(() => openSnapshot(damaged, { pipelineVersion: PIPELINE }), DatabaseDamagedError)
  t.throws(() => openSnapshot(damaged, { pipelineVersion: PIPELINE }), { message: /damaged\.db is damaged \(.*\): copy the snapshot again/ })

  const notDb = path.join(path.dirname(file), 'not.db')
  copyFileSync(file, notDb)
  overwrite(notDb, 0, Buffer.from('this is not an SQLite file at all'))
  t.throws(() => openSnapshot(notDb, { pipelineVersion: PIPELINE }), { name: 'DatabaseDamagedError', message: /is damaged \(not a SQLite database\)/ })
})

/** Writes FILE.manifest.json as the build does, with `change` applied. */
function besideManifest(file: string, change: Record<string, unknown> = {}): void {
  const manifest = { ...manifestOf(5), file: 'snap.db', bytes: statSync(file).size, sha256: fileSha256(file), ...change }
  writeFileSync(fileManifestPath(file), JSON.stringify(manifest))
}

t.test('with its manifest beside it, the file must have the SHA-256 recorded there (every byte as built)', async (t) => {
  const { file } = await seedsSnapshot(t)
  t.equal(fileSha256(file), createHash('sha256').update(readFileSync(file)).digest('hex'), 'as sha256sum prints it')
  besideManifest(file)
  const opened = openSnapshot(file, { pipelineVersion: PIPELINE })
  t.equal(opened.check, 'sha256')
  opened.db.close()

  // one byte changed where quick_check does not look: the text of an article
  const copy = path.join(path.dirname(file), 'copy.db')
  copyFileSync(file, copy)
  copyFileSync(fileManifestPath(file), fileManifestPath(copy))
  const at = readFileSync(copy).indexOf(Buffer.from('إدلب'))
  t.ok(at > 0, 'the text is stored as UTF-8')
  overwrite(copy, at, Buffer.from('ادلب'))
  t.throws(() => openSnapshot(copy, { pipelineVersion: PIPELINE }), { name: 'DatabaseDamagedError', message: /copy\.db is damaged \(its SHA-256 is not the one .*copy\.db\.manifest\.json records\)/ })

  besideManifest(file, { dataVersion: 'ffffffffffffffff', sha256: fileSha256(file) })
  t.throws(() => openSnapshot(file, { pipelineVersion: PIPELINE }), { name: 'SnapshotRefusedError', message: /holds data version 0123456789abcdef but .* says ffffffffffffffff/ })
  writeFileSync(fileManifestPath(file), '{"not": "a manifest"}')
  t.throws(() => openSnapshot(file, { pipelineVersion: PIPELINE }), { name: 'SnapshotRefusedError', message: /has a manifest beside it this build cannot read/ })
})
