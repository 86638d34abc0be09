import type { Statement } from 'better-sqlite3'
import type { Article, ArticleListQuery, ArticlePage, ArticleSummary } from '../../schemas/articles.js'
import type { SourceArticle } from '../../schemas/corpus.js'
import type { DocumentAnnotations, EventAggregate, EventAnnotation } from '../../schemas/annotations.js'
import type {
  Agreement,
  AgreementPage,
  Entity,
  EntityPage,
  EntityRef,
  Event,
  AgreementDetail,
  EntityDetail,
  EventListQuery,
  EventPage,
  SearchPage,
  SearchQuery,
  TimelinePage,
  TimelineQuery,
  KnowledgeListQuery,
  QuoteListQuery,
  Quote,
  QuotePage
} from '../../schemas/knowledge.js'
import type { DateValue } from '../../schemas/common.js'
import { nameKeys, searchForm, toFtsQuery } from '../search/fold.js'
import { notFound } from '../errors.js'
import { decodeCursor, encodeCursor } from './cursor.js'
import type { SqliteDatabase } from './database.js'

interface ArticleRow {
  rowid: number
  id: string
  title: string
  body: string
  published_at: string | null
  source: string | null
  url: string | null
  language: string
  word_count: number
  sort_key: string
}


interface EntityRow {
  id: string
  name: string
  name_en: string | null
  type: string
  aliases: string
  role: string | null
  affiliation: string | null
  lat: number | null
  lon: number | null
  part_of: string | null
  source: string
  rule_id: string
  confidence: number
}

interface DateColumns {
  date_start: string | null
  date_end: string | null
  date_precision: string | null
  date_text: string | null
}

interface QuoteRow extends DateColumns {
  id: string
  article_id: string
  article_rowid: number
  seq: number
  text: string
  kind: string
  speaker_id: string | null
  cue: string | null
  start: number
  end: number
  confidence: number
  rule_id: string
  speaker_rule_id: string | null
  /** JSON: the same statement in other articles (see `rebuildDerived`). */
  also_reported: string
}

interface EventMentionRow extends DateColumns {
  event_id: string
  article_id: string
  type: string
  status: string
  location_ids: string
  actor_ids: string
  fatalities: number | null
  fatalities_qualifier: string | null
  start: number
  end: number
  text: string
  trigger: string
  confidence: number
  rule_id: string
}

/**
 * One of a speaker's statements as `linkStatements` sees it, in corpus order: `day` is its date (its own, else its
 * article's) as days since 1970 (NaN when the date does not parse).
 */
export interface SpeakerStatement {
  rowid: number
  id: string
  articleId: string
  articleRowid: number
  text: string
  day: number
}

/** Reports of the same statement among one speaker's statements: by statement rowid, the other reports (see `rebuildDerived`). */
export type LinkStatements = (statements: SpeakerStatement[]) => Map<number, Quote['alsoReportedIn']>

/**
 * The ids of an article's quotes and events, in the order of its annotations: stable across reboots, and the same
 * for one event reported by several articles (knowledge/extractor.ts derives them).
 */
export interface RecordIds {
  quotes: string[]
  events: string[]
}

/** What an event is, from all its mentions in corpus order (pipeline/event-aggregate.ts); null for none. */
export type AggregateEvent = (mentions: EventAnnotation[]) => EventAggregate | null

/** Domain rules the store applies but does not define: given to it by the knowledge layer. */
export interface StoreRules {
  linkStatements: LinkStatements
  aggregateEvent: AggregateEvent
}

/** A statement with a speaker and a day, as `rebuildDerived` links reports of the same statement. */
interface StatementLinkRow {
  rowid: number
  id: string
  article_id: string
  article_rowid: number
  speaker_id: string
  text: string
  d: string
}

interface AgreementRow {
  id: string
  name: string
  name_en: string | null
  signed_on: string | null
  place_id: string | null
  party_ids: string
  provisions: string
  aliases: string
  source: string
}

interface AgreementMentionRow {
  agreement_id: string
  article_id: string
  start: number
  end: number
  text: string
  rule_id: string
  confidence: number
}

function toDate(row: DateColumns): DateValue | null {
  if (!row.date_start || !row.date_end || !row.date_precision) return null
  return { start: row.date_start, end: row.date_end, precision: row.date_precision as DateValue['precision'], text: row.date_text ?? '' }
}

/** A stored event mention as the pipeline wrote it. */
const toMention = (row: EventMentionRow): EventAnnotation => ({
  type: row.type as EventAnnotation['type'],
  status: row.status as EventAnnotation['status'],
  date: toDate(row),
  locationIds: parseList(row.location_ids),
  actorIds: parseList(row.actor_ids),
  fatalities: row.fatalities,
  fatalitiesQualifier: row.fatalities_qualifier as EventAnnotation['fatalitiesQualifier'],
  span: { start: row.start, end: row.end },
  text: row.text,
  trigger: row.trigger,
  confidence: row.confidence,
  ruleId: row.rule_id
})

const dateColumns = (date: DateValue | null) => ({
  dateStart: date?.start ?? null,
  dateEnd: date?.end ?? null,
  datePrecision: date?.precision ?? null,
  dateText: date?.text ?? null
})

const parseList = (json: string): string[] => JSON.parse(json) as string[]

/** Pages over an already-sorted list of keys: `rows` holds limit + 1 rows when there is a next page. */
function pageOf<R, T>(rows: R[], limit: number, map: (rows: R[]) => T[], key: (row: R) => (string | number)[], total: number) {
  const page = rows.slice(0, limit)
  const last = page[page.length - 1]
  return { items: map(page), nextCursor: rows.length > limit && last ? encodeCursor(key(last)) : null, total }
}

const EXCERPT_LENGTH = 200
/** Mentions per agreement or event in a list; the detail routes have them all. */
const LIST_MENTION_LIMIT = 50

/** The fields every article DTO shares; summaries add an excerpt, details the body. */
const articleFields = (row: Omit<ArticleRow, 'body'>) => ({
  id: row.id,
  title: row.title,
  publishedAt: row.published_at,
  source: row.source,
  url: row.url,
  language: row.language,
  wordCount: row.word_count
})

const toSummary = (row: Omit<ArticleRow, 'body'> & { excerpt: string }): ArticleSummary => ({ ...articleFields(row), excerpt: row.excerpt })

const toArticle = (row: ArticleRow): Article => ({ ...articleFields(row), body: row.body })

const ARTICLE_FILTERS = `
  (@source IS NULL OR a.source = @source)
  AND (@from IS NULL OR a.published_date >= @from)
  AND (@to IS NULL OR a.published_date <= @to)`
const FTS_FILTER = `AND a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH @fts)`
const AFTER_CURSOR = `AND (@afterKey IS NULL OR a.sort_key < @afterKey OR (a.sort_key = @afterKey AND a.id < @afterId))`
/**
 * SQL conditions by parameter name. A statement is written with only the conditions of the parameters a request
 * gives (see `conditions`), so the planner sees plain comparisons it can serve from an index, rather than
 * `(@x IS NULL OR …)` for every filter.
 */
type Conditions = Record<string, string>

/** The conditions of the given (non-null) parameters, ANDed; `TRUE` when none is given. */
function conditions(all: Conditions, params: Record<string, unknown>): string {
  const parts = Object.entries(all).filter(([name]) => params[name] !== null && params[name] !== undefined).map(([, sql]) => sql)
  return parts.length > 0 ? parts.join(' AND ') : 'TRUE'
}

/** Event filters over one mention (`m2`); an event matches when one of its mentions matches them all. */
const EVENT_MENTION_CONDITIONS: Conditions = {
  rowid: 'm2.article_rowid = @rowid',
  type: 'm2.type = @type',
  status: 'm2.status = @status',
  minFatalities: 'm2.fatalities >= @minFatalities',
  // the date window (from, to or both) as days since 1970 against the R-tree of mention ranges
  dayFrom: 'm2.rowid IN (SELECT mention_rowid FROM event_mention_days WHERE day_end >= @dayFrom AND day_start <= @dayTo)',
  locationIds: `m2.rowid IN (SELECT mention_rowid FROM event_mention_entities WHERE role = 'place' AND entity_id IN (SELECT value FROM json_each(@locationIds)))`,
  actorIds: `m2.rowid IN (SELECT mention_rowid FROM event_mention_entities WHERE role = 'actor' AND entity_id IN (SELECT value FROM json_each(@actorIds)))`
}

/** Quote filters (`q`, its article `a`); a statement without its own date has its article's. */
const QUOTE_CONDITIONS: Conditions = {
  rowid: 'q.article_rowid = @rowid',
  speakerId: 'q.speaker_id = @speakerId',
  speakerIds: 'q.speaker_id IN (SELECT value FROM json_each(@speakerIds))',
  kind: 'q.kind = @kind',
  from: 'coalesce(q.date_end, a.published_date) >= @from',
  to: 'coalesce(q.date_start, a.published_date) <= @to',
  fts: 'q.rowid IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH @fts)',
  afterRowid: '(q.article_rowid, q.seq) > (@afterRowid, @afterSeq)'
}

