import type { FastifyInstance } from 'fastify'
import { QuotePageSchema, QuoteSchema } from '../../schemas/knowledge.js'
import { registerCollection } from './collection.js'

export default async function quoteRoutes(app: FastifyInstance) {
  registerCollection(app, {
    name: 'quotes',
    noun: 'quote',
    operationIds: { list: 'listQuotes', get: 'getQuote' },
    itemSchema: QuoteSchema,
    pageSchema: QuotePageSchema,
    listDescription:
      'Quoted statements — direct (inside quotation marks) and indirect (reported speech) — with the resolved speaker, ' +
      'the cue verb, the statement date and the evidence span. In corpus order, then position in the article.',
    getDescription: 'One quoted statement with its speaker, span, date, and the rules that found it and chose the speaker.',
    list: (query) => app.store.listQuotes(query),
    get: (id) => app.store.getQuote(id)
  })
}
