// Cases written from BFCL's ast_checker behaviour (verifiers-reference §6); error types are BFCL's names.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  astCheck,
  type CallToCheck,
  checkCall,
  type PossibleAnswer,
  standardizeString,
} from './bfcl-checker.ts';
import { describeTool, type FunctionDescription } from './function-description.ts';

const weather: FunctionDescription = describeTool({
  name: 'get_weather',
  parameters: {
    type: 'dict',
    properties: {
      city: { type: 'string' },
      days: { type: 'integer' },
      threshold: { type: 'float' },
      metric: { type: 'boolean' },
      hours: { type: 'array', items: { type: 'integer' } },
      filters: { type: 'dict' },
      stops: { type: 'array', items: { type: 'dict' } },
    },
    required: ['city'],
  },
});

const answer = (params: Record<string, unknown[]>): PossibleAnswer => ({ get_weather: params });
const call = (args: Record<string, unknown>, name = 'get_weather'): CallToCheck => ({
  name,
  arguments: args,
});
const check = (args: Record<string, unknown>, params: Record<string, unknown[]>) =>
  checkCall(weather, call(args), answer(params));

describe('standardizeString', () => {
  it('drops spaces and ,./-_*^, lowercases, and turns single quotes into double', () => {
    assert.equal(standardizeString("April 1, 2024 - O'Hare_x*y^z/w."), 'april12024o"harexyzw');
  });
});

describe('checkCall (simple_function_checker)', () => {
  it('accepts a call whose string matches after standardisation', () => {
    assert.equal(check({ city: 'new york, NY' }, { city: ['New York NY'] }).valid, true);
  });
  it('wrong function name', () => {
    const result = checkCall(weather, call({ city: 'x' }, 'get_forecast'), answer({ city: ['x'] }));
    assert.equal(result.errorType, 'simple_function_checker:wrong_func_name');
  });
  it('missing required parameter', () => {
    assert.equal(
      check({ days: 2 }, { city: ['x'], days: [2] }).errorType,
      'simple_function_checker:missing_required',
    );
  });
  it('a parameter outside the schema, or outside the possible answer, is unexpected', () => {
    assert.equal(
      check({ city: 'x', color: 'red' }, { city: ['x'] }).errorType,
      'simple_function_checker:unexpected_param',
    );
    assert.equal(
      check({ city: 'x', days: 2 }, { city: ['x'] }).errorType,
      'simple_function_checker:unexpected_param',
    );
  });
  it('an int is accepted for a float parameter', () => {
    assert.equal(check({ city: 'x', threshold: 3 }, { city: ['x'], threshold: [3.0] }).valid, true);
  });
  it('a fraction for an integer parameter is a type error', () => {
    assert.equal(check({ city: 'x', days: 2.5 }, { city: ['x'], days: [2] }).errorType, 'type_error:simple');
  });
  it('a boolean is not an integer, even though Python has True == 1', () => {
    assert.equal(check({ city: 'x', days: true }, { city: ['x'], days: [1] }).errorType, 'type_error:simple');
  });
  it('a value outside the acceptable list is value_error:others', () => {
    assert.equal(
      check({ city: 'x', days: 3 }, { city: ['x'], days: [2, 4] }).errorType,
      'value_error:others',
    );
  });
  it('an optional parameter ("" in its list) may be left out; any other may not', () => {
    assert.equal(check({ city: 'x' }, { city: ['x'], days: [2, ''] }).valid, true);
    assert.equal(
      check({ city: 'x' }, { city: ['x'], days: [2] }).errorType,
      'simple_function_checker:missing_optional',
    );
  });
  it('strings are case-insensitive but must match one acceptable value', () => {
    assert.equal(check({ city: 'PARIS' }, { city: ['paris', 'Paris, France'] }).valid, true);
    assert.equal(check({ city: 'Lyon' }, { city: ['paris'] }).errorType, 'value_error:string');
  });
  it('lists are compared whole and in order, with string items standardised', () => {
    assert.equal(check({ city: 'x', hours: [1, 2] }, { city: ['x'], hours: [[1, 2]] }).valid, true);
    assert.equal(
      check({ city: 'x', hours: [2, 1] }, { city: ['x'], hours: [[1, 2]] }).errorType,
      'value_error:list/tuple',
    );
  });
  it('list items are type-checked one level deep', () => {
    const result = check({ city: 'x', hours: ['one'] }, { city: ['x'], hours: [[1]] });
    assert.equal(result.errorType, 'type_error:nested');
  });
  it('a "variable": a value of the possible answer type instead of the schema type is accepted', () => {
    // the possible answer holds a variable name for an integer parameter
    assert.equal(check({ city: 'x', days: 'num_days' }, { city: ['x'], days: ['num_days'] }).valid, true);
    assert.equal(
      check({ city: 'x', days: 'other' }, { city: ['x'], days: ['num_days'] }).errorType,
      'value_error:others',
    );
  });
  it('dicts: unexpected key, wrong value and missing key are errors; optional keys may be missing', () => {
    const acceptable = { filters: [{ kind: ['rain'], min: [1, ''] }] };
    assert.equal(check({ city: 'x', filters: { kind: 'Rain' } }, { city: ['x'], ...acceptable }).valid, true);
    assert.equal(
      check({ city: 'x', filters: { kind: 'rain', max: 2 } }, { city: ['x'], ...acceptable }).errorType,
      'value_error:dict_key',
    );
    assert.equal(
      check({ city: 'x', filters: { kind: 'snow' } }, { city: ['x'], ...acceptable }).errorType,
      'value_error:dict_value',
    );
    assert.equal(
      check({ city: 'x', filters: { min: 1 } }, { city: ['x'], ...acceptable }).errorType,
      'value_error:dict_key',
    );
  });
  it('lists of dicts are matched in order and by count', () => {
    const acceptable = { stops: [[{ name: ['a'] }, { name: ['b'] }]] };
    assert.equal(
      check({ city: 'x', stops: [{ name: 'a' }, { name: 'b' }] }, { city: ['x'], ...acceptable }).valid,
      true,
    );
    assert.equal(
      check({ city: 'x', stops: [{ name: 'b' }, { name: 'a' }] }, { city: ['x'], ...acceptable }).errorType,
      'value_error:dict_value',
    );
    assert.equal(
      check({ city: 'x', stops: [{ name: 'a' }] }, { city: ['x'], ...acceptable }).errorType,
      'value_error:list_dict_count',
    );
  });
  it('OpenAI-style number/object types map to float/dict', () => {
    const openai = describeTool({
      type: 'function',
      function: {
        name: 'f',
        parameters: { type: 'object', properties: { x: { type: 'number' } }, required: ['x'] },
      },
    });
    assert.equal(checkCall(openai, { name: 'f', arguments: { x: 2 } }, { f: { x: [2.0] } }).valid, true);
  });
});

