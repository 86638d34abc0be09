import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { PROJECT_ROOT } from '../src/config.js'
import { build } from './helper.js'

/**
 * The acceptance bar for the seeds, measured by the shared scorer through the HTTP API exactly as a client would.
 * The gold file is test data: only the scorer reads it, never the service.
 */
const SCORER = path.resolve(PROJECT_ROOT, '..', 'shared', 'tools', 'score-extraction.mjs')
const GOLD = path.resolve(PROJECT_ROOT, '..', 'shared', 'gold', 'seeds.gold.json')
const BAR = { quotes: 0.9, events: 0.75, agreements: 1.0, entities: 0.9, dates: 0.8 }

t.test('extraction on the seeds meets the bar', { skip: existsSync(SCORER) && existsSync(GOLD) ? false : `scorer or gold not found beside the repo (${SCORER})` }, async (t) => {
  const app = await build(t)
  const address = await app.listen({ port: 0, host: '127.0.0.1' })
  const min = Object.entries(BAR).map(([k, v]) => `${k}=${v}`).join(',')
  const run = promisify(execFile)
  const { stdout } = await run(process.execPath, [SCORER, '--base', address, '--gold', GOLD, '--json', '--min', min]).catch((err: { stdout?: string; code?: number }) => {
    t.fail(`scorer exited ${err.code}: below the bar`)
    return { stdout: err.stdout ?? '{}' }
  })
  const result = JSON.parse(stdout.slice(stdout.indexOf('{'), stdout.lastIndexOf('}') + 1)) as {
    results: Record<string, { f1: number; r: number }>
    attributes: Record<string, number | null>
    errors: string[]
  }
  t.same(result.errors, [], 'every API call the scorer made succeeded')
  t.ok((result.results.quotes?.f1 ?? 0) >= BAR.quotes, `quotes F1 ${result.results.quotes?.f1}`)
  t.ok((result.results.events?.f1 ?? 0) >= BAR.events, `events F1 ${result.results.events?.f1}`)
  t.ok((result.results.agreements?.f1 ?? 0) >= BAR.agreements, `agreements F1 ${result.results.agreements?.f1}`)
  t.ok((result.results.entities?.r ?? 0) >= BAR.entities, `entities recall ${result.results.entities?.r}`)
  t.ok((result.attributes.eventDate ?? 0) >= BAR.dates, `event dates ${result.attributes.eventDate}`)
})
