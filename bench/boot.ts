/** One boot of a built server to /health/ready, with what it cost: time, CPU, peak memory, the database on disk. */
import { cpuMs, databaseBytes, peakRssMb, startServer, stop, waitFor } from './procs.js'

export interface BootResult {
  /** which build booted: this checkout, or the baseline (BENCH_BASE) */
  build: 'us' | 'base'
  /** the corpus size's label */
  size: string
  articles: number
  kind: 'cold' | 'warm'
  readyMs: number
  ingestMs: number | null
  /** CPU time of the server process until ready (every thread: main, extraction workers, libuv and V8 helpers) */
  cpuMs: number | null
  /** articles per CPU second: the throughput of one core */
  articlesPerCoreSecond: number | null
  peakRssMb: number | null
  /** database and write-ahead log on disk after the server stopped */
  dbMb: number
  inserted: number
  unchanged: number
  liveDuringBoot: boolean
  sigtermExit: number | null
  /** sequential latency of queries asked of this process once ready, before it stops (see afterBootQueries) */
  served?: Served[]
}

export interface Served {
  path: string
  p50: number
  p95: number
  status: number
}

export async function bootOnce(
  build: BootResult['build'],
  root: string,
  size: string,
  corpusDir: string,
  dbPath: string,
  kind: 'cold' | 'warm',
  port: number,
  /** asked of the process once ready (without its response cache, so that every request runs its query) */
  serve?: (port: number) => Promise<Served[]>
): Promise<BootResult> {
  const child = startServer(root, { CORPUS_DIR: corpusDir, DB_PATH: dbPath, ...(serve ? { RESPONSE_CACHE_BYTES: '0' } : {}) }, port)
  const ready = await waitFor(child, port, '/health/ready')
  const rss = peakRssMb(child.pid ?? 0)
  const cpu = cpuMs(child.pid ?? 0)
  const report = JSON.parse(ready.body) as { articles?: number; boot?: { durationMs: number; inserted: number; unchanged: number } }
  const served = serve ? await serve(port) : undefined
  const sigtermExit = await stop(child)
  const articles = report.articles ?? 0
  return {
    build,
    size,
    articles,
    kind,
    readyMs: ready.ms,
    ingestMs: report.boot?.durationMs ?? null,
    cpuMs: cpu,
    articlesPerCoreSecond: cpu && kind === 'cold' ? Math.round((articles / cpu) * 1000) : null,
    peakRssMb: rss,
    dbMb: Math.round(databaseBytes(dbPath) / 1e6),
    inserted: report.boot?.inserted ?? 0,
    unchanged: report.boot?.unchanged ?? 0,
    liveDuringBoot: ready.liveDuringBoot,
    sigtermExit,
    ...(served ? { served } : {})
  }
}
