/**
 * Issue 16: `npm run snapshot -- OUT.db` writes a snapshot of the corpus; `DB_PATH=OUT.db DB_READONLY=true` serves it
 * without writing anything, from a read-only directory, on any number of replicas that answer alike.
 */
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { once } from 'node:events'
import { appendFileSync, chmodSync, closeSync, copyFileSync, cpSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, writeSync } from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import t, { type Test } from 'tap'
import type { SnapshotFileManifest } from '../schemas/snapshot.js'
import { buildApp } from '../src/app.js'
import { createConfig, DEFAULT_CORPUS_DIR, DEFAULT_KB_DIR } from '../src/config.js'
import { build, tempDir } from './helper.js'
import { ROOT, startServer, waitFor, type Child } from './hardening/child.js'

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

/** `npm run snapshot -- …args` (from the sources, as the other tests run the server). */
async function snapshot(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/snapshot.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', EXTRACT_WORKERS: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  proc.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')))
  proc.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')))
  const [code] = (await once(proc, 'exit')) as [number | null]
  return { code, stdout, stderr }
}

const manifestOf = (file: string) => JSON.parse(readFileSync(`${file}.manifest.json`, 'utf8')) as SnapshotFileManifest
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex')

/** Every entry of `dir` with its size and modification time: what "nothing was written" compares. */
const listing = (dir: string) =>
  readdirSync(dir)
    .sort()
    .map((name) => {
      const s = statSync(path.join(dir, name))
      return `${name} ${s.size} ${s.mtimeMs}`
    })

/** A temp directory the other user can enter (mkdtemp makes it 0700). */
function sharedTempDir(t: Test): string {
  const dir = tempDir(t)
  chmodSync(dir, 0o755)
  return dir
}

interface Answer {
  status: number
  headers: http.IncomingHttpHeaders
  body: string
}
function get(port: number, url: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: url, agent: false }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }))
      })
      .on('error', reject)
  })
}

/** Whether a user with no rights of its own can walk down to `p`: every directory on the way lets others through. */
function othersCanReach(p: string): boolean {
  for (let dir = path.resolve(p); ; dir = path.dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) return false
    if (path.dirname(dir) === dir) return true
  }
}

/** The child's port once it listens. */
const listeningPort = (child: Child) =>
  waitFor(
    'the server to listen',
    async () => {
      if (child.proc.exitCode !== null) throw new Error(`exited ${child.proc.exitCode}: ${child.lines.join('\n')}`)
      const line = child.lines.find((l) => l.includes('Server listening at'))
      const match = line ? /127\.0\.0\.1:(\d+)/.exec(line) : null
      return match ? Number(match[1]) : undefined
    },
    60_000
  )

