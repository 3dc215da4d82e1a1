import { LruMap } from './lru-map';

describe('LruMap', () => {
  it('keeps the most recently used entries, a read counting as a use', () => {
    const map = new LruMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    expect(map.get('a')).toBe(1); // b is now the least recently used
    map.set('c', 3);
    expect([map.get('a'), map.get('b'), map.get('c')]).toEqual([1, undefined, 3]);
    map.delete('a');
    expect(map.get('a')).toBeUndefined();
  });
});
