/**
 * Token-sequence trie for lexicon and alias lookup. The first token may carry proclitics (و ف ب ل ك, لل→ال);
 * later tokens must match exactly and be joined by soft gaps (spaces, hyphens), never by punctuation.
 */
import type { Token } from './segment.js'

export interface TrieNode<T> {
  next: Map<string, TrieNode<T>>
  values: T[]
  /**
   * A knowledge base's trie only (set by `indexTrieRoots` once it is loaded): its bit in the tokens' `roots`, so a
   * lookup at a token none of whose forms starts the trie ends before any map lookup.
   */
  bit?: number
}

export interface TrieMatch<T> {
  /** First token index. */
  start: number
  /** Exclusive token index. */
  end: number
  /** Characters of the first token that are proclitics. */
  strip: number
  values: T[]
}

export function newTrie<T>(): TrieNode<T> {
  return { next: new Map(), values: [] }
}

export function trieInsert<T>(root: TrieNode<T>, keyTokens: string[], value: T): void {
  if (keyTokens.length === 0) return
  let node = root
  for (const t of keyTokens) {
    let child = node.next.get(t)
    if (!child) {
      child = newTrie<T>()
      node.next.set(t, child)
    }
    node = child
  }
  node.values.push(value)
}

/** Longest match starting at token i (ties: fewest proclitic characters). */
export function trieMatchAt<T>(root: TrieNode<T>, tokens: Token[], i: number, allowProclitics = true): TrieMatch<T> | null {
  const first = tokens[i]
  if (!first) return null
  if (root.bit !== undefined && ((allowProclitics ? first.roots : first.rootsExact) & root.bit) === 0) return null
  let best: TrieMatch<T> | null = null
  // the first variant is the token as written
  const variants = first.variants
  const count = allowProclitics ? variants.length : 1
  for (let k = 0; k < count; k++) {
    const v = variants[k]!
    let node = root.next.get(v.form)
    let j = i + 1
    while (node) {
      if (node.values.length && (!best || j > best.end || (j === best.end && v.strip < best.strip))) {
        best = { start: i, end: j, strip: v.strip, values: node.values }
      }
      const tok = tokens[j]
      if (!tok || tok.hardGap || tok.sentence !== first.sentence) break
      node = node.next.get(tok.text)
      j++
    }
  }
  return best
}

/** Tries that may share one token index: at most this many get a bit. */
const MAX_INDEXED = 31

/**
 * The first keys of a knowledge base's tries, each with the bits of the tries it starts (what `segment` records on
 * each token as `roots`), and each trie's bit set on it. The tries must not change afterwards.
 */
export function indexTrieRoots(tries: readonly TrieNode<unknown>[]): Map<string, number> {
  const roots = new Map<string, number>()
  tries.slice(0, MAX_INDEXED).forEach((trie, n) => {
    trie.bit = 1 << n
    for (const key of trie.next.keys()) roots.set(key, (roots.get(key) ?? 0) | trie.bit)
  })
  return roots
}

/** All non-overlapping longest matches, scanning left to right. */
export function trieScan<T>(root: TrieNode<T>, tokens: Token[], allowProclitics = true): TrieMatch<T>[] {
  const out: TrieMatch<T>[] = []
  for (let i = 0; i < tokens.length; ) {
    const m = trieMatchAt(root, tokens, i, allowProclitics)
    if (m) {
      out.push(m)
      i = m.end
    } else i++
  }
  return out
}

/** Tokenises a normalised key the same way the segmenter tokenises text. */
export function keyTokens(normalisedKey: string): string[] {
  return normalisedKey.match(/[a-z\u00c0-\u024f\u0370-\u04ff\u0621-\u064a\u066e-\u06d3\u06fa\u06fb]+|[0-9]+/g) ?? []
}
