# Login shells (JupyterLab's terminal, `bash -l`): commands the learner installs
# with `pip install` (a user install: ~/.local/bin) come first. Root's
# environment does not get this: it never runs what the learner installed.
if [ "$(id -u)" -ne 0 ] && [ -n "${HOME:-}" ]; then
  case ":$PATH:" in *":$HOME/.local/bin:"*) ;; *) PATH="$HOME/.local/bin:$PATH" ;; esac
  export PATH
fi
