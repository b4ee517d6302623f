// Conformance cases (expectations recorded by running bash 5.2): command -v/-V, type -a/-t/-P, hash, enable, PATH lookups.
import { section } from '../conformance-table.js';

// ---------------------------------------------------------------- command-lookup
{
  const t = section('command-lookup');
  t('unset PATH: only the current directory is searched', 'unset PATH; nosuchcmd 2>/dev/null; echo $?; cd /bin && ls >/dev/null && echo found', '127\nfound\n');
  t('empty PATH: No such file or directory', 'PATH=; nosuch 2>&1 | { read -r l; echo "${l#*: line 1: }"; }', 'nosuch: No such file or directory\n');
  t('command -v of builtin, function, alias, keyword', "f() { :; }; alias ll='ls -l'; shopt -s expand_aliases; command -v echo; command -v f; command -v ll; command -v if", "echo\nf\nalias ll='ls -l'\nif\n");
  t('command -v of external and missing', 'command -v sed; command -v nosuchcmd_xyz; echo "st=$?"', '/usr/bin/sed\nst=1\n');
  t('command -v with several names status', 'command -v echo nosuch_q true; echo "st=$?"', 'echo\ntrue\nst=0\n');
  t('command -V builtin and keyword', "command -V echo; command -V if; command -V '[['", 'echo is a shell builtin\nif is a shell keyword\n[[ is a shell keyword\n');
  t('command -V function', 'f() { echo hi; }; command -V f', 'f is a function\nf () \n{ \n    echo hi\n}\n');
  t('command -V missing', 'command -V nosuch_zz; echo "st=$?"', 'st=1\n');
  t('command -V external', 'command -V sed', 'sed is /usr/bin/sed\n');
  t('command -V alias', "shopt -s expand_aliases; alias g='grep -i'; command -V g", "g is aliased to `grep -i'\n");
  t('command bypasses functions (command-lookup)', "echo() { printf 'fn\\n'; }; command echo real", 'real\n');
  t('command runs missing command with 127', 'command nosuch_cmd_q; echo "st=$?"', 'st=127\n');
  t('command -p uses default path', 'command -p sed --version >/dev/null && echo ok', 'ok\n');
  t('type -t of each kind', 'f() { :; }; shopt -s expand_aliases; alias a1=ls; type -t f echo if sed a1; type -t nosuch; echo "st=$?"', 'function\nbuiltin\nkeyword\nfile\nalias\nst=1\n');
  t('type -a shows all', 'echo() { :; }; type -a echo | head -3', 'echo is a function\necho () \n{ \n');
  t('type -P forces path search', 'type -P sed; type -P echo; echo "st=$?"', '/usr/bin/sed\n/usr/bin/echo\nst=0\n');
  t('type -p of builtin prints nothing', 'type -p echo; echo "st=$?"; type -p sed', 'st=0\n/usr/bin/sed\n');
  t('type of a keyword and a builtin', 'type if; type cd', 'if is a shell keyword\ncd is a shell builtin\n');
  t('type of a function prints body', 'f() { echo "a b"; return 1; }; type f', 'f is a function\nf () \n{ \n    echo "a b";\n    return 1\n}\n');
  t('type not found message', 'type nosuch_zz; echo "st=$?"', 'st=1\n');
  t('type -f skips functions', "ls() { :; }; type -f ls | sed 's|is .*/ls|is PATH/ls|'", 'ls is PATH/ls\n');
  t('type of multiple names status', 'type echo nosuch_zz true >/dev/null 2>&1; echo "st=$?"', 'st=1\n');
  t('hash remembers paths', "hash -r; sed --version >/dev/null; hash | sed 's|/[^ ]*/sed|PATH/sed|'", 'hits\tcommand\n   1\tPATH/sed\n');
  t('hash -t', "hash sed; hash -t sed | sed 's|.*/sed|PATH/sed|'", 'PATH/sed\n');
  t('hash of missing command', 'hash nosuch_zz; echo "st=$?"', 'st=1\n');
  t('hash -d and -r', 'hash sed; hash -d sed; hash -t sed; echo "st=$?"', 'st=1\n');
  t('hash empty table message', 'hash -r; hash; echo "st=$?"', 'hash: hash table empty\nst=0\n');
  t('hash -p sets a path', 'hash -p /bin/echo myecho; hash -t myecho; myecho hashed', '/bin/echo\nhashed\n');
  t('hash -l reusable format', 'hash -r; hash -p /usr/bin/env e2; hash -l', 'builtin hash -p /usr/bin/env e2\n');
  t('PATH change clears hash', 'hash sed; PATH=$PATH; hash -t sed 2>/dev/null; echo "st=$?"', 'st=1\n');
  t('command -v on a path', 'command -v /bin/sh; command -v ./nosuch; echo "st=$?"', '/bin/sh\nst=1\n');
  t('type on a path', 'touch exe; chmod +x exe; type ./exe', './exe is ./exe\n');
  t('executable in PATH via variable', "mkdir bin; printf '#!/bin/sh\\necho mine\\n' > bin/mycmd; chmod +x bin/mycmd; PATH=$PWD/bin:$PATH; mycmd; type -t mycmd", 'mine\nfile\n');
  t('non-executable file in PATH', "mkdir bin; echo 'echo x' > bin/nx; PATH=$PWD/bin:$PATH; nx; echo \"st=$?\"", 'st=126\n');
  t('command not found status and message', 'nosuch_cmd_xyz; echo "st=$?"', 'st=127\n');
  t('permission denied on a path', "echo 'echo x' > ne; ./ne; echo \"st=$?\"", 'st=126\n');
  t('directory as a command', 'mkdir dd; ./dd; echo "st=$?"', 'st=126\n');
  t('builtin runs a builtin', 'builtin echo yes; builtin nosuch; echo "st=$?"', 'yes\nst=1\n');
  t('enable lists nothing weird', 'enable -n echo; echo st=$?; echo -n x; type -t echo; enable echo; type -t echo; enable nosuch; echo "st=$?"', 'st=0\nxfile\nbuiltin\nst=1\n');
  t('command -v of a special builtin and declaration', 'command -v export; command -v declare; command -v :', 'export\ndeclare\n:\n');
  t('type -a of a function and builtin together', 'f() { :; }; type -a f | head -1', 'f is a function\n');
  t('command with variable assignment prefix', "x=1 command eval 'echo $x'", '1\n');
  t('command -- option end', 'command -- echo dashdash', 'dashdash\n');
  t('empty command name', "''; echo \"st=$?\"", 'st=127\n');
}
