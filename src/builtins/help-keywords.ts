// `help` topics that are not builtins: the reserved words and compound commands, which
// bash's help lists beside its builtins (help for, help -s '[['). Their synopses are the
// grammar, written as bash's help writes them, so `help -s if` prints the same line.
import type { Documented } from './flags.js';

export const KEYWORD_TOPICS: Documented[] = [
  { name: '%', synopsis: 'job_spec [&]', description: 'Resume a job: %N, %string or %% alone is fg, with a trailing & it is bg.' },
  { name: '(( ... ))', synopsis: '(( expression ))', description: 'Evaluate an arithmetic expression. Status 0 when its value is not zero, else 1.' },
  { name: '[[ ... ]]', synopsis: '[[ expression ]]', description: 'Evaluate a conditional expression. Patterns on the right of == and != match, =~ matches a regular expression (BASH_REMATCH).' },
  { name: 'case', synopsis: 'case WORD in [PATTERN [| PATTERN]...) COMMANDS ;;]... esac', description: 'Run the commands of the first pattern that matches WORD. ;& falls through, ;;& tests the next patterns.' },
  { name: 'coproc', synopsis: 'coproc [NAME] command [redirections]', description: 'Run a command asynchronously with pipes to and from it in ${NAME[0]} and ${NAME[1]} (NAME defaults to COPROC).' },
  { name: 'for', synopsis: 'for NAME [in WORDS ... ] ; do COMMANDS; done', description: 'Run COMMANDS once for each word, with NAME set to it. Without in WORDS: the positional parameters.' },
  { name: 'for ((', synopsis: 'for (( exp1; exp2; exp3 )); do COMMANDS; done', description: 'Arithmetic for loop. Evaluate exp1, then run COMMANDS while exp2 is not zero, evaluating exp3 after each pass.' },
  { name: 'function', synopsis: 'function name { COMMANDS ; } or name () { COMMANDS ; }', description: 'Define a shell function. Its arguments are $1, $2 ...; return leaves it.' },
  { name: 'if', synopsis: 'if COMMANDS; then COMMANDS; [ elif COMMANDS; then COMMANDS; ]... [ else COMMANDS; ] fi', description: 'Run commands on a condition. The first list whose test succeeds runs; the status is its status, or 0 when none ran.' },
  { name: 'select', synopsis: 'select NAME [in WORDS ... ;] do COMMANDS; done', description: 'Select words from a menu. Prints the numbered words on stderr, reads a line and sets NAME to the chosen word and REPLY to the line.' },
  { name: 'time', synopsis: 'time [-p] pipeline', description: 'Report the time a pipeline takes: real, user and sys, on stderr (-p: in the POSIX format).' },
  { name: 'until', synopsis: 'until COMMANDS; do COMMANDS-2; done', description: 'Run COMMANDS-2 as long as COMMANDS fail.' },
  { name: 'while', synopsis: 'while COMMANDS; do COMMANDS-2; done', description: 'Run COMMANDS-2 as long as COMMANDS succeed.' },
  { name: '{ ... }', synopsis: '{ COMMANDS ; }', description: 'Group commands as a unit: one status and one set of redirections, in the current shell.' },
];
