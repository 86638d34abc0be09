/**
 * The one Arabic clitic and affix module. What may be attached before a word (the conjunctions و ف, the prepositions
 * ب ل ك, the article ال and its contraction لل) and after it (pronoun suffixes), and the endings that tell a word's
 * kind (nisba adjectives, sound plurals, the future prefix of a verb). Every pipeline stage and the search form of
 * the full-text index and queries use these functions, on normalised text (src/text/letters.ts: ة is ه, أ is ا).
 *
 * The tables are data, `seeds/kb/affixes.json`, compiled into the build: the search form is a storage format, so the
 * index, the queries and the pipeline must read one table, whatever KB_DIR says.
 */
import data from '../../seeds/kb/affixes.json' with { type: 'json' }

export interface AffixTable {
  conjunctions: string[]
  prepositions: string[]
  /** Prepositions whose attachment a word's first letter signals on its own (not ك: كان, كل, كبير). */
  attachedPrepositions: string[]
  article: string
  articleAfterLam: string
  pronounSuffixes: string[]
  nisbaEndings: string[]
  pluralEndings: string[]
  /** The sound masculine plural in the nominative (`مسؤولون`). */
  masculinePluralEndings: string[]
  futurePrefixes: string[]
  /** How a word that is not definite may start before normalisation (`ألفيريفتش`): the article has a bare alif. */
  articleLookalikes: string[]
  /** The letters a present-tense verb opens with. */
  imperfectPrefixes: string[]
  searchConjunctions: string[]
  searchConjunctionMinLength: number
}

const STRING_LISTS = ['conjunctions', 'prepositions', 'attachedPrepositions', 'pronounSuffixes', 'nisbaEndings', 'pluralEndings', 'masculinePluralEndings', 'futurePrefixes', 'articleLookalikes', 'imperfectPrefixes', 'searchConjunctions'] as const

/** Validates an affix table (the knowledge-base loader checks the file with this too). */
export function parseAffixTable(doc: unknown, where: string): AffixTable {
  const fail = (msg: string): never => {
    throw new Error(`knowledge base ${where}: ${msg}`)
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return fail('must be a JSON object')
  const o = doc as Record<string, unknown>
  for (const key of STRING_LISTS) {
    const v = o[key]
    if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'string' && x.length > 0)) fail(`${key} must be a non-empty list of strings`)
  }
  for (const key of ['conjunctions', 'prepositions', 'attachedPrepositions', 'imperfectPrefixes', 'searchConjunctions'] as const) {
    if (!(o[key] as string[]).every((x) => x.length === 1)) fail(`${key} must be single letters`)
  }
  for (const key of ['article', 'articleAfterLam'] as const) if (typeof o[key] !== 'string' || (o[key] as string).length < 2) fail(`${key} must be a word start`)
  if (!Number.isInteger(o.searchConjunctionMinLength) || (o.searchConjunctionMinLength as number) < 2) fail('searchConjunctionMinLength must be an integer ≥ 2')
  return {
    conjunctions: o.conjunctions as string[],
    prepositions: o.prepositions as string[],
    attachedPrepositions: o.attachedPrepositions as string[],
    article: o.article as string,
    articleAfterLam: o.articleAfterLam as string,
    pronounSuffixes: [...(o.pronounSuffixes as string[])].sort((a, b) => b.length - a.length),
    nisbaEndings: o.nisbaEndings as string[],
    pluralEndings: o.pluralEndings as string[],
    masculinePluralEndings: o.masculinePluralEndings as string[],
    futurePrefixes: o.futurePrefixes as string[],
    articleLookalikes: o.articleLookalikes as string[],
    imperfectPrefixes: o.imperfectPrefixes as string[],
    searchConjunctions: o.searchConjunctions as string[],
    searchConjunctionMinLength: o.searchConjunctionMinLength as number
  }
}

