import type { Quote } from '../../schemas/knowledge.js'
import { epochDay, MAX_DAY } from './columns.js'
import type { SqliteDatabase } from './database.js'
import { AGREEMENT_MENTION_ROWS, toAgreementMention, type AgreementMentionRow } from './agreements.js'
import type { EntityRepository } from './entities.js'
import { toEvent, toMention, type AggregateEvent, type EventMentionRow } from './events.js'
import { LIST_MENTION_LIMIT } from './paging.js'
import type { Queries } from './queries.js'

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

/** Reports of the same statement among one speaker's statements: by statement rowid, the other reports (see `rebuild`). */
export type LinkStatements = (statements: SpeakerStatement[]) => Map<number, Quote['alsoReportedIn']>

/** A statement with a speaker and a day, as `rebuild` links reports of the same statement. */
interface StatementLinkRow {
  rowid: number
  id: string
  article_id: string
  article_rowid: number
  speaker_id: string
  text: string
  d: string
}

/** A date column as days since 1970-01-01 (null when it does not parse), as the R-trees of event windows store it. */
const DAY = (column: string) => `CAST(julianday(${column}) - 2440587.5 AS INTEGER)`

/**
 * What `rebuild` derives from the mentions, in steps short enough to run between requests. Events: one row per event
 * with its recency key (latest dated mention), type (one per event: it is part of the event's identity), date range,
 * and the days its mentions span (least start, greatest end, as the R-tree has them); the entities of each mention, as
 * rows; the mentions' date windows (an R-tree); and in `event_spans` the windows of the mentions of events whose
 * mentions begin before their key's day, with that day (the few events a window may match while their key is after
 * the window's end; see eventWalk in events.ts).
 * Timeline: every dated statement (its own date, else its article's) and dated event, and for the entity filter the
 * same items under each speaker, actor and place. Statement steps take a range of quote rowids.
 */
const DERIVED = {
  clear: `DELETE FROM events; DELETE FROM event_mention_entities; DELETE FROM timeline_items; DELETE FROM timeline_entities;
    DELETE FROM event_mention_days; DELETE FROM event_spans;`,
  events: `
    INSERT INTO events (id, sort_key, date_start, date_end, mentions, type, day_min, day_max)
      SELECT event_id, coalesce(max(date_start), ''), min(date_start), max(date_end), count(*), min(type), min(min(d0, d1)), max(max(d0, d1))
      FROM (SELECT event_id, date_start, date_end, type, ${DAY('date_start')} AS d0, ${DAY('coalesce(date_end, date_start)')} AS d1 FROM event_mentions)
      GROUP BY event_id;
    INSERT OR IGNORE INTO event_mention_entities (entity_id, role, mention_rowid)
      SELECT j.value, 'actor', m.rowid FROM event_mentions m, json_each(m.actor_ids) j
      UNION ALL SELECT j.value, 'place', m.rowid FROM event_mentions m, json_each(m.location_ids) j;
    INSERT INTO event_mention_days (mention_rowid, day_start, day_end, event_id, type)
      SELECT rowid, min(d0, d1), max(d0, d1), event_id, type FROM (
        SELECT m.rowid, m.event_id, m.type, ${DAY('m.date_start')} AS d0, ${DAY('coalesce(m.date_end, m.date_start)')} AS d1
        FROM event_mentions m WHERE m.date_start IS NOT NULL)
      WHERE d0 IS NOT NULL AND d1 IS NOT NULL;
    INSERT INTO event_spans (day_start, day_end, key_start, key_end, type_start, type_end, event_id, sort_key, type)
      SELECT min(d0, d1), max(d0, d1), k, k, event_type_code(type), event_type_code(type), id, sort_key, type FROM (
        SELECT e.id, e.sort_key, e.type, e.k, ${DAY('m.date_start')} AS d0, ${DAY('coalesce(m.date_end, m.date_start)')} AS d1
        FROM (SELECT id, sort_key, type, day_min, coalesce(${DAY('sort_key')}, ${MAX_DAY}) AS k FROM events WHERE day_min IS NOT NULL) e
          JOIN event_mentions m INDEXED BY event_mentions_by_event ON m.event_id = e.id
        WHERE e.day_min < e.k)
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
      WHERE q.rowid BETWEEN @from AND @to AND coalesce(q.date_start, a.published_date) IS NOT NULL
      ORDER BY 1, 2, 3`,
  quoteEntities: `
    INSERT OR IGNORE INTO timeline_entities (entity_id, role, d, kind, id, d_end)
      SELECT q.speaker_id, 'speaker', coalesce(q.date_start, a.published_date), 'quote', q.id, coalesce(q.date_end, a.published_date)
      FROM quotes q JOIN articles a INDEXED BY articles_keys ON a.rowid = q.article_rowid
      WHERE q.rowid BETWEEN @from AND @to AND q.speaker_id IS NOT NULL AND coalesce(q.date_start, a.published_date) IS NOT NULL
      ORDER BY 1, 2, 3, 4, 5`,
  // planner statistics for the filter-shaped statements, sampled (a full ANALYZE reads every index)
  analyze: `PRAGMA analysis_limit = 1000; ANALYZE;`
}

