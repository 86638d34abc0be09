import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { DocumentAnnotations } from '../../schemas/annotations.js'
import type { SourceArticle } from '../../schemas/corpus.js'
import type { Extractor } from '../corpus/ingest.js'
import { parseDateline, type Dateline } from '../corpus/dateline.js'
import type { RecordIds } from '../db/annotations.js'
import type { Store, StoreRules } from '../db/store.js'
import { aggregateEvent } from '../pipeline/event-aggregate.js'
import { stableId } from '../pipeline/ids.js'
import { eventClusterKey, extractDocument, loadKnowledgeBase, PIPELINE_VERSION, type KnowledgeBase } from '../pipeline/index.js'
import { foldForSearch } from '../search/fold.js'
import { linkSameStatements, statementTerms } from './statements.js'

/**
 * Connects the pure extraction pipeline to ingest: what to run on each article, and how to store the result.
 * The knowledge base is loaded once per app.
 */
export interface Knowledge {
  version: string
  kb: KnowledgeBase
  dateline: (body: string) => Dateline | null
  /** Content words of a statement (function words from the knowledge base removed). */
  statementTerms: (text: string) => Set<string>
  /** What the store's read models apply: the same statement in other articles, an event over all its mentions. */
  storeRules: StoreRules
  extractor: (store: Store) => Extractor<DocumentAnnotations>
}

/** Code version plus a digest of the knowledge-base files: editing a lexicon re-extracts every article once. */
function knowledgeVersion(kbDir: string): string {
  const digest = createHash('sha256')
  for (const name of readdirSync(kbDir).filter((n) => n.endsWith('.json')).sort()) {
    digest.update(name).update(readFileSync(path.join(kbDir, name)))
  }
  return `${PIPELINE_VERSION}+kb.${digest.digest('hex').slice(0, 12)}`
}

/**
 * Stable ids of an article's quotes (its id, the span and the kind) and events (the cluster key: the same event in
 * several articles is one record).
 */
export function recordIds(articleId: string, annotations: DocumentAnnotations): RecordIds {
  return {
    quotes: annotations.quotes.map((q) => stableId('q', articleId, q.span.start, q.span.end, q.kind)),
    events: annotations.events.map((ev) => stableId('ev', eventClusterKey(ev)))
  }
}

export function createKnowledge(kbDir: string): Knowledge {
  const kb = loadKnowledgeBase(kbDir)
  const version = knowledgeVersion(kbDir)
  const terms = (text: string) => statementTerms(text, kb.words.stopWords)
  return {
    version,
    kb,
    dateline: (body) => parseDateline(body, kb.monthNumbers, foldForSearch),
    statementTerms: terms,
    storeRules: { linkStatements: (statements) => linkSameStatements(statements, terms), aggregateEvent },
    extractor: (store) => ({
      version,
      extract: (article: SourceArticle) =>
        extractDocument({ id: article.id, title: article.title, body: article.body, publishedAt: article.publishedAt }, kb),
      failures: (annotations) => annotations.failures,
      write: (rowid, article, annotations, replaces) => store.annotations.write(rowid, annotations, recordIds(article.id, annotations), replaces),
      finish: () => store.finishBoot()
    })
  }
}
