/**
 * Datelines such as `(پاکستان پوائنٹ نیوز / سبوتنيك - 14 مارس 2020ء)` at the top of a body carry the outlet and
 * the publication date when no sidecar metadata does.
 */
export interface Dateline {
  source: string
  publishedAt: string
}

const DATELINE = /^\s*\(([^()\n]{2,120}?)\s+[-–—]\s+(\d{1,2})\s+([^\s\d()]+(?:\s*\/\s*[^\s\d()]+)?)\s+(\d{4})\s*ء?\s*\)/u

/** `months` maps a normalised month name (either calendar) to its number 1–12. */
export function parseDateline(body: string, months: ReadonlyMap<string, number>, normalise: (s: string) => string): Dateline | null {
  const m = DATELINE.exec(body)
  if (!m) return null
  const [, source = '', dayText = '', monthText = '', yearText = ''] = m
  const month = monthText.split('/').map((name) => months.get(normalise(name.trim()))).find((n) => n !== undefined)
  const day = Number(dayText)
  const year = Number(yearText)
  if (!month || day < 1 || day > 31) return null
  const date = new Date(Date.UTC(year, month - 1, day))
  if (date.getUTCMonth() !== month - 1) return null
  return { source: source.trim(), publishedAt: date.toISOString().slice(0, 10) }
}
