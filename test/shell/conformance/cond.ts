// Conformance cases (expectations recorded by running bash 5.2): =~ and BASH_REMATCH, [[ ]] string/number/file edge cases, test builtin, malformed [[ ]].
import { section } from '../conformance-table.js';

// ---------------------------------------------------------------- regex
{
  const t = section('regex');
  t('simple match sets BASH_REMATCH', '[[ abc123 =~ ([a-z]+)([0-9]+) ]] && echo "${BASH_REMATCH[0]} ${BASH_REMATCH[1]} ${BASH_REMATCH[2]}"', 'abc123 abc 123\n');
  t('no match clears BASH_REMATCH', '[[ ab =~ (a) ]]; [[ xy =~ (a) ]]; echo "st=$? n=${#BASH_REMATCH[@]}"', 'st=1 n=0\n');
  t('quoted part matches literally', "[[ 'a.c' =~ \"a.c\" ]] && echo y; [[ 'abc' =~ \"a.c\" ]] || echo n", 'y\nn\n');
  t('quoted dot inside a regex', "[[ 'x.y' =~ x\".\"y ]] && echo lit; [[ 'xzy' =~ x\".\"y ]] || echo nolit", 'lit\nnolit\n');
  t('regex in a variable is a regex', "re='^[0-9]+$'; [[ 42 =~ $re ]] && echo num; [[ 4a =~ $re ]] || echo notnum", 'num\nnotnum\n');
  t('quoted variable is literal', "re='a.c'; [[ abc =~ \"$re\" ]] || echo literal; [[ a.c =~ \"$re\" ]] && echo ok", 'literal\nok\n');
  t('unanchored match anywhere', "[[ 'hello world' =~ o\\ w ]] && echo \"m=${BASH_REMATCH[0]}\"", 'm=o w\n');
  t('anchors', '[[ foo =~ ^f ]] && echo start; [[ foo =~ o$ ]] && echo end; [[ foo =~ ^o ]] || echo nostart', 'start\nend\nnostart\n');
  t('optional group unmatched is empty', '[[ ac =~ a(b)?c ]] && echo "[${BASH_REMATCH[1]}] ${#BASH_REMATCH[@]}"', '[] 2\n');
  t('alternation', '[[ cat =~ ^(dog|cat)$ ]] && echo "${BASH_REMATCH[1]}"', 'cat\n');
  t('bracket expressions with classes', "[[ 'a1 ' =~ ^[[:alpha:]][[:digit:]][[:space:]]$ ]] && echo cls", 'cls\n');
  t('invalid regex status 2', "[[ a =~ '(' ]]; echo \"quoted=$?\"; re='('; [[ a =~ $re ]]; echo \"st=$?\"", 'quoted=1\nst=2\n');
  t('BASH_REMATCH declare -p', '[[ xyz =~ (y)(z) ]]; declare -p BASH_REMATCH', 'declare -a BASH_REMATCH=([0]="yz" [1]="y" [2]="z")\n');
  t('regex with spaces via variable', "re='a b'; [[ 'xa by' =~ $re ]] && echo \"<${BASH_REMATCH[0]}>\"", '<a b>\n');
  t('nested groups (regex)', '[[ 2024-01-15 =~ ^(([0-9]{4})-([0-9]{2}))-([0-9]{2})$ ]] && echo "${BASH_REMATCH[@]}"', '2024-01-15 2024-01 2024 01 15\n');
  t('negated regex', '[[ ! abc =~ z ]] && echo notz', 'notz\n');
  t('backslash escapes in regex', "[[ 'a+b' =~ a\\+b ]] && echo plus; [[ 'a*b' =~ 'a*b' ]] && echo star", 'plus\nstar\n');
  t('greedy leftmost-longest', '[[ aaa =~ a* ]] && echo "${BASH_REMATCH[0]}"', 'aaa\n');
  t('BASH_REMATCH in a loop', 'for w in x1 y22 z; do [[ $w =~ [0-9]+ ]] && echo "$w:${BASH_REMATCH[0]}"; done', 'x1:1\ny22:22\n', 1);
  t('regex with a closing bracket first in a class', "[[ ']' =~ []] ]] && echo br", 'br\n');
  t('regex with parenthesis literal via backslash', "[[ 'f(x)' =~ f\\(x\\) ]] && echo paren", 'paren\n');
  t('case-insensitive with nocasematch', 'shopt -s nocasematch; [[ ABC =~ ^abc$ ]] && echo ci', 'ci\n');
  t('regex with pipe in unquoted group', '[[ b =~ ^(a|b)$ ]] && echo alt', 'alt\n');
  t('matching an empty string', "[[ '' =~ ^$ ]] && echo empty", 'empty\n');
  t('regex on a number from arithmetic', 'x=$((6*7)); [[ $x =~ ^4 ]] && echo four', 'four\n');
  t('BASH_REMATCH is not readonly', '[[ ab =~ a ]]; BASH_REMATCH=(q); echo "${BASH_REMATCH[0]}"', 'q\n');
  t('partial quoting with a star', "[[ 'ab*' =~ ab'*' ]] && echo starlit; [[ 'abbb' =~ ab'*' ]] || echo notrep", 'starlit\nnotrep\n');
  t('dollar in a quoted part', "[[ 'a$' =~ a'$' ]] && echo dl", 'dl\n');
  t('multi-digit references', '[[ abcdefghijk =~ (a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k) ]] && echo "${BASH_REMATCH[11]}"', 'k\n');
  t('unicode characters', "[[ 'héllo' =~ h(.)l ]] && echo \"${BASH_REMATCH[1]}\"", 'é\n');
}

