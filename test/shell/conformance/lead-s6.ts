// Conformance cases (expectations recorded by running bash 5.2): what the lead found in the
// sixth session's probes (aliases, table orders, and the areas no helper covered).
import { section } from '../conformance-table.js';

{
  const t = section('aliases');
  t('BASH_ALIASES lists in the order of a 64-bucket alias table', "shopt -s expand_aliases; alias m=1; alias zz=2 a=1 b=2 c=3; echo ${!BASH_ALIASES[@]}; BASH_ALIASES[q]=1; echo ${!BASH_ALIASES[@]}", 'zz m c b a\nzz q m c b a\n', 0);
  t('BASH_CMDS lists in the order of the 256-bucket command table', 'hash -p /a m; hash -p /b zz; for n in alpha beta gamma delta epsilon; do hash -p /x/$n $n; done; echo ${!BASH_CMDS[@]}', 'epsilon beta alpha gamma m zz delta\n', 0);
  t('alias lists a name starting with - after --', "alias -- -x='echo dash' y=1; alias; alias -p | head -1", "alias -- -x='echo dash'\nalias y='1'\nalias -- -x='echo dash'\n", 0);
}
