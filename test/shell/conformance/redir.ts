// Conformance cases (expectations recorded by running bash 5.2): several redirections of one fd, {var}, n>&m-, noclobber, heredocs with other redirections.
import { section } from '../conformance-table.js';

// ---------------------------------------------------------------- redirects-multi
{
  const t = section('redirects-multi');
  t('two output redirections of one fd: last wins', 'echo hi > a > b; echo "a=[$(cat a)] b=[$(cat b)]"', 'a=[] b=[hi]\n');
  t('input redirected twice', 'echo one > f1; echo two > f2; cat < f1 < f2', 'two\n');
  t('stdout and stderr to the same file', '{ echo out; echo err >&2; } > both 2>&1; sort both', 'err\nout\n');
  t('order of 2>&1 and >file', '{ echo err >&2; } 2>&1 > /dev/null | cat', 'err\n');
  t('&> and &>>', '{ echo o; echo e >&2; } &> f; { echo o2; } &>> f; cat f', 'o\ne\no2\n');
  t('>& file form', '{ echo o; echo e >&2; } >& g; sort g', 'e\no\n');
  t('duplicate and close', 'exec 3>out3; echo via3 >&3; exec 3>&-; cat out3', 'via3\n');
  t('writing to a closed fd', 'echo x >&-; echo "st=$?"', 'st=1\n');
  t('moving a fd with n>&m-', 'exec 4>m4; exec 5>&4-; echo moved >&5; exec 5>&-; cat m4; echo x >&4; echo "st=$?"', 'moved\nst=1\n');
  t('bad file descriptor message', 'echo x >&7; echo "st=$?"', 'st=1\n');
  t('{var} allocates a descriptor', 'exec {fd}>vf; echo "fd>=10: $((fd >= 10))"; echo into >&$fd; exec {fd}>&-; cat vf', 'fd>=10: 1\ninto\n');
  t('{var}< reading', 'echo line1 > rf; exec {r}<rf; read -r l <&$r; echo "$l"; exec {r}<&-', 'line1\n');
  t('<> read-write', 'echo abc > rw; exec 3<>rw; read -n 1 c <&3; echo -n Z >&3; exec 3>&-; echo "$c $(cat rw)"', 'a aZc\n');
  t('>| overrides noclobber', 'set -C; echo a > nc; echo b > nc; echo "st=$?"; echo c >| nc; cat nc', 'st=1\nc\n');
  t('noclobber allows /dev/null', 'set -C; echo x > /dev/null; echo "st=$?"', 'st=0\n');
  t('here-string with multiple redirections', 'cat <<< "hs" 3>/dev/null', 'hs\n');
  t('heredoc and here-string together: last wins', 'cat <<EOF <<< "string"\nheredoc\nEOF', 'string\n');
  t('redirection on a compound command', '{ echo a; echo b; } > cb; while read -r l; do echo "[$l]"; done < cb', '[a]\n[b]\n');
  t('redirection on a function definition', 'f() { echo in-f; } > fo; f; cat fo', 'in-f\n');
  t('redirection errors do not run the command', 'echo nope > /nonexistent/dir/file; echo "st=$?"', 'st=1\n');
  t('redirection error on a builtin in a list', 'cd / 2>/nonexist/x; echo "st=$?"', 'st=1\n');
  t('ambiguous redirect', "x='a b'; echo hi > $x; echo \"st=$?\"", 'st=1\n');
  t('empty redirect target', 'e=; echo hi > $e; echo "st=$?"', 'st=1\n');
  t('redirect with a glob target', 'touch g1; echo hi > g*; cat g1', 'hi\n');
  t('stderr of a pipeline stage', '{ echo e1 >&2; echo o1; } 2>&1 | sort', 'e1\no1\n');
  t('exec with only redirections persists', 'exec 6>p6; echo one >&6; echo two >&6; exec 6>&-; cat p6', 'one\ntwo\n');
  t('fd inherited by external commands', "exec 3>ext3; sh -c 'echo from-sh >&3'; exec 3>&-; cat ext3", 'from-sh\n');
  t('redirecting stdin of a loop and reading inside', "printf '1\\n2\\n' > in; while read -r a; do read -r b < /dev/null; echo \"$a${b:-}\"; done < in", '1\n2\n');
  t('duplicating stdin', 'echo dup > d; exec 3<d; cat <&3', 'dup\n');
  t('1>&2 2>&1 swap via a third fd', '{ echo o; echo e >&2; } 3>&1 1>&2 2>&3 2>/dev/null', '');
  t('>>append creates', 'echo a >> ap; echo b >> ap; cat ap', 'a\nb\n');
  t('redirection expansions', 'n=out; echo val > "$n.txt"; cat out.txt', 'val\n');
  t('tilde in a redirection target', 'HOME=$PWD; echo t > ~/tf; cat tf', 't\n');
  t('numbers above 9', 'exec 12>n12; echo twelve >&12; exec 12>&-; cat n12', 'twelve\n');
  t('redirection before the command', '> pre echo first; cat pre', 'first\n');
  t('/dev/stdout and /dev/stderr', '{ echo so > /dev/stdout; echo se 2>&1 > /dev/stderr; } > out 2>&1; cat out', 'se\n');
  t('reading from /dev/stdin', 'echo ds | cat /dev/stdin', 'ds\n');
  t('0< explicit', 'echo z > zf; cat 0< zf', 'z\n');
  t('2> for a missing command', "nosuch_cmd_x 2> errf; echo \"st=$?\"; grep -c 'not found' errf", 'st=127\n1\n');
  t('exec redirect error status', 'exec 3< /nonexistent; echo "st=$?"', 'st=1\n');
  t('exec redirect error in a script stops it', 'exec 3< /nonexistent\necho not-reached', 'not-reached\n');
  t('redirect in a subshell does not leak', '( exec 1>sub ); echo visible', 'visible\n');
  t('closing stdout then writing', '( exec >&-; echo x ) ; echo "st=$?"', 'st=1\n');
  t('redirection of a builtin in a pipeline', 'echo a | read -r v 2>/dev/null; echo "v=$v"', 'v=\n');
  t('multiple heredocs to different fds', 'cat <<A /dev/fd/3 3<<B\nfrom-a\nA\nfrom-b\nB', 'from-b\n');
  t('heredoc with tab stripping', 'cat <<-X\n\ttabbed\n\tX', 'tabbed\n');
  t('redirect stderr to stdout inside $( )', 'x=$(echo err >&2 2>&1); echo "[$x]"; y=$( { echo err2 >&2; } 2>&1 ); echo "[$y]"', '[]\n[err2]\n');
  t('> /dev/stderr truncates a file behind stderr', '{ echo one >&2; echo two > /dev/stderr; } 2> log; cat log', 'two\n');
  t('>> /dev/stdout appends', '{ echo a; echo b >> /dev/stdout; } > f; cat f', 'a\nb\n');
  t('< /dev/stdin reopens a file from the start', 'echo l1 > in; { read -r x; cat < /dev/stdin; } < in; echo "x=$x"', 'l1\nx=l1\n');
  t('/dev/fd/3 opened anew for a file', 'exec 3> f3; echo first >&3; echo second > /dev/fd/3; exec 3>&-; cat f3', 'second\n');
}
