import type { DateValue } from '../../schemas/common.js'
import type { SearchPage } from '../../schemas/knowledge.js'
import { nameIndexKeys } from '../search/fold.js'

/** Column ↔ value conversions the repositories share. */

/** How a date (DateValue) is stored: four nullable columns. */
export interface DateColumns {
  date_start: string | null
  date_end: string | null
  date_precision: string | null
  date_text: string | null
}

export function toDate(row: DateColumns): DateValue | null {
  if (!row.date_start || !row.date_end || !row.date_precision) return null
  return { start: row.date_start, end: row.date_end, precision: row.date_precision as DateValue['precision'], text: row.date_text ?? '' }
}

/** A date as the named parameters of an insert. */
export const dateColumns = (date: DateValue | null) => ({
  dateStart: date?.start ?? null,
  dateEnd: date?.end ?? null,
  datePrecision: date?.precision ?? null,
  dateText: date?.text ?? null
})

/** A list of ids (or strings) stored as a JSON array. */
export const parseList = (json: string): string[] => JSON.parse(json) as string[]

const DAY_MS = 86_400_000

/** Days since 1970-01-01 of a YYYY-MM-DD date, as the R-tree of event mention dates stores them. */
export const epochDay = (date: string): number => Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS)
/** Bounds of an open date window (within the R-tree's 32-bit integers). */
export const MIN_DAY = -1_000_000
export const MAX_DAY = 1_000_000

/**
 * An event type as a coordinate of the R-tree of spanning events (event_spans), so that a window query for one type
 * reads only that type's entries: the type's name hashed (32-bit FNV-1a, signed), not its place in a list, so adding a
 * type changes no stored code. The entries keep the type itself, which a query checks too (a collision costs reads,
 * not answers).
 */
export function eventTypeCode(type: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < type.length; i++) h = Math.imul(h ^ type.charCodeAt(i), 0x01000193)
  return h | 0
}

/** Bits of a quote's full-text key that hold its rowid (the rest: its article's day, `quoteFtsKey`). */
const QUOTE_KEY_SPAN = 2 ** 31
/** SQL: the quote rowid of a full-text key (`quotes_fts.rowid`). */
export const QUOTE_ROWID_OF_KEY = `& ${QUOTE_KEY_SPAN - 1}`

/**
 * The day of a recency key (articles.sort_key) as a number that orders as the keys do: from its `YYYY-MM-DD` prefix
 * as (year × 12 + month) × 31 + day, not as a calendar day (a key is compared as text, so 2020-02-31 must fall between
 * the 28th and March); -1 for a key without that prefix (no date, or an extended year), which sorts below them all.
 */
export function recencyDay(sortKey: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(sortKey)
  return m ? (Number(m[1]) * 12 + Number(m[2]) - 1) * 31 + Number(m[3]) - 1 : -1
}

/**
 * A quote's rowid in the full-text index: its article's `recencyDay` above, its own rowid below (31 bits; both fit in
 * 53). The index lists a word's statements by this key, so newest day first with `ORDER BY rowid DESC`: a page of a
 * search reads its day's statements and the newer ones, not every match (search.ts).
 */
export function quoteFtsKey(sortKey: string, quoteRowid: number): number {
  if (!Number.isSafeInteger(quoteRowid) || quoteRowid < 0 || quoteRowid >= QUOTE_KEY_SPAN) throw new RangeError(`quote rowid ${quoteRowid} does not fit a full-text key`)
  return recencyDay(sortKey) * QUOTE_KEY_SPAN + quoteRowid
}

/** The least full-text key of the day `key` is on. */
export const quoteKeyDayStart = (key: number): number => Math.floor(key / QUOTE_KEY_SPAN) * QUOTE_KEY_SPAN

/**
 * An entity's rows of the name index (`entity_name_keys`): each of its name keys (search/fold.ts nameIndexKeys), the
 * name a search for the key adds to its full-text query (or null), and what a search shows of the entity (its search
 * item, as JSON). The writer's rows (annotations.ts), and `entity_name_rows` in SQL (database.ts).
 */
export function entityNameRows(id: string, name: string, nameEn: string | null, aliases: readonly string[]): { key: string; expands: string | null; item: string }[] {
  const item: SearchPage['items'][number] = { kind: 'entity', id, label: name, snippet: nameEn, articleId: null }
  const itemJson = JSON.stringify(item)
  return [...nameIndexKeys(name, nameEn, aliases)].map(([key, expands]) => ({ key, expands, item: itemJson }))
}
