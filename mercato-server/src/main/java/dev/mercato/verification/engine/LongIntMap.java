package dev.mercato.verification.engine;

import java.util.Arrays;

/** An open-addressing map from long keys to int values (no boxing): the language model's count tables. */
final class LongIntMap {

    private static final long EMPTY = Long.MIN_VALUE;
    private long[] keys;
    private int[] values;
    private int size;
    private int mask;

    LongIntMap(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new long[capacity];
        Arrays.fill(keys, EMPTY);
        values = new int[capacity];
        mask = capacity - 1;
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        int i = (int) (h ^ (h >>> 32)) & mask;
        while (keys[i] != EMPTY && keys[i] != key) {
            i = (i + 1) & mask;
        }
        return i;
    }

    /** The value of key, or -1 when absent. */
    int get(long key) {
        int i = slot(key);
        return keys[i] == EMPTY ? -1 : values[i];
    }

    /** Adds delta to the key's value (absent counts as 0); returns the new value. */
    int add(long key, int delta) {
        int i = slot(key);
        if (keys[i] == EMPTY) {
            insert(i, key, delta);
            return delta;
        }
        values[i] += delta;
        return values[i];
    }

    /** Puts a value only when the key is absent; returns the key's value afterwards. */
    int putIfAbsent(long key, int value) {
        int i = slot(key);
        if (keys[i] == EMPTY) {
            insert(i, key, value);
            return value;
        }
        return values[i];
    }

    private void insert(int slot, long key, int value) {
        keys[slot] = key;
        values[slot] = value;
        if (++size * 2 > keys.length) {
            grow();
        }
    }

    int size() {
        return size;
    }

    interface Visitor {
        void visit(long key, int value);
    }

    void forEach(Visitor visitor) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != EMPTY) {
                visitor.visit(keys[i], values[i]);
            }
        }
    }

    /** The keys in ascending order. */
    long[] sortedKeys() {
        long[] out = new long[size];
        int n = 0;
        for (long key : keys) {
            if (key != EMPTY) {
                out[n++] = key;
            }
        }
        Arrays.sort(out);
        return out;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        Arrays.fill(keys, EMPTY);
        values = new int[oldKeys.length * 2];
        mask = keys.length - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                int j = slot(oldKeys[i]);
                keys[j] = oldKeys[i];
                values[j] = oldValues[i];
            }
        }
    }
}
