/**
 * Runs the extraction pipeline over a corpus directory or file (default: the shared 60k corpus beside the repo)
 * exactly as boot would — same reader, same cleaning — and prints robustness and coverage figures as JSON:
 * pipeline stages that failed, by stage (must be none), time per article, statements per article, the share of
 * statements with no speaker (an anonymous source, named nobody on purpose, counted apart from the rest), which
 * attribution sieves decided, discovered people and bodies, events per article by type. Optional second argument:
 * stop after N articles.
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
let failedArticles = 0
const failures = new Map<string, number>()
let quotes = 0
let anonymous = 0
let unattributed = 0
let discoveredMentions = 0
const discovered = new Set<string>()
const discoveredTypes = new Map<string, number>()
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
  if (ann.failures.length) failedArticles++
  for (const f of ann.failures) count(failures, f.stage)
  for (const e of ann.entities) {
    if (e.source !== 'discovered') continue
    discoveredMentions++
    if (!discovered.has(e.id)) count(discoveredTypes, e.type)
    discovered.add(e.id)
  }
  for (const q of ann.quotes) {
    quotes++
    if (q.speakerId === null && q.speakerRuleId === 'speaker.anonymous') anonymous++
    else if (q.speakerId === null) unattributed++
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
      stageFailures: Object.fromEntries(failures),
      articlesWithFailures: failedArticles,
      spanMismatches,
      extractSeconds: +(ms / 1000).toFixed(1),
      wallSeconds: +((performance.now() - started) / 1000).toFixed(1),
      avgMsPerArticle: +(ms / Math.max(1, articles)).toFixed(2),
      maxMsPerArticle: +maxMs.toFixed(1),
      quotesPerArticle: +(quotes / Math.max(1, articles)).toFixed(2),
      anonymousShare: +(anonymous / Math.max(1, quotes)).toFixed(3),
      unattributedShare: +(unattributed / Math.max(1, quotes)).toFixed(3),
      discoveredEntities: discovered.size,
      discoveredByType: top(discoveredTypes),
      discoveredPerArticle: +(discoveredMentions / Math.max(1, articles)).toFixed(2),
      eventsPerArticle: +(events / Math.max(1, articles)).toFixed(2),
      eventsPerArticleByType: Object.fromEntries([...types].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, +(v / Math.max(1, articles)).toFixed(3)])),
      speakerRules: top(rules),
      eventTypes: top(types)
    },
    null,
    2
  )
)
