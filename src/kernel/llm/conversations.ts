// Conversations as plain files a user can grep, git and edit:
//   $AOSH_HOME/conversations/YYYY/MM/DD/<id>/meta.json         summary (atomic writes)
//                                           transcript.jsonl   one message per line (the source of truth)
//                                           transcript.md      rendered from the jsonl after every change
//                                           attachments/       images sent with --image
// Ids are "YYYYMMDD-HHMMSS-xxxx" (local time), so the directory follows from the id.
// `conversations/latest` names the conversation `think -c` continues.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { appendDurable, writeFileAtomic } from '../fsutil.js';
import type { ContentPart, Message, ToolCall, Usage } from './types.js';

export interface ConvMeta {
  id: string;
  created: string;
  updated: string;
  title: string;
  provider?: string;
  model?: string;
  system?: string;
  forkedFrom?: string;
  turns: number;
  usage: Usage;
  costUsd: number;
}

export interface TranscriptLine {
  ts: string;
  role: 'user' | 'assistant' | 'tool';
  content: string;
  /** Paths relative to the conversation directory. */
  images?: { path: string; mimeType: string }[];
  /** Text files attached with -a (their text is in `content`). */
  files?: { name: string; bytes: number }[];
  toolCalls?: ToolCall[];
  toolCallId?: string;
  name?: string;
  model?: string;
  provider?: string;
  usage?: Usage;
  costUsd?: number;
}

const ID_RE = /^(\d{4})(\d{2})(\d{2})-\d{6}-[0-9a-f]{4}$/;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

export class ConversationStore {
  readonly root: string;

  constructor(home: string, private readonly now: () => Date = () => new Date()) {
    this.root = join(home, 'conversations');
  }

  newId(): string {
    const d = this.now();
    const stamp = `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`;
    return `${stamp}-${randomBytes(2).toString('hex')}`;
  }

  dir(id: string): string {
    const m = ID_RE.exec(id);
    if (!m) throw new Error(`not a conversation id: ${id}`);
    return join(this.root, m[1]!, m[2]!, m[3]!, id);
  }

  exists(id: string): boolean {
    return ID_RE.test(id) && existsSync(join(this.dir(id), 'meta.json'));
  }

  /** An id, a unique prefix or suffix of one, or "latest" (also "last", as `agent` says it). Throws a one-line error otherwise. */
  resolve(ref: string): string {
    if (ref === 'latest' || ref === 'last' || ref === '-') {
      const id = this.latest();
      if (!id) throw new Error('no conversations yet');
      return id;
    }
    if (this.exists(ref)) return ref;
    const hits = this.ids().filter((id) => id.startsWith(ref) || id.endsWith(ref));
    if (hits.length === 1) return hits[0]!;
    throw new Error(hits.length ? `ambiguous conversation id: ${ref} (${hits.length} match)` : `no such conversation: ${ref}`);
  }

  create(init: { title?: string; system?: string; forkedFrom?: string } = {}): ConvMeta {
    const id = this.newId();
    const ts = this.now().toISOString();
    const meta: ConvMeta = { id, created: ts, updated: ts, title: init.title ?? '', system: init.system, forkedFrom: init.forkedFrom, turns: 0, usage: { input: 0, output: 0 }, costUsd: 0 };
    mkdirSync(this.dir(id), { recursive: true });
    writeFileSync(join(this.dir(id), 'transcript.jsonl'), '');
    this.writeMeta(meta);
    this.render(id);
    return meta;
  }

  meta(id: string): ConvMeta {
    return JSON.parse(readFileSync(join(this.dir(id), 'meta.json'), 'utf8')) as ConvMeta;
  }

  private writeMeta(meta: ConvMeta): void {
    writeFileAtomic(join(this.dir(meta.id), 'meta.json'), JSON.stringify(meta, null, 2) + '\n');
  }

