import type { DocumentAnnotations, EntityAnnotation } from '../../schemas/annotations.js'
import { searchForm } from '../search/fold.js'
import { dateColumns, entityNameRows, quoteFtsKey } from './columns.js'
import type { SqliteDatabase } from './database.js'
import type { FullTextWriter } from './full-text.js'
import type { Queries } from './queries.js'

/**
 * The ids of an article's quotes and events, in the order of its annotations: stable across reboots, and the same
 * for one event reported by several articles (knowledge/extractor.ts derives them).
 */
export interface RecordIds {
  quotes: string[]
  events: string[]
}

/**
 * The name index written again from the entities table, in key order (one pass down its B-tree): `entity_name_rows` is
 * `entityNameRows` (columns.ts) as a table-valued SQL function (database.ts). What the writer would have written entity
 * by entity, from each entity's last record. Run once after a first load's last batch (bulk-load.ts runs it with the
 * indexes).
 */
export const NAME_INDEX_BUILD = `DELETE FROM entity_name_keys;
  INSERT INTO entity_name_keys (key, entity_id, expands, item)
    SELECT n.key, e.id, n.expands, n.item FROM entities e, entity_name_rows(e.id, e.name, json_quote(e.name_en), e.aliases) n ORDER BY n.key, e.id`

/** Whether two entity records would write the same row and names (cheaper than comparing them as JSON). */
function sameEntity(a: EntityAnnotation, b: EntityAnnotation): boolean {
  return (
    a.name === b.name && a.nameEn === b.nameEn && a.type === b.type && a.role === b.role && a.affiliation === b.affiliation &&
    a.lat === b.lat && a.lon === b.lon && a.partOf === b.partOf && a.source === b.source && a.ruleId === b.ruleId &&
    a.confidence === b.confidence && a.aliases.length === b.aliases.length && a.aliases.every((alias, i) => alias === b.aliases[i])
  )
}

/**
 * Entity mention rows one INSERT writes (an article has ~17): measured on a million rows, 1.7 s one by one, 0.9 s by
 * sixteen.
 */
const MENTIONS_PER_INSERT = 16

