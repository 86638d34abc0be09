/**
 * `npm run bench`: boots at three corpus sizes, the cold boot against a baseline build, and HTTP against the ceiling,
 * in one run on this machine. Prints the tables and writes bench/results/<timestamp>.json and .md (and latest.*).
 *
 * Every server is its own process (built from dist/, as in production); this process only generates load, so it
 * never shares a server's event loop. Traffic goes to 127.0.0.1 only, ports 3400–3499, bounded durations.
 *
 * At each size: a cold boot (new database) and a warm one (nothing changed): time to /health/ready, CPU time (so
 * articles per second per core), peak RSS, database size; then each HTTP target against us without the response cache
 * and the ceiling (a bare Fastify route sending the same bytes). At the full-size corpus also: the same route with only
 * our body ("same body"), us as deployed (response cache on), and Platformatic DB on the same SQLite file where it has
 * the query; the baseline build's cold boots in turns with ours (BENCH_BASE), then the baseline without its response
 * cache on the database its last boot made. Servers take turns round after round and
 * each reports its median round, so a drift in the machine's speed — a shared VM — hits them all alike.
 *
 * Environment: BENCH_CORPUS (default ../shared/corpus/arabic-news-60k.jsonl.gz), BENCH_SIZES (default 6000,all,10x:
 * its first 6000 lines, all of it, and ten copies of it with new ids and dates shifted by whole years, made in a
 * temporary directory: see corpus.ts), BENCH_FULL_SIZE (default all: where the full HTTP comparison runs),
 * BENCH_BASE (a checkout of the baseline build, e.g. `git worktree add /tmp/base <commit>`; its dist/ is built here)
 * with BENCH_BOOT_ROUNDS (default 3) cold boots each at BENCH_FULL_SIZE, BENCH_DURATION (seconds per server, target and
 * round, default 5), BENCH_ROUNDS (default 3), BENCH_CONNECTIONS (default 10), BENCH_PEER=0 skips Platformatic DB,
 * BENCH_HTTP=0 / BENCH_BOOT=0 skip those parts (with BENCH_BOOT=0, BENCH_DB names a database already booted from the
 * full corpus), BENCH_TARGETS=detail,search runs only the targets whose names contain one of these words, BENCH_PIN=0
 * does not pin servers and load generator to separate CPUs (see procs.ts), TMPDIR where corpora and databases go.
 */
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { bootOnce, type BootResult, type Served } from './boot.js'
import { makeCorpus, parseSize, sizeLabel } from './corpus.js'
import { afterBootQueries, findTargets, latency, latencyQueries, load, median, type HttpResult, type ServerKind } from './http.js'
import { startPeer } from './peer.js'
import { get, killAll, LOADER_CPU, PIN, pinLoader, SERVER_CPU, startProcess, startServer, stop, waitFor } from './procs.js'
import { report } from './report.js'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const CORPUS = path.resolve(ROOT, process.env.BENCH_CORPUS ?? '../shared/corpus/arabic-news-60k.jsonl.gz')
const SIZES = (process.env.BENCH_SIZES ?? '6000,all,10x').split(',').map((s) => parseSize(s.trim()))
const FULL_SIZE = process.env.BENCH_FULL_SIZE ?? 'all'
const BASE = process.env.BENCH_BASE ? path.resolve(process.env.BENCH_BASE) : null
const BOOT_ROUNDS = Number(process.env.BENCH_BOOT_ROUNDS ?? 3)
const DURATION = Number(process.env.BENCH_DURATION ?? 5)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10)
const PORTS = { boot: 3410, us: 3401, ceiling: 3402, peer: 3403, ceilingHeaders: 3404, usUncached: 3405, baseUncached: 3406 }

type Latency = Awaited<ReturnType<typeof latency>> & { size: string }

/**
 * The after-boot queries, one at a time, 50 each: asked of the process that cold-booted the corpus and of the one that
 * warm-booted it next, alike (neither pinned, each fresh).
 */
const serveQueries = (dbPath: string) => async (port: number): Promise<Served[]> => {
  const served = []
  for (const p of afterBootQueries(dbPath)) {
    const { path: decoded, p50, p95, status } = await latency(port, p, 50)
    served.push({ path: decoded, p50, p95, status })
  }
  return served
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'news-intel-bench-'))
process.on('exit', () => {
  killAll()
  rmSync(tmp, { recursive: true, force: true })
})
process.on('SIGINT', () => process.exit(130))

function build(root: string) {
  const r = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' })
  if (r.status !== 0) throw new Error(`building ${root} failed (${r.status})`)
}

/**
 * Cold boots of the baseline and of this build at one size, in turns, each into a new database. The baseline's last
 * database is kept (returned) for its uncached HTTP figures beside ours.
 */
