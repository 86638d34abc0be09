import { fileURLToPath } from 'node:url'
import { isIP } from 'node:net'
import path from 'node:path'
import { Value } from 'typebox/value'
import { ConfigSchema, type Config } from '../schemas/config.js'
import { ConfigError } from './errors.js'

/** Repository root (works from src/ under tsx and from dist/src/ when compiled). */
export const PROJECT_ROOT = (() => {
  const here = path.dirname(fileURLToPath(import.meta.url))
  const up = path.basename(path.dirname(here)) === 'dist' ? '../..' : '..'
  return path.resolve(here, up)
})()

export const DEFAULT_CORPUS_DIR = path.join(PROJECT_ROOT, 'seeds')
export const DEFAULT_KB_DIR = path.join(PROJECT_ROOT, 'seeds', 'kb')
const DEFAULT_DB_PATH = path.join(PROJECT_ROOT, 'data', 'news.db')

const KEYS = Object.keys(ConfigSchema.properties) as (keyof Config)[]

/**
 * Builds the validated configuration from an environment map. Pure: reads only `env`.
 * Unknown variables are ignored; a bad value throws a ConfigError naming every bad variable. A variable set to an
 * empty (or blank) value is bad too: `DB_PATH=` is a mistake (an unset variable in a template, a typo), and reading
 * it as "the default" once pointed a service at another database.
 */
export function createConfig(env: Record<string, string | undefined>): Config {
  const raw: Record<string, unknown> = {
    CORPUS_DIR: DEFAULT_CORPUS_DIR,
    DB_PATH: DEFAULT_DB_PATH,
    KB_DIR: DEFAULT_KB_DIR
  }
  const problems: string[] = []
  for (const key of KEYS) {
    const value = env[key]
    if (value === undefined) continue
    if (value.trim() === '') problems.push(`${key}: must not be empty (unset it to use the default)`)
    else raw[key] = value
  }
  const withDefaults = Value.Default(ConfigSchema, raw)
  const converted = Value.Convert(ConfigSchema, withDefaults)
  if (!Value.Check(ConfigSchema, converted)) {
    problems.push(...[...Value.Errors(ConfigSchema, converted)].map((e) => `${e.instancePath.slice(1) || '(root)'}: ${e.message}`))
  }
  if (problems.length > 0) throw new ConfigError(`invalid configuration: ${problems.join('; ')}`)
  const config = converted as Config
  if (config.DB_READONLY && config.DB_PATH === ':memory:') {
    throw new ConfigError('invalid configuration: DB_READONLY: serves a snapshot file (npm run snapshot), not DB_PATH=:memory:')
  }
  trustProxySetting(config.TRUST_PROXY)
  return {
    ...config,
    CORPUS_DIR: path.resolve(config.CORPUS_DIR),
    KB_DIR: path.resolve(config.KB_DIR),
    DB_PATH: config.DB_PATH === ':memory:' ? ':memory:' : path.resolve(config.DB_PATH)
  }
}

/**
 * Fastify's `trustProxy` from TRUST_PROXY (already matched against its pattern): a boolean, a hop count, or a list
 * of proxy addresses and CIDR ranges, each checked here so a typo is a start-up error, not a crash at first request.
 */
export function trustProxySetting(value: string): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (value === 'true') return true
  if (value === 'false') return false
  if (/^[1-9][0-9]?$/.test(value)) {
    // the nearest `hops` proxies (hop 0 is the peer), as proxy-addr counts them
    const hops = Number(value)
    return (_address, hop) => hop < hops
  }
  return value.split(',').map((entry) => {
    const item = entry.trim()
    const [address = '', prefix] = item.split('/')
    const family = isIP(address)
    const max = family === 4 ? 32 : 128
    if (family === 0 || (prefix !== undefined && !(Number(prefix) >= 0 && Number(prefix) <= max))) {
      throw new ConfigError(`invalid configuration: TRUST_PROXY: '${item}' is not an IP address or CIDR range`)
    }
    return item
  })
}
