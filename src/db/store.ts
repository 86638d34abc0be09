import { AgreementRepository } from './agreements.js'
import { AnnotationWriter, NAME_INDEX_BUILD } from './annotations.js'
import { deferIndexes, restoreIndexes } from './bulk-load.js'
import { ArticleRepository } from './articles.js'
import { CorpusStateRepository } from './corpus-state.js'
import type { SqliteDatabase } from './database.js'
import { FullTextWriter } from './full-text.js'
import { EntityRepository } from './entities.js'
import { EventRepository, type AggregateEvent } from './events.js'
import { Queries } from './queries.js'
import { QuoteRepository } from './quotes.js'
import { ReadModels, type LinkStatements } from './read-models.js'
import { SearchRepository } from './search.js'
import { TimelineRepository } from './timeline.js'

/** Domain rules the store applies but does not define: given to it by the knowledge layer (knowledge/extractor.ts). */
export interface StoreRules {
  /** The same statement reported by other articles (knowledge/statements.ts). */
  linkStatements: LinkStatements
  /** An event over all its mentions (pipeline/event-aggregate.ts). */
  aggregateEvent: AggregateEvent
}

/**
 * The database layer, one repository per resource over one connection. Each repository prepares its statements
 * once and maps rows to the camelCase DTOs of `schemas/`; they share the per-shape statements, cached totals and the
 * write generation (queries.ts).
 */
export class Store {
  readonly db: SqliteDatabase
  readonly articles: ArticleRepository
  readonly entities: EntityRepository
  readonly quotes: QuoteRepository
  readonly events: EventRepository
  readonly agreements: AgreementRepository
  readonly timeline: TimelineRepository
  readonly search: SearchRepository
  readonly annotations: AnnotationWriter
  readonly readModels: ReadModels
  readonly corpusState: CorpusStateRepository
  private readonly queries: Queries
  private readonly text: FullTextWriter
  private loading = false

  constructor(db: SqliteDatabase, rules: StoreRules) {
    this.db = db
    const q = new Queries(db)
    this.queries = q
    this.text = new FullTextWriter(db)
    const articles = new ArticleRepository(q, { text: this.text })
    const entities = new EntityRepository(q, { articles })
    const quotes = new QuoteRepository(q, { articles, entities })
    const events = new EventRepository(q, { articles, entities, aggregateEvent: rules.aggregateEvent })
    this.articles = articles
    this.entities = entities
    this.quotes = quotes
    this.events = events
    this.agreements = new AgreementRepository(q, { articles, entities, quotes, events })
    this.timeline = new TimelineRepository(q, { entities })
    this.search = new SearchRepository(q, { entities })
    this.annotations = new AnnotationWriter(q, { text: this.text })
    this.readModels = new ReadModels(q, rules, { entities })
    this.corpusState = new CorpusStateRepository(db)
  }

  /** Changes whenever the stored data does: anything derived from an earlier read is stale once it moves. */
  get generation(): number {
    return this.queries.generation
  }

  /**
   * Runs `write` in one transaction whose full-text rows are written at its end (see full-text.ts): how a boot writes a
   * batch of articles and their annotations.
   */
  transaction<T>(write: () => T): T {
    return this.db.transaction(() => {
      this.text.defer()
      try {
        const result = write()
        this.text.flush()
        return result
      } catch (err) {
        this.text.discard()
        throw err
      }
    })()
  }

  /** True from `beginFirstLoad` to the end of `endFirstLoad`: the secondary indexes are missing, /v1 cannot answer. */
  get firstLoad(): boolean {
    return this.loading
  }

  /**
   * Starts a first load if the database holds no article: its secondary indexes are dropped, and the name index is not
   * written, until `endFirstLoad` (see bulk-load.ts). Returns whether it did.
   */
  beginFirstLoad(): boolean {
    if (this.articles.count() > 0) return false
    this.queries.changed()
    deferIndexes(this.db, [{ name: 'entity_name_keys', sql: NAME_INDEX_BUILD }])
    this.annotations.deferNameIndex(true)
    this.loading = true
    return true
  }

  /** Builds the indexes (and the name index) a first load deferred, one per step (each a transaction of its own). */
  *endFirstLoad(): Generator<string, void, void> {
    this.queries.changed()
    yield* restoreIndexes(this.db)
    this.annotations.deferNameIndex(false)
    this.loading = false
  }

  /**
   * Everything corpus-wide after the last batch of a boot, as steps: each `next()` runs one short transaction, so the
   * caller can let requests (health probes) through between them. First drops knowledge nothing refers to any more,
   * then rebuilds the read models (read-models.ts). Interrupted, it leaves them partial; the boot is then not
   * recorded as complete, and the next one rebuilds them.
   */
  *finishBoot(): Generator<void, void, void> {
    this.db.transaction(() => this.annotations.prune())()
    yield
    yield* this.readModels.rebuild()
  }

  /** The full-text indexes merged into one segment each, a short step at a time (full-text.ts): after a large load. */
  mergeFullText(): Generator<void, void, void> {
    return this.text.mergeSegments()
  }
}