async function compareBoots(label: string, corpusDir: string): Promise<{ boots: BootResult[]; baseDb: string | null }> {
  const boots: BootResult[] = []
  if (!BASE) return { boots, baseDb: null }
  for (let round = 0; round < BOOT_ROUNDS; round++) {
    for (const [who, root] of [['base', BASE], ['us', ROOT]] as const) {
      const dir = path.join(tmp, `compare-${who}`)
      rmSync(dir, { recursive: true, force: true })
      const r = await bootOnce(who, root, label, corpusDir, path.join(dir, 'news.db'), 'cold', PORTS.boot)
      console.log(`compare ${label} round ${round + 1}: ${who} cold ${r.readyMs} ms, CPU ${r.cpuMs} ms, ${r.articlesPerCoreSecond} articles/s/core`)
      boots.push(r)
      if (who === 'us' || round < BOOT_ROUNDS - 1) rmSync(dir, { recursive: true, force: true })
    }
  }
  return { boots, baseDb: path.join(tmp, 'compare-base', 'news.db') }
}

/** Every target at one size: us uncached and the ceiling, and at the full size every server; then sequential latency. */
async function measureHttp(label: string, corpusDir: string, dbPath: string, full: boolean, baseDb: string | null): Promise<{ http: HttpResult[]; search: Latency[] }> {
  const http: HttpResult[] = []
  pinLoader()
  const env = { CORPUS_DIR: corpusDir, DB_PATH: dbPath, CACHE_MAX_AGE: '60' }
  // the same service without its response cache: every request runs its query and serialisation
  const usUncached = startServer(ROOT, { ...env, RESPONSE_CACHE_BYTES: '0' }, PORTS.usUncached, true)
  await waitFor(usUncached, PORTS.usUncached, '/health/ready')
  // one process per database file (the service refuses a second): the cached server gets its own copy
  let us = null
  if (full) {
    const dbCached = path.join(tmp, `db-cached-${label}`, 'news.db')
    mkdirSync(path.dirname(dbCached), { recursive: true })
    copyFileSync(dbPath, dbCached)
    us = startServer(ROOT, { ...env, DB_PATH: dbCached }, PORTS.us, true)
  }
  if (us) await waitFor(us, PORTS.us, '/health/ready')
  // the baseline build without its response cache, on the database it booted: the same questions before this work
  const baseUncached = BASE && baseDb ? startServer(BASE, { ...env, DB_PATH: baseDb, RESPONSE_CACHE_BYTES: '0' }, PORTS.baseUncached, true) : null
  if (baseUncached) await waitFor(baseUncached, PORTS.baseUncached, '/health/ready')
  const targets = findTargets(dbPath)
  const bodies = []
  for (const t of targets) {
    const r = await get(PORTS.usUncached, t.us)
    if (r.status !== 200) console.log(`warning: ${t.us} answered ${r.status}`)
    bodies.push({ path: t.us, contentType: r.contentType, body: r.body, headers: r.headers })
  }
  const bodiesFile = path.join(tmp, `bodies-${label}.json`)
  writeFileSync(bodiesFile, JSON.stringify(bodies))
  const ceiling = (port: number, mode: string) => startProcess(path.join(ROOT, 'bench', 'ceiling.mjs'), [bodiesFile, String(port), mode], { cwd: ROOT, pin: true })
  const ceilingHeaders = ceiling(PORTS.ceilingHeaders, 'headers')
  await waitFor(ceilingHeaders, PORTS.ceilingHeaders, targets[0]?.us ?? '/')
  const bare = full ? ceiling(PORTS.ceiling, 'bare') : null
  if (bare) await waitFor(bare, PORTS.ceiling, targets[0]?.us ?? '/')
  const peer = full ? await startPeer(dbPath, PORTS.peer, tmp) : null

  const only = process.env.BENCH_TARGETS?.split(',').map((s) => s.trim())
  for (const t of targets.filter((x) => !only || only.some((o) => x.name.includes(o)))) {
    const servers: [ServerKind, number, string][] = [['ceiling+headers', PORTS.ceilingHeaders, t.us]]
    if (bare) servers.push(['ceiling', PORTS.ceiling, t.us])
    if (us) servers.push(['us', PORTS.us, t.us])
    servers.push(['us-uncached', PORTS.usUncached, t.us])
    if (baseUncached) servers.push(['base-uncached', PORTS.baseUncached, t.us])
    if (peer && t.peer) servers.push(['peer', PORTS.peer, t.peer])
    const rounds = new Map<ServerKind, HttpResult[]>(servers.map(([s]) => [s, []]))
    for (let round = 0; round < ROUNDS; round++) {
      console.log(`load ${label}: ${t.name}, round ${round + 1}/${ROUNDS} …`)
      for (const [server, port, p] of servers) {
        rounds.get(server)?.push(await load(label, t.name, server, port, p, { warm: round > 0, connections: CONNECTIONS, duration: DURATION }))
      }
    }
    for (const [server] of servers) http.push(median(rounds.get(server) ?? []))
  }
  // search latency, one request at a time, without the response cache (200 repeats of one URL would measure it)
  const speaker = decodeURIComponent(targets.find((t) => t.name === 'quotes by speaker')?.us.split('speaker=')[1] ?? '')
  const search = []
  for (const p of latencyQueries(speaker)) search.push(await latency(PORTS.usUncached, p))
  for (const child of [usUncached, us, baseUncached, ceilingHeaders, bare, peer]) if (child) await stop(child)
  return { http, search: search.map((s) => ({ size: label, ...s })) }
}

