import type { Article, ArticleListQuery, ArticlePage, ArticleSummary } from '../../schemas/articles.js'
import type { SourceArticle } from '../../schemas/corpus.js'
import { notFound } from '../errors.js'
import { decodeCursor } from './cursor.js'
import type { SqliteDatabase } from './database.js'
import { itemsByKeySql, jsonPage, parseJson, type Json } from './json.js'
import { fewMatches, pageOf } from './paging.js'
import type { FullTextWriter } from './full-text.js'
import { conditions, type Conditions, LIMIT, type Queries } from './queries.js'

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

/**
 * What storing an article derives from it besides its own fields (see `articleFacts` in corpus/text-facts.ts, which the
 * boot computes on the main thread or in its extraction workers).
 */
export interface ArticleFacts {
  titleForm: string
  bodyForm: string
  language: string
  wordCount: number
  /** The local calendar date of publication (YYYY-MM-DD), for date filters; null when there is none or it is no real day. */
  publishedDate: string | null
  /** Sorts articles by publication instant (see `recencyKey`). */
  sortKey: string
}

const EXCERPT_LENGTH = 200

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

const toArticle = (row: ArticleRow): Article => ({ ...articleFields(row), body: row.body })

/**
 * Listing filters (only those given are in a statement, see queries.ts). A day filter also bounds the recency key, so
 * a walk of the listing starts near the window and stops after it: the local day an outlet wrote is within a day of
 * the UTC instant the key holds (offsets run from -12 to +14 hours), so `fromKey` is the day before `from` and `toKey`
 * two days after `to` (exclusive).
 */
const ARTICLE_CONDITIONS: Conditions = {
  source: 'a.source = @source',
  from: 'a.published_date >= @from AND a.sort_key >= @fromKey',
  to: 'a.published_date <= @to AND a.sort_key < @toKey',
  fts: 'a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH @fts)',
  afterKey: '(a.sort_key < @afterKey OR (a.sort_key = @afterKey AND a.id < @afterId))'
}

/** A YYYY-MM-DD day moved by `days`. */
const shiftDay = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)

/** An article as listings show it (what `toSummary` makes of the row), as JSON made by SQLite (json.ts). */
const SUMMARY_JSON = `json_object('id', a.id, 'title', a.title, 'publishedAt', a.published_at, 'source', a.source, 'url', a.url,
  'language', a.language, 'wordCount', a.word_count, 'excerpt', a.excerpt)`

/** A page's keys: the listing's order (the cursor) is also how `cardsByKey` finds each card in `articles_cards`. */
const PAGE_KEY_COLUMNS = 'a.sort_key, a.id'

type Listed = { id: string; sort_key: string }

