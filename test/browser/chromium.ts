/**
 * How the tests launch Chromium: Debian's package (Playwright's own browser download is not reachable here),
 * headless, with the switches that keep it from doing anything beside the test.
 */
import { execFileSync } from 'node:child_process';

/** The Chromium to launch: $CHROMIUM, else `command -v chromium`; undefined when there is none. */
export function chromiumPath(): string | undefined {
  if (process.env.CHROMIUM) return process.env.CHROMIUM;
  try {
    return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Command-line switches: no sandbox (CI runs as root), no GPU, no background traffic or first-run UI. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Playwright's launch options for that Chromium (without a path, Playwright looks for its own download). */
export function chromiumLaunchOptions(): { executablePath?: string; args: string[] } {
  const executablePath = chromiumPath();
  return executablePath === undefined ? { args: chromiumArgs } : { executablePath, args: chromiumArgs };
}
