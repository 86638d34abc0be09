/**
 * `npm run snapshot -- OUT.db [--from BASE.db]`: boots CORPUS_DIR (with KB_DIR and the other settings of the
 * environment) into a working copy of BASE.db — or of OUT.db when it exists, or a new database — and writes the
 * result to OUT.db as a snapshot (db/snapshot.ts) with its manifest beside it, OUT.db.manifest.json.
 *
 * Incremental as every boot is: starting from an earlier snapshot, only new and changed articles are extracted (an
 * unchanged corpus is not even read). OUT.db is replaced at once (rename) when the new one is complete, so a process
 * serving the old file keeps it, and a failed or interrupted build leaves the old one as it was. DB_PATH and
 * DB_READONLY are not read. Like server.ts, an entry point: the only other place that exits.
 */
import { chmodSync, closeSync, copyFileSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { SNAPSHOT_FORMAT, type SnapshotFileManifest, type SnapshotManifest } from '../schemas/snapshot.js'
import { buildApp } from './app.js'
import { createConfig } from './config.js'
import { dataVersion } from './corpus/ingest.js'
import { DatabaseInUseError, lockDatabase, lockPath } from './db/lock.js'
import { fileManifestPath, fileSha256, openSnapshot, SCHEMA_VERSION, writeSnapshot } from './db/snapshot.js'
import { ConfigError } from './errors.js'

const USAGE = 'usage: npm run snapshot -- OUT.db [--from BASE.db]'

function parseArgs(argv: string[]): { out: string; from: string | null } {
  const args = [...argv]
  let from: string | null = null
  const positional: string[] = []
  while (args.length > 0) {
    const arg = args.shift() as string
    if (arg === '--from') {
      const value = args.shift()
      if (!value) throw new ConfigError(`--from needs a file; ${USAGE}`)
      from = path.resolve(value)
    } else if (arg.startsWith('-')) throw new ConfigError(`unknown option ${arg}; ${USAGE}`)
    else positional.push(arg)
  }
  if (positional.length !== 1) throw new ConfigError(USAGE)
  return { out: path.resolve(positional[0] as string), from }
}

/** The working database and what SQLite and the lock keep beside it. */
const workFiles = (work: string) => [work, `${work}-wal`, `${work}-shm`, `${work}-journal`, lockPath(work)]

/** Removes what an earlier build of the same OUT left behind (killed), unless one is running now. */
function clearWork(work: string): void {
  if (statSync(work, { throwIfNoEntry: false })) {
    try {
      lockDatabase(work).release({ seal: false })
    } catch (err) {
      if (err instanceof DatabaseInUseError) throw new ConfigError(`another snapshot build of this file is running (${work} is in use)`)
      throw err
    }
  }
  for (const file of workFiles(work)) rmSync(file, { force: true })
}

/** Writes `content` to `file` through a temporary file and a rename: readers see the old file or the new, whole. */
function replaceFile(file: string, content: string): void {
  const tmp = `${file}.tmp-${process.pid}`
  writeFileSync(tmp, content)
  renameSync(tmp, file)
}

function fsyncFile(file: string): void {
  const fd = openSync(file, 'r+')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

async function main(): Promise<void> {
  const started = performance.now()
  const { out, from } = parseArgs(process.argv.slice(2))
  const base = from ?? (statSync(out, { throwIfNoEntry: false })?.isFile() ? out : null)
  if (from !== null && !statSync(from, { throwIfNoEntry: false })?.isFile()) throw new ConfigError(`--from ${from}: no such file`)
  const work = `${out}.work`
  const tmp = `${out}.tmp-${process.pid}`
  const env = { ...process.env, DB_PATH: work, DB_READONLY: 'false' }
  const config = createConfig(env)
  mkdirSync(path.dirname(out), { recursive: true })
  clearWork(work)
  if (base !== null) {
    copyFileSync(base, work)
    // the copy keeps the base's mode: a snapshot is often read-only
    chmodSync(work, 0o644)
  }
  let app
  try {
    app = await buildApp(config)
    const schemaVersion = app.store.db.pragma('user_version', { simple: true }) as number
    if (schemaVersion !== SCHEMA_VERSION) {
      throw new ConfigError(`${base} has schema version ${schemaVersion}, newer than this build's ${SCHEMA_VERSION}: build from a newer version, or without it`)
    }
    await app.ready()
    const report = await app.corpus.done
    if (report.status !== 'ready') throw new ConfigError(`the corpus boot failed: ${report.error ?? 'unknown error'}`)
    const state = app.store.corpusState.get()
    if (state === null) throw new ConfigError(`the corpus files changed while they were read: run the snapshot again`)
    const manifest: SnapshotManifest = {
      format: SNAPSHOT_FORMAT,
      dataVersion: dataVersion(state.fingerprint, app.knowledge.version),
      corpusFingerprint: state.fingerprint,
      pipelineVersion: app.knowledge.version,
      schemaVersion,
      articles: app.store.articles.count(),
      corpusDir: config.CORPUS_DIR,
      builtAt: new Date().toISOString(),
      // up to the copy, which the manifest goes into
      buildMs: Math.round(performance.now() - started)
    }
    rmSync(tmp, { force: true })
    writeSnapshot(app.store.db, tmp, manifest)
    await app.close()
    app = undefined
    fsyncFile(tmp)
    // opened as a read-only service opens it (without a manifest beside it yet: with quick_check), so that the SHA-256
    // recorded below is that of a sound file
    openSnapshot(tmp, { pipelineVersion: manifest.pipelineVersion }).db.close()
    const bytes = statSync(tmp).size
    const file: SnapshotFileManifest = { ...manifest, file: path.basename(out), bytes, sha256: fileSha256(tmp) }
    renameSync(tmp, out)
    replaceFile(fileManifestPath(out), `${JSON.stringify(file, null, 2)}\n`)
    const reused = base === null ? 'new database' : `from ${base === out ? 'the previous snapshot' : base}: ${report.unchanged} articles unchanged`
    process.stdout.write(
      `snapshot ${out}: ${manifest.articles} articles, ${(bytes / 1e6).toFixed(1)} MB, data version ${manifest.dataVersion}, schema ${schemaVersion}, ` +
        `${report.inserted} inserted, ${report.updated} updated, ${report.removed} removed (${reused}), ${Math.round(performance.now() - started)} ms\n`
    )
  } finally {
    await app?.close()
    rmSync(tmp, { force: true })
    for (const f of workFiles(work)) rmSync(f, { force: true })
  }
}

main().catch((err: unknown) => {
  const message = err instanceof ConfigError ? err.message : ((err as Error)?.stack ?? String(err))
  process.stderr.write(`cannot build snapshot: ${message}\n`)
  process.exit(1)
})
