// Conformance cases (expectations recorded by running bash 5.2): what the lead found in the
// ninth session's probes.
import { section } from '../conformance-table.js';

{
  const t = section('param-transform');
  t("@P without promptvars expands the escapes only", "shopt -u promptvars; x='[$HOME `echo x` $((1+2))]\\n'; echo \"${x@P}\"; shopt -s promptvars; echo \"${x@P}\" | sed \"s|$HOME|H|\"", "[$HOME `echo x` $((1+2))]\n\n[H x 3]\n\n", 0);
}

{
  // The warning for a here-document that input ended: bash names the line under -c too, and
  // counts eval's lines on from the eval command's, a trap's from its first.
  const t = section('heredoc-eof');
  t("the warning under -c names the line where input ended", "exec 2>e; eval 'cat <<E\nx'; sed 's/^[^ ]*: line/line/' e", "x\nline 3: warning: here-document at line 2 delimited by end-of-file (wanted `E')\n", 0);
  t("eval in a group on later lines", "echo a\n\n{ eval 'echo b\ncat <<E\nx'; } 2>e; sed 's/^[^ ]*: line/line/' e", "a\nb\nx\nline 7: warning: here-document at line 6 delimited by end-of-file (wanted `E')\n", 0);
  t("eval on a later line of its own", "echo a\n\nexec 2>e; eval 'echo b\ncat <<E\nx'; sed 's/^[^ ]*: line/line/' e", "a\nb\nx\nline 7: warning: here-document at line 6 delimited by end-of-file (wanted `E')\n", 0);
  t("a sourced file names itself and its line", "source ./s.sh 2>&1", "in\n./s.sh: line 3: warning: here-document at line 2 delimited by end-of-file (wanted `END')\nbody\n", 0, {files: {"s.sh":"echo in\ncat <<END\nbody\n"}});
  t("a trap's text counts from its first line", "trap 'cat <<E\nx' USR1\necho main\nexec 3>&2 2>e; kill -USR1 $$; exec 2>&3; sed 's/^[^ ]*: line/line/' e", "main\nx\nline 2: warning: here-document at line 1 delimited by end-of-file (wanted `E')\n", 0);
}