function prepare(db: SqliteDatabase) {
  return {
    clearEntityMentions: db.prepare<[number]>('DELETE FROM entity_mentions WHERE article_rowid = ?'),
    clearQuotes: db.prepare<[number]>('DELETE FROM quotes WHERE article_rowid = ?'),
    clearEventMentions: db.prepare<[number]>('DELETE FROM event_mentions WHERE article_rowid = ?'),
    clearAgreementMentions: db.prepare<[number]>('DELETE FROM agreement_mentions WHERE article_rowid = ?'),
    upsertEntity: db.prepare<Record<string, unknown>>(
      `INSERT INTO entities (id, name, name_en, type, aliases, role, affiliation, lat, lon, part_of, source, rule_id, confidence)
         VALUES (@id, @name, @nameEn, @type, @aliases, @role, @affiliation, @lat, @lon, @partOf, @source, @ruleId, @confidence)
         ON CONFLICT (id) DO UPDATE SET
           name = excluded.name, name_en = excluded.name_en, type = excluded.type, aliases = excluded.aliases,
           role = coalesce(excluded.role, role), affiliation = coalesce(excluded.affiliation, affiliation),
           lat = excluded.lat, lon = excluded.lon, part_of = excluded.part_of, source = excluded.source,
           rule_id = excluded.rule_id, confidence = max(confidence, excluded.confidence)`
    ),
    clearEntityNames: db.prepare<[string]>('DELETE FROM entity_name_keys WHERE entity_id = ?'),
    insertEntityNameKey: db.prepare<[string, string, string, string | null]>(
      'INSERT OR IGNORE INTO entity_name_keys (entity_id, key, item, expands) VALUES (?, ?, ?, ?)'
    ),
    // a million rows at 60k articles: positional (binding by position is a third cheaper than by name), and up to
    // MENTIONS_PER_INSERT rows a statement (one crossing from JavaScript and one step for them all), [n - 1] for n rows
    insertEntityMentions: Array.from({ length: MENTIONS_PER_INSERT }, (_, i) =>
      db.prepare<unknown[]>(`INSERT INTO entity_mentions (article_rowid, entity_id, start, "end", text, rule_id) VALUES ${Array(i + 1).fill('(?, ?, ?, ?, ?, ?)').join(', ')}`)
    ),
    // the rowid given (the writer counts them from the greatest), so that the full-text key made of it and the
    // article's day is written with it
    insertQuote: db.prepare<Record<string, unknown>>(
      `INSERT INTO quotes (rowid, id, article_rowid, seq, text, kind, speaker_id, cue, start, "end", date_start, date_end,
                             date_precision, date_text, confidence, rule_id, speaker_rule_id, fts_key)
         VALUES (@rowid, @id, @articleRowid, @seq, @text, @kind, @speakerId, @cue, @start, @end, @dateStart, @dateEnd,
                 @datePrecision, @dateText, @confidence, @ruleId, @speakerRuleId, @ftsKey)
         ON CONFLICT (id) DO NOTHING`
    ),
    lastQuoteRowid: db.prepare<[], number | null>('SELECT max(rowid) FROM quotes').pluck(),
    articleSortKey: db.prepare<[number], string>('SELECT sort_key FROM articles WHERE rowid = ?').pluck(),
    insertEventMention: db.prepare<Record<string, unknown>>(
      `INSERT INTO event_mentions (event_id, article_rowid, seq, type, status, date_start, date_end, date_precision, date_text,
                                     location_ids, actor_ids, fatalities, fatalities_qualifier, start, "end", text, trigger,
                                     confidence, rule_id)
         VALUES (@eventId, @articleRowid, @seq, @type, @status, @dateStart, @dateEnd, @datePrecision, @dateText,
                 @locationIds, @actorIds, @fatalities, @fatalitiesQualifier, @start, @end, @text, @trigger, @confidence, @ruleId)`
    ),
    upsertAgreement: db.prepare<Record<string, unknown>>(
      `INSERT INTO agreements (id, name, name_en, signed_on, place_id, party_ids, provisions, aliases, source)
         VALUES (@id, @name, @nameEn, @signedOn, @placeId, @partyIds, @provisions, @aliases, @source)
         ON CONFLICT (id) DO UPDATE SET
           name = excluded.name, name_en = excluded.name_en, signed_on = coalesce(excluded.signed_on, signed_on),
           place_id = coalesce(excluded.place_id, place_id), party_ids = excluded.party_ids,
           provisions = excluded.provisions, aliases = excluded.aliases, source = excluded.source`
    ),
    insertAgreementMention: db.prepare<Record<string, unknown>>(
      `INSERT INTO agreement_mentions (agreement_id, article_rowid, start, "end", text, rule_id, confidence)
         VALUES (@agreementId, @articleRowid, @start, @end, @text, @ruleId, @confidence)`
    ),
    pruneAgreements: db.prepare<[]>('DELETE FROM agreements WHERE id NOT IN (SELECT agreement_id FROM agreement_mentions)'),
    pruneEntities: db.prepare<[]>(
      `DELETE FROM entities WHERE id NOT IN (
           SELECT entity_id FROM entity_mentions
           UNION SELECT speaker_id FROM quotes WHERE speaker_id IS NOT NULL
           UNION SELECT j.value FROM event_mentions m, json_each(m.location_ids) j
           UNION SELECT j.value FROM event_mentions m, json_each(m.actor_ids) j
           UNION SELECT j.value FROM agreements a, json_each(a.party_ids) j
           UNION SELECT place_id FROM agreements WHERE place_id IS NOT NULL)`
    )
  }
}

