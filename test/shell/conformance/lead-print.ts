// Conformance cases (expectations recorded by running bash 5.2): how functions print (declare -f,
// type) with substitutions, ANSI-C quotes, array literals and arithmetic for; extglob groups over lines; select menus.
import { section } from '../conformance-table.js';

{
  const t = section('functions');
  t("printing a function normalises the text of $( )", "f() { a=$( echo   hi |  cat   2>/dev/null ); b=\"x$( echo  y )z\"; }\ndeclare -f f", "f () \n{ \n    a=$(echo hi | cat 2> /dev/null);\n    b=\"x$(echo y)z\"\n}\n", 0);
  t("printing a function turns $'...' and $\"...\" into plain quotes", "f() { d=$'tab\\there'; e=$'it\\'s'; echo $\"loc\"; }\ntype f", "f is a function\nf () \n{ \n    d='tab\there';\n    e='it'\\''s';\n    echo \"loc\"\n}\n", 0);
  t("printing a function joins an array literal on one line", "f() {\n  g=( one   two\n      three )\n  local h=( \"q 1\"   'q2' [k]=v )\n}\ndeclare -f f", "f () \n{ \n    g=(one two three);\n    local h=(\"q 1\" 'q2' [k]=v)\n}\n", 0);
  t("printing a function keeps the lines of a multi-line $( )", "f() {\n  l=$(\n     echo multi\n     echo line\n  )\n  m=$(a; b)\n}\ndeclare -f f", "f () \n{ \n    l=$(echo multi\necho line);\n    m=$(a; b)\n}\n", 0);
  t("printing a function prints compound commands inside $( ) anew", "f() {\n  k=$( for x in 1 2; do echo $x; done )\n  c=$(if true; then echo y; fi)\n}\ndeclare -f f", "f () \n{ \n    k=$(for x in 1 2;\ndo\n    echo $x;\ndone);\n    c=$(if true; then\n    echo y;\nfi)\n}\n", 0);
  t("printing a function prints process substitutions and nested substitutions anew", "f() { cat <( echo  ps ) > >( cat  ); g=\"$( echo \"in $( echo  nested )\" )\"; j=${k:-$( echo  def )}; }\ndeclare -f f", "f () \n{ \n    cat <(echo ps) > >(cat);\n    g=\"$(echo \"in $(echo nested)\")\";\n    j=${k:-$(echo def)}\n}\n", 0);
  t("printing a function drops line continuations inside words", "f() {\n  echo 'a b'\\\n -c \"x\\\ny\"\n}\ndeclare -f f", "f () \n{ \n    echo 'a b' -c \"xy\"\n}\n", 0);
  t("printing a function keeps backquotes and arithmetic as written", "f() { c=`echo   back`; i=$((  1 +  2 )); }\ndeclare -f f", "f () \n{ \n    c=`echo   back`;\n    i=$((  1 +  2 ))\n}\n", 0);
  t("printing an arithmetic for keeps trailing blanks and shows empty parts as 1", "f() { for (( i=0 ; i<3 ; i++ )); do :; done; for ((;;)); do break; done; }\ndeclare -f f", "f () \n{ \n    for ((i=0 ; i<3 ; i++ ))\n    do\n        :;\n    done;\n    for ((1; 1; 1))\n    do\n        break;\n    done\n}\n", 0);
}

{
  const t = section('set-shopt');
  t("xtrace of an arithmetic for shows each expression", "set -x\nfor (( i=0 ; i<1 ; i++ )); do :; done 2>&1\nfor ((;i<2;)); do i=2; done 2>&1", "+ (( i=0  ))\n+ (( i<1  ))\n+ :\n+ (( i++  ))\n+ (( i<1  ))\n+ (( 1 ))\n+ (( i<2 ))\n+ i=2\n+ (( 1 ))\n+ (( i<2 ))\n", 0);
}

{
  const t = section('extglob');
  t("an extglob group in [[ ]] may span lines", "x=data\n[[ $x == @(kvm|\n\t|data|help) ]] && echo yes\n[[ $'\\n\\t' == @(a|\n\t) ]] && echo nl", "yes\nnl\n", 0);
  t("an extglob group in a case pattern may span lines", "shopt -s extglob\nx=data\ncase $x in @(a|\n  |data)) echo c;; esac", "c\n", 0);
  t("an unterminated extglob group is a syntax error", "shopt -s extglob\necho before\neval 'echo @(a|'\necho status $?", "before\nstatus 2\n", 0);
}
{
  const t = section('control');
  t("select lays a long menu out in columns filled downwards", "select x in $(seq 25); do echo \"got $x\"; break; done <<< 12 2>&1", "1) 1\t 4) 4\t 7) 7\t10) 10\t13) 13\t16) 16\t19) 19\t22) 22\t25) 25\n2) 2\t 5) 5\t 8) 8\t11) 11\t14) 14\t17) 17\t20) 20\t23) 23\n3) 3\t 6) 6\t 9) 9\t12) 12\t15) 15\t18) 18\t21) 21\t24) 24\n#? got 12\n", 0);
  t("select menu columns follow COLUMNS", "COLUMNS=40; select x in alpha beta gamma delta epsilon zeta eta theta iota kappa lambda; do break; done <<< \"\" 2>&1", "1) alpha      5) epsilon   9) iota\n2) beta\t      6) zeta\t  10) kappa\n3) gamma      7) eta\t  11) lambda\n4) delta      8) theta\n#? 1) alpha      5) epsilon   9) iota\n2) beta\t      6) zeta\t  10) kappa\n3) gamma      7) eta\t  11) lambda\n4) delta      8) theta\n#? \n", 1);
  t("select menu with one wide item stays one column", "select x in \"a very long item name that is long\" b c d e f g h i j; do break; done < /dev/null 2>&1", "1) a very long item name that is long\t 6) f\n2) b\t\t\t\t\t 7) g\n3) c\t\t\t\t\t 8) h\n4) d\t\t\t\t\t 9) i\n5) e\t\t\t\t\t10) j\n#? \n", 1);
  t("select menu ignores a COLUMNS that is not a number", "COLUMNS=x; select x in $(seq 22); do break; done < /dev/null 2>&1", "1) 1\t 4) 4\t 7) 7\t10) 10\t13) 13\t16) 16\t19) 19\t22) 22\n2) 2\t 5) 5\t 8) 8\t11) 11\t14) 14\t17) 17\t20) 20\n3) 3\t 6) 6\t 9) 9\t12) 12\t15) 15\t18) 18\t21) 21\n#? \n", 1);
}
