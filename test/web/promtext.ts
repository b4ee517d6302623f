// A strict parser of the Prometheus text exposition format (version 0.0.4), written from the
// format's description, for the tests: it refuses what a Prometheus server would refuse
// (bad names, bad escapes, samples of an undeclared family, histograms whose buckets do not
// add up), and keeps labelled histograms apart. parse-prometheus-text-format (used too, as a
// second opinion on the families and their types) merges the series of a labelled histogram.

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
  help: string;
  samples: Sample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export function parsePromText(text: string): Map<string, Family> {
  const fams = new Map<string, Family>();
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = raw.trim();
    const where = `line ${i + 1}: ${raw}`;
    if (line === '') return;
    if (line.startsWith('#')) {
      const m = /^#\s+(HELP|TYPE)\s+(\S+)(?:\s+(.*))?$/.exec(line);
      if (!m) return; // a comment
      const [, kind, name, rest = ''] = m;
      if (!NAME.test(name!)) throw new Error(`bad metric name: ${where}`);
      const fam = fams.get(name!) ?? { name: name!, type: 'untyped' as const, help: '', samples: [] };
      if (kind === 'TYPE') {
        if (!['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(rest)) throw new Error(`bad type: ${where}`);
        if (fam.samples.length) throw new Error(`TYPE after samples: ${where}`);
        fam.type = rest as Family['type'];
      } else fam.help = rest.replace(/\\n/g, '\n').replace(/\\\\/g, '\\');
      fams.set(name!, fam);
      return;
    }
    const s = parseSample(line, where);
    const fam = familyOf(fams, s.name);
    if (!fam) throw new Error(`sample of an undeclared family: ${where}`);
    fam.samples.push(s);
  });
  for (const f of fams.values()) if (f.type === 'histogram') checkHistogram(f);
  return fams;
}

function familyOf(fams: Map<string, Family>, name: string): Family | undefined {
  const direct = fams.get(name);
  if (direct) return direct;
  for (const suffix of ['_bucket', '_sum', '_count']) {
    if (!name.endsWith(suffix)) continue;
    const f = fams.get(name.slice(0, -suffix.length));
    if (f && (f.type === 'histogram' || f.type === 'summary')) return f;
  }
  return undefined;
}

function parseSample(line: string, where: string): Sample {
  const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})?\s+(\S+)(?:\s+(-?\d+))?$/.exec(line);
  if (!m) throw new Error(`bad sample: ${where}`);
  const labels: Record<string, string> = {};
  if (m[2]) {
    let body = m[2].slice(1, -1);
    while (body.length) {
      const lm = /^\s*([^=\s]+)\s*=\s*"((?:[^"\\]|\\[\\"n])*)"\s*(,|$)/.exec(body);
      if (!lm || !LABEL.test(lm[1]!)) throw new Error(`bad labels: ${where}`);
      if (lm[1]! in labels) throw new Error(`repeated label ${lm[1]}: ${where}`);
      labels[lm[1]!] = lm[2]!.replace(/\\(["\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c));
      body = body.slice(lm[0].length);
    }
  }
  const v = m[3]!;
  const value = v === '+Inf' ? Infinity : v === '-Inf' ? -Infinity : v === 'NaN' ? NaN : Number(v);
  if (Number.isNaN(value) && v !== 'NaN') throw new Error(`bad value: ${where}`);
  return { name: m[1]!, labels, value };
}

/** Per label set: buckets cumulative and ascending in le, +Inf equal to _count, a _sum. */
function checkHistogram(f: Family): void {
  const series = new Map<string, { buckets: [number, number][]; count?: number; sum?: number }>();
  for (const s of f.samples) {
    const { le, ...rest } = s.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    const e = series.get(key) ?? { buckets: [] };
    if (s.name === `${f.name}_bucket`) {
      if (le === undefined) throw new Error(`${f.name}: bucket without le`);
      e.buckets.push([le === '+Inf' ? Infinity : Number(le), s.value]);
    } else if (s.name === `${f.name}_count`) e.count = s.value;
    else if (s.name === `${f.name}_sum`) e.sum = s.value;
    else throw new Error(`${f.name}: unexpected sample ${s.name}`);
    series.set(key, e);
  }
  for (const [key, e] of series) {
    for (let i = 1; i < e.buckets.length; i++) {
      if (!(e.buckets[i]![0] > e.buckets[i - 1]![0])) throw new Error(`${f.name}${key}: le not ascending`);
      if (e.buckets[i]![1] < e.buckets[i - 1]![1]) throw new Error(`${f.name}${key}: buckets not cumulative`);
    }
    const inf = e.buckets[e.buckets.length - 1];
    if (!inf || inf[0] !== Infinity) throw new Error(`${f.name}${key}: no +Inf bucket`);
    if (e.count !== inf[1]) throw new Error(`${f.name}${key}: _count ${e.count} != +Inf bucket ${inf[1]}`);
    if (e.sum === undefined) throw new Error(`${f.name}${key}: no _sum`);
  }
}

/** The value of the first sample of `name` (a family's sample name) whose labels include these. */
export function sampleValue(fams: Map<string, Family>, name: string, labels: Record<string, string> = {}): number {
  const fam = familyOf(fams, name);
  if (!fam) throw new Error(`no metric family for ${name}`);
  const s = fam.samples.find((x) => x.name === name && Object.entries(labels).every(([k, v]) => x.labels[k] === v));
  return s ? s.value : 0;
}
