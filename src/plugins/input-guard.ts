import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { invalidFields } from '../errors.js'
import { userTextProblem } from '../text/user-text.js'
import type { FieldError, FieldLocation } from '../../schemas/problem.js'

/**
 * The parameters a route declares, as validated: unknown query parameters are already dropped (and never used), so
 * they are not looked at; a route that declares none (health, docs) uses none.
 */
function* declared(request: FastifyRequest): Generator<[FieldLocation, string, unknown]> {
  const schema = request.routeOptions.schema
  for (const [part, declares, values] of [
    ['query', schema?.querystring, request.query],
    ['path', schema?.params, request.params]
  ] as const) {
    if (declares === undefined || values === null || typeof values !== 'object') continue
    for (const [name, value] of Object.entries(values as Record<string, unknown>)) yield [part, name, value]
  }
}

/** What is wrong with one validated value (a repeated parameter is a list: its first bad item), or null. */
function problemWith(value: unknown): string | null {
  for (const v of Array.isArray(value) ? value : [value]) {
    if (typeof v === 'number' && !Number.isFinite(v)) return 'must be a finite number'
    const problem = typeof v === 'string' ? userTextProblem(v) : null
    if (problem !== null) return problem
  }
  return null
}

/**
 * Checks on every request's parameters that the contract's schemas cannot express, after validation, before any
 * handler, filter or SQLite sees them:
 * - every string passes the one user-text check (src/text/user-text.ts): a NUL (FTS5 reads C strings: `q=a%00b` was a
 *   500), another control character or an unpaired surrogate is a 400 naming the field;
 * - Ajv with `coerceTypes` turns `limit=1e309` or `limit=Infinity` into the number Infinity, which passes `type:
 *   integer`, and skips `minimum`/`maximum` for non-finite numbers: the value would reach SQLite (`datatype mismatch`,
 *   a 500). A non-finite number is a 400 naming the field.
 */
export default fp(
  async function inputGuard(app: FastifyInstance) {
    app.addHook('preHandler', (request, _reply, done) => {
      const errors: FieldError[] = []
      for (const [part, name, value] of declared(request)) {
        const detail = problemWith(value)
        if (detail !== null) errors.push({ in: part, name, detail })
      }
      done(errors.length > 0 ? invalidFields(errors) : undefined)
    })
  },
  { name: 'input-guard' }
)
