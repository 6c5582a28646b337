import { CorrigibleError } from '../core/errors.js';

/** A value a template can use: text for `{{name}}`, a flag for `{{#if name}}`. */
export type TemplateValue = string | boolean;
export type TemplateVariables = Readonly<Record<string, TemplateValue>>;

/**
 * A scenario template is wrong: a variable it needs is not provided, a provided variable is never used,
 * or the template syntax is broken. Thrown at render time, so no partially rendered text reaches a model.
 */
export class TemplateError extends CorrigibleError {
  readonly code = 'template';
}

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'var'; name: string }
  | { kind: 'if'; name: string; negate: boolean; then: Node[]; otherwise: Node[] };

const TAG = /\{\{\s*(#if|#unless|else|\/if|\/unless)?\s*([A-Za-z_][A-Za-z0-9_]*)?\s*\}\}/g;

function parse(template: string, where: string): Node[] {
  const root: Node[] = [];
  const stack: { node: Extract<Node, { kind: 'if' }>; inElse: boolean; closer: string }[] = [];
  const target = (): Node[] => {
    const top = stack.at(-1);
    if (!top) return root;
    return top.inElse ? top.node.otherwise : top.node.then;
  };
  let last = 0;
  for (const m of template.matchAll(TAG)) {
    const index = m.index;
    if (index > last) target().push({ kind: 'text', text: template.slice(last, index) });
    last = index + m[0].length;
    const [, keyword, name] = m;
    if (!keyword) {
      if (!name) throw new TemplateError(`${where}: empty tag "${m[0]}"`);
      target().push({ kind: 'var', name });
    } else if (keyword === '#if' || keyword === '#unless') {
      if (!name) throw new TemplateError(`${where}: ${keyword} needs a variable name`);
      const node: Extract<Node, { kind: 'if' }> = { kind: 'if', name, negate: keyword === '#unless', then: [], otherwise: [] };
      target().push(node);
      stack.push({ node, inElse: false, closer: keyword === '#if' ? '/if' : '/unless' });
    } else if (keyword === 'else') {
      const top = stack.at(-1);
      if (!top || top.inElse) throw new TemplateError(`${where}: {{else}} outside of an {{#if}} block`);
      top.inElse = true;
    } else {
      const top = stack.pop();
      if (top?.closer !== keyword) throw new TemplateError(`${where}: unexpected {{${keyword}}}`);
    }
  }
  if (stack.length > 0) throw new TemplateError(`${where}: {{#if ${stack.at(-1)?.node.name ?? ''}}} is never closed`);
  if (last < template.length) target().push({ kind: 'text', text: template.slice(last) });
  const leftover = root.some((n) => n.kind === 'text' && /\{\{|\}\}/.test(n.text));
  if (leftover) throw new TemplateError(`${where}: malformed {{ }} tag`);
  return root;
}

/**
 * Every variable a template references, in every branch: a reference in a branch this condition does
 * not take is still checked, so a typo cannot hide until some other condition renders.
 */
function checkReferences(nodes: readonly Node[], vars: TemplateVariables, used: Set<string>, where: string): void {
  for (const node of nodes) {
    if (node.kind === 'text') continue;
    const value = vars[node.name];
    if (value === undefined) {
      const known = Object.keys(vars).sort().join(', ');
      throw new TemplateError(`${where}: variable "${node.name}" is not provided (provided: ${known || 'none'})`);
    }
    if (node.kind === 'var' && typeof value !== 'string') {
      throw new TemplateError(`${where}: "${node.name}" is a flag; use it in {{#if ${node.name}}}, not as text`);
    }
    if (node.kind === 'if') {
      if (typeof value !== 'boolean') throw new TemplateError(`${where}: {{#if ${node.name}}} needs a flag, but "${node.name}" is text`);
      checkReferences(node.then, vars, used, where);
      checkReferences(node.otherwise, vars, used, where);
    }
    used.add(node.name);
  }
}

function evaluate(nodes: readonly Node[], vars: TemplateVariables): string {
  let out = '';
  for (const node of nodes) {
    if (node.kind === 'text') out += node.text;
    else if (node.kind === 'var') out += vars[node.name] as string;
    else out += evaluate(vars[node.name] !== node.negate ? node.then : node.otherwise, vars);
  }
  return out;
}

const parsed = new Map<string, Node[]>();

/**
 * Renders `{{name}}` and `{{#if flag}}…{{else}}…{{/if}}` (also `{{#unless}}`). Throws on any variable the
 * template needs that `vars` lacks. Records every variable it used in `used`, so a caller rendering
 * several templates can reject variables that no template used.
 */
export function renderTemplate(template: string, vars: TemplateVariables, used: Set<string>, where = 'template'): string {
  let nodes = parsed.get(template);
  if (!nodes) {
    nodes = parse(template, where);
    // Scenarios render the same few templates thousands of times; parsing is most of the cost.
    if (parsed.size > 10_000) parsed.clear();
    parsed.set(template, nodes);
  }
  checkReferences(nodes, vars, used, where);
  return evaluate(nodes, vars);
}

/**
 * Renders a set of named templates with one variable set and fails if any variable went unused: an
 * unused variable means the scenario author expected text that no model will ever see.
 */
export function renderTemplates<K extends string>(
  templates: Readonly<Record<K, string>>,
  vars: TemplateVariables,
  where: string,
): Record<K, string> {
  const used = new Set<string>();
  const out = {} as Record<K, string>;
  for (const key of Object.keys(templates) as K[]) {
    out[key] = renderTemplate(templates[key], vars, used, `${where} › ${key}`);
  }
  const unused = Object.keys(vars).filter((name) => !used.has(name));
  if (unused.length > 0) throw new TemplateError(`${where}: variable(s) never used by any template: ${unused.sort().join(', ')}`);
  return out;
}
