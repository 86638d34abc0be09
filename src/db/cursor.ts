import { badCursor } from '../errors.js'

/**
 * Keyset cursors: the sort key and id of the last row of a page, as base64url JSON. Opaque to clients; anything
 * that does not decode to the expected shape is a 400, never a 500.
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
  if (!Array.isArray(value) || value.length !== shape.length || !value.every((v, i) => typeof v === shape[i])) {
    throw badCursor()
  }
  return value as (string | number)[]
}
