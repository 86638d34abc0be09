/**
 * Draws a seeded random sample of corpus articles and writes, per article, its text and what the pipeline extracted
 * (statements with speaker, deciding sieve, cue and span; events with status, date, places, actors, toll), as
 * Markdown for a reader to judge against the Arabic text. The README's readings were made this way. Articles come
 * through the same reader and cleaning as boot; bodies shorter than 300 or longer than 6,000 characters are skipped,
 * and so are the ids of `--exclude FILE` (a JSON document with `articles: [{ id }]`, such as a gold set).
 *
 *   npx tsx scripts/reading-sample.ts SEED N OUT.md [--exclude FILE] [CORPUS_DIR]
 */
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { DEFAULT_KB_DIR, PROJECT_ROOT } from '../src/config.js'
import { readCorpus } from '../src/corpus/read.js'
import { createKnowledge } from '../src/knowledge/extractor.js'
import { extractDocument } from '../src/pipeline/index.js'

const args = process.argv.slice(2)
const ex = args.indexOf('--exclude')
const excludeFile = ex >= 0 ? args.splice(ex, 2)[1] : undefined
const [seedArg, nArg, out, dirArg] = args
if (!seedArg || !nArg || !out) {
  console.error('usage: npx tsx scripts/reading-sample.ts SEED N OUT.md [--exclude FILE] [CORPUS_DIR]')
  process.exit(2)
}
const dir = path.resolve(dirArg ?? path.join(PROJECT_ROOT, '..', 'shared', 'corpus'))
const excluded = new Set<string>(excludeFile ? (JSON.parse(readFileSync(excludeFile, 'utf8')) as { articles: Array<{ id: string }> }).articles.map((a) => a.id) : [])

// a small linear congruential generator: the same seed draws the same articles
let seed = Number(seedArg) >>> 0
const rand = (): number => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32

const knowledge = createKnowledge(DEFAULT_KB_DIR)
const docs = []
for await (const item of readCorpus(dir, { maxBytes: 2_000_000, dateline: knowledge.dateline })) {
  if (item.kind === 'article' && !excluded.has(item.article.id)) docs.push(item.article)
}
const picked = []
const used = new Set<number>()
while (picked.length < Number(nArg) && used.size < docs.length) {
  const i = Math.floor(rand() * docs.length)
  if (used.has(i)) continue
  used.add(i)
  const a = docs[i]
  if (!a || a.body.length < 300 || a.body.length > 6000) continue
  picked.push(a)
}

const md: string[] = [`# Reading sample: seed ${seedArg}, ${picked.length} articles (bodies 300–6000 characters)\n`]
for (const [n, a] of picked.entries()) {
  const ann = extractDocument({ id: a.id, title: a.title, body: a.body, publishedAt: a.publishedAt }, knowledge.kb)
  const name = (id: string | null): string => (id ? (ann.entities.find((e) => e.id === id)?.name ?? id) : 'NOBODY')
  md.push(`\n---\n## ${n + 1}. ${a.id} (${a.publishedAt ?? 'no date'}) ${a.title ?? ''}\n\n${a.body.trim()}\n`)
  md.push(`\n### Statements (${ann.quotes.length})`)
  ann.quotes.forEach((q, k) => md.push(`- Q${k + 1} [${q.kind}] speaker: **${name(q.speakerId)}** (${q.speakerRuleId ?? 'no sieve'}) — cue «${q.cue ?? ''}» — «${q.text.slice(0, 160)}»`))
  md.push(`\n### Events (${ann.events.length})`)
  ann.events.forEach((e, k) =>
    md.push(`- E${k + 1} ${e.type}/${e.status} date ${e.date ? `${e.date.start}..${e.date.end}` : 'none'} places [${e.locationIds.map(name).join(', ')}] actors [${e.actorIds.map(name).join(', ')}] toll ${e.fatalities ?? '-'} — «${e.text.slice(0, 160)}»`)
  )
}
writeFileSync(out, md.join('\n'))
console.log(`wrote ${picked.length} articles to ${out}`)