t.test('the seeds: a snapshot, served read-only from a read-only directory by two replicas that answer alike', async (t) => {
  const snapDir = path.join(sharedTempDir(t), 'SNAP')
  const out = path.join(snapDir, 's.db')
  const run = await snapshot([out])
  t.equal(run.code, 0, run.stderr)
  t.match(run.stdout, /^snapshot .*s\.db: 5 articles, .* data version [0-9a-f]{16}, .*5 inserted.*\(new database\)/)
  t.same(readdirSync(snapDir).sort(), ['s.db', 's.db.manifest.json'], 'the snapshot and its manifest, no working files left')
  const manifest = manifestOf(out)
  t.match(manifest, { format: 'news-intel-snapshot/1', articles: 5, file: 's.db', bytes: statSync(out).size, sha256: sha256(out) })

  const booting = await build(t)
  t.equal(booting.corpus.dataVersion, manifest.dataVersion, 'a service booting the same corpus itself names the same data version')

  // chmod -R a-w SNAP; as root, the servers run as nobody so that the permissions hold for them
  chmodSync(out, 0o444)
  chmodSync(`${out}.manifest.json`, 0o444)
  chmodSync(snapDir, 0o555)
  t.teardown(() => chmodSync(snapDir, 0o755))
  // (only where another user can reach the checkout and the snapshot: a checkout under `mktemp -d` is 0700, and a
  // server spawned as nobody there cannot even start; as root the permissions then bind no one, and the test says so)
  const asNobody = process.getuid?.() === 0 && othersCanReach(ROOT) && othersCanReach(snapDir)
  if (process.getuid?.() === 0 && !asNobody) t.comment(`the replicas run as root: another user cannot reach ${ROOT} or ${snapDir}`)
  const as = asNobody ? { uid: 65534, gid: 65534 } : undefined
  const before = listing(snapDir)

  const env = { DB_PATH: out, DB_READONLY: 'true', LOG_LEVEL: 'info', CORPUS_DIR: path.join(snapDir, 'no-corpus-needed') }
  const replicas = [startServer(0, env, as), startServer(0, env, as)]
  t.teardown(() => replicas.forEach((r) => r.proc.kill('SIGKILL')))
  const ports = await Promise.all(replicas.map(listeningPort))

  for (const port of ports) {
    const ready = await get(port, '/health/ready')
    t.equal(ready.status, 200, 'ready at once: nothing to boot')
    const body = JSON.parse(ready.body) as { articles: number; dataVersion: string; snapshot: { dataVersion: string; builtAt: string }; boot: { read: number; status: string } }
    t.match(body, { articles: 5, dataVersion: manifest.dataVersion, snapshot: { dataVersion: manifest.dataVersion, builtAt: manifest.builtAt }, boot: { status: 'ready', read: 5 } })
    t.equal(ready.headers['x-data-version'], manifest.dataVersion)
  }
  const urls = ['/v1/articles', '/v1/quotes?limit=5', '/v1/entities/peskov', '/v1/agreements/sochi-2018', '/v1/search?q=Erdogan']
  for (const url of urls) {
    const [a, b] = await Promise.all(ports.map((port) => get(port, url)))
    t.equal(a?.status, 200, url)
    t.equal(a?.headers['x-data-version'], manifest.dataVersion, `${url}: x-data-version`)
    t.ok(a?.headers.etag && a.headers.etag === b?.headers.etag, `${url}: the same ETag on both replicas (${a?.headers.etag})`)
  }
  t.equal((JSON.parse((await get(ports[0] as number, '/v1/articles')).body) as { total: number }).total, 5, 'the five articles')

  for (const replica of replicas) replica.proc.kill('SIGTERM')
  const exits = await Promise.all(replicas.map((r) => r.exited))
  t.same(exits.map((e) => e.code), [0, 0], 'SIGTERM: both exit 0')
  t.same(listing(snapDir), before, 'nothing was written: no lock, journal, -wal or -shm file, the files unchanged')
  t.equal(sha256(out), manifest.sha256)
  t.notOk(replicas.some((r) => r.lines.some((l) => /corpus booted|migrat/.test(l))), 'no corpus boot, no migration')
})

t.test('built again: incremental from the previous snapshot, and the same data version for the same files anywhere', async (t) => {
  const dir = sharedTempDir(t)
  const out = path.join(dir, 's.db')
  t.equal((await snapshot([out])).code, 0)
  const first = manifestOf(out)
  chmodSync(out, 0o444)

  const again = await snapshot([out])
  t.equal(again.code, 0, again.stderr)
  t.match(again.stdout, /0 inserted, 0 updated, 0 removed \(from the previous snapshot: 5 articles unchanged\)/, 'nothing extracted again')
  t.equal(manifestOf(out).dataVersion, first.dataVersion)

  // the same files in another directory
  const corpus = path.join(dir, 'corpus')
  cpSync(DEFAULT_CORPUS_DIR, corpus, { recursive: true, filter: (src) => !src.includes(`${path.sep}kb`) })
  const elsewhere = path.join(dir, 'elsewhere.db')
  t.equal((await snapshot([elsewhere], { CORPUS_DIR: corpus })).code, 0)
  t.equal(manifestOf(elsewhere).dataVersion, first.dataVersion, 'where the corpus is does not count')

  // one article changed: extracted again from the base given, and a new data version
  const [txt] = readdirSync(corpus).filter((n) => n.endsWith('.txt'))
  appendFileSync(path.join(corpus, txt as string), '\nوقال المتحدث إن الوضع هادئ.\n')
  const changed = path.join(dir, 'changed.db')
  const run = await snapshot([changed, '--from', out], { CORPUS_DIR: corpus })
  t.equal(run.code, 0, run.stderr)
  t.match(run.stdout, /0 inserted, 1 updated, 0 removed \(from .*s\.db: 4 articles unchanged\)/)
  t.not(manifestOf(changed).dataVersion, first.dataVersion, 'another corpus, another data version')
})

