import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import t, { type Test } from 'tap'
import { PROJECT_ROOT } from '../src/config.js'
import { build, tempDir } from './helper.js'

/**
 * The acceptance bars, measured by the shared scorer through the HTTP API exactly as a client would: on the seeds,
 * and on the dev set (36 annotated corpus articles of many outlets, written out as a corpus by the shared tool and
 * booted like any other). The gold files are test data: only the scorer reads them, never the service.
 */
const SHARED = path.resolve(PROJECT_ROOT, '..', 'shared')
const SCORER = path.join(SHARED, 'tools', 'score-extraction.mjs')
const GOLD_CORPUS = path.join(SHARED, 'tools', 'gold-corpus.mjs')
const SEEDS_GOLD = path.join(SHARED, 'gold', 'seeds.gold.json')
const DEV_GOLD = path.join(SHARED, 'gold', 'dev.gold.json')
const CORPUS = path.join(SHARED, 'corpus', 'arabic-news-60k.jsonl.gz')
const run = promisify(execFile)

interface Bar {
  quotes: number
  events: number
  agreements: number
  entities: number
  dates: number
  publishedAt?: number
}

const missing = (...files: string[]): string | false => {
  const absent = files.filter((f) => !existsSync(f))
  return absent.length ? `not found beside the repo: ${absent.join(', ')}` : false
}

async function meetsBar(t: Test, gold: string, bar: Bar, env: Record<string, string> = {}): Promise<void> {
  const app = await build(t, env)
  const address = await app.listen({ port: 0, host: '127.0.0.1' })
  const min = Object.entries(bar).filter(([k]) => k !== 'publishedAt').map(([k, v]) => `${k}=${v}`).join(',')
  const { stdout } = await run(process.execPath, [SCORER, '--base', address, '--gold', gold, '--json', '--min', min], { maxBuffer: 64 * 1024 * 1024 }).catch(
    (err: { stdout?: string; code?: number }) => {
      t.fail(`scorer exited ${err.code}: below the bar`)
      return { stdout: err.stdout ?? '{}' }
    }
  )
  const result = JSON.parse(stdout.slice(stdout.indexOf('{'), stdout.lastIndexOf('}') + 1)) as {
    results: Record<string, { f1: number; r: number }>
    attributes: Record<string, number | null>
    errors: string[]
  }
  t.same(result.errors, [], 'every API call the scorer made succeeded')
  t.ok((result.results.quotes?.f1 ?? 0) >= bar.quotes, `quotes F1 ${result.results.quotes?.f1} ≥ ${bar.quotes}`)
  t.ok((result.results.events?.f1 ?? 0) >= bar.events, `events F1 ${result.results.events?.f1} ≥ ${bar.events}`)
  t.ok((result.results.agreements?.f1 ?? 0) >= bar.agreements, `agreements F1 ${result.results.agreements?.f1} ≥ ${bar.agreements}`)
  t.ok((result.results.entities?.r ?? 0) >= bar.entities, `entities recall ${result.results.entities?.r} ≥ ${bar.entities}`)
  t.ok((result.attributes.eventDate ?? 0) >= bar.dates, `event dates ${result.attributes.eventDate} ≥ ${bar.dates}`)
  if (bar.publishedAt !== undefined) t.ok((result.attributes.publishedAt ?? 0) >= bar.publishedAt, `publishedAt ${result.attributes.publishedAt} ≥ ${bar.publishedAt}`)
}

t.test('extraction on the seeds meets the bar', { skip: missing(SCORER, SEEDS_GOLD) }, async (t) => {
  await meetsBar(t, SEEDS_GOLD, { quotes: 0.9, events: 0.75, agreements: 1.0, entities: 0.9, dates: 0.8 })
})

t.test('extraction on the dev set (articles it was not written for) meets the bar', { skip: missing(SCORER, GOLD_CORPUS, DEV_GOLD, CORPUS) }, async (t) => {
  const dir = tempDir(t)
  await run(process.execPath, [GOLD_CORPUS, '--gold', DEV_GOLD, '--corpus', CORPUS, '--out', dir])
  await meetsBar(t, DEV_GOLD, { quotes: 0.8, events: 0.6, agreements: 0.9, entities: 0.85, dates: 0.75, publishedAt: 1.0 }, { CORPUS_DIR: dir })
})
