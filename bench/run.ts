/**
 * `npm run bench`: boot at scale, HTTP ceiling / us / peer, and search latency, in one run on this machine.
 * Prints a table and writes bench/results/<timestamp>.json (and latest.json).
 *
 * Every server is its own process (built from dist/, as in production); this process only generates load, so it
 * never shares a server's event loop. Traffic goes to 127.0.0.1 only, ports 3400–3499, bounded durations.
 *
 * HTTP servers, same URLs: the ceiling (a bare Fastify route sending the same bytes as our response: our body and
 * every header, reported as "same bytes"), the same route sending only our body and Content-Type ("same body"), us (as deployed, response cache on: a repeated URL is a cache hit), us without the response
 * cache (every request queries and serialises), and Platformatic DB on the same SQLite file where it has the query.
 * Sequential search latency is measured without the response cache.
 *
 * Environment: BENCH_CORPUS (default ../shared/corpus/arabic-news-60k.jsonl.gz; its whole directory is the full-size
 * corpus), BENCH_SIZES (default 1000,10000,all),
 * BENCH_DURATION (seconds per server, target and round, default 5), BENCH_ROUNDS (default 3: the servers take turns,
 * round after round, and each reports its median round, so a drift in the machine's speed — this is a shared VM —
 * hits them all alike), BENCH_CONNECTIONS (default 10), BENCH_PEER=0 skips
 * Platformatic DB, BENCH_HTTP=0 / BENCH_BOOT=0 skip those parts; with BENCH_BOOT=0, BENCH_DB names a database already
 * booted from the full corpus (else the HTTP part boots one cold); BENCH_TARGETS=detail,search runs only the HTTP targets whose
 * names contain one of these words. BENCH_PIN=0: do not pin servers and load generator to separate CPUs (see PIN).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { copyFileSync, createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { createGunzip, createGzip } from 'node:zlib'
import { once } from 'node:events'
import Database from 'better-sqlite3'
import autocannon from 'autocannon'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const CORPUS = path.resolve(ROOT, process.env.BENCH_CORPUS ?? '../shared/corpus/arabic-news-60k.jsonl.gz')
const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,all').split(',').map((s) => (s === 'all' ? Infinity : Number(s)))
const DURATION = Number(process.env.BENCH_DURATION ?? 5)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10)
const PORTS = { boot: 3410, us: 3401, ceiling: 3402, peer: 3403, ceilingHeaders: 3404, usUncached: 3405 }
const HOST = '127.0.0.1'
const PEER_DIR = path.join(os.tmpdir(), 'news-intel-platformatic-bench')

const tmp = mkdtempSync(path.join(os.tmpdir(), 'news-intel-bench-'))
const children = new Set<ChildProcess>()
const cleanup = () => {
  for (const c of children) c.kill('SIGKILL')
  rmSync(tmp, { recursive: true, force: true })
}
process.on('exit', cleanup)
process.on('SIGINT', () => process.exit(130))

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function run(cmd: string, args: string[], cwd = ROOT) {
  const r = spawnSync(cmd, args, { cwd, stdio: 'inherit' })
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status})`)
}

/** The first `n` lines of the corpus as a new .jsonl.gz (streamed: never the whole corpus in memory). */
async function subset(n: number, dir: string): Promise<string> {
  // the whole corpus is read where it is (the reader skips symlinks, and it is never copied)
  if (n === Infinity) return path.dirname(CORPUS)
  mkdirSync(dir, { recursive: true })
  const file = path.join(dir, 'corpus.jsonl.gz')
  const gz = createGzip({ level: 1 })
  const out = gz.pipe(createWriteStream(file))
  const lines = createInterface({ input: createReadStream(CORPUS).pipe(createGunzip()), crlfDelay: Infinity })
  let count = 0
  for await (const line of lines) {
    if (!gz.write(`${line}\n`)) await once(gz, 'drain')
    if (++count >= n) break
  }
  lines.close()
  gz.end()
  await once(out, 'finish')
  return dir
}

