import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's chromium, installed by .ci/run (`apt-get install chromium`); CHROMIUM_PATH overrides it. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Whether browser tests can run here. In CI (CI=true) a missing browser is a failure, never a silent
 * skip: this throws there. Elsewhere the tests skip with a note on how to install it.
 */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (process.env.CI === 'true') {
    throw new Error(`chromium not found at ${CHROMIUM_PATH}; CI must install it (apt-get install -y chromium, see .ci/run) or set CHROMIUM_PATH`);
  }
  // eslint-disable-next-line no-console -- the one line that says why browser tests did not run
  console.warn(`browser tests skipped: no chromium at ${CHROMIUM_PATH} (install with: sudo apt-get install -y chromium)`);
  return false;
}

/** Headless chromium with flags that work in containers, on a fresh profile that `close` removes. */
export async function launchChromium(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'corrigible-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: { width: 1100, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