/** Timeline filters over `timeline_items` or `timeline_entities` (`t`). */
const TIMELINE_CONDITIONS: Conditions = {
  from: 't.d_end >= @from',
  to: 't.d <= @to',
  entityIds:
    "((t.role != 'place' AND t.entity_id IN (SELECT value FROM json_each(@entityIds))) OR " +
    "(t.role = 'place' AND t.entity_id IN (SELECT value FROM json_each(@placeIds))))",
  afterD: '(t.d, t.kind, t.id) > (@afterD, @afterKind, @afterId)'
}

/** Arabic entity names a search query may add to its full-text match. */
const MAX_SEARCH_NAME_EXPANSION = 10

const DAY_MS = 86_400_000

/**
 * Whether a filtered page is cheaper to take from its matches than by walking an index in page order: the walk finds
 * `pageEnd` matches after about pageEnd × all / matches rows, the matches cost about one lookup (and a sort) each.
 */
const fewMatches = (matches: number, pageEnd: number, all: number): boolean => matches * matches <= pageEnd * all

/** Days since 1970-01-01 of a YYYY-MM-DD date, as the R-tree of event mention dates stores them. */
const epochDay = (date: string): number => Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS)
/** Bounds of an open date window (within the R-tree's 32-bit integers). */
const MIN_DAY = -1_000_000
const MAX_DAY = 1_000_000

/** Cached counts kept at most (they are forgotten whenever the data changes, i.e. during a boot). */
const MAX_CACHED_COUNTS = 10_000

/** Characters between an event mention and an agreement mention for the event to count as referring to it. */
const NEAR_AGREEMENT = 200

/**
 * What `rebuildDerived` derives from the mentions, in steps short enough to run between requests. Events: one row
 * per event with its recency key (latest dated mention) and date range; the entities of each mention, as rows.
 * Timeline: every dated statement (its own date, else its article's) and dated event, and for the entity filter the
 * same items under each speaker, actor and place. Statement steps take a range of quote rowids.
 */
const DERIVED = {
  clear: `DELETE FROM events; DELETE FROM event_mention_entities; DELETE FROM timeline_items; DELETE FROM timeline_entities;
    DELETE FROM event_mention_days;`,
  events: `
    INSERT INTO events (id, sort_key, date_start, date_end, mentions)
      SELECT event_id, coalesce(max(date_start), ''), min(date_start), max(date_end), count(*) FROM event_mentions GROUP BY event_id;
    INSERT OR IGNORE INTO event_mention_entities (entity_id, role, mention_rowid)
      SELECT j.value, 'actor', m.rowid FROM event_mentions m, json_each(m.actor_ids) j
      UNION ALL SELECT j.value, 'place', m.rowid FROM event_mentions m, json_each(m.location_ids) j;
    INSERT INTO event_mention_days (mention_rowid, day_start, day_end, event_id, type)
      SELECT rowid, min(d0, d1), max(d0, d1), event_id, type FROM (
        SELECT m.rowid, m.event_id, m.type, CAST(julianday(m.date_start) - 2440587.5 AS INTEGER) AS d0,
          CAST(julianday(coalesce(m.date_end, m.date_start)) - 2440587.5 AS INTEGER) AS d1
        FROM event_mentions m WHERE m.date_start IS NOT NULL)
      WHERE d0 IS NOT NULL AND d1 IS NOT NULL;
    INSERT INTO timeline_items (d, kind, id, d_end)
      SELECT date_start, 'event', id, coalesce(date_end, date_start) FROM events WHERE date_start IS NOT NULL;
    INSERT OR IGNORE INTO timeline_entities (entity_id, role, d, kind, id, d_end)
      SELECT x.entity_id, x.role, t.d, t.kind, t.id, t.d_end FROM timeline_items t
        JOIN event_mentions m ON m.event_id = t.id JOIN event_mention_entities x ON x.mention_rowid = m.rowid
      WHERE t.kind = 'event';`,
  quoteItems: `
    INSERT INTO timeline_items (d, kind, id, d_end)
      SELECT coalesce(q.date_start, a.published_date), 'quote', q.id, coalesce(q.date_end, a.published_date)
      FROM quotes q JOIN articles a INDEXED BY articles_keys ON a.rowid = q.article_rowid
      WHERE q.rowid BETWEEN @from AND @to AND coalesce(q.date_start, a.published_date) IS NOT NULL`,
  quoteEntities: `
    INSERT OR IGNORE INTO timeline_entities (entity_id, role, d, kind, id, d_end)
      SELECT q.speaker_id, 'speaker', coalesce(q.date_start, a.published_date), 'quote', q.id, coalesce(q.date_end, a.published_date)
      FROM quotes q JOIN articles a INDEXED BY articles_keys ON a.rowid = q.article_rowid
      WHERE q.rowid BETWEEN @from AND @to AND q.speaker_id IS NOT NULL AND coalesce(q.date_start, a.published_date) IS NOT NULL`,
  // planner statistics for the filter-shaped statements, sampled (a full ANALYZE reads every index)
  analyze: `PRAGMA analysis_limit = 1000; ANALYZE;`
}

/** Statements per rebuild step (a range of quote rowids, or a group of speakers). */
const REBUILD_STEP_QUOTES = 10_000
/** Events whose aggregate one rebuild step computes. */
const REBUILD_STEP_EVENTS = 4_000

/** Mention rows with their article's id, for the event and agreement mention statements. */
const EVENT_MENTION_ROWS = 'SELECT m.*, a.id AS article_id FROM event_mentions m JOIN articles a INDEXED BY articles_keys ON a.rowid = m.article_rowid'
const AGREEMENT_MENTION_ROWS =
  'SELECT m.*, a.id AS article_id FROM agreement_mentions m JOIN articles a INDEXED BY articles_keys ON a.rowid = m.article_rowid'

/** Entities an article mentions, quotes as speakers, or names as event actors and places. */
const ENTITIES_OF_ARTICLE = `
  SELECT entity_id FROM entity_mentions WHERE article_rowid = @rowid
  UNION SELECT speaker_id FROM quotes WHERE article_rowid = @rowid AND speaker_id IS NOT NULL
  UNION SELECT j.value FROM event_mentions m, json_each(m.location_ids) j WHERE m.article_rowid = @rowid
  UNION SELECT j.value FROM event_mentions m, json_each(m.actor_ids) j WHERE m.article_rowid = @rowid`
/**
 * What storing an article derives from it besides its own fields (see `articleFacts` in corpus/text-facts.ts, which the
 * boot computes on the main thread or in its extraction workers).
 */
export interface ArticleFacts {
  titleForm: string
  bodyForm: string
  language: string
  wordCount: number
  /** The local calendar date of publication (YYYY-MM-DD), for date filters. */
  publishedDate: string | null
  /** Sorts articles by publication instant (see `recencyKey`). */
  sortKey: string
}

/** Everything a listing shows, all in the `articles_cards` index: a page never reads the article rows. */
const SUMMARY_COLUMNS = 'a.rowid, a.id, a.title, a.published_at, a.source, a.url, a.language, a.word_count, a.sort_key, a.excerpt'

/** Consecutive rows with the same key, as arrays (rows come sorted by the key). */
function* runsBy<R>(rows: Iterable<R>, key: (row: R) => string): Generator<R[]> {
  let run: R[] = []
  for (const row of rows) {
    if (run.length > 0 && key(run[0] as R) !== key(row)) {
      yield run
      run = []
    }
    run.push(row)
  }
  if (run.length > 0) yield run
}

/**
 * The one module that talks SQL. Every statement is prepared once, here, when the store is created;
 * rows are mapped to the camelCase DTOs of `schemas/`.
 */
