/**
 * The dashboard's one way to make HTML: `html` templates escape every value they are given, with the one
 * escaping function below, unless the value is itself `Html` made by a template. Text from the store
 * (PR titles, branch names, finding messages, test names) is data a pull request's author chose, so
 * nothing outside this file turns a string into markup. `Html` is exported as a type only: no other
 * module can make one from a string.
 */
class Html {
  constructor(readonly markup: string) {}
  toString(): string {
    return this.markup;
  }
}
export type { Html };

/** What a template takes: markup, text (escaped), numbers, nothing (false, null, undefined) and lists of those. */
export type Fragment = Html | string | number | boolean | null | undefined | readonly Fragment[];

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text as HTML text or as a quoted attribute's value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

function render(value: Fragment): string {
  if (value instanceof Html) return value.markup;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false || value === true) return '';
  return escapeHtml(String(value));
}

/** A template whose values are escaped (attributes are always written in double quotes). */
export function html(strings: TemplateStringsArray, ...values: Fragment[]): Html {
  let out = strings[0]!;
  values.forEach((value, i) => (out += render(value) + strings[i + 1]!));
  return new Html(out);
}

/** The whole document's text. */
export function documentText(page: Html): string {
  return `<!doctype html>\n${page.markup}\n`;
}

/**
 * Data for the page's script, in a `<script type="application/json">` block: a browser never runs it (so
 * the CSP has nothing to allow), and `<`, `>`, `&` and the line separators are written as JSON escapes so
 * that no string in it can end the block (`</script>`) or start a comment.
 */
export function jsonBlock(id: string, data: unknown): Html {
  const json = JSON.stringify(data).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return new Html(`<script type="application/json" id="${escapeHtml(id)}">${json}</script>`);
}

/**
 * One of our own assets (the chart library, our script and styles) inlined into a self-contained file.
 * Never text from the store: the text must not be able to close its element.
 */
export function inlineAsset(tag: 'script' | 'style', text: string): Html {
  // `<!--` too: inside a script it can make the parser skip the closing tag.
  if (new RegExp(`</${tag}|<!--`, 'i').test(text))
    throw new Error(`an inlined ${tag} must not contain </${tag} or <!--`);
  return new Html(`<${tag}>${text}</${tag}>`);
}
