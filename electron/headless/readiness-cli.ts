/**
 * `npm run readiness`: the thin entry of the headless readiness check (the logic is in readiness.ts). It passes
 * the process's arguments, environment and streams, turns Ctrl-C into a clean stop (the temporary folder is
 * removed), and exits with the check's status once the report has been written out.
 */
async function main(): Promise<number> {
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // A reader that goes away (`| head`) ends the check with one line, not an unhandled EPIPE.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    process.stderr.write(`readiness: No report: the output was closed (${error.code ?? 'error'}).\n`);
    process.exit(2);
  });
  try {
    // Loaded here so that even a broken install ends with one line and status 2, not a stack trace.
    const { runReadiness } = await import('./readiness.js');
    return await runReadiness({
      argv: process.argv.slice(2),
      env: process.env,
      stdout: process.stdout,
      stderr: process.stderr,
      signal: controller.signal,
    });
  } catch (error) {
    const reason = error instanceof Error ? (error.message.split('\n')[0] ?? error.name) : typeof error;
    process.stderr.write(`readiness: No report: the check could not start (${reason}).\n`);
    return 2;
  }
}

void main().then((status) => {
  process.exitCode = status;
  // Idle keep-alive connections to the site must not hold the process open: exit once stdout has drained.
  process.stdout.write('', () => process.exit(status));
});
