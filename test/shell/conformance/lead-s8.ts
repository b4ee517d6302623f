// Conformance cases (expectations recorded by running bash 5.2): what the lead found in the
// eighth session's probes.
import { section } from '../conformance-table.js';

{
  const t = section('shell-vars');
  t("PIPESTATUS is no variable before the first command", "declare -p PIPESTATUS; echo \"st $?\"; true | true; declare -p PIPESTATUS", "st 1\ndeclare -a PIPESTATUS=([0]=\"0\" [1]=\"0\")\n", 0);
  t("listings leave out PIPESTATUS before the first command", "declare -p | grep -c '^declare -a PIPESTATUS'; declare -p | grep -c '^declare -a PIPESTATUS'", "0\n1\n", 0);
}

{
  // BASH_ARGV's frames as bash makes them: on the first reference outside a function, when
  // extdebug is turned on, and one for each file sourced without arguments.
  const t = section('shell-vars');
  t("a file sourced without arguments is a frame of its name", "source ./s.sh; echo \"${BASH_ARGV[*]} / ${BASH_ARGC[*]}\"", "in: ./s.sh b a / 1 2\nb a / 2\n", 0, {args: ["x","a","b"],files: {"s.sh":"echo \"in: ${BASH_ARGV[*]} / ${BASH_ARGC[*]}\"\n"}});
  t("a file sourced with arguments: the frame is made of them inside", "source ./s.sh s1 s2; echo \"${BASH_ARGV[*]} / ${BASH_ARGC[*]}\"", "in: s2 s1 / 2\ns2 s1 / 2\n", 0, {args: ["x","a"],files: {"s.sh":"echo \"in: ${BASH_ARGV[*]} / ${BASH_ARGC[*]}\"\n"}});
  t("a file sourced in a function: no frame made below its own", "f() { source ./s.sh; }; f 1; echo \"${BASH_ARGV[*]} / ${BASH_ARGC[*]}\"", "in: ./s.sh / 1\nb a / 2\n", 0, {args: ["x","a","b"],files: {"s.sh":"echo \"in: ${BASH_ARGV[*]} / ${BASH_ARGC[*]}\"\n"}});
  t("shopt -s extdebug makes the frame then", "shift; shopt -s extdebug; shift; echo \"${BASH_ARGV[*]} / ${BASH_ARGC[*]}\"; source ./s.sh q r", "c b / 2\nin: r q c b / 2 2\n", 0, {args: ["x","a","b","c"],files: {"s.sh":"echo \"in: ${BASH_ARGV[*]} / ${BASH_ARGC[*]}\"\n"}});
  t("no frame is made in a function without extdebug", "f() { echo \"[${BASH_ARGV[*]}]\"; }; shift; f; echo \"${BASH_ARGV[*]}\"", "[]\nb\n", 0, {args: ["x","a","b"]});
}