/** Peak resident set (VmHWM) of a live process, MB: covers the main thread and the extraction workers. */
function peakRssMb(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m ? Math.round(Number(m[1]) / 1024) : null
  } catch {
    return null
  }
}

/**
 * HTTP runs pin every server to one CPU and the load generator (this process) to another, when the machine has two
 * and `taskset` exists (BENCH_PIN=0 turns it off): on two shared cores the scheduler otherwise moves the generator
 * onto the server's core at random, and the figures drift by a third between runs. Boots are never pinned (the
 * extraction pool uses every core).
 */
const PIN = process.env.BENCH_PIN !== '0' && os.cpus().length >= 2 && spawnSync('taskset', ['-V']).status === 0
const SERVER_CPU = '1'
const LOADER_CPU = '0'

/** `cmd args` as started for an HTTP run: on the server CPU when pinning. */
function serverCommand(cmd: string, args: string[], pin: boolean): [string, string[]] {
  return pin && PIN ? ['taskset', ['-c', SERVER_CPU, cmd, ...args]] : [cmd, args]
}

function startServer(env: Record<string, string>, port: number, pin = false): ChildProcess {
  const [cmd, args] = serverCommand(process.execPath, ['dist/src/server.js'], pin)
  const child = spawn(cmd, args, {
    cwd: ROOT,
    // the per-client rate limit would answer most of a load test with 429: it is not what is measured here
    env: { ...process.env, HOST, PORT: String(port), LOG_LEVEL: 'warn', RATE_LIMIT_MAX: '0', ...env },
    stdio: ['ignore', 'ignore', 'inherit']
  })
  children.add(child)
  child.on('exit', () => children.delete(child))
  return child
}

async function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode
  const exited = once(child, 'exit')
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
  const [code] = (await exited) as [number | null]
  clearTimeout(timer)
  return code
}

/** Headers that belong to the connection or the moment, not to the response: a replay must not copy them. */
const HOP_HEADERS = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding', 'content-type'])

async function get(port: number, p: string): Promise<{ status: number; body: string; contentType: string; headers: Record<string, string> }> {
  const res = await fetch(`http://${HOST}:${port}${p}`)
  const headers = Object.fromEntries([...res.headers].filter(([name]) => !HOP_HEADERS.has(name)))
  return { status: res.status, body: await res.text(), contentType: res.headers.get('content-type') ?? '', headers }
}