const T = parseAffixTable(data, 'affixes.json')
/** The tables this build was compiled with. */
export const AFFIX_TABLE: Readonly<AffixTable> = T
/** Single letters as code units: `w.charCodeAt(0)` allocates nothing, where `w[0]` makes a string of an Arabic letter. */
const codes = (letters: string[]): ReadonlySet<number> => new Set(letters.map((l) => l.charCodeAt(0)))
const CONJ = codes(T.conjunctions)
const PREP = codes(T.prepositions)
const ATTACHED = codes(T.attachedPrepositions)
const ART = T.article
const LIL = T.articleAfterLam
/** A preposition with the article: `بال`, `كال`, and for ل the contraction `لل`. */
const withArticle = (p: string): string => (p === LIL[0] ? LIL : p + ART)
const longestFirst = (xs: string[]): string[] => [...new Set(xs)].sort((a, b) => b.length - a.length)
/** The article after an optional conjunction and preposition (`وبال`, `ولل`, `وال`, `بال`, `لل`, `ال`). */
const DEFINITE_STARTS = longestFirst([
  ...T.conjunctions.flatMap((c) => T.prepositions.map((p) => c + withArticle(p))),
  ...T.conjunctions.map((c) => c + ART),
  ...T.prepositions.map(withArticle),
  ART
])
/** The article clusters the search form strips: after a conjunction or preposition (`وال`, `بال`, `لل`), or alone. */
const SEARCH_CLUSTERS = longestFirst([...T.conjunctions.map((c) => c + ART), ...T.prepositions.map(withArticle), ART])
const SEARCH_CONJ = codes(T.searchConjunctions)

/** The pronoun suffixes, longest first. */
export const PRONOUN_SUFFIXES: readonly string[] = T.pronounSuffixes

/** Whether w starts with a conjunction (و, ف) that leaves a word of two letters or more. */
export function hasConjunction(w: string): boolean {
  return w.length > 2 && CONJ.has(w.charCodeAt(0))
}

/** w without one leading conjunction: `وقال` → `قال`, `فإن` → `ان`; `وزير`'s و is taken too (callers look the result up). */
export function withoutConjunction(w: string): string {
  return hasConjunction(w) ? w.slice(1) : w
}

/** One reading of a word's start: the form left and the number of proclitic characters taken off. */
export interface ProcliticVariant {
  readonly form: string
  readonly strip: number
}

/**
 * The forms of a word with its proclitics removed, with the number of characters removed: itself; without a
 * conjunction; then without a preposition (ب ل ك), or with لل read as ل + ال. `وبالقرب` gives `وبالقرب`, `بالقرب`,
 * `القرب`; `للجيش` gives `للجيش`, `الجيش`.
 */
export function procliticVariants(t: string): ProcliticVariant[] {
  const out: ProcliticVariant[] = [{ form: t, strip: 0 }]
  const rest = hasConjunction(t) ? t.slice(1) : null
  if (rest !== null) out.push({ form: rest, strip: 1 })
  withoutPreposition(t, 0, out)
  if (rest !== null) withoutPreposition(rest, 1, out)
  return out
}

/** Adds f without its preposition (ب ل ك; لل read as ل + ال), if it has one, to out. */
function withoutPreposition(f: string, strip: number, out: ProcliticVariant[]): void {
  if (f.length > 3 && f.startsWith(LIL)) out.push({ form: ART + f.slice(LIL.length), strip: strip + 1 })
  else if (f.length > 2 && PREP.has(f.charCodeAt(0))) out.push({ form: f.slice(1), strip: strip + 1 })
}

/** Whether w carries a preposition the first letter signals (ب, ل), after an optional conjunction: `بسوريا`, `ولروسيا`. */
export function hasPreposition(w: string): boolean {
  return ATTACHED.has(w.charCodeAt(0)) || (CONJ.has(w.charCodeAt(0)) && ATTACHED.has(w.charCodeAt(1)))
}

/** Whether w is definite: the article, after an optional conjunction and preposition (`والقوات`, `بالعاصمة`, `للجيش`). */
export function isDefinite(w: string): boolean {
  return DEFINITE_STARTS.some((p) => w.startsWith(p) && w.length > p.length + 1)
}

/** The bases of w without one pronoun suffix (`حكومته` → `حكومت`, `قصفها` → `قصف`), leaving at least `min` letters. */
export function pronounBases(w: string, min = 2): string[] {
  const out: string[] = []
  for (const suf of T.pronounSuffixes) if (w.length >= suf.length + min && w.endsWith(suf)) out.push(w.slice(0, -suf.length))
  return out
}

/** Whether w ends like a relative adjective or its plural (`سوري`, `إيرانية`, `سوريون`). */
export function hasNisbaEnding(w: string): boolean {
  return T.nisbaEndings.some((e) => w.endsWith(e))
}

/** Whether w ends like a feminine sound plural (`معلومات`): a noun far more often than a name. */
export function hasPluralEnding(w: string): boolean {
  return T.pluralEndings.some((e) => w.endsWith(e))
}

