/** Rule families that ruff and flake8 share (ruff implements pycodestyle and pyflakes under their codes). */

// pycodestyle whitespace / blank-line / indentation rules a formatter fixes (E501 needs judgement).
export const PY_FORMAT = /^(E1\d\d|E2\d\d|E3\d\d|W1\d\d|W2\d\d|W3\d\d|E70[1-3]|W391|W291|W293)$/;
// ruff rules whose fix is safe and on by default for the families we run (a `[*]` marker says so too).
export const RUFF_FIXABLE =
  /^(I\d+|F401|E401|F811|E711|E712|E713|E714|E721|W29\d|W605|UP\d+|COM\d+|Q\d+|RUF100|SIM\d+|C4\d+|PIE\d+|RET50[1-5])$/;
/** A rule code ruff can be asked about or run with `--select`. */
export const RULE_CODE = /^[A-Z]{1,4}\d{1,4}$/;
export const PY_FILES = /\.pyi?$/;
