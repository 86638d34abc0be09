import type { FastifyInstance } from 'fastify'
import { AgreementPageSchema, AgreementSchema } from '../../schemas/knowledge.js'
import { registerCollection } from './collection.js'

export default async function agreementRoutes(app: FastifyInstance) {
  registerCollection(app, {
    name: 'agreements',
    noun: 'agreement',
    operationIds: { list: 'listAgreements', get: 'getAgreement' },
    itemSchema: AgreementSchema,
    pageSchema: AgreementPageSchema,
    listDescription:
      'Agreements the corpus mentions (by name, by date or by description), with parties, signature date, provisions and mentions. ' +
      'Latest signature first. With `articleId`, each agreement lists only its mentions in that article.',
    getDescription: 'One agreement with every mention of it in the corpus.',
    list: (query) => app.store.listAgreements(query),
    get: (id) => app.store.getAgreement(id)
  })
}
