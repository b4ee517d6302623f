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
