// Conformance cases (expectations recorded by running bash 5.2): process substitution <( ) >( ) and extglob patterns.
import { section } from '../conformance-table.js';

// ---------------------------------------------------------------- procsubst
{
  const t = section('procsubst');
  t('<( ) gives a readable path', 'cat <(echo hello)', 'hello\n');
  t('two process substitutions', "diff <(printf 'a\\nb\\n') <(printf 'a\\nc\\n'); echo \"st=$?\"", '2c2\n< b\n---\n> c\nst=1\n');
  t('the path is /dev/fd/N', "echo <(true) | grep -c '^/dev/fd/[0-9]*$'", '1\n');
  t('reading a process substitution with a redirection', "while read -r l; do echo \"<$l>\"; done < <(printf 'x\\ny\\n')", '<x>\n<y>\n');
  t('variables set in a loop fed by <( ) stay', 'n=0; while read -r l; do n=$((n+1)); done < <(seq 5); echo $n', '5\n');
  t('mapfile from <( )', "mapfile -t a < <(printf '1\\n2\\n3\\n'); echo \"${#a[@]} ${a[2]}\"", '3 3\n');
  t('>( ) receives output', 'echo sent > >(cat > out.txt); wait; sleep 0.2; cat out.txt', 'sent\n');
  t('tee into a process substitution', 'echo data | tee >(tr a-z A-Z > up.txt) > /dev/null; sleep 0.3; cat up.txt', 'DATA\n');
  t('a builtin reading a process substitution path', 'read -r x < <(echo builtin-read); echo "$x"', 'builtin-read\n');
  t('process substitution with a pipeline inside', 'cat <(echo b; echo a | tr a z)', 'b\nz\n');
  t('process substitution in a function argument', 'f() { cat "$1"; }; f <(echo via-arg)', 'via-arg\n');
  t('sourcing a process substitution', "source <(echo 'sv=sourced'); echo \"$sv\"", 'sourced\n');
  t('process substitution sees variables', 'x=vis; cat <(echo "$x")', 'vis\n');
  t('exit status of the command using it', 'cat <(false); echo "st=$?"', 'st=0\n');
  t('wc of a process substitution', 'wc -l < <(seq 3)', '3\n');
  t('paste two process substitutions', "paste <(printf '1\\n2\\n') <(printf 'a\\nb\\n')", '1\ta\n2\tb\n');
  t('process substitution in an array element', 'a=(<(echo x)); cat "${a[0]}"', '', 1);
  t('process substitution in a for loop body', 'for i in 1 2; do cat <(echo "it $i"); done', 'it 1\nit 2\n');
  t('sort of a process substitution', "sort <(printf 'b\\na\\nc\\n')", 'a\nb\nc\n');
  t('process substitution inside a command substitution', 'x=$(cat <(echo inner)); echo "[$x]"', '[inner]\n');
  t('grep -f with a process substitution', "printf 'apple\\nbanana\\ncherry\\n' | grep -f <(echo an)", 'banana\n');
  t('<( ) is not expanded in double quotes', 'echo "<(echo x)"', '<(echo x)\n');
  t('wait waits for the last process substitution', 'echo x > >(sleep 0.2; cat); wait; echo after', 'x\nafter\n');
  t('$! names a process substitution', ': <(true); [[ $! =~ ^[0-9]+$ ]] && echo set; wait $!; echo $?', 'set\n0\n');
  t('a process substitution still writing when the script ends', 'echo x > >(sleep 0.2; cat); echo first', 'first\nx\n');
}

// ---------------------------------------------------------------- extglob
{
  const t = section('extglob');
  t('extglob operators in [[ ]] without shopt', "[[ ab == @(a|b)b ]] && echo at; [[ ab == !(x)* ]] && echo not; [[ aaa == +(a) ]] && echo plus; [[ '' == *(a) ]] && echo star; [[ b == ?(a)b ]] && echo opt", 'at\nnot\nplus\nstar\nopt\n');
  t('!( ) negation in [[ ]]', '[[ foo == !(foo) ]] || echo no1; [[ bar == !(foo) ]] && echo yes1; [[ a == !(a)* ]] && echo yes2', 'no1\nyes1\nyes2\n');
  t('extglob in case needs shopt -s extglob', 'shopt -s extglob\ncase ab in @(a|x)b) echo m1;; esac; case "a b" in @(a b)) echo m2;; esac; case x.txt in !(*.log)) echo m3;; esac', 'm1\nm2\nm3\n');
  t('extglob in file names', 'shopt -s extglob\ntouch a.txt b.txt c.log; echo @(a|b).txt; echo !(a).txt; echo *.@(txt|log); echo +(a).txt; echo ?(z)a.txt', 'a.txt b.txt\nb.txt\na.txt b.txt c.log\na.txt\na.txt\n');
  t('!(pattern) excludes', 'shopt -s extglob\ntouch a.txt b.txt c.log; echo !(*.txt)', 'c.log\n');
  t('extglob with dotglob', 'shopt -s extglob dotglob\nmkdir t; cd t; touch .h a.txt b.log; echo !(*.txt)', '.h b.log\n');
  t('an unmatched extglob stays literal', 'shopt -s extglob\necho @(x|y)z', '@(x|y)z\n');
  t('extglob in parameter expansions', 'shopt -s extglob\nx=aaa; echo ${x//+(a)/b} ${x/#*(a)/c} ${x%%@(a|aa)}', 'b c a\n');
  t('longest match with alternatives', 'shopt -s extglob\nx=abab; echo ${x%%@(ab|abab)} ${x##@(a|ab)} ${x#@(a|ab)}', 'ab bab\n');
  t('quoted parts inside a group are literal', "shopt -s extglob\ncase ab in @(\"a\"b|x)) echo q1;; esac; case 'a|b' in @(a|b)) echo bad;; \"a|b\") echo literal;; esac", 'q1\nliteral\n');
  t('an extglob pattern from a variable', "shopt -s extglob\np='@(ab|cd)'; case cd in $p) echo var;; esac", 'var\n');
  t('nested extglob groups', 'shopt -s extglob\n[[ abcabc == +(a@(b|x)c) ]] && echo nested', 'nested\n');
  t('extglob with brackets and classes', 'shopt -s extglob\n[[ a1b2 == +([a-z][[:digit:]]) ]] && echo cls', 'cls\n');
  t('*( ) matches empty', 'shopt -s extglob\n[[ x == x*(y) ]] && echo e1; [[ xyy == x*(y) ]] && echo e2; [[ xz == x*(y) ]] || echo e3', 'e1\ne2\ne3\n');
  t('!( ) with a suffix', 'shopt -s extglob\n[[ foo.c == !(*.h).c ]] && echo c; [[ a.h == !(*.h) ]] || echo h', 'c\nh\n');
  t('extglob syntax is a parse error without shopt', 'echo @(a|b) 2>/dev/null; echo never', '', 2);
  t('extglob in ${x#pat} with !()', 'shopt -s extglob\nx=abc; echo ${x#!(a)}; echo ${x##!(x)}', 'abc\n\n');
  t('extglob in a replacement', "shopt -s extglob\nx='a  b   c'; echo \"${x//+( )/ }\"", 'a b c\n');
  t('@(|x) with an empty alternative', "shopt -s extglob\n[[ '' == @(|x) ]] && echo empty; [[ x == @(|x) ]] && echo x", 'empty\nx\n');
  t('extglob characters are literal when quoted', "shopt -s extglob\n[[ '@(a)' == '@(a)' ]] && echo lit; [[ a == \"@(a)\" ]] || echo quoted", 'lit\nquoted\n');
}
