import { Type, type Static } from 'typebox'

/** Where a bad value was, in OpenAPI's words for a parameter's `in`. */
export const FieldLocationSchema = Type.Enum(['query', 'path', 'header'], {
  $id: 'FieldLocation',
  description: 'Which part of the request held the bad value, as OpenAPI names a parameter\u2019s location: `query`, `path` or `header`.',
  examples: ['query']
})
export type FieldLocation = Static<typeof FieldLocationSchema>

export const FieldErrorSchema = Type.Object(
  {
    in: FieldLocationSchema,
    name: Type.String({ maxLength: 256, description: 'The parameter name as the client spelled it (`url` for a path that is not valid percent-encoding).' }),
    detail: Type.String({ maxLength: 1024, description: 'What is wrong with it.' })
  },
  { $id: 'FieldError', description: 'One invalid request field.', examples: [{ in: 'query', name: 'limit', detail: 'must be <= 100' }] }
)
export type FieldError = Static<typeof FieldErrorSchema>

/** RFC 9457 problem details. Every 4xx/5xx the service sends has this shape and `application/problem+json`. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String({ description: 'URI identifying the problem type.' }),
    title: Type.String({ description: 'Short, human-readable summary of the problem type.' }),
    status: Type.Integer({ description: 'HTTP status code.' }),
    detail: Type.String({ description: 'Explanation specific to this occurrence.' }),
    instance: Type.String({ description: 'The request path (with query) this problem occurred on.' }),
    requestId: Type.String({ description: 'The request id (also in the x-request-id response header).' }),
    errors: Type.Optional(Type.Array(FieldErrorSchema, { description: 'Each invalid field, for validation problems.' }))
  },
  {
    $id: 'Problem',
    description: 'RFC 9457 problem details.',
    examples: [
      {
        type: 'https://news-intel.example/problems/validation',
        title: 'Invalid request',
        status: 400,
        detail: 'query/limit must be <= 100',
        instance: '/v1/articles?limit=500',
        requestId: 'req-1',
        errors: [{ in: 'query', name: 'limit', detail: 'must be <= 100' }]
      }
    ]
  }
)
export type Problem = Static<typeof ProblemSchema>

/** A problem response in a route schema: `application/problem+json` with the Problem body. */
export const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemSchema } }
})
