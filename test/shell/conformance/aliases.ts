// Conformance cases (expectations recorded by running bash 5.2): aliases: alias/unalias, expand_aliases, trailing-blank chaining, aliases in eval.
import { section } from '../conformance-table.js';

// ---------------------------------------------------------------- aliases
{
  const t = section('aliases');
  t('alias expands in a script with expand_aliases', "shopt -s expand_aliases\nalias say='echo said'\nsay hello", 'said hello\n');
  t('aliases are off in a non-interactive shell by default', "alias say='echo said'\nsay hello 2>/dev/null; echo \"status $?\"", 'status 127\n');
  t('an alias is not used on the line that defines it', "shopt -s expand_aliases; alias e1='echo one'; e1 x 2>/dev/null; echo \"status $?\"\ne1 y", 'status 127\none y\n');
  t('trailing blank makes the next word an alias too', "shopt -s expand_aliases\nalias run='echo ' w='world'\nrun w w", 'world w\n');
  t('trailing blank chains through several aliases', "shopt -s expand_aliases\nalias a1='echo ' a2='a3 ' a3='got'\na1 a2 x", 'got x\n');
  t('an alias does not expand inside itself', "shopt -s expand_aliases\nalias ls='ls -d'\nls /", '/\n');
  t('aliases chain to other aliases', "shopt -s expand_aliases\nalias p=q q=r r='echo end'\np", 'end\n');
  t('an alias may hold several commands', "shopt -s expand_aliases\nalias two='echo a; echo b'\ntwo", 'a\nb\n');
  t('an alias may open a compound command', "shopt -s expand_aliases\nalias loop='for i in 1 2; do'\nloop echo \"i=$i\"; done", 'i=1\ni=2\n');
  t('an alias value may assign', "shopt -s expand_aliases\nalias setx='x=42'\nsetx; echo \"$x\"", '42\n');
  t('assignments before an aliased command', "shopt -s expand_aliases\nalias e='echo'\nV=1 e with-assign", 'with-assign\n');
  t('quoted or escaped words are not aliases', "shopt -s expand_aliases\nalias e='echo'\n\\e quoted 2>/dev/null; echo \"s1 $?\"; \"e\" q2 2>/dev/null; echo \"s2 $?\"", 's1 127\ns2 127\n');
  t('aliases in eval', "shopt -s expand_aliases\nalias e='echo via'\neval 'e eval'", 'via eval\n');
  t('eval sees an alias defined earlier in the same eval only on the next line', "shopt -s expand_aliases\neval 'alias z=\"echo zed\"\nz now'", 'zed now\n');
  t('a function keeps the alias expanded when it was defined', "shopt -s expand_aliases\nalias e='echo expanded'\nf() { e in-f; }\nunalias e\nf", 'expanded in-f\n');
  t('aliases in a pipeline', "shopt -s expand_aliases\nalias up='tr a-z A-Z'\necho shout | up", 'SHOUT\n');
  t('alias output format', "alias a='x y' b=\"it's\" c=\nalias", "alias a='x y'\nalias b='it'\\''s'\nalias c=''\n");
  t('alias -p lists the same way', "alias k='ls -l'\nalias -p", "alias k='ls -l'\n");
  t('alias NAME prints one', "alias k='ls -l'; alias k", "alias k='ls -l'\n");
  t('alias of an unknown name fails', 'alias nope 2>/dev/null; echo $?', '1\n');
  t('unalias removes', "shopt -s expand_aliases\nalias e='echo x'\nunalias e\ne 2>/dev/null; echo $?", '127\n');
  t('unalias -a removes every alias', 'alias a=1 b=2; unalias -a; alias; echo "done $?"', 'done 0\n');
  t('unalias of an unknown name fails', 'unalias nope 2>/dev/null; echo $?', '1\n');
  t('invalid alias names are refused', "alias 'a b=c' 2>/dev/null; echo $?; alias 'x/y=z' 2>/dev/null; echo $?", '1\n1\n');
  t('subshells inherit aliases', "shopt -s expand_aliases\nalias e='echo sub'\n(e one)\necho \"$(e two)\"", 'sub one\nsub two\n');
  t('an alias in a command substitution defined earlier', "shopt -s expand_aliases\nalias hi='echo hello'\nx=$(hi there); echo \"[$x]\"", '[hello there]\n');
  t('type and command -v report aliases', "shopt -s expand_aliases\nalias ll='ls -l'\ntype ll; type -t ll; command -v ll", "ll is aliased to `ls -l'\nalias\nalias ll='ls -l'\n");
  t('an alias of a reserved word', "shopt -s expand_aliases\nalias if='echo not-if'\nif x", 'not-if x\n');
  t('alias value with an equals sign and quotes', "alias q='echo a=b \"c d\"'; alias q", "alias q='echo a=b \"c d\"'\n");
  t('alias defined inside a compound command applies after it', "shopt -s expand_aliases\nif true; then alias inner='echo inner'; fi\ninner ok", 'inner ok\n');
  t('an alias in the middle of a line is not expanded', "shopt -s expand_aliases\nalias e='echo'\necho e e", 'e e\n');
  t('an alias after a pipe and after && is expanded', "shopt -s expand_aliases\nalias e='echo'\ntrue && e after-and; echo x | e after-pipe", 'after-and\nafter-pipe\n');
  t('alias followed by a redirection', "shopt -s expand_aliases\nalias e='echo'\ne redirected > f.txt; cat f.txt", 'redirected\n');
  t('BASH_ALIASES holds the aliases', "alias a1='one' a2='two'; echo \"${BASH_ALIASES[a1]} ${#BASH_ALIASES[@]}\"", 'one 2\n');
}
