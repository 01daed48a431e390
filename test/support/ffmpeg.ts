import { execFileSync } from 'node:child_process';
import { loadConfig } from '../../src/config/config.ts';

const config = loadConfig();

/**
 * ffmpeg for the tests that cut frames from real clips or make a fake camera's .y4m, or null when it
 * is missing: the suite skips with a visible reason; CI sets REQUIRE_FFMPEG=1 (and installs it).
 */
export function requireFfmpeg(suite: string): string | null {
  try {
    execFileSync(config.FFMPEG_PATH, ['-version'], { stdio: 'ignore' });
    return config.FFMPEG_PATH;
  } catch {
    const reason = `${config.FFMPEG_PATH} not found (apt-get install ffmpeg)`;
    if (config.REQUIRE_FFMPEG) throw new Error(`${suite}: ${reason} (REQUIRE_FFMPEG is set)`);
    console.warn(`SKIPPED: ${suite}: ${reason}.`);
    return null;
  }
}