/** Statements per rebuild step of the statement links (a group of speakers). */
const REBUILD_STEP_QUOTES = 10_000
/**
 * Statements per rebuild step of the timeline (a range of quote rowids). Each step inserts its rows in key order, but
 * its dates spread over the whole timeline, so every step writes pages all over it: at 60k, steps of 10k took 2.0 s
 * (the longest 136 ms), of 50k 0.9 s (the longest 235 ms; one step of all 0.7 s).
 */
const REBUILD_STEP_TIMELINE_QUOTES = 50_000
/** Events whose aggregate one rebuild step computes. */
const REBUILD_STEP_EVENTS = 4_000

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

function prepare(db: SqliteDatabase) {
  return {
    mentionsByEvent: db.prepare<{ first: string; last: string }, EventMentionRow>(
      `SELECT m.*, a.id AS article_id FROM event_mentions m INDEXED BY event_mentions_by_event
           JOIN articles a INDEXED BY articles_keys ON a.rowid = m.article_rowid
         WHERE m.event_id BETWEEN @first AND @last
         ORDER BY m.event_id, a.sort_key, a.id, m.seq`
    ),
    eventIds: db.prepare<[], { id: string }>('SELECT id FROM events ORDER BY id'),
    setEventListed: db.prepare<[string, string]>('UPDATE events SET listed = ? WHERE id = ?'),
    agreementIds: db.prepare<[], { id: string }>('SELECT id FROM agreements ORDER BY id'),
    agreementMentionsHead: db.prepare<[string], AgreementMentionRow>(
      `${AGREEMENT_MENTION_ROWS} WHERE m.agreement_id = ? ORDER BY a.sort_key, a.id, m.start LIMIT ${LIST_MENTION_LIMIT}`
    ),
    setAgreementListed: db.prepare<{ mentions: string; id: string }>(
      'UPDATE agreements SET listed_mentions = @mentions, mention_count = (SELECT count(*) FROM agreement_mentions WHERE agreement_id = @id) WHERE id = @id'
    ),
    quotesBySpeakerAndDay: db.prepare<{ first: string; last: string }, StatementLinkRow>(
      `SELECT q.rowid, q.id, a.id AS article_id, q.article_rowid, q.speaker_id, q.text, coalesce(q.date_start, a.published_date) AS d
         FROM quotes q INDEXED BY quotes_by_speaker_date JOIN articles a INDEXED BY articles_keys ON a.rowid = q.article_rowid
         WHERE q.speaker_id BETWEEN @first AND @last AND coalesce(q.date_start, a.published_date) IS NOT NULL
         ORDER BY q.speaker_id, a.sort_key, a.id, q.seq`
    ),
    speakerStatementCounts: db.prepare<[], { speaker_id: string; n: number }>(
      'SELECT speaker_id, count(*) AS n FROM quotes INDEXED BY quotes_by_speaker_date WHERE speaker_id IS NOT NULL GROUP BY speaker_id ORDER BY speaker_id'
    ),
    quoteRowids: db.prepare<[], { lo: number | null; hi: number | null }>('SELECT min(rowid) AS lo, max(rowid) AS hi FROM quotes'),
    quoteItems: db.prepare<{ from: number; to: number }>(DERIVED.quoteItems),
    quoteEntities: db.prepare<{ from: number; to: number }>(DERIVED.quoteEntities),
    clearAlsoReported: db.prepare<[]>(`UPDATE quotes SET also_reported = '[]' WHERE also_reported != '[]'`),
    setAlsoReported: db.prepare<[string, number]>('UPDATE quotes SET also_reported = ? WHERE rowid = ?')
  }
}

