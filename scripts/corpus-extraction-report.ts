/**
 * Runs the extraction pipeline over a corpus directory or file (default: the shared 60k corpus beside the repo)
 * exactly as boot would — same reader, same cleaning — and prints robustness and coverage figures as JSON:
 * exceptions (must be 0), time per article, quotes per article, the share of quotes with no speaker, which
 * attribution sieves decided, events per type. Optional second argument: stop after N articles.
 *
 *   npx tsx scripts/corpus-extraction-report.ts [CORPUS_DIR] [LIMIT]
 */
import path from 'node:path'
import { DEFAULT_KB_DIR, PROJECT_ROOT } from '../src/config.js'
import { readCorpus } from '../src/corpus/read.js'
import { createKnowledge } from '../src/knowledge/extractor.js'
import { extractDocument } from '../src/pipeline/index.js'

const dir = path.resolve(process.argv[2] ?? path.join(PROJECT_ROOT, '..', 'shared', 'corpus'))
const limit = Number(process.argv[3] ?? Infinity)
const knowledge = createKnowledge(DEFAULT_KB_DIR)
const count = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1)
const top = (m: Map<string, number>, n = 20) => Object.fromEntries([...m].sort((a, b) => b[1] - a[1]).slice(0, n))

let articles = 0
let skipped = 0
let exceptions = 0
let quotes = 0
let unattributed = 0
let spanMismatches = 0
let events = 0
let ms = 0
let maxMs = 0
const rules = new Map<string, number>()
const types = new Map<string, number>()
const started = performance.now()

for await (const item of readCorpus(dir, { maxBytes: 2_000_000, dateline: knowledge.dateline })) {
  if (item.kind === 'skip') skipped++
  if (item.kind !== 'article') continue
  if (articles >= limit) break
  articles++
  const { article } = item
  const t0 = performance.now()
  let ann
  try {
    ann = extractDocument({ id: article.id, title: article.title, body: article.body, publishedAt: article.publishedAt }, knowledge.kb)
  } catch {
    exceptions++
    continue
  }
  const took = performance.now() - t0
  ms += took
  maxMs = Math.max(maxMs, took)
  for (const q of ann.quotes) {
    quotes++
    if (q.speakerId === null) unattributed++
    count(rules, q.speakerRuleId ?? 'none')
    if (article.body.slice(q.span.start, q.span.end) !== q.text) spanMismatches++
  }
  for (const e of ann.events) {
    events++
    count(types, e.type)
  }
}

console.log(
  JSON.stringify(
    {
      corpus: dir,
      articles,
      skipped,
      exceptions,
      spanMismatches,
      extractSeconds: +(ms / 1000).toFixed(1),
      wallSeconds: +((performance.now() - started) / 1000).toFixed(1),
      avgMsPerArticle: +(ms / Math.max(1, articles)).toFixed(2),
      maxMsPerArticle: +maxMs.toFixed(1),
      quotesPerArticle: +(quotes / Math.max(1, articles)).toFixed(2),
      unattributedShare: +(unattributed / Math.max(1, quotes)).toFixed(3),
      eventsPerArticle: +(events / Math.max(1, articles)).toFixed(2),
      speakerRules: top(rules),
      eventTypes: top(types)
    },
    null,
    2
  )
)
