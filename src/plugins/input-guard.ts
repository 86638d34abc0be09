import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { invalidFields } from '../errors.js'
import type { FieldError } from '../../schemas/problem.js'

/**
 * Ajv with `coerceTypes` turns `limit=1e309` or `limit=Infinity` into the number Infinity, which passes `type: integer`,
 * and skips `minimum`/`maximum` for non-finite numbers: the value would reach SQLite (`datatype mismatch`, a 500).
 * After validation, any non-finite number in the query string or path is a 400 naming the field.
 */
export default fp(
  async function inputGuard(app: FastifyInstance) {
    app.addHook('preHandler', (request, _reply, done) => {
      const errors: FieldError[] = []
      for (const [part, values] of [
        ['query', request.query],
        ['path', request.params]
      ] as const) {
        if (values === null || typeof values !== 'object') continue
        for (const [name, value] of Object.entries(values as Record<string, unknown>)) {
          const list = Array.isArray(value) ? value : [value]
          if (list.some((v) => typeof v === 'number' && !Number.isFinite(v))) errors.push({ in: part, name, detail: 'must be a finite number' })
        }
      }
      done(errors.length > 0 ? invalidFields(errors) : undefined)
    })
  },
  { name: 'input-guard' }
)
