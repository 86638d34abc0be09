import type { Statement } from 'better-sqlite3'
import type { Article, ArticleListQuery, ArticlePage, ArticleSummary } from '../../schemas/articles.js'
import type { SourceArticle } from '../../schemas/corpus.js'
import { detectLanguage, localDate, recencyKey, wordCount } from '../corpus/text-facts.js'
import { foldForSearch } from '../search/fold.js'
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

const EXCERPT_LENGTH = 200

const toSummary = (row: Omit<ArticleRow, 'body'> & { excerpt: string }): ArticleSummary => ({
  id: row.id,
  title: row.title,
  publishedAt: row.published_at,
  source: row.source,
  url: row.url,
  language: row.language,
  wordCount: row.word_count,
  excerpt: row.excerpt
})

const toArticle = (row: ArticleRow): Article => ({
  id: row.id,
  title: row.title,
  publishedAt: row.published_at,
  source: row.source,
  url: row.url,
  language: row.language,
  wordCount: row.word_count,
  body: row.body
})

const ARTICLE_FILTERS = `
  (@source IS NULL OR a.source = @source)
  AND (@from IS NULL OR a.published_date >= @from)
  AND (@to IS NULL OR a.published_date <= @to)`
const FTS_FILTER = `AND a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH @fts)`
const AFTER_CURSOR = `AND (@afterKey IS NULL OR a.sort_key < @afterKey OR (a.sort_key = @afterKey AND a.id < @afterId))`
const SUMMARY_COLUMNS = `a.rowid, a.id, a.title, a.published_at, a.source, a.url, a.language, a.word_count, a.sort_key,
  substr(a.body, 1, ${EXCERPT_LENGTH}) AS excerpt`

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
    countArticles: Statement<Record<string, unknown>, { n: number }>
    countArticlesFts: Statement<Record<string, unknown>, { n: number }>
    countAll: Statement<[], { n: number }>
    upsertArticle: Statement<Record<string, unknown>, { rowid: number }>
    ftsDelete: Statement<[number]>
    ftsInsert: Statement<[number, string, string]>
    allArticleIds: Statement<[], { rowid: number; id: string }>
    deleteArticle: Statement<[number]>
  }

  constructor(db: SqliteDatabase) {
    this.db = db
    this.s = {
      articleById: db.prepare('SELECT * FROM articles WHERE id = ?'),
      articleHashById: db.prepare('SELECT rowid, content_hash FROM articles WHERE id = ?'),
      listArticles: db.prepare(
        `SELECT ${SUMMARY_COLUMNS} FROM articles a WHERE ${ARTICLE_FILTERS} ${AFTER_CURSOR}
         ORDER BY a.sort_key DESC, a.id DESC LIMIT @limit`
      ),
      listArticlesFts: db.prepare(
        `SELECT ${SUMMARY_COLUMNS} FROM articles a WHERE ${ARTICLE_FILTERS} ${FTS_FILTER} ${AFTER_CURSOR}
         ORDER BY a.sort_key DESC, a.id DESC LIMIT @limit`
      ),
      countArticles: db.prepare(`SELECT count(*) AS n FROM articles a WHERE ${ARTICLE_FILTERS}`),
      countArticlesFts: db.prepare(`SELECT count(*) AS n FROM articles a WHERE ${ARTICLE_FILTERS} ${FTS_FILTER}`),
      countAll: db.prepare('SELECT count(*) AS n FROM articles'),
      upsertArticle: db.prepare(
        `INSERT INTO articles (id, title, body, published_at, published_date, sort_key, source, url, language, word_count,
                               content_hash, ingested_at)
         VALUES (@id, @title, @body, @publishedAt, @publishedDate, @sortKey, @source, @url, @language, @wordCount,
                 @contentHash, @ingestedAt)
         ON CONFLICT (id) DO UPDATE SET
           title = excluded.title, body = excluded.body, published_at = excluded.published_at,
           published_date = excluded.published_date, sort_key = excluded.sort_key, source = excluded.source,
           url = excluded.url, language = excluded.language, word_count = excluded.word_count,
           content_hash = excluded.content_hash, ingested_at = excluded.ingested_at
         RETURNING rowid`
      ),
      ftsDelete: db.prepare('DELETE FROM articles_fts WHERE rowid = ?'),
      ftsInsert: db.prepare('INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)'),
      allArticleIds: db.prepare('SELECT rowid, id FROM articles'),
      deleteArticle: db.prepare('DELETE FROM articles WHERE rowid = ?')
    }
  }

  // ---- articles

  getArticle(id: string): Article | null {
    const row = this.s.articleById.get(id)
    return row ? toArticle(row) : null
  }

  countArticles(): number {
    return this.s.countAll.get()?.n ?? 0
  }

  /** `fts` is an already-built FTS5 query (see search/fold.ts), or null for no text filter. */
  listArticles(query: ArticleListQuery & { fts: string | null; limit: number }): ArticlePage {
    const [afterKey, afterId] = query.cursor ? decodeCursor(query.cursor, 2) : [null, null]
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
    const rows = fts === null ? this.s.listArticles.all(params) : this.s.listArticlesFts.all(params)
    const total = (fts === null ? this.s.countArticles.get(countParams) : this.s.countArticlesFts.get({ ...countParams, fts }))?.n ?? 0
    const page = rows.slice(0, query.limit)
    const last = page[page.length - 1]
    return {
      items: page.map(toSummary),
      nextCursor: rows.length > query.limit && last ? encodeCursor([last.sort_key, last.id]) : null,
      total
    }
  }

  /** The stored content hash for an article id, to skip unchanged articles at boot. */
  storedHash(id: string): string | null {
    return this.s.articleHashById.get(id)?.content_hash ?? null
  }

  /** Inserts or replaces an article and its full-text entry; returns its rowid. Call inside a transaction. */
  writeArticle(article: SourceArticle, contentHash: string, ingestedAt: string): number {
    const row = this.s.upsertArticle.get({
      id: article.id,
      title: article.title,
      body: article.body,
      publishedAt: article.publishedAt,
      publishedDate: localDate(article.publishedAt),
      sortKey: recencyKey(article.publishedAt),
      source: article.source,
      url: article.url,
      language: detectLanguage(article.body),
      wordCount: wordCount(article.body),
      contentHash,
      ingestedAt
    })
    if (!row) throw new Error(`upsert of article ${article.id} returned no row`)
    this.s.ftsDelete.run(row.rowid)
    this.s.ftsInsert.run(row.rowid, foldForSearch(article.title), foldForSearch(article.body))
    return row.rowid
  }

  /** Deletes every article whose id is not in `keep` (its annotations go with it); returns how many. */
  removeArticlesExcept(keep: ReadonlySet<string>): number {
    const gone = this.s.allArticleIds.all().filter((row) => !keep.has(row.id))
    this.db.transaction(() => {
      for (const row of gone) {
        this.s.ftsDelete.run(row.rowid)
        this.s.deleteArticle.run(row.rowid)
      }
    })()
    return gone.length
  }
}
