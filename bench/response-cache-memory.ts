/**
 * What one response-cache entry really costs in memory, against what the cache counts towards RESPONSE_CACHE_BYTES.
 *
 *   npx tsx bench/response-cache-memory.ts <a booted database> [distinct articles, default 4000]
 *
 * The database must have been booted from CORPUS_DIR (default ../shared/corpus, the 60k corpus), so that the boot
 * finds nothing to do.
 * Runs the same distinct-URL requests (each article's detail, quotes, events and entities: four URLs per article,
 * bodies of a few hundred bytes to tens of KB) in fresh processes, through `inject`, with the cache off and on (with
 * a budget large enough to keep everything), and measures V8 heap + external memory after a full GC. The cost of an
 * entry is the difference divided by the entries kept; the cache's own count (`bytes`) is read from the plugin.
 * The database is copied first (the service locks and seals the file it opens). Prints one table; writes nothing.
 */
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const HERE = fileURLToPath(import.meta.url)
const CORPUS_DIR = path.resolve(path.dirname(HERE), '..', process.env.CORPUS_DIR ?? '../shared/corpus')

interface Measure {
  mode: 'off' | 'on'
  requests: number
  entries: number
  counted: number
  bodyUtf8: number
  urlChars: number
  heapDelta: number
  externalDelta: number
  rssMb: number
}

async function measure(dbPath: string, mode: 'off' | 'on', articles: number): Promise<Measure> {
  const { buildApp } = await import('../src/app.js')
  const { createConfig } = await import('../src/config.js')
  const app = await buildApp(
    createConfig({ CORPUS_DIR, DB_PATH: dbPath, LOG_LEVEL: 'silent', EXTRACT_WORKERS: '0', RATE_LIMIT_MAX: '0', MAX_EVENT_LOOP_DELAY_MS: '0', RESPONSE_CACHE_BYTES: mode === 'on' ? '4294967296' : '0' })
  )
  await app.ready()
  const boot = await app.corpus.done
  if (boot.inserted + boot.updated + boot.removed > 0) throw new Error(`the database was not booted from ${CORPUS_DIR}`)
  const ids: string[] = []
  for (let cursor: string | null = null; ids.length < articles; ) {
    const page = JSON.parse((await app.inject(`/v1/articles?limit=100${cursor ? `&cursor=${cursor}` : ''}`)).body) as { items: { id: string }[]; nextCursor: string | null }
    ids.push(...page.items.map((i) => i.id))
    if (!(cursor = page.nextCursor)) break
  }
  const gc = (globalThis as { gc?: () => void }).gc
  if (!gc) throw new Error('run with --expose-gc')
  const settle = () => {
    for (let i = 0; i < 3; i++) gc()
    return process.memoryUsage()
  }
  // the id pages above are cached too, before the measurement starts
  const countedBefore = app.responseCacheStats().bytes
  const before = settle()
  let requests = 0
  let bodyUtf8 = 0
  let entries = 0
  let urlChars = 0
  for (const id of ids.slice(0, articles)) {
    const e = encodeURIComponent(id)
    for (const url of [`/v1/articles/${e}`, `/v1/quotes?articleId=${e}&limit=100`, `/v1/events?articleId=${e}&limit=100`, `/v1/entities?articleId=${e}&limit=100`]) {
      const res = await app.inject(url)
      requests++
      if (res.statusCode === 200) {
        entries++
        bodyUtf8 += Buffer.byteLength(res.body)
        urlChars += url.length
      }
    }
  }
  const after = settle()
  const counted = app.responseCacheStats().bytes - countedBefore
  const result: Measure = {
    mode,
    requests,
    entries,
    counted,
    bodyUtf8,
    urlChars,
    heapDelta: after.heapUsed - before.heapUsed,
    externalDelta: after.external - before.external,
    rssMb: Math.round(after.rss / 1e6)
  }
  await app.close()
  return result
}

const [, , mode, dbArg, countArg] = process.argv
if (mode === 'off' || mode === 'on') {
  // child: one measurement, printed as JSON
  const result = await measure(dbArg!, mode, Number(countArg))
  process.stdout.write(JSON.stringify(result) + '\n')
} else {
  const source = path.resolve(mode ?? '')
  const articles = Number(dbArg ?? 4000)
  if (!mode) throw new Error('usage: npx tsx bench/response-cache-memory.ts <booted database> [articles]')
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cache-memory-'))
  try {
    const results: Measure[] = []
    for (const m of ['off', 'on'] as const) {
      const db = path.join(dir, `${m}.db`)
      copyFileSync(source, db)
      const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', HERE, m, db, String(articles)], { encoding: 'utf8', maxBuffer: 1 << 24 })
      if (child.status !== 0) throw new Error(`${m}: ${child.stderr}`)
      results.push(JSON.parse(child.stdout.trim().split('\n').at(-1)!) as Measure)
    }
    const [off, on] = results as [Measure, Measure]
    const real = on.heapDelta + on.externalDelta - (off.heapDelta + off.externalDelta)
    const mb = (n: number) => (n / 1e6).toFixed(1)
    console.log(`${on.requests} requests, ${on.entries} entries kept, bodies ${mb(on.bodyUtf8)} MB (UTF-8), URLs ${Math.round(on.urlChars / on.entries)} characters on average`)
    console.log(`cache counted ${on.counted < 0 ? 'n/a' : `${mb(on.counted)} MB`}; memory held by the cache ${mb(real)} MB (heap ${mb(on.heapDelta - off.heapDelta)}, external ${mb(on.externalDelta - off.externalDelta)})`)
    console.log(`per entry: counted ${on.counted < 0 ? 'n/a' : Math.round(on.counted / on.entries)} B, real ${Math.round(real / on.entries)} B, body ${Math.round(on.bodyUtf8 / on.entries)} B; real/counted ${on.counted > 0 ? (real / on.counted).toFixed(2) : 'n/a'}`)
    console.log(`RSS after: off ${off.rssMb} MB, on ${on.rssMb} MB`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