export class Store {
  readonly db: SqliteDatabase
  private readonly s: {
    articleById: Statement<[string], ArticleRow>
    articleHashById: Statement<[string], { rowid: number; content_hash: string }>
    listArticles: Statement<Record<string, unknown>, ArticleRow & { excerpt: string }>
    listArticlesFts: Statement<Record<string, unknown>, ArticleRow & { excerpt: string }>
    listArticlesFtsSparse: Statement<Record<string, unknown>, ArticleRow & { excerpt: string }>
    countArticles: Statement<Record<string, unknown>, { n: number }>
    countArticlesFts: Statement<Record<string, unknown>, { n: number }>
    countAll: Statement<Record<string, unknown>, { n: number }>
    countAllEvents: Statement<Record<string, unknown>, { n: number }>
    upsertArticle: Statement<Record<string, unknown>, { rowid: number }>
    ftsDelete: Statement<[number]>
    ftsInsert: Statement<[number, string, string]>
    allArticleIds: Statement<[], { rowid: number; id: string }>
    deleteArticle: Statement<[number]>
    articleRowid: Statement<[string], { rowid: number }>
    // knowledge: writes
    clearEntityMentions: Statement<[number]>
    clearQuotes: Statement<[number]>
    clearEventMentions: Statement<[number]>
    clearAgreementMentions: Statement<[number]>
    upsertEntity: Statement<Record<string, unknown>>
    clearEntityNames: Statement<[string]>
    insertEntityNameKey: Statement<[string, string]>
    entityIdsByName: Statement<{ name: string }, { entity_id: string }>
    placesInside: Statement<{ ids: string }, { id: string }>
    placesInBox: Statement<{ minLon: number; minLat: number; maxLon: number; maxLat: number }, { id: string }>
    insertEntityMention: Statement<Record<string, unknown>>
    insertQuote: Statement<Record<string, unknown>>
    insertEventMention: Statement<Record<string, unknown>>
    upsertAgreement: Statement<Record<string, unknown>>
    insertAgreementMention: Statement<Record<string, unknown>>
    pruneAgreements: Statement<[]>
    pruneEntities: Statement<[]>
    // knowledge: reads
    entityById: Statement<[string], EntityRow>
    listEntities: Statement<Record<string, unknown>, EntityRow>
    countEntities: Statement<Record<string, unknown>, { n: number }>
    quoteById: Statement<[string], QuoteRow>
    eventMentions: Statement<[string], EventMentionRow>
    eventMentionsHead: Statement<[string], EventMentionRow>
    eventMentionsInArticle: Statement<[string, number], EventMentionRow>
    eventSummary: Statement<[string], { summary: string }>
    mentionsByEvent: Statement<{ first: string; last: string }, EventMentionRow>
    eventIds: Statement<[], { id: string }>
    setEventSummary: Statement<[string, string]>
    agreementById: Statement<[string], AgreementRow>
    listAgreements: Statement<Record<string, unknown>, AgreementRow & { k: string }>
    countAgreements: Statement<Record<string, unknown>, { n: number }>
    agreementMentions: Statement<[string], AgreementMentionRow>
    agreementMentionsHead: Statement<[string], AgreementMentionRow>
    countAgreementMentions: Statement<Record<string, unknown>, { n: number }>
    agreementMentionsInArticle: Statement<[string, number], AgreementMentionRow>
    entityCounts: Statement<{ id: string; placeIds: string }, { mentions: number; articles: number; statements: number; events: number }>
    quotesCitingAgreement: Statement<[string], QuoteRow>
    eventsNearAgreement: Statement<[string], { event_id: string }>
    allAgreementNames: Statement<[], { id: string; name: string; names: string }>
    quotesBySpeakerAndDay: Statement<{ first: string; last: string }, StatementLinkRow>
    speakerStatementCounts: Statement<[], { speaker_id: string; n: number }>
    quoteRowids: Statement<[], { lo: number | null; hi: number | null }>
    quoteItems: Statement<{ from: number; to: number }>
    quoteEntities: Statement<{ from: number; to: number }>
    clearAlsoReported: Statement<[]>
    setAlsoReported: Statement<[string, number]>
    searchQuotes: Statement<{ fts: string; limit: number; offset: number }, QuoteRow>
    countSearchQuotes: Statement<{ fts: string }, { n: number }>
    searchArticles: Statement<{ fts: string; limit: number; offset: number }, { id: string; title: string; excerpt: string }>
    searchArticlesSparse: Statement<{ fts: string; limit: number; offset: number }, { id: string; title: string; excerpt: string }>
    countSearchArticles: Statement<{ fts: string }, { n: number }>
    corpusState: Statement<[], { fingerprint: string; articles: number; report: string }>
    setCorpusState: Statement<[string, number, string]>
    clearCorpusState: Statement<[]>
  }

  /**
   * The last entity record written per id (as JSON). Writing the same record again changes nothing (the upsert and
   * the name list are idempotent), so it is skipped: knowledge-base entities recur in thousands of articles.
   * Forgotten whenever entities may be deleted.
   */
  private readonly writtenEntities = new Map<string, string>()

  /** Finds the same statement reported by other articles, and aggregates an event over its mentions. */
  private readonly rules: StoreRules

  /** Statements whose SQL depends on which filters a request gives, prepared once per shape (see `conditions`). */
  private readonly shaped = new Map<string, Statement<Record<string, unknown>, unknown>>()

  /**
   * Counts by statement and parameters. The data only changes while a boot writes it, and every write forgets them,
   * so a total is computed once per filter set rather than on every page.
   */
  private readonly counts = new Map<string, number>()

