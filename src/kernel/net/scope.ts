// What one --allow-net / --deny-net entry names, and whether a host the client asked for
// matches it. Shared by the permission model (intersect-down), the filtering proxy, the
// socket's HTTP op and `net check`, so "allowed" means one thing everywhere.
//
//   api.github.com        that name, any port          (explicit: may resolve to a private address)
//   api.github.com:443    that name, that port         (explicit)
//   *.github.com[:P]      any name below github.com (not github.com itself)
//   *                     any name (never an IP literal, never a private address)
//   10.0.0.7[:P], [::1][:P]  that IP literal            (explicit)
//
// Hosts are compared in the form a URL parser gives them (lower case, punycode, IPv4 in
// dotted-quad form however it was written: `0x7f.1` is 127.0.0.1, IPv6 compressed and
// bracketed), with a trailing dot dropped, so no spelling of a host escapes its rule.
export type ScopeKind = 'any' | 'suffix' | 'name' | 'ip';

export interface Scope {
  kind: ScopeKind;
  /** name/ip: the normalized host; suffix: ".domain"; any: "". */
  host: string;
  /** null: any port. */
  port: number | null;
  /** The entry as the user wrote it (for messages). */
  text: string;
}

/** A host name normalized for matching, or null when it is not a valid host. */
export function normalizeHost(raw: string): string | null {
  let h = raw.trim();
  if (h === '' || /[\s/?#@\\%]/.test(h)) return null;
  if (h.startsWith('[')) {
    if (!h.endsWith(']')) return null;
  } else if (h.includes(':')) {
    return null;
  }
  if (h.endsWith('.') && !h.startsWith('[')) h = h.slice(0, -1);
  try {
    const u = new URL(`http://${h}/`);
    let host = u.hostname;
    if (host.endsWith('.') && !host.startsWith('[')) host = host.slice(0, -1);
    if (host === '') return null;
    return host;
  } catch {
    return null;
  }
}

/** Whether a normalized host is an IP literal (dotted quad, or bracketed IPv6). */
export function isIpLiteral(host: string): boolean {
  return host.startsWith('[') || /^\d{1,3}(\.\d{1,3}){3}$/.test(host);
}

/** Splits "host[:port]" ("[v6]:port" for IPv6); port null when absent. Null when malformed. */
export function splitHostPort(s: string): { host: string; port: number | null } | null {
  const m = /^(\[[^\]]*\]|[^:[\]]*)(?::(\d{1,5}))?$/.exec(s);
  if (!m || m[1] === '') return null;
  const port = m[2] === undefined ? null : Number(m[2]);
  if (port !== null && (port < 1 || port > 65535)) return null;
  return { host: m[1]!, port };
}

/** Parses one entry; null when it is not a scope (isNetScope in permissions.ts says why). */
export function parseScope(text: string): Scope | null {
  if (text === '*') return { kind: 'any', host: '', port: null, text };
  const hp = splitHostPort(text);
  if (!hp) return null;
  if (hp.host.startsWith('*.')) {
    const base = normalizeHost(hp.host.slice(2));
    if (!base || isIpLiteral(base)) return null;
    return { kind: 'suffix', host: `.${base}`, port: hp.port, text };
  }
  const host = normalizeHost(hp.host);
  if (!host) return null;
  return { kind: isIpLiteral(host) ? 'ip' : 'name', host, port: hp.port, text };
}

/** Whether `scope` admits `host` (normalized) on `port`. */
export function scopeMatches(scope: Scope, host: string, port: number): boolean {
  if (scope.port !== null && scope.port !== port) return false;
  const ip = isIpLiteral(host);
  switch (scope.kind) {
    case 'any':
      return !ip;
    case 'suffix':
      return !ip && host.length > scope.host.length && host.endsWith(scope.host);
    case 'name':
    case 'ip':
      return host === scope.host;
  }
}

/** Whether a grant entry `g` admits everything the entry `s` names (for intersect-down). */
export function scopeCovers(g: string, s: string): boolean {
  const a = parseScope(g);
  const b = parseScope(s);
  if (!a || !b) return g === s;
  if (a.port !== null && a.port !== b.port) return false;
  switch (b.kind) {
    case 'any':
      return a.kind === 'any';
    case 'suffix':
      if (a.kind === 'any') return true;
      return a.kind === 'suffix' && (b.host === a.host || b.host.endsWith(a.host));
    case 'name':
    case 'ip':
      return scopeMatches({ ...a, port: null }, b.host, 0);
  }
}

/** Whether `host:port` matches the entry written as `text` (false when it is not a scope). */
export function matchesScopeText(text: string, host: string, port: number): boolean {
  const s = parseScope(text);
  return s !== null && scopeMatches(s, host, port);
}
