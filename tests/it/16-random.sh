# The randomized differential tester (tests/random/README.md) with a fixed
# seed: a few hundred generated queries over the tester's tables of hostile
# values, each run by fedq with Pushdown=1 and Pushdown=0 and compared
# exactly with PostgreSQL's answer over the same tables held in one
# database.  The generator leaves out the known failure classes listed in
# tests/random/gen.py (EXCLUSIONS), each naming its bug; the list is
# printed here so that it is never forgotten.
# shellcheck disable=SC1091
. "$FQ_SRCDIR/tests/harness/itlib.sh"

command -v python3 >/dev/null || { echo "python3 is not installed"; exit 77; }
echo "excluded failure classes (tests/random/gen.py):"
python3 "$FQ_SRCDIR/tests/random/run" --list-exclusions | sed 's/^/  /'
TMPDIR=$FQ_IT_DIR python3 "$FQ_SRCDIR/tests/random/run" --seed 16 --queries 400 --minimize \
	--out "$FQ_IT_DIR"
