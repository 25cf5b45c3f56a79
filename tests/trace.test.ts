/** `npm run trace`: states checked by hand, replay scripts read like the short syntax, and bad input named. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { katasDir } from '../scripts/lib/paths.ts';
import { runTrace, type Trace, trace } from '../scripts/trace/index.ts';
import { runCli } from './helpers.ts';

// biome-ignore lint/suspicious/noControlCharactersInRegex: strips ANSI colour codes
const plain = (text: string) => text.replace(/\u001b\[\d+m/g, '');

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return cliWithInput('', ...args);
}

async function cliWithInput(input: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io = { out: (line: string) => out.push(line), err: (line: string) => err.push(line), stdin: async () => input };
  const code = await runTrace(args, io);
  return { code, out: plain(out.join('\n')), err: plain(err.join('\n')) };
}

/** The state after each step that calls the object (setup, clock steps and declarations left out). */
const callStates = (traced: Trace) =>
  traced.steps.filter((step) => step.kind === 'call' || step.kind === 'read').map((step) => step.state);

describe('npm run trace: states', () => {
  it('LRU: the recency list after each step, and the eviction of the least recent key', async () => {
    const traced = await trace('lru', 'put 1 a; put 2 b; put 3 c; get 1; put 4 d');
    expect(traced.defaultSetup).toBe('new LRUCache(3)');
    expect(traced.steps.map((step) => step.state[0])).toEqual([
      "recency (most → least recent): 1:'a'",
      "recency (most → least recent): 2:'b' → 1:'a'",
      "recency (most → least recent): 3:'c' → 2:'b' → 1:'a'",
      "recency (most → least recent): 1:'a' → 3:'c' → 2:'b'",
      "recency (most → least recent): 4:'d' → 1:'a' → 3:'c'",
    ]);
    expect(traced.steps[3]?.result).toBe("'a'");
    expect(traced.steps[4]?.events).toEqual(["removed 2:'b' (evict)"]);
    expect(traced.steps[4]?.state[1]).toBe('size 3 of 3 · next victim: 3');
  });

  it('LFU: keys grouped into frequency buckets, the least recent of the lowest bucket evicted', async () => {
    const traced = await trace('lfu', 'new 3; put 1 a; put 2 b; get 1; get 1; put 3 c; put 4 d');
    const last = traced.steps.at(-1);
    expect(last?.events).toEqual(["removed 2:'b' (evict)"]);
    expect(last?.state).toEqual([
      'frequency buckets (highest first; in a bucket most → least recent):',
      "  f=3  1:'a'",
      "  f=1  4:'d'  3:'c'",
      'size 3 of 3 · next victim: 3',
    ]);
  });

  it('priority queue: the heap array and tree after pushes, a pop, an update and a remove', async () => {
    const traced = await trace('priority-queue', 'push 5; push 3; push 8; push 1; pop; push 3; update 0 0; remove 2');
    const heaps = traced.steps.map((step) => step.state[0]);
    expect(heaps).toEqual([
      'heap array: [5#0]',
      'heap array: [3#1, 5#0]',
      'heap array: [3#1, 5#0, 8#2]',
      'heap array: [1#3, 3#1, 8#2, 5#0]', // 1 sifts up past 5, then past 3
      'heap array: [3#1, 5#0, 8#2]', // 5 moves to the root and sifts down below 3
      'heap array: [3#1, 3#4, 8#2, 5#0]', // a tie with 3#1 stays below it: the earlier push wins
      'heap array: [0#0, 3#1, 8#2, 3#4]', // handles[0] (5#0) becomes 0 and rises to the root
      'heap array: [0#0, 3#1, 3#4]', // handles[2] (8#2) removed; the last item takes its slot
    ]);
    expect(traced.steps[4]?.result).toBe('{ p: 1, id: 3 }');
    expect(traced.steps[3]?.state.slice(1)).toEqual(['[0] 1#3', '├─ [1] 3#1', '│  └─ [3] 5#0', '└─ [2] 8#2']);
  });

  it('token bucket: tokens refill over time', async () => {
    const traced = await trace('token-bucket', 'new capacity=3 rate=1; hit; hit; hit; hit; tick 500; tick 1500');
    expect(traced.steps[4]?.result).toContain('allowed: false, remaining: 0, retryAfterMs: 1000');
    expect(traced.steps[5]?.state[0]).toContain('≈0.5 of 3 tokens · 0 whole · full in 2500 ms');
    expect(traced.steps[6]?.state[0]).toContain('≈2 of 3 tokens · 2 whole · full in 1000 ms');
  });

  it('fixed window: the count resets at the window boundary', async () => {
    const traced = await trace('fixed-window', 'tick 999; hit; hit; hit; hit; tick 1; hit');
    expect(traced.steps[4]?.result).toContain('allowed: false');
    expect(traced.steps[4]?.state[0]).toBe("'': window [0, 1000) used 3 of 3 · remaining 0 · resets in 1 ms");
    expect(traced.steps[6]?.state[0]).toBe("'': window [1000, 2000) used 1 of 3 · remaining 2 · resets in 1000 ms");
  });
});

const lruReplay = `
 FAIL  specs/lru/l3-ttl.spec.ts > model
Counterexample: [put(3, 'a'),put(0, 'a'),get(3),inspect() /*replayPath="/:B"*/]
Shrunk 9 time(s)
Got ModelMismatch: the implementation and the model disagree. Replay:

    let t = 0;
    const events: unknown[] = [];
    const cache = new LRUCache<number, string>(3, { now: () => t, ttl: 30, onEvict: (key, value, reason) => events.push([key, value, reason]) });
    cache.put(3, 'a');
    events.splice(0); // -> []
    cache.put(0, 'a');
    events.splice(0); // -> []
    cache.get(3); // -> 'a'
    t += 30; // t = 30
    cache.size; // -> 2
    [...cache.keys()]; // expected [], got [3, 0]

    at Script.#mismatch (specs/support/model.ts:69:12)
`;

