import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

/**
 * `node --import tsx bench/profile-windows.ts FILE.cpuprofile [--busy 0.5] [--top 25] [--from S --to S]`:
 * reads a V8 CPU profile (BENCH_CPU_PROF=1), bins its samples into one-second windows, keeps the windows
 * in which the process was busy (idle share below --busy) or the --from/--to seconds given, and prints where
 * the busy time went in them: by package or file, and by function (self time). Averaging over a whole run
 * would mix load with idle waits between scenarios; the windows show the server under load only.
 */
interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    busy: { type: 'string', default: '0.5' },
    top: { type: 'string', default: '25' },
    from: { type: 'string' },
    to: { type: 'string' },
    /** Also print the commonest call stacks (leaf first) of samples in functions matching this. */
    stack: { type: 'string' },
  },
});
const profile = JSON.parse(readFileSync(positionals[0]!, 'utf8')) as CpuProfile;
const nodes = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
const parents = new Map<number, number>();
for (const n of profile.nodes) for (const child of n.children ?? []) parents.set(child, n.id);

/** Where a frame's code lives: an npm package, a Node internal, our file, or a V8 pseudo-frame. */
function bucket(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (!url) return `(${functionName.replace(/[()]/g, '')})`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return url.replace(/^node:(internal\/)?/, 'node:').split('/')[0]!;
  return url.replace(/^file:\/\/.*?\/(server|adapters|bench)\//, '$1/');
}

// Sample times in seconds since the profile started, and each one's window.
const windows = new Map<number, number[]>();
let t = 0;
for (let i = 0; i < profile.samples.length; i++) {
  t += profile.timeDeltas[i] ?? 0;
  const second = Math.floor(t / 1e6);
  const list = windows.get(second) ?? [];
  windows.set(second, list);
  list.push(profile.samples[i]!);
}
const isIdle = (id: number) => nodes.get(id)?.functionName === '(idle)';
const from = values.from === undefined ? undefined : Number(values.from);
const to = values.to === undefined ? undefined : Number(values.to);
const chosen = [...windows.entries()].filter(([second, samples]) =>
  from !== undefined || to !== undefined
    ? second >= (from ?? 0) && second <= (to ?? Number.POSITIVE_INFINITY)
    : samples.filter(isIdle).length / samples.length < Number(values.busy),
);
const timeline = [...windows.entries()]
  .map(([s, samples]) => `${s}:${Math.round((100 * samples.filter(isIdle).length) / samples.length)}`)
  .join(' ');
console.log(`idle % per second: ${timeline}`);
console.log(`chosen windows: ${chosen.map(([s]) => s).join(',')}`);

const byBucket = new Map<string, number>();
const byFunction = new Map<string, number>();
// Time in Node internals and native frames charged to the first frame above them that is not Node's.
const byCaller = new Map<string, number>();
const stacks = new Map<string, number>();
// Inclusive time per function (each function counted once per sample, whatever its depth).
const inclusive = new Map<string, number>();
const callerOf = (id: number): string => {
  for (let at: number | undefined = id; at !== undefined; at = parents.get(at)) {
    const b = bucket(nodes.get(at)!);
    if (!b.startsWith('node:') && !b.startsWith('(')) return b;
  }
  return '(node only)';
};
const stackOf = (id: number, depth = 14): string => {
  const names: string[] = [];
  for (let at: number | undefined = id; at !== undefined && names.length < depth; at = parents.get(at)) {
    const f = nodes.get(at)!;
    names.push(`${f.functionName || '?'}@${bucket(f)}`);
  }
  return names.join(' < ');
};
let total = 0;
let idle = 0;
for (const [, samples] of chosen) {
  for (const id of samples) {
    total++;
    if (isIdle(id)) {
      idle++;
      continue;
    }
    const frame = nodes.get(id)!;
    const b = bucket(frame);
    byBucket.set(b, (byBucket.get(b) ?? 0) + 1);
    const fn = `${frame.functionName || '(anonymous)'} ${b}:${frame.lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + 1);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parents.get(at)) {
      const f = nodes.get(at)!;
      const name = `${f.functionName || '(anonymous)'} ${bucket(f)}:${f.lineNumber + 1}`;
      if (!seen.has(name)) inclusive.set(name, (inclusive.get(name) ?? 0) + 1);
      seen.add(name);
    }
    const caller = callerOf(id);
    byCaller.set(caller, (byCaller.get(caller) ?? 0) + 1);
    if (values.stack && fn.includes(values.stack)) {
      const key = stackOf(id);
      stacks.set(key, (stacks.get(key) ?? 0) + 1);
    }
  }
}
const top = Number(values.top);
const pct = (n: number) => `${((100 * n) / Math.max(1, total)).toFixed(1).padStart(5)} %`;
console.log(`samples ${total}, idle ${pct(idle)}`);
console.log('\nself time by package / file:');
for (const [b, n] of [...byBucket].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(n)}  ${b}`);
console.log('\nself time by function:');
for (const [f, n] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top))
  console.log(`${pct(n)}  ${f}`);
console.log('\nself time with Node internals charged to their first non-Node caller:');
for (const [b, n] of [...byCaller].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(n)}  ${b}`);
console.log('\ninclusive time by function (synchronous callers only: an await starts a new stack):');
for (const [f, n] of [...inclusive]
  .filter(([f]) => !f.startsWith('('))
  .sort((a, b) => b[1] - a[1])
  .slice(0, top * 2))
  console.log(`${pct(n)}  ${f}`);
if (values.stack) {
  console.log(`\ncommonest stacks through ${values.stack}:`);
  for (const [k, n] of [...stacks].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(`${pct(n)}  ${k}`);
}
