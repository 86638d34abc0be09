import { Type, type Static } from 'typebox'

export const FieldErrorSchema = Type.Object(
  {
    in: Type.String({ description: 'Which part of the request held the bad value: querystring, params, headers or body.' }),
    name: Type.String({ description: 'The parameter name (or JSON pointer inside the body).' }),
    detail: Type.String({ description: 'What is wrong with it.' })
  },
  { $id: 'FieldError', description: 'One invalid request field.' }
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
        detail: 'querystring/limit must be <= 100',
        instance: '/v1/articles?limit=500',
        requestId: 'req-1',
        errors: [{ in: 'querystring', name: 'limit', detail: 'must be <= 100' }]
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
