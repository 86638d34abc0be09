import type { Agreement, AgreementDetail, AgreementPage, KnowledgeListQuery } from '../../schemas/knowledge.js'
import type { ArticleRepository } from './articles.js'
import { parseList } from './columns.js'
import { decodeCursor } from './cursor.js'
import type { SqliteDatabase } from './database.js'
import { refsOf, type EntityRepository, type RefResolver } from './entities.js'
import type { EventRepository } from './events.js'
import { pageOf } from './paging.js'
import { LIMIT, type Queries } from './queries.js'
import type { QuoteRepository } from './quotes.js'

interface AgreementRow {
  id: string
  /** JSON: its first LIST_MENTION_LIMIT mentions, and their number, as read-models.ts derived them at the boot */
  listed_mentions: string
  mention_count: number
  name: string
  name_en: string | null
  signed_on: string | null
  place_id: string | null
  party_ids: string
  provisions: string
  aliases: string
  source: string
}

/** A stored mention as the API shows it. */
export const toAgreementMention = (m: AgreementMentionRow): Agreement['mentions'][number] => ({
  articleId: m.article_id,
  span: { start: m.start, end: m.end },
  text: m.text,
  ruleId: m.rule_id,
  confidence: m.confidence
})

export interface AgreementMentionRow {
  agreement_id: string
  article_id: string
  start: number
  end: number
  text: string
  rule_id: string
  confidence: number
}

/** Mention rows with their article's id. */
export const AGREEMENT_MENTION_ROWS =
  'SELECT m.*, a.id AS article_id FROM agreement_mentions m JOIN articles a INDEXED BY articles_keys ON a.rowid = m.article_rowid'

function prepare(db: SqliteDatabase) {
  return {
    agreementById: db.prepare<[string], AgreementRow>('SELECT * FROM agreements WHERE id = ?'),
    listAgreements: db.prepare<Record<string, unknown>, AgreementRow & { k: string }>(
      // the page's keys sorted first, then its rows (each carries its first mentions: sorting whole rows copied them all)
      `WITH page AS (
           SELECT id, k FROM (SELECT g.id, coalesce(g.signed_on, '') AS k FROM agreements g
             WHERE @rowid IS NULL OR g.id IN (SELECT agreement_id FROM agreement_mentions WHERE article_rowid = @rowid))
           WHERE @afterKey IS NULL OR k < @afterKey OR (k = @afterKey AND id > @afterId)
           ORDER BY k DESC, id ${LIMIT})
         SELECT g.*, page.k FROM page JOIN agreements g ON g.id = page.id ORDER BY page.k DESC, page.id`
    ),
    countAgreements: db.prepare<Record<string, unknown>, { n: number }>(
      `SELECT count(*) AS n FROM agreements g
         WHERE @rowid IS NULL OR g.id IN (SELECT agreement_id FROM agreement_mentions WHERE article_rowid = @rowid)`
    ),
    agreementMentions: db.prepare<[string], AgreementMentionRow>(
      `${AGREEMENT_MENTION_ROWS}
         WHERE m.agreement_id = ? ORDER BY a.sort_key, a.id, m.start`
    ),
    agreementMentionsInArticle: db.prepare<[string, number], AgreementMentionRow>(
      `${AGREEMENT_MENTION_ROWS}
         WHERE m.agreement_id = ? AND m.article_rowid = ? ORDER BY m.start`
    )
  }
}

/** Agreements with their mentions; the detail adds the statements and events that refer to them. */
export class AgreementRepository {
  private readonly q: Queries
  private readonly articles: ArticleRepository
  private readonly entities: EntityRepository
  private readonly quotes: QuoteRepository
  private readonly events: EventRepository
  private readonly s: ReturnType<typeof prepare>

  constructor(q: Queries, uses: { articles: ArticleRepository; entities: EntityRepository; quotes: QuoteRepository; events: EventRepository }) {
    this.q = q
    this.articles = uses.articles
    this.entities = uses.entities
    this.quotes = uses.quotes
    this.events = uses.events
    this.s = prepare(q.db)
  }

  private toAgreement(row: AgreementRow, mentions: Agreement['mentions'], ref: RefResolver, mentionCount?: number): Agreement {
    return {
      id: row.id,
      name: row.name,
      nameEn: row.name_en,
      signedOn: row.signed_on,
      place: ref(row.place_id),
      parties: refsOf(parseList(row.party_ids), ref),
      provisions: parseList(row.provisions),
      aliases: parseList(row.aliases),
      source: row.source as Agreement['source'],
      mentionCount: mentionCount ?? mentions.length,
      mentions
    }
  }

  get(id: string): Agreement | null {
    const row = this.s.agreementById.get(id)
    return row ? this.toAgreement(row, this.s.agreementMentions.all(id).map(toAgreementMention), this.entities.refResolver()) : null
  }

  /** An agreement with every mention, the statements that contain one and the events reported next to one. */
  getDetail(id: string): AgreementDetail | null {
    const agreement = this.get(id)
    if (!agreement) return null
    const ref = this.entities.refResolver()
    return {
      ...agreement,
      statements: this.quotes.citing(id, ref),
      events: this.events.nearAgreement(id)
    }
  }

  /** With `articleId`, each agreement lists only its mentions in that article. */
  list(query: KnowledgeListQuery & { limit: number }): AgreementPage {
    const rowid = this.articles.rowidOf(query.articleId)
    const [afterKey, afterId] = query.cursor ? decodeCursor(query.cursor, ['string', 'string']) : [null, null]
    const rows = this.s.listAgreements.all({ rowid, afterKey, afterId, limit: query.limit + 1 })
    const ref = this.entities.refResolver()
    const toAgreements = (page: typeof rows) =>
      page.map((r) => {
        if (rowid !== null) return this.toAgreement(r, this.s.agreementMentionsInArticle.all(r.id, rowid).map(toAgreementMention), ref)
        // the first mentions and their number, as the boot's read models left them (read-models.ts)
        return this.toAgreement(r, JSON.parse(r.listed_mentions) as Agreement['mentions'], ref, r.mention_count)
      })
    return pageOf(rows, query.limit, toAgreements, (r) => [r.k, r.id], this.q.count(this.s.countAgreements, { rowid }))
  }
}
