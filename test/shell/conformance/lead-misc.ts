// Conformance cases (expectations recorded by running bash 5.2): shell state the lead found
// while running bash's own test files and Debian's bash scripts under aosh.
import { section } from '../conformance-table.js';

{
  const t = section('set-shopt');
  t("set -o ignoreeof is IGNOREEOF set to 10", "IGNOREEOF=5; set -o | grep ignoreeof; unset IGNOREEOF; set -o | grep ignoreeof; set -o ignoreeof; echo \"[$IGNOREEOF]\"; set +o ignoreeof; echo \"[${IGNOREEOF-unset}]\"", "ignoreeof      \ton\nignoreeof      \toff\n[10]\n[unset]\n", 0);
}

{
  const t = section('command-lookup');
  t("command -v finds no alias while aliases do not expand", "alias m=more; command -v m; echo $?; shopt -s expand_aliases; command -v m; command -V m", "1\nalias m='more'\nm is aliased to `more'\n", 0);
  t("hash lists its table in bucket order", "for n in alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi; do hash -p /x/$n $n; done; hash; hash -l | head -3", "hits\tcommand\n   0\t/x/mu\n   0\t/x/epsilon\n   0\t/x/beta\n   0\t/x/kappa\n   0\t/x/xi\n   0\t/x/alpha\n   0\t/x/gamma\n   0\t/x/eta\n   0\t/x/iota\n   0\t/x/zeta\n   0\t/x/nu\n   0\t/x/lambda\n   0\t/x/theta\n   0\t/x/delta\nbuiltin hash -p /x/mu mu\nbuiltin hash -p /x/epsilon epsilon\nbuiltin hash -p /x/beta beta\n", 0);
  t("type, command -v/-V and hash -t count hits of a hashed command", "hash -p /bin/sh sh; command -v sh >/dev/null; hash -t sh; command -V sh >/dev/null; type -P sh >/dev/null; type -a sh >/dev/null; hash", "/bin/sh\nhits\tcommand\n   4\t/bin/sh\n", 0);
  t('type with a bad option fails with status 2', 'type -r ls 2>/dev/null; echo $?', '2\n', 0);
}

{
  const t = section('builtins');
  t("shift with too many arguments drops the rest of the line", "set -- a b c; shift 2 x; echo same line\necho next $? $#", "", 1);
}

{
  const t = section('declare-misc');
  t("declare -f refuses array, integer and nameref attributes", "a(){ :; }; declare -f -a a; echo $?; declare -f -i a; echo $?; declare -fn a; echo $?; declare -fl a >/dev/null; echo $?", "1\n1\n1\n0\n", 0);
  t("declare -f cannot make functions from assignments", "f(){ :; }; declare -f f=\"() { echo x; }\" f; echo $?; f; echo ok", "1\nok\n", 0);
  t("declare -f +r on a readonly function fails, on another prints nothing", "f(){ :; }; g(){ :; }; declare -fr f; declare -f +r f; echo $?; declare -f +r g; echo $?; declare -f +x g; echo $?", "1\n0\n0\n", 0);
  t("export and readonly refuse subscripted names", "export c[1]=x; echo $?; readonly d[1]; echo $?; declare -p c d 2>/dev/null; echo $?", "1\n1\n1\n", 0);
}

{
  const t = section('set-shopt');
  t("shopt -s -o with an unknown name still succeeds", "shopt -s -o nosuch 2>/dev/null; echo $?; shopt -u -o nosuch 2>/dev/null; echo $?; shopt -o nosuch 2>/dev/null; echo $?", "0\n0\n1\n", 0);
}

{
  const t = section('mapfile');
  t("mapfile with an empty array name is a usage error", "mapfile \"\" </dev/null; echo $?", "2\n", 0);
}

{
  const t = section('special-vars');
  t("the call-stack arrays cannot be unset", "unset BASH_SOURCE BASH_LINENO 2>/dev/null; echo $?; unset -v BASH_ARGV 2>/dev/null; echo $?; f() { unset FUNCNAME; echo $?; }; f", "1\n1\n0\n", 0);
}

{
  const t = section('set-shopt');
  t("xtrace shows each prefix assignment on its own line", "exec 2>&1; set -x; x=1 y=\"a b\" env >/dev/null; f() { :; }; Q=1 f", "+ x=1\n+ y='a b'\n+ env\n+ Q=1\n+ f\n+ :\n", 0);
  t("xtrace shows export and readonly assignments again", "exec 2>&1; set -x; export Z=3; readonly R=\"r s\"; declare D=5; f() { local l=4; }; f", "+ export Z=3\n+ Z=3\n+ readonly 'R=r s'\n+ R='r s'\n+ declare D=5\n+ f\n+ local l=4\n", 0);
  t("xtrace shows a compound assignment as written, before its expansions", "exec 2>&1; set -x; a=( 1 \"2 3\" $HOME ); a+=( x ); b=(); c=($(echo s) [3]=y)", "+ a=(1 \"2 3\" $HOME)\n+ a+=(x)\n+ b=()\n+ c=($(echo s) [3]=y)\n++ echo s\n", 0);
  t("xtrace shows a declaration compound assignment quoted, then the bare name", "exec 2>&1; set -x; declare -A m=([k]=v [j]=\"w x\"); declare -a c=(p q) d=1; f() { local -a l=(\"it's\"); }; f; export E=(1)", "+ m=(['k']='v' ['j']='w x')\n+ declare -A m\n+ c=('p' 'q')\n+ declare -a c d=1\n+ f\n+ l=('it'\\''s')\n+ local -a l\n+ E=('1')\n+ export E\n", 0);
  t("xtrace adds a PS4 character inside eval and source", "exec 2>&1; echo 'echo insrc' > s.sh; set -x; . ./s.sh; x=$(eval 'echo e'); (eval 'echo sub'); f() { eval 'echo inf'; }; f", "+ . ./s.sh\n++ echo insrc\ninsrc\n++ eval 'echo e'\n+++ echo e\n+ x=e\n+ eval 'echo sub'\n++ echo sub\nsub\n+ f\n+ eval 'echo inf'\n++ echo inf\ninf\n", 0);
}

{
  const t = section('jobs');
  t("a %?text job spec names the job whose command contains text", "sleep 2 & jobs %?lee; kill %?leep; wait; echo $?", "[1]+  Running                 sleep 2 &\n0\n", 0);
}

{
  const t = section('declare-misc');
  t("reading a circular nameref warns and reads as unset", "declare -n a=b; declare -n b=a; echo \"[$a]\" 2>/dev/null; echo after $?; f() { local v=$a; echo \"v=$v\"; } 2>/dev/null; f", "[]\nafter 0\nv=\n", 0);
  t("assigning through a circular nameref abandons the line", "declare -n x=y y=x; x=5 2>/dev/null; echo same line\necho next $?", "next 1\n", 0);
}

{
  const t = section('set-shopt');
  t("set -k puts assignments anywhere on the line into the environment", "set -k; K=kv printenv K; sh -c 'echo $K2' K2=fromarg; f() { echo \"f: $V $#\"; }; f V=inarg other; echo 'q=1' \"r=2\" s\\=3; set +k; echo y=1", "kv\nfromarg\nf: inarg 1\nq=1 r=2 s=3\ny=1\n", 0);
  t("set -k assignments with no command left are shell assignments", "a=1 c=3; set -k; a=5 $NONE c=7 $NONE2; echo $a $c; HOME=/h $NONE x=$HOME; echo $x; HOME=/h /bin/echo $HOME c=9; echo $c", "5 7\n/h\n/h\n7\n", 0);
}