  constructor(db: SqliteDatabase, rules: StoreRules) {
    this.db = db
    this.rules = rules
    this.s = {
      articleById: db.prepare('SELECT * FROM articles WHERE id = ?'),
      articleHashById: db.prepare('SELECT rowid, content_hash FROM articles WHERE id = ?'),
      listArticles: db.prepare(
        `SELECT ${SUMMARY_COLUMNS} FROM articles a INDEXED BY articles_cards WHERE ${ARTICLE_FILTERS} ${AFTER_CURSOR}
         ORDER BY a.sort_key DESC, a.id DESC LIMIT @limit`
      ),
      listArticlesFts: db.prepare(
        `SELECT ${SUMMARY_COLUMNS} FROM articles a INDEXED BY articles_cards WHERE ${ARTICLE_FILTERS} ${FTS_FILTER} ${AFTER_CURSOR}
         ORDER BY a.sort_key DESC, a.id DESC LIMIT @limit`
      ),
      countArticles: db.prepare(`SELECT count(*) AS n FROM articles a INDEXED BY articles_listing WHERE ${ARTICLE_FILTERS}`),
      countArticlesFts: db.prepare(`SELECT count(*) AS n FROM articles a INDEXED BY articles_listing WHERE ${ARTICLE_FILTERS} ${FTS_FILTER}`),
      // Few hits: from the hits to their sort keys (articles_keys), the page, then its rows; rather than walking the
      // whole listing for the rare rows that match.
      listArticlesFtsSparse: db.prepare(
        `WITH page AS (
           SELECT a.rowid FROM articles a INDEXED BY articles_keys
           WHERE a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH @fts) AND ${ARTICLE_FILTERS} ${AFTER_CURSOR}
           ORDER BY a.sort_key DESC, a.id DESC LIMIT @limit)
         SELECT ${SUMMARY_COLUMNS} FROM page JOIN articles a ON a.rowid = page.rowid ORDER BY a.sort_key DESC, a.id DESC`
      ),
      countAll: db.prepare('SELECT count(*) AS n FROM articles'),
      countAllEvents: db.prepare('SELECT count(*) AS n FROM events'),
      upsertArticle: db.prepare(
        `INSERT INTO articles (id, title, body, published_at, published_date, sort_key, source, url, language, word_count,
                               content_hash, ingested_at, excerpt)
         VALUES (@id, @title, @body, @publishedAt, @publishedDate, @sortKey, @source, @url, @language, @wordCount,
                 @contentHash, @ingestedAt, substr(@body, 1, ${EXCERPT_LENGTH}))
         ON CONFLICT (id) DO UPDATE SET
           title = excluded.title, body = excluded.body, published_at = excluded.published_at,
           published_date = excluded.published_date, sort_key = excluded.sort_key, source = excluded.source,
           url = excluded.url, language = excluded.language, word_count = excluded.word_count,
           content_hash = excluded.content_hash, ingested_at = excluded.ingested_at, excerpt = excluded.excerpt
         RETURNING rowid`
      ),
      ftsDelete: db.prepare('DELETE FROM articles_fts WHERE rowid = ?'),
      ftsInsert: db.prepare('INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)'),
      allArticleIds: db.prepare('SELECT rowid, id FROM articles'),
      deleteArticle: db.prepare('DELETE FROM articles WHERE rowid = ?'),
      articleRowid: db.prepare('SELECT rowid FROM articles WHERE id = ?'),
      clearEntityMentions: db.prepare('DELETE FROM entity_mentions WHERE article_rowid = ?'),
      clearQuotes: db.prepare('DELETE FROM quotes WHERE article_rowid = ?'),
      clearEventMentions: db.prepare('DELETE FROM event_mentions WHERE article_rowid = ?'),
      clearAgreementMentions: db.prepare('DELETE FROM agreement_mentions WHERE article_rowid = ?'),
      upsertEntity: db.prepare(
        `INSERT INTO entities (id, name, name_en, type, aliases, role, affiliation, lat, lon, part_of, source, rule_id, confidence)
         VALUES (@id, @name, @nameEn, @type, @aliases, @role, @affiliation, @lat, @lon, @partOf, @source, @ruleId, @confidence)
         ON CONFLICT (id) DO UPDATE SET
           name = excluded.name, name_en = excluded.name_en, type = excluded.type, aliases = excluded.aliases,
           role = coalesce(excluded.role, role), affiliation = coalesce(excluded.affiliation, affiliation),
           lat = excluded.lat, lon = excluded.lon, part_of = excluded.part_of, source = excluded.source,
           rule_id = excluded.rule_id, confidence = max(confidence, excluded.confidence)`
      ),
      clearEntityNames: db.prepare('DELETE FROM entity_name_keys WHERE entity_id = ?'),
      insertEntityNameKey: db.prepare('INSERT OR IGNORE INTO entity_name_keys (entity_id, key) VALUES (?, ?)'),
      entityIdsByName: db.prepare('SELECT entity_id FROM entity_name_keys WHERE key = @name'),
      placesInside: db.prepare(
        `WITH RECURSIVE inside (id) AS (
           SELECT value FROM json_each(@ids)
           UNION SELECT e.id FROM entities e JOIN inside ON e.part_of = inside.id)
         SELECT id FROM inside`
      ),
      placesInBox: db.prepare(
        `SELECT id FROM entities WHERE lat IS NOT NULL AND lon IS NOT NULL
           AND lon BETWEEN @minLon AND @maxLon AND lat BETWEEN @minLat AND @maxLat`
      ),
      insertEntityMention: db.prepare(
        `INSERT INTO entity_mentions (article_rowid, entity_id, start, "end", text, rule_id)
         VALUES (@articleRowid, @entityId, @start, @end, @text, @ruleId)`
      ),
      insertQuote: db.prepare(
        `INSERT INTO quotes (id, article_rowid, seq, text, kind, speaker_id, cue, start, "end", date_start, date_end,
                             date_precision, date_text, confidence, rule_id, speaker_rule_id)
         VALUES (@id, @articleRowid, @seq, @text, @kind, @speakerId, @cue, @start, @end, @dateStart, @dateEnd,
                 @datePrecision, @dateText, @confidence, @ruleId, @speakerRuleId)
         ON CONFLICT (id) DO NOTHING`
      ),
      insertEventMention: db.prepare(
        `INSERT INTO event_mentions (event_id, article_rowid, seq, type, status, date_start, date_end, date_precision, date_text,
                                     location_ids, actor_ids, fatalities, fatalities_qualifier, start, "end", text, trigger,
                                     confidence, rule_id)
         VALUES (@eventId, @articleRowid, @seq, @type, @status, @dateStart, @dateEnd, @datePrecision, @dateText,
                 @locationIds, @actorIds, @fatalities, @fatalitiesQualifier, @start, @end, @text, @trigger, @confidence, @ruleId)`
      ),
      upsertAgreement: db.prepare(
        `INSERT INTO agreements (id, name, name_en, signed_on, place_id, party_ids, provisions, aliases, source)
         VALUES (@id, @name, @nameEn, @signedOn, @placeId, @partyIds, @provisions, @aliases, @source)
         ON CONFLICT (id) DO UPDATE SET
           name = excluded.name, name_en = excluded.name_en, signed_on = coalesce(excluded.signed_on, signed_on),
           place_id = coalesce(excluded.place_id, place_id), party_ids = excluded.party_ids,
           provisions = excluded.provisions, aliases = excluded.aliases, source = excluded.source`
      ),
      insertAgreementMention: db.prepare(
        `INSERT INTO agreement_mentions (agreement_id, article_rowid, start, "end", text, rule_id, confidence)
         VALUES (@agreementId, @articleRowid, @start, @end, @text, @ruleId, @confidence)`
      ),
      pruneAgreements: db.prepare('DELETE FROM agreements WHERE id NOT IN (SELECT agreement_id FROM agreement_mentions)'),
      pruneEntities: db.prepare(
        `DELETE FROM entities WHERE id NOT IN (
           SELECT entity_id FROM entity_mentions
           UNION SELECT speaker_id FROM quotes WHERE speaker_id IS NOT NULL
           UNION SELECT j.value FROM event_mentions m, json_each(m.location_ids) j
           UNION SELECT j.value FROM event_mentions m, json_each(m.actor_ids) j
           UNION SELECT j.value FROM agreements a, json_each(a.party_ids) j
           UNION SELECT place_id FROM agreements WHERE place_id IS NOT NULL)`
      ),
      entityById: db.prepare('SELECT * FROM entities WHERE id = ?'),
      listEntities: db.prepare(
        `SELECT e.* FROM entities e
         WHERE (@rowid IS NULL OR e.id IN (${ENTITIES_OF_ARTICLE})) AND (@afterId IS NULL OR e.id > @afterId)
         ORDER BY e.id LIMIT @limit`
      ),
      countEntities: db.prepare(`SELECT count(*) AS n FROM entities e WHERE (@rowid IS NULL OR e.id IN (${ENTITIES_OF_ARTICLE}))`),
      quoteById: db.prepare(`SELECT q.*, a.id AS article_id FROM quotes q JOIN articles a INDEXED BY articles_keys ON a.rowid = q.article_rowid WHERE q.id = ?`),
      eventMentions: db.prepare(
        `${EVENT_MENTION_ROWS}
         WHERE m.event_id = ? ORDER BY a.sort_key, a.id, m.seq`
      ),
      eventMentionsHead: db.prepare(
        `${EVENT_MENTION_ROWS}
         WHERE m.event_id = ? ORDER BY a.sort_key, a.id, m.seq LIMIT ${LIST_MENTION_LIMIT}`
      ),
      eventMentionsInArticle: db.prepare(
        `${EVENT_MENTION_ROWS}
         WHERE m.event_id = ? AND m.article_rowid = ? ORDER BY m.seq`
      ),
      eventSummary: db.prepare('SELECT summary FROM events WHERE id = ?'),
      mentionsByEvent: db.prepare(
        `SELECT m.*, a.id AS article_id FROM event_mentions m INDEXED BY event_mentions_by_event
           JOIN articles a INDEXED BY articles_keys ON a.rowid = m.article_rowid
         WHERE m.event_id BETWEEN @first AND @last
         ORDER BY m.event_id, a.sort_key, a.id, m.seq`
      ),
      eventIds: db.prepare('SELECT id FROM events ORDER BY id'),
      setEventSummary: db.prepare('UPDATE events SET summary = ? WHERE id = ?'),
      agreementById: db.prepare('SELECT * FROM agreements WHERE id = ?'),
      listAgreements: db.prepare(
        `SELECT * FROM (SELECT g.*, coalesce(g.signed_on, '') AS k FROM agreements g
           WHERE @rowid IS NULL OR g.id IN (SELECT agreement_id FROM agreement_mentions WHERE article_rowid = @rowid))
         WHERE @afterKey IS NULL OR k < @afterKey OR (k = @afterKey AND id > @afterId)
         ORDER BY k DESC, id LIMIT @limit`
      ),
      countAgreements: db.prepare(
        `SELECT count(*) AS n FROM agreements g
         WHERE @rowid IS NULL OR g.id IN (SELECT agreement_id FROM agreement_mentions WHERE article_rowid = @rowid)`
      ),
      agreementMentions: db.prepare(
        `${AGREEMENT_MENTION_ROWS}
         WHERE m.agreement_id = ? ORDER BY a.sort_key, a.id, m.start`
      ),
      agreementMentionsHead: db.prepare(
        `${AGREEMENT_MENTION_ROWS}
         WHERE m.agreement_id = ? ORDER BY a.sort_key, a.id, m.start LIMIT ${LIST_MENTION_LIMIT}`
      ),
      countAgreementMentions: db.prepare('SELECT count(*) AS n FROM agreement_mentions WHERE agreement_id = @id'),
      entityCounts: db.prepare(
        `SELECT
           (SELECT count(*) FROM entity_mentions WHERE entity_id = @id) AS mentions,
           (SELECT count(DISTINCT article_rowid) FROM entity_mentions WHERE entity_id = @id) AS articles,
           (SELECT count(*) FROM quotes WHERE speaker_id = @id) AS statements,
           (SELECT count(DISTINCT m.event_id) FROM event_mention_entities x JOIN event_mentions m ON m.rowid = x.mention_rowid
            WHERE (x.role = 'actor' AND x.entity_id = @id)
              OR (x.role = 'place' AND x.entity_id IN (SELECT value FROM json_each(@placeIds)))) AS events`
      ),
      quotesCitingAgreement: db.prepare(
        `SELECT DISTINCT q.*, a.id AS article_id FROM agreement_mentions g
           JOIN quotes q ON q.article_rowid = g.article_rowid AND g.start >= q.start AND g."end" <= q."end"
           JOIN articles a INDEXED BY articles_keys ON a.rowid = q.article_rowid
         WHERE g.agreement_id = ? ORDER BY a.sort_key, a.id, q.seq`
      ),
      eventsNearAgreement: db.prepare(
        `SELECT DISTINCT m.event_id FROM agreement_mentions g
           JOIN event_mentions m ON m.article_rowid = g.article_rowid
             AND g.start < m."end" + ${NEAR_AGREEMENT} AND m.start < g."end" + ${NEAR_AGREEMENT}
         WHERE g.agreement_id = ? ORDER BY m.event_id`
      ),
      allAgreementNames: db.prepare(
        `SELECT id, name, json_insert(aliases, '$[#]', name, '$[#]', coalesce(name_en, '')) AS names FROM agreements ORDER BY id`
      ),
      quotesBySpeakerAndDay: db.prepare(
        `SELECT q.rowid, q.id, a.id AS article_id, q.article_rowid, q.speaker_id, q.text, coalesce(q.date_start, a.published_date) AS d
         FROM quotes q INDEXED BY quotes_by_speaker_date JOIN articles a INDEXED BY articles_keys ON a.rowid = q.article_rowid
         WHERE q.speaker_id BETWEEN @first AND @last AND coalesce(q.date_start, a.published_date) IS NOT NULL
         ORDER BY q.speaker_id, a.sort_key, a.id, q.seq`
      ),
      speakerStatementCounts: db.prepare(
        'SELECT speaker_id, count(*) AS n FROM quotes INDEXED BY quotes_by_speaker_date WHERE speaker_id IS NOT NULL GROUP BY speaker_id ORDER BY speaker_id'
      ),
      quoteRowids: db.prepare('SELECT min(rowid) AS lo, max(rowid) AS hi FROM quotes'),
      quoteItems: db.prepare(DERIVED.quoteItems),
      quoteEntities: db.prepare(DERIVED.quoteEntities),
      clearAlsoReported: db.prepare(`UPDATE quotes SET also_reported = '[]' WHERE also_reported != '[]'`),
      setAlsoReported: db.prepare('UPDATE quotes SET also_reported = ? WHERE rowid = ?'),
      searchQuotes: db.prepare(
        `SELECT q.*, a.id AS article_id FROM quotes q JOIN articles a INDEXED BY articles_keys ON a.rowid = q.article_rowid
         WHERE q.rowid IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH @fts)
         ORDER BY a.sort_key DESC, a.id DESC, q.seq LIMIT @limit OFFSET @offset`
      ),
      countSearchQuotes: db.prepare('SELECT count(*) AS n FROM quotes_fts WHERE quotes_fts MATCH @fts'),
      searchArticles: db.prepare(
        `SELECT a.id, a.title, a.excerpt FROM articles a INDEXED BY articles_cards
         WHERE a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH @fts)
         ORDER BY a.sort_key DESC, a.id DESC LIMIT @limit OFFSET @offset`
      ),
      // few hits: their sort keys first (articles_keys), then the page's rows (see listArticlesFtsSparse)
      searchArticlesSparse: db.prepare(
        `WITH page AS (
           SELECT a.rowid FROM articles a INDEXED BY articles_keys
           WHERE a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH @fts)
           ORDER BY a.sort_key DESC, a.id DESC LIMIT @limit OFFSET @offset)
         SELECT a.id, a.title, a.excerpt FROM page JOIN articles a ON a.rowid = page.rowid ORDER BY a.sort_key DESC, a.id DESC`
      ),
      countSearchArticles: db.prepare('SELECT count(*) AS n FROM articles_fts WHERE articles_fts MATCH @fts'),
      corpusState: db.prepare('SELECT fingerprint, articles, report FROM corpus_state WHERE key = 1'),
      setCorpusState: db.prepare('INSERT OR REPLACE INTO corpus_state (key, fingerprint, articles, report) VALUES (1, ?, ?, ?)'),
      clearCorpusState: db.prepare('DELETE FROM corpus_state'),
      agreementMentionsInArticle: db.prepare(
        `${AGREEMENT_MENTION_ROWS}
         WHERE m.agreement_id = ? AND m.article_rowid = ? ORDER BY m.start`
      )
    }
  }

