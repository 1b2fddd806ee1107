package kvcache.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import kvcache.kit.model.ModelConfig;
import kvcache.kit.testing.PropertyTests;
import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

@DisplayName("3.1 The KV cache")
class KVCacheTest {

    /** 2 layers, 2 kv heads of size 4 (kvDim 8), 16 positions. */
    private static final ModelConfig CONFIG = ModelConfig.builder()
            .dim(16).hiddenDim(8).nLayers(2).nHeads(4).nKvHeads(2).vocabSize(10).seqLen(16)
            .build();

    /** Returns a row of kvDim values that encode where it was written: {@code 1000 * layer + 10 * position + i}. */
    private static float[] row(int layer, int position, int kvDim, int salt) {
        float[] row = new float[kvDim];
        for (int i = 0; i < kvDim; i++) {
            row[i] = 1000f * layer + 10f * position + i + 0.5f * salt;
        }
        return row;
    }

    /** Writes one position in every layer (keys with salt 0, values with salt 1) and advances once. */
    private static void writeStep(KVCache cache) {
        int position = cache.length();
        for (int layer = 0; layer < cache.nLayers(); layer++) {
            cache.put(layer, row(layer, position, cache.kvDim(), 0), row(layer, position, cache.kvDim(), 1));
        }
        cache.advance(1);
    }

    @Test
    @DisplayName("A new cache is empty and sized by the model")
    void newCacheEmpty() {
        KVCache cache = new KVCache(CONFIG);

        assertThat(cache.length()).as("length").isZero();
        assertThat(cache.capacity()).as("capacity = seqLen").isEqualTo(16);
        assertThat(cache.nLayers()).as("nLayers").isEqualTo(2);
        assertThat(cache.kvDim()).as("kvDim = nKvHeads * headSize").isEqualTo(8);
    }

    @Test
    @DisplayName("A row put in every layer and advanced once reads back exactly")
    void putAdvanceReadBack() {
        KVCache cache = new KVCache(CONFIG);

        writeStep(cache);
        writeStep(cache);

        assertThat(cache.length()).as("length after two steps").isEqualTo(2);
        assertThat(cache.key(1, 1, 3)).as("key(layer 1, position 1, index 3)").isEqualTo(1013f);
        assertThat(cache.value(0, 1, 2)).as("value(layer 0, position 1, index 2)").isEqualTo(12.5f);
        assertThat(cache.keys(1).data).as("keys(1), row-major (2, kvDim)")
                .containsExactly(concat(row(1, 0, 8, 0), row(1, 1, 8, 0)));
        assertThat(cache.values(0).numRows).as("rows of values(0)").isEqualTo(2);
    }

    @Test
    @DisplayName("A pending row is readable before advance but not counted")
    void pendingRowReadable() {
        KVCache cache = new KVCache(CONFIG);
        writeStep(cache);

        cache.put(0, row(0, 1, 8, 0), row(0, 1, 8, 1));

        assertThat(cache.length()).as("length before advance").isEqualTo(1);
        assertThat(cache.key(0, 1, 0)).as("pending key of layer 0 at position 1").isEqualTo(10f);
        assertThat(cache.keys(0).numRows).as("rows of keys(0): one cached, one pending").isEqualTo(2);
        assertThat(cache.keys(1).numRows).as("rows of keys(1): layer 1 has nothing pending").isEqualTo(1);
    }

    @Test
    @DisplayName("A row of zeros is an entry like any other")
    void zeroRowCounts() {
        KVCache cache = new KVCache(CONFIG);

        for (int layer = 0; layer < 2; layer++) {
            cache.put(layer, new float[8], new float[8]);
        }
        cache.advance(1);
        writeStep(cache);

        assertThat(cache.length()).as("length after a zero row and a non-zero row").isEqualTo(2);
        assertThat(cache.key(0, 0, 0)).as("the zero key at position 0").isZero();
        assertThat(cache.key(0, 1, 0)).as("the next step wrote position 1, not position 0").isEqualTo(10f);
    }

    @Test
    @DisplayName("Advancing before every layer has its row is an error")
    void advanceBeforeAllLayers() {
        KVCache cache = new KVCache(CONFIG);
        cache.put(0, row(0, 0, 8, 0), row(0, 0, 8, 1));

        assertThatThrownBy(() -> cache.advance(1))
                .as("advance with layer 1 missing, the bug of advancing once per layer")
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("layer 1");
        assertThat(cache.length()).as("length after the rejected advance").isZero();
    }

    @Test
    @DisplayName("A cache fills to exactly its capacity, and one more put names both")
    void fillToCapacity() {
        KVCache cache = new KVCache(CONFIG);
        for (int step = 0; step < 16; step++) {
            writeStep(cache);
        }
        assertThat(cache.length()).as("length when full").isEqualTo(16);
        assertThat(cache.key(1, 15, 7)).as("last element of the last row").isEqualTo(1157f);

        assertThatThrownBy(() -> cache.put(0, row(0, 16, 8, 0), row(0, 16, 8, 1)))
                .as("put at position 16 of a 16-position cache")
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("16")
                .hasMessageContaining("capacity");
        assertThat(cache.length()).as("length after the rejected put").isEqualTo(16);
    }