/**
 * Writes what the pipeline extracted from each article (entities, mentions, quotes, event and agreement mentions),
 * inside the ingest batch transaction, and drops knowledge nothing refers to any more.
 */
export class AnnotationWriter {
  private readonly q: Queries
  private readonly text: FullTextWriter
  private readonly s: ReturnType<typeof prepare>

  /**
   * The last entity record written per id. Writing the same record again changes nothing (the upsert and
   * the name list are idempotent), so it is skipped: knowledge-base entities recur in thousands of articles.
   * Forgotten whenever entities may be deleted.
   */
  private readonly writtenEntities = new Map<string, EntityAnnotation>()

  /** See `deferNameIndex`. */
  private nameIndexDeferred = false

  constructor(q: Queries, uses: { text: FullTextWriter }) {
    this.q = q
    this.text = uses.text
    this.s = prepare(q.db)
  }

  /**
   * While on (a first load, store.ts), entities are written without their rows of the name index: it is written once
   * after the last batch, from the entities table in key order (`NAME_INDEX_BUILD`). Its keys land all over its
   * B-tree, so each batch's new entities dirtied most of its pages and every commit wrote them again: at 60k, 2.2 GB
   * of the first load's 5.8 GB of writes and ~4.5 s of the main thread.
   */
  deferNameIndex(on: boolean): void {
    this.nameIndexDeferred = on
  }

  /**
   * Replaces everything extracted from one article; `ids` are its quotes' and events' stable ids. `replaces: false`
   * when the article row is new (nothing stored to clear: a first load skips four deletes per article).
   */
  write(rowid: number, ann: Omit<DocumentAnnotations, 'failures'>, ids: RecordIds, replaces = true): void {
    if (ids.quotes.length !== ann.quotes.length || ids.events.length !== ann.events.length) throw new Error('AnnotationWriter.write: one id per quote and per event')
    this.q.changed()
    if (replaces) {
      this.s.clearEntityMentions.run(rowid)
      this.s.clearQuotes.run(rowid)
      this.s.clearEventMentions.run(rowid)
      this.s.clearAgreementMentions.run(rowid)
    }
    for (const e of ann.entities) {
      const last = this.writtenEntities.get(e.id)
      if (last !== undefined && sameEntity(last, e)) continue
      this.writtenEntities.set(e.id, e)
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
      if (this.nameIndexDeferred) continue
      this.s.clearEntityNames.run(e.id)
      for (const row of entityNameRows(e.id, e.name, e.nameEn, e.aliases)) this.s.insertEntityNameKey.run(e.id, row.key, row.item, row.expands)
    }
    const mentions = ann.mentions
    for (let from = 0; from < mentions.length; from += MENTIONS_PER_INSERT) {
      const to = Math.min(mentions.length, from + MENTIONS_PER_INSERT)
      const values: unknown[] = []
      for (const m of mentions.slice(from, to)) values.push(rowid, m.entityId, m.span.start, m.span.end, m.text, m.ruleId)
      this.s.insertEntityMentions[to - from - 1]?.run(...values)
    }
    // each quote's rowid given, one more than the greatest (what SQLite would give), and its full-text key with it
    const quoted = ann.quotes.length > 0
    let quoteRowid = quoted ? (this.s.lastQuoteRowid.get() ?? 0) + 1 : 0
    const sortKey = quoted ? (this.s.articleSortKey.get(rowid) ?? '') : ''
    ann.quotes.forEach((q, seq) => {
      const ftsKey = quoteFtsKey(sortKey, quoteRowid)
      const inserted = this.s.insertQuote.run({
        rowid: quoteRowid,
        ftsKey,
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
      if (inserted.changes > 0) {
        this.text.quote(ftsKey, searchForm(q.text))
        quoteRowid++
      }
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
  prune(): void {
    this.q.changed()
    this.writtenEntities.clear()
    this.s.pruneAgreements.run()
    this.s.pruneEntities.run()
  }
}
