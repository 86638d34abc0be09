import { badCursor } from '../errors.js'
import { userTextProblem } from '../text/user-text.js'

/**
 * Keyset cursors: the sort key and id of the last row of a page, as base64url JSON. Opaque to clients; anything
 * that does not decode to the expected shape is a 400, never a 500. A cursor is client input like any other: its
 * strings pass the same user-text check as query values (its JSON can spell a NUL or a lone surrogate).
 */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url')
}

type KeyPart = 'string' | 'number'

export function decodeCursor(cursor: string, shape: readonly KeyPart[]): (string | number)[] {
  let value: unknown
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    throw badCursor()
  }
  if (
    !Array.isArray(value) ||
    value.length !== shape.length ||
    !value.every((v, i) => typeof v === shape[i] && (typeof v !== 'string' || userTextProblem(v) === null))
  ) {
    throw badCursor()
  }
  return value as (string | number)[]
}