function prepare(db: SqliteDatabase) {
  return {
    // a page's cards, each found by its listing key in the covering index (no article row read), in one blob (json.ts)
    cardsByKey: db.prepare<[string], Json<ArticleSummary> | null>(
      itemsByKeySql(SUMMARY_JSON, "JOIN articles a INDEXED BY articles_cards ON a.sort_key = k.value ->> 0 AND a.id = k.value ->> 1")
    ).pluck(),
    articleById: db.prepare<[string], ArticleRow>('SELECT * FROM articles WHERE id = ?'),
    articleHashById: db.prepare<[string], { rowid: number; content_hash: string }>('SELECT rowid, content_hash FROM articles WHERE id = ?'),
    countAll: db.prepare<Record<string, unknown>, { n: number }>('SELECT count(*) AS n FROM articles'),
    upsertArticle: db.prepare<Record<string, unknown>, { rowid: number }>(
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
    allArticleIds: db.prepare<[], { rowid: number; id: string }>('SELECT rowid, id FROM articles'),
    deleteArticle: db.prepare<[number]>('DELETE FROM articles WHERE rowid = ?'),
    articleRowid: db.prepare<[string], { rowid: number }>('SELECT rowid FROM articles WHERE id = ?')
  }
}

/** Articles: the corpus as stored (body, metadata, full-text entry) and its listings. */
export class ArticleRepository {
  private readonly q: Queries
  private readonly text: FullTextWriter
  private readonly s: ReturnType<typeof prepare>

  constructor(q: Queries, uses: { text: FullTextWriter }) {
    this.q = q
    this.text = uses.text
    this.s = prepare(q.db)
  }

  get(id: string): Article | null {
    const row = this.s.articleById.get(id)
    return row ? toArticle(row) : null
  }

  /** How many articles are stored now (not cached). */
  count(): number {
    return this.s.countAll.get({})?.n ?? 0
  }

  /** `fts` is an already-built FTS5 query (see search/fold.ts), or null for no text filter. */
  list(query: ArticleListQuery & { fts: string | null; limit: number }): ArticlePage {
    return parseJson(this.listJson(query))
  }

  /** `list` as the JSON the route sends (json.ts): each card made by SQLite from the listing index, the page joined. */
  listJson(query: ArticleListQuery & { fts: string | null; limit: number }): Json<ArticlePage> {
    const [afterKey, afterId] = query.cursor ? decodeCursor(query.cursor, ['string', 'string']) : [null, null]
    const params = {
      source: query.source ?? null,
      from: query.from ?? null,
      fromKey: query.from === undefined ? null : shiftDay(query.from, -1),
      to: query.to ?? null,
      toKey: query.to === undefined ? null : shiftDay(query.to, 2),
      fts: query.fts,
      afterKey,
      afterId,
      limit: query.limit + 1
    }
    const { afterKey: _k, afterId: _i, limit: _l, ...filters } = params
    const where = conditions(ARTICLE_CONDITIONS, filters)
    // counted from whichever index serves the filters (the day index, the source index, the full-text index)
    const total = this.q.count(where === 'TRUE' ? this.s.countAll : this.q.shape(`SELECT count(*) AS n FROM articles a WHERE ${where}`), filters)
    // Walk the listing in page order, or start from the matches when they are few (see fewMatches; both counts are
    // cached): the full-text hits, or the source's own index, which is in page order already.
    const sparse = (params.fts !== null || params.source !== null) && fewMatches(total, params.limit, this.q.count(this.s.countAll, {}))
    const pageWhere = conditions(ARTICLE_CONDITIONS, params)
    const rows = this.q
      .shape<Listed>(
        sparse
          ? `WITH page AS (
               SELECT a.rowid FROM articles a INDEXED BY ${params.fts !== null ? 'articles_keys' : 'articles_by_source'} WHERE ${pageWhere}
               ORDER BY a.sort_key DESC, a.id DESC ${LIMIT})
             SELECT ${PAGE_KEY_COLUMNS} FROM page JOIN articles a ON a.rowid = page.rowid ORDER BY a.sort_key DESC, a.id DESC`
          : `SELECT ${PAGE_KEY_COLUMNS} FROM articles a INDEXED BY articles_cards WHERE ${pageWhere} ORDER BY a.sort_key DESC, a.id DESC ${LIMIT}`
      )
      .all(params)
    const page = pageOf(rows, query.limit, (page) => [this.s.cardsByKey.get(JSON.stringify(page.map((r) => [r.sort_key, r.id])))], (r) => [r.sort_key, r.id], total)
    return jsonPage(page.items, page.nextCursor, page.total)
  }

  /** Resolves an article id filter to its rowid; an unknown article is a 404, not an empty page. */
  rowidOf(articleId: string | undefined): number | null {
    if (articleId === undefined) return null
    const row = this.s.articleRowid.get(articleId)
    if (!row) throw notFound('article', articleId)
    return row.rowid
  }

  /** The stored content hash for an article id, to skip unchanged articles at boot. */
  storedHash(id: string): string | null {
    return this.s.articleHashById.get(id)?.content_hash ?? null
  }

  /**
   * Inserts or replaces an article and its full-text entry; returns its rowid. Call inside a transaction (best
   * `Store.transaction`, which writes the full-text rows last). `facts` are what corpus/text-facts.ts
   * `articleFacts(article)` derives from it; `replaces: false` when no article with this id is stored.
   */
  write(article: SourceArticle, contentHash: string, ingestedAt: string, facts: ArticleFacts, replaces = true): number {
    this.q.changed()
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
    if (replaces) this.text.deleteArticle(row.rowid)
    this.text.article(row.rowid, facts.titleForm, facts.bodyForm)
    return row.rowid
  }

  /** Deletes every article whose id is not in `keep` (its annotations go with it); returns how many. */
  removeExcept(keep: ReadonlySet<string>): number {
    const gone = this.s.allArticleIds.all().filter((row) => !keep.has(row.id))
    this.q.changed()
    this.q.db.transaction(() => {
      for (const row of gone) {
        this.text.deleteArticle(row.rowid)
        this.s.deleteArticle.run(row.rowid)
      }
    })()
    return gone.length
  }
}
