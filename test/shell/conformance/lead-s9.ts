// Conformance cases (expectations recorded by running bash 5.2): what the lead found in the
// ninth session's probes.
import { section } from '../conformance-table.js';

{
  const t = section('param-transform');
  t("@P without promptvars expands the escapes only", "shopt -u promptvars; x='[$HOME `echo x` $((1+2))]\\n'; echo \"${x@P}\"; shopt -s promptvars; echo \"${x@P}\" | sed \"s|$HOME|H|\"", "[$HOME `echo x` $((1+2))]\n\n[H x 3]\n\n", 0);
}

{
  // The warning for a here-document that input ended: bash names the line under -c too, and
  // counts eval's lines on from the eval command's, a trap's from its first.
  const t = section('heredoc-eof');
  t("the warning under -c names the line where input ended", "exec 2>e; eval 'cat <<E\nx'; sed 's/^[^ ]*: line/line/' e", "x\nline 3: warning: here-document at line 2 delimited by end-of-file (wanted `E')\n", 0);
  t("eval in a group on later lines", "echo a\n\n{ eval 'echo b\ncat <<E\nx'; } 2>e; sed 's/^[^ ]*: line/line/' e", "a\nb\nx\nline 7: warning: here-document at line 6 delimited by end-of-file (wanted `E')\n", 0);
  t("eval on a later line of its own", "echo a\n\nexec 2>e; eval 'echo b\ncat <<E\nx'; sed 's/^[^ ]*: line/line/' e", "a\nb\nx\nline 7: warning: here-document at line 6 delimited by end-of-file (wanted `E')\n", 0);
  t("a sourced file names itself and its line", "source ./s.sh 2>&1", "in\n./s.sh: line 3: warning: here-document at line 2 delimited by end-of-file (wanted `END')\nbody\n", 0, {files: {"s.sh":"echo in\ncat <<END\nbody\n"}});
  t("a trap's text counts from its first line", "trap 'cat <<E\nx' USR1\necho main\nexec 3>&2 2>e; kill -USR1 $$; exec 2>&3; sed 's/^[^ ]*: line/line/' e", "main\nx\nline 2: warning: here-document at line 1 delimited by end-of-file (wanted `E')\n", 0);
}

{
  // bash runs the last command of -c, of ( ) and $( ), and a lone `cmd &`, in the shell's
  // place: the program gets SHLVL one less (tail-exec.ts says when).
  const t = section('special-vars');
  t("the last command of -c runs at the shell's own level", "echo $SHLVL; bash -c 'echo \"$SHLVL\"'", "1\n1\n", 0);
  t("a command after it keeps the program a level down", "bash -c 'echo \"$SHLVL\"'; :", "2\n", 0);
  t("printenv as the last command sees one level less", "echo $SHLVL; printenv SHLVL", "1\n0\n", 0);
  t("the last of an and-or list and of a subshell", "false || bash -c 'echo \"$SHLVL\"'; (echo in; bash -c 'echo \"$SHLVL\"')", "2\nin\n1\n", 0);
  t("a pipeline, a redirection, a group or a loop is no tail", "bash -c 'echo \"$SHLVL\"' | cat; bash -c 'echo \"$SHLVL\"' 2>/dev/null; { bash -c 'echo \"$SHLVL\"'; }; for i in 1; do bash -c 'echo \"$SHLVL\"'; done; if :; then bash -c 'echo \"$SHLVL\"'; fi", "2\n2\n2\n2\n2\n", 0);
  t("a command substitution's last command, a lone background command", "echo \"$(bash -c 'echo \"$SHLVL\"')\" \"$(bash -c 'echo \"$SHLVL\"'; :)\"; bash -c 'echo \"$SHLVL\"' & wait; { bash -c 'echo \"$SHLVL\"'; } & wait", "1 2\n1\n2\n", 0);
  t("an EXIT trap or a caught signal keeps the fork", "trap 'echo t' USR1; bash -c 'echo \"$SHLVL\"'", "2\n", 0);
  t("an ignored signal and a DEBUG trap do not", "trap '' INT; trap ': d' DEBUG; bash -c 'echo \"$SHLVL\"'", "1\n", 0);
  t("an ignored EXIT trap still counts", "trap '' EXIT; bash -c 'echo \"$SHLVL\"'", "2\n", 0);
  t("prefix assignments and command keep the tail", "x=1 bash -c 'echo \"$SHLVL\"'; command bash -c 'echo \"$SHLVL\"'", "2\n1\n", 0);
}

