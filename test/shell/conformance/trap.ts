// Conformance cases (expectations recorded by running bash 5.2): trap: -p, EXIT/ERR/DEBUG/RETURN, signals, subshells, status isolation.
import { section } from '../conformance-table.js';

// ---------------------------------------------------------------- traps
{
  const t = section('traps');
  t('kill -l lays signals out five a line', 'kill -l | head -2; kill -l | tail -1 | cat -A', ' 1) SIGHUP\t 2) SIGINT\t 3) SIGQUIT\t 4) SIGILL\t 5) SIGTRAP\n 6) SIGABRT\t 7) SIGBUS\t 8) SIGFPE\t 9) SIGKILL\t10) SIGUSR1\n63) SIGRTMAX-1^I64) SIGRTMAX^I$\n');
  t('kill -l with several names and numbers', 'kill -l 1 INT 130; kill -l 999; echo $?', 'HUP\n2\nINT\n1\n');
  t('kill $$ acts before the next command', 'kill -TERM $$; echo after', '', 143);
  t('kill -USR1 $$ untrapped ends the shell', 'kill -USR1 $$; echo after', '', 138);
  t('kill -HUP $$ with a trap runs it at once', 'trap "echo hup" HUP; kill -HUP $$; echo after', 'hup\nafter\n');
  t('EXIT trap runs at the end', "trap 'echo bye' EXIT; echo hi", 'hi\nbye\n');
  t('trap -p lists in the reference form', "trap 'echo a' INT TERM; trap 'echo b' EXIT; trap -p", "trap -- 'echo b' EXIT\ntrap -- 'echo a' SIGINT\ntrap -- 'echo a' SIGTERM\nb\n");
  t('trap with no arguments lists too', "trap \"echo it's\" USR1; trap", "trap -- 'echo it'\\''s' SIGUSR1\n");
  t('trap -p of one signal', "trap 'echo x' SIGINT; trap 'echo y' HUP; trap -p INT", "trap -- 'echo x' SIGINT\n");
  t('a multi-line handler is printed quoted', "trap 'echo \"multi\nline\"' EXIT; trap -p EXIT; trap - EXIT", "trap -- 'echo \"multi\nline\"' EXIT\n");
  t('trap 0 is EXIT', "trap 'echo zero' 0; trap -p", "trap -- 'echo zero' EXIT\nzero\n");
  t("trap '' ignores", "trap '' INT; trap -p INT", "trap -- '' SIGINT\n");
  t('trap - resets', "trap 'echo x' INT; trap - INT; trap -p; echo done", 'done\n');
  t('a lone signal number resets', "trap 'echo x' INT; trap 2; trap -p; echo done", 'done\n');
  t('reset by numbers', "trap 'echo x' INT TERM; trap - 2 15; trap -p; echo done", 'done\n');
  t('several signals at once and signal names with SIG', "trap 'echo hi' SIGUSR1 USR2 15; trap -p | sort", "trap -- 'echo hi' SIGTERM\ntrap -- 'echo hi' SIGUSR1\ntrap -- 'echo hi' SIGUSR2\n");
  t('an invalid signal fails', "trap 'echo x' nosuch 2>/dev/null; echo $?; trap 'echo x' 99 2>/dev/null; echo $?", '1\n1\n');
  t('trap -p of an invalid signal fails', 'trap -p nosuch 2>/dev/null; echo $?', '1\n');
  t('trap -l lists signal names', 'trap -l | head -2', ' 1) SIGHUP\t 2) SIGINT\t 3) SIGQUIT\t 4) SIGILL\t 5) SIGTRAP\n 6) SIGABRT\t 7) SIGBUS\t 8) SIGFPE\t 9) SIGKILL\t10) SIGUSR1\n');
  t('traps are not run in subshells', "trap 'echo parent' EXIT; (echo inside); echo out", 'inside\nout\nparent\n');
  t("a subshell still shows the parent's traps", "trap 'echo sub' EXIT; (trap -p; echo inside)", "trap -- 'echo sub' EXIT\ninside\nsub\n");
  t('ignored signals stay ignored in subshells', "trap 'echo t' USR1; trap '' USR2; (trap -p)", "trap -- 'echo t' SIGUSR1\ntrap -- '' SIGUSR2\n");
  t('a subshell that sets a trap shows only its own', "trap 'echo p' EXIT; (trap 'echo c' INT; trap -p)", "trap -- 'echo c' SIGINT\np\n");
  t('traps in a background job', "trap 'echo bg' EXIT; (trap -p) & wait", "trap -- 'echo bg' EXIT\ntrap -- '' SIGINT\nbg\n");
  t('a trap in a command substitution runs there', "echo \"[$(trap 'echo in-subst' EXIT; echo body)]\"", '[body\nin-subst]\n');
  t('a signal trap runs when the signal arrives', "trap 'echo trapped $?' USR1; kill -USR1 $$; echo after", 'trapped 0\nafter\n');
  t('the trap keeps $? unchanged', "trap 'echo in trap; false' USR1; true; kill -USR1 $$; echo \"status $?\"", 'in trap\nstatus 0\n');
  t('TERM and HUP traps', "trap 'echo t' TERM; kill -TERM $$; trap 'echo h' HUP; kill -HUP $$; echo after", 't\nh\nafter\n');
  t('INT trap', "trap 'echo caught' INT; kill -INT $$; echo after", 'caught\nafter\n');
  t('ERR trap on a failing command', "trap 'echo err $?' ERR; false; echo next", 'err 1\nnext\n');
  t('ERR trap is not run for tested commands', "trap 'echo err' ERR; if false; then :; fi; false || true; ! false; while false; do :; done; echo done", 'done\n');
  t('ERR trap is not inherited by functions without -E', "trap 'echo err' ERR; f() { false; echo in f; }; f", 'in f\n');
  t('ERR trap in functions with set -E', "set -E; trap 'echo err' ERR; f() { false; echo in f; }; f", 'err\nin f\n');
  t('ERR trap after a failing subshell', "trap 'echo err $?' ERR; (exit 4); echo st=$?", 'err 4\nst=4\n');
  t('DEBUG trap before each command', "trap 'echo debug $BASH_COMMAND' DEBUG; echo a; echo b", 'debug echo a\na\ndebug echo b\nb\n');
  t('DEBUG trap is not inherited by functions', "trap 'echo dbg' DEBUG; f() { trap -p DEBUG; echo in; }; f; trap -p DEBUG", "dbg\nin\ndbg\ntrap -- 'echo dbg' DEBUG\n");
  t('DEBUG trap with set -T', "set -T; trap 'echo \"dbg $BASH_COMMAND\"' DEBUG; f() { echo in; }; f", 'dbg f\ndbg f\ndbg echo in\nin\n');
  t('RETURN trap set in a function runs when it returns', "f() { trap 'echo ret' RETURN; echo in f; }; f; f; echo after", 'in f\nret\nin f\nret\nafter\n');
  t('a top-level RETURN trap is not run for functions', "f() { echo in f; }; trap 'echo ret' RETURN; f; echo after", 'in f\nafter\n');
  t('RETURN trap with set -T', "set -T; f() { echo in f; }; trap 'echo \"ret $FUNCNAME\"' RETURN; f; echo after", 'in f\nret f\nafter\n');
  t('RETURN trap for a traced function', "f() { echo in f; }; declare -ft f; trap 'echo ret' RETURN; f", 'in f\nret\n');
  t('RETURN trap after source', "trap 'echo ret' RETURN; echo ':' > s.sh; source ./s.sh; echo after", 'ret\nafter\n');
  t('EXIT trap sees the exit status', "trap 'echo exit $?' EXIT; exit 3", 'exit 3\n', 3);
  t('exit in an EXIT trap changes the status', "trap 'echo exit $?; exit 5' EXIT; false", 'exit 1\n', 5);
  t('the last EXIT trap wins', "trap 'echo one' EXIT; trap 'echo two' EXIT", 'two\n');
  t('EXIT trap set in a function runs at shell exit', "f() { trap 'echo fexit' EXIT; }; f; echo after", 'after\nfexit\n');
  t('EXIT trap after set -e failure', "set -e; trap 'echo exiting' EXIT; false; echo no", 'exiting\n', 1);
  t('EXIT trap of a subshell sees its status', "trap 'echo $?' EXIT; (exit 7)", '7\n', 7);
  t('trap action runs in the current shell', "trap 'x=set' USR1; kill -USR1 $$; echo \"[$x]\"", '[set]\n');
}
