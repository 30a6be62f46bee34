import { describe, expect, test } from 'vitest';
import { postWebhook, redactUrl, type HttpPoster } from './webhook.js';

/** A poster answering from a script: a status, or an error to throw. */
function scripted(answers: Array<number | Error>): { post: HttpPoster; calls: string[] } {
  const calls: string[] = [];
  const post: HttpPoster = (_url, body) => {
    calls.push(body);
    const a = answers.shift() ?? 200;
    return a instanceof Error ? Promise.reject(a) : Promise.resolve({ status: a });
  };
  return { post, calls };
}

describe('postWebhook', () => {
  test.each([
    { name: 'delivered at once', answers: [204], ok: true, attempts: 1, errors: [] },
    { name: 'a 500 then success', answers: [500, 200], ok: true, attempts: 2, errors: ['HTTP 500'] },
    { name: 'a timeout then success', answers: [new Error('timeout after 10 ms'), 200], ok: true, attempts: 2, errors: ['timeout after 10 ms'] },
    { name: 'failing every time', answers: [503, new Error('ECONNREFUSED'), 404], ok: false, attempts: 3, errors: ['HTTP 503', 'ECONNREFUSED', 'HTTP 404'] },
  ])('$name', async ({ answers, ok, attempts, errors }) => {
    const { post, calls } = scripted([...answers]);
    const waits: number[] = [];
    const r = await postWebhook('http://127.0.0.1:1/hook', { a: 1 }, post, { sleep: (ms) => { waits.push(ms); return Promise.resolve(); } });
    expect(r).toEqual({ ok, attempts, errors });
    expect(calls).toHaveLength(attempts);
    expect(calls[0]).toBe('{"a":1}');
    expect(waits).toEqual([1000, 2000].slice(0, attempts - 1));
  });

  test.each([
    { url: 'https://hooks.slack.com/services/T000/B000/SECRET', shown: 'https://hooks.slack.com/…' },
    { url: 'http://user:pw@127.0.0.1:8080/', shown: 'http://127.0.0.1:8080' },
    { url: 'not a url', shown: '(not a URL)' },
  ])('redacts $url', ({ url, shown }) => {
    expect(redactUrl(url)).toBe(shown);
  });
});
