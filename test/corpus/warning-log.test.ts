import t from 'tap'
import type { FastifyBaseLogger } from 'fastify'
import { CorpusWarningLog, kindOf, LOGGED_PER_KIND } from '../../src/corpus/warning-log.js'

function recorder() {
  const lines: { fields: Record<string, unknown>; msg: string }[] = []
  const log = { warn: (fields: Record<string, unknown>, msg: string) => lines.push({ fields, msg }) } as unknown as FastifyBaseLogger
  return { log, lines }
}

t.test('kinds drop the particulars of a reason', async (t) => {
  t.equal(kindOf('duplicate id (first read from a.jsonl:3)'), 'duplicate id')
  t.equal(kindOf('line larger than 2000000 bytes'), 'line larger than N bytes')
  t.equal(kindOf('not an article object (/title must be string)'), 'not an article object')
  t.equal(kindOf('unreadable after 12 articles (unexpected end of file)'), 'unreadable after N articles')
  t.equal(kindOf('x.meta.json: not valid article metadata (publishedAt, source, url); ignored'), 'not valid article metadata')
})

t.test('the first items of each kind are logged, the rest counted, and one summary line gives every count', async (t) => {
  const { log, lines } = recorder()
  const warnings = new CorpusWarningLog(log)
  for (let i = 1; i <= 100_000; i++) warnings.skipped({ file: 'b.jsonl', line: i, id: 'b', reason: `duplicate id (first read from b.jsonl:${i})` })
  for (let i = 1; i <= 3; i++) warnings.skipped({ file: 'c.jsonl', line: i, id: null, reason: 'broken JSON line' })
  for (let i = 1; i <= 20; i++) warnings.warning(`m${i}.meta.json: not valid article metadata (publishedAt, source, url); ignored`)
  warnings.summary()
  const skipped = lines.filter((l) => l.msg === 'corpus item skipped')
  t.equal(skipped.length, LOGGED_PER_KIND + 3, 'ten duplicates, every broken line')
  t.equal(lines.filter((l) => l.msg === 'corpus warning').length, LOGGED_PER_KIND)
  t.equal(lines.filter((l) => /further .* counted in the summary/.test(l.msg)).length, 2, 'a notice when a kind reaches its cap')
  const summary = lines.at(-1)
  t.match(summary?.msg, /^100000 corpus items were not logged one by one/)
  t.same(summary?.fields, {
    byKind: { 'duplicate id': 100_000, 'broken JSON line': 3, 'warning: not valid article metadata': 20 },
    notLogged: 100_000 - LOGGED_PER_KIND + 20 - LOGGED_PER_KIND
  })
  t.ok(lines.length < 40, `${lines.length} lines in all`)
})

t.test('no summary when everything was logged', async (t) => {
  const { log, lines } = recorder()
  const warnings = new CorpusWarningLog(log)
  warnings.skipped({ file: 'a.txt', line: null, id: 'a', reason: 'empty file' })
  warnings.summary()
  t.equal(lines.length, 1)
})
