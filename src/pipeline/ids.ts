import { createHash } from 'node:crypto'

/** A short, stable id for a record derived from its identifying parts (same parts → same id across reboots). */
export function stableId(prefix: string, ...parts: (string | number)[]): string {
  return `${prefix}_${createHash('sha256').update(parts.join('\u001f')).digest('hex').slice(0, 16)}`
}
