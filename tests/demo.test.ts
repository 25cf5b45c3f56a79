/** `npm run demo`: each system's narrated run, in process (fast), and once through the real command line. */
import { describe, expect, it } from 'vitest';
import { runDemo, systems } from '../scripts/demo/index.ts';
import { runCli } from './helpers.ts';

// biome-ignore lint/suspicious/noControlCharactersInRegex: strips ANSI colour codes
const plain = (text: string) => text.replace(/\u001b\[\d+m/g, '');

async function demo(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runDemo(
    args,
    (line) => out.push(line),
    (line) => err.push(line),
  );
  return { code, out: plain(out.join('\n')), err: plain(err.join('\n')) };
}

describe('npm run demo', () => {
  it('cache: the three policies evict three different keys, expiry is exact, ten misses make one load', async () => {
    const { code, out } = await demo('cache');
    expect(code).toBe(0);
    expect(out).toContain("LRU  evicts 'b' (least recently used); keeps ['d', 'c', 'a']");
    expect(out).toContain("FIFO evicts 'a' (first inserted); keeps ['d', 'c', 'b']");
    expect(out).toContain("LFU  evicts 'c' (least frequently used); keeps ['b', 'a', 'd']");
    expect(out).toMatch(/t=299: .*\n {4}get\('token'\) -> 'xyz'/);
    expect(out).toMatch(/t=300: .*\n {4}get\('token'\) -> undefined; onExpire saw \['token'\]/);
    expect(out).toContain('loader calls while the load is in flight: 1');
    expect(out).toContain("10 callers got 'Ada (user:1)'; all equal: true");
    expect(out).toContain("has('user:2') -> false");
  });

  it('rate-limiter: fixed window admits 2× the limit across the boundary, the others do not', async () => {
    const { code, out } = await demo('rate-limiter');
    expect(code).toBe(0);
    // strategy, admitted at t=999, 1000, 1500, 2000, total, most in any 1000 ms
    expect(out).toMatch(/fixed-window\s+5\s+5\s+0\s+5\s+15\s+10\n/);
    expect(out).toMatch(/sliding-window-log\s+5\s+0\s+0\s+5\s+10\s+5\n/);
    expect(out).toMatch(/token-bucket\s+5\s+0\s+2\s+3\s+10\s+7\n/);
    expect(out).toMatch(/sliding-window-counter\s+5\s+0\s+2\s+3\s+10\s+7\n/);
    expect(out).toContain('token-bucket             denied, retryAfterMs  200; at t=299: denied; at t=300: allowed');
    expect(out).not.toMatch(/at t=\d+: allowed; at t=\d+/); // never allowed one millisecond early
    expect(out).toContain('vip       admitted 20 of 25 (limit 20)');
    expect(out).toContain('free:bob  admitted  2 of 25 (limit 2)');
    expect(out).toContain('429 RateLimit-Limit: 2, RateLimit-Remaining: 0, RateLimit-Reset: 1, Retry-After: 1');
  });

  it('job-processor: two workers at most, priority order, backoff 100 then 200 ms, a dead letter, a clean close', async () => {
    const { code, out } = await demo('job-processor');
    expect(code).toBe(0);
    expect(out).toContain('most running at any moment: 2');
    expect(out).toContain('start order: report → high → mid → also-mid → low');
    expect(out).toContain('t=100  flaky-email attempt 2 starts');
    expect(out).toContain('t=300  flaky-email attempt 3 starts');
    expect(out).toContain('t=300  flaky-email succeeded');
    expect(out).toContain("deadLetters() -> [{ id: 'job-2', payload: 'poison-pdf', attempts: 3, failedAt: 300");
    expect(out).toContain('submit after close -> throws ProcessorClosedError');
    expect(out).toContain('close() resolved at t=500 with [] (no job dropped)');
    expect(out).toContain('metrics: succeeded 4, failed 0, cancelled 0, retries 0');
  });

  it('prints the same text on every run', async () => {
    for (const system of systems) {
      const first = await demo(system);
      const second = await demo(system);
      expect(second.out).toBe(first.out);
    }
  });

  it("answers an unknown system with 'Did you mean' and exit code 2", async () => {
    const { code, err } = await demo('cahce');
    expect(code).toBe(2);
    expect(err).toContain("Unknown system 'cahce'. Did you mean 'cache'?");
    expect(err).toContain('Usage: npm run demo <cache|rate-limiter|job-processor>');
    expect((await demo()).code).toBe(2);
  });

  it('runs from the command line without a terminal: no colour, exit 0, the same text as in process', async () => {
    const result = await runCli('demo.ts', ['job-processor']);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('\u001b[');
    expect(result.stdout.trimEnd()).toBe((await demo('job-processor')).out);
  });
});