/** Polls until `p` answers 200 (or the process dies); returns the milliseconds it took. */
async function waitFor(child: ChildProcess, port: number, p: string, timeoutMs = 600_000): Promise<{ ms: number; body: string; liveDuringBoot: boolean }> {
  const started = performance.now()
  let liveDuringBoot = false
  while (performance.now() - started < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}) before ${p} was ready`)
    try {
      const r = await get(port, p)
      if (r.status === 200) return { ms: Math.round(performance.now() - started), body: r.body, liveDuringBoot }
      if (!liveDuringBoot) liveDuringBoot = (await get(port, '/health/live')).status === 200
    } catch {
      // not listening yet
    }
    await sleep(100)
  }
  throw new Error(`${p} not ready after ${timeoutMs} ms`)
}

interface BootResult {
  articles: number
  kind: 'cold' | 'warm'
  readyMs: number
  ingestMs: number | null
  peakRssMb: number | null
  inserted: number
  unchanged: number
  liveDuringBoot: boolean
  sigtermExit: number | null
}

async function bootOnce(corpusDir: string, dbPath: string, kind: 'cold' | 'warm'): Promise<BootResult> {
  const child = startServer({ CORPUS_DIR: corpusDir, DB_PATH: dbPath }, PORTS.boot)
  const ready = await waitFor(child, PORTS.boot, '/health/ready')
  const rss = peakRssMb(child.pid ?? 0)
  const report = JSON.parse(ready.body) as { articles?: number; boot?: { durationMs: number; inserted: number; unchanged: number } }
  const sigtermExit = await stop(child)
  return {
    articles: report.articles ?? 0,
    kind,
    readyMs: ready.ms,
    ingestMs: report.boot?.durationMs ?? null,
    peakRssMb: rss,
    inserted: report.boot?.inserted ?? 0,
    unchanged: report.boot?.unchanged ?? 0,
    liveDuringBoot: ready.liveDuringBoot,
    sigtermExit
  }
}

interface HttpResult {
  target: string
  /** ceiling: same body, bare route; ceiling+headers: same body and headers; us-uncached: RESPONSE_CACHE_BYTES=0 */
  server: 'ceiling' | 'ceiling+headers' | 'us' | 'us-uncached' | 'peer'
  path: string
  reqPerSec: number
  p50: number
  p99: number
  non2xx: number
  errors: number
  bytes: number
  /** req/s of every round, in order (the figures above are the median round's) */
  rounds: number[]
}

async function load(target: string, server: HttpResult['server'], port: number, p: string, warm: boolean): Promise<HttpResult> {
  const url = `http://${HOST}:${port}${p}`
  if (!warm) await autocannon({ url, connections: CONNECTIONS, duration: 2 }) // warm-up (JIT, caches)
  const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION })
  return {
    target,
    server,
    path: p,
    reqPerSec: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors,
    bytes: Math.round(r.throughput.average / Math.max(1, r.requests.average)),
    rounds: [Math.round(r.requests.average)]
  }
}

/** One server's rounds on one target → its median round (req/s and latency), every round's req/s, all errors. */
function median(results: HttpResult[]): HttpResult {
  const sorted = [...results].sort((a, b) => a.reqPerSec - b.reqPerSec)
  const mid = sorted[Math.floor((sorted.length - 1) / 2)] as HttpResult
  return {
    ...mid,
    non2xx: results.reduce((n, r) => n + r.non2xx, 0),
    errors: results.reduce((n, r) => n + r.errors, 0),
    rounds: results.map((r) => r.reqPerSec)
  }
}

/** Sequential requests, one at a time: latency as one user sees it. */
async function latency(port: number, p: string, n = 200): Promise<{ path: string; p50: number; p95: number; status: number; total: number | null }> {
  let status = 0
  let total: number | null = null
  for (let i = 0; i < 10; i++) await get(port, p)
  const times: number[] = []
  for (let i = 0; i < n; i++) {
    const t0 = performance.now()
    const r = await get(port, p)
    times.push(performance.now() - t0)
    status = r.status
    if (i === 0) total = (JSON.parse(r.body) as { total?: number }).total ?? null
  }
  times.sort((a, b) => a - b)
  const q = (f: number) => Math.round((times[Math.min(times.length - 1, Math.floor(f * times.length))] ?? 0) * 100) / 100
  return { path: decodeURIComponent(p), p50: q(0.5), p95: q(0.95), status, total }
}

async function startPeer(dbPath: string): Promise<ChildProcess | null> {
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
    server: { hostname: HOST, port: PORTS.peer, logger: { level: 'warn' } },
    db: { connectionString: `sqlite://${dbPath}`, graphql: false, openapi: true, ignore: Object.fromEntries(tables.map((t) => [t, true])) },
    watch: false
  }
  const dir = path.join(tmp, 'peer')
  mkdirSync(dir, { recursive: true })
  writeFileSync(path.join(dir, 'platformatic.json'), JSON.stringify(config, null, 2))
  const [cmd, args] = serverCommand(bin, ['start', '-c', path.join(dir, 'platformatic.json')], true)
  const child = spawn(cmd, args, { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, PLT_TELEMETRY: 'false' } })
  children.add(child)
  child.on('exit', () => children.delete(child))
  try {
    await waitFor(child, PORTS.peer, '/articles/?limit=1', 120_000)
    return child
  } catch (err) {
    console.log(`Platformatic DB did not start (${(err as Error).message}): peer skipped`)
    await stop(child)
    return null
  }
}

