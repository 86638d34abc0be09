import type { SearchPage, SearchQuery } from '../../schemas/knowledge.js'
import { formToFtsQuery, searchForm } from '../search/fold.js'
import { QUOTE_ROWID_OF_KEY, quoteKeyDayStart } from './columns.js'
import { decodeCursor, encodeCursor } from './cursor.js'
import type { SqliteDatabase } from './database.js'
import type { EntityRepository } from './entities.js'
import { jsonJoin, jsonOf, jsonPage, parseJson, type Json } from './json.js'
import { fewMatches } from './paging.js'
import { LIMIT, type Queries } from './queries.js'

/** Arabic entity names a search query may add to its full-text match. */
const MAX_SEARCH_NAME_EXPANSION = 10

type SearchItem = SearchPage['items'][number]

/** A search item as JSON made by SQLite (see json.ts); `label`, `snippet` and `articleId` are SQL expressions. */
const itemJson = (kind: SearchItem['kind'], id: string, label: string, snippet: string, articleId: string) =>
  `json_object('kind', '${kind}', 'id', ${id}, 'label', ${label}, 'snippet', ${snippet}, 'articleId', ${articleId})`

/**
 * A slice of search items as one blob, their JSON (`j`) comma-joined by SQLite in the order `order` (one Buffer, not one
 * per item: json.ts).
 */
const joined = (itemsSql: string, order: string) => `SELECT CAST(group_concat(j, ',' ORDER BY ${order}) AS BLOB) FROM (${itemsSql})`

const ARTICLE_ITEM = itemJson('article', 'a.id', 'a.title', 'a.excerpt', 'a.id')

/** Statements' search items from a page of their keys (`rid`: the quote's rowid, with sort_key, article_id, seq). */
const quoteItems = (pageSql: string) => `WITH page AS (${pageSql})
  SELECT CAST(group_concat(${itemJson('quote', 'q.id', 'q.text', 's.name', 'page.article_id')}, ',' ORDER BY page.sort_key DESC, page.article_id DESC, page.seq) AS BLOB)
  FROM page JOIN quotes q ON q.rowid = page.rid LEFT JOIN entities s ON s.id = q.speaker_id`

function prepare(db: SqliteDatabase) {
  return {
    // the name index carries each entity's search item (annotations.ts): a page of entities reads no entity row
    entityItems: db.prepare<{ key: string; limit: number; offset: number }, Json<SearchItem> | null>(
      joined(`SELECT item AS j, entity_id FROM entity_name_keys WHERE key = @key ORDER BY entity_id ${LIMIT} OFFSET @offset`, 'entity_id')
    ).pluck(),
    countAll: db.prepare<Record<string, unknown>, { n: number }>('SELECT count(*) AS n FROM articles'),
    allAgreementNames: db.prepare<[], { id: string; name: string; names: string }>(
      `SELECT id, name, json_insert(aliases, '$[#]', name, '$[#]', coalesce(name_en, '')) AS names FROM agreements ORDER BY id`
    ),
    // The full-text index lists a word's statements newest day first (columns.ts quoteFtsKey): the key of the page's
    // last statement in that order bounds the page to its day and the newer ones (every statement of the page is on or
    // after that day), which are sorted exactly; the page's statements first (keys only), then their items.
    quotePageEnd: db.prepare<{ fts: string; last: number }, number | undefined>(
      'SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH @fts ORDER BY rowid DESC LIMIT 1 OFFSET @last'
    ).pluck(),
    searchQuotes: db.prepare<{ fts: string; fromKey: number; limit: number; offset: number }, Json<SearchItem> | null>(quoteItems(
      `SELECT q.rowid AS rid, a.sort_key, a.id AS article_id, q.seq FROM quotes q JOIN articles a INDEXED BY articles_keys ON a.rowid = q.article_rowid
         WHERE q.rowid IN (SELECT rowid ${QUOTE_ROWID_OF_KEY} FROM quotes_fts WHERE quotes_fts MATCH @fts AND rowid >= @fromKey)
         ORDER BY a.sort_key DESC, a.id DESC, q.seq ${LIMIT} OFFSET @offset`
    )).pluck(),
    countSearchQuotes: db.prepare<Record<string, unknown>, { n: number }>('SELECT count(*) AS n FROM quotes_fts WHERE quotes_fts MATCH @fts'),
    searchArticles: db.prepare<{ fts: string; limit: number; offset: number }, Json<SearchItem> | null>(
      joined(`SELECT ${ARTICLE_ITEM} AS j, a.sort_key, a.id FROM articles a INDEXED BY articles_cards
         WHERE a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH @fts)
         ORDER BY a.sort_key DESC, a.id DESC ${LIMIT} OFFSET @offset`, 'sort_key DESC, id DESC')
    ).pluck(),
    // few hits: their sort keys first (articles_keys), then the page's rows (see the sparse listing in articles.ts)
    searchArticlesSparse: db.prepare<{ fts: string; limit: number; offset: number }, Json<SearchItem> | null>(
      joined(`WITH page AS (
           SELECT a.rowid FROM articles a INDEXED BY articles_keys
           WHERE a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH @fts)
           ORDER BY a.sort_key DESC, a.id DESC ${LIMIT} OFFSET @offset)
         SELECT ${ARTICLE_ITEM} AS j, a.sort_key, a.id FROM page JOIN articles a ON a.rowid = page.rowid`, 'sort_key DESC, id DESC')
    ).pluck(),
    countSearchArticles: db.prepare<Record<string, unknown>, { n: number }>('SELECT count(*) AS n FROM articles_fts WHERE articles_fts MATCH @fts')
  }
}

