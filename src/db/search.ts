import type { SearchPage, SearchQuery } from '../../schemas/knowledge.js'
import { formToFtsQuery, searchForm } from '../search/fold.js'
import { decodeCursor, encodeCursor } from './cursor.js'
import type { SqliteDatabase } from './database.js'
import type { EntityRepository } from './entities.js'
import { fewMatches } from './paging.js'
import type { Queries } from './queries.js'

/** Arabic entity names a search query may add to its full-text match. */
const MAX_SEARCH_NAME_EXPANSION = 10

type Found = { id: string; title: string; excerpt: string }

function prepare(db: SqliteDatabase) {
  return {
    countAll: db.prepare<Record<string, unknown>, { n: number }>('SELECT count(*) AS n FROM articles'),
    allAgreementNames: db.prepare<[], { id: string; name: string; names: string }>(
      `SELECT id, name, json_insert(aliases, '$[#]', name, '$[#]', coalesce(name_en, '')) AS names FROM agreements ORDER BY id`
    ),
    searchQuotes: db.prepare<{ fts: string; limit: number; offset: number }, { id: string; text: string; speaker_id: string | null; article_id: string }>(
      `SELECT q.*, a.id AS article_id FROM quotes q JOIN articles a INDEXED BY articles_keys ON a.rowid = q.article_rowid
         WHERE q.rowid IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH @fts)
         ORDER BY a.sort_key DESC, a.id DESC, q.seq LIMIT @limit OFFSET @offset`
    ),
    countSearchQuotes: db.prepare<Record<string, unknown>, { n: number }>('SELECT count(*) AS n FROM quotes_fts WHERE quotes_fts MATCH @fts'),
    searchArticles: db.prepare<{ fts: string; limit: number; offset: number }, Found>(
      `SELECT a.id, a.title, a.excerpt FROM articles a INDEXED BY articles_cards
         WHERE a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH @fts)
         ORDER BY a.sort_key DESC, a.id DESC LIMIT @limit OFFSET @offset`
    ),
    // few hits: their sort keys first (articles_keys), then the page's rows (see the sparse listing in articles.ts)
    searchArticlesSparse: db.prepare<{ fts: string; limit: number; offset: number }, Found>(
      `WITH page AS (
           SELECT a.rowid FROM articles a INDEXED BY articles_keys
           WHERE a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH @fts)
           ORDER BY a.sort_key DESC, a.id DESC LIMIT @limit OFFSET @offset)
         SELECT a.id, a.title, a.excerpt FROM page JOIN articles a ON a.rowid = page.rowid ORDER BY a.sort_key DESC, a.id DESC`
    ),
    countSearchArticles: db.prepare<Record<string, unknown>, { n: number }>('SELECT count(*) AS n FROM articles_fts WHERE articles_fts MATCH @fts')
  }
}

/** `/v1/search`: one result list over every kind of record. */
export class SearchRepository {
  private readonly q: Queries
  private readonly entities: EntityRepository
  private readonly s: ReturnType<typeof prepare>
  private names: { generation: number; list: { id: string; name: string; forms: string[] }[] } | null = null

  constructor(q: Queries, uses: { entities: EntityRepository }) {
    this.q = q
    this.entities = uses.entities
    this.s = prepare(q.db)
  }

  /**
   * Every agreement with its names (name, English name, aliases) in search form: folded once per generation of the
   * data (agreements change only while a boot writes), not for every search.
   */
  private agreementNames(): { id: string; name: string; forms: string[] }[] {
    if (this.names === null || this.names.generation !== this.q.generation) {
      const list = this.s.allAgreementNames.all().map((a) => ({ id: a.id, name: a.name, forms: (JSON.parse(a.names) as string[]).map(searchForm) }))
      this.names = { generation: this.q.generation, list }
    }
    return this.names.list
  }

  /**
   * One ordered result list over entities and agreements (by name or alias, Arabic or English), statements and
   * articles (full text, plus the Arabic names of the entities the query named, so `Erdogan` finds أردوغان).
   */
  list(query: SearchQuery & { form: string; fts: string; limit: number }): SearchPage {
    const [offset] = query.cursor ? decodeCursor(query.cursor, ['number']) : [0]
    const start = Number(offset)
    const folded = query.form.trim()
    const named = this.entities.named(query.q, query.form, { offset: start, limit: query.limit }, MAX_SEARCH_NAME_EXPANSION)
    const ref = this.entities.refResolver()
    const agreements = this.agreementNames().filter((a) => a.forms.some((n) => n && (n.includes(folded) || (n.length > 2 && folded.includes(n)))))
    // Only names that add something (named.expansions): an English query reaching the Arabic name (Erdogan → أردوغان).
    const fts = [query.fts, ...named.expansions.map(formToFtsQuery)].filter((x): x is string => x !== null).map((x) => `(${x})`).join(' OR ')
    const quoteTotal = fts ? this.q.count(this.s.countSearchQuotes, { fts }) : 0
    const articleTotal = fts ? this.q.count(this.s.countSearchArticles, { fts }) : 0
    const total = named.total + agreements.length + quoteTotal + articleTotal
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
    // the page's entities were read with the names (named.refs: from offset `start`, at most `limit`)
    take(named.total, (o, l) => named.refs.slice(o - start, o - start + l).map((e) => ({ kind: 'entity', id: e.id, label: e.name, snippet: e.nameEn, articleId: null })), before)
    before += named.total
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
        (fewMatches(articleTotal, o + l, this.q.count(this.s.countAll, {})) ? this.s.searchArticlesSparse : this.s.searchArticles)
          .all({ fts, limit: l, offset: o })
          .map((r) => ({ kind: 'article', id: r.id, label: r.title, snippet: r.excerpt, articleId: r.id })),
      before
    )
    return { items, nextCursor: cursor < total ? encodeCursor([cursor]) : null, total }
  }
}
