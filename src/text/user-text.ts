/**
 * The one check every string a client sends passes before anything reaches SQLite: the query and path parameters of
 * every route (plugins/input-guard.ts, after validation; unknown query parameters are dropped unread) and the strings
 * inside a cursor (db/cursor.ts). Refused:
 * - NUL: FTS5's query parser reads C strings, so `q=a%00b` ended its quoted term early ("unterminated string", a 500);
 * - the other C0 controls, DEL and the C1 controls: no name, word or id contains one, and they corrupt logs and
 *   terminals that show them;
 * - unpaired surrogates (not Unicode text; SQLite would store U+FFFD in their place).
 * Tab, line feed and carriage return are whitespace, and text pasted into a search may carry them: they pass.
 */
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uD800-\uDFFF]/u

/** Why a client's string cannot be used (`must not contain control characters (U+0000)`), or null when it can. */
export function userTextProblem(value: string): string | null {
  const found = FORBIDDEN.exec(value)?.[0]
  if (found === undefined) return null
  const code = found.codePointAt(0) ?? 0
  const name = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`
  return code >= 0xd800 && code <= 0xdfff ? `must be well-formed Unicode (unpaired surrogate ${name})` : `must not contain control characters (${name})`
}
