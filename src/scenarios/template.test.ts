import { describe, expect, it } from 'vitest';
import { renderTemplate, renderTemplates, TemplateError } from './template.js';

const render = (template: string, vars: Record<string, string | boolean>): string => renderTemplate(template, vars, new Set(), 'test');

describe('renderTemplate', () => {
  it('substitutes variables, tolerating spaces inside the braces', () => {
    expect(render('Hello {{name}}, from {{ place }}.', { name: 'Ada', place: 'Leeds' })).toBe('Hello Ada, from Leeds.');
  });

  it('renders if/else and unless by the flag', () => {
    const template = '{{#if formal}}Dear{{else}}Hi{{/if}} {{name}}{{#unless formal}}!{{/unless}}';
    expect(render(template, { formal: true, name: 'Ada' })).toBe('Dear Ada');
    expect(render(template, { formal: false, name: 'Ada' })).toBe('Hi Ada!');
    expect(render('{{#unless a}}x{{else}}y{{/unless}}', { a: true })).toBe('y');
  });

  it('renders nested blocks', () => {
    const template = '{{#if a}}A{{#if b}}B{{else}}b{{/if}}{{else}}{{#unless b}}nb{{/unless}}{{/if}}';
    expect(render(template, { a: true, b: true })).toBe('AB');
    expect(render(template, { a: true, b: false })).toBe('Ab');
    expect(render(template, { a: false, b: false })).toBe('nb');
    expect(render(template, { a: false, b: true })).toBe('');
  });

  it('names a missing variable and the ones provided', () => {
    expect(() => render('Hi {{nmae}}', { name: 'Ada' })).toThrow(TemplateError);
    expect(() => render('Hi {{nmae}}', { name: 'Ada' })).toThrow(/test: variable "nmae" is not provided \(provided: name\)/);
  });

  it('errors on a missing variable inside a branch the condition does not take', () => {
    expect(() => render('{{#if off}}{{typo}}{{/if}}ok', { off: false })).toThrow(/"typo" is not provided/);
    expect(() => render('{{#if on}}ok{{else}}{{typo}}{{/if}}', { on: true })).toThrow(/"typo" is not provided/);
  });

  it('rejects a flag used as text and text used as a flag', () => {
    expect(() => render('{{flag}}', { flag: true })).toThrow(/"flag" is a flag; use it in \{\{#if flag\}\}/);
    expect(() => render('{{#if name}}x{{/if}}', { name: 'Ada' })).toThrow(/needs a flag, but "name" is text/);
    expect(() => render('{{#unless name}}x{{/unless}}', { name: 'Ada' })).toThrow(TemplateError);
  });

  it('rejects unclosed, mismatched and stray block tags', () => {
    expect(() => render('{{#if a}}x', { a: true })).toThrow(/\{\{#if a\}\} is never closed/);
    expect(() => render('{{#if a}}x{{/unless}}', { a: true })).toThrow(/unexpected \{\{\/unless\}\}/);
    expect(() => render('x{{/if}}', {})).toThrow(/unexpected \{\{\/if\}\}/);
    expect(() => render('x{{else}}y', {})).toThrow(/\{\{else\}\} outside of an \{\{#if\}\} block/);
    expect(() => render('{{#if a}}x{{else}}y{{else}}z{{/if}}', { a: true })).toThrow(/\{\{else\}\} outside/);
    expect(() => render('{{#if}}x{{/if}}', {})).toThrow(/#if needs a variable name/);
  });

  it('rejects malformed tags instead of printing them', () => {
    expect(() => render('Hi {{name', { name: 'Ada' })).toThrow(/malformed/);
    expect(() => render('Hi name}}', { name: 'Ada' })).toThrow(/malformed/);
    expect(() => render('Hi {{first name}}', { first: 'Ada' })).toThrow(/malformed/);
    expect(() => render('{{}}', {})).toThrow(/empty tag/);
  });

  it('records every variable it references, in taken and untaken branches', () => {
    const used = new Set<string>();
    renderTemplate('{{#if a}}{{b}}{{else}}{{c}}{{/if}}', { a: true, b: 'x', c: 'y', d: 'z' }, used);
    expect([...used].sort()).toEqual(['a', 'b', 'c']);
  });
});

describe('renderTemplates', () => {
  it('renders a set of templates with one variable set', () => {
    expect(renderTemplates({ subject: 'Hi {{name}}', body: '{{#if late}}Sorry, {{/if}}{{name}}' }, { name: 'Ada', late: false }, 'mail')).toEqual({
      subject: 'Hi Ada',
      body: 'Ada',
    });
  });

  it('rejects variables that no template uses, listing them', () => {
    expect(() => renderTemplates({ a: '{{x}}', b: 'plain' }, { x: '1', y: '2', z: true }, 'mail')).toThrow(/mail: variable\(s\) never used by any template: y, z/);
  });

  it('counts a variable used only in an untaken branch as used', () => {
    expect(renderTemplates({ a: '{{#if on}}{{x}}{{/if}}' }, { on: false, x: '1' }, 'w')).toEqual({ a: '' });
  });

  it('names the template that failed', () => {
    expect(() => renderTemplates({ ok: '{{x}}', broken: '{{y}}' }, { x: '1' }, 'mail')).toThrow(/mail › broken: variable "y"/);
  });
});
