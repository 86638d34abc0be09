// TEMPORARY integration seam until the pipeline lands (replaced in this session).
import type { FastifyInstance } from 'fastify'
import type { Extractor } from '../corpus/ingest.js'
import type { Dateline } from '../corpus/dateline.js'

export function createKnowledge() {
  return {
    version: '0',
    dateline: (_body: string): Dateline | null => null,
    extractor: (_app: FastifyInstance): Extractor<null> => ({
      version: '0',
      extract: () => null,
      write: () => {},
      finish: () => {}
    })
  }
}