t.test('the snapshot command refuses bad arguments and a base from a newer schema, in one line', async (t) => {
  const dir = tempDir(t)
  for (const [args, message] of [
    [[], /usage: npm run snapshot -- OUT\.db/],
    [['a.db', 'b.db'], /usage/],
    [['--bogus', 'a.db'], /unknown option --bogus/],
    [[path.join(dir, 'a.db'), '--from', path.join(dir, 'missing.db')], /--from .*missing\.db: no such file/]
  ] as const) {
    const run = await snapshot([...args])
    t.equal(run.code, 1, args.join(' '))
    t.match(run.stderr, message)
    t.match(run.stderr, /^cannot build snapshot: [^\n]*\n$/, 'one line')
  }
  t.same(readdirSync(dir), [], 'nothing written')
})

/** Overwrites 4 pages in the middle of a copy of `file`. */
function damagedCopy(file: string, name: string): string {
  const copy = path.join(path.dirname(file), name)
  copyFileSync(file, copy)
  const pages = Math.floor(statSync(copy).size / 4096)
  const fd = openSync(copy, 'r+')
  writeSync(fd, Buffer.alloc(4096 * 4, 0xa5), 0, 4096 * 4, Math.floor(pages / 2) * 4096)
  closeSync(fd)
  return copy
}

t.test('a read-only service refuses, in one line, what it cannot serve', async (t) => {
  const dir = tempDir(t)
  const out = path.join(dir, 's.db')
  t.equal((await snapshot([out])).code, 0)
  const refused = (env: Record<string, string>) => buildApp(createConfig({ LOG_LEVEL: 'silent', DB_READONLY: 'true', ...env }))

  // another pipeline: the same knowledge base with one file's bytes changed
  const kb = path.join(dir, 'kb')
  cpSync(DEFAULT_KB_DIR, kb, { recursive: true })
  const [json] = readdirSync(kb).filter((n) => n.endsWith('.json'))
  appendFileSync(path.join(kb, json as string), '\n')
  await t.rejects(refused({ DB_PATH: out, KB_DIR: kb }), { name: 'ConfigError', message: /s\.db is a snapshot of pipeline .*; this build runs .*: build the snapshot again/ })

  await t.rejects(refused({ DB_PATH: damagedCopy(out, 'damaged.db') }), { name: 'ConfigError', message: /damaged\.db is damaged \(.*\): copy the snapshot again/ })
  await t.rejects(refused({ DB_PATH: path.join(dir, 'missing.db') }), { message: /cannot open DB_PATH .*missing\.db: no such file/ })

  const working = path.join(dir, 'work', 'news.db')
  mkdirSync(path.dirname(working))
  const app = await build(t, { DB_PATH: working })
  await app.close()
  await t.rejects(refused({ DB_PATH: working }), { message: /news\.db is a working database \(write-ahead log\), not a snapshot/ })
  t.throws(() => createConfig({ DB_READONLY: 'true', DB_PATH: ':memory:' }), /DB_READONLY: serves a snapshot file/)
  t.throws(() => createConfig({ DB_READONLY: 'maybe' }), /DB_READONLY/)

  // as the process says it: one line, exit 1, nothing served
  const child = startServer(0, { DB_PATH: path.join(dir, 'damaged.db'), DB_READONLY: 'true', LOG_LEVEL: 'info' })
  t.teardown(() => child.proc.kill('SIGKILL'))
  const exit = await child.exited
  t.equal(exit.code, 1)
  const stderr = child.lines.filter((l) => !l.startsWith('{')).join('')
  t.match(stderr, /^cannot start: DB_PATH .*damaged\.db is damaged \(.*\): copy the snapshot again[^\n]*\n$/)
  t.notOk(child.lines.some((l) => l.includes('Server listening')), 'never listened')
})
