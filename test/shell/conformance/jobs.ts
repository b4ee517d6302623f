// Conformance cases (expectations recorded by running bash 5.2): $!, wait (-n, -p, twice), kill, jobs, disown, background jobs.
import { section } from '../conformance-table.js';

// ---------------------------------------------------------------- jobs
{
  const t = section('jobs');
  t('fg, bg and suspend in a script: no job control', 'fg 2>&1 | grep -c "fg: no job control"; bg 2>/dev/null; echo $?; suspend 2>&1 | grep -c "suspend: cannot suspend: no job control"', '1\n1\n1\n');
  t('$! is set by a background job', 'sleep 0.1 & p=$!; [[ $p =~ ^[0-9]+$ ]] && echo num; wait $p; echo "st=$?"', 'num\nst=0\n');
  t('$! empty before any job', 'echo "[$!]"', '[]\n');
  t('wait returns the job status', '(exit 3) & wait $!; echo "st=$?"', 'st=3\n');
  t('wait with no arguments waits for all', '(sleep 0.1; echo a) & (sleep 0.2; echo b) & wait; echo done', 'a\nb\ndone\n');
  t('wait -n returns the first finished', '(sleep 0.3; exit 1) & (sleep 0.05; exit 7) & wait -n; echo "st=$?"; wait', 'st=7\n');
  t('wait -n with no jobs', 'wait -n; echo "st=$?"', 'st=127\n');
  t('wait on an unknown pid', 'wait 99999; echo "st=$?"', 'st=127\n');
  t('wait on the same pid twice', '(exit 4) & p=$!; wait $p; echo "a=$?"; wait $p; echo "b=$?"', 'a=4\nb=4\n');
  t('background job output', 'echo bg-out & wait', 'bg-out\n');
  t('background job does not change variables', 'x=1; x=2 & wait; echo $x', '1\n');
  t('background group', '{ echo g1; echo g2; } & wait', 'g1\ng2\n');
  t('background in a loop', '{ for i in 1 2 3; do (echo $i) & done; wait; } | sort', '1\n2\n3\n');
  t('$! of a pipeline is the last stage', 'sleep 0.1 | sleep 0.1 & p=$!; wait $p; echo "st=$?"', 'st=0\n');
  t('jobs -p prints pids', 'sleep 0.2 & jobs -p | grep -c .; wait', '1\n');
  t('kill a background job', 'sleep 5 & p=$!; kill $p; wait $p; echo "st=$?"', 'st=143\n');
  t('kill -0 on a running job', 'sleep 0.3 & kill -0 $! && echo alive; wait', 'alive\n');
  t('wait -n -p gives the pid', '(exit 2) & p=$!; wait -n -p got; echo "st=$? same=$([[ $got == $p ]] && echo y)"', 'st=2 same=y\n');
  t('exit status of & is zero', 'false & echo "st=$?"; wait', 'st=0\n');
  t('background function', 'f() { echo in-bg; return 5; }; f & wait $!; echo "st=$?"', 'in-bg\nst=5\n');
  t('wait for a job by %1', 'sleep 0.1 & wait %1; echo "st=$?"', 'st=0\n');
  t('a background job with redirection', 'echo to-file > bgf & wait; cat bgf', 'to-file\n');
  t('$? after wait with several pids', '(exit 1) & a=$!; (exit 2) & b=$!; wait $a $b; echo "st=$?"', 'st=2\n');
  t('background subshell sees a copy of variables', 'v=orig; (v=changed; echo "in=$v") & wait; echo "out=$v"', 'in=changed\nout=orig\n');
  t('disown removes the job', 'sleep 0.2 & disown; jobs | wc -l', '0\n');
  t('BASHPID differs in a background job', 'a=$BASHPID; (echo $(( BASHPID != a ))) & wait', '1\n');
  t('wait -f is accepted', 'sleep 0.05 & wait -f $!; echo "st=$?"', 'st=0\n');
}
