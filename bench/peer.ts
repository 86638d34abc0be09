/**
 * The peer: Platformatic DB 2 over the same SQLite file (the articles table only), installed at bench time into
 * $TMPDIR/news-intel-platformatic-bench, never a project dependency. BENCH_PEER=0 skips it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { HOST, serverCommand, stop, track, waitFor } from './procs.js'

const PEER_DIR = path.join(os.tmpdir(), 'news-intel-platformatic-bench')

export async function startPeer(dbPath: string, port: number, tmp: string): Promise<ChildProcess | null> {
  if (process.env.BENCH_PEER === '0') return null
  const bin = path.join(PEER_DIR, 'node_modules', '.bin', 'plt-db')
  if (!existsSync(bin)) {
    console.log(`installing @platformatic/db@2 into ${PEER_DIR} (outside the repository)…`)
    mkdirSync(PEER_DIR, { recursive: true })
    const r = spawnSync('npm', ['install', '--prefix', PEER_DIR, '@platformatic/db@2', '--no-audit', '--no-fund', '--loglevel=error'], { stdio: 'inherit' })
    if (r.status !== 0 || !existsSync(bin)) {
      console.log('could not install Platformatic DB: peer skipped')
      return null
    }
  }
  // its own better-sqlite3 (native): build it if the install did not
  if (!existsSync(path.join(PEER_DIR, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'))) {
    spawnSync('npm', ['rebuild', 'better-sqlite3', '--prefix', PEER_DIR, '--ignore-scripts=false', '--loglevel=error'], { stdio: 'inherit' })
  }
  // Only the articles table: the full-text and knowledge tables are not part of the comparison.
  const db = new Database(dbPath, { readonly: true })
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'articles'").all() as { name: string }[]).map((r) => r.name)
  db.close()
  const config = {
    $schema: 'https://schemas.platformatic.dev/@platformatic/db/2.0.0.json',
    server: { hostname: HOST, port, logger: { level: 'warn' } },
    db: { connectionString: `sqlite://${dbPath}`, graphql: false, openapi: true, ignore: Object.fromEntries(tables.map((t) => [t, true])) },
    watch: false
  }
  const dir = path.join(tmp, 'peer')
  mkdirSync(dir, { recursive: true })
  writeFileSync(path.join(dir, 'platformatic.json'), JSON.stringify(config, null, 2))
  const [cmd, args] = serverCommand(bin, ['start', '-c', path.join(dir, 'platformatic.json')], true)
  const child = track(spawn(cmd, args, { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, PLT_TELEMETRY: 'false' } }))
  try {
    await waitFor(child, port, '/articles/?limit=1', 120_000)
    return child
  } catch (err) {
    console.log(`Platformatic DB did not start (${(err as Error).message}): peer skipped`)
    await stop(child)
    return null
  }
}