  /** The statement for `sql`, prepared the first time it is asked for. */
  private shape<R>(sql: string): Statement<Record<string, unknown>, R> {
    let stmt = this.shaped.get(sql)
    if (stmt === undefined) {
      stmt = this.db.prepare(sql)
      this.shaped.set(sql, stmt)
    }
    return stmt as Statement<Record<string, unknown>, R>
  }

  /** `SELECT count(*) AS n …` with these parameters, from the cache when the data has not changed since. */
  private count(stmt: Statement<Record<string, unknown>, { n: number }>, params: Record<string, unknown>): number {
    const key = `${stmt.source}\u0000${JSON.stringify(params)}`
    let n = this.counts.get(key)
    if (n === undefined) {
      n = stmt.get(params)?.n ?? 0
      if (this.counts.size >= MAX_CACHED_COUNTS) this.counts.clear()
      this.counts.set(key, n)
    }
    return n
  }

  private writes = 0

  /** Changes whenever the stored data does: anything derived from an earlier read is stale once it moves. */
  get generation(): number {
    return this.writes
  }

  /** Every write calls this: cached counts no longer hold. */
  private changed(): void {
    this.writes++
    this.counts.clear()
  }

  // ---- articles

  getArticle(id: string): Article | null {
    const row = this.s.articleById.get(id)
    return row ? toArticle(row) : null
  }

  countArticles(): number {
    return this.s.countAll.get({})?.n ?? 0
  }

  /** `fts` is an already-built FTS5 query (see search/fold.ts), or null for no text filter. */
  listArticles(query: ArticleListQuery & { fts: string | null; limit: number }): ArticlePage {
    const [afterKey, afterId] = query.cursor ? decodeCursor(query.cursor, ['string', 'string']) : [null, null]
    const params = {
      source: query.source ?? null,
      from: query.from ?? null,
      to: query.to ?? null,
      fts: query.fts,
      afterKey,
      afterId,
      limit: query.limit + 1
    }
    const { fts, afterKey: _k, afterId: _i, limit: _l, ...countParams } = params
    const total = fts === null ? this.count(this.s.countArticles, countParams) : this.count(this.s.countArticlesFts, { ...countParams, fts })
    // walk the listing, or start from the hits when they are few (see fewMatches; both counts are cached)
    const sparse = fts !== null && fewMatches(total, params.limit, this.count(this.s.countAll, {}))
    const rows = fts === null ? this.s.listArticles.all(params) : (sparse ? this.s.listArticlesFtsSparse : this.s.listArticlesFts).all(params)
    const page = rows.slice(0, query.limit)
    const last = page[page.length - 1]
    return {
      items: page.map(toSummary),
      nextCursor: rows.length > query.limit && last ? encodeCursor([last.sort_key, last.id]) : null,
      total
    }
  }

  /** What the last complete boot read (see corpus/ingest.ts), or null. */
  corpusState(): { fingerprint: string; articles: number; report: string } | null {
    return this.s.corpusState.get() ?? null
  }

  /** Records a complete boot; `null` forgets it (a boot in progress or interrupted). */
  setCorpusState(state: { fingerprint: string; articles: number; report: string } | null): void {
    if (state === null) this.s.clearCorpusState.run()
    else this.s.setCorpusState.run(state.fingerprint, state.articles, state.report)
  }

  /** The stored content hash for an article id, to skip unchanged articles at boot. */
  storedHash(id: string): string | null {
    return this.s.articleHashById.get(id)?.content_hash ?? null
  }

  /**
   * Inserts or replaces an article and its full-text entry; returns its rowid. Call inside a transaction. `facts` are
   * what corpus/text-facts.ts `articleFacts(article)` derives from it.
   */
  writeArticle(article: SourceArticle, contentHash: string, ingestedAt: string, facts: ArticleFacts): number {
    this.changed()
    const row = this.s.upsertArticle.get({
      id: article.id,
      title: article.title,
      body: article.body,
      publishedAt: article.publishedAt,
      publishedDate: facts.publishedDate,
      sortKey: facts.sortKey,
      source: article.source,
      url: article.url,
      language: facts.language,
      wordCount: facts.wordCount,
      contentHash,
      ingestedAt
    })
    if (!row) throw new Error(`upsert of article ${article.id} returned no row`)
    this.s.ftsDelete.run(row.rowid)
    this.s.ftsInsert.run(row.rowid, facts.titleForm, facts.bodyForm)
    return row.rowid
  }

  /** Deletes every article whose id is not in `keep` (its annotations go with it); returns how many. */
  removeArticlesExcept(keep: ReadonlySet<string>): number {
    const gone = this.s.allArticleIds.all().filter((row) => !keep.has(row.id))
    this.changed()
    this.db.transaction(() => {
      for (const row of gone) {
        this.s.ftsDelete.run(row.rowid)
        this.s.deleteArticle.run(row.rowid)
      }
    })()
    return gone.length
  }

  // ---- knowledge: writes (inside the ingest batch transaction)

