import { buildApp } from '../src/app.js'
import { createConfig } from '../src/config.js'

/** The OpenAPI document exactly as the routes describe it, serialised as committed in openapi/openapi.json. */
export async function renderOpenApi(): Promise<string> {
  const app = await buildApp(createConfig({ DB_PATH: ':memory:', LOG_LEVEL: 'silent' }))
  try {
    await app.ready()
    return `${JSON.stringify(app.swagger(), null, 2)}\n`
  } finally {
    await app.close()
  }
}
