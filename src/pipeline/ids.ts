import { createHash } from 'node:crypto'

/**
 * Stable ids: the same parts give the same id across reboots. Two hashes, because both are in published ids: records
 * (quotes, events) take a SHA-256 prefix, discovered names (people, organisations, agreements) an FNV-1a hash.
 */

/** A short, stable id for a record derived from its identifying parts (same parts → same id across reboots). */
export function stableId(prefix: string, ...parts: (string | number)[]): string {
  return `${prefix}_${createHash('sha256').update(parts.join('\u001f')).digest('hex').slice(0, 16)}`
}

/** FNV-1a hash as 8 hex digits: stable ids for discovered names. */
export function stableHash(s: string): string {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h.toString(16).padStart(8, '0')
}