  /** Replaces everything extracted from one article; `ids` are its quotes' and events' stable ids. */
  writeAnnotations(rowid: number, ann: DocumentAnnotations, ids: RecordIds): void {
    if (ids.quotes.length !== ann.quotes.length || ids.events.length !== ann.events.length) throw new Error('writeAnnotations: one id per quote and per event')
    this.changed()
    this.s.clearEntityMentions.run(rowid)
    this.s.clearQuotes.run(rowid)
    this.s.clearEventMentions.run(rowid)
    this.s.clearAgreementMentions.run(rowid)
    for (const e of ann.entities) {
      const written = JSON.stringify(e)
      if (this.writtenEntities.get(e.id) === written) continue
      this.writtenEntities.set(e.id, written)
      this.s.upsertEntity.run({
        id: e.id,
        name: e.name,
        nameEn: e.nameEn,
        type: e.type,
        aliases: JSON.stringify(e.aliases),
        role: e.role,
        affiliation: e.affiliation,
        lat: e.lat,
        lon: e.lon,
        partOf: e.partOf,
        source: e.source,
        ruleId: e.ruleId,
        confidence: e.confidence
      })
      this.s.clearEntityNames.run(e.id)
      for (const name of new Set([e.name, e.nameEn ?? '', ...e.aliases].map(searchForm))) {
        for (const key of nameKeys(name)) this.s.insertEntityNameKey.run(e.id, key)
      }
    }
    for (const m of ann.mentions) {
      this.s.insertEntityMention.run({ articleRowid: rowid, entityId: m.entityId, start: m.span.start, end: m.span.end, text: m.text, ruleId: m.ruleId })
    }
    ann.quotes.forEach((q, seq) => {
      this.s.insertQuote.run({
        id: ids.quotes[seq],
        articleRowid: rowid,
        seq,
        text: q.text,
        kind: q.kind,
        speakerId: q.speakerId,
        cue: q.cue,
        start: q.span.start,
        end: q.span.end,
        ...dateColumns(q.date),
        confidence: q.confidence,
        ruleId: q.ruleId,
        speakerRuleId: q.speakerRuleId
      })
    })
    ann.events.forEach((ev, seq) => {
      this.s.insertEventMention.run({
        eventId: ids.events[seq],
        articleRowid: rowid,
        seq,
        type: ev.type,
        status: ev.status,
        ...dateColumns(ev.date),
        locationIds: JSON.stringify(ev.locationIds),
        actorIds: JSON.stringify(ev.actorIds),
        fatalities: ev.fatalities,
        fatalitiesQualifier: ev.fatalitiesQualifier,
        start: ev.span.start,
        end: ev.span.end,
        text: ev.text,
        trigger: ev.trigger,
        confidence: ev.confidence,
        ruleId: ev.ruleId
      })
    })
    for (const g of ann.agreements) {
      this.s.upsertAgreement.run({
        id: g.id,
        name: g.name,
        nameEn: g.nameEn,
        signedOn: g.signedOn,
        placeId: g.placeId,
        partyIds: JSON.stringify(g.partyIds),
        provisions: JSON.stringify(g.provisions),
        aliases: JSON.stringify(g.aliases),
        source: g.source
      })
    }
    for (const m of ann.agreementMentions) {
      this.s.insertAgreementMention.run({
        agreementId: m.agreementId,
        articleRowid: rowid,
        start: m.span.start,
        end: m.span.end,
        text: m.text,
        ruleId: m.ruleId,
        confidence: m.confidence
      })
    }
  }

  /** Drops agreements and entities that nothing in the corpus refers to any more. Call inside a transaction. */
  pruneKnowledge(): void {
    this.changed()
    this.writtenEntities.clear()
    this.s.pruneAgreements.run()
    this.s.pruneEntities.run()
  }

  /**
   * Everything corpus-wide after the last batch of a boot, as steps: each `next()` runs one short transaction, so the
   * caller can let requests (health probes) through between them. First drops knowledge nothing refers to any more,
   * then rebuilds the derived read models (`rebuildDerived`). Interrupted, it leaves them partial; the boot is then not
   * recorded as complete, and the next one rebuilds them.
   */
  *finishBoot(): Generator<void, void, void> {
    this.db.transaction(() => this.pruneKnowledge())()
    yield
    yield* this.rebuildDerived()
  }

  /**
   * Rebuilds the read models derived from all mentions (see `DERIVED`) and, for each statement, the same statement in
   * other articles (`linkStatements`, given each speaker's statements in corpus order). One transaction per step; a step handles at most about REBUILD_STEP_QUOTES statements.
   */
  *rebuildDerived(): Generator<void, void, void> {
    const step = (work: () => void) => {
      this.changed()
      this.db.transaction(work)()
    }
    step(() => {
      this.db.exec(DERIVED.clear)
      this.db.exec(DERIVED.events)
    })
    yield
    // each event's aggregate over all its mentions, so lists need not read them all (events by id range)
    const ids = this.s.eventIds.all().map((r) => r.id)
    for (let i = 0; i < ids.length; i += REBUILD_STEP_EVENTS) {
      const range = { first: ids[i] ?? '', last: ids[Math.min(ids.length, i + REBUILD_STEP_EVENTS) - 1] ?? '' }
      step(() => {
        for (const mentions of runsBy(this.s.mentionsByEvent.all(range), (m) => m.event_id)) {
          const agg = this.rules.aggregateEvent(mentions.map(toMention))
          if (agg && mentions[0]) this.s.setEventSummary.run(JSON.stringify(agg), mentions[0].event_id)
        }
      })
      yield
    }
    const { lo, hi } = this.s.quoteRowids.get() ?? { lo: null, hi: null }
    if (lo !== null && hi !== null) {
      for (let from = lo; from <= hi; from += REBUILD_STEP_QUOTES) {
        const range = { from, to: from + REBUILD_STEP_QUOTES - 1 }
        step(() => {
          this.s.quoteItems.run(range)
          this.s.quoteEntities.run(range)
        })
        yield
      }
    }
    step(() => this.s.clearAlsoReported.run())
    yield
    // speakers in groups of about REBUILD_STEP_QUOTES statements (one speaker's statements are never split)
    const groups: { first: string; last: string }[] = []
    let current: { first: string; last: string; n: number } | null = null
    for (const { speaker_id: id, n } of this.s.speakerStatementCounts.all()) {
      if (current === null || current.n >= REBUILD_STEP_QUOTES) {
        current = { first: id, last: id, n: 0 }
        groups.push(current)
      }
      current.last = id
      current.n += n
    }
    for (const range of groups) {
      step(() => {
        for (const statements of runsBy(this.s.quotesBySpeakerAndDay.all(range), (q) => q.speaker_id)) {
          const group = statements.map((q) => ({
            rowid: q.rowid,
            id: q.id,
            articleId: q.article_id,
            articleRowid: q.article_rowid,
            text: q.text,
            day: epochDay(q.d.slice(0, 10))
          }))
          for (const [rowid, found] of this.rules.linkStatements(group)) this.s.setAlsoReported.run(JSON.stringify(found), rowid)
        }
      })
      yield
    }
    step(() => this.db.exec(DERIVED.analyze))
  }

  // ---- knowledge: reads

  /** Resolves an article id filter to its rowid; an unknown article is a 404, not an empty page. */
  private articleFilter(articleId: string | undefined): number | null {
    if (articleId === undefined) return null
    const row = this.s.articleRowid.get(articleId)
    if (!row) throw notFound('article', articleId)
    return row.rowid
  }

  private refResolver(): (id: string | null) => EntityRef | null {
    const cache = new Map<string, EntityRef | null>()
    return (id) => {
      if (id === null) return null
      if (!cache.has(id)) {
        const row = this.s.entityById.get(id)
        cache.set(id, row ? { id: row.id, name: row.name, nameEn: row.name_en, type: row.type as EntityRef['type'] } : null)
      }
      return cache.get(id) ?? null
    }
  }

  private refs(ids: string[], ref: (id: string | null) => EntityRef | null): EntityRef[] {
    return ids.map(ref).filter((r): r is EntityRef => r !== null)
  }

  private toEntity(row: EntityRow, ref = this.refResolver()): Entity {
    return {
      id: row.id,
      name: row.name,
      nameEn: row.name_en,
      type: row.type as Entity['type'],
      aliases: parseList(row.aliases),
      role: row.role,
      affiliation: ref(row.affiliation),
      location: row.lat !== null && row.lon !== null ? { lat: row.lat, lon: row.lon } : null,
      partOf: row.part_of,
      source: row.source as Entity['source'],
      ruleId: row.rule_id,
      confidence: row.confidence
    }
  }

  getEntity(id: string): Entity | null {
    const row = this.s.entityById.get(id)
    return row ? this.toEntity(row) : null
  }

