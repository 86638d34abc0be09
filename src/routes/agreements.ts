import type { FastifyInstance } from 'fastify'
import { AgreementDetailSchema, AgreementPageSchema } from '../../schemas/knowledge.js'
import { SEED } from '../../schemas/examples.js'
import { registerCollection } from './collection.js'

export default async function agreementRoutes(app: FastifyInstance) {
  registerCollection(app, {
    name: 'agreements',
    noun: 'agreement',
    operationIds: { list: 'listAgreements', get: 'getAgreement' },
    itemSchema: AgreementDetailSchema,
    pageSchema: AgreementPageSchema,
    idExample: SEED.agreementId,
    listDescription:
      'Agreements the corpus mentions (by name, by date or by description), with parties, signature date, provisions and mentions. ' +
      'Latest signature first. With `articleId`, each agreement lists only its mentions in that article.',
    getDescription:
      'One agreement with every mention of it in the corpus, the statements that refer to it (who accuses whom of breaking it, who claims to keep it) and the events reported next to its mentions.',
    list: (query) => app.store.agreements.list(query),
    get: (id) => app.store.agreements.getDetail(id)
  })
}
