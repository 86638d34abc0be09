import type { Statement } from 'better-sqlite3'
import type { SqliteDatabase } from './database.js'

/**
 * Cached counts and derived values kept at most, together (they are forgotten whenever the data changes, i.e. during
 * a boot).
 */
export const MAX_CACHED_COUNTS = 10_000

/**
 * A page's `LIMIT` from the bound `@limit`, as an expression. SQLite (3.53 here) reads a bare LIMIT parameter's bound
 * value while it plans, so binding it again expires the statement and every run prepares it anew; an expression is
 * evaluated when the statement runs. Measured at 60k: a 21-row key walk 8.6 → 4.7 µs, the events window walk 118 → 95 µs.
 */
export const LIMIT = 'LIMIT (@limit + 0)'

/**
 * SQL conditions by parameter name. A statement is written with only the conditions of the parameters a request
 * gives (see `conditions`), so the planner sees plain comparisons it can serve from an index, rather than
 * `(@x IS NULL OR …)` for every filter.
 */
export type Conditions = Record<string, string>

/** The conditions of the given (non-null) parameters, ANDed; `TRUE` when none is given. */
export function conditions(all: Conditions, params: Record<string, unknown>): string {
  const parts = Object.entries(all).filter(([name]) => params[name] !== null && params[name] !== undefined).map(([, sql]) => sql)
  return parts.length > 0 ? parts.join(' AND ') : 'TRUE'
}

/**
 * What every repository shares: the connection, the statements whose SQL depends on which filters a request gives
 * (prepared once per shape), totals cached until the next write, and the generation that every write moves.
 */
export class Queries {
  readonly db: SqliteDatabase

  /** Statements whose SQL depends on which filters a request gives, prepared once per shape (see `conditions`). */
  private readonly shaped = new Map<string, Statement<Record<string, unknown>, unknown>>()

  /**
   * Counts by statement, then by parameters. The data only changes while a boot writes it, and every write forgets
   * them, so a total is computed once per filter set rather than on every page. (By statement first: a key of the
   * statement's SQL and the parameters was a few hundred characters to build and hash on every request.)
   */
  private readonly counts = new Map<Statement, Map<string, unknown>>()

  /** Values derived from the stored data by kind, then by key (see `derived`); forgotten with the counts. */
  private readonly derivedValues = new Map<string, Map<string, unknown>>()

  private countsKept = 0

  private writes = 0

  constructor(db: SqliteDatabase) {
    this.db = db
  }

  /** The statement for `sql`, prepared the first time it is asked for. */
  shape<R>(sql: string): Statement<Record<string, unknown>, R> {
    let stmt = this.shaped.get(sql)
    if (stmt === undefined) {
      stmt = this.db.prepare(sql)
      this.shaped.set(sql, stmt)
    }
    return stmt as Statement<Record<string, unknown>, R>
  }

  /** `SELECT count(*) AS n …` with these parameters, from the cache when the data has not changed since. */
  count(stmt: Statement<Record<string, unknown>, { n: number }>, params: Record<string, unknown>): number {
    return this.countRow(stmt, params)?.n ?? 0
  }

  /**
   * A row of counts (`SELECT (SELECT count(*) …) AS a, … `) with these parameters, cached like `count`: an entity's
   * detail counts its mentions, statements and events, which for a country are tens of thousands of rows each.
   */
  countRow<R extends Record<string, number>>(stmt: Statement<Record<string, unknown>, R>, params: Record<string, unknown>): R | undefined {
    const key = JSON.stringify(params)
    const byParams = this.counts.get(stmt)
    if (byParams?.has(key)) return byParams.get(key) as R | undefined
    const row = stmt.get(params)
    this.keep(this.counts, stmt, key, row)
    return row
  }

  /**
   * A value derived from the stored data alone (a filter's name → entity ids, the places inside them), computed once
   * and kept like a count until the next write. Every list filtered by a speaker, actor, place or entity resolves the
   * value first: two or three statements, each a read transaction of its own, for the same answer every time.
   * Callers must not change what it returns.
   */
  derived<T>(kind: string, key: string, compute: () => T): T {
    const byKey = this.derivedValues.get(kind)
    if (byKey?.has(key)) return byKey.get(key) as T
    const value = compute()
    this.keep(this.derivedValues, kind, key, value)
    return value
  }

  /** Keeps a count or derived value under its group and key; past MAX_CACHED_COUNTS, all kept values are forgotten first. */
  private keep<G>(kept: Map<G, Map<string, unknown>>, group: G, key: string, value: unknown): void {
    if (this.countsKept >= MAX_CACHED_COUNTS) this.forgetCounts()
    let byKey = kept.get(group)
    if (byKey === undefined) kept.set(group, (byKey = new Map()))
    byKey.set(key, value)
    this.countsKept++
  }

  /** Changes whenever the stored data does: anything derived from an earlier read is stale once it moves. */
  get generation(): number {
    return this.writes
  }

  /** Every write calls this: cached counts no longer hold. */
  changed(): void {
    this.writes++
    this.forgetCounts()
  }

  private forgetCounts(): void {
    this.counts.clear()
    this.derivedValues.clear()
    this.countsKept = 0
  }
}