  listEntities(query: KnowledgeListQuery & { limit: number }): EntityPage {
    const rowid = this.articleFilter(query.articleId)
    const [afterId] = query.cursor ? decodeCursor(query.cursor, ['string']) : [null]
    const rows = this.s.listEntities.all({ rowid, afterId, limit: query.limit + 1 })
    const ref = this.refResolver()
    return pageOf(rows, query.limit, (page) => page.map((r) => this.toEntity(r, ref)), (r) => [r.id], this.count(this.s.countEntities, { rowid }))
  }

  private toQuote(row: QuoteRow, ref: (id: string | null) => EntityRef | null): Quote {
    return {
      id: row.id,
      articleId: row.article_id,
      text: row.text,
      kind: row.kind as Quote['kind'],
      speaker: ref(row.speaker_id),
      cue: row.cue,
      span: { start: row.start, end: row.end },
      date: toDate(row),
      confidence: row.confidence,
      ruleId: row.rule_id,
      speakerRuleId: row.speaker_rule_id,
      alsoReportedIn: JSON.parse(row.also_reported) as Quote['alsoReportedIn']
    }
  }

  getQuote(id: string): Quote | null {
    const row = this.s.quoteById.get(id)
    return row ? this.toQuote(row, this.refResolver()) : null
  }

  /**
   * Entity ids a filter value names: the id itself, or every entity whose name, English name or an alias equals the
   * value or contains it as whole words (folded and lightly stemmed, so أردوغان = إردوغان, Peskov = Dmitry Peskov).
   */
  resolveEntityIds(value: string): string[] {
    if (this.s.entityById.get(value)) return [value]
    const name = searchForm(value).trim().replace(/\s+/g, ' ')
    if (!name) return []
    return this.s.entityIdsByName.all({ name }).map((r) => r.entity_id)
  }

  listQuotes(query: QuoteListQuery & { fts: string | null; limit: number }): QuotePage {
    const rowid = this.articleFilter(query.articleId)
    const [afterRowid, afterSeq] = query.cursor ? decodeCursor(query.cursor, ['number', 'number']) : [null, null]
    const speakers = query.speaker === undefined ? null : this.resolveEntityIds(query.speaker)
    const filters = {
      rowid,
      // one speaker: an equality the speaker index serves in corpus order, so a page reads only its own rows
      speakerId: speakers?.length === 1 ? speakers[0] : null,
      speakerIds: speakers !== null && speakers.length !== 1 ? JSON.stringify(speakers) : null,
      kind: query.kind ?? null,
      from: query.from ?? null,
      to: query.to ?? null,
      fts: query.fts
    }
    const from = `quotes q ${filters.speakerId === null ? '' : 'INDEXED BY quotes_by_speaker_order'} JOIN articles a INDEXED BY articles_keys ON a.rowid = q.article_rowid`
    const rows = this.shape<QuoteRow>(
      `SELECT q.*, a.id AS article_id FROM ${from} WHERE ${conditions(QUOTE_CONDITIONS, { ...filters, afterRowid })}
       ORDER BY q.article_rowid, q.seq LIMIT @limit`
    ).all({ ...filters, afterRowid, afterSeq, limit: query.limit + 1 })
    const ref = this.refResolver()
    const total = this.count(this.shape(`SELECT count(*) AS n FROM ${from} WHERE ${conditions(QUOTE_CONDITIONS, filters)}`), filters)
    return pageOf(rows, query.limit, (page) => page.map((r) => this.toQuote(r, ref)), (r) => [r.article_rowid, r.seq], total)
  }

  /** An event from its aggregate and the mentions to show. */
  private toEvent(id: string, agg: EventAggregate, shown: EventMentionRow[], ref: (id: string | null) => EntityRef | null): Event {
    return {
      id,
      type: agg.type,
      status: agg.status,
      date: agg.date,
      locations: this.refs(agg.locationIds, ref),
      actors: this.refs(agg.actorIds, ref),
      fatalities: agg.fatalities,
      fatalitiesQualifier: agg.fatalitiesQualifier,
      mentionCount: agg.mentionCount,
      mentions: shown.map((m) => ({
        articleId: m.article_id,
        span: { start: m.start, end: m.end },
        text: m.text,
        trigger: m.trigger,
        ruleId: m.rule_id,
        confidence: m.confidence
      })),
      confidence: agg.confidence,
      ruleId: agg.ruleId
    }
  }

  /**
   * An event as lists show it: its aggregate from the events read model (computed at the boot from all mentions)
   * and its first LIST_MENTION_LIMIT mentions, or those of one article.
   */
  private listedEvent(id: string, ref: (id: string | null) => EntityRef | null, articleRowid: number | null = null): Event | null {
    const row = this.s.eventSummary.get(id)
    if (!row) return null
    const shown = articleRowid === null ? this.s.eventMentionsHead.all(id) : this.s.eventMentionsInArticle.all(id, articleRowid)
    return this.toEvent(id, JSON.parse(row.summary) as EventAggregate, shown, ref)
  }

  getEvent(id: string): Event | null {
    const mentions = this.s.eventMentions.all(id)
    const agg = this.rules.aggregateEvent(mentions.map(toMention))
    return agg ? this.toEvent(id, agg, mentions, this.refResolver()) : null
  }

  /** Place ids for a location filter: the named places and every place inside them, intersected with a box. */
  private eventPlaceIds(location: string | undefined, bbox: string | undefined): string | null {
    let ids: Set<string> | null = null
    if (location !== undefined) {
      const named = this.resolveEntityIds(location)
      ids = new Set(this.s.placesInside.all({ ids: JSON.stringify(named) }).map((r) => r.id))
    }
    if (bbox !== undefined) {
      const [minLon = 0, minLat = 0, maxLon = 0, maxLat = 0] = bbox.split(',').map(Number)
      const boxed = new Set(this.s.placesInBox.all({ minLon, minLat, maxLon, maxLat }).map((r) => r.id))
      ids = ids === null ? boxed : new Set([...ids].filter((id) => boxed.has(id)))
    }
    return ids === null ? null : JSON.stringify([...ids])
  }

  listEvents(query: EventListQuery & { limit: number }): EventPage {
    const rowid = this.articleFilter(query.articleId)
    const [afterKey, afterId] = query.cursor ? decodeCursor(query.cursor, ['string', 'string']) : [null, null]
    const filters = {
      rowid,
      type: query.type ?? null,
      status: query.status ?? null,
      minFatalities: query.minFatalities ?? null,
      // a date window: the days it spans (an open side reaches any date)
      dayFrom: query.from === undefined && query.to === undefined ? null : query.from === undefined ? MIN_DAY : epochDay(query.from),
      dayTo: query.to === undefined ? MAX_DAY : epochDay(query.to),
      locationIds: this.eventPlaceIds(query.location, query.bbox),
      actorIds: query.actor === undefined ? null : JSON.stringify(this.resolveEntityIds(query.actor))
    }
    const where = conditions(EVENT_MENTION_CONDITIONS, filters)
    const filtered = where !== 'TRUE'
    // The events with a matching mention: from the R-tree alone for a date window (and type), else from the mentions.
    const windowOnly = filters.dayFrom !== null && Object.entries(filters).every(([k, v]) => v === null || ['type', 'dayFrom', 'dayTo'].includes(k))
    const matches = windowOnly
      ? `SELECT r.event_id FROM event_mention_days r WHERE r.day_end >= @dayFrom AND r.day_start <= @dayTo ${filters.type === null ? '' : 'AND r.type = @type'}`
      : `SELECT m2.event_id FROM event_mentions m2 WHERE ${where}`
    const total = this.count(this.shape(filtered ? `SELECT count(DISTINCT event_id) AS n FROM (${matches})` : 'SELECT count(*) AS n FROM events'), filters)
    // Newest first by the event's latest dated mention (undated last), from the events read model: walking the
    // recency index, or, when few events match (as for the article listing), from the matching mentions.
    const after = afterKey === null ? '' : 'AND (e.sort_key < @afterKey OR (e.sort_key = @afterKey AND e.id > @afterId))'
    const sparse = filtered && fewMatches(total, query.limit + 1, this.count(this.s.countAllEvents, {}))
    const keys = this.shape<{ event_id: string; k: string }>(
      sparse
        ? `SELECT e.id AS event_id, e.sort_key AS k FROM (SELECT DISTINCT event_id FROM (${matches})) x
             JOIN events e ON e.id = x.event_id WHERE TRUE ${after}
           ORDER BY e.sort_key DESC, e.id LIMIT @limit`
        : `SELECT e.id AS event_id, e.sort_key AS k FROM events e INDEXED BY events_by_recency
           WHERE ${filtered ? `e.id IN (${matches})` : 'TRUE'} ${after}
           ORDER BY e.sort_key DESC, e.id LIMIT @limit`
    ).all({ ...filters, afterKey, afterId, limit: query.limit + 1 })
    const ref = this.refResolver()
    const toEvents = (page: typeof keys) =>
      page
        .map((k) => this.listedEvent(k.event_id, ref, rowid))
        .filter((e): e is Event => e !== null)
    return pageOf(keys, query.limit, toEvents, (k) => [k.k, k.event_id], total)
  }

