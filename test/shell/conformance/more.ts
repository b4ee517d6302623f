// Conformance cases (expectations recorded by running bash 5.2): more extglob (globs, nesting, negation), process substitution and tilde expansion.
import { section } from '../conformance-table.js';

// ---------------------------------------------------------------- extglob
{
  const t = section('extglob');
  t('!( ) in a glob excludes a suffix', 'shopt -s extglob; touch a.txt b.log c.txt d; echo !(*.txt)', '', 2);
  t('alternation with @() in a glob', 'shopt -s extglob; touch x1 y2 z3; echo @(x|z)*', '', 2);
  t('+( ) one or more', 'shopt -s extglob; touch aa ab aaa b; echo +(a)', '', 2);
  t('*( ) zero or more in a glob', 'shopt -s extglob; touch b ab aab c; echo *(a)b', '', 2);
  t('?( ) optional', 'shopt -s extglob; touch f fx fxx; echo f?(x)', '', 2);
  t('nested extglob', 'shopt -s extglob; [[ abab == +(a|b) ]] && echo y1; [[ abc == +(a|+(b)) ]] || echo n1', 'y1\nn1\n');
  t('!( ) does not match dotfiles by default', 'shopt -s extglob; touch .hidden vis; echo !(vis)', '', 2);
  t('extglob with a character class', 'shopt -s extglob; [[ 123 == +([[:digit:]]) ]] && echo num; [[ 12a == +([[:digit:]]) ]] || echo notnum', 'num\nnotnum\n');
  t('extglob in a parameter replace', 'shopt -s extglob; x=aaabbbccc; echo ${x//+(b)/-} ${x##*(a)} ${x%%+(c)}', 'aaa-ccc bbbccc aaabbb\n');
  t('extglob in case patterns', 'shopt -s extglob; for w in cat dog bird; do case $w in @(cat|dog)) echo "pet $w";; *) echo "other $w";; esac; done', '', 2);
  t('!( ) in [[ ]]', '[[ foo == !(f*) ]] || echo starts-f; [[ bar == !(f*) ]] && echo not-f', 'starts-f\nnot-f\n');
  t('empty alternative', "shopt -s extglob; [[ '' == @(|x) ]] && echo empty; [[ x == @(|x) ]] && echo x", 'empty\nx\n');
  t('!( ) matching the empty string', "shopt -s extglob; [[ '' == !(a) ]] && echo matches-empty", 'matches-empty\n');
  t('escaped pipe in an extglob', "shopt -s extglob; [[ 'a|b' == @(a\\|b) ]] && echo lit", 'lit\n');
  t('extglob off makes ( a syntax error', "bash_like=1; eval 'echo @(a)' 2>/dev/null; echo \"st=$?\"", 'st=2\n');
  t('extglob with no match stays literal', 'shopt -s extglob; echo @(nomatch*)', '', 2);
  t('extglob with nullglob', 'shopt -s extglob nullglob; echo "[" @(nomatch*) "]"', '', 2);
  t('extglob star inside', 'shopt -s extglob; [[ abcde == a*(b|c)de ]] && echo yes', 'yes\n');
  t('extglob on a path with a directory', 'shopt -s extglob; mkdir -p d; touch d/a.c d/b.h; echo d/!(*.c)', '', 2);
  t('extglob negation of several', 'shopt -s extglob; touch a.c b.h c.o; echo !(*.c|*.h)', '', 2);
}

