import type { FastifyInstance } from 'fastify'
import { QuoteListQuerySchema, QuotePageSchema, QuoteSchema } from '../../schemas/knowledge.js'
import { ftsFilter } from '../search/fold.js'
import { SEED } from '../../schemas/examples.js'
import { registerCollection } from './collection.js'

export default async function quoteRoutes(app: FastifyInstance) {
  registerCollection(app, {
    name: 'quotes',
    noun: 'quote',
    operationIds: { list: 'listQuotes', get: 'getQuote' },
    itemSchema: QuoteSchema,
    pageSchema: QuotePageSchema,
    idExample: SEED.quoteId,
    querySchema: QuoteListQuerySchema,
    listDescription:
      'Quoted statements — direct (inside quotation marks) and indirect (reported speech) — with the resolved speaker, ' +
      'the cue verb, the statement date and the evidence span. In corpus order, then position in the article. ' +
      'Filters combine: `speaker` (id or name, Arabic or English), `q` (words in the statement), `kind`, `from`/`to` ' +
      '(the statement date, or the publication date when the statement is undated). An unknown speaker name matches nothing.',
    getDescription: 'One quoted statement with its speaker, span, date, and the rules that found it and chose the speaker.',
    list: (query) => app.store.quotes.listJson({ ...query, fts: ftsFilter(query.q) }),
    get: (id) => app.store.quotes.get(id)
  })
}