/**
 * The read models derived from all the mentions at the end of a boot: events (recency, date range, aggregate), their
 * entities and date windows, the timeline, and each statement's reports in other articles. Lists read them instead of
 * grouping every mention per request.
 */
export class ReadModels {
  private readonly q: Queries
  private readonly rules: { linkStatements: LinkStatements; aggregateEvent: AggregateEvent }
  private readonly entities: EntityRepository
  private readonly s: ReturnType<typeof prepare>

  constructor(q: Queries, rules: { linkStatements: LinkStatements; aggregateEvent: AggregateEvent }, uses: { entities: EntityRepository }) {
    this.q = q
    this.rules = rules
    this.entities = uses.entities
    this.s = prepare(q.db)
  }

  /**
   * Rebuilds the read models derived from all mentions (see `DERIVED`) and, for each statement, the same statement in
   * other articles (`linkStatements`, given each speaker's statements in corpus order). One transaction per step; a
   * step handles at most about REBUILD_STEP_QUOTES statements (REBUILD_STEP_TIMELINE_QUOTES for the timeline).
   * Interrupted, it leaves them partial.
   */
  *rebuild(): Generator<void, void, void> {
    const db = this.q.db
    const step = (work: () => void) => {
      this.q.changed()
      db.transaction(work)()
    }
    step(() => {
      db.exec(DERIVED.clear)
      db.exec(DERIVED.events)
    })
    yield
    // each event as lists show it: its aggregate over all its mentions, its entities, its first mentions (events by id range)
    const ids = this.s.eventIds.all().map((r) => r.id)
    for (let i = 0; i < ids.length; i += REBUILD_STEP_EVENTS) {
      const range = { first: ids[i] ?? '', last: ids[Math.min(ids.length, i + REBUILD_STEP_EVENTS) - 1] ?? '' }
      step(() => {
        const ref = this.entities.refResolver()
        for (const mentions of runsBy(this.s.mentionsByEvent.all(range), (m) => m.event_id)) {
          const agg = this.rules.aggregateEvent(mentions.map(toMention))
          const id = mentions[0]?.event_id
          if (agg && id !== undefined) this.s.setEventListed.run(JSON.stringify(toEvent(id, agg, mentions.slice(0, LIST_MENTION_LIMIT), ref)), id)
        }
      })
      yield
    }
    // each agreement's first mentions and their number, for lists
    step(() => {
      for (const { id } of this.s.agreementIds.all()) this.s.setAgreementListed.run({ mentions: JSON.stringify(this.s.agreementMentionsHead.all(id).map(toAgreementMention)), id })
    })
    yield
    const { lo, hi } = this.s.quoteRowids.get() ?? { lo: null, hi: null }
    if (lo !== null && hi !== null) {
      for (let from = lo; from <= hi; from += REBUILD_STEP_TIMELINE_QUOTES) {
        const range = { from, to: from + REBUILD_STEP_TIMELINE_QUOTES - 1 }
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
    step(() => db.exec(DERIVED.analyze))
  }
}