  lines(id: string): TranscriptLine[] {
    const text = readFileSync(join(this.dir(id), 'transcript.jsonl'), 'utf8');
    return text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as TranscriptLine);
  }

  /** The messages to send when continuing (images read back from attachments). */
  messages(id: string): { system?: string; messages: Message[] } {
    const dir = this.dir(id);
    const messages: Message[] = [];
    for (const l of this.lines(id)) {
      if (l.role === 'user') {
        if (!l.images?.length) messages.push({ role: 'user', content: l.content });
        else {
          const parts: ContentPart[] = l.images.map((im) => ({ type: 'image', mimeType: im.mimeType, data: readFileSync(join(dir, im.path)).toString('base64') }));
          if (l.content) parts.push({ type: 'text', text: l.content });
          messages.push({ role: 'user', content: parts });
        }
      } else if (l.role === 'assistant') messages.push({ role: 'assistant', content: l.content, ...(l.toolCalls?.length ? { toolCalls: l.toolCalls } : {}) });
      else messages.push({ role: 'tool', toolCallId: l.toolCallId ?? '', name: l.name ?? '', content: l.content });
    }
    return { system: this.meta(id).system, messages };
  }

  /** Keeps an image in the conversation (the bytes that were sent, not a re-read of the file); returns its relative path. */
  attach(id: string, file: string, data: Buffer): string {
    const name = `attachments/${createHash('sha256').update(data).digest('hex').slice(0, 16)}${extname(file).toLowerCase()}`;
    const dest = join(this.dir(id), name);
    if (!existsSync(dest)) {
      mkdirSync(join(this.dir(id), 'attachments'), { recursive: true });
      writeFileSync(dest, data);
    }
    return name;
  }

  /** Appends lines, updates meta (usage adds up) and the rendered markdown, and marks it latest. */
  append(id: string, lines: TranscriptLine[], patch: Partial<Pick<ConvMeta, 'provider' | 'model' | 'system' | 'title'>> = {}): ConvMeta {
    appendDurable(join(this.dir(id), 'transcript.jsonl'), lines.map((l) => JSON.stringify(l) + '\n').join(''));
    const meta = this.meta(id);
    Object.assign(meta, Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)));
    if (!meta.title) {
      const first = lines.find((l) => l.role === 'user')?.content ?? '';
      meta.title = first.replace(/\s+/g, ' ').trim().slice(0, 72);
    }
    for (const l of lines) {
      if (l.role === 'user') meta.turns++;
      if (l.usage) {
        meta.usage.input += l.usage.input;
        meta.usage.output += l.usage.output;
      }
      if (l.costUsd) meta.costUsd += l.costUsd;
    }
    meta.updated = this.now().toISOString();
    this.writeMeta(meta);
    this.render(id);
    this.setLatest(id);
    return meta;
  }

  setLatest(id: string): void {
    writeFileAtomic(join(this.root, 'latest'), id + '\n', false);
  }

  latest(): string | undefined {
    try {
      const id = readFileSync(join(this.root, 'latest'), 'utf8').trim();
      if (this.exists(id)) return id;
    } catch {
      /* fall back to the newest directory */
    }
    return this.ids()[0];
  }

  /** All ids, newest first. */
  ids(): string[] {
    const out: string[] = [];
    const sub = (p: string): string[] => {
      try {
        return readdirSync(p).sort().reverse();
      } catch {
        return [];
      }
    };
    for (const y of sub(this.root).filter((x) => /^\d{4}$/.test(x)))
      for (const m of sub(join(this.root, y)))
        for (const d of sub(join(this.root, y, m))) for (const id of sub(join(this.root, y, m, d))) if (ID_RE.test(id)) out.push(id);
    return out.sort().reverse();
  }

  list(limit = Infinity): ConvMeta[] {
    const out: ConvMeta[] = [];
    for (const id of this.ids()) {
      if (out.length >= limit) break;
      try {
        out.push(this.meta(id));
      } catch {
        /* half-written or edited by hand: skip */
      }
    }
    return out;
  }

  /**
   * Conversations whose title or transcript contains TEXT (case-insensitive), newest first,
   * each with the first matching line cut around the match.
   */
  search(text: string, limit = Infinity): Array<{ meta: ConvMeta; role: string; snippet: string }> {
    const needle = text.toLowerCase();
    const out: Array<{ meta: ConvMeta; role: string; snippet: string }> = [];
    for (const id of this.ids()) {
      if (out.length >= limit) break;
      let meta: ConvMeta;
      let lines: TranscriptLine[];
      try {
        meta = this.meta(id);
        lines = this.lines(id);
      } catch {
        continue; // half-written or edited by hand
      }
      let hit: { role: string; snippet: string } | null = null;
      for (const l of lines) {
        const flat = l.content.replace(/\s+/g, ' ');
        const at = flat.toLowerCase().indexOf(needle);
        if (at < 0) continue;
        const from = Math.max(0, at - 30);
        hit = { role: l.role, snippet: `${from > 0 ? '…' : ''}${flat.slice(from, at + needle.length + 50).trim()}${at + needle.length + 50 < flat.length ? '…' : ''}` };
        break;
      }
      if (!hit && meta.title.toLowerCase().includes(needle)) hit = { role: 'title', snippet: meta.title };
      if (hit) out.push({ meta, ...hit });
    }
    return out;
  }

  /**
   * Deletes a conversation. The directory is renamed away first (one atomic step: a crash
   * leaves it either listed or gone), then removed; `latest` moves to the newest remaining.
   */
  remove(id: string): void {
    const dir = this.dir(id);
    const doomed = `${dir}.rm-${process.pid}`;
    renameSync(dir, doomed);
    rmSync(doomed, { recursive: true, force: true });
    try {
      if (readFileSync(join(this.root, 'latest'), 'utf8').trim() === id) {
        const next = this.ids()[0];
        if (next) this.setLatest(next);
        else unlinkSync(join(this.root, 'latest'));
      }
    } catch {
      // no latest file: latest() falls back to the newest directory
    }
  }

  /** A new conversation starting from a copy of another's transcript and attachments. */
  fork(id: string): ConvMeta {
    const src = this.meta(id);
    const meta = this.create({ title: src.title, system: src.system, forkedFrom: id });
    const lines = this.lines(id);
    for (const l of lines) for (const im of l.images ?? []) this.attach(meta.id, join(this.dir(id), im.path), readFileSync(join(this.dir(id), im.path)));
    const out = this.append(meta.id, lines, { provider: src.provider, model: src.model });
    return out;
  }

  render(id: string): void {
    const meta = this.meta(id);
    const out: string[] = [`# ${meta.title || id}`, '', `- id: ${id}`, `- created: ${meta.created}`];
    if (meta.model) out.push(`- model: ${meta.provider ? `${meta.provider}/` : ''}${meta.model}`);
    if (meta.forkedFrom) out.push(`- forked from: ${meta.forkedFrom}`);
    out.push(`- usage: ${meta.usage.input} input + ${meta.usage.output} output tokens, $${meta.costUsd.toFixed(6)}`, '');
    if (meta.system) out.push('## system', '', meta.system, '');
    for (const l of this.lines(id)) {
      const head = l.role === 'assistant' && l.model ? `## assistant (${l.model})` : l.role === 'tool' ? `## tool ${l.name ?? ''}` : `## ${l.role}`;
      out.push(head, '');
      for (const im of l.images ?? []) out.push(`![image](${im.path})`, '');
      if (l.content) out.push(l.content, '');
      for (const c of l.toolCalls ?? []) out.push(`- call \`${c.name}\` ${JSON.stringify(c.arguments)}`, '');
    }
    writeFileAtomic(join(this.dir(id), 'transcript.md'), out.join('\n'), false);
  }
}
