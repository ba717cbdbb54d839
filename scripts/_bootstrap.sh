# Sourced by scripts/serve and scripts/test: prepares what the project needs, once.
#   - a virtual environment in .venv with the project installed in editable mode;
#   - Graphviz's `dot` (Debian package graphviz) when it is missing;
#   - with TRANSFO_BOOTSTRAP_TESTS=1: the test tools and Chromium (Debian package chromium).
# Everything it cannot do itself, it says how to do by hand.
set -euo pipefail

RACINE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$RACINE/.venv"
export NO_MKDOCS_2_WARNING=1

dire() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
echouer() { printf 'erreur : %s\n' "$*" >&2; exit 1; }

PYTHON="${PYTHON:-python3}"
command -v "$PYTHON" >/dev/null || echouer "python3 introuvable : installez Python 3.11 ou plus récent (Debian : apt-get install python3 python3-venv)"
"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' \
  || echouer "Python 3.11 ou plus récent est nécessaire ($("$PYTHON" --version 2>&1) trouvé)"

apt_installer() {
  # apt_installer PAQUET… : installs Debian packages when we are root on a Debian-like system.
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    dire "installation des paquets Debian : $*"
    if [ ! -f /tmp/.transfo-apt-update ]; then
      DEBIAN_FRONTEND=noninteractive apt-get update -qq && touch /tmp/.transfo-apt-update
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  else
    return 1
  fi
}

if ! command -v dot >/dev/null; then
  apt_installer graphviz fonts-dejavu-core \
    || echouer "Graphviz (commande dot) est introuvable : installez-le (Debian/Ubuntu : sudo apt-get install graphviz ; macOS : brew install graphviz), puis relancez."
fi

if [ ! -x "$VENV/bin/python" ]; then
  dire "création de l'environnement Python dans .venv"
  if ! "$PYTHON" -m venv "$VENV" 2>/dev/null; then
    rm -rf "$VENV"
    apt_installer python3-venv || echouer "le module venv manque : installez-le (Debian : sudo apt-get install python3-venv)"
    "$PYTHON" -m venv "$VENV"
  fi
fi

EXTRAS=""
[ "${TRANSFO_BOOTSTRAP_TESTS:-0}" = "1" ] && EXTRAS="[test]"
EMPREINTE="$(cat "$RACINE/pyproject.toml" | sha256sum | cut -c1-16)$EXTRAS"
TEMOIN="$VENV/.transfo-installe"
if [ ! -f "$TEMOIN" ] || ! grep -qxF -- "$EMPREINTE" "$TEMOIN" 2>/dev/null; then
  dire "installation des dépendances Python (pip install -e .$EXTRAS)"
  pip_installer() {
    # pip's warnings about this machine's extra package folders are noise for the reader.
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "$@" 2>&1 \
      | { grep -v -e "^WARNING: Location 'file:" -e "BuildBackendWarning" || true; }
  }
  pip_installer --upgrade pip
  pip_installer -e "$RACINE$EXTRAS"
  "$VENV/bin/python" -c "import transfo, mkdocs, material" \
    || echouer "l'installation des paquets Python a échoué (voir ci-dessus) ; vérifiez l'accès à PyPI"
  echo "$EMPREINTE" > "$TEMOIN"
fi

if [ "${TRANSFO_BOOTSTRAP_TESTS:-0}" = "1" ] && ! command -v chromium >/dev/null; then
  apt_installer chromium fonts-dejavu-core \
    || echouer "Chromium est nécessaire aux tests du navigateur : installez-le (Debian : sudo apt-get install chromium), puis relancez."
fi

export PATH="$VENV/bin:$PATH"
cd "$RACINE"