describe('npm run trace: property-test replays', () => {
  it('a pasted failure message gives the same states as the short syntax', async () => {
    const replay = await trace('lru', lruReplay);
    const short = await trace('lru', 'new 3 ttl=30; put 3 a; put 0 a; get 3; tick 30; size; keys');
    expect(callStates(replay)).toEqual(callStates(short));
    expect(callStates(replay).at(-1)).toEqual([
      'recency (most → least recent): empty',
      'size 2 of 3 (2 expired, not yet removed)',
    ]);
    const last = replay.steps.at(-1);
    expect(last?.result).toBe('[]');
    expect(last?.note).toBe('expected [], got [3, 0]');
  });

  it('a priority-queue replay (handles, Array.from drain) matches the short syntax', async () => {
    const replay = await trace(
      'priority-queue',
      [
        'const queue = new PriorityQueue<Item>((a, b) => a.p - b.p);',
        'const handles: Handle<Item>[] = [];',
        'handles.push(queue.push({ p: 3, id: 0 }));',
        'handles.push(queue.push({ p: 0, id: 1 }));',
        'queue.updatePriority(handles[0], { p: -1, id: 0 }); // -> true',
        'handles.push(queue.push({ p: 3, id: 2 }));',
        'Array.from({ length: queue.size }, () => queue.pop()); // expected [], got []',
      ].join('\n'),
    );
    const short = await trace('priority-queue', 'push 3; push 0; update 0 -1; push 3; drain');
    expect(callStates(replay)).toEqual(callStates(short));
    expect(replay.steps.at(-1)?.result).toBe('[{ p: -1, id: 0 }, { p: 0, id: 1 }, { p: 3, id: 2 }]');
  });

  it('a limiter replay with a clock start, t += and default arguments matches the short syntax', async () => {
    const replay = await trace(
      'sliding-window-counter',
      `let t = 1000;
       const limiter = new SlidingWindowCounter({ limit: 4, windowMs: 7, now: () => t });
       limiter.tryAcquire(undefined, 1); // -> { allowed: true, remaining: 3 }
       t += 1; // t = 1001
       limiter.estimate(); // expected 1, got 1.5`,
    );
    const short = await trace('sliding-window-counter', 'at 1000; new limit=4 window=7; hit 1; tick 1; estimate');
    expect(callStates(replay)).toEqual(callStates(short));
    expect(replay.steps.at(-1)?.result).toBe('1');
  });
});

describe('npm run trace: the command line', () => {
  it('names the operation and its position when it is unknown, with a suggestion, and exits 2', async () => {
    const { code, err } = await cli('lru', 'put 1 a; gte 1');
    expect(code).toBe(2);
    expect(err).toContain(
      "Operation 2 (line 1, column 10) `gte 1`: unknown operation 'gte' for lru. Did you mean 'get'?",
    );
  });

  it('names the statement of a replay it cannot read', async () => {
    const wrongArity = await cli('lru', "cache.put(1, 'a');\ncache.get();");
    expect(wrongArity.code).toBe(2);
    expect(wrongArity.err).toContain("Operation 2 (line 2, column 1) `cache.get()`: 'get' takes 1 argument(s)");
    const code = await cli('lru', 'cache.put(1, eval("x"));');
    expect(code.code).toBe(2);
    expect(code.err).toContain(
      'Operation 1 (line 1, column 1) `cache.put(1, eval("x"))`: a call inside the arguments is never run',
    );
    const unterminated = await cli('lru', "put 1 'a");
    expect(unterminated.err).toContain('Unterminated string starting at line 1, column 7');
  });

  it('answers an unknown kata with a suggestion, and a kata without a trace with the supported ids', async () => {
    const typo = await cli('lur', 'put 1 a');
    expect(typo.code).toBe(2);
    expect(typo.err).toContain("Unknown kata 'lur'. Did you mean 'lru'");
    const other = await cli('circuit-breaker', 'x');
    expect(other.code).toBe(2);
    expect(other.err).toContain("'circuit-breaker' has no trace yet. Supported: lru, lfu, fifo, ttl-cache");
  });

  it('traces the learner code with --impl katas, and says when it is the stub', async () => {
    const { code, err } = await cli('lru', 'put 1 a', '--impl', katasDir);
    expect(code).toBe(1);
    expect(err).toContain('katas/lru/index.ts is not implemented yet');
  });

  it("reads standard input with '-'", async () => {
    const { code, out } = await cliWithInput('put 1 a\nput 2 b\nget 1\n', 'lru', '-');
    expect(code).toBe(0);
    expect(out).toContain("recency (most → least recent): 1:'a' → 2:'b'");
  });

  it('--help documents both syntaxes and lists every supported kata', async () => {
    const { code, out } = await cli('--help');
    expect(code).toBe(0);
    expect(out).toContain('Or paste the replay a failing property test prints');
    for (const id of ['lru', 'lfu', 'fifo', 'ttl-cache', 'token-bucket', 'fixed-window', 'priority-queue']) {
      expect(out).toContain(`  ${id} `);
    }
  });

  it('reads the operations from a file through the real command line, without a terminal', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'trace-')), 'replay.txt');
    writeFileSync(file, lruReplay);
    const result = await runCli('trace.ts', ['lru', '--file', file]);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('\u001b[');
    expect(result.stdout).toContain("→ 'a'   replay said: -> 'a' (the same)");
    expect(result.stdout).toContain(
      'replay said: expected [], got [3, 0] (this implementation gives the expected value)',
    );
  });
});
