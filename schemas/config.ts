import { Type, type Static } from 'typebox'

const PORT = String.raw`(?:6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[0-9]{1,4})`
/** One CORS origin: `*`, or scheme://host[:port] with no path, query or trailing slash (host may be an [IPv6] literal). */
const CORS_ORIGIN = String.raw`(?:\*|https?://(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::${PORT})?)`
/**
 * The service's public address: an http(s) origin, then an optional path prefix a reverse proxy adds (and strips
 * before forwarding), with or without a trailing slash; no query or fragment.
 */
export const PUBLIC_URL_PATTERN = String.raw`^(?!\*)${CORS_ORIGIN}(?:/[A-Za-z0-9._~!$&'()*+,;=:@%-]+)*/?$`
/** A comma-separated list of origins (spaces around commas allowed). */
export const CORS_ORIGINS_PATTERN = String.raw`^\s*${CORS_ORIGIN}\s*(?:,\s*${CORS_ORIGIN}\s*)*$`

/** `false`, `true`, a hop count (1–99), or a comma-separated list of IPv4/IPv6 addresses or CIDR ranges. */
const ADDRESS = String.raw`[0-9A-Fa-f:.]+(?:/[0-9]{1,3})?`
export const TRUST_PROXY_PATTERN = String.raw`^(?:true|false|[1-9][0-9]?|\s*${ADDRESS}\s*(?:,\s*${ADDRESS}\s*)*)$`

/** Environment variables the service reads. Everything else is fixed in code. */
export const ConfigSchema = Type.Object(
  {
    PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000, description: 'TCP port to listen on.' }),
    HOST: Type.String({ minLength: 1, default: '127.0.0.1', description: 'Interface to bind (0.0.0.0 in containers).' }),
    CORPUS_DIR: Type.String({ minLength: 1, description: 'Directory of *.txt (+ NAME.meta.json) and *.jsonl / *.jsonl.gz articles. Default: the embedded seeds.' }),
    DB_PATH: Type.String({ minLength: 1, description: 'SQLite file, or :memory:. Default: data/news.db.' }),
    DB_READONLY: Type.Boolean({
      default: false,
      description:
        'Serve DB_PATH as a snapshot written by `npm run snapshot`, read-only: no lock file, no migrations, no corpus boot, nothing written; CORPUS_DIR is not read. `true`/`false` (or 1/0).'
    }),
    KB_DIR: Type.String({
      minLength: 1,
      description: 'Knowledge-base directory (actors, places, agreements, lexicons: JSON files) the extraction reads. Default: the embedded seeds/kb.'
    }),
    LOG_LEVEL: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { default: 'info', description: 'pino log level.' }),
    MAX_ARTICLE_BYTES: Type.Integer({ minimum: 1024, default: 2_000_000, description: 'Articles (or JSON lines) larger than this are skipped at boot.' }),
    INGEST_BATCH_SIZE: Type.Integer({ minimum: 1, maximum: 100_000, default: 500, description: 'Articles written per SQLite transaction at boot.' }),
    EXTRACT_WORKERS: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 64,
        description: 'Worker threads that run extraction at boot; 0 extracts on the main thread. Default: available cores minus one (at least one).'
      })
    ),
    SHUTDOWN_GRACE_MS: Type.Integer({ minimum: 0, default: 10_000, description: 'How long SIGTERM waits for in-flight requests before exiting.' }),
    CORS_ORIGINS: Type.String({
      pattern: CORS_ORIGINS_PATTERN,
      default: '*',
      description: 'Origins allowed to read the API from a browser: `*` (any), or a comma-separated list of http(s) origins without path.'
    }),
    PUBLIC_URL: Type.Optional(
      Type.String({
        pattern: PUBLIC_URL_PATTERN,
        description:
          'Where clients reach the API, with any path prefix a proxy adds (https://api.example.org/news): the contract\u2019s `servers` entry, so generated clients get a base URL and Swagger UI\u2019s Try it out works behind the prefix. Unset: `/` (the origin that serves the document).'
      })
    ),
    CACHE_MAX_AGE: Type.Integer({ minimum: 0, maximum: 31_536_000, default: 60, description: 'Cache-Control max-age (seconds) of /v1 responses.' }),
    RESPONSE_CACHE_BYTES: Type.Integer({
      minimum: 0,
      maximum: 4_294_967_296,
      default: 67_108_864,
      description:
        'Memory (bytes) for serialised /v1 responses kept for repeated requests; the data only changes when a boot writes it, and every write empties the cache. 0 turns it off.'
    }),
    RATE_LIMIT_MAX: Type.Integer({
      minimum: 0,
      default: 1000,
      description: 'Requests one client (IP address) may make per RATE_LIMIT_WINDOW_MS to /v1, /docs and /openapi.json; 0 turns the limit off. Health probes are never limited.'
    }),
    RATE_LIMIT_WINDOW_MS: Type.Integer({ minimum: 1000, maximum: 86_400_000, default: 60_000, description: 'Rate-limit window (milliseconds).' }),
    TRUST_PROXY: Type.String({
      pattern: TRUST_PROXY_PATTERN,
      default: 'false',
      description:
        'Which proxies may set X-Forwarded-For (the client address the rate limit and logs use): `false` (none: the peer is the client), `true` (any: only behind a proxy that strips it), a hop count, or a comma-separated list of proxy addresses or CIDR ranges.'
    }),
    MAX_EVENT_LOOP_DELAY_MS: Type.Integer({
      minimum: 0,
      default: 1000,
      description: 'Above this mean event-loop delay (ms) requests are shed with 503 + Retry-After; 0 turns the check off.'
    }),
    MAX_HEAP_USED_BYTES: Type.Integer({ minimum: 0, default: 0, description: 'Above this V8 heap use requests are shed with 503; 0 (default) turns the check off.' }),
    MAX_RSS_BYTES: Type.Integer({ minimum: 0, default: 0, description: 'Above this resident set size requests are shed with 503; 0 (default) turns the check off.' }),
    PRESSURE_RETRY_AFTER_S: Type.Integer({ minimum: 1, maximum: 3600, default: 10, description: 'Retry-After (seconds) sent with an overload 503.' }),
    REQUEST_TIMEOUT_MS: Type.Integer({
      minimum: 0,
      default: 30_000,
      description: 'Time a client has to send a whole request (slow-loris guard) before 408; 0 turns it off.'
    })
  },
  { additionalProperties: true }
)
export type Config = Static<typeof ConfigSchema>
