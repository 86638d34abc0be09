import type { FastifyBaseLogger } from 'fastify'
import type { SkippedItem } from '../../schemas/corpus.js'

/** Items of one kind (`duplicate id`, `broken JSON line`, …) logged one by one before the rest are only counted. */
export const LOGGED_PER_KIND = 10

/** What a reason is without its particulars: `duplicate id (first read from a.jsonl:3)` → `duplicate id`. */
export const kindOf = (reason: string) =>
  reason
    .replace(/^[^\s:]+: /, '')
    .replace(/\s*\(.*$/s, '')
    .replace(/\d+/g, 'N')

/**
 * The boot's log of skipped corpus items and warnings, bounded whatever the corpus: a 2 MB .jsonl.gz of millions of
 * duplicate lines once wrote one warn line each (775 MB, and the log's buffer grew RSS by 600 MB). The first
 * LOGGED_PER_KIND of each kind are logged; the rest are counted, and `summary` logs the counts in one line. (The boot
 * report counts every item and lists the first hundred.)
 */
export class CorpusWarningLog {
  private readonly counts = new Map<string, number>()
  private notLogged = 0

  constructor(
    private readonly log: FastifyBaseLogger,
    private readonly perKind = LOGGED_PER_KIND
  ) {}

  skipped(skip: SkippedItem): void {
    if (this.count(kindOf(skip.reason))) this.log.warn({ skipped: skip }, 'corpus item skipped')
  }

  warning(message: string): void {
    if (this.count(`warning: ${kindOf(message)}`)) this.log.warn({ corpus: message }, 'corpus warning')
  }

  /** One line with the count of every kind, if some items were not logged one by one. */
  summary(): void {
    if (this.notLogged === 0) return
    this.log.warn({ byKind: Object.fromEntries(this.counts), notLogged: this.notLogged }, `${this.notLogged} corpus items were not logged one by one; counts by kind`)
  }

  /** Counts one item; true while its kind may still be logged. */
  private count(kind: string): boolean {
    const n = (this.counts.get(kind) ?? 0) + 1
    this.counts.set(kind, n)
    if (n === this.perKind) this.log.warn({ kind, logged: n }, `corpus: further "${kind}" items are counted in the summary at the end of the boot`)
    if (n <= this.perKind) return true
    this.notLogged++
    return false
  }
}
