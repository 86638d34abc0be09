import type { SqliteDatabase } from './database.js'

/** What the last complete boot read: the corpus fingerprint, how many articles it left, its saved report (JSON). */
export interface CorpusState {
  fingerprint: string
  articles: number
  report: string
}

function prepare(db: SqliteDatabase) {
  return {
    corpusState: db.prepare<[], CorpusState>('SELECT fingerprint, articles, report FROM corpus_state WHERE key = 1'),
    setCorpusState: db.prepare<[string, number, string]>('INSERT OR REPLACE INTO corpus_state (key, fingerprint, articles, report) VALUES (1, ?, ?, ?)'),
    clearCorpusState: db.prepare<[]>('DELETE FROM corpus_state')
  }
}

/** The record of the last complete boot (see corpus/ingest.ts), so an unchanged corpus is not read again. */
export class CorpusStateRepository {
  private readonly s: ReturnType<typeof prepare>

  constructor(db: SqliteDatabase) {
    this.s = prepare(db)
  }

  /** What the last complete boot read, or null. */
  get(): CorpusState | null {
    return this.s.corpusState.get() ?? null
  }

  /** Records a complete boot; `null` forgets it (a boot in progress or interrupted). */
  set(state: CorpusState | null): void {
    if (state === null) this.s.clearCorpusState.run()
    else this.s.setCorpusState.run(state.fingerprint, state.articles, state.report)
  }
}
