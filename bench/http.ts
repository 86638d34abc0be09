/**
 * HTTP measurements: the bench's targets (found in the booted database), autocannon rounds with the servers taking
 * turns, the median round, and sequential latency.
 */
import Database from 'better-sqlite3'
import autocannon from 'autocannon'
import { get, HOST } from './procs.js'

export type ServerKind = 'ceiling' | 'ceiling+headers' | 'us' | 'us-uncached' | 'base-uncached' | 'peer'

export interface HttpResult {
  /** the corpus size this was measured on (its label) */
  size: string
  target: string
  /** ceiling: same body, bare route; ceiling+headers: same body and headers; us-uncached: RESPONSE_CACHE_BYTES=0; base-uncached: the baseline build so */
  server: ServerKind
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

export interface Target {
  name: string
  us: string
  /** the same question asked of Platformatic DB, where it has it */
  peer: string | null
}

/** The bench's five targets, chosen from the data: a typical listing, detail, speaker, busy month and search. */
export function findTargets(dbPath: string): Target[] {
  const db = new Database(dbPath, { readonly: true })
  try {
    // the thousandth newest article (or the middle one of a small corpus)
    const article = db
      .prepare('SELECT rowid, id FROM articles ORDER BY sort_key DESC, id DESC LIMIT 1 OFFSET min(1000, (SELECT count(*) / 2 FROM articles))')
      .get() as { rowid: number; id: string }
    const speaker = db.prepare('SELECT e.id, e.name FROM quotes q JOIN entities e ON e.id = q.speaker_id GROUP BY e.id ORDER BY count(*) DESC LIMIT 1').get() as { id: string; name: string }
    // the most common event type in its busiest month: a typical filtered listing, not an edge case
    const evType = db
      .prepare(
        `SELECT type, substr(date_start, 1, 7) AS month FROM event_mentions
         WHERE date_start IS NOT NULL AND type = (SELECT type FROM event_mentions GROUP BY type ORDER BY count(*) DESC LIMIT 1)
         GROUP BY month ORDER BY count(*) DESC LIMIT 1`
      )
      .get() as { type: string; month: string }
    const q = (s: string) => encodeURIComponent(s)
    return [
      { name: 'article list', us: '/v1/articles?limit=20', peer: '/articles/?limit=20&orderby.sort_key=desc&orderby.id=desc' },
      { name: 'article detail', us: `/v1/articles/${q(article.id)}`, peer: `/articles/${article.rowid}` },
      { name: 'quotes by speaker', us: `/v1/quotes?speaker=${q(speaker.name)}`, peer: null },
      { name: 'events by type+date', us: `/v1/events?type=${evType.type}&from=${evType.month}-01&to=${evType.month}-28`, peer: null },
      { name: 'search', us: `/v1/search?q=${q('السعودية')}`, peer: null }
    ]
  } finally {
    db.close()
  }
}

export async function load(size: string, target: string, server: ServerKind, port: number, p: string, options: { warm: boolean; connections: number; duration: number }): Promise<HttpResult> {
  const url = `http://${HOST}:${port}${p}`
  if (!options.warm) await autocannon({ url, connections: options.connections, duration: 2 }) // warm-up (JIT, caches)
  const r = await autocannon({ url, connections: options.connections, duration: options.duration })
  return {
    size,
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
export function median(results: HttpResult[]): HttpResult {
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
export async function latency(port: number, p: string, n = 200): Promise<{ path: string; p50: number; p95: number; status: number; total: number | null }> {
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

/**
 * What the process that booted a corpus is asked right after its cold boot, and a warm-booted one the same: the five
 * targets and a window with few events (the busiest type's quietest month). A process that wrote the database may plan
 * differently from one that opened it (an R-tree reads its size from the statistics only when a connection opens it);
 * the bench's HTTP rounds run on warm-booted servers, so this is where such a difference shows.
 */
export function afterBootQueries(dbPath: string): string[] {
  const db = new Database(dbPath, { readonly: true })
  try {
    const quiet = db
      .prepare(
        `SELECT type, substr(date_start, 1, 7) AS month FROM event_mentions
         WHERE date_start >= '1900' AND type = (SELECT type FROM event_mentions GROUP BY type ORDER BY count(*) DESC LIMIT 1)
         GROUP BY month ORDER BY count(*), month LIMIT 1`
      )
      .get() as { type: string; month: string } | undefined
    const few = quiet ? [`/v1/events?type=${quiet.type}&from=${quiet.month}-01&to=${quiet.month}-28`] : []
    return [...findTargets(dbPath).map((t) => t.us), ...few]
  } finally {
    db.close()
  }
}

/** Sequential-latency queries: full text, search and speakers. */
export function latencyQueries(speakerName: string): string[] {
  const q = encodeURIComponent
  return [
    `/v1/articles?q=${q('السعودية')}`,
    `/v1/articles?q=${q('أردوغان')}`,
    `/v1/articles?q=${q('مجلس الأمن')}`,
    `/v1/articles?q=${q('Trump')}`,
    `/v1/search?q=${q('السعودية')}`,
    `/v1/search?q=${q('ترامب')}`,
    `/v1/search?q=${q('Erdogan')}`,
    `/v1/search?q=${q('Putin')}`,
    `/v1/quotes?speaker=${q(speakerName)}`,
    `/v1/quotes?speaker=${q('بوتين')}`,
    `/v1/quotes?speaker=${q('Erdogan')}`
  ]
}
