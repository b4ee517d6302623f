// Conformance cases (expectations recorded by running bash 5.2): shell options and what they
// change (xtrace output, noclobber, set -k), the environment programs see, and cd/pwd.
import { section } from '../conformance-table.js';

// ---------------------------------------------------------------- set-shopt
{
  const t = section('set-shopt');
  t("xtrace of [[ ]] shows empty operands as two quotes", "exec 2>&1; set -x; x=''; [[ $x ]]; [[ -z $x ]]; [[ $x == '' ]]; [[ a < \"\" ]]", "+ x=\n+ [[ -n '' ]]\n+ [[ -z '' ]]\n+ [[ '' == '' ]]\n+ [[ a < '' ]]\n", 1);
  t("xtrace of [[ ! test ]] keeps the negation, of ! ( group ) not", "exec 2>&1; set -x; [[ ! -d nodir ]]; [[ ! ( a == b ) ]]; [[ ! ! -n x ]]; [[ ! ( ! a ) ]]", "+ [[ ! -d nodir ]]\n+ [[ a == b ]]\n+ [[ -n x ]]\n+ [[ ! -n a ]]\n", 0);
  t("xtrace of [[ == ]] escapes every quoted pattern character", "exec 2>&1; set -x; x='q r'; [[ a == \"a b\" ]]; [[ a == $x ]]; [[ a == \"$x\"* ]]; [[ a != 'x\\y' ]]; [[ ab == a\\b ]] && echo m", "+ x='q r'\n+ [[ a == \\a\\ \\b ]]\n+ [[ a == q r ]]\n+ [[ a == \\q\\ \\r* ]]\n+ [[ a != \\x\\\\\\y ]]\n+ [[ ab == a\\b ]]\n+ echo m\nm\n", 0);
  t("xtrace of [[ =~ ]] quotes only regex characters", "exec 2>&1; set -x; [[ a =~ \"x.y\" ]]; [[ a =~ 'x y'$ ]]; [[ x =~ x ]] && echo m", "+ [[ a =~ x\\.y ]]\n+ [[ a =~ x y$ ]]\n+ [[ x =~ x ]]\n+ echo m\nm\n", 0);
  t("noclobber refuses a dangling symlink, >| follows it", "set -C; ln -s target dang; echo a > dang; echo $?; ls; echo b >| dang; cat target", "1\ndang\nb\n", 0);
  t("noclobber with &> and exec on a dangling symlink", "set -C; ln -s t1 d1; echo a &> d1; echo $?; ln -s t2 d2; exec 3> d2; echo $?; ls", "1\n1\nd1\nd2\n", 0);
  t("noclobber opens a non-regular file without truncating", "set -C; echo a > /dev/null; echo $?; mkfifo p; cat p > out & echo x > p; echo $?; wait; cat out", "0\n0\nx\n", 0);
  t("prefix assignments reach the environment in bash order", "c=3 a=1 b=2 env | grep -E '^(a|b|c)='; x=1 y=2 zz=3 env | grep -E '^(x|y|zz)='", "c=3\nb=2\na=1\nzz=3\ny=2\nx=1\n", 0);
  t("exported variables reach the environment in bash order", "export b=1 a=2 zz=5 foo=3 PATH2=x; env | grep -E '^(a|b|zz|foo|PATH2)='", "b=1\na=2\nzz=5\nfoo=3\nPATH2=x\n", 0);
  t("a function local and prefix assignments come first in the environment", "export b=1; f() { local -x loc=1 a=3; env | grep -E '^(a|b|loc|x|y)='; }; x=1 y=2 f", "loc=1\na=3\ny=2\nx=1\nb=1\n", 0);
  t("set -k assignments after the name are the command environment", "set -k; env c=3 a=1 b=2 | grep -E '^(a|b|c)='", "c=3\nb=2\na=1\n", 0);
}