    @Test
    @DisplayName("Putting more rows than fit is an error and writes nothing")
    void putMatrixPastCapacity() {
        KVCache cache = new KVCache(CONFIG);
        writeStep(cache);

        assertThatThrownBy(() -> cache.put(0, new FMatrixRMaj(16, 8), new FMatrixRMaj(16, 8)))
                .as("16 rows on top of 1 in a 16-position cache")
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("16")
                .hasMessageContaining("capacity");
        assertThat(cache.keys(0).numRows).as("rows of keys(0) after the rejected put").isEqualTo(1);
    }

    @Test
    @DisplayName("Matrix put writes consecutive positions from the length")
    void putMatrix() {
        KVCache cache = new KVCache(CONFIG);
        writeStep(cache);
        FMatrixRMaj keys = new FMatrixRMaj(3, 8);
        FMatrixRMaj values = new FMatrixRMaj(3, 8);
        keys.set(2, 5, 7f);
        values.set(1, 0, -3f);

        for (int layer = 0; layer < 2; layer++) {
            cache.put(layer, keys, values);
        }
        cache.advance(3);

        assertThat(cache.length()).as("length after 1 + 3 positions").isEqualTo(4);
        assertThat(cache.key(1, 3, 5)).as("row 2 of the matrix lands at position 1 + 2").isEqualTo(7f);
        assertThat(cache.value(0, 2, 0)).as("row 1 of the matrix lands at position 1 + 1").isEqualTo(-3f);
        assertThat(cache.key(0, 0, 3)).as("position 0 is untouched").isEqualTo(3f);
    }

    @Test
    @DisplayName("Truncate rolls back, and the next step overwrites the dropped rows")
    void truncateRollsBack() {
        KVCache cache = new KVCache(CONFIG);
        for (int step = 0; step < 5; step++) {
            writeStep(cache);
        }

        cache.truncate(2);

        assertThat(cache.length()).as("length after truncate(2)").isEqualTo(2);
        assertThat(cache.key(1, 1, 0)).as("kept row at position 1").isEqualTo(1010f);
        assertThatThrownBy(() -> cache.key(0, 2, 0))
                .as("reading dropped position 2")
                .isInstanceOf(IllegalArgumentException.class);

        for (int layer = 0; layer < 2; layer++) {
            cache.put(layer, new float[8], new float[8]);
        }
        cache.advance(1);
        assertThat(cache.key(0, 2, 4)).as("position 2 rewritten with zeros").isZero();
        assertThat(cache.keys(0).numRows).as("rows after rewriting position 2").isEqualTo(3);
    }

    @Test
    @DisplayName("Truncate rejects a length outside 0 to length()")
    void truncateInvalid() {
        KVCache cache = new KVCache(CONFIG);
        writeStep(cache);

        assertThatThrownBy(() -> cache.truncate(2))
                .as("truncate(2) on a cache of length 1")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2");
        assertThatThrownBy(() -> cache.truncate(-1))
                .as("truncate(-1)")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    @Test
    @DisplayName("Reset empties the cache for a new sequence")
    void resetEmpties() {
        KVCache cache = new KVCache(CONFIG);
        for (int step = 0; step < 3; step++) {
            writeStep(cache);
        }

        cache.reset();

        assertThat(cache.length()).as("length after reset").isZero();
        assertThat(cache.keys(0).numRows).as("rows of keys(0) after reset").isZero();
        writeStep(cache);
        assertThat(cache.length()).as("length after one more step").isEqualTo(1);
    }

    @Test
    @DisplayName("Bytes are 2 x layers x kvDim x 4 per position")
    void bytes() {
        KVCache cache = new KVCache(CONFIG);

        // By hand: 2 (key and value) x 2 layers x 8 floats (2 kv heads x head size 4) x 4 bytes = 128.
        assertThat(cache.bytesPerToken()).as("bytesPerToken").isEqualTo(128L);
        // 16 positions x 128 bytes = 2048.
        assertThat(cache.bytes()).as("bytes for the whole capacity").isEqualTo(2048L);
    }

    @Test
    @DisplayName("stories260K's cache takes 1280 bytes per token")
    void bytesOfStories260K() {
        // The header of stories260K.bin: dim 64, hidden 172, 5 layers, 8 heads, 4 kv heads,
        // vocabulary 512, seqLen 512. So headSize = 64 / 8 = 8 and kvDim = 4 * 8 = 32.
        ModelConfig stories = ModelConfig.builder()
                .dim(64).hiddenDim(172).nLayers(5).nHeads(8).nKvHeads(4).vocabSize(512).seqLen(512)
                .build();
        KVCache cache = new KVCache(stories);

        // By hand: 2 x 5 layers x 4 kv heads x 8 x 4 bytes = 1280; 512 positions x 1280 = 655360 (640 KiB).
        assertThat(cache.bytesPerToken()).as("bytesPerToken").isEqualTo(1280L);
        assertThat(cache.bytes()).as("bytes for 512 positions").isEqualTo(655_360L);
    }

    @Test
    @DisplayName("keys() returns a copy that does not write through")
    void keysCopy() {
        KVCache cache = new KVCache(CONFIG);
        writeStep(cache);

        cache.keys(0).set(0, 0, 99f);
        cache.values(0).set(0, 0, 99f);

        assertThat(cache.key(0, 0, 0)).as("key after changing the copy").isEqualTo(0f);
        assertThat(cache.value(0, 0, 0)).as("value after changing the copy").isEqualTo(0.5f);
    }

    @Test
    @DisplayName("Bad layer, width or position is rejected")
    void badArguments() {
        KVCache cache = new KVCache(CONFIG);

        assertThatThrownBy(() -> cache.put(2, new float[8], new float[8]))
                .as("layer 2 of a 2-layer cache").isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2");
        assertThatThrownBy(() -> cache.put(0, new float[7], new float[8]))
                .as("a key of 7 floats for kvDim 8").isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("7");
        assertThatThrownBy(() -> cache.key(0, 0, 0))
                .as("reading position 0 of an empty cache").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cache.advance(0))
                .as("advance(0)").isInstanceOf(IllegalArgumentException.class);
    }

