// The shell conformance table: every case runs as `SHELL -c script [args...]` through real
// bash 5.2 AND through aosh (conformance.test.ts). The cases live in conformance/*.ts, one
// file per area; the table's shape and groups are in conformance-table.ts.
import './conformance/core-1.js';
import './conformance/core-2.js';
import './conformance/aliases.js';
import './conformance/read.js';
import './conformance/arrays.js';
import './conformance/ptrans.js';
import './conformance/tilde.js';
import './conformance/printf.js';
import './conformance/trap.js';
import './conformance/set.js';
import './conformance/subst.js';
import './conformance/cond.js';
import './conformance/arith.js';
import './conformance/lookup.js';
import './conformance/redir.js';
import './conformance/jobs.js';
import './conformance/misc.js';
import './conformance/more.js';
import './conformance/complete.js';
import './conformance/dirstack-umask.js';
import './conformance/coproc.js';
import './conformance/h-core.js';
import './conformance/h-expand.js';
import './conformance/h-builtins.js';
import './conformance/lead-print.js';
import './conformance/lead-misc.js';
import './conformance/lead-s6.js';
import './conformance/h2-expand.js';
import './conformance/h2-flow.js';
import './conformance/h2-builtins.js';
import './conformance/h3-builtins.js';
import './conformance/h6-builtins.js';
import './conformance/h3-expand.js';
import './conformance/h3-flow.js';
import './conformance/h4-options.js';
import './conformance/lead-s7.js';
import './conformance/h4-printing.js';
import './conformance/h4-scripts.js';
import './conformance/lead-s8.js';
import './conformance/lead-s9.js';
import './conformance/h6-flow.js';
import './conformance/h6-words.js';

export { CASES, GROUPS, type ConformanceCase, type Group } from './conformance-table.js';