// ---------------------------------------------------------------- procsubst
{
  const t = section('procsubst');
  t('nested process substitution', 'cat <(cat <(echo inner))', 'inner\n');
  t('paste two process substitutions (procsubst, more)', "paste -d, <(printf '1\\n2\\n') <(printf 'a\\nb\\n')", '1,a\n2,b\n');
  t('exec a process substitution onto an fd', 'exec 3< <(echo via-exec); read -r l <&3; echo "$l"', 'via-exec\n');
  t('process substitution in a for list', 'for f in <(echo a) <(echo b); do cat "$f"; done', 'a\n', 1, { aoshDiffers: { reason: 'bash closes the second fd once the first command in the loop has run (cat: /dev/fd/62: No such file); aosh keeps both open', stdout: 'a\nb\n', status: 0 } });
  t('procsubst output into a while loop in a function', 'f() { local n=0; while read -r _; do n=$((n+1)); done < <(seq 3); echo $n; }; f', '3\n');
  t('comm of two sorted process substitutions', "comm -12 <(printf 'a\\nb\\nc\\n') <(printf 'b\\nc\\nd\\n')", 'b\nc\n');
  t('>( ) with tee and a wait', 'echo hello | tee >(tr a-z A-Z > up) > /dev/null; sleep 0.3; cat up', 'HELLO\n');
  t('a procsubst sees the positional parameters', 'set -- p1 p2; cat <(echo "$@")', 'p1 p2\n');
  t('process substitution and $?', 'cat <(exit 3); echo "st=$?"', 'st=0\n');
  t('grep from a process substitution', "grep -c x <(printf 'x\\ny\\nx\\n')", '2\n');
  t('wc -l < <( )', "wc -l < <(printf 'a\\nb\\n')", '2\n');
  t('mapfile from a procsubst in a function keeps the array', "f() { mapfile -t arr < <(printf 'q\\nr\\n'); echo \"${arr[1]}\"; }; f", 'r\n');
  t('two readers of procsubsts in one command', 'cat <(echo one) - <<< two <(echo three)', 'one\ntwo\nthree\n');
  t('procsubst with a here-string inside', 'cat <(cat <<< "hs")', 'hs\n');
  t('process substitution inside double quotes is literal', 'echo "<(echo x)"', '<(echo x)\n');
  t('procsubst as an argument to source with args', "source <(echo 'echo \"$1\"') arg1", 'arg1\n');
  t('read -r from procsubst with IFS', 'IFS=: read -r a b < <(echo x:y); echo "$b$a"', 'yx\n');
  t('diff exit status with identical inputs', 'diff <(echo same) <(echo same) && echo identical', 'identical\n');
  t('process substitution in an assignment is not expanded', 'x=<(true); [[ $x == /dev/fd/* ]] && echo fdpath', 'fdpath\n');
  t('sort of a process substitution (procsubst, more)', "sort -r <(printf '1\\n3\\n2\\n')", '3\n2\n1\n');
}

