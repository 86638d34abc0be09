/**
 * Soak and faults against the real server (a child process on 127.0.0.1:3550–3552), on a real corpus:
 *   1. kill -9 during a boot of the corpus; check the database; the next boot repairs it (counts, integrity).
 *   2. load: DURATION s at full throughput (autocannon) on the main endpoints, over ~2,000 distinct URLs drawn from
 *      the stored data (article, quote and event details, speakers, event types by month, entity searches and
 *      timelines, deep pages), so most requests run their queries rather than hit the response cache; 0 errors; RSS
 *      before/after.
 *   3. SIGTERM under load: every request the server received is answered before it exits.
 * Prints a summary; exits non-zero on any failure.
 *
 *   npx tsx scripts/soak.ts [CORPUS_DIR=../shared/corpus] [--seconds 60] [--connections 32] [--no-cache]
 *
 * --no-cache runs the server with RESPONSE_CACHE_BYTES=0: every request queries and serialises.
 */
import { createRequire } from 'node:module'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { ROOT, ready, startServer, waitFor, type Child } from '../test/hardening/child.js'

interface CannonResult {
  errors: number
  timeouts: number
  non2xx: number
  '2xx': number
  requests: { average: number; total: number }
  latency: { p50: number; p99: number; max: number }
}
type Cannon = (options: {
  url: string
  connections: number
  duration: number
  requests?: { method: 'GET'; path: string }[]
}) => Promise<CannonResult> & { stop?: () => void }
const autocannon = createRequire(import.meta.url)('autocannon') as Cannon

