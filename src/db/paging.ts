import { encodeCursor } from './cursor.js'

/** Mentions per agreement or event in a list; the detail routes have them all. */
export const LIST_MENTION_LIMIT = 50

/** Pages over an already-sorted list of keys: `rows` holds limit + 1 rows when there is a next page. */
export function pageOf<R, T>(rows: R[], limit: number, map: (rows: R[]) => T[], key: (row: R) => (string | number)[], total: number) {
  const page = rows.slice(0, limit)
  const last = page[page.length - 1]
  return { items: map(page), nextCursor: rows.length > limit && last ? encodeCursor(key(last)) : null, total }
}

/**
 * Whether a filtered page is cheaper to take from its matches than by walking an index in page order: the walk finds
 * `pageEnd` matches after about pageEnd × all / matches rows, the matches cost about one lookup (and a sort) each.
 */
export const fewMatches = (matches: number, pageEnd: number, all: number): boolean => matches * matches <= pageEnd * all