// ---------------------------------------------------------------- cond
{
  const t = section('cond');
  t('string equality and inequality', '[[ a == a ]] && echo eq; [[ a != b ]] && echo ne', 'eq\nne\n');
  t('pattern on the right', '[[ foobar == foo* ]] && echo glob; [[ foobar == "foo*" ]] || echo quoted', 'glob\nquoted\n');
  t('pattern from a variable', "p='f*'; [[ foo == $p ]] && echo var; [[ foo == \"$p\" ]] || echo qvar", 'var\nqvar\n');
  t('string ordering', '[[ a < b ]] && echo lt; [[ b > a ]] && echo gt; [[ B < a ]] && echo upper', 'lt\ngt\nupper\n');
  t('numeric comparisons (cond)', '[[ 10 -gt 9 ]] && echo gt; [[ 010 -eq 8 ]] && echo octal; [[ 0x10 -eq 16 ]] && echo hex', 'gt\noctal\nhex\n');
  t('arithmetic in numeric operands', 'x=3; [[ x+1 -eq 4 ]] && echo expr; [[ 2*3 -eq 6 ]] && echo mul', 'expr\nmul\n');
  t('-z and -n', "[[ -z '' ]] && echo z; [[ -n x ]] && echo n; [[ '' ]] || echo emptyfalse", 'z\nn\nemptyfalse\n');
  t('and or grouping', "[[ a && ( b || '' ) ]] && echo grp; [[ ! ( a && '' ) ]] && echo not", 'grp\nnot\n');
  t('-v on set and unset', 'x=1; [[ -v x ]] && echo set; [[ -v nope ]] || echo unset', 'set\nunset\n');
  t('-v on array elements', "a=(1 '' 3); [[ -v a[1] ]] && echo e1; [[ -v a[5] ]] || echo no5", 'e1\nno5\n');
  t('-v on assoc elements', 'declare -A m=([k]=v); [[ -v m[k] ]] && echo k; [[ -v m[z] ]] || echo noz', 'k\nnoz\n');
  t('file tests (cond)', 'touch f; mkdir d; [[ -f f && -d d && -e f && ! -e nope ]] && echo files', 'files\n');
  t('-nt and -ot', "touch -d '2020-01-01' old; touch new; [[ new -nt old ]] && echo newer; [[ old -ot new ]] && echo older", 'newer\nolder\n');
  t('string with spaces without quotes', "x='a b'; [[ $x == 'a b' ]] && echo nosplit", 'nosplit\n');
  t('empty variable without quotes', "unset e; [[ $e == '' ]] && echo empty; [[ -z $e ]] && echo z", 'empty\nz\n');
  t('invalid number is an error', '[[ abc -eq 1 ]]; echo "st=$?"', 'st=1\n');
  t('-eq with leading spaces', "[[ ' 5' -eq 5 ]] && echo sp", 'sp\n');
  t('integer too large wraps', '[[ 9223372036854775808 -eq -9223372036854775808 ]] && echo wrap', 'wrap\n');
  t('= is the same as ==', '[[ abc = a?c ]] && echo single', 'single\n');
  t('=~ versus == precedence in compound', '[[ a == a && b =~ ^b ]] && echo both', 'both\n');
  t('-o option test', 'set -o noglob; [[ -o noglob ]] && echo on; [[ -o nosuchopt ]] || echo st=$?', 'on\nst=1\n');
  t('-t on a non-terminal', '[[ -t 0 ]] < /dev/null || echo notty', 'notty\n');
  t('extglob in [[ ]] without shopt', '[[ abc == @(abc|def) ]] && echo ext', 'ext\n');
  t('test builtin numeric errors', 'test a -eq 1; echo "st=$?"', 'st=2\n');
  t('test with too many arguments', 'test a b c; echo "st=$?"', 'st=2\n');
  t('[ missing bracket', '[ a = a; echo "st=$?"', 'st=2\n');
  t('test -a and -o', "test a -a '' ; echo $?; test a -o ''; echo $?", '1\n0\n');
  t('test with one argument', "test -n; echo $?; test ''; echo $?; test -z; echo $?", '0\n1\n0\n');
  t('test ! negation', "test ! a; echo $?; test ! ''; echo $?", '1\n0\n');
  t('test with parentheses', 'test \\( a = a \\) -a \\( b = b \\); echo $?', '0\n');
  t('[ string comparisons with < needs escaping', '[ a \\< b ]; echo $?; [ b \\> a ]; echo $?', '0\n0\n');
  t('test -v array element', "a=(x); test -v 'a[0]' && echo v0; test -v 'a[1]' || echo nov1", 'v0\nnov1\n');
  t('[[ with newlines inside', 'if [[ a == a &&\n  b == b ]]; then echo multi; fi', 'multi\n');
  t('== with a quoted star in the middle', "[[ 'a*c' == a\\*c ]] && echo esc; [[ abc == a\\*c ]] || echo noesc", 'esc\nnoesc\n');
  t('character class in [[ pattern', '[[ x5 == x[[:digit:]] ]] && echo digit', 'digit\n');
  t('nocasematch applies to ==', 'shopt -s nocasematch; [[ ABC == abc ]] && echo ci; shopt -u nocasematch; [[ ABC == abc ]] || echo cs', 'ci\ncs\n');
  t('-ef on same file', 'touch a; ln -s a b; [[ a -ef b ]] && echo same', 'same\n');
  t('-s on empty and non-empty', ': > e; echo x > ne; [[ -s e ]] || echo empty; [[ -s ne ]] && echo nonempty', 'empty\nnonempty\n');
  t('-r -w -x', 'touch f; chmod 644 f; [[ -r f && -w f && ! -x f ]] && echo perms', 'perms\n');
  t('-h and -L on symlink', 'ln -s target l; [[ -h l && -L l ]] && echo link; [[ -e l ]] || echo dangling', 'link\ndangling\n');
  t('syntax error in [[', '[[ a == ]]; echo after', '');
  t('unexpected token in conditional', "eval '[[ a b ]]'; echo \"st=$?\"", 'st=2\n');
  t('-eq on negative numbers', '[[ -3 -lt -2 ]] && echo neg', 'neg\n');
  t('arithmetic error in [[ -eq', '[[ 1/0 -eq 1 ]]; echo "st=$?"', 'st=1\n');
  t('] inside [[ as a string', '[[ ] == ] ]] && echo bracket', 'bracket\n');
}
