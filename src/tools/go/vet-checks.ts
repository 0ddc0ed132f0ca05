/**
 * go vet's analyzers, told apart by their messages (vet prints no check name in its text output). Each
 * pattern is literal-led or anchored, so it runs in linear time on a capped line. go vet has no fix
 * mode: its findings are a model's to fix.
 */
const VET_CHECKS: ReadonlyArray<readonly [string, RegExp]> = [
  [
    'printf',
    / format %|possible (?:Printf )?formatting directive|arg list ends with redundant newline|call needs \d+ args? but has|call has arguments but no formatting directives|reads arg #\d+, but call has|has arg .* of wrong type/,
  ],
  ['copylocks', /passes lock by value|copies lock/],
  ['unreachable', /^unreachable code$/],
  ['assign', /^self-assignment of /],
  ['composites', /composite literal uses unkeyed fields$/],
  ['structtag', /^struct field (?:tag .* not compatible with reflect\.StructTag\.Get|\w+ repeats \w+ tag)/],
  ['loopclosure', /^loop variable \w+ captured by func literal/],
  ['lostcancel', /cancel function .*(?:not used on all paths|context leak)/],
  ['unusedresult', /^result of .* call not used$/],
  ['errorsas', /^second argument to errors\.As must be/],
  ['nilfunc', /^comparison of function \w+ (?:==|!=) nil is always/],
  ['bools', /^(?:redundant|suspect) (?:or|and): /],
  ['stringintconv', /^conversion from .* to string yields a string of one rune/],
  ['unmarshal', /^call of \S+ passes non-pointer/],
  ['httpresponse', /^using \w+ before checking for errors/],
  ['testinggoroutine', /^call to \(\*\w+\)\.\w+ from a non-test goroutine/],
  ['tests', /has malformed (?:name|example suffix)|^malformed example suffix/],
  ['unsafeptr', /^possible misuse of (?:unsafe\.Pointer|reflect\.)/],
  ['shift', /too small for shift of \d+/],
  ['stdmethods', /^method \w+\(.*\) should have signature /],
  ['ifaceassert', /^impossible type assertion/],
  ['atomic', /^direct assignment to atomic value/],
  ['sigchanyzer', /^misuse of unbuffered os\.Signal channel/],
  ['buildtag', /\+build (?:comment|line)|\/\/go:build (?:comment|line)/],
  ['cgocall', /^possibly passing Go type with embedded pointer to C/],
];

/** The vet analyzer a message comes from, or undefined when it is not one of vet's. */
export function vetCheck(message: string): string | undefined {
  for (const [name, pattern] of VET_CHECKS) if (pattern.test(message)) return name;
  return undefined;
}
