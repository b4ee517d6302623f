// `aosh completion bash|zsh|fish`: completion scripts generated from the same tables as
// `aosh --help` (cli.ts's CLI_FLAGS and SUBCOMMANDS) and the builtins' declarations, so
// they cannot drift. They complete aosh's options, its subcommands, the subcommands and
// flags of think/agent/conv/audit, and file names elsewhere.
import { flagNames, type Documented, type FlagDoc } from './builtins/flags.js';

export interface CompletionTables {
  flags: readonly FlagDoc[];
  subcommands: Record<string, { summary: string; builtin?: string }>;
  builtins: readonly Documented[];
}

/** Every flag spelling a user types, with the permission family spelled out. */
function cliWords(flags: readonly FlagDoc[]): string[] {
  const out = flagNames(flags as FlagDoc[]).filter((f) => f.startsWith('--'));
  for (const k of ['net', 'read', 'write', 'run', 'env']) out.push(`--allow-${k}`, `--deny-${k}`);
  out.push('--allow-all', '-A', '-c', '-o', '-h', '-V');
  return [...new Set(out)];
}

function perSubcommand(t: CompletionTables): Array<{ name: string; words: string[] }> {
  return Object.entries(t.subcommands).map(([name, row]) => {
    const b = row.builtin ? t.builtins.find((x) => x.name === row.builtin) : undefined;
    const words = b ? [...(b.subcommands ?? []).map((s) => s.name), ...flagNames(b.flags), ...(b.subcommands ?? []).flatMap((s) => flagNames(s.flags)), '--help'] : [];
    if (name === 'completion') words.push('bash', 'zsh', 'fish');
    if (name === 'help') words.push(...Object.keys(t.subcommands), ...t.builtins.map((x) => x.name));
    return { name, words: [...new Set(words)] };
  });
}

const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

function bash(t: CompletionTables): string {
  const subs = Object.keys(t.subcommands).join(' ');
  const cases = perSubcommand(t)
    .filter((s) => s.words.length)
    .map((s) => `    ${s.name}) words=${q(s.words.join(' '))} ;;`)
    .join('\n');
  return `# aosh completion for bash: source <(aosh completion bash), or save it as
# ~/.local/share/bash-completion/completions/aosh
_aosh() {
  local cur=\${COMP_WORDS[COMP_CWORD]} sub='' i words=''
  for ((i = 1; i < COMP_CWORD; i++)); do
    case \${COMP_WORDS[i]} in
      -c) return 0 ;;
      -*) ;;
      *) sub=\${COMP_WORDS[i]}; break ;;
    esac
  done
  if [[ -z $sub ]]; then
    words=${q(cliWords(t.flags).join(' ') + ' ' + subs)}
  else
    case $sub in
${cases}
    esac
  fi
  if [[ -n $words ]]; then
    COMPREPLY=($(compgen -W "$words" -- "$cur"))
  fi
  if [[ \${#COMPREPLY[@]} -eq 0 ]]; then
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -o filenames -F _aosh aosh
`;
}

function zsh(t: CompletionTables): string {
  const subs = Object.entries(t.subcommands).map(([n, r]) => q(`${n}:${r.summary.replace(/:/g, '\\:')}`)).join(' ');
  const cases = perSubcommand(t)
    .filter((s) => s.words.length)
    .map((s) => `    ${s.name}) compadd -- ${s.words.map(q).join(' ')}; _files ;;`)
    .join('\n');
  return `#compdef aosh
# aosh completion for zsh: source <(aosh completion zsh), or save it as _aosh on $fpath
_aosh() {
  local -a subs
  subs=(${subs})
  local i sub=''
  for ((i = 2; i < CURRENT; i++)); do
    case \${words[i]} in
      -*) ;;
      *) sub=\${words[i]}; break ;;
    esac
  done
  if [[ -z $sub ]]; then
    compadd -- ${cliWords(t.flags).map(q).join(' ')}
    _describe 'subcommand' subs
    _files
    return
  fi
  case $sub in
${cases}
    *) _files ;;
  esac
}
compdef _aosh aosh
`;
}

function fish(t: CompletionTables): string {
  const lines = ['# aosh completion for fish: aosh completion fish | source, or save it as ~/.config/fish/completions/aosh.fish'];
  const subs = Object.keys(t.subcommands).join(' ');
  for (const [name, row] of Object.entries(t.subcommands)) lines.push(`complete -c aosh -n "not __fish_seen_subcommand_from ${subs}" -a ${name} -d ${q(row.summary)}`);
  for (const f of t.flags) {
    for (const n of flagNames([f])) {
      const takes = /\s[A-Z[]/.test(f.flag) ? ' -r' : '';
      const opt = n.startsWith('--') ? `-l ${n.slice(2)}` : `-s ${n.slice(1)}`;
      lines.push(`complete -c aosh -n "not __fish_seen_subcommand_from ${subs}" ${opt}${takes} -d ${q(f.description.split(/[;(]/)[0]!.trim())}`);
    }
  }
  for (const k of ['net', 'read', 'write', 'run', 'env']) lines.push(`complete -c aosh -l allow-${k} -d 'allow ${k}'`, `complete -c aosh -l deny-${k} -d 'deny ${k}'`);
  for (const s of perSubcommand(t)) {
    if (!s.words.length) continue;
    lines.push(`complete -c aosh -n "__fish_seen_subcommand_from ${s.name}" -a ${q(s.words.filter((w) => !w.startsWith('-')).join(' '))}`);
    for (const w of s.words.filter((x) => x.startsWith('--'))) lines.push(`complete -c aosh -n "__fish_seen_subcommand_from ${s.name}" -l ${w.slice(2)}`);
  }
  return lines.join('\n') + '\n';
}

export function completionScript(shell: string, t: CompletionTables): string | null {
  if (shell === 'bash') return bash(t);
  if (shell === 'zsh') return zsh(t);
  if (shell === 'fish') return fish(t);
  return null;
}