async function main() {
  const startedAt = new Date().toISOString()
  console.log('bench: building dist/ …')
  build(ROOT)
  if (BASE) build(BASE)
  const machine = {
    nproc: os.availableParallelism(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memory: spawnSync('free', ['-h'], { encoding: 'utf8' }).stdout.trim(),
    node: process.version,
    loadavgAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100)
  }
  const boots: BootResult[] = []
  const comparison: BootResult[] = []
  const http: HttpResult[] = []
  const search: Latency[] = []
  const served: { size: string; path: string; cold: Served | null; warm: Served | null }[] = []
  for (const size of SIZES) {
    const label = sizeLabel(size)
    console.log(`size ${label}: making the corpus …`)
    const corpusDir = await makeCorpus(CORPUS, size, path.join(tmp, `corpus-${label}`))
    let dbPath = path.join(tmp, `db-${label}`, 'news.db')
    if (process.env.BENCH_BOOT !== '0') {
      for (const kind of ['cold', 'warm'] as const) {
        const r = await bootOnce('us', ROOT, label, corpusDir, dbPath, kind, PORTS.boot, serveQueries(dbPath))
        console.log(`boot ${label} ${kind}: ${r.articles} articles ready in ${r.readyMs} ms (ingest ${r.ingestMs} ms, CPU ${r.cpuMs} ms), peak RSS ${r.peakRssMb} MB, database ${r.dbMb} MB`)
        boots.push(r)
      }
    } else if (process.env.BENCH_DB) {
      dbPath = path.resolve(process.env.BENCH_DB)
    } else {
      boots.push(await bootOnce('us', ROOT, label, corpusDir, dbPath, 'cold', PORTS.boot))
    }
    const compared = label === FULL_SIZE ? await compareBoots(label, corpusDir) : { boots: [], baseDb: null }
    comparison.push(...compared.boots)
    if (process.env.BENCH_HTTP !== '0') {
      const measured = await measureHttp(label, corpusDir, dbPath, label === FULL_SIZE, compared.baseDb)
      http.push(...measured.http)
      search.push(...measured.search)
    }
    const cold = boots.find((b) => b.size === label && b.kind === 'cold')?.served ?? []
    const warm = boots.find((b) => b.size === label && b.kind === 'warm')?.served ?? []
    for (const p of new Set([...cold, ...warm].map((x) => x.path))) {
      served.push({ size: label, path: p, cold: cold.find((x) => x.path === p) ?? null, warm: warm.find((x) => x.path === p) ?? null })
    }
    // a grown corpus and its database are gigabytes: gone before the next size
    if (!process.env.BENCH_DB) rmSync(path.dirname(dbPath), { recursive: true, force: true })
    if (compared.baseDb) rmSync(path.dirname(compared.baseDb), { recursive: true, force: true })
    if (corpusDir.startsWith(tmp)) rmSync(corpusDir, { recursive: true, force: true })
  }

  const result = {
    startedAt,
    finishedAt: new Date().toISOString(),
    machine: { ...machine, loadavgAtEnd: os.loadavg().map((x) => Math.round(x * 100) / 100) },
    settings: {
      corpus: path.basename(CORPUS),
      sizes: SIZES.map(sizeLabel),
      fullSize: FULL_SIZE,
      base: BASE,
      bootRounds: BOOT_ROUNDS,
      durationS: DURATION,
      rounds: ROUNDS,
      connections: CONNECTIONS,
      pinned: PIN ? { servers: SERVER_CPU, loadGenerator: LOADER_CPU } : false
    },
    boot: boots,
    comparison,
    http,
    search,
    served
  }
  const markdown = report(result)
  console.log(`\n${markdown}`)
  const outDir = path.join(ROOT, 'bench', 'results')
  mkdirSync(outDir, { recursive: true })
  const stem = path.join(outDir, startedAt.replace(/[:.]/g, '-'))
  for (const [file, text] of [[`${stem}.json`, `${JSON.stringify(result, null, 2)}\n`], [`${stem}.md`, markdown], [path.join(outDir, 'latest.json'), `${JSON.stringify(result, null, 2)}\n`], [path.join(outDir, 'latest.md'), markdown]] as const) {
    writeFileSync(file, text)
  }
  console.log(`wrote ${path.relative(ROOT, stem)}.json and .md`)
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err)
    process.exit(1)
  }
)
