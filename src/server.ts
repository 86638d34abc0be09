import closeWithGrace from 'close-with-grace'
import { buildApp } from './app.js'
import { createConfig } from './config.js'

/** The only place that listens or exits. */
async function main() {
  let config
  try {
    config = createConfig(process.env)
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`)
    process.exit(1)
  }
  const app = await buildApp(config)
  closeWithGrace({ delay: config.SHUTDOWN_GRACE_MS }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'closing after error')
    else app.log.info({ signal }, 'shutting down: draining requests')
    await app.close()
  })
  await app.listen({ port: config.PORT, host: config.HOST })
}

main().catch((err: unknown) => {
  process.stderr.write(`fatal: ${(err as Error)?.stack ?? String(err)}\n`)
  process.exit(1)
})
