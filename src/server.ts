import closeWithGrace from 'close-with-grace'
import { buildApp } from './app.js'
import { createConfig } from './config.js'
import { ConfigError } from './errors.js'

/** The only place that listens or exits. */
async function main() {
  const config = createConfig(process.env)
  const app = await buildApp(config)
  closeWithGrace({ delay: config.SHUTDOWN_GRACE_MS }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'closing after error')
    else app.log.info({ signal }, 'shutting down: draining requests')
    await app.close()
  })
  await app.listen({ port: config.PORT, host: config.HOST })
}

main().catch((err: unknown) => {
  // Configuration and storage problems are reported in one clear line; anything else with its stack.
  const message = err instanceof ConfigError ? err.message : ((err as Error)?.stack ?? String(err))
  process.stderr.write(`cannot start: ${message}\n`)
  process.exit(1)
})