/** Whether w, of six letters or more, ends like a sound masculine plural (`مسؤولون`, `المغتربون`). */
export function hasMasculinePluralEnding(w: string): boolean {
  return w.length >= 6 && T.masculinePluralEndings.some((e) => w.endsWith(e))
}

/** Whether w looks like a verb in the future (`سيعقد`, `ستبدأ`): the prefix, no alif after it, five letters or more. */
export function looksFuture(w: string): boolean {
  return w.length >= 5 && T.futurePrefixes.some((p) => w.startsWith(p) && w[p.length] !== 'ا')
}

/** Whether w may be a verb in the present (`يستقبل`, `تؤكد`, `نرفض`): a present prefix on four letters or more. */
export function looksImperfect(w: string): boolean {
  return w.length >= 4 && T.imperfectPrefixes.some((p) => w.startsWith(p))
}

/**
 * Light stemming for search in the manner of Larkey's light10, prefixes only: a conjunction on a word of
 * `searchConjunctionMinLength` letters or more, then one article cluster (وال بال كال فال لل ال) when two letters or
 * more remain. `والقدس`, `بالقدس` and `القدس` meet at `قدس`.
 */
export function searchStem(word: string): string {
  let w = word
  if (w.length >= T.searchConjunctionMinLength && SEARCH_CONJ.has(w.charCodeAt(0))) w = w.slice(1)
  for (const p of SEARCH_CLUSTERS) if (w.startsWith(p) && w.length - p.length >= 2) return w.slice(p.length)
  return w
}

/** The first code units of the words `searchStem` may shorten (its conjunctions and its clusters' first letters). */
export const SEARCH_STEM_FIRST: ReadonlySet<number> = new Set([...SEARCH_CONJ, ...SEARCH_CLUSTERS.map((s) => s.charCodeAt(0))])

/**
 * Whether a search-stemmed word still starts with a proclitic the stemmer leaves (`بتحييد`, `لتحييد`, `فتحييد`: a
 * preposition, or a conjunction other than the one it strips).
 */
export function hasLeftoverProclitic(stemmed: string): boolean {
  const c = stemmed.charCodeAt(0)
  return PREP.has(c) || (CONJ.has(c) && !SEARCH_CONJ.has(c))
}

/** Whether w, after an optional conjunction, starts with the article (`الجيش`, `والجيش`; not `بالجيش`). */
export function hasArticle(w: string): boolean {
  const rest = withoutConjunction(w)
  return rest.startsWith(ART) && rest.length > ART.length + 1
}

/**
 * A definite word without its article and the proclitics before it (`وللبعثة` → `بعثه`, `بالوزارة` → `وزاره`); any
 * other word as it is (`وكالة` keeps its و: only an article shows what before it is a proclitic).
 */
export function withoutArticle(w: string): string {
  const p = DEFINITE_STARTS.find((x) => w.startsWith(x) && w.length > x.length + 1)
  return p ? w.slice(p.length) : w
}

/** A preposition standing alone, as when written apart from a quoted name (`لـ"الرياض"` → `ل`, `ول`). */
export function isBarePreposition(w: string): boolean {
  const rest = CONJ.has(w.charCodeAt(0)) && w.length === 2 ? w.slice(1) : w
  return rest.length === 1 && PREP.has(rest.charCodeAt(0))
}

/** Whether w's first letter may be a proclitic (a conjunction or a preposition): `بعدم`, `لشركة`, `وأكد`, `كما`. */
export function firstLetterClitic(w: string): boolean {
  const c = w.charCodeAt(0)
  return CONJ.has(c) || PREP.has(c)
}


/** Whether w starts with the article itself (`الجيش`; not `والجيش`, `للجيش`). */
export function startsWithArticle(w: string): boolean {
  return w.startsWith(ART)
}

/** Whether a word as the body writes it (before normalisation) only looks definite: `ألفيريفتش`, not `الفيريفتش`. */
export function looksDefiniteOnlyNormalised(written: string): boolean {
  return T.articleLookalikes.some((p) => written.startsWith(p))
}

/** Whether w starts with ل + the article, written `لل` (`للجيش`). */
export function startsWithLil(w: string): boolean {
  return w.startsWith(LIL)
}

/** Whether w starts with the preposition ل, alone or joined to the article (`لوزارة`, `للجيش`). */
export function hasLam(w: string): boolean {
  return w.length > 1 && w[0] === LIL[0]
}