{
  // A script names a background job that a signal ended (not INT, PIPE, TERM, nor a trapped
  // signal), once, when it learns of it: from wait, or after its next foreground command.
  const t = section('jobs');
  t("a background job a signal killed is named when it is waited for", "exec 3>&2 2>e; sleep 5 & kill -9 $!; wait $!; echo \"st $?\"; exec 2>&3; sed -E 's/^[^ ]+: line/line/; s/ *[0-9]+ (Killed|Segm|User)/ PID \\1/' e", "st 137\nline 1: PID Killed                  sleep 5\n", 0);
  t("or after the next foreground command", "exec 3>&2 2>e; sleep 5 & kill -KILL $!; sleep 0.3; echo next; exec 2>&3; sed -E 's/^[^ ]+: line/line/; s/ *[0-9]+ (Killed|Segm|User)/ PID \\1/' e", "next\nline 1: PID Killed                  sleep 5\n", 0);
  t("SIGTERM and SIGPIPE deaths go unnamed", "exec 3>&2 2>e; sleep 5 & kill -TERM $!; wait $!; echo \"st $?\"; sleep 5 & kill -PIPE $!; wait $!; echo \"st $?\"; exec 2>&3; sed -E 's/^[^ ]+: line/line/; s/ *[0-9]+ (Killed|Segm|User)/ PID \\1/' e", "st 143\nst 141\n", 0);
  t("a plain wait names each", "exec 3>&2 2>e; sleep 5 & sleep 0.1; kill -SEGV $!; sleep 5 & sleep 0.1; kill -USR2 $!; wait; echo \"st $?\"; exec 2>&3; sed -E 's/^[^ ]+: line/line/; s/ *[0-9]+ (Killed|Segm|User)/ PID \\1/' e", "st 0\nline 1: PID Segmentation fault      sleep 5\nline 1: PID User defined signal 2   sleep 5\n", 0);
  t("named once only", "exec 3>&2 2>e; sleep 5 & p=$!; kill -9 $p; sleep 0.3; wait $p; echo \"st $?\"; exec 2>&3; sed -E 's/^[^ ]+: line/line/; s/ *[0-9]+ (Killed|Segm|User)/ PID \\1/' e", "st 137\nline 1: PID Killed                  sleep 5\n", 0);
  t("a signal the shell traps goes unnamed", "exec 3>&2 2>e; trap 'echo hup' HUP; sleep 5 & sleep 0.1; kill -HUP $!; wait $!; echo \"st $?\"; exec 2>&3; sed -E 's/^[^ ]+: line/line/; s/ *[0-9]+ (Killed|Segm|User)/ PID \\1/' e", "st 129\n", 0);
}

{
  // The CHLD trap: once for each child bash would have (a program, a ( ), a substitution, each
  // pipeline stage, an & job), before the next command.
  const t = section('traps');
  t("the CHLD trap runs after each child", "trap \"echo c\" CHLD; /bin/true; echo x; true; echo y; (exit 1); echo z; sleep 0.1 & wait; echo w", "c\nx\ny\nc\nz\nc\nw\n", 0);
  t("substitutions, pipeline stages and functions' children", "trap \"echo c\" CHLD; echo $(echo sub); echo v; true | true; echo u; f() { /bin/true; echo inf; }; f; x=$(/bin/true); echo b", "sub\nc\nv\nc\nc\nu\nc\ninf\nc\nb\n", 0);
  t("jobs, loops and a subshell's own children", "trap \"echo c\" CHLD; /bin/true & /bin/true & wait; echo d; for i in 1 2; do /bin/true; done; echo e; (/bin/true; /bin/true); echo f", "c\nc\nd\nc\nc\ne\nc\nf\n", 0);
  t("children the handler starts count with the next one", "n=0; trap \"n=\\$((n+1)); /bin/true\" CHLD; /bin/true; echo \"x $n\"; /bin/true; echo \"y $n\"", "x 1\ny 3\n", 0);
  t("an ignored or reset CHLD trap runs nothing", "trap \"\" CHLD; /bin/true; trap \"echo c\" CHLD; trap - CHLD; /bin/true; echo done", "done\n", 0);
}
