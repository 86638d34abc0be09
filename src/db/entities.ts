import type { Entity, EntityDetail, EntityPage, EntityRef, KnowledgeListQuery } from '../../schemas/knowledge.js'
import { nameKey, searchForm } from '../search/fold.js'
import type { ArticleRepository } from './articles.js'
import { parseList } from './columns.js'
import { decodeCursor } from './cursor.js'
import type { SqliteDatabase } from './database.js'
import { pageOf } from './paging.js'
import { LIMIT, type Queries } from './queries.js'

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

type EntityRefRow = Pick<EntityRow, 'id' | 'name' | 'name_en' | 'type'>

const toRef = (row: EntityRefRow): EntityRef => ({ id: row.id, name: row.name, nameEn: row.name_en, type: row.type as EntityRef['type'] })

/** An entity id → its reference (id, names, type), each looked up once per request; null for none or unknown. */
export type RefResolver = (id: string | null) => EntityRef | null

/** The references of the ids that resolve, in order. */
export function refsOf(ids: string[], ref: RefResolver): EntityRef[] {
  return ids.map(ref).filter((r): r is EntityRef => r !== null)
}

/** Entities an article mentions, quotes as speakers, or names as event actors and places. */
const ENTITIES_OF_ARTICLE = `
  SELECT entity_id FROM entity_mentions WHERE article_rowid = @rowid
  UNION SELECT speaker_id FROM quotes WHERE article_rowid = @rowid AND speaker_id IS NOT NULL
  UNION SELECT j.value FROM event_mentions m, json_each(m.location_ids) j WHERE m.article_rowid = @rowid
  UNION SELECT j.value FROM event_mentions m, json_each(m.actor_ids) j WHERE m.article_rowid = @rowid`

function prepare(db: SqliteDatabase) {
  return {
    entityById: db.prepare<[string], EntityRow>('SELECT * FROM entities WHERE id = ?'),
    // what a reference shows, not the aliases and the rest: lists resolve dozens of these a page
    entityRefById: db.prepare<[string], EntityRefRow>('SELECT id, name, name_en, type FROM entities WHERE id = ?'),
    // one statement per filter combination, so that the planner walks the primary key in page order when none is given
    listEntities: db.prepare<Record<string, unknown>, EntityRow>(`SELECT e.* FROM entities e WHERE e.id > @afterId ORDER BY e.id ${LIMIT}`),
    listEntitiesOfArticle: db.prepare<Record<string, unknown>, EntityRow>(
      `SELECT e.* FROM entities e WHERE e.id IN (${ENTITIES_OF_ARTICLE}) AND e.id > @afterId ORDER BY e.id ${LIMIT}`
    ),
    countEntities: db.prepare<Record<string, unknown>, { n: number }>(
      `SELECT count(*) AS n FROM entities e WHERE (@rowid IS NULL OR e.id IN (${ENTITIES_OF_ARTICLE}))`
    ),
    entityIdsByName: db.prepare<{ name: string }, { entity_id: string }>('SELECT entity_id FROM entity_name_keys WHERE key = @name'),
    countEntitiesByName: db.prepare<Record<string, unknown>, { n: number }>('SELECT count(*) AS n FROM entity_name_keys WHERE key = @name'),
    // in key order (no sort): the caller keeps the first distinct ones and stops; the keys that add a name have their
    // own index (a common word is a key of hundreds of names that add nothing)
    expansionsByName: db.prepare<{ name: string }, string>(
      `SELECT expands FROM entity_name_keys INDEXED BY entity_name_expansions WHERE key = @name AND expands IS NOT NULL ORDER BY entity_id`
    ).pluck(),
    placesInside: db.prepare<{ ids: string }, { id: string }>(
      `WITH RECURSIVE inside (id) AS (
           SELECT value FROM json_each(@ids)
           UNION SELECT e.id FROM entities e JOIN inside ON e.part_of = inside.id)
         SELECT id FROM inside`
    ),
    placesInBox: db.prepare<{ minLon: number; minLat: number; maxLon: number; maxLat: number }, { id: string }>(
      `SELECT id FROM entities WHERE lat IS NOT NULL AND lon IS NOT NULL
           AND lon BETWEEN @minLon AND @maxLon AND lat BETWEEN @minLat AND @maxLat`
    ),
    // events: the actor's and the places' mentions as two searches of the primary key (an OR of the two roles scans
    // the table: Syria's count at 60k 12.8 → 8.7 ms); the detail caches the row until the next write (Queries.countRow)
    entityCounts: db.prepare<{ id: string; placeIds: string }, { mentions: number; articles: number; statements: number; events: number }>(
      `SELECT
           (SELECT count(*) FROM entity_mentions WHERE entity_id = @id) AS mentions,
           (SELECT count(DISTINCT article_rowid) FROM entity_mentions WHERE entity_id = @id) AS articles,
           (SELECT count(*) FROM quotes WHERE speaker_id = @id) AS statements,
           (SELECT count(DISTINCT m.event_id) FROM (
              SELECT mention_rowid FROM event_mention_entities WHERE role = 'actor' AND entity_id = @id
              UNION SELECT mention_rowid FROM event_mention_entities WHERE role = 'place' AND entity_id IN (SELECT value FROM json_each(@placeIds))) x
            JOIN event_mentions m ON m.rowid = x.mention_rowid) AS events`
    )
  }
}

