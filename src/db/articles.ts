import type { Article, ArticleListQuery, ArticlePage, ArticleSummary } from '../../schemas/articles.js'
import type { SourceArticle } from '../../schemas/corpus.js'
import { notFound } from '../errors.js'
import { decodeCursor, encodeCursor } from './cursor.js'
import type { SqliteDatabase } from './database.js'
import { fewMatches } from './paging.js'
import type { FullTextWriter } from './full-text.js'
import type { Queries } from './queries.js'

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

const toSummary = (row: Omit<ArticleRow, 'body'> & { excerpt: string }): ArticleSummary => ({ ...articleFields(row), excerpt: row.excerpt })

const toArticle = (row: ArticleRow): Article => ({ ...articleFields(row), body: row.body })

const ARTICLE_FILTERS = `
  (@source IS NULL OR a.source = @source)
  AND (@from IS NULL OR a.published_date >= @from)
  AND (@to IS NULL OR a.published_date <= @to)`
const FTS_FILTER = `AND a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH @fts)`
const AFTER_CURSOR = `AND (@afterKey IS NULL OR a.sort_key < @afterKey OR (a.sort_key = @afterKey AND a.id < @afterId))`

/** Everything a listing shows, all in the `articles_cards` index: a page never reads the article rows. */
const SUMMARY_COLUMNS = 'a.rowid, a.id, a.title, a.published_at, a.source, a.url, a.language, a.word_count, a.sort_key, a.excerpt'

type Listed = ArticleRow & { excerpt: string }

function prepare(db: SqliteDatabase) {
  return {
    articleById: db.prepare<[string], ArticleRow>('SELECT * FROM articles WHERE id = ?'),
    articleHashById: db.prepare<[string], { rowid: number; content_hash: string }>('SELECT rowid, content_hash FROM articles WHERE id = ?'),
    listArticles: db.prepare<Record<string, unknown>, Listed>(
      `SELECT ${SUMMARY_COLUMNS} FROM articles a INDEXED BY articles_cards WHERE ${ARTICLE_FILTERS} ${AFTER_CURSOR}
         ORDER BY a.sort_key DESC, a.id DESC LIMIT @limit`
    ),
    listArticlesFts: db.prepare<Record<string, unknown>, Listed>(
      `SELECT ${SUMMARY_COLUMNS} FROM articles a INDEXED BY articles_cards WHERE ${ARTICLE_FILTERS} ${FTS_FILTER} ${AFTER_CURSOR}
         ORDER BY a.sort_key DESC, a.id DESC LIMIT @limit`
    ),
    countArticles: db.prepare<Record<string, unknown>, { n: number }>(`SELECT count(*) AS n FROM articles a INDEXED BY articles_listing WHERE ${ARTICLE_FILTERS}`),
    countArticlesFts: db.prepare<Record<string, unknown>, { n: number }>(
      `SELECT count(*) AS n FROM articles a INDEXED BY articles_listing WHERE ${ARTICLE_FILTERS} ${FTS_FILTER}`
    ),
    // Few hits: from the hits to their sort keys (articles_keys), the page, then its rows; rather than walking the
    // whole listing for the rare rows that match.
    listArticlesFtsSparse: db.prepare<Record<string, unknown>, Listed>(
      `WITH page AS (
           SELECT a.rowid FROM articles a INDEXED BY articles_keys
           WHERE a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH @fts) AND ${ARTICLE_FILTERS} ${AFTER_CURSOR}
           ORDER BY a.sort_key DESC, a.id DESC LIMIT @limit)
         SELECT ${SUMMARY_COLUMNS} FROM page JOIN articles a ON a.rowid = page.rowid ORDER BY a.sort_key DESC, a.id DESC`
    ),
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
    const total = fts === null ? this.q.count(this.s.countArticles, countParams) : this.q.count(this.s.countArticlesFts, { ...countParams, fts })
    // walk the listing, or start from the hits when they are few (see fewMatches; both counts are cached)
    const sparse = fts !== null && fewMatches(total, params.limit, this.q.count(this.s.countAll, {}))
    const rows = fts === null ? this.s.listArticles.all(params) : (sparse ? this.s.listArticlesFtsSparse : this.s.listArticlesFts).all(params)
    const page = rows.slice(0, query.limit)
    const last = page[page.length - 1]
    return {
      items: page.map(toSummary),
      nextCursor: rows.length > query.limit && last ? encodeCursor([last.sort_key, last.id]) : null,
      total
    }
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