/** An agreement's names in search form and its search item. */
interface AgreementNames {
  forms: string[]
  item: Json<SearchItem>
}

/**
 * Every agreement's names, arranged so that a query finds its agreements in two passes rather than a test of each
 * name: `text`, every agreement's names a line each, an agreement's lines from `starts[i]` to a NUL (a query inside a
 * name is an `indexOf` over it); `short`, each name of more than two letters with its agreement, shortest first (a name
 * inside the query can only be one no longer than it).
 */
interface AgreementIndex {
  generation: number
  list: AgreementNames[]
  text: string
  starts: number[]
  short: { form: string; agreement: number }[]
}

/** The agreements whose names contain the (folded) query or are contained in it, in their order. */
function agreementsMatching(index: AgreementIndex, folded: string): AgreementNames[] {
  const found = new Set<number>()
  for (let at = index.text.indexOf(folded); at >= 0; ) {
    // the agreement whose lines hold `at`: the last start at or before it
    let lo = 0
    let hi = index.starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (index.starts[mid]! <= at) lo = mid
      else hi = mid - 1
    }
    found.add(lo)
    const next = index.starts[lo + 1]
    at = next === undefined ? -1 : index.text.indexOf(folded, next)
  }
  for (const { form, agreement } of index.short) {
    if (form.length > folded.length) break
    if (folded.includes(form)) found.add(agreement)
  }
  return index.list.filter((_, i) => found.has(i))
}

/** `/v1/search`: one result list over every kind of record. */
export class SearchRepository {
  private readonly q: Queries
  private readonly entities: EntityRepository
  private readonly s: ReturnType<typeof prepare>
  private names: AgreementIndex | null = null

  constructor(q: Queries, uses: { entities: EntityRepository }) {
    this.q = q
    this.entities = uses.entities
    this.s = prepare(q.db)
  }

