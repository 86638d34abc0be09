/**
 * Pages sent as the UTF-8 JSON the database wrote. A list's items are made as JSON by SQLite (`json_object`, or a read
 * model's stored JSON) and read as bytes (`CAST(… AS BLOB)`), then joined into the page: no row objects, no
 * serialiser, no UTF-8 decoding and encoding of every Arabic string on the way (what an uncached page spent most of
 * its time on). The item SQL of each repository is checked against its object mapping (`toQuote`, …) by the tests.
 */

/** UTF-8 JSON of a `T`. The type parameter records what the bytes hold; nothing checks it at run time. */
export type Json<T> = Buffer & { readonly __json?: T }

/** A value as JSON bytes (for the items a list makes in JavaScript). */
export const jsonOf = <T>(value: T): Json<T> => Buffer.from(JSON.stringify(value)) as Json<T>

/** Reads JSON bytes back (for callers inside the service that want the objects). */
export const parseJson = <T>(json: Json<T>): T => JSON.parse(json.toString('utf8')) as T

const ITEMS_OPEN = Buffer.from('{"items":[')
const COMMA = Buffer.from(',')

/**
 * Items' JSON joined with commas, as one piece of a page (null for none). A piece may hold several items (a blob of
 * `itemsByKeySql`); null or undefined is a piece with none (a blob of no rows), left out.
 */
export function jsonJoin<T>(pieces: (Json<T> | null | undefined)[]): Json<T> | null {
  const present = pieces.filter((p): p is Json<T> => p !== null && p !== undefined)
  return present.length === 0 ? null : Buffer.concat(present.flatMap((item, i) => (i > 0 ? [COMMA, item] : [item])))
}

/** `{"items":[…],"nextCursor":…,"total":…}` from the items' JSON (pieces as `jsonJoin` takes them). */
export function jsonPage<T>(items: (Json<T> | null | undefined)[], nextCursor: string | null, total: number): Json<{ items: T[]; nextCursor: string | null; total: number }> {
  const joined = jsonJoin(items)
  const close = Buffer.from(`],"nextCursor":${JSON.stringify(nextCursor)},"total":${total}}`)
  return Buffer.concat(joined === null ? [ITEMS_OPEN, close] : [ITEMS_OPEN, joined, close])
}

/**
 * SQL that makes the JSON of a page's items in one blob: `itemSql` is the item's JSON (text) from the rows `joins`
 * reaches from `k`, the page's keys (`json_each` of a JSON array bound as the only parameter; `k.value` is a key), in
 * the keys' order, comma-joined. One Buffer per page rather than one per item: every Buffer the driver makes is an
 * ArrayBuffer the young generation's collector must sweep, and twenty a page make its scavenges longer.
 */
export const itemsByKeySql = (itemSql: string, joins: string) =>
  `SELECT CAST(group_concat(${itemSql}, ',' ORDER BY k.key) AS BLOB) FROM json_each(?) k ${joins}`

/**
 * SQL of a date stored as four columns (see columns.ts `toDate`) as a JSON value: the DateValue object, or null when
 * start, end or precision is missing. `p` is the columns' table alias with its dot (`q.`).
 */
export const dateJsonSql = (p: string) =>
  `CASE WHEN ${p}date_start IS NULL OR ${p}date_start = '' OR ${p}date_end IS NULL OR ${p}date_end = '' OR ${p}date_precision IS NULL OR ${p}date_precision = '' THEN NULL
    ELSE json_object('start', ${p}date_start, 'end', ${p}date_end, 'precision', ${p}date_precision, 'text', coalesce(${p}date_text, '')) END`

/** SQL of an entity reference (EntityRef) as a JSON value from an entity row aliased `e` (null when there is none). */
export const entityRefJsonSql = (e: string) =>
  `CASE WHEN ${e}.id IS NULL THEN NULL ELSE json_object('id', ${e}.id, 'name', ${e}.name, 'nameEn', ${e}.name_en, 'type', ${e}.type) END`