describe('astCheck dispatch', () => {
  const describeByName = (name: string) => ({ ...weather, name });
  const paris = answer({ city: ['paris'] });
  const rome = answer({ city: ['rome'] });
  it('parallel: every expected call matches a distinct call, in any order', () => {
    const calls = [call({ city: 'Rome' }), call({ city: 'Paris' })];
    assert.equal(astCheck('parallel', describeByName, calls, [paris, rome]).valid, true);
  });
  it('parallel: a count mismatch, or two calls for one answer, fail', () => {
    assert.equal(
      astCheck('parallel', describeByName, [call({ city: 'paris' })], [paris, rome]).errorType,
      'parallel_function_checker_no_order:wrong_count',
    );
    assert.equal(
      astCheck('parallel', describeByName, [call({ city: 'paris' }), call({ city: 'paris' })], [paris, rome])
        .errorType,
      'parallel_function_checker_no_order:cannot_find_match',
    );
  });
  it('simple: exactly one call', () => {
    const twoCalls = [call({ city: 'paris' }), call({ city: 'paris' })];
    assert.equal(
      astCheck('simple', describeByName, twoCalls, [paris]).errorType,
      'simple_function_checker:wrong_count',
    );
  });
  it('multiple: one call, against the expected function', () => {
    assert.equal(
      astCheck('multiple', describeByName, [], [paris]).errorType,
      'multiple_function_checker:wrong_count',
    );
    assert.equal(astCheck('multiple', describeByName, [call({ city: 'paris' })], [paris]).valid, true);
  });
  it('irrelevance: valid only with no call; relevance: valid with any call', () => {
    assert.equal(astCheck('irrelevance', describeByName, [], []).valid, true);
    assert.equal(astCheck('irrelevance', describeByName, [call({ city: 'x' })], []).valid, false);
    assert.equal(astCheck('relevance', describeByName, [call({ city: 'x' })], []).valid, true);
  });
});
