# The libFuzzer targets (tests/fuzz/): a fixed, seeded number of runs of
# the parser, the text input of every type, connection strings, ODBC
# escapes and the planner (parse, bind, plan and deparse over a fixture
# catalog), under ASan and UBSan.  Longer runs: tests/fuzz/run.sh SECONDS.
. "$FQ_SRCDIR/tests/harness/itlib.sh"

command -v clang >/dev/null || fail "clang is missing (packaging/install-deps.sh installs clang and libclang-rt-14-dev)"
# Built in the test's own directory, which goes with the run's (kept when it fails).
FQ_FUZZ_DIR="$FQ_IT_DIR/fuzz" bash "$FQ_SRCDIR/tests/fuzz/run.sh"