/**
 * Entities (people, organisations, places, …): details, listings, and for the other repositories the lookups by
 * name and place they filter with. The annotation writer (annotations.ts) stores them.
 */
export class EntityRepository {
  private readonly q: Queries
  private readonly articles: ArticleRepository
  private readonly s: ReturnType<typeof prepare>

  constructor(q: Queries, uses: { articles: ArticleRepository }) {
    this.q = q
    this.articles = uses.articles
    this.s = prepare(q.db)
  }

  /** A resolver with its own cache: make one per request (or per page), so each entity is read once. */
  refResolver(): RefResolver {
    const cache = new Map<string, EntityRef | null>()
    return (id) => {
      if (id === null) return null
      if (!cache.has(id)) {
        const row = this.s.entityRefById.get(id)
        cache.set(id, row ? toRef(row) : null)
      }
      return cache.get(id) ?? null
    }
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

  get(id: string): Entity | null {
    const row = this.s.entityById.get(id)
    return row ? this.toEntity(row) : null
  }

  /** An entity with how often it is mentioned, in how many articles, quoted, and in events (there or inside it). */
  getDetail(id: string): EntityDetail | null {
    const entity = this.get(id)
    if (!entity) return null
    const counts = this.q.countRow(this.s.entityCounts, { id, placeIds: this.placeClosure([id]) })
    return {
      ...entity,
      mentionCount: counts?.mentions ?? 0,
      articleCount: counts?.articles ?? 0,
      statementCount: counts?.statements ?? 0,
      eventCount: counts?.events ?? 0
    }
  }

  list(query: KnowledgeListQuery & { limit: number }): EntityPage {
    const rowid = this.articles.rowidOf(query.articleId)
    const [afterId] = query.cursor ? decodeCursor(query.cursor, ['string']) : [null]
    // '' sorts before every id: no cursor is the start
    const rows = (rowid === null ? this.s.listEntities : this.s.listEntitiesOfArticle).all({ rowid, afterId: afterId ?? '', limit: query.limit + 1 })
    const ref = this.refResolver()
    return pageOf(rows, query.limit, (page) => page.map((r) => this.toEntity(r, ref)), (r) => [r.id], this.q.count(this.s.countEntities, { rowid }))
  }

  /**
   * Entity ids a filter value names: the id itself, or every entity whose name, English name or an alias equals the
   * value or contains it as whole words (folded and lightly stemmed, so أردوغان = إردوغان, Peskov = Dmitry Peskov).
   */
  resolveIds(value: string): readonly string[] {
    return this.q.derived('resolveIds', value, () => {
      if (this.s.entityRefById.get(value)) return [value]
      const name = nameKey(searchForm(value))
      if (!name) return []
      return this.s.entityIdsByName.all({ name }).map((r) => r.entity_id)
    })
  }

  /**
   * What `resolveIds` names, for a value already in search form (`form`): the entity whose id is `value` (`byId`), else
   * the `total` entities whose names have the key `key` (the search reads its page of them from the name index, which
   * carries their names: search.ts). `expansions`: the search forms of their names (at most `maxExpansions`, by id)
   * that do not contain the value itself, so that a full-text query may add them (Erdogan → أردوغان) without repeating
   * it (a country's name is part of dozens of its ministries').
   */
  nameMatches(value: string, form: string, maxExpansions: number): { byId: EntityRef | null; key: string; total: number; expansions: string[] } {
    const byId = this.s.entityRefById.get(value)
    if (byId) {
      const expansion = searchForm(byId.name)
      return { byId: toRef(byId), key: '', total: 1, expansions: expansion.includes(form.trim()) ? [] : [expansion] }
    }
    const key = nameKey(form)
    if (!key) return { byId: null, key, total: 0, expansions: [] }
    const expansions = new Set<string>()
    if (maxExpansions > 0) {
      for (const expansion of this.s.expansionsByName.iterate({ name: key })) if (expansions.add(expansion).size >= maxExpansions) break
    }
    return { byId: null, key, total: this.q.count(this.s.countEntitiesByName, { name: key }), expansions: [...expansions] }
  }

  /** The given places and every place inside them (`partOf`, transitively). */
  placesInside(ids: readonly string[]): readonly string[] {
    const key = JSON.stringify(ids)
    return this.q.derived('placesInside', key, () => this.s.placesInside.all({ ids: key }).map((r) => r.id))
  }

  /** A place and every place inside it, as a JSON id list (a statement parameter). */
  placeClosure(ids: readonly string[]): string {
    return JSON.stringify(this.placesInside(ids))
  }

  /** Entities with coordinates inside a box. */
  placesInBox(box: { minLon: number; minLat: number; maxLon: number; maxLat: number }): string[] {
    return this.s.placesInBox.all(box).map((r) => r.id)
  }
}
