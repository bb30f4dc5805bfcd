import { describe, expect, test } from 'vitest';
import {
  compileHeadersBinding,
  headersMatch,
  headersMatchMode,
  headerValueEquals,
  validateHeadersBindingArgs,
} from '../../engine/core/exchanges/headers-match.ts';
import type { FieldTable, FieldValue } from '../../engine/core/field-value.ts';

const bytes = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe('headers exchange matching', () => {
  describe('x-match modes (rabbit_exchange_type_headers.erl route/3, amqp-concepts l.246-270)', () => {
    const msg: FieldTable = { format: 'pdf', type: 'report', 'x-tenant': 'acme' };

    test.each<[title: string, args: FieldTable, headers: FieldTable | undefined, matches: boolean]>([
      ['all (the default) needs every pair', { format: 'pdf', type: 'report' }, msg, true],
      ['all fails when one value differs', { format: 'pdf', type: 'log' }, msg, false],
      ['all fails when one key is missing', { format: 'pdf', lang: 'en' }, msg, false],
      ['explicit all behaves like the default', { 'x-match': 'all', format: 'pdf', type: 'report' }, msg, true],
      ['any needs one pair', { 'x-match': 'any', format: 'zip', type: 'report' }, msg, true],
      ['any fails when no pair matches', { 'x-match': 'any', format: 'zip', type: 'log' }, msg, false],
      ['all ignores x- binding keys', { format: 'pdf', 'x-tenant': 'other' }, msg, true],
      ['any ignores x- binding keys', { 'x-match': 'any', 'x-tenant': 'acme', format: 'zip' }, msg, false],
      ['all-with-x compares x- keys', { 'x-match': 'all-with-x', format: 'pdf', 'x-tenant': 'other' }, msg, false],
      ['all-with-x matches x- keys', { 'x-match': 'all-with-x', format: 'pdf', 'x-tenant': 'acme' }, msg, true],
      ['any-with-x matches on an x- key alone', { 'x-match': 'any-with-x', 'x-tenant': 'acme', format: 'zip' }, msg, true],
      ['any-with-x never compares x-match itself', { 'x-match': 'any-with-x' }, { 'x-match': 'any-with-x' }, false],
      ['all with no compared keys matches everything', { 'x-match': 'all', 'x-foo': 1 }, msg, true],
      ['all with no arguments at all matches a message without headers', {}, undefined, true],
      ['any with no compared keys matches nothing', { 'x-match': 'any', 'x-foo': 1 }, { 'x-foo': 1 }, false],
      ['all-with-x with only x-match matches everything', { 'x-match': 'all-with-x' }, undefined, true],
      ['a message without headers fails an all binding with keys', { format: 'pdf' }, undefined, false],
      ['a message without headers fails an any binding', { 'x-match': 'any', format: 'pdf' }, undefined, false],
      ['a void binding value only needs the header present', { format: null }, { format: 'anything' }, true],
      ['a void binding value matches a void header', { format: null }, { format: null }, true],
      ['a void binding value fails when the header is absent', { format: null }, { type: 'x' }, false],
      ['a non-void binding value never equals a void header', { format: 'pdf' }, { format: null }, false],
      ['extra message headers do not matter', { type: 'report' }, { ...msg, extra: 1 }, true],
      ['an invalid x-match routes as all', { 'x-match': 'bogus', format: 'pdf', type: 'log' }, msg, false],
      ['inherited object properties are not headers', { constructor: null }, {}, false],
    ])('%s', (_title, args, headers, matches) => {
      expect(headersMatch(args, headers)).toBe(matches);
      expect(compileHeadersBinding(args)(headers)).toBe(matches);
    });

    test('reads the mode from x-match, defaulting to all', () => {
      expect(headersMatchMode({})).toBe('all');
      expect(headersMatchMode({ 'x-match': 'any-with-x' })).toBe('any-with-x');
      expect(headersMatchMode({ 'x-match': 7 })).toBe('all');
    });

    test('compiles once and matches many messages', () => {
      const matcher = compileHeadersBinding({ 'x-match': 'any', a: 1, b: 'two' });
      expect([{ a: 1 }, { b: 'two' }, { a: 2 }, {}, undefined].map((h) => matcher(h))).toEqual([true, true, false, false, false]);
    });
  });

  describe('value comparison (Erlang =:= on the untyped terms)', () => {
    test.each<[title: string, binding: FieldValue, header: FieldValue, equal: boolean]>([
      ['integers of different widths are equal by value', { $type: 'int8', value: 5 }, { $type: 'int64', value: 5n }, true],
      ['a plain number equals a typed integer', 5, { $type: 'int32', value: 5 }, true],
      ['a bigint equals the same plain number', 5n, 5, true],
      ['a timestamp equals the same integer', { $type: 'timestamp', value: 1000 }, 1000, true],
      ['an integer never equals a float', { $type: 'int32', value: 1 }, { $type: 'double', value: 1 }, false],
      ['float and double with the same value are equal', { $type: 'float', value: 1.5 }, { $type: 'double', value: 1.5 }, true],
      ['decimals compare scale and digits', { $type: 'decimal', scale: 2, value: 150 }, { $type: 'decimal', scale: 1, value: 15 }, false],
      ['equal decimals are equal whatever the key order', { value: 150, scale: 2, $type: 'decimal' }, { $type: 'decimal', scale: 2, value: 150 }, true],
      ['a decimal never equals a number', { $type: 'decimal', scale: 0, value: 1 }, 1, false],
      ['a longstr equals a byte array with the same bytes', 'pdf', bytes('pdf'), true],
      ['a byte array equals a longstr with the same bytes', bytes('pdf'), 'pdf', true],
      ['a non-ASCII longstr equals its UTF-8 bytes', 'é', Uint8Array.of(0xc3, 0xa9), true],
      ['a string never equals a number', '1', 1, false],
      ['a boolean never equals a number', true, 1, false],
      ['strings are case sensitive', 'PDF', 'pdf', false],
      ['nested tables compare structurally', { a: [1, 'x'] }, { a: [1, 'x'] }, true],
      ['arrays of different length differ', [1, 2], [1], false],
    ])('%s', (_title, binding, header, equal) => {
      expect(headerValueEquals(binding, header)).toBe(equal);
      expect(headersMatch({ k: binding }, { k: header })).toBe(equal);
    });
  });

  describe('binding validation (validate_binding/2 wording)', () => {
    test.each<[title: string, args: FieldTable]>([
      ['accepts a binding without x-match', { format: 'pdf' }],
      ['accepts all', { 'x-match': 'all' }],
      ['accepts any', { 'x-match': 'any' }],
      ['accepts all-with-x', { 'x-match': 'all-with-x' }],
      ['accepts any-with-x', { 'x-match': 'any-with-x' }],
    ])('%s', (_title, args) => {
      expect(validateHeadersBindingArgs(args)).toBeUndefined();
    });

    test.each<[title: string, xMatch: FieldValue, text: string]>([
      ['rejects an unknown mode', 'bogus', 'Invalid x-match field value <<"bogus">>; expected all, any, all-with-x, or any-with-x'],
      ['rejects a mode in the wrong case', 'ALL', 'Invalid x-match field value <<"ALL">>; expected all, any, all-with-x, or any-with-x'],
      ['rejects an empty mode', '', 'Invalid x-match field value <<>>; expected all, any, all-with-x, or any-with-x'],
      ['rejects a near miss', 'al', 'Invalid x-match field value <<"al">>; expected all, any, all-with-x, or any-with-x'],
      ['marks a UTF-8 mode as such', 'tôut', 'Invalid x-match field value <<"tôut"/utf8>>; expected all, any, all-with-x, or any-with-x'],
      ['rejects a byte', { $type: 'int8', value: 1 }, 'Invalid x-match field type byte (value 1); expected longstr'],
      ['rejects an integer', 1, 'Invalid x-match field type signedint (value 1); expected longstr'],
      ['rejects a large integer as long', 2 ** 40, 'Invalid x-match field type long (value 1099511627776); expected longstr'],
      ['rejects a double', 1.5, 'Invalid x-match field type double (value 1.5); expected longstr'],
      ['rejects a boolean', true, 'Invalid x-match field type bool (value true); expected longstr'],
      ['rejects void', null, 'Invalid x-match field type void (value undefined); expected longstr'],
      ['rejects a byte array', bytes('all'), 'Invalid x-match field type binary (value <<"all">>); expected longstr'],
      ['rejects a decimal', { $type: 'decimal', scale: 2, value: 150 }, 'Invalid x-match field type decimal (value {2,150}); expected longstr'],
      ['rejects an array', ['all'], 'Invalid x-match field type array (value [{longstr,<<"all">>}]); expected longstr'],
      ['rejects a table', { mode: 'all' }, 'Invalid x-match field type table (value [{<<"mode">>,longstr,<<"all">>}]); expected longstr'],
    ])('%s', (_title, xMatch, text) => {
      expect(validateHeadersBindingArgs({ 'x-match': xMatch, format: 'pdf' })).toBe(text);
    });
  });
});