// ---------------------------------------------------------------- tilde-assign
{
  const t = section('tilde-assign');
  t('tilde after = in an echo argument', 'HOME=/h; echo a=~/x b=~', 'a=/h/x b=/h\n');
  t('tilde in the middle of a word is literal', 'HOME=/h; echo x~ a~/b', 'x~ a~/b\n');
  t('~+ and ~-', 'cd /tmp; cd /; echo ~+ ~-', '/ /tmp\n');
  t('quoted tilde is literal (tilde-assign, more)', "HOME=/h; echo \"~\" '~' \\~", '~ ~ ~\n');
  t('tilde in an assignment after a colon', 'HOME=/h; x=a:~:~/b; echo "$x"', 'a:/h:/h/b\n');
  t('tilde with an empty HOME', 'HOME=; echo "[~]"', '[~]\n');
  t('~user for root', 'echo ~root', '/root\n');
  t('~unknownuser stays literal', 'echo ~nosuchuser_zz/x', '~nosuchuser_zz/x\n');
  t('tilde in array elements', 'HOME=/h; a=(~ ~/x "~"); echo "${a[@]}"', '/h /h/x ~\n');
  t('tilde in declare and local', 'HOME=/h; declare d=~/d; f() { local l=~/l; echo $l; }; f; echo $d', '/h/l\n/h/d\n');
  t('tilde in export', 'HOME=/h; export E=~/e; echo $E', '/h/e\n');
  t('tilde in ${x:-~}', 'HOME=/h; unset u; echo ${u:-~} ${u:-~/y} "${u:-~}"', '/h /h/y ~\n');
  t('tilde in [[ ]] (tilde-assign, more)', 'HOME=/h; [[ ~ == /h ]] && echo eq', 'eq\n');
  t('tilde in case word', 'HOME=/h; case ~ in /h) echo home;; esac', 'home\n');
  t('tilde in a for list', 'HOME=/h; for d in ~ ~/a; do echo $d; done', '/h\n/h/a\n');
  t('tilde followed by a backslash', 'HOME=/h; echo ~\\/x', '~/x\n');
  t('tilde in a redirection target (tilde-assign, more)', 'HOME=$PWD; echo hi > ~/t.txt; cat t.txt', 'hi\n');
  t('tilde in PATH-like assignment with prefix var', 'HOME=/h; PATH2=/bin:~/bin; echo $PATH2', '/bin:/h/bin\n');
  t('tilde in an argument of a declaration with +=', 'HOME=/h; x=a; x+=:~/b; echo $x', 'a:/h/b\n');
  t('tilde-prefix with a slash only', 'HOME=/h/; echo ~/x', '/h//x\n');
}
{
  const t = section('declare-misc');
  // Listing functions by attribute: -x/-r/-t pick them, and -f follows each definition with its attributes.
  t('declare -xF and -rF list only the functions with that attribute', 'f(){ :; }; g(){ :; }; h(){ :; }; export -f f; readonly -f g; declare -xF; declare -rF; declare -F', 'declare -fx f\ndeclare -fr g\ndeclare -fx f\ndeclare -fr g\ndeclare -f h\n');
  t('declare -f prints the attributes after each definition', 'f(){ :; }; export -f f; readonly -f f; declare -f; declare -xf | tail -1', 'f () \n{ \n    :\n}\ndeclare -frx f\ndeclare -frx f\n');
  t('export -f and readonly -f with no names list their own', 'f(){ echo 1; }; g(){ :; }; export -f f; readonly -f g; export -f; readonly -f', 'f () \n{ \n    echo 1\n}\ndeclare -fx f\ng () \n{ \n    :\n}\ndeclare -fr g\n');
  t('declare -tF lists traced functions', 'f(){ :; }; g(){ :; }; declare -t -f g; declare -tF', 'declare -ft g\n');
}
{
  const t = section('heredoc');
  // Unquoted, a backslash-newline joins lines before the delimiter is looked for.
  t('a delimiter split by backslash-newline ends an unquoted document', 'cat <<EOF\nhi\nEO\\\nF\necho after', 'hi\nafter\n');
  t('backslash-newline inside an unquoted document joins the lines', 'cat <<EOF\na\\\nb\nEOF', 'ab\n');
  t('a quoted document keeps backslash-newline and its delimiter must stand alone', "cat <<'EOF'\nEO\\\nF\nEOF", 'EO\\\nF\n');
  t('an escaped backslash at the end of a line does not join', 'cat <<EOF\nx \\\\\nEOF', 'x \\\n');
}
{
  const t = section('pipelines');
  // `!` may repeat with nothing after it, and `time --` ends time's options.
  t('a doubled bang with no command is status 0', '! !; echo $?; ! ! !; echo $?', '0\n1\n');
  t('a doubled bang at the end of a line', '! !\necho $?', '0\n');
  t('time -- runs the command after the double dash', 'time -- echo ran 2>/dev/null; time -p -- echo again 2>/dev/null', 'ran\nagain\n');
}
{
  const t = section('shell-vars');
  t('HISTCMD is 0 in a script, an integer, and ignores assignments', 'echo "[$HISTCMD]"; declare -p HISTCMD; HISTCMD=5; echo $HISTCMD; unset HISTCMD; echo "[${HISTCMD-unset}]"', '[0]\ndeclare -i HISTCMD="0"\n0\n[unset]\n');
}