const args = process.argv.slice(2)
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? Number(args[i + 1]) : fallback
}
const corpus = path.resolve(args.find((a) => !a.startsWith('--') && Number.isNaN(Number(a))) ?? path.join(ROOT, '../shared/corpus'))
const SECONDS = flag('seconds', 60)
const NO_CACHE = args.includes('--no-cache')
const CONNECTIONS = flag('connections', 32)
const BASE_PORT = 3550
const failures: string[] = []
const check = (ok: boolean, what: string) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`)
  if (!ok) failures.push(what)
}
const rssOf = (pid: number) => {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0)
  return Math.round(kb / 1024)
}
const count = (dbPath: string) => {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true })
  try {
    return {
      articles: (db.prepare('SELECT count(*) AS n FROM articles').get() as { n: number }).n,
      integrity: db.pragma('integrity_check', { simple: true }) as string,
      danglingRows: (db.pragma('foreign_key_check') as unknown[]).length
    }
  } finally {
    db.close()
  }
}

const REQUESTS = [
  '/v1/articles?limit=20',
  '/v1/articles?limit=100',
  `/v1/articles?q=${encodeURIComponent('إدلب')}`,
  `/v1/articles?q=${encodeURIComponent('مذكرة سوتشي')}&limit=50`,
  '/v1/quotes?limit=50',
  '/v1/events?limit=50',
  '/v1/agreements',
  '/v1/entities?limit=100',
  '/v1/timeline?limit=50',
  `/v1/search?q=${encodeURIComponent('أردوغان')}`,
  '/v1/agreements/sochi-2018',
  '/health/ready'
]

/** Distinct URLs from the stored data: details, filters and pages a population of clients would ask for. */
function varied(dbPath: string): string[] {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true })
  const q = encodeURIComponent
  try {
    const col = <T>(sql: string) => (db.prepare(sql).all() as Record<string, T>[]).map((r) => Object.values(r)[0] as T)
    const months = col<string>("SELECT DISTINCT substr(date_start, 1, 7) FROM events WHERE date_start >= '2015-01' ORDER BY 1")
    const types = col<string>('SELECT DISTINCT type FROM event_mentions')
    return [
      ...col<string>('SELECT id FROM articles ORDER BY random() LIMIT 600').map((id) => `/v1/articles/${q(id)}`),
      ...col<string>('SELECT id FROM quotes ORDER BY random() LIMIT 300').map((id) => `/v1/quotes/${q(id)}`),
      ...col<string>('SELECT id FROM events ORDER BY random() LIMIT 300').map((id) => `/v1/events/${q(id)}`),
      ...col<string>('SELECT speaker_id FROM quotes WHERE speaker_id IS NOT NULL GROUP BY speaker_id ORDER BY count(*) DESC LIMIT 150').map(
        (id) => `/v1/quotes?speaker=${q(id)}`
      ),
      ...types.flatMap((type) => months.slice(-12).map((m) => `/v1/events?type=${type}&from=${m}-01&to=${m}-28`)),
      ...col<string>("SELECT name FROM entities WHERE type IN ('person', 'country', 'place') ORDER BY random() LIMIT 150").flatMap((name) => [
        `/v1/search?q=${q(name)}`,
        `/v1/timeline?entity=${q(name)}`
      ]),
      ...col<string>('SELECT id FROM entities ORDER BY random() LIMIT 150').map((id) => `/v1/entities/${q(id)}`),
      ...[1, 2, 3, 5, 8].map((d) => `/v1/articles?from=2018-0${d}-01&limit=50`)
    ]
  } finally {
    db.close()
  }
}

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), 'news-intel-soak-'))
  const dbPath = path.join(dir, 'news.db')
  const env = { CORPUS_DIR: corpus, DB_PATH: dbPath, LOG_LEVEL: 'warn' }
  const children: Child[] = []
  const start = (port: number, extra: Record<string, string> = {}) => {
    const child = startServer(port, { ...env, ...extra })
    children.push(child)
    return child
  }
  try {
    console.log(`soak: corpus ${corpus}, db ${dbPath}, ${SECONDS} s × ${CONNECTIONS} connections`)

    // 1. kill -9 during boot.
    const first = start(BASE_PORT)
    const committed = await waitFor(
      'articles committed during boot',
      async () => {
        const { articles } = count(dbPath)
        return articles >= 2000 ? articles : undefined
      },
      600_000,
      100
    )
    first.proc.kill('SIGKILL')
    await first.exited
    const killed = count(dbPath)
    console.log(`kill -9 after ${committed} articles committed: ${killed.articles} stored, integrity ${killed.integrity}`)
    check(killed.integrity === 'ok', 'database intact after kill -9')
    check(killed.danglingRows === 0, 'no dangling rows after kill -9')

    const bootStarted = Date.now()
    const server = start(BASE_PORT + 1, NO_CACHE ? { RESPONSE_CACHE_BYTES: '0' } : {})
    const readiness = await waitFor('repair boot', ready(BASE_PORT + 1), 1_800_000, 500)
    const repaired = count(dbPath)
    console.log(`repair boot: ${readiness.articles} articles in ${Math.round((Date.now() - bootStarted) / 1000)} s, integrity ${repaired.integrity}`)
    check(readiness.articles > killed.articles, 'the next boot completed the corpus')
    check(repaired.integrity === 'ok' && repaired.danglingRows === 0, 'database intact after the repair boot')

    // 2. load.
    const pid = server.proc.pid!
    const requests = [...REQUESTS, ...varied(dbPath)].map((p) => ({ method: 'GET' as const, path: p }))
    console.log(`load: ${requests.length} distinct URLs, response cache ${NO_CACHE ? 'off' : 'on'}`)
    await autocannon({ url: `http://127.0.0.1:${BASE_PORT + 1}`, connections: CONNECTIONS, duration: 5, requests }) // warm-up
    const rssBefore = rssOf(pid)
    const load = await autocannon({ url: `http://127.0.0.1:${BASE_PORT + 1}`, connections: CONNECTIONS, duration: SECONDS, requests })
    const rssAfter = rssOf(pid)
    console.log(
      `load: ${load.requests.total} requests, ${Math.round(load.requests.average)} req/s, p50 ${load.latency.p50} ms, p99 ${load.latency.p99} ms, ` +
        `errors ${load.errors}, timeouts ${load.timeouts}, non-2xx ${load.non2xx}; RSS ${rssBefore} → ${rssAfter} MB`
    )
    check(load.errors === 0 && load.timeouts === 0 && load.non2xx === 0, 'load: 0 errors, 0 timeouts, 0 non-2xx')
    check(rssAfter <= rssBefore * 1.25 + 32, `memory flat under load (RSS ${rssBefore} → ${rssAfter} MB)`)
    server.proc.kill('SIGTERM')
    await server.exited

    // 3. SIGTERM under load, with request logging to account for every request on the server side.
    const drainPort = BASE_PORT + 2
    const drained = start(drainPort, { LOG_LEVEL: 'info' })
    await waitFor('ready for drain', ready(drainPort), 600_000, 200)
    const running = autocannon({
      url: `http://127.0.0.1:${drainPort}`,
      connections: CONNECTIONS,
      duration: 8,
      requests: REQUESTS.map((p) => ({ method: 'GET' as const, path: p }))
    })
    await new Promise((r) => setTimeout(r, 3000))
    drained.proc.kill('SIGTERM')
    const exit = await drained.exited
    const result = await running
    const logs = drained.lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { msg?: string; requestId?: string })
    const incoming = new Set(logs.filter((l) => l.msg === 'incoming request').map((l) => l.requestId))
    const completed = new Set(logs.filter((l) => l.msg === 'request completed').map((l) => l.requestId))
    const dropped = [...incoming].filter((id) => !completed.has(id)).length
    console.log(
      `drain: exit ${exit.code}, ${incoming.size} requests received, ${completed.size} completed, ${dropped} dropped; ` +
        `client saw ${result['2xx']} 2xx, ${result.non2xx} non-2xx (503 while closing), ${result.errors} connection errors (refused after close)`
    )
    check(exit.code === 0, 'SIGTERM: clean exit')
    check(dropped === 0, 'SIGTERM: no request the server received was dropped')
  } finally {
    for (const child of children) if (child.proc.exitCode === null && child.proc.signalCode === null) child.proc.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  }
  console.log(failures.length === 0 ? 'soak: all checks passed' : `soak: ${failures.length} check(s) failed`)
  process.exit(failures.length === 0 ? 0 : 1)
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