  private toAgreement(
    row: AgreementRow,
    mentions: AgreementMentionRow[],
    ref: (id: string | null) => EntityRef | null,
    mentionCount?: number
  ): Agreement {
    return {
      id: row.id,
      name: row.name,
      nameEn: row.name_en,
      signedOn: row.signed_on,
      place: ref(row.place_id),
      parties: this.refs(parseList(row.party_ids), ref),
      provisions: parseList(row.provisions),
      aliases: parseList(row.aliases),
      source: row.source as Agreement['source'],
      mentionCount: mentionCount ?? mentions.length,
      mentions: mentions.map((m) => ({ articleId: m.article_id, span: { start: m.start, end: m.end }, text: m.text, ruleId: m.rule_id, confidence: m.confidence }))
    }
  }

  getAgreement(id: string): Agreement | null {
    const row = this.s.agreementById.get(id)
    return row ? this.toAgreement(row, this.s.agreementMentions.all(id), this.refResolver()) : null
  }

  /** With `articleId`, each agreement lists only its mentions in that article. */
  listAgreements(query: KnowledgeListQuery & { limit: number }): AgreementPage {
    const rowid = this.articleFilter(query.articleId)
    const [afterKey, afterId] = query.cursor ? decodeCursor(query.cursor, ['string', 'string']) : [null, null]
    const rows = this.s.listAgreements.all({ rowid, afterKey, afterId, limit: query.limit + 1 })
    const ref = this.refResolver()
    const toAgreements = (page: typeof rows) =>
      page.map((r) => {
        if (rowid !== null) return this.toAgreement(r, this.s.agreementMentionsInArticle.all(r.id, rowid), ref)
        return this.toAgreement(r, this.s.agreementMentionsHead.all(r.id), ref, this.count(this.s.countAgreementMentions, { id: r.id }))
      })
    return pageOf(rows, query.limit, toAgreements, (r) => [r.k, r.id], this.count(this.s.countAgreements, { rowid }))
  }


  // ---- knowledge: details, timeline, search

  /** A place and every place inside it (`partOf`), as a JSON id list. */
  private placeClosure(ids: string[]): string {
    return JSON.stringify(this.s.placesInside.all({ ids: JSON.stringify(ids) }).map((r) => r.id))
  }

  getEntityDetail(id: string): EntityDetail | null {
    const entity = this.getEntity(id)
    if (!entity) return null
    const counts = this.s.entityCounts.get({ id, placeIds: this.placeClosure([id]) })
    return {
      ...entity,
      mentionCount: counts?.mentions ?? 0,
      articleCount: counts?.articles ?? 0,
      statementCount: counts?.statements ?? 0,
      eventCount: counts?.events ?? 0
    }
  }

  getAgreementDetail(id: string): AgreementDetail | null {
    const agreement = this.getAgreement(id)
    if (!agreement) return null
    const ref = this.refResolver()
    return {
      ...agreement,
      statements: this.s.quotesCitingAgreement.all(id).map((r) => this.toQuote(r, ref)),
      events: this.s.eventsNearAgreement
        .all(id)
        .map((r) => this.listedEvent(r.event_id, ref))
        .filter((e): e is Event => e !== null)
    }
  }

  timeline(query: TimelineQuery & { limit: number }): TimelinePage {
    const [afterD, afterKind, afterId] = query.cursor ? decodeCursor(query.cursor, ['string', 'string', 'string']) : [null, null, null]
    const entityIds = query.entity === undefined ? null : this.resolveEntityIds(query.entity)
    const filters = {
      from: query.from ?? null,
      to: query.to ?? null,
      entityIds: entityIds === null ? null : JSON.stringify(entityIds),
      placeIds: entityIds === null ? null : this.placeClosure(entityIds)
    }
    // Dated statements and events in date order; with an entity, those it speaks in, acts in or is the place of.
    const source = entityIds === null ? 'timeline_items t' : 'timeline_entities t'
    const keys = this.shape<{ kind: string; id: string; d: string }>(
      `SELECT DISTINCT t.kind, t.id, t.d FROM ${source} WHERE ${conditions(TIMELINE_CONDITIONS, { ...filters, afterD })}
       ORDER BY t.d, t.kind, t.id LIMIT @limit`
    ).all({ ...filters, afterD, afterKind, afterId, limit: query.limit + 1 })
    const total = this.count(
      this.shape(`SELECT count(*) AS n FROM (SELECT DISTINCT t.kind, t.id FROM ${source} WHERE ${conditions(TIMELINE_CONDITIONS, filters)})`),
      filters
    )
    const ref = this.refResolver()
    const toItems = (page: typeof keys) =>
      page.flatMap((k): TimelinePage['items'] => {
        if (k.kind === 'event') {
          const event = this.listedEvent(k.id, ref)
          return event?.date ? [{ kind: 'event', date: event.date, event, quote: null }] : []
        }
        const row = this.s.quoteById.get(k.id)
        if (!row) return []
        const quote = this.toQuote(row, ref)
        return [{ kind: 'quote', date: quote.date ?? { start: k.d, end: k.d, precision: 'day', text: '' }, event: null, quote }]
      })
    return pageOf(keys, query.limit, toItems, (k) => [k.d, k.kind, k.id], total)
  }

  /**
   * One ordered result list over entities and agreements (by name or alias, Arabic or English), statements and
   * articles (full text, plus the Arabic names of the entities the query named, so `Erdogan` finds أردوغان).
   */
  search(query: SearchQuery & { limit: number }): SearchPage {
    const [offset] = query.cursor ? decodeCursor(query.cursor, ['number']) : [0]
    const start = Number(offset)
    const entityIds = this.resolveEntityIds(query.q)
    const ref = this.refResolver()
    const entities = entityIds.map((id) => ref(id)).filter((e): e is EntityRef => e !== null)
    const folded = searchForm(query.q).trim()
    const agreements = this.s.allAgreementNames
      .all()
      .filter((a) => (JSON.parse(a.names) as string[]).map(searchForm).some((n) => n && (n.includes(folded) || (n.length > 2 && folded.includes(n)))))
    // Only names that add something: an English query reaching the Arabic name (Erdogan → أردوغان). Names that already
    // contain the query's words would only repeat it (a country matches dozens of its ministries).
    const names = [...new Set(entities.map((e) => e.name))].filter((n) => !searchForm(n).includes(folded)).slice(0, MAX_SEARCH_NAME_EXPANSION)
    const fts = [toFtsQuery(query.q), ...names.map((n) => toFtsQuery(n))].filter((x): x is string => x !== null).map((x) => `(${x})`).join(' OR ')
    const quoteTotal = fts ? (this.s.countSearchQuotes.get({ fts })?.n ?? 0) : 0
    const articleTotal = fts ? (this.s.countSearchArticles.get({ fts })?.n ?? 0) : 0
    const total = entities.length + agreements.length + quoteTotal + articleTotal
    const items: SearchPage['items'] = []
    let cursor = start
    const take = (count: number, fetch: (offset: number, limit: number) => SearchPage['items'], before: number) => {
      if (items.length >= query.limit || cursor >= before + count) return
      const from = Math.max(0, cursor - before)
      const got = fetch(from, Math.min(query.limit - items.length, count - from))
      items.push(...got)
      cursor += got.length
    }
    let before = 0
    take(entities.length, (o, l) => entities.slice(o, o + l).map((e) => ({ kind: 'entity', id: e.id, label: e.name, snippet: e.nameEn, articleId: null })), before)
    before += entities.length
    take(agreements.length, (o, l) => agreements.slice(o, o + l).map((a) => ({ kind: 'agreement', id: a.id, label: a.name, snippet: null, articleId: null })), before)
    before += agreements.length
    take(
      quoteTotal,
      (o, l) =>
        this.s.searchQuotes.all({ fts, limit: l, offset: o }).map((r) => ({
          kind: 'quote',
          id: r.id,
          label: r.text,
          snippet: ref(r.speaker_id)?.name ?? null,
          articleId: r.article_id
        })),
      before
    )
    before += quoteTotal
    take(
      articleTotal,
      (o, l) =>
        (fewMatches(articleTotal, o + l, this.count(this.s.countAll, {})) ? this.s.searchArticlesSparse : this.s.searchArticles)
          .all({ fts, limit: l, offset: o })
          .map((r) => ({ kind: 'article', id: r.id, label: r.title, snippet: r.excerpt, articleId: r.id })),
      before
    )
    return { items, nextCursor: cursor < total ? encodeCursor([cursor]) : null, total }
  }

}