    /** One operation on a cache: a step of {@code rows} positions, a truncate, or a reset. */
    private record Operation(String kind, int amount) {
        @Override
        public String toString() {
            return kind + "(" + amount + ")";
        }
    }

    private static Gen<List<Operation>> operations() {
        return in -> {
            int count = Generate.range(1, 30).generate(in);
            List<Operation> list = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int kind = Generate.range(0, 5).generate(in);
                int amount = Generate.range(1, 8).generate(in);
                String name = "step";
                if (kind == 4) {
                    name = "truncateBy";
                } else if (kind == 5) {
                    name = "reset";
                }
                list.add(new Operation(name, amount));
            }
            return list;
        };
    }

    @Test
    @DisplayName("Under any operations the cache behaves like a list of rows")
    void behavesLikeListOfRows() {
        PropertyTests.qt(200).forAll(Cases.configs(1), operations()).checkAssert((config, ops) -> {
            KVCache cache = new KVCache(config);
            List<float[][]> expected = new ArrayList<>(); // per position and layer: the key row; the value is key + 0.5
            int kvDim = config.kvDim();

            for (Operation op : ops) {
                switch (op.kind()) {
                    case "step" -> {
                        int rows = Math.min(op.amount(), cache.capacity() - cache.length());
                        if (rows == 0) {
                            continue;
                        }
                        int first = cache.length();
                        for (int layer = 0; layer < config.nLayers(); layer++) {
                            FMatrixRMaj keys = new FMatrixRMaj(rows, kvDim);
                            for (int r = 0; r < rows; r++) {
                                System.arraycopy(row(layer, first + r, kvDim, 0), 0, keys.data, r * kvDim, kvDim);
                            }
                            FMatrixRMaj values = keys.copy();
                            for (int i = 0; i < values.data.length; i++) {
                                values.data[i] += 0.5f;
                            }
                            cache.put(layer, keys, values);
                        }
                        cache.advance(rows);
                        for (int r = 0; r < rows; r++) {
                            float[][] perLayer = new float[config.nLayers()][];
                            for (int layer = 0; layer < config.nLayers(); layer++) {
                                perLayer[layer] = row(layer, first + r, kvDim, 0);
                            }
                            expected.add(perLayer);
                        }
                    }
                    case "truncateBy" -> {
                        int newLength = Math.max(0, cache.length() - op.amount());
                        cache.truncate(newLength);
                        expected.subList(newLength, expected.size()).clear();
                    }
                    default -> {
                        cache.reset();
                        expected.clear();
                    }
                }

                assertThat(cache.length()).as("length after %s", op).isEqualTo(expected.size());
                for (int layer = 0; layer < config.nLayers(); layer++) {
                    FMatrixRMaj keys = cache.keys(layer);
                    FMatrixRMaj values = cache.values(layer);
                    assertThat(keys.numRows).as("rows of keys(%d) after %s", layer, op).isEqualTo(expected.size());
                    for (int t = 0; t < expected.size(); t++) {
                        float[] key = Checks.row(keys, t);
                        assertThat(key).as("key of layer %d at position %d after %s", layer, t, op)
                                .isEqualTo(expected.get(t)[layer]);
                        float[] value = expected.get(t)[layer].clone();
                        for (int i = 0; i < kvDim; i++) {
                            value[i] += 0.5f;
                        }
                        assertThat(Checks.row(values, t)).as("value of layer %d at position %d after %s",
                                layer, t, op).isEqualTo(value);
                    }
                }
            }
        });
    }

    private static float[] concat(float[] a, float[] b) {
        float[] all = new float[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