  /**
   * Every agreement with its names (name, English name, aliases) in search form: folded once per generation of the
   * data (agreements change only while a boot writes), not for every search.
   */
  private agreementIndex(): AgreementIndex {
    if (this.names === null || this.names.generation !== this.q.generation) {
      const list = this.s.allAgreementNames.all().map((a) => ({
        forms: (JSON.parse(a.names) as string[]).map(searchForm).filter(Boolean),
        item: jsonOf<SearchItem>({ kind: 'agreement', id: a.id, label: a.name, snippet: null, articleId: null })
      }))
      const starts: number[] = []
      let text = ''
      for (const a of list) {
        starts.push(text.length)
        // NUL ends an agreement's lines: no query holds one (input-guard.ts), so no match spans two agreements
        text += a.forms.join('\n') + '\u0000'
      }
      const short = list.flatMap((a, agreement) => a.forms.filter((form) => form.length > 2).map((form) => ({ form, agreement }))).sort((x, y) => x.form.length - y.form.length)
      this.names = { generation: this.q.generation, list, text, starts, short }
    }
    return this.names
  }

  /**
   * One ordered result list over entities and agreements (by name or alias, Arabic or English), statements and
   * articles (full text, plus the Arabic names of the entities the query named, so `Erdogan` finds أردوغان).
   */
  list(query: SearchQuery & { form: string; fts: string; limit: number }): SearchPage {
    return parseJson(this.listJson(query))
  }

  /** `list` as the JSON the route sends (json.ts): every item made as JSON (by SQLite, but agreements and an entity by id). */
  listJson(query: SearchQuery & { form: string; fts: string; limit: number }): Json<SearchPage> {
    const [offset] = query.cursor ? decodeCursor(query.cursor, ['number']) : [0]
    const start = Number(offset)
    const folded = query.form.trim()
    const named = this.entities.nameMatches(query.q, query.form, MAX_SEARCH_NAME_EXPANSION)
    const agreements = agreementsMatching(this.agreementIndex(), folded)
    // Only names that add something (named.expansions): an English query reaching the Arabic name (Erdogan → أردوغان).
    const fts = [query.fts, ...named.expansions.map(formToFtsQuery)].filter((x): x is string => x !== null).map((x) => `(${x})`).join(' OR ')
    const quoteTotal = fts ? this.q.count(this.s.countSearchQuotes, { fts }) : 0
    const articleTotal = fts ? this.q.count(this.s.countSearchArticles, { fts }) : 0
    const total = named.total + agreements.length + quoteTotal + articleTotal
    // each kind's part of the page: its JSON (the items comma-joined) and how many it holds (`count` is exact)
    const items: (Json<SearchItem> | null | undefined)[] = []
    let taken = 0
    let cursor = start
    const take = (count: number, fetch: (offset: number, limit: number) => Json<SearchItem> | null | undefined, before: number) => {
      if (taken >= query.limit || cursor >= before + count) return
      const from = Math.max(0, cursor - before)
      const limit = Math.min(query.limit - taken, count - from)
      items.push(fetch(from, limit))
      taken += limit
      cursor += limit
    }
    let before = 0
    const { byId } = named
    take(
      named.total,
      (o, l) =>
        byId ? jsonOf<SearchItem>({ kind: 'entity', id: byId.id, label: byId.name, snippet: byId.nameEn, articleId: null }) : this.s.entityItems.get({ key: named.key, limit: l, offset: o }),
      before
    )
    before += named.total
    take(agreements.length, (o, l) => jsonJoin(agreements.slice(o, o + l).map((a) => a.item)), before)
    before += agreements.length
    take(
      quoteTotal,
      (o, l) => {
        const end = this.s.quotePageEnd.get({ fts, last: o + l - 1 })
        return this.s.searchQuotes.get({ fts, fromKey: end === undefined ? Number.MIN_SAFE_INTEGER : quoteKeyDayStart(end), limit: l, offset: o })
      },
      before
    )
    before += quoteTotal
    take(
      articleTotal,
      (o, l) =>
        (fewMatches(articleTotal, o + l, this.q.count(this.s.countAll, {})) ? this.s.searchArticlesSparse : this.s.searchArticles).get({ fts, limit: l, offset: o }),
      before
    )
    return jsonPage(items, cursor < total ? encodeCursor([cursor]) : null, total)
  }
}