const fmt = (n: number | null, digits = 0) => (n === null ? '–' : n.toFixed(digits))

async function main() {
  const startedAt = new Date().toISOString()
  console.log(`bench: building dist/ …`)
  run('npx', ['tsc', '-p', 'tsconfig.build.json'])
  const machine = {
    nproc: os.availableParallelism(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memory: spawnSync('free', ['-h'], { encoding: 'utf8' }).stdout.trim(),
    node: process.version,
    loadavgAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100)
  }

  // ---- boot at scale
  const boots: BootResult[] = []
  let db60k: string | null = null
  let corpus60k: string | null = null
  if (process.env.BENCH_BOOT !== '0') {
    for (const size of SIZES) {
      const label = size === Infinity ? 'all' : String(size)
      const dir = await subset(size, path.join(tmp, `corpus-${label}`))
      const dbPath = path.join(tmp, `db-${label}`, 'news.db')
      for (const kind of ['cold', 'warm'] as const) {
        const r = await bootOnce(dir, dbPath, kind)
        console.log(`boot ${kind} ${r.articles} articles: ready in ${r.readyMs} ms (ingest ${r.ingestMs} ms), peak RSS ${r.peakRssMb} MB`)
        boots.push(r)
      }
      if (size === Infinity || size === Math.max(...SIZES)) {
        db60k = dbPath
        corpus60k = dir
      }
    }
  }
  if (db60k === null || corpus60k === null) {
    corpus60k = await subset(Infinity, path.join(tmp, 'corpus-all'))
    // BENCH_DB: a database already booted from this corpus (the servers then start warm); otherwise one cold boot
    db60k = process.env.BENCH_DB ? path.resolve(process.env.BENCH_DB) : path.join(tmp, 'db-all', 'news.db')
    if (!process.env.BENCH_DB) await bootOnce(corpus60k, db60k, 'cold')
  }

  // ---- HTTP: ceiling, us, peer
  const http: HttpResult[] = []
  const search: Awaited<ReturnType<typeof latency>>[] = []
  if (process.env.BENCH_HTTP !== '0') {
    // the load generator (autocannon, in this process) on its own CPU, every server on the other
    if (PIN) spawnSync('taskset', ['-a', '-p', '-c', LOADER_CPU, String(process.pid)], { stdio: 'ignore' })
    // one process per database file (the service refuses a second): the uncached server gets its own copy
    const dbUncached = path.join(tmp, 'db-uncached', 'news.db')
    mkdirSync(path.dirname(dbUncached), { recursive: true })
    copyFileSync(db60k, dbUncached)
    const us = startServer({ CORPUS_DIR: corpus60k, DB_PATH: db60k, CACHE_MAX_AGE: '60' }, PORTS.us, true)
    await waitFor(us, PORTS.us, '/health/ready')
    // the same service without its response cache: every request runs its query and serialisation
    const usUncached = startServer({ CORPUS_DIR: corpus60k, DB_PATH: dbUncached, CACHE_MAX_AGE: '60', RESPONSE_CACHE_BYTES: '0' }, PORTS.usUncached, true)
    await waitFor(usUncached, PORTS.usUncached, '/health/ready')
    const db = new Database(db60k, { readonly: true })
    const article = db.prepare('SELECT rowid, id FROM articles ORDER BY sort_key DESC, id DESC LIMIT 1 OFFSET 1000').get() as { rowid: number; id: string }
    const speaker = db.prepare('SELECT e.id, e.name FROM quotes q JOIN entities e ON e.id = q.speaker_id GROUP BY e.id ORDER BY count(*) DESC LIMIT 1').get() as { id: string; name: string }
    // the most common event type in its busiest month: a typical filtered listing, not an edge case
    const evType = db
      .prepare(
        `SELECT type, substr(date_start, 1, 7) AS month FROM event_mentions
         WHERE date_start IS NOT NULL AND type = (SELECT type FROM event_mentions GROUP BY type ORDER BY count(*) DESC LIMIT 1)
         GROUP BY month ORDER BY count(*) DESC LIMIT 1`
      )
      .get() as { type: string; month: string }
    db.close()
    const q = (s: string) => encodeURIComponent(s)
    const targets: { name: string; us: string; peer: string | null }[] = [
      { name: 'article list', us: '/v1/articles?limit=20', peer: '/articles/?limit=20&orderby.sort_key=desc&orderby.id=desc' },
      { name: 'article detail', us: `/v1/articles/${q(article.id)}`, peer: `/articles/${article.rowid}` },
      { name: 'quotes by speaker', us: `/v1/quotes?speaker=${q(speaker.name)}`, peer: null },
      { name: 'events by type+date', us: `/v1/events?type=${evType.type}&from=${evType.month}-01&to=${evType.month}-28`, peer: null },
      { name: 'search', us: `/v1/search?q=${q('السعودية')}`, peer: null }
    ]
    const bodies = []
    for (const t of targets) {
      const r = await get(PORTS.us, t.us)
      if (r.status !== 200) console.log(`warning: ${t.us} answered ${r.status}`)
      bodies.push({ path: t.us, contentType: r.contentType, body: r.body, headers: r.headers })
    }
    const bodiesFile = path.join(tmp, 'bodies.json')
    writeFileSync(bodiesFile, JSON.stringify(bodies))
    const ceiling = spawn(...serverCommand(process.execPath, [path.join(ROOT, 'bench', 'ceiling.mjs'), bodiesFile, String(PORTS.ceiling)], true), {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit']
    })
    children.add(ceiling)
    await waitFor(ceiling, PORTS.ceiling, targets[0]?.us ?? '/')
    const ceilingHeaders = spawn(...serverCommand(process.execPath, [path.join(ROOT, 'bench', 'ceiling.mjs'), bodiesFile, String(PORTS.ceilingHeaders), 'headers'], true), {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit']
    })
    children.add(ceilingHeaders)
    await waitFor(ceilingHeaders, PORTS.ceilingHeaders, targets[0]?.us ?? '/')
    const peer = await startPeer(db60k)

    const only = process.env.BENCH_TARGETS?.split(',').map((s) => s.trim())
    for (const t of targets.filter((x) => !only || only.some((o) => x.name.includes(o)))) {
      const servers: [HttpResult['server'], number, string][] = [
        ['ceiling', PORTS.ceiling, t.us],
        ['ceiling+headers', PORTS.ceilingHeaders, t.us],
        ['us', PORTS.us, t.us],
        ['us-uncached', PORTS.usUncached, t.us]
      ]
      if (peer && t.peer) servers.push(['peer', PORTS.peer, t.peer])
      const rounds = new Map<HttpResult['server'], HttpResult[]>(servers.map(([s]) => [s, []]))
      for (let round = 0; round < ROUNDS; round++) {
        console.log(`load: ${t.name}, round ${round + 1}/${ROUNDS} …`)
        for (const [server, port, p] of servers) rounds.get(server)?.push(await load(t.name, server, port, p, round > 0))
      }
      for (const [server] of servers) http.push(median(rounds.get(server) ?? []))
    }

    // ---- search latency at scale (sequential, one request at a time)
    const queries = [
      `/v1/articles?q=${q('السعودية')}`,
      `/v1/articles?q=${q('أردوغان')}`,
      `/v1/articles?q=${q('مجلس الأمن')}`,
      `/v1/articles?q=${q('Trump')}`,
      `/v1/search?q=${q('السعودية')}`,
      `/v1/search?q=${q('ترامب')}`,
      `/v1/search?q=${q('Erdogan')}`,
      `/v1/search?q=${q('Putin')}`,
      `/v1/quotes?speaker=${q(speaker.name)}`,
      `/v1/quotes?speaker=${q('بوتين')}`,
      `/v1/quotes?speaker=${q('Erdogan')}`
    ]
    // without the response cache: 200 repeats of one URL would otherwise measure the cache, not the query
    for (const p of queries) search.push(await latency(PORTS.usUncached, p))

    await stop(us)
    await stop(usUncached)
    await stop(ceiling)
    await stop(ceilingHeaders)
    if (peer) await stop(peer)
  }

  // ---- report
  const ratio = (target: string, a: HttpResult['server'], b: HttpResult['server']) => {
    const x = http.find((h) => h.target === target && h.server === a)
    const y = http.find((h) => h.target === target && h.server === b)
    return x && y && y.reqPerSec > 0 ? Math.round((x.reqPerSec / y.reqPerSec) * 100) / 100 : null
  }
  const httpTable = [...new Set(http.map((h) => h.target))].map((target) => {
    const row = (s: HttpResult['server']) => http.find((h) => h.target === target && h.server === s)
    return {
      target,
      'ceiling (same bytes) req/s': row('ceiling+headers')?.reqPerSec ?? null,
      'same body only req/s': row('ceiling')?.reqPerSec ?? null,
      'us req/s': row('us')?.reqPerSec ?? null,
      'us p50/p99 ms': row('us') ? `${row('us')?.p50}/${row('us')?.p99}` : null,
      'us uncached req/s': row('us-uncached')?.reqPerSec ?? null,
      'us uncached p50/p99 ms': row('us-uncached') ? `${row('us-uncached')?.p50}/${row('us-uncached')?.p99}` : null,
      'peer req/s': row('peer')?.reqPerSec ?? null,
      'peer p50/p99 ms': row('peer') ? `${row('peer')?.p50}/${row('peer')?.p99}` : null,
      'us/ceiling': ratio(target, 'us', 'ceiling+headers'),
      'us/same body only': ratio(target, 'us', 'ceiling'),
      'uncached/ceiling': ratio(target, 'us-uncached', 'ceiling+headers'),
      'us/peer': ratio(target, 'us', 'peer'),
      'uncached/peer': ratio(target, 'us-uncached', 'peer'),
      'bytes': row('us')?.bytes ?? null,
      'non-2xx': http.filter((h) => h.target === target).reduce((n, h) => n + h.non2xx + h.errors, 0)
    }
  })
  console.log('\nBoot')
  console.table(boots.map((b) => ({ ...b, readyMs: fmt(b.readyMs), ingestMs: fmt(b.ingestMs) })))
  console.log(
    'HTTP (autocannon, %d connections; median of %d rounds of %d s, servers in turn%s)',
    CONNECTIONS,
    ROUNDS,
    DURATION,
    PIN ? `; servers on CPU ${SERVER_CPU}, load generator on CPU ${LOADER_CPU}` : ''
  )
  console.table(httpTable)
  console.log('Search latency at scale (sequential)')
  console.table(search)

  const result = {
    startedAt,
    finishedAt: new Date().toISOString(),
    machine: { ...machine, loadavgAtEnd: os.loadavg().map((x) => Math.round(x * 100) / 100) },
    settings: { corpus: path.basename(CORPUS), sizes: SIZES.map(String), durationS: DURATION, rounds: ROUNDS, connections: CONNECTIONS, pinned: PIN ? { servers: SERVER_CPU, loadGenerator: LOADER_CPU } : false },
    boot: boots,
    http,
    httpTable,
    search
  }
  const outDir = path.join(ROOT, 'bench', 'results')
  mkdirSync(outDir, { recursive: true })
  const file = path.join(outDir, `${startedAt.replace(/[:.]/g, '-')}.json`)
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`)
  writeFileSync(path.join(outDir, 'latest.json'), `${JSON.stringify(result, null, 2)}\n`)
  console.log(`\nwrote ${path.relative(ROOT, file)}`)
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err)
    process.exit(1)
  }
)
