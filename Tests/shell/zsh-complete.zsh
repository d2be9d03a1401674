# usage: zsh -f zsh-complete.zsh SITE_FUNCTIONS LINE...
# Types each LINE and a TAB into one interactive zsh (in a pseudo-terminal, compinit loading the
# completion functions of SITE_FUNCTIONS), as a person would, and prints for each a line `> LINE`
# and then the matches zsh's completion offered, one a line: the words completion functions hand
# to compadd that match what is typed. Used by InstallTests (docs/install.md).
zmodload zsh/zpty || exit 3
site=$1; shift
out=$(mktemp -d)
trap 'zpty -d shell 2>/dev/null; rm -rf $out' EXIT
zpty shell zsh -f -i
zpty -w shell "PROMPT= ; bindkey -e; fpath=($site \$fpath); autoload -Uz compinit && compinit -u -D"
# compadd records what it would add (-O: the matching words only); calls that only ask which
# words match (-O, -A, -D) are the completion system's own and pass through.
zpty -w shell 'compadd() { if (( ${@[(I)-[OAD]*]} )); then builtin compadd "$@"; return; fi; local -a m; builtin compadd -O m "$@"; (( $#m )) && print -rl -- $m >> '$out/matches'; builtin compadd "$@"; }'
zpty -w shell "complete-then-mark() { zle complete-word; : > $out/done }; zle -N complete-then-mark; bindkey '^I' complete-then-mark"
for line in "$@"; do
  : > $out/matches; rm -f $out/done
  zpty -w -n shell $'\C-a\C-k'"$line"$'\t'
  for i in {1..600}; do [[ -e $out/done ]] && break; sleep 0.05; done
  [[ -e $out/done ]] || { print -u2 "zsh did not complete: $line"; exit 2 }
  print -r -- "> $line"
  sort -u $out/matches
done
