/**
 * The validation messages of OpenAI's Responses API, which word the same schema problems differently from
 * Chat Completions: `Unknown parameter: 'input[0].mood'.`, with a `param` and a `code` for each.
 */
import type { SchemaProblem } from './fake-http-server.js';
import { paramPath } from './openai-wire.js';

const TYPE_NOUNS: Record<string, string> = {
  string: 'a string',
  int: 'an integer',
  number: 'a number',
  boolean: 'a boolean',
  object: 'an object',
  array: 'an array',
  record: 'an object',
};

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a decimal';
  return TYPE_NOUNS[typeof value] ?? typeof value;
}

function listValues(values: unknown[]): string {
  const quoted = values.filter((value) => typeof value === 'string').map((value) => `'${value}'`);
  return quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')}, and ${quoted.at(-1) ?? ''}`;
}

/** The Responses API's validation messages (they differ from Chat Completions' wording). */
export function schemaError(problem: SchemaProblem): { message: string; param: string; code: string } {
  const { issue, path, value } = problem;
  if (issue.code === 'unrecognized_keys') {
    const param = paramPath([...path, issue.keys[0] ?? '']);
    return { message: `Unknown parameter: '${param}'.`, param, code: 'unknown_parameter' };
  }
  const param = path.length === 0 ? 'body' : paramPath(path);
  if (problem.missing) return { message: `Missing required parameter: '${param}'.`, param, code: 'missing_required_parameter' };
  switch (issue.code) {
    case 'invalid_type':
      return {
        message: `Invalid type for '${param}': expected ${TYPE_NOUNS[issue.expected] ?? issue.expected}, but got ${describeValue(value)} instead.`,
        param,
        code: 'invalid_type',
      };
    case 'invalid_value':
      return { message: `Invalid value: '${String(value)}'. Supported values are: ${listValues(issue.values)}.`, param, code: 'invalid_value' };
    case 'invalid_union': {
      if (issue.discriminator !== undefined) {
        const options = 'options' in issue ? (issue.options ?? []) : [];
        return { message: `Invalid value: '${String(value)}'. Supported values are: ${listValues(options)}.`, param, code: 'invalid_value' };
      }
      const expected = problem.expectedTypes.map((type) => TYPE_NOUNS[type] ?? type).join(' or ');
      return {
        message: `Invalid type for '${param}': expected one of ${expected || 'the documented types'}, but got ${describeValue(value)} instead.`,
        param,
        code: 'invalid_type',
      };
    }
    case 'too_small':
      if (issue.origin === 'array') {
        return {
          message: `Invalid '${param}': empty array. Expected an array with minimum length ${String(issue.minimum)}, but got an empty array instead.`,
          param,
          code: 'empty_array',
        };
      }
      if (issue.origin === 'string') {
        return { message: `Invalid '${param}': empty string. Expected a string with minimum length ${String(issue.minimum)}, but got an empty string instead.`, param, code: 'empty_string' };
      }
      return {
        message: `Invalid '${param}': integer below minimum value. Expected a value >= ${String(issue.minimum)}, but got ${String(value)} instead.`,
        param,
        code: 'integer_below_min_value',
      };
    case 'too_big':
      return {
        message: `Invalid '${param}': integer above maximum value. Expected a value <= ${String(issue.maximum)}, but got ${String(value)} instead.`,
        param,
        code: 'integer_above_max_value',
      };
    default:
      return { message: `Invalid '${param}': ${issue.message}.`, param, code: 'invalid_value' };
  }
}
