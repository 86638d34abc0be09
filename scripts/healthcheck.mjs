// Container HEALTHCHECK probe (the image has no curl).
// Exits 0 when GET http://127.0.0.1:$PORT/health/ready answers 200, else 1.
const port = process.env.PORT || '3000';
const timeoutMs = Number(process.env.HEALTHCHECK_TIMEOUT_MS) || 3000;
const url = `http://127.0.0.1:${port}/health/ready`;

try {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  await res.body?.cancel();
  if (res.status !== 200) console.error(`healthcheck: ${url} -> ${res.status}`);
  process.exit(res.status === 200 ? 0 : 1);
} catch (err) {
  console.error(`healthcheck: ${url} -> ${err?.name ?? 'Error'}: ${err?.message ?? err}`);
  process.exit(1);
}
