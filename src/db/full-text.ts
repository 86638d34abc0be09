import type { SqliteDatabase } from './database.js'

/** Pages of merged full-text index (FTS5's `pgsz`, ~4 KB) a step of `merge` writes: a few milliseconds. */
const MERGE_STEP_PAGES = 250

/** A merge step of a full-text table: the first with a negative budget, which puts every segment on one level. */
const mergeStep = (table: string, first: boolean) => `INSERT INTO ${table} (${table}, rank) VALUES ('merge', ${first ? -MERGE_STEP_PAGES : MERGE_STEP_PAGES})`

function prepare(db: SqliteDatabase) {
  return {
    deleteArticle: db.prepare<[number]>('DELETE FROM articles_fts WHERE rowid = ?'),
    insertArticle: db.prepare<[number, string, string]>('INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)'),
    insertQuote: db.prepare<[number, string]>('INSERT INTO quotes_fts (rowid, text) VALUES (?, ?)'),
    totalChanges: db.prepare<[], number>('SELECT total_changes()').pluck(),
    merges: ['articles_fts', 'quotes_fts'].map((table) => ({ first: db.prepare(mergeStep(table, true)), next: db.prepare(mergeStep(table, false)) }))
  }
}

type Pending = { kind: 'deleteArticle'; rowid: number } | { kind: 'article'; rowid: number; title: string; body: string } | { kind: 'quote'; rowid: number; text: string }

/**
 * Writes the full-text rows of articles and quotes (in search form). Inside `Store.transaction` they are kept until its
 * end and written last: FTS5 writes a table's pending rows to disk at every savepoint, and SQLite opens one for each
 * statement that may abort (an insert with a unique key or a foreign key) once a full-text table has joined the
 * transaction — so rows written between the other inserts become one tiny segment per article, merged again and again
 * (measured: the article inserts of a 20k-article load 10× slower). Written last, a batch is one segment.
 */
export class FullTextWriter {
  private readonly s: ReturnType<typeof prepare>
  private pending: Pending[] | null = null

  constructor(db: SqliteDatabase) {
    this.s = prepare(db)
  }

  /** From here to `flush` (or `discard`), rows are kept and written by `flush`. */
  defer(): void {
    this.pending = []
  }

  /**
   * Writes the kept rows, a table at a time and deletions first: FTS5 keeps a table's pending rows in memory only while
   * their rowids ascend, and writes them out as a segment when one does not (an article deleted then written again).
   */
  flush(): void {
    const rows = this.pending ?? []
    this.pending = null
    // quotes in key order: their keys begin with their article's day, so a batch's do not ascend as they come
    const quotes = rows.filter((row) => row.kind === 'quote').sort((a, b) => a.rowid - b.rowid)
    for (const kind of ['deleteArticle', 'article'] as const) for (const row of rows) if (row.kind === kind) this.apply(row)
    for (const row of quotes) this.apply(row)
  }

  /**
   * Merges each full-text table's segments into one, a step at a time (each its own transaction, a few milliseconds):
   * the FTS5 optimize, incrementally (a negative 'merge' first, then positive ones until one does no work, by
   * `total_changes`). A search reads a word's entries from every segment, so after a load of many batches (each one
   * segment, merged by FTS5 only as they gather: bulk-load.ts) a word in 436 statements took 157 µs to count at 60k,
   * 18 µs merged.
   */
  *mergeSegments(): Generator<void, void, void> {
    for (const merge of this.s.merges) {
      for (let step = merge.first; ; step = merge.next) {
        const before = this.s.totalChanges.get() ?? 0
        step.run()
        if ((this.s.totalChanges.get() ?? 0) - before < 2) break
        yield
      }
    }
  }

  /** Forgets the kept rows (their transaction rolled back). */
  discard(): void {
    this.pending = null
  }

  /** An article's full-text row goes (before it is written again, or with the article). */
  deleteArticle(rowid: number): void {
    this.add({ kind: 'deleteArticle', rowid })
  }

  article(rowid: number, title: string, body: string): void {
    this.add({ kind: 'article', rowid, title, body })
  }

  /** A quote's row under its full-text key (columns.ts quoteFtsKey); a deleted quote's row goes by the `quotes_fts_delete` trigger. */
  quote(key: number, text: string): void {
    this.add({ kind: 'quote', rowid: key, text })
  }

  private add(row: Pending): void {
    if (this.pending === null) this.apply(row)
    else this.pending.push(row)
  }

  private apply(row: Pending): void {
    if (row.kind === 'deleteArticle') this.s.deleteArticle.run(row.rowid)
    else if (row.kind === 'article') this.s.insertArticle.run(row.rowid, row.title, row.body)
    else this.s.insertQuote.run(row.rowid, row.text)
  }
}
